"""The late-payment surcharge (加处罚款) after a payment of part of the fine: 3 % a day of the fine still unpaid that
day (行政处罚法 art. 72 (1)), in all at most the fine (art. 72; REFERENCE §1.2 T9) — the base is the law data's
``surcharge_base`` (UNCONFIRMED, default "unpaid"); the 催告书, the 强制执行申请书, the payment dialog's prefill and
the law panel count it alike. And a deferral of payment says the last day it moved, as shown before it (rolled past
a holiday)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.law import data as law_data
from workstation.law.surcharge import surcharge
from workstation.payments import Payment, owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FINE = 5_000_000  # ¥50,000.00, served 2026-10-09: T8 ends 2026-10-24, a Saturday, so 2026-10-26
TODAY = "2026-12-05"


@pytest.fixture
def whole_fine(monkeypatch):
    """The law data read as taking the whole fine as the base (``surcharge_base = "whole_fine"``)."""
    thresholds = law_data.load("thresholds")
    changed = {**thresholds, "late_payment": {**thresholds["late_payment"], "surcharge_base": "whole_fine"}}
    monkeypatch.setitem(law_data._PARSED, "thresholds", changed)


def test_the_law_data_takes_the_unpaid_fine_as_the_base_marked_unconfirmed():
    text = law_data.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    assert law_data.load("thresholds")["late_payment"]["surcharge_base"] == "unpaid"
    block = text[text.index("[late_payment]"):text.index("[texts]")]
    assert "UNCONFIRMED" in block and "whole_fine" in block


def test_a_part_paid_before_the_deadline_lowers_the_base_not_the_cap(english):
    result = surcharge(FINE, "2026-10-26", TODAY, payments=[("2026-10-20", 4_000_000)])
    # 40 days at 3 % of the ¥10,000.00 unpaid = ¥12,000.00, below the cap: the fine of ¥50,000.00 (art. 72)
    assert (result.days, result.amount_fen, result.capped) == (40, 1_200_000, False)
    assert any("unpaid" in step for step in result.steps)
    assert not any("¥50,000.00" in step and "3%" in step and "¥1,500.00" in step for step in result.steps)


def test_a_part_paid_within_the_surcharge_period_lowers_the_base_from_the_day_after(english):
    # 2026-06-17..06-20: 4 days on ¥50,000.00 (¥1,500.00 a day); 06-21..06-26: 6 days on ¥10,000.00 (¥300.00)
    result = surcharge(FINE, "2026-06-16", "2026-06-26", payments=[("2026-06-20", 4_000_000)])
    assert (result.days, result.amount_fen, result.capped) == (10, 600_000 + 180_000, False)
    later = surcharge(FINE, "2026-06-16", "2026-06-26", payments=[("2026-07-01", 4_000_000)])
    assert later.amount_fen == surcharge(FINE, "2026-06-16", "2026-06-26").amount_fen == 1_500_000


def test_without_payments_the_surcharge_and_its_steps_are_as_before(english):
    assert surcharge(FINE, "2026-06-16", "2026-06-26", payments=()) == surcharge(FINE, "2026-06-16", "2026-06-26")


def test_the_whole_fine_base_is_kept_when_the_data_says_so_and_the_steps_say_it(english, whole_fine):
    result = surcharge(FINE, "2026-10-26", TODAY, payments=[("2026-10-20", 4_000_000)])
    assert (result.amount_fen, result.capped) == (FINE, True)
    assert any("whole fine" in step for step in result.steps)


def _served(db, make_case):
    case = make_case(fine_fen=FINE)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-08-03",
                                   notice_served_on="2026-09-01", decided_on="2026-09-15", served_on="2026-10-09"),
                       allow_status_change=True)
    return procedure.apply(db, case.id, "record_performance", on_date="2026-10-20",
                           payment=Payment(paid_fen=4_000_000, voucher="V109A"))


def test_what_is_owed_after_a_part_paid_in_time_counts_the_surcharge_on_the_rest(db, make_case, english):
    case = _served(db, make_case)
    assert case.status == "served"
    owing = owed(db, case, TODAY)
    assert (owing.due, owing.surcharge_fen, owing.paid_in_part_fen) == ("2026-10-26", 1_200_000, 4_000_000)
    assert owing.total_fen - owing.paid_in_part_fen == 2_200_000  # the payment dialog's prefill
    assert owed(db, case, "2026-11-05").surcharge_fen == 300_000  # 10 days at ¥300.00


def test_the_demand_and_application_drafts_state_the_surcharge_on_the_rest(db, make_case, english, monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import case_context, default_values

    monkeypatch.setattr("workstation.formkit.values.today", lambda: TODAY)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: TODAY)
    case = get_case(db, _served(db, make_case).id)
    for form_id in ("performance_demand", "enforcement_application"):
        values = default_values(find_form(form_id), case_context(db, case))
        assert (values["unpaid_fen"], values["surcharge_fen"]) == ("10000.00", "12000.00"), form_id


def test_the_law_panel_counts_the_surcharge_on_the_rest(db, make_case, english):
    from workstation.law.case_law import _surcharge

    case = get_case(db, _served(db, make_case).id)
    assert _surcharge(db, case, TODAY).amount_fen == 1_200_000
    assert _surcharge(db, case, "2026-11-05").amount_fen == 300_000


def test_a_redated_demand_counts_the_surcharge_on_the_rest(db, make_case, english, monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.formkit.follow import surcharge_changes
    from workstation.formkit.values import case_context

    monkeypatch.setattr("workstation.formkit.values.today", lambda: TODAY)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: TODAY)
    case = get_case(db, _served(db, make_case).id)
    basis = case_context(db, case)["penalty.surcharge_basis"]
    before = {"signed_on": TODAY, "surcharge_on": TODAY, "surcharge_fen": "12000.00"}
    changes = surcharge_changes(find_form("performance_demand"), basis, before, {**before, "signed_on": "2026-11-05"})
    assert changes["surcharge_fen"] == "3000.00"


def test_the_demand_checks_its_surcharge_against_the_one_on_the_rest(db, make_case, english):
    from workstation.demand_surcharge import demand_refusal, demand_warnings

    case = get_case(db, _served(db, make_case).id)
    values = {"signed_on": TODAY, "surcharge_on": TODAY, "surcharge_fen": 1_200_000, "unpaid_fen": 1_000_000}
    assert not [w for w in demand_warnings(db, case, values) if "surcharge" in w]
    assert demand_refusal(db, case, values) is None
    refused = demand_refusal(db, case, {**values, "surcharge_fen": FINE})
    assert refused and "write ¥12,000.00 at most" in refused and "fine still unpaid" in refused
    [warned] = demand_warnings(db, case, {**values, "surcharge_fen": 900_000})
    assert "fine still unpaid each day (¥40,000.00 of the fine ¥50,000.00 was paid in part)" in warned
    assert "Write ¥12,000.00" in warned


# ---- 2. a deferral says the last day as shown before it ----------------------------------------------------------

def test_a_deferral_says_the_payment_day_it_moved_as_rolled_past_the_holiday(db, make_case, english):
    from workstation.clocks import case_clocks

    case = make_case(fine_fen=FINE)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-08-03",
                                   notice_served_on="2026-09-01", decided_on="2026-09-15", served_on="2026-09-18"),
                       allow_status_change=True)
    [before] = [d for d in case_clocks(db, case) if d.clock == "T8"]
    assert before.due == "2026-10-08"  # 2026-10-03 is in the National Day holiday
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-10-01", ends_on="2026-11-30",
                                      approved_on="2026-09-30", approved_by="局长"))
    [after] = [d for d in case_clocks(db, get_case(db, case.id)) if d.clock == "T8"]
    assert after.due == "2026-11-30"
    said = after.calculation()
    assert "instead of 2026-10-08" in said and "2026-10-03" not in said
