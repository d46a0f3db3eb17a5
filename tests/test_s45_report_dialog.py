"""The campaign report's dialog writes where the officer means and says what it did: a file typed that exists is
replaced only when the officer says so (a read-only one not at all), a name typed without its folder is placed in the
save dialog, a dot in the name is part of it; a Cancel pressed once the report was being written is said too late, and
the period frozen is named; a file another program holds open is said so, the dialog shown again with the choices
made; the name offered carries the agency and the period, as the statistics export's does."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.report_dialog import CampaignReportDialog
from ui.task_runner import ImmediateRunner
from workstation.errors import os_reason, with_advice
from workstation.i18n import _
from workstation.reports.campaign import list_periods
from workstation.stats_export import unit_words
from workstation.store import agency_id_for_code


@pytest.fixture
def page(demo_db, make_window):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    return window.stats_page


def _print(page, fill) -> None:
    """Open the report's dialog, ``fill(dialog)`` it, press Print; a dialog still open afterwards is closed."""
    def go():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CampaignReportDialog)
        fill(dialog)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        if dialog.isVisible():  # refused or not confirmed: the dialog stays, as the officer left it
            go.still_open = dialog.typed()
            dialog.done(0)

    go.still_open = None
    QTimer.singleShot(0, go)
    page.print_report()
    return go.still_open


def test_a_dot_in_the_name_is_part_of_it_and_a_format_s_extension_is_replaced(demo_db, prompts, qtbot):
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "")
    qtbot.addWidget(dialog)
    dialog.path.setText("/tmp/x/佛山市专项行动通报（2026.1-6月）")
    assert dialog.request()["out_path"] == "/tmp/x/佛山市专项行动通报（2026.1-6月）.pdf"
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    assert dialog.path.text() == "/tmp/x/佛山市专项行动通报（2026.1-6月）.docx"
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.request()["out_path"] == "/tmp/x/佛山市专项行动通报（2026.1-6月）.xlsx"
    dialog.path.setText("/tmp/x/通报.2026年第一季度")
    assert dialog.request()["out_path"] == "/tmp/x/通报.2026年第一季度.xlsx"


def test_an_existing_file_typed_is_replaced_only_when_the_officer_says_so(page, prompts, tmp_path):
    target = tmp_path / "通报.pdf"
    target.write_text("another report")
    prompts.confirm_answer = False
    kept = _print(page, lambda dialog: dialog.path.setText(str(target)))
    assert str(target) in prompts.confirmations[-1] and target.read_text() == "another report"
    assert kept is not None and kept[1] == str(target)  # the dialog stayed open with the file typed
    assert prompts.infos == [] and prompts.errors == []

    prompts.confirm_answer = True
    _print(page, lambda dialog: dialog.path.setText(str(target)))
    assert target.read_bytes().startswith(b"%PDF") and prompts.errors == []
    assert str(target) in prompts.infos[-1]


def test_a_read_only_file_is_refused_and_kept(page, prompts, tmp_path):
    target = tmp_path / "通报.pdf"
    target.write_text("sent already")
    target.chmod(0o444)
    prompts.confirm_answer = True
    kept = _print(page, lambda dialog: dialog.path.setText(str(target)))
    assert kept is not None and len(prompts.errors) == 1 and str(target) in prompts.errors[0]
    assert target.read_text() == "sent already" and not target.stat().st_mode & stat.S_IWUSR
    assert prompts.infos == []


def test_a_name_without_its_folder_is_placed_in_the_save_dialog(page, prompts, tmp_path, monkeypatch):
    asked = []

    def save_file(parent, title, name, filters):
        asked.append(name)
        return str(tmp_path / "通报.pdf")

    monkeypatch.setattr(prompts, "save_file", save_file)
    monkeypatch.chdir(tmp_path.parent)
    cwd = Path.cwd()
    _print(page, lambda dialog: dialog.path.setText("通报"))
    assert len(asked) == 1 and Path(asked[0]).is_absolute() and Path(asked[0]).name == "通报.pdf"
    assert not (cwd / "通报.pdf").exists()  # never the program's working folder
    assert (tmp_path / "通报.pdf").read_bytes().startswith(b"%PDF")
    assert prompts.infos == [_("{file} written.").format(file=tmp_path / "通报.pdf")]


class CancelledWhileWriting(ImmediateRunner):
    """The officer presses Cancel when the report's last step (writing it) is shown (once ``armed``: not in the
    statistics page's own count, which reports three steps too)."""

    armed = False

    def start(self, title, work, on_done, on_error, progress):
        def report(done, total, message):
            if self.armed and done == 2 and total == 3:
                self.closed_when_writing = self.cancel_token.closed
                self.cancel_token.cancel()
            progress(done, total, message)

        return super().start(title, work, on_done, on_error, report)


def test_a_cancel_while_writing_is_said_too_late_and_the_period_frozen_named(demo_db, make_window, prompts,
                                                                            tmp_path):
    runner = CancelledWhileWriting()
    window = make_window(demo_db, runner=runner)
    window.navigation.setCurrentRow(4)
    target = tmp_path / "通报.pdf"

    def fill(dialog):
        dialog.path.setText(str(target))
        dialog.freeze.setChecked(True)
        dialog.freeze_label.setText("2026年第一季度")

    runner.armed = True
    _print(window.stats_page, fill)
    assert runner.closed_when_writing  # its Cancel button disabled when the writing began
    assert target.read_bytes().startswith(b"%PDF") and [p["label"] for p in list_periods(demo_db)] == ["2026年第一季度"]
    assert prompts.errors == [] and len(prompts.infos) == 1
    said = prompts.infos[0]
    assert said.startswith(_("Cancel came too late: the report was already being written."))
    assert _("{file} written.").format(file=target) in said
    assert _("Its figures are frozen as report period {label}.").format(label="2026年第一季度") in said


def _in_use(target: Path) -> PermissionError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another "
                                        "process")
    exc.winerror = 32
    return exc


def test_a_file_open_in_another_program_is_said_so_with_what_to_do(tmp_path):
    advice = _("It may be open in another program, such as WPS or a PDF reader: close it there, then try again.")
    assert os_reason(_in_use(tmp_path / "x.pdf")) == _("it is in use by another program")
    assert advice in with_advice("cannot", _in_use(tmp_path / "x.pdf"), tmp_path, elsewhere=True)
    existing = tmp_path / "通报.pdf"
    existing.write_text("open")
    denied = PermissionError(errno.EACCES, "Access is denied", str(tmp_path / "通报.pdf.ws1.part"), None,
                             str(existing))  # replacing a file Windows holds open
    assert advice in with_advice("cannot", denied, tmp_path, elsewhere=True)
    fresh = PermissionError(errno.EACCES, "Access is denied", str(tmp_path / "new.pdf"))
    assert advice not in with_advice("cannot", fresh, tmp_path, elsewhere=True)  # no file there to close


def test_a_report_that_cannot_be_written_shows_the_dialog_again_with_the_choices_made(page, prompts, tmp_path,
                                                                                      monkeypatch):
    target = tmp_path / "通报.pdf"
    target.write_text("open in WPS")
    original = Path.replace

    def locked(self, destination):
        if Path(destination) == target:
            raise _in_use(target)
        return original(self, destination)

    monkeypatch.setattr(Path, "replace", locked)
    prompts.confirm_answer = True
    shown_again = []

    def look_again(tries=200):
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CampaignReportDialog) and dialog.isVisible():
            shown_again.append(dialog.typed())
            dialog.done(0)
        elif tries:
            QTimer.singleShot(10, lambda: look_again(tries - 1))

    def fill(dialog):
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.path.setText(str(target))
        dialog.freeze.setChecked(True)
        dialog.freeze_label.setText("2026年上半年")
        QTimer.singleShot(0, look_again)

    _print(page, fill)
    assert len(prompts.errors) == 1 and str(target) in prompts.errors[0]
    assert _("It may be open in another program, such as WPS or a PDF reader: close it there, then try again.") \
        in prompts.errors[0]
    # the figures are frozen (saved before the file is named), and the error says so and how to print it again
    assert target.read_text() == "open in WPS" and [period["label"] for period in list_periods(page.db)] == [
        "2026年上半年"]
    assert "2026年上半年" in prompts.errors[0] and "--period" in prompts.errors[0]
    assert shown_again == [("pdf", str(target), False, "2026年上半年", False, "2026年上半年")]
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".part")]


def test_the_name_offered_carries_the_agency_and_the_period(page, prompts, tmp_path):
    nanhai = agency_id_for_code("440605")
    asked = []
    prompts.save_file = lambda parent, title, name, filters: asked.append(name)
    dialog = CampaignReportDialog(page.db, prompts, ("2026-01-01", "2026-06-30", nanhai), "", parent=page)
    dialog.choose_path()
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.choose_path()
    dialog.deleteLater()
    unit = unit_words(page.db, nanhai)
    assert [Path(name).name for name in asked] == [
        _("Campaign report_{agency}_{period}.{ext}").format(agency=unit, period="2026-01-01至2026-06-30", ext=ext)
        for ext in ("pdf", "xlsx")]
    assert all(Path(name).is_absolute() for name in asked)
