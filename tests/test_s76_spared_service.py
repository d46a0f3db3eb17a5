"""Several parties in one case, one of them decided not to be penalised (不予行政处罚决定书) beside the others' fines:
the service of its decision on that party (REFERENCE §1.1, 送达回证 No. 50/52) is recorded per party with 送达处罚决定书
naming it, in whatever state the others' service and payment left the case (已决定, 已送达, 已履行), kept as the fined
parties' service is: on the case page's party line, in the party's 送达回证 (its 送达日期) and so in the 卷内文件目录,
and, as theirs, not undone by 撤销上一步 once the case was served. Refused, it says why and what to do. A case with one party reads as before."""

from __future__ import annotations

import pytest

from tests.helpers import SPARED_ON, employee_line
from tests.test_multiparty13 import draft_values
from tests.test_multiparty_closeguard import company_decided, spare
from tests.test_party_case10 import EMPLOYEE, FACTS, decide, notice, with_employee
from workstation import party_decisions, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import TransitionRefused
from workstation.store import get_case


def test_the_spared_partys_service_is_recorded_after_the_others_were_served_and_paid(db, data_dir, spared_performed,
                                                                                       english):
    case, _company, employee, _spared = spared_performed
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)")
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["serve_decision"] is None
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24",
                           party_ids=(employee,)).status == "performed"
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)；decision served 2026-03-24")
    # its 送达回证 names its decision and bears the day; the 卷内文件目录 lists the receipt on it
    values = draft_values(db, case, "delivery_receipt", employee)
    assert values["served_document"].startswith("不予行政处罚决定书") and values["served_on"] == "2026-03-24"
    issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"), values, party_id=employee)
    rows = [line.split(" | ") for line in draft_values(db, case, "file_index")["index"].split("\n")]
    receipt = [row for row in rows if row[3].startswith("送达回证（佛南市监不罚")]
    assert [row[4] for row in receipt] == ["2026年3月24日"], rows
    # once recorded, not again: said with the day
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-25", party_ids=(employee,))
    assert f"{EMPLOYEE}: its 不予行政处罚决定书 was already served on it on 2026-03-24." in str(refused.value)


def test_undoing_the_spared_partys_service_is_refused_as_a_fined_partys(db, spared_performed, english, table_counts):
    case, _company, employee, _spared = spared_performed
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.undo_last_step(db, case.id, "录错了")
    # as a fined party's service recorded beside the others' (step_undo): kept, the next steps recorded on
    assert str(refused.value).startswith("The last step recorded (2026-03-24) is one party's own — the decision "
                                         "served on it")
    assert table_counts(db) == before
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)；decision served 2026-03-24")


def test_the_spared_partys_service_is_not_dated_before_its_own_decision(db, spared_performed, english, table_counts):
    case, _company, employee, _spared = spared_performed
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-20", party_ids=(employee,))
    assert str(refused.value) == (f"{EMPLOYEE}: its 不予行政处罚决定书 cannot have been served (2026-03-20) before it was "
                                  f"made ({SPARED_ON}).")
    assert table_counts(db) == before


def test_serving_the_spared_party_alone_leaves_the_fined_party_to_be_served(db, data_dir, make_case, english):
    case, company, employee = company_decided(db, data_dir, make_case)
    spare(db, data_dir, case, employee, SPARED_ON)
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-23",
                           party_ids=(employee,)).status == "penalty_decided"
    assert [p.id for p in party_decisions.unserved_parties(db, get_case(db, case.id))] == [company]
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24").status == "served"
    services = party_decisions.decision_services(db, get_case(db, case.id))
    assert services == {employee: "2026-03-23", company: "2026-03-24"}
    assert get_case(db, case.id).served_on == "2026-03-24"


def test_a_party_with_no_decision_is_told_to_issue_one(db, data_dir, make_case, english):
    case, _company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-13", party_ids=(employee,))
    assert f"{EMPLOYEE}: neither a 行政处罚决定书 in force nor a 不予行政处罚决定书 was issued to it" in str(refused.value)


def test_a_service_on_no_party_named_before_the_spared_decision_serves_the_fined_party_alone(db, data_dir, make_case,
                                                                                         english):
    case, company, employee = company_decided(db, data_dir, make_case)
    spare(db, data_dir, case, employee, SPARED_ON)
    # 03-12: the employee's decision was not made yet, so only the company's is served that day
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12").status == "served"
    assert party_decisions.decision_services(db, get_case(db, case.id)) == {company: "2026-03-12"}
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)")
    assert [p.id for p in party_decisions.unserved_parties(db, get_case(db, case.id))] == [employee]
    # its own service, recorded later, counts
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)；decision served 2026-03-24")
    assert party_decisions.unserved_parties(db, get_case(db, case.id)) == []
    assert "serve_decision" not in {t.name for t, _why in procedure.available(db, get_case(db, case.id))}


def test_a_service_on_no_party_named_before_the_spared_decision_is_refused_when_only_it_is_left(db, spared_performed,
                                                                                            english, table_counts):
    case, _company, employee, _spared = spared_performed
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-15")
    assert str(refused.value) == (f"{EMPLOYEE}: its 不予行政处罚决定书 cannot have been served (2026-03-15) before it was "
                                  f"made ({SPARED_ON}).")
    assert table_counts(db) == before
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24").status == "performed"
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)；decision served 2026-03-24")


def test_a_service_recorded_before_the_spared_decision_leaves_the_later_one_to_count(db, spared_performed, english):
    case, _company, employee, _spared = spared_performed
    # as the whole case's service recorded before it was held to the party's own day did
    procedure._party_events(db, get_case(db, case.id), party_decisions.DECISION_SERVED, (employee,), "2026-03-15", "")
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-24", party_ids=(employee,))
    assert employee_line(db, case).endswith("not penalised (佛南市监不罚〔2026〕1号)；decision served 2026-03-24")
    assert party_decisions.unserved_parties(db, get_case(db, case.id)) == []


def test_a_case_whose_only_penalty_decision_was_voided_is_not_one_beside_the_others_penalties(db, data_dir,
                                                                                             make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    fined = decide(db, data_dir, case, company, fine_fen="50000", decided_on="2026-03-10")
    void_document(db, fined.id, "改为不予处罚")
    spare(db, data_dir, case, company, "2026-03-11")
    spare(db, data_dir, case, employee, "2026-03-11")
    procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-11", reason="首违不罚")
    assert procedure.apply(db, case.id, "close", on_date="2026-03-12").status == "closed"
    # decided not to penalise any party: each service is its 送达回证's, no step 送达处罚决定书 ever was
    assert party_decisions.spared_services(db, get_case(db, case.id)) == {}
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(employee,))
    assert str(refused.value).startswith("“Serve the penalty decision” is not possible while the case is “Closed”.")
