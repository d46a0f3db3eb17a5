"""Ctrl+Z in 处罚依据与裁量 takes back a tick, a circumstance, the tier and the typing one step each, as in the other
editor dialogs (found by the GUI audit: only the fine's own typing was undone)."""

from PySide6.QtCore import Qt

from tests.test_editors_walkthrough import CTRL, press, type_into
from tests.test_ui_keyboard import active
from ui.case_law import PenaltyChoiceDialog
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"


def test_every_choice_is_a_step_taken_back_by_ctrl_z(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    dialog = active(qtbot, PenaltyChoiceDialog(demo_db, find_case(demo_db, CASE), window.prompts))
    before = (dialog.prior.isChecked(), dialog.tier.currentIndex(), dialog.fine.text(),
              dialog.factors.item(0).checkState())
    dialog.prior.setChecked(not before[0])
    dialog.factors.item(0).setCheckState(Qt.CheckState.Checked if before[3] != Qt.CheckState.Checked
                                         else Qt.CheckState.Unchecked)
    dialog.tier.setCurrentIndex(2 if before[1] != 2 else 0)
    type_into(qtbot, dialog.fine, "5000")
    for _ in range(4):  # the typing, the tier, the circumstance, the tick
        press(qtbot, Qt.Key.Key_Z, CTRL)
    assert (dialog.prior.isChecked(), dialog.tier.currentIndex(), dialog.fine.text(),
            dialog.factors.item(0).checkState()) == before
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert dialog.prior.isChecked() is not before[0] and dialog.tier.currentIndex() == before[1]


def test_the_evidence_dialog_takes_back_the_kind_and_the_typing(db, data_dir, make_case, prompts, qtbot, tmp_path):
    from ui.case_evidence import EvidenceDialog

    sheet = tmp_path / "名单.xlsx"
    sheet.write_bytes(b"PK")
    dialog = active(qtbot, EvidenceDialog(db, data_dir, make_case(), prompts, path=str(sheet)))
    first = dialog.kind.currentIndex()
    dialog.kind.setCurrentIndex(first + 1)
    type_into(qtbot, dialog.source, "office PC")  # (QTest types ASCII only)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the typing
    assert dialog.source.text() == "" and dialog.kind.currentIndex() == first + 1
    press(qtbot, Qt.Key.Key_Z, CTRL)  # then the kind chosen, though the keyboard is in a text box
    assert dialog.kind.currentIndex() == first
