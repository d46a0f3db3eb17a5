"""The DOCX writer's shortcuts write what python-docx would, and documents never share XML: each document is
made from the template's parts read once per process (its styles written as they are unless read), its tables
and runs written as lxml elements rather than through python-docx's proxies, and its zip written once."""

from __future__ import annotations

import io
import threading
import zipfile

import docx
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.shared import Pt, Twips
from lxml import etree

from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table, layout
from workstation.documents.docx_writer import (
    _add_run,
    _base,
    _column_twips,
    _new_word,
    _saved,
    _text_width_twips,
    _twips_mm,
    render_docx,
    style_name,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def xml(element) -> bytes:
    """``element`` as XML declaring only the namespaces it uses (where it sits in its tree aside)."""
    return etree.tostring(element, method="c14n", exclusive=True)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def letter(party: str, rows: int = 3) -> Document:
    table = Table(tuple(Row((Cell.of("当事人", "cell_label"), Cell.of(f"{party}{n}", colspan=2)))
                        for n in range(rows)), (0.25, 0.5, 0.25))
    return Document("责令改正通知书", (Paragraph.of("责令改正通知书", "title"), Paragraph.of(f"{party}："), table,
                                   Paragraph.of("特此通知。")), metadata={"date": "2026-03-22"})


def test_documents_written_at_once_in_two_threads_are_each_as_written_alone():
    documents = [letter("佛山市甲科技有限公司"), letter("佛山市乙贸易有限公司", rows=9)]
    alone = [render_docx(document) for document in documents]
    assert alone[0] != alone[1]
    results: list[list[bytes]] = [[], []]

    def write(index: int) -> None:
        for _ in range(8):
            results[index].append(render_docx(documents[index]))

    threads = [threading.Thread(target=write, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [[alone[0]] * 8, [alone[1]] * 8]


def test_a_document_changed_after_it_is_made_leaves_the_next_one_as_the_template_made_it():
    first = _new_word()
    first.add_paragraph("只在第一份文书里")
    first.styles[style_name("body")].font.size = Pt(9)  # parses the first one's styles into a tree of its own
    second = _new_word()
    assert [p.text for p in second.paragraphs] == [p.text for p in docx.Document(io.BytesIO(_base())).paragraphs]
    template = members(_base())["word/styles.xml"]
    assert members(_saved(second))["word/styles.xml"] == template
    changed = members(_saved(first))
    assert changed["word/styles.xml"] != template
    assert "只在第一份文书里".encode() in changed["word/document.xml"]


def test_a_documents_styles_are_the_templates_whether_read_or_not():
    template = members(_base())["word/styles.xml"]
    assert members(render_docx(letter("佛山市甲科技有限公司")))["word/styles.xml"] == template
    read = _new_word()
    body = layout()["styles"]["body"]["size"]
    assert read.styles[style_name("body")].font.size == Pt(body)  # read, not changed: written back as it was
    assert members(_saved(read))["word/styles.xml"] == template


def test_run_text_is_written_as_python_docx_writes_it():
    for text in ("甲\t乙", "一\n二\r三", " 前后空格 ", "　全角空格在前", "末尾全角空格　", "\t", "", "普通文字"):
        ours = OxmlElement("w:p")
        _add_run(ours, text, "仿宋_GB2312")
        theirs = docx.Document().add_paragraph().add_run(text)._r
        assert [xml(e) for e in ours[0][1:]] == [xml(e) for e in theirs], repr(text)


def test_table_rows_are_written_as_python_docx_add_row_and_merge_write_them():
    rows = (Row((Cell.of("序号", "cell_label"), Cell.of("名称", "cell_label", colspan=2), Cell.of("数量")), min_height_mm=10),
            Row((Cell.of("意见", "cell_label"), Cell.of("同意。", colspan=3)), min_height_mm=30),
            Row((Cell.of("1"), Cell.of("手机")), splits=True),  # leaves two columns empty
            Row((Cell.of("签名", colspan=4),), splits=True, min_height_mm=12))
    table = Table(rows, (0.1, 0.4, 0.3, 0.2), header_rows=1)
    [ours] = etree.fromstring(members(render_docx(Document("清单", (table,))))["word/document.xml"]).iter(f"{{{W}}}tbl")

    word = docx.Document()
    widths = _column_twips(table.widths, _text_width_twips())
    grid = word.add_table(rows=0, cols=len(widths))
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Twips(width)
    for index, row in enumerate(rows):
        target = grid.add_row()
        if not row.splits:
            target._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < table.header_rows:
            target._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        if row.min_height_mm:
            target.height = Twips(_twips_mm(row.min_height_mm))
            target.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        column = 0
        for cell in row.cells:
            if cell.colspan > 1:
                target.cells[column].merge(target.cells[column + cell.colspan - 1])
            column += cell.colspan

    theirs = etree.fromstring(etree.tostring(grid._tbl))

    def shape(tbl) -> list[list[bytes]]:
        """Each row's properties and its cells' properties, as XML."""
        return [[xml(e) for e in tr.xpath("w:trPr | w:tc/w:tcPr", namespaces=NS)] for tr in tbl.iterfind("w:tr", NS)]

    assert shape(ours) == shape(theirs)
    assert xml(ours.find("w:tblGrid", NS)) == xml(theirs.find("w:tblGrid", NS))
    assert [len(tr.findall("w:tc", NS)) for tr in ours.iterfind("w:tr", NS)] == [3, 2, 4, 1]
    assert ours.xpath("w:tr[3]/w:tc[3]/w:p | w:tr[3]/w:tc[4]/w:p", namespaces=NS)  # the empty cells' paragraphs
