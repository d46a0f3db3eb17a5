"""Enforcing an overdue fine after payments of part (audit s52): the late-payment surcharge (加处罚款, REFERENCE §1.2
T9; 行政处罚法 art. 72) accrues each day at 3 % of the fine still unpaid that day, the surcharge in all — paid and
still owed — is never more than the fine, and what accrued by a payment is not wiped out by it; so recording the
last payment neither crashes nor asks for a negative amount, and the 催告书 and 强制执行申请书 state the surcharge
still owed (accrued less what was paid of it), as the payment dialog does. A 催告书 is refused while an approved
deferral of payment (暂缓或分期缴纳罚款) runs, and the refusal names the day the deferral moved the payment to."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation.law.surcharge import surcharge
from workstation.payments import owed, recorded_payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

DUE = "2026-06-16"  # decided 2026-05-28, served 2026-06-01: the time to pay (T8) ends 2026-06-16


def served(db, make_case, fine_fen=800_000):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-05-28", served_on="2026-06-01"),
                       allow_status_change=True)


def pay(capsys, data_dir, case, *options):
    return run_json(capsys, "cases", "transition", case.case_number, "record_performance", *options,
                    "--data-dir", data_dir)


def paid_with_surcharge(db, data_dir, make_case, capsys):
    """¥8,000 fine, 30 days late on 07-16: ¥7,200 surcharge, ¥15,200 owed; ¥15,100 paid with its ¥7,200 surcharge."""
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--date", "2026-07-16", "--paid", "15100", "--surcharge", "7200")
    assert result["status"] == "served"
    assert any("¥100.00 still owed" in w for w in result["warnings"])
    return get_case(db, case.id)


# ---- 1. the surcharge in all is at most the fine, and a payment wipes out nothing accrued -------------------------

def test_the_surcharge_after_a_part_paid_keeps_what_accrued_and_adds_the_days_on_the_rest():
    # 06-17..07-16: 30 days on ¥8,000 (¥240 a day) = ¥7,200; 07-17..07-20: 4 days on ¥100 (¥3 a day) = ¥12
    result = surcharge(800_000, DUE, "2026-07-20", payments=[("2026-07-16", 790_000)])
    assert (result.amount_fen, result.capped) == (721_200, False)


def test_a_part_paid_of_the_fine_never_lowers_the_surcharge_already_accrued():
    # ¥10,000 fine 30 days late: ¥9,000 accrued; ¥9,900 of the fine paid that day
    payments = [("2026-07-16", 990_000)]
    assert surcharge(1_000_000, DUE, "2026-07-16", payments=payments).amount_fen == 900_000
    assert surcharge(1_000_000, DUE, "2026-07-17", payments=payments).amount_fen == 900_300
    amounts = [surcharge(1_000_000, DUE, f"2026-{month:02d}-{day:02d}", payments=payments).amount_fen
               for month in (7, 8, 9) for day in range(1, 31)]
    assert amounts == sorted(amounts) and max(amounts) <= 1_000_000


def test_the_cap_is_the_fine_whatever_was_paid_of_it(english):
    # 35 days on ¥10,000 = ¥10,500, at most the fine: ¥10,000 — and it stays so after half the fine is paid
    payments = [("2026-07-21", 500_000)]
    assert surcharge(1_000_000, DUE, "2026-07-21", payments=payments).amount_fen == 1_000_000
    later = surcharge(1_000_000, DUE, "2026-08-01", payments=payments)
    assert (later.amount_fen, later.capped) == (1_000_000, True)
    assert any("may not exceed the fine: ¥10,000.00" in step for step in later.steps)
    # paid in part within the time to pay: 40 days on the ¥10,000 unpaid of ¥50,000 = ¥12,000, below the fine
    early = surcharge(5_000_000, "2026-10-26", "2026-12-05", payments=[("2026-10-20", 4_000_000)])
    assert (early.amount_fen, early.capped) == (1_200_000, False)


def test_recording_the_last_payment_after_a_part_with_its_surcharge_asks_what_is_left(
        db, data_dir, make_case, capsys, english):
    case = paid_with_surcharge(db, data_dir, make_case, capsys)
    owing = owed(db, case, "2026-07-20")
    assert (owing.surcharge_fen, owing.total_fen - owing.paid_in_part_fen) == (721_200, 11_200)
    result = pay(capsys, data_dir, case, "--date", "2026-07-20", "--paid", "100")  # crashed before
    assert result["status"] == "served"
    [warning] = result["warnings"]
    assert "so ¥112.00 is left to pay" in warning and "¥15,200.00 paid in all leaves ¥12.00 still owed" in warning
    assert "¥-" not in warning and "-¥" not in warning
    result = pay(capsys, data_dir, get_case(db, case.id), "--date", "2026-07-20", "--paid", "12")
    assert result["status"] == "performed"
    # the rest paid without a surcharge given: the surcharge still owed recorded as its surcharge
    assert "¥12.00 of the ¥7,212.00 accrued by then (¥7,200.00 of it paid before)" in result["note"]
    assert recorded_payment(db, get_case(db, case.id))[1].surcharge_fen == 721_200


def test_the_payment_dialog_prefills_what_is_left_and_takes_an_amount_typed(db, data_dir, make_case, capsys,
                                                                            qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check
    from workstation import procedure

    case = paid_with_surcharge(db, data_dir, make_case, capsys)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2026-07-20", "yyyy-MM-dd"))
    assert dialog.paid.text() == "112.00"
    dialog.paid.clear()
    qtbot.keyClicks(dialog.paid, "100")  # raised IndexError on every keystroke before
    assert "leaves ¥12.00 still owed" in dialog.warning_label.text()
    dialog.surcharge.setText("七千")
    assert "surcharge" in dialog.validate()


def test_the_payment_dialog_reports_only_the_fields_errors_under_them(db, make_case, qtbot, english):
    from ui.transition_dialog import PaymentCheck, TransitionDialog, payment_check
    from workstation import procedure

    case = served(db, make_case)
    check = payment_check(db, case)
    broken = {"now": False}

    def owed_or_fail(on_date, party_id=None):
        if broken["now"]:
            raise ValueError("an amount the program cannot print")
        return check.owed(on_date, party_id)

    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=PaymentCheck(owed=owed_or_fail))
    qtbot.addWidget(dialog)
    dialog.paid.setText("abc")
    assert set(dialog.validate()) >= {"paid"}
    broken["now"] = True
    dialog.paid.blockSignals(True)
    dialog.paid.setText("8000")
    dialog.paid.blockSignals(False)
    with pytest.raises(ValueError, match="cannot print"):  # not shown as if the amount typed were wrong
        dialog.validate()


# ---- 2. the 催告书 and 强制执行申请书 state the surcharge still owed ---------------------------------------------------

def drafts(db, case, monkeypatch, on):
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import case_context, default_values

    monkeypatch.setattr("workstation.formkit.values.today", lambda: on)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: on)
    return {form_id: default_values(find_form(form_id), case_context(db, get_case(db, case.id)))
            for form_id in ("performance_demand", "enforcement_application")}


def test_the_demand_states_the_surcharge_accrued_less_the_surcharge_paid(db, data_dir, make_case, capsys,
                                                                       monkeypatch, english):
    from workstation.demand_surcharge import demand_refusal, demand_warnings

    case = paid_with_surcharge(db, data_dir, make_case, capsys)
    for form_id, values in drafts(db, case, monkeypatch, "2026-07-20").items():
        assert (values["unpaid_fen"], values["surcharge_fen"]) == ("100.00", "12.00"), form_id
    values = {"signed_on": "2026-07-20", "surcharge_on": "2026-07-20", "surcharge_fen": 1_200, "unpaid_fen": 10_000}
    assert demand_refusal(db, case, values) is None
    assert not [w for w in demand_warnings(db, case, values) if "已加处罚款" in w]
    refused = demand_refusal(db, case, {**values, "surcharge_fen": 50_000})
    assert refused and "¥7,212.00" in refused and "¥7,200.00" in refused and "write ¥12.00 at most" in refused
    [warned] = [w for w in demand_warnings(db, case, {**values, "surcharge_fen": 1_000}) if "已加处罚款" in w]
    assert "is not the ¥12.00 of surcharge still owed" in warned and "¥7,200.00" in warned
    refused = demand_refusal(db, case, {**values, "surcharge_fen": 720_000})  # the surcharge paid demanded again
    assert refused and "come to ¥14,400.00, more than the fine (¥8,000.00)" in refused


def test_a_part_paid_of_the_fine_leaves_the_surcharge_accrued_to_demand(db, data_dir, make_case, capsys,
                                                                      monkeypatch, english):
    from workstation.demand_surcharge import demand_refusal

    case = served(db, make_case, fine_fen=1_000_000)
    result = pay(capsys, data_dir, case, "--date", "2026-07-16", "--paid", "9900")
    assert result["status"] == "served"
    demand = drafts(db, case, monkeypatch, "2026-07-17")["performance_demand"]
    assert (demand["unpaid_fen"], demand["surcharge_fen"]) == ("100.00", "9003.00")
    values = {"signed_on": "2026-07-17", "surcharge_on": "2026-07-17", "surcharge_fen": 900_300}
    assert demand_refusal(db, case, values) is None  # refused before: at most ¥100.00


def test_the_application_may_not_ask_more_surcharge_than_the_fine_leaves_after_what_was_paid(
        db, data_dir, make_case, capsys, english):
    from workstation.demand_surcharge import surcharge_refusal

    case = paid_with_surcharge(db, data_dir, make_case, capsys)
    assert surcharge_refusal(db, case, {"surcharge_fen": 80_000}, "申请执行的加处罚款") is None
    refused = surcharge_refusal(db, case, {"surcharge_fen": 100_000}, "申请执行的加处罚款")
    assert refused and "¥7,200.00" in refused and "¥800.00" in refused


# ---- 3. no 催告书 while a deferral runs ---------------------------------------------------------------------------

DEMAND = {"decision_no": "佛南市监罚〔2026〕1号", "court": "佛山市南海区人民法院", "payment": "银行缴纳"}


def issue_demand(capsys, data_dir, tmp_path, case, on):
    path = tmp_path / "demand.json"
    path.write_text(json.dumps({**DEMAND, "signed_on": on, "surcharge_on": on}, ensure_ascii=False),
                    encoding="utf-8")
    return run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form", "performance_demand",
               "--values", str(path), "-o", str(tmp_path / "demand.pdf"))


def test_a_demand_within_a_deferral_approved_after_the_time_to_pay_is_refused(db, data_dir, make_case, capsys,
                                                                             tmp_path, english):
    from workstation.documents.stage_rules import stage_refusal

    case = served(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-07-01", ends_on="2026-08-31",
                                      approved_on="2026-07-01", approved_by="局长王某"))
    code, _out, err = issue_demand(capsys, data_dir, tmp_path, case, "2026-07-20")
    assert code != 0
    assert "2026-08-31" in err and "2026-09-01" in err and "2026-07-20" in err
    assert stage_refusal(db, get_case(db, case.id), "performance_demand", {"signed_on": "2026-09-01"}) is None


def test_a_demand_before_the_end_of_a_deferral_names_its_end_not_fifteen_days_after_service(
        db, data_dir, make_case, capsys, tmp_path, english):
    from workstation.demand_surcharge import demand_refusal

    case = served(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10", ends_on="2026-08-31",
                                      approved_on="2026-06-10", approved_by="局长王某"))
    code, _out, err = issue_demand(capsys, data_dir, tmp_path, case, "2026-06-20")
    assert code != 0
    assert "2026-08-31" in err and "2026-09-01" in err and "2026-06-10" in err
    assert "fifteen days after the decision was served" not in err
    assert demand_refusal(db, get_case(db, case.id), {"signed_on": "2026-09-01", "surcharge_on": "2026-09-01"}) \
        is None


def test_a_demand_after_the_time_to_pay_without_a_deferral_still_names_the_fifteen_days(db, make_case, english):
    from workstation.demand_surcharge import demand_refusal

    refused = demand_refusal(db, served(db, make_case), {"signed_on": "2026-06-10"})
    assert refused and "fifteen days after the decision was served" in refused and "2026-06-16" in refused


def test_a_payment_of_the_rest_says_what_of_the_surcharge_was_paid_and_what_was_paid_too_much(
        db, data_dir, make_case, capsys, english):
    case = paid_with_surcharge(db, data_dir, make_case, capsys)  # on 07-20: ¥112 left, ¥12 of it surcharge
    # ¥100 of it paid: ¥12 left, so ¥200 more is ¥188 too much
    result = pay(capsys, data_dir, case, "--date", "2026-07-20", "--paid", "100")
    [warning] = result["warnings"]
    assert "Of the surcharge, ¥7,200.00 was paid before and ¥12.00 is still owed." in warning
    assert "more than is owed" not in warning
    result = pay(capsys, data_dir, get_case(db, case.id), "--date", "2026-07-20", "--paid", "200")
    assert any("That is ¥188.00 more than is owed" in w for w in result["warnings"]), result["warnings"]
