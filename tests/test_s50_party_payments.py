"""Several parties, each with its own decision: a payment dated on or after the day that party's own decision was
revoked on its reconsideration or lawsuit is refused, while another party, whose decision stands, pays as before;
a 催告书's surcharge is let above the one computed only for a deferral granted to its own party (or to the whole
case), not for another party's; and a party's payment of part reads on the timeline as a payment of part, not as
paid. A case with one party is unchanged (tests/test_s49_revoked_payment_date.py, tests/test_s48_surcharge.py,
tests/test_s46_enforcement.py)."""

from __future__ import annotations

import pytest

from tests.test_multiparty12 import decided_case
from tests.test_multiparty13 import COMPANY, EMPLOYEE, serve
from workstation import procedure
from workstation.demand_surcharge import demand_refusal
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import record_clock_event

NUMBER = "佛山市禅城区人民法院（2026）粤0604行初9号"


@pytest.fixture
def served(request, db, data_dir, kept_state):
    """The company (¥50,000) and its employee (¥5,000), decided 2026-03-10, both served on 2026-03-12 (made
    once, copied into each test: ``kept_state``)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_warning=False)
        serve(db, case, "2026-03-12", company, employee)
        return get_case(db, case.id), company, employee

    return kept_state("served", db, data_dir, make, ("make_case", "officers"))


# ---- 1. the payment date guard reads the paying party's own revocation -------------------------------------------

def _company_revoked(db, case, company):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", party_id=company, starts_on="2026-03-16"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", party_id=company,
                                      starts_on="2026-03-20", approved_by=NUMBER))


@pytest.mark.parametrize("day", ["2026-03-20", "2026-03-23"])
def test_a_partys_payment_on_or_after_its_own_revocation_is_refused(db, served, english, day):
    case, company, _employee = served
    _company_revoked(db, case, company)
    with pytest.raises(TransitionRefused, match=f"{COMPANY}: its penalty decision was revoked on 2026-03-20"):
        procedure.apply(db, case.id, "record_performance", on_date=day, party_ids=(company,))
    assert procedure.date_refusal(db, get_case(db, case.id), "record_performance", day, (company,))


def test_another_partys_payment_after_that_revocation_is_recorded(db, served, english):
    case, company, employee = served
    _company_revoked(db, case, company)
    assert procedure.date_refusal(db, case, "record_performance", "2026-03-23", (employee,)) is None
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-23", party_ids=(employee,))
    assert [e.party_id for e in _payments(db, case)] == [employee]


def test_a_partys_payment_before_its_own_revocation_is_recorded(db, served, english):
    case, company, _employee = served
    _company_revoked(db, case, company)
    assert procedure.date_refusal(db, case, "record_performance", "2026-03-19", (company,)) is None


def test_a_revocation_of_the_whole_case_refuses_every_partys_payment(db, served, english):
    case, company, employee = served
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-03-16"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", starts_on="2026-03-20",
                                      approved_by=NUMBER))
    for party in (company, employee):
        refused = procedure.date_refusal(db, case, "record_performance", "2026-03-23", (party,))
        assert refused and "revoked on 2026-03-20" in refused


def _payments(db, case):
    from workstation.store.cases import case_events

    return [e for e in case_events(db, case.id) if e.kind == "payment"]


# ---- 2. the 催告书's surcharge: only its own party's deferral lets it above the one computed -------------------------

def _demand(party):
    # the employee's time to pay ran out on Fri 03-27: 3 % of its ¥5,000 a day from 03-28 to 04-10 is ¥2,100
    return {"party_id": party, "decision_no": "佛南市监处〔2026〕2号", "unpaid_fen": 500_000,
            "decision_served_on": "2026-03-12", "signed_on": "2026-04-10", "surcharge_on": "2026-04-10",
            "surcharge_fen": 500_000}


def _deferral(db, case, party):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", party_id=party, starts_on="2026-03-20",
                                      ends_on="2026-03-31", approved_on="2026-03-19", approved_by="局长"))


def test_another_partys_deferral_does_not_let_the_surcharge_above_the_one_accrued(db, served, english):
    case, company, employee = served
    _deferral(db, case, company)
    refused = demand_refusal(db, get_case(db, case.id), _demand(employee))
    assert refused and "make ¥2,100.00" in refused


def test_the_partys_own_deferral_still_lets_it_above(db, served, english):
    case, _company, employee = served
    _deferral(db, case, employee)
    assert demand_refusal(db, get_case(db, case.id), _demand(employee)) is None


def test_a_deferral_of_the_whole_case_still_lets_every_partys_above(db, served, english):
    case, _company, employee = served
    _deferral(db, case, None)
    assert demand_refusal(db, get_case(db, case.id), _demand(employee)) is None


# ---- 3. a party's payment of part reads as one on the timeline ----------------------------------------------------

def test_a_partys_payment_of_part_reads_as_a_payment_of_part(db, served, english):
    case, company, employee = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=200_000, voucher="缴款书B1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-23", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    lines = {e.on_date: e.text for e in case_timeline(db, get_case(db, case.id)) if e.kind == "payment"}
    assert lines["2026-03-20"].startswith(f"{EMPLOYEE} paid part of what it owes (")
    assert "paid ¥2,000.00" in lines["2026-03-20"]
    assert lines["2026-03-23"].startswith(f"{COMPANY} paid (")


def test_the_latest_step_of_a_part_payment_says_part(db, served, english):
    """A step dated before it is refused naming the latest step: a part payment is named as one there too."""
    case, _company, employee = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=200_000, voucher="缴款书B1"))
    assert procedure.latest_step(db, get_case(db, case.id)) == (
        "2026-03-20", f"{EMPLOYEE} paid part of what it owes")
