"""What the party was told (QA round 4): the penalty recorded when the pre-penalty notice is served is kept with the
service, so that a decision heavier than it is refused even when the notice was written outside the workstation; a
decision after a service that recorded no penalty is warned about before it takes its number (Penalty Law arts.
44, 45, 62); the demo's cases at the notice stage record the penalty they were told of."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import numbers_taken
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document
from workstation.errors import WorkstationError
from workstation.penalty_terms import served_proposal, unrecorded_proposal_warning
from workstation.store import get_case
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def decide(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": "2026-03-20", "party_address": ADDRESS, **values})


@pytest.fixture
def served_outside(db, make_case):
    """A case whose notice, written on paper outside the workstation, proposed a fine of ¥3,000 recorded on the case;
    its service recorded on 3 March 2026; the case's fine then cleared (Edit case…) and the case awaiting its
    decision."""
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=300_000)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    case = update_case(db, replace(get_case(db, case.id), fine_fen=0, status="decision_pending"),
                       allow_status_change=True)
    return case


def test_the_service_keeps_the_penalty_the_party_was_told_of(db, served_outside):
    kept = served_proposal(db, get_case(db, served_outside.id))
    assert (kept.terms.fine_fen, kept.terms.confiscated_fen, kept.served_on, kept.number) == (
        300_000, 0, "2026-03-03", "")


def test_a_decision_heavier_than_the_penalty_served_is_refused(db, data_dir, served_outside, english):
    taken = numbers_taken(db)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, served_outside, fine_fen="30000")
    assert str(refused.value).startswith(
        "The decision is heavier than the penalty recorded as proposed when the notice was served on 2026-03-03: a "
        "fine of ¥30,000.00 (the notice proposed ¥3,000.00). The party was told of the notice's penalty")
    assert "(Penalty Law arts. 44, 45)" in str(refused.value)
    assert numbers_taken(db) == taken and case_documents(db, served_outside.id) == []

    assert decide(db, data_dir, served_outside, fine_fen="3000").values["fine_fen"] == 300_000


def test_a_decision_after_a_service_that_recorded_nothing_is_warned_about(db, data_dir, make_case, english):
    # served before the workstation kept the penalty told of: not refused, but the officer is warned
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS)
    warning = unrecorded_proposal_warning(db, case, {"fine_fen": 3_000_000})
    assert warning == (
        "The proposed penalty was not recorded when the notice was served on 2026-03-03, and no 行政处罚告知书 was "
        "issued in the workstation: check that the party was told of a fine of ¥30,000.00 and heard on it. A "
        "penalty the party was not told of, with its facts, grounds and basis, cannot be decided (Penalty Law arts. "
        "44, 62).")
    assert unrecorded_proposal_warning(db, case, {"warning": True}) is None  # nothing to pay: no amount to check
    assert decide(db, data_dir, case, fine_fen="30000").number


def test_a_notice_issued_here_is_kept_with_its_number(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS)
    notice = issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                            {"facts": FACTS, "issued_on": "2026-03-02", "fine_fen": "5000", "warning": False})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    kept = served_proposal(db, get_case(db, case.id))
    assert (kept.terms.fine_fen, kept.terms.warning, kept.number) == (500_000, False, notice.number)


@pytest.mark.gui
def test_the_question_before_issuing_warns_of_a_penalty_never_recorded_as_told(make_window, db, data_dir, make_case,
                                                                              prompts, english):
    from PySide6.QtWidgets import QPushButton

    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS)
    window = make_window(db)
    section = window.open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    next(b for b in section.findChildren(QPushButton) if b.objectName().startswith("write")).click()
    ed = window.editors[-1]
    ed.set_field("party_address", ADDRESS)
    ed.set_field("decided_on", "2026-03-20")
    ed.set_field("fine_fen", "30000")
    prompts.confirm_answer = False
    ed.issue()
    assert prompts.errors == [] and len(prompts.confirmations) == 1
    assert ("The proposed penalty was not recorded when the notice was served on 2026-03-03"
            in prompts.confirmations[0])
    assert "(Penalty Law arts. 44, 62)" in prompts.confirmations[0]
    assert ed.document is None


def test_the_demo_cases_at_the_notice_stage_record_the_penalty_told_of(demo_db, data_dir, english):
    from workstation.demo import load_seed

    told = [item for item in load_seed()["cases"] if item["status"] == "pre_notice"]
    assert told and all(item.get("proposed_fine_fen") for item in told)
    case = next(c for c in (get_case(demo_db, item["id"]) for item in told)
                if c.case_number == "佛禅市监立〔2026〕7号")
    kept = served_proposal(demo_db, case)
    assert (kept.terms.fine_fen, kept.served_on) == (200_000, case.notice_served_on)
    values = {"fine_fen": 3_000_000, "decided_on": "2026-11-23"}
    assert "a fine of ¥30,000.00 (the notice proposed ¥2,000.00)" in procedure.values_refusal(
        demo_db, case, "penalty_decision", values)
    # the penalty told of is not counted as imposed: the campaign's totals stay those of the decisions
    assert case.fine_fen == 0 and json.loads(demo_db.execute(
        "SELECT details FROM case_events WHERE case_id = ? AND kind = 'transition'", [case.id]).fetchone()[0])


# the penalty proposed shows on the case until the decision takes over ---------------------------------------------
@pytest.mark.gui
def test_the_workspace_shows_the_fine_the_served_notice_proposed_until_the_decision(make_window, db, data_dir,
                                                                                    make_case, english):
    from PySide6.QtWidgets import QLabel

    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS)
    issued = issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                            {"facts": FACTS, "issued_on": "2026-03-02", "fine_fen": "200000",
                             "hearing_required": True})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    window = make_window(db)
    workspace = window.open_case(case.id)
    assert workspace.findChild(QLabel, "fine").text() == f"proposed fine ¥200,000.00 (notice {issued.number})"
    assert workspace.findChild(QLabel, "penalties_total").text() == "proposed ¥200,000.00 in all, not decided yet"

    update_case(db, replace(get_case(db, case.id), status="decision_pending"), allow_status_change=True)
    decide(db, data_dir, case, fine_fen="150000", warning=False)
    workspace = make_window(db).open_case(case.id)  # the decision in force takes over
    assert workspace.findChild(QLabel, "fine").text() == "¥150,000.00"


@pytest.mark.gui
def test_the_case_list_marks_a_proposed_amount_as_proposed(demo_db, english):
    from PySide6.QtCore import Qt

    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation.store import CaseFilter

    model = CaseTableModel(demo_db)
    model.set_filter(CaseFilter())
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    rows = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    told = model.index(rows["佛禅市监立〔2026〕7号"], PENALTY_COLUMN)
    assert model.data(told) == "proposed ¥2,000.00"
    assert model.data(told, Qt.ItemDataRole.ToolTipRole) == "Proposed in the pre-penalty notice, not decided yet"
    assert model.data(told, Qt.ItemDataRole.ForegroundRole) is not None
    decided = model.index(rows["佛禅市监立〔2026〕1号"], PENALTY_COLUMN)
    assert model.data(decided) == "¥5,000.00" and model.data(decided, Qt.ItemDataRole.ForegroundRole) is None
