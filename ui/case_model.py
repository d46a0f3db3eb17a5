"""The case list's item model: fetches pages of the filtered, sorted case list lazily as the view scrolls,
so 100,000 cases open as fast as the first page. Cell texts are formatted once per row, on first display."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workstation.i18n import N_, _
from workstation.masking import mask_text
from workstation.money import figures
from workstation.store import CaseFilter, count_cases
from workstation.store.cases import case_page
from workstation.vocabulary import labels

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# raw row fields, as returned by case_page (the order of CaseRow)
ID, NUMBER, PARTIES, CAUSE, SECTOR, DISTRICT, AGENCY, STATUS, FILED, RECORDS, PENALTIES = range(11)
# (sort key of the store, header message id), in the order of the texts of row_texts()
COLUMNS = (
    ("case_number", N_("Case number")), ("party_names", N_("Party")), ("cause", N_("Cause")),
    ("sector", N_("Sector")), ("district", N_("District")), ("status", N_("Status")),
    ("filed_on", N_("Filed on")), ("records_total", N_("Records")),
    ("penalties_fen", N_("Fines and confiscation")),
)
TOOLTIP_COLUMNS = (1, 2)
NUMERIC_COLUMNS = (7, 8)
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
CASE_ID = int(CASE_ID_ROLE)
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
COLUMN_COUNT = len(COLUMNS)
INDEX_CACHE_SIZE = 20_000
_ROOT = QModelIndex()


def row_texts(raw: tuple, sectors: dict[str, str], statuses: dict[str, str]) -> tuple[str, ...]:
    """What each column shows for one raw row of ``case_page``; a phone or ID number written in a party's name
    (a natural person's sometimes holds one) or in the cause (a case filed from a lead about a number is named
    after it) masked as in every list (the case and party dialogs show it whole)."""
    return (raw[NUMBER], mask_text(raw[PARTIES]), mask_text(raw[CAUSE]), sectors.get(raw[SECTOR], raw[SECTOR]), raw[DISTRICT],
            statuses.get(raw[STATUS], raw[STATUS]), raw[FILED] or "", f"{raw[RECORDS]:,}", figures(raw[PENALTIES]))


class CaseTableModel(QAbstractTableModel):
    """Rows of the case list for the current filter, loaded a page at a time."""

    PAGE = 200

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self._db = db
        self._filter = CaseFilter()
        self._rows: list[tuple] = []
        self._texts: dict[int, tuple[str, ...]] = {}
        self._indexes: dict[tuple[int, int], QModelIndex] = {}
        self._exhausted = True
        self._loaded = False
        self._sectors, self._statuses = labels("sectors"), labels("statuses")

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
        self._loaded = True
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

    def index(self, row: int, column: int, parent=_ROOT) -> QModelIndex:
        # Views ask for the index of every visible cell on every paint. Answer without Qt's hasIndex() (which
        # calls rowCount() and columnCount() back) and reuse indexes: creating one costs more than a lookup.
        # An index is only (row, column, model), so one made before a reset is still right after it.
        if 0 <= row < len(self._rows) and 0 <= column < COLUMN_COUNT and (parent is _ROOT or not parent.isValid()):
            key = (row, column)
            found = self._indexes.get(key)
            if found is None:
                if len(self._indexes) >= INDEX_CACHE_SIZE:
                    self._indexes.clear()
                found = self._indexes[key] = self.createIndex(row, column)
            return found
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

    def _row_texts(self, row: int) -> tuple[str, ...]:
        texts = self._texts.get(row)
        if texts is None:
            texts = self._texts[row] = row_texts(self._rows[row], self._sectors, self._statuses)
        return texts

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY):
        # the view asks for every visible cell and role on each paint: keep the display path short
        row = index.row()
        if role == DISPLAY:
            texts = self._texts.get(row)
            if texts is None:
                if not 0 <= row < len(self._rows):
                    return None
                texts = self._texts[row] = row_texts(self._rows[row], self._sectors, self._statuses)
            return texts[index.column()]
        if not 0 <= row < len(self._rows):
            return None
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
            flt = replace(self._filter, order_by=COLUMNS[column][0], descending=order == Qt.SortOrder.DescendingOrder)
            if flt != self._filter or not self._loaded:  # the view re-sends the sort it shows; query only on change
                self.set_filter(flt)

    def case_id(self, row: int) -> str:
        return self._rows[row][ID]
