"""What an export removed before writing its bundle is said whatever the export then does: the bundle a killed
export put on the stick without recording it (``export_journal.settle``) and the partial bundles of cut-off exports
(``remove_stale_parts``) go before the bundle is written — freeing the stick and taking the personal data off it —
so an export refused afterwards (the stick pulled out, a Cancel) says them with its refusal, on the command line
(its error line and ``--json``) and in the window; the next export has nothing left to say of them."""

from __future__ import annotations

import errno
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import open_db, run
from workstation.bundle import writer
from workstation.bundle.export_journal import journal_folder, unrecorded_note
from workstation.errors import Cancelled
from workstation.progress import CancelToken

pytestmark = pytest.mark.usefixtures("english")

REMOVED = ("The bundle {file}, written by an export that was cut off before it was recorded as sent, was removed: "
           "the next export carries its changes again.")


@pytest.fixture
def station(station_and_hq_copy):
    return station_and_hq_copy / "station"


@pytest.fixture
def stick(station_and_hq_copy):
    folder = station_and_hq_copy / "u盘"
    folder.mkdir()
    return folder


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def unrecorded_bundle(data: Path, stick: Path) -> Path:
    """A bundle an export killed between its rename and its commit left on ``stick``, with its note."""
    bundle = stick / "killed.bundle"
    bundle.write_bytes(b"the bundle of an export killed before it was recorded as sent")
    folder = journal_folder(data)
    folder.mkdir(exist_ok=True)
    (folder / "killed.json").write_text(json.dumps({
        "bundle_id": "killed", "path": str(bundle), "sha256": hashlib.sha256(bundle.read_bytes()).hexdigest(),
        "created_at": "2026-12-01T10:00:00+08:00", "pid": dead_pid()}), encoding="utf-8")
    return bundle


def exports(data: Path) -> list[str]:
    db = open_db(data)
    try:
        return [r[0] for r in db.execute("SELECT id FROM bundle_exports ORDER BY created_at, rowid")]
    finally:
        db.conn.close()


def pulled_out(monkeypatch) -> None:
    """The stick is pulled out as the finished bundle is renamed into place."""

    def gone(_temp, _out):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writer, "_put_in_place", gone)


def test_a_refused_export_says_the_bundle_it_removed_on_its_error_line_and_in_json(capsys, station, stick,
                                                                                   monkeypatch):
    killed = unrecorded_bundle(station, stick)
    part = stick / ".bundle-oldpart.part"  # an older version's partial bundle, written before this program
    part.write_bytes(b"half a bundle")
    before = exports(station)
    with monkeypatch.context() as m:
        pulled_out(m)
        m.setattr(writer, "_STARTED", part.stat().st_mtime + 1)
        code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", stick / "new.bundle", "--json")
    assert code == 1
    [error, said] = err.strip().splitlines()
    assert error.startswith(f"Error: {stick / 'new.bundle'} cannot be written")
    assert said == (REMOVED.format(file=killed) + " 1 partial bundle left in " + str(stick) + " by an export that "
                    "was cut off was removed: it held personal data.")
    result = json.loads(out)
    assert result["path"] is None and result["error"] == f"{error[len('Error: '):]}\n{said}"
    assert result["unrecorded"] == [{"file": str(killed), "created_at": "2026-12-01T10:00:00+08:00",
                                     "removed": True}]
    assert result["removed_parts"] == [part.name]
    assert not killed.exists() and not part.exists() and not (stick / "new.bundle").exists()
    assert exports(station) == before and not list(journal_folder(station).glob("*.json"))
    # said once: the next export, which carries the removed bundle's changes, has nothing left to say of it
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", stick / "new.bundle", "--json")
    assert code == 0, err
    assert "killed.bundle" not in err and "partial bundle" not in err
    assert json.loads(out)["unrecorded"] == [] and json.loads(out)["removed_parts"] == []


def test_an_export_cancelled_after_removing_a_bundle_says_so_with_the_cancel(station, stick):
    killed = unrecorded_bundle(station, stick)
    before = exports(station)
    token = CancelToken()

    def progress(_done, _total, message):
        if message == "Adding the issued documents and evidence":  # the officer presses Cancel while it writes
            token.cancel()

    db = open_db(station)
    try:
        with pytest.raises(Cancelled) as cancelled:
            writer.export_bundle(db, station, stick / "new.bundle", progress=progress, cancel=token)
    finally:
        db.conn.close()
    assert cancelled.value.message == "Cancelled; nothing was changed.\n" + REMOVED.format(file=killed)
    assert cancelled.value.unrecorded == [{"file": str(killed), "created_at": "2026-12-01T10:00:00+08:00",
                                           "removed": True}]
    assert not killed.exists() and sorted(p.name for p in stick.iterdir()) == []
    assert exports(station) == before


def test_a_refusal_with_nothing_removed_is_said_as_before(capsys, station, stick, monkeypatch):
    pulled_out(monkeypatch)
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", stick / "new.bundle", "--json")
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1 and "cut off" not in err


def test_a_bundle_that_could_not_be_removed_is_said_with_the_refusal_to_be_deleted(english):
    result = {"unrecorded": [{"file": "/media/u/one.bundle", "created_at": "2026-12-01", "removed": False},
                             {"file": "/media/u/two.bundle", "created_at": "2026-12-02", "removed": False}]}
    assert unrecorded_note(result, written=False) == (
        "The bundles /media/u/one.bundle, /media/u/two.bundle, written by exports that were cut off before they "
        "were recorded as sent, could not be removed: delete them and do not send them to headquarters; the next "
        "export carries their changes again.")
    assert "this bundle carries" in unrecorded_note(result)


@pytest.mark.gui
def test_the_window_says_the_removed_bundle_with_the_failed_export(station, stick, monkeypatch, qtbot, prompts):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    killed = unrecorded_bundle(station, stick)
    pulled_out(monkeypatch)
    db = open_db(station)
    try:
        page = ExchangePage(db, station, prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.run_export(str(stick / "new.bundle"))
    finally:
        db.conn.close()
    [error] = prompts.errors
    assert error.startswith(f"{stick / 'new.bundle'} cannot be written")
    assert error.endswith("\n" + REMOVED.format(file=killed))
    assert not killed.exists()
