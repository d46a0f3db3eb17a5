"""案件中止 is recorded only while the case is still to be decided (found by the GUI audit): it pauses the
investigation and the time to decide (T2, REFERENCE §1.2), which is over once the case is decided or closed; the
event dialog opened on a closed case offered it first and stored an open-ended suspension."""

import pytest

from workstation import procedure
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import find_case
from workstation.store.clock_events import clock_events_of, kind_refusal, record_clock_event

CLOSED = "佛三市监立〔2026〕1号"  # closed on 2026-05-18
INVESTIGATING = "佛南市监立〔2026〕9号"


def test_a_closed_case_is_not_suspended(demo_db, english):
    case = find_case(demo_db, CLOSED)
    before = len(clock_events_of(demo_db, case.id))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="suspension", starts_on="2026-06-01"))
    assert "it is recorded only before the case is decided or closed" in refused.value.errors["kind"]
    assert len(clock_events_of(demo_db, case.id)) == before


def test_a_case_under_investigation_is_suspended(demo_db, english):
    # by the step 中止调查, which records the suspension with the case's status (not in its clock events alone)
    case = find_case(demo_db, INVESTIGATING)
    assert "“Suspend the investigation”" in kind_refusal(demo_db, case, "suspension")
    procedure.apply(demo_db, case.id, "suspend", on_date=case.filed_on, reason="当事人下落不明")
    [event] = [e for e in clock_events_of(demo_db, case.id) if e.kind == "suspension"]
    assert (event.starts_on, event.ends_on) == (case.filed_on, None)
