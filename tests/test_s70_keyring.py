"""A damaged keyring.json (cut off, emptied, not JSON, or of a shape the program never writes) beside encrypted data
is recovered as a missing one is: `backup restore ID --keyring-only` puts back the keyring a backup carries,
keeping the work done since the backup, and keeps the damaged file aside as keyring.json.damaged-<time> (never
overwritten nor deleted); the window's start offers the same put-back. What is refused names the file, the backup
and `--keyring-only`, changing nothing; with no backup at all, it says what to do instead. A good keyring, or one
of a newer version, is left as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, PASS, data_digest
from tests.test_keyring_put_back import backup_of, cli, evidence_names, evidence_since
from workstation.security import session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)

DAMAGES = {
    "truncated": lambda good: good[:100],
    "empty": lambda good: b"",
    "not json": lambda good: b"\x00\x13 this is no keyring \xff",
    "wrong shape": lambda good: json.dumps({"version": 1, "mode": "encrypted", "entries": []}).encode(),
    "a list": lambda good: b"[1, 2, 3]",
}


def aside(data: Path) -> list[Path]:
    return sorted(data.glob("keyring.json.damaged-*"))


def state_of(data: Path) -> tuple:
    """The database and stored files, the keyring's bytes, and the files of the data directory."""
    keyring = data / "keyring.json"
    return (data_digest(data), keyring.read_bytes() if keyring.exists() else None,
            sorted(p.name for p in data.iterdir()))


def damage(data: Path, kind: str) -> bytes:
    path = data / "keyring.json"
    bad = DAMAGES[kind](path.read_bytes())
    path.write_bytes(bad)
    session._KEYS.clear()
    return bad


@pytest.fixture
def backed_up(copy_template, capsys, monkeypatch, tmp_path):
    """An encrypted data directory with a backup and an evidence file registered after it."""
    data = copy_template("encrypted")
    backup = backup_of(capsys, monkeypatch, data)
    evidence_since(capsys, monkeypatch, data, tmp_path)
    return data, backup


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_keyring_only_puts_back_over_a_damaged_keyring_and_keeps_it_aside(backed_up, capsys, monkeypatch, english,
                                                                          kind):
    data, backup = backed_up
    bad = damage(data, kind)
    code, out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["keyring_put_back"] == backup
    kept = aside(data)
    assert len(kept) == 1 and kept[0].read_bytes() == bad, kept
    assert result.get("damaged_kept") == str(kept[0])
    # a new process opens the data with the passphrase, the evidence registered after the backup still there
    code, out, err = cli(capsys, monkeypatch, data, "evidence", "list", OPEN_CASE)
    assert code == 0, err
    assert "现场照片说明.txt" in out and "现场照片说明.txt" in evidence_names(data)


def test_the_put_back_says_where_the_damaged_file_was_kept(backed_up, capsys, monkeypatch, english):
    data, backup = backed_up
    damage(data, "truncated")
    code, out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert code == 0, err
    assert str(aside(data)[0]) in out, out


def test_a_wrong_passphrase_leaves_the_damaged_keyring_where_it_is(backed_up, capsys, monkeypatch, english):
    data, backup = backed_up
    damage(data, "truncated")
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only",
                          passphrase="a passphrase of later")
    assert code == 1 and "nothing was changed" in err, err
    assert state_of(data) == before and not aside(data)


def test_another_command_on_a_damaged_keyring_is_refused_naming_it_and_changes_nothing(backed_up, capsys,
                                                                                      monkeypatch, english):
    data, _backup = backed_up
    damage(data, "truncated")
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "evidence", "list", OPEN_CASE)
    assert code == 1
    assert f"{data / 'keyring.json'} is damaged" in err, err
    assert state_of(data) == before and not aside(data)


def test_a_whole_restore_over_a_damaged_keyring_points_to_keyring_only(backed_up, capsys, monkeypatch, english):
    data, backup = backed_up
    damage(data, "empty")
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup)
    assert code == 1
    assert "keyring.json" in err and "damaged" in err and str(data) in err, err
    assert f"backup restore {backup} --keyring-only" in err, err
    assert "another station" not in err, err
    assert state_of(data) == before and not aside(data)


def test_a_keyring_of_a_newer_version_is_not_taken_for_damaged(backed_up, capsys, monkeypatch, english):
    data, backup = backed_up
    path = data / "keyring.json"
    newer = json.loads(path.read_text(encoding="utf-8"))
    newer["version"] = 99
    path.write_text(json.dumps(newer), encoding="utf-8")
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert code == 1 and "newer version" in err, err
    assert state_of(data) == before and not aside(data)


def test_keyring_only_over_a_good_keyring_is_still_refused(backed_up, capsys, monkeypatch, english):
    data, backup = backed_up
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert code == 1 and "has its keyring.json" in err, err
    assert state_of(data) == before and not aside(data)


def test_the_window_start_offers_the_put_back_for_a_damaged_keyring(backed_up, english, qtbot):
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    data, backup = backed_up
    bad = damage(data, "truncated")
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    prompts.passphrases = [PASS]
    access = gain_access(data, None, ImmediateRunner(), prompts)
    assert access is not None and access.mode == "encrypted" and access.officer
    assert len(prompts.confirmations) == 1, prompts.confirmations
    question = prompts.confirmations[0]
    assert str(data / "keyring.json") in question and "damaged" in question, question
    assert f"{backup}.wsbackup" in question and "passphrase an officer had when the backup was made" in question
    assert prompts.infos[0].startswith("The keyring of the backup is back"), prompts.infos
    kept = aside(data)
    assert len(kept) == 1 and kept[0].read_bytes() == bad
    assert str(kept[0]) in prompts.infos[0], prompts.infos
    assert "现场照片说明.txt" in evidence_names(data)


def test_declining_the_offer_for_a_damaged_keyring_changes_nothing(backed_up, english, qtbot):
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner
    from workstation.errors import WorkstationError

    data, backup = backed_up
    damage(data, "not json")
    before = state_of(data)
    prompts = ScriptedPrompts()  # answers No
    with pytest.raises(WorkstationError) as refused:
        gain_access(data, None, ImmediateRunner(), prompts)
    assert len(prompts.confirmations) == 1
    message = refused.value.message
    assert str(data / "keyring.json") in message and f"backup restore {backup} --keyring-only" in message, message
    assert "start the workstation again" in message, message
    assert state_of(data) == before and not aside(data)


def test_the_window_start_with_a_damaged_keyring_and_no_backup_says_what_to_do(copy_template, english, qtbot):
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner
    from workstation.errors import WorkstationError

    data = copy_template("encrypted")
    shutil.rmtree(data / "backups", ignore_errors=True)
    damage(data, "empty")
    before = state_of(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    with pytest.raises(WorkstationError) as refused:
        gain_access(data, None, ImmediateRunner(), prompts)
    assert not prompts.confirmations
    message = refused.value.message
    assert str(data / "keyring.json") in message and "no backup" in message, message
    assert "copy of this data directory" in message and "Leave the database" in message, message
    assert state_of(data) == before


def test_the_window_start_on_a_good_keyring_asks_the_login(copy_template, english, qtbot):
    """Nothing changes for a good keyring: the passphrase given unlocks it, nothing offered."""
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    data = copy_template("encrypted")
    session._KEYS.clear()
    before = state_of(data)
    prompts = ScriptedPrompts()
    access = gain_access(data, PASS, ImmediateRunner(), prompts)
    assert access is not None and access.mode == "encrypted"
    assert not prompts.confirmations and not aside(data)
    assert state_of(data)[1] == before[1]


# ---- the window's restore over a damaged keyring, and a put-back whose damaged file cannot be moved back ---------

window_on = backup_fixtures.window_on


@pytest.mark.gui
def test_a_whole_restore_in_the_window_over_a_damaged_keyring_points_to_the_button(window_on, english):
    """The keyring damaged while the window is open: the restore is refused saying it is damaged, with the 备份
    dialog's put-back button as the way back (not the command, and not "missing"); nothing changes."""
    window = window_on("encrypted")
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    assert len(dialog.rows) == 1, window.prompts.errors
    data = window.data_dir
    bad = damage(data, "truncated")
    dialog.refresh()
    prompts = window.prompts
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert len(prompts.errors) == 1, prompts.errors
    said = prompts.errors[0]
    assert "damaged" in said and str(data / "keyring.json") in said, said
    assert "Put back the keyring only…" in said and "File → Backups…" in said, said
    assert "missing" not in said and "--keyring-only" not in said, said
    assert (data / "keyring.json").read_bytes() == bad and not aside(data)


def test_the_window_message_of_a_damaged_keyring_names_the_button(backed_up, english):
    from workstation.backup import find_backup, read_header, verify_backup
    from workstation.backup_format import BackupRefused

    data, backup = backed_up
    damage(data, "empty")
    path = find_backup(data, backup)
    with pytest.raises(BackupRefused) as refused:
        verify_backup(data, path)
    window = refused.value.window_message
    assert f"{data / 'keyring.json'} is damaged" in window and "Put back the keyring only…" in window, window
    assert read_header(path)["created"][:16].replace("T", " ") in window, window
    assert f"backup restore {backup} --keyring-only" in refused.value.message


def test_a_put_back_that_cannot_move_the_damaged_file_back_says_where_it_is(backed_up, capsys, monkeypatch,
                                                                             english):
    """The new keyring cannot be written (a full disk), and then the damaged file cannot be moved back: the refusal
    names where the damaged file now is."""
    import errno
    import os

    from workstation.security import keyring
    from workstation.shared_file import cannot_write

    data, backup = backed_up
    bad = damage(data, "truncated")

    def disk_full(path, _text):
        raise cannot_write(path, OSError(errno.ENOSPC, "No space left on device"))

    real_rename = os.rename

    def stuck(src, dst, *args, **kwargs):  # the move back refused, as a disk that failed meanwhile refuses it
        if ".damaged-" in os.fspath(src):
            raise OSError(errno.EIO, "Input/output error")
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(keyring, "write_whole", disk_full)
    monkeypatch.setattr(os, "rename", stuck)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert code == 1
    [kept] = aside(data)
    assert kept.read_bytes() == bad and not (data / "keyring.json").exists()
    assert str(kept) in " ".join(err.split()), err
