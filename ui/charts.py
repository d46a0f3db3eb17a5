"""Small QtCharts views for the dashboard: a bar chart of counts by category and a pie of shares, each
rebuilt from (label, value) pairs, with animations off so that what is drawn is the data at once."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QPieSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent, QColor, QCursor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsView, QLabel, QToolTip, QWidget

# which labels fit side by side (in pixels here): shared with the report's charts, which measure theirs in points
from workstation.chart_labels import fitting_labels, labels_fit
from workstation.evaluation import share
from workstation.i18n import _

Pairs = Sequence[tuple[str, float]]
CHART_HEIGHT = 260
WRAP_AFTER = 3  # characters of a category label kept on one line
BLANK = "\u200b"  # a category left unlabelled (thinned): zero-width spaces, as many as make it one of its own


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def value_scale(largest: float, room: float = 1.1) -> tuple[int, int]:
    """(axis top, tick step) for counts up to ``largest``: whole-number ticks of 1, 2 or 5 × 10ⁿ, at most five
    steps, with room above the tallest bar for its label: the top at least ``room`` times ``largest`` (a tenth more
    at least; ``BarChartView`` asks for a line of its labels' font, which a large font needs more than a tenth for)."""
    wanted = max(largest * max(room, 1.1), 1)
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


def drawn_width(drawn: str, metrics: QFontMetricsF) -> float:
    """How wide ``drawn`` (a category label, maybe broken by ``two_lines``) is in ``metrics``: its longest line."""
    lines = [html.unescape(line) for line in drawn.split("<br>")] if "<br>" in drawn else [drawn]
    return max(metrics.horizontalAdvance(line) for line in lines)


#: the colour of the bar picked by the arrow keys: orange among the blue ones, darker in grey print too
PICKED_BAR = "#d9480f"
#: the frame of a chart with the keyboard focus (a border of the same width, unseen, without it: nothing moves)
FOCUS_FRAME = ("QChartView { border: 2px solid transparent; } "
               "QChartView:focus { border: 2px solid palette(highlight); }")


class _NoData:
    """What a chart view of a period without any figure shows instead of blank axes or an empty pie: "No data
    for this period" in its middle, under its title. And what the keyboard and a screen reader get of a chart:
    a frame while it has the focus, Left/Right (Up/Down) picking a bar or slice — drawn highlighted, its tooltip
    shown and its value said in the accessible name — and every "label value" in the accessible description."""

    def _no_data_label(self) -> None:
        self.no_data = QLabel(_("No data for this period"), self)  # or why else nothing is drawn: ``set_no_data_text``
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

    def set_no_data_text(self, text: str) -> None:
        """Say ``text`` where there is nothing to draw, and to a screen reader ("No data for the selected unit": the
        agency chosen has no case at all, where "No data for this period" blamed a period none was chosen)."""
        self.no_data.setText(text)
        if self.has_no_data():
            self.setAccessibleDescription(text)

    def has_no_data(self) -> bool:
        """Whether the view says that the period has no figure (nothing drawn)."""
        return not self.no_data.isHidden()

    # the keyboard and screen readers ----------------------------------------------------------------------------
    def _keyboard(self) -> None:
        """Tab reaches the chart (framed while it has the focus) and the arrow keys pick its bars or slices."""
        self.picked = -1  # the bar or slice picked by the arrow keys, -1 for none
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(FOCUS_FRAME)
        self.setAccessibleName(self.chart().title())

    def _describe(self, pairs: list[tuple[str, float]]) -> None:
        """Say every (label, value) drawn in the accessible description ("No data for this period" for none), and
        drop the bar or slice picked (the chart is drawn anew)."""
        self.picked = -1
        self.setAccessibleName(self.chart().title())
        self.setAccessibleDescription(_("; ").join(f"{label} {value:g}" for label, value in pairs) if pairs
                                      else self.no_data.text())

    def _count(self) -> int:
        """How many bars or slices the arrow keys go through."""
        raise NotImplementedError

    def _pick(self, index: int) -> tuple[str, QPointF]:
        """Draw bar or slice ``index`` highlighted (-1: none); its tip and where in the scene to show it."""
        raise NotImplementedError

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}
        count = self._count()
        if event.key() not in steps or not count or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        step = steps[event.key()]
        if self.picked < 0:  # the first (Right, Down) or the last (Left, Up)
            index = 0 if step > 0 else count - 1
        else:
            index = min(max(self.picked + step, 0), count - 1)
        self.show_picked(index)
        event.accept()

    def show_picked(self, index: int) -> None:
        """Pick bar or slice ``index``: highlighted, its tip shown beside it and said as part of the accessible
        name (a screen reader reads the name changed)."""
        self.picked = index
        tip, at = self._pick(index)
        self.setAccessibleName(_("{chart}: {value}").format(chart=self.chart().title(), value=tip))
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))
        point = self.mapFromScene(at)
        QToolTip.showText(self.mapToGlobal(point), tip, self)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """The bar or slice picked is let go with the focus: drawn as the others again, its tip hidden, the name the
        chart's title (the arrows start again from the first when the focus comes back)."""
        super().focusOutEvent(event)
        if self.picked >= 0:
            QToolTip.hideText()
            self.picked = -1
            if self._count():
                self._pick(-1)
            self.setAccessibleName(self.chart().title())
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))


class BarChartView(_NoData, QChartView):
    """A bar chart of one series: a bar per category, its value written above it, and a tooltip naming the
    category and value of the bar under the mouse. Where the labels under the bars do not fit side by side (twelve
    months in a 1,024-pixel window: "1…" for 1月, 10月, 11月 and 12月 alike), only every second, third … is drawn,
    never an elided one; where the values over the bars do not (24 months of three-digit counts in a 1,024-pixel
    window), none is written, the tooltip giving each."""

    def __init__(self, title: str, series_name: str, parent: QWidget | None = None, *, value_title: str = ""):
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
        # two spaces before each figure: a value axis of one-digit labels (0 … 8), narrower than "...", left its title
        # no room and QtCharts drew it elided to "⋮" (it keeps the width of "..." for the labels out of the title's)
        self.values.setLabelFormat("&nbsp;&nbsp;%d")
        # what the values count, in their unit (案件数（件）), as the report's charts head their value axis
        self.values.setTitleText(value_title)
        self.values.setTitleVisible(bool(value_title))
        self.categories.setTruncateLabels(False)  # thinned (``_fit_labels``) rather than "1…"
        self.labels: list[str] = []
        self.tips: list[str] = []
        self.ticks: Callable[[list[int]], list[str]] | None = None
        chart = self.chart()
        chart.plotAreaChanged.connect(self._fit_labels)
        chart.plotAreaChanged.connect(self._fit_range)
        self.largest = 0.0
        chart.addAxis(self.categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.values, Qt.AlignmentFlag.AlignLeft)
        self._no_data_label()
        self._show_axes(False)
        self._keyboard()

    def _show_axes(self, shown: bool) -> None:
        self.categories.setVisible(shown)
        self.values.setVisible(shown)

    def set_data(self, pairs: Pairs, tips: Sequence[str] | None = None,
                 ticks: Callable[[list[int]], list[str]] | None = None, category_title: str = "") -> None:
        """Show ``pairs`` (category label, value), in their order; none but zeros: no axes, the note that the
        period has no data. ``tips``: each category's name in full for its bar's tooltip (its label by default);
        ``ticks``: the texts drawn under the bars labelled, given their indexes (the labels by default) — shorter
        ones, such as 6月 for 2025-06; ``category_title``: the title under them, if any (the year of those months)."""
        chart = self.chart()
        chart.removeAllSeries()
        self.categories.clear()
        self.categories.setTitleText(category_title)
        self.categories.setTitleVisible(bool(category_title))
        self.labels = [label for label, _value in pairs]
        self.tips = list(tips) if tips is not None else list(self.labels)
        self.ticks = ticks
        self._show_no_data(not any(value for _label, value in pairs))
        self._show_axes(self.no_data.isHidden())
        self._describe([] if not self.no_data.isHidden() else
                       [(tip, value) for tip, (_label, value) in zip(self.tips, pairs, strict=True)])
        if not self.no_data.isHidden():
            return
        bars = QBarSet(self.series_name)
        bars.setSelectedColor(QColor(PICKED_BAR))  # the bar picked by the keyboard
        bars.append([float(value) for _label, value in pairs])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        bars.setLabelColor(QColor("#202020"))
        series.hovered.connect(self._hovered)
        chart.addSeries(series)
        self.categories.append(self._tick_texts(list(range(len(self.labels)))) or [""])
        series.attachAxis(self.categories)
        self.largest = max((value for _label, value in pairs), default=0)
        self._fit_range()
        series.attachAxis(self.values)
        self._fit_labels()

    def _fit_range(self, *_args) -> None:
        """Set the value axis' range so that a line of the values' font fits above the tallest bar, whatever the
        font's size (a tenth of the range was less than a line of a 14-point font: "7" was drawn over its bar), as
        measured on the plot's height (again whenever it changes: ``plotAreaChanged``)."""
        series = self.chart().series()
        if not series:
            return
        line = QFontMetricsF(series[0].barSets()[0].labelFont()).height() + 2  # the label's gap over its bar
        height = self.chart().plotArea().height()
        room = height / (height - line) if height > 2 * line else 1.1  # not laid out yet: a tenth for now
        top, step = value_scale(self.largest, room)
        if (self.values.min(), self.values.max(), self.values.tickCount()) != (0, top, int(top / step) + 1):
            self.values.setRange(0, top)
            self.values.setTickCount(int(top / step) + 1)

    def _texts(self, shown: list[int]) -> list[str]:
        if self.ticks is not None:  # short already (6月, 2026年1月): on one line
            return [html.escape(text, quote=False) for text in self.ticks(shown)]
        return [two_lines(self.labels[i]) for i in shown]

    def _tick_texts(self, shown: list[int]) -> list[str]:
        """The categories of the axis labelling the bars ``shown``: the others blank. The axis takes a category
        once only, so that each is made one of its own by zero-width spaces after it (the 8月 of two years)."""
        texts = dict(zip(shown, self._texts(shown), strict=True))
        categories: list[str] = []
        for index in range(len(self.labels)):
            text = texts.get(index, BLANK)
            while text in categories:
                text += BLANK
            categories.append(text)
        return categories

    def _fit_labels(self, *_args) -> None:
        """Label as many bars as fit side by side in the plot's width, none running past its ends: every one, else
        every second, third … (``fitting_labels``); write the values over the bars where they all fit so."""
        if not self.labels or not self.chart().series():
            return
        metrics = QFontMetricsF(self.categories.labelsFont())
        room = self.chart().plotArea().width() / len(self.labels)
        every = list(range(len(self.labels)))
        # not laid out yet (never shown): every bar labelled until the plot has a width (``plotAreaChanged``)
        shown = every if room <= 0 else fitting_labels(
            lambda shown: [drawn_width(t, metrics) for t in self._texts(shown)], len(self.labels), room)
        texts = self._tick_texts(shown)
        if self.categories.categories() != texts:
            self.categories.setCategories(texts)
        series = self.chart().series()[0]
        values = series.barSets()[0]
        digits = QFontMetricsF(values.labelFont())
        fit = room <= 0 or labels_fit({i: digits.horizontalAdvance(f"{values.at(i):g}") for i in every},
                                      len(every), room)
        if series.isLabelsVisible() != fit:
            series.setLabelsVisible(fit)

    def drawn_labels(self) -> list[str]:
        """The texts drawn under the bars, the thinned ones left out, each on one line."""
        return [one_line(text.strip(BLANK)) for text in self.categories.categories() if text.strip(BLANK)]

    def tip(self, index: int) -> str:
        """The tooltip of bar ``index``: its category in full, the series and the value."""
        value = self.chart().series()[0].barSets()[0].at(index)
        return _("{category} — {series}: {value}").format(category=self.tips[index], series=self.series_name,
                                                            value=f"{value:g}")

    def _hovered(self, status: bool, index: int, _bars) -> None:
        if status:
            QToolTip.showText(QCursor.pos(), self.tip(index), self)
        else:
            QToolTip.hideText()

    def _count(self) -> int:
        series = self.chart().series()
        return series[0].barSets()[0].count() if series else 0

    def _pick(self, index: int) -> tuple[str, QPointF]:
        bars = self.chart().series()[0].barSets()[0]
        bars.deselectAllBars()
        if index < 0:
            return "", QPointF()
        bars.selectBar(index)
        chart = self.chart()
        # over the bar's middle: the plot's width shared by the bars, at the height of its value
        top = chart.mapToPosition(QPointF(index, bars.at(index)), chart.series()[0])
        return self.tip(index), chart.mapToScene(top)

    def shown(self) -> list[tuple[str, float]]:
        """The (category, value) pairs the chart draws: its categories in full (as given, not as thinned or
        shortened under the bars) and the values read back from its series."""
        chart = self.chart()
        if not chart.series():
            return []
        bars = chart.series()[0].barSets()[0]
        return [(self.labels[i], bars.at(i)) for i in range(bars.count())]


#: the slices' colours in turn: hues apart, and lightness alternating dark and light so that neighbouring slices
#: differ in grey print as well (one blue in shades did not); as many as the case statuses of the vocabulary (17)
#: and one more, so that no two slices of a pie share a colour
SLICE_COLOURS = ("#1f4e9c", "#f4b942", "#2a9d5c", "#f28e8e", "#6a3d9a", "#9fd8e8", "#a23b2a", "#c8c8c8",
                 "#0d6e6e", "#f7d6a0", "#404040", "#b6e3a8", "#8c2d6e", "#a8c8f0", "#5b6b00", "#e0b0e0",
                 "#7a4a1a", "#ffe680")


def share_text(value: float, total: float) -> str:
    """``value``'s share of ``total`` as a slice's tooltip gives it: 30.0%, rounded half up as table 1 and the
    evaluation table round theirs (``evaluation.share``: 1 of 16 is 6.3%, where float formatting said 6.2%)."""
    return share(round(value), round(total)) if total else ""


class PieChartView(_NoData, QChartView):
    """A pie of shares with the label and count of each slice in the legend beside it and in the slice's tooltip
    with its share; empty shares are left out. The view grows as high as its legend needs: the legend of a fixed
    260 pixels listed the first nine of fourteen statuses, leaving out 已送达 … 已归档, mostly the largest."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(_chart(title), parent)
        self.chart().legend().setVisible(True)
        self.chart().legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(CHART_HEIGHT)
        self.names: dict[str, str] = {}  # each slice's status, by the slice's label ("已结案 3": 已结案)
        self._no_data_label()
        self._keyboard()

    def set_data(self, pairs: Pairs) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        series = QPieSeries()
        series.hovered.connect(self._hovered)
        for label, value in pairs:
            if value:
                pie_slice = series.append(f"{label} {value:g}", float(value))
                # a colour of its own, told apart in grey print too (neighbours differ in lightness), and a white
                # edge between neighbours
                pie_slice.setBrush(QColor(SLICE_COLOURS[(series.count() - 1) % len(SLICE_COLOURS)]))
                pie_slice.setBorderColor(QColor("#ffffff"))
                pie_slice.setBorderWidth(1)
        self.names = {pie_slice.label(): label for pie_slice, (label, _value) in
                      zip(series.slices(), [pair for pair in pairs if pair[1]], strict=True)}
        chart.addSeries(series)
        self._show_no_data(not series.count())
        self._describe([(label, value) for label, value in pairs if value])
        self._fit_legend()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # the first size the view gets (shown) lays out the legend: measured once the resize is done, not within it
        QTimer.singleShot(0, self, self._fit_legend)

    def _fit_legend(self) -> None:
        """Keep the view as high as its legend needs to list every entry (``needed_height``)."""
        needed = self.needed_height()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def needed_height(self) -> int:
        """The height that shows the legend's entries one under another, whole: measured on the legend laid out
        (its entries' height, at least one line of the legend's font each, and its margins) and on what the chart
        takes above and below the legend (title, margins); ``CHART_HEIGHT`` at least."""
        chart, legend = self.chart(), self.chart().legend()
        if not chart.series() or not chart.series()[0].count() or chart.size().isEmpty():
            return CHART_HEIGHT
        chart.layout().invalidate()
        chart.layout().activate()  # the legend and its entries placed now rather than at the next event loop
        legend.layout().invalidate()
        legend.layout().activate()
        line = QFontMetricsF(legend.font()).height()
        entries = sum(max(entry.boundingRect().height(), line) for group in legend.childItems()
                      for entry in group.childItems())
        _left, top, _right, bottom = legend.layout().getContentsMargins()
        above_and_below = self.height() - legend.geometry().height()
        return max(CHART_HEIGHT, math.ceil(above_and_below + top + entries + bottom))

    def tip(self, pie_slice) -> str:
        """The tooltip of ``pie_slice``: its label, count and share of the pie."""
        return _("{status}: {count} ({share})").format(status=self.names.get(pie_slice.label(), pie_slice.label()),
                                                        count=f"{pie_slice.value():g}",
                                                        share=share_text(pie_slice.value(), pie_slice.series().sum()))

    def _hovered(self, pie_slice, state: bool) -> None:
        if state:
            QToolTip.showText(QCursor.pos(), self.tip(pie_slice), self)
        else:
            QToolTip.hideText()

    def _count(self) -> int:
        series = self.chart().series()
        return series[0].count() if series else 0

    def _pick(self, index: int) -> tuple[str, QPointF]:
        """The slice picked pulled out of the pie with its label ("已结案 3") drawn beside it, the others back."""
        slices = self.chart().series()[0].slices()
        for number, pie_slice in enumerate(slices):
            pie_slice.setExploded(number == index)
            pie_slice.setLabelVisible(number == index)
        if index < 0:
            return "", QPointF()
        return self.tip(slices[index]), self.chart().mapToScene(self.chart().plotArea().center())

    def shown(self) -> list[tuple[str, float]]:
        chart = self.chart()
        if not chart.series():
            return []
        return [(s.label(), s.value()) for s in chart.series()[0].slices()]
