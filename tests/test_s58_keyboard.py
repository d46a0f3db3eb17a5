"""The keyboard acts on what the officer sees. Ctrl+E (案件 → 编辑案件) edits the case shown — its tab's, or the one
selected in the case list shown — never a case tab left open behind another page or the list's selection hidden
behind the 期限 tab; the status bar says why nothing opens there. And 签发 refused over named fields (left empty, or
contradicting another) shows the refusal under those fields, the keyboard in the first, as well as in its message
box — for a case's, a lead's and an interview's document alike."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.helpers import fill_inquiry_to_issue
from tests.test_lead_docs_checks10 import INTERVIEW, LEAD, before_the_interview, unassigned_lead  # noqa: F401
from workstation.leads_workflow import assign_lead
from workstation.store import agency_by_code, find_case
from workstation.store.interviews import get_interview

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CASE = "佛南市监立〔2026〕9号"
ELSEWHERE = "Edit case edits the case shown: show an open case's tab, or select a case in the case list, then edit it."


# Ctrl+E -----------------------------------------------------------------------------------------------------------
@pytest.fixture
def window(demo_db, make_window, qtbot, monkeypatch):
    """The main window, active; the titles of the dialogs it opens are in ``window.opened`` (none is run)."""
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda self: (opened.append(self.windowTitle()), 0)[1])
    w = make_window(demo_db)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.opened = opened
    return w


def ctrl_e(window) -> list[str]:
    del window.opened[:]
    QApplication.processEvents()
    qtbot_key(window, Qt.Key.Key_E, CTRL)
    return list(window.opened)


def qtbot_key(window, key, modifiers) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(QApplication.focusWidget() or window, key, modifiers)


def test_ctrl_e_edits_the_case_whose_tab_is_shown(window, demo_db, english):
    case = find_case(demo_db, CASE)
    window.open_case(case.id)
    assert window.case_tabs.currentWidget().case_id == case.id
    (title,) = ctrl_e(window)
    assert CASE in title


def test_ctrl_e_on_another_page_does_not_edit_the_case_tab_behind_it(window, demo_db, english):
    window.open_case(find_case(demo_db, CASE).id)  # looked at earlier, its tab left open
    for key, row in ((Qt.Key.Key_2, 1), (Qt.Key.Key_3, 2), (Qt.Key.Key_4, 3), (Qt.Key.Key_6, 5)):
        qtbot_key(window, key, CTRL)  # 线索, 约谈, 文书, 交换
        assert window.stack.currentIndex() == row
        window.statusBar().clearMessage()
        assert ctrl_e(window) == [], window.navigation.item(row).text()
        assert window.statusBar().currentMessage() == ELSEWHERE
    qtbot_key(window, Qt.Key.Key_1, CTRL)  # back on the cases page, the case's tab shown again
    assert CASE in ctrl_e(window)[0]


def test_ctrl_e_on_the_deadlines_tab_does_not_edit_the_hidden_list_selection(window, demo_db, english):
    page = window.case_list
    window.case_tabs.setCurrentWidget(page)
    page.table.selectRow(0)
    listed = demo_db.execute("SELECT case_number FROM cases WHERE id = ?", [page.selected_case_id()]).fetchone()[0]
    window.show_deadlines()  # Ctrl+D: the deadlines, where no case is selected
    assert window.case_tabs.currentWidget() is window.board
    assert ctrl_e(window) == []
    assert window.statusBar().currentMessage() == ELSEWHERE
    window.case_tabs.setCurrentWidget(page)  # the list shown again: its selection is edited
    (title,) = ctrl_e(window)
    assert listed in title


def test_ctrl_e_on_the_list_with_nothing_selected_says_to_select_a_case(window, demo_db, english):
    window.open_case(find_case(demo_db, CASE).id)  # open in a tab, but not shown
    page = window.case_list
    window.case_tabs.setCurrentWidget(page)
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    assert page.selected_case_id() is None
    assert ctrl_e(window) == []
    assert window.statusBar().currentMessage() == "No case is selected in the case list: select one, then edit it."


# 签发 refused over named fields -----------------------------------------------------------------------------------
def active_editor(editor, qtbot, start: str):
    """``editor`` shown and active, the keyboard in its field ``start``."""
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    box = editor.fields[start].focus_widget
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    return box


def where(editor) -> tuple[str | None, list[str]]:
    """The field the keyboard is in, and the fields whose error line shows."""
    focus = QApplication.focusWidget()
    field = next((name for name, f in editor.fields.items()
                  if focus is not None and (f.focus_widget is focus or f.widget.isAncestorOf(focus))), None)
    return field, [name for name, label in editor.error_labels.items() if label.isVisibleTo(editor)]


def test_issue_refused_for_fields_left_empty_marks_and_focuses_the_first(demo_db, opened, prompts, qtbot, english):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    box = active_editor(editor, qtbot, "cause")
    assert editor.issue_action.isEnabled()  # nothing is wrong for a draft
    QApplication.processEvents()
    qtbot_key(editor, Qt.Key.Key_I, CTRL_SHIFT)  # 签发
    assert len(prompts.errors) == 1 and "must be filled in before issuing" in prompts.errors[0]  # the box, as before
    assert prompts.confirmations == [] and editor.document is None
    field, lines = where(editor)
    # 询问结束时间, which the refusal names first (with the other empty fields), and 询问内容's questions unanswered
    assert field == "time_to" and lines == ["time_to", "questions_answers"]
    assert all(editor.error_labels[name].text().rstrip(".") in prompts.errors[0] for name in lines)
    assert box is not QApplication.focusWidget()
    editor.set_field("time_to", editor.fields["time_from"].value())  # corrected: the line goes
    QApplication.processEvents()
    assert where(editor)[1] == [] and editor.issue_action.isEnabled()


def test_issue_refused_for_a_field_contradicting_another_marks_it_until_either_changes(demo_db, opened, prompts,
                                                                                        qtbot, english):
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    fill_inquiry_to_issue(editor)
    editor.set_field("sex", "女")  # 440602198506150019 is a man's number
    active_editor(editor, qtbot, "cause")
    qtbot_key(editor, Qt.Key.Key_I, CTRL_SHIFT)
    assert len(prompts.errors) == 1 and editor.document is None
    assert where(editor) == ("sex", ["sex"])
    # Issue, greyed out meanwhile, says why as its refusal did
    assert not editor.issue_action.isEnabled()
    assert editor.error_labels["sex"].text() in editor.say_why_not_issued()
    # the ID number corrected instead of the 性别: the line goes, and Issue can be tried again
    editor.set_field("id_number", "440602198506150027")
    QApplication.processEvents()
    assert where(editor)[1] == [] and editor.issue_action.isEnabled()


def test_a_leads_notice_refused_for_an_empty_field_marks_and_focuses_it(demo_db, opened, prompts, qtbot, english):
    unassigned_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604012").id, on="2026-03-02")
    editor = opened(demo_db, "assignment_notice", lead_id=LEAD)
    editor.set_field("contact_person", "陈志强")
    editor.set_field("issued_on", "2026-03-02")
    editor.set_field("report_by", "")  # a draft may lack it, the notice issued may not
    active_editor(editor, qtbot, "contact_person")
    assert editor.issue_action.isEnabled()
    editor.issue()
    assert len(prompts.errors) == 1 and prompts.confirmations == [] and editor.document is None
    assert where(editor) == ("report_by", ["report_by"])


def test_an_interview_notice_refused_for_its_date_marks_and_focuses_it(demo_db, opened, prompts, qtbot, english,
                                                                      before_the_interview):  # noqa: F811
    interview = get_interview(demo_db, INTERVIEW)
    editor = opened(demo_db, "interview_notice", interview=interview, party_id=interview.party_ids[0])
    editor.set_field("issued_on", "2026-09-30")  # after today (10 September)
    start = next(name for name in editor.fields if name != "issued_on" and editor.fields[name].focus_widget
                 .isVisibleTo(editor) and editor.fields[name].focus_widget.isEnabled())
    active_editor(editor, qtbot, start)
    assert editor.issue_action.isEnabled()
    editor.issue()
    assert len(prompts.errors) == 1 and prompts.confirmations == [] and editor.document is None
    assert where(editor) == ("issued_on", ["issued_on"])
