"""Session 67, the case workspace audit: a record count emptied in 编辑案件 is refused under its field (it was saved as
the old number without a word); a date that is no date names its field under 线索接收日期 as under 立案呈批日期; and
撤销上一步 on a case whose status was set without its steps recorded says why and what to do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from workstation.store import get_case

COUNT_ERROR = "Must be zero or a positive whole number."
UNDONE_STEPS_REFUSAL = (
    "The case is “{status}”, but the last step recorded here, “{step}”, left it “{recorded}”: the steps that took it "
    "to “{status}” were not recorded here, so there is no step to undo here. Its status stays: record the case's next "
    "steps with their own dates as they are taken, and note what was wrong in the case file.")
UNTOLD_STEP_REFUSAL = (
    "Which step took the case to “{status}” cannot be told from what was recorded here, so it is not undone here. Its "
    "status stays: record the case's next steps with their own dates as they are taken, and note what was wrong in "
    "the case file.")


def case_dialog(qtbot, db, prompts, case):
    from ui.case_dialog import CaseDialog

    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


# ---- 1. a record count emptied ------------------------------------------------------------------------------------

@pytest.mark.gui
@pytest.mark.parametrize("typed", ["", "-"])
def test_an_emptied_count_is_refused_under_its_field_and_not_saved_as_the_old_number(qtbot, db, make_case, prompts,
                                                                                    english, typed):
    case = make_case(records_other=540)
    dialog = case_dialog(qtbot, db, prompts, case)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    box = dialog.counts["records_other"]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Backspace)
    if typed:
        qtbot.keyClicks(box.lineEdit(), typed)
    assert box.text() == typed
    assert dialog.errors["records_other"].text() == COUNT_ERROR
    assert not save.isEnabled()
    assert dialog.typed() != get_case(db, case.id)  # Esc asks before dropping it
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved_case is None
    assert get_case(db, case.id).records_other == 540 and get_case(db, case.id).version == case.version
    # zero typed: no error, saved as 0
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0")
    assert dialog.errors["records_other"].text() == "" and save.isEnabled()
    dialog.save()
    assert prompts.errors == [] and get_case(db, case.id).records_other == 0


@pytest.mark.gui
def test_a_count_left_as_loaded_has_no_error(qtbot, db, make_case, prompts, english):
    case = make_case(records_trace=0, records_sensitive=7)
    dialog = case_dialog(qtbot, db, prompts, case)
    assert all(dialog.errors[field].text() == "" for field in dialog.counts)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


# ---- 3. a date that is no date names its field -------------------------------------------------------------------

@pytest.mark.parametrize(("language", "lead", "proposal"), [
    ("english", "Lead received: ", "Filing proposed on: "), ("chinese", "线索接收日期：", "立案呈批日期：")])
def test_a_date_that_is_no_date_names_its_field_as_the_proposal_date_does(request, db, make_case, language, lead,
                                                                         proposal):
    from workstation.store.cases import case_field_errors

    request.getfixturevalue(language)
    case = make_case()
    errors = case_field_errors(db, replace(case, lead_received_on="2026-02-30", filing_proposed_on="2026-02-30"),
                               existing=True, stored=case)
    assert errors["lead_received_on"].startswith(lead) and errors["filing_proposed_on"].startswith(proposal)
    assert errors["lead_received_on"][len(lead):] == errors["filing_proposed_on"][len(proposal):]


@pytest.mark.parametrize(("language", "act"), [("english", "Date of the act: "), ("chinese", None)])
def test_a_date_of_the_act_that_is_no_date_names_its_field_too(request, db, make_case, language, act):
    from workstation.i18n import _
    from workstation.store.cases import case_field_errors

    request.getfixturevalue(language)
    case = make_case()
    errors = case_field_errors(db, replace(case, act_on="2026-02-30", lead_received_on="2026-02-30"), existing=True,
                               stored=case)
    act = act or _("{field}: {message}").format(field=_("Date of the act"), message="")  # 违法行为发生日期：…
    lead = _("{field}: {message}").format(field=_("Lead received"), message="")
    assert errors["act_on"].startswith(act) and errors["act_on"][len(act):] == errors["lead_received_on"][len(lead):]


@pytest.mark.gui
def test_the_editor_shows_the_lead_date_error_naming_its_field(qtbot, db, make_case, prompts, english):
    case = make_case(lead_received_on="2026-10-28")
    dialog = case_dialog(qtbot, db, prompts, case)
    dialog.dates["lead_received_on"].setText("2026-02-30")
    assert dialog.errors["lead_received_on"].text().startswith("Lead received: 2026-02-30 is not a date")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert dialog.other_errors.text() == ""  # said once, under the field


# ---- 2. 撤销上一步 on a case whose status was set without its steps ---------------------------------------------------

def set_without_its_steps(db, make_case):
    """A case ``penalty_decided`` whose last step recorded here left it ``pre_notice`` (sent its 告知书): the steps
    after it not recorded, as a case entered with its status (a register's)."""
    case = make_case(status="penalty_decided")
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, actor, from_status, to_status, note) VALUES "
               "('notice', ?, 'transition', '2026-06-10T10:00:00+08:00', '2026-06-10', '', 'under_review', "
               "'pre_notice', '')", [case.id])
    return case


def test_undo_on_a_case_whose_status_was_set_without_its_steps_says_what_to_do(db, make_case, english):
    from workstation.step_undo import undo_refusal

    refusal = undo_refusal(db, set_without_its_steps(db, make_case))
    assert refusal.startswith("The case is “Penalty decided”, but the last step recorded here")
    assert "were not recorded here, so there is no step to undo here" in refusal
    assert "record the case's next steps" in refusal and "note what was wrong in the case file" in refusal


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_the_undo_refusal_names_both_statuses(request, db, make_case, language):
    from workstation.i18n import _
    from workstation.step_undo import undo_refusal
    from workstation.vocabulary import shown_label

    request.getfixturevalue(language)
    refusal = undo_refusal(db, set_without_its_steps(db, make_case))
    assert shown_label("statuses", "penalty_decided") in refusal and shown_label("statuses", "pre_notice") in refusal
    # the message itself, in the language set (its translation comes to the catalogue later): not only its labels
    assert refusal == _(UNDONE_STEPS_REFUSAL).format(
        status=shown_label("statuses", "penalty_decided"), step=shown_label("transitions", "send_pre_notice"),
        recorded=shown_label("statuses", "pre_notice"))


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_undo_of_a_step_that_cannot_be_told_says_so_and_what_to_do(request, db, make_case, language):
    from workstation.i18n import _
    from workstation.step_undo import undo_refusal
    from workstation.vocabulary import shown_label

    request.getfixturevalue(language)
    case = make_case(status="penalty_decided")
    # a step no procedure action takes (recorded before the workstation knew it, or written by hand): which it was
    # cannot be told, and the case's status is what it recorded
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, actor, from_status, to_status, note) VALUES "
               "('odd', ?, 'transition', '2026-06-10T10:00:00+08:00', '2026-06-10', '', 'pending_filing', "
               "'penalty_decided', '')", [case.id])
    refusal = undo_refusal(db, case)
    assert refusal == _(UNTOLD_STEP_REFUSAL).format(status=shown_label("statuses", "penalty_decided"))
    if language == "english":
        assert "not what its last step" not in refusal
        assert "record the case's next steps" in refusal and "note what was wrong in the case file" in refusal


@pytest.mark.gui
def test_a_count_emptied_and_typed_again_as_it_was_has_no_error(qtbot, db, make_case, prompts, english):
    case = make_case(records_sensitive=5)
    dialog = case_dialog(qtbot, db, prompts, case)
    box = dialog.counts["records_sensitive"]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Backspace)
    assert dialog.errors["records_sensitive"].text() == COUNT_ERROR
    qtbot.keyClicks(box.lineEdit(), "5")
    assert dialog.errors["records_sensitive"].text() == ""
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


@pytest.mark.gui
def test_ctrl_z_in_an_emptied_count_gives_back_the_count_before_the_last_one_typed(qtbot, db, make_case, prompts,
                                                                                  english):
    case = make_case(records_sensitive=5)
    dialog = case_dialog(qtbot, db, prompts, case)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    box = dialog.counts["records_sensitive"]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "7")  # a step of the dialog's undo: 5 → 7
    assert box.text() == "7" and dialog.undo_stack.count() == 1
    box.lineEdit().selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Backspace)  # emptied: no count, no step
    assert box.text() == "" and dialog.errors["records_sensitive"].text() == COUNT_ERROR and not save.isEnabled()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == "5" and box.count() == 5  # the 7 taken back, as the dialog's one history has it
    assert dialog.errors["records_sensitive"].text() == "" and save.isEnabled()


@pytest.mark.gui
@pytest.mark.parametrize("typed", ["", "-"])
@pytest.mark.parametrize("leave", ["tab", "clear_focus"])
def test_leaving_an_emptied_count_shows_the_count_it_puts_back_without_an_error(qtbot, db, make_case, prompts,
                                                                               english, typed, leave):
    case = make_case(records_other=540)
    dialog = case_dialog(qtbot, db, prompts, case)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    box = dialog.counts["records_other"]
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Backspace)
    if typed:
        qtbot.keyClicks(box.lineEdit(), typed)
    assert dialog.errors["records_other"].text() == COUNT_ERROR and not save.isEnabled()
    if leave == "tab":
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Tab)
        assert not box.hasFocus()
    else:
        box.clearFocus()
    # Qt put back the count the box held (its signals blocked): what is shown is what is saved, with no error
    assert box.text() == "540"
    assert dialog.errors["records_other"].text() == "" and save.isEnabled()
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted and get_case(db, case.id).records_other == 540
