"""Bundles and data safety: partial bundles a killed export left on the USB stick are removed by the next export
(and said); the export's and the merge's last step closes Cancel; collecting the records reports its progress and
hears Cancel; a damaged manifest is named without repeating "bundle"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json
from workstation.bundle import export_bundle, last_export
from workstation.errors import Cancelled
from workstation.progress import CancelToken

pytestmark = pytest.mark.usefixtures("english")

@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(template, tmp_path):
    return copy_station_and_hq(template, tmp_path)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


class LateCancel(CancelToken):
    """Cancel pressed the moment the work reached its last step (the token closed)."""

    def close(self) -> None:
        super().close()
        self.cancel()


def leftovers(folder):
    """What killed exports leave on the stick: a part of a process now gone, and one of an older version (named
    without its process) last written an hour ago; plus the part of an export running now in another program."""
    killed = folder / f".bundle-{dead_pid()}-k1ll3d.part"
    older = folder / ".bundle-a8f3kq2z.part"
    running = folder / f".bundle-{os.getpid()}-runn1ng.part"
    for path in (killed, older, running):
        path.write_bytes(b"PK\x03\x04 parties' phone numbers")
    an_hour_ago = time.time() - 3600
    os.utime(older, (an_hour_ago, an_hour_ago))
    return killed, older, running


def test_the_next_export_removes_the_partial_bundles_killed_exports_left_and_says_so(capsys, dirs):
    stick = dirs / "u盘"
    stick.mkdir()
    killed, older, running = leftovers(stick)
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", stick / "one.bundle")
    assert code == 0, err
    assert not killed.exists() and not older.exists()
    assert running.exists()  # another export writing it now
    assert sorted(p.name for p in stick.iterdir()) == sorted(["one.bundle", running.name])
    assert (f"Note: 2 partial bundles left in {stick} by exports that were cut off were removed: they held personal "
            f"data.") in err


def test_an_export_names_its_partial_bundle_with_its_process(dirs, monkeypatch):
    import tempfile

    made = []
    real = tempfile.mkstemp

    def spying(*args, **kwargs):
        made.append(kwargs["prefix"])
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", spying)
    db = open_db(dirs / "station")
    try:
        result = export_bundle(db, dirs / "station", dirs / "one.bundle")
    finally:
        db.conn.close()
    assert made == [f".bundle-{os.getpid()}-"] and result["removed_parts"] == []


def test_a_cancel_pressed_at_the_exports_last_step_is_not_heard_and_the_token_says_so(dirs):
    db = open_db(dirs / "station")
    reports = []
    token = LateCancel()
    try:
        result = export_bundle(db, dirs / "station", dirs / "one.bundle", cancel=token,
                               progress=lambda done, total, message: reports.append(message))
        assert token.closed and token.cancelled
        assert (dirs / "one.bundle").exists() and db.execute(
            "SELECT id FROM bundle_exports").fetchall() == [(result["bundle_id"],)]
        assert last_export(db) is not None
    finally:
        db.conn.close()
    assert "Recording the export; it can no longer be cancelled" in reports


def test_collecting_the_records_reports_its_progress_and_hears_cancel(dirs):
    db = open_db(dirs / "station")
    collecting = []
    try:
        export_bundle(db, dirs / "station", dirs / "one.bundle",
                      progress=lambda done, total, message: collecting.append((done, total))
                      if message == "Collecting the records" else None)
        assert len(collecting) > 10 and collecting[-1][0] > collecting[0][0]  # not 0 % all along
        assert all(done < total for done, total in collecting)

        token, heard = CancelToken(), []

        def pressed_while_collecting(done, total, message):
            heard.append(message)
            if message == "Collecting the records" and done == 2:
                token.cancel()

        with pytest.raises(Cancelled):
            export_bundle(db, dirs / "station", dirs / "two.bundle", cancel=token, everything=True,
                          progress=pressed_while_collecting)
        assert heard.count("Collecting the records") == 3  # 0, 1, 2: stopped at the next table
        assert not (dirs / "two.bundle").exists()
    finally:
        db.conn.close()


def test_a_cancel_pressed_at_the_merges_last_step_is_not_heard(capsys, dirs):
    from workstation.bundle.merge import apply_merge, plan_merge
    from workstation.bundle.reader import open_bundle
    from workstation.station import box_private_key

    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    db = open_db(dirs / "hq")
    reports, token = [], LateCancel()
    try:
        with open_bundle(dirs / "one.bundle", box_private_key(dirs / "hq")) as bundle:
            plan = plan_merge(db, bundle)
            result = apply_merge(db, dirs / "hq", bundle, plan, cancel=token,
                                 progress=lambda done, total, message: reports.append(message))
        assert token.closed and token.cancelled and result["new"] > 0
        assert db.execute("SELECT COUNT(*) FROM bundle_imports").fetchone()[0] == 1
    finally:
        db.conn.close()
    assert reports[-1] == "Saving the merge; it can no longer be cancelled"


def test_a_damaged_manifest_is_named_once_as_the_bundles_list_of_contents(capsys, dirs):
    from tests.test_bundle import _flip

    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "good.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    shutil.copy(dirs / "good.bundle", dirs / "flip.bundle")
    _flip(dirs / "flip.bundle", "manifest.json")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "flip.bundle")
    assert code == 1
    # a manifest that does not read does not say who made the bundle: the sender is asked, whoever that is
    assert err == ("Error: flip.bundle: the list of contents (the manifest) of the bundle is damaged; the bundle is "
                   "refused: copy it again, or ask the sender for it again.\n")
