"""The SQLite driver: the standard ``sqlite3`` for plaintext databases, SQLCipher (``sqlcipher3``) for encrypted
ones. Their exception classes differ, so code catches the tuples defined here."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import weakref

ERRORS = ("Error", "IntegrityError", "OperationalError", "DatabaseError")


def _sqlcipher():
    """SQLCipher's DB-API module (None when not installed), imported on first use and kept as ``sqlcipher``."""
    if "sqlcipher" not in globals():
        try:  # pragma: no cover - depends on the installed wheel
            import sqlcipher3.dbapi2 as module
        except ImportError:  # pragma: no cover
            module = None
        globals()["sqlcipher"] = module
        if module is not None:
            globals().update({name: (getattr(sqlite3, name), getattr(module, name)) for name in ERRORS})
    return globals()["sqlcipher"]


def __getattr__(name: str):
    # sqlcipher3 is imported when first needed (an encrypted database), not by every start on plaintext data:
    # its import was ~6 ms of the window's first paint. Until it is loaded no SQLCipher connection exists, so
    # none of its exceptions can be raised: ``Error`` etc. hold sqlite3's class alone, then both.
    if name == "sqlcipher":
        return _sqlcipher()
    if name in ERRORS:
        if "sqlcipher3.dbapi2" in sys.modules:  # loaded by now (from here or elsewhere)
            _sqlcipher()
            return globals()[name]
        return (getattr(sqlite3, name),)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _HeldConnection(sqlite3.Connection):
    """A plaintext connection that says, while it is open, that this process holds its file (``holds_open``)."""

    def close(self) -> None:
        super().close()  # refused from another thread (check_same_thread): then still open, still held
        _forget(self)


#: {the real path of a database file: the connections of this process open on it} (weakly: one collected unclosed
#: is gone too)
_HELD: dict[str, weakref.WeakSet] = {}
_HELD_LOCK = threading.Lock()


def _key(path: str) -> str | None:
    """The file a connection's ``path`` (a file path or a ``file:`` URI) names, as its real path; None for an
    in-memory database."""
    if path.startswith("file:"):  # a read-only URI (``read_only_uri``)
        import urllib.parse

        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
    if not path or path == ":memory:":
        return None
    return os.path.realpath(path)


def _forget(conn) -> None:
    """Drop the closed connection ``conn`` from ``_HELD``; a file no connection holds any more (this one the last, or
    the others collected unclosed) loses the descriptor kept to read its header (``read_header``): closing it drops
    no lock now, and it would keep the file open after every connection is closed (a restore then replaced a file
    this process still held — on Windows its rename is refused)."""
    with _HELD_LOCK:
        for key, held in list(_HELD.items()):
            held.discard(conn)
            if not held:
                del _HELD[key]
                fd = _HEADER_FDS.pop(key, None)
                if fd is not None:
                    os.close(fd)


def holds_open(path) -> bool:
    """Whether this process has a plaintext connection open on the database file at ``path``. Such a file must not be
    opened and closed with Python's own file calls: on POSIX, closing any descriptor of a file drops every lock the
    process holds on it — SQLite's too — so another program would take the database for unused and delete its
    write-ahead log under the open connection (what it writes then reaches no one else, and is lost)."""
    key = _key(str(path))
    with _HELD_LOCK:
        return _held(key)


def _held(key: str | None) -> bool:
    """Whether a connection of this process holds the file ``key`` (``_key``) open; the caller holds the lock."""
    return key is not None and len(_HELD.get(key, ())) > 0


#: {the real path of a database file this process holds open: a descriptor of it kept open to read its header}: the
#: descriptor is closed only once no connection holds the file (``_forget``, ``read_header``), when closing it drops
#: no lock
_HEADER_FDS: dict[str, int] = {}


def read_header(path, size: int = 16) -> bytes:
    """The first ``size`` bytes of the database file at ``path`` (OSError when it cannot be read), read without ever
    closing a descriptor of a file this process holds open (``holds_open``): through one kept open for it meanwhile,
    so the true bytes are read (a connection may be open on a file that is no plain database) and no lock dropped."""
    key = _key(str(path))
    with _HELD_LOCK:
        if _held(key):
            fd = _HEADER_FDS.get(key)
            if fd is None:
                fd = _HEADER_FDS[key] = os.open(key, os.O_RDONLY)
            return os.pread(fd, size, 0)
        fd = _HEADER_FDS.pop(key, None) if key is not None else None
    if fd is not None:
        os.close(fd)  # nothing holds the file any more: closing drops no lock of a connection
    with open(path, "rb") as fh:
        return fh.read(size)


def connect_plain(path: str, timeout: float, *, uri: bool = False):
    conn = sqlite3.connect(path, isolation_level=None, timeout=timeout, check_same_thread=True, uri=uri,
                           factory=_HeldConnection)
    key = _key(path)
    if key is not None:
        with _HELD_LOCK:
            _HELD.setdefault(key, weakref.WeakSet()).add(conn)
    return conn


def connect_encrypted(path: str, timeout: float, key: bytes, *, uri: bool = False):
    """A SQLCipher connection keyed with the raw 32-byte database key (no key derivation at open)."""
    sqlcipher = _sqlcipher()
    if sqlcipher is None:
        from workstation.errors import DatabaseError as Refused
        from workstation.i18n import _

        raise Refused(_("The database is encrypted and SQLCipher (sqlcipher3) is not installed: run the install "
                        "command of the README."))
    conn = sqlcipher.connect(path, isolation_level=None, timeout=timeout, check_same_thread=True, uri=uri)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_memory_security = OFF")
    # SQLCipher's own log (ERROR CORE … on stderr, in English, for a damaged page) is not the officer's: the
    # damage is said by the workstation's refusal, naming the file and what to do (process-wide setting)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn
