"""A hearing moved by a second 听证通知书: the party is told of the time and place actually used seven working days
ahead (Penalty Law art. 64 (2); REFERENCE §1.2 T6), so both the guard on 听证结束 and the clock T6 count from the
notice that set the hearing held — the last issued on or before it — not from the first to reach the party. Dates are
worked by hand on the 2026 calendar (劳动节 05-01…05, make-up Saturday 05-09)."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice
from tests.test_clocks2_audit import deadline, hearing_case, receipt
from workstation import procedure


def rescheduled(db, data_dir, make_case, *, second_served_on: str):
    """The case of ``hearing_case``: its first notice (dated Monday 04-27 for Monday 05-11) served the day it bears,
    then the hearing moved by a second notice dated Wednesday 05-06 for Friday 05-15 — seven working days on
    (05-07, 05-08, 05-09, 05-11…05-14) allow 05-14 — served on ``second_served_on``, and held on 05-15."""
    from workstation.records import ClockEvent
    from workstation.store import get_case
    from workstation.store.clock_events import record_clock_event

    case, first = hearing_case(db, data_dir, make_case)
    receipt(db, data_dir, case, f"行政处罚听证通知书 {first.number}", "2026-04-27")
    # not held on 05-11 after all
    db.execute("DELETE FROM clock_events WHERE case_id = ? AND kind = 'hearing_session'", [case.id])
    second = hearing_notice(db, data_dir, case, issued_on="2026-05-06", hearing_date="2026-05-15")
    receipt(db, data_dir, case, f"行政处罚听证通知书 {second.number}", second_served_on)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-05-15"))
    return get_case(db, case.id), first, second


def test_a_hearing_moved_by_a_notice_served_three_days_ahead_is_not_concluded_and_its_clock_is_late(
    db, data_dir, make_case, english
):
    from workstation.errors import TransitionRefused
    from workstation.store import get_case

    # the second notice served Tuesday 05-12, three working days before Friday 05-15 (05-13, 05-14, 05-15); the first,
    # served 04-27, would have allowed any day from Saturday 05-09 (04-28, 04-29, 04-30, 05-06, 05-07, 05-08, 05-09)
    case, first, second = rescheduled(db, data_dir, make_case, second_served_on="2026-05-12")
    refused = procedure.hearing_notice_refusal(db, case, "2026-05-15")
    # seven working days from 05-12: 05-13, 14, 15, 18, 19, 20, 21
    assert refused == (
        f"The 听证通知书 {second.number} was served on 2026-05-12, and the hearing was held on 2026-05-15: the party "
        "is told of the hearing's time and place at least 7 working days before it (Penalty Law arts. 64 (2), 85), "
        "so the hearing could be held on 2026-05-21 at the earliest (record that day as “Hearing held”)."
    )
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-05-15")
    assert get_case(db, case.id).status == "hearing"
    # the clock agrees: seven working days back from 05-15 (05-14, 13, 12, 11, Sat 09, 08, 07) is Thursday 05-07
    t6 = deadline(db, case, "T6", on="2026-05-15")
    assert (t6.due, t6.state, t6.done_on) == ("2026-05-07", "late", "2026-05-12")
    assert f"The 听证通知书 {second.number} was served on 2026-05-12 (its 送达回证)." in t6.calculation()


def test_a_hearing_moved_by_a_notice_served_seven_working_days_ahead_is_concluded_and_its_clock_met(
    db, data_dir, make_case, english
):
    from workstation.store import get_case

    case, first, second = rescheduled(db, data_dir, make_case, second_served_on="2026-05-07")
    assert procedure.hearing_notice_refusal(db, case, "2026-05-15") is None
    t6 = deadline(db, case, "T6", on="2026-05-15")
    assert (t6.due, t6.state, t6.done_on) == ("2026-05-07", "met", "2026-05-07")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-05-15")
    assert get_case(db, case.id).status != "hearing"
