"""The 统计 page's audit (s62): the charts read by keyboard and screen reader (a focus frame, arrow keys picking a
bar or slice and showing its value, every value in the accessible description); a count that lands after the filter
changed is not shown under the new filter; the 打印通报 dialog's rows with Alt letters and buddies and its note on a
frozen period's live figures listed whole and reachable by keyboard; the leads by status in the procedure's order
with zeros; a permission refused said with what to do."""

import errno

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLineEdit,
    QTableWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ui.charts import BarChartView, PieChartView
from workstation.i18n import _
from workstation.progress import CancelToken
from workstation.store import agency_id_for_code
from workstation.vocabulary import labels, shown_label

NANHAI = "440605"


@pytest.fixture(autouse=True)
def _no_tooltip_left():
    yield
    QToolTip.hideText()
    QApplication.processEvents()


# 1. the charts by keyboard and screen reader ----------------------------------------------------------------------
def _holder(qtbot, chart):
    """The chart in a window with a line edit before it (to take the focus away)."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before = QLineEdit()
    layout.addWidget(before)
    layout.addWidget(chart)
    window.resize(520, 360)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    chart.holder = window  # kept alive with the chart
    return window, before


def _bars(qtbot):
    view = BarChartView("Cases by sector (number)", "Cases")
    _holder(qtbot, view)
    view.set_data([("Real estate", 3), ("Education", 0), ("Finance", 12)])
    return view


def test_a_chart_is_named_by_its_title_and_describes_every_value(qtbot, english):
    view = _bars(qtbot)
    assert view.accessibleName() == "Cases by sector (number)"
    assert view.accessibleDescription() == "Real estate 3; Education 0; Finance 12"
    view.set_data([("Real estate", 0)])
    assert view.accessibleDescription() == _("No data for this period")
    pie = PieChartView("Cases by status (number)")
    _holder(qtbot, pie)
    pie.set_data([("Closed", 3), ("Filed", 0), ("Decided", 2)])
    assert pie.accessibleName() == "Cases by status (number)"
    assert pie.accessibleDescription() == "Closed 3; Decided 2"  # as the slices drawn
    pie.set_data([])
    assert pie.accessibleDescription() == _("No data for this period")


def test_the_month_chart_describes_each_month_in_full(qtbot, english):
    view = BarChartView("Cases by month (number)", "Cases")
    _holder(qtbot, view)
    view.set_data([("month 1", 2), ("month 2", 5)], tips=["month 1 of 2026", "month 2 of 2026"])
    assert view.accessibleDescription() == "month 1 of 2026 2; month 2 of 2026 5"


def _pressed(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)  # where the keyboard goes: the widget with the focus


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_arrow_keys_pick_a_bar_and_show_its_value(qtbot, english):
    view = _bars(qtbot)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    bars = view.chart().series()[0].barSets()[0]
    _pressed(qtbot, Qt.Key.Key_Right)
    assert QToolTip.isVisible() and QToolTip.text() == view.tip(0) == "Real estate — Cases: 3"
    assert bars.isBarSelected(0) and not bars.isBarSelected(1)  # drawn in the highlight colour
    assert view.accessibleName() == "Cases by sector (number): Real estate — Cases: 3"
    _pressed(qtbot, Qt.Key.Key_Right)
    _pressed(qtbot, Qt.Key.Key_Right)
    _pressed(qtbot, Qt.Key.Key_Right)  # past the last: stays there
    assert QToolTip.text() == "Finance — Cases: 12" and bars.isBarSelected(2) and not bars.isBarSelected(0)
    _pressed(qtbot, Qt.Key.Key_Left)
    assert QToolTip.text() == "Education — Cases: 0"
    _pressed(qtbot, Qt.Key.Key_Up)  # up and down move too
    assert QToolTip.text() == "Real estate — Cases: 3"
    view.set_data([("Real estate", 4), ("Finance", 1)])  # recounted: nothing picked
    assert view.accessibleName() == "Cases by sector (number)"
    assert not any(view.chart().series()[0].barSets()[0].isBarSelected(i) for i in range(2))


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_arrow_keys_pick_a_slice_and_show_its_share(qtbot, chinese):
    pie = PieChartView("案件办理状态")
    _holder(qtbot, pie)
    pie.set_data([("已送达", 6), ("已结案", 3), ("已归档", 1)])
    pie.setFocus()
    qtbot.waitUntil(pie.hasFocus)
    slices = pie.chart().series()[0].slices()
    _pressed(qtbot, Qt.Key.Key_Right)
    assert QToolTip.text() == pie.tip(slices[0]) == "已送达：6件（60.0%）"
    assert slices[0].isExploded() and slices[0].isLabelVisible() and not slices[1].isExploded()
    _pressed(qtbot, Qt.Key.Key_Down)
    assert QToolTip.text() == "已结案：3件（30.0%）" and slices[1].isExploded() and not slices[0].isExploded()
    _pressed(qtbot, Qt.Key.Key_Left)
    assert QToolTip.text() == "已送达：6件（60.0%）"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_bar_or_slice_picked_is_let_go_when_the_chart_loses_the_focus(qtbot, english):
    view = _bars(qtbot)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    _pressed(qtbot, Qt.Key.Key_Right)
    bars = view.chart().series()[0].barSets()[0]
    assert bars.isBarSelected(0)
    view.window().findChild(QLineEdit).setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert not any(bars.isBarSelected(i) for i in range(3)) and view.picked == -1
    assert view.accessibleName() == "Cases by sector (number)"
    _pressed(qtbot, Qt.Key.Key_Tab)  # back: the arrows start again from the first
    qtbot.waitUntil(view.hasFocus)
    _pressed(qtbot, Qt.Key.Key_Right)
    assert bars.isBarSelected(0) and not bars.isBarSelected(1)
    pie = PieChartView("Cases by status (number)")
    window, before = _holder(qtbot, pie)
    pie.set_data([("Closed", 3), ("Decided", 2)])
    pie.setFocus()
    qtbot.waitUntil(pie.hasFocus)
    _pressed(qtbot, Qt.Key.Key_Right)
    slices = pie.chart().series()[0].slices()
    assert slices[0].isExploded()
    before.setFocus()
    qtbot.waitUntil(lambda: not pie.hasFocus())
    assert not any(s.isExploded() or s.isLabelVisible() for s in slices) and pie.picked == -1
    assert pie.accessibleName() == "Cases by status (number)"


def test_the_dashboard_orders_statuses_with_the_export_s_function(english):
    from ui.dashboard_overview import in_procedure_order, lead_status_rows
    from workstation.stats_export import in_vocabulary_order

    order = list(labels("lead_statuses"))
    counts = {"zz_unknown": 1, order[-1]: 2, order[0]: 3}
    assert list(in_vocabulary_order(counts, "lead_statuses")) == [order[0], order[-1], "zz_unknown"]
    assert in_procedure_order({"closed": 1, "zz_unknown": 2, "investigating": 3}) == ["investigating", "closed", "zz_unknown"]
    rows = lead_status_rows(counts)  # every status of the vocabulary, 0 for those without a lead, unknown ones last
    assert len(rows) == len(order) + 1
    assert rows[0] == (shown_label("lead_statuses", order[0]), 3) and rows[1][1] == 0
    assert rows[-2] == (shown_label("lead_statuses", order[-1]), 2) and rows[-1] == ("zz_unknown", 1)


def _edge(widget) -> QColor:
    widget.repaint()
    image = widget.grab().toImage()
    return image.pixelColor(0, image.height() // 2)


def test_a_chart_with_the_focus_is_framed(qtbot, english):
    view = _bars(qtbot)
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    window = view.window()
    window.findChild(QLineEdit).setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert _edge(view) != highlight
    qtbot.keyClick(window.findChild(QLineEdit), Qt.Key.Key_Tab)  # Tab reaches the chart
    qtbot.waitUntil(view.hasFocus)
    assert _edge(view) == highlight


# 2. a count landing after the filter changed ----------------------------------------------------------------------
class HeldRunner:
    """Each task waits until ``finish`` runs it."""

    def __init__(self):
        self.waiting: list[tuple] = []

    def start(self, title, work, on_done, on_error, progress):
        cancel = CancelToken()
        self.waiting.append((work, on_done, cancel))
        return cancel

    def finish(self) -> None:
        work, on_done, cancel = self.waiting.pop(0)
        on_done(work(progress=lambda *_a: None, cancel=cancel))


def test_a_count_landing_after_the_agency_changed_is_not_shown_under_the_new_agency(demo_db, data_dir, prompts,
                                                                                       qtbot, english):
    from ui.dashboard import DashboardPage
    from workstation.stats import campaign_stats

    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    runner.finish()
    whole = page.overview.period_label.text()
    assert whole == "Whole campaign, all agencies"
    page.refresh()  # a recount for all agencies (a case changed elsewhere)
    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(NANHAI)))  # chosen within the delay
    runner.finish()  # the count for all agencies lands: not shown as Nanhai's
    assert page.overview.period_label.text() == whole and page.bureaus.agency_id is None
    assert not runner.waiting and page.filter_timer.isActive()  # nothing else counting: Nanhai's count comes
    qtbot.waitUntil(lambda: len(runner.waiting) == 1)  # by itself, once the filter's delay is over
    runner.finish()
    nanhai = campaign_stats(demo_db, agency_id_for_code(NANHAI))["cases"]["total"]
    assert page.overview.period_label.text() == page.period_text() != whole
    assert page.findChild(QWidget, "figure_cases").text() == f"{nanhai:,}"
    assert page.bureaus.agency_id == agency_id_for_code(NANHAI)


def test_a_count_landing_after_own_records_was_chosen_is_not_shown_as_the_city_s_own(demo_db, data_dir, prompts,
                                                                                      qtbot, english):
    from ui.dashboard import OWN_ROLE, DashboardPage

    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    runner.finish()
    page.refresh()
    own = next(i for i in range(page.agency.count()) if page.agency.itemData(i, OWN_ROLE))
    page.agency.setCurrentIndex(own)
    runner.finish()
    assert page.overview.period_label.text() == "Whole campaign, all agencies"
    assert page.bureaus.agency_id is None and not page.bureaus.own
    # the choice's own refresh, still waiting on its timer, is not run once the test's database is closed
    page.filter_timer.stop()


# 3. the report dialog ----------------------------------------------------------------------------------------------
def _dialog(db, prompts, qtbot):
    from ui.report_dialog import CampaignReportDialog

    dialog = CampaignReportDialog(db, prompts, (None, None, None), "Whole campaign, all agencies")
    qtbot.addWidget(dialog)
    return dialog


def test_the_report_dialog_s_rows_have_alt_letters_that_reach_their_fields(demo_db, prompts, qtbot, english):
    dialog = _dialog(demo_db, prompts, qtbot)
    form = dialog.layout().itemAt(0).layout()
    buddies = {}
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and item.widget() is not None and item.widget().text():
            buddies[item.widget().text()] = item.widget().buddy()
    assert buddies == {"F&ormat": dialog.format, "&File": dialog.path, "&Period": dialog.current}
    assert dialog.path.accessibleName() == "File"
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.format.setFocus()
    qtbot.waitUntil(dialog.format.hasFocus)
    qtbot.keyClick(dialog.format, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dialog.path.hasFocus()


def test_a_frozen_period_s_moved_figures_are_listed_whole_and_reachable_by_keyboard(demo_db, data_dir, prompts,
                                                                                     qtbot, english, tmp_path):
    from workstation import tasks
    from workstation.paths import database_path
    from workstation.reports.drift import drift_lines, live_changes

    tasks.campaign_report_task(database_path(data_dir), out_path=str(tmp_path / "frozen.pdf"), fmt="pdf",
                               date_from="2026-01-01", date_to="2026-06-30", freeze_as="H1",
                               progress=lambda *_a: None, cancel=CancelToken())
    for (case_id,) in demo_db.conn.execute("SELECT id FROM cases WHERE filed_on BETWEEN '2026-03-01' AND "
                                           "'2026-05-31' LIMIT 3").fetchall():
        with demo_db.conn:
            demo_db.conn.execute("UPDATE cases SET records_other = records_other + 1000, sector = 'other' "
                                 "WHERE id = ?", [case_id])
    lines = drift_lines(live_changes(demo_db, "H1", progress=lambda *_a: None, cancel=CancelToken()))
    assert len(lines) > 6
    dialog = _dialog(demo_db, prompts, qtbot)
    dialog.frozen.setChecked(True)
    text = dialog.drift.text()
    assert all(line in text for line in lines)  # every one in the box (it scrolls), not only in a tooltip
    assert len(text.splitlines()) == len(lines) + 1  # the summary and each figure, nothing held back
    assert dialog.drift.toolTip() == ""  # no tooltip repeating the box
    assert dialog.drift.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert dialog.drift.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard


# 4. leads by status, and a permission refused ----------------------------------------------------------------------
def _lead_table(overview) -> list[tuple[str, str]]:
    table = overview.findChild(QTableWidget, "leads_by_status")
    return [(table.item(row, 0).text(), table.item(row, 1).text()) for row in range(table.rowCount())]


def test_the_leads_by_status_are_in_the_procedure_s_order_with_zeros(demo_db, qtbot, english):
    from ui.dashboard_overview import OverviewTab
    from workstation.stats import campaign_stats

    overview = OverviewTab()
    qtbot.addWidget(overview)
    stats = campaign_stats(demo_db)
    overview.show_stats(stats, [], "all")
    by_status = stats["leads"]["by_status"]
    assert _lead_table(overview) == [(shown_label("lead_statuses", k), f"{by_status.get(k, 0):,}")
                                     for k in labels("lead_statuses")]
    stats["leads"]["by_status"] = {}  # no lead in the period: every status with 0, as the other tables
    overview.show_stats(stats, [], "none")
    assert _lead_table(overview) == [(shown_label("lead_statuses", k), "0") for k in labels("lead_statuses")]


def test_the_export_lists_case_and_lead_statuses_in_the_procedure_s_order(demo_db):
    from workstation.stats import campaign_stats
    from workstation.stats_export import statistics_rows
    from workstation.vocabulary import label

    rows = statistics_rows(demo_db)
    stats = campaign_stats(demo_db)
    cases = [item for group, item, _f, _v in rows if group == "办理状态" and item != "合计"]
    assert cases == [label("statuses", k) for k in labels("statuses") if k in stats["cases"]["by_status"]]
    leads = [(item, value) for group, item, _f, value in rows if group == "线索状态"]
    assert leads == [(label("lead_statuses", k), stats["leads"]["by_status"].get(k, 0)) for k in labels("lead_statuses")]


def test_a_permission_refused_says_what_to_do(tmp_path, english):
    from workstation.errors import with_advice

    for number in (errno.EACCES, errno.EPERM):
        fresh = PermissionError(number, "Access is denied", str(tmp_path / "new.pdf"))
        said = with_advice("new.pdf cannot be written: permission denied", fresh, tmp_path, elsewhere=True)
        assert said.startswith("new.pdf cannot be written: permission denied. ")
        assert "choose another folder" in said and "close it there" not in said
        own = with_advice("x cannot be written: permission denied", fresh, tmp_path)
        assert str(tmp_path) in own and own != "x cannot be written: permission denied"
