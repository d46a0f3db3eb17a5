"""An encrypted data directory that lost keyring.json: restoring one of its own backups is refused naming the
missing keyring (not as another station's backup), and `backup restore ID --keyring-only` puts back only the keyring
the backup carries — checked to open the database here first — so the data opens again with the work done since the
backup. A backup of another station, or whose key does not open the database, changes nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, PASS, data_digest
from tests.helpers import open_db, run
from workstation.security import session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def cli(capsys, monkeypatch, data: Path, *argv, passphrase: str | None = PASS):
    """The command line as a new process would run it: nothing unlocked yet."""
    session._KEYS.clear()
    if passphrase is None:
        monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", passphrase)
    return run(capsys, "--data-dir", data, *argv)


def backup_of(capsys, monkeypatch, data: Path) -> str:
    code, out, err = cli(capsys, monkeypatch, data, "backup", "create", "--json")
    assert code == 0, err
    return json.loads(out)["id"]


def evidence_since(capsys, monkeypatch, data: Path, tmp_path: Path) -> None:
    """Work done after the backup: one more evidence file registered."""
    later = tmp_path / "现场照片说明.txt"
    later.write_text("备份之后登记的证据", encoding="utf-8")
    code, _out, err = cli(capsys, monkeypatch, data, "evidence", "add", OPEN_CASE, later, "--kind", "other")
    assert code == 0, err


def evidence_names(data: Path) -> list[str]:
    db = open_db(data)
    try:
        return sorted(r[0] for r in db.execute("SELECT file_name FROM evidence").fetchall())
    finally:
        db.conn.close()


def state_of(data: Path) -> tuple[str, bool, list[str]]:
    """The database and stored files, whether a keyring is there, and the files of the data directory."""
    return data_digest(data), (data / "keyring.json").exists(), sorted(p.name for p in data.iterdir())


@pytest.fixture
def lost(copy_template, capsys, monkeypatch, tmp_path):
    """An encrypted data directory with a backup, an evidence file registered after it, then keyring.json lost."""
    data = copy_template("encrypted")
    backup = backup_of(capsys, monkeypatch, data)
    evidence_since(capsys, monkeypatch, data, tmp_path)
    (data / "keyring.json").unlink()
    session._KEYS.clear()
    return data, backup


def test_restoring_the_own_backup_names_the_missing_keyring_not_another_station(lost, capsys, monkeypatch,
                                                                                   english):
    data, backup = lost
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup)
    assert code == 1
    assert "another station" not in err, err
    assert f"keyring.json is missing from {data}" in err, err
    assert f"backup restore {backup} --keyring-only" in err, err
    assert "passphrase an officer had when the backup was made" in err, err
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "verify", backup)  # the same check, the same reason
    assert code == 1 and "keyring.json is missing" in err and "another station" not in err, err
    assert state_of(data) == before


def test_restoring_the_own_backup_names_the_missing_keyring_in_chinese(lost, capsys, monkeypatch):
    data, backup = lost
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup)
    assert code == 1
    assert "其他站点" not in err, err
    assert "keyring.json" in err and "--keyring-only" in err, err


def test_putting_back_the_keyring_opens_the_data_with_the_work_since_the_backup(lost, capsys, monkeypatch, english):
    data, backup = lost
    database = data_digest(data)
    code, out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["keyring_put_back"] == backup and result["officer"]
    assert "passphrase given or changed since then" in result["advice"]
    assert (data / "keyring.json").exists()
    # a new process opens the data with the passphrase, the evidence registered after the backup still there
    code, out, err = cli(capsys, monkeypatch, data, "evidence", "list", OPEN_CASE)
    assert code == 0, err
    assert "现场照片说明.txt" in out, out
    assert "现场照片说明.txt" in evidence_names(data)
    db = open_db(data)
    try:
        row = db.execute("SELECT actor, entity, entity_id FROM audit WHERE action = 'keyring_put_back'").fetchone()
    finally:
        db.conn.close()
    assert row is not None and row[1] == "security" and row[2] == backup
    code, out, err = cli(capsys, monkeypatch, data, "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["valid"] is True, err
    assert database != data_digest(data)  # only by the audit entry: the cases and files are those of before


def test_the_passphrase_needed_is_the_one_of_when_the_backup_was_made(lost, capsys, monkeypatch, english):
    data, backup = lost
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only",
                          passphrase="a passphrase of later")
    assert code == 1
    assert "nothing was changed" in err and "give the earlier one" in err, err
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only", passphrase=None)
    assert code == 1
    assert "passphrase an officer had when the backup was made" in err, err
    assert state_of(data) == before


def another_stations_backup(capsys, monkeypatch, tmp_path: Path) -> Path:
    """A backup of a station set up anew (its own id and key), same passphrase."""
    other = tmp_path / "other"
    code, _out, err = cli(capsys, monkeypatch, other, "init", "--agency", "440605", "--station-name", "另一站")
    assert code == 0, err
    code, out, err = cli(capsys, monkeypatch, other, "backup", "create", "--json")
    assert code == 0, err
    return Path(json.loads(out)["path"])


def test_a_backup_of_another_station_is_refused_and_nothing_changes(lost, capsys, monkeypatch, tmp_path, english):
    data, _backup = lost
    foreign = another_stations_backup(capsys, monkeypatch, tmp_path)
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", foreign, "--keyring-only")
    assert code == 1
    assert "made by another station" in err and "nothing was changed" in err, err
    assert state_of(data) == before


def test_a_backup_whose_key_does_not_open_the_database_is_refused_and_nothing_changes(lost, capsys, monkeypatch,
                                                                                       tmp_path, english):
    data, _backup = lost
    foreign = another_stations_backup(capsys, monkeypatch, tmp_path)
    os.remove(data / "backup.json")  # the station of this data is not known without its database: only the key tells
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", foreign, "--keyring-only")
    assert code == 1
    assert "does not open the database" in err and "nothing was changed" in err, err
    assert state_of(data) == before


def test_keyring_only_is_refused_where_the_keyring_is_there(copy_template, capsys, monkeypatch, english):
    data = copy_template("encrypted")
    backup = backup_of(capsys, monkeypatch, data)
    keyring_before = (data / "keyring.json").read_bytes()
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert code == 1
    assert "has its keyring.json" in err and "nothing was changed" in err, err
    assert (data / "keyring.json").read_bytes() == keyring_before


def test_the_window_start_offers_the_keyring_of_the_latest_backup(lost, english, qtbot):
    """The start of the window on data that lost its keyring offers the latest backup's keyring, asks the passphrase
    of when the backup was made (again after a wrong one) and opens the data with the work done since the backup."""
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner

    data, _backup = lost
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    prompts.passphrases = ["not the passphrase", PASS]
    access = gain_access(data, None, ImmediateRunner(), prompts)
    assert access is not None and access.mode == "encrypted" and access.officer
    assert "keyring.json, which holds the key of the encrypted data" in prompts.confirmations[0]
    assert "passphrase an officer had when the backup was made" in prompts.confirmations[0]
    assert len(prompts.questions) == 2 and "as it was when the backup was made" in prompts.questions[0]
    assert len(prompts.errors) == 1 and "give the earlier one" in prompts.errors[0]
    assert prompts.infos[0].startswith("The keyring of the backup is back")
    assert "现场照片说明.txt" in evidence_names(data)


def test_declining_the_offer_at_the_window_start_changes_nothing(lost, english, qtbot):
    from tests.conftest import ScriptedPrompts
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner
    from workstation.errors import WorkstationError

    data, _backup = lost
    before = state_of(data)
    prompts = ScriptedPrompts()  # answers No
    with pytest.raises(WorkstationError) as refused:
        gain_access(data, None, ImmediateRunner(), prompts)
    assert len(prompts.confirmations) == 1
    assert "keyring.json" in refused.value.message and "--keyring-only" in refused.value.message
    assert state_of(data) == before


def test_keyring_only_with_plaintext_is_refused_before_anything_is_read(lost, capsys, monkeypatch, english):
    data, backup = lost
    before = state_of(data)
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only", "--plaintext")
    assert code == 1
    assert "drop one of the two" in err, err
    assert state_of(data) == before
