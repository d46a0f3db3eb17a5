"""The 各局考评 tab: the year-end evaluation table — each bureau and office, each district's total and the
city's — for the chosen period and agency (its units, as its report's table 3 and the statistics export list them),
read-only, with an export to CSV."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.layouts import plain_label, say_written
from ui.pages import read_only_table
from ui.record_model import RecordTableModel
from workstation.errors import WorkstationError
from workstation.evaluation import COLUMNS, period_words, shown_name, write_bureau_csv
from workstation.i18n import _
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
        # the unit's name takes the spare width, the figures as wide as their contents (not the last one)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        note = QLabel(_("Each bureau and office counts its own records; the district and city totals add them "
                        "up. The table lists the units of the agency chosen above, as its report's table 3 and the "
                        "statistics export do."))
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

    def export(self, path: str | None = None) -> None:
        """Write the table as shown to a CSV file the officer chooses: a name typed without a format's extension gets
        .csv (考评.v2 → 考评.v2.csv), one of another format (考评.xlsx) is refused (``write_bureau_csv``)."""
        from workstation.output_names import with_extension
        from workstation.stats_export import agency_words, unit_words

        date_from, date_to = self.period
        # 各局考评_2026-01-01至2026-06-30.csv: the period in the name, and in the file's heading; an agency chosen
        # too (各局考评_南海区局_…, 办案机关 in the heading), as the statistics export names its file
        agency = agency_words(self.db, self.agency_id, self.own) if self.agency_id else None
        unit = f"{unit_words(self.db, self.agency_id, self.own)}_" if self.agency_id else ""
        name = f"各局考评_{unit}{period_words(date_from, date_to)}.csv"
        path = path or self.prompts.save_file(self, _("Export the evaluation table"), name, _("CSV (*.csv)"))
        if not path:
            return
        try:
            written = write_bureau_csv(self.model.records, with_extension(path, "csv"), date_from, date_to,
                                       agency=agency)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        say_written(self, self.prompts, written)
