# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A named report (实名举报; 投诉举报处理暂行办法 art. 31: "举报人实名举报的 … 五个工作日内告知举报人") is one whose reporter
gave their name with a way to be reached — a phone or a postal address — as the lead dialog says: a report registered
with only the reporter's number and no name is not named, so it has no deadline to tell the reporter (T24) on the
deadline board nor on the leads page, and no 举报处理结果告知书, while the same report with the reporter's name has
both. The board (``clocks.NAMED_REPORTER``, SQL) and the page and documents (``leads_workflow.named_reporter``)
agree for every mix of name, phone and address; the dialog says, as the officer types, whether the report is named."""

from __future__ import annotations

import itertools

import pytest

from tests.helpers import open_db
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401
from tests.test_t24_reporter import a_bureaus_station
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import TransitionRefused, WorkstationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    decide_lead,
    draft_lead_document,
    get_lead_row,
    named_reporter,
    report_notice_refusal,
    reporter_refusal,
    tell_reporter,
)

NAME, PHONE, ADDRESS = "李四", "13800138000", "佛山市南海区桂城街道南海大道北88号"


def a_report(db, name: str = "", phone: str = "", address: str = "") -> str:
    """A report (举报) registered by hand on Mon 2026-09-21 with what the reporter gave, not filed on 2026-09-30 (at a
    station of 禅城区局 unless the station has an agency: a bureau to issue its 不予立案审批表)."""
    a_bureaus_station(db)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone=phone, reporter_name=name, reporter_address=address)).id
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    return lead


def t24_of(db, lead_id: str, on: str = "2026-10-09") -> list[clocks.Deadline]:
    return [d for d in clocks.board(db, on=on) if d.lead_id == lead_id and d.clock == "T24"]


def test_a_report_with_only_the_reporters_number_has_no_t24_and_no_letter(db, english):
    lead = a_report(db, phone=PHONE)
    row = get_lead_row(db, lead)
    assert row["complainant_phone"] == PHONE and row["reporter_name"] == ""  # the number is kept all the same
    assert t24_of(db, lead) == [] and t24_of(db, lead, "2026-10-14") == []  # never overdue
    for refusal in (reporter_refusal(row), report_notice_refusal(row)):
        assert "not their name" in refusal and "not a named report (实名举报)" in refusal
    with pytest.raises(TransitionRefused, match="not their name"):
        tell_reporter(db, lead, "2026-10-09", "phone")
    with pytest.raises(WorkstationError, match="not their name"):
        draft_lead_document(db, lead, find_form("report_result_notice"), {"contact_person": "陈志强"})


def test_the_same_report_with_the_reporters_name_is_named(db, english):
    lead = a_report(db, name=NAME, phone=PHONE)
    assert [(d.due, d.state) for d in t24_of(db, lead)] == [("2026-10-13", "due_soon")]
    row = get_lead_row(db, lead)
    assert reporter_refusal(row) is None and report_notice_refusal(row) is None
    letter = "".join(render_pdf(draft_lead_document(db, lead, find_form("report_result_notice"),
                                                    {"contact_person": "陈志强"})).text_lines())
    assert NAME in letter and PHONE not in letter  # the number masked on the letter


@pytest.mark.parametrize("name, phone, address", list(itertools.product(("", NAME), ("", PHONE), ("", ADDRESS))))
def test_the_board_and_the_page_agree_on_every_mix_of_name_phone_and_address(db, english, name, phone, address):
    lead = a_report(db, name, phone, address)
    named = bool(name and (phone or address))
    assert bool(t24_of(db, lead)) is named_reporter(get_lead_row(db, lead)) is named
    assert (report_notice_refusal(get_lead_row(db, lead)) is None) is named


def test_the_leads_page_gives_a_number_alone_no_tell_by_date(db, make_window, english):
    from PySide6.QtCore import Qt

    number_only, named = a_report(db, phone=PHONE), a_report(db, name=NAME, phone=PHONE)
    page = make_window(db).leads_page
    model = page.model
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index("Tell by")
    page.select(number_only)
    assert model.data(model.index(page.view.currentIndex().row(), column)) == "—"
    assert not page.buttons["tell_reporter"].isEnabled()
    assert "not a named report" in page.buttons["tell_reporter"].toolTip()
    assert "Tell the reporter of the decision by" not in page.detail.toPlainText()
    page.select(named)
    assert model.data(model.index(page.view.currentIndex().row(), column)) == "2026-10-13 (overdue)"
    assert page.buttons["tell_reporter"].isEnabled()
    assert "Tell the reporter of the decision by 2026-10-13 (T24, 5 working days)." in page.detail.toPlainText()


def test_the_lead_dialog_says_whether_the_report_is_named_as_the_officer_types(db, prompts, qtbot, english):
    from ui.lead_dialog import LeadDialog

    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.source.setCurrentIndex(dialog.source.findData("report"))
    note = dialog.named_note
    assert not note.isVisibleTo(dialog)  # nothing of the reporter typed: an anonymous report, nothing to say
    qtbot.keyClicks(dialog.complainant_phone, PHONE)
    assert note.isVisibleTo(dialog) and "not a named report" in note.text() and "name" in note.text()
    dialog.reporter_name.setText(NAME)  # typed as an input method gives Chinese: the whole text at once
    assert note.isVisibleTo(dialog) and "named report" in note.text() and "T24" in note.text()
    assert "not a named report" not in note.text()
    dialog.complainant_phone.clear()  # a name alone: no way to reach the reporter
    assert "not a named report" in note.text()
    dialog.reporter_address.setText(ADDRESS)  # a letter: a name and an address
    assert "not a named report" not in note.text()


# ---- leads stored before this change (m058) -------------------------------------------------------------------------

def _before_m058(db, data_dir):
    """The database as a version before m058 left it, ``make`` run on it first; opened again, m058 runs."""
    db.execute("ALTER TABLE leads DROP COLUMN reporter_named_by_number")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm058_lead_named_by_number'")
    db.conn.close()
    return open_db(data_dir)


def test_a_report_stored_with_only_a_number_before_m058_keeps_its_t24_and_letter(db, data_dir, english):
    number_only, anonymous = a_report(db, phone=PHONE), a_report(db)
    inspected = a_report(db, phone=PHONE)
    db.execute("UPDATE leads SET source = 'inspection' WHERE id = ?", [inspected])  # as older data may hold it
    again = _before_m058(db, data_dir)
    try:
        assert [d.due for d in t24_of(again, number_only)] == ["2026-10-13"]  # named, as it was when stored
        assert report_notice_refusal(get_lead_row(again, number_only)) is None
        assert t24_of(again, anonymous) == t24_of(again, inspected) == []
        assert "监督检查" in report_notice_refusal(get_lead_row(again, inspected))
        tell_reporter(again, number_only, "2026-10-09", "phone")
        assert t24_of(again, number_only) == []
        # one registered with only a number after the change is not named
        later = a_report(again, phone=PHONE)
        assert t24_of(again, later) == [] and "not their name" in report_notice_refusal(get_lead_row(again, later))
    finally:
        again.conn.close()


def test_headquarters_keeps_the_t24_of_a_stations_report_stored_with_only_a_number(capsys, dirs):
    station = open_db(dirs / "shunde")
    try:
        lead = a_report(station, phone=PHONE)
        station.execute("UPDATE leads SET reporter_named_by_number = 1 WHERE id = ?", [lead])  # as m058 left it
    finally:
        station.conn.close()
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["by_table"]["leads"]["new"] == 1
    hq = open_db(dirs / "hq")
    try:
        assert [d.clock for d in t24_of(hq, lead)] == ["T24"]
        assert report_notice_refusal(get_lead_row(hq, lead)) is None
    finally:
        hq.conn.close()


def test_the_lead_dialog_editing_a_report_stored_with_only_a_number_says_it_is_named(db, prompts, qtbot, english):
    from ui.lead_dialog import LeadDialog

    lead = a_report(db, phone=PHONE)
    db.execute("UPDATE leads SET reporter_named_by_number = 1 WHERE id = ?", [lead])  # as m058 left it
    dialog = LeadDialog(db, prompts, lead=get_lead_row(db, lead))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "named report" in dialog.named_note.text() and "not a named report" not in dialog.named_note.text()
    dialog.complainant_phone.clear()  # the number it was named by gone: an address alone names nobody
    dialog.reporter_address.setText(ADDRESS)
    assert "Without the reporter's name this is not a named report" in dialog.named_note.text()
