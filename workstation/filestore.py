"""The content-addressed file store under ``<data dir>/files``: a file is kept once under its sha256
(files/ab/abcdef…), written whole or not at all, and never changed; the ``files`` table lists what is there.

In an encrypted data directory each file is kept sealed with AES-256-GCM under a key derived from the database
key (MAGIC, a random 12-byte nonce, the ciphertext; its sha256 is the associated data), so the disk holds no
plaintext; reading it opens the seal and checks the sha256."""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from workstation.db import Database
from workstation.errors import WorkstationError, os_reason, with_advice
from workstation.i18n import _
from workstation.output import remove_quietly
from workstation.records import now

SEALED = b"WSF1"
# when this process loaded the file store's code: every file it puts into the store is written (or, adopted, has its
# time set) after this, so a file of the store last changed before it is none of this process's (``unnamed_files``)
LOADED = time.time()


def file_path(data_dir: Path, sha256: str) -> Path:
    return Path(data_dir) / "files" / sha256[:2] / sha256


class StoredFileError(WorkstationError):
    """A stored file gone from the data folder (``missing``) or no longer what was stored: ``sha256`` names it, so
    that the caller knowing which record holds it (a bundle's export: ``writer.stored_file_refusal``) can say so."""

    def __init__(self, message: str, sha256: str, *, missing: bool):
        super().__init__(message)
        self.sha256, self.missing = sha256, missing


def _altered(sha256: str) -> WorkstationError:
    """A stored file no longer what was stored: adding the original file again replaces it (``store_stream``, as
    ``add_evidence`` does), else a backup puts it back."""
    return StoredFileError(_("Stored file {name} was altered: add the original file again (its stored copy is "
                             "replaced from it), or restore the data folder from a backup.").format(
        name=sha256[:12]), sha256, missing=False)


def _mismatch(sha256: str) -> WorkstationError:
    """An incoming file (a bundle's) whose bytes do not give the sha256 it is named by."""
    return WorkstationError(_("File {name} does not match its sha256: it was altered.").format(name=sha256[:12]))


def files_key(data_dir: Path) -> bytes | None:
    """The key the stored files are sealed with, None for plaintext data (reads the keyring: ask once for many
    files)."""
    from workstation.security.session import subkey

    return subkey(data_dir, "files")


def seal(key: bytes | None, data: bytes, digest: str) -> bytes:
    """``data`` as kept on the disk: sealed when there is a key, as it is when there is none."""
    if key is None:
        return data
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return SEALED + nonce + AESGCM(key).encrypt(nonce, data, digest.encode("ascii"))


def unseal(key: bytes | None, stored: bytes, digest: str) -> bytes:
    if key is None:
        return stored
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not stored.startswith(SEALED):
        raise _altered(digest)
    try:
        return AESGCM(key).decrypt(stored[4:16], stored[16:], digest.encode("ascii"))
    except InvalidTag:
        raise _altered(digest) from None


def kept_already(target: Path) -> bool:
    """Whether the store holds ``target`` already, so that it is named again rather than written: its time is set to
    now, so that the removal of the files no record names (``repair.remove_unnamed_files``) leaves it alone until
    the record naming it is committed; gone meanwhile (that removal took it), it is written again."""
    try:
        os.utime(target)
    except FileNotFoundError:
        return False
    except OSError:  # a read-only store: nothing is removed from it either
        return target.exists()
    return True


def _write_partial(partial: Path, data: bytes, flush: bool) -> None:
    with open(partial, "wb") as fh:
        fh.write(data)
        if flush:
            fh.flush()
            os.fsync(fh.fileno())


class StoreError(WorkstationError):
    """The file store could not be written (a full or read-only disk), or the file changed while it was copied
    in: nothing of it was kept."""


def _refused(folder: Path, exc: OSError, data_dir: Path) -> StoreError:
    return StoreError(with_advice(_("The file store {folder} cannot be written: {reason}").format(
        folder=folder, reason=os_reason(exc)), exc, data_dir))


def _make_folder(folder: Path) -> bool:
    """Make the folder of a file's first two hex digits; whether it was made (False: it was there already)."""
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        return False
    return True


def _drop_folder(folder: Path) -> None:
    """Remove a folder made for a file that was not kept after all, when nothing else went into it meanwhile."""
    try:
        folder.rmdir()
    except OSError:
        pass


def _put(data_dir: Path, data: bytes, digest: str, flush: bool) -> Path | None:
    """Write ``data`` under its digest unless it is there already; returns the path written (None if present).
    A failure leaves nothing behind: neither the partial file nor the folder made for it."""
    target = file_path(data_dir, digest)
    if kept_already(target):
        return None
    partial = target.with_name(target.name + ".part")
    made = False
    try:
        try:
            _write_partial(partial, data, flush)
        except FileNotFoundError:  # its folder does not exist yet (or was removed): make it, once
            made = _make_folder(target.parent)
            _write_partial(partial, data, flush)
        partial.replace(target)
    except OSError as exc:
        remove_quietly(partial)  # the refusal reported matters more; the start's sweep removes what is left
        if made:
            _drop_folder(target.parent)
        raise _refused(target.parent, exc, data_dir) from None
    return target


class _Adding:
    """A file being copied into the store in steps (``_adding``): its partial file, the folder the disk's refusal
    names, and whether ``place`` made the folder of the file's first two hex digits."""

    def __init__(self, partial: Path, folder: Path):
        self.partial, self.folder, self.made = partial, folder, False

    def place(self, target: Path) -> None:
        """Rename the partial file under ``target``, making its folder when there is none yet."""
        self.made = _make_folder(target.parent)
        self.partial.replace(target)


@contextmanager
def _adding(data_dir: Path, folder: Path | None = None) -> Iterator[_Adding]:
    """A partial file of the store (files/.adding-<pid>-<uuid>.part, which the start's sweep removes when a copy-in
    was killed midway) to copy a file into and ``place`` under its sha256. A failure inside the ``with`` leaves
    nothing behind — neither the partial file nor a folder ``place`` made — and a refusal of the disk (OSError) is
    raised as the StoreError naming ``folder`` (the file's folder, set once known; default the store's own)."""
    partial = data_dir / "files" / f".adding-{os.getpid()}-{uuid.uuid4().hex}.part"
    adding = _Adding(partial, folder or partial.parent)
    try:
        partial.parent.mkdir(parents=True, exist_ok=True)
        yield adding
    except BaseException as exc:
        remove_quietly(partial)  # the refusal reported matters more; the start's sweep removes what is left
        if adding.made:
            _drop_folder(adding.folder)
        if isinstance(exc, OSError):
            raise _refused(adding.folder, exc, data_dir) from None
        raise


def _write_chunks(partial: Path, chunks: Iterable[bytes], flush: bool) -> None:
    with open(partial, "wb") as fh:
        for chunk in chunks:
            fh.write(chunk)
        if flush:
            fh.flush()
            os.fsync(fh.fileno())


def _put_steps(data_dir: Path, key: bytes | None, chunks: Iterable[bytes], expected: str) -> Path | None:
    """Write the bytes ``chunks`` yields under ``expected``, their sha256 known beforehand (so sealed in the same
    pass that hashes them), into a partial file of the store renamed once they hashed so; returns the path written
    (None if present: ``chunks`` is not read). A failure, or bytes of another sha256, leaves nothing behind. Not
    flushed: the caller syncs (``sync_files``)."""
    target = file_path(data_dir, expected)
    if kept_already(target):
        return None
    hasher = hashlib.sha256()

    def hashed() -> Iterator[bytes]:
        for chunk in chunks:
            hasher.update(chunk)
            yield chunk

    with _adding(data_dir, target.parent) as adding:
        _write_chunks(adding.partial, hashed() if key is None else seal_steps(key, hashed(), expected), flush=False)
        if hasher.hexdigest() != expected:
            raise _mismatch(expected)
        adding.place(target)
    return target


def seal_steps(key: bytes, chunks: Iterable[bytes], digest: str) -> Iterator[bytes]:
    """``chunks`` sealed as ``seal`` seals them whole (MAGIC, nonce, ciphertext, tag), one chunk at a time."""
    import secrets

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    nonce = secrets.token_bytes(12)
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(digest.encode("ascii"))
    yield SEALED + nonce
    for chunk in chunks:
        yield encryptor.update(chunk)
    yield encryptor.finalize() + encryptor.tag


def changed_while_stored() -> StoreError:
    """The refusal of a file that changed while it was being copied into the store (another program still writing
    it): nothing of it was kept."""
    return StoreError(_("it changed while it was being stored: add it again once nothing is writing to it."))


class Stored(NamedTuple):
    """What ``store_stream`` kept: the sha256 and size of the bytes, the path written (None when the store held them
    already, intact) and whether that path replaced a copy found damaged (``repaired``)."""

    sha256: str
    size: int
    written: Path | None
    repaired: bool = False


#: what sealing adds to a file's size (MAGIC, nonce, tag): a copy of another size than the bytes stored or this more
#: is not what was stored (``copy_state``)
SEAL_OVERHEAD = len(SEALED) + 12 + 16


def _disk_size(size: int, sealed: bool) -> int:
    """The bytes a stored copy of ``size`` bytes takes on the disk: ``SEAL_OVERHEAD`` more when it is sealed."""
    return size + (SEAL_OVERHEAD if sealed else 0)


def copy_state(data_dir: Path, sha256: str, size: int) -> str | None:
    """How the stored copy of ``size`` bytes under ``sha256`` looks without reading it: ``"missing"`` (gone from the
    data folder), ``"damaged"`` (not of the size stored, sealed or not), else None — None too when it cannot be
    looked at (reading it says what is wrong). A copy altered in place keeps its size: only reading it tells
    (``intact``)."""
    import stat

    try:
        info = file_path(Path(data_dir), sha256).stat()
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return "missing"
    return None if info.st_size in (_disk_size(size, False), _disk_size(size, True)) else "damaged"


def intact(data_dir: Path, sha256: str, size: int, key: bytes | None,
           checking: Callable[[int, int], None] | None = None) -> bool:
    """Whether the stored copy under ``sha256`` holds the ``size`` bytes it is named by: of the size they take on
    the disk (sealed with ``key`` or not), then read back in steps and hashed (``stored_chunks``, the seal's tag
    checked), ``checking`` told the bytes read so far and the ``size`` after each step (a recording of hundreds of
    MB takes a while: its progress shown, a Cancel it raises heard)."""
    try:
        if file_path(Path(data_dir), sha256).stat().st_size != _disk_size(size, key is not None):
            return False
        done = 0
        for chunk in stored_chunks(data_dir, sha256, key):
            done += len(chunk)
            if checking is not None:
                checking(done, size)
    except (OSError, StoredFileError):
        return False
    return True


def store_stream(data_dir: Path, chunks: Callable[[int, int], Iterable[bytes]],
                 checking: Callable[[int, int], None] | None = None) -> Stored:
    """Keep the bytes ``chunks(n, passes)`` yields (a file being read in steps, the n-th of ``passes`` readings)
    without holding them in memory: hashed while they are copied into a partial file of the store, flushed to the
    disk and renamed under their sha256. In a plaintext data directory it is read once, ``chunks(1, 1)``; in an
    encrypted one the seal binds the sha256, so it is read twice, first to hash (``chunks(1, 2)``), then sealed as it
    is copied (``chunks(2, 2)``): each reading reports its half of one progress; bytes that changed in between are
    refused. Returns (sha256, size, the path written — None when the store held the file already, whether it
    replaced a damaged copy: ``Stored``); the caller registers it (``register_file``) in its transaction. A copy held
    already is checked (``intact``: its size, then its bytes hashed): one no longer what was stored (altered or cut
    short on the disk) is replaced by the bytes just copied and hashed, in one rename, and said so (``repaired``)
    — the original file given again puts it right, as it puts back a copy gone; ``checking`` hears of that reading
    as ``intact`` tells it (what it raises, a Cancel, leaves nothing behind). A failure (StoreError naming the
    store, or whatever ``chunks`` raised) leaves nothing behind."""
    data_dir = Path(data_dir)
    key = files_key(data_dir)
    passes = 1 if key is None else 2
    expected = None
    if key is not None:
        expected = hashlib.sha256()
        for chunk in chunks(1, passes):
            expected.update(chunk)
    hasher, size = hashlib.sha256(), 0

    def hashed() -> Iterator[bytes]:
        nonlocal size
        for chunk in chunks(passes, passes):
            hasher.update(chunk)
            size += len(chunk)
            yield chunk

    with _adding(data_dir) as adding:
        _write_chunks(adding.partial, hashed() if key is None else seal_steps(key, hashed(), expected.hexdigest()),
                      flush=True)
        digest = hasher.hexdigest()
        if expected is not None and digest != expected.hexdigest():
            raise changed_while_stored()
        target = file_path(data_dir, digest)
        adding.folder = target.parent
        if kept_already(target):
            if intact(data_dir, digest, size, key, checking):
                adding.partial.unlink()
                return Stored(digest, size, None)
            adding.partial.replace(target)  # the damaged copy replaced whole, at once
            return Stored(digest, size, target, True)
        adding.place(target)
    return Stored(digest, size, target)


def remove_stored(path: Path | None) -> None:
    """Remove a file ``store_stream`` wrote whose record was not kept after all (its transaction rolled back), and
    its folder when nothing else is in it."""
    if path is None:
        return
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return
    _drop_folder(path.parent)


def register_file(db: Database, digest: str, size: int, media_type: str) -> None:
    """The ``files`` row of a stored file (inside the caller's transaction; kept once)."""
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)",
               [digest, size, media_type, now()])


def store_file(db: Database, data_dir: Path, data: bytes, media_type: str) -> str:
    """Keep ``data`` (inside the caller's transaction for its ``files`` row), flushed to the disk; returns its
    sha256."""
    digest = hashlib.sha256(data).hexdigest()
    _put(Path(data_dir), seal(files_key(data_dir), data, digest), digest, flush=True)
    register_file(db, digest, len(data), media_type)
    return digest


class FileBatch:
    """Many files kept at once (a bundle's documents): each is hashed and written by a few worker threads while
    the caller goes on, its ``files`` row inserted by the caller's thread (inside its transaction); ``finish``
    waits for the writes, raises the first failure, and flushes them all to the disk with one ``sync`` — call it
    before committing the records that name the files."""

    WORKERS = 4
    PENDING = 16  # files held in memory waiting to be written, at most

    def __init__(self, db: Database, data_dir: Path):
        from concurrent.futures import ThreadPoolExecutor

        self.db, self.data_dir = db, Path(data_dir)
        self._key = files_key(data_dir)
        self._pool = ThreadPoolExecutor(self.WORKERS, thread_name_prefix="filestore")
        self._futures: list = []
        self._written: list[Path] = []

    def put(self, data: bytes, media_type: str, expected: str) -> None:
        """Keep ``data``, which must hash to ``expected`` (else ``finish`` refuses the batch)."""
        while len(self._futures) >= self.PENDING:
            self._collect(self._futures.pop(0))
        self._futures.append(self._pool.submit(self._write, data, expected))
        register_file(self.db, expected, len(data), media_type)

    def put_steps(self, chunks: Iterable[bytes], size: int, media_type: str, expected: str) -> None:
        """Keep the bytes ``chunks`` yields (a bundle's recording of hundreds of MB, read in steps), which must hash
        to ``expected``: written here and now, a step at a time (sealed so in an encrypted data directory), never
        held whole; bytes that do not hash so are refused, and nothing of them is left."""
        path = _put_steps(self.data_dir, self._key, chunks, expected)
        if path is not None:
            self._written.append(path)
        register_file(self.db, expected, size, media_type)

    def adopt(self, staged: Path, size: int, media_type: str, expected: str) -> None:
        """Move a file already checked against ``expected`` (a bundle's staged copy) into the store (plaintext
        data directories only: an encrypted one never stages plaintext)."""
        if self._key is not None:
            raise WorkstationError(_("A plaintext file cannot be adopted into an encrypted file store."))
        target = file_path(self.data_dir, expected)
        if not kept_already(target):
            made = False
            try:
                try:
                    staged.replace(target)
                except FileNotFoundError:
                    made = _make_folder(target.parent)
                    staged.replace(target)
            except OSError as exc:
                if made:
                    _drop_folder(target.parent)
                raise _refused(target.parent, exc, self.data_dir) from None
            self._written.append(target)
            try:  # placed now: the staged copy's time would make it look older than this process (``LOADED``)
                os.utime(target)
            except OSError:
                pass
        register_file(self.db, expected, size, media_type)

    def _write(self, data: bytes, expected: str) -> Path | None:
        if hashlib.sha256(data).hexdigest() != expected:
            raise _mismatch(expected)
        return _put(self.data_dir, seal(self._key, data, expected), expected, flush=False)

    def _collect(self, future) -> None:
        path = future.result()
        if path is not None:
            self._written.append(path)

    def finish(self) -> None:
        try:
            while self._futures:
                self._collect(self._futures.pop(0))
        finally:
            self.close()
        sync_files(self._written)

    def close(self) -> None:
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._futures.clear()

    def discard(self) -> None:
        """Remove the files this batch put into the store (none of them was there before it) and the folders made
        for them: the transaction naming them was rolled back, so nothing may be left of it."""
        futures, self._futures = self._futures, []
        self._pool.shutdown(wait=True, cancel_futures=True)
        for future in futures:
            if future.done() and not future.cancelled() and future.exception() is None and future.result():
                self._written.append(future.result())
        for path in self._written:
            try:
                path.unlink(missing_ok=True)
                path.parent.rmdir()  # the folder of its first two hex digits, when nothing else is in it
            except OSError:
                pass
        self._written.clear()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None:
            self.discard()
        else:
            self.close()


def named_files(db: Database) -> set[str]:
    """The sha256 of every stored file a row names: the ``files`` table, where each file of the store is registered
    in the transaction of the record naming it, and — so that no file a record names is ever taken for an unnamed
    one — every column of any table declared as referring to it (``documents.pdf_sha256``, ``evidence.sha256``)."""
    named = {row[0] for row in db.execute("SELECT sha256 FROM files")}
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for key in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if key[2] == "files":
                named.update(row[0] for row in db.execute(f'SELECT "{key[3]}" FROM "{table}"') if row[0])
    return named


_STORED_NAME = re.compile(r"[0-9a-f]{64}")
# the coarsest clock of a file system's file times (FAT's 2 s): a file written at t may say it was written up to this
# much earlier
MTIME_STEP = 2.0


def stored_paths(data_dir: Path) -> list[Path]:
    """The files of the store by their names (``files/<xx>/<sha256>``, its first two hex digits the folder's name):
    not the partial files, nor anything else put in its folders."""
    root = Path(data_dir) / "files"
    found = []
    try:
        with os.scandir(root) as entries:
            folders = sorted((e for e in entries if len(e.name) == 2 and e.is_dir()), key=lambda e: e.name)
    except OSError:
        return []
    for folder in folders:
        try:
            entries = sorted(os.scandir(folder.path), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if _STORED_NAME.fullmatch(entry.name) and entry.name[:2] == folder.name and entry.is_file():
                found.append(Path(entry.path))
    return found


def unnamed_files(db: Database, data_dir: Path) -> list[tuple[Path, int, float]]:
    """The files of the store (``stored_paths``) whose sha256 no row names (``named_files``, read after the store is
    listed: a file committed meanwhile counts as named), each with its size and the time it was last changed: what a
    program killed between putting a file into the store and committing the record naming it left (an evidence add,
    a bundle's merge). A file being added by a running program is among them until its record is committed."""
    paths = stored_paths(data_dir)
    named = named_files(db)
    found = []
    for path in paths:
        if path.name in named:
            continue
        try:
            info = path.stat()
        except OSError:  # gone meanwhile
            continue
        found.append((path, info.st_size, info.st_mtime))
    return found


def sync_files(paths: list[Path]) -> None:
    """Flush files written without their own flush to the disk: one ``sync`` of the file systems where the
    platform has it, else each file in turn."""
    if not paths:
        return
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


_ASK = object()
READ_STEP = 1 << 20  # a stored file read back in steps (``stored_chunks``) is held a MiB at a time


def read_file(data_dir: Path, sha256: str, key=_ASK) -> bytes:
    """The stored bytes (opened when sealed), checked against their sha256 (a changed file is refused); ``key``
    is ``files_key(data_dir)`` when the caller reads many files."""
    path = file_path(data_dir, sha256)
    try:
        stored = path.read_bytes()
    except OSError as exc:
        raise StoredFileError(_("Stored file {name} is missing: restore the data directory from a backup.")
                              .format(name=sha256[:12]), sha256, missing=True) from exc
    data = unseal(files_key(data_dir) if key is _ASK else key, stored, sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _altered(sha256)
    return data


def stored_chunks(data_dir: Path, sha256: str, key=_ASK) -> Iterator[bytes]:
    """The stored bytes in steps of ``READ_STEP`` (opened when sealed), never the whole file in memory: a recording
    of hundreds of MB is saved elsewhere, put into a bundle or checked this way. Its sha256 (and the seal's tag) is
    checked once the last step is read, so a changed file is refused only then: what the caller made of the steps
    before is to be thrown away (written under a partial name, put in place once the steps ran out). ``key`` is
    ``files_key(data_dir)`` when the caller reads many files or reads on a worker thread."""
    key = files_key(data_dir) if key is _ASK else key
    hasher = hashlib.sha256()
    try:
        with open(file_path(data_dir, sha256), "rb") as fh:
            for chunk in _plain_steps(fh) if key is None else _opened_steps(fh, key, sha256):
                hasher.update(chunk)
                yield chunk
    except OSError as exc:
        raise StoredFileError(_("Stored file {name} is missing: restore the data directory from a backup.")
                              .format(name=sha256[:12]), sha256, missing=True) from exc
    if hasher.hexdigest() != sha256:
        raise _altered(sha256)


def _plain_steps(fh) -> Iterator[bytes]:
    while chunk := fh.read(READ_STEP):
        yield chunk


def _opened_steps(fh, key: bytes, digest: str) -> Iterator[bytes]:
    """A file sealed as ``seal`` (MAGIC, nonce, ciphertext, tag) or ``seal_steps`` seal it, opened a step at a time:
    its tag, at the end, is read first and checked once the last step is through."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    size = os.fstat(fh.fileno()).st_size
    head = fh.read(16)
    if size < 32 or not head.startswith(SEALED):
        raise _altered(digest)
    fh.seek(size - 16)
    tag = fh.read(16)
    fh.seek(16)
    decryptor = Cipher(algorithms.AES(key), modes.GCM(head[4:], tag)).decryptor()
    decryptor.authenticate_additional_data(digest.encode("ascii"))
    left = size - 32
    while left:
        chunk = fh.read(min(READ_STEP, left))
        if not chunk:  # cut short while it was read
            raise _altered(digest)
        left -= len(chunk)
        yield decryptor.update(chunk)
    try:
        decryptor.finalize()
    except InvalidTag:
        raise _altered(digest) from None
