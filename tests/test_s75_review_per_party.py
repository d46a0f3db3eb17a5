"""The 法制审核 of one party does not stand for another's (audit hearing_multiparty #2): in a case with several
parties the 案件审核表 is made for one party (its proposal, its amount), so the legal review a party's decision
needs (Penalty Law art. 58 para. 1: its hearing held (2), or a ground marked on the case (1), (3), (4)) is a
法制审核 of that party — one recording no party is the first party's. The 行政处罚决定书 of a party is refused without
its own, the refusal naming it; 作出行政处罚决定 for the case is refused while a party to be decided lacks one. A case
with one party is read as before (tests/test_s46_review.py, tests/test_guards_review.py)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import hearing_notice, rewrite_issued
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, notice, with_employee
from tests.test_s45_hearing_path import hearing_documents
from workstation import procedure
from workstation.decision_review import mark_review_grounds
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case

HELD = "2026-03-12"
ANSWERS = dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                         "discretion_proper"), "是")


def review(db, data_dir, case, party, reviewed_on=HELD):
    """Issue a 法制审核 (every answer 是) for ``party`` of ``case``."""
    return issue_document(db, data_dir, get_case(db, case.id), find_form("legal_review"),
                          {**ANSWERS, "review_kind": "法制审核", "opinion": "同意办案机构的处理意见。",
                           "reviewed_on": reviewed_on}, party_id=party)


def decide(db, data_dir, case, party, fine_fen, decided_on="2026-03-13"):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": decided_on, "warning": True, "fine_fen": fine_fen}, party_id=party)


def one_party_heard(db, data_dir, make_case, monkeypatch, *, heard: str, fines: dict[str, str], facts: str = FACTS):
    """A case of ``facts`` with a company and its employee, told (行政处罚告知书 served on 03-02) of ``fines`` (fen, by
    "company" and "employee"): only ``heard`` ("company" or "employee") with a hearing, asked for on 03-03, held on
    03-12 and its 听证笔录 and 听证报告 issued. The case and the two parties."""
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-20")
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=facts))
    parties = {"company": company, "employee": employee}
    for name, party in parties.items():
        notice(db, data_dir, case, party, fine_fen=fines[name], **({"hearing_required": True} if name == heard else {}))
    party = parties[heard]
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=party)
    hearing_notice(db, data_dir, case, party, issued_on="2026-03-03", hearing_date=HELD)
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    hearing_documents(db, data_dir, case, HELD, party)
    return case, company, employee


@pytest.fixture
def heard(db, data_dir, make_case, monkeypatch):
    """The company (told of ¥50, no hearing) and its employee (told of ¥500 with a hearing, held on 03-12 and its
    听证笔录 and 听证报告 issued): only the employee was heard."""
    return one_party_heard(db, data_dir, make_case, monkeypatch, heard="employee",
                           fines={"company": "5000", "employee": "50000"})


def test_the_companys_review_does_not_stand_for_the_heard_employees(db, data_dir, heard, english, table_counts):
    case, company, employee = heard
    review(db, data_dir, case, company)  # the company's proposal reviewed, not the employee's
    before = table_counts(db)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, "50000")
    text = str(refused.value)
    assert f"{EMPLOYEE}: This case must go through legal review (法制审核, Penalty Law art. 58)" in text
    assert "the hearing was held on 2026-03-12" in text
    assert COMPANY not in text
    assert table_counts(db) == before  # nothing issued
    # nor is the case decided while the employee, to be decided, has no review of its own
    with pytest.raises(TransitionRefused) as step:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert f"{EMPLOYEE}: This case must go through legal review" in str(step.value)
    assert COMPANY not in str(step.value)
    # the company, not heard and with no ground marked, needs none: its decision is issued
    assert decide(db, data_dir, case, company, "5000").number
    # the employee's own review: its decision is issued, and the case decided
    review(db, data_dir, case, employee)
    assert decide(db, data_dir, case, employee, "50000").number
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_the_refusal_in_chinese_names_the_party(db, data_dir, heard, chinese):
    case, company, employee = heard
    review(db, data_dir, case, company)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, "50000")
    assert str(refused.value).count(EMPLOYEE) >= 1 and "法制审核" in str(refused.value)
    assert COMPANY not in str(refused.value)


def test_a_review_recording_no_party_is_the_first_partys(db, data_dir, heard, english):
    case, company, employee = heard
    sheet = review(db, data_dir, case, employee)
    # a sheet issued before it recorded its party (an earlier version): the first party's, the company's
    row = db.execute("SELECT form_version, values_json FROM documents WHERE id = ?", [sheet.id]).fetchone()
    values = json.loads(row[1])
    assert values.pop("party_id") == employee
    rewrite_issued(db, sheet.id, row[0], values)
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, "50000")
    assert f"{EMPLOYEE}: This case must go through legal review" in str(refused.value)


def test_a_ground_marked_on_the_case_needs_each_partys_own_review(db, data_dir, make_case, monkeypatch, english):
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-20")
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="5000")
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    mark_review_grounds(db, get_case(db, case.id), ["complex"])
    review(db, data_dir, case, employee, reviewed_on="2026-03-11")
    assert decide(db, data_dir, case, employee, "5000").number  # its own review
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, company, "5000")
    text = str(refused.value)
    assert text.count(f"{COMPANY}: This case must go through legal review") == 1 and "(marked on the case)" in text
    assert EMPLOYEE not in text
    review(db, data_dir, case, company, reviewed_on="2026-03-11")
    assert decide(db, data_dir, case, company, "5000").number


def test_the_cli_says_the_review_is_recorded_only_when_each_party_needing_one_has_its_own(db, data_dir, heard,
                                                                                          capsys):
    """`cases review-grounds` reports ``legal_review_recorded`` of the parties whose decision needs a 法制审核 (the
    heard employee), not of any sheet of the case: the company's review alone does not record the employee's."""
    from tests.helpers import run_json
    from workstation.decision_review import legal_review_recorded

    case, company, employee = heard
    number = get_case(db, case.id).case_number
    review(db, data_dir, case, company)
    shown = run_json(capsys, "--data-dir", data_dir, "cases", "review-grounds", number)
    assert shown["legal_review_recorded"] is False
    assert legal_review_recorded(db, get_case(db, case.id), party_id=company)
    assert not legal_review_recorded(db, get_case(db, case.id), party_id=employee)
    review(db, data_dir, case, employee)
    assert run_json(capsys, "--data-dir", data_dir, "cases", "review-grounds", number)["legal_review_recorded"] is True


def test_the_parties_and_their_terms_are_read_once_per_check(db, data_dir, heard, monkeypatch):
    """Each party's review is checked on the parties and their penalty terms read once, not once for each party."""
    from workstation import decision_review, store
    from workstation.law import case_law

    case, _company, _employee = heard
    calls = {"terms": 0, "parties": 0}
    terms, parties = case_law.party_terms, store.parties_of_case

    def counted_terms(*args, **kwargs):
        calls["terms"] += 1
        return terms(*args, **kwargs)

    def counted_parties(*args, **kwargs):
        calls["parties"] += 1
        return parties(*args, **kwargs)

    monkeypatch.setattr(case_law, "party_terms", counted_terms)
    monkeypatch.setattr(store, "parties_of_case", counted_parties)
    needs = decision_review.review_needs(db, get_case(db, case.id))
    assert [need.party for need in needs if need.requirement == "legal_review"] == [EMPLOYEE]
    # the terms once; the parties once here and once by ``party_decisions.undecided_parties`` — not once a party
    assert calls["terms"] == 1 and calls["parties"] <= 2
