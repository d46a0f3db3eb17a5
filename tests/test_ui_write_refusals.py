"""A database that refuses a change — its disk full, the file read-only, or locked by another copy of the
workstation — while the officer saves a dialog, moves a case along, decides a lead, adds evidence or opens, closes
or issues a document: one message box line saying that the change was not saved, which file and what to do; the
data as it was; the dialog or editor still open with what was typed.

The refusals are real SQLite ones on the window's own connection: no page more than the file has
(``max_page_count``: SQLITE_FULL), ``query_only`` (SQLITE_READONLY) and another connection holding the write lock
with no time to wait (SQLITE_BUSY)."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest

from PySide6.QtWidgets import QDialog

from tests.helpers import FILING_SOURCE, beijing_today, fill_inquiry_to_issue
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.store import drafts

pytestmark = pytest.mark.gui
CASE = "佛南市监立〔2026〕9号"  # investigating
KINDS = ["full", "read-only", "locked"]
SAID = {"full": ("is full", "Free some space"), "read-only": ("cannot be written", "read-only", "permissions"),
        "locked": ("is locked by another program", "Close that program")}
LONG = "经查，当事人未经消费者同意向其发送商业性短信。" * 2000  # more than the pages a full disk has left


def refuse(db, kind: str):
    """From now on ``db`` refuses every change as ``kind`` (a full disk refuses only a change needing one more page:
    the tests write a long text); returns what makes it take changes again."""
    if kind == "full":
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return lambda: db.execute("PRAGMA max_page_count = 1073741823")
    if kind == "read-only":
        db.execute("PRAGMA query_only = ON")
        return lambda: db.execute("PRAGMA query_only = OFF")
    holder = sqlite3.connect(db.file(), isolation_level=None)  # another copy of the workstation, writing
    holder.execute("BEGIN IMMEDIATE")
    timeout = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")

    def release():
        holder.execute("ROLLBACK")
        holder.close()
        db.execute(f"PRAGMA busy_timeout = {timeout}")

    return release


@contextmanager
def refusing(db, kind: str):
    """``db`` refuses every change of the ``with`` block as ``kind``."""
    release = refuse(db, kind)
    try:
        yield
    finally:
        release()


def snapshot(db) -> dict:
    tables = ("cases", "case_events", "leads", "documents", "drafts", "evidence", "audit", "settings")
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def refused_line(prompts, data_dir, kind: str) -> str:
    assert prompts.infos == [] and len(prompts.errors) == 1, prompts.errors
    message = prompts.errors[0]
    assert "\n" not in message and message.startswith("The change was not saved"), message
    for part in (str(data_dir / "workstation.db"), *SAID[kind]):
        assert part in message, message
    return message


@pytest.fixture
def window(make_window, demo_db):
    return make_window(demo_db, ask_transition=lambda parent, t: (beijing_today().isoformat(), LONG))


@pytest.mark.parametrize("kind", KINDS)
def test_an_edited_case_saved_on_a_refusing_database(demo_db, data_dir, prompts, qtbot, kind, english):
    from ui.case_dialog import CaseDialog
    from workstation.store import find_case, get_case

    case = find_case(demo_db, CASE)
    dialog = CaseDialog(demo_db, prompts, get_case(demo_db, case.id))
    qtbot.addWidget(dialog)
    before = snapshot(demo_db)
    dialog.facts.setPlainText(LONG)
    with refusing(demo_db, kind):
        dialog.save()
    refused_line(prompts, data_dir, kind)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved_case is None
    assert snapshot(demo_db) == before and dialog.facts.toPlainText() == LONG


@pytest.mark.parametrize("kind", KINDS)
def test_a_case_moved_along_on_a_refusing_database(window, demo_db, data_dir, prompts, kind, english):
    from workstation.store import find_case

    workspace = window.open_case(find_case(demo_db, CASE).id)
    before = snapshot(demo_db)
    with refusing(demo_db, kind):
        workspace.action_buttons["suspend"].click()
    refused_line(prompts, data_dir, kind)
    assert snapshot(demo_db) == before and find_case(demo_db, CASE).status == "investigating"
    assert "suspend" in workspace.action_buttons and "resume" not in workspace.action_buttons


@pytest.mark.parametrize("kind", ["read-only", "locked"])  # assigning writes a few short rows: no new page
def test_a_lead_assigned_on_a_refusing_database(window, demo_db, data_dir, prompts, kind, english):
    from workstation.leads_workflow import get_lead_row
    from workstation.store import list_agencies

    fresh_lead(demo_db)
    page = window.leads_page
    page.select(LEAD)
    names = [a.name for a in list_agencies(demo_db) if a.level != "city"]
    prompts.choices = [names.index("佛山市禅城区市场监督管理局")]
    prompts.confirm_answer = True  # the notice would be written next: it is not, the lead is not assigned
    before = snapshot(demo_db)
    with refusing(demo_db, kind):
        page.assign()
    refused_line(prompts, data_dir, kind)
    assert snapshot(demo_db) == before and get_lead_row(demo_db, LEAD)["status"] == "registered"
    assert window.editors == [] and page.buttons["assign"].isEnabled()


@pytest.mark.parametrize("kind", ["read-only", "locked"])  # a new draft is one short row: no new page
def test_a_document_opened_on_a_refusing_database(window, demo_db, data_dir, prompts, kind, english):
    from workstation.documents.drafts import find_form
    from workstation.store import find_case

    before = snapshot(demo_db)
    with refusing(demo_db, kind):
        editor = window.open_editor(find_case(demo_db, CASE), find_form("filing_approval"))
    refused_line(prompts, data_dir, kind)
    assert editor is None and window.editors == [] and snapshot(demo_db) == before


@pytest.fixture
def editor(window, demo_db):
    from workstation.documents.drafts import find_form
    from workstation.store import find_case

    editor = window.open_editor(find_case(demo_db, CASE), find_form("inquiry_record"))
    yield editor
    editor.shutdown()


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_closed_on_a_refusing_database_stays_open_with_what_was_typed(editor, demo_db, data_dir, prompts,
                                                                                 kind, english):
    editor.fields["place"].set_value(LONG)
    typed = editor.fields["place"].value()  # as long as the field takes
    prompts.choices = [0]  # keep the changes as a draft
    before = snapshot(demo_db)
    with refusing(demo_db, kind):
        closed = editor.close()
    refused_line(prompts, data_dir, kind)
    assert not closed and editor.isVisible() and editor.fields["place"].value() == typed
    assert snapshot(demo_db) == before
    prompts.errors.clear()
    prompts.choices = [0]
    assert editor.close()  # once the database takes changes again
    assert drafts.get_draft(demo_db, editor.draft.id).values["place"] == typed


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_issued_on_a_refusing_database_takes_no_number(editor, demo_db, data_dir, prompts, kind, english):
    fill_inquiry_to_issue(editor)  # all it needs to be issued: only the database refuses
    editor.fields["place"].set_value(LONG)
    typed = editor.fields["place"].value()
    prompts.confirm_answer = True
    before = snapshot(demo_db)
    with refusing(demo_db, kind):
        editor.issue()
    refused_line(prompts, data_dir, kind)
    assert editor.document is None and editor.draft is not None and editor.fields["place"].value() == typed
    assert snapshot(demo_db) == before


def test_a_draft_is_closed_as_issued_in_the_issuing_transaction(demo_db, data_dir):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import find_case

    case, form = find_case(demo_db, CASE), find_form("filing_approval")
    draft = drafts.open_draft(demo_db, form.id, FILING_SOURCE, case_id=case.id)
    documents = demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    demo_db.execute("CREATE TEMP TRIGGER refuse_issued BEFORE UPDATE OF status ON drafts WHEN NEW.status = 'issued' "
                    "BEGIN SELECT RAISE(ABORT, 'the draft cannot be closed'); END")
    with pytest.raises(sqlite3.IntegrityError), drafts.issuing_from(demo_db, draft.id, FILING_SOURCE):
        issue_document(demo_db, data_dir, case, form, FILING_SOURCE)
    assert demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == documents  # nothing issued either
    assert drafts.get_draft(demo_db, draft.id).status == "open"
    demo_db.execute("DROP TRIGGER refuse_issued")
    with drafts.issuing_from(demo_db, draft.id, {**FILING_SOURCE, "note": "issued"}):
        issue_document(demo_db, data_dir, case, form, FILING_SOURCE)
    assert demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == documents + 1
    assert drafts.get_draft(demo_db, draft.id).status == "issued"


@pytest.mark.parametrize("kind", ["full", "read-only"])  # a locked file is refused when the task opens it
def test_evidence_added_on_a_refusing_database_keeps_the_dialog_open(window, demo_db, data_dir, prompts, qtbot,
                                                                     monkeypatch, tmp_path, kind, english):
    from ui.case_evidence import EvidenceDialog
    from ui.task_runner import ImmediateRunner
    from workstation import tasks
    from workstation.store import find_case

    real = tasks.open_database

    def refusing_task_database(path, **kwargs):
        db = real(path, **kwargs)
        refuse(db, kind)  # the task's own connection, closed by the task
        return db

    monkeypatch.setattr(tasks, "open_database", refusing_task_database)
    file = tmp_path / "现场照片.jpg"
    file.write_bytes(b"\xff\xd8 photo")
    dialog = EvidenceDialog(demo_db, data_dir, find_case(demo_db, CASE), prompts, path=str(file),
                            runner=ImmediateRunner())
    qtbot.addWidget(dialog)
    dialog.source.setText("当事人经营场所")
    dialog.description.setText(LONG)
    typed = dialog.description.text()  # as long as a line takes
    before = snapshot(demo_db)
    dialog.save()
    refused_line(prompts, data_dir, kind)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.saved is None
    assert dialog.description.text() == typed and snapshot(demo_db) == before
