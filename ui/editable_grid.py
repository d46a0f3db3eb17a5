"""A table typed in cell by cell (an interview's attendees) that never holds the keyboard: Tab and Shift+Tab move
from cell to cell as in a spreadsheet, but Tab in the last cell (Shift+Tab in the first) goes on to the next
(previous) control of the window, with what was typed in the cell kept, and Ctrl+Tab or Ctrl+Shift+Tab leave the
table from any cell. Qt's own table wraps round to its first cell instead. Enter on a cell not being edited opens it
for typing, as F2 does, instead of reaching the dialog, whose default button would save it with the table half
typed. Esc in a cell being edited drops that cell's typing, as in a spreadsheet; ``commit_open_cell`` keeps it,
for a dialog about to ask whether to drop what was typed.

As in a spreadsheet, rows copied from Excel or WPS are pasted (Ctrl+V on the table, or in a cell open for typing
when they hold a tab) cell by cell from the current one rightwards and downwards, rows added as needed; Ctrl+C
copies the cells selected (tabs between cells, a line a row), Delete and Backspace clear them and Ctrl+X cuts them,
a row left wholly blank removed (so a row's number in a message is the one shown).
A paste, a clearing or a cut is told once by ``edited`` (one step for Undo), the cells' own ``itemChanged`` kept
quiet meanwhile. A cell never holds a tab or a line break: text without a tab pasted in a cell open for typing (an
address of two lines) goes into that cell on one line, as in a document's item grid (``PastingDelegate``,
``SheetKeys`` and ``clear_selected`` are that grid's too)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTableWidgetSelectionRange,
    QWidget,
)

from workstation.formkit.grid import SEPARATOR_IN_CELL, blank_row, copied_text, one_line, pasted_rows

EndEditHint = QAbstractItemDelegate.EndEditHint


def sheet_action(event) -> str | None:
    """What a key pressed on a grid with no cell open asks of it, as a spreadsheet takes it: "paste", "copy", "cut",
    "clear" (Delete or Backspace, without Ctrl, Alt or Shift) or None."""
    for name, key in (("paste", QKeySequence.StandardKey.Paste), ("copy", QKeySequence.StandardKey.Copy),
                      ("cut", QKeySequence.StandardKey.Cut)):
        if event.matches(key):
            return name
    held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and held == Qt.KeyboardModifier.NoModifier:
        return "clear"
    return None


def several_cells(text: str) -> bool:
    """Whether text on the clipboard is more than one cell: rows or cells copied from a spreadsheet."""
    rows = [cells for cells in pasted_rows(text) if not blank_row(cells)]
    return len(rows) > 1 or any(len(cells) > 1 for cells in rows)


def one_cell_paste(text: str) -> str | None:
    """What text pasted in a cell open for typing, and not pasted into the grid's cells (``PastingDelegate``: text
    without a tab), puts there when it is not as typed: its lines (a spreadsheet's cell of several lines, an address
    of two lines from a document, a column of names) joined by a space; None for text of one line, pasted as it
    is."""
    if not any(mark in text for mark in "\t\r\n"):
        return None
    return " ".join(" ".join(filter(None, map(one_line, cells))) for cells in pasted_rows(text) if not blank_row(cells))


def selected_block(table: QTableWidget) -> tuple[int, int, int, int] | None:
    """The rows and columns (top, left, bottom, right) the cells selected span, the current cell's when none is
    selected; None when there is no cell."""
    ranges = table.selectedRanges()
    if ranges:
        return (min(r.topRow() for r in ranges), min(r.leftColumn() for r in ranges),
                max(r.bottomRow() for r in ranges), max(r.rightColumn() for r in ranges))
    if table.currentRow() >= 0:
        column = max(table.currentColumn(), 0)
        return table.currentRow(), column, table.currentRow(), column
    return None


def selected_cells(table: QTableWidget) -> list[tuple[int, int]]:
    """The cells selected (the current one when none is), row by row."""
    indexes = table.selectedIndexes()
    if indexes:
        return sorted({(index.row(), index.column()) for index in indexes})
    return [(table.currentRow(), max(table.currentColumn(), 0))] if table.currentRow() >= 0 else []


def clear_selected(table: QTableWidget, keep_one: bool = False) -> bool:
    """Empty the cells of ``table`` selected (the current one when none is), its signals blocked (no
    ``itemChanged`` for each): whether a cell held text, so that its grid tells of the clearing once. A row the
    clearing leaves wholly blank is removed with it (the stored value leaves blank rows out, so a row's number in a
    message is the one shown), the current cell then on the row that took its place; ``keep_one``: the table keeps a
    row to type in."""
    emptied: set[int] = set()
    blocker = table.blockSignals(True)
    try:
        for row, column in selected_cells(table):
            item = table.item(row, column)
            if item is not None and item.text():
                item.setText("")
                emptied.add(row)
        blank = sorted((row for row in emptied if blank_row(
            [table.item(row, c).text() if table.item(row, c) is not None else ""
             for c in range(table.columnCount())])), reverse=True)
        if blank:
            column = max(table.currentColumn(), 0)
            for row in blank:
                table.removeRow(row)
            if keep_one and table.rowCount() == 0:
                table.insertRow(0)
            table.clearSelection()
            if table.rowCount():
                table.setCurrentCell(min(blank[-1], table.rowCount() - 1), column)
    finally:
        table.blockSignals(blocker)
    table.viewport().update()
    return bool(emptied)


def select_pasted(table: QTableWidget, top: int, left: int, bottom: int, right: int) -> None:
    """Select the cells just pasted (and them alone: a selection from before, or added to by the Ctrl of Ctrl+V, is
    dropped), the first current, the table given the keyboard."""
    table.setCurrentCell(top, left)
    table.clearSelection()
    table.setRangeSelected(QTableWidgetSelectionRange(top, left, bottom, right), True)
    table.setFocus(Qt.FocusReason.OtherFocusReason)


def put_rows(table: QTableWidget, rows, clean, before_row=None) -> tuple[int, int] | None:
    """Put ``rows`` copied from a spreadsheet (``pasted_rows``; blank rows left out) into the cells of ``table`` from
    the current one rightwards and downwards, adding rows as needed, the table's signals blocked (no
    ``itemChanged`` for each), then select them (``select_pasted``): the last row and column pasted, None when no row
    was to paste (nothing changed). Each cell is ``clean``-ed; cells beyond the last column join it, separated by ／
    (nothing pasted is lost). ``before_row(row, cells)``: called before a row's cells are set."""
    rows = [cells for cells in rows if not blank_row(cells)]
    if not rows:
        return None
    top, left = max(table.currentRow(), 0), max(table.currentColumn(), 0)
    room = table.columnCount() - left
    blocker = table.blockSignals(True)
    try:
        table.setRowCount(max(table.rowCount(), top + len(rows)))
        for row, cells in enumerate(rows, top):
            cells = [clean(cell) for cell in cells]
            if len(cells) > room:
                cells = cells[:room - 1] + [SEPARATOR_IN_CELL.join(filter(None, cells[room - 1:]))]
            if before_row is not None:
                before_row(row, cells)
            for column, cell in enumerate(cells, left):
                table.setItem(row, column, QTableWidgetItem(cell))
    finally:
        table.blockSignals(blocker)
    table.viewport().update()
    bottom, right = top + len(rows) - 1, left + max(min(len(cells), room) for cells in rows) - 1
    select_pasted(table, top, left, bottom, right)
    return bottom, right


def copy_block(table: QTableWidget, text_of) -> None:
    """Put the cells of ``table`` selected (the current one when none is) on the clipboard as a spreadsheet takes
    them: tabs between the cells, each row ended by a line break; ``text_of(row, column)``: a cell's text."""
    block = selected_block(table)
    if block is None:
        return
    top, left, bottom, right = block
    QApplication.clipboard().setText(copied_text(
        [text_of(row, column) for column in range(left, right + 1)] for row in range(top, bottom + 1)))


class PastingDelegate(QStyledItemDelegate):
    """The editor of a cell open for typing, in either grid (an interview's attendees, a document's items): cells
    copied from a spreadsheet (text with a tab) pasted in it go to the grid's cells (``paste(text, editor)`` of
    ``grid``, the table itself when None); any other text — one cell copied with its line break, an address of two
    lines from a document, a column of names — goes into the cell being typed on one line (``one_cell_paste``):
    never the rows below overwritten by a text's lines, nor a row started without its name."""

    def __init__(self, table: QTableWidget, grid=None):
        super().__init__(table)
        self.grid = table if grid is None else grid

    def eventFilter(self, editor, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.matches(QKeySequence.StandardKey.Paste):
            text = QApplication.clipboard().text()
            if "\t" in text and several_cells(text):
                self.grid.paste(text, editor)
                return True
            joined = one_cell_paste(text)
            if isinstance(editor, QLineEdit) and joined is not None:
                editor.insert(joined)
                return True
        return super().eventFilter(editor, event)


class SheetKeys:
    """Mixed into a table (before ``QTableWidget``): the keys a spreadsheet takes (``sheet_action``) pressed on it with
    no cell open go to ``sheet`` — what pastes (``paste(text)``), copies, cuts and clears (``clear_cells``) its
    cells, the table itself when None —, not to the one current cell, nor to a shortcut of the window. A table read
    only (no edit triggers) takes Ctrl+C alone: its other keys reach the window as if it had none."""

    sheet = None

    def _editable(self) -> bool:
        """The table can be typed in: it has edit triggers (a grid read only has none)."""
        return self.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers

    def _sheet_call(self, event):
        """What the key pressed asks of ``sheet``, None for a key the table takes as usual; a cut is a copy, then a
        clearing."""
        action = sheet_action(event)
        if action is None:
            return None
        if action != "copy" and not self._editable():
            return None  # a grid read only: Delete, Backspace, Ctrl+V and Ctrl+X left to the window's shortcuts
        sheet = self if self.sheet is None else self.sheet
        if action == "paste":
            return lambda: sheet.paste(QApplication.clipboard().text())
        if action == "cut":
            return lambda: (sheet.copy(), sheet.clear_cells())
        return {"copy": sheet.copy, "clear": sheet.clear_cells}[action]

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._sheet_call(event) is not None:
            event.accept()  # the table's own, not a shortcut of the window
            return True
        return super().event(event)

    def sheet_key(self, event) -> bool:
        """Do what the key pressed asks of ``sheet``; whether it asked something (the event then taken)."""
        call = self._sheet_call(event)
        if call is None:
            return False
        call()
        event.accept()
        return True


class EditableGrid(SheetKeys, QTableWidget):
    """A ``QTableWidget`` whose Tab leaves it at its ends, that pastes, copies, clears and cuts cells as a
    spreadsheet does (see the module's docstring)."""

    #: a paste, a clearing or a cut changed the cells (their ``itemChanged`` not emitted): one step for Undo
    edited = Signal()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setItemDelegate(PastingDelegate(self))

    def _texts(self) -> list[list[str]]:
        return [[self._text(r, c) for c in range(self.columnCount())] for r in range(self.rowCount())]

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def paste(self, text: str, editor: QWidget | None = None) -> None:
        """Put rows copied from a spreadsheet (``pasted_rows``, blank rows left out) into the cells from the current
        one rightwards and downwards, adding rows as needed, as one step; cells beyond the last column join it,
        separated by ／ (nothing pasted is lost), and a cell's line breaks become spaces (``put_rows``). ``editor``:
        the cell open for typing it was pasted in, closed without keeping what was typed there (the pasted cell
        takes its place)."""
        if editor is not None:
            self.closeEditor(editor, EndEditHint.NoHint)
        if not self._editable():
            return
        before = self._texts()
        put_rows(self, pasted_rows(text), one_line)
        if self._texts() != before:
            self.edited.emit()

    def copy(self) -> None:
        """Put the cells selected (the current one when none is) on the clipboard as a spreadsheet takes them."""
        copy_block(self, self._text)

    def clear_cells(self) -> None:
        """Empty the cells selected (the current one when none is), as one step."""
        if self._editable() and clear_selected(self):
            self.edited.emit()

    def _at_end(self, forward: bool) -> bool:
        """The current cell is the last one (``forward``) or the first one, or there is none."""
        row, column = self.currentRow(), self.currentColumn()
        if row < 0 or column < 0:
            return True
        if forward:
            return (row, column) == (self.rowCount() - 1, self.columnCount() - 1)
        return (row, column) == (0, 0)

    def _leave(self, forward: bool) -> bool:
        # past the item view's own Tab handling, which moves (and wraps) between the cells
        return QWidget.focusNextPrevChild(self, forward)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        """Tab or Shift+Tab on the table (no cell being edited)."""
        if self._at_end(forward):
            return self._leave(forward)
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Ctrl+Tab and Ctrl+Shift+Tab leave the table from any cell; Enter opens the current cell for typing; paste,
        copy, cut and Delete or Backspace as in a spreadsheet (``sheet_action``)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            if self.currentIndex().isValid():
                self.edit(self.currentIndex())
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            backwards = event.key() == Qt.Key.Key_Backtab or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self._leave(not backwards)
            return
        if self.sheet_key(event):
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: EndEditHint) -> None:  # noqa: N802 (Qt's name)
        """Tab or Shift+Tab in a cell being edited: what was typed is already committed; at the table's end, or with
        Ctrl held, the focus leaves the table instead of opening the next cell."""
        forward = hint == EndEditHint.EditNextItem
        if hint in (EndEditHint.EditNextItem, EndEditHint.EditPreviousItem) and (
                self._at_end(forward) or QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier):
            super().closeEditor(editor, EndEditHint.NoHint)
            self._leave(forward)
            return
        super().closeEditor(editor, hint)

    def commit_open_cell(self) -> None:
        """Put what is being typed in the cell still open into the table, as leaving the cell would (the editor
        stays open): a dialog closed by its close button, the typing still in a cell, counts it as typed."""
        if self.state() == self.State.EditingState:
            editor = self.indexWidget(self.currentIndex())  # the open cell's editor
            if editor is not None:
                self.commitData(editor)
