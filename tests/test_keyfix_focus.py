"""Where the keyboard lands, keyboard only: Ctrl+D and Ctrl+1 put it in the deadlines (or the case list) on the row
selected, not on the tab bar; Enter on a 约谈 row of the board goes on in the interview register on that interview,
not on 新建约谈; F5 (a recount) keeps the deadline selected selected, not the first row."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.test_ui_keyboard import active

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.fixture
def window(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    qtbot.waitUntil(lambda: window.board.table.model.rowCount() > 5)
    return window


def _selected_row(view):
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def test_ctrl_d_and_ctrl_1_put_the_keyboard_on_the_selected_deadline(window, qtbot):
    view = window.board.table.view
    view.selectRow(4)
    window.navigation.setFocus()
    key(qtbot, Qt.Key.Key_D, CTRL)
    assert QApplication.focusWidget() is view
    assert view.currentIndex().row() == 4 and _selected_row(view) == 4
    window.case_tabs.tabBar().setFocus()
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert QApplication.focusWidget() is view and view.currentIndex().row() == 4


def test_ctrl_1_on_the_case_list_puts_the_keyboard_on_its_selected_case(window, qtbot):
    window.case_tabs.setCurrentWidget(window.case_list)
    table = window.case_list.table
    table.selectRow(3)
    window.navigation.setFocus()
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert QApplication.focusWidget() is table and table.currentIndex().row() == 3


def test_f5_keeps_the_selected_deadline_selected(window, qtbot):
    view, model = window.board.table.view, window.board.table.model
    row = model.rowCount() - 1
    view.selectRow(row)
    chosen = model.records[row]
    view.setFocus()
    shown = []
    window.board.table.model.modelReset.connect(lambda: shown.append(True))
    key(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: shown and model.rowCount() > 0)  # counted again
    now = model.records[_selected_row(view)]
    assert (now.case_id, now.rule.id, now.party_id) == (chosen.case_id, chosen.rule.id, chosen.party_id)


def test_enter_on_an_interview_row_of_the_board_goes_to_that_interview_in_the_register(window, qtbot):
    view, model = window.board.table.view, window.board.table.model
    rows = [r for r, d in enumerate(model.records) if d.interview_id]
    if not rows:
        pytest.skip("the demo's board shows no 约谈 deadline")
    chosen = model.records[rows[-1]]
    view.selectRow(rows[-1])
    view.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    page = window.interviews_page
    assert window.stack.currentWidget() is page
    assert QApplication.focusWidget() is page.view
    assert page.model.records[page.view.currentIndex().row()].interview.id == chosen.interview_id


def test_f5_on_the_documents_page_leaves_the_keyboard_in_the_filter(window, qtbot):
    key(qtbot, Qt.Key.Key_4, CTRL)
    page = window.stack.currentWidget()
    page.forms_filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.forms_filter)
    qtbot.keyClicks(page.forms_filter, "inq")
    key(qtbot, Qt.Key.Key_F5)
    assert QApplication.focusWidget() is page.forms_filter  # the new filter box, its text kept
    qtbot.keyClicks(QApplication.focusWidget(), "uiry")
    assert page.forms_filter.text() == "inquiry"


def test_f1_lists_every_key_of_the_windows_actions(window, qtbot, prompts):
    from PySide6.QtGui import QAction, QKeySequence

    from ui.layouts import plain_label

    key(qtbot, Qt.Key.Key_F1)
    text = prompts.infos[-1]
    keyed = [a for a in window.findChildren(QAction) if a.text() and any(not k.isEmpty() for k in a.shortcuts())
             and (a.associatedObjects() or a.parent() is window) and not a.objectName().startswith("go_")]
    assert len(keyed) > 10
    for action in keyed:
        first = action.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)
        assert plain_label(action.text()) in text and first in text, action.text()
    for shortcut in ("Ctrl+D", "Ctrl+L", "Ctrl+Q", "F5", "Ctrl+P", "Ctrl+W"):
        assert f"{shortcut})" in text or f"{shortcut} /" in text
