"""A note of an export killed before its commit whose process id another program holds now (the id given again
after the crash, or after the computer was started again): told apart by when that program started, which the note
records where the system tells it (Linux), and settled; a note of an export running now is left to it, and a note
without the start (an older version's, another system's) is left while its id is alive, as before."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import open_db
from workstation.bundle import export_journal
from workstation.bundle.export_journal import journal_folder
from workstation.repair import boot_id, process_started

pytestmark = [pytest.mark.usefixtures("english"),
              pytest.mark.skipif(not Path("/proc/self/stat").is_file() or not boot_id(),
                                 reason="the start of a process is told on Linux only")]


@pytest.fixture
def station(station_and_hq_copy):
    return station_and_hq_copy / "station"


@pytest.fixture
def other_program():
    """A program running now, unrelated to any export: its process id."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def noted_bundle(data: Path, stick: Path, name: str, pid: int, **process) -> tuple[Path, Path]:
    """A bundle put on ``stick`` and never recorded as sent, and the note of it naming ``pid`` (and ``process``)."""
    stick.mkdir(exist_ok=True)
    bundle = stick / f"{name}.bundle"
    bundle.write_bytes(f"the bundle of {name}".encode())
    folder = journal_folder(data)
    folder.mkdir(exist_ok=True)
    note = folder / f"{name}.json"
    note.write_text(json.dumps({"bundle_id": name, "path": str(bundle),
                                "sha256": hashlib.sha256(bundle.read_bytes()).hexdigest(),
                                "created_at": "2026-12-01T10:00:00+08:00", "pid": pid, **process}), encoding="utf-8")
    return bundle, note


def settled(data: Path) -> list[str]:
    db = open_db(data)
    try:
        return [Path(row["file"]).name for row in export_journal.settle(db, data) if row["removed"]]
    finally:
        db.conn.close()


def test_a_note_whose_process_id_another_program_holds_now_is_settled(station, other_program):
    started = process_started(other_program)
    assert started  # the system tells when the other program started
    stick = station.parent / "stick"
    reused, reused_note = noted_bundle(station, stick, "reused", other_program, boot=boot_id(),
                                       started=str(int(started) - 1))
    rebooted, rebooted_note = noted_bundle(station, stick, "rebooted", other_program,
                                           boot="00000000-0000-0000-0000-000000000000", started=started)
    assert settled(station) == ["rebooted.bundle", "reused.bundle"]
    assert not reused.exists() and not rebooted.exists()
    assert not reused_note.exists() and not rebooted_note.exists()


def test_a_note_of_an_export_running_now_or_without_its_start_is_left(station, other_program):
    stick = station.parent / "stick"
    running, running_note = noted_bundle(station, stick, "running", other_program, boot=boot_id(),
                                         started=process_started(other_program))
    older, older_note = noted_bundle(station, stick, "older", other_program)  # an older version's note
    assert settled(station) == []
    assert running.exists() and running_note.exists() and older.exists() and older_note.exists()


def test_the_note_an_export_writes_names_its_program_and_is_left_to_it(station):
    stick = station.parent / "stick"
    stick.mkdir()
    bundle = stick / "mine.bundle"
    bundle.write_bytes(b"this program's bundle, being recorded now")
    noted = export_journal.note(station, "mine", bundle, hashlib.sha256(bundle.read_bytes()).hexdigest(),
                                "2026-12-01T10:00:00+08:00")
    entry = json.loads(noted.read_text(encoding="utf-8"))
    assert (entry["pid"], entry["boot"]) == (os.getpid(), boot_id())
    assert entry["started"] == process_started(os.getpid())
    assert settled(station) == []  # this program's export, in another thread: its own to finish
    assert bundle.exists() and noted.exists()
