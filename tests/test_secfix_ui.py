"""Nothing typed lost without being told, and the security settings as an officer meets them: a restore names the
document editors whose changes it drops (declining keeps them), 退出 on the idle lock names the dialogs holding
unsaved text and unlocking goes back to them, another officer unlocking is audited, 共用这台电脑的其他执法人员 starts
with nobody chosen and this station's officers first, and the first automatic backup waits for the station."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialog

from tests import backup_fixtures, test_ui_login
from tests.test_ui_login import CASE, OTHER, PASS, make_encrypted
from ui.security_dialog import PassphraseDialog
from workstation import audit
from workstation.documents.drafts import find_form
from workstation.i18n import _
from workstation.paths import database_path
from workstation.records import Officer
from workstation.security import events, keyring, session
from workstation.store import agency_id_for_code, find_case, get_case, save_officer

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)
_encryption, windows = test_ui_login._encryption, test_ui_login.windows


# 1. a restore names the editors whose changes it drops -------------------------------------------------------------
def test_a_restore_names_the_unsaved_editor_and_declining_keeps_it(window_on, english):
    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    editor = window.open_editor(find_case(window.db, CASE), find_form("inquiry_record"))
    editor.set_field("place", "询问室")
    assert editor.dirty
    dialog.table.selectRow(0)
    prompts.confirm_answer = False
    dialog.buttons["restore"].click()
    asked = prompts.confirmations[-1]
    assert editor.document_name() in asked and "lost" in asked
    assert editor.isVisible() and editor.dirty  # declined: the editor and its text stay
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert prompts.offered == [] and prompts.errors == []  # the editor asked nothing: the officer was told
    assert not editor.isVisible() and window.editors == []
    assert "replaced-" in prompts.infos[-1] or "kept" in prompts.infos[-1]


def test_a_restore_without_unsaved_changes_says_nothing_of_editors(window_on, english):
    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    dialog.table.selectRow(0)
    prompts.confirm_answer = False
    dialog.buttons["restore"].click()
    assert "lost if you go on" not in prompts.confirmations[-1]


# 2. 退出 on the lock names the dialogs whose typing would be lost ---------------------------------------------------
def open_case_dialog(window, typed: str):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(window.db, window.prompts, get_case(window.db, find_case(window.db, CASE).id), parent=window)
    dialog.show()
    dialog.facts.setPlainText(dialog.facts.toPlainText() + typed)
    return dialog


def test_quit_on_the_lock_names_the_unsaved_case_dialog_and_unlocking_goes_back_to_it(qtbot, data_dir, windows,
                                                                                    english):
    make_encrypted(data_dir, demo=True)
    quits = []
    window = windows(data_dir, PASS, quit_app=lambda: quits.append(True))
    window.show()
    case_dialog = open_case_dialog(window, "锁屏前输入的事实")
    title = case_dialog.windowTitle()
    window.lock_now()
    lock = window.idle_lock.dialog
    lock.quit_button.click()
    assert quits == [] and window.idle_lock.is_locked
    assert title in lock.message.text() and lock.quit_button.text() == _("Quit anyway")
    lock.passphrase.setText(PASS)
    lock.login_button.click()  # back to work: the text is still there to save
    assert not window.idle_lock.is_locked and case_dialog.isVisible()
    assert case_dialog.facts.toPlainText().endswith("锁屏前输入的事实")
    case_dialog.close()


def test_quit_anyway_on_the_lock_quits(qtbot, data_dir, windows, english):
    make_encrypted(data_dir, demo=True)
    quits = []
    window = windows(data_dir, PASS, quit_app=lambda: quits.append(True))
    window.show()
    open_case_dialog(window, "不要了")
    window.lock_now()
    lock = window.idle_lock.dialog
    lock.quit_button.click()
    lock.quit_button.click()
    assert quits == [True] and not window.isVisible()


# 3. another officer at the lock is audited ---------------------------------------------------------------------------
def test_another_officer_unlocking_is_audited_with_the_wrong_passphrase_tried(qtbot, data_dir, windows):
    make_encrypted(data_dir)
    window = windows(data_dir, PASS, show=test_ui_login.officers_later)
    keyring.add_officer(data_dir, session.key_for(data_dir), "黄丽娟", OTHER)
    window.show()
    window.lock_now()
    lock = window.idle_lock.dialog
    lock.officer.setCurrentText("黄丽娟")
    lock.passphrase.setText("wrong passphrase")
    lock.login_button.click()
    lock.passphrase.setText(OTHER)
    lock.login_button.click()
    assert not window.idle_lock.is_locked
    rows = [tuple(r) for r in window.db.execute(
        "SELECT actor, action, entity_id FROM audit WHERE entity = 'security' ORDER BY seq").fetchall()]
    # the wrong try is nobody's signed in (events.NOBODY), not the officer who unlocks after it, and comes first
    assert rows == [(events.NOBODY, events.LOGIN_FAILED, "黄丽娟"), ("黄丽娟", events.OFFICER_SWITCHED, "黄丽娟")]
    assert audit.verify(window.db)["valid"]


# 5. the other officers: nobody chosen, this station's first -----------------------------------------------------------
def test_the_other_officers_list_starts_unchosen_with_this_stations_officers_first(qtbot, data_dir, prompts):
    from workstation.db import open_database
    from workstation.security import access

    make_encrypted(data_dir)
    access.unlock(data_dir, PASS)
    db = open_database(database_path(data_dir))
    try:
        save_officer(db, Officer(name="艾顺德", cert_no="44060699001", agency_id=agency_id_for_code("440606")))
        save_officer(db, Officer(name="黄丽娟", cert_no="44060510002", agency_id=agency_id_for_code("440605")))
        dialog = PassphraseDialog(data_dir, "陈志强", prompts=prompts, db=db)
        qtbot.addWidget(dialog)
        combo = dialog.add_officer
        assert [combo.itemData(i) for i in range(combo.count())] == ["44060510002", "44060699001"]
        assert combo.currentIndex() == -1 and combo.placeholderText() == _("Choose an officer…")
        for name in ("passphrase", "repeat"):
            dialog.add_fields.edits[name].setText("艾顺德的口令2026")
        assert not dialog.add() and dialog.add_fields.error_text("officer")  # a choice is needed
        assert keyring.officers(data_dir) == ["陈志强"]
    finally:
        db.conn.close()


# 6. the first automatic backup waits for the station -----------------------------------------------------------------
def test_the_first_automatic_backup_is_made_after_the_station_is_set_up(qtbot, db, data_dir, make_window):
    from ui.app import _daily_backup, first_steps
    from ui.first_steps import StationAgencyDialog
    from workstation.backup import list_backups
    from workstation.station import this_station

    window = make_window(db)
    during = []

    def show(dialog) -> bool:
        qtbot.addWidget(dialog)
        if isinstance(dialog, StationAgencyDialog):
            _daily_backup(window)  # the timer of the automatic backup fires while the dialog is open
            during.append(list_backups(data_dir))
            dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code("440605")))
            dialog.continue_button.click()
            return dialog.result() == QDialog.DialogCode.Accepted
        return False  # the officers dialog: later

    first_steps(window, "王小明", show)
    assert during == [[]]
    made = list_backups(data_dir)
    station = this_station(db)
    assert station is not None and len(made) == 1 and made[0]["station"] == station.id
    assert station.id[:8] in made[0]["path"]
