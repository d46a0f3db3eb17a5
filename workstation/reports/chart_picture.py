"""The report's charts as PNG pictures for the DOCX: the reportlab drawing the PDF draws (``charts.bar_drawing``,
so the same bars, labels, values, colours and size) painted with Pillow at 300 dpi, its labels set from the same
TrueType font files as the PDF's. reportlab's own bitmap renderer needs cairo, which the workstation does not
ship. The same chart gives the same PNG bytes (no time or software stamp in the file)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.renderbase import Renderer, StateTracker, getStateDelta
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth

from workstation.documents.blocks import Picture
from workstation.documents.fonts import FontSet
from workstation.reports.charts import BAR_COLOUR, bar_drawing, chart_size
from workstation.reports.document import Chart

DPI = 300
SCALE = DPI / 72  # pixels per point
# The picture is a palette image (a third of the bytes of RGB to compress: about 25 ms less a chart): index i < 255
# is the grey i * 255 / 254, so that a label's anti-aliased edge, blended from the white background (254) to
# black (0), lands on the grey between; index 255 is the bars' colour (nothing is written over a bar but lines).
WHITE, BAR = 254, 255
PALETTE = [round(i * 255 / 254) for i in range(WHITE + 1) for _rgb in range(3)] + \
    [round(255 * part) for part in BAR_COLOUR.rgb()]


@cache
def _font(path: Path, index: int, pixels: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size=pixels, index=index)


def _index(colour) -> int | None:
    """The palette index of a reportlab colour: a grey's, or the bars' colour's."""
    if colour is None:
        return None
    red, green, blue = (round(255 * part) for part in colour.rgb())
    if red == green == blue:
        return round(red * WHITE / 255)
    if colour.rgb() == BAR_COLOUR.rgb():
        return BAR
    raise ValueError(f"a chart colour other than grey or the bars' colour: {colour}")


class _PillowRenderer(Renderer):
    """Paints the primitive shapes of a reportlab drawing (rectangles, lines, polylines, polygons and strings,
    what a bar chart is made of) onto a Pillow image, keeping reportlab's graphics state and transforms."""

    def __init__(self, image: Image.Image, height: float, faces: dict[str, tuple[Path, int]]):
        self.pen = ImageDraw.Draw(image)
        self.pen.fontmode = "L"  # anti-aliased labels (blended between palette indices, see PALETTE)
        self.height = height
        self.faces = faces

    def paint(self, drawing: Drawing) -> None:
        """Paint ``drawing`` (reportlab's ``Renderer.draw`` without the PDF canvas it expects)."""
        self._tracker = StateTracker(defaultObj=drawing)
        drawing._parent = None
        try:
            self.drawNode(drawing)
        finally:
            del self._tracker, drawing._parent

    def drawNode(self, node) -> None:
        self._tracker.push(getStateDelta(node))
        self.drawNodeDispatcher(node)
        self._tracker.pop()

    def _point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the current user space in pixels from the image's top left corner."""
        a, b, c, d, e, f = self._tracker.getCTM()
        return (a * x + c * y + e) * SCALE, (self.height - (b * x + d * y + f)) * SCALE

    def _state(self, key: str):
        return self._tracker.getState()[key]

    def _stroke(self) -> tuple[int | None, int]:
        a, b, c, d = self._tracker.getCTM()[:4]
        scale = (abs(a * d - b * c)) ** 0.5
        return _index(self._state("strokeColor")), max(1, round(self._state("strokeWidth") * scale * SCALE))

    def _polygon(self, points: list[tuple[float, float]], closed: bool) -> None:
        corners = [self._point(x, y) for x, y in points]
        fill = _index(self._state("fillColor")) if closed else None
        if fill is not None:
            self.pen.polygon(corners, fill=fill)
        colour, width = self._stroke()
        if colour is not None and self._state("strokeWidth"):
            self.pen.line([*corners, corners[0]] if closed else corners, fill=colour, width=width)

    def drawRect(self, rect) -> None:
        x, y, w, h = rect.x, rect.y, rect.width, rect.height
        self._polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], closed=True)

    def drawLine(self, line) -> None:
        self._polygon([(line.x1, line.y1), (line.x2, line.y2)], closed=False)

    def drawPolyLine(self, polyline) -> None:
        points = polyline.points
        self._polygon(list(zip(points[::2], points[1::2], strict=True)), closed=False)

    def drawPolygon(self, polygon) -> None:
        points = polygon.points
        self._polygon(list(zip(points[::2], points[1::2], strict=True)), closed=True)

    def drawString(self, string) -> None:
        fill = _index(self._state("fillColor"))
        if fill is None or not string.text:
            return
        a, b, c, d = self._tracker.getCTM()[:4]
        if b or c:
            raise ValueError(f"a chart label drawn turned ({string.text!r}) cannot be painted")
        name, size, anchor = self._state("fontName"), self._state("fontSize"), self._state("textAnchor")
        # placed as the PDF places it: by reportlab's width of the text in that face
        x = string.x - {"end": 1, "middle": 0.5}.get(anchor, 0) * stringWidth(string.text, name, size)
        path, index = self.faces[name]
        font = _font(path, index, size * d * SCALE)
        self.pen.text(self._point(x, string.y), string.text, font=font, fill=fill, anchor="ls")


def chart_png(chart: Chart, fonts: FontSet) -> bytes:
    """``chart`` as the PDF draws it, as a 300 dpi PNG of the chart's room (the text block's width, nine body
    lines high)."""
    width, height = chart_size()
    image = Image.new("P", (round(width * SCALE), round(height * SCALE)), WHITE)
    image.putpalette(PALETTE)
    faces = {face.name: (face.path, face.index) for face in fonts.faces.values()}
    _PillowRenderer(image, height, faces).paint(bar_drawing(chart, width, height, fonts))
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI), compress_level=1)
    return out.getvalue()


def chart_picture(chart: Chart, fonts: FontSet) -> Picture:
    """The picture block of ``chart`` for the DOCX, as large as its room in the PDF, its caption as alt text."""
    width, height = chart_size()
    return Picture(chart_png(chart, fonts), width, height, chart.caption)
