"""The hearing path an audit (session 56) found open: a decision not to penalise after a hearing needs its 听证笔录 and
听证报告 as a penalty does (Penalty Law arts. 57, 65), and a case already decided without them may still have them
issued; the 行政处理决定审批表 proposing a penalty is held to what the 行政处罚决定书 is (no heavier penalty than the
notice proposed, nothing said against the party's statement or hearing); the party's period to state and defend (T4)
runs on the clocks and the board as long as the refusals wait for it; and the advice on concluding a hearing before the day its notice sets is one that can be
followed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import hearing_notice, legal_review, pdf_text
from tests.test_guards_review import ASKED, FACTS, HELD, SERVED, notice
from tests.test_party_case10 import COMPANY, EMPLOYEE, with_employee
from tests.test_party_case10 import notice as party_notice
from tests.test_s45_hearing_path import ADDRESS, RECORD, REPORT, asked
from workstation import procedure
from workstation.clocks import board, case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.party_notices import pending_refusal
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

LAST_DAY = "2026-03-09"  # five working days from the service on Monday 2026-03-02
SPARED = {"ground": "轻微不罚", "decided_on": "2026-03-13", "party_address": ADDRESS, "evidence": "1.询问笔录。"}


def issue(db, data_dir, case, form_id, values, party_id=None):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values, party_id=party_id)


def held(db, data_dir, make_case, reviewed_on=HELD):
    """``asked``: its hearing set on 03-03 for 03-12, held and concluded that day, legally reviewed on
    ``reviewed_on``; no 听证笔录 or 听证报告 issued."""
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=HELD))
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    if reviewed_on:
        legal_review(db, data_dir, case, reviewed_on=reviewed_on)
    return get_case(db, case.id)


@pytest.fixture
def heard(request, db, data_dir, kept_state):
    def make():
        make_case = request.getfixturevalue("make_case")
        return held(db, data_dir, make_case)

    return kept_state("heard", db, data_dir, make, ("make_case", "officers"))


# ---- 1. not to penalise after a hearing: on its record too --------------------------------------------------------


def test_no_penalty_after_a_hearing_waits_for_its_record_and_report(db, data_dir, heard, english, table_counts):
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, heard.id, "decide_no_penalty", on_date="2026-03-13", reason="轻微不罚")
    message = str(refused.value)
    assert message.startswith("A hearing was held in this case on 2026-03-12, and no 听证笔录 or 听证报告 of it is "
                              "issued: the decision not to penalise is made on the hearing record too")
    assert "Issue the 听证笔录 and the 听证报告 first" in message
    assert table_counts(db) == before and get_case(db, heard.id).status == "decision_pending"
    # the 不予行政处罚决定书 is refused as the step is
    with pytest.raises(WorkstationError, match="no 听证笔录 or 听证报告 of it is issued"):
        issue(db, data_dir, heard, "no_penalty_decision", SPARED)
    issue(db, data_dir, heard, "hearing_record", RECORD)
    with pytest.raises(WorkstationError, match="no 听证报告 of it is issued"):
        issue(db, data_dir, heard, "no_penalty_decision", SPARED)
    issue(db, data_dir, heard, "hearing_report", REPORT)
    assert issue(db, data_dir, heard, "no_penalty_decision", SPARED).number
    assert procedure.apply(db, heard.id, "decide_no_penalty", on_date="2026-03-13",
                           reason="轻微不罚").status == "no_penalty"


def test_the_penalty_refusal_no_longer_says_the_documents_can_never_be_issued(db, heard, english):
    message = procedure.date_refusal(db, heard, "decide_penalty", "2026-03-13")
    assert message.startswith("A hearing was held in this case on 2026-03-12, and no 听证笔录 or 听证报告 of it is "
                              "issued: the penalty is decided on the hearing record (Penalty Law art. 65).")
    assert "can no longer be issued" not in message


@pytest.mark.parametrize("status", ["no_penalty", "penalty_decided"])
def test_a_case_decided_without_its_hearing_documents_may_still_have_them_issued(db, data_dir, heard, english,
                                                                                status):
    # decided by an earlier version, or with its status edited: the hearing of 03-12 was held before the decision
    update_case(db, replace(get_case(db, heard.id), status=status, decided_on="2026-03-13"),
                allow_status_change=True)
    assert issue(db, data_dir, heard, "hearing_record", RECORD).form_id == "hearing_record"
    assert issue(db, data_dir, heard, "hearing_report", REPORT).form_id == "hearing_report"
    # issued, the hearing's documents are not issued a second time after the decision, nor its notice
    for form_id, values in (("hearing_record", RECORD), ("hearing_notice", {"issued_on": "2026-03-14"})):
        with pytest.raises(WorkstationError) as refused:
            issue(db, data_dir, heard, form_id, values)
        assert "a hearing is held before the decision, not after it" in str(refused.value)


def test_a_case_decided_with_no_hearing_held_takes_no_hearing_record(db, data_dir, make_case, english):
    case = asked(db, data_dir, make_case)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="当事人书面撤回听证申请")
    update_case(db, replace(get_case(db, case.id), status="penalty_decided", decided_on="2026-03-13"),
                allow_status_change=True)
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, "hearing_record", RECORD)
    assert "a hearing is held before the decision, not after it" in str(refused.value)


# ---- 2. the 行政处理决定审批表 proposing a penalty ------------------------------------------------------------------

APPROVAL = {"proposed_on": "2026-03-11", "evidence": "1.询问笔录。", "discretion": "当事人初次违法。",
            "discretion_level": "一般", "decision_kind": "给予行政处罚"}
STATED = {"time_from": "2026-03-04 09:30", "time_to": "2026-03-04 10:00", "place": "本局询问室", "stater": "梁嘉豪",
          "relation": "法定代表人", "recusal_answer": "不申请回避。",
          "statement": "问：你对本局告知的拟作出行政处罚有何陈述申辩意见？\n答：我们是初次违法，请求从轻处罚。"}


@pytest.fixture
def stated(request, db, data_dir, kept_state):
    """A company's case told on 03-02 of a fine of ¥150,000 (with its hearing right); the party stated its case on
    03-04 (its 陈述申辩笔录) and asked for no hearing; the period ended on 03-10."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
        notice(db, data_dir, case, fine_fen="150000", hearing_required=True)
        issue(db, data_dir, case, "statement_record", STATED)
        return procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")

    return kept_state("stated", db, data_dir, make, ("make_case", "officers"))


def test_the_approval_sheet_proposes_no_heavier_penalty_than_the_notice(db, data_dir, stated, english):
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, stated, "decision_approval", {**APPROVAL, "fine_fen": "200000",
                                                            "statement": "当事人请求从轻，经复核不予采纳。"})
    message = str(refused.value)
    assert "行政处理决定审批表" in message
    assert "heavier than the 行政处罚告知书" in message and "a fine of ¥200,000" in message


def test_the_approval_sheet_does_not_say_the_party_made_no_statement(db, data_dir, stated, english):
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, stated, "decision_approval", {**APPROVAL, "fine_fen": "150000"})
    message = str(refused.value)
    assert "陈述申辩笔录" in message and "“陈述申辩（听证）及复核情况” is empty" in message
    # whatever decision it proposes: its row on the statement is printed all the same
    with pytest.raises(WorkstationError, match="陈述申辩（听证）及复核情况"):
        issue(db, data_dir, stated, "decision_approval", {**APPROVAL, "decision_kind": "不予行政处罚",
                                                            "fine_fen": None, "total_fen": None})
    sheet = issue(db, data_dir, stated, "decision_approval", {**APPROVAL, "fine_fen": "150000",
                                                              "statement": "当事人请求从轻处罚，经复核不予采纳。"})
    text = pdf_text(document_pdf(db, data_dir, sheet.id))
    assert "当事人请求从轻处罚，经复核不予采纳。" in text.replace("\n", "")
    assert "未提出陈述" not in text.replace("\n", "")


def test_the_approval_sheet_after_a_hearing_gives_its_day(db, data_dir, make_case, english):
    case = held(db, data_dir, make_case)
    issue(db, data_dir, case, "hearing_record", RECORD)
    issue(db, data_dir, case, "hearing_report", REPORT)
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, "decision_approval", {**APPROVAL, "fine_fen": "150000", "hearing_held_on": None,
                                                        "statement": "当事人请求从轻。"})
    assert "which was held on 2026-03-12, but “听证日期” is empty" in str(refused.value)
    assert issue(db, data_dir, case, "decision_approval", {**APPROVAL, "fine_fen": "150000",
                                                           "statement": "当事人请求从轻。"}).form_id


# ---- 3. the party's period (T4) as long as it runs ----------------------------------------------------------------


def t4(db, case, on: str) -> list[tuple]:
    return [(d.party, d.state, d.due, d.done_on) for d in case_clocks(db, get_case(db, case.id), on=on)
            if d.clock == "T4"]


def t4_on_board(db, case, on: str) -> list[tuple]:
    return [(d.party, d.state, d.due) for d in board(db, on=on) if d.clock == "T4" and d.case_id == case.id]


def test_a_hearing_withdrawn_leaves_the_period_running_on_the_clocks_as_in_the_refusal(db, data_dir, make_case,
                                                                                      english):
    case = asked(db, data_dir, make_case)
    # the request closes the period while it stands
    assert t4(db, case, "2026-03-03") == [("", "met", LAST_DAY, ASKED)]
    assert t4_on_board(db, case, "2026-03-03") == []
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="当事人书面撤回听证申请")
    assert t4(db, case, "2026-03-04") == [("", "due_soon", LAST_DAY, None)]
    assert t4_on_board(db, case, "2026-03-04") == [("", "due_soon", LAST_DAY)]
    refusal = procedure.date_refusal(db, get_case(db, case.id), "decide_penalty", "2026-03-05")
    assert refusal.startswith(f"The party may state, defend and request a hearing until {LAST_DAY}")
    # over: ended, not expired — the case went on — and off the board; the decision no longer waits for it
    assert t4(db, case, "2026-03-10") == [("", "ended", LAST_DAY, None)]
    assert t4_on_board(db, case, "2026-03-10") == []
    assert procedure.date_refusal(db, get_case(db, case.id), "decide_penalty", "2026-03-10") is None


def test_a_waiver_closes_the_period_and_one_ended_after_its_last_day_is_not_expired(db, data_dir, make_case):
    waived = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, waived, fine_fen="5000")
    procedure.apply(db, waived.id, "waive_statement", on_date="2026-03-04", reason="当事人书面放弃")
    assert t4(db, waived, "2026-03-05") == [("", "met", LAST_DAY, "2026-03-04")]
    assert t4_on_board(db, waived, "2026-03-05") == []
    ended = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, ended, fine_fen="5000")
    assert t4(db, ended, "2026-03-10") == [("", "expired", LAST_DAY, None)]  # the officer is to go on
    procedure.apply(db, ended.id, "end_statement_period", on_date="2026-03-10")
    assert t4(db, ended, "2026-03-10") == [("", "ended", LAST_DAY, None)]
    assert t4_on_board(db, ended, "2026-03-10") == []


@pytest.fixture
def two_parties(request, db, data_dir, kept_state):
    """The company (told of ¥150,000 with its hearing right) and its employee, both served on 03-02; the company asked
    for a hearing on 03-03."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                              review_on="2026-02-27", facts=FACTS))
        party_notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
        party_notice(db, data_dir, case, employee, fine_fen="5000")
        procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED)
        procedure.apply(db, case.id, "request_hearing", on_date=ASKED, party_id=company)
        return get_case(db, case.id), company, employee

    return kept_state("two_parties", db, data_dir, make, ("make_case", "officers"))


def test_one_partys_hearing_request_leaves_the_others_period_on_the_board(db, two_parties, english):
    case, _company, _employee = two_parties
    assert case.status == "hearing"
    assert t4(db, case, "2026-03-04") == [(COMPANY, "met", LAST_DAY, ASKED), (EMPLOYEE, "due_soon", LAST_DAY, None)]
    assert t4_on_board(db, case, "2026-03-04") == [(EMPLOYEE, "due_soon", LAST_DAY)]
    assert pending_refusal(db, case, "2026-03-05").startswith(f"{EMPLOYEE} may state, defend and request a hearing "
                                                              f"until {LAST_DAY}")
    assert t4(db, case, "2026-03-10")[1] == (EMPLOYEE, "ended", LAST_DAY, None)
    assert t4_on_board(db, case, "2026-03-10") == []


def test_a_partys_withdrawn_request_leaves_its_period_running(db, two_parties, english):
    case, company, _employee = two_parties
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="书面撤回", party_ids=(company,))
    assert get_case(db, case.id).status == "decision_pending"
    assert [(party, state) for party, state, _due, _done in t4(db, case, "2026-03-05")] in (
        [("", "due_soon")], [(COMPANY, "due_soon"), (EMPLOYEE, "due_soon")])
    assert [due for _party, _state, due in t4_on_board(db, case, "2026-03-05")][:1] == [LAST_DAY]
    assert COMPANY in pending_refusal(db, get_case(db, case.id), "2026-03-05")


# ---- 5. a hearing concluded before the day its notice sets -----------------------------------------------------


def test_concluding_before_the_notices_day_says_to_correct_the_notice_first(db, data_dir, make_case, english):
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-11")
    message = str(refused.value)
    assert message.startswith("The 听证通知书")
    assert "correct the 听证通知书" in message
    assert "seven working days" in message  # a correction giving less notice is refused
    # what it advises can be followed: recording the day as held without the correction is refused
    with pytest.raises(WorkstationError, match="issue a corrected 听证通知书"):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-11"))
