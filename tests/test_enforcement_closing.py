"""Closing a case lawfully when a party does not pay (REFERENCE §1.1 SERVED → OVERDUE: 催告书, then the application to
the people's court; §1.2 T15, T16; 行政强制法 arts. 53, 54): the step 申请法院强制执行 is allowed only after the 催告书's
ten working days and the party's remedy periods, on the days the 强制执行申请书's stage rule computes; 结案 of a
served case waits, naming the unpaid party and the earliest day of the application, and is allowed once the court
was applied to for every party that did not pay. Also: T18 keeps running after 归档, and a clock met in a year with
holiday data carries no 日历待核实 flag for a last day in a year without."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from tests.test_multiparty12 import decided_case
from tests.test_party_case10 import COMPANY, EMPLOYEE
from workstation import clocks, enforcement, procedure
from workstation.documents.stage_rules import stage_refusal
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import case_timeline, update_case
from workstation.store.clock_events import record_clock_event

FINE = 500_000  # ¥5,000.00
# the decision served on Monday 2026-03-02: 60 days → 05-01 (holiday, rolled to 05-06), 6 months → Wed 2026-09-02;
# the party's remedy periods end on 09-02, so the court is applied to from 09-03 at the earliest
DECISION_SERVED, REMEDY_END, AFTER_REMEDIES = "2026-03-02", "2026-09-02", "2026-09-03"
# the 催告书 served on Monday 2026-11-02: ten working days (no holiday in November) run until 11-16
DEMAND, DEMAND_END, FIRST_DAY = "2026-11-02", "2026-11-16", "2026-11-17"


@pytest.fixture
def on(monkeypatch):
    """``on(day)``: the procedure and the enforcement rules see ``day`` as today."""

    def set_today(day: str) -> None:
        monkeypatch.setattr(procedure, "today", lambda: day)
        monkeypatch.setattr(enforcement, "today", lambda: day)

    return set_today


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-01-20",
                                   notice_served_on="2026-02-10", decided_on="2026-02-26",
                                   served_on=DECISION_SERVED), allow_status_change=True)


def demand(db, case, day=DEMAND, party_id=None):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on=day, party_id=party_id))


def party_name(db, case) -> str:
    return enforcement.unpaid_parties(db, get_case(db, case.id))[0].party.name


# ---- the core -----------------------------------------------------------------------------------------------------

def test_closing_an_unpaid_case_is_refused_naming_the_party_and_the_way_forward(db, make_case, on, english):
    case = served(db, make_case)
    on("2026-10-01")
    name = party_name(db, case)
    refusal = dict((t.name, why) for t, why in procedure.available(db, get_case(db, case.id)))["close"]
    assert name in refusal and "Apply to the court for enforcement" in refusal and "催告书" in refusal
    assert f"not before {AFTER_REMEDIES}" in refusal and REMEDY_END in refusal
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "close", on_date="2026-10-01")
    assert str(refused.value) == refusal
    assert "not possible while" not in str(refused.value)
    assert get_case(db, case.id).status == "served"


def test_the_application_waits_for_the_demand_and_then_closing_follows(db, make_case, on, english):
    case = served(db, make_case)
    on("2026-10-01")
    with pytest.raises(TransitionRefused, match="催告书"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-10-01")
    demand(db, case)
    on("2026-11-10")
    refusal = dict((t.name, why) for t, why in procedure.available(db, get_case(db, case.id)))
    assert f"from {FIRST_DAY}" in refusal["close"] and f"from {FIRST_DAY}" in refusal["apply_enforcement"]
    on("2026-11-20")
    with pytest.raises(TransitionRefused, match=f"only from {FIRST_DAY}"):
        procedure.apply(db, case.id, "apply_enforcement", on_date=DEMAND_END)
    assert get_case(db, case.id).status == "served"
    procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY)
    assert enforcement.unpaid_parties(db, get_case(db, case.id))[0].applied_on == FIRST_DAY
    assert dict((t.name, why) for t, why in procedure.available(db, get_case(db, case.id)))["close"] is None
    with pytest.raises(TransitionRefused, match="before the latest step"):
        procedure.apply(db, case.id, "close", on_date="2026-11-16")
    closed = procedure.apply(db, case.id, "close", on_date="2026-11-20")
    assert closed.status == "closed" and closed.closed_on == "2026-11-20"
    texts = [f"{entry.text} {entry.note}" for entry in case_timeline(db, closed)]
    name = party_name_of(db, closed)
    assert any(f"Applied to the people's court for enforcement against {name}" in text for text in texts)
    assert any(f"Closed after applying to the people's court for compulsory enforcement: {name} {FIRST_DAY}" in text
               for text in texts)


def party_name_of(db, case) -> str:
    from workstation.store import get_party

    return get_party(db, case.party_ids[0]).name


def test_in_a_two_party_case_only_the_party_that_did_not_pay_holds_the_closing(db, data_dir, make_case, on, english):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_id=company)
    assert get_case(db, case.id).status == "served"
    demand(db, case, party_id=employee)
    on("2026-11-10")
    refusal = dict((t.name, why) for t, why in procedure.available(db, get_case(db, case.id)))["close"]
    assert refusal.startswith(f"{EMPLOYEE} has not paid") and COMPANY not in refusal
    # served 03-12: six months → 09-12 (Saturday, rolled to Monday 09-14); the demand's ten days end on 11-16
    assert f"{EMPLOYEE}: the court may be applied to from {FIRST_DAY}" in refusal
    on("2026-11-20")
    with pytest.raises(TransitionRefused, match="paid or owes nothing"):
        procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY, party_id=company)
    procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY, party_id=employee)
    assert procedure.apply(db, case.id, "close", on_date="2026-11-20").status == "closed"


def test_an_issued_enforcement_application_counts_as_the_application_made_on_its_date(db, make_case, on, english):
    case = served(db, make_case)
    demand(db, case)
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, values_json, pdf_sha256, pages, "
               "issued_at, issued_by) VALUES ('apply1', ?, 'enforcement_application', 1, '强制执行申请书', ?, 'x', 1, "
               "'2026-11-18T10:00:00+08:00', '')", [case.id, f'{{"signed_on": "{FIRST_DAY}"}}'])
    on("2026-11-20")
    assert enforcement.unpaid_parties(db, get_case(db, case.id))[0].applied_on == FIRST_DAY
    assert procedure.apply(db, case.id, "close", on_date="2026-11-20").status == "closed"


def test_the_enforcement_application_without_a_demand_date_names_the_end_of_the_remedy_periods(db, make_case,
                                                                                              english):
    case = served(db, make_case)
    demand(db, case)  # recorded (the application rests on it), its day not written on the application
    refusal = stage_refusal(db, case, "enforcement_application", {"decision_served_on": DECISION_SERVED,
                                                                  "signed_on": "2026-11-20"})
    assert "催告书送达日期 is empty" in refusal
    assert f"has run on {REMEDY_END}" in refusal and f"from {AFTER_REMEDIES} at the earliest" in refusal
    # the dates the step uses are those of this rule: the application dated the step's first day passes
    assert stage_refusal(db, case, "enforcement_application", {"decision_served_on": DECISION_SERVED,
                                                               "demand_served_on": DEMAND,
                                                               "signed_on": FIRST_DAY}) is None
    assert "date the application 2026-11-17 or later" in stage_refusal(
        db, case, "enforcement_application", {"decision_served_on": DECISION_SERVED, "demand_served_on": DEMAND,
                                              "signed_on": DEMAND_END})


def test_the_command_line_says_the_same_and_records_the_application_for_the_party(db, data_dir, make_case, on,
                                                                                 capsys, english):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_id=company)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-03-25",
                          "--data-dir", data_dir)
    assert code == 1 and f"{EMPLOYEE} has not paid" in err and "Apply to the court for enforcement" in err and "催告书" in err
    assert "not possible while" not in err
    demand(db, case, party_id=employee)
    on("2026-11-20")
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "apply_enforcement", "--date", FIRST_DAY,
                          "--party", employee, "--data-dir", data_dir)
    assert code == 0, err
    assert enforcement.unpaid_parties(db, get_case(db, case.id))[0].applied_on == FIRST_DAY


# ---- the window ---------------------------------------------------------------------------------------------------

def test_the_workspace_greys_out_closing_naming_the_unpaid_party_and_the_first_day(db, make_case, make_window, on,
                                                                                  english):
    case = served(db, make_case)
    demand(db, case)
    on("2026-11-10")
    workspace = make_window(db).open_case(case.id)
    close, apply = workspace.action_buttons["close"], workspace.action_buttons["apply_enforcement"]
    assert not close.isEnabled() and not apply.isEnabled()
    name = party_name_of(db, case)
    assert close.toolTip().startswith(f"{name} has not paid what the decision imposes")
    assert f"{name}: the court may be applied to from {FIRST_DAY} (催告书 served on {DEMAND}" in close.toolTip()
    assert FIRST_DAY in apply.toolTip()
    on("2026-11-20")
    workspace.reload()
    assert workspace.action_buttons["apply_enforcement"].isEnabled()
    assert not workspace.action_buttons["close"].isEnabled()


# ---- clocks -------------------------------------------------------------------------------------------------------

def test_an_archived_case_keeps_its_unpublished_penalty_overdue_on_the_board(db, make_case, english):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-10")
    procedure.apply(db, case.id, "close", on_date="2026-03-20")
    case = procedure.apply(db, case.id, "archive", on_date="2026-03-25")
    assert case.status == "archived"
    t18 = next(d for d in clocks.case_clocks(db, case, on="2026-12-01") if d.clock == "T18")
    assert t18.state == "overdue"
    assert (case.id, "T18") in {(d.case_id, d.clock) for d in clocks.board(db, on="2026-12-01")}
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-11-20"))
    assert case.id not in {d.case_id for d in clocks.board(db, on="2026-12-01")}


def test_a_clock_met_before_a_year_without_holiday_data_is_not_flagged_unconfirmed(db, make_case):
    # filed 2026-10-04: T2's 90 days end on Saturday 2027-01-02, a weekend of a year without holiday data
    case = make_case(status="investigating", filed_on="2026-10-04")
    running = next(d for d in clocks.case_clocks(db, case, on="2026-10-20") if d.clock == "T2")
    assert running.due == "2027-01-02" and not running.confirmed
    case = update_case(db, replace(get_case(db, case.id), status="penalty_decided", decided_on="2026-10-23"),
                       allow_status_change=True)
    met = next(d for d in clocks.case_clocks(db, case, on="2026-12-01") if d.clock == "T2")
    assert met.state == "met" and met.confirmed
    assert clocks.calendar_note([met], None) == ""


def test_the_application_to_the_court_meets_t16_on_the_case_and_takes_it_off_the_board(db, make_case, on):
    case = served(db, make_case)  # T16: three months after the remedy periods end on 09-02, until 12-02
    demand(db, case)
    on("2026-11-20")
    procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY)
    case = get_case(db, case.id)
    assert case.status == "served"  # the case stays served until it is closed
    t16 = next(d for d in clocks.case_clocks(db, case, on="2026-12-10") if d.clock == "T16")
    assert (t16.state, t16.due, t16.done_on) == ("met", "2026-12-02", FIRST_DAY)
    assert (case.id, "T16") not in {(d.case_id, d.clock) for d in clocks.board(db, on="2026-12-10")}


def test_an_application_after_t16_ran_out_shows_it_met_late(db, make_case, on):
    case = served(db, make_case)
    demand(db, case)
    on("2026-12-10")
    procedure.apply(db, case.id, "apply_enforcement", on_date="2026-12-08")
    t16 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-10") if d.clock == "T16")
    assert (t16.state, t16.done_on) == ("late", "2026-12-08")
    assert case.id not in {d.case_id for d in clocks.board(db, on="2026-12-10") if d.clock == "T16"}


LATE = ("{name}: the three months the bureau has to apply to the court once the party can no longer challenge the "
        "decision ran from 2026-09-03 until 2026-12-02 (行政强制法 art. 53; T16): an application made on 2026-12-08 is "
        "late, and the court may refuse it (非诉执行申请期限). Record it all the same if that is when it was made, and "
        "keep in the case file why it came late.")


def test_the_command_line_warns_of_an_application_after_t16_ran_out(db, data_dir, make_case, on, capsys, english):
    case = served(db, make_case)  # T16 from 09-03 until 12-02
    demand(db, case)
    on("2026-12-10")
    name = party_name(db, case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "apply_enforcement", "--date",
                      "2026-12-08")
    assert result["warnings"] == [
        f"The application to the court is recorded. {name}: it was made on 2026-12-08, after the three months the "
        "bureau has to apply once the party can no longer challenge the decision, which ran from 2026-09-03 until "
        "2026-12-02 (行政强制法 art. 53; T16): the court may refuse a late application (非诉执行申请期限); keep in the "
        "case file why it came late."]
    assert enforcement.court_applications(db, get_case(db, case.id), [])  # recorded all the same


def test_the_command_line_keeps_the_late_application_on_the_timeline_as_the_window_does(db, data_dir, make_case, on,
                                                                                        capsys, english):
    case = served(db, make_case)
    demand(db, case)
    on("2026-12-10")
    name = party_name(db, case)
    run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "apply_enforcement", "--date",
             "2026-12-08", "--reason", "材料补正后提交")
    texts = [f"{entry.text} {entry.note}" for entry in case_timeline(db, get_case(db, case.id))]
    # the reason typed, then what the warning read keeps (``test_the_window_warns_of_a_late_application…``)
    assert f"Applied to the people's court for enforcement against {name} 材料补正后提交 Applied to the court for " \
           f"{name} after T16 ran out on 2026-12-02." in texts


def late_two_party_case(db, data_dir, make_case):
    """Neither party paid the decision served on 03-12; each was served its 催告书: on 2026-12-20 both are past T16
    (09-15 … 12-14)."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    demand(db, case, party_id=company)
    demand(db, case, party_id=employee)
    return case, company, employee


def test_the_late_application_for_one_party_warns_of_that_party_only(db, data_dir, make_case, on, capsys, qtbot,
                                                                     english):
    from PySide6.QtCore import QDate

    from ui.transition_dialog import TransitionDialog, late_enforcement_warning, party_choices

    case, company, employee = late_two_party_case(db, data_dir, make_case)
    on("2026-12-21")
    case = get_case(db, case.id)
    assert len(enforcement.late_warnings(db, case, "2026-12-20")) == 2  # both late that day
    dialog = TransitionDialog(procedure.BY_NAME["apply_enforcement"], warning=late_enforcement_warning(db, case),
                              parties=party_choices(db, case, "apply_enforcement"))
    qtbot.addWidget(dialog)
    dialog.party.setCurrentIndex(dialog.party.findData(employee))
    dialog.date.setDate(QDate(2026, 12, 20))
    dialog.acknowledge.setChecked(True)
    warning = dialog.warning_label.text()
    assert warning.startswith(f"{EMPLOYEE}: the three months") and COMPANY not in warning
    assert dialog.recorded()[1] == f"Applied to the court for {EMPLOYEE} after T16 ran out on 2026-12-14."
    # the command line's --party alike
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "apply_enforcement", "--date",
                      "2026-12-20", "--party", company)
    assert len(result["warnings"]) == 1 and COMPANY in result["warnings"][0] and EMPLOYEE not in result["warnings"][0]


def test_the_command_line_applies_within_t16_without_a_warning(db, data_dir, make_case, on, capsys, english):
    case = served(db, make_case)
    demand(db, case)
    on("2026-12-10")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "apply_enforcement", "--date",
                      "2026-12-02")
    assert "warnings" not in result


@pytest.mark.gui
def test_the_window_warns_of_a_late_application_and_keeps_it_on_the_timeline(db, make_case, make_window, on,
                                                                              english):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialogButtonBox

    from tests.test_ui_case_workspace import when_modal
    from ui.transition_dialog import TransitionDialog

    case = served(db, make_case)
    demand(db, case)
    on("2026-12-10")
    name = party_name(db, case)
    seen = {}

    def record(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.date.setDate(QDate(2026, 12, 2))
        seen["in_time"] = dialog.warning_label.isVisibleTo(dialog)
        dialog.date.setDate(QDate(2026, 12, 8))
        seen["warning"], seen["ok"] = dialog.warning_label.text(), ok.isEnabled()
        dialog.acknowledge.setChecked(True)
        ok.click()

    window = make_window(db)
    workspace = window.open_case(case.id)
    timer = when_modal(TransitionDialog, record)
    workspace.action_buttons["apply_enforcement"].click()
    timer.stop()
    assert not seen["in_time"] and not seen["ok"]
    assert seen["warning"] == LATE.format(name=name)
    texts = [f"{entry.text} {entry.note}" for entry in case_timeline(db, get_case(db, case.id))]
    assert f"Applied to the people's court for enforcement against {name} Applied to the court for {name} after T16 " \
           "ran out on 2026-12-02." in texts


def test_the_demands_ten_days_expire_rather_than_fall_overdue_and_leave_the_board_with_the_case(db, make_case, on):
    case = served(db, make_case)
    demand(db, case)  # the party's ten working days to perform run until 11-16
    t15 = next(d for d in clocks.case_clocks(db, case, on="2026-11-20") if d.clock == "T15")
    assert (t15.state, t15.due) == ("expired", DEMAND_END)
    on("2026-11-20")
    procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY)
    procedure.apply(db, case.id, "close", on_date="2026-11-20")
    assert case.id not in {d.case_id for d in clocks.board(db, on="2026-12-10") if d.clock in ("T15", "T16")}
    t15 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-10") if d.clock == "T15")
    assert t15.state == "ended"


def test_a_demand_served_on_one_party_counts_for_that_party_only(db, data_dir, make_case, on, english):
    """A 催告书 is served on the party that did not pay: the other's application still waits for its own."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    demand(db, case, party_id=employee)
    assert db.execute("SELECT party_id FROM clock_events WHERE case_id = ? AND kind = 'demand'",
                      [case.id]).fetchall() == [(employee,)]
    on("2026-11-20")
    unpaid = {item.party.id: item for item in enforcement.unpaid_parties(db, get_case(db, case.id))}
    assert (unpaid[employee].demand_served_on, unpaid[employee].earliest) == (DEMAND, FIRST_DAY)
    assert (unpaid[company].demand_served_on, unpaid[company].earliest) == (None, None)
    with pytest.raises(TransitionRefused, match="催告书"):
        procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY, party_id=company)
    procedure.apply(db, case.id, "apply_enforcement", on_date=FIRST_DAY, party_id=employee)
    # T15 runs for the party served
    assert [(d.party_id, d.due) for d in clocks.case_clocks(db, get_case(db, case.id)) if d.clock == "T15"] == [
        (employee, DEMAND_END)]


@pytest.mark.gui
def test_the_event_dialog_asks_on_which_party_a_demand_was_served(db, data_dir, make_case, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    case, _company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("demand"))
    label, field = dialog.rows["party"]
    assert field.isVisibleTo(dialog) and label.text().replace("&", "").startswith("Party served")
    assert field.itemText(field.count() - 1) == "All parties (served on each)"
    field.setCurrentIndex(field.findData(employee))
    dialog.starts_on.setDate(QDate(2026, 11, 2))
    assert dialog.current().party_id == employee
    dialog.kind.setCurrentIndex(dialog.kind.findData("reconsideration"))
    assert field.itemText(field.count() - 1) == "All parties (applied together)"
