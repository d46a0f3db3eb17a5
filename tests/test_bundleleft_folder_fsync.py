"""A file system that cannot flush a folder (EINVAL on some FUSE, network and exFAT mounts) fails no export, backup
or restore: each file is flushed itself and renamed into place, and asking the disk to keep the folder's names too
is only a hint there. A folder the disk fails to flush (an I/O error) still refuses the export, which takes its
bundle away again."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from workstation.bundle.export_journal import journal_folder
from workstation.shared_file import fsync_dir

pytestmark = pytest.mark.usefixtures("english")


def folders_refuse_fsync(monkeypatch, number: int = errno.EINVAL) -> list[int]:
    """``os.fsync`` of a folder's descriptor fails with ``number``, as on such a mount (a file's is done): returns
    the list each refused folder flush is counted in."""
    refused: list[int] = []

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            refused.append(fd)
            raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", fsync)
    return refused


def exports(data: Path) -> list[str]:
    db = open_db(data)
    try:
        return [r[0] for r in db.execute("SELECT path FROM bundle_exports ORDER BY created_at, rowid")]
    finally:
        db.conn.close()


def test_a_bundle_is_exported_onto_a_stick_that_cannot_flush_a_folder(capsys, station_and_hq_copy, monkeypatch):
    station = station_and_hq_copy / "station"
    bundle = station_and_hq_copy / "u盘" / "one.bundle"
    bundle.parent.mkdir()
    refused = folders_refuse_fsync(monkeypatch)
    result = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", bundle)
    assert refused  # the stick's folder (and the note's) were asked, and said no
    assert result["path"] == str(bundle) and bundle.is_file()
    assert exports(station)[-1] == str(bundle)
    assert not list(journal_folder(station).glob("*.json"))
    code, out, err = run(capsys, "--data-dir", station, "bundle", "verify", bundle, "--json")
    assert code == 0 and json.loads(out)["valid"] is True, err


def test_a_folder_the_disk_fails_to_flush_still_refuses_the_export(capsys, station_and_hq_copy, monkeypatch):
    station = station_and_hq_copy / "station"
    bundle = station_and_hq_copy / "one.bundle"
    before = exports(station)
    folders_refuse_fsync(monkeypatch, errno.EIO)
    code, out, err = run(capsys, "--data-dir", station, "bundle", "export", "-o", bundle)
    assert code == 1 and err.startswith("Error: ") and "cannot be written" in err
    assert not bundle.exists() and exports(station) == before


def test_a_backup_is_written_and_restored_on_a_disk_that_cannot_flush_a_folder(capsys, station_and_hq_copy,
                                                                                monkeypatch):
    station = station_and_hq_copy / "station"
    refused = folders_refuse_fsync(monkeypatch)
    made = run_json(capsys, "--data-dir", station, "backup", "create")
    assert refused and Path(made["path"]).is_file()
    listed = run_json(capsys, "--data-dir", station, "backup", "list")
    assert [b["id"] for b in listed] == [made["id"]]
    refused.clear()
    restored = run_json(capsys, "--data-dir", station, "backup", "restore", made["id"])
    assert refused and restored["restored"] == made["id"]


def test_fsync_dir_lets_only_a_folder_flush_the_file_system_cannot_do_be(tmp_path, monkeypatch):
    for number in (errno.EINVAL, errno.ENOTSUP):
        with monkeypatch.context() as m:
            folders_refuse_fsync(m, number)
            fsync_dir(tmp_path)
    for number in (errno.EIO, errno.ENOSPC):
        with monkeypatch.context() as m:
            folders_refuse_fsync(m, number)
            with pytest.raises(OSError) as failed:
                fsync_dir(tmp_path)
            assert failed.value.errno == number
