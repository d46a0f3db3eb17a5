"""Giving back the free pages of the database file (``backup compact``). A database keeps its size when records
go (m033 freed most of a big station's pages): SQLite reuses the free pages but never returns them to the disk
until the file is rewritten. The rewrite here is done in two steps that both show their progress by bytes and
both hear Cancel, leaving the database as it was when cancelled: a compact copy of the database is written beside
it (``VACUUM INTO``, a snapshot in one read transaction; under SQLCipher keyed like the database), then copied back
over it in one write transaction through SQLite's backup API, which the write-ahead log carries; the checkpoint
at the end shortens the file. The copy and the log each take up to the pages in use: the data disk must have
twice that free, else the compaction is refused before anything is written. It is refused too, nothing written,
while another program of the workstation has the data open (its reads and writes would meet a file being
rewritten). The copy is named after the process writing it (``.compact-<pid>-workstation.db``): one a killed
compaction left, a whole copy of the data, is removed when a program next opens the data (``remove_stale_copies``,
called by ``workstation.repair.mark_open``)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from workstation.db import Database, driver
from workstation.errors import Cancelled, WorkstationError, disk_full, os_reason
from workstation.i18n import _
from workstation.progress import CancelToken, ProgressFn, no_progress

LOG = logging.getLogger("workstation.compaction")

#: a database whose free pages are below this share of its file is not worth rewriting; ``compact`` says so
WORTH_IT = 0.10
STEP_PAGES = 256  # pages copied back per step of the backup API, between two looks at Cancel
COPY_STEPS = 1000  # SQLite virtual-machine steps between two looks at the copy's size and at Cancel


def page_figures(db: Database) -> dict:
    """{"page_size", "pages", "free_pages", "file_bytes", "used_bytes", "free_bytes"} of the database."""
    size = int(db.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher says them as text
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
    return {"page_size": size, "pages": pages, "free_pages": free, "file_bytes": pages * size,
            "used_bytes": (pages - free) * size, "free_bytes": free * size}


def disk_free(folder: Path) -> int:
    """The bytes free on the disk of ``folder`` (the query a test patches to simulate a full disk)."""
    return shutil.disk_usage(folder).free


def writable(folder: Path) -> bool:
    """Whether this program may write in ``folder`` (False on a read-only disk or folder; the query a test patches
    to simulate one)."""
    return os.access(folder, os.W_OK)


def space_needed(figures: dict) -> int:
    """What the compaction needs free on the data disk: the compact copy and the log carrying it back."""
    return 2 * figures["used_bytes"]


def worth_compacting(db: Database) -> bool:
    """Whether the free pages are a tenth of the file or more (after m033 on a big station, say)."""
    figures = page_figures(db)
    return figures["pages"] > 0 and figures["free_pages"] >= WORTH_IT * figures["pages"]


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f}"


def few_free_pages_text(figures: dict) -> str:
    """Why a database whose free pages are below ``WORTH_IT`` of its file is not compacted."""
    return _("The database has few free pages ({free} of {pages}): there is nothing worth compacting.").format(
        free=figures["free_pages"], pages=figures["pages"])


def refusal(figures: dict, data_dir: Path) -> str | None:
    """Why the compaction cannot run now (the data directory or the database cannot be written, another program of
    the workstation has the data open, or the data disk lacks ``space_needed``), None when it can."""
    from workstation.db.connection import lock_holder
    from workstation.paths import database_path

    data_dir = Path(data_dir)
    if not (writable(data_dir) and writable(database_path(data_dir))):
        return _("The database cannot be compacted: the data directory {folder} cannot be written (it or its disk is "
                 "read-only). Nothing was changed.").format(folder=data_dir)
    holder = lock_holder(database_path(data_dir))
    if holder:
        return _("The database cannot be compacted while {holder} has it open: close it and compact again. Nothing "
                 "was changed.").format(holder=holder)
    needed, free = space_needed(figures), disk_free(data_dir)
    if free < needed:
        return _("Compacting the database needs {needed} MiB free on the disk of {folder}, which has {free} MiB: free "
                 "some space (or move old backups elsewhere) and compact again. Nothing was changed.").format(
            needed=_mib(needed), folder=data_dir, free=_mib(free))
    return None


def copy_path(data_dir: Path, pid: int | None = None) -> Path:
    """The compact copy a compaction by process ``pid`` (this one by default) writes beside the database."""
    from workstation.paths import database_path

    database = database_path(Path(data_dir))
    return database.with_name(f"{COPY_PREFIX}{os.getpid() if pid is None else pid}-{database.name}")


#: what the compact copies' names start with (``workstation.repair`` looks for it before importing this module)
COPY_PREFIX = ".compact-"


def remove_stale_copies(data_dir: Path) -> list[str]:
    """Remove the compact copies (and their journals) that compactions killed in the middle left beside the database:
    each is a whole copy of the data. A copy named after a process still running is its compaction at work and
    stays; one named after none (an earlier version's) goes only when no other program has the data open. Returns
    the names removed."""
    from workstation.repair import open_elsewhere, process_alive

    removed = []
    try:
        with os.scandir(data_dir) as entries:
            names = [e.name for e in entries if e.name.startswith(COPY_PREFIX) and e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    for name in sorted(names):
        pid = name[len(COPY_PREFIX):].split("-")[0]
        if pid.isdigit():
            stale = int(pid) != os.getpid() and not process_alive(int(pid))
        else:
            stale = not open_elsewhere(data_dir)
        if not stale:
            continue
        try:
            (Path(data_dir) / name).unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            LOG.warning("compact copy left by a cut-off compaction not removed: %s", exc.strerror)
            continue
        removed.append(name)
    if removed:
        LOG.info("%d files of a cut-off compaction removed from the data directory", len(removed))
    return removed


def removed_copies_note(data_dir: Path, removed: list[str]) -> str:
    """What the sweep at opening says of the compact copies it removed ("" when none)."""
    if not removed:
        return ""
    return _("A compact copy of the database that a compaction cut off last time had left in {folder} was removed: "
             "it held a whole copy of the data. The database itself was not changed.").format(folder=data_dir)


def compact_database(db: Database, data_dir: Path, *, progress: ProgressFn = no_progress,
                     cancel: CancelToken | None = None) -> dict:
    """Rewrite the database without its free pages (see the module). Refused, nothing written, when the data
    directory cannot be written, while another program has the data open, when the data disk has less free than
    ``space_needed`` (``refusal``) or when the quick check finds the database damaged (a compacted copy would carry
    the damage on). A full disk or a failed file operation in the middle is said as a WorkstationError: the
    database is as it was. Returns {"before", "after", "freed"} in bytes of the database file."""
    from workstation.paths import database_path
    from workstation.repair import quick_check

    data_dir = Path(data_dir)
    database = database_path(data_dir)
    figures = page_figures(db)
    refused = refusal(figures, data_dir)
    if refused:
        raise WorkstationError(refused)
    progress(0, 0, _("Checking the database"))
    problems = quick_check(db)
    if problems:
        LOG.info("compaction refused: the quick check found %s problems", len(problems))
        raise WorkstationError(_("Nothing was changed: the database check found problems ({problem}); compacting a "
                                 "damaged database would carry the damage into the compacted file. Restore the last "
                                 "good backup, or copy the data directory {path} somewhere safe and ask for technical "
                                 "help.").format(problem=problems[0], path=data_dir))
    try:
        return _compact(db, data_dir, database, figures, progress, cancel)
    except (OSError, *driver.Error) as exc:
        if disk_full(exc):
            raise WorkstationError(_("The database was not compacted: the disk holding {folder} is full. Nothing was "
                                     "changed. Free some space on that disk (or move old backups "
                                     "elsewhere) and compact again.").format(folder=data_dir)) from exc
        if isinstance(exc, OSError):
            raise WorkstationError(_("The database was not compacted: a file in {folder} could not be written or "
                                     "removed ({reason}). Nothing was changed.").format(
                folder=data_dir, reason=os_reason(exc))) from exc
        from workstation.db.connection import known_failure

        explained = known_failure(exc, database, rolled_back=True)  # "The change was not saved: …"
        if explained is None:
            raise
        raise explained from exc


def _compact(db: Database, data_dir: Path, database: Path, figures: dict, progress: ProgressFn,
             cancel: CancelToken | None) -> dict:
    """The two steps of ``compact_database`` once it may run."""
    remove_stale_copies(data_dir)
    before = database.stat().st_size
    total = max(1, 2 * figures["used_bytes"])
    copy = copy_path(data_dir)
    copy.unlink(missing_ok=True)
    stopped: list[Cancelled] = []

    def look() -> int:
        try:
            if cancel is not None:
                cancel.check()
        except Cancelled as exc:
            stopped.append(exc)
            return 1  # SQLite stops the statement: the copy is thrown away, the database untouched
        progress(copy.stat().st_size if copy.exists() else 0, total, _("Writing a compact copy"))
        return 0

    try:
        progress(0, total, _("Writing a compact copy"))
        db.conn.set_progress_handler(look, COPY_STEPS)
        try:
            db.conn.execute("VACUUM INTO ?", [str(copy)])
        except driver.Error:
            if stopped:
                raise stopped[0] from None
            raise
        finally:
            db.conn.set_progress_handler(None, 0)
        if stopped:
            raise stopped[0]
        from workstation.backup import connect_file
        from workstation.security import session

        key = session.require_key(data_dir) if session.encrypted(data_dir) else None
        source = connect_file(copy, key)
        try:
            copied = figures["used_bytes"]

            def step(status: int, remaining: int, pages: int) -> None:
                if cancel is not None:
                    cancel.check()  # raised here, the backup is abandoned and its write transaction rolled back
                progress(copied + (pages - remaining) * figures["page_size"], total,
                         _("Putting the compact copy in place"))

            # one write transaction on the database, committed when every page is copied: a Cancel, a full disk
            # or a crash before then leaves the database as it was
            source.backup(db.conn, pages=STEP_PAGES, progress=step)
        finally:
            source.close()
        try:  # the compaction is committed: a checkpoint that fails leaves the file long until a later one
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log written back and the file shortened
        except driver.Error as exc:
            LOG.warning("checkpoint after the compaction failed: %s", exc)
    finally:
        for leftover in (copy, *(copy.with_name(copy.name + end) for end in ("-journal", "-wal", "-shm"))):
            try:
                leftover.unlink(missing_ok=True)
            except OSError as exc:  # the next opening of the data removes it (``remove_stale_copies``)
                LOG.warning("compact copy not removed: %s", exc.strerror)
    after = database.stat().st_size
    progress(total, total, _("Database compacted"))
    return {"before": before, "after": after, "freed": max(0, before - after)}
