"""``Database.atomic`` takes the write lock at its start (BEGIN IMMEDIATE), so the busy timeout applies while another
connection writes: a transaction that first reads then writes waits for the other writer instead of being refused at
once (SQLite does not wait for a lock to upgrade a read transaction in WAL mode). Read-only connections still get a
deferred transaction, and a wait that times out is still told as the lock it is."""

import sqlite3
import threading

import pytest

from workstation.db import open_database
from workstation.db.connection import Database, connect
from workstation.errors import DatabaseError
from workstation.paths import database_path


def _database(data_dir, monkeypatch, timeout_ms: int) -> Database:
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", str(timeout_ms))
    db = open_database(database_path(data_dir))
    db.execute("CREATE TABLE s49 (n INTEGER)")
    db.execute("INSERT INTO s49 VALUES (1)")
    return db


class _Writer(threading.Thread):
    """Another connection holding a write transaction (BEGIN IMMEDIATE and a write) until ``release`` is set (or
    ``hold`` seconds have passed), then committing it."""

    def __init__(self, path, hold: float):
        super().__init__(daemon=True)
        self.path, self.hold = path, hold
        self.locked, self.release = threading.Event(), threading.Event()
        self.error = None

    def run(self):
        conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=5)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO s49 VALUES (2)")
            self.locked.set()
            self.release.wait(self.hold)
            conn.execute("COMMIT")
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
            self.locked.set()
        finally:
            conn.close()


def test_an_atomic_that_reads_then_writes_waits_for_another_writer(data_dir, monkeypatch):
    db = _database(data_dir, monkeypatch, 20000)
    writer = _Writer(database_path(data_dir), 0.5)
    try:
        db.execute("SELECT count(*) FROM s49").fetchone()  # a snapshot from before the other write
        writer.start()
        assert writer.locked.wait(10)
        with db.atomic():
            count = db.execute("SELECT count(*) FROM s49").fetchone()[0]
            db.execute("INSERT INTO s49 VALUES (?)", [count + 10])
    finally:
        writer.release.set()
        writer.join(10)
        rows = sorted(r[0] for r in db.execute("SELECT n FROM s49"))
        db.conn.close()
    assert writer.error is None
    assert rows == [1, 2, 12]  # the other write was seen before this one was made


def test_a_wait_that_times_out_is_still_refused_as_a_lock(data_dir, monkeypatch, english):
    db = _database(data_dir, monkeypatch, 100)
    writer = _Writer(database_path(data_dir), 30)
    try:
        writer.start()
        assert writer.locked.wait(10)
        with pytest.raises(DatabaseError) as refused:
            with db.atomic():
                db.execute("SELECT count(*) FROM s49").fetchone()
                db.execute("INSERT INTO s49 VALUES (3)")
        assert not db.conn.in_transaction
    finally:
        writer.release.set()
        writer.join(10)
        rows = sorted(r[0] for r in db.execute("SELECT n FROM s49"))
        db.conn.close()
    assert "The change was not saved" in refused.value.message and "is locked by" in refused.value.message
    assert rows == [1, 2]


def test_an_error_rolls_back_and_nested_atomics_are_savepoints(data_dir, monkeypatch):
    db = _database(data_dir, monkeypatch, 1000)
    try:
        with pytest.raises(ValueError):
            with db.atomic():
                db.execute("INSERT INTO s49 VALUES (5)")
                raise ValueError("x")
        with db.atomic():
            db.execute("INSERT INTO s49 VALUES (6)")
            with pytest.raises(ValueError):
                with db.atomic():
                    db.execute("INSERT INTO s49 VALUES (7)")
                    raise ValueError("y")
            assert db.conn.in_transaction
        assert not db.conn.in_transaction
        assert sorted(r[0] for r in db.execute("SELECT n FROM s49")) == [1, 6]
    finally:
        db.conn.close()


def test_a_read_only_connection_still_reads_in_an_atomic(data_dir, monkeypatch, english):
    db = _database(data_dir, monkeypatch, 1000)
    db.conn.close()
    reader = connect(database_path(data_dir), read_only=True)
    try:
        with reader.atomic():
            assert reader.execute("SELECT count(*) FROM s49").fetchone()[0] == 1
        with pytest.raises(DatabaseError):
            with reader.atomic():
                reader.execute("INSERT INTO s49 VALUES (8)")
        assert not reader.conn.in_transaction
    finally:
        reader.conn.close()


def test_a_query_only_connection_still_reads_in_an_atomic(data_dir, monkeypatch):
    db = _database(data_dir, monkeypatch, 1000)
    db.conn.close()
    conn = sqlite3.connect(str(database_path(data_dir)), isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    reader = Database(conn)
    try:
        for _ in range(2):
            with reader.atomic():
                assert reader.execute("SELECT count(*) FROM s49").fetchone()[0] == 1
            assert not conn.in_transaction
    finally:
        conn.close()


def test_a_report_read_in_db_reading_keeps_no_other_program_from_saving(data_dir, monkeypatch):
    """A report's figures are read in ``Database.reading`` (a deferred read transaction), not ``atomic``: while it
    is open another connection still takes the write lock at once and saves; the figures read stay those of the
    reading's start."""
    db = _database(data_dir, monkeypatch, 20000)
    other = sqlite3.connect(str(database_path(data_dir)), isolation_level=None, timeout=0)
    try:
        with db.reading():
            assert db.execute("SELECT count(*) FROM s49").fetchone()[0] == 1
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO s49 VALUES (2)")
            other.execute("COMMIT")
            assert db.execute("SELECT count(*) FROM s49").fetchone()[0] == 1  # one snapshot throughout
        assert not db.conn.in_transaction
        assert db.execute("SELECT count(*) FROM s49").fetchone()[0] == 2
    finally:
        other.close()
        db.conn.close()


def test_the_campaign_report_is_read_without_taking_the_write_lock(read_demo_db, tmp_path, monkeypatch):
    from workstation.db.connection import Database as Db
    from workstation.reports import campaign

    begun = []
    real = Db._begin

    def noting(self):
        begun.append("write")
        real(self)

    monkeypatch.setattr(Db, "_begin", noting)
    campaign.write_campaign_report(read_demo_db, str(tmp_path / "r.xlsx"), "xlsx")
    assert begun == []


def test_a_write_made_inside_a_reading_is_kept(data_dir, monkeypatch):
    db = _database(data_dir, monkeypatch, 20000)
    try:
        with db.reading():
            with db.atomic():  # a savepoint of the reading's transaction
                db.execute("INSERT INTO s49 VALUES (7)")
        assert db.execute("SELECT count(*) FROM s49 WHERE n = 7").fetchone()[0] == 1
        with pytest.raises(RuntimeError), db.reading():
            db.execute("INSERT INTO s49 VALUES (8)")
            raise RuntimeError("stopped")
        assert db.execute("SELECT count(*) FROM s49 WHERE n = 8").fetchone()[0] == 0
    finally:
        db.conn.close()
