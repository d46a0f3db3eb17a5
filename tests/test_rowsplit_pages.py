"""Tall rows on paper: a row kept high for handwriting whose text runs past that height (the 案件来源登记表's 线索及案情简述
of 19 paragraphs, a 卷宗封面 listing 40 parties) moved whole to page 2, leaving page 1 nearly blank; it now starts on
page 1 and continues by lines, in the PDF and the DOCX alike. Rows signed by hand never split, a row running past a
whole page leaves two lines at least for the next, and an opinion row printing the date the case records (2026年2月26日)
is still a signature row kept with the rows before it."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.blocks import Cell, Document, Row, Spacer, Table
from workstation.documents.compose import signing_row
from workstation.documents.fitting import mark_long_rows
from workstation.documents.pdf_writer import render_pdf

COMPANY = "佛南市监立〔2026〕1号"
PARAGRAPH = "经核查，当事人于2025年在佛山市南海区某楼盘售楼处，未经消费者同意向其发送商业性短信，涉及消费者个人信息若干条。"


def _cell_lines(document: Document) -> list:
    return [line for line in pdf_of(document).lines if line.kind == "cell"]


def _splitting_rows(document: Document) -> list[str]:
    """The first label of each row of the DOCX's first table that Word may split across pages (no w:cantSplit)."""
    rows = docx.Document(io.BytesIO(docx_of(document))).tables[0].rows
    return [row.cells[0].text for row in rows if row._tr.trPr is None or row._tr.trPr.find(qn("w:cantSplit")) is None]


def test_a_long_brief_kept_high_for_handwriting_starts_on_the_first_page(read_demo_db):
    summary = "\n".join(f"第{n}段：{PARAGRAPH}" for n in range(1, 20))
    document = case_draft(read_demo_db, COMPANY, "case_source_register", {"summary": summary})
    lines = _cell_lines(document)
    brief = [line for line in lines if "发送商业性短信" in line.text]  # one line of each paragraph
    assert len([line for line in brief if line.page == 1]) >= 6  # none before: the row moved whole to page 2
    assert max(line.page for line in brief) > 1
    assert [line.page for line in lines if line.text.startswith("线索及")] == [1]  # the label on the first part
    # every paragraph printed once, in order, across the pages
    starts = [line.text.split("：")[0] for line in lines if line.text.startswith("第") and "段：" in line.text]
    assert starts == [f"第{n}段" for n in range(1, 20)]
    # the signature row goes on with the row before it, never alone
    pages = {line.page for line in lines if line.text.startswith(("核查意见", "办案机构"))}
    assert len(pages) == 1
    assert _splitting_rows(document) == ["线索及案情简述"]


def test_a_file_cover_listing_many_parties_starts_them_on_the_first_page(read_demo_db):
    names = "\n".join(f"佛山市南海区第{n}号房地产营销策划有限公司（原佛山市南海区某某房地产经纪服务有限公司第{n}分公司）"
                      for n in range(1, 41))
    document = case_draft(read_demo_db, COMPANY, "file_cover", {"party_name": names})
    lines = _cell_lines(document)
    first = [line for line in lines if "营销策划" in line.text and line.page == 1]
    assert len(first) >= 5
    assert [line.page for line in lines if line.text == "当事人"] == [1]
    assert _splitting_rows(document) == ["当事人"]


def test_a_row_kept_high_splits_only_when_its_text_outgrows_the_height():
    long = Cell.of("\n".join(f"第{n}行" for n in range(1, 13)))
    outgrown = Table((Row((Cell.of("意见", "cell_label"), long), min_height_mm=20),), (0.2, 0.8))
    room_enough = Table((Row((Cell.of("意见", "cell_label"), long), min_height_mm=150),), (0.2, 0.8))
    assert mark_long_rows(outgrown).rows[0].splits
    assert not mark_long_rows(room_enough).rows[0].splits


def test_a_row_signed_by_hand_is_never_marked_to_split():
    blank = Cell.of("\n" * 9 + "签名（捺指印）：\n年    月    日")
    signed = Row((Cell.of("被询问人\n确认意见", "cell_label"), blank))
    assert signing_row(signed)
    assert not mark_long_rows(Table((signed,), (0.2, 0.8))).rows[0].splits


def test_an_opinion_row_printing_the_recorded_date_is_a_signature_row():
    row = Row((Cell.of("部门负责人\n审批意见", "cell_label"), Cell.of("\n签名：                    2026年2月26日")))
    assert signing_row(row)


def test_the_approval_rows_stay_with_the_officers_row_when_the_brief_runs_on(read_demo_db):
    facts = "\n".join(f"第{n}段：{PARAGRAPH}" for n in range(1, 12))
    document = case_draft(read_demo_db, COMPANY, "filing_approval",
                          {"facts": facts, "proposed_on": "2026-02-20", "approved_on": "2026-02-26"})
    lines = _cell_lines(document)
    assert any("2026年2月26日" in line.text for line in lines)
    pages = {line.page for line in lines if line.text in ("办案人员", "办案机构", "部门负责人")}
    assert len(pages) == 1  # 部门负责人审批意见 stood alone on page 3


def test_a_row_running_past_a_whole_page_leaves_two_lines_at_least_for_the_next():
    for count in range(50, 64):  # one of them leaves a single line past the second page
        table = mark_long_rows(Table((Row((Cell.of("简要案情", "cell_label"),
                                            Cell.of("\n".join(f"第{n}行" for n in range(1, count + 1))))),),
                                     (0.2, 0.8)))
        lines = render_pdf(Document("测试", (Spacer(5), table), page_numbers=False)).lines
        rows = [line for line in lines if line.kind == "cell" and line.text.startswith("第")]
        assert [line.text for line in rows] == [f"第{n}行" for n in range(1, count + 1)]
        per_page = [sum(1 for line in rows if line.page == page) for page in {line.page for line in rows}]
        assert min(per_page) >= 2, (count, per_page)


def test_a_box_of_blank_lines_for_the_hand_is_not_text_that_runs_on(read_demo_db):
    # the 现场笔录's 当事人（在场人）意见及签名: blank lines and 签名 lines kept 65 mm high, taller than that in 小四
    document = case_draft(read_demo_db, COMPANY, "site_record")
    confirmation = [row for block in document.blocks if isinstance(block, Table) for row in block.rows
                    if row.cells[0].paragraphs[0].text == "当事人" and row.min_height_mm]
    assert confirmation and not any(row.splits for row in confirmation)
    blank = Cell.of("\n" * 10 + "在场人签名：\n\n见证人签名：\n年    月    日")
    box = Table((Row((Cell.of("在场人\n意见及签名", "cell_label"), blank), min_height_mm=20),), (0.2, 0.8))
    assert not mark_long_rows(box).rows[0].splits
