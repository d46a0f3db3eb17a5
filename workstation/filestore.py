"""The content-addressed file store under ``<data dir>/files``: a file is kept once under its sha256
(files/ab/abcdef…), written whole or not at all, and never changed; the ``files`` table lists what is there."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.records import now


def file_path(data_dir: Path, sha256: str) -> Path:
    return Path(data_dir) / "files" / sha256[:2] / sha256


def _write_partial(partial: Path, data: bytes, flush: bool) -> None:
    with open(partial, "wb") as fh:
        fh.write(data)
        if flush:
            fh.flush()
            os.fsync(fh.fileno())


def store_file(db: Database, data_dir: Path, data: bytes, media_type: str, *, written: list[Path] | None = None,
               expected: str | None = None) -> str:
    """Keep ``data`` (inside the caller's transaction for its ``files`` row); returns its sha256.

    A file is flushed to the disk before this returns, unless ``written`` is given: then its path is appended
    there and the caller calls ``sync_files(written)`` once for the whole batch before committing (one flush
    for many files). With ``expected``, data whose sha256 differs is refused."""
    digest = hashlib.sha256(data).hexdigest()
    if expected is not None and digest != expected:
        raise WorkstationError(_("File {name} does not match its sha256: it was altered.").format(name=expected[:12]))
    target = file_path(data_dir, digest)
    if not target.exists():
        partial = target.with_name(target.name + ".part")
        try:
            try:
                _write_partial(partial, data, flush=written is None)
            except FileNotFoundError:  # its folder does not exist yet (or was removed): make it, once
                target.parent.mkdir(parents=True, exist_ok=True)
                _write_partial(partial, data, flush=written is None)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise WorkstationError(_("The file store {folder} cannot be written: {reason}").format(
                folder=target.parent, reason=exc.strerror)) from None
        if written is not None:
            written.append(target)
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)",
               [digest, len(data), media_type, now()])
    return digest


def sync_files(paths: list[Path]) -> None:
    """Flush files written by ``store_file(..., written=…)`` to the disk: one ``sync`` of the file systems where
    the platform has it, else each file in turn."""
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


def read_file(data_dir: Path, sha256: str) -> bytes:
    """The stored bytes, checked against their sha256 (a changed file is refused)."""
    path = file_path(data_dir, sha256)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkstationError(_("Stored file {name} is missing: restore the data directory from a backup.")
                               .format(name=sha256[:12])) from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise WorkstationError(_("Stored file {name} was altered: restore it from a backup.").format(
            name=sha256[:12]))
    return data
