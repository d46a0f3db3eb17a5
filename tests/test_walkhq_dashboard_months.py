"""Headquarters' dashboard with a case decided on the spot under the simple procedure (never filed): the chart by
month counts it in the month of its decision, so it is headed 各月案件数 as the report's table and chart by month
are, not 各月立案数; and the cases figure's tooltip says that such cases are in it."""

from __future__ import annotations

import pytest

from tests.test_simple_procedure_m029 import DECIDED, _decided
from ui.dashboard import DashboardPage
from ui.task_runner import ImmediateRunner
from workstation.i18n import _
from workstation.reports.data import report_data
from workstation.reports.document import month_cases_head

pytestmark = pytest.mark.gui


@pytest.fixture
def page(db, data_dir, make_case, prompts, qtbot):
    case = _decided(db, data_dir, make_case)
    assert case.filed_on is None and case.procedure_kind == "simple"
    shown = DashboardPage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(shown)
    shown.refresh()
    return shown


def test_the_chart_by_month_counts_the_case_decided_on_the_spot_and_is_not_headed_filed(page):
    chart = page.overview.charts["month"]
    month = f"{int(DECIDED[5:7])}"
    # its bar reads 3月, or 2026-03 once the campaign's months reach a second March (a year after it)
    counted = [value for name, value in chart.shown() if name.startswith(month) or name == DECIDED[:7]]
    assert counted == [1.0]  # the case never filed is in the bar of its decision's month
    assert chart.chart().title() != _("Cases by filing month")
    assert chart.chart().title() == _("Cases by month (number)")
    # the report heads its figures by month the same way: cases handled, not filed
    assert month_cases_head(report_data(page.db)) == "案件数（件）"


def test_the_cases_tooltip_says_the_case_decided_on_the_spot_is_counted(page, english):
    page.refresh()
    figure = page.overview.figures["cases"]
    assert figure.text() == "1"
    tip = figure.toolTip()
    assert "1 decided on the spot under the simple procedure" in tip and "never filed" in tip
