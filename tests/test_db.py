import hashlib
import shutil
import sqlite3

import pytest

from workstation.db import open_database, schema, schema_names
from workstation.db.connection import applied_schema
from workstation.db.schema import MIGRATION_SET
from workstation.errors import DatabaseError
from workstation.paths import backups_dir, database_path


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_uses_wal_foreign_keys_and_the_busy_timeout(data_dir):
    path = database_path(data_dir)
    db = open_database(path)
    try:
        assert path.is_file()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 300
        assert applied_schema(db) == schema_names() == ["m001_initial", "m002_doc_numbers",
                                                                 "m003_documents", "m004_clocks", "m005_editors",
                                                                 "m006_screening", "m007_lead_documents", "m008_bundles", "m009_screening_index",
                                                                 "m010_search_buffers", "m011_lead_extensions", "m012_bundle_history",
                                                                 "m013_complaint_numbers", "m014_complaint_numbers_written",
                                                                 "m015_complaint_content_keys", "m016_lead_complainant",
                                                                 "m017_draft_defaults", "m018_evidence_recipient", "m019_event_party",
                                                                 "m020_interview_lead_phone", "m021_complaint_numbers_given",
                                                                 "m022_clock_event_party",
                                                                 "m023_case_district_follows_agency", "m024_number_blocks",
                                                                 "m025_case_list_order", "m026_lead_reporter_told",
                                                                 "m027_change_indexes", "m028_filing_proposed",
                                                                 "m029_procedure_kind", "m030_event_details",
                                                                 "m031_case_sort_keys", "m032_lead_history",
                                                                 "m033_packed_shared_versions", "m034_export_destinations",
                                                                 "m035_interview_time", "m036_complaint_verdict",
                                                                 "m037_complaint_verdict_lead", "m038_interview_party_results",
                                                                 "m039_interview_void", "m040_complaint_search_business",
                                                                 "m041_doc_numbers_void_apart", "m042_case_column_order",
                                                                 "m043_case_penalty_order", "m044_case_review_grounds",
                                                                 "m045_evidence_void", "m046_case_penalty_revoked",
                                                                 "m047_clock_event_no_fine", "m048_documents_by_issue", "m049_publication_reviews",
                                                                 "m050_complaint_landline_zero", "m051_complaint_copies",
                                                          "m052_case_law_conditions", "m053_leads_case",
                                                          "m054_interview_follow_up_outcome", "m055_evidence_per_recipient",
                                                          "m056_lead_reporter", "m057_officer_names",
                                                          "m058_lead_named_by_number", "m059_complaint_masked_numbers",
                                                          "m060_complaint_masked_digits", "m061_seizure_extension_measure",
                                                          "m062_screened_lead_agency", "m063_interview_deadline_typed",
                                                          "m064_case_district_order", "m065_complaint_source_sheet",
                                                          "m066_case_penalty_void", "m067_bundle_import_scope",
                                                          "m068_removed_clock_events", "m069_lead_received_by",
                                                          "m070_complaint_numbers_apart", "m071_complaint_numbers_masked_beside",
                                                          "m072_doc_numbers_lost", "m073_penalty_sort_view",
                                                          "m074_complaint_wide_forms", "m075_interview_voided_status",
                                                          "m076_complaint_verdict_category",
                                                          "m077_removed_publicity", "m078_lead_referral_handover",
                                                          "m079_warning_penalty_sort", "m080_complaint_grouped_by"]
        assert {"cases", "parties", "audit", "agencies", "cases_fts"} <= set(db.table_names())
    finally:
        db.conn.close()
    assert not backups_dir(data_dir).exists()


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO officers (id, name, agency_id, updated_at) VALUES ('o', '张三', 'nowhere', 'x')")


def test_reopening_keeps_the_data_and_applies_nothing_twice(data_dir):
    path = database_path(data_dir)
    first = open_database(path)
    first.execute("INSERT INTO settings (key, value) VALUES ('station_name', '南海区局一号机')")
    first.conn.close()

    again = open_database(path)
    try:
        assert applied_schema(again) == schema_names()
        assert again.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(schema_names())
        assert again.execute("SELECT value FROM settings WHERE key = 'station_name'").fetchone()[0] == "南海区局一号机"
    finally:
        again.conn.close()
    assert not backups_dir(data_dir).exists()


def test_an_empty_file_is_initialised_as_a_new_database(data_dir):
    path = database_path(data_dir)
    path.write_bytes(b"")
    db = open_database(path)
    try:
        assert applied_schema(db) == schema_names()
    finally:
        db.conn.close()


def test_open_without_create_refuses_a_missing_database(data_dir, english):
    with pytest.raises(DatabaseError, match="run `init` first"):
        open_database(database_path(data_dir), create=False)
    assert not database_path(data_dir).exists()


@pytest.fixture
def future_migrations(monkeypatch):
    """This version plus a newer one: the first schema in the file is then one migration behind."""
    def m002(db):
        db.execute("ALTER TABLE cases ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")
        db.execute("CREATE TABLE case_tags (case_id TEXT NOT NULL REFERENCES cases(id), tag TEXT NOT NULL)")

    newer = [*schema.MIGRATIONS, ("m999_case_priority", m002)]
    monkeypatch.setattr(schema, "MIGRATIONS", newer)
    return newer


def database_at(migration_count: int, data_dir, full_dir, monkeypatch) -> None:
    """Make ``data_dir``'s database hold only the first ``migration_count`` migrations with the data of the full
    database in ``full_dir`` (written by today's code), copied column by column into the older tables."""
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:migration_count])
        db = open_database(database_path(data_dir))
        assert applied_schema(db) == schema_names()
        db.conn.close()
    conn = sqlite3.connect(database_path(data_dir))
    conn.execute("ATTACH DATABASE ? AS full", [str(database_path(full_dir))])
    tables = [r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT "
                                         "LIKE '%fts%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
    with conn:
        for table in tables:
            columns = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})"))
            conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM full.{table}")
    conn.close()


@pytest.fixture(scope="module")
def full_demo_template(database_template):
    """The data directory of a fully migrated database with the whole demo campaign, made by today's code: the
    folder of ``database_template("full")`` (conftest.py), made once a worker, only ever copied."""
    return database_template("full").parent


@pytest.fixture
def full_demo(full_demo_template, tmp_path):
    """A copy of ``full_demo_template`` of the test's own; returns its data directory."""
    return shutil.copytree(full_demo_template, tmp_path / "full")


@pytest.fixture
def first_schema_demo(data_dir, full_demo, monkeypatch):
    """A data directory whose database has only the first migration, holding the demo campaign."""
    database_at(1, data_dir, full_demo, monkeypatch)
    return database_path(data_dir)


def test_migrating_from_the_first_schema_backs_up_first_and_keeps_the_data(data_dir, first_schema_demo,
                                                                          future_migrations):
    path = first_schema_demo
    db = open_database(path)
    try:
        assert applied_schema(db) == [name for name, _fn in future_migrations]
        assert db.execute("SELECT COUNT(*), SUM(priority) FROM cases").fetchone() == (36, 0)
        assert db.execute("SELECT COUNT(*) FROM parties").fetchone()[0] == 46
        assert "case_tags" in db.table_names()
    finally:
        db.conn.close()

    backups = list(backups_dir(data_dir).iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("before-migration-")
    copy = sqlite3.connect(backups[0])
    try:
        assert [r[0] for r in copy.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]
        assert copy.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 36
        assert "priority" not in [r[1] for r in copy.execute("PRAGMA table_info(cases)")]
    finally:
        copy.close()


def test_a_new_database_needs_no_backup_before_its_first_migrations(data_dir, future_migrations):
    db = open_database(database_path(data_dir))
    db.conn.close()
    assert not backups_dir(data_dir).exists()


def test_a_failing_migration_leaves_the_previous_schema_and_the_backup(data_dir, demo_db, monkeypatch, english):
    path = database_path(data_dir)
    demo_db.conn.close()
    def m002(database):
        database.execute("ALTER TABLE cases ADD COLUMN priority INTEGER")
        database.execute("ALTER TABLE no_such_table ADD COLUMN x INTEGER")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_broken", m002)])
    with pytest.raises(DatabaseError, match="cannot be used"):
        open_database(path)

    monkeypatch.undo()
    reopened = open_database(path)
    try:
        assert applied_schema(reopened) == schema_names()
        assert "priority" not in [c.name for c in reopened["cases"].columns]
        assert reopened.execute("SELECT COUNT(*) FROM agencies").fetchone()[0] == 38
        assert reopened.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 36
    finally:
        reopened.conn.close()
    assert len(list(backups_dir(data_dir).iterdir())) == 1


def test_a_database_of_a_newer_version_is_refused_without_change(data_dir, db, english):
    path = database_path(data_dir)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES (?, 'm007_document_blocks', '2027-01-01 00:00:00+00:00')", [MIGRATION_SET])
    db.conn.close()
    before = sha256(path)

    with pytest.raises(DatabaseError) as refused:
        open_database(path)

    message = str(refused.value)
    assert "newer version" in message and str(path) in message and "install that version" in message
    assert "m007_document_blocks" not in message  # an internal name, for the log: not the officer's business
    assert "\n" not in message
    assert sha256(path) == before
    assert not backups_dir(data_dir).exists()


def test_migrations_of_other_sets_in_the_same_file_are_not_mistaken_for_newer_ones(data_dir, db):
    path = database_path(data_dir)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
               "VALUES ('some_plugin', 'p001', '2026-01-01')")
    db.conn.close()
    reopened = open_database(path)
    reopened.conn.close()


def test_a_text_file_is_not_taken_for_a_database(data_dir, english):
    path = database_path(data_dir)
    path.write_text("案件编号,当事人\n佛南市监立〔2026〕1号,某公司\n", encoding="utf-8")
    before = sha256(path)
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        open_database(path)
    assert sha256(path) == before


def test_a_folder_in_place_of_the_database_file_is_refused(data_dir, english):
    path = database_path(data_dir)
    path.mkdir()
    with pytest.raises(DatabaseError, match="is a folder, not a database file"):
        open_database(path)
    assert list(path.iterdir()) == []


@pytest.mark.parametrize("damage", ["truncated_to_half", "truncated_to_first_page", "overwritten_after_header"])
def test_a_damaged_database_is_refused_with_advice_to_restore(data_dir, demo_db, damage, english):
    path = database_path(data_dir)
    demo_db.conn.close()
    data = path.read_bytes()
    damaged = {
        "truncated_to_half": data[: len(data) // 2],
        "truncated_to_first_page": data[:4096],
        "overwritten_after_header": data[:100] + bytes(range(256)) * ((len(data) - 100) // 256),
    }[damage]
    path.write_bytes(damaged)

    with pytest.raises(DatabaseError, match="is damaged and cannot be read. There is no backup in the backup folder"):
        open_database(path)
    assert path.read_bytes() == damaged


def test_a_database_locked_by_another_copy_is_refused(data_dir, db, table_counts, english):
    path = database_path(data_dir)
    before = table_counts(db)
    db.execute("BEGIN EXCLUSIVE")
    db.execute("INSERT INTO settings (key, value) VALUES ('held', 'by the other copy')")
    try:
        with pytest.raises(DatabaseError, match="locked by another program"):
            open_database(path)
    finally:
        db.execute("ROLLBACK")
    assert table_counts(db) == before
    again = open_database(path)
    again.conn.close()


def test_migrating_issued_documents_keeps_them_frozen_and_their_corrections(data_dir, full_demo, monkeypatch):
    """m005 rebuilds the documents table (case optional, an interview possible): issued rows, a correction
    that supersedes one, and the triggers that freeze them all survive."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import get_document, issue_document
    from workstation.store import find_case

    db = open_database(database_path(full_demo))
    case = find_case(db, "佛南市监立〔2026〕1号")
    first = issue_document(db, full_demo, case, find_form("rectification_order"))
    second = issue_document(db, full_demo, case, find_form("rectification_order"), supersedes=first.id)
    db.conn.close()
    names = [name for name, _fn in schema.MIGRATIONS]
    database_at(names.index("m005_editors"), data_dir, full_demo, monkeypatch)
    db = open_database(database_path(data_dir))
    try:
        assert "m005_editors" in applied_schema(db)
        assert get_document(db, second.id).supersedes_id == first.id
        assert get_document(db, first.id).number == first.number
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            db.execute("UPDATE documents SET values_json = '{}' WHERE id = ?", [first.id])
        with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
            db.execute("DELETE FROM documents WHERE id = ?", [first.id])
        with pytest.raises(sqlite3.IntegrityError, match="superseded document does not exist"):
            db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, values_json, pdf_sha256, "
                       "pages, supersedes_id, issued_at, issued_by) SELECT 'x', case_id, form_id, form_version, "
                       "title, values_json, pdf_sha256, pages, 'nothing', issued_at, issued_by FROM documents "
                       "WHERE id = ?", [first.id])
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute("INSERT INTO documents (id, form_id, form_version, title, values_json, pdf_sha256, pages, "
                       "issued_at, issued_by) SELECT 'y', form_id, form_version, title, values_json, pdf_sha256, "
                       "pages, issued_at, issued_by FROM documents WHERE id = ?", [first.id])
    finally:
        db.conn.close()


def test_search_indexes_gather_new_terms_in_a_larger_buffer(db):
    for table in ("cases_fts", "complaints_fts"):
        stored = db.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'").fetchone()
        assert stored == (16 * 1024 * 1024,)
