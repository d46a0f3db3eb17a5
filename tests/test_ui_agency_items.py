"""The lists of agencies show them the one way (``ui.layouts.add_agency``): closed, a drop-down reads the chosen
agency's name without leading blanks; open, a town office is indented under its district bureau, a bureau not. And
a list's width counted in Chinese characters (``chinese_width``)."""

import pytest

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QStyleOptionViewItem

from ui.case_dialog import CaseDialog
from ui.case_list_page import CaseListPage
from ui.dashboard import DashboardPage
from ui.first_steps import StationAgencyDialog
from ui.interview_dialog import InterviewDialog
from ui.layouts import UNDER_ROLE, chinese_width
from ui.officers_dialog import OfficersDialog
from ui.publicity_dialog import PublicityDialog
from ui.task_runner import ImmediateRunner
from workstation.store import list_agencies

# each drop-down of agencies: the widget and its combo box, and whether it shows the short names
WIDGETS = {
    "case dialog": (lambda db, data_dir, prompts: CaseDialog(db, prompts), "agency", False),
    "interview dialog": (lambda db, data_dir, prompts: InterviewDialog(db, prompts), "agency", False),
    "publicity dialog": (lambda db, data_dir, prompts: PublicityDialog(db, prompts), "agency", False),
    "officers dialog": (lambda db, data_dir, prompts: OfficersDialog(db, prompts), "agency", False),
    "first steps": (lambda db, data_dir, prompts: StationAgencyDialog(db, data_dir), "agency", False),
    "dashboard filter": (lambda db, data_dir, prompts: DashboardPage(db, data_dir, prompts, ImmediateRunner()),
                         "agency", False),
    "case list filter": (lambda db, data_dir, prompts: CaseListPage(db), "agency_filter", True),
}


def indent_of(combo, row: int) -> int:
    """How far the open list moves row ``row``'s text to the right."""
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 400, 20)
    combo.itemDelegate().initStyleOption(option, combo.model().index(row, 0))
    return option.rect.left()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing|propagateSizeHints)")  # offscreen: the popup
@pytest.mark.parametrize("which", list(WIDGETS))
def test_a_closed_drop_down_names_the_agency_plainly_and_the_open_list_indents_a_town_office(qtbot, db, data_dir,
                                                                                             prompts, which):
    make, attribute, short = WIDGETS[which]
    widget = make(db, data_dir, prompts)
    qtbot.addWidget(widget)
    combo = getattr(widget, attribute)
    agencies = [a for a in list_agencies(db) if combo.findData(a.id) >= 0 and a.level != "city"]
    town = next(a for a in agencies if a.level == "town")
    district = next(a for a in agencies if a.level == "district")
    for agency in (town, district):
        row = combo.findData(agency.id)
        combo.setCurrentIndex(row)
        shown = (agency.short_name or agency.name) if short else agency.name
        assert combo.currentText() == shown  # no tree blanks in the closed drop-down
        assert bool(combo.itemData(row, UNDER_ROLE)) == (agency is town)
    # open, the town office stands two characters in from its bureau
    assert indent_of(combo, combo.findData(town.id)) == chinese_width(combo, 2) > 0
    assert indent_of(combo, combo.findData(district.id)) == 0
    assert not any(combo.itemText(row).startswith(" ") for row in range(combo.count()))
    # and the open list is wide enough for the widest name with its indent (no name cut to "…"): fitted once the
    # event loop runs after the agencies were added, to the widest of the whole list
    qtbot.waitUntil(lambda: not combo.property("agency_list_fit_waiting"))
    view = combo.view()
    bar = view.verticalScrollBar().sizeHint().width() if combo.count() > combo.maxVisibleItems() else 0
    assert view.minimumWidth() == view.sizeHintForColumn(0) + 2 * view.frameWidth() + bar
    widget.show()
    combo.showPopup()
    try:
        assert combo.view().viewport().width() >= combo.view().sizeHintForColumn(0) > chinese_width(combo, 2)
    finally:
        combo.hidePopup()


def test_the_dashboard_does_not_indent_the_city_bureau_s_own_records(qtbot, db, data_dir, prompts):
    page = DashboardPage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    city = next((a for a in list_agencies(db) if a.level == "city"), None)
    if city is None:
        pytest.skip("no city bureau in the register")
    row = page.agency.findData(city.id)
    assert row > 0 and indent_of(page.agency, row) == 0  # its own role (OWN_ROLE) is not taken for a town's


def test_a_width_in_chinese_characters_follows_the_font(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    assert chinese_width(label, 12) == 12 * label.fontMetrics().horizontalAdvance("国") > 0
