"""The legal review that counts for a party's decision is its latest 法制审核 in force dated on or before the day of the
decision (Penalty Law art. 58 para. 1: 审核未通过的，不得作出决定): a reviewer who re-reviews the case after new evidence
and answers 否 stops the decision although an earlier review passed — the step 作出行政处罚决定 and the 行政处罚决定书
are refused, naming that 案件审核表 — while a review that passes after a failed one counts. It is the same review the
warning at issue of the 行政处罚告知书 and 行政处理决定审批表 reads; one dated after the decision's day does not count
for it; in a case with several parties each party's own reviews are read (one recording no party is the first
party's)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import (
    REVIEW_FAILED,
    REVIEW_PASSED,
    failed_warnings,
    issue,
    legal_review,
    rewrite_issued,
    run,
)
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, notice, with_employee
from workstation import procedure
from workstation.decision_review import legal_review_recorded, mark_review_grounds, review_refusal
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case

SERVED = "2026-03-02"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
PASSED, FAILED = REVIEW_PASSED, REVIEW_FAILED
APPROVAL = {"decision_kind": "给予行政处罚", "fine_fen": "50000"}


@pytest.fixture
def marked(db, data_dir, make_case):
    """A company's case told of a fine of ¥500 by a 行政处罚告知书 issued here, its statement period over, marked
    疑难复杂: its decision needs a 法制审核."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    issue(db, data_dir, case, "pre_penalty_notice",
          {"facts": FACTS, "issued_on": SERVED, "fine_fen": "50000", "hearing_required": False})
    case = procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    return mark_review_grounds(db, case, ["complex"])


def reviewed(db, data_dir, case, *sheets, party_id=None):
    """Issue the 法制审核 ``sheets`` ((values, 审核日期) each, in that order) for ``case`` (and ``party_id``)."""
    for values, day in sheets:
        legal_review(db, data_dir, case, reviewed_on=day, party_id=party_id, **values)
    return get_case(db, case.id)


def test_a_failed_review_after_a_passed_one_refuses_the_step_on_the_command_line(db, data_dir, marked, capsys,
                                                                                 english, table_counts):
    case = reviewed(db, data_dir, marked, (PASSED, "2026-03-11"), (FAILED, "2026-03-12"))
    assert not legal_review_recorded(db, case, "2026-03-13")
    before = table_counts(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "decide_penalty",
                         "--date", "2026-03-13")
    assert code != 0
    said = out + err
    assert "did not pass" in said and "2026-03-12" in said
    assert "the review found the facts unclear, the evidence insufficient" in said
    assert "no review that passed is recorded" not in said  # one did: the later one overrules it
    assert table_counts(db) == before
    assert get_case(db, case.id).status == "decision_pending"


def test_a_failed_review_after_a_passed_one_refuses_the_decision_document(db, data_dir, marked, english,
                                                                          table_counts):
    case = reviewed(db, data_dir, marked, (PASSED, "2026-03-11"), (FAILED, "2026-03-12"))
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, "penalty_decision",
              {"decided_on": "2026-03-13", "party_address": ADDRESS, "fine_fen": "50000"})
    assert "2026-03-12" in str(refused.value) and "did not pass" in str(refused.value)
    assert table_counts(db) == before
    with pytest.raises(TransitionRefused, match="2026-03-12"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    # the same sheet the warning at issue of the 行政处理决定审批表 reads
    [warning] = failed_warnings(db, case, "decision_approval", APPROVAL)
    assert "2026-03-12" in warning


def test_a_failed_review_even_without_a_ground_overrules_an_earlier_pass(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-04", fine_fen=50_000,
                     notice_served_on="2026-03-06", facts=FACTS)
    case = reviewed(db, data_dir, case, (PASSED, "2026-03-05"), (FAILED, "2026-03-09"))
    refusal = review_refusal(db, case, "2026-03-13") or ""
    assert "2026-03-09" in refusal and "the review found the facts unclear" in refusal


def test_the_latest_by_its_day_counts_whatever_order_the_sheets_were_issued_in(db, data_dir, marked, english):
    # a failed review of 03-12 entered first, a passed one of 03-11 (an earlier paper sheet) entered after it
    case = reviewed(db, data_dir, marked, (FAILED, "2026-03-12"), (PASSED, "2026-03-11"))
    assert "2026-03-12" in (review_refusal(db, case, "2026-03-13") or "")
    assert [w for w in failed_warnings(db, case, "decision_approval", APPROVAL) if "2026-03-12" in w]


def test_a_passed_review_after_a_failed_one_counts(db, data_dir, marked, english):
    case = reviewed(db, data_dir, marked, (FAILED, "2026-03-11"), (PASSED, "2026-03-12"))
    assert legal_review_recorded(db, case, "2026-03-13")
    assert review_refusal(db, case, "2026-03-13") is None
    assert not failed_warnings(db, case, "decision_approval", APPROVAL)
    assert issue(db, data_dir, case, "penalty_decision",
                 {"decided_on": "2026-03-13", "party_address": ADDRESS, "fine_fen": "50000"}).number
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_a_review_dated_after_the_decision_day_does_not_count_for_it(db, data_dir, marked, english):
    # the failed re-review comes after the day of the decision: the passed one before it counts for that day
    case = reviewed(db, data_dir, marked, (PASSED, "2026-03-11"), (FAILED, "2026-03-14"))
    assert review_refusal(db, case, "2026-03-13") is None
    assert "2026-03-14" in (review_refusal(db, case, "2026-03-14") or "")
    # a passed re-review after the decision's day does not lift a failed one before it
    case = reviewed(db, data_dir, marked, (FAILED, "2026-03-12"))  # now: passed 11, failed 12, failed 14
    other = reviewed(db, data_dir, marked, (PASSED, "2026-03-16"))
    assert "2026-03-12" in (review_refusal(db, other, "2026-03-13") or "")
    assert review_refusal(db, other, "2026-03-16") is None


# ---- several parties: each party's own reviews, in their own order ------------------------------------------

@pytest.fixture
def two_parties(db, data_dir, make_case, monkeypatch):
    """The company and its employee, each told of ¥50 (notices served 03-02), the statement period over, the case
    marked 疑难复杂: each party's decision needs its own 法制审核."""
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-20")
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="5000")
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED)
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    mark_review_grounds(db, get_case(db, case.id), ["complex"])
    return get_case(db, case.id), company, employee


def decide(db, data_dir, case, party):
    return issue(db, data_dir, case, "penalty_decision", {"decided_on": "2026-03-13", "warning": True,
                                                          "fine_fen": "5000"}, party)


def test_each_party_is_judged_on_its_own_latest_review(db, data_dir, two_parties, english, table_counts):
    case, company, employee = two_parties
    # the company passed, then failed; the employee failed, then passed — on the same days
    reviewed(db, data_dir, case, (PASSED, "2026-03-11"), (FAILED, "2026-03-12"), party_id=company)
    case = reviewed(db, data_dir, case, (FAILED, "2026-03-11"), (PASSED, "2026-03-12"), party_id=employee)
    assert not legal_review_recorded(db, case, "2026-03-13", company)
    assert legal_review_recorded(db, case, "2026-03-13", employee)
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, company)
    text = str(refused.value)
    assert f"{COMPANY}: " in text and "2026-03-12" in text and "did not pass" in text
    assert EMPLOYEE not in text
    assert table_counts(db) == before
    with pytest.raises(TransitionRefused) as step:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert COMPANY in str(step.value) and EMPLOYEE not in str(step.value)
    assert decide(db, data_dir, case, employee).number  # its own latest review passed
    # the warning at issue of the company's 行政处理决定审批表 reads the company's latest, not the employee's
    assert failed_warnings(db, case, "decision_approval", {**APPROVAL, "party_id": company})
    assert not failed_warnings(db, case, "decision_approval", {**APPROVAL, "party_id": employee})


def test_a_failed_review_recording_no_party_is_the_first_partys(db, data_dir, two_parties, english):
    case, company, employee = two_parties
    reviewed(db, data_dir, case, (PASSED, "2026-03-11"), party_id=company)
    case = reviewed(db, data_dir, case, (PASSED, "2026-03-11"), party_id=employee)
    sheet = issue(db, data_dir, case, "legal_review", {**FAILED, "reviewed_on": "2026-03-12"}, employee)
    # a sheet issued before it recorded its party (an earlier version): the first party's, the company's
    row = db.execute("SELECT form_version, values_json FROM documents WHERE id = ?", [sheet.id]).fetchone()
    values = json.loads(row[1])
    assert values.pop("party_id") == employee
    rewrite_issued(db, sheet.id, row[0], values)
    case = get_case(db, case.id)
    assert not legal_review_recorded(db, case, "2026-03-13", company)
    assert legal_review_recorded(db, case, "2026-03-13", employee)
    with pytest.raises(WorkstationError, match="2026-03-12"):
        decide(db, data_dir, case, company)
    assert decide(db, data_dir, case, employee).number


# ---- a case whose notices were written on paper: a failed review after the decision's day does not count ---------

def test_a_failed_review_dated_after_the_decision_day_does_not_refuse_a_paper_case(db, data_dir, make_case, english):
    # no ground, the notices on paper: only a failed 法制审核 recorded here refuses, and one of 03-14 is not before 03-13
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-04", fine_fen=50_000,
                     notice_served_on="2026-03-05", facts=FACTS)  # its statement period over on 03-12
    case = reviewed(db, data_dir, case, (FAILED, "2026-03-14"))
    assert review_refusal(db, case, "2026-03-13") is None
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_a_failed_review_on_the_decision_day_refuses_a_paper_case(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-04", fine_fen=50_000,
                     notice_served_on="2026-03-06", facts=FACTS)
    case = reviewed(db, data_dir, case, (FAILED, "2026-03-14"))
    refusal = review_refusal(db, case, "2026-03-14") or ""
    assert "no review that passed is recorded" in refusal and "2026-03-14" in refusal


# ---- the warning at issue: the latest 案件审核表 of either kind by its 审核日期 -------------------------------------

CASE_REVIEW_FAILED = {**FAILED, "review_kind": "案件审核"}


def test_a_failed_case_review_dated_before_a_passed_legal_review_is_not_the_latest(db, data_dir, marked, english):
    # the 案件审核 of 02-28 entered from paper after the 法制审核 of 03-11 that passed: not "the latest"
    case = reviewed(db, data_dir, marked, (PASSED, "2026-03-11"), (CASE_REVIEW_FAILED, "2026-02-28"))
    assert failed_warnings(db, case, "decision_approval", APPROVAL) == []


def test_a_failed_case_review_dated_after_a_passed_legal_review_is_the_latest(db, data_dir, marked, english):
    # entered first, dated after the 法制审核 that passed: the latest, told (refusing nothing)
    case = reviewed(db, data_dir, marked, (CASE_REVIEW_FAILED, "2026-03-12"), (PASSED, "2026-03-11"))
    [warning] = failed_warnings(db, case, "decision_approval", APPROVAL)
    assert "a 案件审核, did not pass" in warning and "2026-03-12" in warning
    assert review_refusal(db, case, "2026-03-13") is None
