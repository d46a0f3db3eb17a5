"""The security dialogs of the File menu: 安全设置 (minutes without input before the window locks) and 口令与安全
(whether the data is encrypted and at what key-derivation cost, changing one's own passphrase, giving another
officer a passphrase of their own). Every refusal is shown at the field it concerns."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.layouts import AsksBeforeDropping, enter_calls, error_label, fit_to_screen, list_join
from ui.officers_dialog import officer_label
from ui.passphrase_fields import NewPassphraseForm, password_edit
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.paths import database_path
from workstation.records import short_time
from workstation.security import access, encrypt_request, keyring
from workstation.store.sort_keys import text_sort_key


def protection_text(data_dir: Path) -> str:
    """One paragraph saying whether the data is encrypted, for whom, and at what cost of key derivation."""
    mode = keyring.state(data_dir)
    if mode == "plaintext":
        return _("The data of this workstation is not encrypted: keeping it so was chosen explicitly. Anyone who "
                 "gets the laptop or a copy of its data directory can read it.")
    if mode != "encrypted":
        return _("The data of this workstation is not encrypted (made by an earlier version, or by a command "
                 "given no passphrase); the window offers to encrypt it at start.") if database_path(data_dir).exists() else ""
    entries = (keyring.load(data_dir) or {}).get("entries", [])
    on_duty = keyring.officers(data_dir, on_duty=True)
    costs = sorted({(int(e["cost"]["memory_kib"]), int(e["cost"]["iterations"]), int(e["cost"]["lanes"]))
                    for e in entries})
    cost = _("; ").join(_("{memory} MiB of memory, {iterations} passes, {lanes} lanes").format(
        memory=round(m / 1024, 1) if m % 1024 else m // 1024, iterations=i, lanes=lanes) for m, i, lanes in costs)
    return _("The database and the stored files are encrypted (SQLCipher, AES-256); the database key is sealed "
             "once per officer with a key derived from their passphrase by Argon2id ({cost}). Passphrases: "
             "{officers}.").format(cost=cost, officers=list_join(
                 keyring.shown_name(name) if name in on_duty else _("{name} (left: suspended)").format(name=name)
                 for name in keyring.officers(data_dir)))


class TypedMinutes(QSpinBox):
    """A spin box of minutes that takes what is typed as typed: a keystroke the range or the digits would refuse
    (the last 0 of 500, a point, a minus sign) is kept, not dropped, and text that is no value in the range (that,
    or nothing) is not silently put back to the value before when the field is left: ``refused`` keeps it (None
    while the text shown is the value) and it is shown again, for ``on_refused`` to say so at the field."""

    def __init__(self, on_refused=None):
        super().__init__()
        self.refused: str | None = None
        self.on_refused = on_refused
        self.setKeyboardTracking(False)  # the value is what was typed once done, never the digits typed so far
        self.lineEdit().textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        self.refused = None

    def validate(self, text: str, pos: int):
        state, text, pos = super().validate(text, pos)
        return (QValidator.State.Intermediate if state == QValidator.State.Invalid else state), text, pos

    def fixup(self, text: str) -> str:
        # asked only when the text shown is no value: the spin box is about to put back the value before
        self.refused = text
        return text

    def show_refused(self) -> None:
        """Show again the text refused (``refused``), for ``on_refused`` to say so at the field; nothing when the
        text shown is the value."""
        if self.refused is not None:
            self.lineEdit().setText(self.refused)
            if self.on_refused is not None:
                self.on_refused()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.show_refused()

    def keyPressEvent(self, event) -> None:
        super().keyPressEvent(event)  # Enter: the text is read, then the dialog's default button is pressed
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.show_refused()

    def stepBy(self, steps: int) -> None:
        super().stepBy(steps)  # an arrow: the value shown (stepped, or the one before the text refused) is the value
        self.refused = None


class LockSettingsDialog(AsksBeforeDropping, QDialog):
    """安全设置: the minutes without input after which the window locks (0: never). Without encryption there is
    no passphrase to unlock against, so the lock is off and the dialog says why. With ``prompts``, Esc, Cancel and
    the close button ask to save, discard or keep minutes typed and not saved (``AsksBeforeDropping``)."""

    def __init__(self, db, data_dir: Path, idle_lock=None, parent: QWidget | None = None, prompts=None):
        super().__init__(parent)
        self.db, self.data_dir, self.idle_lock, self.prompts = db, Path(data_dir), idle_lock, prompts
        self.setObjectName("security_settings_dialog")
        self.setWindowTitle(_("Security settings"))
        encrypted = keyring.state(self.data_dir) == "encrypted"
        self.minutes = TypedMinutes(self._refused)
        self.minutes.setObjectName("lock_minutes")
        self.minutes.setRange(0, access.MAX_IDLE_LOCK_MINUTES)
        self.minutes.setSuffix(_(" min"))
        self.minutes.setSpecialValueText(_("never"))
        self.minutes.setValue(access.idle_lock_minutes(db))
        self.minutes.setEnabled(encrypted)
        self.error = error_label("minutes")
        self.reason = QLabel(_("Lock the window after this many minutes without keyboard or mouse input; 0 never "
                               "locks it.") if encrypted else
                             _("The data of this workstation is not encrypted, so there is no passphrase to unlock "
                               "the window with: the idle lock is off. It works once the data is encrypted."))
        self.reason.setObjectName("lock_reason")
        self.reason.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Lock after"), self.minutes)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(encrypted)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_loaded()

    def typed(self) -> str:
        """The minutes the field holds: their value when the text is minutes in the range (so "0 min" typed over
        "never", or "07 min" over "7 min", changes nothing), else what was typed as typed (``TypedMinutes``)."""
        text = self.minutes.text()
        if text == self.minutes.specialValueText():  # "never", shown for 0 (the validator does not take it)
            return str(self.minutes.minimum())
        if self.minutes.validate(text, 0)[0] == QValidator.State.Acceptable:
            return str(self.minutes.valueFromText(text))
        return text

    def _refused(self) -> None:
        """Say at the field that what is typed there is no number of minutes that can be kept."""
        self.error.setText(_("Give a number of minutes from 0 (never lock) to {n}.").format(
            n=access.MAX_IDLE_LOCK_MINUTES))
        self.error.setVisible(True)

    def save(self) -> bool:
        # the minutes typed taken as the field is left: Save in the question asked on closing is pressed with the
        # field still holding the focus (``AsksBeforeDropping``), and would else keep the minutes from before
        self.minutes.interpretText()
        self.minutes.show_refused()
        if self.minutes.refused is not None:  # not the value (said at the field by ``show_refused``): nothing
            return False  # else than what was typed is saved
        try:
            minutes = access.set_idle_lock_minutes(self.db, self.minutes.value())
        except ValidationError as exc:
            self.error.setText(exc.errors.get("minutes", exc.message))
            self.error.setVisible(True)
            return False
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(minutes)
        self.accept()
        return True


class PassphraseDialog(AsksBeforeDropping, QDialog):
    """口令与安全: the protection of the data, the officer's own passphrase and the passphrases of others — given
    only to an officer on duty of the officers' register (``db``), and withdrawn again (not the last one that opens
    the data). Enter in a group's fields presses that group's button; with ``prompts``, Esc and Close ask before
    dropping what was typed, and withdrawing a passphrase asks first."""

    def __init__(self, data_dir: Path, officer: str, parent: QWidget | None = None, prompts=None, db=None):
        from workstation.audit import current_actor

        super().__init__(parent)
        self.data_dir, self.officer, self.prompts, self.db = Path(data_dir), officer, prompts, db
        self.opened_by = current_actor()  # who acted as it opened: another officer unlocking the lock acts after
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(_("Passphrases and security"))
        encrypted = keyring.state(self.data_dir) == "encrypted"
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.change_fields = NewPassphraseForm(passphrase_label=_("New passphrase"), old=True)
        self.change_button = QPushButton(_("Change my passphrase"))
        self.change_button.setObjectName("change")
        self.add_fields = NewPassphraseForm()
        self.add_officer = QComboBox()  # the officers on duty of the register: nobody else is given a passphrase
        self.add_officer.setObjectName("officer")
        self.add_fields.errors["officer"] = error_label("officer")
        self.add_fields.form.insertRow(0, _("Officer"), self.add_officer)
        self.add_fields.form.insertRow(1, "", self.add_fields.errors["officer"])
        self.add_button = QPushButton(_("Add the officer"))
        self.add_button.setObjectName("add")
        self.withdrawn = QComboBox()
        self.withdrawn.setObjectName("withdrawn")
        self.withdraw_error = error_label("withdraw")
        withdraw_fields = QWidget()
        withdraw_form = QFormLayout(withdraw_fields)
        withdraw_form.setContentsMargins(0, 0, 0, 0)
        withdraw_form.addRow(_("Officer"), self.withdrawn)
        withdraw_form.addRow("", self.withdraw_error)
        self.withdraw_button = QPushButton(_("Withdraw the passphrase"))
        self.withdraw_button.setObjectName("withdraw")
        self.withdraw_button.setAutoDefault(False)
        self.done_label = QLabel()
        self.done_label.setObjectName("done")
        self.done_label.setWordWrap(True)
        # data made from the command line without an officer opens with the workstation's passphrase, which an officer
        # on duty takes over here (the same passphrase, named after them from then on)
        self.take_officer = QComboBox()
        self.take_officer.setObjectName("take_officer")
        self.take_passphrase = password_edit("take_passphrase")
        self.take_error = error_label("take")
        take_fields = QWidget()
        take_form = QFormLayout(take_fields)
        take_form.setContentsMargins(0, 0, 0, 0)
        take_form.addRow(_("Officer"), self.take_officer)
        take_form.addRow(_("Current passphrase"), self.take_passphrase)
        take_form.addRow("", self.take_error)
        self.take_button = QPushButton(_("Make it my passphrase"))
        self.take_button.setObjectName("take_over")
        self.take_button.setAutoDefault(False)
        self.encrypt_group = self._encrypt_group()  # unencrypted data: encrypting it asked for, at the next start
        self.take_group = self._group(_("Take over the workstation's passphrase"), take_fields, self.take_button)
        self.take_group.setToolTip(_("The data was made without naming an officer: the officer on duty who uses this "
                                     "passphrase makes it their own, and it follows the officers' register."))
        self.change_group = change = self._group(self._own_title(), self.change_fields, self.change_button)
        add = self._group(_("Another officer sharing this laptop"), self.add_fields, self.add_button)
        withdraw = self._group(_("Withdraw another officer's passphrase"), withdraw_fields, self.withdraw_button)
        for group in (change, add, withdraw):
            group.setEnabled(encrypted)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # the groups scroll above Close: with the take-over group, error lines and what was done, they are taller
        # than a laptop's screen (1366 × 768 at 125 %), which would hide Close below its edge
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.status, self.encrypt_group, self.take_group, change, add, withdraw, self.done_label):
            column.addWidget(widget)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("passphrase_groups")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the dialog opens on its first field, not on the frame
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(close)
        # Tab as the group shows its fields: the officer, inserted above the passphrase fields after they were made,
        # first (it came last, after the passphrase meant for them)
        add_edits = self.add_fields.edits
        QWidget.setTabOrder(self.add_officer, add_edits["passphrase"])
        QWidget.setTabOrder(add_edits["passphrase"], add_edits["repeat"])
        QWidget.setTabOrder(add_edits["repeat"], self.add_button)
        self.change_button.clicked.connect(self.change)
        self.add_button.clicked.connect(self.add)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.take_button.clicked.connect(self.take_over)
        self.encrypt_button.clicked.connect(self.request_encryption)
        self.withdraw_request_button.clicked.connect(self.withdraw_request)
        enter_calls(self.take_passphrase, self.take_over)
        for fields, action in ((self.change_fields, self.change), (self.add_fields, self.add)):
            for edit in fields.edits.values():  # not the dialog's default button, which is the other group's
                enter_calls(edit, action)
        self.refresh()
        # as tall as the groups shown (the take-over group only for data made without an officer), no taller
        # than the screen's free area: then they scroll
        margins = layout.contentsMargins()
        fit_to_screen(self, 560, self.body.sizeHint().height() + layout.spacing() + close.sizeHint().height()
                      + margins.top() + margins.bottom())
        self.mark_loaded()

    def typed(self) -> tuple[str, ...]:
        return tuple(edit.text() for fields in (self.change_fields, self.add_fields)
                     for edit in fields.edits.values()) + (self.take_passphrase.text(),)

    def _own_title(self) -> str:
        return _("My passphrase ({officer})").format(officer=keyring.shown_name(self.officer))

    @staticmethod
    def _group(title: str, fields: QWidget, button: QPushButton) -> QGroupBox:
        group = QGroupBox(title)
        layout = QVBoxLayout(group)
        layout.addWidget(fields)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
        return group

    def _encrypt_group(self) -> QGroupBox:
        """加密数据…: the data is not encrypted (kept so on purpose, or made by an earlier version): it cannot be
        encrypted while it is open here, so the button asks for it at the next start (``encrypt_request``), and the
        request can be withdrawn until then."""
        self.encrypt_note = QLabel()
        self.encrypt_note.setObjectName("encrypt_note")
        self.encrypt_note.setWordWrap(True)
        self.encrypt_button = QPushButton(_("Encrypt the data…"))
        self.encrypt_button.setObjectName("request_encryption")
        self.encrypt_button.setAutoDefault(False)
        self.withdraw_request_button = QPushButton(_("Withdraw the request"))
        self.withdraw_request_button.setObjectName("withdraw_request")
        self.withdraw_request_button.setAutoDefault(False)
        group = QGroupBox(_("Encrypt the data"))
        layout = QVBoxLayout(group)
        layout.addWidget(self.encrypt_note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.withdraw_request_button)
        row.addWidget(self.encrypt_button)
        layout.addLayout(row)
        return group

    def _fill_encrypt(self) -> None:
        shown = keyring.state(self.data_dir) != "encrypted" and database_path(self.data_dir).is_file()
        self.encrypt_group.setVisible(shown)
        request = encrypt_request.encryption_requested(self.data_dir) if shown else None
        self.encrypt_button.setVisible(request is None)
        self.withdraw_request_button.setVisible(request is not None)
        if request is None:
            self.encrypt_note.setText(_(
                "The data cannot be encrypted while the workstation has it open. Encrypt the data… asks for it at the "
                "next start: before the data is opened, the workstation asks for your name and a new passphrase and "
                "encrypts it, showing its progress (it can be cancelled there)."))
            return
        when = short_time(request["requested_at"])
        self.encrypt_note.setText(_(
            "Encrypting the data was asked for ({officer}, {when}): close the workstation and start it again to "
            "encrypt it. Until then the data stays unencrypted, and the request can be withdrawn.").format(
            officer=request["officer"] or _("no officer named"), when=when or "—"))

    def request_encryption(self) -> bool:
        """加密数据…: ask for the data to be encrypted at the next start (it cannot be while it is open here)."""
        from workstation.audit import current_actor

        self._done("")
        try:
            encrypt_request.request_encryption(self.data_dir, current_actor())
        except WorkstationError as exc:
            self._done(exc.message)
            return False
        self.refresh()
        self._done(_("Encryption asked for: close the workstation and start it again to encrypt the data (it cannot "
                     "be encrypted while it is open here). Nothing is encrypted until then."))
        return True

    def withdraw_request(self) -> bool:
        """Withdraw the request to encrypt the data at the next start."""
        self._done("")
        try:
            encrypt_request.withdraw_request(self.data_dir)
        except WorkstationError as exc:
            self._done(exc.message)
            return False
        self.refresh()
        self._done(_("The request to encrypt the data was withdrawn: the next start does not ask, and the data stays "
                     "unencrypted."))
        return True

    def refresh(self) -> None:
        self.status.setText(protection_text(self.data_dir))
        self.change_group.setTitle(self._own_title())
        self._fill_officers()
        self._fill_encrypt()

    def _fill_officers(self) -> None:
        """Offer the officers on duty of the register who have no passphrase yet (by certificate number when they
        have one: namesakes stay apart), and the other officers' passphrases to withdraw."""
        encrypted = keyring.state(self.data_dir) == "encrypted"
        holders = keyring.officers(self.data_dir) if encrypted else []
        self.add_officer.clear()
        if self.db is not None:
            from workstation.store import get_setting, list_officers

            # this station's agency's officers first (those of another agency may be given one too: they can
            # work here), and none chosen: the officer picks who is given a passphrase
            own = get_setting(self.db, "station_agency")
            own_ids = {o.id for o in list_officers(self.db, own)} if own else set()
            for officer in sorted(list_officers(self.db), key=lambda o: o.id not in own_ids):
                if officer.name not in holders:
                    self.add_officer.addItem(officer_label(officer), officer.cert_no or officer.name)
        choose = _("Choose an officer…") if self.add_officer.count() else _("(no officer on duty without a passphrase)")
        self.add_officer.setPlaceholderText(choose)
        self.add_officer.setCurrentIndex(-1)
        self.take_officer.clear()
        for i in range(self.add_officer.count()):
            self.take_officer.addItem(self.add_officer.itemText(i), self.add_officer.itemData(i))
        self.take_officer.setPlaceholderText(choose)
        self.take_officer.setCurrentIndex(-1)
        self.take_group.setVisible(keyring.STATION_ENTRY in holders)
        self.take_button.setEnabled(self.take_officer.count() > 0)
        self.withdrawn.clear()
        suspended = set(holders) - set(keyring.officers(self.data_dir, on_duty=True)) if encrypted else set()
        for name in sorted(holders, key=text_sort_key):  # in pinyin order, as the officers' register lists them
            if name != self.officer:
                shown = keyring.shown_name(name)
                self.withdrawn.addItem(_("{name} (left: suspended)").format(name=shown) if name in suspended else shown,
                                       name)
        self.withdrawn.setPlaceholderText(_("(no other officer has a passphrase)"))
        # a combo box with a placeholder chooses nothing as it is filled again: the first one is chosen here
        self.withdrawn.setCurrentIndex(0 if self.withdrawn.count() else -1)
        self.withdraw_button.setEnabled(self.withdrawn.count() > 0)
        self.withdraw_button.setToolTip("" if self.withdrawn.count() else _(
            "Nobody else has a passphrase here: only another officer's passphrase can be withdrawn, never the one "
            "you opened the data with."))

    def _done(self, text: str) -> None:
        self.done_label.setText(text)

    def change(self) -> bool:
        """Seal the data's key under the officer's new passphrase (the data itself is not re-encrypted)."""
        from workstation.audit import current_actor

        self._done("")
        acting = current_actor()
        if acting not in (self.officer, self.opened_by):  # another officer unlocked the idle lock meanwhile
            self.change_fields.clear_passphrases()
            self.change_fields.show_errors({"old": _(
                "{acting} is acting now (the lock was unlocked with their passphrase), and this passphrase is "
                "{officer}'s: only {officer} can change it. Nothing was changed. To change your own, close this "
                "dialog and open File → Passphrases and security again.").format(
                acting=keyring.shown_name(acting), officer=keyring.shown_name(self.officer))})
            return False
        chosen = self.change_fields.checked()
        if chosen is None:
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            access.change_passphrase(self.db, self.data_dir, self.officer, self.change_fields.text("old"), chosen[1])
        except keyring.WrongPassphrase as exc:
            self.change_fields.edits["old"].clear()
            self.change_fields.show_errors({"old": exc.message})
            return False
        except ValidationError as exc:
            self.change_fields.show_errors({"passphrase" if k == "new" else k: m for k, m in exc.errors.items()})
            return False
        except WorkstationError as exc:
            self.change_fields.show_errors({"old": exc.message})
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.change_fields.clear_passphrases()
        from workstation.backup import passphrase_change_note

        note = passphrase_change_note(self.data_dir)
        self._done(_("Your passphrase was changed; the old one no longer opens the data.") + (f"\n{note}" if note
                                                                                           else ""))
        return True

    def add(self) -> bool:
        """Give another officer a passphrase of their own (the data stays as it is)."""
        self._done("")
        chosen = self.add_fields.checked()
        officer = self.add_officer.currentData()
        if not officer:
            self.add_fields.show_errors({**self.add_fields.problems(), "officer": _(
                "Choose an officer on duty: only the officers of the officers' register (Enforcement officers) are "
                "given a passphrase.")})
            return False
        if chosen is None:
            return False
        passphrase = chosen[1]
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.db is None:
                raise WorkstationError(_("The officers' register is not open: close this dialog and open it again "
                                         "from the main window."))
            officer = access.give_passphrase(self.db, self.data_dir, officer, passphrase)
        except ValidationError as exc:
            self.add_fields.show_errors(exc.errors)
            return False
        except WorkstationError as exc:
            self.add_fields.show_errors({"officer": exc.message})
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.add_fields.clear_passphrases()
        self.refresh()
        self._done(_("{name} has a passphrase of their own now.").format(name=officer))
        return True

    def take_over(self) -> bool:
        """Make the workstation's passphrase the chosen officer's own (the same passphrase, named after them); when
        it is the one this window was opened with, the officer acts from now on."""
        self._done("")
        self.take_error.setVisible(False)
        officer = self.take_officer.currentData()
        try:
            if not officer:
                raise ValidationError({"officer": _("Choose an officer on duty: only the officers of the officers' "
                                                    "register (Enforcement officers) are given a passphrase.")})
            if self.db is None:
                raise WorkstationError(_("The officers' register is not open: close this dialog and open it again "
                                         "from the main window."))
            name = access.take_over_passphrase(self.db, self.data_dir, officer, self.take_passphrase.text())
        except ValidationError as exc:
            self.take_error.setText(next(iter(exc.errors.values()), exc.message))
            self.take_error.setVisible(True)
            self.take_passphrase.clear()
            return False
        except WorkstationError as exc:
            self.take_error.setText(exc.message)
            self.take_error.setVisible(True)
            return False
        self.take_passphrase.clear()
        if self.officer == keyring.STATION_ENTRY:
            self.officer = name
            from workstation.audit import current_actor

            if current_actor() == keyring.STATION_ENTRY:  # not when another officer unlocked the lock meanwhile
                access.act_as(name)
        self.refresh()
        self._done(_("The workstation's passphrase is {name}'s now.").format(name=name))
        return True

    def withdraw(self) -> bool:
        """Withdraw the chosen officer's passphrase (after asking): it no longer opens the data here, and the backups
        made before still open with it (the data key stays: ``keyring.withdrawn_message``). The last one that opens
        the data is refused with the reason, and nothing changes."""
        self._done("")
        self.withdraw_error.setVisible(False)
        name = self.withdrawn.currentData()
        if not name:
            return False
        if self.prompts is not None and not self.prompts.confirm(self, keyring.withdrawal_question(name),
                                                                destructive=True):
            return False
        try:
            access.withdraw_passphrase(self.data_dir, name, self.db)
        except ValidationError as exc:
            self.withdraw_error.setText(exc.errors.get("officer", exc.message))
            self.withdraw_error.setVisible(True)
            return False
        except WorkstationError as exc:
            self.withdraw_error.setText(exc.message)
            self.withdraw_error.setVisible(True)
            return False
        self.refresh()
        self._done(keyring.withdrawn_message(name))
        return True
