"""s73 (party_payments): in a case with several parties each party's payments count under its own decision in force
— on or after the 决定日期 its own 行政处罚决定书 bears, not the case's — and a payment recorded without its day counts
by the day it was recorded (``clocks.STEP_DAY``) wherever it is counted: in payments.py's own checks as in each
party's payment (``party_decisions.payments``) and the payments under a revoked decision (``closing``)."""

from __future__ import annotations

import pytest

from tests.test_multiparty12 import decided_case
from tests.test_party_case10 import EMPLOYEE
from workstation import party_decisions, payments, procedure
from workstation.case_records import CaseEvent
from workstation.closing import paid_under_revoked
from workstation.payments import Payment, as_part
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import add_event
from workstation.store.clock_events import record_clock_event

COMPANY_DECIDED, EMPLOYEE_DECIDED = "2026-03-10", "2026-05-01"


@pytest.fixture
def apart(db, data_dir, make_case):
    """The company decided (03-10, ¥50,000) and served (03-12); the employee's decision, served 03-12, revoked with a
    new one ordered on 04-20 (撤销并责令重新作出), its new decision of 05-01 (¥5,000) in force, served 05-04. The case's
    决定日期 stays 03-10. (case, company, employee)."""
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_warning=False,
                                                            employee_decided_on=EMPLOYEE_DECIDED)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-03-20",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_redo", starts_on="2026-04-20",
                                      approved_by="佛府复〔2026〕3号", party_id=employee))
    procedure.apply(db, case.id, "serve_decision", on_date="2026-05-04", party_ids=(employee,))
    case = get_case(db, case.id)
    assert case.decided_on == COMPANY_DECIDED
    return case, company, employee


def paid(db, case, party_id, payment: Payment, on_date: str | None, at: str | None = None, part=True):
    """A payment of the party recorded as stored (``on_date`` None: recorded without its day, at ``at``)."""
    details = payment.to_json()
    add_event(db, CaseEvent(case.id, "payment", at or f"{on_date}T09:00:00", on_date=on_date, party_id=party_id,
                            details=as_part(details) if part else details))


# ---- 1. each party's payments under its own decision ---------------------------------------------------------------

def test_a_payment_before_the_partys_own_decision_is_not_paid_under_it(db, apart, english):
    case, _company, employee = apart
    # after the case's 决定日期 (03-10), before the employee's own decision (05-01): its revoked decision's
    paid(db, case, employee, Payment(paid_fen=100_000, voucher="OLD-1"), "2026-04-01")
    case = get_case(db, case.id)
    assert payments.paid_in_part(db, case, employee) == 0
    assert payments.balance(db, case, employee) is None
    assert payments.owed(db, case, "2026-05-10", employee).paid_in_part_fen == 0
    steps = dict(party_decisions.party_steps(db, case))[EMPLOYEE]
    assert "not paid" in steps and "¥1,000.00" not in steps
    # its voucher is not one of a payment under the decision in force
    assert payments.voucher_refusal(db, case, Payment(paid_fen=500_000, voucher="OLD-1"), (employee,)) is None
    # ¥4,500 paid under the new decision is short of its ¥5,000: a payment of part, the employee still owing
    assert payments.part_left(db, case, "2026-05-10", Payment(paid_fen=450_000), employee) == (450_000, 50_000)
    # recorded as the officer records it (was stored directly): the employee decided anew pays under its new decision
    procedure.apply(db, case.id, "record_performance", on_date="2026-05-10", party_ids=(employee,),
                    payment=Payment(paid_fen=450_000))
    case = get_case(db, case.id)
    assert payments.paid_in_part(db, case, employee) == 450_000
    assert payments.still_owed(db, case, employee) == ("2026-05-10", 450_000, 50_000)
    assert employee in {party.id for party in party_decisions.still_owing(db, case)}
    # what it paid under the revoked decision is said at closing, to refund or offset
    found = paid_under_revoked(db, case, employee)
    assert found is not None and found[0].starts_on == "2026-04-20" and found[1:] == (["2026-04-01"], 100_000)


def test_a_payment_after_the_partys_own_decision_counts_before_the_cases_date(db, apart):
    case, company, employee = apart
    # the case's 决定日期 stored as the later decision's (decided separately): the company's own decision of 03-10
    # stands for its payments
    db.execute("UPDATE cases SET decided_on = ? WHERE id = ?", [EMPLOYEE_DECIDED, case.id])
    paid(db, case, company, Payment(paid_fen=1_000_000, voucher="C-1"), "2026-04-01")
    case = get_case(db, case.id)
    assert payments.paid_in_part(db, case, company) == 1_000_000
    assert payments.still_owed(db, case, company) == ("2026-04-01", 1_000_000, 4_000_000)
    assert payments.voucher_refusal(db, case, Payment(paid_fen=4_000_000, voucher="C-1"), (company,)) is not None
    assert paid_under_revoked(db, case, company) is None


# ---- 2. a payment without its day: the day it was recorded, on every path -----------------------------------------

@pytest.mark.parametrize(("at", "counts"), [("2026-05-12T10:00:00", True), ("2026-03-05T10:00:00", False)])
def test_a_payment_without_its_day_counts_by_the_day_recorded_on_every_path(db, apart, at, counts):
    case, _company, employee = apart
    paid(db, case, employee, Payment(paid_fen=500_000, voucher="ND-1"), None, at=at, part=False)
    case = get_case(db, case.id)
    # each party's payment (party_decisions, clocks.STEP_DAY) …
    assert (employee in party_decisions.payments(db, case)) is counts
    # … and payments.py's own checks: paid in full, its voucher taken
    assert payments._paid_in_full(db, case, employee) is counts
    assert (payments.voucher_refusal(db, case, Payment(paid_fen=500_000, voucher="ND-1"), (employee,))
            is not None) is counts
    assert (payments.party_payment(db, case, employee) is not None) is counts


@pytest.mark.parametrize(("at", "counts"), [("2026-06-12T10:00:00", True), ("2026-05-20T10:00:00", False)])
def test_a_payment_of_part_without_its_day_in_a_case_with_one_party(db, make_case, at, counts):
    from tests.test_clock_challenges import served_case

    case = served_case(db, make_case)  # decided, then served 06-01
    add_event(db, CaseEvent(case.id, "payment", at, on_date=None, details=Payment(paid_fen=100_000).to_json()))
    case = get_case(db, case.id)
    assert (payments.paid_in_part(db, case) == 100_000) is counts
    assert (payments.recorded_payment(db, case) is not None) is counts
