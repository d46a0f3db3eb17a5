# ruff: noqa: F811 - the qa_editor fixture imported from test_inquiry_undo_focus is used by name
"""Ctrl+Z in a 询问笔录 takes back one answer at a time: each question and answer typed is an undo step of its own
(typing merges only within one row), and long typing splits into steps at a sentence's end or a line break and
once a step has gone on for several seconds, so one Ctrl+Z never takes away several answers."""

import time

import pytest

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.test_inquiry_undo_focus import CASE, CTRL, qa_editor  # noqa: F401 - the 询问笔录 editor fixture
from ui.form_editor import _FieldChange

pytestmark = pytest.mark.gui



def _keys(qtbot, box, text):
    """Type ``text`` key by key: a Chinese character arrives as a key event with its text, as an input method's."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(box, char)
        else:
            QApplication.sendEvent(box, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char))


def _type_in(qtbot, box, text):
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    _keys(qtbot, box, text)


def _undo(qtbot):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)


def test_one_ctrl_z_takes_back_only_the_last_answer_typed(qa_editor, qtbot):
    editor, qa = qa_editor
    _type_in(qtbot, qa.pairs[0].answer, "abc")
    _type_in(qtbot, qa.pairs[1].answer, "def")
    _type_in(qtbot, qa.pairs[1].question, "xy")
    _undo(qtbot)
    assert qa.pairs[1].pair()[1] == "def"  # the question's typing alone
    assert not qa.pairs[1].pair()[0].endswith("xy")
    _undo(qtbot)
    assert qa.pairs[1].pair()[1] == ""
    assert qa.pairs[0].pair()[1] == "abc"  # the first answer stays: a step of its own
    _undo(qtbot)
    assert qa.pairs[0].pair()[1] == ""


def test_a_long_answer_splits_at_a_sentence_end_and_a_line_break(qa_editor, qtbot):
    editor, qa = qa_editor
    answer = qa.pairs[0].answer
    _type_in(qtbot, answer, "我在店里。他说")
    _undo(qtbot)
    assert qa.pairs[0].pair()[1] == "我在店里。"
    _keys(qtbot, QApplication.focusWidget(), "不知道")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    _keys(qtbot, QApplication.focusWidget(), "第二行")
    assert qa.pairs[0].pair()[1] == "我在店里。不知道\n第二行"
    _undo(qtbot)
    assert qa.pairs[0].pair()[1] == "我在店里。不知道"


def test_typing_on_without_a_pause_splits_after_a_few_seconds(qa_editor, qtbot, monkeypatch):
    editor, qa = qa_editor
    answer = qa.pairs[0].answer
    answer.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is answer)
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    for letter in "abcdefgh":  # a keystroke every 1.5 s: never a pause of two seconds
        qtbot.keyClick(answer, letter)
        clock[0] += 1.5
    monkeypatch.undo()
    assert qa.pairs[0].pair()[1] == "abcdefgh"
    _undo(qtbot)
    kept = qa.pairs[0].pair()[1]
    assert kept and kept != "abcdefgh" and "abcdefgh".startswith(kept)
    assert len(kept) * 1.5 > _FieldChange.RUN_SECONDS - 1.5  # the first step ran for RUN_SECONDS


def test_a_one_value_field_still_merges_its_typing(qa_editor, qtbot):
    editor, qa = qa_editor
    name = next(n for n, f in editor.fields.items() if type(f).__name__ == "LineField" and f.widget.isEnabled()
                and f.widget.isVisible() and not f.value())
    box = editor.fields[name].focus_widget
    _type_in(qtbot, box, "abc")
    _undo(qtbot)
    assert editor.fields[name].value() == ""


def test_the_close_box_and_the_standard_questions_answer_to_keys(qa_editor, qtbot, prompts):
    from tests.test_ui_altkeys import MNEMONIC

    editor, qa = qa_editor
    letters = []
    for sub in (a.menu() for a in qa.standard_menu.actions() if a.menu() is not None):
        letters.append(MNEMONIC.search(sub.title()).group(1))
        entries = [a.text() for a in sub.actions() if not a.isSeparator()]
        marks = [MNEMONIC.search(text).group(1) for text in entries]
        assert marks[:3] == ["0", "1", "2"] and len(set(marks)) == len(marks)
    assert letters[:2] == ["1", "2"] and len(set(letters)) == len(letters)
    questions = qa.standard_menu_questions()  # read without their numbers
    assert all(not q.startswith("&") for group in questions.values() for q in group)
    _type_in(qtbot, qa.pairs[0].answer, "abc")
    prompts.choices = [2]  # 取消: the editor stays open
    editor.close()
    offered = prompts.offered[-1][1:]
    assert [MNEMONIC.search(text).group(1).upper() if MNEMONIC.search(text) else None for text in offered] == \
        ["S", "D", None]


def test_undoing_a_move_keeps_the_keyboard_on_the_pair_that_moved(qa_editor, qtbot):
    editor, qa = qa_editor
    editor.set_field("questions_answers", "问：甲问\n答：甲答\n问：乙问\n答：乙答\n问：丙问\n答：丙答")
    qa.pairs[2].question.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is qa.pairs[2].question)
    qtbot.keyClick(qa.pairs[2].question, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # 丙 up
    assert [p.pair()[0] for p in qa.pairs] == ["甲问", "丙问", "乙问"]
    assert QApplication.focusWidget() is qa.pairs[1].question
    _undo(qtbot)
    assert [p.pair()[0] for p in qa.pairs] == ["甲问", "乙问", "丙问"]
    assert QApplication.focusWidget() is qa.pairs[2].question  # 丙, back where it was, not 乙 it displaced
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, CTRL)  # redone: 丙 moves up again, the keyboard with it
    assert [p.pair()[0] for p in qa.pairs] == ["甲问", "丙问", "乙问"]
    assert QApplication.focusWidget() is qa.pairs[1].question
