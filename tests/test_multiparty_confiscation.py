"""Several parties in one case: the confiscation of illegal gains (没收违法所得) each party's 行政处罚告知书 and
行政处罚决定书 propose start from that party's own figures — its own notice, else its own 调查终结报告 — never from the
case's amount (the parties' together) nor another party's; where nothing recorded for the party gives it and the
case records illegal gains or a confiscation, the draft says the amount must be written for that party. A decision
confiscating more than its own party's notice proposed is refused. A case with one party reads as before."""

from __future__ import annotations

import pytest

from tests.helpers import pdf_text
from tests.test_multiparty11 import COMPANY_SERVED
from tests.test_party_case10 import FACTS, decide, notice, with_employee
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.values import case_context, default_values, field_errors
from workstation.store import get_case

DECIDED_ON = "2026-03-10"
CASE_GAINS = 300_000  # ¥3,000 of illegal gains, confiscated, recorded on the case for its parties together


def reviewed(db, make_case, **case_fields):
    """A case of the company and its employee under review: (case, company, employee)."""
    return with_employee(db, make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27",
                                       facts=FACTS, **case_fields))


def drafted(db, case, form_id, party) -> tuple[dict, dict]:
    """The default values of the party's draft and the errors they give: (values, errors)."""
    form = find_form(form_id)
    context = case_context(db, get_case(db, case.id), party)
    values = default_values(form, context)
    return values, field_errors(form, values, context)[1]


def printed(db, case, form_id, party, **values) -> str:
    document = draft_document(db, get_case(db, case.id), find_form(form_id), values or None, party_id=party)
    return pdf_text(render_document(document, "pdf").data)


def noticed(db, data_dir, make_case, company_confiscated="3000", employee_confiscated="1000"):
    """Both parties told of their own confiscation and fine, both served on 03-02, their periods over by 03-10."""
    case, company, employee = reviewed(db, make_case, illegal_gains_fen=CASE_GAINS, confiscated_fen=CASE_GAINS)
    notice(db, data_dir, case, company, fine_fen="50000", confiscated_fen=company_confiscated,
           hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", confiscated_fen=employee_confiscated,
           hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    return case, company, employee


# ---- 1. the notices ---------------------------------------------------------------------------------------------

def test_each_partys_notice_asks_for_its_own_confiscation_when_the_case_records_one(db, make_case, english):
    case, company, employee = reviewed(db, make_case, illegal_gains_fen=CASE_GAINS, confiscated_fen=CASE_GAINS,
                                       fine_fen=1_000_000)
    for party in (company, employee):  # the second party as much as the first
        values, errors = drafted(db, case, "pre_penalty_notice", party)
        assert values["confiscated_fen"] is None
        assert errors["confiscated_fen"] == (
            "The case records confiscated illegal gains of ¥3,000.00 for all its parties together, and nothing "
            "recorded for this party says its share: write the illegal gains confiscated from this party (0 for "
            "none).")
        with pytest.raises(ValidationError) as refused:
            printed(db, case, "pre_penalty_notice", party, fine_fen="5000")
        assert "没收违法所得（元）" in str(refused.value)
    # the amount written for each party is printed on its own notice
    assert "没收违法所得¥1,000.00" in printed(db, case, "pre_penalty_notice", employee, fine_fen="5000",
                                         confiscated_fen="1000")
    assert "没收违法所得" not in printed(db, case, "pre_penalty_notice", employee, fine_fen="5000",
                                     confiscated_fen="0")


def test_illegal_gains_alone_on_the_case_also_ask_for_each_partys_confiscation(db, make_case, english):
    case, _company, employee = reviewed(db, make_case, illegal_gains_fen=CASE_GAINS)
    _values, errors = drafted(db, case, "pre_penalty_notice", employee)
    assert errors["confiscated_fen"].startswith("The case records illegal gains of ¥3,000.00 for all its parties")


def test_without_illegal_gains_on_the_case_the_confiscation_of_a_partys_notice_may_stay_empty(db, make_case):
    case, _company, employee = reviewed(db, make_case, fine_fen=1_000_000)
    values, errors = drafted(db, case, "pre_penalty_notice", employee)
    assert values["confiscated_fen"] is None and "confiscated_fen" not in errors


def test_a_partys_notice_starts_from_its_own_final_report(db, data_dir, make_case):
    case, company, employee = reviewed(db, make_case, illegal_gains_fen=CASE_GAINS, confiscated_fen=CASE_GAINS)
    issue_document(db, data_dir, get_case(db, case.id), find_form("investigation_report"),
                   {"fine_fen": "5000", "confiscated_fen": "1000"}, party_id=employee)
    values, errors = drafted(db, case, "pre_penalty_notice", employee)
    assert (values["fine_fen"], values["confiscated_fen"]) == ("5000.00", "1000.00") and not errors
    assert "没收违法所得¥1,000.00" in printed(db, case, "pre_penalty_notice", employee)
    # the company's report was not issued: its notice takes neither the employee's amount nor the case's
    values, errors = drafted(db, case, "pre_penalty_notice", company)
    assert (values["fine_fen"], values["confiscated_fen"]) == (None, None)
    assert set(errors) == {"fine_fen", "confiscated_fen"}


# ---- 2. the decisions --------------------------------------------------------------------------------------------

def test_each_partys_decision_starts_from_its_own_notices_confiscation(db, data_dir, make_case):
    case, company, employee = noticed(db, data_dir, make_case)
    assert drafted(db, case, "penalty_decision", company)[0]["confiscated_fen"] == "3000.00"
    assert drafted(db, case, "penalty_decision", employee)[0]["confiscated_fen"] == "1000.00"
    own = printed(db, case, "penalty_decision", employee, decided_on=DECIDED_ON)
    other = printed(db, case, "penalty_decision", company, decided_on=DECIDED_ON)
    assert "没收违法所得¥1,000.00" in own and "¥3,000.00" not in own
    assert "没收违法所得¥3,000.00" in other and "¥1,000.00" not in other


def test_a_decision_confiscating_more_than_its_own_partys_notice_is_refused(db, data_dir, make_case, english):
    case, company, employee = noticed(db, data_dir, make_case, employee_confiscated="0")
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, decided_on=DECIDED_ON, confiscated_fen="3000")
    assert "confiscation of illegal gains of ¥3,000.00, which the notice did not propose" in str(refused.value)
    with pytest.raises(WorkstationError) as refused:  # the company's ¥3,000 is not the employee's
        decide(db, data_dir, case, employee, decided_on=DECIDED_ON, confiscated_fen="1000")
    assert "confiscation of illegal gains of ¥1,000.00" in str(refused.value)
    issued = decide(db, data_dir, case, company, decided_on=DECIDED_ON, confiscated_fen="3000")
    assert issued.values["confiscated_fen"] == 300_000
    # the employee's decision takes its own notice's nothing, with nothing to write
    values, errors = drafted(db, case, "penalty_decision", employee)
    assert values["confiscated_fen"] == "0.00" and "confiscated_fen" not in errors
    assert decide(db, data_dir, case, employee, decided_on=DECIDED_ON).values["confiscated_fen"] == 0


def test_a_decision_of_a_party_told_nothing_in_the_workstation_does_not_copy_the_case_amounts(db, make_case,
                                                                                              english):
    case, company, employee = with_employee(db, make_case(
        status="decision_pending", filed_on="2026-02-20", notice_served_on=COMPANY_SERVED, facts=FACTS,
        illegal_gains_fen=CASE_GAINS, confiscated_fen=CASE_GAINS, fine_fen=1_000_000))
    for party in (company, employee):
        values, errors = drafted(db, case, "penalty_decision", party)
        assert (values["fine_fen"], values["confiscated_fen"], values["total_fen"]) == (None, None, None)
        assert errors["fine_fen"].startswith("The case has several parties and none of this party's own notice")
        assert errors["confiscated_fen"].startswith("The case records confiscated illegal gains of ¥3,000.00")


# ---- 3. a case with one party ------------------------------------------------------------------------------------

def test_a_one_party_case_proposes_and_decides_the_cases_confiscation_as_before(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS,
                     illegal_gains_fen=CASE_GAINS, confiscated_fen=CASE_GAINS, fine_fen=1_000_000)
    values, errors = drafted(db, case, "pre_penalty_notice", None)
    assert (values["fine_fen"], values["confiscated_fen"]) == ("10000.00", "3000.00") and not errors
    values, errors = drafted(db, case, "penalty_decision", None)
    assert (values["confiscated_fen"], values["total_fen"]) == ("3000.00", "13000.00") and "confiscated_fen" not in errors
