"""The paperwork of a seal-up or seizure (查封、扣押, 行政强制法 arts. 24–28, 46): seized cash written with thousands
separators (12,500.00元, full-width too) is compared on release like any plain quantity; a 涉案物品处理记录 destroying,
auctioning or handing to the treasury goods that are merely seized is refused — a seizure only holds them, they end
confiscated by a decision or released (art. 28), and an auction to cover an unpaid fine follows the penalty decision
(art. 46(3)); an early disposal (先行处置) has its own documents —; closing a case (结案, and its 结案审批表) while a
seizure runs is warned of, naming the decision's 文号; and a 解除行政强制措施决定书 is not dated, nor does it say the
goods were seized, before the decision it names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run_json
from workstation import procedure
from workstation.closing import closing_warnings
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.measures import Item
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import end_clock_event, record_clock_event

CASE = "佛南市监立〔2026〕9号"  # demo: investigating, filed 2026-11-10
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
SEIZED = "1 | 现金 | 人民币 | 12,500.00元 | \n2 | 台式计算机 | 戴尔 | 2台 | \n3 | 银行卡 | 工行 | 3张 | "
REASON = {"reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"}
DECIDED = "2026-11-20"


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _decide(db, data_dir, case, items=SEIZED, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
                           "items": items, "decided_on": DECIDED, **values})


def _release(db, data_dir, case, number, items, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_release"),
                          {"decision_no": number, "items": items, "released_on": "2026-11-25",
                           "signed_on": "2026-11-25", **REASON, **values})


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(WorkstationError) as raised:
        call(*args, **kwargs)
    if isinstance(raised.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in raised.value.errors.items())
    return raised.value.message


# ---- 1. cash written with thousands separators ---------------------------------------------------------------------

@pytest.mark.parametrize(("written", "amount"), [("12,500.00元", ("12500.00", "元")), ("１２，５００元", ("12500", "元")),
                                                 ("1,234,567台", ("1234567", "台")), ("2台", ("2", "台"))])
def test_a_quantity_with_thousands_separators_is_a_plain_number(written, amount):
    from decimal import Decimal

    assert Item(1, "现金", "", written).amount == (Decimal(amount[0]), amount[1])


@pytest.mark.parametrize("written", ["1,5台", "12,50元", ",500元", "一批"])
def test_a_quantity_grouped_otherwise_is_not_compared(written):
    assert Item(1, "现金", "", written).amount is None


def test_more_cash_than_was_seized_is_not_released(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    message = _refused(_release, demo_db, data_dir, case, decision.number, "1 | 现金 | 人民币 | 150,000.00元 | ")
    assert "line 1" in message and "150,000.00元" in message and "12500元" in message
    assert "more" not in _refused(_release, demo_db, data_dir, case, decision.number, "1 | 现金 | 人民币 | 150000元 | ")
    first = _release(demo_db, data_dir, case, decision.number, "1 | 现金 | 人民币 | 5,000.00元 | ")
    message = _refused(_release, demo_db, data_dir, case, decision.number, "1 | 现金 | 人民币 | ８，０００元 | ")
    assert "7500元" in message and decision.number in message
    assert _release(demo_db, data_dir, case, decision.number, "1 | 现金 | 人民币 | 7,500元 | ").number
    assert first.number in _refused(_release, demo_db, data_dir, case, decision.number, "1 | 现金 | 人民币 | 1元 | ")


# ---- 2. the 涉案物品处理记录 of goods merely seized --------------------------------------------------------------------

DISPOSAL = {"basis": "佛南市监强制〔2026〕1号", "items": "1 | 台式计算机 | 戴尔 | 2台 | ", "place": "本局",
            "time_from": "2026-12-01 09:30"}


def _disposal(db, case, method):
    return check_issue(db, get_case(db, case.id), find_form("items_disposal_record"), {**DISPOSAL, "method": method})


@pytest.mark.parametrize("method", ["拍卖", "销毁", "上缴国库"])
def test_goods_merely_seized_are_not_auctioned_destroyed_or_handed_to_the_treasury(demo_db, data_dir, case, english,
                                                                                   method):
    decision = _decide(demo_db, data_dir, case)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    message = _refused(_disposal, demo_db, case, method)
    assert method in message and "没收" in message and "先行处置物品确认书" in message and "先行处置物品公告" in message
    assert decision.number in message  # the seizure that only holds them is named
    assert "art. 28" in message
    _disposal(demo_db, case, "退还当事人")  # given back: no title needed


def test_an_early_disposal_document_is_ground_for_the_disposal(demo_db, data_dir, case):
    decision = _decide(demo_db, data_dir, case)
    issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("early_disposal_confirmation"),
                   {"measure": "扣押", "measure_no": decision.number, "items": "1 | 台式计算机 | 戴尔 | 2台 | ",
                    "reason": "保管困难或者保管费用过高", "way": "拍卖"})
    _disposal(demo_db, case, "拍卖")


FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"


def test_an_auction_of_seized_goods_follows_a_decision_imposing_a_fine(db, data_dir, make_case, english):
    """行政强制法 art. 46(3): the seized goods may be auctioned to cover a fine the decision imposed — not destroyed
    or handed to the treasury without a decision confiscating them."""
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=300_000)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-02-25"))
    message = _refused(_disposal, db, case, "拍卖")
    assert "art. 46" in message
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    update_case(db, replace(get_case(db, case.id), status="decision_pending"), allow_status_change=True)
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-20", "party_address": "佛山市南海区桂城街道南海大道1号",
                    "fine_fen": "3000"})
    # and once the party, demanded to perform (催告), did not pay (tests/test_s47_procedure_review.py)
    assert "催告" in _refused(_disposal, db, case, "拍卖")
    assert "没收" in _refused(_disposal, db, case, "销毁")


# ---- 3. closing while a seizure runs -------------------------------------------------------------------------------

def test_closing_a_case_whose_seizure_is_not_released_is_warned_of(demo_db, data_dir, case, capsys, english):
    decision = _decide(demo_db, data_dir, case)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    procedure.apply(demo_db, case.id, "terminate", on_date="2026-12-01", reason="违法事实不能成立")
    closed = get_case(demo_db, case.id)
    [warning] = [w for w in closing_warnings(demo_db, closed) if decision.number in w.message]
    assert "release" in warning.message and "dispose" in warning.message and DECIDED in warning.message
    assert decision.number in warning.note
    told = stage_warnings(demo_db, closed, "closing_approval", {"ground": "终止调查"})
    assert any(decision.number in w for w in told)
    demo_db.conn.commit()
    result = run_json(capsys, "--data-dir", str(data_dir), "cases", "transition", CASE, "close", "--date",
                      "2026-12-02")
    assert result["status"] == "closed" and any(decision.number in w for w in result["warnings"])


def test_a_released_seizure_is_not_warned_of_at_closing(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    end_clock_event(demo_db, event.id, "2026-11-25", despite_held=True)  # the goods given back on paper
    procedure.apply(demo_db, case.id, "terminate", on_date="2026-12-01", reason="违法事实不能成立")
    closed = get_case(demo_db, case.id)
    assert not [w for w in closing_warnings(demo_db, closed) if decision.number in w.message]
    assert not [w for w in stage_warnings(demo_db, closed, "closing_approval", {"ground": "终止调查"})
                if "seizure" in w]


def test_a_seizure_recorded_by_hand_is_named_by_its_date(demo_db, case, english):
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-11-18"))
    procedure.apply(demo_db, case.id, "terminate", on_date="2026-12-01", reason="违法事实不能成立")
    [warning] = [w for w in closing_warnings(demo_db, get_case(demo_db, case.id)) if "seizure" in w.message]
    assert "2026-11-18" in warning.message


# ---- 4. a release dated before the decision it names ---------------------------------------------------------------

def test_a_release_does_not_precede_the_decision_it_names(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    items = "1 | 台式计算机 | 戴尔 | 2台 | "
    message = _refused(_release, demo_db, data_dir, case, decision.number, items, measured_on="2026-11-17",
                       released_on="2026-11-18", signed_on="2026-11-18")
    assert DECIDED in message and decision.number in message and "2026-11-17" in message
    message = _refused(_release, demo_db, data_dir, case, decision.number, items, measured_on="",
                       released_on="2026-11-18", signed_on="2026-11-25")
    assert DECIDED in message and "2026-11-18" in message
    assert _release(demo_db, data_dir, case, decision.number, items, measured_on=DECIDED,
                    released_on=DECIDED).number
