"""From a review: a challenge does not stop the decision being carried out (行政复议法 art. 42, 行政诉讼法 art. 56), so
a party may pay and then win: a payment dated before the day the decision was revoked is recorded (the refund then
has a payment behind it), one dated on or after it is refused. The 结案审批表 of a case with several parties says
决定执行完毕 only once every party fined paid all it owes — a party the people's court was applied to for makes it
申请人民法院强制执行, also once the case is closed —, and its 实缴合计 is checked against the amounts a decision made
outside the workstation records on the case."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import with_employee
from tests.test_s49_closing_sheet import _company_paid
from workstation import procedure
from workstation.case_records import CaseEvent
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.enforcement import APPLIED
from workstation.errors import TransitionRefused, WorkstationError
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import add_event, update_case
from workstation.store.clock_events import record_clock_event

NUMBER = "佛山市禅城区人民法院（2026）粤0604行初9号"


def _served(db, make_case):
    """A fine of ¥2,000 decided on 2026-11-12 and served on 2026-11-13, sued on 2026-11-20, revoked on 2026-12-01."""
    case = make_case(fine_fen=200_000)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-23",
                                   notice_served_on="2026-11-09", decided_on="2026-11-12", served_on="2026-11-13"),
                       allow_status_change=True)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-11-20"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", starts_on="2026-12-01",
                                      approved_by=NUMBER))
    return case


# ---- 1. a payment made before the revocation is recorded -------------------------------------------------------

def test_a_payment_dated_before_the_revocation_is_recorded(db, make_case):
    case = _served(db, make_case)
    performed = procedure.apply(db, case.id, "record_performance", on_date="2026-11-25")
    assert performed.status == "performed"


@pytest.mark.parametrize("day", ["2026-12-01", "2026-12-02"])
def test_a_payment_dated_on_or_after_the_revocation_is_refused(db, make_case, english, day):
    case = _served(db, make_case)
    with pytest.raises(TransitionRefused, match="revoked on 2026-12-01"):
        procedure.apply(db, case.id, "record_performance", on_date=day)
    assert get_case(db, case.id).status == "served"


# ---- 2. several parties: 决定执行完毕 only once every party fined paid ------------------------------------------------

def _applied_for_employee(db, data_dir, make_case):
    case, _company, employee = _company_paid(db, data_dir, make_case)
    add_event(db, CaseEvent(case.id, APPLIED, "2026-11-17T09:00:00", on_date="2026-11-17", party_id=employee))
    return get_case(db, case.id)


def test_a_party_sent_to_court_is_no_performed_decision_whatever_the_total(db, data_dir, make_case, english):
    case = _applied_for_employee(db, data_dir, make_case)
    with pytest.raises(WorkstationError, match="决定执行完毕"):
        check_issue(db, case, find_form("closing_approval"),
                    {"ground": "决定执行完毕", "paid_total_fen": 5_500_000})


def test_nor_once_the_case_is_closed_from_served(db, data_dir, make_case, english):
    case = _applied_for_employee(db, data_dir, make_case)
    closed = procedure.apply(db, case.id, "close", on_date="2026-11-18")
    assert closed.status == "closed"
    with pytest.raises(WorkstationError, match="决定执行完毕"):
        check_issue(db, closed, find_form("closing_approval"),
                    {"ground": "决定执行完毕", "paid_total_fen": 5_500_000})


def test_a_decision_made_outside_checks_the_total_against_the_amounts_on_the_case(db, make_case, english):
    case, company, employee = with_employee(db, make_case(fine_fen=300_000))
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-23",
                                   notice_served_on="2026-11-09", decided_on="2026-11-12", served_on="2026-11-13"),
                       allow_status_change=True)
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-20", party_ids=(company,),
                    payment=Payment(paid_fen=200_000, voucher="缴款书C1"), in_full=True)
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-21", party_ids=(employee,),
                    payment=Payment(paid_fen=100_000, voucher="缴款书C2"), in_full=True)
    case = get_case(db, case.id)
    with pytest.raises(WorkstationError, match="实缴"):
        check_issue(db, case, find_form("closing_approval"), {"ground": "决定执行完毕", "paid_total_fen": 1_000})
