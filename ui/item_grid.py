"""The item table of a document (seized goods, samples, evidence …) typed as a grid: a multi-line field that a
table of its form repeats row by row is shown as cells under the table's column heads, with 添加行 (Ctrl+Enter)
and 删除行 (Ctrl+Shift+Delete); Tab goes from cell to cell and, from the last one, on to the next field. The
value stays the ``a | b | c`` text the writers read (``workstation.formkit.grid``); each cell changed is a step
of its own for Undo. Rows copied from a spreadsheet are pasted (Ctrl+V, on the table or in a cell open for typing)
cell by cell from the current one rightwards and downwards, rows added as needed (blank rows left out, so a row's
number in a message is the one shown), as one step; Ctrl+C copies the cells selected as a spreadsheet takes them
(tabs between cells, a line a row); Delete and Backspace clear them, Ctrl+X cuts them, as one step, a row left
wholly blank removed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.editable_grid import PastingDelegate, SheetKeys, clear_selected, copy_block, put_rows
from ui.field_widgets import FieldWidget, part_name
from workstation.formkit.grid import (
    cell_text,
    grid_rows,
    grid_text,
    pasted_rows,
)
from workstation.formkit.spec import FieldSpec
from workstation.i18n import _

ADD_KEYS = ("Ctrl+Return", "Ctrl+Enter")
REMOVE_KEY = "Ctrl+Shift+Delete"


class ItemTable(SheetKeys, QTableWidget):
    """The cells; Tab from the last cell (Shift+Tab from the first) leaves the grid instead of going round. Paste,
    Copy, Cut and Delete or Backspace go to ``sheet`` (the grid: ``SheetKeys``), not to the one current cell."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.sheet_key(event):
            return
        super().keyPressEvent(event)

    def _at_edge(self, forward: bool) -> bool:
        row, column = self.currentRow(), self.currentColumn()
        if forward:
            return row < 0 or (row == self.rowCount() - 1 and column == self.columnCount() - 1)
        return row <= 0 and column <= 0

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        if self._at_edge(forward):
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt's name)
        hints = QAbstractItemDelegate.EndEditHint
        if hint in (hints.EditNextItem, hints.EditPreviousItem) and self._at_edge(hint == hints.EditNextItem):
            super().closeEditor(editor, hints.NoHint)
            QWidget.focusNextPrevChild(self, hint == hints.EditNextItem)
            return
        super().closeEditor(editor, hint)


class _CellDelegate(PastingDelegate):
    """The editor of a cell open for typing, pasted in as the attendees' grid's is (``PastingDelegate``), told to
    the grid as it opens."""

    def __init__(self, grid: GridField):
        super().__init__(grid.table, grid)

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt's name)
        """The cell's editor, told to the grid's ``cell_opened`` (opened by F2, by a key typed, or by Tab from the
        cell before): the document's editor watches it as it watches its other boxes. It is named for screen
        readers by the field's label and its column's head (物品清单：名称; a row printed across: the label)."""
        editor = super().createEditor(parent, option, index)
        if editor is not None:
            name = self.grid.access_name or self.grid.field.label
            heads = self.grid.heads
            across = self.grid.table.columnSpan(index.row(), index.column()) > 1
            editor.setAccessibleName(part_name(name, heads[index.column()])
                                     if index.column() < len(heads) and not across else name)
            self.grid.cell_opened.emit(editor)
        return editor


class GridField(FieldWidget):
    """The editor's handle on a multi-line field printed as a table's rows, with the table's column ``heads``;
    ``cell_opened`` tells of each cell's editor as it opens for typing (its keys, its leaving, its typing to be
    autosaved: what it holds is no part of the value until it is left or ``commit_open_cell``)."""

    cell_opened = Signal(QWidget)

    def __init__(self, field: FieldSpec, heads: tuple[str, ...], parent=None):
        self.heads = tuple(heads)
        self.read_only = False
        self.table = ItemTable(1, len(self.heads))
        self.table.setHorizontalHeaderLabels(list(self.heads))
        self.table.setTabKeyNavigation(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)  # cells to copy
        self.table.setItemDelegate(_CellDelegate(self))
        self.table.sheet = self  # Ctrl+V, Ctrl+C, Ctrl+X, Delete and Backspace on the table
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(130)
        self.table.setMaximumHeight(280)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add row"))
        self.add_button.setObjectName(f"{field.name}_add_row")
        self.add_button.setToolTip(_("Add a row after the current one (Ctrl+Enter)"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(_("Delete row"))
        self.remove_button.setObjectName(f"{field.name}_remove_row")
        self.remove_button.setToolTip(_("Delete the current row (Ctrl+Shift+Delete)"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        super().__init__(field, holder, parent)
        self.focus_widget = self.table
        self._whole = False
        # the context set after the shortcut is made: PySide6 drops a ``context=`` given with the slot to the
        # constructor, and the keys would then work anywhere in the editor (Ctrl+Enter in 案由 adding a row)
        for sequence, slot in [*((sequence, self.add_row) for sequence in ADD_KEYS), (REMOVE_KEY, self.remove_row)]:
            shortcut = QShortcut(QKeySequence(sequence), holder)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.table.itemChanged.connect(self._cell_changed)

    @property
    def whole_step(self) -> bool:
        """Every change is a step of its own: a cell typed and left, a row removed (never merged with the next)."""
        return self._whole

    # the rows -------------------------------------------------------------------------------------------------
    def rows(self) -> list[list[str]]:
        """The cells as shown, a row printed across the table (a line without a separator) as one cell."""
        out = []
        for row in range(self.table.rowCount()):
            columns = 1 if self.table.columnSpan(row, 0) > 1 else self.table.columnCount()
            out.append([self._text(row, column) for column in range(columns)])
        return out

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _fill(self, rows: list[list[str]]) -> None:
        blocker = self.table.blockSignals(True)
        try:
            self.table.clearSpans()
            self.table.setRowCount(0)
            self.table.setRowCount(max(len(rows), 1))
            for number, cells in enumerate(rows):
                for column, text in enumerate(cells):
                    self.table.setItem(number, column, QTableWidgetItem(text))
                if len(cells) == 1 and self.table.columnCount() > 1:
                    self.table.setSpan(number, 0, 1, self.table.columnCount())
        finally:
            self.table.blockSignals(blocker)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        stored = cell_text(item.text())
        if any(mark in item.text() for mark in "|｜\n\r\t"):  # shown as it is kept
            blocker = self.table.blockSignals(True)
            try:
                item.setText(stored)
            finally:
                self.table.blockSignals(blocker)
        self._step()

    def _step(self) -> None:
        self._whole = True
        try:
            self.changed.emit()
        finally:
            self._whole = False

    def _finish_typing(self) -> None:
        """A cell being typed in keeps what was typed before a row is added or removed."""
        editor = QApplication.focusWidget()
        if self.table.state() == QAbstractItemView.State.EditingState and editor is not None \
                and self.table.isAncestorOf(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def commit_open_cell(self) -> None:
        """Put what is being typed in the cell still open into the table (its ``changed``, a step of its own), as
        leaving the cell would; the cell stays open to go on typing (a draft saved with Ctrl+S keeps it)."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            editor = self.table.indexWidget(self.table.currentIndex())  # the open cell's editor
            if editor is not None:
                self.table.commitData(editor)

    def add_row(self) -> None:
        """An empty row after the current one (at the end when none is current), its first cell current."""
        if self.read_only:
            return
        self._finish_typing()
        row = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_row(self) -> None:
        """Delete the current row (the grid keeps one row to type in)."""
        if self.read_only:
            return
        self._finish_typing()
        row = self.table.currentRow()
        if row < 0:
            return
        column = max(self.table.currentColumn(), 0)
        before = self.value()
        self.table.removeRow(row)
        if self.table.rowCount() == 0:
            self.table.insertRow(0)
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), column)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.value() != before:
            self._step()

    def paste(self, text: str, editor: QWidget | None = None) -> None:
        """Put rows copied from a spreadsheet (``pasted_rows``) into the cells from the current one rightwards and
        downwards, adding rows as needed, as one step for Undo; blank rows are left out, so a message's row number is
        the row shown. Cells beyond the last column join it, separated by ／ (nothing pasted is lost; ``put_rows``).
        ``editor``: the cell open for typing it was pasted in, closed without keeping what was typed there (the
        pasted cell takes its place)."""
        if editor is not None:
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if self.read_only:
            return
        before = self.value()
        left = max(self.table.currentColumn(), 0)

        def spread(row: int, cells: list[str]) -> None:
            if self.table.columnSpan(row, 0) > 1 and (left > 0 or len(cells) > 1):
                self.table.setSpan(row, 0, 1, 1)  # a row printed across gets its columns back

        put_rows(self.table, pasted_rows(text), cell_text, spread)
        if self.value() != before:
            self._step()

    def copy(self) -> None:
        """Put the cells selected (the current one when none is) on the clipboard as a spreadsheet takes them: tabs
        between the cells, each row ended by a line break."""
        copy_block(self.table, self._text)

    def clear_cells(self) -> None:
        """Empty the cells selected (the current one when none is), as one step for Undo; a row left wholly blank
        goes (``clear_selected``), the grid keeping a row to type in."""
        if not self.read_only and clear_selected(self.table, keep_one=True):
            self._step()

    # value ----------------------------------------------------------------------------------------------------
    def value(self):
        return grid_text(self.rows(), len(self.heads))

    def step_row(self, old, new):
        """The cell (row, column) a change typed touches, with its text before and after; None for rows added or
        removed, or several cells."""
        columns = len(self.heads)
        before, after = grid_rows(old, columns), grid_rows(new, columns)
        touched = [(r, c) for r in range(len(after)) for c in range(columns) if _cell(before, r, c) != _cell(after, r, c)]
        if len(before) != len(after) or len(touched) != 1:
            return None, "", ""
        r, c = touched[0]
        return touched[0], _cell(before, r, c), _cell(after, r, c)

    def set_value(self, value) -> None:
        """Show ``value``'s rows; the current cell becomes the first that differs from those shown before (an
        undo puts the keyboard on the cell it restored)."""
        rows = grid_rows(value, len(self.heads))
        if grid_text(rows, len(self.heads)) == self.value():
            return
        before = self.rows()
        self._fill(rows)
        at = next(((r, c) for r in range(max(len(rows), len(before)))
                   for c in range(len(self.heads))
                   if _cell(before, r, c) != _cell(rows, r, c)), (0, 0))
        row = min(at[0], self.table.rowCount() - 1)
        self.table.setCurrentCell(row, at[1] if self.table.columnSpan(row, 0) == 1 else 0)
        self.changed.emit()  # as a text box tells of a value put in

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only else
                                   QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)


def _cell(rows: list[list[str]], row: int, column: int) -> str:
    return rows[row][column] if row < len(rows) and column < len(rows[row]) else ""

