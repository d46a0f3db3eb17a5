"""Creating and editing a party, with the USCC, ID number and phone checked as the officer types. A stored
party's ID number and phone are shown masked and read-only until the officer clicks "Show" beside them (an
audited reveal), after which they can be corrected; a name with a number in it (号码…的使用人) is shown masked too,
and likewise corrected or replaced once shown; an untouched masked field keeps its stored value. What is
valid but to be checked (an ID number converted from its old 15 digits, a USCC whose organisation or division code
is doubtful) is noted beside its field in another colour, without disabling Save.

The dialog shows the fields the chosen kind of party has (REFERENCE §2.2's party block), named as its documents
name them: a natural person's 姓名, 身份证号码 and 住址; an organisation's 名称, 统一社会信用代码 and 住所, with the
法定代表人（负责人）, or an individual business's 经营者 and, optional, the 经营者身份证号码 its register may give
(masked as a person's). What was typed in a field the kind does not have stays in it while the officer tries kinds,
but is not saved, which a line under the form says; deleting such a stored value is asked first. Renaming a party
offers to rename it in the 案由 of its open cases that still name it by its old name (a case filed from a lead about
a number names its placeholder, 号码…的使用人)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialog_undo import FieldsHistory
from ui.layouts import (
    AsksBeforeDropping,
    error_label,
    list_join,
    show_field_errors,
    show_refusal,
    stored_now,
    warning_label,
)
from ui.masked_value import reveal_fields
from workstation.errors import WorkstationError
from workstation.i18n import N_, _
from workstation.masking import mask_field
from workstation.records import Party
from workstation.store.parties import (
    cases_naming,
    get_party,
    party_code_errors,
    party_field_errors,
    party_field_warnings,
    save_party,
)
from workstation.vocabulary import shown_labels

FIELDS = (("name", N_("Name")), ("uscc", N_("Unified social credit code")), ("id_number", N_("ID number")),
          ("legal_rep", N_("Legal representative")), ("address", N_("Address")), ("phone", N_("Phone")))
MASKED_FIELDS = ("id_number", "phone", "name")  # the name: a party known by a number is named after it
WARNED_FIELDS = ("uscc", "id_number")  # the fields that can be valid and still to be checked
_ORGANISATION = {"name": N_("Name of the organisation"), "uscc": N_("Unified social credit code"),
                 "legal_rep": N_("Legal representative (person in charge)"), "address": N_("Domicile"),
                 "phone": N_("Phone")}
# the fields each kind of party has, and their names for it (REFERENCE §2.2: 统一社会信用代码 or, for a natural
# person, 身份证件号码; 住所 or 住址; 法定代表人（负责人、经营者）); a kind missing here shows every field
KIND_FIELDS: dict[str, dict[str, str]] = {
    "company": _ORGANISATION,
    # its register may give the operator's 身份证号码 besides the business's code: kept, shown masked like a person's
    "individual_business": {**_ORGANISATION, "legal_rep": N_("Operator"), "id_number": N_("Operator's ID number")},
    "association": _ORGANISATION,
    "person": {"name": N_("Full name"), "id_number": N_("ID number"), "address": N_("Home address"),
               "phone": N_("Phone")},
}
FIELD_CHARACTERS = 30  # a Foshan address or company name, in CJK characters, seen whole while typed


class PartyDialog(AsksBeforeDropping, QDialog):
    """Party editor; ``saved_party`` holds the stored party after OK."""

    def __init__(self, db, prompts, party: Party | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.prompts = db, prompts
        # read again as stored now: the page opening it holds the party as it last read it, which another window or
        # process may have saved since (reopened after a refusal, the same stale copy would be refused again)
        party = stored_now(db, party, get_party)
        self.party = party or Party(name="")
        # the party as stored when opened (a new one: none): its save is refused when another process saved it since
        self.loaded: Party | None = party
        # True once a save was refused because the party was saved elsewhere since it opened: its opener reads the
        # party again, so that it is reopened as stored
        self.changed_elsewhere = False
        self.saved_party: Party | None = None
        self.setWindowTitle(_("Edit party") if party else _("New party"))
        self.kind = QComboBox()
        for key, text in shown_labels("party_kinds").items():
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(self.kind.findData(self.party.kind), 0))
        self.kind.setAccessibleName(_("Kind"))  # on Linux Qt names a drop-down by its current choice
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.warnings: dict[str, QLabel] = {}
        self.reveal_buttons: dict[str, QPushButton] = {}
        self.masked: set[str] = set()  # fields still showing the mask: their stored value is kept
        self.mask_shown: dict[str, str] = {}  # the mask each shows (a name typed over is no longer it)
        for field, _text in FIELDS:
            edit = QLineEdit(getattr(self.party, field))
            edit.setObjectName(field)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("国" * FIELD_CHARACTERS)
                                 + 2 * edit.fontMetrics().horizontalAdvance("x"))  # its frame and margins
            error = error_label(field)
            self.labels[field] = QLabel()
            self.labels[field].setObjectName(f"{field}_label")
            self.labels[field].setBuddy(edit)  # the box is named by it (``show_kind`` names it for the kind)
            form.addRow(self.labels[field], self._masked_row(field, edit) or edit)
            form.addRow("", error)
            if field in WARNED_FIELDS:
                self.warnings[field] = warning_label(field)
                form.addRow("", self.warnings[field])
            self.edits[field], self.errors[field] = edit, error
            edit.textChanged.connect(self.validate)
            if field in WARNED_FIELDS:
                edit.editingFinished.connect(self.validate)  # its note shows once the officer has moved on
        self.dropped = warning_label("dropped")  # what is typed in fields the chosen kind has not: not saved
        self.kind.currentIndexChanged.connect(self.show_kind)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.dropped)
        layout.addWidget(self.buttons)
        self.show_kind()
        # Ctrl+Z takes back the kind chosen as it does typing, in the order made
        self.fields_history = FieldsHistory(self, {"kind": self.kind, **self.edits}, "party")
        self.mark_loaded()

    def kind_fields(self) -> dict[str, str]:
        """{field: its name} of the fields the chosen kind of party has."""
        return KIND_FIELDS.get(self.kind.currentData(), dict(FIELDS))

    def show_kind(self) -> None:
        """Show the fields of the chosen kind, named for it, and validate what would be saved."""
        fields = self.kind_fields()
        for field, _text in FIELDS:
            shown = field in fields
            if shown:
                self.labels[field].setText(_(fields[field]) + (" *" if field == "name" else ""))
                self.edits[field].setAccessibleName(_(fields[field]))  # what a screen reader says of the box
            self.labels[field].setVisible(shown)
            self.edits[field].setVisible(shown)
            if field in self.reveal_buttons:
                self.reveal_buttons[field].setVisible(shown and field in self.masked)
        self.validate()

    def _masked_row(self, field: str, edit: QLineEdit) -> QHBoxLayout | None:
        """For a stored party's personal number: the edit showing the mask, read-only, and its Show button."""
        value = getattr(self.party, field)
        if field not in MASKED_FIELDS or not value or mask_field(field, value) == value:
            return None
        edit.setText(mask_field(field, value))
        # read-only as the numbers: a mask typed into (号码139****5678的使用人（李娜）) would be saved with its stars,
        # the number lost; Show makes the name whole to correct or replace
        edit.setReadOnly(True)
        self.masked.add(field)
        self.mask_shown[field] = edit.text()
        button = QPushButton(_("Show"))
        button.setObjectName(f"reveal_{field}")
        button.setToolTip(_("Show the whole number to read or correct it; this is recorded in the audit log."))
        button.clicked.connect(lambda _checked=False, f=field: self.reveal(f))
        self.reveal_buttons[field] = button
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        return row

    def reveal(self, field: str) -> None:
        """Show the stored value of a masked field (audited) and let the officer edit it."""
        revealed = reveal_fields(self.db, self.prompts, self, "party", self.party.id,
                                 {field: getattr(self.party, field)})
        if revealed is None:
            return
        edit = self.edits[field]
        self.masked.discard(field)
        # no step: undone, the field would show the mask where it can be typed in
        self.fields_history.put(field, revealed.get(field, getattr(self.party, field)))
        edit.setReadOnly(False)
        self.reveal_buttons[field].hide()
        edit.setFocus()

    def typed(self) -> Party:
        return self.current()

    def current(self) -> Party:
        """What every field holds, those the chosen kind has not included (a masked field: its stored value)."""
        values = {field: getattr(self.party, field) if field in self.masked and edit.text() == self.mask_shown[field]
                  else edit.text() for field, edit in self.edits.items()}
        return Party(id=self.party.id, kind=self.kind.currentData(), **values)

    def to_save(self) -> Party:
        """The party as it is saved: the fields the chosen kind has not are left empty."""
        party, fields = self.current(), self.kind_fields()
        for field, _text in FIELDS:
            if field not in fields:
                setattr(party, field, "")
        return party

    def not_saved(self, party: Party) -> list[str]:
        """The fields of ``party`` holding something the chosen kind has no field for."""
        return [field for field, _text in FIELDS if field not in self.kind_fields() and getattr(party, field).strip()]

    def validate(self) -> dict[str, str]:
        """Show each field's error under it (once edited, or after a try to save); Save is enabled only when there
        is none. What to check in a valid field is shown under it once the officer is not typing in it, and does
        not disable Save. Only what is saved is checked; what is not is listed under the form."""
        party = self.to_save()
        # a code another party has, too; a message naming its field names it as labelled (经营者身份证号码)
        errors = party_code_errors(self.db, party) | party_field_errors(party, self._shown_labels())
        notes = party_field_warnings(party, errors)
        focus = QApplication.focusWidget()
        for field, label in self.warnings.items():
            label.setText(notes.get(field, ""))
            label.setVisible(field in notes and self.edits[field] is not focus)
        dropped = self.not_saved(self.current())
        self.dropped.setText(_("A party of the kind “{kind}” has no {fields}: what is filled in there is not "
                               "saved. To keep it, choose the kind it belongs to.").format(
            kind=self.kind.currentText(), fields=_field_names(dropped)) if dropped else "")
        self.dropped.setVisible(bool(dropped))
        return show_field_errors(self.errors, errors, self.buttons, fields=self.edits)

    def _shown_labels(self) -> dict[str, str]:
        """{field: its label as the chosen kind names it} (translated), by which a message names its field."""
        return {field: _(text) for field, text in self.kind_fields().items()}

    def save(self) -> None:
        """Save what the chosen kind has, after asking before a stored value is deleted and whether the 案由 of
        the party's cases follows a new name."""
        party = self.to_save()
        if party_field_errors(party, self._shown_labels()):
            self.validate()
            return
        deleted = self.not_saved(self.party)  # the stored values the chosen kind has no field for
        if deleted and not self.prompts.confirm(self, _(
                "“{name}” is saved as “{kind}”, which has no {fields}: the stored {fields} will be deleted. "
                "Delete and save?").format(name=party.name.strip(), kind=self.kind.currentText(),
                                           fields=_field_names(deleted))):
            return
        rename_causes = self._rename_causes(party)
        if rename_causes is None:
            return
        try:
            self.saved_party = save_party(self.db, party, rename_causes=rename_causes, loaded=self.loaded)
        except WorkstationError as exc:
            self.changed_elsewhere = (self.loaded is not None
                                      and stored_now(self.db, self.loaded, get_party) != self.loaded)
            show_refusal(self, self.prompts, exc, self.errors, self.buttons, self._field_label)
            return
        self.loaded = self.saved_party  # saved again, it is compared with what this save stored
        self.accept()

    def typed_changes(self) -> dict[str, str]:
        """What the officer changed (what the fields hold against the party the dialog opened with), by field: the
        field's label as the chosen kind names it (one the kind hides, by its generic name), the kind as 类型 — on its
        own: the stored values a kind changed has no field for are not listed as typed."""
        typed, opened, fields = self.current(), self.party, self.kind_fields()
        changes = {"kind": _("Kind")} if typed.kind != opened.kind else {}
        for field, text in FIELDS:
            if getattr(typed, field).strip() != getattr(opened, field).strip():
                changes[field] = _(fields.get(field, text))
        return changes

    def put_typed(self, typed_in: PartyDialog, changes: dict[str, str]) -> None:
        """Put what was typed in the party dialog ``typed_in`` (its fields ``changes``: ``typed_changes``) into this
        one, opened again on the party as stored now; the other fields show what is stored. A field still masked
        here takes what was typed there as it is (no stored number is shown)."""
        if "kind" in changes:
            self.kind.setCurrentIndex(typed_in.kind.currentIndex())
        typed = typed_in.current()
        for field, edit in self.edits.items():
            if field not in changes:
                continue
            if field in self.masked:
                self.masked.discard(field)
                edit.setReadOnly(False)
                self.reveal_buttons[field].hide()
            edit.setText(getattr(typed, field))

    def _field_label(self, field: str) -> str:
        """The label a field of the party shows (as the chosen kind names it), "" for one it has none of."""
        if field in self.labels:
            return self.labels[field].text().strip().rstrip("：:")
        return _("Kind") if field == "kind" else ""

    def _rename_causes(self, party: Party) -> bool | None:
        """Whether a renamed party's new name replaces its old one in the 案由 of its open cases (the officer says;
        False when none names it), None when the officer cancels."""
        old, new = self.party.name, party.name.strip()
        cases = cases_naming(self.db, party.id, old) if old and new != old else []
        if not cases:
            return False
        listed = "\n".join(_("{number}: {cause}").format(number=case.case_number or _("not filed"), cause=case.cause) for case in cases)
        choice = self.prompts.choose(self, _(
            "The cause of these cases still names the party “{old}”:\n{cases}\nName it “{new}” there too?").format(
            old=old, cases=listed, new=new), [_("Change the cause"), _("Keep the cause"), _("Cancel")])
        return None if choice not in (0, 1) else choice == 0


def _field_names(fields: list[str]) -> str:
    """The generic names of ``fields``, as a list in a sentence."""
    names = dict(FIELDS)
    return list_join(_(names[field]) for field in fields)
