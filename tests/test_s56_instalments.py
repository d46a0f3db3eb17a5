"""A fine paid in instalments (分期缴纳罚款, 行政处罚法 art. 66; audit s56 on s3b): the issued 分期缴纳罚款通知书 tells the
party that missing any instalment brings the surcharge (加处罚款) and an application to the court, yet the payment
period (T8) was counted to the last instalment's day only — the earlier instalments were ignored. Now the time to pay
shown on the case's clocks, the board and ``clocks --case`` is the next instalment still to pay (the amount due by
then said), and an instalment whose day passed with less paid than was due by then is said on the clocks, by
``clocks --case``, with the payment recorded (the payment dialog's warning) and with a 催告书 refused, quoting what
the notice told the party. The surcharge of a missed instalment is still counted only from the last instalment's
day (said so): see the report of this change."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import program_day, run, run_json
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import WorkstationError
from workstation.payments import Payment, mismatch, owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import clock_event_errors, record_clock_event

FINE = 200_000  # ¥2,000.00
DECISION = "佛南市监处〔2026〕1号"
SIGNED = "2026-12-11"  # the notice's date: the decision served on 11-27, its fifteen days end on Monday 12-14
FIRST, LAST = "2026-12-31", "2027-01-29"  # a Thursday and a Friday: neither moves to a next working day
CONSEQUENCE = "每日按罚款数额的百分之三加处罚款"  # what the notice's 逾期缴纳的后果 tells the party


def served(db, make_case):
    case = make_case(fine_fen=FINE)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-01",
                                   notice_served_on="2026-10-15", decided_on="2026-11-25", served_on="2026-11-27"),
                       allow_status_change=True)


def split(db, data_dir, monkeypatch, case, *, instalments=True, record=True):
    """The 分期缴纳罚款通知书 (¥1,000.00 by 12-31, ¥1,000.00 by 2027-01-29) issued on 12-11, its deferral recorded
    as the window offers it; with ``instalments`` false, a 延期缴纳罚款通知书 deferring the whole fine to 01-29."""
    program_day(monkeypatch, SIGNED)
    values = {"decision_no": DECISION, "applied_on": "2026-12-10"}
    values.update({"by_instalments": True, "instalment1_fen": "1000", "instalment1_on": FIRST,
                   "instalment2_fen": "1000", "instalment2_on": LAST} if instalments else {"deferred_to": LAST})
    issue_document(db, data_dir, get_case(db, case.id), find_form("payment_deferral_notice"), values)
    if record:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on=SIGNED, ends_on=LAST,
                                          approved_on=SIGNED, approved_by="局长王某"))


def paid(db, case, day, fen):
    procedure.apply(db, case.id, "record_performance", on_date=day, payment=Payment(paid_fen=fen))


def t8(db, case, on):
    [found] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T8"]
    return found


def clocks_of_case(capsys, data_dir, case, on) -> str:
    code, out, err = run(capsys, "clocks", "--case", case.case_number, "--as-of", on, "--data-dir", data_dir)
    assert code == 0, err
    return out


# ---- the time to pay is the next instalment's day -----------------------------------------------------------------

def test_before_the_first_instalment_the_time_to_pay_is_its_day(db, data_dir, make_case, monkeypatch, english,
                                                                capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-20")
    d = t8(db, case, "2026-12-20")
    assert (d.due, d.state) == (FIRST, "open")
    assert "instalment 1 of 2" in d.title
    said = d.calculation()
    assert "¥1,000.00" in said and LAST in said and f"Deadline: {FIRST}." in said
    out = clocks_of_case(capsys, data_dir, case, "2026-12-20")
    [line] = [line for line in out.splitlines() if " T8 " in line]
    assert line.startswith(FIRST) and "instalment 1 of 2" in line
    # the board shows it so too
    [row] = [row for row in clocks.board(db, on="2026-12-20") if row.clock == "T8" and row.case_id == case.id]
    assert row.due == FIRST and "instalment 1 of 2" in row.title


def test_the_first_instalment_paid_the_time_to_pay_is_the_next_ones_day(db, data_dir, make_case, monkeypatch,
                                                                        english, capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-30")
    paid(db, case, "2026-12-30", 100_000)
    program_day(monkeypatch, "2027-01-05")
    d = t8(db, case, "2027-01-05")
    assert (d.due, d.state) == (LAST, "open")
    assert "instalment 2 of 2" in d.title and "overdue" not in d.title
    assert "¥1,000.00 of it paid" in d.calculation()
    out = clocks_of_case(capsys, data_dir, case, "2027-01-05")
    assert "missed" not in out and CONSEQUENCE not in out


def test_a_deferral_without_instalments_still_runs_to_its_day(db, data_dir, make_case, monkeypatch, english):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case, instalments=False)
    d = t8(db, case, "2026-12-20")
    assert d.due == LAST and "instalment 1" not in d.title and "Paid in instalments" not in d.calculation()


# ---- a missed instalment is said where the officer looks -----------------------------------------------------------

def test_a_missed_instalment_is_said_on_the_clocks_and_by_clocks_case(db, data_dir, make_case, monkeypatch, english,
                                                                      capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2027-01-05")
    d = t8(db, case, "2027-01-05")
    assert "instalment 1 overdue" in d.title
    said = d.calculation()
    assert "Instalment 1 of the 分期缴纳罚款通知书" in said and f"due by {FIRST}" in said
    assert "¥1,000.00 was unpaid" in said and CONSEQUENCE in said and LAST in said
    out = clocks_of_case(capsys, data_dir, case, "2027-01-05")
    [line] = [line for line in out.splitlines() if " T8 " in line]
    assert "instalment 1 overdue" in line
    assert CONSEQUENCE in out and "¥1,000.00 was unpaid" in out


def test_a_part_paid_leaves_the_rest_of_the_instalment_missed(db, data_dir, make_case, monkeypatch, english):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-31")
    paid(db, case, FIRST, 40_000)
    said = t8(db, case, "2027-01-05").calculation()
    assert "¥400.00 had been paid" in said and "¥600.00 was unpaid" in said


def test_the_payment_recorded_after_a_missed_instalment_warns_of_it(db, data_dir, make_case, monkeypatch, english,
                                                                     capsys):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2027-01-05")
    # the payment dialog's warning: what it says before the payment of the whole fine is recorded
    warning = mismatch(owed(db, get_case(db, case.id), "2027-01-05"), Payment(paid_fen=FINE))
    assert warning is not None and "Instalment 1" in warning and CONSEQUENCE in warning
    # the command line records it with the same warning
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "1000",
                      "--data-dir", data_dir)
    assert any("Instalment 1" in w and CONSEQUENCE in w for w in result["warnings"]), result


def test_the_payment_dialog_warns_of_a_missed_instalment(db, data_dir, make_case, monkeypatch, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2027-01-05")
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2027-01-05", "yyyy-MM-dd"))
    assert dialog.paid.text() == "2000.00"  # the whole fine, as before: its missed instalment's surcharge not counted
    dialog.validate()
    shown = dialog.warning_label.text()
    assert "Instalment 1" in shown and "¥1,000.00 was unpaid" in shown and CONSEQUENCE in shown


def test_an_instalment_made_up_late_is_said_but_no_longer_overdue(db, data_dir, make_case, monkeypatch, english):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2027-01-04")
    paid(db, case, "2027-01-04", 100_000)
    d = t8(db, case, "2027-01-05")
    assert d.due == LAST and "instalment 2 of 2" in d.title and "overdue" not in d.title
    assert "¥1,000.00 was unpaid" in d.calculation() and "It has been paid since." in d.calculation()


def test_an_instalment_paid_in_time_gives_no_payment_warning(db, data_dir, make_case, monkeypatch, english):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-20")
    assert mismatch(owed(db, get_case(db, case.id), "2026-12-20"), Payment(paid_fen=FINE)) is None


# ---- a 催告书 refused within the deferral says the instalment was missed -------------------------------------------

def test_a_demand_refused_after_a_missed_instalment_says_so(db, data_dir, make_case, monkeypatch, english):
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2027-01-05")
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2027-01-05"),
                                get_case(db, case.id))
    said = " ".join(errors.values())
    assert "Instalment 1" in said and CONSEQUENCE in said, errors
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("performance_demand"),
                    {"decision_no": DECISION, "signed_on": "2027-01-05", "court": "佛山市南海区人民法院"})
    message = refused.value.message if not hasattr(refused.value, "errors") else json.dumps(
        refused.value.errors, ensure_ascii=False)
    assert "Instalment 1" in message and CONSEQUENCE in message


def test_before_the_first_instalment_a_demand_is_said_to_wait_for_the_last_day(db, data_dir, make_case, monkeypatch,
                                                                              english):
    # the clocks show the first instalment's day, but the 催告书 is still counted from the last instalment's (see the
    # module): the refusal names the day it is really accepted from, not the day after the first instalment
    case = served(db, make_case)
    split(db, data_dir, monkeypatch, case)
    program_day(monkeypatch, "2026-12-20")
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-12-20"),
                                get_case(db, case.id))
    said = " ".join(errors.values())
    assert "from 2027-01-30" in said and "2027-01-01" not in said, errors
