"""Payments checked in their parts (found by the audit of fines and payments): the fine part of a payment (the amount
paid less its 加处罚款) short of the fine is a shortfall, warned when recorded and when the case is closed; a surcharge
stated otherwise than owed is warned naming both (one above the surcharge accrued that day is refused, s72); a
payment of what is owed with its surcharge but no surcharge given records the one computed. An issued
延期/分期缴纳罚款通知书 whose deferral was not recorded among the case's deadlines refuses a 催告书 dated within it
and is named by the payment warning. The payment options of record_performance are judged after the case's
state."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.helpers import run, run_json
from workstation.closing import closing_warnings
from workstation.payments import recorded_payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FINE = 5_000_000  # ¥50,000.00, decided and served on 2026-06-01: T8 ends 2026-06-16


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)


def pay(capsys, data_dir, case, *options):
    return run_json(capsys, "cases", "transition", case.case_number, "record_performance", *options,
                    "--data-dir", data_dir)


# ---- 1. the fine part and the surcharge ------------------------------------------------------------------------------

def test_a_surcharge_eating_into_the_fine_is_refused_and_closing_says_the_fine_is_unpaid(
        db, data_dir, make_case, capsys, monkeypatch, english):
    case = served(db, make_case)  # paid 10 days late: ¥15,000.00 surcharge owed, ¥65,000.00 in all
    # s72: a surcharge above the one accrued that day is refused (before, only warned), nothing recorded
    code, out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "65000",
                         "--surcharge", "50000", "--date", "2026-06-26", "--voucher", "V9", "--data-dir", data_dir)
    assert (code, out) == (1, "") and "--surcharge" in err and "当日应加处罚款为¥15,000.00" in err
    assert get_case(db, case.id).status == "served" and recorded_payment(db, get_case(db, case.id)) is None
    # such a payment recorded before s72 (when it was only warned of): closing says the fine is unpaid
    from workstation import payments

    monkeypatch.setattr(payments, "_above_accrued", lambda _owing, _payment: None)
    result = pay(capsys, data_dir, case, "--paid", "65000", "--surcharge", "50000", "--date", "2026-06-26",
                 "--voucher", "V9")
    [warning] = result["warnings"]
    assert "The surcharge (加处罚款) stated, ¥50,000.00, is not the ¥15,000.00 owed" in warning
    [unpaid] = [w for w in closing_warnings(db, get_case(db, case.id)) if "unpaid" in w.message]
    assert "¥35,000.00 of them unpaid, although all that was owed was paid" in unpaid.message  # s67: not owed
    assert "T15" not in unpaid.message and "T16" not in unpaid.message


def test_a_surcharge_stated_on_a_payment_in_time_is_refused(db, data_dir, make_case, capsys, english):
    case = served(db, make_case)  # T8 runs until 06-16: no surcharge has accrued on 06-10
    code, out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "50000",
                         "--surcharge", "10000", "--date", "2026-06-10", "--voucher", "V10", "--data-dir", data_dir)
    assert (code, out) == (1, "") and "--surcharge" in err and "当日应加处罚款为¥0.00" in err
    assert "2026-06-16" in err
    assert get_case(db, case.id).status == "served" and recorded_payment(db, get_case(db, case.id)) is None


def test_a_payment_with_its_surcharge_but_none_given_records_the_surcharge_computed(
        db, data_dir, make_case, capsys, english):
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--paid", "65000", "--date", "2026-06-26", "--voucher", "V11")
    assert result.get("note", "").startswith("No surcharge was given: the amount paid, ¥65,000.00, is what is owed")
    assert "warnings" not in result
    assert recorded_payment(db, get_case(db, case.id))[1].surcharge_fen == 1_500_000


def test_the_payment_dialog_refuses_a_surcharge_eating_into_the_fine(db, make_case, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check
    from workstation import procedure

    case = served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date.setDate(dialog.date.date().fromString("2026-06-26", "yyyy-MM-dd"))
    dialog.paid.setText("65000")
    dialog.surcharge.setText("50000")
    dialog.surcharge.setModified(True)
    errors = dialog.validate()
    assert "当日应加处罚款为¥15,000.00" in errors["surcharge"]
    assert "当日应加处罚款为¥15,000.00" in dialog.errors["surcharge"].text()
    dialog.surcharge.setText("15000")  # the one owed: taken, nothing to warn of
    assert "surcharge" not in dialog.validate() and "is not the" not in dialog.warning_label.text()


# ---- 2. a deferral notice issued, its deferral not recorded -----------------------------------------------------------

def issue(capsys, data_dir, tmp_path, case, form, **values):
    path = tmp_path / f"{form}.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form", form, "--values",
               str(path), "-o", str(tmp_path / f"{form}.pdf"))


DEFERRAL = {"decision_no": "佛南市监罚〔2026〕1号", "review": "经审查，同意", "payment": "银行",
            "consequence": "逾期加处罚款", "applied_on": "2026-06-08", "signed_on": "2026-06-10",
            "deferred_to": "2026-08-31"}
DEMAND = {"decision_no": "佛南市监罚〔2026〕1号", "signed_on": "2026-06-20", "surcharge_on": "2026-06-20",
          "court": "佛山市南海区人民法院", "payment": "银行缴纳"}


def test_a_demand_within_a_deferral_notice_not_recorded_is_refused(db, data_dir, make_case, capsys, tmp_path,
                                                                    english):
    case = served(db, make_case)
    code, out, err = issue(capsys, data_dir, tmp_path, case, "payment_deferral_notice", **DEFERRAL)
    assert code == 0, err
    number = json.loads(out)["number"] if out.strip().startswith("{") else None
    code, _out, err = issue(capsys, data_dir, tmp_path, case, "performance_demand", **DEMAND)
    assert code != 0
    assert "2026-08-31" in err and "2026-06-20" in err and "Record the deferral" in err
    assert number is None or number in err
    # recorded, the deferral ends the refusal (the demand is then refused or allowed by the deferred period itself)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10", ends_on="2026-08-31",
                                      approved_on="2026-06-10", approved_by="局长王某"))
    code, _out, err = issue(capsys, data_dir, tmp_path, case, "performance_demand", **DEMAND)
    assert "Record the deferral" not in err


def test_a_payment_within_a_deferral_notice_not_recorded_names_the_notice(db, data_dir, make_case, capsys,
                                                                          tmp_path, english):
    case = served(db, make_case)
    code, _out, err = issue(capsys, data_dir, tmp_path, case, "payment_deferral_notice", **DEFERRAL)
    assert code == 0, err
    result = pay(capsys, data_dir, case, "--paid", "50000", "--date", "2026-07-10", "--voucher", "V14")
    [warning] = result["warnings"]
    assert "延期/分期缴纳罚款通知书" in warning and "2026-08-31" in warning and "not recorded" in warning


# ---- 3. the state first -------------------------------------------------------------------------------------------

def test_payment_options_on_a_case_not_yet_served_are_refused_for_its_state(db, data_dir, make_case, capsys,
                                                                           english):
    case = make_case(fine_fen=FINE, status="investigating", filed_on="2026-03-10")
    for options in (("--paid", "0"), ("--paid", "50000", "--surcharge", "60000")):
        code, _out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", *options,
                              "--data-dir", data_dir)
        assert code != 0
        assert "is not possible while the case is" in err, err
        assert "--paid" not in err and "--surcharge" not in err


def test_the_payment_dialog_records_the_surcharge_computed_when_its_field_is_left_empty(db, make_case, qtbot,
                                                                                       english):
    from ui.transition_dialog import TransitionDialog, payment_check
    from workstation import procedure

    case = served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2026-06-26", "yyyy-MM-dd"))
    dialog.paid.setText("65000")
    dialog.surcharge.setText("")
    dialog.validate()
    assert dialog.payment().surcharge_fen == 1_500_000
    assert dialog.surcharge_filled.text().startswith("No surcharge was given")
    assert not dialog.warning_label.text()
