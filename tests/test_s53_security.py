"""Passphrases that are suspended, withdrawn or wrong, and the idle lock:

- a passphrase suspended (its officer left) opens no backup and no keyring put back from one, and given on the command
  line without naming its officer it is said to be suspended, not counted as a wrong try; `security status` marks it;
- withdrawing a passphrase says what it does and what it does not: the data key stays the same, so the backups made
  before keep opening with it, and the key taken out of one of them opens the backups made after too (shown here);
- the wrong passphrases tried are written into the audit log under no officer, not under whoever opens the data next;
- the idle lock counts the time the laptop slept (CLOCK_BOOTTIME), falling back to the monotonic clock."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from tests.helpers import run
from tests.test_ui_login import FAST, PASS, make_encrypted, officers_later, windows  # noqa: F401, F811 - a fixture
from workstation import backup_format
from workstation.backup import create_backup, passphrase_change_note
from workstation.db import driver, open_database
from workstation.i18n import _
from workstation.paths import database_path
from workstation.records import Officer
from workstation.security import access, events, keyring, session
from workstation.store import agency_id_for_code, list_officers, save_officer

LUO = "罗建华的口令2026"


@pytest.fixture
def station(data_dir, monkeypatch):
    """An encrypted data directory whose register holds 陈志强 and 罗建华 on duty, each with a passphrase; its
    database open, the key unlocked. Nobody is named as acting: a command acts as whose passphrase opened the data."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv(access.PASSPHRASE_ENV, raising=False)
    monkeypatch.setenv("WORKSTATION_ACTOR", "tester")  # restored afterwards, whatever the unlock sets
    monkeypatch.delenv("WORKSTATION_ACTOR")
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    db = open_database(database_path(data_dir))
    agency = agency_id_for_code("440605")
    for name, cert in (("陈志强", "44060510001"), ("罗建华", "44060510002")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency))
    keyring.add_officer(data_dir, session.require_key(data_dir), "罗建华", LUO)
    yield db, data_dir
    db.conn.close()
    session._KEYS.clear()


def cli(capsys, monkeypatch, data: Path, passphrase: str, *argv):
    """The command line as a new process runs it: nothing unlocked, nobody named as acting."""
    session._KEYS.clear()
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    monkeypatch.setenv(access.PASSPHRASE_ENV, passphrase)
    return run(capsys, "--data-dir", data, *argv)


def officer_id(db, name: str) -> str:
    return next(o.id for o in list_officers(db, with_inactive=True) if o.name == name)


def suspend_luo(db, data: Path) -> None:
    """罗建华 leaves and keeps his passphrase, suspended, as the officers' register offers it."""
    assert access.set_on_duty(db, data, officer_id(db, "罗建华"), False, withdraw=False)[1] == "suspended"


def backup_made(db, data: Path) -> Path:
    return Path(create_backup(db, data)["path"])


# 1. a suspended passphrase ----------------------------------------------------------------------------------------
def test_a_suspended_passphrase_restores_no_backup(station, tmp_path, capsys, monkeypatch, english):
    db, data = station
    suspend_luo(db, data)
    made = backup_made(db, data)
    laptop = tmp_path / "new laptop"
    code, _out, err = cli(capsys, monkeypatch, laptop, LUO, "backup", "restore", made)
    assert code == 1
    assert "罗建华 had left when" in err and "nothing was restored" in err, err
    assert "opens none of the keys" not in err
    assert not database_path(laptop).exists() and keyring.load(laptop) is None
    code, _out, err = cli(capsys, monkeypatch, laptop, PASS, "backup", "restore", made)
    assert code == 0, err  # an officer on duty still restores it


def test_a_suspended_passphrase_puts_back_no_keyring(station, capsys, monkeypatch, english):
    db, data = station
    suspend_luo(db, data)
    made = backup_made(db, data)
    db.conn.close()
    kept = (data / "keyring.json").read_text(encoding="utf-8")
    (data / "keyring.json").unlink()
    code, _out, err = cli(capsys, monkeypatch, data, LUO, "backup", "restore", made, "--keyring-only")
    assert code == 1
    assert "罗建华 had left when" in err and "nothing was changed" in err, err
    assert keyring.load(data) is None  # nothing put back
    code, _out, err = cli(capsys, monkeypatch, data, PASS, "backup", "restore", made, "--keyring-only")
    assert code == 0, err
    assert (data / "keyring.json").read_text(encoding="utf-8") != kept  # the backup's, 罗建华's still suspended
    assert keyring.officers(data) == ["陈志强", "罗建华"] and keyring.officers(data, on_duty=True) == ["陈志强"]


def test_a_suspended_passphrase_given_unnamed_is_said_suspended_not_counted(station, capsys, monkeypatch, english):
    db, data = station
    suspend_luo(db, data)
    code, _out, err = cli(capsys, monkeypatch, data, LUO, "stats")
    assert code == 1
    assert keyring.off_duty_message("罗建华") in err and "Wrong passphrase" not in err, err
    assert keyring.load(data).get("failures", 0) == 0 and keyring.unaudited_failures(data) == []
    code, _out, err = cli(capsys, monkeypatch, data, "not the passphrase", "stats")
    assert code == 1 and "Wrong passphrase" in err  # a wrong one is still counted
    assert keyring.load(data)["failures"] == 1


def test_security_status_marks_a_suspended_passphrase(station, capsys, monkeypatch, english):
    db, data = station
    suspend_luo(db, data)
    code, out, err = cli(capsys, monkeypatch, data, PASS, "security", "status")
    assert code == 0, err
    assert _("{name} (left: suspended)").format(name="罗建华") in out and "陈志强、" in out, out
    code, out, err = cli(capsys, monkeypatch, data, PASS, "security", "status", "--json")
    result = json.loads(out)
    assert result["officers"] == ["陈志强", "罗建华"] and result["suspended"] == ["罗建华"]


# 2. a withdrawn passphrase: what it still opens --------------------------------------------------------------------
def test_the_key_of_a_backup_made_before_a_withdrawal_opens_the_backups_made_after(station, tmp_path):
    """What the withdrawal says is so: the data key does not change, so whoever holds an earlier backup and the
    withdrawn passphrase takes the key out of it and reads a backup made after the withdrawal."""
    db, data = station
    before = backup_made(db, data)
    access.withdraw_passphrase(data, "罗建华", db)
    after = backup_made(db, data)
    header = backup_format.read_header(after)
    assert [e["officer"] for e in header["keyring"]["entries"]] == ["陈志强"]
    with pytest.raises(keyring.WrongPassphrase):
        keyring.open_entries(header["keyring"]["entries"], LUO, after.name)
    _name, key = keyring.open_entries(backup_format.read_header(before)["keyring"]["entries"], LUO, before.name)
    into = tmp_path / "taken"
    backup_format.read_payload(after, header, session.derive(key, "backup"), into, lambda *a: None, None)
    conn = driver.connect_encrypted(str(into / "workstation.db"), 5.0, key)
    try:
        assert conn.execute("SELECT name FROM officers ORDER BY name").fetchall()
    finally:
        conn.close()


def test_withdrawing_on_the_command_line_says_what_the_passphrase_still_opens(station, capsys, monkeypatch, english):
    db, data = station
    backup_made(db, data)
    code, out, err = cli(capsys, monkeypatch, data, PASS, "security", "remove-officer", "罗建华")
    assert code == 0, err
    assert "no longer opens the data here" in out and "backups made before keep opening with it" in out, out
    assert "opens the backups made from now on too" in out
    assert keyring.officers(data) == ["陈志强"]


def test_the_note_after_a_change_of_passphrase_says_the_key_stays(station, english):
    db, data = station
    backup_made(db, data)
    note = passphrase_change_note(data)
    assert "only with the earlier passphrase" in note and "Back up now" in note
    assert "The data key stays the same" in note and "backups made after this change too" in note, note


@pytest.mark.gui
def test_the_security_dialog_says_what_a_withdrawal_leaves_open(qtbot, station, prompts, english):
    from ui.security_dialog import PassphraseDialog

    db, data = station
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    prompts.confirm_answer = True
    dialog.withdrawn.setCurrentIndex(dialog.withdrawn.findData("罗建华"))
    assert dialog.withdraw()
    asked = prompts.confirmations[-1]
    assert "罗建华" in asked and "It will no longer open the data here" in asked, asked
    assert "backups made before keep opening with it" in asked
    done = dialog.done_label.text()
    assert "no longer opens the data here" in done and "backups made before keep opening with it" in done, done


@pytest.mark.gui
def test_the_officers_dialog_says_what_a_withdrawal_leaves_open(qtbot, station, prompts, english):
    from ui.officers_dialog import OfficersDialog

    db, data = station
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([o.name for o in dialog.model.records].index("罗建华"))
    prompts.choices = [0]  # withdraw the passphrase too
    dialog.active_button.click()
    assert keyring.officers(data) == ["陈志强"]
    said = prompts.infos[-1]
    assert "罗建华" in said and "backups made before keep opening with it" in said, said


# 4. wrong passphrases are nobody's -----------------------------------------------------------------------------------
def test_wrong_passphrases_are_not_written_under_the_officer_who_opens_next(station, capsys, monkeypatch, english):
    db, data = station
    db.conn.close()
    for _n in range(2):
        code, _out, _err = cli(capsys, monkeypatch, data, "not the passphrase", "stats")
        assert code == 1
    code, _out, err = cli(capsys, monkeypatch, data, LUO, "stats")
    assert code == 0, err
    code, out, err = cli(capsys, monkeypatch, data, LUO, "audit", "list", "--entity", "security", "--action",
                         events.LOGIN_FAILED, "--json")
    assert code == 0, err
    entries = json.loads(out)["entries"]
    assert len(entries) == 2 and [e["officer"] for e in entries] == [None, None], entries
    code, out, err = cli(capsys, monkeypatch, data, LUO, "audit", "list", "--entity", "security", "--action",
                         events.LOGIN_FAILED)
    assert "罗建华" not in out and out.count(_("not signed in / command line")) == 2, out
    conn = open_database(database_path(data))
    try:
        actors = {r[0] for r in conn.execute("SELECT actor FROM audit WHERE action = ?", [events.LOGIN_FAILED])}
    finally:
        conn.conn.close()
    assert actors == {events.NOBODY}
    assert events.NOBODY not in ("陈志强", "罗建华", "") and events.NOBODY != keyring.STATION_ENTRY


@pytest.mark.gui
def test_wrong_passphrases_at_the_lock_are_not_the_officer_who_unlocks(qtbot, data_dir, windows,  # noqa: F811
                                                                       monkeypatch):
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    monkeypatch.setenv("WORKSTATION_ACTOR", "tester")
    monkeypatch.delenv("WORKSTATION_ACTOR")
    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=officers_later)
    keyring.add_officer(data_dir, session.key_for(data_dir), "罗建华", LUO)
    window.show()
    window.lock_now()
    lock = window.idle_lock.dialog
    for _n in range(2):  # a colleague tries at 陈志强's lock
        lock.passphrase.setText("not it at all")
        lock.login_button.click()
    lock.officer.setCurrentText("罗建华")
    lock.passphrase.setText(LUO)
    lock.login_button.click()
    assert not window.idle_lock.is_locked
    rows = [tuple(r) for r in window.db.execute(
        "SELECT actor, entity_id FROM audit WHERE action = ? ORDER BY seq", [events.LOGIN_FAILED]).fetchall()]
    assert rows == [(events.NOBODY, "陈志强")] * 2


# 3. the idle lock and a laptop that slept ------------------------------------------------------------------------
class _Clocks:
    """The clocks ``ui.idle_lock`` reads: the time since boot (sleep included) and the monotonic time, which on Linux
    stands still while the laptop sleeps."""

    CLOCK_BOOTTIME = 7

    def __init__(self):
        self.boot, self.mono = 1000.0, 500.0

    def clock_gettime(self, clock):
        assert clock == self.CLOCK_BOOTTIME
        return self.boot

    def monotonic(self):
        return self.mono


@pytest.mark.gui
def test_the_idle_lock_counts_the_time_the_laptop_slept(db, make_window, monkeypatch):
    import ui.idle_lock as idle_lock

    clocks = _Clocks()
    monkeypatch.setattr(idle_lock, "time", clocks)
    window = make_window(db)
    window.show()
    lock = idle_lock.IdleLock(window, window.data_dir, "tester", 10, quit_app=lambda: None)
    try:
        clocks.boot += 9 * 60
        assert not lock.check_idle()
        clocks.boot += 2 * 60  # asleep: the monotonic clock stood still
        assert lock.check_idle() and lock.is_locked
    finally:
        lock.stop()


@pytest.mark.gui
def test_without_a_boot_clock_the_idle_lock_counts_monotonic_time(db, make_window, monkeypatch):
    import ui.idle_lock as idle_lock

    clocks = types.SimpleNamespace(monotonic=lambda: clocks.now, now=500.0)  # no clock_gettime, no CLOCK_BOOTTIME
    monkeypatch.setattr(idle_lock, "time", clocks)
    window = make_window(db)
    window.show()
    lock = idle_lock.IdleLock(window, window.data_dir, "tester", 10, quit_app=lambda: None)
    try:
        clocks.now += 9 * 60
        assert not lock.check_idle()
        clocks.now += 2 * 60
        assert lock.check_idle() and lock.is_locked
    finally:
        lock.stop()
