"""The deadlines section of a case workspace: every statutory clock of the case (running, met, missed, stopped)
with how it was counted, the events that stop or extend them (numbers in their notes masked), and the dialogs to
record one, to correct a recorded extension and to end one, each checking its dates as they are picked."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import CASE_PAGE_KEYS, case_key_hint, with_fixed_letter
from ui.date_edits import DateEdit
from ui.deadlines import (
    DeadlineTable,
    day_watch,
    import_calendar_file,
    new_calendar_file,
    open_calendar_folder,
)
from ui.dialog_once import exec_once
from ui.dialog_undo import FieldsHistory
from ui.layouts import (
    AsksBeforeDropping,
    error_label,
    error_text,
    list_join,
    show_field_errors,
)
from workstation import clocks
from workstation.documents.stage_rules import in_window
from workstation.errors import WorkstationError, join_reasons, join_sentences
from workstation.i18n import _
from workstation.masking import mask_text
from workstation.records import ClockEvent, today
from workstation.rectification_checks import CHECK, RESULTS, orders_to_check, result_label
from workstation.store import get_case, parties_of_case
from workstation.store.clock_events import (
    APPROVAL_REQUIRED,
    CHANGED,
    EARLY_STOP,
    GOODS_KINDS,
    GRANTED_TO_PARTY,
    HEAD_STEPS,
    OUTCOMES,
    SEIZED_KINDS,
    SERVED_ON_PARTY,
    clock_event_errors,
    clock_events_of,
    correct_extension,
    delete_clock_event,
    describe,
    early_demand,
    end_clock_event,
    end_decided_preservations,
    extends_seizure,
    get_clock_event,
    kind_refusal,
    late_challenge_warning,
    measures_to_extend,
    names_party,
    notice_end_warning,
    one_off,
    preservations_decided_by,
    record_clock_event,
    restore_clock_event,
    unconfirmed_extension_warning,
    withdrawal_warning,
)
from workstation.vocabulary import labels, shown_label


def one_day_date(kind: str) -> str:
    """The label of the date of an event of one day, named by what happened on it."""
    return {"demand": _("Served on"), "hearing_session": _("Hearing date"), "publication": _("Published on"),
            EARLY_STOP: _("Publication stopped on"),
            "bureau_filing": _("Filed with the bureau on"), "fine_handed_over": _("Handed over on"),
            "fine_banked": _("Paid into the bank on"),
            CHECK: _("Re-inspected on")}.get(kind) or (
        # the outcome of a reconsideration or lawsuit: the day the party received the decision or judgment, from which
        # the 15 days to sue after a reconsideration count (T12, 行政诉讼法 art. 45), not the day it bears
        _("Decision received on") if kind in OUTCOMES else _("Date it happened"))


FIELDS = ("kind", "party", "order", "result", "clock", "measure", "days", "starts_on", "ends_on", "approved_on",
          "approved_by", "fine", "note")
#: each field's Alt letter, whatever its label says as the kind changes (自/完成日期…, 至/批准缴纳截止日…): 事项(&W) …
#: (none of them Save's or Cancel's, which have none)
LETTERS = {"kind": "W", "party": "P", "order": "O", "result": "R", "clock": "L", "measure": "M", "days": "E", "starts_on": "D", "ends_on": "T", "approved_on": "A",
           "approved_by": "B", "fine": "F", "note": "N"}


def _date_edit(name: str) -> QDateEdit:
    edit = DateEdit(QDate.fromString(today(), "yyyy-MM-dd"))  # Beijing's day, not the machine's
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ClockEventDialog(AsksBeforeDropping, QDialog):
    """Record what stops, extends or starts a clock: the fields shown follow the kind; each field says what is
    wrong with it as the officer types, and Save stays disabled until nothing is. Given a recorded extension
    (``correcting``), it corrects that one instead: its length, approval date and approver, saved as a correction
    (a clock the law extends once, T1, is corrected, never extended again)."""

    def __init__(self, db, case, prompts, parent: QWidget | None = None, correcting: ClockEvent | None = None,
                 kind: str | None = None, clock: str | None = None, on: str | None = None,
                 until: str | None = None, days: int | None = None, approved_by: str = "",
                 party: str | None = None, measure: str | None = None):
        """``kind`` (with ``clock``, the time limit an extension extends), ``on`` (its date, or an extension's
        approval date), ``until`` (the last day of an event that lasts: a deferral's approved end; the day an
        extension extends to), ``days`` (an extension's length, as its approval form asked), ``approved_by`` (its
        approver: the heads' collective discussion of a further extension of T2) and ``party`` (the id of the party
        the document was written for in a case with several: whose goods are seized or tested) and ``measure`` (the
        seizure event of the measure a 延长行政强制措施期限决定书 extends, in a case with several) preselect a new
        event, as issuing a document that records one does; still checked as typed."""
        super().__init__(parent)
        self.db, self.case, self.prompts, self.correcting = db, case, prompts, correcting
        self.saved: ClockEvent | None = None
        #: every event the save recorded (a hearing held: one for each party heard that day), ``saved`` the first
        self.recorded: list[ClockEvent] = []
        self.setWindowTitle(_("Correct the recorded extension") if correcting else _("Record a clock event"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        # every kind is offered; one the case's stage does not allow yet (a demand to perform before a penalty
        # decision, a hearing no party asked for …) is greyed out, its tooltip saying why (``kind_refusal``)
        for key in labels("clock_events"):
            self.kind.addItem(shown_label("clock_events", key), key)
            refusal = in_window(kind_refusal(db, case, key)) if correcting is None else None
            if refusal:
                item = self.kind.model().item(self.kind.count() - 1)
                item.setEnabled(False)
                item.setToolTip(refusal)
        # the party whose own reconsideration or litigation it is (or whose goods are tested or seized), asked only in
        # a case with several parties
        self.party = QComboBox()
        self.party.setObjectName("party")
        parties = parties_of_case(db, case.id) if correcting is None else []
        if len(parties) > 1:
            for each in parties:
                self.party.addItem(each.name, each.id)
            self.party.addItem(_("All parties (applied together)"), "")
        # a re-inspection (复查): the 责令改正通知书 it follows up, and what it found
        self.order = QComboBox()
        self.order.setObjectName("order")
        if correcting is None:
            for document_id, text in orders_to_check(db, case.id):
                self.order.addItem(mask_text(text), document_id)
        self.check_result = QComboBox()
        self.check_result.setObjectName("result")
        self.check_result.addItem(_("Choose…"), 0)
        for code, key in RESULTS.items():
            self.check_result.addItem(result_label(key, shown_label), code)
        self.clock = QComboBox()
        self.clock.setObjectName("clock")
        # only a time limit still running can be extended (one met or over cannot: T1 once the case is filed), the
        # first of them chosen; a correction keeps the one its extension extends
        running = {d.clock for d in clocks.case_clocks(db, case, per_party=False) if d.open and d.state != "missing"} \
            if correcting is None else {correcting.clock}
        for rule in clocks.rules():
            if rule.extendable and rule.id in running:
                self.clock.addItem(f"{rule.id} {rule.title}", rule.id)
        # the seal-up or seizure an extension of T14 extends, asked in a case with several (行政强制法 art. 25: each
        # measure by its own 延长行政强制措施期限决定书; ``extension_measure``)
        self.measure = QComboBox()
        self.measure.setObjectName("measure")
        seized = measures_to_extend(db, case.id) if correcting is None else []
        self._measure_parties = {each.id: each.party_id or "" for each in seized}
        if len(seized) > 1:
            self.measure.addItem(_("Choose…"), "")
            for each in seized:
                self.measure.addItem(mask_text(describe(each, db)), each.id)
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(0, 3650)
        self.starts_on = _date_edit("starts_on")
        self.ends_on = _date_edit("ends_on")
        self.running = QCheckBox(_("Not over yet"))
        self.running.setObjectName("running")
        self.approved_on = _date_edit("approved_on")
        self.approved_by = QLineEdit()
        self.approved_by.setObjectName("approved_by")
        # a decision changed (变更) on reconsideration or in court: the fine as changed, which the statistics count
        self.fine = QLineEdit()
        self.fine.setObjectName("fine")
        self.fine.setPlaceholderText(_("in yuan; 0 if no fine is left, empty if the fine was not changed"))
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.errors = {field: error_label(field) for field in FIELDS}
        self.form = QFormLayout()
        end_row = QHBoxLayout()
        end_row.addWidget(self.ends_on, 1)
        end_row.addWidget(self.running)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        for field, text, widget in (("kind", _("What happened"), self.kind),
                                    ("party", _("Party that applied"), self.party),
                                    ("order", _("Rectification order"), self.order),
                                    ("result", _("Re-inspection result"), self.check_result),
                                    ("clock", _("Time limit extended"), self.clock),
                                    ("measure", _("Measure extended"), self.measure),
                                    ("days", _("Extended by (in the limit's unit)"), self.days),
                                    ("starts_on", _("From"), self.starts_on),
                                    ("ends_on", _("To (inclusive)"), end_row),
                                    ("approved_on", _("Approved on"), self.approved_on),
                                    ("approved_by", _("Approved by"), self.approved_by),
                                    ("fine", _("Fine as changed (yuan)"), self.fine),
                                    ("note", _("Note"), self.note)):
            label = QLabel(with_fixed_letter(text, LETTERS[field]))
            # Alt+its letter: the field; the end date, in a row of its own beside 尚未结束, named by ``_name_row``
            label.setBuddy(self.ends_on if field == "ends_on" else widget)
            holder = widget if isinstance(widget, QWidget) else self._wrap(widget)
            self.form.addRow(label, holder)
            self.form.addRow("", self.errors[field])
            self.rows[field] = (label, holder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Case {number}").format(number=case.case_number or _("not filed"))))
        if correcting is not None:
            recorded = QLabel(_("Recorded: {what}. What is saved here replaces it as a correction (audited and "
                                "noted on the timeline).").format(what=mask_text(describe(correcting))))
            recorded.setObjectName("recorded_extension")
            recorded.setWordWrap(True)
            layout.addWidget(recorded)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        #: the hearing day 举行听证 was last dated from a 听证通知书 (``_follow_hearing_day``), None when not
        self._noticed_day: str | None = None
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.clock.currentIndexChanged.connect(self._clock_changed)
        self.party.currentIndexChanged.connect(self._follow_hearing_day)
        self.measure.currentIndexChanged.connect(self._measure_changed)
        for signal in (self.party.currentIndexChanged, self.order.currentIndexChanged, self.check_result.currentIndexChanged,
                       self.days.valueChanged, self.starts_on.dateChanged,
                       self.ends_on.dateChanged, self.running.toggled, self.approved_on.dateChanged,
                       self.approved_by.textChanged, self.fine.textChanged):
            signal.connect(self.validate)
        self.kind.setCurrentIndex(next((i for i in range(self.kind.count())
                                        if self.kind.model().item(i).isEnabled()), 0))
        self._kind_changed()
        if correcting is not None:
            self._load(correcting)
        elif kind:
            self._preselect(kind, clock, on, until, party, measure)
            if kind == clocks.EXTENSION and days:
                self.days.setValue(days)
            if kind == clocks.EXTENSION and approved_by:
                self.approved_by.setText(approved_by)
        # Ctrl+Z takes back the last change of any field (a kind chosen, a date, a tick), Ctrl+Y redoes it
        self.fields_history = FieldsHistory(self, {
            "kind": self.kind, "party": self.party, "order": self.order, "result": self.check_result,
            "clock": self.clock, "measure": self.measure, "days": self.days, "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "running": self.running, "approved_on": self.approved_on, "approved_by": self.approved_by,
            "fine": self.fine, "note": self.note}, "clock_event")
        self.mark_loaded()

    def _preselect(self, kind: str, clock: str | None, on: str | None, until: str | None = None,
                   party: str | None = None, measure: str | None = None) -> None:
        """Choose ``kind`` (and the ``clock`` it extends, or the ``party`` it names when the case has several, or
        the ``measure`` it extends when it has several seizures) and date it ``on`` (YYYY-MM-DD) when given, and for
        an event that lasts, end it ``until`` when given; an extension to ``until`` takes the days from the running
        deadline (that measure's) to that day."""
        if self.kind.findData(kind) >= 0:
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self._kind_changed()
        if clock and self.clock.findData(clock) >= 0:  # before the party: the party an extension names follows it
            self.clock.setCurrentIndex(self.clock.findData(clock))
        if party and names_party(kind, clock or "") and self.party.findData(party) >= 0:
            self.party.setCurrentIndex(self.party.findData(party))
        if measure and self.measure.findData(measure) > 0:
            self.measure.setCurrentIndex(self.measure.findData(measure))
        date = QDate.fromString(on or "", "yyyy-MM-dd")
        if date.isValid():
            (self.approved_on if kind == clocks.EXTENSION else self.starts_on).setDate(date)
            if kind in APPROVAL_REQUIRED:  # a deferral notice is dated the day the deferral was approved
                self.approved_on.setDate(date)
        end = QDate.fromString(until or "", "yyyy-MM-dd")
        if end.isValid() and kind in clocks.INTERVAL_KINDS:
            self.running.setChecked(False)
            self.ends_on.setDate(end)
        elif end.isValid() and kind == clocks.EXTENSION and clock:  # extended to a date: the days up to it
            event = self.current()
            days = clocks.extension_days_until(self.db, self.case, clock, until, event.party_id, event.measure_id)
            if days:
                self.days.setValue(days)
        self.validate()

    def _load(self, event: ClockEvent) -> None:
        """Fill the fields from the recorded extension; what it extends is fixed, as is its note."""
        self.kind.setCurrentIndex(self.kind.findData(clocks.EXTENSION))
        self.clock.setCurrentIndex(self.clock.findData(event.clock))
        self.days.setValue(event.days)
        if event.approved_on:
            self.approved_on.setDate(QDate.fromString(event.approved_on, "yyyy-MM-dd"))
        self.approved_by.setText(event.approved_by)
        self.kind.setEnabled(False)
        self.clock.setEnabled(False)
        for widget in self.rows["note"]:
            widget.setVisible(False)
        self.validate()

    @staticmethod
    def _wrap(layout) -> QWidget:
        holder = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        extension = kind == clocks.EXTENSION
        interval = kind in clocks.INTERVAL_KINDS
        approved = extension or kind in APPROVAL_REQUIRED  # an extension, a deferral (Penalty Law art. 66)
        applied = kind == EARLY_STOP  # an early stop of the publication: the day the party applied (art. 14)
        single = one_off(kind)  # one day: its date alone, no end and no completion
        outcome = kind in OUTCOMES  # of a reconsideration or lawsuit: the party's, with its decision's number
        head = kind in HEAD_STEPS  # the head's decision on the transfer report: who decided (the letter's 批准人)
        for field, shown in (("order", kind == CHECK), ("result", kind == CHECK), ("clock", extension),
                             ("days", extension), ("approved_on", approved or applied),
                             ("approved_by", approved or outcome or head),
                             ("starts_on", not extension), ("ends_on", not extension and not single),
                             ("fine", kind == CHANGED)):
            for widget in self.rows[field]:
                widget.setVisible(shown)
        # an event of one day is dated by what happened that day; one that lasts runs from a day
        self._name_row("starts_on", one_day_date(kind) if single or kind in clocks.POINT_KINDS else _("From"))
        if kind in APPROVAL_REQUIRED:
            self._placeholder(_("the agency's head"))
        elif head:
            self._placeholder(_("the head who decided on the transfer report"))
        self._name_row("approved_on", _("Party applied on") if applied else _("Approved on"))
        self._name_row("approved_by", _("Number of the decision or judgment") if outcome else
                       _("Refused by") if kind == "transfer_refused" else _("Approved by"))
        if outcome:
            self._placeholder(_("the number the reconsideration body or the court gave it"))
        # a deferral ends on the day approved, always known: no 尚未结束 to tick (it could only be refused)
        self.running.setVisible(interval and kind != "deferral")
        self.running.setChecked(interval and kind != "deferral")
        # a reconsideration ends on the day the party received its decision (T12 counts from it)
        self._name_row("ends_on", _("Approved until") if kind == "deferral" else
                       _("Reconsideration decision received on") if kind == "reconsideration" else
                       _("To (inclusive)") if interval else _("Done on (optional)"))
        if not interval and not extension:
            self.running.setChecked(True)  # a single date: its completion is recorded later
        self._clock_changed()
        self._follow_hearing_day()

    def _follow_hearing_day(self) -> None:
        """举行听证 dated the hearing day the 听证通知书 in force sets (``procedure.hearing_session_day``, not a day
        recorded already): the party's chosen in the party row, followed as it changes; none chosen, the pending
        parties' day. Without a notice telling it, back to today from a day taken from another party's notice; a day
        the officer picked stays."""
        if self.correcting is not None or self.kind.currentData() != "hearing_session":
            return
        from workstation.procedure import hearing_session_day

        chosen = (self.party.currentData() or None) if self.party.count() else None
        day = hearing_session_day(self.db, self.case, chosen)
        if day is None and self.starts_on.date().toString("yyyy-MM-dd") != self._noticed_day:
            return
        self._noticed_day = day
        self.starts_on.setDate(QDate.fromString(day or today(), "yyyy-MM-dd"))

    def _show_party(self) -> None:
        """Show the party row for an event that names one (``names_party``: a step of one party, or of all of them;
        the extension of a seizure once its clock is chosen), in a case with several parties."""
        own = names_party(self.kind.currentData(), self._clock())
        if self.party.count():
            self._party_row(self.kind.currentData())
        for widget in self.rows["party"]:
            widget.setVisible(own and self.party.count() > 0)

    def _clock(self) -> str:
        """The time limit an extension extends ("" for another kind)."""
        return (self.clock.currentData() or "") if self.kind.currentData() == clocks.EXTENSION else ""

    def _party_row(self, kind: str) -> None:
        """Name the party row and its last choice (all parties) after what ``kind`` does with the party; the
        testing, seal-up or seizure of goods (``GOODS_KINDS``, ``SEIZED_KINDS``) or the extension of that seizure is
        of the whole case's unless the officer names the party whose goods."""
        tested, seized = kind in GOODS_KINDS, kind in SEIZED_KINDS or extends_seizure(self._clock())
        goods, granted, heard = tested or seized, kind in GRANTED_TO_PARTY, kind == "hearing_session"
        self.party.setItemText(self.party.count() - 1, _("All parties (served on each)") if kind in SERVED_ON_PARTY
                               else _("The whole case (goods of every party)") if goods
                               else _("All parties (deferred together)") if granted
                               else _("Those whose 听证通知书 sets that day") if heard
                               else _("All parties (applied together)"))
        self._name_row("party", _("Party served") if kind in SERVED_ON_PARTY else _("Party whose goods are tested")
                       if tested else _("Party whose goods are sealed up or seized") if seized
                       else _("Party granted the deferral") if granted else _("Party heard") if heard
                       else _("Party that applied"))
        # optional: blank is the whole case, as a testing or seizure recorded without a party always was; a hearing
        # named for no party is of those its notices set on that day (``procedure.record_hearing_session``)
        if goods or heard:
            self.party.setCurrentIndex(self.party.count() - 1)
        if granted:  # the party its 延期/分期缴纳罚款通知书 was written for, else all of them
            from workstation.payments import deferral_notice_party

            found = self.party.findData(deferral_notice_party(self.db, self.case) or "")
            self.party.setCurrentIndex(found if found >= 0 else self.party.count() - 1)

    def _hint(self, kind: str) -> str:
        stops = [rule for rule in clocks.rules() if kind in rule.excluded]
        starts = [rule.id for rule in clocks.rules() if rule.start == f"event:{kind}"]
        meets = [rule for rule in clocks.rules() if kind in rule.done_events and not rule.span]
        # a period shown, not a duty, that it ends before its last day (T20's publication period by a withdrawal)
        shortens = [rule for rule in clocks.rules() if kind in rule.done_events and rule.span]
        # what counts from the day it ended (T12 from the reconsideration decision, T16 from the end of a lawsuit)
        ended = [rule for rule in clocks.rules() if f"end:{kind}" in (rule.start, *rule.start_instead)]
        parts = []
        if stops:
            parts.append(_("Not counted in: {clocks}.").format(clocks=list_join(
                f"{rule.id} {rule.title}" for rule in stops)))
        if starts:
            parts.append(_("Starts: {clocks}.").format(clocks=list_join(
                f"{rule.id} {rule.title}" for rule in clocks.rules() if rule.id in starts)))
        if meets:
            parts.append(_("Meets: {clocks}.").format(clocks=list_join(f"{rule.id} {rule.title}" for rule in meets)))
        if shortens:
            parts.append(_("Ends early: {clocks}.").format(clocks=list_join(
                f"{rule.id} {rule.title}" for rule in shortens)))
        # the party took the other remedy: its period for this one no longer applies (T11 after a reconsideration)
        replaced = [rule for rule in clocks.rules() if kind in dict(rule.replaced_by)]
        if replaced:
            parts.append(_("No longer applies: {clocks}.").format(clocks=list_join(
                f"{rule.id} {rule.title}" for rule in replaced)))
        if ended:
            parts.append(_("Its end starts: {clocks}.").format(clocks=list_join(
                f"{rule.id} {rule.title}" for rule in ended)))
        # a deferral or payment in instalments (Penalty Law arts. 66, 72): its approved end replaces the payment
        # deadline (T8, from which the surcharge accrues) and, when later, starts court enforcement (T16) instead
        deferred = [rule for rule in clocks.rules() if rule.deferred_by == kind]
        if deferred:
            parts.append(_("Its approved end becomes the deadline of: {clocks}; the surcharge on an overdue fine "
                           "accrues only after it.").format(clocks=list_join(
                               f"{rule.id} {rule.title}" for rule in deferred)))
        start_deferred = [rule for rule in clocks.rules() if rule.start_deferred_by == kind]
        if start_deferred:
            parts.append(_("Its approved end, when later than the usual start, starts instead: {clocks}.").format(
                clocks=list_join(f"{rule.id} {rule.title}" for rule in start_deferred)))
        return join_sentences(parts)  # "…。…。" in Chinese, no space between the sentences

    def _clock_changed(self) -> None:
        self._show_party()
        for widget in self.rows["measure"]:
            widget.setVisible(self._asks_measure())
        if self.kind.currentData() == clocks.EXTENSION and self.clock.currentData():
            rule = clocks.rule(self.clock.currentData())
            self.days.setValue(rule.extension_days)
            self.days.setSuffix(_(" working days") if rule.unit == "wd" else _(" days"))
            self._name_row("days", _("Working days extended") if rule.unit == "wd" else _("Days extended"))
            self._placeholder(rule.extension_approval)
        self.validate()

    def _asks_measure(self) -> bool:
        """Whether the extension chosen is of the period of a seal-up or seizure (T14) of a case with several."""
        return extends_seizure(self._clock()) and self.measure.count() > 0

    def _measure_changed(self) -> None:
        """The party an extension of a seizure names follows the measure chosen (the party whose goods it holds)."""
        chosen = self.measure.currentData() or ""
        if chosen and self.party.count() and self.party.findData(self._measure_parties.get(chosen, "")) >= 0:
            self.party.setCurrentIndex(self.party.findData(self._measure_parties.get(chosen, "")))
        self.validate()

    def _name_row(self, field: str, text: str) -> None:
        """Label the row of ``field`` ``text``, with the field's Alt letter (``LETTERS``); the end date, which Qt
        does not name from its label, named by it (批准延期至, 收到复议决定日期…)."""
        self.rows[field][0].setText(with_fixed_letter(text, LETTERS[field]))
        if field == "ends_on":
            self.ends_on.setAccessibleName(text)

    def _placeholder(self, text: str) -> None:
        """Say who approves in the approver's field, wide enough to show it whole."""
        self.approved_by.setPlaceholderText(text)
        margins = self.approved_by.textMargins()
        self.approved_by.setMinimumWidth(self.approved_by.fontMetrics().horizontalAdvance(text) + margins.left()
                                         + margins.right() + 24)

    def current(self) -> ClockEvent:
        if self.correcting is not None:
            approved = self.approved_on.date().toString("yyyy-MM-dd")
            return replace(self.correcting, days=self.days.value(), starts_on=approved, approved_on=approved,
                           approved_by=self.approved_by.text())
        kind = self.kind.currentData()
        extension = kind == clocks.EXTENSION
        approval = extension or kind in APPROVAL_REQUIRED
        approved = self.approved_on.date().toString("yyyy-MM-dd") if approval or kind == EARLY_STOP else None
        outcome = kind in OUTCOMES
        party = self.party.currentData() if names_party(kind, self._clock()) and self.party.count() else ""
        check = kind == CHECK  # the order re-inspected and the result, kept in ``clock`` and ``days``
        days = self.days.value() if extension else (self.check_result.currentData() or 0) if check else 0
        no_fine = False
        if kind == CHANGED:  # the fine as changed, kept in ``days`` (unreadable: said by ``validate``); 0: none
            days = self._fine()[0]
            no_fine = days == 0 and bool(self.fine.text().strip()) and not self._fine()[1]
        return ClockEvent(
            case_id=self.case.id, kind=kind,
            clock=self.clock.currentData() if extension else (self.order.currentData() or "") if check else "",
            party_id=party or None, days=days, no_fine=no_fine,
            measure_id=(self.measure.currentData() or None) if extension and self._asks_measure() else None,
            starts_on=approved if extension else self.starts_on.date().toString("yyyy-MM-dd"),
            ends_on=None if extension or self.running.isChecked() else self.ends_on.date().toString("yyyy-MM-dd"),
            approved_on=approved, approved_by=self.approved_by.text() if approval or outcome or kind in HEAD_STEPS
            else "",
            note=self.note.text())

    def validate(self) -> dict[str, str]:
        self.ends_on.setEnabled(not self.running.isChecked())
        event = self.current()
        errors = clock_event_errors(self.db, event, self.case)
        if event.kind == CHANGED and self._fine()[1]:
            errors["fine"] = self._fine()[1]
        show_field_errors(self.errors, errors, self.buttons)
        # a demand (催告书) dated while the party may still challenge the decision is warned about, not refused; so
        # is a public notice (公告) recorded as ending on another day than the party's deemed service (T30), and a
        # reconsideration or lawsuit begun after its period (T10, T11, T12: a delay with just cause may be allowed),
        # and an extension approved after its time limit's end as counted through a year without holiday data (a
        # correction's too: ``current`` keeps its id, by which it is counted without the extension corrected)
        warning = ((early_demand(self.db, self.case, event) or notice_end_warning(self.db, self.case, event)
                    or late_challenge_warning(self.db, self.case, event)
                    or withdrawal_warning(self.db, self.case, event)) if self.correcting is None else "") or (
            "" if errors.get("approved_on") else unconfirmed_extension_warning(self.db, self.case, event))
        self.hint.setText("\n".join(part for part in (self._hint(event.kind), warning) if part))
        return errors

    def typed(self) -> tuple:
        return (self.kind.currentData(), self.party.currentData(), self.order.currentData(), self.check_result.currentData(),
                self.clock.currentData(), self.measure.currentData(), self.days.value(),
                self.starts_on.date(), self.ends_on.date(), self.running.isChecked(), self.approved_on.date(),
                self.approved_by.text(), self.fine.text(), self.note.text())

    def _fine(self) -> tuple[int, str]:
        """The fine as changed typed, in fen (0 when empty; 1.5万 read as ``clocks record --fine`` reads it), and what is
        wrong with it ("" when nothing)."""
        from workstation.validators import parse_amount_fen

        try:
            return parse_amount_fen(self.fine.text().strip()), ""
        except ValueError as exc:
            return 0, str(exc)

    def save(self) -> None:
        try:
            event = self.current()
            if self.correcting is not None:
                self.saved = correct_extension(self.db, event.id, event.days, event.approved_on, event.approved_by)
            elif event.kind == "hearing_session":  # a party's own, heard on its own day
                from workstation.procedure import record_hearing_session

                self.recorded = record_hearing_session(self.db, self.case, event.starts_on, event.note,
                                                       (event.party_id,) if event.party_id else ())
                self.saved = self.recorded[0]
            else:
                self.saved = record_clock_event(self.db, event)
                self.recorded = [self.saved]
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        if self.correcting is None and (len(self.recorded) > 1 or (
                not event.party_id and any(e.party_id for e in self.recorded))):
            # the hearing recorded for the parties heard that day, not as asked for the whole case: each one said
            self.prompts.info(self, _("Recorded: {events}.").format(
                events=_("; ").join(describe(e, self.db) for e in self.recorded)))
        if self.correcting is None:
            self._offer_preservation_end(self.saved)
        self.accept()

    def _offer_preservation_end(self, seizure: ClockEvent) -> None:
        """A seal-up or seizure recorded while a preservation (先行登记保存) begun on or before it still runs: ask
        whether it seizes the preserved goods, the decision on them (行政处罚法 art. 56); Yes ends the preservation
        on the seizure's day (T13 met then), No leaves it running (``preservations_decided_by``)."""
        running = preservations_decided_by(self.db, seizure)
        if not running:
            return
        question = _("A “{preservation}” is still running since {since}. Does this {seizure} of {date} hold the "
                     "preserved goods? Then it is the decision on them (行政处罚法 art. 56), and the preservation "
                     "ends on {date}.").format(preservation=shown_label("clock_events", running[0].kind),
                                               since=list_join([event.starts_on for event in running]),
                                               seizure=shown_label("clock_events", seizure.kind),
                                               date=seizure.starts_on)
        if not self.prompts.confirm(self, question):
            return
        try:
            end_decided_preservations(self.db, seizure)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))


class EndEventDialog(QDialog):
    """The last day a recorded stop lasted, checked as it is picked (not before it began, nor while another of
    its kind runs); Save stays disabled while it is wrong, and why shows under the date once it was changed and
    left, or Save was tried."""

    def __init__(self, db, case, event: ClockEvent, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.case, self.clock_event = db, case, event  # not ``self.event``: QObject.event is virtual
        self.setWindowTitle(_("End the event"))
        self.ends_on = _date_edit("ends_on")
        self.ends_on.setDate(QDate.fromString(event.ends_on or today(), "yyyy-MM-dd"))
        self.error = error_label("ends_on")
        self.errors = {"ends_on": self.error}
        self.warning = QLabel()  # a public notice ending on another day than the deemed service (T30): not refused
        self.warning.setObjectName("ends_on_warning")
        self.warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        what = QLabel(mask_text(describe(event, db)))
        what.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(what)
        # a reconsideration ends on the day the party received its decision (T12 counts from it)
        form.addRow(_("Reconsideration decision received on") if event.kind == "reconsideration"
                    else _("Last day it lasted"), self.ends_on)
        form.addRow("", self.error)
        form.addRow("", self.warning)
        form.addRow(self.buttons)
        self.ends_on.dateChanged.connect(self.validate)
        self.validate()

    def value(self) -> str:
        return self.ends_on.date().toString("yyyy-MM-dd")

    def validate(self) -> dict[str, str]:
        ended = replace(self.clock_event, ends_on=self.value())
        found = clock_event_errors(self.db, ended, self.case)
        errors = {"ends_on": join_reasons(found.values())} if found else {}  # all of them are about the last day
        self.warning.setText("" if found else notice_end_warning(self.db, self.case, ended))
        self.warning.setVisible(bool(self.warning.text()))
        return show_field_errors(self.errors, errors, self.buttons, fields={"ends_on": self.ends_on})

    def accept(self) -> None:
        if not self.validate():  # Enter in the date field too
            super().accept()


class CaseClocks(QGroupBox):
    """The case's deadlines and clock events; ``changed`` is called after an event was recorded or removed. An event
    just removed is put back by Undo removal (Ctrl+Z anywhere in the section), until another event of the case is
    recorded, ended or corrected here (``clocks restore`` puts it back later). ``import_calendar``, when given, is
    how 导入节假日文件… under the calendar note imports a file (a case's workspace hands its window's: ``CaseWorkspace.
    _import_calendar``); without it the section imports one itself (``import_here``)."""

    #: the event last removed from each case in this window, to be put back: {(database file, case id): (the
    #: connection it was removed through, event id)}; kept here, as the case's workspace builds its sections again
    #: after every change. One removed through a connection since closed or replaced (the data opened again,
    #: restored from a backup) is not put back: ``_removed_here``
    removed: dict[tuple[str, str], tuple[weakref.ref, str]] = {}

    def __init__(self, db, case, prompts, changed=None, parent: QWidget | None = None, *,
                 import_calendar: Callable[[], object] | None = None):
        super().__init__(_("Deadlines"), parent)
        self.db, self.case, self.prompts, self.changed = db, case, prompts, changed
        self.import_with = import_calendar
        self.table = DeadlineTable(with_case=False)
        self.table.set_data_dir(clocks.data_dir_of(self.db))  # Remaining sorted on this data folder's calendar
        self.table.setMinimumHeight(220)
        # under the note on a year without holiday data: add that year's file here too, then count again
        # (新建年度节假日文件(&,)… 导入节假日文件(&.)… 打开日历文件夹(&/): the case tab's letters are taken)
        self.table.offer_calendar_actions("".join(CASE_PAGE_KEYS[name] for name in (
            "new_calendar_file", "import_calendar", "open_calendar_folder")))
        # 详情(&?)… beside the note, which shows it whole
        self.table.set_details_key(CASE_PAGE_KEYS["calendar_note_details"])
        for button in (self.table.new_file_button, self.table.import_button, self.table.folder_button,
                       self.table.note_details):
            # the key named after what the tooltip said (in Chinese the mark under "," "." "/" is barely seen)
            button.setToolTip(case_key_hint(button.toolTip(), button.objectName()))
        self.table.import_calendar.connect(self.import_calendar)
        self.table.open_calendar_folder.connect(lambda: open_calendar_folder(self.db))
        self.table.new_calendar_file.connect(lambda: new_calendar_file(self, self.prompts, self.db))
        self.events = QListWidget()
        self.events.setObjectName("clock_events")
        self.events.setMaximumHeight(110)
        buttons = QHBoxLayout()
        # Alt+6 … Alt+9, after the documents' Alt+1 … Alt+5 (a case tab's letters are taken: ``ui.case_documents``)
        for key, (text, name, slot) in enumerate((
                (_("Record clock event…"), "record_clock_event", self.record),
                (_("Correct selected extension…"), "correct_extension", self.correct_selected),
                (_("End selected…"), "end_clock_event", self.end_selected),
                (_("Remove selected…"), "remove_clock_event", self.remove_selected)), 6):
            button = QPushButton(with_fixed_letter(text, str(key)))
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        # shown while there is a removal to undo (``_show_undo``)
        self.undo_button = QPushButton(with_fixed_letter(_("Undo removal"), CASE_PAGE_KEYS["undo_clock_removal"]))
        self.undo_button.setObjectName("undo_clock_removal")
        self.undo_button.setToolTip(case_key_hint(_("Put back the event just removed, with its dates, approval and "
                                                    "note"), "undo_clock_removal", "Ctrl+Z"))
        self.undo_button.clicked.connect(self.undo_removal)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_removal)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(_("Events that stop, extend or start a time limit:")))
        layout.addWidget(self.events)
        layout.addLayout(buttons)
        self.counted_on = ""  # the day the deadlines shown were counted on (ISO)
        self.refresh()
        # the case left open past midnight: its deadlines counted again once the day has changed (in a case's
        # workspace, ``changed`` given, the workspace's own watch rebuilds it whole: none here)
        self.day_watch = day_watch(self, self._count_again_if_out_of_date) if changed is None else None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._count_again_if_out_of_date()  # shown again on a later day (its tab chosen again)

    def import_calendar(self) -> None:
        """导入节假日文件… under the note: through the ``import_calendar`` given (in a case's workspace in a window,
        the way its deadline board imports one — ``DeadlineBoard.import_calendar``: in the background with its
        progress, then the interviews' deadlines, the board and every open case, this one among them, and their
        editors counted again on the new calendar once); without one, here (``import_here``)."""
        if self.import_with is not None:
            self.import_with()
        else:
            self.import_here()

    def import_here(self) -> None:
        """导入节假日文件… by the section itself (on its own, no board to import through), then counted again."""
        if import_calendar_file(self, self.prompts, self.db):
            self.refresh()

    def _count_again_if_out_of_date(self) -> None:
        """Count the deadlines again once the day has changed; in a case's workspace (``changed`` given) the
        workspace watches the day and rebuilds itself whole — its actions and their reasons are of the day too —,
        this section with it, not counted here first."""
        if self.changed is None and self.counted_on and self.counted_on != today():
            self.refresh()

    def refresh(self) -> None:
        self.case = get_case(self.db, self.case.id)
        self.counted_on = today()
        self.deadlines = clocks.case_clocks(self.db, self.case, on=self.counted_on)
        self.table.set_deadlines(self.deadlines, clocks.calendar_note(self.deadlines, clocks.data_dir_of(self.db)))
        self.events.clear()
        superseded = clocks.superseded_extensions(self.deadlines)
        for event in clock_events_of(self.db, self.case.id):
            # numbers written in a note are masked here as on the timeline (a suspension's note is its reason)
            text = describe(event, self.db) + (f" — {event.note}" if event.note else "")
            if event.id in superseded:  # a second extension of a clock the law extends once, from before the rule
                text = _("{event} — not counted: {clock} may be extended once and the first extension counts; "
                         "correct or remove this record").format(event=text, clock=superseded[event.id].rule.id)
            item = QListWidgetItem(mask_text(text))
            item.setData(256, event.id)
            self.events.addItem(item)
        self._show_undo()

    def _show_undo(self) -> None:
        """Undo removal shown while an event removed here may be put back."""
        self.undo_button.setVisible(self._removed_here() is not None)

    def _removal_key(self) -> tuple[str, str]:
        """The case's place in ``removed``: its data's database file (the connection's own, in memory) and its id."""
        return str(self.db.file() or f"memory:{id(self.db)}"), self.case.id

    def _removed_here(self) -> str | None:
        """The event removed last from the case through this connection, to be put back; one removed through
        another (the data opened again since) is forgotten."""
        kept = self.removed.get(self._removal_key())
        if kept is None:
            return None
        if kept[0]() is not self.db:
            self.removed.pop(self._removal_key(), None)
            return None
        return kept[1]

    def record(self, dialog: ClockEventDialog | None = None, made: bool = False) -> None:
        """Record an event in ``dialog`` (a new one when None); ``made``: the caller made it for this (举行听证… of the
        workspace, preset), so it is deleted once done, as one made here."""
        shown = dialog or ClockEventDialog(self.db, self.case, self.prompts, self)
        if exec_once(shown, made=made or dialog is None) == QDialog.DialogCode.Accepted:
            self._changed()

    def _selected_id(self) -> str | None:
        item = self.events.currentItem()
        return item.data(256) if item is not None else None

    def end_selected(self, dialog: EndEventDialog | None = None) -> None:
        event_id = self._selected_id()
        if event_id is None:
            self.prompts.info(self, _("Select an event first."))
            return
        event = get_clock_event(self.db, event_id)
        if one_off(event.kind):
            self.prompts.info(self, _("“{kind}” happened on one day, {date}: it has no end to record.").format(
                kind=shown_label("clock_events", event.kind), date=event.starts_on))
            return
        from workstation.formkit.measures import held_refusal

        held = held_refusal(self.db, self.case, event) if event.ends_on is None else None
        if held and not self.prompts.confirm(self, _("{held} If they were given back or disposed of on paper, end it all the same?").format(held=held)):
            return  # goods still held by its document: ended only on the officer's word
        shown = dialog or EndEventDialog(self.db, self.case, event, self)
        if exec_once(shown, made=dialog is None) != QDialog.DialogCode.Accepted:
            return
        try:
            # the store checks again unless the officer was asked above (goods held by its document since: refused)
            end_clock_event(self.db, event_id, shown.value(), despite_held=bool(held))
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self._changed()

    def correct_selected(self, dialog: ClockEventDialog | None = None) -> None:
        """Correct the selected extension (its length, approval date or approver), e.g. the single extension of
        T1 recorded wrongly."""
        event_id = self._selected_id()
        if event_id is None:
            self.prompts.info(self, _("Select an event first."))
            return
        event = get_clock_event(self.db, event_id)
        if event.kind != clocks.EXTENSION:
            self.prompts.info(self, _("Select a recorded extension to correct it; another event recorded wrongly is "
                                      "removed with the reason (Remove selected…)."))
            return
        shown = dialog or ClockEventDialog(self.db, self.case, self.prompts, self, correcting=event)
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted:
            self._changed()

    def remove_selected(self) -> None:
        event_id = self._selected_id()
        if event_id is None:
            self.prompts.info(self, _("Select an event first."))
            return
        reason = self.prompts.ask_text(self, _("Remove the event"), _("Why is it removed?"), "")
        if reason is None:
            return
        try:
            delete_clock_event(self.db, event_id, reason)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.removed[self._removal_key()] = (weakref.ref(self.db), event_id)  # after the section is built again,
        # Ctrl+Z puts it back
        self._changed(removed=True)

    def undo_removal(self) -> None:
        """Put back the event removed last in this case (``restore_clock_event``: as a new record, with its dates,
        approval and note); one that no longer fits the events recorded since is said, and left removed."""
        event_id = self._removed_here()
        if event_id is None:
            return
        self.removed.pop(self._removal_key(), None)
        try:
            restore_clock_event(self.db, event_id)
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            self._show_undo()
            return
        self._changed()

    def _changed(self, removed: bool = False) -> None:
        """An event recorded, ended, corrected or removed: the deadlines counted again — by the workspace's rebuild
        when in one (``changed``), not here as well. After any change but a removal (``removed``), Undo removal has
        nothing left to put back."""
        if not removed:
            self.removed.pop(self._removal_key(), None)
        if self.changed is not None:
            self.changed()
        else:
            self.refresh()

