"""The audit log and the keyring agree: a passphrase given, changed or withdrawn is noted in the keyring with the change
itself, so a program killed before it wrote the entry leaves it to the next opening (written once, never twice); and
encrypting the data writes its own entry and one for each unencrypted backup it removed, once each even when a crash
makes the next start finish it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import backup_fixtures, test_secfix_core
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import open_db, run, run_json
from workstation import audit
from workstation.security import access, events, keyring, session
from workstation.store import list_officers

encrypted = test_secfix_core.encrypted  # the fixture: 陈志强's encrypted data, 黄丽娟 on duty in the register
templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
OTHER = "黄丽娟的口令2026"
NEW = "陈志强的新口令2026"


class Crash(BaseException):
    """The program dies here: nothing after it runs (BaseException passes every `except Exception`)."""


def security_entries(data: Path) -> list[tuple]:
    db = open_db(data)
    try:
        assert audit.verify(db)["valid"]
        return [tuple(r) for r in db.execute("SELECT action, entity_id FROM audit WHERE entity = 'security' "
                                             "AND action != 'login_failed' ORDER BY seq")]
    finally:
        db.conn.close()


def give(db, data):
    access.give_passphrase(db, data, "黄丽娟", OTHER)


def change(db, data):
    access.change_passphrase(db, data, "陈志强", PASS, NEW)


def withdraw(db, data):
    access.give_passphrase(db, data, "黄丽娟", OTHER)
    officer = next(o for o in list_officers(db) if o.name == "黄丽娟")
    access.set_on_duty(db, data, officer.id, False)


EXPECTED = {give: [(events.PASSPHRASE_GIVEN, "黄丽娟")], change: [(events.PASSPHRASE_CHANGED, "陈志强")],
            withdraw: [(events.PASSPHRASE_GIVEN, "黄丽娟"), (events.PASSPHRASE_WITHDRAWN, "黄丽娟")]}


def killed_while(monkeypatch, target, name: str, after: int = 0) -> None:
    """Make ``target.name`` kill the program (Crash) at its call after ``after`` calls that run."""
    real, calls = getattr(target, name), []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) > after:
            raise Crash(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, dying)


@pytest.mark.parametrize("act", [give, change, withdraw], ids=["give", "change", "withdraw"])
@pytest.mark.parametrize("killed", ["before the entry", "before the keyring forgets it"])
def test_a_keyring_change_killed_before_its_audit_entry_is_written_at_the_next_opening_once(
        encrypted, capsys, monkeypatch, act, killed):
    access.unlock(encrypted, PASS)
    db = open_db(encrypted)
    before = len(EXPECTED[act]) - 1  # withdraw: the passphrase given first is audited as usual
    with monkeypatch.context() as patch:
        if killed == "before the entry":
            killed_while(patch, audit, "append", after=before)
        else:
            killed_while(patch, keyring, "forget_changes", after=before)
        with pytest.raises(Crash):
            act(db, encrypted)
    db.conn.close()
    session._KEYS.clear()
    passphrase = NEW if act is change else PASS
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", passphrase)
    code, _out, err = run(capsys, "--data-dir", encrypted, "cases", "list")
    assert code == 0, err
    assert security_entries(encrypted) == EXPECTED[act]
    assert keyring.unaudited_changes(encrypted) == []  # forgotten once written
    code, _out, err = run(capsys, "--data-dir", encrypted, "cases", "list")
    assert security_entries(encrypted) == EXPECTED[act]  # never twice


def test_the_officer_who_changed_it_is_recorded_when_the_next_opening_writes_the_entry(encrypted, capsys,
                                                                                    monkeypatch):
    access.unlock(encrypted, PASS)
    db = open_db(encrypted)
    give(db, encrypted)  # 黄丽娟 has her own passphrase
    with monkeypatch.context() as patch:
        killed_while(patch, audit, "append")
        with pytest.raises(Crash):
            change(db, encrypted)
    db.conn.close()
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", OTHER)  # someone else opens the data next, with her passphrase
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    run_json(capsys, "--data-dir", encrypted, "cases", "list")
    db = open_db(encrypted)
    try:
        assert db.execute("SELECT actor FROM audit WHERE action = ?", [events.PASSPHRASE_CHANGED]).fetchall() == [
            ("陈志强",)]
    finally:
        db.conn.close()


def test_encrypting_writes_its_entry_and_one_for_each_unencrypted_backup_it_removed(capsys, copy_template,
                                                                                     monkeypatch, english):
    data = copy_template("plain")
    old = [Path(backup_of(data)["path"]) for _ in range(2)]
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "security", "encrypt", "--officer", "罗建华")
    assert code == 0, err
    found = security_entries(data)
    assert found[:1] == [("data_encrypted", "罗建华")]  # an officer of the demo's register
    assert sorted(found[1:]) == sorted(("plaintext_copy_removed", p.name) for p in old)


@pytest.mark.parametrize("crash", ["journal.json", "removing"])
def test_an_encryption_finished_after_a_crash_writes_its_entries_once(capsys, copy_template, monkeypatch, english,
                                                                      crash):
    data = copy_template("plain")
    old = Path(backup_of(data)["path"])
    original = Path.unlink

    def crashing(self, *args, **kwargs):
        if crash == "journal.json" and self.name == access.ENCRYPT_JOURNAL:  # the entries written, the journal not gone
            raise Crash(self.name)
        original(self, *args, **kwargs)
        if crash == "removing" and self == old:  # the unencrypted backup gone, its entry not written yet
            raise Crash(self.name)

    monkeypatch.setattr(Path, "unlink", crashing)
    with pytest.raises(Crash):
        access.encrypt_data_dir(data, PASS, "陈志强")
    monkeypatch.setattr(Path, "unlink", original)
    session._KEYS.clear()
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, _out, err = run(capsys, "--data-dir", data, "stats")
    assert code == 0, err
    assert not access.journal_path(data).exists()
    assert security_entries(data) == [("data_encrypted", "陈志强"), ("plaintext_copy_removed", old.name)]
