"""Three clock-event defects the deadline and on-the-spot audits found (s59):

1. Court enforcement's (T16) advice "serve the 催告书 by …" counted the ten working days of the 催告书 (T15) through a
   year without holiday data Monday to Friday, straight through its 春节: the day advised came too late once that
   year's holidays are known. Counted through such a year it is marked 日历待核实 naming the year, and counted
   without the days about the festivals (resources/calendar/unofficial/festivals.toml), so it is never too late.
2. The same one-day event (a hearing held, a 催告书 served, a transfer report …) recorded twice on one day made a
   second deadline row: refused, naming the event recorded and how it is corrected or removed.
3. The command line removes a clock event recorded in error (`clocks remove EVENT --reason TEXT`), as the window's
   “Remove selected…” does; the refusals that ask for a removal name that command.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import full_2027, run, run_json
from workstation import clocks
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import clock_events_of, record_clock_event
from workstation.workdays import default_calendar, reload_calendars


def served_in_may(db, make_case):
    """A fine of ¥50,000 decided on 2026-05-15 and served on 2026-05-19: the party may sue until 2026-11-19 (T11),
    so the court is applied to by 2027-02-19 (T16), a day of 2027, whose holidays are not known yet."""
    case = make_case(fine_fen=5_000_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-02",
                                   decided_on="2026-05-15", served_on="2026-05-19"), allow_status_change=True)


def t16(db, case, on: str):
    [found] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T16"]
    return found


@pytest.fixture
def year_2027(data_dir):
    """A plausible 2027 (fictional: 春节 from 02-05 to 02-13) imported into the data directory's calendar."""
    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2027.toml").write_text(full_2027(), encoding="utf-8")
    reload_calendars()
    yield
    (folder / "2027.toml").unlink()
    reload_calendars()


# ---- 1. the latest day to serve the 催告书, counted through a year without holiday data ---------------------------

def test_the_latest_day_counted_through_an_unknown_year_leaves_out_its_festivals_and_is_marked(db, make_case,
                                                                                                data_dir, english):
    from workstation.enforcement import demand_by_note

    case = served_in_may(db, make_case)
    d = t16(db, case, "2026-12-06")
    assert (d.due, d.state) == ("2027-02-19", "open")
    note = demand_by_note(d, data_dir, on="2026-12-06")
    # Monday to Friday straight through 春节 it was 2027-02-04; without the days about 春节 (02-04 to 02-13):
    # 02-18, 17, 16, 15, 03, 02, 01, 01-29, 28, 27 — served on 01-26 at the latest
    assert note.startswith("To apply to the court by 2027-02-19, serve the 催告书 by 2027-01-26 (calendar to be "
                           "verified: no holiday data for 2027) at the latest"), note
    assert "2027-02-04" not in note
    assert "Spring Festival" in note and "2027" in note


def test_the_day_advised_is_not_too_late_once_the_year_is_known(db, make_case, data_dir, english, year_2027):
    from workstation.documents.stage_rules import demand_period_end
    from workstation.enforcement import demand_by_note

    case = served_in_may(db, make_case)
    note = demand_by_note(t16(db, case, "2026-12-06"), data_dir, on="2026-12-06")
    # on the year's holidays: 02-18, 17, 16, 15, [春节 02-05…13], 04, 03, 02, 01, 01-29, 28: by 01-27, unmarked
    assert note.startswith("To apply to the court by 2027-02-19, serve the 催告书 by 2027-01-27 at the latest:"), note
    assert "calendar" not in note and "Spring Festival" not in note
    # the day advised without the year's holidays (01-26) leaves the court time to be applied to in time
    assert demand_period_end(dt.date(2027, 1, 26), db) < dt.date(2027, 2, 19)
    assert default_calendar(data_dir).add_workdays(dt.date(2027, 2, 4), 10) >= dt.date(2027, 2, 19)


def test_clocks_on_the_command_line_gives_the_marked_day(db, make_case, data_dir, capsys, english):
    case = served_in_may(db, make_case)
    shown = run_json(capsys, "--data-dir", data_dir, "clocks", "--case", case.id, "--as-of", "2026-12-06")
    [row] = [d for d in shown if d["clock"] == "T16"]
    assert "serve the 催告书 by 2027-01-26 (calendar to be verified: no holiday data for 2027)" in row["note"]


def test_the_late_demand_warning_names_the_day_counted_the_same_way(db, make_case, english):
    from workstation.store.clock_events import early_demand

    case = served_in_may(db, make_case)
    warning = early_demand(db, get_case(db, case.id), ClockEvent(case_id=case.id, kind="demand",
                                                                 starts_on="2027-02-08"))
    assert "by 2027-01-26 (calendar to be verified: no holiday data for 2027) at the latest" in warning, warning


# ---- 2. one event recorded twice on one day ------------------------------------------------------------------

def test_a_demand_recorded_twice_on_one_day_is_refused_naming_the_first(db, make_case, english):
    case = served_in_may(db, make_case)
    first = record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-12-01"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-12-01"))
    said = refused.value.errors["starts_on"]
    assert "is already recorded on 2026-12-01" in said and "Remove selected…" in said, said
    assert [e.id for e in clock_events_of(db, case.id) if e.kind == "demand"] == [first.id]
    assert len([d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-02") if d.clock == "T15"]) == 1
    # another day is another 催告书; the recorded one saved again is no second record
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-12-03"))
    record_clock_event(db, replace(first, note="催告书（补记）"))
    assert [e.starts_on for e in clock_events_of(db, case.id) if e.kind == "demand"] == ["2026-12-01", "2026-12-03"]


def test_a_hearing_held_recorded_twice_on_one_day_on_the_command_line_names_the_removal(db, make_case, data_dir,
                                                                                        capsys, english):
    from tests.test_clocks import stage

    case = stage(db, make_case(), "hearing", filed_on="2026-03-10", notice_served_on="2026-04-30")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "hold_hearing",
                          "--date", "2026-05-20")
    assert code == 0, err
    [held] = [e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]
    for argv in (("cases", "transition", case.id, "hold_hearing", "--date", "2026-05-20"),
                 ("clocks", "record", case.id, "hearing_session", "--on", "2026-05-20")):
        code, _out, err = run(capsys, "--data-dir", data_dir, *argv)
        assert code == 1, err
        assert "is already recorded on 2026-05-20" in err and f"clocks remove {held.id} --reason" in err, err
        assert "Remove selected" not in err
    assert len([e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]) == 1
    assert len([d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-05-01") if d.clock == "T6"]) == 1


def test_a_transfer_report_recorded_twice_on_one_day_is_refused(db, make_case, english):
    from tests.test_s58_transfer import FACTS, PROVIDING

    crime = make_case(status="investigating", filed_on="2026-11-02", records_other=18_176, violations=[PROVIDING],
                      facts=FACTS)
    record_clock_event(db, ClockEvent(case_id=crime.id, kind="transfer_report", starts_on="2026-11-10"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=crime.id, kind="transfer_report", starts_on="2026-11-10"))
    assert "is already recorded on 2026-11-10" in refused.value.errors["starts_on"]


# ---- 3. `clocks remove` ----------------------------------------------------------------------------------------

def test_clocks_remove_takes_out_an_event_recorded_in_error_with_its_reason(db, make_case, data_dir, capsys,
                                                                            english):
    from workstation.store.cases import case_timeline

    case = served_in_may(db, make_case)
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-12-01"))
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "remove", event.id, "--reason", " ")
    assert code != 0 and "Say why the event is removed" in err, err
    assert [e.id for e in clock_events_of(db, case.id)] == [event.id]
    removed = run_json(capsys, "--data-dir", data_dir, "clocks", "remove", event.id, "--reason", "录入错误")
    assert (removed["id"], removed["kind"], removed["reason"]) == (event.id, "demand", "录入错误")
    assert "2026-12-01" in removed["text"]
    assert clock_events_of(db, case.id) == []
    notes = [e.note for e in case_timeline(db, get_case(db, case.id))]
    assert any(n.startswith("Removed:") and n.endswith("录入错误") for n in notes)
    assert db.execute("SELECT action FROM audit WHERE entity = 'clock_event' AND entity_id = ? ORDER BY seq",
                      [event.id]).fetchall()[-1][0] == "delete"
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "remove", event.id, "--reason", "再删")
    assert code != 0 and f"No clock event {event.id}" in err, err


def test_clocks_remove_prints_what_it_removed(db, make_case, data_dir, capsys, english):
    case = served_in_may(db, make_case)
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-12-01"))
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "remove", event.id, "--reason", "录入错误")
    assert code == 0, err
    assert out.startswith("Removed: ") and "2026-12-01" in out and "录入错误" in out, out


def test_clocks_remove_is_refused_as_the_window_refuses_it(db, make_case, data_dir, capsys, english):
    from tests.test_clocks import stage
    from workstation import procedure

    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="等待检测")
    [running] = [e for e in clock_events_of(db, case.id) if e.kind == "suspension"]
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "remove", running.id, "--reason", "录入错误")
    assert code == 1 and "cannot be removed while it is" in err, err
    assert [e.id for e in clock_events_of(db, case.id)] == [running.id]


def test_clocks_help_lists_remove(capsys, english):
    from workstation.cli import main

    with pytest.raises(SystemExit):
        main(["clocks", "--help"])
    assert "remove an event recorded in error" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["clocks", "remove", "--help"])
    out = capsys.readouterr().out
    assert "--reason" in out and "EVENT" in out


def test_a_second_filing_refused_on_the_command_line_names_the_removal(db, make_case, data_dir, capsys, english):
    from tests.test_s50_on_the_spot import _collected_and_closed

    case, _document = _collected_and_closed(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file_with_bureau",
                          "--date", "2026-03-11")
    assert code == 0, err
    [first] = [e for e in clock_events_of(db, case.id) if e.kind == "bureau_filing"]
    for day in ("2026-03-12", "2026-03-11"):
        code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file_with_bureau",
                              "--date", day)
        assert code == 1 and f"clocks remove {first.id} --reason" in err, err
    with pytest.raises(ValidationError) as refused:  # the window's words: its button
        record_clock_event(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-03-12"))
    assert "remove the extra one" in str(refused.value) and "clocks remove" not in str(refused.value)


def test_a_second_step_refused_on_the_command_line_names_the_removal(capsys, db, data_dir, make_case, english):
    from tests.test_s58_transfer import FACTS, PROVIDING, record

    crime = make_case(status="investigating", filed_on="2026-11-02", records_other=18_176, violations=[PROVIDING],
                      facts=FACTS)
    record(db, crime, "transfer_report", "2026-11-10")
    refused = record(db, crime, "transfer_refused", "2026-11-11", approved_by="张局长")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", crime.id, "transfer_approved",
                          "--date", "2026-11-12", "--approved-by", "张局长")
    assert code == 1 and f"clocks remove {refused.id} --reason" in err, err
    assert "removes no recorded step" not in err
