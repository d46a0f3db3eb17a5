"""Chinese working days for statutory deadlines (REFERENCE §1.2): which dates are working days under the
State Council's yearly holiday notices, and counting working days from a date. Data comes, in increasing
precedence, from the chinesecalendar package, the yearly files shipped in ``resources/calendar`` and the
yearly files an officer drops into ``<data dir>/calendar``; a later source replaces a year entirely. A year
no source knows counts Monday to Friday as working days, less the statutory holidays (those the law fixes by date,
``FIXED_HOLIDAYS``, and those on lunar dates, ``LUNAR_HOLIDAYS``, on the days ``FESTIVALS_FILE`` gives them), and is
*unconfirmed*; in such a year a weekend may be a make-up working day and a weekday
about a festival very probably a rest day (``WorkCalendar.maybe_rest_day``, the windows of ``FESTIVALS_FILE``, not
official). A malformed file never stops the application: it is ignored and described in
``WorkCalendar.problems``."""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workstation.errors import WorkstationError, os_reason
from workstation.i18n import N_, _, join_names, ngettext
from workstation.output import remove_quietly, write_output
from workstation.paths import resource

CALENDAR_DIR = "calendar"
# the precomputed working days cover at least these years; others are counted Monday-Friday on the fly
SPAN_YEARS = (1990, 2060)
YEAR_LIMITS = (1900, 2200)
FILE_KEYS = ("year", "source", "holiday", "workdays")
HOLIDAY_KEYS = ("name", "from", "to")
# The statutory holidays on fixed dates of the Gregorian calendar, 《全国年节及纪念日放假办法》 art. 2 as revised
# on 2024-11-10, in force from 2025-01-01: (name, month, first day, last day). The other holidays fall on lunar or
# solar-term dates, and the bridging and make-up working days come only with the State Council's yearly notice.
# A year no source gives rests on these days from FIXED_HOLIDAYS_SINCE to the end of SPAN_YEARS (it stays
# unconfirmed); earlier years were under other texts and are counted Monday to Friday only, as are the years
# after the span. When the law changes, change these two lines (and resources/calendar/README.md).
FIXED_HOLIDAYS = (("元旦", 1, 1, 1), ("劳动节", 5, 1, 2), ("国庆节", 10, 1, 3))
FIXED_HOLIDAYS_SINCE = 2025
# The statutory holidays on lunar or solar-term dates, the same article: (name, days before, days after) the day of
# its festival — 春节 from 除夕 (the eve of 正月初一) to 初三, 清明节, 端午节 and 中秋节 on their day. The law fixes them,
# but their days in the Gregorian calendar come only from FESTIVALS_FILE [days] (astronomical dates, not the notice):
# a year without holiday data that it lists rests on them too (still unconfirmed); one it does not list, only on
# FIXED_HOLIDAYS.
LUNAR_HOLIDAYS = (("春节", 1, 2), ("清明节", 0, 0), ("端午节", 0, 0), ("中秋节", 0, 0))
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"))
DAY_NAMES = (*WEEKDAYS, N_("Saturday"), N_("Sunday"))  # by date.weekday()
# chinesecalendar abbreviates some names; the notices use these
OFFICIAL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
# NOT the law: the days about each festival that a year without holiday data very probably rests on, in
# resources/calendar/<FESTIVALS_FILE> (``read_festivals``; in a folder of its own, the yearly files' folder taking
# every *.toml for a year). They are never counted as rest days: an internal limit ending on one is only flagged.
FESTIVALS_FILE = ("unofficial", "festivals.toml")
FESTIVAL_KEYS = ("source", "window", "fixed", "days")
WINDOW_DAYS = 31  # the most days a window may reach before or after its festival
# the most days one [[holiday]] of a yearly file may run: the longest holidays, 春节 and 国庆节, take 8 or 9 (10 in
# 2020, 春节 extended); a longer one is a date mistyped (端午节 to 2027-08-11 for 2027-06-11) and refused
LONGEST_HOLIDAY = 10


class CalendarFileError(WorkstationError):
    """A yearly holiday file that cannot be used; the message names the file, the line and the fix. ``found``: its
    problems alone, (line or None, problem), for a message of another's to name (``reasons``)."""

    def __init__(self, message: str, found: list[tuple[int | None, str]] | None = None):
        super().__init__(message)
        self.found = list(found or ())

    def reasons(self) -> str:
        """The problems without the file's name and what becomes of it: "line 28: holiday 端午节 runs …; …"."""
        if not self.found:
            return self.message
        return _("; ").join(problem if line is None else _("line {line}: {problem}").format(line=line, problem=problem)
                            for line, problem in self.found)


@dataclass(frozen=True)
class Festivals:
    """The breaks a year without holiday data very probably has about its festivals (not official: the State
    Council's notice decides): each festival's window, (days before, days after) its day; the windows fixed by date,
    (name, month, first day, last day), from FIXED_HOLIDAYS_SINCE on; and, per year, the day of each festival that
    falls on a lunar or solar-term date (春节 …)."""

    windows: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    fixed: tuple[tuple[str, int, int, int], ...] = ()
    days: Mapping[int, Mapping[str, dt.date]] = field(default_factory=dict)

    def lunar_holidays(self, year: int) -> dict[dt.date, str]:
        """The statutory holidays on lunar or solar-term dates (LUNAR_HOLIDAYS) of ``year`` from FIXED_HOLIDAYS_SINCE
        on, on the days [days] gives its festivals: rest day -> holiday name; none for a year it does not list."""
        found: dict[dt.date, str] = {}
        if year < FIXED_HOLIDAYS_SINCE:
            return found
        for listed in (year - 1, year, year + 1):  # 除夕 may lie in the year before 正月初一
            days = self.days.get(listed, {})
            for name, before, after in LUNAR_HOLIDAYS:
                if name not in days:
                    continue
                for offset in range(-before, after + 1):
                    near = days[name] + dt.timedelta(days=offset)
                    if near.year == year:
                        found[near] = name
        return found

    def statutory_holidays(self, year: int) -> dict[dt.date, str]:
        """The statutory holidays a year without holiday data rests on: those the law fixes by date
        (``fixed_dates``) and those on the lunar dates ``lunar_holidays`` knows; a day of both keeps the one fixed by
        date (中秋节 2028-10-03 within 国庆节)."""
        return {**self.lunar_holidays(year), **fixed_dates(year)}

    def of_year(self, year: int) -> dict[dt.date, str]:
        """The days of ``year`` in some festival's window -> that festival; a day in two windows (2028-10-03, 中秋节
        within 国庆节's) is given to the one fixed by date."""
        found: dict[dt.date, str] = {}
        if year >= FIXED_HOLIDAYS_SINCE:
            for name, month, first, last in self.fixed:
                for day in range(first, last + 1):
                    found.setdefault(dt.date(year, month, day), name)
        for listed in (year - 1, year, year + 1):  # a window may reach into the next or the last year
            for name, day in self.days.get(listed, {}).items():
                before, after = self.windows[name]
                for offset in range(-before, after + 1):
                    near = day + dt.timedelta(days=offset)
                    if near.year == year:
                        found.setdefault(near, name)
        return found


@dataclass(frozen=True)
class YearData:
    """The holidays (rest day -> holiday name) and make-up working days of one year, and their origin."""

    year: int
    source: str
    origin: str
    holidays: Mapping[dt.date, str]
    workdays: frozenset[dt.date]
    # what is odd in the file but does not stop it being used: a make-up working day on a Monday to Friday, already
    # a working day (a date mistyped?), each naming the file, the line and the day
    warnings: tuple[str, ...] = ()


def days_digest(data: YearData) -> str:
    """The sha256 of the days ``data`` gives — its holidays (each day and its name) and its make-up working days —,
    whatever the source text, comments, layout or line ends of its file: two year files of one digest count every
    deadline alike (``same_days``). Headquarters and a station compare years by it (``bundle.calendar_part``)."""
    import hashlib
    import json

    days = {"year": data.year, "holidays": sorted((day.isoformat(), name) for day, name in data.holidays.items()),
            "workdays": sorted(day.isoformat() for day in data.workdays)}
    return hashlib.sha256(json.dumps(days, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def same_days(a: YearData, b: YearData) -> bool:
    """Whether ``a`` and ``b`` give one year the same holidays (days and names) and make-up working days, whatever
    their files' bytes."""
    return a.year == b.year and dict(a.holidays) == dict(b.holidays) and set(a.workdays) == set(b.workdays)


@functools.lru_cache(maxsize=8)
def _working_ordinals(lo: int, hi: int, rest: frozenset[int], extra: frozenset[int]) -> tuple[int, ...]:
    """The working days from ``lo`` to ``hi`` (ordinals): Monday to Friday but the ``rest`` days, and the ``extra``
    make-up days. Kept for calendars of the same days: each data directory's calendar is built once, and the
    seventy years of the span took a few milliseconds to list, for every data directory a process opens."""
    return tuple(o for o in range(lo, hi + 1) if o in extra or ((o - 1) % 7 < 5 and o not in rest))


def _weekdays_upto(ordinal: int) -> int:
    """How many Mondays to Fridays lie in [0001-01-01, ordinal] (ordinal 1 is a Monday)."""
    weeks, day = divmod(ordinal - 1, 7)
    return 5 * weeks + min(day + 1, 5)


def _nth_weekday(k: int) -> int:
    """The ordinal of the k-th Monday-to-Friday day counted from 0001-01-01; inverse of _weekdays_upto."""
    weeks, day = divmod(k - 1, 5)
    return 7 * weeks + day + 1


class WorkCalendar:
    """Working days of every year: the known years' holidays and make-up days, Monday to Friday elsewhere.

    Every question goes through one sorted array of working-day ordinals over the span of years (unknown
    years filled Monday to Friday) and ``bisect``, so the date functions and the ``*_ord`` fast path used by
    bulk deadline engines cannot disagree. Outside the span days are counted Monday to Friday arithmetically.
    """

    def __init__(self, years: Mapping[int, YearData] | Iterable[YearData] = (), problems: Iterable[str] = (),
                 festivals: Festivals | None = None):
        items = years.values() if isinstance(years, Mapping) else years
        self.years: dict[int, YearData] = {data.year: data for data in items}
        self.problems: list[str] = list(problems)
        self.festivals = festivals or Festivals()
        self._windows: dict[int, dict[dt.date, str]] = {}  # ``Festivals.of_year`` of the years asked about
        first, last = min([SPAN_YEARS[0], *self.years]), max([SPAN_YEARS[1], *self.years])
        self._lo = dt.date(first, 1, 1).toordinal()
        self._hi = dt.date(last, 12, 31).toordinal()
        self._assumed = {day.toordinal(): name for year in range(max(first, FIXED_HOLIDAYS_SINCE), last + 1)
                         if year not in self.years for day, name in self.festivals.statutory_holidays(year).items()}
        rest = {day.toordinal() for data in self.years.values() for day in data.holidays} | set(self._assumed)
        extra = {day.toordinal() for data in self.years.values() for day in data.workdays}
        self._ords = _working_ordinals(self._lo, self._hi, frozenset(rest), frozenset(extra))
        self._before = _weekdays_upto(self._lo - 1)
        self._after = _weekdays_upto(self._hi)
        self._names = {day.toordinal(): name for data in self.years.values() for day, name in data.holidays.items()}
        self._names.update(self._assumed)

    # ---- the machinery: positions in the sequence of all working days
    def _position(self, ordinal: int) -> int:
        """How many working days lie on or before ``ordinal``."""
        if ordinal < self._lo:
            return _weekdays_upto(ordinal)
        if ordinal > self._hi:
            return self._before + len(self._ords) + _weekdays_upto(ordinal) - self._after
        return self._before + bisect_right(self._ords, ordinal)

    def _nth(self, k: int) -> int:
        """The ordinal of the k-th working day (the inverse of _position on working days)."""
        if k <= self._before:
            return _nth_weekday(k)
        index = k - self._before - 1
        if index < len(self._ords):
            return self._ords[index]
        return _nth_weekday(self._after + index - len(self._ords) + 1)

    # ---- fast path on date.toordinal() integers
    def add_workdays_ord(self, ordinal: int, n: int) -> int:
        """``add_workdays`` on ordinals: the n-th working day after (n > 0) or before (n < 0) ``ordinal``."""
        ords = self._ords
        if n > 0:
            if self._lo <= ordinal:
                index = bisect_right(ords, ordinal) + n - 1
                if index < len(ords):
                    return ords[index]
            return self._nth(self._position(ordinal) + n)
        if n < 0:
            if ordinal <= self._hi:
                index = bisect_left(ords, ordinal) + n
                if index >= 0:
                    return ords[index]
            return self._nth(self._position(ordinal - 1) + n + 1)
        return ordinal

    def roll_forward_ord(self, ordinal: int) -> int:
        """``roll_forward`` on ordinals: ``ordinal`` if a working day, else the next working day."""
        if self._lo <= ordinal:
            index = bisect_left(self._ords, ordinal)
            if index < len(self._ords):
                return self._ords[index]
        return self._nth(self._position(ordinal - 1) + 1)

    def workdays_between_ord(self, a: int, b: int) -> int:
        """``workdays_between`` on ordinals: the working days in (a, b]."""
        return self._position(b) - self._position(a)

    def is_workday_ord(self, ordinal: int) -> bool:
        return self._position(ordinal) != self._position(ordinal - 1)

    # ---- dates
    def is_workday(self, day: dt.date) -> bool:
        """Whether officers work on ``day`` (make-up Saturdays and Sundays included)."""
        return self.is_workday_ord(day.toordinal())

    def is_rest_day(self, day: dt.date) -> bool:
        """Weekends that are not make-up working days, and statutory holidays."""
        return not self.is_workday_ord(day.toordinal())

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday ``day`` belongs to (春节, 国庆节 …), None for other days."""
        return self._names.get(day.toordinal())

    def maybe_rest_day(self, day: dt.date) -> str | None:
        """Whether ``day``, of a year without holiday data, may be a rest day, which only that year's notice can
        tell: the festival (春节 …) whose window (``Festivals``, not official) holds it, very probably a rest day even
        on a weekday counted as working; "" for another day counted as a rest day (a weekend, which may yet be a
        make-up working day, or a statutory holiday counted: ``Festivals.statutory_holidays``); None for a weekday
        outside the windows, and for every day
        of a year with holiday data (``is_rest_day`` tells)."""
        if day.year in self.years:
            return None
        windows = self._windows.get(day.year)
        if windows is None:
            windows = self._windows[day.year] = self.festivals.of_year(day.year)
        name = windows.get(day)
        if name is not None:
            return name
        return "" if self.is_rest_day(day) else None

    def confirmed(self, year: int) -> bool:
        """Whether some source gives the holidays of ``year`` (otherwise Monday to Friday are assumed, less the
        statutory holidays from FIXED_HOLIDAYS_SINCE on: ``fixed_holidays``)."""
        return year in self.years

    def source(self, year: int) -> str | None:
        """The notice (or package) the holidays of ``year`` come from."""
        data = self.years.get(year)
        return data.source if data else None

    def unconfirmed_years(self, a: dt.date, b: dt.date) -> list[int]:
        """The years from the earlier to the later of a and b that no source gives."""
        first, last = sorted((a.year, b.year))
        return [year for year in range(first, last + 1) if year not in self.years]

    def span_confirmed(self, a: dt.date, b: dt.date) -> bool:
        """Whether every year from a to b (in either order) has holiday data."""
        return not self.unconfirmed_years(a, b)

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after ``day`` (n > 0; ``day`` itself never counts, REFERENCE §1.2 rule 1),
        the |n|-th working day before it (n < 0), or ``day`` (n == 0)."""
        return dt.date.fromordinal(self.add_workdays_ord(day.toordinal(), n))

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it (§1.2 rule 3)."""
        return dt.date.fromordinal(self.roll_forward_ord(day.toordinal()))

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days lie in (a, b]; negative when b is before a."""
        return self.workdays_between_ord(a.toordinal(), b.toordinal())


def fixed_dates(year: int) -> dict[dt.date, str]:
    """The statutory holidays the law fixes by a date of the Gregorian calendar (FIXED_HOLIDAYS) in ``year``: rest
    day -> holiday name (whatever the year: ``FIXED_HOLIDAYS_SINCE`` is the caller's to weigh)."""
    return {dt.date(year, month, day): name for name, month, first, last in FIXED_HOLIDAYS
            for day in range(first, last + 1)}


def shipped_festivals() -> Festivals:
    """The festivals' data shipped with the program (``FESTIVALS_FILE``), read once per change; none when it is
    missing or malformed (which the calendar reports)."""
    path = resource(CALENDAR_DIR).joinpath(*FESTIVALS_FILE)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Festivals()
    return _festivals_of(path, stamp)


def fixed_holidays(year: int, festivals: Festivals | None = None) -> dict[dt.date, str]:
    """The statutory holidays a year without holiday data rests on (``Festivals.statutory_holidays``: those the law
    fixes by date and, where ``festivals`` — the shipped data by default — gives their festivals' days, 春节, 清明节,
    端午节 and 中秋节): rest day -> holiday name."""
    return (festivals if festivals is not None else shipped_festivals()).statutory_holidays(year)


def _holiday_items(holidays: Mapping[dt.date, str]) -> list[str]:
    from workstation.vocabulary import shown_label

    items = []
    for name, first, last in holiday_spans(holidays):
        name = shown_label("holidays", name)
        items.append(_("{name} ({day})").format(name=name, day=first) if first == last
                     else _("{name} ({first} – {last})").format(name=name, first=first, last=last))
    return items


def fixed_holidays_text(years: Iterable[int], festivals: Festivals | None = None) -> str:
    """The statutory holidays deducted in the years without holiday data ``years`` (``fixed_holidays``), for a
    message: those fixed by date, e.g. 元旦 (1 January), 劳动节 (1–2 May), 国庆节 (1–3 October), then, year by year, those
    on lunar dates with their days as the festivals' data (``festivals``, the shipped data by default; not
    official) gives them, and the years from FIXED_HOLIDAYS_SINCE on whose lunar dates it does not give (nothing
    deducted for them)."""
    from workstation.vocabulary import shown_label

    festivals = festivals if festivals is not None else shipped_festivals()
    parts = []
    for chinese, month, first, last in FIXED_HOLIDAYS:
        name = shown_label("holidays", chinese)  # New Year's Day in English
        month_name = _(MONTHS[month - 1])
        if first == last:
            parts.append(_("{name} ({day} {month})").format(name=name, day=first, month=month_name))
        else:
            parts.append(_("{name} ({first}–{last} {month})").format(name=name, first=first, last=last,
                                                                      month=month_name))
    text = join_names(parts)
    lunar_names = join_names([shown_label("holidays", name) for name, _before, _after in LUNAR_HOLIDAYS])
    wanted = sorted({year for year in years if year >= FIXED_HOLIDAYS_SINCE})
    lunar = {year: festivals.lunar_holidays(year) for year in wanted}
    given = [_("in {year}: {holidays}").format(year=year, holidays=join_names(items)) for year in wanted
             if (items := _holiday_items(lunar[year]))]
    if given:
        text = _("{fixed}, and the holidays on lunar dates, {lunar} (their days from the program's festival data, "
                 "not official)").format(fixed=text, lunar=_("; ").join(given))
    unknown = [year for year in wanted if not lunar[year]]
    if unknown:
        text = _("{fixed}; {lunar} were not deducted in {years}, the program's festival data not giving their "
                 "days there").format(fixed=text, lunar=lunar_names, years=join_names(str(y) for y in unknown))
    return text


def holiday_spans(holidays: Mapping[dt.date, str]) -> list[tuple[str, dt.date, dt.date]]:
    """The holidays of a year (rest day -> name) as (name, first day, last day), each run of days in a row of one
    name, in order of date."""
    spans: list[list] = []
    for day in sorted(holidays):
        name = holidays[day]
        if spans and spans[-1][0] == name and spans[-1][2].toordinal() + 1 == day.toordinal():
            spans[-1][2] = day
        else:
            spans.append([name, day, day])
    return [(name, first, last) for name, first, last in spans]


def year_listing(holidays: Mapping[dt.date, str], workdays: Iterable[dt.date]) -> dict:
    """The holidays and make-up working days of a year as --json gives them: {"holidays": [{"name", "from", "to",
    "days"}], "workdays": [ISO date, ...]}."""
    return {"holidays": [{"name": name, "from": first.isoformat(), "to": last.isoformat(),
                          "days": last.toordinal() - first.toordinal() + 1}
                         for name, first, last in holiday_spans(holidays)],
            "workdays": [day.isoformat() for day in sorted(workdays)]}


def year_lines(holidays: Mapping[dt.date, str], workdays: Iterable[dt.date]) -> list[str]:
    """The holidays (one a line, indented) and make-up working days of a year, for the officer to check against
    the State Council's notice by eye (``calendar import``, ``calendar list YEAR``, 导入节假日文件…)."""
    lines = [_("Holidays:")]
    for name, first, last in holiday_spans(holidays):
        days = last.toordinal() - first.toordinal() + 1
        if first == last:
            lines.append("  " + _("{name}: {day} (1 day)").format(name=name, day=first))
        else:
            lines.append("  " + _("{name}: {first} – {last} ({days} days)").format(name=name, first=first, last=last,
                                                                                 days=days))
    if len(lines) == 1:
        lines.append("  " + _("none"))
    made_up = [_("{day} ({weekday})").format(day=day, weekday=_(DAY_NAMES[day.weekday()]))
               for day in sorted(workdays)]
    lines.append(_("Make-up working days: {days}").format(days=join_names(made_up)) if made_up
                 else _("Make-up working days: none"))
    return lines


def year_file(data_dir: Path | None, year: int) -> Path:
    """The file that gives the holidays of ``year``: ``<data_dir>/calendar/<year>.toml``."""
    folder = Path(data_dir) / CALENDAR_DIR if data_dir is not None else Path(CALENDAR_DIR)
    return folder / f"{year}.toml"


def year_origin(data: YearData, data_dir: Path | None) -> str:
    """Where the holidays of ``data`` come from: "data_folder" (a file of the calendar folder of ``data_dir``),
    "shipped" (a file of resources/calendar, shipped with the program) or "chinesecalendar" (the package built into
    the program). Whether a data folder's file is headquarters' is ``calendar_part.from_headquarters``."""
    origin = Path(data.origin)
    if origin.suffix != ".toml":  # "chinesecalendar 1.10.0"
        return "chinesecalendar"
    if data_dir is not None and origin.parent.resolve() == (Path(data_dir) / CALENDAR_DIR).resolve():
        return "data_folder"
    return "shipped"


def origin_text(data: YearData, data_dir: Path | None) -> str:
    """Where the holidays of ``data`` come from (``year_origin``), as a message names it."""
    origin = year_origin(data, data_dir)
    if origin == "chinesecalendar":
        return _("the {source} package built into the program").format(source=data.source)
    if origin == "shipped":
        return _("the file {file} shipped with the program").format(file=data.origin)
    return _("this data folder's file {file}").format(file=data.origin)


def program_year(calendar: WorkCalendar, year: int, data_dir: Path | None) -> YearData | None:
    """The holidays of ``year`` that ``calendar`` (of ``data_dir``) takes from the program itself — the chinesecalendar
    package built in or a file shipped with it —, which an officer's import of that year would replace; None when
    it has none, or takes the year from a file of the calendar folder."""
    data = calendar.years.get(year)
    return data if data is not None and year_origin(data, data_dir) != "data_folder" else None


def folder_year(calendar: WorkCalendar, year: int, data_dir: Path | None) -> YearData | None:
    """The holidays of ``year`` that ``calendar`` (of ``data_dir``) takes from a file of the calendar folder, as
    ``read_year_folder`` read it: ``origin`` is that file, ``<year>.toml`` or a copy named otherwise ("2027 -
    副本.toml"); None when it takes none from there — no file, or only files it refused (ignored until fixed). What
    an import of that year would replace, and what its removal takes out."""
    data = calendar.years.get(year)
    return data if data is not None and year_origin(data, data_dir) == "data_folder" else None


def with_year(calendar: WorkCalendar, data: YearData) -> WorkCalendar:
    """``calendar`` with the holidays of ``data`` in place of whatever it had for that year."""
    return WorkCalendar({**calendar.years, data.year: data}, calendar.problems, calendar.festivals)


@dataclass(frozen=True)
class DayChange:
    """A day that is a working day in one calendar and a rest day in the other: whether it is a working day in the
    new one, and the holiday it belongs to (in the new calendar, else the old), "" for a weekend."""

    day: dt.date
    working: bool
    holiday: str

    def as_dict(self) -> dict:
        return {"day": self.day.isoformat(), "working": self.working, "holiday": self.holiday}

    def text(self) -> str:
        weekday = _(DAY_NAMES[self.day.weekday()])
        if self.working:
            said = (_("{day} ({weekday}): rest day ({holiday}) → working day") if self.holiday
                    else _("{day} ({weekday}): rest day → working day"))
        else:
            said = (_("{day} ({weekday}): working day → rest day ({holiday})") if self.holiday
                    else _("{day} ({weekday}): working day → rest day"))
        return said.format(day=self.day, weekday=weekday, holiday=self.holiday)


def day_changes(before: WorkCalendar, after: WorkCalendar, year: int) -> list[DayChange]:
    """The days of ``year`` that are working days in one of the calendars and rest days in the other, in order: what
    importing (or removing) a year's holidays changes for the deadlines counted through them."""
    changes = []
    for ordinal in range(dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal() + 1):
        day = dt.date.fromordinal(ordinal)
        working = after.is_workday_ord(ordinal)
        if working != before.is_workday_ord(ordinal):
            changes.append(DayChange(day, working, after.holiday_name(day) or before.holiday_name(day) or ""))
    return changes


def change_lines(changes: list[DayChange]) -> list[str]:
    """The days ``day_changes`` found, one a line (indented) under a line counting them; one line when none."""
    if not changes:
        return [_("No day changes between working day and rest day.")]
    return [ngettext("{count} day changes between working day and rest day:",
                     "{count} days change between working day and rest day:", len(changes)).format(
        count=len(changes)), *("  " + change.text() for change in changes)]


# the holidays a yearly file gives, in the order of the year (the template's [[holiday]] tables)
TEMPLATE_HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
# how a template marks a date still to be filled in: from = 2027-MM-DD
TEMPLATE_DATE = "{year}-MM-DD"


def _comment(text: str) -> list[str]:
    """``text`` as comment lines of a yearly file (wrapped)."""
    import textwrap

    return ["# " + line for line in textwrap.wrap(text, 100, break_on_hyphens=False)] or ["#"]


def year_template(year: int, festivals: Festivals | None = None) -> str:
    """A yearly file of ``year`` to fill in from the State Council's notice (新建年度节假日文件…, ``calendar list
    YEAR --template FILE``), then to import: how to write it, with the example shipped with the program (``example_file``) named by its
    full path, ``year`` and ``source`` given, and the make-up working days and each holiday commented out, its dates
    to be filled in (``TEMPLATE_DATE``), each named with the days the law gives it that year (the lunar ones as
    ``festivals``, the shipped data by default, gives them: not official). Until it is filled in, the calendar
    refuses it — a year from FIXED_HOLIDAYS_SINCE on without the holidays the law fixes by date —, naming the file
    and what is missing; a date left unfilled is named as such."""
    festivals = festivals if festivals is not None else shipped_festivals()
    unfilled = TEMPLATE_DATE.format(year=year)
    lines = [*_comment(_("Holidays of {year} for the case-file workstation. Fill this file in from the State "
                         "Council's notice on the holidays of {year} (国务院办公厅关于{year}年部分节假日安排的通知): "
                         "the make-up working days and each holiday's first and last day.").format(year=year)),
             *_comment(_("Remove the # at the start of each line you fill in (a line starting with # is a comment) "
                         "and replace every {unfilled} with a date of the notice.").format(unfilled=unfilled)),
             *_comment(_("Write every date as YYYY-MM-DD: a four-digit year, the month and the day in two digits "
                         "each, joined by half-width hyphens (-), without quotes — {good}, not {bad}.").format(
                 good=f"{year}-02-05", bad=join_names([f"{year}-2-5", f"{year}/02/05", f"{year}年2月5日",
                                                       f'"{year}-02-05"']))),
             *_comment(_("The example shipped with the program, filled in for its year: {file}").format(
                 file=example_file())),
             *_comment(_("Once it is filled in, import it (Import holiday file… on the deadline board, or calendar "
                         "import FILE): it is checked, and the days it changes and the running deadlines they move "
                         "are listed. Do not put it into the calendar folder by hand.")),
             "",
             f"year = {year}",
             *_comment(_("the notice the dates come from, in quotes: add the day it was published")),
             f'source = "国务院办公厅关于{year}年部分节假日安排的通知"',
             "",
             *_comment(_("make-up working days (调休上班: the Saturdays and Sundays worked), in square brackets, "
                         "separated by commas:")),
             f"# workdays = [{unfilled}, {unfilled}]",
             "",
             *_comment(_("one [[holiday]] per holiday: its name, its first day (from) and its last day (to), the "
                         "weekends inside it included, as the notice gives them; the law's own days must lie "
                         "inside it."))]
    lunar = festivals.lunar_holidays(year) if year >= FIXED_HOLIDAYS_SINCE else {}
    spans = {name: (first, last) for name, first, last in
             holiday_spans({**lunar, **(fixed_dates(year) if year >= FIXED_HOLIDAYS_SINCE else {})})}
    for name in TEMPLATE_HOLIDAYS:
        lines.append("")
        if name in spans:
            first, last = spans[name]
            days = str(first) if first == last else _("{first} – {last}").format(first=first, last=last)
            said = _("{name}: the law's days in {year}: {days}").format(name=name, year=year, days=days)
            if first in lunar:
                said = _("{said} (from the program's festival data, not official)").format(said=said)
            lines += _comment(said)
        lines += ["# [[holiday]]", f'# name = "{name}"', f"# from = {unfilled}", f"# to = {unfilled}"]
    return "\n".join(lines) + "\n"


def write_year_template(target: Path, year: int, *, data_dir: Path | None = None, overwrite: bool = False) -> Path:
    """Write ``year_template`` to ``target`` in UTF-8 (whatever the console's or the system's code page: GBK, the
    UTF-16 of PowerShell 5's ``>`` would make a file the reader refuses), for the officer to fill in there and then
    import (导入节假日文件…, ``calendar import FILE``: checked, its changes and the deadlines they move said, audited).
    The file written. Refused, nothing written (WorkstationError), for a year before FIXED_HOLIDAYS_SINCE (a file
    without holidays would be taken as it is), for a ``target`` inside the calendar folder of ``data_dir`` (filled
    in there it would be taken unchecked and unsaid), for one that exists unless ``overwrite`` (a save dialog asked
    already), or when it cannot be written."""
    if not FIXED_HOLIDAYS_SINCE <= year <= YEAR_LIMITS[1]:
        raise WorkstationError(_("A holiday file to fill in is written for the years from {first} on: {year} is not "
                                 "one.").format(first=FIXED_HOLIDAYS_SINCE, year=year))
    target = Path(target)
    if data_dir is not None and target.parent.resolve() == (Path(data_dir) / CALENDAR_DIR).resolve():
        raise WorkstationError(_("{file} is in the calendar folder, whose files are read as they are: save the file "
                                 "to fill in elsewhere (your documents, say), then import it.").format(file=target))
    if target.exists() and not overwrite:
        raise WorkstationError(_("{file} exists already: it is not overwritten. Choose another file name, or delete "
                                 "that file first.").format(file=target))
    # written whole beside it and then put in place (``output.write_output``): a disk too full to take it leaves
    # nothing under its name, which the next try would refuse as existing (nor an empty file over the one replaced)
    return write_output(str(target), year_template(year).encode("utf-8"))


def example_file() -> Path:
    """A shipped yearly file to copy (the latest), or the README describing the format if none is shipped."""
    shipped = sorted(resource(CALENDAR_DIR).glob("*.toml"))
    return shipped[-1] if shipped else resource(CALENDAR_DIR, "README.md")


# ---- sources
def package_years() -> dict[int, YearData]:
    """The years the chinesecalendar package knows."""
    import chinese_calendar

    holidays: dict[int, dict[dt.date, str]] = {}
    workdays: dict[int, set[dt.date]] = {}
    for day, name in chinese_calendar.holidays.items():
        chinese = chinese_calendar.Holiday(name).chinese
        holidays.setdefault(day.year, {})[day] = OFFICIAL_NAMES.get(chinese, chinese)
    for day in chinese_calendar.workdays:
        workdays.setdefault(day.year, set()).add(day)
    source = f"chinesecalendar {chinese_calendar.__version__}"
    return {year: YearData(year, source, source, days, frozenset(workdays.get(year, ())))
            for year, days in holidays.items()}


def _line(text: str, pattern: str, start: int = 0) -> int | None:
    match = re.compile(pattern, re.MULTILINE).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _problem(path: Path, line: int | None, problem: str, importing: bool = False,
             used: bool = False) -> CalendarFileError:
    """The refusal of a yearly file naming its file and line: read from the calendar folder it is ignored until
    fixed (the folder is read again at the next count, no restart); chosen to import (``importing``) it is fixed and
    imported again.
    ``used``: only a warning, the file is used (``YearData.warnings``)."""
    if used:
        if line is None:
            message = _("{file}: {problem}.").format(file=path, problem=problem)
        else:
            message = _("{file}, line {line}: {problem}.").format(file=path, line=line, problem=problem)
    elif importing:
        if line is None:
            message = _("{file}: {problem}; fix it and import it again.").format(file=path, problem=problem)
        else:
            message = _("{file}, line {line}: {problem}; fix it and import it again.").format(
                file=path, line=line, problem=problem)
    elif line is None:
        message = _("{file}: {problem}; the file was ignored until it is fixed.").format(file=path, problem=problem)
    else:
        message = _("{file}, line {line}: {problem}; the file was ignored until it is fixed.").format(
            file=path, line=line, problem=problem)
    return CalendarFileError(message, [(line, problem)])


def _is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


class _YearFile:
    """Checks one yearly file's parsed content against its text, so each problem can name its line. Every problem
    is collected (``note``) before the file is refused (``refusal``: all of them, each with its line): first what
    the file says wrongly; once what it says can be read, what it leaves out (a holiday fixed by date, a festival:
    ``check_fixed``, ``check_festivals``), which has no line of its own."""

    def __init__(self, path: Path, text: str, doc: dict, importing: bool = False):
        self.path, self.text, self.doc, self.importing = path, text, doc, importing
        self.found: list[tuple[int | None, str]] = []  # (line or None, problem), in the order found
        self.holiday_lines: dict[dt.date, int | None] = {}  # each holiday's day -> the line of its [[holiday]]
        self.warned: list[str] = []  # what is odd but does not stop the file being used (``YearData.warnings``)

    def note(self, problem: str, pattern: str | None = None, start: int = 0) -> None:
        self.found.append((_line(self.text, pattern, start) if pattern else None, problem))

    def refusal(self) -> CalendarFileError:
        return _problems(self.path, self.found, self.importing)

    def key_pattern(self, key: str) -> str:
        return rf"^[ \t]*(?:\[\[?[ \t]*)?{re.escape(key)}\b"

    def year_data(self) -> YearData:
        for key in self.doc:
            if key not in FILE_KEYS:
                self.note(_("unknown key {key}; a calendar file has only year, source, [[holiday]] and "
                            "workdays").format(key=key), self.key_pattern(key))
        year = self.doc.get("year")
        if type(year) is not int or not YEAR_LIMITS[0] <= year <= YEAR_LIMITS[1]:
            self.note(_("year is missing or is not a year; write it as year = 2027"), self.key_pattern("year"))
            raise self.refusal()
        named = self.path.stem
        if named.isdigit() and len(named) == 4 and int(named) != year:
            # said before its dates are checked against the year: 2026.toml copied as 2027.toml, its year not edited
            self.note(_("the file is named {named} but gives the holidays of {year}: name it {year}.toml, or give "
                        "the holidays of {named} in it").format(named=named, year=year), self.key_pattern("year"))
            raise self.refusal()
        elsewhere = self.one_other_year(year)
        if elsewhere is not None:  # 2027's file copied for 2028, its year edited but none of its dates: said once
            self.note(_("every date in the file is in {other}, not in year = {year}: write year = {other}, or give "
                        "the dates of {year}").format(other=elsewhere, year=year), self.key_pattern("year"))
            raise self.refusal()
        source = self.doc.get("source", "")
        if not isinstance(source, str):
            self.note(_("source must be text in quotes"), self.key_pattern("source"))
        holidays = self.holidays(year)
        workdays = self.workdays(year, holidays)
        if not self.found:  # what the file leaves out, once what it gives can be read
            self.check_fixed(year, holidays, workdays)
            self.check_festivals(year, holidays)
        if self.found:
            raise self.refusal()
        return YearData(year, source or str(self.path), str(self.path), holidays, workdays,
                        (*self.warned, *self.weekday_workdays(workdays)))

    def one_other_year(self, year: int) -> int | None:
        """The year every date of the file lies in when that is one other year than ``year`` and the file has more
        dates than one holiday's (whose dates are said each on its line), else None."""
        entries = self.doc.get("holiday", [])
        days = [entry.get(key) for entry in (entries if isinstance(entries, list) else [])
                if isinstance(entry, dict) for key in ("from", "to")]
        workdays = self.doc.get("workdays", [])
        days += workdays if isinstance(workdays, list) else []
        dated = [day for day in days if _is_date(day)]
        years = {day.year for day in dated}
        return years.pop() if len(dated) > 2 and len(years) == 1 and year not in years else None

    def check_fixed(self, year: int, holidays: Mapping[dt.date, str], workdays: frozenset[dt.date]) -> None:
        """Refuse a file of a year from FIXED_HOLIDAYS_SINCE on that leaves out a holiday the law fixes by date or
        makes it a make-up working day: the file replaces the year whole, so that day would be counted as working.
        A day left out has no line of its own: the problem names the day and the holiday."""
        if year < FIXED_HOLIDAYS_SINCE:
            return
        missing: dict[str, list[dt.date]] = {}
        for day, name in fixed_dates(year).items():
            if day in workdays:
                self.note(_("{day} is a make-up working day here, but it is {name}, a holiday the law fixes by "
                            "date: remove it from workdays").format(day=day, name=name),
                          str(day), self.workdays_start())
            elif day not in holidays:
                missing.setdefault(name, []).append(day)
        for name, days in missing.items():
            if len(days) == 1:
                self.note(_("{day} ({name}, a holiday the law fixes by date) is not inside any [[holiday]]: add it "
                            "to the holiday {name}, as the State Council's notice gives it").format(
                    day=days[0], name=name))
            else:
                self.note(_("{days} ({name}, holidays the law fixes by date) are not inside any [[holiday]]: add "
                            "them to the holiday {name}, as the State Council's notice gives it").format(
                    days=join_names(str(day) for day in days), name=name))

    def check_festivals(self, year: int, holidays: Mapping[dt.date, str]) -> None:
        """Refuse a file in which the day of a festival (春节 …) that the festivals' data gives for its year
        (``FESTIVALS_FILE`` [days]: astronomical dates) lies in no holiday: a festival left out, or typed into
        another month. Another holiday holding it will do (中秋节 within 国庆节)."""
        for name, day in sorted(festival_days(year).items(), key=lambda item: item[1]):
            if day not in holidays:
                self.note(_("{name} falls on {day} in {year}, but that day lies in no [[holiday]]: add the holiday "
                            "{name} as the State Council's notice gives it").format(name=name, day=day, year=year))

    def workdays_start(self) -> int:
        key = re.compile(self.key_pattern("workdays"), re.MULTILINE).search(self.text)
        return key.start() if key else 0

    def weekday_workdays(self, workdays: frozenset[dt.date]) -> tuple[str, ...]:
        """A warning for each make-up working day on a Monday to Friday (a working day anyway: a date mistyped?)."""
        start = self.workdays_start()
        return tuple(_problem(self.path, _line(self.text, str(day), start), _(
            "make-up working day {day} is a {weekday}, a working day anyway: make-up working days are Saturdays or "
            "Sundays; check the date against the State Council's notice (the file is used as it is)").format(
            day=day, weekday=_(WEEKDAYS[day.weekday()])), self.importing, used=True).message
            for day in sorted(workdays) if day.weekday() < 5)

    def holidays(self, year: int) -> dict[dt.date, str]:
        """The rest days of the file's holidays; a holiday with a problem (noted) gives none."""
        entries = self.doc.get("holiday", [])
        if not isinstance(entries, list):
            self.note(_("holidays are written as [[holiday]] tables"), self.key_pattern("holiday"))
            return {}
        headers = [m.start() for m in re.finditer(r"^[ \t]*\[\[[ \t]*holiday[ \t]*\]\]", self.text, re.MULTILINE)]
        days: dict[dt.date, str] = {}
        for index, entry in enumerate(entries):
            start = headers[index] if index < len(headers) else 0
            given = self.holiday(entry, year, start)
            if given is None:
                continue
            first, last, name = given
            line = self.text.count("\n", 0, start) + 1 if index < len(headers) else None
            # a day another holiday claims already stays that one's; the two refused together, naming both lines
            claimed: dict[tuple[str, int | None], list[dt.date]] = {}
            for ordinal in range(first.toordinal(), last.toordinal() + 1):
                day = dt.date.fromordinal(ordinal)
                if day in days:
                    claimed.setdefault((days[day], self.holiday_lines[day]), []).append(day)
                    continue
                days[day] = name
                self.holiday_lines[day] = line
            for (other, other_line), shared in claimed.items():
                self.found.append((line, _(
                    "holiday {name} and holiday {other} (line {other_line}) both claim {days}: a day belongs to one "
                    "holiday only; check their dates against the State Council's notice").format(
                    name=name, other=other, other_line=other_line if other_line is not None else "?",
                    days=_days_text(shared))))
        return days

    def holiday(self, entry, year: int, start: int) -> tuple[dt.date, dt.date, str] | None:
        """(from, to, name) of one [[holiday]]; None when it has a problem (each noted)."""
        header = r"^[ \t]*\[\[[ \t]*holiday"
        if not isinstance(entry, dict):
            self.note(_("holidays are written as [[holiday]] tables"), self.key_pattern("holiday"))
            return None
        found = len(self.found)
        for key in entry:
            if key in FILE_KEYS:  # a key of the file written below a [[holiday]] table belongs to that table
                self.note(_("{key} is written below a [[holiday]], so it is read as part of that holiday; move the "
                            "{key} line above the first [[holiday]]").format(key=key),
                          rf"(?<![\w-]){re.escape(key)}[ \t]*=", start)
            elif key not in HOLIDAY_KEYS:
                self.note(_("unknown key {key} in a holiday; a holiday has only name, from and to").format(key=key),
                          rf"(?<![\w-]){re.escape(key)}[ \t]*=", start)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            self.note(_("a holiday needs a name in quotes, such as name = \"春节\""), header, start)
            return None
        written, name = name, OFFICIAL_NAMES.get(name.strip(), name.strip())  # 端午 is the notice's 端午节
        if name not in TEMPLATE_HOLIDAYS:  # a one-off holiday the State Council decreed, or a name mistyped: used, said
            self.warned.append(_problem(self.path, _line(self.text, r"(?<![\w-])name[ \t]*=", start), _(
                "holiday {name} is none of the statutory holidays ({names}): check its name against the State "
                "Council's notice (the file is used as it is)").format(
                name=written.strip(), names=join_names(TEMPLATE_HOLIDAYS)), self.importing, used=True).message)
        for key in ("from", "to"):
            if not _is_date(entry.get(key)):
                self.note(_("holiday {name}: {key} is missing or is not a date; write it as {key} = 2027-02-10, "
                            "without quotes").format(name=name, key=key),
                          rf"(?<![\w-]){key}[ \t]*=" if key in entry else header, start)
        if len(self.found) > found:
            return None
        first, last = entry["from"], entry["to"]
        if last < first:
            self.note(_("holiday {name} ends on {end}, before it starts on {start}").format(
                name=name, end=last, start=first), rf"(?<![\w-])to[ \t]*=[ \t]*{last}", start)
            return None
        if not all(self.check_year(day, year, rf"(?<![\w-]){key}[ \t]*=[ \t]*{day}", start)
                   for key, day in (("from", first), ("to", last))):  # the first date of another year said
            return None
        days = last.toordinal() - first.toordinal() + 1
        if days > LONGEST_HOLIDAY:  # a typo in a date (to = 2027-08-11 for 2027-06-11) would rest for months
            self.note(_("holiday {name} runs {days} days, from {start} to {end}: no holiday lasts more than {most} "
                        "days (春节 and 国庆节, the longest, take 8 or 9); check its dates against the State "
                        "Council's notice").format(name=name, days=days, start=first, end=last,
                                                   most=LONGEST_HOLIDAY),
                      rf"(?<![\w-])to[ \t]*=[ \t]*{last}", start)
            return None
        return first, last, name

    def workdays(self, year: int, holidays: Mapping[dt.date, str]) -> frozenset[dt.date]:
        """The file's make-up working days; one with a problem (noted) is left out."""
        days = self.doc.get("workdays", [])
        start = self.workdays_start()
        if not isinstance(days, list) or not all(_is_date(day) for day in days):
            self.note(_("workdays must be a list of dates such as workdays = [2027-02-07, 2027-02-20]"),
                      self.key_pattern("workdays"))
            return frozenset()
        taken = set()
        for day in days:
            if not self.check_year(day, year, str(day), start):
                continue
            if day in taken:  # given twice: the second mention named (a date meant otherwise, mistyped as the first?)
                first = re.compile(re.escape(str(day))).search(self.text, start)
                self.note(_("make-up working day {day} is given twice in workdays: give each day once; check the "
                            "dates against the State Council's notice").format(day=day),
                          re.escape(str(day)), first.end() if first else start)
                continue
            if day in holidays:
                self.note(_("make-up working day {day} is inside the holiday {name} (line {line}): a day is either a "
                            "holiday or a make-up working day; check it against the State Council's notice").format(
                    day=day, name=holidays[day], line=self.holiday_lines.get(day) or "?"),
                    str(day), start)
                continue
            taken.add(day)
        return frozenset(taken)

    def check_year(self, day: dt.date, year: int, pattern: str, start: int) -> bool:
        """Whether ``day`` lies in ``year``; if not, noted."""
        if day.year != year:
            self.note(_("{day} is in {other}, not in year = {year}; put it in the file of {other}").format(
                day=day, other=day.year, year=year), pattern, start)
            return False
        return True


def _days_text(days: list[dt.date]) -> str:
    """Days in a row as "2027-09-16 – 2027-09-17", others listed."""
    days = sorted(days)
    if len(days) > 1 and days[-1].toordinal() - days[0].toordinal() == len(days) - 1:
        return _("{first} – {last}").format(first=days[0], last=days[-1])
    return join_names(str(day) for day in days)


def _problems(path: Path, found: list[tuple[int | None, str]], importing: bool = False) -> CalendarFileError:
    """The refusal of a yearly file with the problems ``found`` ((line or None, problem)): one as ``_problem`` says
    it; several listed one a line, in the order of their lines (those without a line last)."""
    if len(found) == 1:
        return _problem(path, found[0][0], found[0][1], importing)
    items = []
    for line, problem in sorted(found, key=lambda item: (item[0] is None, item[0] or 0)):
        items.append("- " + (problem if line is None else _("line {line}: {problem}").format(
            line=line, problem=problem)))
    if importing:
        head = _("{file}: {count} problems; fix them and import it again:")
    else:
        head = _("{file}: {count} problems; the file was ignored until they are fixed:")
    return CalendarFileError("\n".join([head.format(file=path, count=len(found)), *items]), found)


def festival_days(year: int) -> dict[str, dt.date]:
    """The day of each festival on a lunar or solar-term date (春节 …) in ``year`` as the shipped festivals' data
    gives it (``FESTIVALS_FILE`` [days]); none for a year it does not list, or when it is malformed (which the
    calendar reports)."""
    return dict(shipped_festivals().days.get(year, {}))


@functools.lru_cache(maxsize=4)
def _festivals_of(path: Path, _stamp: int) -> Festivals:
    """The festivals of ``path`` as it was at ``_stamp`` (read once per change)."""
    return load_festivals(path, [])


def read_year_file(path: Path, *, importing: bool = False) -> YearData:
    """The holidays of one yearly file; CalendarFileError naming the file, line and fix if it is malformed, or named
    after another year than the one it gives (2027.toml saying year = 2026: which was meant is not known); its
    ``importing`` says to import it again once fixed, not to restart."""
    text, doc = _read_toml(path, importing)
    return _YearFile(path, text, doc, importing).year_data()


def _read_toml(path: Path, importing: bool = False) -> tuple[str, dict]:
    """The text of a calendar file and its parsed content; CalendarFileError naming the file and line when it cannot
    be read or is not TOML (``_problem``)."""
    if path.exists() and not path.is_file():  # a folder, or a pipe (reading it would wait for ever)
        raise _problem(path, None, _("this is not a file but a folder, a pipe or a device: move it out of the "
                                     "calendar folder"), importing)
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may have begun the file with a byte order mark
    except OSError as exc:
        raise _problem(path, None, _("the file cannot be read ({reason})").format(reason=os_reason(exc)),
                       importing) from None
    except UnicodeDecodeError as exc:  # Python's own words would be English, and name a byte, not a line
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise _problem(path, line, _("the text is not UTF-8 (saved as GB18030/ANSI or UTF-16?): save the file as "
                                     "UTF-8"), importing) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        reason = str(exc)[:where.start()].strip() if where else str(exc)
        line = int(where.group(1)) if where else None
        mistyped = _mistyped_date(text, line)
        if mistyped is not None:  # 2027-2-5, 2027/02/05, 2027年2月5日, 2027-13-03: said as a date, not as TOML
            problem = mistyped
        elif reason.startswith("Invalid date"):
            problem = _("a date here does not exist or is not written like 2027-02-10")
        else:  # tomllib's English reason in the user's language (``screening.rules.TOML_REASONS``)
            from workstation.law.data import toml_reason

            problem = _("this is not valid TOML ({reason})").format(reason=toml_reason(exc)[1])
        raise _problem(path, line, problem, importing) from None
    return text, doc


# a date as an officer may type it from the notice: 2027-2-5, 2027/02/05, 2027.2.5, 2027年2月5日, full-width digits
# — only where a value sits (after =, [ or ,), never inside quoted text ("…（2026年11月12日）"): the fault there is
# the quotes, not the date
_DATE_LIKE = re.compile(r"[=\[,][ \t]*([0-9０-９]{4})[ \t]*([-/.－／—–年])[ \t]*([0-9０-９]{1,2})[ \t]*([-/.－／—–月])"
                        r"[ \t]*([0-9０-９]{1,2})(?:[ \t]*日)?(?![\w])")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _mistyped_date(text: str, line: int | None) -> str | None:
    """What a TOML error on ``line`` of ``text`` is when that line holds a date not written as the file needs it
    (YYYY-MM-DD, half-width hyphens, no quotes) or one that does not exist (2027-13-03, 2027-00-10): the problem,
    naming the date and how to write it; None when the line holds no such date (the error is another)."""
    if line is None:
        return None
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    written = lines[line - 1].split("#", 1)[0]
    unfilled = re.search(r"(?<![\w.])[0-9]{4}-MM-DD(?![\w])", written)  # a template's date left to fill in
    if unfilled is not None:
        return _("the date {value} is still to be filled in: replace it with the date of the State Council's notice, "
                 "written as YYYY-MM-DD — the month and the day in two digits each, joined by half-width hyphens "
                 "(-), without quotes").format(value=unfilled.group(0))
    for match in _DATE_LIKE.finditer(written):
        value = match.group(0)[1:].strip()  # without the =, [ or , before it
        year, month, day = (int(match.group(n).translate(_FULL_WIDTH_DIGITS)) for n in (1, 3, 5))
        try:
            fixed = dt.date(year, month, day).isoformat()
        except ValueError:
            return _("the date {value} does not exist (months run from 01 to 12, days to the month's last): give "
                     "the date of the State Council's notice as YYYY-MM-DD, like {example} — a four-digit year, the "
                     "month and the day in two digits each, joined by half-width hyphens (-), without quotes").format(
                value=value, example=f"{year:04d}-02-05")
        if value != fixed:
            return _("the date {value} is not written as the file needs: write it as {fixed} (YYYY-MM-DD: a "
                     "four-digit year, the month and the day in two digits each, joined by half-width hyphens (-), "
                     "without quotes)").format(value=value, fixed=fixed)
    return None


def read_festivals(path: Path) -> Festivals:
    """The festivals' windows of ``path`` (FESTIVALS_FILE); CalendarFileError naming the file, the line and the fix
    when it is malformed."""
    text, doc = _read_toml(path)

    def fail(problem: str, key: str, section: str | None = None) -> CalendarFileError:
        start = 0
        if section is not None:
            header = re.compile(rf"^[ \t]*\[[ \t]*{section}[ \t]*\]", re.MULTILINE).search(text)
            start = header.end() if header else 0
        pattern = rf"^[ \t]*(?:\[[ \t]*)?\"?{re.escape(key)}\"?[ \t]*[=\]]"
        return _problem(path, _line(text, pattern, start), problem)

    def table(key: str) -> dict:
        value = doc.get(key, {})
        if not isinstance(value, dict):
            raise fail(_("{key} must be a section [{key}] listing festivals; see the comments at the top of the file"
                         ).format(key=key), key)
        return value

    for key in doc:
        if key not in FESTIVAL_KEYS:
            raise fail(_("unknown key {key}; the festivals file has only source, [window], [fixed] and [days]").format(
                key=key), key)
    windows: dict[str, tuple[int, int]] = {}
    for name, value in table("window").items():
        if not (isinstance(value, dict) and set(value) == {"before", "after"}
                and all(type(v) is int and 0 <= v <= WINDOW_DAYS for v in value.values())):
            raise fail(_("in [window], write {name} = {{ before = 2, after = 7 }}: whole numbers of days from 0 to "
                         "{most}").format(name=name, most=WINDOW_DAYS), name, "window")
        windows[name] = (value["before"], value["after"])
    fixed = []
    for name, value in table("fixed").items():
        if not (isinstance(value, dict) and set(value) == {"month", "from", "to"}
                and all(type(v) is int for v in value.values()) and 1 <= value["month"] <= 12
                and 1 <= value["from"] <= value["to"] <= monthrange(2023, value["month"])[1]):  # days of every year
            raise fail(_("in [fixed], write {name} = {{ month = 5, from = 1, to = 5 }}: a month and two of its days, "
                         "from not after to").format(name=name), name, "fixed")
        fixed.append((name, value["month"], value["from"], value["to"]))
    days: dict[int, dict[str, dt.date]] = {}
    for key, value in table("days").items():
        year = int(key) if re.fullmatch(r"[0-9]{4}", key) else None
        if year is None or not YEAR_LIMITS[0] <= year <= YEAR_LIMITS[1] or not isinstance(value, dict):
            raise fail(_("in [days], {key} is not a year followed by the days of its festivals; write it as "
                         "2027 = {{ 春节 = 2027-02-06 }}").format(key=key), key, "days")
        for name, day in value.items():
            if name not in windows:
                raise fail(_("in [days], {year}: {name} has no window; add {name} under [window]").format(
                    year=year, name=name), key, "days")
            if not _is_date(day) or day.year != year:
                raise fail(_("in [days], {year}: the day of {name} must be a date in {year}, written like "
                             "{year}-04-05 without quotes").format(year=year, name=name), key, "days")
        days[year] = dict(value)
    return Festivals(windows, tuple(fixed), days)


def load_festivals(path: Path, problems: list[str]) -> Festivals:
    """The festivals' windows of ``path`` (``read_festivals``); none when it is missing, nor when it is malformed,
    which adds to ``problems``."""
    if not path.exists():
        return Festivals()
    try:
        return read_festivals(path)
    except CalendarFileError as exc:
        problems.append(exc.message)
        return Festivals()


def read_year_folder(folder: Path | None, problems: list[str]) -> dict[int, YearData]:
    """The years given by the ``*.toml`` files of ``folder``; each malformed file adds to ``problems``. Several files
    giving one year (a stray copy, "2027 - 副本.toml"): the one named ``<year>.toml`` is used and the others named as
    ignored; none so named, all are refused and the year stays without holiday data (which was meant is not
    known)."""
    years: dict[int, YearData] = {}
    if folder is None or not folder.is_dir():
        return years
    found: dict[int, list[YearData]] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            # 2027.toml saying year = 2026: which year was meant is not known, so neither is taken
            data = checked_year_file(path)
        except CalendarFileError as exc:
            problems.append(exc.message)
            continue
        found.setdefault(data.year, []).append(data)
    for year, given in found.items():
        named = [data for data in given if Path(data.origin).name == f"{year}.toml"]
        if len(given) > 1 and not named:
            problems.append(_("{files} all give the holidays of {year} and none is named {name}: all were ignored "
                              "and {year} is counted without holiday data; keep one of them, named {name}, and "
                              "remove the others.").format(files=join_names(data.origin for data in given),
                                                           year=year, name=f"{year}.toml"))
            continue
        for other in given:
            if named and other is not named[0]:
                path = Path(other.origin)
                try:
                    line = _line(path.read_text(encoding="utf-8-sig"), r"^[ \t]*year\b")
                except (OSError, UnicodeDecodeError):  # gone or changed since it was read
                    line = None
                problems.append(_problem(path, line, _("year {year} is already given by {other}").format(
                    year=year, other=named[0].origin)).message)
        data = named[0] if named else given[0]
        problems.extend(data.warnings)  # said where the problems are (the window's 期限 tab, ``calendar``, ``clocks``)
        years[year] = data
    return years


def checked_year_file(source: Path, *, importing: bool = False) -> YearData:
    """The holidays of a yearly file (``read_year_file``), refused as the calendar folder refuses it: malformed, or
    named after another year than the one it gives (2027.toml saying year = 2026). ``importing``: an officer chose
    to add it (导入节假日文件), so a refusal says to import it again once fixed."""
    return read_year_file(Path(source), importing=importing)


def calendar_year(data_dir: Path, year: int) -> tuple[WorkCalendar, YearData | None]:
    """The calendar of ``data_dir`` (read again first if its folder changed: ``reload_if_changed``) and the holidays
    of ``year`` it takes from a file of the calendar folder (``folder_year``; None: none), read once for an import
    (``days_in_use``, then what it would replace)."""
    reload_if_changed(data_dir)
    calendar = default_calendar(data_dir)
    return calendar, folder_year(calendar, year, data_dir)


def days_in_use(given: YearData | None, data: YearData) -> YearData | None:
    """``given``, the calendar folder's file of ``data.year`` in use (``calendar_year``), when its holidays are those
    of ``data`` (``same_days``: the same bytes, or another source text, comments or line ends, change no day):
    importing ``data`` again would change nothing, and is said so (``calendar import``, 导入节假日文件…), nothing
    written nor audited (``import_year_file``). None otherwise."""
    return given if given is not None and same_days(given, data) else None


def in_use_text(given: YearData, source: Path) -> str:
    """What is said when ``source`` gives the days of the file in use ``given`` (``days_in_use``)."""
    return _("{source} gives the holidays and make-up working days of {year} that {file} gives, which is already "
             "in use: nothing was changed.").format(source=source, year=given.year, file=given.origin)


def import_year_file(data_dir: Path, source: Path, *, replace: bool = False, db=None,
                     origin: str = "") -> YearData:
    """Copy the yearly file ``source`` (checked first: ``checked_year_file``) into the calendar folder of
    ``data_dir`` as ``<year>.toml`` and forget the loaded calendars, so the next count uses it. Refused, with
    nothing copied, when it is malformed (CalendarFileError naming the file, the line and the fix), unless
    ``replace``, when the calendar folder gives that year already (``folder_year``: ``<year>.toml`` or a copy named
    otherwise that the calendar reads — a ``<year>.toml`` it refused gives nothing and is overwritten, so a window
    asks first) or the program itself gives its
    holidays (``program_year``: the chinesecalendar package, a shipped file; refused to an officer's import, not to
    headquarters' hand-out, ``origin``, taken as headquarters decided it), or when the calendar folder
    cannot be written (a full or read-only disk: no half-written copy is left there, the file before is kept).
    The import (or replacement) is written into the audit log of ``db``, else of the data directory's database
    (``_audit_import``; ``origin``: where the file came from, headquarters' bundle, named in the entry). A file
    giving the days of the file in use (``days_in_use``: the same bytes, or another source text, comments or line
    ends) changes nothing: nothing is written nor audited, ``replace`` or not."""

    data = checked_year_file(source, importing=True)
    target = year_file(data_dir, data.year)
    # decided from what the calendar folder's reader took, not from the name: a 2027.toml it refused gives nothing
    # (replaced, it being of no use), a copy named otherwise ("2027 - 副本.toml") that it took gives the year
    calendar, given = calendar_year(data_dir, data.year)
    if days_in_use(given, data) is not None:  # the days in use already: imported again, nothing changes
        return data
    if given is not None and not replace:
        raise WorkstationError(_("{file} already gives the holidays of {year}: replace it only on purpose.").format(
            file=given.origin, year=data.year))
    known = program_year(calendar, data.year, data_dir)
    if known is not None and not replace and not origin:  # headquarters' hand-out is taken as headquarters decided
        raise WorkstationError(_("The holidays of {year} are already given by {where}: replace them only on "
                                 "purpose.").format(year=data.year, where=origin_text(known, data_dir)))
    replaced = Path(given.origin) if given is not None else target  # the file whose holidays the new one replaces
    partial = target.with_name(target.name + ".part")
    try:
        before = replaced.read_bytes() if replaced.is_file() else None
        content = Path(source).read_bytes()
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        partial.replace(target)
    except OSError as exc:
        remove_quietly(partial)
        raise WorkstationError(_("{file} could not be written ({reason}): the holidays of {year} were not added. "
                                 "Free some space on that disk or make the calendar folder writable, then import "
                                 "the file again.").format(file=target, reason=os_reason(exc), year=data.year)) from exc
    if replaced != target:  # the copy that gave the year, replaced: taken out (kept, the calendar would ignore both
        remove_quietly(replaced)  # copies of the year and say so; a copy that cannot be removed is told by the caller)
    reload_calendars()
    _audit_import(data_dir, db, data, target, before, content, origin, replaced)
    return data


def removed_file(data_dir: Path, year: int) -> Path:
    """The file of the calendar folder of ``data_dir`` that removing the holidays of ``year`` takes out: the one the
    calendar takes them from (``folder_year``: ``<year>.toml``, or a copy named otherwise that it reads), else
    ``<year>.toml`` (refused, ignored: or none there)."""
    reload_if_changed(data_dir)
    given = folder_year(default_calendar(data_dir), year, data_dir)
    return Path(given.origin) if given is not None else year_file(data_dir, year)


def remove_year_file(data_dir: Path, year: int, *, db=None, file: Path | None = None) -> Path:
    """Take the yearly file of ``year`` out of the calendar folder of ``data_dir`` — ``file``, else the one the
    calendar reads the year from (``removed_file``) — and forget the loaded calendars, so the next count goes without
    it (the year falls back on the earlier sources, else is unconfirmed). Refused, nothing changed, when there is no
    such file or it cannot be removed. The removal is written into the audit log of ``db``, else of the data
    directory's database (action "remove"). The file removed."""
    import hashlib

    from workstation.audit import append_in

    target = Path(file) if file is not None else removed_file(data_dir, year)
    if not target.is_file():
        raise WorkstationError(_("{file} does not exist: the calendar folder has no file of {year} to remove.").format(
            file=target, year=year))
    try:
        content = target.read_bytes()
        target.unlink()
    except OSError as exc:
        raise WorkstationError(_("{file} could not be removed ({reason}): the holidays of {year} are kept.").format(
            file=target, reason=os_reason(exc), year=year)) from exc
    reload_calendars()
    append_in(data_dir, "remove", "calendar", str(year),
              {"year": year, "file": target.name, "sha256": hashlib.sha256(content).hexdigest()}, None, db=db,
              what="holiday file removal")
    return target


def _audit_import(data_dir: Path, db, data: YearData, target: Path, before: bytes | None, after: bytes,
                  origin: str = "", replaced: Path | None = None) -> None:
    """Write the holiday file imported (``before`` None) or replaced into the audit log (action "import" or
    "replace", entity "calendar", the year): the digests name the files' contents (and ``origin`` the bundle
    it came from). A database that cannot take the
    entry now (locked, read only) leaves the file imported, and the log says so."""
    import hashlib

    from workstation.audit import append_in

    def record(text: bytes | None, file: Path = target) -> dict | None:
        return None if text is None else {"year": data.year, "file": file.name,
                                          "sha256": hashlib.sha256(text).hexdigest()}

    imported = record(after)
    if origin:  # the bundle it came from (headquarters' hand-out)
        imported["source"] = origin
    append_in(data_dir, "import" if before is None else "replace", "calendar", str(data.year),
              record(before, replaced or target), imported, db=db, what="holiday file import")


def load_calendar(data_dir: Path | None = None, *, shipped: Path | None = None) -> WorkCalendar:
    """A fresh calendar from chinesecalendar, the shipped files (``shipped`` defaults to resources/calendar)
    and, with a data directory, the officer's files in ``<data_dir>/calendar``; the festivals' windows of the years
    without holiday data from the shipped folder's FESTIVALS_FILE."""
    problems: list[str] = []
    folder = Path(shipped) if shipped is not None else resource(CALENDAR_DIR)
    years = package_years()
    years.update(read_year_folder(folder, problems))
    if data_dir is not None:
        years.update(read_year_folder(Path(data_dir) / CALENDAR_DIR, problems))
    return WorkCalendar(years, problems, load_festivals(folder.joinpath(*FESTIVALS_FILE), problems))


# per data directory: its calendar folder's files (name, mtime, size) when its calendar was last read
_FOLDER_SEEN: dict[Path, tuple] = {}


@functools.lru_cache(maxsize=16)
def _cached_calendar(data_dir: Path | None) -> WorkCalendar:
    if data_dir is not None:  # what the folder held when read (``reload_if_changed``)
        _FOLDER_SEEN[data_dir] = _folder_state(data_dir)
    return load_calendar(data_dir)


def default_calendar(data_dir: Path | None = None) -> WorkCalendar:
    """The calendar of a data directory (None: the shipped data only), loaded once per process."""
    return _cached_calendar(Path(data_dir) if data_dir is not None else None)


def reload_calendars() -> None:
    """Forget the loaded calendars, so the next ``default_calendar`` reads the files again."""
    _cached_calendar.cache_clear()


def _folder_state(data_dir: Path) -> tuple:
    folder = Path(data_dir) / CALENDAR_DIR
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.toml")))
    except OSError:
        return ()


def reload_if_changed(data_dir: Path | None) -> bool:
    """Read the calendar folder of ``data_dir`` again when a yearly file was added, changed or removed since it was
    last read here (a 2027.toml dropped in while the window is open): whether it was. Cheap: it only lists the
    folder."""
    if data_dir is None:
        return False
    key = Path(data_dir)
    seen = _FOLDER_SEEN.get(key)
    if seen is None or seen == _folder_state(key):  # not read yet (the next reading is fresh), or unchanged
        return False
    reload_calendars()
    return True
