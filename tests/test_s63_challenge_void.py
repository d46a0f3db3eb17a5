"""A decision declared void on the party's reconsideration or lawsuit (确认无效, 行政复议法 art. 67, 行政诉讼法
art. 75), as the deadline clocks and the documents read it: like a revoked one, nothing is left to pay, demand or
enforce under it (T8, T15, T16 not applicable, the party no longer unpaid, the case may be closed), and like one
declared unlawful it is not published (T18 not applicable); a published one is withdrawn (T19); the 强制执行申请书's
outcome and the 卷宗封面's 处理结果 say 确认无效. The publication side is tests/test_s63_publicity.py."""

from __future__ import annotations

import pytest

from tests.test_clock_challenges import by_clock, challenge, outcome, served_case
from tests.test_clock_party_challenges import COMPANY, EMPLOYEE, of, served  # noqa: F401 - a fixture, used by name
from workstation import clocks, enforcement, procedure
from workstation.closing import closing_warnings
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import OUTCOMES, record_clock_event

NUMBER = "南府行复〔2026〕12号"


def declared_void(db, make_case):
    """The fine of ¥50,000 decided and served on 2026-06-01, sued against on 06-20 and declared void on 08-03."""
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_void", "2026-08-03", number=NUMBER))
    return get_case(db, case.id)


def why(deadline) -> str:
    return dict(deadline.detail)["not_applicable"]


# ---- 1. the clocks ---------------------------------------------------------------------------------------------------

def test_the_void_outcome_is_a_single_day_event_that_overturns_the_decision():
    assert "challenge_void" in clocks.POINT_KINDS and "challenge_void" in clocks.OVERTURNING
    assert "challenge_void" not in clocks.INTERVAL_KINDS


def test_a_decision_declared_void_leaves_nothing_to_pay_demand_or_enforce(db, make_case):
    case = served_case(db, make_case)
    before = by_clock(db, case, "2026-12-01")
    assert [d.state for d in before["T16"]] == ["open"] and [d.state for d in before["T8"]] == ["expired"]
    case = declared_void(db, make_case)
    found = by_clock(db, case, "2026-12-01")
    for clock_id in ("T8", "T15", "T16"):
        [d] = found[clock_id]
        assert d.state == "not_applicable", clock_id
        assert "确认无效" in why(d) and "撤销" not in why(d), clock_id
    assert not [d for d in clocks.board(db, on="2026-12-01") if d.case_id == case.id
                and d.clock in ("T8", "T15", "T16")]


def test_a_decision_declared_void_is_not_left_to_publish(db, make_case):
    case = served_case(db, make_case)
    assert [d.state for d in by_clock(db, case, "2026-12-01")["T18"]] == ["overdue"]
    case = declared_void(db, make_case)
    [t18] = by_clock(db, case, "2026-12-01")["T18"]
    assert t18.state == "not_applicable" and "确认无效" in why(t18) and "公示" in why(t18)
    assert "T18" not in {d.clock for d in clocks.board(db, on="2026-12-01") if d.case_id == case.id}
    assert not [w for w in closing_warnings(db, case) if "T18" in w.message]


def test_a_published_decision_declared_void_starts_the_withdrawal(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-10"))
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    record_clock_event(db, outcome(case, "challenge_void", "2026-09-02", number="（2026）粤0605行初12号"))
    [t19] = by_clock(db, case, "2026-09-03")["T19"]
    assert (t19.start, t19.due, t19.state) == ("2026-09-02", "2026-09-07", "due_soon")
    assert "declared void" in clocks.start_label(t19.rule)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-09-04",
                                      note="处罚决定经（2026）粤0605行初12号判决确认无效"))
    assert [(d.state, d.done_on) for d in by_clock(db, case, "2026-09-08")["T19"]] == [("met", "2026-09-04")]


def test_one_partys_decision_declared_void_stops_only_its_own_payment_and_enforcement(db, served):  # noqa: F811
    case, company, _employee = served
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=company,
                                      starts_on="2026-04-01"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_void", starts_on="2026-05-20",
                                      approved_by=NUMBER))  # the outcome of the company's own
    for clock in ("T8", "T16"):
        assert [(p, state) for p, _s, _d, state in of(db, case, clock, "2026-05-21")] == [
            (COMPANY, "not_applicable"), (EMPLOYEE, "expired" if clock == "T8" else "open")], clock
        [company_clock] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-05-21")
                           if d.clock == clock and d.party == COMPANY]
        assert "确认无效" in why(company_clock), clock
    board = {(d.party, d.clock) for d in clocks.board(db, on="2026-05-21") if d.case_id == case.id
             and d.clock in ("T8", "T16")}
    assert (EMPLOYEE, "T16") in board and not {clock for party, clock in board if party == COMPANY}
    # the employee still owes its fine and is enforced; the company owes nothing under its void decision
    assert [item.party.name for item in enforcement.unpaid_parties(db, get_case(db, case.id))] == [EMPLOYEE]


# ---- 2. enforcement and closing ----------------------------------------------------------------------------------------

def test_a_decision_declared_void_is_not_enforced_and_the_case_may_be_closed(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-06-20"))
    assert procedure.BY_NAME["close"].guard(db, get_case(db, case.id)) is not None  # pending: not closed yet
    record_clock_event(db, outcome(case, "challenge_void", "2026-08-03", number=NUMBER))
    case = get_case(db, case.id)
    assert enforcement.unpaid_parties(db, case) == []
    assert enforcement.closing_refusal(db, case) is None
    assert procedure.apply(db, case.id, "close", on_date="2026-08-10").status == "closed"


# ---- 3. the documents ------------------------------------------------------------------------------------------------

def test_every_outcome_has_its_wording_for_the_court_application():
    from workstation.formkit.values import CHALLENGE_OUTCOMES

    assert set(CHALLENGE_OUTCOMES) == set(OUTCOMES)
    assert CHALLENGE_OUTCOMES["challenge_void"] == "确认该行政处罚决定无效"


@pytest.mark.parametrize(("kind", "said"), [("challenge_void", "确认无效"), ("challenge_unlawful", "确认违法"),
                                            ("challenge_revoked", "撤销")])
def test_the_cover_states_a_decision_declared_void(db, make_case, kind, said):
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import case_context, default_values

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10", "2026-08-03"))
    record_clock_event(db, outcome(case, kind, "2026-08-03", number=NUMBER))
    context = case_context(db, get_case(db, case.id))
    values = default_values(find_form("file_cover"), context)
    assert values["result"] == f"罚款¥50,000.00（人民币伍万元整）（经{NUMBER}{said}）"
    if kind == "challenge_void":
        assert context["challenge.outcome"] == "确认该行政处罚决定无效"
