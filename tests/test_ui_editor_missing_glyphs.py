"""The document editor with a character no installed font has (𠮷 in the party's name): the line above the preview
names it, its code point and its field while the draft holds it, and goes once it is written otherwise; 签发 is
refused saying the same, with no question asked and no 文号 taken."""

from __future__ import annotations

import pytest

from tests.test_missing_glyphs import CODE, GIVEN, NAME, RARE
from workstation.documents.numbering import next_number
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕1号"


def test_the_preview_warns_of_the_character_and_issuing_is_refused(demo_db, opened, prompts, english):
    case = find_case(demo_db, CASE)
    editor = opened(demo_db, "penalty_decision", case)
    for name, value in GIVEN.items():
        editor.set_field(name, value)
    editor.wait_for_preview()
    assert not editor.glyphs_note.isVisibleTo(editor)
    editor.set_field("party_name", NAME)
    editor.wait_for_preview()
    assert editor.glyphs_note.isVisibleTo(editor)
    assert editor.glyphs_note.text().startswith(f"当事人: “{RARE}” ({CODE}) has no glyph")

    before = next_number(demo_db, case.agency_id, "处", 2026)
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.confirmations == [] and editor.document is None
    (error,) = prompts.errors
    assert CODE in error and "当事人" in error and "cannot be issued" in error
    assert next_number(demo_db, case.agency_id, "处", 2026) == before

    editor.set_field("party_name", "佛山市南海区吉祥商行")
    editor.wait_for_preview()
    assert not editor.glyphs_note.isVisibleTo(editor) and editor.glyphs_note.text() == ""
