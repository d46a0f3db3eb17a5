"""The 文号 the issue confirmation names is the one issued: taken by another process (`docs issue`, another
window) while the confirmation was open, nothing is issued and the officer is told and asked again, naming the
文号 it would take now; the core refuses an issue whose number shown is no longer next and writes nothing."""

from __future__ import annotations

import pytest

from tests.helpers import beijing_year
from workstation.db import open_database
from workstation.db.connection import immediate
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.numbering import next_number, take_number
from workstation.paths import database_path
from workstation.store import find_case

CASE = "佛禅市监立〔2026〕1号"
YEAR = beijing_year()


def _counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "doc_numbers")}


@pytest.fixture
def other(data_dir, demo_db):
    """A second connection to the same database, as another process (the CLI's `docs issue`) holds."""
    second = open_database(database_path(data_dir))
    yield second
    second.conn.close()


def _take_meanwhile(other, case) -> str:
    """Another process issues a document of the same type: the next 文号 of 责改 is gone."""
    with immediate(other):
        return take_number(other, case.agency_id, "责改").number


def _hooked(prompts, other, case, taken: list):
    """The scripted confirmation, another process taking the 文号 while the first one is open."""
    scripted = prompts.confirm_issue

    def confirm_issue(parent, question, number, check):
        if not taken:
            taken.append(_take_meanwhile(other, case))
        return scripted(parent, question, number, check)

    prompts.confirm_issue = confirm_issue


def test_the_editor_asks_again_naming_the_new_number_when_the_shown_one_was_taken(
        demo_db, other, opened, prompts, english):
    case = find_case(demo_db, CASE)
    ed = opened(demo_db, "rectification_order", case)
    prompts.confirm_answer = True
    taken: list[str] = []
    _hooked(prompts, other, case, taken)
    ed.issue()
    assert taken and taken[0].endswith(f"责改〔{YEAR}〕1号")
    assert prompts.errors == []
    assert len(prompts.confirmations) == 2
    first, second = prompts.confirmations
    assert f"It takes the next 文号, {taken[0]}," in first
    assert taken[0] in second and "nothing was issued" in second
    assert ed.document is not None and ed.document.number.endswith(f"责改〔{YEAR}〕2号")
    assert f"It takes the next 文号, {ed.document.number}," in second
    assert [row[0] for row in demo_db.execute("SELECT number FROM documents WHERE form_id = 'rectification_order'")
            ] == [ed.document.number]


def test_the_editor_issues_nothing_when_the_officer_declines_the_new_number(demo_db, other, opened, prompts,
                                                                          english):
    case = find_case(demo_db, CASE)
    ed = opened(demo_db, "rectification_order", case)
    answers = iter([True, False])
    scripted = prompts.confirm_issue

    def confirm_issue(parent, question, number, check):
        prompts.confirm_answer = next(answers)
        if prompts.confirm_answer:
            _take_meanwhile(other, case)
        return scripted(parent, question, number, check)

    prompts.confirm_issue = confirm_issue
    before = _counts(demo_db)
    ed.issue()
    assert len(prompts.confirmations) == 2 and prompts.errors == []
    # only the other process's number taken: nothing issued here
    assert _counts(demo_db) == {"documents": before["documents"], "doc_numbers": before["doc_numbers"] + 1}
    assert ed.document is None and ed.issue_action.isEnabled()


def test_the_case_documents_list_asks_again_too(demo_db, other, data_dir, prompts, qtbot, english):
    from ui.case_documents import CaseDocuments

    case = find_case(demo_db, CASE)
    section = CaseDocuments(demo_db, data_dir, case, prompts)
    qtbot.addWidget(section)
    section.form_choice.setCurrentIndex(section.form_choice.findData("rectification_order"))
    prompts.confirm_answer = True
    taken: list[str] = []
    _hooked(prompts, other, case, taken)
    section.issue()
    assert prompts.errors == [] and len(prompts.confirmations) == 2
    [number] = [row[0] for row in demo_db.execute(
        "SELECT number FROM documents WHERE form_id = 'rectification_order'")]
    assert number.endswith(f"责改〔{YEAR}〕2号") and number in prompts.confirmations[1]
    assert taken[0] in prompts.confirmations[1]


def test_issue_document_refuses_a_number_shown_no_longer_next_and_writes_nothing(demo_db, other, data_dir):
    from workstation.documents.issuing import NumberMoved

    case = find_case(demo_db, CASE)
    form = find_form("rectification_order")
    shown = next_number(demo_db, case.agency_id, "责改")
    taken = _take_meanwhile(other, case)
    assert taken == shown
    before = _counts(demo_db)
    audit = demo_db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    with pytest.raises(NumberMoved) as raised:
        issue_document(demo_db, data_dir, case, form, number_shown=shown)
    assert (raised.value.shown, raised.value.number) == (shown, next_number(demo_db, case.agency_id, "责改"))
    assert _counts(demo_db) == before
    assert demo_db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audit
    # the number shown still next: issued with it
    issued = issue_document(demo_db, data_dir, case, form, number_shown=raised.value.number)
    assert issued.number == raised.value.number
