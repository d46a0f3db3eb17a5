"""Small QtCharts views for the dashboard: a bar chart of counts by category and a pie of shares, each
rebuilt from (label, value) pairs, with animations off so that what is drawn is the data at once."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QPieSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from workstation.i18n import _

Pairs = Sequence[tuple[str, float]]
CHART_HEIGHT = 260
WRAP_AFTER = 3  # characters of a category label kept on one line


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def value_scale(largest: float) -> tuple[int, int]:
    """(axis top, tick step) for counts up to ``largest``: whole-number ticks of 1, 2 or 5 × 10ⁿ, at most five
    steps, with room above the tallest bar for its label."""
    wanted = max(largest * 1.1, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if wanted / (step * factor) <= 5:
                step *= factor
                return step * math.ceil(wanted / step), step
        step *= 10


def two_lines(label: str) -> str:
    """``label`` as the category axis draws it: one longer than three characters broken into two lines (after the
    space or hyphen nearest its middle, else a Chinese one in its middle: 房地产 / 租售), as a narrow chart elided
    it ("房地…") in a 1,024-pixel window. The break (``<br>``) is all that is added."""
    if len(label) <= WRAP_AFTER:
        return label
    middle = len(label) / 2
    breaks = [i + 1 for i, char in enumerate(label[:-1]) if char in " -"]
    if not breaks and any("\u4e00" <= char <= "\u9fff" for char in label):  # Chinese breaks anywhere
        breaks = [math.ceil(middle)]
    if not breaks:
        return label
    at = min(breaks, key=lambda i: abs(i - middle))
    return f"{html.escape(label[:at], quote=False)}<br>{html.escape(label[at:], quote=False)}"


def one_line(drawn: str) -> str:
    """The label that ``two_lines`` broke into ``drawn``."""
    return html.unescape(drawn.replace("<br>", "")) if "<br>" in drawn else drawn


class _NoData:
    """What a chart view of a period without any figure shows instead of blank axes or an empty pie: "No data
    for this period" in its middle, under its title."""

    def _no_data_label(self) -> None:
        self.no_data = QLabel(_("No data for this period"), self)
        self.no_data.setObjectName("chart_no_data")
        self.no_data.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_data.setStyleSheet("color: #606060;")
        self.no_data.setHidden(True)

    def _show_no_data(self, empty: bool) -> None:
        self.no_data.setHidden(not empty)
        self.no_data.setGeometry(self.rect())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.no_data.setGeometry(self.rect())

    def has_no_data(self) -> bool:
        """Whether the view says that the period has no figure (nothing drawn)."""
        return not self.no_data.isHidden()


class BarChartView(_NoData, QChartView):
    """A bar chart of one series: a bar per category, its value written above it."""

    def __init__(self, title: str, series_name: str, parent: QWidget | None = None):
        super().__init__(_chart(title), parent)
        self.series_name = series_name
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        # a recount changes labels all over the chart: repaint all of it, not only the items Qt thinks moved
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        # one pair of axes for the chart's whole life, given new categories and a new range at each recount: axes
        # removed and added anew left the old ones' labels and gridlines drawn under the new ones
        self.categories = QBarCategoryAxis()
        self.values = QValueAxis()
        self.values.setLabelFormat("%d")
        chart = self.chart()
        chart.addAxis(self.categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.values, Qt.AlignmentFlag.AlignLeft)
        self._no_data_label()
        self._show_axes(False)

    def _show_axes(self, shown: bool) -> None:
        self.categories.setVisible(shown)
        self.values.setVisible(shown)

    def set_data(self, pairs: Pairs) -> None:
        """Show ``pairs`` (category label, value), in their order; none but zeros: no axes, the note that the
        period has no data."""
        chart = self.chart()
        chart.removeAllSeries()
        self.categories.clear()
        self._show_no_data(not any(value for _label, value in pairs))
        self._show_axes(self.no_data.isHidden())
        if not self.no_data.isHidden():
            return
        bars = QBarSet(self.series_name)
        bars.append([float(value) for _label, value in pairs])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        bars.setLabelColor(QColor("#202020"))
        chart.addSeries(series)
        self.categories.append([two_lines(label) for label, _value in pairs] or [""])
        series.attachAxis(self.categories)
        top, step = value_scale(max((value for _label, value in pairs), default=0))
        self.values.setRange(0, top)
        self.values.setTickCount(int(top / step) + 1)
        series.attachAxis(self.values)

    def shown(self) -> list[tuple[str, float]]:
        """The (category, value) pairs the chart draws, read back from its series and axis."""
        chart = self.chart()
        if not chart.series():
            return []
        bars = chart.series()[0].barSets()[0]
        axis = chart.axes(Qt.Orientation.Horizontal)[0]
        return [(one_line(axis.at(i)), bars.at(i)) for i in range(bars.count())]


#: the slices' colours in turn: hues apart, and lightness alternating dark and light so that neighbouring slices
#: differ in grey print as well (one blue in shades did not)
SLICE_COLOURS = ("#1f4e9c", "#f4b942", "#2a9d5c", "#f28e8e", "#6a3d9a", "#9fd8e8", "#a23b2a", "#c8c8c8",
                 "#0d6e6e", "#f7d6a0", "#404040", "#b6e3a8")


class PieChartView(_NoData, QChartView):
    """A pie of shares with the label and count on each slice; empty shares are left out."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(_chart(title), parent)
        self.chart().legend().setVisible(True)
        self.chart().legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        self._no_data_label()

    def set_data(self, pairs: Pairs) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        series = QPieSeries()
        for label, value in pairs:
            if value:
                pie_slice = series.append(f"{label} {value:g}", float(value))
                # a colour of its own, told apart in grey print too (neighbours differ in lightness), and a white
                # edge between neighbours
                pie_slice.setBrush(QColor(SLICE_COLOURS[(series.count() - 1) % len(SLICE_COLOURS)]))
                pie_slice.setBorderColor(QColor("#ffffff"))
                pie_slice.setBorderWidth(1)
        chart.addSeries(series)
        self._show_no_data(not series.count())

    def shown(self) -> list[tuple[str, float]]:
        chart = self.chart()
        if not chart.series():
            return []
        return [(s.label(), s.value()) for s in chart.series()[0].slices()]
