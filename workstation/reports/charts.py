"""The report's bar charts drawn with reportlab.graphics onto the PDF pages, in the room the report document
keeps free above each chart's caption; labels in a registered Chinese face that has every character of them
(reportlab has no per-glyph fallback)."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from workstation.documents.fonts import STYLES, FontSet
from workstation.documents.pdf_layout import ASCENT, style
from workstation.documents.pdf_pages import Frame, Page
from workstation.reports.document import CHART_LINES, Chart

BAR_COLOUR = colors.HexColor("#4472C4")
LABEL_SIZE = 10.5


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


def bar_drawing(chart: Chart, width: float, height: float, fonts: FontSet) -> Drawing:
    """A vertical bar chart of ``chart.bars``, each bar's value written above it."""
    labels = [name for name, _value in chart.bars]
    values = [value for _name, value in chart.bars]
    face = label_face(fonts, "".join(labels) + "0123456789")
    # the labels' face as the drawing's initial font: reportlab's own (Helvetica, never embedded) would be named in
    # the report's PDF, which a PDF/A check refuses
    drawing = Drawing(width, height, initialFontName=face)
    bars = VerticalBarChart()
    bars.x, bars.y = 36, 30
    bars.width, bars.height = width - 48, height - 46
    bars.data = [values or [0]]
    bars.bars[0].fillColor = BAR_COLOUR
    bars.bars[0].strokeColor = None
    bars.categoryAxis.categoryNames = labels or [""]
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
    bars.barLabelFormat = "%d"
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
