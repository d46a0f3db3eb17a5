"""A 高明区 officer's interview walked through: it is held because a lead (complaints about a business's marketing
SMS) points at the business, so the interview names the lead (found by number or business) and the lead shows the
interview; it is scheduled from the command line before it is held (已安排: its notice may be issued, its 约谈记录
not yet) and held after (已约谈), the page and `interviews list` filtering by state; the notice prints the contact
phone typed once; Ctrl+N on the 约谈 page opens a new interview; an unknown interview id says where the ids are."""

import datetime as dt
from dataclasses import replace

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from tests.helpers import copy_station_and_hq, open_db, pdf_text, run, run_json
from ui.case_dialog import CaseDialog
from ui.interview_dialog import InterviewDialog
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import issue_interview_document
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Interview, today
from workstation.store.interviews import (
    find_leads,
    get_interview,
    interview_state,
    interviews_of_lead,
    mark_held,
    save_interview,
)

LEAD = "7108eccf-8534-56a1-abef-0ee9dbca5fa8"  # the demo's lead on 075781811641, 杨和翎峪装饰设计工作室
NANHAI_LEAD = "9fb79491-852f-57cd-912d-ea663f55e51f"  # a lead of the demo assigned to the Nanhai bureau
STUDIO = "佛山市高明区杨和翎峪装饰设计工作室"  # an individual business of the demo
STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def interview_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]


def add(capsys, data_dir, *options):
    return run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", *options)


# the lead -----------------------------------------------------------------------------------------------------
def test_the_lead_is_found_by_its_number_written_any_way_or_by_the_business(demo_db):
    assert LEAD in [lead.id for lead in find_leads(demo_db, "0757-8181 1641")]
    assert LEAD in [lead.id for lead in find_leads(demo_db, "杨和翎峪")]
    assert find_leads(demo_db, "没有这样的商家") == []


def test_an_interview_names_its_lead_and_the_lead_lists_the_interview(demo_db):
    saved = save_interview(demo_db, Interview(agency_id=_gaoming(demo_db), held_on=day(-1), subject="约谈工作室",
                                              party_ids=[STUDIO_ID], lead_id=LEAD))
    assert get_interview(demo_db, saved.id).lead_id == LEAD
    assert [i.id for i in interviews_of_lead(demo_db, LEAD)] == [saved.id]
    before = interview_count(demo_db)
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(saved, id=Interview(agency_id="", held_on="", subject="").id, lead_id="nope"))
    assert "lead_id" in refused.value.errors and interview_count(demo_db) == before


def _gaoming(db) -> str:
    return db.execute("SELECT id FROM agencies WHERE code = '440608'").fetchone()[0]


# scheduled and held on the command line -------------------------------------------------------------------------
def test_an_interview_is_scheduled_on_the_command_line_and_its_record_waits_until_it_was_held(
        demo_db, data_dir, capsys, tmp_path, english):
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                     "--date", day(3), "--time", "下午3时", "--place", "高明区市场监督管理局三楼会议室", "--topics", "用户投诉反映发送营销短信",
                     "--officer", "李明:科长", "--officer", "黄晓:科员", "--lead", "0757-81811641",
                     "--contact-phone", "0757-88283456")
    interview = get_interview(demo_db, added["id"])
    assert added["state"] == "scheduled" and interview.lead_id == LEAD and interview.party_ids == [STUDIO_ID]
    assert [a["name"] for a in interview.attendees] == ["李明", "黄晓"] and interview.place.startswith("高明区")
    scheduled = run_json(capsys, "interviews", "list", "--data-dir", data_dir, "--state", "scheduled")
    assert [r["id"] for r in scheduled] == [added["id"]] and scheduled[0]["lead_id"] == LEAD
    assert added["id"] not in [r["id"] for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir,
                                                         "--state", "held")]
    notice = tmp_path / "notice.pdf"
    run_json(capsys, "interviews", "issue", added["id"], "--data-dir", data_dir, "--form", "interview_notice",
             "-o", notice)
    assert "联系电话：0757-88283456" in pdf_text(notice.read_bytes())
    assert f"{day(3)[:4]}年" in pdf_text(notice.read_bytes()) and "下午3时。" in pdf_text(notice.read_bytes())
    code, _out, err = run(capsys, "interviews", "issue", added["id"], "--data-dir", data_dir, "--form",
                          "interview_record", "-o", tmp_path / "record.pdf")
    assert code == 1 and "scheduled, not held yet" in err and not (tmp_path / "record.pdf").exists()
    code, _out, err = run(capsys, "interviews", "held", added["id"], "--data-dir", data_dir)
    assert code == 1 and "still to come" in err and interview_state(get_interview(demo_db, added["id"])) == "scheduled"


def test_a_scheduled_interview_once_held_gives_its_record(demo_db, data_dir, english):
    staff = {"name": "李明", "organisation": "佛山市高明区市场监督管理局", "post": "科长"}
    interview = save_interview(demo_db, Interview(agency_id=_gaoming(demo_db), held_on=day(-1), subject="约谈工作室",
                                                  party_ids=[STUDIO_ID], status="scheduled",
                                                  attendees=[staff, {"name": "王五", "post": "经营者"}],
                                                  place="二楼会议室"))
    record = find_form("interview_record")
    with pytest.raises(WorkstationError, match="scheduled, not held yet"):
        issue_interview_document(demo_db, data_dir, interview, record)
    held = mark_held(demo_db, interview.id)
    assert interview_state(held) == "held"
    # the end time and the issues are written before issuing (a draft may leave them blank)
    given = {"time_to": "11时00分", "issues": "发送营销短信的问题"}
    assert issue_interview_document(demo_db, data_dir, held, record, given).title == "约谈记录"
    # a date still to come is scheduled whatever was asked (one without its record: an issued record keeps it held)
    ahead = save_interview(demo_db, replace(held, id=Interview(agency_id="", held_on="", subject="").id,
                                            held_on=day(5), status="held"))
    assert ahead.status == "scheduled" and interview_state(ahead) == "scheduled"
    with pytest.raises(WorkstationError, match="约谈记录"):
        save_interview(demo_db, replace(held, held_on=day(5), status="held"))


@pytest.mark.parametrize(("option", "value", "named"), [
    ("--date", "2026-13-40", "--date"), ("--party", "没有这个当事人", "--party"), ("--lead", "13900000000", "--lead"),
    ("--contact-phone", "找李科长", "--contact-phone")])
def test_a_refused_interview_names_the_option_and_adds_nothing(demo_db, data_dir, capsys, option, value, named):
    options = {"--party": STUDIO, "--date": day(3), "--lead": LEAD, "--contact-phone": "0757-88283456"}
    options[option] = value
    before = interview_count(demo_db)
    code, out, err = add(capsys, data_dir, *[x for pair in options.items() for x in pair])
    assert code == 1 and out == "" and err.count("\n") == 1 and named in err
    assert interview_count(demo_db) == before


def test_the_contact_phone_typed_once_is_offered_for_the_next_interview(demo_db, data_dir, capsys, qtbot, prompts):
    first = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                     "--date", day(2), "--contact-phone", "0757-88283456")
    second = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                      "--date", day(4))
    assert first["contact_phone"] == second["contact_phone"] == "0757-88283456"
    demo_db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('station_agency', ?)", [_gaoming(demo_db)])
    dialog = InterviewDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.contact_phone.text() == "0757-88283456"


def test_an_unknown_interview_says_where_the_ids_are(demo_db, data_dir, capsys):
    code, _out, err = run(capsys, "interviews", "follow-up", "nope", "--data-dir", data_dir, "--on", today(),
                          "--result", "已整改")
    assert code == 1 and "`interviews list`" in err


# the window ----------------------------------------------------------------------------------------------------
def test_the_dialog_links_the_lead_found_and_the_page_shows_state_and_lead(demo_db, make_window, prompts, qtbot,
                                                                           english):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    dialog = InterviewDialog(demo_db, prompts, parent=page)
    # held by the agency the lead is assigned to: another agency's lead is refused (s58)
    dialog.agency.setCurrentIndex(dialog.agency.findData(_gaoming(demo_db)))
    dialog.subject.setText("约谈杨和翎峪装饰设计工作室")
    dialog.add_party(STUDIO_ID)
    dialog.dates["held_on"].setText(day(6))
    assert not dialog.held.isEnabled() and not dialog.held.isChecked()
    dialog.lead_search.setText("0757-81811641")
    assert dialog.lead_choices.count() == 1 and "杨和翎峪" in dialog.lead_choices.item(0).text()
    assert "81811641" not in dialog.lead_choices.item(0).text()  # the number masked, as in every list
    dialog._link_found_lead()
    assert "杨和翎峪" in dialog.lead_chosen.text()
    dialog.save()
    saved = dialog.saved_interview
    assert saved is not None and saved.lead_id == LEAD and saved.status == "scheduled"
    page.refresh(select=saved.id)
    state_column = next(c for c in range(page.model.columnCount())
                        if page.model.headerData(c, Qt.Orientation.Horizontal) == "State")
    row = [r.interview.id for r in page.model.records].index(saved.id)
    assert page.model.index(row, state_column).data() == "Scheduled"  # English mode: the state as vocabulary_en names it
    assert not page.buttons["interview_record"].isEnabled()
    assert "scheduled, not held yet" in page.buttons["interview_record"].toolTip()
    page.state_filter.setCurrentIndex(page.state_filter.findData("held"))
    assert saved.id not in [r.interview.id for r in page.model.records] and page.model.rowCount() == 7
    page.state_filter.setCurrentIndex(page.state_filter.findData("scheduled"))
    assert [r.interview.id for r in page.model.records] == [saved.id]
    window.navigation.setCurrentRow(1)
    leads = window.leads_page
    leads.select(LEAD)
    assert f"约谈 {day(6)}" in leads.detail.toPlainText() or f"Interview {day(6)}" in leads.detail.toPlainText()


@pytest.mark.gui
def test_ctrl_n_on_the_interviews_page_opens_a_new_interview_and_elsewhere_a_new_case(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.fill_menus()
    new_case, new_interview = (window.findChild(QAction, n) for n in ("new_case", "new_interview"))
    window.go_to_page(2)
    assert QKeySequence("Ctrl+N") in new_interview.shortcuts() and not new_case.shortcuts()
    assert new_interview.toolTip().endswith("(Ctrl+N)")
    opened = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        opened.append(type(dialog))
        dialog.reject()

    QTimer.singleShot(0, close_it)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == [InterviewDialog]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_to_page(0)
    assert QKeySequence("Ctrl+N") in new_case.shortcuts() and not new_interview.shortcuts()
    QTimer.singleShot(0, close_it)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == [InterviewDialog, CaseDialog]


# bundles -------------------------------------------------------------------------------------------------------
def test_headquarters_keeps_the_lead_state_and_phone_of_a_merged_interview(station_and_hq_template, tmp_path,
                                                                          capsys):
    dirs = copy_station_and_hq(station_and_hq_template(), tmp_path)
    station = dirs / "station"
    # a lead of the Nanhai station's own bureau: another agency's is refused (s58)
    added = run_json(capsys, "interviews", "add", "--data-dir", station, "--party", STUDIO, "--date", day(3),
                     "--lead", NANHAI_LEAD, "--contact-phone", "0757-88283456")
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "one.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    hq = open_db(dirs / "hq")
    try:
        row = hq.execute("SELECT lead_id, contact_phone, status FROM interviews WHERE id = ?", [added["id"]]).fetchone()
        assert tuple(row) == (NANHAI_LEAD, "0757-88283456", "scheduled")
    finally:
        hq.conn.close()


def test_the_statistics_count_an_interview_once_it_was_held_not_while_it_is_scheduled(demo_db, data_dir):
    """A scheduled interview was counted in stats, the evaluation table and the campaign report as if held."""
    from workstation.stats import bureau_table, campaign_stats

    def counted():
        total = next(r for r in bureau_table(demo_db) if r["kind"] == "total")
        return campaign_stats(demo_db)["interviews"], total["interviews"]

    before = counted()
    staff = {"name": "李明", "organisation": "佛山市高明区市场监督管理局", "post": "科长"}
    interview = save_interview(demo_db, Interview(agency_id=_gaoming(demo_db), held_on=day(-1), subject="约谈工作室",
                                                  party_ids=[STUDIO_ID], status="scheduled", attendees=[staff]))
    save_interview(demo_db, Interview(agency_id=_gaoming(demo_db), held_on=day(4), subject="约谈工作室",
                                      party_ids=[STUDIO_ID], attendees=[staff]))
    assert counted() == before
    mark_held(demo_db, interview.id)
    assert counted() == (before[0] + 1, before[1] + 1)
