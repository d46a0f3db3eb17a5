"""The 备份 dialog as an officer uses it: back up now, choose a USB folder and how many to keep, check the database,
restore through the wizard (the window closes its connection and shows the restored data; a damaged backup is
refused with nothing changed); the check at start after an unclean shutdown; the automatic daily backup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtGui import QAction

from tests import backup_fixtures
from tests.backup_fixtures import PROJECT, backup_of, crash_with_the_data_open, data_digest, open_db
from tests.conftest import ScriptedPrompts
from ui.backup_dialogs import maybe_backup, startup_check
from ui.task_runner import ImmediateRunner, TaskRunner
from workstation.backup import backup_settings, due_backup, list_backups, save_backup_settings
from workstation.backup_format import HEADER_SIZE
from workstation.i18n import _
from workstation.progress import CancelToken
from workstation.records import Case
from workstation.repair import mark_closed, mark_open, quick_check, was_unclean
from workstation.store import agency_id_for_code, create_case, list_parties

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def cases_in(db) -> int:
    return db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]


def add_case(db) -> Case:
    party = list_parties(db)[0]
    return create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                agency_id=agency_id_for_code("440605"), status="pending_filing",
                                party_ids=[party.id]))


def test_the_backup_dialog_backs_up_chooses_a_folder_and_checks(window_on, tmp_path):
    window = window_on()
    window.fill_menus()  # as at the window's first paint
    assert window.findChild(QAction, "backup") is not None
    dialog = window.show_backups()
    prompts = window.prompts
    assert dialog.table.rowCount() == 0 and dialog.last_label.text() == _("none yet")
    dialog.buttons["backup_now"].click()
    assert prompts.errors == [] and dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (2, 3, 4)] == [_("this station"), _("no"), _("readable")]
    assert window.runner.progress_reports
    usb = tmp_path / "U盘"
    usb.mkdir()
    prompts.folders.append(str(usb))
    dialog.buttons["choose_folder"].click()
    assert dialog.folder_label.text() == str(usb) and dialog.table.rowCount() == 0
    dialog.keep.setValue(2)
    assert backup_settings(window.data_dir)["keep"] == 2
    for _n in range(3):
        dialog.buttons["backup_now"].click()
    assert dialog.table.rowCount() == 2 and len(list(usb.glob("*.wsbackup"))) == 2
    dialog.buttons["default_folder"].click()
    assert dialog.table.rowCount() == 1 and backup_settings(window.data_dir)["folder"] is None
    dialog.buttons["check"].click()
    assert prompts.infos[-1] == _("The database, the audit log and every stored file are sound.")


def test_the_restore_wizard_restores_and_the_window_shows_the_restored_data(window_on, english):
    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    case = add_case(window.db)  # work after the backup, open in a tab
    window.refresh()
    window.open_case(case.id)
    assert window.case_list.model.rowCount() == 37 and window.case_tabs.count() == 3
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert prompts.errors == []
    assert "replaced-" in prompts.confirmations[-1] and "not deleted" in prompts.confirmations[-1]
    assert window.case_list.model.rowCount() == 36 and cases_in(window.db) == 36
    assert window.case_list.count_label.text() == _("{n} cases").format(n=36)
    assert window.case_tabs.count() == 2 and case.id not in window.workspaces
    kept = next((window.data_dir / "backups").glob("replaced-*"))
    assert str(kept) in prompts.infos[-1] and cases_in(open_db(kept)) == 37
    assert quick_check(window.db) == []


def test_the_wizard_refuses_a_damaged_backup_and_changes_nothing(window_on, tmp_path, english):
    window = window_on()
    prompts = window.prompts
    made = backup_of(window.data_dir)
    damaged = tmp_path / "damaged.wsbackup"
    raw = bytearray(Path(made["path"]).read_bytes())
    raw[HEADER_SIZE + 1000] ^= 0x10
    damaged.write_bytes(bytes(raw))
    case = add_case(window.db)
    window.open_case(case.id)
    before = cases_in(window.db)
    dialog = window.show_backups()
    prompts.choices.append(1)  # "Another backup file…"
    prompts.files.append(str(damaged))
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert prompts.offered[-1][1:] == [prompts.offered[-1][1], _("Another backup file…")]
    assert len(prompts.errors) == 1 and "damaged.wsbackup is damaged" in prompts.errors[0]
    assert prompts.confirmations == [] and cases_in(window.db) == before and case.id in window.workspaces
    # the officer declines at the confirmation: nothing changes either
    prompts.confirm_answer = False
    prompts.choices.append(0)
    dialog.buttons["restore"].click()
    assert len(prompts.confirmations) == 1 and cases_in(window.db) == before
    assert not list((window.data_dir / "backups").glob("replaced-*"))


def test_start_after_an_unclean_shutdown_offers_the_last_good_backup(copy_template, english):
    data = copy_template("plain")
    good = backup_of(data)
    db = open_db(data)
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")  # torn by the crash
    crash_with_the_data_open(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    startup_check(None, db, data, prompts)
    assert len(prompts.confirmations) == 1
    assert "not closed properly" in prompts.confirmations[0] and "audit" in prompts.confirmations[0]
    assert good["created"][:10] in prompts.confirmations[0] and "replaced-" in prompts.confirmations[0]
    assert quick_check(db) == [] and prompts.errors == []  # the same db object holds the restored data
    assert "restored" in prompts.infos[0]
    assert not was_unclean(data) and (data / ".open" / f"{os.getpid()}.json").is_file()
    mark_closed(data)
    db.conn.close()


def test_start_check_declined_without_backup_or_after_a_clean_stop(copy_template, english):
    data = copy_template("plain")
    db = open_db(data)
    prompts = ScriptedPrompts()
    startup_check(None, db, data, prompts)  # clean: nothing asked
    assert prompts.confirmations == prompts.errors == prompts.infos == []
    mark_closed(data)
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    crash_with_the_data_open(data)
    before = data_digest(data)
    startup_check(None, db, data, prompts)  # no backup to offer
    assert len(prompts.errors) == 1 and "no backup to restore" in prompts.errors[0]
    mark_closed(data)
    db.conn.close()
    backup_of(data)
    db = open_db(data)
    # damaged again: making the backup wrote its audit entry, which writes the chain's head anew
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    crash_with_the_data_open(data)
    before = data_digest(data)
    prompts.confirm_answer = False
    startup_check(None, db, data, prompts)  # offered, declined
    assert len(prompts.confirmations) == 1 and data_digest(data) == before and quick_check(db)
    mark_closed(data)
    db.conn.close()


# A window process whose task runner is in the middle of a write transaction when it is killed (kill -9): its
# uncommitted pages are already in the -wal file (a tiny page cache spills them there).
KILLED_WHILE_WRITING = """
import os, sys, threading
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui.task_runner import TaskRunner
from workstation.db.connection import connect
from workstation.paths import database_path
from workstation.repair import mark_open

data = Path(sys.argv[1])
app = QApplication([])
mark_open(data)


def work(progress, cancel):
    db = connect(database_path(data))
    db.execute("PRAGMA cache_size = 10")
    with db.atomic():
        for n in range(3000):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [f"half-done {n}", "x" * 500])
        print("writing", flush=True)
        threading.Event().wait()


runner = TaskRunner()
runner.run("Importing complaints", work, print, print)
app.exec()
"""


def test_work_killed_in_its_transaction_is_rolled_back_and_named_at_the_next_start(copy_template, english):
    data = copy_template("plain")
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen([sys.executable, "-c", KILLED_WHILE_WRITING, str(data)], cwd=PROJECT, env=env,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "writing"
        marker = json.loads((data / ".open" / f"{process.pid}.json").read_text(encoding="utf-8"))
        assert marker["work"] == ["Importing complaints"]
    finally:
        process.kill()  # SIGKILL: no clean-up of any kind
        process.wait()
        process.stdout.close()
    assert (data / "workstation.db-wal").stat().st_size > 1_000_000
    db = open_db(data)
    prompts = ScriptedPrompts()
    startup_check(None, db, data, prompts)
    assert db.execute("SELECT COUNT(*) FROM settings WHERE key LIKE 'half-done%'").fetchone()[0] == 0
    assert quick_check(db) == [] and prompts.confirmations == prompts.errors == []
    assert len(prompts.infos) == 1 and "not closed properly" in prompts.infos[0]
    assert "Importing complaints" in prompts.infos[0] and "did not finish" in prompts.infos[0]
    assert not was_unclean(data)
    startup_check(None, db, data, prompts)  # told once
    assert len(prompts.infos) == 1
    mark_closed(data)
    db.conn.close()


def test_the_open_marker_names_the_work_only_while_it_runs(copy_template, qtbot):
    data = copy_template("plain")
    mark_open(data)
    marker = data / ".open" / f"{os.getpid()}.json"
    runner, seen = TaskRunner(), []
    runner.run("Backing up", lambda progress, cancel: json.loads(marker.read_text(encoding="utf-8")).get("work"),
               seen.append, seen.append)
    qtbot.waitUntil(lambda: seen != [], timeout=5000)
    runner.wait()
    assert seen == [["Backing up"]] and "work" not in json.loads(marker.read_text(encoding="utf-8"))
    mark_closed(data)
    assert not marker.exists()


def test_the_daily_backup_runs_when_due(window_on):
    window = window_on()
    assert due_backup(window.data_dir)
    assert maybe_backup(window) is True
    assert len(list_backups(window.data_dir)) == 1
    assert list_backups(window.data_dir)[0]["path"] in window.statusBar().currentMessage()
    assert not due_backup(window.data_dir) and maybe_backup(window) is False
    save_backup_settings(window.data_dir, folder=str(window.data_dir / "keyring.json"), last_backup=None)
    assert maybe_backup(window) is True  # a folder that is a file: said in the status bar, nothing else
    assert "keyring.json" in window.statusBar().currentMessage() and window.prompts.errors == []


def test_the_daily_backup_runs_in_the_thread_pool(window_on, qtbot):
    window = window_on(runner=TaskRunner())
    assert maybe_backup(window) is True
    qtbot.waitUntil(lambda: ".wsbackup" in window.statusBar().currentMessage(), timeout=20000)
    window.runner.wait()
    assert len(list_backups(window.data_dir)) == 1


def test_a_restore_that_fails_during_the_swap_reopens_the_current_data(window_on, monkeypatch, english):
    from workstation import backup_restore

    window = window_on()
    prompts = window.prompts
    made = backup_of(window.data_dir)
    add_case(window.db)
    window.refresh()
    stored = sorted(p.name for p in (window.data_dir / "files").rglob("*") if p.is_file())
    calls = []

    def power_cut(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        os.replace(source, target)

    monkeypatch.setattr(backup_restore, "_replace", power_cut)
    prompts.choices.append(0)
    prompts.confirm_answer = True
    dialog = window.show_backups()
    dialog.buttons["restore"].click()
    assert len(prompts.errors) == 1 and "the current data was put back" in prompts.errors[0]
    assert cases_in(window.db) == 37 and window.case_list.model.rowCount() == 37  # the window goes on with it
    assert sorted(p.name for p in (window.data_dir / "files").rglob("*") if p.is_file()) == stored
    assert Path(made["path"]).exists() and not list((window.data_dir / "backups").glob("replaced-*"))


def test_a_daily_backup_written_but_not_recorded_is_not_called_failed(window_on, english):
    from workstation.backup import settings_path

    window = window_on()
    settings_path(window.data_dir).with_name("backup.json.part").mkdir()  # backup.json cannot be written
    assert maybe_backup(window) is True
    [written] = list_backups(window.data_dir)
    shown = window.statusBar().currentMessage()
    assert shown.startswith("The automatic backup was written but not recorded: The backup ")
    assert written["path"] in shown and "failed" not in shown and window.prompts.errors == []


def test_backups_made_in_the_same_minute_are_told_apart_in_the_list_the_wizard_and_the_confirmation(
        window_on, monkeypatch, english):
    from workstation import backup

    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    for second in ("11", "13"):  # two 立即备份 within a minute
        monkeypatch.setattr(backup, "now", lambda second=second: f"2026-12-01T18:16:{second}.250000+08:00")
        dialog.buttons["backup_now"].click()
    assert prompts.errors == []
    assert [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())] == [
        "2026-12-01 18:16:13", "2026-12-01 18:16:11"]
    prompts.choices.append(1)
    dialog.buttons["restore"].click()
    offered = prompts.offered[-1][1:]
    assert len(offered) == 3 and offered[2] == _("Another backup file…")  # each backup once, and the other file
    assert offered[0].startswith("2026-12-01 18:16:13 · ") and offered[1].startswith("2026-12-01 18:16:11 · ")
    assert prompts.confirmations[-1].startswith("Restore the backup made 2026-12-01 18:16:11 (")


class CancelAt(ImmediateRunner):
    """Runs the task at once, pressing its Cancel at the first progress report of the step ``message``."""

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def run(self, title, work, on_done, on_error, parent=None):
        def cancelling(done, total, message):
            if message == self.message:
                self.cancel_token.cancel()

        self.start(title, work, on_done, on_error, cancelling)


def test_a_cancel_too_late_to_stop_the_backup_says_so_and_one_in_time_leaves_nothing(window_on, english):
    window = window_on(runner=CancelAt("Backup written"))  # pressed once the backup is in place
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    [made] = list_backups(window.data_dir)
    assert prompts.errors == [] and dialog.table.rowCount() == 1
    assert prompts.infos == [f"{made['path']} written. Cancel came too late to stop it: the backup was already "
                             "complete."]
    # pressed while the database goes into the backup: stopped there, nothing left behind
    window.runner.message, window.runner.cancel_token = "Writing the database into the backup", CancelToken()
    dialog.buttons["backup_now"].click()
    # a Cancel the officer asked for is said, not shown as an error
    assert prompts.errors == [] and prompts.infos[1:] == ["Cancelled; nothing was changed."]
    assert [p.name for p in (window.data_dir / "backups").iterdir()] == [Path(made["path"]).name]
    assert dialog.table.rowCount() == 1


def test_the_wizard_names_the_station_of_another_station_s_backup_and_gives_the_window_s_way(
        window_on, copy_template, english):
    there = copy_template("plain", "there")
    db = open_db(there)
    db.execute("UPDATE stations SET id = 'd0000000-0000-4000-8000-000000000000', name = '佛山市局' "
               "WHERE role = 'self'")
    db.conn.close()
    foreign = backup_of(there)
    window = window_on()
    prompts = window.prompts
    before = data_digest(window.data_dir)
    prompts.choices.append(0)  # "Another backup file…" (no backup of this station yet)
    prompts.files.append(foreign["path"])
    window.show_backups().buttons["restore"].click()
    [said] = prompts.errors
    assert "was made by another station, station 佛山市局: it cannot be restored into this data." in said
    way = said.index("start the workstation on a new, empty data folder and choose Restore from a backup… in its "
                     "first-start dialog")
    assert way < said.index("`backup restore") and "run `backup restore" not in said
    assert "(d0000000)" not in said and prompts.confirmations == [] and data_digest(window.data_dir) == before
