"""The renderer-neutral content of a document: paragraphs in named styles, tables, spacers and page breaks,
plus what every page carries (a footer line or "— N —" page numbers). Forms produce these blocks from case
data; each writer (PDF, DOCX) renders the same blocks, so both outputs hold the same text.

Layout and styles are data (``resources/documents/layout.toml``): page size and GB/T 9704 margins, and per
style the font style, size, leading, alignment and indents."""

from __future__ import annotations

import math
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from workstation.paths import resource

ALIGNMENTS = ("left", "center", "right", "justify")


def _hashed_once(cls):
    """``cls`` (a frozen dataclass of blocks) with its hash worked out once per object, from its fields as the
    dataclass's own: the PDF writer keeps set paragraphs and rows under them (``pdf_layout.kept_layout``) and a
    document's page count under its blocks (``fitting.page_count``), each looked up again and again while a form
    is fitted to its page, mostly for the same objects."""
    of_fields = cls.__hash__

    def __hash__(self) -> int:
        found = self.__dict__.get("_hash")
        if found is None:
            found = of_fields(self)
            object.__setattr__(self, "_hash", found)  # not a field: equality, repr and replace() never see it
        return found

    cls.__hash__ = __hash__
    return cls


@dataclass(frozen=True)
class Run:
    """A piece of text in one paragraph; ``underline`` marks a filled-in blank of the printed form."""

    text: str
    bold: bool = False
    underline: bool = False


@_hashed_once
@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a style of layout.toml; ``align`` overrides the style's alignment and
    ``right_indent_chars`` its right indent (in characters of its size). ``hanging`` = (lead, hang) sets it with
    a hanging indent measured on its text (an item of the attachment note, ``hanging_indents``): its first line
    starts as far as ``lead`` is wide after where the style's first line starts, its further lines under the
    character that follows its first ``hang`` characters' width ("附件：1.", "2."). ``keep_lines``: in a table row
    that splits between pages, the paragraph's lines stay on one page (a file's SHA-256 in the 电子数据证据提取笔录,
    never half on the next page); a paragraph of the text is set whole on the next page when it does not fit whole
    on its own (the 抄送 line, ``pdf_pages.Flow.whole``; the DOCX's keepLines)."""

    runs: tuple[Run, ...]
    style: str = "body"
    align: str | None = None
    keep_with_next: bool = False
    keep_lines: bool = False
    right_indent_chars: float | None = None
    hanging: tuple[str, str] | None = None

    @classmethod
    def of(cls, text: str, style: str = "body", **kwargs) -> Paragraph:
        return cls((Run(text),), style, **kwargs)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@_hashed_once
@dataclass(frozen=True)
class Cell:
    """A table cell holding paragraphs (style ``cell`` or ``cell_label``); it may span columns."""

    paragraphs: tuple[Paragraph, ...]
    colspan: int = 1

    @classmethod
    def of(cls, text: str, style: str = "cell", **kwargs) -> Cell:
        return cls(tuple(Paragraph.of(line, style) for line in text.split("\n")), **kwargs)


@_hashed_once
@dataclass(frozen=True)
class Row:
    """A table row; ``min_height_mm`` keeps room for handwriting (signatures, opinions). A row moves whole to the
    next page when it does not fit, unless it ``splits``: a long row (``fitting.mark_long_rows``: the 简要案情 of
    an approval, a row kept high whose text runs past its height) continues on the next page by lines instead of
    leaving the foot of the page empty. A row
    ``keep_with_next`` stays on the page of the row after it (the signature rows that close a form, and the row
    before them: ``compose.keep_signature_rows``; the row above a report's total row); when it splits, two of its
    lines at least go on with them. Rows kept together that move to a new page go under the table's column heads
    set again there."""

    cells: tuple[Cell, ...]
    min_height_mm: float = 0
    splits: bool = False
    keep_with_next: bool = False


@_hashed_once
@dataclass(frozen=True)
class Table:
    """A ruled table (form-type documents: 审批表, 笔录 headers, 送达回证); widths are fractions of the text
    block's width and sum to 1. Its first ``header_rows`` rows (column heads) are printed again at the top of
    every page the table continues on."""

    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    header_rows: int = 0


@dataclass(frozen=True)
class Spacer:
    """Vertical space of ``lines`` body lines."""

    lines: float = 1


@dataclass(frozen=True)
class PageBreak:
    """Continue on a new page."""


@dataclass(frozen=True)
class Picture:
    """A PNG picture ``width`` × ``height`` points on a line of its own, ``description`` its alternative text.
    Only the DOCX writer takes one: the PDF draws its charts itself (``reports.charts``)."""

    png: bytes = field(repr=False)
    width: float
    height: float
    description: str = ""


Block = Paragraph | Table | Spacer | PageBreak | Picture


@dataclass(frozen=True)
class Document:
    """What a writer renders. ``footer`` (with ``{page}`` and ``{pages}``) is printed on every page, as the
    笔录 need ("被询问人签名：…  第 {page} 页 共 {pages} 页"); without it pages carry "— N —" numbers."""

    title: str
    blocks: tuple[Block, ...]
    footer: str | None = None
    page_numbers: bool = True
    metadata: dict[str, str] = field(default_factory=dict)
    landscape: bool = False  # A4 turned (the PDF writer only): a wide list, not a document of the catalogue
    # (label, text) of each field of a form's document (``compose``): what names a character no font has
    # (``glyphs.document_missing_glyphs``); () for a document not composed from a form
    fields: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    @property
    def text(self) -> str:
        """All text of the blocks, in order (what both writers must contain)."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        return "\n".join(parts)


def width_in_chars(text: str) -> float:
    """How many Chinese characters wide ``text`` is: full-width characters 1, digits and Latin letters ½."""
    return sum(1.0 if unicodedata.east_asian_width(char) in "FWA" else 0.5 for char in text)


def hanging_indents(paragraph: Paragraph, chars: Callable[[str], float] | None = None) -> tuple[float, float] | None:
    """(left indent, first-line indent), in characters of its style's size, of a paragraph set with ``hanging``
    (None without): GB/T 9704 7.3.4, the name of an attachment that runs on stands under the name's first
    character, not under its number. ``chars`` measures a text in characters of that size as the writer draws
    it; by default full-width characters 1, digits and Latin letters ½, each plus the style's tracking."""
    if paragraph.hanging is None:
        return None
    spec = layout()["styles"][paragraph.style]
    if chars is None:
        step = tracking(spec) / spec["size"]

        def chars(text: str) -> float:
            return width_in_chars(text) + step * len(text)

    lead, hang = paragraph.hanging
    start = spec.get("left_indent_chars", 0) + spec.get("first_line_indent_chars", 0) + chars(lead)
    return start + chars(hang), -chars(hang)


def centred_on_date(lines: list[Paragraph]) -> list[Paragraph]:
    """GB/T 9704 7.3.5.1: the date (the last line) stands its style's right indent (4 characters) in from the
    right margin and the signing agency's name above it is centred on the date, so that the seal covers both;
    a name wider than that room stands at the right margin."""
    if len(lines) < 2:
        return lines
    date = lines[-1]
    spec = layout()["styles"].get(date.style, {})
    if date.align or spec.get("align") != "right":
        return lines
    middle = spec.get("right_indent_chars", 0) + width_in_chars(date.text) / 2
    return [replace(p, right_indent_chars=max(0.0, middle - width_in_chars(p.text) / 2))
            if not p.align and p.style == date.style else p for p in lines[:-1]] + [date]


def tracking(spec: dict) -> float:
    """The space (pt) added to each character's advance in a layout style: for a style on the page's character
    grid (``grid = true``) what makes ``chars_per_line`` characters of its size fill the text block (GB/T 9704:
    28 三号 characters in 156 mm, −0.25 pt), rounded down to the 1/20 pt that Word's character spacing keeps, so
    that the PDF and the DOCX hold the same 28 characters a line; 0 off the grid."""
    if not spec.get("grid"):
        return 0.0
    page = layout()["page"]
    width = (page["width_mm"] - page["left_mm"] - page["right_mm"]) / 25.4 * 72
    return math.floor((width / page["chars_per_line"] - spec["size"]) * 20) / 20


@cache
def layout() -> dict:
    """Page geometry and paragraph styles of ``resources/documents/layout.toml``."""
    with resource("documents", "layout.toml").open("rb") as fh:
        data = tomllib.load(fh)
    for name, style in data["styles"].items():
        if style.get("align", "left") not in ALIGNMENTS:
            raise ValueError(f"layout.toml: style {name} has an unknown alignment {style['align']!r}")
    return data
