"""The dialog of the printed campaign report (打印通报): the format (PDF, DOCX, XLSX), the file, the period —
the one filtered on the statistics page, of the agency it shows (all agencies too, which at a station with an agency
of its own is not that station's report: a note says so), or a frozen one (greyed out with its reason while none
is) — and whether to freeze the filtered period under a label, so that the report sent can be printed again
exactly. A frozen period whose live figures moved since (a bundle merged later, say) says so, by how much and in
which tables; it is printed with its frozen figures all the same. Those live figures are gathered as background
work (a connection of its own, the window usable meanwhile: on a city's database that takes a while), the note
saying so and how far it got until they are in, with a button to cancel it (then to make it again); a result for a
period no longer chosen is not shown, and closing the dialog cancels the comparisons running and waits until they
have stopped. The file is given the chosen format's extension (a dot in its name is part of it); a name typed
without its folder is placed in the save dialog, a file there already replaced only when the officer says so, a
read-only one not at all. It only asks; the page writes the report (and shows the dialog again with the choices made
when that fails)."""

from __future__ import annotations

import os
import re
import stat
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.layouts import AsksBeforeDropping, buddy_label, error_label, plain_label, show_field_errors
from ui.prompts import in_documents
from workstation.errors import Cancelled, WorkstationError
from workstation.i18n import _
from workstation.output import refuse_long_name
from workstation.reports.campaign import freeze_label_problem, list_periods
from workstation.reports.drift import drift_lines, drift_summary, live_changes


def _live_changes_on(db, period: str, *, progress, cancel) -> dict:
    """``live_changes`` on the dialog's own connection, as a task (no runner given: done at once)."""
    return live_changes(db, period, progress=progress, cancel=cancel)


FORMATS = (("pdf", "PDF"), ("docx", "DOCX (Word / WPS)"), ("xlsx", "XLSX (Excel / WPS)"))


def period_item(period: dict) -> str:
    """A frozen period as the list names it: its label, the dates it covers and the day it was frozen. A period
    without an end was gathered up to that day, and one without either bound is the whole campaign up to it."""
    at = period["frozen_at"][:10]
    if not period["from"] and not period["to"]:
        return _("{label} (whole campaign, frozen on {at})").format(label=period["label"], at=at)
    if not period["from"]:
        return _("{label} (up to {end}, frozen on {at})").format(label=period["label"], end=period["to"], at=at)
    return _("{label} ({start} to {end}, frozen on {at})").format(label=period["label"], start=period["from"],
                                                                 end=period["to"] or at, at=at)


#: The share of the screen's height the note on a frozen period's live figures may take before it scrolls.
DRIFT_SCREEN_SHARE = 3
#: what a file's name cannot hold on Windows, replaced in a name offered (a frozen period's label "2026/1")
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')


def _folder(path: str) -> bool:
    """Whether ``path`` is a folder; False for a name the system cannot look up (too long: refused when printing,
    ``output.refuse_long_name``)."""
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def read_only(path: Path) -> bool:
    """Whether the file ``path`` is marked read-only (its write permission or Windows' read-only attribute off):
    replacing it by a rename would go through and leave it writable."""
    try:
        return not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR
    except OSError:
        return False


class CampaignReportDialog(AsksBeforeDropping, QDialog):
    """Asks how to print the report; ``request()`` gives the arguments of ``campaign_report_task``. Cancel, Esc or
    closing asks before dropping a file, label or other choice the officer made."""

    def __init__(self, db, prompts, period: tuple[str | None, str | None, str | None], period_text: str,
                 own: bool = False, parent: QWidget | None = None, *, runner=None, database: Path | None = None):
        """``runner`` (the window's task runner) works out how a frozen period's live figures moved, with a
        connection of its own to ``database``; without them that is done at once on ``db`` (scripts and tests)."""
        super().__init__(parent)
        from ui.task_runner import ImmediateRunner

        self.db, self.prompts, self.period, self.own = db, prompts, period, own
        self.database = database
        self.runner = runner if runner is not None and database is not None else ImmediateRunner(self)
        self.periods = list_periods(db)
        self.setWindowTitle(_("Print the campaign report"))
        self.format = QComboBox()
        self.format.setObjectName("report_format")
        for key, text in FORMATS:
            self.format.addItem(text, key)
        self.path = QLineEdit()
        self.path.setObjectName("report_path")
        self.path.setPlaceholderText(_("Choose where to save the report"))
        choose = QPushButton(with_fixed_letter(_("Choose…"), "C"))  # 选择(&C)…
        choose.setObjectName("choose_report_path")
        choose.clicked.connect(lambda: self.choose_path())
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(choose)
        self.current = QRadioButton(_("The period chosen on the page: {period}").format(period=period_text))
        self.current.setObjectName("period_current")
        frozen_text = _("A frozen period, printed exactly as it was sent:")  # 已冻结的期间…(&Z)：, its letter before the colon
        stem, colon = (frozen_text[:-1], frozen_text[-1]) if frozen_text.endswith((":", "：")) else (frozen_text, "")
        self.frozen = QRadioButton(with_fixed_letter(stem, "Z") + colon)
        self.frozen.setObjectName("period_frozen")
        self.frozen_list = QComboBox()
        self.frozen_list.setObjectName("frozen_periods")
        for p in self.periods:
            self.frozen_list.addItem(period_item(p), p["label"])
        group = QButtonGroup(self)
        group.addButton(self.current)
        group.addButton(self.frozen)
        self.current.setChecked(True)
        self.frozen.setEnabled(bool(self.periods))
        if not self.periods:  # say why the choice is greyed out, as the other disabled controls do
            why = _("No period has been frozen yet: to keep one, tick “Freeze this period as:” below and give it a "
                    "label when you print.")
            self.frozen.setToolTip(why)
            self.frozen_list.setToolTip(why)
            self.frozen_list.setPlaceholderText(_("none frozen yet"))
        self.drift = QLabel()
        self.drift.setObjectName("frozen_drift")
        self.drift.setWordWrap(True)
        self.drift.setStyleSheet("color: #9a5b00;")
        # at the top of its box: a box left taller than the text (sized at a narrower width) had an empty band above it
        self.drift.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # read and selected by keyboard too: Tab reaches it (a screen reader reads it there), the arrows move in it
        self.drift.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.drift.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # the note may run to a dozen lines: it scrolls in a box that grows with it up to a third of the screen
        # (the dialog growing with the box), where a label alone in the form's row was cut off and ran into the
        # next row
        self.drift_box = QScrollArea()
        self.drift_box.setObjectName("frozen_drift_box")
        self.drift_box.setWidgetResizable(True)
        self.drift_box.setFrameShape(QFrame.Shape.NoFrame)
        self.drift_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.drift_box.setWidget(self.drift)
        self.drift_box.setHidden(True)
        self.drift.setHidden(True)
        self._drifts: dict[str, dict | str] = {}  # by period: how its figures moved, or why that cannot be said
        self._comparing: dict[str, object] = {}  # by period whose comparison runs: its cancel token (None at first)
        self._stopped: set[str] = set()  # the periods whose comparison the officer cancelled (to be run again)
        self._closed = False  # once closed, a comparison ending says nothing
        self._asked_path = ""  # the file last chosen in the save dialog, which asked before replacing it
        self.drift_button = QPushButton()  # Cancel while the chosen period is compared; Compare again once cancelled
        self.drift_button.setObjectName("drift_button")
        self.drift_button.setHidden(True)
        self.drift_button.clicked.connect(lambda: self._drift_button_pressed())
        drift_row = QWidget()  # a widget of its own, which the form gives the room its box asks for
        drift_layout = QHBoxLayout(drift_row)
        drift_layout.setContentsMargins(0, 0, 0, 0)
        drift_layout.addWidget(self.drift_box, 1)
        drift_layout.addWidget(self.drift_button)
        self.freeze = QCheckBox(_("F&reeze this period as:"))  # 将本期间冻结为(&R)
        self.freeze.setObjectName("freeze_period")
        self.freeze_label = QLineEdit()
        self.freeze_label.setObjectName("freeze_label")
        self.freeze_label.setPlaceholderText(_("e.g. 2026年第一季度"))
        freeze_row = QHBoxLayout()
        freeze_row.addWidget(self.freeze)
        freeze_row.addWidget(self.freeze_label, 1)
        self.errors = {"path": error_label("report_path"), "freeze_label": error_label("freeze_label")}
        form = QFormLayout()
        # each row's label with an Alt letter putting the focus in its field (the file's, its line, not its row),
        # none of the buttons' (选择(&C)…, 已冻结的期间(&Z), 将本期间冻结为(&R), 打印(&I)): 格式(&O) 文件(&F) 期间(&P);
        # tests/test_s71_hq_gui.py checks that no two share one. The file's line named for a screen reader as its row is
        file_label = buddy_label(_("&File"), self.path)
        self.path.setAccessibleName(plain_label(file_label.text()))
        form.addRow(buddy_label(_("F&ormat"), self.format), self.format)
        form.addRow(file_label, path_row)
        form.addRow("", self.errors["path"])
        form.addRow(buddy_label(_("&Period"), self.current), self.current)
        form.addRow("", self.frozen)
        form.addRow("", self.frozen_list)
        form.addRow("", drift_row)
        form.addRow("", freeze_row)
        form.addRow("", self.errors["freeze_label"])
        note = QLabel(_("A frozen period keeps the figures as they are now; printing it later gives the same report "
                        "even after more records arrive."))
        note.setWordWrap(True)
        self.scope_note = QLabel(self._scope_note())  # all agencies at a station: not its own agency's report
        self.scope_note.setObjectName("report_scope_note")
        self.scope_note.setWordWrap(True)
        self.scope_note.setHidden(not self.scope_note.text())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(with_fixed_letter(_("Print"), "I"))  # 打印(&I)
        self.buttons.accepted.connect(self.print_)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.scope_note)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(lambda _i: self._format_changed())
        self.frozen_list.currentIndexChanged.connect(lambda _i: self._show_drift())
        self.frozen.toggled.connect(lambda _on: self._show_drift())
        self.current.toggled.connect(lambda on: self.scope_note.setHidden(not (on and self.scope_note.text())))
        for signal in (self.path.textChanged, self.freeze_label.textChanged, self.freeze.toggled, self.current.toggled):
            signal.connect(lambda *_args: self.validate())
        self.validate()
        self.mark_loaded()

    def _scope_note(self) -> str:
        """``all_agencies_note`` when the page shows all agencies (a station's report is then not its own), else ''."""
        from workstation.reports.campaign import all_agencies_note

        return all_agencies_note(self.db) if self.period[2] is None else ""

    def _note_shown(self, shown: bool) -> None:
        """Show or hide the note under the frozen period, its box as tall as its text up to a share of the screen
        (then it scrolls): the dialog grows with it."""
        self.drift_box.setHidden(not shown)
        self.drift.setHidden(not shown)
        if not shown:
            return
        screen = self.screen().availableGeometry().height() if self.screen() else 768
        width = max(self.drift_box.viewport().width(), self.drift.minimumSizeHint().width(), 300)
        needed = self.drift.heightForWidth(width - 2) + 4
        self.drift_box.setMinimumHeight(min(max(needed, self.drift.fontMetrics().height()),
                                            screen // DRIFT_SCREEN_SHARE))
        if self.isVisible():  # the form's rows and the wrapped lines under them, at the dialog's width
            self.layout().activate()
            wanted = self.heightForWidth(self.width())
            if wanted > self.height():
                self.resize(self.width(), min(wanted, screen))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.drift_box.isHidden():  # narrower or wider, the note takes more or fewer lines
            self._note_shown(True)

    def typed(self) -> tuple:
        """What closing would drop: the format, file, period and freeze label chosen."""
        return (self.fmt(), self.path.text().strip(), self.current.isChecked(), self.frozen_list.currentData(),
                self.freeze.isChecked(), self.freeze_label.text().strip())

    def fmt(self) -> str:
        return self.format.currentData()

    def choose_path(self) -> bool:
        """Ask for the file through the prompts (the save dialog, which asks before replacing a file), with the
        extension of the chosen format: the file typed, else ``suggested_name``; a name without its folder offered
        in the user's documents folder. True when a file was chosen."""
        typed = self.path.text().strip()
        name = in_documents(self._with_extension(typed) if typed else self.suggested_name())
        chosen = self.prompts.save_file(self, _("Save the campaign report"), name,
                                        f"{self.format.currentText()} (*.{self.fmt()})")
        if chosen:
            self._asked_path = chosen
            self.path.setText(self._with_extension(chosen))
        return bool(chosen)

    def suggested_name(self) -> str:
        """The file name offered, naming the agency and period as the statistics export's does
        (``stats_export.suggested_name``): "专项行动工作通报_南海区局_2026-01-01至2026-06-30.pdf"; of a frozen period,
        its agency and label."""
        from workstation.evaluation import period_words
        from workstation.stats_export import unit_words

        frozen = self._chosen_period()
        if frozen is not None:
            period = next((p for p in self.periods if p["label"] == frozen), {})
            from workstation.store.agencies import agency_id_for_code

            code = period.get("agency_code")  # the agency the frozen period was counted for, the city without one
            agency, words = unit_words(self.db, agency_id_for_code(code) if code else None), frozen
        else:
            date_from, date_to, agency_id = self.period
            agency, words = unit_words(self.db, agency_id, self.own), period_words(date_from, date_to)
        name = _("Campaign report_{agency}_{period}.{ext}").format(agency=agency, period=words, ext=self.fmt())
        return _NOT_IN_NAMES.sub("-", name)

    def _with_extension(self, path: str) -> str:
        """``path`` with the extension of the chosen format: another format's (.pdf, .docx, .xlsx) replaced, any
        other added — a dot in the name ("通报（2026.1-6月）") is part of it. A folder's path is left as typed, for
        the printing to refuse it."""
        if not path or path.endswith(("/", os.sep)) or _folder(path):
            return path
        target, extension = Path(path), f".{self.fmt()}"
        if target.suffix.lower() == extension:
            return str(target)
        if target.suffix.lower() in {f".{key}" for key, _text in FORMATS}:
            return str(target.with_suffix(extension))
        return f"{target}{extension}"

    def _format_changed(self) -> None:
        if self.path.text().strip():
            self.path.setText(self._with_extension(self.path.text().strip()))

    def _chosen_period(self) -> str | None:
        return self.frozen_list.currentData() if self.frozen.isChecked() else None

    def _show_drift(self) -> None:
        """Under the frozen period chosen: whether its live figures now differ from the frozen ones, by how much
        and where (worked out once per period, in the background, when it is first chosen)."""
        period = self._chosen_period()
        self.drift_button.setHidden(True)
        if period in self._stopped:  # cancelled by the officer: said so, with the button to run it again
            self.drift.setText(_("The comparison of report period {label} with its live figures was cancelled; "
                                 "press Compare again to make it. The report is printed with the frozen figures "
                                 "all the same.").format(label=period))
            self._note_shown(True)
            self.drift_button.setText(_("Compare again"))
            self.drift_button.setEnabled(True)
            self.drift_button.setHidden(False)
            return
        if period is not None and period not in self._drifts:
            self.drift.setText(_("Comparing the live figures of report period {label} with the frozen ones…").format(
                label=period))
            self._note_shown(True)
            if period not in self._comparing:
                self._compare(period)
            if period in self._comparing:  # (a runner that ran it at once has finished it already)
                self.drift_button.setText(_("Cancel"))
                self.drift_button.setEnabled(self._comparing[period] is not None)
                self.drift_button.setHidden(False)
            return
        drift = self._drifts.get(period) if period is not None else None
        if isinstance(drift, str):  # an altered period: said here, and again when it is printed
            self.drift.setText(drift)
            self._note_shown(True)
            return
        if not drift or not drift["differs"]:
            self._note_shown(False)
            self.drift.clear()
            return
        # every figure that moved, in the box (which scrolls past a third of the screen): none only in a tooltip,
        # which the keyboard cannot reach
        lines = drift_lines(drift)
        self.drift.setText("\n".join([drift_summary(drift), *lines]))
        self._note_shown(True)

    def _compare(self, period: str) -> None:
        """Start working out how the live figures of ``period`` moved; the note shows it when done, if that period
        is still the one chosen."""
        from workstation import tasks

        self._comparing[period] = None
        if self.database is not None:
            work = partial(tasks.live_changes_task, self.database, period)
        else:
            work = partial(_live_changes_on, self.db, period)
        cancel = self.runner.start(_("Comparing a frozen report period"), work, partial(self._compared, period),
                                   partial(self._not_compared, period), partial(self._progressed, period))
        if period in self._comparing:  # (a runner that ran it at once has finished it already)
            self._comparing[period] = cancel

    def _progressed(self, period: str, done: int, total: int, message: str) -> None:
        """The comparison of ``period`` reached another step: said under it while it is the period chosen."""
        from shiboken6 import isValid

        if not isValid(self) or self._closed or period not in self._comparing or self._chosen_period() != period:
            return
        if done >= total:  # its last step: the result follows
            return
        self.drift.setText(_("Comparing the live figures of report period {label} with the frozen ones…").format(
            label=period) + "\n" + _("{step} (step {done} of {total})").format(step=message, done=done + 1,
                                                                              total=total))
        self._note_shown(True)

    def _drift_button_pressed(self) -> None:
        """Cancel the comparison of the chosen period (the note then says so), or make it again once cancelled."""
        period = self._chosen_period()
        if period is None:
            return
        if period in self._stopped:
            self._stopped.discard(period)
            self._show_drift()
            return
        cancel = self._comparing.get(period)
        if cancel is not None:
            cancel.cancel()
            self.drift_button.setEnabled(False)  # pressed: the work stops at its next look at the token

    def _compared(self, period: str, drift) -> None:
        from shiboken6 import isValid

        if not isValid(self) or self._closed:  # the dialog went away meanwhile
            return
        self._comparing.pop(period, None)
        self._drifts[period] = drift
        if self._chosen_period() == period:  # another period chosen meanwhile: its own result will be shown
            self._show_drift()

    def _not_compared(self, period: str, exc: BaseException) -> None:
        from shiboken6 import isValid

        if not isinstance(exc, WorkstationError):
            raise exc
        if not isValid(self) or self._closed:
            return
        self._comparing.pop(period, None)
        if isinstance(exc, Cancelled):  # the officer pressed Cancel: said, with the button to make it again
            self._stopped.add(period)
            if self._chosen_period() == period:
                self._show_drift()
            return
        self._drifts[period] = exc.message
        if self._chosen_period() == period:
            self._show_drift()

    def done(self, result: int) -> None:
        """Closed (printed, or dropped) while comparisons run: they are cancelled, and waited for until they have
        stopped (a query running is cut short); their results would go nowhere and are not shown."""
        self._closed = True
        for cancel in list(self._comparing.values()):
            if cancel is not None:
                self.runner.join(cancel)
        super().done(result)

    def validate(self) -> dict[str, str]:
        """Show what is missing under its field (once edited, or after a try to print); Print is enabled only when
        nothing is."""
        current = self.current.isChecked()
        self.frozen_list.setEnabled(not current)
        self.freeze.setEnabled(current)
        self.freeze_label.setEnabled(current and self.freeze.isChecked())
        errors: dict[str, str] = {}
        if not self.path.text().strip():
            errors["path"] = _("Choose the file to write.")
        label = self.freeze_label.text().strip()
        if current and self.freeze.isChecked():
            if not label:
                errors["freeze_label"] = _("Give the period a label, for example the quarter it covers.")
            elif label in {p["label"] for p in self.periods}:
                errors["freeze_label"] = _("A period labelled {label} is already frozen; choose another label.").format(
                    label=label)
            elif problem := freeze_label_problem(label):  # a control character, too long: as the freeze refuses it
                errors["freeze_label"] = problem
        return show_field_errors(self.errors, errors, self.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def request(self) -> dict:
        """The report asked for: file, format, and either the filtered period (frozen under a label when asked)
        or the label of a frozen period."""
        request = {"out_path": self._with_extension(self.path.text().strip()), "fmt": self.fmt()}
        if self.frozen.isChecked():
            return {**request, "period_label": self.frozen_list.currentData()}
        date_from, date_to, agency_id = self.period
        freeze_as = self.freeze_label.text().strip() if self.freeze.isChecked() else None
        # the agency the page shows, "All agencies" too: printed as counted there, never the station's own instead
        return {**request, "date_from": date_from, "date_to": date_to, "agency_id": agency_id, "own": self.own,
                "freeze_as": freeze_as, "all_agencies": agency_id is None}

    def restore(self, typed: tuple) -> None:
        """Show again the choices ``typed`` gave (a report that could not be written: the officer corrects what
        failed without choosing the rest again)."""
        fmt, path, current, frozen, freeze, label = typed
        self.format.setCurrentIndex(max(self.format.findData(fmt), 0))
        self.path.setText(path)
        if current and freeze and self.frozen_list.findData(label.strip()) >= 0:
            # frozen, only its file not written (open in WPS): the period is printed again as it was frozen
            current, frozen, freeze = False, label.strip(), False
        if not current and self.frozen_list.findData(frozen) >= 0:
            self.frozen_list.setCurrentIndex(self.frozen_list.findData(frozen))
            self.frozen.setChecked(True)
        self.freeze.setChecked(freeze)
        self.freeze_label.setText(label)

    def print_(self) -> None:
        """Print once nothing is missing. A name typed without its folder is placed in the save dialog (it would
        land in the program's working folder, which the officer never sees); a file typed that is there already is
        replaced only when the officer says so, and a read-only one not at all."""
        if self.validate():
            return
        if not Path(self.path.text().strip()).is_absolute() and not self.choose_path():
            return
        target = Path(self._with_extension(self.path.text().strip()))
        try:  # a name longer than the system takes, said as the report's writing would say it
            refuse_long_name(str(target))
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        if target.is_file():
            if read_only(target):
                self.prompts.error(self, _("{file} is read-only: it is not replaced. Choose another name, or remove "
                                           "its read-only protection, then print again.").format(file=target))
                return
            if not (self._asked_path and Path(self._asked_path) == target) and not self.prompts.confirm(
                    self, _("{file} already exists. Replace it with this report?").format(file=target),
                    destructive=True):
                return
        self.path.setText(str(target))
        self.accept()
