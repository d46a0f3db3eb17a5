"""A publicity activity deleted with its reason is kept in ``removed_publicity`` by a plain INSERT: a row kept under
its id already (which no deletion makes: one brought back gets a new id) fails loudly, nothing deleted and the row
kept not written over under an audit entry that says "create" (stop read sr_C, finding 4)."""

from __future__ import annotations

import sqlite3

import pytest

from workstation.store.publicity import delete_publicity, list_publicity


def test_a_kept_row_under_the_same_id_is_not_written_over(demo_db):
    item = list_publicity(demo_db)[0]
    demo_db.execute("INSERT INTO removed_publicity (id, agency_id, held_on, publicity_json, reason, removed_at, "
                    "removed_by) SELECT id, agency_id, held_on, '{}', '早先的理由', '2026-01-01T00:00:00', '某人' "
                    "FROM publicity WHERE id = ?", [item.id])
    audit_before = demo_db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        delete_publicity(demo_db, item.id, "重复录入")
    kept = demo_db.execute("SELECT reason FROM removed_publicity WHERE id = ?", [item.id]).fetchone()
    assert kept[0] == "早先的理由"  # not written over
    assert item.id in {p.id for p in list_publicity(demo_db)}  # nothing deleted
    assert demo_db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audit_before
