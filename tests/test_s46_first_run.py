"""Two programs starting on the same new data folder (or updating the same earlier version's database) at once:
neither deletes the database the other made, and the migrations run once; the demo loaded without its complaints,
then with them, adds no lead twice."""

import threading

import pytest

from tests.test_db import database_at, full_demo, full_demo_template  # noqa: F401 - fixtures
from workstation.db import connection, open_database, schema_names
from workstation.db.connection import applied_schema
from workstation.errors import DatabaseError
from workstation.paths import database_path


def _open_together(path, monkeypatch) -> list:
    """Open the database at ``path`` from two threads, each with its own connection, both past their look at the
    folder before either connects; each thread's result ('opened', or the error it raised)."""
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "60000")
    barrier = threading.Barrier(2, timeout=30)
    original = connection.connect
    waited = set()

    def connect(*args, **kwargs):
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(connection, "connect", connect)
    results = [None, None]

    def run(index):
        try:
            open_database(path).conn.close()
            results[index] = "opened"
        except Exception as exc:  # noqa: BLE001 - the test looks at what each one raised
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    monkeypatch.setattr(connection, "connect", original)
    return results


def _check_complete(path) -> None:
    db = open_database(path)
    try:
        assert applied_schema(db) == schema_names()
    finally:
        db.conn.close()


@pytest.mark.parametrize("attempt", range(3))
def test_two_programs_starting_on_a_new_folder_keep_the_database(data_dir, monkeypatch, attempt):
    path = database_path(data_dir)
    results = _open_together(path, monkeypatch)
    assert results == ["opened", "opened"]
    assert path.is_file() and path.stat().st_size > 0
    _check_complete(path)


def test_two_programs_updating_an_earlier_database_migrate_it_once(tmp_path, full_demo, monkeypatch):  # noqa: F811
    data = tmp_path / "old"
    database_at(30, data, full_demo, monkeypatch)
    path = database_path(data)
    results = _open_together(path, monkeypatch)
    assert results == ["opened", "opened"]
    _check_complete(path)
    db = open_database(path)
    try:
        assert db.execute("SELECT count(*) FROM cases").fetchone()[0] > 0
        names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")]
        assert len(names) == len(set(names)) == len(schema_names())
    finally:
        db.conn.close()


def test_a_failed_start_leaves_a_database_another_program_made(data_dir, monkeypatch):
    """The database this process did not make is never removed, whatever refused this process."""
    path = database_path(data_dir)
    open_database(path).conn.close()

    def refuse(*_args, **_kwargs):
        raise DatabaseError("refused")

    monkeypatch.setattr(connection, "migrate", refuse)
    with pytest.raises(DatabaseError):
        open_database(path)
    assert path.is_file() and path.stat().st_size > 0


def test_the_demo_with_complaints_after_the_demo_without_adds_no_lead(data_dir):
    from workstation.demo import load_demo, load_seed
    from workstation.store import ensure_reference_data

    db = open_database(database_path(data_dir))
    try:
        ensure_reference_data(db)
        load_demo(db, complaints=False)
        before = db.execute("SELECT count(*) FROM leads").fetchone()[0]
        load_demo(db)
        assert db.execute("SELECT count(*) FROM leads").fetchone()[0] == before == len(load_seed()["leads"])
        assert db.execute("SELECT count(*) FROM leads WHERE status = 'registered'").fetchone()[0] == 0
        screened = [item for item in load_seed()["leads"] if not item.get("by_hand")]
        for item in screened:
            count, key = db.execute("SELECT complaint_count, group_key FROM leads WHERE id = ?",
                                    [item["id"]]).fetchone()
            assert key == item["target_phone"] and count > 0
        load_demo(db)  # again: nothing added
        assert db.execute("SELECT count(*) FROM leads").fetchone()[0] == before
    finally:
        db.conn.close()
