"""A long row kept with the signature rows after it (the 简要案情及立案理由 of a 立案审批表:
``compose.keep_signature_rows``) splits across pages in the PDF, only its last lines going on with the signatures
(``pdf_pages``). In the DOCX every paragraph of that row used to be "keep with next", so Word, WPS and LibreOffice
moved the whole row to the next page and left page 1 nearly empty; now only the last paragraph of each of its
cells is, the row may break across pages, and rows that never split keep all their paragraphs with the next."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from tests.rendering import case_draft, docx_of
from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table
from workstation.documents.docx_writer import render_docx

CASE = "佛南市监立〔2026〕9号"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def rows_of(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return body.findall(f".//{W}tr")


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def kept(paragraph: etree._Element) -> bool:
    return paragraph.find(f"{W}pPr/{W}keepNext") is not None


def cells_kept(row: etree._Element) -> list[list[bool]]:
    """For each cell of ``row``, whether each of its paragraphs is kept with the next."""
    return [[kept(p) for p in tc.findall(f"{W}p")] for tc in row.findall(f"{W}tc")]


def cant_split(row: etree._Element) -> bool:
    return row.find(f"{W}trPr/{W}cantSplit") is not None


def test_the_long_facts_row_of_a_filing_approval_keeps_only_its_last_paragraphs_with_the_signatures(read_demo_db):
    from workstation.store import find_case

    facts = find_case(read_demo_db, CASE).facts
    long_facts = facts * 9  # some 600 characters: the row runs past the foot of page 1
    rows = rows_of(docx_of(case_draft(read_demo_db, CASE, "filing_approval", {"facts": long_facts})))
    [index] = [i for i, row in enumerate(rows) if long_facts in text_of(row)]
    facts_row = rows[index]
    assert not cant_split(facts_row)
    cells = cells_kept(facts_row)
    assert any(len(cell) > 1 for cell in cells)  # the label 简要案情及 / 立案理由 is two paragraphs
    assert cells == [[False] * (len(cell) - 1) + [True] for cell in cells]
    # the rows after it (办案人员, the signature rows) still keep every paragraph with the next, but the last one
    after = rows[index + 1:]
    assert len(after) >= 2
    for row in after[:-1]:
        assert all(all(cell) for cell in cells_kept(row)), text_of(row)
        assert cant_split(row), text_of(row)


def test_a_kept_row_that_cannot_split_keeps_every_paragraph_with_the_next():
    table = Table((Row((Cell.of("审核意见", "cell_label"), Cell.of("第一段\n第二段\n第三段")), keep_with_next=True),
                   Row((Cell.of("签名", "cell_label"), Cell.of("\n签名：　　　　年　　月　　日")))), (0.2, 0.8))
    rows = rows_of(render_docx(Document("审批表", (table, Paragraph.of("　")))))
    assert cant_split(rows[0])
    assert all(all(cell) for cell in cells_kept(rows[0]))


def test_a_kept_row_that_splits_keeps_the_last_paragraph_of_each_cell_with_the_next():
    table = Table((Row((Cell.of("简要案情及\n立案理由", "cell_label"), Cell.of("第一段\n第二段\n第三段")), splits=True,
                       keep_with_next=True),
                   Row((Cell.of("签名", "cell_label"), Cell.of("\n签名：　　　　年　　月　　日")))), (0.2, 0.8))
    rows = rows_of(render_docx(Document("审批表", (table, Paragraph.of("　")))))
    assert not cant_split(rows[0])
    assert cells_kept(rows[0]) == [[False, True], [False, False, True]]
    assert cells_kept(rows[1]) == [[False], [False, False]]
