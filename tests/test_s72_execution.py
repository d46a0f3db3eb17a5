"""The execution stage's audit (s72): payments and the dates of the 催告书 and 强制执行申请书.

- the same payment voucher (缴款凭证) recorded twice in one case (a case with one party, or the same party of
  several) is refused naming the day of the payment it was recorded for — on the command line (exit 1, the case
  unchanged) and in the payment dialog (under the voucher field); one voucher paying for several parties of a case
  on the same day is still taken (``payment_shares``);
- a surcharge (加处罚款) stated above what has accrued on the day paid, less what was already paid of it, is refused
  (当日应加处罚款为…), nothing recorded;
- the 强制执行申请书's 加处罚款计算截止日 may not be after its 申请日期 (as the 催告书's may not be after its date);
- neither document's 加处罚款计算截止日 may be before the decision, and one before the surcharge starts while the fine
  is unpaid is warned of: the surcharge would silently be left out."""

from __future__ import annotations

import json

import pytest

from tests.helpers import db_digest, run, run_json
from tests.test_clock_challenges import challenge, outcome, served_case
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused, ValidationError
from workstation.payments import Payment
from workstation.store import case_events, get_case
from workstation.store.clock_events import ClockEvent, record_clock_event


def payments_of(db, case) -> list:
    return [(e.kind, e.on_date, e.to_status, e.details) for e in case_events(db, case.id)
            if e.kind == "payment" or e.to_status == "performed"]


def transition(capsys, data_dir, case, *options):
    return run(capsys, "cases", "transition", case.case_number, "record_performance", *options,
               "--data-dir", data_dir)


# ---- 1. one voucher, one payment: not twice in the same case ------------------------------------------------------

def test_the_same_voucher_twice_in_a_case_is_refused_on_the_command_line(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)  # ¥50,000, served 06-01, to pay by 06-16
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-06-10",
                      "--paid", "25000", "--voucher", "NH-0001", "--data-dir", data_dir)
    assert result["status"] == "served"  # a payment of part
    before, recorded = db_digest(data_dir), payments_of(db, case)
    code, out, err = transition(capsys, data_dir, case, "--date", "2026-06-10", "--paid", "25000",
                                "--voucher", " nh-0001")  # the same number, typed otherwise
    assert (code, out) == (1, "")
    assert "--voucher" in err
    assert "already recorded for a payment of this case on 2026-06-10" in err
    assert get_case(db, case.id).status == "served" and payments_of(db, case) == recorded
    assert db_digest(data_dir) == before
    # another voucher is another payment: the rest is paid and the case performed
    assert run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-06-12",
                    "--paid", "25000", "--voucher", "NH-0002", "--data-dir", data_dir)["status"] == "performed"


def test_the_procedure_refuses_the_same_voucher_twice_in_a_case(db, make_case, english):
    case = served_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                    payment=Payment(paid_fen=2_500_000, voucher="NH-0001"))
    with pytest.raises(TransitionRefused, match="already recorded for a payment of this case on 2026-06-10"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-06-11",
                        payment=Payment(paid_fen=2_500_000, voucher="NH-0001"))
    assert get_case(db, case.id).status == "served"


@pytest.mark.gui
def test_the_dialog_shows_the_same_voucher_twice_under_its_field(db, make_case, qtbot, english):
    from PySide6.QtCore import QDate

    from tests.test_pay_walk29 import dialog_for, ok_refused, typed

    case = served_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                    payment=Payment(paid_fen=2_500_000, voucher="NH-0001"))
    dialog = dialog_for(qtbot, db, get_case(db, case.id))
    dialog.date.setDate(QDate(2026, 6, 10))
    assert dialog.paid.text() == "25000.00"  # the rest, prefilled
    typed(qtbot, dialog.voucher, "NH-0001")
    assert ok_refused(dialog)
    assert "already recorded for a payment of this case on 2026-06-10" in dialog.errors["voucher"].text()
    typed(qtbot, dialog.voucher, "NH-0002")
    assert "voucher" not in dialog.validate()


@pytest.fixture
def two_parties(db, data_dir, make_case):
    """The company fined ¥50,000 and its employee ¥5,000, each its own decision, both served 03-12 (to pay by
    03-27)."""
    from tests.test_multiparty13 import decided_case, serve

    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company, employee)
    return get_case(db, case.id), company, employee


def test_one_voucher_may_pay_for_two_parties_the_same_day_but_not_twice_for_one(db, data_dir, two_parties, capsys,
                                                                                 english):
    case, company, employee = two_parties
    assert run_json(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-03-20",
                    "--party", company, "--paid", "10000", "--voucher", "MP-1", "--data-dir", data_dir)
    before = db_digest(data_dir)
    code, _out, err = run(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-03-20",
                          "--party", company, "--paid", "10000", "--voucher", "MP-1", "--data-dir", data_dir)
    assert code == 1 and "--voucher" in err and "on 2026-03-20" in err
    assert db_digest(data_dir) == before
    # the same voucher paying the employee's fine that day too: one payment at the bank for both
    assert run_json(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-03-20",
                    "--party", employee, "--paid", "5000", "--voucher", "MP-1", "--data-dir", data_dir)


@pytest.mark.gui
def test_the_dialog_refuses_a_partys_voucher_twice_but_not_another_partys(db, two_parties, qtbot, english):
    from tests.test_pay_walk29 import ok_refused, typed
    from ui.transition_dialog import TransitionDialog, party_choices, payment_check

    case, company, employee = two_parties
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=1_000_000, voucher="MP-1"))
    case = get_case(db, case.id)
    transition = procedure.BY_NAME["record_performance"]
    dialog = TransitionDialog(transition, parties=party_choices(db, case, "record_performance"),
                              payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.show()
    from PySide6.QtCore import QDate

    dialog.date.setDate(QDate(2026, 3, 20))
    dialog.party.setCurrentIndex(dialog.party.findData(company))
    typed(qtbot, dialog.voucher, "MP-1")
    assert ok_refused(dialog)
    assert "on 2026-03-20" in dialog.errors["voucher"].text()
    dialog.party.setCurrentIndex(dialog.party.findData(employee))
    assert "voucher" not in dialog.validate()


# ---- 2. a surcharge paid above what has accrued that day ----------------------------------------------------------

def test_a_surcharge_before_any_has_accrued_is_refused_and_nothing_recorded(db, data_dir, make_case, capsys,
                                                                           english):
    case = served_case(db, make_case)
    before = db_digest(data_dir)
    code, out, err = transition(capsys, data_dir, case, "--date", "2026-06-10", "--paid", "10000",
                                "--surcharge", "100", "--voucher", "A1")  # T8 runs until 06-16
    assert (code, out) == (1, "")
    assert "--surcharge" in err and "当日应加处罚款为¥0.00" in err
    assert db_digest(data_dir) == before and get_case(db, case.id).status == "served"
    with pytest.raises(TransitionRefused, match="当日应加处罚款为¥0.00"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                        payment=Payment(paid_fen=1_000_000, surcharge_fen=10_000, voucher="A1"))
    assert payments_of(db, case) == []


def test_a_surcharge_above_the_one_accrued_less_what_was_paid_of_it_is_refused(db, data_dir, make_case, capsys,
                                                                              english):
    case = served_case(db, make_case)  # 06-26: ten days late, 10 × ¥1,500 = ¥15,000 accrued
    code, _out, err = transition(capsys, data_dir, case, "--date", "2026-06-26", "--paid", "20000",
                                 "--surcharge", "15000.01", "--voucher", "B1")
    assert code == 1 and "--surcharge" in err and "当日应加处罚款为¥15,000.00" in err
    assert run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-06-26",
                    "--paid", "20000", "--surcharge", "15000", "--voucher", "B1", "--data-dir",
                    data_dir)["status"] == "served"
    before = db_digest(data_dir)
    # that day's surcharge is paid: none of it is left to pay the same day
    code, _out, err = transition(capsys, data_dir, case, "--date", "2026-06-26", "--paid", "1000",
                                 "--surcharge", "1", "--voucher", "B2")
    assert code == 1 and "当日应加处罚款为¥0.00" in err and "¥15,000.00" in err
    assert db_digest(data_dir) == before


def test_a_payment_recorded_after_a_later_one_owes_the_surcharge_accrued_by_its_own_day(db, data_dir, make_case,
                                                                                        capsys, english):
    # the voucher of 07-10 arrives first: ¥30,000 with ¥10,000 of surcharge
    case = served_case(db, make_case)
    assert run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-10",
                    "--paid", "30000", "--surcharge", "10000", "--voucher", "L2", "--data-dir", data_dir)
    # that of 06-26 (10 days late: ¥15,000 accrued, nothing paid of it by then) is recorded after it: not above
    # what had accrued by its day, but all of it
    code, _out, err = transition(capsys, data_dir, case, "--date", "2026-06-26", "--paid", "20000",
                                 "--surcharge", "15000.01", "--voucher", "L1")
    assert code == 1 and "当日应加处罚款为¥15,000.00" in err and "already paid" not in err
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-06-26",
                      "--paid", "20000", "--surcharge", "15000", "--voucher", "L1", "--data-dir", data_dir)
    assert result["status"] == "served"
    assert [json.loads(d)["surcharge_fen"] for _k, _on, _to, d in payments_of(db, case)] == [1_000_000, 1_500_000]


@pytest.mark.gui
def test_the_dialog_refuses_a_surcharge_not_yet_accrued_under_its_field(db, make_case, qtbot, english):
    from PySide6.QtCore import QDate

    from tests.test_pay_walk29 import dialog_for, ok_refused, typed

    dialog = dialog_for(qtbot, db, served_case(db, make_case))
    dialog.date.setDate(QDate(2026, 6, 10))
    typed(qtbot, dialog.paid, "10000")
    typed(qtbot, dialog.surcharge, "100")
    assert ok_refused(dialog)
    assert "当日应加处罚款为¥0.00" in dialog.errors["surcharge"].text()


# ---- 3. and 4. the 加处罚款计算截止日 of the 催告书 and the 强制执行申请书 --------------------------------------------

@pytest.fixture
def demanded(db, make_case):
    """The ¥50,000 fine served 06-01 (T8 to 06-16); a reconsideration 06-20 … 07-20 upheld it; a 催告书 served
    07-25: the court may be applied to on 08-10."""
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20", "2026-07-20"))
    record_clock_event(db, outcome(case, "challenge_upheld", "2026-07-20"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-07-25"))
    return get_case(db, case.id)


VALUES = {"signed_on": "2026-08-10", "party_address": "佛山市南海区桂城街道1号", "decision_no": "佛南市监处〔2026〕1号",
          "demand_served_on": "2026-07-25", "court": "佛山市南海区人民法院", "payment": "到指定银行缴纳。"}


def field_refusal(db, case, form_id, values) -> dict:
    with pytest.raises(ValidationError) as refused:
        check_issue(db, case, find_form(form_id), values)
    return refused.value.errors


def test_the_enforcement_application_claims_no_surcharge_after_its_date(db, data_dir, demanded, english):
    errors = field_refusal(db, demanded, "enforcement_application", {**VALUES, "surcharge_on": "2026-11-30"})
    assert "after the 申请日期 (2026-08-10)" in errors["加处罚款计算截止日"]
    with pytest.raises(ValidationError):
        issue_document(db, data_dir, demanded, find_form("enforcement_application"),
                       {**VALUES, "surcharge_on": "2026-11-30"})


@pytest.mark.parametrize("form_id", ["performance_demand", "enforcement_application"])
def test_a_surcharge_counted_to_a_day_before_the_decision_is_refused(db, demanded, english, form_id):
    errors = field_refusal(db, demanded, form_id, {**VALUES, "surcharge_on": "2026-05-10"})
    assert "2026-06-01" in errors["加处罚款计算截止日"]


@pytest.mark.parametrize("form_id", ["performance_demand", "enforcement_application"])
def test_a_surcharge_counted_to_a_day_before_it_starts_is_warned_of_while_the_fine_is_unpaid(db, demanded, english,
                                                                                            form_id):
    checked = check_issue(db, demanded, find_form(form_id), {**VALUES, "surcharge_on": "2026-06-10"})[0]
    warned = [w for w in stage_warnings(db, demanded, form_id, checked) if "加处罚款计算截止日" in w]
    assert len(warned) == 1 and "2026-06-10" in warned[0] and "2026-06-17" in warned[0]
    # counted to the day of the document: no such warning
    checked = check_issue(db, demanded, find_form(form_id), {**VALUES, "surcharge_on": "2026-08-10"})[0]
    assert not [w for w in stage_warnings(db, demanded, form_id, checked) if "加处罚款计算截止日" in w]
    # the fine paid (only the surcharge is claimed, if any): nothing to warn of
    checked = check_issue(db, demanded, find_form(form_id), {**VALUES, "surcharge_on": "2026-06-10"})[0]
    paid = {**checked, "unpaid_fen": 0}
    assert not [w for w in stage_warnings(db, demanded, form_id, paid) if "加处罚款计算截止日" in w]


# ---- the final read: a T8 counted without holiday data; a voided decision's receipt ---------------------------------

def test_a_surcharge_after_a_t8_counted_without_holiday_data_is_warned_of_not_refused(db, data_dir, make_case,
                                                                                     monkeypatch, capsys, english):
    """T8 counted through 2027 (no holiday data: its end, 2027-02-09, unconfirmed) may end earlier once the holidays
    are known (a 调休 working day): a surcharge stated on its last day as counted is taken, its calendar said."""
    from dataclasses import replace

    from tests.helpers import program_day
    from workstation.store.cases import update_case

    case = make_case(fine_fen=500_000)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-11-01",
                                   notice_served_on="2026-12-01", decided_on="2027-01-20", served_on="2027-01-24"),
                       allow_status_change=True)
    program_day(monkeypatch, "2027-02-10")
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2027-02-09",
                      "--paid", "5150", "--surcharge", "150", "--voucher", "U1", "--data-dir", data_dir)
    assert result["status"] == "performed"
    (warning,) = result["warnings"]
    assert "¥150.00, is not the ¥0.00 owed" in warning and "calendar unconfirmed" in warning
    assert [json.loads(d)["surcharge_fen"] for _k, _on, _to, d in payments_of(db, case)] == [15_000]
    # a T8 whose holidays are known still refuses a surcharge not accrued
    known = served_case(db, make_case)
    with pytest.raises(TransitionRefused, match="当日应加处罚款为¥0.00"):
        procedure.apply(db, known.id, "record_performance", on_date="2026-06-16",
                        payment=Payment(paid_fen=5_001_500, surcharge_fen=1_500, voucher="U2"))


def test_the_receipt_of_a_voided_on_the_spot_decision_is_no_payment_of_the_case(db, data_dir, make_case, english):
    """A 当场行政处罚决定书 collecting its fine with receipt 粤财0012345, voided; the one issued in its place is paid at
    the bank: that number recorded twice for the case's payments is refused as any voucher is."""
    from tests.test_on_the_spot_payment import COLLECTED, _issue
    from workstation.documents.issuing import void_document

    case = make_case()
    wrong = _issue(db, data_dir, case, **COLLECTED)
    void_document(db, wrong.id, "填写错误")
    _issue(db, data_dir, case)  # paid at the bank
    assert procedure.apply(db, case.id, "decide_on_the_spot").status == "served"
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-12",
                    payment=Payment(paid_fen=5_000, voucher="粤财0012345"))
    with pytest.raises(TransitionRefused, match="already recorded for a payment of this case on 2026-03-12"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-13",
                        payment=Payment(paid_fen=5_000, voucher="粤财0012345"))
