"""The restores offered at start (data found lost; problems found after an unclean shutdown) check the backup and
restore it in the task runner, with its progress dialog and Cancel, as the restore wizard does: a cancelled check
or restore leaves the data as it was and says so, with the way to restore later."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, crash_with_the_data_open, data_digest, open_db
from tests.conftest import ScriptedPrompts
from ui.backup_dialogs import startup_check
from ui.task_runner import ImmediateRunner, TaskRunner
from workstation.paths import backups_dir, database_path
from workstation.progress import CancelToken
from workstation.repair import mark_closed, quick_check
from workstation.store import count_cases

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


class CancellingRunner(ImmediateRunner):
    """An immediate runner whose officer presses Cancel as soon as the work titled ``title`` starts."""

    def __init__(self, title: str):
        super().__init__()
        self.title = title
        self.titles: list[str] = []

    def start(self, title, work, on_done, on_error, progress):
        self.titles.append(title)
        self.cancel_token = CancelToken()
        if title == self.title:
            self.cancel_token.cancel()
        return super().start(title, work, on_done, on_error, progress)


def lose(data: Path) -> None:
    for name in ("workstation.db-wal", "workstation.db-shm"):
        (data / name).unlink(missing_ok=True)
    path = database_path(data)
    path.write_bytes(path.read_bytes()[:4096])  # damaged


def staging_left(data: Path) -> list[str]:
    return sorted(p.name for p in backups_dir(data).iterdir() if p.is_dir())


def test_the_lost_data_s_restore_runs_in_the_task_runner_with_its_progress(copy_template, started, english):
    data = copy_template("plain")
    backup_of(data)
    lose(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    runner = CancellingRunner("nothing cancelled")
    window = started(data, prompts, runner)
    assert window is not None and count_cases(window.db) == 36
    assert runner.titles[:2] == ["Checking the backup", "Restoring the backup"]
    said = [message for _done, _total, message in runner.progress_reports]
    assert "Checking the backup" in said and "Replacing the data" in said and "Backup restored" in said


def test_the_lost_data_s_restore_through_the_threaded_runner(copy_template, started, english, qtbot):
    data = copy_template("plain")
    backup_of(data)
    lose(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    runner = TaskRunner()
    window = started(data, prompts, runner)  # waits for both tasks in an event loop, the screen kept drawn
    assert window is not None and count_cases(window.db) == 36
    assert "was restored" in prompts.infos[-1]


@pytest.mark.parametrize("cancelled", ["Checking the backup", "Restoring the backup"])
def test_a_cancelled_check_or_restore_of_the_lost_data_changes_nothing(copy_template, started, english, cancelled):
    data = copy_template("plain")
    made = backup_of(data)
    lose(data)
    before = data_digest(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    assert started(data, prompts, CancellingRunner(cancelled)) is None  # the start ends without opening the data
    [said] = prompts.infos
    what = "check of the backup" if cancelled.startswith("Checking") else "restore"
    assert said.startswith(f"The {what} was cancelled. Nothing was changed")
    assert f"`backup restore {Path(made['path']).name[:-len('.wsbackup')]}`" in said
    assert prompts.errors == []
    assert len(prompts.confirmations) == (1 if what == "restore" else 0)  # the check comes before the question
    assert data_digest(data) == before and staging_left(data) == []


@pytest.mark.parametrize("cancelled", ["Checking the backup", "Restoring the backup"])
def test_a_cancelled_restore_after_an_unclean_shutdown_leaves_the_data_unchecked(copy_template, english, cancelled):
    data = copy_template("plain")
    backup_of(data)
    db = open_db(data)
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")  # torn by the crash
    crash_with_the_data_open(data)
    before = data_digest(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    runner = CancellingRunner(cancelled)
    try:
        startup_check(None, db, data, prompts, runner=runner)
        assert cancelled in runner.titles
        [said] = prompts.infos
        assert said.startswith("Cancelled; nothing was changed.") and "still counts as unchecked" in said
        assert not any("was restored" in info for info in prompts.infos) and prompts.errors == []
        if cancelled == "Checking the backup":  # asked nothing, the database was never closed
            assert data_digest(data) == before
        # cancelled restore: the database was closed for the swap (its WAL written back) and opened again as it was
        assert db.execute("SELECT value FROM settings WHERE key = 'audit_head'").fetchone()[0] == "1:0"
        assert staging_left(data) == [] and count_cases(db) == 36
        assert quick_check(db)  # the problems are there still: nothing was replaced
    finally:
        mark_closed(data)
        db.conn.close()
