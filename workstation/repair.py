"""Noticing an unclean shutdown and checking the database.

Every process that opens the database leaves a marker ``<data dir>/.open/<pid>.json`` (its pid, when, and the
machine's boot id) and removes it when it closes cleanly; a marker whose process is gone, or that was left before
the machine last started, means the workstation stopped without closing (a crash, kill, power cut). Then a quick
check (``PRAGMA quick_check`` and the audit chain's head) runs at start; the full check (integrity, foreign keys,
the whole audit chain and every stored file) runs on demand. While long work runs (an import, a backup) the marker
also names it (``note_work``; sealed in an encrypted data directory, where a title may name a file), so the start
after a crash can tell the officer which work was cut off and not saved (``interrupted_work``). When the check at start finds problems that are not repaired (the officer declines
the restore, or there is no backup), ``keep_unrepaired`` leaves a note ``.open/unrepaired`` in their place: the
database still counts as needing a check (bulk imports check it and refuse, the next start checks it again) until a
check finds it sound or a backup is restored (at start or later in the session), and ``clear_unclean`` removes the
note."""

from __future__ import annotations

import errno
import json
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from workstation import records
from workstation.db import Database, driver
from workstation.db.connection import damage_said, integrity_rows, sqlite_reason
from workstation.errors import WorkstationError
from workstation.i18n import N_, _, ngettext
from workstation.paths import backups_dir, journal_path
from workstation.progress import CancelToken, ProgressFn, no_progress

LOG = logging.getLogger("workstation.repair")
MARKER = ".open"
UNREPAIRED = "unrepaired"  # in the markers' folder: problems a start's check found and that were not repaired
MAX_LISTED = 20
# the markers this process wrote, by data directory: rewritten when the long work running changes
_MARKED: dict[str, tuple[Path, dict]] = {}
WINDOW, COMMAND = "window", "command"
_PROGRAM = [COMMAND]  # what this process is, as its markers name it (the window sets it: ``set_program``)


def set_program(program: str) -> None:
    """Name this process in the markers it writes from now on: ``WINDOW`` or ``COMMAND`` (the default)."""
    _PROGRAM[0] = program


def _markers(data_dir: Path) -> Path:
    return Path(data_dir) / MARKER


def boot_id() -> str:
    """This boot of the machine (Linux), "" where it cannot be told: a marker left before it is stale."""
    try:
        # bytes decoded, not read as text: a text file in ASCII loads the codec's module (the window's start pays it)
        return Path("/proc/sys/kernel/random/boot_id").read_bytes().decode("ascii").strip()
    except OSError:
        return ""


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running now."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would terminate the process on Windows
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def process_alive_or_ours(pid: int) -> bool:
    """Whether what process ``pid`` left (a claim, a half-written file named with its id) may still be in use: it is
    this process, or one still running."""
    return pid == os.getpid() or process_alive(pid)


def process_started(pid: int) -> str:
    """When process ``pid`` started, in clock ticks after the machine started (Linux: field 22 of ``/proc/<pid>/stat``,
    after the program's name in brackets, which may hold spaces and brackets itself); "" where it cannot be told."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat[stat.rindex(")") + 2:].split()[19]
    except (OSError, ValueError, IndexError):
        return ""


def process_zombie(pid: int) -> bool:
    """Whether process ``pid`` has ended but is not yet waited for by what started it (Linux: its state Z or X in
    ``/proc/<pid>/status``); False where it cannot be told."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return next((line.split()[1] for line in status.splitlines() if line.startswith("State:")), "") in ("Z", "X")


def process_start_time(pid: int) -> float | None:
    """When process ``pid`` started, in seconds since the epoch (Linux: ``process_started`` after the machine's
    ``btime`` in ``/proc/stat``); None where it cannot be told."""
    try:
        ticks = int(process_started(pid))
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text(encoding="ascii").splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration, AttributeError):
        return None


def this_process() -> dict:
    """What a note of work this process is doing records of it (``pid``, and where the system tells them the
    machine's ``boot`` and the process's ``started``), so that a later start tells it from another program given its
    process id after a crash or a power cut (``noted_process_running``)."""
    boot, started = boot_id(), process_started(os.getpid())
    return {"pid": os.getpid(), **({"boot": boot, "started": started} if boot and started else {})}


def noted_process_running(note: dict) -> bool:
    """Whether the process a note names (``this_process``) is running now: its process id alive, and, where the note
    and the system tell them, the same boot of the machine and the same start. A process holding the id since a
    restart, or started since, is another program (the id given again); a note without them (an older version's,
    another system's) counts a live id as its process."""
    pid = note.get("pid")
    if not isinstance(pid, int) or not process_alive(pid):
        return False
    boot, started = note.get("boot"), note.get("started")
    if not (isinstance(boot, str) and boot and isinstance(started, str) and started):
        return True
    now_boot = boot_id()
    if not now_boot:
        return True
    if now_boot != boot:
        return False
    now_started = process_started(pid)
    return not now_started or now_started == started


def _marked_key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def _marker_entry() -> dict:
    """This process's open marker: its id, the machine's boot and, where the system tells it, when it ``started``
    (``this_process``: the marker told apart from another program's given the id since)."""
    started = process_started(os.getpid())
    return {"pid": os.getpid(), "time": time.time(), "boot": boot_id(), "program": _PROGRAM[0],
            **({"started": started} if started else {})}


def _write_marker(data_dir: Path, entry: dict) -> bool:
    """Write this process's marker whole (another process may be reading the folder at that moment)."""
    folder = _markers(data_dir)
    target = folder / f"{os.getpid()}.json"
    partial = folder / f"{os.getpid()}.json.part"
    try:
        folder.mkdir(exist_ok=True)
        partial.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:  # a read-only data directory: the database says so itself at the first change
        LOG.warning("open marker not written: %s", exc.strerror)
        try:
            partial.unlink(missing_ok=True)  # a full disk leaves it empty: never a marker that cannot be read
        except OSError:
            pass
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # a full disk, though, is said: the officer can free space
            note = _("The disk holding {folder} is full: the workstation could not record that it has the data "
                     "open, so a crash now would not be noticed at the next start. Free some space on that disk "
                     "before changing anything.").format(folder=folder)
            if note not in _SWEPT:
                _SWEPT.append(note)
        return False
    return True


def mark_open(data_dir: Path) -> None:
    """Record that this process has the database open (and finish a restore or put-back a crash interrupted, record
    the whole backups a killed backup left unrecorded, and remove the copies of the data killed backups, restores and
    compactions left and the files killed bundle imports staged: what was done is said once, ``swept`` — the staged
    files' removal only logged). Refused
    (``EncryptionRunning``, the marker removed again) while another program encrypts the data: its check for programs
    having the data open came before this marker, so what this program saved would be lost with the unencrypted
    database its copy replaces."""
    entry = _marker_entry()
    if _write_marker(data_dir, entry):
        _MARKED[_marked_key(data_dir)] = (Path(data_dir), entry)
    from workstation.security.access import refuse_while_encrypting

    try:
        refuse_while_encrypting(data_dir)  # after the marker: an encryption starting later sees it and is refused
        refuse_while_restoring(data_dir)  # and a restore starting later sees it (``restore_claimed``) and refuses
    except WorkstationError:
        mark_closed(data_dir)
        raise
    if journal_path(data_dir).exists():
        recover_cut_off_restore(data_dir)
    sweep_restores_not_made(data_dir)
    remove_stale_incoming(data_dir)  # what a killed bundle import left: the bundle's files, unencrypted
    if _migration_part_left(backups_dir(Path(data_dir))):  # a half-made copy of the data a killed update left
        from workstation.db.connection import remove_stale_migration_parts

        remove_stale_migration_parts(backups_dir(Path(data_dir)))
    if _backup_part_left(Path(data_dir)):  # a half-written backup a killed backup left: a copy of the data
        from workstation.backup import remove_killed_backup_parts

        note = remove_killed_backup_parts(data_dir)
        if note and note not in _SWEPT:
            _SWEPT.append(note)
    if _backup_made_left(backups_dir(Path(data_dir))):  # a whole backup a killed backup put in place, unrecorded
        from workstation.backup import record_cut_off_backups

        tell_once(record_cut_off_backups(data_dir))
    if _compact_copy_left(Path(data_dir)):  # a whole copy of the data, written by a compaction that was killed
        from workstation.compaction import remove_stale_copies, removed_copies_note

        note = removed_copies_note(data_dir, remove_stale_copies(data_dir))
        if note and note not in _SWEPT:
            _SWEPT.append(note)


RESTORE_CLAIM = ".restoring"  # in the data directory: the note of the program restoring a backup into it now


class RestoreRunning(WorkstationError):
    """Another program is restoring a backup into the data: nothing may open it until the restore is done."""


def restore_claim_path(data_dir: Path) -> Path:
    """The note of the program restoring a backup into ``data_dir`` (its process, ``this_process``), from before the
    restore's first read until it is done, refused or cut off (``restore_claimed``)."""
    return Path(data_dir) / RESTORE_CLAIM


def _read_restore_claim(data_dir: Path) -> dict | None:
    try:
        note = json.loads(restore_claim_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none, or one that cannot be read: written whole (``restore_claimed``), so none in use
    return note if isinstance(note, dict) else None


def restoring_elsewhere(data_dir: Path) -> int | None:
    """The process id of another program restoring a backup into ``data_dir`` now; None when none is (a note whose
    process has stopped, a crash or a kill, is stale and counts as none)."""
    note = _read_restore_claim(data_dir)
    if note is None:
        return None
    pid = note.get("pid")
    if not isinstance(pid, int) or pid == os.getpid():
        return None
    return pid if noted_process_running(note) else None


def restore_running_message(data_dir: Path, pid: int) -> str:
    return _("A backup is being restored into the data in {path} by another program (process {pid}): the data "
             "cannot be opened until it has finished, for what was saved here would be lost with the data the "
             "restore replaces. Wait until the restore has finished, then start again.").format(path=data_dir, pid=pid)


def refuse_while_restoring(data_dir: Path) -> None:
    """Refuse (``RestoreRunning``) to open the data of ``data_dir`` while another program restores a backup into
    it: what this program saved would go into the data the restore is about to replace, and be lost."""
    pid = restoring_elsewhere(data_dir)
    if pid is not None:
        raise RestoreRunning(restore_running_message(data_dir, pid))


@contextmanager
def restore_claimed(data_dir: Path):
    """Note that this process restores a backup into ``data_dir`` while the ``with`` block runs (before its first
    read): a program opening the data meanwhile is refused (``refuse_while_restoring``, in ``mark_open``). Refused
    itself (``RestoreRunning``) while another program restores into it; a note whose process has stopped is
    replaced. The note goes on every way out of the block; one this process holds already (a restore inside a
    restore) is kept as it is. A data directory where the note cannot be written (none yet, a read-only disk) is
    restored without it."""
    path = restore_claim_path(data_dir)
    held = _read_restore_claim(data_dir)
    if held is not None and held.get("pid") == os.getpid():
        yield
        return
    partial = path.with_name(f"{RESTORE_CLAIM}.{os.getpid()}.part")
    written = False
    try:
        partial.write_text(json.dumps(this_process()), encoding="utf-8")
        for _attempt in range(2):
            try:
                os.link(partial, path)  # whole, and only when no other note is there
                written = True
                break
            except FileExistsError:
                refuse_while_restoring(data_dir)
                path.unlink(missing_ok=True)  # a stale note: its process stopped
            except OSError:  # a file system without hard links: the note written over a stale one, never a live one
                refuse_while_restoring(data_dir)
                os.replace(partial, path)
                written = True
                break
        if not written:  # another note put there each time a stale one went: a restore that started meanwhile
            refuse_while_restoring(data_dir)
    except OSError as exc:
        LOG.warning("restore note not written: %s", exc.strerror)
    finally:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
    try:
        yield
    finally:
        if written and (_read_restore_claim(data_dir) or {}).get("pid") == os.getpid():
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                LOG.warning("restore note not removed: %s", exc.strerror)


#: the titles a restore is noted under while it runs (``note_work``): the command line's, naming the backup, and the
#: window's task
RESTORE_TITLES = (N_("Restoring the backup {backup}"), N_("Restoring the backup"))
#: the titles a backup is noted under: the command line's and the window's, and the window's daily backup
BACKUP_TITLES = (N_("Backing up"), N_("Automatic backup"))


def noted_as(title: str, templates: tuple[str, ...]) -> dict | None:
    """The fields of ``title`` (a noted work's, ``note_work``) when it was made from one of ``templates`` — in
    English, the language now or Chinese: a marker keeps the title in the language of the program that wrote it —;
    None when it was not."""
    import re

    from workstation.i18n import DEFAULT_LANGUAGE, load_catalogue

    chinese = load_catalogue(DEFAULT_LANGUAGE)
    for template in templates:
        for noted in {template, _(template), chinese.get(template, template)}:
            parts = re.split(r"\{(\w+)\}", noted)  # text, field name, text, …
            pattern = "".join(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.+)" for n, part in enumerate(parts))
            found = re.fullmatch(pattern, title, re.DOTALL)
            if found:
                return found.groupdict()
    return None


def _stopped_work(data_dir: Path, templates: tuple[str, ...]) -> dict[int, list[str]]:
    """The work noted from ``templates`` by each process that stopped without closing, by its process id."""
    found: dict[int, list[str]] = {}
    for _path, entry in _entries(data_dir):
        if entry["pid"] > 0 and _left_behind(entry):
            titles = [t for t in _work_titles(data_dir, entry) if noted_as(t, templates) is not None]
            if titles:
                found.setdefault(entry["pid"], []).extend(titles)
    return found


def recover_cut_off_restore(data_dir: Path) -> bool:
    """Finish or undo a restore (or put-back) a crash cut off in its swap (``backup.recover_interrupted_restore``,
    which says which, once); the restore is then no longer named as work cut off whose unfinished part was not saved
    (``forget_cut_off_work``). Returns whether there was anything to do."""
    from workstation.backup import recover_interrupted_restore
    from workstation.backup_restore import journal_process

    try:
        noted = json.loads(journal_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        noted = None
    pid = journal_process(noted).get("pid") if isinstance(noted, dict) else None
    recovered = recover_interrupted_restore(data_dir)
    if recovered and isinstance(pid, int):
        forget_cut_off_work(data_dir, pid, RESTORE_TITLES)
    return recovered


def sweep_restores_not_made(data_dir: Path) -> None:
    """Remove the staging folders of the backups and restores that were killed (copies of the data and keys) and
    say (``say_restores_not_made``) each restore that was killed before it replaced the data, by the killed
    process's marker. Not in encrypted data this process has not unlocked: a marker's sealed titles cannot be read
    then (nor were they recorded by a process that had not unlocked it), so the restore is not told apart and its
    marker's work is named only as work cut off, by a stand-in (``_work_titles``). Called at opening (``mark_open``),
    and by the window's start before its check clears the markers of the stopped processes (and before the backup it
    offers is verified, which sweeps the folders too): the markers name the restore."""
    if _staging_left(backups_dir(Path(data_dir))):  # what a killed backup or restore left: copies of the data and keys
        from workstation.backup import remove_stale_staging

        restoring = _stopped_work(data_dir, RESTORE_TITLES)  # read before: the staging folders name only a pid
        say_restores_not_made(data_dir, restoring, remove_stale_staging(data_dir))


def say_restores_not_made(data_dir: Path, restoring: dict[int, list[str]], removed: list[Path]) -> None:
    """Tell once (``swept``) of each restore whose staging folder was ``removed`` (its process, noted as restoring
    in ``restoring``: ``_stopped_work``, was killed before the swap: a swap cut off leaves its journal, and its
    folders stay until ``recover`` has finished or undone it) that it did not replace the data, which is as it was;
    the restore is then no longer named as work cut off whose result is to be checked (``forget_cut_off_work``)."""
    pids = {int(path.name.split("-")[1]) for path in removed if path.name.startswith(".restore-")}
    for pid in sorted(pids & set(restoring)):
        for title in restoring[pid]:
            backup = (noted_as(title, RESTORE_TITLES) or {}).get("backup")
            tell_once(_("The restore of {backup} was cut off before it replaced the data: the data is as it was "
                        "before the restore. Restore the backup again if it is still wanted.").format(backup=backup)
                      if backup else
                      _("A restore of a backup was cut off before it replaced the data: the data is as it was before "
                        "the restore. Restore the backup again if it is still wanted."))
        forget_cut_off_work(data_dir, pid, RESTORE_TITLES)


def _rewrite_marker(path: Path, entry: dict, step: str, failure: str) -> None:
    """Write ``entry`` as the open marker ``path`` whole (a part renamed over it, swept as any marker's part by
    ``clear_stopped``); on a read-only data directory logged (``failure``, its reason) and left as it was."""
    partial = path.with_name(f"{os.getpid()}.{step}.json.part")
    try:
        partial.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:  # a read-only data directory
        LOG.warning(failure, exc.strerror)
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass


def forget_cut_off_work(data_dir: Path, pid: int, templates: tuple[str, ...]) -> None:
    """Drop the work noted from ``templates`` from the marker of the stopped process ``pid``, once the opening has
    found and said what became of it (a whole backup recorded, a restore cut off before it replaced the data): it is
    not named again as work cut off whose unfinished part was not saved. The marker stays (the database is still
    checked as after a crash), with its other work; one that cannot be rewritten keeps it all."""
    for path, entry in _entries(data_dir):
        if entry["pid"] != pid or not _left_behind(entry) or not path.is_file():
            continue
        titles = _work_titles(data_dir, entry)
        kept = [t for t in titles if noted_as(t, templates) is None]
        if kept == titles:  # none of that work, or titles that cannot be read here: left as they are
            continue
        for field in ("work", "sealed_work", "work_count"):
            entry.pop(field, None)
        if kept:
            entry.update(_work_fields(data_dir, kept))
        _rewrite_marker(path, entry, "forgot", "open marker not rewritten: %s")


def updating_title() -> str:
    """The work an update of the database to this version is named by in the open marker (and at the next start)."""
    return _("Updating the database to this version")


@contextmanager
def noted_update(data_dir: Path):
    """The update of the database to this version (its copy and migrations) named in this process's open marker
    while it runs, the marker written first if this process had none yet: killed meanwhile, the next start checks
    the database and names the update. Refused (an exception), a marker written here goes again."""
    data_dir = Path(data_dir)
    made = _marked_key(data_dir) not in _MARKED
    if made:
        entry = _marker_entry()
        if _write_marker(data_dir, entry):
            _MARKED[_marked_key(data_dir)] = (data_dir, entry)
    note_work([updating_title()])
    try:
        yield
    except BaseException:
        if made:
            mark_closed(data_dir)  # refused, with nothing changed: not a crash for the next start to check
        else:
            note_work([])
        raise
    note_work([])


_SWEPT: list[str] = []  # what the sweeps at opening removed, until said (``swept``)


def tell_once(note: str) -> None:
    """Keep ``note`` to be said once with what the sweeps at opening removed (``swept``): what the start found
    and did about work a crash cut off."""
    if note and note not in _SWEPT:
        _SWEPT.append(note)


def swept() -> list[str]:
    """What the sweeps at opening removed since last asked, as the officer is told it (each said once)."""
    notes = list(_SWEPT)
    _SWEPT.clear()
    return notes


def _compact_copy_left(data_dir: Path) -> bool:
    """Whether a compaction's copy lies beside the database: looked at by name (see ``_staging_left``)."""
    try:
        with os.scandir(data_dir) as entries:
            return any(e.name.startswith(".compact-") for e in entries)
    except OSError:
        return False


def _migration_part_left(folder: Path) -> bool:
    """Whether ``folder`` holds a half-written copy made before a migration: looked at by name."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.startswith("before-migration-") and ".part" in e.name for e in entries)
    except OSError:
        return False


def _backup_part_left(data_dir: Path) -> bool:
    """Whether the backup folder (chosen in ``backup.json``, and ``<data dir>/backups``) holds a half-written backup:
    looked at by name (see ``_staging_left``)."""
    folders = [backups_dir(data_dir)]
    settings = data_dir / "backup.json"
    try:  # a pipe in its place is not read: it would keep every command waiting for ever
        chosen = json.loads(settings.read_text(encoding="utf-8")).get("folder") if settings.is_file() else None
    except (OSError, ValueError, AttributeError):
        chosen = None
    if isinstance(chosen, str) and chosen:
        folders.append(Path(chosen))
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                if any(e.name.startswith("workstation-backup-") and e.name.endswith(".part") for e in entries):
                    return True
        except OSError:
            continue
    return False


#: the name of the note a backup writes in ``<data dir>/backups`` before putting itself in place and removes once it
#: is recorded (``.backup-made-<pid>.json``; ``backup.record_cut_off_backups``)
MADE_NOTE_PREFIX = ".backup-made-"


def _backup_made_left(folder: Path) -> bool:
    """Whether ``folder`` holds the note of a backup being put in place: looked at by name (see ``_staging_left``)."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.startswith(MADE_NOTE_PREFIX) for e in entries)
    except OSError:
        return False


#: the names a backup's and a restore's staging folders start with (``.staging-<pid>-…``, ``.restore-<pid>-…``)
STAGING_PREFIXES = (".staging-", ".restore-")


def _staging_left(folder: Path) -> bool:
    """Whether ``folder`` holds a backup's or a restore's staging folder: looked at by name, so that the backup module
    (~40 ms of imports, before the window's first paint) is imported only when there is something to sweep."""
    try:
        with os.scandir(folder) as entries:
            return any(e.name.startswith(STAGING_PREFIXES) for e in entries)
    except OSError:  # no backups folder (yet), or not readable: nothing to sweep from here
        return False


#: the name a bundle import's staging folder in the file store starts with (``files/.incoming-<pid>-<hex>``: the
#: bundle's checked files, unencrypted, until the merge moves them into the store)
INCOMING_PREFIX = ".incoming-"


def stale_incoming(data_dir: Path) -> list[Path]:
    """The staging folders of bundle imports whose process is no longer running (killed half-way: its merge was
    rolled back, and nothing will use them); those of this process and of running ones are not among them."""
    store = Path(data_dir) / "files"
    try:
        with os.scandir(store) as entries:
            names = sorted(e.name for e in entries if e.name.startswith(INCOMING_PREFIX))
    except OSError:  # no file store (yet), or not readable: nothing to sweep from here
        return []
    found = []
    for name in names:
        pid, dash, rest = name[len(INCOMING_PREFIX):].partition("-")
        if dash and rest and pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
            found.append(store / name)
    return found


def remove_stale_incoming(data_dir: Path) -> list[Path]:
    """Remove ``stale_incoming``: swept when a program opens the data (``mark_open``) and before each bundle import
    (``bundle.merge.staging_folder``); returns those removed. One that cannot be removed now (a read-only disk)
    stays, and the full check lists it."""
    import shutil

    removed = []
    for folder in stale_incoming(data_dir):
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.lexists(folder):
            removed.append(folder)
    if removed:
        LOG.info("staging folders of killed bundle imports removed: %s", len(removed))
    return removed


def mark_closed(data_dir: Path) -> None:
    """Record that this process closed the database cleanly."""
    _MARKED.pop(_marked_key(data_dir), None)
    folder = _markers(data_dir)
    try:
        (folder / f"{os.getpid()}.json").unlink(missing_ok=True)
    except OSError as exc:  # a read-only disk refuses even the removal of a marker never written there
        LOG.warning("open marker not removed: %s", exc.strerror)
    try:
        folder.rmdir()
    except OSError:
        pass  # another process still has it open, or it was never made


_NOTED: list[str] = []  # the long work this process's markers name (``note_work``), without its stages
_STAGES: list[str] = []  # the stages of that work running now (``noted_stage``), named after it
_NOTING = threading.Lock()  # the window notes its tasks on its GUI thread, a stage on the task's own


def note_work(titles: list[str]) -> None:
    """Name in this process's markers the long work running now (as the officer saw it: "导入投诉"; empty: none), so
    that after a crash the next start can say which work did not finish. A stage of it running now
    (``noted_stage``) is named after it."""
    with _NOTING:
        _NOTED[:] = [str(t) for t in titles]
        _write_work([*_NOTED, *_STAGES])


@contextmanager
def noted_stage(title: str):
    """Name a stage of the long work running (``title``: what a crash during it leaves and what to do then) in this
    process's markers after the work, while it runs; the work noted meanwhile (the window's tasks) keeps it."""
    with _NOTING:
        _STAGES.append(str(title))
        _write_work([*_NOTED, *_STAGES])
    try:
        yield
    finally:
        with _NOTING:
            _STAGES.remove(str(title))
            _write_work([*_NOTED, *_STAGES])


def _write_work(titles: list[str]) -> None:
    for key, (data_dir, entry) in list(_MARKED.items()):
        if not (_markers(data_dir) / f"{os.getpid()}.json").is_file():
            _MARKED.pop(key, None)  # the data directory is gone, or its marker was cleared: not ours to remake
            continue
        for field in ("work", "sealed_work", "work_count"):
            entry.pop(field, None)
        if titles:
            entry.update(_work_fields(data_dir, [str(t) for t in titles]))
        _write_marker(data_dir, entry)


# A title may name a file ("Reading 12345热线导出_张三.xlsx", "Merging bundle-….wsbundle"), and the file names of
# hotline exports can be personal data: in an encrypted data directory the titles are sealed with a key derived from
# the database key (the start that reads them has unlocked it), never written in plaintext beside the sealed data.
SEALED_WORK = b"workstation open marker"


def _work_fields(data_dir: Path, titles: list[str]) -> dict:
    """What a marker says of the work running: the titles (plaintext data directory), sealed (encrypted one), or
    only how many (encrypted and not unlocked in this process: nothing to seal them with)."""
    from workstation.security import session

    key = session.key_for(data_dir)
    if key is None:
        try:
            encrypted = session.encrypted(data_dir)
        except WorkstationError:
            encrypted = True  # an unreadable keyring: nothing is written that could be personal
        return {"work_count": len(titles)} if encrypted else {"work": titles}
    import base64
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    sealed = AESGCM(session.derive(key, "open markers")).encrypt(
        nonce, json.dumps(titles, ensure_ascii=False).encode("utf-8"), SEALED_WORK)
    return {"sealed_work": base64.b64encode(nonce + sealed).decode("ascii")}


def _work_titles(data_dir: Path, entry: dict) -> list[str]:
    """The titles of the work a marker names (see ``_work_fields``); a stand-in for each when they cannot be read."""
    work = entry.get("work")
    if isinstance(work, list):
        return [t for t in work if isinstance(t, str)]
    if isinstance(entry.get("sealed_work"), str):
        from workstation.security import session

        key = session.key_for(data_dir)
        if key is not None:
            import base64

            from cryptography.exceptions import InvalidTag
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            try:
                raw = base64.b64decode(entry["sealed_work"])
                titles = json.loads(AESGCM(session.derive(key, "open markers")).decrypt(raw[:12], raw[12:],
                                                                                        SEALED_WORK))
                return [t for t in titles if isinstance(t, str)]
            except (InvalidTag, ValueError, TypeError):
                pass
        return [_("Long work whose name cannot be read here")]
    count = entry.get("work_count")
    return [_("Long work whose name was not recorded")] if isinstance(count, int) and count > 0 else []


def interrupted_work(data_dir: Path) -> list[str]:
    """The long work that the processes which stopped without closing were doing then (see ``note_work``)."""
    titles: list[str] = []
    for _path, entry in _entries(data_dir):
        if _left_behind(entry):
            titles += [t for t in _work_titles(data_dir, entry) if t not in titles]
    return titles


def untold_interrupted_work(data_dir: Path) -> list[str]:
    """The long work cut off (``interrupted_work``) that no command has named yet: each stopped process's marker is
    then marked as told (``told``), not removed — `backup check` and the window's start, which check the database
    it calls for, still name it and clear the markers. A marker that cannot be rewritten is named again next time."""
    titles: list[str] = []
    for path, entry in _entries(data_dir):
        if entry.get("told") or not _left_behind(entry):
            continue
        titles += [t for t in _work_titles(data_dir, entry) if t not in titles]
        if path.is_file():  # not made again when a check cleared it meanwhile
            _rewrite_marker(path, {**entry, "told": True}, "told", "open marker not marked as told: %s")
    return titles


def _entries(data_dir: Path) -> list[tuple[Path, dict]]:
    folder = _markers(data_dir)
    if not folder.is_dir():
        return []
    entries = []
    for path in sorted(folder.glob("*.json")):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            entry["pid"] = int(entry["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            entry = {"pid": -1}  # an unreadable marker was left by a process that stopped while writing it
        entries.append((path, entry))
    return entries


def _left_behind(entry: dict) -> bool:
    """Whether the process of a marker (not this one) has stopped: the marker was left before the machine was started
    again, or its process id is not running now, or the program holding it now is another, started since (the id
    given again: ``noted_process_running``, by the start the marker records; a marker without it, an earlier
    version's, counts a live id as its process)."""
    if entry["pid"] == os.getpid():
        return False
    boot = boot_id()
    if boot and entry.get("boot") and entry["boot"] != boot:
        return True  # left before the machine was started again: that process is long gone
    return not noted_process_running(entry)


def other_openers(data_dir: Path) -> list[dict]:
    """The markers of the other processes running now that have this data directory open (pid, program: ``WINDOW``
    or ``COMMAND``; a marker of an earlier version, which names none, counts as a window). Reading only."""
    try:
        entries = _entries(data_dir)
    except OSError:
        return []
    found = []
    for _path, entry in entries:
        if entry["pid"] > 0 and entry["pid"] != os.getpid() and not _left_behind(entry):
            found.append({**entry, "program": entry.get("program") or WINDOW})
    return found


def other_windows(data_dir: Path) -> list[int]:
    """The process ids of the workstation's other windows open on this data directory now."""
    return [entry["pid"] for entry in other_openers(data_dir) if entry["program"] == WINDOW]


def stopped_without_closing(data_dir: Path) -> bool:
    """Whether a process that had the database open stopped without closing it."""
    return any(_left_behind(entry) for _path, entry in _entries(data_dir))


def was_unclean(data_dir: Path) -> bool:
    """Whether the database needs the check of a start after an unclean shutdown: a process that had it open
    stopped without closing it, or an earlier check found problems that were not repaired (``keep_unrepaired``)."""
    return unrepaired(data_dir) is not None or stopped_without_closing(data_dir)


def unrepaired(data_dir: Path) -> dict | None:
    """The note ``keep_unrepaired`` left (``found``: when, ``problem``: the first problem), None when none."""
    path = _markers(data_dir) / UNREPAIRED
    try:
        note = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # a note cut off while being written still says the problems were not repaired
    return note if isinstance(note, dict) else {}


def keep_unrepaired(data_dir: Path, problems: list[str]) -> bool:
    """Remember that the check found ``problems`` and they were not repaired, so the database keeps needing a check
    (``was_unclean``) once the markers of the stopped processes are cleared. The first finding's date is kept.
    False when the note could not be written (then keep the markers)."""
    found = (unrepaired(data_dir) or {}).get("found") or records.short_time(records.now())  # Beijing time
    folder = _markers(data_dir)
    try:
        folder.mkdir(exist_ok=True)
        partial = folder / f"{UNREPAIRED}.{os.getpid()}.part"
        partial.write_text(json.dumps({"found": found, "problem": problems[0] if problems else ""},
                                      ensure_ascii=False), encoding="utf-8")
        os.replace(partial, folder / UNREPAIRED)
    except OSError as exc:  # a read-only data directory
        LOG.warning("unrepaired note not written: %s", exc.strerror)
        return False
    return True


def clear_unclean(data_dir: Path) -> None:
    """Forget the markers of processes that are gone and the note of unrepaired problems (after the check they
    called for was made and found the database sound, or it was restored)."""
    (_markers(data_dir) / UNREPAIRED).unlink(missing_ok=True)
    clear_stopped(data_dir)


def clear_stopped(data_dir: Path) -> None:
    """Forget the markers of processes that are gone (the note of unrepaired problems stays), and remove what they
    left half-done in the file store (``_remove_partial_files``). The stored files no record names that a killed
    program left are not removed here (a second check of the database and a look at every stored file, at the start):
    the full check reports them and they are removed when asked (``remove_unnamed_files``)."""
    for path, entry in _entries(data_dir):
        if _left_behind(entry):
            path.unlink(missing_ok=True)
    folder = _markers(data_dir)
    for partial in folder.glob("*.json.part") if folder.is_dir() else ():
        pid = partial.name.split(".")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_alive(int(pid)):
            partial.unlink(missing_ok=True)  # a marker being rewritten when its process was killed
    _remove_partial_files(Path(data_dir))


def _remove_partial_files(data_dir: Path) -> None:
    """Remove the half-written stored files (``files/<xx>/<sha256>.part``, and ``files/.adding-*.part`` of a file
    being copied in by ``filestore.store_stream``) of processes killed while writing one: no record names them, and
    only writing the same file again would otherwise replace them. Left alone while another running program has the
    data open (the file may be its own, being written), and so is one written after this sweep began."""
    if open_elsewhere(data_dir):
        return
    began, removed = time.time(), 0
    store = data_dir / "files"
    for aside in store.glob(".unnamed-*"):  # moved aside by a removal of unnamed files that was killed: put back
        pid, _dash, name = aside.name[len(".unnamed-"):].partition("-")
        if pid == str(os.getpid()) or len(name) != 64:
            continue
        try:
            (store / name[:2]).mkdir(exist_ok=True)
            os.replace(aside, store / name[:2] / name)  # looked at again by the next removal (``remove_unnamed_files``)
        except OSError:
            continue
    for partial in [*store.glob("*/*.part"), *store.glob(".adding-*.part")]:
        try:
            if partial.stat().st_mtime < began:
                partial.unlink()
                removed += 1
        except OSError:  # gone meanwhile, or a read-only data directory: the next sweep tries again
            continue
    if removed:
        LOG.info("half-written stored files of killed processes removed: %s", removed)


def _removable_before() -> float:
    """The time before which a stored file was last changed for ``remove_unnamed_files`` to remove it: before this
    process loaded the file store's code (``filestore.LOADED``), less the coarsest step of a file system's clock."""
    from workstation.filestore import LOADED, MTIME_STEP

    return min(LOADED, time.time()) - MTIME_STEP


def _data_identity(data_dir: Path) -> tuple:
    """What tells the data in ``data_dir`` from data put in its place (a restore, a put-back swapping the database
    and the file store in): the database file's and the store folder's device and inode."""
    from workstation.paths import database_path

    found = []
    for path in (database_path(data_dir), data_dir / "files"):
        try:
            info = path.stat()
        except OSError:
            found.append(None)
            continue
        found.append((info.st_dev, info.st_ino))
    return tuple(found)


def remove_unnamed_files(db: Database, data_dir: Path, *, progress: ProgressFn = no_progress,
                         cancel: CancelToken | None = None) -> dict:
    """Remove the stored files no record names (``filestore.unnamed_files``): what a program killed between putting
    a file into the store and committing its record left behind (an evidence add, a bundle's merge), which nothing
    else removes and every backup would copy. Returns {"removed", "freed" (bytes), "left": those not removed now}.

    It never removes a file a row names, nor one a running program is adding and is about to name:

    - refused (WorkstationError) while another running program has the data open (``open_elsewhere``): only a
      program that has it open writes into its store, and a program opening it after this look writes its files
      after it, later than the time below;
    - of this process, every file it puts into the store is written after it loaded the file store's code
      (``filestore.LOADED``; an adopted file has its time set when placed), so only files last changed before that
      (``_removable_before``, less a file system's clock step) are removed: the others are ``left`` for a later start;
    - the store is listed before the rows naming files are read, so a record committed meanwhile names its file;
    - a file already held when a program adds the same content again is not written but named again: the store sets
      its time to now first (``filestore.kept_already``), and writes it anew if it is gone. Each file is therefore
      moved out of the store before it is removed and looked at again there: changed meanwhile, it is put back.

    Refused as well when the quick check finds the database damaged: its list of files cannot be trusted then. And
    it stops, removing nothing more, once the database file or the store folder is no longer the one the rows were
    read from (``_data_identity``: a restore swapped other data in, whose records may name those files), refused
    then (WorkstationError); a file moved aside then is put back. Cancel stops it between two files."""
    from workstation import filestore

    data_dir = Path(data_dir)
    identity = _data_identity(data_dir)  # before the rows are read: data swapped in later is told from it
    before = _removable_before()  # taken before looking for other programs: one opening the data later writes later
    others = open_elsewhere(data_dir)
    if others:
        raise WorkstationError(_("The stored files no record names were not removed: another program has the data "
                                 "open (process {pids}) and may be adding one of them. Close it and run the check "
                                 "again.").format(pids=", ".join(map(str, others))))
    problems = quick_check(db)
    if problems:
        raise WorkstationError(_("The stored files no record names were not removed: the database check found "
                                 "problems ({problem}), so its list of files cannot be trusted. Restore the last good "
                                 "backup.").format(problem=problems[0]))
    removed = freed = left = 0
    found = filestore.unnamed_files(db, data_dir)
    for done, (path, size, changed) in enumerate(found):
        if cancel is not None:
            cancel.check()
        if done % 20 == 0:
            progress(done, len(found), _("Removing the stored files no record names"))
        if changed > before:
            left += 1
            continue
        if _data_identity(data_dir) != identity:
            LOG.warning("removal of the stored files no record names stopped: the data was replaced meanwhile, %s "
                        "removed before", removed)
            raise WorkstationError(_("The removal of the stored files no record names stopped: the data was replaced "
                                     "meanwhile (a backup restored or put back), and the records now in place may "
                                     "name them. Run the full check again."))
        aside = path.parent.parent / f".unnamed-{os.getpid()}-{path.name}"
        try:
            os.replace(path, aside)
            # named again meanwhile (``kept_already``), or other data swapped in (its file taken): put back
            if aside.stat().st_mtime > before or _data_identity(data_dir) != identity:
                os.replace(aside, path)
                left += 1
                continue
            aside.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            LOG.warning("stored file no record names not removed: %s", exc.strerror)
            left += 1
            continue
        removed, freed = removed + 1, freed + size
        try:
            path.parent.rmdir()  # the folder of its first two hex digits, when nothing else is in it
        except OSError:
            pass
    if removed:
        LOG.info("stored files no record names removed: %s (%s bytes), %s left", removed, freed, left)
    progress(1, 1, _("Removing the stored files no record names"))
    return {"removed": removed, "freed": freed, "left": left}


def unnamed_left_text(left: int) -> str:
    """What is said of the ``left`` stored files no record names that a removal left: changed after this program
    started, so one a running program may be adding (the command line and the window say it alike)."""
    return ngettext("{n} stored file no record names was left: it changed too recently (a program may be adding it); "
                    "run the check again later.",
                    "{n} stored files no record names were left: they changed too recently (a program may be adding "
                    "them); run the check again later.", left).format(n=left)


def remove_unnamed_files_task(database: Path, *, progress: ProgressFn, cancel: CancelToken) -> dict:
    """``remove_unnamed_files`` with a connection of its own (for the task runner: the window's offer after the full
    check)."""
    from workstation.db.connection import connect

    cancel.check()
    progress(0, 0, _("Removing the stored files no record names"))
    db = connect(database)
    try:
        return remove_unnamed_files(db, Path(database).parent, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def open_elsewhere(data_dir: Path) -> list[int]:
    """The pids of other running processes that have the database open."""
    return [entry["pid"] for _path, entry in _entries(data_dir)
            if entry["pid"] != os.getpid() and not _left_behind(entry)]


def _audit_head_problems(db: Database) -> list[str]:
    from workstation.audit import entry_hash, get_head

    row = db.execute("SELECT seq, at, actor, action, entity, entity_id, before_digest, after_digest, prev_hash, "
                     "hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    head = get_head(db)
    if row is None:
        return [_("All audit entries were deleted.")] if head is not None else []
    if entry_hash(*row[:9]) != row[9]:
        return [_("Audit entry {seq} was altered.").format(seq=row[0])]
    if head != f"{row[0]}:{row[9]}":
        return [_("The last audit entries were deleted or the chain head was altered.")]
    return []


def quick_check_findings(conn) -> list[str]:
    """What SQLite's ``PRAGMA quick_check`` finds wrong in the database of ``conn`` (a ``Database`` or a driver
    connection), one row a finding as SQLite gives them; empty when it finds nothing. Reads every page (0.3-6 s for
    260 MB). Raises the driver's error when the file cannot be read."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else [str(r) for r in rows]


def quick_check(db: Database) -> list[str]:
    """The problems a quick look finds (``PRAGMA quick_check`` and the audit chain's head); empty when none."""
    try:
        problems = [_("Database check: {problem}").format(problem=r) for r in quick_check_findings(db)[:MAX_LISTED]]
        return problems + _audit_head_problems(db)
    except driver.Error as exc:
        return [_("The database cannot be read: {reason}").format(reason=sqlite_reason(exc))]


def check_before_bulk_import(db: Database) -> None:
    """Refuse a bulk import (ImportRefused) into a database that a process left open when it stopped (a crash,
    kill, power cut) and that the quick check now finds damaged: writing thousands of rows into a damaged file
    makes the damage worse. The check runs only after such an unclean shutdown that no start has checked yet: on
    a database of 100,000 cases (260 MB) ``PRAGMA quick_check`` takes 0.3-2 s with the file in the page cache and
    about 6 s from the disk, as long as or longer than importing a register of 1,000 rows."""
    from workstation.errors import ImportRefused

    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        return  # an in-memory database: no data directory, no markers
    data_dir = Path(row[2]).parent
    if not was_unclean(data_dir):
        return
    problems = quick_check(db)
    if problems:
        LOG.info("bulk import refused: the quick check after an unclean shutdown found %s problems", len(problems))
        raise ImportRefused(_("Nothing was imported: the workstation was not closed properly last time and the "
                              "database check found problems ({problem}); importing into a damaged database makes "
                              "the damage worse. Restore the last good backup, or copy the data directory {path} "
                              "somewhere safe and ask for technical help.").format(problem=problems[0],
                                                                                  path=data_dir))


def quick_check_task(database: Path, *, progress: ProgressFn, cancel: CancelToken) -> list[str]:
    """The quick check with a connection of its own (for the task runner: the start after an unclean shutdown);
    Cancel interrupts it (Cancelled)."""
    from workstation.db.connection import connect

    progress(0, 0, _("The workstation was not closed properly last time: checking the database before it opens…"))
    db = connect(database, journal=False)  # only read: nothing is written before the check
    try:
        db.conn.set_progress_handler(lambda: 1 if cancel.cancelled else 0, 100_000)
        problems = quick_check(db)
        cancel.check()  # an interrupted check reports "interrupted", which is no finding
        return problems
    finally:
        db.conn.close()


#: the command that rebuilds the search indexes from the records, as the full check's finding names it
REBUILD_COMMAND = "backup check --full --rebuild-index"


def search_indexes(db: Database) -> list[tuple[str, bool]]:
    """The FTS5 search indexes of the schema (``cases_fts``, ``complaints_fts``, …), each with whether it can be
    rebuilt from its records (not a contentless index, ``content=''``)."""
    import re

    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' "
                      "ORDER BY name").fetchall()
    return [(name, not re.search(r"content\s*=\s*(''|\"\")", sql, re.IGNORECASE)) for name, sql in rows
            if re.search(r"USING\s+fts5\b", sql, re.IGNORECASE)]


class IndexMismatch(str):
    """A problem of the full check that rebuilding the search indexes from their records repairs
    (``rebuild_search_indexes``): a search index no longer matching its records, the records themselves sound."""


#: the command that removes the stored files no record names, as the full check's finding names it
REMOVE_UNNAMED_COMMAND = "backup check --full --remove-unnamed"


class UnnamedFiles(str):
    """A finding of the full check that removing the stored files no record names repairs
    (``remove_unnamed_files``): left by a program killed while adding them, they take disk space and nothing else.
    Not damage: the check that finds it alone finds the data sound. ``count`` and ``size``: how many, their bytes."""

    count = 0
    size = 0


def _unnamed_problems(db: Database, data_dir: Path) -> list[str]:
    """The stored files no record names, counted with their size, as one finding (none when there are none)."""
    from workstation.filestore import unnamed_files

    found = unnamed_files(db, data_dir)
    if not found:
        return []
    size = sum(size for _path, size, _changed in found)
    finding = UnnamedFiles(ngettext(
        "{n} stored file ({size}) is named by no record: left by a program stopped while adding it, it only takes "
        "space on the disk and in every backup. Remove it with the command `{command}`.",
        "{n} stored files ({size}) are named by no record: left by a program stopped while adding them, they only "
        "take space on the disk and in every backup. Remove them with the command `{command}`.", len(found)).format(
        n=len(found), size=_size_text(size), command=REMOVE_UNNAMED_COMMAND))
    finding.count, finding.size = len(found), size
    return [finding]


class ImportLeftovers(str):
    """A finding of the full check: staging folders a bundle import killed half-way left in the file store
    (``stale_incoming``), holding the bundle's files unencrypted. Not damage: the records are sound, and the next
    opening of the data removes them (``remove_stale_incoming``)."""


def _leftover_problems(data_dir: Path) -> list[str]:
    """The staging folders of killed bundle imports still in the file store, as one finding (none when there are
    none)."""
    found = stale_incoming(data_dir)
    if not found:
        return []
    finding = ImportLeftovers(ngettext(
        "{n} folder of files staged by a bundle import that was stopped half-way is still in {folder} ({names}): "
        "it holds unencrypted copies of that bundle's evidence files and documents, and nothing uses it. It is "
        "removed the next time the workstation opens the data; if it stays, delete it.",
        "{n} folders of files staged by bundle imports that were stopped half-way are still in {folder} ({names}): "
        "they hold unencrypted copies of those bundles' evidence files and documents, and nothing uses them. They "
        "are removed the next time the workstation opens the data; if they stay, delete them.", len(found)).format(
        n=len(found), folder=found[0].parent, names=", ".join(path.name for path in found)))
    return [finding]


class PlaintextFilesLeft(str):
    """A finding of `backup check`: unencrypted stored files or backups an encryption could not remove
    (``backup.plaintext_files_findings``), to be deleted by hand. Not damage: the records are sound, and each opening
    of the data tries to remove them again."""


def damage(problems: list[str]) -> list[str]:
    """The problems of a check that are damage: all but the ``UnnamedFiles``, ``ImportLeftovers`` and
    ``PlaintextFilesLeft`` findings, files no longer used, the records sound."""
    return [problem for problem in problems if not isinstance(problem, (UnnamedFiles, ImportLeftovers,
                                                                        PlaintextFilesLeft))]


def _size_text(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(size, 1) / 1024:.1f} KB" if size >= 1024 else f"{size} B"


def _search_index_problems(db: Database) -> list[str]:
    """FTS5's own check of each search index against its records (``integrity-check`` with rank 1 raises on a
    mismatch): an index rows were deleted from, or left behind, finds nothing of those records when searched. Run
    in a savepoint rolled back (the check writes nothing); skipped on a database that cannot be written, where
    FTS5 cannot run it."""
    problems = []
    for table, rebuildable in search_indexes(db):
        db.execute("SAVEPOINT search_index_check")
        try:
            db.execute(f'INSERT INTO "{table}"("{table}", rank) VALUES (\'integrity-check\', 1)')
        except driver.Error as exc:
            text = str(exc).lower()
            if "readonly" in text or "read-only" in text:
                LOG.warning("search index %s not checked: the database cannot be written", table)
            elif damage_said(exc):
                problems.append(IndexMismatch(
                    _("The search index {table} does not match the records: searches may miss records. The records "
                      "themselves are not affected: rebuild the index from them with the command `{command}`.")
                    .format(table=table, command=REBUILD_COMMAND)) if rebuildable else
                    _("The search index {table} does not match the records: searches may miss records.").format(
                        table=table))
            else:
                problems.append(_("The search index {table} could not be checked: {reason}").format(
                    table=table, reason=sqlite_reason(exc)))
        finally:
            db.execute("ROLLBACK TO search_index_check")
            db.execute("RELEASE search_index_check")
    return problems


def rebuild_search_indexes(db: Database, data_dir: Path) -> list[str]:
    """Rebuild every search index that can be from its records (FTS5's ``rebuild``, in one transaction), after the
    quick check: refused (WorkstationError, nothing written) when it finds the database damaged, which rebuilding
    cannot repair; in the same transaction the complaints' full-width forms not known are worked out again
    (``store.complaints.refill_wide_forms``). Returns the indexes rebuilt."""
    problems = quick_check(db)
    if problems:
        raise WorkstationError(_("The search indexes were not rebuilt: the database check found problems "
                                 "({problem}), which rebuilding them cannot repair. Restore the last good backup, or "
                                 "copy the data directory {path} somewhere safe and ask for technical help.").format(
            problem=problems[0], path=data_dir))
    from workstation.store.complaints import refill_wide_forms

    tables = [table for table, rebuildable in search_indexes(db) if rebuildable]
    with db.atomic():
        for table in tables:
            db.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')')
        # the full-width forms of the complaints changed since they were noted (-1), which the short words' search
        # tests in full
        refilled = refill_wide_forms(db)
    LOG.info("search indexes rebuilt: %s; full-width forms worked out again: %d complaints", ", ".join(tables),
             refilled)
    return tables


def full_check(db: Database, data_dir: Path, *, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None) -> list[str]:
    """Every problem found by ``PRAGMA integrity_check``, ``foreign_key_check``, FTS5's check of each search index
    (``_search_index_problems``), the whole audit chain, reading every stored file back against its sha256 and
    looking for stored files no record names (``_unnamed_problems``, an ``UnnamedFiles`` finding) and for what killed
    bundle imports left (``_leftover_problems``, an ``ImportLeftovers`` finding); empty when the data is sound."""
    from workstation import audit
    from workstation.filestore import stored_chunks

    progress(0, 1, _("Checking the database"))
    try:
        rows = integrity_rows(db)
        problems = [] if rows == ["ok"] else [_("Database check: {problem}").format(problem=r)
                                              for r in rows[:MAX_LISTED]]
        for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall()[:MAX_LISTED]:
            problems.append(_("Table {table}, row {rowid}: refers to a missing record of {parent}.").format(
                table=table, rowid=rowid, parent=parent))
        if rows == ["ok"]:  # a damaged file's index is not looked into: its restore is said already
            problems += _search_index_problems(db)
        problems += audit.verify(db)["problems"][:MAX_LISTED]
        files = [r[0] for r in db.execute("SELECT sha256 FROM files ORDER BY sha256")]
        if rows == ["ok"]:  # a damaged file's list of files is not to be trusted
            problems += _unnamed_problems(db, data_dir)
        problems += _leftover_problems(data_dir)
    except driver.Error as exc:
        return [_("The database cannot be read: {reason}").format(reason=sqlite_reason(exc))]
    for done, sha in enumerate(files, start=1):
        if cancel is not None:
            cancel.check()
        try:
            for _step in stored_chunks(data_dir, sha):  # read through in steps: checked at its end
                pass
        except WorkstationError as exc:
            problems.append(exc.message)
        if done % 20 == 0:
            progress(done, len(files), _("Reading the stored files back"))
    progress(1, 1, _("Check finished"))
    return problems


def rebuild_search_indexes_task(database: Path, *, progress: ProgressFn, cancel: CancelToken) -> list[str]:
    """``rebuild_search_indexes`` with a connection of its own (for the task runner); one transaction, so a Cancel
    before it starts changes nothing."""
    from workstation.db.connection import connect

    cancel.check()
    progress(0, 0, _("Rebuilding the search indexes"))
    db = connect(database)
    try:
        return rebuild_search_indexes(db, Path(database).parent)
    finally:
        db.conn.close()


def full_check_task(database: Path, *, progress: ProgressFn, cancel: CancelToken) -> list[str]:
    """The full check with a connection of its own (for the task runner)."""
    from workstation.db.connection import connect

    db = connect(database)
    try:
        return full_check(db, Path(database).parent, progress=progress, cancel=cancel)
    finally:
        db.conn.close()
