"""The 送达回证 stays on one sheet (found by the documents audit: a 36-character 送达地点 or a 56-character 受送达人
pushed the 送达人 row, the 备注 and the seal to a second page): its table is set a size smaller when it would run
past the first page (the table's ``fit_page``, version 8), in both writers; an ordinary receipt keeps 小四."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from workstation.documents.docx_writer import render_docx, style_name
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"
SERVED = {"served_document": "行政处罚决定书（佛南市监处〔2026〕1号）"}
PLACE = "佛山市南海区桂城街道南海大道北路一百二十八号保利中心写字楼B座二十三层东"  # 36 characters
NAME = "佛山市南海区桂城街道千灯湖片区某某房地产经纪服务有限公司南海大道北分公司（原佛山市南海区某某房地产营销策划中心）"  # 56


def receipt(db, values):
    return draft_document(db, find_case(db, COMPANY), find_form("delivery_receipt"), {**SERVED, **values})


def cell_styles(data: bytes) -> set[str]:
    word = docx.Document(io.BytesIO(data))
    return {p.style.name for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs}


@pytest.mark.parametrize("values", [{"place": PLACE}, {"recipient": NAME}, {"place": PLACE, "recipient": NAME}])
def test_a_long_place_or_name_keeps_the_receipt_on_one_page(demo_db, values):
    assert len(PLACE) == 36 and len(NAME) == 56
    document = receipt(demo_db, values)
    rendered = render_pdf(document)
    assert len(PdfReader(io.BytesIO(rendered.data)).pages) == 1
    text = "".join(rendered.text_lines()).replace(" ", "")
    assert all(value in text for value in values.values())
    assert "送达人签名" in text and "备注" in text and text.endswith("（印章）　　　　年　　月　　日")
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell_compact", "cell_label_compact"}
    assert cell_styles(render_docx(document)) == {style_name("cell_compact"), style_name("cell_label_compact")}


def test_an_ordinary_receipt_keeps_its_size(demo_db):
    rendered = render_pdf(receipt(demo_db, {}))
    assert rendered.pages == 1
    assert {line.style for line in rendered.lines if line.kind == "cell"} == {"cell", "cell_label"}


def test_the_receipt_is_version_eight_or_later_and_version_eight_is_kept():
    from workstation.formkit.spec import earlier_form

    assert find_form("delivery_receipt").version >= 8  # version 9 (s54) ticks no 送达方式 until one is given
    assert find_form("delivery_receipt").version == 8 or earlier_form("delivery_receipt", 8).version == 8
