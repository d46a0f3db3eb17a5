"""The case list's item model: fetches pages of the filtered, sorted case list lazily as the view scrolls,
so 100,000 cases open as fast as the first page. Cell texts are formatted once per row, on first display."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workstation.i18n import N_, _
from workstation.store import CaseFilter, count_cases
from workstation.store.cases import case_page
from workstation.validators import format_fen
from workstation.vocabulary import label

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# raw row fields, as returned by case_page (the order of CaseRow)
ID, NUMBER, PARTIES, CAUSE, SECTOR, DISTRICT, AGENCY, STATUS, FILED, RECORDS, PENALTIES = range(11)
# (sort key of the store, header message id, how a raw row shows it)
COLUMNS = (
    ("case_number", N_("Case number"), lambda r: r[NUMBER]),
    ("party_names", N_("Party"), lambda r: r[PARTIES]),
    ("cause", N_("Cause"), lambda r: r[CAUSE]),
    ("sector", N_("Sector"), lambda r: label("sectors", r[SECTOR])),
    ("district", N_("District"), lambda r: r[DISTRICT]),
    ("status", N_("Status"), lambda r: label("statuses", r[STATUS])),
    ("filed_on", N_("Filed on"), lambda r: r[FILED] or ""),
    ("records_total", N_("Records"), lambda r: f"{r[RECORDS]:,}"),
    ("penalties_fen", N_("Fines and confiscation"), lambda r: format_fen(r[PENALTIES])),
)
FORMATTERS = tuple(show for _key, _header, show in COLUMNS)
TOOLTIP_COLUMNS = (1, 2)
NUMERIC_COLUMNS = (7, 8)
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
CASE_ID = int(CASE_ID_ROLE)
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


class CaseTableModel(QAbstractTableModel):
    """Rows of the case list for the current filter, loaded a page at a time."""

    PAGE = 200

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self._db = db
        self._filter = CaseFilter()
        self._rows: list[tuple] = []
        self._texts: dict[int, list[str]] = {}
        self._exhausted = True

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    def set_filter(self, flt: CaseFilter) -> None:
        """Show the first page of the cases matching ``flt``."""
        self.beginResetModel()
        self._filter = flt
        self._rows = case_page(self._db, flt, self.PAGE, 0)
        self._texts = {}
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

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        # answers directly instead of Qt's hasIndex(), which calls rowCount() and columnCount() back per cell
        if 0 <= row < len(self._rows) and 0 <= column < len(COLUMNS) and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid() or self._exhausted:
            return
        more = case_page(self._db, self._filter, self.PAGE, len(self._rows))
        self._exhausted = len(more) < self.PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def _row_texts(self, row: int) -> list[str]:
        texts = self._texts.get(row)
        if texts is None:
            raw = self._rows[row]
            texts = self._texts[row] = [show(raw) for show in FORMATTERS]
        return texts

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY):
        row = index.row()
        if row < 0 or row >= len(self._rows):
            return None
        if role == DISPLAY:
            return self._row_texts(row)[index.column()]
        if role == TOOLTIP:
            column = index.column()
            return self._row_texts(row)[column] if column in TOOLTIP_COLUMNS else None
        if role == ALIGNMENT:
            return RIGHT if index.column() in NUMERIC_COLUMNS else None
        if role == CASE_ID:
            return self._rows[row][ID]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.set_filter(replace(self._filter, order_by=COLUMNS[column][0],
                                    descending=order == Qt.SortOrder.DescendingOrder))

    def case_id(self, row: int) -> str:
        return self._rows[row][ID]
