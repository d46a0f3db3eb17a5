"""Several parties in one case: each party is concluded by its own decision (Penalty Law art. 57). A case decided
with its parties' 决定书 issued in the workstation is performed (履行完毕) and closed (结案) only once every party has
a 行政处罚决定书 in force or a 不予行政处罚决定书; a voided decision concludes nothing. A party left without one may be
issued a 不予行政处罚决定书 after the case's penalty decision, and a party's two decisions exclude each other. A case
with one party, and a case decided without any 决定书 issued here (paper, old data, a register import), read as
before."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from tests.test_multiparty12 import decided_case
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, notice, with_employee
from workstation import party_decisions, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case
from workstation.store.cases import update_case

DECIDED_ON = "2026-03-10"
SPARED = {"ground": "首违不罚"}


def status(db, case) -> str:
    return get_case(db, case.id).status


def company_decided(db, data_dir, make_case):
    """The QA walk's case: the company and its employee, each told of a fine and served on 03-02; the case decided
    on 03-10 with a 行政处罚决定书 issued to the company only: (case, company, employee)."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    decide(db, data_dir, case, company, fine_fen="50000", decided_on=DECIDED_ON)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    return case, company, employee


def spare(db, data_dir, case, party, decided_on="2026-03-21"):
    """Issue the party's 不予行政处罚决定书, dated ``decided_on``."""
    return issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"),
                          {**SPARED, "decided_on": decided_on}, party_id=party)


def undecided_message(case, *, no_penalty=False) -> str:
    action = "Close the case"
    lead = (f"“{action}” waits for a decision for every party of case {case.case_number}: each party of the case is "
            "concluded by its own decision (Penalty Law art. 57).")
    if no_penalty:
        return f"{lead} {EMPLOYEE}: no 不予行政处罚决定书 was issued to it: issue its 不予行政处罚决定书."
    return (f"{lead} {EMPLOYEE}: no 行政处罚决定书 is in force for it and no 不予行政处罚决定书 was issued to it: issue its "
            "行政处罚决定书 or its 不予行政处罚决定书.")


def test_a_case_decided_for_one_party_only_is_not_performed_when_that_party_paid(db, data_dir, make_case, english,
                                                                                  table_counts):
    case, company, employee = company_decided(db, data_dir, make_case)
    assert [p.id for p in party_decisions.undecided_parties(db, get_case(db, case.id))] == [employee]
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    # the company's payment is recorded, and the case waits for the employee's decision
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20",
                           party_ids=(company,)).status == "served"
    assert party_decisions.payments(db, get_case(db, case.id)) == {company: "2026-03-20"}
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-21")
    assert str(refused.value) == undecided_message(case).replace("“Close the case”", "“Penalty performed”")
    assert table_counts(db) == before and status(db, case) == "served"
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["record_performance"] == str(refused.value)


def test_a_case_performed_with_an_undecided_party_is_not_closed(db, data_dir, make_case, english, table_counts):
    case, _company, _employee = company_decided(db, data_dir, make_case)
    # recorded performed before this rule (or by an older version)
    update_case(db, replace(get_case(db, case.id), status="performed", served_on="2026-03-12"),
                allow_status_change=True)
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["close"] == undecided_message(case)
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "close", on_date="2026-03-25")
    assert str(refused.value) == undecided_message(case)
    assert table_counts(db) == before and status(db, case) == "performed"


def test_a_party_left_without_a_decision_is_concluded_by_its_no_penalty_decision(db, data_dir, make_case, english):
    case, company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,))
    assert status(db, case) == "served"
    # after the case's penalty decision, the employee is decided not to be penalised
    spare(db, data_dir, case, employee)
    assert party_decisions.undecided_parties(db, get_case(db, case.id)) == []
    assert dict(party_decisions.party_steps(db, get_case(db, case.id)))[EMPLOYEE].endswith(
        "not penalised (佛南市监不罚〔2026〕1号)")
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-23").status == "performed"
    assert procedure.apply(db, case.id, "close", on_date="2026-03-25").status == "closed"


def test_a_party_whose_decision_was_voided_is_waited_for_until_its_new_decision(db, data_dir, make_case):
    case, company, employee, _first, second = decided_case(db, data_dir, make_case)
    void_document(db, second.id, "当事人名称有误")  # the employee has no decision in force any more
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20",
                           party_ids=(company,)).status == "served"
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-21")
    decide(db, data_dir, case, employee, fine_fen="3000", decided_on="2026-03-21")  # its decision issued again
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-23", party_ids=(employee,))
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-24",
                           party_ids=(employee,)).status == "performed"
    assert procedure.apply(db, case.id, "close", on_date="2026-03-25").status == "closed"


def test_a_case_not_penalised_is_closed_once_each_party_has_its_no_penalty_decision(db, data_dir, make_case,
                                                                                     english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    spare(db, data_dir, case, company, "2026-03-02")
    procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-02", reason="首违不罚")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "close", on_date="2026-03-05")
    assert str(refused.value) == undecided_message(case, no_penalty=True)
    spare(db, data_dir, case, employee, "2026-03-02")
    assert procedure.apply(db, case.id, "close", on_date="2026-03-05").status == "closed"


def test_a_partys_penalty_and_no_penalty_decisions_exclude_each_other(db, data_dir, make_case, english):
    case, company, employee = company_decided(db, data_dir, make_case)
    with pytest.raises(WorkstationError) as refused:
        spare(db, data_dir, case, company)
    assert str(refused.value) == (f"A 行政处罚决定书 is in force for {COMPANY}; a party is either penalised or not, the "
                                  "two decisions exclude each other: void it first if it was wrong.")
    spare(db, data_dir, case, employee)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, fine_fen="3000", decided_on="2026-03-21")
    assert str(refused.value) == (f"A 不予行政处罚决定书 was issued to {EMPLOYEE}; a party is either penalised or not, "
                                  "the two decisions exclude each other: void it first if it was wrong.")
    # every party is decided: no further 不予行政处罚决定书 in a case decided with penalties
    assert procedure.issue_refusal(db, get_case(db, case.id), "no_penalty_decision").startswith(
        "A penalty decision was already made in this case")


def test_a_case_decided_without_documents_issued_here_is_performed_and_closed_as_before(db, make_case):
    case, company, employee = with_employee(db, make_case(status="penalty_decided", filed_on="2026-02-20",
                                                          decided_on=DECIDED_ON, fine_fen=5_000_000))
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-20",
                           party_ids=(company, employee)).status == "performed"
    assert procedure.apply(db, case.id, "close", on_date="2026-03-25").status == "closed"


def test_a_one_party_case_decided_here_is_closed_as_before(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS)
    issue_document(db, data_dir, case, find_form("penalty_decision"), {"decided_on": DECIDED_ON, "fine_fen": "5000",
                                                                     "party_address": "佛山市南海区桂城街道南海大道1号"})
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20")
    assert procedure.apply(db, case.id, "close", on_date="2026-03-25").status == "closed"


def test_the_command_line_refuses_to_close_and_names_the_party_to_decide(db, data_dir, make_case, capsys, english):
    case, company, employee = company_decided(db, data_dir, make_case)
    update_case(db, replace(get_case(db, case.id), status="performed", served_on="2026-03-12"),
                allow_status_change=True)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-03-25",
                          "--data-dir", data_dir)
    assert code == 1 and undecided_message(case) in err
    assert status(db, case) == "performed"
    ground = data_dir / "ground.json"  # the ground not to penalise is chosen, never taken for granted
    ground.write_text(json.dumps({"ground": "轻微不罚"}), encoding="utf-8")
    run_json(capsys, "docs", "issue", case.case_number, "--form", "no_penalty_decision", "--party", employee,
             "--values", ground, "-o", data_dir / "不予.pdf", "--data-dir", data_dir)
    assert run_json(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-03-25",
                    "--data-dir", data_dir)["status"] == "closed"


def test_the_workspace_greys_out_closing_and_names_the_party_to_decide(db, data_dir, make_case, make_window, english):
    case, _company, _employee = company_decided(db, data_dir, make_case)
    update_case(db, replace(get_case(db, case.id), status="performed", served_on="2026-03-12"),
                allow_status_change=True)
    button = make_window(db).open_case(case.id).action_buttons["close"]
    assert not button.isEnabled() and button.toolTip() == undecided_message(case)
