"""A scratch file for decrypted data that never puts plaintext on the disk: it is held in memory up to a size,
then moved into an anonymous temporary file whose bytes are AES-256-CTR under a key that lives only in this
object (the keystream is positioned by the byte offset, so reads and writes may seek anywhere). What a crash
leaves in the freed disk blocks cannot be read. Used where an encrypted bundle is opened for ``zipfile``, which
needs to seek in the plaintext."""

from __future__ import annotations

import io
import os
import tempfile

BLOCK = 16


class SealedSpool(io.RawIOBase):
    """A readable, writable, seekable binary file; in memory up to ``max_size`` bytes, then sealed on the disk."""

    def __init__(self, max_size: int = 256 << 20, directory: str | os.PathLike | None = None):
        super().__init__()
        self.max_size, self.directory = max_size, directory
        self._memory: io.BytesIO | None = io.BytesIO()
        self._disk = None
        self._key = self._nonce = b""
        self._pos = 0

    @property
    def on_disk(self) -> bool:
        return self._disk is not None

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def _keystream_xor(self, data: bytes, offset: int) -> bytes:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        block, skip = divmod(offset, BLOCK)
        counter = self._nonce + block.to_bytes(8, "big")
        cipher = Cipher(algorithms.AES(self._key), modes.CTR(counter)).encryptor()
        if skip:
            cipher.update(bytes(skip))
        return cipher.update(data)

    def _roll_over(self) -> None:
        memory, self._memory = self._memory, None
        self._key, self._nonce = os.urandom(32), os.urandom(8)
        self._disk = tempfile.TemporaryFile(dir=self.directory)
        with memory.getbuffer() as data:
            for start in range(0, len(data), 1 << 20):
                self._disk.write(self._keystream_xor(bytes(data[start:start + (1 << 20)]), start))
        memory.close()

    def write(self, data) -> int:
        self._checkClosed()
        data = bytes(data)
        if self._memory is not None:
            if self._pos + len(data) <= self.max_size:
                self._memory.seek(self._pos)
                self._memory.write(data)
                self._pos += len(data)
                return len(data)
            self._roll_over()
        self._disk.seek(self._pos)
        self._disk.write(self._keystream_xor(data, self._pos))
        self._pos += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        self._checkClosed()
        if self._memory is not None:
            self._memory.seek(self._pos)
            data = self._memory.read(size)
        else:
            self._disk.seek(self._pos)
            data = self._keystream_xor(self._disk.read(size), self._pos)
        self._pos += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return self.read(-1)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._checkClosed()
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._pos + offset
        elif whence == io.SEEK_END:
            end = self._memory.seek(0, io.SEEK_END) if self._memory is not None else self._disk.seek(0, io.SEEK_END)
            position = end + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if position < 0:
            raise ValueError("negative seek position")
        self._pos = position
        return position

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        if not self.closed:
            if self._memory is not None:
                self._memory.close()
            if self._disk is not None:
                self._disk.close()
            self._key = b""
        super().close()
