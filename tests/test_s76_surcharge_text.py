"""s76 (surcharge_text): the 加处罚款 explanation stops at the day the fine was paid in full (no ¥0.00 stretch, the days
overdue are those up to that day: 行政处罚法 art. 72); the payment warning names the unpaid fine the 3 % a day was
counted on after a payment of part, not only "the fine"; and the case page's amounts box lists each party's payments
(part payments with their days), the surcharge accrued and paid, and money paid under a decision since revoked."""

from __future__ import annotations

import pytest

from tests.test_s48_surcharge import _served
from tests.test_s73_party_payments import apart, paid  # noqa: F401  (the fixture)
from workstation import procedure
from workstation.law.surcharge import surcharge
from workstation.payments import Payment, mismatch, owed
from workstation.store import get_case

FINE = 15_000_000  # ¥150,000.00, its payment period ending 2026-04-08


def on_the_whole_fine(monkeypatch) -> None:
    """The 加处罚款 counted on the whole fine (thresholds' late_payment.surcharge_base), not on what is unpaid."""
    from workstation.law import data as law_data

    thresholds = law_data.load("thresholds")
    monkeypatch.setitem(law_data._PARSED, "thresholds",
                        {**thresholds, "late_payment": {**thresholds["late_payment"], "surcharge_base": "whole_fine"}})


# ---- 1. the explanation stops at the day the fine was paid in full -------------------------------------------------

def test_the_steps_stop_at_the_day_the_fine_was_paid_in_full(english):
    result = surcharge(FINE, "2026-04-08", "2026-12-08", payments=[("2026-03-30", 50_000), ("2026-04-10", 14_950_000)])
    # 04-09 and 04-10 at 3 % of the ¥149,500.00 still unpaid: ¥4,485.00 a day
    assert (result.amount_fen, result.counted_days, str(result.until)) == (897_000, 2, "2026-04-10")
    assert result.days == 244  # still to the day asked, paused days aside (values.py derives the first day from it)
    text = " ".join(result.steps)
    assert "¥0.00" not in text and "2026-12-08" not in text and "242" not in text and "244" not in text
    assert "By 2026-04-10 the fine is 2 days overdue" in text


def test_the_whole_fine_base_stops_at_the_day_paid_in_full_too(english, monkeypatch):
    on_the_whole_fine(monkeypatch)
    result = surcharge(FINE, "2026-04-08", "2026-12-08", payments=[("2026-03-30", 50_000), ("2026-04-10", 14_950_000)])
    assert (result.amount_fen, result.counted_days) == (900_000, 2)  # 2 days at ¥4,500.00, not 244 (capped at the fine)
    assert "By 2026-04-10 the fine is 2 days overdue" in " ".join(result.steps)


def test_unpaid_the_steps_still_count_to_the_day_asked(english):
    result = surcharge(FINE, "2026-04-08", "2026-04-20", payments=[("2026-03-30", 50_000)])
    assert result.days == 12 and "By 2026-04-20 the fine is 12 days overdue" in " ".join(result.steps)


# ---- 2. the payment warning names the base it used -----------------------------------------------------------------

def test_the_payment_warning_names_the_unpaid_fine_the_surcharge_was_counted_on(db, make_case, english):
    case = _served(db, make_case)  # ¥50,000.00, ¥40,000.00 paid 10-20, its period ending 10-26
    owing = owed(db, case, "2026-11-05")
    assert owing.surcharge_fen == 300_000  # 10 days at 3 % of the ¥10,000.00 still unpaid
    said = mismatch(owing, Payment(paid_fen=1_000_000))
    assert "3 % a day of the ¥10,000.00 of the fine still unpaid for 10 days" in said
    assert "3 % of the fine a day" not in said


def test_without_a_payment_of_part_the_warning_is_as_before(db, make_case, english):
    case = _late_case(db, make_case)
    said = mismatch(owed(db, case, "2026-11-05"), Payment(paid_fen=1_000_000))
    assert "(3 % of the fine a day, at most the fine; Penalty Law art. 72)" in said


# ---- 3. the case page lists payments, surcharge and money paid under a revoked decision ---------------------------

@pytest.mark.gui
def test_the_amounts_box_lists_part_payments_the_surcharge_and_money_paid_under_a_revoked_decision(
        qtbot, db, data_dir, prompts, apart, english):  # noqa: F811
    from PySide6.QtWidgets import QLabel

    from ui.case_workspace import CaseWorkspace
    from workstation.payments import payment_rows

    case, company, employee = apart
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=1_000_000, voucher="CO-1"))
    late = owed(db, get_case(db, case.id), "2026-04-06", company)
    assert late.surcharge_fen > 0
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-06", party_ids=(company,),
                    payment=Payment(paid_fen=4_000_000 + late.surcharge_fen, surcharge_fen=late.surcharge_fen,
                                    voucher="CO-2"))
    paid(db, case, employee, Payment(paid_fen=100_000, voucher="OLD-1"), "2026-04-01")  # under the revoked decision
    case = get_case(db, case.id)
    rows = dict(payment_rows(db, case))
    company_row = next(text for label, text in rows.items() if "佛山" in label or "公司" in label)
    surcharge_text = f"¥{late.surcharge_fen // 100:,}.00"
    assert "2026-03-20" in company_row and "¥10,000.00" in company_row and "in part" in company_row
    assert "2026-04-06" in company_row and surcharge_text in company_row
    employee_row = next(text for label, text in rows.items() if text is not company_row)
    assert "¥1,000.00" in employee_row and "佛府复〔2026〕3号" in employee_row and "refund" in employee_row

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    shown = [label.text() for label in workspace.findChildren(QLabel) if label.objectName().startswith("payments_")]
    assert company_row in shown and employee_row in shown


# ---- 4. final read (fr_surcharge): the 催告书's text, the warning's days, the box's waived surcharge --------------------

def _demand_basis(payments):
    import datetime as dt

    from workstation.demand_surcharge import DemandBasis

    return DemandBasis(fine_fen=FINE, due=dt.date(2026, 4, 8), paused=(), payments=payments)


def test_the_demand_text_of_instalments_that_paid_the_fine_counts_only_what_was_paid_before(english):
    import datetime as dt

    from workstation.demand_surcharge import Accrued, _how_accrued

    basis = _demand_basis((("2026-03-30", 50_000), ("2026-04-10", 14_950_000)))
    on = dt.date(2026, 12, 8)
    said = _how_accrued(basis, Accrued(surcharge(FINE, basis.due, on, (), basis.payments), on, 0))
    assert "in 2 days from 2026-04-09 to 2026-04-10" in said
    # the ¥500.00 paid before, not the ¥150,000.00 that settled the fine
    assert "¥500.00 of the fine ¥150,000.00 was paid in part" in said and "¥150,000.00 of the fine" not in said
    assert "The fine was paid in full on 2026-04-10" in said


def test_the_demand_warning_on_the_whole_fine_counts_the_days_to_the_day_paid_in_full(db, english, monkeypatch):
    from workstation.demand_surcharge import _demand_warnings

    on_the_whole_fine(monkeypatch)
    basis = _demand_basis((("2026-03-30", 50_000), ("2026-04-10", 14_950_000)))
    said = " ".join(_demand_warnings(db, basis, {"surcharge_on": "2026-12-08", "surcharge_fen": 100}))
    assert "2 days from 2026-04-09 to 2026-04-10" in said and "244 days" not in said and "2026-12-08" not in said


def test_a_fine_paid_in_full_before_its_period_ended_says_so(english):
    result = surcharge(FINE, "2026-04-08", "2026-12-08", payments=[("2026-04-01", FINE)])
    assert result.amount_fen == 0
    text = " ".join(result.steps)
    assert "The fine was paid in full on 2026-04-01, before the period for paying it ended on 2026-04-08" in text
    assert "has not passed by" not in text


def _late_case(db, make_case):
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case(fine_fen=5_000_000)  # its payment period ending 2026-10-26
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-08-03",
                                   notice_served_on="2026-09-01", decided_on="2026-09-15", served_on="2026-10-09"),
                       allow_status_change=True)


def test_the_payment_warning_s_days_are_those_its_bases_count(db, make_case, english):
    case = _late_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-05", payment=Payment(paid_fen=2_000_000))
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-10", payment=Payment(paid_fen=3_000_000))
    said = mismatch(owed(db, get_case(db, case.id), "2026-12-05"), Payment(paid_fen=100_000))
    assert "¥19,500.00 for 15 days after the payment period ended on 2026-10-26" in said, said
    assert "for 10 days; 3 % a day of the ¥30,000.00 of the fine still unpaid for 5 days" in said


def test_the_amounts_box_says_what_of_the_surcharge_a_payment_in_full_left_owed_or_waived(db, make_case, english,
                                                                                           monkeypatch):
    from workstation.payments import payment_rows

    monkeypatch.setattr("workstation.clocks.today", lambda: "2026-12-05")
    case = _late_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-05")  # paid as decided, no surcharge
    said = dict(payment_rows(db, get_case(db, case.id)))["Payments"]
    assert "¥0.00 of it paid" not in said
    assert "surcharge (加处罚款) ¥15,000.00 accrued by 2026-11-05: none of it paid, ¥15,000.00 still owed" in said


def test_the_amounts_box_says_the_surcharge_waived_with_the_payment_in_full(db, make_case, english, monkeypatch):
    from workstation.payments import payment_rows

    monkeypatch.setattr("workstation.clocks.today", lambda: "2026-12-05")
    case = _late_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-05", in_full=True,
                    reason="经负责人批准减免加处罚款", payment=Payment(paid_fen=5_000_000 + 500_000, surcharge_fen=500_000))
    said = dict(payment_rows(db, get_case(db, case.id)))["Payments"]
    assert "accrued by 2026-11-05: ¥5,000.00 of it paid, ¥10,000.00 reduced or waived (减免)" in said, said
    assert "still owed" not in said


def test_the_amounts_box_lists_same_day_payments_in_the_order_the_closing_sheet_does(db, data_dir, make_case):
    from tests.test_multiparty12 import decided_case
    from workstation.payments import payment_rows, payments_in_order

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    for fen, voucher in ((1_000_000, "X1"), (1_500_000, "X2"), (2_500_000, "X3")):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(company,),
                        payment=Payment(paid_fen=fen, voucher=voucher))
    case = get_case(db, case.id)
    listed = payments_in_order(db, case, company)
    assert [item.payment.voucher for item in listed] == ["X1", "X2", "X3"]
    assert [item.part for item in listed] == [True, True, False]
    row = next(text for _label, text in payment_rows(db, case) if "X" not in text and "¥15,000.00" in text)
    assert row.index("¥10,000.00") < row.index("¥15,000.00") < row.index("¥25,000.00")
