"""Restores and their checks as the officer sees them: Enter on a question that deletes kept data keeps it, the
progress of a restore goes one way and a Cancel is heard while the database is read, a Cancel pressed during the
wizard's check stops the wizard, and data never backed up is said in the once-a-day box after a week."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests import backup_fixtures
from tests.backup_fixtures import BackupPrompts, backup_of, data_digest, open_db
from workstation.errors import Cancelled

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


@pytest.fixture(autouse=True)
def _in_english(english):
    """The messages compared are the message ids."""
    yield


def window_of(data: Path, qtbot, prompts=None, runner=None):
    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    window = MainWindow(db=open_db(data), data_dir=data, runner=runner or ImmediateRunner(),
                        prompts=prompts or BackupPrompts())
    qtbot.addWidget(window)
    return window


def restored_once(copy_template) -> Path:
    """A data directory restored from its own backup: one replaced set is kept."""
    from workstation.backup import restore_backup

    data = copy_template("plain")
    made = backup_of(data)
    restore_backup(data, made["path"])
    assert len(list((data / "backups").glob("replaced-*"))) == 1
    return data


class EnterOnEveryBox:
    """Presses Return on each message box shown (as an officer pressing Enter out of habit), noting whether its
    default button was No."""

    def __init__(self):
        self.seen: list[tuple[bool, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self.press)
        self.timer.start()

    def press(self) -> None:
        from PySide6.QtTest import QTest

        for top in QApplication.topLevelWidgets():
            if isinstance(top, QMessageBox) and top.isVisible():
                default = top.defaultButton()
                self.seen.append((default is not None and top.standardButton(default)
                                  == QMessageBox.StandardButton.No, top.text()))
                QTest.keyClick(top, Qt.Key.Key_Return)
                return

    def stop(self) -> None:
        self.timer.stop()


@pytest.mark.parametrize("button", ["remove_button", "put_back_button"])
def test_enter_on_remove_or_put_back_keeps_the_data_a_restore_kept(copy_template, qtbot, button):
    from ui.prompts import Prompts

    data = restored_once(copy_template)
    before = data_digest(data)
    window = window_of(data, qtbot)
    try:
        window.prompts = Prompts()  # the real question boxes
        dialog = window.show_backups().show_replaced()
        dialog.table.selectRow(0)
        enter = EnterOnEveryBox()
        try:
            getattr(dialog, button).click()
            qtbot.wait(100)
        finally:
            enter.stop()
        assert enter.seen and enter.seen[0][0], enter.seen  # the question's default is No
        assert len(enter.seen) == 1  # nothing followed: no "removed" or "put back" message
        assert len(list((data / "backups").glob("replaced-*"))) == 1  # the kept set is still there
        assert dialog.table.rowCount() == 1
    finally:
        window.runner.wait()
        if window.db is not None:
            window.db.conn.close()
    assert data_digest(data) == before  # the current data was not replaced either


# progress and Cancel of a restore --------------------------------------------------------------------------------
def test_the_progress_of_a_restore_never_goes_back_and_moves_while_the_backup_is_read(copy_template):
    from workstation.backup import restore_backup

    data = copy_template("plain")
    made = backup_of(data)
    reports = []
    restore_backup(data, made["path"], progress=lambda done, total, message: reports.append((done, total, message)))
    fractions = [done / total for done, total, _message in reports]
    assert fractions == sorted(fractions), reports  # never backwards
    assert fractions[0] == 0 and fractions[-1] == 1
    # the first read (the check) is reported as it goes, not at 0 until it ends
    checking = [done / total for done, total, message in reports if message == "Checking the backup"]
    assert len(set(checking)) >= 3, reports
    assert len({total for _done, total, _message in reports}) == 1  # one total for the whole restore


def big_backup(copy_template) -> tuple[Path, dict]:
    """A backup whose database is a few MiB."""
    data = copy_template("plain")
    db = open_db(data)
    try:
        db.execute("CREATE TABLE padding (b BLOB)")
        db.execute("INSERT INTO padding VALUES (randomblob(4 * 1024 * 1024))")
    finally:
        db.conn.close()
    return data, backup_of(data)


def test_a_cancel_is_heard_inside_the_database_while_the_backup_is_read(copy_template, tmp_path):
    from workstation.backup_format import DATABASE_MEMBER, read_header, read_payload
    from workstation.progress import CancelToken

    _data, made = big_backup(copy_template)
    path = Path(made["path"])
    header = read_header(path)
    token = CancelToken()
    into = tmp_path / "unpacked"
    into.mkdir()

    def progress(done, total, message):
        token.cancel()  # the officer presses Cancel as soon as the bar appears

    with pytest.raises(Cancelled):
        read_payload(path, header, None, into, progress, token)
    written = (into / DATABASE_MEMBER).stat().st_size
    assert written < 4 * 1024 * 1024  # stopped within the database, not after it was read whole


def test_a_cancelled_restore_changes_nothing(copy_template):
    from workstation.backup import restore_backup
    from workstation.progress import CancelToken

    data, made = big_backup(copy_template)
    before = data_digest(data)
    token = CancelToken()
    reports = []

    def progress(done, total, message):
        reports.append(message)
        if len(reports) == 2:  # pressed while the check reads the database
            token.cancel()

    with pytest.raises(Cancelled):
        restore_backup(data, made["path"], progress=progress, cancel=token)
    assert set(reports) == {"Checking the backup"}
    assert data_digest(data) == before
    assert not list((data / "backups").glob("replaced-*"))


# Cancel during the wizard's check --------------------------------------------------------------------------------
def test_a_cancel_pressed_during_the_wizards_check_asks_no_replacement(copy_template, qtbot):
    from ui.backup_dialogs import RestoreWizard
    from ui.task_runner import ImmediateRunner

    class CancelAsTheCheckEnds(ImmediateRunner):
        """The officer's Cancel lands as the check reads its last bytes: the work still returns."""

        def start(self, title, work, on_done, on_error, progress):
            def work_then_cancel(progress, cancel):
                result = work(progress=progress, cancel=cancel)
                if title == "Checking the backup":
                    cancel.cancel()
                return result

            return super().start(title, work_then_cancel, on_done, on_error, progress)

    data = copy_template("plain")
    made = backup_of(data)
    before = data_digest(data)
    window = window_of(data, qtbot, runner=CancelAsTheCheckEnds())
    window.prompts.confirm_answer = True
    try:
        RestoreWizard(window, window).start(made["path"])
        assert window.prompts.confirmations == []  # no "replace the data?" asked
        assert window.prompts.infos == ["Cancelled; nothing was changed."]
        assert window.prompts.errors == []
    finally:
        window.runner.wait()
        window.db.conn.close()
    assert data_digest(data) == before
    assert not list((data / "backups").glob("replaced-*"))


def test_a_check_not_cancelled_still_asks_to_replace(copy_template, qtbot):
    from ui.backup_dialogs import RestoreWizard

    data = copy_template("plain")
    made = backup_of(data)
    window = window_of(data, qtbot)
    window.prompts.confirm_answer = False
    try:
        RestoreWizard(window, window).start(made["path"])
        assert len(window.prompts.confirmations) == 1 and window.prompts.infos == []
    finally:
        window.db.conn.close()


# never backed up, and the backup folder failing ----------------------------------------------------------------
def never_backed_up_failing(window, tmp_path) -> None:
    from workstation.backup import save_backup_settings

    unplugged = tmp_path / "usb"
    unplugged.write_text("not a folder")  # the chosen folder cannot take a backup
    save_backup_settings(window.data_dir, folder=str(unplugged))
    settings = json.loads((window.data_dir / "backup.json").read_text(encoding="utf-8"))
    settings.update(last_backup=None, last_path=None)
    (window.data_dir / "backup.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")


def test_data_never_backed_up_and_a_week_old_is_said_in_a_box_once_a_day(copy_template, qtbot, tmp_path,
                                                                         monkeypatch):
    import workstation.backup as backup_core
    from ui.backup_dialogs import maybe_backup
    from workstation.records import program_time

    data = copy_template("plain")
    window = window_of(data, qtbot)
    try:
        never_backed_up_failing(window, tmp_path)
        later = program_time() + dt.timedelta(days=10)  # the data was begun ten days ago
        monkeypatch.setattr(backup_core, "program_time", lambda: later)
        for _hour in range(3):  # the window tries every hour: the box comes once
            assert maybe_backup(window) is True
        assert len(window.prompts.errors) == 1, window.prompts.errors
        said = str(window.prompts.errors[0])
        assert said.startswith("The automatic backup failed: ")
        assert said.endswith("\n\nNo backup of this data is recorded, and it was begun 10 days ago: everything entered "
                             "exists only on this laptop. Back up now under File → Backups… (plug in the backup "
                             "drive, or choose another folder)."), said
        window.stale_backup_said = "2000-01-01"  # the next day: said again
        assert maybe_backup(window) is True
        assert len(window.prompts.errors) == 2
    finally:
        window.db.conn.close()


def test_data_never_backed_up_but_new_gets_no_box(copy_template, qtbot, tmp_path):
    from ui.backup_dialogs import maybe_backup

    data = copy_template("plain")
    window = window_of(data, qtbot)
    try:
        never_backed_up_failing(window, tmp_path)
        assert maybe_backup(window) is True
        assert window.prompts.errors == []  # the status bar says it; a new station gets no box yet
    finally:
        window.db.conn.close()


def test_the_age_of_the_data_is_its_first_entry(copy_template, monkeypatch):
    import workstation.backup as backup_core
    from workstation.backup import data_age_days
    from workstation.records import program_time

    data = copy_template("plain")
    db = open_db(data)
    try:
        assert data_age_days(db) == 0
        later = program_time() + dt.timedelta(days=8, hours=1)
        monkeypatch.setattr(backup_core, "program_time", lambda: later)
        assert data_age_days(db) == 8
    finally:
        db.conn.close()
    assert data_age_days(None) is None
