"""The s69 tidying of the calendar import and of a station's calendar warnings: an import reads the calendar folder
once (``workdays.calendar_year``), the file in use decided from that reading (``days_in_use``); headquarters derives
the days a station's manifest gives in one place (``manifest_days``, ``station_warnings`` only when not given); the
manifest's calendar is written by ``manifest_entries`` alone."""

from __future__ import annotations

import hashlib

import pytest

from tests.test_s69_calendar import CAL, OTHER_DAYS, SAME_DAYS, STATION, _folder
from workstation.workdays import reload_calendars


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def test_an_import_reads_the_folder_once_and_sees_a_file_dropped_in_meanwhile(tmp_path):
    from workstation.workdays import calendar_year, checked_year_file, days_in_use, default_calendar

    data_dir = tmp_path / "data"
    (data_dir / "calendar").mkdir(parents=True)
    calendar, given = calendar_year(data_dir, 2027)
    assert given is None and calendar is default_calendar(data_dir)
    (data_dir / "calendar" / "2027.toml").write_text(CAL, encoding="utf-8")  # dropped in while the program runs
    calendar, given = calendar_year(data_dir, 2027)
    assert given.origin == str(data_dir / "calendar" / "2027.toml") and calendar.years[2027] is given
    sources = {name: tmp_path / f"{name}.toml" for name in ("same", "other")}
    sources["same"].write_bytes(SAME_DAYS.encode("utf-8"))
    sources["other"].write_text(OTHER_DAYS, encoding="utf-8")
    assert days_in_use(given, checked_year_file(sources["same"])) is given
    assert days_in_use(given, checked_year_file(sources["other"])) is None
    assert days_in_use(None, checked_year_file(sources["same"])) is None


def test_headquarters_takes_the_days_given_else_those_the_counted_years_carry(tmp_path, english):
    from workstation.bundle.calendar_part import manifest_days, station_warnings
    from workstation.workdays import days_digest, read_year_file

    hq = _folder(tmp_path / "hq", CAL)
    (tmp_path / "same.toml").write_bytes(SAME_DAYS.encode("utf-8"))
    days = days_digest(read_year_file(tmp_path / "same.toml"))
    # a manifest written on this machine for a while: the days under each year
    counted = {"2027": {"sha256": hashlib.sha256(SAME_DAYS.encode("utf-8")).hexdigest(), "days": days}}
    assert station_warnings(hq, counted, STATION)["years"] == []
    assert station_warnings(hq, counted, STATION, manifest_days({"calendar": counted}))["years"] == []
    # the days the manifest gives (its DAYS_KEY) are taken over those under the years
    other = {"2027": hashlib.sha256(OTHER_DAYS.encode("utf-8")).hexdigest()}
    said = station_warnings(hq, counted, STATION, manifest_days({"calendar": counted, "calendar_days": other}))
    assert [e["status"] for e in said["years"]] == ["station_differs"]
