"""A stored file no record names — left by a program killed between putting it into the file store and committing
its record (an evidence add, a bundle's merge) — is found by the full check (a note, not damage) and removed only when
asked (``backup check --full --remove-unnamed``, the window's offer), never copied into a backup; a file a record
names — of the backup's own database copy, of data restored meanwhile — or one a running program may be adding, is
never removed nor left out of a backup."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, full_check_of, open_db
from tests.test_crash14 import consistent, killed, posix
from tests.test_full_disk import run
from workstation.repair import UnnamedFiles

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def stored(data: Path) -> set[str]:
    return {p.name for p in (data / "files").glob("*/*") if not p.name.endswith(".part")}


def named(data: Path) -> set[str]:
    db = open_db(data)
    try:
        return {r[0] for r in db.execute("SELECT sha256 FROM files")}
    finally:
        db.conn.close()


def backed_up(path: str) -> set[str]:
    from workstation.backup_format import read_header, read_payload
    from workstation.progress import no_progress

    header = read_header(Path(path))
    manifest = read_payload(Path(path), header, None, None, no_progress, None)
    names = manifest.get("members", manifest) if isinstance(manifest, dict) else manifest
    return {Path(name).name for name in names if str(name).startswith("files/")}


def killed_adding(data: Path, tmp_path: Path) -> Path:
    """An evidence add killed once its file is in the store, before its record is committed; the file it left,
    dated an hour back (the program was killed before this one started)."""
    recording = tmp_path / "通话录音.wav"
    recording.write_bytes(b"RIFF" + os.urandom(64 * 1024))
    before = stored(data)
    killed("workstation.filestore.register_file:1", "--data-dir", data, "evidence", "add", backup_fixtures.OPEN_CASE,
           recording, "--kind", "recording")
    left = stored(data) - before
    assert len(left) == 1 and not left & named(data)
    (orphan,) = left
    path = data / "files" / orphan[:2] / orphan
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    return path


@posix
def test_the_full_check_finds_the_file_a_killed_add_left_and_its_repair_removes_only_it(copy_template, tmp_path,
                                                                                     capsys, english):
    data = copy_template("plain")
    orphan = killed_adding(data, tmp_path)
    kept = named(data)
    assert kept and kept <= stored(data)
    found = [p for p in full_check_of(data) if isinstance(p, UnnamedFiles)]
    assert len(found) == 1 and "1 stored file" in found[0] and "--remove-unnamed" in found[0]
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--remove-unnamed")
    assert code == 0, out + err
    assert "removed: 1" in out
    assert not orphan.exists()
    assert stored(data) == kept == named(data)
    assert not full_check_of(data)
    consistent(data)


@posix
def test_the_start_after_the_crash_leaves_the_file_the_check_reports_it_and_removal_is_on_request(
        copy_template, tmp_path, capsys, english):
    from workstation.repair import stopped_without_closing, unrepaired

    data = copy_template("plain")
    orphan = killed_adding(data, tmp_path)
    kept = named(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")  # the check after the unclean shutdown
    assert code == 0, out + err
    assert orphan.exists()  # nothing removed at the start: only when asked
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full")
    assert code == 0, out + err  # not damage: a note, the data not marked unrepaired
    assert "No problems found." in out and "1 stored file" in out and "--remove-unnamed" in out
    assert unrepaired(data) is None and not stopped_without_closing(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] is True and result["problems"] == [] and len(result["notes"]) == 1
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--remove-unnamed")
    assert code == 0, out + err
    assert not orphan.exists() and stored(data) == kept
    consistent(data)


def test_files_the_removal_had_to_leave_are_said_not_an_error(copy_template, capsys, english):
    data = copy_template("plain")
    fresh = data / "files" / "ab" / ("ab" * 32)  # changed after this program started: a program may be adding it
    fresh.parent.mkdir(exist_ok=True)
    fresh.write_bytes(b"being added")
    code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full", "--remove-unnamed")
    assert code == 0, out + err
    assert fresh.exists()
    assert "left 1" in out or "1 stored file no record names was left" in out
    assert "Error" not in err


def test_a_file_the_backups_own_database_copy_names_is_in_the_backup(copy_template, tmp_path, monkeypatch, english):
    """Another program commits the record naming a new file after the backup began but before its database copy:
    the copy names the file, so the backup carries it (its verify and restore would not notice the loss)."""
    import hashlib

    from workstation import backup, filestore

    data = copy_template("plain")
    payload = b"evidence being added by the window " + os.urandom(16)
    digest = hashlib.sha256(payload).hexdigest()
    filestore._put(data, payload, digest, flush=True)  # in the store, its record not yet committed
    copy_database = backup._copy_database

    def committed_first(db, staging, key, meter=None):
        other = open_db(data)
        try:
            with other.atomic():
                filestore.register_file(other, digest, len(payload), "text/plain")
        finally:
            other.conn.close()
        return copy_database(db, staging, key, meter)

    monkeypatch.setattr(backup, "_copy_database", committed_first)
    made = backup_of(data, folder=tmp_path / "backups")
    carried = backed_up(made["path"])
    assert digest in carried
    assert carried == named(data) and made["files"] == len(named(data))


def test_the_removal_stops_when_the_data_is_replaced_meanwhile(copy_template, monkeypatch, english):
    """A restore swapping the database in while the removal runs: the files the restored database names are not
    taken for unnamed ones of the data it replaced."""
    from workstation import filestore
    from workstation.errors import WorkstationError
    from workstation.paths import database_path
    from workstation.repair import remove_unnamed_files

    data = copy_template("plain")
    old = data / "files" / "cd" / ("cd" * 32)
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"named by the restored data")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    listed = filestore.unnamed_files

    def restored_meanwhile(db, data_dir):
        found = listed(db, data_dir)
        copy = data / "restored.db"
        source = open_db(data)
        try:
            source.execute("VACUUM INTO ?", [str(copy)])
        finally:
            source.conn.close()
        import sqlite3

        conn = sqlite3.connect(copy)
        conn.execute("INSERT INTO files (sha256, size, media_type, created_at) VALUES (?, 26, 'text/plain', "
                     "'2026-01-01T00:00:00')", ["cd" * 32])
        conn.commit()
        conn.close()
        os.replace(copy, database_path(data))
        return found

    monkeypatch.setattr(filestore, "unnamed_files", restored_meanwhile)
    db = open_db(data)
    try:
        with pytest.raises(WorkstationError, match="the data was replaced meanwhile"):
            remove_unnamed_files(db, data)
    finally:
        db.conn.close()
    assert old.exists()


@posix
def test_a_backup_does_not_carry_a_file_no_record_names(copy_template, tmp_path, english):
    data = copy_template("plain")
    orphan = killed_adding(data, tmp_path)
    made = backup_of(data, folder=tmp_path / "backups")
    carried = backed_up(made["path"])
    assert orphan.name not in carried
    assert carried == named(data) and made["files"] == len(named(data))


def test_a_file_this_process_may_be_adding_is_left_alone(copy_template, tmp_path, english):
    from workstation.repair import remove_unnamed_files

    data = copy_template("plain")
    kept = named(data)
    digest = "ab" * 32  # put into the store now, its record not yet committed
    fresh = data / "files" / "ab" / digest
    fresh.parent.mkdir(exist_ok=True)
    fresh.write_bytes(b"being added")
    old = data / "files" / "cd" / ("cd" * 32)  # left by a program killed an hour ago
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"left behind")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    found = [p for p in full_check_of(data) if isinstance(p, UnnamedFiles)]
    assert len(found) == 1 and "2 stored files" in found[0]
    db = open_db(data)
    try:
        result = remove_unnamed_files(db, data)
    finally:
        db.conn.close()
    assert result == {"removed": 1, "freed": len(b"left behind"), "left": 1}
    assert fresh.exists() and not old.exists() and not old.parent.exists()
    assert kept <= stored(data) and named(data) == kept


def test_a_file_held_already_is_named_again_with_its_time_set_to_now(copy_template, english):
    from workstation import filestore

    data = copy_template("plain")
    digest = next(iter(named(data)))
    path = filestore.file_path(data, digest)
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    assert filestore.kept_already(path)
    assert path.stat().st_mtime > an_hour_ago + 60  # a removal of unnamed files running now leaves it alone
    path.unlink()
    assert not filestore.kept_already(path)  # removed meanwhile: written again


def test_a_backup_folder_made_for_a_failed_backup_is_removed_again(copy_template, tmp_path, monkeypatch, english):
    from workstation import backup
    from workstation.errors import WorkstationError

    data = copy_template("plain")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "write_archive", full)
    folder = tmp_path / "新建备份"
    with pytest.raises(WorkstationError):
        backup_of(data, folder=folder)
    assert not folder.exists()
    there = tmp_path / "已有备份"
    there.mkdir()
    with pytest.raises(WorkstationError):
        backup_of(data, folder=there)
    assert there.is_dir()  # a folder that was there before stays


def old_orphan(data: Path) -> Path:
    """A stored file no record names, left by a program killed an hour ago."""
    path = data / "files" / "cd" / ("cd" * 32)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"left behind")
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))
    return path


def test_the_window_offers_to_remove_them_and_never_says_to_restore(window_on, english):
    from ui.backup_dialogs import BackupDialog

    window = window_on("plain")
    orphan = old_orphan(window.data_dir)
    window.prompts.confirm_answer = True
    BackupDialog(window, window).check_integrity()
    assert window.prompts.errors == []
    [asked] = window.prompts.confirmations
    assert "Restore" not in asked and "1 stored file" in asked and "Remove" in asked
    assert not orphan.exists()
    [told] = window.prompts.infos
    assert "1 stored file" in told and "removed" in told
    assert full_check_of(window.data_dir) == []


def test_the_window_leaves_them_when_told_no(window_on, english):
    from ui.backup_dialogs import BackupDialog

    window = window_on("plain")
    orphan = old_orphan(window.data_dir)
    window.prompts.confirm_answer = False
    BackupDialog(window, window).check_integrity()
    assert window.prompts.errors == [] and len(window.prompts.confirmations) == 1
    assert orphan.exists()


def test_the_window_offers_both_the_rebuild_and_the_removal(window_on, english):
    from tests.test_s45_checks_compaction import CASES, damage_index
    from ui.backup_dialogs import BackupDialog

    window = window_on("plain")
    orphan = old_orphan(window.data_dir)
    damage_index(window.data_dir, CASES)
    window.prompts.confirm_answer = True
    BackupDialog(window, window).check_integrity()
    assert window.prompts.errors == []
    rebuild, remove = window.prompts.confirmations
    assert "Rebuild the search indexes" in rebuild and "Remove" in remove and "Restore" not in remove
    assert not orphan.exists() and full_check_of(window.data_dir) == []


def test_a_restore_from_the_command_line_marks_the_data_open_while_it_swaps_it(copy_template, tmp_path, capsys,
                                                                              monkeypatch, english):
    """So that the removal of the stored files no record names, run by another program, is refused meanwhile."""
    from workstation import backup_restore
    from workstation.repair import MARKER

    data = copy_template("plain")
    made = backup_of(data, folder=tmp_path / "backups")
    swap_in = backup_restore._swap_in
    seen = []

    def swapping(data_dir, *args, **kwargs):
        seen.append((Path(data_dir) / MARKER / f"{os.getpid()}.json").is_file())
        return swap_in(data_dir, *args, **kwargs)

    monkeypatch.setattr(backup_restore, "_swap_in", swapping)
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["path"])
    assert code == 0, out + err
    assert seen == [True]
    assert not (data / MARKER / f"{os.getpid()}.json").exists()  # closed again
