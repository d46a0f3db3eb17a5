"""A table typed in cell by cell (an interview's attendees) that never holds the keyboard: Tab and Shift+Tab move
from cell to cell as in a spreadsheet, but Tab in the last cell (Shift+Tab in the first) goes on to the next
(previous) control of the window, with what was typed in the cell kept, and Ctrl+Tab or Ctrl+Shift+Tab leave the
table from any cell. Qt's own table wraps round to its first cell instead. Enter on a cell not being edited opens it
for typing, as F2 does, instead of reaching the dialog, whose default button would save it with the table half
typed. Esc in a cell being edited drops that cell's typing, as in a spreadsheet; ``commit_open_cell`` keeps it,
for a dialog about to ask whether to drop what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QTableWidget, QWidget

EndEditHint = QAbstractItemDelegate.EndEditHint


class EditableGrid(QTableWidget):
    """A ``QTableWidget`` whose Tab leaves it at its ends (see the module's docstring)."""

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
        """Ctrl+Tab and Ctrl+Shift+Tab leave the table from any cell; Enter opens the current cell for typing."""
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
