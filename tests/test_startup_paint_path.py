"""What the window no longer makes before its first paint (bench/README.md, "Start-up"): the table menu's module and
the Qt classes PySide6 makes when they are first taken from QtGui — QKeySequence (with its 71 standard keys), QAction
and QShortcut — wait for the board's first deadlines and for the menus, which come after the paint; and no garbage is
collected on the way to it (``workstation.collector.hold_until_started``)."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QShortcut

from tests.helpers import run_in_env

PROJECT = Path(__file__).resolve().parent.parent

# the window started on a new data directory, saying at its first paint what had been loaded by then
AT_FIRST_PAINT = r"""
import builtins, runpy, sys
import PySide6.QtGui as QtGui
shown = builtins.print
def report(*args, **kwargs):
    if args and args[0] == "PAINTED":
        shown("TABLE_MENU_BEFORE_PAINT", "ui.table_menu" in sys.modules)
        shown("GUI_CLASSES_BEFORE_PAINT", sorted(name for name in ("QKeySequence", "QAction", "QShortcut")
                                                 if name in QtGui.__dict__))
    shown(*args, **kwargs)
builtins.print = report
sys.argv = ["main.py"]
runpy.run_path("main.py", run_name="__main__")
"""


def test_the_first_paint_waits_for_neither_the_table_menu_nor_the_key_classes(tmp_path, capsys):
    env = {**os.environ, "WORKSTATION_HOME": str(tmp_path / "data"), "WORKSTATION_PLAINTEXT": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "WORKSTATION_EXIT_AFTER_PAINT": "1"}
    run_in_env(capsys, env, ["init"])  # the data directory made here: the start is the child's
    done = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "TABLE_MENU_BEFORE_PAINT False" in lines, done.stdout
    assert "GUI_CLASSES_BEFORE_PAINT []" in lines, done.stdout


def test_the_board_gets_its_table_menu_with_its_first_deadlines(qtbot, make_window, demo_db):
    window = make_window(demo_db)
    view = window.board.table.view
    assert view.findChild(QShortcut, "table_menu") is None  # not before the deadlines are counted
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: view.model() is window.board.table.model)
    shortcut = view.findChild(QShortcut, "table_menu")
    assert shortcut is not None
    assert [key.toString() for key in shortcut.keys()] == ["Menu", "Shift+F10"]


def test_ctrl_n_moves_to_the_page_shown_once_the_menus_are_filled(qtbot, make_window, db):
    window = make_window(db)
    window.fill_menus()
    window.show_page(1)  # the leads page: Ctrl+N makes a lead there
    assert "Ctrl+N" in [key.toString() for key in window._new_lead_action.shortcuts()]
    assert "Ctrl+N" not in [key.toString() for key in window._new_case_action.shortcuts()]
    window.show_page(0)
    assert "Ctrl+N" in [key.toString() for key in window._new_case_action.shortcuts()]


# the window started as an officer starts it, counting the garbage collections from the import of its modules to its
# first paint, and saying whether collection runs again in the turn of the event loop after the paint
COLLECTIONS = r"""
import builtins, gc, runpy, sys
from PySide6.QtCore import QTimer
from workstation import collector
painted, collections = [], []

def counted(phase, info):
    if phase == "start" and "ui.app" in sys.modules and not painted:
        collections.append(info["generation"])

gc.callbacks.append(counted)
shown = builtins.print
def report(*args, **kwargs):
    if args and args[0] == "PAINTED":
        painted.append(True)
        shown("COLLECTIONS_BEFORE_PAINT", len(collections))
        # before the quit: collecting, or held only by another task (the board's first count, running in the
        # background on a busy machine), the start's own hold ended
        QTimer.singleShot(0, lambda: shown("COLLECTING_AFTER_THE_PAINT", gc.isenabled() or (
            collector._start_hold is None and collector._holding > 0)))
    shown(*args, **kwargs)
builtins.print = report
sys.argv = ["main.py"]
runpy.run_path("main.py", run_name="__main__")
"""


def test_no_garbage_is_collected_before_the_first_paint_and_collection_resumes_after_it(tmp_path, capsys):
    env = {**os.environ, "WORKSTATION_HOME": str(tmp_path / "data"), "WORKSTATION_PLAINTEXT": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "WORKSTATION_EXIT_AFTER_PAINT": "1"}
    run_in_env(capsys, env, ["init"])  # the data directory made here: the start is the child's
    done = subprocess.run([sys.executable, "-c", COLLECTIONS], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "COLLECTIONS_BEFORE_PAINT 0" in lines, done.stdout  # before: some forty
    assert "COLLECTING_AFTER_THE_PAINT True" in lines, done.stdout


def test_a_start_that_shows_no_window_collects_garbage_again(data_dir, monkeypatch, qapp):
    from ui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its error dialog there
    collecting = []
    # the officer quits at the login: no window, no paint
    monkeypatch.setattr(app, "start", lambda *args, **kwargs: collecting.append(gc.isenabled()))
    assert gc.isenabled()
    assert app.main(["--data-dir", str(data_dir)]) == 0
    assert collecting == [False]  # held while the start ran
    assert gc.isenabled()


def test_the_start_s_hold_ends_once_and_leaves_a_count_s_hold_standing():
    from workstation.collector import collections_held, hold_until_started, started

    assert gc.isenabled()
    try:
        hold_until_started()
        hold_until_started()  # main.py, then ui.app.main: one hold
        assert not gc.isenabled()
        with collections_held():  # the board's first count, still running when the start's hold ends
            started()
            assert not gc.isenabled()
        assert gc.isenabled()
        started()  # again, at the window's end: nothing to end
        assert gc.isenabled()
    finally:
        started()
