"""Working days counted into a year whose holidays are not known yet (日历待核实, ``clocks.count_note``) are said,
never refused for: the 案件交办通知书 whose 报送办理结果的期限 rests on such a T1 is issued with a warning (on the
command line's stderr, in the editor's question before issuing); the extension of a T1 and a 报送期限 after the T1
counted without that year's holidays, but so close to it that the holidays could move it, are allowed with the
count's note and the way to add the year's holidays — a confirmed count, or one far past, refuses as before; and
``calendar add-workdays`` lists the years and files without holiday data as the language lists them. The program's
clock is moved to the days acted on (``tests.helpers.move_program_clock``): none of it depends on the real today."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers import move_program_clock, run
from workstation.documents.drafts import find_form
from workstation.errors import ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, check_lead_issue, extend_lead, get_lead_row, t1_due
from workstation.store import agency_by_code

BEIJING = dt.timezone(dt.timedelta(hours=8))
CONTACT = {"contact_person": "张三", "contact_phone": "0757-12345678"}
# 15 working days from Monday 2027-01-25, counted Monday to Friday less the statutory holidays (no holiday data for
# 2027; 除夕 to 初三, 5–8 February, deducted since s62): Wednesday 2027-02-17
ASSIGNED, DUE = "2027-01-25", "2027-02-17"


def at(monkeypatch, day: str, hour: int = 10) -> None:
    """The program's clock at ``hour`` o'clock Beijing time on ``day``."""
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=BEIJING))


def assigned(db, monkeypatch, day: str) -> str:
    """A lead received at 09:00 on ``day`` and assigned to the 禅城 bureau that day (the program's clock then)."""
    at(monkeypatch, day)
    lead = register_lead(db, LeadEntry(source="12345", received_at=f"{day} 09:00",
                                       description="来电推销楼盘，未经同意")).id
    assign_lead(db, lead, agency_by_code(db, "440604").id, day)
    return lead


def test_the_unconfirmed_count_runs_into_2027(db, monkeypatch):
    lead = assigned(db, monkeypatch, ASSIGNED)
    assert t1_due(db, get_lead_row(db, lead)) == DUE


# 1. the 案件交办通知书 of a T1 counted into 2027 --------------------------------------------------------------------
def test_the_command_line_issues_the_notice_with_the_calendar_warning(db, data_dir, monkeypatch, capsys, tmp_path,
                                                                     english):
    lead = assigned(db, monkeypatch, "2026-12-15")
    values = tmp_path / "v.json"
    values.write_text(json.dumps(CONTACT, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", lead, "--form", "assignment_notice",
                         "--values", values, "--output", tmp_path / "notice.pdf", "--json")
    assert code == 0, err
    (warning,) = json.loads(out)["warnings"]
    assert "2027" in warning and "calendar unconfirmed" in warning
    assert "Import holiday file…" in warning and str(data_dir / "calendar" / "2027.toml") in warning
    assert f"Warning: {warning}" in " ".join(err.split())


def test_a_notice_counted_on_a_confirmed_year_is_issued_without_warning(db, data_dir, monkeypatch, capsys,
                                                                       tmp_path, english):
    lead = assigned(db, monkeypatch, "2026-11-02")  # T1 ends in November 2026, whose holidays are known
    values = tmp_path / "v.json"
    values.write_text(json.dumps(CONTACT, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", lead, "--form", "assignment_notice",
                         "--values", values, "--output", tmp_path / "notice.pdf", "--json")
    assert code == 0, err
    assert "warnings" not in json.loads(out) and "calendar unconfirmed" not in err


@pytest.mark.gui
def test_the_editor_asks_before_issuing_a_notice_counted_into_2027(db, monkeypatch, opened, prompts, english):
    lead = assigned(db, monkeypatch, "2026-12-15")
    editor = opened(db, "assignment_notice", lead_id=lead)
    for name, value in {**CONTACT, "issued_on": "2026-12-15", "report_by": "2027-01-06"}.items():
        editor.set_field(name, value)
    prompts.confirm_answer = False
    editor.issue()
    assert prompts.errors == []
    (question,) = prompts.confirmations
    assert "calendar unconfirmed" in question and "2027" in question
    assert editor.document is None  # not issued: the officer said no


# 2. refusals resting on an unconfirmed T1 -----------------------------------------------------------------------
def test_a_report_by_date_just_after_the_unconfirmed_t1_is_allowed_with_the_note(db, monkeypatch, english):
    lead = assigned(db, monkeypatch, ASSIGNED)
    values = {**CONTACT, "issued_on": ASSIGNED, "report_by": "2027-02-24"}
    form = find_form("assignment_notice")
    checked = check_lead_issue(db, lead, form, values)[0]  # not refused
    assert checked["report_by"] == "2027-02-24"
    from workstation.leads_workflow import lead_issue_warning

    warning = lead_issue_warning(db, lead, form, values)
    assert DUE in warning and "calendar unconfirmed" in warning and "Import holiday file…" in warning


def test_a_report_by_date_far_after_the_unconfirmed_t1_is_still_refused(db, monkeypatch, english):
    lead = assigned(db, monkeypatch, ASSIGNED)
    with pytest.raises(ValidationError) as refused:  # no holidays could move T1's end five weeks on
        check_lead_issue(db, lead, find_form("assignment_notice"),
                         {**CONTACT, "issued_on": ASSIGNED, "report_by": "2027-03-22"})
    assert f"ends on {DUE}" in " ".join(refused.value.errors.values())


def test_the_command_line_extends_a_t1_just_past_its_unconfirmed_end_with_the_note(db, data_dir, monkeypatch,
                                                                                  capsys, english):
    lead = assigned(db, monkeypatch, ASSIGNED)
    at(monkeypatch, "2027-02-18")
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "extend", lead, "--approved-on", "2027-02-18",
                         "--approved-by", "李局长")
    assert code == 0, err
    assert get_lead_row(db, lead)["extension_approved_on"] == "2027-02-18"
    flat = " ".join(err.split())
    assert "Warning:" in flat and DUE in flat and "calendar unconfirmed" in flat and "Import holiday file…" in flat


def test_an_extension_far_past_the_unconfirmed_end_is_still_refused(db, monkeypatch, english):
    lead = assigned(db, monkeypatch, ASSIGNED)
    at(monkeypatch, "2027-03-15")
    with pytest.raises(ValidationError) as refused:
        extend_lead(db, lead, 15, "2027-03-15", "李局长")
    assert refused.value.errors["approved_on"] == (f"The time limit ran out on {DUE}: an extension must be approved "
                                                   "before then.")


def test_an_extension_after_a_confirmed_end_is_still_refused(db, monkeypatch, english):
    lead = assigned(db, monkeypatch, "2026-11-02")
    due = t1_due(db, get_lead_row(db, lead))
    at(monkeypatch, "2026-11-30")
    assert due < "2026-11-30"
    with pytest.raises(ValidationError) as refused:
        extend_lead(db, lead, 15, "2026-11-30", "李局长")
    assert refused.value.errors["approved_on"].startswith(f"The time limit ran out on {due}")


@pytest.mark.gui
def test_the_extension_dialog_saves_with_the_note_shown(db, monkeypatch, prompts, qtbot, english):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.leads_page import LeadExtensionDialog

    lead = assigned(db, monkeypatch, ASSIGNED)
    at(monkeypatch, "2027-02-18")
    dialog = LeadExtensionDialog(db, get_lead_row(db, lead), prompts)
    qtbot.addWidget(dialog)
    dialog.approved_on.setDate(QDate(2027, 2, 18))
    dialog.approved_by.setText("李局长")
    assert dialog.validate() == {}
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert "calendar unconfirmed" in dialog.warning.text() and DUE in dialog.warning.text()


def test_a_case_t1_is_extended_just_past_its_unconfirmed_end_with_the_note(db, make_case, monkeypatch, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event, unconfirmed_extension_warning

    at(monkeypatch, "2027-02-18")
    case = make_case(lead_received_on=ASSIGNED)
    event = ClockEvent(case_id=case.id, kind="extension", clock="T1", days=15, starts_on="2027-02-18",
                       approved_on="2027-02-18", approved_by="李局长")
    warning = unconfirmed_extension_warning(db, case, event)
    assert DUE in warning and "calendar unconfirmed" in warning and "Import holiday file…" in warning
    assert record_clock_event(db, event).approved_on == "2027-02-18"  # not refused


def test_a_case_t1_extended_far_past_its_unconfirmed_end_is_still_refused(db, make_case, monkeypatch, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    at(monkeypatch, "2027-03-15")
    case = make_case(lead_received_on=ASSIGNED)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T1", days=15,
                                          starts_on="2027-03-15", approved_on="2027-03-15", approved_by="李局长"))
    assert refused.value.errors["approved_on"].startswith(f"The time limit ran out on {DUE}")


# 3. calendar add-workdays lists the years and files as the language does ----------------------------------------
def test_add_workdays_lists_the_years_and_files_without_holidays_in_chinese(data_dir, capsys, chinese):
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2027-12-20", "15")
    assert code == 0 and out.startswith("2028-01-")
    flat = "".join(err.split())
    assert "2027、2028" in flat and "2027,2028" not in flat
    files = f"{data_dir / 'calendar' / '2027.toml'}、{data_dir / 'calendar' / '2028.toml'}"
    assert "".join(files.split()) in flat
