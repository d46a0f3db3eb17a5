"""Esc, Cancel and the close button of the dialogs that gather choices rather than fields — the complaint import
opened from the leads page, the bundle export, the printed report — ask before dropping what the officer chose,
and close at once when nothing was chosen."""

import sys
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.bundle_dialogs import ExportDialog
from ui.complaint_import import ComplaintImportDialog
from ui.report_dialog import CampaignReportDialog
from workstation.i18n import _

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

pytestmark = pytest.mark.gui


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_import_opened_from_the_leads_page_asks_before_dropping_the_files_added(db, prompts, qtbot, make_window,
                                                                                     tmp_path):
    hotline = tmp_path / "12345工单.xlsx"
    make_complaints.write_hotline_xlsx(hotline, 20, seed=7, answers=False)
    page = make_window(db).leads_page
    seen = {}

    def in_the_dialog():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ComplaintImportDialog)
        dialog.add_file(str(hotline))
        column = dialog.columns["complainant"]
        column.setCurrentIndex(0)
        column.activated.emit(0)  # the officer sets a column to "(none)"
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        seen["kept"] = (dialog.isVisible(), dialog.paths == [str(hotline)], dialog.plan()[0][2].get("complainant", ""))
        prompts.confirm_answer = True
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, in_the_dialog)
    page.buttons["import_complaints"].click()
    assert seen["kept"] == (True, True, None)  # still open, with the file and the column choice
    assert prompts.confirmations == [_("Discard the changes you made?")] * 2  # on Esc, then on Cancel
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0  # dropped on the officer's word


def test_the_import_closes_without_asking_when_nothing_is_left_chosen(db, prompts, qtbot, tmp_path):
    dialog = shown(qtbot, ComplaintImportDialog(db, prompts))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []

    council = tmp_path / "消委会投诉.csv"
    make_complaints.write_council_csv(council, 10, seed=7, encoding="gb18030", answers=False)
    dialog = shown(qtbot, ComplaintImportDialog(db, prompts))
    dialog.add_file(str(council))
    dialog.files.setCurrentRow(0)
    dialog.remove_file()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []


def test_cases_ticked_for_a_bundle_are_dropped_only_when_the_officer_says_so(demo_db, prompts, qtbot):
    dialog = shown(qtbot, ExportDialog(demo_db, prompts, "南海区局", None, None))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []  # untouched: closes at once

    dialog = shown(qtbot, ExportDialog(demo_db, prompts, "南海区局", None, None))
    dialog.scope_cases.setChecked(True)
    dialog.cases.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.cases.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(dialog.chosen) == 2 and dialog.chosen_label.text() == _(
        "{n} cases chosen").format(n=2)
    assert prompts.confirmations == [_("Discard the changes you made?")]
    dialog.close()  # the window's close button asks as well
    assert dialog.isVisible() and len(prompts.confirmations) == 2
    prompts.confirm_answer = True
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()


def test_a_ticked_case_unticked_again_closes_without_asking(demo_db, prompts, qtbot):
    dialog = shown(qtbot, ExportDialog(demo_db, prompts, "南海区局", None, None))
    dialog.scope_cases.setChecked(True)
    dialog.cases.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.cases.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.scope_changed.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []


@pytest.mark.parametrize("choice", ["path", "label"])
def test_the_report_dialog_keeps_a_file_or_label_typed_unless_discarded(demo_db, prompts, qtbot, tmp_path, choice):
    dialog = shown(qtbot, CampaignReportDialog(demo_db, prompts, (None, None, None), "整个专项行动"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []

    dialog = shown(qtbot, CampaignReportDialog(demo_db, prompts, (None, None, None), "整个专项行动"))
    if choice == "path":
        dialog.path.setText(str(tmp_path / "通报.pdf"))
    else:
        dialog.freeze.setChecked(True)
        dialog.freeze_label.setText("2026年第一季度")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and prompts.confirmations == [_("Discard the changes you made?")]
    assert dialog.path.text() == (str(tmp_path / "通报.pdf") if choice == "path" else "")
    assert dialog.freeze_label.text() == ("" if choice == "path" else "2026年第一季度")
    prompts.confirm_answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
