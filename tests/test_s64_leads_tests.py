"""Session 64, the leads audit's item 5 on a case: 立案 or 不予立案 after the lead's verification period (T1, 15
working days) ran out says by how many working days it came late, as the lead's history and `leads decide` say it
(``leads_workflow._t1_late_days``), not in calendar days over a weekend ("期限（2026-11-30届满）后6日立案" for 4
working days); a limit counted in calendar days (T2, 90 days) is still overrun in calendar days."""

from __future__ import annotations

from workstation import concluding
from workstation.store import case_events

# received Friday 2026-03-06: T1 ends on Friday 2026-03-27 (15 working days)
RECEIVED, DUE = "2026-03-06", "2026-03-27"


def test_filing_after_a_weekend_past_t1_counts_the_working_days_over(db, make_case, english):
    case = make_case(lead_received_on=RECEIVED)
    assert concluding.late_filing_warnings(db, case, "file", DUE) == []
    # Wednesday 2026-04-01: 5 calendar days after, 3 working days (30, 31 March, 1 April)
    (found,) = concluding.late_filing_warnings(db, case, "file", "2026-04-01")
    assert found.note == f"Filed 3 working days after the time limit T1 ran out on {DUE}."
    assert "deciding on 2026-04-01 whether to file comes 3 working days after it" in found.message
    assert found.done.startswith("The case is filed 3 working days after the time limit ")
    (declined,) = concluding.late_filing_warnings(db, case, "decline_filing", "2026-03-30")  # the next Monday
    assert declined.note == f"Decided not to file 1 working day after the time limit T1 ran out on {DUE}."


def test_filing_on_the_rest_day_after_t1_is_still_said_late(db, make_case, english):
    """Saturday 2026-03-28, the day after T1's last day: no working day over, yet after the limit — said in the
    calendar days it is (never "0 working days", never nothing)."""
    case = make_case(lead_received_on=RECEIVED)
    (found,) = concluding.late_filing_warnings(db, case, "file", "2026-03-28")
    assert found.note == f"Filed 1 day after the time limit T1 ran out on {DUE}."


def test_the_command_line_says_it_and_the_timeline_keeps_it(db, data_dir, make_case, capsys, english):
    from tests.helpers import run_json

    case = make_case(lead_received_on=RECEIVED)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date", "2026-04-01")
    assert any(w.startswith("The case is filed 3 working days after the time limit T1 ") and DUE in w
               for w in result["warnings"]), result["warnings"]
    assert not any("5 days" in w for w in result["warnings"])
    notes = [e.note or "" for e in case_events(db, case.id) if e.kind == "transition"]
    assert f"Filed 3 working days after the time limit T1 ran out on {DUE}." in notes, notes


def test_a_decision_after_t2_is_still_counted_in_calendar_days(db, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-06-03")  # T2: 90 days, to 2026-09-01 (Tuesday)
    (found,) = concluding.late_decision_warnings(db, case, "decide_penalty", "2026-09-07")  # the next Monday
    assert found.note == "Decided 6 days after the time limit T2 ran out on 2026-09-01."
