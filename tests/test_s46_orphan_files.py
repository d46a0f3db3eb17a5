"""A stored file no record names — left by a program killed between putting it into the file store and committing
its record (an evidence add, a bundle's merge) — is found by the full check and removed by its repair (``backup check
--full --remove-unnamed``) and by the sweep after an unclean shutdown, never copied into a backup; a file a record
names, or one a running program may be adding, is never removed."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, full_check_of, open_db
from tests.test_crash14 import consistent, killed, posix
from tests.test_full_disk import run
from workstation.repair import UnnamedFiles

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def stored(data: Path) -> set[str]:
    return {p.name for p in (data / "files").glob("*/*") if not p.name.endswith(".part")}


def named(data: Path) -> set[str]:
    db = open_db(data)
    try:
        return {r[0] for r in db.execute("SELECT sha256 FROM files")}
    finally:
        db.conn.close()


def backed_up(path: str) -> set[str]:
    from workstation.backup_format import read_header, read_payload
    from workstation.progress import no_progress

    header = read_header(Path(path))
    manifest = read_payload(Path(path), header, None, None, no_progress, None)
    names = manifest.get("members", manifest) if isinstance(manifest, dict) else manifest
    return {Path(name).name for name in names if str(name).startswith("files/")}


def killed_adding(data: Path, tmp_path: Path) -> Path:
    """An evidence add killed once its file is in the store, before its record is committed; the file it left,
    dated an hour back (the program was killed before this one started)."""
    recording = tmp_path / "通话录音.wav"
    recording.write_bytes(b"RIFF" + os.urandom(64 * 1024))
    before = stored(data)
    killed("workstation.filestore.register_file:1", "--data-dir", data, "evidence", "add", backup_fixtures.CASE,
           recording, "--kind", "recording")
    left = stored(data) - before
    assert len(left) == 1 and not left & named(data)
    (orphan,) = left
    path = data / "files" / orphan[:2] / orphan
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    return path


@posix
def test_the_full_check_finds_the_file_a_killed_add_left_and_its_repair_removes_only_it(copy_template, tmp_path,
                                                                                     capsys, english):
    data = copy_template("plain")
    orphan = killed_adding(data, tmp_path)
    kept = named(data)
    assert kept and kept <= stored(data)
    found = [p for p in full_check_of(data) if isinstance(p, UnnamedFiles)]
    assert len(found) == 1 and "1 stored file" in found[0] and "--remove-unnamed" in found[0]
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--remove-unnamed")
    assert code == 0, out + err
    assert "removed: 1" in out
    assert not orphan.exists()
    assert stored(data) == kept == named(data)
    assert not full_check_of(data)
    consistent(data)


@posix
def test_the_sweep_after_the_unclean_shutdown_removes_the_file_a_killed_add_left(copy_template, tmp_path, capsys,
                                                                               english):
    data = copy_template("plain")
    orphan = killed_adding(data, tmp_path)
    kept = named(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")  # the check after the unclean shutdown
    assert code == 0, out + err
    assert not orphan.exists()
    assert stored(data) == kept
    consistent(data)


@posix
def test_a_backup_does_not_carry_a_file_no_record_names(copy_template, tmp_path, english):
    data = copy_template("plain")
    orphan = killed_adding(data, tmp_path)
    made = backup_of(data, folder=tmp_path / "backups")
    carried = backed_up(made["path"])
    assert orphan.name not in carried
    assert carried == named(data) and made["files"] == len(named(data))


def test_a_file_this_process_may_be_adding_is_left_alone(copy_template, tmp_path, english):
    from workstation.repair import remove_unnamed_files

    data = copy_template("plain")
    kept = named(data)
    digest = "ab" * 32  # put into the store now, its record not yet committed
    fresh = data / "files" / "ab" / digest
    fresh.parent.mkdir(exist_ok=True)
    fresh.write_bytes(b"being added")
    old = data / "files" / "cd" / ("cd" * 32)  # left by a program killed an hour ago
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"left behind")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    found = [p for p in full_check_of(data) if isinstance(p, UnnamedFiles)]
    assert len(found) == 1 and "2 stored files" in found[0]
    db = open_db(data)
    try:
        result = remove_unnamed_files(db, data)
    finally:
        db.conn.close()
    assert result == {"removed": 1, "freed": len(b"left behind"), "left": 1}
    assert fresh.exists() and not old.exists() and not old.parent.exists()
    assert kept <= stored(data) and named(data) == kept


def test_a_file_held_already_is_named_again_with_its_time_set_to_now(copy_template, english):
    from workstation import filestore

    data = copy_template("plain")
    digest = next(iter(named(data)))
    path = filestore.file_path(data, digest)
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    assert filestore.kept_already(path)
    assert path.stat().st_mtime > an_hour_ago + 60  # a removal of unnamed files running now leaves it alone
    path.unlink()
    assert not filestore.kept_already(path)  # removed meanwhile: written again


def test_a_backup_folder_made_for_a_failed_backup_is_removed_again(copy_template, tmp_path, monkeypatch, english):
    from workstation import backup
    from workstation.errors import WorkstationError

    data = copy_template("plain")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "write_archive", full)
    folder = tmp_path / "新建备份"
    with pytest.raises(WorkstationError):
        backup_of(data, folder=folder)
    assert not folder.exists()
    there = tmp_path / "已有备份"
    there.mkdir()
    with pytest.raises(WorkstationError):
        backup_of(data, folder=there)
    assert there.is_dir()  # a folder that was there before stays
