"""Ctrl+Z in 处罚依据与裁量 brings back the norm chosen with the tick it was chosen under (a drop-down is remembered
by what it holds, not by its row, and put back after the tick that rebuilds its list), and Ctrl+F on the leads page
finds in the tab shown (found by the undo audit)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialog, QVBoxLayout

from tests.test_editors_walkthrough import CTRL, press
from tests.test_ui_keyboard import active
from ui.case_law import PenaltyChoiceDialog
from ui.dialog_undo import FieldsHistory
from workstation.store import find_case

CASE = "佛三市监立〔2026〕3号"  # an intermediary's case: ticking 涉及中介 brings the 消费者权益 norms
NORM = "consumer_measures_15"


def _shown(dialog) -> tuple:
    return dialog.conditions["intermediary"].isChecked(), dialog.norm.currentData()


def test_undoing_the_untick_brings_back_the_norm_chosen_under_the_tick(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    dialog = active(qtbot, PenaltyChoiceDialog(demo_db, find_case(demo_db, CASE), window.prompts))
    intermediary = dialog.conditions["intermediary"]
    assert not intermediary.isChecked() and dialog.norm.findData(NORM) == -1  # the norm comes with the tick
    intermediary.setChecked(True)
    dialog.norm.setCurrentIndex(dialog.norm.findData(NORM))
    intermediary.setChecked(False)  # the norm goes with it: the default shown
    assert _shown(dialog) == (False, "")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _shown(dialog) == (True, NORM)
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert _shown(dialog) == (False, "")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _shown(dialog) == (True, NORM)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the choice
    assert _shown(dialog) == (True, "")
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the tick
    assert _shown(dialog) == (False, "")
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Y, CTRL)
    assert _shown(dialog) == (False, "")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _shown(dialog) == (True, NORM)


def test_a_norm_chosen_before_the_tick_is_found_again_in_the_list_rebuilt(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    dialog = active(qtbot, PenaltyChoiceDialog(demo_db, find_case(demo_db, CASE), window.prompts))
    chosen = dialog.norm.itemData(dialog.norm.count() - 1)
    dialog.norm.setCurrentIndex(dialog.norm.count() - 1)
    dialog.conditions["intermediary"].setChecked(True)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _shown(dialog) == (False, chosen)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _shown(dialog) == (False, "")
    press(qtbot, Qt.Key.Key_Y, CTRL)
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert _shown(dialog) == (True, chosen)


def test_a_drop_down_is_put_back_by_what_it_held_though_its_rows_moved(qtbot):
    """A generic dialog: the combo comes first in its fields, the tick that rebuilds it after; the choice is
    remembered by its data, the row it held then being another's now."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    more = QCheckBox("more")
    combo = QComboBox()
    layout = QVBoxLayout(dialog)
    layout.addWidget(more)
    layout.addWidget(combo)

    def refill() -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for key in (["x", "a", "y"] if more.isChecked() else []) + ["a", "b"]:
            if combo.findData(key) == -1:
                combo.addItem(key.upper(), key)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    refill()
    more.toggled.connect(refill)
    history = FieldsHistory(dialog, {"combo": combo, "more": more}, "generic")
    combo.setCurrentIndex(combo.findData("b"))  # row 1
    more.setChecked(True)  # b now row 3
    combo.setCurrentIndex(combo.findData("y"))  # row 2
    more.setChecked(False)  # y gone: row 0, a
    assert combo.currentData() == "a"
    history.stack.undo()
    assert (more.isChecked(), combo.currentData()) == (True, "y")
    history.stack.undo()
    assert (more.isChecked(), combo.currentData()) == (True, "b")
    history.stack.undo()
    assert (more.isChecked(), combo.currentData()) == (False, "b")
    history.stack.undo()
    assert (more.isChecked(), combo.currentData()) == (False, "a")


def test_ctrl_f_on_the_lead_worklist_finds_in_the_leads(qtbot, make_window, demo_db):
    window = active(qtbot, make_window(demo_db))
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    assert page.tabs.currentIndex() == 0  # the lead worklist
    window.focus_search()
    assert page.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.lead_search)
    page.tabs.setCurrentWidget(page.search_tab)  # the complaints by keyword: their own search
    page.complaint_view.setFocus()
    window.focus_search()
    assert page.tabs.currentWidget() is page.search_tab
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)
