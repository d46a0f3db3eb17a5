"""The backup settings (``backup.json``: the chosen folder, how many to keep, the last backup) changed by two
programs at once — the window's daily backup and the officer choosing a USB folder, or a command run beside the
window: no change is lost and the file is never read half-written, which would put the backups back into the
default folder."""

from __future__ import annotations

import json

import pytest

from tests.helpers import race
from workstation.backup import BackupRefused, backup_settings, save_backup_settings, settings_path

# One program changes how many backups to keep again and again, the other records a backup again and again; after
# each change each reads the settings back: the folder chosen before must still be there, and its own change too.
WORKER = """
import sys, time
from pathlib import Path
from workstation.backup import backup_settings, save_backup_settings
from workstation.errors import WorkstationError
data, role, usb = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
print("ready", flush=True)
sys.stdin.readline()
end, refused, lost, n = time.monotonic() + 0.8, [], [], 0
while n < 20 or time.monotonic() < end:  # at least 20 changes each, however loaded the machine
    n += 1
    try:
        if role == "keep":
            mine = ("keep", n % 300 + 1)
            save_backup_settings(data, keep=mine[1])
        else:
            mine = ("last_backup", f"2026-12-01T10:00:00.{n:06d}+08:00")
            save_backup_settings(data, last_backup=mine[1], last_path=f"/backup {n}")
        seen = backup_settings(data)
        if seen["folder"] != usb or seen[mine[0]] != mine[1]:
            lost.append((seen["folder"], seen[mine[0]], mine[1]))
    except WorkstationError as exc:
        refused.append(exc.message)
print(n, len(lost), len(refused), mine[1], repr((lost + refused)[:1]), flush=True)
"""


def test_two_programs_changing_the_backup_settings_at_once_lose_nothing(tmp_path):
    data, usb = tmp_path / "data", tmp_path / "U盘" / "备份"
    data.mkdir()
    save_backup_settings(data, folder=str(usb), keep=5)
    reports = race(WORKER, [[str(data), role, str(usb)] for role in ("keep", "backup")], fields=5)
    assert [r[1:3] for r in reports] == [["0", "0"], ["0", "0"]], reports  # nothing lost, nothing refused
    assert all(int(r[0]) >= 20 for r in reports)  # both changed the settings many times meanwhile
    settings = backup_settings(data)
    assert settings["folder"] == str(usb)
    assert str(settings["keep"]) == reports[0][3] and settings["last_backup"] == reports[1][3]  # the last changes
    assert sorted(p.name for p in data.iterdir()) == ["backup.json", "backup.lock"]  # no .part left behind


def test_the_settings_file_is_written_whole_or_not_at_all(tmp_path, english):
    data = tmp_path / "data"
    data.mkdir()
    save_backup_settings(data, folder=str(tmp_path / "usb"), keep=3)
    before = settings_path(data).read_bytes()
    assert json.loads(before)["folder"] == str(tmp_path / "usb")
    settings_path(data).with_name("backup.json.part").mkdir()  # the temporary name cannot be written
    with pytest.raises(BackupRefused, match="backup.json cannot be written") as refused:
        save_backup_settings(data, keep=9)
    assert "\n" not in refused.value.message
    assert settings_path(data).read_bytes() == before and backup_settings(data)["keep"] == 3


@pytest.mark.parametrize("given", [{}, {"keep": 3}])
def test_a_backup_written_whole_but_not_recorded_says_it_can_be_restored(db, data_dir, english, given):
    from workstation.backup import create_backup, due_backup, list_backups, verify_backup

    before = backup_settings(data_dir)
    settings_path(data_dir).with_name("backup.json.part").mkdir()  # backup.json cannot be written (as a full disk)
    with pytest.raises(BackupRefused) as refused:
        create_backup(db, data_dir, **given)
    [written] = list_backups(data_dir)
    assert verify_backup(data_dir, written["path"])["valid"]
    message = refused.value.message
    assert message.startswith(f"The backup {written['path']} was written in full and its copy of the database "
                              "passed its check: it can be restored. Only the backup settings could not record it (")
    assert f"{settings_path(data_dir)} cannot be written: it is a folder)" in message
    assert "the automatic backup runs again at the next start" in message and "\n" not in message
    assert ("number of backups to keep given with it was not saved either" in message) == bool(given)
    assert message.endswith("back up again: that backup is recorded.")
    assert "was not written" not in message and "could not be written" not in message
    assert backup_settings(data_dir) == before and due_backup(data_dir)  # nothing recorded: it runs again
