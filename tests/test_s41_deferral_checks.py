"""The 延期/分期缴纳罚款通知书 defers a fine the party's decision in force imposed and the party has not paid (found by
the documents audit: a case decided with a warning alone issued one deferring ¥0.00, a fine paid in full was
deferred as ¥999,999, and an instalment fell due before the one before it): refused, naming the field and what to
do, before a number is taken (``stage_rules._deferral``)."""

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

FORM = "payment_deferral_notice"
TYPED = {"decision_no": "佛南市监处〔2026〕1号"}
FINE = 500_000  # ¥5,000.00


def refusal(db, case, **values) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form(FORM), {**TYPED, **values})
    if isinstance(refused.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in refused.value.errors.items())
    return refused.value.message


def allowed(db, case, **values) -> dict:
    return check_issue(db, get_case(db, case.id), find_form(FORM), {**TYPED, **values})[0]


def days_ahead(n: int) -> str:
    return (dt.date.fromisoformat(today()[:10]) + dt.timedelta(days=n)).isoformat()


def decided(make_case, fine_fen: int = FINE):
    return make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=fine_fen)


def test_a_decision_of_a_warning_alone_has_no_fine_to_defer(db, make_case, english):
    message = refusal(db, decided(make_case, fine_fen=0), deferred_to=days_ahead(30))
    assert "imposes no fine" in message and "延期/分期缴纳罚款通知书" in message


@pytest.mark.parametrize("typed", [{}, {"fine_fen": "999999"}])
def test_a_fine_paid_in_full_is_not_deferred_whatever_amount_is_typed(db, make_case, english, typed):
    case = decided(make_case, fine_fen=200_000)
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-10")
    message = refusal(db, case, **typed, deferred_to=days_ahead(30))
    assert "is paid" in message and "2026-04-10" in message and "¥2,000.00" in message


def test_the_amount_deferred_is_the_fine_of_the_decision(db, make_case, english):
    case = decided(make_case)
    message = refusal(db, case, fine_fen="999999", deferred_to=days_ahead(30))
    assert message.startswith("The 罚款（元） (¥999,999.00) is not the fine the decision")
    assert "Write ¥5,000.00" in message
    assert allowed(db, case, deferred_to=days_ahead(30))["fine_fen"] == FINE  # the decision's fine, by default


def test_after_a_part_paid_no_more_than_the_rest_is_deferred(db, make_case, english):
    case = decided(make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-10", payment=Payment(paid_fen=100_000))
    message = refusal(db, case, deferred_to=days_ahead(30))  # the whole fine: ¥1,000.00 of it is paid
    assert message.startswith("The 罚款（元） (¥5,000.00) is more than the fine left unpaid")
    assert "¥1,000.00 paid, so ¥4,000.00 at most" in message
    assert allowed(db, case, fine_fen="4000", deferred_to=days_ahead(30))["fine_fen"] == 400_000


def test_instalments_fall_due_one_after_another(db, make_case, english):
    case = decided(make_case)
    later, earlier = days_ahead(20), days_ahead(10)
    instalments = {"by_instalments": True, "instalment1_fen": "2500", "instalment2_fen": "2500"}
    message = refusal(db, case, **instalments, instalment1_on=later, instalment2_on=earlier)
    assert message.startswith(f"The 第二期缴纳期限 ({earlier}) is not after the 第一期缴纳期限 ({later})")
    assert "第二期缴纳期限" in refusal(db, case, **instalments, instalment1_on=later, instalment2_on=later)
    allowed(db, case, **instalments, instalment1_on=earlier, instalment2_on=later)


def test_instalments_need_their_amounts(db, make_case, english):
    case = decided(make_case)
    message = refusal(db, case, by_instalments=True, instalment1_on=days_ahead(10))
    assert message.startswith("“分期缴纳” is ticked but no instalment's amount is given")
    message = refusal(db, case, by_instalments=True, instalment1_fen="5000", instalment1_on=days_ahead(10),
                      instalment2_on=days_ahead(20))
    assert message.startswith(f"The 第二期缴纳期限 ({days_ahead(20)}) is written but the 第二期数额（元） is empty")


def test_instalments_not_adding_up_to_the_fine_are_refused_by_the_forms_sums(db, make_case, english):
    message = refusal(db, decided(make_case), by_instalments=True, instalment1_fen="2500",
                      instalment1_on=days_ahead(10), instalment2_fen="2000", instalment2_on=days_ahead(20))
    assert message.startswith("第二期数额（元）: The amounts 第一期数额（元）、第二期数额（元） add up to ¥4,500.00")
