"""Encrypting plaintext data keeps what a restore kept aside (encrypted, so it can still be put back), removes the
unencrypted backups of every folder backups were written to (naming those not there now) and the copies a killed
backup left, and refuses data that lost its keyring.json; a passphrase file saved with a byte-order mark opens the
data with the passphrase written in it; a backup of this station refused for its encryption says so."""

from __future__ import annotations

import json
from pathlib import Path

from tests import backup_fixtures
from tests.backup_fixtures import OPEN_CASE, PASS
from tests.helpers import run
from tests.test_crash14 import killed, posix
from workstation.db.connection import SQLITE_HEADER

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def run_json(capsys, *argv) -> dict | list:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def encrypt(capsys, data: Path, monkeypatch, *extra) -> tuple[int, str, str]:
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    return run(capsys, "--data-dir", data, "security", "encrypt", *extra)


def plaintext_backups_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.wsbackup") if b'"encrypted":false' in p.read_bytes()[:4096]
                  .replace(b" ", b""))


# 1. the data a restore kept aside ---------------------------------------------------------------------------------
def test_encrypting_keeps_the_data_a_restore_kept_aside_encrypted_and_it_can_still_be_put_back(
        copy_template, tmp_path, capsys, monkeypatch, english):
    data = copy_template("plain")
    made = run_json(capsys, "--data-dir", data, "backup", "create")
    work = tmp_path / "询问笔录补充.csv"
    work.write_text("姓名,电话\n王五,13700001111\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data, "evidence", "add", OPEN_CASE, work, "--kind", "customer_list")
    assert code == 0, err
    evidence_after_backup = run_json(capsys, "--data-dir", data, "evidence", "list", OPEN_CASE)
    restored = run_json(capsys, "--data-dir", data, "backup", "restore", made["id"])
    kept = Path(restored["kept"])

    code, out, err = encrypt(capsys, data, monkeypatch)
    assert code == 0, err
    assert kept.is_dir(), out  # the work done after the backup is not deleted as "a plaintext copy"
    assert (kept / "workstation.db").read_bytes()[:16] != SQLITE_HEADER
    assert not any(b"13700001111" in p.read_bytes() for p in kept.rglob("*") if p.is_file())
    [listed] = run_json(capsys, "--data-dir", data, "backup", "replaced")
    assert listed["name"] == kept.name and listed["encrypted"] is True and listed["problem"] == ""

    code, out, err = run(capsys, "--data-dir", data, "backup", "put-back", kept.name)
    assert code == 0, err
    assert run_json(capsys, "--data-dir", data, "evidence", "list", OPEN_CASE) == evidence_after_backup
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full")
    assert code == 0, out + err


# 2. a passphrase file with a byte-order mark ------------------------------------------------------------------
def test_a_passphrase_file_saved_with_a_byte_order_mark_gives_the_passphrase_written_in_it(
        copy_template, tmp_path, capsys, monkeypatch, english):
    data = copy_template("plain")
    notepad = tmp_path / "口令.txt"
    notepad.write_text(PASS + "\r\n", encoding="utf-8-sig")
    code, out, err = run(capsys, "--data-dir", data, "security", "encrypt", "--passphrase-file", notepad)
    assert code == 0, err
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)  # typed at the prompt: no mark
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err

    officer = tmp_path / "霍国栋.txt"
    officer.write_text("霍国栋的口令 2026\r\n", encoding="utf-8-sig")
    code, out, err = run(capsys, "--data-dir", data, "security", "add-officer", "霍国栋", "--new-passphrase-file",
                         officer)
    assert code == 0, err
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "霍国栋的口令 2026")
    code, out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err


# 3. backup folders used earlier --------------------------------------------------------------------------------
def test_encrypting_removes_the_unencrypted_backups_of_a_folder_used_earlier_and_names_one_not_there(
        copy_template, tmp_path, capsys, monkeypatch, english):
    data = copy_template("plain")
    earlier, stick, now = tmp_path / "earlier", tmp_path / "stick", tmp_path / "now"
    for folder in (earlier, stick, now):
        folder.mkdir()
        run_json(capsys, "--data-dir", data, "backup", "create", "--folder", folder)
    assert plaintext_backups_in(earlier) and plaintext_backups_in(stick)
    unplugged = tmp_path / "stick-unplugged"
    stick.rename(unplugged)

    code, out, err = encrypt(capsys, data, monkeypatch)
    assert code == 0, err
    assert plaintext_backups_in(earlier) == [] and plaintext_backups_in(now) == []
    assert (f"Backups were also made in {stick}, which is not available now, so unencrypted backups there were "
            f"not removed: plug in the drive and delete the unencrypted backups in it.") in out


# 4. what a killed backup left ----------------------------------------------------------------------------------
@posix
def test_encrypting_right_after_a_killed_backup_removes_its_plaintext_copies_and_counts_them(
        copy_template, capsys, monkeypatch, english):
    data = copy_template("plain")
    killed("workstation.backup._replace:1", "--data-dir", data, "backup", "create")
    left = [*(data / "backups").glob(".staging-*"), *(data / "backups").glob("*.part")]
    assert len(left) == 2

    result = json.loads(encrypt(capsys, data, monkeypatch, "--json")[1])
    assert not any(p.exists() for p in left)
    assert result["plaintext_copies_removed"] == 2


# 5b. a keyring.json lost ---------------------------------------------------------------------------------------
def test_encrypting_data_that_lost_its_keyring_is_refused_pointing_to_the_keyring_of_a_backup(
        copy_template, capsys, monkeypatch, english):
    data = copy_template("encrypted")
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    made = run_json(capsys, "--data-dir", data, "backup", "create")
    (data / "keyring.json").unlink()
    database = (data / "workstation.db").read_bytes()

    code, out, err = encrypt(capsys, data, monkeypatch)
    assert code != 0
    assert f"`backup restore {made['id']} --keyring-only`" in err and "is encrypted already" in err
    assert "damaged" not in err
    assert (data / "workstation.db").read_bytes() == database and not (data / "keyring.json").exists()


# 6. this station's encrypted backup, plaintext data here -------------------------------------------------------
def test_an_encrypted_backup_of_this_station_refused_by_plaintext_data_says_it_is_this_stations(
        copy_template, tmp_path, capsys, monkeypatch, english):
    data = copy_template("plain")
    plain = run_json(capsys, "--data-dir", data, "backup", "create")
    laptop = tmp_path / "laptop"
    run_json(capsys, "--data-dir", laptop, "backup", "restore", plain["path"], "--plaintext")
    code, out, err = encrypt(capsys, data, monkeypatch)
    assert code == 0, err
    sealed = run_json(capsys, "--data-dir", data, "backup", "create")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")

    code, out, err = run(capsys, "--data-dir", laptop, "backup", "restore", sealed["path"])
    assert code != 0
    assert f"{Path(sealed['path']).name} was made by this station while its data was encrypted" in err
    assert "another station" not in err
