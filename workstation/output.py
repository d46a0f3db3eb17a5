"""Writing a file the officer asked for (a rendered document, an issued PDF, a case file): the target folder
checked before any work is done, and the bytes written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from workstation.errors import WorkstationError, os_reason, with_advice
from workstation.i18n import _


def check_output(path: str) -> Path:
    """The output path, refused before any work when its folder is missing or cannot be written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise WorkstationError(_("The folder {folder} does not exist: create it or choose another.").format(
            folder=target.parent))
    if not os.access(target.parent, os.W_OK):
        raise WorkstationError(_("{file} cannot be written: {reason}").format(file=target,
                                                                             reason=os_reason(PermissionError(13, ""))))
    return target


def refuse_folder(path: str) -> Path:
    """The output path, refused when it names an existing folder (the folder given instead of the file's name):
    checked before any work, as the final rename onto a folder would fail only after it (a 文号 taken, a period
    frozen)."""
    target = Path(path)
    if target.is_dir():
        raise WorkstationError(_("{file} is a folder: give the name of the file to write.").format(file=target))
    return target


def write_output(path: str, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all; a missing or read-only folder is explained."""
    target = check_output(path)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(data)
        _flush(partial)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise WorkstationError(with_advice(_("{file} cannot be written: {reason}").format(
            file=target, reason=os_reason(exc)), exc, target.parent, elsewhere=True)) from None
    return target


def _flush(path: Path) -> None:
    """Put the written bytes on the disk before the rename makes them the file (a power cut after the rename
    must not leave an empty file); a full disk can surface only here."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
