"""Headquarters' analyst pressing Cancel while the campaign report is written: the window says the report was
cancelled and what that left (no file, no frozen period) as a notice, not as an error, and nothing is written."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.task_runner import ImmediateRunner
from workstation.i18n import _
from workstation.reports.campaign import list_periods

pytestmark = pytest.mark.gui


def _print(page, freeze: str = "") -> None:
    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.choose_path()
        if freeze:
            dialog.freeze.setChecked(True)
            dialog.freeze_label.setText(freeze)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    page.print_report()


@pytest.mark.parametrize("freeze", ["", "2026年第一季度"])
def test_cancelling_the_report_is_a_notice_and_writes_nothing(demo_db, make_window, prompts, tmp_path, freeze):
    runner = ImmediateRunner()
    window = make_window(demo_db, runner=runner)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    target = tmp_path / "通报.pdf"
    prompts.files.append(str(target))
    runner.cancel_token.cancel()  # the Cancel of the progress dialog, pressed while the figures were collected
    _print(page, freeze)
    assert prompts.errors == []
    expected = (_("The campaign report was cancelled: no file was written and the period was not frozen.") if freeze
                else _("The campaign report was cancelled: no file was written."))
    assert prompts.infos == [expected]
    assert not target.exists() and list(tmp_path.glob("通报*")) == []
    assert list_periods(demo_db) == []
