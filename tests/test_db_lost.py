"""A database missing, emptied or damaged where data was kept is never replaced by a new empty one: the refusal
names the latest backup and the command that restores it; SQLite's English error text is said in what it means;
no copy is made before migrating a database that holds no data; the copy is named in Beijing time like the
rolling backups."""

from __future__ import annotations

import io
import sqlite3
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, open_db
from workstation import records, repair
from workstation.cli import main
from workstation.db import open_database, schema
from workstation.db.connection import NeedsRestore, applied_schema, connect, schema_names, sqlite_reason
from workstation.paths import backups_dir, database_path
from workstation.security import access

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def lose_database(data: Path, how: str) -> None:
    """The database deleted (with its WAL and shared-memory files) or cut to 0 bytes."""
    for name in ("workstation.db-wal", "workstation.db-shm"):
        (data / name).unlink(missing_ok=True)
    if how == "deleted":
        database_path(data).unlink()
    else:
        database_path(data).write_bytes(b"")


def listing(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob("*"))


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_database_is_refused_naming_the_latest_backup_and_nothing_is_created(copy_template, how, english):
    data = copy_template("plain")
    backup_of(data)
    latest = backup_of(data)
    lose_database(data, how)
    before = listing(data)
    with pytest.raises(NeedsRestore) as refused:
        open_database(database_path(data))
    message = refused.value.message
    assert "is missing or empty, but this data directory already holds" in message
    assert f"`backup restore {Path(latest['path']).name[:-len('.wsbackup')]}`" in message
    assert refused.value.backup["path"] == latest["path"] and "\n" not in message
    assert listing(data) == before  # no new database, no WAL, nothing else


@pytest.mark.parametrize("command", [["stats"], ["demo", "--without-complaints"]])
def test_the_command_line_refuses_a_lost_database_and_backup_restore_brings_it_back(copy_template, command,
                                                                                   english):
    data = copy_template("plain")
    made = backup_of(data)
    backup_id = Path(made["path"]).name[:-len(".wsbackup")]
    lose_database(data, "deleted")
    code, out, err = run("--data-dir", data, *command)
    assert (code, out) == (1, "") and len(err.strip().splitlines()) == 1
    assert "missing or empty" in err and f"`backup restore {backup_id}`" in err
    assert not database_path(data).exists()

    assert run("--data-dir", data, "backup", "restore", backup_id)[0] == 0
    db = open_db(data)
    try:
        assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 36
    finally:
        db.conn.close()


def test_a_keyring_without_its_database_and_without_a_backup_says_so(tmp_path, english):
    data = tmp_path / "data"
    access.prepare(data, None, plaintext=True)
    db = open_database(database_path(data))  # made by this process for a new database: created
    db.conn.close()
    access.forget_new(data)  # nothing: the keyring stays once the database exists
    database_path(data).unlink()
    for name in ("workstation.db-wal", "workstation.db-shm"):
        (data / name).unlink(missing_ok=True)
    access._MADE.clear()  # a later start: the keyring is the one of data kept before
    with pytest.raises(NeedsRestore, match="There is no backup in the backup folder to restore") as refused:
        open_database(database_path(data))
    assert refused.value.backup is None and not database_path(data).exists()
    assert (data / "keyring.json").exists()


def test_a_really_new_data_directory_still_gets_a_new_database(tmp_path):
    data = tmp_path / "new"
    db = open_database(database_path(data))
    try:
        assert applied_schema(db) == schema_names()
    finally:
        db.conn.close()


def test_a_damaged_database_names_the_latest_backup_and_the_command(copy_template, english):
    data = copy_template("plain")
    made = backup_of(data)
    path = database_path(data)
    path.write_bytes(path.read_bytes()[:4096])
    with pytest.raises(NeedsRestore) as refused:
        open_database(path)
    message = refused.value.message
    assert message.startswith(f"{path} is damaged and cannot be read. Restore the latest backup, made ")
    assert f"`backup restore {Path(made['path']).name[:-len('.wsbackup')]}`" in message


def test_the_check_of_an_emptied_database_says_what_is_missing_not_sqlites_words(tmp_path, english):
    path = tmp_path / "workstation.db"
    path.write_bytes(b"")
    db = connect(path, journal=False)
    try:
        problems = repair.quick_check(db)
    finally:
        db.conn.close()
    assert problems == ["The database cannot be read: a table the workstation needs is missing (the database is "
                        "damaged or empty)"]


def test_sqlite_errors_are_said_in_what_they_mean(english):
    assert sqlite_reason(sqlite3.OperationalError("no such column: priority")).startswith(
        "a column the workstation needs is missing")
    assert sqlite_reason(sqlite3.DatabaseError("file is not a database")).startswith("the file is not a database")
    assert sqlite_reason(sqlite3.OperationalError("something new")) == "SQLite reported an error (something new)"


def test_no_copy_is_made_before_migrating_a_database_that_holds_no_data(data_dir, monkeypatch):
    """A first start cut off after the first migration (the disk filled up) leaves a database at an early schema
    with nothing in it: the retry migrates it without copying it into backups/ first."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        open_database(database_path(data_dir)).conn.close()
    db = open_database(database_path(data_dir))
    try:
        assert applied_schema(db) == schema_names()
    finally:
        db.conn.close()
    assert not backups_dir(data_dir).exists()


def test_the_copy_before_a_migration_is_named_in_beijing_time_like_the_rolling_backups(data_dir, demo_db,
                                                                                       monkeypatch):
    demo_db.conn.close()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", lambda db: None)])
    monkeypatch.setattr(records, "now", lambda: "2026-12-01T18:37:54.000123+08:00")
    open_database(database_path(data_dir)).conn.close()
    assert [p.name for p in backups_dir(data_dir).iterdir()] == [
        f"before-migration-20261201-183754-000123-{schema_names()[-2]}.db"]


def test_an_init_the_full_disk_refused_leaves_nothing_and_can_be_run_again(tmp_path, monkeypatch, english):
    data = tmp_path / "new"

    def disk_full(db):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], ("m999_full", disk_full)])
        code, out, err = run("--data-dir", data, "init", "--plaintext", "--agency", "440605")
    assert code == 1 and "is full" in err
    assert listing(data) == []  # neither the half-made database nor the keyring made for it
    access._MADE.clear()  # the next run is another process
    assert run("--data-dir", data, "init", "--plaintext", "--agency", "440605")[0] == 0
    assert database_path(data).exists() and not backups_dir(data).exists()
