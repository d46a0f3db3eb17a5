"""A full or read-only disk says so, and leaves nothing half-written (found by the full-disk audit): Ctrl+S in the
editor said the draft was saved when the draft could not be written; adding evidence to a read-only data folder
gave "internal error" (the cleanup of the partial file failed in its turn); a station card or the 各局考评 CSV
exported onto a full disk left an empty or cut-off file under its final name; a restore onto a full disk did not
say to free space. The disk's refusal is simulated at the write itself (ENOSPC, EROFS), as the disk gives it."""

from __future__ import annotations

import errno
import json
import pathlib
import sqlite3
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of
from tests.test_drafts10 import CASE
from workstation.cli import main
from workstation.errors import WorkstationError
from workstation.store import drafts, find_case

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def full_disk(monkeypatch, folder: Path) -> None:
    """Writing a file in ``folder`` fails as on a full disk: the file is made (empty), its bytes refused."""
    real_bytes, real_text, real_open = pathlib.Path.write_bytes, pathlib.Path.write_text, pathlib.Path.open

    def inside(path) -> bool:
        return Path(path).parent == folder

    def refused(path):
        with open(path, "wb"):  # made, empty
            pass
        raise OSError(errno.ENOSPC, "No space left on device")

    def write_bytes(self, data):
        return refused(self) if inside(self) else real_bytes(self, data)

    def write_text(self, data, *args, **kwargs):
        return refused(self) if inside(self) else real_text(self, data, *args, **kwargs)

    def open_(self, mode="r", *args, **kwargs):
        if inside(self) and any(m in mode for m in "wax+"):
            refused(self)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    monkeypatch.setattr(pathlib.Path, "open", open_)


def read_only_unlink(monkeypatch, folder: Path) -> None:
    """Removing a file under ``folder`` fails as on a read-only disk (even one that is not there)."""
    real = pathlib.Path.unlink

    def unlink(self, missing_ok=False):
        if Path(self).is_relative_to(folder):
            raise OSError(errno.EROFS, "Read-only file system")
        return real(self, missing_ok=missing_ok)

    monkeypatch.setattr(pathlib.Path, "unlink", unlink)


# 1. Ctrl+S on a full disk ---------------------------------------------------------------------------------------
def test_ctrl_s_on_a_full_disk_says_the_draft_was_not_saved(demo_db, opened, prompts, english, monkeypatch):
    case = find_case(demo_db, CASE)
    editor = opened(demo_db, "inquiry_record", case)
    editor.fields["place"].set_value("第一次")
    editor.save_draft()
    assert not editor.dirty and prompts.errors == []
    real = demo_db.execute

    def execute(sql, parameters=None):
        if sql.startswith("UPDATE drafts SET values_json"):  # the draft's write: the disk is full
            raise sqlite3.OperationalError("database or disk is full")
        return real(sql, parameters)

    monkeypatch.setattr(demo_db, "execute", execute)
    editor.fields["place"].set_value("磁盘满时输入的地点")
    editor.statusBar().clearMessage()
    editor.save_draft()
    assert len(prompts.errors) == 1 and "full" in prompts.errors[0]
    assert "saved" not in editor.statusBar().currentMessage()
    assert editor.dirty and "*" in editor.windowTitle()
    monkeypatch.undo()
    assert drafts.get_draft(demo_db, editor.draft.id).values["place"] == "第一次"
    editor.save_draft()  # space freed: saved now
    assert not editor.dirty and len(prompts.errors) == 1
    assert drafts.get_draft(demo_db, editor.draft.id).values["place"] == "磁盘满时输入的地点"


# 2. evidence added to a read-only data folder ---------------------------------------------------------------------
def test_evidence_added_to_a_read_only_store_says_the_store_cannot_be_written(demo_db, data_dir, tmp_path,
                                                                             monkeypatch, english):
    from workstation import filestore
    from workstation.store.evidence import add_evidence

    sample = tmp_path / "证据.txt"
    sample.write_text("新的证据内容", encoding="utf-8")
    case = find_case(demo_db, CASE)

    def refused(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(filestore, "_write_chunks", refused)
    read_only_unlink(monkeypatch, data_dir / "files")
    with pytest.raises(WorkstationError) as caught:
        add_evidence(demo_db, data_dir, case.id, sample)
    assert "cannot be written" in caught.value.message and "read-only" in caught.value.message


def test_a_file_kept_in_a_read_only_store_says_the_store_cannot_be_written(data_dir, monkeypatch, english):
    from workstation import filestore

    (data_dir / "files").mkdir()

    def refused(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(filestore, "_write_partial", refused)
    read_only_unlink(monkeypatch, data_dir / "files")
    with pytest.raises(filestore.StoreError) as caught:
        filestore._put(data_dir, b"issued pdf", "ab" * 32, flush=True)
    assert "cannot be written" in caught.value.message


def test_station_keys_not_written_say_why_though_the_partial_file_cannot_be_removed(db, data_dir, monkeypatch,
                                                                                   english):
    from workstation import station

    def refused(fd):  # the disk full as the key is flushed
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(station.os, "fsync", refused)
    real = pathlib.Path.unlink

    def unlink(self, missing_ok=False):  # and the stick gone by the time its partial file is removed
        if self.name.endswith(".part"):
            raise OSError(errno.EIO, "Input/output error")
        return real(self, missing_ok=missing_ok)

    monkeypatch.setattr(pathlib.Path, "unlink", unlink)
    with pytest.raises(WorkstationError) as caught:
        station.ensure_station(db, data_dir)
    assert "station keys cannot be written" in caught.value.message and "the disk is full" in caught.value.message


def test_rules_saved_on_a_read_only_disk_say_they_cannot_be_written(data_dir, monkeypatch, english):
    from workstation.screening import rules

    def write_text(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)
    read_only_unlink(monkeypatch, data_dir)
    with pytest.raises(rules.RulesError) as caught:
        rules.stage_rules(data_dir, "whatever")
    assert "cannot be written" in str(caught.value.message)


# 3. the station card ----------------------------------------------------------------------------------------------
def test_a_station_card_exported_onto_a_full_disk_leaves_no_file(demo_db, data_dir, tmp_path, monkeypatch, capsys, english):
    out = tmp_path / "out"
    out.mkdir()
    full_disk(monkeypatch, out)
    code = main(["--data-dir", str(data_dir), "station", "export", "-o", str(out / "card.json")])
    err = capsys.readouterr().err
    assert code != 0 and "full" in err and "Free some space" in err
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert main(["--data-dir", str(data_dir), "station", "export", "-o", str(out / "card.json")]) == 0  # no --force
    assert json.loads((out / "card.json").read_text(encoding="utf-8"))["fingerprint"]


# 4. the 各局考评 CSV ----------------------------------------------------------------------------------------------
def test_the_bureau_csv_written_onto_a_full_disk_leaves_no_file(demo_db, tmp_path, monkeypatch, english):
    from workstation.stats import bureau_table
    from workstation.stats_export import write_bureau_csv

    rows = bureau_table(demo_db, None, None)
    out = tmp_path / "out"
    out.mkdir()
    full_disk(monkeypatch, out)
    with pytest.raises(WorkstationError) as caught:
        write_bureau_csv(demo_db, rows, out / "各局考评.csv")
    assert "full" in caught.value.message and "Free some space" in caught.value.message
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    agency_id = demo_db.execute("SELECT id FROM agencies WHERE level = 'district' ORDER BY code").fetchone()[0]
    demo_db.execute("UPDATE agencies SET name = '@南海' WHERE id = ?", [agency_id])
    written = write_bureau_csv(demo_db, rows, out / "各局考评.csv", agency_id=agency_id)
    text = written.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff各局考评表") and "'@南海" in text and text.count("\r\n") >= 4 + len(rows)


# 5. a restore onto a full disk --------------------------------------------------------------------------------------
def test_a_restore_onto_a_full_disk_says_to_free_space(copy_template, monkeypatch, capsys, english):
    from workstation import backup_format

    data = copy_template("plain")
    made = backup_of(data)

    def take(source, target, size):
        if target is None:
            return real(source, target, size)
        raise OSError(errno.ENOSPC, "No space left on device")

    real = backup_format._take
    monkeypatch.setattr(backup_format, "_take", take)
    code = main(["--data-dir", str(data), "backup", "restore", made["id"]])
    err = capsys.readouterr().err
    assert code != 0 and "could not be unpacked" in err and "the current data was not changed" in err
    assert "Free some space on that disk, then restore again." in err
