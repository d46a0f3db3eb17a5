"""Review of the session's procedure changes (rev47a): a decision is compared with the 行政处罚告知书 last served on its
party — only one heavier than that is refused while a heavier correction is unserved, and the refusal shows the way
through (one party: serve the correction; several: decide no more than served); a 涉案物品处理记录 of a case decided on
paper is warned of, not refused, and an auction to cover a fine (行政强制法 art. 46(3)) needs the 催告 served and the
fine unpaid; serving the notice of a decision ordered anew keeps the first decision's date (T2 and the first T2b stay
met) and is not dated before the order; T2b starts only on the whole case's order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import legal_review
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.payments import Payment
from workstation.records import ClockEvent, Party
from workstation.store import get_case, get_party, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def _notice(db, data_dir, case, issued_on, supersedes=None, party_id=None, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": issued_on, **values}, supersedes=supersedes,
                          party_id=party_id)


def _decide(db, data_dir, case, decided_on, party_id=None, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": decided_on, "party_address": ADDRESS, **values}, party_id=party_id)


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(WorkstationError) as raised:
        call(*args, **kwargs)
    if isinstance(raised.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in raised.value.errors.items())
    return raised.value.message


# ---- 1. the decision compared with the notice served ---------------------------------------------------------------

def test_one_party_decided_at_the_amount_served_despite_a_heavier_unserved_correction(db, data_dir, make_case,
                                                                                       english):
    case = make_case(status="under_review", filed_on="2026-02-27", review_on="2026-03-02", facts=FACTS)
    first = _notice(db, data_dir, case, "2026-03-02", fine_fen="50000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-11")
    _notice(db, data_dir, case, "2026-03-12", supersedes=first.id, fine_fen="150000", hearing_required=True)
    legal_review(db, data_dir, case, reviewed_on="2026-03-12")
    message = _refused(_decide, db, data_dir, case, "2026-03-13", fine_fen="150000")
    assert "not been served" in message
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered.get("send_pre_notice", "absent") is None  # the way through is offered
    decision = _decide(db, data_dir, case, "2026-03-13", fine_fen="50000")
    assert decision.values["fine_fen"] == 5_000_000
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_several_parties_decided_at_the_amount_served_and_told_the_way_through(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-27", review_on="2026-03-02", facts=FACTS)
    company = case.party_ids[0]
    employee = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X",
                                    address="佛山市禅城区祖庙路3号"))
    case = update_case(db, replace(get_case(db, case.id), party_ids=[company, employee.id]))
    first = _notice(db, data_dir, case, "2026-03-02", party_id=company, fine_fen="50000")
    _notice(db, data_dir, case, "2026-03-02", party_id=employee.id, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    _notice(db, data_dir, case, "2026-03-04", supersedes=first.id, party_id=company, fine_fen="150000",
            hearing_required=True)
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-06", party_ids=(company, employee.id),
                    reason="当事人书面放弃陈述申辩")
    legal_review(db, data_dir, case, reviewed_on="2026-03-06")
    message = _refused(_decide, db, data_dir, case, "2026-03-09", party_id=company, fine_fen="150000")
    assert first.number in message and "no more than" in message
    decision = _decide(db, data_dir, case, "2026-03-09", party_id=company, fine_fen="50000")
    assert decision.values["fine_fen"] == 5_000_000


# ---- 2. the 涉案物品处理记录 of a case decided on paper, and the auction -------------------------------------------------

DISPOSAL = {"basis": "佛南市监罚〔2026〕1号", "items": "1 | 台式计算机 | 戴尔 | 2台 | ", "place": "本局",
            "time_from": "2026-06-01 09:30"}


def _disposal(db, case, method):
    return check_issue(db, get_case(db, case.id), find_form("items_disposal_record"), {**DISPOSAL, "method": method})


@pytest.fixture
def on_paper(db, make_case):
    """A case decided on paper (a fine of ¥3,000 recorded, no 行政处罚决定书 issued here), served, its goods seized."""
    case = make_case(fine_fen=300_000, facts=FACTS)
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address=ADDRESS, legal_rep="张三"))
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-02-20",
                                   notice_served_on="2026-03-03", decided_on="2026-03-20", served_on="2026-03-23"),
                       allow_status_change=True)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-02-25"))
    return get_case(db, case.id)


@pytest.mark.parametrize("method", ["销毁", "上缴国库"])
def test_a_case_decided_on_paper_is_warned_of_not_refused(db, on_paper, english, method):
    _disposal(db, on_paper, method)
    warnings = stage_warnings(db, on_paper, "items_disposal_record", {**DISPOSAL, "method": method})
    assert any("paper" in warning and "没收" in warning for warning in warnings)


def test_an_auction_on_a_decision_on_paper_is_warned_of_the_demand(db, on_paper, english):
    _disposal(db, on_paper, "拍卖")
    warnings = stage_warnings(db, on_paper, "items_disposal_record", {**DISPOSAL, "method": "拍卖"})
    assert any("paper" in warning and "催告" in warning for warning in warnings)


def test_an_auction_waits_for_the_demand_and_not_for_a_fine_paid(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-02-25"))
    _notice(db, data_dir, case, "2026-03-02", fine_fen="3000")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", reason="当事人书面放弃陈述申辩")
    legal_review(db, data_dir, case, reviewed_on="2026-03-05")
    _decide(db, data_dir, case, "2026-03-20", fine_fen="3000")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-20")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-23")
    message = _refused(_disposal, db, case, "拍卖")
    assert "催告" in message and "art. 46" in message
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-05-06"))
    _disposal(db, case, "拍卖")
    procedure.apply(db, case.id, "record_performance", on_date="2026-05-10",
                    payment=Payment(paid_fen=300_000, voucher="NO.1"), in_full=True)
    message = _refused(_disposal, db, case, "拍卖")
    assert "paid" in message


# ---- 3. the notice of a decision ordered anew ----------------------------------------------------------------------

def _served(db, make_case):
    case = make_case(fine_fen=500_000, lead_received_on="2026-01-10", violations=["unsolicited_commercial_messages"],
                     facts=FACTS)
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道1号", legal_rep="张三"))
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-01-20",
                                   notice_served_on="2026-02-10", decided_on="2026-02-26", served_on="2026-03-02"),
                       allow_status_change=True)


def _event(db, case, kind, starts_on, **more):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=starts_on, **more))


def _clock(db, case, clock_id, on):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock_id]


def test_the_new_notice_keeps_the_first_decision_date(db, make_case, english):
    case = _served(db, make_case)
    _event(db, case, "reconsideration", "2026-03-25")
    _event(db, case, "challenge_redo", "2026-04-20", approved_by="佛府复〔2026〕3号")
    procedure.apply(db, case.id, "redecide", on_date="2026-04-21", reason="复议决定责令重新作出")
    with pytest.raises(TransitionRefused, match="2026-04-20"):
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-04-19")
    case = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-04-22")
    assert case.notice_served_on == "2026-04-22" and case.decided_on == "2026-02-26"
    [t2] = _clock(db, case, "T2", on="2026-04-25")
    assert t2.state == "met" and t2.done_on == "2026-02-26"
    procedure.apply(db, case.id, "waive_statement", on_date="2026-04-23", reason="当事人书面放弃陈述申辩")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason="重新作出处罚决定")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-05-07")
    _event(db, case, "reconsideration", "2026-05-20")
    _event(db, case, "challenge_redo", "2026-06-10", approved_by="佛府复〔2026〕9号")
    procedure.apply(db, case.id, "redecide", on_date="2026-06-11", reason="复议决定再次责令重新作出")
    case = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-12")
    assert case.decided_on == "2026-05-06"
    t2b = {d.start: d for d in _clock(db, case, "T2b", on="2026-06-15")}
    assert t2b["2026-04-20"].state == "met"
    assert t2b["2026-06-10"].state not in ("met", "overdue")


# ---- 4. T2b on the whole case's order only -------------------------------------------------------------------------

def test_t2b_starts_only_on_the_whole_cases_order(db, make_case, english):
    case = _served(db, make_case)
    employee = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X",
                                    address="佛山市禅城区祖庙路3号"))
    case = update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, employee.id]))
    _event(db, case, "reconsideration", "2026-03-25", party_id=employee.id)
    _event(db, case, "challenge_redo", "2026-04-20", approved_by="佛府复〔2026〕3号", party_id=employee.id)
    assert _clock(db, case, "T2b", on="2026-04-25") == []
