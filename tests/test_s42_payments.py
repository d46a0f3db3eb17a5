"""Payments after the decision: closing a case while part of the fine is still owed is warned about, naming the
amount (REFERENCE §1.1, §1.2 T15, T16); a reconsideration or lawsuit may not change the fine to more than the
decision challenged imposed (行政复议法 art. 63 para. 2, 行政诉讼法 art. 77 para. 2); a payment is checked against the
decision in force on the day it was paid, and one above what a later change left to pay is said to be refunded."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation import procedure
from workstation.closing import closing_warnings
from workstation.errors import ValidationError
from workstation.payments import Payment, mismatch, owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FINE = 5_000_000  # ¥50,000.00, decided and served on 2026-06-01: T8 ends 2026-06-16
NUMBER = "佛府复〔2026〕2号"


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)


def reconsidered(db, case, changed_fen, on="2026-07-20"):
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-10"))
    return record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on=on,
                                             approved_by=NUMBER, days=changed_fen))


def performed_short(db, case, on_date, payment):
    """The case recorded as performed with ``payment`` (as 履行完毕 recorded a payment short of what was owed before
    payments of part were recorded as such; ``payments.part_left``)."""
    from workstation.records import CaseEvent, now
    from workstation.store.cases import add_event

    add_event(db, CaseEvent(case_id=case.id, kind="transition", at=now(), on_date=on_date, from_status="served",
                            to_status="performed", details=payment.to_json()))
    return update_case(db, replace(get_case(db, case.id), status="performed"), allow_status_change=True)


# ---- 1. closing with part of the fine unpaid -----------------------------------------------------------------------

def test_paying_one_yuan_of_the_fine_leaves_the_case_served_and_its_closing_refused(db, data_dir, make_case, capsys,
                                                                                    english):
    from workstation.payments import still_owed

    case = served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(100, 0, "X112"))
    assert case.status == "served" and still_owed(db, case) == ("2026-06-10", 100, 4_999_900)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-06-11",
                          "--data-dir", data_dir)
    assert code != 0 and "has not paid" in err and get_case(db, case.id).status == "served"


def test_closing_after_paying_one_yuan_of_the_fine_is_refused_naming_what_is_still_owed(db, data_dir, make_case,
                                                                                       capsys, english):
    """s67: a case performed with money owed and no waiver recorded (行政强制法 art. 42) is not closed: a closed case
    takes no 催告书 nor court enforcement, so neither is advised; the refusal names the rest and the way out."""
    from workstation.closing import owed_refusal

    case = performed_short(db, served(db, make_case), "2026-06-10", Payment(100, 0, "X112"))
    refusal = owed_refusal(db, get_case(db, case.id))
    assert "¥49,999.00 still owed (paid ¥1.00 on 2026-06-10)" in refusal
    assert "T15" not in refusal and "T16" not in refusal and "--in-full" in refusal
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-06-11",
                          "--data-dir", data_dir)
    assert code != 0 and "¥49,999.00" in err and get_case(db, case.id).status == "performed"
    assert not [w for w in closing_warnings(db, get_case(db, case.id)) if "T15" in w.message or "T16" in w.message]


def test_closing_after_paying_the_fine_in_full_says_nothing_of_money_owed(db, make_case, english):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(FINE, 0, "X113"))
    assert not [w for w in closing_warnings(db, get_case(db, case.id)) if "unpaid" in w.message]


def test_a_payment_short_of_the_fine_as_later_lowered_is_warned_with_what_the_lowered_fine_leaves(
        db, make_case, english):
    from workstation.payments import still_owed

    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10", payment=Payment(2_000_000, 0, "X114"))
    reconsidered(db, case, 3_000_000)
    assert still_owed(db, get_case(db, case.id)) == ("2026-06-10", 2_000_000, 1_000_000)  # a payment of part
    case = performed_short(db, served(db, make_case), "2026-06-10", Payment(2_000_000, 0, "X114"))
    reconsidered(db, case, 3_000_000)
    from workstation.closing import owed_refusal

    assert "¥10,000.00 still owed" in owed_refusal(db, get_case(db, case.id))  # s67: refused, not closed with a warning


# ---- 2. a change may not raise the fine ------------------------------------------------------------------------------

def test_a_reconsideration_may_not_raise_the_fine_on_the_command_line(db, data_dir, make_case, capsys, english):
    case = served(db, make_case)
    run_json(capsys, "cases", "transition", case.case_number, "reconsideration", "--date", "2026-06-10",
             "--data-dir", data_dir)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "challenge_changed", "--date",
                          "2026-07-20", "--number", NUMBER, "--fine", "80000", "--data-dir", data_dir)
    assert code != 0
    assert ("--fine: The fine as changed, ¥80,000.00, is above the fine decided, ¥50,000.00: a change on "
            "reconsideration may not be worse for the party who applied (行政复议法 art. 63 para. 2), and "
            "a court may not increase the penalty (行政诉讼法 art. 77 para. 2).") in err
    assert owed(db, get_case(db, case.id), "2026-07-21").fine_fen == FINE
    result = run_json(capsys, "cases", "transition", case.case_number, "challenge_changed", "--date", "2026-07-20",
                      "--number", NUMBER, "--fine", "30000", "--data-dir", data_dir)
    assert result["fine_fen"] == 3_000_000


def test_a_change_of_a_decision_whose_fine_was_never_typed_is_not_refused_as_above_nothing(db, make_case):
    """A case decided on paper with no fine recorded: nothing to compare the changed fine with (review of s42)."""
    case = update_case(db, replace(served(db, make_case), fine_fen=0))
    assert reconsidered(db, case, 3_000_000).days == 3_000_000


def test_the_clock_event_dialog_refuses_a_raised_fine_under_its_fine_field(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    case = served(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-10"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_changed"))
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-07-20", "yyyy-MM-dd"))
    dialog.approved_by.setText(NUMBER)
    dialog.fine.setText("80000")
    errors = dialog.validate()
    assert set(errors) == {"fine"} and errors["fine"].startswith(
        "The fine as changed, ¥80,000.00, is above the fine decided, ¥50,000.00")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.fine.setText("30000")
    assert dialog.validate() == {}
    with pytest.raises(ValidationError) as refused:  # the store refuses it likewise, naming the same field
        record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-07-20",
                                          approved_by=NUMBER, days=8_000_000))
    assert set(refused.value.errors) == {"fine"}


def test_a_court_may_not_raise_the_fine_above_the_one_decided_after_a_reconsideration_lowered_it(
        db, make_case, english):
    case = served(db, make_case)
    reconsidered(db, case, 3_000_000)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-08-01"))
    with pytest.raises(ValidationError, match="above the fine decided, ¥50,000.00"):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-10-01",
                                          approved_by="（2026）粤0605行初3号", days=6_000_000))


# ---- 3. a payment is checked against the decision in force on its day ----------------------------------------------

def test_a_payment_before_a_change_is_checked_against_the_fine_then_and_its_excess_is_to_be_refunded(
        db, data_dir, make_case, capsys, english):
    case = served(db, make_case)
    reconsidered(db, case, 3_000_000)
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-06-05",
                      "--paid", "50000", "--voucher", "X115", "--data-dir", data_dir)
    assert result["warnings"] == [
        "The fine was changed to ¥30,000.00 on 2026-07-20 (佛府复〔2026〕2号), after this payment: ¥50,000.00 paid is "
        "¥20,000.00 more than the decision as changed asks (¥30,000.00 in all). The difference, ¥20,000.00, is to be "
        "refunded (退还) to the party."]
    # the timeline keeps that the payment was what was owed that day, not that it "differs from what is owed"
    notes = [row[0] for row in db.execute("SELECT note FROM case_events WHERE case_id = ? AND to_status = 'performed'",
                                          [case.id])]
    assert notes == ["Amount paid recorded as ¥50,000.00, what was owed that day; ¥20,000.00 of it is to be refunded "
                     "since the fine was changed on 2026-07-20."]


def test_a_payment_is_owed_as_the_decision_in_force_on_its_day(db, make_case, english):
    case = served(db, make_case)
    reconsidered(db, case, 3_000_000)
    case = get_case(db, case.id)
    assert owed(db, case, "2026-06-05").fine_fen == FINE
    assert owed(db, case, "2026-07-20").fine_fen == 3_000_000
    later = owed(db, case, "2026-07-25")  # the surcharge of the days late counted on the fine as changed
    assert mismatch(later, Payment(later.total_fen, later.surcharge_fen)) is None
    assert "is not what is owed: fine ¥50,000.00" in mismatch(owed(db, case, "2026-06-05"), Payment(1_000_000))
