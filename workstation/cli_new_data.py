"""A command that may make a new data directory (``init``, ``demo``, the imports, a restore) and is refused, or is
only a dry run, leaves no new data directory behind: exit 1 says nothing was changed, and a database made for a
mistyped ``--data-dir`` would later answer an empty campaign instead of "no data here"."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from workstation.paths import database_path


@dataclass(frozen=True)
class NewData:
    """A data directory without a database as a command found it: ``created`` is its topmost folder that did not
    exist yet (None when the data directory existed), ``entries`` the names the existing one held."""

    data_dir: Path
    created: Path | None
    entries: frozenset[str]


def before_command(data_dir: Path, creates_data: bool) -> NewData | None:
    """What to remove if the command fails: None when it makes no data or the data directory has a database."""
    if not creates_data or database_path(data_dir).exists() or (data_dir.exists() and not data_dir.is_dir()):
        return None
    if data_dir.is_dir():
        return NewData(data_dir, None, frozenset(p.name for p in data_dir.iterdir()))
    top = data_dir
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    return NewData(data_dir, top, frozenset())


def remove_new_data(new: NewData, db=None) -> None:
    """Remove what the command made in the new data directory (the whole folder when it made the folder); the
    database connection ``db`` and the log kept there are closed first. What cannot be removed is left."""
    if db is not None:
        db.conn.close()
    _close_log_in(new.data_dir)
    from workstation.security import session

    session.set_key(new.data_dir, None)
    try:
        if new.created is not None:
            shutil.rmtree(new.created, ignore_errors=True)
            return
        for entry in new.data_dir.iterdir():
            if entry.name in new.entries:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    except OSError:
        pass  # the refusal already said what matters; a leftover folder is not a second failure


def _close_log_in(data_dir: Path) -> None:
    from workstation.log import LOGGER

    folder = str(Path(data_dir).resolve())
    for handler in [h for h in LOGGER.handlers if str(getattr(h, "baseFilename", "")).startswith(folder)]:
        LOGGER.removeHandler(handler)
        handler.close()
