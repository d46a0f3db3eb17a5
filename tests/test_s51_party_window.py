"""Two parties (the company, its employee) in the case window once decided: a party's payment of part shows in the
parties' summary with what it paid and what it still owes; the greyed 申请法院强制执行's reason says the time to pay
(T8) has not run out while no party's has, and asks the 催告书 only of the parties whose time to pay is over."""

from __future__ import annotations

import pytest

from tests.test_multiparty13 import COMPANY, EMPLOYEE, decided_case, serve
from workstation import procedure
from workstation.party_decisions import party_steps
from workstation.payments import Payment
from workstation.store import get_case


@pytest.fixture
def served(request, db, data_dir, kept_state):
    """The company (¥50,000) and its employee (¥5,000), decided 2026-03-10, both served on 2026-03-12 (their time to
    pay runs until 03-27)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = decided_case(db, data_dir, make_case)
        serve(db, case, "2026-03-12", company, employee)
        return get_case(db, case.id), company, employee

    return kept_state("served", db, data_dir, make, ("make_case", "officers"))


def _today(monkeypatch, day):
    import workstation.enforcement as enforcement

    monkeypatch.setattr(enforcement, "today", lambda: day)
    monkeypatch.setattr(procedure, "today", lambda: day)


# ---- 1. a payment of part in the parties' summary ------------------------------------------------------------------

def test_a_partys_payment_of_part_shows_what_it_paid_and_still_owes(db, served, english):
    case, company, employee = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=200_000, voucher="缴款书B1"))
    steps = dict(party_steps(db, get_case(db, case.id)))
    assert steps[EMPLOYEE].endswith("decision served 2026-03-12；paid ¥2,000.00 (2026-03-20), ¥3,000.00 still owed")
    assert steps[COMPANY].endswith("decision served 2026-03-12；not paid")


def test_two_payments_of_part_add_up(db, served, english):
    case, _company, employee = served
    for day, fen in (("2026-03-18", 100_000), ("2026-03-20", 150_000)):
        procedure.apply(db, case.id, "record_performance", on_date=day, party_ids=(employee,),
                        payment=Payment(paid_fen=fen, voucher=f"缴款书{day}"))  # one voucher per payment
    steps = dict(party_steps(db, get_case(db, case.id)))
    assert steps[EMPLOYEE].endswith("paid ¥2,500.00 (2026-03-20), ¥2,500.00 still owed")


def test_a_party_paid_in_full_after_a_part_reads_paid(db, served, english):
    case, _company, employee = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(employee,),
                    payment=Payment(paid_fen=200_000, voucher="缴款书B1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=300_000, voucher="缴款书B2"))
    steps = dict(party_steps(db, get_case(db, case.id)))
    assert steps[EMPLOYEE].endswith("；paid 2026-03-20")


# ---- 2. 申请法院强制执行 while the time to pay runs -------------------------------------------------------------------

def test_while_every_time_to_pay_runs_the_reason_says_so(db, served, english, monkeypatch):
    case, _company, _employee = served
    _today(monkeypatch, "2026-03-20")
    refused = procedure._enforcement_guard(db, get_case(db, case.id))
    assert refused and "time to pay" in refused and "2026-03-27" in refused
    assert "催告书 first" not in refused


def test_the_step_is_still_refused_while_the_time_to_pay_runs(db, served, english, monkeypatch):
    case, _company, _employee = served
    _today(monkeypatch, "2026-03-20")
    action = procedure.BY_NAME["apply_enforcement"]
    assert procedure._enforcement_guard(db, get_case(db, case.id)) is not None
    assert action.guard(db, get_case(db, case.id))


def test_only_a_party_whose_time_to_pay_is_over_is_asked_a_demand(db, data_dir, make_case, english, monkeypatch):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company)  # pays by 03-27
    serve(db, case, "2026-03-24", employee)  # pays by a day in April
    _today(monkeypatch, "2026-03-30")
    refused = procedure._enforcement_guard(db, get_case(db, case.id))
    assert f"{COMPANY}: serve it a 催告书 first" in refused
    assert f"{EMPLOYEE}: serve it a 催告书" not in refused
    assert f"{EMPLOYEE}: its time to pay" in refused


def test_once_every_time_to_pay_is_over_each_party_is_asked_a_demand(db, served, english, monkeypatch):
    case, _company, _employee = served
    _today(monkeypatch, "2026-03-30")
    refused = procedure._enforcement_guard(db, get_case(db, case.id))
    assert f"{COMPANY}: serve it a 催告书 first" in refused and f"{EMPLOYEE}: serve it a 催告书 first" in refused
