"""The audit log stays a witness of its own damage: an edit after a deletion does not make the log read intact again,
a log wiped with its head while records exist is an error, the station logs headquarters received are checked
again, the station's name, agency and keys are audited, a read command never makes new keys, and the messages
name what happened (one entry, an entry out of sequence, the last entry) and say what to do."""

from __future__ import annotations

import shutil

from tests.helpers import open_db, run, run_json, send_bundle
from workstation import audit
from workstation.records import Party
from workstation.store import save_party


def _edit(db) -> None:
    save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91110000100017707H"))


def _last(db) -> int:
    return db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]


def test_an_edit_after_deleting_the_last_entries_does_not_make_the_log_intact(demo_db, english):
    last = _last(demo_db)
    demo_db.execute("DELETE FROM audit WHERE seq >= ?", [last - 9])
    _edit(demo_db)
    result = audit.verify(demo_db)
    assert not result["valid"]
    assert f"Audit entries {last - 9}–{last} were deleted." in result["problems"]


def test_an_edit_after_deleting_every_entry_does_not_make_the_log_intact(demo_db, english):
    demo_db.execute("DELETE FROM audit")
    _edit(demo_db)
    result = audit.verify(demo_db)
    assert not result["valid"] and result["problems"]


def test_an_edit_after_deleting_the_head_and_the_last_entries_is_still_detected(demo_db, english):
    last = _last(demo_db)
    demo_db.execute("DELETE FROM audit WHERE seq >= ?", [last - 3])
    demo_db.execute("DELETE FROM settings WHERE key = 'audit_head'")
    _edit(demo_db)
    assert not audit.verify(demo_db)["valid"]


def test_a_log_wiped_with_its_head_while_records_exist_is_an_error(demo_db, english):
    demo_db.execute("DELETE FROM audit")
    demo_db.execute("DELETE FROM settings WHERE key = 'audit_head'")
    result = audit.verify(demo_db)
    assert not result["valid"]
    assert any("The audit log is empty" in p and "cases: " in p for p in result["problems"])
    _edit(demo_db)  # and an edit afterwards does not hide it
    assert not audit.verify(demo_db)["valid"]


def test_a_fresh_database_stays_intact(db):
    _edit(db)
    assert audit.verify(db)["valid"]


def test_a_single_deleted_entry_is_named_alone(demo_db, english):
    demo_db.execute("DELETE FROM audit WHERE seq = 60")
    assert "Audit entry 60 was deleted." in audit.verify(demo_db)["problems"]


def test_a_forged_entry_numbered_0_is_out_of_sequence(demo_db, english):
    demo_db.execute("INSERT INTO audit SELECT 0, at, actor, action, entity, entity_id, before_digest, after_digest, "
                    "prev_hash, hash FROM audit WHERE seq = 1")
    problems = audit.verify(demo_db)["problems"]
    assert not any("–" in p for p in problems), problems
    assert any("Audit entry 0 is out of sequence" in p for p in problems), problems


def test_an_entry_moved_beyond_the_end_is_out_of_sequence_not_a_deletion(demo_db, english):
    last = _last(demo_db)
    demo_db.execute("UPDATE audit SET seq = 1000 WHERE seq = 30")
    problems = audit.verify(demo_db)["problems"]
    assert "Audit entry 30 was deleted." in problems
    assert not any(f"{last + 1}–" in p for p in problems), problems
    assert any("Audit entry 1000 is out of sequence" in p for p in problems), problems


def test_deleting_the_last_entry_names_it(demo_db, english):
    last = _last(demo_db)
    demo_db.execute("DELETE FROM audit WHERE seq = ?", [last])
    assert audit.verify(demo_db)["problems"] == [f"Audit entry {last}, the last, was deleted."]


def test_audit_verify_on_the_command_line_says_what_to_do(tmp_path, cli_station, capsys, english):
    data = cli_station(tmp_path / "station")
    db = open_db(data)
    db.execute("DELETE FROM audit WHERE seq = 7")
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "audit", "verify")
    assert code == 1 and "Audit entry 7 was deleted." in out
    assert "backup list" in out + err and "backup restore" in out + err


def test_the_station_logs_received_at_headquarters_are_verified_again(station_and_hq_dirs, capsys, english):
    dirs = station_and_hq_dirs
    send_bundle(capsys, dirs, "s1.bundle")
    assert run_json(capsys, "--data-dir", dirs / "hq", "audit", "verify")["valid"]
    for tamper in ("UPDATE station_audit SET actor = 'mallory' WHERE seq = 5",
                   "DELETE FROM station_audit WHERE seq = 9"):
        shutil.copytree(dirs / "hq", dirs / "hq2")
        db = open_db(dirs / "hq2")
        db.execute(tamper)
        db.conn.close()
        problems = audit.verify(db := open_db(dirs / "hq2"))["problems"]
        db.conn.close()
        assert problems and all("南海区局" in p for p in problems), problems
        assert any(" 5 " in p or " 9 " in p for p in problems), problems
        code, _out, _err = run(capsys, "--data-dir", dirs / "hq2", "backup", "check", "--full")
        assert code == 1
        shutil.rmtree(dirs / "hq2")


def _station_entries(data) -> list[tuple]:
    db = open_db(data)
    try:
        return db.execute("SELECT action, entity FROM audit WHERE entity = 'station' ORDER BY seq").fetchall()
    finally:
        db.conn.close()


def test_renaming_the_station_and_changing_its_agency_are_audited(tmp_path, capsys):
    data = tmp_path / "s"
    run_json(capsys, "--data-dir", data, "init", "--agency", "440605", "--station-name", "南海区局")
    before = len(_station_entries(data))
    run_json(capsys, "--data-dir", data, "init", "--station-name", "南海区局二")
    assert len(_station_entries(data)) == before + 1
    run_json(capsys, "--data-dir", data, "init", "--agency", "440606")
    assert len(_station_entries(data)) == before + 2
    assert run_json(capsys, "--data-dir", data, "audit", "verify")["valid"]


def test_station_show_with_the_key_files_missing_makes_no_new_key(tmp_path, capsys, english):
    data = tmp_path / "s"
    run_json(capsys, "--data-dir", data, "init", "--agency", "440605", "--station-name", "南海区局")
    fingerprint = run_json(capsys, "--data-dir", data, "station", "show")["fingerprint"]
    for name in ("sign.key", "box.key"):
        (data / "station" / name).unlink()
    code, out, err = run(capsys, "--data-dir", data, "station", "show")
    assert code == 1
    assert "missing" in err and "backup restore" in err
    assert not (data / "station" / "sign.key").exists() and not (data / "station" / "box.key").exists()
    db = open_db(data)
    try:
        assert db.execute("SELECT fingerprint FROM stations WHERE role = 'self'").fetchone()[0] == fingerprint
    finally:
        db.conn.close()


def test_a_new_key_made_by_a_writing_command_is_audited(tmp_path, capsys):
    data = tmp_path / "s"
    run_json(capsys, "--data-dir", data, "init", "--agency", "440605", "--station-name", "南海区局")
    before = _station_entries(data)
    for name in ("sign.key", "box.key"):
        (data / "station" / name).unlink()
    from workstation.station import ensure_station

    db = open_db(data)
    try:
        ensure_station(db, data)
    finally:
        db.conn.close()
    assert len(_station_entries(data)) == len(before) + 1
