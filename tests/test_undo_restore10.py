"""Undoing a restore: the data a restore kept aside is listed (when, by which backup, size, cases) and put back, the
current data being kept aside in turn so the undo can be undone; a damaged set or a swap cut off changes nothing;
only the newest sets are kept; the command line and the 备份 dialog."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import CASE, backup_of, data_digest, full_check_of, open_db
from tests.conftest import ScriptedPrompts
from tests.test_backup import evidence, run, work_on
from workstation import backup_restore
from workstation.backup import BackupRefused, restore_backup, save_backup_settings
from workstation.backup_replaced import list_replaced, put_back
from workstation.repair import mark_closed, mark_open
from workstation.security import session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
EDIT = "（补正）"


def edit_the_case(data: Path) -> None:
    db = open_db(data)
    db.execute("UPDATE cases SET cause = cause || ? WHERE case_number = ?", [EDIT, CASE])
    db.conn.close()


def cause(data: Path) -> str:
    db = open_db(data)
    try:
        return db.execute("SELECT cause FROM cases WHERE case_number = ?", [CASE]).fetchone()[0]
    finally:
        db.conn.close()


def sets(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "backups").glob("replaced-*"))


def stored(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "files").rglob("*") if p.is_file())


def damage(database: Path) -> None:
    """Zeros over the middle of the database file, as a failing disk leaves it."""
    size = database.stat().st_size
    with open(database, "r+b") as fh:
        fh.seek(4096)
        fh.write(bytes(size // 2))


def test_put_back_undoes_a_restore_and_the_undo_can_be_undone(copy_template, tmp_path, english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)  # the work after the backup that a restore of it takes back
    work_on(data, tmp_path)
    files_after = stored(data)
    restored = restore_backup(data, made["id"])
    assert EDIT not in cause(data) and evidence(data) == 1
    [kept] = list_replaced(data)
    assert kept["path"] == restored["kept"] and kept["kind"] == "restore" and kept["by"] == made["id"]
    assert kept["by_created"] == made["created"] and kept["cases"] == 36 and kept["encrypted"] is False
    assert kept["size"] > os.path.getsize(Path(kept["path"]) / "workstation.db") and kept["files"] == len(files_after)

    undone = put_back(data, kept["name"])
    assert cause(data).endswith(EDIT) and evidence(data) == 2 and stored(data) == files_after
    assert full_check_of(data) == []
    [again] = list_replaced(data)  # the set put back is the current data now; the restored data is kept aside
    assert undone["kept"] == again["path"] and again["kind"] == "put_back" and again["by"] == kept["name"]
    assert not Path(kept["path"]).exists() and EDIT not in cause(Path(again["path"]))
    assert not list((data / "backups").glob(".restore-*"))

    put_back(data, again["name"])  # the undo undone: the backup's data again
    assert EDIT not in cause(data) and evidence(data) == 1
    [last] = list_replaced(data)
    assert last["by"] == again["name"] and cause(Path(last["path"])).endswith(EDIT)


def test_encrypted_kept_data_is_counted_with_the_key_the_window_has(copy_template, english):
    data = copy_template("encrypted")
    made = backup_of(data)
    edit_the_case(data)
    kept = Path(restore_backup(data, made["id"])["kept"])
    assert b"SQLite format 3" not in (kept / "workstation.db").read_bytes()[:16]
    [row] = list_replaced(data)
    assert row["encrypted"] is True and row["cases"] == 36
    key = session.key_for(data)
    session.set_key(data, None)  # locked: listed, not counted
    [row] = list_replaced(data)
    assert row["cases"] is None and row["by"] == made["id"] and row["problem"] == ""
    session.set_key(data, key)
    put_back(data, row["name"])
    assert cause(data).endswith(EDIT)
    assert not list(kept.parent.glob("replaced-*/workstation.db-wal"))  # the read-only look wrote nothing


@pytest.mark.parametrize("how", ["damaged", "no database"])
def test_a_damaged_set_is_refused_and_nothing_changes(copy_template, how, english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)
    kept = Path(restore_backup(data, made["id"])["kept"])
    if how == "damaged":
        damage(kept / "workstation.db")
    else:
        (kept / "workstation.db").unlink()
    before, kept_before = data_digest(data), data_digest(kept)
    with pytest.raises(BackupRefused) as refused:
        put_back(data, kept.name)
    message = refused.value.message
    assert kept.name in message and "the current data was not changed" in message and "\n" not in message
    assert data_digest(data) == before and data_digest(kept) == kept_before and sets(data) == [kept.name]
    assert not list((data / "backups").glob(".restore-*")) and EDIT not in cause(data)


def test_a_put_back_cut_off_during_the_swap_leaves_the_current_data_and_the_set(copy_template, monkeypatch,
                                                                                 english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)
    kept = Path(restore_backup(data, made["id"])["kept"])
    open_db(data).conn.close()  # the restored database opened once (in WAL mode), as the window does
    before, kept_before = data_digest(data), data_digest(kept)
    real = backup_restore._replace

    def power_cut(source, target):
        if target.name == "workstation.db" and target.parent == data:
            raise OSError(5, "Input/output error")  # the last rename: the database put back over the current one
        real(source, target)

    monkeypatch.setattr(backup_restore, "_replace", power_cut)
    with pytest.raises(BackupRefused, match="could not be replaced .*the current data was put back as it was"):
        put_back(data, kept.name)
    assert data_digest(data) == before and data_digest(kept) == kept_before and sets(data) == [kept.name]
    assert not (data / "backups" / "restore-journal.json").exists()


def test_a_full_disk_while_copying_the_set_changes_nothing(copy_template, monkeypatch, english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)
    kept = Path(restore_backup(data, made["id"])["kept"])
    before, kept_before = data_digest(data), data_digest(kept)

    def full(source, target, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", full)
    with pytest.raises(BackupRefused, match=f"{kept.name} could not be prepared .* .the disk is full.; the current"):
        put_back(data, kept.name)
    monkeypatch.undo()
    assert data_digest(data) == before and data_digest(kept) == kept_before and sets(data) == [kept.name]
    assert not list((data / "backups").glob(".restore-*"))


class Crash(BaseException):
    """The process dies here."""


@pytest.mark.parametrize("finished", [False, True])
def test_a_crash_during_a_put_back_is_undone_or_finished_at_the_next_start(copy_template, monkeypatch, finished):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)
    kept = Path(restore_backup(data, made["id"])["kept"])
    real = backup_restore._replace

    def crash(source, target):
        if not finished and target == data / "workstation.db":
            raise Crash()
        real(source, target)

    def crash_after(folder):
        raise Crash()

    with monkeypatch.context() as m:
        m.setattr(backup_restore, "_replace", crash)
        if finished:  # the database put back is in place; the journal is not yet removed
            m.setattr(backup_restore, "fsync_dir", crash_after)
        m.setattr(backup_restore, "_undo", lambda *args, **kwargs: None)  # the process died: nothing rolled back
        m.setattr(shutil, "rmtree", lambda *args, **kwargs: None)
        with pytest.raises(Crash):
            put_back(data, kept.name)
    mark_open(data)  # the next start
    mark_closed(data)
    assert cause(data).endswith(EDIT) == finished
    assert not (data / "backups" / "restore-journal.json").exists() and not list((data / "backups").glob(".restore-*"))
    if finished:  # finished as a put-back finishes: the set's data is the current data, and the set goes
        assert not kept.is_dir() and [r["kind"] for r in list_replaced(data)] == ["put_back"]
    else:
        assert kept.is_dir() and EDIT in cause(kept)  # the set is whole
    assert full_check_of(data) == []


def test_every_set_is_kept_and_old_ones_are_listed_too(copy_template, english):
    data = copy_template("plain")
    made = backup_of(data)
    save_backup_settings(data, keep=1)  # one backup kept: every set of replaced data still kept
    old = data / "backups" / "replaced-20260101-080000"  # kept by an earlier version: no note
    shutil.copytree(data, old, ignore=shutil.ignore_patterns("backups", "logs", "*.json", "*.lock", "station*"))
    [row] = list_replaced(data)
    assert row["by"] is None and row["replaced_at"] == "2026-01-01T08:00:00" and row["cases"] == 36
    names = [Path(restore_backup(data, made["id"])["kept"]).name for _n in range(3)]
    assert sets(data) == sorted([*names, old.name])  # a set is removed only when asked (``remove_replaced``)
    assert [r["name"] for r in list_replaced(data)] == [*names[::-1], old.name]  # newest first


def test_a_set_with_changes_still_in_its_wal_is_put_back_whole(copy_template, english):
    data = copy_template("plain")
    kept = data / "backups" / "replaced-20260101-080000"
    kept.mkdir(parents=True)
    db = open_db(data)  # a set kept with its -wal (the database could not be checkpointed before the swap)
    db.execute("UPDATE cases SET cause = cause || ? WHERE case_number = ?", [EDIT, CASE])
    for suffix in ("", "-wal"):
        shutil.copy2(f"{data / 'workstation.db'}{suffix}", f"{kept / 'workstation.db'}{suffix}")
    db.execute("UPDATE cases SET cause = replace(cause, ?, '') WHERE case_number = ?", [EDIT, CASE])
    db.conn.close()
    assert (kept / "workstation.db-wal").stat().st_size > 0
    [row] = list_replaced(data)
    assert row["cases"] is None  # not counted from the database alone, which lacks the last changes
    put_back(data, row["name"])
    assert cause(data).endswith(EDIT)
    assert not kept.exists()  # its data is the current data again


def test_put_back_on_the_command_line(capsys, copy_template, english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)
    restore_backup(data, made["id"])
    code, out, err = run(capsys, "--data-dir", data, "backup", "replaced", "--json")
    assert code == 0, err
    [row] = json.loads(out)
    assert {"name", "replaced_at", "by", "size", "cases"} <= set(row) and row["by"] == made["id"]
    code, out, err = run(capsys, "--data-dir", data, "backup", "replaced")
    assert out.startswith(row["name"]) and "36 cases" in out and "kept until removed" in out
    before = data_digest(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "put-back", "replaced-19990101-000000")
    assert (code, out) == (1, "") and len(err.strip().splitlines()) == 1 and "backup replaced" in err
    code, out, err = run(capsys, "--data-dir", data, "backup", "put-back", "../workstation.db")
    assert (code, out) == (1, "") and data_digest(data) == before
    code, out, err = run(capsys, "--data-dir", data, "backup", "put-back", row["name"], "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["put_back"] == row["name"] and Path(result["kept"]).parent == data / "backups"
    assert cause(data).endswith(EDIT)
    code, out, err = run(capsys, "--data-dir", data, "backup", "put-back", Path(result["kept"]).name)
    assert code == 0 and "put back; the data it replaced is kept in" in out and EDIT not in cause(data)


@pytest.mark.gui
def test_the_backup_dialog_lists_the_kept_data_and_puts_it_back(copy_template, qtbot, english):
    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    data = copy_template("plain", "gui")
    window = MainWindow(db=open_db(data), data_dir=data, runner=ImmediateRunner(), prompts=ScriptedPrompts())
    qtbot.addWidget(window)
    try:
        prompts = window.prompts
        backups = window.show_backups()
        backups.buttons["backup_now"].click()
        edit_the_case(data)
        backups.table.selectRow(0)
        prompts.confirm_answer = True
        backups.buttons["restore"].click()
        assert prompts.errors == [] and EDIT not in cause(data)
        dialog = backups.show_replaced()
        assert dialog.table.rowCount() == 1 and not dialog.put_back_button.isEnabled()
        texts = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
        created = backups.rows[0]["created"][:16].replace("T", " ")
        assert texts[1] == f"the backup made {created}" and texts[3] == "36"
        assert "kept until you remove it" in dialog.intro.text()
        dialog.table.selectRow(0)
        prompts.confirm_answer = False
        dialog.put_back_button.click()  # asked first: declined, nothing changes
        assert f"by the backup made {created} (36 cases)?" in prompts.confirmations[-1]
        assert EDIT not in cause(data)
        prompts.confirm_answer = True
        dialog.put_back_button.click()
        assert prompts.errors == [] and cause(data).endswith(EDIT)
        assert window.db.execute("SELECT cause FROM cases WHERE case_number = ?", [CASE]).fetchone()[0].endswith(EDIT)
        assert "is back. The data it replaced is kept in" in prompts.infos[-1]
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 1).text().startswith("putting back the data replaced")
        damage(Path(dialog.rows[0]["path"]) / "workstation.db")
        before = data_digest(data)
        dialog.table.selectRow(0)
        dialog.put_back_button.click()
        assert "the current data was not changed" in prompts.errors[-1] and data_digest(data) == before
        assert window.db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 36  # the window goes on
    finally:
        window.runner.wait()
        window.db.conn.close()
