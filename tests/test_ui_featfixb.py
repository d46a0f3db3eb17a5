"""The new controls as an officer with the keyboard finds them after a QA: the lead pane's 更正筛查结论 and 恢复自动结论
are buttons beside it (Alt letters, enabled as their context-menu actions are); the leads page's four filters and the
fields of 记录期限事项 have labels whose Alt letter puts the focus in them; a deferral asks no 尚未结束; the lock's
warning on unsaved text names each dialog with its case and reads as an official would write it."""

from __future__ import annotations

import re

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from tests.test_complaint_verdict import CALLER, LEAK, LEAK2, add
from tests.test_complaint_verdict import complaint as row_of
from tests.test_ui_keyboard import active
from tests.test_ui_lead_taken_out import LEAK3
from ui.case_clocks import LETTERS, ClockEventDialog
from workstation.i18n import _
from workstation.screening import screen
from workstation.screening.verdict import correct_complaint
from workstation.store import find_case, get_case

pytestmark = pytest.mark.gui

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")
CASE = "佛南市监立〔2026〕9号"


def letter(text: str) -> str | None:
    found = MNEMONIC.search(text)
    return found.group(1).upper() if found else None


# 2. the pane's verdict buttons ---------------------------------------------------------------------------------------
def test_the_lead_panes_verdict_buttons_follow_the_actions_and_restore_a_complaint(db, make_window, prompts,
                                                                                  english):
    assert CALLER  # the complaints of tests.test_complaint_verdict, one taken out of the lead by a correction
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", LEAK3)])
    screen(db)
    lead_id = row_of(db, "V1")["lead_id"]
    window = make_window(db)
    window.show()
    window.go_to_page(1)
    page = window.leads_page
    correct = page.verdict_buttons["correct_lead_verdict"]
    restore = page.verdict_buttons["clear_lead_verdict"]
    assert (letter(correct.text()), letter(restore.text())) == ("Z", "5")
    page.refresh()
    assert not correct.isEnabled() and not restore.isEnabled()  # no lead selected
    page.refresh(select=lead_id)
    assert correct.isVisible() and restore.isVisible()
    assert correct.isEnabled() and not restore.isEnabled()  # nothing corrected yet: nothing to restore
    assert restore.toolTip() == _("No complaint of this lead is shown whose screening result an officer corrected.")
    correct_complaint(db, "V2", "unrelated", "号码被冒用，与个人信息无关")
    page.refresh(select=lead_id)
    assert restore.isEnabled()
    assert [a.isEnabled() for a in page.lead_verdict_actions] == [correct.isEnabled(), restore.isEnabled()]
    prompts.confirm_answer = True
    prompts.choices = [0]  # the only corrected complaint: V2, taken out
    restore.click()
    assert not prompts.errors and row_of(db, "V2")["lead_id"] == lead_id
    assert not restore.isEnabled()  # put back: nothing left to restore


# 4. Alt letters of the leads page's filters and of 记录期限事项 -----------------------------------------------------------
def test_the_leads_filters_have_labels_whose_alt_digit_focuses_them(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(1)
    page = window.leads_page
    labels = {label.buddy(): label for label in page.findChildren(QLabel) if label.buddy() is not None}
    for key, name in ((Qt.Key.Key_1, "status"), (Qt.Key.Key_2, "district"), (Qt.Key.Key_3, "sector"),
                      (Qt.Key.Key_4, "source")):
        combo = page.lead_filters[name]
        assert combo in labels and labels[combo].isVisible(), name
        qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda c=combo: QApplication.focusWidget() is c)


def test_every_field_of_the_clock_event_dialog_has_its_own_alt_letter_whatever_the_kind(demo_db, prompts, qtbot):
    case = get_case(demo_db, find_case(demo_db, CASE).id)
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    for kind in ("deferral", "suspension", "demand", "extension"):
        index = dialog.kind.findData(kind)
        if index < 0:
            continue
        dialog.kind.setCurrentIndex(index)
        shown = [(field, label) for field, (label, _holder) in dialog.rows.items() if label.isVisible()]
        letters = [letter(label.text()) for _field, label in shown]
        assert all(letters) and len(letters) == len(set(letters)), (kind, [label.text() for _f, label in shown])
        assert all(letter(label.text()) == LETTERS[field] and label.buddy() is not None for field, label in shown)
    # Chinese: the label keeps its words and takes the letter after them, as the menus do (批准缴纳截止日(&T))
    dialog.kind.setCurrentIndex(dialog.kind.findData("deferral"))
    assert dialog.rows["ends_on"][0].text() == "批准缴纳截止日(&T)"
    assert dialog.rows["starts_on"][0].text() == "自(&D)"
    assert dialog.rows["approved_by"][0].text() == "批准人(&B)" and dialog.rows["note"][0].text() == "备注(&N)"
    dialog.kind.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.approved_by)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.ends_on.hasFocus() or dialog.ends_on.isAncestorOf(QApplication.focusWidget()))


# 5. a deferral's end is approved: no 尚未结束 --------------------------------------------------------------------------
def test_a_deferral_offers_no_not_over_yet_box_while_a_suspension_does(demo_db, prompts, qtbot):
    case = get_case(demo_db, find_case(demo_db, CASE).id)
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    assert dialog.running.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("deferral"))
    assert dialog.rows["ends_on"][1].isVisible() and not dialog.running.isVisible()
    assert not dialog.running.isChecked()


# 6. the lock names each unsaved dialog with its case --------------------------------------------------------------------
def test_the_lock_names_an_unsaved_dialog_with_its_case_and_says_give_it_up(qtbot, demo_db, make_window, prompts):
    window = make_window(demo_db)
    window.show()
    case = get_case(demo_db, find_case(demo_db, CASE).id)
    dialog = ClockEventDialog(demo_db, case, prompts, parent=window)
    dialog.show()
    dialog.note.setText("锁屏前输入的备注")
    from ui.idle_lock import IdleLock

    lock = IdleLock(window, window.data_dir, "陈志强", 0, quit_app=lambda: None)
    try:
        [named] = lock.unsaved_dialogs()
        assert named == _("{dialog} ({case})").format(dialog=f"「{dialog.windowTitle()}」", case=CASE)
        lock.lock()
        lock.quit_asked()
        message = lock.dialog.message.text()
        assert named in message and "确定不要" not in message
        assert message == _("Not saved: what was typed in {dialogs} is lost when the workstation quits now. Unlock to "
                            "go back and save it; to give it up, click Quit anyway.").format(dialogs=named)
    finally:
        if lock.dialog is not None:
            lock._unlocked(lock.officer)
        lock.stop()
        dialog.close()
