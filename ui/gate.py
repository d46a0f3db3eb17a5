"""What the window asks before it opens the database: the first-start passphrase, the offer to encrypt the
plaintext data of an earlier version, or the login of an encrypted data directory (the dialog is
``ui.login.LoginDialog``). Kept apart from the dialogs, which are imported only when one is shown: a start on
plaintext or already unlocked data asks nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtWidgets import QDialog

from workstation.data_folder import check_can_make, check_data_folder, check_outside_data
from workstation.errors import WorkstationError
from workstation.paths import database_path
from workstation.security import access, keyring


class Access(NamedTuple):
    """How the data directory was opened: ``mode`` 'encrypted' or 'plaintext', and the officer who unlocked it. (A
    named tuple: a frozen dataclass writes and compiles its methods as the window starts, ~0.5 ms.)"""

    mode: str
    officer: str = ""


def run_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when it was accepted (tests drive the dialog instead)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def gain_access(data_dir: Path, passphrase: str | None, runner, prompts,
                show: Callable[[QDialog], bool] = run_dialog) -> Access | None:
    """Make the data directory usable before the database opens, asking the officer what is needed: the login
    of an encrypted directory (a given passphrase — ``--passphrase-file`` or WORKSTATION_PASSPHRASE — unlocks it
    without asking), the first-start passphrase of a new one, or whether to encrypt the plaintext data of an
    earlier version now (only a database this version can open: DatabaseError, nothing written, for any other
    file). An encryption a crash cut off is finished or undone first, and the officer told which.
    None when the officer quit. A ``data_dir`` that is a file, lies under one or cannot be reached, or a new one inside
    another data directory (``check_outside_data``), is refused before anything is asked or written."""
    data_dir = Path(data_dir)
    check_data_folder(data_dir)
    recovered = access.recover_interrupted_encryption(data_dir)
    if recovered:
        prompts.info(None, recovered)
    try:
        mode = keyring.state(data_dir)
    except keyring.Damaged:  # encrypted data whose keyring.json is damaged: recovered as a missing one is
        from ui.backup_dialogs import offer_keyring_put_back

        officer = offer_keyring_put_back(None, data_dir, prompts, passphrase, damaged=True)
        if officer is None:  # declined, no backup, or refused: the way back said
            raise WorkstationError(keyring.damaged_message(data_dir)) from None
        return Access("encrypted", officer)
    if mode == "encrypted":
        return _login(data_dir, passphrase, show)
    if mode == "plaintext" and not _encryption_requested(data_dir):
        return Access("plaintext")
    from workstation.db.connection import holds_no_database, refuse_unusable

    # an earlier version's data: offered encryption once per start; an empty file (0 bytes) holds none, and is
    # started as a new data directory's database (a first start's passphrase), never offered encryption
    if not holds_no_database(database_path(data_dir)):
        from workstation.backup import keyring_missing

        if keyring_missing(data_dir):  # encrypted data that lost keyring.json: the backup's keyring offered
            from ui.backup_dialogs import offer_keyring_put_back

            officer = offer_keyring_put_back(None, data_dir, prompts, passphrase)
            if officer is not None:
                return Access("encrypted", officer)
            refuse_unusable(database_path(data_dir))  # declined: the start is refused saying what is missing
        if keyring.plaintext_allowed_by_environment() and not _encryption_requested(data_dir):
            return Access("plaintext")

        # a file this version cannot open (not SQLite, another program's, a newer version's, damaged) is refused
        # untouched, as the plaintext start refuses it: encrypting it would rewrite what is not ours to change
        refuse_unusable(database_path(data_dir))
        from ui.setup_dialog import EncryptDialog

        dialog = EncryptDialog(data_dir, runner, prompts)
        accepted = show(dialog)
        if dialog.mode in ("encrypted", "plaintext"):  # encrypted, or kept unencrypted on purpose: a request answered
            from workstation.security import encrypt_request

            try:
                encrypt_request.withdraw_request(data_dir)
            except WorkstationError as exc:  # a file that cannot be deleted does not stop the start: logged (a request
                # left on encrypted data is never acted on; on data kept unencrypted it is offered once more)
                import logging

                logging.getLogger("workstation.ui").warning("%s", exc.message)
        if accepted and dialog.mode == "encrypted":
            return Access("encrypted", dialog.officer)
        return Access("plaintext")
    # a new data directory: not inside another one (a folder above holds a database), as the command line refuses it
    check_outside_data(data_dir)
    if passphrase is not None or keyring.plaintext_allowed_by_environment():
        mode = access.prepare(data_dir, passphrase)
        return Access(mode, keyring.officers(data_dir)[0] if mode == "encrypted" else "")
    from ui.setup_dialog import SetupDialog

    check_can_make(data_dir)  # a folder that cannot be made or written: refused before the name and passphrase
    dialog = SetupDialog(data_dir, prompts, runner=runner)
    return Access(dialog.mode, dialog.officer) if show(dialog) else None


def _encryption_requested(data_dir: Path) -> bool:
    """Whether encrypting the unencrypted data of ``data_dir`` was asked for in the window (口令与安全 → 加密数据…,
    ``encrypt_request``) and this start can do it: then it offers it, with its progress and Cancel, even for data
    kept unencrypted on purpose or started with WORKSTATION_PLAINTEXT. (Not for an empty database file: there is
    nothing to encrypt.) Not on a read-only disk, nor while another window or command has the data open (this start
    then opens it read only, or beside that one): ``encrypt_data_dir`` would only refuse, so the request is kept for
    a later start."""
    from workstation.data_folder import on_read_only_disk
    from workstation.db.connection import holds_no_database
    from workstation.repair import open_elsewhere
    from workstation.security.encrypt_request import encryption_requested

    return encryption_requested(data_dir) is not None and not holds_no_database(database_path(data_dir)) \
        and not on_read_only_disk(data_dir) and not open_elsewhere(data_dir)


def _login(data_dir: Path, passphrase: str | None, show) -> Access | None:
    message = ""
    if passphrase is not None:
        try:
            return Access("encrypted", access.unlock(data_dir, passphrase))
        except keyring.OffDuty as exc:  # a suspended passphrase: said as it is, no try counted
            message = exc.message
        except keyring.WrongPassphrase as exc:  # a real try against the key: counted (not on a read-only disk)
            message = given_passphrase_refused(exc.message, counted=exc.counted)
    from ui.login import LoginDialog

    dialog = LoginDialog(data_dir, message=message)
    return Access("encrypted", dialog.officer_name) if show(dialog) else None


def given_passphrase_refused(reason: str, counted: bool = True) -> str:
    """What the login says when the passphrase of WORKSTATION_PASSPHRASE or ``--passphrase-file`` opened nothing: where
    it came from (nothing was typed yet), and ``reason`` — the keyring's answer. That it was counted as a try only
    when it was (``counted``): a try on a read-only disk is not, and ``reason`` says so."""
    from workstation.i18n import _

    if not counted:
        return _("The passphrase of {env} (or of the file --passphrase-file names) is not correct: type the "
                 "passphrase here, or correct that setting.").format(env=access.PASSPHRASE_ENV) + "\n" + reason
    return _("The passphrase of {env} (or of the file --passphrase-file names) is not correct and counted as one try: type "
             "the passphrase here, or correct that setting.").format(env=access.PASSPHRASE_ENV) + "\n" + reason
