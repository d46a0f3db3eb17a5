"""作出行政处罚决定 (or 作出不予行政处罚决定) recorded in the window with no 行政处罚决定书 (不予行政处罚决定书) in force:
the officer is offered to draft it now (起草行政处罚决定书), which opens the document's editor on the case with the
decision's date and amounts prefilled; declining leaves the case as recorded and opens nothing. A decision made
outside the workstation stays allowed: nothing is forced."""

from __future__ import annotations

import pytest

from tests.test_decision_date_from_document import ADDRESS, _awaiting_decision
from workstation.documents.drafts import find_form
from workstation.documents.issuing import documents_of_case, issue_document
from workstation.store import get_case

pytestmark = pytest.mark.gui

DECIDED = "2026-11-27"


def _workspace(qtbot, db, data_dir, prompts, case, opened):
    from ui.case_workspace import CaseWorkspace

    def ask(parent, transition, check=None, warning=None, **extra):
        return DECIDED, "集体讨论决定"  # the dialog's OK with the day and a reason, the warning read

    def open_editor(case, form, draft=None, document=None, party_id=None, **_rest):
        from ui.form_editor import FormEditor

        editor = FormEditor(db, data_dir, case, form, prompts, draft=draft, document=document, party_id=party_id)
        qtbot.addWidget(editor)
        opened.append(editor)
        return editor

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data_dir, open_editor=open_editor)
    qtbot.addWidget(workspace)
    return workspace


def test_recording_the_decision_offers_to_draft_the_decision_and_opens_it_with_the_amount(
        qtbot, db, data_dir, make_case, prompts, english):
    case = _awaiting_decision(db, data_dir, make_case)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, case, opened)
    prompts.choices = [0]  # 起草行政处罚决定书

    workspace.action_buttons["decide_penalty"].click()

    assert get_case(db, case.id).status == "penalty_decided"
    message, draft, later = prompts.offered[-1]
    assert "行政处罚决定书" in message and "must now be issued and served" in message
    assert draft == "Draft the 行政处罚决定书" and later == "Not now"
    [editor] = opened
    assert editor.form.id == "penalty_decision" and editor.case.id == case.id and editor.document is None
    values = editor.current_values()
    assert values["fine_fen"] == "50000.00"  # the amount the notice proposed, as the editor prefills it
    assert values["decided_on"] == DECIDED  # the day the decision was recorded with


def test_declining_the_offer_opens_nothing_and_keeps_the_decision_as_recorded(
        qtbot, db, data_dir, make_case, prompts, english):
    case = _awaiting_decision(db, data_dir, make_case)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, case, opened)
    prompts.choices = [1]  # 以后再说 (Esc, or the box closed, answers None: the same)

    workspace.action_buttons["decide_penalty"].click()

    decided = get_case(db, case.id)
    assert (decided.status, decided.decided_on) == ("penalty_decided", DECIDED)
    assert len(prompts.offered) == 1 and not opened
    assert not [d for d in documents_of_case(db, case.id) if d.form_id == "penalty_decision"]
    assert prompts.errors == []
    # the documents section is left as the case's status sets it: no form chosen on the officer's behalf
    assert workspace.documents.choice()[0] is None


def test_no_offer_when_the_decision_is_issued_already(qtbot, db, data_dir, make_case, prompts, english):
    case = _awaiting_decision(db, data_dir, make_case)
    issue_document(db, data_dir, case, find_form("penalty_decision"),
                   {**ADDRESS, "fine_fen": 50_000, "decided_on": DECIDED})
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, get_case(db, case.id), opened)

    workspace.action_buttons["decide_penalty"].click()

    assert get_case(db, case.id).status == "penalty_decided"
    assert prompts.offered == [] and not opened


def test_deciding_not_to_penalise_offers_the_no_penalty_decision(qtbot, db, data_dir, make_case, prompts, english):
    case = _awaiting_decision(db, data_dir, make_case)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, case, opened)
    prompts.choices = [0]
    prompts.confirm_answer = True

    workspace.action_buttons["decide_no_penalty"].click()

    assert get_case(db, case.id).status == "no_penalty"
    message, draft, _later = prompts.offered[-1]
    assert "不予行政处罚决定书" in message and draft == "Draft the 不予行政处罚决定书"
    [editor] = opened
    assert editor.form.id == "no_penalty_decision" and editor.case.id == case.id
    assert editor.current_values()["decided_on"] == DECIDED


def test_in_a_case_with_several_parties_the_party_left_without_a_decision_is_offered(
        qtbot, db, data_dir, make_case, prompts, english):
    """The company decided already (its 行政处罚决定书 issued): recording the decision offers the employee's, and the
    editor opens for the employee."""
    from tests.test_party_case10 import COMPANY, EMPLOYEE, decide
    from tests.test_s75_hearing_steps_ui import _two_parties_awaiting

    case, company, employee = _two_parties_awaiting(db, data_dir, make_case)
    decide(db, data_dir, case, company, fine_fen="50000", decided_on=DECIDED)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, get_case(db, case.id), opened)
    prompts.choices = [0]

    workspace.action_buttons["decide_penalty"].click()

    assert get_case(db, case.id).status == "penalty_decided"
    [(message, draft, _later)] = prompts.offered
    assert f"no 行政处罚决定书 is in force for {EMPLOYEE}" in message and COMPANY not in message
    assert draft == "Draft the 行政处罚决定书"
    [editor] = opened
    assert editor.form.id == "penalty_decision" and editor.case_party == employee
    assert prompts.errors == []


def test_no_offer_when_the_case_refuses_the_decision_document(qtbot, db, data_dir, make_case, prompts, english,
                                                             monkeypatch):
    """A 决定书 the case's documents list greyed out (refused before any value is typed) is not offered: drafting it
    would only be refused with “Not for this case”."""
    import ui.case_documents

    refuse = ui.case_documents.case_refusals

    def refusals(db, case, forms):
        return {**refuse(db, case, forms), "penalty_decision": "拒绝的理由。"}

    monkeypatch.setattr(ui.case_documents, "case_refusals", refusals)
    case = _awaiting_decision(db, data_dir, make_case)
    opened = []
    workspace = _workspace(qtbot, db, data_dir, prompts, case, opened)
    prompts.choices = [0]

    workspace.action_buttons["decide_penalty"].click()

    assert get_case(db, case.id).status == "penalty_decided"
    assert prompts.offered == [] and not opened and prompts.errors == []


def test_write_form_opens_the_form_for_the_party_and_says_why_a_refused_one_is_not(
        qtbot, db, data_dir, make_case, prompts, english):
    """``CaseDocuments.write_form``: the form and party chosen and written, as Write… does; a form the case refuses
    is said so, and no other form is written in its place."""
    from tests.test_party_case10 import with_employee
    from ui.case_documents import CaseDocuments

    case, _company, employee = with_employee(db, make_case(status="investigating", filed_on="2026-10-22"))
    opened = []

    def open_editor(case, form, draft=None, document=None, party_id=None, **_rest):
        opened.append((form.id, party_id))

    documents = CaseDocuments(db, data_dir, get_case(db, case.id), prompts, open_editor=open_editor)
    qtbot.addWidget(documents)

    documents.write_form("inquiry_notice", employee)  # 询问通知书, written to one party
    assert opened == [("inquiry_notice", employee)]
    assert documents.party_choice.currentData() == employee

    documents.write_form("on_the_spot_decision")  # a filed case is not decided on the spot
    assert opened == [("inquiry_notice", employee)]
    assert prompts.errors and prompts.errors[-1].startswith("Not for this case: ")
