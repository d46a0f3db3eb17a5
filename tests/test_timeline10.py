"""The case timeline and issuing (session 10): issued documents are on the timeline, on the date each bears, with
their 文号 and marked when voided or corrected; the workspace's timeline shows an issue or an action at once; and
every check that refuses issuing is said before the officer is asked to confirm, not after."""

from __future__ import annotations

import pytest

from tests.helpers import numbers_taken
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document, void_document
from workstation.store import get_case
from workstation.store.cases import case_timeline

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
MAXIMUM = "is above the maximum of ¥500,000.00 that the penalty basis"


def notice(db, data_dir, case, issued_on, supersedes=None, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": issued_on, "hearing_required": False, "warning": True,
                           **values},
                          supersedes=supersedes)


def timeline_lines(workspace) -> list[str]:
    return [workspace.timeline.item(i).text() for i in range(workspace.timeline.count())]


def button(section, name):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in section.findChildren(QPushButton) if b.objectName().startswith(name))


@pytest.fixture
def served(make_case):
    """A case filed on 2 March 2026 whose pre-penalty notice was delivered on 5 March, recording a ¥3,000 fine (the
    penalty a notice issued without its editor proposes: never a form's default)."""
    return make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-05", facts=FACTS,
                     fine_fen=300_000, evidence=False)  # no evidence registered: its timeline shows its documents


@pytest.fixture
def assessed(make_case):
    """A case assessed under 消法 art. 56 (¥500,000 at most without illegal gains) recording a ¥600,000 fine."""
    return make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     violations=["unsolicited_commercial_messages"], act_on="2026-01-10", fine_fen=60_000_000)


# 1. issued documents on the timeline --------------------------------------------------------------------------------
def test_an_issued_notice_is_on_the_timeline_on_its_date_between_the_procedure_dates(db, data_dir, served, english):
    issued = notice(db, data_dir, served, "2026-03-03")
    lines = [(e.on_date, e.text) for e in case_timeline(db, get_case(db, served.id))]
    line = ("2026-03-03", f"Issued 行政处罚告知书 {issued.number}")
    assert issued.number.startswith("佛南市监告〔2026〕") and line in lines
    assert lines.index(("2026-03-02", "Case filed")) < lines.index(line) < lines.index(
        ("2026-03-05", "Pre-penalty notice delivered"))


def test_a_correction_and_a_voided_document_are_marked_and_the_void_reason_is_the_note(db, data_dir, served,
                                                                                      english):
    first = notice(db, data_dir, served, "2026-03-03", fine_fen="1000")
    second = notice(db, data_dir, served, "2026-03-04", supersedes=first.id, fine_fen="2000")
    # a party receives one 告知书 in force: a third one replaces the second (voided at once, the second stands)
    third = notice(db, data_dir, served, "2026-03-04", supersedes=second.id, fine_fen="3000")
    void_document(db, third.id, "错发给联系人13800138000")
    entries = [e for e in case_timeline(db, get_case(db, served.id)) if e.kind == "document"]
    assert [(e.on_date, e.text, e.note) for e in entries] == [
        ("2026-03-03", f"Issued 行政处罚告知书 {first.number} (corrected by 行政处罚告知书 {second.number})", ""),
        ("2026-03-04", f"Issued 行政处罚告知书 {second.number} (correcting 行政处罚告知书 {first.number})", ""),
        ("2026-03-04", f"Issued 行政处罚告知书 {third.number} (correcting 行政处罚告知书 {second.number}) (void)",
         "错发给联系人13800138000")]
    # read from the documents table: nothing else stored for the timeline
    assert [e.kind for e in case_timeline(db, get_case(db, served.id)) if e.kind != "document"] == [
        "milestone", "created", "milestone"]


@pytest.mark.gui
def test_the_workspace_timeline_shows_an_issue_at_once_with_the_void_reason_masked(make_window, db, data_dir,
                                                                                   served, prompts, english):
    window = make_window(db)
    workspace = window.open_case(served.id)
    section = workspace.documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    prompts.confirm_answer = True
    button(section, "issue").click()
    assert prompts.errors == []
    workspace = window.case_tabs.currentWidget()
    issued = case_documents(db, served.id)[0]
    assert any(f"Issued 行政处罚告知书 {issued.number}" in line for line in timeline_lines(workspace))

    void_document(db, issued.id, "错发给联系人13800138000")
    workspace.reload()
    line = next(line for line in timeline_lines(workspace) if issued.number in line)
    assert "(void) — 错发给联系人138****8000" in line and "13800138000" not in line


@pytest.mark.gui
def test_a_document_issued_from_the_editor_reaches_the_timeline_without_reopening_the_case(make_window, db,
                                                                                          served, prompts, english):
    window = make_window(db)
    section = window.open_case(served.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    button(section, "write").click()
    editor = window.editors[-1]
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.errors == [] and editor.document is not None
    lines = timeline_lines(window.case_tabs.currentWidget())
    assert any(f"Issued 行政处罚告知书 {editor.document.number}" in line for line in lines)


@pytest.mark.gui
def test_a_workspace_on_its_own_refreshes_its_timeline_when_its_editor_issues(qtbot, db, data_dir, served, prompts,
                                                                             english):
    from ui.case_workspace import CaseWorkspace
    from ui.form_editor import FormEditor

    workspace = CaseWorkspace(db, served.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    section = workspace.documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    button(section, "write").click()
    editor = workspace.findChildren(FormEditor)[-1]
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.errors == [] and editor.document is not None
    assert any(f"Issued 行政处罚告知书 {editor.document.number}" in line for line in timeline_lines(workspace))
    editor.close()


@pytest.mark.gui
def test_the_timeline_shows_a_procedure_action_at_once(make_window, db, served, english):
    from dataclasses import replace

    from workstation.store.cases import update_case

    update_case(db, replace(served, fine_fen=300_000))  # the penalty decided (a case with none is refused)
    window = make_window(db, ask_transition=lambda parent, transition, *_checks: ("2026-03-20", ""))
    workspace = window.open_case(served.id)
    workspace.action_buttons["decide_penalty"].click()
    from workstation.vocabulary import shown_label

    assert get_case(db, served.id).status == "penalty_decided"
    after = shown_label("statuses", "penalty_decided")  # in English: Penalty decided
    assert any(line.startswith("2026-03-20") and f"→ {after}" in line for line in timeline_lines(workspace))


# 2. refused before being asked to confirm ---------------------------------------------------------------------------
@pytest.mark.gui
def test_the_issue_button_refuses_a_fine_above_the_maximum_before_asking(make_window, db, assessed, prompts,
                                                                        english):
    section = make_window(db).open_case(assessed.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    prompts.confirm_answer = True
    button(section, "issue").click()
    assert prompts.confirmations == [] and len(prompts.errors) == 1 and MAXIMUM in prompts.errors[0]
    assert numbers_taken(db) == 0 and case_documents(db, assessed.id) == []


@pytest.mark.gui
def test_the_issue_button_refuses_a_missing_field_before_asking(make_window, db, make_case, prompts, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03")  # no facts
    section = make_window(db).open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    prompts.confirm_answer = True
    button(section, "issue").click()
    assert prompts.confirmations == [] and len(prompts.errors) == 1 and prompts.errors[0] == "违法事实: This field is required."
    assert numbers_taken(db) == 0


@pytest.mark.gui
def test_the_editor_refuses_a_fine_above_the_maximum_before_asking_then_asks_once_it_can(make_window, db, assessed,
                                                                                       prompts, english):
    window = make_window(db)
    section = window.open_case(assessed.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("pre_penalty_notice"))
    button(section, "write").click()
    editor = window.editors[-1]
    editor.set_field("hearing_required", True)
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.confirmations == [] and len(prompts.errors) == 1 and MAXIMUM in prompts.errors[0]
    assert editor.document is None and numbers_taken(db) == 0

    editor.set_field("fine_fen", "500000")
    editor.issue()
    assert len(prompts.confirmations) == 1 and len(prompts.errors) == 1 and editor.document.number
