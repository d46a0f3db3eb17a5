"""A list's own context menu, so that sorting and columns need no mouse: the Menu key or Shift+F10 in the table (or a
right-click on its rows) opens 排序 — each column shown, ascending or descending — and 列 — a check per column and
恢复默认列, the same menu its header's right-click opens where the page has one (the case list), else one made here
that shows and hides the columns. One helper for every list (case list, deadlines, leads, interviews)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QTableView

from workstation.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint, Qt

KEYS = ("Menu", "Shift+F10")
OBJECT_NAME = "table_menu"


def columns_menu(view: QTableView, parent: QMenu) -> QMenu:
    """A check for each column of ``view`` in the order shown (the first always shown: a row needs what it is), then
    恢复默认列 (every column shown)."""
    from PySide6.QtCore import Qt  # not at import: the board is built before the first paint

    header = view.horizontalHeader()
    model = view.model()
    menu = QMenu(parent)
    for visual in range(header.count()):
        column = header.logicalIndex(visual)
        action = QAction(str(model.headerData(column, Qt.Orientation.Horizontal) or ""), menu)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(visual > 0)
        action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(_("Restore default columns"),
                   lambda: [header.setSectionHidden(c, False) for c in range(header.count())])
    return menu


def table_menu(view: QTableView, own_columns: Callable[[], QMenu] | None = None) -> QMenu:
    """The menu of ``view``: 排序 (each column shown, 升序 and 降序) and 列 (``own_columns()``, the header's menu of the
    page, else ``columns_menu``)."""
    from PySide6.QtCore import Qt  # not at import: the board is built before the first paint

    menu = QMenu(view)
    header = view.horizontalHeader()
    model = view.model()
    sort = menu.addMenu(_("&Sort"))
    number = 0
    for visual in range(header.count()):
        column = header.logicalIndex(visual)
        if header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "").replace("&", "&&")
        letter = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number] if number < 35 else ""
        number += 1
        by = sort.addMenu(f"&{letter} {title}" if letter else title)
        for text, order in ((_("&Ascending"), Qt.SortOrder.AscendingOrder),
                            (_("&Descending"), Qt.SortOrder.DescendingOrder)):
            by.addAction(text, lambda c=column, o=order: _sort(view, c, o))
    columns = own_columns() if own_columns is not None else columns_menu(view, menu)
    columns.setTitle(_("&Columns"))
    columns.setParent(menu, columns.windowFlags())
    menu.addMenu(columns)
    return menu


def _sort(view: QTableView, column: int, order: Qt.SortOrder) -> None:
    view.sortByColumn(column, order)
    selected = view.selectionModel().selectedRows() if view.selectionModel() is not None else []
    if selected:
        view.scrollTo(selected[0])


def add_table_menu(view: QTableView, own_columns: Callable[[], QMenu] | None = None) -> QShortcut:
    """Give ``view`` its menu (``table_menu``), opened by the Menu key and Shift+F10 at the current row, and by a
    right-click on the rows; once."""
    from PySide6.QtCore import Qt  # not at import: the board is built before the first paint

    found = view.findChild(QShortcut, OBJECT_NAME)
    if found is not None:
        return found
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(lambda pos: show_table_menu(view, own_columns,
                                                                        view.viewport().mapToGlobal(pos)))
    shortcut = QShortcut(view)
    shortcut.setObjectName(OBJECT_NAME)
    shortcut.setKeys([QKeySequence(key) for key in KEYS])
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(lambda: show_table_menu(view, own_columns))
    return shortcut


def show_table_menu(view: QTableView, own_columns: Callable[[], QMenu] | None = None,
                    at: QPoint | None = None) -> None:
    """Open ``view``'s menu at ``at``, else at its current row (the keyboard's place)."""
    if view.model() is None:
        return
    if at is None:
        index = view.currentIndex()
        rect = view.visualRect(index) if index.isValid() else view.viewport().rect()
        at = view.viewport().mapToGlobal(rect.bottomLeft() if index.isValid() else rect.topLeft())
    menu = table_menu(view, own_columns)
    menu.exec(at)
    menu.deleteLater()  # made anew each time, from the columns as they are then
