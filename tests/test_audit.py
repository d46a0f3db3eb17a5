import json

import pytest

from workstation import audit
from workstation.cli import main
from workstation.records import Party
from workstation.store import save_party


def test_the_chain_is_valid_after_loading_the_demo(demo_db):
    result = audit.verify(demo_db)
    entries = demo_db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    assert result == {"valid": True, "entries": entries, "problems": []}
    assert entries > 36 + 46 + 38


def test_a_fresh_database_has_a_valid_chain_of_its_reference_agencies(db):
    # the 38 agencies, and the contact details the test databases give each (conftest), audited as every change is
    assert audit.verify(db) == {"valid": True, "entries": 38 + 38, "problems": []}


def test_an_update_is_audited_with_the_digests_before_and_after(db):
    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91110000100017707H"))
    save_party(db, Party(id=party.id, name="佛山市南海区誉嘉置业有限公司", uscc="91110000100017707H"))
    rows = db.execute("SELECT action, before_digest, after_digest FROM audit WHERE entity_id = ? ORDER BY seq",
                      [party.id]).fetchall()
    assert [r[0] for r in rows] == ["create", "update"]
    (_, created_before, created_after), (_, updated_before, updated_after) = rows
    assert created_before == "" and len(created_after) == 64
    assert updated_before != updated_after and updated_before and updated_after
    assert audit.verify(db)["valid"]


def test_an_edited_entry_is_detected_and_named(demo_db, english):
    demo_db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 40")
    result = audit.verify(demo_db)
    assert not result["valid"]
    assert result["problems"] == ["Audit entry 40 was altered."]


def test_an_edited_digest_is_detected(demo_db, english):
    demo_db.execute("UPDATE audit SET after_digest = ? WHERE seq = 100", ["0" * 64])
    assert audit.verify(demo_db)["problems"] == ["Audit entry 100 was altered."]


def test_an_entry_rewritten_with_a_recomputed_hash_breaks_the_next_link(demo_db, english):
    seq, at, action, entity, entity_id, before, after, prev = demo_db.execute(
        "SELECT seq, at, action, entity, entity_id, before_digest, after_digest, prev_hash FROM audit "
        "WHERE seq = 50").fetchone()
    forged = audit.entry_hash(seq, at, "mallory", action, entity, entity_id, before, after, prev)
    demo_db.execute("UPDATE audit SET actor = 'mallory', hash = ? WHERE seq = 50", [forged])
    assert audit.verify(demo_db)["problems"] == ["Audit entry 51 does not follow the entry before it."]


def test_a_deleted_middle_entry_is_detected_and_named(demo_db, english):
    demo_db.execute("DELETE FROM audit WHERE seq = 60")
    problems = audit.verify(demo_db)["problems"]
    assert "Audit entry 60 was deleted." in problems
    assert "Audit entry 61 does not follow the entry before it." in problems


def test_a_deleted_last_entry_is_detected(demo_db, english):
    last = demo_db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    demo_db.execute("DELETE FROM audit WHERE seq = ?", [last])
    result = audit.verify(demo_db)
    assert not result["valid"]
    assert result["problems"] == [f"Audit entry {last}, the last, was deleted."]
    assert result["entries"] == last - 1


def test_deleting_every_entry_is_detected(demo_db, english):
    demo_db.execute("DELETE FROM audit")
    assert audit.verify(demo_db)["problems"] == ["All audit entries were deleted."]


def test_new_entries_continue_the_chain_after_a_reopen(data_dir, demo_db):
    from workstation.db import open_database
    from workstation.paths import database_path

    demo_db.conn.close()
    again = open_database(database_path(data_dir))
    try:
        save_party(again, Party(name="朱子轩", kind="person", id_number="11010519491231002X"))
        assert audit.verify(again)["valid"]
    finally:
        again.conn.close()


@pytest.fixture
def demo_dir(tmp_path, cli_station):
    return cli_station(tmp_path / "station")


def test_audit_verify_on_the_command_line_exits_0_for_an_intact_log(demo_dir, capsys):
    assert main(["audit", "verify", "--data-dir", str(demo_dir), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is True and result["entries"] > 100 and result["problems"] == []


def test_audit_verify_on_the_command_line_exits_1_for_a_tampered_log(demo_dir, capsys, english):
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(demo_dir))
    db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 7")
    db.conn.close()

    assert main(["audit", "verify", "--data-dir", str(demo_dir)]) == 1
    assert "Audit entry 7 was altered." in capsys.readouterr().out
