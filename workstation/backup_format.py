"""The backup file and its reading and writing: a header, then the payload — a tar stream of the database copy,
the stored files, the station's keys and a manifest of their sha256 — encrypted in chunks with AES-256-GCM when
the data directory is encrypted.

Layout: MAGIC (8 bytes), the header's length (4 bytes, big-endian), the header (UTF-8 JSON), zero bytes up to
the header's ``header_size`` (``HEADER_SIZE`` when it does not say; a multiple of it, larger when the keyring it
carries needs the room), then ``payload_size`` bytes of payload. The header tells what an officer needs to choose
a backup (created, station id, encrypted or not), carries the keyring of encrypted data (the database key sealed
per officer), the sha256 of the stored payload and of the manifest (never the members' names) and a checksum of
itself. Encrypted chunks are a 4-byte length and the ciphertext; the nonce holds the chunk's counter and a
last-chunk flag and the header's random salt is the associated data, so a changed, reordered, dropped or
truncated chunk, or a chunk taken from another backup, fails to open."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import tarfile
from pathlib import Path
from typing import BinaryIO

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import _
from workstation.progress import CancelToken, ProgressFn

MAGIC = b"WSBACKUP"
FORMAT = "workstation-backup"
VERSION = 1
HEADER_SIZE = 4096
MAX_HEADER = 1 << 20  # room for the keyring of thousands of officers; a larger header is no backup of ours
SUFFIX = ".wsbackup"
CHUNK = 1 << 20
AAD = b"workstation backup v1"
MANIFEST = "manifest.json"
DATABASE_MEMBER = "workstation.db"
FILE_MEMBER = re.compile(r"^files/([0-9a-f]{2})/(\1[0-9a-f]{62})$")
# the station's private keys (PKCS#8, encrypted under the database key when the data is)
STATION_MEMBER = re.compile(r"^station/(sign|box)\.key$")
_PREFIX = len(MAGIC) + 4


class BackupRefused(WorkstationError):
    """A backup cannot be made, read or restored; the message names the file and says why."""


class BackupNotRecorded(BackupRefused):
    """The backup was written in full and can be restored, but ``backup.json`` could not record it."""


class NotABackup(BackupRefused):
    """A file that is no workstation backup (a PDF chosen by mistake): ``message`` says what to choose instead and
    where the backups are listed on the command line, ``window_message`` in the window; ``reason`` only says what
    the file is not (the list of backups shows it beside the file)."""

    def __init__(self, name: str):
        self.reason = _("{file} is not a workstation backup.").format(file=name)
        joined = self.reason + ("" if self.reason.endswith("。") else " ")  # the name's own spaces untouched
        super().__init__(joined + _("Choose a backup file (its name ends in .wsbackup): `backup list` lists the "
                                    "backups in the backup folder."))
        self.window_message = joined + _("Choose a backup file (its name ends in .wsbackup): File → Backups… lists "
                                         "the backups in the backup folder.")


def damaged(name: str) -> BackupRefused:
    return BackupRefused(_("{file} is damaged: its content does not match its checksums. Use another backup.")
                         .format(file=name))


def truncated(name: str) -> BackupRefused:
    return BackupRefused(_("{file} is truncated: it is shorter than its header says. Copy it again or use another "
                           "backup.").format(file=name))


def restore_elsewhere(path: Path) -> str:
    """The way out for a backup refused as another station's: restore it into a new data directory (the backup
    brings the station's keys and, when encrypted, its keyring). Said for the command line."""
    return _("To set up that station's data on this laptop, restore the backup into a new data directory instead: "
             "run `backup restore \"{path}\" --data-dir NEW_FOLDER`, or start the workstation with `--data-dir "
             "NEW_FOLDER` and choose {button} in its first-start dialog.").format(
        path=path, button=_("Restore from a backup…"))


def restore_elsewhere_in_window(path: Path) -> str:
    """The same way out as the window says it: its own first-start dialog first, the command only as an aside."""
    return _("To use that station's data on this laptop, start the workstation on a new, empty data folder and choose "
             "{button} in its first-start dialog (the workstation opens another data folder when started with "
             "`--data-dir NEW_FOLDER`; from the command line the same restore is `backup restore \"{path}\" "
             "--data-dir NEW_FOLDER`).").format(path=path, button=_("Restore from a backup…"))


class ForeignBackup(BackupRefused):
    """A backup refused because it is another station's (or was sealed under another key): ``message`` gives the
    way out on the command line, ``window_message`` the window's way."""

    def __init__(self, message: str, window_message: str):
        super().__init__(message)
        self.window_message = window_message


def foreign_backup(template: str, path: Path, **fields) -> ForeignBackup:
    """The refusal of ``template`` (translated, with a ``{hint}``) for the backup at ``path``, in both wordings."""
    return ForeignBackup(template.format(hint=restore_elsewhere(path), **fields),
                         template.format(hint=restore_elsewhere_in_window(path), **fields))


def valid_member(name: str) -> bool:
    """Only the names a backup writes: nothing that could land outside the staging folder."""
    return name in (DATABASE_MEMBER, MANIFEST) or FILE_MEMBER.match(name) is not None or \
        STATION_MEMBER.match(name) is not None


def header_check(header: dict) -> str:
    fields = {k: v for k, v in header.items() if k != "check"}
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def header_room(header: dict) -> int:
    """The bytes to reserve for ``header`` before the payload: ``HEADER_SIZE``, or a multiple of it with room for
    what the header gains once the payload is written (sizes and hashes)."""
    text = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return -(-(len(text) + _PREFIX + 1024) // HEADER_SIZE) * HEADER_SIZE


def encode_header(header: dict) -> bytes:
    size = int(header.get("header_size", HEADER_SIZE))
    body = json.dumps({**header, "check": header_check(header)}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if len(body) > size - _PREFIX:
        raise ValueError("backup header too long")
    return MAGIC + struct.pack(">I", len(body)) + body + b"\0" * (size - _PREFIX - len(body))


def read_header(path) -> dict:
    """The checked header of the backup at ``path``; BackupRefused naming the file when it is not a backup, was
    written by a newer version, or is damaged or truncated."""
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEADER_SIZE)
            size = fh.seek(0, 2)
            if not head.startswith(MAGIC[:len(head)]) or not head:
                raise NotABackup(name)
            if len(head) < HEADER_SIZE:
                raise truncated(name)
            (length,) = struct.unpack(">I", head[len(MAGIC):_PREFIX])
            if _PREFIX + length > MAX_HEADER:
                raise damaged(name)
            if _PREFIX + length > HEADER_SIZE:  # a header that carries a large keyring
                fh.seek(HEADER_SIZE)
                head += fh.read(_PREFIX + length - HEADER_SIZE)
                if len(head) < _PREFIX + length:
                    raise truncated(name)
            try:
                header = json.loads(head[_PREFIX:_PREFIX + length].decode("utf-8"))
            except ValueError:
                raise damaged(name) from None
            if not isinstance(header, dict) or header.get("check") != header_check(header):
                raise damaged(name)
            room = header.get("header_size", HEADER_SIZE)
            if type(room) is not int or room % HEADER_SIZE or not _PREFIX + length <= room <= MAX_HEADER:
                raise damaged(name)
            if room > len(head):
                fh.seek(len(head))
                head += fh.read(room - len(head))
            if head[_PREFIX + length:room].strip(b"\0"):
                raise damaged(name)
    except OSError as exc:
        raise BackupRefused(_("{file} cannot be read: {reason}").format(file=name, reason=os_reason(exc))) from None
    if header.get("format") != FORMAT:
        raise NotABackup(name)
    if header.get("version") != VERSION:
        raise BackupRefused(_("{file} was written by a newer version of the workstation: install it to restore "
                              "this backup.").format(file=name))
    if not _well_formed(header):  # a header altered and its check computed again: as damaged as a wrong check
        raise damaged(name)
    expected = room + header["payload_size"]
    if size < expected:
        raise truncated(name)
    if size > expected:
        raise damaged(name)
    return header


_HEX64 = re.compile(r"[0-9a-f]{64}")


def _well_formed(header: dict) -> bool:
    """Whether the fields of a backup's header that reading and restoring it use hold what a backup writes there
    (each of the right type, sizes not below 0, digests and salt in hex)."""
    def count(key: str, required: bool = False) -> bool:
        value = header.get(key)
        return (key not in header and not required) or (type(value) is int and value >= 0)

    def text(key: str, required: bool = True) -> bool:
        return isinstance(header.get(key), str) or (header.get(key) is None and not required)

    salt = header.get("salt")
    return count("payload_size", True) and count("members") and count("files") and \
        type(header.get("encrypted")) is bool and text("created") and text("station", False) and \
        text("station_name", False) and text("station_fingerprint", False) and \
        all(isinstance(header.get(k), str) and _HEX64.fullmatch(header[k]) for k in ("payload_sha256",
                                                                                    "manifest_sha256")) and \
        isinstance(salt, str) and re.fullmatch(r"(?:[0-9a-f]{2})+", salt) is not None and \
        _carried_keyring_well_formed(header.get("keyring"))


def _carried_keyring_well_formed(carried) -> bool:
    """Whether the keyring a header carries is none, or its entries a list of entries as a keyring holds them
    (an altered cost would otherwise have the restore ask for more memory or time than any workstation sets)."""
    from workstation.security.keyring import well_formed_entry

    if carried is None:
        return True
    entries = carried.get("entries", []) if isinstance(carried, dict) else None
    if not isinstance(entries, list) or not all(well_formed_entry(entry) for entry in entries):
        return False
    return not entries or not all(entry.get("off_duty") for entry in entries)  # one at least opens the data


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class PayloadWriter:
    """The file-like sink of the tar stream: seals it in chunks (or passes it through when there is no key) into
    ``target``, hashing what is stored."""

    def __init__(self, target: BinaryIO, key: bytes | None, salt: bytes, cancel=None):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.target, self.cancel = target, cancel
        self.aead = AESGCM(key) if key is not None else None
        self.aad = salt + AAD
        self.buffer = bytearray()
        self.counter = self.size = 0
        self.digest = hashlib.sha256()

    def _out(self, data: bytes) -> None:
        self.target.write(data)
        self.digest.update(data)
        self.size += len(data)

    def _seal(self, chunk: bytes, last: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.counter, last), chunk, self.aad)
        self._out(struct.pack(">I", len(sealed)) + sealed)
        self.counter += 1
        if self.cancel is not None:
            self.cancel.check()

    def write(self, data) -> int:
        if self.aead is None:
            self._out(bytes(data))
            return len(data)
        self.buffer += data
        while len(self.buffer) > CHUNK:  # the last chunk is sealed by finish(), flagged as the last
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def finish(self) -> tuple[int, str]:
        """Seal what is left; returns the stored payload's size and sha256."""
        if self.aead is not None:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
        return self.size, self.digest.hexdigest()


class PayloadReader:
    """The file-like source of the tar stream read back from ``source`` (positioned at the payload): opens the
    chunks (or passes the bytes through), hashes what is stored, and refuses a changed or truncated payload or
    one sealed under another key, naming the file."""

    def __init__(self, source: BinaryIO, header: dict, key: bytes | None, path: Path):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.source, self.path, self.name = source, path, path.name
        self.remaining = int(header["payload_size"])
        self.expected = header["payload_sha256"]
        self.aead = AESGCM(key) if key is not None else None
        self.aad = bytes.fromhex(header["salt"]) + AAD
        self.buffer = b""
        self.counter = 0
        self.ended = False
        self.digest = hashlib.sha256()
        self.size = self.remaining  # the stored payload's bytes: ``size - remaining`` of them are read

    def _raw(self, n: int) -> bytes:
        data = self.source.read(min(n, self.remaining))
        if len(data) < min(n, self.remaining):
            raise truncated(self.name)
        self.remaining -= len(data)
        self.digest.update(data)
        return data

    def _next_chunk(self) -> None:
        from cryptography.exceptions import InvalidTag

        if self.remaining < 4:
            raise truncated(self.name) if self.remaining == 0 else damaged(self.name)
        (length,) = struct.unpack(">I", self._raw(4))
        if length > CHUNK + 16 or length > self.remaining:
            raise damaged(self.name)
        sealed = self._raw(length)
        last = self.remaining == 0
        try:
            self.buffer = self.aead.decrypt(_nonce(self.counter, last), sealed, self.aad)
        except InvalidTag:
            self._fail()
        self.counter += 1
        self.ended = last

    def _fail(self):
        # bytes as they were written under another key, or bytes changed since: the payload's hash tells which
        while self.remaining:
            self._raw(CHUNK)
        if self.digest.hexdigest() == self.expected:
            raise foreign_backup(_("{file} cannot be opened with this data directory's key: it was made by another "
                                   "station or with another key. {hint}"), self.path, file=self.name)
        raise damaged(self.name)

    def read(self, n: int = -1) -> bytes:
        if self.aead is None:
            return self._raw(self.remaining if n is None or n < 0 else n)
        out = bytearray()
        want = None if n is None or n < 0 else n
        while want is None or len(out) < want:
            if not self.buffer:
                if self.ended:
                    break
                self._next_chunk()
                continue
            take = len(self.buffer) if want is None else min(want - len(out), len(self.buffer))
            out += self.buffer[:take]
            self.buffer = self.buffer[take:]
        return bytes(out)

    def finish(self) -> None:
        """Read what the tar stream left (its padding) and check the whole payload against the header."""
        while self.read(CHUNK):
            pass
        if self.digest.hexdigest() != self.expected:
            raise damaged(self.name)


# writing and reading the archive -------------------------------------------------------------------------------
def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)  # a backup is for this account only, like the database


STEP = 1 << 20  # a backup reports its progress, and looks at Cancel, once a MiB


class Meter:
    """The progress of writing a backup, by bytes: ``total`` bytes to go through (the database copied, the copy
    written into the archive, the stored files), reported in KiB (a progress dialog counts in 32-bit numbers) at most
    once a MiB or at each new step; every report first looks at ``cancel``."""

    def __init__(self, total: int, progress: ProgressFn, cancel: CancelToken | None):
        self.total, self.total_kib = total, max(1, -(-total // 1024))
        self.progress, self.cancel = progress, cancel
        self.done, self.reported, self.message = 0, 0, ""

    def at(self, done: int, message: str | None = None) -> None:
        """``done`` bytes gone through (``message``: a new step begins, named so)."""
        self.done = done
        if message is None and done - self.reported < STEP:
            return
        self.message = message or self.message
        self.reported = done
        if self.cancel is not None:
            self.cancel.check()
        # all of it read: the whole (its last KiB is a part of one)
        self.progress(self.total_kib if done >= self.total else min(done // 1024, self.total_kib), self.total_kib,
                      self.message)

    def add(self, size: int) -> None:
        self.at(self.done + size)


class _Counted:
    """The ``PayloadReader`` as the tar stream reads it, counted on ``meter`` by the stored bytes read (the chunks'
    lengths and tags included, so that the count ends at the payload's size): the progress of reading a backup, and
    a look at Cancel, once a MiB — inside a large member (the database) as well, not only between members."""

    def __init__(self, reader: PayloadReader, meter: Meter):
        self.reader, self.meter = reader, meter

    def read(self, n: int = -1) -> bytes:
        data = self.reader.read(n)
        self.meter.at(self.reader.size - self.reader.remaining)
        return data


class _Hashing:
    """A file read through while hashing it (what tar reads is what the manifest lists), counted on ``meter``."""

    def __init__(self, fh, meter: Meter | None = None):
        self.fh, self.meter, self.digest = fh, meter, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.digest.update(data)
        if self.meter is not None:
            self.meter.add(len(data))
        return data


def _add(tar: tarfile.TarFile, name: str, source, size: int, members: dict, meter: Meter | None = None) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, 0, 0o600
    hashing = _Hashing(source, meter)
    tar.addfile(info, hashing)
    members[name] = {"sha256": hashing.digest.hexdigest(), "size": size}


def write_archive(part: Path, copy: Path, files: list, header: dict, key: bytes | None, meter: Meter) -> dict:
    """Write the backup to ``part``: the database ``copy``, the stored ``files`` and the manifest, then the header.
    ``meter`` has counted the copy of the database; it counts on from there and looks at Cancel every MiB."""
    members: dict[str, dict] = {}
    with open(part, "xb", opener=_private) as fh:
        fh.write(b"\0" * int(header.get("header_size", HEADER_SIZE)))
        writer = PayloadWriter(fh, key, bytes.fromhex(header["salt"]), meter.cancel)
        with tarfile.open(fileobj=writer, mode="w|", format=tarfile.USTAR_FORMAT) as tar:
            meter.at(meter.done, _("Writing the database into the backup"))
            with open(copy, "rb") as source:
                _add(tar, DATABASE_MEMBER, source, copy.stat().st_size, members, meter)
            meter.at(meter.done, _("Adding the stored files"))
            for name, path in files:
                with open(path, "rb") as source:
                    _add(tar, name, source, path.stat().st_size, members, meter)
            manifest = json.dumps({"format": FORMAT, "station": header["station"], "created": header["created"],
                                   "salt": header["salt"], "members": members}, sort_keys=True).encode("utf-8")
            _add(tar, MANIFEST, io.BytesIO(manifest), len(manifest), {})
        size, digest = writer.finish()
        header = {**header, "payload_size": size, "payload_sha256": digest, "members": len(members),
                  "manifest_sha256": hashlib.sha256(manifest).hexdigest()}
        fh.seek(0)
        fh.write(encode_header(header))
        fh.flush()
        os.fsync(fh.fileno())
    return header


def read_payload(path: Path, header: dict, key: bytes | None, into: Path | None, progress: ProgressFn,
                  cancel: CancelToken | None) -> dict:
    """Read the whole payload, checking every member against the manifest; with ``into``, write the members
    there. Returns the manifest. The progress is reported by the stored bytes read (in KiB, from 0 to the payload's
    size, never backwards), and Cancel is looked at, once a MiB (``Meter``)."""
    name = path.name
    seen: dict[str, dict] = {}
    manifest_bytes = None
    message = _("Checking the backup") if into is None else _("Unpacking the backup")
    with open(path, "rb") as fh:
        fh.seek(int(header.get("header_size", HEADER_SIZE)))
        reader = PayloadReader(fh, header, key, path)
        meter = Meter(reader.size, progress, cancel)
        meter.at(0, message)
        try:
            with tarfile.open(fileobj=_Counted(reader, meter), mode="r|") as tar:
                for info in tar:
                    if manifest_bytes is not None or not info.isfile() or not valid_member(info.name) \
                            or info.name in seen:
                        raise damaged(name)
                    source = tar.extractfile(info)
                    if info.name == MANIFEST:
                        manifest_bytes = source.read()
                        continue
                    seen[info.name] = _take(source, into / info.name if into else None, info.size)
                    if cancel is not None:
                        cancel.check()
        except tarfile.TarError:
            raise damaged(name) from None
        reader.finish()
        meter.at(reader.size, message)
    if manifest_bytes is None or hashlib.sha256(manifest_bytes).hexdigest() != header["manifest_sha256"]:
        raise damaged(name)
    manifest = json.loads(manifest_bytes)
    if manifest.get("members") != seen or DATABASE_MEMBER not in seen or any(
            manifest.get(k) != header[k] for k in ("station", "created", "salt")):
        raise damaged(name)
    return manifest


def make_private_folder(folder: Path) -> None:
    """``folder`` (and its missing parents) made readable by the owner only, whatever the umask: a staging folder
    holds a copy of the data, a restore's also the station's private keys, and a killed process leaves it behind
    until the next sweep (``workstation.backup.remove_stale_staging``)."""
    missing = []
    while not folder.is_dir():  # mkdir(parents=True) would make the parents with the umask's mode
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)
        os.chmod(made, 0o700)


def _take(source, target: Path | None, size: int) -> dict:
    digest, length = hashlib.sha256(), 0
    out = None
    if target is not None:
        make_private_folder(target.parent)
        # the owner's only from its first byte (a station key among them), as the live data's keys are
        out = os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600),
                        "wb")
    try:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            length += len(block)
            if out is not None:
                out.write(block)
    finally:
        if out is not None:
            out.close()
    return {"sha256": digest.hexdigest(), "size": length}
