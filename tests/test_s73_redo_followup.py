"""s73 (redo_followup): the joint of the 责令重作 (order to decide anew) and payment paths.

1. each party's payments in full count under its own decision in force (``payments.party_decision_days``): one rule
   with payments.py, not a second filter on the order's day;
2. after a party's decision is revoked and made again, its new payment is recorded (``_payment_date_guard`` reads the
   party's own decision day), as a user records it;
3. a new decision is dated after the order to decide anew, never on its day: ``redecide``, ``decide_penalty``,
   ``decide_no_penalty`` and the 行政处罚决定书 / 不予行政处罚决定书 dated on or before it are refused, naming it;
4. a party's balance under its new decision starts from that decision, not counting the revoked round's parts;
7. 撤销上一步 of the one-party 重新作出处理决定 changes nothing it cannot put back."""

from __future__ import annotations

import pytest

from tests.test_s73_redo_party import ORDER, _party_redone
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.store import get_case


def _redecided(db, data_dir, make_case, new_on="2026-06-20", served_on="2026-06-22"):
    """``_party_redone`` (company and employee decided 03-10, served 03-12; the company's decision revoked with a new
    one ordered on 06-01), 重新作出处理决定 for the company on 06-05, its new decision (¥4,000) issued ``new_on`` and
    served ``served_on``: (case, company, employee)."""
    from tests.test_party_case10 import decide
    from workstation import procedure

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出", party_ids=(company,))
    decide(db, data_dir, get_case(db, case.id), company, fine_fen="4000", decided_on=new_on)  # ¥4,000 (yuan, as typed)
    procedure.apply(db, case.id, "serve_decision", on_date=served_on, party_ids=(company,))
    return get_case(db, case.id), company, employee


def _stored(db, case, party_id, payment: Payment, on_date: str):
    """A payment of the party as a register import stores it (no guard): between the order and the new decision."""
    from workstation.case_records import CaseEvent
    from workstation.store.cases import add_event

    add_event(db, CaseEvent(case.id, "payment", f"{on_date}T09:00:00", on_date=on_date, party_id=party_id,
                            details=payment.to_json()))


# ---- 1. one rule: each party's payment in full under its own decision in force ----------------------------------------

def test_a_payment_between_the_order_and_the_new_decision_is_not_the_partys_payment(db, data_dir, make_case):
    from workstation import party_decisions, payments

    case, company, employee = _redecided(db, data_dir, make_case)
    _stored(db, case, company, Payment(paid_fen=400_000, voucher="GAP-1"), "2026-06-10")  # after 06-01, before 06-20
    case = get_case(db, case.id)
    # was {company: "2026-06-10"}: only a payment on or before the order was left out, not one before the new decision
    assert company not in party_decisions.payments(db, case)
    assert payments._paid_in_full(db, case, company) is False  # payments.py says the same
    assert company in {p.id for p in party_decisions.still_owing(db, case)}
    procedure_paid(db, case, company, "2026-06-25")
    assert party_decisions.payments(db, get_case(db, case.id))[company] == "2026-06-25"
    assert employee not in party_decisions.payments(db, get_case(db, case.id))


def procedure_paid(db, case, party_id, on_date, payment: Payment | None = None, in_full=True):
    from workstation import procedure

    procedure.apply(db, case.id, "record_performance", on_date=on_date, party_ids=(party_id,), in_full=in_full,
                    **({"payment": payment} if payment else {}))


def test_a_payment_on_or_before_the_partys_order_is_not_its_payment_before_its_new_decision(db, data_dir, make_case):
    from workstation import party_decisions

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    _stored(db, case, company, Payment(paid_fen=500_000, voucher="OLD-1"), "2026-05-20")  # the revoked decision's
    case = get_case(db, case.id)
    assert company not in party_decisions.payments(db, case)


# ---- 2. the party's new payment is recorded as a user records it ------------------------------------------------------

def test_a_party_decided_anew_pays_under_its_new_decision_and_not_before(db, data_dir, make_case, english):
    from workstation import party_decisions, procedure

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    # its decision revoked, no new one made: nothing is owed under it
    with pytest.raises(TransitionRefused, match="not been served|revoked on 2026-06-01"):
        procedure_paid(db, case, company, "2026-06-03")
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出", party_ids=(company,))
    from tests.test_party_case10 import decide

    decide(db, data_dir, get_case(db, case.id), company, fine_fen="4000", decided_on="2026-06-20")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-22", party_ids=(company,))
    procedure_paid(db, case, company, "2026-06-25", Payment(paid_fen=100_000), in_full=False)
    case = get_case(db, case.id)
    assert company not in party_decisions.payments(db, case)  # a part of ¥4,000
    procedure_paid(db, case, company, "2026-06-28", Payment(paid_fen=300_000), in_full=False)
    assert party_decisions.payments(db, get_case(db, case.id))[company] == "2026-06-28"


# ---- 3. the new decision is dated after the order, never on its day ----------------------------------------------------

def test_the_party_step_and_its_new_decision_are_not_dated_on_the_orders_day(db, data_dir, make_case, english):
    from tests.test_party_case10 import decide
    from workstation import procedure
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    with pytest.raises(TransitionRefused, match="2026-06-01"):  # was accepted on the order's day
        procedure.apply(db, case.id, "redecide", on_date="2026-06-01", reason="x", party_ids=(company,))
    assert get_case(db, case.id).status == "served"
    procedure.apply(db, case.id, "redecide", on_date="2026-06-02", reason="x", party_ids=(company,))
    with pytest.raises(Exception, match="2026-06-01"):
        decide(db, data_dir, get_case(db, case.id), company, fine_fen="400000", decided_on="2026-06-01")
    with pytest.raises(Exception, match="2026-06-01"):  # a 不予行政处罚决定书 too (was issued)
        issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"),
                       {"decided_on": "2026-06-01", "ground": "无过错不罚", "facts": "经查……"}, party_id=company)
    assert decide(db, data_dir, get_case(db, case.id), company, fine_fen="400000", decided_on="2026-06-02").number


def _typed_redone(db, make_case):
    """The audit's case (stats_law defect 1): one party, ¥50,000 typed on the case, decided and served on 06-01, its
    decision revoked with a new one ordered on 08-03."""
    from tests.test_clock_challenges import challenge, outcome
    from workstation import procedure
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="decision_pending", filed_on="2026-05-01", notice_served_on="2026-05-10",
                     notice_waived=True, fine_fen=5_000_000)
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-06-01")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-01")
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-08-03", number=ORDER))
    return get_case(db, case.id)


def test_a_case_is_not_decided_anew_on_the_orders_day(db, make_case, english):
    from workstation import procedure, stats

    case = _typed_redone(db, make_case)
    with pytest.raises(TransitionRefused, match="2026-08-03"):  # was accepted, the new fine then counted ¥0
        procedure.apply(db, case.id, "redecide", on_date="2026-08-03", reason="判决撤销并责令重新作出")
    assert get_case(db, case.id).status == "served"
    # as an earlier version recorded it: the step on the order's day; the decision of that day is refused
    procedure.apply(db, case.id, "redecide", on_date="2026-08-04", reason="判决撤销并责令重新作出")
    db.execute("UPDATE case_events SET on_date = '2026-08-03' WHERE case_id = ? AND to_status = 'decision_pending' "
               "AND from_status = 'served'", [case.id])
    db.execute("UPDATE cases SET fine_fen = 3000000 WHERE id = ?", [case.id])
    for name in ("decide_penalty", "decide_no_penalty"):
        with pytest.raises(TransitionRefused, match="2026-08-03"):
            procedure.apply(db, case.id, name, on_date="2026-08-03", reason="x")
    assert get_case(db, case.id).status == "decision_pending"
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-08-04")
    assert stats.campaign_stats(db)["fines_fen"] == 3_000_000
    procedure.apply(db, case.id, "serve_decision", on_date="2026-08-05")
    procedure.apply(db, case.id, "record_performance", on_date="2026-08-06", payment=Payment(paid_fen=3_000_000))
    assert get_case(db, case.id).status == "performed"


# ---- 4. the balance of a party decided anew starts from its new decision -----------------------------------------------

def test_the_balance_under_a_new_decision_leaves_out_the_revoked_rounds_parts(db, data_dir, make_case, english):
    from tests.test_clock_challenges import outcome
    from tests.test_party_case10 import decide, served_pair
    from workstation import payments, procedure
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee, _decided = served_pair(db, data_dir, make_case)
    procedure_paid(db, case, company, "2026-03-20", Payment(paid_fen=100_000), in_full=False)  # the first round
    assert payments.paid_in_part(db, get_case(db, case.id), company) == 100_000
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=company,
                                      starts_on="2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01", number=ORDER, party_id=company))
    case = get_case(db, case.id)
    assert payments.paid_in_part(db, case, company) == 0  # revoked: not paid under a decision in force
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出", party_ids=(company,))
    decide(db, data_dir, get_case(db, case.id), company, fine_fen="4000", decided_on="2026-06-20")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-22", party_ids=(company,))
    case = get_case(db, case.id)
    assert payments.balance(db, case, company) is None  # nothing paid under the new decision yet
    procedure_paid(db, case, company, "2026-06-25", Payment(paid_fen=100_000), in_full=False)
    case = get_case(db, case.id)
    found = payments.balance(db, case, company)
    assert found is not None and found.paid_fen == 100_000 and found.owed_fen == 400_000, found
    assert payments.still_owed(db, case, company) == ("2026-06-25", 100_000, 300_000)
    assert payments.balance(db, case, employee) is None  # the employee's decision stands, unpaid


# ---- 7. 撤销上一步 of the one-party 重新作出处理决定 ----------------------------------------------------------------------

def test_undoing_the_party_step_changes_nothing_it_cannot_put_back(db, data_dir, make_case, english):
    """The one-party 重新作出处理决定 reopened a case closed without its 结案 recorded here (the status written
    directly): ``step_undo`` cannot put that 结案日期 back, so the undo is refused, the case stays as the step left it —
    served, the order answered — and the refusal is the one the window shows."""
    from workstation import procedure
    from workstation.store.cases import case_timeline

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    db.execute("UPDATE cases SET status = 'closed', closed_on = '2026-05-01' WHERE id = ?", [case.id])
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出", party_ids=(company,))
    case = get_case(db, case.id)
    assert (case.status, case.closed_on) == ("served", None)
    said = procedure.undo_refusal(db, case)
    assert said
    with pytest.raises(TransitionRefused) as refused:
        procedure.undo_last_step(db, case.id, "误录")
    assert str(refused.value) == said
    after = get_case(db, case.id)
    assert (after.status, after.closed_on) == ("served", None)
    assert company not in procedure.party_redo_orders(db, after)  # still answered: not half undone
    assert any("a new decision ordered for" in e.text for e in case_timeline(db, after))


# ---- stop read A: the redecide refusal's own reason; an undated hearing request -----------------------------------------

def test_the_redecide_refusal_says_the_orders_day_belongs_to_the_revoked_round(db, data_dir, make_case, english):
    """重新作出处理决定 is not a decision: its refusal on the order's day says why in its own terms."""
    from workstation import procedure

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "redecide", on_date="2026-06-01", reason="x", party_ids=(company,))
    message = str(refused.value)
    assert "2026-06-01" in message and "revoked round" in message and "would be the one it revoked" not in message
    case = _typed_redone(db, make_case)
    with pytest.raises(TransitionRefused) as refused:  # a case with one party: the same reason
        procedure.apply(db, case.id, "redecide", on_date="2026-08-03", reason="x")
    assert "2026-08-03" in str(refused.value) and "revoked round" in str(refused.value)


def test_a_hearing_request_recorded_without_its_day_after_the_order_is_a_request(db, data_dir, make_case, english):
    """A request recorded before steps kept their day (no ``on_date``) is read by the day it was recorded
    (``clocks.STEP_DAY``): one recorded after the order to decide anew is the new round's request, not dropped."""
    from tests.test_s73_redo_hearing import _noticed_anew
    from workstation import procedure

    case, company, _employee = _noticed_anew(db, data_dir, make_case, hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company,))
    procedure.apply(db, case.id, "request_hearing", on_date="2026-06-09", party_ids=(company,))
    db.execute("UPDATE case_events SET on_date = NULL, at = '2026-06-09T09:00:00' WHERE case_id = ? AND "
               "to_status = 'hearing' AND party_id = ?", [case.id, company])
    assert procedure.hearing_requests(db, get_case(db, case.id)) == {company: "2026-06-09"}
    # one recorded, undated, on or before the order (06-01) was the revoked round's
    db.execute("UPDATE case_events SET at = '2026-05-20T09:00:00' WHERE case_id = ? AND to_status = 'hearing' AND "
               "party_id = ?", [case.id, company])
    assert procedure.hearing_requests(db, get_case(db, case.id)) == {}
