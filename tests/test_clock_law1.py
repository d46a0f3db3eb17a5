"""The clocks and the procedure held to the law (REFERENCE §1.1, §1.2, §4.6): a deadline counted from another's
unconfirmed last day is unconfirmed too; a paid fine meets its payment period and leaves nothing to enforce; no
pre-penalty notice in a case that must go to the police; no extension of a time limit already met; T2's
explanation and its days used and left; an internal limit ending on a weekend of a year without holiday data; no
waiver once the statement period has run."""

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QPushButton

from workstation import clocks, procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.records import ClockEvent, today
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event


def stage(db, case, status, **dates):
    return update_case(db, replace(get_case(db, case.id), status=status, **dates), allow_status_change=True)


def deadline(db, case, clock_id, on):
    found = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock_id]
    assert len(found) == 1, [d.clock for d in found]
    return found[0]


def served(db, make_case, served_on):
    return stage(db, make_case(fine_fen=200_000), "served", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on=served_on, served_on=served_on)


# ---- 1. a deadline counted from another's unconfirmed last day ------------------------------------------------------

def test_court_enforcement_counted_from_an_unconfirmed_end_of_the_time_to_sue_is_unconfirmed(db, make_case, english):
    # served 2026-08-28: T11 ends Sunday 2027-02-28, moved to 2027-03-01 without the 2027 holidays (unconfirmed);
    # T16 counts three months from it
    case = served(db, make_case, "2026-08-28")
    t11, t16 = (deadline(db, case, c, on="2026-09-01") for c in ("T11", "T16"))
    assert (t11.due, t11.confirmed) == ("2027-03-01", False)
    assert (t16.start, t16.due, t16.confirmed) == ("2027-03-01", "2027-06-01", False)
    assert ("It counts from the end of time limit T11 Party brings an administrative lawsuit, whose last day is not "
            "confirmed yet: once that "
            "day is confirmed, check this deadline too.") in t16.calculation().splitlines()
    assert [d.confirmed for d in clocks.board(db, on="2026-09-01") if d.clock == "T16"] == [False]


def test_court_enforcement_counted_from_a_confirmed_end_stays_confirmed(db, make_case):
    case = served(db, make_case, "2026-06-09")  # T11 ends Wednesday 2026-12-09, T16 Tuesday 2027-03-09
    assert deadline(db, case, "T16", on="2026-06-10").confirmed is True


# ---- 2. a paid fine ---------------------------------------------------------------------------------------------------

def test_a_paid_fine_meets_the_payment_period_and_leaves_nothing_to_enforce(db, make_case, english):
    case = served(db, make_case, "2026-10-15")
    procedure.apply(db, case.id, "record_performance", on_date="2026-10-25")
    t8, t16 = (deadline(db, case, c, on="2026-12-01") for c in ("T8", "T16"))
    assert (t8.state, t8.due, t8.done_on) == ("met", "2026-10-30", "2026-10-25")
    assert (t16.state, t16.due) == ("not_applicable", None)
    assert "The fine and confiscated money are paid (performed): no court enforcement is needed." in t16.calculation()
    closed = procedure.apply(db, case.id, "close", on_date="2026-11-01")
    assert deadline(db, closed, "T16", on="2026-12-01").state == "not_applicable"
    assert deadline(db, closed, "T8", on="2026-12-01").state == "met"


def test_an_unpaid_fine_still_has_its_enforcement_period(db, make_case):
    case = served(db, make_case, "2026-10-15")
    assert deadline(db, case, "T8", on="2026-12-01").state == "expired"
    assert deadline(db, case, "T16", on="2026-12-01").state == "open"


# ---- 3. no pre-penalty notice in a case at the criminal threshold ---------------------------------------------------

def test_the_pre_penalty_notice_is_refused_in_a_case_that_must_go_to_the_police(db, make_case, table_counts, english):
    case = make_case(status="under_review", records_other=5000, fine_fen=5_000_000, filed_on="2026-03-10",
                     review_on="2026-05-01")
    offered = {t.name: reason for t, reason in procedure.available(db, case)}
    assert "must be transferred to the police" in offered["send_pre_notice"]
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="criminal threshold for personal information"):
        procedure.apply(db, case.id, "send_pre_notice")
    assert table_counts(db) == before
    case = stage(db, case, "investigating")
    for step, reason in (("transfer_to_police", "涉案个人信息5000条"), ("resume_after_police", "公安机关不予立案"),
                         ("conclude_investigation", ""), ("submit_review", ""), ("send_pre_notice", "")):
        case = procedure.apply(db, case.id, step, reason=reason)
        if step == "transfer_to_police":  # the police declined it: the case comes back
            record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on=today()))
    assert case.status == "pre_notice"


# ---- 4. no extension of a time limit already met ------------------------------------------------------------------

def test_the_verification_period_cannot_be_extended_after_the_filing(db, make_case, english):
    case = stage(db, make_case(lead_received_on="2026-02-10"), "investigating", filed_on="2026-02-20")
    event = ClockEvent(case_id=case.id, kind="extension", clock="T1", days=15, starts_on="2026-02-25",
                       approved_on="2026-02-25", approved_by="局长")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event)
    assert refused.value.errors["approved_on"].startswith("The case was filed on 2026-02-20")
    assert "cannot be extended after the filing" in refused.value.errors["approved_on"]
    assert deadline(db, case, "T1", on="2026-03-01").due == "2026-03-09"  # not extended


def test_the_extension_dialog_offers_only_the_running_time_limits_with_their_unit(db, make_case, prompts, qtbot,
                                                                                 english):
    from ui.case_clocks import ClockEventDialog

    case = stage(db, make_case(lead_received_on="2026-02-10"), "investigating", filed_on="2026-02-20")
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts, kind="extension")
    qtbot.addWidget(dialog)
    assert [dialog.clock.itemData(i) for i in range(dialog.clock.count())] == ["T2"]
    assert (dialog.clock.currentData(), dialog.days.value(), dialog.days.suffix()) == ("T2", 30, " days")
    pending = make_case(lead_received_on="2026-11-25")
    dialog = ClockEventDialog(db, get_case(db, pending.id), prompts, kind="extension")
    qtbot.addWidget(dialog)
    assert (dialog.clock.currentData(), dialog.days.suffix()) == ("T1", " working days")


# ---- 5. and 8. T2's explanation, its days used and left -----------------------------------------------------------

def test_t2_states_its_end_after_the_days_not_counted_before_the_extension(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="中止调查")
    procedure.apply(db, case.id, "resume", on_date="2026-05-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T2", days=30, starts_on="2026-06-20",
                                      approved_on="2026-06-20", approved_by="局长"))
    lines = deadline(db, case, "T2", on="2026-07-01").calculation().splitlines()
    assert lines[1:3] == ["After the periods not counted, the statutory period ends on 2026-07-08.",
                          "Extended by 30 days, approved on 2026-06-20 by 局长."]
    assert "Deadline: 2026-08-07." in lines
    assert "Statutory period ends on 2026-06-08." not in lines


def test_a_running_t2_shows_the_days_used_and_left(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="中止调查")
    procedure.apply(db, case.id, "resume", on_date="2026-04-11")
    d = deadline(db, case, "T2", on="2026-04-20")  # due 2026-06-18; 10 days not counted: 31 used of 90
    assert d.due == "2026-06-18"
    assert "Used 31 days of 90 days; 59 days left." in d.calculation().splitlines()


def test_the_calendar_note_names_the_data_folder_and_the_shipped_example_by_its_full_path(db, make_case, data_dir,
                                                                                         english):
    from workstation.workdays import example_file

    case = make_case(lead_received_on="2026-12-20")
    note = clocks.calendar_note([deadline(db, case, "T1", on="2026-12-21")], data_dir)
    assert example_file().is_absolute() and example_file().name == "2026.toml"
    assert f"write that year's holidays into a copy of the {example_file()} supplied with the program and import " \
           "it — “Import holiday file…” on the deadline board, or calendar import FILE on the command line —, which " \
           f"checks it and keeps it as {data_dir / 'calendar' / '2027.toml'}" in note


# ---- 6. an internal limit ending on a weekend of a year without holiday data ------------------------------------

def test_t2_ending_on_a_weekend_of_2027_is_flagged_and_unconfirmed(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-11-16")
    d = deadline(db, case, "T2", on="2026-12-01")
    assert (d.due, d.confirmed) == ("2027-02-14", False)
    assert ("The last day, 2027-02-14, may be a rest day (the 2027 calendar is not known yet): this time limit is not "
            "moved to the next working day; check it once the holidays of 2027 are published.") in d.calculation()
    weekday = stage(db, make_case(), "investigating", filed_on="2026-11-17")  # Monday 2027-02-15
    assert deadline(db, weekday, "T2", on="2026-12-01").confirmed is True


# ---- 7. no waiver once the statement period has run ---------------------------------------------------------------

def test_the_waiver_is_refused_once_the_statement_period_has_run(db, make_case, table_counts, english):
    case = make_case(status="pre_notice", notice_served_on="2026-11-09", fine_fen=300_000)  # T4 ends 2026-11-16
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="ended on 2026-11-16"):
        procedure.apply(db, case.id, "waive_statement", on_date="2026-11-17", reason="当事人书面放弃")
    assert table_counts(db) == before
    assert "record “Statement period ended (reassessment)” instead" in procedure.date_refusal(db, case, "waive_statement", "2026-11-17")
    assert procedure.apply(db, case.id, "waive_statement", on_date="2026-11-16",
                           reason="当事人书面放弃").status == "decision_pending"


def test_the_waiver_button_opens_its_dialog_once_the_period_ran_out(db, make_case, make_window, english):
    # a waiver received within the period may be entered after it: the dialog judges the day typed
    # (tests/test_s44_transitions.py)
    case = make_case(status="pre_notice", notice_served_on="2026-01-05", fine_fen=300_000)
    window = make_window(db)
    window.open_case(case.id)
    button = window.findChild(QPushButton, "action_waive_statement")
    assert button.isEnabled()
    assert "nothing left to waive" in procedure.date_refusal(db, case, "waive_statement", None)
