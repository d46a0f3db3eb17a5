"""An officer with the keyboard alone: the case workspace rebuilt after a procedure action or an edit keeps the
keyboard (on the button just used, or on the case's first control when that button is gone) and its window stays the
active one, with no part of the old workspace flashing up as a window of its own; the document editor opens with the
keyboard in its first field, has one history for Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y, on every platform) whichever
box has the keyboard, so a question-and-answer pair removed comes back; the main window keeps its Ctrl+Y when an
editor opened before it bound the key."""

import pytest

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.test_ui_keyboard import active
from ui import redo_key
from ui.case_dialog import CaseDialog
from workstation.documents.drafts import find_form
from workstation.store import find_case, get_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"  # under investigation: 中止调查 is offered
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


class WindowsShown(QObject):
    """The widgets shown as windows of their own while it listens (dialogs aside)."""

    def __init__(self):
        super().__init__()
        self.shown = []
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow() and \
                watched.parentWidget() is None:
            self.shown.append(type(watched).__name__)
        return False

    def stop(self) -> list[str]:
        QApplication.instance().removeEventFilter(self)
        return self.shown


def workspace_on(qtbot, window, demo_db):
    workspace = window.open_case(find_case(demo_db, CASE).id)
    qtbot.wait(1)  # its controls shown
    return workspace


def test_a_procedure_action_taken_by_keyboard_leaves_the_keyboard_on_the_case(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db, ask_transition=lambda parent, transition: ("2026-11-30", "等待鉴定")))
    workspace = workspace_on(qtbot, window, demo_db)
    suspend = workspace.action_buttons["suspend"]
    suspend.setFocus()
    listening = WindowsShown()
    qtbot.keyClick(suspend, Qt.Key.Key_Space)
    qtbot.wait(1)  # what Qt does at its next turn
    assert listening.stop() == []  # nothing of the old workspace showed as a window
    assert get_case(demo_db, workspace.case_id).status == "suspended"
    assert QApplication.activeWindow() is window
    # 中止调查 is no longer offered: the case's first control has the keyboard, as Tab from the case's start gives
    assert QApplication.focusWidget() is workspace.findChild(QObject, "edit_case")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is workspace.action_buttons["resume"]


def test_the_case_edited_from_its_workspace_gives_the_keyboard_back_to_the_edit_button(demo_db, make_window, prompts,
                                                                                      qtbot):
    window = active(qtbot, make_window(demo_db))
    workspace = workspace_on(qtbot, window, demo_db)
    edit = workspace.findChild(QObject, "edit_case")
    edit.setFocus()
    saved = []

    def in_the_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CaseDialog)
        dialog.facts.setPlainText(dialog.facts.toPlainText() + "当事人已删除相关数据。")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        saved.append(dialog.saved_case)

    QTimer.singleShot(0, in_the_dialog)
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert saved and saved[0] is not None, prompts.errors
    assert get_case(demo_db, workspace.case_id).facts.endswith("当事人已删除相关数据。")
    window.activateWindow()  # back from the dialog (the offscreen platform leaves that to the test)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert QApplication.focusWidget() is workspace.findChild(QObject, "edit_case")  # the new one: same place
    assert QApplication.focusWidget() is not edit


def test_the_document_editor_opens_with_the_keyboard_in_its_first_field(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    editor = window.open_editor(find_case(demo_db, CASE), find_form("inquiry_record"))
    try:
        active(qtbot, editor)
        first = editor.fields["cause"].focus_widget  # 案由, the form's first field
        assert QApplication.focusWidget() is first
        qtbot.keyClicks(first, " (2)")  # typed at once, without a Tab first
        assert editor.fields["cause"].value().endswith(" (2)")
    finally:
        editor.shutdown()


def test_ctrl_y_redoes_in_the_document_editor_where_the_platform_redoes_with_ctrl_shift_z_only(demo_db, opened, qtbot,
                                                                                              monkeypatch):
    monkeypatch.setattr(redo_key, "platform_redo_keys", lambda: [QKeySequence("Ctrl+Shift+Z")])  # the Linux desktops
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    active(qtbot, editor)
    assert editor.redo_action.shortcuts() == [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
    place = editor.fields["place"].focus_widget
    place.setFocus()
    qtbot.keyClicks(place, "Room 3")
    qtbot.keyClick(place, Qt.Key.Key_Z, CTRL)
    assert place.text() == ""
    qtbot.keyClick(place, Qt.Key.Key_Y, CTRL)
    assert place.text() == "Room 3"
    sex = editor.fields["sex"]  # a list to choose from: the same keys
    sex.widget.setFocus()
    qtbot.keyClick(sex.widget, Qt.Key.Key_Down)
    chosen = sex.value()
    assert chosen
    qtbot.keyClick(sex.widget, Qt.Key.Key_Z, CTRL)
    assert sex.value() == ""
    qtbot.keyClick(sex.widget, Qt.Key.Key_Y, CTRL)
    assert sex.value() == chosen


def test_ctrl_z_brings_back_a_question_and_answer_removed_with_the_keyboard(demo_db, opened, qtbot):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    active(qtbot, editor)
    pairs = editor.fields["questions_answers"].list
    opened_with = [p.pair() for p in pairs.pairs]
    first = pairs.pairs[0]
    first.answer.setFocus()
    qtbot.keyClicks(first.answer, "Li Ming, 40")
    qtbot.keyClick(first.answer, Qt.Key.Key_Return, CTRL)  # the next question, typed in
    qtbot.keyClicks(QApplication.focusWidget(), "Who sent the messages?")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "Our sales staff.")
    typed = [p.pair() for p in pairs.pairs]
    assert typed[1] == ("Who sent the messages?", "Our sales staff.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete, CTRL | SHIFT)  # the pair removed
    assert [p.pair() for p in pairs.pairs] == typed[:1] + typed[2:]
    assert QApplication.focusWidget() is pairs.pairs[1].question  # on the question that followed it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert [p.pair() for p in pairs.pairs] == typed  # back, answer and all
    assert QApplication.focusWidget() is pairs.pairs[1].question  # the keyboard on it, not lost
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL | SHIFT)
    assert [p.pair() for p in pairs.pairs] == typed[:1] + typed[2:]  # removed again
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)  # then the typing before it, answer by answer
    assert [p.pair() for p in pairs.pairs][:2] == [typed[0], ("Who sent the messages?", "")]
    for _press in range(3):  # the question, the pair added, the first answer: each a step of its own
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert [p.pair() for p in pairs.pairs] == opened_with


def test_the_main_window_keeps_its_ctrl_y_when_a_document_editor_opened_first(demo_db, make_window, monkeypatch):
    monkeypatch.setattr(redo_key, "platform_redo_keys", lambda: [QKeySequence("Ctrl+Shift+Z")])
    window = make_window(demo_db)
    editor = window.open_editor(find_case(demo_db, CASE), find_form("inquiry_record"))  # as a draft recovered at start
    try:
        assert QKeySequence("Ctrl+Y") in editor.redo_action.shortcuts()  # the editor's, in a window of its own
        shortcut = redo_key.add_redo_key(window)
        assert shortcut is not None and shortcut.key() == QKeySequence("Ctrl+Y")  # the search fields' redo
    finally:
        editor.shutdown()
