"""Backups of laptops without a station id sharing a USB stick, damaged backups in the 备份 dialog, a restore whose
journal does not fit on a full disk, and Cancel during the swap of a restore.

1. A laptop started with --demo, or whose officer chose 以后再说 at the agency step, has no station id: its backups
   are named after the data folder and carry an empty station. Two such laptops backing up onto one stick must not
   remove, nor call damaged, each other's backups: only a backup provably made here (it opens with this data's key;
   unencrypted, this database's audit log records making it) is rotated.
2. The damaged backups the rotation finds are said after 立即备份 and after the daily backup, and the list shows
   them as damaged.
3. A full disk when the restore journal is written leaves neither an empty journal nor an empty replaced set; an
   empty journal such a failure left earlier no longer blocks the cleanup at each start.
4. The Cancel of a restore is greyed out once the data is being replaced (a press would no longer be heard)."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of, data_digest, open_db
from tests.helpers import run, run_json
from workstation.backup import BackupRefused, restore_backup, save_backup_settings
from workstation.backup_format import HEADER_SIZE
from workstation.backup_replaced import list_replaced
from workstation.paths import backups_dir
from workstation.repair import mark_closed, mark_open
from workstation.security import access, session

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def first_start(root: Path, passphrase: str | None) -> Path:
    """A laptop's data directory as the first start leaves it when the agency step was declined: a database and a
    keyring (none with ``passphrase`` None: unencrypted on purpose), no station."""
    data = root / "case-file-workstation"  # the default folder's name, on every laptop
    data.mkdir(parents=True)
    access.prepare(data, passphrase, plaintext=passphrase is None)
    open_db(data).conn.close()
    session._KEYS.clear()
    return data


def backup_create(capsys, monkeypatch, data: Path, passphrase: str | None, *args) -> tuple[int, str, str]:
    session._KEYS.clear()
    if passphrase:
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", passphrase)
    else:
        monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    return run(capsys, "--data-dir", data, "backup", "create", *args)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def damage(path: Path) -> None:
    """Bytes changed in the middle of the backup's payload (a failing stick)."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(HEADER_SIZE + (size - HEADER_SIZE) // 2)
        fh.write(b"\xa5" * 64)


# 1. laptops without a station id on one stick --------------------------------------------------------------------
@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plaintext"])
def test_two_laptops_without_a_station_id_keep_each_other_s_backups_on_a_shared_stick(
        capsys, monkeypatch, tmp_path, encrypted, english):
    usb = tmp_path / "usb"
    lap_a, lap_b = first_start(tmp_path / "A", "pass of laptop A" if encrypted else None), \
        first_start(tmp_path / "B", "pass of laptop B" if encrypted else None)
    pass_a, pass_b = ("pass of laptop A", "pass of laptop B") if encrypted else (None, None)
    made_a = []
    for _n in range(2):
        code, out, err = backup_create(capsys, monkeypatch, lap_a, pass_a, "--folder", usb, "--keep", "2")
        assert code == 0, err
        made_a.append(Path(out.split(" written.")[0]).name)
    assert all(name.startswith("workstation-backup-case-file-workstation-") for name in made_a)
    made_b = []
    for _n in range(2):
        code, out, err = backup_create(capsys, monkeypatch, lap_b, pass_b, "--folder", usb, "--keep", "2")
        assert code == 0, err
        assert "removed" not in out and "damaged" not in out  # laptop A's backups are not laptop B's
        made_b.append(Path(out.split(" written.")[0]).name)
    assert names(usb) == sorted(made_a + made_b)
    # laptop B's third backup removes laptop B's oldest, and only that one
    code, out, err = backup_create(capsys, monkeypatch, lap_b, pass_b, "--folder", usb, "--keep", "2")
    assert code == 0, err
    assert f"Older backups removed: {made_b[0][:-len('.wsbackup')]}" in out and "damaged" not in out
    newest_b = Path(out.split(" written.")[0]).name
    assert names(usb) == sorted(made_a + made_b[1:] + [newest_b])
    # and laptop A goes on rotating its own
    code, out, err = backup_create(capsys, monkeypatch, lap_a, pass_a, "--folder", usb, "--keep", "2")
    assert f"Older backups removed: {made_a[0][:-len('.wsbackup')]}" in out and "damaged" not in out
    assert set(made_b[1:] + [newest_b]) <= set(names(usb))


def test_a_laptop_without_a_station_id_still_finds_its_own_damaged_backup(capsys, monkeypatch, tmp_path, english):
    usb = tmp_path / "usb"
    lap = first_start(tmp_path / "A", PASS)
    made = [run_json_create(capsys, monkeypatch, lap, "--folder", usb, "--keep", "2") for _n in range(2)]
    damage(Path(made[1]["path"]))  # the newest kept besides the next one
    code, out, err = backup_create(capsys, monkeypatch, lap, PASS)
    assert code == 0, err
    assert f"The backup {made[1]['id']} is damaged: the older backup {made[0]['id']}, which passes the check, was " \
           "kept in its place." in out


def run_json_create(capsys, monkeypatch, data: Path, *args) -> dict:
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    return run_json(capsys, "--data-dir", data, "backup", "create", *args)


# 2. damaged backups said and listed in the window ---------------------------------------------------------------
def two_backups_the_newest_damaged(data: Path) -> tuple[dict, dict]:
    save_backup_settings(data, keep=2)
    first, second = backup_of(data), backup_of(data)
    damage(Path(second["path"]))
    return first, second


def states(dialog) -> dict[str, str]:
    """The 状态 column of the 备份 dialog's list, by the file each row names."""
    from PySide6.QtCore import Qt

    return {Path(dialog.table.item(row, 0).data(Qt.ItemDataRole.UserRole)).name: dialog.table.item(row, 4).text()
            for row in range(dialog.table.rowCount())}


def damaged_said(first: dict, second: dict) -> str:
    return (f"The backup {second['id']} is damaged: the older backup {first['id']}, which passes the check, was kept "
            "in its place.")


@pytest.mark.gui
def test_back_up_now_says_the_damaged_backup_the_rotation_found_and_the_list_shows_it(window_on, english):
    from ui.backup_dialogs import BackupDialog

    window = window_on()
    prompts = window.prompts
    first, second = two_backups_the_newest_damaged(window.data_dir)
    dialog = window.show_backups()
    assert states(dialog)[Path(second["path"]).name] == "readable"  # its header reads: not known yet
    dialog.buttons["backup_now"].click()
    said = (prompts.errors + prompts.infos)[-1]
    assert " written." in said and damaged_said(first, second) in said
    listed = states(dialog)
    assert listed[Path(second["path"]).name] == "damaged" and listed[Path(first["path"]).name] == "readable"
    assert list(listed.values()).count("readable") == 2  # the new backup and the older one kept in its place
    # opened again later (another start), the list still says so
    assert states(BackupDialog(window, window))[Path(second["path"]).name] == "damaged"


@pytest.mark.gui
def test_the_daily_backup_says_the_damaged_backup_the_rotation_found(window_on, english):
    from ui.backup_dialogs import maybe_backup

    window = window_on()
    first, second = two_backups_the_newest_damaged(window.data_dir)
    save_backup_settings(window.data_dir, last_backup=None)  # due
    assert maybe_backup(window) is True
    shown = window.statusBar().currentMessage()
    assert "It is the automatic daily backup." in shown and damaged_said(first, second) in shown
    assert states(window.show_backups())[Path(second["path"]).name] == "damaged"


# 3. a restore on a full disk, and the start after one ----------------------------------------------------------
class FullFile:
    """A file on a full disk (as ``tests.test_full_disk.FillingFile``, in text mode): made, nothing fits."""

    def __init__(self, fh):
        self.fh = fh

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.fh.name)

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def journal_fills_up(monkeypatch) -> None:
    """The disk is full when the restore's journal is written: the file is made, nothing fits into it."""
    from workstation import backup_restore

    def fake(file, mode="r", *args, **kwargs):
        fh = builtins.open(file, mode, *args, **kwargs)
        if Path(file).name == "restore-journal.json" and "w" in mode:
            return FullFile(fh)
        return fh

    monkeypatch.setattr(backup_restore, "open", fake, raising=False)


def test_a_restore_whose_journal_does_not_fit_on_the_disk_leaves_nothing_behind(copy_template, monkeypatch,
                                                                               english):
    data = copy_template("plain")
    made = backup_of(data)
    before = data_digest(data)
    with monkeypatch.context() as m:
        journal_fills_up(m)
        with pytest.raises(BackupRefused, match="could not be replaced .*; the current data was put back as it was"):
            restore_backup(data, made["id"])
    assert data_digest(data) == before
    assert names(backups_dir(data)) == [Path(made["path"]).name]  # no empty journal, no empty replaced set
    assert list_replaced(data) == []
    restored = restore_backup(data, made["id"])  # with room again, the restore goes through
    assert restored["kept"] and [s["name"] for s in list_replaced(data)] == [Path(restored["kept"]).name]


def dead_pid() -> int:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def test_an_empty_journal_left_by_such_a_restore_no_longer_blocks_the_cleanup_at_the_start(copy_template, english):
    data = copy_template("plain")
    backups = backups_dir(data)
    backups.mkdir(exist_ok=True)
    before, kept = data_digest(data), names(backups)
    (backups / "restore-journal.json").write_bytes(b"")  # as an earlier version left it on a full disk
    (backups / "replaced-20261205-154736").mkdir()
    killed = backups / f".restore-{dead_pid()}-0123abcd"  # a copy of the data a killed restore left
    killed.mkdir()
    (killed / "workstation.db").write_bytes(b"copy of the data")
    mark_open(data)  # the next start
    mark_closed(data)
    assert names(backups) == kept and data_digest(data) == before
    assert list_replaced(data) == []


def test_an_unreadable_journal_of_a_swap_that_had_begun_is_left_for_inspection(copy_template, english):
    """A journal that does not read beside a replaced set holding data without its note (a swap cut off after it
    moved the stored files aside): nothing is removed, the data a finished look would need stays."""
    data = copy_template("plain")
    backups = backups_dir(data)
    backups.mkdir(exist_ok=True)
    (backups / "restore-journal.json").write_text("{\"staging\": ", encoding="utf-8")
    swapped = backups / "replaced-20261205-154736"
    swapped.mkdir()
    shutil.move(str(data / "files"), str(swapped / "files"))
    killed = backups / f".restore-{dead_pid()}-0123abcd"
    (killed / "files").mkdir(parents=True)
    mark_open(data)
    mark_closed(data)
    assert (backups / "restore-journal.json").exists() and (swapped / "files").is_dir() and killed.is_dir()


def test_an_empty_journal_is_left_while_a_running_program_restores(copy_template, english):
    """A restore of a running program writing its journal just now (made, not yet written): not taken for debris."""
    data = copy_template("plain")
    backups = backups_dir(data)
    backups.mkdir(exist_ok=True)
    (backups / "restore-journal.json").write_bytes(b"")
    running = backups / f".restore-{os.getpid()}-0123abcd"
    running.mkdir()
    mark_open(data)
    mark_closed(data)
    assert (backups / "restore-journal.json").exists() and running.is_dir()


# 4. Cancel during the swap of a restore --------------------------------------------------------------------------
@pytest.mark.gui
def test_the_cancel_of_a_restore_is_greyed_out_once_the_data_is_being_replaced(window_on, monkeypatch, qtbot,
                                                                               english):
    from ui import task_runner
    from ui.task_runner import TaskRunner

    greyed: list[str] = []
    real = task_runner.not_cancellable

    def recording(dialog) -> None:
        greyed.append(dialog.labelText())
        real(dialog)

    monkeypatch.setattr(task_runner, "not_cancellable", recording)
    window = window_on(runner=TaskRunner())
    prompts = window.prompts
    backup_of(window.data_dir)
    prompts.confirm_answer = True
    dialog = window.show_backups()
    dialog.table.selectRow(0)
    dialog.buttons["restore"].click()
    qtbot.waitUntil(lambda: bool(prompts.infos or prompts.errors), timeout=60000)
    window.runner.wait()
    assert prompts.errors == [] and "was restored" in prompts.infos[-1]
    assert greyed == ["Replacing the data"]


def test_a_restore_into_a_new_folder_that_encrypts_the_data_after_the_swap_can_still_be_cancelled_then(
        copy_template, tmp_path, english):
    """The first start's restore of an unencrypted backup with a passphrase: once the data is swapped in, the
    encryption that follows still stops at a Cancel (and takes the restored data back), so its Cancel stays."""
    from workstation.backup_restore import restore_into_new
    from workstation.progress import CancelToken

    made = backup_of(copy_template("plain"))
    token, seen = CancelToken(), []
    restore_into_new(tmp_path / "new laptop", made["path"], PASS, progress=lambda done, total, message: seen.append(
        (message, token.closed)), cancel=token)
    assert ("Replacing the data", False) in seen and ("Encrypting the data", False) in seen


def test_a_damaged_mark_is_kept_while_its_stick_is_unplugged(tmp_path):
    from workstation.backup import _mark_damaged, backup_settings

    data_dir, stick, other = tmp_path / "data", tmp_path / "stick", tmp_path / "other"
    for folder in (data_dir, stick, other):
        folder.mkdir()
    (stick / "a.wsbackup").write_bytes(b"x")
    (other / "b.wsbackup").write_bytes(b"y")
    _mark_damaged(data_dir, [stick / "a.wsbackup"])
    stick.rename(tmp_path / "unplugged")  # the stick taken out: its folder is not there
    _mark_damaged(data_dir, [other / "b.wsbackup"])
    assert backup_settings(data_dir)["damaged"] == [str((stick / "a.wsbackup").resolve()),
                                                   str((other / "b.wsbackup").resolve())]
    (tmp_path / "unplugged").rename(stick)  # back: still said damaged
    (stick / "a.wsbackup").unlink()  # deleted by hand while the stick is in: its mark goes
    _mark_damaged(data_dir, [])
    assert backup_settings(data_dir)["damaged"] == [str((other / "b.wsbackup").resolve())]
