"""The window at start on a database missing, emptied or damaged where data was kept: it offers the latest backup
instead of opening a new empty database; declined, nothing changes; a first start that the full disk refused
leaves nothing behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of, crash_with_the_data_open
from tests.conftest import ScriptedPrompts
from ui.app import start
from ui.task_runner import ImmediateRunner
from workstation.db import schema
from workstation.db.connection import NeedsRestore
from workstation.errors import DiskFull
from workstation.paths import backups_dir, database_path
from workstation.repair import mark_closed
from workstation.store import count_cases

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def lose(data: Path, how: str) -> None:
    for name in ("workstation.db-wal", "workstation.db-shm"):
        (data / name).unlink(missing_ok=True)
    path = database_path(data)
    if how == "deleted":
        path.unlink()
    elif how == "emptied":
        path.write_bytes(b"")
    else:  # damaged
        path.write_bytes(path.read_bytes()[:4096])


@pytest.mark.parametrize("how", ["deleted", "emptied", "damaged", "emptied after a crash"])
def test_the_window_offers_the_latest_backup_and_opens_the_restored_data(copy_template, started, how, english):
    data = copy_template("plain")
    made = backup_of(data)
    if how == "emptied after a crash":
        crash_with_the_data_open(data)
    lose(data, how.split()[0])
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    window = started(data, prompts)
    assert window is not None and count_cases(window.db) == 36
    assert len(prompts.confirmations) == 1
    offer = prompts.confirmations[0]
    assert Path(made["path"]).name in offer and "Restore the latest backup, made" in offer
    assert ("is damaged and cannot be read" if how == "damaged" else "is missing or empty") in offer
    assert "no such table" not in offer
    assert "was restored" in prompts.infos[-1]


def test_declining_the_offer_changes_nothing_and_says_how_to_restore_later(copy_template, started, english):
    data = copy_template("plain")
    made = backup_of(data)
    lose(data, "deleted")
    prompts = ScriptedPrompts()
    assert started(data, prompts) is None
    assert not database_path(data).exists() and not (data / ".open").exists()
    assert len(prompts.infos) == 1 and "Nothing was changed" in prompts.infos[0]
    assert f"`backup restore {Path(made['path']).name[:-len('.wsbackup')]}`" in prompts.infos[0]


def test_without_a_backup_the_start_is_refused_in_one_line_and_no_database_is_made(copy_template, started,
                                                                                 english):
    data = copy_template("plain")
    lose(data, "deleted")
    prompts = ScriptedPrompts()
    with pytest.raises(NeedsRestore, match="missing or empty.*There is no backup") as refused:
        started(data, prompts)
    assert "\n" not in refused.value.message and prompts.confirmations == []
    assert not database_path(data).exists()


def test_a_first_start_the_full_disk_refused_leaves_nothing_and_the_retry_starts_afresh(tmp_path, qtbot,
                                                                                      monkeypatch, english):
    data = tmp_path / "new"

    def disk_full(db):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], ("m999_full", disk_full)])
        with pytest.raises(DiskFull):
            start(data, PASS, ImmediateRunner(), ScriptedPrompts(), show=lambda dialog: False)
    assert sorted(p.name for p in data.iterdir()) == []  # no database, WAL, marker nor keyring

    window = start(data, PASS, ImmediateRunner(), ScriptedPrompts(), show=lambda dialog: False)
    qtbot.addWidget(window)
    try:
        assert window is not None and window.idle_lock is not None  # encrypted with the passphrase given
        assert not backups_dir(data).exists()  # no copy of a database holding nothing
    finally:
        window.idle_lock.stop()
        window.shutdown()
        window.db.conn.close()
        mark_closed(data)
