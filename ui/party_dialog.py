"""Creating and editing a party, with the USCC, ID number and phone checked as the officer types. A stored
party's ID number and phone are shown masked and read-only until the officer clicks "Show" beside them (an
audited reveal), after which they can be corrected; an untouched masked field keeps its stored value. What is
valid but to be checked (an ID number converted from its old 15 digits, a USCC whose organisation or division code
is doubtful) is noted beside its field in another colour, without disabling Save."""

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

from ui.layouts import AsksBeforeDropping, error_label, show_field_errors
from ui.masked_value import reveal_fields
from workstation.errors import WorkstationError
from workstation.i18n import N_, _
from workstation.masking import mask_field
from workstation.records import Party
from workstation.store import party_field_errors, party_field_warnings, save_party
from workstation.vocabulary import labels

FIELDS = (("name", N_("Name")), ("uscc", N_("Unified social credit code")), ("id_number", N_("ID number")),
          ("legal_rep", N_("Legal representative")), ("address", N_("Address")), ("phone", N_("Phone")))
MASKED_FIELDS = ("id_number", "phone")
WARNED_FIELDS = ("uscc", "id_number")  # the fields that can be valid and still to be checked


def warning_label(field: str) -> QLabel:
    """The line under a field saying what to check in its valid value (hidden while there is nothing)."""
    label = QLabel()
    label.setObjectName(f"{field}_warning")
    label.setStyleSheet("color: #8a4b00;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class PartyDialog(AsksBeforeDropping, QDialog):
    """Party editor; ``saved_party`` holds the stored party after OK."""

    def __init__(self, db, prompts, party: Party | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.party = party or Party(name="")
        self.saved_party: Party | None = None
        self.setWindowTitle(_("Edit party") if party else _("New party"))
        self.kind = QComboBox()
        for key, text in labels("party_kinds").items():
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(max(self.kind.findData(self.party.kind), 0))
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.warnings: dict[str, QLabel] = {}
        self.reveal_buttons: dict[str, QPushButton] = {}
        self.masked: set[str] = set()  # fields still showing the mask: their stored value is kept
        for field, text in FIELDS:
            edit = QLineEdit(getattr(self.party, field))
            edit.setObjectName(field)
            error = error_label(field)
            form.addRow(_(text) + (" *" if field == "name" else ""), self._masked_row(field, edit) or edit)
            form.addRow("", error)
            if field in WARNED_FIELDS:
                self.warnings[field] = warning_label(field)
                form.addRow("", self.warnings[field])
            self.edits[field], self.errors[field] = edit, error
            edit.textChanged.connect(self.validate)
            if field in WARNED_FIELDS:
                edit.editingFinished.connect(self.validate)  # its note shows once the officer has moved on
        self.kind.currentIndexChanged.connect(self.validate)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.validate()
        self.mark_loaded()

    def _masked_row(self, field: str, edit: QLineEdit) -> QHBoxLayout | None:
        """For a stored party's personal number: the edit showing the mask, read-only, and its Show button."""
        value = getattr(self.party, field)
        if field not in MASKED_FIELDS or not value or mask_field(field, value) == value:
            return None
        edit.setText(mask_field(field, value))
        edit.setReadOnly(True)
        self.masked.add(field)
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
        edit.setText(revealed.get(field, getattr(self.party, field)))
        edit.setReadOnly(False)
        self.reveal_buttons[field].hide()
        edit.setFocus()

    def typed(self) -> Party:
        return self.current()

    def current(self) -> Party:
        values = {field: getattr(self.party, field) if field in self.masked else edit.text()
                  for field, edit in self.edits.items()}
        return Party(id=self.party.id, kind=self.kind.currentData(), **values)

    def validate(self) -> dict[str, str]:
        """Show each field's error under it (once edited, or after a try to save); Save is enabled only when there
        is none. What to check in a valid field is shown under it once the officer is not typing in it, and does
        not disable Save."""
        party = self.current()
        errors = party_field_errors(party)
        notes = party_field_warnings(party, errors)
        focus = QApplication.focusWidget()
        for field, label in self.warnings.items():
            label.setText(notes.get(field, ""))
            label.setVisible(field in notes and self.edits[field] is not focus)
        return show_field_errors(self.errors, errors, self.buttons, fields=self.edits)

    def save(self) -> None:
        try:
            self.saved_party = save_party(self.db, self.current())
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.accept()
