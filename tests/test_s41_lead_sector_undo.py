# ruff: noqa: F811 - the station_db fixture imported from test_hand_lead_sector is used by name
"""Ctrl+Z in the lead dialog takes back a sector the officer picked, as it takes back typing and the other choices:
the sector suggested before comes back, suggested again (it follows the description once more), and the redo keys
pick it again. The sector was left out of the dialog's undo history: Ctrl+Z skipped the pick and took back the typing
before it."""

import pytest

from PySide6.QtCore import Qt

from tests.test_hand_lead_sector import DECORATORS, HOUSES, station_db  # noqa: F401 - the fixture used by name
from ui.lead_dialog import LeadDialog
from workstation.i18n import _

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def opened(db, prompts, qtbot) -> LeadDialog:
    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # the undo keys are the dialog's shortcuts
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.source.setCurrentIndex(dialog.source.findData("report"))
    return dialog


def test_ctrl_z_takes_back_a_sector_picked_and_it_follows_the_description_again(station_db, prompts, qtbot):
    dialog = opened(station_db, prompts, qtbot)
    dialog.description.setPlainText(HOUSES)
    dialog.complainant_phone.setFocus()
    qtbot.keyClicks(dialog.complainant_phone, "13900002222")
    assert dialog.sector.currentData() == "real_estate"  # suggested
    dialog.sector.setFocus()
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Down)  # the officer picks the next one: 教育培训
    assert (dialog.sector.currentData(), dialog.sector_chosen) == ("education", True)
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Z, CTRL)
    assert (dialog.sector.currentData(), dialog.sector_chosen) == ("real_estate", False)
    assert dialog.sector_note.text() == _("Suggested from the description: choose another if it is wrong.")
    assert dialog.complainant_phone.text() == "13900002222"  # the typing before the pick stays
    dialog.description.setPlainText(DECORATORS)
    assert dialog.sector.currentData() == "decoration"  # suggested again: it follows the description
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Z, CTRL)
    assert (dialog.description.toPlainText(), dialog.sector.currentData()) == (HOUSES, "real_estate")


def test_the_redo_keys_pick_the_sector_again(station_db, prompts, qtbot):
    dialog = opened(station_db, prompts, qtbot)
    dialog.description.setPlainText(HOUSES)
    dialog.sector.setFocus()
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Z, CTRL)
    assert (dialog.sector.currentData(), dialog.sector_chosen) == ("real_estate", False)
    qtbot.keyClick(dialog.sector, Qt.Key.Key_Y, CTRL)
    assert (dialog.sector.currentData(), dialog.sector_chosen) == ("education", True)
    assert dialog.sector_note.text() == _("Chosen: a corrected description does not change it.")
    dialog.description.setPlainText(DECORATORS)
    assert dialog.sector.currentData() == "education"  # chosen: the description no longer moves it
    dialog.save()
    assert dialog.saved.sector == "education"
