"""The keyboard walkthrough's findings: a case filed from a lead opens without a stray window taking the keyboard,
and the keyboard goes into the case; Esc then Enter in a dialog keeps what was typed; Ctrl+F finds on the 文书 page;
Ctrl+W puts the keyboard back where the case was opened from, and closes the document editor too; every menu item
of the window and the editor has its own Alt letter, and so do the 交换 page, the 文书 page's filter and a case's
procedure buttons."""

import pytest

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QPushButton

from tests.test_lead_case_link import add_complaint
from tests.test_ui_altkeys import MNEMONIC, each_view, shared_letters, visible_mnemonics
from tests.test_ui_keyboard import active
from ui.access_keys import with_letter
from ui.prompts import Prompts
from ui.text_dialog import TextDialog
from workstation.leads_workflow import case_lead
from workstation.store import find_case

pytestmark = pytest.mark.gui

FROM_LEAD = "佛三市监立〔2026〕1号"  # the demo case filed from a lead with its complaints
CASE = "佛南市监立〔2026〕9号"


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """``key`` typed where the keyboard is, as the officer types it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


class WindowsShown(QObject):
    """The object names of the widgets shown as windows of their own while it listens (tooltips and menus aside)."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow() and \
                not isinstance(watched, QMenu) and watched.windowType() != Qt.WindowType.ToolTip:
            self.names.append(watched.objectName() or type(watched).__name__)
        return False


def open_from_the_list(qtbot, window, number: str):
    """Ctrl+F, the case number typed, Down, Enter: the case opened from the case list."""
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.case_list.search
    window.case_list.search.setText(number)  # as the input method commits it
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1)
    key(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.case_list.table
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.case_tabs.currentWidget() in window.workspaces.values())
    return window.case_tabs.currentWidget()


def test_a_case_filed_from_a_lead_opens_without_a_stray_window_and_takes_the_keyboard(demo_db, make_window, qtbot):
    lead = case_lead(demo_db, find_case(demo_db, FROM_LEAD).id)
    add_complaint(demo_db, "c1", "12345", "2026-02-12 09:37:15", "13800138000", "培训机构泄露学员家长电话",
                  lead_id=lead["id"])
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    shown = WindowsShown()
    QApplication.instance().installEventFilter(shown)
    try:
        workspace = open_from_the_list(qtbot, window, FROM_LEAD)
    finally:
        QApplication.instance().removeEventFilter(shown)
    assert workspace.findChild(QObject, "lead_complaints").isVisibleTo(workspace)  # the lead's complaints listed
    assert shown.names == []  # no complaints table flashing as a window of its own
    assert QApplication.activeWindow() is window
    assert workspace.isAncestorOf(QApplication.focusWidget())  # the keyboard is in the case just opened
    key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # so Ctrl+W closes it at once
    assert workspace.case_id not in window.workspaces


def test_dialogs_with_parts_shown_or_hidden_at_first_flash_no_window_of_their_own(demo_db, prompts, qtbot):
    from ui.bundle_dialogs import ExportDialog
    from ui.transition_dialog import Advice, TransitionDialog
    from workstation import procedure

    shown = WindowsShown()
    QApplication.instance().installEventFilter(shown)
    try:
        export = ExportDialog(demo_db, prompts, "南海区局", None, None)  # its encryption box shown at a station
        qtbot.addWidget(export)
        action = TransitionDialog(procedure.BY_NAME["suspend"], advice=Advice(info="先签发中止调查决定书。"))
        qtbot.addWidget(action)
    finally:
        QApplication.instance().removeEventFilter(shown)
    assert shown.names == []
    assert export.encrypt_box.isVisibleTo(export) and action.info.isVisibleTo(action)


def test_esc_then_enter_keeps_what_was_typed(qtbot):
    seen = {}

    def press_enter_on_the_question():
        box = QApplication.activeModalWidget()
        seen["question"] = box.text()
        qtbot.keyClick(box, Qt.Key.Key_Return)  # out of habit

    def in_the_dialog():
        dialog = QApplication.activeModalWidget()
        dialog.text.insert("重复登记")
        QTimer.singleShot(0, press_enter_on_the_question)
        qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
        seen["kept"] = (dialog.isVisible(), dialog.text.text())
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    QTimer.singleShot(0, in_the_dialog)
    answer = Prompts().ask_text(None, "案件", "撤销原因")
    assert seen["question"] == "放弃所做的修改吗？" or seen["question"] == "Discard the changes you made?"
    assert seen["kept"] == (True, "重复登记")  # Enter answered 否: still editing, with the text
    assert answer == "重复登记"


def test_enter_on_the_editor_s_closing_question_keeps_the_draft(qtbot):
    seen = {}

    def press_enter():
        box = QApplication.activeModalWidget()
        seen["default"] = box.defaultButton() and box.defaultButton().text()
        qtbot.keyClick(box, Qt.Key.Key_Return)
        QTimer.singleShot(0, lambda: box.isVisible() and box.reject())  # Enter did nothing: closed, as Esc does

    QTimer.singleShot(0, press_enter)
    choice = Prompts().choose(None, "“询问笔录”有未保存为草稿的修改。", ["保存草稿", "放弃修改", "取消"])
    assert seen["default"] == "保存草稿" and choice == 0


def test_the_questions_that_throw_work_away_have_no_as_their_default(demo_db, make_window, prompts, qtbot):
    window = make_window(demo_db)
    window.fill_menus()
    window.offer_demo()  # made-up records that cannot be removed again
    dialog = TextDialog(prompts, window, "案件", "撤销原因")
    qtbot.addWidget(dialog)
    dialog.text.insert("重复登记")
    dialog.reject()
    assert len(prompts.destructive) == 2 and prompts.destructive == prompts.confirmations


def test_ctrl_f_on_the_documents_page_focuses_its_filter(db, make_window, qtbot):
    window = active(qtbot, make_window(db))
    window.fill_menus()
    key(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    page.forms_view.setFocus()
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 3 and QApplication.focusWidget() is page.forms_filter
    key(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # 交换 has no search: the case list's, as before
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 0 and QApplication.focusWidget() is window.case_list.search


def test_ctrl_w_puts_the_keyboard_back_on_the_case_list_row_or_the_board(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    workspace = open_from_the_list(qtbot, window, CASE)
    key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert workspace.case_id not in window.workspaces
    assert window.case_tabs.currentWidget() is window.case_list
    assert QApplication.focusWidget() is window.case_list.table  # not the page list, where Down switches pages
    assert window.case_list.selected_case_id() == workspace.case_id
    # opened from the board: back on the board's table
    window.case_tabs.setCurrentWidget(window.board)
    table = window.board.table.view
    table.setFocus()
    window.open_case(find_case(demo_db, CASE).id)
    key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.case_tabs.currentWidget() is window.board and QApplication.focusWidget() is table


def test_ctrl_w_closes_the_document_editor_and_its_menu_says_so(demo_db, opened, qtbot):
    editor = active(qtbot, opened(demo_db, "inquiry_record", find_case(demo_db, CASE)))
    close = editor.close_action
    assert close.shortcut() == QKeySequence("Ctrl+W")  # the key the menu shows
    assert QKeySequence("Ctrl+F4") in close.shortcuts()
    key(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.isVisible())


def menu_letters(menu: QMenu) -> list[tuple[str | None, str]]:
    found = []
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        if action.menu() is not None:
            found += menu_letters(action.menu())
        mark = MNEMONIC.search(action.text())
        found.append((mark.group(1).upper() if mark else None, action.text()))
    return found


def assert_menus_have_letters(window) -> int:
    items = 0
    for bar_action in window.menuBar().actions():
        letters = menu_letters(bar_action.menu())
        assert [text for letter, text in letters if letter is None] == [], bar_action.text()
        assert shared_letters(letters) == {}, bar_action.text()
        items += len(letters)
    return items


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_menu_item_of_the_window_and_the_editor_has_its_own_letter(demo_db, make_window, opened, request,
                                                                         language):
    if language == "en":
        request.getfixturevalue("english")
    window = make_window(demo_db)
    window.fill_menus()
    assert assert_menus_have_letters(window) >= 20
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    assert assert_menus_have_letters(editor) >= 8


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_exchange_page_and_a_case_s_procedure_buttons_have_letters_shown_once(demo_db, make_window, qtbot,
                                                                                    request, language):
    if language == "en":
        request.getfixturevalue("english")
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    workspace = window.open_case(find_case(demo_db, CASE).id)
    buttons = [workspace.edit_button, *workspace.action_buttons.values()]
    assert len(buttons) > 1 and all(MNEMONIC.search(b.text()) for b in buttons), [b.text() for b in buttons]
    assert shared_letters(visible_mnemonics(window)) == {}
    views = 0
    for view in each_view(window, 5):
        views += 1
        page = window.exchange_page
        shown = [b.text() for b in page.findChildren(QPushButton) if b.isVisible()]
        assert shown and all(MNEMONIC.search(text) for text in shown), (view, shown)
        assert all(MNEMONIC.search(page.tabs.tabText(i)) for i in range(page.tabs.count()))
        assert shared_letters(visible_mnemonics(window)) == {}, view
    assert views == 5


def test_alt_t_on_the_documents_page_puts_the_keyboard_in_its_filter(db, make_window, qtbot):
    window = active(qtbot, make_window(db))
    window.fill_menus()
    window.go_to_page(3)
    page = window.stack.currentWidget()
    page.forms_view.setFocus()
    key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.forms_filter)
    assert shared_letters(visible_mnemonics(window)) == {}


def test_a_letter_is_given_from_the_words_then_the_action_s_name_then_the_alphabet():
    assert with_letter("File a case", {"F"}) == ("F&ile a case", "I")
    assert with_letter("中止调查…", {"F", "C"}, "suspend") == ("中止调查(&S)…", "S")
    assert with_letter("立案", set("FILE"), "file") == ("立案(&A)", "A")
    assert with_letter("办理状态(&S)", set()) == ("办理状态(&S)", None)
