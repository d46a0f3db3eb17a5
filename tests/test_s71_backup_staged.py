"""A staging copy left by a killed backup is counted as removed only when it is gone."""

import shutil

from workstation import backup


def _dead_pid() -> int:
    # pids above the kernel's limit never run
    return 4_194_399


def test_removed_staging_copy_is_counted(tmp_path):
    staged = tmp_path / f"{backup.STAGED_PREFIX}{_dead_pid()}-abc123-0badf00d"
    staged.mkdir()
    (staged / "data.sqlite").write_bytes(b"x")
    removed = backup._remove_stale_parts(tmp_path, "abc123", None)
    assert removed == [staged]
    assert not staged.exists()


def test_staging_copy_the_disk_keeps_is_not_counted(tmp_path, monkeypatch):
    staged = tmp_path / f"{backup.STAGED_PREFIX}{_dead_pid()}-abc123-0badf00d"
    staged.mkdir()
    (staged / "data.sqlite").write_bytes(b"x")
    # the disk refuses to let the copy go (a read-only or failing medium): rmtree ignores the error
    monkeypatch.setattr(shutil, "rmtree", lambda path, ignore_errors=False: None)
    removed = backup._remove_stale_parts(tmp_path, "abc123", None)
    assert removed == []
    assert staged.exists()


def test_other_datas_staging_copy_is_left(tmp_path):
    staged = tmp_path / f"{backup.STAGED_PREFIX}{_dead_pid()}-fff999-0badf00d"
    staged.mkdir()
    assert backup._remove_stale_parts(tmp_path, "abc123", None) == []
    assert staged.exists()
