"""A new laptop's first start and the settings set once: a data directory that is a file is refused before any
question, with one line naming it; the officers dialog refuses the same officer entered twice; 文件 → 加载演示数据
asks before it mixes the made-up campaign into the data."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from ui.app import main, start
from ui.officers_dialog import OfficersDialog
from ui.task_runner import ImmediateRunner
from workstation.errors import WorkstationError
from workstation.records import Officer
from workstation.store import agency_id_for_code, count_cases, list_officers, save_officer, set_officer_active

pytestmark = pytest.mark.gui

NANHAI, CHANCHENG = "440605", "440604"


def file_message(path) -> str:
    return (f"{path} is a file, not a folder: give the folder of the workstation data with --data-dir (or "
            "WORKSTATION_HOME).")


@pytest.fixture
def a_file(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    path = tmp_path / "workstation-data"
    path.write_text("notes", encoding="utf-8")
    return path


@pytest.mark.parametrize("under", ["", "station/data"])
def test_a_data_dir_that_is_a_file_is_refused_before_the_first_start_dialog(a_file, under, prompts, english,
                                                                             qtbot):
    shown = []

    def show(dialog: QDialog) -> bool:  # before: the first-start dialog, then "set up meanwhile; start again"
        qtbot.addWidget(dialog)
        shown.append(dialog.objectName())
        return False

    with pytest.raises(WorkstationError) as refused:
        start(a_file / under if under else a_file, None, ImmediateRunner(), prompts, show=show)
    assert refused.value.message == file_message(a_file)
    assert shown == []
    assert a_file.read_text(encoding="utf-8") == "notes"


def test_a_data_dir_that_cannot_be_reached_is_refused_in_one_line(tmp_path, monkeypatch, prompts, english):
    """A folder on the way that the account may not open (root ignores permissions: the refusal is simulated)."""
    locked = tmp_path / "someone-else"
    real_exists = Path.exists

    def exists(path: Path) -> bool:
        if path.is_relative_to(locked) and path != locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_exists(path)

    monkeypatch.setattr(Path, "exists", exists)
    with pytest.raises(WorkstationError) as refused:  # before: an internal error with a traceback in the log
        start(locked / "data", None, ImmediateRunner(), prompts, show=lambda dialog: pytest.fail("asked"))
    assert refused.value.message == (f"The data folder {locked / 'data'} cannot be opened: permission denied. Give a "
                                     "folder you may read and write with --data-dir (or WORKSTATION_HOME).")


def test_the_window_started_on_a_file_with_a_passphrase_says_so_and_exits_1(a_file, monkeypatch, english, qtbot):
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its error dialog there
    monkeypatch.setattr("ui.app.show_error", shown.append)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "passphrase-2026")
    assert main(["--data-dir", str(a_file)]) == 1
    assert shown == [file_message(a_file)]  # before: "cannot create the data directory …: it exists"
    assert a_file.read_text(encoding="utf-8") == "notes"
    assert sorted(p.name for p in a_file.parent.iterdir()) == ["workstation-data"]


@pytest.fixture
def dialog(db, prompts, qtbot):
    save_officer(db, Officer(name="陈志明", cert_no="44060512001", agency_id=agency_id_for_code(NANHAI)))
    save_officer(db, Officer(name="梁晓彤", agency_id=agency_id_for_code(NANHAI)))  # no certificate yet
    officers = OfficersDialog(db, prompts)
    qtbot.addWidget(officers)
    officers.show()
    return officers


def type_officer(dialog, name, cert="", agency=NANHAI):
    dialog.name.setText(name)
    dialog.cert_no.setText(cert)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(agency)))


@pytest.mark.parametrize("name,cert", [("陈志明", ""), ("梁晓彤", "44060512002"), (" 梁晓彤 ", "")])
def test_the_same_officer_entered_twice_is_refused_at_the_name(dialog, db, name, cert, english):
    type_officer(dialog, name, cert)
    dialog.cert_no.setFocus()
    dialog.name.editingFinished.emit()  # the name typed and left: its line shows
    assert dialog.errors["name"].text().startswith(f"{name.strip()} is already an officer of this agency: select them")
    assert dialog.errors["name"].isVisible() and not dialog.save_button.isEnabled()
    dialog.save()  # Enter, or a click that came before the button was greyed out
    assert len(list_officers(db)) == 2


def test_namesakes_with_their_own_certificates_or_in_another_agency_are_two_officers(dialog, db):
    type_officer(dialog, "陈志明", "44060512002")
    dialog.save()
    type_officer(dialog, "梁晓彤", "", agency=CHANCHENG)
    dialog.save()
    assert len(list_officers(db)) == 4


def test_an_officer_who_left_is_taken_back_rather_than_entered_again(dialog, db, english):
    left = next(o for o in list_officers(db) if o.name == "梁晓彤")
    set_officer_active(db, left.id, False)
    type_officer(dialog, "梁晓彤", "44060512002")
    dialog.save()
    assert "take them back on duty" in dialog.errors["name"].text()
    assert len(list_officers(db, with_inactive=True)) == 2


def test_correcting_an_officer_is_not_refused_as_a_duplicate_of_itself(dialog, db):
    dialog.table.selectRow(next(i for i, o in enumerate(dialog.model.records) if o.name == "梁晓彤"))
    dialog.cert_no.setText("44060512003")
    dialog.save()
    assert {o.name: o.cert_no for o in list_officers(db)}["梁晓彤"] == "44060512003"


def test_loading_the_demo_from_the_menu_asks_first(make_window, db, prompts, english):
    window = make_window(db)
    window.fill_menus()  # as when the 文件 menu opens
    window.findChild(QAction, "load_demo").trigger()  # answered no
    assert prompts.confirmations and "cannot be removed again" in prompts.confirmations[-1]
    assert count_cases(db) == 0
    loaded = []
    window.load_demo = lambda: loaded.append(True)
    prompts.confirm_answer = True
    window.findChild(QAction, "load_demo").trigger()
    assert loaded == [True]
