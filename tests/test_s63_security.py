"""Mends of session 63's security audit:

1. an unencrypted backup that cannot be deleted (a read-only share, a file in use) no longer makes the encrypted data
   unreachable: the encryption finishes, names the file and says to delete it by hand, and every later opening works;
2. a stored file that cannot be removed from ``files.plaintext`` is no longer left silently: named when the data is
   encrypted, tried again at each opening, and flagged by `backup check`;
3. an encryption cut off right after its encrypted backup was made removes the unencrypted backups it had found
   (noted in its journal first), even when the cut-off run gave the data folder a new mark;
4. encrypting the database reports its step, and a Cancel meanwhile leaves the data unencrypted and unchanged;
5. Ctrl+L locks from the workstation's other windows (a form editor, a dialog shown without exec()), not only the
   main window (not while a modal dialog is open: Qt gives the windows behind it no shortcut);
6. the workstation's passphrase is named as the officer sees it (`security remove-officer`, its refusal, its message
   and `audit list`), never by its internal key.

The final read's mends: what the encryption says of the backups and stored files it could not remove is kept whole
(after a restore too) and named once; a backup that could not be deleted is named and tried again at each opening and
flagged by `backup check`; an encrypted backup is made when only migration copies went; leftovers are a warning in
the window; a damaged journal or any error finishing an encryption never stops the opening; `security
change-passphrase --officer` takes the workstation's passphrase by its name; the JSON gives the names shown beside the
keys."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of, data_digest
from tests.helpers import run
from workstation.security import access, keyring, session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


class Crash(BaseException):
    """The process dies here (BaseException passes `except Exception`)."""


@pytest.fixture(autouse=True)
def _fresh_keys():
    from workstation.repair import swept

    swept()
    yield
    session._KEYS.clear()
    swept()


def cli(capsys, monkeypatch, *argv, passphrase: str | None = PASS):
    session._KEYS.clear()  # each command a new process
    if passphrase is None:
        monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", passphrase)
    return run(capsys, "--data-dir", *argv)


def undeletable(monkeypatch, *names: str) -> set[str]:
    """The files named ``names`` cannot be deleted (in use, or on a read-only share): Path.unlink and os.unlink refuse
    them (shutil.rmtree unlinks by name within its folder). Returns the set of names refused: emptied, they go."""
    real_unlink, real_path_unlink = os.unlink, Path.unlink
    refusing = set(names)

    def refused(path) -> bool:
        return any(str(path).endswith(name) for name in refusing)

    def os_unlink(path, *args, **kwargs):
        if refused(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_unlink(path, *args, **kwargs)

    def path_unlink(self, missing_ok=False):
        if refused(self):
            raise PermissionError(13, "Permission denied", str(self))
        return real_path_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "unlink", os_unlink)
    monkeypatch.setattr(Path, "unlink", path_unlink)
    return refusing


def encrypt_unaudited(monkeypatch, data: Path) -> None:
    """Encrypt ``data`` in a run that cannot write its audit entries: its journal stays for the next unlock to
    finish."""
    with monkeypatch.context() as patch:
        patch.setattr(access, "_audit_encryption", lambda *_args: False)
        access.encrypt_data_dir(data, PASS)


# 1 --------------------------------------------------------------------------------------------------------------
def test_an_unencrypted_backup_that_cannot_be_deleted_is_named_and_the_data_still_opens(
        capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    share = tmp_path / "share"
    stuck = Path(backup_of(data, folder=share)["path"])
    undeletable(monkeypatch, stuck.name)
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0, err
    assert "internal error" not in err.lower()
    assert str(stuck) in out and "Delete it by hand" in out
    assert "not known to be this data folder's" not in out  # said once, as what it is
    assert keyring.state(data) == "encrypted" and not access.journal_path(data).exists()
    for _ in range(2):  # every opening after it, the file still there
        code, out, err = cli(capsys, monkeypatch, data, "stats", "--json")
        assert code == 0, err
        assert json.loads(out)["cases"]["total"] > 0
    assert stuck.exists()


def test_an_opening_that_finishes_an_encryption_is_not_stopped_by_a_backup_it_cannot_delete(
        capsys, monkeypatch, copy_template, tmp_path, english):
    from workstation.repair import swept

    data = copy_template("plain")
    stuck = Path(backup_of(data, folder=tmp_path / "share")["path"])
    undeletable(monkeypatch, stuck.name)
    # the run before could not write its audit entries: the journal stays for the next unlock to finish
    encrypt_unaudited(monkeypatch, data)
    assert access.journal_path(data).exists()
    session._KEYS.clear()
    swept()
    assert access.prepare(data, PASS) == "encrypted"  # not PermissionError
    said = " ".join(swept())
    assert str(stuck) in said and "Delete it by hand" in said
    assert not access.journal_path(data).exists()


@pytest.mark.parametrize(("step", "error"), [
    ("workstation.station.protect_keys", OSError(28, "No space left on device")),
    ("workstation.security.access.unavailable_note", ValueError("a bug")),  # any error of a step, not only expected
], ids=["full-disk", "any-error"])
def test_an_opening_goes_on_when_finishing_the_encryption_fails_and_tries_again_next_time(
        monkeypatch, copy_template, english, step, error):
    from workstation.repair import swept

    data = copy_template("plain")
    encrypt_unaudited(monkeypatch, data)
    session._KEYS.clear()

    def failing(_data_dir):
        raise error

    with monkeypatch.context() as patch:
        patch.setattr(step, failing)
        assert access.prepare(data, PASS) == "encrypted"
    assert "tried again" in " ".join(swept())
    assert access.journal_path(data).exists()  # kept: the next opening finishes it
    session._KEYS.clear()
    assert access.prepare(data, PASS) == "encrypted"
    assert not access.journal_path(data).exists()


def test_a_backup_turned_encrypted_under_its_name_is_not_deleted(copy_template, tmp_path):
    from workstation.backup import remove_plaintext_backups
    from workstation.backup_restore import backup_is_encrypted

    data = copy_template("plain")
    plain = Path(backup_of(data)["path"])
    encrypted = copy_template("encrypted", "other")
    made = Path(backup_of(encrypted)["path"])
    plain.write_bytes(made.read_bytes())  # an encrypted backup took the name meanwhile
    assert backup_is_encrypted(plain)
    remove_plaintext_backups(data, found=[plain.resolve()])
    assert plain.exists()


# 2 --------------------------------------------------------------------------------------------------------------
def test_a_stored_file_that_cannot_be_removed_is_named_flagged_and_removed_at_the_next_opening(
        capsys, monkeypatch, copy_template, english):
    data = copy_template("plain")
    stored = sorted(p for p in (data / "files").rglob("*") if p.is_file())[0]
    refusing = undeletable(monkeypatch, stored.name)
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0, err
    left = data / "files.plaintext"
    assert (left / stored.parent.name / stored.name).exists()
    assert str(left) in out and "unencrypted" in out
    code, out, err = cli(capsys, monkeypatch, data, "backup", "check", "--full", "--json")
    result = json.loads(out)  # flagged: not damage of the records (no backup to restore), a folder to delete
    assert any(str(left) in note for note in result.get("notes", [])), out
    assert "advice" not in result
    code, out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err  # still in use: the data opens, and the officer is told again
    assert str(left) in err
    refusing.clear()  # no longer in use
    code, out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert not left.exists()
    code, out, err = cli(capsys, monkeypatch, data, "backup", "check", "--full", "--json")
    assert code == 0 and json.loads(out)["ok"] and not json.loads(out).get("notes"), out


def test_a_plaintext_folder_left_beside_unencrypted_data_is_not_touched(copy_template):
    data = copy_template("plain")
    odd = data / "files.plaintext"
    odd.mkdir()
    (odd / "note.txt").write_text("kept", encoding="utf-8")
    access.sweep_plaintext_files(data)
    assert (odd / "note.txt").exists()


# 3 --------------------------------------------------------------------------------------------------------------
def test_an_encryption_cut_off_after_its_encrypted_backup_removes_the_backups_it_found(
        capsys, monkeypatch, copy_template, tmp_path, english):
    import shutil

    first = copy_template("plain", "first")
    made = Path(backup_of(first)["path"])
    data = tmp_path / "moved"
    shutil.move(first, data)  # the data folder moved (copied to another drive) with its backups
    made = data / "backups" / made.name
    original = access._encrypted_backup

    def crashing(*args, **kwargs):
        original(*args, **kwargs)
        raise Crash("after the encrypted backup")

    with monkeypatch.context() as patch:
        patch.setattr(access, "_encrypted_backup", crashing)
        with pytest.raises(Crash):
            access.encrypt_data_dir(data, PASS)
    session._KEYS.clear()
    assert made.exists()
    code, out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert not made.exists()
    assert not access.journal_path(data).exists()


# 4 --------------------------------------------------------------------------------------------------------------
def test_encrypting_the_database_reports_its_step_and_a_cancel_leaves_the_data_unencrypted(monkeypatch, copy_template,
                                                                                          english):
    from workstation.errors import Cancelled
    from workstation.progress import CancelToken

    data = copy_template("plain")
    before = data_digest(data)
    token, steps = CancelToken(), []
    monkeypatch.setattr(access._CopyWatch, "INTERVAL", 0.0)  # a small database: every report made
    copying = []

    def report(done, total, message):
        steps.append((done, total, message))
        if (access._copies(data)[0]).exists():  # while SQLCipher writes the copy: Cancel pressed
            copying.append(done)
            token.cancel()
        token.check()

    with pytest.raises(Cancelled):
        access.encrypt_data_dir(data, PASS, progress=report)
    assert steps and {m for _d, _t, m in steps} == {"Encrypting the database"}
    assert copying  # heard while the copy was being made, not only before it
    assert keyring.state(data) != "encrypted"
    assert data_digest(data) == before
    assert sorted(p.name for p in data.iterdir() if "encrypting" in p.name or "plaintext" in p.name) == []
    access.encrypt_data_dir(data, PASS)  # and it encrypts afterwards
    assert keyring.state(data) == "encrypted"


# 6 --------------------------------------------------------------------------------------------------------------
@pytest.fixture
def station_entry(capsys, monkeypatch, copy_template, tmp_path):
    """Data encrypted with the workstation's passphrase (no officer named), 欧文辉 given one of their own."""
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    data = copy_template("plain")
    access.encrypt_data_dir(data, PASS)
    assert keyring.officers(data) == [keyring.STATION_ENTRY]
    new = tmp_path / "new.txt"
    new.write_text("欧文辉的口令2026", encoding="utf-8")
    code, _out, err = cli(capsys, monkeypatch, data, "security", "add-officer", "欧文辉", "--new-passphrase-file", new)
    assert code == 0, err
    return data


@pytest.mark.parametrize("typed", ["the workstation's passphrase", "the workstation's passphrase (no officer yet)"])
def test_the_workstations_passphrase_is_withdrawn_by_the_name_shown(capsys, monkeypatch, station_entry, english,
                                                                      typed):
    data = station_entry
    code, out, err = cli(capsys, monkeypatch, data, "security", "remove-officer", typed)
    assert code == 0, err
    assert keyring.officers(data) == ["欧文辉"]
    assert keyring.STATION_ENTRY not in out and "the workstation's passphrase" in out
    code, out, err = cli(capsys, monkeypatch, data, "audit", "list", "--entity", "security", passphrase="欧文辉的口令2026")
    assert code == 0, err
    assert keyring.STATION_ENTRY not in out and "the workstation's passphrase" in out


def test_a_name_without_a_passphrase_is_refused_naming_those_who_have_one(capsys, monkeypatch, station_entry,
                                                                         english):
    code, out, err = cli(capsys, monkeypatch, station_entry, "security", "remove-officer", "冯俊杰")
    assert code != 0
    assert "冯俊杰" in err and "欧文辉" in err and "the workstation's passphrase" in err
    assert keyring.STATION_ENTRY not in err
    assert sorted(keyring.officers(station_entry)) == sorted([keyring.STATION_ENTRY, "欧文辉"])


def test_the_internal_key_still_works(capsys, monkeypatch, station_entry, english):
    code, out, err = cli(capsys, monkeypatch, station_entry, "security", "remove-officer", keyring.STATION_ENTRY)
    assert code == 0, err
    assert keyring.officers(station_entry) == ["欧文辉"]


# 5 --------------------------------------------------------------------------------------------------------------
@pytest.mark.gui
def test_ctrl_l_locks_from_the_form_editor_and_a_case_dialog(qtbot, data_dir, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests import test_ui_login
    from tests.test_secfix_ui import open_case_dialog
    from tests.test_ui_login import PASS as LOGIN_PASS
    from tests.test_ui_login import make_encrypted
    from ui.app import start
    from ui.task_runner import ImmediateRunner
    from workstation.documents.drafts import find_form
    from workstation.store import find_case

    monkeypatch.setenv("WORKSTATION_ACTOR", "tester")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    make_encrypted(data_dir, demo=True)
    from tests.conftest import ScriptedPrompts

    window = start(data_dir, LOGIN_PASS, ImmediateRunner(), ScriptedPrompts(), show=test_ui_login.refuse_dialogs)
    qtbot.addWidget(window)
    try:
        window.show()
        window.fill_menus()

        def ctrl_l_in(widget) -> bool:
            widget.show()
            widget.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
            qtbot.keyClick(QApplication.focusWidget() or widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            locked = window.idle_lock.is_locked
            if locked:
                window.idle_lock.dialog.passphrase.setText(LOGIN_PASS)
                window.idle_lock.dialog.login_button.click()
                assert not window.idle_lock.is_locked
            return locked

        editor = window.open_editor(find_case(window.db, test_ui_login.CASE), find_form("inquiry_record"))
        assert ctrl_l_in(editor)
        editor.close()
        assert ctrl_l_in(open_case_dialog(window, ""))
    finally:
        window.idle_lock.stop()
        window.shutdown()


# final read's mends ---------------------------------------------------------------------------------------------
def test_a_restore_whose_backup_cannot_be_deleted_still_names_the_stored_files_left(
        capsys, monkeypatch, copy_template, tmp_path, english):
    old = copy_template("plain", "old laptop")
    source = Path(backup_of(old, folder=tmp_path / "usb")["path"])
    stored = sorted(p for p in (old / "files").rglob("*") if p.is_file())[0]
    undeletable(monkeypatch, source.name, stored.name)
    laptop = tmp_path / "new laptop"
    code, out, err = cli(capsys, monkeypatch, laptop, "backup", "restore", source)
    assert code == 0, err
    assert keyring.state(laptop) == "encrypted" and source.exists()
    assert str(laptop / "files.plaintext") in out  # not lost when the note is made again for the backup restored from
    assert out.count(source.name) == 1, out  # named once, as what it is: not also as not known to be this data's
    assert "could not be removed" in out and "not known to be this data folder's" not in out


def test_a_backup_that_could_not_be_deleted_is_named_at_each_opening_and_by_the_check_until_it_goes(
        capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    stuck = Path(backup_of(data, folder=tmp_path / "share")["path"])
    refusing = undeletable(monkeypatch, stuck.name)
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0 and str(stuck) in out, err
    assert not access.journal_path(data).exists()
    code, out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert str(stuck) in err  # said again at the next opening, which tried to delete it again
    code, out, err = cli(capsys, monkeypatch, data, "backup", "check", "--json")
    result = json.loads(out)
    assert result["ok"] and any(str(stuck) in note for note in result.get("notes", [])), out
    refusing.clear()  # no longer in use: the next opening deletes it
    code, out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert not stuck.exists()
    code, out, err = cli(capsys, monkeypatch, data, "backup", "check", "--json")
    assert json.loads(out)["ok"] and not json.loads(out).get("notes"), out


def test_a_backup_noted_as_left_is_not_deleted_once_an_encrypted_backup_took_its_name(
        capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    stuck = Path(backup_of(data, folder=tmp_path / "share")["path"])
    refusing = undeletable(monkeypatch, stuck.name)
    code, _out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0, err
    refusing.clear()
    encrypted = Path(backup_of(copy_template("encrypted", "other"))["path"])
    stuck.write_bytes(encrypted.read_bytes())
    code, _out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert stuck.exists() and str(stuck) not in err


def test_an_encrypted_backup_is_made_when_only_migration_copies_went_and_a_stored_file_is_left(
        capsys, monkeypatch, copy_template, english):
    from workstation.paths import backups_dir

    data = copy_template("plain")
    backups_dir(data).mkdir(exist_ok=True)
    assert not list(backups_dir(data).glob("*.wsbackup"))
    (backups_dir(data) / "before-migration-20260101-000000.db").write_bytes(b"SQLite format 3\x00")
    stored = sorted(p for p in (data / "files").rglob("*") if p.is_file())[0]
    undeletable(monkeypatch, stored.name)
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["plaintext_copies_removed"] == 1
    assert result["backup"] and Path(result["backup"]).exists(), result
    assert str(data / "files.plaintext") in result["files_note"]


@pytest.mark.gui
def test_encrypting_in_the_window_warns_of_a_stored_file_left(qtbot, monkeypatch, copy_template, prompts, english):
    from ui.setup_dialog import EncryptDialog
    from ui.task_runner import ImmediateRunner

    data = copy_template("plain")
    stored = sorted(p for p in (data / "files").rglob("*") if p.is_file())[0]
    backup_of(data)  # replaced by an encrypted backup: that part is no warning
    undeletable(monkeypatch, stored.name)
    dialog = EncryptDialog(data, ImmediateRunner(), prompts)
    qtbot.addWidget(dialog)
    for name, edit in dialog.fields.edits.items():
        edit.setText("罗建华" if name == "officer" else PASS)  # an officer of the demo's register
    dialog.encrypt()
    assert dialog.mode == "encrypted", (prompts.infos, prompts.errors)
    said = " ".join(prompts.errors)  # a warning: evidence is still there unencrypted
    assert str(data / "files.plaintext") in said, (prompts.infos, prompts.errors)


def test_a_journal_naming_junk_as_backups_never_stops_the_opening(monkeypatch, copy_template, english):
    from workstation.repair import swept

    data = copy_template("plain")
    backup_of(data)  # an unencrypted backup to remove: the journal's list is read with it
    encrypt_unaudited(monkeypatch, data)
    backup_of(data)  # one more: found by the run that finishes it
    access._write_journal(data, {**access._read_journal(data), "backup": None,
                                 "backups": [1, None, {"a": 2}, "relative.wsbackup"]})
    session._KEYS.clear()
    assert access.prepare(data, PASS) == "encrypted"
    assert not access.journal_path(data).exists()
    swept()


def test_the_stored_files_left_are_a_finding_of_their_own_not_damage(monkeypatch, copy_template, english):
    from workstation.backup import plaintext_files_findings
    from workstation.repair import PlaintextFilesLeft, damage

    data = copy_template("plain")
    stored = sorted(p for p in (data / "files").rglob("*") if p.is_file())[0]
    undeletable(monkeypatch, stored.name)
    access.encrypt_data_dir(data, PASS)
    found = plaintext_files_findings(data)
    assert found and all(isinstance(f, PlaintextFilesLeft) for f in found)
    assert damage(found) == []


def test_change_passphrase_takes_the_workstations_passphrase_by_the_name_shown(
        capsys, monkeypatch, station_entry, tmp_path, english):
    new = tmp_path / "changed.txt"
    new.write_text("工作站的新口令2026", encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, station_entry, "security", "change-passphrase", "--officer",
                         "the workstation's passphrase", "--new-passphrase-file", new)
    assert code == 0, err
    session._KEYS.clear()
    assert keyring.unlock(station_entry, "工作站的新口令2026")[0] == keyring.STATION_ENTRY


def test_the_json_of_remove_officer_and_audit_list_gives_the_name_shown_beside_the_key(
        capsys, monkeypatch, station_entry, english):
    code, out, err = cli(capsys, monkeypatch, station_entry, "security", "add-officer", "冯俊杰", "--new-passphrase-file",
                         station_entry.parent / "new.txt", "--json")
    assert code == 0, err
    assert keyring.STATION_ENTRY in json.loads(out)["officers"]  # the key, as before
    assert keyring.STATION_ENTRY not in json.loads(out)["officers_shown"]
    code, out, err = cli(capsys, monkeypatch, station_entry, "security", "remove-officer", "冯俊杰", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert sorted(result["officers"]) == sorted([keyring.STATION_ENTRY, "欧文辉"])
    assert sorted(result["officers_shown"]) == sorted(["the workstation's passphrase (no officer yet)", "欧文辉"])
    code, out, err = cli(capsys, monkeypatch, station_entry, "audit", "list", "--entity", "security", "--json")
    assert code == 0, err
    entries = json.loads(out)["entries"]
    station = [e for e in entries if e["entity_id"] == keyring.STATION_ENTRY]
    assert station and all(e["entity_id_shown"] == "the workstation's passphrase (no officer yet)" for e in station)
    assert all(e["entity_id_shown"] == e["entity_id"] for e in entries if e not in station)


def test_a_backup_that_could_not_be_deleted_is_not_hidden_from_what_is_said_later_in_the_process(
        monkeypatch, copy_template, tmp_path, english):
    from workstation.backup import plaintext_left_note

    data = copy_template("plain")
    stuck = Path(backup_of(data, folder=tmp_path / "share")["path"])
    undeletable(monkeypatch, stuck.name)
    result = access.encrypt_data_dir(data, PASS)
    assert [item["path"] for item in result["backups_left"]] == [str(stuck.resolve())]
    assert stuck.name not in plaintext_left_note(data, exclude=[item["path"] for item in result["backups_left"]])
    assert stuck.name in plaintext_left_note(data)  # a later restore's note, say: still there, still named


# second read (data loss): a note of backups left, or the journal's list, deletes only this folder's ------------------
def _two_folders_sharing_a_backup_folder(capsys, monkeypatch, copy_template, tmp_path):
    """Data folders A (the demo) and B (a station of its own) back up into one shared folder S; A is then encrypted.
    Returns A, A's encrypted backup, B's backup in S, a copy of it outside every backup folder and one in
    A/backups."""
    import shutil

    from workstation.paths import backups_dir

    a = copy_template("plain", "A")
    b = tmp_path / "B"
    code, _out, err = cli(capsys, monkeypatch, b, "init", "--plaintext", "--agency", "440605", "--station-name", "B",
                          passphrase=None)
    assert code == 0, err
    shared = tmp_path / "S"
    theirs = Path(backup_of(b, folder=shared)["path"])
    backup_of(a, folder=shared)
    result = access.encrypt_data_dir(a, PASS)
    assert result["backup"] and theirs.exists()
    outside = tmp_path / "x" / "out" / theirs.name
    outside.parent.mkdir(parents=True)
    shutil.copy2(theirs, outside)
    inside = backups_dir(a) / theirs.name
    shutil.copy2(theirs, inside)
    return a, Path(result["backup"]), theirs, outside, inside


def test_a_note_of_backups_left_naming_another_folder_s_backups_deletes_and_names_nothing(
        capsys, monkeypatch, copy_template, tmp_path, english):
    from workstation.backup import BACKUPS_LEFT, backups_left

    a, encrypted, theirs, outside, inside = _two_folders_sharing_a_backup_folder(capsys, monkeypatch, copy_template,
                                                                                 tmp_path)
    (a / BACKUPS_LEFT).write_text(json.dumps([str(p) for p in (encrypted, outside, theirs, inside)]), encoding="utf-8")
    code, _out, err = cli(capsys, monkeypatch, a, "stats")
    assert code == 0, err
    assert encrypted.exists() and outside.exists()
    assert theirs.exists() and inside.exists()  # another station's backups: never deleted on the note's word
    assert str(outside) not in err and str(theirs) not in err and str(inside) not in err  # nor named to delete
    assert backups_left(a) == []


def test_a_note_carrying_the_ids_of_another_folder_s_backups_deletes_and_names_nothing(
        capsys, monkeypatch, copy_template, tmp_path, english):
    from workstation.backup import BACKUPS_LEFT, backups_left, read_header

    a, encrypted, theirs, outside, inside = _two_folders_sharing_a_backup_folder(capsys, monkeypatch, copy_template,
                                                                                 tmp_path)
    header = read_header(theirs)
    forged = [{"path": str(p), "id": header["salt"], "data_mark": header.get("data_mark"), "mark": None}
              for p in (outside, theirs, inside)]
    (a / BACKUPS_LEFT).write_text(json.dumps(forged), encoding="utf-8")
    code, _out, err = cli(capsys, monkeypatch, a, "stats")
    assert code == 0, err
    assert theirs.exists() and inside.exists() and outside.exists()
    assert str(outside) not in err and str(theirs) not in err and str(inside) not in err
    assert backups_left(a) == [] and not (a / BACKUPS_LEFT).exists()  # dropped from the note


def test_a_journal_naming_another_folder_s_backups_deletes_none_of_them(
        capsys, monkeypatch, copy_template, tmp_path, english):
    from workstation.backup import read_header

    a, _encrypted, theirs, _outside, inside = _two_folders_sharing_a_backup_folder(capsys, monkeypatch,
                                                                                   copy_template, tmp_path)
    header = read_header(theirs)
    access._write_journal(a, {"swapped": True, "removed": 0, "backup": None, "backups": [
        str(theirs), str(inside),
        *({"path": str(p), "id": header["salt"], "data_mark": header.get("data_mark"), "mark": None}
          for p in (theirs, inside))]})
    session._KEYS.clear()
    assert access.prepare(a, PASS) == "encrypted"
    assert theirs.exists() and inside.exists()
    assert not access.journal_path(a).exists()


def test_a_noted_backup_replaced_by_another_folder_s_backup_is_not_deleted(
        capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    stuck = Path(backup_of(data, folder=tmp_path / "share")["path"])
    refusing = undeletable(monkeypatch, stuck.name)
    code, _out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0 and str(stuck) in _out, err
    refusing.clear()
    b = tmp_path / "B"
    code, _out, err = cli(capsys, monkeypatch, b, "init", "--plaintext", "--agency", "440605", "--station-name", "B",
                          passphrase=None)
    assert code == 0, err
    theirs = Path(backup_of(b, folder=tmp_path / "elsewhere")["path"])
    stuck.write_bytes(theirs.read_bytes())  # another unencrypted backup took the name meanwhile
    code, _out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert stuck.exists() and str(stuck) not in err


def test_a_backup_left_in_a_moved_folder_is_deleted_later_though_the_encryption_gave_the_folder_a_new_mark(
        capsys, monkeypatch, copy_template, tmp_path, english):
    import shutil

    from workstation.backup import backup_settings

    first = copy_template("plain", "first")
    made = Path(backup_of(first)["path"])
    data = tmp_path / "moved"
    shutil.move(first, data)  # with its backups: backup.json's mark is the original folder's
    made = data / "backups" / made.name
    refusing = undeletable(monkeypatch, made.name)
    code, out, err = cli(capsys, monkeypatch, data, "security", "encrypt")
    assert code == 0 and str(made) in out, err
    assert backup_settings(data)["part_mark"]  # a new mark, made by the encrypted backup
    refusing.clear()
    code, out, err = cli(capsys, monkeypatch, data, "stats")
    assert code == 0, err
    assert not made.exists()
