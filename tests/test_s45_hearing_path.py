"""The hearing path an audit found open: a penalty decided after a hearing with no 听证笔录 or 听证报告, which can no
longer be issued once it is decided (Penalty Law art. 65: the decision rests on the hearing record); a hearing held on
another day than its 听证通知书 sets, or before the party asked for it; and an investigator named as 听证主持人 with a
space inside the name (art. 64 (4))."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice, legal_review, run
from tests.test_guards_review import ASKED, FACTS, HELD, SERVED, notice
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

RECORD = {"time_from": f"{HELD} 09:30", "chair": "李主持", "recusal_answer": "不申请回避",
          "proceedings": "主持人：宣布听证开始。\n当事人：对调查人员提出的事实无异议。"}
REPORT = {"hearing_from": f"{HELD} 09:30", "reported_on": HELD, "chair": "李主持", "analysis": "当事人提出的理由不成立。",
          "proposal": "维持", "party_statement": "当事人称不知情。"}
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def asked(db, data_dir, make_case):
    """A company's case whose 行政处罚告知书 (issued here) proposed a fine of ¥150,000; the party asked for a hearing
    on 2026-03-03."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, fine_fen="150000", hearing_required=True)
    return procedure.apply(db, case.id, "request_hearing", on_date=ASKED)


def hearing_documents(db, data_dir, case, held: str, party_id=None):
    """Issue the 听证笔录 and 听证报告 of the hearing of ``case`` held on ``held`` (to ``party_id`` in a case with
    several parties): a penalty after a hearing is decided on them (Penalty Law art. 65)."""
    for form_id, values in (("hearing_record", RECORD), ("hearing_report", REPORT)):
        dated = {key: value.replace(HELD, held) for key, value in values.items()}
        issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), dated, party_id=party_id)


def issue(db, data_dir, case, form_id, values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values)


@pytest.fixture
def heard(db, data_dir, make_case):
    """``asked``, told on 03-03 of its hearing on 03-12, held and concluded that day and legally reviewed: nothing
    but the hearing's documents is missing before the decision."""
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=HELD))
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    legal_review(db, data_dir, case, reviewed_on=HELD)
    return get_case(db, case.id)


# ---- 1. the decision rests on the 听证笔录 and 听证报告 (Penalty Law art. 65) ----------------------------------------


def test_the_penalty_is_not_decided_on_a_hearing_without_its_record_and_report(db, data_dir, heard, english,
                                                                              table_counts):
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, heard.id, "decide_penalty", on_date="2026-03-13")
    message = str(refused.value)
    assert message.startswith("A hearing was held in this case on 2026-03-12, and no 听证笔录 or 听证报告 of it is "
                              "issued: the penalty is decided on the hearing record (Penalty Law art. 65).")
    assert "Issue the 听证笔录 and the 听证报告 first" in message
    assert table_counts(db) == before and get_case(db, heard.id).status == "decision_pending"
    # the window's button and dialog ask the same
    assert procedure.date_refusal(db, heard, "decide_penalty", None) == message
    assert procedure.date_refusal(db, heard, "decide_penalty", "2026-03-13") == message
    # the 行政处罚决定书 is refused as the step is, before it takes a number
    with pytest.raises(WorkstationError, match="no 听证笔录 or 听证报告"):
        issue(db, data_dir, heard, "penalty_decision", {"decided_on": "2026-03-13", "party_address": ADDRESS,
                                                        "fine_fen": "150000", "evidence": "1.询问笔录。"})
    issue(db, data_dir, heard, "hearing_record", RECORD)
    message = procedure.date_refusal(db, get_case(db, heard.id), "decide_penalty", "2026-03-13")
    assert message.startswith("A hearing was held in this case on 2026-03-12, and no 听证报告 of it is issued")
    issue(db, data_dir, heard, "hearing_report", REPORT)
    assert procedure.date_refusal(db, get_case(db, heard.id), "decide_penalty", "2026-03-13") is None
    assert procedure.apply(db, heard.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_the_cli_refuses_the_decision_without_the_hearing_record(db, data_dir, heard, capsys, english, table_counts):
    before = table_counts(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", heard.case_number, "decide_penalty",
                         "--date", "2026-03-13")
    assert (code, out) == (1, "")
    assert "no 听证笔录 or 听证报告 of it is issued" in err
    assert table_counts(db) == before


def test_a_hearing_withdrawn_needs_no_record(db, data_dir, make_case, english):
    case = asked(db, data_dir, make_case)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="当事人书面撤回听证申请")
    assert procedure.hearing_documents_refusal(db, get_case(db, case.id)) is None


# ---- 2. the hearing is held on the day its notice sets ------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-03-13", "2026-03-11"])
def test_a_hearing_held_on_another_day_than_its_notice_sets_is_refused(db, data_dir, make_case, english, day,
                                                                     table_counts):
    case = asked(db, data_dir, make_case)
    told = hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=day))
    message = refused.value.errors["starts_on"]
    assert message.startswith(f"The 听证通知书 {told.number} sets the hearing on 2026-03-12, not {day}:")
    assert "issue a corrected 听证通知书 (更正)" in message
    assert table_counts(db) == before
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=HELD))


def test_the_cli_refuses_a_hearing_held_a_day_late(db, data_dir, make_case, capsys, english, table_counts):
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    before = table_counts(db)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "hold_hearing",
                         "--date", "2026-03-13")
    assert (code, out) == (1, "")
    assert "sets the hearing on 2026-03-12, not 2026-03-13" in err
    assert table_counts(db) == before


# ---- 3. not before the party asked ----------------------------------------------------------------------------------


def test_a_hearing_is_not_held_before_the_party_asked_for_it(db, data_dir, make_case, english, table_counts):
    case = asked(db, data_dir, make_case)
    before = table_counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-02"))
    assert refused.value.errors["starts_on"].startswith(
        "The party asked for a hearing on 2026-03-03: a “Hearing held” cannot be dated before it (2026-03-02).")
    assert table_counts(db) == before
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=ASKED))


# ---- 4. an investigator's name with a space inside it -----------------------------------------------------------


@pytest.mark.parametrize("chair", ["陈　志强", "陈 志强", " 陈志强 "])
def test_an_investigator_with_a_space_in_the_name_cannot_chair_the_hearing(db, data_dir, make_case, english, chair):
    case = asked(db, data_dir, make_case)
    values = {"issued_on": ASKED, "hearing_date": HELD, "hearing_time": "上午9时30分", "hearing_place": "本局听证室",
              "clerk": "王记录"}
    with pytest.raises(ValidationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("hearing_notice"), {**values, "chair": chair})
    assert "陈志强" in refused.value.errors["听证主持人"]
    # names are still told apart by their separators, and by a space between two whole names
    with pytest.raises(ValidationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("hearing_notice"),
                    {**values, "chair": "李主持", "members": "王明 黄丽娟"})
    assert "黄丽娟" in refused.value.errors["听证员"] and "王明" not in refused.value.errors["听证员"]
