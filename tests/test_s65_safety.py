"""Audit 65 (command line and security): a damaged database due an update refused before its copy is made, naming the
latest good backup (and no damaged pre-update copy ever offered); `security encrypt` refusing a database the
workstation must not touch; a change whose result cannot be printed exits with its own code, not 1; the interview
states of `interviews list --state` refused with their labels."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import run, run_json
from workstation.db import driver, open_database, schema
from workstation.db.connection import MIGRATION_SET, NeedsRestore
from workstation.paths import backups_dir, database_path

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
PROJECT = Path(__file__).resolve().parent.parent


# 1. a damaged database due an update ------------------------------------------------------------------------------
def later(db) -> None:
    db.execute("CREATE TABLE later_things (id INTEGER PRIMARY KEY)")


def one_more_migration(monkeypatch) -> None:
    """This version has one migration more than the data: its database is an earlier version's, due an update."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", later)])


GARBAGE = bytes((n * 97 + 13) % 256 for n in range(600))


def _connect(path: Path, key: bytes | None):
    return driver.connect_encrypted(str(path), 5, key) if key is not None else driver.connect_plain(str(path), 5)


def _overwrite(path: Path, offset: int, data: bytes) -> bytes:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        was = fh.read(len(data))
        fh.seek(offset)
        fh.write(data)
    return was


def _only_a_full_read_fails(path: Path, key: bytes | None) -> bool:
    """The database opens, its schema and the first row of every table read, but reading all of cases fails."""
    conn = _connect(path, key)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                             "'CREATE VIRTUAL%'")]
        for name in tables:
            conn.execute(f'SELECT * FROM "{name}" LIMIT 1').fetchall()
        conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
    except driver.Error:
        return False
    try:
        conn.execute("SELECT * FROM cases").fetchall()
        return False
    except driver.Error:
        return True
    finally:
        conn.close()


def damage_a_leaf_of_cases(path: Path, key: bytes | None = None) -> None:
    """600 bytes of one leaf page of the cases table overwritten, as a failing disk leaves it: not the first leaf (the
    database still opens and shows its first cases), so only a check that reads every page finds it. Found with
    SQLite's dbstat when the file is plain; an encrypted one (SQLCipher has no dbstat) is tried page by page."""
    conn = _connect(path, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        if key is None:
            leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'cases' AND "
                                                 "pagetype = 'leaf'")][1:]
        else:
            leaves = list(range(2, pages + 1))
    finally:
        conn.close()
    for page in leaves:
        offset = (page - 1) * size + 200
        was = _overwrite(path, offset, GARBAGE)
        if _only_a_full_read_fails(path, key):
            return
        _overwrite(path, offset, was)
    raise AssertionError("no leaf of cases to damage")


def migration_copies(data: Path) -> list[str]:
    folder = backups_dir(data)
    return sorted(p.name for p in folder.glob("before-migration-*")) if folder.is_dir() else []


def backup_id(made: dict) -> str:
    return Path(made["path"]).name.removesuffix(".wsbackup")


@pytest.fixture
def damaged_earlier(copy_template, monkeypatch):
    """A data directory with a good backup, whose database is an earlier version's and has a damaged page."""
    data = copy_template("plain")
    made = backup_of(data)
    one_more_migration(monkeypatch)
    damage_a_leaf_of_cases(database_path(data))
    return data, made


def test_a_damaged_database_due_an_update_is_refused_before_its_copy_naming_the_good_backup(damaged_earlier,
                                                                                            english):
    data, made = damaged_earlier
    before = database_path(data).read_bytes()
    with pytest.raises(NeedsRestore) as refused:
        open_database(database_path(data))
    assert refused.value.backup is not None and refused.value.backup["path"] == made["path"]
    assert f"`backup restore {backup_id(made)}`" in refused.value.message
    assert "before-migration" not in refused.value.message
    assert migration_copies(data) == []
    assert database_path(data).read_bytes() == before


def test_the_command_line_refuses_it_at_every_run_and_adds_no_copy(damaged_earlier, capsys, english):
    data, made = damaged_earlier
    for _run in range(2):
        code, out, err = run(capsys, "--data-dir", data, "stats")
        assert code == 1 and out == ""
        assert f"backup restore {backup_id(made)}" in err and "before-migration" not in err
        assert "Traceback" not in err
    assert migration_copies(data) == []


def test_an_encrypted_damaged_database_is_refused_the_same_way(copy_template, monkeypatch, english):
    from workstation.security import session

    data = copy_template("encrypted")
    made = backup_of(data)
    one_more_migration(monkeypatch)
    damage_a_leaf_of_cases(database_path(data), session.require_key(data))
    with pytest.raises(NeedsRestore) as refused:
        open_database(database_path(data))
    assert refused.value.backup["path"] == made["path"]
    assert migration_copies(data) == []


def test_the_refused_update_never_says_a_copy_was_kept(damaged_earlier, capsys, english):
    data, _made = damaged_earlier
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 1 and "nothing was changed" in err
    assert "a copy of it is kept" not in err  # said before the check: no copy is made of a damaged file


def _counting_quick_checks(monkeypatch) -> list[str]:
    """The quick checks run (``repair.quick_check``, ``connection.file_damage``), each still run for real."""
    from workstation import repair
    from workstation.db import connection

    ran: list[str] = []
    real_check, real_damage = repair.quick_check, connection.file_damage

    def check(db):
        ran.append("quick_check")
        return real_check(db)

    def damage(db):
        ran.append("file_damage")
        return real_damage(db)

    monkeypatch.setattr(repair, "quick_check", check)
    monkeypatch.setattr(connection, "file_damage", damage)
    return ran


def test_after_an_unclean_shutdown_an_update_runs_the_quick_check_once(copy_template, monkeypatch):
    from tests.backup_fixtures import crash_with_the_data_open

    data = copy_template("plain")
    crash_with_the_data_open(data)
    one_more_migration(monkeypatch)
    ran = _counting_quick_checks(monkeypatch)
    open_database(database_path(data)).conn.close()
    assert ran == ["quick_check"]  # the check after the crash is the update's check too
    assert len(migration_copies(data)) == 1


def test_an_update_after_a_clean_shutdown_runs_the_quick_check_once(copy_template, monkeypatch):
    data = copy_template("plain")
    one_more_migration(monkeypatch)
    ran = _counting_quick_checks(monkeypatch)
    open_database(database_path(data)).conn.close()
    assert ran == ["file_damage"]


def test_an_ordinary_opening_runs_no_quick_check(copy_template, monkeypatch):
    """No update due, no unclean shutdown: the quick check (it reads the whole file) is not run."""
    from workstation import repair
    from workstation.db import connection

    data = copy_template("plain")

    def refused(db):
        raise AssertionError("the quick check ran at an ordinary opening")

    monkeypatch.setattr(repair, "quick_check", refused)
    monkeypatch.setattr(connection, "file_damage", refused)
    if hasattr(repair, "quick_check_findings"):
        monkeypatch.setattr(repair, "quick_check_findings", refused)
    open_database(database_path(data)).conn.close()
    assert migration_copies(data) == []


def test_a_sound_database_is_still_copied_and_updated(copy_template, monkeypatch):
    data = copy_template("plain")
    one_more_migration(monkeypatch)
    open_database(database_path(data)).conn.close()
    assert len(migration_copies(data)) == 1


def test_a_damaged_pre_update_copy_left_by_an_earlier_version_is_never_offered(copy_template, monkeypatch, english):
    data = copy_template("plain")
    made = backup_of(data)
    one_more_migration(monkeypatch)
    open_database(database_path(data)).conn.close()  # the update copies the database first: newer than the backup
    copy = backups_dir(data) / migration_copies(data)[0]
    damage_a_leaf_of_cases(copy)  # as an earlier version copied a damaged database
    path = database_path(data)
    path.write_bytes(path.read_bytes()[:4096])  # the database damaged now
    with pytest.raises(NeedsRestore) as refused:
        open_database(path)
    assert refused.value.backup["path"] == made["path"]
    assert copy.name.removesuffix(".db") not in refused.value.message


def test_a_sound_pre_update_copy_newer_than_the_backup_is_still_offered(copy_template, monkeypatch, english):
    data = copy_template("plain")
    backup_of(data)
    one_more_migration(monkeypatch)
    open_database(database_path(data)).conn.close()
    copy = backups_dir(data) / migration_copies(data)[0]
    path = database_path(data)
    path.write_bytes(path.read_bytes()[:4096])
    with pytest.raises(NeedsRestore) as refused:
        open_database(path)
    assert refused.value.backup["path"] == str(copy)


def test_the_copy_of_a_database_whose_update_fails_on_damage_is_removed(copy_template, monkeypatch, english):
    """Damage the quick check does not see, found by the update itself: the copy it made of it goes."""
    data = copy_template("plain")
    made = backup_of(data)

    def damaged(db):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", damaged)])
    with pytest.raises(NeedsRestore) as refused:
        open_database(database_path(data))
    assert migration_copies(data) == []
    assert refused.value.backup["path"] == made["path"]


# 2. `security encrypt` of a database the workstation must not touch -----------------------------------------------
@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    path = tmp_path / "pp"
    path.write_text(PASS + "\n", encoding="utf-8")
    return path


def _state(data: Path) -> dict[str, bytes]:
    """Every file of ``data`` but the log and the WAL's files a read-only look at a WAL database makes beside it."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file() and "logs" not in p.relative_to(data).parts and not p.name.endswith(("-shm", "-wal"))}


def test_security_encrypt_refuses_another_programs_database(tmp_path, passphrase_file, capsys, english):
    data = tmp_path / "op"
    data.mkdir()
    conn = sqlite3.connect(database_path(data))
    conn.execute("CREATE TABLE contacts (name, phone)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800138000')")
    conn.commit()
    conn.close()
    before = _state(data)
    code, out, err = run(capsys, "--data-dir", data, "--passphrase-file", passphrase_file, "security", "encrypt")
    assert code == 1, err
    assert "another program" in err and "Traceback" not in err
    assert _state(data) == before  # no journal, no keyring, the file as it was
    assert database_path(data).read_bytes().startswith(b"SQLite format 3\x00")


def test_security_encrypt_refuses_a_newer_versions_database(copy_template, passphrase_file, capsys, english):
    data = copy_template("plain")
    conn = sqlite3.connect(database_path(data))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm999_future', "
                 "'2027-01-01')", [MIGRATION_SET])
    conn.commit()
    conn.close()
    before = _state(data)
    code, out, err = run(capsys, "--data-dir", data, "--passphrase-file", passphrase_file, "security", "encrypt")
    assert code == 1, err
    assert "newer version" in err
    assert _state(data) == before
    assert not (data / "encrypt-journal.json").exists()


# 3. a result that cannot be printed ---------------------------------------------------------------------------------
def _child_env() -> dict:
    return {**os.environ, "WORKSTATION_LANG": "en", "WORKSTATION_PLAINTEXT": "1", "PYTHONIOENCODING": "utf-8"}


CASE = "佛南市监立〔2026〕9号"


def _issue(data: Path, out_pdf: Path, stdout, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "main.py", "--data-dir", str(data), "docs", "issue", CASE, "--form",
                             "rectification_order", "-o", str(out_pdf), *extra], cwd=PROJECT, stdout=stdout,
                            stderr=subprocess.PIPE, env=_child_env())


def _issued(data: Path, capsys) -> list[str]:
    """The numbers ``docs register --json`` lists, read in this process: what these tests are about is the issue
    run in a process of its own (``_issue``), not the reading of the register (a program started for it, twice a
    test, took a third of a second each)."""
    return [row["number"] for row in run_json(capsys, "--data-dir", data, "docs", "register")]


@pytest.mark.parametrize("extra", [["--json"], []])
def test_an_issue_whose_result_cannot_be_written_to_a_full_disk_exits_0_saying_so(copy_template, tmp_path, capsys,
                                                                                  extra):
    data = copy_template("plain")
    issued = _issued(data, capsys)
    with open("/dev/full", "w") as full:
        child = _issue(data, tmp_path / "i1.pdf", full, *extra)
        _out, err = child.communicate(timeout=120)
    err = err.decode("utf-8")
    assert child.returncode == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err and "Internal error" not in err
    assert "could not be written" in err and "audit list" in err and "docs register" in err
    assert len(_issued(data, capsys)) == len(issued) + 1
    assert (tmp_path / "i1.pdf").is_file()


def test_an_issue_whose_reader_closed_the_pipe_exits_0_without_noise(copy_template, tmp_path, capsys):
    data = copy_template("plain")
    issued = _issued(data, capsys)
    read, write = os.pipe()
    os.close(read)  # the reader gone before the result comes: a closed pipe
    try:
        child = _issue(data, tmp_path / "i2.pdf", write, "--json")
    finally:
        os.close(write)
    _out, err = child.communicate(timeout=120)
    err = err.decode("utf-8")
    assert child.returncode == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err and "Internal error" not in err
    assert "could not be written" in err
    assert len(_issued(data, capsys)) == len(issued) + 1


def test_a_listing_that_cannot_be_written_changes_nothing_and_says_why(copy_template):
    data = copy_template("plain")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "stats", "--json"], cwd=PROJECT,
                              stdout=full, stderr=subprocess.PIPE, env=_child_env(), timeout=120)
    err = done.stderr.decode("utf-8")
    assert "Traceback" not in err and "Exception ignored" not in err and "Internal error" not in err
    assert "could not be written" in err and "the disk is full" in err and "nothing was changed" in err
    assert done.returncode == 1, err  # CLI.md: exit 1, nothing changed; a script does not take a cut-off result


def test_a_saving_command_whose_result_cannot_be_written_exits_0(copy_template):
    data = copy_template("plain")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "backup", "create", "--json"],
                              cwd=PROJECT, stdout=full, stderr=subprocess.PIPE, env=_child_env(), timeout=120)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 0, err
    assert "could not be written" in err and "changes are saved" in err and "nothing was changed" not in err
    assert len(list(backups_dir(data).glob("*.wsbackup"))) == 1


def test_a_listing_written_to_its_own_file_keeps_exit_0_when_stdout_fails(copy_template, tmp_path):
    data = copy_template("plain")
    out_csv = tmp_path / "interviews.csv"
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "interviews", "export", "-o",
                               str(out_csv)], cwd=PROJECT, stdout=full, stderr=subprocess.PIPE, env=_child_env(),
                              timeout=120)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 0, err
    assert out_csv.is_file() and "nothing was changed" not in err


# 4. interviews list --state ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["list", "export"])
def test_an_unknown_interview_state_is_refused_with_the_states_labels(cli_station, tmp_path, capsys, english,
                                                                      command):
    data = cli_station(tmp_path / "station")
    extra = ["-o", tmp_path / "out.csv"] if command == "export" else []
    for bogus in ("bogus", "void"):  # void is --include-void's, not a state to list alone
        code, out, err = run(capsys, "--data-dir", data, "interviews", command, "--state", bogus, *extra)
        assert code == 2
        assert "scheduled (已安排)" in err and "held (已约谈)" in err and "absent (当事人未到场)" in err
        assert "void (" not in err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("given", ["held", "已约谈"])
def test_an_interview_state_is_taken_as_a_key_or_its_label(cli_station, tmp_path, capsys, given):
    data = cli_station(tmp_path / "station")
    code, out, err = run(capsys, "--data-dir", data, "interviews", "list", "--state", given, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows and all(row["state"] == "held" for row in rows)
