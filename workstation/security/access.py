"""Opening a data directory with its protection: unlocking an encrypted one, creating a new one encrypted (or
plaintext when that was chosen explicitly), and encrypting the plaintext data directory of an earlier version."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from workstation.errors import ValidationError, WorkstationError, join_sentences, os_reason
from workstation.i18n import _
from workstation.paths import DATABASE_NAME, database_path
from workstation.repair import this_process
from workstation.security import events, keyring, session
from workstation.shared_file import fsync_dir

PASSPHRASE_ENV = "WORKSTATION_PASSPHRASE"
LOG = logging.getLogger("workstation.security")


def passphrase_from(passphrase_file: str | None) -> str | None:
    """The passphrase of ``--passphrase-file`` (its first line), else of ``WORKSTATION_PASSPHRASE``, else None."""
    if passphrase_file:
        try:
            # utf-8-sig: the mark Notepad and PowerShell 5 put before UTF-8 text is no part of the passphrase
            text = Path(passphrase_file).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:  # Python's own words would be English whatever the language
            raise WorkstationError(_("The passphrase file {path} is not UTF-8 text: save it as UTF-8.").format(
                path=passphrase_file)) from None
        except OSError as exc:
            raise WorkstationError(_("The passphrase file {path} cannot be read: {reason}").format(
                path=passphrase_file, reason=os_reason(exc))) from None
        _warn_if_readable_by_others(Path(passphrase_file))
        return text.splitlines()[0] if text.splitlines() else ""
    return os.environ.get(PASSPHRASE_ENV)


_WARNED_FILES: set[str] = set()


def _warn_if_readable_by_others(path: Path) -> None:
    """Warn on stderr (once a process for each file) when other users of this computer can read the passphrase file
    ``path``: its permissions let its group or everyone read it, and the folders above it let them reach it (POSIX;
    a file in a folder of the user's alone, as ``mktemp -d`` makes, is not warned of)."""
    import sys

    if os.name != "posix" or str(path) in _WARNED_FILES or sys.stderr is None:
        return
    try:
        mode = path.stat().st_mode
        folders = [folder.stat().st_mode for folder in path.resolve().parents]
    except OSError:
        return
    if any(mode & read and all(folder & search for folder in folders)
           for read, search in ((0o040, 0o010), (0o004, 0o001))):  # the group's, everyone's
        _WARNED_FILES.add(str(path))
        sys.stderr.write(_("Warning: {message}").format(message=_(
            "the passphrase file {path} can be read by other users of this computer (its permissions are {mode}): "
            "make it readable by you alone, e.g. chmod 600 {path}.").format(path=path, mode=oct(mode & 0o777)[2:]))
            + "\n")


def default_officer() -> str:
    """Whose passphrase is meant when none was named: the officer acting (signed in, or ``WORKSTATION_ACTOR``), else
    the workstation's passphrase (``keyring.STATION_ENTRY``) — never the computer's account, which is no officer."""
    return os.environ.get("WORKSTATION_ACTOR") or keyring.STATION_ENTRY


def take_over_passphrase(db, data_dir: Path, officer: str, passphrase: str) -> str:
    """Name the workstation's passphrase after ``officer`` — an officer on duty of the officers' register, by name or
    certificate number — who gives it (``passphrase``); returns their name. A ValidationError under "officer" for an
    officer not on duty or who has a passphrase already, under "passphrase" when it is not the workstation's."""
    from workstation.store import officer_named

    named = officer_named(db, officer)
    name = named.name
    if not keyring.take_over(data_dir, passphrase, name, named.id):
        raise ValidationError({"passphrase": _("This is not the workstation's passphrase: give the passphrase the "
                                               "data was made with.")})
    _follow_opener(data_dir, keyring.STATION_ENTRY, name)
    return name


def encrypting_officer(data_dir: Path, typed: str) -> str:
    """The officer the plaintext data of ``data_dir`` is encrypted for, named by ``typed`` (the encrypt dialog's
    name, ``security encrypt --officer``): an officer on duty of the data's officers' register, by name or
    certificate number, as the register names them (``officer_named``, as ``take_over_passphrase`` finds them); while
    the register holds nobody on duty (the first steps are to add them), a person's name as `init --officer` takes
    it. A ValidationError under "officer" for anything else (admin, a name the register does not hold): the
    passphrase would be nobody's, and the encryption and every change after it audited as nobody's."""
    from workstation.store.agencies import offered_officer_name, officer_name_error, officer_named

    db = _register_on_duty(data_dir)
    if db is not None:
        try:
            return officer_named(db, typed).name
        finally:
            db.conn.close()
    name = offered_officer_name(typed)
    if not name:
        raise ValidationError({"officer": officer_name_error(typed) or _("Give the officer's name.")})
    return name


def _register_on_duty(data_dir: Path):
    """A read-only connection to the plaintext database of ``data_dir`` when its officers' register holds an officer
    on duty; None when it holds none, or there is no such database to read (none yet, or encrypted)."""
    from workstation.db import driver
    from workstation.db.connection import connect

    path = database_path(data_dir)
    try:
        if not path.is_file() or keyring.state(data_dir) == "encrypted":
            return None
        db = connect(path, read_only=True)
    except (WorkstationError, OSError, *driver.Error):  # no register to read: the name is checked as a name
        return None
    try:
        if db.execute("SELECT 1 FROM officers WHERE active = 1 LIMIT 1").fetchone() is not None:
            return db
    except driver.Error:  # an earlier version's database without a register to look in
        pass
    db.conn.close()
    return None


def _sole_officer_id(data_dir: Path, name: str) -> str | None:
    """The officer id of ``name`` when exactly one officer of the plaintext register of ``data_dir`` bears it (on duty
    or not): the holder of a passphrase given under that name (``keyring.HOLDER``); None otherwise (no register, no
    such officer, namesakes: whose it is cannot be told)."""
    from workstation.db import driver
    from workstation.db.connection import connect

    path = database_path(data_dir)
    try:
        if not path.is_file():
            return None
        db = connect(path, read_only=True)
    except (WorkstationError, OSError, *driver.Error):
        return None
    try:
        rows = db.execute("SELECT id FROM officers WHERE name = ? LIMIT 2", [name]).fetchall()
    except driver.Error:  # an earlier version's database without a register
        return None
    finally:
        db.conn.close()
    return str(rows[0][0]) if len(rows) == 1 else None


def unlock(data_dir: Path, passphrase: str | None, officer: str | None = None) -> str:
    """Unlock an encrypted data directory for this process; returns the officer whose passphrase it was."""
    if session.key_for(data_dir) is not None and passphrase is None:
        return ""
    if passphrase is None:
        raise keyring.Locked(_("The data in {path} is encrypted: give the passphrase (WORKSTATION_PASSPHRASE or "
                               "--passphrase-file) to open it.").format(path=data_dir))
    name, key = keyring.unlock(data_dir, passphrase, officer)
    session.set_key(data_dir, key)
    _OPENED_BY[_key(data_dir)] = name
    if name and name != keyring.STATION_ENTRY and not os.environ.get("WORKSTATION_ACTOR"):
        act_as(name)  # the changes are the officer's whose passphrase opened the data (README: never the account's)
    if journal_path(data_dir).exists():
        recover_interrupted_encryption(data_dir)  # an encryption cut off by a crash: its steps that need the key
    else:  # backups an encryption could not delete: tried again, else said (a recovery tries them and says them)
        from workstation.backup import sweep_plaintext_backups

        _tell(sweep_plaintext_backups(data_dir))
    _tell(sweep_plaintext_files(data_dir))  # stored files an encryption could not remove: tried again, else said
    return name


def _tell(note: str) -> None:
    """Keep ``note`` for the officer, said once with what the opening found (``repair.tell_once``: the command line
    and the window say those)."""
    from workstation.repair import tell_once

    if note:
        LOG.warning("%s", note)
        tell_once(note)


# the data directories whose keyring this process made for a new database (``prepare``): the database missing
# beside such a keyring is still to be made, not lost (``workstation.db.connection.earlier_data``)
_MADE: set[str] = set()
# whose passphrase (the keyring entry) opened each data directory unlocked in this process: its changes are theirs
_OPENED_BY: dict[str, str] = {}


def opened_by(data_dir: Path) -> str:
    """The keyring entry (an officer, or ``keyring.STATION_ENTRY``) whose passphrase unlocked or made the encrypted
    data of ``data_dir`` in this process; "" when none did."""
    return _OPENED_BY.get(_key(data_dir), "")


ACTOR_ENV = "WORKSTATION_ACTOR"


def _officer_named(db, data_dir: Path, name: str) -> bool:
    """Whether the officers' register names an officer ``name`` (now, or before a rename). ``db`` None: the database
    of ``data_dir`` cannot be read (``act_as_opener_unopened``), and the officers holding a passphrase here stand for
    the register (the passphrases follow it)."""
    from workstation.db import driver

    if not name:
        return False
    if db is None:
        return name != keyring.STATION_ENTRY and name in keyring.officers(data_dir)
    try:
        if db.execute("SELECT 1 FROM officers WHERE name = ? LIMIT 1", [name]).fetchone() is not None:
            return True
        return db.execute("SELECT 1 FROM officer_names WHERE name = ? LIMIT 1", [name]).fetchone() is not None
    except driver.Error:  # a database of a version before the former names were kept
        return False


def _former_name_of(db, name: str, officer: str) -> bool:
    """Whether ``name`` is a name the officer now named ``officer`` had before a rename, and is no other officer's
    name now: a WORKSTATION_ACTOR set before the rename still names them."""
    from workstation.db import driver

    if db is None:
        return False
    try:
        return db.execute("SELECT 1 FROM officer_names f JOIN officers o ON o.id = f.officer_id WHERE f.name = ? "
                          "AND o.name = ? AND NOT EXISTS (SELECT 1 FROM officers n WHERE n.name = ?) LIMIT 1",
                          [name, officer, name]).fetchone() is not None
    except driver.Error:  # a database of a version before the former names were kept
        return False


def officer_opened(db, data_dir: Path) -> str:
    """The officer of the register whose passphrase opened the encrypted data of ``data_dir`` in this process (the
    changes are theirs); "" when the data is not encrypted, or was opened with the workstation's passphrase or an
    entry that names no officer (an earlier version's, named after the computer's account)."""
    owner = opened_by(data_dir)
    if not owner or owner == keyring.STATION_ENTRY or session.key_for(data_dir) is None:
        return ""
    return owner if _officer_named(db, data_dir, owner) else ""


def actor_refusal(db, data_dir: Path, named: str | None, given: str = ACTOR_ENV, owner: str | None = None
                  ) -> str | None:
    """Why the officer ``named`` (by ``given``: the variable WORKSTATION_ACTOR, or an option such as --officer) may
    not be the one acting on the encrypted data of ``data_dir``: it was opened with another officer's passphrase,
    and what is changed is recorded under the officer whose passphrase it was (``officer_opened``). None when they
    may: the same officer (by a name they had before a rename, too, while it is no other officer's now), a name that
    is no officer's (the passphrase's officer is recorded all the same), or data not opened with an officer's
    passphrase (not encrypted, or the workstation's passphrase). ``db`` None: as ``_officer_named``. ``owner``: the
    ``officer_opened`` the caller found already."""
    if not named:
        return None
    owner = owner or officer_opened(db, data_dir)
    if not owner or not named or named == owner or not _officer_named(db, data_dir, named) or \
            _former_name_of(db, named, owner):
        return None
    if given == ACTOR_ENV:
        return _("WORKSTATION_ACTOR names {named}, but the passphrase given is {owner}'s: with encrypted data, what a "
                 "command changes is recorded under the officer whose passphrase opened it. Nothing was changed. Unset "
                 "WORKSTATION_ACTOR (or set it to {owner}), or give {named}'s own passphrase.").format(
            named=named, owner=owner)
    return _("{option} names {named}, but the passphrase given is {owner}'s: with encrypted data, what a command "
             "changes is recorded under the officer whose passphrase opened it. Nothing was changed. Leave {option} "
             "out (or name {owner}), or give {named}'s own passphrase.").format(option=given, named=named, owner=owner)


def act_as_opener(db, data_dir: Path) -> None:
    """A command on the encrypted data of ``data_dir`` (its database ``db`` open, nothing changed yet): what it changes
    is recorded under the officer whose passphrase opened it (``officer_opened``), whatever WORKSTATION_ACTOR says; a
    WORKSTATION_ACTOR naming another officer is refused (WorkstationError). Nothing changes for data opened with the
    workstation's passphrase, which is no officer's: WORKSTATION_ACTOR names who acts, as for data not encrypted.
    ``db`` None: the database cannot be read (``act_as_opener_unopened``)."""
    owner = officer_opened(db, data_dir)
    if not owner:
        return
    named = os.environ.get(ACTOR_ENV)
    refusal = actor_refusal(db, data_dir, named, ACTOR_ENV, owner)
    if refusal is not None:
        raise WorkstationError(refusal)
    if named and named != owner:
        session.set_aside_actor(named)  # given back once the command is over (``session.actor_set_aside``)
    act_as(owner)


def act_as_opener_unopened(data_dir: Path) -> None:
    """``act_as_opener`` for a command that unlocks the encrypted data of ``data_dir`` without opening its database
    (`backup restore`, `backup put-back`: the database may be the damaged one they replace). The officers' register
    is read through a read-only connection of its own (``_register_read``); when the database cannot be read, the
    officers holding a passphrase here stand for it. Nothing happens when the data is not unlocked (not encrypted)."""
    if session.key_for(data_dir) is None:
        return
    db = _register_read(data_dir)
    try:
        act_as_opener(db, data_dir)
    finally:
        if db is not None:
            db.conn.close()


def _register_read(data_dir: Path):
    """A read-only connection to the unlocked encrypted database of ``data_dir`` that reads its officers' register,
    leaving nothing beside it: with no -wal there (no program has the database open) it is read as it is on disk
    (SQLite's ``immutable``: a read-only connection would leave an empty -wal and -shm behind), else through its
    -wal. None when it cannot be read (damaged, missing, or of a version without a register)."""
    from urllib.parse import quote

    from workstation.db import Database, driver
    from workstation.db.connection import busy_timeout_ms

    path = database_path(data_dir)
    conn = None
    try:
        if not path.is_file():
            return None
        pending = Path(str(path) + "-wal").exists()
        uri = f"file:{quote(str(path.resolve()))}?{'mode=ro' if pending else 'immutable=1'}"
        conn = driver.connect_encrypted(uri, busy_timeout_ms() / 1000, session.require_key(data_dir), uri=True)
        conn.execute("SELECT 1 FROM officers LIMIT 1").fetchone()
    except (WorkstationError, OSError, *driver.Error):
        if conn is not None:
            conn.close()
        return None
    return Database(conn)


def _key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def made_here(data_dir: Path) -> bool:
    """Whether this process made the keyring of ``data_dir`` for a new database."""
    return _key(data_dir) in _MADE


def note_made(data_dir: Path) -> None:
    """Record that this process has just made the keyring of ``data_dir`` for a new database (``made_here``)."""
    _MADE.add(_key(data_dir))


def forget_new(data_dir: Path) -> None:
    """Undo a first start that could not make its database (disk full): remove the keyring (and its lock file)
    this process made for it, so the next start begins on a new data directory again. Nothing happens to a keyring
    this process did not make, nor while a database is beside it."""
    path = database_path(data_dir)
    if not made_here(data_dir) or (path.exists() and path.stat().st_size > 0):
        return
    _MADE.discard(_key(data_dir))
    for path in (keyring.keyring_path(data_dir), Path(data_dir) / keyring.LOCK_NAME):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
    session.set_key(data_dir, None)
    _OPENED_BY.pop(_key(data_dir), None)


def prepare(data_dir: Path, passphrase: str | None, *, plaintext: bool = False, officer: str | None = None,
            holder: str | None = None, new_only: bool = False) -> str:
    """Make ``data_dir`` usable by this process: 'encrypted' (unlocked, or created encrypted with ``passphrase``),
    'plaintext' (chosen, or from an earlier version), or 'unchosen' (a new data directory for which neither a
    passphrase nor the plaintext choice was given: made unencrypted with no choice recorded, encryption offered
    later, as for an earlier version's data). ``holder``: the officer id of ``officer`` when known (the officer
    being created with the data), recorded with the first passphrase (``keyring.HOLDER``). With ``new_only`` (the
    first-start dialog: ``passphrase`` is one for new data) an encrypted keyring another program made meanwhile is
    not unlocked — no passphrase tried, no failure counted: 'set up' is returned."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        return "none"  # opening the database says what is wrong with it
    if journal_path(data_dir).exists():
        LOG.warning("%s", recover_interrupted_encryption(data_dir) or "interrupted encryption: keyed steps pending")
    mode = keyring.state(data_dir)
    if mode == "encrypted":
        if new_only:
            return "set up"
        unlock(data_dir, passphrase, officer)
        return mode
    if mode == "plaintext":
        return mode
    from workstation.db.connection import holds_no_database

    if not holds_no_database(database_path(data_dir)):  # an empty file (0 bytes) is no database: made anew
        return "plaintext"  # a data directory of an earlier version: the window offers to encrypt it
    if passphrase is not None:
        owner = officer or default_officer()
        key = keyring.create_encrypted(data_dir, owner, passphrase, holder=holder if officer else None)
        _MADE.add(_key(data_dir))
        _OPENED_BY[_key(data_dir)] = owner
        session.set_key(data_dir, key)
        return "encrypted"
    if plaintext or keyring.plaintext_allowed_by_environment():
        keyring.choose_plaintext(data_dir)
        _MADE.add(_key(data_dir))
        return "plaintext"
    # neither: a command creating the data (`init`, `demo` as CLI.md gives them) makes it unencrypted without
    # recording a choice, so that the window and `security status` offer to encrypt it (``unchosen_note``)
    return "unchosen"


def unchosen_note(data_dir: Path) -> str:
    """What a command that created the data directory ``data_dir`` without a passphrase nor ``--plaintext`` says
    on stderr: the data is not encrypted, and how to encrypt it."""
    return _("No passphrase was given, so the data in {path} was created unencrypted: encrypt it now with `security "
             "encrypt --passphrase-file FILE` (or in the window, which offers it), or give a passphrase "
             "(WORKSTATION_PASSPHRASE or --passphrase-file) when creating data; `init --plaintext` keeps it "
             "unencrypted on purpose.").format(path=data_dir)


def unused_passphrase_note(data_dir: Path, given: str) -> str:
    """What a command says on stderr when a passphrase was given (``given``: ``--passphrase-file`` or
    ``WORKSTATION_PASSPHRASE``) for the unencrypted data of ``data_dir`` (``prepare`` returned 'plaintext'): it
    opened the data without it, which stays unencrypted, and how to encrypt it with that passphrase."""
    return _("The data in {path} is not encrypted, so the passphrase given with {given} was not used: the data "
             "stays unencrypted. To encrypt it with that passphrase, run `security encrypt --passphrase-file "
             "FILE`.").format(path=data_dir, given=given)


def encrypt_data_dir(data_dir: Path, passphrase: str, officer: str | None = None, progress=None, *,
                     spare: Path | None = None) -> dict:
    """Encrypt the plaintext database and file store of ``data_dir`` with a new key sealed by ``passphrase``.

    The encrypted copies are made and checked beside the originals first; only then do they replace them, and
    the plaintext originals (and the plaintext copies made before migrations) are removed; an encrypted backup is
    made before the unencrypted backups go (``_finish_keyed``). The database must not be open in another program,
    and no program may open it while the copies are made: the note of this encryption (``_claim``) refuses them
    (``refuse_while_encrypting``), and a program that opened or changed the data all the same leaves it unencrypted
    and as it was. ``spare``: an unencrypted backup not to remove (the one a restore is restoring from; its caller
    removes it once done). An encryption cut off by a crash is first finished or undone
    (``recover_interrupted_encryption``); the result then says what was done in "recovered"."""
    data_dir = Path(data_dir)
    _refuse_lost_keyring(data_dir)
    recovered = recover_interrupted_encryption(data_dir)
    if keyring.state(data_dir) == "encrypted":
        if journal_path(data_dir).exists():  # the swap was finished: what needs the key is done now
            _name, key = keyring.unlock(data_dir, passphrase, officer)  # ``unlock`` would finish it uncounted
            session.set_key(data_dir, key)
            files = data_dir / "files"
            finished = _finish_interrupted(data_dir)
            _end_request(data_dir)
            return {"encrypted": True, "files": sum(1 for p in files.rglob("*") if p.is_file()) if files.exists()
                    else 0, "plaintext_copies_removed": finished["removed"], "recovered": recovered,
                    **_backup_fields(finished)}
        raise WorkstationError(_("The data in {path} is already encrypted.").format(path=data_dir))
    keyring.check_passphrase(passphrase)
    source = database_path(data_dir)
    if not source.exists():
        raise WorkstationError(_("There is no database in {path} to encrypt.").format(path=data_dir))
    from workstation.db.connection import refuse_unusable

    # a file this version cannot open (not SQLite, another program's, a newer version's, damaged) is refused untouched,
    # as every opening refuses it (the window's ``ui.gate``): encrypting it would rewrite what is not ours to change
    refuse_unusable(source)
    import secrets

    name = officer or default_officer()
    holder = _sole_officer_id(data_dir, name)  # read before the copies are made and compared
    key = secrets.token_bytes(32)
    _claim(data_dir)  # before looking for other programs: one opening from now on sees this note and is refused
    try:
        from workstation.repair import open_elsewhere

        others = open_elsewhere(data_dir)
        if others:
            raise WorkstationError(_("The data in {path} is open in another running workstation (process {pid}): "
                                     "close it first.").format(path=data_dir, pid=others[0]))
        swept = _sweep_killed_copies(data_dir)
        written = _copy_database(source, _copies(data_dir)[0], key, progress)
        sealed_count = _seal_files(data_dir / "files", _copies(data_dir)[1], session.derive(key, "files"), progress)
        for kept in _kept_sets(data_dir):  # the data a restore kept aside: encrypted too, so it can be put back
            _copy_database(kept / DATABASE_NAME, _copies(kept)[0], key, progress)
            _seal_files(kept / "files", _copies(kept)[1], session.derive(key, "files"), progress)
        if open_elsewhere(data_dir) or _fingerprint(source) != written:
            # a program that opened the data before this encryption's note was there: what it saved would be lost
            raise WorkstationError(_("Another program opened or changed the data in {path} while it was being "
                                     "encrypted: nothing was changed, the data is still unencrypted. Close the other "
                                     "programs of the workstation and encrypt again.").format(path=data_dir))
    except BaseException:
        _remove_copies(data_dir)
        raise
    # the point of no return, recorded first (ENCRYPT_JOURNAL): the keyring, then the database and the files
    keyring_path = keyring.keyring_path(data_dir)
    previous_keyring = keyring_path.read_text(encoding="utf-8") if keyring_path.exists() else None
    _write_journal(data_dir, {**this_process(), "id": secrets.token_hex(8), "officer": name,
                              "previous_keyring": previous_keyring})
    _owner_path(data_dir).unlink(missing_ok=True)  # from here on the journal says what to finish or undo
    keyring_path.unlink(missing_ok=True)
    try:
        keyring.create_encrypted(data_dir, name, passphrase, key=key, holder=holder)
    except BaseException:
        _roll_back(data_dir, previous_keyring)
        raise
    fsync_dir(data_dir)
    _swap_in(data_dir)
    session.set_key(data_dir, key)
    _OPENED_BY[_key(data_dir)] = name
    finished = _finish_keyed(data_dir, spare=spare)  # with the copies the swap removed
    _end_request(data_dir)
    return {"encrypted": True, "files": sealed_count, "plaintext_copies_removed": finished["removed"] + swept,
            "recovered": recovered, **_backup_fields(finished)}


def _end_request(data_dir: Path) -> None:
    """The data encrypted: the request to encrypt it at the next start of the window (``encrypt_request``) is
    answered, also when the command line encrypted it. One that cannot be deleted is logged, not refused: the
    encryption is done, and a request left on encrypted data is never acted on."""
    from workstation.security import encrypt_request

    try:
        encrypt_request.withdraw_request(data_dir)
    except WorkstationError as exc:
        LOG.warning("%s", exc.message)


def _refuse_lost_keyring(data_dir: Path) -> None:
    """Refuse to encrypt data that is encrypted already but lost its keyring.json (``backup.keyring_missing``): it
    is not damaged, and encrypting it would not help; the way back keeps the work done since the last backup."""
    from workstation.backup import keyring_missing, latest_backup

    if keyring_missing(data_dir):
        latest = latest_backup(data_dir)
        raise WorkstationError(_(
            "The data in {path} is encrypted already, but keyring.json, which holds its key sealed under the officers' "
            "passphrases, is missing: nothing was changed. Leave the database where it is: put keyring.json back from a "
            "copy of this data directory if there is one; else put back the keyring a backup of this data carries "
            "(`backup restore {id} --keyring-only`, with the passphrase an officer had when the backup was made), "
            "which keeps the work done since that backup.").format(
            path=data_dir, id=latest["id"] if latest and latest["encrypted"] else "ID"))


def _sweep_killed_copies(data_dir: Path) -> int:
    """Remove the plaintext copies of the data that killed programs left in its backup folders (a half-made copy of
    an update, a backup's staging folder and its half-written ``.part``), which would outlive the encryption; how
    many backup copies were removed."""
    from workstation.backup import remove_killed_parts, remove_stale_staging
    from workstation.db.connection import remove_stale_migration_parts

    remove_stale_migration_parts(data_dir / "backups")
    return len(remove_stale_staging(data_dir)) + len(remove_killed_parts(data_dir, everywhere=True))


def _kept_sets(data_dir: Path) -> list[Path]:
    """The sets of data kept aside by restores and put-backs (``backup_replaced``) whose database is not
    encrypted."""
    from workstation.backup_replaced import is_plaintext, replaced_sets

    return [kept for kept in replaced_sets(data_dir) if (kept / DATABASE_NAME).is_file()
            and is_plaintext(kept / DATABASE_NAME)]


def _copy_database(source: Path, target: Path, key: bytes, progress=None) -> tuple:
    """Make the encrypted copy ``target`` of the database ``source`` and check it against the original; returns the
    original's ``_fingerprint`` as it was copied (a change after that would not be in the copy). ``progress`` is told
    the step ("Encrypting the database") as the copy goes on (``_CopyWatch``), while SQLCipher writes it and checks
    it: a report that raises (Cancelled) stops it there, and the exception is raised (the caller removes the copy;
    the original is as it was)."""
    from workstation.db import driver

    if driver.sqlcipher is None:
        raise WorkstationError(_("The database is encrypted and SQLCipher (sqlcipher3) is not installed: run "
                                 "the install command of the README."))
    watch = _CopyWatch(source, target, progress)
    conn = driver.sqlcipher.connect(str(source), isolation_level=None)
    try:
        watch.start(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS sealed KEY \"x'{key.hex()}'\"", [str(target)])
        # the counts (checked against the copy below, and weighing its progress: ``_CopyWatch.weigh``) and the copy
        # read one snapshot of the original, in one transaction: a commit of another connection meanwhile is in
        # neither, and is told below as a change of the data, not as a copy that does not match
        conn.execute("BEGIN")
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM main.\"{t}\"").fetchone()[0] for (t,) in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'").fetchall()}
        snapshot = conn.execute("PRAGMA main.data_version").fetchone()[0]
        watch.weigh(conn, counts)
        watch.follow(conn)
        conn.execute("SELECT sqlcipher_export('sealed')")
        watch.copied(conn)
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA sealed.user_version = {int(version)}")
        conn.execute("COMMIT")
        # changed once the snapshot's read ended when another connection committed since it began: its change is
        # not in the copy (and the original's fingerprint taken below would already hold it)
        changed = conn.execute("PRAGMA main.data_version").fetchone()[0] != snapshot
        conn.execute("DETACH DATABASE sealed")
    except driver.Error:
        watch.raise_stopped()
        raise
    finally:
        conn.close()
    if changed:
        raise WorkstationError(_("Another program opened or changed the data in {path} while it was being encrypted: "
                                 "nothing was changed, the data is still unencrypted. Close the other programs of the "
                                 "workstation and encrypt again.").format(path=source.parent))
    written = _fingerprint(source)  # once closed: the last connection's close folds its -wal in and removes it
    check = driver.connect_encrypted(str(target), 5.0, key)
    try:
        watch.start(check)
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok" or any(
                check.execute(f"SELECT COUNT(*) FROM \"{t}\"").fetchone()[0] != n for t, n in counts.items()):
            raise WorkstationError(_("The encrypted copy of {path} does not match it; nothing was changed.")
                                   .format(path=source))
        check.execute("PRAGMA journal_mode = WAL")
    except driver.Error:
        watch.raise_stopped()
        raise
    finally:
        check.close()
    watch.report(done=True)
    return written


class _CopyWatch:
    """The progress of SQLCipher's copy of a database (one statement, ``sqlcipher_export``): SQLite's progress
    handler reports, at most a few times a second, how much of the original was copied — the rows of its tables
    copied so far, each weighed with its indexes, after the tables and indexes made first (``weigh``), or the
    encrypted copy's size against the original's when that is further (it grows mostly as the copy commits: SQLCipher
    keeps the pages it writes in its cache). The authorizer is told of each table and index as ``sqlcipher_export``
    makes it, and of the table it copies next (``follow``): the statements making them are too short for the progress
    handler, which is never called while a data directory of many tables has its tables made. How far into a table,
    the virtual machine instructions run since tell, never beyond its rows. A report that raises (Cancelled)
    interrupts the statement (refused by the authorizer); ``raise_stopped`` then raises it in place of SQLite's
    "interrupted" or "not authorized"."""

    STEPS = 2000  # virtual machine instructions between two calls of the handler
    INTERVAL = 0.25  # seconds at least between two reports
    PER_ENTRY = 4  # about the instructions that copy a row, or one entry of an index (SQLite's transfer of a table)
    PER_OBJECT = 1500  # about the entries copied in the time a table or an index of the copy is made (or a table's
    # copy is begun: each statement is prepared against the whole schema)
    INSERT, MAKE = sqlite3.SQLITE_INSERT, (sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_TABLE)  # as the
    # authorizer is told them

    def __init__(self, source: Path, target: Path, progress) -> None:
        self.source, self.target, self.progress = source, target, progress
        self.stopped: BaseException | None = None
        self.last = 0.0
        try:
            self.total = max(1, Path(source).stat().st_size + _size(Path(f"{source}-wal")))
        except OSError:
            self.total = 1
        self.weights: dict[str, int] = {}  # entries (rows, and rows again for each index) of the tables to copy
        self.objects = 0  # the tables and indexes made in the copy before any row is copied
        self.made: set[tuple] = set()
        self.entries = 0
        self.done: set[str] = set()  # the tables whose copy began before the one being copied
        self.table: str | None = None
        self.ticks = 0  # the handler's calls since that table's copy began
        self.finished = False

    def weigh(self, conn, counts: dict[str, int]) -> None:
        """Weigh the tables ``sqlcipher_export`` copies (those with rows of their own) by their rows — ``counts``,
        else counted here — times one and their indexes, and the tables and indexes it makes first (and the start of
        each table's copy) by ``PER_OBJECT``."""
        if self.progress is None:
            return
        indexes: dict[str, int] = {}
        for table, n in conn.execute("SELECT tbl_name, COUNT(*) FROM main.sqlite_master WHERE type = 'index' "
                                     "GROUP BY tbl_name").fetchall():
            indexes[table] = n
        for (table,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND rootpage > 0 "
                                     "AND name != 'sqlite_sequence'").fetchall():
            rows = counts.get(table)
            if rows is None:
                rows = conn.execute(f"SELECT COUNT(*) FROM main.\"{table}\"").fetchone()[0]
            self.weights[table] = int(rows) * (1 + indexes.get(table, 0)) + self.PER_OBJECT
        # the indexes of UNIQUE and PRIMARY KEY constraints too (no SQL of their own): the authorizer is told of them
        self.objects = conn.execute("SELECT COUNT(*) FROM main.sqlite_master WHERE type IN ('table', 'index') AND "
                                    "rootpage > 0 AND name != 'sqlite_sequence'").fetchone()[0]
        self.entries = sum(self.weights.values()) + self.objects * self.PER_OBJECT

    def follow(self, conn) -> None:
        """Be told which table the copy is at (the authorizer allows everything; it only watches)."""
        if self.progress is not None and self.entries:
            conn.set_authorizer(self._authorize)

    def _authorize(self, action, name, _column, database, _trigger) -> int:
        if database != "sealed":
            return sqlite3.SQLITE_OK
        if action in self.MAKE and self.table is None:
            self.made.add((action, name))
        elif action == self.INSERT and name in self.weights and name != self.table:
            if self.table is not None:
                self.done.add(self.table)
            self.table, self.ticks = name, 0
        else:
            return sqlite3.SQLITE_OK
        try:
            self.report()
        except BaseException as exc:  # noqa: BLE001 - raised again once SQLite has stopped (``raise_stopped``)
            self.stopped = exc
            return sqlite3.SQLITE_DENY  # the copy stops there
        return sqlite3.SQLITE_OK

    def copied(self, conn) -> None:
        """``sqlcipher_export`` returned: every row is copied."""
        self.finished = True
        if self.progress is not None and self.entries:
            conn.set_authorizer(None)

    def _copied_share(self) -> float:
        """The share of the entries copied, as far as it is known."""
        if not self.entries:
            return 0.0
        if self.finished:
            return 1.0
        if self.table is None:  # the tables and indexes are still being made
            return min(len(self.made), self.objects) * self.PER_OBJECT / self.entries
        weight = self.weights[self.table]
        within = min(weight, self.ticks * self.STEPS // self.PER_ENTRY)
        return (self.objects * self.PER_OBJECT + sum(self.weights[t] for t in self.done) + within) / self.entries

    def start(self, conn) -> None:
        if self.progress is None:
            return
        self.report(force=True)  # the step said before it starts (and a Cancel already asked heard)
        conn.set_progress_handler(self._tick, self.STEPS)

    def _tick(self) -> int:
        self.ticks += 1
        try:
            self.report()
        except BaseException as exc:  # noqa: BLE001 - raised again once SQLite has stopped (``raise_stopped``)
            self.stopped = exc
            return 1
        return 0

    def report(self, *, force: bool = False, done: bool = False) -> None:
        import time

        if self.progress is None:
            return
        now = time.monotonic()
        if not force and not done and now - self.last < self.INTERVAL:
            return
        self.last = now
        written = self.total if done else min(max(_size(self.target), int(self._copied_share() * self.total)),
                                              self.total - 1)
        self.progress(written, self.total, _("Encrypting the database"))

    def raise_stopped(self) -> None:
        if self.stopped is not None:
            raise self.stopped


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _fingerprint(source: Path) -> tuple:
    """The size and time of change of the database file and its -wal: a commit of another program changes them."""
    found = []
    for path in (source, Path(f"{source}-wal")):
        try:
            stat = path.stat()
            found.append((stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            found.append(None)
    return tuple(found)


def _backup_fields(finished: dict) -> dict:
    """What the result of an encryption says of the encrypted backup made before the unencrypted ones went: "backup"
    (its path, or None), "backups_note" (what the officer is told of the backups, "" when there were none to
    replace), "backups_left" (those of this data that could not be deleted, each {"path", "reason"}: named in
    "backups_note", so that the caller names them not again, ``plaintext_left_note``'s ``exclude``), "files_note"
    (what the officer is told of the unencrypted stored files left, "" when none is) and "spared" (the path of the
    unencrypted backup left for the caller to remove, or None)."""
    return {"backup": finished.get("backup"), "backups_note": finished.get("note", ""),
            "backups_left": finished.get("backups_left", []), "files_note": finished.get("files_note", ""),
            "spared": finished.get("spared")}


def _runs_elsewhere(note: dict | None) -> int | None:
    """The process id of the program a note of an encryption (its owner note, or its journal) names, when that is
    another program running now; else None."""
    from workstation.repair import noted_process_running

    if not isinstance(note, dict):
        return None
    pid = note.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return None
    if note.get("boot") and note.get("boot") != _boot_id():
        return None  # written before the machine was started again
    return pid if noted_process_running(note) else None


def encrypting_elsewhere(data_dir: Path) -> int | None:
    """The process id of another program encrypting the data of ``data_dir`` now, until its encrypted copies have
    replaced the originals (its owner note, then its journal); None when none is."""
    import json

    data_dir = Path(data_dir)
    try:
        owner = json.loads(_owner_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        owner = None
    pid = _runs_elsewhere(owner)
    if pid is None and journal_path(data_dir).exists():
        try:
            journal = _read_journal(data_dir)
        except WorkstationError:
            journal = None
        if journal and not journal.get("swapped"):
            pid = _runs_elsewhere(journal)
    return pid


def refuse_while_encrypting(data_dir: Path) -> None:
    """Refuse to open the data of ``data_dir`` while another program encrypts it: what this program saved would go
    into the unencrypted database that the encrypted copy is about to replace, and be lost."""
    pid = encrypting_elsewhere(data_dir)
    if pid is not None:
        raise _encryption_running(data_dir, pid)


def _encryption_running(data_dir: Path, pid: int) -> EncryptionRunning:
    """The refusal of what must wait while the program of process ``pid`` encrypts the data of ``data_dir``."""
    return EncryptionRunning(_("The data in {path} is being encrypted by another program (process {pid}): wait "
                               "until it has finished, then try again.").format(path=data_dir, pid=pid))


class EncryptionRunning(WorkstationError):
    """Another program is encrypting the data: nothing may open or change it until it is done."""


def _claim(data_dir: Path) -> None:
    """Write the note of this encryption (the owner of the copies, ``_owner_path``) once no other program encrypts the
    data, removing the copies a killed one left; taken in turn with another program doing the same (RECOVERY_LOCK)."""
    from workstation.shared_file import exclusive

    with exclusive(Path(data_dir) / RECOVERY_LOCK, _owner_path(data_dir)):
        refuse_while_encrypting(data_dir)
        _remove_copies(data_dir)
        _write_owner(data_dir)


# Encrypting swaps the encrypted copies in by renames; a journal written before the first of them lets the next
# start (or the next `security encrypt`) finish the swap after a crash, or undo it when the crash came before the
# new keyring was written. Without the journal a crash left a keyring whose key opens no database ("copied from
# another laptop"), or stored files reported missing or altered while they sat in files.encrypting.
ENCRYPT_JOURNAL = "encrypt-journal.json"


def journal_path(data_dir: Path) -> Path:
    return Path(data_dir) / ENCRYPT_JOURNAL


def _boot_id() -> str:
    from workstation.repair import boot_id

    return boot_id()


def _write_journal(data_dir: Path, journal: dict) -> None:
    import json

    from workstation.shared_file import write_whole

    write_whole(journal_path(data_dir), json.dumps(journal, ensure_ascii=False))
    fsync_dir(data_dir)


def _read_journal(data_dir: Path) -> dict | None:
    import json

    try:
        journal = json.loads(journal_path(data_dir).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        raise WorkstationError(_("{path} is damaged: encrypting the data in {folder} was interrupted and cannot be "
                                 "completed. Copy the data directory somewhere safe and ask for technical help.")
                               .format(path=journal_path(data_dir), folder=data_dir)) from None
    return journal if isinstance(journal, dict) else {}


def _copies(data_dir: Path) -> tuple[Path, Path]:
    """The encrypted copy of the database and the folder of the encrypted stored files, made beside the originals."""
    source = database_path(data_dir)
    return source.with_name(source.name + ".encrypting"), Path(data_dir) / "files.encrypting"


def _remove_copies(data_dir: Path) -> None:
    """Remove the encrypted copies made beside the data and beside the sets a restore kept aside, and the owner
    note."""
    from workstation.backup_replaced import replaced_sets

    for folder in (data_dir, *replaced_sets(data_dir)):
        target, sealed_files = _copies(folder)
        for leftover in (target, *(Path(str(target) + suffix) for suffix in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(sealed_files, ignore_errors=True)
    _owner_path(data_dir).unlink(missing_ok=True)


def _owner_path(data_dir: Path) -> Path:
    """The note of the program making the encrypted copies (its process: ``repair.this_process``), until the journal is
    written; while it runs, no other program opens the data (``refuse_while_encrypting``)."""
    return _copies(data_dir)[0].with_name(database_path(data_dir).name + ".encrypting.owner")


def _write_owner(data_dir: Path) -> None:
    import json

    _owner_path(data_dir).write_text(json.dumps(this_process()), encoding="utf-8")


def remove_abandoned_copies(data_dir: Path) -> str:
    """The encrypted copies an encryption killed before its journal was written left beside the unencrypted data
    (the database's copy and its journal, the sealed files): removed, unless the program making them still runs.
    Returns what the officer is told, or "" when there was nothing to remove."""
    data_dir = Path(data_dir)
    target, sealed_files = _copies(data_dir)
    leftovers = [target, *(Path(str(target) + suffix) for suffix in ("-wal", "-shm", "-journal")), sealed_files]
    # asked again though the caller refused while another program encrypts: one may have started since, and these
    # would be the copies it is making
    if journal_path(data_dir).exists() or encrypting_elsewhere(data_dir) is not None:
        return ""  # to finish or undo; or still encrypting in that program
    if not any(p.exists() for p in leftovers):
        if _owner_path(data_dir).exists():  # the note alone: killed before it made any copy (a read-only disk
            _owner_path(data_dir).unlink()  # refuses even removing what is not there)
        return ""
    _remove_copies(data_dir)
    if keyring.state(data_dir) == "encrypted":
        return ""
    return _("Encrypting the data in {path} did not finish (the program was stopped while it made the encrypted "
             "copy): the data is still unencrypted, as before. The unfinished copy was removed; encrypt the data "
             "again.").format(path=data_dir)


def _roll_back(data_dir: Path, previous_keyring: str | None) -> None:
    """Before the new keyring was written: the originals were never touched; the copies and the journal go, and
    the keyring that was there (the plaintext choice) is put back."""
    if previous_keyring is not None and keyring.load(data_dir) is None:
        with keyring.exclusive_lock(data_dir):
            from workstation.shared_file import write_whole

            write_whole(keyring.keyring_path(data_dir), previous_keyring)
    _remove_copies(data_dir)
    journal_path(data_dir).unlink(missing_ok=True)


def _swap_in(data_dir: Path) -> int:
    """Put the encrypted copies in place of the originals and remove the plaintext originals and the plaintext
    copies made before migrations; each step is skipped when a run cut off by a crash already did it. Returns how
    many plaintext copies were removed."""
    data_dir = Path(data_dir)
    from workstation.backup_replaced import replaced_sets

    for folder in (data_dir, *replaced_sets(data_dir)):  # the sets a restore kept aside, encrypted with the data
        _put_copies_in(folder)
    # plaintext copies of the database, which would keep what is now sealed: named in the journal before the first
    # goes, so that those a run cut off here removed are counted by the run that finishes it
    backups = data_dir / "backups"
    journal = _read_journal(data_dir) or {}
    found = {p.name for p in backups.glob(MIGRATION_COPIES)} if backups.exists() else set()
    listed = journal.get("copies") if isinstance(journal.get("copies"), list) else []
    copies = sorted(found | {n for n in listed if isinstance(n, str) and _migration_copy(n)})
    _write_journal(data_dir, {**journal, "copies": copies})
    for name in copies:
        (backups / name).unlink(missing_ok=True)
    # what is left needs the key: done once the data is unlocked; the copies removed so far are counted with it
    kept = {k: journal[k] for k in ("id", "officer", "pid", "boot", "started") if k in journal}  # whose run it is
    _write_journal(data_dir, {**kept, "swapped": True, "removed": len(copies)})
    return len(copies)


from workstation.db.connection import MIGRATION_COPIES  # noqa: E402  (one name for the copies updates make)


def _put_copies_in(folder: Path) -> None:
    """Put the encrypted copies made in ``folder`` (the data directory, or a set a restore kept aside) in place of
    its database and stored files, and remove the plaintext ones; a step a run cut off already did is skipped."""
    source = database_path(folder)
    target, sealed_files = _copies(folder)
    files, old = folder / "files", folder / PLAINTEXT_FILES
    if target.exists():
        for suffix in ("-wal", "-shm"):
            Path(str(source) + suffix).unlink(missing_ok=True)
        target.replace(source)
    if sealed_files.exists():
        if files.exists():
            files.replace(old)
        sealed_files.replace(files)
    fsync_dir(folder)
    _remove_tree(old)  # a file another program holds stays: named, and tried again (``sweep_plaintext_files``)


PLAINTEXT_FILES = "files.plaintext"  # the unencrypted stored files, moved aside by the swap and then removed


def _remove_tree(folder: Path) -> None:
    """Remove ``folder`` with what is in it as far as it can be: a file a viewer or an antivirus scan holds, or that
    the disk refuses to delete, is left with the folders above it (logged), and the others go all the same."""
    def failed(_function, path, info) -> None:
        LOG.warning("unencrypted stored file not removed: %s: %s", path, info[1])

    if folder.exists():
        shutil.rmtree(folder, onerror=failed)


def encrypted_and_swapped(data_dir: Path) -> bool:
    """Whether the data of ``data_dir`` is encrypted with its encrypted copies in place: no encryption is before
    its swap (what is left beside it then is the swap's to finish or undo). False when that cannot be read."""
    try:
        journal = _read_journal(data_dir)
        return keyring.state(data_dir) == "encrypted" and (journal is None or bool(journal.get("swapped")))
    except (WorkstationError, OSError):
        return False


def plaintext_files_left(data_dir: Path) -> list[Path]:
    """The folders of unencrypted stored files an encryption could not remove (``files.plaintext`` beside the data,
    or beside a set a restore kept aside: ``_put_copies_in``) that still hold files, once the data is encrypted and
    its encrypted copies are in place (before that, the folder is the swap's to finish or undo)."""
    from workstation.backup_replaced import replaced_sets

    data_dir = Path(data_dir)
    try:
        if not encrypted_and_swapped(data_dir):
            return []
        folders = [data_dir, *replaced_sets(data_dir)]
        return [folder / PLAINTEXT_FILES for folder in folders if (folder / PLAINTEXT_FILES).is_dir()
                and any(p.is_file() for p in (folder / PLAINTEXT_FILES).rglob("*"))]
    except (WorkstationError, OSError, ValueError):
        return []


def plaintext_files_note(folders: list[Path]) -> str:
    """What the officer is told of the folders ``plaintext_files_left`` found: each named with how many unencrypted
    files it holds, and what to do ("" when there is none)."""
    from workstation.i18n import ngettext

    said = []
    for folder in folders:
        try:
            n = sum(1 for p in folder.rglob("*") if p.is_file())
        except OSError:
            n = 0
        if n:
            said.append(ngettext(
                "{folder} still holds {n} unencrypted stored file: it could not be removed when the data was "
                "encrypted (another program may be using it) and holds evidence in the clear. Close the programs that "
                "may be using it (a file viewer, an antivirus scan), then delete the folder {folder} by hand; the "
                "workstation also tries again each time it opens the data.",
                "{folder} still holds {n} unencrypted stored files: they could not be removed when the data was "
                "encrypted (another program may be using them) and hold evidence in the clear. Close the programs "
                "that may be using them (a file viewer, an antivirus scan), then delete the folder {folder} by hand; "
                "the workstation also tries again each time it opens the data.", n).format(folder=folder, n=n))
    return join_sentences(said)


def sweep_plaintext_files(data_dir: Path) -> str:
    """Remove again the unencrypted stored files an encryption could not remove (``plaintext_files_left``); what the
    officer is told of those still there ("" when none is). Never raises: the data opens all the same."""
    try:
        left = plaintext_files_left(data_dir)
        if not left:
            return ""
        for folder in left:
            _remove_tree(folder)
        return plaintext_files_note(plaintext_files_left(data_dir))
    except Exception:  # noqa: BLE001 - cleanup: never stops the data opening
        LOG.warning("unencrypted stored files not looked for", exc_info=True)
        return ""


def _migration_copy(name: str) -> bool:
    """Whether ``name`` (from the journal) is the name of a plaintext copy made before a migration."""
    return Path(name).name == name and Path(name).match(MIGRATION_COPIES)


def _finish_keyed(data_dir: Path, *, spare: Path | None = None) -> dict:
    """The steps that need the unlocked key: write the station's private keys again under the key; when unencrypted
    backups or restores' kept data are there, make an encrypted backup where backups go, then remove them (the
    station is never left without a backup: when the encrypted one cannot be made they are kept, and the officer is
    told); write the encryption and each copy removed into the audit log; then the journal goes. ``spare``: an
    unencrypted backup not to remove (a restore's own, removed by the restore once it is done: "spared").

    Returns {"removed": how many plaintext copies the encryption removed in all (these and those the swap removed,
    noted in the journal, maybe by an earlier run), "backup": the encrypted backup made (None: none), "note": what
    the officer is told of the backups ("" when there were none), "spared": the path of ``spare`` when it is one of
    them, "files_note": what the officer is told of unencrypted stored files the swap could not remove ("" when
    none is left), "backups_left": the unencrypted backups it could not delete, each {"path", "reason"}}. A database
    that cannot take the audit entries now keeps the journal: the next unlock writes them. An unencrypted backup that
    cannot be deleted (a read-only share, a file in use) never stops it: it is named in "note", to be deleted by hand,
    and noted, to be named and tried again at each opening (``backup.note_backups_left``)."""
    from workstation.backup import (
        _entries,
        note_backups_left,
        noted_backup,
        noted_still_here,
        plaintext_backups,
        remove_plaintext_backups,
    )
    from workstation.station import protect_keys

    data_dir = Path(data_dir)
    journal = _read_journal(data_dir) or {}
    swapped = journal.get("removed") if isinstance(journal.get("removed"), int) else 0
    # each as ``noted_backup`` names it: what else a damaged (or tampered) journal holds names no backup
    earlier = _entries(journal.get("backups"))
    protect_keys(data_dir)  # before the backup, which carries the station's keys as they are then
    spared = Path(spare).resolve() if spare is not None else None
    found = [p.resolve() for p in plaintext_backups(data_dir)]
    # named with the mark under which they were found (the backup made may give the folder a new mark)
    named = {entry["path"]: entry for entry in (*earlier, *filter(None, (noted_backup(data_dir, p) for p in found)))}
    unavailable = unavailable_note(data_dir)
    result = {"removed": swapped, "backup": journal.get("backup"), "note": "", "backups_left": [],
              "spared": str(spared) if spared in found else None, "files_note": sweep_plaintext_files(data_dir)}
    if (found or journal.get("backup_pending")) and not result["backup"]:
        # named before the backup is made (and made again by a run finishing this one cut off meanwhile): making it
        # may give the data folder a new mark, after which these would no longer be taken for this data's
        earlier = [named[path] for path in sorted({*(str(p) for p in found if p != spared), *(
            entry["path"] for entry in earlier)}) if path in named]
        journal = {**journal, "backups": earlier, "backup_pending": True}
        _write_journal(data_dir, journal)
        try:
            result["backup"] = _encrypted_backup(data_dir, spared)
        except WorkstationError as exc:  # the unencrypted ones are this station's only backups now: they stay
            LOG.warning("no encrypted backup made after encrypting: %s", exc.message)
            result["note"] = _("No encrypted backup could be made ({reason}), so the unencrypted backups were kept: "
                               "without them this station would have no backup. Make a backup now (File → "
                               "Backups…, or `backup create`), then delete the unencrypted ones: {paths}.").format(
                reason=exc.message.rstrip("。."), paths="、".join([*map(str, found), *(
                    entry["path"] for entry in noted_still_here(data_dir, earlier)
                    if Path(entry["path"]) not in found)]))
            result["note"] = join_sentences([result["note"], unavailable])
            if _audit_encryption(data_dir, journal, []):
                journal_path(data_dir).unlink(missing_ok=True)
            return result
        journal = {**journal, "backup": result["backup"]}
        _write_journal(data_dir, journal)  # a run cut off from here on does not make another
    gone: list[str] = []
    refused: list[tuple[str, str]] = []

    def note(paths: list[str]) -> None:  # before the first goes: a run cut off while removing them counts them too
        _write_journal(data_dir, {**journal, "backups": [named[path] for path in paths if path in named]})

    # the copies found before the encrypted backup was made: those its rotation removed are counted and audited too
    result["removed"] += remove_plaintext_backups(data_dir, earlier=earlier, before=note, after=gone.extend,
                                                  spare=spared, found=found, left=refused.extend)
    result["backups_left"] = [{"path": path, "reason": reason} for path, reason in refused]
    note_backups_left(data_dir, [named.get(path, path) for path, _reason in refused])
    replaced = gone or result["spared"] or refused  # else there were none to replace: nothing to say of them
    result["note"] = join_sentences([backups_removed_note(result["backup"] if replaced else None,
                                                          result["backups_left"]), unavailable])
    if _audit_encryption(data_dir, journal, gone):
        journal_path(data_dir).unlink(missing_ok=True)
    return result


def backups_removed_note(backup: str | None, left: list[dict]) -> str:
    """What the officer is told of this data's unencrypted backups once the encrypted backup ``backup`` took their
    place (None: none to name): they were removed — or, when some could not be deleted (``left``, each {"path",
    "reason"}), the encrypted backup made, and each of those named, to be deleted by hand."""
    lead = "" if not backup else _("An encrypted backup of the data was made: {path}.").format(path=backup) if left \
        else _("The unencrypted backups were removed; an encrypted backup takes their place: {path}.").format(
            path=backup)
    return join_sentences([lead, *(_(
        "The unencrypted backup {path} could not be deleted ({reason}): it still holds the data unencrypted. Delete "
        "it by hand (close the program using it first, or ask whoever manages that folder).").format(
        path=item["path"], reason=item["reason"].rstrip("。.")) for item in left)])


def unavailable_note(data_dir: Path) -> str:
    """What the officer is told of the backup folders used earlier that are not there now (a USB stick not plugged
    in): unencrypted backups there were not removed ("" when every folder is there)."""
    from workstation.backup import unavailable_places

    places = unavailable_places(data_dir)
    if not places:
        return ""
    return _("Backups were also made in {folders}, which is not available now, so unencrypted backups there were "
             "not removed: plug in the drive and delete the unencrypted backups in it.").format(
        folders="、".join(str(p) for p in places))


def _encrypted_backup(data_dir: Path, spare: Path | None) -> str:
    """Make a backup of the data just encrypted where backups go (``spare`` is not rotated away); its path."""
    from workstation.backup import create_backup
    from workstation.db.connection import connect

    db = connect(database_path(data_dir))
    try:
        return create_backup(db, data_dir, spare=spare)["path"]
    finally:
        db.conn.close()


def _audit_encryption(data_dir: Path, journal: dict, removed: list[str]) -> bool:
    """Write the encryption (naming the officer whose passphrase it was made with) and each unencrypted copy it
    removed into the audit log of the data now encrypted, once each: a run that finishes one cut off writes only
    those missing. False when the database cannot take them now (logged; the journal keeps them for the next
    unlock)."""
    run = str(journal.get("id") or "")
    return events.record_in(data_dir, [
        (events.DATA_ENCRYPTED, str(journal.get("officer") or ""),
         {"encryption": run, "migration_copies_removed": journal.get("removed", 0)}),
        *((events.PLAINTEXT_COPY_REMOVED, Path(path).name, {"encryption": run, "path": path}) for path in removed)],
        "the encryption")


def _finish_interrupted(data_dir: Path) -> dict:
    """``_finish_keyed`` for a swap an interrupted run finished (the key is unlocked), taking turns with another
    program doing the same (RECOVERY_LOCK); nothing removed when that one finished it meanwhile. Refused while the
    encryption still runs in its own program, which finishes it itself."""
    from workstation.shared_file import exclusive

    with exclusive(data_dir / RECOVERY_LOCK, journal_path(data_dir)):
        journal = _read_journal(data_dir)
        if journal is None:
            return {"removed": 0, "backup": None, "note": ""}
        pid = _runs_elsewhere(journal)
        if pid is not None:
            raise _encryption_running(data_dir, pid)
        return _finish_keyed(data_dir)


def recover_interrupted_encryption(data_dir: Path) -> str:
    """After a crash while ``encrypt_data_dir`` swapped the encrypted copies in (see ENCRYPT_JOURNAL): finish the
    swap when the new keyring was written, else undo it (the plaintext originals are untouched). Returns what was
    done, for the officer, or "" when nothing was interrupted. Refused (EncryptionRunning) while another program
    encrypts the data, until its copies have replaced the originals; after that, the steps it has left are its
    own. The steps that need the key wait until the data is unlocked (``unlock`` does them). Two programs starting at
    once take turns (RECOVERY_LOCK), the second reading the journal again once the first is done: interleaved, the
    renames of one could move the other's encrypted files into the folder of plaintext ones that is then removed."""
    from workstation.shared_file import exclusive

    data_dir = Path(data_dir)
    refuse_while_encrypting(data_dir)
    if not journal_path(data_dir).exists():
        return remove_abandoned_copies(data_dir)
    with exclusive(data_dir / RECOVERY_LOCK, journal_path(data_dir)):
        return _recover(data_dir)


RECOVERY_LOCK = "encrypt.lock"


def _recover(data_dir: Path) -> str:
    """``recover_interrupted_encryption`` with its lock held."""
    journal = _read_journal(data_dir)
    if journal is None:
        return ""  # finished by another program meanwhile
    if _runs_elsewhere(journal) is not None:
        return ""  # still encrypting in that program, which finishes it
    if journal.get("swapped"):
        if session.key_for(data_dir) is not None:
            _finish_told(data_dir)
        return ""  # said when the swap was finished
    try:
        if keyring.state(data_dir) != "encrypted":
            _roll_back(data_dir, journal.get("previous_keyring"))
            return _("Encrypting the data in {path} was interrupted before the encrypted copies replaced the "
                     "originals: the data was left unencrypted, as it was. Encrypt it again.").format(path=data_dir)
        _swap_in(data_dir)
    except OSError as exc:
        raise WorkstationError(_("Encrypting the data in {path} was interrupted and cannot be completed: {reason}. "
                                 "Copy the data directory somewhere safe and ask for technical help.").format(
            path=data_dir, reason=os_reason(exc))) from None
    if session.key_for(data_dir) is not None:
        _finish_told(data_dir)
    return _("Encrypting the data in {path} was interrupted; it was completed now: the database and the stored "
             "files are encrypted.").format(path=data_dir)


def _finish_told(data_dir: Path) -> None:
    """``_finish_keyed`` for an encryption cut off, when the data is unlocked: what it did and what is left (the
    unencrypted backups it could not delete, and those not taken for this data's: ``plaintext_left_note``) is said
    once with what the opening found (``_tell``). A step that fails (a full or read-only disk, or any other error)
    never stops the data opening: the journal stays, and the next opening tries again."""
    from workstation.backup import plaintext_left_note

    try:
        finished = _finish_keyed(data_dir)
        _tell(join_sentences([finished["note"], plaintext_left_note(
            data_dir, exclude=[item["path"] for item in finished["backups_left"]])]))
        _tell(finished["files_note"])
    except Exception as exc:  # noqa: BLE001 - cleanup: never stops the data opening
        LOG.warning("the encryption of %s not finished now", data_dir, exc_info=True)
        reason = exc.message if isinstance(exc, WorkstationError) else os_reason(exc) if isinstance(
            exc, OSError) else type(exc).__name__
        _tell(_("The encryption of the data in {path} could not be finished now ({reason}): the data is encrypted "
                "and opens as usual, but unencrypted backups may still be there. It is tried again the next time the "
                "data is opened.").format(path=data_dir, reason=reason.rstrip("。.")))


def _seal_files(files: Path, sealed: Path, key: bytes, progress) -> int:
    """Write the encrypted copies of the stored files of ``files`` into ``sealed``; their number. A copy that cannot
    be written or a file that cannot be read (a full or read-only disk) is refused as such (``_sealing_refused``),
    the caller removing the copies made."""
    try:
        return _seal_files_into(files, sealed, key, progress)
    except OSError as exc:
        raise _sealing_refused(files, sealed, exc) from exc


def _sealing_refused(files: Path, sealed: Path, exc: OSError) -> WorkstationError:
    """The officer's explanation of ``exc``, raised while the stored files of ``files`` were encrypted into
    ``sealed``: the disk holding them full, or why they cannot be written (or read) and what to do — naming the
    copy or folder whose writing failed (the error's file when it names one, else ``sealed``)."""
    from workstation.errors import disk_full, with_advice

    LOG.warning("the stored files of %s not encrypted", files, exc_info=exc)
    if disk_full(exc):
        return WorkstationError(_("The disk holding {path} is full: free some space and try again.").format(
            path=files))
    failed = Path(exc.filename) if isinstance(getattr(exc, "filename", None), str) else None
    if failed is not None and failed.is_relative_to(files):  # a stored file that cannot be read
        return WorkstationError(_("{file} cannot be read ({reason}): close it in other programs, check that you may "
                                  "open it, and try again.").format(file=failed, reason=os_reason(exc)))
    return WorkstationError(with_advice(_("{file} cannot be written: {reason}").format(
        file=failed or sealed, reason=os_reason(exc)), exc, files.parent))


def _seal_files_into(files: Path, sealed: Path, key: bytes, progress) -> int:
    import contextlib
    import hashlib

    from workstation.filestore import seal_steps

    sealed.mkdir(parents=True, exist_ok=True)
    paths = [p for p in files.rglob("*") if p.is_file() and not p.name.endswith(".part")] if files.exists() else []
    for done, path in enumerate(paths, start=1):
        digest, hasher = path.name, hashlib.sha256()
        # sealed in steps as it is read, hashed meanwhile (a recording of hundreds of MB is never held in memory),
        # under its name as the seal's associated data: the copy is thrown away when that was not its sha256
        target = sealed / path.parent.name / digest
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "rb") as source, open(target, "wb") as fh:
            for chunk in seal_steps(key, _hashed_steps(source, hasher), digest):
                fh.write(chunk)
        if hasher.hexdigest() != digest:  # not a stored file (a staging leftover): not carried over
            target.unlink()
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # nor the folder made for it, when nothing else is in it
        if progress is not None and (done % 50 == 0 or done == len(paths)):  # and the last: the step said ended
            progress(done, len(paths), _("Encrypting the stored files"))
    if paths and hasattr(os, "sync"):
        os.sync()
    return len(paths)


def _hashed_steps(source, hasher) -> Iterator[bytes]:
    from workstation.filestore import READ_STEP

    while chunk := source.read(READ_STEP):
        hasher.update(chunk)
        yield chunk


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
    before = idle_lock_minutes(db)
    with db.atomic():
        set_setting(db, IDLE_LOCK_SETTING, str(minutes))
        if before != minutes:
            events.record(db, events.IDLE_LOCK_SET, str(minutes), {"before": before, "minutes": minutes})
    return minutes


def act_as(officer: str) -> None:
    """Record the changes made from now on in this process under ``officer`` (who unlocked the data)."""
    if officer:
        os.environ["WORKSTATION_ACTOR"] = officer


def switch_officer(db, officer: str, before: str) -> None:
    """``officer`` unlocked the idle lock in place of ``before``: they act from now on, and the audit log says so
    (under their name)."""
    act_as(officer)
    if db is not None:
        events.record(db, events.OFFICER_SWITCHED, officer, {"before": before}, actor=officer)


# The passphrases follow the officers' register: only an officer on duty is given one, and an officer who leaves
# (deactivated) has theirs withdrawn or suspended until they are taken back on duty.
def give_passphrase(db, data_dir: Path, officer: str, passphrase: str) -> str:
    """Give ``officer`` — an officer on duty of the officers' register, by name or certificate number — a passphrase
    of their own (the data stays as it is); returns their name. A ValidationError under "officer" for a name the
    register does not hold on duty, or who already has one."""
    from workstation.store import officer_named

    named = officer_named(db, officer)
    name = named.name
    # recorded with their officer id: a namesake on duty (another 王芳) is then told apart from them
    keyring.add_officer(data_dir, session.require_key(data_dir), name, passphrase,
                        change=keyring.note_change(events.PASSPHRASE_GIVEN, name), holder=named.id)
    _audit_changes(db, data_dir)
    return name


def withdraw_passphrase(data_dir: Path, officer: str, db=None) -> str:
    """Withdraw ``officer``'s passphrase — an officer's name, or the workstation's passphrase by the name it is shown
    (``keyring.entry_named``) — so that it no longer opens the data (audited in ``db``'s log when given, else at the
    next opening); returns the keyring entry withdrawn. A ValidationError under "officer" naming those who have one
    when ``officer`` has none here; refused when it is the last one that opens the data."""
    from workstation.errors import ValidationError

    entry = keyring.entry_named(data_dir, officer)
    if entry is None:
        raise ValidationError({"officer": _("{name} has no passphrase here: give the name of an officer who has one "
                                            "({names}).").format(name=officer, names=keyring.shown_names(data_dir))})
    keyring.remove_officer(data_dir, entry, change=keyring.note_change(events.PASSPHRASE_WITHDRAWN, entry))
    _audit_changes(db, data_dir)
    return entry


def change_passphrase(db, data_dir: Path, officer: str, old: str, new: str) -> None:
    """``keyring.change_passphrase``, audited in ``db``'s log when given (else at the next opening)."""
    keyring.change_passphrase(data_dir, officer, old, new,
                              change=keyring.note_change(events.PASSPHRASE_CHANGED, officer))
    _audit_changes(db, data_dir)


def _audit_changes(db, data_dir: Path) -> None:
    """Write the change of the keyring just made (noted in it with the change) into ``db``'s audit log; a database
    that cannot take it now leaves the note for the next opening (``events.audit_failed_logins``)."""
    if db is not None:
        events.audit_failed_logins(db, data_dir)


#: the security events of a passphrase suspended (its officer left) and of one opening the data again (they are back
#: on duty), labelled in ``audit.ACTION_LABELS``
PASSPHRASE_SUSPENDED = "passphrase_suspended"
PASSPHRASE_RESTORED = "passphrase_restored"
#: the event of a passphrase left working when its name's officer left, said to be a namesake's on duty
PASSPHRASE_LEFT_WORKING = "passphrase_left_working"


def _recorded_holder(db, data_dir: Path, name: str) -> str | None:
    """The officer id recorded with the passphrase of ``name`` (``keyring.HOLDER``) when the register holds that
    officer; None when it records none (an entry of an earlier version) or one the register does not know."""
    holder = keyring.holder_id(data_dir, name)
    if holder and db.execute("SELECT 1 FROM officers WHERE id = ?", [holder]).fetchone() is not None:
        return holder
    return None


def passphrase_follows(db, data_dir: Path, officer) -> bool:
    """Whether the keyring entry of ``officer``'s name is theirs to change: the data is encrypted, the name has a
    passphrase, and it was given to them (its recorded holder, ``keyring.HOLDER``) — or, recorded by name only, no
    other officer of that name is on duty (whose it is cannot be told then: ``unclear_holder_namesakes``)."""
    if keyring.state(data_dir) != "encrypted" or officer.name not in keyring.officers(data_dir):
        return False
    holder = _recorded_holder(db, data_dir, officer.name)
    if holder is not None:
        return holder == officer.id
    return not _namesakes_on_duty(db, officer)


def _namesakes_on_duty(db, officer) -> list:
    from workstation.records import Officer
    from workstation.store.base import fetch_dicts, from_row

    rows = fetch_dicts(db, "SELECT * FROM officers WHERE name = ? AND active = 1 AND id != ? ORDER BY id",
                       [officer.name, officer.id])
    return [from_row(Officer, row, active=bool(row["active"])) for row in rows]


def unclear_holder_namesakes(db, data_dir: Path, officer) -> list:
    """The other officers on duty named as ``officer`` when the passphrase of that name is recorded by name only (no
    holder the register knows): whether it is ``officer``'s or one of theirs cannot be told, so deactivating
    ``officer`` asks what becomes of it (``set_on_duty``'s ``shared``). Empty when there is no such passphrase, or
    its holder is recorded."""
    if keyring.state(data_dir) != "encrypted" or officer.name not in keyring.officers(data_dir) or \
            _recorded_holder(db, data_dir, officer.name) is not None:
        return []
    return _namesakes_on_duty(db, officer)


def set_on_duty(db, data_dir: Path, officer_id: str, active: bool, *, withdraw: bool = True,
                shared: bool = False, namesakes_hold: bool = False) -> tuple:
    """Deactivate an officer who left (or take one back) in the officers' register, and make their passphrase follow:
    when they leave it is withdrawn (``withdraw``) or suspended, opening nothing until they are back on duty, when a
    suspended one opens the data again. A passphrase of their name that cannot be told from a namesake's on duty
    (``unclear_holder_namesakes``) follows them only when the officer deactivating them said so (``shared``);
    said to be a namesake's (``namesakes_hold``), it is recorded as the namesake's when there is one, the choice
    audited either way. A suspended passphrase is recorded as the officer's who left (``keyring.HOLDER``): a namesake
    taken back on duty later does not restore it. Returns (the officer, what happened to the passphrase:
    "withdrawn", "suspended", "restored" or ""). Each is in the audit log. Deactivating the officer whose passphrase
    is the last that opens the data is refused before anything changes."""
    from workstation.store import get_officer, set_officer_active

    officer = get_officer(db, officer_id)
    namesakes = unclear_holder_namesakes(db, data_dir, officer) if not active and officer.active else []
    unclear = shared and bool(namesakes)
    follows = officer.active != active and (unclear or passphrase_follows(db, data_dir, officer))
    if follows and not active and not [n for n in keyring.officers(data_dir, on_duty=True) if n != officer.name]:
        raise WorkstationError(_("{name} holds the last passphrase that opens the data: give another officer on duty "
                                 "a passphrase of their own (File → Passphrases and security) before deactivating "
                                 "them.").format(name=officer.name))
    changed = set_officer_active(db, officer_id, active)
    if not follows:
        if namesakes_hold and namesakes:  # said to be a namesake's: settled when there is one, audited either way
            keyring.set_holder(data_dir, officer.name, namesakes[0].id if len(namesakes) == 1 else None,
                               change=keyring.note_change(PASSPHRASE_LEFT_WORKING, officer.name, {
                                   "left": officer.id,
                                   "namesakes_on_duty": [o.id for o in namesakes]}))
            _audit_changes(db, data_dir)
        return changed, ""
    if active:
        restored = keyring.set_off_duty(data_dir, officer.name, False, change=keyring.note_change(
            PASSPHRASE_RESTORED, officer.name, {"officer_id": officer.id}))
        _audit_changes(db, data_dir)
        return changed, "restored" if restored else ""
    if withdraw:
        keyring.remove_officer(data_dir, officer.name, change=keyring.note_change(
            events.PASSPHRASE_WITHDRAWN, officer.name, {"left": True, "officer_id": officer.id}))
        _audit_changes(db, data_dir)
        return changed, "withdrawn"
    keyring.set_off_duty(data_dir, officer.name, True, change=keyring.note_change(
        PASSPHRASE_SUSPENDED, officer.name, {"left": True, "officer_id": officer.id}), holder=officer.id)
    _audit_changes(db, data_dir)
    return changed, "suspended"


def follow_rename(db, data_dir: Path | None, officer, new_name: str) -> dict | None:
    """Rename the passphrase of ``officer`` (as the register holds them before the change) after the name the
    register gives them now, ``new_name``, when it is theirs (``passphrase_follows``); the note of the change for the
    audit log (keep it for ``undo_rename``), None when nothing changed. The caller makes it the last step of the
    transaction that renames the officer, so that a keyring that cannot take it leaves the register as it was; a
    ValidationError under "name" when ``new_name`` has a passphrase here already."""
    new_name = (new_name or "").strip()
    if data_dir is None or not officer.name or new_name == officer.name or \
            not passphrase_follows(db, data_dir, officer):
        return None
    if db.execute("SELECT 1 FROM officers WHERE name = ? AND id != ? AND active", [new_name, officer.id]).fetchone():
        # the passphrase would then follow that officer too: one of them leaving would not withdraw it
        raise ValidationError({"name": _("{name} is the name of another officer on duty, and {old} holds a "
                                         "passphrase here, which goes by the name: give {old} a name of their own "
                                         "(with a distinguishing mark if need be).").format(name=new_name,
                                                                                            old=officer.name)})
    change = keyring.note_change(events.PASSPHRASE_CHANGED, new_name, {"renamed_from": officer.name})
    if not keyring.rename_officer(data_dir, officer.name, new_name, change=change):
        return None
    if os.environ.get("WORKSTATION_ACTOR") == officer.name:
        act_as(new_name)  # the officer acting was renamed: their changes go on under their name
    _follow_opener(data_dir, officer.name, new_name)
    return change


def undo_rename(data_dir: Path, old_name: str, new_name: str, change: dict) -> None:
    """Take back ``follow_rename`` (its note ``change`` with it): the register could not take the new name after
    all (its transaction failed after the keyring was written), so the keyring keeps the name the register has."""
    keyring.rename_officer(data_dir, new_name, old_name)
    keyring.forget_changes(data_dir, [change["id"]])
    if os.environ.get("WORKSTATION_ACTOR") == new_name:
        act_as(old_name)
    _follow_opener(data_dir, new_name, old_name)


def _follow_opener(data_dir: Path, before: str, after: str) -> None:
    """The passphrase that opened ``data_dir`` (``opened_by``) renamed from ``before`` to ``after`` (its officer
    renamed, the workstation's taken over): its owner is named so from now on."""
    if opened_by(data_dir) == before:
        _OPENED_BY[_key(data_dir)] = after


def audit_rename(db, data_dir: Path) -> None:
    """Write the note of a passphrase renamed with its officer (``follow_rename``) into ``db``'s audit log, once the
    register's change is saved."""
    _audit_changes(db, data_dir)


def follow_register(db, data_dir: Path) -> list[str]:
    """Suspend the passphrases of officers the register holds only as having left (deactivated before passphrases
    followed the register, or by another program); the last one that opens the data is left as it is. A name the
    register does not hold at all is left too: it may be an officer renamed by an earlier version, or a computer
    account's entry of an earlier version — possibly the officer at the keyboard, whom this runs before the lock
    asks. Returns the names suspended."""
    if keyring.state(data_dir) != "encrypted":
        return []
    suspended = []
    for name in keyring.officers(data_dir, on_duty=True):
        holder = _recorded_holder(db, data_dir, name)
        # the holder recorded with it, else every officer of that name (one of them may hold it)
        rows = db.execute("SELECT id, active FROM officers WHERE id = ?", [holder]).fetchall() if holder else \
            db.execute("SELECT id, active FROM officers WHERE name = ?", [name]).fetchall()
        if rows and not any(r[1] for r in rows):
            # recorded as the one officer of that name who left: a namesake taken back later does not restore it
            holder = holder or (rows[0][0] if len(rows) == 1 else None)
            try:
                if keyring.set_off_duty(data_dir, name, True, change=keyring.note_change(
                        PASSPHRASE_SUSPENDED, name, {"left": True, **({"officer_id": holder} if holder else {})}),
                                        holder=holder):
                    suspended.append(name)
            except WorkstationError:
                continue  # the last passphrase that opens the data
    if suspended:
        _audit_changes(db, data_dir)
    return suspended


def data_dir_of(db) -> Path | None:
    """The data directory of the open database ``db`` (None for one in memory)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else None
