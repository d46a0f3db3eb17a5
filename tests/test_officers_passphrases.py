"""Passphrases follow the officers' register: only an officer on duty is given one, an officer who leaves has theirs
withdrawn (or suspended until taken back on duty), nobody who left is offered or let in at the login and the lock,
and a wrong passphrase from the environment is not shown as if typed."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QStyleOptionViewItem

from tests.test_ui_keyboard import active
from tests.test_ui_login import FAST, OTHER, PASS, make_encrypted
from ui.gate import gain_access
from ui.layouts import UNDER_ROLE, chinese_width
from ui.login import LoginDialog
from ui.officers_dialog import OfficersDialog
from ui.security_dialog import PassphraseDialog, protection_text
from workstation import cli
from workstation.db import open_database
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.paths import database_path
from workstation.records import Officer
from workstation.security import access, keyring, session
from workstation.store import agency_id_for_code, get_officer, list_officers, save_officer

WANG = "王芳的口令2026"


@pytest.fixture
def station(data_dir, monkeypatch):
    """An encrypted data directory whose register holds 陈志强 and 王芳 on duty (both with a passphrase) and 李明 on
    duty without one; its database open, the key unlocked."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv(access.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    db = open_database(database_path(data_dir))
    agency = agency_id_for_code("440605")
    for name, cert in (("陈志强", "44060510001"), ("王芳", "44060510002"), ("李明", "44060510003")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency))
    keyring.add_officer(data_dir, session.require_key(data_dir), "王芳", WANG)
    yield db, data_dir
    db.conn.close()
    session._KEYS.clear()


def officer_id(db, name: str) -> str:
    return next(o.id for o in list_officers(db, with_inactive=True) if o.name == name)


# the core --------------------------------------------------------------------------------------------------------
def test_deactivating_an_officer_withdraws_their_passphrase(station):
    db, data = station
    changed, passphrase = access.set_on_duty(db, data, officer_id(db, "王芳"), False)
    assert (changed.active, passphrase) == (False, "withdrawn") and keyring.officers(data) == ["陈志强"]
    with pytest.raises(keyring.WrongPassphrase):
        keyring.unlock(data, WANG)


def test_a_kept_passphrase_opens_nothing_until_the_officer_is_back_on_duty(station):
    db, data = station
    assert access.set_on_duty(db, data, officer_id(db, "王芳"), False, withdraw=False)[1] == "suspended"
    assert keyring.officers(data) == ["陈志强", "王芳"] and keyring.officers(data, on_duty=True) == ["陈志强"]
    with pytest.raises(keyring.WrongPassphrase):
        keyring.unlock(data, WANG)
    with pytest.raises(keyring.OffDuty, match="王芳"):
        keyring.unlock(data, WANG, "王芳")
    # a suspended passphrase is told it is suspended, named or not: no wrong try counted (tests/test_s53_security.py)
    assert keyring.load(data)["failures"] == 0
    assert access.set_on_duty(db, data, officer_id(db, "王芳"), True)[1] == "restored"
    assert keyring.unlock(data, WANG, "王芳")[0] == "王芳"


def test_the_officer_holding_the_last_passphrase_is_not_deactivated(station, english):
    db, data = station
    keyring.remove_officer(data, "王芳")
    with pytest.raises(WorkstationError, match="last passphrase"):
        access.set_on_duty(db, data, officer_id(db, "陈志强"), False)
    assert get_officer(db, officer_id(db, "陈志强")).active and keyring.officers(data, on_duty=True) == ["陈志强"]


def test_only_an_officer_on_duty_of_the_register_is_given_a_passphrase(station, english):
    db, data = station
    with pytest.raises(ValidationError) as refused:
        access.give_passphrase(db, data, "张三", OTHER)
    assert "张三" in refused.value.errors["officer"] and keyring.officers(data) == ["陈志强", "王芳"]
    access.set_on_duty(db, data, officer_id(db, "李明"), False)
    with pytest.raises(ValidationError, match="no longer on duty"):
        access.give_passphrase(db, data, "李明", OTHER)
    access.set_on_duty(db, data, officer_id(db, "李明"), True)
    assert access.give_passphrase(db, data, "李明", OTHER) == "李明"
    assert keyring.unlock(data, OTHER)[0] == "李明"


def test_the_last_passphrase_that_opens_the_data_is_not_withdrawn(station, english):
    db, data = station
    access.set_on_duty(db, data, officer_id(db, "王芳"), False, withdraw=False)  # suspended: opens nothing
    with pytest.raises(WorkstationError, match="last passphrase"):
        access.withdraw_passphrase(data, "陈志强")
    with pytest.raises(ValidationError, match="李明"):
        access.withdraw_passphrase(data, "李明")
    access.withdraw_passphrase(data, "王芳")
    assert keyring.officers(data) == ["陈志强"]


def test_an_officer_deactivated_earlier_has_their_passphrase_suspended(station):
    from workstation.store import set_officer_active

    db, data = station
    set_officer_active(db, officer_id(db, "王芳"), False)  # as before passphrases followed the register
    assert access.follow_register(db, data) == ["王芳"]
    assert keyring.officers(data, on_duty=True) == ["陈志强"]


def test_the_security_command_refuses_a_stranger_and_withdraws_a_passphrase(station, tmp_path, capsys, monkeypatch,
                                                                               english):
    db, data = station
    monkeypatch.setenv(access.PASSPHRASE_ENV, PASS)
    new = tmp_path / "new.txt"
    new.write_text("张三自己的口令2026\n", encoding="utf-8")
    code = cli.main(["--data-dir", str(data), "security", "add-officer", "张三", "--new-passphrase-file", str(new)])
    out, err = capsys.readouterr()
    assert code == 1 and "张三" in err and "officers' register" in err and keyring.officers(data) == ["陈志强", "王芳"]
    code = cli.main(["--data-dir", str(data), "--json", "security", "remove-officer", "王芳"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["officers"] == ["陈志强"]
    code = cli.main(["--data-dir", str(data), "security", "remove-officer", "陈志强"])
    out, err = capsys.readouterr()
    assert code == 1 and "last passphrase" in err and keyring.officers(data) == ["陈志强"]


# the window ------------------------------------------------------------------------------------------------------
def test_deactivating_asks_whether_to_withdraw_the_passphrase(qtbot, station, prompts, english):
    db, data = station
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([o.name for o in dialog.model.records].index("王芳"))
    prompts.choices = [0]  # the first, default answer: withdraw it too
    dialog.active_button.click()
    asked = prompts.offered[-1]
    assert "王芳" in asked[0] and "passphrase" in asked[0] and asked[1] == _("Deactivate and withdraw the passphrase")
    assert keyring.officers(data) == ["陈志强"] and "王芳" in prompts.infos[-1]
    dialog.table.selectRow([o.name for o in dialog.model.records].index("李明"))
    prompts.confirm_answer = True
    dialog.active_button.click()  # no passphrase of his: only confirmed
    assert len(prompts.offered) == 1 and not get_officer(db, officer_id(db, "李明")).active


def test_an_officer_who_left_is_not_offered_at_the_lock(qtbot, station, prompts):
    db, data = station
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([o.name for o in dialog.model.records].index("王芳"))
    prompts.choices = [1]  # keep it, suspended
    dialog.active_button.click()
    assert keyring.officers(data) == ["陈志强", "王芳"]
    assert _("{name} (left: suspended)").format(name="王芳") in protection_text(data)
    lock = LoginDialog(data, officer="王芳", locked=True)
    qtbot.addWidget(lock)
    assert [lock.officer.itemText(i) for i in range(lock.officer.count())] == ["陈志强"]
    lock.passphrase.setText(WANG)
    assert not lock.attempt() and lock.message.text()


def test_a_passphrase_is_given_only_to_an_officer_on_duty_and_withdrawn(qtbot, station, prompts):
    db, data = station
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    offered = [dialog.add_officer.itemText(i) for i in range(dialog.add_officer.count())]
    assert offered == ["李明（44060510003）"]  # on duty without a passphrase: not 张三, not who has one
    assert [dialog.withdrawn.itemData(i) for i in range(dialog.withdrawn.count())] == ["王芳"]  # not one's own
    for name in ("passphrase", "repeat"):
        dialog.add_fields.edits[name].setText(OTHER)
    dialog.add_officer.setCurrentIndex(0)  # none is chosen until the officer chooses
    assert dialog.add()
    assert keyring.officers(data) == ["陈志强", "王芳", "李明"] and dialog.add_officer.count() == 0
    prompts.confirm_answer = True
    dialog.withdrawn.setCurrentIndex(dialog.withdrawn.findData("王芳"))
    assert dialog.withdraw() and "王芳" in prompts.confirmations[-1]
    assert keyring.officers(data) == ["陈志强", "李明"] and "王芳" in dialog.done_label.text()


def test_withdrawing_the_last_passphrase_that_opens_the_data_says_why(qtbot, station, prompts, english):
    db, data = station
    keyring.set_off_duty(data, "陈志强", True)  # the officer at the laptop left meanwhile
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    prompts.confirm_answer = True
    assert not dialog.withdraw()
    assert "last passphrase" in dialog.withdraw_error.text() and keyring.officers(data) == ["陈志强", "王芳"]


def test_a_wrong_passphrase_from_the_environment_is_not_shown_as_typed(qtbot, station, prompts):
    db, data = station
    session._KEYS.clear()
    shown = []

    def show(dialog):
        qtbot.addWidget(dialog)
        shown.append(dialog.message.text())
        return False

    assert gain_access(data, "not the passphrase", None, prompts, show) is None
    assert shown[0].startswith(_("The passphrase of {env} (or of the file --passphrase-file names) is not correct "
                                 "and counted as one try: type the passphrase here, or correct that setting.").format(
        env=access.PASSPHRASE_ENV))
    assert keyring.wrong_passphrase_message(1) in shown[0] and keyring.load(data)["failures"] == 1


def test_the_officers_dialog_shows_agencies_columns_and_namesakes_plainly(qtbot, db, prompts):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    town = next(i for i in range(dialog.agency.count()) if dialog.agency.itemData(i, UNDER_ROLE))
    dialog.agency.setCurrentIndex(town)
    assert dialog.agency.currentText() == dialog.agency.currentText().lstrip() != ""  # no tree blanks when closed
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 400, 20)
    dialog.agency.itemDelegate().initStyleOption(option, dialog.agency.model().index(town, 0))
    assert option.rect.left() == chinese_width(dialog.agency, 2)  # indented in the open list
    for column, characters in enumerate((4, 8, 16)):  # an empty register keeps its headings readable
        assert dialog.table.columnWidth(column) >= chinese_width(dialog.table, characters)
    save_officer(db, Officer(name="王芳", cert_no="", agency_id=dialog.agency.currentData()))
    dialog.refresh()
    dialog.name.setFocus()
    dialog.name.insert("王芳")  # as the input method commits it, the cursor staying in the field
    assert dialog.name.hasFocus() and not dialog.save_button.isEnabled()
    assert not dialog.errors["name"].isHidden() and "王芳" in dialog.errors["name"].text()  # said as it is typed
