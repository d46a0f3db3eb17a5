"""The turn of the year 2026 → 2027, what the first walk (test_year_end) left: a check that counts working days
through 2027 — a year no source gives the holidays of yet — says so whether it allows or refuses (the hearing set by
the 听证通知书, T6; the 强制执行申请书 after the 催告书, T15; the decision after the party's statement period, T4);
the payment dialog's surcharge counted from a payment period ending in 2027 says it as the law panel does; and the
backup schedule, the lead's receipt time and the daily backup message read the program's clock (Beijing time), so
that a moved clock gives one "today" everywhere. Answers worked out by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import move_program_clock, run
from tests.test_year_end import CALENDAR_2027, UNCONFIRMED_STEP
from workstation import procedure, records
from workstation.documents.stage_rules import stage_refusal, stage_warnings
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.workdays import import_year_file, reload_calendars


def _note(period: str, start: str, end: str) -> str:
    return (f"The {period} after {start} run until {end}, counted through 2027, whose holidays are not known yet "
            "(calendar unconfirmed): the holidays of 2027 may move that day, and with it the dates allowed here. "
            "Check it against the State Council's holidays of 2027; adding the holiday file of 2027 counts it again.")


@pytest.fixture
def january_10(monkeypatch):
    """The program's clock reads Sunday 10 January 2027 in Beijing; the calendars are read afresh after the test."""
    move_program_clock(monkeypatch, dt.datetime(2027, 1, 10, 10, 0, tzinfo=records.SHANGHAI))
    yield
    reload_calendars()


def _import_2027(data_dir, tmp_path):
    source = tmp_path / "2027.toml"
    source.write_text(CALENDAR_2027, encoding="utf-8")
    import_year_file(data_dir, source)


def _stage(db, case, status, **dates):
    return update_case(db, replace(get_case(db, case.id), status=status, **dates), allow_status_change=True)


# -- T6: the 听证通知书 -----------------------------------------------------------------------------------------------
# 通知日期 Monday 2026-12-28: 29, 30, 31 December; 1 January (元旦, fixed by law), 2 and 3 (weekend); 4, 5, 6, 7
# January → the seventh working day is Thursday 2027-01-07, counted without the 2027 notice
HEARING_NOTE = _note("7 working days", "2026-12-28", "2027-01-07")


def test_a_hearing_set_seven_working_days_ahead_through_2027_is_issued_with_the_calendar_unconfirmed(
        db, data_dir, tmp_path, make_case, english):
    case = make_case(status="hearing")
    values = {"issued_on": "2026-12-28", "hearing_date": "2027-01-07"}
    assert stage_refusal(db, case, "hearing_notice", values) is None
    assert stage_warnings(db, case, "hearing_notice", values) == [HEARING_NOTE]
    _import_2027(data_dir, tmp_path)
    try:
        assert stage_warnings(db, case, "hearing_notice", values) == []
    finally:
        reload_calendars()


def test_a_hearing_set_too_early_is_refused_naming_the_unconfirmed_count(db, make_case, english):
    case = make_case(status="hearing")
    refusal = stage_refusal(db, case, "hearing_notice", {"issued_on": "2026-12-28", "hearing_date": "2027-01-06"})
    assert refusal == ("The 听证日期 (2027-01-06) is less than seven working days after the 通知日期 (2026-12-28): the "
                       "party is told seven days before the hearing (行政处罚法 arts. 64, 85); hold it on 2027-01-07 or "
                       f"later. {HEARING_NOTE}")


def test_a_hearing_notice_served_in_time_through_2027_is_said_on_its_receipt(db, make_case, english, monkeypatch):
    from workstation.documents import stage_rules

    case = make_case(status="hearing")
    monkeypatch.setattr(stage_rules, "notice_hearing_date", lambda *_args: ("佛南市监听〔2026〕1号",
                                                                          dt.date(2027, 1, 7)))
    values = {"served_on": "2026-12-28", "served_document": "行政处罚听证通知书 佛南市监听〔2026〕1号"}
    # the notice's 文号, issued by the stand-in only, is also told as not issued here (stage_rules._served_unknown)
    assert stage_warnings(db, case, "delivery_receipt", values)[:1] == [HEARING_NOTE]


# -- T15: the 强制执行申请书 -----------------------------------------------------------------------------------------
# 催告书 served Thursday 2026-12-24: 25, 28, 29, 30, 31 December; 4, 5, 6, 7, 8 January → Friday 2027-01-08
DEMAND_NOTE = _note("10 working days", "2026-12-24", "2027-01-08")
# decision served 2026-05-20: its 60 days and 6 months ran on 2026-11-20, the three months of T16 until 2027-02-20
ENFORCEMENT = {"decision_served_on": "2026-05-20", "demand_served_on": "2026-12-24"}


def test_the_court_applied_to_after_ten_working_days_through_2027_is_told_the_calendar_is_unconfirmed(
        db, data_dir, tmp_path, make_case, english, january_10):
    from workstation.store.clock_events import record_clock_event

    case = _stage(db, make_case(fine_fen=500_000), "served", filed_on="2026-03-10", notice_served_on="2026-04-20",
                  decided_on="2026-05-15", served_on="2026-05-20")
    # the 催告书's service the application rests on, recorded (on 2027-01-10, once it happened)
    record_clock_event(db, records.ClockEvent(case_id=case.id, kind="demand", starts_on=ENFORCEMENT["demand_served_on"]))
    values = {**ENFORCEMENT, "signed_on": "2027-01-11"}
    assert stage_refusal(db, case, "enforcement_application", values) is None
    assert DEMAND_NOTE in stage_warnings(db, case, "enforcement_application", values)
    refusal = stage_refusal(db, case, "enforcement_application", {**ENFORCEMENT, "signed_on": "2027-01-08"})
    assert refusal == ("The 申请日期 (2027-01-08) is within the ten working days after the 催告书 was served (2026-12-24), "
                       "which run until 2027-01-08 (行政强制法 art. 54): date the application 2027-01-09 or later. "
                       f"{DEMAND_NOTE}")
    _import_2027(data_dir, tmp_path)
    try:
        assert DEMAND_NOTE not in stage_warnings(db, case, "enforcement_application", values)
    finally:
        reload_calendars()


# -- T4: the party's statement period before the decision ------------------------------------------------------------
# 告知书 served Tuesday 2026-12-29: 30, 31 December; 1 January (元旦), 2 and 3 (weekend); 4, 5, 6 January → five
# working days end on Wednesday 2027-01-06 (counted without the 2027 notice)
STATEMENT_NOTE = _note("5 working days", "2026-12-29", "2027-01-06")


@pytest.fixture
def notified_in_december(db, make_case):
    return _stage(db, make_case(fine_fen=500_000), "pre_notice", filed_on="2026-11-10", notice_served_on="2026-12-29")


def test_the_statement_period_through_2027_says_its_last_day_is_unconfirmed_when_it_refuses_and_allows(
        db, data_dir, tmp_path, notified_in_december, january_10, english):
    case = get_case(db, notified_in_december.id)
    assert procedure.statement_deadline(db, case).due == "2027-01-06"
    refusal = procedure.date_refusal(db, case, "end_statement_period", "2027-01-06")
    assert refusal == ("The party may state, defend and request a hearing until 2027-01-06 (5 working days from the "
                       "service of the notice on 2026-12-29): only from the day after may the case go on without "
                       "them, unless the party expressly waived these rights (Penalty Law arts. 45, 62, 64). "
                       f"{STATEMENT_NOTE}")
    assert procedure.date_refusal(db, case, "end_statement_period", "2027-01-07") is None
    assert procedure.count_warning(db, case, "end_statement_period", "2027-01-07") == STATEMENT_NOTE
    assert procedure.count_warning(db, case, "decide_penalty", "2027-01-08") == STATEMENT_NOTE
    # two weeks after the period's last day no holiday of 2027 could have moved it past the date: nothing to say
    assert procedure.count_warning(db, case, "decide_penalty", "2027-01-20") == STATEMENT_NOTE
    assert procedure.count_warning(db, case, "decide_penalty", "2027-01-21") is None
    _import_2027(data_dir, tmp_path)
    assert procedure.count_warning(db, case, "end_statement_period", "2027-01-07") is None


def test_the_command_line_warns_of_the_statement_period_counted_through_2027(
        db, data_dir, notified_in_december, january_10, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", notified_in_december.case_number,
                         "end_statement_period", "--date", "2027-01-07")
    assert code == 0, err
    assert f"Warning: {STATEMENT_NOTE}" in out.splitlines()


@pytest.mark.gui
def test_the_step_dialog_asks_to_tick_the_unconfirmed_statement_period(
        db, notified_in_december, january_10, qtbot, english):
    from ui.transition_dialog import TransitionDialog, with_count_warning

    case = get_case(db, notified_in_december.id)
    transition = procedure.BY_NAME["end_statement_period"]
    dialog = TransitionDialog(transition, warning=with_count_warning(db, case, transition.name, None))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2027-01-07", "yyyy-MM-dd"))
    assert dialog.warning_label.text() == STATEMENT_NOTE and dialog.acknowledge.isVisibleTo(dialog)
    dialog.acknowledge.setChecked(True)
    assert dialog.recorded()[1] == ("Recorded on a count of working days through a year without holiday data "
                                    "(calendar unconfirmed).")


# -- the payment dialog's surcharge ----------------------------------------------------------------------------------
@pytest.fixture
def served_in_december(db, make_case):
    # as test_year_end: fine ¥50,000, served Thursday 2026-12-17, T8 ends Monday 2027-01-04 (unconfirmed); paid on
    # 2027-01-10: 6 days × 3 % × ¥50,000 = ¥9,000
    return _stage(db, make_case(fine_fen=5_000_000), "served", filed_on="2026-11-10", notice_served_on="2026-11-20",
                  decided_on="2026-12-17", served_on="2026-12-17")


def test_what_is_owed_after_a_payment_period_ending_in_2027_says_its_last_day_is_unconfirmed(
        db, data_dir, tmp_path, served_in_december, january_10, english):
    from workstation.payments import owed

    owing = owed(db, get_case(db, served_in_december.id), "2027-01-10")
    assert (owing.due, owing.days_late, owing.surcharge_fen, owing.unconfirmed) == (
        "2027-01-04", 6, 900_000, UNCONFIRMED_STEP)
    assert owed(db, get_case(db, served_in_december.id), "2027-01-04").unconfirmed == ""  # paid in time: no surcharge
    _import_2027(data_dir, tmp_path)
    assert owed(db, get_case(db, served_in_december.id), "2027-01-10").unconfirmed == ""


@pytest.mark.gui
def test_the_payment_dialog_says_the_surcharge_it_prefills_rests_on_an_unconfirmed_day(
        db, served_in_december, january_10, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check

    case = get_case(db, served_in_december.id)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2027-01-10", "yyyy-MM-dd"))
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("59000.00", "9000.00")
    assert dialog.surcharge_unconfirmed.text() == UNCONFIRMED_STEP
    assert dialog.surcharge_unconfirmed.isVisibleTo(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2027-01-04", "yyyy-MM-dd"))  # paid on the last day
    assert dialog.surcharge.text() == "" and not dialog.surcharge_unconfirmed.isVisibleTo(dialog)


# -- the program's clock, Beijing time -------------------------------------------------------------------------------
# a laptop set to UTC at 23:30 on 31 December 2026: in Beijing it is 07:30 on 1 January 2027
NEW_YEAR = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)


def test_the_backup_schedule_reads_the_programs_clock(data_dir, monkeypatch):
    from workstation.backup import days_since_backup, due_backup, save_backup_settings

    save_backup_settings(data_dir, last_backup="2026-12-31T08:00:00+08:00")
    move_program_clock(monkeypatch, NEW_YEAR)  # 23.5 hours later
    assert (due_backup(data_dir), days_since_backup(data_dir)) == (False, 0)
    move_program_clock(monkeypatch, dt.datetime(2027, 1, 10, 9, 0, tzinfo=records.SHANGHAI))
    assert (due_backup(data_dir), days_since_backup(data_dir)) == (True, 10)
    save_backup_settings(data_dir, last_backup="2027-01-10T08:00:00")  # written without its offset: Beijing time
    assert (due_backup(data_dir), days_since_backup(data_dir)) == (False, 0)


def test_a_lead_received_just_now_on_new_years_morning_in_beijing_is_not_in_the_future(monkeypatch, english):
    from workstation.leads_register import received_time

    move_program_clock(monkeypatch, NEW_YEAR)
    assert received_time("2027-01-01 07:00") == "2027-01-01T07:00:00+08:00"
    with pytest.raises(ValueError, match=r"2027-01-01 08:00 is in the future \(now: 2027-01-01 07:30\)"):
        received_time("2027-01-01 08:00")


@pytest.mark.gui
def test_a_new_lead_is_received_now_by_the_programs_clock(db, prompts, qtbot, monkeypatch):
    from ui.lead_dialog import LeadDialog

    move_program_clock(monkeypatch, NEW_YEAR)
    dialog = LeadDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.received_at.dateTime().toString("yyyy-MM-dd HH:mm") == "2027-01-01 07:30"


@pytest.mark.gui
def test_the_stale_backup_message_is_said_once_a_beijing_day(db, make_window, monkeypatch):
    from ui.backup_dialogs import maybe_backup
    from workstation.backup import save_backup_settings

    window = make_window(db)
    move_program_clock(monkeypatch, NEW_YEAR)
    # nine days without a backup, and a backup folder that is a file: the automatic backup fails
    not_a_folder = window.data_dir / "not_a_folder"
    not_a_folder.write_text("", encoding="utf-8")
    save_backup_settings(window.data_dir, folder=str(not_a_folder), last_backup="2026-12-23T07:00:00+08:00")
    assert maybe_backup(window) is True
    assert len(window.prompts.errors) == 1 and window.stale_backup_said == "2027-01-01"
    maybe_backup(window)  # an hour later, the same Beijing day: not said again
    assert len(window.prompts.errors) == 1
