"""Undo after the audit of session 70 (/tmp/reports70/undo.md): 撤销上一步 undoes only the step the officer was asked
about and confirmed — a step recorded meanwhile (in another window, on the command line) makes it refuse, naming
that step, with nothing undone (``step_undo.undo_last_step``'s ``expected_event_id``; ``--step-id`` on the command
line) —, and Ctrl+Z / the redo keys step through the changes made in the procedure step's dialog, the lead's
延长核查期限 dialog and the 告知举报人 dialog, as in the clock event dialog."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from tests.helpers import run, run_json
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.step_undo import last_step
from workstation.store import case_events, get_case

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def transitions(db, case_id) -> list[tuple[str, str, str]]:
    return [(e.from_status, e.to_status, e.on_date) for e in case_events(db, case_id) if e.kind == "transition"]


def suspended_then_resumed(db, make_case):
    """A case suspended on 2026-04-01 (the id of that step), then resumed on 2026-04-20 by someone else."""
    case = make_case(status="investigating", filed_on="2026-03-02")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检验结果")
    suspension = last_step(db, case.id).id
    procedure.apply(db, case.id, "resume", on_date="2026-04-20")
    return case, suspension


# ---- 1. the step confirmed, and no other ---------------------------------------------------------------------------

def test_a_step_recorded_since_the_question_is_not_undone_in_its_place(db, make_case, english):
    case, suspension = suspended_then_resumed(db, make_case)
    before = transitions(db, case.id)
    with pytest.raises(TransitionRefused) as refused:
        procedure.undo_last_step(db, case.id, "中止日期误录", expected_event_id=suspension)
    message = str(refused.value)
    assert "Resume the investigation" in message and "2026-04-20" in message and "nothing was undone" in message
    assert get_case(db, case.id).status == "investigating" and transitions(db, case.id) == before
    # the step asked about still the last one: undone as before
    resumption = last_step(db, case.id).id
    assert procedure.undo_last_step(db, case.id, "恢复日期误录", expected_event_id=resumption).status == "suspended"


@pytest.mark.gui
def test_the_workspace_undoes_only_the_step_it_named(db, data_dir, make_case, make_window, prompts, english):
    from PySide6.QtWidgets import QPushButton

    from workstation.db import open_database
    from workstation.paths import database_path

    case = make_case(status="investigating", filed_on="2026-03-02")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检验结果")
    window = make_window(db)
    window.open_case(case.id)

    def confirm(_parent, _message, destructive=False, details=None):
        other = open_database(database_path(data_dir))  # another window, or the command line, meanwhile
        procedure.apply(other, case.id, "resume", on_date="2026-04-20")
        other.close()
        return True

    prompts.confirm = confirm
    prompts.texts = ["中止日期误录"]
    window.findChild(QPushButton, "undo_step").click()
    assert get_case(db, case.id).status == "investigating"  # the resumption stays: the case runs again
    assert [step[1:] for step in transitions(db, case.id)] == [("suspended", "2026-04-01"),
                                                               ("investigating", "2026-04-20")]
    assert len(prompts.errors) == 1
    assert "Resume the investigation" in prompts.errors[0] and "nothing was undone" in prompts.errors[0]


def test_the_command_line_takes_the_step_id_it_undoes(db, data_dir, make_case, capsys, english):
    case, suspension = suspended_then_resumed(db, make_case)
    code, _out, err = run(capsys, "cases", "transition", case.id, "undo", "--reason", "中止日期误录",
                          "--step-id", suspension, "--data-dir", data_dir)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "Resume the investigation" in err and "nothing was undone" in err
    assert get_case(db, case.id).status == "investigating"
    resumption = last_step(db, case.id).id
    result = run_json(capsys, "cases", "transition", case.id, "undo", "--reason", "恢复日期误录",
                      "--step-id", resumption, "--data-dir", data_dir)
    assert result["status"] == "suspended" and result["undone"] == "resume"
    code, _out, err = run(capsys, "cases", "transition", case.id, "suspend", "--reason", "x", "--step-id",
                          suspension, "--data-dir", data_dir)
    assert code == 2 and "--step-id" in err  # with undo only


# ---- 2. Ctrl+Z in the dialogs ----------------------------------------------------------------------------------------

def _undo(qtbot, dialog):
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Z, CTRL)


def _redo(qtbot, dialog, shift: bool = False):
    if shift:
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Z, CTRL_SHIFT)
    else:
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Y, CTRL)


def _shown(widget):
    if hasattr(widget, "date"):
        return widget.date()
    if hasattr(widget, "currentIndex"):
        return widget.currentIndex()
    if hasattr(widget, "isChecked"):
        return widget.isChecked()
    return widget.value()


def _undone_and_redone(qtbot, dialog, widget, change) -> None:
    """``change`` made (with the keyboard in ``widget``) is taken back by Ctrl+Z and put again by Ctrl+Y, then by
    Ctrl+Shift+Z."""
    widget.setFocus()
    before = _shown(widget)
    change()
    after = _shown(widget)
    assert after != before
    _undo(qtbot, dialog)
    assert _shown(widget) == before
    _redo(qtbot, dialog)
    assert _shown(widget) == after
    _undo(qtbot, dialog)
    assert _shown(widget) == before
    _redo(qtbot, dialog, shift=True)
    assert _shown(widget) == after


@pytest.mark.gui
def test_ctrl_z_in_the_step_dialog_takes_back_a_date_a_party_and_a_tick(qtbot, prompts, english):
    from tests.test_ui_keyboard import active
    from ui.transition_dialog import TransitionDialog

    warned = lambda _on_date, _party=None: ("时效已过。", "时效已过")  # noqa: E731
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["request_hearing"], prompts=prompts, warning=warned,
                                            parties=[("p1", "甲公司"), ("p2", "乙公司")]))
    _undone_and_redone(qtbot, dialog, dialog.date, lambda: qtbot.keyClick(dialog.date, Qt.Key.Key_Down))
    _undone_and_redone(qtbot, dialog, dialog.party, lambda: qtbot.keyClick(dialog.party, Qt.Key.Key_Down))
    assert dialog.acknowledge.isVisible()
    _undone_and_redone(qtbot, dialog, dialog.acknowledge, lambda: qtbot.keyClick(dialog.acknowledge, Qt.Key.Key_Space))
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "written request")
    _undo(qtbot, dialog)
    assert dialog.reason.toPlainText() == ""
    _redo(qtbot, dialog)
    assert dialog.reason.toPlainText() == "written request"


@pytest.mark.gui
def test_ctrl_z_in_the_payment_takes_back_an_amount_and_the_in_full_tick(qtbot, db, make_case, prompts, english):
    from tests.test_s69_transition_dialog import payment_dialog, served, type_into

    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    assert dialog.paid.text() == "4000.00"
    type_into(qtbot, dialog.paid, "1500")
    _undo(qtbot, dialog)
    assert dialog.paid.text() == "4000.00"
    _redo(qtbot, dialog)
    assert dialog.paid.text() == "1500"
    assert dialog.in_full.isVisible()  # short of what is owed: offered
    _undone_and_redone(qtbot, dialog, dialog.in_full, lambda: qtbot.keyClick(dialog.in_full, Qt.Key.Key_Space))
    type_into(qtbot, dialog.voucher, "NO.88")
    _undo(qtbot, dialog)
    assert dialog.voucher.text() == ""
    # a later day: the amount typed is kept, the day taken back
    dialog.paid.setFocus()
    _undone_and_redone(qtbot, dialog, dialog.date, lambda: dialog.date.setDate(QDate(2026, 12, 7)))
    assert dialog.paid.text() == "1500"


@pytest.mark.gui
def test_a_date_s_prefilled_amount_goes_back_with_the_date(qtbot, db, make_case, prompts, english):
    from tests.test_s69_transition_dialog import payment_dialog, served

    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    dialog.date.setFocus()
    dialog.date.setDate(QDate(2026, 12, 7))  # late: a surcharge is owed
    late = dialog.paid.text()
    assert late != "4000.00"
    _undo(qtbot, dialog)
    assert (dialog.date.date(), dialog.paid.text()) == (QDate(2026, 12, 1), "4000.00")
    assert not dialog.fields_history.stack.canUndo()  # the day and what it filled: one step
    _redo(qtbot, dialog)
    assert (dialog.date.date(), dialog.paid.text()) == (QDate(2026, 12, 7), late)
    dialog.date.setDate(QDate(2026, 12, 1))  # and after a redo the amount still follows the day
    assert dialog.paid.text() == "4000.00"


@pytest.mark.gui
def test_ctrl_z_in_the_lead_s_extension_takes_back_the_days_and_the_date(demo_db, qtbot, prompts, english):
    from tests.test_ui_keyboard import active
    from ui.leads_page import LeadExtensionDialog
    from workstation.store.base import fetch_dict

    lead = fetch_dict(demo_db, "SELECT * FROM leads WHERE extension_days IS NULL OR extension_days = 0 LIMIT 1", [])
    dialog = active(qtbot, LeadExtensionDialog(demo_db, lead, prompts))
    _undone_and_redone(qtbot, dialog, dialog.days, lambda: qtbot.keyClick(dialog.days, Qt.Key.Key_Up))
    _undone_and_redone(qtbot, dialog, dialog.approved_on, lambda: qtbot.keyClick(dialog.approved_on, Qt.Key.Key_Down))
    dialog.approved_by.setFocus()
    qtbot.keyClicks(dialog.approved_by, "Director")
    _undo(qtbot, dialog)
    assert dialog.approved_by.text() == ""
    _redo(qtbot, dialog)
    assert dialog.approved_by.text() == "Director"


@pytest.mark.gui
def test_ctrl_z_in_the_reporter_dialog_takes_back_a_date_a_way_and_a_tick(db, qtbot, prompts, english):
    from tests.test_t24_reporter import a_lead
    from tests.test_ui_keyboard import active
    from ui.lead_dialog import ReporterToldDialog
    from workstation.leads_workflow import decide_lead, get_lead_row

    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    dialog = active(qtbot, ReporterToldDialog(db, get_lead_row(db, lead), prompts))
    _undone_and_redone(qtbot, dialog, dialog.told_on, lambda: qtbot.keyClick(dialog.told_on, Qt.Key.Key_Down))
    _undone_and_redone(qtbot, dialog, dialog.how, lambda: qtbot.keyClick(dialog.how, Qt.Key.Key_Down))
    _undone_and_redone(qtbot, dialog, dialog.declined, lambda: qtbot.keyClick(dialog.declined, Qt.Key.Key_Space))
    assert dialog.declined_reason.isEnabled() and not dialog.how.isEnabled()
    _undo(qtbot, dialog)  # the tick taken back: the way of telling offered again
    assert dialog.how.isEnabled() and not dialog.declined_reason.isEnabled()


# ---- final read (/tmp/reports70/fr_undo.md) ------------------------------------------------------------------------

def _ok(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


@pytest.mark.gui
def test_ctrl_z_never_ticks_the_acknowledgement_under_a_warning_it_was_not_given_for(qtbot, prompts, english):
    from tests.test_ui_keyboard import active
    from ui.transition_dialog import TransitionDialog

    warned = lambda on_date, party=None: (f"Late on {on_date} for {party}.", "late")  # noqa: E731
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["request_hearing"], prompts=prompts, warning=warned,
                                            parties=[("p1", "甲公司"), ("p2", "乙公司")]))
    first_day, first_warning = dialog.date.date(), dialog.warning_label.text()
    dialog.acknowledge.setFocus()
    qtbot.keyClick(dialog.acknowledge, Qt.Key.Key_Space)  # the officer read the warning of that day and ticks
    assert dialog.acknowledge.isChecked() and _ok(dialog).isEnabled()
    dialog.date.setFocus()
    qtbot.keyClick(dialog.date, Qt.Key.Key_Up)  # another day: another warning, the tick cleared
    assert dialog.warning_label.text() != first_warning and not dialog.acknowledge.isChecked()
    second_warning = dialog.warning_label.text()
    dialog.party.setFocus()
    qtbot.keyClick(dialog.party, Qt.Key.Key_Down)  # another change
    _undo(qtbot, dialog)  # the party back: the warning of the day typed, never read, not ticked
    assert dialog.party.currentIndex() == 0 and dialog.warning_label.text() == second_warning
    assert not dialog.acknowledge.isChecked() and not _ok(dialog).isEnabled()
    _undo(qtbot, dialog)  # the day back: its warning, read and ticked
    assert dialog.date.date() == first_day and dialog.warning_label.text() == first_warning
    assert dialog.acknowledge.isChecked() and _ok(dialog).isEnabled()
    _redo(qtbot, dialog)  # the day again: its warning not ticked
    assert dialog.warning_label.text() == second_warning and not dialog.acknowledge.isChecked()
    assert not _ok(dialog).isEnabled()


@pytest.mark.gui
def test_a_date_typed_digit_by_digit_is_one_undo_step(qtbot, db, make_case, prompts, english):
    from tests.test_s69_transition_dialog import payment_dialog, served

    dialog = payment_dialog(qtbot, db, served(db, make_case), prompts)
    assert dialog.paid.text() == "4000.00"
    dialog.date.setFocus()
    dialog.date.setSelectedSection(QDateTimeEdit.Section.YearSection)
    filled = []
    dialog.date.dateChanged.connect(lambda _day: filled.append(dialog.paid.text()))
    qtbot.keyClicks(dialog.date, "20270105")  # 2027-12-01, 2027-01-01, then 2027-01-05 as the parts are typed
    assert dialog.date.date() == QDate(2027, 1, 5) and len(filled) == 3 and len(set(filled)) > 1
    late = dialog.paid.text()  # the surcharge of each day in between prefilled, then that of the day typed
    assert late != "4000.00"
    _undo(qtbot, dialog)  # one Ctrl+Z: the day as it was, and what it filled
    assert (dialog.date.date(), dialog.paid.text()) == (QDate(2026, 12, 1), "4000.00")
    assert not dialog.fields_history.stack.canUndo()
    _redo(qtbot, dialog)
    assert (dialog.date.date(), dialog.paid.text()) == (QDate(2027, 1, 5), late)


def test_the_command_line_says_the_id_of_the_step_it_records(db, data_dir, make_case, capsys, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    suspended = run_json(capsys, "cases", "transition", case.id, "suspend", "--date", "2026-04-01", "--reason",
                         "等待检验结果", "--data-dir", data_dir)
    assert {"id", "case_number", "status", "step_id"} <= set(suspended) and suspended["status"] == "suspended"
    resumed = run_json(capsys, "cases", "transition", case.id, "resume", "--date", "2026-04-20",
                       "--data-dir", data_dir)
    assert resumed["step_id"] != suspended["step_id"]
    code, _out, err = run(capsys, "cases", "transition", case.id, "undo", "--reason", "中止日期误录",
                          "--step-id", suspended["step_id"], "--data-dir", data_dir)
    assert code == 1 and "Resume the investigation" in err and "nothing was undone" in err
    undone = run_json(capsys, "cases", "transition", case.id, "undo", "--reason", "恢复日期误录",
                      "--step-id", resumed["step_id"], "--data-dir", data_dir)
    assert undone["status"] == "suspended" and undone["undone"] == "resume"
    with pytest.raises(SystemExit):
        run(capsys, "cases", "transition", "--help")
    assert "step_id" in capsys.readouterr().out  # where --step-id's id is found


def test_undo_with_a_step_id_in_a_case_without_steps_says_there_is_nothing_to_undo(db, data_dir, make_case, capsys,
                                                                                      english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    code, _out, err = run(capsys, "cases", "transition", case.id, "undo", "--reason", "误录", "--step-id", "x",
                          "--data-dir", data_dir)
    assert code == 1 and len(err.strip().splitlines()) == 1 and "nothing to undo" in err
