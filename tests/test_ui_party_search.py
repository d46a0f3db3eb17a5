"""Enter in a dialog's search box runs the box's own action (the case and interview dialogs' party searches add
the party found) through one shared filter, ``ui.layouts.enter_calls``, instead of saving the dialog."""

import gc

import pytest

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from ui.case_dialog import CaseDialog
from ui.interview_dialog import InterviewDialog
from ui.layouts import enter_calls

pytestmark = pytest.mark.gui


def test_enter_and_keypad_enter_call_the_action_and_other_keys_type(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    edit = QLineEdit()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    calls = []
    enter_calls(edit, lambda: calls.append(edit.text()))
    gc.collect()  # the filter lives as long as the box, not as long as a Python reference to it
    dialog.show()
    qtbot.waitExposed(dialog)
    edit.setFocus()
    qtbot.keyClicks(edit, "abc")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClick(edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert calls == ["abc", "abc"] and edit.text() == "abc"
    assert dialog.isVisible() and dialog.result() == 0  # the default button was not pressed


def test_the_case_and_interview_dialogs_share_the_filter(db, prompts, qtbot):
    for dialog in (CaseDialog(db, prompts), InterviewDialog(db, prompts)):
        qtbot.addWidget(dialog)
        assert dialog.party_search.findChild(QObject, "enter_calls") is not None
        assert type(dialog).eventFilter is QDialog.eventFilter  # no filter of the dialog's own left
