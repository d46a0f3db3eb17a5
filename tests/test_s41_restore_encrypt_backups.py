"""Encrypting data replaces its unencrypted backups: an encrypted backup is made where backups go before any of them
is removed (kept, and said, when none can be made), the backup a restore is restoring from is removed only once the
restore and its encryption are done, and a restore with a passphrase cut off before its encryption leaves data that
is offered encryption again — never data marked as kept unencrypted on purpose."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import run
from workstation.backup_restore import backup_is_encrypted, restore_into_new
from workstation.security import access, keyring, session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
posix = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def usb_backup(copy_template, tmp_path) -> tuple[Path, Path]:
    """An unencrypted backup of the plain demo written to a chosen folder (a USB stick): (the folder, the backup)."""
    usb = tmp_path / "usb"
    made = backup_of(copy_template("plain", "old laptop"), folder=usb)
    return usb, Path(made["path"])


def test_restoring_an_unencrypted_backup_with_a_passphrase_leaves_an_encrypted_backup_in_its_place(
        copy_template, tmp_path, english):
    usb, source = usb_backup(copy_template, tmp_path)
    laptop = tmp_path / "new laptop"
    result = restore_into_new(laptop, source, PASS)
    assert keyring.state(laptop) == "encrypted"
    left = sorted(usb.glob("*.wsbackup"))
    assert left == [Path(result["backup"])] and backup_is_encrypted(left[0])  # the source went, once replaced
    assert not source.exists()
    assert f"an encrypted backup takes their place: {result['backup']}" in result["backups_note"]


def test_the_backup_restored_from_stays_until_the_restore_is_done(copy_template, tmp_path, monkeypatch, english):
    usb, source = usb_backup(copy_template, tmp_path)
    seen = []
    finish = access._finish_keyed

    def finishing(data_dir, **kwargs):  # the encryption's last step: the restore is not done yet
        done = finish(data_dir, **kwargs)
        seen.append(source.exists())
        return done

    monkeypatch.setattr(access, "_finish_keyed", finishing)
    restore_into_new(tmp_path / "new laptop", source, PASS)
    assert seen == [True] and not source.exists()


def test_no_encrypted_backup_keeps_the_unencrypted_ones_and_says_so(copy_template, tmp_path, monkeypatch, english):
    import workstation.backup
    from workstation.backup_format import BackupRefused

    usb, source = usb_backup(copy_template, tmp_path)

    def refused(*_args, **_kwargs):
        raise BackupRefused("The disk is full.")

    monkeypatch.setattr(workstation.backup, "create_backup", refused)
    laptop = tmp_path / "new laptop"
    result = restore_into_new(laptop, source, PASS)
    assert keyring.state(laptop) == "encrypted" and source.exists()  # the station's only backup
    assert result["backup"] is None
    assert result["backups_note"].startswith("No encrypted backup could be made (The disk is full), so the "
                                             "unencrypted backups were kept")
    assert str(source) in result["backups_note"] and result["backups_note"] in result_advice(result, laptop)


def test_a_failure_after_the_encrypted_data_replaced_the_restored_data_takes_nothing_back(
        capsys, copy_template, tmp_path, monkeypatch, english):
    import workstation.backup

    _usb, source = usb_backup(copy_template, tmp_path)

    def failing(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    laptop = tmp_path / "new laptop"
    with monkeypatch.context() as patch:
        patch.setattr(workstation.backup, "remove_plaintext_backups", failing)
        with pytest.raises(PermissionError):
            restore_into_new(laptop, source, PASS)
    session._KEYS.clear()
    assert keyring.state(laptop) == "encrypted" and access.journal_path(laptop).exists() and source.exists()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", laptop, "stats", "--json")  # the next start finishes it
    assert code == 0 and json.loads(out)["cases"]["total"] == 36, err
    assert not access.journal_path(laptop).exists()


def result_advice(result: dict, laptop: Path) -> str:
    from workstation.backup_restore import restore_advice

    return restore_advice(result, laptop)


def test_security_encrypt_makes_the_encrypted_backup_before_removing_the_unencrypted_ones(
        capsys, copy_template, monkeypatch, english):
    import workstation.backup

    data = copy_template("plain")
    old = Path(backup_of(data)["path"])
    remove = workstation.backup.remove_plaintext_backups
    found = []

    def removing(data_dir, **kwargs):
        found.append(sorted(p.name for p in old.parent.glob("*.wsbackup") if backup_is_encrypted(p)))
        return remove(data_dir, **kwargs)

    monkeypatch.setattr(workstation.backup, "remove_plaintext_backups", removing)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "encrypt", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert found == [[Path(result["backup"]).name]]  # there when the unencrypted one went
    assert [p.name for p in old.parent.glob("*.wsbackup")] == [Path(result["backup"]).name]
    assert not old.exists() or backup_is_encrypted(old)


def test_security_encrypt_keeps_the_unencrypted_backups_when_no_encrypted_one_can_be_made(
        capsys, copy_template, monkeypatch, english):
    import workstation.backup
    from workstation.backup_format import BackupRefused

    data = copy_template("plain")
    old = Path(backup_of(data)["path"])

    def refused(*_args, **_kwargs):
        raise BackupRefused("The backup folder is not available.")

    monkeypatch.setattr(workstation.backup, "create_backup", refused)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "security", "encrypt")
    assert code == 0, err
    assert keyring.state(data) == "encrypted" and old.exists() and not backup_is_encrypted(old)
    assert "No encrypted backup could be made (The backup folder is not available), so the unencrypted backups " \
           "were kept" in err + _out


KILLED_AT = """
import os, signal, sys
import workstation.security.access as access
where, count = sys.argv[1].split(":")
real, calls = getattr(access, where), []

def dying(*args, **kwargs):
    calls.append(1)
    if len(calls) == int(count):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(access, where, dying)
from workstation.cli import main
sys.exit(main(sys.argv[2:]))
"""


@posix
@pytest.mark.parametrize("at", ["encrypt_data_dir:1", "_seal_files:1"])
def test_a_restore_with_a_passphrase_killed_before_its_encryption_is_offered_encryption_again(
        capsys, copy_template, tmp_path, monkeypatch, english, qapp, at):
    import signal
    import subprocess
    import sys

    from tests.backup_fixtures import PROJECT

    _usb, source = usb_backup(copy_template, tmp_path)
    laptop = tmp_path / "new laptop"
    env = {**os.environ, "WORKSTATION_LANG": "en", "PYTHONPATH": str(PROJECT), "WORKSTATION_PASSPHRASE": PASS}
    env.pop("WORKSTATION_PLAINTEXT", None)
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, at, "--data-dir", str(laptop), "backup", "restore",
                             str(source)], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert keyring.state(laptop) != "plaintext" and source.exists()
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    code, out, err = run(capsys, "--data-dir", laptop, "security", "status")
    assert code == 0, err
    assert "run `security encrypt` to encrypt it" in out
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    shown = []
    gain_access(laptop, None, ImmediateRunner(), ScriptedPrompts(), show=lambda d: shown.append(d.objectName()))
    assert shown == ["encrypt_dialog"]  # the window offers it too
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", laptop, "security", "encrypt")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", laptop, "stats", "--json")
    assert code == 0 and json.loads(out)["cases"]["total"] == 36, err
