"""Protecting a data directory before its database opens: the first-start dialog of a new one (the officer's name
and passphrase; the database is then created encrypted) and the offer to encrypt the plaintext data of an earlier
version now. Keeping the data unencrypted is a secondary choice, confirmed, meant for demo and test machines."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.layouts import error_label
from ui.passphrase_fields import NewPassphraseForm, person_named
from workstation.errors import ValidationError, WorkstationError, join_sentences
from workstation.i18n import N_, _
from workstation.progress import CancelToken
from workstation.security import access, keyring

PLAINTEXT_CHOICE = N_("Do not encrypt (only for demo or test machines without personal information)")
PLAINTEXT_QUESTION = N_(
    "Keep the data of this workstation unencrypted? Anyone who gets this laptop, its disk or a copy of the data "
    "directory can then read every name, phone number and ID number in it. Choose this only on a demo or test "
    "machine that holds no real personal information.")


class ProtectDialog(QDialog):
    """The officer's name and a new passphrase, a main action, the plaintext choice and a way out.
    ``mode`` and ``officer`` say what was chosen once the dialog is accepted. Esc and the close button take the way
    out too, after asking (``leave_question``) when something was typed in the fields."""

    leave_question = ""  # what Esc or the close button asks before dropping what was typed

    def __init__(self, data_dir: Path, prompts, title: str, intro: str, action: str, leave: str,
                 parent: QWidget | None = None, officer_named=person_named):
        super().__init__(parent)
        self.data_dir, self.prompts = Path(data_dir), prompts
        self.mode, self.officer = "", ""
        self.running = False
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setWordWrap(True)
        # the account name only when it is a person's name: a login such as root or zhangsan would become the
        # first officer's name on every document
        from workstation.store.agencies import offered_officer_name

        self.fields = NewPassphraseForm(officer=offered_officer_name(access.default_officer()),
                                        officer_named=officer_named)
        self.message = error_label("message")
        self.action_button = QPushButton(action)
        self.action_button.setDefault(True)
        self.plaintext_button = QPushButton(_(PLAINTEXT_CHOICE))
        self.plaintext_button.setObjectName("plaintext")
        # the other buttons stay autoDefault: Enter on one that has the keyboard presses it, not the main action,
        # which Enter in a field presses (setDefault)
        self.leave_button = QPushButton(leave)
        self.buttons = buttons = QHBoxLayout()
        buttons.addWidget(self.plaintext_button)
        buttons.addStretch(1)
        buttons.addWidget(self.action_button)
        buttons.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(620, self.sizeHint().height())
        self.plaintext_button.clicked.connect(self.choose_plaintext)
        self.leave_button.clicked.connect(self.leave)
        officer = self.fields.edits["officer"]
        officer.setPlaceholderText(_("Your name, as on your enforcement certificate"))
        (officer if not officer.text() else self.fields.edits["passphrase"]).setFocus()
        self._offered = self._typed()  # the name offered: nothing typed yet

    def _typed(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.edits.items()}

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refused(self, exc: WorkstationError) -> None:
        """Show a refusal of the core at its field (or under the fields when it names none)."""
        if isinstance(exc, ValidationError) and set(exc.errors) <= set(self.fields.edits):
            self.fields.show_errors(exc.errors)
        else:
            self.show_message(exc.message)

    def _busy(self, busy: bool) -> None:
        """While a task of the dialog runs (restoring, encrypting) its buttons are off and it stays open."""
        self.running = busy
        for i in range(self.buttons.count()):
            button = self.buttons.itemAt(i).widget()
            if button is not None:
                button.setEnabled(not busy)

    def reject(self) -> None:
        """Esc or the close button: the way out, asked first when something was typed (a name and passphrase
        would be dropped by a key pressed by mistake)."""
        if self.running:  # the task finishes (or is cancelled) before the dialog may go
            return
        if self._typed() != self._offered and self.leave_question and \
                not self.prompts.confirm(self, _(self.leave_question)):
            return
        super().reject()

    def leave(self) -> None:
        """The way out chosen with its button (退出, 以后再说): no question."""
        if not self.running:
            super().reject()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, WorkstationError):
            raise exc
        self.refused(exc)

    def choose_plaintext(self) -> bool:
        """Keep the data unencrypted, after the officer confirmed what that means."""
        if not self.prompts.confirm(self, _(PLAINTEXT_QUESTION)):
            return False
        try:
            keyring.choose_plaintext(self.data_dir)
            access.note_made(self.data_dir)  # the database is still to be made beside it
        except WorkstationError as exc:
            self.refused(exc)
            return False
        self.mode = "plaintext"
        self.accept()
        return True


class SetupDialog(ProtectDialog):
    """First start on a data directory without a database: the passphrase that will encrypt it, or the restore of
    a backup made on another laptop (its keyring comes along: the officer's passphrase there opens it here)."""

    leave_question = N_("Quit without protecting the data? The name and passphrase typed here are not kept, and the "
                        "workstation does not start.")

    def __init__(self, data_dir: Path, prompts, parent: QWidget | None = None, runner=None):
        super().__init__(data_dir, prompts, _("Protect the data of this workstation"), _(
            "This workstation will hold personal information: names, phone numbers and ID numbers of consumers and "
            "parties. Set your passphrase: the database and every stored file are encrypted with it and cannot be "
            "read without it, on the disk and in backups. Other officers sharing this laptop can get a passphrase "
            "of their own later (File → Passphrases and security). Nobody can recover a forgotten passphrase."),
            _("Encrypt and start"), _("Quit"), parent)
        self.setObjectName("setup_dialog")
        self.action_button.setObjectName("create")
        self.leave_button.setObjectName("quit")
        self.action_button.clicked.connect(self.create)
        self.runner = runner
        self.restore_button = QPushButton(_("Restore from a backup…"), self)  # not a window of its own when shown
        self.restore_button.setObjectName("restore")
        self.restore_button.setToolTip(_("Set up this laptop from a backup of another one (after a lost or broken "
                                         "laptop): the data, the files and the station's keys come back."))
        self.restore_button.setVisible(runner is not None)
        self.restore_button.clicked.connect(self.restore)
        self.buttons.insertWidget(1, self.restore_button)
        QWidget.setTabOrder(self.plaintext_button, self.restore_button)  # Tab as shown: 不加密, 从备份恢复…, 加密并启动

    def restore(self) -> None:
        """Choose a backup, give the passphrase it was made under (when encrypted) or say how to protect its data
        (when not), restore it with progress."""
        from workstation.backup_format import NotABackup
        from workstation.backup_restore import backup_is_encrypted, restore_into_new

        path = self.prompts.open_file(self, _("Restore from a backup"), _("Workstation backups (*.wsbackup)"))
        if not path:
            return
        try:
            encrypted = backup_is_encrypted(path)
        except NotABackup as exc:  # no backup list here to point to (the data folder is new)
            self.show_message(exc.reason + ("" if exc.reason.endswith("。") else " ")
                              + _("Choose a backup file (its name ends in .wsbackup)."))
            return
        except WorkstationError as exc:
            self.show_message(exc.message)
            return
        officer, plaintext = None, False
        if encrypted:
            passphrase = self.prompts.ask_passphrase(self, _("Restore from a backup"), _(
                "Passphrase of an officer of the laptop the backup was made on:"))
            if not passphrase:
                return
        else:
            chosen = self.protect_unencrypted(path)
            if chosen is None:
                return
            officer, passphrase = chosen
            plaintext = passphrase is None
        data_dir = self.data_dir
        self._busy(True)
        self.runner.run(_("Restoring the backup"),
                        lambda progress, cancel: restore_into_new(data_dir, path, passphrase, officer=officer,
                                                                  plaintext=plaintext, progress=progress,
                                                                  cancel=cancel),
                        self._restored, self._failed, self)

    def protect_unencrypted(self, path: str) -> tuple[str | None, str | None] | None:
        """How to restore an unencrypted backup, asked as for the data of a new data directory: encrypted with the
        name and passphrase of this dialog — (officer, passphrase) — or kept unencrypted after the same
        confirmation as the plaintext choice — (None, None); None when the officer went back."""
        choice = self.prompts.choose(self, _(
            "{file} is not encrypted. Restore it and encrypt the data with the name and passphrase set in this "
            "dialog, or keep it unencrypted?").format(file=Path(path).name),
            [_("Restore and encrypt"), _(PLAINTEXT_CHOICE), _("Cancel")])
        if choice == 0:
            return self.fields.checked()  # None, with what is missing shown at the fields
        if choice == 1 and self.prompts.confirm(self, _(PLAINTEXT_QUESTION)):
            return None, None
        return None

    def _restored(self, result: dict) -> None:
        from ui.backup_dialogs import restored_text

        self._busy(False)
        self.mode, self.officer = keyring.state(self.data_dir), result.get("officer", "")
        self.prompts.info(self, restored_text(result, self.data_dir))
        self.accept()

    def create(self) -> bool:
        chosen = self.fields.checked()
        if chosen is None:
            return False
        officer, passphrase = chosen
        # set up meanwhile by another window (its keyring there now): its login, not this dialog, opens the data —
        # the passphrase typed here for new data is not tried on it, and no failed login is counted
        try:
            if self._set_up_meanwhile():
                return False
        except WorkstationError as exc:  # a keyring that cannot be read: its own message
            self.refused(exc)
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            mode = access.prepare(self.data_dir, passphrase, officer=officer, new_only=True)
        except WorkstationError as exc:
            try:  # made between the look above and this one's own: said as such
                meanwhile = self._set_up_meanwhile()
            except WorkstationError:  # a keyring left meanwhile that cannot be read (damaged, newer): the refusal
                meanwhile = False
            if not meanwhile:
                self.refused(exc)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        if mode != "encrypted":  # set up meanwhile (another copy of the workstation): nothing was changed
            self._say_set_up_meanwhile()
            return False
        self.mode, self.officer = "encrypted", officer
        self.accept()
        return True

    def _set_up_meanwhile(self) -> bool:
        """Whether another window set up the data directory since this dialog was shown (its keyring is there, or
        its database): then said, and True."""
        from workstation.db.connection import holds_no_database
        from workstation.paths import database_path

        if keyring.state(self.data_dir) == "none" and holds_no_database(database_path(self.data_dir)):
            return False
        self._say_set_up_meanwhile()
        return True

    def _say_set_up_meanwhile(self) -> None:
        self.show_message(_("The data in {path} was set up meanwhile; start the workstation again to open "
                            "it.").format(path=self.data_dir))


class EncryptDialog(ProtectDialog):
    """The plaintext data directory of an earlier version, or one kept unencrypted until encrypting it was asked
    for (``encrypt_request``): encrypt it now (in the task runner, with progress), later, or keep it unencrypted on
    purpose."""

    leave_question = N_("Not encrypt the data now? The name and passphrase typed here are not kept; the data stays "
                        "unencrypted, and encrypting it is offered again at the next start.")

    def __init__(self, data_dir: Path, runner, prompts, parent: QWidget | None = None):
        # the sentences joined before the path goes in, so that its spaces are not touched
        super().__init__(data_dir, prompts, _("Encrypt the data of this workstation"), join_sentences([_(
            "The data in {path} is not encrypted (made by an earlier version or by a command given no passphrase, "
            "or kept unencrypted until encrypting it was asked for): anyone who gets this laptop, "
            "its disk or a copy of the folder can read the personal information in it. Encrypt it now with your "
            "passphrase? The database and the stored files are encrypted in place; the plaintext copies made "
            "before migrations are removed. Nobody can recover a forgotten passphrase."),
            _("This data's unencrypted backups made earlier are removed and one encrypted backup takes their place; "
              "unencrypted backups not known to be this data's are named, for you to delete those of this "
              "station.")]).format(
            path=data_dir),
            _("Encrypt now"), _("Not now"), parent,
            # an officer of the data's register: the encryption and the changes after it are audited as theirs
            officer_named=lambda typed: access.encrypting_officer(data_dir, typed))
        self.runner = runner
        self.setObjectName("encrypt_dialog")
        self.action_button.setObjectName("encrypt")
        self.leave_button.setObjectName("later")
        self.action_button.clicked.connect(self.encrypt)

    def encrypt(self) -> None:
        chosen = self.fields.checked()  # the officer as the register names them (``access.encrypting_officer``)
        if chosen is None:
            return
        officer, passphrase = chosen
        data_dir = self.data_dir

        def work(progress, cancel: CancelToken):
            from workstation.audit import acting

            def report(done: int, total: int, message: str) -> None:
                cancel.check()  # before the encrypted copies replace the originals, a cancel leaves them as they were
                progress(done, total, message)

            with acting(officer):  # the encryption audited as theirs (the start then acts as them: ``act_as``)
                return access.encrypt_data_dir(data_dir, passphrase, officer, progress=report)

        self._busy(True)
        self.runner.run(_("Encrypting the data"), work, lambda result: self._encrypted(officer, result),
                        self._failed, self)

    def _encrypted(self, officer: str, result: dict | None = None) -> None:
        """The data is encrypted: what became of the unencrypted backups and stored files is said, as the command
        line says it — as a warning when some are left (no encrypted backup could be made, a drive they are on is
        not plugged in, some could not be deleted — "backups_left", "files_note" — or some were not taken for this
        data's: named, ``plaintext_left_note``)."""
        from workstation.backup import plaintext_left_note, unavailable_places

        self._busy(False)
        self.mode, self.officer = "encrypted", officer
        result = result or {}
        note, files = result.get("backups_note"), result.get("files_note")
        if note or files:
            named = plaintext_left_note(self.data_dir, exclude=[
                item["path"] for item in result.get("backups_left", [])]) if result.get("backup") else ""
            not_removed = files or result.get("backups_left")  # in the clear still, to be deleted by hand
            left = not_removed or not result.get("backup") or unavailable_places(self.data_dir) or named
            (self.prompts.error if left else self.prompts.info)(self, "\n".join(filter(None, [note, files, named])))
        self.accept()


