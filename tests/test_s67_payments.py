"""Payments against the decision in force (audit s67, /tmp/reports67/payments.md items 1 and 3).

1. A party that paid part of its fine, whose fine a reconsideration then lowered below what it paid, has paid: its
   payments of part are set against what the decision as changed asks (``payments.balance``, the one account of
   what a party owes less what it paid, which ``enforcement.unpaid_parties``, ``party_decisions.party_payments``
   and ``payments.still_owed`` read). No 催告书, no court enforcement; the served case may be closed, and the
   difference is said to be refunded. Alike for one party of a case with several. A payment of part with the fine
   unchanged, or a payment in full, is as before.
3. An amount of a payment of part above the fine (and confiscation) left unpaid is surcharge paid: the rest paid
   later without --surcharge is recorded, its surcharge being what is really still owed (at most the amount paid).
"""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_clock_challenges import served_case
from tests.test_s50_party_payments import served  # noqa: F401 (the fixture)
from workstation import procedure
from workstation.enforcement import closing_refusal, step_refusal, unpaid_parties
from workstation.errors import TransitionRefused
from workstation.party_decisions import all_paid, party_payments, still_owing
from workstation.payments import Owed, Payment, balance, owed, still_owed, with_owed_surcharge
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def _cli(capsys, data_dir, *argv):
    return run(capsys, *argv, "--data-dir", data_dir)


def _pay(capsys, data_dir, case, day, paid, voucher, *more):
    return _cli(capsys, data_dir, "cases", "transition", case.id, "record_performance", "--date", day, "--paid",
                paid, "--voucher", voucher, *more)


def _changed(capsys, data_dir, case, fine="10000", on="2026-08-10"):
    code, _out, err = _cli(capsys, data_dir, "clocks", "record", case.id, "reconsideration", "--on", "2026-06-20")
    assert code == 0, err
    return _cli(capsys, data_dir, "clocks", "record", case.id, "challenge_changed", "--on", on, "--number",
                "佛府复〔2026〕1号", "--fine", fine)


# ---- 1. one party: paid part, the fine then lowered below it -------------------------------------------------------

def test_a_part_paid_above_the_fine_as_changed_is_performed_and_the_refund_said(db, data_dir, make_case, capsys,
                                                                                english):
    case = served_case(db, make_case)  # ¥50,000 served 2026-06-01
    code, _out, err = _pay(capsys, data_dir, case, "2026-06-10", "20000", "P1")
    assert code == 0, err
    assert get_case(db, case.id).status == "served"  # a payment of part
    code, _out, err = _changed(capsys, data_dir, case)
    assert code == 0, err
    assert "¥10,000.00" in err and "refund" in err  # what was paid too much is said at once
    case = get_case(db, case.id)
    found = balance(db, case)
    assert (found.owed_fen, found.paid_fen, found.left_fen, found.over_fen, found.settled) == (
        1_000_000, 2_000_000, 0, 1_000_000, True)
    assert unpaid_parties(db, case) == []
    assert still_owed(db, case) is None
    assert "nothing to enforce" in step_refusal(db, case)
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-11-20")
    assert procedure.values_refusal(db, case, "performance_demand", {}) is not None  # no 催告书 to draft
    assert closing_refusal(db, case) is None
    code, _out, err = _cli(capsys, data_dir, "cases", "transition", case.id, "close", "--date", "2026-08-20")
    assert code == 0, err
    assert get_case(db, case.id).status == "closed"


def test_a_part_paid_with_the_fine_unchanged_still_owes_the_rest(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-10", "20000", "P1")[0] == 0
    case = get_case(db, case.id)
    found = balance(db, case)
    assert (found.left_fen, found.over_fen, found.settled) == (3_000_000, 0, False)
    assert [item.party.id for item in unpaid_parties(db, case)] == case.party_ids
    assert still_owed(db, case) == ("2026-06-10", 2_000_000, 3_000_000)
    name = unpaid_parties(db, case)[0].party.name
    refusal = closing_refusal(db, case)  # the party that owes, the way out and the first day the court may be asked
    assert refusal.startswith(f"{name} has not paid what the decision imposes") and "“Penalty performed”" in refusal
    assert f"{name}: serve it a 催告书 first" in refusal and "not before 2026-12-02" in refusal
    code, _out, err = _cli(capsys, data_dir, "cases", "transition", case.id, "close", "--date", "2026-06-12")
    assert code == 1 and err == f"Error: {refusal}\n"


def test_a_change_to_more_than_was_paid_leaves_the_rest_owed(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-10", "20000", "P1")[0] == 0
    code, _out, err = _changed(capsys, data_dir, case, fine="30000")
    assert code == 0 and "refund" not in err
    case = get_case(db, case.id)
    assert balance(db, case).left_fen == 1_000_000
    [unpaid] = unpaid_parties(db, case)
    refusal = closing_refusal(db, case)
    assert refusal.startswith(f"{unpaid.party.name} has not paid what the decision imposes")
    assert "“Penalty performed”" in refusal and "serve it a 催告书 first" in refusal
    assert "not before 2026-08-26" in refusal and "ran its course on 2026-08-25" in refusal


def test_a_payment_in_full_is_performed_as_before(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-10", "50000", "F1")[0] == 0
    case = get_case(db, case.id)
    assert case.status == "performed"
    assert unpaid_parties(db, case) == [] and still_owed(db, case) is None
    found = balance(db, case)
    assert (found.left_fen, found.over_fen, found.settled) == (0, 0, True)


# ---- 1. several parties ---------------------------------------------------------------------------------------------

def _company_changed(db, case, company):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=company,
                                      starts_on="2026-03-21"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", party_id=company,
                                      starts_on="2026-04-20", approved_by="佛府复〔2026〕9号", days=1_000_000))


def test_one_of_several_parties_paid_part_above_its_fine_as_changed_has_paid(db, served, english):  # noqa: F811
    case, company, employee = served  # ¥50,000 and ¥5,000, served 2026-03-12
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=2_000_000, voucher="X1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=500_000, voucher="X2"))
    assert [p.id for p in still_owing(db, get_case(db, case.id))] == [company]  # part, unchanged: owes the rest
    _company_changed(db, case, company)
    case = get_case(db, case.id)
    found = balance(db, case, company)
    assert (found.owed_fen, found.paid_fen, found.over_fen, found.settled) == (1_000_000, 2_000_000, 1_000_000, True)
    assert {item.party.id: item.paid_on for item in party_payments(db, case)} == {company: "2026-03-20",
                                                                                   employee: "2026-03-20"}
    assert still_owing(db, case) == [] and all_paid(db, case)
    assert unpaid_parties(db, case) == []
    assert "nothing to enforce" in step_refusal(db, case)
    assert closing_refusal(db, case) is None
    assert still_owed(db, case, company) is None


def test_one_of_several_parties_paid_part_with_its_fine_unchanged_still_owes(db, served, english):  # noqa: F811
    case, company, employee = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=2_000_000, voucher="X1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(employee,),
                    payment=Payment(paid_fen=500_000, voucher="X2"))
    case = get_case(db, case.id)
    assert balance(db, case, company).left_fen == 3_000_000
    [unpaid] = unpaid_parties(db, case)
    assert unpaid.party.id == company
    refusal = closing_refusal(db, case)  # the company alone named, its way out and its day
    assert refusal.startswith(f"{unpaid.party.name} has not paid what the decision imposes")
    assert f"{unpaid.party.name}: serve it a 催告书 first" in refusal and "not before 2026-09-15" in refusal
    assert "“Penalty performed”" in refusal
    assert balance(db, case, employee).settled


# ---- 3. the rest paid after a payment of part above the fine ---------------------------------------------------------

def test_the_rest_after_a_part_above_the_fine_is_recorded_with_the_surcharge_really_owed(db, data_dir, make_case,
                                                                                        capsys, english):
    case = served_case(db, make_case)  # ¥50,000, T8 ends 06-16: on 06-26 ¥15,000 of surcharge
    code, _out, err = _pay(capsys, data_dir, case, "2026-06-26", "60000", "V001")
    assert code == 0, err
    case = get_case(db, case.id)
    owing = owed(db, case, "2026-06-27")
    assert (owing.surcharge_fen, owing.surcharge_paid_fen) == (1_500_000, 1_000_000)  # ¥10,000 of it paid
    code, _out, err = _pay(capsys, data_dir, case, "2026-06-27", "5000", "V002")
    assert code == 0, err
    assert "15,000" not in err
    case = get_case(db, case.id)
    assert case.status == "performed"
    details = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                         "'performed'", [case.id]).fetchone()[0]
    assert Payment.from_json(details).surcharge_fen == 500_000


def test_the_rest_with_its_surcharge_given_is_not_warned_of_a_surcharge_not_owed(db, data_dir, make_case, capsys,
                                                                                english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-26", "60000", "V001")[0] == 0
    code, _out, err = _pay(capsys, data_dir, case, "2026-06-27", "5000", "V002", "--surcharge", "5000")
    assert code == 0, err
    assert "15,000" not in err and get_case(db, case.id).status == "performed"


def test_the_surcharge_filled_in_is_never_above_the_amount_paid():
    owing = Owed(5_000_000, 0, due="2026-06-16", days_late=10, surcharge_fen=1_500_000, paid_in_part_fen=6_000_000,
                 parts=True)
    payment, said = with_owed_surcharge(owing, Payment(paid_fen=500_000, voucher="V2"))
    assert payment.surcharge_fen == 500_000 and said


def test_a_payment_of_part_below_the_fine_pays_no_surcharge(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-26", "30000", "V001")[0] == 0
    owing = owed(db, get_case(db, case.id), "2026-06-27")
    assert owing.surcharge_paid_fen == 0 and owing.paid_in_part_fen == 3_000_000


# ---- integration: no 催告书 for nothing owed; the case settled by payments performed -----------------------------

def test_a_demand_after_the_fine_was_lowered_below_what_was_paid_is_refused_naming_the_balance(
        db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-10", "20000", "P1")[0] == 0
    assert _changed(capsys, data_dir, case)[0] == 0
    code, _out, err = _cli(capsys, data_dir, "clocks", "record", case.id, "demand", "--on", "2026-11-02")
    assert code != 0, err
    assert "¥20,000.00" in err and "¥10,000.00" in err and "nothing is owed" in err, err
    assert not db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'demand'", [case.id]).fetchone()


def test_a_demand_with_the_rest_still_owed_is_not_refused_as_nothing_owed(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-10", "20000", "P1")[0] == 0
    code, _out, err = _cli(capsys, data_dir, "clocks", "record", case.id, "demand", "--on", "2026-11-02")
    assert code == 0 and "nothing is owed" not in err, err
    assert db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'demand'", [case.id]).fetchone()


def test_a_payment_recorded_in_full_short_of_what_is_owed_is_not_nothing_owed(db, data_dir, make_case, capsys,
                                                                             english):
    from workstation.store.clock_events import _demand_of_nothing_owed

    case = served_case(db, make_case)  # ¥50,000 paid on 06-26, ten days late: ¥15,000 of surcharge left
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-26", in_full=True,
                    payment=Payment(paid_fen=5_000_000, voucher="F1"))
    case = get_case(db, case.id)
    assert balance(db, case).left_fen == 1_500_000
    assert _demand_of_nothing_owed(db, case, None) is None


def test_a_case_settled_by_its_payments_counts_as_performed_for_the_closing_sheet(db, data_dir, make_case, capsys,
                                                                                 english):
    from workstation.documents.stage_rules import _performed

    case = served_case(db, make_case)
    assert _pay(capsys, data_dir, case, "2026-06-10", "20000", "P1")[0] == 0
    assert not _performed(db, get_case(db, case.id))
    assert _changed(capsys, data_dir, case)[0] == 0
    assert _performed(db, get_case(db, case.id))
