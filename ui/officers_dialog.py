"""The station's enforcement officers: list them, add one, or correct a name, certificate number or agency,
with each field checked as it is typed; an officer who left is deactivated (kept with the cases and documents that
name them, no longer offered for new ones) and can be taken back. Enter saves the officer being edited; moving to
another officer, starting a new one or closing drops typed changes only when the officer says so."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import with_fixed_letter
from ui.dialog_undo import FieldsHistory
from ui.field_errors import FieldErrors
from ui.layouts import (
    AsksBeforeDropping,
    add_agency,
    chinese_width,
    error_label,
    fit_to_screen,
    list_join,
    show_field_errors,
    stored_now,
)
from ui.record_model import RecordTableModel
from workstation.errors import ValidationError, WorkstationError, join_sentences
from workstation.i18n import N_, _, ngettext
from workstation.records import Officer
from workstation.security import access, keyring
from workstation.station_role import own_agency
from workstation.store import (
    get_officer,
    list_agencies,
    list_officers,
    officer_field_errors,
    open_cases_of_officer,
    save_officer,
    set_officer_active,
)
from workstation.store.agencies import changed_since

LISTED_CASES = 5  # case numbers named when deactivating an officer of open cases
COLUMN_CHARACTERS = (4, 8, 16)  # the least width of 姓名, 执法证号 and 办案机关, in Chinese characters, also empty


def officer_label(officer: Officer) -> str:
    """An officer as a list or a question names them: 王芳（44060510002）, the certificate number telling namesakes
    apart; the name alone for one without a number."""
    return f"{officer.name}（{officer.cert_no}）" if officer.cert_no else officer.name


class OfficersDialog(AsksBeforeDropping, QDialog):
    """Officers table with an editor below; choosing a row edits it, “New officer” starts a blank one, and the
    officer chosen can be deactivated when they left (or taken back)."""

    def __init__(self, db, prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.prompts = db, prompts
        self.changed = False  # an officer saved, deactivated or taken back here (the open cases follow on closing)
        self.setWindowTitle(_("Enforcement officers"))
        fit_to_screen(self, 760, 560)  # above a laptop's taskbar: the list shorter, Close in view
        agencies = list_agencies(db)
        names = {a.id: a.name for a in agencies}
        self.model = RecordTableModel([(N_("Full name"), lambda o: o.name),
                                       (N_("Enforcement certificate"), lambda o: o.cert_no or "—"),
                                       (N_("Agency"), lambda o: names.get(o.agency_id, "—")),
                                       (N_("Duty status"), lambda o: _("On duty") if o.active else _("Left (deactivated)"))],
                                      self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the fields below (arrows move in the table)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(_("Enforcement officers"))  # what a screen reader says of the list
        self.name, self.cert_no = QLineEdit(), QLineEdit()
        self.agency = QComboBox()
        for agency in agencies:
            add_agency(self.agency, agency)
        from ui.agency_search import searchable

        searchable(self.agency, keeps_choice=False)  # the officer's agency, saved: text naming none is kept, in red
        self.errors = {field: error_label(field) for field in ("name", "cert_no", "agency_id")}
        form = QFormLayout()
        for field, text, widget in (("name", _("Full name") + " *", self.name),
                                    ("cert_no", _("Enforcement certificate"), self.cert_no),
                                    ("agency_id", _("Agency") + " *", self.agency)):
            form.addRow(text, widget)
            form.addRow("", self.errors[field])
        # named by its label for a screen reader (on Linux Qt names a drop-down by its current choice), as is the
        # box typed in to find an agency
        for box in (self.agency, self.agency.lineEdit()):
            if box is not None:  # (no line without an agency listed)
                box.setAccessibleName(_("Agency"))
        buttons = QHBoxLayout()
        # Alt letters (N, D; 保存执法人员 gets S from ``ui.save_keys``): without them Alt+S typed an "s" into 执法证号
        self.new_button = QPushButton(with_fixed_letter(_("New officer"), "N"))
        self.save_button = QPushButton(_("Save officer"))
        self.active_button = QPushButton(with_fixed_letter(_("Deactivate (left)…"), "D"))
        self.active_button.setObjectName("officer_active")
        self.active_button.setAutoDefault(False)
        self.active_button.setToolTip(_("An officer who left or moved to another post: kept with the cases and "
                                        "documents that name them, no longer offered for new cases."))
        # Enter in a field saves: without this the first button after the fields, “New officer”, is the default
        # one and Enter wipes what was typed
        self.new_button.setAutoDefault(False)
        self.save_button.setDefault(True)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.active_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.editing = Officer(name="", agency_id="")
        self._loaded = self.editing
        # True after a save refused because the officer was saved elsewhere meanwhile: the list is read again and
        # choosing the officer again reopens them as stored
        self._refused = False
        self._restoring = False
        self.new_button.clicked.connect(self._new_clicked)
        self.save_button.clicked.connect(self.save)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        for widget in (self.name, self.cert_no):
            widget.textChanged.connect(self.validate)
        self.agency.currentIndexChanged.connect(self.validate)
        self.refresh()
        # Ctrl+Z takes back the agency chosen as it does typing; choosing another officer starts afresh
        self.fields_history = FieldsHistory(self, {"name": self.name, "cert_no": self.cert_no,
                                                   "agency_id": self.agency}, "officer")
        self.start_new()

    def refresh(self) -> None:
        self.model.set_records(list_officers(self.db, with_inactive=True))
        self.table.resizeColumnsToContents()
        for column, characters in enumerate(COLUMN_CHARACTERS):  # an empty register does not squash the headings
            least = chinese_width(self.table, characters)
            if self.table.columnWidth(column) < least:
                self.table.setColumnWidth(column, least)

    def start_new(self) -> None:
        self.table.clearSelection()
        self.editing = Officer(name="", agency_id="")
        self.name.clear()
        self.cert_no.clear()
        station = self.agency.findData(own_agency(self.db))  # at headquarters without an agency, the city bureau
        if station >= 0:  # a new officer works for this station's agency unless told otherwise
            self.agency.setCurrentIndex(station)
        self.name.setFocus()
        self.mark_loaded()
        self.validate()
        self._show_active()

    def typed(self) -> Officer:
        return self.current()

    def _new_clicked(self) -> None:
        if self.may_drop_changes():
            self.start_new()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if self._restoring or not rows:
            return
        chosen = self.model.records[rows[0].row()]
        if chosen.id == self.editing.id and not self._refused:
            return
        if not self.may_drop_changes():
            self._select_editing()
            return
        self._refused = False
        # as stored now, not as the list was last read: another window's or process's change since is shown and
        # kept (a save over the list's copy would be refused, and refused again each time it is chosen)
        self.editing = stored_now(self.db, chosen, get_officer)
        self.name.setText(self.editing.name)
        self.cert_no.setText(self.editing.cert_no)
        self.agency.setCurrentIndex(max(self.agency.findData(self.editing.agency_id), 0))
        self.mark_loaded()
        self._show_active()

    def _show_active(self) -> None:
        """The deactivate button acts on the saved officer being edited: 停用 for one on duty, 恢复 for one who left."""
        saved = any(o.id == self.editing.id for o in self.model.records)
        self.active_button.setEnabled(saved)
        self.active_button.setText(with_fixed_letter(_("Deactivate (left)…") if self.editing.active or not saved
                                                     else _("Take back on duty"), "D"))

    def toggle_active(self) -> None:
        """Deactivate the officer being edited (after the officer confirmed, told which open cases name them), or
        take a deactivated one back; typed changes are dropped only when the officer says so."""
        officer = self.editing
        if not any(o.id == officer.id for o in self.model.records) or not self.may_drop_changes():
            return
        data_dir = access.data_dir_of(self.db)
        holds = data_dir is not None and access.passphrase_follows(self.db, data_dir, officer)
        # a passphrase of their name recorded by name only, while a namesake is on duty: whose it is cannot be told
        namesakes = [] if holds or data_dir is None or not officer.active else \
            access.unclear_holder_namesakes(self.db, data_dir, officer)
        withdraw, shared, namesakes_hold = True, False, False
        if officer.active:
            text = _("Deactivate {name}? They are no longer offered for new cases and no longer count as one of a "
                     "case's two officers; the cases and documents that name them keep their name.").format(
                name=officer.name)
            cases = open_cases_of_officer(self.db, officer.id)
            if cases:
                shown = list_join(cases[:LISTED_CASES]) + ("…" if len(cases) > LISTED_CASES else "")
                text = join_sentences([text, ngettext(
                    "{name} is named in {n} open case ({cases}): name another officer in it before its next step.",
                    "{name} is named in {n} open cases ({cases}): name another officer in each before its next step.",
                    len(cases)).format(name=officer.name, n=len(cases), cases=shown)])
            if holds:  # their passphrase follows: withdrawn (the default) or suspended while they are off duty
                choice = self.prompts.choose(self, text + "\n\n" + _(
                    "{name} has a passphrase of their own on this laptop. Withdraw it too? Kept, it opens nothing "
                    "here while they are off duty (the backups made before still open with it), and opens the data "
                    "again once they are taken back on duty.").format(
                    name=officer.name), [_("Deactivate and withdraw the passphrase"),
                                         _("Deactivate, keep the passphrase suspended"), _("Cancel")])
                if choice not in (0, 1):
                    return
                withdraw = choice == 0
            elif namesakes:  # never left as it is unasked: it may be the passphrase of the officer who leaves
                others = list_join(officer_label(o) for o in namesakes)
                choice = self.prompts.choose(self, text + "\n\n" + _(
                    "{officer} has the same name as {others}, also on duty, and the passphrase of {name} on this "
                    "laptop is recorded by name only: it cannot be told whether it belongs to the officer you "
                    "deactivate or to {others}. Withdraw it, suspend it until {officer} is back on duty, or leave it "
                    "working — only if it belongs to {others}: otherwise whoever left can still open the data with "
                    "it.").format(officer=officer_label(officer), name=officer.name, others=others),
                    [_("Deactivate and withdraw the passphrase"), _("Deactivate, keep the passphrase suspended"),
                     _("Deactivate, leave the passphrase working"), _("Cancel")])
                if choice not in (0, 1, 2):
                    return
                # left working: the namesake's from now on when there is one (settled), the choice audited
                withdraw, shared, namesakes_hold = choice == 0, choice in (0, 1), choice == 2
            elif not self.prompts.confirm(self, text):
                return
        try:
            if data_dir is None:
                changed, passphrase = set_officer_active(self.db, officer.id, not officer.active), ""
            else:
                changed, passphrase = access.set_on_duty(self.db, data_dir, officer.id, not officer.active,
                                                         withdraw=withdraw, shared=shared,
                                                         namesakes_hold=namesakes_hold)
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            return
        self.changed = True
        done = {"withdrawn": keyring.withdrawn_message(officer.name),
                "suspended": _("The passphrase of {name} is suspended: it opens nothing here, nor a backup made from "
                               "now on, until {name} is taken back on duty. The backups made before keep opening with "
                               "it: keep them where {name} cannot reach them.").format(name=officer.name),
                "restored": _("The passphrase of {name} opens the data again.").format(name=officer.name)}.get(passphrase)
        if done:
            self.prompts.info(self, done)
        self.refresh()
        self.editing = changed
        self._select_editing()
        self.name.setText(changed.name)
        self.cert_no.setText(changed.cert_no)
        self.agency.setCurrentIndex(max(self.agency.findData(changed.agency_id), 0))
        self.mark_loaded()
        self._show_active()

    def _move_confirmed(self) -> bool:
        """Whether an officer moved to another agency may be saved: asked, as deactivating them is, when open cases
        of their bureau name them, which would no longer count them as one of their officers (and would print them only
        after their other officers on duty)."""
        moved_to = self.current().agency_id
        if not self.editing.agency_id or not moved_to or moved_to == self.editing.agency_id:  # a new one: none
            return True
        cases = open_cases_of_officer(self.db, self.editing.id, moved_to=moved_to)
        if not cases:
            return True
        name = self.editing.name
        shown = list_join(cases[:LISTED_CASES]) + ("…" if len(cases) > LISTED_CASES else "")
        return self.prompts.confirm(self, join_sentences([
            _("Move {name} to {agency}?").format(name=name, agency=self.agency.currentText()),
            ngettext("{name} is named in {n} open case ({cases}) that officers of that agency do not handle: the "
                     "case will no longer count them as one of its officers, and its documents print them only "
                     "after its other officers on duty. Name another officer in it before its next step.",
                     "{name} is named in {n} open cases ({cases}) that officers of that agency do not handle: the "
                     "cases will no longer count them as one of their officers, and their documents print them only "
                     "after their other officers on duty. Name another officer in each before its next step.",
                     len(cases)).format(
                name=name, n=len(cases), cases=shown)]))

    def _select_editing(self) -> None:
        """Put the selection back on the officer whose changes were kept (none for a new one)."""
        ids = [o.id for o in self.model.records]
        self._restoring = True
        try:
            if self.editing.id in ids:
                self.table.selectRow(ids.index(self.editing.id))
            else:
                self.table.clearSelection()
        finally:
            self._restoring = False

    def current(self) -> Officer:
        return replace(self.editing, name=self.name.text(), cert_no=self.cert_no.text(),
                       agency_id=self.agency.currentData() or "")

    def validate(self) -> dict[str, str]:
        """Show each field's error under it (once edited, or after a try to save); Save is enabled only when
        there is none."""
        from ui.agency_search import names_no_agency, names_none_message

        errors = officer_field_errors(self.db, self.current())
        if names_no_agency(self.agency):  # text typed that names no agency, none chosen (``ui.agency_search``)
            errors["agency_id"] = names_none_message()
            FieldErrors.of(self.errors, self.save_button).touched.add("agency_id")
        if "name" in errors and self.name.text().strip():  # a name already registered: said as it is typed
            FieldErrors.of(self.errors, self.save_button).touched.add("name")
        return show_field_errors(self.errors, errors, self.save_button)

    def save(self) -> None:
        from ui.agency_search import settle_typed

        settle_typed(self.agency)  # what is half typed first: a click taking no keyboard (macOS) never left the field
        if self.validate():
            return
        if not self._move_confirmed():
            return
        try:
            # refused when another process saved the officer since they were listed here (``loaded``)
            save_officer(self.db, self.current(), loaded=self.editing)
        except ValidationError as exc:  # a new name another officer's passphrase bears (``access.follow_rename``)
            self.prompts.error(self, join_sentences(list(exc.errors.values())))
            return
        except WorkstationError as exc:
            self.prompts.error(self, exc.message)
            # the list shows them as saved elsewhere; chosen again, they reopen so
            if changed_since(self.db, self.editing) is not None:
                self._refused = True
                self.refresh()
                self._restoring = True
                try:
                    self.table.clearSelection()
                finally:
                    self._restoring = False
            return
        self.changed = True
        self.refresh()
        self.start_new()
