"""The restores offered at start check the backup before they ask: after an unclean shutdown whose check found
problems, or on data found lost, a backup the restore would refuse (here one a newer version of the workstation
wrote) is refused first, naming the file and what to do, and the officer is never asked to confirm replacing the
data with it; the data is left as it was, with no staging folder behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import crash_with_the_data_open, data_digest, open_db
from tests.conftest import ScriptedPrompts
from ui.backup_dialogs import startup_check
from workstation.backup import create_backup
from workstation.paths import backups_dir, database_path
from workstation.repair import mark_closed, quick_check

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


def newer_backup_in(data: Path, copy_template, kind: str) -> str:
    """A backup of this station's data as a newer version of the workstation wrote it (its database records a
    migration this version does not have), put among the backups of ``data``; its file name."""
    there = copy_template(kind, "newer")
    db = open_db(there)
    try:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('workstation', 'm999_future_thing', '2099-01-01')")
        made = create_backup(db, there)
    finally:
        db.conn.close()
    backups_dir(data).mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(made["path"], backups_dir(data))).name


def newer_said(name: str) -> str:
    return (f"The database in {name} was written by a newer version of the workstation: install it to restore this "
            "backup.")


def staging_left(data: Path) -> list[str]:
    return sorted(p.name for p in backups_dir(data).iterdir() if p.is_dir()) if backups_dir(data).is_dir() else []


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_the_unclean_start_refuses_a_newer_version_s_backup_before_asking(copy_template, english, kind):
    data = copy_template(kind)
    name = newer_backup_in(data, copy_template, kind)
    db = open_db(data)
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")  # torn by the crash
    crash_with_the_data_open(data)
    before = data_digest(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True  # were the replacement asked, the officer would say yes
    try:
        startup_check(None, db, data, prompts)
        [said] = prompts.errors
        assert newer_said(name) in said and "m999" not in said and "found problems" in said
        assert "still counts as unchecked" in said  # what the problems left mean until repaired
        assert prompts.confirmations == [] and prompts.destructive == []
        assert not any("was restored" in info for info in prompts.infos)
        assert data_digest(data) == before and staging_left(data) == []
        assert quick_check(db)  # the problems are there still: nothing was replaced
    finally:
        mark_closed(data)
        db.conn.close()


def lose(data: Path) -> None:
    for name in ("workstation.db-wal", "workstation.db-shm"):
        (data / name).unlink(missing_ok=True)
    path = database_path(data)
    path.write_bytes(path.read_bytes()[:4096])  # damaged


def test_data_found_lost_is_not_offered_a_newer_version_s_backup(copy_template, started, english):
    data = copy_template("plain")
    name = newer_backup_in(data, copy_template, "plain")
    lose(data)
    before = data_digest(data)
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    assert started(data, prompts) is None  # the start ends: nothing opened
    [said] = prompts.errors
    assert newer_said(name) in said and "is damaged and cannot be read" in said and "m999" not in said
    assert "Nothing was changed" in said
    assert prompts.confirmations == [] and prompts.destructive == []
    assert data_digest(data) == before and staging_left(data) == []
    assert not (data / ".open").exists() or not any((data / ".open").iterdir())
