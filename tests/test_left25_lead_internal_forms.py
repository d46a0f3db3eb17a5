"""The internal forms of a lead registered by hand that is not about personal information (a 棋牌室's gambling
report) name its matter as its letters do — 关于…的线索 — not the campaign's 涉嫌侵害消费者个人信息; a lead screened
from complaints, and one about a telecom operator, keep the campaign's matter."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, decide_lead, draft_lead_document
from workstation.store import agency_id_for_code

GAMBLING = "佛山市南海区某棋牌室"
OPERATOR = "中国移动通信集团广东有限公司佛山分公司"
CAMPAIGN = "侵害消费者个人信息"
INTERNAL_FORMS = ("case_source_register", "non_filing_approval", "matter_approval")


def hand_lead(db, party: str, description: str) -> str:
    return register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", description=description,
                                       party=party)).id


def drafted(db, lead: str, form_id: str):
    # a field left for the officer (登记人 where the audit names none) prints as a ruled blank, as in the editor
    return draft_lead_document(db, lead, find_form(form_id), blanks=[])


def cause(draft) -> str | None:
    """The 案由 the form's fields were rendered with (None for a form without one)."""
    return dict(draft.fields).get("案由")


def printed(draft) -> str:
    return "".join(render_pdf(draft).text_lines())


@pytest.mark.parametrize("form_id", INTERNAL_FORMS)
def test_a_hand_registered_gambling_report_is_no_personal_information_matter_on_its_internal_forms(db, form_id):
    lead = hand_lead(db, GAMBLING, "棋牌室内有人聚众赌博，深夜喧哗，影响周边居民休息。")
    draft = drafted(db, lead, form_id)
    text = printed(draft)
    assert GAMBLING in text
    assert CAMPAIGN not in text
    assert not any(CAMPAIGN in value for _label, value in draft.fields)
    if form_id != "case_source_register":  # the 案由 of the 不予立案审批表 and the 有关事项审批表
        assert cause(draft) == f"关于{GAMBLING}的线索"
        assert f"关于{GAMBLING}的线索" in text


def test_the_non_filing_approval_of_the_gambling_report_once_declined_names_it_neutrally(db):
    lead = hand_lead(db, GAMBLING, "棋牌室内有人聚众赌博，深夜喧哗，影响周边居民休息。")
    # assigned (交办) to 南海区局's 桂城 office first: a station with no agency decides a lead not to file only then
    assign_lead(db, lead, agency_id_for_code("440605011"), on="2026-03-02")
    decide_lead(db, lead, "not_file", on="2026-03-05", reason="不属于市场监管部门职责范围")
    draft = drafted(db, lead, "non_filing_approval")
    assert cause(draft) == f"关于{GAMBLING}的线索"
    assert CAMPAIGN not in printed(draft)


def test_an_operators_lead_keeps_the_campaigns_matter_on_its_internal_forms(db):
    lead = hand_lead(db, OPERATOR, "营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电骚扰。")
    draft = drafted(db, lead, "non_filing_approval")
    assert cause(draft) == f"关于{OPERATOR}涉嫌{CAMPAIGN}的线索"
