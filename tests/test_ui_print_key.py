"""Ctrl+P in the main window prints what the page shown has to print: on a case's tab its case file (its
打印卷宗PDF…), on 统计 the progress report; where the page has nothing to print, the status bar says what Ctrl+P
prints and where, instead of doing nothing."""

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton

from tests.test_ui_keyboard import active
from ui.report_dialog import CampaignReportDialog
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕1号"


def ctrl_p(qtbot, window) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_p_on_a_case_tab_saves_its_case_file(demo_db, data_dir, make_window, prompts, qtbot, tmp_path):
    case = find_case(demo_db, CASE)
    issue_document(demo_db, data_dir, case, find_form("case_source_register"), {})
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    workspace = window.open_case(case.id)
    assert workspace.documents.findChild(QPushButton, "casefile").toolTip().endswith("(Ctrl+P)")
    target = tmp_path / "卷宗.pdf"
    prompts.files.append(str(target))
    ctrl_p(qtbot, window)
    assert prompts.errors == []
    assert target.read_bytes().startswith(b"%PDF")
    assert window.statusBar().currentMessage() == ""


def test_ctrl_p_where_nothing_prints_says_what_prints_and_where(demo_db, make_window, prompts, qtbot, english):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(1)  # the leads page
    ctrl_p(qtbot, window)
    said = window.statusBar().currentMessage()  # short enough for the bar at 1,024 px (session 55)
    assert said == ("This page has nothing to print. Ctrl+P prints on the Deadlines tab, an open case's tab, the "
                    "Statistics page and in a document's editor.")
    # the whole guidance is its tooltip
    assert window.statusBar().toolTip() == (
        "This page has nothing to print. Ctrl+P prints the list of deadlines shown on the Deadlines tab, the case "
        "file on an open case's tab (Case file PDF), the progress report on the Statistics page, and a document in "
        "its editor (Write in the case's Documents).")
    assert prompts.files == [] and prompts.errors == []
    window.go_to_page(2)  # the interviews page
    window.statusBar().clearMessage()
    ctrl_p(qtbot, window)
    assert window.statusBar().currentMessage() == said


def test_ctrl_p_prints_the_report_on_the_statistics_page_wherever_the_focus_is(demo_db, make_window, prompts,
                                                                             qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(4)
    window.navigation.setFocus()  # the navigation list, outside the page
    opened = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        opened.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    ctrl_p(qtbot, window)
    assert len(opened) == 1 and isinstance(opened[0], CampaignReportDialog)


def test_the_file_menu_names_the_key(demo_db, make_window):
    window = make_window(demo_db)
    window.fill_menus()
    action = window.findChild(QAction, "print")
    assert QKeySequence("Ctrl+P") in action.shortcuts() and action.toolTip().endswith("(Ctrl+P)")
