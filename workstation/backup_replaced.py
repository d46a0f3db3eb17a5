"""The data sets restores keep aside (``backups/replaced-<stamp>/``): listing them, putting one back (undoing a
restore of the wrong backup) and removing one the officer no longer needs.

Each set holds the database (and any ``-wal`` beside it) and the stored files as they were when a restore replaced
them, and a note (``replaced.json``) saying when and by which backup; sets kept by earlier versions have no note.
Putting a set back is a restore from that folder: its database is copied and its stored files hard-linked (they are
never changed in place) into a staging folder, the copy is checked whole, and the swap of ``backup_restore`` puts it
in place, keeping the current data as a new set first, so a put-back can itself be put back. Nothing changes when
the check fails, the disk is full or the swap is cut off (see ``backup_restore``). Once the set is back in place its
folder is removed (the data is the current data again) and the put-back is written into the audit log; as after a
restore, the numbers the data it replaced took since the set was replaced stay taken and the bundles it sent meanwhile
hold the numbering (``backup_restore.keep_numbers``), and the officer is told what the data put back lacks
(``put_back_advice``); a crash once
the set's database was in place is finished by the next start, which says so (``finish_cut_off``), one before it
left undone and said as well.

A set is never removed without the officer asking (``remove_replaced``: `backup remove-replaced`, or 移除 in the
window): a set may hold work no backup holds (the work since the last backup, put aside by a restore of an older
one), and nothing tells that reliably without reading every backup, so no count of sets, age or restore removes
one."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import re
import secrets
import shutil
from pathlib import Path

from workstation.backup import STAMP, journal_path
from workstation.backup_format import BackupRefused
from workstation.backup_restore import (
    _check_restored_database,
    _drop_if_empty,
    _refuse_open_elsewhere,
    _swap_in,
    audited_since,
    keep_numbers,
    recover,
)
from workstation.db import driver
from workstation.errors import os_reason
from workstation.i18n import _
from workstation.paths import DATABASE_NAME, backups_dir
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import now, short_time
from workstation.repair import clear_unclean, restore_claimed
from workstation.security import session

LOG = logging.getLogger("workstation.backup")
PREFIX = "replaced-"
NOTE_NAME = "replaced.json"
NAME = re.compile(r"^replaced-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?$")


# the note and the list ----------------------------------------------------------------------------------------
def note_replaced(folder: Path, *, kind: str, by: str, by_created: str | None) -> None:
    """Record in the set ``folder`` when it was replaced, and by what: ``kind`` "restore" (``by``: the backup's id,
    ``by_created``: when it was made) or "put_back" (``by``: the set put back, ``by_created``: when that one was
    replaced). A note that cannot be written is only logged: the data is kept all the same."""
    note = {"replaced_at": now(), "kind": kind, "by": by, "by_created": by_created}
    try:
        (Path(folder) / NOTE_NAME).write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        LOG.warning("note of the replaced data not written: %s", exc.strerror)


def forget_note(folder: Path) -> None:
    (Path(folder) / NOTE_NAME).unlink(missing_ok=True)


def _read_note(folder: Path) -> dict:
    try:
        note = json.loads((folder / NOTE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return note if isinstance(note, dict) else {}


def _sort_key(folder: Path) -> tuple[str, int]:
    match = NAME.match(folder.name)
    return (match["stamp"], int(match["n"] or 1)) if match else ("", 0)


def _stamp_time(folder: Path) -> str:
    """When the set was replaced, from its name (sets of earlier versions have no note)."""
    match = NAME.match(folder.name)
    if not match:
        return ""
    return dt.datetime.strptime(match["stamp"], STAMP).isoformat()


def replaced_sets(data_dir: Path) -> list[Path]:
    """The sets under ``backups/``, newest first."""
    folder = backups_dir(Path(data_dir))
    found = [p for p in folder.glob(f"{PREFIX}*") if p.is_dir()] if folder.is_dir() else []
    return sorted(found, key=_sort_key, reverse=True)


def _size(folder: Path) -> tuple[int, int]:
    """The bytes of the set and how many stored files it holds."""
    size = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            files += path.parts[-3] == "files" if len(path.parts) >= 3 else 0
    return size, files


def _open_read_only(path: Path, key: bytes | None):
    """A connection that reads the set's database without writing anything beside it (no -wal, no -shm)."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    if key is None:
        import sqlite3

        return sqlite3.connect(uri, uri=True)
    conn = driver.sqlcipher.connect(uri, uri=True)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def _count_cases(database: Path, key: bytes | None) -> int | None:
    """The cases in the set's database; None when it cannot be read now (locked, damaged, a -wal to apply)."""
    wal = Path(f"{database}-wal")
    if wal.exists() and wal.stat().st_size:
        return None  # its last changes are in the -wal, which a read-only look would leave out
    if key is not None and driver.sqlcipher is None:
        return None
    try:
        conn = _open_read_only(database, key)
        try:
            return conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        finally:
            conn.close()
    except driver.Error:
        return None


def is_plaintext(database: Path) -> bool:
    """Whether the database file at ``database`` is a plain (unencrypted) SQLite file."""
    from workstation.db.connection import SQLITE_HEADER

    with open(database, "rb") as fh:
        return fh.read(16) == SQLITE_HEADER


def describe_replaced(data_dir: Path, folder: Path) -> dict:
    """{"name", "path", "replaced_at", "kind", "by", "by_created", "size", "files", "encrypted", "cases",
    "problem"}: "by" (the backup that replaced it, or the set put back) is None for a set of an earlier version,
    "cases" None when its database cannot be read now, "problem" says why it cannot be put back ("" when it can
    be tried)."""
    data_dir, folder = Path(data_dir), Path(folder)
    note = _read_note(folder)
    size, files = _size(folder)
    row = {"name": folder.name, "path": str(folder), "replaced_at": note.get("replaced_at") or _stamp_time(folder),
           "kind": note.get("kind"), "by": note.get("by"), "by_created": note.get("by_created"), "size": size,
           "files": files, "encrypted": None, "cases": None, "problem": ""}
    database = folder / DATABASE_NAME
    if not database.is_file():
        row["problem"] = _("It holds no database.")
        return row
    try:
        row["encrypted"] = not is_plaintext(database)
    except OSError as exc:
        row["problem"] = os_reason(exc)
        return row
    key = session.key_for(data_dir) if row["encrypted"] else None
    if row["encrypted"] and key is None:
        return row  # not counted: the data here is locked or not encrypted
    row["cases"] = _count_cases(database, key)
    return row


def list_replaced(data_dir: Path) -> list[dict]:
    """The data sets kept by restores and put-backs in ``backups/``, newest first (see ``describe_replaced``)."""
    return [describe_replaced(data_dir, folder) for folder in replaced_sets(data_dir)]


def remove_replaced(data_dir: Path, name: str, *, finish: bool = True) -> dict:
    """Remove the set ``name`` (or its path) under ``backups/``, as the officer asked: refused, nothing removed, when
    there is no such set, a restore or put-back is not finished (it may be swapping that set) or the set cannot be
    moved out of the list. ``finish``: one cut off by a crash is finished (or undone) first (``recover``), as an
    opening does — not from the window, whose connection to the database is open (its next start does it). Returns
    what was removed: {"removed" (its name), "path", "replaced_at", "cases", "size"} ("cases" None when its database
    could not be read)."""
    data_dir = Path(data_dir)
    if finish and journal_path(data_dir).exists():
        recover(data_dir)
    if journal_path(data_dir).exists() and not finish:  # the window: its data is open, no swap is finished here
        raise BackupRefused(_("A restore or put-back in {path} is not finished (another program may be doing it now, "
                              "or it was cut off): once it is done, or once the workstation is started again, "
                              "remove the data set; nothing was removed.").format(path=data_dir))
    if journal_path(data_dir).exists():  # a restore or put-back of another program is swapping now
        raise BackupRefused(_("A restore or put-back is under way in {path}: let it finish, then remove the data set; "
                              "nothing was removed.").format(path=data_dir))
    folder = find_replaced(data_dir, name)
    info = describe_replaced(data_dir, folder)
    try:
        _remove(folder, strict=True)
    except OSError as exc:
        raise BackupRefused(_("{name} could not be removed ({reason}); nothing was removed.").format(
            name=folder.name, reason=os_reason(exc))) from None
    LOG.info("a set of replaced data removed as asked (%s cases)", info["cases"])
    _audit(data_dir, "remove_replaced", folder.name, {"replaced_at": info["replaced_at"], "cases": info["cases"]})
    return {"removed": folder.name, "path": str(folder), "replaced_at": info["replaced_at"], "cases": info["cases"],
            "size": info["size"]}


def remove_replaced_task(data_dir: Path, name: str, *, progress: ProgressFn, cancel: CancelToken) -> dict:
    """``remove_replaced`` in the task-runner protocol (a set of many stored files takes a while to delete), for the
    window: a swap left unfinished is not finished here (the window's database connection is open)."""
    return remove_replaced(data_dir, name, finish=False)


def removed_text(result: dict) -> str:
    """What the officer is told of a set removed (``remove_replaced``)."""
    if result["cases"] is None:
        return _("{name} (the data replaced {when}) was removed.").format(name=result["removed"],
                                                                          when=_when(result["replaced_at"]))
    return _("{name} (the data replaced {when}, {n} cases) was removed.").format(
        name=result["removed"], when=_when(result["replaced_at"]), n=result["cases"])


def _remove(folder: Path, *, strict: bool = False) -> None:
    """Remove a set: first renamed out of the list at once (a removal cut off is finished by the next backup, which
    removes ``.restore-*`` folders of processes that are gone), then deleted. A rename that fails is raised when
    ``strict`` (the set stays whole), else only logged."""
    gone = folder.with_name(f".restore-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.replace(folder, gone)
    except OSError as exc:
        if strict:
            raise
        LOG.warning("replaced data not removed: %s", exc.strerror)
        return
    shutil.rmtree(gone, ignore_errors=True)


# putting a set back --------------------------------------------------------------------------------------------
def find_replaced(data_dir: Path, name: str) -> Path:
    """The folder of the set ``name`` (or its path) under ``backups/``; refused when there is none."""
    folder = backups_dir(Path(data_dir))
    candidate = Path(name).expanduser()
    where = candidate.parent
    if (where == Path(".") or where.resolve() == folder.resolve()) and candidate.name.startswith(PREFIX) \
            and (folder / candidate.name).is_dir():
        return folder / candidate.name
    raise BackupRefused(_("There is no data set {name} kept by a restore in {folder}: see the list of replaced data "
                          "(`backup replaced`).").format(name=name, folder=folder))


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # stored files are never changed in place: sharing them costs no space
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        shutil.copy2(source, target)


def _stage(source: Path, staging: Path) -> None:
    """A copy of the set's database (with its -wal) and links to its stored files in ``staging``; the set itself is
    left as it is."""
    staging.mkdir(parents=True)
    for suffix in ("", "-wal"):
        if Path(f"{source / DATABASE_NAME}{suffix}").is_file():
            shutil.copy2(f"{source / DATABASE_NAME}{suffix}", f"{staging / DATABASE_NAME}{suffix}")
    if (source / "files").is_dir():
        for path in sorted((source / "files").rglob("*")):
            target = staging / path.relative_to(source)
            if path.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif path.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(path, target)
    from workstation.filestore import sync_files

    sync_files([staging / DATABASE_NAME])


def _fold_wal(database: Path, data_dir: Path, name: str) -> None:
    """Write the staged copy's -wal into it, so the copy is whole by itself when it moves into place."""
    from workstation.backup import connect_file

    if not Path(f"{database}-wal").exists():
        return
    key = session.require_key(data_dir) if session.encrypted(data_dir) else None
    try:
        conn = connect_file(database, key)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except driver.Error as exc:
        raise BackupRefused(_("The database in {file} cannot be opened here ({reason}); the current data was not "
                              "changed.").format(file=name, reason=exc)) from None
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def put_back(data_dir: Path, name: str, *, keep_as: str | None = None, progress: ProgressFn | None = None,
             cancel: CancelToken | None = None) -> dict:
    """Put the set ``name`` back in place of the current data, which is kept as a new set first (``keep_as`` or
    ``replaced-<stamp>``). The caller has closed its database connection. Refused with nothing changed when the
    set is missing or damaged, the data is open in another workstation, or the disk is full. Returns {"put_back",
    "replaced_at", "cases", "kept" (the new set; None when there was no data to keep), "removed" (always empty:
    no set is removed but when asked, ``remove_replaced``)}. Noted in the data directory while it runs, as a
    restore is (``repair.restore_claimed``): a program opening the data meanwhile is refused."""
    data_dir = Path(data_dir)
    with restore_claimed(data_dir):
        return _put_back(data_dir, name, keep_as=keep_as, progress=progress, cancel=cancel)


def _put_back(data_dir: Path, name: str, *, keep_as: str | None, progress: ProgressFn | None,
              cancel: CancelToken | None) -> dict:
    progress = progress or no_progress
    if journal_path(data_dir).exists():
        recover(data_dir)
    source = find_replaced(data_dir, name)
    info = describe_replaced(data_dir, source)
    if not (source / DATABASE_NAME).is_file():
        raise BackupRefused(_("{name} holds no database, so it cannot be put back; the current data was not "
                              "changed.").format(name=source.name))
    _refuse_open_elsewhere(data_dir)
    staging = backups_dir(data_dir) / f".restore-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        progress(0, 3, _("Copying the replaced data"))
        try:
            _stage(source, staging)
        except OSError as exc:
            raise BackupRefused(_("{name} could not be prepared in {folder} ({reason}); the current data was not "
                                  "changed.").format(name=source.name, folder=backups_dir(data_dir),
                                                     reason=os_reason(exc))) from None
        progress(1, 3, _("Checking the replaced data"))
        _fold_wal(staging / DATABASE_NAME, data_dir, source.name)
        _check_restored_database(staging / DATABASE_NAME, data_dir, source.name)
        putting_back = {"name": source.name, "replaced_at": info["replaced_at"], "cases": info["cases"]}
        kept = _swap_in(data_dir, staging, keep_as, cancel, progress, 2, 3, putting_back=putting_back)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = _after_put_back(data_dir, putting_back, kept)
    progress(3, 3, _("Replaced data put back"))
    LOG.info("replaced data put back; %s", "the data it replaced is kept" if result["kept"] else "nothing to keep")
    return result


def _after_put_back(data_dir: Path, putting_back: dict, kept: Path, *, audited: bool = False) -> dict:
    """What a put-back does once the set's data is in place (also done by the start after a crash that cut it off
    there: ``finish_cut_off``): the note of the data it replaced (kept in ``kept``), the audit entry, the set's
    removal (its data is the current data again); then the swap's journal goes. No other set is removed.
    ``audited``: the audit entry is there already (written before a crash). Returns the put-back's result."""
    clear_unclean(data_dir)  # the data now is the set's, checked whole before it came in
    name = putting_back["name"]
    kept_name = None if _drop_if_empty(kept) else kept.name
    if kept_name:
        note_replaced(kept, kind="put_back", by=name, by_created=putting_back.get("replaced_at"))
    if not audited:
        _audit_put_back(data_dir, name, putting_back.get("replaced_at"), kept_name)
    # as after a restore: the numbers the data replaced took since the set was replaced (on paper already) stay taken,
    # and the bundles it sent meanwhile hold the numbering
    numbers = keep_numbers(data_dir, str(kept) if kept_name else None, putting_back.get("replaced_at") or "",
                           put_back=True)
    source = backups_dir(data_dir) / name
    if name.startswith(PREFIX) and source.is_dir():
        _remove(source)  # its data is the current data again
    journal_path(data_dir).unlink(missing_ok=True)  # the put-back is whole: a crash from here on leaves it done
    # "removed" stays, empty: no set is removed but when the officer asks (``remove_replaced``)
    return {"put_back": name, "replaced_at": putting_back.get("replaced_at"), "cases": putting_back.get("cases"),
            "kept": str(kept) if kept_name else None, "removed": [], **numbers}


def put_back_advice(result: dict) -> str:
    """What an officer must know after a put-back (``backup put-back`` and the start finishing one say it; "" when
    there was no data to keep): the work done since the data put back was replaced is not in it, but kept aside;
    the bundles that data exported meanwhile, with the way out should headquarters have taken them; the numbering
    hold placed for them."""
    from workstation.backup_restore import hold_lines, sent_list
    from workstation.numbering_hold import put_back_command

    if not result.get("kept"):
        return ""
    when = _when(result.get("replaced_at"))
    lines = [_("The work done since {when} — cases, leads, complaints, interviews, publicity activities, documents, "
               "evidence registered, case numbers, document numbers and bundles — is not in the data put back: it is "
               "kept in {kept}.").format(when=when, kept=result["kept"])]
    if result.get("exported_after") is not None:  # the data kept could be read: its numbers were carried
        lines.append(_("The case numbers and document numbers taken in it stay taken here, so that none is given "
                       "twice."))
    sent = result.get("exported_after") or []
    if sent:
        lines.append(_("Bundles exported from that data since {when}: {bundles}. If headquarters imported them, it "
                       "will refuse this station's further bundles; the way out, first of all: put that data back "
                       "again (File → Backups… → Data kept before restores…, or `{put_back}`).").format(
            when=when, bundles=sent_list(sent), put_back=put_back_command(Path(result["kept"]).name)))
        lines.append(_("Only if the data is not put back: before filing a case or issuing a document, import "
                       "headquarters' hand-out for this station made after headquarters imported {file}, so that no "
                       "case number or document number is given twice.").format(file=sent[-1]["file"]))
    return "\n".join(lines + hold_lines(result))


def _audit_put_back(data_dir: Path, name: str, replaced_at: str | None, kept: str | None) -> None:
    """Write the put-back into the audit log of the data put back (after the swap, as a restore is written): the set,
    when it had been replaced, the set keeping the data it replaced (None: there was none) and who put it back."""
    _audit(data_dir, "put_back", name, {"put_back": name, "replaced_at": replaced_at, "kept": kept})


def _audit(data_dir: Path, action: str, name: str, details: dict) -> None:
    """Write ``action`` on the set ``name`` into the audit log of the data in ``data_dir``, with ``details`` and who
    did it. What it records is done either way: a database that cannot take the entry is logged."""
    from workstation.audit import AuditWriter, current_actor
    from workstation.db.connection import connect
    from workstation.errors import WorkstationError
    from workstation.paths import database_path

    try:
        db = connect(database_path(data_dir))
        try:
            with db.atomic():
                audit = AuditWriter(db)
                audit.add(action, "database", name, None, {**details, "officer": current_actor()})
                audit.flush()
        finally:
            db.conn.close()
    except (WorkstationError, *driver.Error, OSError) as exc:
        LOG.warning("%s not written into the audit log: %s", action, type(exc).__name__)


def finish_cut_off(data_dir: Path, journal: dict, putting_back: dict) -> str:
    """Do what a put-back cut off after its swap had left undone (``backup_restore.recover``); what the officer is
    told of it."""
    audited = audited_since(Path(data_dir), "put_back", putting_back["name"], journal.get("started"))
    result = _after_put_back(Path(data_dir), putting_back, backups_dir(Path(data_dir)) / journal["replaced"],
                             audited=audited)
    names = {"name": result["put_back"], "when": _when(result["replaced_at"])}
    if result["kept"]:
        said = _("The put-back of {name} (the data replaced {when}) was cut off after it had replaced the data, and "
                 "was finished now: the data is that set's; the data it replaced is kept in {kept}.").format(
            kept=result["kept"], **names)
        return f"{said}\n{put_back_advice(result)}"
    return _("The put-back of {name} (the data replaced {when}) was cut off after it had replaced the data, and was "
             "finished now: the data is that set's; there was no data here to keep.").format(**names)


def not_put_back_text(putting_back: dict) -> str:
    """What the officer is told of a put-back cut off before it replaced the data (undone by
    ``backup_restore.recover``)."""
    return _("The put-back of {name} was cut off before it replaced the data: the data is as it was, and {name} is "
             "still kept. Put it back again if it is still wanted (`backup put-back {name}`).").format(
        name=putting_back["name"])


def _when(stamp: str | None) -> str:
    return short_time(stamp) or "?"


def put_back_task(data_dir: Path, name: str, *, keep_as: str | None = None, progress: ProgressFn,
                  cancel: CancelToken) -> dict:
    """``put_back`` in the task-runner protocol."""
    return put_back(data_dir, name, keep_as=keep_as, progress=progress, cancel=cancel)

