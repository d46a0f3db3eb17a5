"""Clock events against the case (audit s50): a suspension or hearing running with the case's status is ended or
removed by the procedure step alone, and recorded by it alone; a deferral approved after the payment period ended
keeps the surcharge accrued until then; closed periods of one kind do not overlap; several seizures and
preservations run at once, each its own clock."""

from dataclasses import replace

import pytest

from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.law.case_law import _surcharge
from workstation.payments import owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import (
    clock_event_errors,
    clock_events_of,
    delete_clock_event,
    end_clock_event,
    kind_refusal,
    open_event,
    record_clock_event,
)


def t2(db, case, on="2026-12-05"):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T2")


def suspended(db, make_case):
    case = make_case(status="investigating", filed_on="2026-09-01")
    procedure.apply(db, case.id, "suspend", on_date="2026-10-01", reason="当事人下落不明")
    return get_case(db, case.id)


# ---- 1. the suspension and the case's 中止 agree -----------------------------------------------------------------

def test_a_running_suspension_is_not_ended_while_the_case_is_suspended(db, make_case, english):
    case = suspended(db, make_case)
    event = open_event(db, case.id, "suspension")
    with pytest.raises(ValidationError) as refused:
        end_clock_event(db, event.id, "2026-10-10")
    assert "Resume" in refused.value.errors["ends_on"] or "resume" in refused.value.errors["ends_on"]
    assert open_event(db, case.id, "suspension") is not None
    # the step ends it: T2 does not count 10-01 .. 10-31
    procedure.apply(db, case.id, "resume", on_date="2026-11-01")
    [ended] = [e for e in clock_events_of(db, case.id) if e.kind == "suspension"]
    assert (ended.starts_on, ended.ends_on) == ("2026-10-01", "2026-10-31")
    assert t2(db, case).due == "2026-12-31"


def test_a_running_suspension_is_not_removed_while_the_case_is_suspended(db, make_case, english):
    case = suspended(db, make_case)
    event = open_event(db, case.id, "suspension")
    with pytest.raises(ValidationError) as refused:
        delete_clock_event(db, event.id, "误录")
    assert "reason" in refused.value.errors
    assert open_event(db, case.id, "suspension") is not None


def test_a_suspension_is_recorded_by_the_suspend_step_only(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    refusal = kind_refusal(db, get_case(db, case.id), "suspension")
    assert refusal and "Suspend" in refusal or "suspend" in refusal
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="suspension", starts_on="2026-10-01"))
    assert "kind" in refused.value.errors
    with pytest.raises(ValidationError):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="suspension", starts_on="2026-10-01",
                                          ends_on="2026-10-10"))
    assert clock_events_of(db, case.id) == []
    # suspended by the step, the kind is not offered again
    case = suspended(db, make_case)
    assert kind_refusal(db, case, "suspension")


def test_a_running_hearing_is_not_ended_or_removed_while_the_case_is_at_its_hearing(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    update_case(db, replace(get_case(db, case.id), status="hearing", notice_served_on="2026-11-01"),
                allow_status_change=True)
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing", starts_on="2026-11-03"))
    case = get_case(db, case.id)
    errors = clock_event_errors(db, replace(event, ends_on="2026-11-10"), case)
    assert "ends_on" in errors
    with pytest.raises(ValidationError):
        delete_clock_event(db, event.id, "误录")


def test_resuming_with_no_suspension_running_says_so_on_the_timeline(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    update_case(db, replace(get_case(db, case.id), status="suspended"), allow_status_change=True)  # older data
    resumed = procedure.apply(db, case.id, "resume", on_date="2026-11-01")
    assert resumed.status == "investigating"
    notes = " ".join(note or "" for (note,) in db.execute("SELECT note FROM case_events WHERE case_id = ?",
                                                          [case.id]).fetchall())
    assert "was running in the case's clock events when the case resumed on 2026-11-01" in notes


# ---- 2. a deferral approved after the payment period ended -------------------------------------------------------

def served(db, make_case):
    case = make_case(fine_fen=5_000_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-08-03",
                                   notice_served_on="2026-09-01", decided_on="2026-09-15", served_on="2026-11-10"),
                       allow_status_change=True)


def late_deferral(case):
    return ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-12-01", ends_on="2026-12-31",
                      approved_on="2026-12-01", approved_by="局长")


def test_a_deferral_approved_after_the_payment_period_keeps_the_surcharge_accrued(db, make_case, english):
    case = served(db, make_case)  # T8 ends 2026-11-25
    record_clock_event(db, late_deferral(case))
    case = get_case(db, case.id)
    # 2026-11-26 .. 12-01: six days of 3 % of ¥50,000
    assert owed(db, case, "2026-12-05").surcharge_fen == 900_000
    assert owed(db, case, "2026-12-31").surcharge_fen == 900_000
    # accrual resumes after the deferral: 6 + 5 days
    assert owed(db, case, "2027-01-05").surcharge_fen == 1_650_000
    law = _surcharge(db, case, "2026-12-05")
    assert law is not None and law.amount_fen == 900_000


def test_a_deferral_approved_in_time_still_leaves_nothing_owed(db, make_case, english):
    case = served(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-11-20",
                                      ends_on="2026-12-31", approved_on="2026-11-20", approved_by="局长"))
    case = get_case(db, case.id)
    assert owed(db, case, "2026-12-05").surcharge_fen == 0
    assert _surcharge(db, case, "2026-12-05") is None


def test_a_deferral_approved_after_the_payment_period_is_warned_of(db, make_case, english):
    from workstation.store.clock_events import deferral_warning

    case = served(db, make_case)
    warning = deferral_warning(db, case, late_deferral(case))
    assert "2026-11-25" in warning and "2026-12-01" in warning
    assert deferral_warning(db, case, replace(late_deferral(case), approved_on="2026-11-20",
                                              starts_on="2026-11-20")) == ""


# ---- 3. closed periods of one kind do not overlap ------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end"), [("2026-09-10", "2026-09-19"), ("2026-09-15", "2026-09-25"),
                                            ("2026-09-01", "2026-09-10"), ("2026-09-15", None)])
def test_an_overlapping_period_of_the_same_kind_is_refused(db, make_case, english, start, end):
    case = make_case(status="investigating", filed_on="2026-09-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-09-10", ends_on="2026-09-19"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on=start, ends_on=end))
    assert "2026-09-10" in " ".join(refused.value.errors.values())
    assert len(clock_events_of(db, case.id)) == 1


def test_periods_that_do_not_overlap_or_differ_in_kind_are_accepted(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-09-01")
    first = record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-09-10",
                                              ends_on="2026-09-19"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-09-20", ends_on="2026-09-25"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="identification", starts_on="2026-09-12",
                                      ends_on="2026-09-14"))
    record_clock_event(db, replace(first, note="委托检测"))  # the event itself changed: not overlapping itself
    assert len(clock_events_of(db, case.id)) == 3


# ---- 4. several seizures and preservations at once ---------------------------------------------------------------

@pytest.mark.parametrize(("kind", "clock"), [("seizure", "T14"), ("preservation", "T13")])
def test_several_measures_run_at_once_each_with_its_own_clock(db, make_case, english, kind, clock):
    case = make_case(status="investigating", filed_on="2026-09-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-11-20"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-11-27"))
    shown = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-05") if d.clock == clock]
    assert sorted(d.start for d in shown) == ["2026-11-20", "2026-11-27"]
    board = [d for d in clocks.board(db, on="2026-12-05") if d.case_id == case.id and d.clock == clock]
    assert len(board) == 2
