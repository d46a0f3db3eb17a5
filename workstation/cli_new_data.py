"""A command that may make a new data directory (``init``, ``demo``, the imports, a restore) and is refused, or is
only a dry run, leaves no new data directory behind: exit 1 says nothing was changed, and a database made for a
mistyped ``--data-dir`` would later answer an empty campaign instead of "no data here".

Only what this process made is removed. It makes the missing folders itself, each with an exclusive ``mkdir`` (a
folder another process made at the same moment is not ours), and puts a claim file into the data directory while
it works there. A refused command removes what it made only while its claim is still there and no other claim is:
another command working in the same new folder has a claim of its own, and a command that succeeds there removes
every claim, which tells the others that the folder is now a data directory to keep (the claim of a process that is
gone, cut off before it could remove it, keeps nothing; it stays). Nor does it remove anything
while another program has the database open (its open marker), when it was refused because another program held
the database's lock, or when the database file there is another than the one it made
(``db.connection.new_database_shared``): a program that started once the database held data makes no claim, and
works in that database."""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import _
from workstation.paths import database_path

CLAIM_PREFIX = ".new-data-claim-"


@dataclass(frozen=True)
class NewData:
    """A data directory without a database as a command found it: ``made`` the folders this process made for it,
    topmost first (empty when the data directory existed), ``identity`` the data directory's (device, inode) once
    it existed, ``entries`` the names it held then, ``claim`` this process's claim file in it (None when it could
    not be written: then nothing is removed)."""

    data_dir: Path
    made: tuple[Path, ...]
    identity: tuple[int, int] | None
    entries: frozenset[str]
    claim: Path | None


def before_command(data_dir: Path, creates_data: bool, note: str = "") -> NewData | None:
    """Make a missing data directory and claim it; None when the command makes no data or the data directory has
    a database (or is not a folder); an empty database file (0 bytes) is none, and stays as it was if the command
    fails. ``note`` is written into the claim: for a restore, the command that finishes it if it is cut off
    (``db.connection.NeedsRestore`` says it)."""
    from workstation.data_folder import check_outside_data
    from workstation.db.connection import holds_no_database

    if not creates_data or not holds_no_database(database_path(data_dir)) or (data_dir.exists()
                                                                             and not data_dir.is_dir()):
        return None
    check_outside_data(data_dir)  # not inside another data directory, whose files and restores it would share
    made = make_folders(Path(data_dir))
    try:
        identity = _identity(data_dir)
        entries = frozenset(p.name for p in data_dir.iterdir() if not _is_claim(p))
        claim = data_dir / f"{CLAIM_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        with open(claim, "x", encoding="utf-8") as fh:
            fh.write(note)
    except OSError:  # a folder that cannot be made or written: the command's own refusal says why
        return NewData(data_dir, made, None, frozenset(), None)
    return NewData(data_dir, made, identity, entries, claim)


def make_folders(data_dir: Path) -> tuple[Path, ...]:
    """Make the missing folders down to ``data_dir``, each only if no other process has made it meanwhile; the
    ones this process made, topmost first. One that cannot be made is refused, naming ``data_dir``."""
    missing = []
    folder = data_dir
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    made = []
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:
            made.clear()  # another process made it: neither it nor anything above it is ours to remove
            continue
        except OSError as exc:  # a folder the account may not write in: refused, with what was made removed
            for ours in reversed(made):
                try:
                    os.rmdir(ours)
                except OSError:
                    break  # something else is in it now: it stays, as does what is above it
            raise WorkstationError(_("The data folder {path} cannot be made: {reason}. Give a folder you may read "
                                     "and write with --data-dir (or WORKSTATION_HOME).").format(
                path=data_dir, reason=os_reason(exc))) from None
        made.append(folder)
    return tuple(made)


def _identity(folder: Path) -> tuple[int, int]:
    status = os.stat(folder)
    return status.st_dev, status.st_ino


def _is_claim(path: Path) -> bool:
    return path.name.startswith(CLAIM_PREFIX)


def _live_claim(path: Path) -> bool:
    """Whether ``path`` is the claim of a process still running (``.new-data-claim-<pid>-…``): one left by a process
    that is gone (killed, or cut off before it could tidy up) keeps nothing, or a later command refused there would
    leave what it made; a claim named otherwise is taken as live."""
    if not _is_claim(path):
        return False
    pid = path.name[len(CLAIM_PREFIX):].split("-", 1)[0]
    if not pid.isdigit():
        return True
    from workstation.repair import process_alive_or_ours

    return process_alive_or_ours(int(pid))


def keep_new_data(new: NewData) -> None:
    """The command succeeded: the folder is a data directory now; every claim in it is removed, so that no other
    command refused there removes what is in it."""
    try:
        for entry in new.data_dir.iterdir():
            if _is_claim(entry):
                entry.unlink(missing_ok=True)
    except OSError:
        pass  # the command's result stands; a leftover claim only keeps a later refusal from cleaning up


def remove_new_data(new: NewData, db=None) -> None:
    """Remove what the command made in the new data directory, and the folders it made, when the folder is still
    ours alone (see the module's description); the database connection ``db`` and the log kept there are closed
    first. What cannot be removed is left."""
    if db is not None:
        db.conn.close()
    _close_log_in(new.data_dir)
    from workstation.security import session

    session.set_key(new.data_dir, None)
    try:
        if new.claim is not None and new.data_dir.is_dir():
            ours = new.claim.exists() and _identity(new.data_dir) == new.identity
            new.claim.unlink(missing_ok=True)
            if not ours or any(_live_claim(entry) for entry in new.data_dir.iterdir()):
                return  # another command works here, or has made it a data directory
            from workstation.db.connection import new_database_shared

            if new_database_shared(database_path(new.data_dir), made_here=False):
                return  # another program has the database open, or held its lock: it is that program's data too
            for entry in new.data_dir.iterdir():
                # a claim left by a process that is gone stays: a cut-off restore's says how to finish it
                if entry.name in new.entries or _is_claim(entry):
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        for folder in reversed(new.made):  # only empty ones: what another process put beside ours stays
            if folder.is_dir():
                os.rmdir(folder)
    except OSError:
        pass  # the refusal already said what matters; a leftover folder is not a second failure


def _close_log_in(data_dir: Path) -> None:
    from workstation.log import LOGGER

    folder = str(Path(data_dir).resolve())
    for handler in [h for h in LOGGER.handlers if str(getattr(h, "baseFilename", "")).startswith(folder)]:
        LOGGER.removeHandler(handler)
        handler.close()
