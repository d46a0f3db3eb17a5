"""A complaint import cut off (the program killed during `complaints import` or the window's import): its open marker
records the names of the files of the run (only their names, not the folder they were in), so the next start says
which files to import again instead of "import it again"."""

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
HOTLINE, COUNCIL = "12345热线导出（11月）.csv", "消委会投诉（11月）.csv"


def exports(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "张三的U盘"
    folder.mkdir()
    paths = [folder / HOTLINE, folder / COUNCIL]
    for path in paths:
        path.write_text("工单编号,诉求内容\n", encoding="utf-8")
    return paths


def killed_complaint_import(data: Path, files: list[Path]) -> None:
    """`complaints import` in a process that dies in the middle of the import, as a killed one does."""
    code = ("import os, sys; import workstation.importing.complaints as complaints; "
            "complaints.import_complaints = lambda *a, **k: os._exit(0); "
            "from workstation.cli import main; main(sys.argv[1:])")
    subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "complaints", "import", *map(str, files)],
                   cwd=PROJECT, check=True, capture_output=True, env={**os.environ, "WORKSTATION_LANG": "en"})


def test_the_start_after_a_killed_complaint_import_names_its_files(copy_template, english, tmp_path):
    data = copy_template("plain")
    killed_complaint_import(data, exports(tmp_path))
    markers = [p.read_text(encoding="utf-8") for p in (data / MARKER).glob("*.json")]
    assert len(markers) == 1 and "张三的U盘" not in markers[0]  # the names of the files only, not where they were
    db = open_db(data)
    prompts = ScriptedPrompts()
    startup_check(None, db, data, prompts)
    named = f"{HOTLINE}, {COUNCIL}"
    assert prompts.infos == [
        "The workstation was not closed properly last time, while this work was running. It did not finish; the "
        "database check found no damage.\n\n"
        f"Importing complaints {named}: of {named}, the files whose import had finished are kept (each file is saved "
        f"on its own); the one being imported then was not: import {named} again — the complaints already stored "
        "are recognised and not stored twice."]
    assert not was_unclean(data)
    mark_closed(data)
    db.conn.close()


def test_a_complaint_import_noted_by_an_earlier_version_is_still_recognised(english):
    assert cut_off_kept("Importing complaints").startswith("the complaint files whose import had finished are kept")
    assert cut_off_kept(f"Importing complaints {HOTLINE}").endswith(
        f"import {HOTLINE} again — the complaints already stored are recognised and not stored twice.")


def test_the_window_notes_the_files_it_imports_in_its_open_marker(window_on, monkeypatch, tmp_path, qtbot, english):
    """While the window imports complaints, its marker names the files (sealed in an encrypted data directory, read
    back here with the data's key)."""
    from ui.task_runner import TaskRunner

    window = window_on("encrypted", runner=TaskRunner())
    page = window.leads_page
    seen = marker_titles_while(window, monkeypatch, qtbot, "import_complaints_task",
                               lambda: page.run_import([str(p) for p in exports(tmp_path)]), lambda: True)
    assert seen == [[f"Importing complaints {HOTLINE}, {COUNCIL}"]]
