"""An emoji pasted from WeChat into a field (陈述申辩：好的👍) prints as a blank box like a rare character no font has, and
is named the same way; but the advice is to delete it — an official document prints no emoji — not to install a font
or to write it as the 公安 household register does, which was all the officer was told."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.fonts import resolve_fonts
from workstation.documents.glyphs import document_missing_glyphs, draft_warnings, refuse_missing_glyphs
from workstation.errors import WorkstationError
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"
GIVEN = {"evidence": "1.询问笔录一份；2.现场笔录一份。"}
EMOJI = "👍"


@pytest.fixture
def case(read_demo_db):
    if not resolve_fonts().uncovered(EMOJI):
        pytest.skip("an installed face draws 👍")
    return find_case(read_demo_db, CASE)


def test_a_draft_tells_to_delete_an_emoji_and_not_to_install_a_font(read_demo_db, data_dir, case, english):
    document = draft_document(read_demo_db, case, find_form("penalty_decision"),
                              {**GIVEN, "party_name": f"佛山市南海区吉祥商行{EMOJI}"})
    [warning] = draft_warnings(document_missing_glyphs(document), data_dir)
    assert warning.startswith(f"当事人: “{EMOJI}” (U+1F44D) has no glyph")
    assert "emoji" in warning and "delete it" in warning
    assert "fonts-hanazono" not in warning and "公安" not in warning


def test_issuing_is_refused_with_the_same_advice(data_dir, english):
    from workstation.documents.glyphs import MissingGlyphs

    with pytest.raises(WorkstationError) as refused:
        refuse_missing_glyphs([MissingGlyphs("陈述申辩", EMOJI + "🙏")], data_dir)
    assert "delete it" in refused.value.message and "fonts-hanazono" not in refused.value.message


def test_a_field_with_a_rare_character_and_an_emoji_gets_both_pieces_of_advice(data_dir, english):
    from workstation.documents.glyphs import MissingGlyphs

    [warning] = draft_warnings([MissingGlyphs("当事人", "\U0010fffd" + EMOJI)], data_dir)
    assert "fonts-hanazono" in warning and "delete it" in warning


def test_a_rare_character_alone_is_told_to_find_a_font_as_before(data_dir, english):
    from workstation.documents.glyphs import MissingGlyphs

    [warning] = draft_warnings([MissingGlyphs("当事人", "\U0010fffd")], data_dir)
    assert "fonts-hanazono" in warning and "emoji" not in warning


def test_docs_render_says_it_on_stderr(demo_db, data_dir, tmp_path, capsys, english):
    if not resolve_fonts().uncovered(EMOJI):
        pytest.skip("an installed face draws 👍")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({**GIVEN, "statement": f"当事人表示认错{EMOJI}"}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "penalty_decision",
                          "--values", values, "-o", tmp_path / "draft.pdf")
    assert code == 0
    [line] = [line for line in err.splitlines() if EMOJI in line]
    assert line.startswith("Warning: 陈述申辩") and "delete it" in line and "fonts-hanazono" not in line
