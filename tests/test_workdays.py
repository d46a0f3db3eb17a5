import datetime as dt
import json
import time

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import fixed_holidays_toml
from workstation.cli import main
from workstation.paths import resource
from workstation.workdays import (
    SPAN_YEARS,
    WorkCalendar,
    default_calendar,
    festival_days,
    load_calendar,
    read_year_file,
    reload_calendars,
)

D = dt.date
# a plausible 2027 (fictional: 春节 on 2027-02-06, the day resources' festivals data gives), a Saturday worked after
# 春节 the make-up working day
FILE_2027 = """\
year = 2027
source = "test notice for 2027"
workdays = [2027-02-20]

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holiday]]
name = "春节"
from = 2027-02-05
to = 2027-02-13
""" + fixed_holidays_toml(2027, but=("元旦", "春节"))
PROPERTIES = settings(database=None, max_examples=300, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])
# dates reaching past the precomputed span (1990-2060) on both sides, and years no source knows
ANY_DATE = st.dates(min_value=D(1985, 1, 1), max_value=D(2066, 12, 31))
# 元旦, 劳动节 and 国庆节 fall on these dates by 《全国年节及纪念日放假办法》 as in force from 2025-01-01
FIXED_BY_LAW = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}


@pytest.fixture
def cal():
    return default_calendar()


def drop(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lunar_by_law(year: int) -> set[dt.date]:
    """The statutory holidays on lunar dates of ``year`` (2024 放假办法): 除夕 to 初三, 清明节, 端午节 and 中秋节 on the
    days the festivals' data gives (none for a year it does not list)."""
    found = set()
    for name, day in festival_days(year).items():
        spread = range(-1, 3) if name == "春节" else range(1)
        found |= {day + dt.timedelta(days=offset) for offset in spread}
    return found


def naive_is_workday(calendar, day):
    """The rule written out from the raw year data, independent of the bisect machinery."""
    data = calendar.years.get(day.year)
    if data is None:  # Monday to Friday, less the statutory holidays from 2025 to the end of the precomputed span
        return day.weekday() < 5 and not (2025 <= day.year <= SPAN_YEARS[1] and (
            (day.month, day.day) in FIXED_BY_LAW or day in lunar_by_law(day.year)))
    return day in data.workdays or (day.weekday() < 5 and day not in data.holidays)


def count_day_by_day(calendar, day, n):
    step = 1 if n > 0 else -1
    left = abs(n)
    while left:
        day += dt.timedelta(days=step)
        left -= naive_is_workday(calendar, day)
    return day


@pytest.mark.parametrize(("start", "n", "expected"), [
    (D(2026, 2, 10), 15, D(2026, 3, 9)),
    (D(2026, 2, 10), 30, D(2026, 3, 30)),
    (D(2026, 3, 2), 15, D(2026, 3, 23)),
    (D(2026, 4, 30), 5, D(2026, 5, 11)),
    (D(2026, 9, 30), 5, D(2026, 10, 13)),
    (D(2026, 6, 15), 7, D(2026, 6, 25)),
])
def test_the_worked_2026_examples_of_the_reference(cal, start, n, expected):
    assert cal.add_workdays(start, n) == expected
    assert cal.span_confirmed(start, expected)
    assert cal.workdays_between(start, expected) == n
    assert cal.add_workdays(expected, -n) == start  # every start here is a working day


def test_a_party_deadline_on_a_holiday_rolls_forward_and_a_working_day_stays(cal):
    assert D(2026, 9, 18) + dt.timedelta(days=15) == D(2026, 10, 3)
    assert cal.roll_forward(D(2026, 10, 3)) == D(2026, 10, 8)
    assert cal.roll_forward(D(2026, 6, 16)) == D(2026, 6, 16)


def test_make_up_saturdays_count_and_holidays_have_their_names(cal):
    assert cal.is_workday(D(2026, 2, 14)) and cal.holiday_name(D(2026, 2, 14)) is None
    assert cal.is_rest_day(D(2026, 2, 16)) and cal.holiday_name(D(2026, 2, 16)) == "春节"
    assert cal.holiday_name(D(2026, 10, 3)) == "国庆节"
    assert cal.is_rest_day(D(2026, 3, 7)) and cal.holiday_name(D(2026, 3, 7)) is None
    assert cal.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 2, 14), 0) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)


def test_the_shipped_2026_file_agrees_with_chinesecalendar_on_every_day():
    data = read_year_file(resource("calendar", "2026.toml"))
    only_file = WorkCalendar([data])
    day, differences = D(2026, 1, 1), []
    while day.year == 2026:
        if only_file.is_workday(day) != chinese_calendar.is_workday(day):
            differences.append(day)
        day += dt.timedelta(days=1)
    assert differences == []
    assert set(data.holidays) == {d for d in chinese_calendar.holidays if d.year == 2026}
    assert data.workdays == {d for d in chinese_calendar.workdays if d.year == 2026}


def test_the_shipped_file_takes_precedence_over_the_package(cal):
    assert "2026年部分节假日安排" in cal.source(2026)
    assert cal.source(2025).startswith("chinesecalendar")
    assert cal.problems == []


def test_2027_is_not_yet_known_to_any_source(cal):
    # the year-boundary and malformed-file tests below rely on it; when chinesecalendar learns 2027,
    # move them to the next year it does not know
    assert not cal.confirmed(2027), "chinesecalendar or resources/calendar now give 2027"


def test_a_year_without_data_counts_monday_to_friday_and_is_unconfirmed(cal):
    end = cal.add_workdays(D(2026, 12, 29), 5)
    assert end == D(2027, 1, 6)  # Dec 30, 31, [Fri Jan 1 元旦], Mon Jan 4, Tue Jan 5, Wed Jan 6
    assert not cal.span_confirmed(D(2026, 12, 29), end)
    assert cal.unconfirmed_years(end, D(2026, 12, 29)) == [2027]
    assert cal.is_workday(D(2027, 2, 10))  # 春节 2027 is a lunar date: unknown until the notice, so counted
    assert cal.add_workdays(D(2026, 12, 28), 3) == D(2026, 12, 31)
    assert cal.span_confirmed(D(2026, 12, 28), D(2026, 12, 31))
    assert cal.add_workdays(D(3000, 1, 1), 10) == count_day_by_day(cal, D(3000, 1, 1), 10)


def test_a_year_without_data_rests_on_the_holidays_the_law_fixes_by_date(cal):
    # a party's 5 working days from service on 2026-12-28: Dec 29, 30, 31, [Fri Jan 1 元旦], Jan 4, Jan 5
    assert cal.add_workdays(D(2026, 12, 28), 5) == D(2027, 1, 5)
    assert cal.is_rest_day(D(2027, 1, 1)) and cal.holiday_name(D(2027, 1, 1)) == "元旦"
    # 劳动节 2028 on Monday 1 and Tuesday 2 May: 3 working days from Friday 28 April end on Friday 5 May
    assert cal.add_workdays(D(2028, 4, 28), 3) == D(2028, 5, 5)
    assert cal.holiday_name(D(2028, 5, 2)) == "劳动节" and cal.is_workday(D(2028, 5, 3))
    # 国庆节 2027 on Friday 1 October: 1 working day after Thursday 30 September is Monday 4 October
    assert cal.add_workdays(D(2027, 9, 30), 1) == D(2027, 10, 4)
    assert cal.roll_forward(D(2027, 10, 1)) == D(2027, 10, 4)
    # still unconfirmed: the bridging days and make-up working days come only with the notice
    assert not cal.confirmed(2027) and cal.unconfirmed_years(D(2028, 4, 28), D(2028, 5, 5)) == [2028]


def test_the_fixed_dates_apply_only_from_2025_when_the_revised_law_took_effect():
    calendar = WorkCalendar()  # no source at all
    assert calendar.is_workday(D(2024, 1, 1)) and calendar.is_workday(D(2024, 5, 3))  # other rules then
    assert calendar.is_rest_day(D(2025, 1, 1)) and calendar.is_workday(D(2025, 5, 5))
    assert calendar.is_rest_day(D(2025, 10, 3)) and calendar.holiday_name(D(2025, 10, 3)) == "国庆节"


def test_the_shipped_2026_file_is_counted_exactly_as_it_says(cal):
    data = cal.years[2026]
    assert data.origin == str(resource("calendar", "2026.toml"))
    for ordinal in range(D(2026, 1, 1).toordinal(), D(2026, 12, 31).toordinal() + 1):
        day = D.fromordinal(ordinal)
        assert cal.is_workday(day) == (day in data.workdays or (day.weekday() < 5 and day not in data.holidays))
    assert cal.add_workdays(D(2026, 4, 30), 5) == D(2026, 5, 11)
    assert cal.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.add_workdays(D(2026, 12, 20), 7) == D(2026, 12, 29)


def test_a_year_file_that_leaves_out_a_fixed_holiday_or_works_on_one_is_refused_naming_the_day(english, data_dir):
    # the file replaces its year whole: without 国庆节 it would count Friday 2027-10-01 as a working day
    path = drop(data_dir / "calendar", "2027.toml", FILE_2027.split("\n[[holiday]]\nname = \"国庆节\"")[0])
    calendar = load_calendar(data_dir)
    # each day left out named, without a line: none of the file's lines is wrong
    assert calendar.problems == [f"{path}: 2027-10-01, 2027-10-02, 2027-10-03 (国庆节, holidays the law fixes by date) "
                                 "are not inside any [[holiday]]: add them to the holiday 国庆节, as the State "
                                 "Council's notice gives it; the file was ignored until it is fixed."]
    assert not calendar.confirmed(2027)  # counted as a year without data: the fixed dates are rest days
    assert calendar.is_rest_day(D(2027, 10, 1)) and calendar.holiday_name(D(2027, 10, 1)) == "国庆节"
    # a fixed holiday given as a make-up working day (and so left out of the holidays) is refused on its line
    path.write_text(FILE_2027.replace("workdays = [2027-02-20]", "workdays = [2027-02-20, 2027-05-01]")
                    .replace("from = 2027-05-01", "from = 2027-05-02"), encoding="utf-8")
    calendar = load_calendar(data_dir)
    assert calendar.problems == [f"{path}, line 3: 2027-05-01 is a make-up working day here, but it is 劳动节, a "
                                 "holiday the law fixes by date: remove it from workdays; the file was ignored "
                                 "until it is fixed."]
    assert calendar.is_rest_day(D(2027, 5, 1)) and not calendar.confirmed(2027)


def test_dropping_a_2027_file_into_the_data_dir_makes_2027_known(data_dir):
    assert default_calendar(data_dir).add_workdays(D(2026, 12, 29), 5) == D(2027, 1, 6)
    assert not default_calendar(data_dir).is_workday(D(2027, 2, 20))  # a Saturday, until the file says otherwise
    drop(data_dir / "calendar", "2027.toml", FILE_2027)
    reload_calendars()
    calendar = default_calendar(data_dir)
    assert calendar.add_workdays(D(2026, 12, 29), 5) == D(2027, 1, 6)
    assert calendar.span_confirmed(D(2026, 12, 29), D(2027, 1, 6))
    assert calendar.is_workday(D(2027, 2, 20)) and calendar.holiday_name(D(2027, 1, 1)) == "元旦"
    assert calendar.is_rest_day(D(2027, 2, 8)) and calendar.holiday_name(D(2027, 2, 8)) == "春节"  # a Monday
    assert calendar.source(2027) == "test notice for 2027"
    assert default_calendar(data_dir) is calendar
    assert not default_calendar().confirmed(2027)


def test_a_data_dir_file_replaces_the_shipped_year_entirely(data_dir):
    drop(data_dir / "calendar", "2026.toml", 'year = 2026\nsource = "fixed dates only"\n' + fixed_holidays_toml(2026))
    calendar = load_calendar(data_dir)
    assert calendar.confirmed(2026) and calendar.problems == []
    assert calendar.source(2026) == "fixed dates only" and calendar.is_rest_day(D(2026, 10, 1))
    # the shipped file's Monday 5 October (国庆节) and Monday 16 February (春节) are working days, its make-up
    # Saturday 14 February a rest day
    assert calendar.is_workday(D(2026, 10, 5)) and calendar.is_workday(D(2026, 2, 16))
    assert not calendar.is_workday(D(2026, 2, 14))


MALFORMED = {
    "bad TOML": ('year = 2027\nsource = "unclosed\n', 2, "not valid TOML"),
    "impossible date": ('year = 2027\n\n[[holiday]]\nname = "春节"\nfrom = 2027-02-30\nto = 2027-02-12\n', 5,
                        "does not exist"),
    "to before from": ('year = 2027\n[[holiday]]\nname = "春节"\nfrom = 2027-02-10\nto = 2027-02-05\n', 5,
                       "holiday 春节 ends on 2027-02-05, before it starts on 2027-02-10"),
    "year disagrees": ('year = 2027\n[[holiday]]\nname = "元旦"\nfrom = 2028-01-01\nto = 2028-01-03\n', 4,
                       "2028-01-01 is in 2028, not in year = 2027"),
    "make-up day inside a holiday": (FILE_2027.replace("[2027-02-20]", "[2027-01-01]"), 3,
                                     "make-up working day 2027-01-01 is inside the holiday 元旦"),
    "date in quotes": ('year = 2027\n[[holiday]]\nname = "元旦"\nfrom = "2027-01-01"\nto = 2027-01-03\n', 4,
                       "from is missing or is not a date"),
    "misspelt key": ('year = 2027\nworkday = [2027-02-20]\n', 2, "unknown key workday"),
    "holiday without a name": ('year = 2027\n\n[[holiday]]\nfrom = 2027-01-01\nto = 2027-01-03\n', 3,
                               "needs a name"),
    "make-up days below a holiday": ('year = 2027\n[[holiday]]\nname = "元旦"\nfrom = 2027-01-01\nto = 2027-01-03\n'
                                     'workdays = [2027-01-04]\n', 6,
                                     "move the workdays line above the first [[holiday]]"),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_a_malformed_file_is_reported_with_its_line_and_ignored(english, data_dir, kind):
    text, line, fragment = MALFORMED[kind]
    path = drop(data_dir / "calendar", "2027.toml", text)
    calendar = load_calendar(data_dir)
    assert len(calendar.problems) == 1
    problem = calendar.problems[0]
    assert problem.startswith(f"{path}, line {line}: ")
    assert fragment in problem
    assert problem.endswith("the file was ignored until it is fixed.")
    assert not calendar.confirmed(2027)
    assert calendar.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 2027 counted without data: 元旦 skipped


def test_a_malformed_file_keeps_the_year_of_the_earlier_source(english, data_dir, tmp_path):
    shipped = tmp_path / "shipped"
    drop(shipped, "2027.toml", FILE_2027)
    drop(data_dir / "calendar", "2027.toml", MALFORMED["to before from"][0])
    drop(data_dir / "calendar", "2026.toml", MALFORMED["bad TOML"][0].replace("2027", "2026"))
    calendar = load_calendar(data_dir, shipped=shipped)
    assert len(calendar.problems) == 2
    assert calendar.source(2027) == "test notice for 2027"
    assert calendar.source(2026).startswith("chinesecalendar")
    assert calendar.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_two_files_for_one_year_keep_the_first_and_report_the_second(english, data_dir):
    folder = data_dir / "calendar"
    first = drop(folder, "2027.toml", FILE_2027)
    second = drop(folder, "copy-of-2027.toml", FILE_2027.replace("test notice", "copy"))
    calendar = load_calendar(data_dir)
    assert calendar.source(2027) == "test notice for 2027"
    assert calendar.problems == [f"{second}, line 1: year 2027 is already given by {first}; the file was ignored "
                                 "until it is fixed."]


def test_a_file_not_in_utf8_is_reported_with_the_line_of_its_first_bad_byte(english, data_dir):
    path = data_dir / "calendar" / "2027.toml"
    path.parent.mkdir()
    path.write_bytes(b"year = 2027\nsource = \"\xff\"\n")
    (problem,) = load_calendar(data_dir).problems
    assert problem == (f"{path}, line 2: the text is not UTF-8 (saved as GB18030/ANSI or UTF-16?): save the file as "
                       "UTF-8; the file was ignored until it is fixed.")


@PROPERTIES
@given(day=ANY_DATE, n=st.integers(min_value=1, max_value=400))
def test_adding_working_days_lands_on_a_working_day_counted_day_by_day(cal, day, n):
    end = cal.add_workdays(day, n)
    assert end > day and cal.is_workday(end) and naive_is_workday(cal, end)
    assert end == count_day_by_day(cal, day, n)
    assert cal.workdays_between(day, end) == n


@PROPERTIES
@given(day=ANY_DATE, n=st.integers(min_value=-400, max_value=-1))
def test_subtracting_working_days_counts_backwards_day_by_day(cal, day, n):
    assert cal.add_workdays(day, n) == count_day_by_day(cal, day, n)


@PROPERTIES
@given(day=ANY_DATE, n=st.integers(min_value=0, max_value=300))
def test_adding_working_days_is_strictly_monotone_in_n(cal, day, n):
    assert cal.add_workdays(day, n) < cal.add_workdays(day, n + 1)


@PROPERTIES
@given(day=ANY_DATE, a=st.integers(min_value=0, max_value=300), b=st.integers(min_value=0, max_value=300))
def test_adding_a_then_b_working_days_is_adding_a_plus_b(cal, day, a, b):
    assert cal.add_workdays(cal.add_workdays(day, a), b) == cal.add_workdays(day, a + b)


@PROPERTIES
@given(day=ANY_DATE, n=st.integers(min_value=-400, max_value=400))
def test_the_ordinal_fast_path_agrees_with_the_date_path(cal, day, n):
    assert cal.add_workdays_ord(day.toordinal(), n) == cal.add_workdays(day, n).toordinal()
    rolled = cal.roll_forward(day)
    assert cal.roll_forward_ord(day.toordinal()) == rolled.toordinal()
    assert cal.is_workday(rolled) and (rolled == day or count_day_by_day(cal, day - dt.timedelta(days=1), 1) == rolled)
    assert cal.is_workday(day) == naive_is_workday(cal, day)


def test_the_ordinal_fast_path_is_fast_enough_for_a_bulk_engine(cal):
    start = D(2026, 1, 1).toordinal()
    add = cal.add_workdays_ord
    began = time.perf_counter()
    for i in range(300_000):
        add(start + i % 700, 15)
    assert time.perf_counter() - began < 3  # ~0.1 s expected; a linear scan would take minutes


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_workdays_prints_the_date_as_json(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2026-02-10", "15", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"date": "2026-03-09", "confirmed": True}
    code, out, _err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2026-05-11", "-5")
    assert (code, out) == (0, "2026-04-30\n")


def test_cli_add_workdays_says_when_a_year_is_unconfirmed_until_its_file_is_dropped(capsys, english, data_dir):
    code, out, note = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2026-12-29", "5")
    assert (code, out) == (0, "2027-01-06\n")  # the date alone on stdout, the warning on stderr
    assert "no holiday data for 2027" in note and "New Year's Day (1 January), Labour Day (1–2 May), National Day " \
        "(1–3 October)" in note  # in English, the holidays too
    assert str(data_dir / "calendar" / "2027.toml") in note and str(resource("calendar", "2026.toml")) in note
    drop(data_dir / "calendar", "2027.toml", FILE_2027)
    reload_calendars()
    code, out, _err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2026-12-29", "5", "--json")
    assert json.loads(out) == {"date": "2027-01-06", "confirmed": True}


@pytest.mark.parametrize(("date", "n", "field"), [("2026-02-30", "5", "DATE"), ("tomorrow", "5", "DATE"),
                                                  ("2026-02-10", "five", "N"), ("2026-02-10", "1.5", "N")])
def test_cli_add_workdays_refuses_a_bad_date_or_count_in_one_line(capsys, english, data_dir, date, n, field):
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", date, n)
    # a count that is no whole number is a usage error (exit 2, session 61), as `--limit abc`; a bad date exit 1
    assert code == (2 if field == "N" else 1) and out == ""
    assert err.startswith(f"Error: {field}: ") and err.count("\n") == 1


def test_cli_warns_about_a_malformed_calendar_file_and_still_answers(capsys, english, data_dir):
    path = drop(data_dir / "calendar", "2027.toml", MALFORMED["to before from"][0])
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2026-12-31", "1", "--json")
    assert code == 0
    assert json.loads(out) == {"date": "2027-01-04", "confirmed": False, "unconfirmed_years": [2027],
                               "calendar_files": [str(path)], "example_file": str(resource("calendar", "2026.toml"))}
    assert err.startswith(f"Warning: {path}, line 5: holiday 春节 ends on 2027-02-05")


def test_a_file_saved_with_a_byte_order_mark_is_read(data_dir):
    """Windows Notepad may save UTF-8 with a byte order mark before ``year``: the file is the officer's all the same."""
    path = drop(data_dir / "calendar", "2027.toml", "")
    path.write_bytes(FILE_2027.encode("utf-8-sig"))
    calendar = load_calendar(data_dir)
    assert calendar.problems == [] and calendar.source(2027) == "test notice for 2027"
    assert not calendar.is_workday(D(2027, 1, 1))
