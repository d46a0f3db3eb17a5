"""Data safety as an officer whose laptop holds the only copy of a year of cases: a failed automatic backup is not
forgotten after two minutes, the backup dialog says when the backups would be lost with the laptop, a change of
passphrase says what it means for the backups made before (and restoring such a backup on a new laptop says which
passphrase it wants), a restore on the command line says how old the data it brought back is, and the idle lock
keeps what was typed in an open editor."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from PySide6.QtWidgets import QLabel

import workstation.backup as backup_core
from tests import backup_fixtures
from tests.backup_fixtures import CASE, PASS, backup_of
from ui.backup_dialogs import maybe_backup
from workstation import records
from workstation.backup import backup_settings, list_backups, save_backup_settings
from workstation.cli import main
from workstation.security import keyring, session

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)
SHOTS = Path("/tmp/safety10")
NEW_PASS = "a new and longer passphrase"


def shot(widget, name: str) -> None:
    """A screenshot for the walkthrough's report (skipped where /tmp/safety10 cannot be written)."""
    try:
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))
    except OSError:
        pass


def days_ago(days: int) -> str:
    """A time ``days`` days (and five minutes) before the program's clock, which the backup's age is counted on."""
    return (dt.datetime.fromisoformat(records.now()) - dt.timedelta(days=days, minutes=5)).isoformat()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# a failed automatic backup -------------------------------------------------------------------------------------
def test_a_failed_automatic_backup_stays_in_the_status_bar_until_a_backup_succeeds(window_on, english):
    window = window_on()
    window.resize(1000, 600)
    data = window.data_dir
    # the chosen USB folder is a file now (a stick formatted differently): every automatic backup fails
    save_backup_settings(data, folder=str(data / "keyring.json"), last_backup=days_ago(2))
    assert maybe_backup(window) is True
    warning = window.statusBar().findChild(QLabel, "backup_warning")
    assert warning is not None and not warning.isHidden()
    assert "(2 days ago): the automatic backup failed" in warning.text()
    assert window.prompts.errors == []  # two days: said in the status bar, no message box yet
    window.statusBar().clearMessage()  # the two-minute message is gone; the warning is not
    assert "2 days ago" in warning.text() and not warning.isHidden()
    shot(window, "backup_failed_status_bar")
    # a week without a backup: said in a message box too, with what to do
    save_backup_settings(data, last_backup=days_ago(9))
    assert maybe_backup(window) is True
    assert len(window.prompts.errors) == 1 and "9 days ago" in window.prompts.errors[0]
    assert "only on this laptop" in window.prompts.errors[0] and "keyring.json" in window.prompts.errors[0]
    # the officer backs up into the default folder: the warning goes
    dialog = window.show_backups()
    dialog.buttons["default_folder"].click()
    dialog.buttons["backup_now"].click()
    assert len(list_backups(data)) == 1 and warning.isHidden()


def test_a_failed_first_automatic_backup_says_there_is_none_yet(window_on, english):
    window = window_on()
    data = window.data_dir
    save_backup_settings(data, folder=str(data / "keyring.json"), last_backup=None)
    assert maybe_backup(window) is True
    warning = window.statusBar().findChild(QLabel, "backup_warning")
    assert warning.text().startswith("No backup yet: the automatic backup failed.")
    save_backup_settings(data, folder=None)
    assert maybe_backup(window) is True and warning.isHidden()  # the next automatic backup succeeded


# where the backups are -----------------------------------------------------------------------------------------
def test_the_backup_dialog_says_when_the_backups_are_on_the_disk_of_the_data(window_on, tmp_path, english):
    window = window_on()
    dialog = window.show_backups()
    dialog.resize(800, 480)
    assert backup_core.on_the_data_disk(window.data_dir)
    assert not dialog.place_warning.isHidden() and "same disk as the data" in dialog.place_warning.text()
    shot(dialog, "backup_dialog_same_disk")
    # the tests' folders may themselves be on /dev/shm (tests/conftest.py): then the disk of /var/tmp stands for it
    other_disk = next((Path(p) for p in ("/dev/shm", "/var/tmp")
                       if Path(p).is_dir() and Path(p).stat().st_dev != window.data_dir.stat().st_dev), None)
    if other_disk is None:
        pytest.skip("no second file system to stand for a USB drive")
    usb = other_disk / f"safety10-{os.getpid()}"
    usb.mkdir()
    try:
        window.prompts.folders.append(str(usb))
        dialog.buttons["choose_folder"].click()
        assert dialog.folder_label.text() == str(usb) and dialog.place_warning.isHidden()
    finally:
        usb.rmdir()


# a change of passphrase and the backups made before -----------------------------------------------------------
def test_a_change_of_passphrase_says_what_it_means_for_the_backups_made_before(capsys, monkeypatch, copy_template,
                                                                              tmp_path, english):
    data = copy_template("encrypted")
    made = backup_of(data)
    officer = keyring.officers(data)[0]
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASS, encoding="utf-8")
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "change-passphrase", "--new-passphrase-file",
                         new_file)
    assert code == 0, err
    assert out.startswith(f"The passphrase of {officer} was changed. Backups made before this change still restore")
    assert "only with the earlier passphrase" in out and "Back up now" in out
    session._KEYS.clear()
    # on a new laptop, the backup of before the change wants the passphrase of its day, and says so
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", NEW_PASS)
    laptop = tmp_path / "new laptop"
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"])
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "nothing was restored" in err and made["created"][:16].replace("T", " ") in err
    assert "give the earlier one" in err and not laptop.exists()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"])
    assert code == 0, err
    # here, the new passphrase restores it: the key of the data did not change
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", NEW_PASS)
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["path"], "--json")
    assert code == 0, err and json.loads(out)["kept"]


def test_the_passphrase_dialog_says_what_the_change_means_for_the_backups(qtbot, copy_template, english):
    from ui.security_dialog import PassphraseDialog

    data = copy_template("encrypted")
    officer = keyring.officers(data)[0]
    dialog = PassphraseDialog(data, officer)
    qtbot.addWidget(dialog)
    fields = dialog.change_fields
    for name, text in (("old", PASS), ("passphrase", NEW_PASS), ("repeat", NEW_PASS)):
        fields.edits[name].setText(text)
    dialog.change_button.click()
    assert dialog.done_label.text() == "Your passphrase was changed; the old one no longer opens the data."  # no backup
    backup_of(data)
    for name, text in (("old", NEW_PASS), ("passphrase", PASS + "!"), ("repeat", PASS + "!")):
        fields.edits[name].setText(text)
    dialog.change_button.click()
    assert "only with the earlier passphrase" in dialog.done_label.text()
    dialog.resize(640, 560)
    shot(dialog, "passphrase_changed")


# the idle lock and an open editor -------------------------------------------------------------------------------
def test_the_idle_lock_keeps_the_text_typed_in_an_open_editor(window_on, qtbot, english):
    from ui.idle_lock import IdleLock
    from workstation.documents.drafts import find_form
    from workstation.store import drafts, find_case

    window = window_on("encrypted")
    window.show()
    lock = IdleLock(window, window.data_dir, keyring.officers(window.data_dir)[0], 5, quit_app=lambda: None)
    case = find_case(window.db, CASE)
    editor = window.open_editor(case, find_form("inquiry_record"))
    editor.set_field("place", "询问室")
    typed = editor.current_values()
    lock.last_input = lock.clock() - 5 * 60
    assert lock.check_idle() and editor in lock.covered()
    shot(window, "idle_locked")
    qtbot.keyClicks(editor, "x")  # typing into the covered editor goes nowhere
    lock.dialog.passphrase.setText(PASS)
    lock.dialog.login_button.click()
    assert not lock.is_locked and editor.isVisible() and editor.current_values() == typed
    editor.autosave()  # what a crash right after the unlock would find
    [left] = [d for d in drafts.left_open(window.db) if d.id == editor.draft.id]
    assert left.values["place"] == "询问室"
    lock.stop()
    editor.close()
    assert backup_settings(window.data_dir)["last_backup"] is None  # nothing else was touched
