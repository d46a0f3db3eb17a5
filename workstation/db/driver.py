"""The SQLite driver: the standard ``sqlite3`` for plaintext databases, SQLCipher (``sqlcipher3``) for encrypted
ones. Their exception classes differ, so code catches the tuples defined here."""

from __future__ import annotations

import sqlite3
import sys

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


def connect_plain(path: str, timeout: float, *, uri: bool = False):
    return sqlite3.connect(path, isolation_level=None, timeout=timeout, check_same_thread=True, uri=uri)


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
    return conn
