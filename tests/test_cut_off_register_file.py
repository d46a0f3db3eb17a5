"""A register import killed half-way: its open marker records the file's name (only the name, not the folder it was
in), so the next start says which file to import again instead of "import the file again"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import backup_fixtures
from tests.backup_fixtures import PROJECT, marker_titles_while, open_db
from tests.conftest import ScriptedPrompts
from ui.backup_dialogs import cut_off_kept, startup_check
from workstation.repair import MARKER, mark_closed, was_unclean

templates, copy_template, window_on = backup_fixtures.templates, backup_fixtures.copy_template, backup_fixtures.window_on
FILE = "南海区局台账（2026年11月）.csv"


def killed_register_import(data: Path, register: Path) -> None:
    """`cases import` in a process that dies in the middle of the import, as a killed one does."""
    code = ("import os, sys; import workstation.importing.register as register; "
            "register.import_register = lambda *a, **k: os._exit(0); "
            "from workstation.cli import main; main(sys.argv[1:])")
    subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "cases", "import", str(register)],
                   cwd=PROJECT, check=True, capture_output=True, env={**os.environ, "WORKSTATION_LANG": "en"})


def test_the_start_after_a_killed_register_import_names_the_file(copy_template, english, tmp_path):
    data = copy_template("plain")
    folder = tmp_path / "张三的U盘"
    folder.mkdir()
    register = folder / FILE
    register.write_text("案件编号,当事人\n", encoding="utf-8")
    killed_register_import(data, register)
    markers = [p.read_text(encoding="utf-8") for p in (data / MARKER).glob("*.json")]
    assert len(markers) == 1 and "张三的U盘" not in markers[0]  # the name of the file only, not where it was
    db = open_db(data)
    prompts = ScriptedPrompts()
    startup_check(None, db, data, prompts)
    assert prompts.infos == [
        "The workstation was not closed properly last time, while this work was running. It did not finish; the "
        "database check found no damage.\n\n"
        f"Importing case register {FILE}: nothing of it was imported (a case register is imported whole or not at "
        f"all): import {FILE} again."]
    assert not was_unclean(data)
    mark_closed(data)
    db.conn.close()


def test_a_register_import_noted_by_an_earlier_version_is_still_recognised(english):
    assert cut_off_kept("Importing case register") == (
        "nothing of the case register was imported (it is imported whole or not at all): import the file again.")
    assert cut_off_kept(f"Importing case register {FILE}").endswith(f"import {FILE} again.")


def test_the_window_notes_the_file_it_imports_in_its_open_marker(window_on, monkeypatch, tmp_path, qtbot, english):
    """While the window imports a register, its marker names the file (sealed in an encrypted data directory, read
    back here with the data's key)."""
    from ui.task_runner import TaskRunner

    window = window_on("encrypted", runner=TaskRunner())
    register = tmp_path / "某某" / FILE
    register.parent.mkdir()
    register.write_text("案件编号,当事人\n", encoding="utf-8")
    seen = marker_titles_while(window, monkeypatch, qtbot, "import_register_task",
                               lambda: window.import_register(str(register)), lambda: not window._register_importing)
    assert seen == [[f"Checking case register {FILE}"]]  # checked first (s68: previewed before it is imported)
