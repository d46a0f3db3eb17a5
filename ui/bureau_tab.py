"""The 各局考评 tab: the year-end evaluation table — each bureau and office, each district's total and the
city's — for the chosen period and agency (its units, as its report's table 3 and the statistics export list them),
read-only, with an export to CSV."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import plain_label, say_written
from ui.pages import read_only_table
from ui.record_model import RecordTableModel
from workstation.errors import WorkstationError
from workstation.evaluation import COLUMNS, period_words, shown_name
from workstation.i18n import _, language
from workstation.reports.data import agency_bureau_table

TOTAL_COLOUR = "#eef2f7"


class BureauModel(RecordTableModel):
    """Rows of ``bureau_table``; district and city totals in bold on a tinted background, figures right-aligned."""

    def __init__(self, parent=None):
        super().__init__([(c.narrow or c.header, c.shown) for c in COLUMNS], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        total = self.records[index.row()]["kind"] in ("district_total", "total")  # 未交办线索 is a row like a unit's
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(TOTAL_COLOUR)) if total else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            row = self.records[index.row()]  # the short name is shown, the full one on hovering (a total's: as shown)
            return row["name"] if row["kind"] in ("agency", "unassigned") else shown_name(row)
        return super().data(index, role)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        """A head on two lines ("案件数" over "（件）", ``NARROW_HEADERS``), so that the narrow figures need not be
        as wide as their heads: the table fits a 1,024-pixel window; the full head ("Cases (number)") its tooltip."""
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return _(COLUMNS[section].header)
        return super().headerData(section, orientation, role)


class BureauTab(QWidget):
    """The evaluation table of a period and agency (``set_period``): all units for the whole city, a district
    bureau's own offices and its district's total, a town office's own row (``agency_bureau_table``)."""

    def __init__(self, db, prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.period: tuple[str | None, str | None] = (None, None)
        self.agency_id: str | None = None
        self.own = False
        self.model = BureauModel(self)
        self.view = read_only_table(self.model)
        self.view.setObjectName("bureau_table")
        self.view.setAccessibleName(plain_label(_("Eva&luation by bureau")))  # its tab's name, for a screen reader
        header = self.view.horizontalHeader()
        # the unit's name takes the spare width, but never less than its longest name (``_fit_unit_column``: a
        # 14-point font in a 1,366-pixel window left "禅…" of 禅城区局 stretched), the figures as wide as their
        # contents (not the last one); the table scrolls sideways where they do not all fit
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.viewport().installEventFilter(self)
        header.sectionResized.connect(self._other_column_resized)
        # what is the same as the statistics export's 各局考评 said exactly: the units and figures, and the columns
        # of the CSV file, which has (as the export has) the leads decided without being assigned too
        note = QLabel(_("Each bureau and office counts its own records; the district and city totals add them up. "
                        "The table lists the units of the agency chosen above with the figures of its report's table "
                        "3 and of the statistics export's sheet \"{sheet}\"; its CSV file has that sheet's columns, "
                        "which also count the leads decided without being assigned.").format(sheet="各局考评"))
        note.setWordWrap(True)
        self.export_button = QPushButton(_("E&xport to CSV…"))
        self.export_button.setObjectName("export_bureaus")
        self.export_button.clicked.connect(lambda: self.export())
        row = QHBoxLayout()
        row.addWidget(note, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_unit_column()
        return super().eventFilter(watched, event)

    def _other_column_resized(self, index: int, _old: int, _new: int) -> None:
        if index:  # a figure's column sized to its contents: the unit's gets what is left again
            QTimer.singleShot(0, self, self._fit_unit_column)

    def unit_width(self) -> int:
        """The width the unit's column needs: its longest name and its head, measured in the view's font (a total's
        in bold). In English a total's name, a phrase ("Chancheng District total") where the Chinese one is short
        (禅城区合计), is left out of the measure: cut where the window is narrow, it is whole on hovering it."""
        measured = ("agency",) if language() == "en" else ("agency", "district_total", "total", "unassigned")
        names = [self.view.sizeHintForIndex(self.model.index(row, 0)).width()
                 for row, record in enumerate(self.model.records) if record["kind"] in measured]
        grid = 1 if self.view.showGrid() else 0
        return max([self.view.horizontalHeader().sectionSizeHint(0), *(width + grid for width in names)])

    def _fit_unit_column(self) -> None:
        """The unit's column as wide as the figures leave, at least as wide as its longest name (``unit_width``)."""
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count()) if not header.isSectionHidden(c))
        width = max(self.unit_width(), self.view.viewport().width() - others)
        if header.count() and header.sectionSize(0) != width:
            header.resizeSection(0, width)

    def set_period(self, date_from: str | None, date_to: str | None, agency_id: str | None = None,
                   records: list[dict] | None = None, *, own: bool = False) -> None:
        """Show the table of the period and agency (with ``own``, the agency's own row only): ``records`` when they
        were counted already (``agency_bureau_table`` of the filter, in the background), else counted now."""
        self.period, self.agency_id, self.own = (date_from, date_to), agency_id, own
        self.refresh(records)

    def refresh(self, records: list[dict] | None = None) -> None:
        if records is None:
            records = agency_bureau_table(self.db, *self.period, self.agency_id, own=self.own)
        self.model.set_records(records)
        self._fit_unit_column()

    def export(self, path: str | None = None) -> None:
        """Write the table as shown to a CSV file the officer chooses: a name typed without a format's extension gets
        .csv (考评.v2 → 考评.v2.csv), one of another format (考评.xlsx) is refused (``write_bureau_csv``)."""
        from workstation.output_names import with_extension
        from workstation.stats_export import bureau_csv_heads, unit_words, write_bureau_csv

        date_from, date_to = self.period
        # 各局考评_2026-01-01至2026-06-30.csv: the period in the name, and in the file's heading; an agency chosen
        # too (各局考评_南海区局_…, 办案机关 in the heading), as the statistics export names its file
        unit = f"{unit_words(self.db, self.agency_id, self.own)}_" if self.agency_id else ""
        name = f"各局考评_{unit}{period_words(date_from, date_to)}.csv"
        path = path or self.prompts.save_file(self, _("Export the evaluation table"), name, _("CSV (*.csv)"))
        if not path:
            return
        try:
            # the columns of the statistics export's 各局考评 (the table's and, of the leads decided, those never
            # assigned) under the heads of the window's language, the stations
            # whose data are counted (站点数据截至) as the export says them
            written = write_bureau_csv(self.db, self.model.records, with_extension(path, "csv"), date_from, date_to,
                                       self.agency_id, own=self.own, heads=bureau_csv_heads())
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        say_written(self, self.prompts, written)
