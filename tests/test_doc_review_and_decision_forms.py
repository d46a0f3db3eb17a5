"""The internal forms of an ordinary-procedure case between the investigation report and the decision, read back
from the produced PDF (pypdf): the 行政处理决定审批表 draws the penalty, its amounts in 大写 and the penalty basis
from the case and words the party by its kind; the 行政处罚案件有关事项审批表 ticks the matter chosen; the
案件审核/法制审核表 prints the title of the review chosen and the reviewers' ticks; the 行政处罚案件集体讨论记录
gives each participant's opinion a ruled row of its own, followed by blank rows to write in."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from workstation.documents.blocks import Table
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司: a fine of ¥3,000, legal representative 曾俊杰
PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person


def draft(db, form_id, values=None, case_number=COMPANY):
    return draft_document(db, find_case(db, case_number), find_form(form_id), values)


def pdf_text(document) -> str:
    reader = PdfReader(BytesIO(render_document(document, "pdf").data))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "").replace("\u3000", "")


def test_the_decision_approval_draws_the_penalty_and_its_basis_from_the_case(demo_db):
    text = pdf_text(draft(demo_db, "decision_approval"))
    assert text.startswith("佛山市南海区市场监督管理局行政处理决定审批表案件编号：佛南市监立〔2026〕1号")
    assert "罚款¥3,000.00（人民币叁仟元整）罚没款合计¥3,000.00（人民币叁仟元整）" in text
    assert "给予警告" not in text  # no notice or report of the case proposed one: never the form's default
    assert "依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项" in text and "拟作出如下处理决定：☑给予行政处罚□不予行政处罚" in text
    assert "法定代表人（负责人）曾俊杰" in text and "住所佛山市南海区桂城街道南海大道北282号2606室" in text
    assert "当事人在法定期限内未提出陈述、申辩意见。" in text
    assert "没收违法所得" not in text and "集体讨论" not in text  # rows printed only when there is something to say


def test_the_decision_approval_prints_a_confiscation_and_the_collective_discussion_when_given(demo_db):
    text = pdf_text(draft(demo_db, "decision_approval", {
        "confiscated_fen": "1250.5", "total_fen": "4250.5", "collective_on": "2026-04-20",
        "collective_conclusion": "同意办案机构的处理意见。", "statement": "当事人提出其已删除客户名单，经复核不予采纳。"}))
    assert "没收违法所得¥1,250.50（人民币壹仟贰佰伍拾元伍角整）" in text
    assert "罚没款合计¥4,250.50（人民币肆仟贰佰伍拾元伍角整）" in text
    assert "本案于2026年4月20日经本局负责人集体讨论。同意办案机构的处理意见。" in text
    assert "经复核不予采纳" in text and "在法定期限内未提出" not in text


def test_the_decision_approval_of_a_natural_person_prints_the_id_number_and_home_address(demo_db):
    text = pdf_text(draft(demo_db, "decision_approval", case_number=PERSON))
    assert "身份证件号码440682199303275854" in text and "住址佛山市南海区桂城街道南海大道北281号302铺" in text
    assert "法定代表人" not in text and "住所" not in text


def test_the_matter_approval_ticks_the_matter_chosen_for_the_whole_case(demo_db):
    text = pdf_text(draft(demo_db, "matter_approval", {"matter": "延长核查期限", "period": "延长十五个工作日"}))
    assert "行政处罚案件有关事项审批表" in text
    assert "□延长办案期限☑延长核查期限□中止案件调查□恢复案件调查□其他：" in text
    assert "期限延长十五个工作日" in text and "当事人佛山市南海区瀚沅房地产经纪有限公司" in text
    default = pdf_text(draft(demo_db, "matter_approval", {"period": "延长三十日"}))
    assert "☑延长办案期限" in default and "不能在立案之日起九十日内作出处理决定" in default


def test_the_review_sheet_prints_the_title_of_the_review_chosen_and_the_reviewers_ticks(demo_db):
    ticked = {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是", "basis_correct": "是",
              "discretion_proper": "是", "opinion": "经审核，同意办案机构的处理意见。"}
    text = pdf_text(draft(demo_db, "legal_review", ticked))
    assert "案件审核表" in text and "法制审核表" not in text
    assert "拟对当事人作出如下行政处罚：罚款¥3,000.00（人民币叁仟元整）审核事项事实是否清楚：☑是□否" in text
    assert "给予警告" not in text  # no notice or report of the case proposed one: never the form's default
    assert "存在的问题及建议无" in text
    legal = pdf_text(draft(demo_db, "legal_review", {
        **ticked, "review_kind": "法制审核", "evidence_sufficient": "否", "problems": "未提取外呼平台的发送记录。"}))
    assert "法制审核表" in legal and "案件审核表" not in legal
    assert "证据是否确凿充分：□是☑否" in legal and "未提取外呼平台的发送记录。" in legal


def test_the_collective_discussion_gives_each_participant_a_row_and_blank_rows_after(demo_db):
    document = draft(demo_db, "collective_discussion", {
        "held_from": "2026-04-20 09:30", "held_to": "2026-04-20 11:00", "conclusion": "经集体讨论，同意。",
        "opinions": "陈局长|同意办案机构的处理意见。\n李副局长|同意。"})
    text = pdf_text(document)
    assert "时间2026年4月20日9时30分至2026年4月20日11时00分" in text
    assert "发言人讨论意见陈局长同意办案机构的处理意见。李副局长同意。" in text
    assert "《中华人民共和国行政处罚法》" not in text and "结论性意见经集体讨论" in text
    table = next(b for b in document.blocks if isinstance(b, Table) and any(
        "陈局长" in p.text for row in b.rows for c in row.cells for p in c.paragraphs))
    opinion_rows = [row for row in table.rows if row.cells[0].paragraphs[0].text in ("陈局长", "李副局长")]
    assert len(opinion_rows) == 2 and all(len(row.cells) == 2 for row in opinion_rows)
    blank = [row for row in table.rows if not any(p.text for c in row.cells for p in c.paragraphs)]
    assert blank  # ruled rows to write further opinions in by hand

