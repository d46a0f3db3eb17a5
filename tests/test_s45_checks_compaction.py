"""The full check finds a search index that no longer matches the records (and ``backup check --rebuild-index``
rebuilds it from them); compaction refuses a database the quick check finds damaged, a read-only data directory,
and says that nothing was changed when the disk fills or a file operation fails in the middle."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import damage_the_audit_head, data_digest, full_check_of, open_db
from tests.helpers import run
from tests.test_backup_compact import with_free_pages

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)

def damage_index(data_dir, statement: str) -> None:
    db = open_db(data_dir)
    try:
        db.execute(statement)
        db.conn.commit()
    finally:
        db.conn.close()


def searched(capsys, data) -> list[str]:
    code, out, err = run(capsys, "--data-dir", data, "cases", "list", "--search", "房地产经纪", "--json")
    assert code == 0, err
    return sorted(c["case_number"] for c in json.loads(out))


CASES = "DELETE FROM cases_fts WHERE rowid IN (SELECT rowid FROM cases WHERE case_number LIKE '佛南%')"
# the templates hold no complaints: an index entry that no complaint has (a complaint deleted without its index)
COMPLAINTS = "INSERT INTO complaints_fts(rowid, text, target_name) VALUES (99999999, '已删除的投诉', '')"


def test_a_damaged_case_search_index_is_found_by_the_full_check_and_rebuilt(capsys, copy_template, english):
    data = copy_template("plain")
    found = searched(capsys, data)
    assert any(n.startswith("佛南") for n in found)
    damage_index(data, CASES)
    assert searched(capsys, data) != found  # the searches miss cases, and nothing said so
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--json")
    result = json.loads(out)
    assert code == 1 and result["ok"] is False, err
    [problem] = [p for p in result["problems"] if "cases_fts" in p]
    assert "searches may miss records" in problem and "backup check --full --rebuild-index" in problem
    assert "complaints_fts" not in " ".join(result["problems"])
    # the command the message names rebuilds the index from the records, then checks: sound again
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--rebuild-index", "--json")
    result = json.loads(out)
    assert code == 0, err
    assert result["ok"] is True and result["problems"] == [] and "cases_fts" in result["rebuilt"]
    assert searched(capsys, data) == found
    assert full_check_of(data) == []
    # in text, it says what it rebuilt before the check's finding
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--rebuild-index")
    assert code == 0 and "cases_fts" in out and out.rstrip().endswith("No problems found."), err


def test_a_damaged_complaint_search_index_is_named_too(capsys, copy_template, english):
    data = copy_template("encrypted")
    damage_index(data, COMPLAINTS)
    problems = full_check_of(data)
    assert len(problems) == 1 and "complaints_fts" in problems[0] and "may miss records" in problems[0]
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--rebuild-index")
    assert code == 0, err
    assert full_check_of(data) == []


def test_the_check_of_a_sound_database_leaves_no_transaction_open(copy_template, english):
    data = copy_template("plain")
    db = open_db(data)
    try:
        from workstation.repair import full_check

        assert full_check(db, data) == []
        assert not db.conn.in_transaction
    finally:
        db.conn.close()


def test_the_rebuild_is_refused_on_a_database_the_quick_check_finds_damaged(capsys, copy_template, english):
    data = copy_template("plain")
    damage_the_audit_head(data)
    before = data_digest(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--rebuild-index")
    assert code == 1 and out == "" and "Traceback" not in err
    assert "not rebuilt" in err and "Restore the last good backup" in err
    assert data_digest(data) == before


def test_compaction_is_refused_on_a_database_the_check_finds_damaged(capsys, copy_template, english):
    data = copy_template("plain")
    with_free_pages(data)
    damage_the_audit_head(data)
    before = data_digest(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "compact")
    assert (code, out) == (1, "") and "Traceback" not in err
    assert err.startswith("Error: Nothing was changed: the database check found problems (")
    assert "Restore the last good backup" in err and str(data) in err
    assert data_digest(data) == before and not list(data.glob(".compact-*"))


def test_compaction_is_refused_up_front_on_a_read_only_data_directory(capsys, copy_template, monkeypatch, english):
    from workstation import compaction

    data = copy_template("plain")
    with_free_pages(data)
    before = data_digest(data)
    monkeypatch.setattr(compaction, "writable", lambda folder: False)
    code, out, err = run(capsys, "--data-dir", data, "backup", "compact")
    assert (code, out) == (1, "") and "Traceback" not in err
    assert "cannot be written" in err and str(data) in err and "Nothing was changed." in err
    assert data_digest(data) == before


def read_only_at_the_copy(monkeypatch) -> None:
    """The data disk turns read-only once the compaction has started: removing its copy fails (EROFS)."""
    real = Path.unlink

    def unlink(self, *args, **kwargs):
        if self.name.startswith(".compact-"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)


def test_a_file_error_during_compaction_is_said_with_nothing_changed(capsys, copy_template, monkeypatch, english):
    data = copy_template("plain")
    with_free_pages(data)
    before = data_digest(data)
    read_only_at_the_copy(monkeypatch)
    code, out, err = run(capsys, "--data-dir", data, "backup", "compact")
    monkeypatch.undo()
    assert (code, out) == (1, "") and "Traceback" not in err and "internal error" not in err.lower()
    assert "the disk is read-only" in err and "Nothing was changed." in err
    assert data_digest(data) == before


def test_a_full_disk_during_compaction_says_nothing_was_changed(capsys, copy_template, monkeypatch, english):
    import sqlite3

    from workstation import backup, compaction

    data = copy_template("plain")
    with_free_pages(data)
    before = data_digest(data)
    real = backup.connect_file

    class Filling:
        """The copy, whose putting back fills the disk."""

        def __init__(self, conn):
            self.conn = conn

        def backup(self, *args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            self.conn.close()

    monkeypatch.setattr(backup, "connect_file", lambda path, key=None: Filling(real(path, key)))
    monkeypatch.setattr(compaction, "disk_free", lambda folder: 10 ** 12)
    code, out, err = run(capsys, "--data-dir", data, "backup", "compact")
    assert (code, out) == (1, "") and "Traceback" not in err
    assert "is full" in err and "Nothing was changed." in err and str(data) in err
    assert data_digest(data) == before and not list(data.glob(".compact-*"))


def test_the_window_says_a_file_error_during_compaction(window_on, monkeypatch, english):
    from ui.backup_dialogs import offer_compaction

    window = window_on("plain")
    with_free_pages(window.data_dir)
    read_only_at_the_copy(monkeypatch)
    window.prompts.confirm_answer = True
    offer_compaction(window, window)  # no internal error: told
    monkeypatch.undo()
    assert len(window.prompts.errors) == 1
    assert "the disk is read-only" in window.prompts.errors[0] and "Nothing was changed." in window.prompts.errors[0]


@pytest.mark.parametrize("damage", ["audit", "read-only"])
def test_the_window_refuses_a_damaged_or_read_only_database(window_on, monkeypatch, damage, english):
    from ui.backup_dialogs import offer_compaction
    from workstation import compaction

    window = window_on("plain")
    with_free_pages(window.data_dir)
    if damage == "audit":
        window.db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
        window.db.conn.commit()
    else:
        monkeypatch.setattr(compaction, "writable", lambda folder: False)
    before = data_digest(window.data_dir)
    window.prompts.confirm_answer = True
    offer_compaction(window, window)
    assert len(window.prompts.errors) == 1 and "Nothing was changed" in window.prompts.errors[0]
    assert data_digest(window.data_dir) == before


def test_the_window_offers_to_rebuild_a_search_index_and_says_no_backup_is_needed(window_on, capsys, english):
    from ui.backup_dialogs import BackupDialog

    window = window_on("plain")
    found = searched(capsys, window.data_dir)
    damage_index(window.data_dir, CASES)
    dialog = BackupDialog(window, window)
    window.prompts.confirm_answer = True
    dialog.check_integrity()
    assert window.prompts.errors == []  # not told to restore a backup: the records are sound
    [asked] = window.prompts.confirmations
    assert "cases_fts" in asked and "Rebuild the search indexes from the records now?" in asked
    assert window.prompts.infos == ["Search indexes rebuilt from the records: cases_fts, complaints_fts."]
    assert searched(capsys, window.data_dir) == found and full_check_of(window.data_dir) == []


def test_the_window_still_says_to_restore_when_the_records_themselves_are_damaged(window_on, english):
    from ui.backup_dialogs import BackupDialog

    window = window_on("plain")
    damage_index(window.data_dir, CASES)
    window.db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    window.db.conn.commit()
    BackupDialog(window, window).check_integrity()
    [told] = window.prompts.errors
    assert "Restore a good backup" in told and window.prompts.confirmations == []
