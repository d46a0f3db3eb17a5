"""The database keys unlocked in this process, by data directory. Only the process that unlocked a data directory
holds its key, in memory; every connection and the file store ask here."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path

from workstation.i18n import _

_KEYS: dict[Path, bytes] = {}
_LOCK = threading.Lock()


def _norm(data_dir: Path) -> Path:
    return Path(data_dir).expanduser().resolve()


def set_key(data_dir: Path, key: bytes | None) -> None:
    with _LOCK:
        if key is None:
            _KEYS.pop(_norm(data_dir), None)
        else:
            _KEYS[_norm(data_dir)] = key


def key_for(data_dir: Path) -> bytes | None:
    with _LOCK:
        return _KEYS.get(_norm(data_dir))


def encrypted(data_dir: Path) -> bool:
    from workstation.security.keyring import state

    return state(data_dir) == "encrypted"


def require_key(data_dir: Path) -> bytes:
    """The unlocked key of an encrypted data directory; Locked when it was not unlocked."""
    from workstation.security.keyring import Locked

    key = key_for(data_dir)
    if key is None:
        raise Locked(_("The data in {path} is encrypted: give the passphrase (WORKSTATION_PASSPHRASE or "
                       "--passphrase-file) to open it.").format(path=data_dir))
    return key


def subkey(data_dir: Path, purpose: str) -> bytes | None:
    """A key for one use (``files``, ``backup``) derived from the database key; None for plaintext data."""
    if not encrypted(data_dir):
        return None
    return derive(require_key(data_dir), purpose)


def derive(key: bytes, purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"workstation {purpose} v1".encode()).derive(key)


# the WORKSTATION_ACTOR a command on encrypted data set aside for the officer whose passphrase opened it
# (``access.act_as_opener``), to give back once the command is over
_SET_ASIDE: list[str] = []


def set_aside_actor(named: str) -> None:
    """Keep ``named``, the WORKSTATION_ACTOR a command replaces by the officer whose passphrase opened the data, to
    give it back after the command (``actor_set_aside``): the first one kept is the one given."""
    if not _SET_ASIDE:
        _SET_ASIDE.append(named)


@contextmanager
def actor_set_aside():
    """Run a command, then give back the WORKSTATION_ACTOR it set aside (``set_aside_actor``): the next command run in
    the same process (a script's, a test's) starts from the variable as it was given."""
    _SET_ASIDE.clear()
    try:
        yield
    finally:
        if _SET_ASIDE:
            os.environ["WORKSTATION_ACTOR"] = _SET_ASIDE.pop()
