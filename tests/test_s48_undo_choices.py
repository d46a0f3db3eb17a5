"""Ctrl+Z of a choice in two editors: the interview's follow-up outcome picked is a step of its own (undone before
the typing that came before it, and never left chosen while the text goes back), and the case's 办案机关 chosen
after the first one of the list goes back to that one, not to nothing."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.case_dialog import CaseDialog
from ui.interview_dialog import InterviewDialog
from workstation.store.interviews import get_interview

CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.gui


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_outcome_picked_is_undone_before_the_typing(demo_db, prompts, qtbot):
    interview_id = demo_db.execute("SELECT id FROM interviews WHERE follow_up_result IS NOT NULL AND "
                                   "follow_up_result != '' ORDER BY id LIMIT 1").fetchone()[0]
    dialog = shown(qtbot, InterviewDialog(demo_db, prompts, get_interview(demo_db, interview_id)))
    box = dialog.texts["follow_up_result"]
    stored_text, stored_outcome = box.toPlainText(), dialog.outcome.currentIndex()
    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    qtbot.keyClicks(box, " ok")
    typed_outcome = dialog.outcome.currentIndex()
    dialog.outcome.setFocus()
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Down if typed_outcome == 0 else Qt.Key.Key_Up)
    assert dialog.outcome.currentIndex() != typed_outcome
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert dialog.outcome.currentIndex() == typed_outcome and box.toPlainText() == stored_text + " ok"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert box.toPlainText() == stored_text and dialog.outcome.currentIndex() == stored_outcome
    assert dialog.follow_up_outcome() == get_interview(demo_db, interview_id).follow_up_outcome
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, CTRL)
    assert dialog.outcome.currentIndex() != typed_outcome and box.toPlainText() == stored_text + " ok"


def test_undoing_the_agency_chosen_shows_the_first_again(demo_db, prompts, qtbot):
    dialog = shown(qtbot, CaseDialog(demo_db, prompts))  # no agency set here: the first of the list
    assert dialog.agency.currentIndex() == 0
    first = dialog.agency.currentText()
    dialog.agency.setFocus()
    qtbot.keyClick(dialog.agency, Qt.Key.Key_Down)
    assert dialog.agency.currentIndex() == 1
    qtbot.keyClick(dialog.agency, Qt.Key.Key_Z, CTRL)
    assert dialog.agency.currentIndex() == 0 and dialog.agency.currentText() == first
    assert dialog.errors["agency_id"].text() == ""
