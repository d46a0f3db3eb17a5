"""Instalments paid on schedule (分期缴纳罚款, 行政处罚法 art. 66; audit s57 on run2): the 分期缴纳罚款通知书 set the party
¥4,000 by the first instalment's day, then ¥3,000 and ¥3,000, yet each instalment paid was warned to differ from the
whole fine (with the 催告书 advice) and recorded so on the timeline. Now, while the plan is in force (its deferral
recorded), a payment is checked against what is due by the instalment falling due on or after the day paid, less
what was paid before: one that pays it (or more, within the fine) is not warned of; one short of it is warned
naming that instalment, without the 催告书 advice unless an instalment was missed; the payment dialog prefills what
is due by the next instalment and says which one it is. The last payment still records the decision performed."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import program_day, run_json
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import case_events, update_case
from workstation.store.clock_events import record_clock_event

FINE = 1_000_000  # ¥10,000.00: ¥4,000.00, then ¥3,000.00 and ¥3,000.00
DECISION = "佛南市监处〔2026〕1号"
SIGNED = "2026-12-11"  # the notice's date: the decision served on 11-27
FIRST, SECOND, LAST = "2026-12-31", "2027-01-15", "2027-01-29"  # a Thursday and two Fridays: none moves


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-01",
                                   notice_served_on="2026-10-15", decided_on="2026-11-25", served_on="2026-11-27"),
                       allow_status_change=True)


def split(db, data_dir, monkeypatch, case, *, signed=SIGNED, applied_on="2026-12-10"):
    """The 分期缴纳罚款通知书 issued on ``signed`` (12-11), its deferral recorded as the window offers it."""
    program_day(monkeypatch, signed)
    values = {"decision_no": DECISION, "applied_on": applied_on, "by_instalments": True,
              "instalment1_fen": "4000", "instalment1_on": FIRST, "instalment2_fen": "3000",
              "instalment2_on": SECOND, "instalment3_fen": "3000", "instalment3_on": LAST}
    issue_document(db, data_dir, get_case(db, case.id), find_form("payment_deferral_notice"), values)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on=signed, ends_on=LAST,
                                      approved_on=signed, approved_by="局长王某"))


def pay(capsys, monkeypatch, data_dir, case, day, yuan):
    program_day(monkeypatch, day)
    return run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", yuan,
                    "--date", day, "--data-dir", data_dir)


def notes(db, case) -> str:
    return "\n".join(e.note or "" for e in case_events(db, case.id))


# ---- the command line ---------------------------------------------------------------------------------------------

def test_each_instalment_paid_on_schedule_is_recorded_without_a_warning(db, data_dir, make_case, monkeypatch,
                                                                        english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    first = pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "4000")
    assert "warnings" not in first and first["status"] == "served", first
    second = pay(capsys, monkeypatch, data_dir, case, "2027-01-14", "3000")
    assert "warnings" not in second and second["status"] == "served", second
    last = pay(capsys, monkeypatch, data_dir, case, "2027-01-28", "3000")
    assert "warnings" not in last, last
    assert last["status"] == "performed"  # the last instalment completes the fine: 履行完毕 as before
    kept = notes(db, case)
    assert "Amount paid recorded" not in kept and "differs from what is owed" not in kept, kept


def test_an_instalment_paid_on_its_day_is_not_warned(db, data_dir, make_case, monkeypatch, english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    result = pay(capsys, monkeypatch, data_dir, case, FIRST, "4000")
    assert "warnings" not in result and result["status"] == "served", result


def test_paying_ahead_of_the_instalments_within_the_fine_is_not_warned(db, data_dir, make_case, monkeypatch,
                                                                       english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    result = pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "5000")
    assert "warnings" not in result and result["status"] == "served", result
    result = pay(capsys, monkeypatch, data_dir, case, "2027-01-14", "2000")  # the second instalment's ¥7,000.00
    assert "warnings" not in result and result["status"] == "served", result
    result = pay(capsys, monkeypatch, data_dir, case, "2027-01-20", "3000")
    assert "warnings" not in result and result["status"] == "performed", result


def test_a_payment_short_of_the_instalment_is_warned_naming_it(db, data_dir, make_case, monkeypatch, english,
                                                               capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    result = pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "3000")
    assert result["status"] == "served"
    [warning] = result["warnings"]
    assert "instalment 1" in warning and FIRST in warning and "¥4,000.00" in warning, warning
    assert "¥10,000.00 in all" not in warning and "is not what is owed" not in warning
    assert "催告书" not in warning  # no instalment missed yet: the party may still pay the rest by the day
    assert "¥7,000.00" in warning  # what is left of the fine
    kept = notes(db, case)
    assert "instalment 1" in kept and FIRST in kept and "differs from what is owed" not in kept, kept


def test_a_payment_short_of_the_second_instalment_counts_what_was_paid_before(db, data_dir, make_case, monkeypatch,
                                                                              english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "4000")
    result = pay(capsys, monkeypatch, data_dir, case, "2027-01-14", "2000")
    [warning] = result["warnings"]
    assert "instalment 2" in warning and SECOND in warning and "¥3,000.00" in warning, warning
    assert "催告书" not in warning and result["status"] == "served"


def test_after_a_missed_instalment_a_part_payment_keeps_the_demand_advice(db, data_dir, make_case, monkeypatch,
                                                                          english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    result = pay(capsys, monkeypatch, data_dir, case, "2027-01-05", "3000")
    warning = " ".join(result["warnings"])
    assert "Instalment 1" in warning and "was not paid in full" in warning  # the missed one, as before
    assert "instalment 2" in warning and SECOND in warning and "¥7,000.00" in warning, warning
    assert "催告书 (T15)" in warning and result["status"] == "served"


def test_a_payment_above_the_fine_is_still_warned(db, data_dir, make_case, monkeypatch, english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    result = pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "12000")
    assert any("more than is owed" in w for w in result["warnings"]), result


def test_what_is_owed_reads_the_instalments_once_for_the_missed_and_the_next(db, data_dir, make_case, monkeypatch,
                                                                             english):
    """``owed`` says the instalment missed and the next one to pay from one reading of the notice, the payments and
    the calendar (it worked the position out twice, once for each)."""
    from workstation import payments

    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    pay_day = "2027-01-05"
    program_day(monkeypatch, "2027-01-10")  # the deadlines counted on the program's day read them for that day
    calls = []
    real = payments.instalments_on
    monkeypatch.setattr(payments, "instalments_on", lambda *args: calls.append(args[2]) or real(*args))
    owing = payments.owed(db, get_case(db, case.id), pay_day)
    assert calls.count(pay_day) == 1
    assert "Instalment 1" in owing.instalment and "was not paid in full" in owing.instalment
    assert "instalment 1" in owing.instalment_note and FIRST in owing.instalment_note
    assert owing.next_instalment.instalment.number == 2 and owing.next_instalment.due_fen == 700_000


# ---- the payment dialog --------------------------------------------------------------------------------------------

def dialog_on(db, case, qtbot, day):
    from ui.transition_dialog import TransitionDialog, payment_check
    from workstation import procedure

    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString(day, "yyyy-MM-dd"))
    dialog.validate()
    return dialog


def test_the_payment_dialog_prefills_the_next_instalment_and_names_it(db, data_dir, make_case, monkeypatch, qtbot,
                                                                      english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-20")
    dialog = dialog_on(db, case, qtbot, "2026-12-20")
    assert dialog.paid.text() == "4000.00"
    said = dialog.instalment_info.text()
    assert dialog.instalment_info.isVisibleTo(dialog)
    assert "instalment 1 of 3" in said and FIRST in said and "¥4,000.00" in said, said
    assert not dialog.warning_label.isVisibleTo(dialog), dialog.warning_label.text()
    assert not dialog.acknowledge.isVisibleTo(dialog)
    # the first instalment paid: the second is prefilled
    pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "4000")
    dialog = dialog_on(db, case, qtbot, "2027-01-10")
    assert dialog.paid.text() == "3000.00"
    said = dialog.instalment_info.text()
    assert "instalment 2 of 3" in said and SECOND in said and "¥4,000.00" in said, said
    assert not dialog.warning_label.isVisibleTo(dialog), dialog.warning_label.text()


def test_the_payment_dialog_warns_of_an_amount_short_of_the_instalment(db, data_dir, make_case, monkeypatch, qtbot,
                                                                       english):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-20")
    dialog = dialog_on(db, case, qtbot, "2026-12-20")
    dialog.paid.setText("1000")
    dialog.paid.setModified(True)
    dialog.validate()
    shown = dialog.warning_label.text()
    assert "instalment 1" in shown and FIRST in shown and "¥4,000.00" in shown and "催告书" not in shown, shown


def test_without_instalments_the_dialog_prefills_the_whole_fine_and_says_nothing_of_them(db, make_case, qtbot,
                                                                                         monkeypatch, english):
    case = served(db, make_case)
    program_day(monkeypatch, "2026-12-10")
    dialog = dialog_on(db, case, qtbot, "2026-12-10")
    assert dialog.paid.text() == "10000.00"
    assert not dialog.instalment_info.isVisibleTo(dialog)


# ---- a surcharge owed while the plan is in force (deferral approved after T8 ran out) ------------------------------

LATE_SIGNED = "2026-12-21"  # T8 ended on 12-14: 7 days of surcharge (3 % of ¥10,000 a day) kept, ¥2,100.00


def split_late(db, data_dir, monkeypatch, case):
    """The 分期缴纳罚款通知书 and its deferral approved on 12-21, after the time to pay (T8) ended on 12-14."""
    split(db, data_dir, monkeypatch, case, signed=LATE_SIGNED, applied_on="2026-12-18")


def pay_with_surcharge(capsys, monkeypatch, data_dir, case, day, yuan, surcharge):
    program_day(monkeypatch, day)
    return run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", yuan,
                    "--surcharge", surcharge, "--date", day, "--data-dir", data_dir)


def test_a_surcharge_owed_under_the_plan_is_due_with_the_instalment(db, data_dir, make_case, monkeypatch, english):
    """The repro: the surcharge accrued before the late deferral is owed with the first instalment; a payment of
    the instalment's amount that states that surcharge leaves only ¥1,900.00 for the instalment: warned."""
    from workstation.payments import Payment, amount_mismatch, instalment_due, owed

    case = served(db, make_case)
    split_late(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-30")
    owing = owed(db, get_case(db, case.id), "2026-12-30")
    assert owing.surcharge_fen == 210_000 and owing.next_instalment.instalment.number == 1
    assert instalment_due(owing)[0] == 610_000  # ¥4,000.00 of the fine with the ¥2,100.00 surcharge still owed
    warning = amount_mismatch(owing, Payment(400_000, surcharge_fen=210_000))
    assert warning and "instalment 1" in warning and "¥1,900.00" in warning and "¥4,000.00" in warning, warning
    assert amount_mismatch(owing, Payment(610_000, surcharge_fen=210_000)) is None


def test_the_instalment_amount_with_the_surcharge_stated_is_warned_short(db, data_dir, make_case, monkeypatch, english,
                                                                     capsys):
    case = served(db, make_case)
    split_late(db, data_dir, monkeypatch, case)
    short = pay_with_surcharge(capsys, monkeypatch, data_dir, case, "2026-12-30", "4000", "2100")
    assert any("instalment 1" in w and "¥1,900.00" in w for w in short.get("warnings", [])), short
    kept = notes(db, case)
    assert "instalment 1" in kept and "¥1,900.00" in kept, kept


def test_the_instalment_and_its_surcharge_paid_together_are_not_warned(db, data_dir, make_case, monkeypatch,
                                                                       english, capsys):
    case = served(db, make_case)
    split_late(db, data_dir, monkeypatch, case)
    result = pay_with_surcharge(capsys, monkeypatch, data_dir, case, "2026-12-30", "6100", "2100")
    assert "warnings" not in result and result["status"] == "served", result


def test_the_payment_dialog_prefills_the_instalment_with_the_surcharge_owed(db, data_dir, make_case, monkeypatch,
                                                                           qtbot, english):
    case = served(db, make_case)
    split_late(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-30")
    dialog = dialog_on(db, case, qtbot, "2026-12-30")
    assert dialog.paid.text() == "6100.00" and dialog.surcharge.text() == "2100.00"
    said = dialog.instalment_info.text()
    assert "instalment 1 of 3" in said and "¥4,000.00" in said and "¥2,100.00" in said and "¥6,100.00" in said, said
    assert not dialog.warning_label.isVisibleTo(dialog), dialog.warning_label.text()
    # the instalment's amount typed with the surcharge prefilled: the fine part falls short, and the dialog says so
    dialog.paid.setText("4000")
    dialog.paid.setModified(True)
    dialog.validate()
    shown = dialog.warning_label.text()
    assert "instalment 1" in shown and "¥1,900.00" in shown, shown


def test_the_instalment_with_its_surcharge_paid_without_stating_it_records_the_surcharge(
        db, data_dir, make_case, monkeypatch, english, capsys):
    """No --surcharge: ¥6,100.00 is what is due by instalment 1 with the surcharge still owed, so ¥2,100.00 of it is
    recorded as the surcharge, and the next instalment asks only the fine."""
    from workstation.payments import instalment_due, owed, surcharge_paid, surcharge_payments

    case = served(db, make_case)
    split_late(db, data_dir, monkeypatch, case)
    result = pay(capsys, monkeypatch, data_dir, case, "2026-12-30", "6100")
    assert "warnings" not in result and result["status"] == "served", result
    assert surcharge_paid(surcharge_payments(db, get_case(db, case.id))) == 210_000
    program_day(monkeypatch, "2027-01-10")
    assert instalment_due(owed(db, get_case(db, case.id), "2027-01-10"))[0] == 300_000
