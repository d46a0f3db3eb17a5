"""A restore or a backup killed at a bad moment whose process id another program holds at the next start (the id given
again after a power cut, or to a program started since): told apart by when that program started, which the restore's
journal and the backup's note record where the system tells it (Linux), and finished or recorded, as for a process
that is gone; a restore still running in another program is left to it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.test_crash14 import killed, posix
from tests.test_cut_off_backups import audited
from tests.test_full_disk import run
from workstation.repair import (
    BACKUP_TITLES,
    _stopped_work,
    boot_id,
    clear_stopped,
    interrupted_work,
    other_windows,
    process_started,
    was_unclean,
)

templates, copy_template, _fast_keys = (
    backup_fixtures.templates,
    backup_fixtures.copy_template,
    backup_fixtures._fast_keys,
)

pytestmark = [
    posix,
    pytest.mark.skipif(
        not Path("/proc/self/stat").is_file() or not boot_id(),
        reason="the start of a process is told on Linux only",
    ),
]


@pytest.fixture
def other_program():
    """A program running now, unrelated to any restore or backup: its process id. Started a clock tick or more before
    the process the test kills (a process's start is told in ticks of 10 ms: two started within one tick would read
    as the same process, and the one killed as still running — a clean clone's fast copy made that happen)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    time.sleep(0.05)
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def given_to(note: dict, pid: int, **process) -> dict:
    """``note`` (a restore's journal, a backup's note) as it reads once its process id is ``pid``'s."""
    return {**note, "pid": pid, "process": {**(note.get("process") or {}), "pid": pid, **process}}


def killed_restore(capsys, data: Path) -> Path:
    """A restore killed once the backup's data was in place, before what follows (its audit entry); its journal."""
    made = json.loads(run(capsys, "--data-dir", data, "--json", "backup", "create")[1])
    killed("workstation.backup_restore._after_swap:1", "--data-dir", data, "backup", "restore", made["id"])
    journal = data / "backups" / "restore-journal.json"
    assert journal.exists()
    return journal


def test_a_restore_killed_whose_process_id_another_program_holds_now_is_finished_at_the_next_start(
    copy_template, capsys, english, other_program
):
    data = copy_template("plain")
    journal = killed_restore(capsys, data)
    journal.write_text(
        json.dumps(given_to(json.loads(journal.read_text(encoding="utf-8")), other_program)), encoding="utf-8"
    )
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0
    assert "was cut off after it had replaced the data, and was finished now" in err
    assert not journal.exists() and len(audited(data, "restore")) == 1


def test_a_restore_running_in_another_program_is_left_to_it(copy_template, capsys, english, other_program):
    data = copy_template("plain")
    journal = killed_restore(capsys, data)
    running = given_to(
        json.loads(journal.read_text(encoding="utf-8")),
        other_program,
        boot=boot_id(),
        started=process_started(other_program),
    )
    journal.write_text(json.dumps(running), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "cut off" not in err
    assert json.loads(journal.read_text(encoding="utf-8")) == running and audited(data, "restore") == []


def test_a_backup_killed_whose_process_id_another_program_holds_now_is_recorded_at_the_next_start(
    copy_template, capsys, english, other_program
):
    data = copy_template("plain")
    killed("workstation.backup.save_backup_settings:1", "--data-dir", data, "backup", "create")
    [note] = (data / "backups").glob(".backup-made-*.json")
    moved = note.with_name(f".backup-made-{other_program}.json")
    moved.write_text(
        json.dumps(given_to(json.loads(note.read_text(encoding="utf-8")), other_program)), encoding="utf-8"
    )
    note.unlink()
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0
    assert "was cut off after it had been written in full" in err
    assert len(audited(data, "backup")) == 1 and not moved.exists()


def _backup_killed_in_place_given_to(data: Path, pid: int) -> tuple[Path, Path]:
    """A backup killed once it was whole and in place, its note and its open marker as they read once its process id
    is ``pid``'s (what the killed process recorded of its start kept); the note and the marker."""
    killed("workstation.backup.save_backup_settings:1", "--data-dir", data, "backup", "create")
    [note] = (data / "backups").glob(".backup-made-*.json")
    moved = note.with_name(f".backup-made-{pid}.json")
    moved.write_text(json.dumps(given_to(json.loads(note.read_text(encoding="utf-8")), pid)), encoding="utf-8")
    note.unlink()
    [marker] = (data / ".open").glob("*.json")
    entry = json.loads(marker.read_text(encoding="utf-8"))
    assert entry["work"] == ["Backing up"]
    given = marker.with_name(f"{pid}.json")
    given.write_text(json.dumps({**entry, "pid": pid}), encoding="utf-8")
    marker.unlink()
    return moved, given


def test_a_backup_killed_in_place_whose_process_id_another_program_holds_is_never_named_as_not_saved(
    copy_template, capsys, english
):
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    time.sleep(0.05)
    try:
        data = copy_template("plain")
        _note, marker = _backup_killed_in_place_given_to(data, proc.pid)
        code, _out, err = run(capsys, "--data-dir", data, "stats")
        assert code == 0
        assert "was cut off after it had been written in full: it is whole and kept" in err
    finally:
        proc.kill()
        proc.wait()
    # the program holding the id has ended since: the killed backup's marker is now one of a process that stopped
    code, _out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert "What it had not completed was not saved" not in err and "Backing up" not in err, err


def test_an_older_marker_without_its_start_counts_a_live_process_id_as_its_process(
    copy_template, capsys, english, other_program
):
    data = copy_template("plain")
    _note, marker = _backup_killed_in_place_given_to(data, other_program)
    entry = json.loads(marker.read_text(encoding="utf-8"))
    entry.pop("started", None)  # as an earlier version wrote it
    marker.write_text(json.dumps(entry), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0
    # the backup is recorded (its note tells its process apart), its marker left as it was: that process runs
    assert "was cut off after it had been written in full" in err
    assert json.loads(marker.read_text(encoding="utf-8"))["work"] == ["Backing up"]


def _marker_given_to(data: Path, pid: int, **process) -> Path:
    """A window's open marker, with work noted, as a window killed earlier left it once its process id is ``pid``'s."""
    folder = data / ".open"
    folder.mkdir(parents=True)
    marker = folder / f"{pid}.json"
    marker.write_text(json.dumps({"pid": pid, "time": time.time(), "program": "window", "work": ["Backing up"],
                                  **process}), encoding="utf-8")
    return marker


def test_a_marker_whose_process_id_an_unrelated_program_holds_now_is_one_left_behind(tmp_path, other_program):
    earlier = str(int(process_started(other_program)) - 1)  # the killed window's start: before that program's
    marker = _marker_given_to(tmp_path, other_program, boot=boot_id(), started=earlier)
    # the start after it checks the database, names the work cut off, and asks about no window of that id
    assert was_unclean(tmp_path)
    assert interrupted_work(tmp_path) == ["Backing up"]
    assert _stopped_work(tmp_path, BACKUP_TITLES) == {other_program: ["Backing up"]}
    assert other_windows(tmp_path) == []
    clear_stopped(tmp_path)
    assert not marker.exists()


def test_a_marker_whose_process_is_still_running_or_that_names_no_start_is_not_left_behind(tmp_path, other_program):
    for process in ({"boot": boot_id(), "started": process_started(other_program)}, {"boot": boot_id()}, {}):
        marker = _marker_given_to(tmp_path, other_program, **process)
        assert not was_unclean(tmp_path) and interrupted_work(tmp_path) == []
        assert other_windows(tmp_path) == [other_program]
        clear_stopped(tmp_path)
        assert marker.exists()
        marker.unlink()
        marker.parent.rmdir()
