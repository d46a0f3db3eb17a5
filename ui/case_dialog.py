"""Creating and editing a case: number, cause, sector, agency, violations, parties, officers, key dates,
infringing-record counts and amounts, each field checked as the officer types."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ui.dialog_undo import DialogEdit, UndoKeysToDialog, bind_undo_keys
from ui.field_widgets import date_placeholder, part_name
from ui.layouts import (
    AsksBeforeDropping,
    add_agency,
    enter_calls,
    error_label,
    fit_to_screen,
    scrolled_fields,
    show_field_errors,
    show_refusal,
)
from ui.party_dialog import PartyDialog
from ui.typing_drafts import KeepsTyping
from workstation.bundle.conflict_text import FIELD_LABELS
from workstation.case_reference import Abbreviations, number_key, number_warnings
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.masking import mask_id, mask_text
from workstation.money import yuan_input
from workstation.records import Case
from workstation.station_role import own_agency
from workstation.store import (
    create_case,
    get_agency,
    get_officer,
    get_party,
    list_agencies,
    list_officers,
    list_parties,
    next_case_number,
    update_case,
)
from workstation.store.cases import case_field_errors, filing_year, future_date_errors, step_actions, unfiled
from workstation.validators import MAX_COUNT, parse_amount_fen, parse_date, year_slip
from workstation.vocabulary import shown_label, shown_labels

# the filing's proposal (立案呈批日期, optional) next to the filing date, the day it was approved
DATE_FIELDS = ("lead_received_on", "filing_proposed_on", "filed_on", "notice_served_on", "decided_on", "served_on",
               "closed_on")
COUNT_FIELDS = ("records_trace", "records_sensitive", "records_other")
MONEY_FIELDS = ("illegal_gains_fen", "fine_fen", "confiscated_fen")
DECIDED_FIELDS = ("fine_fen", "confiscated_fen")  # those a 行政处罚决定书 in force decides
OFFICER_ROWS = 7  # the officers seen at least without scrolling the list (a bureau has a dozen or two)


class CountBox(QDoubleSpinBox):
    """A box for an infringing-record count: a whole number up to the largest a register import takes
    (``validators.MAX_COUNT``), grouped by thousands. A QSpinBox holds no more than 2,147,483,647, which a case
    imported with 2,500,000,000 records exceeds; a double holds every whole number of this range exactly. Digits
    typed full width (１２３, as a Chinese input method gives them) are read as the others; a fraction typed (1.5)
    stays as typed, for the dialog to refuse under the field (``fraction``), never taken as 1 or 2."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(2)  # what a fraction typed holds, to be shown and refused rather than rounded away
        self.setRange(0, MAX_COUNT - 1)
        self.setGroupSeparatorShown(True)

    def validate(self, text: str, pos: int):
        return super().validate(unicodedata.normalize("NFKC", text), pos)  # １２３，４５６ as 123,456

    def valueFromText(self, text: str) -> float:  # noqa: N802 (Qt's name)
        return super().valueFromText(unicodedata.normalize("NFKC", text))

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt's name)
        text = super().textFromValue(value)
        point = self.locale().decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text  # 1,234 (a fraction: 1.5)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Enter in a box emptied (or holding "-") does nothing: Qt would put back the count it held last, with its
        signals blocked, so that the box showed that count under the error saying to type one (Save, disabled by
        that error, is not pressed either way). The count is put back when the box is left (``editingFinished``)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.hasAcceptableInput():
            event.accept()
            return
        super().keyPressEvent(event)

    def fraction(self) -> bool:
        """Whether the count typed has a fraction (1.5), which no count of records has."""
        return not self.value().is_integer()

    def count(self) -> int:
        """The count shown, as the case stores it."""
        return round(self.value())

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        """Name the box and the box typed in inside it, which the keyboard reaches and Qt names by nothing."""
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)


def field_label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field))


def year_slips(case: Case, stored: Case | None, fields) -> dict[str, str]:
    """The dates of ``fields`` typed on ``case`` in a year before ``validators.EARLIEST_YEAR`` (1026 for 2026), by
    field, each named by its label; a date kept as ``stored`` holds it is not refused again."""
    slips = {}
    for field in fields:
        try:
            iso = parse_date(getattr(case, field))
        except ValueError:  # not a date: said by ``case_field_errors``
            continue
        if (stored is None or iso != getattr(stored, field)) and (
                slip := year_slip(iso, f"“{field_label(field)}”")):
            slips[field] = slip
    return slips


def same_lines(stored: str, shown: str) -> bool:
    """Whether ``shown``, text as a text box gives it back (each line break LF), is ``stored`` with its line breaks
    written otherwise (CR LF, CR, U+2028, U+2029)."""
    return _LINE_BREAKS.sub("\n", stored) == _LINE_BREAKS.sub("\n", shown)


_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")


def list_height(widget: QListWidget, rows: int) -> int:
    """The height of ``widget`` showing ``rows`` rows of a check box and a line of text."""
    indicator = widget.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight)
    return rows * (max(widget.fontMetrics().height(), indicator) + 4) + 2 * widget.frameWidth()


def _yuan(fen: int) -> str:
    return yuan_input(fen) if fen else ""


def received_before_assignment(day: str | None, lead: dict | None) -> str | None:
    """The day the case's lead was received when ``day``, the case's 线索接收日期, is the day the lead was assigned
    (交办) later: the case carries the assignment day, since the lead's verification period (T1) counts from it and
    goes on in the case (``leads_workflow.t1_start``). None when ``day`` is the day the lead was received."""
    if not day or lead is None:
        return None
    received = (lead["received_at"] or "")[:10]
    return received if lead["assigned_on"] == day and received and received != day else None


def _signed_in_agency(db) -> str | None:
    """The agency of the officer signed in (``number_blocks.signed_in_officer``), None when nobody is (an active
    officer of that name first)."""
    from workstation.documents.number_blocks import signed_in_officer
    from workstation.store.agencies import list_officers

    name = signed_in_officer(db)
    found = [officer for officer in list_officers(db, with_inactive=True) if name and officer.name == name]
    found.sort(key=lambda officer: not officer.active)
    return found[0].agency_id if found else None


class CaseDialog(KeepsTyping, AsksBeforeDropping, QDialog):
    """Case editor; after Save, ``saved_case`` is the stored case."""

    _case_officers: tuple | list = ()  # the officers of the case edited (kept listed even when no longer offered)
    _lead: dict | None = None  # the lead the case edited was filed from
    _agency_index = -1  # the agency chosen after the last edit recorded

    def __init__(self, db, prompts, case: Case | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.prompts, self.original = db, prompts, case
        # one blank for a new case, so that its id stays the same from one reading of the fields to the next
        self._base = case or Case(case_number="", cause="", sector="", agency_id="")
        self.saved_case: Case | None = None
        self.setWindowTitle(_("Edit case {number}").format(number=case.case_number or _("not filed")) if case else _("New case"))
        fit_to_screen(self, 760, 820)
        self.errors: dict[str, QLabel] = {}
        body = QWidget()
        self.form = QFormLayout(body)
        self._build()
        scroll = scrolled_fields(body)
        # errors of fields this dialog does not show (set by the procedure or in 法律适用与裁量, such as the
        # review date or the date of the act): said here, or Save would be disabled without a reason
        self.other_errors = error_label("other")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.other_errors)
        layout.addWidget(self.buttons)
        self._load(case)
        self._undo_keys()
        self.validate()
        self.mark_loaded()

    # building -------------------------------------------------------------------------------------------
    def _row(self, field: str, widget: QWidget, required: bool = False, control: QWidget | None = None) -> None:
        """The field's row: its label, whose buddy is ``control`` (the list of a row holding more than one
        control; else ``widget``), which is named by the label for a screen reader (a list, a drop-down, a count
        box has no name of its own; on Linux Qt names a drop-down by its current choice)."""
        error = error_label(field)
        self.errors[field] = error
        self.form.addRow(field_label(field) + (" *" if required else ""), widget)
        self.form.addRow("", error)
        if control is not None:
            self.form.labelForField(widget).setBuddy(control)
        named = control or widget
        if isinstance(named, (QComboBox, QListWidget, CountBox)):
            named.setAccessibleName(field_label(field))
            if isinstance(named, QComboBox) and named.lineEdit() is not None:  # a list of agencies typed in
                named.lineEdit().setAccessibleName(field_label(field))

    def _build(self) -> None:
        self.case_number = QLineEdit()
        self._row("case_number", self.case_number)
        # what to check in a number that is accepted: another agency's prefix, a year not the filing year
        self.case_number_warning = QLabel()
        self.case_number_warning.setObjectName("case_number_warning")
        self.case_number_warning.setStyleSheet("color: #8a4b00;")
        self.case_number_warning.setWordWrap(True)
        self.case_number_warning.hide()
        self.form.addRow("", self.case_number_warning)
        self.cause = QLineEdit()
        self.cause.setPlaceholderText(_("e.g. …涉嫌未经消费者同意向其发送商业性信息案"))
        self._row("cause", self.cause, True)
        self.sector = QComboBox()
        for key, text in shown_labels("sectors").items():
            self.sector.addItem(text, key)
        self._row("sector", self.sector, True)
        self.agency = QComboBox()
        for agency in list_agencies(self.db):
            add_agency(self.agency, agency)
        from ui.agency_search import searchable

        searchable(self.agency, keeps_choice=False)  # the case's agency, saved: text naming none is kept, in red
        self._row("agency_id", self.agency, True)
        # once documents under the bureau's 文号 were issued the case stays with it: the other bureaus greyed out
        self.agency_note = QLabel()
        self.agency_note.setObjectName("agency_locked_note")
        self.agency_note.setWordWrap(True)
        self.agency_note.hide()
        self.form.addRow("", self.agency_note)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.violations: dict[str, QCheckBox] = {}
        for key, text in shown_labels("violations").items():
            self.violations[key] = QCheckBox(text)
            column.addWidget(self.violations[key])
        self._row("violations", box)
        # after a notice the violations and cause may change, said under them; with a decision in force read only
        self.violations_note = QLabel()
        self.violations_note.setObjectName("violations_note")
        self.violations_note.setStyleSheet("color: #8a4b00;")
        self.violations_note.setWordWrap(True)
        self.violations_note.hide()
        self.form.addRow("", self.violations_note)
        self._row("party_ids", self._parties_widget(), True, self.parties)
        self.officers = QListWidget()
        # the body scrolls: the list shows several officers, and grows to twice as many before it scrolls itself
        self.officers.setMinimumHeight(list_height(self.officers, OFFICER_ROWS))
        self.officers.setMaximumHeight(list_height(self.officers, 2 * OFFICER_ROWS))
        self._row("officer_ids", self._officers_widget(), control=self.officers)
        self.dates: dict[str, QLineEdit] = {}
        for field in DATE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(date_placeholder())
            if step_actions(field):
                # a step's date is the procedure action's (立案, 送达, 决定 …), recorded when the case takes it:
                # shown read only once taken, greyed out before (_load)
                edit.setReadOnly(True)
                edit.setEnabled(False)
                edit.setPlaceholderText(_("not reached yet"))
                edit.setToolTip(_("Recorded by the procedure action “{action}” in the case's workspace.").format(
                    action=_("” or “").join(shown_label("transitions", name) for name in step_actions(field))))
            self.dates[field] = edit
            self._row(field, edit)
            if field == "lead_received_on":
                self._lead_day_note()
        self.counts: dict[str, CountBox] = {}
        for field in COUNT_FIELDS:
            spin = CountBox()
            self.counts[field] = spin
            self._row(field, spin)
        self.duty_related = QCheckBox(field_label("duty_related"))
        self.form.addRow("", self.duty_related)
        self.money: dict[str, QLineEdit] = {}
        for field in MONEY_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText("0.00")
            self.money[field] = edit
            self._row(field, edit)
            if field == "fine_fen":
                self._fine_maximum_note()
                self._minor_note()
        # once a 行政处罚决定书 is in force the fine and confiscation are its own: shown read only, saying so
        self.decided_note = QLabel()
        self.decided_note.setObjectName("decided_amounts_note")
        self.decided_note.setWordWrap(True)
        self.decided_note.hide()
        self.form.addRow("", self.decided_note)
        # a closed or archived case keeps the counts, amounts and cause it was closed with: read only, saying so
        self.closed_note = QLabel()
        self.closed_note.setObjectName("closed_figures_note")
        self.closed_note.setWordWrap(True)
        self.closed_note.hide()
        self.form.addRow("", self.closed_note)
        self.facts = QPlainTextEdit()
        self.facts.setTabChangesFocus(True)  # Tab goes on to Save, as in the other fields (a fact needs no tab)
        self.facts.setMinimumHeight(110)
        self._row("facts", self.facts)
        for widget in (self.case_number, self.cause, *self.dates.values(), *self.money.values()):
            widget.textChanged.connect(self.validate)
        for spin in self.counts.values():
            # at each change of its text, the value's too: a box emptied keeps its value, and is refused under it
            spin.lineEdit().textChanged.connect(self.validate)
            # left emptied (Tab, a click elsewhere): Qt puts back the count it held with its signals blocked, no
            # textChanged saying so — checked again, so that the error goes with the text it was about
            spin.editingFinished.connect(self.validate)
        self.sector.currentIndexChanged.connect(lambda: self._record_value("sector"))
        self.sector.currentIndexChanged.connect(self.validate)
        self.agency.currentIndexChanged.connect(self._agency_changed)
        for key, box in self.violations.items():
            box.toggled.connect(lambda _on, key=key: self._record_value(("violation", key)))
            box.toggled.connect(self.validate)
        self.duty_related.toggled.connect(lambda: self._record_value("duty_related"))
        self.officers.itemChanged.connect(self._record)  # an officer ticked or unticked
        self.officers.itemChanged.connect(self.validate)
        self.facts.textChanged.connect(self.validate)

    def _fine_maximum_note(self) -> None:
        """Under the fine: a fine typed above the maximum of the case's penalty basis (``procedure.
        typed_maximum_refusal``, which refuses to record a notice or decision on paper with it). Told, the case still
        saved: the maximum rests on what may yet change — the illegal gains, the basis chosen, a fact such as 拒不改正
        recorded under Penalty and discretion… — and the amounts may be corrected before the decision is recorded."""
        self.fine_maximum_warning = QLabel()
        self.fine_maximum_warning.setObjectName("fine_maximum_warning")
        self.fine_maximum_warning.setStyleSheet("color: #8a4b00;")
        self.fine_maximum_warning.setWordWrap(True)
        self.fine_maximum_warning.hide()
        self.form.addRow("", self.fine_maximum_warning)

    def _minor_note(self) -> None:
        """Under the fine: a fine typed for a natural-person party under 18 by its ID number while the case does not
        record the circumstance for its age (``discretion_tiers.minor_party_warning``, Penalty Law art. 30). Told,
        the case still saved: ticked under Penalty and discretion, the circumstance is held to by the tier checks."""
        self.minor_warning = QLabel()
        self.minor_warning.setObjectName("minor_party_warning")
        self.minor_warning.setStyleSheet("color: #8a4b00;")
        self.minor_warning.setWordWrap(True)
        self.minor_warning.hide()
        self.form.addRow("", self.minor_warning)

    def _show_minor(self, case: Case, errors: dict[str, str]) -> None:
        from workstation.discretion_tiers import minor_party_warning

        warning = None
        if case.fine_fen and "fine_fen" not in errors and "party_ids" not in errors:
            warning = minor_party_warning(self.db, case, case.fine_fen)
        self.minor_warning.setText(warning or "")
        self.minor_warning.setVisible(bool(warning))

    def _show_fine_maximum(self, case: Case, errors: dict[str, str]) -> None:
        from workstation.procedure import typed_maximum_refusal

        refusal = None
        if case.fine_fen and "fine_fen" not in errors and not self.money["fine_fen"].isReadOnly():
            # worked out again only when more than the facts changed: validate() runs at each keystroke in them
            key = replace(case, facts="")
            if getattr(self, "_maximum_checked", (None,))[0] == key:
                refusal = self._maximum_checked[1]
            else:
                try:
                    refusal = typed_maximum_refusal(self.db, case)
                except WorkstationError:  # the case's law cannot be worked out yet: said under the fields
                    refusal = None
                self._maximum_checked = (key, refusal)
        self.fine_maximum_warning.setText(_(
            "Saved as typed, but a notice or decision cannot be recorded with this fine: {reason}").format(
            reason=refusal) if refusal else "")
        self.fine_maximum_warning.setVisible(bool(refusal))

    def _lead_day_note(self) -> None:
        """The note under 线索接收日期 saying, while it holds the day the case's lead was assigned, that it is that day
        and when the lead was received, as the case's workspace says it (``received_before_assignment``)."""
        self.lead_day_note = QLabel()
        self.lead_day_note.setObjectName("lead_day_note")
        self.lead_day_note.setWordWrap(True)
        self.lead_day_note.hide()
        self.form.addRow("", self.lead_day_note)
        self.dates["lead_received_on"].textChanged.connect(self._show_lead_day)

    def _show_lead_day(self) -> None:
        day = self.dates["lead_received_on"].text().strip()
        received = received_before_assignment(day, self._lead)
        if received:
            self.lead_day_note.setText(_("{assigned} is the day the lead was assigned; it was received on "
                                         "{received}.").format(assigned=day, received=received))
        self.lead_day_note.setVisible(bool(received))

    def _officers_widget(self) -> QWidget:
        """The officer list (the case's ticked officers first, in the order they sign) with buttons moving the
        selected one up or down that order."""
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.officers, 1)
        buttons = QVBoxLayout()
        # Alt+U and Alt+D press them; Alt+Up and Alt+Down move the officer chosen while the list has the keyboard
        self.officer_up, self.officer_down = QPushButton(_("Move &up")), QPushButton(_("Move &down"))
        for button, step, key, tip in (
                (self.officer_up, -1, "Alt+Up", _("Move the chosen officer up (Alt+Up): the case's officers sign in "
                                                  "the order listed, the first is the lead officer.")),
                (self.officer_down, 1, "Alt+Down", _("Move the chosen officer down (Alt+Down): the case's officers "
                                                     "sign in the order listed, the first is the lead officer."))):
            button.setObjectName("officer_up" if step < 0 else "officer_down")
            button.setAutoDefault(False)  # Enter saves the case, it does not move an officer
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, step=step: self.move_officer(step))
            shortcut = QShortcut(QKeySequence(key), self.officers, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.move_officer(step))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.officers.currentRowChanged.connect(self._show_moves)
        self._show_moves()
        return box

    def _show_moves(self) -> None:
        """上移 only below the first officer, 下移 only above the last (neither with one officer or none chosen)."""
        row, count = self.officers.currentRow(), self.officers.count()
        self.officer_up.setEnabled(row > 0)
        self.officer_down.setEnabled(0 <= row < count - 1)

    def move_officer(self, step: int) -> None:
        """Move the selected officer one place up (``step`` -1) or down (1) the list."""
        row = self.officers.currentRow()
        if row < 0 or not 0 <= row + step < self.officers.count():
            return
        self.officers.blockSignals(True)
        item = self.officers.takeItem(row)
        self.officers.insertItem(row + step, item)
        self.officers.setCurrentRow(row + step)
        self.officers.blockSignals(False)
        self._show_moves()
        self._record()
        self.validate()

    # undoing the edits ---------------------------------------------------------------------------------------
    def _undo_keys(self) -> None:
        """Ctrl+Z and the redo keys (the platform's and Ctrl+Y) step back and forth through the edits of the case in
        the order made, wherever the keyboard is: the typing in each field, the ticks, the sector and agency
        chosen, the parties and officers."""
        self.undo_stack = QUndoStack(self)
        self._lists = self.lists()  # what the lists held after the last edit recorded
        # the agency loaded (the first of the list too, chosen without a change): what undoing the first choice shows
        self._agency_index = self.agency.currentIndex()
        self._values = {key: self.value(key) for key in self._value_keys()}  # each field's after its last edit
        self._putting = False
        keys = UndoKeysToDialog(self)
        # Ctrl+Z in the party search takes back the party it just added, as elsewhere the dialog's last edit
        self.party_search.installEventFilter(keys)
        for widget in self._value_widgets().values():
            for field in (widget, *widget.findChildren(QLineEdit)):  # a spin box's own line too
                field.installEventFilter(keys)
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _text, w=widget: self._record_typing(w))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda w=widget: self._record_typing(w))
            elif isinstance(widget, CountBox):
                widget.valueChanged.connect(lambda _value, w=widget: self._record_typing(w))
        bind_undo_keys(self, self.undo_stack, "case")

    def redo_outside_text(self) -> None:
        self.undo_stack.redo()

    def _value_widgets(self) -> dict:
        """The fields whose typing is undone step by step, by key (read-only ones are not typed in)."""
        widgets = {"case_number": self.case_number, "cause": self.cause, "facts": self.facts}
        widgets |= {field: edit for field, edit in (*self.dates.items(), *self.money.items(), *self.counts.items())
                    if not edit.isReadOnly()}
        return {key: widget for key, widget in widgets.items() if key != "cause" or not widget.isReadOnly()}

    def _value_keys(self) -> list:
        return [*self._value_widgets(), "sector", "duty_related", *(("violation", k) for k in self.violations)]

    def _widget(self, key) -> QWidget:
        if isinstance(key, tuple):
            return self.violations[key[1]]
        return {"sector": self.sector, "duty_related": self.duty_related}.get(key) or self._value_widgets()[key]

    def value(self, key):
        """What the field of ``key`` holds: its text, number, tick or the key chosen."""
        widget = self._widget(key)
        if isinstance(widget, QComboBox):
            return widget.currentIndex()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, CountBox):
            return widget.value()  # a fraction typed too, put back as typed
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def _record_value(self, key, typing: bool = False) -> None:
        """Put the change just made to the field of ``key`` on the undo stack (none while the dialog fills it or an
        undo puts it back)."""
        if not hasattr(self, "undo_stack") or self._putting:
            return
        now = self.value(key)
        if now != self._values[key]:
            self.undo_stack.push(DialogEdit(self, key, self._values[key], now, typing=typing))
            self._values[key] = now

    def _record_typing(self, widget: QWidget) -> None:
        key = next(k for k, w in self._value_widgets().items() if w is widget)
        self._record_value(key, typing=True)

    def put(self, key, value) -> None:
        """Show ``value`` (from ``value``, ``lists`` or the agency's step) in the field of ``key`` again, and put the
        keyboard there."""
        self._putting = True
        try:
            if key == "lists":
                self.put_lists(value)
                return
            if key == "agency":
                index, lists = value
                self.agency.blockSignals(True)
                self.agency.setCurrentIndex(index)
                self.agency.blockSignals(False)
                self._agency_index = index
                self.put_lists(lists)
                self.agency.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            widget = self._widget(key)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(value)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(value)
            elif isinstance(widget, CountBox):
                widget.setValue(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
                widget.moveCursor(widget.textCursor().MoveOperation.End)
            else:
                widget.setText(value)
            self._values[key] = value
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        finally:
            self._putting = False
            self.validate()

    def lists(self) -> tuple:
        """The parties (id, text) and the officers (id, text, ticked) in their order, as shown."""
        parties = tuple((item.data(Qt.ItemDataRole.UserRole), item.text())
                        for item in (self.parties.item(i) for i in range(self.parties.count())))
        officers = tuple((item.data(Qt.ItemDataRole.UserRole), item.text(), item.checkState() == Qt.CheckState.Checked)
                         for item in (self.officers.item(i) for i in range(self.officers.count())))
        return parties, officers

    def _record(self) -> None:
        """Put the change just made to the lists on the undo stack (none while the dialog fills them)."""
        if not hasattr(self, "undo_stack"):
            return
        now = self.lists()
        if now != self._lists:
            self.undo_stack.push(DialogEdit(self, "lists", self._lists, now))
            self._lists = now

    def put_lists(self, state: tuple) -> None:
        """Show the parties and officers of ``state`` (from ``lists``), keeping the officer chosen chosen."""
        parties, officers = state
        self.parties.clear()
        for party_id, text in parties:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, party_id)
            self.parties.addItem(item)
        chosen = self.officers.currentItem().data(Qt.ItemDataRole.UserRole) if self.officers.currentItem() else None
        self.officers.blockSignals(True)
        self.officers.clear()
        for officer_id, text, ticked in officers:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, officer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.officers.addItem(item)
            if officer_id == chosen:
                self.officers.setCurrentItem(item)
        self.officers.blockSignals(False)
        self._lists = state
        self._show_moves()
        self.validate()

    def _parties_widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.parties = QListWidget()
        self.parties.setMaximumHeight(90)
        layout.addWidget(self.parties)
        self.party_search = QLineEdit()
        self.party_search.setPlaceholderText(_("Find a party by name or code"))
        enter_calls(self.party_search, self._enter_in_search)  # Enter adds the party found instead of saving the case
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.party_search, context=Qt.ShortcutContext.WidgetShortcut)
        down.setObjectName("party_search_down")
        down.activated.connect(self._down_in_search)
        self.party_choices = QComboBox()
        self.party_choices.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.party_choices.setMinimumContentsLength(20)
        # nothing chosen until the officer searches or picks: Add never adds a party no one chose
        self.party_choices.setPlaceholderText(_("Search by name or credit code"))
        # the search and what it found are parts of 当事人, named with it (the label beside them names the list)
        self.party_search.setAccessibleName(part_name(field_label("party_ids"), _("Search")))
        self.party_choices.setAccessibleName(part_name(field_label("party_ids"), _("Parties found")))
        enter_calls(self.party_choices, self._add_chosen_party)  # Enter in the list adds the party chosen there
        # Alt+A, Alt+N and Alt+R press them from anywhere in the dialog (上移 and 下移 have U and D, 保存 S)
        self.add_party_button = add = QPushButton(_("&Add"))
        self.new_party_button = new = QPushButton(_("&New party…"))
        remove = QPushButton(_("&Remove"))
        find_row, button_row = QHBoxLayout(), QHBoxLayout()
        find_row.addWidget(self.party_search, 1)
        find_row.addWidget(self.party_choices, 2)
        for button in (add, new, remove):
            button_row.addWidget(button)
        button_row.addStretch(1)
        layout.addLayout(find_row)
        layout.addLayout(button_row)
        self.party_search.textChanged.connect(self._search_parties)
        self.party_choices.currentIndexChanged.connect(self._party_chosen)
        add.clicked.connect(self._add_chosen_party)
        new.clicked.connect(self._new_party)
        remove.clicked.connect(self._remove_party)
        self._search_parties("")
        return box

    # parties and officers ---------------------------------------------------------------------------------
    def _search_parties(self, text: str) -> None:
        """Offer the parties found by ``text``: the first one chosen once something is typed, none before."""
        self.party_choices.clear()
        for party in list_parties(self.db, text, limit=50):
            # shown masked, as the parties added are (a placeholder named after a number): found by it whole
            self.party_choices.addItem(f"{mask_text(party.name)}  {party.uscc or mask_id(party.id_number)}", party.id)
        self.party_choices.setCurrentIndex(0 if text.strip() and self.party_choices.count() else -1)
        self._party_chosen()

    def _party_chosen(self) -> None:
        self.add_party_button.setEnabled(bool(self.party_choices.currentData()))

    def add_party(self, party_id: str) -> None:
        if party_id in self.party_ids():
            return
        party = get_party(self.db, party_id)
        item = QListWidgetItem(f"{mask_text(party.name)}  {party.uscc or mask_id(party.id_number)}")
        item.setData(Qt.ItemDataRole.UserRole, party_id)
        self.parties.addItem(item)
        self._record()
        self.validate()

    def _add_chosen_party(self) -> None:
        if self.party_choices.currentData():
            self.add_party(self.party_choices.currentData())

    def _enter_in_search(self) -> None:
        """Enter in the search adds the party found first (the one the list of those found shows chosen), whether
        one or several were found; Down goes into that list to choose another (``_down_in_search``)."""
        if self.party_search.text().strip() and self.party_choices.count():
            self._add_chosen_party()

    def _down_in_search(self) -> None:
        """Down in the search goes to the list of the parties found, on the one chosen: Down and Up there choose
        another, Alt+Down opens the list, Enter adds the one chosen."""
        if self.party_choices.count():
            self.party_choices.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _new_party(self) -> None:
        dialog = PartyDialog(self.db, self.prompts, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_party:
            self.add_party(dialog.saved_party.id)

    def _remove_party(self) -> None:
        for item in self.parties.selectedItems():
            self.parties.takeItem(self.parties.row(item))
        self._record()
        self.validate()

    def party_ids(self) -> list[str]:
        return [self.parties.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.parties.count())]

    def _agency_changed(self) -> None:
        self._fill_officers(self.officer_ids())
        if hasattr(self, "undo_stack"):  # another agency's officers: one step, undone with the officers it offered
            before = (self._agency_index, self._lists)
            self._agency_index, self._lists = self.agency.currentIndex(), self.lists()
            self.undo_stack.push(DialogEdit(self, "agency", before, (self._agency_index, self._lists)))
        self._agency_index = self.agency.currentIndex()
        self.validate()

    def _fill_officers(self, checked: list[str]) -> None:
        agency_id = self.agency.currentData()
        if not agency_id:
            return
        agency = get_agency(self.db, agency_id)
        owner = agency.parent_id if agency.level == "town" else agency.id
        self.officers.blockSignals(True)
        self.officers.clear()
        offered = list_officers(self.db, owner)
        # the case's own officers stay listed (and named) though no longer offered: one who left (deactivated) is
        # unticked by the officer, not dropped from the case by opening it
        kept = [oid for oid in checked if oid in self._case_officers and oid not in {o.id for o in offered}]
        offered += [get_officer(self.db, oid) for oid in kept]
        # the ticked ones first, in the order given (the case's: who signs first), the others after in the list's
        offered.sort(key=lambda officer: checked.index(officer.id) if officer.id in checked else len(checked))
        for officer in offered:
            cert = officer.cert_no or _("no enforcement certificate")
            item = QListWidgetItem(_("{name} (enforcement certificate {cert})").format(name=officer.name, cert=cert))
            if not officer.active:
                item.setText(_("{officer} — left (deactivated)").format(officer=item.text()))
            item.setData(Qt.ItemDataRole.UserRole, officer.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if officer.id in checked else Qt.CheckState.Unchecked)
            self.officers.addItem(item)
        self.officers.blockSignals(False)
        self._show_moves()

    def officer_ids(self) -> list[str]:
        items = (self.officers.item(i) for i in range(self.officers.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    # values ---------------------------------------------------------------------------------------------
    def _load(self, case: Case | None) -> None:
        self._case_officers = case.officer_ids if case else []
        station = own_agency(self.db)  # at headquarters without an agency chosen, the city bureau
        # a new case at a station with no agency chosen: the signed-in officer's, not the list's first (the city
        # bureau), whose case numbers a town office's case would take
        agency_id = case.agency_id if case else (station or _signed_in_agency(self.db))
        if agency_id and self.agency.findData(agency_id) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(agency_id))
        if case is None:  # a new case: no sector guessed, and the officers a new station's pair are ticked
            from workstation.leads_workflow import proposed_officers

            self.sector.insertItem(0, _("Choose a sector…"), "")
            self.sector.setCurrentIndex(0)
            self._fill_officers(proposed_officers(self.db, agency_id) if agency_id else [])
            return
        from workstation.leads_workflow import case_lead

        self._lead = case_lead(self.db, case.id)
        self.case_number.setText(case.case_number)
        self.cause.setText(case.cause)
        self.sector.setCurrentIndex(max(self.sector.findData(case.sector), 0))
        for key, box in self.violations.items():
            box.setChecked(key in case.violations)
        for party_id in case.party_ids:
            self.add_party(party_id)
        self._fill_officers(case.officer_ids)
        for field, edit in self.dates.items():
            edit.setText(getattr(case, field) or "")
            if edit.isReadOnly():  # a step's date: shown once the case took the step
                edit.setEnabled(bool(getattr(case, field)))
        for field, spin in self.counts.items():
            spin.setValue(getattr(case, field))
        self.duty_related.setChecked(case.duty_related)
        for field, edit in self.money.items():
            edit.setText(_yuan(getattr(case, field)))
        self._show_decided_amounts(case)
        self._show_closed_figures(case)
        self._show_legal_lock(case)
        self._lock_agency(case)
        self.facts.setPlainText(case.facts)

    def start_from(self, cause: str = "", sector: str = "", lead_received_on: str = "", facts: str = "",
                   officer_ids: list[str] | None = None, agency_id: str = "") -> None:
        """A new case opened from something else (an interview escalated): its 案由, sector, 线索接收日期, 违法事实,
        办案机关 and the 办案人员 ticked as given, the sector left unchosen (a blank first entry) when not given, never
        the first sector guessed; what this puts in counts as loaded, so that Cancel with nothing typed closes at
        once."""
        if agency_id and self.agency.findData(agency_id) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(agency_id))
        if officer_ids:
            self._fill_officers(officer_ids)  # the interviewers, in place of the station's usual pair
        if facts:
            self.facts.setPlainText(facts)
        self.cause.setText(cause)
        if sector and self.sector.findData(sector) >= 0:
            self.sector.setCurrentIndex(self.sector.findData(sector))
        else:
            if self.sector.findData("") < 0:
                self.sector.insertItem(0, "", "")
            self.sector.setCurrentIndex(0)
        if lead_received_on and "lead_received_on" in self.dates:
            self.dates["lead_received_on"].setText(lead_received_on)
        self.validate()
        self.mark_loaded()

    # what is typed kept as a draft (``KeepsTyping``) --------------------------------------------------------------
    typing_kind = "case"
    #: the interview and party a new case is escalated from (``escalated_from``), kept with what is typed so that
    #: the case opened again from it after a crash is still saved with the escalation (``form_editor.dialog_for_draft``)
    escalation: dict | None = None

    def _kept_boxes(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        """The long text fields kept as a draft while typed: 案情 (the facts) and the cause, unless read only."""
        return {name: box for name, box in (("cause", self.cause), ("facts", self.facts)) if not box.isReadOnly()}

    def _typing_owner(self) -> str | None:
        return self.original.id if self.original else None

    def _typing_about(self) -> str:
        return self.cause.text()

    def escalated_from(self, interview_id: str, party_id: str) -> None:
        """The new case is the one the interview ``interview_id`` is escalated to for ``party_id``: its draft of
        what is typed names them."""
        self.escalation = {"interview_id": interview_id, "party_id": party_id}
        self._keep_typing()
        self.typing_kept.extra = {"escalation": self.escalation}

    def _show_decided_amounts(self, case: Case) -> None:
        """With a 行政处罚决定书 in force, its amounts in place of those typed on the case, read only, and the note
        naming it; the case keeps what it recorded (``current``)."""
        from workstation.penalty_terms import decided_amounts, decided_amounts_note

        note = decided_amounts_note(self.db, case)
        if note is None:
            return
        for field, fen in zip(DECIDED_FIELDS, decided_amounts(self.db, case), strict=True):
            self.money[field].setText(_yuan(fen))
            self.money[field].setReadOnly(True)
            self.money[field].setToolTip(note)
        self.decided_note.setText(note)
        self.decided_note.show()

    def _show_closed_figures(self, case: Case) -> None:
        """A closed or archived case's record counts, amounts and cause read only, and the note saying they stay as
        the case was closed with them and what to do (``cases.closed_figures_note``, which the store's refusal
        says too)."""
        from workstation.store.cases import closed_figures_note

        note = closed_figures_note(case, self.db)
        if note is None:
            return
        for widget in (self.cause, *self.money.values(), *self.counts.values()):
            widget.setReadOnly(True)
            widget.setToolTip(note)
        for box in self.violations.values():  # its violations too (``cases.CLOSED_FIELDS``)
            box.setEnabled(False)
            box.setToolTip(note)
        self.closed_note.setText(note)
        self.closed_note.show()

    def _show_legal_lock(self, case: Case) -> None:
        """Under the violations: with a decision in force, the violations and cause read only and the note saying
        how to change them (``cases.decided_legal_note``: void the decision first, which the store's refusal says
        too); else, after a 行政处罚告知书, the note that they may change but the decision is held to what the party
        was told of (``cases.told_note_undecided``: ``told_legal_note`` without looking the decisions up again).
        Nothing for a closed case: its violations and cause are read only already, the closed case's note alone
        saying what to do (``_show_closed_figures``; the store says its refusal first)."""
        from workstation.store.cases import decided_legal_note, told_note_undecided

        if not self.closed_note.isHidden():
            return
        note = decided_legal_note(self.db, case)
        if note is not None:
            self.cause.setReadOnly(True)
            self.cause.setToolTip(note)
            for box in self.violations.values():
                box.setEnabled(False)
                box.setToolTip(note)
        else:
            note = told_note_undecided(self.db, case)  # no decision in force: not looked up again
        if note is None:
            return
        self.violations_note.setText(note)
        self.violations_note.show()

    def _lock_agency(self, case: Case) -> None:
        """With documents issued under the 文号 of the case's bureau, the agencies of other bureaus greyed out in the
        list (the bureau and its town offices stay), and the note saying why; the store refuses them
        (``cases.agency_change_refusal``), said under the field if one is chosen all the same."""
        from workstation.store.cases import agency_locked_note, officers_agency

        note = agency_locked_note(self.db, case)
        if note is None:
            return
        bureau = officers_agency(self.db, case.agency_id)
        model = self.agency.model()
        for row in range(self.agency.count()):
            if officers_agency(self.db, self.agency.itemData(row)) != bureau:
                model.item(row).setEnabled(False)
        self.agency.setToolTip(note)
        self.agency_note.setText(note)
        self.agency_note.show()

    def typed(self) -> Case:
        """The case as typed, to tell whether anything changed (Esc asks before dropping it): an amount that cannot
        be read holds its text, a count with a fraction its value and a count box emptied its text, which
        ``current`` reads as 0, the count rounded and the count it held last — a change all the same."""
        case, errors = self.current()
        unread = {field: edit.text() for field, edit in self.money.items() if field in errors}
        unread |= {field: spin.value() if spin.fraction() else spin.text() for field, spin in self.counts.items()
                   if field in errors}
        return replace(case, **unread) if unread else case

    def current(self) -> tuple[Case, dict[str, str]]:
        """The case as the fields describe it and the money fields' parse errors, the count boxes' errors (a fraction,
        a box emptied) and the agency's field holding text that names no agency (``ui.agency_search``)."""
        from ui.agency_search import names_no_agency, names_none_message

        errors: dict[str, str] = {"agency_id": names_none_message()} if names_no_agency(self.agency) else {}
        money = {}
        for field, edit in self.money.items():
            if edit.isReadOnly():  # the decision's: the case keeps what it recorded
                money[field] = getattr(self._base, field)
                continue
            try:
                money[field] = parse_amount_fen(edit.text())  # 1.5万 as ``cases import`` reads it
            except ValueError as exc:
                errors[field], money[field] = str(exc), 0
        for field, spin in self.counts.items():
            # 1.5 records: refused under the field, not rounded; a box emptied or holding "-" as well, rather than
            # read as the last count it held (``count``), which the officer no longer sees
            if spin.fraction() or not spin.hasAcceptableInput():
                errors[field] = _("Must be zero or a positive whole number.")
        base = self._base
        ticked = [k for k, box in self.violations.items() if box.isChecked()]
        facts = self.facts.toPlainText()  # its line breaks as \n: one stored \r\n or U+2028 is kept unless edited
        case = replace(
            base, case_number=self.case_number.text(), cause=self.cause.text(), sector=self.sector.currentData(),
            agency_id=self.agency.currentData() or "",
            # the case's types in its order, those ticked now after them: the order of the list is no change
            violations=[v for v in base.violations if v in ticked] + [v for v in ticked if v not in base.violations],
            party_ids=self.party_ids(), officer_ids=self.officer_ids(),
            records_trace=self.counts["records_trace"].count(),
            records_sensitive=self.counts["records_sensitive"].count(),
            records_other=self.counts["records_other"].count(), duty_related=self.duty_related.isChecked(),
            facts=base.facts if same_lines(base.facts, facts) else facts,
            district="" if self.original is None else base.district,
            **{f: (e.text().strip() or None) for f, e in self.dates.items() if not e.isReadOnly()}, **money)
        return case, errors

    def validate(self) -> dict[str, str]:
        """Show every field's error under it; Save is enabled only when there is none."""
        case, errors = self.current()
        typed = [field for field, edit in self.dates.items() if not edit.isReadOnly()]
        errors = (future_date_errors(case, self.original) | year_slips(case, self.original, typed) | case_field_errors(
            self.db, case, existing=self.original is not None, stored=self.original) | errors)
        if not case.case_number.strip() and unfiled(case):  # a 立 number is the filed case's (REFERENCE §3.1)
            self.case_number.setPlaceholderText(_("Not filed: numbered when the case is filed"))
        elif self.original is None and not case.case_number.strip() and case.agency_id:
            try:
                self.case_number.setPlaceholderText(_("Automatic: {number}").format(
                    number=next_case_number(self.db, case.agency_id, filing_year(case.filed_on))))
            except WorkstationError as exc:  # this station's number blocks (号段) of 立 are used up
                self.case_number.setPlaceholderText("")
                errors.setdefault("case_number", exc.message)
        show_field_errors(self.errors, errors, self.buttons)
        warnings = [] if "case_number" in errors or not case.case_number.strip() else number_warnings(
            case.case_number, case.agency_id, case.filed_on, Abbreviations.read(self.db))
        self.case_number_warning.setText("\n".join(warnings))
        self.case_number_warning.setVisible(bool(warnings))
        self._show_fine_maximum(case, errors)
        self._show_minor(case, errors)
        others = [f"{field_label(f)}：{m}" for f, m in errors.items() if f not in self.errors]
        self.other_errors.setText("\n".join(others))
        self.other_errors.setVisible(bool(others))
        return errors

    def _number_change_confirmed(self, case: Case) -> bool:
        """Whether to save ``case``: asked first when it changes the number of a filed case, as the number it carried
        is then kept void (``cases._keep_changed_number``), never given to another case (REFERENCE §3.1)."""
        old = self.original.case_number if self.original is not None else ""
        new = number_key(case.case_number.strip())
        if not old or not new or new == old:
            return True
        return self.prompts.confirm(self, _(
            "Change the case number {old} to {new}? {old} is then kept void: it is never given to another case, as "
            "paper served under it points to this case.").format(
            old=old, new=new), destructive=True)

    def save(self) -> None:
        from ui.agency_search import settle_typed

        settle_typed(self.agency)  # what is half typed first: a click taking no keyboard never left the field
        case, errors = self.current()
        if self.original is not None and not errors and case == self.original:
            self.saved_case = self.original  # nothing changed: nothing written, the case as stored
            self.accept()
            return
        if errors or self.validate():
            return
        if not self._number_change_confirmed(case):
            return
        try:
            self.saved_case = update_case(self.db, case) if self.original else create_case(self.db, case)
        except WorkstationError as exc:  # a field error under its field, else by the field's label
            show_refusal(self, self.prompts, exc, self.errors, self.buttons,
                         lambda field: field_label(field) if field in FIELD_LABELS else "")
            return
        self.accept()

