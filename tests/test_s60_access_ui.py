"""The officer acting in the window after the idle lock: always whoever unlocked it (the passphrase dialog open across
a lock does not bring back the officer it was opened for), no officer switch recorded when the acting officer was
only renamed, and another officer unlocking over dialogs holding unsaved text is told of them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests import test_ui_login
from tests.test_secfix_ui import open_case_dialog
from tests.test_ui_login import OTHER, PASS, make_encrypted, officers_later
from workstation import audit
from workstation.records import Officer
from workstation.security import events, keyring, session
from workstation.security.access import set_idle_lock_minutes
from workstation.store import agency_id_for_code, save_officer

pytestmark = pytest.mark.gui
_encryption, windows = test_ui_login._encryption, test_ui_login.windows


def unlock_as(window, officer: str, passphrase: str) -> None:
    window.lock_now()
    lock = window.idle_lock.dialog
    lock.officer.setCurrentIndex(lock.officer.findData(officer))
    lock.passphrase.setText(passphrase)
    lock.login_button.click()
    assert not window.idle_lock.is_locked


def switches(window) -> list[tuple]:
    return [tuple(r) for r in window.db.execute(
        "SELECT actor, entity_id FROM audit WHERE action = ? ORDER BY seq", [events.OFFICER_SWITCHED]).fetchall()]


def test_the_officer_who_unlocks_acts_even_after_the_passphrase_dialog_closes(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=officers_later)
    keyring.add_officer(data_dir, session.key_for(data_dir), "黄丽娟", OTHER)
    window.show()
    assert audit.current_actor() == "陈志强"

    def meanwhile():  # the lock comes while 口令与安全 is open; 黄丽娟 unlocks and closes the dialog
        unlock_as(window, "黄丽娟", OTHER)
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "passphrase_dialog" and widget.isVisible():
                widget.reject()

    QTimer.singleShot(0, meanwhile)
    window.edit_passphrases()
    assert window.idle_lock.officer == "黄丽娟" and audit.current_actor() == "黄丽娟"
    unlock_as(window, "陈志强", PASS)  # 陈志强 comes back
    assert window.idle_lock.officer == "陈志强" and audit.current_actor() == "陈志强"
    set_idle_lock_minutes(window.db, 15)
    last = window.db.execute("SELECT actor, action FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert tuple(last) == ("陈志强", events.IDLE_LOCK_SET)
    assert switches(window) == [("黄丽娟", "黄丽娟"), ("陈志强", "陈志强")]


def test_an_officer_renamed_unlocking_again_is_no_switch_of_officer(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=officers_later)
    window.show()
    chen = save_officer(window.db, Officer(name="陈志强", cert_no="44060510001",
                                           agency_id=agency_id_for_code("440605")))
    save_officer(window.db, replace(chen, name="陈志刚"))  # the register corrected: the passphrase follows
    assert keyring.officers(data_dir) == ["陈志刚"] and audit.current_actor() == "陈志刚"
    unlock_as(window, "陈志刚", PASS)
    assert switches(window) == [] and audit.current_actor() == "陈志刚"


def test_another_officer_unlocking_over_unsaved_dialogs_is_told_of_them(qtbot, data_dir, windows, english):
    make_encrypted(data_dir, demo=True)
    window = windows(data_dir, PASS)
    keyring.add_officer(data_dir, session.key_for(data_dir), "黄丽娟", OTHER)
    window.show()
    case_dialog = open_case_dialog(window, "陈志强输入未保存的事实")
    title = case_dialog.windowTitle()
    said_before = list(window.prompts.infos)
    unlock_as(window, "陈志强", PASS)  # the same officer back: nothing to tell
    assert window.prompts.infos == said_before
    unlock_as(window, "黄丽娟", OTHER)
    told = window.prompts.infos[-1]
    assert title in told and "陈志强" in told and "黄丽娟" in told, told
    assert case_dialog.isVisible() and case_dialog.facts.toPlainText().endswith("陈志强输入未保存的事实")
    case_dialog.close()
