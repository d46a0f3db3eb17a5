"""Opening the database: checks that the file is ours, sets WAL, foreign keys and a busy timeout, backs the
file up before migrating, applies pending migrations and refuses a database written by a newer version."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from workstation import records
from workstation.data_folder import on_read_only_disk, read_only_disk_message
from workstation.db import driver, schema
from workstation.db.schema import MIGRATION_SET
from workstation.errors import DatabaseError, DiskFull, WorkstationError, join_sentences, os_reason
from workstation.i18n import _
from workstation.paths import backups_dir

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT_MS = 5000
NEARLY_FULL = 16 * 1024 * 1024  # bytes free below which a disk that refused a write is taken as full


class Database:
    """The workstation's connection to its SQLite file.

    ``execute`` and ``conn`` go straight to sqlite3, so the window can open and list cases without loading
    sqlite-utils; transactions (``atomic``), migrations and every other ``sqlite_utils.Database`` method come
    from sqlite-utils' Database over the same connection, created on first use."""

    read_only = False  # opened read only (``open_database``): a read-only disk, or the officer chose to
    read_only_reason = ""  # the refusal of a change when the officer chose it (empty on a read-only disk)
    # the database file this connection opened and its (device, inode) then (``connect``): a file put in its place
    # since (a restore by another program) refuses every change (``refuse_replaced``)
    _opened: tuple[str, tuple[int, int] | None] | None = None

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils = None
        self._begun_at = 0  # SQLite's ``total_changes`` when the transaction now open (or the last one) began
        self._discarded = 0  # the changes of this connection's transactions and savepoints that were rolled back
        self._undone = 0  # of those, the changes of savepoints rolled back inside the transaction now open

    def saved_changes(self) -> int:
        """How many changes of rows this connection has saved: SQLite's ``total_changes`` less those of the
        transactions and savepoints rolled back and of the transaction still open (``atomic``, ``immediate`` and
        ``reading`` keep count, from before their BEGIN, and a savepoint's undone changes once however nested). What
        tells whether a command that was interrupted had saved some of its work already."""
        if self.conn.in_transaction:
            return self._begun_at - (self._discarded - self._undone)
        return self.conn.total_changes - self._discarded

    def _began(self) -> None:
        self._begun_at, self._undone = self.conn.total_changes, 0

    def watch_file(self, path: str | os.PathLike) -> None:
        """Remember the database file at ``path`` as this connection opened it (``replaced``)."""
        path = os.path.abspath(path)
        self._opened = (path, file_identity(Path(path)))

    def replaced(self) -> bool:
        """Whether another file was put in place of the database file since this connection opened it (a backup
        restored, the data put back, by another program): this connection still reads and writes the file
        replaced, which is no longer the data."""
        if self._opened is None:
            return False
        path, identity = self._opened
        now = file_identity(Path(path))
        if identity is None:  # no file yet when opened: the one made by this connection's first write
            self._opened = (path, now)
            return False
        # gone counts too: moved aside by a restore whose copy is not in its place yet, a write would go into it
        return now != identity

    def refuse_replaced(self) -> None:
        """Refuse a change (DatabaseReplaced, nothing written) once the database file was replaced (``replaced``):
        it would go into the file kept aside, and be lost."""
        if self.replaced():
            raise DatabaseReplaced(replaced_message(Path(self._opened[0])))

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    @property
    def utils(self):
        """The ``sqlite_utils.Database`` over this connection."""
        if self._utils is None:
            from sqlite_utils import Database as UtilsDatabase

            self._utils = UtilsDatabase(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._utils

    @contextmanager
    def atomic(self):
        """A transaction (a savepoint when nested: sqlite-utils' ``atomic``) that rolls back on any error, its
        COMMIT failing too. The outermost one takes the write lock at its start (BEGIN IMMEDIATE, ``_begin``): in
        WAL mode SQLite does not wait for the lock when a transaction that has read turns into a write while another
        program writes — it is refused at once, whatever the busy timeout — whereas BEGIN IMMEDIATE waits for it up
        to the busy timeout. A failure of the database file itself (disk full, read-only, locked) comes out as the
        DatabaseError that explains it (``known_failure``), so every change refused that way is told to the officer
        like any other refusal."""
        with explained(self):
            if self.conn.in_transaction:
                before, undone_before = self.conn.total_changes, self._undone
                try:
                    with self.utils.atomic():
                        yield self
                except BaseException:
                    if self.conn.in_transaction:  # the savepoint's changes undone (a dry run's): not saved
                        # less those of savepoints inside it rolled back and counted already
                        undone = self.conn.total_changes - before - (self._undone - undone_before)
                        self._discarded += undone
                        self._undone += undone
                    raise
                return
            if not self.read_only:
                self.refuse_replaced()
            self._began()  # counted from here: an interrupt while BEGIN waits is rolled back below as nothing saved
            try:
                self._begin()
                yield self
            except BaseException:
                self._rollback()  # a no-op when the error already ended the transaction
                raise
            else:
                try:
                    self.conn.execute("COMMIT")
                except KeyboardInterrupt:
                    if self.conn.in_transaction:  # before the COMMIT: nothing of the transaction is saved
                        self._rollback()
                        raise
                    # as ``immediate``: arriving as the COMMIT returned, Ctrl+C came too late to stop it; the work
                    # is saved and the command goes on to say what it saved
                except BaseException:
                    self._rollback()
                    raise

    @contextmanager
    def reading(self):
        """A read transaction (deferred BEGIN) for figures that must agree with each other and are never written:
        unlike ``atomic`` it does not take the write lock, so another program's saves are not kept waiting while a
        long report is rendered inside it. Nested in a transaction it is that transaction."""
        if self.conn.in_transaction:
            yield self
            return
        with explained(self):
            self._began()  # before BEGIN: an interrupt while it waits must not leave the count of an earlier one
            try:
                self.conn.execute("BEGIN")  # an interrupt as it returns: rolled back below, not left open
                before = self.conn.total_changes
                yield self
            except BaseException:
                self._rollback()
                raise
            if self.conn.total_changes != before and self.conn.in_transaction:
                self.conn.execute("COMMIT")  # a write made inside it after all is kept, never dropped unsaid
            else:
                self._rollback()  # it wrote nothing: ending it is all

    _deferred = False  # this connection cannot take the write lock (read only): its transactions begin deferred

    def _begin(self) -> None:
        """Begin the outermost transaction of ``atomic``: BEGIN IMMEDIATE, which waits for another program's write
        lock up to the busy timeout. A connection that cannot write (opened read only, ``PRAGMA query_only``) begins
        a deferred transaction instead, so that it can still read in one; a refusal of BEGIN IMMEDIATE as read-only
        makes every later transaction of the connection deferred."""
        if not (self._deferred or self.read_only):
            try:
                self._began()  # before BEGIN (which changes no row): an interrupt while it waits for the lock
                self.conn.execute("BEGIN IMMEDIATE")  # must not leave the count of an earlier transaction
                return
            except driver.OperationalError as exc:
                text = str(exc).lower()
                if self.conn.in_transaction or not ("readonly" in text or "read-only" in text):
                    raise
                self._deferred = True
        self._began()
        self.conn.execute("BEGIN")

    def _rollback(self) -> None:
        """End the transaction of ``_begin`` unsaved (also when an error ended it already: its changes are counted
        as not saved all the same, ``saved_changes``)."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self._discarded += self.conn.total_changes - self._begun_at - self._undone  # its savepoints' counted already
        self._began()  # counted once

    def file(self) -> Path | None:
        """The database file (None in memory)."""
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return Path(row[2]) if row and row[2] else None

    def __getattr__(self, name: str):
        return getattr(self.utils, name)

    def __getitem__(self, name: str):
        return self.utils[name]


@contextmanager
def explained(db: Database):
    """Raise a failure of the database file itself inside a transaction (disk full, read-only, locked, damaged) as
    the DatabaseError explaining it; the transaction was rolled back. Any other error passes unchanged."""
    try:
        yield
    except driver.Error as exc:
        if isinstance(exc, driver.IntegrityError):
            raise  # a rule of the schema refused the change: the caller's to explain
        try:
            path = db.file()
        except driver.Error:
            path = None
        known = known_failure(exc, path or Path("workstation.db"), rolled_back=True)
        text = str(exc).lower()
        if db.read_only_reason and ("readonly" in text or "read-only" in text):
            known = DatabaseError(db.read_only_reason)
        if known is None:
            raise
        raise known from exc


@contextmanager
def immediate(db: Database):
    """A write transaction that takes the database's write lock at once (BEGIN IMMEDIATE), so that two
    processes allocating from the same counter are served one after the other instead of both reading the
    same value; nested inside another transaction it is a savepoint of that one. Rolled back when its COMMIT
    fails too (a full disk can refuse the commit itself). Its COMMIT is on the disk when it returns (synchronous
    FULL; the connection's NORMAL leaves the last commits of the -wal to a power cut): a 文号 taken here is printed
    right after, and a power cut must not give the same number again.

    Ctrl+C (KeyboardInterrupt) arriving as the COMMIT returns, once the transaction is over, came too late to stop
    it: the work is saved, and the transaction ends as saved (the command goes on to say what it saved) rather than
    raising an interrupt that would be told as nothing changed."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.refuse_replaced()
    with explained(db):
        level = db.conn.execute("PRAGMA synchronous").fetchone()[0]
        db.conn.execute("PRAGMA synchronous = FULL")
        committing = False
        try:
            db._began()  # before BEGIN, as ``Database._begin``
            try:
                # inside: an interrupt while it waits for the lock is rolled back as nothing saved, not left open
                # (the synchronous setting is put back only outside a transaction)
                db.conn.execute("BEGIN IMMEDIATE")
                yield db
                committing = True
                db.conn.execute("COMMIT")
            except KeyboardInterrupt:
                if db.conn.in_transaction:
                    db._rollback()
                    raise
                if not committing:  # the body ended the transaction itself, then was interrupted
                    raise
                # committed: saved, the interrupt too late to undo it
            except BaseException:
                db._rollback()
                raise
        finally:
            try:
                db.conn.execute(f"PRAGMA synchronous = {int(level)}")
            except KeyboardInterrupt:
                if not committing or db.conn.in_transaction:
                    raise
                db.conn.execute(f"PRAGMA synchronous = {int(level)}")  # saved: the setting put back all the same


class DatabaseReplaced(DatabaseError):
    """The database file was replaced by another program since this connection opened it (``Database.replaced``)."""


def replaced_message(path: Path) -> str:
    """The refusal of a change once the database file at ``path`` was replaced since this program opened it."""
    return _("Not saved: the database {path} was replaced by another program (a backup restored) after this program "
             "opened it, so what is saved here would be lost. What you typed is still shown: copy it if you need it, "
             "then close the workstation and start it again to work on the data as it is now.").format(path=path)


def replaced_notice(data_dir: Path) -> str:
    """What a window tells once it sees that the database of ``data_dir`` was replaced since it opened it."""
    return _("The data in {path} was replaced by another program (a backup restored) after this window opened it. "
             "Nothing can be saved in this window any more, for it would be lost: copy what you are typing if you "
             "need it, then close the workstation and start it again.").format(path=data_dir)


def change_mark(db: Database) -> tuple[int, int]:
    """What changes whenever the database does: SQLite's ``data_version`` (a commit by another connection: the
    command line, a worker's) and the changes made on ``db``'s own connection — for a view to tell whether what it
    listed may be stale without reading it again."""
    return db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes


def schema_names() -> list[str]:
    """Names of the migrations this version knows, in order."""
    return [name for name, _fn in schema.MIGRATIONS]


def busy_timeout_ms() -> int:
    """How long to wait for another program's lock (``WORKSTATION_BUSY_TIMEOUT_MS`` overrides)."""
    try:
        return int(os.environ.get("WORKSTATION_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


@contextmanager
def not_waiting(db: Database):
    """``db`` refused at once, not after the busy timeout, what another program's lock holds up while the block
    runs (its busy timeout 0, put back after): a write made at best (an audit entry that waits for a later opening)
    that a command only reading must not wait for."""
    kept = db.conn.execute("PRAGMA busy_timeout").fetchone()[0]
    db.conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield db
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {int(kept)}")


def _check_file(path: Path) -> None:
    if path.exists() and not path.is_file():
        raise DatabaseError(_("{path} is a folder, not a database file: choose another data directory.")
                            .format(path=path))
    if path.is_file() and path.stat().st_size > 0 and not _encrypted(path):
        if database_header(path) != SQLITE_HEADER:
            if _keyring_lost(path):
                raise DatabaseError(keyring_lost_message(path))
            raise DatabaseError(
                _("{path} is not a workstation database (not an SQLite file): move it away or choose "
                  "another data directory.").format(path=path))


def database_header(path: Path) -> bytes:
    """The first 16 bytes of the database file at ``path`` (OSError when it cannot be read). A file this process has
    a plaintext connection open on is not opened again (``driver.holds_open``: closing that descriptor would drop
    the connection's locks, and another program would delete the write-ahead log under it): it is read through a
    descriptor kept open meanwhile (``driver.read_header``)."""
    return driver.read_header(path)


def keyring_lost_message(path: Path) -> str:
    """What the officer is told of the database file at ``path`` whose keyring is lost (``keyring_lost``): that it is
    encrypted, and the way back to it."""
    return _("{path} cannot be opened: it looks encrypted, and keyring.json, which holds its key sealed under the "
             "officers' passphrases, is missing from {folder}. Leave the database where it is (moving or deleting it "
             "loses the data): put keyring.json back from a copy of this data directory if there is one; else put "
             "back the keyring a backup of this data carries (`backup restore ID --keyring-only`, with the passphrase "
             "an officer had when the backup was made; the window offers it at the start), which keeps the work done "
             "since that backup.").format(path=path, folder=Path(path).parent)


def keyring_lost(path: Path) -> bool:
    """Whether the database file at ``path`` is encrypted data whose keyring is lost: no plain SQLite file, and
    ``_keyring_lost``. False for a plain database without a keyring (an earlier version's)."""
    path = Path(path)
    try:
        head = database_header(path)
    except OSError:
        return False
    return bool(head) and head != SQLITE_HEADER and _keyring_lost(path)


def _keyring_lost(path: Path) -> bool:
    """Whether the database file at ``path``, which is no plain SQLite file, is the encrypted data of a directory
    that lost its keyring: no keyring.json beside it (one, encrypted or plaintext, is written with every database of
    this version), while the station's keys, stored files or backups show the data was kept there."""
    return not (path.parent / "keyring.json").exists() and bool(earlier_data(path.parent))


def known_failure(exc: Exception, path: Path, *, rolled_back: bool = False) -> DatabaseError | None:
    """The officer's explanation of a failure of the database file itself (locked, damaged, read-only, disk
    full), also when it happens in the middle of a command; None for any other error (a bug). ``rolled_back``:
    it happened in a transaction, which was rolled back (the change was not saved)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        _note_locked(path)
    if ("readonly" in text or "read-only" in text or "unable to open" in text) and _on_read_only_disk(path):
        return DatabaseError(read_only_disk_message(Path(path).parent))
    if rolled_back and "disk" in text and "full" in text:
        return _full(path, rolled_back)
    holder = lock_holder(path) if ("locked" in text or "busy" in text) else ""
    if holder:
        if rolled_back:
            return DatabaseError(_("The change was not saved: {path} is locked by {holder}. Wait until it has "
                                   "finished its change, or close it, then try again.").format(path=path, holder=holder))
        return DatabaseError(_("{path} is locked by {holder}: wait until it has finished its change, or close it, "
                               "and try again.").format(path=path, holder=holder))
    if rolled_back and ("locked" in text or "busy" in text):  # no workstation holds it (its open marker would say)
        return DatabaseError(_("The change was not saved: {path} is locked by another program (a database viewer, "
                               "backup or sync software, say). Close that program, then try again.").format(path=path))
    if "disk i/o error" in text:
        return _io_failure(path, rolled_back)
    if rolled_back and ("readonly" in text or "read-only" in text):
        return DatabaseError(_("The change was not saved: {path} cannot be written (it or its disk is read-only). "
                               "Check the permissions of the data directory, then try again.").format(path=path))
    if "locked" in text or "busy" in text:
        return DatabaseError(_("{path} is locked by another program (a database viewer, backup or sync software, "
                               "say): close that program and try again.").format(path=path))
    if "not a database" in text and _encrypted(path):
        return DatabaseError(_("The key does not open {path}: the database was copied from another laptop or "
                               "belongs to another keyring. Put back the data directory's own keyring.json, or "
                               "restore a backup.").format(path=path))
    if damage_said(exc):
        return NeedsRestore(_("{path} is damaged and cannot be read.").format(path=path), path)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return DatabaseError(_("{path} cannot be written: check the permissions of the data directory.")
                             .format(path=path))
    if "disk" in text and "full" in text:
        return _full(path, rolled_back)
    return None


def lock_holder(path: Path) -> str:
    """Which other program of the workstation has the database at ``path`` open (its open marker), to name in the
    refusal of a locked database: its window, else a command; "" when no live marker shows one."""
    from workstation.repair import WINDOW, other_openers

    try:
        openers = other_openers(Path(path).parent)
    except (OSError, ValueError):
        return ""
    windows = [entry["pid"] for entry in openers if entry["program"] == WINDOW]
    if windows:
        return _("the workstation's window open on the same data (process {pid})").format(pid=windows[0])
    if openers:
        return _("a workstation command running on the same data (process {pid})").format(pid=openers[0]["pid"])
    return ""


def _full(path: Path, rolled_back: bool) -> DiskFull:
    if rolled_back:
        return DiskFull(_("The change was not saved: the disk holding {path} is full. Free some space on that disk, "
                          "then try again.").format(path=path), path)
    return DiskFull(_("The disk holding {path} is full: free some space and try again.").format(path=path), path)


def _io_failure(path: Path, rolled_back: bool) -> DatabaseError:
    """SQLite's "disk I/O error": the disk refused a write (a full disk where SQLite reports it so, a file grown past
    what the disk takes, a failing or unplugged disk). A disk with almost no room left is said to be full."""
    import shutil

    try:
        full = shutil.disk_usage(Path(path).parent).free < NEARLY_FULL
    except OSError:
        full = False
    if full:
        return _full(path, rolled_back)
    if rolled_back:
        return DatabaseError(_("The change was not saved: the disk holding {path} reported an input/output error (it "
                               "may be full, failing or unplugged). Free some space on that disk or check it, then "
                               "try again.").format(path=path))
    return DatabaseError(_("{path} cannot be used: its disk reported an input/output error (it may be full, failing "
                           "or unplugged). Free some space on that disk or check it, then try again.").format(path=path))


def database_failure(exc: BaseException, path: Path) -> DatabaseError | None:
    """The officer's explanation when ``exc`` is a failure of the database file (locked, damaged, read-only,
    disk full) raised in the middle of some work; None for anything else (a bug)."""
    return known_failure(exc, path) if isinstance(exc, driver.Error) else None


def _translate(exc: Exception, path: Path) -> DatabaseError:
    generic = DatabaseError(_("{path} cannot be used: {reason}").format(path=path, reason=sqlite_reason(exc)))
    return known_failure(exc, path) or generic


def damage_said(exc: BaseException) -> bool:
    """Whether an SQLite error says the database file itself is damaged (malformed, corrupt, not a database)."""
    text = str(exc).lower()
    return "malformed" in text or "corrupt" in text or "not a database" in text


def restore_way(data_dir: Path, backup: dict | None, *, sound: bool = False) -> str:
    """The way out of data only a backup brings back: restore ``backup``, the latest of ``data_dir``'s station
    (``backup.latest_backup``: "id", "created" …), named; with none, keep the data directory safe and ask for help.
    ``sound``: ``backup`` is the latest not found damaged (``latest_backup(sound=True)``), and the database opens,
    so the window's menu restores it too; else only the command line is named (the window offers the restore
    itself: ``NeedsRestore``)."""
    if backup is not None:
        created = str(backup["created"])[:19].replace("T", " ")
        if backup.get("kind") == "migration":  # the copy an update made (``backup.list_backups``): the database only
            return _("Restore the copy of the database made before the update of {created}: `backup restore {id}` "
                     "(the stored files stay as they are; the work done after it is not in it).").format(
                created=created, id=backup["id"])
        if sound:
            return _("To repair it, restore the latest sound backup, made {created}: File → Backups… → Restore…, or "
                     "`backup restore {id}` (the work done after it is not in it).").format(
                created=created, id=backup["id"])
        return _("Restore the latest backup, made {created}: `backup restore {id}`.").format(
            created=created, id=backup["id"])
    if sound:
        return _("There is no sound backup to restore: copy the data directory {folder} somewhere safe and ask "
                 "for technical help.").format(folder=data_dir)
    return _("There is no backup in the backup folder to restore: copy the data directory {folder} somewhere "
             "safe and ask for technical help.").format(folder=data_dir)


def sqlite_reason(exc: BaseException) -> str:
    """What an SQLite error means, in the officer's language (SQLite's own text is English and names its
    internals): a missing table or column, a damaged, locked, read-only or full file. Any other error keeps its
    text after a sentence saying where it comes from."""
    text = str(exc)
    lower = text.lower()
    if "no such table" in lower:
        return _("a table the workstation needs is missing (the database is damaged or empty)")
    if "no such column" in lower:
        return _("a column the workstation needs is missing (the database is damaged or was changed by another "
                 "program)")
    if "not a database" in lower:
        return _("the file is not a database that can be opened (damaged, or encrypted with another key)")
    if "malformed" in lower or "corrupt" in lower:
        return _("the database file is damaged")
    if "locked" in lower or "busy" in lower:
        return _("the database is locked by another program (a database viewer, backup or sync software, say)")
    if "readonly" in lower or "read-only" in lower:
        return _("the database file cannot be written (it or its disk is read-only)")
    if "unable to open" in lower:
        return _("the database file cannot be opened (check the data directory and its permissions)")
    if "disk" in lower and "full" in lower:
        return _("the disk is full")
    if "disk i/o error" in lower:
        return _("the disk reported an input/output error (it may be full, failing or unplugged)")
    if not isinstance(exc, driver.Error):
        return text
    return _("SQLite reported an error ({text})").format(text=text)


# a database missing, emptied or damaged where data was ------------------------------------------------------------
class NeedsRestore(DatabaseError):
    """The database is missing, emptied or damaged: only a backup brings the data back. ``reason`` says what is
    wrong; ``backup`` is the latest backup of this station whose header reads (``backup.latest_backup``: "id",
    "path", "created" …) or None; the message adds how to restore it from the command line, or, when a first restore
    into this folder was cut off before it wrote the database, the command that finishes it (``_cut_off_restore``).
    The window offers the restore instead (``ui.app``)."""

    def __init__(self, reason: str, path: Path):
        from workstation.backup import latest_backup

        self.reason = reason
        self.path = Path(path)
        try:
            # a copy made before an update counts too: it holds the whole database as it was then — unless it fails
            # the integrity check its restore runs (an earlier version copied a damaged database before its update
            # failed on it): the latest backup proper is named then
            self.backup = latest_backup(self.path.parent, copies=True)
            if self.backup is not None and self.backup.get("kind") == "migration" and not copy_sound(
                    Path(self.backup["path"]), self.path.parent):
                self.backup = latest_backup(self.path.parent)
        except (OSError, WorkstationError):
            self.backup = None
        restore = _cut_off_restore(self.path.parent) if holds_no_database(self.path) else ""
        if restore:  # a first restore into this folder, killed before it wrote the database: the same one finishes it
            way = _("The restore into {folder} was cut off before it finished: run it again, `{command}`.").format(
                folder=self.path.parent, command=restore)
        elif self.backup is None and not self.path.exists():  # gone: it may have been moved away
            way = _("There is no backup in the backup folder to restore: if the file was moved away put it back, "
                    "else copy the data directory {folder} somewhere safe and ask for technical help.").format(
                folder=self.path.parent)
        else:  # the backup to restore; or, there but damaged (or emptied), putting it back is no way out
            way = restore_way(self.path.parent, self.backup)
        super().__init__(join_sentences([reason, way]))


def integrity_rows(conn) -> list[str]:
    """What ``PRAGMA integrity_check`` says of the database open on ``conn`` (a connection or a ``Database``), one
    finding a row: ["ok"] when it is whole."""
    return [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]


def copy_sound(path: Path, data_dir: Path) -> bool:
    """Whether the pre-update copy at ``path`` (of ``data_dir``'s database) passes SQLite's integrity check, read
    without changing it; True when that cannot be told here (encrypted while the data's key is not unlocked: its
    restore checks it whole first).

    The integrity check, not the quick check: its restore runs the same ``integrity_rows`` (``_stage_copy``), and a
    page garbled inside its rows (text that is no UTF-8, a negative amount) keeps the b-tree whole, so the quick
    check passes it, while its rows no longer match their indexes — the copy offered would then be refused by the
    restore it is offered for. (Read-only, SQLite leaves out the CHECK constraints; the index check finds such
    rows.)"""
    from urllib.parse import quote

    from workstation.security.session import key_for

    try:
        with open(path, "rb") as fh:
            plain = fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
    key = None if plain else key_for(Path(data_dir))
    if not plain and key is None:
        return True
    uri = f"file:{quote(str(Path(path).resolve()))}?immutable=1"  # a closed copy: no -wal or -shm made beside it
    timeout = busy_timeout_ms() / 1000
    conn = None
    try:
        conn = driver.connect_plain(uri, timeout, uri=True) if key is None else \
            driver.connect_encrypted(uri, timeout, key, uri=True)
        return integrity_rows(conn) == ["ok"]
    except driver.Error:
        return False
    finally:
        if conn is not None:
            conn.close()


def file_damage(db: Database) -> str:
    """What SQLite's quick check finds wrong in the file of ``db`` (the first finding, on one line); "" when
    nothing. Reads every page: the time of a copy of the file (0.3-6 s for 260 MB)."""
    from workstation.repair import quick_check_findings

    try:
        rows = quick_check_findings(db)
    except driver.Error as exc:
        return sqlite_reason(exc)
    if not rows:
        return ""
    # SQLite heads its findings "*** in database main ***", several in one row, one a line: the first is said
    lines = [line.strip() for row in rows for line in row.splitlines()]
    return next((line for line in lines if line and not line.startswith("***")), lines[0] if lines else "?")


def _cut_off_restore(data_dir: Path) -> str:
    """The command that finishes a restore into the new folder ``data_dir`` that was cut off before it wrote the
    database, as the claim its process left there says it (``cli_new_data``); "" when no process gone left one."""
    from workstation.cli_new_data import CLAIM_PREFIX
    from workstation.repair import process_alive

    try:
        claims = sorted(Path(data_dir).glob(CLAIM_PREFIX + "*"))
    except OSError:
        return ""
    for claim in claims:
        pid = claim.name.removeprefix(CLAIM_PREFIX).split("-", 1)[0]
        try:
            note = claim.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if note.startswith("backup restore ") and pid.isdigit() and not process_alive(int(pid)):
            return note
    return ""


def holds_no_database(path: Path) -> bool:
    """Whether there is no database at ``path``: no file, or an empty one (0 bytes: a creation cut off before its
    first page was written, or a file made by hand; SQLite would take it for a new database), which the start
    treats as a new data directory's. Not when a write-ahead log holding pages lies beside an empty file: its
    commits may be all there is of the data."""
    path = Path(path)
    try:
        if not path.exists():
            return True
        if not path.is_file() or path.stat().st_size:
            return False
        wal = Path(str(path) + "-wal")
        return not (wal.is_file() and wal.stat().st_size)
    except OSError:
        return False


def earlier_data(data_dir: Path) -> list[str]:
    """What in ``data_dir`` shows that a database was kept here before: the keyring (unless this process has just
    made it for a new database), the station's keys, stored files, backups or copies made before a migration or a
    restore. Only names the workstation itself gives count (``files/ab/ab…`` under a sha256, ``station/sign.key``,
    ``backups/*.wsbackup``): a folder of the officer's own photos, zip files or notes under files/, backups/ or logs/
    is no sign of a database. Empty for a data directory that is really new."""
    from workstation.security.access import made_here
    from workstation.station import BOX_KEY_FILE, KEY_DIR, SIGN_KEY_FILE

    data_dir = Path(data_dir)
    found = []

    def holds(folder: Path, pattern: str = "*") -> bool:
        try:
            return folder.is_dir() and any(True for _entry in folder.glob(pattern))
        except OSError:
            return False

    if (data_dir / "keyring.json").exists() and not made_here(data_dir):
        found.append("keyring.json")
    if any((data_dir / KEY_DIR / name).exists() for name in (SIGN_KEY_FILE, BOX_KEY_FILE)):
        found.append(f"{KEY_DIR}/")
    if _holds_stored_file(data_dir / "files"):
        found.append("files/")
    folder = backups_dir(data_dir)
    if any(holds(folder, pattern) for pattern in ("*.wsbackup", "before-migration-*", "replaced-*")):
        found.append("backups/")
    elif (data_dir / "backup.json").exists():
        from workstation.backup import latest_backup

        try:
            if latest_backup(data_dir) is not None:
                found.append("backups/")
        except (OSError, WorkstationError):
            pass
    return found


_STORED_NAME = re.compile(r"[0-9a-f]{64}")


def _holds_stored_file(folder: Path) -> bool:
    """Whether the file store ``folder`` holds a file as the store names one: ``ab/ab…`` under its sha256
    (``filestore.file_path``)."""
    try:
        if not folder.is_dir():
            return False
        return any(_STORED_NAME.fullmatch(entry.name) and entry.name[:2] == entry.parent.name
                   for entry in folder.glob("??/*"))
    except OSError:
        return False


def lost_data_found(path: Path) -> list[str]:
    """What beside the database file ``path`` shows that a database was kept there (``earlier_data``) when there is
    none (``holds_no_database``): a command creating data there is refused (``refuse_lost``), a restore brings the
    database back. Empty when the database is there, or the data directory is really new."""
    path = Path(path)
    return earlier_data(path.parent) if holds_no_database(path) else []


def refuse_lost(path: Path) -> None:
    """Refuse to make a new empty database where ``earlier_data`` shows one was kept (NeedsRestore, nothing
    written): a new database would hide the loss, ask the first-start questions again and fill the rolling
    backups with copies of nothing.

    While another running program is creating this data folder (its claim, ``cli_new_data``, or its open marker is
    there), what it has written so far (its keyring, before its database) is no loss: its database is waited for
    (the busy timeout at most) and then opened as the one it is; when it has not appeared by then, the refusal names
    that program (DatabaseError), not lost data."""
    path = Path(path)
    found = lost_data_found(path)
    creator = _creating_program(path.parent) if found else None
    deadline = time.monotonic() + busy_timeout_ms() / 1000
    while found and creator is not None and time.monotonic() < deadline:
        time.sleep(0.05)
        found = lost_data_found(path)
        creator = _creating_program(path.parent) if found else None
    if found and creator is not None:
        raise DatabaseError(_("{folder}: another workstation program (process {pid}) is creating this data folder "
                              "right now and has not finished yet. Wait until it has finished, then try again.")
                            .format(folder=path.parent, pid=creator))
    if found:
        raise NeedsRestore(_("The database file {path} is missing or empty, but this data directory already holds "
                             "what only a database kept here leaves ({found}), so no new empty database is made in "
                             "its place.").format(path=path, found=", ".join(found)), path)


#: how recent, in seconds, a claim on a new data directory or an open marker must be for its program to be taken as
#: creating the directory now: a first start takes seconds, while a window open for hours beside a database deleted
#: meanwhile, or a claim a cut-off restore left (its pid since reused after a reboot), is no creation but a loss
CREATING_WITHIN = 120


def _creating_program(data_dir: Path) -> int | None:
    """The process id of another running program creating the data directory ``data_dir`` now: its claim on a new
    data directory (``cli_new_data``) or its open marker, made within the last ``CREATING_WITHIN`` seconds; None when
    there is none — a database lost while a program has had it open for longer is refused as lost."""
    import time

    from workstation.cli_new_data import CLAIM_PREFIX
    from workstation.repair import _entries, _left_behind, process_alive

    now = time.time()
    try:
        claims = sorted(Path(data_dir).glob(CLAIM_PREFIX + "*"))
        for claim in claims:
            pid = claim.name.removeprefix(CLAIM_PREFIX).split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and process_alive(int(pid)) and \
                    now - claim.stat().st_mtime < CREATING_WITHIN:
                return int(pid)
        for _path, entry in _entries(Path(data_dir)):
            if entry["pid"] != os.getpid() and not _left_behind(entry) and \
                    now - float(entry.get("time") or 0) < CREATING_WITHIN:
                return entry["pid"]
    except (OSError, ValueError, TypeError):
        return None
    return None


# the database files this process made (``_create_exclusively``), by path: their (device, inode)
_MADE_FILES: dict[str, tuple[int, int]] = {}
# the database files on which this process met another program's lock
_LOCKED: set[str] = set()


def _file_key(path: Path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)


def _note_locked(path: Path) -> None:
    _LOCKED.add(_file_key(path))


def file_identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of the file at ``path``, None when there is none: another file put in its place (a restore,
    a copy) is told apart from the same file changed."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def new_database_shared(path: Path, *, made_here: bool = True) -> bool:
    """Whether the new database at ``path`` that a failed first start would remove may be another program's too,
    so that it must stay: another running program has the data open (its open marker), this process met another
    program's lock on it, or the file there is not the one this process made (``_create_exclusively``) — with
    ``made_here`` also when this process made none there; without it (a file written otherwise, a restore's) only
    when it made another one there. No database there and no other program: False."""
    if _file_key(path) in _LOCKED:
        return True
    try:
        from workstation.repair import open_elsewhere

        if open_elsewhere(Path(path).parent):
            return True
    except (OSError, ValueError):
        return True
    identity, made = file_identity(path), _MADE_FILES.get(_file_key(path))
    return identity is not None and identity != made and (made_here or made is not None)


def discard_new_database(path: Path) -> None:
    """Remove a database this start has just made and could not finish (disk full at the first start), with its
    WAL, shared-memory and journal files: the next start begins on a new data directory again, not on half a
    database. The caller closed its connection. Nothing is removed when it may be another program's too
    (``new_database_shared``: not the file this process made, another program has it open or held its lock)."""
    path = Path(path)
    if new_database_shared(path):
        return
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        try:
            (path.parent / name).unlink(missing_ok=True)
        except OSError:
            pass


def _encrypted(path: Path) -> bool:
    from workstation.security.keyring import state

    try:
        return state(Path(path).parent) == "encrypted"
    except WorkstationError:
        return False


def _on_read_only_disk(path: Path) -> bool:
    return on_read_only_disk(Path(path).parent)


# the database files this process opened read only by the officer's choice: every other connection of the process
# to them (the background tasks') is read only too
_CHOSEN_READ_ONLY: set[str] = set()


def _read_only_here(path: Path) -> bool:
    """Whether every connection of this process to ``path`` is read only: a read-only disk, or the officer's choice."""
    try:
        chosen = str(Path(path).resolve()) in _CHOSEN_READ_ONLY
    except OSError:
        chosen = False
    return chosen or _on_read_only_disk(path)


def read_only_uri(path: Path) -> str:
    """The URI that opens the database at ``path`` read only on a read-only disk, where SQLite cannot make the WAL's
    shared-memory file: ``immutable`` for a database closed cleanly (no -wal left), else ``mode=ro``, which reads the
    commits still in the -wal (``immutable`` would silently leave them out) and works only when its -shm is there."""
    from urllib.parse import quote

    wal = Path(str(path) + "-wal")
    try:  # on a writable disk another program may be writing: always through its WAL
        pending = not _on_read_only_disk(path) or (wal.is_file() and wal.stat().st_size > 0)
    except OSError:
        pending = True
    return f"file:{quote(str(Path(path).resolve()))}?{'mode=ro' if pending else 'immutable=1'}"


def connect(path: Path, *, journal: bool = True, read_only: bool = False) -> Database:
    """A plain connection with our pragmas, without checking or migrating (for tasks on other threads); keyed
    with the unlocked database key when the data directory is encrypted. Without ``journal`` the file is only
    read so far: WAL mode (which rewrites the file header) is left to ``set_journal``. With ``read_only`` (a
    read-only disk) the file is opened read only (``read_only_uri``) and its journal left as it is."""
    timeout = busy_timeout_ms() / 1000
    read_only = read_only or _read_only_here(path)
    target, uri = (read_only_uri(path), True) if read_only else (str(path), False)
    if _encrypted(path):
        from workstation.security.session import require_key

        conn = driver.connect_encrypted(target, timeout, require_key(Path(path).parent), uri=uri)
    else:
        conn = driver.connect_plain(target, timeout, uri=uri)
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")
    db = Database(conn)
    db.watch_file(path)
    if read_only:
        db.read_only = True
        if not _on_read_only_disk(path):
            db.read_only_reason = read_only_chosen_message()
    elif journal:
        set_journal(db)
    return db


def set_journal(db: Database) -> None:
    """WAL mode, normal sync and a page cache: the pragmas that let the window read while a task writes."""
    conn = db.conn
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -131072")  # up to 128 MB of page cache, used only as the data grows


MIGRATION_COPIES_KEPT = 3  # the updates whose copies are kept (the newest copy of each): every update makes one
#: the copies of the database an update makes first (``_backup_before_migrating``), named by their Beijing time and
#: the schema they were at (earlier versions named them without the microseconds or the schema): listed and restored
#: as pre-update copies (``workstation.backup``), removed when the data is encrypted (``security.access``)
MIGRATION_COPIES = "before-migration-*.db"
MIGRATION_COPY = re.compile(r"^before-migration-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<micro>\d{6}))?"
                            r"(?:-(?P<schema>.+))?\.db$")


def is_migration_copy(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a copy of the database an update made first (``MIGRATION_COPY``)."""
    return MIGRATION_COPY.match(Path(path).name) is not None


def _copy_schema(path: Path) -> str:
    match = MIGRATION_COPY.match(path.name)
    return (match["schema"] or "") if match else ""


def _backup_before_migrating(db: Database, path: Path, applied: list[str]) -> Path:
    """A copy of the database before its migration, in ``backups/``, named in Beijing time and by its schema (the
    last migration ``applied``). Written as ``.part`` and renamed, so a program killed while copying leaves no
    copy that looks whole; the ``.part`` of a program gone is removed here, at the next start that migrates. Of the
    copies of the same schema (a migration failing at every start makes one each time) only the newest
    ``MIGRATION_COPIES_KEPT`` are kept here; the copies of earlier updates are pruned only once the migration
    succeeded (``prune_migration_copies``)."""
    target_dir = backups_dir(path.parent)
    remove_stale_migration_parts(target_dir)
    stamp = dt.datetime.fromisoformat(records.now()).strftime("%Y%m%d-%H%M%S-%f")  # Beijing time, as the backups
    schema_name = applied[-1] if applied else "new"
    target = target_dir / f"before-migration-{stamp}-{schema_name}.db"
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        _copy_database(db, path, part)
        os.replace(part, target)
    except (OSError, *driver.Error) as exc:
        for leftover in (part, part.with_name(part.name + "-journal"), target):
            if leftover.is_file():
                leftover.unlink()
        reason = os_reason(exc) if isinstance(exc, OSError) else sqlite_reason(exc)  # SQLite's own text is English
        raise DatabaseError(_("{path} was not updated to this version: its backup copy could not be written in "
                              "{folder} ({reason}). Free some disk space or check that folder, then open it "
                              "again.").format(path=path, folder=target_dir, reason=reason)) from exc
    same = sorted(p for p in target_dir.glob(MIGRATION_COPIES) if _copy_schema(p) == schema_name and p != target)
    for old in same[:max(len(same) - (MIGRATION_COPIES_KEPT - 1), 0)]:  # by their time; the copy just made stays
        old.unlink(missing_ok=True)
    return target


def prune_migration_copies(folder: Path, made: Path | None = None) -> list[Path]:
    """Once an update succeeded: of the copies updates made in ``folder``, keep the newest of each schema, for the
    ``MIGRATION_COPIES_KEPT`` newest schemas (a migration that failed at several starts left several copies of one
    schema: they never push out the copy made before an earlier update); the others are removed and returned.
    ``made``, the copy this update just wrote, is always kept. The copies are ranked by their schema's place among
    the migrations (``schema_names``), not by the time in their name: a clock set back after it ran ahead names the
    copy just made earlier than those of earlier updates."""
    names = {name: n for n, name in enumerate(schema_names())}
    made_name = Path(made).name if made is not None else None

    def rank(path: Path) -> tuple[int, str]:  # a schema not known here (or none named): before all known ones
        return names.get(_copy_schema(path), -1), path.name

    copies = sorted((p for p in folder.glob(MIGRATION_COPIES) if is_migration_copy(p) and p.name != made_name),
                    key=rank, reverse=True)  # newest schema first; of one schema, the newest by name first
    seen: list[str] = [_copy_schema(Path(made))] if made is not None else []
    removed = []
    for path in copies:
        schema_name = _copy_schema(path)
        if schema_name in seen or len(seen) >= MIGRATION_COPIES_KEPT:
            path.unlink(missing_ok=True)
            removed.append(path)
        else:
            seen.append(schema_name)
    return removed


def migrate_copy(path: Path, key: bytes | None) -> list[str]:
    """Apply this version's pending migrations to the database file at ``path`` (a pre-update copy being restored,
    or checked, in a staging folder), opened with ``key`` (None: not encrypted); as ``migrate``, but no copy of it
    is made first (the copy it came from stays where it was). Returns the migrations applied; DatabaseError (saying
    why) when one fails, the file then as it was."""
    path = Path(path)
    timeout = busy_timeout_ms() / 1000
    try:
        conn = driver.connect_encrypted(str(path), timeout, key) if key is not None else \
            driver.connect_plain(str(path), timeout)
    except driver.Error as exc:
        raise _translate(exc, path) from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")
        return _apply_migrations(Database(conn), path, None, copy_first=False)
    except driver.Error as exc:
        raise _translate(exc, path) from exc
    finally:
        conn.close()


def remove_stale_migration_parts(folder: Path) -> list[Path]:
    """The half-written pre-migration copies (``.part`` and its journal) in ``folder`` whose program is gone
    (killed while copying): removed; returns them."""
    from workstation.repair import process_alive

    removed = []
    if not folder.is_dir():
        return removed
    for leftover in folder.glob("before-migration-*.part*"):
        pid = leftover.name.removesuffix("-journal").removesuffix(".part").rsplit(".", 1)[-1]
        if leftover.name.endswith((".part", ".part-journal")) and pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _copy_database(db: Database, path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if _encrypted(path):  # the copy is encrypted with the same key, never a plaintext file
        from workstation.security.session import require_key

        dest = driver.connect_encrypted(str(target), busy_timeout_ms() / 1000, require_key(path.parent))
    else:
        dest = driver.connect_plain(str(target), busy_timeout_ms() / 1000)
    # SQLite copies nothing from a connection holding the write lock (``_migrating``): a second one reads the file
    source = connect(path, journal=False) if db.conn.in_transaction else db
    try:
        source.conn.backup(dest)
    finally:
        dest.close()
        if source is not db:
            source.conn.close()


def applied_schema(db: Database) -> list[str]:
    """Names of the migrations applied to ``db``, in the order they were applied."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
                      ).fetchone():
        return []
    return [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                                     [MIGRATION_SET])]


def _holds_tables(db: Database) -> bool:
    """Whether ``db`` holds tables besides the migrations' own (with none of ours applied: another program's)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite%' AND name NOT LIKE "
                      "'%sqlite_migrations%'").fetchone() is not None


def another_programs(path: str | os.PathLike) -> bool:
    """Whether the file at ``path`` is an SQLite database of another program (``check_schema`` refuses it), told
    without writing anything (before a log is made beside it). False when it is none, or cannot be told here (an
    encrypted one, one that does not read): the command that opens it says what it is."""
    path = Path(path)
    try:
        if not path.is_file() or not path.stat().st_size or database_header(path) != SQLITE_HEADER:
            return False
    except OSError:
        return False
    from urllib.parse import quote

    try:  # ``immutable``: no lock taken, no -wal or -shm made beside it; the tables a -wal alone holds are not seen
        conn = driver.connect_plain(f"file:{quote(str(path.resolve()))}?immutable=1", 0, uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        db = Database(conn)
        return not applied_schema(db) and _holds_tables(db)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def check_schema(db: Database, path: Path) -> list[str]:
    """The migrations applied to ``db``; DatabaseError when the file is another program's SQLite database or
    was written by a newer version of the workstation (then nothing may be written to it)."""
    applied = applied_schema(db)
    if not applied and _holds_tables(db):
        raise DatabaseError(
            _("{path} is an SQLite database of another program, not a workstation database: move it away or "
              "choose another data directory.").format(path=path))
    known = set(schema_names())
    unknown = [name for name in applied if name not in known]
    if unknown:  # the schema's name is for support, in the log: the officer is told what to do
        import logging

        logging.getLogger(__name__).warning("%s: schema %s is newer than this version knows", path, unknown[-1])
        raise DatabaseError(
            _("{path} was written by a newer version of the workstation: install that version (or a later one) to "
              "open it.").format(path=path))
    return applied


def refuse_unusable(path: str | os.PathLike) -> None:
    """Refuse (DatabaseError, nothing written) the existing database file at ``path`` that the workstation cannot
    open: not an SQLite file, another program's database, one written by a newer version, or a damaged one — the
    checks ``open_database`` makes, run read only before anything that would rewrite the file is offered (the
    encryption of an earlier version's data)."""
    path = Path(path)
    _check_file(path)
    db = None
    try:
        db = connect(path, journal=False, read_only=True)
        check_schema(db, path)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        refuse_damaged(db)  # after an unclean shutdown, the quick check too
    except driver.Error as exc:
        raise _translate(exc, path) from exc
    finally:
        if db is not None:
            db.conn.close()


def migrate(db: Database, path: Path, problems: list[str] | None = None) -> list[str]:
    """Apply pending migrations (after a backup copy when the file already held data); returns their names.
    After an unclean shutdown the quick check comes first (``problems``: its findings when already known) and a
    database it finds damaged is refused unchanged (``refuse_damaged``); else, the quick check of a database holding
    data runs before its copy, which is never made of a damaged file (``_refuse_damaged_update``), and a copy made of
    a file its update then finds damaged is removed. The copies of earlier updates are pruned once the migration is
    committed (``prune_migration_copies``)."""
    return _apply_migrations(db, path, problems, copy_first=True)


def _apply_migrations(db: Database, path: Path, problems: list[str] | None, *, copy_first: bool) -> list[str]:
    """``migrate``; not ``copy_first``: a copy being restored (``migrate_copy``), checked whole already and not in a
    data directory: no copy, no check, no notice."""
    applied = check_schema(db, path)
    pending = [name for name in schema_names() if name not in applied]
    if not pending:
        return pending
    made = None
    with _migrating(db):  # another program migrating the same file has finished: what is left is read again
        applied = check_schema(db, path)
        pending = [name for name in schema_names() if name not in applied]
        if pending and applied and copy_first:
            # after an unclean shutdown the quick check runs here (or the window ran it: ``problems``): it is the
            # update's check too
            checked = refuse_damaged(db, problems) or problems is not None
            # the update of a database holding data takes a while (its copy first): said while it runs (the command
            # line's start and end lines, the window's dialog), and noted in the open marker as the work under way
            notice = _MIGRATION_NOTICE[0]
            with notice(path.parent) if notice is not None else _no_notice():
                if holds_data(db):  # a copy of a database holding nothing would only fill the disk
                    if not checked:  # the quick check not run yet: before its copy
                        _refuse_damaged_update(db, path)
                    made = _backup_before_migrating(db, path, applied)
                try:
                    schema.migration_set().apply(db.utils)
                except driver.Error as exc:
                    if made is not None and damage_said(exc):  # a copy of a damaged file: never offered
                        made.unlink(missing_ok=True)
                        made = None
                    raise
        elif pending:
            schema.migration_set().apply(db.utils)
    if made is not None:  # committed: the copies of earlier updates can go
        try:
            prune_migration_copies(made.parent, made)
        except OSError as exc:  # kept: they only take room
            logging.getLogger(__name__).warning("pre-update copies not pruned: %s", exc.strerror)
    return pending


def _refuse_damaged_update(db: Database, path: Path) -> None:
    """Refuse (NeedsRestore, nothing written) the update of the database ``db`` at ``path`` that the quick check finds
    damaged, before its copy is made: a copy of a damaged file is no backup, and updating it makes the damage worse.
    Only when an update is due: the quick check reads the whole file, too long for every opening."""
    problem = file_damage(db)
    if problem:
        raise NeedsRestore(_("{path} is damaged ({problem}): it was not updated to this version and nothing was "
                             "changed, as updating a damaged database makes the damage worse.").format(
            path=path, problem=problem), path)


@contextmanager
def _migrating(db: Database):
    """The migrations of ``db`` run holding its write lock from before they read what is pending to their end (one
    transaction, each migration a savepoint of it): of two programs opening the same new or earlier version's
    database at once, the second waits (the busy timeout) and then finds nothing left to do, instead of applying
    the same migrations a second time. Rolled back whole when one fails."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


# what says that a database is being updated to this version while it is (``set_migration_notice``)
_MIGRATION_NOTICE: list = [None]


def set_migration_notice(notice) -> None:
    """``notice(data_dir)``: a context manager around the update of an existing database to this version (its copy
    and its migrations), which tells the officer that it runs; None: nothing said."""
    _MIGRATION_NOTICE[0] = notice


@contextmanager
def _no_notice():
    yield


# the tables whose rows are the officers' work: a database with none of them holds no data worth a copy
DATA_TABLES = ("cases", "leads", "complaints", "interviews", "parties", "officers", "documents", "drafts", "evidence",
               "stations", "bundle_imports")


def holds_data(db: Database) -> bool:
    """Whether ``db`` holds any of the officers' work (a row in one of ``DATA_TABLES``); False for a new database."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return any(db.execute(f"SELECT 1 FROM {name} LIMIT 1").fetchone() for name in DATA_TABLES if name in tables)


def refuse_damaged(db: Database, problems: list[str] | None = None) -> bool:
    """Before writing anything the officer did not ask for (migrations, reference data): when a process that had
    the database open stopped without closing it (or an earlier check's problems were not repaired), run the quick
    check unless its ``problems`` are given, and refuse (DatabaseError, nothing written) when it finds any:
    writing into a database a crash damaged makes the damage worse. Returns whether the database was weighed so
    (found sound): False when no unclean shutdown called for it, nothing checked."""
    from workstation.repair import quick_check, was_unclean

    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        return False  # an in-memory database: no data directory, no markers
    path = Path(row[2])
    data_dir = path.parent
    if not was_unclean(data_dir):
        return False
    problems = quick_check(db) if problems is None else problems
    if problems:
        raise DatabaseError(_("{path} was not changed: the workstation was not closed properly last time and the "
                              "database check found problems ({problem}); writing into a damaged database makes the "
                              "damage worse. Restore the last good backup, or copy the data directory {folder} "
                              "somewhere safe and ask for technical help.").format(path=path, problem=problems[0],
                                                                                  folder=data_dir))
    return True


def _check_not_locked(db: Database) -> None:
    # In WAL mode another copy's write lock does not stop reading, so without this probe a locked database
    # would open fine and fail only at the first change; take and release the write lock once instead.
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("ROLLBACK")


def read_only_chosen_message() -> str:
    """The refusal of a change in a window the officer opened read only (the data was open in another window)."""
    return _("This window opened the data read only, because it was already open in another window: make the change "
             "in that window, or close both and start the workstation again.")


def open_database(path: str | os.PathLike, *, create: bool = True, upgrade: bool = True,
                  read_only: bool = False, reader: bool = False) -> Database:
    """Open the workstation database at ``path``, creating and migrating it; used by every entry point. Without
    ``upgrade`` pending migrations wait for ``upgrade_database`` (the start checks the database first after an
    unclean shutdown); with it, after an unclean shutdown they are applied only to a database the quick check
    finds sound.

    On a read-only disk, or with ``read_only`` (the officer's choice), the database is opened read only
    (``_open_read_only``): it can be looked at, every change is refused saying why.

    A ``reader`` (a background read beside the window's connection that writes nothing: the case list's; a command
    of the command line that only reads: ``cli._READERS``) does not take the write lock once to check that no other
    program holds it, which waits up to the busy timeout and then fails while another program imports: in WAL mode
    reading goes on meanwhile. With ``upgrade``, a database this version must update is updated all the same, which
    takes the lock (refused, unchanged, while another program holds it). The audit entries the command line writes
    at best as it opens the data are a reader's only while the lock is free (``not_waiting``).

    Raises DatabaseError with a one-line reason when the file is not ours, damaged, locked or too new."""
    path = Path(path)
    from workstation.repair import refuse_while_restoring

    refuse_while_restoring(path.parent)  # another program restoring a backup there: refused before anything is read
    _check_file(path)
    refuse_lost(path)
    if _on_read_only_disk(path):
        return _open_read_only(path, upgrade=upgrade)
    if (read_only or _read_only_here(path)) and path.is_file():
        db = _open_read_only(path, upgrade=upgrade)
        db.read_only_reason = read_only_chosen_message()
        _CHOSEN_READ_ONLY.add(str(path.resolve()))
        return db
    made = False
    if not path.exists():
        if not create:
            raise DatabaseError(_("No database at {path}: run `init` first.").format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(_("Cannot create the data directory {path}: {reason}")
                                .format(path=path.parent, reason=os_reason(exc))) from exc
        made = _create_exclusively(path)
    db = None
    try:
        db = connect(path, journal=False)
        check_schema(db, path)  # before WAL mode rewrites the header of a file that is not ours to change
        set_journal(db)
        if upgrade:
            migrate(db, path)
        if not reader:
            _check_not_locked(db)
    except driver.Error as exc:
        if db is not None:
            db.conn.close()
        if _busy(exc):
            _note_locked(path)
        if made and not _busy(exc):  # locked: another program works in the file, which is its database too now
            discard_new_database(path)
        raise _translate(exc, path) from exc
    except DatabaseError:
        if db is not None:
            db.conn.close()
        if made:
            discard_new_database(path)
        raise
    return db


def _create_exclusively(path: Path) -> bool:
    """Make the empty database file at ``path`` unless it exists: whether this process made it. Of two programs
    starting on the same new data directory only one makes it, and only that one may remove it again when it
    cannot finish it (``discard_new_database``); the other opens it as the database it is."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        return False
    except OSError:
        return False  # connecting says why the file cannot be made
    identity = file_identity(path)
    if identity is not None:
        _MADE_FILES[_file_key(path)] = identity
    return True


def _busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _open_read_only(path: Path, *, upgrade: bool) -> Database:
    """``open_database`` on a read-only disk: the database opened read only, so that it can be looked at; nothing
    can be written (every change is refused with ``read_only_disk_message``), so a database this version would
    have to update, or none at all, is refused with that message."""
    refusal = read_only_disk_message(path.parent) if _on_read_only_disk(path) else read_only_chosen_message()
    if not path.is_file():
        raise DatabaseError(join_sentences([_("No database at {path}.").format(path=path), refusal]))
    db = None
    try:
        db = connect(path, read_only=True)
        applied = check_schema(db, path)
        if upgrade and [name for name in schema_names() if name not in applied]:
            raise DatabaseError(join_sentences([
                _("{path} must be updated to this version of the workstation before it can be opened.").format(
                    path=path), refusal]))
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the key opens it, the -wal can be read
    except driver.Error as exc:
        if db is not None:
            db.conn.close()
        if "unable to open" in str(exc).lower():  # commits left in the -wal without its -shm: cannot be read here
            raise DatabaseError(join_sentences([
                _("{path} was not closed properly and its last changes cannot be read from a read-only disk.").format(
                    path=path), refusal])) from exc
        raise _translate(exc, path) from exc
    except DatabaseError:
        if db is not None:
            db.conn.close()
        raise
    return db


def upgrade_database(db: Database, path: str | os.PathLike, problems: list[str] | None = None) -> list[str]:
    """Apply the migrations ``open_database(upgrade=False)`` left pending (``migrate``: refused while the problems
    an unclean shutdown's check found are not repaired); the database stays open either way."""
    try:
        return migrate(db, Path(path), problems)
    except driver.Error as exc:
        raise _translate(exc, Path(path)) from exc


__all__ = ["Database", "NeedsRestore", "refuse_lost", "refuse_unusable", "holds_no_database", "earlier_data", "discard_new_database",
           "new_database_shared", "holds_data", "damage_said", "restore_way", "lost_data_found",
           "sqlite_reason", "immediate", "explained", "open_database", "upgrade_database", "refuse_damaged", "connect",
           "schema_names", "applied_schema", "MIGRATION_SET"]
