"""The statutory procedure an audit found open (session 68): a case taken back from the police (恢复办理) dated before
the police answered the transfer, and the steps after it ordered before that answer; a case at the criminal
threshold decided, terminated or closed while the police reconsider their refusal (Penalty Law art. 82; transfer
rules art. 9); and 听证结束 that could never be undone (撤销上一步), leaving a wrong hearing-end date and the hearing
time it excludes from the decision's time limit (T2)."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice
from tests.test_guards_review import ASKED, HELD
from tests.test_s45_hearing_path import asked
from tests.test_s48_police import record
from tests.test_s68_clocks import t2
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case
from workstation.store.clock_events import clock_events_of, open_event

WAITS = "waits for the police's decision"


def offered(db, case):
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


@pytest.fixture
def transferred(db, make_case):
    """A case at the criminal threshold (illegal gains of ¥5,000), filed on 2026-09-02 and transferred on 09-11."""
    case = make_case(illegal_gains_fen=500_000, fine_fen=10_000_000)
    case = procedure.apply(db, case.id, "file", on_date="2026-09-02")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-09-11", reason="涉嫌侵犯公民个人信息罪")


# ---- D1. not taken back before the police answered ----------------------------------------------------------------


def test_the_case_is_not_taken_back_before_the_police_answered(db, transferred, table_counts, english):
    record(db, transferred, "police_refused", "2026-09-15")
    record(db, transferred, "police_review_requested", "2026-09-16")
    record(db, transferred, "police_review_upheld", "2026-09-18")
    before = table_counts(db)
    for day in ("2026-09-12", "2026-09-17"):
        why = procedure.date_refusal(db, get_case(db, transferred.id), "resume_after_police", day)
        assert why is not None and "2026-09-18" in why and day in why, why
        assert "still with them" in why, why  # the guard's own message, clearer than "recorded in their order"
        with pytest.raises(TransitionRefused, match="2026-09-18"):
            procedure.apply(db, transferred.id, "resume_after_police", on_date=day, reason="恢复")
    assert table_counts(db) == before and get_case(db, transferred.id).status == "transferred_police"
    case = procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-09-18", reason="复议维持不予立案")
    assert case.status == "investigating"


def test_the_police_answer_orders_the_steps_after_it(db, transferred, english):
    """The police's answers since the transfer count as steps: no later step is dated before them."""
    record(db, transferred, "police_refused", "2026-09-15")
    case = procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-09-16", reason="不予立案")
    record(db, case, "police_review_requested", "2026-09-17")  # asked to reconsider, upheld on 09-21
    record(db, case, "police_review_upheld", "2026-09-21")
    latest = procedure.latest_step(db, get_case(db, case.id))
    assert latest is not None and latest[0] == "2026-09-21"
    why = procedure.date_refusal(db, get_case(db, case.id), "terminate", "2026-09-20")
    assert why is not None and "2026-09-21" in why, why
    assert procedure.date_refusal(db, get_case(db, case.id), "terminate", "2026-09-21") is None


def test_a_case_withdrawn_by_the_police_is_not_reopened_before_the_withdrawal(db, transferred, english):
    record(db, transferred, "police_filed", "2026-09-14")
    procedure.apply(db, transferred.id, "close", on_date="2026-09-15")
    record(db, transferred, "police_withdrawn", "2026-09-20")
    why = procedure.date_refusal(db, get_case(db, transferred.id), "resume_after_police", "2026-09-19")
    assert why is not None and "2026-09-20" in why, why
    assert procedure.date_refusal(db, get_case(db, transferred.id), "resume_after_police", "2026-09-20") is None


# ---- D2. not settled while the police reconsider -------------------------------------------------------------------


@pytest.fixture
def taken_back(db, transferred):
    """The case taken back on the police's refusal of 09-16 on 09-17."""
    record(db, transferred, "police_refused", "2026-09-16")
    return procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-09-17", reason="不予立案")


@pytest.mark.parametrize("pending, said", [("police_review_requested", WAITS),
                                           ("procuratorate_requested", "The procuratorate was asked on 2026-09-18")])
def test_no_decision_nor_termination_while_the_police_reconsider(db, taken_back, table_counts, english, pending,
                                                                   said):
    record(db, taken_back, pending, "2026-09-18")
    assert said in offered(db, taken_back)["terminate"]
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match=said):
        procedure.apply(db, taken_back.id, "terminate", on_date="2026-09-19", reason="终止")
    assert table_counts(db) == before
    case = procedure.apply(db, taken_back.id, "conclude_investigation", on_date="2026-09-21")
    case = procedure.apply(db, case.id, "submit_review", on_date="2026-09-21")
    assert said in offered(db, case)["decide_no_penalty"]
    with pytest.raises(TransitionRefused, match=said):
        procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-09-22", reason="轻微")
    # the penalty too, and the documents leading to it
    for action in ("decide_penalty", "send_pre_notice"):
        refusal = procedure.criminal_threshold_refusal(db, get_case(db, case.id), action)
        assert refusal is not None and said in refusal, refusal
    assert get_case(db, case.id).status == "under_review"
    # the police's refusal stands: the case is decided
    record(db, case, "police_review_upheld" if pending == "police_review_requested" else "police_refused",
           "2026-09-23")
    assert procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-09-23", reason="轻微").status == \
        "no_penalty"


def test_a_case_decided_before_the_request_is_not_closed_while_it_is_pending(db, taken_back, english):
    case = procedure.apply(db, taken_back.id, "terminate", on_date="2026-09-17", reason="证据不足")
    record(db, case, "police_review_requested", "2026-09-18")
    assert WAITS in offered(db, case)["close"]
    with pytest.raises(TransitionRefused, match=WAITS):
        procedure.apply(db, case.id, "close", on_date="2026-09-19")
    record(db, case, "police_review_upheld", "2026-09-20")
    assert procedure.apply(db, case.id, "close", on_date="2026-09-20").status == "closed"


# ---- D3. 听证结束 undone ---------------------------------------------------------------------------------------------


def test_the_end_of_the_hearing_is_undone_and_its_hearing_time_reopened(db, data_dir, make_case, english):
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")  # held on 03-12: the day is wrong
    [hearing] = clock_events_of(db, case.id)
    assert hearing.ends_on == "2026-03-12"
    assert t2(db, case, "2026-03-20").state != "stopped"
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    back = procedure.undo_last_step(db, case.id, "听证结束日期录错")
    assert back.status == "hearing"
    running = open_event(db, case.id, "hearing")
    assert running is not None and running.starts_on == ASKED and running.ends_on is None
    assert t2(db, case, "2026-03-20").state == "stopped"  # the hearing time excluded from T2 again
    case = procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    assert case.status == "decision_pending"
    [hearing] = clock_events_of(db, case.id)
    assert hearing.starts_on == ASKED and hearing.ends_on == "2026-03-11"


def test_the_step_name_of_the_end_of_the_hearing(db, data_dir, make_case):
    from workstation.step_undo import last_step, step_name

    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    event = last_step(db, case.id)
    assert step_name(event, get_case(db, case.id)) == "conclude_hearing"
    assert step_name(event) == "conclude_hearing"


# ---- D2b. a transfer after the decision: its execution goes on beside the police (transfer rules art. 11) ----------


def test_a_request_to_reconsider_a_transfer_after_the_decision_does_not_stop_the_decision(db, make_case, english):
    """A served case transferred on 04-21, the police refused and were asked to reconsider: the case's own decision
    steps (a new decision ordered, the penalty decided anew) are not refused as waiting for the police."""
    from tests.test_police_after_decision import FACTS

    case = make_case(status="served", filed_on="2026-01-05", facts=FACTS, records_other=6_000, fine_fen=5_000_000,
                     decided_on="2026-03-02", served_on="2026-03-04")
    case = procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    record(db, case, "police_refused", "2026-04-22")
    record(db, case, "police_review_requested", "2026-04-23")
    for action in ("decide_penalty", "send_pre_notice", "decide_no_penalty"):
        assert procedure.criminal_threshold_refusal(db, get_case(db, case.id), action) is None, action
    # the police's answers to that transfer are not steps of the case: a payment keeps its own day
    assert procedure.latest_step(db, get_case(db, case.id))[0] == "2026-04-21"


def test_a_transfer_before_the_decision_still_waits_for_the_reconsideration(db, transferred, english):
    """The control: the same request on a transfer made before the decision refuses the penalty."""
    record(db, transferred, "police_refused", "2026-09-15")
    record(db, transferred, "police_review_requested", "2026-09-16")
    refusal = procedure.criminal_threshold_refusal(db, get_case(db, transferred.id), "decide_penalty")
    assert refusal is not None and WAITS in refusal, refusal
