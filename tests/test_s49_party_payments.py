"""Payments in a case with several parties: a party's payment of part of what it owes under its own decision does not
count as that party paying in full — its payment period (T8) and court enforcement (T16) run on, its surcharge
accrues on the rest, the case is performed only once every party owing money paid all (or is recorded paid with
``in_full``) — its 催告书 and 强制执行申请书 demand the rest, and a deferral granted to one party defers only that
party's payment; one recorded for the whole case (no party, as before) defers every party's."""

from __future__ import annotations

import pytest

from tests.test_multiparty13 import COMPANY_FINE, EMPLOYEE_FINE, decided_case, serve
from workstation import party_decisions, procedure
from workstation.clocks import case_clocks
from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, default_values
from workstation.law.case_law import case_law
from workstation.payments import Payment, fine_unpaid, owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

# both served on 03-12: both pay by 03-27
PART = 1_000_000  # ¥10,000 of the company's ¥50,000


@pytest.fixture
def served(request, db, data_dir, kept_state):
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = decided_case(db, data_dir, make_case)
        serve(db, case, "2026-03-12", company, employee)
        return case, company, employee

    return kept_state("served", db, data_dir, make, ("make_case", "officers"))


def pay(db, case, party, amount, on="2026-03-20", **kwargs):
    return procedure.apply(db, case.id, "record_performance", on_date=on, party_ids=(party,),
                           payment=Payment(paid_fen=amount), **kwargs)


def t_clock(db, case, clock, on):
    return {d.party_id: d.state for d in case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock}


def test_a_part_paid_by_one_party_leaves_it_owing_and_the_case_served(db, served):
    case, company, employee = served
    assert pay(db, case, company, PART).status == "served"
    items = {item.party.id: item for item in party_decisions.party_payments(db, get_case(db, case.id))}
    assert items[company].paid_on is None
    assert [p.id for p in party_decisions.paying_parties(db, get_case(db, case.id))] == [company, employee]
    assert t_clock(db, case, "T8", "2026-03-30")[company] == "expired"
    assert t_clock(db, case, "T16", "2026-03-30")[company] != "ended"
    assert pay(db, case, employee, EMPLOYEE_FINE, on="2026-03-25").status == "served"  # the company still owes
    assert not party_decisions.all_paid(db, get_case(db, case.id))
    assert pay(db, case, company, COMPANY_FINE - PART, on="2026-03-26").status == "performed"  # the rest
    items = {item.party.id: item for item in party_decisions.party_payments(db, get_case(db, case.id))}
    assert items[company].paid_on == "2026-03-26"


def test_a_part_recorded_in_full_counts_as_paid(db, served):
    case, company, employee = served
    pay(db, case, company, PART, in_full=True)
    assert pay(db, case, employee, EMPLOYEE_FINE).status == "performed"


def test_what_the_party_owes_says_its_part_paid(db, served):
    case, company, _employee = served
    pay(db, case, company, PART)
    owing = owed(db, get_case(db, case.id), "2026-03-25", company)
    assert (owing.parts, owing.paid_in_part_fen) == (True, PART)


def test_the_demand_of_a_party_that_paid_in_part_asks_for_the_rest(db, served):
    case, company, employee = served
    pay(db, case, company, PART)
    case = get_case(db, case.id)
    assert fine_unpaid(db, case, COMPANY_FINE, company) == COMPANY_FINE - PART
    assert fine_unpaid(db, case, EMPLOYEE_FINE, employee) == EMPLOYEE_FINE
    context = case_context(db, case, company)
    assert context["documents.unpaid_fen"] == COMPANY_FINE - PART
    for form_id in ("performance_demand", "enforcement_application"):
        assert default_values(find_form(form_id), context)["unpaid_fen"] == "40000.00", form_id


def test_the_surcharge_of_a_party_counts_on_the_rest_of_its_fine(db, served, monkeypatch):
    case, company, employee = served
    pay(db, case, company, PART)  # before its deadline 03-27: ten days late on 04-06 on ¥40,000
    law = case_law(db, get_case(db, case.id), on="2026-04-06")
    owed_by = {p.party_id: p.surcharge.amount_fen for p in law.parties}
    assert owed_by == {company: 10 * 120_000, employee: 10 * 15_000}
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-04-06")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-04-06")
    context = case_context(db, get_case(db, case.id), company)
    assert context["penalty.surcharge_fen"] == 10 * 120_000
    assert context["penalty.surcharge_basis"]["payments"] == [["2026-03-20", PART]]


def defer(db, case, party):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-03-20",
                                             ends_on="2026-05-15", approved_on="2026-03-20", approved_by="局长",
                                             party_id=party))


def t8_due(db, case):
    return {d.party_id: d.due for d in case_clocks(db, get_case(db, case.id), on="2026-04-06") if d.clock == "T8"}


def test_a_deferral_granted_to_one_party_defers_only_its_payment(db, served):
    case, company, employee = served
    event = defer(db, case, employee)
    assert event.party_id == employee
    assert t8_due(db, case) == {company: "2026-03-27", employee: "2026-05-15"}
    law = case_law(db, get_case(db, case.id), on="2026-04-06")
    assert {p.party_id: p.surcharge is not None and p.surcharge.amount_fen > 0 for p in law.parties} == {
        company: True, employee: False}


def test_a_deferral_recorded_for_the_whole_case_defers_every_party(db, served):
    """As every deferral recorded before a deferral could name its party (stored with none) does."""
    case, company, employee = served
    assert defer(db, case, None).party_id is None
    assert t8_due(db, case) == {company: "2026-05-15", employee: "2026-05-15"}


@pytest.mark.gui
def test_the_event_dialog_names_the_party_granted_a_deferral(db, data_dir, served, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog
    from workstation.documents.issuing import issue_document

    case, _company, employee = served
    issue_document(db, data_dir, get_case(db, case.id), find_form("payment_deferral_notice"),
                   {"decision_no": "佛南市监处〔2026〕2号", "signed_on": "2026-03-20", "deferred_to": "2026-05-15"},
                   party_id=employee)
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("deferral"))
    assert not dialog.rows["party"][1].isHidden()
    assert dialog.rows["party"][0].text().replace("&", "").startswith("Party granted the deferral")
    assert dialog.current().party_id == employee  # its 延期/分期缴纳罚款通知书's party
    dialog.party.setCurrentIndex(dialog.party.count() - 1)
    assert dialog.party.currentText() == "All parties (deferred together)" and dialog.current().party_id is None
