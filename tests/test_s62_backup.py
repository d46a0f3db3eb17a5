"""Audit s62 (backup): the data a restore puts aside is never removed behind the officer's back, only when asked;
a restore cut off after its swap says where the current data was kept; Ctrl+C while the database is copied into a
backup is an interrupt, not a database error; two data folders of one station writing to the same backup folder
never rotate away each other's backups (backups of earlier versions, which do not say their folder, are kept when
they cannot be told apart)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import CASE, backup_of, open_db
from tests.test_backup import padded, run
from tests.test_undo_restore10 import EDIT, edit_the_case
from workstation import backup_restore
from workstation.backup import create_backup, list_backups
from workstation.backup_format import encode_header, read_header
from workstation.repair import mark_closed, mark_open, swept

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def holds_the_edit(folder: Path) -> bool:  # the work ``edit_the_case`` did
    db = open_db(folder)
    try:
        return db.execute("SELECT cause FROM cases WHERE case_number = ?", [CASE]).fetchone()[0].endswith(EDIT)
    finally:
        db.conn.close()


def sets(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "backups").glob("replaced-*"))


# 1. the data a restore puts aside ---------------------------------------------------------------------------------
def test_newer_work_put_aside_by_a_restore_survives_later_restores(capsys, copy_template, english):
    data = copy_template("plain")
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--keep", "1", "--json")
    assert code == 0, err
    made = json.loads(out)
    edit_the_case(data)  # work no backup holds
    kept = []
    for _n in range(5):
        code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"], "--json")
        assert code == 0, err
        result = json.loads(out)
        kept.append(Path(result["kept"]))
        assert result["removed_replaced"] == []
    assert sets(data) == sorted(k.name for k in kept)  # none removed behind the officer's back
    assert holds_the_edit(kept[0])
    code, out, err = run(capsys, "--data-dir", data, "backup", "replaced")
    assert code == 0, err
    assert "removed after the next restore" not in out and "backup remove-replaced" in out
    code, out, err = run(capsys, "--data-dir", data, "backup", "replaced", "--json")
    assert len(json.loads(out)) == 5


def test_a_set_is_removed_only_when_asked_and_the_removal_is_said(capsys, copy_template, english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"], "--json")
    kept = Path(json.loads(out)["kept"])
    code, out, err = run(capsys, "--data-dir", data, "backup", "remove-replaced", "replaced-20000101-000000")
    assert code == 1 and "replaced-20000101-000000" in err and kept.is_dir()
    code, out, err = run(capsys, "--data-dir", data, "backup", "remove-replaced", kept.name)
    assert code == 0, err
    assert kept.name in out and "removed" in out and "36 cases" in out
    assert not kept.exists() and sets(data) == []
    assert not list((data / "backups").glob(".restore-*"))
    db = open_db(data)  # the removal is in the audit log, with what was removed
    try:
        row = db.execute("SELECT entity, entity_id FROM audit WHERE action = 'remove_replaced'").fetchone()
    finally:
        db.conn.close()
    assert row == ("database", kept.name)


def test_the_put_back_keeps_every_set_too(copy_template, english):
    from workstation.backup import restore_backup
    from workstation.backup_replaced import put_back

    data = copy_template("plain")
    made = backup_of(data, keep=1)
    edit_the_case(data)
    first = Path(restore_backup(data, made["id"])["kept"])
    for _n in range(4):
        restore_backup(data, made["id"])
    result = put_back(data, first.name)
    assert result["removed"] == [] and holds_the_edit(data)
    assert len(sets(data)) == 5


# 2. a restore cut off after its swap ------------------------------------------------------------------------------
def test_a_restore_cut_off_after_the_swap_says_where_the_data_was_kept(capsys, copy_template, monkeypatch, english):
    data = copy_template("plain")
    made = backup_of(data)
    edit_the_case(data)

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(backup_restore, "keep_numbers", ctrl_c)  # after the swap, before the journal goes
        code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made["id"])
    assert code == 130
    [kept] = sets(data)
    assert kept in err and "next" in err and "running the command again" not in err
    assert (data / "backups" / "restore-journal.json").exists()
    swept()
    mark_open(data)  # the next start finishes it
    mark_closed(data)
    said = "\n".join(swept())
    assert "was finished now" in said and str(data / "backups" / kept) in said
    assert holds_the_edit(data / "backups" / kept) and not holds_the_edit(data)


# 3. Ctrl+C while the database is copied ---------------------------------------------------------------------------
def test_ctrl_c_while_the_database_is_copied_is_an_interrupt(copy_template, english):
    from workstation.progress import CancelToken

    data = copy_template("plain")
    padded(data)
    copying = []

    class CtrlC(CancelToken):
        """Ctrl+C pressed while SQLite copies the database: Python raises it in the next callback that runs."""

        def check(self):
            if copying and len(copying) == 1 and (data / "backups").is_dir() and \
                    list((data / "backups").glob(".staging-*/workstation.db")):
                copying.append(True)
                raise KeyboardInterrupt
            super().check()

    def progress(done, total, message):
        if message == "Copying the database" and not copying:
            copying.append(True)

    db = open_db(data)
    try:
        with pytest.raises(KeyboardInterrupt):
            create_backup(db, data, progress=progress, cancel=CtrlC())
    finally:
        db.conn.close()
    assert len(copying) == 2  # raised while the copy was being written
    assert not list((data / "backups").iterdir())


# 4. two data folders of one station -------------------------------------------------------------------------------
def twin(capsys, data: Path, tmp_path: Path) -> Path:
    """A second data folder of the same station: the data restored from a backup into a new folder."""
    made = backup_of(data)
    other = tmp_path / "n5"
    code, out, err = run(capsys, "--data-dir", other, "backup", "restore", made["path"], "--plaintext")
    assert code == 0, err
    return other


def test_two_folders_of_one_station_keep_each_others_backups(capsys, copy_template, tmp_path, english):
    data = copy_template("plain")
    other = twin(capsys, data, tmp_path)
    usb = tmp_path / "usb2"
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb, "--keep", "1", "--json")
    assert code == 0, err
    first = json.loads(out)
    code, out, err = run(capsys, "--data-dir", other, "backup", "create", "--folder", usb, "--keep", "1", "--json")
    assert code == 0, err
    assert Path(first["path"]).is_file()
    # kept, said by `backup list`, not at each backup
    assert [r["id"] for r in list_backups(other, usb) if r["other_folder"]] == [first["id"]]
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", usb, "--keep", "1", "--json")
    second = json.loads(out)
    assert second["removed"] == [first["id"]]  # its own older one goes, as before
    assert len(list_backups(data, usb)) == 2
    assert read_header(Path(second["path"]))["data_mark"]


def earlier_version(path: Path) -> None:
    """Rewrite the backup's header as an earlier version wrote it: without the data folder's mark."""
    header = read_header(path)
    header.pop("data_mark")
    header.pop("check")
    with open(path, "r+b") as fh:
        fh.write(encode_header(header))


def test_backups_of_an_earlier_version_are_kept_when_they_cannot_be_told_apart(capsys, copy_template, tmp_path,
                                                                              english):
    data = copy_template("plain")
    other = twin(capsys, data, tmp_path)
    usb = tmp_path / "usb2"
    old = backup_of(data, folder=usb, keep=1)
    earlier_version(Path(old["path"]))
    assert "data_mark" not in read_header(Path(old["path"]))
    # the other folder cannot tell it apart from its own: kept
    made = backup_of(other, folder=usb, keep=1)
    assert made["removed"] == [] and Path(old["path"]).is_file()
    # the folder whose audit log records making it rotates it as before
    made = backup_of(data, folder=usb, keep=1)
    assert made["removed"] == [old["id"]] and not Path(old["path"]).exists()


@pytest.mark.gui
def test_the_window_promises_to_keep_the_sets_and_removes_one_only_when_asked(window_on, english):
    window = window_on("plain")
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert not prompts.errors, prompts.errors
    replaced = dialog.show_replaced() or dialog.replaced_dialog
    assert "removed after" not in replaced.intro.text() and "until you remove it" in replaced.intro.text()
    [row] = replaced.rows
    replaced.table.selectRow(0)
    prompts.confirm_answer = False
    replaced.remove()
    assert Path(row["path"]).is_dir() and len(replaced.rows) == 1
    prompts.confirm_answer = True
    replaced.remove()
    assert not prompts.errors, prompts.errors
    assert not Path(row["path"]).exists() and replaced.rows == []
    assert row["name"] in prompts.infos[-1] and "removed" in prompts.infos[-1]


# 5. (final read) encrypting one folder, a mark not saved, the other folder's backups said where they are listed ---
def test_encrypting_one_folder_leaves_the_other_folder_s_backups(capsys, copy_template, tmp_path, english):
    from workstation.backup import plaintext_backups, plaintext_left_note, remove_plaintext_backups

    data = copy_template("plain")
    other = twin(capsys, data, tmp_path)
    usb = tmp_path / "usb2"
    theirs = backup_of(data, folder=usb, keep=5)
    old = backup_of(data, folder=usb, keep=5)
    earlier_version(Path(old["path"]))  # of an earlier version: made by ``data``, which its audit log records
    own = backup_of(other, folder=usb, keep=5)
    found = [p.resolve() for p in plaintext_backups(other)]
    assert Path(own["path"]).resolve() in found
    assert Path(theirs["path"]).resolve() not in found and Path(old["path"]).resolve() not in found
    remove_plaintext_backups(other, found=found)
    assert Path(theirs["path"]).is_file() and Path(old["path"]).is_file() and not Path(own["path"]).exists()
    note = plaintext_left_note(other)
    assert Path(theirs["path"]).name in note and Path(old["path"]).name in note
    # the folder that made them finds them its own
    mine = [p.resolve() for p in plaintext_backups(data)]
    assert Path(theirs["path"]).resolve() in mine and Path(old["path"]).resolve() in mine


def test_a_mark_that_could_not_be_saved_is_not_written_into_the_backup(copy_template, monkeypatch, english):
    import errno

    from workstation import backup

    data = copy_template("plain")
    assert backup.backup_settings(data)["part_mark"] is None
    real, failed = backup.write_whole, []

    def disk_full_once(path, *args, **kwargs):
        if Path(path).name == "backup.json" and not failed:
            failed.append(path)
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(backup, "write_whole", disk_full_once)
    first = backup_of(data, keep=1)
    assert failed and backup.backup_settings(data)["part_mark"] is None
    assert "data_mark" not in read_header(Path(first["path"]))
    second = backup_of(data, keep=1)  # the mark saved now: the first, made here, is rotated as this folder's
    assert read_header(Path(second["path"]))["data_mark"] == backup.backup_settings(data)["part_mark"]
    assert second["removed"] == [first["id"]] and not second.get("other_folders")


def test_the_other_folder_s_backups_are_said_where_backups_are_listed_not_at_each_backup(capsys, copy_template,
                                                                                        tmp_path, english):
    data = copy_template("plain")
    other = twin(capsys, data, tmp_path)
    usb = tmp_path / "usb2"
    theirs = backup_of(data, folder=usb, keep=1)
    for _n in range(2):
        code, out, err = run(capsys, "--data-dir", other, "backup", "create", "--folder", usb, "--keep", "1")
        assert code == 0, err
        assert Path(theirs["path"]).name not in out and "another data folder" not in out
    code, out, err = run(capsys, "--data-dir", other, "backup", "list")
    assert code == 0, err
    assert "another data folder" in out and "delete" in out and Path(theirs["path"]).name in out
    code, out, err = run(capsys, "--data-dir", other, "backup", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows[theirs["id"]]["other_folder"] is True
    assert [r["id"] for r in rows.values() if not r["other_folder"]] != []
    code, out, err = run(capsys, "--data-dir", data, "backup", "list", "--folder", usb)
    assert "another data folder" in out and Path(theirs["path"]).name not in out.split("another data folder")[1]


def test_the_window_removes_a_replaced_set_only_with_no_swap_left_to_finish(copy_template, english):
    from workstation.backup import restore_backup
    from workstation.backup_format import BackupRefused
    from workstation.backup_replaced import remove_replaced_task
    from workstation.progress import CancelToken

    data = copy_template("plain")
    made = backup_of(data)
    kept = Path(restore_backup(data, made["id"])["kept"])
    journal = data / "backups" / "restore-journal.json"
    journal.write_text("{", encoding="utf-8")  # left by a swap: finished or undone by the next opening, not here
    with pytest.raises(BackupRefused) as refused:
        remove_replaced_task(data, kept.name, progress=lambda *_a: None, cancel=CancelToken())
    assert "nothing was removed" in refused.value.message
    assert journal.read_text(encoding="utf-8") == "{" and kept.is_dir()


@pytest.mark.gui
def test_the_backup_dialog_names_the_other_folder_s_backups_and_how_to_remove_them(window_on, english):
    window = window_on("plain")
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    assert dialog.other_note.isHidden()
    [mine] = dialog.rows
    header = read_header(Path(mine["path"]))
    header.update(data_mark="0123456789abcdef", data_folder="/elsewhere")  # made by another data folder here
    header.pop("check")
    theirs = Path(mine["path"]).with_name(mine["id"][:-15] + "20000101-000000.wsbackup")
    theirs.write_bytes(Path(mine["path"]).read_bytes())
    with open(theirs, "r+b") as fh:
        fh.write(encode_header(header))
    dialog.refresh()
    assert not dialog.other_note.isHidden()
    assert theirs.name in dialog.other_note.text() and "delete" in dialog.other_note.text()
    assert Path(mine["path"]).name not in dialog.other_note.text()


# 6. (second read) one rule for "this folder's backup", shared by the rotation and the encryption ------------------
def test_a_restore_whose_audit_entry_failed_does_not_make_the_other_folder_s_backups_its_own(
        capsys, copy_template, tmp_path, monkeypatch, english):
    from workstation.backup import plaintext_backups, remove_plaintext_backups

    data = copy_template("plain")
    usb = tmp_path / "usb2"
    theirs = backup_of(data, folder=usb, keep=5)  # ``data``'s, recorded in the log the next backup carries
    made = backup_of(data)
    other = tmp_path / "n5"
    with monkeypatch.context() as m:  # the restore's audit entry not written (a full disk): the log is the backup's
        m.setattr(backup_restore, "_audit_restore", lambda *a, **k: ("No space left on device", True))
        code, out, err = run(capsys, "--data-dir", other, "backup", "restore", made["path"], "--plaintext", "--json")
    assert code == 0, err
    assert json.loads(out)["audited"] is False
    own = backup_of(other, folder=usb, keep=5)
    found = [p.resolve() for p in plaintext_backups(other)]
    assert Path(own["path"]).resolve() in found and Path(theirs["path"]).resolve() not in found
    remove_plaintext_backups(other, found=found)
    assert Path(theirs["path"]).is_file()


def test_a_backup_without_a_station_carrying_another_folder_s_mark_is_not_this_data_s(copy_template, english):
    from workstation.backup import plaintext_backups

    data = copy_template("plain")
    made = backup_of(data, keep=5)  # recorded in this data's audit log
    header = read_header(Path(made["path"]))
    # as another folder without a station id names it
    header.update(station="", data_mark="0123456789abcdef", data_folder="/elsewhere")
    header.pop("check")
    with open(made["path"], "r+b") as fh:
        fh.write(encode_header(header))
    assert Path(made["path"]).resolve() not in [p.resolve() for p in plaintext_backups(data)]


def test_the_backup_result_has_no_unused_list_and_the_note_reads_each_folder_once(capsys, copy_template, tmp_path,
                                                                                monkeypatch, english):
    from workstation import backup

    data = copy_template("plain")
    other = twin(capsys, data, tmp_path)
    usb = tmp_path / "usb2"
    backup_of(data, folder=usb, keep=5)
    made = backup_of(other, folder=usb, keep=5)
    assert "other_folders" not in made
    real, read = backup._describe_all, []

    def counted(folder):
        read.append(Path(folder).resolve())
        return real(folder)

    monkeypatch.setattr(backup, "_describe_all", counted)
    note = backup.plaintext_left_note(other)
    assert "another data folder" in note
    assert sorted(read) == sorted(set(read))  # each folder's headers read once


def test_a_lost_backup_json_does_not_make_the_folder_s_own_backups_another_folder_s(copy_template, english):
    from workstation.backup import backup_settings, settings_path

    data = copy_template("plain")
    old = backup_of(data, keep=5)
    first = backup_settings(data)["part_mark"]
    settings_path(data).unlink()  # lost: the next backup makes a new mark
    made = backup_of(data, keep=1)
    assert backup_settings(data)["part_mark"] != first
    assert made["removed"] == [old["id"]] and not Path(old["path"]).exists()  # made here, as the log says
    newer = backup_of(data, keep=5)
    settings_path(data).unlink()
    assert not any(r["other_folder"] for r in list_backups(data)) and Path(newer["path"]).is_file()


def test_a_copied_data_folder_gets_its_own_mark_and_keeps_the_original_s_newer_backups(copy_template, tmp_path,
                                                                                     english):
    import shutil

    from workstation.backup import backup_settings

    data = copy_template("plain")
    usb = tmp_path / "usb2"
    backup_of(data, folder=usb, keep=5)
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)  # backup.json, and its mark, copied with it
    newer = backup_of(data, folder=usb, keep=5)
    made = backup_of(copy, folder=usb, keep=1)
    assert backup_settings(copy)["part_mark"] != backup_settings(data)["part_mark"]
    assert made["removed"] == [] and Path(newer["path"]).is_file()
