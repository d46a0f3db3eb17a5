"""Table 3 of the campaign report (the evaluation by bureau) carries the same columns in the PDF, the DOCX and the
workbook — 办结线索 included — and a period frozen before prints again with the columns it was sent with."""

from __future__ import annotations

import io
import json

import docx
import openpyxl

from workstation.documents.pdf_writer import render_pdf
from workstation.reports import report_data
from workstation.reports.campaign import render_report
from workstation.reports.document import report_document

EVALUATION = "各单位工作情况（考评）"


def _pdf_head_lines(data: dict) -> list[list[str]]:
    """Each column head of table 3 as the PDF breaks it into lines: the lines between its caption and its first
    row, put together by column (each head is centred in its column) from top to bottom."""
    lines = render_pdf(report_document(data)).lines
    start = next(i for i, line in enumerate(lines) if EVALUATION in line.text)
    first_row = data["bureau_table"][0]["short_name"]
    end = next(i for i in range(start + 1, len(lines)) if lines[i].text == first_row and lines[i].style == "cell")
    columns: dict[float, list] = {}
    for line in lines[start + 1:end]:
        centre = round(line.x + line.width / 2)
        key = next((c for c in columns if abs(c - centre) <= 2), centre)
        columns.setdefault(key, []).append(line)
    return [[line.text for line in sorted(column, key=lambda line: -line.y)] for _c, column in sorted(columns.items())]


def _pdf_heads(data: dict) -> list[str]:
    """The column heads of table 3 as drawn in the PDF, each head's lines put together."""
    return ["".join(head) for head in _pdf_head_lines(data)]


def _docx_table(data: dict):
    """Table 3 of the DOCX: the table whose head has 按期办结（条）."""
    document = docx.Document(io.BytesIO(render_report(data, "docx")[0]))
    return next(t for t in document.tables if any(c.text.replace("\n", "") == "按期办结（条）" for c in t.rows[0].cells))


def _docx_heads(data: dict) -> list[str]:
    """The column heads of table 3 in the DOCX, each head's lines put together."""
    return [cell.text.replace("\n", "") for cell in _docx_table(data).rows[0].cells]


def _docx_head_lines(data: dict) -> list[list[str]]:
    return [cell.text.split("\n") for cell in _docx_table(data).rows[0].cells]


def _workbook(data: dict):
    return openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))


def test_table_3_has_the_same_columns_in_the_pdf_the_docx_and_the_workbook(demo_db):
    data = report_data(demo_db)
    book = _workbook(data)
    xlsx = [cell.value for cell in book["各局考评"][1]]
    assert "办结线索（条）" in xlsx
    assert _pdf_heads(data) == _docx_heads(data) == xlsx
    # the figures agree too: the city total's row, amounts in 万元 as printed
    total = next(r for r in data["bureau_table"] if r["kind"] == "total")
    last = dict(zip(xlsx, next(book["各局考评"].iter_rows(min_row=book["各局考评"].max_row, values_only=True)),
                    strict=True))
    assert last["单位"] == "全市合计" and last["罚没金额（万元）"] == 18.9
    assert last["办结线索（条）"] == total["leads_decided"] and last["按期办结（条）"] == total["leads_in_time"]
    document = docx.Document(io.BytesIO(render_report(data, "docx")[0]))
    row = [cell.text for cell in document.tables[2].rows[-1].cells]
    assert row == ["全市合计", "36", "18176", "18.90", str(total["leads"]), str(total["leads_decided"]),
                   str(total["leads_in_time"]), str(total["interviews"]), str(total["publicity"])]
    # the detail stays in the workbook: each bureau's code and its amounts in yuan
    detail = book["各局明细"]
    heads = [cell.value for cell in detail[1]]
    assert heads[:3] == ["单位代码", "单位", "类别"] and "罚款（元）" in heads


def test_a_period_frozen_before_prints_table_3_with_the_columns_it_was_sent_with(demo_db):
    data = json.loads(json.dumps(report_data(demo_db)))
    data["format"] = 2
    assert _docx_heads(data) == _pdf_heads(data) == ["单位", "案件数（件）", "涉案信息（条）", "罚没金额（万元）",
                                                     "线索（条）", "按期办结（条）", "约谈（次）", "宣传（场）"]
    book = _workbook(data)
    assert "各局明细" not in book.sheetnames
    assert [cell.value for cell in book["各局考评"][1]][:3] == ["单位代码", "单位", "类别"]


def _docx_inner_widths(data: dict) -> list[float]:
    """The width in points between the paddings of each column of table 3 in the DOCX."""
    from docx.oxml.ns import qn

    from workstation.documents.blocks import layout

    table = _docx_table(data)
    padding = round(layout()["table"]["cell_padding_mm"] * 1440 / 25.4)
    return [(int(col.get(qn("w:w"))) - 2 * padding) / 20 for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]


def test_each_head_of_table_3_fits_its_docx_column_on_the_pdfs_lines(demo_db):
    # Word and LibreOffice do not squeeze a closing bracket into a line as the PDF does: a column of the DOCX must
    # hold each line of its head, 12 pt a character, or "（件）" lost its ")" to a line of its own
    data = report_data(demo_db)
    heads = _pdf_head_lines(data)
    assert heads[1] == ["案件数", "（件）"]
    for lines, inner in zip(heads, _docx_inner_widths(data), strict=True):
        assert max(len(line) for line in lines) * 12 <= inner, (lines, inner)


def test_a_period_frozen_before_keeps_the_docx_column_widths_it_was_sent_with(demo_db):
    data = json.loads(json.dumps(report_data(demo_db)))
    data["format"] = 3
    assert _docx_inner_widths(data)[1] == (884 - 170) / 20  # 0.1 of the 156 mm text block, as sent


def test_table_3_breaks_its_heads_between_words_and_before_their_units_in_the_pdf_and_the_docx(demo_db):
    # the heads broke where a line was full: 案件/数/（件）, 涉案信/息/（条）, 罚没金/额（万/元）
    data = report_data(demo_db)
    expected = [["单位"], ["案件数", "（件）"], ["涉案", "信息", "（条）"], ["罚没金额", "（万元）"],
                ["受理", "线索", "（条）"], ["办结", "线索", "（条）"], ["按期", "办结", "（条）"],
                ["行政", "约谈", "（次）"], ["宣传", "活动", "（场）"]]
    assert _pdf_head_lines(data) == expected
    assert _docx_head_lines(data) == expected


def test_a_period_frozen_before_format_8_prints_table_3_s_heads_as_sent(demo_db):
    data = json.loads(json.dumps(report_data(demo_db)))
    data["format"] = 7
    assert _pdf_head_lines(data)[1] == ["案件", "数", "（件）"]
