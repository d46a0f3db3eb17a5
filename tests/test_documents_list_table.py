"""The documents section lists a case's issued documents as a table (a case may hold 300: five widgets each made the
section take ~0.4 s to build): it builds the same widgets whatever the number of documents; each row shows the
document's 文号, title, the day it was issued, its pages and whether it is void or corrected, oldest first; one row of
buttons — Open (also Enter or a double-click on the row), Save PDF…, Correct…, Void… — and the row's context menu act
on the document selected, each greyed out saying why where it does not apply; Tab goes from the list to those
buttons; the document selected stays selected when voiding it rebuilds the section."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget

from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document, void_document
from workstation.money import chinese_date
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕1号"  # demo case, one party, no documents issued
ACTIONS = ("open_document", "save_document", "correct_document", "void_document")
NONE_SELECTED = "Select a document in the list first."


def receipt(db, data_dir, case, n: int):
    return issue_document(
        db, data_dir, case, find_form("delivery_receipt"), {"served_document": f"询问通知书（第{n}份）"}
    )


def section_of(qtbot, db, data_dir, case, prompts):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    return section


def rows_of(section) -> list[list[str]]:
    return [section.model.row_texts(row) for row in range(section.model.rowCount())]


def buttons_of(section) -> dict[str, QPushButton]:
    return {name: section.findChild(QPushButton, name) for name in ACTIONS}


def test_the_section_builds_the_same_widgets_for_one_document_as_for_fifteen(
    qtbot, demo_db, data_dir, prompts, english
):
    case = find_case(demo_db, CASE)
    none = section_of(qtbot, demo_db, data_dir, case, prompts)
    assert not none.view.isVisibleTo(none)  # no document issued: no empty list
    assert not any(button.isVisibleTo(none) for button in buttons_of(none).values())

    issued = [receipt(demo_db, data_dir, case, 1)]
    one = section_of(qtbot, demo_db, data_dir, case, prompts)
    widgets = len(one.findChildren(QWidget))
    issued += [receipt(demo_db, data_dir, case, n) for n in range(2, 16)]
    void_document(demo_db, issued[6].id, "送达地点填写有误")
    many = section_of(qtbot, demo_db, data_dir, case, prompts)
    assert len(many.findChildren(QWidget)) == widgets
    assert [document.id for document in many.model.records] == [
        d.id for d in case_documents(demo_db, case.id)
    ]
    rows = rows_of(many)
    assert len(rows) == 15
    assert rows[0] == ["—", "送达回证", chinese_date(issued[0].issued_at), str(issued[0].pages), ""]
    assert rows[6][-1] == "void: 送达地点填写有误"
    assert many.view.isVisibleTo(many) and all(
        button.isVisibleTo(many) for button in buttons_of(many).values()
    )


def test_enter_opens_the_selected_document_and_the_buttons_follow_the_selection(
    make_window, demo_db, data_dir, prompts, english
):
    case = find_case(demo_db, CASE)
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    voided = receipt(demo_db, data_dir, case, 1)
    void_document(demo_db, voided.id, "送达地点填写有误")
    window = make_window(demo_db)
    section = window.open_case(case.id).documents
    buttons = buttons_of(section)
    actions = {action.objectName(): action for action in section.view.actions()}
    # nothing selected: every button and menu item greyed out, saying so; clicked anyway, nothing is done
    assert all(not buttons[name].isEnabled() and buttons[name].toolTip() == NONE_SELECTED for name in ACTIONS)
    assert all(not actions[name].isEnabled() for name in ACTIONS)

    assert section.select_document(voided.id)
    assert buttons["open_document"].isEnabled() and buttons["save_document"].isEnabled()
    assert not buttons["void_document"].isEnabled()
    assert buttons["void_document"].toolTip() == "送达回证 is already void (送达地点填写有误)."
    assert not buttons["correct_document"].isEnabled()
    assert (
        buttons["correct_document"].toolTip()
        == "送达回证 is void: write a new document instead of correcting it."
    )

    QTest.keyClick(section.view, Qt.Key.Key_Up)  # the arrow keys choose the row acted on
    assert section.selected_document().id == decision.id
    assert buttons["void_document"].isEnabled() and buttons["correct_document"].isEnabled()
    assert actions["void_document"].isEnabled() and actions["correct_document"].isEnabled()
    assert (
        actions["void_document"].toolTip()
        == buttons["void_document"].toolTip()
        == (f"Withdraw 行政处罚决定书 {decision.number}, saying why; its 文号 is never given again.")
    )
    QTest.keyClick(section.view, Qt.Key.Key_Return)
    editor = window.editors[-1]
    try:
        assert editor.document is not None and editor.document.id == decision.id
    finally:
        editor.shutdown()
        editor.close()


def test_tab_goes_from_the_list_to_the_buttons_acting_on_its_document(qtbot, demo_db, data_dir, prompts):
    case = find_case(demo_db, CASE)
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    section = section_of(qtbot, demo_db, data_dir, case, prompts)
    section.show()
    assert section.select_document(decision.id)
    order, widget = [], section.findChild(QPushButton, "casefile")
    while len(order) < 5:
        widget = widget.nextInFocusChain()
        if (
            widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and widget.isVisible()
            and widget.isEnabled()
        ):
            order.append(widget.objectName())
    assert order == ["documents_table", *ACTIONS]


def test_voiding_from_the_list_keeps_the_document_selected_in_the_rebuilt_section(
    qtbot, demo_db, data_dir, prompts, english
):
    from ui.case_workspace import CaseWorkspace

    case = find_case(demo_db, CASE)
    issued = [receipt(demo_db, data_dir, case, n) for n in (1, 2, 3)]
    shown = CaseWorkspace(demo_db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    assert shown.documents.select_document(issued[1].id)
    prompts.texts, prompts.confirm_answer = ["送达地点填写有误"], True
    shown.documents.findChild(QPushButton, "void_document").click()
    assert prompts.errors == []
    rebuilt = shown.documents
    selected = rebuilt.selected_document()
    assert (selected.id, selected.status) == (issued[1].id, "void")
    assert rows_of(rebuilt)[1][-1] == "void: 送达地点填写有误"
    assert not rebuilt.findChild(QPushButton, "void_document").isEnabled()
