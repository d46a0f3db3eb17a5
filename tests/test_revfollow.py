# ruff: noqa: F811 - the fixtures imported from test_bundle_hq and test_number_blocks are used by name
"""Follow-ups of the session review: periods counted on the officer's holiday files, a numbering hold that could
not be placed said after the restore, the hold refused before the 签发 question for lead and interview documents,
followable advice for used-up blocks of a year before last, the lead statistics' query, one calendar per refresh."""

from __future__ import annotations

import datetime as dt
import errno

import pytest

from tests.helpers import beijing_year, fixed_holidays_toml, run_json
from tests.test_bundle_hq import STATIONS, dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_number_blocks import case  # noqa: F401
from tests.test_revcore_review import CAL_2030
from workstation.documents.drafts import find_form
from workstation.errors import WorkstationError

YEAR = beijing_year()



@pytest.fixture
def holidays_2030(demo_db):
    """The officer's 2030.toml (1–9 January off) in the demo database's data directory, removed afterwards."""
    from workstation.clocks import data_dir_of
    from workstation.workdays import CALENDAR_DIR, reload_calendars

    folder = data_dir_of(demo_db) / CALENDAR_DIR
    folder.mkdir(exist_ok=True)
    (folder / "2030.toml").write_text(CAL_2030, encoding="utf-8")
    reload_calendars()
    yield
    (folder / "2030.toml").unlink()
    reload_calendars()


# ---- 1. the 催告书's ten working days and the remedy periods on the officer's calendar

def test_the_enforcement_application_counts_the_demand_s_ten_working_days_on_the_officer_s_holiday_file(
        demo_db, english, holidays_2030):
    from workstation.documents.stage_rules import demand_period_end, stage_refusal
    from workstation.store import get_case

    case = get_case(demo_db, demo_db.execute("SELECT id FROM cases ORDER BY id LIMIT 1").fetchone()[0])
    # the 催告书 served Wednesday 2030-01-02; with 1–9 January off: 10, 11, 14 … 23 January are the ten days
    assert demand_period_end(dt.date(2030, 1, 2), demo_db).isoformat() == "2030-01-23"
    values = {"signed_on": "2030-01-20", "demand_served_on": "2030-01-02", "decision_served_on": "2028-01-03"}
    refusal = stage_refusal(demo_db, case, "enforcement_application", values)
    assert refusal is not None and "which run until 2030-01-23" in refusal and "date the application 2030-01-24" \
        in refusal


def test_the_unpaid_party_s_earliest_application_day_follows_the_officer_s_holiday_file(demo_db, make_case,
                                                                                         holidays_2030):
    from dataclasses import replace

    from workstation.enforcement import unpaid_parties
    from workstation.store import get_case
    from workstation.store.cases import update_case

    case = make_case(fine_fen=500_000)
    case = update_case(demo_db, replace(get_case(demo_db, case.id), status="served", filed_on="2027-10-08",
                                        notice_served_on="2027-11-08", decided_on="2027-12-20",
                                        served_on="2028-01-03"), allow_status_change=True)
    # the 催告书 served on Wednesday 2030-01-02, a day still to come: written as stored, past today's check
    demo_db.execute("INSERT INTO clock_events (id, case_id, kind, starts_on, created_at, updated_at) VALUES "
                    "('demand-2030', ?, 'demand', '2030-01-02', '2026-03-06T09:00:00+08:00', "
                    "'2026-03-06T09:00:00+08:00')", [case.id])
    # Monday to Friday the ten days would end on 2030-01-16; the officer's file moves them to the 23rd
    assert unpaid_parties(demo_db, get_case(demo_db, case.id))[0].earliest == "2030-01-24"


# ---- 2. a numbering hold that could not be placed

def test_a_restore_that_cannot_place_the_numbering_hold_tells_the_officer_to_check_the_paper_files(
        capsys, dirs, english, monkeypatch):
    from workstation import numbering_hold

    take_headquarters_card(capsys, dirs, "shunde")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(numbering_hold, "place_hold", disk_full)
    result = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    assert result["numbering_hold"] is None and result["numbering_hold_failed"] == "the disk is full"
    advice = result["advice"]
    assert "The numbering hold could not be placed in the restored data (the disk is full)" in advice
    assert "check the last case number and 文号 on the paper files" in advice
    assert "Until then no case is filed" not in advice  # no hold stands to be released
    assert run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "hold")["held"] is False


def test_the_restore_advice_without_a_failed_hold_says_nothing_of_one():
    from workstation.backup_restore import restore_advice

    advice = restore_advice({"created": "2026-11-01T10:00:00", "had_exports": True, "numbering_hold": {"x": 1},
                             "numbering_hold_failed": None})
    assert "could not be placed" not in advice


# ---- 3. the hold refused before the 签发 question, for lead and interview documents

def _hold(db) -> str:
    from workstation.numbering_hold import place_hold, refusal_text

    return refusal_text(place_hold(db, "2026-11-01T10:00:00", None))


def test_a_lead_document_is_refused_by_the_numbering_hold_before_the_officer_confirms(demo_db, english):
    from workstation.leads_workflow import assign_lead, check_lead_issue
    from workstation.store import agency_by_code

    lead = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead, 禅城区
    demo_db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL WHERE id = ?",
                    [lead])
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440604012").id, on="2026-03-02")
    form = find_form("assignment_notice")
    check_lead_issue(demo_db, lead, form, {"contact_person": "陈志强", "report_by": "2026-03-23", "issued_on": "2026-03-02"})  # passes without a hold
    refusal = _hold(demo_db)
    with pytest.raises(WorkstationError) as refused:
        check_lead_issue(demo_db, lead, form, {"contact_person": "陈志强", "report_by": "2026-03-23", "issued_on": "2026-03-02"})
    assert refused.value.message == refusal


def test_an_interview_document_is_refused_by_the_numbering_hold_before_the_officer_confirms(demo_db, english):
    from workstation.documents.interview_documents import check_interview_issue
    from workstation.store import list_interviews

    interview = list_interviews(demo_db)[0]
    refusal = _hold(demo_db)
    with pytest.raises(WorkstationError) as refused:  # the notice takes a 文号
        check_interview_issue(demo_db, interview, find_form("interview_notice"))
    assert refused.value.message == refusal
    # its draft is still checked without a number
    check_interview_issue(demo_db, interview, find_form("interview_notice"), issuing=False)


# ---- 4. used-up blocks of a year before last: give the paper number

def test_used_up_blocks_of_a_year_before_last_say_to_give_the_paper_number_not_to_enter_a_block(
        demo_db, data_dir, case, english):
    from workstation.documents.issuing import number_refusal
    from workstation.documents.number_blocks import add_block, block_year_refusal, exhausted_refusal
    from workstation.documents.numbering import serial_refusal
    from workstation.station import ensure_station

    old = YEAR - 2
    add_block(demo_db, agency_code="440605", type_code="处", year=YEAR - 1, first=1, last=1,
              station_id=ensure_station(demo_db, data_dir).id)
    demo_db.execute("UPDATE number_blocks SET year = ?", [old])  # entered when it was still allowed
    demo_db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at) "
                    "SELECT 'n1', b.agency_id, b.type_code, b.year, 1, 'x', 'issued', 'now' FROM number_blocks b")
    assert block_year_refusal(old) is not None  # a block of that year cannot be entered
    refusal = exhausted_refusal(demo_db, case.agency_id, "处", old)
    assert refusal is not None and "numbers add-block" not in refusal and "ask headquarters" not in refusal
    assert f"no block of {old} can be entered any more" in refusal and "`docs issue --serial N`" in refusal
    assert "Use a serial of my choice" in refusal
    # the way out it names is open: a serial chosen by hand of that year is free, and the question before issuing
    # (which offers that choice) is not refused beforehand
    assert serial_refusal(demo_db, case.agency_id, "处", 7, old) is None
    form = find_form("penalty_decision")
    assert number_refusal(demo_db, case.agency_id, form, None, old, serial_offered=True) is None
    assert number_refusal(demo_db, case.agency_id, form, None, old) == refusal
    # last year's used-up blocks still say to enter a new block (one can be)
    demo_db.execute("UPDATE number_blocks SET year = ?", [YEAR - 1])
    demo_db.execute("UPDATE doc_numbers SET year = ? WHERE id = 'n1'", [YEAR - 1])
    assert "numbers add-block" in exhausted_refusal(demo_db, case.agency_id, "处", YEAR - 1)


# ---- 6. the interviews' rectification calendar: read once per refresh, years joined in the user's language

def test_the_register_reads_the_calendar_once_per_refresh_not_once_per_interview(demo_db, make_window):
    from tests.helpers import statements_run

    demo_db.execute("UPDATE interviews SET held_on = '2026-11-02', rectification_due = '2026-11-23', status = 'held', "
                    "follow_up_result = '', case_id = NULL WHERE id IN (SELECT id FROM interviews ORDER BY id "
                    "LIMIT 3)")  # three interviews awaiting their reports
    page = make_window(demo_db).interviews_page
    awaiting = [r for r in page.rows if r.interview.held_on and r.interview.rectification_due
                and not r.interview.follow_up_result and not r.interview.case_id]
    assert len(awaiting) >= 2
    with statements_run(demo_db) as three:
        page.refresh()
    demo_db.execute("UPDATE interviews SET follow_up_result = '已报送整改情况' WHERE id IN (SELECT id FROM interviews "
                    "ORDER BY id LIMIT 2)")  # one left awaiting its report
    with statements_run(demo_db) as one:
        page.refresh()
    # the data directory is looked up as often for three interviews awaiting their reports as for one
    assert sum("database_list" in s for s in three) == sum("database_list" in s for s in one)


def _two_unknown_years_interview(db):
    """An interview held 20 December 2027 whose usual deadline runs into 2028: both years without holiday data."""
    from dataclasses import replace

    from workstation.clocks import data_dir_of
    from workstation.store import list_interviews
    from workstation.store.interviews import rectification_workdays
    from workstation.workdays import default_calendar

    held = dt.date(2027, 12, 20)
    due = default_calendar(data_dir_of(db)).add_workdays(held, rectification_workdays())
    return replace(list_interviews(db)[0], held_on=held.isoformat(), rectification_due=due.isoformat(),
                   follow_up_result="", case_id=None)


def test_the_rectification_warning_lists_its_years_as_the_user_s_language_does(demo_db):
    from workstation import i18n
    from workstation.store.interviews import rectification_calendar_warning, rectification_unconfirmed_years

    interview = _two_unknown_years_interview(demo_db)
    assert rectification_unconfirmed_years(demo_db, interview) == [2027, 2028]
    previous = i18n.language()
    try:
        i18n.set_language("en")
        assert "without the holidays of 2027, 2028 (calendar to be verified)" in rectification_calendar_warning(
            demo_db, interview)
        i18n.set_language("zh_CN")
        assert "2027、2028" in rectification_calendar_warning(demo_db, interview)
    finally:
        i18n.set_language(previous)


def test_the_unconfirmed_years_are_counted_on_the_calendar_the_caller_read(demo_db, tmp_path):
    from workstation.store.interviews import rectification_unconfirmed_years
    from workstation.workdays import CALENDAR_DIR, load_calendar

    interview = _two_unknown_years_interview(demo_db)
    folder = tmp_path / CALENDAR_DIR
    folder.mkdir()
    for year in (2027, 2028):
        (folder / f"{year}.toml").write_text(f'year = {year}\nsource = "测试用通知"\n' + fixed_holidays_toml(year),
                                             encoding="utf-8")
    assert rectification_unconfirmed_years(demo_db, interview, calendar=load_calendar(tmp_path)) == []
    assert rectification_unconfirmed_years(demo_db, interview) == [2027, 2028]
