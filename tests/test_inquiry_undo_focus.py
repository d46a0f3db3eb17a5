"""Ctrl+Z and Ctrl+Y in a 询问笔录's answer keep the keyboard where the officer was typing: the pair's boxes are kept
(the list is not rebuilt), the caret stays in the answer where the change was, and what is typed next goes into that
answer, never over the question."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.test_ui_keyboard import active
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def qa_editor(demo_db, opened, qtbot):
    editor = active(qtbot, opened(demo_db, "inquiry_record", find_case(demo_db, CASE)))
    qa = editor.fields["questions_answers"].list
    assert len(qa.pairs) >= 4  # the standard questions
    return editor, qa


def test_typing_after_an_undo_in_an_answer_goes_on_in_that_answer(qa_editor, qtbot):
    editor, qa = qa_editor
    questions = [p.pair()[0] for p in qa.pairs]
    boxes = [(p.question, p.answer) for p in qa.pairs]
    third = qa.pairs[2]
    third.answer.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is third.answer)
    qtbot.keyClicks(third.answer, "abc")
    assert third.pair()[1] == "abc"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert qa.pairs[2].pair() == (questions[2], "")
    assert [(p.question, p.answer) for p in qa.pairs] == boxes  # the same boxes: nothing rebuilt
    assert QApplication.focusWidget() is third.answer
    qtbot.keyClicks(QApplication.focusWidget(), "xyz")
    assert [p.pair()[0] for p in qa.pairs] == questions  # no question typed over
    assert qa.pairs[2].pair() == (questions[2], "xyz")
    assert editor.fields["questions_answers"].value() == editor.values["questions_answers"]


def test_the_caret_comes_back_where_the_undone_text_was(qa_editor, qtbot):
    editor, qa = qa_editor
    editor.set_field("questions_answers", "问：你叫什么名字？\n答：我叫李明。\n问：你在哪里工作？\n答：在南海区工作。")
    answer = qa.pairs[1].answer
    answer.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is answer)
    cursor = answer.textCursor()
    cursor.setPosition(1)  # after 在 (QTest types ASCII only)
    answer.setTextCursor(cursor)
    qtbot.keyClicks(answer, "Foshan ")
    assert qa.pairs[1].pair()[1] == "在Foshan 南海区工作。"
    qtbot.keyClick(answer, Qt.Key.Key_Z, CTRL)
    assert qa.pairs[1].pair()[1] == "在南海区工作。"
    assert QApplication.focusWidget() is answer and answer.textCursor().position() == 1
    qtbot.keyClick(answer, Qt.Key.Key_Y, CTRL)  # redo: back, the keyboard still in the answer
    assert qa.pairs[1].pair()[1] == "在Foshan 南海区工作。"
    assert QApplication.focusWidget() is answer and answer.textCursor().position() == 8  # after what came back
    qtbot.keyClicks(QApplication.focusWidget(), "Chancheng ")
    assert [p.pair() for p in qa.pairs] == [("你叫什么名字？", "我叫李明。"), ("你在哪里工作？", "在Foshan Chancheng 南海区工作。")]


def test_undoing_a_question_keeps_the_other_pairs_boxes(qa_editor, qtbot):
    editor, qa = qa_editor
    boxes = [p.answer for p in qa.pairs]
    first = qa.pairs[0].question
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    first.end(False)
    qtbot.keyClicks(first, " (2)")
    qtbot.keyClick(first, Qt.Key.Key_Z, CTRL)
    assert not qa.pairs[0].pair()[0].endswith(" (2)")
    assert [p.answer for p in qa.pairs] == boxes and QApplication.focusWidget() is first
    assert first.cursorPosition() == len(first.text())
