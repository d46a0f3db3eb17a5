"""A bundle export cut off between putting its bundle in place and recording it as sent: the bundle is renamed into
place as the last step of the transaction that records it, noted beforehand in ``.exporting/``; a failure after the
rename takes the bundle away again, and after a kill the next export removes the bundle the station does not know
it sent (its changes go again in the new one) and says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backup_fixtures import PROJECT
from tests.helpers import open_db, run
from workstation.bundle import export_journal, writer
from workstation.bundle.export_journal import journal_folder, unrecorded_note
from workstation.bundle.writer import removed_parts_note
from workstation.errors import WorkstationError

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def dirs(station_and_hq_copy):
    return station_and_hq_copy


def exports(data: Path) -> list[tuple[str, str]]:
    db = open_db(data)
    try:
        return [(r[0], r[1]) for r in db.execute("SELECT id, path FROM bundle_exports ORDER BY created_at, rowid")]
    finally:
        db.conn.close()


def refused_export(station: Path, bundle: Path) -> str:
    """The message with which ``bundle_export`` of ``station`` to ``bundle`` is refused (the test fails if it is not)."""
    db = open_db(station)
    try:
        with pytest.raises(WorkstationError) as refused:
            writer.export_bundle(db, station, bundle)
    finally:
        db.conn.close()
    return refused.value.message


def last_export_setting(data: Path) -> str | None:
    db = open_db(data)
    try:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [writer.LAST_EXPORT_KEY]).fetchone()
        return row[0] if row else None
    finally:
        db.conn.close()


def killed_after_the_rename(data: Path, bundle: Path) -> subprocess.CompletedProcess:
    """`bundle export` in a process that dies the moment its bundle is in place, before the commit."""
    code = ("import os, sys; import workstation.bundle.writer as writer; "
            "placed = writer._put_in_place; "
            "writer._put_in_place = lambda temp, out: (placed(temp, out), os._exit(0)); "
            "from workstation.cli import main; main(sys.argv[1:])")
    return subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "bundle", "export", "-o", str(bundle)],
                          cwd=PROJECT, capture_output=True, env={**os.environ, "WORKSTATION_LANG": "en"})


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_next_export_removes_a_bundle_a_killed_export_put_in_place_without_recording_it(capsys, dirs):
    station = dirs / "station"
    stick = dirs / "u盘"
    stick.mkdir()
    before, last_before = exports(station), last_export_setting(station)
    first = stick / "one.bundle"
    killed = killed_after_the_rename(station, first)
    assert killed.returncode == 0, killed.stderr
    # the state a new run finds: the bundle in place, not recorded as sent, and the note of it
    assert first.is_file()
    assert exports(station) == before and last_export_setting(station) == last_before
    notes = list(journal_folder(station).glob("*.json"))
    assert len(notes) == 1 and json.loads(notes[0].read_text(encoding="utf-8"))["path"] == str(first)
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", stick / "two.bundle", "--json")
    assert code == 0, err
    assert not first.exists()  # it held personal data and the station does not know it sent it
    assert sorted(p.name for p in stick.iterdir()) == ["two.bundle"]
    assert (f"Note: The bundle {first}, written by an export that was cut off before it was recorded as sent, was "
            "removed: this bundle carries its changes again.") in err
    result = json.loads(out)
    assert result["unrecorded"] == [{"file": str(first), "created_at": result["unrecorded"][0]["created_at"],
                                     "removed": True}]
    after = exports(station)
    assert after[:-1] == before and after[-1] == (result["bundle_id"], str(stick / "two.bundle"))
    assert result["scope"] == ("all" if last_before is None else "changed")  # what the first one held goes again
    assert not list(journal_folder(station).glob("*.json"))


def test_a_failure_after_the_rename_takes_the_bundle_away_and_records_nothing(dirs, monkeypatch):
    station = dirs / "station"
    bundle = dirs / "one.bundle"
    before, last_before = exports(station), last_export_setting(station)

    def full(_folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "fsync_dir", full)  # the step after the rename, inside the recording transaction
    message = refused_export(station, bundle)
    assert str(bundle) in message and "cannot be written" in message
    assert not bundle.exists() and sorted(p.name for p in dirs.iterdir() if p.name.endswith(".part")) == []
    assert exports(station) == before and last_export_setting(station) == last_before
    assert not list(journal_folder(station).glob("*.json"))


def write_note(data: Path, name: str, path: Path, pid: int, sha256: str = "0" * 64) -> Path:
    folder = journal_folder(data)
    folder.mkdir(exist_ok=True)
    note = folder / f"{name}.json"
    note.write_text(json.dumps({"bundle_id": name, "path": str(path), "sha256": sha256,
                                "created_at": "2026-12-01T10:00:00+08:00", "pid": pid}), encoding="utf-8")
    return note


def test_notes_of_exports_cut_off_before_the_rename_or_after_the_commit_are_settled_quietly(dirs):
    station = dirs / "station"
    stick = dirs / "stick"
    stick.mkdir()
    first = stick / "one.bundle"
    db = open_db(station)
    try:
        writer.export_bundle(db, station, first)
        recorded = exports(station)[-1][0]
        older = stick / "older.bundle"
        older.write_bytes(b"a bundle of the same name written before, not this export's")
        notes = [write_note(station, recorded, first, dead_pid(), sha256=writer._file_sha256(first)),  # committed
                 write_note(station, "cut-before-rename", stick / "never.bundle", dead_pid()),
                 write_note(station, "other-bundle-there", older, dead_pid())]
        running = write_note(station, "running-elsewhere", stick / "running.bundle", os.getppid())
        unplugged = write_note(station, "stick-unplugged", dirs / "not plugged in" / "x.bundle", dead_pid())
        assert export_journal.settle(db, station) == []
    finally:
        db.conn.close()
    assert first.is_file() and older.is_file()
    assert not any(n.exists() for n in notes)
    assert running.exists()  # an export of another program, running now
    assert unplugged.exists()  # settled once its folder is there again


def test_the_note_is_said_where_the_exports_notes_are_shown(english):
    result = {"path": "/media/u/two.bundle", "removed_parts": [".bundle-1-x.part"], "unrecorded": [
        {"file": "/media/u/one.bundle", "created_at": "2026-12-01T10:00:00+08:00", "removed": False}]}
    said = removed_parts_note(result)
    assert said.startswith("The bundle /media/u/one.bundle, written by an export that was cut off before it was "
                           "recorded as sent, could not be removed: delete it and do not send it to headquarters")
    assert said.endswith("1 partial bundle left in /media/u by an export that was cut off was removed: it held "
                         "personal data.")
    assert unrecorded_note({"unrecorded": []}) == "" and removed_parts_note({"path": "/x"}) == ""
