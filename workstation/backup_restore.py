"""Restoring a backup: check it whole, unpack it to a staging folder, check the database there, then swap it in.

The current database and stored files are kept in ``backups/replaced-<stamp>/`` (no such folder when there was
nothing to replace: a new data directory), with a note of the backup that replaced them; they are kept until the
officer removes one, and one can be put back (``backup_replaced``). The swap is a few
renames, recorded in a journal first: an error during it puts the current data back at once; after a crash the
next start (``mark_open``) finishes the restore if the restored database was already in place, and otherwise puts
the current data back. At no moment is the data directory without its database file: the current one is kept
aside as a hard link (or a copy) and the restored one renamed over it."""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import shutil
import tempfile
from contextlib import nullcontext
from pathlib import Path

from workstation.audit import acting
from workstation.backup import (
    check_belongs,
    connect_file,
    find_backup,
    journal_path,
    note_backups_left,
    remove_stale_staging,
    replaced_name,
)
from workstation.backup_format import (
    DATABASE_MEMBER,
    SUFFIX,
    BackupRefused,
    make_private_folder,
    read_header,
    read_payload,
)
from workstation.db import Database, driver
from workstation.errors import WorkstationError, disk_full, join_sentences, os_reason
from workstation.i18n import _, ngettext
from workstation.paths import DATABASE_NAME, backups_dir, database_path
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import now, short_time
from workstation.repair import (
    clear_unclean,
    noted_process_running,
    open_elsewhere,
    restore_claimed,
    tell_once,
    this_process,
)
from workstation.security import session
from workstation.shared_file import fsync_dir

LOG = logging.getLogger("workstation.backup")


def _replace(source: Path, target: Path) -> None:
    os.replace(source, target)  # one step of the swap (where the tests cut the power)


def _check_restored_database(path: Path, data_dir: Path, name: str) -> None:
    from workstation.db.connection import applied_schema, integrity_rows, schema_names

    key = session.require_key(data_dir) if session.encrypted(data_dir) else None
    try:
        conn = connect_file(path, key)
        try:
            rows = integrity_rows(conn)
            applied = applied_schema(Database(conn))
        finally:
            conn.close()
    except driver.Error as exc:
        raise BackupRefused(_("The database in {file} cannot be opened here ({reason}); the current data was not "
                              "changed.").format(file=name, reason=exc)) from None
    if rows != ["ok"]:
        raise BackupRefused(_("The database in {file} fails its integrity check ({problem}); the current data was "
                              "not changed.").format(file=name, problem=rows[0]))
    if any(n not in schema_names() for n in applied):
        raise BackupRefused(_("The database in {file} was written by a newer version of the workstation: install it "
                              "to restore this backup.").format(file=name))


def _checkpoint(data_dir: Path) -> None:
    """Fold the current database's -wal into it, so the file kept aside is whole by itself."""
    from workstation.db.connection import connect

    path = database_path(data_dir)
    if not path.is_file():
        return
    try:
        db = connect(path)
    except (WorkstationError, *driver.Error):
        return  # a damaged database is kept aside with its -wal and -shm as they are
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except driver.Error:
        pass  # the same: the -wal is kept beside it
    finally:
        db.conn.close()


def _keep_current_database(db_path: Path, kept: Path) -> None:
    try:
        os.link(db_path, kept)  # the current file stays in place until the restored one replaces it
    except OSError:
        shutil.copy2(db_path, kept)


def _swap(data_dir: Path, staging: Path, replaced: Path, restoring: dict | None = None,
          putting_back: dict | None = None) -> None:
    db_path, files = database_path(data_dir), data_dir / "files"
    journal = {"staging": staging.name, "replaced": replaced.name, "had_files": files.exists(),
               "restores_files": (staging / "files").exists(), "started": now(),
               # the program swapping, told from another given its id after a power cut (``recover``)
               "process": this_process()}
    if restoring:  # what the start after a crash needs to finish the restore (``recover``)
        journal["restore"] = restoring
    if putting_back:  # or the put-back of a replaced set (``backup_replaced``)
        journal["put_back"] = putting_back
    replaced.mkdir(parents=True)
    try:
        with open(journal_path(data_dir), "w", encoding="utf-8") as fh:  # on the disk before the first rename
            fh.write(json.dumps(journal))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:  # a full disk: nothing was moved yet; neither the journal nor the empty set stays
        _forget_journal(data_dir)
        _drop_if_empty(replaced)
        raise
    try:
        if journal["had_files"]:
            _replace(files, replaced / "files")
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                _replace(side, replaced / side.name)
        if db_path.exists():
            _keep_current_database(db_path, replaced / DATABASE_NAME)
        if journal["restores_files"]:
            _replace(staging / "files", files)
        _replace(staging / DATABASE_NAME, db_path)
        fsync_dir(data_dir)
    except BaseException:
        _undo(data_dir, journal, whole=True)
        raise
    if not (restoring or putting_back):  # kept until what follows the swap is done (``_after_swap``)
        journal_path(data_dir).unlink()


def _forget_journal(data_dir: Path) -> None:
    """Remove the journal of a swap that never began (its writing failed): a failure to remove it is only logged."""
    try:
        journal_path(data_dir).unlink(missing_ok=True)
    except OSError as exc:
        LOG.warning("restore journal not removed: %s", exc.strerror)


def _swap_in(data_dir: Path, staging: Path, keep_as: str | None, cancel: CancelToken | None, progress: ProgressFn,
             step: int, steps: int, restoring: dict | None = None, putting_back: dict | None = None) -> Path:
    """Put the checked ``staging`` folder in place of the data in ``data_dir``, keeping the current data aside as a
    new replaced set (``keep_as``, or named by the time; ``-2``, ``-3``… when taken), and return that set's folder.
    The last point a cancel is heard; the data is put back as it was when the swap fails. ``restoring``: the
    backup a restore puts in place, ``putting_back``: the replaced set a put-back puts in place, kept in the swap's
    journal."""
    if cancel is not None:
        cancel.check()
    # asked again: a program that opened the data since the check before the reads (one of an earlier version, or
    # the data not noted as being restored) would go on saving into the data replaced, its work lost
    _refuse_open_elsewhere(data_dir, _("Another program of the workstation (process {pid}) opened the data in {path} "
                                       "before it could be replaced: nothing was changed, the data is as it was. "
                                       "Close that program, then try again."))
    if cancel is not None:
        cancel.close()  # from here a Cancel is not heard: the window greys its button out at the report below
    kept = backups_dir(data_dir) / (keep_as or replaced_name())
    n = 1
    while kept.exists():
        n += 1
        kept = kept.with_name(f"{keep_as or replaced_name()}-{n}")
    progress(step, steps, _("Replacing the data"))
    _checkpoint(data_dir)
    try:
        _swap(data_dir, staging, kept, restoring, putting_back)
    except OSError as exc:
        raise BackupRefused(_("The data in {path} could not be replaced ({reason}); the current data was put "
                              "back as it was.").format(path=data_dir, reason=os_reason(exc))) from None
    return kept


def _drop_if_empty(replaced: Path) -> bool:
    """Remove the folder that was to keep the replaced data when nothing was replaced (a new data directory);
    whether it was removed."""
    try:
        replaced.rmdir()
    except OSError:
        return False  # something is kept there (or it is not there): it stays
    return True


def _undo(data_dir: Path, journal: dict, whole: bool) -> None:
    """Put the current data back after a swap that did not finish. ``whole``: also when the restored database
    was already in place (an error before the swap returned); otherwise (after a crash) that counts as done."""
    backups = backups_dir(data_dir)
    staging, replaced = backups / journal["staging"], backups / journal["replaced"]
    db_path, files = database_path(data_dir), data_dir / "files"
    kept = replaced / DATABASE_NAME
    database_swapped = not (staging / DATABASE_NAME).exists()
    if database_swapped and not whole:
        journal_path(data_dir).unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        _drop_if_empty(replaced)
        return
    if database_swapped and kept.exists():
        os.replace(kept, db_path)
    else:
        kept.unlink(missing_ok=True)  # a link to (or copy of) the current database, which never left its place
    if journal["restores_files"] and not (staging / "files").exists() and files.exists():
        os.replace(files, staging / "files")
    if journal["had_files"] and not files.exists() and (replaced / "files").exists():
        os.replace(replaced / "files", files)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if (replaced / side.name).exists() and not side.exists():
            os.replace(replaced / side.name, side)
    _drop_if_empty(replaced)  # something still kept there stays: nothing is deleted
    journal_path(data_dir).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def journal_process(journal: dict) -> dict:
    """The process a restore journal names as the one restoring (``this_process``): its ``process``, or, in a
    journal written before that was kept, its bare ``pid``."""
    return journal["process"] if isinstance(journal.get("process"), dict) else {"pid": journal.get("pid")}


def recover(data_dir: Path) -> bool:
    """After a crash in the middle of a restore: finish it if the restored database was in place, else put the
    current data back. A restore's journal names its backup: finished, what the restore does after the swap is done
    now (the station's keys, the audit entry, the note of the data replaced, the numbering hold); a put-back's names
    its set: finished, its note, audit entry and removal are done now (``backup_replaced.finish_cut_off``). Either
    way the officer is told once (``repair.swept``) what became of it. Returns whether there was anything to do."""
    data_dir = Path(data_dir)
    path = journal_path(data_dir)
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except OSError:
        LOG.warning("restore journal unreadable; left for inspection")
        return False
    except ValueError:
        journal = None
    if not isinstance(journal, dict) or not all(isinstance(journal.get(k), str) and journal[k]
                                                for k in ("staging", "replaced")):
        _set_aside_unreadable(data_dir)
        return False
    process = journal_process(journal)
    if process.get("pid") != os.getpid() and noted_process_running(process):
        return False  # the restore is still running in another program: its swap is not to be undone here
    staging = backups_dir(data_dir) / journal["staging"]
    finished = not (staging / DATABASE_NAME).exists()
    restoring = journal.get("restore")
    if finished and restoring:
        _place_station_keys(staging, data_dir)  # before the staging folder holding them goes
    _undo(data_dir, journal, whole=False)
    LOG.info("interrupted restore recovered (%s)", "finished" if finished else "undone")
    if restoring:
        tell_once(_finish_cut_off(data_dir, journal, restoring) if finished else _(
            "The restore of {backup} was cut off before it replaced the data: the data is as it was before the "
            "restore. Restore the backup again if it is still wanted.").format(backup=_file_of(restoring)))
    elif isinstance(journal.get("put_back"), dict):
        from workstation.backup_replaced import finish_cut_off, not_put_back_text

        putting_back = journal["put_back"]
        tell_once(finish_cut_off(data_dir, journal, putting_back) if finished else not_put_back_text(putting_back))
    return True


def _set_aside_unreadable(data_dir: Path) -> None:
    """A journal that does not read (empty: its writing failed on a full disk, or was cut off) is written and flushed
    before the swap's first rename, so such a journal means nothing was moved: the data in place is the current
    data. It is removed (one with something in it is kept beside, for inspection), with the empty replaced sets
    such a swap made, so that it no longer holds back the cleanup of what killed backups and restores left
    (``remove_stale_staging``) at every start. But when a replaced set without its note (a swap's, not yet
    finished) holds anything, a swap had begun after all, and while a restore or put-back of a running program has
    its staging folder a swap may be writing its journal now: the journal is then left as it is and nothing is
    removed."""
    from workstation.backup_replaced import NOTE_NAME, replaced_sets
    from workstation.repair import process_alive

    path = journal_path(data_dir)
    try:
        sets = replaced_sets(data_dir)
        running = [p for p in backups_dir(data_dir).glob(".restore-*") if p.name.split("-")[1].isdigit()
                   and process_alive(int(p.name.split("-")[1]))]
        begun = running or not database_path(data_dir).is_file() or any(
            not (folder / NOTE_NAME).exists() and any(folder.iterdir()) for folder in sets)
    except OSError:
        begun = True  # not known: as if begun
    if begun:
        LOG.warning("restore journal unreadable beside data a swap may have moved; left for inspection")
        return
    try:
        if path.stat().st_size == 0:
            path.unlink()
        else:
            os.replace(path, path.with_name(f"{path.stem}-unreadable-{secrets.token_hex(4)}{path.suffix}"))
    except OSError as exc:
        LOG.warning("unreadable restore journal not set aside: %s", exc.strerror)
        return
    for folder in sets:
        if not (folder / NOTE_NAME).exists():
            _drop_if_empty(folder)
    LOG.warning("unreadable restore journal of a swap that never began set aside")


def _file_of(restoring: dict) -> str:
    """The file a cut-off restore's journal names (a pre-update copy's "file", ``before-migration-….db``; a backup's
    "backup")."""
    file = restoring.get("file")
    return file if isinstance(file, str) and file else restoring["backup"]


def _finish_cut_off(data_dir: Path, journal: dict, restoring: dict) -> str:
    """Do what a restore cut off after its swap had left undone; what the officer is told of it."""
    header = {"created": restoring["created"], "folder": restoring.get("folder")}
    audited = audited_since(data_dir, "restore", restoring["backup"][:-len(SUFFIX)], journal.get("started"))
    result = _after_swap(data_dir, restoring["backup"], header, backups_dir(data_dir) / journal["replaced"],
                         restoring.get("settings_before", True), audited=audited)
    for files in ("missing_files", "unnamed_files"):  # a pre-update copy's (``backup.restore_migration_copy``)
        if isinstance(restoring.get(files), list):
            result[files] = restoring[files]
    if result["kept"]:
        said = _("The restore of {backup} was cut off after it had replaced the data, and was finished now: the data "
                 "is the backup's; the data it replaced is kept in {kept}.").format(backup=_file_of(restoring),
                                                                                    kept=result["kept"])
    else:
        said = _("The restore of {backup} was cut off after it had replaced the data, and was finished now: the data "
                 "is the backup's; there was no data here to keep.").format(backup=_file_of(restoring))
    return f"{said}\n{restore_advice(result, data_dir)}"


def interrupted_swap_text(data_dir: Path) -> str:
    """What a restore or put-back stopped by Ctrl+C says when its swap's journal is left (``recover`` finishes or
    undoes it at the next opening): whether the data was replaced, and where the data it replaced is kept; "" when
    there is no journal (the interrupt came before the swap, or after it was whole)."""
    try:
        journal = json.loads(journal_path(Path(data_dir)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(journal, dict) or not all(isinstance(journal.get(k), str) and journal[k]
                                                for k in ("staging", "replaced")):
        return ""
    backups = backups_dir(Path(data_dir))
    kept = backups / journal["replaced"]
    swapped = not (backups / journal["staging"] / DATABASE_NAME).exists()
    restoring = journal.get("restore") if isinstance(journal.get("restore"), dict) else None
    putting_back = journal.get("put_back") if isinstance(journal.get("put_back"), dict) else None
    if restoring:
        what = _("The restore of {backup}").format(backup=restoring.get("backup"))
    elif putting_back:
        what = _("The put-back of {name}").format(name=putting_back.get("name"))
    else:
        return ""
    if not swapped:
        return _("{what} was interrupted before it replaced the data: the next time the data is opened (any command, "
                 "or the window), the data is put back as it was; until then it is kept in {kept}.").format(
            what=what, kept=kept)
    if kept.is_dir() and any(kept.iterdir()):
        return _("{what} was interrupted after it had replaced the data: it is finished the next time the data is "
                 "opened (any command, or the window); do not run it again. The data it replaced is kept in "
                 "{kept}.").format(what=what, kept=kept)
    return _("{what} was interrupted after it had replaced the data: it is finished the next time the data is opened "
             "(any command, or the window); do not run it again. There was no data here to keep.").format(what=what)


def audited_since(data_dir: Path, action: str, entity_id: str, since: str | None) -> bool:
    """Whether the audit log of the data in place holds an entry of ``action`` on ``entity_id`` written at or after
    ``since`` (the start of a swap, ``_swap``): the restore or put-back a crash cut off after its swap wrote it before
    it was killed, and finishing it does not write it twice. False when that cannot be told."""
    from workstation.db.connection import connect

    if not since:
        return False
    try:
        db = connect(database_path(data_dir))
        try:
            return db.execute("SELECT 1 FROM audit WHERE action = ? AND entity_id = ? AND at >= ? LIMIT 1",
                              [action, entity_id, since]).fetchone() is not None
        finally:
            db.conn.close()
    except (WorkstationError, *driver.Error, OSError):
        return False


def _place_station_keys(staging: Path, data_dir: Path) -> None:
    """The station's private keys of the backup, where the data directory has none (a new laptop); keys already
    here are this station's own (``check_belongs``) and stay."""
    from workstation.station import key_dir

    for source in sorted((staging / "station").glob("*.key")) if (staging / "station").is_dir() else ():
        target = key_dir(data_dir) / source.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(target.parent, 0o700)
            os.replace(source, target)
            os.chmod(target, 0o600)


def backup_is_encrypted(path: str | os.PathLike) -> bool:
    """Whether the backup at ``path`` is encrypted (its restore then needs a passphrase); BackupRefused when it is
    no backup or is damaged."""
    return bool(read_header(Path(path))["encrypted"])


def is_new_data_dir(data_dir: Path) -> bool:
    """A data directory with neither a database nor a keyring: a restore there sets up both from the backup."""
    from workstation.security import keyring

    data_dir = Path(data_dir)
    return not database_path(data_dir).exists() and keyring.load(data_dir) is None \
        and not (data_dir.exists() and not data_dir.is_dir())


def restore_into_new(data_dir: Path, backup: str | os.PathLike, passphrase: str | None, *, officer: str | None = None,
                     plaintext: bool = False, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None) -> dict:
    """Restore a backup into a new data directory (a new laptop, or after the old disk was lost): the keyring the
    backup carries, opened with one of its officers' passphrases, gives the database key, and ``restore`` checks
    the whole backup with it before the database, the files and the station's keys are written.

    An unencrypted backup is restored only as asked, like a new data directory is created: with ``passphrase``
    (then the first passphrase of ``officer``) the restored data is encrypted at once; with ``plaintext`` (or
    ``WORKSTATION_PLAINTEXT=1``) it stays unencrypted on purpose; otherwise it is refused, and so is ``plaintext``
    with a passphrase or for an encrypted backup (it would be encrypted all the same). A wrong passphrase, a
    backup without a keyring, a damaged one or an encryption that fails before its point of no return leaves the
    folder as it was (what the restore wrote is removed again; the backup is not touched); one that fails after it
    (the encrypted data in place of the restored data) leaves that data, which the next start finishes. Encrypting
    the restored data makes an encrypted backup before it removes the unencrypted ones; the backup restored from is
    removed last, once all is done, and only when it is one of them (in the backup folder) and the encrypted backup
    was made. The plaintext choice is never written for data to be encrypted: cut off before it is, the data is
    offered encryption again. Returns ``restore``'s result and the "officer" (and, encrypted here, "backup" and
    "backups_note": the encrypted backup made and what the officer is told of the unencrypted ones)."""
    from workstation.security import keyring

    data_dir = Path(data_dir)
    path = Path(backup).expanduser()
    if not path.is_file():
        raise BackupRefused(_("{file} is not a file: give the path of the backup to restore.").format(file=backup))
    header = read_header(path)
    _refuse_plaintext_contradiction(path, header, passphrase, plaintext)
    new_passphrase = None
    if header["encrypted"]:
        carried = header.get("keyring") or {}
        if not carried.get("entries"):
            raise BackupRefused(_("{file} was made before backups carried their keyring: copy keyring.json of the old "
                                  "data directory into {path}, then restore.").format(file=path.name, path=data_dir))
        officer, key = _open_carried(carried["entries"], passphrase, path.name, header["created"])
    elif passphrase is not None:
        new_passphrase = keyring.check_passphrase(passphrase)
        officer = officer or _default_officer()
    elif plaintext or keyring.plaintext_allowed_by_environment():
        officer = ""
    else:
        raise BackupRefused(_("{file} is not encrypted: give a passphrase (WORKSTATION_PASSPHRASE or "
                              "--passphrase-file) to encrypt the restored data with it, or add --plaintext to keep "
                              "it unencrypted on purpose (only on a demo or test machine without personal "
                              "information).").format(file=path.name))
    created, had_backups = not data_dir.exists(), backups_dir(data_dir).exists()
    keys_before, beside_before = _station_key_files(data_dir), _set_up_beside(data_dir)
    result = encrypted = None
    try:
        if header["encrypted"]:
            keyring.adopt(data_dir, carried)
            session.set_key(data_dir, key)
        elif new_passphrase is None:
            keyring.choose_plaintext(data_dir)
        # else no keyring until the encryption writes its own: data cut off before that is offered encryption again
        # the restore is audited under the officer whose passphrase opened the backup, never the computer's account
        with acting(officer) if officer else nullcontext():
            # the encryption that follows still hears a Cancel: the swap's does not close the window's Cancel
            result = restore(data_dir, path, progress=progress,
                             cancel=_StillHeard(cancel) if new_passphrase is not None and cancel is not None else cancel)
            if new_passphrase is not None:
                encrypted = _encrypt_restored(data_dir, path, new_passphrase, officer, progress, cancel)
    except BaseException:
        if new_passphrase is not None and _encrypted_in_place(data_dir):
            raise  # the encrypted data replaced the restored data: whole, and finished at the next start
        session.set_key(data_dir, None)
        if result is not None:
            _take_back(data_dir, result, keys_before, beside_before)
        keyring.keyring_path(data_dir).unlink(missing_ok=True)
        (data_dir / keyring.LOCK_NAME).unlink(missing_ok=True)  # nobody else uses a data directory being set up
        if not had_backups:
            shutil.rmtree(backups_dir(data_dir), ignore_errors=True)
        if created:
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    if encrypted is not None:
        result = {**result, **_encrypted_result(data_dir, encrypted)}
    return {**result, "officer": officer}


class _StillHeard:
    """``cancel`` as a restore followed by more work that can be cancelled (the encryption of the restored data)
    uses it: a Cancel is heard as before, but the swap's ``close`` is not passed on."""

    def __init__(self, cancel: CancelToken):
        self.token = cancel

    def check(self) -> None:
        self.token.check()

    def close(self) -> None:
        """Not passed on: the work that follows is still stopped by a Cancel."""

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    @property
    def closed(self) -> bool:
        return False


def _encrypted_in_place(data_dir: Path) -> bool:
    """Whether the encryption of restored data passed its point of no return (its keyring written, the copies being
    swapped in or swapped): what is there is the restored data, encrypted, and is never taken back."""
    from workstation.security import access, keyring

    try:
        return access.journal_path(data_dir).exists() or keyring.state(data_dir) == "encrypted"
    except WorkstationError:
        return False


def _encrypted_result(data_dir: Path, encrypted: dict) -> dict:
    """Remove the backup just restored from once the restore and its encryption are done, when the encryption spared
    it (an unencrypted backup of this station in the backup folder, which would keep what is now sealed) and made
    an encrypted backup in its place; written into the audit log. What the restore's result says of it: "backup",
    "backups_note" (with what the encryption said of the other backups and of the stored files left) and
    "backups_left" (those of this data that could not be deleted, this one among them if so: named in the note, so
    that ``plaintext_left_note`` names them not again)."""
    from workstation.security import access

    note = encrypted.get("backups_note", "")
    left = list(encrypted.get("backups_left") or [])
    if encrypted.get("spared") and encrypted.get("backup"):
        path = Path(encrypted["spared"])
        try:
            path.unlink()
        except OSError as exc:  # the restore is done; the file stays, and the officer is told
            LOG.warning("restored backup not removed: %s", exc.strerror)
            # in place of the note that the unencrypted backups were removed: this one was not (nor those named)
            made = _("An encrypted backup was made in place of the unencrypted backups: {path}.").format(
                path=encrypted["backup"])
            note = "\n".join(filter(None, [made, _(
                "The unencrypted backup {file} could not be removed ({reason}): delete it by hand.").format(
                file=path, reason=os_reason(exc)), join_sentences([access.backups_removed_note(None, left),
                                                                   access.unavailable_note(data_dir)])]))
            left.append({"path": str(path), "reason": os_reason(exc)})
            note_backups_left(data_dir, [str(path)])  # named and tried again at each opening
        else:
            from workstation.security import events

            events.record_in(data_dir, [(events.PLAINTEXT_COPY_REMOVED, path.name,
                                         {"path": str(path), "restored": True})], "the removal of the restored backup")
            note = note or access.backups_removed_note(encrypted["backup"], [])
    return {"backup": encrypted.get("backup"), "backups_left": left,
            "backups_note": "\n".join(filter(None, [note, encrypted.get("files_note", "")]))}


def _refuse_plaintext_contradiction(path: Path, header: dict, passphrase: str | None, plaintext: bool) -> None:
    """Refuse ``plaintext`` (keep the restored data unencrypted) where the data would be encrypted all the same: the
    backup is encrypted (its data comes back under the keys it carries), or a passphrase was given to encrypt it
    with. Neither wins silently; checked before anything is written."""
    if not plaintext:
        return
    if header["encrypted"]:
        raise BackupRefused(_("{file} is encrypted: its data is restored encrypted, opened with the passphrase of an "
                              "officer of the laptop it was made on, and cannot be kept unencrypted. Drop --plaintext; "
                              "nothing was restored.").format(file=path.name))
    if passphrase is not None:
        raise BackupRefused(_("--plaintext asks to keep the data of {file} unencrypted, but a passphrase was given to "
                              "encrypt it: drop one of the two; nothing was restored.").format(file=path.name))


def _open_carried(entries: list, passphrase: str | None, name: str, created: str) -> tuple[str, bytes]:
    """``keyring.open_entries`` on the keyring a backup carries; a passphrase that opens none of its keys is refused
    saying when the backup was made: it carries the passphrases as they were then, so after a change of passphrase
    only the earlier one opens it."""
    from workstation.security import keyring

    try:
        return keyring.open_entries(entries, passphrase, name)
    except keyring.OffDuty:
        raise  # a passphrase suspended then (its officer had left): said so, not as a wrong one
    except keyring.WrongPassphrase:
        raise keyring.WrongPassphrase(_(
            "The passphrase opens none of the keys in {file}; nothing was restored. The backup was made {created} "
            "and opens with the passphrases as they were then: if the passphrase was changed after that, give the "
            "earlier one.").format(file=name, created=short_time(created))) from None


def _default_officer() -> str:
    from workstation.security.access import default_officer

    return default_officer()


def _station_key_files(data_dir: Path) -> set[Path]:
    from workstation.station import key_dir

    folder = key_dir(data_dir)
    return set(folder.glob("*.key")) if folder.is_dir() else set()


def _encrypt_restored(data_dir: Path, backup: Path, passphrase: str, officer: str, progress: ProgressFn | None,
                      cancel: CancelToken | None) -> dict:
    """Encrypt the unencrypted data just restored from ``backup`` (as ``security encrypt`` does: an encrypted backup is
    made, then the plaintext copies go, but ``backup`` itself: the restore is not done yet); the encryption's
    result."""
    from workstation.security.access import encrypt_data_dir

    def report(done: int, total: int, message: str) -> None:
        if cancel is not None:
            cancel.check()  # only while the encrypted copies are made, before they replace the restored data
        (progress or no_progress)(done, total, message)

    report(0, 1, _("Encrypting the data"))
    return encrypt_data_dir(data_dir, passphrase, officer, progress=report, spare=backup)


def _set_up_beside(data_dir: Path) -> set[Path]:
    """The files a restore into a new data directory, and the encryption of the data restored, may write beside the
    database that are there: the backup settings (the backup's folder kept, ``_keep_backup_folder``) and the locks
    of the settings and of the encryption."""
    from workstation.backup import SETTINGS_LOCK, SETTINGS_NAME
    from workstation.security.access import RECOVERY_LOCK

    return {data_dir / name for name in (SETTINGS_NAME, SETTINGS_LOCK, RECOVERY_LOCK) if (data_dir / name).exists()}


def _take_back(data_dir: Path, result: dict, keys_before: set[Path], beside_before: set[Path]) -> None:
    """Remove what a restore into a new data directory wrote (its encryption failed or was cancelled): the
    database, the stored files, the station's keys and the files beside the database (``_set_up_beside``) it
    placed; what the restore kept aside goes back. Left in place, the backup settings naming the backup's folder
    would have the next opening take the folder for a data directory whose database was lost."""
    database = database_path(data_dir)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    for folder in ("files", "files.encrypting", "files.plaintext"):
        shutil.rmtree(data_dir / folder, ignore_errors=True)
    kept = Path(result["kept"]) if result.get("kept") else None
    if kept is not None and (kept / "files").exists():
        os.replace(kept / "files", data_dir / "files")
    if kept is not None:
        from workstation.backup_replaced import forget_note

        forget_note(kept)
        _drop_if_empty(kept)
    for placed in _station_key_files(data_dir) - keys_before:
        placed.unlink()
    for placed in _set_up_beside(data_dir) - beside_before:
        placed.unlink(missing_ok=True)
    if not keys_before:
        from workstation.station import key_dir

        _drop_if_empty(key_dir(data_dir))


def restore_entry(backup_id: str, created: str, kept: str | None, officer: str) -> dict:
    """What the audit entry of a restore records (its digest is the entry's ``after``): the backup, when it was
    made, the folder keeping the data it replaced (None: there was none) and who restored it."""
    return {"backup": backup_id, "created": created, "kept": Path(kept).name if kept else None, "officer": officer}


def _audit_restore(data_dir: Path, backup_id: str, created: str, kept: str | None) -> tuple[str, bool] | None:
    """Write the restore into the restored database's audit log, after the swap: the chain it carries on from the
    backup then says that everything since the backup was made was replaced, when and by whom. The restore is done
    either way: a database that cannot take the entry (the disk full) is logged, not undone, and (why, whether the
    disk is full) is returned for the restore's advice to say (None: written)."""
    from workstation.audit import AuditWriter, current_actor
    from workstation.db.connection import connect

    try:
        db = connect(database_path(data_dir))
        try:
            with db.atomic():
                audit = AuditWriter(db)
                audit.add("restore", "database", backup_id, None, restore_entry(backup_id, created, kept,
                                                                                current_actor()))
                audit.flush()
        finally:
            db.conn.close()
    except (WorkstationError, *driver.Error, OSError) as exc:
        LOG.warning("restore not written into the audit log: %s", type(exc).__name__)
        from workstation.db.connection import sqlite_reason
        from workstation.errors import DiskFull

        cause = (exc.__cause__ or exc.__context__) if isinstance(exc, WorkstationError) else exc
        full = isinstance(exc, DiskFull) or disk_full(exc) or (cause is not None and disk_full(cause))
        if isinstance(cause, OSError):
            return os_reason(cause), full
        if cause is not None and isinstance(cause, driver.Error):
            return sqlite_reason(cause), full
        return (exc.message if isinstance(exc, WorkstationError) else str(exc)), full
    return None


def _refuse_open_elsewhere(data_dir: Path, message: str | None = None) -> None:
    """Refuse (BackupRefused) when another running workstation has the data in ``data_dir`` open: ``message``, a
    translated sentence with ``{pid}`` and ``{path}``, else the general one."""
    others = open_elsewhere(data_dir)
    if others:
        if message is None:
            message = _("The data in {path} is open in another running workstation (process {pid}): close it "
                        "first.")
        raise BackupRefused(message.format(path=data_dir, pid=others[0]))


def _unpacking_refused(data_dir: Path, exc: OSError) -> BackupRefused:
    said = _("The backup could not be unpacked into {folder} ({reason}); the current data was not changed."
             ).format(folder=backups_dir(data_dir), reason=os_reason(exc))
    if disk_full(exc):  # the unpacked copy needs as much room as the data: what would let it
        said = join_sentences([said, _("Free some space on that disk, then restore again.")])
    return BackupRefused(said)


class _DatabaseOnly:
    """The ``into`` of ``read_payload`` that writes the backup's database alone into ``folder``: every member is
    still read and checked against the manifest, the others are only read (``into / name`` is where a member is
    written, None: nowhere)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __truediv__(self, name: str) -> Path | None:
        return self.folder / name if name == DATABASE_MEMBER else None


def check_backup_database(data_dir: Path, path: Path, header: dict, key: bytes | None, progress: ProgressFn,
                          cancel: CancelToken | None, *, unpacked: bool = True) -> str | None:
    """Read the whole backup at ``path`` (every hash checked) and its database, unpacked alone into a staging folder
    (removed again): refused (BackupRefused, naming the file) when it cannot be opened here, fails its integrity check
    or was written by a newer version of the workstation (``_check_restored_database``). The staging folder is in the
    data directory's ``backups`` (swept there if killed), or in the system's temporary folder when the data directory
    holds no database (``backup verify --data-dir`` of one not made: no ``backups`` made there). Returns None once
    the database is checked. ``unpacked`` False: when the staging folder cannot be written (a full or read-only
    disk), the backup is read without it, its hashes only (``backup verify``: a check, not the start of a restore),
    and the reason the database was not checked is returned; True refuses."""
    staging = backups_dir(data_dir) / f".restore-{os.getpid()}-{secrets.token_hex(4)}"  # swept if killed
    try:
        try:
            if not database_path(data_dir).exists():  # no data (a lock file at most): mkdtemp's, the owner's only
                staging = Path(tempfile.mkdtemp(prefix=f".restore-{os.getpid()}-"))
            make_private_folder(staging)  # a copy of the data: the owner's only
            read_payload(path, header, key, _DatabaseOnly(staging), progress, cancel)
        except OSError as exc:
            if unpacked or not _staging_refused(exc, path):  # the backup itself not read: as the hashes' check says
                raise _unpacking_refused(data_dir, exc) if unpacked else exc from None
            LOG.warning("backup database not unpacked for its check: %s", os_reason(exc))
            shutil.rmtree(staging, ignore_errors=True)  # its room, for nothing more is written
            # read again from its start (the database comes first: what was read of it, at most, is read twice)
            read_payload(path, header, key, None, progress, cancel)
            return os_reason(exc)
        _check_restored_database(staging / DATABASE_NAME, data_dir, path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return None


def _staging_refused(exc: OSError, path: Path) -> bool:
    """Whether ``exc``, met while the backup ``path`` was unpacked into a staging folder, is that folder's disk
    refusing it (full, read-only, not writable), not the backup failing to be read (which the check of its hashes
    meets as well)."""
    refusals = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
    return exc.errno in refusals and exc.filename != os.fspath(path)


class OneTotal:
    """The progress of work in steps on one bar that never goes back (a restore: the backup checked, unpacked, its
    database checked, the data replaced): each step reports on its own scale (``read_payload``'s KiB) within its
    share of the bar (``span``), reported as ``SCALE`` parts of the whole."""

    SCALE = 1000

    def __init__(self, progress: ProgressFn):
        self.progress, self.at = progress, 0

    def span(self, start: float, end: float) -> ProgressFn:
        """The progress of a step from ``start`` to ``end`` (shares of the whole, 0 to 1)."""

        def report(done: int, total: int, message: str) -> None:
            share = start + (end - start) * (min(max(done, 0), total) / total if total > 0 else 0)
            self.at = max(self.at, min(self.SCALE, int(share * self.SCALE)))
            self.progress(self.at, self.SCALE, message)

        return report


def check_restorable(data_dir: Path, backup: str | os.PathLike, *, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None) -> dict:
    """The check of a backup before an officer is asked to let it replace the current data (the restore wizard's
    check step): what ``workstation.backup.verify_backup`` checks (every hash; a backup of another station or key),
    and what ``restore`` would refuse later that is known before anything is replaced, so that no replacement is
    confirmed that could never happen: the data open in another running workstation, and the backup's database
    (unpacked alone into a staging folder, removed again) that cannot be opened here, fails its integrity check or
    was written by a newer version of the workstation. Refuses (BackupRefused, naming the file and what to do);
    returns what ``verify_backup`` returns. The task-runner protocol as it is. A copy of the database an update made
    (``backup.migration_copy``) is checked as its restore would take it (``backup.check_migration_copy``)."""
    from workstation.backup import check_migration_copy, migration_copy

    data_dir, path = Path(data_dir), Path(backup)
    progress = progress or no_progress
    remove_stale_staging(data_dir)
    _refuse_open_elsewhere(data_dir)
    if migration_copy(path):
        return check_migration_copy(data_dir, path, progress=progress, cancel=cancel)
    header = read_header(path)
    key = check_belongs(data_dir, header, path)

    def checking(done: int, total: int, _said: str) -> None:  # said as a check: only the database is written
        progress(done, total, _("Checking the backup"))

    check_backup_database(data_dir, path, header, key, checking, cancel)
    return {"id": path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem, "path": str(path),
            "created": header["created"], "station": header["station"], "encrypted": bool(header["encrypted"]),
            "files": header.get("files", 0), "size": path.stat().st_size, "valid": True}


def restore(data_dir: Path, backup: str | os.PathLike, *, folder: str | os.PathLike | None = None,
            keep_as: str | None = None, progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> dict:
    """``workstation.backup.restore_backup``: the caller has closed its database connection. A restored database
    no longer needs the check of an unclean shutdown (``workstation.repair.clear_unclean``). From before its first
    read until it is done the restore is noted in the data directory (``repair.restore_claimed``): a program opening
    the data meanwhile is refused, for what it saved would be lost with the data replaced."""
    data_dir = Path(data_dir)
    with restore_claimed(data_dir):
        return _restore(data_dir, backup, folder=folder, keep_as=keep_as, progress=progress, cancel=cancel)


def _restore(data_dir: Path, backup: str | os.PathLike, *, folder: str | os.PathLike | None, keep_as: str | None,
             progress: ProgressFn | None, cancel: CancelToken | None) -> dict:
    progress = progress or no_progress
    if journal_path(data_dir).exists():
        recover(data_dir)
    remove_stale_staging(data_dir)  # one a killed restore left: a copy of the data with the station's keys
    path = find_backup(data_dir, backup, folder)
    _refuse_open_elsewhere(data_dir)
    header = read_header(path)
    key = check_belongs(data_dir, header, path)
    from workstation.backup import settings_path

    settings_before = settings_path(data_dir).exists()  # a laptop with its backup settings keeps them
    total = OneTotal(progress)  # the backup is read twice: both reads, and what follows, on one bar
    read_payload(path, header, key, None, total.span(0, 0.45), cancel)
    staging = backups_dir(data_dir) / f".restore-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        try:
            make_private_folder(staging)  # the data and the station's private keys: the owner's only
            read_payload(path, header, key, staging, total.span(0.45, 0.9), cancel)
            from workstation.filestore import sync_files

            sync_files([staging / DATABASE_NAME])
        except OSError as exc:
            raise _unpacking_refused(data_dir, exc) from None
        total.span(0.9, 0.95)(0, 1, _("Checking the restored database"))
        _check_restored_database(staging / DATABASE_NAME, data_dir, path.name)
        # the numbers the current data took since the backup, kept taken in the restored database before it comes in
        # (updated to this version first): a restore that cannot keep them is refused, nothing changed
        carried = _carry_before_swap(data_dir, staging, header["created"], path.name)
        restoring = {"backup": path.name, "created": header["created"], "folder": header.get("folder"),
                     "settings_before": settings_before}
        replaced = _swap_in(data_dir, staging, keep_as, cancel, total.span(0.95, 1), 0, 1, restoring)
        _place_station_keys(staging, data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result = _after_swap(data_dir, path.name, header, replaced, settings_before)
    result["numbers_carried"] += carried  # those carried before the swap (after it: any taken meanwhile)
    total.span(0, 1)(1, 1, _("Backup restored"))
    LOG.info("backup restored; %s", "the replaced data is kept" if result["kept"] else "there was no data to replace")
    return {**result, "path": str(path)}


def _after_swap(data_dir: Path, name: str, header: dict, replaced: Path, settings_before: bool, *,
                audited: bool = False) -> dict:
    """What a restore does once the data of the backup ``name`` is in place (also done by the start after a crash
    that cut the restore off there: ``recover``): the audit entry, the note of the data replaced, the numbering
    hold, the backup folder; then the swap's journal goes (no replaced set is removed). ``audited``: the
    audit entry is there already (written before a crash). Returns the restore's result (``restore``) but its
    "path"."""
    # the data is now the backup's, checked whole before it came in: problems an earlier check found in the data it
    # replaced (the unrepaired note, and a crashed process's marker) no longer concern it
    clear_unclean(data_dir)
    kept = None if _drop_if_empty(replaced) else str(replaced)
    unaudited = None if audited else _audit_restore(data_dir, name[:-len(SUFFIX)], header["created"], kept)
    from workstation.backup_replaced import note_replaced

    if kept:
        note_replaced(replaced, kind="restore", by=name[:-len(SUFFIX)], by_created=header["created"])
    numbers = keep_numbers(data_dir, kept, header["created"])
    folder_kept, folder_unknown = _keep_backup_folder(data_dir, header, settings_before)
    journal_path(data_dir).unlink(missing_ok=True)  # the restore is whole: a crash from here on leaves it done
    # no replaced set is removed: one may hold work no backup holds (``backup_replaced``); the key stays, empty
    result = {"restored": name[:-len(SUFFIX)], "created": header["created"], "kept": kept,
              "removed_replaced": [], **numbers, "backup_folder": folder_kept,
              "backup_folder_unknown": folder_unknown, "audited": unaudited is None}
    if unaudited is not None:
        result["audit_failed"], result["audit_disk_full"] = unaudited
    return result


def keep_numbers(data_dir: Path, kept: str | None, since: str, *, put_back: bool = False) -> dict:
    """After a swap (a restore, or a put-back: ``put_back``) that kept the data it replaced in ``kept`` (None: there
    was none), the numbers that data took after ``since`` (the backup's time; for a put-back, when the data put back
    was replaced) stay taken in the data now in place: the bundles it exported since are named and the numbering
    hold placed for them, and its 文号 and case-number counters are carried (``_carry_numbers``). A restore holds
    the numbering of a station that ever sent a bundle; a put-back (the way out of that hold) only for bundles sent
    since, or when the data it replaced cannot be read. Returns {"exported_after", "had_exports", "numbering_hold",
    "numbering_hold_failed", "numbers_carried", "numbers_carry_failed" (why the numbers could not be carried, said in
    the advice: ``hold_lines``; None when they were)}."""
    replaced = Path(kept) / DATABASE_NAME if kept else None
    exported_after = exports_after(replaced, data_dir, since) if replaced else None
    # the data replaced may itself stand under a hold (restored earlier from an older backup): the bundles it names,
    # exported after ``since`` too, are no longer recorded in it but their numbers may still be on paper
    held = _held_sent(replaced, data_dir, since) if replaced else None
    if held is not None:
        exported_after = _with_held(exported_after, held)
    if put_back:
        had_exports = bool(exported_after) or (replaced is not None and exported_after is None
                                               and _exported_before(data_dir))
    else:
        had_exports = bool(exported_after) or held is not None or _exported_before(data_dir)
    hold, hold_failed = _hold_numbers(data_dir, since, exported_after, kept) if had_exports else (None, None)
    # the numbers the replaced data took after ``since`` (on paper already), kept taken here: never given twice
    carried, carry_failed = 0, None
    try:
        carried = _carry_numbers(data_dir, replaced, since, put_back=put_back) if replaced else 0
    except (WorkstationError, OSError, *driver.Error) as exc:  # the swap is done: said, never passed over
        LOG.warning("numbers not carried: %s", type(exc).__name__)
        carry_failed = _reason(exc)
    return {"exported_after": exported_after, "had_exports": had_exports, "numbering_hold": hold,
            "numbering_hold_failed": hold_failed, "numbers_carried": carried, "numbers_carry_failed": carry_failed}


def _hold_numbers(data_dir: Path, created: str, exported_after: list[dict] | None,
                  kept: str | None = None) -> tuple[dict | None, str | None]:
    """Place the numbering hold in the restored database of a station that had sent bundles
    (``workstation.numbering_hold``): the numbers it took after the backup may be in use. Headquarters, which takes
    no hand-out, gets none. (the hold or None, why it could not be placed or None): the restore is done either way,
    and a database that cannot take the hold is logged and said in the restore's advice (``restore_advice``)."""
    from workstation.db.connection import connect
    from workstation.numbering_hold import place_hold
    from workstation.station_role import installation_role

    try:
        db = connect(database_path(data_dir))
        try:
            if installation_role(db, data_dir).headquarters:
                return None, None
            return place_hold(db, created, exported_after, kept=kept), None
        finally:
            db.conn.close()
    except (WorkstationError, OSError, *driver.Error) as exc:
        LOG.warning("numbering hold not placed: %s", type(exc).__name__)
        return None, exc.message if isinstance(exc, WorkstationError) else os_reason(exc)


def _carry_numbers(data_dir: Path, replaced: Path, created: str, *, put_back: bool = False,
                   into: Path | None = None) -> int:
    """Keep taken in the restored data (or the data put back: ``put_back``, ``created`` when it was replaced) the
    numbers the data it replaced (``replaced``, readable) had taken and the backup lacks: each 文号 as a number
    ``lost`` (taken before the restore, its document not here: never given by itself again, but a document of its
    sequence may be issued under it, ``numbering.take_number(serial=…)``), naming the case and form its document was
    for as the data replaced had them (one voided there stays voided; a case number, 立, is voided), and each
    case-number counter at the higher of the two —
    those numbers may be on paper served to a party, whether or not a bundle told headquarters of them (a station
    that never sent one, headquarters itself). The case numbers its cases carried that no case here carries are
    kept taken as voided numbers too (``number_blocks.keep_case_number``): inside a number block (号段) the counters
    do not count. Returns how many 文号 were carried; 0 when the replaced data
    cannot be read (the numbering hold, where it applies, still stands). ``into``: the database written (a restore's
    staged copy, migrated, before the swap: ``_carry_before_swap``); by default the one in ``data_dir``. A failure to
    write raises (``WorkstationError``, ``OSError`` or the driver's error): its callers say it, never pass over it.
    A database written by a version before m072 (a put-back of older data: its next start migrates it) takes the
    numbers as that version's restore wrote them, voided with its note, which m072 makes lost."""
    from workstation.db.connection import connect
    from workstation.documents.number_blocks import CASE_TYPE_CODE, keep_case_numbers
    from workstation.numbering_hold import _when

    def read(conn) -> tuple[list, list, list]:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(doc_numbers)")}
        # the case and form of each number's document, as the data replaced has them (and of a number it had lost
        # in an earlier restore, as it recorded them)
        lost = ("n.lost_case_id, n.lost_case, n.lost_form" if "lost_case" in columns else "NULL, '', ''")
        return (conn.execute(
            "SELECT n.id, n.agency_id, n.type_code, n.year, n.serial, n.number, n.issued_at, n.status, n.void_reason, "
            f"COALESCE(c.id, l.case_id), c.case_number, d.form_id, {lost} FROM doc_numbers n LEFT JOIN documents d "
            "ON d.id = n.document_id LEFT JOIN leads l ON l.id = d.lead_id LEFT JOIN cases c ON c.id = "
            "COALESCE(d.case_id, l.case_id)").fetchall(),
                conn.execute("SELECT agency_id, kind, year, last FROM number_sequences").fetchall(),
                conn.execute("SELECT agency_id, case_number, created_at FROM cases").fetchall())

    taken = _read_data(replaced, data_dir, read)
    if not taken:
        return 0
    numbers, counters, cases = taken
    if into is None:
        db = connect(database_path(data_dir))
    else:
        db = Database(connect_file(into, _data_key(data_dir)))
        db.execute("PRAGMA foreign_keys = ON")
    try:
        with db.atomic():
            agencies = {r[0] for r in db.execute("SELECT id FROM agencies")}
            held = {r[0] for r in db.execute("SELECT id FROM doc_numbers")}
            has_lost = "lost_case" in {r[1] for r in db.execute("PRAGMA table_info(doc_numbers)")}
            if put_back:
                reason = _("taken on {date} by the data in use from {created} until a put-back replaced it; its "
                           "document is not in the data put back").format
                case_reason = _("taken on {date} by the data in use from {created} until a put-back replaced it; "
                                "its case is not in the data put back").format
            else:
                reason = _("taken on {date} by the data a restore of the backup of {created} replaced; its "
                           "document is not in the restored data").format
                case_reason = _("taken on {date} by the data a restore of the backup of {created} replaced; its "
                                "case is not in the restored data").format
            when = _when(created)  # as the numbering hold writes the backup's time
            missing = []
            for (i, a, t, y, s, n, at, status, was_void, case_id, case_number, form_id, lost_case_id, lost_case,
                 lost_form) in numbers:
                if i in held or a not in agencies:
                    continue
                note = (case_reason if t == CASE_TYPE_CODE else reason)(date=str(at)[:10], created=when)
                # voided there (or a case number): voided here, with why it was voided there; else lost
                void = t == CASE_TYPE_CODE or status == "void"
                if status == "void" and (was_void or "").strip() and t != CASE_TYPE_CODE:
                    note = _("; ").join([note, was_void.strip()])
                # a database before m072 has no lost state: voided with the note alone, which m072 makes lost
                void = void or not has_lost
                missing.append((i, a, t, y, s, n, at, "void" if void else "lost", note, now() if void else None,
                                None if void else case_id or lost_case_id,
                                "" if void else case_number or lost_case or "",
                                "" if void else form_id or lost_form or ""))
            if has_lost:
                db.conn.executemany("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, "
                                    "issued_at, status, void_reason, voided_at, lost_case_id, lost_case, lost_form) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", missing)
            else:
                db.conn.executemany("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, "
                                    "issued_at, status, void_reason, voided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                    "?)", [row[:10] for row in missing])
            db.conn.executemany("INSERT INTO number_sequences (agency_id, kind, year, last) VALUES (?, ?, ?, ?) "
                                "ON CONFLICT(agency_id, kind, year) DO UPDATE SET last = MAX(last, excluded.last)",
                                [row for row in counters if row[0] in agencies])
            carried = {r[0] for r in db.execute("SELECT case_number FROM cases")}
            keep_case_numbers(db, [(agency, number, case_reason(date=str(at)[:10], created=when))
                                   for agency, number, at in cases if number not in carried and agency in agencies])
        return len(missing)
    finally:
        db.conn.close()


def _data_key(data_dir: Path) -> bytes | None:
    """The key of the data in ``data_dir`` (None: not encrypted), which a restore's staged database is opened with."""
    return session.require_key(data_dir) if session.encrypted(data_dir) else None


def _carry_before_swap(data_dir: Path, staging: Path, created: str, name: str) -> int:
    """Keep taken in the restored database staged in ``staging`` (migrated to this version first: ``_migrate_staged``,
    as the restore of a pre-update copy does) the numbers the current data has taken and the backup of ``created``
    (the file ``name``) lacks (``_carry_numbers``), before the swap: a 文号 not carried may be on paper served to a
    party and would be issued twice. Refuses (BackupRefused, the current data not changed) when the update or the
    carry fails; returns how many 文号 were carried."""
    from workstation.backup import _migrate_staged

    _migrate_staged(staging, _data_key(data_dir), Path(name))
    try:
        return _carry_numbers(data_dir, database_path(data_dir), created, into=staging / DATABASE_NAME)
    except (WorkstationError, OSError, *driver.Error) as exc:
        LOG.warning("numbers not carried: %s", type(exc).__name__)
        raise BackupRefused(_("The numbers the current data has taken could not be kept taken in the data of {file} "
                              "({reason}): restored, they could be given a second time, so the restore is refused; "
                              "the current data was not changed.").format(file=name, reason=_reason(exc))) from None


def _reason(exc: BaseException) -> str:
    """Why a carry of the numbers failed, as said: a refusal's message, a file error's reason, else its text."""
    return exc.message if isinstance(exc, WorkstationError) else os_reason(exc) if isinstance(exc, OSError) \
        else str(exc)


def exports_after(database: Path, data_dir: Path, created: str) -> list[dict] | None:
    """The bundles the data in ``database`` (the data a restore replaced, or the current data before a restore)
    exported after ``created`` (the backup's time), oldest first: {"file", "created_at", "destination", "audit_to"
    (how far into the audit log it went), "bundle_id"}. None when that database cannot be read (locked, damaged)."""
    from workstation.exports_sent import destination_text, file_name

    def read(conn) -> list:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(bundle_exports)")}
        extra = ", destination, destination_name" if "destination" in columns else ", NULL, NULL"
        return conn.execute(f"SELECT path, created_at{extra}, audit_to, id FROM bundle_exports WHERE "
                            "created_at > ? ORDER BY created_at, rowid", [created]).fetchall()

    rows = _read_data(Path(database), Path(data_dir), read)
    if rows is None:
        return None
    return [{"file": file_name(r[0]), "created_at": r[1],
             "destination": destination_text({"destination": r[2], "destination_name": r[3]}),
             "audit_to": r[4], "bundle_id": r[5]} for r in rows]


def _held_sent(database: Path, data_dir: Path, created: str) -> list[dict] | None:
    """The bundles the numbering hold standing in ``database`` (the data a restore replaced) names that were exported
    after ``created`` (the backup restored now), oldest first; None when no hold stands there (or it cannot be read).
    A hold that names no bundle (an earlier version's) gives an empty list: held all the same."""
    from workstation.numbering_hold import current_hold

    hold = _read_data(Path(database), Path(data_dir), current_hold)
    return None if hold is None else _sent_under(hold, created)


def _read_data(database: Path, data_dir: Path, read):
    """``read(connection)`` on the data in ``database`` opened read only, with ``data_dir``'s key when its data is
    encrypted; None when the file is not there or cannot be read (locked, damaged)."""
    from workstation.backup_replaced import _open_read_only

    if not database.is_file():
        return None
    key = session.key_for(data_dir) if session.encrypted(data_dir) else None
    try:
        conn = _open_read_only(database, key)
        try:
            return read(conn)
        finally:
            conn.close()
    except driver.Error:
        return None


def _sent_under(hold: dict, created: str) -> list[dict]:
    """The bundles a numbering hold names that were exported after ``created``, oldest first."""
    rows = hold.get("exported_after") or ([hold["newest_export"]] if hold.get("newest_export") else [])
    return [row for row in rows if isinstance(row, dict) and str(row.get("created_at") or "") > created]


def _with_held(exported_after: list[dict] | None, held: list[dict]) -> list[dict]:
    """``exported_after`` with the bundles of ``held`` it lacks, oldest first (a hold is placed at a station only,
    whose bundles go to headquarters)."""
    from workstation.exports_sent import destination_text

    rows = list(exported_after or [])
    known = {(row.get("file"), row.get("created_at")) for row in rows}
    for row in held:
        if (row.get("file"), row.get("created_at")) not in known:
            rows.append({**row, "destination": destination_text({"destination": "hq"})})
    return sorted(rows, key=lambda row: str(row.get("created_at") or ""))


def exports_since(db: Database, created: str) -> list[dict]:
    """``exports_after`` on the open current data: the bundles a restore of the backup made at ``created`` would
    leave out, said before it is done (with those a numbering hold standing here names: see ``_held_sent``)."""
    from workstation.exports_sent import destination_text, file_name
    from workstation.numbering_hold import current_hold

    rows = db.execute("SELECT path, created_at, destination, destination_name FROM bundle_exports WHERE "
                      "created_at > ? ORDER BY created_at, rowid", [created]).fetchall()
    sent = [{"file": file_name(r[0]), "created_at": r[1],
             "destination": destination_text({"destination": r[2], "destination_name": r[3]})} for r in rows]
    hold = current_hold(db)
    return sent if hold is None else _with_held(sent, _sent_under(hold, created))


def sent_list(rows: list[dict]) -> str:
    """The bundles of ``exports_after`` in one line: 案卷包-南海区局-20261201.bundle（2026-12-01 10:12，发往总部）、…"""
    return "、".join(_("{file} ({when}, to {destination})").format(
        file=row["file"], when=short_time(row["created_at"]), destination=row["destination"])
        for row in rows)


def _exported_before(data_dir: Path) -> bool:
    """Whether the restored data had exported bundles (its station sends to headquarters)."""
    from workstation.db.connection import connect

    try:
        db = connect(database_path(data_dir))
        try:
            return db.execute("SELECT 1 FROM bundle_exports LIMIT 1").fetchone() is not None
        finally:
            db.conn.close()
    except (WorkstationError, *driver.Error, OSError):
        return False


def _keep_backup_folder(data_dir: Path, header: dict, settings_before: bool) -> tuple[str | None, bool]:
    """On a laptop whose backup settings were not there before the restore (a new laptop), keep the backup folder
    chosen where the backup was made (its header's "folder"): (that folder, False); when the backup names none,
    (None, True): the folder must be chosen again. A laptop that had its settings keeps them: (None, False)."""
    from workstation.backup import save_backup_settings

    if settings_before:
        return None, False
    folder = header.get("folder")
    if not isinstance(folder, str) or not folder:
        return None, True
    try:
        save_backup_settings(data_dir, folder=folder)
    except BackupRefused as exc:
        LOG.warning("backup folder not kept: %s", exc.message)
        return None, True
    return folder, False


def restore_advice(result: dict, data_dir: Path | None = None) -> str:
    """What an officer must know after a restore (the window and ``backup restore`` say it): the work done after
    the backup was made is not in the restored data; the bundles exported after it (when the replaced data names
    them); to import headquarters' latest hand-out before taking a case number or a document number, when the
    station sends bundles (its numbers since the backup are known there) -- when bundles were exported after the
    backup, first that headquarters will refuse this station's further bundles and that putting back the data the
    restore replaced is the way out; and where backups go now."""
    from workstation.numbering_hold import put_back_command

    created = (result.get("created") or "")[:19].replace("T", " ")
    lines = [_("The work done after {created} — cases, leads, complaints, interviews, publicity activities, documents, "
               "evidence registered, case numbers, document numbers and bundles — is not in the restored "
               "data.").format(created=created)]
    sent = result.get("exported_after") or []
    if sent:
        lines.append(_("Bundles exported after the backup was made: {bundles}.").format(bundles=sent_list(sent)))
        # the restored log branches off where headquarters holds those bundles' entries (``merge.log_differs_text``)
        lines.append(_("Headquarters will refuse this station's further bundles: its audit log no longer continues "
                       "the one those bundles carried. The way out, first of all: put back the data this restore "
                       "replaced (File → Backups… → Data kept before restores…, or `{put_back}`), which brings back "
                       "all the work, numbers and bundles made before the restore; the work done since the restore "
                       "is then kept aside in turn.").format(
            put_back=put_back_command(Path(result["kept"]).name if result.get("kept") else None)))
        lines.append(_("Only if the data is not put back: before filing a case or issuing a document, import "
                       "headquarters' hand-out for this station made after headquarters imported {file}, so that no "
                       "case number or document number is given twice.").format(file=sent[-1]["file"]))
    elif result.get("had_exports"):
        lines.append(_("Before filing a case or issuing a document, import headquarters' latest hand-out for this "
                       "station: it brings back the cases and numbers sent since the backup, so that no case number "
                       "or document number is given twice."))
    lines += hold_lines(result)
    lines += copy_files_lines(result)
    if result.get("audited") is False:  # the disk refused the entry: the log does not say the data was replaced
        if result.get("audit_disk_full"):
            lines.append(_("The restore was not written into the audit log, as the disk holding the data is full: "
                           "the log does not show that the data was replaced by this backup. Free some space on that "
                           "disk before going on working: the work done next could not be saved either."))
        else:
            lines.append(_("The restore was not written into the audit log ({reason}): the log does not show that "
                           "the data was replaced by this backup.").format(reason=result.get("audit_failed") or "?"))
    if result.get("backups_note"):  # the restored data encrypted here: the encrypted backup made, or why none
        lines.append(result["backups_note"])
    if result.get("backup_folder"):
        lines.append(_("Backups go on to {folder}, the backup folder chosen where the backup was made.").format(
            folder=result["backup_folder"]))
    elif result.get("backup_folder_unknown") and data_dir is not None:
        lines.append(_("The backup folder is not known here: choose it again under File → Backups… (Choose "
                       "folder…), on a USB drive or a network share; until then backups go to {folder}, on this "
                       "laptop's disk.").format(folder=backups_dir(Path(data_dir))))
    elif result.get("backup_folder_unknown"):
        lines.append(_("The backup folder is not known here: choose it again under File → Backups… (Choose "
                       "folder…), on a USB drive or a network share."))
    return "\n".join(lines)


#: how many of the stored files the advice after a pre-update copy's restore names (the --json result has them all)
LISTED_FILES = 5


def _listed(items: list[str]) -> str:
    text = "\n".join(items[:LISTED_FILES])
    if len(items) > LISTED_FILES:
        text += "\n" + _("… and {n} more.").format(n=len(items) - LISTED_FILES)
    return text


def copy_files_lines(result: dict) -> list[str]:
    """What the advice after the restore of a pre-update copy (``backup.restore_migration_copy``) says of the stored
    files: those its records name that neither the data folder nor a data set kept aside by a restore holds
    ("missing_files"), and those no record of it names ("unnamed_files": added after the copy was made), which are
    not to be removed as a stopped program's leftovers."""
    lines = []
    missing = result.get("missing_files") or []
    if missing:
        lines.append(ngettext(
            "{n} stored file that the restored records name is not in the data folder, nor in the data kept aside by "
            "restores:\n{files}\nRestore a backup made before the update that holds it, or add the original file "
            "to the case again.",
            "{n} stored files that the restored records name are not in the data folder, nor in the data kept aside "
            "by restores:\n{files}\nRestore a backup made before the update that holds them, or add the original "
            "files to the case again.", len(missing)).format(
            n=len(missing), files=_listed([found["what"] for found in missing])))
    unnamed = result.get("unnamed_files") or []
    if unnamed:
        lines.append(ngettext(
            "{n} stored file in the data folder is named by no restored record: it was added after the copy was made "
            "(evidence registered or a document issued since):\n{files}\n`backup check --full` reports it as left "
            "by a program stopped while adding a file: do not remove it (--remove-unnamed), it may be evidence whose "
            "record only the replaced data holds ({kept}); register it again in its case instead.",
            "{n} stored files in the data folder are named by no restored record: they were added after the copy was "
            "made (evidence registered or documents issued since):\n{files}\n`backup check --full` reports them as "
            "left by a program stopped while adding a file: do not remove them (--remove-unnamed), they may be "
            "evidence whose records only the replaced data holds ({kept}); register them again in their cases "
            "instead.",
            len(unnamed)).format(n=len(unnamed), files=_listed(unnamed), kept=result.get("kept") or "-"))
    return lines


def hold_lines(result: dict) -> list[str]:
    """What the advice after a restore or a put-back says of the numbering hold it placed (or could not place)."""
    lines = []
    if result.get("numbering_hold"):
        lines.append(_("Until then no case is filed and no document is issued here (numbering hold); after checking "
                       "the last case number and 文号 on the paper files, it can also be released by hand (File → "
                       "Release numbering hold…, or `numbers release-hold --checked`)."))
    if result.get("numbering_hold_failed"):
        lines.append(_("The numbering hold could not be placed in the restored data ({reason}): nothing stops a case "
                       "from being filed or a document from being issued here. Before filing a case or issuing a "
                       "document, check the last case number and 文号 on the paper files against this station's "
                       "numbers, so that none is given twice.").format(reason=result["numbering_hold_failed"]))
    if result.get("numbers_carry_failed"):
        lines.append(_("The 文号 and case numbers the replaced data had taken could not be kept taken in the data now "
                       "in place ({reason}): they may be given a second time. Before filing a case or issuing a "
                       "document, check the last case number and 文号 on the paper files, and enter the next ones by "
                       "hand.").format(reason=result["numbers_carry_failed"]))
    return lines


def put_back_keyring(data_dir: Path, backup: str | os.PathLike, passphrase: str | None, *,
                     folder: str | os.PathLike | None = None) -> dict:
    """Put back only the keyring a backup carries into encrypted data that lost its keyring.json, so that the data
    opens again with the work done since the backup intact (the database key never changes). Checked first, nothing
    changed when a check fails: the data directory has an encrypted database and no keyring (or a damaged one, then
    kept aside as keyring.json.damaged-<time>: "damaged_kept" in the result), the backup is this
    station's and carries a keyring, ``passphrase`` (an officer's passphrase of when the backup was made) opens it,
    and the key it gives opens the database here. Written into the audit log (entity ``security``). Returns
    {"keyring_put_back" (the backup's id), "path", "created", "officer"}."""
    from workstation.backup import _current_station, _maker, _unnamed_maker, keyring_missing
    from workstation.backup_replaced import _open_read_only
    from workstation.security import keyring

    data_dir = Path(data_dir)
    path = find_backup(data_dir, backup, folder)
    name, backup_id = path.name, path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    try:  # read once; a damaged one is put back as over a missing one, the damaged file kept aside
        there, damaged = keyring.load(data_dir) is not None, False
    except keyring.Damaged:
        there, damaged = False, True
    if there:
        raise BackupRefused(_("{path} has its keyring.json: only a missing keyring is put back from a backup; nothing "
                              "was changed.").format(path=data_dir))
    if not keyring_missing(data_dir):
        raise BackupRefused(_("There is no encrypted database in {path} for the keyring of {file} to open: restore "
                              "the whole backup instead (`backup restore {id}`); nothing was changed.").format(
            path=data_dir, file=name, id=backup_id))
    header = read_header(path)
    carried = header.get("keyring") or {}
    if not header["encrypted"] or not carried.get("entries"):
        raise BackupRefused(_("{file} carries no keyring (it is not encrypted, or was made before backups carried "
                              "their keyring): put keyring.json back from a copy of this data directory; nothing was "
                              "changed.").format(file=name))
    current = _current_station(data_dir)
    if header["station"] and current and header["station"] != current:
        maker = _maker(data_dir, header)
        fingerprint = _unnamed_maker(data_dir, header) if maker is not None else None
        if fingerprint:  # not "another station (未命名（指纹…）)"
            raise BackupRefused(_("{file} was made by another station, an unnamed one (fingerprint {start}…): its "
                                  "keyring does not open the data here; nothing was changed.").format(
                file=name, start=" ".join(fingerprint.split()[:2])))
        raise BackupRefused(_("{file} was made by another station ({station}): its keyring does not open the data "
                              "here; nothing was changed.").format(file=name, station=maker or header["station"]))
    created = str(header.get("created") or "")
    when = short_time(created)
    try:
        officer, key = keyring.open_entries(carried["entries"], passphrase, name)
    except keyring.OffDuty as exc:  # suspended when the backup was made: its officer had left
        raise keyring.OffDuty(keyring.suspended_in_backup_message(keyring.shown_name(exc.officer), name,
                                                                  restoring=False),
                              exc.officer) from None
    except keyring.Locked:
        raise keyring.Locked(_("The keyring of {file} opens with the passphrase an officer had when the backup was "
                               "made ({created}): give it (WORKSTATION_PASSPHRASE or --passphrase-file); nothing was "
                               "changed.").format(file=name, created=when)) from None
    except keyring.WrongPassphrase:
        raise keyring.WrongPassphrase(_("The passphrase opens none of the keys in {file}; nothing was changed. The "
                                        "backup was made {created} and its keyring opens with the passphrases as "
                                        "they were then: if the passphrase was changed after that, give the earlier "
                                        "one.").format(file=name, created=when)) from None
    try:
        conn = _open_read_only(database_path(data_dir), key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            withdrawn = _withdrawn_after(conn, created)
        finally:
            conn.close()
    except driver.Error:
        raise BackupRefused(_("The key in the keyring of {file} does not open the database in {path}: the backup was "
                              "made of other data (another station's, or data set up anew after it); nothing was "
                              "changed.").format(file=name, path=data_dir)) from None
    again, kept = _withdrawn_again(carried["entries"], withdrawn or {}, officer, name)
    from workstation.security import events

    kept_aside = keyring.adopt(data_dir, carried, leave_out=again, over_damaged=damaged, changes=[
        keyring.note_change(events.PASSPHRASE_WITHDRAWN, gone, {"keyring_put_back": backup_id}) for gone in again])
    session.set_key(data_dir, key)
    _audit_keyring_put_back(data_dir, backup_id, created, officer, again)
    LOG.info("keyring put back from a backup; %s passphrases withdrawn since withdrawn again", len(again))
    result = {"keyring_put_back": backup_id, "path": str(path), "created": created, "officer": officer,
              "withdrawn_again": again, "withdrawn_kept": kept, "withdrawals_unknown": withdrawn is None}
    if kept_aside is not None:
        result["damaged_kept"] = str(kept_aside)
    return result


def _later(at: str, since: str) -> bool:
    """Whether the time ``at`` (an audit entry's) comes after ``since`` (a backup's ``created``); as text when either
    is no ISO time."""
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(str(at)) > dt.datetime.fromisoformat(str(since))
    except (TypeError, ValueError):
        return str(at) > str(since)


def _withdrawn_after(conn, created: str) -> dict[str, str] | None:
    """The officers whose passphrase the audit log of the database open on ``conn`` says was withdrawn after
    ``created`` (the backup's time), each with the time of the latest withdrawal; None when the log cannot be read."""
    from workstation.security import events

    try:
        rows = conn.execute("SELECT entity_id, at FROM audit WHERE entity = ? AND action = ? ORDER BY seq",
                            [events.ENTITY, events.PASSPHRASE_WITHDRAWN]).fetchall()
    except driver.Error as exc:
        LOG.warning("passphrases withdrawn since the backup not read: %s", type(exc).__name__)
        return None
    return {officer: at for officer, at in rows if _later(at, created)}


def _withdrawn_again(entries: list, withdrawn: dict[str, str], opener: str, file: str) -> tuple[list, list]:
    """Of the keyring ``entries`` a backup carries, the officers whose passphrase was withdrawn after the backup
    (``withdrawn``): (those left out of the keyring put back, those kept). A passphrase withdrawn since does not put
    the keyring back while another of the backup's opens the data (WrongPassphrase: nothing changed); when none
    other would be left, the one given (``opener``) stays, the others go."""
    names = [n for n in dict.fromkeys(e.get("officer") for e in entries) if n in withdrawn]
    left = [e for e in entries if e.get("officer") not in names and not e.get("off_duty")]
    if opener in names and left:
        from workstation.security import keyring

        raise keyring.WrongPassphrase(_(
            "The passphrase of {name} was withdrawn on {date}, after {file} was made: it does not put the keyring "
            "back. Give the passphrase another officer had when the backup was made; nothing was changed.").format(
            name=keyring.shown_name(opener), date=str(withdrawn[opener])[:10], file=file))
    kept = [] if left else [opener]
    return [n for n in names if n not in kept], kept


def _audit_keyring_put_back(data_dir: Path, backup_id: str, created: str, officer: str,
                            again: list[str] | None = None) -> None:
    """Write the keyring put back into the audit log of the data it opens again, then the passphrases it withdrew
    again (noted in the keyring put back until the log has them: ``events.record_changes``); a database that cannot
    take the entries now (the disk full, locked) is logged: the keyring is back either way, and the next opening
    writes the withdrawals."""
    from workstation.db.connection import connect
    from workstation.security import events

    try:
        db = connect(database_path(data_dir))
        try:
            detail = {"backup": backup_id, "created": created, "opened_by": officer}
            if again:
                detail["withdrawn_again"] = list(again)
            events.record(db, events.KEYRING_PUT_BACK, backup_id, detail)
            events.record_changes(db, data_dir)
        finally:
            db.conn.close()
    except (WorkstationError, *driver.Error, OSError) as exc:
        LOG.warning("keyring put back not written into the audit log: %s", type(exc).__name__)


def keyring_put_back_advice(result: dict) -> str:
    """What an officer must know after the keyring was put back: the passphrases are those of the backup's time, but
    for those withdrawn since, withdrawn again (or the only one left, kept)."""
    from workstation.i18n import ngettext
    from workstation.security.keyring import shown_name

    lines = [_("The passphrases are those of {created}, when the backup was made: a passphrase given or changed since "
               "then must be given or changed again (File → Passphrases and security…).").format(
        created=short_time(result["created"]))]
    if result.get("damaged_kept"):
        lines.append(_("The damaged keyring.json was not deleted: it is kept aside as {path}, and no longer "
                       "used.").format(path=result["damaged_kept"]))
    again = result.get("withdrawn_again") or []
    if again:
        lines.append(ngettext(
            "The passphrase of {names}, withdrawn after the backup was made, was withdrawn again: it does not open "
            "the data.",
            "The passphrases of {names}, withdrawn after the backup was made, were withdrawn again: they do not open "
            "the data.", len(again)).format(names="、".join(map(shown_name, again))))
    for kept in result.get("withdrawn_kept") or []:
        lines.append(_("The passphrase of {name} was withdrawn after the backup was made, but it is the only one in "
                       "the backup's keyring that opens the data, so it was kept: give another officer on duty a "
                       "passphrase (File → Passphrases and security…), then withdraw this one again.").format(
            name=shown_name(kept)))
    if result.get("withdrawals_unknown"):
        lines.append(_("The audit log could not be read to find the passphrases withdrawn after the backup was made: "
                       "check who has a passphrase (File → Passphrases and security…, or `security status`) and "
                       "withdraw again any passphrase withdrawn since."))
    return "\n".join(lines)
