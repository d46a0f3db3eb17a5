"""A full disk in the window: a register or complaint import, saving a document as PDF or DOCX, a bundle export, a
backup and a change saved in a dialog each end in one message box line naming what failed and where to free
space, with nothing half-written left under the file's name and the database as it was.

The disk fills up where the writing happens: SQLite is given no page more than the database has (SQLITE_FULL,
"database or disk is full"), and file writes fail with ENOSPC after part of the bytes were written."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from PySide6.QtWidgets import QDialog

from tests.helpers import FILING_SOURCE
from tests.test_full_disk import big_register, fail, filling_open, zip_fills_up  # noqa: F401  (big_register is a fixture)
from workstation import backup_format
from workstation.backup import list_backups

pytestmark = pytest.mark.gui
CASE = "佛南市监立〔2026〕9号"


def fill_up(db) -> None:
    """No page more for ``db``: the next change that needs one fails as on a full disk."""
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")


@pytest.fixture
def full_task_database(monkeypatch):
    """Background work (``where``: the module its task opens the database in) finds the disk full; ``after``
    openings succeed first."""

    def install(where, after: int = 0):
        real, opened = where.open_database, []

        def nearly_full(path, **kwargs):
            db = real(path, **kwargs)
            opened.append(path)
            if len(opened) > after:
                fill_up(db)
            return db

        monkeypatch.setattr(where, "open_database", nearly_full)

    return install


def counts(db) -> dict:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("cases", "parties", "complaints", "documents", "audit", "bundle_exports", "settings")}


def one_line(prompts, *names: str) -> str:
    assert prompts.infos == [] and len(prompts.errors) == 1, prompts.errors
    message = prompts.errors[0]
    assert "\n" not in message
    for name in names:
        assert name in message, message
    return message


@pytest.fixture
def window(make_window, demo_db, data_dir):
    from workstation.station import ensure_station

    ensure_station(demo_db, data_dir)  # the station's identity, made by its first export, is there already
    return make_window(demo_db)


def test_a_register_import_on_a_full_disk(window, demo_db, data_dir, prompts, full_task_database,
                                          big_register, english):  # noqa: F811
    from workstation import tasks

    before = counts(demo_db)
    full_task_database(tasks)
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window.import_register(str(big_register))
    one_line(prompts, "台账.csv was not imported", str(data_dir / "workstation.db"), "is full", "Free some space")
    assert counts(demo_db) == before and window.case_list.model.rowCount() == before["cases"]


def test_a_complaint_import_on_a_full_disk_keeps_the_files_before_it(window, demo_db, prompts, full_task_database,
                                                                     tmp_path, english):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import make_complaints

    from workstation import tasks

    make_complaints.write_council_csv(tmp_path / "first.csv", 20)
    make_complaints.write_council_csv(tmp_path / "second.csv", 400)

    full_task_database(tasks, after=1)  # the first file fits, the second does not
    window.leads_page.run_import([str(tmp_path / "first.csv"), str(tmp_path / "second.csv")])
    one_line(prompts, "second.csv was not imported", "is full", "Free some space", "(first.csv) stay imported")
    stored = {r[0] for r in demo_db.execute("SELECT DISTINCT source_file FROM complaints")}
    assert stored == {"first.csv"}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_document_saved_on_a_full_disk(demo_db, data_dir, prompts, qtbot, monkeypatch, tmp_path, fmt, english):
    from ui.form_editor import FormEditor
    from workstation.documents.drafts import find_form
    from workstation.store import find_case

    out = tmp_path / "stick"
    out.mkdir()
    editor = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form("filing_approval"), prompts)
    qtbot.addWidget(editor)
    editor.set_field("source", FILING_SOURCE["source"])  # a demo case from no lead: the officer chooses its source
    before = counts(demo_db)

    def half_then_full(self, payload):
        with open(self, "wb") as fh:
            fh.write(payload[:len(payload) // 2])
        raise fail(errno.ENOSPC, self)

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    prompts.files.append(str(out / f"立案审批表.{fmt}"))
    editor.save_as(fmt)
    monkeypatch.undo()
    editor.shutdown()
    one_line(prompts, f"立案审批表.{fmt}", "the disk is full", f"Free some space on the disk holding {out}")
    assert list(out.iterdir()) == [] and counts(demo_db) == before


def test_a_bundle_export_on_a_full_stick(window, demo_db, prompts, monkeypatch, tmp_path, english):
    before = counts(demo_db)
    (tmp_path / "stick").mkdir()  # a stick plugged in (a missing folder is refused before anything is written)
    zip_fills_up(monkeypatch)
    window.exchange_page.run_export(str(tmp_path / "stick" / "南海.bundle"), everything=True)
    one_line(prompts, "南海.bundle", "the disk is full", "Free some space", "or choose another folder")
    assert list((tmp_path / "stick").iterdir()) == [] and counts(demo_db) == before


def test_a_bundle_export_whose_record_does_not_fit_leaves_no_bundle(window, demo_db, data_dir, prompts,
                                                                    full_task_database, tmp_path, english):
    from ui import bundle_tasks

    before = counts(demo_db)
    (tmp_path / "stick").mkdir()
    full_task_database(bundle_tasks)
    window.exchange_page.run_export(str(tmp_path / "stick" / "南海.bundle"), everything=True)
    one_line(prompts, str(data_dir / "workstation.db"), "is full", "Free some space")
    assert list((tmp_path / "stick").iterdir()) == [] and counts(demo_db) == before


def test_a_backup_on_a_full_disk(window, data_dir, prompts, monkeypatch, english):
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    assert prompts.errors == [] and len(prompts.infos) == 1
    prompts.infos.clear()
    earlier = [b["id"] for b in list_backups(data_dir)]
    monkeypatch.setattr(backup_format, "open", filling_open(100_000, errno.ENOSPC), raising=False)
    dialog.buttons["backup_now"].click()
    one_line(prompts, "The backup was not written", str(data_dir / "backups"), "is full",
             "the earlier backups are intact")
    assert [b["id"] for b in list_backups(data_dir)] == earlier
    assert [p.name for p in (data_dir / "backups").iterdir() if p.name.endswith(".part")] == []


def test_a_change_saved_in_a_dialog_on_a_full_disk(demo_db, data_dir, prompts, qtbot, english):
    from ui.case_dialog import CaseDialog
    from workstation.store import find_case, get_case

    case = find_case(demo_db, CASE)
    dialog = CaseDialog(demo_db, prompts, get_case(demo_db, case.id))
    qtbot.addWidget(dialog)
    before = counts(demo_db)
    dialog.facts.setPlainText("经查，当事人未经消费者同意向其发送商业性短信。" * 2000)
    fill_up(demo_db)
    dialog.save()
    one_line(prompts, "The change was not saved", str(data_dir / "workstation.db"), "is full", "Free some space")
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved_case is None
    assert counts(demo_db) == before and get_case(demo_db, case.id).facts == case.facts
    assert dialog.facts.toPlainText().startswith("经查")  # what the officer typed is still there to save again


def test_an_autosave_on_a_full_disk_is_said_beside_the_fields(demo_db, data_dir, prompts, qtbot, english):
    from ui.form_editor import FormEditor
    from workstation.documents.drafts import find_form
    from workstation.store import find_case

    editor = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form("inquiry_record"), prompts)
    qtbot.addWidget(editor)
    saved = demo_db.execute("SELECT values_json FROM drafts WHERE id = ?", [editor.draft.id]).fetchone()[0]
    typed = "当事人称其不知情。" * 3000
    editor.fields["place"].set_value(typed)
    fill_up(demo_db)
    editor.autosave()
    text = editor.autosave_label.text()
    assert text.startswith("Autosave failed: The change was not saved") and "is full" in text, text
    assert prompts.errors == [] and editor.fields["place"].value() == typed  # still there to be saved
    assert demo_db.execute("SELECT values_json FROM drafts WHERE id = ?", [editor.draft.id]).fetchone()[0] == saved
    demo_db.execute("PRAGMA max_page_count = 1073741823")  # room again
    editor.shutdown()
