"""The approval forms on one sheet: with a demo case's values (two officers, a 简要案情 of some 170 characters) the
立案审批表 used to put the second officer and both approval opinions on page 2, away from the facts they approve;
the 不予立案审批表 did the same with a shorter brief (it is one sheet up to some 150 characters). Each 审批表 that is one sheet on paper now is one page."""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.rendering import case_draft, pdf_of
from workstation.formkit.values import case_context
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # the case of the GUI walkthrough: a company, two officers, 172 characters of brief
#: some 140 characters of brief, as a lead not filed is usually told
SHORT_BRIEF = ("经查，当事人于2026年9月至11月，通过第三方外呼平台向新房业主批量拨打装修推销电话，涉及消费者个人信息"
               "540条。当事人称已取得消费者同意，并提供了部分消费者的书面同意材料。经核实，现有材料不能证明当事人"
               "未经消费者同意向其发送商业性信息，当事人已停止外呼，并删除了未取得同意的消费者号码。")


def pages(document) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf_of(document).data)).pages)


@pytest.mark.parametrize(("form_id", "values"), [("filing_approval", None),
                                                 ("matter_approval", {"period": "延长三十日"}),
                                                 ("closing_approval", None)])
def test_an_approval_of_the_demo_case_is_one_sheet_with_its_signatures(read_demo_db, form_id, values):
    context = case_context(read_demo_db, find_case(read_demo_db, CASE))
    assert len(context["case.filing_facts"]) >= 170 and context["officer2.name"]  # the demo-like values
    document = case_draft(read_demo_db, CASE, form_id, values)
    assert pages(document) == 1
    lines = pdf_of(document).lines
    assert {line.page for line in lines if line.text.startswith(("部门负责人", "审批意见"))} == {1}


def test_the_filing_approval_keeps_both_officers_with_their_certificates(read_demo_db):
    context = case_context(read_demo_db, find_case(read_demo_db, CASE))
    text = "".join(pdf_of(case_draft(read_demo_db, CASE, "filing_approval")).text_lines())
    officers = (f"办案人员{context['officer1.name']}{context['officer2.name']}"
                f"执法证号{context['officer1.cert_no']}{context['officer2.cert_no']}")
    assert officers in text and f"住所{context['party.address']}" in text


def test_the_non_filing_approval_of_a_short_brief_is_one_sheet(read_demo_db):
    document = case_draft(read_demo_db, CASE, "non_filing_approval", {"facts": SHORT_BRIEF})
    assert pages(document) == 1
    text = "".join(pdf_of(document).text_lines())
    assert "不予立案情形（《市场监督管理行政处罚程序规定》第二十条第一款）" in text
