"""When the dialogs say what is wrong with a field (``ui.field_errors``, shared through
``ui.layouts.show_field_errors``): never over a form the officer has not touched yet; under a field once it was
edited and left, following every change from then on; under every wrong field, with the focus on the first,
when the officer tries to save (a click on the disabled Save or Enter); Save's tooltip says why it is disabled."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.case_dialog import CaseDialog
from ui.interview_dialog import FollowUpDialog, InterviewDialog
from ui.officers_dialog import OfficersDialog
from ui.party_dialog import PartyDialog
from ui.publicity_dialog import PublicityDialog
from ui.report_dialog import CampaignReportDialog
from workstation.store import list_officers, list_parties
from workstation.store.interviews import list_interviews

pytestmark = pytest.mark.gui

DIALOGS = {
    "case": lambda db, prompts: CaseDialog(db, prompts),
    "party": lambda db, prompts: PartyDialog(db, prompts),
    "officers": lambda db, prompts: OfficersDialog(db, prompts),
    "publicity": lambda db, prompts: PublicityDialog(db, prompts),
    "interview": lambda db, prompts: InterviewDialog(db, prompts),
    "follow_up": lambda db, prompts: FollowUpDialog(db, prompts, next(i for i in list_interviews(db)
                                                                      if not i.follow_up_result)),
    "report": lambda db, prompts: CampaignReportDialog(db, prompts, (None, None, None), "全部"),
}


def active(qtbot, dialog):
    """``dialog`` shown and active, so that the focus moves as the officer moves it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def save_button(dialog):
    if isinstance(dialog, OfficersDialog):
        return dialog.save_button
    box = dialog.buttons
    return box.button(QDialogButtonBox.StandardButton.Save) or box.button(QDialogButtonBox.StandardButton.Ok)


def shown_errors(dialog) -> dict[str, str]:
    return {field: label.text() for field, label in dialog.errors.items() if label.isVisibleTo(dialog)}


@pytest.mark.parametrize("kind", DIALOGS)
def test_a_fresh_form_is_not_covered_in_red(demo_db, prompts, qtbot, kind):
    dialog = active(qtbot, DIALOGS[kind](demo_db, prompts))
    errors = dialog.validate()
    assert errors and not save_button(dialog).isEnabled()  # required fields are still empty
    assert shown_errors(dialog) == {}
    assert all(message in save_button(dialog).toolTip() for message in errors.values())  # why Save is disabled


def test_a_field_shows_its_error_once_edited_and_left_and_then_as_it_changes(db, prompts, qtbot):
    dialog = active(qtbot, CaseDialog(db, prompts))
    dialog.cause.setFocus()
    qtbot.keyClicks(dialog.cause, "x")  # (QTest types ASCII only)
    qtbot.keyClick(dialog.cause, Qt.Key.Key_Backspace)
    assert "cause" in dialog.validate() and shown_errors(dialog) == {}  # still typing in it
    qtbot.keyClick(dialog.cause, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.cause
    assert list(shown_errors(dialog)) == ["cause"]  # the parties, never touched, stay quiet
    dialog.cause.setFocus()
    dialog.cause.insert("涉嫌违法发送商业性短信案")
    assert shown_errors(dialog) == {}  # corrected: the line goes at once, without leaving the field


def test_a_click_on_the_disabled_save_shows_every_error_and_goes_to_the_first(db, prompts, qtbot):
    dialog = active(qtbot, CaseDialog(db, prompts))
    save = save_button(dialog)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert set(shown_errors(dialog)) == set(dialog.validate()) >= {"cause", "party_ids"}
    assert QApplication.focusWidget() is dialog.cause  # the first wrong field, in the order of the form
    assert dialog.isVisible() and dialog.saved_case is None


def test_enter_on_a_wrong_form_shows_the_errors_instead_of_doing_nothing(db, prompts, qtbot):
    dialog = active(qtbot, PartyDialog(db, prompts))
    dialog.edits["address"].setFocus()
    dialog.edits["address"].insert("佛山市南海区桂城街道")
    qtbot.keyClick(dialog.edits["address"], Qt.Key.Key_Return)
    assert list(shown_errors(dialog)) == ["name"] and QApplication.focusWidget() is dialog.edits["name"]
    assert dialog.isVisible() and list_parties(db) == []
    dialog.edits["name"].insert("佛山市某某装饰工程有限公司")
    qtbot.keyClick(dialog.edits["name"], Qt.Key.Key_Return)  # right now: Enter saves
    assert not dialog.isVisible() and [p.name for p in list_parties(db)] == ["佛山市某某装饰工程有限公司"]


def test_the_next_officer_opens_clean_after_a_refused_one(demo_db, prompts, qtbot):
    taken = list_officers(demo_db)[0]
    dialog = active(qtbot, OfficersDialog(demo_db, prompts))
    dialog.cert_no.setFocus()
    qtbot.keyClicks(dialog.cert_no, taken.cert_no)
    qtbot.keyClick(dialog.cert_no, Qt.Key.Key_Tab)
    assert taken.name in shown_errors(dialog)["cert_no"] and not dialog.save_button.isEnabled()
    prompts.confirm_answer = True
    dialog.new_button.click()  # the typing is dropped (the officer said so)
    assert shown_errors(dialog) == {} and dialog.cert_no.text() == ""
