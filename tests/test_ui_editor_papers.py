"""The document editor, from session 20's QA: an amount typed is undone and redone as one step, as a date is (it
went back keystroke by keystroke, the 罚没款合计 that follows it taking a step between each), and the preview says
once, in a line above it, which face stands in for an official one (仿宋) and where the official fonts go."""

from __future__ import annotations

import pytest

from workstation.documents.fonts import resolve_fonts, stand_in_note, user_font_dir
from workstation.store import find_case

pytestmark = pytest.mark.gui

COMPANY = "佛南市监立〔2026〕1号"


def typed(qtbot, editor, name: str, text: str) -> None:
    box = editor.fields[name].focus_widget
    editor.fields[name].set_value("")
    editor.undo_stack.clear()
    box.setFocus()
    qtbot.keyClicks(box, text)


def test_an_amount_typed_is_undone_and_redone_whole_with_the_total_it_moved(demo_db, opened, qtbot):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, COMPANY))
    typed(qtbot, ed, "confiscated_fen", "1.005")
    assert ed.undo_stack.count() == 1
    while ed.undo_stack.canUndo():
        ed.undo_stack.undo()
    assert ed.fields["confiscated_fen"].value() == ""
    ed.undo_stack.redo()  # one Ctrl+Y gave back "1"
    assert ed.fields["confiscated_fen"].value() == "1.005" and not ed.undo_stack.canRedo()

    ed = opened(demo_db, "penalty_decision", find_case(demo_db, COMPANY))
    typed(qtbot, ed, "confiscated_fen", "")
    before = ed.fields["total_fen"].value()
    typed(qtbot, ed, "confiscated_fen", "300")
    total = ed.fields["total_fen"].value()
    assert total != before and ed.undo_stack.count() == 1  # the total moved in the same step
    ed.undo_stack.undo()
    assert ed.fields["confiscated_fen"].value() == "" and ed.fields["total_fen"].value() == before
    ed.undo_stack.redo()
    assert ed.fields["confiscated_fen"].value() == "300" and ed.fields["total_fen"].value() == total


def test_a_date_typed_is_still_one_step(demo_db, opened, qtbot):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, COMPANY))
    typed(qtbot, ed, "decided_on", "2026-05-01")
    ed.undo_stack.undo()
    ed.undo_stack.redo()
    assert ed.fields["decided_on"].value() == "2026-05-01" and ed.undo_stack.count() == 1


def test_the_preview_names_the_face_standing_in_for_fangsong_and_where_the_fonts_go(demo_db, data_dir, opened):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, COMPANY))
    fonts = resolve_fonts(data_dir)
    note = stand_in_note(fonts, user_font_dir(data_dir))
    assert ed.fonts_note.text() == note and ed.fonts_note.isVisibleTo(ed) == bool(note)
    if fonts.faces["fangsong"].fallback:  # the Debian machine: 仿宋 drawn in AR PL UMing
        assert "仿宋" in note and fonts.faces["fangsong"].family in note and str(user_font_dir(data_dir)) in note
    other = opened(demo_db, "rectification_order", find_case(demo_db, COMPANY))
    assert other.fonts_note.text() == note  # a line beside the preview, never a dialog to dismiss
