"""``backup restore --plaintext`` asks to keep an unencrypted backup unencrypted in a new data directory; where the
restored data would be encrypted all the same — a passphrase given, an encrypted backup, encrypted data restored
into — it is refused in one line (exit 1) before anything is written, as ``init --plaintext`` with a passphrase is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of, data_digest
from tests.helpers import run
from workstation.backup import BackupRefused
from workstation.backup_restore import restore_into_new
from workstation.security import keyring

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def refused_in_one_line(code: int, out: str, err: str) -> str:
    assert (code, out) == (1, "") and err.count("\n") == 1, err
    return err


def test_a_passphrase_with_plaintext_is_refused_for_an_unencrypted_backup(capsys, monkeypatch, copy_template,
                                                                          tmp_path, english):
    made = backup_of(copy_template("plain"))
    laptop = tmp_path / "new laptop"
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    err = refused_in_one_line(*run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--plaintext"))
    assert err == ("Error: --plaintext asks for an unencrypted database, but WORKSTATION_PASSPHRASE gives a "
                   "passphrase to encrypt it: drop one of the two.\n")
    assert not laptop.exists()
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text(PASS, encoding="utf-8")
    err = refused_in_one_line(*run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--plaintext",
                                   "--passphrase-file", passphrase))
    assert "--passphrase-file gives a passphrase" in err and not laptop.exists()
    # either one alone does what it says
    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--passphrase-file",
                         passphrase)
    assert code == 0, err
    assert keyring.state(laptop) == "encrypted"


def test_plaintext_is_refused_for_an_encrypted_backup(capsys, monkeypatch, copy_template, tmp_path, english):
    made = backup_of(copy_template("encrypted"))
    laptop = tmp_path / "new laptop"
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    err = refused_in_one_line(*run(capsys, "--data-dir", laptop, "backup", "restore", made["path"], "--plaintext"))
    assert err == (f"Error: {Path(made['path']).name} is encrypted: its data is restored encrypted, opened with the "
                   "passphrase of an officer of the laptop it was made on, and cannot be kept unencrypted. Drop "
                   "--plaintext; nothing was restored.\n")
    assert not laptop.exists()


def test_plaintext_is_refused_when_restoring_into_encrypted_data(capsys, monkeypatch, copy_template, english):
    data = copy_template("encrypted")
    made = backup_of(data)
    before = data_digest(data)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    err = refused_in_one_line(*run(capsys, "--data-dir", data, "backup", "restore", made["id"], "--plaintext"))
    assert err == (f"Error: --plaintext keeps an unencrypted backup unencrypted in a new data directory, but the data "
                   f"in {data} is encrypted and stays so when a backup is restored into it: drop --plaintext; nothing "
                   "was restored.\n")
    assert data_digest(data) == before and not list((data / "backups").glob("replaced-*"))


def test_the_core_refuses_plaintext_with_a_passphrase_before_writing(copy_template, tmp_path, english):
    made = backup_of(copy_template("plain"))
    laptop = tmp_path / "new laptop"
    (laptop / "logs").mkdir(parents=True)
    with pytest.raises(BackupRefused, match="drop one of the two"):
        restore_into_new(laptop, made["path"], PASS, plaintext=True)
    assert [p.name for p in laptop.iterdir()] == ["logs"] and keyring.state(laptop) == "none"
