"""A laptop killed (SIGKILL) or its power cut at the worst moment: issuing a 文号 and writing its PDF, a bundle merging
at headquarters, a register import, a document being written. After the kill the data is consistent (the audit chain
and SQLite's integrity check pass), nothing half-done shows, and the work can be done again; a 文号 handed out on
paper is on the disk before its PDF is, so a power cut cannot give it a second time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import CASE, PROJECT, open_db
from tests.helpers import copy_station_and_hq, run_json
from tests.test_full_disk import counts, register_of_300, run
from tests.test_safety11 import sound
from workstation.audit import verify

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
posix = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

# The command line in a process of its own, in English, killed (SIGKILL: no clean-up, no rollback by Python) at the
# Nth call of a function or method given as "module.Name.method:N" or "module.function:N", before it runs.
KILLED_AT = """
import importlib, os, signal, sys
where, count = sys.argv[1].rsplit(":", 1)
parts = where.split(".")
for cut in range(len(parts) - 1, 0, -1):
    try:
        owner = importlib.import_module(".".join(parts[:cut]))
        break
    except ImportError:
        continue
for name in parts[cut:-1]:
    owner = getattr(owner, name)
real, calls = getattr(owner, parts[-1]), []

def dying(*args, **kwargs):
    calls.append(1)
    if len(calls) == int(count):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(owner, parts[-1], dying)
from workstation.cli import main
sys.exit(main(sys.argv[2:]))
"""


def killed(at: str, *argv) -> None:
    env = {**os.environ, "WORKSTATION_LANG": "en", "PYTHONPATH": str(PROJECT)}
    result = subprocess.run([sys.executable, "-c", KILLED_AT, at, *map(str, argv)], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr


def consistent(data: Path) -> None:
    """SQLite's checks pass and the audit chain is unbroken (opened as the next start opens it)."""
    sound(data)
    db = open_db(data)
    try:
        assert verify(db)["valid"]
    finally:
        db.conn.close()


# (1) docs issue ------------------------------------------------------------------------------------------------
@posix
def test_an_issue_killed_after_taking_its_number_takes_none_and_is_issued_again_with_it(copy_template, tmp_path,
                                                                                        capsys, english):
    data = copy_template("plain")
    out = tmp_path / "决定书.pdf"
    before = counts(data)
    argv = ("--data-dir", data, "docs", "issue", CASE, "--form", "penalty_decision", "-o", out)
    # the 文号 taken and the PDF rendered and kept in the file store, the issue not yet saved
    killed("workstation.documents.issuing.document_pdf:1", *argv)
    consistent(data)
    assert counts(data)["documents"] == before["documents"] and not out.exists()
    code, said, err = run(capsys, *argv)
    assert code == 0 and "佛南市监处〔2026〕1号 issued" in said, err  # the same number: none was burnt
    assert out.read_bytes().startswith(b"%PDF")


@posix
def test_an_issue_killed_after_saving_it_is_issued_with_its_pdf_and_not_issued_twice(copy_template, tmp_path,
                                                                                      capsys, english):
    from workstation.documents.issuing import document_pdf, get_document

    data = copy_template("plain")
    out = tmp_path / "决定书.pdf"
    argv = ("--data-dir", data, "docs", "issue", CASE, "--form", "penalty_decision", "-o", out)
    killed("workstation.output.StagedOutput.finish:1", *argv)  # saved; the PDF not yet given its name
    consistent(data)
    db = open_db(data)
    try:
        issued = get_document(db, "佛南市监处〔2026〕1号")
        kept = document_pdf(db, data, issued.id)  # its PDF is kept, exactly as issued
    finally:
        db.conn.close()
    assert issued.status == "issued" and kept.startswith(b"%PDF")
    [partial] = out.parent.glob(f"{out.name}.ws*.part")
    assert not out.exists() and partial.read_bytes() == kept  # never taken for the file
    code, said, err = run(capsys, *argv)
    assert code == 1 and "佛南市监处〔2026〕1号 in force" in err  # the issue that was saved is named


def test_the_transaction_taking_a_number_is_on_the_disk_before_the_pdf_is_written(copy_template, tmp_path,
                                                                                  monkeypatch, capsys, english):
    """SQLite's WAL with synchronous NORMAL keeps the last commits only in the -wal until a checkpoint: a power cut
    after the PDF was printed could take back the 文号, and the next issue would print the same number again."""
    from workstation.documents import issuing

    data = copy_template("plain")
    levels, real = [], issuing.document_pdf

    def observed(db, data_dir, document_id):
        levels.append(db.execute("PRAGMA synchronous").fetchone()[0])
        return real(db, data_dir, document_id)

    monkeypatch.setattr(issuing, "document_pdf", observed)
    code, said, err = run(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "penalty_decision", "-o",
                          tmp_path / "决定书.pdf")
    assert code == 0, err
    assert levels == [2]  # FULL: the commit of the issue is synced to the disk before the file is given its name
    db = open_db(data)
    try:
        from workstation.db.connection import immediate

        with immediate(db):
            assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # other writes: NORMAL again
    finally:
        db.conn.close()


# (2) bundle import at headquarters -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def exchange(station_and_hq_template):
    return station_and_hq_template(issue_document=True)


@posix
def test_a_bundle_import_killed_mid_merge_leaves_nothing_and_can_be_run_again(exchange, tmp_path, capsys):
    dirs = copy_station_and_hq(exchange, tmp_path)
    hq, bundle = dirs / "hq", dirs / "one.bundle"
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "--all", "-o", bundle)
    run_json(capsys, "--data-dir", hq, "station", "trust", dirs / "station.card")
    before = counts(hq)
    # the records inserted and the bundle's files moved into the store, the merge not yet committed
    killed("workstation.filestore.FileBatch.finish:1", "--data-dir", hq, "bundle", "import", bundle)
    consistent(hq)
    assert counts(hq) == before
    left = list((hq / "files").glob(".incoming-*"))
    assert left  # the staged copies of the killed import
    merged = run_json(capsys, "--data-dir", hq, "bundle", "import", bundle)
    assert merged["new"] > 0 and not merged["already_imported"]
    assert counts(hq)["cases"] == counts(dirs / "station")["cases"]
    assert not list((hq / "files").glob(".incoming-*"))  # removed by the next import: they were never to be used
    consistent(hq)


# (5) cases import ------------------------------------------------------------------------------------------------
@posix
def test_a_register_import_killed_before_its_commit_leaves_nothing_and_can_be_run_again(copy_template, tmp_path,
                                                                                        capsys):
    data = copy_template("plain")
    register = register_of_300(tmp_path)
    before = counts(data)
    # every row inserted and the search trigger dropped and put back, the audit entries being written
    killed("workstation.audit.AuditWriter.flush:1", "--data-dir", data, "cases", "import", register)
    consistent(data)
    assert counts(data) == before
    db = open_db(data)
    try:
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cases_fts_insert'").fetchone()
    finally:
        db.conn.close()
    assert run_json(capsys, "--data-dir", data, "cases", "import", register)["imported"] == 300
    found = run_json(capsys, "--data-dir", data, "cases", "list", "--search", "510号")
    assert [c["case_number"] for c in found] == ["佛禅市监立〔2026〕510号"]  # found by the search index
    consistent(data)


# (4) the document editor killed --------------------------------------------------------------------------------
EDITOR_KILLED = """
import os, signal, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from tests.conftest import ScriptedPrompts
from ui.form_editor import FormEditor
from workstation.db import open_database
from workstation.documents.drafts import find_form
from workstation.paths import database_path
from workstation.repair import mark_open
from workstation.store import find_case

data, case_number, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
app = QApplication([])
mark_open(data)
db = open_database(database_path(data))
editor = FormEditor(db, data, find_case(db, case_number), find_form("inquiry_record"), ScriptedPrompts())
editor.fields["place"].set_value(text)
editor.field_left()  # the focus left the field: autosaved
os.kill(os.getpid(), signal.SIGKILL)
"""


@posix
def test_the_text_typed_in_an_editor_killed_with_the_program_is_offered_at_the_next_start(copy_template, started,
                                                                                         qtbot):
    from tests.conftest import ScriptedPrompts

    data = copy_template("plain")
    typed = "当事人称名单系从他人处购得（未写完"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", EDITOR_KILLED, str(data), CASE, typed], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    prompts = ScriptedPrompts()
    prompts.confirm_answer = True
    window = started(data, prompts)  # the start after an unclean shutdown: checked first
    assert window is not None
    assert window.recover_drafts() == 1 and len(prompts.confirmations) == 1
    [editor] = window.editors
    assert editor.current_values()["place"] == typed
    editor.shutdown()
    consistent(data)
