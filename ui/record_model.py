"""A read-only table model over a list of records, described by (header, how to show a record) columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from workstation.i18n import _

Column = tuple[str, Callable[[Any], str]]

# Qt.ItemDataRole's values, as plain numbers: the first use of PySide6's ``Qt`` namespace creates all of its
# ~90 enums (~16 ms), which the window's start should not pay before its first paint (tests/test_startup.py
# checks both the values and that the start does not touch ``Qt``)
DISPLAY_ROLE, TOOLTIP_ROLE, BACKGROUND_ROLE = 0, 3, 8


class RecordTableModel(QAbstractTableModel):
    """Rows are records; each column is a header message id and a function giving the cell text."""

    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE):
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            return self.columns[index.column()][1](self.records[index.row()])
        return None

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE):
        from PySide6.QtCore import Qt  # already created: PySide6 made ``orientation`` one of its enums

        if orientation == Qt.Orientation.Horizontal and role == DISPLAY_ROLE and 0 <= section < len(self.columns):
            return _(self.columns[section][0])
        return None
