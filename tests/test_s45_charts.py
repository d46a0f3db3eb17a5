"""The dashboard's charts read whole: the pie by status lists every status in its legend, each slice in a colour of
its own and with a tooltip; the bars by month are labelled with texts that fit (thinned where they do not), never
an ellipsis, and each bar has a tooltip naming its month in full."""

import pytest

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QToolTip

from ui.charts import BarChartView, PieChartView
from ui.dashboard_overview import month_ticks, month_tips
from workstation.i18n import _
from workstation.vocabulary import labels, shown_label

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_tooltip_left():
    """A tooltip shown by one test is hidden before the next (QToolTip is one for the application)."""
    yield
    QToolTip.hideText()
    QApplication.processEvents()


def _texts(view) -> list[tuple[str, object]]:
    """The texts the chart's scene draws, each with its item."""
    found = []
    for item in view.scene().items():
        if item.type() == 8 and item.isVisible():
            found.append((item.toGraphicsObject().toPlainText().replace("\u2028", "").replace("\u200b", ""), item))
    return found


def _seen(view) -> list[str]:
    """The texts of the pie's legend a user sees: inside the legend's box and the view."""
    box = view.chart().legend().geometry()
    inside = view.mapToScene(view.viewport().rect()).boundingRect()
    return [text for text, item in _texts(view) if text and item.sceneBoundingRect().center().y() < box.bottom()
            and box.contains(item.sceneBoundingRect().center()) and inside.contains(item.sceneBoundingRect())]


def _pie(qtbot, pairs, width=410) -> PieChartView:
    view = PieChartView("案件办理状态")
    qtbot.addWidget(view)
    view.resize(width, 260)
    view.show()
    view.set_data(pairs)
    qtbot.wait(20)
    QApplication.processEvents()
    return view


@pytest.mark.parametrize("count", [len(labels("statuses")), 14, 3])
def test_the_pie_s_legend_lists_every_status_of_the_vocabulary_in_a_colour_of_its_own(qtbot, chinese, count):
    pairs = [(shown_label("statuses", k), index + 1) for index, k in enumerate(labels("statuses"))][:count]
    view = _pie(qtbot, pairs)
    seen = _seen(view)
    # the last statuses of the procedure (已送达 … 已归档), usually the largest, are not cut off below the legend
    assert sorted(seen) == sorted(f"{label} {value}" for label, value in pairs)
    colours = {QColor(s.brush().color()).name() for s in view.chart().series()[0].slices()}
    assert len(colours) == len(pairs)
    if count <= 3:  # a few: no higher than the other charts
        assert view.minimumHeight() == 260


def test_the_dashboard_s_pie_lists_every_status_whole(make_window, demo_db, qtbot, chinese):
    window = make_window(demo_db)
    window.resize(1366, 800)
    window.show()
    window.navigation.setCurrentRow(4)
    pie = window.stats_page.overview.charts["status"]
    pairs = [(shown_label("statuses", k), index + 1) for index, k in enumerate(labels("statuses"))]
    pie.set_data(pairs)
    qtbot.wait(50)
    QApplication.processEvents()
    assert sorted(_seen(pie)) == sorted(f"{label} {value}" for label, value in pairs)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt: the tooltip is what is seen
def test_each_slice_tells_its_status_count_and_share_on_hover(qtbot, chinese):
    view = _pie(qtbot, [("已送达", 6), ("已结案", 3), ("已归档", 1)])
    series = view.chart().series()[0]
    expected = _("{status}: {count} ({share})").format(status="已结案", count=3, share="30.0%")
    assert view.tip(series.slices()[1]) == expected == "已结案：3件（30.0%）"
    series.hovered.emit(series.slices()[1], True)
    assert QToolTip.isVisible() and QToolTip.text() == expected


def _months(qtbot, keys: list[str], width: int) -> BarChartView:
    view = BarChartView("各月案件数", "案件")
    qtbot.addWidget(view)
    view.resize(width, 260)
    view.show()
    months = [{"month": k} for k in keys]
    view.set_data([(k, 1 + index % 7) for index, k in enumerate(keys)], tips=month_tips(months),
                  ticks=lambda shown: month_ticks(months, shown))
    qtbot.wait(20)
    QApplication.processEvents()
    return view


def _drawn(view: BarChartView) -> list[str]:
    """The texts under the bars, left to right (the value labels above the bars are figures)."""
    below = view.chart().plotArea().bottom()
    under = [(item.sceneBoundingRect().center().x(), text) for text, item in _texts(view)
             if text and item.sceneBoundingRect().top() >= below - 1]
    return [text for _x, text in sorted(under)]


def _no_overlap(view: BarChartView) -> bool:
    below = view.chart().plotArea().bottom()
    boxes = sorted((item.sceneBoundingRect() for text, item in _texts(view)
                    if text and item.sceneBoundingRect().top() >= below - 1), key=lambda r: r.left())
    return all(a.right() <= b.left() for a, b in zip(boxes, boxes[1:], strict=False))


def test_a_year_s_months_at_the_window_s_least_width_are_whole_and_thinned_not_elided(qtbot, chinese):
    keys = [f"2026-{m:02d}" for m in range(1, 13)]
    view = _months(qtbot, keys, 410)  # the chart's width in a 1,024-pixel window
    drawn = _drawn(view)
    assert not any("…" in text or "..." in text for text in drawn)
    assert len(drawn) >= 4 and all(text in [f"{m}月" for m in range(1, 13)] for text in drawn)
    assert drawn == sorted(set(drawn), key=lambda t: int(t[:-1]))  # in order, each once
    assert _no_overlap(view)
    # wide enough: every month
    wide = _months(qtbot, keys, 900)
    assert _drawn(wide) == [f"{m}月" for m in range(1, 13)]


NINETEEN = [f"2025-{m:02d}" for m in range(6, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt: the tooltip is what is seen
@pytest.mark.parametrize("width", [410, 581])  # the chart's width in a 1,024- and a 1,366-pixel window
def test_months_past_a_year_read_short_with_the_year_where_it_changes(qtbot, chinese, width):
    view = _months(qtbot, NINETEEN, width)
    drawn = _drawn(view)
    assert not any("…" in text or "..." in text for text in drawn)
    # every bar labelled is drawn: none at either end left out by QtCharts for running past the axis
    assert drawn == view.drawn_labels() and len(drawn) >= 5
    assert drawn[0].startswith("2025年") and any(text.startswith("2026年") for text in drawn)
    assert all(text.endswith("月") for text in drawn) and _no_overlap(view)
    # the full month of each bar is still there in its tooltip
    series = view.chart().series()[0]
    expected = _("{category} — {series}: {value}").format(category="2026年1月", series="案件", value=1)
    assert view.tip(7) == expected == "2026年1月 — 案件：1"
    series.hovered.emit(True, 7, series.barSets()[0])
    assert QToolTip.text() == expected


@pytest.mark.parametrize("count", [12, 19, 25])
def test_no_month_labelled_is_left_undrawn_at_any_width(qtbot, chinese, count):
    keys = [f"{2025 + (5 + i) // 12}-{(5 + i) % 12 + 1:02d}" for i in range(count)]
    for width in range(380, 1000, 47):
        view = _months(qtbot, keys, width)
        drawn = _drawn(view)
        assert drawn == view.drawn_labels() and drawn, (width, drawn, view.drawn_labels())
        assert _no_overlap(view), width
        view.close()


def test_the_month_ticks_put_the_year_where_the_shown_labels_change_year(chinese):
    months = [{"month": k} for k in ("2025-11", "2025-12", "2026-01", "2026-02", "2026-03")]
    assert month_ticks(months, [0, 1, 2, 3, 4]) == ["11月", "12月", "2026年1月", "2月", "3月"]
    # 2026年1月 thinned out: the first label shown of 2026 carries the year
    assert month_ticks(months, [0, 3]) == ["11月", "2026年2月"]
    many = [{"month": f"{y}-{m:02d}"} for y in (2025, 2026) for m in range(1, 13)]
    assert month_ticks(many, [0, 6, 12, 18])[:3] == ["2025年1月", "7月", "2026年1月"]
    assert month_tips(months)[2] == "2026年1月"


@pytest.mark.parametrize("width", [1024, 1366])
def test_the_dashboard_draws_every_month_labelled_whole(make_window, demo_db, qtbot, chinese, width):
    # a case filed in June 2025: the campaign's months run from 2025-06, nineteen of them
    demo_db.execute("UPDATE cases SET filed_on = '2025-06-15' WHERE id = (SELECT id FROM cases "
                    "WHERE filed_on IS NOT NULL ORDER BY filed_on LIMIT 1)")
    demo_db.conn.commit()
    window = make_window(demo_db)
    window.resize(width, 700)
    window.show()
    window.navigation.setCurrentRow(4)
    qtbot.wait(50)
    QApplication.processEvents()
    chart = window.stats_page.overview.charts["month"]
    assert chart.shown()[0][0].startswith("2025")
    drawn = _drawn(chart)
    assert drawn and not any("…" in text or "..." in text for text in drawn)
    assert drawn == chart.drawn_labels() and all(text.endswith("月") for text in drawn)
    assert drawn[0].startswith("2025年") and _no_overlap(chart)
