"""A data directory on a read-only disk is read (the database opened read only, the count of wrong passphrases
best effort) and every write is refused saying what to do; a database opened read only by choice (the data is open
in another window) refuses changes, also from the process's background tasks; a locked database names the program
of the workstation that holds it (its open marker)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS
from tests.helpers import locked_by_another_copy, open_db, run
from workstation.db import open_database
from workstation.errors import DatabaseError, WorkstationError
from workstation.paths import database_path
from workstation.repair import COMMAND, WINDOW, boot_id, other_windows
from workstation.security import keyring

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
def read_only(data) -> str:
    """The refusal of a write into the data directory ``data`` on a read-only disk, naming it."""
    return (f"The data directory {data} is on a read-only disk: copy the data directory to a writable disk, or remove "
            "the read-only protection, then try again.")


@pytest.fixture
def read_only_copy(tmp_path):
    """read_only_copy(data) → a copy of ``data`` on a disk mounted read-only (a tmpfs remounted ro, unmounted at the
    end): root writes through file permissions, so only a read-only mount shows what a read-only disk does."""
    mounts = []

    def make(data):
        if os.name != "posix" or os.geteuid() != 0:
            pytest.skip("mounting a read-only disk needs root")
        point = tmp_path / f"disk{len(mounts)}"
        point.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(point)], capture_output=True).returncode:
            pytest.skip("this machine does not let the tests mount a disk")
        mounts.append(point)
        shutil.copytree(data, point / "data", symlinks=True)
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True, capture_output=True)
        return point / "data"

    yield make
    for point in mounts:  # lazily when a file of it is still open (the command line's log): detached at once
        if subprocess.run(["umount", str(point)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


def files_of(folder) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_read_only_commands_read_an_encrypted_data_directory_and_changes_are_refused(
        copy_template, read_only_copy, capsys, monkeypatch, english):
    data = read_only_copy(copy_template("encrypted"))
    before = files_of(data)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "cases", "list")
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 36
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "36" in out
    code, out, err = run(capsys, "--data-dir", data, "leads", "screen")
    assert code == 1 and read_only(data) in err
    assert files_of(data) == before


def test_a_wrong_passphrase_on_a_read_only_disk_says_it_was_not_counted(copy_template, read_only_copy, capsys,
                                                                       monkeypatch, english):
    data = read_only_copy(copy_template("encrypted"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "not the passphrase")
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 1
    assert "Wrong passphrase" in err and "This try was not counted" in err and "cannot be written" not in err
    assert keyring.load(data)["failures"] == 0


def test_a_database_closed_with_changes_in_its_wal_is_read_whole_from_a_read_only_disk(copy_template,
                                                                                      read_only_copy, english):
    data = copy_template("plain")
    db = open_db(data)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    with db.atomic():
        db.execute("UPDATE cases SET facts = 'after the copy' WHERE rowid = (SELECT min(rowid) FROM cases)")
    copy = read_only_copy(data)  # taken while the change is only in the -wal (immutable would not see it)
    db.conn.close()
    assert (copy / "workstation.db-wal").stat().st_size > 0
    on_disk = open_database(database_path(copy))
    try:
        assert on_disk.read_only
        assert on_disk.execute("SELECT count(*) FROM cases WHERE facts = 'after the copy'").fetchone()[0] == 1
        with pytest.raises(DatabaseError) as refused:
            with on_disk.atomic():
                on_disk.execute("UPDATE cases SET facts = 'x'")
        assert refused.value.message == read_only(copy)
    finally:
        on_disk.conn.close()


def test_a_database_opened_read_only_by_choice_refuses_changes_also_from_other_connections(copy_template, english):
    data = copy_template("plain")
    before = files_of(data)
    chosen = open_database(database_path(data), read_only=True)
    task = open_database(database_path(data))  # as a background task of the same window opens it
    try:
        assert chosen.execute("SELECT count(*) FROM cases").fetchone()[0] == 36
        for db in (chosen, task):
            with pytest.raises(DatabaseError) as refused:
                with db.atomic():
                    db.execute("UPDATE cases SET facts = 'x'")
            assert refused.value.message.startswith("This window opened the data read only, because it was already open "
                                                    "in another window")
    finally:
        chosen.conn.close()
        task.conn.close()
    assert {k: v for k, v in files_of(data).items() if "-wal" not in k and "-shm" not in k} == {
        k: v for k, v in before.items() if "-wal" not in k and "-shm" not in k}


@pytest.fixture
def live_process():
    """A process running for the test (its pid stands for another program of the workstation), ended after it."""
    started = []

    def make() -> int:
        process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        started.append(process)
        return process.pid

    yield make
    for process in started:
        process.kill()
        process.wait()


def marker(data, pid: int, program: str | None) -> None:
    folder = data / ".open"
    folder.mkdir(exist_ok=True)
    entry = {"pid": pid, "time": 0, "boot": boot_id()}
    if program:
        entry["program"] = program
    (folder / f"{pid}.json").write_text(json.dumps(entry), encoding="utf-8")


def test_other_windows_are_told_from_the_open_markers(copy_template, live_process):
    data = copy_template("plain")
    window, command, earlier_version = live_process(), live_process(), live_process()
    marker(data, window, WINDOW)
    marker(data, command, COMMAND)
    marker(data, earlier_version, None)  # an earlier version named no program: taken for a window
    marker(data, 2 ** 22 + 7, WINDOW)  # no such process: left behind by a crash, not open
    marker(data, os.getpid(), WINDOW)  # this process itself
    assert sorted(other_windows(data)) == sorted([window, earlier_version])


def test_a_change_refused_by_the_lock_of_a_window_names_that_window(copy_template, live_process, monkeypatch,
                                                                   english):
    data = copy_template("plain")
    pid = live_process()
    marker(data, pid, WINDOW)
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "50")
    db = open_db(data)
    try:
        with locked_by_another_copy(data):
            with pytest.raises(WorkstationError) as refused:
                with db.atomic():
                    db.execute("UPDATE cases SET facts = 'x'")
    finally:
        db.conn.close()
    assert f"is locked by the workstation's window open on the same data (process {pid})" in refused.value.message
