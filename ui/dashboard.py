"""The 统计 page, headquarters' dashboard: a period and agency filter over three tabs — 看板 (headline figures
and charts), 各局考评 (the evaluation table by bureau) and 宣传 (the publicity log) — and the printed campaign
report (通报) for the filtered or a frozen period, written in the background."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.bureau_tab import BureauTab
from ui.dashboard_overview import OverviewTab
from ui.layouts import heading
from ui.publicity_page import PublicityTab
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.paths import database_path
from workstation.stats import campaign_stats, monthly
from workstation.store import list_agencies

FILTER_DELAY_MS = 150
DATE_FORMAT = "yyyy-MM-dd"


class DashboardPage(QWidget):
    """Statistics of the campaign for the chosen period and agency; ``refresh`` recounts everything."""

    def __init__(self, db, data_dir: Path, prompts, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.data_dir, self.prompts, self.runner = db, Path(data_dir), prompts, runner
        self.agency_names = {a.id: a.short_name for a in list_agencies(db)}
        self._stale = False
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.refresh)
        self.overview = OverviewTab()
        self.bureaus = BureauTab(db, prompts)
        self.publicity = PublicityTab(db, prompts)
        self.publicity.publicity_changed.connect(self.refresh)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stats_tabs")
        self.tabs.addTab(self.overview, _("Dashboard"))
        self.tabs.addTab(self.bureaus, _("Evaluation by bureau"))
        self.tabs.addTab(self.publicity, _("Publicity"))
        self.report_button = QPushButton(_("Print report…"))
        self.report_button.setObjectName("print_report")
        self.report_button.setToolTip(_("Print the campaign progress report (通报) as PDF, DOCX or XLSX."))
        self.report_button.clicked.connect(lambda: self.print_report())
        self.export_button = QPushButton(_("Export statistics…"))
        self.export_button.setObjectName("export_statistics")
        self.export_button.setToolTip(_("Write the figures of the filter to CSV or XLSX: counts and amounts only, "
                                        "without any personal data."))
        self.export_button.clicked.connect(lambda: self.export_statistics())
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Statistics")))
        layout.addLayout(self._filter_row())
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # the filter -----------------------------------------------------------------------------------------
    def _filter_row(self) -> QHBoxLayout:
        self.whole = QCheckBox(_("Whole campaign"))
        self.whole.setObjectName("whole_campaign")
        self.whole.setChecked(True)
        today = QDate.currentDate()
        self.date_from = self._date_edit("date_from", QDate(today.year(), 1, 1))
        self.date_to = self._date_edit("date_to", today)
        self.agency = QComboBox()
        self.agency.setObjectName("agency_filter")
        self.agency.addItem(_("All agencies"), None)
        for agency in list_agencies(self.db):
            if agency.level != "city":
                self.agency.addItem(("    " if agency.level == "town" else "") + agency.name, agency.id)
        self.whole.toggled.connect(self._whole_toggled)
        self.agency.currentIndexChanged.connect(lambda _i: self.filter_timer.start())
        row = QHBoxLayout()
        for widget in (self.whole, QLabel(_("From")), self.date_from, QLabel(_("to")), self.date_to,
                       QLabel(_("Agency")), self.agency):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.report_button)
        self._whole_toggled(True)
        return row

    def _date_edit(self, name: str, date: QDate) -> QDateEdit:
        edit = QDateEdit(date)
        edit.setObjectName(name)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.dateChanged.connect(lambda _d: self.filter_timer.start())
        return edit

    def _whole_toggled(self, whole: bool) -> None:
        self.date_from.setEnabled(not whole)
        self.date_to.setEnabled(not whole)
        self.filter_timer.start()

    def period(self) -> tuple[str | None, str | None, str | None]:
        """(first date, last date, agency id) of the filter; None for an open bound or all agencies."""
        agency_id = self.agency.currentData()
        if self.whole.isChecked():
            return None, None, agency_id
        first, last = sorted((self.date_from.date(), self.date_to.date()))
        return first.toString(DATE_FORMAT), last.toString(DATE_FORMAT), agency_id

    def period_text(self) -> str:
        """The filter in words: "2026-01-01 – 2026-06-30, 南海区局" or "Whole campaign, all agencies"."""
        date_from, date_to, agency_id = self.period()
        dates = f"{date_from} – {date_to}" if date_from else _("Whole campaign")
        return _("{dates}, {agency}").format(dates=dates, agency=self.agency_names.get(agency_id)
                                             or _("all agencies"))

    # recounting -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recount the figures, charts, evaluation table and publicity log for the filter."""
        self.filter_timer.stop()
        self._stale = False
        date_from, date_to, agency_id = self.period()
        stats = campaign_stats(self.db, agency_id, date_from, date_to)
        self.overview.show_stats(stats, monthly(self.db, agency_id, date_from, date_to), self.period_text())
        self.bureaus.set_period(date_from, date_to)
        self.publicity.set_period(date_from, date_to, agency_id)

    def mark_stale(self) -> None:
        """Records changed elsewhere: recount now if the page is shown, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.filter_timer.start()

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    # the exports ----------------------------------------------------------------------------------------
    def export_statistics(self, path: str | None = None) -> None:
        """Write the statistics of the filter without personal data to a CSV or XLSX file the officer chooses."""
        from workstation.stats_export import export_statistics

        path = path or self.prompts.save_file(self, _("Export statistics without personal data"),
                                              _("Statistics.xlsx"), _("Excel (*.xlsx);;CSV (*.csv)"))
        if not path:
            return
        date_from, date_to, agency_id = self.period()
        try:
            written = export_statistics(self.db, path, None, agency_id, date_from, date_to)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.prompts.info(self, _("The statistics were written to {path}.").format(path=written))

    # the report -----------------------------------------------------------------------------------------
    def print_report(self) -> None:
        """Ask for the format, file and period of the campaign report, then write it in the background."""
        from ui.report_dialog import CampaignReportDialog
        from workstation import tasks

        dialog = CampaignReportDialog(self.db, self.prompts, self.period(), self.period_text(), parent=self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        request = dialog.request()
        dialog.deleteLater()
        if not accepted:
            return
        work = partial(tasks.campaign_report_task, database_path(self.data_dir), **request)
        self.runner.run(_("Writing the campaign report"), work, self._report_written, self._report_failed, self)

    def _report_written(self, result: dict) -> None:
        self.prompts.info(self, _("The campaign report was written to {path}.").format(path=result["path"]))

    def _report_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)
