"""The lists of agencies name them the one way (``ui.layouts.agency_item``): a town office indented under its
district bureau, a bureau not; and a list's width counted in Chinese characters (``chinese_width``)."""

from PySide6.QtWidgets import QLabel

from ui.layouts import agency_item, chinese_width
from ui.officers_dialog import UNDER_ROLE, OfficersDialog
from workstation.store import list_agencies


def test_a_town_office_is_indented_under_its_bureau_in_the_officers_agency_list(qtbot, db, prompts):
    dialog = OfficersDialog(db, prompts)
    qtbot.addWidget(dialog)
    agencies = list_agencies(db)
    town = next(a for a in agencies if a.level == "town")
    district = next(a for a in agencies if a.level == "district")
    assert agency_item(town) == "    " + town.name and agency_item(district) == district.name
    assert agency_item(town, town.short_name) == "    " + town.short_name
    # the officers' drop-down indents its open list only (``IndentedAgencies``): closed, it shows no blanks
    texts = [dialog.agency.itemText(row) for row in range(dialog.agency.count())]
    assert texts == [a.name for a in agencies]
    under = [bool(dialog.agency.itemData(row, UNDER_ROLE)) for row in range(dialog.agency.count())]
    assert under == [a.level == "town" for a in agencies]


def test_a_width_in_chinese_characters_follows_the_font(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    assert chinese_width(label, 12) == 12 * label.fontMetrics().horizontalAdvance("国") > 0
