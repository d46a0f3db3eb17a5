"""The renderer-neutral content of a document: paragraphs in named styles, tables, spacers and page breaks,
plus what every page carries (a footer line or "— N —" page numbers). Forms produce these blocks from case
data; each writer (PDF, DOCX) renders the same blocks, so both outputs hold the same text.

Layout and styles are data (``resources/documents/layout.toml``): page size and GB/T 9704 margins, and per
style the font style, size, leading, alignment and indents."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

from workstation.paths import resource

ALIGNMENTS = ("left", "center", "right", "justify")


@dataclass(frozen=True)
class Run:
    """A piece of text in one paragraph; ``underline`` marks a filled-in blank of the printed form."""

    text: str
    bold: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a style of layout.toml; ``align`` overrides the style's alignment."""

    runs: tuple[Run, ...]
    style: str = "body"
    align: str | None = None
    keep_with_next: bool = False

    @classmethod
    def of(cls, text: str, style: str = "body", **kwargs) -> Paragraph:
        return cls((Run(text),), style, **kwargs)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Cell:
    """A table cell holding paragraphs (style ``cell`` or ``cell_label``); it may span columns."""

    paragraphs: tuple[Paragraph, ...]
    colspan: int = 1

    @classmethod
    def of(cls, text: str, style: str = "cell", **kwargs) -> Cell:
        return cls(tuple(Paragraph.of(line, style) for line in text.split("\n")), **kwargs)


@dataclass(frozen=True)
class Row:
    """A table row; ``min_height_mm`` keeps room for handwriting (signatures, opinions)."""

    cells: tuple[Cell, ...]
    min_height_mm: float = 0


@dataclass(frozen=True)
class Table:
    """A ruled table (form-type documents: 审批表, 笔录 headers, 送达回证); widths are fractions of the text
    block's width and sum to 1."""

    rows: tuple[Row, ...]
    widths: tuple[float, ...]


@dataclass(frozen=True)
class Spacer:
    """Vertical space of ``lines`` body lines."""

    lines: float = 1


@dataclass(frozen=True)
class PageBreak:
    """Continue on a new page."""


Block = Paragraph | Table | Spacer | PageBreak


@dataclass(frozen=True)
class Document:
    """What a writer renders. ``footer`` (with ``{page}`` and ``{pages}``) is printed on every page, as the
    笔录 need ("被询问人签名：…  第 {page} 页 共 {pages} 页"); without it pages carry "— N —" numbers."""

    title: str
    blocks: tuple[Block, ...]
    footer: str | None = None
    page_numbers: bool = True
    metadata: dict[str, str] = field(default_factory=dict)

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


@cache
def layout() -> dict:
    """Page geometry and paragraph styles of ``resources/documents/layout.toml``."""
    with resource("documents", "layout.toml").open("rb") as fh:
        data = tomllib.load(fh)
    for name, style in data["styles"].items():
        if style.get("align", "left") not in ALIGNMENTS:
            raise ValueError(f"layout.toml: style {name} has an unknown alignment {style['align']!r}")
    return data
