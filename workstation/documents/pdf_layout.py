"""Line layout for the PDF writer: measuring text in the faces of a ``FontSet`` (widths cached per face and
character), breaking a paragraph into lines by the Chinese rules of ``linebreak.py``, and setting each line —
its runs split by face, bold and underline, its offset for the alignment and indents, and for justified text
the character spacing that makes it flush right (reportlab stretches only spaces, which Chinese lacks). Styles on
the page's character grid (layout.toml ``grid``) are set 28 characters a line by a small negative tracking.
A paragraph is laid out once per width: its lines are kept (the last ``LINES_KEPT`` paragraphs' and table rows'),
since fitting a document to its pages lays it out again for each size or row count it tries, mostly the same
paragraphs; counting pages flows the kept lines themselves, placing copies of them only to draw (``pdf_pages``)."""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import ChainMap, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby
from typing import TypeVar

from reportlab.pdfbase import pdfmetrics

from workstation.documents.blocks import Paragraph, hanging_indents, layout, tracking
from workstation.documents.fonts import FontSet
from workstation.documents.linebreak import (
    INDENT,
    break_lines,
    compressible_tail,
    padding_run,
    spread_room,
    word_gaps,
)

#: How much tighter per character (in ems) a justified line may be set to keep a number or Latin word on it
#: (linebreak.break_lines' ``squeeze``): 0.04 em, 0.64 pt in 三号, against the −0.25 pt of the character grid
SQUEEZE = 0.04
#: The most (in ems) a justified line's characters are spread apart to end flush right: 0.1 em, 1.6 pt in 三号, 2.7
#: characters' room on a line of 28 — per gap that stretches: the gaps inside a number or Latin word take at most
#: ``SQUEEZE`` (``_spacings``). A line that would be spread wider (a 文号, date or blank moved whole to the
#: next line) is broken inside its date or 文号 where that fits (linebreak.break_lines' ``stretch``), else left ragged.
MAX_SPREAD = 0.1
#: The part of a Chinese character's em box above the baseline; lines are centred on the em box.
ASCENT = 0.88

#: How many paragraphs' lines (and table rows set: ``kept_layout``) the process keeps, the least recently used dropped
#: first: a long 询问笔录 has some hundreds of paragraphs and cells, each laid out in a width or two and, while it is
#: fitted, a size or two
LINES_KEPT = 4096
#: How many pieces' widths a paragraph style keeps for line breaking (``_Widths.pieces``)
PIECES_KEPT = 20000

T = TypeVar("T")

_CHAR_WIDTHS: dict[str, dict[str, float]] = {}  # font name -> char -> width at 1 pt


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a line drawn in one face: its width at the line's size, bold and underline; ``squeeze`` is how much
    closer than the line's character spacing its characters are set (the padding of full-width spaces narrowed to
    keep a date on its line), already taken off ``width``."""

    font: str
    text: str
    width: float
    bold: bool = False
    underline: bool = False
    squeeze: float = 0.0


@dataclass(slots=True)
class Line:
    """One laid-out line. ``x`` (left end of the first glyph) is relative to its column until the line is
    placed on a page, then absolute like ``y`` (the baseline); ``width`` is the drawn width, character spacing
    included, so ``x + width`` is where the line ends. ``kind`` is "text", "cell", "footer" or "page_number";
    ``last`` marks the last line of a paragraph or of a hard (newline) break."""

    text: str
    style: str
    size: float
    leading: float
    segments: tuple[Segment, ...]
    x: float
    width: float
    char_space: float = 0.0
    last: bool = True
    kind: str = "text"
    page: int = 0
    y: float = 0.0

    def place(self, page: int, left: float, top: float) -> None:
        """Put the line on ``page`` (counted from 1) with its column at ``left`` and its box's top at ``top``."""
        self.page = page
        self.x += left
        self.y = top - (self.leading - self.size) / 2 - ASCENT * self.size

    def copy(self) -> Line:
        """The line as a new object, to be placed (``place``) without moving this one."""
        return Line(self.text, self.style, self.size, self.leading, self.segments, self.x, self.width,
                    self.char_space, self.last, self.kind, self.page, self.y)


def style(name: str) -> dict:
    """The layout.toml style ``name``; ValueError naming it when layout.toml has no such style."""
    try:
        return layout()["styles"][name]
    except KeyError:
        raise ValueError(f"layout.toml has no paragraph style {name!r}") from None


def char_width(font: str, char: str) -> float:
    """The advance width of ``char`` in the registered face ``font`` at 1 pt (cached)."""
    widths = _CHAR_WIDTHS.setdefault(font, {})
    width = widths.get(char)
    if width is None:
        width = widths[char] = pdfmetrics.stringWidth(char, font, 1.0)
    return width


class _Widths(dict):
    """char -> width at 1 pt in the face a style draws it with; ``INDENT`` -> the first-line indent in ems, less
    the style's tracking that measuring adds to it as to every character."""

    def __init__(self, fonts: FontSet, font_style: str, indent_chars: float, tracking_ems: float = 0.0):
        super().__init__({INDENT: indent_chars - tracking_ems})
        self.fonts = fonts
        self.font_style = font_style
        self._pieces: dict[float | None, dict[str, float]] = {}

    def __missing__(self, char: str) -> float:
        width = self[char] = char_width(self.fonts.face_for(self.font_style, char), char)
        return width

    def pieces(self, hanging: float | None) -> dict[str, float]:
        """The widths of the pieces that line breaking measures (a character, number, word or blank) at the style's
        size with its tracking, kept for the next paragraph — with ``hanging``, the first-line indent in ems of a
        paragraph set with a hanging indent, which ``INDENT`` is as wide as (None: the style's own). Emptied now
        and then (``PIECES_KEPT``): numbers and words are many."""
        if len(self._pieces) > 8:
            self._pieces.clear()
        known = self._pieces.setdefault(hanging, {})
        if len(known) > PIECES_KEPT:
            known.clear()
        return known


class Measurer:
    """Measures and sets text for one ``FontSet``; use ``measurer(fonts)`` to share one per font set."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._tables: dict[str, _Widths] = {}

    def widths(self, style_name: str) -> _Widths:
        """The width table of a paragraph style (its face and first-line indent)."""
        table = self._tables.get(style_name)
        if table is None:
            spec = style(style_name)
            table = self._tables[style_name] = _Widths(self.fonts, spec["font"],
                                                        spec.get("first_line_indent_chars", 0),
                                                        tracking(spec) / spec["size"])
        return table

    def width(self, style_name: str, text: str, size: float) -> float:
        """The width of ``text`` in a paragraph style at ``size``, its tracking after each character included."""
        return size * sum(map(self.widths(style_name).__getitem__, text)) + tracking(style(style_name)) * len(text)


_MEASURERS: weakref.WeakKeyDictionary[FontSet, Measurer] = weakref.WeakKeyDictionary()


def measurer(fonts: FontSet) -> Measurer:
    """The shared ``Measurer`` of ``fonts`` (its width caches live as long as the font set)."""
    found = _MEASURERS.get(fonts)
    if found is None:
        found = _MEASURERS[fonts] = Measurer(fonts)
    return found


class _KeptLines:
    """The lines of the paragraphs laid out last, by measurer, paragraph, column width and kind of line, and the
    table rows set last (``kept_layout``); never placed (copies are handed out to place, the kept ones only to
    measure or count pages). One for the process, bounded however many font sets it resolves (each test's data
    folder has its own), shared by the window's worker threads that render."""

    def __init__(self):
        self._lines: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def kept(self, key: tuple, lay_out: Callable[[], T], copy: Callable[[T], T]) -> T:
        """A ``copy`` of what is kept under ``key``; laid out by ``lay_out`` and kept when nothing is yet."""
        with self._lock:
            found = self._lines.pop(key, None)
            if found is not None:  # kept last, under this key: the next lookup of the same objects needs no comparing
                self._lines[key] = found
        if found is None:
            found = lay_out()
            with self._lock:
                self._lines[key] = found
                while len(self._lines) > LINES_KEPT:
                    self._lines.popitem(last=False)
        return copy(found)

    def clear(self) -> None:
        with self._lock:
            self._lines.clear()

    def keys(self) -> set[tuple]:
        with self._lock:
            return set(self._lines)

    def keep_only(self, keys: set[tuple]) -> None:
        """Drop what is kept under any key but ``keys``."""
        with self._lock:
            for key in [key for key in self._lines if key not in keys]:
                del self._lines[key]


_KEPT_LINES = _KeptLines()


def forget_lines() -> None:
    """Drop the lines kept so far: what is laid out next is laid out anew (a benchmark of the layout itself)."""
    _KEPT_LINES.clear()


@contextlib.contextmanager
def lines_not_kept():
    """What is laid out inside is no longer kept once it is left, what was kept before still is (unless pushed out
    meanwhile): a render of thousands of rows laid out once (the deadline board's handout) leaves no ``LINES_KEPT``
    of its rows and lines alive for a full collection to walk, nor takes the room of the documents rendered again
    and again."""
    before = _KEPT_LINES.keys()
    try:
        yield
    finally:
        _KEPT_LINES.keep_only(before)


def kept_layout(key: tuple, lay_out: Callable[[], T], copy: Callable[[T], T]) -> T:
    """What ``lay_out`` sets for ``key`` (the measurer first, then what the result depends on: a table row set in
    its columns, ``pdf_pages.set_table``), set once and kept with the paragraphs' lines (``LINES_KEPT``,
    ``forget_lines``); handed out as ``copy`` makes it, to be placed without moving what is kept."""
    return _KEPT_LINES.kept(key, lay_out, copy)


def paragraph_lines(paragraph: Paragraph, width: float, measure: Measurer, kind: str = "text") -> list[Line]:
    """``paragraph`` set in a column ``width`` wide: broken by the Chinese rules, each line with its segments,
    offset (alignment, indents) and character spacing (the style's tracking on the character grid, plus what
    justifies the line); positions relative to the column. New lines each time, laid out once for an equal
    paragraph in the same width and fonts as long as they are kept (``LINES_KEPT``)."""
    return [line.copy() for line in kept_lines(paragraph, width, measure, kind)]


def kept_lines(paragraph: Paragraph, width: float, measure: Measurer, kind: str = "text") -> tuple[Line, ...]:
    """The lines ``paragraph_lines`` hands out copies of, themselves: to be measured or counted, never placed."""
    return _KEPT_LINES.kept((measure, paragraph, width, kind), lambda: tuple(_lay_out(paragraph, width, measure, kind)),
                            lambda lines: lines)


def _lay_out(paragraph: Paragraph, width: float, measure: Measurer, kind: str) -> list[Line]:
    spec = style(paragraph.style)
    size = spec["size"]
    table = measure.widths(paragraph.style)
    spacing = tracking(spec)
    indent = spec.get("first_line_indent_chars", 0) * size
    left = spec.get("left_indent_chars", 0) * size
    hanging = hanging_indents(paragraph, lambda text: measure.width(paragraph.style, text, size) / size)
    widths = table
    if hanging:  # measured on the paragraph's own text: the stand-in of its first-line indent as wide as that
        left, indent = hanging[0] * size, hanging[1] * size
        widths = ChainMap({INDENT: hanging[1] - spacing / size}, table)
    right = paragraph.right_indent_chars
    available = width - left - (spec.get("right_indent_chars", 0) if right is None else right) * size

    known = table.pieces(hanging[1] if hanging else None)

    def width_of(text: str) -> float:
        measured = known.get(text)
        if measured is None:
            measured = known[text] = size * sum(map(widths.__getitem__, text)) + spacing * len(text)
        return measured

    lines: list[Line] = []
    offset = 0
    for number, hard in enumerate(paragraph.text.split("\n")):
        # a line is measured with the tracking after its last character too, which is not drawn
        # a justified line may be set a little tighter rather than spread wide before a number moved down
        justified = (paragraph.align or spec.get("align")) == "justify"
        broken = break_lines(INDENT + hard if indent and number == 0 else hard, available + spacing, width_of,
                             SQUEEZE * size if justified else 0.0, MAX_SPREAD * size if justified else 0.0,
                             indented=bool(indent and number == 0))
        position = 0
        for index, text in enumerate(broken):
            shift = indent if indent and number == 0 and index == 0 else 0
            if shift:
                text = text[1:]  # the INDENT stand-in
            position = hard.find(text, position)  # lines are pieces of the text, minus spaces at breaks
            segments = _segments(paragraph, spec, offset + position, text, size, measure)
            position += len(text)
            lines.append(_set_line(text, paragraph.style, spec, segments, left + shift, available - shift,
                                   paragraph.align, index == len(broken) - 1, kind, spacing,
                                   lambda piece: size * sum(map(widths.__getitem__, piece))))
        offset += len(hard) + 1
    return lines


def _segments(paragraph: Paragraph, spec: dict, start: int, text: str, size: float,
              measure: Measurer) -> tuple[Segment, ...]:
    """The line's text from ``start`` in the paragraph, split where the run or the face changes."""
    fonts, table = measure.fonts, measure.widths(paragraph.style)
    bold_style = bool(spec.get("bold", False))
    end = start + len(text)
    out: list[Segment] = []
    run_start = 0
    for run in paragraph.runs:
        run_end = run_start + len(run.text)
        lo, hi = max(start, run_start), min(end, run_end)
        if lo < hi:
            piece = run.text[lo - run_start:hi - run_start]
            for font, chunk in fonts.runs(spec["font"], piece):
                out.append(Segment(font, chunk, size * sum(map(table.__getitem__, chunk)),
                                   bold_style or run.bold, run.underline))
        run_start = run_end
        if run_start >= end:
            break
    return tuple(out)


def _narrowed(segments: tuple[Segment, ...], run: tuple[int, int], excess: float,
              piece_width: Callable[[str], float]) -> tuple[Segment, ...]:
    """``segments`` with the full-width spaces at ``run`` of the line's text (``linebreak.padding_run``) in segments of
    their own, set ``excess`` narrower in all; ``piece_width`` measures a piece of a segment."""
    squeeze = excess / (run[1] - run[0])
    out: list[Segment] = []
    at = 0
    for segment in segments:
        lo, hi = max(run[0] - at, 0), min(run[1] - at, len(segment.text))
        if lo >= hi:
            out.append(segment)
        else:
            for a, b in ((0, lo), (lo, hi), (hi, len(segment.text))):
                if a < b:
                    piece, narrow = segment.text[a:b], squeeze if (a, b) == (lo, hi) else 0.0
                    out.append(replace(segment, text=piece, squeeze=narrow,
                                       width=piece_width(piece) - narrow * len(piece)))
        at += len(segment.text)
    return tuple(out)


def _spacings(text: str, rigid: list[bool], room: float, spacing: float, size: float) -> tuple[float, float] | None:
    """The character spacing of the gaps outside numbers and Latin words and of those inside them (``rigid``:
    ``linebreak.word_gaps`` of ``text``) when a line of ``text`` is spread over ``room`` (the width it lacks, its
    characters' own widths only counted); None when it falls short by more than ``linebreak.spread_room`` allows, with
    ``MAX_SPREAD`` and ``SQUEEZE``: some gap would be set wider than those allow, and the line is left ragged. The gaps
    outside words take the room first (``_spread``), those inside keeping ``spacing``, up to ``MAX_SPREAD`` each; only
    what that leaves goes into the words, up to ``SQUEEZE`` per gap (as much as a justified line may be set tighter to
    keep a number on it), so that a line full but for less than a letter, a long URL or hash and few Chinese
    characters on it, still ends flush right with its digits not visibly spaced apart. A line of words alone is
    spread evenly."""
    if room - spacing * len(rigid) > spread_room(rigid, MAX_SPREAD * size, SQUEEZE * size):
        return None
    words, loose = sum(rigid), len(rigid) - sum(rigid)
    if not words or not loose:
        even = room / max(len(rigid), 1)
        return even, even
    widest = spacing + MAX_SPREAD * size
    char_space = (room - spacing * words) / loose
    if char_space <= widest:
        return char_space, spacing
    return widest, (room - widest * loose) / words


def _spread(segments: tuple[Segment, ...], rigid: list[bool], spacings: tuple[float, float],
            piece_width: Callable[[str], float]) -> tuple[Segment, ...]:
    """The segments of a justified line set with the character spacing ``spacings[0]`` (``_spacings``): the gaps inside
    a number or Latin word (``rigid``: ``linebreak.word_gaps`` of the line's text) are set at ``spacings[1]`` — their
    characters in segments of their own, each but a word's last ``squeeze``d back to it."""
    squeeze = spacings[0] - spacings[1]
    if not squeeze or not any(rigid):
        return segments
    out: list[Segment] = []
    at = 0
    for segment in segments:
        flags = [at + k < len(rigid) and rigid[at + k] for k in range(len(segment.text))]
        k = 0
        for flag, group in groupby(flags):
            piece = segment.text[k:k + len(list(group))]
            narrow = squeeze if flag else 0.0
            out.append(replace(segment, text=piece, squeeze=narrow, width=piece_width(piece) - narrow * len(piece)))
            k += len(piece)
        at += len(segment.text)
    return tuple(out)


def _set_line(text: str, style_name: str, spec: dict, segments: tuple[Segment, ...], x: float,
              available: float, align: str | None, last: bool, kind: str, spacing: float = 0.0,
              piece_width: Callable[[str], float] | None = None) -> Line:
    """A line with its offset in the column and its character spacing (``spacing``, the style's tracking, at
    least). Justified lines but the last are spaced flush right, unless that spreads some gap between two characters
    more than ``MAX_SPREAD`` apart (``_spacings``: the gaps inside a number or Latin word barely stretch, so a line of
    a long account number, URL or hash and a few Chinese characters would open those few wide): those are left
    ragged; without ``piece_width`` the room goes to all its gaps evenly. A line wider than the column (closing
    punctuation left hanging) is spaced tighter so that it still ends at the column's edge."""
    align = align or spec.get("align", "left")
    natural = sum(segment.width for segment in segments)
    gaps = max(len(text) - 1, 0)
    char_space = spacing
    excess = natural + spacing * gaps - available
    run = padding_run(text) if gaps > 0 and excess > 0 and piece_width else None
    tail = compressible_tail(text) if excess > 0 and piece_width else 0
    if run:  # break_lines kept the rest of the line on it, to be set in the room its padding gives up
        segments = _narrowed(segments, run, excess, piece_width)
        natural = sum(segment.width for segment in segments)
    elif tail and excess <= piece_width(text[-tail:]) / 2 + 0.01:  # closing punctuation set half as wide
        segments = _narrowed(segments, (len(text) - tail, len(text)), excess, piece_width)
        natural = sum(segment.width for segment in segments)
    elif gaps > 0 and excess > 0:
        char_space = (available - natural) / gaps
    elif gaps > 0 and align == "justify" and not last:
        rigid = word_gaps(text)
        spacings = _spacings(text, rigid, available - natural, spacing, spec["size"])
        if spacings and piece_width:
            char_space = spacings[0]
            segments = _spread(segments, rigid, spacings, piece_width)
            natural = sum(segment.width for segment in segments)
        elif spacings:  # no widths to set a word's characters in segments of their own by: spread evenly
            char_space = (available - natural) / gaps
    width = natural + char_space * gaps
    if align == "center":
        x += (available - width) / 2
    elif align == "right":
        x += available - width
    return Line(text, style_name, spec["size"], spec["leading"], segments, x, width, char_space, last, kind)
