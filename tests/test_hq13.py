# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters exchange, session 13: a station that trusted headquarters' card (rather than naming it) and took its
hand-outs is not told it may be an older headquarters; a station that never received a version of its own record
from headquarters merges the hand-out against the version it sent and headquarters imported; the report dialog
works out how a frozen period's live figures moved off the window's thread."""

from __future__ import annotations

import json

import pytest

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from tests.data_digest import data_digest
from tests.helpers import open_db, run_json
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)

MARCH = "2026年3月"


def _hint(capsys, dirs, station):
    return run_json(capsys, "--data-dir", dirs / station, "station")["role_hint"]


# 2. a station that trusted headquarters' card --------------------------------------------------------------------

def test_a_station_that_trusted_headquarters_card_and_took_its_hand_outs_gets_no_role_hint(capsys, dirs, english):
    # Nanhai trusts headquarters' card with `station trust` (it names no headquarters) and takes its hand-outs
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "hq.card")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="nanhai")
    export(capsys, dirs, "hq", "h2.bundle")
    import_(capsys, dirs, "h2.bundle", at="nanhai")
    assert _hint(capsys, dirs, "nanhai") is None
    assert export(capsys, dirs, "nanhai", "n1.bundle")["role_hint"] is None
    # a station's bundle merged there still counts: that is what headquarters did before roles were set
    export(capsys, dirs, "shunde", "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "shunde.card")
    import_(capsys, dirs, "s1.bundle", at="nanhai")
    assert "bundles of 1 station." in _hint(capsys, dirs, "nanhai")


# 1. the report dialog compares a frozen period in the background -------------------------------------------------

class HeldRunner:
    """A task runner whose worker is busy: each task waits until ``finish`` runs it (on this thread, with the
    callbacks a runner calls), so what the dialog shows meanwhile can be looked at."""

    def __init__(self):
        self.waiting: list[tuple] = []

    def start(self, title, work, on_done, on_error, progress):
        from workstation.progress import CancelToken

        cancel = CancelToken()
        self.waiting.append((work, on_done, on_error, cancel))
        return cancel

    def join(self, cancel) -> None:  # as the busy runner: cancelled, to stop when its turn comes
        cancel.cancel()

    def cancel_all(self) -> None:
        """The workstation quits (``TaskRunner.cancel_all``): the work held here stays held, for the test to look at."""

    def finish(self, index: int = 0) -> None:
        work, on_done, on_error, cancel = self.waiting.pop(index)
        try:
            result = work(progress=lambda done, total, message: None, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - handed over as the runner does
            on_error(exc)
        else:
            on_done(result)


def _frozen_periods(capsys, dirs):
    """March frozen, then a late bundle moving its figures; then the whole campaign frozen (nothing moved since)."""
    from tests.test_hq12 import _frozen_march_then_a_late_bundle

    _frozen_march_then_a_late_bundle(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", dirs / "all.pdf", "--freeze", "全部")


def _report_dialog(qtbot, prompts, dirs, runner):
    from ui.report_dialog import CampaignReportDialog
    from workstation.paths import database_path

    db = open_db(dirs / "hq")
    dialog = CampaignReportDialog(db, prompts, (None, None, None), "全部", runner=runner,
                                  database=database_path(dirs / "hq"))
    qtbot.addWidget(dialog)
    return db, dialog


@pytest.mark.gui
def test_the_report_dialog_compares_a_frozen_period_in_the_background_and_drops_a_stale_result(
        qtbot, prompts, capsys, dirs, english):
    _frozen_periods(capsys, dirs)
    runner = HeldRunner()
    db, dialog = _report_dialog(qtbot, prompts, dirs, runner)
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData(MARCH))
    dialog.frozen.setChecked(True)
    # chosen: the comparison waits for the worker, the window says it is being made (nothing compared yet)
    assert len(runner.waiting) == 1
    assert not dialog.drift.isHidden() and "Comparing the live figures of report period 2026年3月" in dialog.drift.text()
    assert "→" not in dialog.drift.text()
    # the officer picks the other period before March's comparison is in: March's result is not shown under it
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData("全部"))
    assert len(runner.waiting) == 2
    runner.finish(0)
    assert "report period 全部" in dialog.drift.text() and "→" not in dialog.drift.text()
    runner.finish(0)
    assert dialog.drift.isHidden()  # nothing moved in the whole campaign since it was frozen
    # back to March: its comparison is in already, shown at once
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData(MARCH))
    assert runner.waiting == []
    assert f"report period {MARCH} now differ" in dialog.drift.text() and "cases: 1 → 2 (+1)" in dialog.drift.text()
    db.conn.close()


@pytest.mark.gui
def test_a_comparison_still_waiting_when_the_report_dialog_closes_is_cancelled(qtbot, prompts, capsys, dirs,
                                                                                 english):
    _frozen_periods(capsys, dirs)
    runner = HeldRunner()
    db, dialog = _report_dialog(qtbot, prompts, dirs, runner)
    dialog.frozen.setChecked(True)
    dialog.path.setText(str(dirs / "again.pdf"))
    prompts.confirm_answer = True  # again.pdf was printed before: replaced, the officer says
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # printed before the comparison came in
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert runner.waiting[0][3].cancelled
    runner.finish()  # the work stops before it reads anything; the closed dialog says nothing
    assert dialog.drift.text().startswith("Comparing")
    db.conn.close()


@pytest.mark.gui
def test_the_report_dialog_s_comparison_runs_on_the_task_runner_s_thread(qtbot, prompts, capsys, dirs, english):
    from ui.task_runner import TaskRunner

    _frozen_periods(capsys, dirs)
    runner = TaskRunner()
    db, dialog = _report_dialog(qtbot, prompts, dirs, runner)
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData(MARCH))
    dialog.frozen.setChecked(True)
    qtbot.waitUntil(lambda: "cases: 1 → 2 (+1)" in dialog.drift.text(), timeout=30000)
    assert "表2 各辖区案件情况·南海区·案件数（件）：0→1（+1）" in dialog.drift.text()
    assert runner.wait(30000)
    db.conn.close()


@pytest.mark.gui
def test_the_statistics_page_s_report_dialog_compares_on_the_window_s_runner(demo_db, make_window, data_dir, qtbot,
                                                                             english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.task_runner import TaskRunner
    from workstation.paths import database_path
    from workstation.reports.campaign import freeze_period

    freeze_period(demo_db, "2026年第一季度", "2026-01-01", "2026-03-31")
    runner = TaskRunner()
    window = make_window(demo_db, runner=runner)
    window.navigation.setCurrentRow(4)
    seen = {}

    def choose_the_frozen_period():
        dialog = QApplication.activeModalWidget()
        dialog.frozen.setChecked(True)
        seen["meanwhile"] = dialog.drift.text()
        qtbot.waitUntil(dialog.drift.isHidden, timeout=30000)  # in from the worker: nothing moved since
        seen.update(runner=dialog.runner, database=dialog.database)
        dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, choose_the_frozen_period)
    window.stats_page.print_report()
    assert runner.wait(30000)
    assert seen["meanwhile"].startswith("Comparing the live figures of report period 2026年第一季度")
    assert seen["runner"] is runner and seen["database"] == database_path(data_dir)


# 3. a station that never received a version of its record from headquarters --------------------------------------

NANHAI, SHUNDE, GUICHENG = "440605", "440606", "440605011"  # 桂城所: an office of 南海区局


def _lead_handed_to_shunde_before_nanhai_took_any_hand_out(capsys, dirs) -> str:
    """Nanhai registers a lead and sends it (n1, imported); headquarters hands it to Shunde (h1, taken by Shunde
    only), Shunde extends its verification period and reports back (s2, imported: headquarters last shared the lead
    with Shunde); Nanhai corrects the lead's wording and sends n2, which headquarters has not imported when it hands
    everything out (h2). Nanhai never received a version of the lead from headquarters. Returns the lead's id."""
    from tests.test_hq11 import _assign, _describe, _extend

    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
    lead = run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "add", "--source", "report", "--received",
                    "2026-03-02T10:00", "--description", "某公司骚扰电话", "--party", "佛山市某公司")["id"]
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    _assign(dirs / "hq", lead, SHUNDE)
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    _extend(dirs / "shunde", lead)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    _describe(dirs / "nanhai", lead, "某公司骚扰电话（补充号码）")
    export(capsys, dirs, "nanhai", "n2.bundle")
    export(capsys, dirs, "hq", "h2.bundle", "--all")
    return lead


def test_a_station_that_never_received_its_record_merges_the_hand_out_against_the_version_it_sent(capsys, dirs):
    from tests.test_hq11 import _conflicts, _lead

    lead = _lead_handed_to_shunde_before_nanhai_took_any_hand_out(capsys, dirs)
    # both copies grew from n1, which headquarters imported: its hand-out to Shunde and Shunde's extension are taken,
    # Nanhai's own wording stays, and nobody changed a field on two sides, so there is nothing to choose
    merged = import_(capsys, dirs, "h2.bundle", at="nanhai")
    assert merged["conflicts"] == 0 and merged["by_table"]["leads"]["updated"] == 1
    assert _conflicts(capsys, dirs, "nanhai") == {}
    expected = {"agency": SHUNDE, "status": "assigned", "assigned_on": "2026-03-05",
                "description": "某公司骚扰电话（补充号码）", "extension_days": 15}
    assert _lead(dirs / "nanhai", lead) == expected
    # headquarters then takes Nanhai's wording as a plain update
    merged = import_(capsys, dirs, "n2.bundle")
    assert merged["conflicts"] == 0 and _lead(dirs / "hq", lead) == expected


def test_a_field_both_changed_is_still_a_conflict_against_the_version_the_station_sent(capsys, dirs):
    from tests.test_hq11 import _assign, _conflicts, _lead
    from workstation.store import agency_id_for_code

    lead = _lead_handed_to_shunde_before_nanhai_took_any_hand_out(capsys, dirs)
    # Nanhai (holding the lead, which it received) hands it to its own 桂城 office on the 6th: inside the bureau, its
    # T1 kept, so no day of assignment is recorded there (assigning it to Nanhai itself is refused: its T1 would
    # start again)
    _assign(dirs / "nanhai", lead, GUICHENG, on="2026-03-06")
    export(capsys, dirs, "nanhai", "n3.bundle")
    merged = import_(capsys, dirs, "h2.bundle", at="nanhai")
    assert merged["conflicts"] == 1
    # who holds the lead was changed on both sides, so it is a conflict, kept as Nanhai's office; the day of the
    # assignment and the extension (changed only through headquarters) are taken, the wording only Nanhai changed
    # stays
    shunde, guicheng = agency_id_for_code(SHUNDE), agency_id_for_code(GUICHENG)
    assert _conflicts(capsys, dirs, "nanhai") == {"agency_id": (guicheng, shunde)}
    assert _lead(dirs / "nanhai", lead) == {"agency": GUICHENG, "status": "assigned", "assigned_on": "2026-03-05",
                                            "description": "某公司骚扰电话（补充号码）", "extension_days": 15}


def test_a_hand_out_that_does_not_say_what_it_received_from_the_station_merges_as_before(capsys, dirs):
    from tests.test_bundle_common_base import _as_written_by
    from tests.test_hq11 import _conflicts, _lead

    lead = _lead_handed_to_shunde_before_nanhai_took_any_hand_out(capsys, dirs)

    def older(manifest, members):
        bases = json.loads(members["bases.json"])
        assert _station_id(dirs / "nanhai") in bases.pop("received")  # written as a version before it would
        members["bases.json"] = json.dumps(bases).encode("utf-8")

    _as_written_by(dirs / "hq", dirs / "h2.bundle", dirs / "h2-older.bundle", older)
    # no version held in common can be established: every field that differs is a conflict, kept as Nanhai's
    merged = import_(capsys, dirs, "h2-older.bundle", at="nanhai")
    assert merged["conflicts"] == 1
    assert {"agency_id", "status", "extension_days"} <= set(_conflicts(capsys, dirs, "nanhai"))
    assert _lead(dirs / "nanhai", lead)["agency"] == NANHAI  # nothing taken


def _station_id(data_dir) -> str:
    db = open_db(data_dir)
    (station,) = db.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()
    db.conn.close()
    return station


def test_a_hand_out_whose_received_versions_are_garbled_is_refused_and_changes_nothing(capsys, dirs, english):
    from tests.helpers import run
    from tests.test_bundle_common_base import _as_written_by

    _lead_handed_to_shunde_before_nanhai_took_any_hand_out(capsys, dirs)

    def garbled(manifest, members):
        bases = json.loads(members["bases.json"])
        bases["received"] = {_station_id(dirs / "nanhai"): {"leads": {"x": "not a digest"}}}
        members["bases.json"] = json.dumps(bases).encode("utf-8")

    _as_written_by(dirs / "hq", dirs / "h2.bundle", dirs / "h2-garbled.bundle", garbled)
    before = data_digest(dirs / "nanhai")
    code, _out, err = run(capsys, "--data-dir", dirs / "nanhai", "bundle", "import", dirs / "h2-garbled.bundle")
    assert code == 1 and "h2-garbled.bundle: bases.json is not readable" in err and "Traceback" not in err
    assert data_digest(dirs / "nanhai") == before
