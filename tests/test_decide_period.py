"""The decision and the parties' statement periods: the workspace greys out 作出处罚决定 while a party's period still
runs, naming that party and its last day, as it does 陈述申辩期满; in a case with one party the 行政处罚决定书 and the
不予行政处罚决定书 exclude each other while the case awaits its decision too; a party of a case decided with
penalties issued a 不予行政处罚决定书 adds nothing to the case's figures."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice, legal_review
from tests.test_decide_documents import PENALTY, SPARED, _issue
from tests.test_multiparty_closeguard import company_decided, spare
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, notice, with_employee
from tests.test_s45_hearing_path import hearing_documents
from ui.layouts import plain_label
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import WorkstationError
from workstation.stats import bureau_table, campaign_stats, monthly
from workstation.store import get_case
from workstation.store.cases import list_cases

# ---- 1. 作出处罚决定 greyed out while a party's statement period runs ------------------------------------------

# the employee is served a week after the company, so that its period still runs once the company's hearing,
# held seven working days after its 听证通知书 (Penalty Law art. 64 (2)), is concluded
EMPLOYEE_SERVED, EMPLOYEE_LAST, HEARD = "2026-03-09", "2026-03-16", "2026-03-12"


@pytest.fixture
def heard_company(db, data_dir, make_case):
    """A case of the company and its employee, the company served on 2026-03-02 and the employee on 03-09; the
    company asked for a hearing, notified on 03-03, held and concluded on 03-12, and the employee (no hearing right)
    may state and defend until 03-16: the case awaits its decision."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-27",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-03", hearing_date=HEARD)
    procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_SERVED, party_ids=(employee,))
    procedure.apply(db, case.id, "conclude_hearing", on_date=HEARD)
    hearing_documents(db, data_dir, case, HEARD, company)  # the decision rests on them (art. 65)
    legal_review(db, data_dir, case, reviewed_on=HEARD)  # a hearing held: 法制审核 before the decision (art. 58)
    assert get_case(db, case.id).status == "decision_pending"
    return case


def test_the_workspace_greys_out_the_penalty_decision_naming_the_party_whose_period_runs(
        db, heard_company, make_window, monkeypatch, english):
    from PySide6.QtWidgets import QLabel

    monkeypatch.setattr(procedure, "today", lambda: "2026-03-13")
    workspace = make_window(db).open_case(heard_company.id)
    button = workspace.action_buttons["decide_penalty"]
    assert not button.isEnabled()
    tip = button.toolTip()
    assert tip.startswith(f"{EMPLOYEE} may state, defend and request a hearing until {EMPLOYEE_LAST}")
    assert COMPANY not in tip.split("The case has several parties")[0]  # the company was heard
    assert tip == procedure.date_refusal(db, get_case(db, heard_company.id), "decide_penalty", "2026-03-13")
    notes = [label.text() for label in workspace.findChildren(QLabel)]
    assert any(note.startswith(f"{plain_label(button.text())}：{EMPLOYEE}") for note in notes)
    # the decision not to penalise does not wait for the period
    assert workspace.action_buttons["decide_no_penalty"].isEnabled()
    # from the day after the employee's last day the decision is offered
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-17")
    assert make_window(db).open_case(heard_company.id).action_buttons["decide_penalty"].isEnabled()


# ---- 2. a case with one party takes one decision ------------------------------------------------------------------

@pytest.fixture
def awaiting(make_case):
    """A case with one party awaiting its decision, the party having waived its statement."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS)


def test_a_one_party_case_awaiting_its_decision_takes_no_no_penalty_decision_after_a_penalty_decision(
        db, data_dir, awaiting, english, table_counts):
    decision = _issue(db, data_dir, awaiting, "penalty_decision", PENALTY)
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, awaiting, "no_penalty_decision", SPARED)
    assert str(refused.value) == (f"A 行政处罚决定书 is in force for {COMPANY}; a party is either penalised or not, the "
                                  "two decisions exclude each other: void it first if it was wrong.")
    assert table_counts(db) == before  # no 文号 taken, nothing written
    # voided as wrong, the decision not to penalise may be issued; then the penalty decision is refused
    void_document(db, decision.id, "应不予处罚")
    assert _issue(db, data_dir, awaiting, "no_penalty_decision", SPARED).number
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, awaiting, "penalty_decision", PENALTY)
    assert str(refused.value) == (f"A 不予行政处罚决定书 was issued to {COMPANY}; a party is either penalised or not, "
                                  "the two decisions exclude each other: void it first if it was wrong.")
    assert table_counts(db) == before


def test_a_one_party_case_decided_keeps_refusing_the_other_decision(db, data_dir, awaiting, english):
    first = _issue(db, data_dir, awaiting, "penalty_decision", PENALTY)
    procedure.apply(db, awaiting.id, "decide_penalty", on_date="2026-03-10")
    with pytest.raises(WorkstationError):
        _issue(db, data_dir, awaiting, "no_penalty_decision", SPARED)
    # a corrected 行政处罚决定书 is still a penalty decision: not refused by the rule
    assert issue_document(db, data_dir, get_case(db, awaiting.id), find_form("penalty_decision"),
                          {**PENALTY, "fine_fen": "4000"}, supersedes=first.id).number


# ---- 3. a party not penalised in a case decided with penalties adds nothing -----------------------------------

def test_a_party_not_penalised_adds_nothing_to_the_figures_of_a_case_decided_with_penalties(db, data_dir, make_case):
    case, company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")

    def figures():
        stats = campaign_stats(db)
        total = next(row for row in bureau_table(db) if row["kind"] == "total")
        row = next(row for row in list_cases(db) if row.id == case.id)
        return (stats["fines_fen"], stats["confiscated_fen"], stats["cases"]["by_status"],
                total["penalties_total_fen"], [m["penalties_total_fen"] for m in monthly(db)], row.penalties_fen)

    before = figures()
    assert before == (5_000_000, 0, {"served": 1}, 5_000_000, [5_000_000], 5_000_000)  # the company's ¥50,000
    spare(db, data_dir, case, employee)
    assert figures() == before
