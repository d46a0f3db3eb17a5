# ruff: noqa: F811 - the window fixture imported from test_keyfix_focus is used by name
"""Sorting and columns without the mouse: the Menu key or Shift+F10 in the case list, the deadlines, the leads and the
interview register opens the table's own menu — 排序 by each column shown, ascending or descending, and 列 (show or
hide a column, 恢复默认列; the case list's is its header's menu)."""

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from tests.test_keyfix_focus import window  # noqa: F401 - the main window on the demo, menus filled, board counted
from ui.layouts import plain_label
from workstation.i18n import _

pytestmark = [pytest.mark.gui,  # offscreen Qt: the popup menus
              pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")]


def _entry(menu: QMenu, text: str):
    return next(a for a in menu.actions() if plain_label(a.text()).endswith(text))


def through_menu(qtbot, view, key, modifier, pick) -> list[str]:
    """Press ``key`` in ``view``; ``pick(menu)`` acts on the menu that opens (then it closes). The titles seen."""
    seen = []

    def act():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, act)
            return
        seen.extend(plain_label(a.text()) for a in menu.actions() if a.text())
        pick(menu)
        menu.close()

    view.window().activateWindow()  # back from the menu before
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    QTimer.singleShot(0, act)
    qtbot.keyClick(view, key, modifier)
    return seen


def sort_by(qtbot, view, column_title, descending, key=Qt.Key.Key_Menu, modifier=Qt.KeyboardModifier.NoModifier):
    def pick(menu):
        sort = _entry(menu, plain_label(_("&Sort"))).menu()
        by = _entry(sort, column_title).menu()
        _entry(by, plain_label(_("&Descending") if descending else _("&Ascending"))).trigger()

    return through_menu(qtbot, view, key, modifier, pick)


def hide_column(qtbot, view, column_title):
    def pick(menu):
        columns = _entry(menu, plain_label(_("&Columns"))).menu()
        _entry(columns, column_title).trigger()

    through_menu(qtbot, view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier, pick)


def _check_sort_and_hide(qtbot, view, column):
    title = str(view.model().headerData(column, Qt.Orientation.Horizontal))
    seen = sort_by(qtbot, view, title, descending=True)
    assert seen == [plain_label(_("&Sort")), plain_label(_("&Columns"))]
    header = view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, Qt.SortOrder.DescendingOrder)
    sort_by(qtbot, view, title, descending=False, key=Qt.Key.Key_F10, modifier=Qt.KeyboardModifier.ShiftModifier)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, Qt.SortOrder.AscendingOrder)
    hide_column(qtbot, view, title)
    assert header.isSectionHidden(column)
    through_menu(qtbot, view, Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier, lambda menu: _entry(
        _entry(menu, plain_label(_("&Columns"))).menu(), _("Restore default columns")).trigger())
    assert not header.isSectionHidden(column)


def test_the_deadlines_sort_and_show_columns_by_the_keyboard(window, qtbot):
    _check_sort_and_hide(qtbot, window.board.table.view, 2)


def test_the_case_list_sorts_and_shows_columns_by_the_keyboard(window, qtbot):
    window.case_tabs.setCurrentWidget(window.case_list)
    view = window.case_list.table
    qtbot.waitUntil(lambda: view.model().rowCount() > 5)
    _check_sort_and_hide(qtbot, view, 2)


@pytest.mark.parametrize("row", [1, 2])
def test_the_leads_and_interviews_sort_and_show_columns_by_the_keyboard(window, qtbot, row):
    window.go_to_page(row)
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: page.view.model().rowCount() > 1)
    _check_sort_and_hide(qtbot, page.view, 1)
