"""What is typed and not saved is not dropped without a word, and what a save refused is said at its field: the lock's
退出 counting an attendee still being typed in its cell, a new document closed with only an open cell of its item
table typed, a party picked from the lead's register matches undone and redone with the name it fills, a refusal of
the core shown under the field it concerns (never by its internal name), and Esc on the first-start dialogs."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.test_editors_walkthrough import CTRL, press, type_into
from tests.test_item_grid import CASE, _focus
from tests.test_ui_keyboard import active
from workstation.errors import ValidationError, WorkstationError

pytestmark = pytest.mark.gui


# the lock's 退出 -----------------------------------------------------------------------------------------------
def test_the_locks_quit_warns_of_an_attendee_still_being_typed_in_its_cell(demo_db, make_window, prompts, qtbot):
    from ui.idle_lock import IdleLock
    from ui.interview_dialog import InterviewDialog

    window = make_window(demo_db)
    window.show()
    dialog = active(qtbot, InterviewDialog(demo_db, prompts, parent=window))
    dialog._type_new_attendee()  # 添加参加人: a new row, its name cell open
    QApplication.processEvents()
    editor = QApplication.focusWidget()
    assert dialog.attendees.isAncestorOf(editor)
    editor.insert("张三")  # typed, the cell still open
    quits = []
    lock = IdleLock(window, window.data_dir, "tester", 0, quit_app=lambda: quits.append(1))
    try:
        named = f"「{dialog.windowTitle()}」"
        assert lock.unsaved_dialogs() == [named]
        lock.lock()
        lock.quit_asked()
        assert quits == [] and lock._quit_warned  # warned first: a second 退出 (仍然退出) quits
        assert named in lock.dialog.message.text()
    finally:
        lock.stop()


# the document editor -------------------------------------------------------------------------------------------
def test_a_new_document_closed_with_only_an_open_cell_typed_asks(demo_db, opened, prompts, qtbot):
    from workstation.store import drafts, find_case

    editor = opened(demo_db, "evidence_extraction", find_case(demo_db, CASE))
    editor.show()
    qtbot.waitExposed(editor)
    table = editor.fields["items"].table
    _focus(qtbot, table)
    table.setCurrentCell(0, 1)
    QTest.keyClick(table, Qt.Key.Key_F2)
    QApplication.focusWidget().insert("营业执照复印件")  # the cell still open: nothing else typed
    prompts.choices = [2]  # Cancel
    editor.close()
    assert len(prompts.offered) == 1 and editor.isVisible()  # asked, and kept open
    assert drafts.get_draft(demo_db, editor.draft.id).status != "discarded"
    prompts.choices = [0]  # 保存草稿
    editor.close()
    assert not editor.isVisible()
    stored = drafts.get_draft(demo_db, editor.draft.id)
    assert stored.status == "saved" and "营业执照复印件" in stored.values["items"]


# the lead's party picked from the register ---------------------------------------------------------------------
def test_a_party_picked_from_the_register_is_one_step_with_the_name_it_fills(demo_db, prompts, qtbot):
    from ui.lead_dialog import LeadDialog

    dialog = active(qtbot, LeadDialog(demo_db, prompts))
    type_into(qtbot, dialog.description, "abc")
    dialog.party.setFocus()
    dialog.party.insert("佛山")  # typed (one step)
    assert dialog.party_match.count() > 2
    dialog.party_match.setFocus()
    dialog.party_match.setCurrentIndex(2)
    picked, name = dialog.party_match.currentData(), dialog.party.text()
    assert picked and name != "佛山"
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the pick taken back with the name it filled, the name typed kept
    assert (dialog.party.text(), dialog.party_match.currentData()) == ("佛山", None)
    assert dialog.description.toPlainText() == "abc"
    press(qtbot, Qt.Key.Key_Y, CTRL)  # and put back with it
    assert (dialog.party.text(), dialog.party_match.currentData()) == (name, picked)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # then the name typed
    assert (dialog.party.text(), dialog.party_match.currentData()) == ("", None)
    assert dialog.description.toPlainText() == "abc"


# refusals of the core at their fields --------------------------------------------------------------------------
def test_a_code_saved_meanwhile_by_another_window_is_said_under_its_field(db, prompts, qtbot, chinese):
    from ui.party_dialog import PartyDialog
    from workstation.records import Party
    from workstation.store import save_party

    dialog = active(qtbot, PartyDialog(db, prompts))
    dialog.kind.setCurrentIndex(max(dialog.kind.findData("company"), 0))
    dialog.edits["name"].setText("佛山市测试甲有限公司")
    dialog.edits["uscc"].setText("91110000100017707H")
    save_party(db, Party(name="另一家公司", uscc="91110000100017707H"))  # another window saved it meanwhile
    dialog.save()
    assert prompts.errors == [] and dialog.isVisible()
    line = dialog.errors["uscc"]
    assert line.isVisible() and "另一家公司" in line.text() and "uscc" not in line.text()


def test_a_refusal_of_the_case_is_said_at_its_field_and_by_its_label(demo_db, prompts, qtbot, chinese,
                                                                     monkeypatch):
    import ui.case_dialog
    from ui.case_dialog import CaseDialog, field_label
    from workstation.store import list_parties

    dialog = active(qtbot, CaseDialog(demo_db, prompts))
    dialog.cause.setText("涉嫌销售不合格商品案")
    dialog.sector.setCurrentIndex(1)
    dialog.add_party(list_parties(demo_db, "佛山", limit=1)[0].id)
    assert not dialog.validate()
    refusals = [ValidationError({"cause": "案由已被另一窗口改动。", "review_on": "复核日期不对。"})]

    def refuse(_db, _case):
        raise refusals.pop(0)

    monkeypatch.setattr(ui.case_dialog, "create_case", refuse)
    dialog.save()
    assert dialog.isVisible()
    assert dialog.errors["cause"].isVisible() and dialog.errors["cause"].text() == "案由已被另一窗口改动。"
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled()  # until the field refused is changed
    assert prompts.errors == [f"{field_label('review_on')}：复核日期不对。"]  # no line of its own: by its label
    dialog.facts.setPlainText("另一处改动")  # another field changed: the refusal stays at its own
    assert dialog.errors["cause"].isVisible() and not save.isEnabled()
    dialog.cause.setText("涉嫌销售不合格商品案（改）")
    assert not dialog.errors["cause"].isVisible() and save.isEnabled()
    refusals.append(WorkstationError("数据库忙，请稍后再试。"))
    dialog.save()  # any other refusal: its message as it is
    assert prompts.errors[-1] == "数据库忙，请稍后再试。"


def test_a_refusal_of_the_interview_is_said_under_its_field(demo_db, prompts, qtbot, chinese, monkeypatch):
    import ui.interview_dialog
    from ui.interview_dialog import InterviewDialog
    from workstation.store import list_parties

    dialog = active(qtbot, InterviewDialog(demo_db, prompts))
    dialog.subject.setText("约谈主题")
    dialog.add_party(list_parties(demo_db, "佛山", limit=1)[0].id)
    assert not dialog.validate()

    def refuse(*_args, **_kwargs):
        raise ValidationError({"subject": "主题不对。"})

    monkeypatch.setattr(ui.interview_dialog, "save_interview", refuse)
    dialog.save()
    assert prompts.errors == [] and dialog.isVisible()
    assert dialog.errors["subject"].isVisible() and dialog.errors["subject"].text() == "主题不对。"


# Esc on the first start ----------------------------------------------------------------------------------------
def _esc(qtbot, dialog) -> None:
    field = dialog.fields.edits["passphrase"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)


def test_esc_on_the_first_start_asks_before_dropping_what_was_typed(tmp_path, prompts, qtbot, chinese):
    from ui.setup_dialog import SetupDialog

    dialog = active(qtbot, SetupDialog(tmp_path / "new", prompts))
    dialog.fields.edits["officer"].setText("陈志强")
    dialog.fields.edits["passphrase"].setText("correct horse battery 9")
    _esc(qtbot, dialog)
    assert len(prompts.confirmations) == 1 and dialog.isVisible()  # asked; No keeps it
    prompts.confirm_answer = True
    _esc(qtbot, dialog)
    assert len(prompts.confirmations) == 2 and not dialog.isVisible()


def test_esc_on_the_first_start_with_nothing_typed_closes_it_at_once(tmp_path, prompts, qtbot):
    from ui.setup_dialog import SetupDialog

    dialog = active(qtbot, SetupDialog(tmp_path / "new", prompts))
    _esc(qtbot, dialog)
    assert prompts.confirmations == [] and not dialog.isVisible()


def test_esc_on_the_offer_to_encrypt_asks_once_a_passphrase_is_typed(tmp_path, prompts, qtbot, chinese):
    from ui.setup_dialog import EncryptDialog

    dialog = active(qtbot, EncryptDialog(tmp_path, None, prompts))
    dialog.fields.edits["passphrase"].setText("correct horse battery 9")
    _esc(qtbot, dialog)
    assert len(prompts.confirmations) == 1 and dialog.isVisible()
    dialog.leave_button.click()  # 以后再说 chosen: no question
    assert len(prompts.confirmations) == 1 and not dialog.isVisible()
