"""The document editor's question-and-answer list and amounts: an answer (or a question) holding a line that begins
with 问： or 答： is kept and read back as typed, and printed as typed; an amount typed with a thousands separator
(50,000.5), unreadable while half typed, still has the 罚没款合计 and the hearing box follow it; Ctrl+S and the
autosave keep a cell of an item table still being typed."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication

from tests.helpers import pdf_text
from workstation.documents.drafts import find_form
from workstation.formkit.follow import followed
from workstation.formkit.qa import format_pairs, parse_pairs
from workstation.store import drafts, find_case
from workstation.validators import parse_money_fen

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
DECIDING = "佛禅市监立〔2026〕7号"  # demo case with a penalty decision to write

PAIRS = [
    ("请介绍一下你的个人基本情况。", "我是法定代表人。\n问：执法人员问我的话我都如实回答"),
    ("你说过什么？", "我说过两次：\n答：不知道\n答：不清楚"),
    ("你在单位担任什么职务？\n问：追问一句", "经理。\n\\问：这一行本来就以反斜杠开头\n\\\\答：两个反斜杠"),
    ("还有补充吗？", "没有。\n问:半角冒号的一行"),
]


def test_pairs_with_lines_beginning_with_the_prefixes_come_back_as_they_were():
    assert parse_pairs(format_pairs(PAIRS)) == PAIRS
    assert format_pairs(parse_pairs(format_pairs(PAIRS))) == format_pairs(PAIRS)  # kept as it was checked


def test_values_kept_before_read_as_before():
    kept = "问：你是谁？\n答：我是法定代表人。\n问：执法人员问我的话我都如实回答\n答：\n问：还有吗？\n答：没有\n补充一句"
    assert parse_pairs(kept) == [("你是谁？", "我是法定代表人。"), ("执法人员问我的话我都如实回答", ""),
                                 ("还有吗？", "没有\n补充一句")]
    assert parse_pairs("一个问题") == [("一个问题", "")]


def test_two_answers_in_a_row_are_refused_naming_the_question_not_a_line(english):
    with pytest.raises(ValueError) as refused:
        parse_pairs("问：一\n答：甲\n问：二\n答：乙\n答：丙")
    assert "Line" not in str(refused.value) and "2" in str(refused.value)
    with pytest.raises(ValueError) as refused:
        parse_pairs("答：甲")
    assert "Line" not in str(refused.value) and "question" in str(refused.value)


@pytest.fixture
def editor(demo_db, opened):
    def make(form_id="inquiry_record", case=CASE, **kwargs):
        return opened(demo_db, form_id, find_case(demo_db, case), **kwargs)

    return make


def test_an_answer_holding_a_question_line_is_reopened_and_printed_as_typed(editor, demo_db):
    ed = editor()
    qa = ed.fields["questions_answers"].list
    qa.pairs[0].answer.setPlainText(PAIRS[0][1])
    qa.pairs[1].answer.setPlainText(PAIRS[1][1])
    typed = [p.pair() for p in qa.pairs]
    assert not ed.validate().get("questions_answers")
    ed.save_draft()
    ed.wait_for_preview()
    printed = pdf_text(ed.pdf_bytes)
    # as typed: no empty 答： after the line, no escape printed
    assert "答：我是法定代表人。问：执法人员问我的话我都如实回答问：" in printed
    assert "答：我说过两次：答：不知道答：不清楚问：" in printed and "\\" not in printed
    again = editor(draft=drafts.get_draft(demo_db, ed.draft.id))
    assert [p.pair() for p in again.fields["questions_answers"].list.pairs] == typed
    assert not again.validate().get("questions_answers")


def test_the_total_follows_a_fine_typed_with_a_thousands_separator(editor, qtbot):
    ed = editor("penalty_decision", DECIDING)
    ed.show()
    qtbot.waitExposed(ed)
    box = ed.fields["fine_fen"].focus_widget
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete)
    QTest.keyClicks(box, "50,000.5")
    QTest.keyClick(box, Qt.Key.Key_Tab)
    fine, confiscated = (parse_money_fen(ed.fields[n].value()) for n in ("fine_fen", "confiscated_fen"))
    assert fine == 5000050
    assert parse_money_fen(ed.fields["total_fen"].value()) == fine + confiscated


def test_the_hearing_box_follows_a_fine_typed_with_a_thousands_separator(editor, qtbot):
    ed = editor("pre_penalty_notice")
    ed.show()
    qtbot.waitExposed(ed)
    box = ed.fields["fine_fen"].focus_widget
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(box, Qt.Key.Key_Delete)
    assert not ed.fields["hearing_required"].value()
    QTest.keyClicks(box, "200,000")
    QTest.keyClick(box, Qt.Key.Key_Tab)
    assert ed.fields["hearing_required"].value()


def test_following_keeps_the_amounts_last_read_across_a_half_typed_one():
    from workstation.formkit.follow import read_amounts

    form = find_form("penalty_decision")
    values = {"fine_fen": "50", "confiscated_fen": "", "total_fen": "50.00"}
    read = read_amounts(values)
    for typed in ("50,", "50,0", "50,00", "50,000", "50,000.", "50,000.5"):
        after = {**values, "fine_fen": typed}
        values = {**after, **followed(form, "company", values, after, read_before=read)}
        read = read_amounts(values) or read
    assert values["total_fen"] == "50000.50"
    # a total written by hand stays as written
    values = {"fine_fen": "50", "confiscated_fen": "", "total_fen": "60.00"}
    assert "total_fen" not in followed(form, "company", {**values, "fine_fen": "50,00"},
                                       {**values, "fine_fen": "50,000"}, read_before=read_amounts(values))


@pytest.mark.parametrize("save", ["save_draft", "autosave"])
def test_a_cell_still_typed_in_is_kept_by_saving(editor, demo_db, qtbot, save):
    ed = editor("preservation_notice")
    ed.show()
    ed.activateWindow()
    qtbot.waitActive(ed)
    table = ed.fields["items"].table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    table.setCurrentCell(0, 1)
    for text in ("phone", "K70", "3 units"):  # each key to the box it opens: the cell's editor after the first
        for char in text:
            QTest.keyClicks(QApplication.focusWidget(), char)
        if text != "3 units":
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert table.state() == QAbstractItemView.State.EditingState
    getattr(ed, save)()
    kept = drafts.get_draft(demo_db, ed.draft.id).values["items"]
    assert "phone" in kept and "3 units" in kept
    if save == "save_draft":
        assert not ed.dirty
