"""The case list as an officer uses it: every column header whole, room for the search box beside the filters, and
the case edited from the list still selected afterwards."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.test_ui_cases import when_modal
from ui.case_dialog import CaseDialog
from ui.layouts import UNDER_ROLE
from workstation.store import list_agencies

pytestmark = pytest.mark.gui


def test_no_column_header_of_the_case_list_is_cut_off(make_window, demo_db):
    page = make_window(demo_db).case_list
    header = page.table.horizontalHeader()
    assert header.model().headerData(7, Qt.Orientation.Horizontal) == "涉案信息（条）"
    for column in range(header.count() - 1):  # the last one stretches to the table's edge
        assert page.table.columnWidth(column) >= header.sectionSizeHint(column), column


def test_the_agency_filter_names_agencies_short_and_leaves_the_search_box_room(make_window, demo_db):
    window = make_window(demo_db)
    window.resize(1024, 700)
    window.show()
    window.case_tabs.setCurrentWidget(window.case_list)
    QApplication.processEvents()
    page = window.case_list
    # the search box keeps room for its hint in a 1,024-pixel window (it had 43 pixels beside the widest full name)
    assert page.search.width() >= page.search.fontMetrics().horizontalAdvance("搜索当事人名称或案件")
    agencies = {a.id: a for a in list_agencies(demo_db)}
    combo = page.agency_filter
    for row in range(1, combo.count()):
        agency = agencies[combo.itemData(row)]
        # the short name without tree blanks; a town office indented under its bureau in the open list only
        assert combo.itemText(row) == agency.short_name
        assert bool(combo.itemData(row, UNDER_ROLE)) == (agency.level == "town")
        assert combo.itemData(row, Qt.ItemDataRole.ToolTipRole) == agency.name
    nanhai = next(a for a in agencies.values() if a.short_name == "南海区局")
    combo.setCurrentIndex(combo.findData(nanhai.id))
    assert page.model.rowCount() == 9


def test_the_case_edited_from_the_list_stays_selected_with_its_new_cause(make_window, demo_db):
    window = make_window(demo_db)
    page = window.case_list
    window.case_tabs.setCurrentWidget(page)  # Ctrl+E edits the list's selection while the list is shown (s58)
    page.table.selectRow(20)
    case_id = page.selected_case_id()

    def recause(dialog):
        dialog.cause.setText("改过案由的测试案")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    timer = when_modal(CaseDialog, recause)
    window.edit_current_case()  # Ctrl+E on the list
    timer.stop()
    assert page.selected_case_id() == case_id  # Ctrl+E or Enter again acts on the same case
    assert page.table.currentIndex().row() == 20
    assert page.model.index(20, 2).data() == "改过案由的测试案"


def test_the_search_box_says_it_finds_the_cause_too(make_window, demo_db, english):
    page = make_window(demo_db).case_list
    assert page.search.placeholderText() == "Party, number or cause"  # short: whole in a 1,024-pixel window
    assert "Search party name, case number or cause" in page.search.toolTip()
    page.search.setText("非法提供")  # words of causes only, in no party's name
    page.apply_filters()
    assert page.model.rowCount() > 0
    assert all("非法提供" in page.model.index(row, 2).data() for row in range(page.model.rowCount()))
