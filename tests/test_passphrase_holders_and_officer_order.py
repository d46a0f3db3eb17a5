"""Passphrases and officers after a regression walk: 收回口令 keeps working after another action in the same dialog
and is greyed with its reason when nobody else has a passphrase; data made from the command line is never opened
"as" the computer's account (``init --officer`` names the first officer, else the passphrase is the workstation's
until an officer takes it over); Chinese sentences are joined without stray spaces; the case editor's 上移/下移 are
greyed at the ends and have their keys; officer lists are in pinyin order."""

from __future__ import annotations

import getpass
import re

import pytest

from PySide6.QtCore import Qt

from tests.helpers import run
from tests.test_officers_passphrases import station  # noqa: F401 - the fixture
from tests.test_ui_keyboard import active
from tests.test_ui_login import FAST, OTHER, PASS
from ui.case_dialog import CaseDialog
from ui.login import LoginDialog
from ui.officers_dialog import OfficersDialog
from ui.security_dialog import PassphraseDialog, protection_text
from workstation.db import open_database
from workstation.i18n import _
from workstation.paths import database_path
from workstation.records import Officer
from workstation.security import access, keyring, session
from workstation.store import agency_id_for_code, list_officers, save_officer

NANHAI = "44060519"


def names_in(combo) -> list:
    return [combo.itemData(i) for i in range(combo.count())]


# 1. 收回口令 after another action ------------------------------------------------------------------------------------
def test_a_passphrase_given_in_the_dialog_is_withdrawn_in_the_same_dialog(qtbot, station, prompts):  # noqa: F811
    db, data = station
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    for name in ("passphrase", "repeat"):
        dialog.add_fields.edits[name].setText(OTHER)
    dialog.add_officer.setCurrentIndex(0)  # none is chosen until the officer chooses
    assert dialog.add()  # 李明 is given one: the lists are filled again
    assert dialog.withdrawn.currentData() == "李明" and dialog.withdraw_button.isEnabled()  # not the placeholder
    prompts.confirm_answer = True
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)  # as the officer does, choosing nothing
    assert "李明" in prompts.confirmations[-1] and keyring.officers(data) == ["陈志强", "王芳"]
    assert dialog.withdrawn.currentData() == "王芳"  # the next one is chosen: withdrawing again works too
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    assert keyring.officers(data) == ["陈志强"]
    assert dialog.withdrawn.count() == 0 and not dialog.withdraw_button.isEnabled()
    assert dialog.withdraw_button.toolTip()  # greyed with the reason


def test_withdrawing_works_after_changing_one_s_own_passphrase(qtbot, station, prompts):  # noqa: F811
    db, data = station
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    dialog.change_fields.edits["old"].setText(PASS)
    for name in ("passphrase", "repeat"):
        dialog.change_fields.edits[name].setText(OTHER)
    assert dialog.change()
    prompts.confirm_answer = True
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    assert keyring.officers(data) == ["陈志强"]


def test_withdraw_is_greyed_with_its_reason_when_nobody_else_has_a_passphrase(qtbot, station, prompts,  # noqa: F811
                                                                              english):
    db, data = station
    keyring.remove_officer(data, "王芳")
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    assert not dialog.withdraw_button.isEnabled()
    assert "Nobody else has a passphrase" in dialog.withdraw_button.toolTip()


# 2. the workstation's passphrase, never the computer's account ----------------------------------------------------
@pytest.fixture
def command_line(monkeypatch):
    """Commands run as the account root, nobody signed in, Argon2id cheap; each command a new process."""
    monkeypatch.delenv("WORKSTATION_ACTOR", raising=False)
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    monkeypatch.setenv(access.PASSPHRASE_ENV, PASS)

    def command(capsys, *argv):
        session._KEYS.clear()
        return run(capsys, *argv)

    yield command
    session._KEYS.clear()


def test_data_made_from_the_command_line_is_the_workstation_s_until_an_officer_takes_it_over(
        capsys, tmp_path, command_line):
    data = tmp_path / "new"
    assert command_line(capsys, "--data-dir", data, "init", "--agency", "440604")[0] == 0
    code, out, _err = command_line(capsys, "--data-dir", data, "security", "status")
    assert code == 0 and "root" not in out and keyring.shown_name(keyring.STATION_ENTRY) in out
    assert keyring.shown_name(keyring.STATION_ENTRY) == _("the workstation's passphrase (no officer yet)")
    assert "root" not in protection_text(data) and keyring.officers(data) == [keyring.STATION_ENTRY]
    code, out, err = command_line(capsys, "--data-dir", data, "init", "--officer", "苏永康", "--cert", "44060410001")
    assert code == 0, err
    assert "苏永康" in out and keyring.officers(data) == ["苏永康"]
    code, out, _err = command_line(capsys, "--data-dir", data, "--json", "security", "status")
    assert '"officers": [\n  "苏永康"\n ]' in out and '"station_passphrase": false' in out
    session._KEYS.clear()
    access.unlock(data, PASS)
    db = open_database(database_path(data))
    try:
        (officer,) = list_officers(db)
        assert (officer.name, officer.cert_no, officer.agency_id) == ("苏永康", "44060410001",
                                                                      agency_id_for_code("440604"))
    finally:
        db.conn.close()


def test_init_with_an_officer_names_the_new_data_s_passphrase_after_them(capsys, tmp_path, command_line):
    data = tmp_path / "new"
    code, _out, err = command_line(capsys, "--data-dir", data, "init", "--agency", "440605", "--officer", "陈志强",
                                   "--cert", "44060510001")
    assert code == 0, err
    assert keyring.officers(data) == ["陈志强"]
    assert command_line(capsys, "--data-dir", data, "init", "--officer", "陈志强")[0] == 0  # again: nothing new
    assert keyring.officers(data) == ["陈志强"]


@pytest.mark.parametrize("argv, option", [(("--officer", "root"), "--officer"),
                                          (("--officer", "陈志强", "--cert", "12"), "--cert"),
                                          (("--officer", "陈志强"), "--agency")])
def test_a_first_officer_the_register_would_refuse_creates_nothing(capsys, tmp_path, command_line, argv, option):
    data = tmp_path / "new"
    agency = () if option == "--agency" else ("--agency", "440605")
    code, _out, err = command_line(capsys, "--data-dir", data, "init", *agency, *argv)
    assert code == 1 and option in err
    assert not database_path(data).exists() and keyring.state(data) == "none"


def test_the_window_shows_the_workstation_s_passphrase_and_an_officer_takes_it_over(
        qtbot, capsys, tmp_path, command_line, prompts):
    data = tmp_path / "new"
    assert command_line(capsys, "--data-dir", data, "init", "--agency", "440605")[0] == 0
    session._KEYS.clear()
    login = LoginDialog(data)
    qtbot.addWidget(login)
    assert login.officer.currentText() == _("the workstation's passphrase (no officer yet)")
    login.passphrase.setText(PASS)
    assert login.attempt()
    db = open_database(database_path(data))
    try:
        save_officer(db, Officer(name="黄丽娟", cert_no="44060510002", agency_id=agency_id_for_code("440605")))
        dialog = PassphraseDialog(data, keyring.STATION_ENTRY, prompts=prompts, db=db)
        qtbot.addWidget(dialog)
        assert keyring.STATION_ENTRY not in dialog.change_group.title() + dialog.status.text()
        assert keyring.shown_name(keyring.STATION_ENTRY) in dialog.change_group.title()
        assert not dialog.take_group.isHidden()
        dialog.take_passphrase.setText("not the passphrase")
        assert not dialog.take_over() and dialog.take_error.text()
        assert keyring.officers(data) == [keyring.STATION_ENTRY]  # nothing changed
        dialog.take_passphrase.setText(PASS)
        dialog.take_officer.setCurrentIndex(0)  # none is chosen until the officer chooses
        assert dialog.take_over()
        assert keyring.officers(data) == ["黄丽娟"] and dialog.officer == "黄丽娟"
        assert "黄丽娟" in dialog.change_group.title() and dialog.take_group.isHidden()
        session._KEYS.clear()
        assert access.unlock(data, PASS) == "黄丽娟"  # the same passphrase, hers now
    finally:
        db.conn.close()
        session._KEYS.clear()


# 3. no stray spaces between Chinese sentences -----------------------------------------------------------------------
def test_the_deactivation_question_joins_its_sentences_without_a_space(qtbot, db, officers, make_case, prompts):
    make_case()
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([o.name for o in dialog.model.records].index("陈志强"))
    dialog.toggle_active()  # asked, not confirmed: nothing changes
    (question,) = prompts.confirmations
    assert "。陈志强" in question and "。 " not in question


# 4. 上移/下移 ------------------------------------------------------------------------------------------------------
def test_move_up_and_down_are_greyed_at_the_ends_and_have_their_keys(qtbot, db, officers, make_case, prompts):
    dialog = CaseDialog(db, prompts, make_case())
    qtbot.addWidget(dialog)
    letters = [re.search(r"&(\w)", b.text()).group(1).upper() for b in (dialog.officer_up, dialog.officer_down)]
    assert letters == ["U", "D"]  # 上移(&U), 下移(&D)
    assert not dialog.officer_up.isEnabled() and not dialog.officer_down.isEnabled()  # nobody chosen
    dialog.officers.setCurrentRow(0)
    assert not dialog.officer_up.isEnabled() and dialog.officer_down.isEnabled()
    last = dialog.officers.count() - 1
    dialog.officers.setCurrentRow(last)
    assert dialog.officer_up.isEnabled() and not dialog.officer_down.isEnabled()
    active(qtbot, dialog)
    dialog.officers.setFocus()
    dialog.officers.setCurrentRow(0)
    first = dialog.officers.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert dialog.officers.item(1).data(Qt.ItemDataRole.UserRole) == first and dialog.officers.currentRow() == 1
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert dialog.officers.item(0).data(Qt.ItemDataRole.UserRole) == first
    assert not dialog.officer_up.isEnabled()


def test_with_one_officer_neither_move_is_offered(qtbot, db, prompts):
    save_officer(db, Officer(name="陈志强", cert_no="44060512001", agency_id=agency_id_for_code("440605")))
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code("440605")))
    assert dialog.officers.count() == 1
    dialog.officers.setCurrentRow(0)
    assert not dialog.officer_up.isEnabled() and not dialog.officer_down.isEnabled()


# 5. pinyin order --------------------------------------------------------------------------------------------------
PINYIN = ["陈志强", "黄丽娟", "李明", "苏永康", "王芳", "张三"]  # chen, huang, li, su, wang, zhang


@pytest.fixture
def register(db):
    """Six officers of the Nanhai bureau, stored in an order neither pinyin nor by character code."""
    agency = agency_id_for_code("440605")
    for n, name in enumerate(["张三", "王芳", "陈志强", "苏永康", "李明", "黄丽娟"]):
        save_officer(db, Officer(name=name, cert_no=f"{NANHAI}{n:03d}", agency_id=agency))
    return db


def test_the_register_lists_officers_in_pinyin_order_with_those_who_left_last(register):
    assert sorted(PINYIN) != PINYIN  # character codes would put 张 and 李 before 陈
    assert [o.name for o in list_officers(register)] == PINYIN
    from workstation.store import set_officer_active

    set_officer_active(register, next(o.id for o in list_officers(register) if o.name == "陈志强"), False)
    assert [o.name for o in list_officers(register, with_inactive=True)] == PINYIN[1:] + ["陈志强"]


def test_the_officer_lists_of_the_dialogs_are_in_pinyin_order(qtbot, register, prompts):
    officers = OfficersDialog(register, prompts)
    qtbot.addWidget(officers)
    assert [o.name for o in officers.model.records] == PINYIN
    editor = CaseDialog(register, prompts)
    qtbot.addWidget(editor)
    editor.agency.setCurrentIndex(editor.agency.findData(agency_id_for_code("440605")))
    shown = [editor.officers.item(i).text() for i in range(editor.officers.count())]
    assert [next(n for n in PINYIN if t.startswith(n)) for t in shown] == PINYIN


def test_the_passphrase_pickers_are_in_pinyin_order(qtbot, station, prompts):  # noqa: F811
    db, data = station
    agency = agency_id_for_code("440605")
    for name, cert in (("张三", "44060510004"), ("黄丽娟", "44060510005"), ("苏永康", "44060510006")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency))
    for name in ("张三", "苏永康"):  # given after 王芳's: the keyring holds 陈志强, 王芳, 张三, 苏永康
        keyring.add_officer(data, session.require_key(data), name, OTHER)
    dialog = PassphraseDialog(data, "陈志强", prompts=prompts, db=db)
    qtbot.addWidget(dialog)
    assert names_in(dialog.add_officer) == ["44060510005", "44060510003"]  # 黄丽娟 (huang) before 李明 (li)
    assert names_in(dialog.withdrawn) == ["苏永康", "王芳", "张三"]
