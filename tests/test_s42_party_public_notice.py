"""Public-notice service in a case with several parties: a party whose 行政处罚告知书 or 行政处罚决定书 a 送达公告
addressed to it published counts its own periods (T4; T8, T10, T11, T16) from the day it is deemed served, 30 days
after the publication (T30, SAMR rules art. 82); the other party, served in person, keeps its own."""

import datetime as dt
from dataclasses import replace

import pytest

from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, decide, notice, with_employee
from workstation import procedure
from workstation.clocks import case_clocks
from workstation.document_clocks import enforcement_window
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case
from workstation.store.cases import update_case

# the notices are issued on Monday 2026-03-02 and served on the company in person that day: its period ends 03-09;
# the employee cannot be found: its notice is published on 03-02, deemed served on 04-01, its period (清明 4–6 April)
# ends 04-09
SERVED, COMPANY_LAST = "2026-03-02", "2026-03-09"
DEEMED, EMPLOYEE_LAST, AFTER = "2026-04-01", "2026-04-09", "2026-04-10"
WAITING = (f"{EMPLOYEE} may state, defend and request a hearing until {EMPLOYEE_LAST} (5 working days from the "
           f"service of its notice on {DEEMED}, deemed served by the public notice published on {SERVED})")


def publish(db, data_dir, case, party: str, document: str, published_on: str):
    """Issue the 行政处罚文书送达公告 of ``party`` publishing ``document`` on ``published_on``."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    return issue_document(db, data_dir, get_case(db, case.id), find_form("service_public_notice"),
                          {"served_document": document, "published_on": published_on,
                           "reason": "受送达人下落不明，邮寄送达被退回", "collect_place": "本局法规科"}, party_id=party)


def periods(db, case, clock: str) -> dict[str, tuple[str, str]]:
    """{party name: (start, due)} of the party's own ``clock``."""
    return {d.party: (d.start, d.due) for d in case_clocks(db, get_case(db, case.id), on="2026-03-03")
            if d.clock == clock}


@pytest.fixture
def published(request, db, data_dir, kept_state):
    """The company served in person on 03-02, the employee (with the right to a hearing) by the 送达公告 of 03-02:
    (case, company, employee)."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                              review_on="2026-02-27", facts=FACTS))
        notice(db, data_dir, case, company, fine_fen="50000")
        notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
        procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED, party_ids=(company, employee))
        publish(db, data_dir, case, employee, "《行政处罚告知书》", SERVED)
        return case, company, employee

    return kept_state("published", db, data_dir, make, ("make_case", "officers"))


def test_the_party_served_by_public_notice_has_its_statement_period_from_the_deemed_service(db, published, english):
    case, _company, _employee = published
    assert periods(db, case, "T4") == {COMPANY: (SERVED, COMPANY_LAST), EMPLOYEE: (DEEMED, EMPLOYEE_LAST)}
    t4 = next(d for d in case_clocks(db, get_case(db, case.id), on="2026-03-03") if d.party == EMPLOYEE)
    assert f"published on {SERVED}: deemed served on {DEEMED}" in t4.calculation()
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date=EMPLOYEE_LAST)
    assert WAITING in str(refused.value)
    assert COMPANY not in str(refused.value)  # the company's period ended on 03-09
    assert procedure.apply(db, case.id, "end_statement_period", on_date=AFTER).status == "decision_pending"


def test_the_decision_waits_for_the_party_served_by_public_notice_and_not_the_other(db, data_dir, published,
                                                                                    monkeypatch, english):
    case, company, employee = published
    update_case(db, replace(get_case(db, case.id), status="decision_pending"), allow_status_change=True)
    monkeypatch.setattr(procedure, "today", lambda: EMPLOYEE_LAST)
    assert decide(db, data_dir, case, company, fine_fen="50000", decided_on=EMPLOYEE_LAST).number
    with pytest.raises(WorkstationError) as refused:
        decide(db, data_dir, case, employee, fine_fen="50000", decided_on=EMPLOYEE_LAST)
    assert str(refused.value).startswith(f"The 行政处罚决定书 of {EMPLOYEE} cannot be issued yet. {WAITING}")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date=EMPLOYEE_LAST)
    assert WAITING in str(refused.value)
    monkeypatch.setattr(procedure, "today", lambda: AFTER)
    assert decide(db, data_dir, case, employee, fine_fen="50000", decided_on=AFTER).number


def test_the_party_served_by_public_notice_may_ask_for_its_hearing_until_its_period_ends(db, published, english):
    case, company, employee = published
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date=AFTER, party_id=employee)
    assert f"A hearing had to be requested by {EMPLOYEE_LAST} (5 working days from the service of the notice on " \
           f"{DEEMED}, deemed served by the public notice published on {SERVED})" in str(refused.value)
    assert procedure.apply(db, case.id, "request_hearing", on_date=EMPLOYEE_LAST, party_id=employee).status == "hearing"
    # the company, served in person, had no such right here and its own period counted from 03-02
    assert periods(db, case, "T4")[COMPANY] == (SERVED, COMPANY_LAST)


def test_a_public_notice_of_another_party_or_before_the_notice_was_issued_moves_nothing(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000")
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED, party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04", party_ids=(employee,))
    publish(db, data_dir, case, company, "《行政处罚告知书》", "2026-03-01")  # before the company's was issued
    assert periods(db, case, "T4") == {COMPANY: (SERVED, COMPANY_LAST), EMPLOYEE: ("2026-03-04", "2026-03-11")}
    publish(db, data_dir, case, company, "《行政处罚告知书》", "2026-03-04")  # the company's: not the employee's
    assert periods(db, case, "T4") == {COMPANY: ("2026-04-03", "2026-04-13"), EMPLOYEE: ("2026-03-04", "2026-03-11")}


def test_the_party_whose_decision_was_published_counts_its_payment_period_from_the_deemed_service(
        db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED)
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    decide(db, data_dir, case, company, fine_fen="50000", decided_on="2026-03-10")
    decide(db, data_dir, case, employee, fine_fen="5000", decided_on="2026-03-10")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    publish(db, data_dir, case, employee, "《行政处罚决定书》", "2026-03-12")  # deemed served on 04-11
    # 15 days: the company's to Friday 03-27, the employee's from 04-11 to Sunday 04-26, moved to Monday
    assert periods(db, case, "T8") == {COMPANY: ("2026-03-12", "2026-03-27"), EMPLOYEE: ("2026-04-11", "2026-04-27")}
    # six months to sue, to Sunday 10-11 moved to Monday, then three months to apply to the court; the company,
    # served on 03-12, from the day after its time to sue (Saturday 09-12 moved to Monday)
    assert periods(db, case, "T11")[EMPLOYEE] == ("2026-04-11", "2026-10-12")
    window = enforcement_window(db, get_case(db, case.id), dt.date(2026, 3, 12), employee)
    assert (window.first, window.last) == (dt.date(2026, 10, 13), dt.date(2027, 1, 12))
    assert enforcement_window(db, get_case(db, case.id), dt.date(2026, 3, 12), company).first == dt.date(2026, 9, 15)
