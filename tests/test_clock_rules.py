"""The clock rules left open by earlier reviews: a lead's T1 extended with approval (its deadline, the board, the
statistics and the case filed from it follow), clock events dated after today or before their clock started
refused, T7 and T18 not applicable to decisions they do not concern, and a further T2 extension decided only by
the heads' collective discussion."""

import json
from dataclasses import replace

import pytest

from tests.helpers import undecided_lead
from tests.test_cli import run_json
from workstation import clocks
from workstation.errors import TransitionRefused, ValidationError
from workstation.leads_workflow import (
    decide_lead,
    extend_lead,
    file_case_from_lead,
    get_lead_row,
    lead_extension_errors,
)
from workstation.records import ClockEvent, today
from workstation.stats import campaign_stats
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区


def assigned_lead(db, on="2026-03-02") -> str:
    return undecided_lead(db, LEAD, agency_code="440604", assigned_on=on)


def lead_t1(db, lead, on):
    return next(d for d in clocks.board(db, on=on) if d.lead_id == lead)


def counts(db):
    return db.execute("SELECT (SELECT COUNT(*) FROM clock_events), (SELECT COUNT(*) FROM audit), "
                      "(SELECT extension_days FROM leads WHERE id = ?)", [LEAD]).fetchone()


def stage(db, case, status, **dates):
    case = get_case(db, case.id)
    return update_case(db, replace(case, status=status, **dates), allow_status_change=True)


def extension(case, clock_id, days, approved_on, approved_by="局长"):
    return ClockEvent(case_id=case.id, kind="extension", clock=clock_id, days=days, starts_on=approved_on,
                      approved_on=approved_on, approved_by=approved_by)


# 1. a lead's T1 extended ---------------------------------------------------------------------------------------
def test_an_approved_extension_moves_the_leads_deadline_on_the_board_and_in_the_command(demo_db, data_dir, capsys,
                                                                                       english):
    lead = assigned_lead(demo_db)
    assert lead_t1(demo_db, lead, "2026-03-20").due == "2026-03-23"
    extend_lead(demo_db, lead, 15, "2026-03-20", "局长 张三")
    row = get_lead_row(demo_db, lead)
    assert (row["extension_days"], row["extension_approved_on"], row["extension_approved_by"]) == (
        15, "2026-03-20", "局长 张三")
    d = lead_t1(demo_db, lead, "2026-03-25")
    assert (d.due, d.state) == ("2026-04-14", "open")  # 15 more working days (Qingming 04-04 … 04-06 skipped)
    assert "Extended by 15 working days, approved on 2026-03-20 by 局长 张三." in d.calculation()
    shown = run_json(capsys, "--data-dir", data_dir, "clocks", "--as-of", "2026-03-25")
    assert next(r for r in shown if r["lead_id"] == lead)["due"] == "2026-04-14"


def test_a_lead_decided_within_its_extended_period_counts_as_in_time(demo_db):
    lead = assigned_lead(demo_db)
    extend_lead(demo_db, lead, 15, "2026-03-20", "局长")
    decide_lead(demo_db, lead, "not_file", on="2026-04-10", reason="未发现违法行为")
    stats = campaign_stats(demo_db)
    assert (stats["leads"]["decided"], stats["leads"]["in_time"]) == (28, 28)  # with the demo's 27 others


def test_the_case_filed_from_an_extended_lead_keeps_the_extension(demo_db):
    lead = assigned_lead(demo_db)
    extend_lead(demo_db, lead, 10, "2026-03-20", "局长")
    case = file_case_from_lead(demo_db, lead)
    t1 = next(d for d in clocks.case_clocks(demo_db, get_case(demo_db, case.id), on="2026-03-31") if d.clock == "T1")
    assert (t1.start, t1.due) == ("2026-03-02", "2026-04-07")  # 10 working days after 03-23


@pytest.mark.parametrize(("days", "approved_on", "approved_by", "field", "message"), [
    (16, "2026-03-20", "局长", "days", "T1 may be extended once, by at most 15 working days (approval of the head of the "
                                   "market regulation department)"),
    (0, "2026-03-20", "局长", "days", "by how many days"),
    (15, "2026-03-20", " ", "approved_by", "Enter who approved the extension (approval of the head of the market "
                                         "regulation department)"),
    (15, "", "局长", "approved_on", "needs the date it was approved"),
    (15, "2026-02-27", "局长", "approved_on", "T1 started on 2026-03-02: an extension cannot be approved before"),
    (15, "2026-03-24", "局长", "approved_on", "The time limit ran out on 2026-03-23"),
    (15, "2099-01-05", "局长", "approved_on", "2099-01-05 is after today"),
])
def test_a_bad_lead_extension_is_refused_naming_the_field_and_changes_nothing(demo_db, english, days, approved_on,
                                                                            approved_by, field, message):
    lead = assigned_lead(demo_db)
    before = counts(demo_db)
    with pytest.raises(ValidationError) as refused:
        extend_lead(demo_db, lead, days, approved_on, approved_by)
    assert message in refused.value.errors[field]
    assert counts(demo_db) == before


def test_a_decided_lead_cannot_be_extended(demo_db, english):
    lead = assigned_lead(demo_db)
    decide_lead(demo_db, lead, "not_file", on="2026-03-10", reason="未发现违法行为")
    with pytest.raises(TransitionRefused, match="already decided"):
        extend_lead(demo_db, lead, 15, "2026-03-12", "局长")
    assert "status" in lead_extension_errors(demo_db, get_lead_row(demo_db, lead), 15, "2026-03-12", "局长")


def test_a_lead_is_extended_once_and_a_second_extension_is_refused(demo_db, english):
    lead = assigned_lead(demo_db)
    extend_lead(demo_db, lead, 10, "2026-03-20", "局长 张三")
    assert lead_t1(demo_db, lead, "2026-03-25").due == "2026-04-07"
    before = counts(demo_db)
    with pytest.raises(ValidationError) as refused:  # recorded over the first, it would have cut 10 days to 5
        extend_lead(demo_db, lead, 5, "2026-03-20", "局长 李四")
    assert refused.value.errors["days"].startswith(
        "T1 was already extended once, by 10 working days (approved on 2026-03-20 by 局长 张三); the rules allow a "
        "single extension of at most 15 working days")
    assert counts(demo_db) == before and lead_t1(demo_db, lead, "2026-03-25").due == "2026-04-07"


def test_the_recorded_lead_extension_is_corrected_as_a_correction(demo_db):
    lead = assigned_lead(demo_db)
    extend_lead(demo_db, lead, 10, "2026-03-20", "局长")
    extend_lead(demo_db, lead, 15, "2026-03-19", "局长 张三", correct=True)
    row = get_lead_row(demo_db, lead)
    assert (row["extension_days"], row["extension_approved_on"], row["extension_approved_by"]) == (
        15, "2026-03-19", "局长 张三")
    actions = [r[0] for r in demo_db.execute("SELECT action FROM audit WHERE entity = 'lead' AND entity_id = ? "
                                             "ORDER BY seq", [lead])]
    assert actions[-2:] == ["extend", "correct_extension"]
    assert lead_t1(demo_db, lead, "2026-03-25").due == "2026-04-14"


def test_a_case_t1_is_extended_once_and_a_second_extension_is_refused_naming_the_recorded_one(db, make_case,
                                                                                             english):
    case = make_case(lead_received_on="2026-02-10")
    record_clock_event(db, extension(case, "T1", 10, "2026-03-05", approved_by="局长 张三"))
    due = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1").due
    before = counts(db)
    with pytest.raises(ValidationError) as refused:  # 10 + 5 stays within 15, but the rules allow one extension
        record_clock_event(db, extension(case, "T1", 5, "2026-03-06", approved_by="局长 李四"))
    assert refused.value.errors["days"].startswith(
        "T1 was already extended once, by 10 working days (approved on 2026-03-05 by 局长 张三); the rules allow a "
        "single extension of at most 15 working days (approval of the head of the market regulation department).")
    assert counts(db) == before
    assert next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1").due == due


def test_only_the_verification_period_is_extended_once_the_others_keep_their_rules():
    # T14 too: a seal-up or seizure is extended once (行政强制法 art. 25; tests/test_s47_seizure_clock.py); T2's
    # further extension and T3 unchanged
    assert [r.id for r in clocks.rules() if r.extension_once] == ["T1", "T14"]


def test_the_case_filed_from_an_extended_lead_is_not_extended_again(demo_db, english):
    lead = assigned_lead(demo_db)
    extend_lead(demo_db, lead, 10, "2026-03-20", "局长")
    case = file_case_from_lead(demo_db, lead)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(demo_db, extension(case, "T1", 5, "2026-03-26"))
    assert "T1 was already extended once, by 10 working days (approved on 2026-03-20 by 局长)" in \
        refused.value.errors["days"]


def test_the_recorded_case_extension_is_corrected_as_a_correction(db, make_case, english):
    from workstation.store.cases import case_timeline
    from workstation.store.clock_events import correct_extension

    case = make_case(lead_received_on="2026-02-10")
    recorded = record_clock_event(db, extension(case, "T1", 10, "2026-03-05", approved_by="局长"))
    corrected = correct_extension(db, recorded.id, 15, "2026-03-04", "局长 张三")
    assert (corrected.id, corrected.days, corrected.approved_on, corrected.approved_by) == (
        recorded.id, 15, "2026-03-04", "局长 张三")
    t1 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1")
    assert t1.due == "2026-03-30" and "approved on 2026-03-04 by 局长 张三" in t1.calculation()
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone()[0] == 1
    assert db.execute("SELECT action FROM audit WHERE entity = 'clock_event' AND entity_id = ? ORDER BY seq",
                      [recorded.id]).fetchall() == [("create",), ("correct_extension",)]
    notes = [e.note for e in case_timeline(db, get_case(db, case.id)) if e.note.startswith("Corrected: ")]
    title = "Verify the lead and decide whether to file a case"  # T1's title in English
    assert notes == [f"Corrected: T1 “{title}” extended by 15 working days (approved 2026-03-04 by 局长 张三) "
                     f"(recorded before: T1 “{title}” extended by 10 working days (approved 2026-03-05 by 局长))"]


@pytest.mark.parametrize(("days", "approved_on", "field", "message"), [
    (16, "2026-03-05", "days", "T1 may be extended once, by at most 15 working days (approval of the head of the "
                               "market regulation department)."),
    (15, "2026-02-09", "approved_on", "T1 started on 2026-02-10"),
])
def test_a_bad_correction_of_a_case_extension_is_refused_and_changes_nothing(db, make_case, english, days,
                                                                            approved_on, field, message):
    from workstation.store.clock_events import correct_extension, get_clock_event

    case = make_case(lead_received_on="2026-02-10")
    recorded = record_clock_event(db, extension(case, "T1", 10, "2026-03-05"))
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        correct_extension(db, recorded.id, days, approved_on, "局长")
    assert message in refused.value.errors[field]
    assert counts(db) == before and get_clock_event(db, recorded.id) == recorded


# 2. dates after today or before the clock started --------------------------------------------------------------
@pytest.mark.parametrize(("event", "field"), [
    (dict(kind="suspension", starts_on="2099-01-05"), "starts_on"),
    (dict(kind="testing", starts_on="2026-04-01", ends_on="2099-01-05"), "ends_on"),
    (dict(kind="extension", clock="T2", days=30, starts_on="2099-01-05", approved_on="2099-01-05",
          approved_by="局长"), "approved_on"),
])
def test_a_clock_event_dated_after_today_is_refused(db, make_case, english, event, field):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, **event))
    assert refused.value.errors[field] == (f"2099-01-05 is after today ({today()}): record an event once it has "
                                           "happened.")
    assert db.execute("SELECT COUNT(*) FROM clock_events").fetchone()[0] == 0


def test_a_hearing_date_and_the_end_of_a_deferral_may_lie_ahead(db, make_case):
    case = stage(db, make_case(), "served", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-01", served_on="2026-06-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10", ends_on="2099-01-05", approved_on="2026-06-05", approved_by="局长"))
    hearing = stage(db, make_case(), "hearing", filed_on="2026-03-10", notice_served_on="2026-04-30")
    record_clock_event(db, ClockEvent(case_id=hearing.id, kind="hearing_session", starts_on="2099-01-05"))
    assert db.execute("SELECT COUNT(*) FROM clock_events").fetchone()[0] == 2


@pytest.mark.parametrize(("clock", "approved_on", "message"), [
    ("T2", "2026-03-09", "T2 started on 2026-03-10: an extension cannot be approved before that day."),
    ("T3", "2026-03-20", "T3 has not started: the case has no date the file went to review yet"),
    ("T14", "2026-03-15", "T14 has not started"),
])
def test_an_extension_before_its_clock_started_is_refused(db, make_case, english, clock, approved_on, message):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, clock, 10, approved_on))
    assert refused.value.errors["approved_on"].startswith(message)


def test_a_seizure_extension_is_dated_from_the_seizure(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-03-20"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T14", 30, "2026-03-15"))
    assert refused.value.errors["approved_on"].startswith("T14 started on 2026-03-20")
    record_clock_event(db, extension(case, "T14", 30, "2026-04-10"))


# 3. T7 and T18 only where they apply ---------------------------------------------------------------------------
def test_service_of_the_decision_does_not_apply_to_a_decision_not_to_penalise(db, make_case, english):
    case = stage(db, make_case(), "no_penalty", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-15")
    by_clock = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-07-01")}
    assert by_clock["T7"].state == "not_applicable" and by_clock["T7"].due is None
    assert by_clock["T7"].calculation().startswith("Does not apply to this case: No penalty was decided")
    assert by_clock["T7"].state_label == "不适用"
    assert case.id not in {d.case_id for d in clocks.board(db, on="2026-07-01")}
    closed = stage(db, case, "closed", closed_on="2026-06-20")
    db.execute("INSERT INTO case_events (id, case_id, kind, at, to_status) VALUES ('e1', ?, 'transition', "
               "'2026-06-15T10:00:00+08:00', 'no_penalty')", [closed.id])
    assert next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-07-01")
                if d.clock == "T7").state == "not_applicable"


def test_publication_does_not_run_for_a_warning_alone(db, make_case, english):
    warned = stage(db, make_case(), "penalty_decided", filed_on="2026-03-10", notice_served_on="2026-05-01",
                   decided_on="2026-06-15")
    fined = stage(db, make_case(fine_fen=500_000), "penalty_decided", filed_on="2026-03-10",
                  notice_served_on="2026-05-01", decided_on="2026-06-15")
    board = {(d.case_id, d.clock) for d in clocks.board(db, on="2026-06-16")}
    assert (warned.id, "T18") not in board and (fined.id, "T18") in board
    assert (warned.id, "T7") in board  # the warning is still served
    t18 = next(d for d in clocks.case_clocks(db, get_case(db, warned.id), on="2026-06-16") if d.clock == "T18")
    assert t18.state == "not_applicable" and "A warning alone is not published" in t18.calculation()


@pytest.mark.parametrize(("values", "applies"), [
    ({"warning": True, "fine_fen": None, "confiscated_fen": None, "confiscated_property": None,
      "other_penalty": None}, False),
    ({"warning": True, "fine_fen": None, "other_penalty": "责令停业整顿"}, True),
    ({"warning": False, "fine_fen": 300_000}, True),
])
def test_the_issued_decision_says_whether_it_was_a_warning_alone(db, make_case, values, applies):
    # the case records a fine, the decision issued says what was decided
    case = stage(db, make_case(fine_fen=500_000), "served", filed_on="2026-03-10", notice_served_on="2026-05-01",
                 decided_on="2026-06-15", served_on="2026-06-16")
    db.execute("INSERT INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', '')")
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, values_json, pdf_sha256, pages, "
               "issued_at, issued_by) VALUES ('d1', ?, 'penalty_decision', 1, '行政处罚决定书', ?, 'x', 1, "
               "'2026-06-15T10:00:00+08:00', '')", [case.id, json.dumps(values)])
    t18 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-06-16") if d.clock == "T18")
    assert (t18.state != "not_applicable") is applies
    assert ((case.id, "T18") in {(d.case_id, d.clock) for d in clocks.board(db, on="2026-06-16")}) is applies


# 4. a further T2 extension -------------------------------------------------------------------------------------
def test_a_further_case_extension_is_decided_by_the_collective_discussion(db, make_case, english):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    record_clock_event(db, extension(case, "T2", 30, "2026-05-30"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T2", 20, "2026-07-01", approved_by="局长"))
    assert refused.value.errors == {"approved_by": (
        "T2 was already extended by 30 days: a further extension is decided by the collective discussion of the "
        "market regulation department's heads; "
        "enter that decision as its approver (naming “集体讨论”).")}
    record_clock_event(db, extension(case, "T2", 60, "2026-07-01", approved_by="局务会集体讨论"))
    assert next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-07-02")
                if d.clock == "T2").due == "2026-09-06"


def test_the_head_may_split_the_thirty_days_and_a_further_limit_is_data(db, make_case, english, monkeypatch):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    record_clock_event(db, extension(case, "T2", 15, "2026-05-30"))
    record_clock_event(db, extension(case, "T2", 15, "2026-06-20"))  # the head's 30 days in two approvals
    capped, original = replace(clocks.rule("T2"), extension_further_limit=30), clocks.rule
    monkeypatch.setattr(clocks, "rule", lambda clock_id: capped if clock_id == "T2" else original(clock_id))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, extension(case, "T2", 31, "2026-07-01", approved_by="局务会集体讨论"))
    assert refused.value.errors["days"] == ("A further extension of T2 may be at most 30 days "
                                            "(the collective discussion of the market regulation department's "
                                            "heads).")


def extended_twice_before_the_rule(db, make_case):
    """A case whose T1 holds two extensions, the second recorded before the rule allowed only one (written as the
    old version did, past today's check)."""
    case = make_case(lead_received_on="2026-02-10")
    first = record_clock_event(db, extension(case, "T1", 10, "2026-03-05", approved_by="局长 张三"))
    second = replace(first, id="second-extension", days=5, starts_on="2026-03-06", approved_on="2026-03-06",
                     approved_by="局长 李四")
    db.execute("INSERT INTO clock_events (id, case_id, kind, clock, starts_on, days, approved_on, approved_by, "
               "created_at, updated_at) VALUES (?, ?, 'extension', 'T1', ?, ?, ?, ?, ?, ?)",
               [second.id, case.id, second.starts_on, second.days, second.approved_on, second.approved_by,
                "2026-03-06T09:00:00+08:00", "2026-03-06T09:00:00+08:00"])
    return case, first, second


def test_a_t1_extended_twice_before_the_rule_counts_only_the_first_extension(db, make_case, english):
    case, first, second = extended_twice_before_the_rule(db, make_case)
    t1 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1")
    # the statutory 15 working days, + 10 of the first extension (not + 15 of both)
    base = clocks.engine_for(db).cal.add_workdays_ord(clocks.engine_for(db).ordinal("2026-02-10"), 15)
    assert t1.due_ord == clocks.engine_for(db).cal.add_workdays_ord(base, 10)
    calculation = t1.calculation()
    assert "Extended by 10 working days, approved on 2026-03-05 by 局长 张三." in calculation
    assert ("Also recorded: extended by 5 working days, approved on 2026-03-06 by 局长 李四 — not counted: the law "
            "allows one extension, and the first one approved counts (《市场监督管理行政处罚程序规定》第十八条); "
            "correct or remove this record.") in calculation
    assert set(clocks.superseded_extensions([t1])) == {second.id}
    on_board = next(d for d in clocks.board(db, on="2026-03-10") if d.case_id == case.id and d.clock == "T1")
    assert on_board.due == t1.due


def test_removing_the_superseded_extension_leaves_the_deadline_as_it_was(db, make_case):
    from workstation.store.clock_events import delete_clock_event

    case, _first, second = extended_twice_before_the_rule(db, make_case)
    due = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1").due
    delete_clock_event(db, second.id, "second extension recorded before the rule")
    t1 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T1")
    assert t1.due == due and not clocks.superseded_extensions([t1])
