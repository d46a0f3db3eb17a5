"""A period not begun, or wholly before 1900: `report campaign --from 2030-01-01 --to 2030-03-31` printed
截至<today> as its 统计期间 while its monthly table listed 2030年1–3月 (both bounds were taken for the "no start" and
"no end" a script writes as 0001-01-01 and 9999-12-31). `stats` and `report campaign` refuse a period not begun; a
report of one written otherwise (the window's period), and one of a period before 1900, states the period asked for."""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers import beijing_today, open_db, run, run_json
from workstation.reports import write_campaign_report


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def _period_of(path) -> str:
    """The 统计期间 of a 通报 written as .xlsx."""
    book = openpyxl.load_workbook(path, read_only=True)
    return dict(book["概况"].iter_rows(min_row=2, max_col=2, values_only=True))["统计期间"]


@pytest.mark.parametrize("command", [["stats"], ["report", "campaign", "-o", "通报.docx"],
                                     ["stats", "export", "-o", "统计.xlsx"]])
def test_a_period_not_begun_is_refused_naming_the_option_and_the_date(station, tmp_path, capsys, english, command):
    today = beijing_today().isoformat()
    start = f"{beijing_today().year + 4}-01-01"
    command = [str(tmp_path / a) if a.endswith((".docx", ".xlsx")) else a for a in command]
    code, out, err = run(capsys, "--data-dir", station, *command, "--from", start, "--to",
                         f"{beijing_today().year + 4}-03-31")
    assert (code, out) == (1, "")
    assert err == (f"Error: --from: {start} is after today ({today}): the period has not begun and has nothing to "
                   "count yet; give a first date on or before today.\n")
    assert not list(tmp_path.glob("*.*"))  # nothing written


def test_a_period_beginning_today_is_counted(station, capsys):
    today = beijing_today().isoformat()
    assert run_json(capsys, "--data-dir", station, "stats", "--from", today)["cases"]["total"] == 0


def test_a_report_of_a_period_not_begun_states_the_period_asked_for(station, tmp_path):
    year = beijing_today().year + 4
    db = open_db(station)
    try:  # as the window writes the period chosen on the page
        write_campaign_report(db, tmp_path / "通报.xlsx", "xlsx", date_from=f"{year}-01-01", date_to=f"{year}-03-31")
    finally:
        db.conn.close()
    assert _period_of(tmp_path / "通报.xlsx") == f"{year}年1月1日至3月31日"  # was 截至<today>


def test_a_report_of_a_period_before_1900_states_its_end(station, tmp_path, capsys):
    path = tmp_path / "通报.xlsx"
    run_json(capsys, "--data-dir", station, "report", "campaign", "--from", "1800-01-01", "--to", "1850-12-31",
             "-o", path)
    assert _period_of(path) == "截至1850年12月31日"  # was 截至<today>: no case is counted after 1850


def test_no_start_and_no_end_are_still_the_whole_campaign(station, tmp_path, capsys):
    path = tmp_path / "通报.xlsx"
    run_json(capsys, "--data-dir", station, "report", "campaign", "--from", "0001-01-01", "--to", "9999-12-31",
             "-o", path)
    today = beijing_today()
    assert _period_of(path) == f"截至{today.year}年{today.month}月{today.day}日"
    path = tmp_path / "起.xlsx"
    run_json(capsys, "--data-dir", station, "report", "campaign", "--from", "2026-03-01", "--to", "9999-12-31",
             "-o", path)
    assert _period_of(path) == "2026年3月1日以来"
