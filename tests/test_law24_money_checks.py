"""The money checks of a case with several parties, each with its own 行政处罚决定书 and amount (session 24).

1. The 履行催告书 and the 强制执行申请书 enforce their party's own decision in force and set its own payments against
   it: a party whose 决定书 was voided with none in its place, or that was never issued one while the others were, has
   nothing to enforce (refused, not held to the case's total); a party of a case decided outside the workstation for
   all its parties together is held only to that total, said as such, and its surcharge is not computed on it.
2. One payment given for several parties (`cases transition … record_performance --party A --party B --paid …`) is
   recorded as each party's own when it is what they owe together, and refused otherwise, naming --paid.
3. Deciding or serving with a 决定书 issued and voided, none in its place, says that it was voided (the warning, the
   timeline note, `warnings`); one voided and issued again warns of nothing."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from tests.test_amounts_per_party_outside import ADDRESS, _decided_outside, _reviewed
from tests.test_multiparty12 import decided_case
from tests.test_multiparty13 import serve
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, with_employee
from workstation import procedure
from workstation.demand_surcharge import demand_warnings
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document, void_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused, WorkstationError
from workstation.payments import Payment
from workstation.store import case_events, get_case

COMPANY_FINE, EMPLOYEE_FINE = 5_000_000, 500_000  # each party's own decision: ¥50,000 and ¥5,000
DEMANDED_ON = "2026-04-06"  # the company's payment period (served 03-12) ran out on 03-27, the employee's on 03-31


@pytest.fixture
def served(request, db, data_dir, monkeypatch, kept_state):
    """The company and its employee, each decided its own fine (no warning) and served, the case recording their
    total ¥55,000 as typed before the decisions: (case, company, employee, company's decision, employee's); made
    once, copied into each test (``kept_state``)."""
    monkeypatch.setattr("workstation.formkit.values.today", lambda: DEMANDED_ON)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: DEMANDED_ON)

    def make():
        case, company, employee, first, second = decided_case(
            db, data_dir, request.getfixturevalue("make_case"), employee_warning=False,
            fine_fen=COMPANY_FINE + EMPLOYEE_FINE)
        serve(db, case, "2026-03-12", company)
        serve(db, case, "2026-03-16", employee)
        return get_case(db, case.id), company, employee, first, second

    return kept_state("served", db, data_dir, make, ("make_case", "officers"))


def demand(party_id, unpaid_fen: int, **values) -> dict:
    """The checked values of a 催告书 or 强制执行申请书 (amounts in fen) to ``party_id``."""
    return {"party_id": party_id, "decision_no": "佛南市监处〔2026〕1号", "unpaid_fen": unpaid_fen,
            "signed_on": DEMANDED_ON, **values}


# ---- 1. the 催告书 and the 强制执行申请书: the party's own decision and payments -----------------------------------

def test_a_demand_to_a_party_whose_decision_was_voided_is_refused_not_held_to_the_cases_total(
        db, data_dir, served, english):
    case, company, employee, first, _second = served
    void_document(db, first.id, "送达对象有误")
    case = get_case(db, case.id)
    with pytest.raises(WorkstationError) as refused:  # ¥50,000 of the ¥55,000 typed on the case: not the company's
        issue_document(db, data_dir, case, find_form("performance_demand"),
                       {**demand(company, 0), "unpaid_fen": "50000"}, party_id=company)
    assert str(refused.value) == (
        f"The 行政处罚决定书 {first.number} of {COMPANY} was voided and no 行政处罚决定书 of {COMPANY} is in force in its "
        f"place: a 行政处罚决定履行催告书 enforces the party's own decision in force, so there is nothing to enforce "
        f"against {COMPANY}. Issue its corrected 行政处罚决定书 first.")
    assert [d.form_id for d in case_documents(db, case.id)] == ["pre_penalty_notice"] * 2 + ["penalty_decision"] * 2
    refusal = procedure.values_refusal(db, case, "enforcement_application", demand(company, 5_000_000))
    assert refusal.startswith(f"The 行政处罚决定书 {first.number} of {COMPANY} was voided") and "强制执行申请书" in refusal
    # the employee's own decision still stands: its own ¥5,000, not the case's total
    assert procedure.values_refusal(db, case, "performance_demand", demand(employee, 500_000)) is None
    assert "¥5,000.00" in procedure.values_refusal(db, case, "performance_demand", demand(employee, 600_000))


def test_a_party_never_issued_its_own_decision_has_nothing_enforced(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="served", filed_on="2026-02-20",
                                                          decided_on="2026-03-10", served_on="2026-03-12",
                                                          fine_fen=COMPANY_FINE + EMPLOYEE_FINE, facts=FACTS))
    decide(db, data_dir, case, company, fine_fen="50000", decided_on="2026-03-10")  # the employee's: none
    case = get_case(db, case.id)
    for form_id in ("performance_demand", "enforcement_application"):
        refusal = procedure.values_refusal(db, case, form_id, demand(employee, 500_000))
        assert refusal.startswith(f"{EMPLOYEE} has no 行政处罚决定书 in force: this case's decisions are issued in the "
                                  f"workstation, one per party, and none was issued to {EMPLOYEE}.")
    assert procedure.values_refusal(db, case, "performance_demand", demand(company, 5_000_000)) is None


def test_a_party_s_demand_sets_its_own_payment_against_its_own_decision(db, served, english):
    case, company, employee, first, second = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=200_000, voucher="E-1"))  # the employee paid ¥2,000 of its ¥5,000
    case = get_case(db, case.id)
    assert procedure.values_refusal(db, case, "performance_demand", demand(employee, 300_000)) is None
    refusal = procedure.values_refusal(db, case, "performance_demand", demand(employee, 500_000))
    assert refusal == (f"The unpaid amount ¥5,000.00 is more than the decision {second.number} leaves unpaid: it "
                       "imposes ¥5,000.00 (fine and confiscated illegal gains) and the case records ¥2,000.00 paid, so "
                       "¥3,000.00 at most. Write the amount the party has not paid (a surcharge goes in its own "
                       "field).")
    # the employee's payment is not the company's
    assert procedure.values_refusal(db, case, "performance_demand", demand(company, 5_000_000)) is None


def test_a_party_of_a_case_decided_outside_is_held_to_the_total_said_as_such(db, make_case, english):
    case, company, _employee = _decided_outside(db, make_case)  # ¥60,000 for both, served 06-03
    values = demand(company, 6_000_100, signed_on="2026-07-01", surcharge_on="2026-07-01")
    assert procedure.values_refusal(db, case, "performance_demand", values) == (
        "The unpaid amount ¥60,001.00 is more than the case records for all its 2 parties together: ¥60,000.00 (fine "
        "and confiscated illegal gains), less ¥0.00 recorded paid by this party, leaves ¥60,000.00 at most. The "
        "party's own amount is not known (decided outside the workstation); write what its own decision leaves "
        "unpaid (a surcharge goes in its own field).")
    refusal = procedure.values_refusal(db, case, "enforcement_application",
                                       {**values, "unpaid_fen": 2_000_000, "surcharge_fen": 6_000_001})
    assert refusal.startswith("The 申请执行的加处罚款 (¥60,000.01) is more than the fine the case records for all its 2 "
                              "parties together (¥60,000.00): the party's own fine is not known")
    # its surcharge is not computed at 3 % of all the parties' fine: the officer is told it is not known
    told = demand_warnings(db, case, {**values, "unpaid_fen": 2_000_000, "surcharge_fen": 300_000})
    assert len(told) == 1 and "¥60,000.00" in told[0] and "3 %" in told[0]
    assert told[0].startswith(f"{COMPANY} has no 行政处罚决定书 in force in the workstation, so its own amounts are not "
                              "known: the case records ¥60,000.00 for its 2 parties together")
    assert "is not the surcharge computed" not in told[0]
    assert stage_warnings(db, case, "enforcement_application", {**values, "unpaid_fen": 2_000_000})[0].startswith(
        f"{COMPANY} has no 行政处罚决定书 in force in the workstation")


# ---- 2. one payment for several parties ---------------------------------------------------------------------------

@pytest.fixture
def both_served(request, db, data_dir, kept_state):
    """Each its own fine, both served on 03-12: they pay by 03-27."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee, *_decisions = decided_case(db, data_dir, make_case, employee_warning=False)
        serve(db, case, "2026-03-12", company, employee)
        return get_case(db, case.id), company, employee

    return kept_state("both_served", db, data_dir, make, ("make_case", "officers"))


def paid(db, case) -> list[tuple[str, int, int, str]]:
    return [(e.party_id, *(lambda d: (d.get("paid_fen"), d.get("surcharge_fen"), d.get("voucher")))(
        json.loads(e.details))) for e in case_events(db, case.id) if e.kind == "payment"]


def test_one_payment_for_two_parties_is_recorded_as_each_partys_own(db, data_dir, both_served, capsys, english):
    case, company, employee = both_served
    result = run_json(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-03-20",
                      "--party", company, "--party", employee, "--paid", "55000", "--voucher", "V-9",
                      "--data-dir", data_dir)
    assert result["status"] == "performed" and "warnings" not in result
    assert sorted(paid(db, case)) == sorted([(company, COMPANY_FINE, 0, "V-9"), (employee, EMPLOYEE_FINE, 0, "V-9")])


def test_one_late_payment_for_two_parties_splits_each_partys_surcharge(db, both_served):
    case, company, employee = both_served
    # paid 03-30, three days late: 3 % a day of ¥50,000 (¥4,500) and of ¥5,000 (¥450)
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-30", party_ids=(company, employee),
                    payment=Payment(paid_fen=5_995_000, surcharge_fen=495_000))
    assert sorted(paid(db, case)) == sorted([(company, 5_450_000, 450_000, ""), (employee, 545_000, 45_000, "")])


def test_one_payment_not_what_the_parties_owe_together_is_refused_naming_each_ones_debt(
        db, data_dir, both_served, capsys, english):
    case, company, employee = both_served
    code, out, err = run(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-03-20",
                         "--party", company, "--party", employee, "--paid", "5000", "--data-dir", data_dir)
    assert (code, out) == (1, "")
    assert err.startswith("Error: --paid: One payment for 2 parties is recorded as each party's own only when it is "
                          f"what they owe together on 2026-03-20: {COMPANY} owes ¥50,000.00; {EMPLOYEE} owes "
                          "¥5,000.00; ¥55,000.00 in all, surcharge ¥0.00. The payment given (¥5,000.00, surcharge "
                          "¥0.00) is not that and cannot be split between them")
    assert paid(db, case) == [] and get_case(db, case.id).status == "served"
    with pytest.raises(TransitionRefused, match="cannot be split between them"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company, employee),
                        payment=Payment(paid_fen=5_500_000, surcharge_fen=100_000))
    assert paid(db, case) == []


def test_one_payment_for_parties_decided_outside_is_refused(db, data_dir, make_case, capsys, english):
    case, company, employee = _decided_outside(db, make_case)
    code, _out, err = run(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-06-10",
                          "--party", company, "--party", employee, "--paid", "60000", "--data-dir", data_dir)
    assert code == 1 and err.startswith(f"Error: --paid: One amount paid cannot be split between {COMPANY}、{EMPLOYEE}: "
                                        f"the own amount of {COMPANY}、{EMPLOYEE} is not known")
    assert paid(db, case) == []


# ---- 3. deciding or serving with the 决定书 voided -----------------------------------------------------------------

def _issued_decision(db, data_dir, case):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"party_address": ADDRESS, "fine_fen": "5000", "decided_on": "2026-05-06"})


def test_a_decision_voided_with_none_in_its_place_is_named_as_voided(db, data_dir, make_case, capsys, english):
    case = _reviewed(db, data_dir, make_case, fine_fen="5000")
    voided = _issued_decision(db, data_dir, case)
    void_document(db, voided.id, "文书有误")
    told = procedure.no_decision_warning(db, get_case(db, case.id), "decide_penalty")
    assert told.startswith(f"行政处罚决定书 {voided.number}, issued in the workstation for case")
    assert ("was voided and no 行政处罚决定书 is in force in its place: “Decide the penalty” is recorded as for a "
            "decision made outside the workstation. If a corrected 行政处罚决定书 is to be issued, issue it first.") in told
    assert "No 行政处罚决定书 is issued" not in told
    result = run_json(capsys, "cases", "transition", case.id, "decide_penalty", "--date", "2026-05-06",
                      "--data-dir", data_dir)
    assert result["warnings"][0].startswith(f"行政处罚决定书 {voided.number}, issued in the workstation")


def test_a_decision_voided_and_issued_again_warns_of_nothing(db, data_dir, make_case, capsys, english):
    case = _reviewed(db, data_dir, make_case, fine_fen="5000")
    void_document(db, _issued_decision(db, data_dir, case).id, "文书有误")
    _issued_decision(db, data_dir, case)
    assert procedure.no_decision_warning(db, get_case(db, case.id), "decide_penalty") is None
    result = run_json(capsys, "cases", "transition", case.id, "decide_penalty", "--data-dir", data_dir)
    # nothing said of the decision (the case, filed in March, is decided after its 90 days: T2 is said of)
    assert result["status"] == "penalty_decided"
    assert [w for w in result.get("warnings", []) if "T2" not in w] == []
    assert procedure.no_decision_warning(db, get_case(db, case.id), "serve_decision") is None


@pytest.mark.gui
def test_the_window_notes_the_voided_decision_on_the_timeline(qtbot, db, data_dir, make_case, english):
    from ui.transition_dialog import TransitionDialog, no_decision_warning

    case = _reviewed(db, data_dir, make_case, fine_fen="5000")
    voided = _issued_decision(db, data_dir, case)
    void_document(db, voided.id, "文书有误")
    dialog = TransitionDialog(procedure.BY_NAME["decide_penalty"],
                              warning=no_decision_warning(db, get_case(db, case.id), "decide_penalty"))
    qtbot.addWidget(dialog)
    assert dialog.warning_label.text().startswith(f"行政处罚决定书 {voided.number}, issued in the workstation")
    dialog.acknowledge.setChecked(True)
    assert dialog.recorded()[1] == f"Recorded with the 行政处罚决定书 {voided.number} voided and none in force in its place."
