"""Session 69, officers and security: a passphrase whose holder shares a name with another officer on duty, the
passphrase dialog left open across the idle lock, and the audit log of a passphrase suspended or restored."""

from __future__ import annotations

import json

import pytest

from tests import test_officers_passphrases, test_ui_login
from tests.test_officers_passphrases import WANG, officer_id
from tests.test_ui_login import PASS
from ui.idle_lock import IdleLock
from ui.officers_dialog import OfficersDialog
from ui.security_dialog import PassphraseDialog
from workstation import audit
from workstation.i18n import _
from workstation.records import Officer
from workstation.security import access, keyring, session
from workstation.store import agency_id_for_code, list_officers, save_officer

station = test_officers_passphrases.station  # 陈志强 and 王芳 with a passphrase each, 李明 without
_encryption = test_ui_login._encryption  # autouse: cheap Argon2id, the actor restored, the keys forgotten
SHUNDE_CERT = "44060620002"
NANHAI_CERT = "44060510002"


def wang(db, cert: str) -> Officer:
    return next(o for o in list_officers(db, with_inactive=True) if o.cert_no == cert)


def security_log(db) -> list[tuple]:
    return [tuple(r) for r in db.execute("SELECT actor, action, entity_id FROM audit WHERE entity = 'security' "
                                         "ORDER BY seq")]


def old_layout(data) -> None:
    """Rewrite the keyring as the version before this one wrote it: entries keyed by name alone."""
    path = keyring.keyring_path(data)
    content = json.loads(path.read_text(encoding="utf-8"))
    for entry in content["entries"]:
        entry.pop("officer_id", None)
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")


def add_namesake(db) -> None:
    save_officer(db, Officer(name="王芳", cert_no=SHUNDE_CERT, agency_id=agency_id_for_code("440606")))


def deactivate(qtbot, db, prompts, cert: str) -> OfficersDialog:
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([o.cert_no for o in dialog.model.records].index(cert))
    dialog.toggle_active()
    return dialog


def opens(data, passphrase: str) -> bool:
    try:
        keyring.unlock(data, passphrase)
    except keyring.WrongPassphrase:
        return False
    return True


# 1. namesakes ----------------------------------------------------------------------------------------------------
def test_a_passphrase_kept_by_name_is_asked_about_when_a_namesake_leaves(qtbot, station, prompts, english):
    db, data = station
    old_layout(data)  # 王芳's passphrase was given by the version before: by name only
    add_namesake(db)
    prompts.choices = [0]
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert len(prompts.offered) == 1, "the passphrase must be asked about, not left unasked"
    question, *options = prompts.offered[0]
    assert SHUNDE_CERT in question and "cannot be told" in question
    assert options == [_("Deactivate and withdraw the passphrase"), _("Deactivate, keep the passphrase suspended"),
                       _("Deactivate, leave the passphrase working"), _("Cancel")]
    assert not wang(db, NANHAI_CERT).active
    assert not opens(data, WANG) and keyring.officers(data) == ["陈志强"]
    assert "passphrase_withdrawn" in [action for _actor, action, _who in security_log(db)]


def test_suspended_for_an_unclear_holder_it_follows_the_officer_who_left(qtbot, station, prompts):
    db, data = station
    old_layout(data)
    add_namesake(db)
    prompts.choices = [1]
    dialog = deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert not opens(data, WANG) and keyring.officers(data, on_duty=True) == ["陈志强"]
    assert keyring.holder_id(data, "王芳") == wang(db, NANHAI_CERT).id
    # back on duty, it opens the data again (the namesake on duty no longer hides whose it is)
    dialog.table.selectRow([o.cert_no for o in dialog.model.records].index(NANHAI_CERT))
    dialog.toggle_active()
    assert wang(db, NANHAI_CERT).active and opens(data, WANG)


def test_leave_it_working_and_cancel(qtbot, station, prompts):
    db, data = station
    old_layout(data)
    add_namesake(db)
    prompts.choices = [3]  # Cancel: nothing changes
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert wang(db, NANHAI_CERT).active and opens(data, WANG)
    prompts.choices = [2]  # the officer says it is the other 王芳's
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert not wang(db, NANHAI_CERT).active and opens(data, WANG)
    assert len(prompts.offered) == 2


def test_a_passphrase_given_now_records_its_holder(qtbot, station, prompts):
    db, data = station
    access.withdraw_passphrase(data, "王芳", db)
    add_namesake(db)
    assert access.give_passphrase(db, data, SHUNDE_CERT, WANG) == "王芳"
    assert keyring.holder_id(data, "王芳") == wang(db, SHUNDE_CERT).id
    # the 南海 王芳 leaving is not asked about a passphrase that is not hers, and it keeps opening the data
    prompts.confirm_answer = True
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert prompts.offered == [] and len(prompts.confirmations) == 1
    assert not wang(db, NANHAI_CERT).active and opens(data, WANG)
    # the 顺德 王芳, its holder, leaving: asked, and withdrawn
    prompts.choices = [0]
    deactivate(qtbot, db, prompts, SHUNDE_CERT)
    assert len(prompts.offered) == 1 and not opens(data, WANG)


def test_the_holder_survives_a_change_of_passphrase_and_the_lock_suspends_by_holder(station):
    db, data = station
    access.withdraw_passphrase(data, "王芳", db)
    add_namesake(db)
    access.give_passphrase(db, data, SHUNDE_CERT, WANG)
    access.change_passphrase(db, data, "王芳", WANG, "王芳的新口令2027")
    assert keyring.holder_id(data, "王芳") == wang(db, SHUNDE_CERT).id
    # the holder deactivated by another program: the register's check (at the lock) suspends it, namesake or not
    db.execute("UPDATE officers SET active = 0 WHERE id = ?", [wang(db, SHUNDE_CERT).id])
    assert access.follow_register(db, data) == ["王芳"]
    assert not opens(data, "王芳的新口令2027")
    assert ("tester", access.PASSPHRASE_SUSPENDED, "王芳") in security_log(db)


def test_a_keyring_of_the_earlier_layout_still_opens(data_dir, monkeypatch):
    """A keyring written by hand as the version before this one wrote it (no holder in its entries) opens, and one
    written now is one the earlier reader's checks accept (the holder is an extra text field)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key = keyring.create_encrypted(data_dir, "陈志强", PASS)
    content = json.loads(keyring.keyring_path(data_dir).read_text(encoding="utf-8"))
    assert keyring.HOLDER not in content["entries"][0]
    assert set(content["entries"][0]) == {"officer", "salt", "cost", "nonce", "sealed", "created_at"}
    assert keyring.unlock(data_dir, PASS) == ("陈志强", key)
    keyring.add_officer(data_dir, key, "王芳", WANG, holder="officer-1")
    entry = keyring.load(data_dir)["entries"][1]
    assert entry[keyring.HOLDER] == "officer-1" and keyring.well_formed_entry(entry)
    assert keyring.unlock(data_dir, WANG) == ("王芳", key)
    assert keyring.holder_id(data_dir, "陈志强") is None
    bad = {**entry, keyring.HOLDER: 5}
    assert not keyring.well_formed_entry(bad)


# 2. the passphrase dialog across the idle lock -------------------------------------------------------------------
def test_another_officer_after_the_lock_cannot_change_the_passphrase(qtbot, station, make_window, prompts, english):
    db, data = station
    access.act_as("陈志强")
    window = make_window(db)
    window.show()
    dialog = PassphraseDialog(data, "陈志强", parent=window, prompts=prompts, db=db)
    dialog.show()
    dialog.change_fields.edits["old"].setText(PASS)
    dialog.add_fields.edits["passphrase"].setText("给别人的口令12345")
    lock = IdleLock(window, data, "陈志强", 5, quit_app=lambda: None)
    try:
        lock.last_input = lock.clock() - 301
        assert lock.check_idle()
        assert [e.text() for e in (*dialog.change_fields.edits.values(), *dialog.add_fields.edits.values(),
                                   dialog.take_passphrase)] == [""] * 6
        lock.dialog.officer.setCurrentIndex(lock.dialog.officer.findData("王芳"))
        lock.dialog.passphrase.setText(WANG)
        lock.dialog.login_button.click()
        assert not lock.is_locked
        assert dialog.change_fields.edits["old"].text() == ""
        # 王芳 types 陈志强's passphrase anyway (she knows it): refused, it is not hers to change
        dialog.change_fields.edits["old"].setText(PASS)
        dialog.change_fields.edits["passphrase"].setText("王芳-设的新口令-123")
        dialog.change_fields.edits["repeat"].setText("王芳-设的新口令-123")
        assert not dialog.change()
        said = dialog.change_fields.error_text("old")
        assert "王芳 is acting now" in said and "only 陈志强 can change it" in said
        assert keyring.unlock(data, PASS)[0] == "陈志强"
        assert "passphrase_changed" not in [action for _actor, action, _who in security_log(db)]
    finally:
        lock.stop()


def test_the_same_officer_after_the_lock_can_still_change_theirs(qtbot, station, make_window, prompts):
    db, data = station
    access.act_as("陈志强")
    window = make_window(db)
    dialog = PassphraseDialog(data, "陈志强", parent=window, prompts=prompts, db=db)
    lock = IdleLock(window, data, "陈志强", 5, quit_app=lambda: None)
    try:
        lock.lock()
        lock.dialog.passphrase.setText(PASS)
        lock.dialog.login_button.click()
        assert not lock.is_locked
        dialog.change_fields.edits["old"].setText(PASS)
        dialog.change_fields.edits["passphrase"].setText("陈志强的新口令2027")
        dialog.change_fields.edits["repeat"].setText("陈志强的新口令2027")
        assert dialog.change()
        assert keyring.unlock(data, "陈志强的新口令2027")[0] == "陈志强"
    finally:
        lock.stop()


# 3. suspending and restoring are audited -------------------------------------------------------------------------
def test_suspending_and_restoring_a_passphrase_are_in_the_audit_log(station):
    db, data = station
    access.act_as("陈志强")
    wang_id = officer_id(db, "王芳")
    assert access.set_on_duty(db, data, wang_id, False, withdraw=False)[1] == "suspended"
    assert access.set_on_duty(db, data, wang_id, True)[1] == "restored"
    log = security_log(db)
    assert log[-2:] == [("陈志强", "passphrase_suspended", "王芳"), ("陈志强", "passphrase_restored", "王芳")]
    assert keyring.unaudited_changes(data) == []
    for key in ("passphrase_suspended", "passphrase_restored"):
        assert audit.ACTION_LABELS[key] and audit.action_label(key) != key


@pytest.fixture(autouse=True)
def _forget_keys():
    yield
    session._KEYS.clear()


# 4. the final read: a suspended passphrase's holder, a change raced by a suspension, leaving it with a namesake ----
def add_namesake_who_left(db) -> Officer:
    """The 顺德 王芳, in the register as deactivated (she left before)."""
    return save_officer(db, Officer(name="王芳", cert_no=SHUNDE_CERT, agency_id=agency_id_for_code("440606"),
                                    active=False))


def test_a_passphrase_suspended_as_its_officer_left_is_not_restored_by_a_namesake_taken_back(station):
    db, data = station  # 王芳's passphrase was given by the version before: by name only
    add_namesake_who_left(db)
    assert not wang(db, SHUNDE_CERT).active
    assert access.set_on_duty(db, data, wang(db, NANHAI_CERT).id, False, withdraw=False)[1] == "suspended"
    # the 顺德 王芳 taken back on duty: the passphrase of the 南海 王芳, who left, still opens nothing
    assert access.set_on_duty(db, data, wang(db, SHUNDE_CERT).id, True)[1] == ""
    assert wang(db, SHUNDE_CERT).active
    assert not opens(data, WANG) and keyring.officers(data, on_duty=True) == ["陈志强"]
    # the 南海 王芳 back on duty: hers opens the data again
    assert access.set_on_duty(db, data, wang(db, NANHAI_CERT).id, True)[1] == "restored"
    assert opens(data, WANG)


def test_suspended_by_the_registers_check_it_is_not_restored_by_a_namesake_taken_back(station):
    db, data = station
    db.execute("UPDATE officers SET active = 0 WHERE id = ?", [wang(db, NANHAI_CERT).id])  # by another program
    assert access.follow_register(db, data) == ["王芳"]
    add_namesake_who_left(db)
    assert access.set_on_duty(db, data, wang(db, SHUNDE_CERT).id, True)[1] == ""
    assert not opens(data, WANG)


def test_a_passphrase_suspended_while_its_change_is_sealed_stays_suspended(station, monkeypatch):
    from workstation import shared_file

    db, data = station
    # the new seal is made before the keyring's lock is taken: another program's change meanwhile goes through
    monkeypatch.setattr(shared_file, "LOCK_WAIT", 0.3)
    seal = keyring._seal

    def left_meanwhile(*args, **kwargs):  # another program deactivates 王芳 between the check and the write
        keyring.set_off_duty(data, "王芳", True)
        return seal(*args, **kwargs)

    monkeypatch.setattr(keyring, "_seal", left_meanwhile)
    with pytest.raises(keyring.OffDuty) as raised:
        access.change_passphrase(db, data, "王芳", WANG, "王芳的新口令2027")
    monkeypatch.setattr(keyring, "_seal", seal)
    assert raised.value.message == keyring.off_duty_message("王芳")
    assert keyring.officers(data, on_duty=True) == ["陈志强"]
    assert not opens(data, WANG) and not opens(data, "王芳的新口令2027")
    assert "passphrase_changed" not in [action for _actor, action, _who in security_log(db)]


def test_a_holder_recorded_while_the_change_is_sealed_is_kept(station, monkeypatch):
    from workstation import shared_file

    db, data = station
    monkeypatch.setattr(shared_file, "LOCK_WAIT", 0.3)
    nanhai = wang(db, NANHAI_CERT).id
    seal = keyring._seal

    def settled_meanwhile(*args, **kwargs):  # another program records whose it is meanwhile
        keyring.set_holder(data, "王芳", nanhai)
        return seal(*args, **kwargs)

    monkeypatch.setattr(keyring, "_seal", settled_meanwhile)
    access.change_passphrase(db, data, "王芳", WANG, "王芳的新口令2027")
    monkeypatch.setattr(keyring, "_seal", seal)
    assert keyring.holder_id(data, "王芳") == nanhai
    assert opens(data, "王芳的新口令2027") and not opens(data, WANG)


def test_a_passphrase_withdrawn_while_its_change_is_sealed_is_not_given_back(station, monkeypatch, english):
    from workstation import shared_file

    db, data = station
    monkeypatch.setattr(shared_file, "LOCK_WAIT", 0.3)
    seal = keyring._seal

    def withdrawn_meanwhile(*args, **kwargs):
        keyring.remove_officer(data, "王芳")
        return seal(*args, **kwargs)

    monkeypatch.setattr(keyring, "_seal", withdrawn_meanwhile)
    with pytest.raises(keyring.WrongPassphrase) as raised:
        access.change_passphrase(db, data, "王芳", WANG, "王芳的新口令2027")
    monkeypatch.setattr(keyring, "_seal", seal)
    assert "no longer has a passphrase" in raised.value.message
    assert keyring.officers(data) == ["陈志强"] and not opens(data, "王芳的新口令2027")
    assert "passphrase_changed" not in [action for _actor, action, _who in security_log(db)]


def test_the_namesake_question_names_both_with_their_certificate_numbers(qtbot, station, prompts, english):
    db, data = station
    add_namesake(db)
    prompts.choices = [3]
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    question = prompts.offered[0][0]
    assert f"王芳（{NANHAI_CERT}） has the same name as 王芳（{SHUNDE_CERT}）" in question


def test_left_working_with_one_namesake_it_becomes_hers(qtbot, station, prompts):
    db, data = station
    add_namesake(db)
    prompts.choices = [2]  # the officer says it is the 顺德 王芳's
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert not wang(db, NANHAI_CERT).active and opens(data, WANG)
    assert keyring.holder_id(data, "王芳") == wang(db, SHUNDE_CERT).id
    assert ("tester", "passphrase_left_working", "王芳") in security_log(db)
    # settled: the 南海 王芳 taken back is not asked about it, and it stays the 顺德 王芳's
    prompts.confirm_answer = True
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert wang(db, NANHAI_CERT).active and len(prompts.offered) == 1
    # the 顺德 王芳 leaving is asked about it as hers, and it follows her
    prompts.choices = [1]
    deactivate(qtbot, db, prompts, SHUNDE_CERT)
    assert len(prompts.offered) == 2 and "cannot be told" not in prompts.offered[1][0]
    assert not opens(data, WANG)


def test_left_working_with_two_namesakes_the_choice_is_audited(qtbot, station, prompts):
    db, data = station
    add_namesake(db)
    save_officer(db, Officer(name="王芳", cert_no="44060720002", agency_id=agency_id_for_code("440607")))
    before = security_log(db)
    prompts.choices = [2]
    deactivate(qtbot, db, prompts, NANHAI_CERT)
    assert not wang(db, NANHAI_CERT).active and opens(data, WANG)
    assert keyring.holder_id(data, "王芳") is None  # which of the two it is was not said
    assert security_log(db)[len(before):] == [("tester", "passphrase_left_working", "王芳")]


# 5. the stop-check: the first passphrase records its holder; the lock empties a take-over field showing an error -
def _plain_register(capsys, data) -> None:
    """A plaintext data directory whose register holds 陈志强 of 南海 (as `init --officer` makes it)."""
    from tests.helpers import run_json

    run_json(capsys, "--data-dir", data, "init", "--plaintext", "--agency", "440605", "--officer", "陈志强")


def test_encrypting_the_data_records_the_officer_as_the_holder_of_the_first_passphrase(capsys, data_dir):
    from tests.helpers import open_db

    _plain_register(capsys, data_dir)
    db = open_db(data_dir)
    try:
        chen = officer_id(db, "陈志强")
    finally:
        db.conn.close()
    access.encrypt_data_dir(data_dir, PASS, "陈志强")
    assert keyring.unlock(data_dir, PASS)[0] == "陈志强"
    assert keyring.holder_id(data_dir, "陈志强") == chen


def test_encrypting_for_a_name_two_officers_bear_records_no_holder(capsys, data_dir):
    from tests.helpers import open_db

    _plain_register(capsys, data_dir)
    db = open_db(data_dir)
    try:
        save_officer(db, Officer(name="陈志强", cert_no=SHUNDE_CERT, agency_id=agency_id_for_code("440606")))
    finally:
        db.conn.close()
    access.encrypt_data_dir(data_dir, PASS, "陈志强")
    assert keyring.unlock(data_dir, PASS)[0] == "陈志强"
    assert keyring.holder_id(data_dir, "陈志强") is None  # whose it is cannot be told: by name, as before


def test_a_new_data_directory_records_the_holder_given_with_its_first_passphrase(data_dir):
    assert access.prepare(data_dir, PASS, officer="陈志强", holder="officer-1") == "encrypted"
    assert keyring.holder_id(data_dir, "陈志强") == "officer-1"
    entry = keyring.load(data_dir)["entries"][0]
    assert keyring.well_formed_entry(entry)


def test_the_lock_empties_a_take_over_field_showing_an_error(qtbot, station, make_window, prompts, english):
    db, data = station
    # the workstation's passphrase, for an officer to take over
    keyring.add_officer(data, session.require_key(data), keyring.STATION_ENTRY, "工作站的口令-2027-共用")
    access.act_as("陈志强")
    window = make_window(db)
    window.show()
    dialog = PassphraseDialog(data, "陈志强", parent=window, prompts=prompts, db=db)
    dialog.show()
    typed = "工作站口令-猜的-12345"
    dialog.take_passphrase.setText(typed)
    assert not dialog.take_over()  # refused: an error shows under the field
    assert dialog.take_error.isVisibleTo(dialog) and dialog.take_error.text()
    dialog.take_passphrase.setText(typed)  # typed again, the error still showing
    lock = IdleLock(window, data, "陈志强", 5, quit_app=lambda: None)
    try:
        lock.last_input = lock.clock() - 301
        assert lock.check_idle()
        assert dialog.take_passphrase.text() == ""
        # what is shown under it names no passphrase
        assert typed not in dialog.take_error.text()
    finally:
        lock.stop()


def test_init_with_an_officer_records_them_as_the_first_passphrase_s_holder(tmp_path, capsys):
    from tests.helpers import run
    from workstation.db import open_database
    from workstation.paths import database_path

    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    secret.chmod(0o600)
    data = tmp_path / "data"
    code, _out, err = run(capsys, "--data-dir", data, "init", "--agency", "440605", "--passphrase-file", secret,
                          "--officer", "王芳", "--cert", "44060510002")
    assert code == 0, err
    access.unlock(data, PASS)
    db = open_database(database_path(data))
    try:
        (officer,) = [o for o in list_officers(db) if o.name == "王芳"]
    finally:
        db.conn.close()
    # a namesake added later neither keeps it working when this 王芳 leaves nor takes it back
    assert keyring.holder_id(data, "王芳") == officer.id
