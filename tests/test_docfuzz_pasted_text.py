"""Text pasted from Word, WPS or WeChat into a document's fields holds more than characters: Word's manual line break
(U+000B), its cell mark (U+0007), tabs, CR LF, the Unicode line separator. Both writers print it as the officer saw
it — a new line for each break, a full-width space for a tab, nothing for the other control characters — where the
DOCX was not written at all (XML refuses control characters: an internal error) and the PDF printed a blank box for
each tab and control character without a warning."""

from __future__ import annotations

import io
import json

import docx
import pytest

from tests.helpers import run
from workstation.documents.blocks import Document, Paragraph
from workstation.documents.docx_writer import render_docx
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.glyphs import printable
from workstation.documents.pdf_writer import render_pdf
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"
PASTED = "经查，当事人\t于2025年3月起外呼营销；\x0b员工\x07共3名。\r\n其行为违法\u2028第二十九条。"
#: each paragraph of the fact as printed: the manual line break, CR LF and line separator as new lines
PRINTED = ["经查，当事人\u3000于2025年3月起外呼营销；", "员工共3名。", "其行为违法", "第二十九条。"]
CONTROLS = {chr(code) for code in range(32)} - {"\n"} | {"\u2028", "\u2029", "\x85", "\x7f"}


def test_pasted_breaks_become_lines_tabs_full_width_spaces_and_other_controls_vanish():
    assert printable(PASTED).split("\n") == PRINTED
    assert printable("甲\x00乙\x0c丙\ufffe丁\u2029戊") == "甲乙\n丙丁\n戊"
    assert printable("佛山市南海区") == "佛山市南海区"


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_the_docx_writer_writes_a_document_holding_control_characters_xml_refuses():
    # a document not composed from a form (a report) reaches the writer as it is: Word's manual line break is a
    # line break there too, the cell mark and NUL are left out, a tab stays a tab
    document = Document("测试", (Paragraph.of("甲\x0b乙\x07丙\x00丁\t戊"),))
    assert _docx_text(render_docx(document)).split("\n")[:2] == ["甲", "乙丙丁\t戊"]


@pytest.fixture
def decision(read_demo_db):
    case = find_case(read_demo_db, CASE)
    return draft_document(read_demo_db, case, find_form("penalty_decision"), {"facts": PASTED})


def test_a_decision_whose_facts_were_pasted_from_word_prints_them_in_both_writers(decision):
    pdf_lines = render_pdf(decision).text_lines()
    pdf = "".join(pdf_lines)
    for line in PRINTED:
        assert line in pdf
    assert not CONTROLS & set(pdf)  # nothing drawn as a blank box
    docx_text = _docx_text(render_docx(decision))
    for line in PRINTED:
        assert line in docx_text.split("\n")
    assert not CONTROLS & set(docx_text)


def test_the_command_line_writes_the_docx_of_values_pasted_from_word(demo_db, data_dir, tmp_path, capsys, english):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"facts": PASTED}), encoding="utf-8")
    target = tmp_path / "decision.docx"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                          "--values", values, "--format", "docx", "-o", target)
    assert code == 0, err
    assert "Internal error" not in err
    paragraphs = _docx_text(target.read_bytes()).split("\n")
    assert all(line in paragraphs for line in PRINTED)
