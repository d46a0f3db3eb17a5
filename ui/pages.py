"""The pages behind the navigation other than cases and interviews: leads, statistics, and the pages later
work fills (exchange), which say what will be there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import clear_layout, heading
from ui.record_model import RecordTableModel
from workstation.i18n import _
from workstation.money import figures
from workstation.stats import campaign_stats
from workstation.store import list_publicity
from workstation.vocabulary import label


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
    """A table view for browsing records: whole rows selected, no editing, alternating rows."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


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


class StatsPage(QWidget):
    """The campaign's figures from the stored records: cases by sector and district, records, money."""

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.layout_ = QVBoxLayout(self)
        self.refresh()

    def refresh(self) -> None:
        clear_layout(self.layout_)
        stats = campaign_stats(self.db)
        cases = stats["cases"]
        headline = QLabel(_("{total} cases, {records} infringing records, {money} fined and confiscated; "
                            "{leads} leads, {interviews} interviews, {campaigns} publicity activities.").format(
            total=cases["total"], records=f"{stats['infringing_records']:,}",
            money=figures(stats["penalties_total_fen"]), leads=stats["leads"]["total"],
            interviews=stats["interviews"], campaigns=stats["publicity"]["campaigns"]))
        headline.setObjectName("stats_headline")
        headline.setWordWrap(True)
        self.layout_.addWidget(heading(_("Statistics")))
        self.layout_.addWidget(headline)
        row = QHBoxLayout()
        for title, values, name in ((_("By sector"), cases["by_sector"], "sectors"),
                                    (_("By district"), cases["by_district"], None),
                                    (_("By status"), cases["by_status"], "statuses")):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for key, count in values.items():
                form.addRow(label(name, key) if name else key, QLabel(str(count)))
            row.addWidget(box)
        holder = QWidget()
        holder.setLayout(row)
        self.layout_.addWidget(holder)
        publicity = list_publicity(self.db)
        note = QLabel(_("Publicity: {n} activities, {flyers} flyers, {sms} SMS. Charts and the printed "
                        "progress report will be added here.").format(
            n=len(publicity), flyers=f"{stats['publicity']['flyers']:,}", sms=f"{stats['publicity']['sms']:,}"))
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)
