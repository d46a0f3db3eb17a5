"""Left-overs of S53 (S54): a year file taken from headquarters' hand-out is named so by ``calendar list`` until the
station changes it; resources/calendar/README.md says what the calendar refuses (a holiday over
``LONGEST_HOLIDAY`` days, a festival day in no holiday) and names ``calendar list``; the period rule of `stats` and
the 统计 page says that a case decided on the spot counts by its decision day, as the figures count it; the pie by
status names its unit, and the violations table fits a 1,024-pixel window without a sideways scroll bar."""

from __future__ import annotations

import re

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers import full_2027, run, run_json
from workstation.i18n import _
from workstation.paths import resource
from workstation.stats import campaign_stats, period_counted_text
from workstation.workdays import LONGEST_HOLIDAY, reload_calendars


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


# ---- 1. calendar list names headquarters' file while it is unchanged

def test_calendar_list_names_headquarters_file_until_the_station_edits_it(capsys, station_and_hq_dirs, english):
    from tests.test_s49_calendar_in_bundles import _hand_out, _import_year, _named_headquarters

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", full_2027())
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", _hand_out(capsys, dirs, "h1.bundle"))

    def listed() -> str:
        years = {e["year"]: e for e in run_json(capsys, "--data-dir", dirs / "station", "calendar", "list")["years"]}
        return years[2027]["origin"]

    assert listed() == "headquarters"
    target = dirs / "station" / "calendar" / "2027.toml"
    target.write_text(target.read_text(encoding="utf-8") + "# 本站改\n", encoding="utf-8")
    reload_calendars()
    assert listed() == "data_folder"
    code, out, err = run(capsys, "--data-dir", dirs / "station", "calendar", "list")
    assert code == 0, err
    assert "this data folder's own file" in next(line for line in out.splitlines() if line.startswith("2027"))


# ---- 2. the calendar's README says what the code refuses and lists

README = resource("calendar", "README.md")


def _readme() -> str:
    return re.sub(r"\s+", " ", README.read_text(encoding="utf-8"))


def test_the_readme_says_a_holiday_longer_than_the_longest_is_refused(capsys, english, db, data_dir, tmp_path):
    text = _readme()
    assert f"more than {LONGEST_HOLIDAY} days" in text and "`LONGEST_HOLIDAY`" in text
    # as the calendar does: 端午节 typed to run into August is refused
    source = tmp_path / "2027.toml"
    source.write_text(full_2027().replace("to = 2027-06-11", "to = 2027-08-11"), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 1 and f"no holiday lasts more than {LONGEST_HOLIDAY} days" in err


def test_the_readme_says_a_festival_day_in_no_holiday_is_refused(capsys, english, db, data_dir, tmp_path):
    text = _readme()
    assert "festival" in text and "`[days]`" in text and "lies in no holiday" in text
    # as the calendar does: a 2027 whose 中秋节 misses its day (2027-09-15 in festivals.toml) is refused
    source = tmp_path / "2027.toml"
    source.write_text(full_2027().replace("from = 2027-09-15\nto = 2027-09-17", "from = 2027-09-16\nto = 2027-09-18"),
                      encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 1 and "中秋节 falls on 2027-09-15 in 2027, but that day lies in no [[holiday]]" in err


def test_the_readme_names_calendar_list_and_no_restart(capsys, english, db, data_dir):
    text = _readme()
    assert "`calendar list`" in text and "`calendar list 2027`" in text and "`calendar import" in text
    assert "restarting" not in text and "without a restart" in text
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list")
    assert code == 0 and "shipped with the program" in out


# ---- 3. a case decided on the spot counts in a period by its decision day, and the rule says so

def test_a_case_decided_on_the_spot_counts_by_its_decision_day_as_the_period_rule_says(
        db, data_dir, make_case, capsys, english):
    from tests.test_s45_simple_procedure import DECIDED, _issue
    from workstation import procedure
    from workstation.records import today

    case = make_case()
    _issue(db, data_dir, case)  # 当场行政处罚决定书 decided on 2026-03-10, entered today
    procedure.apply(db, case.id, "decide_on_the_spot")
    entered = db.execute("SELECT substr(created_at, 1, 10) FROM cases WHERE id = ?", [case.id]).fetchone()[0]
    assert entered == today() != DECIDED
    march = campaign_stats(db, None, "2026-03-01", "2026-03-31")["cases"]
    assert (march["total"], march["simple_procedure"], march["simple_fines_fen"]) == (1, 1, 10_000)  # ¥100
    entry = campaign_stats(db, None, entered, entered)["cases"]
    assert (entry["total"], entry["simple_procedure"]) == (0, 0)  # not by the day it was entered
    rule = period_counted_text()
    assert "decided on the spot" in rule and "by the day of the decision" in rule
    code, out, err = run(capsys, "--data-dir", data_dir, "stats", "--from", "2026-03-01", "--to", "2026-03-31")
    assert code == 0, err
    assert rule in out.splitlines()


# ---- 4. the statistics page: the pie's unit, the violations table within a 1,024-pixel window

@pytest.fixture
def narrow_page(demo_db, make_window, qtbot):
    def build():
        window = make_window(demo_db)
        window.resize(1024, 768)
        window.show()
        window.navigation.setCurrentRow(4)
        qtbot.wait(50)
        QApplication.processEvents()
        return window

    return build


def test_the_pie_by_status_names_its_unit_as_the_bar_charts_do(narrow_page, english):
    charts = narrow_page().stats_page.overview.charts
    assert charts["status"].chart().title() == "Cases by status (number)" == _("Cases by status (number)")
    assert all(chart.chart().title().endswith("(number)") for chart in charts.values())


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_the_violations_table_fits_a_1024_pixel_window_without_a_sideways_scroll_bar(narrow_page, qtbot, request,
                                                                                    language):
    request.getfixturevalue(language)
    window = narrow_page()
    if language == "chinese":  # the English window cannot be made that narrow: its least width is tested
        assert window.width() == 1024
    table = window.stats_page.overview.violations
    assert table.rowCount() == 3  # the demo's three violations
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    assert table.horizontalScrollBar().maximum() == 0 and not table.horizontalScrollBar().isVisible()
    # every violation read whole: its text within its cell's width, wrapped onto lines enough for it
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        text = table.item(row, 0).text()
        needed = metrics.boundingRect(0, 0, table.columnWidth(0) - 8, 1000, Qt.TextFlag.TextWordWrap, text).height()
        assert table.rowHeight(row) >= needed, text
    assert table.columnWidth(0) + table.columnWidth(1) <= table.viewport().width()
