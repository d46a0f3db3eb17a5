"""Security events in the audit log, and who the command line records: wrong passphrases (written when the data is
next opened), passphrases given, changed and withdrawn, another officer at the lock and the idle-lock time set are
hash-chained entries that a bundle carries to headquarters like the rest; a command run with an officer's passphrase
records that officer, not the computer's account."""

from __future__ import annotations

import getpass

import pytest

from tests.helpers import copy_station_and_hq, open_db, run, run_json
from workstation import audit
from workstation.records import Officer
from workstation.security import access, events, keyring, session
from workstation.store import agency_id_for_code, save_officer

PASS = "correct horse battery"
OTHER = "黄丽娟的口令2026"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


@pytest.fixture
def encrypted(tmp_path, monkeypatch, capsys):
    """A data directory made encrypted by `init --officer 陈志强` (Argon2id cheap) with a second officer on duty,
    黄丽娟, in the register; no key left unlocked and nobody named as acting."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    data = tmp_path / "data"
    run_json(capsys, "--data-dir", data, "init", "--agency", "440605", "--officer", "陈志强", "--cert", "44060510001")
    db = open_db(data)
    try:
        save_officer(db, Officer(name="黄丽娟", cert_no="44060510002", agency_id=agency_id_for_code("440605")))
    finally:
        db.conn.close()
    session._KEYS.clear()
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    yield data
    session._KEYS.clear()


def entries(data, action: str | None = None) -> list[tuple]:
    db = open_db(data)
    try:
        sql = "SELECT actor, action, entity, entity_id FROM audit"
        rows = db.execute(sql + (" WHERE action = ?" if action else "") + " ORDER BY seq",
                          [action] if action else []).fetchall()
        assert audit.verify(db)["valid"]
        return [tuple(r) for r in rows]
    finally:
        db.conn.close()


def test_a_command_run_with_an_officers_passphrase_records_that_officer(encrypted, capsys, monkeypatch):
    account = getpass.getuser()
    run_json(capsys, "--data-dir", encrypted, "leads", "add", "--source", "举报", "--received", "2026-11-30T10:00",
             "--description", "来访反映某公司违规发送短信")
    actors = {actor for actor, action, entity, _id in entries(encrypted) if entity == "lead"}
    assert actors == {"陈志强"} and account not in actors
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_ACTOR", "黄丽娟")  # another officer of the register: refused, nothing added
    code, _out, err = run(capsys, "--data-dir", encrypted, "leads", "add", "--source", "举报", "--received",
                          "2026-11-30T11:00", "--description", "另一条来访反映")
    assert code == 1 and "黄丽娟" in err and "陈志强" in err
    assert len([a for a, _action, entity, _id in entries(encrypted) if entity == "lead"]) == 1
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_ACTOR", "李明")  # no officer of the register: the passphrase's owner recorded
    run_json(capsys, "--data-dir", encrypted, "leads", "add", "--source", "举报", "--received", "2026-11-30T11:00",
             "--description", "另一条来访反映")
    assert [a for a, _action, entity, _id in entries(encrypted) if entity == "lead"][-1] == "陈志强"


def test_wrong_passphrases_are_audited_when_the_data_is_next_opened(encrypted, capsys, monkeypatch):
    for _n in range(2):
        monkeypatch.setenv("WORKSTATION_PASSPHRASE", "not the passphrase")
        session._KEYS.clear()
        code, _out, _err = run(capsys, "--data-dir", encrypted, "stats")
        assert code == 1
    assert len(keyring.unaudited_failures(encrypted)) == 2
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    session._KEYS.clear()
    run_json(capsys, "--data-dir", encrypted, "stats")
    failed = entries(encrypted, events.LOGIN_FAILED)
    assert len(failed) == 2 and {e[2] for e in failed} == {"security"}
    assert keyring.unaudited_failures(encrypted) == [] and keyring.load(encrypted)["failures"] == 0
    session._KEYS.clear()
    run_json(capsys, "--data-dir", encrypted, "stats")
    assert len(entries(encrypted, events.LOGIN_FAILED)) == 2  # written once


def test_passphrases_given_changed_and_withdrawn_are_audited_from_the_command_line(encrypted, capsys, monkeypatch,
                                                                                  tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(OTHER + "\n", encoding="utf-8")
    run_json(capsys, "--data-dir", encrypted, "security", "add-officer", "黄丽娟", "--new-passphrase-file", other)
    session._KEYS.clear()
    new = tmp_path / "new.txt"
    new.write_text("陈志强的新口令2026\n", encoding="utf-8")
    run_json(capsys, "--data-dir", encrypted, "security", "change-passphrase", "--new-passphrase-file", new)
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "陈志强的新口令2026")
    run_json(capsys, "--data-dir", encrypted, "security", "remove-officer", "黄丽娟")
    done = [e for e in entries(encrypted) if e[2] == "security"]
    assert done == [("陈志强", events.PASSPHRASE_GIVEN, "security", "黄丽娟"),
                    ("陈志强", events.PASSPHRASE_CHANGED, "security", "陈志强"),
                    ("陈志强", events.PASSPHRASE_WITHDRAWN, "security", "黄丽娟")]


def test_the_idle_lock_time_and_another_officer_at_the_lock_are_audited(encrypted):
    access.unlock(encrypted, PASS)
    db = open_db(encrypted)
    try:
        access.set_idle_lock_minutes(db, 0)  # 从不
        access.set_idle_lock_minutes(db, 0)  # unchanged: nothing to record
        access.switch_officer(db, "黄丽娟", "陈志强")
        assert audit.current_actor() == "黄丽娟"
        rows = db.execute("SELECT actor, action, entity_id FROM audit WHERE entity = 'security' ORDER BY seq").fetchall()
        assert [tuple(r) for r in rows] == [("陈志强", events.IDLE_LOCK_SET, "0"),
                                            ("黄丽娟", events.OFFICER_SWITCHED, "黄丽娟")]
        assert audit.verify(db)["valid"]
    finally:
        db.conn.close()


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


def test_a_bundle_carrying_security_events_is_accepted_by_headquarters(template, tmp_path, capsys, english):
    dirs = copy_station_and_hq(template, tmp_path)
    db = open_db(dirs / "station")
    try:
        access.set_idle_lock_minutes(db, 0)
        for action in events.ACTIONS:
            events.record(db, action, "陈志强")
        sent = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    assert result["new"] > 0
    hq = open_db(dirs / "hq")
    try:
        kept = hq.execute("SELECT action FROM station_audit WHERE entity = 'security'").fetchall()
        assert len(kept) == len(events.ACTIONS) + 1
        assert hq.execute("SELECT MAX(seq) FROM station_audit").fetchone()[0] >= sent
    finally:
        hq.conn.close()
