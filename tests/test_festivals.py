"""An internal limit ending about a festival of a year without holiday data (REFERENCE §1.2 rule 3): 2027 has no
holiday notice yet, so a weekday about its Spring Festival is counted as a working day, but is very probably a rest
day. The 90 days to decide a case (T2) ending on one are flagged as ending perhaps on a rest day, as on a weekend of
such a year; the windows about the festivals are editable data (resources/calendar/unofficial/festivals.toml, not
official); once the 2027 holiday file is imported, the flag follows the file."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import fixed_holidays_toml, run
from workstation import clocks
from workstation.board_export import state_text
from workstation.store import get_case
from workstation.workdays import FESTIVALS_FILE, import_year_file, load_calendar, reload_calendars

FESTIVAL_LINE = ("The last day, 2027-02-10, may be a rest day of the Spring Festival holidays (the 2027 calendar is "
                 "not known yet): this time limit is not moved to the next working day; check it once the holidays "
                 "of 2027 are published.")
# a 2027 notice as the State Council might publish it: 春节 from Friday 5 to Saturday 13 February, and the
# holidays the law fixes by date
CALENDAR_2027 = ('year = 2027\nsource = "国务院办公厅关于2027年部分节假日安排的通知（测试）"\n\n'
                 '[[holiday]]\nname = "春节"\nfrom = 2027-02-05\nto = 2027-02-13\n' + fixed_holidays_toml(2027, but=("春节",)))


@pytest.fixture(autouse=True)
def _calendars_read_afresh():
    yield
    reload_calendars()


def _t2(db, make_case, filed_on):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on=filed_on)
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-02") if d.clock == "T2")


def test_a_case_limit_ending_on_a_weekday_of_the_spring_festival_of_2027_is_flagged(db, make_case, english):
    # filed Thursday 2026-11-12: 90 days → 18 (Nov) + 31 + 31 + 10 → Wednesday 2027-02-10, four days after 春节
    # (2027-02-06), a working day on the Monday-to-Friday count
    d = _t2(db, make_case, "2026-11-12")
    assert (d.due, d.confirmed, d.rest_day_flagged) == ("2027-02-10", False, True)
    assert FESTIVAL_LINE in d.calculation().splitlines()
    assert state_text(d).endswith(" (calendar unconfirmed) (last day may be a rest day)")


def test_a_case_limit_ending_on_an_ordinary_weekday_of_2027_is_not_flagged(db, make_case, english):
    d = _t2(db, make_case, "2026-12-10")  # → Wednesday 2027-03-10, far from any festival
    assert (d.due, d.confirmed, d.rest_day_flagged) == ("2027-03-10", True, False)
    assert "may be a rest day" not in d.calculation()
    assert state_text(d) == d.shown_state()


def test_the_clocks_command_flags_a_limit_ending_in_the_spring_festival_as_it_flags_a_weekend(
        db, data_dir, make_case, capsys, english):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-12")
    code, out, err = run(capsys, "--data-dir", data_dir, "clocks", "--case", case.case_number, "--as-of", "2026-12-02")
    assert code == 0, err
    assert f"2027-02-10  Running (calendar unconfirmed) (last day may be a rest day)  {case.case_number}  T2 " in out


def test_once_the_2027_holiday_file_is_imported_the_flag_follows_the_file(db, data_dir, make_case, tmp_path,
                                                                           english):
    source = tmp_path / "2027.toml"
    source.write_text(CALENDAR_2027, encoding="utf-8")
    import_year_file(data_dir, source)
    d = _t2(db, make_case, "2026-11-12")  # 2027-02-10 is in the holiday the file gives: a rest day, known now
    assert (d.due, d.confirmed, d.rest_day_flagged) == ("2027-02-10", True, True)
    assert state_text(d).endswith(" (last day a rest day)") and "calendar unconfirmed" not in state_text(d)
    assert ("2027-02-10 is not a working day: this time limit is not moved to the next working day; the last working "
            "day before it is 2027-02-04.") in d.calculation()
    # a notice whose 春节 ends on Tuesday 9 February: the 10th is a working day, whatever the festival's window says
    source.write_text(CALENDAR_2027.replace("to = 2027-02-13", "to = 2027-02-09"), encoding="utf-8")
    import_year_file(data_dir, source, replace=True)
    d = _t2(db, make_case, "2026-11-12")
    assert (d.due, d.confirmed, d.rest_day_flagged) == ("2027-02-10", True, False)
    assert "rest day" not in d.calculation()


def test_the_shipped_windows_reach_from_two_days_before_the_spring_festival_to_seven_after():
    calendar = load_calendar()
    assert calendar.problems == []
    shown = {day: calendar.maybe_rest_day(dt.date.fromisoformat(day))
             for day in ("2027-02-03", "2027-02-04", "2027-02-07", "2027-02-13", "2027-02-14", "2027-02-15", "2027-04-08",
                         "2027-06-11", "2027-09-17", "2027-05-05", "2027-10-08", "2028-01-24", "2026-02-24")}
    assert shown == {"2027-02-03": None, "2027-02-04": "春节", "2027-02-13": "春节",
                     "2027-02-07": "春节",  # a Sunday of the window: named after the festival
                     "2027-02-14": "",  # the Sunday after it: perhaps a make-up working day, as any weekend
                     "2027-02-15": None, "2027-04-08": "清明节", "2027-06-11": "端午节", "2027-09-17": "中秋节",
                     "2027-05-05": "劳动节", "2027-10-08": "国庆节", "2028-01-24": "春节",
                     "2026-02-24": None}  # 2026 has its notice: the calendar tells


def test_the_festivals_are_read_from_the_file_an_officer_may_edit(tmp_path):
    path = tmp_path.joinpath(*FESTIVALS_FILE)
    path.parent.mkdir()
    path.write_text('source = "测试"\n[window]\n"春节" = { before = 0, after = 1 }\n[days]\n'
                    '2030 = { "春节" = 2030-02-03 }\n', encoding="utf-8")
    calendar = load_calendar(shipped=tmp_path)
    assert calendar.problems == []
    # the 5th (初三) is outside this window but a statutory holiday counted as a rest day (s62: 除夕 to 初三 deducted)
    assert [calendar.maybe_rest_day(dt.date(2030, 2, day)) for day in (1, 3, 4, 5, 6)] == [None, "春节", "春节", "",
                                                                                          None]
    assert calendar.maybe_rest_day(dt.date(2027, 2, 10)) is None  # 2027 is not listed in this file


def test_a_malformed_festivals_file_is_reported_by_file_and_line_and_flags_no_festival(tmp_path, english):
    path = tmp_path.joinpath(*FESTIVALS_FILE)
    path.parent.mkdir()
    path.write_text('source = "测试"\n\n[window]\n"春节" = { before = -2, after = 7 }\n\n[days]\n'
                    '2027 = { "春节" = 2027-02-06 }\n', encoding="utf-8")
    calendar = load_calendar(shipped=tmp_path)
    assert calendar.problems == [f"{path}, line 4: in [window], write 春节 = {{ before = 2, after = 7 }}: whole numbers "
                                 "of days from 0 to 31; the file was ignored until it is fixed."]
    assert calendar.maybe_rest_day(dt.date(2027, 2, 10)) is None
    assert calendar.maybe_rest_day(dt.date(2027, 2, 14)) == ""  # a weekend is still perhaps a rest day
    path.write_text('[days]\n2027 = { "春节" = 2028-01-26 }\n', encoding="utf-8")
    assert load_calendar(shipped=tmp_path).problems == [
        f"{path}, line 2: in [days], 2027: 春节 has no window; add 春节 under [window]; the file was ignored "
        "until it is fixed."]
