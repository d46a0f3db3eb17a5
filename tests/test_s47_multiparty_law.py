"""Several parties in one case: each party's documents rest on that party's own law. The penalty norm and the fine
range of a party's 行政处罚告知书 and 行政处罚决定书 follow from its own decision, else its own notice — never from
the illegal gains another party's decision confiscated; a party's decision starts from the facts its own notice
stated, not the case's facts (written about the first party), as the decision of a case with one party starts from
its notice's. A case with one party reads its law as before."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel

from tests.test_multiparty11 import COMPANY_SERVED
from tests.test_party_case10 import decide, with_employee
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.law.case_law import case_law, fine_maximum
from workstation.penalty_terms import maximum_refusal
from workstation.store import get_case

DECIDED_ON = "2026-03-10"
CASE_FACTS = "经查，当事人未经消费者同意向其发送商业性短信1200条。"
EMPLOYEE_FACTS = "经查，当事人向他人出售客户名单600条，违法所得1000元。"
VIOLATION = ["unsolicited_commercial_messages"]


def noticed(db, data_dir, make_case, **case_fields):
    """The company told of a fine of ¥50,000 and no confiscation, its employee of ¥5,000 and ¥1,000 of illegal gains
    confiscated, each with its own facts; both served, their periods over: (case, company, employee)."""
    case, company, employee = with_employee(db, make_case(
        status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=CASE_FACTS,
        violations=VIOLATION, **case_fields))
    for party, values in ((company, {"fine_fen": "50000", "facts": CASE_FACTS}),
                          (employee, {"fine_fen": "5000", "confiscated_fen": "1000", "facts": EMPLOYEE_FACTS})):
        issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                       {"issued_on": "2026-03-01", "hearing_required": False, **values}, party_id=party)
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    return case, company, employee


def context(db, case, party) -> dict:
    return case_context(db, get_case(db, case.id), party)


# ---- 1. the law of each party's documents --------------------------------------------------------------------

def test_another_partys_confiscation_does_not_change_a_partys_penalty_basis(db, data_dir, make_case):
    case, company, employee = noticed(db, data_dir, make_case)
    before = context(db, case, company)["law.basis"]
    assert "消费者权益保护法" in before
    decide(db, data_dir, case, employee, decided_on=DECIDED_ON, fine_fen="5000", confiscated_fen="1000",
           facts=EMPLOYEE_FACTS)
    # the employee's ¥1,000 confiscated is no gain of the company's: its basis and its maximum stay its own
    assert context(db, case, company)["law.basis"] == before
    stored = get_case(db, case.id)
    assert maximum_refusal(db, stored, {"fine_fen": "50000", "party_id": company}) is None
    assert fine_maximum(db, stored, party_id=company).max_fen == 50_000_000
    decide(db, data_dir, case, company, decided_on=DECIDED_ON, fine_fen="50000", facts=CASE_FACTS)


def test_a_partys_own_confiscation_gives_its_own_law(db, data_dir, make_case):
    case, company, employee = noticed(db, data_dir, make_case)
    stored = get_case(db, case.id)
    # the employee's own notice confiscates ¥1,000: its gains make 广告法 art. 62 the heavier basis, ¥30,000 at most;
    # the company, which gained nothing, is fined under 消法 art. 56, up to ¥500,000
    assert case_law(db, stored, party_id=employee).penalty.norm.id == "advertising_law_62_1"
    assert fine_maximum(db, stored, party_id=employee).max_fen == 3_000_000
    assert case_law(db, stored, party_id=company).penalty.norm.id == "consumer_law_56_9"
    assert fine_maximum(db, stored, party_id=company).max_fen == 50_000_000


def test_a_case_with_one_party_reads_its_law_as_before(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-02-20", facts=CASE_FACTS, violations=VIOLATION,
                     confiscated_fen=100_000)
    stored = get_case(db, case.id)
    assert case_law(db, stored, party_id=stored.party_ids[0]) == case_law(db, stored)
    assert fine_maximum(db, stored).max_fen < 50_000_000


# ---- 2. the facts of each party's documents ------------------------------------------------------------------

def test_a_partys_decision_starts_from_the_facts_of_its_own_notice(db, data_dir, make_case):
    case, company, employee = noticed(db, data_dir, make_case)
    form = find_form("penalty_decision")
    assert default_values(form, context(db, case, employee))["facts"] == EMPLOYEE_FACTS
    assert default_values(form, context(db, case, company))["facts"] == CASE_FACTS


def test_a_partys_second_notice_starts_from_its_first(db, data_dir, make_case):
    case, company, employee = noticed(db, data_dir, make_case)
    form = find_form("pre_penalty_notice")
    assert default_values(form, context(db, case, employee))["facts"] == EMPLOYEE_FACTS


def test_a_partys_first_notice_starts_from_the_case_facts_and_a_one_party_decision_from_its_notice(
        db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          facts=CASE_FACTS, violations=VIOLATION))
    assert default_values(find_form("pre_penalty_notice"), context(db, case, employee))["facts"] == CASE_FACTS
    single = make_case(status="under_review", filed_on="2026-02-20", facts=CASE_FACTS, violations=VIOLATION)
    issue_document(db, data_dir, get_case(db, single.id), find_form("pre_penalty_notice"),
                   {"issued_on": "2026-03-01", "hearing_required": False, "fine_fen": "5000",
                    "facts": EMPLOYEE_FACTS})
    # the facts the party was told of and heard on, as with several parties (Penalty Law arts. 44, 62; s58)
    assert default_values(find_form("penalty_decision"), context(db, single, None))["facts"] == EMPLOYEE_FACTS


# ---- 3. the amounts of the document being checked ------------------------------------------------------------

def before_any_notice(db, make_case):
    """A case of the company and its employee recording ¥1,000 confiscated, no notice yet: (case, company,
    employee)."""
    return with_employee(db, make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27",
                                       facts=CASE_FACTS, violations=VIOLATION, confiscated_fen=100_000))


def test_a_later_partys_first_notice_rests_on_its_own_confiscation(db, data_dir, make_case):
    case, company, employee = before_any_notice(db, make_case)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"issued_on": "2026-03-01", "hearing_required": False, "fine_fen": "30000",
                    "confiscated_fen": "0"}, party_id=company)
    stored = get_case(db, case.id)
    # the employee's notice confiscates ¥1,000: its own gains make 广告法 art. 62 its basis, ¥30,000 at most
    refusal = maximum_refusal(db, stored, {"fine_fen": 5_000_000, "confiscated_fen": 100_000, "party_id": employee})
    assert refusal and "广告法" in refusal
    with pytest.raises(WorkstationError, match="广告法"):
        issue_document(db, data_dir, stored, find_form("pre_penalty_notice"),
                       {"issued_on": "2026-03-01", "hearing_required": False, "fine_fen": "50000",
                        "confiscated_fen": "1000"}, party_id=employee)


def test_a_first_partys_notice_is_not_judged_on_the_gains_recorded_for_another(db, data_dir, make_case):
    case, company, employee = before_any_notice(db, make_case)
    stored = get_case(db, case.id)
    # the company's notice confiscates nothing: the ¥1,000 recorded on the case are not its gains
    assert maximum_refusal(db, stored, {"fine_fen": 5_000_000, "confiscated_fen": 0, "party_id": company}) is None
    issue_document(db, data_dir, stored, find_form("pre_penalty_notice"),
                   {"issued_on": "2026-03-01", "hearing_required": False, "fine_fen": "50000",
                    "confiscated_fen": "0"}, party_id=company)
    # with no values of its own, the employee is judged as before: on the case's fine, confiscating nothing
    assert case_law(db, get_case(db, case.id), party_id=employee).penalty.norm.id == "consumer_law_56_9"


# ---- 4. the basis printed on the document being drafted or issued --------------------------------------------

LATER_NOTICE = {"issued_on": "2026-03-01", "hearing_required": True, "fine_fen": "20000", "confiscated_fen": "1000"}


def company_noticed(db, data_dir, make_case):
    """``before_any_notice`` with the company's notice issued (¥30,000, nothing confiscated): (case, company,
    employee)."""
    case, company, employee = before_any_notice(db, make_case)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"issued_on": "2026-03-01", "hearing_required": False, "fine_fen": "30000",
                    "confiscated_fen": "0"}, party_id=company)
    return case, company, employee


def test_a_later_partys_first_notice_prints_the_basis_of_its_own_amounts(db, data_dir, make_case):
    case, company, employee = company_noticed(db, data_dir, make_case)
    # ¥20,000 with ¥1,000 confiscated passes the check under 广告法 art. 62: the notice prints that basis, not 消法's
    document = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"), LATER_NOTICE,
                              party_id=employee)
    assert "广告法" in document.values["basis"]
    assert "消费者权益保护法" not in document.values["basis"]


def test_a_later_partys_drafted_notice_prints_the_basis_of_its_own_amounts(db, data_dir, make_case):
    from workstation.documents.drafts import draft_values

    case, company, employee = company_noticed(db, data_dir, make_case)
    values, _context = draft_values(db, get_case(db, case.id), find_form("pre_penalty_notice"), LATER_NOTICE,
                                    party_id=employee)
    assert "广告法" in values["basis"]
    # the company's own draft, confiscating nothing, keeps 消法 art. 56
    values, _context = draft_values(db, get_case(db, case.id), find_form("pre_penalty_notice"),
                                    {**LATER_NOTICE, "confiscated_fen": "0"}, party_id=company)
    assert "消费者权益保护法" in values["basis"]


# ---- 5. the basis the editor shows for the amounts typed -----------------------------------------------------

def _type_amount(qtbot, editor, name: str, text: str) -> None:
    box = editor.fields[name].edit
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_the_editor_shows_the_basis_of_the_amounts_typed_for_a_later_party(db, data_dir, make_case, opened,
                                                                            qtbot):
    case, company, employee = company_noticed(db, data_dir, make_case)
    editor = opened(db, "pre_penalty_notice", get_case(db, case.id), party_id=employee)
    assert "消费者权益保护法" in editor.fields["basis"].value()  # nothing typed yet: the case's fine, no gains
    _type_amount(qtbot, editor, "fine_fen", "20000")
    _type_amount(qtbot, editor, "confiscated_fen", "1000")
    # ¥1,000 of its own gains confiscated: 广告法 art. 62, as the notice is checked and printed
    assert "广告法" in editor.fields["basis"].value()
    assert "消费者权益保护法" not in editor.fields["basis"].value()
    editor.wait_for_preview()
    assert "广告法" in editor.law_panel.findChild(QLabel, "penalty_range").text()  # the law panel says the same
    # undone, the confiscation typed goes and the basis with it
    editor.undo_stack.undo()
    assert "消费者权益保护法" in editor.fields["basis"].value()
    editor.undo_stack.redo()
    assert "广告法" in editor.fields["basis"].value()
    # a basis the officer wrote stays whatever is typed after
    editor.set_field("basis", "依据本机关认定的条款。")
    _type_amount(qtbot, editor, "confiscated_fen", "0")
    assert editor.fields["basis"].value() == "依据本机关认定的条款。"
