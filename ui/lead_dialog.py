"""Registering a lead by hand (新建线索): a walk-in or written report, a call, a matter assigned from above, a
referral, an inspection finding. The officer picks its source, keeps or corrects the time it was received (now, by
default; never in the future), describes it, names whom it is about — a party of the register found as the name is
typed, or just the name — and the agency holding it (this station's, by default), and may note the number
complained of (被举报号码: the one that called or texted; several separated by spaces or 、) and the reporter's
number, name and address — a name with a phone or an address makes a named report (实名举报), as a note under them
says as they are typed (``leads_workflow.named_reporter``). Its sector follows the description, as the screening
rules suggest it for a complaint of that text (``leads_register.suggested_sector``), shown as suggested until the
officer chooses one. Each field says what is wrong
with it as the officer types (``workstation.leads_register``); Save stays disabled until nothing is; Cancel or Esc drop
what was typed only when the officer says so.

The same dialog corrects a lead registered by hand (修改线索): filled with the lead's values, each field's Ctrl+Z
taking back what was typed over them, it says as the officer types what 新建线索 says and what the lead's course
since refuses (``leads_register.edit_errors``), and Save writes only what differs (``leads_register.edit_lead``). A
sector the officer chose stays when the description is corrected; a suggested one follows it."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.date_edits import DateEdit, DateTimeEdit
from ui.dialog_undo import FieldsHistory
from ui.layouts import (
    AsksBeforeDropping,
    add_agency,
    chinese_width,
    error_label,
    error_text,
    fit_to_fields,
    scrolled_fields,
    show_field_errors,
)
from ui.typing_drafts import KeepsTyping
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.leads_register import (
    LeadEntry,
    edit_errors,
    edit_lead,
    entry_errors,
    lead_entry,
    register_lead,
    station_agency,
    suggested_sector,
)
from workstation.masking import mask_id, mask_text
from workstation.records import Lead, program_time
from workstation.store import list_agencies, list_parties
from workstation.vocabulary import shown_labels

FIELDS = ("source", "received_at", "description", "sector", "party", "target_phone", "agency_id", "complainant_phone",
          "reporter_name", "reporter_address")
PARTY_MATCHES = 20  # parties offered for the name typed: enough to tell namesakes apart, not the register
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # a party's bare name in the list, beside its id (UserRole)


class LeadDialog(KeepsTyping, AsksBeforeDropping, QDialog):
    """New lead, or the correction of ``lead`` (the row of a lead registered by hand, undecided); ``saved`` holds
    the lead registered or corrected after Save, ``changed`` the columns a correction changed ([] for none)."""

    def __init__(self, db, prompts, parent: QWidget | None = None, *, lead: dict | None = None):
        super().__init__(parent)
        self.db, self.prompts, self.lead = db, prompts, lead
        self.saved: Lead | None = None
        self.changed: list[str] = []
        self.setWindowTitle(_("Edit lead") if lead else _("New lead"))
        self.setMinimumWidth(chinese_width(self, 36))  # a company's name seen whole
        self.source = QComboBox()
        self.source.setObjectName("source")
        self.source.addItem(_("— choose —"), None)
        for key, text in shown_labels("lead_sources").items():
            self.source.addItem(text, key)
        now = program_time()  # the program's clock: Beijing time, whatever the laptop's zone
        self.received_at = DateTimeEdit(QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute)))
        self.received_at.setObjectName("received_at")
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.received_at.setCalendarPopup(True)
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(_("What was reported or found: the business or number, what it did, "
                                              "where and when"))
        self.description.setTabChangesFocus(True)  # Tab moves on to the next field, as in every other one
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        self.sector.addItem(_("— none —"), "")
        for key, text in shown_labels("sectors").items():
            self.sector.addItem(text, key)
        self.sector_note = QLabel()
        self.sector_note.setObjectName("sector_note")
        # ticked once the officer picks a sector: the description no longer moves it. Never shown: a field of the
        # undo history, so that Ctrl+Z takes back a pick with the sector suggested before it, which then follows the
        # description again
        self.sector_chosen_box = QCheckBox(self)
        self.sector_chosen_box.setObjectName("sector_chosen")
        self.sector_chosen_box.hide()
        self._suggesting = False  # the sector set by the description, not picked
        sector_row = QHBoxLayout()
        sector_row.addWidget(self.sector)
        sector_row.addWidget(self.sector_note, 1)
        self.party = QLineEdit()
        self.party.setObjectName("party")
        self.party.setPlaceholderText(_("Name of the business or person (optional)"))
        self.party_match = QComboBox()
        self.party_match.setObjectName("party_match")
        self.party_match.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.party_match.setMinimumContentsLength(12)
        self.target_phone = QLineEdit()
        self.target_phone.setObjectName("target_phone")
        self.target_phone.setPlaceholderText(_("The number that called or texted (optional; several separated by "
                                               "spaces or 、)"))
        self.agency = QComboBox()
        self.agency.setObjectName("agency_id")
        own = station_agency(db)
        if own is None:
            self.agency.addItem(_("— none —"), None)
        for agency in list_agencies(db):  # searched by typing part of a name; "— none —" (first) by typing it
            add_agency(self.agency, agency)
        from ui.agency_search import searchable

        # the lead's agency, saved ("— none —" too): text naming none is kept, in red, and Save refuses
        searchable(self.agency, keeps_choice=False)
        self.agency.setCurrentIndex(max(self.agency.findData(own), 0) if own else 0)
        self.complainant_phone = QLineEdit()
        self.complainant_phone.setObjectName("complainant_phone")
        self.complainant_phone.setPlaceholderText(_("Reporter's number (optional; shown masked in lists)"))
        # the reporter's name and postal address (m056): a name with a phone or an address makes a named report
        # (实名举报: T24, the 举报处理结果告知书), a letter giving no number among them
        self.reporter_name = QLineEdit()
        self.reporter_name.setObjectName("reporter_name")
        self.reporter_name.setPlaceholderText(_("The name the reporter gave (optional; with a phone or an address it "
                                                "is a named report)"))
        self.reporter_address = QLineEdit()
        self.reporter_address.setObjectName("reporter_address")
        self.reporter_address.setPlaceholderText(_("Where a letter reaches the reporter (optional; shown masked in "
                                                   "lists)"))
        # whether what is typed of the reporter makes a named report, said as it is typed (``named_reporter``: the
        # board's T24 and the 举报处理结果告知书 follow the same test)
        self.named_note = QLabel()
        self.named_note.setObjectName("named_note")
        self.named_note.setWordWrap(True)
        self.named_note.setVisible(False)
        self.errors = {field: error_label(field) for field in FIELDS}
        body = QWidget()  # the fields, scrolled on a laptop's short screen: Save and Cancel stay in view
        form = QFormLayout(body)
        for field, text, widget in (("source", _("Source"), self.source),
                                    ("received_at", _("Received at"), self.received_at),
                                    ("description", _("Description"), self.description),
                                    ("sector", _("Sector"), sector_row),
                                    ("party", _("About (party)"), self.party),
                                    ("target_phone", _("Number reported"), self.target_phone),
                                    ("agency_id", _("Agency holding it"), self.agency),
                                    ("complainant_phone", _("Reporter's phone"), self.complainant_phone),
                                    ("reporter_name", _("Reporter's name"), self.reporter_name),
                                    ("reporter_address", _("Reporter's address"), self.reporter_address)):
            form.addRow(text, widget)
            if field == "sector":  # a row with its note: the label names the drop-down
                form.labelForField(widget).setBuddy(self.sector)
            if field == "party":  # the parties of the register the name matches, the one chosen linked
                form.addRow(_("Match in the register"), self.party_match)
            form.addRow("", self.errors[field])
        # a drop-down named by its label for a screen reader (on Linux Qt names it by its current choice)
        for combo, text in ((self.source, _("Source")), (self.sector, _("Sector")),
                            (self.party_match, _("Match in the register")), (self.agency, _("Agency holding it"))):
            combo.setAccessibleName(text)
            if combo.lineEdit() is not None:  # the list of agencies, typed in: the box typed in named as it is
                combo.lineEdit().setAccessibleName(text)
        form.addRow("", self.named_note)
        self.t1 = QLabel(_("Its 15 working days to verify and decide whether to file (T1) count from the day it was "
                           "received."))
        self.t1.setObjectName("t1_note")
        self.t1.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.fields_scroll = scrolled_fields(body)
        layout.addWidget(self.fields_scroll)
        layout.addWidget(self.t1)
        layout.addWidget(self.buttons)
        self.find_parties("")
        if lead is not None:
            self._fill(lead)
        self.suggest_sector()
        self.description.textChanged.connect(self.suggest_sector)
        self.sector.currentIndexChanged.connect(self._sector_changed)  # before the history records the change
        self.sector_chosen_box.toggled.connect(self._say_sector)
        self.party.textChanged.connect(self.find_parties)
        self.party_match.currentIndexChanged.connect(self._party_chosen)
        for signal in (self.source.currentIndexChanged, self.received_at.dateTimeChanged,
                       self.description.textChanged, self.sector.currentIndexChanged, self.party.textChanged,
                       self.party_match.currentIndexChanged,
                       self.target_phone.textChanged, self.agency.currentIndexChanged,
                       self.agency.editTextChanged,  # text typed naming no agency, said so (``ui.agency_search``)
                       self.complainant_phone.textChanged, self.reporter_name.textChanged,
                       self.reporter_address.textChanged):
            signal.connect(self.validate)
        for signal in (self.source.currentIndexChanged, self.complainant_phone.textChanged,
                       self.reporter_name.textChanged, self.reporter_address.textChanged):
            signal.connect(self.say_named)
        self.validate()
        self.say_named()
        # Ctrl+Z takes back a choice as it does typing (the match in the register follows the name typed); a sector
        # picked is one step with its being chosen, a sector the description moved one with the description; a party
        # picked from the register's matches one with the name it fills (the match put back first, then the name)
        self.fields_history = FieldsHistory(self, {
            "source": self.source, "received_at": self.received_at, "description": self.description,
            "sector": self.sector, "sector_chosen": self.sector_chosen_box, "party_match": self.party_match,
            "party": self.party,
            "target_phone": self.target_phone, "agency_id": self.agency,
            "complainant_phone": self.complainant_phone, "reporter_name": self.reporter_name,
            "reporter_address": self.reporter_address}, "lead")
        # as tall as its fields, within the screen's free area (1366 × 768 at 150 % leaves 472 pixels)
        fit_to_fields(self, self.fields_scroll)
        self.mark_loaded()

    # what is typed kept as a draft (``KeepsTyping``) --------------------------------------------------------------
    typing_kind = "lead"

    def _kept_boxes(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        """The fields typed in, kept as a draft while typed: the description, whom it is about, the numbers (of a
        lead corrected, kept only once typed over), the reporter's name and address."""
        return {"description": self.description, "party": self.party, "target_phone": self.target_phone,
                "complainant_phone": self.complainant_phone, "reporter_name": self.reporter_name,
                "reporter_address": self.reporter_address}

    def _typing_owner(self) -> str | None:
        return self.lead["id"] if self.lead else None

    def _typing_about(self) -> str:
        return self.party.text()

    def _fill(self, lead: dict) -> None:
        """Show the values of the lead corrected, as they would have been typed (``lead_entry``): setting them
        leaves each field's undo history empty, so that Ctrl+Z takes back only what the officer types over them."""
        entry = lead_entry(lead, db=self.db)
        self.source.setCurrentIndex(max(self.source.findData(entry.source), 0))
        if entry.sector is not None:  # chosen by the officer: it stays whatever the description says
            self.sector_chosen_box.setChecked(True)
            self.sector.setCurrentIndex(max(self.sector.findData(entry.sector), 0))
            self.sector_note.setText(_("Chosen: a corrected description does not change it."))
        self.received_at.setDateTime(QDateTime.fromString(entry.received_at, "yyyy-MM-dd HH:mm"))
        self.description.setPlainText(entry.description)
        self.party.setText(entry.party)
        self.find_parties(entry.party)
        if entry.party_id:  # the party linked, among namesakes too
            self.party_match.setCurrentIndex(max(self.party_match.findData(entry.party_id), 0))
        self.target_phone.setText(entry.target_phone)
        self.complainant_phone.setText(entry.complainant_phone)
        self.reporter_name.setText(entry.reporter_name)
        self.reporter_address.setText(entry.reporter_address)
        if self.agency.findData(entry.agency_id) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(entry.agency_id))
        if lead["assigned_on"]:  # it changes hands by a re-assignment, which keeps the earlier one and its reason
            self.agency.setEnabled(False)
            self.agency.setToolTip(_("The lead is assigned already: re-assign it (Assign…), which keeps the earlier "
                                     "assignment and why it was taken away."))
            self.t1.setText(_("It was assigned on {date}: its 15 working days to verify and decide whether to file "
                              "(T1) count from then.").format(date=lead["assigned_on"]))
        else:
            self.t1.setText(_("Its 15 working days to verify and decide whether to file (T1) count from the day it "
                              "was received: a corrected receipt time moves them."))

    # the sector -----------------------------------------------------------------------------------------------
    @property
    def sector_chosen(self) -> bool:
        """Whether the sector shown is the officer's pick (it stays whatever the description says), not the one
        suggested."""
        return self.sector_chosen_box.isChecked()

    def suggest_sector(self) -> None:
        """Until the officer picks a sector, show the one the screening rules suggest for the description, said to
        be suggested (or that they suggest none)."""
        if self.sector_chosen:
            return
        suggested = suggested_sector(self.db, self.description.toPlainText())
        self._suggesting = True
        try:
            self.sector.setCurrentIndex(max(self.sector.findData(suggested), 0))
        finally:
            self._suggesting = False
        self._say_suggested(suggested)

    def _say_suggested(self, suggested: str | None) -> None:
        self.sector_note.setText(_("Suggested from the description: choose another if it is wrong.") if suggested
                                 else _("No sector suggested by the description: choose one if you know it."))

    def _sector_changed(self, _index: int) -> None:
        """A sector the officer picked (any change not suggested for the description) stays, whatever the
        description says after. An undo putting the sector back ticks nothing new: the pick it takes back was
        ticked already, and its tick is put back after it."""
        if not self._suggesting:
            self.sector_chosen_box.setChecked(True)

    def _say_sector(self, chosen: bool) -> None:
        """Say whether the sector shown was chosen or suggested: a pick taken back (Ctrl+Z) is suggested again."""
        if chosen:
            self.sector_note.setText(_("Chosen: a corrected description does not change it."))
        else:
            self._say_suggested(suggested_sector(self.db, self.description.toPlainText()))

    # the party ------------------------------------------------------------------------------------------------
    def find_parties(self, text: str) -> None:
        """Offer the parties of the register whose name or code holds ``text``; the one named exactly is chosen
        (the one chosen before, among namesakes), else none: the lead then names whom it is about by the text."""
        text = " ".join(text.split())
        kept = self.party_match.currentData()
        self.party_match.blockSignals(True)
        self.party_match.clear()
        self.party_match.addItem(_("Not in the party register: the name only"), None)
        for party in list_parties(self.db, text, limit=PARTY_MATCHES) if text else []:
            code = party.uscc or mask_id(party.id_number)
            shown = mask_text(party.name)  # masked as every list shows it; chosen by the name whole (NAME_ROLE)
            self.party_match.addItem(f"{shown}  {code}" if code else shown, party.id)
            self.party_match.setItemData(self.party_match.count() - 1, party.name, NAME_ROLE)
        exact = [n for n in range(1, self.party_match.count()) if self.party_match.itemData(n, NAME_ROLE) == text]
        chosen = next((n for n in exact if self.party_match.itemData(n) == kept), exact[0] if exact else 0)
        self.party_match.setCurrentIndex(chosen)
        self.party_match.blockSignals(False)

    def _party_chosen(self, index: int) -> None:
        """A party picked from the list names the lead by its name."""
        name = self.party_match.itemData(index, NAME_ROLE) if index > 0 else None
        if name and " ".join(self.party.text().split()) != name:
            self.party.blockSignals(True)  # the list stays as it is, the party picked chosen
            self.party.setText(name)
            self.party.blockSignals(False)

    # values, checks, saving -----------------------------------------------------------------------------------
    def entry(self) -> LeadEntry:
        return LeadEntry(source=self.source.currentData() or "",
                         received_at=self.received_at.dateTime().toString("yyyy-MM-dd HH:mm"),
                         description=self.description.toPlainText(), party=self.party.text(),
                         party_id=self.party_match.currentData(), agency_id=self.agency.currentData(),
                         complainant_phone=self.complainant_phone.text(), target_phone=self.target_phone.text(),
                         sector=self.sector.currentData() if self.sector_chosen else None,
                         reporter_name=self.reporter_name.text(), reporter_address=self.reporter_address.text())

    def typed(self) -> LeadEntry:
        return self.entry()

    def named_text(self) -> str:
        """What the reporter typed makes of the report ('' when nothing of the reporter is typed, or the lead was
        found in an inspection, which has no reporter): named (实名举报: T24, the 举报处理结果告知书) or not, and why not."""
        from workstation.leads_workflow import HOTLINE_SOURCES, hotline_reporter_warning, named_reporter

        source = self.source.currentData()
        typed = {"reporter_name": self.reporter_name.text(), "complainant_phone": self.complainant_phone.text(),
                 "reporter_address": self.reporter_address.text()}
        if source == "inspection" or not any(value.strip() for value in typed.values()):
            return ""
        if source in HOTLINE_SOURCES:
            return hotline_reporter_warning(source, typed["complainant_phone"]) or ""
        # a report stored with only a number before the name was needed (m058) stays named while it holds the number
        if named_reporter({**typed, "reporter_named_by_number": (self.lead or {}).get("reporter_named_by_number")}):
            return _("A named report (实名举报): the reporter is told whether the lead is filed within 5 working days "
                     "of the decision (T24), by the 举报处理结果告知书 or otherwise.")
        if typed["reporter_name"].strip():
            return _("Without a phone or an address to reach the reporter this is not a named report (实名举报): no "
                     "deadline to tell them the decision (T24), no 举报处理结果告知书.")
        return _("Without the reporter's name this is not a named report (实名举报): no deadline to tell the reporter "
                 "the decision (T24), no 举报处理结果告知书. Type the name if the reporter gave it.")

    def say_named(self) -> None:
        text = self.named_text()
        self.named_note.setText(text)
        self.named_note.setVisible(bool(text))

    def validate(self) -> dict[str, str]:
        from ui.agency_search import names_no_agency, names_none_message
        from ui.field_errors import FieldErrors

        errors = edit_errors(self.db, self.lead, self.entry()) if self.lead else entry_errors(self.db, self.entry())
        if names_no_agency(self.agency):  # text typed that names no agency: not "— none —" (``ui.agency_search``)
            errors = {**errors, "agency_id": names_none_message()}
            FieldErrors.of(self.errors, self.buttons.button(QDialogButtonBox.StandardButton.Save)).touched.add(
                "agency_id")
        return show_field_errors(self.errors, errors, self.buttons)

    def save(self) -> None:
        from ui.agency_search import settle_typed

        settle_typed(self.agency)  # what is half typed first: a click taking no keyboard never left the field
        if self.validate():
            return
        try:
            if self.lead is None:
                self.saved = register_lead(self.db, self.entry())
            else:
                from workstation.store.base import from_row

                # refused when another process corrected the lead since the dialog opened it (``self.lead``)
                row, self.changed = edit_lead(self.db, self.lead["id"], self.entry(), loaded=self.lead)
                self.saved = from_row(Lead, row)
                self.lead = row  # saved again, it is compared with what this save stored
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.accept()


class ReporterToldDialog(AsksBeforeDropping, QDialog):
    """Record that the named reporter of a lead filed or not filed was told the decision (T24): the day (today by
    default; not before the decision, not in the future, said as the officer types) and how (phone, letter, SMS or
    not said); ``saved`` holds the lead's row after Save. Or, ticking ``declined``, that the reporter asked on
    that day not to be told of the outcome, with how they said it (``leads_workflow.record_reporter_declined``):
    T24 then does not apply."""

    FIELDS = ("reporter_told_on", "reporter_told_how", "reporter_declined_reason")

    def __init__(self, db, lead: dict, prompts, parent: QWidget | None = None):
        from workstation import clocks
        from workstation.leads_workflow import REPORTER_TOLD_HOW
        from workstation.records import today

        super().__init__(parent)
        self.db, self.lead, self.prompts = db, lead, prompts
        self.saved: dict | None = None
        self.setWindowTitle(_("Advise the reporter"))
        self.told_on = DateEdit(QDate.fromString(today(), "yyyy-MM-dd"))
        self.told_on.setObjectName("reporter_told_on")
        self.told_on.setCalendarPopup(True)
        self.told_on.setDisplayFormat("yyyy-MM-dd")
        self.how = QComboBox()
        self.how.setObjectName("reporter_told_how")
        self.how.addItem(_("— not said —"), "")
        for key, text in REPORTER_TOLD_HOW.items():
            self.how.addItem(_(text), key)
        self.declined = QCheckBox(_("The reporter asked not to be told of the outcome"))
        self.declined.setObjectName("reporter_declined")
        self.declined_reason = QLineEdit()
        self.declined_reason.setObjectName("reporter_declined_reason")
        self.declined_reason.setPlaceholderText(_("How the reporter said so (a call, a line in the letter …)"))
        self.declined_reason.setEnabled(False)
        self.errors = {field: error_label(field) for field in dict.fromkeys((*self.FIELDS, "reporter_declined_reason"))}
        form = self.told_form = QFormLayout()
        form.addRow("", self.declined)
        for field, text, widget in (("reporter_told_on", _("Told on"), self.told_on),
                                    ("reporter_told_how", _("How"), self.how),
                                    ("reporter_declined_reason", _("Asked how"), self.declined_reason)):
            form.addRow(text, widget)
            form.addRow("", self.errors[field])
        self.how.setAccessibleName(_("How"))  # on Linux Qt names a drop-down by its current choice
        rule = clocks.rule("T24")
        due = clocks.reporter_deadline(clocks.engine_for(db), lead["id"], lead["decided_on"], None).due
        self.what = QLabel(_("T24 {title}: {period} from the decision of {date} ({source}); due {due}.").format(
            title=rule.title, period=rule.unit_text(), date=lead["decided_on"], source=rule.source, due=due))
        self.what.setObjectName("t24_rule")
        self.what.setWordWrap(True)
        # a day after T24 ended (逾期告知): said as it is chosen, not refused (``late_told_warning``)
        self.late_told = QLabel()
        self.late_told.setObjectName("late_told")
        self.late_told.setWordWrap(True)
        self.late_told.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.late_told)
        layout.addWidget(self.buttons)
        self.told_on.dateChanged.connect(self.validate)
        self.how.currentIndexChanged.connect(self.validate)
        self.declined.toggled.connect(self._declined_toggled)
        self.declined_reason.textChanged.connect(self.validate)
        self.validate()
        # Ctrl+Z takes back the last change of any field (the day, how, the tick, how they asked), Ctrl+Y redoes it
        self.fields_history = FieldsHistory(self, {"told_on": self.told_on, "how": self.how, "declined": self.declined,
                                                   "declined_reason": self.declined_reason}, "reporter_told")
        self.mark_loaded()

    def _declined_toggled(self, declined: bool) -> None:
        """The day becomes the day the reporter asked not to be told, the way of telling gives way to how they said
        it."""
        self.how.setEnabled(not declined)
        self.declined_reason.setEnabled(declined)
        self.validate()

    def values(self) -> tuple[str, str]:
        return self.told_on.date().toString("yyyy-MM-dd"), self.how.currentData() or ""

    def typed(self) -> tuple:
        return (*self.values(), self.declined.isChecked(), self.declined_reason.text())

    def validate(self) -> dict[str, str]:
        from workstation.leads_workflow import reporter_declined_errors, reporter_told_errors

        if self.declined.isChecked():
            found = reporter_declined_errors(self.lead, self.values()[0], self.declined_reason.text())
            errors = {"reporter_told_on" if field == "reporter_declined_on" else field: text
                      for field, text in found.items()}
        else:
            errors = reporter_told_errors(self.lead, *self.values())
        self.say_late_told(errors)
        return show_field_errors(self.errors, errors, self.buttons)

    def say_late_told(self, errors: dict[str, str]) -> None:
        """The day chosen after T24 ended said late before saving (``late_told_warning``); nothing for a day refused
        or a reporter who asked not to be told."""
        from workstation.leads_workflow import late_told_warning

        late = "" if errors or self.declined.isChecked() else late_told_warning(self.db, self.lead, self.values()[0])
        self.late_told.setText(late)
        self.late_told.setVisible(bool(late))

    def save(self) -> None:
        from workstation.leads_workflow import record_reporter_declined, tell_reporter

        if self.validate():
            return
        try:
            if self.declined.isChecked():
                self.saved = record_reporter_declined(self.db, self.lead["id"], self.values()[0],
                                                      self.declined_reason.text())
            else:
                self.saved = tell_reporter(self.db, self.lead["id"], *self.values())
        except WorkstationError as exc:
            self.prompts.error(self, error_text(exc))
            return
        self.accept()
