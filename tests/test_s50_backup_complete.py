"""Backups (found by the backup-completeness audit): a backup made while a stored file the records name is gone from
the file store says so — in the command's text and --json, the window's 立即备份 message and the automatic backup's
status — naming the case and the evidence or document the file belongs to, and its rotation removes no older backup
(one may still hold the file); `backup check` (quick) notices such a file; a file that is no backup is refused with
what to choose instead; a read-only folder is refused when chosen in the 备份 dialog; another station's backup of an
unnamed station is named as the other refusals name one."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from PySide6.QtWidgets import QLabel

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, backup_of, open_db
from tests.helpers import run
from workstation.backup import BackupRefused, backup_settings, list_backups, verify_backup
from workstation.filestore import file_path

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)
EVIDENCE = "客户名单.csv"


def evidence_sha(data: Path) -> str:
    db = open_db(data)
    try:
        return db.execute("SELECT sha256 FROM evidence WHERE file_name = ?", [EVIDENCE]).fetchone()[0]
    finally:
        db.conn.close()


def lose_the_evidence(data: Path) -> str:
    """The stored file of the evidence 客户名单.csv removed from the file store (by hand, an antivirus); its sha256."""
    sha = evidence_sha(data)
    path = file_path(data, sha)
    path.unlink()
    return sha


# 1. a backup that lacks a stored file says so, and its rotation removes no older backup ---------------------------
def test_a_backup_lacking_a_stored_file_says_so_and_removes_no_older_backup(copy_template, english):
    data = copy_template("plain")
    whole = backup_of(data, keep=2)
    assert whole["missing_files"] == [] and whole["rotation_skipped"] is False
    sha = lose_the_evidence(data)
    lacking = backup_of(data, keep=2)
    assert lacking["files"] == whole["files"] - 1
    [missing] = lacking["missing_files"]
    assert missing["sha256"] == sha and OPEN_CASE in missing["what"] and EVIDENCE in missing["what"]
    assert lacking["rotation_skipped"] is True
    again = backup_of(data, keep=2)  # beyond the 2 kept: the whole backup would go
    assert again["removed"] == [] and again["rotation_skipped"] is True
    assert Path(whole["path"]).exists() and len(list_backups(data)) == 3
    # the file put back: the next backup is whole again and the rotation goes on as before
    restored = Path(whole["path"])
    assert verify_backup(data, restored)["valid"]
    return_the_file(data, restored, sha)
    complete = backup_of(data, keep=2)
    assert complete["missing_files"] == [] and complete["rotation_skipped"] is False
    assert whole["id"] in complete["removed"] and len(list_backups(data)) == 2


def return_the_file(data: Path, backup: Path, sha: str) -> None:
    """Put the lost file back from ``backup`` (restored into a scratch data directory)."""
    scratch = data.parent / "scratch"
    code = backup_fixtures.quiet_cli("backup", "restore", backup, "--data-dir", scratch)
    assert code == 0
    target = file_path(data, sha)
    target.write_bytes(file_path(scratch, sha).read_bytes())


def test_the_command_says_the_backup_is_incomplete_and_the_quick_check_finds_the_file(capsys, copy_template,
                                                                                     english):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--keep", "1")
    assert code == 0 and "incomplete" not in out
    lose_the_evidence(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--keep", "1")
    assert code == 0, err
    assert "incomplete" in out and OPEN_CASE in out and EVIDENCE in out
    assert "No older backup was removed" in out and len(list_backups(data)) == 2
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--keep", "1", "--json")
    result = json.loads(out)
    assert code == 0 and result["removed"] == [] and result["rotation_skipped"] is True
    assert [m["what"] for m in result["missing_files"]] == [f"The stored copy of evidence file {EVIDENCE} of case {OPEN_CASE}"]
    # the quick check notices the file too (the full check always did)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 1 and OPEN_CASE in out and EVIDENCE in out and "missing" in out
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full")
    assert code == 1 and out.count("is missing") == 1  # said once, not by both checks


def test_an_issued_document_s_lost_pdf_is_named_by_its_document(capsys, copy_template, english):
    data = copy_template("plain")
    db = open_db(data)
    try:
        sha, title, number = db.execute("SELECT pdf_sha256, title, number FROM documents LIMIT 1").fetchone()
    finally:
        db.conn.close()
    file_path(data, sha).unlink()
    [missing] = backup_of(data)["missing_files"]
    assert title in missing["what"] and (number or title) in missing["what"]


# 1. in the window ------------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_the_window_says_an_incomplete_backup(window_on, english):
    from ui.backup_dialogs import maybe_backup

    window = window_on()
    lose_the_evidence(window.data_dir)
    assert maybe_backup(window) is True
    warning = window.statusBar().findChild(QLabel, "backup_warning")
    assert warning is not None and not warning.isHidden()
    assert "incomplete" in warning.text() and OPEN_CASE in warning.text()
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    said = window.prompts.errors[-1]
    assert "written" in said and "incomplete" in said and EVIDENCE in said


# 2. a file that is no backup ------------------------------------------------------------------------------------
def test_a_file_that_is_no_backup_is_refused_with_what_to_choose(capsys, copy_template, tmp_path, english):
    data = copy_template("plain")
    pdf = tmp_path / "data-issued.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 5000)
    with pytest.raises(BackupRefused) as refused:
        verify_backup(data, pdf)
    message = refused.value.message
    assert message.startswith("data-issued.pdf is not a workstation backup.")
    assert ".wsbackup" in message and "`backup list`" in message
    assert "File → Backups…" in refused.value.window_message
    code, out, err = run(capsys, "--data-dir", data, "backup", "verify", pdf)
    assert code == 1 and ".wsbackup" in err and "backup list" in err


# 3. a read-only folder chosen in the dialog ----------------------------------------------------------------------
@pytest.mark.gui
def test_a_read_only_folder_is_refused_when_chosen(window_on, tmp_path, monkeypatch, english):
    window = window_on()
    dialog = window.show_backups()
    stick = tmp_path / "只读U盘"
    stick.mkdir()
    real = os.open

    def read_only(path, flags, *args, **kwargs):  # the medium refuses writing, as a stick locked read-only does
        if Path(os.fsdecode(path)).parent == stick and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    window.prompts.folders.append(str(stick))
    dialog.buttons["choose_folder"].click()
    assert backup_settings(window.data_dir)["folder"] is None
    assert dialog.folder_label.text() != str(stick)
    assert window.prompts.errors == [
        f"The backup was not written: {stick} is read-only or may not be written. Choose another folder; the "
        "earlier backups are intact."]
    monkeypatch.setattr(os, "open", real)
    window.prompts.folders.append(str(stick))  # writable: chosen, and nothing left in it
    dialog.buttons["choose_folder"].click()
    assert backup_settings(window.data_dir)["folder"] == str(stick) and list(stick.iterdir()) == []


# 4. another station's backup, of a station never named -------------------------------------------------------------
def test_an_unnamed_station_s_backup_is_named_as_an_unnamed_station(copy_template, english):
    from tests.test_backup import another_station, named
    from workstation.station import this_station

    here = copy_template("plain", "here")
    there = copy_template("plain", "there")
    another_station(there)
    named(there, "Station")
    db = open_db(there)
    start = " ".join(this_station(db).fingerprint.split()[:2])
    db.conn.close()
    foreign = backup_of(there)
    with pytest.raises(BackupRefused) as refused:
        verify_backup(here, foreign["path"])
    for said in (refused.value.message, refused.value.window_message):
        assert f"was made by another station, an unnamed one (fingerprint {start}…):" in said
        assert "station unnamed" not in said
