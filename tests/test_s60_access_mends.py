"""Mends of the read of session 60's access and audit change:

- `backup restore` and `backup put-back`, which unlock the data without opening its database, follow the actor rule
  of every other command: with encrypted data what they write is the officer's whose passphrase opened it, and a
  WORKSTATION_ACTOR naming another officer is refused — a damaged database, unreadable, included;
- a WORKSTATION_ACTOR holding the opener's own former name is the opener, not refused;
- how far the exports carried the audit log is worked out once, for `audit verify` and the merge alike;
- `audit verify` says the log reaches as far as the bundles exported carried it only when something was exported;
- the --officer help no longer says the system account is the default."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from tests import test_s53_security
from tests.helpers import run
from tests.test_s53_security import LUO, backup_made, cli, officer_id
from tests.test_s60_access import _entries  # the same entries written, not a copy
from tests.test_ui_login import PASS
from workstation import audit
from workstation.bundle.writer import LAST_EXPORT_KEY, sent_audit_seq
from workstation.cli import main
from workstation.db import open_database
from workstation.paths import database_path
from workstation.security import access, session
from workstation.store import get_officer, save_officer

station = test_s53_security.station  # a fixture: the encrypted station of 陈志强 and 罗建华


def audit_rows(data: Path) -> list[tuple]:
    db = open_database(database_path(data))
    try:
        return [tuple(r) for r in db.execute("SELECT seq, actor, action, entity, entity_id FROM audit "
                                             "ORDER BY seq").fetchall()]
    finally:
        db.conn.close()


def as_script(monkeypatch, actor: str, passphrase: str = LUO) -> None:
    """A new process run by a script: nothing unlocked, WORKSTATION_ACTOR and the passphrase set."""
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_ACTOR", actor)
    monkeypatch.setenv(access.PASSPHRASE_ENV, passphrase)


# 1. restore and put-back follow the actor rule ---------------------------------------------------------------------
def test_a_restore_refuses_a_workstation_actor_naming_another_officer(station, capsys, monkeypatch, english):
    db, data = station
    made = backup_made(db, data)
    db.conn.close()
    before = audit_rows(data)
    as_script(monkeypatch, "陈志强")
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made)
    assert code == 1 and out == ""
    assert "WORKSTATION_ACTOR" in err and "陈志强" in err and "罗建华" in err, err
    assert audit_rows(data) == before  # nothing restored: the data as it was
    # a name that is no officer's: the restore is recorded under the passphrase's officer, and the variable given back
    as_script(monkeypatch, "nightly-script")
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", made)
    assert code == 0, err
    restored = [row for row in audit_rows(data) if row[2] == "restore"]
    assert [row[1] for row in restored] == ["罗建华"]
    assert os.environ["WORKSTATION_ACTOR"] == "nightly-script"


def test_a_put_back_refuses_a_workstation_actor_naming_another_officer(station, capsys, monkeypatch, english):
    db, data = station
    made = backup_made(db, data)
    db.conn.close()
    code, out, err = cli(capsys, monkeypatch, data, LUO, "backup", "restore", made, "--json")
    assert code == 0, err
    kept = Path(json.loads(out)["kept"]).name
    before = audit_rows(data)
    as_script(monkeypatch, "陈志强")
    code, out, err = run(capsys, "--data-dir", data, "backup", "put-back", kept)
    assert code == 1 and out == ""
    assert "WORKSTATION_ACTOR" in err and "陈志强" in err and "罗建华" in err, err
    assert audit_rows(data) == before
    code, _out, err = cli(capsys, monkeypatch, data, LUO, "backup", "put-back", kept)
    assert code == 0, err
    assert [row[1] for row in audit_rows(data) if row[2] == "put_back"] == ["罗建华"]


def test_a_restore_over_a_damaged_database_follows_the_passphrases_of_the_keyring(station, capsys, monkeypatch,
                                                                                   english):
    db, data = station
    made = backup_made(db, data)
    db.conn.close()
    path = database_path(data)
    for leftover in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        leftover.unlink(missing_ok=True)
    path.write_bytes(b"not a database at all" * 200)  # its register unreadable
    as_script(monkeypatch, "陈志强")  # another officer holding a passphrase here
    code, out, err = run(capsys, "--data-dir", data, "backup", "restore", made)
    assert code == 1 and out == ""
    assert "WORKSTATION_ACTOR" in err and "陈志强" in err and "罗建华" in err, err
    assert path.read_bytes().startswith(b"not a database")  # nothing restored
    as_script(monkeypatch, "nightly-script")
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", made)
    assert code == 0, err
    assert [row[1] for row in audit_rows(data) if row[2] == "restore"] == ["罗建华"]


def test_a_workstation_actor_naming_the_opener_restores(station, capsys, monkeypatch, english):
    db, data = station
    made = backup_made(db, data)
    db.conn.close()
    as_script(monkeypatch, "陈志强", PASS)  # 陈志强's own passphrase: he restores it
    code, _out, err = run(capsys, "--data-dir", data, "backup", "restore", made)
    assert code == 0, err
    assert [row[1] for row in audit_rows(data) if row[2] == "restore"] == ["陈志强"]


# 6. the opener's former name is the opener --------------------------------------------------------------------------
def test_a_workstation_actor_holding_the_openers_former_name_is_the_opener(station, capsys, monkeypatch, english):
    db, data = station
    save_officer(db, replace(get_officer(db, officer_id(db, "罗建华")), name="罗建国"))
    db.conn.close()
    as_script(monkeypatch, "罗建华")  # the name he had, as a script written before the rename sets it
    code, _out, err = run(capsys, "--data-dir", data, "leads", "add", "--source", "report", "--received",
                          "2026-03-02 10:00", "--description", "上门推销贷款的举报")
    assert code == 0, err
    assert audit_rows(data)[-1][1] == "罗建国"
    code, _out, err = cli(capsys, monkeypatch, data, LUO, "leads", "add", "--source", "report", "--received",
                          "2026-03-02 10:00", "--description", "上门推销贷款的举报", "--officer", "罗建国")
    assert code == 0, err


def test_a_former_name_now_another_officers_is_still_refused(station, capsys, monkeypatch, english):
    """罗建华 renamed, and a new officer named 罗建华 since: the variable names that officer, not the opener."""
    from workstation.records import Officer
    from workstation.store import agency_id_for_code

    db, data = station
    save_officer(db, replace(get_officer(db, officer_id(db, "罗建华")), name="罗建国"))
    save_officer(db, Officer(name="罗建华", cert_no="44060510009", agency_id=agency_id_for_code("440605")))
    db.conn.close()
    before = audit_rows(data)
    as_script(monkeypatch, "罗建华")
    code, _out, err = run(capsys, "--data-dir", data, "leads", "add", "--source", "report", "--received",
                          "2026-03-02 10:00", "--description", "上门推销贷款的举报")
    assert code == 1 and "罗建国" in err, err
    assert audit_rows(data) == before


# 3. and 4. how far the exports carried the log ---------------------------------------------------------------------


def test_the_merge_and_the_verification_read_the_same_notes_of_exports(db):
    _entries(db, 6)
    assert sent_audit_seq(db) == 0 and audit.reached_elsewhere(db) == []
    # headquarters' last hand-out for one station, its row of bundle_exports gone: both read its note
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
               [f"{LAST_EXPORT_KEY}:station-1", json.dumps({"at": "2026-05-06T10:00:00+08:00", "audit_seq": 4})])
    assert sent_audit_seq(db) == 4
    assert [seq for seq, _source in audit.reached_elsewhere(db)] == [4]
    db.execute("INSERT INTO bundle_exports (id, created_at, created_by, scope, path, sha256, audit_from, audit_to) "
               "VALUES ('b1', '2026-05-07T10:00:00+08:00', '', 'changed', '/media/u/to-hq.wsbundle', '', 0, 5)")
    assert sent_audit_seq(db) == 5
    assert audit.reached_elsewhere(db)[0][0] == 5 and "to-hq.wsbundle" in audit.reached_elsewhere(db)[0][1]


def test_an_intact_log_names_the_bundles_only_when_some_were_exported(db, data_dir, capsys, english):
    _entries(db, 3)
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "verify")
    assert code == 0 and "consistent" in out, out
    assert "bundles exported" not in out
    last = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    db.execute("INSERT INTO bundle_exports (id, created_at, created_by, scope, path, sha256, audit_from, audit_to) "
               "VALUES ('b1', '2026-05-06T10:00:00+08:00', '', 'changed', '/media/u/to-hq.wsbundle', '', 0, ?)",
               [last])
    code, out, _err = run(capsys, "--data-dir", data_dir, "audit", "verify")
    assert code == 0 and "as far as the bundles exported from here carried the log" in out, out


# 5. the --officer help ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [["leads", "add"], ["leads", "screen"], ["complaints", "withdraw-file"]])
def test_the_officer_help_says_who_acts_by_default(argv, capsys, english):
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "system account" not in text
    assert "passphrase" in text, text
