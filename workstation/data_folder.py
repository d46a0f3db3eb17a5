"""The check of a data directory that the window and the command line both make before they look into it: a
``--data-dir`` (or ``WORKSTATION_HOME``) that is a file, lies under one, or lies in a folder the account may not
open is refused in one line naming it, before anything is asked, made or written (``check_data_folder``); and, before
the window's first start asks anything, one it could not make or write in (``check_can_make``, which finds out by
making the folders and a probe file, and removes them again)."""

from __future__ import annotations

import os
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import _


def check_data_folder(data_dir: Path) -> None:
    """Refuse ``data_dir`` when it is a file, lies under one, or cannot be reached (a folder on its way the account
    may not open); a folder that is missing but could be made there passes."""
    data_dir = Path(data_dir)
    for path in (data_dir, *data_dir.parents):  # itself, or the nearest folder it would be made in
        try:
            if not path.exists():
                continue
        except OSError as exc:
            raise unreachable(data_dir, exc) from None
        if not path.is_dir():
            raise WorkstationError(_("{path} is a file, not a folder: give the folder of the workstation data with "
                                     "--data-dir (or WORKSTATION_HOME).").format(path=path))
        return


def check_outside_data(data_dir: Path) -> None:
    """Refuse to make ``data_dir`` a new data directory when it lies inside another one (a folder above it holds a
    workstation database): its database would be mixed with that one's files (``files``, ``backups``, ``logs``), and
    a restore of that one's backup would move it aside with them. The enclosing data directory is named."""
    from workstation.db.connection import holds_no_database
    from workstation.paths import database_path

    try:
        folders = Path(data_dir).resolve().parents
    except (OSError, RuntimeError):  # a loop of links: said when the folder is used
        return
    for folder in folders:
        try:  # a folder the account may not look into holds no data of its
            held = database_path(folder).is_file() and not holds_no_database(database_path(folder))
        except OSError:
            held = False
        if held:
            raise WorkstationError(_("{path} lies inside the data directory {folder}, which holds the workstation's "
                                     "database and files: a data directory there would be mixed with its files, and "
                                     "moved aside when a backup of {folder} is restored. Give a folder outside "
                                     "{folder} with --data-dir (or WORKSTATION_HOME).").format(path=data_dir,
                                                                                             folder=folder))


def check_can_make(data_dir: Path) -> None:
    """Refuse ``data_dir`` when the first start could not make it or write in it — a folder that cannot be made there
    (``cli_new_data.make_folders``), on a read-only disk, or one the account may not write in — before its dialog
    asks for a name and a passphrase it could not keep, with the advice the command line gives. It is found out by
    trying: what was made for that is removed again, so a start left without setting up leaves nothing behind."""
    import secrets

    from workstation.cli_new_data import make_folders

    data_dir = Path(data_dir)
    if data_dir.is_dir() and on_read_only_disk(data_dir):
        raise WorkstationError(read_only_disk_message(data_dir))
    made = make_folders(data_dir)  # refused in the command line's words when it cannot be (a read-only disk too)
    probe = data_dir / f".write-check-{secrets.token_hex(4)}"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.unlink(probe)
    except OSError as exc:
        raise WorkstationError(_("Nothing can be written in the data folder {path}: {reason}. Give a folder you may "
                                 "read and write with --data-dir (or WORKSTATION_HOME).").format(
            path=data_dir, reason=os_reason(exc))) from None
    finally:
        for folder in reversed(made):
            try:
                os.rmdir(folder)
            except OSError:
                break  # something else is in it now: it stays, as does what is above it


def unreachable(data_dir: Path, exc: OSError) -> WorkstationError:
    """The refusal of a data directory the account may not open, with the reason the system gave."""
    return WorkstationError(_("The data folder {path} cannot be opened: {reason}. Give a folder you may read and "
                              "write with --data-dir (or WORKSTATION_HOME).").format(path=data_dir,
                                                                                     reason=os_reason(exc)))


def read_only_disk_message(data_dir: Path | None = None) -> str:
    """The refusal of every write into a data directory on a read-only disk, naming it (``data_dir``; unnamed when
    the caller does not know it), saying what to do."""
    if data_dir is not None:
        return _("The data directory {path} is on a read-only disk: copy the data directory to a writable disk, or "
                 "remove the read-only protection, then try again.").format(path=data_dir)
    return _("The data directory is on a read-only disk: copy the data directory to a writable disk, or remove the "
             "read-only protection, then try again.")


def on_read_only_disk(path: Path) -> bool:
    """Whether ``path`` (or the nearest folder above it that exists) lies on a disk mounted read-only (POSIX: the
    mount's ST_RDONLY flag; False where the system cannot tell, as on Windows). Permissions are not looked at."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    for folder in (Path(path), *Path(path).parents):
        try:
            return bool(statvfs(folder).f_flag & os.ST_RDONLY)
        except FileNotFoundError:
            continue
        except OSError:
            return False
    return False
