"""The case opened on a lead registered by hand that is not about personal information (a shop selling expired food)
is no personal-information case on paper: its 立案审批表, 调查终结报告, 行政处理决定审批表, 行政处罚决定书 and 卷宗封面
name it …涉嫌违法案, not the campaign's …涉嫌侵害消费者个人信息案; a 案由 the officer typed is what they print; the case
of an operator's lead keeps the campaign's matter."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.i18n import _
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, file_case_from_lead
from workstation.store import agency_by_code, get_case
from workstation.store.cases import update_case

SHOP = "佛山市南海区某食杂店"
OPERATOR = "中国移动通信集团广东有限公司佛山分公司"
CAMPAIGN = "侵害消费者个人信息"
CASE_FORMS = ("filing_approval", "investigation_report", "decision_approval", "penalty_decision", "file_cover",
              "inquiry_notice")


def case_of_hand_lead(db, party: str, description: str):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", description=description,
                                       party=party)).id
    assign_lead(db, lead, agency_by_code(db, "440605").id, on="2026-03-02")
    return file_case_from_lead(db, lead)


def printed(db, case, form_id: str) -> tuple[str, dict]:
    draft = draft_document(db, case, find_form(form_id), blanks=[])
    return "".join(render_pdf(draft).text_lines()), dict(draft.fields)


@pytest.mark.parametrize("form_id", CASE_FORMS)
def test_the_case_of_a_hand_registered_lead_about_expired_food_is_no_personal_information_case(db, form_id):
    case = case_of_hand_lead(db, SHOP, "该店销售超过保质期的食品。")
    cause = _("Case of {name}, suspected of a violation").format(name=SHOP)
    assert case.cause == cause
    text, fields = printed(db, case, form_id)
    assert CAMPAIGN not in text
    assert cause in fields.values()
    assert cause.replace(" ", "") in text.replace(" ", "")


def test_the_cause_the_officer_typed_is_what_the_case_documents_print(db):
    case = case_of_hand_lead(db, SHOP, "该店销售超过保质期的食品。")
    typed = f"{SHOP}涉嫌销售超过保质期的食品案"
    case = update_case(db, replace(get_case(db, case.id), cause=typed))
    for form_id in ("filing_approval", "penalty_decision"):
        text, fields = printed(db, case, form_id)
        assert fields["案由"] == typed
        assert typed in text


def test_the_case_of_an_operators_lead_keeps_the_campaigns_matter(db):
    case = case_of_hand_lead(db, OPERATOR, "营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电骚扰。")
    assert CAMPAIGN in case.cause
    text, fields = printed(db, case, "filing_approval")
    assert CAMPAIGN in fields["案由"]
