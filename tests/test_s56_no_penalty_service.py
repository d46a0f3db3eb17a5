"""A decision not to penalise (不予行政处罚决定书) in a case with several parties: each party's periods to challenge its
own decision — reconsideration T10, lawsuit T11 (REFERENCE §1.2) — count from the service of that party's own
decision (its 送达回证, or the 送达公告 publishing it), not from the first party served; a challenge is refused before
the party that brings it was served. A case with one party counts as before."""

from __future__ import annotations

import pytest

from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, with_employee
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import late_challenge_warning, record_clock_event

ADDRESS = "佛山市南海区桂城街道南海大道1号"
DECIDED_ON = "2026-03-10"
# the company is served on Thursday 03-12, the employee ten days later, on Sunday 03-22
COMPANY_SERVED, EMPLOYEE_SERVED = "2026-03-12", "2026-03-22"


def spare(db, data_dir, case, party=None):
    """Issue the party's 不予行政处罚决定书, decided on ``DECIDED_ON``."""
    return issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"),
                          {"ground": "首违不罚", "decided_on": DECIDED_ON, "party_address": ADDRESS}, party_id=party)


def receipt(db, data_dir, case, document, served_on, party=None):
    """The 送达回证 of ``document`` served on ``party`` on ``served_on``."""
    return issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                          {"served_document": f"不予行政处罚决定书（{document.number}）", "served_on": served_on,
                           "place": ADDRESS}, party_id=party)


def remedies(db, case, on) -> dict[str, list[tuple]]:
    """{clock: [(party shown, start, last day, state)]} of T10 and T11 as the case's Deadlines section lists them."""
    found: dict[str, list[tuple]] = {}
    for d in clocks.case_clocks(db, get_case(db, case.id), on=on):
        if d.clock in ("T10", "T11"):
            found.setdefault(d.clock, []).append((d.party, d.start, d.due, d.state))
    return found


def challenge(case, kind, on, party=None):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=on, party_id=party)


@pytest.fixture
def two_spared(db, data_dir, make_case):
    """The company and its employee, each decided not to be penalised on 03-10 by its own 不予行政处罚决定书, the
    company's served on 03-12 and the employee's on 03-22: (case, company, employee)."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS, fine_fen=500_000))
    mine, theirs = spare(db, data_dir, case, company), spare(db, data_dir, case, employee)
    procedure.apply(db, case.id, "decide_no_penalty", on_date=DECIDED_ON, reason="首违不罚")
    receipt(db, data_dir, case, mine, COMPANY_SERVED, company)
    receipt(db, data_dir, case, theirs, EMPLOYEE_SERVED, employee)
    return get_case(db, case.id), company, employee


def test_each_partys_periods_to_challenge_count_from_its_own_service(db, two_spared):
    case, _company, _employee = two_spared
    found = remedies(db, case, "2026-03-25")
    # 60 days: 05-11 (a Monday) and 05-21; six months: 09-12 is a Saturday, so 09-14; 09-22
    assert found["T10"] == [(COMPANY, COMPANY_SERVED, "2026-05-11", "open"),
                            (EMPLOYEE, EMPLOYEE_SERVED, "2026-05-21", "open")]
    assert found["T11"] == [(COMPANY, COMPANY_SERVED, "2026-09-14", "open"),
                            (EMPLOYEE, EMPLOYEE_SERVED, "2026-09-22", "open")]
    for deadline in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-25"):
        if deadline.clock in ("T10", "T11"):
            assert "不予行政处罚决定书" in deadline.calculation()


def test_a_party_not_yet_served_has_no_period_counted_from_the_others_service(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS, fine_fen=500_000))
    mine = spare(db, data_dir, case, company)
    spare(db, data_dir, case, employee)
    procedure.apply(db, case.id, "decide_no_penalty", on_date=DECIDED_ON, reason="首违不罚")
    receipt(db, data_dir, case, mine, COMPANY_SERVED, company)
    found = remedies(db, case, "2026-03-13")
    assert found["T10"][0] == (COMPANY, COMPANY_SERVED, "2026-05-11", "open")
    assert [(party, start, due) for party, start, due, _state in found["T10"][1:]] == [(EMPLOYEE, None, None)]
    assert [(party, start, due) for party, start, due, _state in found["T11"][1:]] == [(EMPLOYEE, None, None)]


def test_a_challenge_is_checked_against_the_service_on_the_party_that_brings_it(db, two_spared, english):
    case, company, employee = two_spared
    with pytest.raises(ValidationError) as early:
        record_clock_event(db, challenge(case, "reconsideration", "2026-03-15", employee))
    assert "2026-03-22" in early.value.errors["starts_on"]
    record_clock_event(db, challenge(case, "reconsideration", "2026-03-15", company))
    # the employee applies on 05-15: within its own 60 days (to 05-21), though past the company's (05-11)
    late = challenge(case, "reconsideration", "2026-05-15", employee)
    assert late_challenge_warning(db, get_case(db, case.id), late) is None
    record_clock_event(db, late)
    found = remedies(db, case, "2026-05-16")
    assert [(party, state) for party, _start, _due, state in found["T10"]] == [(COMPANY, "met"), (EMPLOYEE, "met")]
    # a lawsuit instead is not: each party's T11 is replaced by its reconsideration
    assert [(party, state) for party, _start, _due, state in found["T11"]] == [(COMPANY, "not_applicable"),
                                                                                (EMPLOYEE, "not_applicable")]


def test_a_party_served_by_public_notice_counts_from_the_day_it_is_deemed_served(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS, fine_fen=500_000))
    mine, theirs = spare(db, data_dir, case, company), spare(db, data_dir, case, employee)
    procedure.apply(db, case.id, "decide_no_penalty", on_date=DECIDED_ON, reason="首违不罚")
    receipt(db, data_dir, case, mine, COMPANY_SERVED, company)
    issue_document(db, data_dir, get_case(db, case.id), find_form("service_public_notice"),
                   {"served_document": f"不予行政处罚决定书（{theirs.number}）", "published_on": "2026-03-20"},
                   party_id=employee)
    found = remedies(db, case, "2026-04-20")
    # published 03-20, deemed served thirty days later, on 04-19: 60 days to 06-18
    assert found["T10"] == [(COMPANY, COMPANY_SERVED, "2026-05-11", "open"),
                            (EMPLOYEE, "2026-04-19", "2026-06-18", "open")]


def test_a_case_with_one_party_counts_from_its_service_as_before(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts="经查，当事人未经消费者同意发送商业性短信。", fine_fen=500_000)
    document = spare(db, data_dir, case)
    procedure.apply(db, case.id, "decide_no_penalty", on_date=DECIDED_ON, reason="首违不罚")
    receipt(db, data_dir, case, document, COMPANY_SERVED)
    found = remedies(db, case, "2026-03-13")
    assert [(start, due, state) for _party, start, due, state in found["T10"]] == [
        (COMPANY_SERVED, "2026-05-11", "open")]
    assert [(start, due, state) for _party, start, due, state in found["T11"]] == [
        (COMPANY_SERVED, "2026-09-14", "open")]


def test_a_decision_issued_with_one_party_is_served_by_the_receipt_naming_the_first_party(db, data_dir, make_case,
                                                                                          monkeypatch):
    """A 不予行政处罚决定书 issued while the case had one party records none; the employee added since, the 送达回证
    names the company, the case's first party, whose decision it is: its periods count from that service."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS,
                     fine_fen=500_000)
    # issued without a 文号 (no type code for it): its 送达回证 names it by its title
    monkeypatch.setattr("workstation.documents.issuing.document_type_code", lambda *_args: "")
    document = spare(db, data_dir, case)  # no party: the case has only the company
    monkeypatch.undo()
    assert not document.number
    case, company, _employee = with_employee(db, case)
    procedure.apply(db, case.id, "decide_no_penalty", on_date=DECIDED_ON, reason="首违不罚")
    issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                   {"served_document": "不予行政处罚决定书", "served_on": COMPANY_SERVED, "place": ADDRESS},
                   party_id=company)
    assert clocks.no_penalty_services(db, case.id) == {company: COMPANY_SERVED}
    found = remedies(db, case, "2026-03-13")
    assert [(start, due, state) for _party, start, due, state in found["T10"]] == [
        (COMPANY_SERVED, "2026-05-11", "open")]
    assert [(start, due, state) for _party, start, due, state in found["T11"]] == [
        (COMPANY_SERVED, "2026-09-14", "open")]
