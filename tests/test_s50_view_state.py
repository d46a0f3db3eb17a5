"""Column widths and splits the officer set are kept from one session to the next (ui.ini): the deadline board's
split and its table's columns, the columns of the lead list, the interviews and the register of documents issued —
as the case list's were. Only what the officer sized by hand is kept (the other columns are sized to their texts
again); a page not opened in a session keeps what was stored."""

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSplitter

pytestmark = pytest.mark.gui


def shown(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    return window


def filled_board(qtbot, window):
    window.board.start()
    qtbot.waitUntil(lambda: window.board.table.fitter is not None, timeout=5000)
    return window.board.table


def drag_split(qtbot, splitter: QSplitter, dy: int) -> None:
    """The handle dragged by the mouse, as the officer does."""
    handle = splitter.handle(1)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(handle, start + QPoint(0, dy * step // 5))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, dy))
    QApplication.processEvents()


def drag_column(view, column: int, dx: int) -> int:
    """A column widened as by the officer's drag of its edge (a resize no code made); its new width."""
    width = view.horizontalHeader().sectionSize(column) + dx
    view.horizontalHeader().resizeSection(column, width)
    return width


def views(window) -> dict:
    return {"leads": window.leads_page.view, "interviews": window.interviews_page.view,
            "documents": window.page(3).register.view}


def test_the_boards_split_and_columns_and_the_pages_columns_are_kept(qtbot, make_window, demo_db):
    first = shown(qtbot, make_window(demo_db))
    table = filled_board(qtbot, first)
    drag_split(qtbot, table.splitter, 60)
    split = table.splitter.sizes()
    assert split != [0, 0]
    widths = {"board": drag_column(table.view, 1, 50)}
    for name, view in views(first).items():
        first.go_to_page({"leads": 1, "interviews": 2, "documents": 3}[name])
        QApplication.processEvents()
        widths[name] = drag_column(view, 1, 50)
    first.go_to_page(0)
    first.close()

    second = shown(qtbot, make_window(demo_db))
    table = filled_board(qtbot, second)
    assert table.splitter.sizes() == split
    assert table.view.columnWidth(1) == widths["board"]
    assert table.fitter.dragged == {1}  # only the column dragged: the others are sized to their texts
    for name, view in views(second).items():
        second.go_to_page({"leads": 1, "interviews": 2, "documents": 3}[name])
        QApplication.processEvents()
        assert view.columnWidth(1) == widths[name], name
    second.page(3).register.refresh()  # shown again: its columns sized to the documents, but the one dragged
    assert second.page(3).register.view.columnWidth(1) == widths["documents"]


def test_a_page_not_opened_keeps_what_was_stored(qtbot, make_window, demo_db):
    first = shown(qtbot, make_window(demo_db))
    first.go_to_page(2)
    width = drag_column(first.interviews_page.view, 1, 70)
    first.close()
    shown(qtbot, make_window(demo_db)).close()  # the interviews never opened
    third = make_window(demo_db)
    assert third.interviews_page.view.columnWidth(1) == width


def test_columns_not_dragged_are_not_kept(qtbot, make_window, demo_db):
    first = shown(qtbot, make_window(demo_db))
    first.go_to_page(1)
    view = first.leads_page.view
    own = [view.columnWidth(c) for c in range(view.model().columnCount())]  # as the list sized them
    first.go_to_page(2)
    drag_column(first.interviews_page.view, 0, 40)
    first.go_to_page(1)
    drag_column(view, 1, 60)
    first.close()
    again = shown(qtbot, make_window(demo_db))
    again.go_to_page(2)
    assert again.interviews_page.fitter.dragged == {0}
    again.go_to_page(1)
    view = again.leads_page.view
    assert again.leads_page.fitter.dragged == {1}
    description = again.leads_page.fitter.description  # fitted to the room the others leave
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    assert [w for c, w in enumerate(widths) if c not in (1, description)] == \
        [w for c, w in enumerate(own) if c not in (1, description)]  # sized by the list, not widened by the restore

