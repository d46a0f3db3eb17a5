"""Backups of a data directory and their restore.

A backup is one file ``workstation-backup-<station>-<YYYYmmdd-HHMMSS>.wsbackup`` (format in ``backup_format``): a
consistent copy of the database made with SQLite's online backup API while the workstation runs (encrypted with
the same key when the data is), and the file store's files, the whole payload sealed under a key derived from the
database key. It is written as ``.part``, flushed and renamed, so a crash or a full disk never leaves half a backup
that counts; the newest ``keep`` backups of this station are kept. Folder, ``keep`` and the time of the last backup
live in ``<data dir>/backup.json`` (not in the database, so they survive a restore), changed under ``backup.lock``
(``workstation.shared_file``).

A restore checks the whole backup first, unpacks it to a staging folder, checks the database there, and only then
swaps it in; the current database and files are kept in ``backups/replaced-<stamp>/`` (the newest of these sets
are kept, and one can be put back: ``backup_replaced``). A failure
during the swap puts the current data back; a crash during it is undone at the next start (``mark_open``). The
swap itself is in ``backup_restore``, the file format in ``backup_format``, the checks in ``repair``."""

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

from workstation.audit import current_actor
from workstation.backup_format import (
    FORMAT,
    SUFFIX,
    VERSION,
    BackupNotRecorded,
    BackupRefused,
    Meter,
    foreign_backup,
    header_room,
    make_private_folder,
    read_header,
    read_payload,
    valid_member,
    write_archive,
)
from workstation.db import Database, driver
from workstation.db.connection import damage_said, restore_way, sqlite_reason
from workstation.errors import WorkstationError, join_sentences, name_too_long, os_reason, shortened_path
from workstation.i18n import _, ngettext
from workstation.paths import DATABASE_NAME, backups_dir, database_path, journal_path
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import SHANGHAI, now, program_time, short_time
from workstation.repair import (
    MADE_NOTE_PREFIX,
    full_check,
    mark_closed,
    mark_open,
    quick_check,
    restore_claimed,
    this_process,
    was_unclean,
)
from workstation.security import session
from workstation.shared_file import exclusive, fsync_dir, write_whole

__all__ = ["BackupRefused", "create_backup", "list_backups", "verify_backup", "restore_backup", "last_good_backup",
           "due_backup", "days_since_backup", "last_backup_gone", "latest_backup", "passphrase_change_note",
           "on_the_data_disk", "backup_settings", "save_backup_settings", "backup_folder", "mark_open", "mark_closed",
           "was_unclean", "quick_check", "full_check", "close_database", "reopen_database", "remove_plaintext_backups",
           "plaintext_backups"]

LOG = logging.getLogger("workstation.backup")
SETTINGS_NAME = "backup.json"
SETTINGS_LOCK = "backup.lock"
DEFAULT_KEEP = 7
MAX_KEEP = 365
DUE_AFTER = dt.timedelta(hours=24)
PREFIX = "workstation-backup-"
STAMP = "%Y%m%d-%H%M%S"
#: a backup being written: ``<backup>.<pid>-<mark>.part`` (``_part_mark``; ``<backup>.<pid>.part``: an earlier version's)
PART = re.compile(r"^(?P<final>.+\.wsbackup)\.(?P<pid>\d+)(?:-(?P<mark>[0-9a-f]{16}))?\.part$")
# the folder a backup copies the database into before writing it, in the backup folder chosen when the data disk
# refuses it (full, read-only): named by the process and this data's mark (``_part_mark``), so that only this
# data's, of a process gone, is swept (``_remove_stale_parts``)
STAGED_PREFIX = ".workstation-staging-"
STAGED = re.compile(r"^\.workstation-staging-(?P<pid>\d+)-(?P<mark>[0-9a-f]+)-[0-9a-f]{8}$")


# settings ------------------------------------------------------------------------------------------------------
def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_NAME


def check_keep(value) -> int:
    """How many backups to keep, refused unless a whole number from 1 to 365."""
    try:
        keep = int(value)
    except (TypeError, ValueError):
        keep = 0
    if not 1 <= keep <= MAX_KEEP or str(value).strip() != str(keep):
        raise BackupRefused(_("Keep {value} backups? Give a whole number from 1 to {most}.").format(
            value=value, most=MAX_KEEP))
    return keep


def backup_settings(data_dir: Path) -> dict:
    """{"folder" (None: the default), "keep", "last_backup", "last_path", "station", "folders" (every folder chosen
    or written to so far: where an encryption looks for unencrypted backups), "damaged" (the paths of the backups a
    rotation found damaged: ``list_backups`` says so), "part_mark" (what the names of this data's half-written backups
    and its backups' headers carry: ``_part_mark``; None before the first backup, and when the file was copied with
    the data folder: the mark is another folder's), "mark_folder" (the folder the mark was made for:
    ``_folder_id``; another folder's when the file was copied with the data folder: ``_copied_from``; this folder's
    when the data folder was moved or renamed)}; defaults when the file is missing or unreadable."""
    path = settings_path(data_dir)
    try:  # a pipe or a device in its place is not read (it would wait for ever): the defaults, as for a missing file
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        data = {}
    data = data if isinstance(data, dict) else {}
    keep = data.get("keep")
    mark = data["part_mark"] if isinstance(data.get("part_mark"), str) and re.fullmatch(
        "[0-9a-f]{16}", data["part_mark"]) else None
    owner = data.get("mark_folder") if isinstance(data.get("mark_folder"), str) else None
    here = _folder_id(data_dir)
    if mark and owner and owner != here:
        if _copied_from(owner, mark):  # copied with the data folder: the original's mark
            mark = None  # "mark_folder" still names the original (kept by a later save): "last_path" is the original's
        else:  # the data folder moved or renamed: its mark, its backups (this folder's, from the next save on)
            owner = here
    return {"folder": data.get("folder") or None,
            "keep": keep if isinstance(keep, int) and 1 <= keep <= MAX_KEEP else DEFAULT_KEEP,
            "last_backup": data.get("last_backup"), "last_path": data.get("last_path"),
            "station": data.get("station") or None,
            "folders": [f for f in data.get("folders") or () if isinstance(f, str) and f] if isinstance(
                data.get("folders"), list) else [],
            "damaged": [f for f in data.get("damaged") or () if isinstance(f, str) and f] if isinstance(
                data.get("damaged"), list) else [],
            "part_mark": mark, "mark_folder": owner}


def _copied_from(owner: str, mark: str) -> bool:
    """Whether a ``backup.json`` whose mark ``mark`` was made for the folder ``owner`` (its "mark_folder", another
    folder than the one it is in) was copied from there with the data folder: that folder is still there and its own
    ``backup.json`` keeps the same mark. Otherwise (the folder gone, or its mark another: its ``backup.json`` lost) the
    data folder was moved or renamed, and the mark is its own."""
    path = settings_path(Path(owner))
    try:
        if not path.is_file():
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # unreadable there too: that folder has no mark now
        return False
    except OSError:  # there, but not to be read (no permission): taken for a copy, whose encryption removes none
        return True
    return isinstance(data, dict) and data.get("part_mark") == mark


def _folder_id(data_dir: Path) -> str:
    """The data folder as its backups' headers and ``backup.json`` name it (its resolved path): a copy of the folder
    elsewhere, or the data restored into another folder, is another folder, with a mark of its own."""
    return str(Path(data_dir).resolve())


def save_backup_settings(data_dir: Path, **changes) -> dict:
    """Change some settings (``folder=None`` goes back to the default folder) and return them all. The file is read
    again and written under ``backup.lock``, so a change made meanwhile by another program (the window's daily
    backup, a command) is kept, and written whole or not at all."""
    if "keep" in changes:
        changes["keep"] = check_keep(changes["keep"])
    if changes.get("folder"):
        folder = Path(changes["folder"]).expanduser().absolute()
        # ``<data dir>/backups`` named is the default folder: remembered as such, so that a copy of the data
        # directory backs up into its own, never into this one's
        changes["folder"] = None if default_named(data_dir, folder) else str(folder)
    path = settings_path(data_dir)
    try:
        with exclusive(Path(data_dir) / SETTINGS_LOCK, path):
            before = backup_settings(data_dir)
            settings = {**before, **changes}
            settings["folders"] = _folders_used(data_dir, before, settings)
            write_whole(path, json.dumps(settings, ensure_ascii=False, indent=1))
    except WorkstationError as exc:  # refused as every other failure of a backup
        raise BackupRefused(exc.message) from None
    chosen = {key: before.get(key) for key in ("folder", "keep")}
    if any(key in changes and settings.get(key) != chosen[key] for key in chosen):
        # the officer's choice of the backup folder or of the number kept, audited as the idle lock is; a backup made
        # records its own (``_audit_backup``), the time of the last backup is no choice
        _audit_settings(data_dir, chosen, {key: settings.get(key) for key in chosen})
    return settings


def _audit_settings(data_dir: Path, before: dict, after: dict) -> None:
    """Write the change of the backup folder or of the number of backups kept into the audit log of the data
    directory's database (action "update", entity "backup_settings"); a database that cannot take it now (none yet,
    locked, read only) leaves the settings changed, and the log says so."""
    from workstation.audit import append_in

    append_in(data_dir, "update", "backup_settings", "backup", before, after, what="backup settings change")


def _folders_used(data_dir: Path, before: dict, after: dict) -> list[str]:
    """The folders backups were chosen or written to, ``before`` a change of the settings and ``after`` it: a backup
    made in a folder chosen earlier is still there when another is chosen. None inside the data directory: its
    ``backups`` folder is looked into anyway (``backup_places``), and a copy of the data directory (``cp -a``, the
    same station) would otherwise name this one's, and encrypting the copy remove this one's backups."""
    named = [*before["folders"], before["folder"], after["folder"]]
    named += [str(Path(s["last_path"]).parent) for s in (before, after) if s.get("last_path")]
    return list(dict.fromkeys(f for f in named if f and not _inside(data_dir, f)))


def _resolved(path: str | os.PathLike) -> Path | None:
    """``path`` with its links followed (None when that fails: a loop of links)."""
    try:
        return Path(path).expanduser().absolute().resolve()
    except (OSError, RuntimeError):
        return None


def _inside(data_dir: Path, folder: str | os.PathLike) -> bool:
    """Whether ``folder`` is the data directory or inside it, links followed."""
    data, place = _resolved(data_dir), _resolved(folder)
    return data is not None and place is not None and (place == data or data in place.parents)


def default_named(data_dir: Path, folder: str | os.PathLike) -> bool:
    """Whether the backup folder ``folder`` is the default one, ``<data dir>/backups``; refused (BackupRefused) when
    it is elsewhere inside the data directory (the data directory itself, its file store, ``station``): a restore
    swaps those folders, taking the backups in them along, and a copy of the data directory would hold them. A file
    named as the folder is left to the backup's own refusal of it (``_prepare_folder``): nothing is written there."""
    place = Path(folder).expanduser().absolute()
    if not _inside(data_dir, place) or (place.exists() and not place.is_dir()):
        return False
    if _resolved(folder) == _resolved(backups_dir(Path(data_dir))):
        return True
    raise BackupRefused(_("The backup folder {folder} is inside the data directory {data}, which holds the "
                          "workstation's database, keys and files: choose another folder, or the default one "
                          "({default}).").format(folder=place, data=_resolved(data_dir),
                                                 default=backups_dir(Path(data_dir))))


def _of_another_data_dir(data_dir: Path, folder: str | os.PathLike) -> bool:
    """Whether ``folder`` is inside another data directory than ``data_dir`` (a folder above it holds a database of
    its own): the ``backups`` folder of the data directory this one was copied from, named by its ``backup.json``."""
    own, place = _resolved(data_dir), _resolved(folder)
    if own is None or place is None:
        return False
    for parent in (place, *place.parents):
        if parent == own:
            return False
        try:
            if database_path(parent).is_file():
                return True
        except OSError:  # not readable: no data directory known there
            continue
    return False


def backup_folder(data_dir: Path, settings: dict | None = None) -> Path:
    """Where backups go: the chosen folder, else ``<data dir>/backups`` — also when the chosen folder is inside
    another data directory (``_of_another_data_dir``): an earlier version's ``backup.json``, copied with the data
    directory, names the original's ``backups`` by its absolute path, and this copy's backups (and their rotation, and
    the removal of unencrypted ones once encrypted) would be made among the original's."""
    settings = settings or backup_settings(data_dir)
    if settings["folder"] and not _of_another_data_dir(data_dir, settings["folder"]):
        return Path(settings["folder"])
    return backups_dir(Path(data_dir))


# helpers -------------------------------------------------------------------------------------------------------
def _station_of(db: Database) -> str:
    row = db.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT value FROM settings WHERE key = 'station_id'").fetchone()
    return row[0] if row else ""


def _station_card(db: Database) -> dict:
    """What a backup's header says of the station that made it, beyond its id: its name and key fingerprint (so
    that a refusal elsewhere can name it)."""
    from workstation.station import this_station

    own = this_station(db)
    return {"station_name": own.name or "", "station_fingerprint": own.fingerprint or ""} if own else {}


def _station_known_here(data_dir: Path, station: str) -> tuple[str, str] | None:
    """(name, fingerprint) of the station ``station`` as this data directory's database knows it (headquarters knows
    its laptops), or None."""
    from workstation.db.connection import connect
    from workstation.station import known_station

    try:
        db = connect(database_path(data_dir))
    except (WorkstationError, *driver.Error):
        return None
    try:
        known = known_station(db, station)
    except driver.Error:
        known = None
    finally:
        db.conn.close()
    return (known.name, known.fingerprint) if known else None


def _maker(data_dir: Path, header: dict) -> str | None:
    """The station that made a backup, as messages name it after the word "station" (``station_label``); None when
    neither the backup nor this data directory knows anything of it but its id."""
    from workstation.station import station_label

    name, fingerprint = header.get("station_name") or "", header.get("station_fingerprint") or ""
    if not name and not fingerprint and header.get("station"):
        name, fingerprint = _station_known_here(data_dir, header["station"]) or ("", "")
    if not name and not fingerprint:
        return None
    return station_label(name, fingerprint)


def _unnamed_maker(data_dir: Path, header: dict) -> str | None:
    """When the station that made a backup was never named (``unnamed``): its key fingerprint ("" when not known),
    so that a message names it as an unnamed station, not "station 未命名"; None when it has a name."""
    from workstation.station import unnamed

    name, fingerprint = header.get("station_name") or "", header.get("station_fingerprint") or ""
    if not name and not fingerprint and header.get("station"):
        name, fingerprint = _station_known_here(data_dir, header["station"]) or ("", "")
    return fingerprint if unnamed(name) else None


def _current_station(data_dir: Path) -> str | None:
    """This data directory's station id, from its database if it opens, else as recorded at the last backup."""
    from workstation.db.connection import connect

    path = database_path(data_dir)
    station = None
    if path.is_file():
        try:
            db = connect(path)
        except (WorkstationError, *driver.Error):
            db = None
        if db is not None:
            try:
                station = _station_of(db) or None
            except driver.Error:
                station = None
            finally:
                db.conn.close()
    return station or backup_settings(data_dir)["station"]


def _tag(station: str, data_dir: Path) -> str:
    if station:
        return station.replace("-", "")[:8]
    return re.sub(r"[^0-9A-Za-z_.]+", "-", Path(data_dir).resolve().name).strip("-.") or "data"


def _failure(exc: OSError, folder: Path, *, staging: bool = False) -> BackupRefused:
    """Why the backup was not written, and what to do; ``staging``: the copy of the database made first in
    ``folder`` of the data directory failed (another backup folder would not help)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT) and staging:
        return BackupRefused(_("The backup was not written: the disk holding {folder} is full (the database is "
                               "copied there first, whichever backup folder is chosen). Free some space on it, then "
                               "try again; the earlier backups are intact.").format(folder=folder))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and staging:
        return BackupRefused(_("The backup was not written: {folder} in the data directory is read-only or may not be "
                               "written, and the database is copied there first, whichever backup folder is chosen. "
                               "Make the data directory writable (or copy it to a writable disk), then try again; the "
                               "earlier backups are intact.").format(folder=folder))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BackupRefused(_("The backup was not written: the disk holding {folder} is full. Free some space or "
                               "choose another folder; the earlier backups are intact.").format(folder=folder))
    if exc.errno == errno.EFBIG:
        return BackupRefused(_("The backup was not written: it is too large for the disk holding {folder} (a USB stick "
                               "formatted as FAT32 takes no file of 4 GB or more). Choose a folder on another disk; "
                               "the earlier backups are intact.").format(folder=folder))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return BackupRefused(_("The backup was not written: {folder} is read-only or may not be written. Choose "
                               "another folder; the earlier backups are intact.").format(folder=folder))
    return BackupRefused(_("The backup was not written to {folder}: {reason}").format(
        folder=shortened_path(folder) if name_too_long(exc) else folder, reason=os_reason(exc)))


def damaged_database_way(data_dir: Path, *, checked: bool = False) -> str:
    """What to do about a damaged database in ``data_dir``: check it (unless ``checked``: the check found it), then
    restore the latest backup of this station not found damaged, named; or, with none, keep the data directory
    safe and ask for help."""
    data_dir = Path(data_dir)
    said = [] if checked else [_("Check it: File → Backups… → Check database integrity, or `backup check --full`.")]
    said.append(restore_way(data_dir, latest_backup(data_dir, sound=True), sound=True))
    return join_sentences(said)


def _database_failure(exc: Exception, folder: Path, data_dir: Path | None = None, *,
                      staging: bool = True) -> BackupRefused:
    """Why the copy of the database in ``folder`` (the data directory's, unless not ``staging``: the backup folder
    chosen) failed; a database found damaged is named (``data_dir``'s), with the way out
    (``damaged_database_way``)."""
    if data_dir is not None and damage_said(exc):
        return BackupRefused(join_sentences([
            _("The backup was not written: the database {path} is damaged, and a copy of it would carry the "
              "damage; the earlier backups are intact.").format(path=database_path(data_dir)),
            damaged_database_way(data_dir)]))
    text = str(exc).lower()
    if "full" in text:
        return _failure(OSError(errno.ENOSPC, "full"), folder, staging=staging)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return _failure(OSError(errno.EROFS, "read-only"), folder, staging=staging)
    if "disk i/o error" in text:
        return BackupRefused(_("The backup was not written: the disk holding {folder} reported an input/output error "
                               "while the database was copied there (it may be full, or failing). Free some space on "
                               "it or check it, then try again; the earlier backups are intact.").format(folder=folder))
    return BackupRefused(_("The database could not be copied: {reason}").format(reason=sqlite_reason(exc)))


def _copy_failure(exc: Exception, data_dir: Path, folder: Path | None = None, *,
                  staging: bool = False) -> BackupRefused:
    """Why the copy of the database a backup makes first failed: in ``folder`` (the backup folder chosen, where it is
    made when the data disk refuses it), else in the data directory's ``backups`` (``staging``: where it is made
    whichever backup folder is chosen, the data disk not full nor read-only)."""
    place = folder or backups_dir(Path(data_dir))
    if isinstance(exc, OSError):
        return _failure(exc, place, staging=staging)
    return _database_failure(exc, place, data_dir, staging=staging)


#: what a data disk that refuses the copy of the database says: full, over its quota, read-only, not to be written
REFUSED_BY_DISK = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def _data_disk_refused(exc: Exception, data_dir: Path) -> bool:
    """Whether the failure ``exc`` of the copy of the database in ``<data dir>/backups`` is its disk refusing it
    (full, read-only, not to be written): made in another backup folder it may succeed. SQLite says a folder cannot
    be written only as "read-only" or "unable to open", which is taken as the disk's only when it is so."""
    from workstation.data_folder import on_read_only_disk

    if isinstance(exc, OSError):
        return exc.errno in REFUSED_BY_DISK
    if damage_said(exc):
        return False
    text = str(exc).lower()
    if "full" in text or "disk i/o error" in text:
        return True
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        folder = backups_dir(Path(data_dir))
        place = folder if folder.is_dir() else Path(data_dir)
        return on_read_only_disk(place) or not os.access(place, os.W_OK)
    return False


def _staging_in(folder: Path, mark: str) -> Path:
    """A new staging folder for the copy of the database in the backup folder ``folder``, the owner's only where the
    medium keeps permissions (a FAT-formatted stick keeps none)."""
    staging = folder / f"{STAGED_PREFIX}{os.getpid()}-{mark}-{secrets.token_hex(4)}"
    staging.mkdir(mode=0o700)
    try:
        os.chmod(staging, 0o700)
    except OSError:
        pass
    return staging


# a hard link refused by the medium itself (a FAT- or exFAT-formatted stick, some network shares)
NO_LINKS = {errno.EPERM, errno.EACCES, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS}


def _replace(source: Path, target: Path) -> None:
    """Put the written backup ``source`` in place as ``target``, never over a file there: FileExistsError when one
    is (a backup another program made in the same second put in place first). A hard link takes the name in one
    step and ``source`` goes after it; on a medium without hard links the name is taken by creating it (O_EXCL),
    then the backup is renamed over that empty file."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in NO_LINKS:
            raise
    else:
        _discard(source)
        return
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        os.replace(source, target)
    except BaseException:
        _discard(target)  # the empty file taken for the name, never a backup
        raise


def _stamp() -> str:
    return dt.datetime.fromisoformat(now()).strftime(STAMP)


def _timeout() -> float:
    from workstation.db.connection import busy_timeout_ms

    return busy_timeout_ms() / 1000


def connect_file(path: Path, key: bytes | None):
    if key is None:
        return driver.connect_plain(str(path), _timeout())
    return driver.connect_encrypted(str(path), _timeout(), key)


# creating ------------------------------------------------------------------------------------------------------
def _prepare_folder(folder: Path, *, make: bool = True) -> None:
    """Check the backup folder, making it when ``make`` (a folder named now, or the data directory's own): a folder
    chosen earlier (a USB stick's root) that is missing now is the drive not plugged in, never made on the laptop's
    disk in its place — its parent (/media/user) is there."""
    try:  # a name the system takes as too long (over 255 bytes): the backup not written there, said so
        os.lstat(folder)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _failure(exc, folder) from None
    if folder.exists() and not folder.is_dir():
        raise BackupRefused(_("{folder} is a file, not a folder: choose another backup folder.").format(
            folder=folder))
    if not make and not folder.is_dir():
        raise BackupRefused(_("The backup folder {folder} is not available: plug in the drive or choose another "
                              "folder.").format(folder=folder))
    try:
        # not with its parents: a USB stick that is not plugged in must not become a folder on the laptop's disk
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise BackupRefused(_("The backup folder {folder} is not available: plug in the drive or choose another "
                              "folder.").format(folder=folder)) from None
    except OSError as exc:
        raise _failure(exc, folder) from None


def check_writable(folder: str | os.PathLike) -> None:
    """Refuse (BackupRefused, saying as a backup into it would: ``_failure``) a backup folder being chosen that
    cannot be written (a stick locked read-only, a share without the right to write), so that it is not remembered
    and the daily backup does not fail there every day: a file is made in it and removed again (for a folder not
    there yet, in the folder it would be made in)."""
    folder = Path(folder).expanduser().absolute()
    place = folder if folder.is_dir() else folder.parent
    probe = place / f".workstation-write-test-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise _failure(exc, folder) from None
    try:
        probe.unlink()
    except OSError as exc:  # made but not removed: as read-only for removing the older backups
        LOG.warning("test file in the backup folder not removed: %s", exc.strerror)
        raise _failure(exc, folder) from None


def _stored_files(data_dir: Path, named: set[str] | None = None) -> list[tuple[str, Path]]:
    """The stored files as backup members; with ``named``, only those whose sha256 is in it."""
    root = Path(data_dir) / "files"
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.glob("*/*")):
        name = f"files/{path.parent.name}/{path.name}"
        if (named is None or path.name in named) and path.is_file() and valid_member(name):
            found.append((name, path))
    return found


def _named_by_copy(copy: Path, key: bytes | None) -> set[str]:
    """The sha256 of every stored file a row of the backup's database copy names (``filestore.named_files``): the
    files the backup carries, the store listed after the copy was taken. Every one of them was put into the store
    before the record naming it was committed, so before the copy; a file a program killed while adding it left,
    which no record names, is not carried (``backup check --full`` finds it). Read from the copy itself, never from
    the live database: a record another program commits after such a look, before the copy, would name a file the
    backup lacked, and neither its verify nor its restore would notice."""
    from workstation.filestore import named_files

    conn = connect_file(copy, key)
    try:
        return named_files(conn)
    finally:
        conn.close()


def stored_owners(conn, shas: list[str]) -> list[dict]:
    """Each stored file of ``shas`` as an officer knows it: {"sha256", "what"}, "what" naming the evidence file or
    issued document that holds it and its case (as an export's refusal names them: ``bundle.writer``), else the
    file by the start of its sha256. ``conn``: a connection to the database that names them (a copy's, or the live
    one's); a database that cannot say (damaged) leaves the files named by their sha256."""
    from workstation.case_reference import case_named

    found = []
    for sha in shas:
        owners = []
        try:
            for file_name, number, party, cause in conn.execute(
                    "SELECT e.file_name, c.case_number, c.party_names, c.cause FROM evidence e LEFT JOIN cases c "
                    "ON c.id = e.case_id WHERE e.sha256 = ? ORDER BY e.rowid", [sha]).fetchall():
                owners.append(_("The stored copy of evidence file {file} of case {case}").format(
                    file=file_name, case=case_named(number, party or "", cause or "")))
            for number, title, case_number, party, cause in conn.execute(
                    "SELECT d.number, d.title, c.case_number, c.party_names, c.cause FROM documents d LEFT JOIN cases "
                    "c ON c.id = d.case_id WHERE d.pdf_sha256 = ? ORDER BY d.rowid", [sha]).fetchall():
                if case_number is not None:
                    owners.append(_("The stored PDF of document {document} ({title}) of case {case}").format(
                        document=number or "—", title=title or "", case=case_named(case_number, party or "",
                                                                                  cause or "")))
                else:  # an interview's or a lead's document
                    owners.append(_("The stored PDF of document {document} ({title})").format(
                        document=number or "—", title=title or ""))
        except driver.Error:
            owners = []
        what = _("; ").join(owners) or _("The stored file {name}").format(name=sha[:12])  # ；in Chinese
        found.append({"sha256": sha, "what": what})
    return found


def missing_stored_files(db: Database, data_dir: Path) -> list[dict]:
    """The stored files the records name that are not in the file store (one look at each file's entry, none read):
    ``stored_owners`` of each; [] when the database cannot say which it names (damaged: its check says so)."""
    from workstation.filestore import file_path, named_files

    try:
        named = named_files(db)
    except driver.Error:
        return []
    lacking = [sha for sha in sorted(named) if not file_path(data_dir, sha).is_file()]
    return stored_owners(db, lacking) if lacking else []


def missing_files_problems(db: Database, data_dir: Path) -> list[str]:
    """``missing_stored_files`` as the problems of the quick check (`backup check`): each named, one a line."""
    return [_("{what} is missing from the data folder.").format(what=found["what"])
            for found in missing_stored_files(db, data_dir)]


def _station_keys(data_dir: Path) -> list[tuple[str, Path]]:
    """The station's private key files (signing, receiving) as backup members."""
    from workstation.station import BOX_KEY_FILE, SIGN_KEY_FILE, key_dir

    found = []
    for file_name in (SIGN_KEY_FILE, BOX_KEY_FILE):
        path = key_dir(data_dir) / file_name
        if path.is_file():
            found.append((f"station/{file_name}", path))
    return found


def backup_keyring(data_dir: Path) -> dict:
    """What of the keyring a backup carries: the sealed entries, never the count of failed attempts."""
    from workstation.security import keyring

    data = keyring.load(data_dir) or {}
    return {"version": data.get("version"), "entries": data.get("entries", [])}


def database_bytes(db: Database) -> int:
    """The size of the database's pages in use, free pages left out: what its copy (``VACUUM INTO``) writes."""
    pages = int(db.execute("PRAGMA page_count").fetchone()[0]) - int(db.execute("PRAGMA freelist_count").fetchone()[0])
    return pages * int(db.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher says them as text


def _vacuum_into(db: Database, target: Path) -> None:
    """Write the database without its free pages to ``target`` (a new file)."""
    db.conn.execute("VACUUM INTO ?", [str(target)])


#: how many SQLite virtual-machine steps pass between two looks at the copy's size and at Cancel
COPY_STEPS = 1000


def _copy_database(db: Database, staging: Path, key: bytes | None, meter: Meter | None = None) -> Path:
    """A consistent copy of the database without its free pages (``VACUUM INTO``: one read transaction, so a
    snapshot however others write meanwhile; under SQLCipher the copy is keyed like the database, with ``key``),
    checked to open. Its progress is the size the copy has reached, counted on ``meter`` every ``COPY_STEPS`` steps
    of SQLite, which look at Cancel too: a Cancel interrupts the copy, and the part written is thrown away with the
    staging folder. A Ctrl+C Python raises in such a look stops the copy the same way and is raised as itself, not
    as SQLite's "interrupted"."""
    make_private_folder(staging)  # a copy of the whole database: the owner's only, like the data directory's keys
    target = staging / DATABASE_NAME
    stopped: list[BaseException] = []
    if meter is not None:
        start = meter.done

        def look() -> int:
            try:
                if meter.cancel is not None:
                    meter.cancel.check()
                meter.at(start + (target.stat().st_size if target.exists() else 0))
            except BaseException as exc:  # noqa: BLE001 - raised again below, as itself
                # SQLite would only see a non-zero return: a Cancel, a Ctrl+C (raised by Python in this callback) or
                # a failure here is kept and raised as itself once the statement has stopped ("interrupted"); the
                # copy is incomplete and thrown away
                stopped.append(exc)
                return 1
            return 0

        db.conn.set_progress_handler(look, COPY_STEPS)
    try:
        _vacuum_into(db, target)
    except driver.Error:
        if stopped:
            raise stopped[0] from None
        raise
    finally:
        if meter is not None:
            db.conn.set_progress_handler(None, 0)
    if stopped:  # Cancel (or Ctrl+C) seen at the last look, the copy complete: still stopped, as asked
        raise stopped[0]
    dest = connect_file(target, key)
    try:
        dest.execute("PRAGMA journal_mode = DELETE")  # the copy stands alone, without a -wal file
        result = dest.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        dest.close()
    if result != "ok":
        raise BackupRefused(_("The copy of the database failed its check ({problem}); no backup was written.")
                            .format(problem=result))
    return target


def _discard(path: Path) -> None:
    """Remove a half-written backup if there is one. A medium that refuses even that (mounted read-only: removing
    a file that is not there is refused too; a stick pulled out) must not replace the refusal being reported; a
    ``.part`` left there is removed by the next backup."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        LOG.warning("partial backup not removed: %s", exc.strerror)


def _free_name(folder: Path, tag: str) -> Path:
    """A name for a backup made now that no file in ``folder`` has; another program may take it meanwhile: the
    backup is put in place only where no file is (``_replace``), else under the next free name."""
    base = f"{PREFIX}{tag}-{_stamp()}"
    target, n = folder / f"{base}{SUFFIX}", 1
    while os.path.lexists(target):
        n += 1
        target = folder / f"{base}-{n}{SUFFIX}"
    return target


def _part_mark(data_dir: Path) -> str:
    """What the name of a half-written backup of this data carries (``<backup>.<pid>-<mark>.part``), so that no other
    laptop takes it for its own: the name of a backup says only the station, and a laptop without a station id names
    its backups after the data folder, as every other such laptop does (on a shared USB stick or network folder, one
    of them may be writing its backup under that name now). A random mark kept in ``backup.json``, made at the first
    backup under ``backup.lock``; when it cannot be saved (``backup.json`` cannot be written), this data folder's on
    this computer (``_unsaved_mark``)."""
    mark = backup_settings(data_dir)["part_mark"]
    if mark:
        return mark
    path = settings_path(data_dir)
    try:
        with exclusive(Path(data_dir) / SETTINGS_LOCK, path):
            settings = backup_settings(data_dir)  # another program's backup may have made it meanwhile
            mark = settings["part_mark"] or secrets.token_hex(8)
            if not settings["part_mark"]:
                write_whole(path, json.dumps({**settings, "part_mark": mark, "mark_folder": _folder_id(data_dir)},
                                             ensure_ascii=False, indent=1))
    except (WorkstationError, OSError) as exc:
        LOG.warning("mark of this data's partial backups not saved: %s", getattr(exc, "message", None) or exc)
        mark = mark or _unsaved_mark(data_dir)
    return mark


def _unsaved_mark(data_dir: Path) -> str:
    """The mark of this data's partial backups when ``backup.json`` cannot keep one (a read-only data disk): the same
    at every backup of this data folder on this computer (its name, the user, the folder's path), so that what a
    killed backup left (a ``.part``, a staging folder with a copy of the database on a stick) is swept by the next
    one (``_remove_stale_parts``), as a saved mark's is."""
    import hashlib
    import socket

    seed = f"unsaved\0{socket.gethostname()}\0{os.getuid() if hasattr(os, 'getuid') else ''}\0{_folder_id(data_dir)}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def _remove_stale_parts(folder: Path, mark: str | None, legacy: str | None, unsaved: str | None = None) -> list[Path]:
    """The half-written backups (``.part``) in ``folder`` provably this data's whose writer is gone (killed in the
    middle of a backup): removed; returns them. This data's: its name carries this data's ``mark``
    (``_part_mark``) or its ``unsaved`` mark (``_unsaved_mark``: what a backup used while ``backup.json`` could not
    keep a mark, the first backup ever made then included), or, written by an earlier version without one, it is a
    backup of this station's ``legacy`` tag (None when this data has no station id: another laptop without one
    writes the same names). The process id in the name tells a writer gone only on the computer of the data that
    wrote it: another laptop's ``.part`` is never touched, killed or being written now."""
    from workstation.repair import process_alive

    removed = []
    marks = {m for m in (mark, unsaved) if m}
    for path in folder.glob(f"{PREFIX}*{SUFFIX}.*.part"):
        match = PART.match(path.name)
        if match is None:
            continue
        if match["mark"]:
            ours = match["mark"] in marks
        else:
            ours = legacy is not None and match["final"].startswith(f"{PREFIX}{legacy}-")
        if ours and not process_alive(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    # the copies of the database made here when the data disk refused them (``_staging_in``): this data's only
    for path in folder.glob(f"{STAGED_PREFIX}*"):
        match = STAGED.match(path.name)
        if match and match["mark"] in marks and not process_alive(int(match["pid"])):
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():  # a copy the disk would not let go is not counted as removed
                removed.append(path)
    return removed


def remove_killed_parts(data_dir: Path, *, everywhere: bool = False) -> list[Path]:
    """The half-written backups (``.part``) of this data whose writer is gone (``_remove_stale_parts``: never another
    laptop's of the same name), in the backup folder and ``<data dir>/backups`` — ``everywhere``: in every folder of
    ``backup_places``, those chosen earlier too (an encryption: not at each opening, where a network folder not there
    may keep the start waiting) —: removed; returns them."""
    data_dir = Path(data_dir)
    station = _current_station(data_dir)
    mark = backup_settings(data_dir)["part_mark"]
    removed: list[Path] = []
    places = backup_places(data_dir) if everywhere else dict.fromkeys((backup_folder(data_dir), backups_dir(data_dir)))
    for folder in places:
        try:
            removed += _remove_stale_parts(folder, mark, _tag(station, data_dir) if station else None,
                                           _unsaved_mark(data_dir)) if folder.is_dir() else []
        except OSError as exc:  # a stick pulled out, a folder that may not be written: the next backup tries again
            LOG.warning("partial backup not removed: %s", exc.strerror)
    return removed


def remove_killed_backup_parts(data_dir: Path) -> str:
    """At opening: the half-written backups (``.part``) of this data that backups killed midway left in the
    backup folder (and in ``<data dir>/backups``), removed. Returns what the officer is told ("" when none)."""
    removed = remove_killed_parts(data_dir)
    if not removed:
        return ""
    return ngettext("{n} partial backup that a backup cut off last time had left in {folder} was removed; the "
                    "earlier backups are intact.",
                    "{n} partial backups that backups cut off earlier had left in {folder} were removed; the earlier "
                    "backups are intact.", len(removed)).format(n=len(removed), folder=removed[0].parent)


def remove_stale_staging(data_dir: Path) -> list[Path]:
    """Staging folders of backups and restores whose process is gone (killed in the middle of unpacking): each holds
    a whole copy of the data, and a restore's the station's private keys. Swept at each backup, restore and check
    of a backup, when a program opens the data (``workstation.repair.mark_open``) and before an encryption; returns
    those removed."""
    from workstation.repair import STAGING_PREFIXES, process_alive

    folder = backups_dir(Path(data_dir))
    if not folder.is_dir() or journal_path(data_dir).exists():  # a restore to finish first: leave it all
        return []
    removed = []
    for path in [path for prefix in STAGING_PREFIXES for path in folder.glob(prefix + "*")]:
        pid = path.name.split("-")[1]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.lexists(path):  # one that cannot be removed now (a read-only disk) stays: not said removed
                removed.append(path)
    return removed


def create_backup(db: Database, data_dir: Path, folder: str | os.PathLike | None = None, *, keep: int | None = None,
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                  spare: Path | None = None) -> dict:
    """``_create_backup``; a backup folder named now (``folder``) that it made and that is still empty when the backup
    fails (a full disk, Cancel) is removed again."""
    named = Path(folder).expanduser().absolute() if folder else None
    new_folder = named is not None and not os.path.lexists(named)
    try:
        try:
            return _create_backup(db, data_dir, folder, keep=keep, progress=progress, cancel=cancel, spare=spare)
        except driver.Error as exc:
            if not damage_said(exc):
                raise
            # a table read besides the copy (this station's id, say) found damaged: said as the copy says it
            raise _database_failure(exc, backups_dir(Path(data_dir)), Path(data_dir)) from None
    except BaseException:
        if new_folder:
            try:
                named.rmdir()  # only when empty: never a backup put in place before the failure
            except OSError:
                pass
        raise


def _create_backup(db: Database, data_dir: Path, folder: str | os.PathLike | None = None, *,
                   keep: int | None = None, progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                   spare: Path | None = None) -> dict:
    """Back up the database and the file store into one file in ``folder`` (remembered when given; default the
    chosen folder or ``<data dir>/backups``), then keep the newest ``keep`` of this station's backups there
    (``spare`` is kept whatever its age: the backup a restore is restoring from; a damaged one is not counted while
    an older one that passes its check would go: ``_rotate``; none goes when the backup lacks a stored file the
    records name, gone from the data folder: "missing_files", ``stored_owners`` of each, and "rotation_skipped").
    Returns {"path", "id", "size", "created", "station", "encrypted", "files", "removed", "damaged", "kept_whole",
    "missing_files", "rotation_skipped"} (another data folder's backups there, kept by ``_rotate``, are said where
    the backups are listed: ``other_folders_note``)."""
    data_dir = Path(data_dir)
    progress = progress or no_progress
    settings = backup_settings(data_dir)
    # a folder named relative to where the command runs is remembered as the folder it names, not the words
    target = Path(folder).expanduser().absolute() if folder else backup_folder(data_dir, settings)
    chosen = {"keep": check_keep(keep)} if keep is not None else {}
    default = default_named(data_dir, target)  # refused inside the data directory, but for its ``backups``
    if folder:
        chosen["folder"] = None if default else str(target)
    keep = chosen.get("keep", settings["keep"])
    encrypted = session.encrypted(data_dir)
    db_key = session.require_key(data_dir) if encrypted else None
    key = session.derive(db_key, "backup") if encrypted else None
    station = _station_of(db)
    _prepare_folder(target, make=bool(folder) or not settings["folder"])
    tag = _tag(station, data_dir)
    mark = _part_mark(data_dir)
    # the mark goes into the header only once ``backup.json`` keeps it: a mark for this backup only would make the
    # backup another data folder's for every later rotation here (never removed); without one it is told apart as
    # an earlier version's backup is (``_rotate``)
    saved_mark = mark if backup_settings(data_dir)["part_mark"] == mark else None
    _remove_stale_parts(target, mark, tag if station else None, _unsaved_mark(data_dir))
    remove_stale_staging(data_dir)
    final = _free_name(target, tag)
    part = final.with_name(f"{final.name}.{os.getpid()}-{mark}.part")
    staging = backups_dir(data_dir) / f".staging-{os.getpid()}-{secrets.token_hex(4)}"
    # which files the backup carries is known once the database is copied (``_named_by_copy``); for the progress,
    # the whole store as it is now
    listed = _stored_files(data_dir) + _station_keys(data_dir)
    # ``data_mark``: this data folder's mark (``_part_mark``), so that the rotation of another data folder of the same
    # station (restored from a backup into a second folder) writing to the same folder tells this one's backups apart
    header = {"format": FORMAT, "version": VERSION, "created": now(), "station": station,
              "encrypted": encrypted, "salt": secrets.token_hex(16), **_station_card(db)}
    if saved_mark:  # with the folder: a backup of an earlier mark of this folder (``backup.json`` lost) is told apart
        header["data_mark"], header["data_folder"] = saved_mark, _folder_id(data_dir)
    # a chosen folder (a USB drive, a share): a restore on a new laptop keeps it
    if (folder or settings["folder"]) and not default:
        header["folder"] = str(target)
    if encrypted:  # the database key sealed per officer: with a passphrase the backup opens on a new laptop
        header["keyring"] = backup_keyring(data_dir)
    # by bytes: the database copied, then written into the backup, then the stored files
    size = database_bytes(db)
    meter = Meter(2 * size + sum(path.stat().st_size for _name, path in listed), progress, cancel)
    try:
        meter.at(0, _("Copying the database"))
        first = None
        try:
            copy = _copy_database(db, staging, db_key, meter)
        except (OSError, *driver.Error) as exc:
            refused = _data_disk_refused(exc, data_dir)
            if not refused or _resolved(target) == _resolved(backups_dir(data_dir)):
                raise _copy_failure(exc, data_dir, staging=not refused) from None
            copy, first = None, exc
        if copy is None:
            # the data disk refused the copy (full, read-only): made in the chosen folder instead, where the backup
            # goes; an encrypted database's copy is encrypted with its key (``_copy_database``), an unencrypted
            # one's is no more than the unencrypted backup written there
            shutil.rmtree(staging, ignore_errors=True)
            LOG.info("database copied into the backup folder: the data disk refused it")
            meter.at(0, _("Copying the database"))
            try:
                staging = _staging_in(target, mark)
                copy = _copy_database(db, staging, db_key, meter)
            except (OSError, *driver.Error) as exc:
                # failed in the chosen folder too: the data disk's own refusal is what to mend first (a full disk,
                # an input/output error there), said of the data directory's folder as before the second try
                LOG.warning("the copy of the database failed in the backup folder too: %s", exc)
                raise _copy_failure(first, data_dir, staging=True) from None
        try:
            named = _named_by_copy(copy, db_key)
            files = _stored_files(data_dir, named)
            # a file the records name but gone from the store (deleted by hand, an antivirus, a disk error): the
            # backup is still written (the best copy of the database there is) but says so, and removes no older one
            lacking = sorted(named - {path.name for _name, path in files})
            missing = _described(copy, db_key, lacking) if lacking else []
        except driver.Error as exc:
            raise _database_failure(exc, backups_dir(data_dir), data_dir) from None
        stored = len(files)  # the file store's files, as the header and `backup list` count them
        header["files"] = stored
        files += _station_keys(data_dir)  # carried too, but not counted among the files
        header["header_size"] = header_room(header)
        meter.at(size)
        made = None
        try:
            header = write_archive(part, copy, files, header, key, meter)
            if cancel is not None:  # the last moment Cancel is honoured: once renamed, the backup counts
                cancel.check()
            while True:
                # killed from the rename until it is recorded, the next opening records it (``record_cut_off_backups``)
                made = _note_made(data_dir, {"path": str(final), "created": header["created"], "folder": str(target),
                                             "encrypted": encrypted, "files": stored, "station": station,
                                             "officer": current_actor(), "chosen": chosen, "process": this_process()})
                try:
                    _replace(part, final)
                    break
                except FileExistsError:  # another backup of the same second took the name first: the next one
                    final = _free_name(target, tag)
            fsync_dir(target)
        except BaseException as exc:
            _forget_made(made)
            if isinstance(exc, OSError):
                raise _failure(exc, target) from None
            raise
    finally:
        _discard(part)
        shutil.rmtree(staging, ignore_errors=True)
    try:
        size = final.stat().st_size
        # what was written, in the order the result lists it (the command line's JSON), the rest added by each end
        written = {"path": str(final), "id": final.name[:-len(SUFFIX)], "size": size, "created": header["created"],
                   "station": station, "encrypted": encrypted, "files": stored}
        try:
            save_backup_settings(data_dir, last_backup=header["created"], last_path=str(final),
                                 station=station or None, **chosen)
        except BackupRefused as exc:  # the backup is good: say so, and what its missing record changes
            refusal = _not_recorded(final, exc, chosen, data_dir)
            # what was written, for a caller that reports it as made (the command line: exit 0 with a note)
            refusal.result = {**written, "removed": [], "damaged": [], "kept_whole": None, "missing_files": missing,
                              "rotation_skipped": True, "recorded": False, "not_recorded": refusal.message}
            raise refusal from None
        if missing:  # an older backup may hold what this one lacks: none is removed until the files are back
            LOG.warning("backup lacks %s stored files the records name: no older backup removed", len(missing))
            rotated = {"removed": [], "damaged": [], "kept_whole": None}
        else:
            proven = _made_here(db, data_dir, key) if not station else _made_since_forked(db)
            rotated = _rotate(target, tag, station, keep, final, spare, key, proven, saved_mark,
                              _folder_id(data_dir))
            _mark_damaged(data_dir, [target / f"{name}{SUFFIX}" for name in rotated["damaged"]])
        removed = rotated["removed"]
        _audit_backup(db, final.name[:-len(SUFFIX)], header["created"], target, encrypted, stored)
    finally:
        _forget_made(made)  # recorded, or said not to be: nothing for the next opening to do
    progress(1, 1, _("Backup written"))
    LOG.info("backup written: %s files, %s bytes, %s removed by rotation", stored, size, len(removed))
    return {**written, "removed": removed, "damaged": rotated["damaged"], "kept_whole": rotated["kept_whole"],
            "missing_files": missing, "rotation_skipped": bool(missing)}


def _described(copy: Path, key: bytes | None, shas: list[str]) -> list[dict]:
    """``stored_owners`` of ``shas`` as the backup's copy of the database names them."""
    conn = connect_file(copy, key)
    try:
        return stored_owners(conn, shas)
    finally:
        conn.close()


#: how many of the files a backup lacks its note names (the --json result has them all)
LISTED_MISSING = 5


def incomplete_note(result: dict) -> str:
    """What ``create_backup``'s result says of the stored files the records name that the backup lacks, as they
    are gone from the data folder ("" when none): which (the case and the evidence file or document holding each),
    that no older backup was removed (one made before may still hold them), and what to do."""
    missing = result.get("missing_files") or []
    if not missing:
        return ""
    files = "\n".join(found["what"] for found in missing[:LISTED_MISSING])
    if len(missing) > LISTED_MISSING:
        files += "\n" + _("… and {n} more.").format(n=len(missing) - LISTED_MISSING)
    return ngettext(
        "This backup is incomplete: {n} stored file that the records name is missing from the data folder, so the "
        "backup does not hold it:\n{files}\nNo older backup was removed: those made before the file went missing "
        "may still hold it. Put the file back (evidence: add the original file to the case again), then back up "
        "again.",
        "This backup is incomplete: {n} stored files that the records name are missing from the data folder, so "
        "the backup does not hold them:\n{files}\nNo older backup was removed: those made before the files went "
        "missing may still hold them. Put the files back (evidence: add the original file to the case again), then "
        "back up again.", len(missing)).format(n=len(missing), files=files)


def incomplete_warning(result: dict) -> str:
    """``incomplete_note`` in one line, for the status bar after a backup in the window, the automatic one or 立即备份
    ("" when nothing is missing)."""
    missing = result.get("missing_files") or []
    if not missing:
        return ""
    return ngettext("The last backup is incomplete: {n} stored file is missing from the data folder ({file}). No "
                    "older backup was removed; put the file back, then back up again.",
                    "The last backup is incomplete: {n} stored files are missing from the data folder ({file}, …). "
                    "No older backup was removed; put the files back, then back up again.",
                    len(missing)).format(n=len(missing), file=missing[0]["what"])


def _note_made(data_dir: Path, note: dict) -> Path | None:
    """Write the note of the backup this process is about to put in place (``MADE_NOTE_PREFIX``: in
    ``<data dir>/backups``, named by the process id), flushed to the disk before the rename; its path, None when it
    could not be written (logged: the backup goes on, as it did before there were such notes)."""
    path = backups_dir(data_dir) / f"{MADE_NOTE_PREFIX}{os.getpid()}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(note, ensure_ascii=False))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        LOG.warning("note of the backup being made not written: %s", exc.strerror)
        _forget_made(path)
        return None
    return path


def _forget_made(path: Path | None) -> None:
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            LOG.warning("note of the backup made not removed: %s", exc.strerror)


def record_cut_off_backups(data_dir: Path) -> str:
    """At opening: record the backups that a backup killed after putting them in place had left unrecorded (its note
    ``.backup-made-<pid>.json`` names them; its process is gone). Such a backup is whole — it is renamed into place
    only once written and flushed — and is recorded as the backup would have recorded it: the last backup in
    ``backup.json`` (unless a later one is there) and its audit entry (unless written already). The note of a backup
    killed before its rename goes (its ``.part`` is ``remove_killed_backup_parts``'s); one whose entry cannot be
    written now (the database opened read only), or whose backup folder is not there (the USB stick it was written to
    not plugged in), stays for the next opening. A backup recorded is no longer named as work cut off in its
    process's open marker (``repair.forget_cut_off_work``). Returns what the officer is told ("" when nothing was
    recorded)."""
    from workstation.repair import BACKUP_TITLES, forget_cut_off_work, noted_process_running, process_alive

    data_dir = Path(data_dir)
    recorded: list[tuple[str, str]] = []
    for note_path in sorted(backups_dir(data_dir).glob(f"{MADE_NOTE_PREFIX}*.json")):
        pid = note_path.name[len(MADE_NOTE_PREFIX):-len(".json")]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue  # a backup being made now
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
            path, created = Path(note["path"]), str(note["created"])
        except (OSError, ValueError, KeyError, TypeError):
            if not process_alive(int(pid)):
                _forget_made(note_path)  # cut off while being written: before the rename
            continue
        process = note.get("process") if isinstance(note.get("process"), dict) else {}
        if noted_process_running({**process, "pid": int(pid)}):
            continue  # a backup being made now (not another program given its id after a power cut)
        if not path.parent.is_dir():  # the USB stick it was written to is not plugged in: recorded at an opening
            LOG.info("backup cut off not recorded yet: its folder %s is not there", path.parent)  # that finds it
            continue
        try:
            whole = path.name.endswith(SUFFIX) and path.is_file() and read_header(path).get("created") == created
        except (BackupRefused, OSError):
            whole = False
        if not whole:
            _forget_made(note_path)
            continue
        backup_id = path.name[:-len(SUFFIX)]
        if _record_made(data_dir, backup_id, path, note):
            _forget_made(note_path)
            recorded.append((backup_id, short_time(created)))
            # said below as whole and kept: no longer named as work cut off whose unfinished part was not saved
            forget_cut_off_work(data_dir, int(pid), BACKUP_TITLES)
    if not recorded:
        return ""
    return ngettext("The backup {ids} was cut off after it had been written in full: it is whole and kept, and was "
                    "recorded now in the backup settings and the audit log (made {created}); it can be restored.",
                    "The backups {ids} were cut off after they had been written in full: they are whole and kept, "
                    "and were recorded now in the backup settings and the audit log (made {created}); they can be "
                    "restored.", len(recorded)).format(ids=", ".join(i for i, _c in recorded),
                                                       created=", ".join(c for _i, c in recorded))


def _record_made(data_dir: Path, backup_id: str, path: Path, note: dict) -> bool:
    """Record the backup ``backup_id`` a killed backup put in place (see ``record_cut_off_backups``); whether its
    audit entry is written (now or before)."""
    from workstation.audit import AuditWriter
    from workstation.db.connection import connect

    created = str(note["created"])
    try:
        if (backup_settings(data_dir)["last_backup"] or "") < created:
            chosen = note.get("chosen") if isinstance(note.get("chosen"), dict) else {}
            save_backup_settings(data_dir, last_backup=created, last_path=str(path),
                                 station=note.get("station") or None, **chosen)
    except (BackupRefused, WorkstationError) as exc:  # the audit entry all the same; the daily backup runs again
        LOG.warning("backup cut off not recorded in the settings: %s", exc.message)
    try:
        db = connect(database_path(data_dir))
        try:
            if db.execute("SELECT 1 FROM audit WHERE action = 'backup' AND entity = 'database' AND entity_id = ?",
                          [backup_id]).fetchone() is None:
                with db.atomic():
                    audit = AuditWriter(db)
                    audit.add("backup", "database", backup_id, None, backup_entry(
                        backup_id, created, Path(note.get("folder") or path.parent), bool(note.get("encrypted")),
                        int(note.get("files") or 0), str(note.get("officer") or audit.actor)))
                    audit.flush()
        finally:
            db.conn.close()
    except (WorkstationError, *driver.Error, OSError, ValueError, TypeError) as exc:
        LOG.warning("backup cut off not written into the audit log: %s", type(exc).__name__)
        return False
    return True


def backup_entry(backup_id: str, created: str, folder: Path, encrypted: bool, files: int, officer: str) -> dict:
    """What the audit entry of a backup made records (its digest is the entry's ``after``)."""
    return {"backup": backup_id, "created": created, "folder": str(folder), "encrypted": bool(encrypted),
            "files": files, "officer": officer}


def _audit_backup(db: Database, backup_id: str, created: str, folder: Path, encrypted: bool, files: int) -> None:
    """Write the backup made into the audit log (after it is in place: the backup itself holds the log as it was
    before). A database that cannot take the entry (opened read only, the disk full) leaves the backup good and
    is logged."""
    from workstation.audit import AuditWriter

    if getattr(db, "read_only", False):
        LOG.info("backup not written into the audit log: the database is open read only")
        return
    try:
        with db.atomic():
            audit = AuditWriter(db)
            audit.add("backup", "database", backup_id, None,
                      backup_entry(backup_id, created, folder, encrypted, files, audit.actor))
            audit.flush()
    except (WorkstationError, *driver.Error) as exc:
        LOG.warning("backup not written into the audit log: %s", type(exc).__name__)


def _not_recorded(written: Path, exc: BackupRefused, chosen: dict,
                  data_dir: Path | None = None) -> BackupNotRecorded:
    """The refusal when the backup ``written`` is complete (renamed into place, flushed to the disk, its copy of the
    database checked) but ``backup.json`` could not record it (``exc``): the backup can be restored; what is missing
    is the time of the last backup (so the daily backup runs again at the next start), the folder or number to keep
    given with it (``chosen``), and the removal of older backups beyond that number. ``create_backup`` gives it a
    ``result``: its own result for the backup written (no backup removed; "recorded" False, "not_recorded" this
    message)."""
    # the sentences are joined before the path and the problem go in, so that neither has its spaces touched
    template = join_sentences([
        _("The backup {path} was written in full and its copy of the database passed its check: it can be restored. "
          "Only the backup settings could not record it ({problem}), so the automatic backup runs again at the next "
          "start and no older backup was removed."),
        _("The backup folder or the number of backups to keep given with it was not saved either.") if chosen else "",
        _read_only_note(data_dir) or
        _("Once that is put right (a full disk: free some space on it), back up again: that backup is recorded.")])
    return BackupNotRecorded(template.format(path=written, problem=exc.message.rstrip("。."), folder=data_dir))


def _read_only_note(data_dir: Path | None) -> str:
    """When the data directory ``data_dir`` is on a read-only disk: that no backup can be recorded there, so backing
    up again does not help until it is writable ("" otherwise)."""
    from workstation.data_folder import on_read_only_disk

    if data_dir is None or not on_read_only_disk(Path(data_dir)):
        return ""
    return _("The data directory {folder} is on a read-only disk: no backup made from it can be recorded, and backing "
             "up again does not change that. The backups written are complete; to have them recorded, copy the data "
             "directory to a writable disk or remove the read-only protection.")  # {folder}: formatted by the caller


def _rotate(folder: Path, tag: str, station: str, keep: int, written: Path, spare: Path | None = None,
            key: bytes | None = None, proven=None, mark: str | None = None, here: str | None = None) -> dict:
    """Remove this station's backups in ``folder`` beyond the newest ``keep`` (never ``written``, the backup just
    made, nor ``spare``). A header that reads says nothing of the rest of the file: when something would be removed,
    the older backups kept are checked whole (with ``key``, the backups' key of this data), newest first until one
    passes; when none does, the newest of those to be removed that passes is kept in their place, so that a backup
    besides the new one can still be restored. Without a station id (``station`` ""), the backups of another laptop
    without one, whose data folder has the same name, have the same name and header: only those ``proven`` made
    here (``_made_here``) count, the others are neither removed nor called damaged. Two data folders of one station
    (the data restored from a backup into a second folder) write the same names too: a backup whose header carries
    this data folder's ``mark`` (``data_mark``) is this folder's, one carrying another mark another folder's, kept
    (said where the backups are listed: ``other_folders_note``); one written by an earlier version, without a
    mark, counts only when ``proven`` made here (with a station: ``_made_since_forked``), else it is kept, neither
    counted nor removed; so does one of an earlier mark of this folder (its header names this folder, ``here``:
    ``backup.json`` lost). When this folder's mark is not known (``mark`` None: none saved in ``backup.json`` yet, or
    the file was copied with the data folder and names the original's: ``_copied_from``), every backup carrying a
    mark is another folder's, kept, but for one whose header names this folder, which counts when ``proven``, as one
    without a mark does. That is ``_this_folders``, the rule the encryption's ``plaintext_backups`` follows too
    (a rotation knows no backup "just restored from": the restore point of another folder's data is never rotated
    away here). Returns {"removed" (ids), "damaged"
    (ids of the damaged backups found and kept), "kept_whole" (the id kept in their place, or None)}."""
    same = [b for b in _describe_all(folder) if b["valid"] and b["station"] == station
            and b["id"].startswith(f"{PREFIX}{tag}-")]
    own = [b for b in same if Path(b["path"]) == written or _this_folders(b, mark, proven, here=here)]
    others = [b for b in same if b not in own and b["data_mark"] is not None]
    if others and station:
        LOG.warning("%s backups of this station from another data folder found and kept", len(others))
    doomed = [b for b in own[keep:] if Path(b["path"]) != written
              and not (spare is not None and Path(b["path"]).resolve() == spare)]
    damaged, kept_whole = [], None
    older = [b for b in own[:keep] if Path(b["path"]) != written]
    if doomed and older:
        for backup in older:
            if _whole(Path(backup["path"]), key) is not False:
                break
            damaged.append(backup["id"])
        else:  # every older backup kept is damaged: the newest one that passes stays too
            for backup in doomed:
                if _whole(Path(backup["path"]), key) is not False:
                    doomed.remove(backup)
                    kept_whole = backup["id"]
                    break
        if damaged:
            LOG.warning("%s damaged backups found by the rotation; %s", len(damaged),
                        "an older whole one kept" if kept_whole else "no older whole one")
    removed = []
    for backup in doomed:
        try:
            Path(backup["path"]).unlink()
        except OSError as exc:  # the new backup is written; an old one that cannot go stays (and is listed)
            LOG.warning("old backup not removed: %s", exc.strerror)
            continue
        removed.append(backup["id"])
    return {"removed": removed, "damaged": damaged, "kept_whole": kept_whole}


def _this_folders(row: dict, mark: str | None, proven=None, here: str | None = None, own: bool = False) -> bool:
    """The one rule for whether the backup ``row`` (``describe_backup``) is this data folder's, followed by the
    rotation (``_rotate``) and by the encryption's removal of unencrypted copies (``plaintext_backups``): its header
    carries this folder's ``mark`` (``data_mark``): yes; it carries another mark: no, another data
    folder's (of this station: the data restored into a second folder, or the folder copied), even when this
    database's audit log names it (a restore whose own entry could not be written leaves the log of the backup,
    which names the backups the other folder made before it) — but for an earlier mark of this very folder (its
    header names this folder, ``here``: ``backup.json`` lost, a new mark made) that ``proven`` made here — and so
    when this folder's mark is not known (``mark`` None: ``backup.json`` lost, or copied with the data folder, whose
    audit log then names the original's backups too), but for a file in this data directory's own ``backups`` folder
    (``own``: a data directory copied whole holds its own copies of the original's backups there) that ``proven``
    made here; it carries none (an earlier version's): only when ``proven`` (a function of its path) says this data
    made it."""
    theirs = row["data_mark"]
    if mark is not None and theirs == mark:
        return True
    # another mark, this folder's mark known or not (``backup.json`` copied with the data folder names the original's
    # mark, which is not taken for this folder's: None here): another folder's unless its header names this one
    if theirs is not None and not (here is not None and row.get("data_folder") == here) and (
            mark is not None or not own):
        return False
    return proven is not None and bool(proven(Path(row["path"])))


def _made_since_forked(db: Database):
    """Whether a backup of an earlier version (its header without ``data_mark``) is provably this data folder's, as
    a function of its path: this database's audit log records making it after its last restore or put-back. The
    data before a restore is shared with every folder restored from the same backup (a second data folder of the
    station): a backup recorded only before it may be another folder's, and is kept."""
    made = _audited_since_forked(db)

    def proven(path: Path) -> bool:
        return path.name[:-len(SUFFIX)] in made

    return proven


def _audited_since_forked(db: Database) -> set[str]:
    """The ids of the backups this database's audit log records making after its last restore or put-back (none
    when it cannot be read): ``_made_since_forked``."""
    try:
        return {row[0] for row in db.execute(
            "SELECT entity_id FROM audit WHERE action = 'backup' AND entity = 'database' AND seq > "
            "(SELECT COALESCE(MAX(seq), 0) FROM audit WHERE action IN ('restore', 'put_back'))").fetchall()}
    except driver.Error:
        return set()


def _made_here(db: Database, data_dir: Path, key: bytes | None):
    """Whether a backup of a station without an id (its header's station "") is provably this data's, as a function
    of its path: encrypted, its first chunk opens with ``key`` (the backups' key of this data), or the keyring it
    carries holds a key sealed by this data's keyring (the same seal: made here, even when the chunk is damaged);
    unencrypted, this database's audit log records making it. Another laptop's backup is none of these."""
    from workstation.security import keyring

    seals = {entry.get("sealed") for entry in (keyring.load(data_dir) or {}).get("entries", ())
             if isinstance(entry, dict) and entry.get("sealed")} if key is not None else set()
    made = _audited_backups(db) if key is None else set()

    def proven(path: Path) -> bool:
        try:
            header = read_header(path)
        except (BackupRefused, OSError):
            return False
        if not header["encrypted"]:
            return key is None and path.name[:-len(SUFFIX)] in made
        if key is None:
            return False
        carried = {entry.get("sealed") for entry in (header.get("keyring") or {}).get("entries", ())
                   if isinstance(entry, dict)}
        return bool(seals & carried) or _opens_with(path, header, key)

    return proven


def _audited_backups(db: Database) -> set[str]:
    """The ids of the backups this database's audit log records making (``_audit_backup``, ``_record_made``); none
    when it cannot be read."""
    try:
        return {row[0] for row in db.execute("SELECT entity_id FROM audit WHERE action = 'backup' AND entity = "
                                             "'database'").fetchall()}
    except driver.Error:
        return set()


def _just_restored(db: Database) -> set[str]:
    """The id of the backup this data was restored from when nothing was backed up since (the last entry of its
    audit log on backups is that restore: a restore with a passphrase encrypting the data it restored, whose
    backup the encryption replaces); none else."""
    try:
        row = db.execute("SELECT action, entity_id FROM audit WHERE entity = 'database' AND action IN "
                         "('backup', 'restore', 'put_back') ORDER BY seq DESC LIMIT 1").fetchone()
    except driver.Error:
        return set()
    return {row[1]} if row and row[0] == "restore" and isinstance(row[1], str) else set()


def _audited_here(data_dir: Path) -> dict[str, set[str]]:
    """What the data directory's database's audit log says of its backups: {"made": ``_audited_backups``,
    "since_forked": ``_audited_since_forked``, "restored": ``_just_restored``} (each empty when it does not
    open)."""
    from workstation.db.connection import connect

    try:
        db = connect(database_path(data_dir))
    except (WorkstationError, *driver.Error):
        return {"made": set(), "since_forked": set(), "restored": set()}
    try:
        return {"made": _audited_backups(db), "since_forked": _audited_since_forked(db),
                "restored": _just_restored(db)}
    finally:
        db.conn.close()


def _opens_with(path: Path, header: dict, key: bytes) -> bool:
    """Whether the first chunk of the encrypted backup at ``path`` opens with ``key``: sealed under this data's key
    (the rest of the file is not read)."""
    import struct

    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from workstation.backup_format import AAD, CHUNK, HEADER_SIZE, _nonce

    try:
        size = int(header["payload_size"])
        with open(path, "rb") as fh:
            fh.seek(int(header.get("header_size", HEADER_SIZE)))
            head = fh.read(4)
            if len(head) < 4:
                return False
            (length,) = struct.unpack(">I", head)
            if length > CHUNK + 16 or length > size - 4:
                return False
            sealed = fh.read(length)
        if len(sealed) < length:
            return False
        AESGCM(key).decrypt(_nonce(0, size == 4 + length), sealed, bytes.fromhex(header["salt"]) + AAD)
    except (InvalidTag, OSError, ValueError, KeyError, TypeError):
        return False
    return True


def _mark_damaged(data_dir: Path, paths: list[Path]) -> None:
    """Remember the backups at ``paths`` as damaged (``backup.json``'s "damaged", which ``list_backups`` says), with
    those marked before that are still there; a mark that cannot be written is only logged (the backup is good)."""
    settings = backup_settings(data_dir)
    # a mark kept while its backup is there, or its folder is not (a stick unplugged): it is said again when back
    marks = [m for m in settings["damaged"] if Path(m).is_file() or not Path(m).parent.is_dir()]
    marks += [str(p.resolve()) for p in paths if str(p.resolve()) not in marks]
    if marks == settings["damaged"]:
        return
    try:
        save_backup_settings(data_dir, damaged=marks)
    except BackupRefused as exc:
        LOG.warning("damaged backups not recorded: %s", exc.message)


def _whole(path: Path, key: bytes | None) -> bool | None:
    """Whether the backup at ``path`` passes the check of every byte (``verify_backup``'s); None when it cannot be
    checked with ``key`` (encrypted, and the data here is not, or the other way round): not known to be damaged."""
    try:
        header = read_header(path)
        if bool(header["encrypted"]) != (key is not None):
            return None
        read_payload(path, header, key, None, no_progress, None)
    except (BackupRefused, OSError):
        return False
    return True


def damaged_note(result: dict) -> str:
    """What ``create_backup``'s result says of the damaged backups its rotation found ("" when none): which, and the
    older backup that passes its check kept in their place, or that there is none."""
    damaged = result.get("damaged") or []
    if not damaged:
        return ""
    ids = ", ".join(damaged)
    if result.get("kept_whole"):
        return ngettext("The backup {ids} is damaged: the older backup {kept}, which passes the check, was kept in "
                        "its place.",
                        "The backups {ids} are damaged: the older backup {kept}, which passes the check, was kept in "
                        "their place.", len(damaged)).format(ids=ids, kept=result["kept_whole"])
    return ngettext("The backup {ids} is damaged, and no older backup passes the check: only the new backup can be "
                    "restored.",
                    "The backups {ids} are damaged, and no older backup passes the check: only the new backup can be "
                    "restored.", len(damaged)).format(ids=ids)


def removed_note(result: dict) -> str:
    """What ``create_backup``'s result says of the older backups its rotation removed ("" when none was), as the
    command line and the window say it. Another data folder's backups it kept are not said at each backup (the
    daily one too), but where the backups are listed: ``other_folders_note``."""
    if not result.get("removed"):
        return ""
    return _("Older backups removed: {ids}").format(ids=", ".join(result["removed"]))


# listing -------------------------------------------------------------------------------------------------------
def describe_backup(path: Path) -> dict:
    """What the file's header says: {"id", "created", "size", "path", "station", "encrypted", "valid", "problem",
    "data_mark" (the mark of the data folder that made it, ``_part_mark``; None: an earlier version's),
    "data_folder" (that folder: ``_folder_id``)}."""
    path = Path(path)
    row = {"id": path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem, "path": str(path),
           "size": 0, "created": "", "station": "", "encrypted": None, "valid": False, "problem": "",
           "data_mark": None, "data_folder": None, "kind": "backup"}
    try:
        row["size"] = path.stat().st_size
        header = read_header(path)
    except (BackupRefused, OSError) as exc:
        # a file that is no backup is said so beside it, without the advice on choosing one
        row["problem"] = getattr(exc, "reason", None) or getattr(exc, "message", None) or str(exc)
        row["created"] = dt.datetime.fromtimestamp(path.stat().st_mtime, SHANGHAI).isoformat() \
            if path.exists() else ""
        return row
    mark, made_in = header.get("data_mark"), header.get("data_folder")
    row["data_folder"] = made_in if isinstance(made_in, str) and made_in else None
    row.update(created=header["created"], station=header["station"], encrypted=bool(header["encrypted"]),
               valid=True, files=header.get("files", 0), data_mark=mark if isinstance(mark, str) and mark else None)
    return row


def migration_copy(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a copy of the database an update made first (``before-migration-….db``)."""
    from workstation.db.connection import is_migration_copy

    return is_migration_copy(path)


def describe_migration_copy(path: Path) -> dict:
    """A copy of the database made before an update (in ``<data dir>/backups``) as ``list_backups`` lists it:
    ``describe_backup``'s keys, "kind" "migration" (a backup's is "backup") and "schema" (the last migration it
    has, "" when its name does not say). Its time is the one its name carries (Beijing time); it is "encrypted"
    when it is no plain SQLite file (copied with the data's key), "valid" when it is not empty. Read without
    opening it: its restore checks it whole first."""
    from workstation.db.connection import MIGRATION_COPY, SQLITE_HEADER

    path = Path(path)
    match = MIGRATION_COPY.match(path.name)
    row = {"id": path.name.removesuffix(".db"), "path": str(path), "size": 0, "created": "", "station": "",
           "encrypted": None, "valid": False, "problem": "", "data_mark": None, "data_folder": None, "files": 0,
           "kind": "migration", "schema": (match["schema"] or "") if match else "", "damaged": False,
           "other_folder": False}
    if match:
        stamp = dt.datetime.strptime(f"{match['day']}{match['time']}{match['micro'] or '000000'}", "%Y%m%d%H%M%S%f")
        row["created"] = stamp.replace(tzinfo=SHANGHAI).isoformat()
    try:
        row["size"] = path.stat().st_size
        with open(path, "rb") as fh:
            start = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        row["problem"] = os_reason(exc)
        return row
    if not row["size"]:
        row["problem"] = _("the file is empty")
        return row
    row.update(encrypted=start != SQLITE_HEADER, valid=True)
    return row


def migration_copies(data_dir: Path) -> list[dict]:
    """The copies of the database updates made first, in ``<data dir>/backups``, newest first
    (``describe_migration_copy``)."""
    folder = backups_dir(Path(data_dir))
    try:
        from workstation.db.connection import MIGRATION_COPIES

        paths = [p for p in folder.glob(MIGRATION_COPIES) if migration_copy(p) and p.is_file()]
    except OSError:
        return []
    return sorted((describe_migration_copy(p) for p in paths), key=lambda r: (r["created"], r["id"]), reverse=True)


def _describe_all(folder: Path) -> list[dict]:
    rows = [describe_backup(p) for p in folder.glob(f"*{SUFFIX}") if p.is_file()]
    return sorted(rows, key=lambda r: (r["created"], r["id"]), reverse=True)


def list_backups(data_dir: Path, folder: str | os.PathLike | None = None) -> list[dict]:
    """The backups in ``folder`` (default: the backup folder of ``data_dir``), newest first, each with "id",
    "created", "size", "path", "station", "encrypted", "valid" (its header reads), "problem", "data_mark", "damaged" (a
    rotation found it damaged: ``_mark_damaged``), "other_folder" (made by another data folder of this station:
    ``_of_another_folder``; never rotated here) and "kind": "backup"; with them, unless another folder is named, the
    copies of the database updates made first (``migration_copies``: "kind" "migration"), which restore too."""
    settings = backup_settings(data_dir)
    target = Path(folder).expanduser() if folder else backup_folder(data_dir, settings)
    own = backups_dir(Path(data_dir))
    copies = migration_copies(data_dir) if not folder or _resolved(target) == _resolved(own) else []
    if not target.is_dir():
        if folder or settings["folder"]:
            refusal = _("The backup folder {folder} is not available: plug in the drive or choose another "
                        "folder.").format(folder=target)
            if not copies:
                raise BackupRefused(refusal)
            # the copies updates made, on the data disk, are listed still: the refusal said with them
            # (``other_folders_note``)
            for row in copies:
                row["unavailable"] = refusal
        return copies
    marks = set(settings["damaged"])
    rows = _describe_all(target)
    here = _folder_id(data_dir)
    for row in rows:
        row["damaged"] = bool(marks) and str(Path(row["path"]).resolve()) in marks
        row["other_folder"] = _of_another_folder(row, settings, here)
    return sorted(rows + copies, key=lambda r: (r["created"], r["id"]), reverse=True)


def _of_another_folder(row: dict, settings: dict, here: str) -> bool:
    """Whether the backup ``row`` (``describe_backup``) was made by another data folder of this station (the data
    restored into a second folder, or onto a new laptop): its header carries a mark that is not this folder's, nor
    names this folder (``here``, ``_folder_id``: an earlier mark of its own, ``backup.json`` lost). Never said when this
    folder's mark is not saved (``backup.json`` lost, say: its own might carry one)."""
    return bool(row["valid"] and settings["station"] and row["station"] == settings["station"]
                and settings["part_mark"] and row.get("data_mark") and row["data_mark"] != settings["part_mark"]
                and row.get("data_folder") != here)


def other_folders_note(rows: list[dict]) -> str:
    """What the officer is told where the backups ``rows`` (``list_backups``) are listed of those another data folder
    of this station made ("" when none): this folder's backups never remove them, and how they go ("" when none);
    first, when the chosen backup folder is not available and only the copies updates made are listed, that refusal
    ("unavailable")."""
    unavailable = next((r["unavailable"] for r in rows if r.get("unavailable")), "")
    files = sorted(Path(r["path"]).name for r in rows if r.get("other_folder"))
    if not files:
        return unavailable
    return unavailable + ("\n" if unavailable else "") + ngettext(
        "The backup {files} in {folder} was made by this station from another data folder (the data restored into "
        "another folder, or onto another laptop): the backups made here never remove it; that folder removes its "
        "own old backups. If that folder is no longer used (an old laptop replaced), delete this file by hand.",
        "The backups {files} in {folder} were made by this station from another data folder (the data restored into "
        "another folder, or onto another laptop): the backups made here never remove them; that folder removes its "
        "own old backups. If that folder is no longer used (an old laptop replaced), delete these files by hand.",
        len(files)).format(files="、".join(files), folder=Path(next(r["path"] for r in rows
                                                                   if r.get("other_folder"))).parent)


def find_backup(data_dir: Path, backup: str | os.PathLike, folder: str | os.PathLike | None = None) -> Path:
    """The file of a backup given by path or by id (looked up in ``folder``, the chosen and the default folder); a
    copy of the database an update made first by its id too (``before-migration-…``, in ``<data dir>/backups``)."""
    candidate = Path(backup).expanduser()
    if candidate.is_file():
        return candidate
    name = str(backup)
    copy = backups_dir(Path(data_dir)) / (name if name.endswith(".db") else name + ".db")
    if "/" not in name and os.sep not in name and migration_copy(copy) and copy.is_file():
        return copy
    name = name if name.endswith(SUFFIX) else name + SUFFIX
    folders = [Path(folder)] if folder else [backup_folder(data_dir), backups_dir(Path(data_dir))]
    if "/" not in name and os.sep not in name:
        for place in folders:
            if (place / name).is_file():
                return place / name
    raise BackupRefused(_("There is no backup {id} in {folder}: see the list of backups.").format(
        id=backup, folder=folders[0]))


# verifying -----------------------------------------------------------------------------------------------------
def check_belongs(data_dir: Path, header: dict, path: Path) -> bytes | None:
    """Refuse a backup of another station (saying that it can be restored into a new data directory); returns the
    key that opens its payload (None: not encrypted). A damaged keyring.json beside encrypted data is taken as a
    missing one for an encrypted backup: refused with the way back, putting back only the backup's keyring."""
    from workstation.security import keyring

    name = Path(path).name
    try:
        here = session.encrypted(data_dir)
    except keyring.Damaged:  # recovered as a missing keyring is (``keyring_missing``); any other backup: as said
        if not (header["encrypted"] and keyring_missing(data_dir)):
            raise
        here = False
    if header["encrypted"] and not here and keyring_missing(data_dir):
        refused = BackupRefused(keyring_missing_message(data_dir, header, path))
        if (header.get("keyring") or {}).get("entries"):  # the window's way back: its button, not the command
            refused.window_message = keyring_missing_window_message(data_dir, header, path)
        raise refused
    current = _current_station(data_dir)
    if header["encrypted"] and not here and header["station"] and header["station"] == current:
        raise BackupRefused(_("{file} was made by this station while its data was encrypted, and the data here is "
                              "not encrypted: the backup cannot be restored into it. Restore it into a new data "
                              "directory instead, with a passphrase an officer had when it was made: run `backup "
                              "restore \"{path}\" --data-dir NEW_FOLDER`, or start the workstation with `--data-dir "
                              "NEW_FOLDER` and choose {button} in its first-start dialog.").format(
            file=name, path=path, button=_("Restore from a backup…")))
    if header["encrypted"] and not here:
        raise foreign_backup(_("{file} is encrypted and the data here is not: it was made by another station. {hint}"),
                             path, file=name)
    if not header["encrypted"] and here:
        raise foreign_backup(_("{file} is not encrypted: it was made before this data was encrypted, or by another "
                               "station, and cannot be restored into the encrypted data. {hint}"), path, file=name)
    if header["station"] and current and header["station"] != current:
        maker = _maker(data_dir, header)
        fingerprint = _unnamed_maker(data_dir, header) if maker is not None else None
        if maker is None or fingerprint == "":
            raise foreign_backup(_("{file} was made by another station, not this one: it cannot be restored into this "
                                   "data. {hint}"), path, file=name)
        if fingerprint:  # not "station unnamed" (由其他站点未命名…制作)
            raise foreign_backup(_("{file} was made by another station, an unnamed one (fingerprint {start}…): it "
                                   "cannot be restored into this data. {hint}"), path, file=name,
                                 start=" ".join(fingerprint.split()[:2]))
        raise foreign_backup(_("{file} was made by another station, station {station}: it cannot be restored into "
                               "this data. {hint}"), path, file=name, station=maker)
    cases = _cases_here(data_dir) if header["station"] and not current else 0
    if cases:  # data made without a station id (`demo` without `init`): the backup would make it that station's
        raise foreign_backup(ngettext(
            "{file} was made by station {station}, and the data here has no station id of its own but holds {cases} "
            "case: restoring the backup would replace it and make this data sign as that station, beside the data "
            "the backup was made from. Nothing was changed. {hint}",
            "{file} was made by station {station}, and the data here has no station id of its own but holds {cases} "
            "cases: restoring the backup would replace them and make this data sign as that station, beside the data "
            "the backup was made from. Nothing was changed. {hint}", cases), path, file=name, cases=cases,
            station=_maker(data_dir, header) or header["station"])
    return session.subkey(data_dir, "backup") if here else None


def _cases_here(data_dir: Path) -> int:
    """How many cases the database of ``data_dir`` holds (0 when it does not open or cannot be read)."""
    from workstation.db.connection import connect

    path = database_path(data_dir)
    if not path.is_file():
        return 0
    try:
        db = connect(path)
    except (WorkstationError, *driver.Error):
        return 0
    try:
        return int(db.execute("SELECT count(*) FROM cases").fetchone()[0])
    except driver.Error:
        return 0
    finally:
        db.conn.close()


def keyring_missing(data_dir: Path) -> bool:
    """Whether ``data_dir`` holds an encrypted database but lost the keyring.json that opens it: no keyring, or a
    damaged one (``keyring.damaged``: recovered as a missing one is), and a database file that is neither empty nor a
    plain SQLite file."""
    from workstation.db.connection import SQLITE_HEADER, database_header
    from workstation.security import keyring

    path = database_path(Path(data_dir))
    try:
        try:
            present = keyring.load(data_dir) is not None
        except keyring.Damaged:  # read once: recovered as a missing one
            present = False
        if present or not path.is_file() or path.stat().st_size == 0:
            return False
        return database_header(path) != SQLITE_HEADER
    except (OSError, WorkstationError):
        return False


def keyring_missing_message(data_dir: Path, header: dict, path: Path) -> str:
    """Why a backup is neither verified nor restored into encrypted data that lost its keyring (not: made by another
    station), and the way back that keeps the work done since the backup: put back only the backup's keyring."""
    from workstation.security import keyring

    name = Path(path).name
    backup_id = name[:-len(SUFFIX)] if name.endswith(SUFFIX) else name
    if keyring.damaged(data_dir):  # recovered as a missing one, the damaged file kept aside
        if not (header.get("keyring") or {}).get("entries"):
            return _("{keyring} is damaged, so the encrypted data here cannot be opened, and {file} was made before "
                     "backups carried their keyring. Leave the database and the damaged file where they are: put "
                     "keyring.json back from a copy of this data directory, or put back the keyring of a later backup "
                     "(`backup restore ID --keyring-only`).").format(keyring=keyring.keyring_path(data_dir), file=name)
        return _("{keyring} is damaged, so the encrypted data here cannot be opened and {file} cannot be checked "
                 "against it. The backup carries the keyring of when it was made: `backup restore {id} --keyring-only` "
                 "puts back only that keyring, after checking that it opens the database here, keeps the data with "
                 "the work done since the backup, and keeps the damaged file aside as keyring.json.damaged-…. It needs "
                 "the passphrase an officer had when the backup was made ({created}).").format(
            keyring=keyring.keyring_path(data_dir), file=name, id=backup_id,
            created=short_time(header.get("created")))
    if not (header.get("keyring") or {}).get("entries"):
        return _("keyring.json is missing from {path}: the encrypted data here cannot be opened without it, and {file} "
                 "was made before backups carried their keyring. Leave the database where it is and put keyring.json "
                 "back from a copy of this data directory.").format(path=data_dir, file=name)
    return _("keyring.json is missing from {path}: the encrypted data here cannot be opened without it, so {file} "
             "cannot be checked against it. The backup carries the keyring of when it was made: `backup restore {id} "
             "--keyring-only` puts back only that keyring, after checking that it opens the database here, and "
             "keeps the data with the work done since the backup. It needs the passphrase an officer had when the "
             "backup was made ({created}).").format(path=data_dir, file=name, id=backup_id,
                                                     created=short_time(header.get("created")))


def keyring_missing_window_message(data_dir: Path, header: dict, path: Path) -> str:
    """``keyring_missing_message`` as the window says it, for a backup that carries its keyring: the way back is
    the 备份 dialog's button that puts back only the keyring (a damaged keyring.json: said damaged, kept aside)."""
    from workstation.security import keyring

    if keyring.damaged(data_dir):
        return _("{keyring} is damaged, so the encrypted data here cannot be opened and {file} cannot be checked "
                 "against it. The backup carries the keyring of when it was made: select it under File → Backups… "
                 "and click Put back the keyring only…, which puts back only that keyring, after checking that it "
                 "opens the database here, keeps the data with the work done since the backup, and keeps the damaged "
                 "file aside as keyring.json.damaged-…. It needs the passphrase an officer had when the backup was "
                 "made ({created}).").format(keyring=keyring.keyring_path(data_dir), file=Path(path).name,
                                             created=short_time(header.get("created")))
    return _("keyring.json is missing from {path}: the encrypted data here cannot be opened without it, so {file} "
             "cannot be checked against it. The backup carries the keyring of when it was made: select it under "
             "File → Backups… and click Put back the keyring only…, which puts back only that keyring, after checking "
             "that it opens the database here, and keeps the data with the work done since the backup. It needs the "
             "passphrase an officer had when the backup was made ({created}).").format(
        path=data_dir, file=Path(path).name, created=short_time(header.get("created")))


def verify_backup(data_dir: Path, path: str | os.PathLike, *, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None, database: bool = True) -> dict:
    """Open the backup and check every hash and its database; refuses (BackupRefused, one line naming the file) a
    backup of another station or key, a changed byte, a truncated file, a database that cannot be opened here, fails
    its integrity check or was written by a newer version (what a restore of it would refuse:
    ``backup_restore.check_backup_database``; ``database`` False: the hashes only, as ``last_good_backup`` finds the
    backup whose restore is then checked and refused in the officer's words). Returns {"id", "path", "created",
    "station", "encrypted", "files", "size", "valid", "database_checked" (False: its hashes only, by ``database``
    False, or since the data disk could not take the copy of its database: "database_unchecked" says why)}."""
    from workstation.backup_restore import check_backup_database

    path = Path(path)
    remove_stale_staging(data_dir)
    if migration_copy(path):  # a copy an update made: the database alone, checked whole
        return check_migration_copy(data_dir, path, progress=progress, cancel=cancel)
    header = read_header(path)
    key = check_belongs(Path(data_dir), header, path)
    unchecked = None
    if database:
        unchecked = check_backup_database(Path(data_dir), path, header, key, progress or no_progress, cancel,
                                          unpacked=False)
    else:
        read_payload(path, header, key, None, progress or no_progress, cancel)
    return {"id": path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem, "path": str(path),
            "created": header["created"], "station": header["station"], "encrypted": bool(header["encrypted"]),
            "files": header.get("files", 0), "size": path.stat().st_size, "valid": True,
            "database_checked": database and unchecked is None,
            **({"database_unchecked": unchecked} if unchecked is not None else {})}


# restoring (in backup_restore) ---------------------------------------------------------------------------------
def replaced_name() -> str:
    """The folder under ``backups/`` that will keep the current data at a restore started now."""
    return f"replaced-{_stamp()}"


def restore_backup(data_dir: Path, backup: str | os.PathLike, *, folder: str | os.PathLike | None = None,
                   keep_as: str | None = None, progress: ProgressFn | None = None,
                   cancel: CancelToken | None = None) -> dict:
    """Replace the database and stored files with those of a backup (given by id or path). The caller closes its
    database connection first. The whole backup is checked, unpacked and its database checked before anything
    changes; the current data is kept in ``backups/<keep_as or replaced-<stamp>>``. Returns {"restored", "path",
    "created", "kept", "removed_replaced"} ("kept": that folder, None when there was no data to replace;
    "removed_replaced": always empty, no such folder is removed but when the officer asks: ``backup_replaced``)."""
    from workstation.backup_restore import restore

    path = find_backup(data_dir, backup, folder)
    if migration_copy(path):  # a copy an update made: the database alone (``restore_migration_copy``)
        return restore_migration_copy(data_dir, path, keep_as=keep_as, progress=progress, cancel=cancel)
    return restore(data_dir, backup, folder=folder, keep_as=keep_as, progress=progress, cancel=cancel)


def refuse_copy_into_new(data_dir: Path, backup: str | os.PathLike, folder: str | os.PathLike | None = None) -> bool:
    """Refuse (BackupRefused, nothing written) the restore of a copy an update made into a new data directory:
    it holds the database alone, without the keyring, the station's keys and the stored files a backup carries.
    A copy in this data directory's own ``backups/`` was made here (unencrypted data without a keyring whose
    database was lost looks like a new data directory): returns True, and it is restored as into this data
    directory (``restore_backup``); False otherwise."""
    try:
        path = find_backup(data_dir, backup, folder)
    except BackupRefused:
        return False  # said by the restore, as for any backup not found
    if migration_copy(path) and _in_own_backups(data_dir, path):
        return True
    if migration_copy(path):
        raise BackupRefused(_("{file} is a copy of the database made before an update: it holds the database alone, "
                              "without the keyring, the station's keys and the stored files, so it is restored only "
                              "into the data directory it was made in, not into a new one. To set up a new data "
                              "directory, restore a backup (its name ends in .wsbackup).").format(file=path.name))
    return False


def _in_own_backups(data_dir: Path, path: Path) -> bool:
    """Whether ``path`` lies in ``data_dir``'s own ``backups/`` folder (where its updates put their copies)."""
    try:
        return Path(path).resolve().parent == backups_dir(Path(data_dir)).resolve()
    except OSError:
        return False


def _encrypted_as_here(data_dir: Path, row: dict) -> bool:
    """Whether the copy ``row`` (``describe_migration_copy``) is encrypted as the data in ``data_dir`` is (True when
    that cannot be told: its restore says why it is refused)."""
    try:
        return bool(row["encrypted"]) == session.encrypted(data_dir)
    except WorkstationError:
        return True


def _stage_copy(data_dir: Path, path: Path, staging: Path) -> tuple[dict, bytes | None]:
    """Copy the pre-update copy at ``path`` into ``staging`` as the database and check it there: not empty,
    encrypted as the data here is (then opened with its key), whole (``integrity_check``), not written by a newer
    version, and of this station. Refuses (BackupRefused naming the file, nothing changed); returns its row
    (``describe_migration_copy``) and the data's key (None: not encrypted)."""
    from workstation.backup_restore import _check_restored_database, _unpacking_refused

    data_dir, name = Path(data_dir), path.name
    row = describe_migration_copy(path)
    if not row["valid"]:
        raise BackupRefused(_("{file} cannot be restored: {problem}.").format(file=name, problem=row["problem"]))
    here = session.encrypted(data_dir)
    if row["encrypted"] and not here:
        raise BackupRefused(_("{file} is encrypted and the data here is not: it is a copy of other data, and cannot "
                              "be restored into this data directory.").format(file=name))
    if here and not row["encrypted"]:
        raise BackupRefused(_("{file} is not encrypted: it was made before this data was encrypted, and cannot be "
                              "restored into the encrypted data.").format(file=name))
    key = session.require_key(data_dir) if here else None
    try:
        make_private_folder(staging)  # a copy of the whole database: the owner's only
        shutil.copyfile(path, staging / DATABASE_NAME)
    except OSError as exc:
        raise _unpacking_refused(data_dir, exc) from None
    _check_restored_database(staging / DATABASE_NAME, data_dir, name)
    conn = connect_file(staging / DATABASE_NAME, key)
    try:
        station = _station_of(Database(conn))
        own = conn.execute("SELECT sign_key, box_key FROM stations WHERE role = 'self'").fetchone()
    except driver.Error:
        station, own = "", None
    finally:
        conn.close()
    current = _current_station(data_dir)
    other = bool(station and current and station != current)
    if not current and not _in_own_backups(data_dir, path):
        # the database lost and no backup.json, and the copy not one an update made here: the station's own key files
        # say whether it is this station's data
        mine = _key_files_say(data_dir, own)
        if mine is None:
            raise BackupRefused(_("{file} is not in this data directory's backup folder {folder}, and the station of "
                                  "the data here cannot be told (its database is lost): it may be a copy of another "
                                  "station's data, which would then share that station's id. Restore a copy from "
                                  "{folder}, or a backup (its name ends in .wsbackup); nothing was changed.").format(
                file=name, folder=backups_dir(data_dir)))
        other = not mine
    if other:
        raise BackupRefused(_("{file} is a copy of the database of another station, not this one: it cannot be "
                              "restored into this data.").format(file=name))
    return row, key


def _key_files_say(data_dir: Path, own) -> bool | None:
    """Whether the station key files of ``data_dir`` are the keys of ``own`` (the public keys, signing and encryption,
    of the station a copy's database records; None: it records none): None when they cannot tell (no signing key
    file, or one that does not read)."""
    from workstation.station import _b64, _raw_public, box_private_key, signing_key

    try:
        sign, box = signing_key(Path(data_dir)), box_private_key(Path(data_dir))
    except WorkstationError:
        return None
    if sign is None:
        return None
    if own is None:
        return False  # the data here has a station, the copy none
    return _b64(_raw_public(sign)) == own[0] and (box is None or _b64(_raw_public(box)) == own[1])


def check_migration_copy(data_dir: Path, path: str | os.PathLike, *, progress: ProgressFn | None = None,
                         cancel: CancelToken | None = None) -> dict:
    """Check the copy an update made at ``path`` as its restore would (``_stage_copy``, in a staging folder removed
    again); returns what ``verify_backup`` returns, with "kind" "migration"."""
    data_dir, path = Path(data_dir), Path(path)
    progress = progress or no_progress
    remove_stale_staging(data_dir)
    staging = backups_dir(data_dir) / f".restore-{os.getpid()}-{secrets.token_hex(4)}"  # swept if killed
    progress(0, 1, _("Checking the backup"))
    try:
        row, key = _stage_copy(data_dir, path, staging)
        if cancel is not None:
            cancel.check()
        _migrate_staged(staging, key, path)  # an update that would refuse it refuses it now
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(1, 1, _("Checking the backup"))
    return {"id": row["id"], "path": str(path), "created": row["created"], "station": row["station"],
            "encrypted": bool(row["encrypted"]), "files": 0, "size": row["size"], "valid": True, "kind": "migration",
            "database_checked": True}


def _link_files(data_dir: Path, staging: Path) -> None:
    """The stored files of ``data_dir`` into ``staging/files`` as hard links (a copy where the disk takes none): a
    pre-update copy brings the database alone, and the swap puts the staged files in place of the current ones, which
    are kept with the replaced data."""
    source = Path(data_dir) / "files"
    if not source.is_dir():
        return
    for folder, _dirs, names in os.walk(source):
        target = staging / "files" / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(Path(folder) / name, target / name)
            except OSError as exc:
                if exc.errno not in NO_LINKS:
                    raise
                shutil.copy2(Path(folder) / name, target / name)


def restore_migration_copy(data_dir: Path, path: Path, *, keep_as: str | None = None,
                           progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> dict:
    """Put the copy of the database an update made (``before-migration-….db`` in ``<data dir>/backups``) back as the
    database, as a restore does: checked in a staging folder first (``_stage_copy``), updated there to this version
    (it was made before an update), then swapped in, the current data kept in ``backups/<keep_as or
    replaced-<stamp>>``; the stored files stay as they are. The caller closes its database connection first. Returns
    ``restore_backup``'s result, with "kind" "migration"; the copy itself is kept. Noted in the data directory while
    it runs, as a restore is (``repair.restore_claimed``): a program opening the data meanwhile is refused."""
    data_dir = Path(data_dir)
    with restore_claimed(data_dir):
        return _restore_migration_copy(data_dir, Path(path), keep_as=keep_as, progress=progress, cancel=cancel)


def _restore_migration_copy(data_dir: Path, path: Path, *, keep_as: str | None, progress: ProgressFn | None,
                            cancel: CancelToken | None) -> dict:
    from workstation.backup_restore import (
        _after_swap,
        _refuse_open_elsewhere,
        _swap_in,
        _unpacking_refused,
        recover,
    )

    progress = progress or no_progress
    if journal_path(data_dir).exists():
        recover(data_dir)
    remove_stale_staging(data_dir)
    _refuse_open_elsewhere(data_dir)
    staging = backups_dir(data_dir) / f".restore-{os.getpid()}-{secrets.token_hex(4)}"  # swept if killed
    # the audit entry and the note of the data replaced name the copy by its id (``_after_swap`` takes a backup's
    # file name)
    name = path.name.removesuffix(".db") + SUFFIX
    try:
        progress(0, 4, _("Checking the backup"))
        row, key = _stage_copy(data_dir, path, staging)
        if cancel is not None:
            cancel.check()
        progress(1, 4, _("Updating the restored database to this version"))
        _migrate_staged(staging, key, path)
        progress(2, 4, _("Putting the stored files in place"))
        try:
            _link_files(data_dir, staging)
            # the files the copy's records name that are not in the data folder (added before the copy was made,
            # then replaced by a restore): taken from the data sets restores kept aside; any still lacking is said
            lacking = _lacking_files(staging, key)
            taken = _take_from_replaced(data_dir, staging, lacking)
            lacking = [sha for sha in lacking if sha not in taken]
            missing = _described(staging / DATABASE_NAME, key, lacking) if lacking else []
            # the files no record of the copy names: added after it was made (evidence registered since)
            unnamed = _unnamed_files(staging, key)
            from workstation.filestore import sync_files

            sync_files([staging / DATABASE_NAME])
        except OSError as exc:
            raise _unpacking_refused(data_dir, exc) from None
        except driver.Error as exc:
            raise _database_failure(exc, staging, data_dir) from None
        # what the files lack and hold beyond the copy's records is said when a start finishes a cut-off restore too
        restoring = {"backup": name, "file": path.name, "created": row["created"], "folder": None,
                     "settings_before": True, "missing_files": missing, "unnamed_files": unnamed}
        replaced = _swap_in(data_dir, staging, keep_as, cancel, progress, 3, 4, restoring)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = _after_swap(data_dir, name, {"created": row["created"]}, replaced, True)
    progress(4, 4, _("Backup restored"))
    LOG.info("pre-update copy restored; %s", "the replaced data is kept" if result["kept"] else "no data replaced")
    return {**result, "path": str(path), "kind": "migration", "missing_files": missing,
            "files_taken_back": len(taken), "unnamed_files": unnamed}


def _migrate_staged(staging: Path, key: bytes | None, path: Path) -> None:
    """Update the copy staged as ``staging``'s database (from ``path``) to this version (``migrate_copy``); refused
    (BackupRefused naming ``path``) when an update fails, the current data not changed."""
    from workstation.db.connection import migrate_copy

    try:
        migrate_copy(staging / DATABASE_NAME, key)
    except WorkstationError as exc:
        raise BackupRefused(_("{file} could not be updated to this version ({reason}); the current data was not "
                              "changed.").format(file=path.name, reason=exc.message.rstrip("。."))) from None


def _staged_files(staging: Path) -> set[str]:
    from workstation.filestore import stored_paths

    return {p.name for p in stored_paths(staging)}


def _lacking_files(staging: Path, key: bytes | None) -> list[str]:
    """The sha256 of the stored files the staged database names that ``staging/files`` lacks."""
    return sorted(_named_by_copy(staging / DATABASE_NAME, key) - _staged_files(staging))


def _unnamed_files(staging: Path, key: bytes | None) -> list[str]:
    """The stored files in ``staging/files`` no record of the staged database names, as ``files/<xx>/<sha256>``."""
    named = _named_by_copy(staging / DATABASE_NAME, key)
    return [f"files/{sha[:2]}/{sha}" for sha in sorted(_staged_files(staging) - named)]


def _take_from_replaced(data_dir: Path, staging: Path, shas: list[str]) -> set[str]:
    """The stored files ``shas`` linked (copied where the disk takes no link) into ``staging/files`` from the data sets
    restores kept aside (``backups/replaced-*``, the newest first); returns those found."""
    from workstation.backup_replaced import NAME

    if not shas:
        return set()
    folder = backups_dir(Path(data_dir))
    sets = sorted((p for p in folder.iterdir() if NAME.match(p.name) and p.is_dir()), key=lambda p: p.name,
                  reverse=True) if folder.is_dir() else []
    taken = set()
    for sha in shas:
        for kept in sets:
            source = kept / "files" / sha[:2] / sha
            if not source.is_file():
                continue
            target = staging / "files" / sha[:2] / sha
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError as exc:
                if exc.errno not in NO_LINKS:
                    raise
                shutil.copy2(source, target)
            taken.add(sha)
            break
    return taken


def recover_interrupted_restore(data_dir: Path) -> bool:
    """After a crash in the middle of a restore: finish it or put the current data back (see backup_restore)."""
    if not journal_path(data_dir).exists():
        return False
    from workstation.backup_restore import recover

    return recover(data_dir)


# the schedule and the last good one ----------------------------------------------------------------------------
def last_backup_gone(data_dir: Path, settings: dict | None = None) -> bool:
    """Whether the last backup made (``backup.json``'s "last_path") is gone from its folder while the folder is there
    (deleted, or removed by another data folder's encryption): not when the folder itself is not there (a USB stick
    not plugged in), nor when no path was recorded (an earlier version's ``backup.json``)."""
    settings = backup_settings(data_dir) if settings is None else settings
    last = settings["last_path"]
    if not last or not isinstance(last, str):
        return False
    try:
        path = Path(last)
        return path.parent.is_dir() and not path.is_file()
    except (OSError, ValueError):
        return False


def due_backup(data_dir: Path) -> bool:
    """Whether the daily backup is due: no backup yet, the last one is older than 24 hours, or it is gone from its
    folder (``last_backup_gone``)."""
    settings = backup_settings(data_dir)
    last = settings["last_backup"]
    if not last or last_backup_gone(data_dir, settings):
        return True
    try:
        when = _recorded_time(last)
    except ValueError:
        return True
    return not dt.timedelta(0) <= program_time() - when < DUE_AFTER


def days_since_backup(data_dir: Path) -> int | None:
    """Whole days since the last backup recorded in ``backup.json`` (None: none recorded, or unreadable); its age
    even when it is gone from its folder since (``last_backup_gone``, which the caller tells apart)."""
    last = backup_settings(data_dir)["last_backup"]
    try:
        when = _recorded_time(last) if last else None
    except ValueError:
        return None
    if when is None:
        return None
    return max(0, (program_time() - when).days)


def data_age_days(db: Database | None) -> int | None:
    """Whole days since the data in ``db`` was begun: its first audit entry, or the making of its database (its first
    migration) when that is older; None when neither can be read (no database given). What counts the week after
    which a failing automatic backup of data never backed up is said in a message box, as ``days_since_backup``
    counts it for data backed up once."""
    if db is None:
        return None
    begun = []
    for sql in ("SELECT at FROM audit ORDER BY seq LIMIT 1",
                "SELECT applied_at FROM _sqlite_migrations ORDER BY id LIMIT 1"):
        try:
            row = db.execute(sql).fetchone()
            if row is not None and row[0]:
                begun.append(_recorded_time(str(row[0])))
        except (ValueError, *driver.Error):  # a table not there, or a time that is none: the other one tells
            LOG.warning("the age of the data not read from: %s", sql.split()[3])
    if not begun:
        return None
    return max(0, (program_time() - min(begun)).days)


def _recorded_time(text: str) -> dt.datetime:
    """A time ``backup.json`` recorded: with its offset, or one written without (Beijing time, as the program's
    clock reads); ValueError when it is no time."""
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=SHANGHAI)


def last_good_backup(data_dir: Path) -> dict | None:
    """The newest backup of this station whose hashes ``verify_backup`` passes (in the chosen folder, then the default
    one), or None; what would refuse its restore is said when it is offered (``check_restorable``)."""
    data_dir = Path(data_dir)
    rows: list[dict] = []
    for place in dict.fromkeys([backup_folder(data_dir), backups_dir(data_dir)]):
        if place.is_dir():
            rows += _describe_all(place)
    for row in sorted(rows, key=lambda r: r["created"], reverse=True):
        if not row["valid"]:
            continue
        try:
            verify_backup(data_dir, row["path"], database=False)  # a newer version's: offered, its refusal said
        except WorkstationError:
            continue
        return row
    return None


def latest_backup(data_dir: Path, *, sound: bool = False, copies: bool = False) -> dict | None:
    """The newest backup of this station whose header reads (in the chosen folder, then the default one), or None;
    read without opening the database (it may be missing or damaged) and without checking the whole file (the
    restore does that first). ``sound``: not one a rotation found damaged (``_mark_damaged``). ``copies``: a copy
    of the database an update made first counts too ("kind" "migration": the database alone, as it was then), when
    it is encrypted as the data here is."""
    data_dir = Path(data_dir)
    try:
        settings = backup_settings(data_dir)
        places = [backup_folder(data_dir, settings), backups_dir(data_dir)]
    except WorkstationError:
        settings, places = {"station": None}, [backups_dir(data_dir)]
    rows: list[dict] = []
    for place in dict.fromkeys(places):
        if place.is_dir():
            rows += _describe_all(place)
    if copies:
        rows += [row for row in migration_copies(data_dir) if row["valid"] and _encrypted_as_here(data_dir, row)]
    station = settings.get("station")
    marks = set(settings.get("damaged") or []) if sound else set()
    for row in sorted(rows, key=lambda r: (r["created"], r["id"]), reverse=True):
        if marks and str(Path(row["path"]).resolve()) in marks:
            continue
        if row["valid"] and (not station or not row["station"] or row["station"] == station):
            return row
    return None


def on_the_data_disk(data_dir: Path, folder: Path | None = None) -> bool:
    """Whether backups in ``folder`` (default: the backup folder) would be on the disk that holds the data, so lost
    with it when the laptop is lost or its disk breaks. A folder not there yet counts where it would be made."""
    place = Path(folder) if folder is not None else backup_folder(data_dir)
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        return place.stat().st_dev == Path(data_dir).stat().st_dev
    except OSError:
        return False


def passphrase_change_note(data_dir: Path) -> str:
    """What a change of passphrase means for the backups already made ("" when there is none): the database key
    stays, so they restore into this data directory as before, but each carries the keyring of its day, so restored
    into a new data directory (another laptop) it opens only with the earlier passphrase — and the key taken out of
    it with that passphrase opens the backups made after the change too."""
    data_dir = Path(data_dir)
    try:
        rows = list_backups(data_dir)
        # the chosen folder (a USB drive) not plugged in (the copies updates made listed alone): backups may be on it
        found = any(row.get("unavailable") or (row["valid"] and row["encrypted"] and row["kind"] == "backup")
                    for row in rows)
    except BackupRefused:  # the chosen folder (a USB drive) is not plugged in: backups may be on it
        found = True
    found = found or (backups_dir(data_dir).is_dir() and any(
        row["valid"] and row["encrypted"] for row in _describe_all(backups_dir(data_dir))))
    if not found:
        return ""
    return join_sentences([
        _("Backups made before this change still restore into this data directory as before; restored on another "
          "laptop (into a new data directory) they open only with the earlier passphrase. Back up now so that the "
          "newest backup opens with the new passphrase."),
        _("The data key stays the same: whoever holds one of the earlier backups and knows the earlier passphrase can "
          "take the key out of it, and that key opens the backups made after this change too. Keep the earlier "
          "backups where nobody who may know the earlier passphrase can reach them.")])


def backup_places(data_dir: Path) -> list[Path]:
    """Every folder backups of ``data_dir`` may be in: the chosen one, the default one and those chosen or written to
    earlier (``backup.json``'s "folders"), but for those inside another data directory (``_of_another_data_dir``)."""
    settings = backup_settings(data_dir)
    # a folder of another data directory is never one of this data's, whatever the settings name (an earlier
    # version's ``backup.json`` copied with the data directory names the original's ``backups``)
    remembered = [Path(f) for f in settings["folders"] if not _of_another_data_dir(data_dir, f)]
    return list(dict.fromkeys([backup_folder(data_dir, settings), backups_dir(Path(data_dir)), *remembered]))


_SAVED = object()  # ``plaintext_backups``: the mark ``backup.json`` keeps


def plaintext_backups(data_dir: Path, mark=_SAVED) -> list[Path]:
    """This data's unencrypted backups in every folder of ``backup_places``; a folder that is not available now
    (a USB stick: ``unavailable_places``) is left out. This data's: made by this station or without a station id,
    and this data folder's by the rule ``_rotate`` follows (``_this_folders``): its header carries this folder's
    ``data_mark``, or it is the backup just restored from; one carrying another folder's mark never is; one of an
    earlier version, without a mark, when this database's audit log records making it (with a station: since its
    last restore, ``_made_since_forked``; without: as ``_made_here``, another laptop without a station id, sharing
    the USB stick, names its backups the same; its own stay). A restore puts back the audit log of its
    backup, which does not record the backups made after it: one without a station id in the data directory's own
    ``backups`` folder, or the last one made (``backup.json``'s "last_path"), is this data's too when its database
    carries this data's audit log (``_carries_entry``: another laptop's log starts with an entry of its own). The data
    kept aside by restores (``replaced-*`` folders) is not among them: an encryption encrypts it too (it may still be
    put back). ``mark``: this folder's mark when they were found (a note's: ``noted_backup``), in place of the one
    ``backup.json`` keeps now."""
    data_dir = Path(data_dir)
    station = _current_station(data_dir)
    settings = backup_settings(data_dir)
    mark = settings["part_mark"] if mark is _SAVED else mark
    last, here = settings["last_path"], _folder_id(data_dir)
    if settings["mark_folder"] not in (None, here):  # ``backup.json`` copied with the data folder: the original's
        last = None
    audited: dict[str, set[str]] | None = None
    first: str | None = None
    own = {_resolved(backups_dir(data_dir))}
    last = _resolved(last) if last else None
    found = []

    def mine(path: Path) -> bool:  # in this data directory's own ``backups`` folder
        path = _resolved(path)
        return path is not None and path.parent in own

    def carries(path: Path) -> bool:  # in this data's own folder, or the last one made: carries this data's log
        nonlocal first
        p = _resolved(path)
        if p is None or (p.parent not in own and p != last):
            return False
        first = _first_entry_here(data_dir) if first is None else first
        return bool(first) and _carries_entry(p, first)

    def proof(row: dict, audited: dict):  # that ``row``, without a mark, was made here
        if row["station"]:  # made since this data's last restore, as its log says
            return lambda _path: row["id"] in audited["since_forked"]
        # as ``_made_here``: its log records making it, or (its own folder) it carries this data's log
        return lambda path: row["id"] in audited["made"] or carries(path)

    for place in backup_places(data_dir):
        for row in _describe_all(place) if place.is_dir() else ():
            if not row["valid"] or row["encrypted"] is not False:
                continue
            if row["station"] and row["station"] != station:
                continue
            # another data folder (of this station, restored from a backup; or another laptop without a station id)
            # writes the same names: its backups are its own to remove when it is encrypted. Which are this
            # folder's: ``_this_folders``, as ``_rotate`` tells them apart, but for the backup just restored from
            # (its data is this data: a restore with a passphrase, whose encryption replaces it). Of this folder's,
            # only those this data's history holds: recorded by its audit log (made before the backup restored, or
            # since) or carrying it; one its log does not know was made after the backup restored and holds the data
            # the restore replaced, which the current data lacks: kept and named (``plaintext_left_note``)
            audited = _audited_here(data_dir) if audited is None else audited
            if row["id"] in audited["restored"] or (
                    _this_folders(row, mark, proof(row, audited), here, mine(Path(row["path"])))
                    and (row["id"] in audited["made"] or row["id"] in audited["since_forked"]
                         or carries(Path(row["path"])))):
                found.append(Path(row["path"]))
    return found


def _first_entry_here(data_dir: Path) -> str:
    """The hash of the first entry of the audit log of the data directory's database ("" when there is none or the
    database does not open): every later entry is chained to it, and its time (to the microsecond) and officer make
    it this data's own."""
    from workstation.db.connection import connect

    try:
        db = connect(database_path(data_dir))
    except (WorkstationError, *driver.Error):
        return ""
    try:
        row = db.execute("SELECT hash FROM audit ORDER BY seq LIMIT 1").fetchone()
    except driver.Error:
        row = None
    finally:
        db.conn.close()
    return row[0] if row and isinstance(row[0], str) and re.fullmatch("[0-9a-f]{64}", row[0]) else ""


def _carries_entry(path: Path, entry: str) -> bool:
    """Whether the database an unencrypted backup holds carries the audit entry whose hash is ``entry`` (read as it
    streams from the file, nothing written to the disk): its data and this data have one history. False for an
    encrypted backup, or one that cannot be read that far."""
    import tarfile

    from workstation.backup_format import DATABASE_MEMBER, HEADER_SIZE, PayloadReader

    needle = entry.encode("ascii")
    try:
        header = read_header(path)
        if header["encrypted"]:
            return False
        with open(path, "rb") as fh:
            fh.seek(int(header.get("header_size", HEADER_SIZE)))
            with tarfile.open(fileobj=PayloadReader(fh, header, None, path), mode="r|") as tar:
                info = tar.next()  # the database comes first (``write_archive``)
                if info is None or info.name != DATABASE_MEMBER or not info.isfile():
                    return False
                source = tar.extractfile(info)
                tail = b""
                for block in iter(lambda: source.read(1 << 20), b""):
                    if needle in tail + block:
                        return True
                    tail = block[-(len(needle) - 1):]
    except (BackupRefused, OSError, tarfile.TarError, ValueError, KeyError, TypeError):
        return False
    return False


def plaintext_left(data_dir: Path, exclude=()) -> dict[Path, list[dict]]:
    """The unencrypted backups still in the folders of ``backup_places`` that are there now, by folder (each as
    ``describe_backup`` reads its header):
    once the data is encrypted, those ``plaintext_backups`` did not take for this data's — another laptop's, or,
    after a restore, those made after the backup restored without a station id, in a folder other than the data
    directory's own ``backups`` (whose audit log no longer records them). ``exclude``: the paths of those the caller
    names otherwise (an encryption's "backups_left": this data's, which could not be deleted)."""
    skipped = {str(Path(path).resolve()) for path in exclude}
    left: dict[Path, list[str]] = {}
    for place in backup_places(data_dir):
        for row in _describe_all(place) if place.is_dir() else ():
            if row["valid"] and row["encrypted"] is False and str(Path(row["path"]).resolve()) not in skipped:
                left.setdefault(place, []).append(row)
    return left


def plaintext_left_note(data_dir: Path, exclude=()) -> str:
    """What the officer is told, once the data is encrypted, of the unencrypted backups left (``plaintext_left``,
    but those in ``exclude``): each named in its folder, those another data folder of this station made
    (``_of_another_folder``) said to be that folder's, the others for those of this data to be deleted by hand ("" when
    none is left)."""
    settings, here = backup_settings(data_dir), _folder_id(data_dir)
    text = ""  # joined as ``join_sentences`` does, but a folder's or file's spaces are kept as they are
    for folder, rows in plaintext_left(data_dir, exclude).items():  # each folder's headers read once
        other = [Path(r["path"]).name for r in rows if _of_another_folder(r, settings, here)]
        files = [Path(r["path"]).name for r in rows if not _of_another_folder(r, settings, here)]
        sentences = [ngettext(
            "The unencrypted backup {files} in {folder} was made by this station from another data folder: it is "
            "that folder's, removed when that folder's data is encrypted. If that folder is no longer used, delete "
            "it by hand.",
            "The unencrypted backups {files} in {folder} were made by this station from another data folder: they "
            "are that folder's, removed when that folder's data is encrypted. If that folder is no longer used, "
            "delete them by hand.", len(other)).format(files="、".join(sorted(other)), folder=folder)] if other else []
        if files:
            sentences.append(ngettext(
                "The unencrypted backup {files} in {folder} was not removed: it is not known to be this data folder's "
                "(it may be another laptop's or another data folder's, or made after the backup restored). If it is "
                "this data folder's, delete it by hand.",
                "The unencrypted backups {files} in {folder} were not removed: they are not known to be this data "
                "folder's (they may be another laptop's or another data folder's, or made after the backup "
                "restored). Delete those of this data folder by hand.", len(files)).format(
                files="、".join(sorted(files)), folder=folder))
        for sentence in sentences:
            text += ("" if not text or text.endswith("。") else " ") + sentence
    return text


def unavailable_places(data_dir: Path) -> list[Path]:
    """The folders of ``backup_places`` that are not there now (a USB stick not plugged in): unencrypted backups
    there cannot be removed when the data is encrypted."""
    return [place for place in backup_places(data_dir) if not place.is_dir() and place != backups_dir(Path(data_dir))]


def _plaintext_place(data_dir: Path, path: Path) -> bool:
    """Whether the absolute ``path`` (named by an earlier, interrupted removal) is where ``plaintext_backups`` finds
    copies: nothing else is removed on the word of a note in the data directory."""
    return path.name.startswith(PREFIX) and path.name.endswith(SUFFIX) and path.parent in [
        place.resolve() for place in backup_places(data_dir)]


def remove_plaintext_backups(data_dir: Path, *, earlier: list[str] | tuple = (), before=None, after=None,
                             spare: Path | None = None, found: list[Path] | None = None, left=None) -> int:
    """When the data has just been encrypted: delete the unencrypted copies ``plaintext_backups`` finds, which would
    keep what is now sealed, but ``spare`` (a restore's own backup, removed by the restore once done). ``before`` is
    given their paths before the first goes (an encryption notes them in its journal), ``after`` the paths removed
    (now or by that run: for the audit log); ``earlier``: the paths such a note of an interrupted run named — removed
    when still there and still this folder's (``noted_still_here``: each as ``noted_backup`` gives it), counted when
    gone from a folder that is there (that run removed them). Returns how many were
    removed, now or by that run. ``found``: what ``plaintext_backups`` found (resolved) when the caller read it, not
    read again (one gone since from a folder that is there, as by a rotation, was removed and is counted). A file that
    cannot be deleted (a read-only share, in use by another program) is skipped, never stopping the others nor the
    caller: ``left`` is given those (path, reason), for the officer to delete by hand. One that is an encrypted backup
    now (it took the name meanwhile) is not deleted: the unencrypted one is gone."""
    data_dir = Path(data_dir)
    paths = list(found) if found is not None else [p.resolve() for p in plaintext_backups(data_dir)]
    noted = _entries(earlier)
    still = {entry["path"] for entry in noted_still_here(data_dir, noted)}
    paths += [Path(n) for n in dict.fromkeys(entry["path"] for entry in noted) if Path(n) not in paths and (
        n in still or (not Path(n).exists() and _plaintext_place(data_dir, Path(n))))]
    paths = [p for p in paths if spare is None or p != Path(spare).resolve()]
    if before is not None:
        before([str(p) for p in paths])
    removed: list[str] = []
    refused: list[tuple[str, str]] = []
    for path in paths:
        try:
            if path.is_file() and not _encrypted_now(path):  # never a folder: a restore's kept data is encrypted
                path.unlink()
            elif not path.is_file() and not path.parent.is_dir():
                continue  # a folder not available now (a USB stick): not known to be removed
        except OSError as exc:
            LOG.warning("unencrypted backup not removed: %s: %s", path, exc.strerror)
            refused.append((str(path), os_reason(exc)))
            continue
        removed.append(str(path))
    if after is not None:
        after(removed)
    if left is not None:
        left(refused)
    return len(removed)


def plaintext_files_findings(data_dir: Path) -> list[str]:
    """`backup check`'s findings of the unencrypted stored files and backups an encryption could not remove
    (``access.plaintext_files_left``, ``backups_left``): not damage — the records are sound and no backup is to be
    restored — but files to delete (``repair.PlaintextFilesLeft``)."""
    from workstation.repair import PlaintextFilesLeft
    from workstation.security.access import plaintext_files_left, plaintext_files_note

    return [PlaintextFilesLeft(note) for note in (
        *(plaintext_files_note([folder]) for folder in plaintext_files_left(data_dir)),
        *map(backup_left_sentence, backups_left(data_dir))) if note]


# the unencrypted backups of this data an encryption (or the restore it followed) could not delete, by path: named
# and tried again at each opening (``sweep_plaintext_backups``), and by `backup check`, until they are gone
BACKUPS_LEFT = "backups-left.json"


def note_backups_left(data_dir: Path, paths) -> None:
    """Add ``paths`` to the note of this data's unencrypted backups left (BACKUPS_LEFT), each with what tells it
    again (``noted_backup``; one given as such an entry kept as it is); at best (logged)."""
    entries = [p if isinstance(p, dict) else noted_backup(data_dir, p) for p in paths]
    entries = [entry for entry in entries if entry]
    if entries:
        try:
            _write_backups_left(data_dir, [*_backups_noted(data_dir), *entries])
        except (WorkstationError, OSError) as exc:
            LOG.warning("unencrypted backups left not noted: %s", exc)


def noted_backup(data_dir: Path, path, mark=_SAVED) -> dict | None:
    """How a note (BACKUPS_LEFT, an encryption's journal) names the unencrypted backup at ``path``, to delete it later
    only while it is still that backup and this data folder's (``noted_still_here``): {"path", "id" (its header's
    salt, drawn at random for each backup), "data_mark" (its header's), "mark" (this folder's mark under which
    ``plaintext_backups`` found it: ``mark``, or the one ``backup.json`` keeps now)}; None when it is no unencrypted
    backup that reads."""
    try:
        header = read_header(Path(path))
    except (BackupRefused, OSError, ValueError, KeyError, TypeError):
        return None
    if header.get("encrypted") or not isinstance(header.get("salt"), str):
        return None
    return {"path": str(path), "id": header["salt"], "data_mark": header.get("data_mark") or None,
            "mark": backup_settings(data_dir)["part_mark"] if mark is _SAVED else mark}


def _entries(noted) -> list[dict]:
    """The well-formed entries of ``noted_backup`` in a note's list (a bare path names no backup: not taken)."""
    return [{key: entry.get(key) for key in ("path", "id", "data_mark", "mark")} for entry in noted
            if isinstance(entry, dict) and isinstance(entry.get("path"), str) and Path(entry["path"]).is_absolute()
            and isinstance(entry.get("id"), str) and all(
                entry.get(key) is None or isinstance(entry[key], str) for key in ("data_mark", "mark"))] \
        if isinstance(noted, list) else []


def noted_still_here(data_dir: Path, entries: list[dict]) -> list[dict]:
    """Those of the noted ``entries`` (``noted_backup``) that are still the unencrypted backup noted (its header
    carries the noted id and data mark) and this data folder's: among ``plaintext_backups`` (``_this_folders``), under
    the mark ``backup.json`` keeps or the one noted (an encryption may give the folder a new mark once they are
    found). Nothing else is deleted or named on the word of a note in the data directory."""
    ours: dict = {}

    def found(mark) -> set:
        if mark not in ours:
            ours[mark] = {_resolved(p) for p in plaintext_backups(data_dir, mark)}
        return ours[mark]

    kept = []
    for entry in entries:
        path = Path(entry["path"])
        try:
            header = read_header(path) if path.is_file() else None
        except (BackupRefused, OSError, ValueError, KeyError, TypeError):
            header = None
        if header is None or header.get("encrypted") or header.get("salt") != entry["id"] \
                or (header.get("data_mark") or None) != entry["data_mark"]:
            continue
        if _resolved(path) in found(_SAVED) or _resolved(path) in found(entry["mark"]):
            kept.append(entry)
    return kept


def _backups_noted(data_dir: Path) -> list[dict]:
    """The entries the note of unencrypted backups left holds (``noted_backup``; nothing else it holds is taken)."""
    try:
        noted = json.loads((Path(data_dir) / BACKUPS_LEFT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return _entries(noted)


def _write_backups_left(data_dir: Path, entries: list[dict]) -> None:
    note = Path(data_dir) / BACKUPS_LEFT
    with exclusive(note.with_suffix(".lock"), note):
        if entries:
            unique = {entry["path"]: entry for entry in entries}  # the later entry of a path
            write_whole(note, json.dumps([unique[p] for p in sorted(unique)], ensure_ascii=False))
        else:
            note.unlink(missing_ok=True)


def backups_left(data_dir: Path) -> list[Path]:
    """The unencrypted backups the note of those left names (``note_backups_left``) that are still there, once the
    data is encrypted, and still this folder's, each the backup noted (``noted_still_here``); one whose header says
    it is encrypted now (a backup took its name), or another backup in its place, is not."""
    from workstation.security.access import encrypted_and_swapped

    if not encrypted_and_swapped(data_dir):
        return []
    return [Path(entry["path"]) for entry in noted_still_here(data_dir, _backups_noted(data_dir))]


def backup_left_sentence(path: Path | str) -> str:
    """What the officer is told of an unencrypted backup of this data an encryption could not delete."""
    return _("The unencrypted backup {path} could not be deleted when the data was encrypted: it still holds the data "
             "unencrypted. Delete it by hand (close the program using it first, or ask whoever manages that folder); "
             "the workstation also tries again each time it opens the data.").format(path=path)


def sweep_plaintext_backups(data_dir: Path) -> str:
    """At an opening of the encrypted data: delete again the unencrypted backups an encryption could not delete
    (``note_backups_left``) — only one still the backup noted and this data folder's (``noted_still_here``), never
    another on the note's word: that one is dropped from the note, neither deleted nor named — and what the officer is
    told of those still there ("" when none is). The note keeps those still there, and those in a folder not
    available now. Never raises: the data opens all the same."""
    try:
        from workstation.security.access import encrypted_and_swapped

        noted = _backups_noted(data_dir)
        if not noted or not encrypted_and_swapped(data_dir):
            return ""
        waiting = [entry for entry in noted if not Path(entry["path"]).parent.is_dir()]  # a USB stick not plugged in
        kept: list[dict] = list(waiting)
        for entry in noted_still_here(data_dir, [entry for entry in noted if entry not in waiting]):
            path = Path(entry["path"])
            try:
                path.unlink()
            except OSError as exc:
                LOG.warning("unencrypted backup still not removed: %s: %s", path, exc.strerror)
                kept.append(entry)
        if kept != noted:
            _write_backups_left(data_dir, kept)
        return join_sentences(backup_left_sentence(path) for path in backups_left(data_dir))
    except Exception:  # noqa: BLE001 - cleanup: never stops the data opening
        LOG.warning("unencrypted backups left not looked for", exc_info=True)
        return ""


def _encrypted_now(path: Path) -> bool:
    """Whether the backup at ``path`` says it is encrypted (unreadable: taken for the unencrypted one found)."""
    try:
        return bool(read_header(path)["encrypted"])
    except (BackupRefused, OSError, ValueError, KeyError, TypeError):
        return False


# the connection of a running program ----------------------------------------------------------------------------
def close_database(db: Database) -> None:
    """Close the connection of ``db`` (before a restore swaps the files)."""
    db.conn.close()


def reopen_database(db: Database, data_dir: Path) -> Database:
    """Open the data directory's database again into the same ``db`` object, so everything holding it goes on."""
    from workstation.db import open_database

    fresh = open_database(database_path(Path(data_dir)))
    # the file opened now is the one watched (``Database.replaced``): the restore's own swap refuses nothing after it
    db.conn, db._utils, db._opened = fresh.conn, None, fresh._opened
    return db


def create_backup_task(database: Path, *, folder: str | None = None, keep: int | None = None, progress: ProgressFn,
                       cancel: CancelToken) -> dict:
    """``create_backup`` with a connection of its own (for the task runner)."""
    from workstation.db.connection import connect

    db = connect(database)
    try:
        return create_backup(db, Path(database).parent, folder, keep=keep, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def restore_task(data_dir: Path, backup: str, *, keep_as: str | None = None, progress: ProgressFn,
                 cancel: CancelToken) -> dict:
    """``restore_backup`` in the task-runner protocol."""
    return restore_backup(data_dir, backup, keep_as=keep_as, progress=progress, cancel=cancel)
