"""Giving back the free pages of the database file (``backup compact``). A database keeps its size when records
go (m033 freed most of a big station's pages): SQLite reuses the free pages but never returns them to the disk
until the file is rewritten. The rewrite here is done in two steps that both show their progress by bytes and
both hear Cancel, leaving the database as it was when cancelled: a compact copy of the database is written beside
it (``VACUUM INTO``, a snapshot in one read transaction; under SQLCipher keyed like the database), then copied back
over it in one write transaction through SQLite's backup API, which the write-ahead log carries; the checkpoint
at the end shortens the file. The copy and the log each take up to the pages in use: the data disk must have
twice that free, else the compaction is refused before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from workstation.db import Database, driver
from workstation.errors import Cancelled, WorkstationError
from workstation.i18n import _
from workstation.progress import CancelToken, ProgressFn, no_progress

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


def space_needed(figures: dict) -> int:
    """What the compaction needs free on the data disk: the compact copy and the log carrying it back."""
    return 2 * figures["used_bytes"]


def worth_compacting(db: Database) -> bool:
    """Whether the free pages are a tenth of the file or more (after m033 on a big station, say)."""
    figures = page_figures(db)
    return figures["pages"] > 0 and figures["free_pages"] >= WORTH_IT * figures["pages"]


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f}"


def compact_database(db: Database, data_dir: Path, *, progress: ProgressFn = no_progress,
                     cancel: CancelToken | None = None) -> dict:
    """Rewrite the database without its free pages (see the module). Refused, nothing written, when the data disk
    has less free than ``space_needed``. Returns {"before", "after", "freed"} in bytes of the database file."""
    from workstation.paths import database_path

    data_dir = Path(data_dir)
    database = database_path(data_dir)
    figures = page_figures(db)
    needed, free = space_needed(figures), disk_free(data_dir)
    if free < needed:
        raise WorkstationError(_(
            "Compacting the database needs {needed} MiB free on the disk of {folder}, which has {free} MiB: free "
            "some space (or move old backups elsewhere) and compact again. Nothing was changed.").format(
            needed=_mib(needed), folder=data_dir, free=_mib(free)))
    before = database.stat().st_size
    total = max(1, 2 * figures["used_bytes"])
    copy = database.with_name(f".compact-{database.name}")
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
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log written back and the file shortened
    finally:
        copy.unlink(missing_ok=True)
    after = database.stat().st_size
    progress(total, total, _("Database compacted"))
    return {"before": before, "after": after, "freed": max(0, before - after)}
