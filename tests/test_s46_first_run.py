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


# two `init --plaintext` commands, real processes, on the same new data folder ------------------------------------
def _init_env():
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(WORKSTATION_LANG="en", PYTHONIOENCODING="utf-8", WORKSTATION_BUSY_TIMEOUT_MS="20000")
    return env


def _init(folder, env):
    import subprocess
    import sys
    from pathlib import Path

    return subprocess.Popen([sys.executable, "main.py", "--data-dir", str(folder), "init", "--plaintext"],
                            cwd=Path(__file__).resolve().parent.parent, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _finished_whole(folder, processes) -> None:
    """Each command succeeded, or was told another program is creating the folder; the folder holds a whole
    database that a later command reads (run in this process: what is raced is the two ``init`` processes, and a
    third interpreter's start was a third of the test's time)."""
    import contextlib
    import io

    from workstation.cli import main

    results = [(process.communicate(timeout=120), process.returncode) for process in processes]
    for (out, err), code in results:
        assert code == 0 or "is creating this data folder" in err, (code, out, err)
    assert any(process.returncode == 0 for process in processes)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(folder), "stats"])
    assert code == 0, err.getvalue()
    _check_complete(database_path(folder))


def test_a_command_started_once_the_first_made_the_database_deletes_nothing(tmp_path):
    """The first command makes the database; the second starts once it holds data and opens it as existing. Both
    add the reference agencies: the first one's write waits for the second's instead of failing as locked, and a
    failure would not remove the database the other uses."""
    import os
    import time

    env = _init_env()
    for attempt in range(5):
        folder = tmp_path / f"stag{attempt}"
        first = _init(folder, env)
        path = database_path(folder)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (path.exists() and os.path.getsize(path) > 0):
            time.sleep(0.002)
        late = _init(folder, env)
        _finished_whole(folder, [first, late])


def test_two_commands_started_at_once_are_not_told_their_data_is_lost(tmp_path):
    """The keyring one of them writes before its database is no sign of lost data to the other."""
    env = _init_env()
    for attempt in range(5):
        folder = tmp_path / f"both{attempt}"
        _finished_whole(folder, [_init(folder, env), _init(folder, env)])


def test_a_folder_another_program_is_creating_is_refused_as_such_not_as_lost(data_dir, monkeypatch):
    """A keyring beside no database while another live program's claim is in the folder: after a bounded wait the
    refusal names that program, not lost data."""
    import os

    from workstation.cli_new_data import CLAIM_PREFIX
    from workstation.db.connection import NeedsRestore, refuse_lost
    from workstation.security import keyring

    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "300")
    data_dir.mkdir(parents=True, exist_ok=True)
    keyring.choose_plaintext(data_dir)  # another program's: this process made no keyring here (``made_here``)
    (data_dir / f"{CLAIM_PREFIX}{os.getppid()}-abcd1234").write_text("", encoding="utf-8")
    with pytest.raises(DatabaseError) as refused:
        refuse_lost(database_path(data_dir))
    assert not isinstance(refused.value, NeedsRestore)
    assert str(os.getppid()) in refused.value.message
    assert (data_dir / "keyring.json").exists()


def _new_database(data_dir):
    """A refused command's new data directory as it left it: its claim, and the database it made."""
    from workstation.cli_new_data import before_command

    new = before_command(data_dir, True)
    db = open_database(database_path(data_dir))
    return new, db


def test_a_refused_command_leaves_the_database_another_program_has_open(data_dir):
    import json
    import os

    from workstation.cli_new_data import remove_new_data
    from workstation.repair import boot_id

    new, db = _new_database(data_dir)
    (data_dir / ".open").mkdir(exist_ok=True)
    (data_dir / ".open" / f"{os.getppid()}.json").write_text(json.dumps(
        {"pid": os.getppid(), "time": 0, "boot": boot_id(), "program": "command"}), encoding="utf-8")
    remove_new_data(new, db)
    assert database_path(data_dir).stat().st_size > 0


def test_a_command_refused_because_another_program_held_the_lock_removes_nothing(data_dir, monkeypatch):
    import sqlite3

    from workstation.cli_new_data import remove_new_data
    from workstation.store import ensure_reference_data

    new, db = _new_database(data_dir)
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "100")
    db.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(database_path(data_dir), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError):
            ensure_reference_data(db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    remove_new_data(new, db)
    assert database_path(data_dir).stat().st_size > 0
    assert applied_schema(open_database(database_path(data_dir))) == schema_names()


def test_a_database_lost_while_another_program_has_long_had_it_open_is_refused_as_lost(data_dir, monkeypatch):
    """A final-read finding: the open marker of a window open for long beside a database deleted meanwhile is no
    creation of the folder — the start is refused as lost data (naming the backup to restore), not told to wait."""
    import json
    import os
    import time

    from workstation.db.connection import NeedsRestore, refuse_lost
    from workstation.repair import MARKER, boot_id
    from workstation.security import keyring

    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "300")
    data_dir.mkdir(parents=True, exist_ok=True)
    keyring.choose_plaintext(data_dir)
    (data_dir / MARKER).mkdir()
    (data_dir / MARKER / f"{os.getppid()}.json").write_text(json.dumps(
        {"pid": os.getppid(), "time": time.time() - 3600, "boot": boot_id(), "program": "window"}), encoding="utf-8")
    with pytest.raises(NeedsRestore):
        refuse_lost(database_path(data_dir))


def test_a_claim_left_long_ago_whose_pid_runs_again_is_no_program_creating_the_folder(data_dir, monkeypatch):
    """A final-read finding: a claim a cut-off restore left, its pid since taken by another process, does not make
    every start wait and call the folder being created."""
    import os
    import time

    from workstation.cli_new_data import CLAIM_PREFIX
    from workstation.db.connection import NeedsRestore, refuse_lost
    from workstation.security import keyring

    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "300")
    data_dir.mkdir(parents=True, exist_ok=True)
    keyring.choose_plaintext(data_dir)
    claim = data_dir / f"{CLAIM_PREFIX}{os.getppid()}-deadbeef"
    claim.write_text("", encoding="utf-8")
    old = time.time() - 3600
    os.utime(claim, (old, old))
    with pytest.raises(NeedsRestore):
        refuse_lost(database_path(data_dir))

