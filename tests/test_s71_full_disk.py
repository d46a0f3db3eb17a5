"""Session 71, a full disk: encrypting the data (``security encrypt``, and a restore with a passphrase) whose stored
files no longer fit says the disk holding the files folder is full — never an internal error —, leaves the data
unencrypted as it was and no copies behind; and a holiday file to fill in (``calendar list YEAR --template FILE``)
that cannot be written leaves no empty file under its name, so the same command works once there is room."""

from __future__ import annotations

import errno
import io
import os
import pathlib
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of, data_digest
from tests.helpers import run
from workstation.errors import WorkstationError
from workstation.security import access, keyring

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


class _FullDisk(io.RawIOBase):
    """A file opened for writing on a disk with no room left: made (as the disk has room for its entry), but each
    write of its bytes refused with ENOSPC, as the C library's write(2) does."""

    def __init__(self, real, errno_=errno.ENOSPC):
        self.real, self.errno_ = real, errno_

    def writable(self) -> bool:
        return True

    def write(self, _data):
        raise OSError(self.errno_, "No space left on device" if self.errno_ == errno.ENOSPC else "error")

    def close(self) -> None:
        self.real.close()
        super().close()


def _full_below(folder: Path, opener, errno_=errno.ENOSPC):
    """``opener`` (``open`` or ``Path.open``) whose files opened for writing under ``folder`` take no bytes."""

    def opening(file, mode="r", *args, **kwargs):
        real = opener(file, mode, *args, **kwargs)
        if any(flag in mode for flag in "wxa") and Path(file).resolve().is_relative_to(folder.resolve()):
            return _FullDisk(real, errno_)
        return real

    return opening


# 1. encrypting the data: the stored files' encrypted copies do not fit ---------------------------------------------
def _leftovers(data: Path) -> list[str]:
    return sorted(p.name for p in data.iterdir() if ".encrypting" in p.name or p.name.endswith(".part"))


@pytest.mark.parametrize("language", ["chinese", "english"])
def test_security_encrypt_on_a_disk_too_full_for_the_sealed_files_says_so(
        copy_template, capsys, monkeypatch, request, language):
    request.getfixturevalue(language)
    data = copy_template("plain")
    assert any(p.is_file() for p in (data / "files").rglob("*"))  # stored files to encrypt
    before = data_digest(data)
    monkeypatch.setattr(access, "open", _full_below(data / "files.encrypting", open), raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "encrypt")
    said = out + err
    assert code == 1, said
    assert "内部错误" not in said and "internal error" not in said.lower() and "Traceback" not in said
    assert str(data / "files") in said, said
    if language == "chinese":
        assert "所在磁盘已满" in said and "请清理空间后重试" in said, said
    else:
        assert "is full" in said and "free some space" in said, said
    assert keyring.state(data) != "encrypted"
    assert data_digest(data) == before  # the data as it was, unencrypted
    assert _leftovers(data) == []  # the copies made are gone


def test_security_encrypt_on_a_read_only_disk_names_the_folder_and_what_to_do(
        copy_template, capsys, monkeypatch, english):
    data = copy_template("plain")
    before = data_digest(data)
    monkeypatch.setattr(access, "open", _full_below(data / "files.encrypting", open, errno.EROFS), raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "encrypt")
    said = out + err
    assert code == 1 and "internal error" not in said.lower(), said
    # the write that failed is into the encrypted copies' folder, named (stop read, finding 6)
    assert f"{data / 'files.encrypting'} cannot be written" in said, said
    assert "read-only" in said and "move the data folder" in said, said
    assert data_digest(data) == before and _leftovers(data) == []


def test_security_encrypt_names_the_copy_that_could_not_be_made(copy_template, capsys, monkeypatch, english):
    """A copy refused when it is made (the error names it, as open(2)'s does): that file is named."""
    data = copy_template("plain")
    before = data_digest(data)
    sealed = data / "files.encrypting"

    def opening(file, mode="r", *args, **kwargs):
        if "w" in mode and Path(file).resolve().is_relative_to(sealed.resolve()):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(access, "open", opening, raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "encrypt")
    said = out + err
    assert code == 1 and "internal error" not in said.lower(), said
    assert f"{sealed}{os.sep}" in said and "cannot be written" in said, said
    assert f"{data / 'files'} cannot be written" not in said, said
    assert data_digest(data) == before and _leftovers(data) == []


def test_a_restore_with_a_passphrase_on_a_disk_too_full_for_the_sealed_files_says_so(
        copy_template, tmp_path, monkeypatch, english):
    from workstation.backup_restore import restore_into_new

    source = Path(backup_of(copy_template("plain", "old laptop"), folder=tmp_path / "usb")["path"])
    laptop = tmp_path / "new laptop"
    monkeypatch.setattr(access, "open", _full_below(laptop / "files.encrypting", open), raising=False)
    with pytest.raises(WorkstationError) as refused:
        restore_into_new(laptop, source, PASS)
    assert str(laptop / "files") in refused.value.message and "is full" in refused.value.message
    assert source.exists() and not laptop.exists()  # the backup kept, nothing restored half-way


# 2. the holiday file to fill in -------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["chinese", "english"])
def test_a_holiday_template_on_a_full_disk_leaves_nothing_and_the_retry_writes_it(
        data_dir, tmp_path, capsys, monkeypatch, request, language):
    from workstation.workdays import reload_calendars, year_template

    request.getfixturevalue(language)
    reload_calendars()
    out_dir = tmp_path / "small" / "out"
    out_dir.mkdir(parents=True)
    target = out_dir / "2027.toml"
    with monkeypatch.context() as full:
        full.setattr(pathlib.Path, "open", _full_below(out_dir, pathlib.Path.open))
        code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027", "--template", target)
    said = out + err
    assert code != 0 and str(target) in said, said
    assert ("磁盘已满" in said) if language == "chinese" else ("the disk is full" in said), said
    assert "内部错误" not in said and "internal error" not in said.lower()
    assert not target.exists(), "no empty file left under the name asked for"
    assert list(out_dir.iterdir()) == []  # nor a half-written one
    # once there is room, the same command writes it
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027", "--template", target)
    assert code == 0, out + err
    assert target.read_bytes().decode("utf-8") == year_template(2027)
    # and it is still never written over
    target.write_text("# mine\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027", "--template", target)
    assert code != 0 and target.read_text(encoding="utf-8") == "# mine\n"
    assert list(out_dir.iterdir()) == [target]
    reload_calendars()


def test_a_holiday_template_saved_over_from_the_window_on_a_full_disk_keeps_the_file_there(
        tmp_path, monkeypatch, english):
    """The window's save dialog asked to replace the file already: a full disk leaves that file as it was."""
    from workstation.workdays import write_year_template, year_template

    target = tmp_path / "2027.toml"
    target.write_text("# mine\n", encoding="utf-8")
    with monkeypatch.context() as full:
        full.setattr(pathlib.Path, "open", _full_below(tmp_path, pathlib.Path.open))
        with pytest.raises(WorkstationError, match="the disk is full"):
            write_year_template(target, 2027, overwrite=True)
    assert target.read_text(encoding="utf-8") == "# mine\n" and list(tmp_path.iterdir()) == [target]
    assert write_year_template(target, 2027, overwrite=True) == target
    assert target.read_text(encoding="utf-8") == year_template(2027)
