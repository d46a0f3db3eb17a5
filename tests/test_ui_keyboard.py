"""The window driven by keyboard alone: every page at Ctrl+1 … Ctrl+6 (the Go menu, and the navigation's
tooltips say so), the menus' shortcuts in their tooltips, Tab never caught in a table or a dialog's text box (an
interview's attendees typed cell by cell, then on out of the grid), the long dialogs opening on their first field,
Esc and Enter in a dialog, and Ctrl+Z / Ctrl+Y in text fields where the platform's redo is Ctrl+Shift+Z only (the
Linux desktops)."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QMainWindow, QPlainTextEdit, QPushButton

from ui import redo_key
from ui.case_dialog import CaseDialog
from ui.interview_dialog import InterviewDialog
from ui.publicity_dialog import PublicityDialog
from ui.rules_editor import RulesEditor
from ui.transition_dialog import TransitionDialog
from workstation import procedure
from workstation.store.publicity import list_publicity

pytestmark = pytest.mark.gui

PAGE_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6)


def active(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def action(window, name: str) -> QAction:
    window.fill_menus()
    return window.findChild(QAction, name)


def test_every_page_is_one_key_away_and_the_keys_are_shown(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()  # as at the first paint, which a window shown in a long test run may not have had yet
    for row, key in reversed(list(enumerate(PAGE_KEYS))):
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == row and window.navigation.currentRow() == row
        focus = QApplication.focusWidget()
        assert focus is window.navigation or window.stack.currentWidget().isAncestorOf(focus)
        shown = QKeySequence(f"Ctrl+{row + 1}").toString(QKeySequence.SequenceFormat.NativeText)
        assert shown in window.navigation.item(row).toolTip()
    go = action(window, "go_leads")
    assert go.shortcut() == QKeySequence("Ctrl+2") and go in window.menuBar().actions()[2].menu().actions()


def test_the_main_actions_say_their_keys_in_their_tooltips(db, make_window, make_case, qtbot):
    window = make_window(db)
    for name, keys in (("new_case", "Ctrl+N"), ("edit_case", "Ctrl+E"), ("find", "Ctrl+F"), ("deadlines", "Ctrl+D"),
                       ("refresh", "F5"), ("quit", "Ctrl+Q"), ("go_cases", "Ctrl+1")):
        found = action(window, name)
        assert QKeySequence(keys) in found.shortcuts() and found.toolTip().endswith(f"({keys})"), name
    workspace = window.open_case(make_case().id)
    assert workspace.findChild(QPushButton, "edit_case").toolTip().endswith("(Ctrl+E)")
    assert window.case_list.search.toolTip().endswith("(Ctrl+F)")


def test_tab_goes_round_every_page_without_being_caught_in_a_table(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.board.start()
    for row in range(len(PAGE_KEYS)):
        window.navigation.setCurrentRow(row)
        window.navigation.setFocus()
        visited = []
        for _press in range(40):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if QApplication.focusWidget() is window.navigation:
                break
            visited.append(QApplication.focusWidget())
        assert QApplication.focusWidget() is window.navigation, (row, [w.objectName() for w in visited[-3:]])
        assert visited, row  # the page took the focus on the way


def test_tab_types_through_the_attendees_and_goes_on_from_the_last_cell(db, prompts, qtbot):
    dialog = InterviewDialog(db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    grid = dialog.attendees
    dialog.add_attendee()
    dialog.add_attendee()
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    for text in ("Li", "Bureau", "Head", "Wang", "Telecom", "Manager"):  # typing opens the cell, Tab the next
        for char in text:  # each key to where the focus is: the first opens the cell's editor
            qtbot.keyClicks(QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    add = dialog.findChild(QPushButton, "add_attendee")
    assert QApplication.focusWidget() is add  # out of the table, not back in its first cell
    assert dialog.attendee_rows() == [{"name": "Li", "organisation": "Bureau", "post": "Head"},
                                      {"name": "Wang", "organisation": "Telecom", "post": "Manager"}]
    grid.setFocus()
    grid.setCurrentCell(0, 1)
    qtbot.keyClick(grid, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # from any cell
    assert QApplication.focusWidget() is add
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    qtbot.keyClick(grid, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # back out of its first cell
    assert not grid.isAncestorOf(QApplication.focusWidget()) and QApplication.focusWidget() is not grid


def interview_with_attendees(db, prompts, window):
    dialog = InterviewDialog(db, prompts)
    dialog.add_attendee("李明", "佛山市南海区市场监督管理局", "科长")
    dialog.add_attendee("王芳", "某电信公司", "经理")
    return dialog


def backups_listed(db, prompts, window):
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    assert dialog.table.rowCount() == 1
    return dialog


@pytest.mark.parametrize("make", [
    lambda db, prompts, window: CaseDialog(db, prompts),  # its facts box is the last field before Save
    interview_with_attendees,
    lambda db, prompts, window: RulesEditor(db, window.data_dir, prompts),
    lambda db, prompts, window: TransitionDialog(procedure.BY_NAME["suspend"], prompts=prompts),
    backups_listed,
], ids=["case", "interview", "rules", "transition", "backups"])
def test_tab_goes_round_every_dialog_without_being_caught_in_a_box_or_a_table(db, prompts, make_window, qtbot,
                                                                             make):
    dialog = make(db, prompts, make_window(db))
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    first, visited = QApplication.focusWidget(), []
    for _press in range(80):  # (Tab also steps through a date's year, month and day)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is first and visited:
            break
        if QApplication.focusWidget() is not first:
            visited.append(QApplication.focusWidget())
    assert QApplication.focusWidget() is first, [w.objectName() or type(w).__name__ for w in visited[-3:]]
    assert any(isinstance(widget, QPushButton) for widget in visited)  # its buttons were reached on the way


@pytest.mark.parametrize("make", [lambda db, prompts: CaseDialog(db, prompts),
                                  lambda db, prompts: InterviewDialog(db, prompts)])
def test_the_long_dialogs_open_on_their_first_field(db, prompts, qtbot, make):
    dialog = make(db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    first = dialog.case_number if isinstance(dialog, CaseDialog) else dialog.agency
    assert QApplication.focusWidget() is first


def test_enter_saves_a_complete_form_and_esc_closes_an_untouched_one(demo_db, prompts, qtbot):
    before = len(list_publicity(demo_db))
    dialog = PublicityDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    dialog.agency.setCurrentIndex(0)  # no agency set at the station, nobody signed in: the officer chooses one
    dialog.texts["title"].setFocus()
    dialog.texts["title"].insert("个人信息保护进社区")
    qtbot.keyClick(dialog.texts["title"], Qt.Key.Key_Return)
    assert not dialog.isVisible() and len(list_publicity(demo_db)) == before + 1
    again = PublicityDialog(demo_db, prompts)
    qtbot.addWidget(again)
    active(qtbot, again)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not again.isVisible() and prompts.confirmations == []


@pytest.fixture
def redo_on_ctrl_y(monkeypatch):
    """The platform as a Linux desktop has it: its text fields redo with Ctrl+Shift+Z alone."""
    monkeypatch.setattr(redo_key, "platform_redo_keys", lambda: [QKeySequence("Ctrl+Shift+Z")])


def test_ctrl_y_redoes_in_the_case_dialog_where_the_platform_redoes_with_ctrl_shift_z_only(db, prompts, qtbot,
                                                                                          redo_on_ctrl_y):
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    # the case editor's own redo has Ctrl+Y (its one history of edits, ``CaseDialog.undo_stack``): not a second one
    redo = dialog.findChild(QShortcut, "case_redo")
    assert QKeySequence("Ctrl+Y") in redo.keys() and dialog.findChild(QShortcut, redo_key.OBJECT_NAME) is None
    for field in (dialog.facts, dialog.cause, dialog.money["fine_fen"], dialog.counts["records_trace"]):
        field.setFocus()
        qtbot.keyClicks(field, "2000")
        value = field.toPlainText if isinstance(field, QPlainTextEdit) else field.text
        if isinstance(field, QAbstractSpinBox):  # its number: the text shows it grouped (20,000) once put back
            value = field.value
        typed = value()
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert value() != typed
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
        assert value() == typed


def test_the_main_window_redoes_with_ctrl_y_too_but_a_window_binding_it_is_left_alone(db, make_window, qtbot,
                                                                                    redo_on_ctrl_y):
    window = make_window(db)
    window.fill_menus()  # as after the first paint: the key follows from the event loop
    qtbot.waitUntil(lambda: window.findChild(QShortcut, redo_key.OBJECT_NAME) is not None)
    editor = QMainWindow()
    qtbot.addWidget(editor)
    own = QAction("Redo", editor)
    own.setShortcuts([QKeySequence("Ctrl+Y")])
    editor.addAction(own)
    assert redo_key.add_redo_key(editor) is None  # two bindings of one key would make both dead


def test_where_the_platform_redoes_with_ctrl_y_nothing_is_added(db, prompts, qtbot):
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert QKeySequence("Ctrl+Y") in redo_key.platform_redo_keys()  # as on Windows (and offscreen)
    assert dialog.findChild(QShortcut, redo_key.OBJECT_NAME) is None
