# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""T24 (REFERENCE §1.2; 投诉举报处理暂行办法 art. 31): the named reporter of a lead (its reporter's number recorded,
实名举报) is told whether it was filed within 5 working days of that decision. The clock starts with a lead's 立案 or
不予立案 (not its 移送), counts the 2026 holidays, is met by the day recorded as told, never runs for an anonymous
lead nor for a case; recorded on the leads page, by the command line, and carried to headquarters in bundles (an
older bundle without the column still merges)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401
from workstation import clocks, procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    decide_lead,
    file_case_from_lead,
    get_lead_row,
    tell_reporter,
)
from workstation.records import Officer
from workstation.store import agency_by_code, save_officer
from workstation.store.base import get_setting, set_setting

PHONE = "13800138000"


def a_lead(db, phone: str = PHONE) -> str:
    """A report registered by hand on Mon 2026-09-21, with the reporter's name and number (a named report, 实名举报)
    unless ``phone`` is '' (anonymous: no name either), at a station of 禅城区局 (held there: a bureau to decide it
    not filed, as a station with no agency may only once the lead is assigned) unless the station has an agency."""
    a_bureaus_station(db)
    return register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone=phone, reporter_name="李四" if phone else "")).id


def a_bureaus_station(db) -> None:
    """The station made one of 禅城区局 (``station_agency``) unless it has an agency: the leads it registers are held
    there, so a bureau issues their 不予立案审批表 and a lead may be decided not to file without being assigned."""
    if not get_setting(db, "station_agency"):
        set_setting(db, "station_agency", agency_by_code(db, "440604").id)


def t24_of(db, lead_id: str, on: str, **kwargs) -> list[clocks.Deadline]:
    return [d for d in clocks.board(db, on=on, **kwargs) if d.lead_id == lead_id and d.clock == "T24"]


def test_a_named_report_not_filed_on_30_september_is_told_by_13_october_after_national_day(db, english):
    lead = a_lead(db)
    assert t24_of(db, lead, "2026-09-22") == []  # undecided: its T1 runs, no T24 yet
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    (t24,) = t24_of(db, lead, "2026-10-09")
    # [Oct 1–7 holiday], Oct 8, 9, Sat 10 (make-up working day), 12, 13 — as the statement period of REFERENCE §9
    assert (t24.start, t24.due, t24.state, t24.days_left) == ("2026-09-30", "2026-10-13", "due_soon", 4)
    assert t24.rule.period == 5 and t24.rule.unit == "wd" and t24.case_id == ""
    assert t24.source == "《市场监督管理投诉举报处理暂行办法》第三十一条"
    assert "Counted 5 working days from the day after 2026-09-30 (date the lead was decided (filed or not filed))." \
        in t24.calculation()
    assert [d.state for d in t24_of(db, lead, "2026-10-14")] == ["overdue"]
    # a lead's clock: on the board of the agency holding the lead only
    assert [d.clock for d in clocks.board(db, on="2026-10-09") if d.lead_id == lead] == ["T24"]


def test_filing_the_lead_starts_t24_on_its_decision_date_and_its_case_has_no_t24(db):
    lead = a_lead(db)  # held by 禅城区局, which received it (a 交办 to it would start its T1 again: refused)
    bureau = agency_by_code(db, "440604").id
    assert get_lead_row(db, lead)["agency_id"] == bureau
    officers = [save_officer(db, Officer(name=name, agency_id=bureau, cert_no=cert)).id
                for name, cert in (("邓颖诗", "44060414963"), ("陈敏仪", "44060410329"))]
    case = file_case_from_lead(db, lead, officer_ids=officers)
    assert get_lead_row(db, lead)["decided_on"] is None  # opened: decided when the case is filed
    procedure.apply(db, case.id, "file", on_date="2026-09-30")
    assert get_lead_row(db, lead)["decided_on"] == "2026-09-30"
    (t24,) = t24_of(db, lead, "2026-10-09")
    assert (t24.start, t24.due) == ("2026-09-30", "2026-10-13")
    assert "T24" not in {d.clock for d in clocks.case_clocks(db, case, on="2026-10-09")}
    assert not any(d.case_id == case.id and d.clock == "T24" for d in clocks.board(db, on="2026-10-09"))


def test_telling_the_reporter_meets_t24_and_takes_it_off_the_board(db):
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    row = tell_reporter(db, lead, "2026-10-12", "phone")
    assert (row["reporter_told_on"], row["reporter_told_how"]) == ("2026-10-12", "phone")
    assert t24_of(db, lead, "2026-10-12") == []
    engine = clocks.engine_for(db, "2026-10-20")
    met = clocks.reporter_deadline(engine, lead, "2026-09-30", "2026-10-12")
    late = clocks.reporter_deadline(engine, lead, "2026-09-30", "2026-10-14")
    assert (met.state, met.due, met.done_on, late.state) == ("met", "2026-10-13", "2026-10-12", "late")
    audited = db.execute("SELECT COUNT(*) FROM audit WHERE action = 'tell_reporter' AND entity_id = ?",
                         [lead]).fetchone()[0]
    assert audited == 1


def test_an_anonymous_or_referred_lead_has_no_t24_and_is_refused_with_why(db, english):
    anonymous = a_lead(db, phone="")
    decide_lead(db, anonymous, "not_file", on="2026-09-30", reason="未发现违法行为")
    referred = a_lead(db)
    decide_lead(db, referred, "refer", on="2026-09-30", referred_to="广东省通信管理局")
    undecided = a_lead(db)
    assert t24_of(db, anonymous, "2026-10-09") == t24_of(db, referred, "2026-10-09") == []
    cases = {anonymous: "No reporter's name with a phone or an address was recorded with this lead: it is not a named "
                        "report (实名举报), so there is nobody to tell (T24).",
             referred: "The lead has been referred: its reporter is told of a decision to "
                       "file or not to file it (T24), and there was none.",
             undecided: "The lead is not decided yet: its reporter is told once it is filed or not filed."}
    for lead, message in cases.items():
        before = get_lead_row(db, lead)
        with pytest.raises(TransitionRefused) as refused:
            tell_reporter(db, lead, "2026-10-09", "phone")
        assert refused.value.message == message
        assert get_lead_row(db, lead) == before


@pytest.mark.parametrize("day, how, field, message", [
    ("2026-09-29", "", "reporter_told_on",
     "2026-09-29 is before the decision on the lead (2026-09-30): the reporter is told of a decision made."),
    ("2099-01-04", "", "reporter_told_on", "is after today"),
    ("", "", "reporter_told_on", "Enter the day the reporter was told, such as 2026-10-12."),
    ("2026-10-09", "email", "reporter_told_how",
     "email is not a way of telling the reporter: write phone, letter or sms."),
])
def test_a_bad_day_or_way_is_refused_and_changes_nothing(db, english, day, how, field, message):
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    before = get_lead_row(db, lead)
    with pytest.raises(ValidationError) as refused:
        tell_reporter(db, lead, day, how)
    assert list(refused.value.errors) == [field] and message in refused.value.errors[field]
    assert get_lead_row(db, lead) == before


def test_the_reporter_is_told_once(db, english):
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    tell_reporter(db, lead, "2026-10-09", "letter")
    with pytest.raises(TransitionRefused) as refused:
        tell_reporter(db, lead, "2026-10-12", "phone")
    assert refused.value.message == "The reporter was already told on 2026-10-09."
    assert get_lead_row(db, lead)["reporter_told_how"] == "letter"


def test_the_command_line_records_the_day_and_refuses_a_day_before_the_decision(db, data_dir, capsys, english):
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-09-29")
    assert code == 1 and err.strip() == ("Error: --date: 2026-09-29 is before the decision on the lead (2026-09-30): "
                                         "the reporter is told of a decision made.")
    assert get_lead_row(db, lead)["reporter_told_on"] is None
    result = run_json(capsys, "--data-dir", data_dir, "leads", "told", lead, "--date", "2026-10-12", "--how", "sms")
    assert result == {"id": lead, "decision": "not_file", "decided_on": "2026-09-30",
                      "reporter_told_on": "2026-10-12", "reporter_told_how": "sms", "officer": None}
    assert get_lead_row(db, lead)["reporter_told_how"] == "sms"


def test_the_leads_page_shows_t24_and_records_the_telling(db, make_window, prompts, qtbot, english):
    from PySide6.QtCore import QDate, Qt

    from ui.lead_dialog import ReporterToldDialog

    named, anonymous = a_lead(db), a_lead(db, phone="")
    for lead in (named, anonymous):
        decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    page = make_window(db).leads_page
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index("Tell by")
    page.select(anonymous)
    button = page.buttons["tell_reporter"]
    assert not button.isEnabled() and "not a named report" in button.toolTip()
    assert model.data(model.index(page.view.currentIndex().row(), column)) == "—"
    page.select(named)
    assert button.isEnabled()
    assert model.data(model.index(page.view.currentIndex().row(), column)) == "2026-10-13 (overdue)"
    assert "Tell the reporter of the decision by 2026-10-13 (T24, 5 working days)." in page.detail.toPlainText()
    dialog = ReporterToldDialog(db, page.selected(), prompts, page)
    qtbot.addWidget(dialog)
    dialog.told_on.setDate(QDate(2026, 9, 29))
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled()  # before the decision: said by the field, nothing saved
    dialog.told_on.setDate(QDate(2026, 10, 12))
    dialog.how.setCurrentIndex(dialog.how.findData("phone"))
    assert save.isEnabled()
    dialog.exec = lambda: (dialog.save(), dialog.result())[1]
    page.tell_reporter(dialog)
    assert get_lead_row(db, named)["reporter_told_on"] == "2026-10-12"
    assert model.data(model.index(page.view.currentIndex().row(), column)) == "—"
    assert "Reporter told of the decision on 2026-10-12 (phone) (T24)." in page.detail.toPlainText()
    # told once: the action now corrects the record (tests/test_s48_reporter.py)
    assert button.isEnabled() and button.text() == "Correct reporter ad&vised…"


# headquarters ------------------------------------------------------------------------------------------------------
def _station_lead(data_dir, told: str | None) -> str:
    """A named report held by the station's bureau, not filed on 2026-09-30, its reporter ``told`` or not."""
    db = open_db(data_dir)
    try:
        lead = a_lead(db)
        decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
        if told:
            tell_reporter(db, lead, told, "letter")
        return lead
    finally:
        db.conn.close()


def _hq_lead(dirs, lead: str) -> tuple:
    db = open_db(dirs / "hq")
    try:
        row = get_lead_row(db, lead)
        return row["reporter_told_on"], row["reporter_told_how"], [d.clock for d in t24_of(db, lead, "2026-10-09")]
    finally:
        db.conn.close()


def test_headquarters_takes_the_day_the_reporter_was_told_from_a_bundle(capsys, dirs):
    lead = _station_lead(dirs / "shunde", told=None)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    assert _hq_lead(dirs, lead) == (None, "", ["T24"])
    db = open_db(dirs / "shunde")
    tell_reporter(db, lead, "2026-10-12", "letter")
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["leads"]["updated"] == 1
    assert _hq_lead(dirs, lead) == ("2026-10-12", "letter", [])


def _before_m026(manifest: dict, members: dict) -> None:
    """The bundle as a version before m026 wrote it: no reporter_told_* in its leads, the schema one shorter."""
    manifest["schema"] = [name for name in manifest["schema"] if name != "m026_lead_reporter_told"]
    leads = json.loads(members["records/leads.json"])
    for row in leads:
        row.pop("reporter_told_on")
        row.pop("reporter_told_how")
    members["records/leads.json"] = json.dumps(leads, ensure_ascii=False).encode("utf-8")


def test_an_older_bundle_without_the_column_merges_and_keeps_what_headquarters_holds(capsys, dirs):
    lead = _station_lead(dirs / "shunde", told=None)
    export(capsys, dirs, "shunde", "s1.bundle", "--plain")
    _as_written_by(dirs / "shunde", dirs / "s1.bundle", dirs / "old1.bundle", _before_m026)
    assert import_(capsys, dirs, "old1.bundle")["by_table"]["leads"]["new"] == 1
    assert _hq_lead(dirs, lead) == (None, "", ["T24"])  # not told as far as headquarters knows: T24 runs
    # headquarters learns of the telling from a current bundle; an older one sent after says nothing of it
    told = _station_lead(dirs / "nanhai", told="2026-10-09")
    export(capsys, dirs, "nanhai", "n1.bundle", "--plain")
    import_(capsys, dirs, "n1.bundle")
    _as_written_by(dirs / "nanhai", dirs / "n1.bundle", dirs / "old2.bundle", _before_m026)
    merged = import_(capsys, dirs, "old2.bundle")
    assert merged["conflicts"] == 0
    assert _hq_lead(dirs, told) == ("2026-10-09", "letter", [])
