"""The 案件交办通知书 is written before the office it goes to has investigated anything: its 案情简介 words the facts
as suspected (no 经查，, 上述行为涉嫌违反……的规定。), as the 立案审批表 and the 案件来源登记表 do — for a case not yet
filed, a case filed, a lead whose description an officer wrote that way, and a lead of complaints, whose quoted
complaints are printed as before."""

from __future__ import annotations

from tests.rendering import case_draft, pdf_of
from tests.test_lead_paper_fit import COMPLAINT, OPENINGS, screened_lead
from workstation.documents.drafts import draft_document, find_form
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import draft_lead_document, get_lead_row, lead_context

FOUND = ("经查，当事人于2026年3月起使用多个号码向消费者拨打商业性电话推销楼盘。"
         "上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款的规定。")
SUSPECTED = ("当事人于2026年3月起使用多个号码向消费者拨打商业性电话推销楼盘。"
             "上述行为涉嫌违反《中华人民共和国消费者权益保护法》第二十九条第三款的规定。")
PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, filed; facts close with 上述行为违反了……的规定。
TYPED = {"contact_person": "陈志强"}


def text(document) -> str:
    return "".join(pdf_of(document).text_lines())


def test_the_notice_of_a_case_not_yet_filed_words_its_facts_as_suspected(db, make_case):
    case = make_case(facts=FOUND)
    printed = text(draft_document(db, case, find_form("assignment_notice"), TYPED))
    assert SUSPECTED in printed
    assert "经查，" not in printed and "违反了" not in printed


def test_the_notice_of_a_filed_case_words_the_facts_known_at_filing_as_suspected(read_demo_db):
    printed = text(case_draft(read_demo_db, PERSON, "assignment_notice", TYPED))
    assert "当事人朱子轩于2026年3月至6月" in printed
    assert "上述行为涉嫌违反《中华人民共和国消费者权益保护法》第二十九条第二款的规定。" in printed
    assert "经查，" not in printed and "上述行为违反了" not in printed


def test_the_notice_of_a_lead_an_officer_described_as_found_words_it_as_suspected(db):
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-03-01 09:00", description=FOUND,
                                       party="佛山市南海区誉嘉房地产代理有限公司")).id
    printed = text(draft_lead_document(db, lead, find_form("assignment_notice"), TYPED))
    assert SUSPECTED in printed
    assert "经查，" not in printed and "违反了" not in printed


def test_the_notice_of_a_lead_of_complaints_still_quotes_them_fitted_to_its_sheet(db, data_dir):
    name = "佛山市顺德区大良街道嘉华房地产营销策划代理服务有限公司"
    lead = screened_lead(db, data_dir, [opening.format(name=name) + COMPLAINT for opening in OPENINGS])
    context = lead_context(db, get_lead_row(db, lead))
    assert context["case.filing_facts"] == context["case.facts"]  # the fitted quotation, for the notice's source
    document = draft_lead_document(db, lead, find_form("assignment_notice"), TYPED)
    printed = text(document)
    assert "1.上周起" in printed and "2." in printed and "3." in printed
    assert "……" in printed  # cut to fit, as before
    assert pdf_of(document).pages == 1
