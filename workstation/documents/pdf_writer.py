"""The PDF writer: renders document blocks (``blocks.py``) with reportlab onto the GB/T 9704 page of
``layout.toml``. Lines are laid out here, not by reportlab (``pdf_layout``: Chinese line breaking, per-character
font fallback, justification by character spacing; ``pdf_pages``: page flow, tables, footers), in two passes so
that every page knows the page count; then each line is drawn on a canvas. Fonts are embedded as subsets, the
output carries the document's title, the app as author and no clock time, so the same document always gives
the same bytes (issued documents are hashed). Importing the module also corrects, process-wide, reportlab's
ToUnicode map for characters beyond U+FFFF, so that copying and searching 𠀀 𠮷 work."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas

from workstation.documents.blocks import Document
from workstation.documents.fonts import DRAWING_LOCK, FontSet, resolve_fonts
from workstation.documents.glyphs import printable_document
from workstation.documents.linebreak import check_lines
from workstation.documents.pdf_layout import Line, measurer
from workstation.documents.pdf_pages import RULE_WIDTH, Frame, Page, add_furniture, flow
from workstation.validators import parse_date

AUTHOR = "案卷工作站"
BOLD_STROKE = 0.03  # of the font size: the outline stroked around bold glyphs (Chinese faces have no bold)
UNDERLINE_OFFSET = 0.15  # of the font size, below the baseline
UNDERLINE_WIDTH = 0.05


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF file, its page count and every line drawn (text, table cells, footers, page numbers) with its
    page, position and faces — for tests and self-checks of the layout."""

    data: bytes
    pages: int
    lines: tuple[Line, ...] = ()

    def text_lines(self, kinds: tuple[str, ...] = ("text", "cell")) -> list[str]:
        """The text of the drawn lines of ``kinds``, in drawing order."""
        return [line.text for line in self.lines if line.kind in kinds]

    def line_problems(self) -> list[str]:
        """The Chinese line-breaking violations (``check_lines``) among the text and table lines: always empty
        unless the layout has a bug."""
        return check_lines(self.text_lines())


def render_pdf(document: Document, fonts: FontSet | None = None,
               overlay: Callable[[Canvas, Page], None] | None = None) -> RenderedPdf:
    """``document`` as an A4 PDF (turned when ``document.landscape``): text block, styles and page furniture of layout.toml, fonts from ``fonts``
    (default: ``resolve_fonts()``) embedded as subsets; the same document gives the same bytes. ``overlay``
    draws more on each page after its lines (a report's charts, in the room its spacers keep free)."""
    document = printable_document(document)  # a tab or control character pasted into a list's data: no box
    fonts = fonts or resolve_fonts()
    frame, pages = lay_out(document, fonts)
    out = io.BytesIO()
    with DRAWING_LOCK:  # one PDF at a time embeds from the faces every thread shares
        # a Chinese face as the initial font: reportlab would otherwise reference (unembedded) Helvetica
        canvas = Canvas(out, pagesize=(frame.width, frame.height), invariant=1, pageCompression=1,
                        initialFontName=fonts.name("song"), lang="zh-CN")
        _describe(canvas, document)
        for page in pages:
            _draw_page(canvas, page)
            if overlay is not None:
                overlay(canvas, page)
            canvas.showPage()
        canvas.save()
    return RenderedPdf(out.getvalue(), len(pages), tuple(line for page in pages for line in page.lines))


def lay_out(document: Document, fonts: FontSet | None = None) -> tuple[Frame, list[Page]]:
    """The page frame and the pages ``render_pdf`` draws ``document`` on (its text, tables and furniture placed),
    without drawing them: where each line falls, for checks of the layout that need no PDF."""
    fonts = fonts or resolve_fonts()
    measure = measurer(fonts)
    frame = Frame.from_layout(document.landscape)
    pages = flow(document, frame, measure)
    add_furniture(pages, document, frame, measure)
    return frame, pages


def _describe(canvas: Canvas, document: Document) -> None:
    """Title, the app as author and creator; with ``metadata["date"]`` that day as the creation date (else
    reportlab's fixed invariant date), never the clock."""
    canvas.setTitle(document.title)
    canvas.setAuthor(AUTHOR)
    canvas.setCreator(AUTHOR)
    canvas.setSubject(document.metadata.get("subject", ""))
    canvas.setKeywords(document.metadata.get("keywords", ""))
    try:
        day = parse_date(document.metadata.get("date"))
    except ValueError:
        day = None
    if day:
        stamp = "D:" + day.replace("-", "") + "000000+08'00'"
        canvas.setDateFormatter(lambda *_parts: stamp)


def _draw_page(canvas: Canvas, page: Page) -> None:
    if page.rules:
        canvas.setLineWidth(RULE_WIDTH)
        path = canvas.beginPath()
        for x1, y1, x2, y2 in page.rules:
            path.moveTo(x1, y1)
            path.lineTo(x2, y2)
        canvas.drawPath(path, stroke=1, fill=0)
    for line in page.lines:
        if line.segments:
            _draw_line(canvas, line)


def _draw_line(canvas: Canvas, line: Line) -> None:
    """One line as one text object. Character spacing and the render mode are reset at its end, since PDF
    text state outlives the text object."""
    bold = any(segment.bold for segment in line.segments)
    if bold:
        canvas.saveState()
        canvas.setLineWidth(BOLD_STROKE * line.size)
    text = canvas.beginText(line.x, line.y)
    if line.char_space:
        text.setCharSpace(line.char_space)
    for segment in line.segments:
        text.setFont(segment.font, line.size, line.leading)
        text.setTextRenderMode(2 if segment.bold else 0)
        if segment.squeeze:  # the padding narrowed to keep a date on its line
            text.setCharSpace(line.char_space - segment.squeeze)
        text.textOut(segment.text)
        if segment.squeeze:
            text.setCharSpace(line.char_space)
    if line.char_space:
        text.setCharSpace(0)
    text.setTextRenderMode(0)
    canvas.drawText(text)
    if bold:
        canvas.restoreState()
    if any(segment.underline for segment in line.segments):
        _underline(canvas, line)


def _underline(canvas: Canvas, line: Line) -> None:
    """A rule under each underlined segment, as wide as its glyphs and their spacing."""
    canvas.saveState()
    canvas.setLineWidth(UNDERLINE_WIDTH * line.size)
    y, x = line.y - UNDERLINE_OFFSET * line.size, line.x
    for segment in line.segments:
        advance = segment.width + line.char_space * len(segment.text)
        if segment.underline:
            canvas.line(x, y, x + advance, y)
        x += advance
    canvas.restoreState()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap of a font subset, with characters beyond U+FFFF (extension B ideographs
    such as 𠀀 𠮷) written as UTF-16 surrogate pairs as the PDF specification requires; reportlab 5.1 writes
    their bare code point, so copying or searching them gives garbage."""
    cmap = _REPORTLAB_CMAP(fontname, subset)
    if all(code <= 0xFFFF for code in subset):
        return cmap
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
            cmap = cmap.replace(f"<{index:02X}> <{code:04X}>\n", f"<{index:02X}> <{high:04X}{low:04X}>\n", 1)
    return cmap


_REPORTLAB_CMAP = getattr(ttfonts.makeToUnicodeCMap, "__wrapped__", ttfonts.makeToUnicodeCMap)
_to_unicode_cmap.__wrapped__ = _REPORTLAB_CMAP
ttfonts.makeToUnicodeCMap = _to_unicode_cmap
