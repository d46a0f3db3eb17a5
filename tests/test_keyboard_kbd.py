"""The keyboard where a review left gaps: Ctrl+Z/Ctrl+Y in the case editor step through the violation ticks, the
sector and agency chosen and the typing in the order made; a case's procedure buttons take the same Alt letter in
every case (``ui.access_keys.ACTION_LETTERS``), never two on one page; Ctrl+S and Ctrl+Enter press only a button
that saves or carries out a step, a plain OK keeps Enter alone."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from tests.test_ui_keyboard import active
from ui.access_keys import ACTION_LETTERS, give_letters, letter_of, with_fixed_letter
from ui.case_dialog import CaseDialog
from ui.case_workspace import WINDOW_LETTERS
from ui.layouts import AsksBeforeDropping
from ui.text_dialog import TextDialog
from ui.transition_dialog import TransitionDialog
from workstation import procedure
from workstation.store import get_case, list_agencies

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def ctrl(qtbot, key, modifiers=CTRL) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)


# Ctrl+Z in the case editor ------------------------------------------------------------------------------------------
def test_ctrl_z_takes_back_ticks_choices_and_typing_in_the_order_made_and_the_redo_keys_bring_them_back(
        qtbot, db, prompts, make_case):
    case = make_case()
    dialog = active(qtbot, CaseDialog(db, prompts, case))
    loaded = dialog.typed()
    first_violation, box = next(iter(dialog.violations.items()))
    other_agency = next(a.id for a in list_agencies(db) if a.id != case.agency_id and a.level == "district")
    officers_before = dialog.lists()[1]
    # typed, ticked, chosen, typed again: each with the keyboard on its own field
    dialog.cause.setFocus()
    dialog.cause.end(False)
    qtbot.keyClicks(dialog.cause, " (2)")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and first_violation not in case.violations
    dialog.sector.setFocus()
    dialog.sector.setCurrentIndex(dialog.sector.findData("education"))  # as the officer picks it in the list
    dialog.agency.setFocus()
    dialog.agency.setCurrentIndex(dialog.agency.findData(other_agency))
    assert dialog.lists()[1] != officers_before  # the other agency's officers offered
    dialog.facts.setFocus()
    dialog.facts.insertPlainText("经查")  # as the input method commits it
    # Ctrl+Z, wherever the keyboard is, takes back the last edit first
    ctrl(qtbot, Qt.Key.Key_Z)
    assert dialog.facts.toPlainText() == case.facts and dialog.agency.currentData() == other_agency
    ctrl(qtbot, Qt.Key.Key_Z)
    assert dialog.agency.currentData() == case.agency_id and dialog.lists()[1] == officers_before
    assert dialog.sector.currentData() == "education"
    ctrl(qtbot, Qt.Key.Key_Z)
    assert dialog.sector.currentData() == case.sector and box.isChecked()
    ctrl(qtbot, Qt.Key.Key_Z)
    assert not box.isChecked() and dialog.cause.text() == case.cause + " (2)"
    ctrl(qtbot, Qt.Key.Key_Z)
    assert dialog.typed() == loaded  # as loaded: Cancel drops nothing
    # Ctrl+Y and Ctrl+Shift+Z bring them back in the same order
    ctrl(qtbot, Qt.Key.Key_Y)
    assert dialog.cause.text() == case.cause + " (2)" and not box.isChecked()
    ctrl(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert box.isChecked() and dialog.sector.currentData() == case.sector
    ctrl(qtbot, Qt.Key.Key_Y)
    ctrl(qtbot, Qt.Key.Key_Y)
    assert dialog.sector.currentData() == "education" and dialog.agency.currentData() == other_agency
    ctrl(qtbot, Qt.Key.Key_Y)
    assert dialog.facts.toPlainText() == case.facts + "经查"
    with qtbot.waitSignal(dialog.accepted):
        ctrl(qtbot, Qt.Key.Key_S)
    saved = get_case(db, case.id)
    assert (saved.sector, saved.agency_id, saved.cause) == ("education", other_agency, case.cause + " (2)")
    assert first_violation in saved.violations


def test_the_undo_stack_says_what_can_be_undone_as_the_ticks_are_taken_back(qtbot, db, prompts, make_case):
    dialog = active(qtbot, CaseDialog(db, prompts, make_case()))
    assert not dialog.undo_stack.canUndo()
    box = next(iter(dialog.violations.values()))
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert dialog.undo_stack.canUndo() and not dialog.undo_stack.canRedo()
    ctrl(qtbot, Qt.Key.Key_Z)
    assert not box.isChecked() and not dialog.undo_stack.canUndo() and dialog.undo_stack.canRedo()


# a case's procedure buttons' Alt letters ----------------------------------------------------------------------------
def _offered_together() -> dict[str, list[str]]:
    """The actions that can be offered at once, by state (those offered only with several parties included)."""
    states = {s for t in procedure.TRANSITIONS for s in (*t.sources, *t.several_parties_sources)}
    return {state: [t.name for t in procedure.TRANSITIONS if state in (*t.sources, *t.several_parties_sources)]
            for state in states}


def test_every_procedure_action_has_its_letter_and_no_two_on_one_page_share_one():
    assert set(ACTION_LETTERS) == {t.name for t in procedure.TRANSITIONS} | {"edit_case"}
    for state, names in _offered_together().items():
        letters = [ACTION_LETTERS[name] for name in ["edit_case", *names]]
        assert len(set(letters)) == len(letters), (state, names, letters)
        assert not set(letters) & WINDOW_LETTERS, state


def test_a_case_s_buttons_take_their_letters_from_the_table_and_alt_presses_them(qtbot, db, make_case,
                                                                                  make_window):
    asked = []
    window = active(qtbot, make_window(db, ask_transition=lambda parent, t: asked.append(t.name)))
    window.fill_menus()
    workspace = window.open_case(make_case(status="investigating").id)
    texts = {name: button.text() for name, button in workspace.action_buttons.items()}
    assert texts["suspend"] == "中止调查(&S)" and texts["transfer_to_police"] == "移送公安机关(&T)"
    assert {name: letter_of(text) for name, text in texts.items()} == {n: ACTION_LETTERS[n] for n in texts}
    assert letter_of(workspace.edit_button.text()) == "E"
    workspace.action_buttons["terminate"].setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: asked == ["suspend"])  # the button is pressed as a click shows it, a moment later


def test_a_letter_taken_by_another_control_is_made_up_and_english_labels_mark_their_own_letter(qtbot):
    from PySide6.QtWidgets import QPushButton

    suspend, resume = QPushButton("中止调查"), QPushButton("恢复调查")
    suspend.setObjectName("action_suspend")
    resume.setObjectName("action_resume")
    taken = {"S"}
    give_letters([suspend, resume], taken)
    assert resume.text() == "恢复调查(&U)" and letter_of(suspend.text()) not in {"S", "U"}
    assert with_fixed_letter("Suspend the investigation", "S") == "&Suspend the investigation"
    assert with_fixed_letter("Decide not to penalise…", "O") == "Decide n&ot to penalise…"
    assert with_fixed_letter("编辑案件…", "E") == "编辑案件(&E)…"


# Ctrl+S / Ctrl+Enter only where the button saves or takes a step --------------------------------------------------
def test_a_plain_ok_dialog_keeps_enter_and_ignores_ctrl_s_and_ctrl_enter(qtbot, prompts):
    dialog = active(qtbot, TextDialog(prompts, None, "理由", "请填写理由"))
    dialog.text.setFocus()
    dialog.text.insert("当事人已整改")  # as the input method commits it
    for key in (Qt.Key.Key_S, Qt.Key.Key_Return, Qt.Key.Key_Enter):
        qtbot.keyClick(dialog.text, key, CTRL)
        assert dialog.isVisible() and dialog.result() == 0, key
    assert dialog.text.text() == "当事人已整改"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_procedure_action_s_ok_takes_ctrl_enter_but_not_ctrl_s(qtbot, prompts):
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["suspend"], prompts=prompts))
    dialog.reason.setFocus()
    dialog.reason.insertPlainText("等待检测结果")  # as the input method commits it
    qtbot.keyClick(dialog.reason, Qt.Key.Key_S, CTRL)
    assert dialog.isVisible() and dialog.result() == 0
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)


def test_an_ok_renamed_for_its_step_takes_ctrl_enter(qtbot):
    class Export(AsksBeforeDropping, QDialog):
        def __init__(self):
            super().__init__()
            from PySide6.QtWidgets import QLineEdit, QVBoxLayout

            self.field = QLineEdit()
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                            | QDialogButtonBox.StandardButton.Cancel)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
            self.buttons.accepted.connect(self.accept)
            layout = QVBoxLayout(self)
            layout.addWidget(self.field)
            layout.addWidget(self.buttons)
            self.mark_loaded()

        def typed(self):
            return self.field.text()

    dialog = active(qtbot, Export())
    dialog.field.setFocus()
    qtbot.keyClick(dialog.field, Qt.Key.Key_S, CTRL)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return, CTRL)
