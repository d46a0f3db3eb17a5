"""Audit 68 (backups): a copy of a data folder never takes the original's backups for its own (its encryption leaves
them, and the original is reminded when its last backup is gone); `backup verify` refuses what a restore would refuse
(a newer version's database); data without a station id that holds cases refuses another station's backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import run
from tests.test_s52_backups import backup_create, first_start
from tests.test_s62_backup import earlier_version
from workstation import backup
from workstation.backup import days_since_backup, due_backup, plaintext_backups
from workstation.backup_format import ForeignBackup, read_header
from workstation.db.connection import connect
from workstation.paths import database_path

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def unencrypted(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.wsbackup") if read_header(p)["encrypted"] is False)


def encrypt(capsys, monkeypatch, data: Path) -> tuple[int, str, str]:
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    try:
        return run(capsys, "--data-dir", data, "security", "encrypt")
    finally:
        monkeypatch.delenv("WORKSTATION_PASSPHRASE")


# 1. a copy of the data folder ------------------------------------------------------------------------------------
def test_encrypting_a_copy_of_the_data_folder_leaves_the_original_s_unencrypted_backups(
        capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 0, err
    [original] = unencrypted(usb)
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    assert backup.backup_settings(copy)["part_mark"] is None  # the copied backup.json names the original folder
    assert plaintext_backups(copy) == []  # the original's backup is not the copy's
    code, out, err = encrypt(capsys, monkeypatch, copy)
    assert code == 0, err
    assert original in unencrypted(usb)  # the original (unencrypted, still in use) restores from it
    assert not due_backup(data)
    # the rotation agrees: the copy removes none of the original's
    assert backup_of(copy, folder=usb, keep=1)["removed"] == []
    assert original in unencrypted(usb)


def test_a_copy_does_not_claim_the_original_s_last_backup_through_the_copied_last_path(
        capsys, monkeypatch, tmp_path, english):
    usb = tmp_path / "usb"
    lap = first_start(tmp_path / "A", None)  # no station id: an unmarked backup is its own when it carries its log
    code, out, err = run(capsys, "--data-dir", lap, "demo", "--without-complaints")  # its log starts before the backup
    assert code == 0, err
    code, out, err = backup_create(capsys, monkeypatch, lap, None, "--folder", usb)
    assert code == 0, err
    [made] = list(usb.glob("*.wsbackup"))
    earlier_version(made)  # as an earlier version wrote it: no mark, no folder
    header = read_header(made)
    assert "data_mark" not in header
    copy = tmp_path / "copy"
    shutil.copytree(lap, copy)
    conn = sqlite3.connect(database_path(copy))  # its log does not record making it (as after a restore)
    conn.execute("UPDATE audit SET entity_id = 'another' WHERE action = 'backup'")  # its hash, the log's start, kept
    conn.commit()
    conn.close()
    assert backup.backup_settings(copy)["last_path"] == str(made)
    assert plaintext_backups(copy) == []
    assert plaintext_backups(lap) == [made.resolve()] or plaintext_backups(lap) == [made]


def test_the_backup_is_due_when_the_last_one_is_gone_from_a_folder_that_is_there(copy_template, tmp_path, english):
    from ui.backup_dialogs import no_backup_text

    data = copy_template("plain")
    usb = tmp_path / "usb"
    made = backup_of(data, folder=usb)
    assert (due_backup(data), days_since_backup(data)) == (False, 0)
    usb.rename(tmp_path / "unplugged")  # the USB stick not plugged in: not due for that
    assert (due_backup(data), days_since_backup(data)) == (False, 0)
    (tmp_path / "unplugged").rename(usb)
    Path(made["path"]).unlink()  # removed (by another folder's encryption, say): due at once
    assert (due_backup(data), days_since_backup(data)) == (True, 0)  # due at once; its age kept (the message box)
    assert made["path"] in no_backup_text(data) and "no longer there" in no_backup_text(data)


# 2. `backup verify` of a newer version's backup --------------------------------------------------------------------
def test_verify_refuses_a_backup_whose_database_a_newer_version_wrote(capsys, copy_template, tmp_path, english):
    from workstation.backup import create_backup
    from workstation.backup_restore import check_restorable

    data = copy_template("plain")
    newer = copy_template("plain", "newer")
    conn = sqlite3.connect(database_path(newer))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) SELECT migration_set, "
                 "'m999_future', applied_at FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1")
    conn.commit()
    conn.close()
    db = connect(database_path(newer))
    try:
        made = create_backup(db, newer, tmp_path / "bk")
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "backup", "verify", made["path"])
    assert code == 1
    assert "newer version" in err and Path(made["path"]).name in err and "valid" not in out
    with pytest.raises(backup.BackupRefused, match="newer version"):
        check_restorable(data, made["path"])
    # a backup of this version still verifies
    code, out, err = run(capsys, "--data-dir", data, "backup", "verify", backup_of(data)["path"])
    assert code == 0, err


# 3. data without a station id -------------------------------------------------------------------------------------
def test_data_without_a_station_id_but_with_cases_refuses_another_station_s_backup(
        capsys, monkeypatch, copy_template, tmp_path, english):
    from tests.backup_fixtures import data_digest
    from workstation.backup_restore import check_restorable

    station = copy_template("plain")
    made = backup_of(station)["path"]
    demo = first_start(tmp_path / "D", None)
    code, out, err = run(capsys, "--data-dir", demo, "demo", "--without-complaints")
    assert code == 0, err
    before = data_digest(demo)
    code, out, err = run(capsys, "--data-dir", demo, "backup", "restore", made)
    assert code == 1
    assert "station plain" in err and "no station id" in err and "--data-dir NEW_FOLDER" in err
    assert data_digest(demo) == before
    # the window's check says the same, its way
    with pytest.raises(ForeignBackup) as refused:
        check_restorable(demo, made)
    assert "station plain" in refused.value.window_message and "first-start dialog" in refused.value.window_message
    # without cases (a first start that declined the agency step) the backup is taken as before
    empty = first_start(tmp_path / "E", None)
    assert check_restorable(empty, made)["valid"]


# 4. (final read) a moved data folder is the same folder; the age of a backup gone; a verify that could not check ----
def test_encrypting_a_moved_data_folder_replaces_its_unencrypted_backups(capsys, monkeypatch, copy_template, tmp_path,
                                                                          english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 0, err
    [made] = unencrypted(usb)
    moved = tmp_path / "moved"
    data.rename(moved)  # moved (or renamed): backup.json still names the folder it was in, which is gone
    assert backup.backup_settings(moved)["part_mark"] is not None
    assert [p.name for p in plaintext_backups(moved)] == [made]
    code, out, err = encrypt(capsys, monkeypatch, moved)
    assert code == 0, err
    assert unencrypted(usb) == []  # replaced as before the copy rule
    assert "The unencrypted backups were removed" in out
    assert any(read_header(p)["encrypted"] for p in usb.glob("*.wsbackup")) or any(
        read_header(p)["encrypted"] for p in (moved / "backups").glob("*.wsbackup"))


def test_a_copy_whose_original_lost_its_mark_is_taken_for_a_move_and_one_whose_original_keeps_it_is_not(
        copy_template, tmp_path, english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    backup_of(data, folder=usb)
    mark = backup.backup_settings(data)["part_mark"]
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    assert backup.backup_settings(copy)["part_mark"] is None  # the original is there with the same mark: a copy
    backup.settings_path(data).unlink()  # the original's backup.json gone: its mark no longer proves a copy
    assert backup.backup_settings(copy)["part_mark"] == mark


def test_encrypting_a_copy_names_the_unencrypted_backups_it_leaves(capsys, monkeypatch, copy_template, tmp_path,
                                                                   english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 0, err
    [original] = unencrypted(usb)
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    code, out, err = encrypt(capsys, monkeypatch, copy)
    assert code == 0, err
    assert original in unencrypted(usb)
    assert original in out and str(usb) in out  # left, and said


def test_the_old_backup_box_is_shown_when_the_last_backup_is_gone(window_on, tmp_path, english):
    import datetime as dt

    from PySide6.QtWidgets import QLabel

    from ui.backup_dialogs import maybe_backup
    from workstation.backup import save_backup_settings

    window = window_on()
    data = window.data_dir
    usb = tmp_path / "usb"
    made = backup_of(data, folder=usb)
    nine_days_ago = (dt.datetime.now().astimezone() - dt.timedelta(days=9)).isoformat()
    save_backup_settings(data, last_backup=nine_days_ago)
    Path(made["path"]).unlink()  # gone from a folder that is there
    assert days_since_backup(data) == 9  # its age kept
    save_backup_settings(data, folder=str(data / "keyring.json"))  # the next backup fails: a folder that is a file
    assert maybe_backup(window) is True
    assert len(window.prompts.errors) == 1 and "9 days ago" in str(window.prompts.errors[0])
    warning = window.statusBar().findChild(QLabel, "backup_warning")
    assert "no longer there" in warning.text() and made["path"] in warning.text()


def test_verify_says_when_the_database_could_not_be_checked(capsys, monkeypatch, copy_template, english):
    import errno

    from workstation import backup_restore

    data = copy_template("plain")
    made = backup_of(data)["path"]

    def full(folder):  # the data disk full: no room for the copy of the database
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_restore, "make_private_folder", full)
    code, out, err = run(capsys, "--data-dir", data, "backup", "verify", made)
    assert code == 0, err  # the hashes are good
    assert "valid" not in out and "database" in err and "could not be checked" in err and "the disk is full" in err
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "verify", made)
    assert code == 0 and '"database_checked": false' in out
    monkeypatch.undo()
    code, out, err = run(capsys, "--data-dir", data, "--json", "backup", "verify", made)
    assert code == 0 and '"database_checked": true' in out


def test_verify_with_a_missing_data_folder_makes_no_backups_folder_there(capsys, copy_template, tmp_path, english):
    data = copy_template("plain")
    made = backup_of(data)["path"]
    missing = tmp_path / "missing"
    code, out, err = run(capsys, "--data-dir", missing, "backup", "verify", made)
    assert not (missing / "backups").exists() and not database_path(missing).exists()
    assert code == 0 and "valid" in out, err  # its database checked elsewhere (the system's temporary folder)
