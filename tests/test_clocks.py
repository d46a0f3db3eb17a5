"""Statutory clocks: REFERENCE §9's worked examples through the case store, events that stop and extend the
clocks, the board, bad events refused with nothing changed, and the `clocks` command."""

import json
from dataclasses import replace

import pytest

from tests.helpers import holiday_file_2027
from workstation import clocks, procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import case_timeline, update_case
from workstation.store.clock_events import delete_clock_event, end_clock_event, record_clock_event


def deadline(db, case, clock_id, on="2026-01-05"):
    found = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock_id]
    assert len(found) == 1, [d.clock for d in clocks.case_clocks(db, get_case(db, case.id), on=on)]
    return found[0]


def stage(db, case, status, **dates):
    """Put the case in ``status`` with its key dates as an imported register would."""
    case = get_case(db, case.id)
    return update_case(db, replace(case, status=status, **dates), allow_status_change=True)


def extension(case, clock_id, days, approved_on="2026-03-15", approved_by="局长"):
    return ClockEvent(case_id=case.id, kind="extension", clock=clock_id, days=days, starts_on=approved_on,
                      approved_on=approved_on, approved_by=approved_by)


@pytest.mark.parametrize(("received", "due"), [("2026-02-10", "2026-03-09"), ("2026-03-02", "2026-03-23")])
def test_t1_verification_counts_working_days_with_make_up_saturdays(db, make_case, received, due):
    case = make_case(lead_received_on=received)
    d = deadline(db, case, "T1", on=received)
    assert (d.due, d.state, d.confirmed) == (due, "open" if d.days_left > 7 else "due_soon", True)


def test_t1_extended_by_fifteen_working_days_with_approval(db, make_case, english):
    case = make_case(lead_received_on="2026-02-10")
    record_clock_event(db, extension(case, "T1", 15, approved_on="2026-03-05"))
    d = deadline(db, case, "T1", on="2026-03-10")
    assert d.due == "2026-03-30"
    assert d.calculation().splitlines()[:4] == [
        "Counted 15 working days from the day after 2026-02-10 (lead registration date).",
        "Statutory period ends on 2026-03-09.",
        "Extended by 15 working days, approved on 2026-03-05 by 局长.",
        "Deadline: 2026-03-30."]


def test_t2_ninety_days_from_filing_moved_by_extension_and_appraisal(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    assert deadline(db, case, "T2").due == "2026-06-08"
    record_clock_event(db, extension(case, "T2", 30, approved_on="2026-05-30"))
    assert deadline(db, case, "T2").due == "2026-07-08"
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-01",
                                      ends_on="2026-04-20", note="委托鉴定"))
    d = deadline(db, case, "T2", on="2026-05-01")
    assert d.due == "2026-07-28"
    assert d.source.startswith("《行政处罚法》第六十条")


def test_overlapping_suspension_and_testing_count_once_and_an_extension_still_adds(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-01", ends_on="2026-04-20"))
    procedure.apply(db, case.id, "suspend", on_date="2026-04-11", reason="当事人下落不明")
    procedure.apply(db, case.id, "resume", on_date="2026-05-01")
    record_clock_event(db, extension(case, "T2", 30, approved_on="2026-05-30"))
    # 2026-04-01 … 04-30 is one stop of 30 days, whatever overlaps inside it
    assert deadline(db, case, "T2", on="2026-05-01").due == "2026-08-07"


def test_an_interval_beyond_the_unextended_deadline_still_counts_after_an_extension(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    record_clock_event(db, extension(case, "T2", 30, approved_on="2026-05-30"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-06-20", ends_on="2026-06-29"))
    assert deadline(db, case, "T2", on="2026-06-01").due == "2026-07-18"


def test_suspend_and_resume_stop_the_ninety_days_and_show_on_the_timeline(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="当事人下落不明")
    stopped = deadline(db, case, "T2", on="2026-04-15")
    assert (stopped.state, stopped.due, stopped.days_left) == ("stopped", None, 69)  # 21 of 90 days used
    assert stopped in clocks.board(db, on="2026-04-15")
    procedure.apply(db, case.id, "resume", on_date="2026-04-21")
    resumed = deadline(db, case, "T2", on="2026-04-21")
    assert (resumed.state, resumed.due) == ("open", "2026-06-28")  # 2026-04-01 … 04-20: 20 days not counted
    texts = [e.text for e in case_timeline(db, get_case(db, case.id)) if e.kind == "stopped"]
    assert texts == ["Case suspended from 2026-04-01 to 2026-04-20 (20 days)"]


@pytest.mark.parametrize(("served", "due"), [("2026-04-30", "2026-05-11"), ("2026-09-30", "2026-10-13")])
def test_t4_statement_and_hearing_request_five_working_days(db, make_case, served, due):
    case = stage(db, make_case(), "pre_notice", filed_on="2026-03-10", notice_served_on=served)
    d = deadline(db, case, "T4", on=served)
    assert d.due == due
    assert deadline(db, case, "T4", on="2026-12-01").state == "expired"


def test_t7_service_of_the_decision_seven_working_days(db, make_case):
    case = stage(db, make_case(), "penalty_decided", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-15")
    d = deadline(db, case, "T7", on="2026-06-26")
    assert (d.due, d.state, d.days_left) == ("2026-06-25", "overdue", -1)


@pytest.mark.parametrize(("served", "due", "rolled"), [("2026-06-01", "2026-06-16", False),
                                                       ("2026-09-18", "2026-10-08", True)])
def test_t8_payment_fifteen_days_rolls_past_a_holiday(db, make_case, served, due, rolled, english):
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on=served, served_on=served)
    d = deadline(db, case, "T8", on=served)
    assert d.due == due
    assert ("2026-10-03 is not a working day" in d.calculation()) is rolled


def test_party_remedies_and_court_enforcement(db, make_case):
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    assert deadline(db, case, "T10").due == "2026-07-31"
    assert deadline(db, case, "T11").due == "2026-12-01"
    assert deadline(db, case, "T16").due == "2027-03-01"
    assert "T10" not in {d.clock for d in clocks.board(db, on="2026-06-02")}


def test_a_warning_alone_has_no_payment_or_court_enforcement_deadline(db, make_case):
    # a served decision with neither fine nor confiscation: nothing to pay, nothing to enforce, nothing overdue
    case = stage(db, make_case(), "served", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    for clock_id in ("T8", "T16"):
        d = deadline(db, case, clock_id, on="2026-11-30")
        assert d.state == "not_applicable" and d.due is None
    assert "仅给予警告的" in deadline(db, case, "T8", on="2026-11-30").calculation()
    assert deadline(db, case, "T10", on="2026-06-02").due == "2026-07-31"  # the party's remedies remain
    assert not {"T8", "T16"} & {d.clock for d in clocks.board(db, on="2026-11-30") if d.case_id == case.id}


def test_payment_deferral_replaces_the_payment_deadline(db, make_case):
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10",
                                      ends_on="2026-08-31", approved_on="2026-06-05", approved_by="局长", note="经批准分期缴纳"))
    assert deadline(db, case, "T8").due == "2026-08-31"


def test_a_clock_running_without_its_start_date_is_reported_not_dropped(db, make_case, english):
    case = stage(db, make_case(), "investigating")
    d = deadline(db, case, "T2")
    assert (d.state, d.due) == ("missing", None)
    assert "no filing date" in d.calculation()
    assert d in clocks.board(db, on="2026-01-05")


def test_met_and_late_deadlines_stay_on_the_case(db, make_case):
    case = stage(db, make_case(lead_received_on="2026-02-10"), "investigating", filed_on="2026-03-12")
    t1 = deadline(db, case, "T1", on="2026-04-01")
    assert (t1.state, t1.due, t1.done_on) == ("late", "2026-03-09", "2026-03-12")
    assert "T1" not in {d.clock for d in clocks.board(db, on="2026-04-01")}


def test_a_deadline_in_a_year_without_holiday_data_is_marked_unconfirmed_until_its_file_arrives(db, make_case,
                                                                                                data_dir):
    case = make_case(lead_received_on="2026-12-28")
    d = deadline(db, case, "T1", on="2026-12-28")
    assert (d.due, d.confirmed) == ("2027-01-19", False)  # Friday 2027-01-01 is 元旦 by law, even without data
    with holiday_file_2027(data_dir, "元旦", "2027-01-01", "2027-01-03"):
        d = deadline(db, case, "T1", on="2026-12-28")
        assert (d.due, d.confirmed) == ("2027-01-19", True)
    with holiday_file_2027(data_dir, "元旦", "2027-01-01", "2027-01-04"):  # a file is counted as it says: Monday
        assert deadline(db, case, "T1", on="2026-12-28").due == "2027-01-20"  # 4 January off too, a day later


def test_event_clocks_seizure_with_extension_and_hearing_notice_before_the_hearing(db, make_case):
    case = stage(db, make_case(), "hearing", filed_on="2026-03-10", notice_served_on="2026-04-30")
    seizure = record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-03-20"))
    record_clock_event(db, extension(case, "T14", 30, approved_on="2026-04-10"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-05-20"))
    by_clock = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-05-01")}
    assert by_clock["T14"].due == "2026-05-19"
    assert by_clock["T6"].due == "2026-05-11"  # seven working days before the hearing (May 9 is a make-up day)
    end_clock_event(db, seizure.id, "2026-05-10")
    assert deadline(db, case, "T14", on="2026-05-11").state == "met"


@pytest.mark.parametrize(("event", "field", "message"), [
    (dict(kind="suspension", starts_on="2026-03-01"), "starts_on", "before the filing of the case (2026-03-10)"),
    (dict(kind="extension", clock="T2", days=30, starts_on="2026-05-01", approved_by="局长"), "approved_on",
     "needs the date it was approved"),
    (dict(kind="extension", clock="T2", days=30, starts_on="", approved_on="2026-05-01"), "approved_by", "who approved"),
    (dict(kind="extension", clock="T4", days=5, starts_on="", approved_on="2026-05-01", approved_by="局长"),
     "clock",
     "time limit that is extended"),
    (dict(kind="suspension", starts_on="2026-04-20", ends_on="2026-04-01"), "ends_on",
     "cannot end (2026-04-01) before it begins (2026-04-20)"),
    (dict(kind="testing", starts_on="2026-02-30"), "starts_on", "2026-02-30"),
    (dict(kind="deferral", starts_on="2026-06-10"), "ends_on", "deferred"),
])
def test_bad_clock_events_are_refused_with_the_field_and_change_nothing(db, make_case, english, event, field,
                                                                       message):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    before = db.execute("SELECT (SELECT COUNT(*) FROM clock_events), (SELECT COUNT(*) FROM audit)").fetchone()
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, **event))
    assert message in refused.value.errors[field]
    assert db.execute("SELECT (SELECT COUNT(*) FROM clock_events), (SELECT COUNT(*) FROM audit)").fetchone() == before


def test_a_suspension_dated_before_filing_refuses_the_transition(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    with pytest.raises(TransitionRefused, match="before the latest step of the case \\(Case filed, 2026-03-10\\)"):
        procedure.apply(db, case.id, "suspend", on_date="2026-03-01", reason="x")
    assert get_case(db, case.id).status == "investigating"


def test_a_second_running_suspension_is_refused(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="x")
    with pytest.raises(ValidationError, match="already running since 2026-04-01"):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="suspension", starts_on="2026-04-05"))
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "suspend", on_date="2026-04-05", reason="y")


def test_removing_an_event_needs_a_reason_and_is_kept_on_the_timeline(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-04-01",
                                              ends_on="2026-04-20"))
    with pytest.raises(ValidationError):
        delete_clock_event(db, event.id, " ")
    delete_clock_event(db, event.id, "录入错误")
    assert deadline(db, case, "T2").due == "2026-06-08"
    notes = [e.note for e in case_timeline(db, get_case(db, case.id))]
    assert any(n.startswith("Removed:") and n.endswith("录入错误") for n in notes)


def test_the_board_orders_filters_by_due_date_and_agency(demo_db):
    board = clocks.board(demo_db, on="2026-11-29")
    assert board and all(d.open for d in board)
    dues = [d.due for d in board if d.due]
    assert dues == sorted(dues)
    soon = clocks.board(demo_db, on="2026-11-29", due_within=7)
    assert soon and all(d.days_left is None or d.days_left <= 7 for d in soon)
    assert len(soon) < len(board)
    first_case = next(d for d in board if d.case_id)  # not a lead's or an interview's
    nanhai = clocks.board(demo_db, on="2026-11-29", agency_id=procedure.get_case(demo_db, first_case.case_id).agency_id)
    assert {d.case_id for d in nanhai} < {d.case_id for d in board}
    leads = [d for d in board if d.lead_id]
    # the three leads received last, still undecided: two ran out by then, the last is due the next day
    assert [(d.clock, d.due, d.state) for d in leads] == [("T1", "2026-11-20", "overdue"), ("T1", "2026-11-25", "overdue"),
                                                          ("T1", "2026-11-30", "due_soon")]


def test_clocks_command_json(demo_db, data_dir, capsys):
    from workstation.cli import main

    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--due-within", "7", "--as-of",
                 "2026-11-29"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result and {"case_number", "clock", "title", "due", "state", "calculation", "source"} <= set(result[0])
    assert all(r["days_left"] is None or r["days_left"] <= 7 for r in result)
    assert main(["clocks", "--data-dir", str(data_dir), "--as-of", "2026-02-30"]) == 1
    assert "2026-02-30" in capsys.readouterr().err


def test_transfer_to_police_clocks_in_days_and_hours(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="transfer_report", starts_on="2026-04-17"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="transfer_approved", starts_on="2026-04-20",
                                      approved_by="张局长"))
    by_clock = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-04-20")}
    assert by_clock["T25"].due == "2026-04-20"  # three days, unit unconfirmed: counted as calendar days
    assert "Unconfirmed:" in by_clock["T25"].calculation()
    assert (by_clock["T26"].due, by_clock["T26"].state) == ("2026-04-21", "due_soon")
    assert by_clock["T26"].calculation().startswith("Counted 24 hours from 2026-04-20 (Head approved the transfer)")
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    t26 = deadline(db, case, "T26", on="2026-04-22")
    assert (t26.state, t26.done_on) == ("met", "2026-04-21")  # met by the transfer itself


def test_an_extension_approved_after_the_time_limit_ran_out_is_refused(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T2", 30, approved_on="2026-06-09"))
    assert refused.value.errors == {"approved_on": "The time limit ran out on 2026-06-08: an extension must be "
                                                   "approved before then."}
    record_clock_event(db, extension(case, "T2", 30, approved_on="2026-06-08"))
    assert deadline(db, case, "T2").due == "2026-07-08"


def test_court_enforcement_counts_from_the_end_of_an_approved_deferral(db, make_case, english):
    # Penalty Law art. 72: with 暂缓/分期 the three months of T16 run from the end of the deferral
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10",
                                      ends_on="2027-01-31", approved_on="2026-06-05", approved_by="局长", note="经批准分期缴纳，末期2027-01-31"))
    t16 = deadline(db, case, "T16", on="2026-06-11")
    assert t16.due == "2027-04-30"  # 2027-01-31 + 3 months; April has no 31st
    assert "deferred or allowed in instalments with approval until 2027-01-31" in t16.calculation()


def test_a_deferral_ending_within_the_litigation_period_leaves_court_enforcement_alone(db, make_case):
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10",
                                      ends_on="2026-08-31", approved_on="2026-06-05", approved_by="局长"))
    assert deadline(db, case, "T8").due == "2026-08-31"
    assert deadline(db, case, "T16").due == "2027-03-01"


def test_a_payment_deadline_in_a_year_without_holiday_data_is_unconfirmed(db, make_case, data_dir, english):
    # served Thu 2027-09-16: +15 days = Fri 2027-10-01, 国庆节 by law: moved to Monday 2027-10-04, which only the
    # 2027 notice can tell is not a bridging holiday
    case = stage(db, make_case(), "served", fine_fen=500_000, filed_on="2027-03-10", notice_served_on="2027-05-06",
                 decided_on="2027-09-16", served_on="2027-09-16")
    d = deadline(db, case, "T8", on="2027-09-17")
    assert (d.due, d.confirmed) == ("2027-10-04", False)
    assert "2027-10-01 is not a working day: the deadline moves to the next working day." in d.calculation()
    assert "whether that day is a holiday (and the deadline moves) could not be checked" in d.calculation()
    with holiday_file_2027(data_dir, "国庆节", "2027-10-01", "2027-10-07"):
        d = deadline(db, case, "T8", on="2027-09-17")
        assert (d.due, d.confirmed) == ("2027-10-08", True)


def test_a_case_time_limit_ending_on_a_holiday_is_flagged_not_moved(db, make_case, english):
    # filed 2026-07-03: day 90 is 2026-10-01 (国庆); internal limits are flagged only (REFERENCE §1.2 rule 3)
    case = stage(db, make_case(), "investigating", filed_on="2026-07-03")
    d = deadline(db, case, "T2", on="2026-07-04")
    assert (d.due, d.confirmed) == ("2026-10-01", True)
    assert ("2026-10-01 is not a working day: this time limit is not moved to the next working day; the last "
            "working day before it is 2026-09-30.") in d.calculation().splitlines()
    assert "is not a working day" not in deadline(db, stage(db, make_case(), "investigating",
                                                            filed_on="2026-03-10"), "T2").calculation()


def test_the_head_extends_the_case_limit_by_thirty_days_at_most_and_a_further_extension_follows(db, make_case,
                                                                                                english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T2", 60, approved_on="2026-05-30"))
    assert "A first extension of T2 may be at most 30 days" in refused.value.errors["days"]
    record_clock_event(db, extension(case, "T2", 30, approved_on="2026-05-30"))
    assert deadline(db, case, "T2").due == "2026-07-08"
    # still not decidable: the heads decide collectively on a further, reasonable period
    record_clock_event(db, extension(case, "T2", 20, approved_on="2026-07-01", approved_by="局务会集体讨论"))
    assert deadline(db, case, "T2").due == "2026-07-28"


def test_a_seizure_is_extended_by_thirty_days_at_most(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-03-20"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T14", 31, approved_on="2026-04-10"))
    assert "T14 may be extended once, by at most 30 days" in refused.value.errors["days"]
    record_clock_event(db, extension(case, "T14", 30, approved_on="2026-04-10"))
    assert deadline(db, case, "T14", on="2026-04-11").due == "2026-05-19"


def test_the_verification_period_is_extended_only_once_by_fifteen_working_days(db, make_case, english):
    case = make_case(lead_received_on="2026-02-10")
    record_clock_event(db, extension(case, "T1", 15, approved_on="2026-03-05"))
    assert deadline(db, case, "T1", on="2026-03-10").due == "2026-03-30"
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T1", 5, approved_on="2026-03-20"))
    assert refused.value.errors["days"].startswith(
        "T1 was already extended once, by 15 working days (approved on 2026-03-05 by 局长); the rules allow a single "
        "extension of at most 15 working days (approval of the head of the market regulation department).")
    assert deadline(db, case, "T1", on="2026-03-10").due == "2026-03-30"


def test_a_clock_counted_into_a_year_without_holiday_data_names_that_year_and_the_file_to_add(db, make_case, data_dir,
                                                                                            english):
    # 15 working days from Sunday 2026-12-20: 2027 is counted Monday to Friday less the holidays the law fixes by
    # date, so Friday 2027-01-01 (元旦) does not count: Dec 21-25, 28-31, Jan 4-8, Jan 11
    case = make_case(lead_received_on="2026-12-20")
    d = deadline(db, case, "T1", on="2026-12-21")
    assert (d.due, d.confirmed) == ("2027-01-11", False)
    note = clocks.calendar_note([d], data_dir)
    assert "no holiday data for 2027" in note
    # s62: all thirteen statutory holidays are deducted, those on lunar dates on the festivals' data's days
    lunar = ("and the holidays on lunar dates, in 2027: Spring Festival (2027-02-05 – 2027-02-08), Qingming Festival "
             "(2027-04-05), Dragon Boat Festival (2027-06-09), Mid-Autumn Festival (2027-09-15) (their days from the "
             "program's festival data, not official)")
    assert "except the statutory holidays, New Year's Day (1 January), Labour Day (1–2 May), National " \
        "Day (1–3 October), " + lunar in note  # named in English in English
    assert "bridging days and make-up working days are not known" in note
    assert ("Monday to Friday were counted as working days except the statutory holidays (New Year's "
            "Day (1 January), Labour Day (1–2 May), National Day (1–3 October), " + lunar + "); check the result."
            ) in d.calculation()
    assert str(data_dir / "calendar" / "2027.toml") in note and "2026.toml" in note  # the file, and one to copy
    with holiday_file_2027(data_dir, "元旦", "2027-01-01", "2027-01-03"):
        d = deadline(db, case, "T1", on="2026-12-21")
        assert (d.due, d.confirmed, clocks.calendar_note([d], data_dir)) == ("2027-01-11", True, "")


def test_the_clocks_command_marks_unconfirmed_deadlines_and_names_a_bad_holiday_file(db, make_case, data_dir,
                                                                                     capsys, english):
    from workstation.cli import main

    case = make_case(lead_received_on="2026-12-20")
    stage(db, case, "pending_filing")
    with holiday_file_2027(data_dir, "元旦", "2027-02-30", "2027-02-30"):  # an impossible date on line 5
        assert main(["clocks", "--data-dir", str(data_dir), "--case", case.case_number, "--as-of",
                     "2026-12-21"]) == 0
        out, err = capsys.readouterr()
    t1 = next(line for line in out.splitlines() if " T1 " in line)
    assert t1.startswith("2027-01-11") and "(calendar unconfirmed)" in t1
    assert "2027.toml, line 5:" in err and "the file was ignored" in err
    assert "no holiday data for 2027" in err and str(data_dir / "calendar" / "2027.toml") in err


@pytest.mark.parametrize("status", ["investigating", "pre_notice"])
def test_a_case_before_its_decision_lists_no_court_enforcement_clock_as_not_computable(db, make_case, status):
    # T16 counts from the end of T11, which starts with the service of the decision: before it, nothing runs
    case = stage(db, make_case(), status, filed_on="2026-09-23", notice_served_on="2026-11-09")
    found = {d.clock: d.state for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-01")}
    assert "missing" not in found.values(), found
    assert found["T2"] == "open" and "T16" not in found
