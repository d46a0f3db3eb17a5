"""One-sheet forms stay on one sheet, and no page holds only a signature. A walkthrough found the 案件来源登记表 of a
lead with three complaints quoted putting its 办案机构负责人意见 row alone on page 2; the 登记表 is one sheet on
paper, so its table is set in 五号 when 小四 would overrun (``fit_page`` of its table). Every form an officer prints
from the demo data that is one sheet on paper (the 审批表 and 登记表, the letters and notices sent as one sheet, the
当场行政处罚决定书) is one page; and no page of any form holds only the 落款 — the agency name and the date — or only
the signature rows of a table: a signature keeps the last two lines of the text at least (GB/T 9704-2012 7.3.5), in
the PDF by the page flow and in the DOCX by "keep with next" on the paragraphs before it and rows that never split."""

from __future__ import annotations

import io
import re
from functools import partial

import docx
import pytest
from docx.oxml.ns import qn

from tests.rendering import case_draft, docx_of, drafted, pdf_of
from tests.test_docx_matches_pdf import FORMS, drafts
from workstation.documents.docx_writer import style_name
from workstation.documents.drafts import find_form
from workstation.leads_workflow import LEAD_FORMS, LEAD_LETTERS, REPORT_NOTICE, draft_lead_document

CASE = "佛南市监立〔2026〕1号"
#: the 线索及案情简述 the walkthrough's lead printed: its summary and three complaints quoted, some 300 characters
LEAD_BRIEF = (
    "骚扰电话：18件投诉（2026-01-01至2026-01-01）；号码：13507656347、15807656347、075793458815；经营者：佛山市南海区"
    "嘉运全屋定制有限公司；地点：南海区。\n"
    "1．刚收楼就接到+86-757-9345-8815的装修推销电话，对方未说明公司名称，对方知道我的小区名称和房号，怀疑开发商或物业"
    "泄露业主信息。\n"
    "2．在佛山市南海区嘉运全屋定制有限公司办理会员登记后，就不断接到各种推销电话和短信，怀疑该公司把我的个人信息卖给"
    "了他人，请求调查。（本人号码139****9279）\n"
    "3．12月初以来+8615807656347每周打三四次电话推销全屋定制装修，对方不肯透露公司名称，拒绝后换号码继续打。（本人号码"
    "+86139****5937）（共18件相关投诉举报）")

#: the forms that are one sheet on paper: the 审批表 and 登记表 (the 行政处理决定审批表 aside: with the facts, the
#: evidence and the discretion it runs on), the letters and notices sent as one sheet (form-level ``fit_page``), the
#: pre-printed 当场行政处罚决定书 (``small_type``)
ONE_SHEET = ("case_source_register", "filing_approval", "non_filing_approval", "matter_approval", "closing_approval",
             "legal_review", "assignment_notice", "case_transfer_letter", "report_result_notice", "identification_request",
             "seizure_assistance_notice", "testing_commission", "payment_deferral_notice", "performance_demand",
             "on_the_spot_decision")

#: what a signature line or row says, beside blanks: 签名（盖章）：, 年 月 日, the signers' labels (主持人：, 记录人：)
SIGNING = re.compile(r"^(签名|盖章|捺指印|签字|[年月日]|[（(）)：:，、]|主持人|听证员|记录员|询问人|记录人|执法人员|见证人|"
                     r"[\s\u3000＿_])*$")


#: what the officer types into a lead's internal forms that the lead does not give (the 有关事项审批表's period)
LEAD_TYPED = {"non_filing_approval": {"officer1_name": "罗建华", "officer1_cert": "44060001",
                                      "officer2_name": "杨志明", "officer2_cert": "44060002"},
              "matter_approval": {"period": "延长十日", "officer1": "罗建华", "officer2": "杨志明"}}


def all_drafts(db, form_id: str) -> list:
    """What ``drafts`` gives an officer for ``form_id`` and, for a lead's internal form, its draft for the demo's
    leads (the 案件来源登记表 of each, the others of the five gathering most complaints)."""
    documents = list(drafts(db, form_id))
    if form_id in LEAD_FORMS and form_id not in (*LEAD_LETTERS, REPORT_NOTICE):  # a notice: drafts' named reports
        form, typed = find_form(form_id), LEAD_TYPED.get(form_id, {})
        leads = [row[0] for row in db.execute("SELECT id FROM leads ORDER BY complaint_count DESC, id")]
        for lead in leads if form_id == "case_source_register" else leads[:5]:
            documents.append(drafted(db, ("lead", lead, form_id, typed),
                                     partial(draft_lead_document, db, lead, form, typed)))
    return documents


def signing_only(lines) -> bool:
    """Whether the drawn ``lines`` of a page are only a signature: the 落款 (its agency name and date in the
    signature style, the blank lines above it), or table rows that print nothing but their labels and where to sign
    and date (当事人（在场人）意见, 见证人签名 …, an empty 备注 row)."""
    texts = [line for line in lines if line.kind in ("text", "cell") and line.text.strip("\u3000 ")]
    return bool(texts) and all(line.style.startswith(("signature", "cell_label")) or SIGNING.match(line.text)
                               for line in texts)


def test_the_source_register_of_a_lead_with_three_complaints_quoted_is_one_sheet(read_demo_db):
    document = case_draft(read_demo_db, CASE, "case_source_register", {"summary": LEAD_BRIEF})
    rendered = pdf_of(document)
    assert rendered.pages == 1
    text = "".join(rendered.text_lines()).replace(" ", "")
    assert "拒绝后换号码继续打。（本人号码+86139****5937）（共18件相关投诉举报）" in text
    assert text.endswith("办案机构负责人意见签名：年月日")
    # with the whole party block (version 9: 主体资格证照名称, the code, the representative) the quoted complaints in
    # 五号 no longer leave room: the sheet is set in 小五, still one sheet (a short brief keeps 小四, below)
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell_small", "cell_label_small"}
    word = docx.Document(io.BytesIO(docx_of(document)))  # the same smaller cells for Word and WPS
    assert {p.style.name for table in word.tables for row in table.rows for cell in row.cells
            for p in cell.paragraphs} == {style_name("cell_small"), style_name("cell_label_small")}


def test_a_source_register_of_a_short_brief_keeps_small_four(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "case_source_register"))
    assert rendered.pages == 1
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell", "cell_label"}


@pytest.mark.parametrize("form_id", ONE_SHEET)
def test_a_one_sheet_form_drawn_from_the_demo_is_one_page(read_demo_db, form_id):
    documents = all_drafts(read_demo_db, form_id)
    assert documents
    assert [pdf_of(document).pages for document in documents] == [1] * len(documents)


@pytest.mark.parametrize("form_id", FORMS)
def test_no_page_of_a_form_drawn_from_the_demo_holds_only_its_signature(read_demo_db, form_id):
    for document in all_drafts(read_demo_db, form_id):
        rendered = pdf_of(document)
        alone = [page for page in range(2, rendered.pages + 1)
                 if signing_only(line for line in rendered.lines if line.page == page)]
        assert not alone, (form_id, alone, [line.text for line in rendered.lines if line.page == rendered.pages])


def test_the_signature_check_sees_a_page_of_only_the_agency_and_the_date(read_demo_db):
    rendered = pdf_of(case_draft(read_demo_db, CASE, "penalty_decision"))
    last = [line for line in rendered.lines if line.page == rendered.pages]
    assert not signing_only(last)
    assert signing_only([line for line in last if line.style.startswith("signature")])


def body_lines_with_the_signature(rendered) -> int:
    """How many lines of text share the page of the signature (its blank lines and page number aside)."""
    page = max(line.page for line in rendered.lines if line.style.startswith("signature"))
    return sum(1 for line in rendered.lines if line.page == page and line.kind == "text"
               and not line.style.startswith("signature") and line.text.strip("\u3000 "))


def test_a_signature_after_a_one_line_contact_keeps_two_lines_of_text_with_it(read_demo_db):
    """The 责令改正通知书 ends with its one-line 联系人 line: however long the facts push its text, the page of the 落款
    holds that line and one more at least, never the contact line alone above the agency name."""
    sentence = "经查，当事人在经营活动中未经消费者同意向其发送商业性信息，并向他人提供其收集的消费者个人信息。"
    counts = {}
    for length in range(0, 28 * 14, 9):
        violation = (sentence * 10)[:60 + length]
        rendered = pdf_of(case_draft(read_demo_db, CASE, "rectification_order", {"violation": violation}))
        if rendered.pages > 1:
            counts[length] = body_lines_with_the_signature(rendered)
    assert counts and min(counts.values()) >= 2, counts


def test_the_docx_keeps_the_last_lines_before_the_signature_with_it(read_demo_db):
    """Word and WPS lay out the DOCX: the paragraphs before the 落款 (the one-line contact line and the paragraph
    above it, the blank lines) are kept with the next, the 落款's agency line with its date, and a table's rows never
    split across pages unless long."""
    document = case_draft(read_demo_db, CASE, "rectification_order")
    word = docx.Document(io.BytesIO(docx_of(document)))
    paragraphs = [p for p in word.paragraphs if p.text.strip("\u3000 ")]
    contact = next(i for i, p in enumerate(paragraphs) if p.text.startswith("联系人："))

    def kept(paragraph) -> bool:
        return paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:keepNext")) is not None

    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", paragraphs[-1].text)  # the 落款's date
    assert [kept(p) for p in paragraphs[contact - 1:]] == [True, True, True, False]
    register = docx.Document(io.BytesIO(docx_of(case_draft(read_demo_db, CASE, "case_source_register",
                                                           {"summary": LEAD_BRIEF}))))
    rows = [row for table in register.tables for row in table.rows]
    # the brief outgrows the 50 mm kept for it: a long row, which breaks by lines as in the PDF (test_rowsplit_pages)
    assert rows and all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
                        for row in rows if row.cells[0].text != "线索及案情简述")


def kept_row(row) -> bool:
    """Whether every paragraph of a DOCX table row is kept with the next (Word keeps the row with the next row)."""
    return all(p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None
               for cell in row.cells for p in cell.paragraphs)


def test_the_docx_keeps_a_records_signature_rows_with_the_last_row_that_prints_something(read_demo_db):
    """The 电子数据证据提取笔录 closes with its signature rows under an empty 备注: in the DOCX the rows from the last
    one printing something (个人信息条数) to the last but one are kept with the next, the other rows are not."""
    document, = drafts(read_demo_db, "electronic_evidence_record")
    table = docx.Document(io.BytesIO(docx_of(document))).tables[0]
    labels = [row.cells[0].text for row in table.rows]
    counted = labels.index("个人信息条数")
    assert labels[counted + 1:] == ["备注", "提取人签名", "当事人\n（在场人）\n意见", "当事人\n（在场人）\n签名", "见证人签名"]
    assert [kept_row(row) for row in table.rows] == [False] * counted + [True] * 5 + [False]
    rendered = pdf_of(document)
    first = [line.text for line in rendered.lines if line.page == 1 and line.kind == "cell"]
    text = [line.text for line in rendered.lines if line.page == 2 and line.kind == "cell"]
    # in the PDF too they go on to page 2 with it, after the end of the long 哈希值 row broken by lines (its label and
    # first file on page 1, the demo's other files, a message log and a call log, on page 2) and nothing else
    assert "哈希值" in first and "个人信息条数" not in first and "个人信息条数" in text
    before = text[:text.index("个人信息条数")]
    assert before and all("SHA-256" in line or ".txt" in line
                          or (re.fullmatch(r"[0-9a-f]+", line) and re.search(r"[0-9a-f]$", previous or ""))
                          for previous, line in zip([None, *before[:-1]], before, strict=True)), before


def test_a_records_confirmation_table_keeps_two_lines_of_the_record_with_it(read_demo_db):
    """The 陈述申辩笔录's confirmation and signature table (a table of its own after the questions and answers) goes
    on to a page only with the record's last lines; in the DOCX the paragraphs before it are kept with it."""
    document, = drafts(read_demo_db, "statement_record")
    rendered = pdf_of(document)
    last = [line for line in rendered.lines if line.page == rendered.pages and line.kind == "text"
            and line.text.strip("\u3000 ")]
    assert len(last) >= 2 and last[-1].text.startswith("答")
    word = docx.Document(io.BytesIO(docx_of(document)))
    body = word.element.body
    confirmation = word.tables[-1]._tbl
    before = [p for p in body.iterchildren(qn("w:p")) if p.getparent() is body]
    before = [p for p in before if body.index(p) < body.index(confirmation)][-3:]  # 问, 答, a blank line
    assert all(p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in before)
