"""A step that restarts the clocks (恢复) dated before the suspension it ends began (its start corrected since) is
refused naming both days; the suspension is kept. On the day the suspension began it is removed (test_s42_clocks)."""

from dataclasses import replace

import pytest

from workstation import clocks, procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case
from workstation.store.clock_events import open_event, record_clock_event


def test_a_resume_before_the_suspension_began_is_refused_and_the_suspension_kept(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="当事人下落不明")
    record_clock_event(db, replace(open_event(db, case.id, "suspension"), starts_on="2026-04-05"))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "resume", on_date="2026-04-03")
    assert str(refused.value) == (
        "“Case suspended” began on 2026-04-05 (the case's clock events): “Resume the investigation” on 2026-04-03 would end "
        "it before it began. Record “Resume the investigation” on 2026-04-05 or later, or correct the day “Case "
        "suspended” began first.")
    assert get_case(db, case.id).status == "suspended"
    assert open_event(db, case.id, "suspension").starts_on == "2026-04-05"
    t2 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-04-10") if d.clock == "T2")
    assert t2.state == "stopped"
    # on the day it began: removed, no day left uncounted
    assert procedure.apply(db, case.id, "resume", on_date="2026-04-05").status == "investigating"
    assert open_event(db, case.id, "suspension") is None
