"""The 责令重作 path with several parties (session 73):

(a) an order to decide anew concerning one party (its own reconsideration) is answered for that party alone: 重新作出
    处理决定 for it, its new 行政处罚决定书 issued, served and paid; not for the other party, whose decision stands;
(b) after an order for the whole case, a party served the new notice in 待决定 may waive there;
(c) hearing requests of the revoked round do not count for the new one;
(d) a 不予行政处罚决定书 revoked with a new decision ordered concludes nothing;
(e) a notice written outside the workstation proposing a fine below the legal minimum is refused at its service, as
    the decision would be."""

from __future__ import annotations

import pytest

from workstation.store import get_case

ORDER = "南府行复〔2026〕40号"


def _party_redone(db, data_dir, make_case):
    """The company and its employee, each issued its 告知书 and 决定书 (2026-03-10) here and served on 03-12; the
    company's own reconsideration revoked its decision with a new one ordered on 2026-06-01: (case, company,
    employee, {party: its 决定书})."""
    from tests.test_clock_challenges import outcome
    from tests.test_party_case10 import served_pair
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee, decided = served_pair(db, data_dir, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=company,
                                      starts_on="2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01", number=ORDER, party_id=company))
    return get_case(db, case.id), company, employee, decided


def test_a_party_order_is_answered_for_that_party_alone(db, data_dir, make_case, english):
    from tests.test_party_case10 import EMPLOYEE, decide
    from workstation import party_decisions, procedure
    from workstation.procedure import TransitionRefused

    case, company, employee, decided = _party_redone(db, data_dir, make_case)
    assert [p.id for p in party_decisions.undecided_parties(db, case)] == [company]  # its decision revoked
    with pytest.raises(TransitionRefused, match=ORDER):  # for whom: the company, named
        procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出")
    with pytest.raises(TransitionRefused, match=EMPLOYEE):  # the employee's decision stands
        procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="x", party_ids=(employee,))
    with pytest.raises(TransitionRefused, match="2026-06-01"):  # not before the order
        procedure.apply(db, case.id, "redecide", on_date="2026-05-30", reason="x", party_ids=(company,))
    # was: "No reconsideration decision or judgment ordering a new decision … is recorded for the whole case"
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出",
                    party_ids=(company,))
    case = get_case(db, case.id)
    assert case.status == "served" and case.decided_on == "2026-03-10"  # the employee's decision stands
    with pytest.raises(TransitionRefused):  # answered already
        procedure.apply(db, case.id, "redecide", on_date="2026-06-06", reason="x", party_ids=(company,))
    with pytest.raises(Exception, match="in force"):  # only for that party
        decide(db, data_dir, case, employee, fine_fen="400000", decided_on="2026-06-20")
    new = decide(db, data_dir, case, company, fine_fen="400000", decided_on="2026-06-20")
    assert new.number != decided[company].number
    case = get_case(db, case.id)
    assert party_decisions.undecided_parties(db, case) == []
    assert [p.id for p in party_decisions.unserved_parties(db, case)] == [company]
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-22", party_ids=(company,))
    case = get_case(db, case.id)
    assert party_decisions.decision_services(db, case)[company] == "2026-06-22"
    assert company in [p.id for p in party_decisions.paying_parties(db, case)]
    # was refused: "its penalty decision was revoked on 2026-06-01 …": the new one is executed
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-25", party_ids=(company,), in_full=True)
    assert party_decisions.payments(db, get_case(db, case.id))[company] == "2026-06-25"


def test_a_party_order_leaves_a_performed_case_served_until_the_party_is_decided(db, data_dir, make_case, english):
    from workstation import party_decisions, procedure

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    db.execute("UPDATE cases SET status = 'performed' WHERE id = ?", [case.id])
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出",
                    party_ids=(company,))
    case = get_case(db, case.id)
    assert case.status == "served"
    from tests.test_party_case10 import COMPANY

    said = party_decisions.undecided_refusal(db, case, "结案")  # its new decision holds back 履行完毕 and 结案
    assert said and COMPANY in said, said


def test_a_party_order_shows_on_the_timeline(db, data_dir, make_case, english):
    from tests.test_party_case10 import COMPANY
    from workstation import procedure
    from workstation.store.cases import case_timeline

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出",
                    party_ids=(company,))
    lines = [e.text for e in case_timeline(db, get_case(db, case.id))]
    assert any(f"a new decision ordered for {COMPANY}" in line for line in lines), lines


# ---- (b) and (c): the whole case decided anew, its parties served the new notice in 待决定 ---------------------------

def _heard_then_redone(db, data_dir, make_case):
    """Two parties; the company asked for a hearing in the first round (2026-03-04); the case decided, served and
    its decision revoked with a new one ordered for the whole case (2026-06-01), back before its decision."""
    from tests.test_clock_challenges import challenge, outcome
    from tests.test_party_case10 import FACTS, SERVED, notice, with_employee
    from workstation import procedure
    from workstation.store.clock_events import record_clock_event

    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-20",
                                                          notice_served_on=SERVED, facts=FACTS))
    for party in (company, employee):
        notice(db, data_dir, case, party, fine_fen="500000")
    # the first round's request, as recorded then (a party's request is a transition to 听证 naming it)
    from workstation.records import CaseEvent, now
    from workstation.store.cases import add_event

    add_event(db, CaseEvent(case_id=case.id, kind="transition", at=now(), on_date="2026-03-04", from_status="pre_notice",
                            to_status="hearing", party_id=company))
    db.execute("UPDATE cases SET status = 'decision_pending' WHERE id = ?", [case.id])
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-20")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-23")
    record_clock_event(db, challenge(case, "reconsideration", "2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01"))
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出")
    return get_case(db, case.id), company, employee


def test_hearing_requests_of_the_revoked_round_do_not_count(db, data_dir, make_case):
    from workstation.procedure import hearing_requests

    case, company, _employee = _heard_then_redone(db, data_dir, make_case)
    assert hearing_requests(db, case) == {}  # was {company: "2026-03-04"}
    from workstation.records import CaseEvent, now
    from workstation.store.cases import add_event

    add_event(db, CaseEvent(case_id=case.id, kind="transition", at=now(), on_date="2026-06-10",
                            from_status="decision_pending", to_status="hearing", party_id=company))
    assert hearing_requests(db, get_case(db, case.id)) == {company: "2026-06-10"}


def test_a_party_served_the_new_notice_in_decision_pending_may_waive_there(db, data_dir, make_case):
    from tests.test_party_case10 import notice
    from workstation import procedure
    from workstation.party_notices import waivers

    case, company, employee = _heard_then_redone(db, data_dir, make_case)
    for party in (company, employee):
        notice(db, data_dir, case, party, fine_fen="400000", issued_on="2026-06-08")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company, employee))
    # was: "waive_statement" not offered in 待决定 (only to a party that gave up its hearing)
    procedure.apply(db, case.id, "waive_statement", on_date="2026-06-09", reason="书面放弃", party_ids=(company,))
    case = get_case(db, case.id)
    assert case.status == "decision_pending"
    assert waivers(db, case) == {company: "2026-06-09"}


# ---- (d) a revoked and redone 不予行政处罚决定书 concludes nothing ------------------------------------------------------

def test_a_redone_no_penalty_decision_concludes_nothing(db, data_dir, make_case):
    from tests.test_clock_challenges import outcome
    from tests.test_party_case10 import FACTS, SERVED, decide, notice, with_employee
    from workstation import party_decisions, procedure
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee = with_employee(db, make_case(status="decision_pending", filed_on="2026-02-20",
                                                          notice_served_on=SERVED, facts=FACTS))
    for party in (company, employee):
        notice(db, data_dir, case, party, fine_fen="500000")
    decide(db, data_dir, case, company, fine_fen="500000", decided_on="2026-03-10")
    issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"),
                   {"decided_on": "2026-03-10", "ground": "无过错不罚", "facts": "经查……"}, party_id=employee)
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    case = get_case(db, case.id)
    assert party_decisions.no_penalty_parties(db, case) == {employee}
    assert party_decisions.undecided_parties(db, case) == []
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=employee,
                                      starts_on="2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01", number=ORDER, party_id=employee))
    case = get_case(db, case.id)
    assert party_decisions.no_penalty_parties(db, case) == set()  # was {employee}
    assert [p.id for p in party_decisions.undecided_parties(db, case)] == [employee]  # was []


# ---- (e) a notice written outside, its fine below the minimum ---------------------------------------------------------

def test_a_notice_written_outside_below_the_minimum_is_refused_at_its_service(db, make_case, english):
    """广告法 art. 62 para. 1 (¥5,000 to ¥30,000), the notice written on paper proposing ¥30 (typed on the case): its
    service is refused as 作出行政处罚决定 would refuse the decision, with the same message; nothing changes."""
    from tests.test_guards_review import FACTS
    from workstation import procedure
    from workstation.procedure import TransitionRefused, _typed_minimum_refusal

    case = make_case(status="under_review", filed_on="2026-03-02", review_on="2026-03-03", facts=FACTS,
                     violations=["unsolicited_commercial_messages"], act_on="2026-01-10",
                     penalty_norm="advertising_law_62_1", fine_fen=3000)
    said = _typed_minimum_refusal(db, get_case(db, case.id))
    assert said and "¥5,000" in said, said
    with pytest.raises(TransitionRefused) as refused:  # was accepted
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04")
    assert str(refused.value) == said
    assert get_case(db, case.id).status == "under_review"
    db.execute("UPDATE cases SET fine_fen = 500000 WHERE id = ?", [case.id])  # at the minimum: served
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04")
    assert get_case(db, case.id).status == "pre_notice"
