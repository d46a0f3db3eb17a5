"""Esc in the interview dialog's attendee grid, as in a spreadsheet: Esc in a cell being typed drops that cell's
typing and nothing else; Esc on the dialog then asks before dropping the attendees typed, as the close button does —
counting an attendee still being typed in its cell — and closes at once when nothing would be lost."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from tests.test_ui_keyboard import active
from ui.interview_dialog import InterviewDialog
from workstation.i18n import _

pytestmark = pytest.mark.gui

ASKED = _("Save the changes you made?")


@pytest.fixture
def dialog(db, prompts, qtbot):
    made = InterviewDialog(db, prompts)
    qtbot.addWidget(made)
    return active(qtbot, made)


def type_new_attendee(qtbot, dialog, name: str) -> None:
    """Add attendee, then the name typed into the cell it opens (left open; QTest types ASCII only)."""
    dialog.findChild(QPushButton, "add_attendee").click()
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit) and dialog.attendees.isAncestorOf(cell)
    qtbot.keyClicks(cell, name)


def test_esc_in_a_cell_drops_its_typing_and_esc_on_the_dialog_asks_before_dropping_the_rows(dialog, prompts, qtbot):
    type_new_attendee(qtbot, dialog, "Wang Fang")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # kept: on to the organisation
    qtbot.keyClicks(QApplication.focusWidget(), "Telecom")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # this cell's typing dropped, nothing else
    assert dialog.isVisible() and prompts.confirmations == []
    assert dialog.attendee_rows() == [{"name": "Wang Fang", "organisation": "", "post": ""}]
    assert dialog.attendees.state() != dialog.attendees.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # now the dialog's: asked, and kept
    assert dialog.isVisible() and [o[0] for o in prompts.offered] == [ASKED]
    assert dialog.attendee_rows() == [{"name": "Wang Fang", "organisation": "", "post": ""}]
    prompts.choices.append(1)  # Discard changes
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and [o[0] for o in prompts.offered] == [ASKED] * 2


def test_the_close_button_asks_for_an_attendee_still_being_typed_in_its_cell(dialog, prompts, qtbot):
    type_new_attendee(qtbot, dialog, "Li Ming")
    dialog.close()  # the window's close button: the cell is still open
    assert dialog.isVisible() and [o[0] for o in prompts.offered] == [ASKED]
    assert dialog.attendee_rows() == [{"name": "Li Ming", "organisation": "", "post": ""}]


def test_an_attendee_whose_typing_esc_dropped_leaves_nothing_to_ask_about(dialog, prompts, qtbot):
    type_new_attendee(qtbot, dialog, "Li Ming")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # the cell's typing dropped: an empty row
    assert dialog.isVisible() and dialog.attendee_rows() == []
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []
