"""A case walked through its workspace by an officer (fresh-eyes QA): issuing the 行政处罚决定书 with 签发… while the
case awaits its decision says how to give the decision date it lacks, and in a case with several parties a party
no decision was issued to, while another party's decision was, is shown as such instead of with nothing about
its decision."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel, QPushButton

from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, notice, with_employee
from workstation import procedure
from workstation.documents.issuing import case_documents
from workstation.store import get_case

pytestmark = pytest.mark.gui


def click(section, name: str) -> None:
    next(b for b in section.findChildren(QPushButton) if b.objectName() == name).click()


def test_issuing_the_decision_before_it_is_recorded_says_how_to_give_its_date(db, make_case, make_window, prompts,
                                                                             english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-10",
                     notice_served_on="2026-03-12", notice_waived=True, facts=FACTS, fine_fen=5_000_000)
    workspace = make_window(db).open_case(case.id)
    section = workspace.documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("penalty_decision"))
    prompts.confirm_answer = True
    click(section, "issue")
    assert prompts.confirmations == [] and case_documents(db, case.id) == []
    assert len(prompts.errors) == 1
    assert "No decision date is recorded on the case yet: give it in the document (Write…), or first record the " \
           "decision among the case's procedure actions." in prompts.errors[0]


def test_a_party_without_a_decision_while_the_other_has_one_is_shown_so(db, data_dir, make_case, make_window,
                                                                       english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-20")
    decide(db, data_dir, case, company, fine_fen="50000")  # the employee's decision not issued yet
    assert get_case(db, case.id).status == "penalty_decided"

    workspace = make_window(db).open_case(case.id)
    names = [label.text() for label in workspace.findChildren(QLabel)]
    steps = [workspace.findChild(QLabel, f"party_steps_{n}").text() for n in (0, 1)]
    assert COMPANY in names and EMPLOYEE in names
    assert "decision not served" in steps[0] and "no decision in force" not in steps[0]
    assert steps[1].endswith("no decision in force")

    decide(db, data_dir, case, employee, fine_fen="5000")
    workspace.reload()
    steps = [workspace.findChild(QLabel, f"party_steps_{n}").text() for n in (0, 1)]
    assert all("decision not served" in s and "no decision in force" not in s for s in steps)
