"""Shared page pieces: the read-only record table and page, and the placeholder of a page later work fills
(exchange), which says what will be there. (The statistics page is ``ui.dashboard``.)"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.record_model import RecordTableModel

WIDTH_SAMPLE_ROWS = 200  # the rows (besides those in view) whose text sizes a long list's columns


class PlaceholderPage(QWidget):
    """A page whose work comes later: it says what will be there."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(text)
        body.setObjectName("placeholder_text")
        body.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


def read_only_table(model) -> QTableView:
    """A table view for browsing records: whole rows selected, no editing, alternating rows; the arrow keys move
    between its rows and Tab goes on to the next control (Qt's default keeps Tab in the table, cell after cell:
    a keyboard trap on a page)."""
    view = QTableView()
    view.setModel(model)
    view.setTabKeyNavigation(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def size_columns_by_sample(view: QTableView) -> None:
    """Size ``view``'s columns (``resizeColumnsToContents``) to its first rows and those in view, not to a thousand
    masked rows: a freeze of most of a second on every refresh when thousands of leads or complaints are listed."""
    view.horizontalHeader().setResizeContentsPrecision(WIDTH_SAMPLE_ROWS)


class RecordsPage(QWidget):
    """A heading, a note and a read-only table of records, reloaded by ``refresh``."""

    def __init__(self, title: str, note: str, columns, load, parent: QWidget | None = None):
        super().__init__(parent)
        self.load = load
        self.model = RecordTableModel(columns, self)
        self.view = read_only_table(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{title}</h2>"))
        hint = QLabel(note)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_records(self.load())
        self.view.resizeColumnsToContents()
