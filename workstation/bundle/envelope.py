"""Encryption of a bundle to one recipient's X25519 key: an ephemeral key agreement, HKDF-SHA256, and AES-256-GCM
over chunks of 1 MiB, each with its counter and a last-chunk flag in the nonce, so a changed, reordered,
dropped or truncated chunk fails to open.

File layout: MAGIC, the ephemeral public key (32 bytes), the recipient's public key (32 bytes), then chunks of
4-byte big-endian length + ciphertext."""

from __future__ import annotations

import io
import struct
from typing import BinaryIO

from workstation.errors import WorkstationError
from workstation.i18n import _

MAGIC = b"WSBX1\n"
CHUNK = 1 << 20
INFO = b"workstation bundle v1"


class NotForThisKey(WorkstationError):
    """The bundle is encrypted to another installation's key (``recipient``: its raw public key, which the envelope
    names before anything is decrypted); ``workstation.bundle.reader.not_for_here`` says it for this
    installation."""

    def __init__(self, message: str, *, file: str, recipient: bytes):
        super().__init__(message)
        self.file, self.recipient = file, recipient


def not_for_this_key_text(name: str, window: bool = False) -> str:
    """Why the bundle ``name``, encrypted to another installation's key, cannot be opened here: what the station
    does is said as the command line does it (``station headquarters FILE``), or in the ``window`` with the exchange
    page's 设置总部密钥… button."""
    if window:
        return _("{name} is encrypted for another installation's key: it cannot be opened here. A station's bundle "
                 "opens only at the headquarters it was exported for, and headquarters' hand-out only at the station "
                 "it was made for (ask headquarters for the hand-out made for this station); if this is the "
                 "headquarters the bundle was meant for, ask the station to set this headquarters' key with "
                 "“{button}” on its Exchange page, from this headquarters' station card, and export it again.").format(
            name=name, button=_("Set headquarters' key…"))
    return _("{name} is encrypted for another installation's key: it cannot be opened here. A station's bundle opens "
             "only at the headquarters it was exported for, and headquarters' hand-out only at the station it was "
             "made for (ask headquarters for the hand-out made for this station); if this is the headquarters the "
             "bundle was meant for, ask the station to take this headquarters' station card (station headquarters "
             "FILE) and export it again.").format(name=name)


def is_encrypted(head: bytes) -> bool:
    return head.startswith(MAGIC)


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=INFO).derive(shared)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only stream that encrypts what is written to it into ``target`` chunk by chunk (the same format
    as ``encrypt``), so a bundle is never written in plaintext anywhere; ``close`` seals the last chunk. Not
    seekable: zipfile writes to it with data descriptors."""

    def __init__(self, target: BinaryIO, recipient_public: bytes):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import x25519
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        ephemeral = x25519.X25519PrivateKey.generate()
        ephemeral_public = ephemeral.public_key().public_bytes(serialization.Encoding.Raw,
                                                               serialization.PublicFormat.Raw)
        shared = ephemeral.exchange(x25519.X25519PublicKey.from_public_bytes(recipient_public))
        self._aead = AESGCM(_key(shared, ephemeral_public, recipient_public))
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        self._written = 0
        self.closed = False
        target.write(MAGIC + ephemeral_public + recipient_public)

    def _seal(self, chunk: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last), chunk, None)
        self._target.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def write(self, data) -> int:
        self._buffer += data
        self._written += len(data)
        while len(self._buffer) > CHUNK:  # keep at least one byte back: the last chunk is sealed by close()
            self._seal(bytes(self._buffer[:CHUNK]), False)
            del self._buffer[:CHUNK]
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        self._target.flush()

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), True)
            self._buffer.clear()
            self.closed = True
            self._target.flush()


def _truncated(name: str) -> WorkstationError:
    """An encrypted bundle cut short. Whom to ask for it again is said neutrally: nothing read of it yet says whether
    a station made it or headquarters (a hand-out, which only headquarters can make again)."""
    return WorkstationError(_("{name} is truncated: copy it again, or ask the sender for it again.").format(name=name))


def decrypt(source: io.BufferedReader, target: BinaryIO, private_key, name: str) -> None:
    """Open an encrypted bundle with this station's X25519 private key; refused with a reason naming ``name`` (and
    the sender, not "the station": it may be headquarters' hand-out)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import x25519
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    head = source.read(len(MAGIC) + 64)
    if len(head) < len(MAGIC) + 64 or not head.startswith(MAGIC):
        raise _truncated(name)
    ephemeral_public, recipient = head[len(MAGIC):len(MAGIC) + 32], head[len(MAGIC) + 32:]
    if private_key is None:
        raise WorkstationError(_("{name} is encrypted, and this station has no key to open it.").format(name=name))
    own = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if own != recipient:
        raise NotForThisKey(not_for_this_key_text(name), file=name, recipient=bytes(recipient))
    shared = private_key.exchange(x25519.X25519PublicKey.from_public_bytes(ephemeral_public))
    aead = AESGCM(_key(shared, ephemeral_public, recipient))
    counter = 0
    while True:
        size = source.read(4)
        if len(size) < 4:
            raise _truncated(name)
        (length,) = struct.unpack(">I", size)
        if length > CHUNK + 16:
            raise WorkstationError(_("{name} is damaged: an encrypted block has an impossible size.").format(
                name=name))
        sealed = source.read(length)
        if len(sealed) < length:
            raise _truncated(name)
        last = source.peek(1)[:1] == b""  # nothing follows: this is the last chunk
        try:
            target.write(aead.decrypt(_nonce(counter, last), sealed, None))
        except InvalidTag:
            if last:
                # the stream ended where the sender did not end it, or the last block was changed
                try:
                    aead.decrypt(_nonce(counter, False), sealed, None)
                except InvalidTag:
                    pass
                else:
                    raise _truncated(name) from None
            raise WorkstationError(_("{name} was altered after it was encrypted: it is refused; copy it again, or "
                                     "ask the sender to export it again.").format(name=name)) from None
        if last:
            return
        counter += 1
