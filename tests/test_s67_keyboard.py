"""Session 67's keyboard audit: the buttons, option buttons and filter boxes of the case tab, the 备份 and 导出案卷包
dialogs, the 文书 page's register, the deadline board's calendar note and the document editor each answer to an Alt
letter of their own (none of the window's menus nor, on the case tab, a procedure action's), and Ctrl+2 puts the
keyboard in the lead list."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QRadioButton,
)

from tests.test_ui_keyboard import active
from ui.access_keys import ACTION_LETTERS, letter_of
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"
MENUS = set("FCGH")


def shown_letters(root, leave_out=()) -> list[tuple[str, str]]:
    """(letter, text) of every button and buddy label shown inside ``root``."""
    found = []
    for child in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        if child in leave_out or not child.isVisible():
            continue
        if isinstance(child, QLabel) and child.buddy() is None:
            continue
        letter = letter_of(child.text())
        if letter:
            found.append((letter, child.text()))
    return found


def check_letters(root, taken: set[str], leave_out=(), combos=()) -> set[str]:
    """Every push or option button shown in ``root`` (but ``leave_out``) and every combo box of ``combos`` has an Alt
    letter, none in ``taken`` and no two the same; the letters."""
    missing = [b.objectName() or b.text() for b in root.findChildren(QAbstractButton)
               if isinstance(b, (QPushButton, QRadioButton)) and b.isVisible() and b.text() and b not in leave_out
               and not letter_of(b.text())]
    assert missing == []
    for combo in combos:
        labels = [label for label in root.findChildren(QLabel) if label.buddy() is combo and label.isVisible()]
        assert labels and letter_of(labels[0].text()), combo.objectName()
    letters = shown_letters(root)  # the procedure actions' too: none the same as another's
    seen = [letter for letter, _text in letters]
    assert len(seen) == len(set(seen)), sorted(letters)
    own = shown_letters(root, leave_out)
    assert not {letter for letter, _text in own} & taken, sorted(own)
    return set(seen)


def alt(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def case_tab(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.open_case(find_case(demo_db, CASE).id)
    qtbot.wait(50)
    return window.case_tabs.currentWidget()


def test_the_case_tab_gives_every_button_a_letter_no_menu_nor_procedure_action_takes(case_tab):
    from ui.case_workspace import WINDOW_LETTERS

    ws = case_tab
    actions = [ws.edit_button, *ws.action_buttons.values()]
    law = ws.law.findChild(QPushButton, "penalty_choice")  # ui/case_law.py's, given its letter there
    check_letters(ws.body, WINDOW_LETTERS | set(ACTION_LETTERS.values()),
                  leave_out=[*actions, law], combos=[ws.documents.form_choice])


def test_alt_m_on_the_case_tab_puts_the_keyboard_in_the_document_chooser_and_alt_z_offers_the_undo(case_tab, qtbot):
    ws = case_tab
    ws.focus_first()
    alt(qtbot, Qt.Key.Key_M)
    assert QApplication.focusWidget() is ws.documents.form_choice
    for name, key in (("write", Qt.Key.Key_1), ("issue", Qt.Key.Key_4), ("remove_clock_event", Qt.Key.Key_9)):
        button = ws.body.findChild(QPushButton, name)
        pressed = []
        button.clicked.disconnect()
        button.clicked.connect(lambda _checked=False, n=name, p=pressed: p.append(n))
        alt(qtbot, key)
        qtbot.waitUntil(lambda n=name, p=pressed: p == [n])


def test_the_backup_dialog_gives_every_button_a_letter(demo_db, make_window, qtbot):
    from ui.backup_dialogs import BackupDialog

    window = make_window(demo_db)
    dialog = active(qtbot, BackupDialog(window, window))
    letters = check_letters(dialog, set())
    assert {"B", "R"} <= letters
    pressed = []
    dialog.buttons["check"].clicked.disconnect()
    dialog.buttons["check"].clicked.connect(lambda: pressed.append("check"))
    alt(qtbot, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: pressed == ["check"])
    dialog.reject()


def test_the_export_dialog_gives_its_scopes_choose_and_export_letters(demo_db, prompts, qtbot):
    from ui.bundle_dialogs import ExportDialog

    dialog = active(qtbot, ExportDialog(demo_db, prompts, "南海区局", None, None))
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)  # Esc
    check_letters(dialog, set(), leave_out=[cancel])
    alt(qtbot, Qt.Key.Key_E)
    qtbot.waitUntil(dialog.scope_all.isChecked)
    alt(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(dialog.scope_cases.isChecked)
    dialog.reject()


def test_the_register_labels_its_filters_and_export_with_letters(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(3)
    page = window.stack.currentWidget()
    register = page.register
    check_letters(page, MENUS | {"D", "L"},
                  combos=[register.state, register.year, register.form, register.agency])
    alt(qtbot, Qt.Key.Key_Y)
    assert QApplication.focusWidget() is register.year


def test_the_board_gives_the_calendar_note_buttons_their_menu_letters(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    board = window.board
    table = board.table
    table.note_actions.setVisible(True)
    board.problems_actions.setVisible(True)
    letters = {b.objectName(): letter_of(b.text()) for b in (table.new_file_button, table.import_button,
                                                               table.folder_button)}
    assert letters == {"new_calendar_file": "N", "import_calendar": "I", "open_calendar_folder": "M"}
    check_letters(board, MENUS | {"D", "L"})


def test_the_editor_gives_now_next_question_and_the_pickers_letters(demo_db, opened):
    case = find_case(demo_db, CASE)
    for form in ("inquiry_record", "penalty_decision", "site_record"):
        editor = opened(demo_db, form, case)
        editor.show()
        menus = {letter_of(a.text()) for a in editor.menuBar().actions()}
        check_letters(editor.centralWidget(), menus)
    qa = opened(demo_db, "inquiry_record", case).findChild(QPushButton, "qa_add")
    assert letter_of(qa.text()) == "Q"


def test_ctrl_2_puts_the_keyboard_in_the_lead_list(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.leads_page.view)


def test_a_combo_with_no_label_fails_the_check(qtbot):
    # the check itself can fail
    from PySide6.QtWidgets import QWidget

    root = QWidget()
    qtbot.addWidget(root)
    combo = QComboBox(root)
    root.show()
    with pytest.raises(AssertionError):
        check_letters(root, set(), combos=[combo])
