"""A read-only table model over a list of records, described by columns (header, how to show a record, and
optionally what the column sorts by and whether it holds figures), sortable by any column when its view allows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from workstation.i18n import _

# Qt.ItemDataRole's values, as plain numbers: the first use of PySide6's ``Qt`` namespace creates all of its
# ~90 enums (~16 ms), which the window's start should not pay before its first paint (tests/test_startup.py
# checks both the values and that the start does not touch ``Qt``)
DISPLAY_ROLE, TOOLTIP_ROLE, ALIGNMENT_ROLE, BACKGROUND_ROLE = 0, 3, 7, 8
#: the value a cell sorts by (Qt.ItemDataRole.UserRole + 2): a date as ISO text, a count as a number
SORT_ROLE = 0x0100 + 2
#: Qt.AlignmentFlag.AlignRight | AlignVCenter, as figures are shown
RIGHT_ALIGNED = 0x0002 | 0x0080


class Column(NamedTuple):
    """A column: its header message id, the cell text of a record, what it sorts by (default: that text) and
    whether it holds figures, right-aligned as the bureau table shows them."""

    header: str
    text: Callable[[Any], str]
    key: Callable[[Any], Any] | None = None
    figure: bool = False


def sort_value(column: Column, record: Any):
    """What ``record`` sorts by in ``column``: its key (None for none), else the cell text."""
    return column.key(record) if column.key is not None else column.text(record)


def sorted_rows(records: Sequence[Any], column: Column, descending: bool,
                value: Callable[[Column, Any], Any] = sort_value) -> list[int]:
    """The rows of ``records`` sorted by ``column`` (each record's ``value`` in it) as a model sorts them: equal ones
    keep their order, cells without a value come first in ascending order. Plain Python: a worker thread sorts a long
    list this way before handing it to its model (``RecordTableModel.set_records``'s ``order``)."""

    def key(row: int):
        value_of_row = value(column, records[row])
        return (value_of_row is not None, value_of_row)

    return sorted(range(len(records)), key=key, reverse=descending)


def figure_column(header: str, value: Callable[[Any], int], text: Callable[[Any], str] | None = None) -> Column:
    """A column of counts: shown with thousands separators ("1,300"), sorted as numbers, right-aligned; ``text``:
    the cell's text when it is not that (a dash for a row without the count), the count still sorting it."""
    return Column(header, text or (lambda record: f"{value(record):,}"), value, True)


class RecordTableModel(QAbstractTableModel):
    """Rows are records; each column is a ``Column`` (or a (header message id, cell text) pair). ``sort``, which
    a view with sorting enabled calls when its header is clicked, orders the records by the column's
    ``SORT_ROLE`` value; records set later keep that order."""

    def __init__(self, columns: Sequence[Column | tuple], parent=None):
        super().__init__(parent)
        self.columns = list(columns)  # as given: callers read their (header, text) pairs back
        self._specs = [Column(*column) for column in columns]
        self.records: list[Any] = []
        self.sorted_by: tuple[int, bool] | None = None  # (column, descending) of the last sort
        self._in_order: tuple[list, int] = (self.records, 0)  # the records when last sorted, and how many

    def set_records(self, records: Sequence[Any], order: tuple[int, bool] | None = None) -> None:
        """Show ``records``, in the order of the last sort; ``order``: the (column, descending) they are already
        sorted by (``sorted_rows``, on a worker thread), not sorted again when it is the model's."""
        self.beginResetModel()
        records = list(records)
        # unsorted or sorted already, the copy itself: no second list made a row at a time (100,000 rows: ~20 ms)
        in_order = self.sorted_by is None or order == self.sorted_by
        self.records = records if in_order else [records[row] for row in self._sorted_rows(records)]
        self._in_order = (self.records, len(self.records))  # the records as sorted (rows appended later are not)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE):
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        column, record = self._specs[index.column()], self.records[index.row()]
        if role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            return column.text(record)
        if role == SORT_ROLE:
            return self.sort_value(column, record)
        if role == ALIGNMENT_ROLE and column.figure:
            return RIGHT_ALIGNED
        return None

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE):
        from PySide6.QtCore import Qt  # already created: PySide6 made ``orientation`` one of its enums

        if orientation == Qt.Orientation.Horizontal and role == DISPLAY_ROLE and 0 <= section < len(self.columns):
            return _(self.columns[section][0])
        return None

    # sorting --------------------------------------------------------------------------------------------
    sort_value = staticmethod(sort_value)

    def _sorted_rows(self, records: list[Any]) -> list[int]:
        """The rows of ``records`` in the order of the last sort (``sorted_rows``; as they are when none)."""
        if self.sorted_by is None:
            return list(range(len(records)))
        return sorted_rows(records, self._specs[self.sorted_by[0]], self.sorted_by[1], self.sort_value)

    def sort(self, column: int, order=None) -> None:
        """Order the rows by ``column`` (ascending unless ``order`` is Qt's DescendingOrder); the view's current
        and selected rows follow their records."""
        from PySide6.QtCore import Qt

        if not 0 <= column < len(self.columns):
            return
        wanted = (column, order == Qt.SortOrder.DescendingOrder)
        if wanted == self.sorted_by and self._in_order[0] is self.records and self._in_order[1] == len(self.records):
            return  # in that order already, no row added since (``set_records`` keeps it): a view sends a sort twice
        self.layoutAboutToBeChanged.emit()
        self.sorted_by = wanted
        rows = self._sorted_rows(self.records)
        self.records = [self.records[row] for row in rows]
        self._in_order = (self.records, len(self.records))
        new_row = {old: new for new, old in enumerate(rows)}
        before = self.persistentIndexList()
        self.changePersistentIndexList(before, [self.index(new_row[i.row()], i.column()) for i in before])
        self.layoutChanged.emit()
