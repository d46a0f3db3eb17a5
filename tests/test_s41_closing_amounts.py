"""The 结案审批表 is not issued contradicting itself or the law (found by the documents audit): a 罚款 other than the
fine of the decision in force that the same sheet states, a 实缴罚没款合计 of ¥1.00 with 决定执行完毕 ticked against a
¥10,000 fine, a 加处罚款 above the fine (Penalty Law art. 72), a 报请日期 before the decision, a 缴款日期 still to
come — each refused naming the field (``stage_rules._closing_amounts``; the form's ``not_before``/``not_after``)."""

from __future__ import annotations

import datetime as dt

import pytest

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError, WorkstationError
from workstation.payments import Payment
from workstation.records import today
from workstation.store import get_case

FINE, CONFISCATED = 1_000_000, 100_000  # ¥10,000.00 and ¥1,000.00


def refusal(db, case, **values) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("closing_approval"), values)
    if isinstance(refused.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in refused.value.errors.items())
    return refused.value.message


def allowed(db, case, **values) -> dict:
    return check_issue(db, get_case(db, case.id), find_form("closing_approval"), values)[0]


@pytest.fixture
def performed(db, make_case):
    """A case fined ¥10,000 with ¥1,000 confiscated, its payment of both recorded."""
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=FINE, confiscated_fen=CONFISCATED)
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-10",
                    payment=Payment(paid_fen=FINE + CONFISCATED))
    return case


def test_the_sheet_as_the_case_gives_it_is_issued(db, performed):
    values = allowed(db, performed)
    assert (values["fine_fen"], values["paid_fen"], values["ground"]) == (FINE, FINE + CONFISCATED, "决定执行完毕")


def test_a_fine_other_than_the_decisions_is_refused(db, performed, english):
    message = refusal(db, performed, fine_fen="5000")
    assert message == ("The 罚款（元） (¥5,000.00) is not the fine of the decision in force (¥10,000.00), which the "
                       "sheet states in its 处理决定内容: write ¥10,000.00.")


def test_performed_with_less_paid_than_the_sheet_lists_is_refused(db, performed, english):
    message = refusal(db, performed, paid_fen="1")
    assert message.startswith("The 实缴罚没款合计（元） (¥1.00) is less than the fine, confiscated illegal gains and "
                              "surcharge the sheet lists (¥11,000.00), yet its 结案理由 says 决定执行完毕")
    # not said performed: a part paid, the rest waived on approval (a ground other than the case's record gives
    # is refused since session 57: this case was performed, not taken to court)
    allowed(db, performed, paid_fen="1", ground="其他", ground_other="部分缴纳，余款经批准减免")


def test_a_surcharge_above_the_fine_is_refused(db, performed, english):
    message = refusal(db, performed, surcharge_fen="20000", paid_fen="31000")
    assert message.startswith("The 加处罚款（元） (¥20,000.00) is more than the fine (¥10,000.00)")
    assert "行政处罚法 art. 72" in message
    assert allowed(db, performed, surcharge_fen="500", paid_fen="11500")["surcharge_fen"] == 50_000


def test_the_proposal_is_not_dated_before_the_decision(db, performed, english):
    message = refusal(db, performed, proposed_on="2026-03-20")
    assert message.startswith("报请日期: This date is before 决定日期 (2026-04-01)")
    assert find_form("closing_approval").field("proposed_on").not_before == "decided_on"


def test_a_payment_day_still_to_come_is_refused(db, performed, english):
    tomorrow = (dt.date.fromisoformat(today()[:10]) + dt.timedelta(days=1)).isoformat()
    message = refusal(db, performed, paid_on=tomorrow)
    assert message.startswith(f"缴款日期: This date ({tomorrow}) is still to come")
