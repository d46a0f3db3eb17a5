"""本局文书信息: the contact telephone and address the 行政处罚告知书 prints for the party's statement, defence and
hearing request, and the account the 行政处罚决定书 tells the party to pay into — the acting bureau's own local data
(``workstation.agency_details``), as the officers enter it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.layouts import error_label
from workstation.agency_details import FIELDS, agency_details, set_agency_details, station_agency_id
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.store import get_agency


class AgencyDetailsDialog(QDialog):
    """One line edit per detail (``FIELDS``), filled with what is set; 保存 stores them, a wrong telephone is
    refused under the dialog's fields and nothing is stored."""

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("agency_details_dialog")
        self.setWindowTitle(_("Bureau's document details"))
        self.agency_id = station_agency_id(db)
        details = agency_details(db, self.agency_id) if self.agency_id else dict.fromkeys(FIELDS, "")
        name = get_agency(db, self.agency_id).name if self.agency_id else ""
        note = QLabel(_("{agency}: the 行政处罚告知书 prints the contact telephone and address (the party states, "
                        "defends and asks for a hearing through them; a notice is not issued without them), the "
                        "行政处罚决定书 the account the fine is paid into. Enter them as your bureau uses them.").format(
            agency=name))
        note.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for field, label in FIELDS.items():
            edit = QLineEdit(details[field])
            edit.setObjectName(field)
            self.edits[field] = edit
            form.addRow(label, edit)
        self.error = error_label("details")
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self.agency_id is not None)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            set_agency_details(self.db, self.agency_id, {field: edit.text() for field, edit in self.edits.items()})
        except ValidationError as exc:
            self.error.setText("\n".join(f"{field}：{message}" for field, message in exc.errors.items()))
            self.error.setVisible(True)
            return False
        except WorkstationError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return False
        self.accept()
        return True
