"""Audit 64 (backups): the copy made before an update listed, restored and offered; a backup staged in the chosen
folder when the data disk refuses its copy; the refusals of a full or read-only data disk in the officer's words;
a `demo` killed part way noted as cut-off work."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import run
from tests.test_db_lost import lose_database
from workstation import backup, records
from workstation.db import open_database, schema
from workstation.db.connection import SQLITE_HEADER, NeedsRestore, applied_schema, refuse_lost, schema_names
from workstation.paths import backups_dir, database_path

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
PROJECT = Path(__file__).resolve().parent.parent


def later(db) -> None:
    db.execute("CREATE TABLE later_things (id INTEGER PRIMARY KEY)")


def updated(data: Path, monkeypatch) -> Path:
    """Open ``data`` with one more migration than it has (kept for the rest of the test): the update copies the
    database into backups/ first; returns that copy."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", later)])
    open_database(database_path(data)).conn.close()
    copies = sorted(backups_dir(data).glob("before-migration-*.db"))
    assert len(copies) == 1
    return copies[0]


def cases_in(data: Path) -> int:
    db = open_database(database_path(data))
    try:
        return db.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        db.conn.close()


# 1. the copy made before an update -------------------------------------------------------------------------------
def test_backup_list_shows_the_copy_made_before_an_update_as_a_pre_update_copy(capsys, monkeypatch, copy_template,
                                                                              english):
    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    code, out, err = run(capsys, "--data-dir", data, "backup", "list")
    assert code == 0, err
    assert "No backups." not in out
    line = next(line for line in out.splitlines() if line.startswith(copy.stem))
    assert "pre-update copy" in line
    code, out, err = run(capsys, "--data-dir", data, "backup", "list", "--json")
    rows = json.loads(out)
    row = next(r for r in rows if r["id"] == copy.stem)
    assert row["kind"] == "migration" and row["size"] == copy.stat().st_size and row["created"].startswith("20")
    assert row["path"] == str(copy) and row["valid"]


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_backup_restore_puts_the_pre_update_copy_back_and_it_is_updated_again(capsys, monkeypatch, copy_template,
                                                                             english, how):
    data = copy_template("plain")
    files_before = sorted(p.relative_to(data) for p in (data / "files").rglob("*") if p.is_file())
    copy = updated(data, monkeypatch)
    cases = cases_in(data)
    lose_database(data, how)
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", copy.stem)
    assert code == 0, err
    assert "not a workstation backup" not in err
    db = open_database(database_path(data))
    try:
        assert applied_schema(db) == schema_names()  # updated to this version again
        assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == cases
        assert "later_things" in db.table_names()
    finally:
        db.conn.close()
    # only the database comes back: the stored files stay where they were
    assert sorted(p.relative_to(data) for p in (data / "files").rglob("*") if p.is_file()) == files_before
    assert copy.exists()  # the copy is kept, as a backup is
    # by path too
    lose_database(data, how)
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", copy, "--json")
    assert code == 0, err
    assert cases_in(data) == cases


def test_an_encrypted_pre_update_copy_is_restored_with_the_data_key(capsys, monkeypatch, copy_template, english):
    data = copy_template("encrypted")
    copy = updated(data, monkeypatch)
    assert copy.read_bytes()[:16] != SQLITE_HEADER
    cases = cases_in(data)
    lose_database(data, "deleted")
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", copy.stem)
    assert code == 0, err
    assert database_path(data).read_bytes()[:16] != SQLITE_HEADER  # still encrypted
    assert cases_in(data) == cases


def test_a_pre_update_copy_of_another_station_is_refused_and_nothing_changes(capsys, monkeypatch, copy_template,
                                                                            english):
    data = copy_template("plain")
    other = copy_template("plain", "other")
    copy = updated(other, monkeypatch)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE stations SET id = 'another-station' WHERE role = 'self'")
    conn.commit()
    conn.close()
    before = database_path(data).read_bytes()
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", copy)
    assert code == 1
    assert copy.name in err and "another station" in err
    assert database_path(data).read_bytes() == before


def test_the_refusal_of_a_lost_database_names_the_pre_update_copy_when_there_is_no_backup(monkeypatch, copy_template,
                                                                                         english):
    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    lose_database(data, "deleted")
    with pytest.raises(NeedsRestore) as refused:
        refuse_lost(database_path(data))
    assert refused.value.backup is not None and refused.value.backup["path"] == str(copy)
    assert f"`backup restore {copy.stem}`" in refused.value.message
    assert "There is no backup" not in refused.value.message


def test_a_backup_newer_than_the_pre_update_copy_is_the_one_offered(monkeypatch, copy_template, english):
    data = copy_template("plain")
    updated(data, monkeypatch)
    made = backup_of(data)
    lose_database(data, "emptied")
    with pytest.raises(NeedsRestore) as refused:
        refuse_lost(database_path(data))
    assert refused.value.backup["path"] == made["path"]


@pytest.mark.gui
def test_the_window_offers_the_pre_update_copy_of_a_lost_database_and_opens_it(copy_template, started, monkeypatch,
                                                                               english):
    from tests.conftest import ScriptedPrompts
    from workstation.store import count_cases

    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    lose_database(data, "deleted")
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    window = started(data, prompts)
    assert window is not None and count_cases(window.db) == 36
    assert len(prompts.confirmations) == 1 and copy.name in prompts.confirmations[0]
    assert "before an update" in prompts.confirmations[0]
    assert prompts.errors == []


@pytest.mark.gui
def test_the_backup_dialog_lists_the_pre_update_copy(copy_template, monkeypatch, qtbot, english):
    from types import SimpleNamespace

    from tests.conftest import ScriptedPrompts
    from ui.backup_dialogs import BackupDialog
    from ui.task_runner import ImmediateRunner

    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    host = SimpleNamespace(prompts=ScriptedPrompts(), runner=ImmediateRunner(), data_dir=str(data))
    dialog = BackupDialog(host)
    qtbot.addWidget(dialog)
    states = [dialog.table.item(row, dialog.table.columnCount() - 1).text() for row in range(dialog.table.rowCount())]
    paths = [dialog.rows[row]["path"] for row in range(dialog.table.rowCount())]
    assert str(copy) in paths
    assert states[paths.index(str(copy))] == "pre-update copy"


def test_old_pre_update_copies_are_pruned_to_the_newest_few_whatever_their_schema(data_dir, demo_db, monkeypatch):
    from workstation.db import connection

    demo_db.conn.close()
    backups = backups_dir(data_dir)
    backups.mkdir()
    for n, name in enumerate(("m010_a", "m020_b", "m030_c", "m040_d")):  # one left by each earlier update
        (backups / f"before-migration-2025010{n + 1}-090000-000000-{name}.db").write_bytes(b"old")
    monkeypatch.setattr(records, "now", lambda: "2026-12-01T10:00:00.000000+08:00")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", later)])
    open_database(database_path(data_dir)).conn.close()
    names = sorted(p.name for p in backups.glob("before-migration-*.db"))
    assert len(names) == connection.MIGRATION_COPIES_KEPT
    assert names[-1] == f"before-migration-20261201-100000-000000-{schema_names()[-2]}.db"


# 2. a backup staged in the chosen folder when the data disk refuses the copy ----------------------------------------
def refuse_on_the_data_disk(monkeypatch, data: Path, how: str) -> list[Path]:
    """The data disk full (SQLite's copy refused) or read-only (no folder made there); returns the staged copies
    the backup writes from (where they were, and their first bytes, while there)."""
    import errno

    staged = []
    real_vacuum, real_private, real_write = backup._vacuum_into, backup.make_private_folder, backup.write_archive

    def inside(path: Path) -> bool:
        return Path(path).resolve().is_relative_to(data.resolve())

    def vacuum(db, target):
        if how == "full" and inside(target):
            raise sqlite3.OperationalError("database or disk is full")
        return real_vacuum(db, target)

    def private(folder):
        if how == "read-only" and inside(folder):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_private(folder)

    def write(part, copy, *args, **kwargs):
        staged.append((Path(copy), Path(copy).read_bytes()[:16]))
        return real_write(part, copy, *args, **kwargs)

    monkeypatch.setattr(backup, "_vacuum_into", vacuum)
    monkeypatch.setattr(backup, "make_private_folder", private)
    monkeypatch.setattr(backup, "write_archive", write)
    return staged


@pytest.mark.parametrize("how", ["full", "read-only"])
@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_a_backup_to_another_folder_is_staged_there_when_the_data_disk_refuses(capsys, monkeypatch, copy_template,
                                                                              tmp_path, english, how, kind):
    data = copy_template(kind)
    if kind == "encrypted":
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    usb = tmp_path / "usb"
    usb.mkdir()
    staged = refuse_on_the_data_disk(monkeypatch, data, how)
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb, "--json")
    assert code == 0, err
    made = Path(json.loads(out)["path"])
    assert made.parent == usb and made.is_file()
    [(copy, start)] = staged
    assert copy.resolve().is_relative_to(usb.resolve())  # staged on the stick, not in the data directory
    # an encrypted database's copy is encrypted with the same key: no plaintext on the stick
    assert (start != SQLITE_HEADER) == (kind == "encrypted")
    assert sorted(p.name for p in usb.iterdir()) == [made.name]  # the staging folder went
    monkeypatch.undo()
    if kind == "encrypted":
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "backup", "verify", made)
    assert code == 0, err


def test_a_backup_into_the_data_directory_itself_is_still_refused_when_its_disk_is_full(capsys, monkeypatch,
                                                                                       copy_template, english):
    data = copy_template("plain")
    refuse_on_the_data_disk(monkeypatch, data, "full")
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create")
    assert code == 1
    assert f"the disk holding {data / 'backups'} is full" in err
    assert not list(backups_dir(data).glob("*.wsbackup"))


def test_a_staging_folder_a_killed_backup_left_on_the_stick_is_swept_by_the_next_backup(capsys, monkeypatch,
                                                                                       copy_template, tmp_path,
                                                                                       english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    usb.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    mark = backup._part_mark(data)
    ours = usb / f".workstation-staging-{dead.pid}-{mark}-0123abcd"
    theirs = usb / f".workstation-staging-{dead.pid}-{'f' * 16}-0123abcd"  # another laptop's: never touched
    for folder in (ours, theirs):
        folder.mkdir()
        (folder / "workstation.db").write_bytes(b"SQLite format 3\x00")
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 0, err
    assert not ours.exists() and theirs.exists()


# 6. the refused update on a full disk in the officer's language --------------------------------------------------
def test_an_update_refused_for_a_full_disk_says_why_in_the_officers_words(data_dir, demo_db, monkeypatch, english):
    from workstation.db import connection
    from workstation.errors import DatabaseError

    demo_db.conn.close()

    def full(db, path, target):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"half")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(connection, "_copy_database", full)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", later)])
    with pytest.raises(DatabaseError) as refused:
        open_database(database_path(data_dir))
    assert "(the disk is full)" in refused.value.message
    assert "database or disk is full" not in refused.value.message


# 7. the read-only disk refusal names the data folder --------------------------------------------------------------
def test_a_change_refused_on_a_read_only_disk_names_the_data_folder(data_dir, monkeypatch, english):
    from workstation.data_folder import read_only_disk_message
    from workstation.db import connection

    monkeypatch.setattr(connection, "on_read_only_disk", lambda path: True)
    refusal = connection.known_failure(sqlite3.OperationalError("attempt to write a readonly database"),
                                       database_path(data_dir))
    assert str(data_dir) in refusal.message and "read-only disk" in refusal.message
    assert str(data_dir) in read_only_disk_message(data_dir)


# 8. a `demo` killed part way -------------------------------------------------------------------------------------
def test_a_demo_killed_part_way_is_said_by_backup_check_and_the_next_demo_completes_it(capsys, data_dir, english):
    from workstation.demo import demo_cut_off

    code, _out, err = run(capsys, "--data-dir", data_dir, "init", "--plaintext", "--agency", "440605")
    assert code == 0, err
    code = ("import os, sys\n"
            "import workstation.demo\n"
            "workstation.demo._load_complaints = lambda *args, **kwargs: os._exit(9)\n"
            "from workstation.cli import main\n"
            "main(['--data-dir', sys.argv[1], 'demo'])\n")
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_PASSPHRASE"} | {"WORKSTATION_LANG": "en"}
    killed = subprocess.run([sys.executable, "-c", code, str(data_dir)], cwd=PROJECT, env=env, capture_output=True,
                            text=True)
    assert killed.returncode == 9, killed.stderr
    db = open_database(database_path(data_dir))
    try:
        assert demo_cut_off(db)
    finally:
        db.conn.close()
    code, _out, err = run(capsys, "--data-dir", data_dir, "backup", "check")
    assert code == 0, err
    # the complaints' stage named with the load, saying that `demo` again adds them (tests/test_s67_crash_notes.py)
    assert ("Cut off when the workstation last stopped without closing: Loading demo data; Adding the demo's "
            "complaints (not finished: run `demo` again to add them).") in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "demo")
    assert code == 0, err
    db = open_database(database_path(data_dir))
    try:
        assert not demo_cut_off(db)
    finally:
        db.conn.close()


@pytest.mark.gui
def test_the_start_says_what_a_cut_off_demo_load_kept(english):
    from ui.backup_dialogs import CUT_OFF_OTHER, cut_off_kept

    said = cut_off_kept("Loading demo data")
    assert said != CUT_OFF_OTHER and "load the demo again" in said


# the final read's mends -------------------------------------------------------------------------------------------
def named_stored(data: Path) -> list[Path]:
    """The stored files of ``data`` its database names."""
    from workstation.filestore import named_files

    db = open_database(database_path(data))
    try:
        named = named_files(db)
    finally:
        db.conn.close()
    return sorted(p for p in (data / "files").glob("*/*") if p.name in named)


def test_a_restored_pre_update_copy_takes_its_files_back_from_the_data_a_restore_kept_aside(capsys, monkeypatch,
                                                                                            copy_template, english):
    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    stored = named_stored(data)
    assert len(stored) >= 2
    # a restore of an earlier backup took one of them aside with the data it replaced; another is gone altogether
    aside, gone = stored[0], stored[1]
    kept = backups_dir(data) / "replaced-20260101-090000" / "files" / aside.parent.name
    kept.mkdir(parents=True)
    os.replace(aside, kept / aside.name)
    gone.unlink()
    lose_database(data, "deleted")
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", copy.stem, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert aside.is_file()  # back where the restored records look for it
    assert [found["sha256"] for found in result["missing_files"]] == [gone.name]
    assert "not in the data folder, nor in the data kept aside by restores" in result["advice"]
    code, _out, err = run(capsys, "--data-dir", data, "backup", "check", "--full")
    assert aside.name[:12] not in err


def test_the_restore_of_a_pre_update_copy_warns_not_to_remove_the_files_added_since(capsys, monkeypatch,
                                                                                   copy_template, english):
    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    added = data / "files" / "ab" / ("ab" + "0" * 62)  # evidence added after the update: no record of the copy names it
    added.parent.mkdir(exist_ok=True)
    added.write_bytes(b"evidence added after the update")
    lose_database(data, "deleted")
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", copy.stem)
    assert code == 0, err
    assert f"files/ab/{added.name}" in out
    assert "do not remove it (--remove-unnamed)" in out
    assert added.is_file()


def test_failed_updates_never_prune_the_copy_made_before_an_earlier_update(data_dir, demo_db, monkeypatch):
    from workstation.errors import WorkstationError

    demo_db.conn.close()
    backups = backups_dir(data_dir)
    backups.mkdir()
    earlier = [backups / f"before-migration-2025010{n + 1}-090000-000000-{name}.db"
               for n, name in enumerate(("m010_a", "m020_b", "m030_c"))]
    for path in earlier:
        path.write_bytes(b"old")

    def failing(db):
        raise RuntimeError("this update fails")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_fails", failing)])
    for n in range(3):  # the update fails at three starts
        monkeypatch.setattr(records, "now", lambda n=n: f"2026-12-0{n + 1}T10:00:00.000000+08:00")
        with pytest.raises((WorkstationError, RuntimeError)):
            open_database(database_path(data_dir))
    assert all(path.exists() for path in earlier)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:-1], ("m999_fails", later)])
    monkeypatch.setattr(records, "now", lambda: "2026-12-05T10:00:00.000000+08:00")
    open_database(database_path(data_dir)).conn.close()  # it succeeds at last
    names = sorted(p.name for p in backups.glob("before-migration-*.db"))
    # the newest copy of this update, and those made before the two updates before it
    assert names == [earlier[1].name, earlier[2].name,
                     f"before-migration-20261205-100000-000000-{schema_names()[-2]}.db"]


def test_a_refused_pre_update_copy_gives_way_to_the_latest_backup_at_the_start(monkeypatch, copy_template, english):
    from tests.conftest import ScriptedPrompts
    from ui.backup_dialogs import offer_lost_restore

    data = copy_template("plain")
    made = backup_of(data)
    copy = updated(data, monkeypatch)  # newer than the backup
    # sound, but written by a newer version, which only the restore's check finds (a copy the quick check finds damaged
    # is never offered: ``NeedsRestore``, test_s65_safety)
    conn = sqlite3.connect(copy)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('workstation', "
                 "'m999_from_a_newer_version', '2027-01-01')")
    conn.commit()
    conn.close()
    lose_database(data, "deleted")
    with pytest.raises(NeedsRestore) as refused:
        refuse_lost(database_path(data))
    assert refused.value.backup["path"] == str(copy)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    assert offer_lost_restore(None, refused.value, data, prompts) == "restored"
    assert len(prompts.confirmations) == 1 and Path(made["path"]).name in prompts.confirmations[0]
    assert copy.name in prompts.confirmations[0]  # why the copy is not the one offered
    assert prompts.errors == []


def test_the_check_of_a_pre_update_copy_refuses_one_its_update_would_refuse(monkeypatch, copy_template, english):
    from workstation.backup_restore import check_restorable

    data = copy_template("plain")
    copy = updated(data, monkeypatch)

    def failing(db):
        raise sqlite3.OperationalError("no such table: things_only_later_versions_have")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:-1], ("m999_later", failing)])
    with pytest.raises(backup.BackupRefused) as refused:
        check_restorable(data, copy)
    assert copy.name in refused.value.message and "could not be updated to this version" in refused.value.message


def test_the_pre_update_copies_are_listed_while_the_chosen_backup_folder_is_unplugged(capsys, monkeypatch,
                                                                                      copy_template, tmp_path,
                                                                                      english):
    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.save_backup_settings(data, folder=str(usb))
    usb.rmdir()  # the stick unplugged
    code, out, err = run(capsys, "--data-dir", data, "backup", "list")
    assert code == 0, err
    assert copy.stem in out and f"The backup folder {usb} is not available" in out
    rows = backup.list_backups(data)
    assert [r["path"] for r in rows] == [str(copy)]


# the second read's mends ------------------------------------------------------------------------------------------
def test_the_copy_an_update_just_made_is_kept_when_earlier_copies_are_dated_later(data_dir, demo_db, monkeypatch):
    """The clock set back after it ran ahead: the copies of earlier updates carry later times than the one just
    made; they are ranked by their schema, never by the time in their name, and the copy just made always stays."""
    from workstation.db import connection

    demo_db.conn.close()
    backups = backups_dir(data_dir)
    backups.mkdir()
    names = schema_names()
    earlier = [backups / f"before-migration-2027010{n + 1}-090000-000000-{name}.db"
               for n, name in enumerate(names[-4:-1])]  # the three updates before this one, the clock ahead then
    for path in earlier:
        path.write_bytes(b"old")
    monkeypatch.setattr(records, "now", lambda: "2026-12-01T10:00:00.000000+08:00")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", later)])
    open_database(database_path(data_dir)).conn.close()
    left = sorted(p.name for p in backups.glob("before-migration-*.db"))
    made = f"before-migration-20261201-100000-000000-{names[-1]}.db"
    assert made in left
    assert len(left) == connection.MIGRATION_COPIES_KEPT
    assert sorted([made, earlier[1].name, earlier[2].name]) == left  # the copy of the oldest schema went


def test_a_pre_update_copy_restores_unencrypted_data_without_a_keyring_whose_database_is_lost(capsys, monkeypatch,
                                                                                             copy_template, english):
    from workstation.security import keyring

    data = copy_template("plain")
    (data / "keyring.json").unlink(missing_ok=True)  # as `demo` without a passphrase makes it
    assert keyring.load(data) is None
    copy = updated(data, monkeypatch)
    cases = cases_in(data)
    lose_database(data, "deleted")
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", copy.stem)
    assert code == 0, err
    assert cases_in(data) == cases


def test_a_pre_update_copy_from_elsewhere_into_new_data_is_still_refused(capsys, monkeypatch, copy_template,
                                                                         tmp_path, english):
    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    new = tmp_path / "new"
    code, _out, err = run(capsys, "--data-dir", new, "backup", "restore", copy)
    assert code == 1
    assert "not into a new one" in err
    assert not database_path(new).exists()


def test_a_pre_update_copy_of_another_station_is_refused_when_the_lost_database_cannot_say_its_station(
        capsys, monkeypatch, copy_template, english):
    """Its database lost and no backup.json: the station's own key files tell the copy of another station."""
    s1 = copy_template("plain", "s1")
    s2 = copy_template("plain", "s2")
    copy = updated(s1, monkeypatch)
    for name in ("workstation.db-wal", "workstation.db-shm"):
        (s2 / name).unlink(missing_ok=True)
    conn = sqlite3.connect(copy)  # s1 is a station of its own: its id and keys are not s2's
    conn.execute("UPDATE stations SET id = 'station-one', sign_key = 'c2lnbg==', box_key = 'Ym94' "
                 "WHERE role = 'self'")
    conn.execute("UPDATE settings SET value = 'station-one' WHERE key = 'station_id'")
    conn.commit()
    conn.close()
    lose_database(s2, "deleted")
    backup.settings_path(s2).unlink(missing_ok=True)
    assert backup._current_station(s2) is None
    code, _out, err = run(capsys, "--data-dir", s2, "backup", "restore", copy)
    assert code == 1
    assert copy.name in err and "another station" in err
    assert not database_path(s2).exists()


def test_a_staging_folder_left_while_backup_json_could_not_keep_a_mark_is_swept_once_it_keeps_one(
        capsys, monkeypatch, copy_template, tmp_path, english):
    """The first backup ever made while backup.json could not be saved (its mark the data folder's on this
    computer), killed with its staged copy on the stick: a later backup, which saves a mark, sweeps it."""
    data = copy_template("plain")
    backup.settings_path(data).unlink(missing_ok=True)
    usb = tmp_path / "usb"
    usb.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = usb / f".workstation-staging-{dead.pid}-{backup._unsaved_mark(data)}-0123abcd"
    left.mkdir()
    (left / "workstation.db").write_bytes(b"SQLite format 3\x00")  # an unencrypted copy of the data
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 0, err
    assert backup.backup_settings(data)["part_mark"] not in (None, backup._unsaved_mark(data))
    assert not left.exists()


def test_a_cut_off_pre_update_copy_restore_finished_at_the_next_start_warns_of_the_files(capsys, monkeypatch,
                                                                                         copy_template, english):
    from workstation import backup_restore, repair

    data = copy_template("plain")
    copy = updated(data, monkeypatch)
    stored = named_stored(data)
    gone = stored[0]
    gone.unlink()
    added = data / "files" / "ab" / ("ab" + "0" * 62)
    added.parent.mkdir(exist_ok=True)
    added.write_bytes(b"evidence added after the update")
    lose_database(data, "deleted")

    class CutOff(BaseException):
        pass

    def cut(*args, **kwargs):
        raise CutOff

    with monkeypatch.context() as patch:
        patch.setattr(backup_restore, "_after_swap", cut)
        with pytest.raises(CutOff):
            backup.restore_backup(data, copy.stem)
    repair.swept()
    assert backup_restore.recover(data)
    said = "\n".join(repair.swept())
    assert "was cut off after it had replaced the data" in said
    assert "1 stored file that the restored records name is not in the data folder" in said  # ``gone``
    assert f"files/ab/{added.name}" in said and "do not remove it (--remove-unnamed)" in said
