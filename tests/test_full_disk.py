"""A full disk (ENOSPC) or a read-only target (EROFS, EACCES) while writing a document, a bundle, a backup or a
register import: one clear line naming the target, and nothing half-written — no partial file, no partial backup,
the database rolled back.

The errors are injected where the writing happens; the chmod variants are skipped as root (CI runs as root, and
chmod does not stop root from writing). A real read-only file system, which also refuses to remove a file that is
not there, is mounted where the test may mount (as root), and skipped elsewhere."""

from __future__ import annotations

import builtins
import csv
import errno
import os
import re
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

import workstation.db
from tests import backup_fixtures
from tests.backup_fixtures import CASE, backup_of, data_digest, open_db
from tests.test_register_import import GOOD, register_rows
from workstation import backup_format, filestore
from workstation.backup import BackupRefused, backup_settings, list_backups, verify_backup
from workstation.cli import main
from workstation.errors import os_reason

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
ERRORS = [errno.ENOSPC, errno.EROFS, errno.EACCES]
as_root = pytest.mark.skipif(getattr(os, "geteuid", lambda: 0)() == 0,
                             reason="root writes into a read-only folder; the errno injections cover it")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(code: int, out: str, err: str, *names: str) -> str:
    assert code == 1 and out == "" and "Traceback" not in err
    # the progress of work that lasted over a second (a loaded machine) comes before the reason, as CLI.md has it
    said = [line for line in err.strip().splitlines() if not re.search(r": \d+%$", line)]
    assert len(said) == 1, err
    for name in names:
        assert name in err
    return err


def counts(data_dir: Path) -> dict:
    db = open_db(data_dir)
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("cases", "documents", "files", "audit", "bundle_exports", "number_sequences", "settings")}
    finally:
        db.conn.close()


def fail(error: int, path="") -> OSError:
    return OSError(error, os.strerror(error), str(path))


def zip_fills_up(monkeypatch, at: int = 4) -> list:
    """Bundles are written member by member (whole, or a block at a time through ``open(…, "w")``): the disk is
    full at member ``at``. Returns the members tried."""
    real_writestr, real_open, calls = zipfile.ZipFile.writestr, zipfile.ZipFile.open, []

    def tried(name) -> None:
        calls.append(getattr(name, "filename", name))
        if len(calls) == at:
            raise fail(errno.ENOSPC)

    def writestr(self, name, *args, **kwargs):
        tried(name)
        return real_writestr(self, name, *args, **kwargs)

    def open_member(self, name, mode="r", *args, **kwargs):
        if mode == "w":
            tried(name)
        return real_open(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    monkeypatch.setattr(zipfile.ZipFile, "open", open_member)
    return calls


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def read_only(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield folder
    folder.chmod(stat.S_IRWXU)


# documents -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("error", ERRORS)
def test_a_document_on_a_full_or_read_only_disk_is_not_half_written(capsys, monkeypatch, copy_template, out, error,
                                                                     fmt, english):
    data = copy_template("plain")

    def half_then_fail(self, payload):
        with open(self, "wb") as fh:
            fh.write(payload[:len(payload) // 2])
        raise fail(error, self)

    monkeypatch.setattr(Path, "write_bytes", half_then_fail)
    err = one_line(*run(capsys, "--data-dir", data, "docs", "render", CASE, "--form", "filing_approval", "--format",
                        fmt, "-o", out / f"立案审批表.{fmt}"), f"立案审批表.{fmt}", os_reason(OSError(error, "")))
    assert "cannot be written" in err
    assert (f"Free some space on the disk holding {out}, or choose another folder" in err) == (error == errno.ENOSPC)
    assert list(out.iterdir()) == []


def test_an_issued_document_with_a_full_file_store_takes_no_number(capsys, monkeypatch, copy_template, out, english):
    data = copy_template("plain")
    before = counts(data)

    def half_then_full(partial, payload, flush):
        with open(partial, "wb") as fh:
            fh.write(payload[:100])
        raise fail(errno.ENOSPC, partial)

    monkeypatch.setattr(filestore, "_write_partial", half_then_full)
    one_line(*run(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "penalty_decision", "-o",
                  out / "决定书.pdf"), str(data / "files"), os_reason(OSError(errno.ENOSPC, "")),
             f"Free some space on the disk holding {data}, then try again")
    assert counts(data) == before and list(out.iterdir()) == []
    assert not [p for p in (data / "files").rglob("*.part")]


@as_root
def test_a_document_into_a_read_only_folder(capsys, copy_template, read_only, english):
    data = copy_template("plain")
    one_line(*run(capsys, "--data-dir", data, "docs", "render", CASE, "--form", "filing_approval", "-o",
                  read_only / "x.pdf"), "x.pdf")
    assert list(read_only.iterdir()) == []


# bundles ---------------------------------------------------------------------------------------------------------
def test_a_bundle_on_a_full_disk_is_not_half_written(capsys, monkeypatch, copy_template, out, english):
    data = copy_template("plain")
    before = counts(data)
    calls = zip_fills_up(monkeypatch)
    one_line(*run(capsys, "--data-dir", data, "bundle", "export", "--all", "-o", out / "南海.bundle"), "南海.bundle",
             os_reason(OSError(errno.ENOSPC, "")), f"Free some space on the disk holding {out}")
    assert len(calls) == 4 and list(out.iterdir()) == [] and counts(data) == before


def test_a_bundle_whose_export_cannot_be_recorded_is_not_left_behind(capsys, monkeypatch, copy_template, out,
                                                                      english):
    """The bundle fits on the stick but the laptop's disk has no room to note the export: a bundle the station
    does not know it sent is removed, not left to be taken to headquarters."""
    data = copy_template("plain")
    before = counts(data)
    monkeypatch.setattr(workstation.db, "open_database", nearly_full(workstation.db.open_database))
    one_line(*run(capsys, "--data-dir", data, "bundle", "export", "--all", "-o", out / "南海.bundle"),
             str(data / "workstation.db"), "is full", "Free some space")
    monkeypatch.undo()
    assert list(out.iterdir()) == [] and counts(data) == before


@pytest.mark.parametrize("error", [errno.EROFS, errno.EACCES])
def test_a_bundle_onto_read_only_media_is_refused(capsys, monkeypatch, copy_template, out, error, english):
    data = copy_template("plain")
    before = counts(data)

    def refuse(*args, **kwargs):
        raise fail(error, kwargs.get("dir", ""))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    one_line(*run(capsys, "--data-dir", data, "bundle", "export", "--all", "-o", out / "南海.bundle"), "南海.bundle",
             os_reason(OSError(error, "")))
    assert list(out.iterdir()) == [] and counts(data) == before


@as_root
def test_a_bundle_into_a_read_only_folder(capsys, copy_template, read_only, english):
    data = copy_template("plain")
    one_line(*run(capsys, "--data-dir", data, "bundle", "export", "--all", "-o", read_only / "x.bundle"), "x.bundle")
    assert list(read_only.iterdir()) == []


# backups ---------------------------------------------------------------------------------------------------------
class FillingFile:
    """A file on a disk that fills up after ``room`` bytes (or refuses every write: a read-only medium)."""

    def __init__(self, fh, room: int, error: int):
        self.fh, self.room, self.error = fh, room, error

    def write(self, data) -> int:
        if len(data) > self.room:
            self.fh.write(bytes(data[:self.room]))
            self.room = 0
            raise fail(self.error, self.fh.name)
        self.room -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def filling_open(room: int, error: int):
    def fake(file, mode="r", *args, **kwargs):
        fh = builtins.open(file, mode, *args, **kwargs)
        if str(file).endswith(".part") and ("w" in mode or "x" in mode):
            return FillingFile(fh, room, error)
        return fh

    return fake


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
@pytest.mark.parametrize("error, room, says", [(errno.ENOSPC, 200_000, "is full"), (errno.ENOSPC, 10, "is full"),
                                               (errno.EROFS, 0, "read-only"), (errno.EACCES, 0, "read-only")])
def test_a_backup_on_a_full_or_read_only_disk_leaves_the_earlier_backups(monkeypatch, copy_template, kind, error,
                                                                         room, says, english):
    data = copy_template(kind)
    previous = backup_of(data)
    settings = backup_settings(data)
    monkeypatch.setattr(backup_format, "open", filling_open(room, error), raising=False)
    with pytest.raises(BackupRefused, match=says) as refused:
        backup_of(data)
    assert str(data / "backups") in refused.value.message and "\n" not in refused.value.message
    monkeypatch.undo()
    assert [b["id"] for b in list_backups(data)] == [previous["id"]]
    assert verify_backup(data, previous["path"])["valid"] and backup_settings(data) == settings
    assert sorted(p.name for p in (data / "backups").iterdir()) == [Path(previous["path"]).name]


def test_a_backup_whose_copy_of_the_database_does_not_fit_names_the_data_directory(capsys, monkeypatch,
                                                                                   copy_template, tmp_path, english):
    """The database is copied into the data directory first: choosing another backup folder would not help."""
    import sqlite3

    from workstation import backup

    data = copy_template("plain")
    usb = tmp_path / "usb"

    tried = []

    def full_copy(db, target):  # the copy (VACUUM INTO) stops as SQLite does when the disk fills, a part written
        tried.append(Path(target).parent)
        Path(target).write_bytes(b"\0" * 8192)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "_vacuum_into", full_copy)
    err = one_line(*run(capsys, "--data-dir", data, "backup", "create", "--folder", usb), str(data / "backups"),
                   "is full", "copied there first", "the earlier backups are intact")
    assert "choose another folder" not in err
    # made in the data directory first, then in the folder chosen (its disk full too): the data disk's full named
    assert [p.parent for p in tried] == [data / "backups", usb] and tried[0].name.startswith(".staging-")
    assert not usb.exists() and backup_settings(data)["last_backup"] is None  # the folder it made: removed
    assert [p for p in (data / "backups").iterdir() if p.name.startswith(".staging-")] == []


def test_a_backup_on_a_full_disk_from_the_command_line(capsys, monkeypatch, copy_template, tmp_path, english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    monkeypatch.setattr(backup_format, "open", filling_open(50_000, errno.ENOSPC), raising=False)
    one_line(*run(capsys, "--data-dir", data, "backup", "create", "--folder", usb), str(usb), "is full")
    assert not usb.exists() and backup_settings(data)["last_backup"] is None  # the folder it made: removed


@as_root
def test_a_backup_into_a_read_only_folder(copy_template, read_only, english):
    data = copy_template("plain")
    with pytest.raises(BackupRefused, match="read-only"):
        backup_of(data, folder=read_only)
    assert list(read_only.iterdir()) == []


@pytest.fixture
def read_only_medium(tmp_path):
    """A folder on a file system mounted read-only (a write-protected stick); skipped where mounting is not
    allowed."""
    folder = tmp_path / "write-protected stick"
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)],
                                 capture_output=True, timeout=10).returncode == 0
    except OSError:
        mounted = False
    if not mounted:
        pytest.skip("mounting a read-only file system needs root")
    yield folder
    subprocess.run(["umount", str(folder)], capture_output=True, timeout=10)


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_a_backup_onto_a_read_only_file_system_is_one_line(capsys, copy_template, read_only_medium, kind, english):
    data = copy_template(kind)
    previous = backup_of(data)
    settings = backup_settings(data)
    one_line(*run(capsys, "--data-dir", data, "backup", "create", "--folder", read_only_medium),
             str(read_only_medium), "read-only", "the earlier backups are intact")
    assert [b["id"] for b in list_backups(data)] == [previous["id"]] and backup_settings(data) == settings
    assert list(read_only_medium.iterdir()) == []


# register import -------------------------------------------------------------------------------------------------
def register_of_300(folder: Path) -> Path:
    """A register CSV of 300 good rows (numbers 500号 on) in ``folder``."""
    rows = []
    for n in range(300):
        row = list(GOOD[n % len(GOOD)])
        row[0] = row[0].replace("101号", f"{500 + n}号")
        rows.append(row)
    path = folder / "台账.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(register_rows(rows, total=False))
    return path


@pytest.fixture
def big_register(tmp_path):
    return register_of_300(tmp_path)


def nearly_full(real, pragma: str = "max_page_count = {pages}"):
    """``open_database`` giving a database no page more than it has (the next change needing one fails as on a full
    disk: SQLITE_FULL), or set with another ``pragma``."""

    def opened(path, **kwargs):
        db = real(path, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute("PRAGMA " + pragma.format(pages=pages))
        return db

    return opened


@pytest.mark.parametrize("pragma, says", [("max_page_count = {pages}", "台账.csv was not imported: the disk holding"),
                                          ("query_only = ON", "cannot be written")])  # SQLITE_READONLY
def test_a_register_import_on_a_full_or_read_only_disk_is_rolled_back(capsys, monkeypatch, copy_template,
                                                                      big_register, pragma, says, english):
    data = copy_template("plain")
    before, digest = counts(data), data_digest(data)
    monkeypatch.setattr(workstation.db, "open_database", nearly_full(workstation.db.open_database, pragma))
    one_line(*run(capsys, "--data-dir", data, "cases", "import", big_register), "workstation.db", says)
    monkeypatch.undo()
    assert counts(data) == before and data_digest(data) == digest


# complaint import ------------------------------------------------------------------------------------------------
def test_a_complaint_import_on_a_full_disk_is_rolled_back(capsys, monkeypatch, copy_template, tmp_path, english):
    sys.path.insert(0, str(backup_fixtures.PROJECT / "bench"))
    import make_complaints

    data = copy_template("plain")
    council = tmp_path / "council.csv"
    make_complaints.write_council_csv(council, 400)
    before, digest = counts(data), data_digest(data)
    monkeypatch.setattr(workstation.db, "open_database", nearly_full(workstation.db.open_database))
    one_line(*run(capsys, "--data-dir", data, "complaints", "import", council), "council.csv was not imported",
             str(data / "workstation.db"), "is full", "Free some space on that disk, then import it again.")
    monkeypatch.undo()
    assert counts(data) == before and data_digest(data) == digest
    db = open_db(data)
    try:  # the search index's trigger is in place: complaints imported later are found
        assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'complaints_fts_insert'").fetchone()
    finally:
        db.conn.close()


def test_the_reason_of_a_failed_file_operation_is_in_the_user_s_language():
    """strerror is English whatever the language: a Chinese message box should not switch to it mid-sentence."""
    from workstation.i18n import _

    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘已满" == _("the disk is full")
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == _("permission denied") != "permission denied"
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "Connection reset by peer"  # unlisted
    assert os_reason(ValueError("not a file error")) == "not a file error"
