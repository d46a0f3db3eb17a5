"""The keyboard in the dialogs: Ctrl+S and Ctrl+Enter save a dialog from any field (and show what is wrong while Save
is greyed out), 保存 has its Alt letter; Tab in an inquiry record goes from an answer to the next question, the
preview last; Enter in the case editor's party search adds the match shown first and Down goes to the list of
matches; Ctrl+Z/Ctrl+Y step back and forth through the case editor's party and officer edits; Enter applies a
record count; the screening rules' buttons are tabbed through as the screen shows them; Tab leaves a date field in
one press."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from tests.test_evidence import write_csv
from tests.test_ui_altkeys import MNEMONIC
from tests.test_ui_keyboard import active, redo_on_ctrl_y  # noqa: F401 (a fixture)
from ui.case_dialog import CaseDialog
from ui.case_evidence import CountDialog
from ui.lead_dialog import LeadDialog
from ui.officers_dialog import OfficersDialog
from ui.party_dialog import PartyDialog
from ui.qa_widget import QAList
from ui.rules_editor import RulesEditor
from ui.save_keys import save_button
from workstation.evidence_count import count_records
from workstation.records import Party
from workstation.store import get_case, list_officers, save_party
from workstation.store.evidence import add_evidence

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def focused():
    return QApplication.focusWidget()


def test_ctrl_s_in_the_facts_saves_the_case_and_save_has_its_alt_letter(qtbot, db, prompts, make_case):
    case = make_case()
    dialog = active(qtbot, CaseDialog(db, prompts, case))
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert MNEMONIC.search(save.text()).group(1).upper() == "S"
    dialog.facts.setFocus()
    dialog.facts.insertPlainText("当事人通过短信平台发送")  # typed through the input method
    qtbot.keyClick(dialog.facts, Qt.Key.Key_S, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert get_case(db, case.id).facts == "当事人通过短信平台发送"


def test_ctrl_enter_in_the_officers_register_saves_the_officer(qtbot, db, prompts, officers):
    dialog = active(qtbot, OfficersDialog(db, prompts))
    assert save_button(dialog) is dialog.save_button
    dialog.name.setFocus()
    dialog.name.insert("李新来")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, CTRL)
    assert "李新来" in [o.name for o in list_officers(db, with_inactive=True)]


def test_ctrl_s_while_save_is_greyed_out_shows_what_is_wrong_and_saves_nothing(qtbot, db, prompts):
    dialog = active(qtbot, PartyDialog(db, prompts))
    dialog.kind.setFocus()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()  # a party needs its name
    errors = [label for label in dialog.errors.values() if not label.isHidden()]
    assert errors == []
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert dialog.isVisible() and dialog.saved_party is None
    assert [label for label in dialog.errors.values() if not label.isHidden()]  # the errors show now


def test_tab_goes_from_an_answer_to_the_next_question_and_the_preview_comes_last(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    qa = QAList()
    layout.addWidget(qa)
    preview = QLineEdit()  # stands for the print preview, made after the first pair
    layout.addWidget(preview)
    qtbot.addWidget(window)
    active(qtbot, window)
    qa.set_pairs([("问一", "答一"), ("问二", "答二"), ("问三", "答三")])  # pairs 2 and 3 made after the preview
    qtbot.waitUntil(lambda: qa.pairs[2].answer.isVisible())  # Qt shows widgets added to a shown window at its next turn
    qa.pairs[0].answer.setFocus()
    visited = []
    for _step in range(6):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(focused())
    second, third = qa.pairs[1], qa.pairs[2]
    assert visited[:4] == [second.question, second.answer, third.question, third.answer]
    assert visited[4] is qa.add_button
    qa.insert_after(second, focus=True)  # a pair added in the middle
    added = qa.pairs[2]
    qtbot.waitUntil(added.answer.isVisible)
    second.answer.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is added.question
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is third.question


def test_the_rules_editors_buttons_are_tabbed_through_left_to_right(qtbot, db, data_dir, prompts):
    editor = active(qtbot, RulesEditor(db, data_dir, prompts))
    shown = sorted((b for b in editor.buttons.buttons() if b.isVisible()), key=lambda b: b.mapTo(editor, b.rect().topLeft()).x())
    shown[0].setFocus()
    order = [focused()]
    for _step in shown[1:]:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert order == shown


def _parties(db, n: int, prefix: str) -> list[Party]:
    return [save_party(db, Party(name=f"佛山市{prefix}{i}号信息科技有限公司", uscc="")) for i in range(n)]


def test_enter_in_the_party_search_adds_the_match_shown_first_and_down_goes_to_the_matches(
        qtbot, db, prompts, make_case):
    many = _parties(db, 3, "测试检索")
    only = _parties(db, 1, "独一无二")[0]
    dialog = active(qtbot, CaseDialog(db, prompts, make_case()))
    before = dialog.party_ids()
    dialog.party_search.setFocus()
    dialog.party_search.insert("测试检索")
    assert dialog.party_choices.count() == 3
    first = dialog.party_choices.currentData()  # the match the list shows chosen
    assert first in {p.id for p in many}
    qtbot.keyClick(dialog.party_search, Qt.Key.Key_Return)
    assert dialog.party_ids() == [*before, first] and dialog.isVisible()  # added, the case not saved
    assert focused() is dialog.party_search
    qtbot.keyClick(dialog.party_search, Qt.Key.Key_Down)  # into the list of the matches, on the one chosen
    assert focused() is dialog.party_choices and dialog.party_choices.currentData() == first
    qtbot.keyClick(dialog.party_choices, Qt.Key.Key_Down)
    chosen = dialog.party_choices.currentData()
    assert chosen in {p.id for p in many} - {first}
    qtbot.keyClick(dialog.party_choices, Qt.Key.Key_Return)
    assert dialog.party_ids() == [*before, first, chosen] and dialog.isVisible()
    dialog.party_search.setFocus()
    dialog.party_search.clear()
    dialog.party_search.insert("独一无二")
    qtbot.keyClick(dialog.party_search, Qt.Key.Key_Return)
    assert dialog.party_ids() == [*before, first, chosen, only.id]


def test_ctrl_z_and_ctrl_y_step_through_the_party_and_officer_edits(qtbot, db, prompts, make_case):
    case = make_case()
    dialog = active(qtbot, CaseDialog(db, prompts, case))
    # remove the party
    dialog.parties.setFocus()
    dialog.parties.setCurrentRow(0)
    dialog.parties.item(0).setSelected(True)
    dialog._remove_party()
    assert dialog.party_ids() == []
    # untick the second officer, then move the first down
    dialog.officers.setFocus()
    dialog.officers.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.officer_ids() == [case.officer_ids[0]]
    dialog.officers.setCurrentRow(0)
    dialog.move_officer(1)
    assert dialog.officers.item(1).data(Qt.ItemDataRole.UserRole) == case.officer_ids[0]
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Z, CTRL)  # the move back
    assert dialog.officers.item(0).data(Qt.ItemDataRole.UserRole) == case.officer_ids[0]
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Z, CTRL)  # the officer ticked again
    assert dialog.officer_ids() == case.officer_ids
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Z, CTRL)  # the party back
    assert dialog.party_ids() == case.party_ids
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Y, CTRL)  # removed again
    assert dialog.party_ids() == []
    qtbot.keyClick(dialog.officers, Qt.Key.Key_Z, CTRL)
    assert dialog.typed() == dialog._loaded  # as loaded: Cancel drops nothing
    # a text field undoes its own typing, the lists stay as they are
    dialog.parties.setCurrentRow(0)
    dialog.parties.item(0).setSelected(True)
    dialog._remove_party()
    dialog.cause.setFocus()
    dialog.cause.end(False)
    qtbot.keyClicks(dialog.cause, " (2)")
    qtbot.keyClick(dialog.cause, Qt.Key.Key_Z, CTRL)
    assert dialog.cause.text() == case.cause
    assert dialog.party_ids() == []


def test_enter_applies_the_record_count(qtbot, db, data_dir, prompts, make_case, tmp_path):
    case = make_case()
    path = write_csv(tmp_path / "名单.csv", [["手机"], ["13800000003"], ["13900000009"]], "utf-8")
    item = add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")
    dialog = active(qtbot, CountDialog(db, item, count_records(path), case))
    dialog.category.setFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.category, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_tab_leaves_a_date_time_field_in_one_press_and_the_arrows_still_move_within_it(qtbot, db, prompts):
    dialog = active(qtbot, LeadDialog(db, prompts))
    field = dialog.received_at
    field.setFocus()
    field.setCurrentSectionIndex(0)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    qtbot.keyClick(field, Qt.Key.Key_Right)
    assert focused() is field and field.currentSectionIndex() == 1  # on to the month
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert focused() is not field
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is field
    qtbot.keyClick(field, Qt.Key.Key_Backtab)
    assert focused() is not field


@pytest.mark.usefixtures("redo_on_ctrl_y")
def test_where_the_platform_redoes_with_ctrl_shift_z_only_ctrl_y_redoes_a_party_edit_too(qtbot, db, prompts, make_case):
    case = make_case()
    dialog = active(qtbot, CaseDialog(db, prompts, case))
    dialog.parties.setFocus()
    dialog.parties.setCurrentRow(0)
    dialog.parties.item(0).setSelected(True)
    dialog._remove_party()
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Z, CTRL)
    assert dialog.party_ids() == case.party_ids
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Y, CTRL)
    assert dialog.party_ids() == []
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert dialog.party_ids() == []


def test_every_date_field_of_the_window_is_one_that_tab_leaves_at_once():
    from pathlib import Path

    import ui

    built = [path.name for path in Path(ui.__file__).parent.glob("*.py") if path.name != "date_edits.py"
             and any(f"{name}(" in path.read_text(encoding="utf-8") for name in (" QDateEdit", " QDateTimeEdit"))]
    assert built == []  # ui.date_edits.DateEdit / DateTimeEdit instead


def test_ctrl_s_is_only_for_a_button_that_saves_ctrl_enter_accepts_a_dialog_that_takes_a_step(qtbot):
    """A dialog whose button carries out a step (OK of a procedure action, 导出, 打印) is accepted by Ctrl+Enter,
    never by Ctrl+S: the key says save, and the step would be taken instead."""
    from PySide6.QtGui import QKeySequence

    from ui.layouts import AsksBeforeDropping
    from ui.save_keys import OBJECT_NAME, add_save_keys

    class StepDialog(AsksBeforeDropping, QDialog):
        carries_out_step = True  # as a procedure action's dialog says (a plain OK gets neither key)

        def __init__(self):
            super().__init__()
            layout = QVBoxLayout(self)
            layout.addWidget(QLineEdit())
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                            | QDialogButtonBox.StandardButton.Cancel)
            self.buttons.accepted.connect(self.accept)
            layout.addWidget(self.buttons)

    dialog = StepDialog()
    qtbot.addWidget(dialog)
    shortcut = add_save_keys(dialog)
    assert shortcut is not None and shortcut.objectName() == OBJECT_NAME
    keys = [key.toString() for key in shortcut.keys()]
    assert QKeySequence("Ctrl+S").toString() not in keys
    assert QKeySequence("Ctrl+Return").toString() in keys


@pytest.mark.parametrize(("language", "words"), [("chinese", ["问：", "答："]), ("english", ["Q:", "A:"])])
def test_a_pair_is_headed_as_the_record_prints_it_in_the_users_language(qtbot, request, language, words):
    from PySide6.QtWidgets import QLabel

    request.getfixturevalue(language)
    qa = QAList()
    qtbot.addWidget(qa)
    qa.set_pairs([("问一", "答一")])
    shown = [label.text() for label in qa.pairs[0].findChildren(QLabel) if label is not qa.pairs[0].number]
    assert shown == words
