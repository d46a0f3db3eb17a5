"""The report's bar charts drawn with reportlab.graphics onto the PDF pages, in the room the report document
keeps free above each chart's caption; labels in a registered Chinese face that has every character of them
(reportlab has no per-glyph fallback). From format 18 on the labels are drawn only where they fit
(``chart_labels``): a chart by month labels its months short, as many as fit side by side, and the values over the
bars are left out where they do not fit over them."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from workstation.chart_labels import fitting_labels, labels_fit
from workstation.documents.fonts import STYLES, FontSet
from workstation.documents.pdf_layout import ASCENT, style
from workstation.documents.pdf_pages import Frame, Page
from workstation.reports.document import CHART_LINES, Chart

BAR_COLOUR = colors.HexColor("#4472C4")
LABEL_SIZE = 10.5
#: how far a label under the first or last bar may run past the end of the axis, in points: the drawing keeps 36 points
#: left of the axis (the value axis' figures, above the labels) and 12 right of it
LABEL_OVERHANG = 8
#: the points a second line of labels (a month's year) takes
LABEL_LINE = LABEL_SIZE * 1.2


def label_face(fonts: FontSet, text: str) -> str:
    """The first style face (Hei first, as chart labels are set) that has every character of ``text``."""
    needed = set(text) - {" "}
    for name in dict.fromkeys(fonts.faces[s].name for s in ("hei", *STYLES)):  # each face loaded when tried
        if needed <= fonts.chars.get(name, frozenset()):
            return name
    return fonts.name("hei")


def chart_size() -> tuple[float, float]:
    """A chart's width and height in points: the text block's width, ``CHART_LINES`` body lines high."""
    return Frame.from_layout().text_width, CHART_LINES * style("body")["leading"]


def month_ticks(chart: Chart, shown: list[int]) -> list[str]:
    """The texts drawn under the bars ``shown`` of a chart by month: the month (6月, 6月15日至30日), with its year on a
    second line under the first label drawn and wherever the year changes from the label drawn before it (2027年 under
    1月, or under 2月 where 1月 is not drawn)."""
    texts, year = [], None
    for index in shown:
        month, its_year = chart.months[index]
        texts.append(month if its_year == year else f"{month}\n{its_year}")
        year = its_year
    return texts


def _width(text: str, face: str) -> float:
    return max(stringWidth(line, face, LABEL_SIZE) for line in text.split("\n"))


def category_names(chart: Chart, room: float, face: str) -> list[str]:
    """The labels under the bars of ``chart``, each ``room`` wide: a chart by month (``chart.months``) labels every
    month, else every second, third … that fits (``month_ticks``, ``fitting_labels``), the others left blank; any
    other chart each bar's label."""
    if not chart.months:
        return [name for name, _value in chart.bars]
    count = len(chart.months)
    shown = fitting_labels(lambda shown: [_width(text, face) for text in month_ticks(chart, shown)], count, room,
                           edge=-LABEL_OVERHANG)
    texts = dict(zip(shown, month_ticks(chart, shown), strict=True))
    return [texts.get(index, "") for index in range(count)]


def bar_drawing(chart: Chart, width: float, height: float, fonts: FontSet) -> Drawing:
    """A vertical bar chart of ``chart.bars``, each bar's value written above it (from format 18 on, where the
    values fit side by side)."""
    labels = [name for name, _value in chart.bars]
    values = [value for _name, value in chart.bars]
    face = label_face(fonts, "".join(labels) + "".join(year for _month, year in chart.months) + "0123456789")
    # the labels' face as the drawing's initial font: reportlab's own (Helvetica, never embedded) would be named in
    # the report's PDF, which a PDF/A check refuses
    drawing = Drawing(width, height, initialFontName=face)
    bars = VerticalBarChart()
    bars.x, bars.y = 36, 30
    bars.width, bars.height = width - 48, height - 46
    names = category_names(chart, bars.width / max(len(values), 1), face)
    if any("\n" in name for name in names):  # a line more for the years under their months
        bars.y += LABEL_LINE
        bars.height -= LABEL_LINE
        bars.categoryAxis.labels.textAnchor = "middle"  # each line centred under its bar
    bars.data = [values or [0]]
    bars.bars[0].fillColor = BAR_COLOUR
    bars.bars[0].strokeColor = None
    bars.categoryAxis.categoryNames = names or [""]
    bars.categoryAxis.labels.fontName = face
    bars.categoryAxis.labels.fontSize = LABEL_SIZE
    bars.categoryAxis.labels.dy = -4
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max([*values, 1]) * 1.2
    bars.valueAxis.labels.fontName = face
    bars.valueAxis.labels.fontSize = LABEL_SIZE
    bars.valueAxis.labelTextFormat = "%d"
    bars.valueAxis.forceZero = True
    if chart.whole_steps and max(values, default=0) < 3:
        # reportlab steps an axis up to 1.2 or 2.4 by 0.2 or 0.5, which "%d" labels 0, 0, 0, 0, 0, 1
        bars.valueAxis.valueStep = 1
    room = bars.width / max(len(values), 1)
    if not chart.fitted or labels_fit({i: stringWidth(f"{value:d}", face, LABEL_SIZE) for i, value in enumerate(values)},
                                      len(values), room):
        bars.barLabelFormat = "%d"
    else:  # the values would overlap over the bars: left out (the table beside the chart has them)
        bars.barLabelFormat = None
    bars.barLabels.fontName = face
    bars.barLabels.fontSize = LABEL_SIZE
    bars.barLabels.nudge = 6
    drawing.add(bars)
    return drawing


class ChartOverlay:
    """Draws each chart on the page that holds its caption, in the room above the caption (the overlay of
    ``render_pdf``)."""

    def __init__(self, charts: list[Chart], fonts: FontSet, frame: Frame):
        self.charts = {chart.caption: chart for chart in charts}
        self.fonts = fonts
        self.frame = frame
        self.height = chart_size()[1]

    def __call__(self, canvas: Canvas, page: Page) -> None:
        for line in page.lines:
            chart = self.charts.get(line.text) if line.kind == "text" else None
            if chart is None:
                continue
            caption_top = line.y + ASCENT * line.size + (line.leading - line.size) / 2
            drawing = bar_drawing(chart, self.frame.text_width, self.height, self.fonts)
            renderPDF.draw(drawing, canvas, self.frame.left, caption_top)
