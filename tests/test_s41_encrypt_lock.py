"""While `security encrypt` makes its encrypted copies, no other program opens the data: a command started meanwhile is
refused saying why (and saves nothing that the swap would lose), a program that had opened it a moment before the
encryption's note was written is refused when it marks the data open, and a change saved all the same leaves the
encryption refused with the data unencrypted and the change kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import CASE, OPEN_CASE, PASS, PROJECT, open_db
from tests.helpers import run
from workstation.errors import WorkstationError
from workstation.security import access, keyring

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def evidence_count(data: Path) -> int:
    db = open_db(data)
    try:
        return db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    finally:
        db.conn.close()


def while_sealing(monkeypatch, work) -> None:
    """Run ``work()`` once the database is copied, while the stored files are being encrypted."""
    seal = access._seal_files

    def sealing(*args, **kwargs):
        work()
        return seal(*args, **kwargs)

    monkeypatch.setattr(access, "_seal_files", sealing)


def test_a_command_started_during_the_encryption_is_refused_and_nothing_is_lost(capsys, copy_template, tmp_path,
                                                                                monkeypatch, english):
    data = copy_template("plain")
    before = evidence_count(data)
    sheet = tmp_path / "名单.csv"
    sheet.write_text("姓名,电话\n张三,13800138000\n", encoding="utf-8")
    env = {**os.environ, "WORKSTATION_LANG": "en", "PYTHONPATH": str(PROJECT)}
    env.pop("WORKSTATION_PASSPHRASE", None)
    other = []
    while_sealing(monkeypatch, lambda: other.append(subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(data), "evidence", "add", OPEN_CASE, str(sheet), "--kind", "other"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "security", "encrypt")
    assert code == 0, err
    assert other[0].returncode == 1, other[0].stderr
    assert (f"The data in {data} is being encrypted by another program (process {os.getpid()}): wait until it has "
            f"finished, then try again.") in other[0].stderr
    assert keyring.state(data) == "encrypted" and evidence_count(data) == before
    # once it is done the other program's work goes in, encrypted
    env["WORKSTATION_PASSPHRASE"] = PASS
    again = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "evidence", "add", OPEN_CASE, str(sheet),
                            "--kind", "other"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert evidence_count(data) == before + 1


def test_a_change_saved_during_the_encryption_refuses_it_and_is_kept(copy_template, monkeypatch, english):
    from workstation.db.connection import connect
    from workstation.paths import database_path

    data = copy_template("plain")

    def change():  # a program that opened the data a moment before the encryption's note was there
        db = connect(database_path(data))
        try:
            with db.atomic():
                db.execute("UPDATE cases SET cause = cause || '（补）' WHERE case_number = ?", [CASE])
        finally:
            db.conn.close()

    while_sealing(monkeypatch, change)
    with pytest.raises(WorkstationError, match="opened or changed the data .* while it was being encrypted: nothing "
                                               "was changed, the data is still unencrypted"):
        access.encrypt_data_dir(data, PASS)
    assert keyring.state(data) == "plaintext"
    assert sorted(p.name for p in data.iterdir() if "encrypting" in p.name) == []
    db = open_db(data)
    try:
        assert db.execute("SELECT cause FROM cases WHERE case_number = ?", [CASE]).fetchone()[0].endswith("（补）")
    finally:
        db.conn.close()


@pytest.fixture
def other_program():
    """A program running beside the test (its process id, boot and start as an encryption's note records them)."""
    from workstation.repair import boot_id, process_started

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield {"pid": child.pid, "boot": boot_id(), "started": process_started(child.pid)}
    finally:
        child.kill()
        child.wait()


def test_marking_the_data_open_is_refused_while_another_program_encrypts_it(copy_template, other_program,
                                                                             english):
    from workstation import repair

    data = copy_template("plain")
    access._owner_path(data).write_text(json.dumps(other_program), encoding="utf-8")
    with pytest.raises(WorkstationError, match=f"being encrypted by another program \\(process {other_program['pid']}"):
        repair.mark_open(data)
    assert repair.open_elsewhere(data) == [] and not (data / repair.MARKER / f"{os.getpid()}.json").exists()
    with pytest.raises(WorkstationError, match="being encrypted by another program"):
        access.recover_interrupted_encryption(data)  # what a command and the window do first
    access._owner_path(data).unlink()
    repair.mark_open(data)  # once it is done
    repair.mark_closed(data)


def test_a_second_encryption_is_refused_while_the_first_runs(copy_template, other_program, english):
    data = copy_template("plain")
    access._owner_path(data).write_text(json.dumps(other_program), encoding="utf-8")
    with pytest.raises(WorkstationError, match="being encrypted by another program"):
        access.encrypt_data_dir(data, PASS)
    assert access._owner_path(data).exists() and keyring.state(data) == "plaintext"
