"""Creating and editing an administrative interview (约谈) of the register — agency, date, whether it was held
yet (a date still to come is scheduled), place, the contact phone its notice prints (a new interview starts from
the agency's last one, its first from the agency's document details), subject, the parties picked from the party
list (several at once for a joint interview),
the lead it was held because of (found by number or business), the attendees with their posts, topics,
provisions explained, commitments, rectification deadline and follow-up (with the follow-up a party of a joint interview has of its own, which the
officer may give way to the one typed) — and recording a follow-up.
Each field says what is wrong with it as the officer types; Save stays disabled until nothing is. Enter in the
party search adds the party found; Cancel or Esc drop typed changes only when the officer says so."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.agency_search import names_no_agency, names_none_message, searchable, settle_typed
from ui.dialog_undo import DialogEdit, FieldsHistory, UndoKeysToDialog, bind_undo_keys
from ui.editable_grid import EditableGrid
from ui.field_widgets import date_placeholder, part_name
from ui.layouts import (
    AsksBeforeDropping,
    add_agency,
    enter_calls,
    error_label,
    fit_to_screen,
    list_join,
    scrolled_fields,
    show_field_errors,
    show_refusal,
    stored_now,
    warning_label,
)
from ui.party_dialog import PartyDialog
from ui.typing_drafts import KeepsTyping
from workstation.documents.interview_documents import party_code_warning
from workstation.errors import WorkstationError
from workstation.formkit.interview_values import joint_lines_warning
from workstation.i18n import N_, _
from workstation.interview_register import (
    lone_interviewer_warning,
    principal_warning,
    repeated_attendee_note,
    repeated_attendee_refusal,
)
from workstation.masking import mask_id, mask_text
from workstation.records import Interview, today
from workstation.store import get_party, list_agencies, list_parties
from workstation.store.interviews import (
    ATTENDEE_FIELDS,
    FOLLOW_UP_FIELDS,
    OUTCOME_LABELS,
    OUTCOMES,
    IssuedChange,
    OwnResultsReplaced,
    SameInterview,
    absence_reason_dropped,
    changed_since,
    deadline_following_date,
    deadline_rest_day_warning,
    default_interview_agency,
    early_follow_up_refusal,
    find_leads,
    follow_up_errors,
    follow_up_outcome,
    get_interview,
    interview_field_errors,
    lead_summary,
    linked_lead,
    offered_contact_phone,
    own_results_text,
    party_result,
    record_follow_up,
    rectification_due_default,
    rectification_unconfirmed_years,
    rectification_workdays,
    replaced_own_results,
    rest_day_warning,
    same_interview,
    same_interview_message,
    save_interview,
    still_to_come,
    suggested_outcome,
    typed_values_read,
)
from workstation.validators import parse_date, parse_time_of_day
from workstation.vocabulary import shown_label

FIELD_LABELS = {
    "agency_id": N_("Interviewing agency"), "held_on": N_("Held on"), "held_at": N_("Time of the interview"),
    "status": N_("State"), "place": N_("Place"),
    "contact_phone": N_("Contact phone on the notice"), "lead_id": N_("Lead"),
    "subject": N_("Subject of the interview"),
    "party_ids": N_("Parties interviewed"), "attendees": N_("Attendees"), "topics": N_("Topics raised"),
    "provisions": N_("Provisions explained"), "commitments": N_("Commitments made"),
    "summary": N_("Summary of the meeting"), "rectification_due": N_("Rectification deadline"),
    "follow_up_on": N_("Follow-up on"), "follow_up_result": N_("Follow-up result"),
    "follow_up_outcome": N_("Outcome of the follow-up"),
}


def _field_label(field: str) -> str:
    """The label of an interview's field as the dialog shows it, "" for a field it does not show."""
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else ""


REQUIRED = ("agency_id", "held_on", "subject", "party_ids")
TEXTS = ("topics", "provisions", "commitments", "summary", "follow_up_result")
DATES = ("held_on", "rectification_due", "follow_up_on")
ATTENDEE_COLUMNS = tuple(ATTENDEE_FIELDS.items())  # (key, msgid of its column's head), as the store names them


def _text_box(name: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(2 * height)
    return box


def _party_text(party) -> str:
    code = party.uscc or mask_id(party.id_number) or _("no code")
    return f"{mask_text(party.name)}  {code}  {shown_label('party_kinds', party.kind)}"


class InterviewDialog(KeepsTyping, AsksBeforeDropping, QDialog):
    """Interview editor; after Save, ``saved_interview`` is the stored interview."""

    def __init__(self, db, prompts, interview: Interview | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # shown, and compared when saving, as stored when it opens
        interview = stored_now(db, interview, get_interview)
        self.db, self.prompts, self.original = db, prompts, interview
        # the interview as stored when opened (a new one: none): its save is refused when another process saved it
        # since (a 约谈摘要 set on the command line is not taken back by this copy)
        self.loaded: Interview | None = interview
        # True once a save was refused because the interview was saved elsewhere since it opened: its page reads
        # the register again, so that it is reopened as stored
        self.changed_elsewhere = False
        # one blank for a new interview, so that its id stays the same from one reading of the fields to the next
        self._base = interview or Interview(agency_id="", held_on="", subject="")
        self.saved_interview: Interview | None = None
        # each party's own follow-up and case (m038), as the follow-up dialog records them; kept until the officer
        # gives every party the follow-up typed here
        self._party_results = {p: dict(v) for p, v in self._base.party_results.items()}
        # the follow-up as stored (text, outcome): its outcome stands while its text does, unless the officer chooses
        # another (``_outcome_picked``); a text changed or new takes the one chosen beside it
        self._stored_follow_up = (self._base.follow_up_result or "", self._base.follow_up_outcome)
        self._outcome_picked_here = False
        self.setWindowTitle(_("Edit interview") if interview else _("New interview"))
        fit_to_screen(self, 820, 860)
        self.errors: dict[str, QLabel] = {}
        body = QWidget()
        self.form = QFormLayout(body)
        self._build()
        scroll = scrolled_fields(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self._load(interview)
        self._suggest_outcome()  # none typed yet: not verified until a text says otherwise
        self._undo_keys()
        self.mark_loaded()
        self.validate()

    # building -------------------------------------------------------------------------------------------
    def _row(self, field: str, widget: QWidget, extra: QWidget | None = None, control: QWidget | None = None) -> None:
        """The field's row: its label, whose buddy is ``control`` (the first control of a row holding several;
        else ``widget``); a list, a table or a drop-down is named by the label for a screen reader (none has a
        name of its own; on Linux Qt names a drop-down by its current choice)."""
        self.errors[field] = error_label(field)
        self.form.addRow(_(FIELD_LABELS[field]) + (" *" if field in REQUIRED else ""), widget)
        if control is not None:
            self.form.labelForField(widget).setBuddy(control)
        named = control or widget
        if isinstance(named, (QComboBox, QListWidget, EditableGrid)):
            named.setAccessibleName(_field_label(field))
            if isinstance(named, QComboBox) and named.lineEdit() is not None:  # a list of agencies typed in
                named.lineEdit().setAccessibleName(_field_label(field))
        if extra is not None:
            self.form.addRow("", extra)
        self.form.addRow("", self.errors[field])

    def _build(self) -> None:
        self.agency = QComboBox()
        self.agency.setObjectName("agency_id")
        for agency in list_agencies(self.db):
            add_agency(self.agency, agency)
        searchable(self.agency, keeps_choice=False)  # the interview's agency, saved: text naming none kept, in red
        self._row("agency_id", self.agency)
        self.dates: dict[str, QLineEdit] = {}
        # an interview set on a rest day (a weekend, a holiday): told, not refused
        self.rest_day_warning = QLabel()
        self.rest_day_warning.setObjectName("rest_day_warning")
        self.rest_day_warning.setStyleSheet("color: #8a4b00;")
        self.rest_day_warning.setWordWrap(True)
        self.rest_day_warning.setVisible(False)
        for field in DATES[:1]:
            self._row(field, self._date_edit(field), self.rest_day_warning)
        self.held_at = QLineEdit()  # typed like the dates: 9:30, 9时30分, 下午3时
        self.held_at.setObjectName("held_at")
        self.held_at.setPlaceholderText(_("e.g. 9:30 or 15:00; the notice prints it and asks for it while empty"))
        self._row("held_at", self.held_at)
        self.held = QCheckBox(_("Held; until then it is scheduled and only its notice is issued"))
        self.held.setObjectName("held")
        self._held_wanted = True
        self.held.toggled.connect(self._held_toggled)
        self._row("status", self.held)
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(_("e.g. the bureau's third-floor meeting room"))
        self._row("place", self.place)
        self.contact_phone = QLineEdit()
        self.contact_phone.setObjectName("contact_phone")
        self.contact_phone.setPlaceholderText(_("e.g. 0757-83381234; the next interview starts from it"))
        self._row("contact_phone", self.contact_phone)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self._row("subject", self.subject)
        self.party_warning = QLabel()
        self.party_warning.setObjectName("party_code_warning")
        self.party_warning.setStyleSheet("color: #8a4b00;")
        self.party_warning.setWordWrap(True)
        self._row("party_ids", self._parties_widget(), self.party_warning, self.parties)
        self._row("lead_id", self._lead_widget(), control=self.lead_search)
        self._row("attendees", self._attendees_widget(), control=self.attendees)
        self.texts = {field: _text_box(field) for field in TEXTS}
        self.texts["topics"].setPlaceholderText(_("What the interview is about, e.g. 用户集中投诉反映的骚扰电话问题"))
        self.texts["provisions"].setPlaceholderText(_("One provision a line, e.g. 《中华人民共和国个人信息保护法》第十三条"))
        self.texts["commitments"].setPlaceholderText(_(
            "One commitment a line. In a joint interview a line naming one of the parties, by its full name or a "
            "short form only it has (中国移动, 移动公司), prints only in that party's 约谈记录."))
        # a joint interview's lines and attendees printing in every party's record: told, not refused
        self.shared_lines_warning = QLabel()
        self.shared_lines_warning.setObjectName("shared_lines_warning")
        self.shared_lines_warning.setStyleSheet("color: #8a4b00;")
        self.shared_lines_warning.setWordWrap(True)
        self.shared_lines_warning.setVisible(False)
        for field in ("topics", "provisions", "commitments", "summary"):
            self._row(field, self.texts[field], self.shared_lines_warning if field == "commitments" else None)
        # a rectification deadline on a rest day runs to the next working day: told, not refused
        self.due_rest_day_warning = QLabel()
        self.due_rest_day_warning.setObjectName("due_rest_day_warning")
        self.due_rest_day_warning.setStyleSheet("color: #8a4b00;")
        self.due_rest_day_warning.setWordWrap(True)
        self.due_rest_day_warning.setVisible(False)
        for field in DATES[1:]:
            self._row(field, self._date_edit(field),
                      self.due_rest_day_warning if field == "rectification_due" else None)
        self._row("follow_up_result", self.texts["follow_up_result"])
        # what the follow-up established, as in the follow-up dialog: the officer's choice, pre-selected from the
        # outcome stored, else from the text (never rectified on a guess: ``suggested_outcome``)
        self.outcome = QComboBox()
        self.outcome.setObjectName("follow_up_outcome")
        for key in OUTCOMES:
            self.outcome.addItem(_(OUTCOME_LABELS[key]), key)
        self.outcome.activated.connect(self._outcome_picked)
        self._row("follow_up_outcome", self.outcome)
        self.texts["follow_up_result"].textChanged.connect(self._follow_up_text_changed)
        self.form.addRow("", self._party_follow_ups_widget())
        for widget in (self.place, self.subject, self.contact_phone, self.held_at, *self.dates.values()):
            widget.textChanged.connect(self.validate)
        self.dates["held_on"].textChanged.connect(self._sync_held)
        self.held_at.textChanged.connect(self._sync_held)  # later today is still to come, as Save reads it
        # before the undo history's own slot: the deadline cleared is part of the date's step
        self.dates["held_on"].textChanged.connect(self._deadline_follows_date)
        for box in self.texts.values():
            box.textChanged.connect(self.validate)
        self.agency.currentIndexChanged.connect(self.validate)
        # before the undo history's own slot: the phone it fills is part of the agency's step
        self.agency.currentIndexChanged.connect(self._offer_agency_phone)

    def _offer_agency_phone(self) -> None:
        """A new interview's contact phone follows the agency chosen (``offered_contact_phone``) while it is the one
        the program offered for the agency before, or empty; one the officer typed stays. The phone filled in is
        no undo step of its own: the agency's step brings both back."""
        agency_id = self.agency.currentData() or None
        before, self._agency_shown = getattr(self, "_agency_shown", None), agency_id
        if self.original is not None or not hasattr(self, "undo_stack") or self._putting or before == agency_id:
            return  # an interview's own phone, the dialog still filling its fields, or an undo putting them back
        phone = self.contact_phone.text().strip()
        if phone and phone != offered_contact_phone(self.db, before):
            return
        self._putting = True
        try:
            self.contact_phone.setText(offered_contact_phone(self.db, agency_id))
        finally:
            self._putting = False

    def _follow_up_text_changed(self) -> None:
        if not self._outcome_picked_here:
            self._suggest_outcome()

    def _outcome_picked(self) -> None:
        self._outcome_picked_here = True  # the officer's choice: the text no longer changes it
        self.validate()

    def _text_unchanged(self) -> bool:
        """Whether the follow-up's text is the one stored (a follow-up was stored)."""
        stored = self._stored_follow_up[0].strip()
        return bool(stored) and self.texts["follow_up_result"].toPlainText().strip() == stored

    def _suggest_outcome(self) -> None:
        """Select the outcome stored while the text is the one stored (one stored before the outcome was chosen: as
        the statistics read it, ``follow_up_outcome``), else the one the text suggests — not verified when it says
        nothing clearly (``suggested_outcome``)."""
        text = self.texts["follow_up_result"].toPlainText()
        if self._text_unchanged():
            key = follow_up_outcome(*self._stored_follow_up)
        else:
            key = suggested_outcome(text) or "unverified"
        self.outcome.setCurrentIndex(self.outcome.findData(key))

    def follow_up_outcome(self) -> str | None:
        """The outcome Save stores: none without a follow-up text; the one stored while its text stands and the
        officer chose none (one stored before the outcome was chosen stays so, read as before); else the choice
        beside the text — never none for a follow-up new or changed."""
        if not self.texts["follow_up_result"].toPlainText().strip():
            return None
        if self._text_unchanged() and not self._outcome_picked_here:
            return self._stored_follow_up[1]
        return self.outcome.currentData() or "unverified"

    def _date_edit(self, field: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(field)
        edit.setPlaceholderText(date_placeholder())
        self.dates[field] = edit
        return edit

    def _party_follow_ups_widget(self) -> QWidget:
        """Under the follow-up: the parties of a joint interview that have a follow-up of their own (recorded for
        one party in the follow-up dialog) each with it, since the date and result above are only the others'; and
        a button that gives every party the follow-up above instead, as the follow-up dialog's 'every party' does."""
        self.party_follow_ups_box = QWidget()
        self.party_follow_ups_box.setObjectName("party_follow_ups_box")
        layout = QVBoxLayout(self.party_follow_ups_box)
        layout.setContentsMargins(0, 0, 0, 0)
        note = QLabel(_("Parties with a follow-up of their own keep it: the follow-up date and result above apply "
                        "only to the parties without one."))
        note.setObjectName("party_follow_ups_note")
        note.setWordWrap(True)
        note.setStyleSheet("color: #8a4b00;")
        self.party_follow_ups = QLabel()
        self.party_follow_ups.setObjectName("party_follow_ups")
        self.party_follow_ups.setWordWrap(True)
        self.party_follow_ups.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.every_party_button = QPushButton(_("Use the &follow-up above for every party"))
        self.every_party_button.setObjectName("follow_up_every_party")
        self.every_party_button.setToolTip(_("Each party's own follow-up gives way to the one above when saved "
                                             "(the cases they were escalated to stay)."))
        self.every_party_button.clicked.connect(self.follow_up_for_every_party)
        buttons = QHBoxLayout()
        buttons.addWidget(self.every_party_button)
        buttons.addStretch(1)
        layout.addWidget(note)
        layout.addWidget(self.party_follow_ups)
        layout.addLayout(buttons)
        self.party_follow_ups_box.setVisible(False)
        return self.party_follow_ups_box

    def _show_party_follow_ups(self, party_ids: list[str]) -> None:
        """List each party's follow-up when one of them has its own; hidden when none has."""
        own = {p: self._party_results[p] for p in party_ids
               if "follow_up_result" in (self._party_results.get(p) or {})}
        self.party_follow_ups_box.setVisible(bool(own))
        if not own:
            self.party_follow_ups.clear()
            return
        lines = []
        for party_id in party_ids:
            found = own.get(party_id)
            result = (f"{found.get('follow_up_on') or ''} {found.get('follow_up_result') or ''}".strip() or "—"
                      if found else _("the follow-up above"))
            lines.append(_("{party}: {result}").format(party=get_party(self.db, party_id).name, result=result))
        self.party_follow_ups.setText("\n".join(lines))

    def follow_up_for_every_party(self) -> None:
        """Drop each party's own follow-up (their cases stay): the date and result above become every party's."""
        self._party_results = {p: {"case_id": v.get("case_id")} for p, v in self._party_results.items()}
        self._record("party_results")
        self.validate()

    def _parties_widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.parties = QListWidget()
        self.parties.setObjectName("parties")
        self.parties.setMaximumHeight(100)
        self.parties.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.party_search = QLineEdit()
        self.party_search.setObjectName("party_search")
        self.party_search.setPlaceholderText(_("Find parties by name or code; select several with Ctrl or Shift"))
        enter_calls(self.party_search, self._add_found_parties)  # Enter adds the parties found, not saves the interview
        self.party_choices = QListWidget()
        self.party_choices.setObjectName("party_choices")
        self.party_choices.setMaximumHeight(120)
        self.party_choices.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        buttons = QHBoxLayout()
        # each button of the dialog its own Alt letter (保存 has S): A N R here, L U for the lead, T E F below
        for text, name, slot in ((_("&Add selected"), "add_parties", self._add_chosen_parties),
                                 (_("&New party…"), "new_party", self._new_party),
                                 (_("&Remove"), "remove_parties", self._remove_parties)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        # the search and what it found are parts of the parties field, named with it (its label names the list)
        self.party_search.setAccessibleName(part_name(_field_label("party_ids"), _("Search")))
        self.party_choices.setAccessibleName(part_name(_field_label("party_ids"), _("Parties found")))
        for widget in (QLabel(_("Interviewed:")), self.parties, self.party_search, self.party_choices):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.party_search.textChanged.connect(self.search_parties)
        self.party_choices.itemDoubleClicked.connect(lambda item: self.add_party(item.data(Qt.ItemDataRole.UserRole)))
        enter_calls(self.party_choices, self._add_chosen_parties)  # Enter adds those selected, as a double-click
        self.search_parties("")
        return box

    def _lead_widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.lead_id: str | None = None
        self.lead_chosen = QLabel()
        self.lead_chosen.setObjectName("lead_chosen")
        self.lead_chosen.setWordWrap(True)
        self.lead_search = QLineEdit()
        self.lead_search.setObjectName("lead_search")
        self.lead_search.setPlaceholderText(_("Find the lead by phone number or business"))
        enter_calls(self.lead_search, self._link_found_lead)
        self.lead_choices = QListWidget()
        self.lead_choices.setObjectName("lead_choices")
        self.lead_choices.setMaximumHeight(100)
        self.lead_choices.itemDoubleClicked.connect(lambda item: self.link_lead(item.data(Qt.ItemDataRole.UserRole)))
        enter_calls(self.lead_choices, self._link_found_lead)  # Enter links the lead selected, not saves the interview
        buttons = QHBoxLayout()
        for text, name, slot in ((_("&Link selected lead"), "link_lead", self._link_found_lead),
                                 (_("&Unlink lead"), "unlink_lead", lambda: self.link_lead(None))):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.lead_search.setAccessibleName(part_name(_field_label("lead_id"), _("Search")))
        self.lead_choices.setAccessibleName(part_name(_field_label("lead_id"), _("Leads found")))
        for widget in (self.lead_chosen, self.lead_search, self.lead_choices):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.lead_search.textChanged.connect(self.search_leads)
        self.search_leads("")
        self.link_lead(None)
        return box

    def search_leads(self, text: str) -> None:
        """Offer the leads whose numbers or businesses contain ``text`` (numbers masked, as in every list)."""
        self.lead_choices.clear()
        for lead in find_leads(self.db, text):
            item = QListWidgetItem(lead_summary(lead))
            item.setData(Qt.ItemDataRole.UserRole, lead.id)
            self.lead_choices.addItem(item)

    def link_lead(self, lead_id: str | None) -> None:
        """Link the interview to the lead ``lead_id`` (None: to none)."""
        self.lead_id = lead_id
        found = linked_lead(self.db, lead_id)
        self.lead_chosen.setText(_("Linked lead: {lead}").format(lead=lead_summary(found) if found else lead_id)
                                 if lead_id else _("No lead linked."))
        self._record("lead")
        self.validate()

    def _link_found_lead(self) -> None:
        """Enter in the search or the button: the lead selected in the list, else the first one found."""
        item = self.lead_choices.currentItem() or (self.lead_choices.item(0) if self.lead_choices.count() else None)
        if item is not None:
            self.link_lead(item.data(Qt.ItemDataRole.UserRole))

    def _deadline_follows_date(self, text: str) -> None:
        """The rectification deadline shown, when it is the usual one counted from the stored date
        (``deadline_following_date``, as Save reads it: the interview as stored, not the date half typed a keystroke
        before), is cleared as the date changes: counted again from the new date when saved (the placeholder says
        which day); one typed by hand stays."""
        due = self.dates["rectification_due"].text().strip()
        if not (due and text.strip()):
            return
        after = replace(self._base, held_on=text.strip(), rectification_due=due)
        if deadline_following_date(self.db, self._base, after).rectification_due:
            return
        putting, self._putting = self._putting, True  # recorded with the date's own step
        try:
            self.dates["rectification_due"].clear()
        finally:
            self._putting = putting

    def _held_toggled(self, checked: bool) -> None:
        self._held_wanted = checked
        summary = self.texts["summary"]
        if checked and (dropped := absence_reason_dropped(self._base, replace(self._base, summary=""))) and \
                summary.toPlainText().strip() == self._base.summary.strip():
            # the reason of the absence is not what was said at the meeting: cleared in the same step as the tick
            self._putting = True
            try:
                summary.clear()
            finally:
                self._putting = False
            summary.setPlaceholderText(dropped)
        self._record("held")
        self.validate()

    def _sync_held(self) -> None:
        """A date still to come — or today at a time of day not reached yet, as Save reads it (``still_to_come``) —
        is scheduled: Held is cleared and greyed out; a date or time come back to gives the officer's choice back."""
        try:
            held_on = parse_date(self.dates["held_on"].text().strip())
        except ValueError:
            held_on = None
        try:
            clock = parse_time_of_day(self.held_at.text().strip())
        except ValueError:
            clock = None
        at = clock[1] if clock else None
        future = bool(held_on and still_to_come(held_on, at))
        self.held.blockSignals(True)
        self.held.setChecked(self._held_wanted and not future)
        self.held.blockSignals(False)
        self.held.setEnabled(not future)
        if future and held_on == today():
            tip = _("The interview is set for {time} today, still to come: it can be marked held once it has begun, "
                    "or change its time first.").format(time=at)
        else:
            tip = _("The interview is dated {date}, still to come: it can be marked held on that day, or change its "
                    "date first.").format(date=held_on) if future else ""
        self.held.setToolTip(tip)

    def _attendees_widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.attendees = EditableGrid(0, len(ATTENDEE_COLUMNS))  # Tab goes on from its last cell
        self.attendees.setObjectName("attendees")
        self.attendees.setHorizontalHeaderLabels([_(text) for _key, text in ATTENDEE_COLUMNS])
        self.attendees.horizontalHeader().setStretchLastSection(True)
        self.attendees.setColumnWidth(0, 110)
        self.attendees.setColumnWidth(1, 300)
        self.attendees.verticalHeader().setVisible(False)
        self.attendees.setMinimumHeight(140)
        self.attendees.itemChanged.connect(self.validate)
        self.attendees.edited.connect(self.validate)  # a paste, a clearing or a cut (its cells' signals quiet)
        hint = QLabel(_("List the bureau's own staff too, with the bureau as their organisation: they print as "
                        "the interviewers. A party's attendees, with the party as their organisation, print in "
                        "its 约谈记录."))
        hint.setWordWrap(True)
        # one of the bureau's staff and no recorder: the record would name the same officer twice (warned, not refused)
        self.recorder_warning = QLabel()
        self.recorder_warning.setObjectName("recorder_warning")
        self.recorder_warning.setStyleSheet("color: #8a4b00;")
        self.recorder_warning.setWordWrap(True)
        self.recorder_warning.setVisible(False)
        # no party attendee who is its legal representative or principal person, nor authorised: warned, not refused
        self.principal_warning = warning_label("principal")  # as the document editor's (``FormEditor``)
        # a person in two rows with two posts (an interviewer who keeps the record) is printed once: said, not refused
        self.attendee_note = QLabel()
        self.attendee_note.setObjectName("attendee_repeat_note")
        self.attendee_note.setStyleSheet("color: #8a4b00;")
        self.attendee_note.setWordWrap(True)
        self.attendee_note.setVisible(False)
        buttons = QHBoxLayout()
        for text, name, slot in ((_("Add a&ttendee"), "add_attendee", self._type_new_attendee),
                                 (_("R&emove attendee"), "remove_attendee", self._remove_attendee)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.attendees)
        layout.addWidget(hint)
        layout.addWidget(self.recorder_warning)
        layout.addWidget(self.principal_warning)
        layout.addWidget(self.attendee_note)
        layout.addLayout(buttons)
        return box

    # parties and attendees --------------------------------------------------------------------------------
    def search_parties(self, text: str) -> None:
        """Offer the parties whose name or code contains ``text``."""
        self.party_choices.clear()
        for party in list_parties(self.db, text, limit=100):
            item = QListWidgetItem(_party_text(party))
            item.setData(Qt.ItemDataRole.UserRole, party.id)
            self.party_choices.addItem(item)

    def add_party(self, party_id: str) -> None:
        if party_id in self.party_ids():
            return
        item = QListWidgetItem(_party_text(get_party(self.db, party_id)))
        item.setData(Qt.ItemDataRole.UserRole, party_id)
        self.parties.addItem(item)
        self._record("parties")
        self.validate()

    def _add_chosen_parties(self) -> None:
        for item in self.party_choices.selectedItems():
            self.add_party(item.data(Qt.ItemDataRole.UserRole))

    def _add_found_parties(self) -> None:
        """Enter in the search: the parties selected in the list, else the first one found."""
        if self.party_choices.selectedItems():
            self._add_chosen_parties()
        elif self.party_choices.count():
            self.add_party(self.party_choices.item(0).data(Qt.ItemDataRole.UserRole))

    def _new_party(self) -> None:
        dialog = PartyDialog(self.db, self.prompts, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_party:
            self.search_parties(self.party_search.text())
            self.add_party(dialog.saved_party.id)

    def _remove_parties(self) -> None:
        for item in self.parties.selectedItems():
            self.parties.takeItem(self.parties.row(item))
        self._record("parties")
        self.validate()

    def party_ids(self) -> list[str]:
        return [self.parties.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.parties.count())]

    def add_attendee(self, name: str = "", organisation: str = "", post: str = "") -> None:
        """Append an attendee row (empty for the officer to type in)."""
        row = self.attendees.rowCount()
        self.attendees.blockSignals(True)
        self.attendees.insertRow(row)
        for column, value in enumerate((name, organisation, post)):
            self.attendees.setItem(row, column, QTableWidgetItem(value))
        self.attendees.blockSignals(False)
        self.attendees.setCurrentCell(row, 0)
        self._record("attendees")
        self.validate()

    def _type_new_attendee(self) -> None:
        """Add attendee: a new row whose name cell is open for typing, so the officer goes on at the keyboard (Tab
        to the organisation and the post, Tab from the post back to this button for the next one)."""
        self.add_attendee()
        row = self.attendees.rowCount() - 1
        self.attendees.setFocus()
        self.attendees.editItem(self.attendees.item(row, 0))

    def _remove_attendee(self) -> None:
        rows = sorted({index.row() for index in self.attendees.selectedIndexes()}, reverse=True)
        for row in rows or ([self.attendees.currentRow()] if self.attendees.currentRow() >= 0 else []):
            self.attendees.removeRow(row)
        self._record("attendees")
        self.validate()

    def attendee_rows(self) -> list[dict]:
        """The attendees typed in; wholly empty rows are left out."""
        rows = []
        for row in range(self.attendees.rowCount()):
            cells = [self.attendees.item(row, c) for c in range(len(ATTENDEE_COLUMNS))]
            values = {key: (cell.text().strip() if cell else "")
                      for (key, _text), cell in zip(ATTENDEE_COLUMNS, cells, strict=True)}
            if any(values.values()):
                rows.append(values)
        return rows

    # values ---------------------------------------------------------------------------------------------
    def _load(self, interview: Interview | None) -> None:
        agency_id = interview.agency_id if interview else default_interview_agency(self.db)
        if agency_id and self.agency.findData(agency_id) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(agency_id))
        self._agency_shown = self.agency.currentData() or None
        if interview is None:  # the agency shown: the first of the list when the station has none of its own
            self.contact_phone.setText(offered_contact_phone(self.db, self._agency_shown))
            self.dates["held_on"].setText(today())
            return
        self._held_wanted = interview.status == "held"
        self.subject.setText(interview.subject)
        self.place.setText(interview.place)
        self.contact_phone.setText(interview.contact_phone)
        self.held_at.setText(interview.held_at)
        self.link_lead(interview.lead_id)
        for field, edit in self.dates.items():
            edit.setText(getattr(interview, field) or "")
        self._sync_held()
        for field, box in self.texts.items():
            box.setPlainText(getattr(interview, field))
        for party_id in interview.party_ids:
            self.add_party(party_id)
        for attendee in interview.attendees:
            self.add_attendee(*(attendee.get(key, "") for key, _text in ATTENDEE_COLUMNS))

    def typed(self) -> Interview:
        return self.current()

    # what is typed kept as a draft (``KeepsTyping``): the topics, provisions, commitments, summary, the subject … --
    typing_kind = "interview"

    def _kept_boxes(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        return self._text_widgets()

    def _typing_owner(self) -> str | None:
        return self.original.id if self.original else None

    def _typing_about(self) -> str:
        return self.subject.text()

    # undoing the edits ---------------------------------------------------------------------------------------
    def _text_widgets(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        """The fields typed in, by name."""
        return {"subject": self.subject, "place": self.place, "contact_phone": self.contact_phone,
                "held_at": self.held_at, **self.dates, **self.texts}

    def _undo_keys(self) -> None:
        """Ctrl+Z and the redo keys (the platform's and Ctrl+Y) step back and forth through the edits of the
        interview in the order made, wherever the keyboard is: the typing in each field, the parties and attendees
        added, removed or typed, the lead, the agency and the held tick."""
        self.undo_stack = QUndoStack(self)
        self._state = self.state()
        self._putting = False
        keys = UndoKeysToDialog(self)
        for name, widget in self._text_widgets().items():
            widget.installEventFilter(keys)
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _text, n=name: self._record(n, typing=True))
            else:
                widget.textChanged.connect(lambda n=name: self._record(n, typing=True))
        self.attendees.itemChanged.connect(lambda _item: self._record("attendees"))
        self.attendees.edited.connect(lambda: self._record("attendees"))  # a paste or a clearing: one step
        self.agency.currentIndexChanged.connect(lambda _index: self._record("agency"))
        # the follow-up's outcome chosen (after ``_outcome_picked`` marked it the officer's): a step of its own
        self.outcome.activated.connect(lambda _index: self._record("outcome"))
        bind_undo_keys(self, self.undo_stack, "interview")

    def redo_outside_text(self) -> None:
        self.undo_stack.redo()

    def state(self) -> dict:
        """What the editor shows, as ``put`` shows it again: every field's text, the agency, the held tick, the
        lead, the parties, every attendee row (empty ones too, as typed) and the follow-up's outcome (as chosen or
        suggested, and whether the officer chose it)."""
        rows = tuple(tuple(self.attendees.item(r, c).text() if self.attendees.item(r, c) else ""
                           for c in range(len(ATTENDEE_COLUMNS))) for r in range(self.attendees.rowCount()))
        return {"texts": {name: (w.text() if isinstance(w, QLineEdit) else w.toPlainText())
                          for name, w in self._text_widgets().items()},
                "agency": self.agency.currentIndex(), "held": self._held_wanted, "lead": self.lead_id,
                "parties": tuple(self.party_ids()), "attendees": rows, "party_results": self._party_results,
                "outcome": (self.outcome.currentIndex(), self._outcome_picked_here)}

    def _record(self, key: str, typing: bool = False) -> None:
        """Put the edit just made on the undo stack (none while the dialog fills its fields or an undo puts them
        back)."""
        if not hasattr(self, "undo_stack") or self._putting:
            return
        now = self.state()
        if now != self._state:
            self.undo_stack.push(DialogEdit(self, key, self._state, now, typing))
            self._state = now

    def put(self, key: str, state: dict) -> None:
        """Show ``state`` (from ``state``) again, and put the keyboard where the edit undone or redone was."""
        self._putting = True
        try:
            for name, widget in self._text_widgets().items():
                text = state["texts"][name]
                if isinstance(widget, QLineEdit):
                    if widget.text() != text:
                        widget.setText(text)
                elif widget.toPlainText() != text:
                    widget.setPlainText(text)
                    widget.moveCursor(widget.textCursor().MoveOperation.End)
            self.agency.setCurrentIndex(state["agency"])
            self._held_wanted = state["held"]
            self._sync_held()
            self.link_lead(state["lead"])
            self.parties.clear()
            for party_id in state["parties"]:
                self.add_party(party_id)
            self.attendees.setRowCount(0)
            for row in state["attendees"]:
                self.add_attendee(*row)
            self._party_results = state["party_results"]
            # after the texts, whose follow-up suggests an outcome as it is put back: the outcome as it was
            self.outcome.setCurrentIndex(state["outcome"][0])
            self._outcome_picked_here = state["outcome"][1]
            self._state = state
            focus = {"parties": self.parties, "attendees": self.attendees, "lead": self.lead_search,
                     "held": self.held, "agency": self.agency, "outcome": self.outcome,
                     "party_results": self.texts["follow_up_result"]}.get(key) or self._text_widgets().get(key)
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        finally:
            self._putting = False
            self.validate()

    def commit_typing(self) -> None:
        """As every dialog asks before dropping what was typed — counting an attendee still being typed in its cell:
        the close button leaves the cell open (Esc in the cell drops only that cell's typing, and Cancel takes the
        focus, which keeps it)."""
        self.attendees.commit_open_cell()

    def current(self) -> Interview:
        """The interview as the fields describe it."""
        return replace(self._base, agency_id=self.agency.currentData() or "", subject=self.subject.text(),
                       place=self.place.text(), party_ids=self.party_ids(), attendees=self.attendee_rows(),
                       # one its party did not attend stays so unless ticked Held (``mark_absent``)
                       status="held" if self.held.isChecked() else "absent" if self._base.status == "absent"
                       else "scheduled", lead_id=self.lead_id,
                       party_results=self._party_results,
                       contact_phone=self.contact_phone.text(), held_at=self.held_at.text().strip(),
                       **{f: (e.text().strip() or None) for f, e in self.dates.items()},
                       **{f: box.toPlainText() for f, box in self.texts.items()},
                       follow_up_outcome=self.follow_up_outcome())

    def validate(self) -> dict[str, str]:
        """Show every field's error under it; Save is enabled only when there is none."""
        if not hasattr(self, "buttons"):
            return {}  # still building
        interview = self.current()
        # an interview its party did not attend takes no commitment, deadline or follow-up (those stored kept)
        errors = interview_field_errors(self.db, interview, self.original)
        if names_no_agency(self.agency):  # text typed that names no agency, none chosen (``ui.agency_search``)
            errors["agency_id"] = names_none_message()
        if "attendees" not in errors and (repeat := repeated_attendee_refusal(interview.attendees)):
            errors["attendees"] = repeat  # the same row typed twice; the same person in another post is only noted
        # the dates and the time as Save stores them (2026年12月1日 is 2026-12-01, 9:30 is 09:30): compared and counted
        read = typed_values_read(interview)
        # a follow-up typed or changed here saying "not rectified" before the 整改期限 — the one Save counts when none
        # is typed —, refused as the follow-up dialog and Save refuse it (a follow-up stored before, left as it is,
        # is not judged again)
        if not errors.keys() & {"held_on", "held_at", "rectification_due", "follow_up_on", "follow_up_result",
                                "follow_up_outcome"}:
            counted = replace(read, rectification_due=read.rectification_due
                              or rectification_due_default(self.db, read))
            if early := early_follow_up_refusal(self.db, self._base if self.original is not None else None, counted):
                errors["follow_up_result"] = next(iter(early.values()))  # under the text, whatever said it
        show_field_errors(self.errors, errors, self.buttons)
        due = None if errors else rectification_due_default(self.db, read)
        # counted through a year without holiday data: 日历待核实, in the placeholder and on the date typed
        unconfirmed = [] if errors else rectification_unconfirmed_years(
            self.db, replace(read, rectification_due=due or read.rectification_due))
        mark = _(" (calendar to be verified: no holiday data for {years})").format(
            years=list_join(unconfirmed)) if unconfirmed else ""
        self.dates["rectification_due"].setPlaceholderText(
            _("{date} when saved: {days} working days after the interview").format(
                date=due, days=rectification_workdays()) + mark if due else date_placeholder())
        self.dates["rectification_due"].setToolTip(mark.strip())
        self.party_warning.setText(party_code_warning(self.db, interview.party_ids))
        self.party_warning.setVisible(bool(self.party_warning.text()))
        self.recorder_warning.setText(lone_interviewer_warning(self.db, interview))
        self.recorder_warning.setVisible(bool(self.recorder_warning.text()))
        self.attendee_note.setText(repeated_attendee_note(interview.attendees))
        self.attendee_note.setVisible(bool(self.attendee_note.text()))
        self.shared_lines_warning.setText("" if "party_ids" in errors else joint_lines_warning(self.db, interview))
        self.shared_lines_warning.setVisible(bool(self.shared_lines_warning.text()))
        self.rest_day_warning.setText("" if "held_on" in errors else rest_day_warning(self.db, interview))
        self.rest_day_warning.setVisible(bool(self.rest_day_warning.text()))
        self.due_rest_day_warning.setText("" if "rectification_due" in errors
                                          else deadline_rest_day_warning(self.db, interview))
        self.due_rest_day_warning.setVisible(bool(self.due_rest_day_warning.text()))
        self.principal_warning.setText("" if "party_ids" in errors else principal_warning(self.db, interview))
        self.principal_warning.setVisible(bool(self.principal_warning.text()))
        self._show_party_follow_ups(interview.party_ids)
        return errors

    def save(self) -> None:
        settle_typed(self.agency)  # what is half typed first: a click taking no keyboard (macOS) never left the field
        if self.validate():
            return
        # the same interview typed twice would be counted twice in the statistics: asked before it is (a new one)
        twin = same_interview(self.db, self.current()) if self._is_new() else None  # it reads the typed day and time
        if twin is not None and self.prompts.choose(self, same_interview_message(self.db, twin),
                                                    [_("Save anyway"), _("Cancel")]) != 0:
            return
        try:
            try:
                self.saved_interview = save_interview(self.db, self.current(), allow_duplicate=twin is not None,
                                                      loaded=self.loaded, deadline_typed=self.deadline_typed())
            except IssuedChange as change:  # printed on an issued document: saved only when the officer says so
                if not self.prompts.confirm(self, change.message + "\n\n" + _("Save the change all the same?"),
                                            destructive=True):
                    return
                self.saved_interview = save_interview(self.db, self.current(), despite_issued=True,
                                                      loaded=self.loaded, deadline_typed=self.deadline_typed())
        except SameInterview as exc:  # entered meanwhile (another window): asked again at the next Save
            self.prompts.error(self, exc.message)
            return
        except WorkstationError as exc:
            self.changed_elsewhere = self.loaded is not None and changed_since(self.db, self.loaded) is not None
            show_refusal(self, self.prompts, exc, self.errors, self.buttons, _field_label)
            return
        self.loaded = self.saved_interview  # saved again, it is compared with what this save stored
        self.accept()


    def deadline_typed(self) -> bool:
        """Whether the rectification deadline Save stores is the officer's (``save_interview(..., deadline_typed)``:
        kept as shown, and never counted again): one shown unless the date and the deadline are both as stored (then
        it stays as it was stored: ``deadline_was_typed``) — a deadline counted from the stored date was cleared as the
        date changed (``_deadline_follows_date``), so one still shown beside another date is the officer's; none shown
        is counted when saved (the placeholder's day)."""
        try:
            held_on = parse_date(self.dates["held_on"].text().strip())
            due = parse_date(self.dates["rectification_due"].text().strip())
        except ValueError:
            return False  # refused before it is saved
        if not due:
            return False
        return self.original is None or (held_on, due) != (self.original.held_on, self.original.rectification_due)

    def _is_new(self) -> bool:
        """Whether the interview edited is not stored yet (a new one)."""
        from workstation.store.interviews import interview_stored

        return not interview_stored(self.db, self._base.id)


class FollowUpDialog(AsksBeforeDropping, QDialog):
    """Record the follow-up of an interview's rectification: its date and what was found — of a joint interview,
    of every party or of the one chosen (``party``: each party keeps its own result). It is recorded as done, so a
    day still to come is refused under the date as it is typed (a planned date ahead opens as today)."""

    def __init__(self, db, prompts, interview: Interview, parent: QWidget | None = None):
        super().__init__(parent)
        # shown, and compared when saving, as stored when it opens
        interview = stored_now(db, interview, get_interview)
        self.db, self.prompts, self.interview = db, prompts, interview
        # the interview as stored when opened: a follow-up another process recorded since is not written over
        self.loaded = interview
        # True once a save was refused because a follow-up was recorded elsewhere since it opened (its page reads
        # the register again)
        self.changed_elsewhere = False
        self.saved_interview: Interview | None = None
        self.setWindowTitle(_("Follow-up of the interview"))
        planned = interview.follow_up_on
        self.on = QLineEdit(planned if planned and planned <= today() else today())  # done: not a day to come
        self.on.setObjectName("follow_up_on")
        self.on.setPlaceholderText(date_placeholder())
        self.result = _text_box("follow_up_result", 90)
        self.result.setPlainText(interview.follow_up_result)
        self.result.setPlaceholderText(_("e.g. the rectification report was received on …; the re-check found …"))
        # what the follow-up established, chosen by the officer: the text typed only pre-selects it (never
        # rectified on a guess: suggested_outcome), until the officer chooses
        self.outcome = QComboBox()
        self.outcome.setObjectName("follow_up_outcome")
        for key in OUTCOMES:
            self.outcome.addItem(_(OUTCOME_LABELS[key]), key)
        self._outcome_chosen = bool(interview.follow_up_outcome)
        self._suggest_outcome(interview.follow_up_outcome)
        self.outcome.activated.connect(self._outcome_picked)
        self.errors = {field: error_label(field) for field in ("follow_up_on", "follow_up_result",
                                                               "follow_up_outcome")}
        form = QFormLayout()
        due = interview.rectification_due or "—"
        form.addRow(_("Interview"), QLabel(f"{interview.held_on}  {interview.subject}"))
        form.addRow(_("Rectification deadline"), QLabel(due))
        self.party = QComboBox()  # a joint interview's: every party, or one of them
        self.party.setObjectName("follow_up_party")
        if len(interview.party_ids) > 1:
            self.party.addItem(_("Every party of the interview"), None)
            for party_id in interview.party_ids:
                self.party.addItem(get_party(db, party_id).name, party_id)
            form.addRow(_("Interviewed party"), self.party)
            self.party.setAccessibleName(_("Interviewed party"))  # on Linux Qt names it by its current choice
            self.party.currentIndexChanged.connect(self._party_chosen)
        for field, widget in (("follow_up_on", self.on), ("follow_up_result", self.result),
                              ("follow_up_outcome", self.outcome)):
            form.addRow(_(FIELD_LABELS[field]) + " *", widget)
            form.addRow("", self.errors[field])
        self.outcome.setAccessibleName(_field_label("follow_up_outcome"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.on.textChanged.connect(self.validate)
        self.result.textChanged.connect(self._text_changed)
        # Ctrl+Z takes back a choice as it does typing, in the order made; a party chosen with the result it fills
        # is one step (``_party_chosen`` runs before the history's own slot)
        self.fields_history = FieldsHistory(self, {"on": self.on, "party": self.party, "result": self.result,
                                                   "outcome": self.outcome}, "follow_up")
        self.mark_loaded()
        self.validate()

    def typed(self) -> tuple[str, str, str]:
        return self.on.text().strip(), self.result.toPlainText(), self.outcome.currentData()

    def _suggest_outcome(self, recorded: str | None = None) -> None:
        """Select ``recorded`` (an outcome chosen before), else the one the text suggests — not verified when it
        says nothing clearly (``suggested_outcome``)."""
        key = recorded if recorded in OUTCOMES else (suggested_outcome(self.result.toPlainText()) or "unverified")
        self.outcome.setCurrentIndex(self.outcome.findData(key))

    def _outcome_picked(self) -> None:
        self._outcome_chosen = True  # the officer's choice: the text no longer changes it
        self.validate()

    def _text_changed(self) -> None:
        if not self._outcome_chosen:
            self._suggest_outcome()
        self.validate()

    def _party_chosen(self) -> None:
        """The follow-up recorded for the party chosen (the whole interview's for every party) fills the result
        when nothing else was typed, so that the officer changes it rather than types it again."""
        party_id = self.party.currentData()
        found = party_result(self.interview, party_id) if party_id else None
        recorded = found.follow_up_result if found else self.interview.follow_up_result
        if self.result.toPlainText().strip() in {"", self.interview.follow_up_result.strip(),
                                                 *(party_result(self.interview, p).follow_up_result.strip()
                                                   for p in self.interview.party_ids)}:
            self.result.setPlainText(recorded)
            outcome = found.follow_up_outcome if found else self.interview.follow_up_outcome
            self._outcome_chosen = bool(outcome)
            self._suggest_outcome(outcome)

    def validate(self) -> dict[str, str]:
        errors = follow_up_errors(self.db, self.interview, self.on.text().strip() or None, self.result.toPlainText(),
                                  self.outcome.currentData())
        show_field_errors(self.errors, errors, self.buttons)
        return errors

    def save(self) -> None:
        if self.validate():
            return
        on, result, outcome = self.typed()
        party_id = self.party.currentData()
        # of every party: a party's own other follow-up (one not rectified, awaiting its escalation) is replaced
        # only with the officer's word, each listed with what it found
        replaced = [] if party_id else replaced_own_results(self.interview, on, result, outcome)
        if replaced and not self._replace_own(replaced):
            return
        try:
            try:
                self.saved_interview = record_follow_up(self.db, self.interview.id, on, result, party_id, outcome,
                                                        loaded=self.loaded, replace_own=bool(replaced))
            except OwnResultsReplaced as exc:  # not what it was when asked (another process's follow-up)
                if not self._replace_own(exc.results):
                    return
                self.saved_interview = record_follow_up(self.db, self.interview.id, on, result, party_id, outcome,
                                                        loaded=self.loaded, replace_own=True)
        except WorkstationError as exc:
            self.changed_elsewhere = changed_since(self.db, self.loaded, FOLLOW_UP_FIELDS) is not None
            show_refusal(self, self.prompts, exc, self.errors, self.buttons, _field_label)
            return
        self.loaded = self.saved_interview  # saved again, it is compared with what this save recorded
        self.accept()

    def _replace_own(self, replaced) -> bool:
        """Whether the officer confirms that this follow-up of every party replaces the parties' own ``replaced``
        (listed with what each found); No is the default."""
        return self.prompts.confirm(self, _(
            "This follow-up is recorded for every party of the interview: it replaces the follow-up these parties "
            "have of their own:\n{results}\n\nRecord it for every party all the same? To record it for one party "
            "only, answer No and choose that party.").format(results=own_results_text(self.db, replaced)),
            destructive=True)
