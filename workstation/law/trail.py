"""The audit trail of the files that change what the program counts without going through it: the bureau's copies of
the legal data files (``<data dir>/law/<name>.toml``, ``data.own_file``) and the yearly holiday files of the calendar
folder (``<data dir>/calendar/<year>.toml``), edited, put there or taken away by hand. The program reads them
wherever it needs them, often with no database at hand; whenever one is (``law files``, the ``calendar`` commands, the
deadline board's count), ``audit_hand_changes`` compares each file with the last entry the audit log holds of it and
writes one for a file that differs: action "update" (entity "law", the file's name; entity "calendar", the year, as
``calendar import`` writes it), its digest the record of the file's name and sha256 as the program's own entries
make it (``law copy``, ``calendar import``), the one before the last entry's; action "remove" for a file gone."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

LOG = logging.getLogger("workstation.audit")

#: per trailed file: the (modification time, size) of the file (None: absent) last found to match the log of its data
#: directory's database, with the log's last entry then, so that a board counting again does not read every file and
#: the log each time — and a file the program itself copied, reset or imported since (an entry written) is looked at
#: again. It lasts as long as the process: the window's board gains from it, while each command line reads the files
#: once as it opens the data
_SEEN: dict[str, tuple] = {}


def _state(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _last_after(db, entity: str, entity_id: str) -> str | None:
    """The after digest of the last audit entry of ``entity`` ``entity_id`` ("" after a removal), None without one."""
    row = db.execute("SELECT after_digest FROM audit WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1",
                     [entity, entity_id]).fetchone()
    return None if row is None else row[0]


def _trail(db, entity: str, entity_id: str, path: Path, record, taken=None) -> str | None:
    """Write the entry of the file at ``path`` when it differs from the last one the log holds of it: "update" with
    the digest of ``record(content)``, or "remove" when it is gone after an entry that had it. ``taken(content)``:
    whether the content is the one the last entry recorded in other words (headquarters' hand-out, whose entry names
    its bundle). The action written, or None."""
    from workstation.audit import AuditWriter, digest

    key = str(path)
    head = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    state = (_state(path), head)
    if key in _SEEN and _SEEN[key] == state:
        return None
    last = _last_after(db, entity, entity_id)
    if state[0] is None:
        if not last:
            _SEEN[key] = state
            return None
        action, after = "remove", ""
    else:
        try:
            content = path.read_bytes()
        except OSError:
            return None
        after = digest(record(content))
        if last == after or last and taken is not None and taken(content):
            _SEEN[key] = state
            return None
        action = "update"
    with db.atomic():
        writer = AuditWriter(db)
        writer.add_digests(action, entity, entity_id, last or "", after)
        writer.flush()
    _SEEN[key] = (state[0], db.execute("SELECT MAX(seq) FROM audit").fetchone()[0])
    return action


def audit_hand_changes(db, data_dir: str | Path | None = None) -> list[str]:
    """Audit each bureau's copy of a legal data file and each yearly holiday file of the data directory of ``db``
    (``data_dir``, else the one in use) changed, put there or taken away since the log last recorded it (see the
    module). A database that cannot take the entries now (read only, locked) leaves them for a later opening, and
    the program's log says so. What was written, as "update law clocks.toml"."""
    from workstation.db import driver
    from workstation.errors import WorkstationError
    from workstation.law.data import FILES, own_file
    from workstation.paths import resolve_data_dir

    if getattr(db, "read_only", False):
        return []
    folder = resolve_data_dir(data_dir)
    written = []
    try:
        for name in FILES:
            file = f"{name}.toml"

            def law_record(content: bytes, file=file) -> dict:
                return {"file": file, "sha256": hashlib.sha256(content).hexdigest()}

            action = _trail(db, "law", file, own_file(name, folder), law_record)
            if action:
                written.append(f"{action} law {file}")
        written += _calendar_changes(db, folder)
    except (WorkstationError, OSError, *driver.Error) as exc:
        LOG.warning("hand changes of the legal data and holiday files not written into the audit log: %s",
                    type(exc).__name__)
    return written


def _calendar_changes(db, folder: Path) -> list[str]:
    """``audit_hand_changes`` of the calendar folder: its files named for their year, and the years of which the log
    holds a file that is gone from it."""
    from workstation.workdays import CALENDAR_DIR, YEAR_LIMITS

    calendar = folder / CALENDAR_DIR
    years = set()
    if calendar.is_dir():
        years = {int(path.stem) for path in calendar.glob("*.toml") if re.fullmatch(r"[0-9]{4}", path.stem)
                 and YEAR_LIMITS[0] <= int(path.stem) <= YEAR_LIMITS[1]}
    years |= {int(row[0]) for row in db.execute("SELECT DISTINCT entity_id FROM audit WHERE entity = 'calendar'")
              if str(row[0]).isdigit()}
    written = []
    for year in sorted(years):

        def record(content: bytes, year=year) -> dict:
            return {"year": year, "file": f"{year}.toml", "sha256": hashlib.sha256(content).hexdigest()}

        def taken(content: bytes, year=year) -> bool:
            """Headquarters' file taken from its hand-out (audited naming the bundle), unchanged since."""
            from workstation.bundle.calendar_part import TAKEN_KEY  # the bundle package only when needed
            from workstation.store.base import get_setting

            return get_setting(db, f"{TAKEN_KEY}{year}") == hashlib.sha256(content).hexdigest()

        action = _trail(db, "calendar", str(year), calendar / f"{year}.toml", record, taken)
        if action:
            written.append(f"{action} calendar {year}")
    return written
