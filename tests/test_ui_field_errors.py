"""When the dialogs say what is wrong with a field (``ui.field_errors``, shared through
``ui.layouts.show_field_errors``): never over a form the officer has not touched yet; under a field once it was
edited and left, following every change from then on; under every wrong field, with the focus on the first,
when the officer tries to save (a click on the disabled Save or Enter); Save's tooltip says why it is disabled.
The procedure action's dialog and the one ending a stop follow the same rule for their dates; the limitation
warning itself shows at once, its tick is asked for on OK."""

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from ui.case_clocks import EndEventDialog
from ui.case_dialog import CaseDialog
from ui.interview_dialog import FollowUpDialog, InterviewDialog
from ui.officers_dialog import OfficersDialog
from ui.party_dialog import PartyDialog
from ui.publicity_dialog import PublicityDialog
from ui.report_dialog import CampaignReportDialog
from ui.transition_dialog import TransitionDialog
from workstation import procedure
from workstation.case_records import ClockEvent
from workstation.store import find_case, list_officers, list_parties
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
    # a date the procedure refuses (here: any) and a reason still to give
    "transition": lambda db, prompts: TransitionDialog(procedure.BY_NAME["suspend"], prompts=prompts,
                                                       check=lambda date: f"{date} 不可用。"),
    "end_event": lambda db, prompts: ending_a_day_early(db),
}


def ending_a_day_early(db) -> EndEventDialog:
    """The dialog ending a stop of a demo case, opening on a last day before the stop began: a testing period, ended
    by hand (a suspension ends with the step 恢复调查 alone, ``test_s50_clock_events``)."""
    case = find_case(db, "佛南市监立〔2026〕9号")
    return EndEventDialog(db, case, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-11-30",
                                               ends_on="2026-11-29"))  # (after the one recorded, 11-18 … 11-27)


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


def refused_before_filing(date: str) -> str | None:
    return "不能早于立案日期（2026-03-10）。" if date < "2026-03-10" else None


def test_an_action_s_refused_date_shows_once_left_and_ok_shows_what_else_is_missing(prompts, qtbot):
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["suspend"], prompts=prompts,
                                            check=refused_before_filing))
    ok = save_button(dialog)
    assert QApplication.focusWidget() is dialog.date and shown_errors(dialog) == {}
    dialog.date.setDate(QDate(2026, 3, 1))  # as its calendar puts it: the focus stays on the date
    assert shown_errors(dialog) == {} and not ok.isEnabled()
    assert "不能早于立案日期（2026-03-10）。" in ok.toolTip()
    dialog.reason.setFocus()  # on to the reason
    assert shown_errors(dialog) == {"date": "不能早于立案日期（2026-03-10）。"}  # the reason, not yet typed, is quiet
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert set(shown_errors(dialog)) == {"date", "reason"} and QApplication.focusWidget() is dialog.date
    assert dialog.isVisible()
    dialog.date.setDate(QDate(2026, 3, 12))
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "waiting for the test report")
    assert shown_errors(dialog) == {} and ok.isEnabled()
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.recorded() == ("2026-03-12", "waiting for the test report")


def test_the_limitation_warning_shows_at_once_and_its_tick_is_asked_for_when_ok_is_tried(prompts, qtbot):
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["file"], prompts=prompts,
                                            warning=lambda date: ("追责时效已届满。", "已阅读时效提示。")))
    ok = save_button(dialog)
    assert dialog.warning_label.isVisibleTo(dialog) and dialog.acknowledge.isVisibleTo(dialog)
    assert shown_errors(dialog) == {} and not ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert list(shown_errors(dialog)) == ["acknowledge"] and QApplication.focusWidget() is dialog.acknowledge
    qtbot.keyClick(dialog.acknowledge, Qt.Key.Key_Space)
    assert shown_errors(dialog) == {} and ok.isEnabled()
    assert dialog.recorded()[1] == "已阅读时效提示。"


def test_ending_a_stop_says_why_save_is_refused_once_the_date_is_left_or_save_tried(demo_db, qtbot):
    dialog = active(qtbot, ending_a_day_early(demo_db))
    save = save_button(dialog)
    assert QApplication.focusWidget() is dialog.ends_on and shown_errors(dialog) == {} and not save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "2026-11-29" in shown_errors(dialog)["ends_on"] and dialog.isVisible()
    dialog.ends_on.setDate(QDate(2026, 12, 3))
    assert shown_errors(dialog) == {} and save.isEnabled()
