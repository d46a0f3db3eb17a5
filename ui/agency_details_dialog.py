"""本局文书信息: the contact telephone and address the 行政处罚告知书 prints for the party's statement, defence and
hearing request, and the account the 行政处罚决定书 tells the party to pay into — each agency's own local data
(``workstation.agency_details``), as the officers enter it. The agency is chosen at the top (the station's own
first): headquarters keeps the details of every district bureau and town office whose cases it handles. A town
office sets only its telephone and address (its cases print its bureau's where it leaves them empty); the account
its cases' fines are paid into is its bureau's, shown read-only. A bureau's 文号 abbreviation (the agencies
register's, which its town offices number with too) is corrected here as well (``store.agencies.set_doc_abbrev``);
a town office's is its bureau's, shown read-only."""

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
from ui.dialog_undo import FieldsHistory
from ui.field_errors import FieldErrors
from ui.layouts import AsksBeforeDropping, add_agency, chinese_width, error_label, show_field_errors
from workstation.agency_details import (
    FIELDS,
    acting_agency_id,
    agency_details,
    checked_details,
    is_town_office,
    own_fields,
    set_agency_details,
    station_own_agency_id,
)
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.store import get_agency, list_agencies
from workstation.store.agencies import doc_abbrev_refusal, set_doc_abbrev

#: the Alt letter of each row's label (S is the dialog's 保存)
LETTERS = {"agency_id": "U", "doc_abbrev": "D", "contact_phone": "T", "contact_address": "R", "bank": "B", "account_name": "N",
           "account_number": "A", "e_payment": "E"}
#: room for an address typed in full (佛山市南海区桂城街道南海大道北1号 and its building), in Chinese characters
FIELD_WIDTH = 26


def no_agency_text() -> str:
    """Why nothing can be saved while the register holds no agency (none chosen, none to choose): said at the top of
    the dialog and in Save's tooltip."""
    return _("No bureau to choose: the register holds no agency yet. Set up this station's agency with `init "
             "--agency CODE` (such as 440605), then open 本局文书信息 again.")


class AgencyDetailsDialog(AsksBeforeDropping, QDialog):
    """The agency whose details are edited (``agency_id``, else the station's own: ``station_own_agency_id``)
    chosen among the bureaus and their town offices, and one line edit per detail (``FIELDS``) filled with what is
    set for it — for a town office its own telephone and address (empty: the bureau's, shown as the placeholder)
    and its bureau's account, read-only; 保存 (Ctrl+S) stores what the agency sets of its own (``own_fields``). A
    wrong telephone is said under its field once typed (``ui.field_errors``), and Save stays disabled until it is
    corrected."""

    def __init__(self, db, parent: QWidget | None = None, *, agency_id: str | None = None, prompts=None):
        super().__init__(parent)
        self.db = db
        self.prompts = prompts
        self.setObjectName("agency_details_dialog")
        self.setWindowTitle(_("Bureau's document details"))
        own = station_own_agency_id(db)
        self.agency = QComboBox()
        self.agency.setObjectName("agency_id")
        for agency in list_agencies(db):  # a town office too: its own telephone and address
            add_agency(self.agency, agency)
        from ui.agency_search import searchable

        searchable(self.agency, keeps_choice=True)  # it chooses whose details are shown: text naming none gives way
        wanted = agency_id or own
        if wanted is not None and self.agency.findData(wanted) >= 0:
            self.agency.setCurrentIndex(self.agency.findData(wanted))
        self.agency_id = self.agency.currentData()
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}  # the line under each detail saying what is wrong with it
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_row(form, "agency_id", _("Bureau"), self.agency)
        for field, label in {"doc_abbrev": _("文号 abbreviation"), **FIELDS}.items():
            edit = QLineEdit()
            edit.setObjectName(field)
            edit.setMinimumWidth(chinese_width(edit, FIELD_WIDTH))
            self.edits[field] = edit
            self._add_row(form, field, label, edit)
            self.errors[field] = error_label(field)
            form.addRow("", self.errors[field])
        self.error = error_label("details")
        form.addRow("", self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.fields_history = FieldsHistory(self, self.edits, "details")  # the bureau chosen starts afresh
        self._fill()
        self.agency.currentIndexChanged.connect(self._agency_chosen)
        for edit in self.edits.values():
            edit.textChanged.connect(self.validate)

    def _add_row(self, form: QFormLayout, name: str, text: str, field: QWidget) -> None:
        label = QLabel(with_fixed_letter(text, LETTERS[name]))  # Alt+letter puts the cursor in its field
        label.setObjectName(f"{name}_label")
        label.setBuddy(field)
        form.addRow(label, field)

    def _fill(self) -> None:
        """Show the chosen agency's name and details (none chosen: the register holds no bureau, nothing to save);
        a town office's fields it does not set of its own show its bureau's, read-only."""
        details = agency_details(self.db, self.agency_id) if self.agency_id else dict.fromkeys(FIELDS, "")
        name = get_agency(self.db, self.agency_id).name if self.agency_id else "—"
        town = self.agency_id is not None and is_town_office(self.db, self.agency_id)
        if self.agency_id is None:  # the reason Save stays disabled, where the officer reads first
            self.note.setText(no_agency_text())
        elif town:
            bureau_id = acting_agency_id(self.db, self.agency_id)
            bureau, bureaus = get_agency(self.db, bureau_id).name, agency_details(self.db, bureau_id)
            self.note.setText(_("{agency} handles its cases in the name of {bureau}. The 行政处罚告知书 of its cases "
                                "prints the contact telephone and address entered here (the party states, defends "
                                "and asks for a hearing through them); left empty, the bureau's are printed. The "
                                "fines of its cases are paid into the bureau's account, shown here as set for the "
                                "bureau: choose the bureau above to change it.").format(agency=name, bureau=bureau))
        else:
            self.note.setText(_("{agency}: the 行政处罚告知书 prints the contact telephone and address (the party "
                                "states, defends and asks for a hearing through them; a notice is not issued without "
                                "them), the 行政处罚决定书 the account the fine is paid into. Enter them as your "
                                "bureau uses them.").format(agency=name))
        settable = own_fields(self.db, self.agency_id) if self.agency_id else tuple(FIELDS)
        self._fill_abbreviation(town)
        for field, edit in self.edits.items():
            if field == "doc_abbrev":
                continue
            edit.setReadOnly(field not in settable)
            edit.setEnabled(field in settable)  # greyed: not this agency's to set
            edit.setPlaceholderText("")
            edit.setToolTip("")
            if field not in settable:  # the bureau's, as its cases print it
                edit.setText(bureaus[field])
                edit.setToolTip(_("The bureau's ({bureau}): choose it above to change it.").format(bureau=bureau))
                continue
            edit.setText(details[field])
            if town:  # what its cases print while it has none of its own (the bureau's name is in the tooltip)
                edit.setPlaceholderText(_("Empty: the bureau's is printed ({value})").format(value=bureaus[field])
                                        if bureaus[field] else _("Empty, and the bureau has none either"))
                edit.setToolTip(_("Left empty, the cases of this office print {bureau}'s.").format(bureau=bureau))
        self.error.clear()
        self.error.setVisible(False)
        self.validate()
        self.mark_loaded()

    def _fill_abbreviation(self, town: bool) -> None:
        """The 文号 abbreviation of the chosen bureau, editable; a town office's, its bureau's, greyed."""
        edit = self.edits["doc_abbrev"]
        acting = get_agency(self.db, acting_agency_id(self.db, self.agency_id)) if self.agency_id else None
        edit.setText(acting.doc_abbrev if acting else "")
        edit.setReadOnly(town or acting is None)
        edit.setEnabled(not town and acting is not None)
        edit.setPlaceholderText("")
        if town:
            edit.setToolTip(_("The bureau's ({bureau}): choose it above to change it.").format(bureau=acting.name))
        else:
            edit.setToolTip(_("Every 文号 and case number of the bureau and its town offices begins with it; its case "
                              "numbers go on after those written with the abbreviation before."))

    def _abbreviation_changed(self) -> bool:
        """Whether the 文号 abbreviation typed differs from the bureau's (a town office's is never changed here)."""
        if self.agency_id is None or is_town_office(self.db, self.agency_id):
            return False
        return self.edits["doc_abbrev"].text().strip() != get_agency(self.db, self.agency_id).doc_abbrev

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

    def validate(self) -> dict[str, str]:
        """Show the error of each detail the agency sets under it (as saving would refuse it: ``checked_details``);
        Save is enabled only when there is none."""
        if self.agency_id is None:  # the register holds no bureau: nothing to save
            errors = {"agency_id": no_agency_text()}
        else:
            errors = {}
            for field in own_fields(self.db, self.agency_id):
                try:
                    checked_details(self.db, self.agency_id, {field: self.edits[field].text()})
                except ValidationError as exc:
                    errors[field] = next(iter(exc.errors.values()))
            if self._abbreviation_changed() and (
                    refusal := doc_abbrev_refusal(self.db, self.agency_id, self.edits["doc_abbrev"].text())):
                errors["doc_abbrev"] = refusal
        return show_field_errors(self.errors, errors, self.buttons)

    def _show_error(self, text: str) -> None:
        """The whole refusal under the fields: the dialog grows to show every line of it."""
        self.error.setText(text)
        self.error.setVisible(True)
        self.layout().activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def save(self) -> bool:
        if self.validate():  # every error under its field, the focus on the first
            FieldErrors.of(self.errors, self.buttons.button(QDialogButtonBox.StandardButton.Save)).reveal()
            return False
        settable = own_fields(self.db, self.agency_id)  # a town office's account is its bureau's, not saved here
        try:
            with self.db.atomic():  # the abbreviation and the details, or neither
                if self._abbreviation_changed():
                    set_doc_abbrev(self.db, self.agency_id, self.edits["doc_abbrev"].text())
                set_agency_details(self.db, self.agency_id, {field: self.edits[field].text() for field in settable})
        except ValidationError as exc:
            self._show_error("\n".join(f"{field}：{message}" for field, message in exc.errors.items()))
            return False
        except WorkstationError as exc:
            self._show_error(str(exc))
            return False
        self.mark_loaded()
        self.accept()
        return True
