"""The stop read of s76's procedure and payments: the surcharge carries the days paused up to the last day it counted.
(A case taken back from the police on the day it was transferred: ``test_s76_police_transfer``.)"""


def test_the_surcharge_carries_the_days_paused_up_to_the_last_day_it_counted():
    from workstation.law.surcharge import surcharge

    # paid in full on 01-25: the count stops there, 6 of the 11 paused days before it
    accrued = surcharge(100_000, "2026-01-10", "2026-02-10", [("2026-01-20", "2026-01-30")], [("2026-01-25", 100_000)])
    assert (accrued.counted_days, accrued.counted_paused_days, accrued.paused_days) == (9, 6, 11)
    unpaid = surcharge(100_000, "2026-01-10", "2026-02-10", [("2026-01-20", "2026-01-30")])
    assert (unpaid.counted_days, unpaid.counted_paused_days) == (20, 11)
