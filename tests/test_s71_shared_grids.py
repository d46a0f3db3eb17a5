"""The attendees' grid (``EditableGrid``) and a document's item grid share their paste, copy and cut: a row wider
than the grid joins its overflow with ／, a cell's line breaks become spaces, Ctrl+X copies then clears, a grid read
only takes no paste."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from ui.editable_grid import EditableGrid


def _grid(qtbot) -> EditableGrid:
    grid = EditableGrid(1, 3)
    qtbot.addWidget(grid)
    grid.show()
    grid.setCurrentCell(0, 1)
    return grid


def _shown(grid) -> list[list[str]]:
    return [[grid.item(r, c).text() if grid.item(r, c) else "" for c in range(grid.columnCount())]
            for r in range(grid.rowCount())]


def test_a_wide_row_pasted_joins_its_overflow_and_is_one_edit(qtbot):
    grid = _grid(qtbot)
    edits = []
    grid.edited.connect(lambda: edits.append(1))
    grid.paste('a\t"b\nc"\td\t\te\n\n甲\t乙\n')
    assert _shown(grid) == [["", "a", "b c／d／e"], ["", "甲", "乙"]]
    assert edits == [1]
    assert [(r.topRow(), r.leftColumn(), r.bottomRow(), r.rightColumn()) for r in grid.selectedRanges()] == \
        [(0, 1, 1, 2)]


def test_ctrl_x_copies_the_cells_then_clears_them(qtbot):
    grid = _grid(qtbot)
    grid.paste("a\tb\n")
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "a\tb\n"
    assert grid.rowCount() == 0  # the row left wholly blank goes


def test_a_read_only_grid_takes_no_paste_but_copies(qtbot):
    grid = _grid(qtbot)
    grid.paste("a\tb\n")
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.paste("x\ty\n")
    assert _shown(grid) == [["", "a", "b"]]
    grid.copy()
    assert QApplication.clipboard().text() == "a\tb\n"

