"""The keyboard walkthrough of the pages and dialogs, once more: in the 约谈 register's search Enter, Down or PageDown
goes on to the first interview found (where Enter opens it) and Escape clears the search, as in the case list's; the
interview, case and rules editors' buttons answer to Alt letters; Enter on a party or lead found in the interview
editor adds or links it instead of saving the interview; Enter opens an evidence item as a double-click does; Tab
from a document's preview goes to its first field without stopping on the fields' frame; Down in the 文书 page's
filter goes to the first document type shown."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from tests.test_ui_altkeys import alt
from tests.test_ui_keyboard import active
from ui.access_keys import letter_of
from ui.case_dialog import CaseDialog
from ui.case_evidence import EvidenceDialog
from ui.interview_dialog import InterviewDialog
from ui.rules_editor import RulesEditor
from workstation.records import Party
from workstation.store import find_case, save_party
from workstation.store.evidence import add_evidence
from workstation.store.interviews import get_interview, list_interviews

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """``key`` typed where the keyboard is, as the officer types it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


@pytest.mark.parametrize("go_on", [Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_PageDown],
                         ids=["down", "enter", "page_down"])
def test_the_interview_search_goes_on_to_the_first_interview_found_and_escape_clears_it(demo_db, make_window, qtbot,
                                                                                        go_on):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    key(qtbot, Qt.Key.Key_3, CTRL)
    key(qtbot, Qt.Key.Key_F, CTRL)
    page = window.interviews_page
    assert QApplication.focusWidget() is page.search
    everyone = page.model.rowCount()
    page.search.insert("移动")  # the operator's interviews, as typed
    found = [row.interview.id for row in page.model.records]
    assert 0 < len(found) < everyone
    key(qtbot, go_on)
    assert QApplication.focusWidget() is page.view
    assert page.selected_id() == found[0]
    assert [index.row() for index in page.view.selectionModel().selectedRows()] == [0]
    key(qtbot, Qt.Key.Key_F, CTRL)
    key(qtbot, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.model.rowCount() == everyone
    assert QApplication.focusWidget() is page.search



def test_the_interview_dialog_s_buttons_answer_to_their_alt_letters(demo_db, prompts, qtbot):
    dialog = active(qtbot, InterviewDialog(demo_db, prompts))
    qtbot.addWidget(dialog)
    letters = {button.objectName(): letter_of(button.text()) for button in dialog.findChildren(QPushButton)
               if button.objectName()}
    assert {name: letters[name] for name in ("add_parties", "new_party", "remove_parties", "link_lead", "unlink_lead",
                                             "add_attendee", "remove_attendee", "follow_up_every_party")} == {
        "add_parties": "A", "new_party": "N", "remove_parties": "R", "link_lead": "L", "unlink_lead": "U",
        "add_attendee": "T", "remove_attendee": "E", "follow_up_every_party": "F"}
    dialog.subject.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.subject)
    dialog.party_choices.setCurrentRow(0)  # a party chosen in the list of those found
    alt(qtbot, Qt.Key.Key_A)  # each button pressed as a click shows it, a moment later
    qtbot.waitUntil(lambda: dialog.party_ids() == [dialog.party_choices.item(0).data(Qt.ItemDataRole.UserRole)])
    dialog.parties.setCurrentRow(0)
    alt(qtbot, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: dialog.party_ids() == [])
    dialog.lead_choices.setCurrentRow(0)
    alt(qtbot, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: dialog.lead_id == dialog.lead_choices.item(0).data(Qt.ItemDataRole.UserRole))
    alt(qtbot, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: dialog.lead_id is None)
    alt(qtbot, Qt.Key.Key_T)  # a new attendee's name cell open for typing
    qtbot.waitUntil(lambda: dialog.attendees.state() == dialog.attendees.State.EditingState)
    assert dialog.attendees.rowCount() == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # its typing dropped, the row kept
    alt(qtbot, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: dialog.attendees.rowCount() == 0)


def test_the_case_dialog_adds_and_removes_a_party_by_alt_letters(db, prompts, qtbot):
    save_party(db, Party(name="佛山市测试键盘信息科技有限公司", uscc=""))
    dialog = active(qtbot, CaseDialog(db, prompts))
    qtbot.addWidget(dialog)
    dialog.party_search.setFocus()
    dialog.party_search.insert("测试键盘")  # the party found is the one chosen
    alt(qtbot, Qt.Key.Key_A)  # pressed as a click shows it, a moment later
    qtbot.waitUntil(lambda: dialog.parties.count() == 1)
    assert dialog.parties.item(0).text().split()[0] == "佛山市测试键盘信息科技有限公司"
    dialog.parties.setCurrentRow(0)
    alt(qtbot, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: dialog.party_ids() == [])
    assert letter_of(dialog.new_party_button.text()) == "N"


def test_the_rules_editor_previews_and_restores_by_alt_letters(db, data_dir, prompts, qtbot):
    editor = active(qtbot, RulesEditor(db, data_dir, prompts))
    qtbot.addWidget(editor)
    assert (letter_of(editor.preview_button.text()), letter_of(editor.restore_button.text())) == ("P", "R")
    alt(qtbot, Qt.Key.Key_R)  # the shipped rules are shown already: said, nothing replaced
    qtbot.waitUntil(lambda: len(prompts.infos) == 1)
    assert editor.typed() == editor._loaded
    alt(qtbot, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: editor.previewed == editor.typed())


def test_enter_on_a_party_or_lead_found_adds_or_links_it_and_does_not_save_the_interview(demo_db, prompts, qtbot):
    interview = next(i for i in list_interviews(demo_db) if i.status == "held")  # complete: Save is enabled
    dialog = active(qtbot, InterviewDialog(demo_db, prompts, interview))
    qtbot.addWidget(dialog)
    before = dialog.party_ids()
    found = dialog.party_choices
    row = next(r for r in range(found.count()) if found.item(r).data(Qt.ItemDataRole.UserRole) not in before)
    found.setFocus()
    found.setCurrentRow(row)
    qtbot.keyClick(found, Qt.Key.Key_Return)
    qtbot.wait(50)  # a dialog's default button is pressed at once; nothing is left to come
    assert dialog.isVisible() and dialog.saved_interview is None
    assert dialog.party_ids() == [*before, found.item(row).data(Qt.ItemDataRole.UserRole)]
    dialog.lead_choices.setFocus()
    dialog.lead_choices.setCurrentRow(1)
    qtbot.keyClick(dialog.lead_choices, Qt.Key.Key_Enter)
    assert dialog.isVisible() and dialog.saved_interview is None
    assert dialog.lead_id == dialog.lead_choices.item(1).data(Qt.ItemDataRole.UserRole)
    assert get_interview(demo_db, interview.id) == interview  # nothing saved


def test_enter_on_an_evidence_item_opens_it_as_a_double_click_does_once(db, data_dir, make_case, make_window, qtbot,
                                                                         monkeypatch, tmp_path):
    opened = []

    def looked_at(dialog) -> int:  # instead of showing it: which item, then closed unanswered
        opened.append(dialog.item.id)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(EvidenceDialog, "exec", looked_at)
    case = make_case()
    for name in ("客户名单.csv", "通话记录.csv"):
        (tmp_path / name).write_text(f"{name}\n", encoding="utf-8")
        add_evidence(db, data_dir, case.id, tmp_path / name, source="当事人办公电脑", collected_on="2026-03-05")
    window = active(qtbot, make_window(db))
    workspace = window.open_case(case.id)
    view = workspace.evidence.view
    assert view.model().rowCount() == 2
    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [workspace.evidence.model.records[1].id]
    cell = view.visualRect(view.model().index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # the second click of the two
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert opened == [workspace.evidence.model.records[1].id, workspace.evidence.model.records[0].id]


@pytest.mark.parametrize("form_id", ["inquiry_record", "penalty_decision"])
def test_tab_from_the_document_preview_goes_to_the_first_control_of_the_fields(demo_db, opened, qtbot, form_id):
    editor = active(qtbot, opened(demo_db, form_id, find_case(demo_db, "佛南市监立〔2026〕9号")))
    editor.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.view)
    qtbot.keyClick(editor.view, Qt.Key.Key_Tab)
    landed = QApplication.focusWidget()
    assert landed is not editor.fields_area and editor.fields_area.isAncestorOf(landed)  # no stop on the frame


def test_down_in_the_document_type_filter_goes_to_the_first_type_shown(db, make_window, qtbot):
    window = active(qtbot, make_window(db))
    window.fill_menus()
    key(qtbot, Qt.Key.Key_4, CTRL)
    key(qtbot, Qt.Key.Key_F, CTRL)
    page = window.stack.currentWidget()
    page.forms_filter.insert("听证")
    key(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is page.forms_view
    [selected] = page.forms_view.selectionModel().selectedRows()
    assert page.forms_model.records[selected.row()]["id"] == "hearing_notice"
    assert page.forms_view.currentIndex().row() == selected.row()
