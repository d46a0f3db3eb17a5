# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Audit 66 (bundles, station side): a hand-out with nothing new made past a missing one is refused like any other
hand-out past a gap (it no longer moves what the station counts as received in full), so the refusal of the next
one names the window the missing hand-out was made in (start before end, the missing one inside) and says that at
least one hand-out is missing; a bundle whose files do not fit on the disk names the bundle, the folder, that
nothing was imported and what to do."""

from __future__ import annotations

import errno
import re
import uuid
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import STATIONS, dirs, edit_case, take_headquarters_card, template  # noqa: F401

NANHAI_CASE = STATIONS["nanhai"][2]


def _hand_out(capsys, dirs, name, *extra) -> dict:
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / name, "--for", "顺德区局",
                    *extra)


def _made(dirs, name) -> str:
    """When headquarters made the hand-out ``name``, to the second as the refusals say it."""
    db = open_db(dirs / "hq")
    try:
        value = db.execute("SELECT created_at FROM bundle_exports WHERE path LIKE ?", [f"%{name}"]).fetchone()[0]
    finally:
        db.conn.close()
    return value[:19].replace("T", " ")


def _at_shunde(capsys, dirs, name) -> tuple[int, str]:
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / name)
    return code, err


def _window(err: str) -> tuple[str, str]:
    found = re.search(r"made between (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) and (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", err)
    assert found, err
    return found.group(1), found.group(2)


def _gap(capsys, dirs) -> None:
    """Shunde takes h1 (everything); headquarters then makes h2 and h3, each carrying an entry of its log (a merge
    of Nanhai's bundle), and h4 with nothing new. Shunde never gets h2."""
    take_headquarters_card(capsys, dirs, "shunde")
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    assert _at_shunde(capsys, dirs, "h1.bundle")[0] == 0
    for turn, name in ((1, "h2.bundle"), (2, "h3.bundle")):
        edit_case(dirs / "nanhai", NANHAI_CASE, facts=f"南海补记{turn}")
        run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "export", "-o", dirs / f"o{turn}.bundle")
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / f"o{turn}.bundle")
        _hand_out(capsys, dirs, name)
    assert _hand_out(capsys, dirs, "h4.bundle").get("nothing_new")


def test_an_empty_hand_out_past_a_missing_one_is_refused_naming_the_missing_one(capsys, dirs, english):
    _gap(capsys, dirs)
    before = data_digest(dirs / "shunde")
    code, err = _at_shunde(capsys, dirs, "h4.bundle")
    assert code == 1, err
    assert "h4.bundle does not continue the last hand-out imported from headquarters 佛山市局" in err
    start, end = _window(err)
    assert start <= _made(dirs, "h2.bundle") <= end and start <= end
    assert data_digest(dirs / "shunde") == before
    # the next hand-out's refusal names the window h2 was made in, not one starting after h4
    code, err = _at_shunde(capsys, dirs, "h3.bundle")
    assert code == 1, err
    start, end = _window(err)
    assert start <= _made(dirs, "h2.bundle") <= end and start <= end, err
    assert start == _made(dirs, "h1.bundle")
    # the count is not known: at least one
    assert "at least one hand-out headquarters 佛山市局 made between" in err
    assert data_digest(dirs / "shunde") == before
    for name in ("h2.bundle", "h3.bundle", "h4.bundle"):  # in order, each is taken
        code, err = _at_shunde(capsys, dirs, name)
        assert code == 0, err


def test_an_empty_hand_out_taken_past_a_gap_by_an_earlier_version_does_not_shift_the_window(capsys, dirs,
                                                                                           english):
    """A station that took such a hand-out before this version: its time is after the hand-out refused, so it is
    not the start of the window."""
    _gap(capsys, dirs)
    db = open_db(dirs / "shunde")
    try:
        hq_id = db.execute("SELECT station_id FROM bundle_imports").fetchone()[0]
        db.execute("INSERT INTO bundle_imports (id, bundle_id, station_id, sha256, created_at, imported_at, "
                   "imported_by, file_name, scope) VALUES (?, ?, ?, ?, ?, ?, '', 'h4.bundle', 'changed')",
                   [str(uuid.uuid4()), str(uuid.uuid4()), hq_id, uuid.uuid4().hex, "2099-01-01T00:00:00+08:00",
                    "2099-01-01T00:00:01+08:00"])
    finally:
        db.conn.close()
    code, err = _at_shunde(capsys, dirs, "h3.bundle")
    assert code == 1, err
    start, end = _window(err)
    assert start <= _made(dirs, "h2.bundle") <= end and start <= end, err


def test_an_earlier_hand_out_missing_says_at_least_one(capsys, dirs, english):
    from workstation.bundle.merge import lost_bundle

    _gap(capsys, dirs)
    db = open_db(dirs / "shunde")
    try:
        hq_id = db.execute("SELECT station_id FROM bundle_imports").fetchone()[0]
        db.execute("DELETE FROM bundle_imports")  # nothing taken yet: only "before"

        class _Made:
            manifest = {"created_at": "2026-12-07T05:47:17+08:00"}

        said = lost_bundle(db, hq_id, "佛山市局", _Made(), [], headquarters=True)
        assert said == "at least one hand-out headquarters 佛山市局 made before 2026-12-07 05:47:17"
        said = lost_bundle(db, hq_id, "佛山市局", type("B", (), {"manifest": {}})(), [], headquarters=True)
        assert said == "at least one earlier hand-out of headquarters 佛山市局"
    finally:
        db.conn.close()


def _with_a_file(capsys, dirs) -> Path:
    """Nanhai's bundle carrying a file of evidence."""
    from workstation.store import find_case
    from workstation.store.evidence import add_evidence

    sheet = dirs / "sheet.txt"
    sheet.write_text("询问笔录附件", encoding="utf-8")
    db = open_db(dirs / "nanhai")
    try:
        add_evidence(db, dirs / "nanhai", find_case(db, NANHAI_CASE).id, sheet)
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "export", "-o", dirs / "南海1.bundle")
    return dirs / "南海1.bundle"


def _disk_full(monkeypatch) -> None:
    """The disk holding the file store is full: the bundle's files cannot be staged there."""
    real = Path.write_bytes

    def full(self, data):
        if ".incoming-" in str(self):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)


def test_a_bundle_whose_files_do_not_fit_names_it_and_what_to_do(capsys, dirs, monkeypatch, english):
    _with_a_file(capsys, dirs)
    before = data_digest(dirs / "hq")
    _disk_full(monkeypatch)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "南海1.bundle")
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err, err
    folder = dirs / "hq" / "files"
    assert err.strip() == (
        f"Error: 南海1.bundle: nothing was imported, as the bundle's files cannot be written to {folder}: the disk "
        f"is full. Free some space on the disk holding {folder}, then try again."), err
    assert data_digest(dirs / "hq") == before
    assert not list(folder.glob(".incoming-*"))


@pytest.mark.gui
def test_the_window_says_the_same_of_a_bundle_whose_files_do_not_fit(capsys, dirs, monkeypatch, qtbot, prompts,
                                                                     english):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    bundle = _with_a_file(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        before = data_digest(dirs / "hq")
        _disk_full(monkeypatch)
        page.import_bundles([str(bundle)])
        monkeypatch.undo()
        folder = dirs / "hq" / "files"
        assert prompts.errors == [
            f"南海1.bundle: nothing was imported, as the bundle's files cannot be written to {folder}: the disk is "
            f"full. Free some space on the disk holding {folder}, then try again."]
        assert data_digest(dirs / "hq") == before
    finally:
        db.conn.close()
