"""An officer's laptop with a nearly full disk and a flaky USB stick: the operations that write, run where the disk
refuses them (a process limited by RLIMIT_FSIZE, whose writes past the limit fail as on a full or FAT32 disk; an
injected ENOSPC/EFBIG at the file being written; a process killed with SIGKILL in the middle of its work). Each says
in one line which file or disk and what to do, changes nothing, takes no 文号, and succeeds when tried again."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import CASE, PROJECT, backup_of, data_digest, open_db
from tests.test_full_disk import counts, fail, filling_open, one_line, register_of_300, run
from workstation import backup_format
from workstation.backup import BackupRefused, backup_settings, list_backups, verify_backup

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
posix = pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE and SIGKILL are POSIX")

# The command line in a process of its own, in English; RLIMIT_FSIZE makes every write past the limit fail with EFBIG
# (SIGXFSZ ignored), as a full disk or a FAT32 stick would. ``--kill-at NAME:N`` kills the process (SIGKILL, no
# clean-up) at the Nth call of the function NAME of a module, before it runs.
COMMAND_LINE = """
import importlib, os, resource, signal, sys
limit, kill_at, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if kill_at:
    where, count = kill_at.rsplit(":", 1)
    module_name, function = where.rsplit(".", 1)
    module, calls = importlib.import_module(module_name), []
    real = getattr(module, function)

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) == int(count):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(module, function, dying)
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from workstation.cli import main
sys.exit(main(argv))
"""


def command(*argv, limit: int = 0, kill_at: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSTATION_LANG": "en", "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-c", COMMAND_LINE, str(limit), kill_at, *map(str, argv)], cwd=PROJECT,
                          env=env, capture_output=True, text=True, timeout=120)


def again(capsys, *argv) -> int:
    """The command run again once the disk has room, in this process: what the test is about (the refusal, the
    kill) happened in a process of its own; that the work then succeeds needs no new interpreter (a second each)."""
    code, _out, err = run(capsys, *argv)
    assert code == 0, err
    return code


def refused(result: subprocess.CompletedProcess, *names: str) -> str:
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for name in names:
        assert name in result.stderr
    return result.stderr


def sound(data: Path) -> None:
    """The database opens and is consistent."""
    conn = sqlite3.connect(data / "workstation.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@pytest.fixture
def register(tmp_path):
    return register_of_300(tmp_path)


# the database's disk refuses a write: SQLite says "disk I/O error" ----------------------------------------------
@posix
def test_a_register_import_whose_disk_refuses_the_write_is_explained_and_can_be_run_again(copy_template, register,
                                                                                         capsys):
    data = copy_template("plain")
    before, digest = counts(data), data_digest(data)
    err = refused(command("--data-dir", data, "cases", "import", register, limit=256 * 1024),
                  str(data / "workstation.db"), "input/output error", "Free some space on that disk or check it")
    assert "internal error" not in err.lower()
    assert counts(data) == before and data_digest(data) == digest
    sound(data)
    assert again(capsys, "--data-dir", data, "cases", "import", register) == 0
    assert counts(data)["cases"] == before["cases"] + 300


def test_a_disk_i_o_error_on_a_disk_with_no_room_left_is_said_to_be_full(monkeypatch, tmp_path, english):
    import shutil

    from workstation.db.connection import known_failure
    from workstation.errors import DiskFull

    path = tmp_path / "workstation.db"
    monkeypatch.setattr(shutil, "disk_usage", lambda folder: shutil._ntuple_diskusage(10**9, 10**9 - 4096, 4096))
    full = known_failure(sqlite3.OperationalError("disk I/O error"), path, rolled_back=True)
    assert isinstance(full, DiskFull) and full.not_imported("台账.csv").message == (
        f"台账.csv was not imported: the disk holding {path} is full. Free some space on that disk, then import it "
        "again.")
    monkeypatch.undo()


# documents: the PDF goes to a full stick ------------------------------------------------------------------------
def test_an_issue_whose_pdf_does_not_fit_on_the_stick_takes_no_number(capsys, monkeypatch, copy_template, tmp_path,
                                                                      english):
    """The 文号 was taken and the decision issued although the command failed and said "try again": issuing it again
    took the next number, leaving an issued decision nobody printed."""
    data = copy_template("plain")
    stick = tmp_path / "stick"
    stick.mkdir()
    before = counts(data)
    real = Path.write_bytes

    def stick_full(self, payload):
        if self.parent == stick:
            real(self, payload[:1000])
            raise fail(errno.ENOSPC, self)
        return real(self, payload)

    monkeypatch.setattr(Path, "write_bytes", stick_full)
    argv = ("--data-dir", data, "docs", "issue", CASE, "--form", "penalty_decision", "-o", stick / "决定书.pdf")
    one_line(*run(capsys, *argv), "决定书.pdf", "the disk is full", f"Free some space on the disk holding {stick}")
    assert counts(data) == before and list(stick.iterdir()) == []
    monkeypatch.undo()
    code, out, err = run(capsys, *argv)
    assert code == 0 and "佛南市监处〔2026〕1号 issued" in out
    assert [p.name for p in stick.iterdir()] == ["决定书.pdf"]
    assert (stick / "决定书.pdf").read_bytes().startswith(b"%PDF")


# a FAT32 stick: no file of 4 GB or more -------------------------------------------------------------------------
@posix
def test_a_bundle_too_large_for_the_stick_says_to_choose_another_disk(copy_template, tmp_path, capsys):
    data = copy_template("plain")
    stick = tmp_path / "stick"
    stick.mkdir()
    before = counts(data)
    err = refused(command("--data-dir", data, "bundle", "export", "--all", "-o", stick / "南海.bundle",
                          limit=100_000), "南海.bundle", "the file is too large for that disk", "FAT32")
    assert "File too large" not in err
    assert list(stick.iterdir()) == [] and counts(data) == before
    assert again(capsys, "--data-dir", data, "bundle", "export", "--all", "-o", stick / "南海.bundle") == 0


def test_a_backup_too_large_for_the_stick_says_to_choose_another_disk(monkeypatch, copy_template, english):
    data = copy_template("plain")
    previous = backup_of(data)
    monkeypatch.setattr(backup_format, "open", filling_open(100_000, errno.EFBIG), raising=False)
    with pytest.raises(BackupRefused, match="too large for the disk holding") as refusal:
        backup_of(data)
    assert "FAT32" in refusal.value.message and str(data / "backups") in refusal.value.message
    monkeypatch.undo()
    assert [b["id"] for b in list_backups(data)] == [previous["id"]]
    assert verify_backup(data, previous["path"])["valid"]


@posix
def test_a_backup_whose_copy_of_the_database_is_refused_by_the_disk_names_it(copy_template, tmp_path, capsys):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    err = refused(command("--data-dir", data, "backup", "create", "--folder", usb, limit=300_000),
                  str(data / "backups"), "input/output error", "the earlier backups are intact")
    assert "could not be copied" not in err
    assert not usb.exists() and backup_settings(data)["last_backup"] is None  # the folder it made: removed
    assert not list((data / "backups").glob(".staging-*"))
    assert again(capsys, "--data-dir", data, "backup", "create", "--folder", usb) == 0
    assert len(list_backups(data, usb)) == 1


# killed in the middle -------------------------------------------------------------------------------------------
@posix
def test_a_complaint_import_killed_between_two_batches_leaves_nothing_and_can_be_run_again(copy_template, tmp_path,
                                                                                           capsys):
    sys.path.insert(0, str(PROJECT / "bench"))
    import make_complaints

    from workstation.importing import complaints

    data = copy_template("plain")
    council = tmp_path / "council.csv"
    make_complaints.write_council_csv(council, complaints.BATCH + 200)
    killed = command("--data-dir", data, "complaints", "import", council,
                     kill_at="workstation.importing.complaints.insert_complaints:2")
    assert killed.returncode == -signal.SIGKILL
    sound(data)
    db = open_db(data)
    try:
        assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'complaints_fts_insert'").fetchone()
    finally:
        db.conn.close()
    assert again(capsys, "--json", "--data-dir", data, "complaints", "import", council) == 0
    db = open_db(data)
    try:
        assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] > complaints.BATCH
    finally:
        db.conn.close()
    sound(data)
