"""The 统计 page, headquarters' dashboard: a period and agency filter over three tabs — 看板 (headline figures
and charts), 各局考评 (the evaluation table by bureau) and 宣传 (the publicity log) — and the printed campaign
report (通报) for the filtered or a frozen period, written in the background. The agency filter offers all
agencies, the city bureau's own records (本级), and each bureau or office with the offices under it (at a station
with an agency of its own it opens on that agency, whose report the station prints); the report prints the agency
the filter shows, all agencies too; a period that ends before it begins, or has not begun, is said under the dates
and nothing is counted for it."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.agency_search import searchable
from ui.bureau_tab import BureauTab
from ui.dashboard_overview import OverviewTab
from ui.date_edits import DateEdit
from ui.deadlines import day_watch
from ui.layouts import (
    WrappingRow,
    add_agency,
    buddy_label,
    chinese_width,
    error_label,
    heading,
    say_written,
    shortcut_hint,
)
from ui.publicity_page import PublicityTab
from ui.task_runner import NewestWork, only_reading
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.paths import database_path
from workstation.records import today
from workstation.store import list_agencies

FILTER_DELAY_MS = 150
DATE_FORMAT = "yyyy-MM-dd"


def default_period(day: str) -> tuple[str, str]:
    """The period the dashboard offers on ``day`` (ISO) when the whole campaign is unticked: the year so far, or,
    in January, the whole of the year before — what the analyst writing the year-end 通报 counts then, not the
    first days of the new year."""
    year, month = int(day[:4]), int(day[5:7])
    if month == 1:
        return f"{year - 1}-01-01", f"{year - 1}-12-31"
    return f"{year}-01-01", day
#: the item role of the agency filter marking the entry of an agency's own records (without its offices')
OWN_ROLE = Qt.ItemDataRole.UserRole + 1


class DashboardPage(QWidget):
    """Statistics of the campaign for the chosen period and agency; ``refresh`` recounts everything."""

    def __init__(self, db, data_dir: Path, prompts, runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.data_dir, self.prompts, self.runner = db, Path(data_dir), prompts, runner
        self.agencies = list_agencies(db)
        self.agency_names = {a.id: a.short_name for a in self.agencies}
        self._stale = False
        self.counting = NewestWork(self, self.runner)  # the count running, if any (see ``refresh``)
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.refresh)
        self.overview = OverviewTab(district_order=[a.district for a in sorted(self.agencies, key=lambda a: a.code)
                                                    if a.level == "district"])
        self.bureaus = BureauTab(db, prompts)
        self.publicity = PublicityTab(db, prompts, load=False)  # listed by ``refresh`` below, for the period
        self.publicity.publicity_changed.connect(self.refresh)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("stats_tabs")
        # Alt letters of the tabs and the filter's labels: none of the page's buttons' nor the menus' (F, C, G, H)
        self.tabs.addTab(self.overview, _("Dash&board"))
        self.tabs.addTab(self.bureaus, _("Eva&luation by bureau"))
        self.tabs.addTab(self.publicity, _("Publ&icity"))
        # Ctrl+P while the page has the focus, as printing is anywhere else (the button's tooltip says so)
        self.print_action = QAction(_("Print report…"), self)
        self.print_action.setObjectName("print_report_action")
        self.print_action.setShortcuts(QKeySequence.StandardKey.Print)
        self.print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_action.triggered.connect(lambda _checked=False: self.print_report())
        self.addAction(self.print_action)
        self.report_button = QPushButton(_("&Print report…"))
        self.report_button.setObjectName("print_report")
        self.report_button.setToolTip(shortcut_hint(_("Print the campaign progress report (通报) as PDF, DOCX or XLSX."),
                                                    self.print_action))
        self.report_button.clicked.connect(lambda: self.print_report())
        self.export_button = QPushButton(_("Export &statistics…"))
        self.export_button.setObjectName("export_statistics")
        self.export_button.setToolTip(_("Write the figures of the filter to CSV or XLSX: counts and amounts only, "
                                        "without any personal data."))
        self.export_button.clicked.connect(lambda: self.export_statistics())
        self.button_tips = {button: button.toolTip() for button in (self.report_button, self.export_button)}
        self.period_error = error_label("period")
        self.counting_note = QLabel()  # while the figures are counted in the background (those shown stay meanwhile)
        self.counting_note.setObjectName("stats_counting")
        self.counting_note.setVisible(False)
        # the count's progress (busy until it says how far it is) and its Cancel, as the deadline board's; "Count
        # again" after a cancelled count, whose figures shown before stay. Its letter (O, in either text) is none
        # shown beside it: not 至(&T)'s of the filter nor, on the 宣传活动 tab, 新增活动(&N)'s or 撤销删除(&U)'s
        self.progress = QProgressBar()
        self.progress.setObjectName("stats_progress")
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.count_button = QPushButton(_("St&op counting"))
        self.count_button.setObjectName("stats_count_button")
        self.count_button.setVisible(False)
        self.count_button.clicked.connect(self._count_button_pressed)
        self.count_again = False  # the button says "Count again": the last count was cancelled (``_not_counted``)
        counting_row = QHBoxLayout()
        counting_row.addWidget(self.counting_note, 1)
        counting_row.addWidget(self.progress, 1)
        counting_row.addWidget(self.count_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Statistics")))
        layout.addLayout(self._filter_row())
        layout.addWidget(self.period_error)
        layout.addLayout(counting_row)
        layout.addWidget(self.tabs, 1)
        # left shown past midnight: the default period moves to the new day's (``_follow_day``)
        self.day_watch = day_watch(self, self._follow_day)
        self.refresh()

    # the filter -----------------------------------------------------------------------------------------
    def _filter_row(self) -> WrappingRow:
        self.whole = QCheckBox(_("&Whole campaign"))
        self.whole.setObjectName("whole_campaign")
        self.whole.setChecked(True)
        # the app's day is Beijing's (records.today), not the machine clock's: on a UTC machine the evening is
        # already the next day in Beijing, and that day's records must fall inside the default period
        self.period_day = today()  # the day the dates' default period is of (``_follow_day``)
        first, last = default_period(self.period_day)  # in January: the year before (the year-end 通报)
        self.date_from = self._date_edit("date_from", QDate.fromString(first, DATE_FORMAT))
        self.date_to = self._date_edit("date_to", QDate.fromString(last, DATE_FORMAT))
        self.agency = self._agency_filter()
        self.whole.toggled.connect(self._whole_toggled)
        self.agency.currentIndexChanged.connect(lambda _i: self.filter_timer.start())
        # one row where the window is wide enough; on a laptop at 150 % (911 pixels) the buttons on a second row
        row = WrappingRow()
        row.add(self.whole)
        row.add_together(buddy_label(_("F&rom"), self.date_from), self.date_from, buddy_label(_("&to"), self.date_to),
                         self.date_to)
        row.add_together(buddy_label(_("&Agency"), self.agency), self.agency)
        row.add_together(self.export_button, self.report_button, on_right=True)
        self._whole_toggled(True)
        return row

    def _agency_filter(self) -> QComboBox:
        """All agencies; the city bureau's own records (its entry with the offices under it would be all of
        them); then each district bureau with its offices and each office."""
        combo = QComboBox()
        combo.setObjectName("agency_filter")
        # as wide as its longest name when there is room, narrower on a small screen (its list shows them whole):
        # else the filter's row alone is wider than a laptop's 1093 pixels at 125 %
        combo.setMinimumWidth(chinese_width(combo, 12))
        combo.addItem(_("All agencies"), None)
        for agency in self.agencies:
            if agency.level == "city":
                combo.addItem(_("{agency} (own records only)").format(agency=agency.name), agency.id)
                combo.setItemData(combo.count() - 1, True, OWN_ROLE)
                combo.setItemData(combo.count() - 1, _("The records of the city bureau itself, without those of "
                                                       "the district bureaus and town offices."),
                                  Qt.ItemDataRole.ToolTipRole)
        for agency in self.agencies:
            if agency.level != "city":
                add_agency(combo, agency)
        searchable(combo, keeps_choice=True)  # a filter: text naming no agency gives way to the one chosen
        # a station (not headquarters) with an agency of its own opens on that agency with its offices, as its
        # printed report (通报) and `report campaign` default to it: the figures shown are those printed
        from workstation.reports.campaign import default_agency

        station = default_agency(self.db)
        if station is not None:
            found = [i for i in range(combo.count()) if combo.itemData(i) == station and not combo.itemData(i, OWN_ROLE)]
            combo.setCurrentIndex(found[0] if found else 0)  # the city bureau with its offices: all agencies
        return combo

    def _date_edit(self, name: str, date: QDate) -> QDateEdit:
        edit = DateEdit(date)
        edit.setObjectName(name)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.dateChanged.connect(lambda _d: self._dates_changed())
        return edit

    def _whole_toggled(self, whole: bool) -> None:
        self.date_from.setEnabled(not whole)
        self.date_to.setEnabled(not whole)
        self._dates_changed()

    def _follow_day(self) -> None:
        """The day changed since the dates were given their default period (the window left open overnight): they
        move to the new day's (``default_period``: in January the whole year before), unless the officer chose
        others; counted again when they are the period counted (整个专项行动 unticked)."""
        day = today()
        if day == self.period_day:
            return
        offered = default_period(self.period_day)
        self.period_day = day
        shown = (self.date_from.date().toString(DATE_FORMAT), self.date_to.date().toString(DATE_FORMAT))
        first, last = default_period(day)
        if shown != offered or (first, last) == offered:
            return
        for edit, value in ((self.date_from, first), (self.date_to, last)):
            blocker = QSignalBlocker(edit)  # one recount for both dates, none for the whole campaign's figures
            edit.setDate(QDate.fromString(value, DATE_FORMAT))
            blocker.unblock()
        if not self.whole.isChecked():
            self._dates_changed()

    def _dates_changed(self) -> None:
        """Say at once whether the period can be counted; recount shortly after the officer stops picking."""
        self._show_period_error()
        self.filter_timer.start()

    def period_refusal(self) -> str | None:
        """Why the filter's period cannot be counted (it ends before it begins, or it has not begun: the core's
        refusal, ``stats.period_not_begun``, as `stats` says it), or None."""
        from workstation.stats import period_not_begun

        first, last = self.date_from.date(), self.date_to.date()
        if self.whole.isChecked():
            return None
        if first > last:
            return _("The period ends ({end}) before it begins ({start}).").format(
                end=last.toString(DATE_FORMAT), start=first.toString(DATE_FORMAT))
        return period_not_begun(first.toString(DATE_FORMAT))

    def _show_period_error(self) -> str | None:
        """Put the period's refusal under the dates; while there is one, the figures of an earlier period are
        greyed out and nothing is exported or printed."""
        refusal = self.period_refusal()
        self.period_error.setText(refusal or "")
        self.period_error.setVisible(refusal is not None)
        self.tabs.setEnabled(refusal is None)
        for button, tip in self.button_tips.items():
            button.setEnabled(refusal is None)
            button.setToolTip(refusal or tip)
        self.print_action.setEnabled(refusal is None)
        self.print_action.setToolTip(refusal or self.button_tips[self.report_button])
        return refusal

    def own_records(self) -> bool:
        """Whether the agency chosen counts its own records only, not its offices' (the city bureau's 本级)."""
        return bool(self.agency.currentData(OWN_ROLE))

    def period(self) -> tuple[str | None, str | None, str | None]:
        """(first date, last date, agency id) of the filter; None for an open bound or all agencies. Whether the
        agency's offices count too is ``own_records``."""
        agency_id = self.agency.currentData()
        if self.whole.isChecked():
            return None, None, agency_id
        return self.date_from.date().toString(DATE_FORMAT), self.date_to.date().toString(DATE_FORMAT), agency_id

    def period_text(self) -> str:
        """The filter in words: "2026-01-01 – 2026-06-30, 南海区局" or "Whole campaign, all agencies"."""
        date_from, date_to, agency_id = self.period()
        dates = f"{date_from} – {date_to}" if date_from else _("Whole campaign")
        agency = self.agency_names.get(agency_id) or _("all agencies")
        if agency_id and self.own_records():
            agency = _("{agency} (own records only)").format(agency=agency)
        return _("{dates}, {agency}").format(dates=dates, agency=agency)

    # recounting -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recount the figures, charts, evaluation table and publicity log for the filter (nothing for a period
        refused: one that ends before it begins or has not begun). The figures and the evaluation table are counted in the background (most of
        a second over a million complaints): those shown stay until the new ones arrive, and a count still running
        is cancelled (its filter is no longer the one chosen)."""
        from workstation import tasks

        self.filter_timer.stop()
        self.stop_counting()
        if self._show_period_error():
            return
        self._stale = False
        date_from, date_to, agency_id = self.period()
        own = self.own_records()
        self.publicity.set_period(date_from, date_to, agency_id, own=own)
        self.counting_note.setText(_("Counting the statistics…"))
        self.counting_note.setVisible(True)
        self.progress.setRange(0, 0)  # busy until the count says how far it is
        self.progress.setVisible(True)
        self.count_button.setText(_("St&op counting"))
        self.count_button.setEnabled(True)
        self.count_button.setVisible(True)
        self.count_again = False
        work = only_reading(partial(tasks.dashboard_task, database_path(self.data_dir), agency_id=agency_id,
                                    date_from=date_from, date_to=date_to, own=own))  # beside other reads
        # the filter counted goes with the count: one changed since (within the filter's delay) is not this one's
        self.counting.start(_("Counting the statistics"), work,
                            partial(self._counted, date_from, date_to, self.period_text(), agency_id, own),
                            self._not_counted, self._progressed)

    def stop_counting(self) -> None:
        """Cancel the count running, if any (its figures are then dropped)."""
        self.counting.stop()
        self._counting_shown(False)

    def _counting_shown(self, shown: bool) -> None:
        """Show or hide the count's note, progress bar and Cancel together."""
        for widget in (self.counting_note, self.progress, self.count_button):
            widget.setVisible(shown)

    def _progressed(self, done: int, total: int, message: str) -> None:
        """The count's report: how far it is on the bar, what it counts in the note."""
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.counting_note.setText(_("Counting the statistics… {message}").format(message=message))

    def _count_button_pressed(self) -> None:
        """Cancel the count running (the figures shown stay), or count again after a cancelled one; nothing else
        (no count running and none cancelled: the button is hidden then, but a click may come before it is)."""
        if self.counting.running:
            self.counting.cancel()
            self.count_button.setEnabled(False)  # the count stops at its next look at the token
        elif self.count_again:
            self.refresh()

    def _counted(self, date_from: str | None, date_to: str | None, period_text: str, agency_id: str | None,
                 own: bool, counted: dict) -> None:
        """Show the figures counted for the filter (``date_from`` … ``own``) that started the count; dropped when
        the filter has changed since (a count ending within the filter's delay), the new filter's count coming."""
        if (date_from, date_to, agency_id, own) != (*self.period(), self.own_records()):
            # the new filter's count comes: until it starts, nothing runs to cancel (its note stays)
            self.progress.setVisible(False)
            self.count_button.setVisible(False)
            if not self.filter_timer.isActive():  # (always running after a change, but make sure it is counted)
                self.filter_timer.start()
            return
        self._counting_shown(False)
        # the whole city's figures list every district, those without a case with 0, as the report's table 2 does
        city = {a.id for a in self.agencies if a.level == "city"}
        every = not agency_id or (agency_id in city and not own)
        self.overview.show_stats(counted["stats"], counted["months"], period_text, every_district=every,
                                 in_period=bool(date_from or date_to))
        self.bureaus.set_period(date_from, date_to, agency_id, counted["bureaus"], own=own)

    def _not_counted(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled

        if isinstance(exc, Cancelled):  # the officer's Cancel: the figures shown before stay, said to be so
            self.progress.setVisible(False)  # the note and the button, shown while counting, stay to say it
            # counted again when the officer asks ("Count again"), or when the records change (``mark_stale``): not
            # by a mere visit of the page (``showEvent``), which would undo the Cancel
            self.count_again = True
            self.counting_note.setText(_("Counting the statistics was cancelled: the figures below may be out of "
                                         "date."))
            self.count_button.setText(_("C&ount again"))
            self.count_button.setEnabled(True)
            return
        self._counting_shown(False)
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)

    def mark_stale(self) -> None:
        """Records changed elsewhere: recount now if the page is shown, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self.filter_timer.start()

    def showEvent(self, event) -> None:
        self._follow_day()  # shown again on a later day: the default period is that day's
        if self._stale:
            self.refresh()
        super().showEvent(event)

    # the exports ----------------------------------------------------------------------------------------
    def export_statistics(self, path: str | None = None) -> None:
        """Write the statistics of the filter without personal data to a CSV or XLSX file the officer chooses, in
        the background with progress and Cancel (cancelled, no file is written): a name typed without a format's
        extension gets that of the file type chosen in the dialog (``prompts.save_file``: 统计 under "CSV (*.csv)" →
        统计.csv; 统计.bak under Excel → 统计.bak.xlsx), .xlsx when none is known (a name given here); one of another
        document format (统计.pdf) is refused at once, nothing written (``output_names``)."""
        from workstation import tasks

        if refusal := self.period_refusal():
            self.prompts.error(self, refusal)
            return
        from workstation.output_names import output_format, with_extension
        from workstation.stats_export import FORMATS, suggested_name

        date_from, date_to, agency_id = self.period()
        # the name offered says what is counted: 统计数据_南海区局_2026-01-01至2026-06-30.xlsx
        name = suggested_name(self.db, agency_id, date_from, date_to, own=self.own_records())
        path = path or self.prompts.save_file(self, _("Export statistics without personal data"), name,
                                              _("Excel (*.xlsx);;CSV (*.csv)"))
        if not path:
            return
        # the dialog's name has the extension of the file type chosen (``prompts.with_chosen_extension``: 统计 under
        # CSV → 统计.csv); a path given here without one gets XLSX (统计.bak → 统计.bak.xlsx); the extension of another
        # document format (统计.pdf) is refused
        path = with_extension(path, FORMATS[0])
        try:
            output_format(path, FORMATS)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        work = partial(tasks.statistics_export_task, database_path(self.data_dir), path, agency_id=agency_id,
                       date_from=date_from, date_to=date_to, own=self.own_records())
        self.runner.run(_("Exporting statistics"), work, self._statistics_written, self._statistics_failed, self)

    def _statistics_written(self, written: Path) -> None:
        say_written(self, self.prompts, written)

    def _statistics_failed(self, exc: BaseException) -> None:
        from workstation.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.prompts.info(self, _("The export of the statistics was cancelled: no file was written."))
            return
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)

    # the report -----------------------------------------------------------------------------------------
    def print_report(self, typed: tuple | None = None) -> None:
        """Ask for the format, file and period of the campaign report, then write it in the background; ``typed``:
        the choices of a report that could not be written, shown again in the dialog."""
        from ui.report_dialog import CampaignReportDialog
        from ui.task_runner import keeping_token
        from workstation import tasks

        if refusal := self.period_refusal():
            self.prompts.error(self, refusal)
            return
        dialog = CampaignReportDialog(self.db, self.prompts, self.period(), self.period_text(),
                                      own=self.own_records(), parent=self, runner=self.runner,
                                      database=database_path(self.data_dir))
        if typed is not None:
            dialog.restore(typed)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        request = dialog.request() if accepted else None  # a cancelled dialog may hold no file to name
        chosen = dialog.typed() if accepted else None
        dialog.deleteLater()
        if not accepted:
            return
        tokens: list = []  # the task's Cancel: pressed once the report could no longer be stopped, it is said
        work = keeping_token(partial(tasks.campaign_report_task, database_path(self.data_dir), **request), tokens)
        self.runner.run(_("Writing the campaign report"), work,
                        partial(self._report_written, freeze_as=request.get("freeze_as"), tokens=tokens),
                        partial(self._report_failed, freezing=bool(request.get("freeze_as")), typed=chosen), self)

    def _report_written(self, result: dict, freeze_as: str | None = None, tokens: list | None = None) -> None:
        """Say where the report went and, as `report campaign` says it, the period frozen with it; a Cancel pressed
        once it was being written (which nothing stops) came too late, and is said so."""
        from workstation.output import written_text

        text = written_text(result["path"], _("Its figures are frozen as report period {label}.").format(
            label=freeze_as) if freeze_as else "")
        if tokens and tokens[0].cancelled:
            text = _("Cancel came too late: the report was already being written.") + "\n" + text
        if warnings := result.get("warnings"):  # characters printed as blank boxes, emoji: each named below
            self.prompts.info(self, text + "\n" + _("Check the report before it is sent: it prints characters it "
                                                    "should not, named below."), "\n".join(warnings))
            return
        self.prompts.info(self, text)

    def _report_failed(self, exc: BaseException, freezing: bool = False, typed: tuple | None = None) -> None:
        """Say why the report was not written; the dialog is shown again with the choices ``typed`` (the file, the
        label to freeze), for the officer to try again once the cause is seen to (the file closed in WPS)."""
        from workstation.errors import Cancelled

        if isinstance(exc, Cancelled):  # the officer's own Cancel: said as what it left, not as an error
            self.prompts.info(self, _("The campaign report was cancelled: no file was written and the period was "
                                      "not frozen.") if freezing else
                              _("The campaign report was cancelled: no file was written."))
            return
        if not isinstance(exc, WorkstationError):
            raise exc
        self.prompts.error(self, exc.message)
        if typed is not None:
            self.print_report(typed)
