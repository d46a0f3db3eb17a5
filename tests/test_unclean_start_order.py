"""After an unclean shutdown the check comes before anything the start writes by itself: the migrations of a newer
version and the reference agencies are written only into a database the quick check finds sound (or a restored
one); into a damaged one nothing is written and the officer is told to restore. The window checks the database as
the crash left it, before migrating, and offers the last good backup; the command line refuses the same way."""

from __future__ import annotations

import sqlite3

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import backup_of, crash_with_the_data_open, damage_the_audit_head, open_db
from tests.helpers import run
from workstation.db import schema
from workstation.db.connection import applied_schema
from workstation.errors import DatabaseError
from workstation.paths import backups_dir, database_path
from workstation.repair import was_unclean

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
NEWER = "m999_case_priority"


def newer_version(monkeypatch) -> None:
    """The next version of the workstation: one more migration."""
    def m999(db):
        db.execute("ALTER TABLE cases ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, (NEWER, m999)])


def schema_on_disk(data) -> list[str]:
    conn = sqlite3.connect(database_path(data))
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    finally:
        conn.close()


def migration_copies(data) -> list[str]:
    folder = backups_dir(data)
    return sorted(p.name for p in folder.glob("before-migration-*")) if folder.is_dir() else []


def test_a_damaged_database_left_by_a_crash_is_not_migrated(copy_template, monkeypatch, english):
    data = copy_template("plain")
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    newer_version(monkeypatch)
    with pytest.raises(DatabaseError, match="was not changed: the workstation was not closed properly") as caught:
        open_db(data)
    assert "audit" in caught.value.message and "Restore the last good backup" in caught.value.message
    assert NEWER not in schema_on_disk(data) and migration_copies(data) == []
    assert was_unclean(data)


def test_a_sound_database_left_by_a_crash_is_migrated_as_before(copy_template, monkeypatch):
    data = copy_template("plain")
    crash_with_the_data_open(data)
    newer_version(monkeypatch)
    db = open_db(data)
    try:
        assert applied_schema(db)[-1] == NEWER
    finally:
        db.conn.close()
    assert len(migration_copies(data)) == 1


def test_reference_agencies_are_not_written_into_a_damaged_database(copy_template, english):
    from workstation.store import ensure_reference_data

    data = copy_template("plain")
    db = open_db(data)
    town = db.execute("SELECT id FROM agencies WHERE id NOT IN (SELECT parent_id FROM agencies WHERE parent_id "
                      "IS NOT NULL) AND id NOT IN (SELECT agency_id FROM cases) AND level = 'town' LIMIT 1"
                      ).fetchone()
    assert town is not None
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("DELETE FROM agencies WHERE id = ?", [town[0]])  # the newer version's list has one more office
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    count = db.execute("SELECT COUNT(*) FROM agencies").fetchone()[0]
    db.conn.close()
    crash_with_the_data_open(data)
    db = open_db(data)
    try:
        with pytest.raises(DatabaseError, match="was not changed"):
            ensure_reference_data(db)
        assert db.execute("SELECT COUNT(*) FROM agencies").fetchone()[0] == count
    finally:
        db.conn.close()


def test_the_command_line_refuses_to_migrate_a_damaged_database_but_still_checks_it(copy_template, monkeypatch,
                                                                                    capsys, english):
    data = copy_template("plain")
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    newer_version(monkeypatch)
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 1 and "was not changed: the workstation was not closed properly" in err
    code, out, err = run(capsys, "--data-dir", data, "backup", "check")
    assert code == 1 and "audit" in out.lower()  # the check reads the database as the crash left it
    assert NEWER not in schema_on_disk(data) and migration_copies(data) == []


@pytest.mark.gui
class TestTheWindow:
    def test_the_check_reads_the_database_before_it_is_migrated_and_the_backup_is_restored(
            self, copy_template, started, monkeypatch, english):
        from tests.conftest import ScriptedPrompts
        from workstation import repair

        data = copy_template("plain")
        backup_of(data)
        damage_the_audit_head(data)
        crash_with_the_data_open(data)
        newer_version(monkeypatch)
        seen = []
        real = repair.quick_check

        def noting_schema(db):
            seen.append(applied_schema(db)[-1])
            return real(db)

        monkeypatch.setattr(repair, "quick_check", noting_schema)
        prompts = ScriptedPrompts()
        prompts.confirm_answer = True
        window = started(data, prompts)
        assert window is not None
        assert seen and seen[0] != NEWER  # checked as the crash left it
        assert len(prompts.confirmations) == 1 and "restored" in prompts.infos[-1]
        assert applied_schema(window.db)[-1] == NEWER and real(window.db) == []
        assert not was_unclean(data)

    def test_a_declined_restore_leaves_the_damaged_database_unmigrated(self, copy_template, started, monkeypatch,
                                                                       english):
        from tests.conftest import ScriptedPrompts
        from workstation.repair import stopped_without_closing, unrepaired

        data = copy_template("plain")
        backup_of(data)
        damage_the_audit_head(data)
        crash_with_the_data_open(data)
        newer_version(monkeypatch)
        prompts = ScriptedPrompts()
        prompts.confirm_answer = False
        with pytest.raises(DatabaseError, match="was not changed"):
            started(data, prompts)
        assert NEWER not in schema_on_disk(data) and migration_copies(data) == []
        assert unrepaired(data) is not None and not stopped_without_closing(data)  # asked again at the next start
