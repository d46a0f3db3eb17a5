"""Writing a file the officer asked for (a rendered document, an issued PDF, a case file): the target folder
checked before any work is done, and the bytes written whole or not at all — under a name of the program's own
(``<name>.ws<pid>.part``) beside the target, renamed once whole, so that the one a program killed meanwhile left is
known as such and removed at the next write into that folder (``remove_stale_parts``)."""

from __future__ import annotations

import errno
import logging
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from workstation.errors import WorkstationError, name_too_long, os_reason, shortened_path, with_advice
from workstation.i18n import _

LOG = logging.getLogger(__name__)
# a file being written beside its target ``<name>``: ``<name>.ws<pid>.part`` (the process writing it)
PART = re.compile(r"^.+\.ws(?P<pid>[0-9]+)\.part$")


def remove_quietly(path: Path) -> OSError | None:
    """Remove the file ``path`` if it is there, after a failure: on a read-only or pulled-out disk that fails too,
    and the refusal being reported matters more. The ``OSError`` ignored, else None."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        return exc
    return None


def check_output(path: str) -> Path:
    """The output path, refused before any work when it is a folder, or its folder is missing or cannot be
    written."""
    target = refuse_folder(path)
    if not target.parent.is_dir():
        raise WorkstationError(_("The folder {folder} does not exist: create it or choose another.").format(
            folder=target.parent))
    if not os.access(target.parent, os.W_OK):
        # a write-protected stick or a CD says so, rather than "permission denied", which no chmod would cure
        denied = OSError(errno.EROFS, "") if _on_read_only_disk(target.parent) else PermissionError(errno.EACCES, "")
        raise WorkstationError(_("{file} cannot be written: {reason}. Choose another folder, then try again.").format(
            file=target, reason=os_reason(denied)))
    return target


def _on_read_only_disk(folder: Path) -> bool:
    """Whether ``folder`` is on a file system mounted read-only (False where that cannot be told)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def refuse_folder(path: str) -> Path:
    """The output path, refused when it names a folder (an existing one, or any path ending with a slash: the folder
    given instead of the file's name): checked before any work, as the final rename onto a folder would fail only
    after it (a 文号 taken, a period frozen)."""
    target = refuse_long_name(path)
    if target.is_dir() or str(path).endswith(("/", os.sep)):  # outdir/: a folder meant, not a file named outdir
        raise WorkstationError(_("{file} is a folder: give the name of the file to write.").format(file=path))
    _refuse_file_as_folder(target)
    return target


def refuse_long_name(path: str) -> Path:
    """The output path, refused before any work when the system takes its name, or a folder's, as too long (over
    255 bytes: some 85 Chinese characters, a name pasted whole) — said in one line, the path shortened keeping the
    file's name (``errors.shortened_path``), as the command line and the window say it alike."""
    target = Path(path)
    try:
        os.lstat(target)
    except OSError as exc:
        if name_too_long(exc):
            raise WorkstationError(_("{file} cannot be written: {reason}").format(
                file=shortened_path(path), reason=os_reason(exc))) from None
    return target


def _refuse_file_as_folder(target: Path) -> None:
    """Refuse an output path through a file (``台账.xlsx/通报.pdf``): the folder it names is a file, which neither
    "does not exist" nor the error of making the folder ("already exists") would say."""
    for folder in target.parents:
        if folder.exists():
            if not folder.is_dir():
                raise WorkstationError(_("{path} is a file, not a folder: choose a folder to write {file} in.")
                                       .format(path=folder, file=target.name))
            return


def written_text(path, *more: str) -> str:
    """What is said of a file the officer asked for once it is written (a document, an export, a bundle, a backup,
    a stored file saved as…), one way wherever it is said — the window's messages and status bar (through
    ``ui.layouts.say_written``) and the command line: 已写入 <file>。, then ``more``, whole sentences of what it holds,
    following as ``errors.join_sentences`` joins them but with the path's and their spaces untouched."""
    text = _("{file} written.").format(file=path)
    for sentence in filter(None, more):
        text += ("" if text.endswith(("。", "！", "？", "；")) else " ") + sentence
    return text


def write_output(path: str, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all; a missing or read-only folder is explained."""
    staged = StagedOutput(path)
    try:
        staged.write(data)
        return staged.finish()
    finally:
        staged.discard()


def write_output_steps(path: str, chunks: Iterable[bytes]) -> Path:
    """``write_output`` of the bytes ``chunks`` yields (a stored file read in steps), never held whole in memory;
    whatever ``chunks`` raises (a stored file found altered at its end) leaves nothing at ``path``."""
    staged = StagedOutput(path)
    try:
        staged.write_steps(chunks)
        return staged.finish()
    finally:
        staged.discard()


class StagedOutput:
    """A file written whole beside its target under a ``.part`` name, put in place by ``finish``: the work the file
    belongs to (an issue taking a 文号) is saved between the two, so that a disk too full to take the file fails the
    work instead of leaving it done without its file."""

    def __init__(self, path: str):
        self.target = check_output(path)
        remove_stale_parts(self.target.parent)
        self.partial = self.target.with_name(f"{self.target.name}.ws{os.getpid()}.part")

    def write(self, data: bytes) -> None:
        """Write ``data`` under the ``.part`` name, flushed to the disk."""
        try:
            self.partial.write_bytes(data)
            _flush(self.partial)
        except OSError as exc:
            self._refuse(exc)

    def write_steps(self, chunks: Iterable[bytes]) -> None:
        """Write the bytes ``chunks`` yields, a step at a time, under the ``.part`` name, flushed to the disk."""
        try:
            with open(self.partial, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            _flush(self.partial)
        except OSError as exc:
            self._refuse(exc)

    def put(self, data: bytes, cancel=None, step: Callable[[int], None] | None = None) -> Path:
        """Write ``data`` and give the file its name (``write``, ``finish``), ``cancel`` (a ``progress.CancelToken``,
        or None) looked at before each — after the second the file is put in place whole —; ``step`` hears 1 once
        it is written and 2 once in place (a progress report). Returns the target."""
        from workstation.progress import check_cancel

        check_cancel(cancel)
        self.write(data)
        if step is not None:
            step(1)
        check_cancel(cancel)  # the last moment to stop
        written = self.finish()
        if step is not None:
            step(2)
        return written

    def finish(self) -> Path:
        """Give the written file its name; returns the target."""
        try:
            self.partial.replace(self.target)
        except OSError as exc:
            self._refuse(exc)
        return self.target

    def discard(self) -> None:
        """Remove the ``.part`` file if it is still there (the work failed, or it was put in place)."""
        exc = remove_quietly(self.partial)
        if exc is not None:  # a stick pulled out: the refusal being reported matters more; a .part is never
            LOG.warning("partial output not removed: %s", exc.strerror)  # taken for the file

    def _refuse(self, exc: OSError):
        self.discard()
        raise WorkstationError(with_advice(_("{file} cannot be written: {reason}").format(
            file=self.target, reason=os_reason(exc)), exc, self.target.parent, elsewhere=True)) from None


def remove_stale_parts(folder: Path) -> list[str]:
    """Remove the files that programs killed while writing into ``folder`` left half-written (``PART``: named with
    the id of a process that is gone, ``writer_gone``); a ``.part`` named otherwise is not the program's and stays,
    and so does one of a program still writing it. Returns their names; one that cannot be removed is left for the
    next write."""
    try:
        candidates = [path for path in Path(folder).glob("*.ws*.part") if PART.match(path.name)]
    except OSError:
        return []
    removed = []
    for path in candidates:
        if not writer_gone(int(PART.match(path.name)["pid"]), path):
            continue
        try:
            if path.is_file():
                path.unlink()
                removed.append(path.name)
        except OSError:
            continue
    if removed:
        LOG.info("%d half-written files of killed programs removed", len(removed))
    return removed


# how far the clock of the machine holding a folder (a network share) may run behind this one's, so that a file a
# program is writing there now may say it was last written this long before the program started
SHARE_CLOCK_SKEW = 15 * 60.0


def writer_gone(pid: int, path: Path) -> bool:
    """Whether the process ``pid`` that named ``path`` after itself can no longer be writing it: none runs under that
    id; or the one that does is a zombie (killed, not yet waited for by what started it); or it started well after
    ``path`` was last written (its id taken since by another program) — by more than a share's clock may run behind
    (``SHARE_CLOCK_SKEW``) and the coarsest file times (``filestore.MTIME_STEP``). False where the system does not
    tell (no /proc), this process, or a process of that id alive."""
    from workstation.filestore import MTIME_STEP
    from workstation.repair import process_alive, process_start_time, process_zombie

    if pid == os.getpid():
        return False
    if not process_alive(pid) or process_zombie(pid):
        return True
    began = process_start_time(pid)
    try:
        written = path.stat().st_mtime
    except OSError:
        return False
    return began is not None and began > written + SHARE_CLOCK_SKEW + MTIME_STEP


def _flush(path: Path) -> None:
    """Put the written bytes on the disk before the rename makes them the file (a power cut after the rename
    must not leave an empty file); a full disk can surface only here."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
