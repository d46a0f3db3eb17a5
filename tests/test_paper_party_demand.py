"""The amounts a party's 催告书, 强制执行申请书 and 延期缴纳罚款通知书 print in a case with several parties: its own
decision's; for a party whose own amount is not known (the case decided outside the workstation for all its parties
together), a blank to be written by hand, never the case's total nor ¥0.00; and a party whose decision was not yet
served is held to its own payment period, never another party's."""

from __future__ import annotations

import pytest

from tests.test_amounts_per_party_outside import _decided_outside
from tests.test_multiparty12 import decided_case
from tests.test_multiparty13 import serve
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.payments import payment_due
from workstation.store import get_case

PARTY_FORMS = {"performance_demand": "尚未缴纳罚没款", "enforcement_application": "强制被申请人缴纳罚没款",
               "payment_deferral_notice": "处以罚款"}


def drafted(db, case, form_id: str, party_id: str) -> tuple[str, list[str]]:
    """The printed text of the party's draft, and the labels of the required fields it leaves for handwriting."""
    blanks: list = []
    draft = draft_document(db, case, find_form(form_id), party_id=party_id, blanks=blanks)
    return "".join(render_pdf(draft).text_lines()), [field.label for field in blanks]


@pytest.mark.parametrize("form_id", PARTY_FORMS)
def test_a_party_of_a_case_decided_outside_gets_a_blank_not_the_cases_total(db, make_case, form_id):
    case, company, employee = _decided_outside(db, make_case)  # ¥60,000 typed on the case for both
    for party in (company, employee):
        text, blanks = drafted(db, case, form_id, party)
        assert "60,000" not in text and "陆万" not in text
        assert "¥0.00" not in text and "零元整" not in text
        assert f"{PARTY_FORMS[form_id]}＿＿＿＿＿＿＿＿（＿＿＿＿＿＿＿＿）" in text
    if form_id == "performance_demand":  # the officer is told the amount is still to be written
        assert "尚未缴纳的罚没款（元）" in blanks


def test_a_total_of_an_amount_left_blank_is_left_blank_too(db, make_case):
    case, company, _employee = _decided_outside(db, make_case)
    blanks: list = []
    draft = draft_document(db, case, find_form("performance_demand"),
                           {"surcharge_fen": "1500", "surcharge_on": "2026-06-26"}, party_id=company, blanks=blanks)
    text = "".join(render_pdf(draft).text_lines())
    assert "已加处罚款¥1,500.00（人民币壹仟伍佰元整）" in text
    assert "及加处罚款，截至2026年6月26日合计＿＿＿＿＿＿＿＿（＿＿＿＿＿＿＿＿）。" in text  # never ¥1,500.00 alone


def test_a_case_with_one_party_decided_outside_keeps_its_amount(db, make_case):
    case = make_case(status="served", filed_on="2026-04-01", decided_on="2026-06-01", served_on="2026-06-03",
                     fine_fen=6_000_000)
    text, _blanks = drafted(db, case, "performance_demand", case.party_ids[0])
    assert "尚未缴纳罚没款¥60,000.00（人民币陆万元整）" in text


def test_each_party_issued_its_own_decision_gets_its_own_amount(db, data_dir, make_case):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_warning=False,
                                                           fine_fen=5_500_000)
    serve(db, case, "2026-03-23", company, employee)
    case = get_case(db, case.id)
    assert "尚未缴纳罚没款¥50,000.00（人民币伍万元整）" in drafted(db, case, "performance_demand", company)[0]
    assert "尚未缴纳罚没款¥5,000.00（人民币伍仟元整）" in drafted(db, case, "performance_demand", employee)[0]


def test_a_party_not_yet_served_has_no_payment_period_of_another_party(db, data_dir, make_case, english):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_warning=False)
    serve(db, case, "2026-03-12", company)  # the employee's decision is not served yet
    case = get_case(db, case.id)
    assert payment_due(db, case, company) == "2026-03-27"
    assert payment_due(db, case, employee) is None
    # its 催告书, its service written as 03-20, may not be dated before its own fifteen days ran out: counted as T8
    # is, the fifteenth day, Sat 04-04, falls in the 清明 holiday (04-04 … 04-06) and moves to Tue 04-07
    values = {"party_id": employee, "decision_no": "佛南市监处〔2026〕2号", "unpaid_fen": 500_000,
              "decision_served_on": "2026-03-20", "signed_on": "2026-03-30"}
    refusal = procedure.values_refusal(db, case, "performance_demand", values)
    assert refusal is not None and "runs until 2026-04-07" in refusal and "Date it 2026-04-08 or later" in refusal
    refusal = procedure.values_refusal(db, case, "performance_demand", {**values, "signed_on": "2026-04-07"})
    assert refusal is not None and "runs until 2026-04-07" in refusal
    assert procedure.values_refusal(db, case, "performance_demand", {**values, "signed_on": "2026-04-08"}) is None


def test_the_surcharge_of_a_party_not_yet_served_counts_from_the_day_after_its_period_moved_off_a_holiday(
        db, data_dir, make_case, english):
    from workstation.demand_surcharge import demand_warnings

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_warning=False)
    serve(db, case, "2026-03-12", company)
    case = get_case(db, case.id)
    # served 03-20: the fifteenth day falls in the 清明 holiday, so the time to pay ends Tue 04-07 and the surcharge
    # (3 % of the ¥5,000 fine, ¥150 a day) accrues from 04-08: three days by 04-10, not seven from 04-05
    values = {"party_id": employee, "decision_no": "佛南市监处〔2026〕2号", "unpaid_fen": 500_000,
              "decision_served_on": "2026-03-20", "signed_on": "2026-04-10", "surcharge_on": "2026-04-10"}
    assert demand_warnings(db, case, {**values, "surcharge_fen": 45_000}) == []
    [warning] = demand_warnings(db, case, {**values, "surcharge_fen": 105_000})
    assert "3 days from 2026-04-08 to 2026-04-10" in warning and "make ¥450.00" in warning
