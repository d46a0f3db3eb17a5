"""The security and backup audit (r2): a keyring put back from a backup withdraws again the passphrases withdrawn
since the backup; headquarters' key is not replaced without the new fingerprint; a backup of a damaged database
names the file and the way out; a restore whose audit entry the disk refused says so; and smaller things (a full
disk while changing a passphrase, the same passphrase again, the damaged backups of `backup list`, the time of
`backup verify`)."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, open_db
from tests.helpers import run
from tests.test_keyring_put_back import cli
from workstation.security import keyring, session

templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)
LUO = "罗建华的口令2026"


def ok(capsys, monkeypatch, data: Path, *argv, passphrase: str | None = PASS) -> dict:
    code, out, err = cli(capsys, monkeypatch, data, *argv, "--json", passphrase=passphrase)
    assert code == 0, err
    return json.loads(out)


def passphrase_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"p{len(list(tmp_path.glob('p*.txt')))}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def audit_rows(data: Path, action: str) -> list[tuple]:
    db = open_db(data)
    try:
        return db.execute("SELECT entity, entity_id, at FROM audit WHERE action = ? ORDER BY seq", [action]).fetchall()
    finally:
        db.conn.close()


# 1. the keyring put back withdraws again what was withdrawn since the backup ---------------------------------------
@pytest.fixture
def withdrawn_since(copy_template, capsys, monkeypatch, tmp_path):
    """Encrypted data: 罗建华 given a passphrase, a backup made, 罗建华's passphrase withdrawn, keyring.json lost."""
    data = copy_template("encrypted")
    ok(capsys, monkeypatch, data, "security", "add-officer", "罗建华", "--new-passphrase-file",
       passphrase_file(tmp_path, LUO))
    backup = ok(capsys, monkeypatch, data, "backup", "create")["id"]
    ok(capsys, monkeypatch, data, "security", "remove-officer", "罗建华")
    (data / "keyring.json").unlink()
    session._KEYS.clear()
    return data, backup


def test_a_keyring_put_back_withdraws_again_the_passphrase_withdrawn_after_the_backup(withdrawn_since, capsys,
                                                                                       monkeypatch, english):
    data, backup = withdrawn_since
    result = ok(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert result["withdrawn_again"] == ["罗建华"]
    assert "罗建华" in result["advice"] and "withdrawn again" in result["advice"], result["advice"]
    assert keyring.officers(data) == ["tester"]
    # the withdrawn passphrase opens nothing, the others still open the data
    code, _out, err = cli(capsys, monkeypatch, data, "cases", "list", passphrase=LUO)
    assert code == 1 and "passphrase" in err.lower(), err
    code, _out, err = cli(capsys, monkeypatch, data, "cases", "list")
    assert code == 0, err
    withdrawals = audit_rows(data, "passphrase_withdrawn")
    assert [row[1] for row in withdrawals] == ["罗建华", "罗建华"]  # the withdrawal, and the one of the put-back
    assert ok(capsys, monkeypatch, data, "audit", "verify")["valid"] is True


def test_the_text_of_the_put_back_names_the_officer_withdrawn_again_in_chinese(withdrawn_since, capsys, monkeypatch,
                                                                               chinese):
    data, backup = withdrawn_since
    code, out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert code == 0, err
    assert "罗建华" in out, out


def test_the_passphrase_withdrawn_since_the_backup_does_not_put_the_keyring_back(withdrawn_since, capsys,
                                                                                  monkeypatch, english):
    data, backup = withdrawn_since
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only", passphrase=LUO)
    assert code == 1
    assert "罗建华" in err and "withdrawn" in err and "nothing was changed" in err, err
    assert not (data / "keyring.json").exists()


def test_a_put_back_says_nothing_was_withdrawn_again_when_nothing_was(copy_template, capsys, monkeypatch,
                                                                      english):
    data = copy_template("encrypted")
    backup = ok(capsys, monkeypatch, data, "backup", "create")["id"]
    (data / "keyring.json").unlink()
    result = ok(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert result["withdrawn_again"] == []
    assert "withdrawn" not in result["advice"]


def test_the_last_passphrase_of_the_backup_stays_though_withdrawn_and_the_advice_says_so(
        copy_template, capsys, monkeypatch, tmp_path, english):
    """The backup's keyring held only tester's passphrase, withdrawn since (罗建华 given one after the backup):
    withdrawing it again would leave nothing that opens the data; it stays, said with what to do."""
    data = copy_template("encrypted")
    backup = ok(capsys, monkeypatch, data, "backup", "create")["id"]
    ok(capsys, monkeypatch, data, "security", "add-officer", "罗建华", "--new-passphrase-file",
       passphrase_file(tmp_path, LUO))
    ok(capsys, monkeypatch, data, "security", "remove-officer", "tester")
    (data / "keyring.json").unlink()
    result = ok(capsys, monkeypatch, data, "backup", "restore", backup, "--keyring-only")
    assert result["withdrawn_again"] == [] and result["withdrawn_kept"] == ["tester"]
    assert keyring.officers(data) == ["tester"]
    assert "tester" in result["advice"] and "withdrawn" in result["advice"], result["advice"]


# 2. headquarters' key is not replaced without the new fingerprint -------------------------------------------------
@pytest.fixture
def hq_set(station_and_hq_copy, capsys):
    """The station encrypting to headquarters' card, and a card of another key carrying headquarters' id."""
    dirs = station_and_hq_copy
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", dirs / "other", "init")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", dirs / "other", "station", "export", "-o", dirs / "other.card")
    assert code == 0, err
    hq_card = json.loads((dirs / "hq.card").read_text(encoding="utf-8"))
    other = json.loads((dirs / "other.card").read_text(encoding="utf-8"))
    (dirs / "evil.card").write_text(json.dumps({**other, "id": hq_card["id"]}, ensure_ascii=False), encoding="utf-8")
    return dirs, hq_card["fingerprint"], other["fingerprint"]


def hq_fingerprint(data: Path) -> str:
    db = open_db(data)
    try:
        return db.execute("SELECT fingerprint FROM stations WHERE role = 'hq'").fetchone()[0]
    finally:
        db.conn.close()


@pytest.mark.parametrize("card", ["evil.card", "other.card"])
def test_a_card_of_another_key_does_not_replace_headquarters_without_its_fingerprint(hq_set, capsys, english, card):
    dirs, old, new = hq_set
    code, out, err = run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / card)
    assert code == 1 and out == ""
    assert old in err and new in err and "--fingerprint" in err, err
    assert hq_fingerprint(dirs / "station") == old
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / card,
                          "--fingerprint", old)
    assert code == 1 and new in err and hq_fingerprint(dirs / "station") == old, err
    code, out, err = run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / card,
                         "--fingerprint", new.replace(" ", "").lower())
    assert code == 0, err
    assert hq_fingerprint(dirs / "station") == new


def test_the_same_card_again_and_a_first_card_need_no_fingerprint(hq_set, capsys, english):
    dirs, old, _new = hq_set
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    assert code == 0, err
    assert hq_fingerprint(dirs / "station") == old
    # a wrong --fingerprint is refused for a first card too
    code, _out, err = run(capsys, "--data-dir", dirs / "other", "station", "headquarters", dirs / "hq.card",
                          "--fingerprint", "0000")
    assert code == 1 and old in err, err


@pytest.mark.gui
def test_the_window_asks_about_a_different_key_naming_both_fingerprints_default_no(hq_set, qtbot, prompts, english):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    dirs, old, new = hq_set
    db = open_db(dirs / "station")
    try:
        page = ExchangePage(db, dirs / "station", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        prompts.files.append(str(dirs / "evil.card"))
        prompts.confirm_answer = False
        page.buttons["set_headquarters"].click()
        question = prompts.confirmations[-1]
        assert old in question and new in question and "different key" in question, question
        assert prompts.destructive == [question]
        assert hq_fingerprint(dirs / "station") == old
        # the card of the key set already: asked as before, Yes the default
        prompts.files.append(str(dirs / "hq.card"))
        page.buttons["set_headquarters"].click()
        assert "different key" not in prompts.confirmations[-1] and len(prompts.destructive) == 1
        prompts.files.append(str(dirs / "evil.card"))
        prompts.confirm_answer = True
        page.buttons["set_headquarters"].click()
        assert hq_fingerprint(dirs / "station") == new
    finally:
        db.conn.close()


def test_headquarters_key_is_replaced_only_with_the_fingerprint_typed_or_the_officers_yes(hq_set):
    """(r3) ``set_headquarters`` weighs the fingerprint the officer typed, not the card's own: the card cannot vouch
    for itself."""
    from workstation.errors import WorkstationError
    from workstation.station import read_card, same_fingerprint, set_headquarters

    dirs, old, new = hq_set
    card = read_card(dirs / "evil.card", of_headquarters=True)
    db = open_db(dirs / "station")
    try:
        for typed in ("", old, "0000"):
            with pytest.raises(WorkstationError):
                set_headquarters(db, card, fingerprint=typed)
        assert hq_fingerprint(dirs / "station") == old
        set_headquarters(db, card, fingerprint=new.replace(" ", "-").lower())  # however the officer spaced it
        assert hq_fingerprint(dirs / "station") == new
        set_headquarters(db, read_card(dirs / "hq.card", of_headquarters=True), confirmed=True)  # the window asked
        assert hq_fingerprint(dirs / "station") == old
    finally:
        db.conn.close()
    assert same_fingerprint(new, new.replace(" ", "").lower()) and not same_fingerprint("", "")


def test_station_trust_compares_the_fingerprint_typed_however_spaced(station_and_hq_copy, capsys, english):
    dirs = station_and_hq_copy
    card = json.loads((dirs / "station.card").read_text(encoding="utf-8"))
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card",
                          "--fingerprint", "0000")
    assert code == 1 and card["fingerprint"] in err and "not trusted" in err, err
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card",
                          "--fingerprint", card["fingerprint"].replace(" ", "-").lower())
    assert code == 0, err


# 3. a backup of a damaged database --------------------------------------------------------------------------------
def damage_pages(data: Path, first_page: int, count: int = 1) -> None:
    with open(data / "workstation.db", "r+b") as fh:
        fh.seek(4096 * (first_page - 1))
        fh.write(b"\xa5" * 4096 * count)


def stations_root_page(data: Path) -> int:
    conn = sqlite3.connect(data / "workstation.db")
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stations'").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def damaged(copy_template, capsys, monkeypatch):
    """Plaintext data with a backup, then pages of its database overwritten (a failing disk)."""
    data = copy_template("plain")
    backup = ok(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    damage_pages(data, 220, 20)
    return data, backup


def test_a_backup_of_a_damaged_database_names_it_and_the_way_out(damaged, capsys, monkeypatch, english):
    data, backup = damaged
    code, out, err = cli(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    assert code == 1 and out == ""
    assert str(data / "workstation.db") in err and "damaged" in err, err
    assert "backup check" in err and f"backup restore {backup['id']}" in err, err
    assert "Check database integrity" in err, err


def test_the_check_finding_damage_says_the_same_way_out(damaged, capsys, monkeypatch, english):
    data, backup = damaged
    code, out, err = cli(capsys, monkeypatch, data, "backup", "check", passphrase=None)
    assert code == 1
    assert f"backup restore {backup['id']}" in out, out
    code, out, err = cli(capsys, monkeypatch, data, "backup", "check", "--json", passphrase=None)
    assert code == 1 and f"backup restore {backup['id']}" in json.loads(out)["advice"]


def test_the_latest_backup_a_rotation_found_damaged_is_not_the_one_advised(damaged, capsys, monkeypatch, english):
    data, backup = damaged
    settings = json.loads((data / "backup.json").read_text(encoding="utf-8"))
    settings["damaged"] = [str(Path(backup["path"]).resolve())]
    (data / "backup.json").write_text(json.dumps(settings), encoding="utf-8")
    code, _out, err = cli(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    assert code == 1 and f"backup restore {backup['id']}" not in err
    assert "There is no sound backup to restore" in err, err


@pytest.mark.gui
def test_back_up_now_and_the_daily_backup_of_a_damaged_database_say_the_way_out(window_on, english):
    from ui.backup_dialogs import maybe_backup

    window = window_on()
    made = backup_fixtures.backup_of(window.data_dir)
    damage_pages(Path(window.data_dir), stations_root_page(Path(window.data_dir)))  # read before the copy
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    said = window.prompts.errors[-1]
    assert "workstation.db" in said and "Check database integrity" in said and made["id"] in said, said
    settings = json.loads((Path(window.data_dir) / "backup.json").read_text(encoding="utf-8"))
    settings["last_backup"] = "2020-01-01T00:00:00+08:00"
    (Path(window.data_dir) / "backup.json").write_text(json.dumps(settings), encoding="utf-8")
    assert maybe_backup(window)
    shown = window.statusBar().currentMessage()
    assert "workstation.db" in shown and made["id"] in shown, shown


# 4. a restore whose audit entry the disk refused -------------------------------------------------------------------
def test_a_restore_whose_audit_entry_is_refused_says_so(copy_template, capsys, monkeypatch, english):
    from workstation.audit import AuditWriter

    data = copy_template("plain")
    backup = ok(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    real = AuditWriter.add

    def full(self, action, *args, **kwargs):
        if action == "restore":
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, action, *args, **kwargs)

    monkeypatch.setattr(AuditWriter, "add", full)
    result = ok(capsys, monkeypatch, data, "backup", "restore", backup["id"], passphrase=None)
    assert result["audited"] is False
    assert "not written into the audit log" in result["advice"] and "disk holding the data is full" in result["advice"], result["advice"]
    monkeypatch.setattr(AuditWriter, "add", real)
    result = ok(capsys, monkeypatch, data, "backup", "restore", backup["id"], passphrase=None)
    assert result["audited"] is True and "audit log" not in result["advice"]


# 5. smaller things --------------------------------------------------------------------------------------------------
def test_a_full_disk_while_changing_a_passphrase_says_it_was_not_changed(copy_template, capsys, monkeypatch,
                                                                         tmp_path, english):
    from workstation.shared_file import cannot_write

    data = copy_template("encrypted")
    before = (data / "keyring.json").read_bytes()

    def full(path, text):
        try:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        except OSError as exc:
            raise cannot_write(path, exc) from None

    monkeypatch.setattr(keyring, "write_whole", full)
    code, _out, err = cli(capsys, monkeypatch, data, "security", "change-passphrase", "--new-passphrase-file",
                          passphrase_file(tmp_path, "another passphrase 2026"))
    assert code == 1
    assert "keyring.json" in err and "passphrase was not changed" in err and "Free some space" in err, err
    assert (data / "keyring.json").read_bytes() == before


def test_the_same_passphrase_again_is_refused(copy_template, capsys, monkeypatch, tmp_path, english):
    data = copy_template("encrypted")
    before = (data / "keyring.json").read_bytes()
    code, _out, err = cli(capsys, monkeypatch, data, "security", "change-passphrase", "--new-passphrase-file",
                          passphrase_file(tmp_path, PASS))
    assert code == 1 and "same as the current one" in err, err
    assert (data / "keyring.json").read_bytes() == before


def test_backup_list_marks_a_backup_the_rotation_found_damaged(copy_template, capsys, monkeypatch, english):
    data = copy_template("plain")
    first = ok(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    second = ok(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    settings = json.loads((data / "backup.json").read_text(encoding="utf-8"))
    settings["damaged"] = [str(Path(first["path"]).resolve())]
    (data / "backup.json").write_text(json.dumps(settings), encoding="utf-8")
    code, out, err = cli(capsys, monkeypatch, data, "backup", "list", passphrase=None)
    assert code == 0, err
    lines = {line.split("\t")[0]: line for line in out.splitlines()}
    assert "damaged" in lines[first["id"]] and "damaged" not in lines[second["id"]], out


def test_backup_verify_says_the_time_as_the_other_outputs(copy_template, capsys, monkeypatch, english):
    data = copy_template("plain")
    made = ok(capsys, monkeypatch, data, "backup", "create", passphrase=None)
    code, out, err = cli(capsys, monkeypatch, data, "backup", "verify", made["id"], passphrase=None)
    assert code == 0, err
    assert made["created"][:19].replace("T", " ") in out and "T" not in out.split("made ")[1], out
