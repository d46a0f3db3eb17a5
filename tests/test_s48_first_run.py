"""The first start's leftovers the audit met: the agency chosen in the first steps names a station `init` made
unnamed; `--demo` completes a demo load that was cut off after its records (the window quit from the lock, say); the
command line's help says that without a command the window opens, and where its options are listed."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialog

from tests.helpers import run
from workstation.errors import Cancelled
from workstation.station import ensure_station, this_station
from workstation.store import agency_id_for_code


@pytest.mark.gui
def test_the_agency_chosen_first_names_the_station_init_left_unnamed(db, data_dir, qtbot):
    from ui.first_steps import StationAgencyDialog

    ensure_station(db, data_dir)  # as `init` without --agency makes it
    dialog = StationAgencyDialog(db, data_dir)
    qtbot.addWidget(dialog)
    dialog.choose(agency_id_for_code("440605"))
    dialog.continue_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert this_station(db).name == "南海区局" and this_station(db).agency_id == agency_id_for_code("440605")


def test_a_named_station_keeps_its_name(db, data_dir, qtbot):
    from ui.first_steps import StationAgencyDialog

    ensure_station(db, data_dir, name="桂城所办公室")
    dialog = StationAgencyDialog(db, data_dir)
    qtbot.addWidget(dialog)
    dialog.choose(agency_id_for_code("440605"))
    dialog.continue_button.click()
    assert this_station(db).name == "桂城所办公室"


def test_a_demo_cut_off_after_its_records_is_seen_and_completed(db, data_dir, monkeypatch):
    from workstation import demo

    def cut_off(*_args, **_kwargs):
        raise Cancelled("closed")

    monkeypatch.setattr(demo, "_load_complaints", cut_off)
    with pytest.raises(Cancelled):
        demo.load_demo(db, data_dir=data_dir)
    assert demo.demo_cut_off(db)
    monkeypatch.undo()
    demo.load_demo(db, data_dir=data_dir)
    assert not demo.demo_cut_off(db)


def test_the_help_says_the_window_opens_without_a_command(capsys, english):
    with pytest.raises(SystemExit) as done:
        run(capsys, "--help")
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "without a command to open the window" in " ".join(out.split()) and "--gui --help" in out


@pytest.mark.gui
def test_quitting_from_the_lock_names_the_work_still_running_first(qtbot, db, make_window):
    """Quitting closes the progress dialog, which cancels its work, with no one left to say so: the lock's 退出
    names it first, and a second 退出 quits."""
    from PySide6.QtWidgets import QProgressDialog

    from ui.idle_lock import IdleLock

    window = make_window(db)
    window.show()
    progress = QProgressDialog("正在导入投诉", "取消", 0, 0, window)
    progress.setWindowTitle("导入投诉")
    progress.show()
    quit_calls = []
    lock = IdleLock(window, window.data_dir, "陈志强", 0, quit_app=lambda: quit_calls.append(True))
    try:
        lock.lock()
        lock.quit_asked()
        assert "「导入投诉」" in lock.dialog.message.text() and quit_calls == []
        lock.quit_asked()
        assert quit_calls == [True]
    finally:
        lock.stop()
        progress.close()
