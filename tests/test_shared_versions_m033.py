"""The versions held in common with other stations (``sync_base``, ``sync_versions``) are kept compressed: as JSON
text a case's version overflowed its page, and one export of everything made the database several times larger.
m033 compresses the versions an earlier version kept as text; merges read both alike."""

from __future__ import annotations

import zlib

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json
from tests.test_bundle import EDITED
from workstation.bundle.tables import unpacked_row
from workstation.db import open_database
from workstation.db.connection import applied_schema
from workstation.paths import database_path

TABLES = {"sync_base": "tbl, record_id", "sync_versions": "tbl, record_id, digest, station_id"}
# about what a 4 KB page of a WITHOUT ROWID table holds of a row in place; a longer row takes an overflow page more
IN_PLACE = 1000


@pytest.fixture(scope="module")
def exchange(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(exchange, tmp_path):
    return copy_station_and_hq(exchange, tmp_path)


def versions(data_dir) -> dict[str, dict[tuple, dict]]:
    db = open_db(data_dir)
    try:
        return {table: {tuple(row[:-1]): unpacked_row(row[-1])
                        for row in db.execute(f"SELECT {key}, row_json FROM {table}")} for table, key in TABLES.items()}
    finally:
        db.conn.close()


def test_an_export_keeps_each_shared_version_compressed_and_without_overflow_pages(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "all.bundle", "--all")
    db = open_db(dirs / "station")
    try:
        for table in TABLES:
            kinds = dict(db.execute(f"SELECT typeof(row_json), COUNT(*) FROM {table} GROUP BY 1").fetchall())
            assert set(kinds) == {"blob"} and kinds["blob"] >= 36, table
        # a case's version as text is longer than a page of a WITHOUT ROWID table holds in place: each took an
        # overflow page of its own, most of it empty
        texts = [len(zlib.decompress(r[0])) for r in db.execute("SELECT row_json FROM sync_base WHERE tbl = 'cases'")]
        assert min(texts) > IN_PLACE
        assert db.execute("SELECT COUNT(*) FROM dbstat WHERE name IN ('sync_base', 'sync_versions') "
                          "AND pagetype = 'overflow'").fetchone()[0] == 0
    finally:
        db.conn.close()


OLD_TABLES = {  # as m008 and m012 made them
    "sync_base": """CREATE TABLE sync_base (
        tbl TEXT NOT NULL, record_id TEXT NOT NULL, row_json TEXT NOT NULL, station_id TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (tbl, record_id)) WITHOUT ROWID""",
    "sync_versions": """CREATE TABLE sync_versions (
        tbl TEXT NOT NULL, record_id TEXT NOT NULL, digest TEXT NOT NULL, station_id TEXT NOT NULL,
        row_json TEXT NOT NULL, PRIMARY KEY (tbl, record_id, digest, station_id)) WITHOUT ROWID""",
}


def _as_before_m033(data_dir) -> dict[str, dict[tuple, dict]]:
    """Make the database of ``data_dir`` what m032 left: the versions kept as JSON text in WITHOUT ROWID tables."""
    held = versions(data_dir)
    db = open_db(data_dir)
    try:
        with db.atomic():
            for table, create in OLD_TABLES.items():
                rows = db.execute(f"SELECT * FROM {table}").fetchall()
                columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
                at = columns.index("row_json")
                db.execute(f"DROP TABLE {table}")
                db.execute(create)
                db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                                    f"({', '.join('?' * len(columns))})",
                                    [(*r[:at], zlib.decompress(r[at]).decode("utf-8"), *r[at + 1:]) for r in rows])
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm033_packed_shared_versions'")
            assert db.execute("SELECT COUNT(*) FROM sync_versions WHERE typeof(row_json) = 'text'").fetchone()[0]
    finally:
        db.conn.close()
    return held


def test_m033_compresses_the_versions_kept_as_text_and_merges_go_on_as_before(capsys, dirs):
    assert run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")[0] == 0
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")["new"] > 0
    held = {name: _as_before_m033(dirs / name) for name in ("station", "hq")}
    for name in ("station", "hq"):
        db = open_database(database_path(dirs / name))  # m033 runs
        try:
            assert "m033_packed_shared_versions" in applied_schema(db)
            for table in TABLES:
                assert db.execute(f"SELECT DISTINCT typeof(row_json) FROM {table}").fetchall() == [("blob",)]
                sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
                assert "WITHOUT ROWID" not in sql
        finally:
            db.conn.close()
        assert versions(dirs / name) == held[name] and held[name]["sync_base"]
    # the versions compressed are the base of the next merge: a field changed at the station alone is taken, one
    # changed at both ends is a conflict, as before
    fine = _case_row(dirs / "hq")[0]
    _edit_case(dirs / "hq", fine_fen=fine + 100_000)
    _edit_case(dirs / "station", fine_fen=fine + 200_000, facts="站点补充事实")
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "two.bundle")
    merged = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "two.bundle")
    assert merged["conflicts"] == 1
    assert _case_row(dirs / "hq") == (fine + 100_000, "站点补充事实")
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [(c["field"], c["local"], c["incoming"]) for c in conflicts] == [("fine_fen", fine + 100_000,
                                                                             fine + 200_000)]


def _edit_case(data_dir, **fields):
    from dataclasses import replace

    from workstation.store import find_case, update_case

    db = open_db(data_dir)
    try:
        update_case(db, replace(find_case(db, EDITED), **fields))  # not closed: its fine may change
    finally:
        db.conn.close()


def _case_row(data_dir):
    db = open_db(data_dir)
    try:
        return db.execute("SELECT fine_fen, facts FROM cases WHERE case_number = ?", [EDITED]).fetchone()
    finally:
        db.conn.close()
