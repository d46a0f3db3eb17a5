"""REFERENCE §1.2, §1.8 and §9 checked against answers worked out by hand on the 2026 calendar of §9 (holidays and
make-up working days as the State Council notice gives them): each time limit counted from its own start, the start
day not counted, working days skipping holidays but counting make-up Saturdays and Sundays, a party's calendar-day
period ending on a rest day moved to the next working day while an internal limit is only flagged; and the surcharge
of a late payment not counting the days a reconsideration or a lawsuit was pending (Penalty Law art. 73)."""

from __future__ import annotations

import pytest

from tests.helpers import run_json
from tests.test_clocks import deadline, stage
from workstation.payments import owed
from workstation.records import ClockEvent
from workstation.store.clock_events import record_clock_event

FILED = dict(filed_on="2026-01-10", notice_served_on="2026-01-20")


@pytest.mark.parametrize(("clock", "status", "dates", "event", "due"), [
    # T8 (15 cd, the party's): ends on make-up Saturday 2026-02-14, a working day: not moved
    ("T8", "served", dict(decided_on="2026-01-30", served_on="2026-01-30"), None, "2026-02-14"),
    # ends on Sunday 2026-03-08: moved to Monday
    ("T8", "served", dict(decided_on="2026-02-21", served_on="2026-02-21"), None, "2026-03-09"),
    # ends on 2026-02-15, the first day of 春节 (15–23): moved to Tuesday 2026-02-24
    ("T8", "served", dict(decided_on="2026-01-31", served_on="2026-01-31"), None, "2026-02-24"),
    # T10 (60 cd): 2026-08-04 + 60 = 2026-10-03 (国庆) → 2026-10-08
    ("T10", "served", dict(decided_on="2026-08-04", served_on="2026-08-04"), None, "2026-10-08"),
    # T11 (6 months): 03-31 → 09-30 (no 31st); 04-04 → 10-04 (国庆) → 10-08
    ("T11", "served", dict(decided_on="2026-03-31", served_on="2026-03-31"), None, "2026-09-30"),
    ("T11", "served", dict(decided_on="2026-04-04", served_on="2026-04-04"), None, "2026-10-08"),
    # T6 (7 wd before the hearing): back from Monday 05-11 over make-up Saturday 05-09 and 劳动节 (05-01…05) to 04-28
    ("T6", "hearing", {}, dict(kind="hearing_session", starts_on="2026-05-11"), "2026-04-28"),
    # T13 (7 wd): 10-08, 10-09, make-up Saturday 10-10, 10-12 … 10-15
    ("T13", "investigating", {}, dict(kind="preservation", starts_on="2026-09-30"), "2026-10-15"),
    # T15 (10 wd after the 催告书): make-up Sunday 09-20, 09-21…24, [中秋 25–27], 09-28…30, [国庆], 10-08, 10-09
    ("T15", "served", dict(decided_on="2026-06-01", served_on="2026-06-01"),
     dict(kind="demand", starts_on="2026-09-18"), "2026-10-09"),
    # T18 (20 wd from the decision): 09-11, 09-14…18, 09-20, 09-21…24, 09-28…30, 10-08, 10-09, 10-10, 10-12…14
    ("T18", "penalty_decided", dict(decided_on="2026-09-10"), None, "2026-10-14"),
    # T7 (7 wd from the decision): 10-08, 10-09, 10-10 (make-up), 10-12 … 10-15
    ("T7", "penalty_decided", dict(decided_on="2026-09-30"), None, "2026-10-15"),
    # T3 (10 wd): 02-13, 02-14 (make-up), [春节], 02-24…27, 02-28 (make-up), 03-02…04
    ("T3", "under_review", dict(review_on="2026-02-12", notice_served_on=None), None, "2026-03-04"),
    # T4 (5 wd from the service of the 告知书): 02-14 (make-up), [春节], 02-24 … 02-27
    ("T4", "pre_notice", dict(notice_served_on="2026-02-13"), None, "2026-02-27"),
    # T14 (30 cd, internal): ends on make-up Saturday 10-10, a working day, neither moved nor flagged
    ("T14", "investigating", {}, dict(kind="seizure", starts_on="2026-09-10"), "2026-10-10"),
    # T2 (90 cd, internal): day 90 is 10-03 (国庆), flagged but not moved
    ("T2", "investigating", dict(filed_on="2026-07-05", notice_served_on=None), None, "2026-10-03"),
])
def test_time_limits_worked_out_by_hand_on_the_2026_calendar(db, make_case, clock, status, dates, event, due):
    case = stage(db, make_case(), status, fine_fen=500_000, **{**FILED, **dates})
    if event:
        record_clock_event(db, ClockEvent(case_id=case.id, **event))
    d = deadline(db, case, clock, on="2026-01-21")
    assert d.due == due
    assert d.rest_day_flagged is (clock == "T2")


def test_testing_time_is_not_counted_in_the_working_days_of_t1(db, make_case):
    # lead received 2026-03-02: 15 wd end 03-23 (§9); testing on 03-04 and 03-05 (2 wd) pushes it to 03-25
    case = make_case(lead_received_on="2026-03-02")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-04", ends_on="2026-03-05"))
    assert deadline(db, case, "T1", on="2026-03-03").due == "2026-03-25"


def test_after_a_reconsideration_the_suit_and_court_enforcement_count_from_its_decision(db, make_case):
    # decision received 2026-09-20: T12 = +15 = 10-05 (国庆) → 10-08; T16 three months later, 2027-01-08
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-10",
                                      ends_on="2026-09-20"))
    assert deadline(db, case, "T12", on="2026-09-21").due == "2026-10-08"
    assert deadline(db, case, "T16", on="2026-09-21").due == "2027-01-08"


# ---- the surcharge of a late payment and a pending reconsideration (Penalty Law art. 73 para. 3) --------------------
# A fine of ¥5,000 served 2026-06-16: T8 ends 2026-07-01. A reconsideration pending 2026-06-20 … 07-05 covers 4 days
# after T8 (07-02 … 07-05). Paid 2026-07-11: 10 days late, 6 of them counted: 6 × ¥150 = ¥900, ¥5,900 in all.

def reconsidered(db, make_case):
    case = stage(db, make_case(fine_fen=500_000), "served", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-15", served_on="2026-06-16")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-20",
                                      ends_on="2026-07-05"))
    return case


def test_the_surcharge_owed_on_a_late_payment_leaves_out_the_days_a_reconsideration_was_pending(db, make_case):
    owing = owed(db, reconsidered(db, make_case), "2026-07-11")
    assert (owing.due, owing.days_late, owing.paused_days, owing.surcharge_fen, owing.total_fen) == (
        "2026-07-01", 6, 4, 90_000, 590_000)


def test_paying_the_surcharge_of_the_days_counted_is_not_warned_and_another_amount_says_why(
        db, data_dir, make_case, capsys, english):
    case = reconsidered(db, make_case)
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-11",
                      "--paid", "5900", "--surcharge", "900", "--data-dir", data_dir)
    assert (result["status"], result.get("warnings", [])) == ("performed", [])
    other = reconsidered(db, make_case)
    result = run_json(capsys, "cases", "transition", other.case_number, "record_performance", "--date", "2026-07-11",
                      "--paid", "5000", "--data-dir", data_dir)
    assert result["warnings"] == [
        "The amount paid, ¥5,000.00, is not what is owed: fine ¥5,000.00; surcharge (加处罚款) ¥900.00 for 6 days "
        "after the payment period ended on 2026-07-01, the 4 days a reconsideration or lawsuit was pending not counted "
        "(3 % of the fine a day, at most the fine; Penalty Law arts. 72, 73), ¥5,900.00 in all. Check the payment "
        "voucher before recording it. ¥5,000.00 paid in all leaves ¥900.00 still owed: the "
        "payment is recorded as a payment of part of what is "
        "owed and the case stays served (已送达), not performed (已履行), until the rest is paid; unpaid, the rest is "
        "demanded by a 催告书 (T15) and enforced by applying to the people's court (T16)."]
