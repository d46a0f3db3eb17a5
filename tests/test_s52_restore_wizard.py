"""The restore wizard refuses before it asks: a backup written by a newer version of the workstation (its database
carries a migration this version does not know), or data open in another running workstation, is refused at the
wizard's check step, naming the file and what to do, and the officer is never asked to confirm replacing the
current data with it; the data is left as it was, with no staging folder behind."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PROJECT, data_digest, open_db
from workstation.backup import create_backup

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)


def newer_backup(copy_template, kind: str) -> dict:
    """A backup of this station's data as a newer version of the workstation wrote it: its database records a
    migration this version does not have."""
    there = copy_template(kind, "newer")
    db = open_db(there)
    try:
        db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                   "VALUES ('workstation', 'm999_future_thing', '2099-01-01')")
        return create_backup(db, there)
    finally:
        db.conn.close()


def left_in_backups(data_dir) -> list[str]:
    folder = data_dir / "backups"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


@pytest.mark.parametrize("kind", ["plain", "encrypted"])
def test_a_newer_version_s_backup_is_refused_before_the_replacement_is_asked(window_on, copy_template, english,
                                                                              kind):
    newer = newer_backup(copy_template, kind)
    window = window_on(kind)
    prompts = window.prompts
    before = data_digest(window.data_dir)
    cases = window.case_list.model.rowCount()
    prompts.choices.append(0)  # "Another backup file…" (no backup of this data yet)
    prompts.files.append(newer["path"])
    prompts.confirm_answer = True  # were the replacement asked, the officer would say yes
    window.show_backups().buttons["restore"].click()
    [said] = prompts.errors
    name = newer["path"].rsplit("/", 1)[-1]
    assert said == (f"The database in {name} was written by a newer version of the workstation: install it to restore "
                    "this backup.")
    assert "m999" not in said
    assert prompts.confirmations == [] and prompts.destructive == []
    assert data_digest(window.data_dir) == before and left_in_backups(window.data_dir) == []
    assert window.case_list.model.rowCount() == cases and window.db.execute("SELECT 1").fetchone() == (1,)


def test_a_good_backup_is_still_checked_then_confirmed_and_the_check_leaves_nothing_behind(window_on, english):
    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    before = data_digest(window.data_dir)
    dialog.table.selectRow(0)
    prompts.confirm_answer = False  # the officer declines at the confirmation
    dialog.buttons["restore"].click()
    assert prompts.errors == [] and len(prompts.destructive) == 1 and "not deleted" in prompts.destructive[0]
    assert data_digest(window.data_dir) == before and left_in_backups(window.data_dir) == []


def test_data_open_in_another_workstation_is_refused_before_the_replacement_is_asked(window_on, english):
    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    before = data_digest(window.data_dir)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from workstation.repair import mark_open; mark_open(sys.argv[1]); print('open', flush=True);"
        " time.sleep(60)"), str(window.data_dir)], cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        dialog.table.selectRow(0)
        prompts.confirm_answer = True
        dialog.buttons["restore"].click()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    [said] = prompts.errors
    assert said == (f"The data in {window.data_dir} is open in another running workstation (process {holder.pid}): "
                    "close it first.")
    assert prompts.confirmations == [] and data_digest(window.data_dir) == before
