"""What a killed backup or restore leaves in ``backups/``: a whole unpacked copy of the data (a restore's with the
station's private keys) that only the owner can read, swept by the next restore, check of a backup and start."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of
from workstation import backup_restore
from workstation.backup import restore_backup, verify_backup
from workstation.repair import mark_closed, mark_open

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes")


def dead_pid() -> int:
    """The id of a process that has ended (as a killed restore's has)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def left_by_a_killed_restore(data: Path) -> Path:
    """A staging folder as a restore killed while unpacking leaves it, made with the default umask."""
    staging = data / "backups" / f".restore-{dead_pid()}-0a1b2c3d"
    (staging / "station").mkdir(parents=True)
    (staging / "workstation.db").write_bytes(b"SQLite format 3\0")
    (staging / "station" / "sign.key").write_text("-----BEGIN PRIVATE KEY-----\n", encoding="ascii")
    return staging


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_restore_unpacks_into_a_folder_and_files_only_the_owner_can_read(copy_template, monkeypatch, english):
    data = copy_template("plain")
    made = backup_of(data)
    seen: dict[str, int] = {}
    checked = backup_restore._check_restored_database

    def looking(path: Path, data_dir: Path, name: str) -> None:  # the staging folder whole, before the swap
        staging = path.parent
        seen.update({str(p.relative_to(staging.parent)): mode(p) for p in [staging, *staging.rglob("*")]})
        checked(path, data_dir, name)

    monkeypatch.setattr(backup_restore, "_check_restored_database", looking)
    old = os.umask(0o022)
    try:
        restore_backup(data, made["id"])
    finally:
        os.umask(old)
    assert any(name.endswith("station/sign.key") for name in seen), seen  # the station's keys came with it
    assert any(name.endswith("/files") for name in seen), seen  # and the stored files
    assert {name: oct(m) for name, m in seen.items() if m & 0o077} == {}  # neither group nor others
    assert not list((data / "backups").glob(".restore-*"))


def test_a_restore_a_check_of_a_backup_and_a_start_sweep_what_a_killed_restore_left(copy_template, english):
    data = copy_template("plain")
    made = backup_of(data)
    staging = left_by_a_killed_restore(data)
    verify_backup(data, made["path"])
    assert not staging.exists()

    staging = left_by_a_killed_restore(data)
    restore_backup(data, made["id"])
    assert not staging.exists()

    staging = left_by_a_killed_restore(data)
    mark_open(data)  # a window or command opening the data
    try:
        assert not staging.exists()
    finally:
        mark_closed(data)


def test_a_staging_folder_of_a_running_restore_is_left_alone(copy_template, english):
    data = copy_template("plain")
    running = data / "backups" / f".restore-{os.getpid()}-0a1b2c3d"
    running.mkdir(parents=True)
    mark_open(data)
    mark_closed(data)
    assert running.is_dir()
