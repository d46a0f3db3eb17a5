"""The 案件移送函 of a lead says what the letter is about as a letter to another authority should: a lead registered
by hand (a 棋牌室's gambling, referred to the police) is not called a personal-information matter — which would be
this bureau's own — and the 《电信条例》 reason of an operator's lead speaks of 该线索, not 该案; a kept draft holding the
earlier wording continues with the new one."""

from __future__ import annotations

from workstation.documents.blocks import Paragraph
from workstation.documents.drafts import find_form
from workstation.formkit.values import resumed_values
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    draft_lead_document,
    get_lead_row,
    lead_context,
)
from workstation.store import agency_id_for_code

LETTER = "case_transfer_letter"
POLICE = "佛山市公安局南海分局"
OPERATOR = "中国移动通信集团广东有限公司佛山分公司"
OLD_TELECOM_REASON = ("经审查，该案反映的问题涉及电信业务经营者对外呼叫号码和短信端口的管理，依照《中华人民共和国电信条例》"
                      "的规定，属于电信管理机构的职责范围，不属于本局管辖。")


def new_lead(db, party: str, description: str) -> str:
    return register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", description=description,
                                       party=party)).id


def printed(db, lead: str) -> list[str]:
    draft = draft_lead_document(db, lead, find_form(LETTER), {"contact_person": "陈志强"})
    return [block.text for block in draft.blocks if isinstance(block, Paragraph)]


def test_a_hand_registered_lead_referred_to_the_police_is_not_called_a_personal_information_matter(db):
    lead = new_lead(db, "佛山市南海区某棋牌室", "棋牌室内有人聚众赌博，深夜喧哗，影响周边居民休息。")
    decide_lead(db, lead, "refer", on="2026-03-02", referred_to=POLICE)
    lines = printed(db, lead)
    assert f"{POLICE}：" in lines
    assert "现将关于佛山市南海区某棋牌室的线索移送你单位，有关情况如下：" in lines
    assert not any("侵害消费者个人信息" in line for line in lines)


def test_an_operators_lead_keeps_its_matter_and_its_reason_speaks_of_the_lead(db):
    lead = new_lead(db, OPERATOR, "营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电骚扰。")
    lines = printed(db, lead)
    assert f"现将关于{OPERATOR}涉嫌侵害消费者个人信息的线索移送你单位，有关情况如下：" in lines
    reason = [line for line in lines if "电信条例" in line]
    assert len(reason) == 1 and reason[0].startswith("经审查，该线索反映的问题") and "该案" not in reason[0]


def test_a_kept_draft_with_the_earlier_reason_continues_with_the_leads_wording(db):
    lead = new_lead(db, OPERATOR, "营业厅工作人员用工号外呼推销套餐，拒绝后仍每天来电骚扰。")
    form = find_form(LETTER)
    context = lead_context(db, get_lead_row(db, lead), form_id=LETTER)
    values = resumed_values(form, {"reason": OLD_TELECOM_REASON, "contact_person": "陈志强"}, context)
    assert values["reason"].startswith("经审查，该线索反映的问题涉及电信业务经营者") and values["contact_person"] == "陈志强"


def test_the_reporter_of_a_lead_referred_to_the_police_is_told_of_the_matter_they_reported(db):
    from workstation.documents.pdf_writer import render_pdf

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", party="佛山市南海区某棋牌室",
                                       description="棋牌室内有人聚众赌博，深夜喧哗，影响周边居民休息。",
                                       complainant_phone="13800138000", reporter_name="李某某")).id
    decide_lead(db, lead, "refer", on="2026-03-02", referred_to=POLICE)
    draft = draft_lead_document(db, lead, find_form("report_result_notice"),
                                {"contact_person": "邓颖诗", "reporter_name": "李某某"})
    text = "".join(render_pdf(draft).text_lines())
    assert "的举报，反映佛山市南海区某棋牌室的有关问题。" in text
    assert f"将该举报事项移送{POLICE}依法处理" in text and "侵害消费者个人信息" not in text


def test_the_reporter_of_a_hand_registered_lead_not_filed_is_told_of_the_matter_they_reported(db):
    """Not only a referral: a 棋牌室's gambling declined is no personal-information matter either."""
    from workstation.documents.pdf_writer import render_pdf

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00", party="佛山市南海区某棋牌室",
                                       description="棋牌室内有人聚众赌博，深夜喧哗，影响周边居民休息。",
                                       complainant_phone="13800138000", reporter_name="李某某")).id
    # assigned (交办) to 南海区局's 桂城 office first: a station with no agency decides a lead not to file only then
    assign_lead(db, lead, agency_id_for_code("440605011"), on="2026-03-02")
    decide_lead(db, lead, "not_file", on="2026-03-02", reason="经核查，反映的问题不属于市场监管部门职责")
    draft = draft_lead_document(db, lead, find_form("report_result_notice"),
                                {"contact_person": "邓颖诗", "reporter_name": "李某某"})
    text = "".join(render_pdf(draft).text_lines())
    assert "的举报，反映佛山市南海区某棋牌室的有关问题。" in text
    assert "决定不予立案" in text and "侵害消费者个人信息" not in text
