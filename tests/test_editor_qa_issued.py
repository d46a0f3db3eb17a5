"""The question-and-answer list of an issued inquiry record stays as issued: its pairs are neither moved, removed
nor added to (by their buttons, their keys or the standard-question menu), and the preview keeps the issued PDF;
a long standard question shows its beginning in its box."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton

from tests.helpers import fill_inquiry_to_issue
from workstation.documents.issuing import case_documents, document_pdf
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation


def _issued_record(demo_db, opened, prompts):
    case = find_case(demo_db, CASE)
    first = opened(demo_db, "inquiry_record", case)
    first.fields["questions_answers"].list.set_pairs([("one", "1"), ("two", "2"), ("three", "3")])
    fill_inquiry_to_issue(first)
    prompts.confirm_answer = True
    first.issue()
    assert first.document is not None, prompts.errors
    document = case_documents(demo_db, case.id)[-1]
    return opened(demo_db, "inquiry_record", get_case(demo_db, case.id), document=document), document


def test_an_issued_records_pairs_are_not_moved_removed_or_added(demo_db, opened, prompts, data_dir, qtbot):
    ed, document = _issued_record(demo_db, opened, prompts)
    ed.show()
    qtbot.waitExposed(ed)
    qa = ed.fields["questions_answers"].list
    issued = [p.pair() for p in qa.pairs]
    assert issued == [("one", "1"), ("two", "2"), ("three", "3")]
    buttons = qa.pairs[1].findChildren(QToolButton)  # ↑ ↓ ✕
    assert [b.text() for b in buttons] == ["↑", "↓", "✕"] and not any(b.isEnabled() for b in buttons)
    for button in buttons:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # a greyed-out button does nothing
        button.click()  # nor its action, whichever way it is reached
    qa.pairs[1].question.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is qa.pairs[1].question)
    QTest.keyClick(qa.pairs[1].question, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(qa.pairs[1].question, Qt.Key.Key_Delete,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(qa.pairs[1].answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    group = next(a.menu() for a in qa.standard_menu.actions() if a.menu() is not None)
    group.actions()[0].trigger()  # 全部问题 of the first group
    assert [p.pair() for p in qa.pairs] == issued
    assert not ed.undo_action.isEnabled() and not ed.dirty
    ed.wait_for_preview()
    assert ed.pdf_bytes == document_pdf(demo_db, data_dir, document.id)


def test_a_long_standard_question_shows_its_beginning(demo_db, opened, qtbot):
    ed = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    ed.show()
    qtbot.waitExposed(ed)
    qa = ed.fields["questions_answers"].list
    long = "你在单位担任什么职务？你是单位的法定代表人，还是受单位委托接受询问？受委托的，请出示授权委托书。" * 2
    qa.set_pairs([("", "")])
    qa.insert_questions((long, long))  # the empty pair takes the first, a new pair the second
    assert [p.question.text() for p in qa.pairs] == [long, long]
    assert [p.question.cursorPosition() for p in qa.pairs] == [0, 0]
