"""Page flow for the PDF writer: the blocks of a document set into lines (``pdf_layout``) and placed on the
pages of the GB/T 9704 text block — paragraphs break across pages line by line, ``keep_with_next`` keeps a
paragraph on the page of what follows it (a long one splits, at least two of its lines on either side), table
rows move whole to the next page (a row taller than a whole page is split between its lines, never clipped; a
long row marked ``splits`` continues on the next page by lines, at least two of its tallest cell on either side of
each page break, also when it runs past a whole page, its label staying with the first part; a row kept with the
next — the signature rows closing a form and the row before them — goes to the next page with them, or leaves two
lines of a long one with them) under the table's column heads set again, spacers and page breaks; then
each page's furniture: the document's footer line with its page numbers filled in, or the "— N —" page number."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib.units import mm

from workstation.documents.blocks import Document, PageBreak, Paragraph, Row, Spacer, Table, layout
from workstation.documents.pdf_layout import Line, Measurer, kept_layout, kept_lines, paragraph_lines, style

CELL_PADDING = layout()["table"]["cell_padding_mm"] * mm
RULE_WIDTH = 0.5
_EPSILON = 0.01  # pt: 22 body lines of 28.95 pt fill the 225 mm text block with 0.9 pt to spare


@dataclass(frozen=True)
class Frame:
    """The page and its text block, in points from the bottom left corner."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    gap: float

    @classmethod
    def from_layout(cls, landscape: bool = False) -> Frame:
        """The page geometry of layout.toml (A4, GB/T 9704 margins); ``landscape``: A4 turned, with the narrower
        margins of ``[landscape]`` (a wide list to hand out, such as the deadline board's, not an official document)."""
        page = layout()["page"]
        if landscape:
            turned = layout()["landscape"]
            width, height = page["height_mm"], page["width_mm"]
            return cls(width * mm, height * mm, turned["left_mm"] * mm, (width - turned["right_mm"]) * mm,
                       (height - turned["top_mm"]) * mm, turned["bottom_mm"] * mm, page["page_number_gap_mm"] * mm)
        return cls(page["width_mm"] * mm, page["height_mm"] * mm, page["left_mm"] * mm,
                   (page["width_mm"] - page["right_mm"]) * mm, (page["height_mm"] - page["top_mm"]) * mm,
                   page["bottom_mm"] * mm, page["page_number_gap_mm"] * mm)

    @property
    def text_width(self) -> float:
        """The width of the text block (156 mm)."""
        return self.right - self.left


@dataclass
class Page:
    """What one page shows: its lines and the rules (x1, y1, x2, y2) of its tables."""

    number: int
    lines: list[Line] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class _Cell:
    """A set cell. ``height``: its lines, the padding above and below them and the width of the rule above:
    LibreOffice lays out the DOCX's rows that high (unless their minimum height is more), so both outputs break a
    table's pages alike — worked out once, as its lines are set once (a split makes new cells) and placing them moves
    them, never resizes them."""

    x: float
    width: float
    lines: list[Line]
    #: for each line, whether it stays on the page of the line after it (a line of a paragraph ``keep_lines`` but
    #: its last); empty when none does
    held: tuple[bool, ...] = ()
    height: float = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.height = sum(line.leading for line in self.lines) + 2 * CELL_PADDING + RULE_WIDTH

    def cut(self, count: int) -> int:
        """Where to split the cell when ``count`` of its lines fit: before the paragraph the cut would fall in
        when that one keeps its lines together (``Paragraph.keep_lines``); 0 when that is its first."""
        at = count
        while 0 < at < len(self.held) and self.held[at - 1]:
            at -= 1
        return at


#: the fewest lines of a split row's tallest cell, or of a split paragraph kept with what follows it, left at the
#: foot of a page or carried to the next
SPLIT_PART_LINES = 2


@dataclass
class _Row:
    """A set row; its ``height`` (its tallest cell's, or its minimum height) is asked for again and again while
    it is placed, and its cells never change: worked out once."""

    cells: list[_Cell]
    min_height: float
    splits: bool = False
    height: float = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.height = max([self.min_height, *(cell.height for cell in self.cells)])

    def copy(self) -> _Row:
        """The row with copies of its lines, to be placed without moving this one's (``set_table`` keeps rows)."""
        return _Row([_Cell(cell.x, cell.width, [line.copy() for line in cell.lines], cell.held) for cell in self.cells],
                    self.min_height, self.splits)

    def split(self, room: float) -> tuple[_Row, _Row]:
        """The part of the row that fits in ``room`` (as many lines of each cell as fit, a paragraph that keeps its
        lines together left whole for the rest) and the rest."""
        counts = []
        for cell in self.cells:
            used, count = 2 * CELL_PADDING + RULE_WIDTH, 0
            while count < len(cell.lines) and used + cell.lines[count].leading <= room + _EPSILON:
                used += cell.lines[count].leading
                count += 1
            counts.append(count)
        cuts = [cell.cut(count) for cell, count in zip(self.cells, counts, strict=True)]
        if not any(cuts):  # a paragraph kept whole taller than the room: split after all, so the row goes on
            cuts = counts
        head, tail = [], []
        for cell, count in zip(self.cells, cuts, strict=True):
            head.append(_Cell(cell.x, cell.width, cell.lines[:count], cell.held[:count]))
            tail.append(_Cell(cell.x, cell.width, cell.lines[count:], cell.held[count:]))
        return _Row(head, room, self.splits), _Row(tail, max(0.0, self.min_height - room), self.splits)

    def split_room(self, room: float) -> float | None:
        """The height of the part of this long row (``splits``) to set in ``room`` at the foot of a page: as many
        lines of its tallest cell as fit, leaving at least ``SPLIT_PART_LINES`` of them for the next page; None
        when fewer than that fit (the row then moves whole). A paragraph of it that keeps its lines together
        (``Paragraph.keep_lines``) is not split: the part ends before it."""
        tallest = max(self.cells, key=lambda cell: len(cell.lines))
        used, count = 2 * CELL_PADDING + RULE_WIDTH, 0
        leadings = [line.leading for line in tallest.lines]
        while count < len(leadings) - SPLIT_PART_LINES and used + leadings[count] <= room + _EPSILON:
            used += leadings[count]
            count += 1
        count = tallest.cut(count)
        return 2 * CELL_PADDING + RULE_WIDTH + sum(leadings[:count]) if count >= SPLIT_PART_LINES else None


class Flow:
    """Places set blocks on pages from the top of the text block down. Not ``placing``, it only moves down the pages
    (to count them): their lines and rules are left out and no line is moved — the lines the layout keeps are
    flowed as they are, not copied (``flow``)."""

    def __init__(self, frame: Frame, placing: bool = True):
        self.frame = frame
        self.placing = placing
        self.pages = [Page(1)]
        self.y = frame.top

    @property
    def room(self) -> float:
        return self.y - self.frame.bottom

    @property
    def empty(self) -> bool:
        return self.y >= self.frame.top

    def new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.y = self.frame.top

    def lines(self, lines: list[Line], keep: float = 0.0) -> None:
        """Place lines one by one, each on the next page when it does not fit; with ``keep`` (the height of
        what must stay with them) a paragraph that does not fit here with it is split: as many of its first
        lines as fit stay at the foot of this page, at least ``SPLIT_PART_LINES`` of them go on to the next
        page with what follows; a paragraph too short for that (a heading, a line of the signature) or of
        which fewer lines fit starts the next page whole. A paragraph running on over more pages than this one
        is split so on each of them, so that its last page too holds two of its lines at least above what it is
        kept with (the 落款 after a long last paragraph); only what would not fit on a page even then (a kept
        paragraph of three lines with more than a page after it) is set as it comes."""
        while keep and sum(line.leading for line in lines) + keep > self.room + _EPSILON:
            head = self._kept_head(lines)
            if not head and self.empty:
                break
            for line in lines[:head]:
                self._place(line)
            self.new_page()
            lines = lines[head:]
        for line in lines:
            if line.leading > self.room + _EPSILON and not self.empty:
                self.new_page()
            self._place(line)

    def whole(self, lines: list[Line]) -> None:
        """Start the next page when ``lines`` (a paragraph ``keep_lines``) do not fit whole on this one but would on
        an empty page; as they are otherwise (they then run on as they come)."""
        height = sum(line.leading for line in lines)
        if not self.empty and height > self.room + _EPSILON and height <= self.frame.top - self.frame.bottom:
            self.new_page()

    def _place(self, line: Line) -> None:
        if self.placing:
            line.place(len(self.pages), self.frame.left, self.y)
            self.pages[-1].lines.append(line)
        self.y -= line.leading

    def _kept_head(self, lines: list[Line]) -> int:
        """How many first lines of a paragraph kept with what follows it stay at the foot of this page: as many
        as fit, leaving at least ``SPLIT_PART_LINES`` for the next page; 0 when fewer than that fit (the whole
        paragraph then starts the next page)."""
        used, count = 0.0, 0
        while count < len(lines) - SPLIT_PART_LINES and used + lines[count].leading <= self.room + _EPSILON:
            used += lines[count].leading
            count += 1
        return count if count >= SPLIT_PART_LINES else 0

    def space(self, height: float) -> None:
        """Vertical space; space that does not fit on this page ends it and is dropped with the page break: it opens
        no page of its own (a page break or the end of the document after it would leave that page empty)."""
        self.y = self.frame.bottom if height > self.room + _EPSILON else self.y - height

    def row(self, row: _Row, keep: float = 0.0) -> None:
        """A table row, moved whole to the next page when it does not fit; a long row (``splits``) and a row
        taller than a whole page fill the page and continue on the next. With ``keep`` (the height of the rows and
        the 落款 kept with it) a long row ends on a page with room for them: over as many pages as it runs on, its
        last part holds two lines at least and shares its page with them, as a kept paragraph does (``lines``)."""
        while row.height > self.room + _EPSILON or \
                row.splits and keep and row.height + keep > self.room + _EPSILON:
            part = row.split_room(self.room) if row.splits else None
            if not self.empty:
                if part is not None:
                    head, row = row.split(part)
                    self._draw_row(head)
                self.new_page()
                continue
            if row.height <= self.room + _EPSILON:  # it fits, but not with what it is kept with
                if part is None:
                    break
                head, row = row.split(part)
                self._draw_row(head)
                self.new_page()
                continue
            # a long row running on past this whole page leaves two lines at least for the next, as at a page's foot
            head, row = row.split(self.room if part is None else part)
            self._draw_row(head)
            self.new_page()
        self._draw_row(row)

    def _draw_row(self, row: _Row) -> None:
        page, top, height = self.pages[-1], self.y, row.height
        left, right, bottom = self.frame.left, self.frame.left + self.frame.text_width, top - height
        self.y = bottom
        if not self.placing:
            return
        page.rules += [(left, top, right, top), (left, bottom, right, bottom)]
        page.rules += [(cell.x, top, cell.x, bottom) for cell in row.cells] + [(right, top, right, bottom)]
        for cell in row.cells:
            y = top - CELL_PADDING
            for line in cell.lines:
                line.place(page.number, cell.x + CELL_PADDING, y)
                page.lines.append(line)
                y -= line.leading


def _set_row(row: Row, edges: list[float], measure: Measurer) -> _Row:
    if sum(cell.colspan for cell in row.cells) > len(edges) - 1:
        raise ValueError(f"a table row spans {sum(c.colspan for c in row.cells)} columns of {len(edges) - 1}")
    cells, column = [], 0
    for cell in row.cells:
        x, width = edges[column], edges[column + cell.colspan] - edges[column]
        inner = width - 2 * CELL_PADDING
        lines, held = [], []
        for paragraph in cell.paragraphs:
            set_lines = paragraph_lines(paragraph, inner, measure, "cell")
            lines += set_lines
            held += [paragraph.keep_lines and index < len(set_lines) - 1 for index in range(len(set_lines))]
        cells.append(_Cell(x, width, lines, tuple(held) if any(held) else ()))
        column += cell.colspan
    return _Row(cells, row.min_height_mm * mm, row.splits)


def set_table(table: Table, frame: Frame, measure: Measurer, placing: bool = True) -> list[_Row]:
    """The table's rows set in the frame's text block: their cells' lines and heights. Each row is set once in the
    same columns while kept (``pdf_layout.kept_layout``): fitting a form to its page sets its table again for each
    row count or size it tries, mostly the same rows. Not ``placing``: the rows kept themselves, never to be placed
    (measured, or flowed to count pages), else copies."""
    total, edges, running = sum(table.widths), [frame.left], 0.0
    for fraction in table.widths:
        running += fraction
        edges.append(frame.left + frame.text_width * running / total)
    columns = tuple(edges)
    copy = _Row.copy if placing else (lambda row: row)
    return [kept_layout((measure, row, columns), lambda row=row: _set_row(row, edges, measure), copy)
            for row in table.rows]


def _set(block, frame: Frame, measure: Measurer, placing: bool = True):
    if isinstance(block, Paragraph):
        if placing:
            return paragraph_lines(block, frame.text_width, measure)
        return list(kept_lines(block, frame.text_width, measure))
    if isinstance(block, Table):
        return set_table(block, frame, measure, placing)
    return block


def _place_table(pages: Flow, table: Table, rows: list[_Row], measure: Measurer, after: float = 0.0) -> None:
    """The rows of a table, each moved whole to the next page when it does not fit. The column heads (its first
    ``header_rows`` rows) never stand alone at the foot of a page — nor apart from the rows their first row is kept
    with — and are set again at the top of each page the table continues on, rows kept together that move there
    included (unless the rows are too tall to share a page with them). A last row kept with the next stays with
    what follows the table, ``after`` high."""
    heads = min(table.header_rows, len(rows))
    full = pages.frame.top - pages.frame.bottom
    if heads and heads < len(rows) and not pages.empty:
        first = sum(row.height for row in rows[:heads + 1])
        kept = _kept_rows(table, rows, heads, after)
        if first + kept <= full + _EPSILON:
            first += kept
        if first > pages.room + _EPSILON:
            pages.new_page()
    heads_height = sum(row.height for row in rows[:heads])
    bare = False  # this page holds the table's column heads and none of its rows yet: moving on leaves them alone
    for index, row in enumerate(rows):
        continued = index >= heads > 0 and not pages.empty and not bare
        kept = _kept_rows(table, rows, index, after)
        group = kept if row.splits else row.height + kept  # what must start the next page with the heads
        if kept and not pages.empty and not bare and row.height + kept > pages.room + _EPSILON and \
                group <= full + _EPSILON:
            # the rows kept together (the signature rows that close a form, a table's total row and the row before
            # it) go to the next page with this row, or with two lines of it, under the column heads set again
            part = row.split_room(pages.room) if row.splits else None
            if part is not None:
                head, row = row.split(part)
                pages._draw_row(head)
            pages.new_page()
            if index >= heads > 0 and heads_height + group <= full + _EPSILON:
                _heads_again(pages, table, heads, measure)
        elif continued and row.height > pages.room + _EPSILON and heads_height + row.height <= full + _EPSILON:
            pages.new_page()
            _heads_again(pages, table, heads, measure)
        pages.row(row, kept if kept < full else 0.0)
        bare = index + 1 == heads


def _heads_again(pages: Flow, table: Table, heads: int, measure: Measurer) -> None:
    """The table's column heads set anew (each line is placed once) at the top of the page it continues on."""
    for head in set_table(replace(table, rows=table.rows[:heads]), pages.frame, measure, pages.placing):
        pages.row(head)


def _kept_rows(table: Table, rows: list[_Row], index: int, after: float = 0.0) -> float:
    """Height of the rows that row ``index`` is kept with (``Row.keep_with_next``): the next one, and the one after
    each of them that is itself kept with the next; 0 when the row is not kept with the next. The last row kept
    with the next is kept with what follows the table, ``after`` high (the 落款 after a form's signature rows)."""
    height = 0.0
    while index + 1 < len(rows) and table.rows[index].keep_with_next:
        index += 1
        height += rows[index].height
    return height + after if index == len(rows) - 1 and table.rows[index].keep_with_next else height


def _first_height(block, item, after: float = 0.0) -> float:
    """How much of a set block must share the page with a preceding ``keep_with_next`` paragraph: a paragraph's
    first line; a table's first row, or its column heads with the first row after them, with the rows that row is
    kept with (a closing table of signature rows moves whole, with what follows it ``after`` high when its last row
    is kept with that)."""
    if isinstance(item, list) and item:
        if isinstance(item[0], Line):
            return item[0].leading
        heads = min(block.header_rows, len(item) - 1) if isinstance(block, Table) else 0
        kept = _kept_rows(block, item, heads, after) if isinstance(block, Table) else 0.0
        return sum(row.height for row in item[:heads + 1]) + kept
    return 0.0


def _kept_height(blocks, items: list, index: int) -> float:
    """Height of what follows block ``index`` that must stay on its page: the next block's first line or row
    (with a table's column heads), and all of the next paragraphs that are themselves kept with what follows them
    — of such a paragraph long enough to be split (``Flow.lines``) only its first ``SPLIT_PART_LINES`` lines."""
    height = 0.0
    for at in range(index + 1, len(blocks)):
        block, item = blocks[at], items[at]
        if isinstance(block, Paragraph) and block.keep_with_next:
            if len(item) >= 2 * SPLIT_PART_LINES:
                return height + sum(line.leading for line in item[:SPLIT_PART_LINES])
            height += sum(line.leading for line in item)
            continue
        return height + _first_height(block, item, _after_table(blocks, items, at))
    return height


def _after_table(blocks, items: list, index: int) -> float:
    """Height of what must stay on the page of the table at ``index`` after it: what its last row is kept with
    (``_kept_height``) when that row is kept with the next; 0 for any other block."""
    block = blocks[index]
    if isinstance(block, Table) and block.rows and block.rows[-1].keep_with_next:
        return _kept_height(blocks, items, index)
    return 0.0


def flow(document: Document, frame: Frame, measure: Measurer, placing: bool = True) -> list[Page]:
    """The document's blocks set and placed on pages (without page furniture). Not ``placing``: only as many pages
    as they take, empty — to count them (``fitting.page_count``), without copying the lines the layout keeps to
    place them."""
    blocks = document.blocks
    items = [_set(block, frame, measure, placing) for block in blocks]
    pages = Flow(frame, placing)
    body_leading = style("body")["leading"]
    for index, (block, item) in enumerate(zip(blocks, items, strict=True)):
        if isinstance(block, Paragraph):
            keep = _kept_height(blocks, items, index) if block.keep_with_next else 0.0
            if block.keep_lines:  # set whole on one page (the 抄送 line), as the DOCX's keepLines sets it
                pages.whole(item)
            pages.lines(item, keep)
        elif isinstance(block, Table):
            _place_table(pages, block, item, measure, _after_table(blocks, items, index))
        elif isinstance(block, Spacer):
            pages.space(block.lines * body_leading)
        elif isinstance(block, PageBreak):
            pages.new_page()
        else:
            raise TypeError(f"not a document block: {block!r}")
    return pages.pages


def add_furniture(pages: list[Page], document: Document, frame: Frame, measure: Measurer) -> None:
    """Each page's footer (``{page}``/``{pages}`` filled in) or GB/T 9704 page number "— N —": its first line
    ``page_number_gap_mm`` below the text block; page numbers one character in from the right edge on odd
    pages and from the left edge on even pages."""
    top = frame.bottom - frame.gap
    for page in pages:
        if document.footer:
            text = document.footer.replace("{page}", str(page.number)).replace("{pages}", str(len(pages)))
            lines = paragraph_lines(Paragraph.of(text, "footer"), frame.text_width, measure, "footer")
        elif document.page_numbers:
            lines = _page_number(page.number, frame, measure)
        else:
            continue
        y = top
        for line in lines:
            line.place(page.number, frame.left, y)
            page.lines.append(line)
            y -= line.leading


def _page_number(number: int, frame: Frame, measure: Measurer) -> list[Line]:
    size = style("page_number")["size"]
    side = "right" if number % 2 else "left"
    line, = paragraph_lines(Paragraph.of(f"— {number} —", "page_number", align=side),
                            frame.text_width - 2 * size, measure, "page_number")
    line.x += size
    return [line]
