"""Opening a data directory with its protection: unlocking an encrypted one, creating a new one encrypted (or
plaintext when that was chosen explicitly), and encrypting the plaintext data directory of an earlier version."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import _
from workstation.paths import database_path
from workstation.security import keyring, session

PASSPHRASE_ENV = "WORKSTATION_PASSPHRASE"


def passphrase_from(passphrase_file: str | None) -> str | None:
    """The passphrase of ``--passphrase-file`` (its first line), else of ``WORKSTATION_PASSPHRASE``, else None."""
    if passphrase_file:
        try:
            text = Path(passphrase_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WorkstationError(_("The passphrase file {path} cannot be read: {reason}").format(
                path=passphrase_file, reason=os_reason(exc))) from None
        return text.splitlines()[0] if text.splitlines() else ""
    return os.environ.get(PASSPHRASE_ENV)


def default_officer() -> str:
    from workstation.audit import current_actor

    return current_actor()


def unlock(data_dir: Path, passphrase: str | None, officer: str | None = None) -> str:
    """Unlock an encrypted data directory for this process; returns the officer whose passphrase it was."""
    if session.key_for(data_dir) is not None and passphrase is None:
        return ""
    if passphrase is None:
        raise keyring.Locked(_("The data in {path} is encrypted: give the passphrase (WORKSTATION_PASSPHRASE or "
                               "--passphrase-file) to open it.").format(path=data_dir))
    name, key = keyring.unlock(data_dir, passphrase, officer)
    session.set_key(data_dir, key)
    return name


def prepare(data_dir: Path, passphrase: str | None, *, plaintext: bool = False, officer: str | None = None) -> str:
    """Make ``data_dir`` usable by this process: 'encrypted' (unlocked, or created encrypted with ``passphrase``),
    'plaintext' (chosen, or from an earlier version), refusing a new data directory for which neither a
    passphrase nor the plaintext choice was given."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        return "none"  # opening the database says what is wrong with it
    mode = keyring.state(data_dir)
    if mode == "encrypted":
        unlock(data_dir, passphrase, officer)
        return mode
    if mode == "plaintext":
        return mode
    if database_path(data_dir).exists():
        return "plaintext"  # a data directory of an earlier version: the window offers to encrypt it
    if passphrase is not None:
        key = keyring.create_encrypted(data_dir, officer or default_officer(), passphrase)
        session.set_key(data_dir, key)
        return "encrypted"
    if plaintext or keyring.plaintext_allowed_by_environment():
        keyring.choose_plaintext(data_dir)
        return "plaintext"
    raise WorkstationError(_("There is no database in {path} yet. Give a passphrase (WORKSTATION_PASSPHRASE or "
                             "--passphrase-file) to create it encrypted, or run `init --plaintext` to keep it "
                             "unencrypted on purpose.").format(path=data_dir))


def encrypt_data_dir(data_dir: Path, passphrase: str, officer: str | None = None, progress=None) -> dict:
    """Encrypt the plaintext database and file store of ``data_dir`` with a new key sealed by ``passphrase``.

    The encrypted copies are made and checked beside the originals first; only then do they replace them, and
    the plaintext originals (and the plaintext copies made before migrations) are removed. The database must not
    be open in another program."""
    from workstation.db import driver

    data_dir = Path(data_dir)
    if keyring.state(data_dir) == "encrypted":
        raise WorkstationError(_("The data in {path} is already encrypted.").format(path=data_dir))
    keyring.check_passphrase(passphrase)
    source = database_path(data_dir)
    if not source.exists():
        raise WorkstationError(_("There is no database in {path} to encrypt.").format(path=data_dir))
    from workstation.repair import open_elsewhere

    others = open_elsewhere(data_dir)
    if others:
        raise WorkstationError(_("The data in {path} is open in another running workstation (process {pid}): close "
                                 "it first.").format(path=data_dir, pid=others[0]))
    import secrets

    key = secrets.token_bytes(32)
    target = source.with_name(source.name + ".encrypting")
    files, sealed_files = data_dir / "files", data_dir / "files.encrypting"
    for leftover in (target, Path(str(target) + "-wal"), Path(str(target) + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(sealed_files, ignore_errors=True)
    try:
        if driver.sqlcipher is None:
            raise WorkstationError(_("The database is encrypted and SQLCipher (sqlcipher3) is not installed: run "
                                     "the install command of the README."))
        conn = driver.sqlcipher.connect(str(source), isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute(f"ATTACH DATABASE ? AS sealed KEY \"x'{key.hex()}'\"", [str(target)])
            conn.execute("SELECT sqlcipher_export('sealed')")
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA sealed.user_version = {int(version)}")
            counts = {t: conn.execute(f"SELECT COUNT(*) FROM main.\"{t}\"").fetchone()[0] for (t,) in conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'").fetchall()}
            conn.execute("DETACH DATABASE sealed")
        finally:
            conn.close()
        check = driver.connect_encrypted(str(target), 5.0, key)
        try:
            if check.execute("PRAGMA quick_check").fetchone()[0] != "ok" or any(
                    check.execute(f"SELECT COUNT(*) FROM \"{t}\"").fetchone()[0] != n for t, n in counts.items()):
                raise WorkstationError(_("The encrypted copy of {path} does not match it; nothing was changed.")
                                       .format(path=source))
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        sealed_count = _seal_files(files, sealed_files, session.derive(key, "files"), progress)
    except BaseException:
        for leftover in (target, Path(str(target) + "-wal"), Path(str(target) + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(sealed_files, ignore_errors=True)
        raise
    # the point of no return: the keyring first (so the encrypted database opens), then the database and files
    keyring_path = keyring.keyring_path(data_dir)
    previous_keyring = keyring_path.read_bytes() if keyring_path.exists() else None
    keyring_path.unlink(missing_ok=True)
    try:
        keyring.create_encrypted(data_dir, officer or default_officer(), passphrase, key=key)
    except BaseException:
        if previous_keyring is not None:
            keyring_path.write_bytes(previous_keyring)
        raise
    for suffix in ("-wal", "-shm"):
        Path(str(source) + suffix).unlink(missing_ok=True)
    target.replace(source)
    if files.exists():
        old = data_dir / "files.plaintext"
        files.replace(old)
        sealed_files.replace(files)
        shutil.rmtree(old, ignore_errors=True)
    elif sealed_files.exists():
        sealed_files.replace(files)
    removed = 0
    backups = data_dir / "backups"
    for copy in backups.glob("before-migration-*.db") if backups.exists() else ():
        copy.unlink(missing_ok=True)  # plaintext copies of the database: they would keep what is now sealed
        removed += 1
    session.set_key(data_dir, key)
    from workstation.backup import remove_plaintext_backups

    removed += remove_plaintext_backups(data_dir)  # unencrypted backups and restores' kept data: the same
    from workstation.station import protect_keys

    protect_keys(data_dir)
    return {"encrypted": True, "files": sealed_count, "plaintext_copies_removed": removed}


def _seal_files(files: Path, sealed: Path, key: bytes, progress) -> int:
    import hashlib

    from workstation.filestore import seal

    sealed.mkdir(parents=True, exist_ok=True)
    paths = [p for p in files.rglob("*") if p.is_file() and not p.name.endswith(".part")] if files.exists() else []
    for done, path in enumerate(paths, start=1):
        data = path.read_bytes()
        digest = path.name
        if hashlib.sha256(data).hexdigest() != digest:
            continue  # not a stored file (a staging leftover): not carried over
        target = sealed / path.parent.name / digest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(seal(key, data, digest))
        if progress is not None and done % 50 == 0:
            progress(done, len(paths), _("Encrypting the stored files"))
    if paths and hasattr(os, "sync"):
        os.sync()
    return len(paths)


IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 480


def idle_lock_minutes(db) -> int:
    """Minutes without input after which the window locks (0: never); kept in the database's settings."""
    from workstation.store import get_setting

    try:
        minutes = int(get_setting(db, IDLE_LOCK_SETTING, str(DEFAULT_IDLE_LOCK_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return min(max(minutes, 0), MAX_IDLE_LOCK_MINUTES)


def set_idle_lock_minutes(db, minutes: int) -> int:
    """Keep the idle time before the window locks; a ValidationError naming ``minutes`` outside 0…480."""
    from workstation.errors import ValidationError
    from workstation.store import set_setting

    if not isinstance(minutes, int) or not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError({"minutes": _("Give a number of minutes from 0 (never lock) to {n}.").format(
            n=MAX_IDLE_LOCK_MINUTES)})
    set_setting(db, IDLE_LOCK_SETTING, str(minutes))
    return minutes


def act_as(officer: str) -> None:
    """Record the changes made from now on in this process under ``officer`` (who unlocked the data)."""
    if officer:
        os.environ["WORKSTATION_ACTOR"] = officer
