"""The note a bundle export writes in the data directory before putting its bundle in place (``export_journal``): when
that note cannot be written, the refusal names the data directory's folder, not the bundle's path on the USB stick
(whose disk is not the one to free or to change), and nothing is recorded, put in place or left behind."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from tests.helpers import open_db
from tests.test_bundle_export_cut_off import exports, refused_export
from workstation.bundle import export_journal, writer
from workstation.bundle.export_journal import journal_folder

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def dirs(station_and_hq_copy):
    return station_and_hq_copy


def on_a_stick(dirs: Path) -> tuple[Path, Path, Path]:
    """The station, an empty folder standing for the USB stick, and the bundle to export onto it."""
    stick = dirs / "stick"
    stick.mkdir()
    return dirs / "station", stick, stick / "one.bundle"


def test_a_note_that_cannot_be_written_names_the_data_directory_not_the_bundle(dirs):
    station, stick, bundle = on_a_stick(dirs)
    journal_folder(station).write_text("not a folder", encoding="utf-8")  # the note's folder cannot be made
    before = exports(station)
    message = refused_export(station, bundle)
    assert message.startswith(f"{journal_folder(station)} cannot be written"), message
    assert str(bundle) not in message and "choose another folder" not in message
    assert not bundle.exists() and list(stick.iterdir()) == []  # no bundle, no partial one
    assert exports(station) == before


def test_a_full_data_disk_is_the_one_the_refusal_says_to_free(dirs, monkeypatch):
    station, stick, bundle = on_a_stick(dirs)

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.export_journal, "note", full)
    before = exports(station)
    message = refused_export(station, bundle)
    assert message.startswith(f"{journal_folder(station)} cannot be written"), message
    assert message.endswith(f"Free some space on the disk holding {station}, then try again."), message
    assert not bundle.exists() and list(stick.iterdir()) == []
    assert exports(station) == before


def _own_note(station: Path, bundle: Path) -> Path:
    """A note naming this process, of ``bundle`` put in place and not recorded as sent."""
    folder = journal_folder(station)
    folder.mkdir()
    note = folder / "cut-off.json"
    note.write_text(json.dumps({"bundle_id": "cut-off", "path": str(bundle), "pid": os.getpid(),
                                "sha256": hashlib.sha256(bundle.read_bytes()).hexdigest(),
                                "created_at": "2026-12-01T10:00:00+08:00"}), encoding="utf-8")
    return note


def test_a_note_left_before_this_program_started_under_its_process_id_is_settled(dirs):
    """After a power cut the computer starts again and the workstation may well be given the process id the killed
    export had: its note is not of an export running in this program, which wrote none yet."""
    station, stick, bundle = on_a_stick(dirs)
    bundle.write_bytes(b"a bundle put in place, never recorded as sent")
    note = _own_note(station, bundle)
    an_hour_before = time.time() - 3600
    os.utime(note, (an_hour_before, an_hour_before))
    db = open_db(station)
    try:
        found = export_journal.settle(db, station)
    finally:
        db.conn.close()
    assert found == [{"file": str(bundle), "created_at": "2026-12-01T10:00:00+08:00", "removed": True}]
    assert not bundle.exists() and not note.exists()


def test_a_note_this_program_wrote_is_of_an_export_running_in_it_and_left_alone(dirs):
    station, stick, bundle = on_a_stick(dirs)
    bundle.write_bytes(b"a bundle another thread of this program is recording")
    note = _own_note(station, bundle)
    db = open_db(station)
    try:
        assert export_journal.settle(db, station) == []
    finally:
        db.conn.close()
    assert bundle.is_file() and note.is_file()
