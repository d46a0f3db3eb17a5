"""A step that does not apply to the case is said so first: handing over a fine collected on the spot (罚款已交至
行政机关), its payment into the bank or the filing with the bureau of a decision made on the spot, recorded in a case
decided under the general procedure, is refused for that — not for its date, measured against an "on-the-spot
decision" the case never had — on the command line (``cases transition``) and through ``record_clock_event``."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store.clock_events import clock_event_errors, record_clock_event

REFUSED = "No fine was collected on the spot in this case"


def _general(make_case):
    """A case decided under the general procedure on 2026-11-10, like the demo's 佛南市监立〔2026〕8号."""
    return make_case(status="served", filed_on="2026-11-03", review_on="2026-11-04", notice_served_on="2026-11-05",
                     notice_waived=True, decided_on="2026-11-10", served_on="2026-11-11", fine_fen=500_000)


def test_the_command_line_says_the_hand_over_does_not_apply_not_that_it_is_dated_too_early(
        capsys, db, data_dir, make_case, english):
    case = _general(make_case)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "hand_over_fine",
                         "--date", "2026-03-11")
    assert code != 0 and not out
    assert REFUSED in err
    assert "on-the-spot decision" not in err and "2026-11-10" not in err
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone() == (0,)


@pytest.mark.parametrize(("kind", "refusal"), [
    ("fine_handed_over", REFUSED), ("fine_banked", REFUSED),
    ("bureau_filing", "No decision was made on the spot under the simple procedure in this case")])
def test_record_clock_event_refuses_the_kind_alone(db, make_case, english, kind, refusal):
    case = _general(make_case)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-11"))
    assert list(refused.value.errors) == ["kind"]
    assert refused.value.errors["kind"].startswith(refusal)


def test_the_kind_refusal_comes_first_when_the_date_is_wrong_too(db, make_case, english):
    case = _general(make_case)
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="fine_handed_over", starts_on="2026-3-99"),
                                case)
    assert list(errors)[0] == "kind" and errors["kind"].startswith(REFUSED)
