import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import workstation

PROJECT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

IMPORT_ALL_WITHOUT_QT = r"""
import importlib, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
            raise ImportError(f"{name} is blocked: the core must not import Qt or the UI")
        return None

sys.meta_path.insert(0, NoQt())
import workstation
names = ["workstation"] + [m.name for m in pkgutil.walk_packages(workstation.__path__, "workstation.")
                           if m.name != "workstation.__main__"]
for name in names:
    importlib.import_module(name)
assert not any(n.split(".")[0] in ("PySide6", "shiboken6", "ui") for n in sys.modules)
print("\n".join(names))
"""


def core_modules():
    names = [m.name for m in pkgutil.walk_packages(workstation.__path__, "workstation.")]
    return sorted(["workstation", *names])


def test_every_core_module_imports_with_qt_blocked():
    env = {**os.environ, "WORKSTATION_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL_WITHOUT_QT], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = sorted(result.stdout.split())
    expected = [n for n in core_modules() if n != "workstation.__main__"]
    assert imported == expected
    assert {"workstation.db.connection", "workstation.store.cases", "workstation.importing.register",
            "workstation.procedure", "workstation.cli"} <= set(imported)


def test_the_module_entry_point_runs_with_qt_blocked(tmp_path):
    code = ("import sys\n"
            "class NoQt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'ui'):\n"
            "            raise ImportError(name)\n"
            "sys.meta_path.insert(0, NoQt())\n"
            "sys.argv = ['workstation', 'init', '--json']\n"
            "import runpy\n"
            "runpy.run_module('workstation', run_name='__main__')\n")
    env = {**os.environ, "WORKSTATION_HOME": str(tmp_path), "WORKSTATION_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert '"schema"' in result.stdout


@pytest.mark.parametrize("contract", ["core-is-qt-free", "ui-does-no-storage-or-rendering"])
def test_the_import_linter_contracts_of_setup_cfg_hold(contract):
    result = subprocess.run([str(VENV_BIN / "lint-imports"), "--no-cache", "--contract", contract], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


FORBIDDEN_IN_UI = re.compile(
    r"^\s*(?:import|from)\s+(sqlite3|sqlite_utils|reportlab|docx|openpyxl|python_calamine)\b", re.MULTILINE)


def test_no_ui_module_does_sql_rendering_or_file_parsing_itself():
    offenders = {}
    for path in sorted((PROJECT / "ui").rglob("*.py")):
        found = FORBIDDEN_IN_UI.findall(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(PROJECT))] = found
    assert offenders == {}


SQL_IN_UI = re.compile(r"""["'](?:SELECT|INSERT|UPDATE|DELETE|PRAGMA|WITH)\s""")


def test_no_ui_module_writes_sql_of_its_own():
    """The window asks the core for its data (DESIGN.md's one dependency rule): no SQL statement in ui/."""
    offenders = {str(path.relative_to(PROJECT)): SQL_IN_UI.findall(path.read_text(encoding="utf-8"))
                 for path in sorted((PROJECT / "ui").rglob("*.py"))}
    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_drivers_error_tuple_is_unpacked_where_caught_with_other_exceptions():
    """``driver.Error`` is a tuple of classes (sqlite3's and SQLCipher's): inside another tuple it makes the except
    clause itself raise TypeError when an exception reaches it, so a handler meant to log crashes instead."""
    nested = re.compile(r"except\s*\([^)]*(?<![*\w.])driver\.(?:Error|IntegrityError|OperationalError|DatabaseError)\b")
    offenders = [f"{p.relative_to(PROJECT)}:{n}" for folder in ("workstation", "ui")
                 for p in sorted((PROJECT / folder).rglob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if nested.search(line)]
    assert offenders == []


def test_no_core_module_names_qt_in_its_source():
    pattern = re.compile(r"^\s*(?:import|from)\s+(PySide6|shiboken6|ui)\b", re.MULTILINE)
    offenders = [str(p.relative_to(PROJECT)) for p in (PROJECT / "workstation").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_code_passes_ruff():
    done = subprocess.run([str(VENV_BIN / "ruff"), "check", "--quiet", "."], cwd=PROJECT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
