"""The case list's item model: fetches pages of the filtered, sorted case list lazily as the view scrolls,
so 100,000 cases open as fast as the first page."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workstation.i18n import N_, _
from workstation.records import CaseRow
from workstation.store import CaseFilter, count_cases, list_cases
from workstation.validators import format_fen
from workstation.vocabulary import label

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# (sort key of the store, header message id, how a row shows it)
COLUMNS = (
    ("case_number", N_("Case number"), lambda r: r.case_number),
    ("party_names", N_("Party"), lambda r: r.party_names),
    ("cause", N_("Cause"), lambda r: r.cause),
    ("sector", N_("Sector"), lambda r: label("sectors", r.sector)),
    ("district", N_("District"), lambda r: r.district),
    ("status", N_("Status"), lambda r: label("statuses", r.status)),
    ("filed_on", N_("Filed on"), lambda r: r.filed_on or ""),
    ("records_total", N_("Records"), lambda r: f"{r.records_total:,}"),
    ("penalties_fen", N_("Fines and confiscation"), lambda r: format_fen(r.penalties_fen)),
)
NUMERIC = {"records_total", "penalties_fen"}


class CaseTableModel(QAbstractTableModel):
    """Rows of ``list_cases`` for the current filter, loaded a page at a time."""

    PAGE = 200

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self._db = db
        self._filter = CaseFilter()
        self._rows: list[CaseRow] = []
        self._exhausted = True

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    def set_filter(self, flt: CaseFilter) -> None:
        """Show the first page of the cases matching ``flt``."""
        self.beginResetModel()
        self._filter = flt
        self._rows = list_cases(self._db, flt, limit=self.PAGE, offset=0)
        self._exhausted = len(self._rows) < self.PAGE
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def total(self) -> int:
        """How many cases match the filter (all pages)."""
        return count_cases(self._db, self._filter)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's own default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self._exhausted:
            return
        more = list_cases(self._db, self._filter, limit=self.PAGE, offset=len(self._rows))
        self._exhausted = len(more) < self.PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        key, _header, show = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return show(row)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("party_names", "cause"):
            return show(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CASE_ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.set_filter(replace(self._filter, order_by=COLUMNS[column][0],
                                    descending=order == Qt.SortOrder.DescendingOrder))

    def case_id(self, row: int) -> str:
        return self._rows[row].id
