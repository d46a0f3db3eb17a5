"""The SQLite driver: the standard ``sqlite3`` for plaintext databases, SQLCipher (``sqlcipher3``) for encrypted
ones. Their exception classes differ, so code catches the tuples defined here."""

from __future__ import annotations

import sqlite3

try:  # pragma: no cover - depends on the installed wheel
    import sqlcipher3.dbapi2 as sqlcipher
except ImportError:  # pragma: no cover
    sqlcipher = None

_DRIVERS = (sqlite3,) + ((sqlcipher,) if sqlcipher is not None else ())

Error = tuple(d.Error for d in _DRIVERS)
IntegrityError = tuple(d.IntegrityError for d in _DRIVERS)
OperationalError = tuple(d.OperationalError for d in _DRIVERS)
DatabaseError = tuple(d.DatabaseError for d in _DRIVERS)


def connect_plain(path: str, timeout: float):
    return sqlite3.connect(path, isolation_level=None, timeout=timeout, check_same_thread=True)


def connect_encrypted(path: str, timeout: float, key: bytes):
    """A SQLCipher connection keyed with the raw 32-byte database key (no key derivation at open)."""
    if sqlcipher is None:
        from workstation.errors import DatabaseError as Refused
        from workstation.i18n import _

        raise Refused(_("The database is encrypted and SQLCipher (sqlcipher3) is not installed: run the install "
                        "command of the README."))
    conn = sqlcipher.connect(path, isolation_level=None, timeout=timeout, check_same_thread=True)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cipher_memory_security = OFF")
    return conn
