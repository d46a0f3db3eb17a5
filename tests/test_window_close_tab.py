"""Ctrl+W (Case → Close case tab) as an officer uses it: it closes the case tab shown, and nothing else; with no case
tab shown it closes nothing and the status bar says why, whether no case is open or the open ones are behind the
deadlines, the case list or another page."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from tests.test_ui_keyboard import active
from workstation.i18n import _

pytestmark = pytest.mark.gui


def press_ctrl_w(qtbot, window) -> None:
    window.fill_menus()  # as after the first paint
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_w_closes_the_case_tab_shown_and_only_it(db, make_window, make_case, qtbot):
    window = active(qtbot, make_window(db))
    first, second = make_case(), make_case()
    window.open_case(first.id)
    window.open_case(second.id)
    press_ctrl_w(qtbot, window)
    assert list(window.workspaces) == [first.id]
    assert window.case_tabs.count() == 3  # the deadlines, the case list and the first case
    assert window.statusBar().currentMessage() == ""


def test_ctrl_w_with_no_case_open_closes_nothing_and_says_so(db, make_window, qtbot):
    window = active(qtbot, make_window(db))
    press_ctrl_w(qtbot, window)
    assert window.case_tabs.count() == 2 and window.case_tabs.currentWidget() is window.board
    assert window.statusBar().currentMessage() == _("No case is open in a tab, so there is no case tab to close.")


def test_ctrl_w_on_the_deadlines_or_another_page_leaves_the_case_tab_behind_open(db, make_window, make_case, qtbot):
    window = active(qtbot, make_window(db))
    case = make_case()
    window.open_case(case.id)
    said = _("Close case tab closes the case tab shown; cases open in tabs: {n}. Show one of them first.").format(n=1)
    window.show_deadlines()
    press_ctrl_w(qtbot, window)
    assert list(window.workspaces) == [case.id] and window.statusBar().currentMessage() == said
    window.statusBar().clearMessage()
    window.open_case(case.id)
    window.go_to_page(1)  # the leads page, the case tab still current behind it
    press_ctrl_w(qtbot, window)
    assert list(window.workspaces) == [case.id] and window.statusBar().currentMessage() == said
    window.navigation.setCurrentRow(0)
    window.findChild(QAction, "close_tab").trigger()  # the menu's entry does as the key
    assert window.workspaces == {} and window.case_tabs.count() == 2
