"""The named migrations of the workstation schema, applied in order by ``sqlite_utils.Migrations``.

Never edit a migration that has shipped: append a new one to ``MIGRATIONS``. Each is a function of the
database run inside one transaction. The set is built only when a database needs migrating, so opening an
up-to-date database does not load sqlite-utils' migration machinery."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "workstation"

INITIAL = [
    """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE agencies (
        id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, level TEXT NOT NULL
            CHECK (level IN ('city', 'district', 'town')),
        name TEXT NOT NULL, short_name TEXT NOT NULL, parent_id TEXT REFERENCES agencies(id),
        district TEXT NOT NULL DEFAULT '', town TEXT NOT NULL DEFAULT '',
        doc_abbrev TEXT NOT NULL DEFAULT '', reconsideration_body TEXT NOT NULL DEFAULT '',
        police TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)""",
    """CREATE TABLE officers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, cert_no TEXT NOT NULL DEFAULT '',
        agency_id TEXT NOT NULL REFERENCES agencies(id), active INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL)""",
    """CREATE INDEX officers_agency ON officers(agency_id)""",
    """CREATE TABLE parties (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL
            CHECK (kind IN ('company', 'individual_business', 'person', 'association')),
        name TEXT NOT NULL, uscc TEXT NOT NULL DEFAULT '', id_number TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '', legal_rep TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE INDEX parties_name ON parties(name)""",
    """CREATE INDEX parties_uscc ON parties(uscc) WHERE uscc != ''""",
    """CREATE INDEX parties_id_number ON parties(id_number) WHERE id_number != ''""",
    """CREATE TABLE cases (
        id TEXT PRIMARY KEY, case_number TEXT NOT NULL UNIQUE, cause TEXT NOT NULL,
        sector TEXT NOT NULL, violations TEXT NOT NULL DEFAULT '[]',
        agency_id TEXT NOT NULL REFERENCES agencies(id), district TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL, party_names TEXT NOT NULL DEFAULT '',
        lead_received_on TEXT, filed_on TEXT, notice_served_on TEXT, notice_waived INTEGER NOT NULL DEFAULT 0,
        decided_on TEXT, served_on TEXT, closed_on TEXT,
        records_trace INTEGER NOT NULL DEFAULT 0 CHECK (records_trace >= 0),
        records_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (records_sensitive >= 0),
        records_other INTEGER NOT NULL DEFAULT 0 CHECK (records_other >= 0),
        duty_related INTEGER NOT NULL DEFAULT 0,
        illegal_gains_fen INTEGER NOT NULL DEFAULT 0 CHECK (illegal_gains_fen >= 0),
        fine_fen INTEGER NOT NULL DEFAULT 0 CHECK (fine_fen >= 0),
        confiscated_fen INTEGER NOT NULL DEFAULT 0 CHECK (confiscated_fen >= 0),
        facts TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1)""",
    """CREATE INDEX cases_status ON cases(status, case_number)""",
    """CREATE INDEX cases_sector ON cases(sector, case_number)""",
    """CREATE INDEX cases_district ON cases(district, case_number)""",
    """CREATE INDEX cases_agency ON cases(agency_id, case_number)""",
    """CREATE INDEX cases_filed ON cases(filed_on)""",
    """CREATE INDEX cases_party_names ON cases(party_names)""",
    """CREATE TABLE case_parties (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        party_id TEXT NOT NULL REFERENCES parties(id), role TEXT NOT NULL DEFAULT 'party',
        position INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (case_id, party_id))""",
    """CREATE INDEX case_parties_party ON case_parties(party_id)""",
    """CREATE TABLE case_officers (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        officer_id TEXT NOT NULL REFERENCES officers(id), position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (case_id, officer_id))""",
    """CREATE INDEX case_officers_officer ON case_officers(officer_id)""",
    """CREATE TABLE case_events (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, on_date TEXT, at TEXT NOT NULL, actor TEXT NOT NULL DEFAULT '',
        from_status TEXT, to_status TEXT, note TEXT NOT NULL DEFAULT '')""",
    """CREATE INDEX case_events_case ON case_events(case_id, at)""",
    """CREATE TABLE leads (
        id TEXT PRIMARY KEY, source TEXT NOT NULL, received_at TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '', target_party_id TEXT REFERENCES parties(id),
        target_name TEXT NOT NULL DEFAULT '', target_phone TEXT NOT NULL DEFAULT '',
        agency_id TEXT REFERENCES agencies(id), sector TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'registered', case_id TEXT REFERENCES cases(id),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE INDEX leads_received ON leads(received_at)""",
    """CREATE INDEX leads_agency ON leads(agency_id)""",
    """CREATE TABLE complaints (
        id TEXT PRIMARY KEY, source TEXT NOT NULL, external_id TEXT NOT NULL DEFAULT '',
        received_at TEXT, text TEXT NOT NULL DEFAULT '', raw TEXT NOT NULL DEFAULT '{}',
        source_file TEXT NOT NULL DEFAULT '', source_row INTEGER, lead_id TEXT REFERENCES leads(id),
        created_at TEXT NOT NULL)""",
    """CREATE TABLE interviews (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), held_on TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'single', subject TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
        rectification_due TEXT, status TEXT NOT NULL DEFAULT 'held',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE interview_parties (
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        party_id TEXT NOT NULL REFERENCES parties(id), PRIMARY KEY (interview_id, party_id))""",
    """CREATE TABLE publicity (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), held_on TEXT NOT NULL,
        title TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'community',
        flyers INTEGER NOT NULL DEFAULT 0 CHECK (flyers >= 0), sms INTEGER NOT NULL DEFAULT 0 CHECK (sms >= 0),
        participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE number_sequences (
        agency_id TEXT NOT NULL REFERENCES agencies(id), kind TEXT NOT NULL, year INTEGER NOT NULL,
        last INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (agency_id, kind, year))""",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        entity TEXT NOT NULL, entity_id TEXT NOT NULL, before_digest TEXT NOT NULL DEFAULT '',
        after_digest TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
    """CREATE VIRTUAL TABLE cases_fts USING fts5(
        case_number, party_names, cause, content='cases', content_rowid='rowid', tokenize='trigram')""",
    """CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
        INSERT INTO cases_fts(rowid, case_number, party_names, cause)
        VALUES (new.rowid, new.case_number, new.party_names, new.cause); END""",
    """CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
        INSERT INTO cases_fts(cases_fts, rowid, case_number, party_names, cause)
        VALUES ('delete', old.rowid, old.case_number, old.party_names, old.cause); END""",
    """CREATE TRIGGER cases_fts_update AFTER UPDATE OF case_number, party_names, cause ON cases BEGIN
        INSERT INTO cases_fts(cases_fts, rowid, case_number, party_names, cause)
        VALUES ('delete', old.rowid, old.case_number, old.party_names, old.cause);
        INSERT INTO cases_fts(rowid, case_number, party_names, cause)
        VALUES (new.rowid, new.case_number, new.party_names, new.cause); END""",
]


def m001_initial(db: Database) -> None:
    """The first schema: reference data, parties, cases and their links, leads, interviews, audit."""
    for statement in INITIAL:
        db.execute(statement)


DOC_NUMBERS = [
    """CREATE TABLE doc_numbers (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), type_code TEXT NOT NULL,
        year INTEGER NOT NULL, serial INTEGER NOT NULL CHECK (serial > 0), number TEXT NOT NULL UNIQUE,
        document_id TEXT, status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
        void_reason TEXT NOT NULL DEFAULT '', issued_at TEXT NOT NULL, voided_at TEXT,
        UNIQUE (agency_id, type_code, year, serial))""",
]


def m002_doc_numbers(db: Database) -> None:
    """文号 given out: one row per number, issued or void with its reason; never deleted, never reused."""
    for statement in DOC_NUMBERS:
        db.execute(statement)


DOCUMENTS = [
    """CREATE TABLE files (
        sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL, created_at TEXT NOT NULL)""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'issued'
            CHECK (status IN ('issued', 'void')),
        number TEXT, values_json TEXT NOT NULL, pdf_sha256 TEXT NOT NULL REFERENCES files(sha256),
        pages INTEGER NOT NULL, supersedes_id TEXT REFERENCES documents(id), issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL, void_reason TEXT NOT NULL DEFAULT '')""",
    """CREATE INDEX documents_case ON documents(case_id, issued_at)""",
    # issued documents are frozen: only the move to void (with its reason) may change a row, and rows stay
    """CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
        WHEN NOT (old.status = 'issued' AND new.status = 'void' AND new.values_json = old.values_json
                  AND new.pdf_sha256 = old.pdf_sha256 AND new.number IS old.number
                  AND new.form_version = old.form_version AND new.case_id = old.case_id)
        BEGIN SELECT RAISE(ABORT, 'issued documents cannot be changed'); END""",
    """CREATE TRIGGER documents_kept BEFORE DELETE ON documents
        BEGIN SELECT RAISE(ABORT, 'issued documents cannot be deleted'); END""",
]


def m003_documents(db: Database) -> None:
    """Issued documents, frozen with their values, form version and the sha256 of their PDF in the file store."""
    for statement in DOCUMENTS:
        db.execute(statement)


CLOCKS = [
    # what the law's time limits need beyond the key dates: when the case went to review, when the act
    # occurred (the law in force, Penalty Law art. 37), prior punishment (criminal threshold I), the norm and
    # discretion chosen for the penalty with the written reason an amount outside its tier needs
    """ALTER TABLE cases ADD COLUMN review_on TEXT""",
    """ALTER TABLE cases ADD COLUMN act_on TEXT""",
    """ALTER TABLE cases ADD COLUMN prior_punished INTEGER NOT NULL DEFAULT 0""",
    """ALTER TABLE cases ADD COLUMN penalty_norm TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE cases ADD COLUMN discretion_tier TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE cases ADD COLUMN discretion_factors TEXT NOT NULL DEFAULT '[]'""",
    """ALTER TABLE cases ADD COLUMN discretion_reason TEXT NOT NULL DEFAULT ''""",
    # events that stop, extend or start a statutory clock: suspensions, hearings, public notices, testing
    # periods (intervals), extensions with their approval, preservation, seizure, payment deferral …
    """CREATE TABLE clock_events (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, clock TEXT NOT NULL DEFAULT '', starts_on TEXT NOT NULL, ends_on TEXT,
        days INTEGER NOT NULL DEFAULT 0 CHECK (days >= 0), approved_on TEXT, approved_by TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        CHECK (ends_on IS NULL OR ends_on >= starts_on))""",
    """CREATE INDEX clock_events_case ON clock_events(case_id, starts_on)""",
]


def m004_clocks(db: Database) -> None:
    """Statutory clocks: the events that stop or extend them, and the case facts the legal rules need."""
    for statement in CLOCKS:
        db.execute(statement)


EDITORS = [
    # the working copy of each document being edited, autosaved: a row still open when the app starts again
    # is a draft lost to a crash or a kill, offered back to the officer
    """CREATE TABLE drafts (
        id TEXT PRIMARY KEY, form_id TEXT NOT NULL,
        case_id TEXT REFERENCES cases(id) ON DELETE CASCADE,
        interview_id TEXT REFERENCES interviews(id) ON DELETE CASCADE,
        title TEXT NOT NULL DEFAULT '', values_json TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'saved', 'discarded', 'issued')),
        created_at TEXT NOT NULL, saved_at TEXT NOT NULL)""",
    """CREATE INDEX drafts_open ON drafts(status, saved_at)""",
    """CREATE INDEX drafts_case ON drafts(case_id, form_id)""",
    # evidence of a case: files kept by content in <data>/files, with where, when and by whom they were taken;
    # a spreadsheet of leaked records may carry the count of distinct records found in it
    """CREATE TABLE evidence (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL REFERENCES files(sha256), file_name TEXT NOT NULL, media_type TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0), kind TEXT NOT NULL DEFAULT 'other',
        source TEXT NOT NULL DEFAULT '', collected_on TEXT, collector TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '', record_count INTEGER CHECK (record_count IS NULL OR record_count >= 0),
        record_category TEXT NOT NULL DEFAULT '', count_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (case_id, sha256))""",
    """CREATE INDEX evidence_case ON evidence(case_id, collected_on)""",
    # the register of administrative interviews (约谈)
    """ALTER TABLE interviews ADD COLUMN place TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE interviews ADD COLUMN attendees TEXT NOT NULL DEFAULT '[]'""",
    """ALTER TABLE interviews ADD COLUMN topics TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE interviews ADD COLUMN provisions TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE interviews ADD COLUMN commitments TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE interviews ADD COLUMN follow_up_on TEXT""",
    """ALTER TABLE interviews ADD COLUMN follow_up_result TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE interviews ADD COLUMN case_id TEXT REFERENCES cases(id)""",
    # documents may belong to an interview instead of a case: the table is rebuilt with case_id optional (its
    # frozen triggers are dropped first, as the rebuild must not fire them, and made again after)
    """DROP TRIGGER documents_frozen""",
    """DROP TRIGGER documents_kept""",
    """CREATE TABLE documents_rebuilt (
        id TEXT PRIMARY KEY, case_id TEXT REFERENCES cases(id), interview_id TEXT REFERENCES interviews(id),
        form_id TEXT NOT NULL, form_version INTEGER NOT NULL, title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
        number TEXT, values_json TEXT NOT NULL, pdf_sha256 TEXT NOT NULL REFERENCES files(sha256),
        pages INTEGER NOT NULL, supersedes_id TEXT, issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL, void_reason TEXT NOT NULL DEFAULT '',
        CHECK ((case_id IS NULL) != (interview_id IS NULL)))""",
    """INSERT INTO documents_rebuilt (id, case_id, interview_id, form_id, form_version, title, status, number,
        values_json, pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason)
        SELECT id, case_id, NULL, form_id, form_version, title, status, number, values_json, pdf_sha256, pages,
        supersedes_id, issued_at, issued_by, void_reason FROM documents""",
    """DROP TABLE documents""",
    """ALTER TABLE documents_rebuilt RENAME TO documents""",
    """CREATE INDEX documents_case ON documents(case_id, issued_at)""",
    """CREATE INDEX documents_interview ON documents(interview_id, issued_at)""",
    # what the dropped column reference did: a correction names a document that exists
    """CREATE TRIGGER documents_supersedes BEFORE INSERT ON documents
        WHEN new.supersedes_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents WHERE id = new.supersedes_id)
        BEGIN SELECT RAISE(ABORT, 'the superseded document does not exist'); END""",
    """CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
        WHEN NOT (old.status = 'issued' AND new.status = 'void' AND new.values_json = old.values_json
                  AND new.pdf_sha256 = old.pdf_sha256 AND new.number IS old.number
                  AND new.form_version = old.form_version AND new.case_id IS old.case_id
                  AND new.interview_id IS old.interview_id)
        BEGIN SELECT RAISE(ABORT, 'issued documents cannot be changed'); END""",
    """CREATE TRIGGER documents_kept BEFORE DELETE ON documents
        BEGIN SELECT RAISE(ABORT, 'issued documents cannot be deleted'); END""",
]


def m005_editors(db: Database) -> None:
    """Form editors: autosaved drafts, the evidence register, the interview register, documents of interviews."""
    for statement in EDITORS:
        db.execute(statement)


SCREENING = [
    # complaints as imported from hotline and consumer-council exports: the row kept verbatim (raw, file, row),
    # the mapped fields, and what screening found (category, numbers and businesses named, the lead)
    """ALTER TABLE complaints ADD COLUMN channel TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN complainant_phone TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN target_name TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN address TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN district TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN category TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN phones TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN businesses TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN sector TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE complaints ADD COLUMN same_as TEXT""",
    """ALTER TABLE complaints ADD COLUMN screened_at TEXT""",
    """CREATE UNIQUE INDEX complaints_external ON complaints(source, external_id) WHERE external_id != ''""",
    """CREATE INDEX complaints_lead ON complaints(lead_id)""",
    """CREATE INDEX complaints_received ON complaints(received_at)""",
    """CREATE INDEX complaints_complainant ON complaints(complainant_phone, received_at)""",
    # the search index of complaint texts (trigram: any two-or-more-character fragment of Chinese text; queries
    # shorter than three characters go to the base table)
    """CREATE VIRTUAL TABLE complaints_fts USING fts5(text, content='complaints', content_rowid='rowid',
        tokenize='trigram')""",
    """CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
        INSERT INTO complaints_fts(rowid, text) VALUES (new.rowid, new.text); END""",
    """CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints BEGIN
        INSERT INTO complaints_fts(complaints_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END""",
    """CREATE TRIGGER complaints_fts_update AFTER UPDATE OF text ON complaints BEGIN
        INSERT INTO complaints_fts(complaints_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO complaints_fts(rowid, text) VALUES (new.rowid, new.text); END""",
    # leads grouped from complaints: the key that makes screening again find the same lead, what it is about,
    # and the assignment (交办), its decision (file / not file / refer) and where it went
    """ALTER TABLE leads ADD COLUMN group_key TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN phones TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN businesses TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN category TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN district TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN complaint_count INTEGER NOT NULL DEFAULT 0""",
    """ALTER TABLE leads ADD COLUMN first_at TEXT""",
    """ALTER TABLE leads ADD COLUMN last_at TEXT""",
    """ALTER TABLE leads ADD COLUMN assigned_on TEXT""",
    """ALTER TABLE leads ADD COLUMN decision TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN decided_on TEXT""",
    """ALTER TABLE leads ADD COLUMN decision_reason TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE leads ADD COLUMN referred_to TEXT NOT NULL DEFAULT ''""",
    """CREATE INDEX leads_group ON leads(group_key) WHERE group_key != ''""",
    # column mappings of complaint exports, remembered by profile (12345 work orders, consumer council, 12315)
    """CREATE TABLE import_profiles (
        name TEXT PRIMARY KEY, mapping TEXT NOT NULL, updated_at TEXT NOT NULL)""",
]


def m006_screening(db: Database) -> None:
    """Complaint screening: mapped and screened complaints with their search index, leads grouped from them
    with their assignment and decision, remembered column mappings."""
    for statement in SCREENING:
        db.execute(statement)


LEAD_DOCUMENTS = [
    # documents may also belong to a lead (案件交办通知书, 案件移送函 before any case exists): the table is rebuilt
    # once more with exactly one owner, its freezing triggers dropped first and made again
    """DROP TRIGGER documents_frozen""",
    """DROP TRIGGER documents_kept""",
    """DROP TRIGGER documents_supersedes""",
    """CREATE TABLE documents_rebuilt (
        id TEXT PRIMARY KEY, case_id TEXT REFERENCES cases(id), interview_id TEXT REFERENCES interviews(id),
        lead_id TEXT REFERENCES leads(id),
        form_id TEXT NOT NULL, form_version INTEGER NOT NULL, title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
        number TEXT, values_json TEXT NOT NULL, pdf_sha256 TEXT NOT NULL REFERENCES files(sha256),
        pages INTEGER NOT NULL, supersedes_id TEXT, issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL, void_reason TEXT NOT NULL DEFAULT '',
        CHECK ((case_id IS NOT NULL) + (interview_id IS NOT NULL) + (lead_id IS NOT NULL) = 1))""",
    """INSERT INTO documents_rebuilt (id, case_id, interview_id, lead_id, form_id, form_version, title, status,
        number, values_json, pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason)
        SELECT id, case_id, interview_id, NULL, form_id, form_version, title, status, number, values_json,
        pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason FROM documents""",
    """DROP TABLE documents""",
    """ALTER TABLE documents_rebuilt RENAME TO documents""",
    """CREATE INDEX documents_case ON documents(case_id, issued_at)""",
    """CREATE INDEX documents_interview ON documents(interview_id, issued_at)""",
    """CREATE INDEX documents_lead ON documents(lead_id, issued_at)""",
    """CREATE TRIGGER documents_supersedes BEFORE INSERT ON documents
        WHEN new.supersedes_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents WHERE id = new.supersedes_id)
        BEGIN SELECT RAISE(ABORT, 'the superseded document does not exist'); END""",
    """CREATE TRIGGER documents_frozen BEFORE UPDATE ON documents
        WHEN NOT (old.status = 'issued' AND new.status = 'void' AND new.values_json = old.values_json
                  AND new.pdf_sha256 = old.pdf_sha256 AND new.number IS old.number
                  AND new.form_version = old.form_version AND new.case_id IS old.case_id
                  AND new.interview_id IS old.interview_id AND new.lead_id IS old.lead_id)
        BEGIN SELECT RAISE(ABORT, 'issued documents cannot be changed'); END""",
    """CREATE TRIGGER documents_kept BEFORE DELETE ON documents
        BEGIN SELECT RAISE(ABORT, 'issued documents cannot be deleted'); END""",
    # and their drafts in the editor
    """ALTER TABLE drafts ADD COLUMN lead_id TEXT REFERENCES leads(id) ON DELETE CASCADE""",
]


def m007_lead_documents(db: Database) -> None:
    """Documents of leads (assignment notices and transfer letters issued before a case exists)."""
    for statement in LEAD_DOCUMENTS:
        db.execute(statement)


BUNDLES = [
    # stations: this laptop's own identity (role self; the private keys are files in the data directory), the
    # headquarters bundles are encrypted to (role hq), and at HQ the stations whose signed bundles it accepts
    # (role trusted), with the head of each station's audit log as far as HQ has received it
    """CREATE TABLE stations (
        id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', agency_id TEXT REFERENCES agencies(id),
        sign_key TEXT NOT NULL, box_key TEXT NOT NULL DEFAULT '', fingerprint TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('self', 'hq', 'trusted')),
        trusted_at TEXT, trusted_by TEXT NOT NULL DEFAULT '',
        audit_seq INTEGER NOT NULL DEFAULT 0, audit_head TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL)""",
    # the audit log segments received from each station, kept as they came so that the next one can be checked
    # to continue them
    """CREATE TABLE station_audit (
        station_id TEXT NOT NULL REFERENCES stations(id), seq INTEGER NOT NULL, at TEXT NOT NULL,
        actor TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        before_digest TEXT NOT NULL DEFAULT '', after_digest TEXT NOT NULL DEFAULT '', prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL, PRIMARY KEY (station_id, seq))""",
    """CREATE TABLE bundle_exports (
        id TEXT PRIMARY KEY, created_at TEXT NOT NULL, created_by TEXT NOT NULL, scope TEXT NOT NULL,
        since TEXT, path TEXT NOT NULL, sha256 TEXT NOT NULL, encrypted INTEGER NOT NULL DEFAULT 0,
        cases INTEGER NOT NULL DEFAULT 0, files INTEGER NOT NULL DEFAULT 0,
        audit_from INTEGER NOT NULL DEFAULT 0, audit_to INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE bundle_imports (
        id TEXT PRIMARY KEY, bundle_id TEXT NOT NULL, station_id TEXT NOT NULL REFERENCES stations(id),
        sha256 TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL, file_name TEXT NOT NULL DEFAULT '',
        new INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0)""",
    """CREATE INDEX bundle_imports_bundle ON bundle_imports(bundle_id)""",
    # the last version of each record shared with another station (received in a bundle): a field changed here
    # and there since that version is a conflict, never a silent overwrite
    """CREATE TABLE sync_base (
        tbl TEXT NOT NULL, record_id TEXT NOT NULL, row_json TEXT NOT NULL, station_id TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (tbl, record_id)) WITHOUT ROWID""",
    """CREATE TABLE conflicts (
        id TEXT PRIMARY KEY, tbl TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
        local_value TEXT, incoming_value TEXT, base_value TEXT,
        station_id TEXT NOT NULL, import_id TEXT NOT NULL REFERENCES bundle_imports(id), detected_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept_local', 'took_incoming')),
        resolved_at TEXT, resolved_by TEXT NOT NULL DEFAULT '')""",
    """CREATE INDEX conflicts_open ON conflicts(status, tbl, record_id)""",
    # reports sent for a period: the figures frozen when sent, so that the report can be printed again exactly
    """CREATE TABLE report_periods (
        id TEXT PRIMARY KEY, label TEXT NOT NULL UNIQUE, date_from TEXT, date_to TEXT,
        agency_id TEXT REFERENCES agencies(id), frozen_at TEXT NOT NULL, frozen_by TEXT NOT NULL,
        snapshot TEXT NOT NULL, sha256 TEXT NOT NULL)""",
    """CREATE TRIGGER report_periods_frozen BEFORE UPDATE ON report_periods
        BEGIN SELECT RAISE(ABORT, 'a frozen report period cannot be changed'); END""",
    # indexes the export of "everything changed since the last export" reads by
    """CREATE INDEX cases_updated ON cases(updated_at)""",
    """CREATE INDEX leads_updated ON leads(updated_at)""",
    """CREATE INDEX interviews_updated ON interviews(updated_at)""",
    """CREATE INDEX publicity_updated ON publicity(updated_at)""",
    """CREATE INDEX audit_entity ON audit(entity, entity_id)""",
]


def m008_bundles(db: Database) -> None:
    """Case bundles to headquarters: station identities and trust, exports and imports, shared versions and
    conflicts, frozen report periods."""
    for statement in BUNDLES:
        db.execute(statement)


def m009_screening_index(db: Database) -> None:
    """The complaints a screening run must read again — not screened yet, related, or in a lead — indexed apart,
    so that a run after an import that screened its rows reads those and not the whole table."""
    db.execute("CREATE INDEX complaints_attention ON complaints(category) "
               "WHERE screened_at IS NULL OR category != '' OR lead_id IS NOT NULL")


# bytes of new index terms each search index gathers in memory before writing them out as a segment: with
# SQLite's 1 MB default, a bulk import writes many small segments and keeps merging them; 16 MB fills the
# complaint index of an import about a quarter faster, for about that much more memory during the import
SEARCH_INDEX_BUFFER = 16 * 1024 * 1024


def m010_search_buffers(db: Database) -> None:
    """A larger in-memory buffer of new terms for the two search indexes (a setting FTS5 keeps in its own
    configuration table, so it holds for every connection)."""
    for table in ("cases_fts", "complaints_fts"):
        db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", [SEARCH_INDEX_BUFFER])


LEAD_EXTENSIONS = [
    # the approved extension of a lead's verification period (T1, +15 working days with the head's approval):
    # by how many working days, approved on which day and by whom (0 days: not extended)
    """ALTER TABLE leads ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0 CHECK (extension_days >= 0)""",
    """ALTER TABLE leads ADD COLUMN extension_approved_on TEXT""",
    """ALTER TABLE leads ADD COLUMN extension_approved_by TEXT NOT NULL DEFAULT ''""",
]


def m011_lead_extensions(db: Database) -> None:
    """The approved extension of a lead's 15-working-day verification period (T1)."""
    for statement in LEAD_EXTENSIONS:
        db.execute(statement)


BUNDLE_HISTORY = [
    # every version of a shared record this database has held in common with another station, by the sha256 of what
    # it says without created_at, updated_at and version (bundle.tables.common_digest), and the station it was
    # received from (this station's own id: sent from here): a station's bundle names the version its copy grew
    # from, and when that version is held here it is the base of the merge
    """CREATE TABLE sync_versions (
        tbl TEXT NOT NULL, record_id TEXT NOT NULL, digest TEXT NOT NULL, station_id TEXT NOT NULL,
        row_json TEXT NOT NULL, PRIMARY KEY (tbl, record_id, digest, station_id)) WITHOUT ROWID""",
    # a conflict may also end without anyone choosing: agreed (a later bundle of the station brought the value
    # held here), superseded (a later bundle of the station brought another value, a conflict of its own)
    """CREATE TABLE conflicts_ended (
        id TEXT PRIMARY KEY, tbl TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
        local_value TEXT, incoming_value TEXT, base_value TEXT,
        station_id TEXT NOT NULL, import_id TEXT NOT NULL REFERENCES bundle_imports(id), detected_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open'
            CHECK (status IN ('open', 'kept_local', 'took_incoming', 'agreed', 'superseded')),
        resolved_at TEXT, resolved_by TEXT NOT NULL DEFAULT '')""",
    """INSERT INTO conflicts_ended (id, tbl, record_id, field, local_value, incoming_value, base_value, station_id,
        import_id, detected_at, status, resolved_at, resolved_by)
        SELECT id, tbl, record_id, field, local_value, incoming_value, base_value, station_id, import_id,
        detected_at, status, resolved_at, resolved_by FROM conflicts""",
    """DROP TABLE conflicts""",
    """ALTER TABLE conflicts_ended RENAME TO conflicts""",
    """CREATE INDEX conflicts_open ON conflicts(status, tbl, record_id)""",
]


def m012_bundle_history(db: Database) -> None:
    """The versions of shared records held in common with other stations (seeded with the last one of each), and
    conflicts that end when the station comes to agree or sends another value."""
    import hashlib
    import json

    for statement in BUNDLE_HISTORY:
        db.execute(statement)
    meta = {"created_at", "updated_at", "version"}  # as bundle.tables.META_FIELDS when this was written
    rows = []
    for tbl, record_id, text, station in db.execute("SELECT tbl, record_id, row_json, station_id FROM sync_base"
                                                    ).fetchall():
        said = {k: v for k, v in json.loads(text).items() if k not in meta}
        canonical = json.dumps(said, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        rows.append((tbl, record_id, hashlib.sha256(canonical.encode("utf-8")).hexdigest(), station, text))
    db.conn.executemany("INSERT OR IGNORE INTO sync_versions (tbl, record_id, digest, station_id, row_json) "
                        "VALUES (?, ?, ?, ?, ?)", rows)


def m013_complaint_numbers(db: Database) -> None:
    """The numbers screening extracted from the related complaints (``phones``, normalised), indexed apart: a
    search for a number's digits reads them there, so it finds 135-0000-0011 by 13500000011 without reading the
    table (see ``workstation.store.complaints``)."""
    db.execute("CREATE INDEX complaints_phones ON complaints(phones) WHERE phones != ''")


COMPLAINT_NUMBERS = [
    # the telephone numbers each complaint's text writes otherwise than normalised (with separators, brackets, a
    # country code, a local number without its area code), normalised: a search for a number's digits reads them
    # here for every complaint, screened or not (see workstation.store.complaints); texts writing none have no row
    """CREATE TABLE complaint_numbers (complaint_rowid INTEGER PRIMARY KEY, numbers TEXT NOT NULL)""",
    """CREATE TRIGGER complaint_numbers_delete AFTER DELETE ON complaints BEGIN
        DELETE FROM complaint_numbers WHERE complaint_rowid = old.rowid; END""",
    # the screened numbers' index (m013) served the search before: the table above holds them all
    """DROP INDEX IF EXISTS complaints_phones""",
]


def m014_complaint_numbers_written(db: Database) -> None:
    """The numbers every complaint writes otherwise than normalised, filled for the complaints stored (the numbers
    screening extracted, m013, covered the related complaints only)."""
    from workstation.store.complaints import reindex_numbers

    for statement in COMPLAINT_NUMBERS:
        db.execute(statement)
    reindex_numbers(db)


def m015_complaint_content_keys(db: Database) -> None:
    """Complaints without a work-order id found again by what they say (``content_key``: channel, receipt time,
    complainant's number, text), indexed, and filled for those stored: importing the same export again, or a later
    one overlapping it, then adds only the complaints not stored yet."""
    from workstation.store.complaints import fill_content_keys

    db.execute("ALTER TABLE complaints ADD COLUMN content_key TEXT")
    fill_content_keys(db)  # before the index is made: sorted once
    db.execute("CREATE INDEX complaints_content ON complaints(content_key) WHERE content_key IS NOT NULL")


def m016_lead_complainant(db: Database) -> None:
    """The number of the person who reported a lead registered by hand (a walk-in report, a letter, a call):
    personal information, masked in lists like a complaint's complainant number ('' when none was given)."""
    db.execute("ALTER TABLE leads ADD COLUMN complainant_phone TEXT NOT NULL DEFAULT ''")


def m017_draft_defaults(db: Database) -> None:
    """The values a new document's draft was opened with (the form's defaults for its case, interview or lead, as
    the editor shows them): a draft left open by a crash still holding them holds nothing the officer wrote, and is
    not offered back (NULL for the drafts stored before: those are offered)."""
    db.execute("ALTER TABLE drafts ADD COLUMN defaults_json TEXT")


def m018_evidence_recipient(db: Database) -> None:
    """The person or unit an evidence item shows the records were sold or provided to (提供对象; '' when it is not
    a separate sale or provision): the same records provided to different recipients are counted for each (2017
    interpretation art. 11 para. 2)."""
    db.execute("ALTER TABLE evidence ADD COLUMN recipient TEXT NOT NULL DEFAULT ''")


def m019_event_party(db: Database) -> None:
    """The party a procedure action was taken for (NULL for an action of the whole case): in a case with several
    parties the hearing request is made by one of them, and the hearing stage ends once each party who asked was
    heard (Penalty Law arts. 64, 65)."""
    db.execute("ALTER TABLE case_events ADD COLUMN party_id TEXT REFERENCES parties(id)")


def m020_interview_lead_phone(db: Database) -> None:
    """The lead an administrative interview was held because of (complaints pointing at the business; NULL when
    none), and the contact phone its 约谈通知书 prints (the app keeps no phone of an agency or officer, so the
    officer types it on the interview, and a new interview of the same agency starts from the last one)."""
    db.execute("ALTER TABLE interviews ADD COLUMN lead_id TEXT REFERENCES leads(id)")
    db.execute("ALTER TABLE interviews ADD COLUMN contact_phone TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX interviews_lead ON interviews(lead_id) WHERE lead_id IS NOT NULL")


def m021_complaint_numbers_given(db: Database) -> None:
    """When a complaint stored without a work-order id was given it by a fuller export of the same channel
    (``numbered_at``, NULL for the others): the next bundle carries the complaint again, so that headquarters takes
    the id too. And the complainants' numbers older versions stored with an extension glued on, repaired where the
    raw row tells (``workstation.importing.complaint_repair``)."""
    from workstation.importing.complaint_repair import repair_glued_extensions
    from workstation.screening.complaint import rules_for

    db.execute("ALTER TABLE complaints ADD COLUMN numbered_at TEXT")
    repair_glued_extensions(db, rules_for(db).phones["default_area_code"])


def m022_clock_event_party(db: Database) -> None:
    """The party whose own reconsideration or litigation a clock event is (NULL for one of the whole case, and for
    every other kind): only that party's late-payment surcharge is paused (Penalty Law art. 73 para. 3). The version
    before kept that party's id in ``clock`` (which names the time limit an extension extends): moved here, and
    ``clock`` cleared for these kinds (an id naming no stored party leaves the event the whole case's)."""
    kinds = "kind IN ('reconsideration', 'litigation') AND clock != ''"
    db.execute("ALTER TABLE clock_events ADD COLUMN party_id TEXT REFERENCES parties(id)")
    db.execute(f"UPDATE clock_events SET party_id = clock WHERE {kinds} AND clock IN (SELECT id FROM parties)")
    db.execute(f"UPDATE clock_events SET clock = '' WHERE {kinds}")


CASE_DISTRICT_FROM_AGENCY = (
    # the district a case's agency gives it, as ``store.cases.normalized_case`` fills it in: a town office its
    # district bureau's, the city bureau none ('', counted as 市局本级)
    "UPDATE cases SET district = (SELECT a.district FROM agencies a WHERE a.id = cases.agency_id) "
    "WHERE district != (SELECT a.district FROM agencies a WHERE a.id = cases.agency_id)")


def m023_case_district_follows_agency(db: Database) -> None:
    """Each case's district set from its agency where they disagree: versions before 2026-11-30 kept the old
    agency's district when a case was handed to another agency, so the statistics counted it there. Every case's
    district is its agency's (the register importer, too, takes it from the agency its district column names).
    Like m021's repair, nothing is audited and ``updated_at`` stays: headquarters runs the same repair, and a
    bundle's cases take their agency's district when merged (``bundle.merge``)."""
    db.execute(CASE_DISTRICT_FROM_AGENCY)


NUMBER_BLOCKS = [
    """CREATE TABLE number_blocks (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), type_code TEXT NOT NULL,
        year INTEGER NOT NULL, first_serial INTEGER NOT NULL CHECK (first_serial > 0),
        last_serial INTEGER NOT NULL, station_id TEXT NOT NULL, allocated_by TEXT NOT NULL DEFAULT '',
        allocated_at TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', CHECK (last_serial >= first_serial))""",
    """CREATE INDEX number_blocks_sequence ON number_blocks(agency_id, type_code, year, first_serial)""",
]


def m024_number_blocks(db: Database) -> None:
    """Number blocks (号段): serials of one 文号 sequence (agency, type code, year) headquarters allocated to a
    station, which issues inside them only (``documents.number_blocks``)."""
    for statement in NUMBER_BLOCKS:
        db.execute(statement)


def m025_case_list_order(db: Database) -> None:
    """The case list sorted in a meaningful order, served by indexes over 100,000 cases: case numbers naturally
    (佛南市监立〔2026〕9号 before 〔2026〕10号), the statuses in procedural order and the sectors in the vocabulary's
    (``store.cases.case_order_indexes``). The indexes of the exact filters are made again with that number order
    (a filtered list needs no sort), the ones with the numbers as text dropped."""
    from workstation.store.cases import case_order_indexes

    for name in ("cases_status", "cases_sector", "cases_district"):
        db.execute(f"DROP INDEX IF EXISTS {name}")
    for statement in case_order_indexes():
        db.execute(statement)


def m026_lead_reporter_told(db: Database) -> None:
    """The day the named reporter of a lead (its reporter's number recorded) was told whether it was filed
    (``reporter_told_on``, NULL while not yet: T24, 5 working days from the decision) and how (phone, letter or
    SMS; '' when not said)."""
    db.execute("ALTER TABLE leads ADD COLUMN reporter_told_on TEXT")
    db.execute("ALTER TABLE leads ADD COLUMN reporter_told_how TEXT NOT NULL DEFAULT ''")


#: partial indexes of the few rows the board's T19 query (``clocks.changed_decisions``) and the statistics'
#: filed-case and police-transfer counts (``stats.FILED_CASE``) read, so that neither reads a whole table
CHANGE_INDEXES = [
    """CREATE INDEX documents_superseding ON documents(supersedes_id) WHERE supersedes_id IS NOT NULL""",
    """CREATE INDEX documents_void ON documents(form_id) WHERE status = 'void'""",
    """CREATE INDEX case_events_not_filed ON case_events(case_id) WHERE to_status = 'not_filed'""",
    """CREATE INDEX case_events_to_police ON case_events(case_id) WHERE to_status = 'transferred_police'""",
]


def m027_change_indexes(db: Database) -> None:
    """Indexes of the corrections and voided documents (T19's starts on the deadline board) and of the cases
    declined or transferred to the police (the statistics): at headquarters, hundreds of thousands of documents
    and case events are otherwise read on every board count and statistics query. Indexes only: bundles carry
    no index, so they need no change."""
    for statement in CHANGE_INDEXES:
        db.execute(statement)


def m028_filing_proposed(db: Database) -> None:
    """The day the filing was proposed for approval (立案呈批日期, on the 立案审批表 the handling unit's date; NULL when
    not recorded): ``filed_on`` stays the day the head approved it, from which T2 counts (REFERENCE §2.2, No. 7).
    Bundles carry the column like every case column; one of an older version, without it, leaves it as it is."""
    db.execute("ALTER TABLE cases ADD COLUMN filing_proposed_on TEXT")


def m029_procedure_kind(db: Database) -> None:
    """The procedure a case was decided under: 'simple' for the simple procedure (简易程序, a 当场行政处罚决定书 issued
    on the spot, Penalty Law arts. 51, 52; ``procedure.decide_on_the_spot``), NULL for the ordinary procedure.
    Bundles carry the column like every case column; one of an older version, without it, leaves it as it is."""
    db.execute("ALTER TABLE cases ADD COLUMN procedure_kind TEXT")


def m030_event_details(db: Database) -> None:
    """What a procedure action recorded besides its date and note, as JSON (NULL when nothing): for the payment
    (履行完毕, a party's payment) the amount paid in fen, the surcharge (加处罚款) in fen and the number of the
    payment voucher (缴款凭证), which the 结案审批表 prints. Bundles carry the column like every timeline column; an
    event of an older version, without it, has none."""
    db.execute("ALTER TABLE case_events ADD COLUMN details TEXT")


def m031_case_sort_keys(db: Database) -> None:
    """The case list's party and cause columns sorted in pinyin order (as in Excel and WPS), not by character code:
    a sort key of each (GB18030, ``store.sort_keys``), indexed before the natural case-number order, filled here for
    the cases stored before and cleared by a trigger when the text changes without it. Bundles do not carry the keys
    (each station computes its own)."""
    from workstation.store.cases import NUMBER_ORDER
    from workstation.store.sort_keys import fill_sort_keys, sort_key_statements

    for statement in sort_key_statements(NUMBER_ORDER):
        db.execute(statement)
    fill_sort_keys(db)


LEAD_HISTORY = [
    # what happened to a lead besides its current state, one row per step, never changed once written: a
    # re-assignment (改派, kind 'reassigned': the earlier agency, since when it held the lead, its T1 due date and by
    # how many working days the re-assignment came after it — 0: the deadline was met — and the agency it went to)
    # or a withdrawn decision not to file (撤销不予立案, kind 'not_filing_withdrawn': the day and reason of the decision
    # withdrawn). ``on_date`` is the day it happened, ``at`` when it was recorded here. A lead with a history is not
    # deleted (re-screening keeps it emptied, as one a document refers to)
    """CREATE TABLE lead_history (
        id TEXT PRIMARY KEY, lead_id TEXT NOT NULL REFERENCES leads(id),
        kind TEXT NOT NULL, on_date TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '', agency_id TEXT, assigned_on TEXT, due TEXT,
        late_days INTEGER NOT NULL DEFAULT 0 CHECK (late_days >= 0), to_agency_id TEXT,
        decided_on TEXT, decision_reason TEXT NOT NULL DEFAULT '')""",
    """CREATE INDEX lead_history_lead ON lead_history(lead_id, on_date, at)""",
]
#: the settings rows the versions before m032 kept a lead's history in ({lead id: [entry, ...]}, oldest first)
LEAD_HISTORY_SETTINGS = {"reassigned": "lead_reassignments", "not_filing_withdrawn": "lead_not_filing_withdrawn"}


def m032_lead_history(db: Database) -> None:
    """A lead's re-assignments and withdrawn decisions not to file in a table of their own (``lead_history``), which
    bundles carry with the lead as an append-only table: the versions before kept them in settings rows, which no
    bundle carried, so headquarters never saw them. Those rows are moved here (recorded now, so that the next bundle
    carries them) and removed; an entry of a lead no longer held is dropped with it. Not audited, like the other
    moves of a migration: the audit keeps each entry as it was first written."""
    import json

    from workstation.records import id_stream, now

    for statement in LEAD_HISTORY:
        db.execute(statement)
    stamp, ids = now(), id_stream()  # ids in the order the entries were kept
    held = {row[0] for row in db.execute("SELECT id FROM leads")}
    rows = []
    for kind, key in LEAD_HISTORY_SETTINGS.items():
        found = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        try:
            history = json.loads(found[0]) if found else {}
        except ValueError:
            history = {}
        for lead_id, entries in (history.items() if isinstance(history, dict) else ()):
            for entry in entries if lead_id in held and isinstance(entries, list) else ():
                if not isinstance(entry, dict):
                    continue
                day = entry.get("until") if kind == "reassigned" else entry.get("withdrawn_on")
                rows.append((next(ids), lead_id, kind, str(day or stamp[:10]), stamp, str(entry.get("by") or ""),
                             str(entry.get("reason") or ""), entry.get("agency_id") or None,
                             entry.get("assigned_on") or None, entry.get("due") or None,
                             max(int(entry.get("late_days") or 0), 0), entry.get("to") or None,
                             entry.get("decided_on") or None, str(entry.get("decision_reason") or "")))
        db.execute("DELETE FROM settings WHERE key = ?", [key])
    db.conn.executemany("INSERT INTO lead_history (id, lead_id, kind, on_date, at, actor, reason, agency_id, "
                        "assigned_on, due, late_days, to_agency_id, decided_on, decision_reason) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


#: the tables of the versions held in common with other stations as m033 makes them: tables with a rowid (a row
#: of a WITHOUT ROWID table longer than about a quarter of a page spills into an overflow page of its own), their
#: versions compressed (``bundle.tables.packed_row``)
SHARED_VERSION_TABLES = {
    "sync_base": ("""CREATE TABLE sync_base_packed (
        tbl TEXT NOT NULL, record_id TEXT NOT NULL, row_json BLOB NOT NULL, station_id TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (tbl, record_id))""",
                  ("tbl", "record_id", "row_json", "station_id", "updated_at")),
    "sync_versions": ("""CREATE TABLE sync_versions_packed (
        tbl TEXT NOT NULL, record_id TEXT NOT NULL, digest TEXT NOT NULL, station_id TEXT NOT NULL,
        row_json BLOB NOT NULL, PRIMARY KEY (tbl, record_id, digest, station_id))""",
                      ("tbl", "record_id", "digest", "station_id", "row_json")),
}


def m033_packed_shared_versions(db: Database) -> None:
    """The versions held in common with other stations (``sync_base``, ``sync_versions``) kept compactly: they were
    JSON text in WITHOUT ROWID tables, where a case's version is longer than a page holds in place, so each took a
    whole overflow page more, and one export of everything made the database several times larger (and every
    backup with it). Both tables are made again as tables with a rowid, their versions compressed, a batch at a
    time; what they say is unchanged. The pages freed are reused by the database."""
    import zlib

    for table, (create, columns) in SHARED_VERSION_TABLES.items():
        db.execute(create)
        names = ", ".join(columns)
        at = columns.index("row_json")
        cursor = db.conn.execute(f"SELECT {names} FROM {table}")
        while rows := cursor.fetchmany(2000):
            db.conn.executemany(
                f"INSERT INTO {table}_packed ({names}) VALUES ({', '.join('?' * len(columns))})",
                [(*row[:at], zlib.compress(row[at].encode("utf-8"), 6) if isinstance(row[at], str) else row[at],
                  *row[at + 1:]) for row in rows])
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}_packed RENAME TO {table}")


def m034_export_destinations(db: Database) -> None:
    """Which cases each bundle written here carried and where it was going, so that "who sent which cases where"
    is answered from ``bundle_exports`` (the case's timeline, ``audit exports``, the exchange page): ``case_ids``
    the JSON list of the cases' ids, ``destination`` 'hq' (a station's bundle for headquarters) or 'station' (a
    hand-out headquarters made for one station) with that station's id and name, or 'stations' (headquarters'
    bundle for any station). Not audited, so nothing new
    travels in a bundle: an audit entry would go in the next bundle's segment and headquarters would refuse a
    bundle of chosen cases for it. The exports written before keep NULL: which cases they carried is unknown."""
    db.execute("ALTER TABLE bundle_exports ADD COLUMN case_ids TEXT")
    db.execute("ALTER TABLE bundle_exports ADD COLUMN destination TEXT")
    db.execute("ALTER TABLE bundle_exports ADD COLUMN destination_id TEXT")
    db.execute("ALTER TABLE bundle_exports ADD COLUMN destination_name TEXT")


def m035_interview_time(db: Database) -> None:
    """The time of day an interview is held (``held_at``, HH:MM), asked with its date: its 约谈通知书 prints it and
    its 约谈记录 starts from it. The interviews kept before have none ('') and their notice asks for it."""
    db.execute("ALTER TABLE interviews ADD COLUMN held_at TEXT NOT NULL DEFAULT ''")


def m036_complaint_verdict(db: Database) -> None:
    """An officer's verdict on a complaint, overriding what screening found (``workstation.screening.verdict``):
    ``verdict`` 'related' or 'unrelated' (NULL while screening's own reading stands), with the officer's
    ``verdict_reason``, who gave it (``verdict_by``, the officer's name) and when (``verdict_at``). Columns of the
    complaint rather than a table of their own: screening reads them in the same pass as the complaint, and they
    travel with the complaint's row in a bundle, taken like its other screening results from the side that
    screened it last. The complaints stored before have no verdict."""
    db.execute("ALTER TABLE complaints ADD COLUMN verdict TEXT CHECK (verdict IN ('related', 'unrelated'))")
    db.execute("ALTER TABLE complaints ADD COLUMN verdict_reason TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE complaints ADD COLUMN verdict_by TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE complaints ADD COLUMN verdict_at TEXT")


def m037_complaint_verdict_lead(db: Database) -> None:
    """The lead an officer's correction took a complaint out of (``verdict_lead``; NULL when it left none): its pane
    lists the complaints taken out with who, when and why, and clearing the correction puts the complaint back there
    while that lead is undecided (``workstation.screening.verdict``). The corrections made before say no lead: those
    complaints wait for screening when cleared, as they did."""
    db.execute("ALTER TABLE complaints ADD COLUMN verdict_lead TEXT")
    db.execute("CREATE INDEX complaints_verdict_lead ON complaints(verdict_lead) WHERE verdict_lead IS NOT NULL")


def m038_interview_party_results(db: Database) -> None:
    """Each party of an interview has its own follow-up and escalation (``party_results``: JSON {party id:
    {"case_id": the case it was escalated to, and, when its follow-up differs from the interview's,
    "follow_up_on", "follow_up_result"}}; NULL while no party has one): a joint interview's parties rectify or are
    escalated one by one (``store.interviews.party_result``). A column of the interview, so that it travels with
    the interview's row in a bundle. An interview escalated before was escalated for all its parties: each of them
    is given that case; the follow-up recorded for the whole interview stays each party's."""
    import json

    db.execute("ALTER TABLE interviews ADD COLUMN party_results TEXT")
    escalated: dict[str, dict] = {}
    for interview_id, case_id, party_id in db.execute(
            "SELECT i.id, i.case_id, ip.party_id FROM interviews i JOIN interview_parties ip ON ip.interview_id = i.id "
            "WHERE i.case_id IS NOT NULL ORDER BY i.id, ip.party_id").fetchall():
        escalated.setdefault(interview_id, {})[party_id] = {"case_id": case_id}
    # written as the store writes it (``store.base.dumps``), so that saving the interview again changes nothing
    db.conn.executemany("UPDATE interviews SET party_results = ? WHERE id = ?",
                        [(json.dumps(results, ensure_ascii=False), interview_id)
                         for interview_id, results in escalated.items()])


def m039_interview_void(db: Database) -> None:
    """Why a mistaken interview was voided (``void_reason``; its ``status`` then ``void``): it stays in the register
    greyed out with the reason, and is left out of the statistics and the deadline board
    (``store.interviews.void_interview``). A column of the interview, so that it travels with its row in a bundle.
    The interviews kept before were voided by none: ''."""
    db.execute("ALTER TABLE interviews ADD COLUMN void_reason TEXT NOT NULL DEFAULT ''")


# the search index of complaints as m040 makes it: the text and the business complained about (被投诉方), so that
# a search finds a complaint by the business its export names in a column of its own
COMPLAINT_SEARCH_INDEX = [
    """CREATE VIRTUAL TABLE complaints_fts USING fts5(text, target_name, content='complaints', content_rowid='rowid',
        tokenize='trigram')""",
    """CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
        INSERT INTO complaints_fts(rowid, text, target_name) VALUES (new.rowid, new.text, new.target_name); END""",
    """CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints BEGIN
        INSERT INTO complaints_fts(complaints_fts, rowid, text, target_name)
        VALUES ('delete', old.rowid, old.text, old.target_name); END""",
    """CREATE TRIGGER complaints_fts_update AFTER UPDATE OF text, target_name ON complaints BEGIN
        INSERT INTO complaints_fts(complaints_fts, rowid, text, target_name)
        VALUES ('delete', old.rowid, old.text, old.target_name);
        INSERT INTO complaints_fts(rowid, text, target_name) VALUES (new.rowid, new.text, new.target_name); END""",
]


def m040_complaint_search_business(db: Database) -> None:
    """The complaint search index holds the business complained about (``target_name``, the 被投诉方 column) beside
    the text. An FTS5 table takes no new column: it is made again and filled in one bulk ``rebuild`` from the
    complaints (not row by row), with the larger buffer of m010, and its triggers name both columns."""
    for trigger in ("complaints_fts_insert", "complaints_fts_delete", "complaints_fts_update"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS complaints_fts")
    db.execute(COMPLAINT_SEARCH_INDEX[0])
    db.execute("INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('hashsize', ?)", [SEARCH_INDEX_BUFFER])
    db.execute("INSERT INTO complaints_fts(complaints_fts) VALUES ('rebuild')")
    for statement in COMPLAINT_SEARCH_INDEX[1:]:
        db.execute(statement)


# the 文号 table as m041 makes it: a number (and its serial in its sequence) is unique among the numbers in force
# only; a voided row may share it with one issued (the number given twice after a restore, the station's copy
# voided and issued again under a new number, headquarters' still in force)
DOC_NUMBERS_VOID_APART = [
    """CREATE TABLE doc_numbers_rebuilt (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), type_code TEXT NOT NULL,
        year INTEGER NOT NULL, serial INTEGER NOT NULL CHECK (serial > 0), number TEXT NOT NULL,
        document_id TEXT, status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
        void_reason TEXT NOT NULL DEFAULT '', issued_at TEXT NOT NULL, voided_at TEXT)""",
    """INSERT INTO doc_numbers_rebuilt (id, agency_id, type_code, year, serial, number, document_id, status,
        void_reason, issued_at, voided_at)
        SELECT id, agency_id, type_code, year, serial, number, document_id, status, void_reason, issued_at,
        voided_at FROM doc_numbers""",
    """DROP TABLE doc_numbers""",
    """ALTER TABLE doc_numbers_rebuilt RENAME TO doc_numbers""",
    """CREATE UNIQUE INDEX doc_numbers_issued_number ON doc_numbers(number) WHERE status = 'issued'""",
    """CREATE UNIQUE INDEX doc_numbers_issued_serial ON doc_numbers(agency_id, type_code, year, serial)
        WHERE status = 'issued'""",
    # the lookups the dropped constraints served, voided numbers included (a voided number is never given again)
    """CREATE INDEX doc_numbers_number ON doc_numbers(number)""",
    """CREATE INDEX doc_numbers_sequence ON doc_numbers(agency_id, type_code, year, serial)""",
]


def m041_doc_numbers_void_apart(db: Database) -> None:
    """A 文号 is unique among the numbers in force, not among the voided ones: after a restore a station may give a
    number again that headquarters holds; voiding its own copy and issuing that document again (under a new
    number) must let headquarters' hand-out bring the original in, and headquarters take the voided copy. The table
    is rebuilt without its two UNIQUE constraints (SQLite drops none), which become partial unique indexes over the
    issued rows; the rows are kept as they were."""
    for statement in DOC_NUMBERS_VOID_APART:
        db.execute(statement)


def m042_case_column_order(db: Database) -> None:
    """The case list sorted by 涉案信息条数 or by 登记日期 over 100,000 cases without sorting them all for every page:
    an index of each sort key before the natural number order (``store.cases.column_order_indexes``), read forwards
    or backwards. The filing-date one replaces the plain ``cases_filed`` (its first column is the same). Indexes
    only: bundles carry none."""
    from workstation.store.cases import column_order_indexes

    db.execute("DROP INDEX IF EXISTS cases_filed")
    for statement in column_order_indexes():
        db.execute(statement)


def m043_case_penalty_order(db: Database) -> None:
    """The case list sorted by 罚没金额 over 100,000 cases without working out every case's amount for each page: the
    amount the list shows kept on each case (``penalty_sort``), indexed before the natural number order, kept by
    triggers on every table it is read from (``store.sort_keys.penalty_key_statements``), filled here for the cases
    stored before. Bundles do not carry it (each station works out its own)."""
    from workstation.store.cases import NUMBER_ORDER
    from workstation.store.sort_keys import fill_penalty_keys, penalty_key_statements

    _clock_event_no_fine(db)  # read by today's key (m047)
    for statement in penalty_key_statements(NUMBER_ORDER):
        db.execute(statement)
    fill_penalty_keys(db)


def m044_case_review_grounds(db: Database) -> None:
    """The grounds of Penalty Law art. 58 para. 1 an officer marks on a case (keys of thresholds.toml
    ``[[legal_review.grounds]]``: a major public interest, a difficult case with several legal relationships, another
    law requiring it), as a JSON list, '[]' for none: the decision of a case marked so is refused until its legal
    review is recorded, as that of a case whose hearing was held (``decision_review``). Bundles carry the column like
    every case column; one of an older version, without it, leaves it as it is."""
    db.execute("ALTER TABLE cases ADD COLUMN review_grounds TEXT NOT NULL DEFAULT '[]'")


# the evidence table as m045 makes it: an item voided as registered by mistake (``void_reason`` not '') keeps its row
# and its number, and the same file may be registered again as a new item, so a file is unique in its case among the
# items in force only
EVIDENCE_VOID_APART = [
    """CREATE TABLE evidence_rebuilt (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL REFERENCES files(sha256), file_name TEXT NOT NULL, media_type TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0), kind TEXT NOT NULL DEFAULT 'other',
        source TEXT NOT NULL DEFAULT '', collected_on TEXT, collector TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '', record_count INTEGER CHECK (record_count IS NULL OR record_count >= 0),
        record_category TEXT NOT NULL DEFAULT '', count_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, recipient TEXT NOT NULL DEFAULT '',
        void_reason TEXT NOT NULL DEFAULT '', voided_at TEXT)""",
    # rowid kept: the register numbers items registered at the same moment by it
    """INSERT INTO evidence_rebuilt (rowid, id, case_id, sha256, file_name, media_type, size, kind, source,
        collected_on, collector, description, record_count, record_category, count_note, created_at, updated_at,
        recipient)
        SELECT rowid, id, case_id, sha256, file_name, media_type, size, kind, source, collected_on, collector,
        description, record_count, record_category, count_note, created_at, updated_at, recipient FROM evidence""",
    """DROP TABLE evidence""",
    """ALTER TABLE evidence_rebuilt RENAME TO evidence""",
    """CREATE UNIQUE INDEX evidence_case_file ON evidence(case_id, sha256) WHERE void_reason = ''""",
    """CREATE INDEX evidence_case ON evidence(case_id, collected_on)""",
]


def m045_evidence_void(db: Database) -> None:
    """An evidence item registered by mistake (the wrong screenshot, another case's call log) is voided with its
    reason (``void_reason``) and the time (``voided_at``), never deleted: it keeps its number, stays in the register
    greyed out, and is left out of the documents drafted afterwards (``store.evidence.void_evidence``). The same
    file may then be registered again, so the table is rebuilt without its UNIQUE (case_id, sha256) constraint
    (SQLite drops none), which becomes a partial unique index over the items in force. Columns of the item, so that
    the void travels with its row in a bundle; the items kept before were voided by none."""
    for statement in EVIDENCE_VOID_APART:
        db.execute(statement)


def m046_case_penalty_revoked(db: Database) -> None:
    """The case list's 罚没金额 leaves out a decision revoked on the party's reconsideration or lawsuit (撤销,
    撤销并责令重新作出 until a new decision is made), as the statistics do: its sort key (``penalty_sort``, m043) is
    worked out so, by triggers made again (``store.sort_keys.remake_penalty_keys``) that also fire on the clock events
    recording those outcomes and on the decision date a new decision moves, and filled again for the cases stored
    before. Bundles do not carry the key."""
    from workstation.store.sort_keys import remake_penalty_keys

    _clock_event_no_fine(db)  # read by today's key (m047)
    remake_penalty_keys(db)


def m047_clock_event_no_fine(db: Database) -> None:
    """A decision changed on reconsideration or in court to no fine at all (变更 to a warning alone, say): the outcome
    says so in ``no_fine`` (its ``days`` keeps the fine as changed otherwise, never below 0). The case list's
    罚没金额 counts such a fine as nothing, as the statistics do: the sort key's triggers are made again with that
    reading (``store.sort_keys.remake_penalty_keys``). A bundle of an older version carries no such column; an older
    version ignores it and counts the fine decided."""
    from workstation.store.sort_keys import remake_penalty_keys

    _clock_event_no_fine(db)
    remake_penalty_keys(db)


def _clock_event_no_fine(db: Database) -> None:
    """``clock_events.no_fine`` (m047) added unless it is there: the sort key m043 and m046 fill is worked out by
    today's code, which reads it (a database migrated from before m043 gets it there)."""
    if "no_fine" not in {row[1] for row in db.execute("PRAGMA table_info(clock_events)")}:
        db.execute("ALTER TABLE clock_events ADD COLUMN no_fine INTEGER NOT NULL DEFAULT 0 CHECK (no_fine IN (0, 1))")


def m048_documents_by_issue(db: Database) -> None:
    """The register of issued documents (发文登记, ``workstation.document_register``) lists them newest first: an
    index in that order gives its page without sorting every document (some hundred thousand at headquarters)."""
    db.execute("CREATE INDEX IF NOT EXISTS documents_issued ON documents(issued_at)")


def m049_publication_reviews(db: Database) -> None:
    """The review with which a decision's publication copy (公示版) was last written (``documents.publication_review``):
    the names the officer typed to mask as typed, the suggested names left whole and every name masked on request
    (JSON lists), when and by which officer. One row per decision, replaced at each copy written, audited as
    ``publication_review``; bundles carry it with its decision (``bundle.tables``)."""
    db.execute("""CREATE TABLE IF NOT EXISTS publication_reviews (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        typed TEXT NOT NULL DEFAULT '', kept_whole TEXT NOT NULL DEFAULT '[]', masked TEXT NOT NULL DEFAULT '[]',
        reviewed_at TEXT NOT NULL, reviewed_by TEXT NOT NULL DEFAULT '')""")


def m054_interview_follow_up_outcome(db: Database) -> None:
    """The outcome of an interview's follow-up as the officer chose it: ``rectified``, ``not_rectified`` or
    ``unverified`` (its text only suggests one); NULL for a follow-up recorded before (read from its text, as it
    was) or none. A party's own follow-up keeps its outcome in ``party_results``. Bundles carry the column like every
    interview column; one of an older version, without it, leaves it as it is."""
    db.execute("ALTER TABLE interviews ADD COLUMN follow_up_outcome TEXT")


def m053_leads_case(db: Database) -> None:
    """The leads a case was filed from, found by the case: a case's documents include its leads' (its 案件来源登记表
    issued before filing, ``formkit.values.OF_CASE``), looked for at each print, list and issue, which scanned every
    lead of a station. Partial: the leads filed as cases, few among the screened."""
    db.execute("CREATE INDEX IF NOT EXISTS leads_case ON leads(case_id) WHERE case_id IS NOT NULL")


def m052_case_law_conditions(db: Database) -> None:
    """The facts an officer established on a case that change the law applied to it, as a JSON list of keys, '[]'
    for none: the party refused to correct (个人信息保护法 art. 66 para. 1 then fines), the party is an intermediary
    (办法 art. 13 para. 2), the information was bought only for lawful business (the 2017 interpretation's art. 6).
    Bundles carry the column like every case column; one of an older version, without it, leaves it as it is."""
    db.execute("ALTER TABLE cases ADD COLUMN law_conditions TEXT NOT NULL DEFAULT '[]'")


def m051_complaint_copies(db: Database) -> None:
    """The copies of a complaint sent through another channel (``same_as``: few among a million) found without
    reading every complaint: the leads page's totals count a complaint once (``store.leads.complaint_totals``), as
    the statistics do. A partial index, covering what those totals read of a copy (its category and lead): the
    complaints that are no copy, nearly all of them, are not in it, and an import of a million adds nothing to it
    for them."""
    db.execute("CREATE INDEX IF NOT EXISTS complaints_copies ON complaints(same_as, category, lead_id) "
               "WHERE same_as IS NOT NULL")


def m050_complaint_landline_zero(db: Database) -> None:
    """The complainants' landlines earlier versions stored without their leading 0 (75786123457: a CSV Excel saved, a
    contact written 757-86123457) given it, with their content keys, so that importing their export again finds them
    (``store.complaints.mend_lost_zero``; each screening run does the same for those a bundle of an older version
    brings). They are screened again by the next screening run: their own number may have been taken for a lead's."""
    from workstation.importing.complaints import lost_zero_codes
    from workstation.store.complaints import mend_lost_zero

    mend_lost_zero(db, lost_zero_codes())


def m055_evidence_per_recipient(db: Database) -> None:
    """The same file registered once for each person or unit its records were sold or provided to: a customer list
    sold to two agencies is two items, each counted for its buyer (2017 interpretation art. 11 para. 2), so a file is
    unique in its case per recipient (``recipient`` as stored: spaces made one), among the items in force (m045).
    The index of m045 on (case_id, sha256) gives way to one on (case_id, sha256, recipient); the items stored before
    hold it already. ``store.evidence.add_evidence`` refuses the same content for the same recipient, the case of
    Latin letters aside (``recipient_key``); bundles check the same columns (``bundle.tables``)."""
    db.execute("DROP INDEX IF EXISTS evidence_case_file")
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS evidence_case_file_recipient ON evidence(case_id, sha256, "
               "recipient) WHERE void_reason = ''")


def m056_lead_reporter(db: Database) -> None:
    """Who reported a lead registered by hand, beyond the number m016 keeps: the reporter's name and postal address
    ('' when not given: a letter, 来信, may give a name and an address and no number), and the day the reporter
    asked not to be told the outcome (``reporter_declined_on``, NULL when not) with what the officer recorded of it
    (``reporter_declined_reason``). A report is named (实名举报: T24, the 举报处理结果告知书; 暂行办法 art. 31) when its
    reporter gave a name and a phone or an address — or, as before, a number alone (until m058 asked for the name:
    ``clocks.NAMED_REPORTER``); one
    whose reporter declined to be told has no T24 running. Personal information, masked in lists. Bundles carry
    the columns like every lead column; one of an older version, without them, leaves them as they are."""
    db.execute("ALTER TABLE leads ADD COLUMN reporter_name TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE leads ADD COLUMN reporter_address TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE leads ADD COLUMN reporter_declined_on TEXT")
    db.execute("ALTER TABLE leads ADD COLUMN reporter_declined_reason TEXT NOT NULL DEFAULT ''")


def m057_officer_names(db: Database) -> None:
    """The names an officer of the register had before a rename (``officer_names``: the officer, the former name,
    ``until`` the time of the rename), written with the rename (``store.agencies.save_officer``). The audit log,
    the case events and the documents record who acted by name (``actor``, ``issued_by``), and the audit log is
    never rewritten: the screens show a name recorded before the rename as recorded, an officer's then
    (``store.agencies.recorded_officer``), not blank as if nobody signed in. Not carried in bundles."""
    db.execute("CREATE TABLE IF NOT EXISTS officer_names (officer_id TEXT NOT NULL REFERENCES officers(id) "
               "ON DELETE CASCADE, name TEXT NOT NULL, until TEXT NOT NULL)")
    db.execute("CREATE INDEX IF NOT EXISTS officer_names_name ON officer_names(name)")


def m058_lead_named_by_number(db: Database) -> None:
    """The reports stored before a named report (实名举报: T24, the 举报处理结果告知书; 暂行办法 art. 31) needed the
    reporter's name (``clocks.NAMED_REPORTER``: a name with a phone or an address) that hold the reporter's number and
    no name — all a report registered by hand could record of its reporter before m056 — marked
    (``reporter_named_by_number``, 1) so that they stay named as they were when stored: a T24 running is not lost,
    their letter may still be written. Not a lead this bureau found in its own inspection (监督检查), nor a work order
    of the 12345 hotline, the 12315 platform or the consumer council, which were not named either. A report
    registered after has 0: its reporter's name is asked for. Bundles carry the column like every lead column (both
    sides mark the same leads); one of an older version, without it, has its number-only reports marked the same way
    as it is read (``bundle.reader._named_by_number_before_m058``)."""
    db.execute("ALTER TABLE leads ADD COLUMN reporter_named_by_number INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE leads SET reporter_named_by_number = 1 WHERE complainant_phone != '' AND reporter_name = '' "
               "AND source NOT IN ('inspection', '12345', '12315', 'consumer_council')")


def m059_complaint_masked_numbers(db: Database) -> None:
    """The complainants' numbers versions before 2026-12-05 made of a caller's number an export showed masked
    (138****1234 stored as 1381234: the visible digits, which two callers masked alike share) cleared where the raw
    row tells, as the importer now stores such a cell (no number; of several, the whole ones), with their content
    keys; the copies linked as one complaint received through two channels on those digits alone linked no more
    (``workstation.importing.masked_repair``). Like m021's repair, nothing is audited: the complaints are screened
    again by the next screening run, which stamps them for the next bundle; headquarters runs the same repair."""
    from workstation.importing.complaints import lost_zero_codes
    from workstation.importing.masked_repair import repair_masked_numbers
    from workstation.screening.complaint import rules_for

    repair_masked_numbers(db, rules_for(db).phones["default_area_code"], lost_zero_codes())


def m060_complaint_masked_digits(db: Database) -> None:
    """The digits a caller's number an export showed masked leaves visible (138****8000), kept beside the number
    stored as none (``complainant_masked``), so that the complainant's own number written in the text (其手机13800138000…)
    is told from the numbers complained about; filled where the raw row kept the masked cell, and the suspect numbers
    an earlier screening took from such a text (not those the 被反映对象 column writes) left out of the complaints of
    leads screening still regroups
    (``workstation.importing.masked_repair.keep_masked_digits``: a decided lead's complaints keep the screening acted
    on). The content keys stay: the number they hold is still none. Nothing is audited, as m059: the complaints changed
    are stamped for the next bundle, and headquarters runs the same."""
    from workstation.importing.complaints import lost_zero_codes
    from workstation.importing.masked_repair import keep_masked_digits
    from workstation.screening.complaint import rules_for

    db.execute("ALTER TABLE complaints ADD COLUMN complainant_masked TEXT NOT NULL DEFAULT ''")
    keep_masked_digits(db, rules_for(db).phones["default_area_code"], lost_zero_codes())


def m061_seizure_extension_measure(db: Database) -> None:
    """The seal-up or seizure an extension of its period (T14) extends (``clock_events.measure_id``, the id of its
    "seizure" event): 行政强制法 art. 25 extends each measure once, by its own 延长行政强制措施期限决定书, and an
    extension naming none moved the T14 of every seizure of the case (of its party: ``clocks.EventFacts.of_measure``).
    An extension recorded before is given the measure it can only have extended: the single seizure of the case
    (of the extension's party or of the whole case) running on the day it was approved; one of a case where several
    ran that day names none and still extends each of them. Like m023's repair, nothing is audited and
    ``updated_at`` stays: headquarters runs the same. An older version ignores the column."""
    from workstation.clocks import rules
    from workstation.errors import WorkstationError
    from workstation.store.clock_events import link_earlier_extensions

    if "measure_id" not in {row[1] for row in db.execute("PRAGMA table_info(clock_events)")}:
        db.execute("ALTER TABLE clock_events ADD COLUMN measure_id TEXT")
    try:  # a clocks.toml that cannot be read at all (the bureau's refused copy gives way to the shipped one; a
        rules()  # damaged installation) does not stop the database from opening: its extensions are left naming
    except WorkstationError:  # none, each extending every measure of its case as before m061
        return
    link_earlier_extensions(db)


def m062_screened_lead_agency(db: Database) -> None:
    """The leads a station made from complaints (screened, or made by an officer of related complaints) before
    2026-12-06 held no agency: counted under none (未交办线索) at the station and at headquarters, and headquarters'
    hand-out did not know them as the station's. Each is given the agency screening now gives it
    (``screening.hand_leads.station_holder``): at a station with an agency, those its own audit log records making
    here; anywhere, those a station's bundle brought that the station's audit log (``station_audit``) records making
    there, that station's agency. Like m061's repair, nothing is audited and ``updated_at`` stays: the station and
    headquarters each give their copy the same agency, so that no bundle carries it and no merge sees it as a
    change. An older version reads the column as before."""
    from workstation.screening.hand_leads import station_holder

    holder = station_holder(db)
    if holder:
        db.execute("UPDATE leads SET agency_id = ? WHERE COALESCE(agency_id, '') = '' AND id IN (SELECT entity_id "
                   "FROM audit WHERE entity = 'lead' AND action = 'create')", [holder])
    made = ("SELECT s.agency_id FROM station_audit a JOIN stations s ON s.id = a.station_id WHERE a.entity = 'lead' "
            "AND a.action = 'create' AND a.entity_id = leads.id AND s.agency_id IS NOT NULL ORDER BY a.seq LIMIT 1")
    db.execute(f"UPDATE leads SET agency_id = ({made}) WHERE COALESCE(agency_id, '') = '' AND ({made}) IS NOT NULL")


def m063_interview_deadline_typed(db: Database) -> None:
    """Whether an interview's rectification deadline was given by the officer (1: typed in the editor or with
    ``--deadline``) rather than counted by the program (0): one typed is never counted again — when its date moves
    or a holiday file is imported (``store.interviews.deadline_was_typed``) —, even on the day the Monday-to-Friday
    count gave. The interviews kept before are not told apart: 0, as they were read. Bundles carry the column like
    every interview column; an older version ignores it."""
    db.execute("ALTER TABLE interviews ADD COLUMN deadline_typed INTEGER NOT NULL DEFAULT 0")


def m064_case_district_order(db: Database) -> None:
    """The case list sorted by 辖区 in pinyin order (禅城区, 高明区, 南海区, 三水区, 顺德区), as officers know it from
    Excel and WPS, instead of by character code (三水区 first, 禅城区 among the last): the districts' rank in that
    order (``store.cases.district_order``), indexed before the natural number order so that a page either way is
    read from the index (``store.cases.district_order_index``). An index only: bundles carry none, and an older
    version sorts as before."""
    from workstation.store.cases import district_order_index

    db.execute(district_order_index())


def m065_complaint_source_sheet(db: Database) -> None:
    """The sheet of a workbook of several sheets a complaint was imported from (``source_sheet``, '' for a CSV or a
    workbook of one sheet), whose rows the sheet numbers: ``source_row`` alone named a row of a later sheet as though
    it were the first's. Complaints imported before keep ''. A bundle carries it with the complaint (an older
    version's row without it is taken as '')."""
    db.execute("ALTER TABLE complaints ADD COLUMN source_sheet TEXT NOT NULL DEFAULT ''")


def m066_case_penalty_void(db: Database) -> None:
    """The case list's 罚没金额 leaves out a decision declared void on the party's reconsideration or lawsuit (确认无效,
    行政复议法 art. 67, 行政诉讼法 art. 75: it never had effect), as it leaves out a revoked one (m046) and as the
    statistics do: the triggers keeping its sort key (``penalty_sort``, m043) are made again with that reading
    (``store.sort_keys.remake_penalty_keys``; ``penalty_terms._revoking``, ``clocks.ANNULLING``) and every key worked
    out again. Bundles do not carry the key; an older version sorts such a case by the amount it imposed."""
    from workstation.store.sort_keys import remake_penalty_keys

    remake_penalty_keys(db)


def m067_bundle_import_scope(db: Database) -> None:
    """What each bundle merged here held, as its manifest says (``scope``): everything ('all'), the changes since the
    station's last bundle ('changed'), or chosen cases only ('cases', ``bundle export --case``). Only a bundle of the
    whole station tells how recent the station's data here are (``stats.stations_as_of``): one of chosen cases
    carries the rest of nothing the station did. The imports made before are not told apart (NULL): each counts as
    of the station's last audit entry received here at the latest, never later than the bundle itself; with no
    entry received, as of nothing (the station not reported yet). Since 739e12c6 (2026-12-03) only a whole bundle
    stores the log it carries, so that bound holds for imports merged since; a bundle of chosen cases merged before
    stored its log too, and such a data folder may show a date later than its data (``stats.IMPORT_AS_OF``). An
    older version ignores the column."""
    db.execute("ALTER TABLE bundle_imports ADD COLUMN scope TEXT")


def m068_removed_clock_events(db: Database) -> None:
    """Each clock event removed with its reason (``clock_events.delete_clock_event``), as it was stored, so that the
    removal can be undone (the 期限 section's Ctrl+Z, ``clocks restore``): put back as a new event, whose id the row
    keeps (``restored_as``). The station's own: not in its bundles (the removal travels in its audit log, the event
    put back as a record of its own). Removed with its case."""
    db.execute("""CREATE TABLE removed_clock_events (
        id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        event_json TEXT NOT NULL, reason TEXT NOT NULL, removed_at TEXT NOT NULL, removed_by TEXT NOT NULL DEFAULT '',
        restored_as TEXT, restored_at TEXT)""")
    db.execute("CREATE INDEX removed_clock_events_case ON removed_clock_events(case_id, removed_at)")


def m069_lead_received_by(db: Database) -> None:
    """The agency that received each lead (``received_by``): its T1 counts from that receipt until the lead is
    assigned (交办) to another 行政机关, and that agency does not assign it to itself (``leads_workflow
    .restart_refusal``). Recorded when the lead is registered or screened — the station's agency at that moment, the
    city bureau at headquarters (``leads_workflow.receiver_here``) — instead of worked out again each time, which
    gave a station whose agency changed since its new agency. The leads kept before are given what that reasoning
    gives today (``leads_workflow.receiving_agency``), where it gives one, for those whose T1 still counts from the
    receipt (not assigned to another bureau): at a station, its agency, for the leads held by none or inside its
    bureau (one held by another bureau or its office may have been received by a bureau the station worked for
    before: not known); at headquarters, the city bureau for its own leads and, for a station's, the agency of the
    station whose audit log records making it (``leads_workflow.back_fill_received_by``). The rest stay NULL (not
    known), read as before. Like m062's repair nothing is audited and ``updated_at`` stays; a bundle carries
    the column with the lead, a copy's value once set is kept (``bundle.merge``: two copies back-filled apart are no
    conflict), and one of an older version, without it, leaves it as it is (NULL for a lead it brings: reasoned as
    before). An older version does not read the column: it refuses a database this version migrated and a bundle
    it made (their schema is newer), as for any migration."""
    from workstation.leads_workflow import back_fill_received_by

    db.execute("ALTER TABLE leads ADD COLUMN received_by TEXT")
    back_fill_received_by(db)


def m070_complaint_numbers_apart(db: Database) -> None:
    """Complaints stored before 2026-12-06 (``complaint_repair.repair_numbers_apart``): a complainant's cell of whole
    numbers one space apart (0757-83331234 13911110003) kept only its first as the complainant's, so that screening
    took the second for a suspect number; the numbers are read again from the raw row and the complaint left for the
    next screening. And copies linked as the same complaint through two channels on the complainant's number alone,
    though each named other suspect numbers or businesses, are unlinked and screened again (their leads had merged).
    A complaint of a lead screening no longer regroups (decided, assigned, extended, registered by hand) or a
    station's at headquarters keeps the screening acted on (as m060's ``keep_masked_digits``): its numbers and content
    key are mended, its suspect numbers, link and stamp kept. Nothing is audited, as m059: the complaints changed are
    stamped for the next bundle, and headquarters runs the same."""
    from workstation.importing.complaint_repair import repair_numbers_apart
    from workstation.importing.complaints import lost_zero_codes
    from workstation.screening.complaint import rules_for

    repair_numbers_apart(db, rules_for(db).phones["default_area_code"], lost_zero_codes())


def m071_complaint_numbers_masked_beside(db: Database) -> None:
    """Complaints stored before 2026-12-07 (``complaint_repair.repair_masked_beside_whole``): a complainant's cell of a
    masked number and a whole one one space apart (138****0002 13911110001) was read as one masked number, so that no
    complainant's number was stored and the complaint was told from no other complainant's; and m070 did not find a
    cell of numbers one space apart written in full-width digits (``repair_spaced_numbers``, run again: what m070
    mended is left as it is). Both read again from the raw row and left for the next screening, as m070."""
    from workstation.importing.complaint_repair import repair_masked_beside_whole, repair_spaced_numbers
    from workstation.importing.complaints import lost_zero_codes
    from workstation.screening.complaint import rules_for

    area_code, zero_codes = rules_for(db).phones["default_area_code"], lost_zero_codes()
    repair_spaced_numbers(db, area_code, zero_codes)
    repair_masked_beside_whole(db, area_code, zero_codes)


# the 文号 table as m072 makes it: a number a restore kept taken whose document was lost with the data it replaced is
# neither issued nor void but ``lost`` (taken before a restore, its document not on this machine): never given by
# itself again, but a document of its sequence may be issued under it (``numbering.take_number(serial=…)``), as on
# the paper already served; it records the case (id and number) and the form its document was for where the data
# replaced had them
_DAY = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
#: the notes (GLOB patterns: the day taken, then the backup's time or the put-back's, as ``*``) a restore or a put-back
#: before m072 wrote on each 文号 it kept taken as voided, its document lost (``backup_restore._carry_numbers``), in
#: English and in the Chinese of the catalogue then (unchanged since they were written)
_OLD_RESTORE_NOTES = (
    f"taken on {_DAY} by the data a restore of the backup of * replaced; its document is not in the restored data",
    f"taken on {_DAY} by the data in use from * until a put-back replaced it; its document is not in the data put "
    "back",
    f"{_DAY}由恢复*备份时被替换的数据取用，其文书不在恢复后的数据中",
    f"已于{_DAY}由自*起使用、后被放回操作替换的数据取用；其文书不在放回的数据中",
)
DOC_NUMBERS_LOST = [
    """CREATE TABLE doc_numbers_rebuilt (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL REFERENCES agencies(id), type_code TEXT NOT NULL,
        year INTEGER NOT NULL, serial INTEGER NOT NULL CHECK (serial > 0), number TEXT NOT NULL,
        document_id TEXT, status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void', 'lost')),
        void_reason TEXT NOT NULL DEFAULT '', issued_at TEXT NOT NULL, voided_at TEXT,
        lost_case_id TEXT, lost_case TEXT NOT NULL DEFAULT '', lost_form TEXT NOT NULL DEFAULT '')""",
    """INSERT INTO doc_numbers_rebuilt (id, agency_id, type_code, year, serial, number, document_id, status,
        void_reason, issued_at, voided_at)
        SELECT id, agency_id, type_code, year, serial, number, document_id, status, void_reason, issued_at,
        voided_at FROM doc_numbers""",
    """DROP TABLE doc_numbers""",
    """ALTER TABLE doc_numbers_rebuilt RENAME TO doc_numbers""",
    """CREATE UNIQUE INDEX doc_numbers_issued_number ON doc_numbers(number) WHERE status = 'issued'""",
    """CREATE UNIQUE INDEX doc_numbers_issued_serial ON doc_numbers(agency_id, type_code, year, serial)
        WHERE status = 'issued'""",
    """CREATE INDEX doc_numbers_number ON doc_numbers(number)""",
    """CREATE INDEX doc_numbers_sequence ON doc_numbers(agency_id, type_code, year, serial)""",
    # the numbers earlier restores (and put-backs) kept taken as voided: no document, not a case number (立), and the
    # note those restores wrote, word for word (``_OLD_RESTORE_NOTES``): a number an officer voided has the reason
    # the officer gave, and stays void
    f"""UPDATE doc_numbers SET status = 'lost', voided_at = NULL WHERE status = 'void' AND document_id IS NULL AND
        type_code != '立' AND ({' OR '.join("void_reason GLOB '" + note + "'" for note in _OLD_RESTORE_NOTES)})""",
]


def m072_doc_numbers_lost(db: Database) -> None:
    """A 文号 a restore kept taken, its document lost with the data the restore replaced, was kept as voided, so that
    the register said it 已作废 and it could never be entered again though its paper may have been served. It gets a
    state of its own, ``lost`` (``DOC_NUMBERS_LOST``; the table rebuilt, SQLite changing no CHECK), with the case and
    form its document was for; the numbers earlier restores kept voided become lost."""
    for statement in DOC_NUMBERS_LOST:
        db.execute(statement)


def m073_penalty_sort_view(db: Database) -> None:
    """The amount the case list's 罚没金额 sorts by (``penalty_sort``, m043) stated once: each of the 14 triggers
    keeping the key wrote out the 6 KB expression (88 KB of the schema every new connection parses before its first
    query); made again (``store.sort_keys.remake_penalty_triggers``), each names the cases a write touched, as before,
    in a view of the cases' ids (``penalty_sort_due``), whose one INSTEAD OF trigger works their amount out. The same
    amount, from the same writes: the keys are kept as they are. Bundles do not carry the key."""
    from workstation.store.sort_keys import remake_penalty_triggers

    remake_penalty_triggers(db)


def m074_complaint_wide_forms(db: Database) -> None:
    """The full-width forms of ASCII characters (U+FF01 … U+FF5E) a complaint's text or business complained of
    writes, as a set of bits (``store.complaints.wide_forms``; -1 unknown: the default of a row written otherwise
    than by ``insert_complaints`` or a merge's insert, and what a change of either column leaves until the forms are
    worked out again, ``store.complaints.refill_wide_forms``: by a merge, and by the repair's rebuild of the search
    indexes): a short search word's full-width ways are tested only where they may be written (a rare Latin word cost
    six LIKE tests of every text). Filled in one UPDATE (200,000 complaints: about 2 s of processor time). Two partial
    indexes find, without a scan of the table, the complaints a short word's scan of the texts leaves out
    (``store.complaints._split_search``): those naming a business apart, and those writing a full-width letter or
    digit (or not known). The bits of the letters and digits are written here as the number they are
    (``store.complaints.WIDE_LETTERS_DIGITS`` as this migration was written, which a test holds equal): the index's
    WHERE stays what it was made with whatever the code says later (the search names the index, ``INDEXED BY``, with
    this very condition), and the bits stored are data, so their layout (``WIDE_BIT``) stays too."""
    from workstation.store.complaints import fill_wide_forms

    with db.atomic():
        db.execute("ALTER TABLE complaints ADD COLUMN wide_forms INTEGER NOT NULL DEFAULT -1")
        db.execute("CREATE TRIGGER complaints_wide_forms_update AFTER UPDATE OF text, target_name ON complaints "
                   "WHEN new.wide_forms != -1 AND (new.text IS NOT old.text OR new.target_name IS NOT old.target_name) "
                   "BEGIN UPDATE complaints SET wide_forms = -1 WHERE rowid = new.rowid; END")
        fill_wide_forms(db)
        db.execute("CREATE INDEX complaints_business ON complaints(target_name) WHERE target_name != ''")
        db.execute("CREATE INDEX complaints_wide ON complaints(wide_forms) WHERE wide_forms & 288230371890266112 != 0")


def m075_interview_voided_status(db: Database) -> None:
    """The state a voided interview had when it was voided (``voided_status``: scheduled, held or absent), which
    ``store.interviews.restore_interview`` puts back; '' for one in force, and for one voided before (its state
    then guessed: ``restored_status``). A column of the interview, so that it travels with its row in a bundle."""
    db.execute("ALTER TABLE interviews ADD COLUMN voided_status TEXT NOT NULL DEFAULT ''")


def m076_complaint_verdict_category(db: Database) -> None:
    """The category an officer chose when judging a complaint related (``verdict_category``, a key of the rules:
    ``workstation.screening.verdict``): screening puts the complaint in it whatever the rules read, while the rules
    define it; NULL when none was chosen (the verdicts given before, and those given without one), which screening
    reads as before: the rules' category, else the fallback one. A column of the complaint beside its verdict, so that
    it travels with the complaint's row in a bundle as the verdict does."""
    db.execute("ALTER TABLE complaints ADD COLUMN verdict_category TEXT")


def m077_removed_publicity(db: Database) -> None:
    """Each publicity activity deleted with its reason (``store.publicity.delete_publicities``), as it was stored,
    with the officer who deleted it and when, so that the deletion can be undone after the window that made it is
    closed (已删除的活动…, ``publicity restore``): put back as a new activity, whose id the row keeps
    (``restored_as``). ``agency_id`` and ``held_on`` as the activity had them, for listing by period and agency. The
    station's own, as ``removed_clock_events`` (m068): not in its bundles (the deletion travels in its audit log as
    before, the activity put back as a record of its own)."""
    db.execute("""CREATE TABLE removed_publicity (
        id TEXT PRIMARY KEY, agency_id TEXT NOT NULL, held_on TEXT NOT NULL, publicity_json TEXT NOT NULL,
        reason TEXT NOT NULL, removed_at TEXT NOT NULL, removed_by TEXT NOT NULL DEFAULT '',
        restored_as TEXT, restored_at TEXT)""")
    db.execute("CREATE INDEX removed_publicity_at ON removed_publicity(removed_at)")


def m078_lead_referral_handover(db: Database) -> None:
    """A lead referred with a 案件移送函 to an agency of the register hands that agency the matter (程序规定 art. 14):
    ``referred_agency_id`` on the referred lead, the agency its letter names (NULL for a body outside the register,
    and for a lead not referred); ``referred_from`` on the lead made for that agency, the id of the lead it was
    referred from (``leads_workflow.hand_over_referred``), which the figures count in its stead
    (``stats.HANDED_OVER_LEAD``). Columns of the lead's row, so that they travel with it in bundles. Headquarters on
    a version before this one drops the columns it does not know (``merge._compare``): its hand-out gives the
    receiving agency an unlinked lead, and it counts the matter twice (original and copy) until it is updated."""
    db.execute("ALTER TABLE leads ADD COLUMN referred_agency_id TEXT")
    db.execute("ALTER TABLE leads ADD COLUMN referred_from TEXT")
    db.execute("CREATE INDEX leads_referred_from ON leads(referred_from) WHERE referred_from IS NOT NULL")


# ---- m079: 警告 sorted between no amount and the least amount ---------------------------------------------------

def m079_warning_penalty_sort(db: Database) -> None:
    """The case list sorted by 罚没金额 puts a case whose decision is a warning alone (警告) between the cases showing
    no amount (—) and the least amount, not among the former: its key is ``store.sort_keys.WARNING_KEY`` (0.5, the
    other keys kept), written by a trigger on the key (``sort_keys.warning_key_trigger``, one of the triggers
    ``remake_penalty_triggers`` makes and the register import and the bundle merge drop meanwhile) whenever it is
    worked out as 0, and filled here for the cases stored before. Bundles do not carry the key; an older version's
    triggers write 0 for such a case again."""
    from workstation.store.sort_keys import mark_warning_keys, remake_penalty_triggers

    remake_penalty_triggers(db)
    mark_warning_keys(db)


def m080_complaint_grouped_by(db: Database) -> None:
    """How screening put a complaint in its category (``grouped_by``): 'names' when its text names no keyword of any
    category but a number or business of the complaints of one, to whose lead screening joined it
    (``screening.screen._Pass.join_by_names``), so that every screening decides that again (the complaints naming
    them judged unrelated, the join is undone) and its pane says so (``screening.complaint.grouped_by_names``); '' for
    every other complaint, those stored before among them (none was joined before this version). A column of the
    complaint's screening, so that it travels with it in bundles (``bundle.tables.COMPLAINT_SCREENING``); a version
    before this one drops it, its screening reading such a complaint by its category alone."""
    db.execute("ALTER TABLE complaints ADD COLUMN grouped_by TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = [
    ("m001_initial", m001_initial),
    ("m002_doc_numbers", m002_doc_numbers),
    ("m003_documents", m003_documents),
    ("m004_clocks", m004_clocks),
    ("m005_editors", m005_editors),
    ("m006_screening", m006_screening),
    ("m007_lead_documents", m007_lead_documents),
    ("m008_bundles", m008_bundles),
    ("m009_screening_index", m009_screening_index),
    ("m010_search_buffers", m010_search_buffers),
    ("m011_lead_extensions", m011_lead_extensions),
    ("m012_bundle_history", m012_bundle_history),
    ("m013_complaint_numbers", m013_complaint_numbers),
    ("m014_complaint_numbers_written", m014_complaint_numbers_written),
    ("m015_complaint_content_keys", m015_complaint_content_keys),
    ("m016_lead_complainant", m016_lead_complainant),
    ("m017_draft_defaults", m017_draft_defaults),
    ("m018_evidence_recipient", m018_evidence_recipient),
    ("m019_event_party", m019_event_party),
    ("m020_interview_lead_phone", m020_interview_lead_phone),
    ("m021_complaint_numbers_given", m021_complaint_numbers_given),
    ("m022_clock_event_party", m022_clock_event_party),
    ("m023_case_district_follows_agency", m023_case_district_follows_agency),
    ("m024_number_blocks", m024_number_blocks),
    ("m025_case_list_order", m025_case_list_order),
    ("m026_lead_reporter_told", m026_lead_reporter_told),
    ("m027_change_indexes", m027_change_indexes),
    ("m028_filing_proposed", m028_filing_proposed),
    ("m029_procedure_kind", m029_procedure_kind),
    ("m030_event_details", m030_event_details),
    ("m031_case_sort_keys", m031_case_sort_keys),
    ("m032_lead_history", m032_lead_history),
    ("m033_packed_shared_versions", m033_packed_shared_versions),
    ("m034_export_destinations", m034_export_destinations),
    ("m035_interview_time", m035_interview_time),
    ("m036_complaint_verdict", m036_complaint_verdict),
    ("m037_complaint_verdict_lead", m037_complaint_verdict_lead),
    ("m038_interview_party_results", m038_interview_party_results),
    ("m039_interview_void", m039_interview_void),
    ("m040_complaint_search_business", m040_complaint_search_business),
    ("m041_doc_numbers_void_apart", m041_doc_numbers_void_apart),
    ("m042_case_column_order", m042_case_column_order),
    ("m043_case_penalty_order", m043_case_penalty_order),
    ("m044_case_review_grounds", m044_case_review_grounds),
    ("m045_evidence_void", m045_evidence_void),
    ("m046_case_penalty_revoked", m046_case_penalty_revoked),
    ("m047_clock_event_no_fine", m047_clock_event_no_fine),
    ("m048_documents_by_issue", m048_documents_by_issue),
    ("m049_publication_reviews", m049_publication_reviews),
    ("m050_complaint_landline_zero", m050_complaint_landline_zero),
    ("m051_complaint_copies", m051_complaint_copies),
    ("m052_case_law_conditions", m052_case_law_conditions),
    ("m053_leads_case", m053_leads_case),
    ("m054_interview_follow_up_outcome", m054_interview_follow_up_outcome),
    ("m055_evidence_per_recipient", m055_evidence_per_recipient),
    ("m056_lead_reporter", m056_lead_reporter),
    ("m057_officer_names", m057_officer_names),
    ("m058_lead_named_by_number", m058_lead_named_by_number),
    ("m059_complaint_masked_numbers", m059_complaint_masked_numbers),
    ("m060_complaint_masked_digits", m060_complaint_masked_digits),
    ("m061_seizure_extension_measure", m061_seizure_extension_measure),
    ("m062_screened_lead_agency", m062_screened_lead_agency),
    ("m063_interview_deadline_typed", m063_interview_deadline_typed),
    ("m064_case_district_order", m064_case_district_order),
    ("m065_complaint_source_sheet", m065_complaint_source_sheet),
    ("m066_case_penalty_void", m066_case_penalty_void),
    ("m067_bundle_import_scope", m067_bundle_import_scope),
    ("m068_removed_clock_events", m068_removed_clock_events),
    ("m069_lead_received_by", m069_lead_received_by),
    ("m070_complaint_numbers_apart", m070_complaint_numbers_apart),
    ("m071_complaint_numbers_masked_beside", m071_complaint_numbers_masked_beside),
    ("m072_doc_numbers_lost", m072_doc_numbers_lost),
    ("m073_penalty_sort_view", m073_penalty_sort_view),
    ("m074_complaint_wide_forms", m074_complaint_wide_forms),
    ("m075_interview_voided_status", m075_interview_voided_status),
    ("m076_complaint_verdict_category", m076_complaint_verdict_category),
    ("m077_removed_publicity", m077_removed_publicity),
    ("m078_lead_referral_handover", m078_lead_referral_handover),
    ("m079_warning_penalty_sort", m079_warning_penalty_sort),
    ("m080_complaint_grouped_by", m080_complaint_grouped_by),
]


def migration_set() -> Migrations:
    """The sqlite-utils migration set of ``MIGRATIONS``."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, fn in MIGRATIONS:
        migrations(name=name)(fn)
    return migrations
