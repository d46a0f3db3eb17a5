"""A pre-update copy whose rows are garbled inside a page (the b-tree whole, so SQLite's quick check passes it) is
not offered by NeedsRestore: its restore runs the integrity check and would refuse it; the good backup is named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, backup_of
from tests.helpers import run
from tests.test_s65_safety import backup_id, migration_copies, one_more_migration
from workstation.db import open_database
from workstation.db.connection import NeedsRestore
from workstation.paths import backups_dir, database_path

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def garble_a_case_number(path: Path) -> None:
    """The bytes of one case number in its row of `cases` overwritten with 0xFF (no UTF-8), in place: the page's
    structure untouched, so only its indexes no longer match it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf'")]
    finally:
        conn.close()
    needle = OPEN_CASE.encode("utf-8")
    data = bytearray(path.read_bytes())
    for page in leaves:
        at = data.find(needle, (page - 1) * size, page * size)
        if at >= 0:
            data[at:at + len(needle)] = b"\xff" * len(needle)
            path.write_bytes(bytes(data))
            return
    raise AssertionError("no row of cases holds the case number")


def test_a_pre_update_copy_garbled_inside_its_rows_is_not_offered(copy_template, monkeypatch, capsys, english):
    data = copy_template("plain")
    made = backup_of(data)
    one_more_migration(monkeypatch)
    open_database(database_path(data)).conn.close()  # the update's copy: newer than the backup
    copy = backups_dir(data) / migration_copies(data)[0]
    garble_a_case_number(copy)
    check = sqlite3.connect(f"file:{copy}?immutable=1", uri=True)
    try:  # what made the copy look sound: the quick check passes it
        assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        check.close()
    path = database_path(data)
    path.write_bytes(path.read_bytes()[:4096])  # the database damaged now
    with pytest.raises(NeedsRestore) as refused:
        open_database(path)
    assert refused.value.backup["path"] == made["path"]
    assert f"`backup restore {backup_id(made)}`" in refused.value.message
    assert copy.name.removesuffix(".db") not in refused.value.message
    # the copy is refused by its restore indeed: offering it was a way that does not work
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", copy.name.removesuffix(".db"))
    assert code != 0 and "fails its integrity check" in err
