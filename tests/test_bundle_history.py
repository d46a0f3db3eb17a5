"""The versions held in common and the conflicts' new endings on a database made before them (migration
m012_bundle_history): the last version shared with each station is kept as one held in common, under the digest a
bundle names it by, and the conflicts kept so far stay as they were."""

from __future__ import annotations

import json

from workstation.bundle.tables import common_digest
from workstation.db import open_database, schema
from workstation.paths import database_path

ROW = {"id": "r1", "case_number": "佛顺市监立〔2026〕501号", "fine_fen": 500_000, "_parties": [["p1", "party", 0]],
       "updated_at": "2026-03-02T10:00:00+08:00", "version": 3}


def test_a_database_made_before_keeps_its_last_shared_versions_and_its_conflicts(data_dir, monkeypatch):
    with monkeypatch.context() as patch:
        before = [name for name, _step in schema.MIGRATIONS].index("m012_bundle_history")
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
        db = open_database(database_path(data_dir))
        with db.atomic():
            db.execute("INSERT INTO stations (id, name, sign_key, fingerprint, role, updated_at) "
                       "VALUES ('s1', '顺德区局', 'key', 'F', 'trusted', '2026-03-02')")
            db.execute("INSERT INTO bundle_imports (id, bundle_id, station_id, sha256, created_at, imported_at, "
                       "imported_by) VALUES ('i1', 'b1', 's1', 'h', '2026-03-02', '2026-03-02', '王芳')")
            db.execute("INSERT INTO sync_base (tbl, record_id, row_json, station_id, updated_at) "
                       "VALUES ('cases', 'r1', ?, 's1', '2026-03-02')", [json.dumps(ROW, ensure_ascii=False)])
            db.execute("INSERT INTO conflicts (id, tbl, record_id, field, local_value, incoming_value, station_id, "
                       "import_id, detected_at, status, resolved_by) VALUES ('c1', 'cases', 'r1', 'fine_fen', "
                       "'700000', '500000', 's1', 'i1', '2026-03-02', 'kept_local', '王芳')")
        db.conn.close()
    db = open_database(database_path(data_dir))
    try:
        assert db.execute("SELECT tbl, record_id, digest, station_id FROM sync_versions").fetchall() == [
            ("cases", "r1", common_digest(ROW), "s1")]
        assert db.execute("SELECT id, field, local_value, incoming_value, status, resolved_by FROM conflicts"
                          ).fetchall() == [("c1", "fine_fen", "700000", "500000", "kept_local", "王芳")]
        with db.atomic():
            db.execute("UPDATE conflicts SET status = 'agreed' WHERE id = 'c1'")
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'conflicts_open'").fetchone()
    finally:
        db.conn.close()
