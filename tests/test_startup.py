"""What keeps the window's start short (bench/README.md, "Start-up"): the modules loaded before the first paint,
the shortcuts taken on the way (reference codes read without a TOML parser, records and store functions loaded
on first use) and the case list built on the first visit of its tab."""

import subprocess
import sys
import tomllib
from pathlib import Path

from PySide6.QtWidgets import QTabBar

from workstation.i18n import _

PROJECT = Path(__file__).resolve().parent.parent

# what ui.app loads before Qt (the core that opens the database), and what it must not load at all
BEFORE_QT = r"""
import sys
import ui.app
loaded = set(sys.modules)
assert not [n for n in loaded if n.split(".")[0] in ("PySide6", "shiboken6")], "Qt imported before the core"
expected = {"workstation.db.connection", "workstation.store.agencies", "workstation.repair", "workstation.i18n"}
assert expected <= loaded, expected - loaded
needless = {"tomllib", "sqlcipher3", "logging.handlers", "workstation.case_records", "workstation.store.cases",
            "workstation.clocks", "workstation.validators", "workstation.case_reference", "workstation.fullwidth"}
assert not needless & loaded, needless & loaded
"""


def test_the_gui_loads_the_core_before_qt_and_nothing_the_first_paint_does_not_need():
    done = subprocess.run([sys.executable, "-c", BEFORE_QT], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_reference_codes_read_without_a_parser_are_those_of_the_file():
    from workstation.paths import resource
    from workstation.store.agencies import _reference_codes

    with resource("reference", "agencies.toml").open("rb") as fh:
        parsed = [entry["code"] for entry in tomllib.load(fh)["agency"]]
    assert _reference_codes() == parsed and len(parsed) == 38


def test_a_reference_file_written_otherwise_is_parsed(monkeypatch, tmp_path, db):
    from workstation.store import agencies

    odd = tmp_path / "agencies.toml"
    odd.write_text('[[agency]]\ncode = "440600"\nlevel = "city"\n\n[[agency]]\n  code = "440604"\n', encoding="utf-8")
    monkeypatch.setattr(agencies, "resource", lambda *parts: odd)
    assert agencies._reference_codes() is None  # an indented key: not the shipped layout, so parsed instead
    assert agencies.ensure_reference_data(db) == 0  # both agencies exist already


def test_records_and_store_functions_loaded_on_first_use_are_the_same_objects():
    import workstation.records as records
    import workstation.store as store
    from workstation import case_records

    for name in records.CASE_RECORDS:
        assert getattr(records, name) is getattr(case_records, name)
    for name in store.__all__:
        assert callable(getattr(store, name))
    assert set(records.CASE_RECORDS) <= set(dir(records)) and set(store.__all__) <= set(dir(store))


def test_the_case_list_is_built_on_the_first_visit_of_its_tab(qtbot, make_window, demo_db):
    window = make_window(demo_db)
    window.show()
    qtbot.waitExposed(window)
    assert window._case_list is None and window.case_tabs.currentWidget() is window.board
    window.case_tabs.setCurrentIndex(1)
    page = window.case_tabs.currentWidget()
    assert page is window.case_list and page.model.rowCount() == 36
    assert window.case_tabs.count() == 2 and window.case_tabs.tabText(1) == _("Case &list")  # Alt+L
    assert window.case_tabs.tabBar().tabButton(1, QTabBar.ButtonPosition.RightSide) is None


def test_the_catalogue_is_read_with_its_continuations_escapes_and_comments(tmp_path):
    from workstation.i18n import read_po

    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr "header"\n\n#, python-brace-format\nmsgid "Two {n}"\n"lines"\nmsgstr "两{n}"\n'
                  '"行"\n\nmsgid "Bell\\a and \\"quote\\""\nmsgstr "铃\\a"\n\n#~ msgid "Old"\n#~ msgstr "旧"\n\n'
                  'msgid "Untranslated"\nmsgstr ""\n', encoding="utf-8")
    assert read_po(po) == {"Two {n}lines": "两{n}行", 'Bell\a and "quote"': "铃\a"}


# the window started on a new data directory, reporting at its first paint whether PySide6's ``Qt`` namespace
# had been created by then (its ~90 enums cost ~16 ms) and, once it has painted, what its menus hold
FIRST_PAINT = r"""
import builtins, runpy, sys
import PySide6.QtCore as QtCore
from PySide6.QtWidgets import QApplication, QMainWindow
shown = builtins.print
def report(*args, **kwargs):
    if args and args[0] == "PAINTED":
        shown("QT_NAMESPACE_BEFORE_PAINT", "Qt" in QtCore.__dict__)
        shown("BACKUP_MODULES_BEFORE_PAINT", sorted(m for m in sys.modules if m.startswith("workstation.backup")))
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
        QtCore.QTimer.singleShot(0, lambda: shown("MENUS", [[a.objectName() for a in m.actions() if a.objectName()]
                                                            for m in window._menus]))
    shown(*args, **kwargs)
builtins.print = report
sys.argv = ["main.py"]
runpy.run_path("main.py", run_name="__main__")
"""


def test_the_start_paints_before_creating_the_qt_namespace_and_fills_the_menus_after(tmp_path, capsys):
    import os

    from tests.helpers import run_in_env

    env = {**os.environ, "WORKSTATION_HOME": str(tmp_path / "data"), "WORKSTATION_PLAINTEXT": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen",
           "WORKSTATION_EXIT_AFTER_PAINT": "1"}
    # a data directory with its backups folder, as after the first day's work (made here: the start is the child's)
    run_in_env(capsys, env, ["init"], ["backup", "create"])
    done = subprocess.run([sys.executable, "-c", FIRST_PAINT], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "QT_NAMESPACE_BEFORE_PAINT False" in lines, done.stdout
    # nothing a killed backup left to sweep: the backup modules (~40 ms) are not loaded before the first paint
    assert "BACKUP_MODULES_BEFORE_PAINT []" in lines, done.stdout
    menus = next(line for line in lines if line.startswith("MENUS"))
    assert "'import_register'" in menus and "'new_case'" in menus and "'about'" in menus


def test_the_roles_written_as_numbers_are_qt_s():
    from PySide6.QtCore import Qt

    from ui.record_model import BACKGROUND_ROLE, DISPLAY_ROLE, TOOLTIP_ROLE

    assert (DISPLAY_ROLE, TOOLTIP_ROLE, BACKGROUND_ROLE) == (
        Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.ToolTipRole.value, Qt.ItemDataRole.BackgroundRole.value)


def test_a_menu_about_to_open_or_an_action_asked_for_fills_the_menus(make_window, db):
    from PySide6.QtGui import QAction

    window = make_window(db)
    assert window.findChild(QAction, "new_case") is None  # not painted yet
    window._menus[1].aboutToShow.emit()
    assert window.findChild(QAction, "new_case").shortcut().toString() == "Ctrl+N"  # QKeySequence.StandardKey.New
    assert window.import_action.objectName() == "import_register"
    assert window.import_action.shortcut().toString() == "Ctrl+I"


# the patterns compiled while ui.app loads the core: none with the wide character classes of Chinese text, whose
# compilation (~1–3 ms each) the officer checks of workstation.store.agencies leave to their first use
PATTERNS_BEFORE_QT = r"""
import re, sys
compiled = []
compile_pattern = re._compile
def recording(pattern, flags):
    compiled.append(pattern if isinstance(pattern, str) else "")
    return compile_pattern(pattern, flags)
re._compile = recording
import ui.app
assert "workstation.store.agencies" in sys.modules
wide = [p for p in compiled if "\\u3400" in p or "\u3400" in p]
assert not wide, wide
"""


def test_the_core_loaded_before_the_first_paint_compiles_no_pattern_of_chinese_text():
    done = subprocess.run([sys.executable, "-c", PATTERNS_BEFORE_QT], cwd=PROJECT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_officer_checks_compile_their_patterns_when_first_used():
    from workstation.store.agencies import cert_no_error, offered_officer_name

    assert offered_officer_name(" 阿依古丽·买买提 ") == "阿依古丽·买买提" and offered_officer_name("zhangsan") == ""
    assert cert_no_error("粤 44060012") == "" and cert_no_error("粤ABC") != ""


def test_the_first_paint_fills_the_menus_from_the_event_loop_before_the_board_counts(qtbot, make_window, db):
    from PySide6.QtGui import QAction

    window = make_window(db)
    seen = []
    window.board.refresh = lambda: seen.append(("board counts", window.findChild(QAction, "new_case") is not None))
    window.first_painted.connect(lambda: seen.append(("painted", window.findChild(QAction, "new_case") is not None)))
    window.first_painted.emit()
    assert seen == [("painted", False)]  # no handler of the first paint waits for the menus
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[1] == ("board counts", True)  # the keys work while the board counts


def test_the_board_fits_its_columns_from_its_first_deadlines_not_before_the_first_paint(qtbot, make_window, db):
    # a column fitter filters the view's events, which realises PySide6's QEvent.Type enum before the first paint
    from ui.deadlines import DeadlineTable

    window = make_window(db)
    table = window.board.findChild(DeadlineTable)
    assert table is not None and table.fitter is None
    table.set_deadlines([])
    assert table.fitter is not None  # the party, time limit and source columns share the width from now on
