"""The check at the start after an unclean shutdown: it runs in the task runner (off the GUI thread, with its
progress dialog) before the main window exists, so a large database does not freeze the screen and nobody works
on the data before it is checked; what it finds is handled as before; cancelling it closes without opening."""

from __future__ import annotations

import threading

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, crash_with_the_data_open, damage_the_audit_head
from tests.conftest import ScriptedPrompts
from ui.task_runner import ImmediateRunner, TaskRunner
from workstation import repair
from workstation.repair import quick_check, was_unclean

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def test_the_start_check_runs_off_the_gui_thread_and_its_findings_are_handled_as_before(
        copy_template, started, monkeypatch, english):
    data = copy_template("plain")
    backup_of(data)
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    threads = []
    real = repair.quick_check

    def noting_thread(db):
        threads.append(threading.current_thread())
        return real(db)

    monkeypatch.setattr(repair, "quick_check", noting_thread)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    window = started(data, prompts, TaskRunner())
    assert window is not None
    assert threads and threads[0] is not threading.main_thread()
    assert len(prompts.confirmations) == 1 and "audit" in prompts.confirmations[0]  # the last good backup offered
    assert real(window.db) == [] and "restored" in prompts.infos[-1]
    assert not was_unclean(data)


def test_the_start_check_reports_progress_and_a_clean_database_opens(copy_template, started, english):
    data = copy_template("plain")
    crash_with_the_data_open(data)
    runner, prompts = ImmediateRunner(), ScriptedPrompts()
    window = started(data, prompts, runner)
    assert window is not None and quick_check(window.db) == []
    assert any("checking the database before it opens" in message for _d, _t, message in runner.progress_reports)
    assert prompts.confirmations == prompts.errors == prompts.infos == [] and not was_unclean(data)


def test_a_cancelled_start_check_opens_nothing_and_runs_again_next_time(copy_template, started, english):
    data = copy_template("plain")
    crash_with_the_data_open(data)
    runner, prompts = ImmediateRunner(), ScriptedPrompts()
    runner.cancel_token.cancel()
    assert started(data, prompts, runner) is None
    assert len(prompts.infos) == 1 and "check was cancelled" in prompts.infos[0]
    assert was_unclean(data)  # still to be checked
    window = started(data, ScriptedPrompts())
    assert window is not None and not was_unclean(data)
