"""Hints of the hearing notice's time limit (T6, served at least seven working days before the hearing; audit
clocks_law, session 71): its last day on a rest day names the last working day on or before it, as T2's does, its
due date kept (a service on that rest day still comes in time); a case past its hearing with no 听证通知书 recorded (imported
so, or its notice voided since: concluding the hearing is refused without one) shows T6 ended, saying that the notice
was never recorded rather than nothing."""

from __future__ import annotations

import json

import pytest

from tests.test_clocks import deadline, stage
from tests.test_clocks2_audit import FACTS, receipt
from workstation import clocks, procedure
from workstation.board_export import state_text
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

NOT_RECORDED = "No 听证通知书 for the hearing on 2026-06-09 is recorded"


def requested(db, data_dir, make_case, hearing: str = "2026-06-09"):
    """A case whose party asked for a hearing on 05-08, the hearing recorded as held on ``hearing``, no 听证通知书."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    case = make_case(status="pre_notice", filed_on="2026-04-01", notice_served_on="2026-05-06", facts=FACTS)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": "2026-05-06", "fine_fen": "150000", "hearing_required": True})
    procedure.apply(db, case.id, "request_hearing", on_date="2026-05-08")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=hearing))
    return get_case(db, case.id)


def test_a_last_service_day_on_a_sunday_names_the_friday_before_it(db, data_dir, make_case, english):
    case = requested(db, data_dir, make_case)
    t6 = deadline(db, case, "T6", on="2026-05-20")
    # served on Sunday 05-31, the seven working days after it (06-01…05, 08, 09) end on the hearing day: in time
    assert (t6.due, t6.state, t6.confirmed) == ("2026-05-31", "open", True)
    text = t6.calculation()
    assert "2026-05-29" in text and "2026-05-31 is not a working day" in text
    assert "not moved to the next working day" not in text  # counted back: nothing moves it later
    assert state_text(t6).endswith("(last day a rest day)")


def test_the_rest_day_hint_is_in_chinese_too(db, data_dir, make_case, chinese):
    # the line as translated in workstation.po (read from it while the compiled catalogue is of an older .po)
    case = requested(db, data_dir, make_case)
    text = deadline(db, case, "T6", on="2026-05-20").calculation()
    assert "2026-05-31不是工作日" in text and "此前最后一个工作日2026-05-29" in text
    assert "is not a working day" not in text  # not the English message id left untranslated


def test_a_last_service_day_on_a_working_day_gets_no_rest_day_hint(db, data_dir, make_case, english):
    case = requested(db, data_dir, make_case, hearing="2026-06-10")  # Wednesday: back to Monday 06-01
    t6 = deadline(db, case, "T6", on="2026-05-20")
    assert t6.due == "2026-06-01"
    assert "not a working day" not in t6.calculation() and "rest day" not in state_text(t6)


def test_the_hint_stays_when_the_notice_was_served(db, data_dir, make_case, english):
    from tests.helpers import hearing_notice

    case = requested(db, data_dir, make_case)
    notice = hearing_notice(db, data_dir, case, issued_on="2026-05-27", hearing_date="2026-06-09")
    receipt(db, data_dir, case, f"行政处罚听证通知书 {notice.number}", "2026-05-28")
    t6 = deadline(db, case, "T6", on="2026-06-01")
    assert (t6.due, t6.state, t6.done_on) == ("2026-05-31", "met", "2026-05-28")
    assert "2026-05-29" in t6.calculation() and NOT_RECORDED not in t6.calculation()


def test_a_hearing_concluded_without_a_notice_says_the_notice_was_never_recorded(db, data_dir, make_case, english):
    case = requested(db, data_dir, make_case)
    assert deadline(db, case, "T6", on="2026-06-09").state == "overdue"
    stage(db, case, "decision_pending")  # as a register imports it: the hearing over
    t6 = deadline(db, case, "T6", on="2026-06-15")
    assert (t6.state, t6.due, t6.done_on) == ("ended", "2026-05-31", None)
    assert NOT_RECORDED in t6.calculation()
    assert "2026-05-31" in t6.calculation()


def test_the_note_is_in_the_clocks_command_of_the_case(db, data_dir, make_case, english, capsys):
    from workstation.cli import main

    case = stage(db, requested(db, data_dir, make_case), "decision_pending")
    capsys.readouterr()
    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--case", get_case(db, case.id).case_number,
                 "--as-of", "2026-06-15"]) == 0
    [t6] = [row for row in json.loads(capsys.readouterr().out) if row["clock"] == "T6"]
    assert t6["state"] == "ended" and NOT_RECORDED in t6["calculation"]


def test_a_hearing_concluded_with_its_notice_has_no_such_note(db, data_dir, make_case, english):
    from tests.helpers import hearing_notice

    case = requested(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on="2026-05-27", hearing_date="2026-06-09")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-06-09")
    t6 = deadline(db, case, "T6", on="2026-06-15")
    assert t6.state == "met" and NOT_RECORDED not in t6.calculation()


@pytest.mark.parametrize("on", ["2026-07-15", "2026-07-20"])
def test_a_hearing_left_before_its_service_day_has_no_such_note(db, data_dir, make_case, english, on):
    # withdrawn on 05-20: no hearing held on 07-15, viewed on that day or after it — no notice was owed
    case = requested(db, data_dir, make_case, hearing="2026-07-15")  # last day to serve: 07-06
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-05-20", reason="当事人书面撤回")
    found = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T6"]
    assert [d.state for d in found] == ["ended"]
    assert "听证通知书" not in found[0].calculation() and "without the notice" not in found[0].calculation()


@pytest.mark.parametrize(("on", "noted"), [("2026-06-05", False), ("2026-06-09", True)])
def test_a_case_imported_past_its_hearing_has_the_note_only_once_the_hearing_day_came(db, data_dir, make_case,
                                                                                       english, on, noted):
    # no end of the hearing stage recorded: before 06-09 no hearing was held yet, so none was held without a notice
    case = stage(db, requested(db, data_dir, make_case), "decision_pending")
    t6 = deadline(db, case, "T6", on=on)
    assert (t6.state, NOT_RECORDED in t6.calculation()) == ("ended", noted)


def test_the_engine_alone_does_not_say_the_notice_was_not_recorded(db, data_dir, make_case, english):
    # whether a hearing was held needs the case's steps, which only ``case_clocks`` reads: a caller of the engine that
    # shows ended clocks must not say a hearing withdrawn before its day was held without the notice
    case = requested(db, data_dir, make_case, hearing="2026-07-15")
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-05-20", reason="当事人书面撤回")
    case = get_case(db, case.id)
    engine = clocks.engine_for(db, "2026-07-20")
    rows = db.execute(f"SELECT {clocks.EVENT_COLUMNS} FROM {clocks.CASE_EVENTS} ORDER BY {clocks.EVENT_ORDER}",
                      [case.id] * clocks.CASE_EVENT_PARAMS).fetchall()
    dates = tuple(getattr(case, field) for field in clocks.CASE_DATES)
    [t6] = [d for d in engine.case_deadlines(case.id, case.case_number, case.status, dates,
                                             clocks.event_facts(engine, rows).get(case.id, []), board=False)
            if d.clock == "T6"]
    assert t6.state == "ended" and "听证通知书" not in t6.calculation()


@pytest.fixture
def two_asked(db, data_dir, make_case):
    """The company and its employee, each told of a fine with a hearing right (served 03-02), the company asking for
    a hearing on 03-03 and the employee on 03-05, the hearing set for 04-15 with no 听证通知书: (case, company,
    employee)."""
    from tests.test_party_case10 import FACTS as JOINT_FACTS
    from tests.test_party_case10 import notice, with_employee

    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=JOINT_FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-05", party_id=employee)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-04-15"))
    return case, company, employee


def test_both_parties_withdrawing_before_the_hearing_day_leaves_no_note(db, two_asked, english):
    # the company withdraws while the employee's hearing goes on (the case stays at its hearing), then the employee
    # withdraws too, ending the stage before 04-15: no hearing was held, so none without its notice
    case, company, employee = two_asked
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-10", reason="书面撤回", party_id=company)
    assert get_case(db, case.id).status == "hearing"
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-20", reason="书面撤回", party_id=employee)
    assert get_case(db, case.id).status == "decision_pending"
    found = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-04-20") if d.clock == "T6"]
    assert [d.state for d in found] == ["ended"]
    assert "听证通知书" not in found[0].calculation()


def test_one_party_withdrawing_while_the_others_hearing_is_held_keeps_the_note(db, two_asked, english):
    # the employee's hearing was still to be held on 04-15 (the case imported past it): held without a notice
    case, company, _employee = two_asked
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-10", reason="书面撤回", party_id=company)
    stage(db, case, "decision_pending")
    found = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-04-20") if d.clock == "T6"]
    assert [d.state for d in found] == ["ended"]
    assert "No 听证通知书 for the hearing on 2026-04-15 is recorded" in found[0].calculation()


def test_a_hearing_left_early_and_viewed_late_by_the_clocks_command_has_no_note(db, data_dir, make_case, english,
                                                                                capsys):
    from workstation.cli import main

    case = requested(db, data_dir, make_case, hearing="2026-07-15")
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-05-20", reason="当事人书面撤回")
    capsys.readouterr()
    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--case", get_case(db, case.id).case_number,
                 "--as-of", "2026-07-20"]) == 0
    [t6] = [row for row in json.loads(capsys.readouterr().out) if row["clock"] == "T6"]
    assert t6["state"] == "ended" and "听证通知书" not in t6["calculation"]


def test_a_notice_voided_after_the_hearing_leaves_the_note(db, data_dir, make_case, english):
    from tests.helpers import hearing_notice
    from workstation.documents.issuing import void_document

    case = requested(db, data_dir, make_case)
    notice = hearing_notice(db, data_dir, case, issued_on="2026-05-27", hearing_date="2026-06-09")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-06-09")
    void_document(db, notice.id, "文号填错")
    t6 = deadline(db, case, "T6", on="2026-06-15")
    assert (t6.state, t6.done_on) == ("ended", None)
    assert NOT_RECORDED in t6.calculation()
