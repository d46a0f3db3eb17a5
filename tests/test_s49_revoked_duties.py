"""What follows the outcome of the party's reconsideration or lawsuit, as audited: a decision revoked or declared
unlawful is not left to publish (T18 not applicable, no warning on closing), nor paid (履行 refused, nothing owed,
money paid to be refunded); the publication copy of a decision changed gives the penalty in force and names the
decision that changed it, and publishing it meets T19 (信息公示规定 art. 11, Penalty Law art. 48); 重新作出处理决定
is offered only once a challenge is recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_publication_copy import decided
from workstation import clocks, procedure
from workstation.closing import closing_warnings
from workstation.documents.publication import publication_copy
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

NUMBER = "佛府行复〔2026〕9号"


def event(case, kind, on, **more):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=on, **more)


def served_case(db, make_case):
    """A fine of ¥2,000 decided on 2026-11-12 and served on 2026-11-13 (as the audited case 佛三市监立〔2026〕6号)."""
    case = make_case(fine_fen=200_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-23",
                                   notice_served_on="2026-11-09", decided_on="2026-11-12", served_on="2026-11-13"),
                       allow_status_change=True)


def t18(db, case, on):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T18"]


# ---- 1. a revoked (or unlawful) decision is not left to publish -------------------------------------------------

@pytest.mark.parametrize(("kind", "said"), [("challenge_revoked", "撤销"), ("challenge_redo", "撤销"),
                                            ("challenge_unlawful", "违法")])
def test_a_decision_revoked_or_declared_unlawful_before_its_publication_owes_none(db, make_case, kind, said):
    case = served_case(db, make_case)
    assert [d.state for d in t18(db, case, "2026-11-20")] == ["open"]
    record_clock_event(db, event(case, "litigation", "2026-11-20"))
    record_clock_event(db, event(case, kind, "2026-12-01", approved_by=NUMBER))
    [deadline] = t18(db, case, "2026-12-20")
    assert deadline.state == "not_applicable"
    assert said in dict(deadline.detail)["not_applicable"] and "公示" in dict(deadline.detail)["not_applicable"]
    assert "T18" not in {d.clock for d in clocks.board(db, on="2026-12-20") if d.case_id == case.id}
    assert not [w for w in closing_warnings(db, get_case(db, case.id)) if "T18" in w.message]


# ---- 2. the publication copy of a changed decision -----------------------------------------------------------

def test_the_publication_copy_of_a_changed_decision_gives_the_penalty_in_force_and_who_changed_it(
        db, data_dir, make_case):
    case, decision = decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    record_clock_event(db, event(case, "publication", "2026-03-16"))
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_changed", "2026-05-11", approved_by=NUMBER, days=300_000))
    text = publication_copy(db, data_dir, decision).text()
    [penalty] = [line for line in text.splitlines() if line.startswith("行政处罚内容：")]
    assert "¥3,000.00" in penalty and "¥5,000.00" not in penalty
    assert [line for line in text.splitlines() if "经" in line and NUMBER in line and "变更为" in line
            and "¥3,000.00" in line]
    # T19 runs from the change and is met by the withdrawal with its reason (art. 11), not by publishing the
    # changed decision, which comes after the withdrawal (tests/test_s53_t19_withdrawal.py)
    [t19] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-05-12") if d.clock == "T19"]
    assert t19.state not in ("met", "not_applicable")
    record_clock_event(db, event(case, "publication_withdrawn", "2026-05-13", note=f"处罚决定经{NUMBER}复议决定变更"))
    record_clock_event(db, event(case, "publication", "2026-05-14"))
    [t19] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-05-20") if d.clock == "T19"]
    assert t19.state == "met"


def test_a_decision_changed_to_no_fine_and_nothing_else_published_is_withdrawn_not_corrected(
        db, data_dir, make_case, english):
    from workstation.documents.publication import publication_refusal

    case, decision = decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_changed", "2026-05-11", approved_by=NUMBER, no_fine=True))
    refusal = publication_refusal(db, decision)
    assert refusal is not None and NUMBER in refusal and "arts. 2, 11" in refusal


# ---- 3. no payment of a revoked decision ------------------------------------------------------------------------

def test_a_payment_of_a_revoked_decision_is_refused(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "litigation", "2026-11-20"))
    record_clock_event(db, event(case, "challenge_revoked", "2026-12-01", approved_by=NUMBER))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    # offered: a payment made before the revocation is still recorded (its date decides, the date guard)
    assert offered["record_performance"] is None
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date="2026-12-05")
    message = str(refused.value)
    assert NUMBER in message and "revoked" in message and "refund" in message
    assert get_case(db, case.id).status == "served"


# ---- 4. 重新作出处理决定 offered only after a challenge ---------------------------------------------------------

def test_the_new_decision_is_not_offered_without_a_challenge(db, make_case, english):
    case = served_case(db, make_case)
    assert "redecide" not in {t.name for t, _why in procedure.available(db, case)}
    record_clock_event(db, event(case, "reconsideration", "2026-11-20"))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["redecide"] and "No reconsideration decision or judgment ordering" in offered["redecide"]
    record_clock_event(db, event(case, "challenge_upheld", "2026-12-01", approved_by=NUMBER))
    assert "redecide" not in {t.name for t, _why in procedure.available(db, get_case(db, case.id))}


def test_the_new_decision_is_offered_once_ordered(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "litigation", "2026-11-20"))
    record_clock_event(db, event(case, "challenge_redo", "2026-12-01", approved_by=NUMBER))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["redecide"] is None
