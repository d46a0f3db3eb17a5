"""The window's menus as an officer with the keyboard finds them: every item reads in Chinese and has its letter
(Alt+F, then the letter) or a key, the common keys do what they do elsewhere (Ctrl+N, Ctrl+F, F5, Ctrl+S and Ctrl+P
in the document editor, Ctrl+P for the statistics page's report, F1 for 关于), no key is bound twice where both
bindings could answer it (Qt then runs neither), and an action that is greyed out says why."""

import re

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.test_ui_keyboard import active
from ui import refused_action
from ui.layouts import plain_label
from ui.report_dialog import CampaignReportDialog
from workstation.documents.drafts import find_form
from workstation.i18n import _
from workstation.leads_workflow import decide_lead
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def everything_built(window, demo_db):
    """The window with its menus, every page, the case list and a case's workspace built, and a document editor
    open on the case (a window of its own); returns the editor, to be shut down by the test."""
    window.fill_menus()
    for row in range(1, 6):
        window.page(row)
    assert window.case_list is not None
    case = find_case(demo_db, CASE)
    window.open_case(case.id)
    return window.open_editor(case, find_form("inquiry_record"))


def bindings(root: QWidget) -> list[tuple[str, QKeySequence, QWidget, bool]]:
    """(name, key, widget, window-wide) of every key bound under ``root``, by actions and by shortcuts: a
    window-wide binding answers anywhere in its widget's window, the others within their widget."""
    found = []
    for action in root.findChildren(QAction):
        owner = action.parent()
        if isinstance(owner, QWidget):
            wide = action.shortcutContext() in WINDOW_WIDE
            found += [(action.objectName() or action.text(), key, owner, wide) for key in action.shortcuts()]
    for shortcut in root.findChildren(QShortcut):
        if shortcut.objectName() == refused_action.KEY_NAME:  # its action's key, alive only while the action is not
            continue
        wide = shortcut.context() in WINDOW_WIDE
        found += [(shortcut.objectName() or "shortcut", key, shortcut.parent(), wide) for key in shortcut.keys()]
    return found


def clashes(found) -> list[str]:
    """Pairs of bindings of one key that can both answer it: in one window, and one of them window-wide or the
    widget of one holding the other's."""
    clashing = []
    for n, (name, key, widget, wide) in enumerate(found):
        for other, other_key, other_widget, other_wide in found[n + 1:]:
            if key != other_key or widget.window() is not other_widget.window():
                continue
            nested = widget is other_widget or widget.isAncestorOf(other_widget) or other_widget.isAncestorOf(widget)
            if wide or other_wide or nested:
                clashing.append(f"{key.toString()}: {name} / {other}")
    return clashing


def test_no_key_is_bound_twice_in_the_window_its_pages_or_the_document_editor(demo_db, make_window):
    window = make_window(demo_db)
    editor = everything_built(window, demo_db)
    try:
        found = bindings(window)
        assert editor.window() is not window and any(w.window() is editor for _n, _k, w, _w in found)
        assert clashes(found) == []
    finally:
        editor.shutdown()


def test_the_clash_check_finds_a_key_bound_twice(demo_db, make_window):
    window = make_window(demo_db)
    window.fill_menus()
    page = window.page(4)
    twice = QAction("again", page)
    twice.setShortcut(QKeySequence("Ctrl+D"))  # the window's 期限
    page.addAction(twice)
    assert [c for c in clashes(bindings(window)) if c.startswith("Ctrl+D:")] in (
        ["Ctrl+D: deadlines / again"], ["Ctrl+D: again / deadlines"])


def test_every_menu_item_reads_in_chinese_and_has_its_letter_or_a_key(demo_db, make_window):
    window = make_window(demo_db)
    window.fill_menus()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert CHINESE.search(menu.title()) and "&" in menu.title()
        letters = []
        for item in (a for a in menu.actions() if not a.isSeparator()):
            assert CHINESE.search(item.text()), item.text()
            letter = re.search(r"&(\w)", item.text())
            assert letter or item.shortcuts(), item.text()
            letters += [letter.group(1).upper()] if letter else []
            assert "&" not in item.toolTip() and "(" + (letter.group(1) if letter else "") + ")" not in item.toolTip()
        assert len(letters) == len(set(letters)), menu.title()  # one letter, one item


@pytest.mark.parametrize(("name", "key"), [("new_case", "Ctrl+N"), ("find", "Ctrl+F"), ("refresh", "F5"),
                                           ("about", "F1"), ("import_register", "Ctrl+I")])
def test_the_common_keys_are_bound_as_elsewhere(demo_db, make_window, name, key):
    window = make_window(demo_db)
    window.fill_menus()
    action = window.findChild(QAction, name)
    assert QKeySequence(key) in action.shortcuts() and action.toolTip().endswith(f"({key})")


def test_the_document_editor_saves_with_ctrl_s_and_prints_with_ctrl_p(demo_db, make_window):
    window = make_window(demo_db)
    editor = window.open_editor(find_case(demo_db, CASE), find_form("inquiry_record"))
    try:
        assert QKeySequence("Ctrl+S") in editor.save_action.shortcuts()
        assert QKeySequence("Ctrl+P") in editor.print_action.shortcuts()
    finally:
        editor.shutdown()


def test_f1_tells_about_the_workstation(demo_db, make_window, prompts, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    assert len(prompts.infos) == 1 and str(window.data_dir) in prompts.infos[0]


def test_ctrl_p_on_the_statistics_page_opens_the_report_dialog_and_cancel_closes_it(demo_db, make_window, prompts,
                                                                                    qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    window.go_to_page(4)
    page = window.stats_page
    assert page.report_button.toolTip().endswith("(Ctrl+P)")
    opened = []

    def close_it():
        dialog = QApplication.activeModalWidget()
        opened.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and isinstance(opened[0], CampaignReportDialog)
    assert prompts.errors == [] and prompts.infos == []  # cancelled before a file was chosen: nothing written


def test_greyed_out_actions_say_why(demo_db, make_window, prompts):
    window = make_window(demo_db)
    editor = everything_built(window, demo_db)
    try:
        page = window.stats_page
        page.whole.setChecked(False)
        page.date_from.setDate(page.date_to.date().addDays(1))  # a period that ends before it begins
        disabled = [a for a in window.findChildren(QAction) if a.text() and not a.isEnabled()]
        assert page.print_action in disabled
        for action in disabled:
            assert action.toolTip() and action.toolTip() != plain_label(action.text()), action.objectName()
        assert page.print_action.toolTip() == page.period_refusal()
    finally:
        editor.shutdown()


def test_ctrl_e_without_a_case_says_what_to_do(demo_db, make_window, prompts, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert prompts.infos == []  # said in the status bar, as Ctrl+W says it (s58)
    assert window.statusBar().currentMessage() == _("Edit case edits the case shown: show an open case's tab, or "
                                                    "select a case in the case list, then edit it.")


def test_greyed_out_buttons_of_the_pages_say_what_to_do_first(demo_db, make_window):
    window = make_window(demo_db)
    for row in range(1, 6):
        window.page(row)
    greyed = [b for b in window.findChildren(QAbstractButton) if b.text() and not b.isEnabled()]
    assert {b.objectName() for b in greyed} >= {"assign", "file", "open_case", "edit_interview", "write",
                                                "edit_publicity", "undo_delete", "keep_local"}
    for button in greyed:
        assert button.toolTip(), button.objectName()
    leads = window.leads_page
    assert leads.buttons["assign"].toolTip() == _("Select a lead first.")
    first, second = (r["id"] for r in leads.model.records[:2])
    decide_lead(demo_db, first, "not_file", on="2026-11-30", reason="经核查不属于本局管辖")
    leads.refresh()
    leads.select(first)
    assert not leads.buttons["file"].isEnabled()
    assert leads.buttons["file"].toolTip() == _("The lead is {status}: only a registered or assigned lead can still be "
                                                "assigned, extended, filed or referred.").format(status="不予立案")
    assert leads.buttons["open_case"].toolTip() == _("No case was filed from this lead.")
    leads.select(second)
    assert leads.buttons["file"].isEnabled() and leads.buttons["file"].toolTip() == ""  # its own tip again
