"""Small files of a data directory that two programs may change at once (two copies of the workstation, or a
command run beside the window): ``keyring.json`` and ``backup.json``. A change holds the file's lock (a
``.lock`` file beside it) while it reads the file again, changes it and writes it, so one program never writes
over the other's change; the file is written whole or not at all, so a reader never sees half of it."""

from __future__ import annotations

import errno
import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import _

LOG = logging.getLogger(__name__)
LOCK_WAIT = 10.0  # seconds: another program holds the lock only while it writes the file


#: what a file system says when it cannot flush a folder at all (some FUSE, network and exFAT mounts): EINVAL as
#: Linux documents it for a descriptor that "does not support synchronization", EBADF where a folder opened to read
#: may not be flushed
_NO_FOLDER_FSYNC = frozenset(getattr(errno, name) for name in ("EINVAL", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EBADF")
                             if hasattr(errno, name))


def fsync_dir(folder: Path) -> None:
    """Make the renames and new names in ``folder`` durable before the next step (POSIX; on Windows a rename
    stands alone). Every caller flushes the files themselves first; this only asks the disk to keep their names
    too, so a file system that cannot flush a folder at all (``_NO_FOLDER_FSYNC``) is let be: the work stands as
    the rename left it there, and refusing it would fail every export or backup onto such a USB stick or share. A
    folder the disk fails to flush (EIO, a full disk) is still an OSError."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FOLDER_FSYNC:
            raise
        LOG.info("folder not flushed: its file system does not support it (%s)", errno.errorcode.get(exc.errno, exc.errno))
    finally:
        os.close(fd)


def try_lock(fd: int) -> bool:
    """Take the lock on the open file ``fd`` without waiting: False when another holder has it."""
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock_fd(fd: int) -> None:
    """Give back the lock ``try_lock`` took on ``fd`` (where closing ``fd`` does not)."""
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    # elsewhere closing the descriptor releases the lock


@contextmanager
def exclusive(lock: Path, subject: Path):
    """Hold ``lock`` while reading, changing and writing ``subject``: waits for another program's change (up to
    ``LOCK_WAIT`` seconds, then a WorkstationError naming ``subject``). Each holder opens the lock file anew, so
    two threads of one program wait for each other too."""
    lock = Path(lock)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise cannot_write(subject, exc) from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while not try_lock(fd):
            if time.monotonic() > deadline:
                raise WorkstationError(_("{path} is being changed by another running copy of the workstation: try "
                                         "again in a moment.").format(path=subject))
            time.sleep(0.02)
        try:
            yield
        finally:
            unlock_fd(fd)
    finally:
        os.close(fd)


def cannot_write(path: Path, exc: OSError) -> WorkstationError:
    """The refusal of a write into ``path``: on a read-only disk what to do about it, else the system's reason."""
    import errno

    if getattr(exc, "errno", None) == errno.EROFS:
        from workstation.data_folder import read_only_disk_message

        return WorkstationError(read_only_disk_message(Path(path).parent))
    return WorkstationError(_("{path} cannot be written: {reason}").format(path=path, reason=os_reason(exc)))


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, readable by the owner only: into ``<name>.part``, flushed
    to the disk, then renamed over ``path``. The caller holds the file's lock (``exclusive``), so the ``.part`` is
    its own. A WorkstationError naming ``path`` when it cannot be written; ``path`` is then as it was."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(path)
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only folder refuses even this, and a folder of that name is no file of ours
        raise cannot_write(path, exc) from None
