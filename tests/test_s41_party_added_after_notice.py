"""A party added to a case after its 行政处罚告知书 was served is not decided without a notice of its own (Penalty
Law art. 62; REFERENCE §1.1 "No decision without notice"): the decision waits, naming the party and what to do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import EMPLOYEE, FACTS, notice
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case


def add_employee(db, case) -> str:
    employee = save_party(db, Party(name=EMPLOYEE, kind="person", id_number="11010519491231002X",
                                    address="佛山市禅城区祖庙路3号"))
    update_case(db, replace(get_case(db, case.id), party_ids=[*get_case(db, case.id).party_ids, employee.id]))
    return employee.id


def one_party_past_its_period(db, make_case, data_dir=None):
    case = make_case(status="under_review", filed_on="2026-09-03", review_on="2026-09-20", facts=FACTS,
                     fine_fen=50_000)
    if data_dir is not None:  # the notice issued in the workstation
        notice(db, data_dir, case, None, fine_fen="50000", issued_on="2026-09-24")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-09-25")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-10-12")
    return case


@pytest.mark.parametrize("issued", [False, True], ids=["notice_on_paper", "notice_issued_here"])
def test_a_party_added_after_the_notice_stage_holds_the_decision(db, data_dir, make_case, english, issued):
    case = one_party_past_its_period(db, make_case, data_dir if issued else None)
    employee = add_employee(db, case)
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["decide_penalty"] and EMPLOYEE in offered["decide_penalty"]
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-10-13")
    message = str(refused.value)
    assert EMPLOYEE in message and "issue its 行政处罚告知书 and record its service" in message
    assert get_case(db, case.id).status == "decision_pending"
    assert procedure.party_issue_refusal(db, get_case(db, case.id), "penalty_decision", employee) is not None


def test_the_added_party_served_its_own_notice_is_decided_after_its_period(db, data_dir, make_case, english):
    case = one_party_past_its_period(db, make_case, data_dir)
    employee = add_employee(db, case)
    notice(db, data_dir, case, employee, fine_fen="5000", issued_on="2026-10-13")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-10-13", party_ids=(employee,))
    with pytest.raises(TransitionRefused, match=f"{EMPLOYEE} may state, defend and request a hearing until"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-10-14")
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-10-21").status == "penalty_decided"


def test_the_first_partys_waiver_is_its_own_once_a_party_is_added(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-09-03", review_on="2026-09-20", fine_fen=50_000)
    company = case.party_ids[0]
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-09-25")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-09-28", reason="当事人书面放弃陈述申辩")
    employee = add_employee(db, case)
    joined = get_case(db, case.id)
    assert joined.notice_waived is False
    from workstation import party_notices

    assert party_notices.waivers(db, joined) == {company: "2026-09-28"}
    assert party_notices.services(db, joined) == {company: "2026-09-25"}
    assert [p.id for p in party_notices.unnoticed_parties(db, joined)] == [employee]


def test_a_case_typed_in_at_its_notice_stage_keeps_its_date_for_every_party(db, make_case):
    """No service recorded as a step (typed in, imported): its date stands for each party, as before."""
    case = make_case(status="pre_notice", filed_on="2026-09-03", notice_served_on="2026-09-25")
    employee = add_employee(db, case)
    from workstation import party_notices

    joined = get_case(db, case.id)
    assert party_notices.services(db, joined) == {case.party_ids[0]: "2026-09-25", employee: "2026-09-25"}
    assert party_notices.unnoticed_parties(db, joined) == []
