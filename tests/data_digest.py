"""What a database holds, as a digest that leaves out the list of bundles refused there: a refused ``bundle import``
lists itself in 导入记录 (``bundle.import_log``, as the window lists its refusals) and changes nothing else, so tests
of refusals compare this rather than the file's bytes (``helpers.db_digest``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from workstation.bundle.import_log import REFUSALS_KEY

_LISTED = f'INSERT INTO "settings" VALUES(\'{REFUSALS_KEY}\','


def data_digest(data_dir: Path) -> str:
    """sha256 of the dump of ``data_dir``'s database (every table, row by row), the refusals listed left out."""
    from tests.helpers import open_db

    db = open_db(data_dir)
    try:
        digest = hashlib.sha256()
        for line in db.conn.iterdump():
            if not line.startswith(_LISTED):
                digest.update(line.encode("utf-8"))
        return digest.hexdigest()
    finally:
        db.conn.close()


def refusals(data_dir: Path) -> list[dict]:
    """The bundles refused in ``data_dir``, newest first, as the exchange page lists them."""
    from tests.helpers import open_db
    from workstation.bundle.import_log import list_refusals

    db = open_db(data_dir)
    try:
        return list_refusals(db)
    finally:
        db.conn.close()
