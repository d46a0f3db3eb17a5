"""T20 (the publication period, 信息公示规定 art. 13) of a publication is as long as the 行政处罚决定书 in force on
the day it was published made it (s60): a decision of ¥200,000 published (3 years) and later corrected to ¥5,000
(whose publication would be 3 months) still runs its three years on the clock, as T19 and the refusal of a second
publication already judged it; a publication of ¥5,000 whose decision a later correction raises stays 3 months."""

from tests.test_clock_withdrawal import LONG, decision
from tests.test_s59_clocks import corrected_down, publication, served_case
from workstation import clocks
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def t20(db, case, on):
    return [(d.state, d.start, d.due) for d in clocks.case_clocks(db, get_case(db, case.id), on=on)
            if d.clock == "T20"]


def test_a_publication_of_three_years_keeps_its_period_after_a_correction_lowers_the_fine(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-20"))
    corrected_down(db, case)
    [(state, start, due)] = t20(db, case, "2026-12-07")
    assert (start, due) == ("2026-06-20", "2029-06-20")
    assert state != "ended"


def test_a_publication_of_three_months_keeps_its_period_after_a_correction_raises_the_fine(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-20"))
    decision(db, case, 1, "2026-06-15", voided_on="2026-12-04")
    decision(db, case, 2, "2026-12-04", supersedes="1", fine_fen=LONG)
    [(_state, start, due)] = t20(db, case, "2026-12-07")
    assert (start, due) == ("2026-06-20", "2026-09-20")


def test_a_publication_made_after_the_correction_is_judged_by_the_corrected_decision(db, make_case):
    case = served_case(db, make_case)
    corrected_down(db, case)
    record_clock_event(db, publication(case, "2026-12-05"))
    [(_state, start, due)] = t20(db, case, "2026-12-07")
    assert (start, due) == ("2026-12-05", "2027-03-05")
