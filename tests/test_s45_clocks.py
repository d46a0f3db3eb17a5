"""Clocks counted back from their start (T6, the hearing notice seven working days before the hearing) are
unconfirmed when the days they count run through a year without holiday data (2027), not only their last day."""

from tests.test_clocks import deadline, stage
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

FILED = dict(filed_on="2026-10-01", notice_served_on="2026-11-20")


def test_a_hearing_notice_counted_back_through_2027_is_unconfirmed(db, make_case):
    case = stage(db, make_case(), "hearing", fine_fen=500_000, **FILED)
    # 2027-01-06: seven working days back reach 2026-12-28, counting 2027-01-04…06 and taking 01-01…03 as rest days
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2027-01-06"))
    t6 = deadline(db, case, "T6", on="2026-12-04")
    assert t6.due == "2026-12-27" and not t6.confirmed


def test_a_hearing_notice_counted_within_2026_stays_confirmed(db, make_case):
    case = stage(db, make_case(), "hearing", fine_fen=500_000, **FILED)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-12-28"))
    t6 = deadline(db, case, "T6", on="2026-12-04")
    assert t6.due < "2026-12-28" and t6.confirmed


def test_the_clocks_command_says_what_a_suspended_case_has_left(db, make_case, data_dir, capsys, english):
    from workstation import procedure
    from workstation.cli import main

    case = procedure.apply(db, make_case().id, "file", on_date="2026-09-01")
    procedure.apply(db, case.id, "suspend", on_date="2026-10-01", reason="当事人下落不明")
    assert main(["clocks", "--data-dir", str(data_dir), "--case", get_case(db, case.id).case_number, "--as-of",
                 "2026-12-04"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if " T2 " in line)
    assert "(stopped, 61 days left)" in line
