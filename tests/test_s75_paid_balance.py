"""What is owed once it is paid, audit hq_lifecycle2 ("Seen but not reported"):

- 2号: payments of part that, with a deferral recorded since, add up to all the decision asks leave the case 已送达,
  but its time to pay (T8) is met on the day of the latest payment (not running, not overdue), the court enforcement
  (T16) is not needed, and the case's 期限 tab, ``clocks --case`` and the board tell the officer to record 履行完毕;
- 1号: what was paid under a decision since revoked with a new one ordered (撤销并责令重新作出) is told on the new
  decision's T8 and T16, in the payment step and when the court is applied to: to be refunded (退还) or, with the
  party's agreement, offset (抵缴) against the new decision."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation import clocks, procedure
from workstation.enforcement import late_warnings, step_refusal
from workstation.errors import TransitionRefused
from workstation.payments import Payment, mismatch, owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event
from workstation.vocabulary import shown_label


def PERFORMED() -> str:  # noqa: N802 (the step's label, as the clocks name it)
    return shown_label("transitions", "record_performance")


SERVED = dict(filed_on="2026-05-02", notice_served_on="2026-06-01", decided_on="2026-06-15", served_on="2026-06-16")


def _served(db, make_case, fine_fen, confiscated_fen=0):
    case = make_case(fine_fen=fine_fen, confiscated_fen=confiscated_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", **SERVED), allow_status_change=True)


def _pay(db, case, on, fen, voucher):
    return procedure.apply(db, case.id, "record_performance", on_date=on,
                           payment=Payment(paid_fen=fen, surcharge_fen=0, voucher=voucher))


@pytest.fixture
def part_paid(db, make_case):
    """2号: ¥20,000 decided, served 2026-06-16 (T8 ends 07-01); ¥5,000 paid 06-25, ¥15,000 on 07-10 (then ¥4,050 of
    surcharge short), then a deferral approved from 07-01 to 12-31 recorded: nothing is owed any more."""
    case = _served(db, make_case, 2_000_000)
    _pay(db, case, "2026-06-25", 500_000, "V2")
    assert _pay(db, case, "2026-07-10", 1_500_000, "V3").status == "served"
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-07-01", ends_on="2026-12-31",
                                      approved_on="2026-07-01", approved_by="局长甲"))
    return get_case(db, case.id)


def _clock(deadlines, clock, case):
    return [d for d in deadlines if d.clock == clock and d.case_id == case.id]


def test_paid_by_parts_meets_the_time_to_pay_and_says_to_record_performance(db, part_paid, english):
    case = part_paid
    assert case.status == "served"
    found = clocks.case_clocks(db, case, on="2026-12-01")
    (t8,) = _clock(found, "T8", case)
    assert t8.state == "met" and t8.done_on == "2026-07-10", (t8.state, t8.done_on)
    assert "¥20,000.00" in t8.calculation() and PERFORMED() in t8.calculation(), t8.calculation()
    (t16,) = _clock(found, "T16", case)
    assert t16.state == "not_applicable", t16.state
    # after the deferral's end too: never overdue
    (late,) = _clock(clocks.case_clocks(db, case, on="2027-02-01"), "T8", case)
    assert late.state == "met"
    # the board: no running T8 or T16, a row telling the officer to record 履行完毕
    board = clocks.board(db, on="2026-12-01")
    assert not [d for d in _clock(board, "T8", case) + _clock(board, "T16", case) if d.open]
    (row,) = _clock(board, "T8", case)
    assert PERFORMED() in row.calculation()


def test_paid_by_parts_on_the_command_line(db, part_paid, data_dir, capsys, english):
    db.conn.commit()
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "--case", part_paid.case_number,
                         "--as-of", "2026-12-01")
    assert code == 0, err
    line = next(line for line in out.splitlines() if " T8 " in line)
    assert "Met" in line, out
    assert PERFORMED() in out, out
    # said once, under T8: T16 is not needed, nothing to repeat under it
    assert out.count("The payments recorded add up to") == 1, out
    rows = run_json(capsys, "--data-dir", data_dir, "clocks", "--as-of", "2026-12-01")
    mine = [r for r in rows if r["case_id"] == part_paid.id and r["clock"] in ("T8", "T16")]
    assert [r["state"] for r in mine] == ["met"], mine
    assert PERFORMED() in (mine[0]["note"] or ""), mine


def test_recording_performance_then_ends_it(db, part_paid):
    assert step_refusal(db, part_paid) is not None  # nothing to enforce
    case = procedure.apply(db, part_paid.id, "record_performance", on_date="2026-07-10")
    assert case.status == "performed"


def test_a_payment_of_part_still_short_keeps_the_time_to_pay_running(db, make_case):
    case = _served(db, make_case, 2_000_000)
    _pay(db, case, "2026-06-25", 500_000, "V2")
    (t8,) = _clock(clocks.case_clocks(db, get_case(db, case.id), on="2026-06-28"), "T8", case)
    assert t8.state in ("open", "due_soon") and t8.done_on is None


# ---- 1号: paid under a decision since revoked with a new one ordered ----------------------------------------------

@pytest.fixture
def redone(db, make_case):
    """1号: ¥10,000 fine and ¥500 confiscated, paid in full 2026-06-25; a lawsuit 07-01–09-01 revoked it with a new
    decision ordered (09-05); decided anew 09-20 at ¥4,000 + ¥500, served 09-21 (T8 ends 10-08, after 国庆)."""
    case = _served(db, make_case, 1_000_000, 50_000)
    assert _pay(db, case, "2026-06-25", 1_050_000, "V1").status == "performed"
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-07-01",
                                      ends_on="2026-09-01"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_redo", starts_on="2026-09-05",
                                      approved_by="(2026)粤0605行初1号"))
    procedure.apply(db, case.id, "redecide", on_date="2026-09-10", reason="判决撤销并责令重新作出")
    case = update_case(db, replace(get_case(db, case.id), fine_fen=400_000, confiscated_fen=50_000))
    case = update_case(db, replace(case, status="served", decided_on="2026-09-20", served_on="2026-09-21"),
                       allow_status_change=True)
    return get_case(db, case.id)


def test_the_new_decisions_clocks_tell_of_the_money_paid_under_the_revoked_one(db, redone, english):
    found = clocks.case_clocks(db, redone, on="2026-12-01")
    (t8,) = _clock(found, "T8", redone)
    assert t8.done_on is None  # not met by the revoked decision's payment
    text = t8.calculation()
    assert "¥10,500.00" in text and "refund" in text.lower() and "抵缴" in text, text
    (t16,) = _clock(found, "T16", redone)
    from workstation.enforcement import demand_by_note

    assert "¥10,500.00" in demand_by_note(t16, on="2026-12-01"), demand_by_note(t16, on="2026-12-01")


def test_the_payment_step_tells_of_it(db, redone, english):
    owing = owed(db, redone, "2026-12-01")
    said = mismatch(owing, Payment(paid_fen=owing.total_fen - owing.paid_in_part_fen, voucher="V9")) or ""
    assert "¥10,500.00" in said and "抵缴" in said, said


def test_applying_to_the_court_tells_of_it(db, redone, english):
    refusal = step_refusal(db, redone) or ""
    assert "¥10,500.00" in refusal, refusal
    with pytest.raises(TransitionRefused) as raised:
        procedure.apply(db, redone.id, "apply_enforcement", on_date="2026-12-01")
    assert "¥10,500.00" in str(raised.value)
    # recorded for the party (once allowed): warned, not refused
    warned = late_warnings(db, get_case(db, redone.id), "2026-12-01", tuple(redone.party_ids))
    assert any("¥10,500.00" in item.message and "抵缴" in item.message for item in warned), warned


def test_no_note_without_a_revoked_decision(db, make_case, english):
    case = _served(db, make_case, 1_000_000)
    (t8,) = _clock(clocks.case_clocks(db, case, on="2026-06-20"), "T8", case)
    assert "抵缴" not in t8.calculation()
    assert "抵缴" not in (mismatch(owed(db, case, "2026-06-20"), Payment(paid_fen=999, voucher="X")) or "")


# ---- the final read (fr_paid_balance) ------------------------------------------------------------------------------

def test_payments_made_after_the_day_counted_on_are_not_counted(db, part_paid, data_dir, capsys, english):
    """As of 06-28 only ¥5,000 was paid (the ¥15,000 came on 07-10): T8 still runs, nothing says it was paid."""
    (t8,) = _clock(clocks.case_clocks(db, part_paid, on="2026-06-28"), "T8", part_paid)
    assert t8.state in ("open", "due_soon") and t8.done_on is None, (t8.state, t8.done_on)
    assert PERFORMED() not in t8.calculation(), t8.calculation()
    board = clocks.board(db, on="2026-06-28")
    assert [d.state for d in _clock(board, "T8", part_paid)] in (["open"], ["due_soon"])
    db.conn.commit()
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "--case", part_paid.case_number,
                         "--as-of", "2026-06-28")
    assert code == 0, err
    line = next(line for line in out.splitlines() if " T8 " in line)
    assert "Met" not in line and "The payments recorded add up to" not in out, out


def test_payments_of_part_after_the_time_to_pay_owe_the_surcharge_and_keep_it_open(db, make_case, english):
    """¥5,000 on 06-25 and ¥15,000 on 07-10, after T8 ended 07-01, no deferral: the surcharge accrued since is owed,
    so T8 is not met and nothing says to record 履行完毕."""
    case = _served(db, make_case, 2_000_000)
    _pay(db, case, "2026-06-25", 500_000, "V2")
    assert _pay(db, case, "2026-07-10", 1_500_000, "V3").status == "served"
    case = get_case(db, case.id)
    (t8,) = _clock(clocks.case_clocks(db, case, on="2026-07-20"), "T8", case)
    assert t8.state not in ("met", "late") and t8.done_on is None, (t8.state, t8.done_on)
    assert PERFORMED() not in t8.calculation(), t8.calculation()
    assert not [d for d in _clock(clocks.board(db, on="2026-07-20"), "T8", case) if PERFORMED() in d.calculation()]


def test_a_fine_lowered_to_what_was_paid_in_part_meets_the_time_to_pay(db, make_case, english):
    """¥5,000 paid of ¥20,000 on 06-25, a lawsuit then lowered the fine to ¥5,000: nothing left; the board finds it
    though the payments are short of the amount the case decided."""
    case = _served(db, make_case, 2_000_000)
    _pay(db, case, "2026-06-25", 500_000, "V2")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-06-28",
                                      ends_on="2026-08-01"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-08-03",
                                      approved_by="(2026)粤0605行初2号", days=500_000))
    case = get_case(db, case.id)
    (t8,) = _clock(clocks.case_clocks(db, case, on="2026-09-01"), "T8", case)
    assert t8.state == "met" and t8.done_on == "2026-06-25", (t8.state, t8.done_on)
    (row,) = _clock(clocks.board(db, on="2026-09-01"), "T8", case)
    assert PERFORMED() in row.calculation(), row.calculation()


def test_the_court_period_does_not_repeat_the_payments_of_part(db, part_paid, english):
    from workstation.enforcement import demand_by_note

    found = clocks.case_clocks(db, part_paid, on="2026-12-01")
    (t16,) = _clock(found, "T16", part_paid)
    assert "The payments recorded add up to" not in demand_by_note(t16, on="2026-12-01")
    (t8,) = _clock(found, "T8", part_paid)
    assert "The payments recorded add up to" in demand_by_note(t8, on="2026-12-01")


def test_the_payment_step_says_the_amount_paid_under_the_revoked_decision(db, redone, english):
    from workstation.payments import mismatch_note

    owing = owed(db, redone, "2026-12-01")
    note = mismatch_note(Payment(paid_fen=100, voucher="V9"), owing)
    assert "¥10,500.00 was also paid under the revoked decision: refund it or offset it." in note, note


def test_the_order_is_named_once_bracketed_with_the_days_paid(db, redone, english):
    from workstation.closing import redone_refund_warnings
    from workstation.payments import annulled_payment_note

    said = annulled_payment_note(db, redone)
    assert "by (2026)粤0605行初1号" in said and "((2026)" not in said, said
    assert "paid ¥10,500.00 under the decision revoked on 2026-09-05" in said, said
    (warning,) = redone_refund_warnings(db, redone)
    # the closing warning says it in the same words (the clocks' and court's note says it, then what runs meanwhile)
    first = said.split(" Until then")[0]
    assert warning.message == first + " It was paid on 2026-06-25.", (warning.message, said)
    assert "¥10,500.00" in warning.message and "抵缴" in warning.message, warning.message
    assert "((2026)" not in warning.note and "by (2026)粤0605行初1号" in warning.note, warning.note
    assert "paid on 2026-06-25 under" in warning.note, warning.note
