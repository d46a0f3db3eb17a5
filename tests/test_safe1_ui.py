"""Cancel as the officer sees it: a Cancel asked for is said in an information box, not an error; one pressed
once the export or the merge reached its last step is reported as too late; the partial bundles a killed export
left are removed by the next and said."""

from __future__ import annotations

import pytest

from tests.test_register_import import GOOD, HEADER, write_csv
from tests.test_safe1_bundle import LateCancel, dead_pid
from tests.test_ui_exchange import build, dirs, export_from_station, merge_through, template  # noqa: F401
from ui.task_runner import ImmediateRunner
from workstation.progress import CancelToken

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("english")]


def late_runner() -> ImmediateRunner:
    runner = ImmediateRunner()
    runner.cancel_token = LateCancel()
    return runner


def cancelled_runner() -> ImmediateRunner:
    runner = ImmediateRunner()
    runner.cancel_token.cancel()  # as the officer presses Cancel while the work runs
    return runner


def test_a_cancel_too_late_to_stop_the_export_says_so(dirs, build, prompts):  # noqa: F811
    runner = late_runner()
    db, page = build(dirs / "station", runner=runner)
    page.run_export(str(dirs / "one.bundle"))
    assert prompts.errors == [] and (dirs / "one.bundle").exists()
    assert prompts.infos[0].startswith("Cancel came too late: the bundle was already being recorded as sent.\n"
                                       f"{dirs / 'one.bundle'} written. The bundle holds ")
    # the dialog's Cancel is disabled at this report (``TaskRunner.run``: the token closed), its label says why
    assert (runner.progress_reports[-2][2], runner.cancel_token.closed) == (
        "Recording the export; it can no longer be cancelled", True)


def test_a_cancel_too_late_to_stop_the_merge_says_so(dirs, build, prompts):  # noqa: F811
    bundle = export_from_station(dirs, build, prompts)
    prompts.infos.clear()
    db, page = build(dirs / "hq", runner=late_runner())
    prompts.confirm_answer = True
    merge_through(page, bundle)
    assert prompts.errors == []
    assert prompts.infos[-1].startswith("Cancel came too late: the merge was already being saved.\none.bundle: merged")
    assert db.execute("SELECT COUNT(*) FROM bundle_imports").fetchone()[0] == 1


def test_a_cancelled_export_is_said_not_shown_as_an_error(dirs, build, prompts):  # noqa: F811
    db, page = build(dirs / "station", runner=cancelled_runner())
    page.run_export(str(dirs / "one.bundle"))
    assert prompts.errors == [] and prompts.infos == ["Cancelled; nothing was changed."]
    assert not (dirs / "one.bundle").exists()


def test_the_export_says_it_removed_the_partial_bundles_a_killed_export_left(dirs, build, prompts):  # noqa: F811
    stick = dirs / "u盘"
    stick.mkdir()
    left = stick / f".bundle-{dead_pid()}-k1ll3d.part"
    left.write_bytes(b"PK\x03\x04")
    db, page = build(dirs / "station")
    page.run_export(str(stick / "one.bundle"))
    assert not left.exists()
    assert prompts.infos[0].endswith(f"\n1 partial bundle left in {stick} by an export that was cut off was removed: "
                                     f"it held personal data.")


def test_a_cancelled_register_import_is_said_not_shown_as_an_error(db, make_window, prompts, tmp_path):
    path = write_csv(tmp_path / "台账.csv", [HEADER, GOOD[0]])
    window = make_window(db, runner=cancelled_runner())
    window.import_register(str(path))
    assert prompts.errors == [] and prompts.infos == ["Cancelled; nothing was changed."]


def test_a_cancelled_backup_is_said_not_shown_as_an_error(db, make_window, prompts):
    window = make_window(db)
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    prompts.infos.clear()
    window.runner.cancel_token = CancelToken()
    window.runner.cancel_token.cancel()
    dialog.buttons["backup_now"].click()
    assert prompts.errors == [] and prompts.infos == ["Cancelled; nothing was changed."]
    assert len(list((window.data_dir / "backups").glob("*.wsbackup"))) == 1  # the first backup only
