"""Leftovers of a program killed mid-work, two programs at once, and full or read-only disks (walkthrough 21)."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import data_digest
from tests.helpers import run
from tests.test_register_import import GOOD, register  # noqa: F401  (the fixture writing a register file)
from workstation import records
from workstation.db import open_database, schema
from workstation.db.connection import schema_names
from workstation.errors import DatabaseError, ImportRefused
from workstation.importing.register import import_register
from workstation.paths import backups_dir, database_path
from workstation.security import keyring
from workstation.store import list_cases

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def test_a_register_whose_numbers_another_program_stored_meanwhile_is_refused_and_nothing_imported(
        db, data_dir, register, english):  # noqa: F811
    mine = register(name="mine")
    theirs = register(GOOD[1:2], name="theirs")
    other = open_database(database_path(data_dir))
    wrote = []

    def meanwhile(done, total, text):
        # while this import checks its rows, a second program imports one of the same cases
        if text == "Checking rows" and not wrote:
            wrote.append(import_register(other, theirs).imported)

    try:
        with pytest.raises(ImportRefused) as refused:
            import_register(db, mine, progress=meanwhile)
        assert wrote == [1]
        assert str(refused.value) == (
            "mine.xlsx was not imported: while it was being imported another program stored case number "
            "佛顺市监立〔2026〕101号. Import it again: those rows will then be listed as already stored.")
        assert [c.case_number for c in list_cases(db)] == ["佛顺市监立〔2026〕101号"]
        again = import_register(db, mine)  # imported again, the case stored meanwhile is listed as stored
        assert (again.imported, again.skipped) == (3, 1)
        assert sorted(c.case_number for c in list_cases(db)) == sorted(row[0] for row in GOOD)
    finally:
        other.close()


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_copy_a_killed_migration_left_half_written_is_removed_and_the_next_copy_is_whole(
        data_dir, demo_db, monkeypatch):
    demo_db.conn.close()
    backups = backups_dir(data_dir)
    backups.mkdir()
    dead = dead_pid()
    # what a program killed while copying the database before its migration leaves
    half = [backups / f"before-migration-20261201-100000-000000-{schema_names()[-1]}.db.{dead}.part",
            backups / f"before-migration-20261201-100000-000000-{schema_names()[-1]}.db.{dead}.part-journal"]
    for path in half:
        path.write_bytes(b"")
    running = backups / f"before-migration-20261201-100000-000001-{schema_names()[-1]}.db.{os.getpid()}.part"
    running.write_bytes(b"")  # another program copying now: left alone
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", lambda db: None)])
    open_database(database_path(data_dir)).conn.close()
    names = sorted(p.name for p in backups.iterdir())
    assert len(names) == 2 and running.name in names
    copy = next(backups.glob(f"before-migration-*-{schema_names()[-2]}.db"))
    check = sqlite3.connect(copy)
    try:
        assert check.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 36
    finally:
        check.close()


def test_a_migration_failing_at_every_start_keeps_only_the_newest_three_copies_of_its_schema(
        data_dir, demo_db, monkeypatch):
    demo_db.conn.close()
    backups = backups_dir(data_dir)
    backups.mkdir()
    older = backups / "before-migration-20250101-090000-000000-m001_initial.db"  # a copy before an earlier update
    older.write_bytes(b"kept")

    def broken(database):
        database.execute("ALTER TABLE no_such_table ADD COLUMN x INTEGER")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_broken", broken)])
    times = iter(f"2026-12-01T10:00:0{n}.000000+08:00" for n in range(5))
    monkeypatch.setattr(records, "now", lambda: next(times))
    for _start in range(5):
        with pytest.raises(DatabaseError):
            open_database(database_path(data_dir))
    last = schema_names()[-2]
    assert sorted(p.name for p in backups.iterdir()) == [
        older.name, *(f"before-migration-20261201-10000{n}-000000-{last}.db" for n in (2, 3, 4))]


def leave_killed_encryption(data, pid):
    """What `security encrypt` killed while making its encrypted copy leaves beside the unencrypted data."""
    from workstation.repair import boot_id

    left = [data / "workstation.db.encrypting", data / "workstation.db.encrypting-journal",
            data / "files.encrypting" / "ab" / ("ab" + "0" * 62)]
    for path in left:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half an encrypted copy")
    (data / "workstation.db.encrypting.owner").write_text(json.dumps({"pid": pid, "boot": boot_id()}))
    return left


def test_the_start_after_a_killed_encryption_removes_its_copy_and_says_the_data_is_still_unencrypted(
        capsys, monkeypatch, copy_template, english):
    data = copy_template("plain")
    before = data_digest(data)
    leave_killed_encryption(data, dead_pid())
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    assert (f"Note: Encrypting the data in {data} did not finish (the program was stopped while it made the encrypted "
            f"copy): the data is still unencrypted, as before. The unfinished copy was removed; encrypt the data "
            f"again.") in err
    assert sorted(p.name for p in data.iterdir() if "encrypting" in p.name) == []
    assert keyring.state(data) == "plaintext" and data_digest(data) == before
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "did not finish" not in err  # said once


def test_the_copy_of_an_encryption_still_running_in_another_program_is_left_alone(capsys, monkeypatch,
                                                                                  copy_template, english):
    data = copy_template("plain")
    left = leave_killed_encryption(data, 1)  # process 1 runs: its encryption is at work
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 1 and "is being encrypted by another program (process 1)" in err  # opened only once it is done
    assert all(path.exists() for path in left)


def test_the_next_start_and_backup_check_remove_the_half_written_backup_of_a_killed_backup_and_say_so(
        capsys, monkeypatch, copy_template, english):
    from workstation import backup

    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    folder = backups_dir(data)
    folder.mkdir(exist_ok=True)
    tag = backup._tag(backup._current_station(data) or "", data)
    killed = folder / f"workstation-backup-{tag}-20261201-100000.wsbackup.{dead_pid()}.part"
    running = folder / f"workstation-backup-{tag}-20261201-100001.wsbackup.1.part"  # process 1 backs up now
    for path in (killed, running):
        path.write_bytes(b"half a backup")
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert out.strip() == "No problems found."
    assert (f"Note: 1 partial backup that a backup cut off last time had left in {folder} was removed; the earlier "
            f"backups are intact.") in err
    assert not killed.exists() and running.exists()
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "partial backup" not in err  # said once


def test_the_check_after_a_killed_bundle_export_names_the_export_that_was_cut_off(capsys, monkeypatch, copy_template,
                                                                                  tmp_path, english):
    from tests.backup_fixtures import PROJECT

    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    stick = tmp_path / "stick"
    stick.mkdir()
    # `bundle export` killed once it has begun writing the bundle
    code = ("import os, sys\n"
            "import workstation.bundle\n"
            "workstation.bundle.export_bundle = lambda *args, **kwargs: os._exit(9)\n"
            "from workstation.cli import main\n"
            "main(['--data-dir', sys.argv[1], 'bundle', 'export', '-o', sys.argv[2]])\n")
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_PASSPHRASE"} | {"WORKSTATION_LANG": "en"}
    killed = subprocess.run([sys.executable, "-c", code, str(data), str(stick / "one.bundle")], cwd=PROJECT, env=env,
                            capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert "Cut off when the workstation last stopped without closing: Exporting case bundle." in err


def test_a_backup_whose_copy_cannot_be_written_in_a_read_only_data_directory_says_the_data_directory_must_be_writable(
        capsys, monkeypatch, copy_template, tmp_path, english):
    import sqlite3

    from workstation import backup
    from workstation.backup import backup_settings

    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    usb = tmp_path / "usb"

    def read_only_copy(db, target):  # the copy refused as SQLite refuses it on a read-only disk
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(backup, "_vacuum_into", read_only_copy)
    code, _out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb)
    assert code == 1
    assert (f"The backup was not written: {data / 'backups'} in the data directory is read-only or may not be "
            f"written, and the database is copied there first, whichever backup folder is chosen. Make the data "
            f"directory writable (or copy it to a writable disk), then try again; the earlier backups are intact."
            ) in err
    assert "Choose another folder" not in err
    # the folder the failed backup made for itself is removed again (session 46): nothing of it is left
    assert not usb.exists() and backup_settings(data)["last_backup"] is None


def test_a_command_on_a_full_data_disk_leaves_no_empty_marker_and_says_it_could_not_note_it_has_the_data_open(
        capsys, monkeypatch, copy_template, english):
    import errno
    from pathlib import Path

    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    real = Path.write_text

    def full(self, *args, **kwargs):  # the disk is full: the file is made, its text not written
        if self.name.endswith(".json.part"):
            self.write_bytes(b"")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    monkeypatch.undo()
    assert code == 0, err
    assert (f"Note: The disk holding {data / '.open'} is full: the workstation could not record that it has the data "
            f"open, so a crash now would not be noticed at the next start. Free some space on that disk before "
            f"changing anything.") in err
    assert [p.name for p in (data / ".open").glob("*.part")] == []


def test_a_command_on_an_earlier_versions_data_says_on_stderr_that_it_updates_the_database(capsys, monkeypatch,
                                                                                          copy_template, english):
    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", lambda db: None)])
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    lines = err.splitlines()
    start = (f"Checking the database in {data}, then updating it to this version of the workstation after keeping a "
             f"copy of it in {data / 'backups'}; do not stop the program…")
    assert start in lines and "The database is updated to this version." in lines
    assert lines.index(start) < lines.index("The database is updated to this version.")
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0 and "Updating" not in err  # updated once


def test_the_check_after_a_command_killed_while_updating_the_database_names_the_update(capsys, monkeypatch,
                                                                                      copy_template, english):
    from tests.backup_fixtures import PROJECT

    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    code = ("import os, sys\n"
            "from workstation.db import schema\n"
            "schema.MIGRATIONS = [*schema.MIGRATIONS, ('m999_killed', lambda db: os._exit(9))]\n"
            "from workstation.cli import main\n"
            "main(['--data-dir', sys.argv[1], 'stats'])\n")
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_PASSPHRASE"} | {"WORKSTATION_LANG": "en"}
    killed = subprocess.run([sys.executable, "-c", code, str(data)], cwd=PROJECT, env=env, capture_output=True,
                            text=True)
    assert killed.returncode == 9, killed.stderr
    assert "Checking the database" in killed.stderr
    code, _out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 0, err
    assert "Cut off when the workstation last stopped without closing: Updating the database to this version." in err


@pytest.mark.gui
def test_the_window_shows_a_dialog_while_it_updates_an_earlier_versions_database(copy_template, started, monkeypatch,
                                                                                 english):
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from tests.conftest import ScriptedPrompts

    def shown():
        return [w.labelText() for w in QApplication.topLevelWidgets()
                if isinstance(w, QProgressDialog) and w.isVisible()]

    seen = []
    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", lambda db: seen.append(shown()))])
    window = started(data, ScriptedPrompts())
    assert window is not None
    assert seen == [["Updating the database to this version of the workstation; do not close the program…"]]
    assert shown() == []


def test_a_start_without_an_update_removes_the_half_made_copy_of_a_killed_update_too(capsys, monkeypatch,
                                                                                      copy_template):
    data = copy_template("plain")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    backups_dir(data).mkdir(exist_ok=True)
    half = backups_dir(data) / f"before-migration-20261201-100000-000000-m001_initial.db.{dead_pid()}.part"
    half.write_bytes(b"SQLite format 3\0 half a plaintext copy")
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    assert not half.exists()
