"""The 案件交办通知书 of a lead registered by hand about something other than personal information (a 棋牌室's
gambling) no longer hands it over as 涉嫌侵害消费者个人信息的线索: it says 现将关于…的线索交由你单位办理, as its
案件移送函 does; a lead screened from complaints and an operator's lead keep the campaign's wording."""

from __future__ import annotations

from tests.test_leadsfixb import lead as screened_lead
from workstation.documents.drafts import find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import assign_lead, draft_lead_document
from workstation.store import agency_by_code

NOTICE = "assignment_notice"
OPERATOR = "中国移动通信集团广东有限公司佛山分公司"


def new_lead(db, party: str, description: str) -> str:
    return register_lead(db, LeadEntry(source="report", received_at="2026-03-02 09:00", description=description,
                                       party=party)).id


def notice_text(db, lead: str) -> str:
    assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-03-03")
    draft = draft_lead_document(db, lead, find_form(NOTICE), {"contact_person": "陈志强"})
    return "".join(render_pdf(draft).text_lines())


def test_a_hand_registered_lead_about_gambling_is_not_handed_over_as_a_personal_information_matter(db):
    text = notice_text(db, new_lead(db, "佛山市南海区某棋牌室", "棋牌室内有人聚众赌博，深夜喧哗，影响周边居民休息。"))
    assert "现将关于佛山市南海区某棋牌室的线索交由你单位办理" in text
    assert "侵害消费者个人信息" not in text


def test_an_operators_lead_keeps_the_campaigns_matter(db):
    text = notice_text(db, new_lead(db, OPERATOR, "营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电骚扰。"))
    assert f"现将关于{OPERATOR}涉嫌侵害消费者个人信息的线索交由你单位办理" in text


def test_a_screened_lead_keeps_the_campaigns_matter(db):
    lead = screened_lead(db, day="2026-03-02", business="佛山市美居装饰工程有限公司", district="南海区", count=4)
    text = notice_text(db, lead)
    assert "现将关于佛山市美居装饰工程有限公司涉嫌侵害消费者个人信息的线索交由你单位办理" in text
