"""The board's "due within N days" counts calendar days for every row: a clock not started yet (court enforcement,
T16, while a reconsideration is pending) is due at no time, and a stopped clock is kept by the day it would end
were it counted again from today, not by its days left in its own unit (3 months read as 3 days; 3 working days
over a weekend as 3 days)."""

from __future__ import annotations

from tests.test_clock_challenges import challenge, served_case
from tests.test_clocks import stage
from workstation import clocks, procedure
from workstation.records import ClockEvent
from workstation.store.clock_events import record_clock_event


def _clocks(db, case, on, within):
    return sorted(d.clock for d in clocks.board(db, on=on, due_within=within) if d.case_id == case.id)


def test_a_clock_not_started_is_not_due_within_any_days(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    [t16] = [d for d in clocks.board(db, on="2026-07-01") if d.case_id == case.id and d.clock == "T16"]
    assert (t16.state, t16.days_left, t16.rule.unit) == ("stopped", 3, "months")
    assert "T16" not in _clocks(db, case, "2026-07-01", 3)
    assert "T16" not in _clocks(db, case, "2026-07-01", 400)


def test_a_stopped_clock_is_due_by_the_day_it_would_end_if_counted_again(db, make_case):
    # T2 (90 days from the day after filing on 2026-01-10) stopped by a suspension from 2026-04-08: 3 days left
    case = stage(db, make_case(), "investigating", filed_on="2026-01-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-08", reason="当事人下落不明")
    [t2] = [d for d in clocks.board(db, on="2026-04-20") if d.case_id == case.id and d.clock == "T2"]
    assert (t2.state, t2.days_left, t2.rule.unit) == ("stopped", 3, "cd")
    assert "T2" in _clocks(db, case, "2026-04-20", 3)
    assert "T2" not in _clocks(db, case, "2026-04-20", 2)


def test_working_days_left_are_counted_as_the_days_they_take(db, make_case):
    # T1 (15 working days from 2026-04-01) stopped by testing from 04-20 with 4 working days left: counted again
    # from Friday 04-24 they end on Thursday 04-30, six days on
    case = make_case(lead_received_on="2026-04-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", clock="T1", starts_on="2026-04-20"))
    [t1] = [d for d in clocks.board(db, on="2026-04-24") if d.case_id == case.id and d.clock == "T1"]
    assert (t1.state, t1.days_left, t1.rule.unit) == ("stopped", 4, "wd")
    assert "T1" not in _clocks(db, case, "2026-04-24", 5)
    assert "T1" in _clocks(db, case, "2026-04-24", 6)
