"""The release of a seal-up or seizure (解除行政强制措施决定书) and of an evidence preservation take the defaults of the
document whose 文号 the officer types in the editor: its date and items (and, for a decision, its measure and
what it was applied to) in place of the last issued document's, in the fields still showing those, as one undo
step; a text the officer wrote stays."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.test_ui_keyboard import active
from ui.form_editor import FormEditor
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import find_case

pytestmark = [pytest.mark.gui]

CASE = "佛南市监立〔2026〕9号"  # investigating, filed 2026-11-10
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
PHONES = "1 | 手机 | 华为Mate 60 | 2部 | 已关机"
OTHER = "1 | 电脑主机 | 戴尔 | 3台 | 机房"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


@pytest.fixture
def editor(demo_db, data_dir, prompts, qtbot, case):
    made = []

    def make(form_id):
        ed = FormEditor(demo_db, data_dir, case, find_form(form_id), prompts)
        qtbot.addWidget(ed)
        made.append(ed)
        return active(qtbot, ed)

    yield make
    for ed in made:
        ed.shutdown()


def _decide(db, data_dir, case, items, decided_on, measure="扣押"):
    return issue_document(db, data_dir, case, find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": measure, "objects": "财物", "reason": "涉嫌违法",
                           "items": items, "decided_on": decided_on})


def _type(box, text: str) -> None:
    """``text`` typed into ``box`` key by key, as an input method gives Chinese (QTest types no Chinese)."""
    for key in text:
        box.insert(key)


def _type_number(qtbot, ed, name, number) -> None:
    box = ed.fields[name].focus_widget
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    box.selectAll()
    _type(box, number)


def _undo(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)


def test_the_release_takes_the_items_of_the_decision_typed(demo_db, data_dir, case, editor, qtbot):
    first = _decide(demo_db, data_dir, case, PHONES, "2026-11-20", measure="查封")
    second = _decide(demo_db, data_dir, case, OTHER, "2026-12-02")
    ed = editor("compulsory_measure_release")
    values = ed.current_values()
    assert values["decision_no"] == second.number and values["items"] == OTHER
    assert values["measured_on"] == "2026-12-02" and values["measure"] == "扣押"
    _type_number(qtbot, ed, "decision_no", first.number)
    values = ed.current_values()
    assert values["decision_no"] == first.number
    assert values["items"] == PHONES and values["measured_on"] == "2026-11-20" and values["measure"] == "查封"
    _undo(qtbot)  # the decision's defaults taken back at once, its 文号 as typed
    values = ed.current_values()
    assert values["items"] == OTHER and values["measured_on"] == "2026-12-02" and values["measure"] == "扣押"
    assert values["decision_no"] == first.number
    ed.fields["decision_no"].focus_widget.setFocus()  # leaving and coming back takes them no second time
    ed.fields["reason_detail"].focus_widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ed.fields["reason_detail"].focus_widget)
    assert ed.current_values()["items"] == OTHER


def test_the_items_written_by_hand_stay(demo_db, data_dir, case, editor, qtbot):
    first = _decide(demo_db, data_dir, case, PHONES, "2026-11-20")
    _decide(demo_db, data_dir, case, OTHER, "2026-12-02")
    ed = editor("compulsory_measure_release")
    written = "1 | 电脑主机 | 戴尔 | 1台 | 部分解除"
    ed.fields["items"].set_value(written)  # as edited in its table
    assert ed.current_values()["items"] == written
    _type_number(qtbot, ed, "decision_no", first.number)
    values = ed.current_values()
    assert values["items"] == written and values["measured_on"] == "2026-11-20"


def test_a_number_typed_half_way_takes_nothing_until_left(demo_db, data_dir, case, editor, qtbot):
    first = _decide(demo_db, data_dir, case, PHONES, "2026-11-20")
    _decide(demo_db, data_dir, case, OTHER, "2026-12-02")
    ed = editor("compulsory_measure_release")
    _type_number(qtbot, ed, "decision_no", first.number[:-1])  # its 号 not typed yet
    assert ed.current_values()["items"] == OTHER
    _type(ed.fields["decision_no"].focus_widget, first.number[-1])
    assert ed.current_values()["items"] == PHONES
    # a decision given on paper: once the field is left, nothing of another decision is left in the fields
    _type_number(qtbot, ed, "decision_no", "佛南市监强〔2026〕99号")
    assert ed.current_values()["items"] == PHONES
    ed.fields["reason_detail"].focus_widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ed.fields["reason_detail"].focus_widget)
    values = ed.current_values()
    assert values["items"] == "" and values["measured_on"] == ""


def test_the_preservation_release_takes_the_items_of_the_notice_typed(demo_db, data_dir, case, editor, qtbot):
    notice = find_form("preservation_notice")
    first = issue_document(demo_db, data_dir, case, notice, {"items": "1 | 宣传单 | A4 | 500张 | 当事人办公室"})
    issue_document(demo_db, data_dir, case, notice, {"items": "1 | 海报 | A2 | 20张 | 本局"})
    ed = editor("preservation_release")
    assert "海报" in ed.current_values()["items"]
    _type_number(qtbot, ed, "notice_no", first.number)
    assert ed.current_values()["items"] == "1 | 宣传单 | A4 | 500张 | 当事人办公室"


def test_a_draft_continued_follows_from_the_decision_it_names(demo_db, data_dir, prompts, case, editor, qtbot):
    from workstation.store import drafts

    first = _decide(demo_db, data_dir, case, PHONES, "2026-11-20")
    second = _decide(demo_db, data_dir, case, OTHER, "2026-12-02")
    ed = editor("compulsory_measure_release")
    _type_number(qtbot, ed, "decision_no", first.number)
    ed.save_draft()
    draft = drafts.get_draft(demo_db, ed.draft.id)
    ed.shutdown()
    again = FormEditor(demo_db, data_dir, case, find_form("compulsory_measure_release"), prompts, draft=draft)
    qtbot.addWidget(again)
    active(qtbot, again)
    assert again.current_values()["items"] == PHONES
    _type_number(qtbot, again, "decision_no", second.number)
    assert again.current_values()["items"] == OTHER and again.current_values()["measured_on"] == "2026-12-02"
    again.shutdown()
