"""本局文书信息: the contact telephone and address the 行政处罚告知书 prints for the party's statement, defence and
hearing request, and the account the 行政处罚决定书 tells the party to pay into — each acting bureau's own local data
(``workstation.agency_details``), as the officers enter it. The bureau is chosen at the top (the station's own
first): headquarters keeps the details of every district bureau whose cases it handles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.layouts import AsksBeforeDropping, add_agency, chinese_width, error_label
from workstation.agency_details import FIELDS, agency_details, set_agency_details, station_agency_id
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.store import get_agency, list_agencies

#: the Alt letter of each row's label (S is the dialog's 保存)
LETTERS = {"agency_id": "U", "contact_phone": "T", "contact_address": "R", "bank": "B", "account_name": "N",
           "account_number": "A", "e_payment": "E"}
#: room for an address typed in full (佛山市南海区桂城街道南海大道北1号 and its building), in Chinese characters
FIELD_WIDTH = 26


class AgencyDetailsDialog(AsksBeforeDropping, QDialog):
    """The bureau whose details are edited (``agency_id``, else the station's own: ``station_agency_id``) chosen
    among the bureaus documents go out in the name of (not a town office: its documents bear its district bureau's
    name), and one line edit per detail (``FIELDS``) filled with what is set for it; 保存 (Ctrl+S) stores them, a
    wrong telephone is refused under the dialog's fields and nothing is stored."""

    def __init__(self, db, parent: QWidget | None = None, *, agency_id: str | None = None, prompts=None):
        super().__init__(parent)
        self.db = db
        self.prompts = prompts
        self.setObjectName("agency_details_dialog")
        self.setWindowTitle(_("Bureau's document details"))
        own = station_agency_id(db)
        self.agency = QComboBox()
        self.agency.setObjectName("agency_id")
        for agency in list_agencies(db):
            if agency.level != "town":
                add_agency(self.agency, agency)
        wanted = agency_id or own
        if wanted is not None and self.agency.findData(wanted) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(wanted))
        self.agency_id = self.agency.currentData()
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_row(form, "agency_id", _("Bureau"), self.agency)
        for field, label in FIELDS.items():
            edit = QLineEdit()
            edit.setObjectName(field)
            edit.setMinimumWidth(chinese_width(edit, FIELD_WIDTH))
            self.edits[field] = edit
            self._add_row(form, field, label, edit)
        self.error = error_label("details")
        form.addRow("", self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._fill()
        self.agency.currentIndexChanged.connect(self._agency_chosen)

    def _add_row(self, form: QFormLayout, name: str, text: str, field: QWidget) -> None:
        label = QLabel(with_fixed_letter(text, LETTERS[name]))  # Alt+letter puts the cursor in its field
        label.setObjectName(f"{name}_label")
        label.setBuddy(field)
        form.addRow(label, field)

    def _fill(self) -> None:
        """Show the chosen bureau's name and details (none chosen: the register holds no bureau, nothing to save)."""
        details = agency_details(self.db, self.agency_id) if self.agency_id else dict.fromkeys(FIELDS, "")
        name = get_agency(self.db, self.agency_id).name if self.agency_id else "—"
        self.note.setText(_("{agency}: the 行政处罚告知书 prints the contact telephone and address (the party states, "
                            "defends and asks for a hearing through them; a notice is not issued without them), the "
                            "行政处罚决定书 the account the fine is paid into. Enter them as your bureau uses them.").format(
            agency=name))
        for field, edit in self.edits.items():
            edit.setText(details[field])
        self.error.clear()
        self.error.setVisible(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.agency_id is not None)
        self.mark_loaded()

    def _agency_chosen(self) -> None:
        """Another bureau chosen: its details replace the fields, once the officer agrees to drop what was typed
        for the one before (else the choice goes back)."""
        chosen = self.agency.currentData()
        if chosen == self.agency_id:
            return
        if not self.may_drop_changes():
            self.agency.blockSignals(True)
            self.agency.setCurrentIndex(self.agency.findData(self.agency_id))
            self.agency.blockSignals(False)
            return
        self.agency_id = chosen
        self._fill()

    def typed(self):
        return self.agency_id, {field: edit.text() for field, edit in self.edits.items()}

    def _show_error(self, text: str) -> None:
        """The whole refusal under the fields: the dialog grows to show every line of it."""
        self.error.setText(text)
        self.error.setVisible(True)
        self.layout().activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def save(self) -> bool:
        try:
            set_agency_details(self.db, self.agency_id, {field: edit.text() for field, edit in self.edits.items()})
        except ValidationError as exc:
            self._show_error("\n".join(f"{field}：{message}" for field, message in exc.errors.items()))
            return False
        except WorkstationError as exc:
            self._show_error(str(exc))
            return False
        self.mark_loaded()
        self.accept()
        return True
