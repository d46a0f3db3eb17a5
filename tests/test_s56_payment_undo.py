"""From an audit of payments (session 56): a payment recorded wrongly — a payment of part in a case with one party, a
party's own payment in a case with several — is undone as the case's last step (撤销上一步), from the workspace and the
command line, with the timeline's line and the audit entry of any undone step; the case's paid amounts and status go
back to what they were before it (a case with several parties performed on that payment is 已送达 again), and the
payment can be recorded again. The steps of one party that still cannot be undone say so truthfully (no "correction
with the party's step", which does not exist). The 结案审批表 of a case with several parties counts in its 实缴合计 the
surcharge (加处罚款) recorded with a payment given without its amount, as the one-party sheet does."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from tests.test_party_case10 import COMPANY, EMPLOYEE
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.payments import Payment, paid_in_part
from workstation.store import case_events, get_case
from workstation.store.cases import case_timeline

SERVED = {"status": "served", "filed_on": "2026-03-02", "notice_served_on": "2026-03-20",
          "decided_on": "2026-04-10", "served_on": "2026-04-12", "fine_fen": 500_000}


def _payments(db, case_id) -> list[tuple]:
    return [(e.party_id, e.on_date) for e in case_events(db, case_id) if e.kind == "payment"]


def _undone_lines(db, case_id) -> list[str]:
    return [f"{entry.text} {entry.note}" for entry in case_timeline(db, get_case(db, case_id))
            if entry.kind == "step_undone"]


def _audited(db, case_id) -> int:
    return db.execute("SELECT COUNT(*) FROM audit WHERE action = 'undo_step' AND entity_id = ?",
                      [case_id]).fetchone()[0]


@pytest.fixture
def part_paid(db, make_case):
    """A case with one party fined ¥5,000, ¥1,000 of it recorded paid on 2026-04-20 (a payment of part)."""
    case = make_case(**SERVED)
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-20",
                    payment=Payment(paid_fen=100_000, voucher="V1"))
    assert get_case(db, case.id).status == "served" and _payments(db, case.id) == [(None, "2026-04-20")]
    return get_case(db, case.id)


# ---- 1. a case with one party: its payment of part ----------------------------------------------------------------

def test_a_payment_of_part_is_undone_and_recorded_again(db, part_paid, english):
    case = part_paid
    assert paid_in_part(db, case) == 100_000
    assert procedure.undo_refusal(db, case) is None
    undone = procedure.undo_last_step(db, case.id, "金额误录")
    assert undone.status == "served" and _payments(db, case.id) == []
    assert paid_in_part(db, undone) == 0  # what is left to pay is the whole fine again
    [line] = _undone_lines(db, case.id)
    assert "Part of what is owed paid" in line and "2026-04-20" in line and "金额误录" in line
    assert _audited(db, case.id) == 1
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-20",
                    payment=Payment(paid_fen=200_000, voucher="V1"))
    assert paid_in_part(db, get_case(db, case.id)) == 200_000


def test_the_rest_paid_then_each_payment_is_undone_in_turn(db, part_paid):
    case = part_paid
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-04-25",
                           payment=Payment(paid_fen=400_000, voucher="V2")).status == "performed"
    assert procedure.undo_last_step(db, case.id, "缴款日期误录").status == "served"  # the payment of the rest
    assert _payments(db, case.id) == [(None, "2026-04-20")]
    assert procedure.undo_last_step(db, case.id, "金额误录").status == "served"  # then the part before it
    assert _payments(db, case.id) == [] and _audited(db, case.id) == 2


def test_the_workspace_undoes_a_payment_of_part(db, part_paid, make_window, prompts, english):
    from PySide6.QtWidgets import QPushButton

    window = make_window(db)
    window.open_case(part_paid.id)
    button = window.findChild(QPushButton, "undo_step")
    assert button is not None and button.isEnabled(), button.toolTip()
    prompts.texts = ["金额误录"]
    prompts.confirm_answer = True
    button.click()
    assert not prompts.errors, prompts.errors
    assert "Part of what is owed paid" in prompts.confirmations[-1] and "2026-04-20" in prompts.confirmations[-1]
    assert _payments(db, part_paid.id) == [] and get_case(db, part_paid.id).status == "served"


def test_the_command_line_undoes_a_payment_of_part(db, data_dir, part_paid, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", part_paid.id, "undo", "--reason",
                         "金额误录")
    assert code == 0, err
    assert "Part of what is owed paid" in out and "2026-04-20" in out
    assert _payments(db, part_paid.id) == []
    procedure.apply(db, part_paid.id, "record_performance", on_date="2026-04-21",
                    payment=Payment(paid_fen=100_000, voucher="V1"))
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", part_paid.id, "undo", "--reason", "误录")
    assert (result["undone"], result["undone_date"], result["status"]) == ("record_performance", "2026-04-21",
                                                                           "served")


# ---- 2. a case with several parties: a party's own payment ---------------------------------------------------------

@pytest.fixture
def two_paid(request, db, data_dir, kept_state):
    """The company (¥50,000) and its employee (¥5,000) served on 03-12, the company paid on 03-20, the employee on
    03-25: the case performed."""
    def make():
        from tests.test_s49_closing_sheet import _company_paid

        make_case = request.getfixturevalue("make_case")
        case, company, employee = _company_paid(db, data_dir, make_case)
        performed = procedure.apply(db, case.id, "record_performance", on_date="2026-03-25", party_ids=(employee,),
                                    payment=Payment(paid_fen=500_000, voucher="缴款书B1"))
        assert performed.status == "performed"
        return performed, company, employee

    return kept_state("two_paid", db, data_dir, make, ("make_case", "officers"))


def test_the_payment_that_performed_a_case_with_several_parties_is_undone(db, two_paid, english):
    case, company, employee = two_paid
    assert procedure.undo_refusal(db, case) is None
    undone = procedure.undo_last_step(db, case.id, "员工缴款日期误录")
    assert undone.status == "served"  # one party paid of two: no longer performed
    assert _payments(db, case.id) == [(company, "2026-03-20")]
    [line] = _undone_lines(db, case.id)
    assert f"{EMPLOYEE} paid" in line and "缴款书B1" in line and "2026-03-25" in line and "员工缴款日期误录" in line
    assert _audited(db, case.id) == 2  # the employee's payment and the 履行完毕 it took the case to
    # recorded again with its right day, the case is performed again
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-24", party_ids=(employee,),
                           payment=Payment(paid_fen=500_000, voucher="缴款书B1")).status == "performed"


def test_a_party_s_payment_that_left_the_case_served_is_undone(db, two_paid):
    case, company, _employee = two_paid
    procedure.undo_last_step(db, case.id, "误录")
    undone = procedure.undo_last_step(db, case.id, "公司缴款误录")  # now the company's payment is the last step
    assert undone.status == "served" and _payments(db, case.id) == []
    assert _audited(db, case.id) == 3 and len(_undone_lines(db, case.id)) == 2


def test_one_payment_for_both_parties_is_undone_whole(db, data_dir, make_case, english):
    """One payment recorded for the company and the employee at once (one event per party, then 履行完毕): undone
    as the one step it was — both shares go, the case is 已送达 again, and both parties are named."""
    from tests.test_s49_closing_sheet import decided_case
    from workstation.step_undo import last_step_named

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    performed = procedure.apply(db, case.id, "record_performance", on_date="2026-03-25", party_ids=(company, employee),
                                payment=Payment(paid_fen=5_500_000, voucher="缴款书C1"))
    assert performed.status == "performed" and len(_payments(db, case.id)) == 2
    shown, day, back = last_step_named(db, performed)
    assert COMPANY in shown and EMPLOYEE in shown and day == "2026-03-25"
    assert procedure.undo_refusal(db, performed) is None
    undone = procedure.undo_last_step(db, case.id, "缴款误录")
    assert undone.status == "served" and _payments(db, case.id) == []
    [line] = _undone_lines(db, case.id)
    assert COMPANY in line and EMPLOYEE in line and "缴款书C1" in line and "2026-03-25" in line
    assert _audited(db, case.id) == 3  # each party's payment and the 履行完毕
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-24", party_ids=(company, employee),
                           payment=Payment(paid_fen=5_500_000, voucher="缴款书C1")).status == "performed"


def test_a_performance_recorded_without_a_payment_leaves_an_earlier_one_of_the_day(db, data_dir, make_case, english):
    """The employee's payment recorded in the morning (the case staying 已送达), the 履行完毕 in the afternoon without
    a payment: undoing it takes back the 履行完毕 only, not the employee's payment."""
    from tests.test_s49_closing_sheet import _company_paid
    from workstation.case_records import CaseEvent
    from workstation.party_decisions import PAID
    from workstation.records import now
    from workstation.step_undo import last_step_named
    from workstation.store.cases import add_event, update_case

    case, company, employee = _company_paid(db, data_dir, make_case)
    later = dt.datetime.fromisoformat(now())  # recorded after the company's payment, hours apart
    add_event(db, CaseEvent(case.id, PAID, (later + dt.timedelta(minutes=1)).isoformat(), on_date="2026-03-25",
                            from_status="served", to_status="served", party_id=employee,
                            details=Payment(paid_fen=500_000, voucher="缴款书B1").to_json()))
    add_event(db, CaseEvent(case.id, "transition", (later + dt.timedelta(hours=7)).isoformat(), on_date="2026-03-25",
                            from_status="served", to_status="performed"))
    case = update_case(db, replace(get_case(db, case.id), status="performed"), allow_status_change=True)

    assert EMPLOYEE not in last_step_named(db, case)[0]
    undone = procedure.undo_last_step(db, case.id, "履行误录")
    assert undone.status == "served"
    assert _payments(db, case.id) == [(company, "2026-03-20"), (employee, "2026-03-25")]
    [line] = _undone_lines(db, case.id)
    assert EMPLOYEE not in line and "缴款书B1" not in line


def test_a_party_s_other_step_still_says_truly_that_it_is_not_undone(db, two_paid, english):
    from workstation.case_records import CaseEvent
    from workstation.enforcement import APPLIED
    from workstation.records import now
    from workstation.store.cases import add_event

    case, _company, employee = two_paid
    procedure.undo_last_step(db, case.id, "误录")
    procedure.undo_last_step(db, case.id, "误录")
    # the last step is now the service of the decisions on each party: not undone, and nowhere else either
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal and "workstation cannot undo" in refusal and "not undone here" not in refusal
    with pytest.raises(TransitionRefused):
        procedure.undo_last_step(db, case.id, "误录")
    # the court applied to against the employee: one party's own step, no "correction with the party's step" offered
    add_event(db, CaseEvent(case.id, APPLIED, now(), on_date="2026-11-17", party_id=employee))
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal and "one party's own" in refusal and "cannot undo" in refusal
    assert "Record the correction" not in refusal and "payment" not in refusal


# ---- 3. the 结案审批表's 实缴合计 of a case with several parties --------------------------------------------------------

def test_the_sheet_of_several_parties_counts_the_surcharge_recorded_in_its_total(db, data_dir, make_case):
    from tests.test_doc_case_defaults import defaults, printed
    from tests.test_s49_closing_sheet import _company_paid

    case, _company, employee = _company_paid(db, data_dir, make_case)  # the company paid ¥50,000
    # the employee pays its ¥5,000 late, the voucher saying only the surcharge of ¥150 in it
    procedure.apply(db, case.id, "record_performance", on_date="2026-04-20", party_ids=(employee,),
                    payment=Payment(surcharge_fen=15_000, voucher="缴款书B2"))
    values = defaults(db, get_case(db, case.id), "closing_approval")
    assert values["paid_total_fen"] == "55150.00"  # ¥50,000 + ¥5,000 + ¥150
    text = printed(db, case, "closing_approval", values)
    assert "¥55,150.00" in text.replace(" ", "") and "已缴纳¥5,150.00" in text.replace(" ", "")


# ---- 4. the final read: two payments recorded moments apart are two steps ------------------------------------------

def test_two_parties_payments_recorded_apart_with_their_own_vouchers_are_undone_one_at_a_time(db, data_dir,
                                                                                            make_case, english):
    """The company pays with voucher A1 and the employee with B1, recorded in two calls moments apart, the same day,
    with no note: undoing the last step takes back the employee's payment only — the shares of one payment for
    several parties always carry one voucher."""
    from tests.test_s49_closing_sheet import decided_case
    from workstation.step_undo import last_step_named

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-25", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    performed = procedure.apply(db, case.id, "record_performance", on_date="2026-03-25", party_ids=(employee,),
                                payment=Payment(paid_fen=500_000, voucher="缴款书B1"))
    assert performed.status == "performed"
    shown = last_step_named(db, performed)[0]
    assert EMPLOYEE in shown and COMPANY not in shown and "缴款书A1" not in shown
    undone = procedure.undo_last_step(db, case.id, "员工缴款误录")
    assert undone.status == "served"
    assert _payments(db, case.id) == [(company, "2026-03-25")]  # the company's payment stays
    [line] = _undone_lines(db, case.id)
    assert EMPLOYEE in line and "缴款书B1" in line and "缴款书A1" not in line
    assert _audited(db, case.id) == 2  # the employee's payment and the 履行完毕 it took the case to
