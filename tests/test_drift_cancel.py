"""The frozen-period drift check reports progress and can be cancelled: the core stops at once with ``Cancelled``
(a query running is cut short), the task runner joins a cancelled task, and the report dialog cancels and waits for
its comparison when it closes, shows nothing afterwards, and lets the officer cancel it and make it again."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from workstation.errors import Cancelled
from workstation.progress import CancelToken

LABEL = "2026年第一季度"


@pytest.fixture
def frozen(demo_db):
    from workstation.reports.campaign import freeze_period

    freeze_period(demo_db, LABEL, "2026-01-01", "2026-03-31")
    return demo_db


# the core ---------------------------------------------------------------------------------------------------------

def test_a_cancel_after_the_first_progress_report_stops_the_drift_check_with_no_result(frozen):
    from workstation.reports.drift import live_changes

    token, reports = CancelToken(), []

    def progress(done, total, message):
        reports.append((done, total))
        token.cancel()

    with pytest.raises(Cancelled):
        live_changes(frozen, LABEL, progress=progress, cancel=token)
    assert reports == [(0, 3)]  # stopped at its first step: nothing gathered, no result


def test_the_drift_check_reports_its_steps_and_gives_the_same_result_with_a_token(frozen):
    from workstation.reports.drift import live_changes

    reports = []
    result = live_changes(frozen, LABEL, progress=lambda done, total, message: reports.append((done, total)),
                          cancel=CancelToken())
    assert reports == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert result == live_changes(frozen, LABEL)
    assert result["differs"] is False


def test_a_cancel_cuts_a_query_running_short_and_the_connection_works_on_afterwards():
    from workstation.db import Database
    from workstation.reports.drift import interruptible

    db, token = Database(sqlite3.connect(":memory:")), CancelToken()
    db.conn.create_function("cancel_here", 1, lambda n: token.cancel() or n)  # cancelled while the query runs
    long_query = ("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100000000) "
                  "SELECT max(CASE WHEN n = 1000 THEN cancel_here(n) ELSE n END) FROM c")
    with pytest.raises(Cancelled), interruptible(db, token):
        db.execute(long_query).fetchone()
    # the handler is gone: the same connection answers again, the token still set
    assert db.execute("SELECT count(*) FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                      "WHERE n < 50000) SELECT n FROM c)").fetchone() == (50000,)
    db.conn.close()


def test_the_live_changes_task_passes_the_token_on(frozen, data_dir):
    from workstation.paths import database_path
    from workstation.tasks import live_changes_task

    token, steps = CancelToken(), []

    def progress(done, total, message):
        steps.append(done)
        if done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        live_changes_task(database_path(data_dir), LABEL, progress=progress, cancel=token)
    assert steps == [0, 1]


# the task runner --------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_join_cancels_a_running_task_and_waits_until_it_has_stopped(qtbot):
    from ui.task_runner import TaskRunner

    runner, started, state, errors = TaskRunner(), threading.Event(), {}, []

    def work(*, progress, cancel):
        started.set()
        while not cancel.cancelled:
            threading.Event().wait(0.01)
        state["stopped"] = True
        cancel.check()

    token = runner.start("t", work, lambda result: None, errors.append, lambda d, t, m: None)
    assert started.wait(30)
    runner.join(token)
    assert token.cancelled and state.get("stopped")  # it had stopped when join returned
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert isinstance(errors[0], Cancelled)
    assert runner.wait(30000)


@pytest.mark.gui
def test_join_drops_a_task_still_waiting_behind_another(qtbot):
    from ui.task_runner import TaskRunner

    runner, release, ran, errors = TaskRunner(), threading.Event(), [], []

    def busy(*, progress, cancel):
        release.wait(30)

    def queued(*, progress, cancel):
        ran.append(True)

    runner.start("busy", busy, lambda result: None, errors.append, lambda d, t, m: None)
    token = runner.start("queued", queued, lambda result: None, errors.append, lambda d, t, m: None)
    runner.join(token)  # does not wait for the busy task ahead of it
    release.set()
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert runner.wait(30000)
    assert ran == [] and len(errors) == 1 and isinstance(errors[0], Cancelled)


# the report dialog ------------------------------------------------------------------------------------------------

class HeldRunner:
    """A runner whose worker is busy: each task waits until ``finish`` runs it on this thread."""

    def __init__(self):
        self.waiting: list[tuple] = []

    def start(self, title, work, on_done, on_error, progress):
        cancel = CancelToken()
        self.waiting.append((work, on_done, on_error, progress, cancel))
        return cancel

    def join(self, cancel):
        cancel.cancel()

    def finish(self) -> None:
        work, on_done, on_error, progress, cancel = self.waiting.pop(0)
        try:
            result = work(progress=progress, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - handed over as the runner does
            on_error(exc)
        else:
            on_done(result)


def _dialog(qtbot, prompts, db, data_dir, runner):
    from ui.report_dialog import CampaignReportDialog
    from workstation.paths import database_path

    dialog = CampaignReportDialog(db, prompts, (None, None, None), "全部", runner=runner,
                                  database=database_path(data_dir))
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.gui
def test_closing_the_report_dialog_while_its_comparison_runs_cancels_and_joins_it(frozen, data_dir, qtbot,
                                                                                   prompts, monkeypatch, english):
    from PySide6.QtWidgets import QDialog

    from ui.task_runner import TaskRunner
    from workstation import tasks

    real, seen = tasks.live_changes_task, {"steps": []}
    gathering = threading.Event()

    def held_at_gathering(database, period, *, progress, cancel):
        def report(done, total, message):
            seen["steps"].append(done)
            progress(done, total, message)
            if done == 1:  # gathering the live figures: held there until the dialog cancels it
                gathering.set()
                cancel_seen = threading.Event()
                while not cancel.cancelled and not cancel_seen.wait(0.01):
                    pass

        try:
            return real(database, period, progress=report, cancel=cancel)
        finally:
            seen["ended"] = True

    monkeypatch.setattr(tasks, "live_changes_task", held_at_gathering)
    runner = TaskRunner()
    dialog = _dialog(qtbot, prompts, frozen, data_dir, runner)
    dialog.frozen.setChecked(True)
    assert gathering.wait(30)
    assert dialog.drift_button.text() == "Cancel" and not dialog.drift_button.isHidden()
    dialog.done(QDialog.DialogCode.Rejected)  # closed (Cancel, Esc or the title bar's close, once confirmed)
    assert seen.get("ended")  # joined: the task had stopped when the dialog was closed
    assert seen["steps"] == [0, 1]  # stopped where it was cancelled, never compared
    with qtbot.waitSignal(runner.task_finished, timeout=30000):
        pass  # its Cancelled reaches the closed dialog
    assert dialog.drift.text().startswith("Comparing the live figures of report period")  # nothing shown after
    assert "cancelled" not in dialog.drift.text()
    assert dialog._drifts == {} and dialog.drift_button.text() == "Cancel"
    assert runner.wait(30000)


@pytest.mark.gui
def test_the_officer_cancels_the_comparison_and_makes_it_again(frozen, data_dir, qtbot, prompts, english):
    runner = HeldRunner()
    dialog = _dialog(qtbot, prompts, frozen, data_dir, runner)
    dialog.frozen.setChecked(True)
    assert len(runner.waiting) == 1 and dialog.drift_button.text() == "Cancel"
    dialog.drift_button.click()
    assert runner.waiting[0][4].cancelled and not dialog.drift_button.isEnabled()
    runner.finish()
    assert f"The comparison of report period {LABEL} with its live figures was cancelled" in dialog.drift.text()
    assert dialog.drift_button.text() == "Compare again" and dialog.drift_button.isEnabled()
    assert LABEL not in dialog._drifts  # no partial result kept as if complete
    dialog.drift_button.click()
    assert len(runner.waiting) == 1 and dialog.drift.text().startswith("Comparing the live figures")
    runner.finish()
    assert dialog.drift.isHidden() and dialog.drift_button.isHidden()  # made: nothing moved since it was frozen
    assert dialog._drifts[LABEL]["differs"] is False


@pytest.mark.gui
def test_the_comparison_says_which_step_it_is_at(frozen, data_dir, qtbot, prompts, english):
    runner = HeldRunner()
    dialog = _dialog(qtbot, prompts, frozen, data_dir, runner)
    dialog.frozen.setChecked(True)
    work, on_done, on_error, progress, cancel = runner.waiting[0]
    progress(1, 3, "Gathering the live figures of report period " + LABEL)
    assert dialog.drift.text().endswith(f"Gathering the live figures of report period {LABEL} (step 2 of 3)")
