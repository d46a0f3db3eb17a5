"""T6 (the party told of the hearing at least seven working days before it, Penalty Law arts. 64 (2), 85) counted
one way: forward from the day after the notice reaches the party (REFERENCE §1.2 rule 1), as the refusal of a
hearing set too soon counts it. The board's last day for the notice is the last day from which seven working days
end on the hearing day at the latest: a notice served on the Sunday after that working day comes in time, and one
for a hearing on a rest day must come a working day earlier (the board said late and in time the other way round)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_clocks import deadline, stage
from workstation.clocks import _Engine, rule
from workstation.records import ClockEvent
from workstation.store.clock_events import record_clock_event
from workstation.workdays import default_calendar

FILED = dict(filed_on="2026-01-10", notice_served_on="2026-01-20")


@pytest.mark.parametrize(("hearing", "due"), [
    # Tuesday 05-19: seven working days from the day after Sunday 05-10 (05-11 … 05-19); Saturday 05-09 is a
    # make-up working day, the seventh back
    ("2026-05-19", "2026-05-10"),
    # Saturday 01-17, a rest day: the seventh working day after 01-07 is 01-16; one served on 01-08 reaches 01-19
    ("2026-01-17", "2026-01-07"),
    # Monday 05-11 over 劳动节 and make-up Saturday 05-09
    ("2026-05-11", "2026-04-28"),
])
def test_the_hearing_notice_is_due_as_the_refusal_counts_it(db, make_case, hearing, due):
    case = stage(db, make_case(), "hearing", fine_fen=500_000, **FILED)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=hearing))
    assert deadline(db, case, "T6", on="2026-01-05").due == due


def test_every_hearing_day_of_2026_gives_the_last_day_seven_working_days_before_it():
    calendar = default_calendar(None)
    engine, t6 = _Engine(calendar, dt.date(2026, 1, 1).toordinal()), rule("T6")
    day = dt.date(2026, 1, 20)
    while day.year == 2026:
        latest = dt.date.fromordinal(engine.latest_before(t6, day.toordinal()))
        # in time from that day, too late from the next
        assert calendar.add_workdays(latest, 7) <= day < calendar.add_workdays(latest + dt.timedelta(days=1), 7), day
        day += dt.timedelta(days=1)
