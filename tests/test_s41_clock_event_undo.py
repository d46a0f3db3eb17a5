"""Ctrl+Z in the clock event dialog takes back the last change, wherever the keyboard is: a kind chosen (with the
fields the choice filled or ticked, in one step), a date, a number of days, a tick; the redo keys put it back."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from tests.test_ui_keyboard import active
from ui.case_clocks import ClockEventDialog
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕9号"  # a demo case under investigation
CTRL = Qt.KeyboardModifier.ControlModifier


def _undo(qtbot, dialog):
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Z, CTRL)


def _redo(qtbot, dialog):
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Y, CTRL)


def _dialog(demo_db, prompts, qtbot):
    dialog = ClockEventDialog(demo_db, get_case(demo_db, find_case(demo_db, CASE).id), prompts)
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    return dialog


def test_one_ctrl_z_takes_back_a_kind_chosen_with_what_the_choice_ticked(demo_db, prompts, qtbot):
    dialog = _dialog(demo_db, prompts, qtbot)
    first, running = dialog.kind.currentData(), dialog.running.isChecked()
    kind = next(dialog.kind.itemData(i) for i in range(dialog.kind.count())
                if dialog.kind.model().item(i).isEnabled() and dialog.kind.itemData(i) != first
                and dialog.kind.itemData(i) in ("testing", "deferral", "suspension", "identification"))
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    assert dialog.kind.currentData() == kind
    _undo(qtbot, dialog)
    assert dialog.kind.currentData() == first and dialog.running.isChecked() == running
    _redo(qtbot, dialog)
    assert dialog.kind.currentData() == kind
    _undo(qtbot, dialog)
    assert dialog.kind.currentData() == first
    assert not dialog.fields_history.stack.canUndo()  # the choice was one step, its ticks within it


def test_ctrl_z_takes_back_a_date_a_tick_and_a_text_in_turn(demo_db, prompts, qtbot):
    dialog = _dialog(demo_db, prompts, qtbot)
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    dialog.fields_history.settle()
    start = dialog.starts_on.date()
    dialog.starts_on.setDate(QDate(2026, 11, 20))
    was_running = dialog.running.isChecked()
    dialog.running.setChecked(not was_running)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "abc")
    _undo(qtbot, dialog)
    assert dialog.note.text() == ""
    _undo(qtbot, dialog)
    assert dialog.running.isChecked() == was_running
    _undo(qtbot, dialog)
    assert dialog.starts_on.date() == start
    _redo(qtbot, dialog)
    assert dialog.starts_on.date() == QDate(2026, 11, 20)


def test_an_extension_s_days_are_taken_back(demo_db, prompts, qtbot):
    dialog = _dialog(demo_db, prompts, qtbot)
    index = dialog.kind.findData("extension")
    if index < 0 or not dialog.kind.model().item(index).isEnabled():
        raise AssertionError("the demo case under investigation can extend a time limit")
    dialog.kind.setCurrentIndex(index)
    dialog.fields_history.settle()
    days = dialog.days.value()
    dialog.days.setValue(days + 7)
    _undo(qtbot, dialog)
    assert dialog.days.value() == days
