"""Where things live: the data directory (``--data-dir``, ``WORKSTATION_HOME`` or the platform's), and the
shipped ``resources/`` and ``forms/`` folders."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "case-file-workstation"
DATABASE_NAME = "workstation.db"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = PROJECT_ROOT / "resources"
FORMS = PROJECT_ROOT / "forms"


#: (``WORKSTATION_HOME`` as last read, its Path): every read of a legal data file looks for the bureau's copy in the
#: data directory (``law.data.own_file``), a case's law worked out reads several, and a new Path each time cost
#: a third of that look-up
_HOME_PATH: tuple[str, Path] | None = None


def default_data_dir() -> Path:
    """The data directory used when none is given: ``WORKSTATION_HOME`` or the platform's user data dir."""
    global _HOME_PATH
    home = os.environ.get("WORKSTATION_HOME")
    if home:
        known = _HOME_PATH
        if known is not None and known[0] == home:
            return known[1]
        path = Path(home).expanduser()
        if not home.startswith("~"):  # "~…" follows HOME, which may change: made each time
            _HOME_PATH = (home, path)
        return path
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# the data directory this program works on (the command's or the window's ``--data-dir``), once it is known: what
# finds its files without being handed the folder (the fonts of a document rendered or measured) looks there
_IN_USE: list[Path] = []


def resolve_data_dir(data_dir: str | os.PathLike | None) -> Path:
    """The data directory to use, given an optional explicit choice; without one the data directory in use
    (``use_data_dir``), else the default one."""
    if data_dir:
        return Path(data_dir).expanduser()
    return _IN_USE[-1] if _IN_USE else default_data_dir()


def use_data_dir(data_dir: Path | None) -> Path | None:
    """Make ``data_dir`` the data directory of this program (None: none chosen, the default again); returns the one
    in use before, to put back when the command or the window is done."""
    previous = _IN_USE[-1] if _IN_USE else None
    _IN_USE[:] = [] if data_dir is None else [Path(data_dir)]
    return previous


@contextlib.contextmanager
def data_dir_kept():
    """A command's or the window's run: no data directory chosen when it starts (it chooses one with
    ``use_data_dir``), the one in use before put back when it ends, however it ends."""
    previous = use_data_dir(None)
    try:
        yield
    finally:
        use_data_dir(previous)


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


#: the journal of a restore under way (``backup.restore_backup``), in the backups folder
JOURNAL_NAME = "restore-journal.json"


def journal_path(data_dir: Path) -> Path:
    return backups_dir(Path(data_dir)) / JOURNAL_NAME


def logs_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def resource(*parts: str) -> Path:
    """Path of a shipped data file under ``resources/``."""
    return RESOURCES.joinpath(*parts)


def read_when_changed(path: Path, cache: dict, read):
    """``read(path)``, kept in ``cache`` (one entry) until the file's size or modification time changes: an
    editable data file picked up as soon as it is saved, without reading it on every use. An unreadable file is a
    WorkstationError naming it."""
    from workstation.errors import WorkstationError
    from workstation.i18n import _

    try:
        stat = path.stat()
    except OSError as exc:
        raise WorkstationError(_("{file} cannot be read: {reason}").format(file=path, reason=exc.strerror)) from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in cache:
        cache.clear()
        cache[key] = read(path)
    return cache[key]
