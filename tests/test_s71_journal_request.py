"""The restore journal found by ``paths.journal_path`` wherever it is kept (``repair.mark_open``), and the request
to encrypt the data written as the program's other small files are (``shared_file.write_whole``): readable by its
owner only, and a write refused on a folder that cannot be written to said as such, nothing left behind."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from workstation import paths
from workstation.errors import WorkstationError
from workstation.security import encrypt_request


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_request_to_encrypt_is_readable_by_its_owner_only(tmp_path):
    encrypt_request.request_encryption(tmp_path, "罗建华")
    mode = stat.S_IMODE(encrypt_request.request_path(tmp_path).stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)
    assert encrypt_request.encryption_requested(tmp_path)["officer"] == "罗建华"


def test_a_request_not_written_is_said_even_when_its_part_cannot_be_removed(tmp_path, monkeypatch):
    """A folder that refuses the rename refuses the removal of the ``.part`` too: the officer is told the request was
    not written, not shown the error of the cleanup."""
    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    real_unlink = Path.unlink

    def unlink(self, *args, **kwargs):
        if self.name.endswith(".part"):
            raise PermissionError(13, "Permission denied")
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(WorkstationError) as raised:
        encrypt_request.request_encryption(tmp_path, "罗建华")
    assert str(encrypt_request.request_path(tmp_path)) in raised.value.message
    monkeypatch.undo()
    assert not encrypt_request.request_path(tmp_path).exists()
    assert encrypt_request.encryption_requested(tmp_path) is None


def test_withdrawing_a_request(tmp_path):
    assert encrypt_request.withdraw_request(tmp_path) is False
    encrypt_request.request_encryption(tmp_path, "罗建华")
    assert encrypt_request.withdraw_request(tmp_path) is True
    assert encrypt_request.encryption_requested(tmp_path) is None


def test_opening_looks_for_the_restore_journal_where_the_backups_keep_it(tmp_path, monkeypatch):
    """``mark_open`` finishes a cut-off restore whose journal is at ``paths.journal_path``, whatever its name."""
    from workstation import repair

    monkeypatch.setattr(paths, "JOURNAL_NAME", "journal-of-a-restore.json")
    seen = []
    monkeypatch.setattr(repair, "recover_cut_off_restore", lambda data_dir: seen.append(data_dir) or False)
    paths.journal_path(tmp_path).parent.mkdir(parents=True, exist_ok=True)
    paths.journal_path(tmp_path).write_text("{}", encoding="utf-8")
    try:
        repair.mark_open(tmp_path)
    finally:
        repair.mark_closed(tmp_path)
    assert seen == [tmp_path]
