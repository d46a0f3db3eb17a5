"""A period not begun on the 统计 page: with today 2026-12-05, the page counted 2027-01-01..2027-03-31 (an all-zero
headline) and exported an all-zero file, while `stats` and `stats export` refuse such a period. The refusal is the
core's (``stats.period_not_begun``), said by the CLI, the statistics export and the page alike."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from tests.helpers import program_day
from workstation.errors import WorkstationError
from workstation.stats_export import export_statistics

NOT_BEGUN = ("2027-01-01 is after today (2026-12-05): the period has not begun and has nothing to count yet; give "
             "a first date on or before today.")


def test_the_statistics_export_refuses_a_period_not_begun_and_writes_nothing(demo_db, tmp_path, monkeypatch,
                                                                             english):
    program_day(monkeypatch, "2026-12-05")
    with pytest.raises(WorkstationError) as refused:
        export_statistics(demo_db, tmp_path / "统计.csv", "csv", date_from="2027-01-01", date_to="2027-03-31")
    assert refused.value.message == NOT_BEGUN
    assert not list(tmp_path.glob("*.*"))
    # a period beginning today is counted
    assert export_statistics(demo_db, tmp_path / "今天.csv", "csv", date_from="2026-12-05",
                             date_to="2027-03-31").exists()


def test_the_page_refuses_a_period_not_begun_as_it_does_one_reversed(demo_db, make_window, prompts, tmp_path,
                                                                       monkeypatch, qtbot, english):
    program_day(monkeypatch, "2026-12-05")
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    shown = page.findChild(QLabel, "figure_cases").text()
    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2027, 1, 1))
    page.date_to.setDate(QDate(2027, 3, 31))
    assert page.period_refusal() == NOT_BEGUN
    assert not page.period_error.isHidden() and page.period_error.text() == NOT_BEGUN
    page.refresh()
    assert page.findChild(QLabel, "figure_cases").text() == shown  # nothing counted: no all-zero headline
    assert not page.tabs.isEnabled() and not page.print_action.isEnabled()
    for button in (page.report_button, page.export_button):
        assert not button.isEnabled() and button.toolTip() == NOT_BEGUN
    page.export_statistics(str(tmp_path / "统计.csv"))
    assert prompts.errors[-1:] == [NOT_BEGUN] and not (tmp_path / "统计.csv").exists()

    page.date_from.setDate(QDate(2026, 12, 5))  # beginning today: counted
    assert page.period_refusal() is None and page.export_button.isEnabled() and page.tabs.isEnabled()
