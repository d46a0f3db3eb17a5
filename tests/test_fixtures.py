"""The ``db`` and ``demo_db`` fixtures copy templates built once a session: what they hand a test must be what
building the database for that test would give, but for the times and random ids that differ between two builds."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import _agency_contacts
from workstation.db import open_database
from workstation.demo import load_demo
from workstation.paths import database_path
from workstation.store import ensure_reference_data


def build(folder, *steps):
    """A database made in ``folder`` as the fixtures used to make theirs (the bureaus' contact details set, as
    conftest sets them), then changed by ``steps``."""
    database = open_database(database_path(folder))
    ensure_reference_data(database)
    _agency_contacts(database)
    for step in steps:
        step(database)
    return database


def contents(database) -> dict[str, list[tuple]]:
    """Every row of every table (the search index's too), in the order stored."""
    tables = [r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                             "'sqlite_%' ORDER BY name")]
    rows = {}
    for table in tables:
        try:
            rows[table] = database.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
        except Exception:  # noqa: BLE001 - a table without rowid: its primary key orders it
            rows[table] = sorted(database.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    return rows


def assert_same_but_for_times_and_ids(given, tmp_path, *steps):
    """``given`` holds what two fresh builds agree on, cell by cell (a cell they differ in is a time or a random
    id)."""
    first, second = (build(tmp_path / name, *steps) for name in ("first", "second"))
    try:
        a, b, got = contents(first), contents(second), contents(given)
    finally:
        first.conn.close()
        second.conn.close()
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert given.execute(schema).fetchall() == build(tmp_path / "third").execute(schema).fetchall()
    assert set(got) == set(a)
    for table, rows in a.items():
        assert len(got[table]) == len(rows), table
        for number, (row_a, row_b, row) in enumerate(zip(rows, b[table], got[table], strict=True)):
            kept = [j for j in range(len(row_a)) if row_a[j] == row_b[j]]
            assert [row[j] for j in kept] == [row_a[j] for j in kept], (table, number)


def test_the_db_fixture_is_a_freshly_built_database(db, tmp_path):
    assert_same_but_for_times_and_ids(db, tmp_path)


def test_the_demo_db_fixture_is_a_freshly_built_demo(demo_db, tmp_path):
    assert demo_db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] > 0
    assert_same_but_for_times_and_ids(demo_db, tmp_path, lambda d: load_demo(d, complaints=False))


def test_the_demo_in_english_holds_the_english_notes(english, demo_db, tmp_path):
    assert "Demo data" in {r[0] for r in demo_db.execute("SELECT note FROM case_events")}
    assert_same_but_for_times_and_ids(demo_db, tmp_path, lambda d: load_demo(d, complaints=False))


@pytest.fixture
def colleague(db):
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    return save_officer(db, Officer(name="梁志明", cert_no="44060512009", agency_id=agency_id_for_code("440605")))


def test_the_demo_is_loaded_on_top_of_what_a_fixture_stored_before(colleague, demo_db, tmp_path):
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    def colleague_first(database):
        save_officer(database, Officer(id=colleague.id, name="梁志明", cert_no="44060512009",
                                       agency_id=agency_id_for_code("440605")))

    assert demo_db.execute("SELECT COUNT(*) FROM officers WHERE name = '梁志明'").fetchone()[0] == 1
    assert_same_but_for_times_and_ids(demo_db, tmp_path, colleague_first, lambda d: load_demo(d, complaints=False))


# --- compiled test modules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", [None, "/somewhere/chosen"])
def test_without_bytecode_the_compiled_modules_are_kept_outside_the_working_tree(monkeypatch, prefix):
    """PYTHONDONTWRITEBYTECODE (``sys.dont_write_bytecode``) made every worker compile every module again at each run:
    conftest.py then writes them under ``sys.pycache_prefix`` instead, a prefix already chosen kept as it is."""
    import sys
    import tempfile
    from pathlib import Path

    from tests import conftest

    project = Path(__file__).resolve().parents[1]
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(sys, "pycache_prefix", prefix)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    conftest._cache_compiled_modules_outside_the_tree()
    assert sys.dont_write_bytecode is False
    if prefix is None:
        kept = Path(sys.pycache_prefix)
        assert kept.parent == Path(tempfile.gettempdir()) and not kept.is_relative_to(project)
        # the programs the tests start keep their compiled modules there too (not started with the made-up prefix:
        # it would be created)
        child = subprocess.run([sys.executable, "-S", "-c", "import sys; print(sys.dont_write_bytecode, "
                                "sys.pycache_prefix)"], capture_output=True, text=True, check=True)
        assert child.stdout.split() == ["False", str(kept)]
    else:
        assert sys.pycache_prefix == prefix
        assert os.environ["PYTHONPYCACHEPREFIX"] == prefix and "PYTHONDONTWRITEBYTECODE" not in os.environ


def test_with_bytecode_allowed_the_compiled_modules_stay_where_python_puts_them(monkeypatch):
    import sys

    from tests import conftest

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    conftest._cache_compiled_modules_outside_the_tree()
    assert sys.dont_write_bytecode is False and sys.pycache_prefix is None
