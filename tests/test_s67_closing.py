"""Session 67, payments audit: a performed case is not closed while money is still owed (a fine paid late without
its surcharge) unless the rest was waived with its reason recorded, and the refusal never advises a 催告书 or the
court, which a closed case cannot take; a decision revoked after a payment of part closes with the refund told,
and the 结案审批表 prints the decision as revoked; a 催告书 dated before court enforcement's period is warned of
naming the 催告书 and its day."""

from __future__ import annotations

from tests.helpers import run
from tests.test_clock_challenges import outcome, served_case
from tests.test_s50_party_payments import served  # noqa: F401 (the fixture)
from workstation import procedure
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event


def _number(db, case):
    return get_case(db, case.id).case_number or case.id


def _in_full(db, case, reason=""):
    """¥50,000 paid on 06-26, ten days late (¥15,000 surcharge accrued), recorded as performed all the same."""
    return procedure.apply(db, case.id, "record_performance", on_date="2026-06-26", reason=reason,
                           payment=Payment(paid_fen=5_000_000, voucher="F1"), in_full=True)


def test_closing_with_the_surcharge_owed_is_refused_naming_the_waiver(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    _in_full(db, case)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", _number(db, case), "close",
                         "--date", "2026-07-01")
    assert code != 0, out
    assert "¥15,000.00" in err and "--in-full" in err and "undo" in err, err
    assert "T15" not in err and "T16" not in err, err  # no 催告书 nor court advised: a closed case takes neither
    assert get_case(db, case.id).status == "performed"


def test_closing_with_the_surcharge_waived_and_its_reason_recorded_closes(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)
    _in_full(db, case, reason="依执行协议减免加处罚款")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", _number(db, case), "close",
                         "--date", "2026-07-01")
    assert code == 0, err
    assert "T16" not in out + err and "T15" not in out + err, out + err
    assert "依执行协议减免加处罚款" in out + err, out + err
    assert get_case(db, case.id).status == "closed"


def _revoked_after_part(db, case):
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                    payment=Payment(paid_fen=2_000_000, voucher="P1"))  # a payment of part: the case stays served
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_revoked", "2026-08-10", number="佛府复〔2026〕1号"))
    return get_case(db, case.id)


def test_a_revoked_decision_paid_in_part_is_closed_with_the_refund_told(db, data_dir, make_case, capsys, english):
    case = _revoked_after_part(db, served_case(db, make_case))
    assert case.status == "served"
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", _number(db, case), "close",
                         "--date", "2026-08-20")
    assert code == 0, err
    said = out + err
    assert "¥20,000.00" in said and "refunded" in said and "佛府复〔2026〕1号" in said, said


def test_a_demand_before_court_enforcement_opens_is_warned_naming_it(db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)  # T16 counts from 2026-12-01 (T11)
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", _number(db, case), "demand",
                         "--on", "2026-07-01")
    assert code == 0, err
    assert "催告书" in err and "2026-07-01" in err and "2026-12-01" in err, err



# ---- the waiver's reason kept with the payment, read as typed ------------------------------------------------------

def _in_full_cli(capsys, data_dir, db, case, *more):
    return run(capsys, "--data-dir", data_dir, "cases", "transition", _number(db, case), "record_performance",
               "--date", "2026-06-26", "--paid", "50000", "--voucher", "F1", "--in-full", *more)


def test_the_waiver_reason_is_kept_with_the_payment_and_read_as_typed(db, data_dir, make_case, capsys, english):
    import json

    from workstation.closing import owed_refusal, waiver_reason

    case = served_case(db, make_case)
    # a sentence the old reading took for one the workstation adds
    typed = "虽然逾期十日，依执行协议减免加处罚款。"
    code, _out, err = _in_full_cli(capsys, data_dir, db, case, "--reason", typed)
    assert code == 0, err
    details = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                         "'performed'", [case.id]).fetchone()[0]
    assert json.loads(details)["waiver"] == typed
    case = get_case(db, case.id)
    assert waiver_reason(db, case) == typed
    assert owed_refusal(db, case) is None


def test_in_full_without_a_reason_keeps_an_empty_waiver_and_closing_is_refused(db, data_dir, make_case, capsys,
                                                                              english):
    from workstation.closing import waiver_reason

    case = served_case(db, make_case)
    code, _out, err = _in_full_cli(capsys, data_dir, db, case)
    assert code == 0, err
    assert waiver_reason(db, get_case(db, case.id)) == ""
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", _number(db, case), "close",
                          "--date", "2026-07-01")
    assert code != 0 and "¥15,000.00" in err, err


# ---- the waiver kept by procedure.apply for every caller (the window too), the old note read without its amounts --

def _system_note(db, case, day="2026-06-26", paid=5_000_000):
    """The note the window and the command line add to a payment recorded in full short of what is owed."""
    from dataclasses import replace

    from workstation.payments import mismatch_note, owed

    return mismatch_note(Payment(paid_fen=paid, voucher="F1"), replace(owed(db, get_case(db, case.id), day),
                                                                       parts=False))


def _performed_details(db, case):
    import json

    row = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status = "
                     "'performed'", [case.id]).fetchone()
    return json.loads(row[0])


def test_in_full_from_the_window_with_only_the_system_note_is_refused_closing(db, make_case, english):
    import pytest

    from workstation.closing import owed_refusal, waiver_reason
    from workstation.errors import TransitionRefused

    case = served_case(db, make_case)
    note = _system_note(db, case)
    assert "¥50,000.00" in note
    _in_full(db, case, reason=procedure.noted_reason("", note))  # as the window records it: no Payment.waiver
    assert _performed_details(db, case)["waiver"] == ""
    case = get_case(db, case.id)
    assert waiver_reason(db, case) == ""
    assert "¥15,000.00" in (owed_refusal(db, case) or "")
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "close", on_date="2026-07-01")


def test_in_full_keeps_the_reason_typed_without_the_system_note(db, make_case, english):
    from workstation.closing import owed_refusal, waiver_reason

    case = served_case(db, make_case)
    typed = "Surcharge waived by the enforcement agreement of 2026.06.25."
    _in_full(db, case, reason=procedure.noted_reason(typed, _system_note(db, case)))
    assert _performed_details(db, case)["waiver"] == typed
    case = get_case(db, case.id)
    assert waiver_reason(db, case) == typed and owed_refusal(db, case) is None


def _as_recorded_before(db, case, note):
    """The 履行完毕 as recorded before its reason was kept with the payment: no ``waiver``, the note alone."""
    import json

    details = _performed_details(db, case)
    details.pop("waiver", None)
    db.execute("UPDATE case_events SET details = ?, note = ? WHERE case_id = ? AND kind = 'transition' AND "
               "to_status = 'performed'", [json.dumps(details, ensure_ascii=False), note, case.id])


def test_an_old_note_with_only_the_system_note_gives_no_reason(db, make_case, english):
    from workstation.closing import owed_refusal, waiver_reason

    case = served_case(db, make_case)
    _in_full(db, case)
    _as_recorded_before(db, case, _system_note(db, case))
    case = get_case(db, case.id)
    assert waiver_reason(db, case) == ""
    refusal = owed_refusal(db, case)  # the rest owed, the day paid, and the ways out
    assert "¥15,000.00 still owed (paid ¥50,000.00 on 2026-06-26)" in refusal
    assert "--in-full" in refusal and "--reason" in refusal and "--surcharge" in refusal and "undo" in refusal


def test_an_old_note_keeps_the_reason_before_the_system_note(db, make_case, english):
    from workstation.closing import waiver_reason

    case = served_case(db, make_case)
    _in_full(db, case)
    _as_recorded_before(db, case, "Surcharge waived (agreement No. 3). " + _system_note(db, case))
    assert waiver_reason(db, get_case(db, case.id)) == "Surcharge waived (agreement No. 3)."


def test_an_old_chinese_note_with_only_the_system_note_gives_no_reason(db, make_case, english):
    from workstation.closing import waiver_reason
    from workstation.i18n import set_language

    case = served_case(db, make_case)
    _in_full(db, case)
    set_language("zh_CN")
    try:
        note = _system_note(db, case)
    finally:
        set_language("en")
    assert "¥50,000.00" in note and "Amount" not in note
    _as_recorded_before(db, case, "依执行协议减免加处罚款。" + note)
    assert waiver_reason(db, get_case(db, case.id)) == "依执行协议减免加处罚款。"
    _as_recorded_before(db, case, note)
    assert waiver_reason(db, get_case(db, case.id)) == ""


def test_the_refusal_says_the_day_the_amount_owed_is_counted_to(db, make_case, english):
    from workstation.closing import owed_refusal

    case = served_case(db, make_case)
    _in_full(db, case)
    said = owed_refusal(db, get_case(db, case.id))
    assert "as of the day of the latest payment" in said and "on 2026-06-26" in said, said
    assert "accrues its surcharge" in said, said


# ---- refunds told at closing: each party, a decision paid in full then revoked, a fine lowered below what was paid --

def test_a_decision_paid_in_full_then_revoked_is_closed_with_the_refund_told(db, make_case, english):
    from workstation.closing import closing_warnings

    case = served_case(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-06-10",
                    payment=Payment(paid_fen=5_000_000, voucher="F1"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_revoked", "2026-08-10", number="佛府复〔2026〕1号"))
    case = get_case(db, case.id)
    assert case.status == "performed"
    said = " ".join(w.message for w in closing_warnings(db, case))
    assert "¥50,000.00" in said and "refunded" in said and "佛府复〔2026〕1号" in said, said


def test_one_partys_decision_revoked_after_its_payment_of_part_is_told_at_closing(db, english, served):  # noqa: F811
    from workstation.closing import closing_warnings

    case, company, employee = served  # ¥50,000 and ¥5,000, served 2026-03-12
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=2_000_000, voucher="X1"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=company,
                                      starts_on="2026-03-21"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", party_id=company,
                                      starts_on="2026-04-20", approved_by="佛府复〔2026〕9号"))
    said = " ".join(w.message for w in closing_warnings(db, get_case(db, case.id)))
    assert "¥20,000.00" in said and "refunded" in said and "佛府复〔2026〕9号" in said, said


def _lowered_after_part(capsys, data_dir, db, case, fine):
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", _number(db, case),
                          "record_performance", "--date", "2026-06-10", "--paid", "20000", "--voucher", "P1")
    assert code == 0, err
    for argv in (("reconsideration", "--on", "2026-06-20"),
                 ("challenge_changed", "--on", "2026-08-10", "--number", "佛府复〔2026〕1号", "--fine", fine)):
        code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "record", _number(db, case), *argv)
        assert code == 0, err
    return get_case(db, case.id)


def test_a_fine_lowered_below_what_was_paid_is_closed_with_the_refund_told(db, data_dir, make_case, capsys,
                                                                          english):
    from workstation.closing import closing_warnings

    case = _lowered_after_part(capsys, data_dir, db, served_case(db, make_case), "10000")
    said = " ".join(w.message for w in closing_warnings(db, case))
    assert "¥10,000.00" in said and "refunded" in said, said


def test_a_fine_lowered_to_nothing_after_a_payment_is_closed_with_the_refund_told(db, data_dir, make_case, capsys,
                                                                                 english):
    from workstation.closing import closing_warnings

    case = _lowered_after_part(capsys, data_dir, db, served_case(db, make_case), "0")
    said = " ".join(w.message for w in closing_warnings(db, case))
    assert "¥20,000.00" in said and "refunded" in said, said
