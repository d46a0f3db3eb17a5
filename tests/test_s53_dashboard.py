"""The 统计 page and `stats` say what the report (通报) says of the cases: the cases reaching the criminal threshold
but not transferred to the police (named as the report names them) and the transfers; how a period counts the fines
and transfers; the infringing records by category (REFERENCE §4.6); no imported-complaints figure for a bureau; the
charts' units, the year of the months, and why the violations add up to more than the cases."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QTableWidget

from workstation.i18n import _
from workstation.law.data import load
from workstation.reports.text import campaign_text
from workstation.stats import campaign_stats

CASE = "佛南市监立〔2026〕1号"  # a demo case of 南海, filed, not transferred
NANHAI = "440605"


def cli(capsys, *args) -> tuple[int, str, str]:
    from workstation.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def over_threshold(demo_db):
    """The demo case made one of providing 8,000 other records (≥ 5,000: 情节严重, REFERENCE §4.6), not transferred."""
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET records_other = 8000, violations = ? WHERE case_number = ?",
                        ['["illegal_provision_or_leak"]', CASE])
    assert campaign_stats(demo_db)["cases"]["threshold_not_transferred"] == [CASE]
    return demo_db


@pytest.fixture
def page(demo_db, make_window):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    return window.stats_page


def label(page, name: str) -> QLabel:
    return page.findChild(QLabel, name)


def shown(widget) -> bool:
    return widget is not None and not widget.isHidden()


# ---- `stats`

def test_stats_text_names_the_transfers_and_the_cases_over_the_threshold_not_transferred(over_threshold, data_dir,
                                                                                           capsys, english):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    assert code == 0
    assert "fined and confiscated. Transferred to the police: 0.\n" in out
    assert f"\n1 case reaches the criminal threshold but was not transferred to the police: {CASE}." in out
    report = "".join(campaign_text(campaign_stats(over_threshold)))
    assert CASE in report  # the report names it too


def test_more_than_five_cases_over_the_threshold_are_named_as_the_report_names_them(demo_db, data_dir, capsys,
                                                                                   english):
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET records_other = 8000, violations = '[\"illegal_provision_or_leak\"]' "
                        "WHERE district = '南海区'")
    pending = campaign_stats(demo_db)["cases"]["threshold_not_transferred"]
    assert len(pending) > 5
    report = "".join(campaign_text(campaign_stats(demo_db)))
    named = "、".join(pending[:5]) + "等"
    assert f"（{named}）" in report
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    # the same five, "and others" after them, in the user's language
    assert code == 0 and f"{', '.join(pending[:5])} and others." in out and pending[5] not in out


def test_stats_text_names_the_transfers_even_when_none(demo_db, data_dir, capsys, english):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    assert code == 0
    assert "Transferred to the police: 0" in out
    assert "criminal threshold" not in out  # no demo case reaches it


def test_stats_text_writes_the_records_with_thousands_separators(demo_db, data_dir, capsys, english):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    assert code == 0
    assert "18,176 infringing records" in out


def test_stats_json_breaks_the_records_down_by_category_keeping_its_keys(over_threshold, data_dir, capsys):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "--json", "stats")
    assert code == 0
    stats = json.loads(out)
    by_category = stats["records_by_category"]
    assert list(by_category) == ["trace", "sensitive", "other"]
    assert all(isinstance(n, int) for n in by_category.values())
    assert sum(by_category.values()) == stats["infringing_records"]
    assert by_category["other"] >= 8000
    for key in ("cases", "infringing_records", "fines_fen", "confiscated_fen", "penalties_total_fen", "leads",
                "complaints", "interviews", "publicity"):
        assert key in stats
    assert stats["cases"]["threshold_not_transferred"] == [CASE]


def test_stats_of_a_bureau_states_no_imported_complaints(demo_db, data_dir, capsys, english):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats", "--agency", NANHAI)
    assert code == 0
    assert "imported" not in out and "concerning personal information" in out
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    assert "imported" in out  # the whole city's


def test_stats_of_a_period_says_how_it_counts_as_the_page_does(demo_db, data_dir, capsys, english, page, qtbot):
    from workstation.stats import period_counted_text

    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats", "--from", "2026-03-01", "--to", "2026-06-30")
    assert code == 0 and period_counted_text() in out
    note = label(page, "stats_period_counted")
    assert not shown(note) or not note.text()  # the whole campaign: nothing counted by another date
    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    page.whole.setChecked(False)
    qtbot.waitUntil(lambda: page.period()[0] is not None and shown(note))
    assert note.text() == period_counted_text()
    page.whole.setChecked(True)
    qtbot.waitUntil(lambda: not shown(note))


# ---- the page

def test_the_page_names_the_cases_over_the_threshold_not_transferred(over_threshold, make_window, english):
    window = make_window(over_threshold)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    line = label(page, "stats_threshold")
    assert shown(line) and CASE in line.text() and "criminal threshold" in line.text()
    police = label(page, "figure_police")
    assert CASE in police.toolTip()


def test_the_page_says_nothing_of_the_threshold_when_no_case_reaches_it(page):
    assert not shown(label(page, "stats_threshold"))


def test_the_page_breaks_the_records_down_by_category_as_reference_names_them(over_threshold, make_window, chinese):
    window = make_window(over_threshold)
    window.navigation.setCurrentRow(4)
    table = window.stats_page.findChild(QTableWidget, "records_by_category")
    assert table is not None
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    categories = load("criminal")["categories"]
    stats = campaign_stats(over_threshold)
    assert rows == [(categories[key]["label"], f"{stats['records_by_category'][key]:,}")
                    for key in ("trace", "sensitive", "other")]
    assert rows[0][0].startswith("行踪轨迹、通信内容、征信信息、财产信息")
    # beside the cases by violation, in the same box
    violations = window.stats_page.findChild(QTableWidget, "cases_by_violation")
    assert table.parent() is violations.parent()


def test_the_violations_table_says_why_its_total_exceeds_the_cases(english, page):
    note = label(page, "cases_by_violation_note")
    assert shown(note) and "several violations" in note.text()


def test_the_bar_charts_name_their_unit_and_the_months_their_year(demo_db, make_window, qtbot, chinese):
    window = make_window(demo_db)
    window.resize(1366, 800)
    window.show()
    window.navigation.setCurrentRow(4)
    qtbot.wait(50)
    charts = window.stats_page.overview.charts
    for key in ("sector", "district", "month"):
        assert charts[key].values.titleText() == "案件数（件）" == _("Cases (number)")
        assert charts[key].values.isTitleVisible()
        assert "（件）" in charts[key].chart().title() or "(number)" in charts[key].chart().title()
    # the demo's months, all of 2026, labelled 2月 … 12月: the axis says of which year they are
    months = charts["month"]
    assert {tip[:4] for tip in months.tips} == {"2026"}
    assert not any("2026" in text for text in months.drawn_labels())
    assert months.categories.isTitleVisible() and "2026" in months.categories.titleText()
    assert months.categories.titleText() == _("Year {years}").format(years=2026)


def test_months_across_the_turn_of_a_year_name_both_years_and_more_than_twelve_none(chinese):
    from ui.dashboard_overview import month_axis_title

    across = [{"month": k} for k in ("2025-11", "2025-12", "2026-01")]
    assert month_axis_title(across) == _("Year {years}").format(years="2025–2026")
    # more than twelve: the first label says its year already (2025年6月), as each year's first does
    many = [{"month": f"{y}-{m:02d}"} for y in (2025, 2026) for m in range(1, 13)]
    assert month_axis_title(many) == "" == month_axis_title([])
