"""Mends of the interviews' recounted deadlines (s60): an interview whose issued 约谈记录's working days now end later
is not called overdue on a day the party still has (`interviews list`, the register, the overdue follow-ups); a
closed interview (followed up, escalated) is no longer marked nor named at a holiday import; a recount ending earlier
than the day printed is neither marked nor named (the party keeps the later day); the window's holiday import and
`calendar remove` name the interviews as `calendar import` does. The program's clock is moved to the days acted
on."""

from __future__ import annotations

import json

import pytest

from tests.helpers import fixed_holidays_toml, program_day, run, run_json
from tests.test_s60_interviews import CAL_2027, _add, _import_2027, _issue_record, _listed

#: a 2027 holiday file whose 元旦 is 1 January alone and Saturday 2 January a make-up working day (fictional): 15
#: working days after 2026-12-15 end on 2027-01-05, earlier than the 2027-01-06 the count without it prints
EARLY_2027 = ('year = 2027\nsource = "测试用通知（调休）"\nworkdays = [2027-01-02]\n[[holiday]]\nname = "元旦"\n'
              'from = 2027-01-01\nto = 2027-01-01\n' + fixed_holidays_toml(2027, but=("元旦",)))


@pytest.fixture(autouse=True)
def calendars_read_again():
    from workstation.workdays import reload_calendars

    reload_calendars()
    yield
    reload_calendars()


@pytest.fixture
def record_into_2027(demo_db, data_dir, capsys, tmp_path, monkeypatch):
    """An interview held on 2026-12-15 whose 约谈记录 prints 15个工作日内 … 截止日期 2027-01-06 (counted Monday to
    Friday less 元旦)."""
    program_day(monkeypatch, "2026-12-16")
    added = _add(capsys, data_dir, "2026-12-15")
    assert added["rectification_due"] == "2027-01-06"
    _issue_record(capsys, data_dir, tmp_path, added["id"])
    return added["id"]


def _import(capsys, data_dir, tmp_path, text: str, *options):
    source = tmp_path / "import.toml"
    source.write_text(text, encoding="utf-8")
    return run(capsys, "calendar", "import", str(source), "--data-dir", data_dir, *options)


def _row(capsys, data_dir, interview_id: str, *options) -> dict:
    listed = run_json(capsys, "interviews", "list", "--data-dir", data_dir, *options)
    (row,) = [r for r in listed if r["id"] == interview_id]
    return row


# 1. not overdue on a day the party still has ------------------------------------------------------------------------
def test_an_interview_is_not_overdue_on_a_day_its_record_s_working_days_still_run(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    from ui.interviews_page import InterviewRow
    from workstation.store.interviews import get_interview, overdue_follow_ups

    _import_2027(capsys, data_dir, tmp_path)  # 15 working days now end on 2027-01-08
    program_day(monkeypatch, "2027-01-07")
    row = _row(capsys, data_dir, record_into_2027)
    assert not row["overdue"], row
    assert "follow-up overdue" not in _listed(capsys, data_dir, record_into_2027)
    assert record_into_2027 not in [i.id for i in overdue_follow_ups(demo_db, "2027-01-07")]
    assert not InterviewRow(demo_db, get_interview(demo_db, record_into_2027), "2027-01-07").overdue
    # once that day is over, it is
    program_day(monkeypatch, "2027-01-09")
    assert _row(capsys, data_dir, record_into_2027)["overdue"]
    assert record_into_2027 in [i.id for i in overdue_follow_ups(demo_db, "2027-01-09")]
    shown = InterviewRow(demo_db, get_interview(demo_db, record_into_2027), "2027-01-09")
    assert shown.overdue and "2027-01-08" in shown.follow_up()


# 2. a closed interview is no longer marked ---------------------------------------------------------------------------
def test_an_interview_followed_up_as_rectified_is_no_longer_marked_nor_named(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    from workstation.store.interviews import deadline_in_force, get_interview, record_recount

    _import_2027(capsys, data_dir, tmp_path)
    assert "2027-01-08" in _listed(capsys, data_dir, record_into_2027)  # marked while the report is awaited
    program_day(monkeypatch, "2027-01-07")
    run_json(capsys, "interviews", "follow-up", record_into_2027, "--on", "2027-01-07", "--result", "已整改",
             "--outcome", "rectified", "--data-dir", data_dir)
    interview = get_interview(demo_db, record_into_2027)
    assert record_recount(demo_db, interview) is None
    assert deadline_in_force(demo_db, interview) == "2027-01-08"  # the party's deadline itself is still that day
    assert "2027-01-08" not in _listed(capsys, data_dir, record_into_2027)
    code, out, err = _import_2027(capsys, data_dir, tmp_path, "--replace")
    assert code == 0, err
    assert record_into_2027 not in out and "Void the record" not in out, out
    code, out, err = _import_2027(capsys, data_dir, tmp_path, "--replace", "--json")
    assert json.loads(out)["records_off_calendar"] == []


def test_an_interview_escalated_to_a_case_is_no_longer_marked(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    from workstation.records import Case
    from workstation.store import create_case
    from workstation.store.interviews import get_interview

    _import_2027(capsys, data_dir, tmp_path)
    program_day(monkeypatch, "2027-01-11")
    interview = get_interview(demo_db, record_into_2027)
    case = create_case(demo_db, Case(case_number="", cause="涉嫌侵害消费者个人信息案", sector="education",
                                     agency_id=interview.agency_id, status="pending_filing",
                                     party_ids=list(interview.party_ids)))
    code, _out, err = run(capsys, "interviews", "escalate", record_into_2027, case.id, "--not-rectified",
                          "--data-dir", data_dir)
    assert code == 0, err
    assert "2027-01-08" not in _listed(capsys, data_dir, record_into_2027)
    code, out, err = _import_2027(capsys, data_dir, tmp_path, "--replace", "--json")
    assert code == 0, err
    assert json.loads(out)["records_off_calendar"] == []


# 3. a recount ending earlier -----------------------------------------------------------------------------------------
def test_a_recount_ending_earlier_than_the_day_printed_is_neither_marked_nor_named(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, english):
    from workstation.store.interviews import deadline_in_force, get_interview, record_recount

    code, out, err = _import(capsys, data_dir, tmp_path, EARLY_2027)
    assert code == 0, err
    assert record_into_2027 not in out and "--deadline 2027-01-05" not in out, out
    interview = get_interview(demo_db, record_into_2027)
    assert record_recount(demo_db, interview) is None
    assert deadline_in_force(demo_db, interview) == "2027-01-06"  # the party keeps the day it was given
    line = _listed(capsys, data_dir, record_into_2027)
    assert "2027-01-05" not in line and "2027-01-06" in line, line
    code, out, err = _import(capsys, data_dir, tmp_path, EARLY_2027, "--replace", "--json")
    assert json.loads(out)["records_off_calendar"] == []


# 5. the window's import and `calendar remove` name the interviews ---------------------------------------------------
def test_the_window_s_holiday_import_names_the_interviews_as_the_command_line_does(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, prompts, english):
    from ui.deadlines import import_calendar_file
    from workstation.store.interviews import get_interview

    counted = _add(capsys, data_dir, "2026-12-16")
    assert counted["rectification_due"] == "2027-01-07"
    source = tmp_path / "2027.toml"
    source.write_text(CAL_2027, encoding="utf-8")
    prompts.files.append(str(source))
    assert import_calendar_file(None, prompts, demo_db)
    said = prompts.infos[-1]
    assert get_interview(demo_db, counted["id"]).rectification_due == "2027-01-11"
    assert counted["id"] in said and "2027-01-11" in said, said  # its usual deadline counted again
    (line,) = [line for line in said.splitlines() if record_into_2027 in line]
    assert "2027-01-06" in line and "2027-01-08" in line and "Void the record" in line, line


def test_calendar_remove_names_a_record_whose_working_days_now_end_later(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    # the record issued while the 2027 file gave a make-up working day: it prints 2027-01-05
    _import(capsys, data_dir, tmp_path, EARLY_2027)
    program_day(monkeypatch, "2026-12-16")
    added = _add(capsys, data_dir, "2026-12-15")
    assert added["rectification_due"] == "2027-01-05"
    _issue_record(capsys, data_dir, tmp_path, added["id"])
    # the file removed: 15 working days now end on 2027-01-06
    code, out, err = run(capsys, "calendar", "remove", "2027", "--data-dir", data_dir)
    assert code == 0, err
    (line,) = [line for line in out.splitlines() if added["id"] in line]
    assert "2027-01-05" in line and "2027-01-06" in line and "Void the record" in line, line
    _import(capsys, data_dir, tmp_path, EARLY_2027)
    result = run_json(capsys, "calendar", "remove", "2027", "--data-dir", data_dir)
    assert result["records_off_calendar"] == [added["id"]]


def test_the_deadline_board_counts_the_interview_to_the_day_its_record_s_working_days_end(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027):
    from workstation import clocks

    _import_2027(capsys, data_dir, tmp_path)  # 15 working days now end on 2027-01-08
    [shown] = [d for d in clocks.board(demo_db, on="2027-01-07") if d.interview_id == record_into_2027]
    assert (shown.state, shown.due) == ("due_soon", "2027-01-08")
    [shown] = [d for d in clocks.board(demo_db, on="2027-01-11") if d.interview_id == record_into_2027]
    assert (shown.state, shown.due) == ("overdue", "2027-01-08")
