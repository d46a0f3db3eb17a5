"""Backups and copies of a data directory, backup folders inside the data directory, and what a killed bundle
import leaves in the file store.

1. A copy of a data directory (``cp -a``) has the same station id, and its ``backup.json`` named the original's
   ``backups`` folder (an absolute path): encrypting the copy removed the original's unencrypted backups. Folders
   inside the data directory are no longer remembered, and a remembered folder of another data directory (one
   holding its own database) is never looked into, also when an earlier version's ``backup.json`` names it.
2. A backup folder inside the data directory (its file store, the data directory itself, ``station``) is refused, by
   the command line and by the 备份 dialog: a restore swaps those folders, and every backup went from the list.
3. A bundle import killed after staging the bundle's files leaves ``files/.incoming-<pid>-*`` (the bundle's evidence
   and documents, unencrypted): removed at the next start, and listed by the full check meanwhile."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PROJECT, full_check_of
from tests.helpers import copy_station_and_hq, run, run_json
from tests.test_crash14 import killed, posix
from tests.test_s52_backup_plaintext import encrypt, unencrypted
from workstation.backup import backup_settings

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def backed_up(capsys, data: Path, *args) -> Path:
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", *args)
    assert code == 0, err
    return Path(out.split(" written.")[0])


def listed(capsys, data: Path) -> list[str]:
    return [row["id"] for row in run_json(capsys, "--data-dir", data, "backup", "list")]


# 1. a copy of the data directory ---------------------------------------------------------------------------------
def test_encrypting_a_copy_of_the_data_leaves_the_original_s_backups(copy_template, capsys, monkeypatch, tmp_path,
                                                                     english):
    orig = copy_template("plain", "orig")
    made = backed_up(capsys, orig)
    copy = tmp_path / "copy"
    shutil.copytree(orig, copy, symlinks=True)

    code, out, err = encrypt(capsys, monkeypatch, copy)
    assert code == 0, err
    assert unencrypted(copy / "backups") == []  # the copy's own unencrypted copies go
    assert unencrypted(orig / "backups") == [made.name]  # the original's stay
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    assert listed(capsys, orig) == [made.name[:-len(".wsbackup")]]
    code, out, err = run(capsys, "--data-dir", orig, "backup", "verify", made)
    assert code == 0, err


def test_a_copy_made_with_an_earlier_version_s_backup_settings_leaves_the_original_s_backups(
        copy_template, capsys, monkeypatch, tmp_path, english):
    orig = copy_template("plain", "orig")
    made = backed_up(capsys, orig)
    # as earlier versions wrote it: every folder written to, the data directory's own by its absolute path
    settings = json.loads((orig / "backup.json").read_text(encoding="utf-8"))
    settings["folders"] = [str(orig / "backups")]
    (orig / "backup.json").write_text(json.dumps(settings), encoding="utf-8")
    _earlier_copy_encrypted(capsys, monkeypatch, tmp_path, orig, made)


def test_a_copy_whose_chosen_folder_is_the_original_s_backups_leaves_them(copy_template, capsys, monkeypatch,
                                                                          tmp_path, english):
    # an earlier version kept the folder the officer named (<data>/backups, chosen in the dialog) by its absolute path
    orig = copy_template("plain", "orig")
    made = backed_up(capsys, orig)
    settings = json.loads((orig / "backup.json").read_text(encoding="utf-8"))
    settings["folder"] = str(orig / "backups")
    (orig / "backup.json").write_text(json.dumps(settings), encoding="utf-8")
    _earlier_copy_encrypted(capsys, monkeypatch, tmp_path, orig, made)
    # the backup the copy's encryption made went to the copy's own folder, not among the original's
    assert list((tmp_path / "copy" / "backups").glob("*.wsbackup"))


def _earlier_copy_encrypted(capsys, monkeypatch, tmp_path, orig, made) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(orig, copy, symlinks=True)

    code, out, err = encrypt(capsys, monkeypatch, copy)
    assert code == 0, err
    assert unencrypted(orig / "backups") == [made.name]
    # the original, encrypted in its turn, still removes its own
    code, out, err = encrypt(capsys, monkeypatch, orig)
    assert code == 0, err
    assert unencrypted(orig / "backups") == []


def test_the_data_directory_s_own_folders_are_not_remembered_as_backup_folders(copy_template, capsys, tmp_path,
                                                                               english):
    data = copy_template("plain")
    usb = tmp_path / "usb"
    backed_up(capsys, data)
    backed_up(capsys, data, "--folder", usb)
    backed_up(capsys, data, "--folder", data / "backups")  # the default folder, named
    settings = backup_settings(data)
    assert settings["folder"] is None  # the default again: a copy of the data backs up into its own
    assert settings["folders"] == [str(usb)]


# 2. a backup folder inside the data directory ----------------------------------------------------------------------
@pytest.mark.parametrize("inside", ["files", ".", "station", "files/备份"])
def test_a_backup_folder_inside_the_data_directory_is_refused(copy_template, capsys, english, inside):
    data = copy_template("plain")
    folder = (data / inside) if inside != "." else data
    before = sorted(p.relative_to(data) for p in data.rglob("*") if p.suffix != ".log")
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", folder)
    assert code != 0
    assert f"The backup folder {folder} is inside the data directory {data.resolve()}" in err
    assert "choose another folder" in err
    assert backup_settings(data)["folder"] is None
    assert not list(data.rglob("*.wsbackup"))
    assert sorted(p.relative_to(data) for p in data.rglob("*") if p.suffix != ".log") == before
    backed_up(capsys, data)  # the default folder still takes them
    assert len(listed(capsys, data)) == 1


def test_a_link_into_the_data_directory_is_refused_as_a_backup_folder(copy_template, capsys, tmp_path, english):
    data = copy_template("plain")
    link = tmp_path / "备份"
    link.symlink_to(data / "files", target_is_directory=True)
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--folder", link)
    assert code != 0 and "is inside the data directory" in err
    assert not list(data.rglob("*.wsbackup"))


@pytest.mark.gui
def test_the_backup_dialog_refuses_a_folder_inside_the_data_directory(window_on, english):
    window = window_on()
    dialog = window.show_backups()
    before = dialog.folder_label.text()
    window.prompts.folders.append(str(window.data_dir / "files"))
    dialog.buttons["choose_folder"].click()
    [error] = window.prompts.errors
    assert "is inside the data directory" in error and str(window.data_dir / "files") in error
    assert backup_settings(window.data_dir)["folder"] is None and dialog.folder_label.text() == before


# 3. a killed bundle import -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def exchange(station_and_hq_template):
    return station_and_hq_template(issue_document=True)


def killed_import(exchange, tmp_path, capsys) -> tuple[Path, list[Path]]:
    dirs = copy_station_and_hq(exchange, tmp_path)
    hq, bundle = dirs / "hq", dirs / "one.bundle"
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "--all", "-o", bundle)
    run_json(capsys, "--data-dir", hq, "station", "trust", dirs / "station.card")
    # the bundle checked and its files staged in the file store, the merge not begun
    killed("workstation.bundle.merge.plan_merge:1", "--data-dir", hq, "bundle", "import", bundle)
    left = list((hq / "files").glob(".incoming-*"))
    assert left and any(p.is_file() for folder in left for p in folder.rglob("*"))  # the bundle's files
    return hq, left


@posix
def test_what_a_killed_bundle_import_left_is_listed_by_the_full_check_and_removed_at_the_next_start(
        exchange, tmp_path, capsys, english):
    from workstation.repair import damage

    hq, left = killed_import(exchange, tmp_path, capsys)
    found = full_check_of(hq)  # before any start: listed, as a note (not damage: no backup to restore)
    assert damage(found) == []
    [note] = found
    assert str(hq / "files") in note and "bundle import" in note
    code, out, err = run(capsys, "--data-dir", hq, "backup", "check", "--full")
    assert code == 0, err
    assert not any(folder.exists() for folder in left)  # removed when the command opened the data
    assert out.strip() == "No problems found."


@posix
def test_the_start_leaves_the_files_of_an_import_still_running(copy_template, capsys, english):
    data = copy_template("plain")
    running = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                               cwd=PROJECT)
    try:
        theirs = data / "files" / f".incoming-{running.pid}-{'a' * 32}"
        theirs.mkdir()
        (theirs / "证据.pdf").write_bytes(b"%PDF-1.4")
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
        dead = data / "files" / f".incoming-{int(gone.stdout)}-{'b' * 32}"
        dead.mkdir()
        (dead / "证据.pdf").write_bytes(b"%PDF-1.4")
        code, out, err = run(capsys, "--data-dir", data, "backup", "check", "--full")
        assert code == 0, err
        assert (theirs / "证据.pdf").exists()  # being imported now: not listed, not removed
        assert out.strip() == "No problems found."
        assert not dead.exists()
    finally:
        running.communicate(b"")


@pytest.mark.gui
def test_the_backup_dialog_s_check_names_the_leftover_and_never_says_to_restore(window_on, english):
    from ui.backup_dialogs import BackupDialog

    window = window_on("plain")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = window.data_dir / "files" / f".incoming-{int(gone.stdout)}-{'c' * 32}"
    dead.mkdir()
    (dead / "证据.pdf").write_bytes(b"%PDF-1.4")
    BackupDialog(window, window).check_integrity()
    assert window.prompts.errors == []
    [told] = window.prompts.infos
    assert "bundle import" in told and "Restore" not in told
