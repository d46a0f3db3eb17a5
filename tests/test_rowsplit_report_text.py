"""The campaign report (通报), not built from a form, prints its texts as a form's values are printed: a tab in an
agency's or district's name (pasted at a station, merged at HQ) printed as a box in the PDF, and a control character
as one too, with no warning; now a tab is a full-width space and the rest are left out, in the PDF, DOCX and XLSX —
and the PDF writer draws any document's texts so (``glyphs.printable_document``), a form's document unchanged."""

from __future__ import annotations

import io
import json

import docx
import openpyxl
from pypdf import PdfReader

from tests.rendering import case_draft
from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table
from workstation.documents.glyphs import printable_document
from workstation.documents.pdf_writer import render_pdf
from workstation.reports import render_report, report_data

CITY = "佛山市\t市场监督管理局\x07"
DISTRICT = "禅城\x0b区"


def _data(db) -> dict:
    data = json.loads(json.dumps(report_data(db)))
    data["agency"]["name"] = CITY
    data["districts"][0]["district"] = DISTRICT
    return data


def _controls(text: str) -> set[str]:
    return {char for char in text if char < " " and char != "\n"}


def test_the_report_pdf_prints_a_tab_as_a_space_and_no_control_character(read_demo_db):
    pdf = render_report(_data(read_demo_db), "pdf")[0]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert not _controls(text)
    assert "佛山市\u3000市场监督管理局" in text or "佛山市 市场监督管理局" in text
    assert "禅城" in text and "\x0b" not in text


def test_the_report_docx_and_workbook_hold_the_same_text(read_demo_db):
    data = _data(read_demo_db)
    word = docx.Document(io.BytesIO(render_report(data, "docx")[0]))
    paragraphs = [p.text for p in word.paragraphs]
    assert "佛山市\u3000市场监督管理局" in paragraphs
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "禅城\n区" in cells
    book = openpyxl.load_workbook(io.BytesIO(render_report(data, "xlsx")[0]))
    values = [str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert not any(_controls(value) for value in values)


def test_the_pdf_writer_prints_any_document_s_tabs_and_controls_as_a_form_s_values(read_demo_db):
    # a document not composed from a form (the deadline board's handout, the report) holds its data's texts as given
    document = Document("期限\t一览", (Paragraph.of("案由：\t未经同意\x07发送短信", "plain"),
                                      Table((Row((Cell.of("当事人"), Cell.of("佛山市\x0b某公司"))),), (0.3, 0.7))),
                        page_numbers=False)
    drawn = render_pdf(document).text_lines()
    assert drawn == ["案由：\u3000未经同意发送短信", "当事人", "佛山市", "某公司"]
    # a form's document, its values made printable before it was composed, is written as it was
    form_document = case_draft(read_demo_db, "佛南市监立〔2026〕1号", "filing_approval", {"facts": "甲\t乙"})
    assert printable_document(form_document) is form_document
