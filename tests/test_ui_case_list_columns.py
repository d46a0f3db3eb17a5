"""The case list's header menu (which columns to show, remembered with the window) and the keyboard of its search
box (Down into the results, Escape clears the search)."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.case_list_page import CaseListPage
from workstation.i18n import _

pytestmark = pytest.mark.gui

SECTOR, DISTRICT, STATUS = 3, 4, 5
RESTORE = _("Restore default columns")  # 恢复默认列


def menu_actions(page):
    return {a.text(): a for a in page.column_menu().actions() if a.text()}


def test_the_header_menu_hides_a_column_but_never_the_number_or_the_party(qtbot, read_demo_db):
    page = CaseListPage(read_demo_db)
    qtbot.addWidget(page)
    header = page.table.horizontalHeader()
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    actions = menu_actions(page)
    assert list(actions)[:3] == ["案件编号", "当事人", "案由"]  # in the order the columns are shown
    assert RESTORE in actions
    assert not actions["案件编号"].isEnabled() and not actions["当事人"].isEnabled()
    assert all(a.isChecked() for a in actions.values() if a.isCheckable())
    actions["办理状态"].trigger()  # unchecked: hidden
    assert header.isSectionHidden(STATUS)
    assert not menu_actions(page)["办理状态"].isChecked()
    page.set_column_shown(1, False)  # asked from code too: the party stays
    assert not header.isSectionHidden(1)
    menu_actions(page)["办理状态"].trigger()
    assert not header.isSectionHidden(STATUS)
    assert header.sectionSize(STATUS) >= header.sectionSizeHint(STATUS)


def test_hidden_columns_are_remembered_and_restore_default_columns_shows_them_again(make_window, demo_db):
    window = make_window(demo_db)
    page = window.case_list
    header = page.table.horizontalHeader()
    header.moveSection(header.visualIndex(DISTRICT), 1)
    menu_actions(page)["办理状态"].trigger()
    menu_actions(page)["行业领域"].trigger()
    window.save_geometry()
    window.close()

    again = make_window(demo_db).case_list
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(STATUS) and header.isSectionHidden(SECTOR)
    assert not header.isSectionHidden(DISTRICT)
    menu_actions(again)[RESTORE].trigger()
    assert not any(header.isSectionHidden(c) for c in range(header.count()))
    assert [header.logicalIndex(v) for v in range(header.count())] == [0, 1, 2, 5, 6, 7, 8, 3, 4]


def test_a_saved_state_cannot_hide_the_case_number(qtbot, read_demo_db):
    page = CaseListPage(read_demo_db)
    qtbot.addWidget(page)
    page.table.horizontalHeader().setSectionHidden(0, True)  # as a settings file edited by hand would say
    state, dragged = page.header_state()
    other = CaseListPage(read_demo_db)
    qtbot.addWidget(other)
    assert other.restore_header(state, dragged)
    assert not other.table.horizontalHeader().isSectionHidden(0)


def shown(qtbot, page):
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.search.setFocus()
    qtbot.waitUntil(page.search.hasFocus)
    return page


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_PageDown])
def test_down_from_the_search_box_goes_to_the_first_case_found(qtbot, read_demo_db, key):
    page = shown(qtbot, CaseListPage(read_demo_db))
    qtbot.addWidget(page)
    page.search.insert("佛山")  # typed (keyClicks types ASCII only)
    qtbot.keyClick(page.search, key)  # before the search's pause ran out: it searches first
    assert page.model.case_filter.search == "佛山"
    assert page.table.hasFocus()
    assert page.selected_case_id() == page.model.case_id(0)
    assert "佛山" in page.model.index(0, 1).data() + page.model.index(0, 2).data() + page.model.index(0, 0).data()


def test_escape_clears_the_search_and_a_second_escape_changes_nothing(qtbot, read_demo_db):
    page = shown(qtbot, CaseListPage(read_demo_db))
    qtbot.addWidget(page)
    everything = page.model.total()
    page.search.insert("佛山")  # typed (keyClicks types ASCII only)
    page.apply_filters()
    assert page.model.total() < everything
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert page.model.case_filter.search == "" and page.model.total() == everything
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.model.total() == everything and page.isVisible()
