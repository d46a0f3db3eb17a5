"""One-page forms: a form whose table is marked ``fit_page`` (the 结案审批表) is one sheet on paper, so when its
document would run past the first page, the cells of those tables are set in the compact styles of layout.toml
(五号 instead of 小四), or in the small ones (小五) when 五号 still runs past it — decided here on the
renderer-neutral blocks, measured with the PDF's own page flow, so that the PDF and the DOCX (which lays out rows
as the PDF does) carry the same smaller text and break alike. A document that does not fit even in 小五 keeps its
ordinary size: the smaller type is used only to save the page.
A table form (审批表, 登记表, 送达回证, 笔录, archive sheets) that takes one sheet prints no "— 1 —": a page number
is for finding the pages of a longer document; notices and decisions keep theirs (GB/T 9704 7.5).
A one-page letter (``fit_page`` on the form: a lead's 交办通知书 and 移送函, sent as one sheet) that would run
past its page is set in 四号, else 小四, instead of 三号 in the same way (``fit_text``), never smaller; the ruled
blank rows it ends a table with are no more than that sheet holds (``fit_letter``) — and when the table lists rows
typed in (the 先行登记保存证据通知书's items), the sheet is kept before the blank rows (``_fit_listing``). A pre-printed one-sheet form
(``small_type`` on the form: the 当场行政处罚决定书) is always set small: title 四号, text and cells 五号
(``small_type``)."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from workstation.documents.blocks import Block, Cell, Document, Paragraph, Row, Run, Spacer, Table, layout

#: the style of a cell of a one-page form's table when the document has to be made to fit the page
COMPACT_STYLES = {"cell": "cell_compact", "cell_label": "cell_label_compact"}

#: how many documents' page counts the process keeps (``page_count``): a draft counts the same document more than
#: once (fitting its blank rows, then its page), and the preview drafts it again on each change
COUNTS_KEPT = 256


def page_count(document: Document) -> int:
    """How many pages the PDF writer sets ``document`` on (with the fonts the PDF would embed); counted once for
    equal blocks in the same fonts while kept (``COUNTS_KEPT``)."""
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import measurer

    return _page_count(measurer(resolve_fonts()), document.blocks)


@lru_cache(maxsize=COUNTS_KEPT)
def _page_count(measure, blocks: tuple[Block, ...]) -> int:
    """The pages of a document of ``blocks`` (the page flow reads nothing else of it) set with ``measure``."""
    from workstation.documents.pdf_pages import Frame, flow

    return len(flow(Document("", blocks), Frame.from_layout(), measure, placing=False))


#: the style of a cell of a table whose form asks for small cells (``cell_size = "small"``: 小五)
SMALL_STYLES = {"cell": "cell_small", "cell_label": "cell_label_small"}


def compact_cells(table: Table, styles: dict[str, str] = COMPACT_STYLES) -> Table:
    """``table`` with its cells set in the compact styles (五号), or in ``styles``; a row repeated (its blank rows:
    ``compose._table``) stays one object, as the layout finds the rows it has set by identity first."""

    def cell(c: Cell) -> Cell:
        return replace(c, paragraphs=tuple(replace(p, style=styles.get(p.style, p.style))
                                           for p in c.paragraphs))

    made: dict[int, Row] = {}  # by the id of the row it is made from, which the table holds meanwhile

    def row_of(row: Row) -> Row:
        if id(row) not in made:
            made[id(row)] = replace(row, cells=tuple(map(cell, row.cells)))
        return made[id(row)]

    return replace(table, rows=tuple(map(row_of, table.rows)))


#: a row whose tallest cell takes at least this many lines may be split between pages (``Row.splits``); a shorter
#: one moves whole to the next page, as every row of a printed form does
SPLIT_LINES = 8
_OUTGROWN = 0.01  # pt: how much a row's text must be taller than the height kept for handwriting to be split


def mark_long_rows(table: Table) -> Table:
    """``table`` with its long rows marked to split between pages rather than move whole: those with a cell of
    ``SPLIT_LINES`` lines or more that print something (``_written_lines``), measured as the PDF sets them (the
    DOCX lets the same rows break, and both writers break them by lines). A row kept high for handwriting (``min_height_mm``) is marked only when its
    text runs past that height (the 案件来源登记表's 线索及案情简述 of 19 lines, a 卷宗封面 listing 40 parties): a row
    that moved whole left the page before it as blank as the height it took there. A row signed by hand
    (``compose.signing_row``: signatures, seals, a 笔录's confirmation) and the rows of a table with column heads
    set again on each page (a list, whose rows move whole under them) are never marked; rows of little text are
    not measured: they cannot be that tall."""
    from workstation.documents.compose import signing_row
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import measurer
    from workstation.documents.pdf_pages import Frame, set_table

    def may_be_long(row: Row) -> bool:
        return any(sum(len(p.text) for p in cell.paragraphs) >= 30 or len(cell.paragraphs) >= SPLIT_LINES
                   for cell in row.cells) and not signing_row(row)

    def long(set_row) -> bool:  # a row kept high splits only where its text outgrows the height kept
        return max(map(_written_lines, set_row.cells)) >= SPLIT_LINES and \
            max(cell.height for cell in set_row.cells) > set_row.min_height + _OUTGROWN

    if table.header_rows or not any(map(may_be_long, table.rows)):
        return table
    measured = set_table(table, Frame.from_layout(), measurer(resolve_fonts()), placing=False)
    return replace(table, rows=tuple(
        replace(row, splits=True) if may_be_long(row) and long(set_row) else row
        for row, set_row in zip(table.rows, measured, strict=True)))


def _written_lines(cell) -> int:
    """How many lines of a set cell print something: its blank lines are room left for the hand (the 意见及签名 of a
    现场笔录 or 抽样记录, a row of blank lines and 签名： kept 65 mm high), not text that runs on."""
    return sum(1 for line in cell.lines if line.text.strip(" \u3000"))


#: the text sizes a one-page letter (a lead's 案件交办通知书 and 案件移送函, form-level ``fit_page``) is set in when
#: its document has to be made to fit the page, larger first: the suffix of its paragraph styles in layout.toml
#: (四号, then 小四 as the cells of the one-page table forms, each on a closer leading than the 22-line grid);
#: the agency line and the title keep their size
TEXT_SIZES = ("_compact", "_small")
_SIZED = ("body", "plain", "number", "signature", "attachment")


def compact_text(document: Document, size: str = TEXT_SIZES[0]) -> Document:
    """``document`` with its paragraphs in the text size ``size`` (one of ``TEXT_SIZES``)."""
    return replace(document, blocks=tuple(
        replace(b, style=b.style + size) if isinstance(b, Paragraph) and b.style in _SIZED else b
        for b in document.blocks))


def fit_text(document: Document) -> Document:
    """``document`` (a one-page letter) in the largest of ``TEXT_SIZES`` that keeps it on one page that it would
    otherwise overrun; as it is when it fits anyway or does not fit even in the smallest."""
    if page_count(document) == 1:
        return document
    for size in TEXT_SIZES:
        smaller = compact_text(document, size)
        if page_count(smaller) == 1:
            return smaller
    return document


def fit_letter(document: Document, blank: list[tuple[int, int]]) -> Document:
    """``fit_text`` of a one-page letter whose tables end in ruled blank rows (``blank``: the block index of each
    such table and how many it prints): those were fitted to the page in 三号 (``fit_blank_rows``), on which the
    letter may run past its sheet anyway; when they keep even the smallest of ``TEXT_SIZES`` from one page, the
    last table's are dropped one by one (then the one's before) until the letter fits, and it is set in the
    largest size that keeps it on one page (the 协助辨认通知书's rows for goods written in by hand)."""
    if page_count(document) == 1:
        return document
    if any(count and len(document.blocks[index].rows) - document.blocks[index].header_rows > count
           for index, count in blank):
        return _fit_listing(document, blank)
    fitted = fit_text(document)
    if fitted is not document or not any(count for _index, count in blank):
        return fitted
    for index, count in reversed(blank):
        table = document.blocks[index]
        for drop in range(1, count + 1):
            blocks = list(document.blocks)
            blocks[index] = replace(table, rows=table.rows[:len(table.rows) - drop])
            fewer = replace(document, blocks=tuple(blocks))
            if page_count(compact_text(fewer, TEXT_SIZES[-1])) == 1:
                return fit_text(fewer)
        document = fewer if count else document
    return fitted


def _fit_listing(document: Document, blank: list[tuple[int, int]]) -> Document:
    """``fit_letter`` of a letter whose table lists rows typed in (the 先行登记保存证据通知书's items): its one
    sheet comes before the ruled blank rows after them, so in the largest text size (三号, then ``TEXT_SIZES``)
    that keeps it on one page with as many of those rows as that page still holds — none when the listed rows
    leave no room; as it is (blank rows fitted to the page of its last row) when it runs past the sheet anyway."""
    candidates = [document]  # the blank rows dropped one by one, the last table's first
    for index, count in reversed(blank):
        for _drop in range(count):
            blocks = list(candidates[-1].blocks)
            blocks[index] = replace(blocks[index], rows=blocks[index].rows[:-1])
            candidates.append(replace(document, blocks=tuple(blocks)))
    for size in ("", *TEXT_SIZES):
        for candidate in candidates:
            sized = compact_text(candidate, size) if size else candidate
            if page_count(sized) == 1:
                return sized
    return document


def fit_blank_rows(document: Document, index: int, blank: int, least: int = 0) -> Document:
    """``document`` with as many of the ``blank`` ruled blank rows that end the table at ``index`` of its blocks
    (the 卷内文件目录's rows for materials written in by hand) as fill the page of the table's last listed row:
    never a page started by blank rows alone under the column heads set again, never a page more for what
    follows the table (the index's note), so none when the listed rows end at the foot of a page — but a table
    listing nothing keeps them all rather than leave its column heads alone at the foot of a page (the heads go
    with its rows to the next page: a 抽样记录 whose samples are written in by hand). Measured with
    the PDF's own page flow; the DOCX, which lays out rows as the PDF does, carries the same rows. ``least``
    (the table's ``min_blank_rows``): never fewer, on the next page if they do not fit on that one, so that the
    index's note, said of them, is never left out — and then as many more as take rows onto the page the note
    goes to, never left there alone."""
    table = document.blocks[index]
    if not blank or not isinstance(table, Table):
        return document
    listed = table.rows[:len(table.rows) - blank]

    def with_rows(count: int, end: int | None = None) -> Document:
        blocks = list(document.blocks)
        blocks[index] = replace(table, rows=listed + table.rows[len(listed):len(listed) + count])
        return replace(document, blocks=tuple(blocks[:end]))

    pages, table_pages = page_count(with_rows(0)), page_count(with_rows(0, index + 1))

    def fits(count: int) -> bool:
        return page_count(with_rows(count, index + 1)) == table_pages and page_count(with_rows(count)) == pages

    # a row more never takes a page less, so the counts that fit are 0 up to the largest: searched by halves
    count, above = 0, blank + 1
    while above - count > 1:
        middle = (count + above) // 2
        count, above = (middle, above) if fits(middle) else (count, middle)
    if not count and len(listed) <= table.header_rows:  # column heads alone: the rows go with them to a new page
        return document
    if count < least:  # never fewer, and never the note alone on a page: rows more, onto the page it goes to
        count = min(least, blank)
        while count < blank and page_count(with_rows(count, index + 1)) < page_count(with_rows(count)):
            count += 1
    return with_rows(count) if count < blank else document


#: the styles of a pre-printed one-sheet form (form-level ``small_type``: the 当场行政处罚决定书, handed over on the
#: spot) in layout.toml: the agency line and title in 四号, the text in 五号; its cells are set in 五号 too
#: (``COMPACT_STYLES``), its spacers on the 五号 leading
SHEET_STYLES = {"agency": "agency_sheet", "title": "title_sheet", "number": "number_sheet", "body": "body_sheet",
                "plain": "plain_sheet", "signature": "signature_sheet"}


def small_type(document: Document) -> Document:
    """``document`` (a pre-printed one-sheet form) set small, always: its paragraphs in ``SHEET_STYLES``, its tables'
    cells in the compact styles (五号) and its spacers as many 五号 lines as they were body lines."""
    styles = layout()["styles"]
    ratio = styles["body_sheet"]["leading"] / styles["body"]["leading"]

    def small(block):
        if isinstance(block, Paragraph):
            return replace(block, style=SHEET_STYLES.get(block.style, block.style))
        if isinstance(block, Table):
            return compact_cells(block)
        if isinstance(block, Spacer):
            return replace(block, lines=block.lines * ratio)
        return block

    return replace(document, blocks=tuple(map(small, document.blocks)))


#: the styles a document's title is set in: 二号, or 四号 on a pre-printed sheet (``SHEET_STYLES``)
TITLE_STYLES = frozenset({"title", SHEET_STYLES["title"]})


def _broken_title(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.style in TITLE_STYLES and "\n" in block.text


def fit_titles(document: Document) -> Document:
    """``document`` with each title whose form marks where it breaks (a line break in the title block's text: the
    委托保管书's before 委托保管书) set on one line when it fits there, else broken there rather than where its line
    runs out — which left 书 alone under 实施行政强制措施场所、设施、财物委托保管 (GB/T 9704 7.3.1: a title of more than
    one line breaks where its sense allows, its lines balanced). Measured as the PDF sets it, so that both writers
    print the same lines (the DOCX breaks the line with w:br)."""
    if not any(map(_broken_title, document.blocks)):
        return document
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import kept_lines, measurer
    from workstation.documents.pdf_pages import Frame

    measure, width = measurer(resolve_fonts()), Frame.from_layout(document.landscape).text_width

    def fitted(block: Block) -> Block:
        if not _broken_title(block):
            return block
        whole = replace(block, runs=(Run(block.text.replace("\n", "")),))
        return whole if len(kept_lines(whole, width, measure)) == 1 else block

    return replace(document, blocks=tuple(map(fitted, document.blocks)))


#: the kinds of form that are ruled sheets rather than 公文: one of them on a single page carries no page number
SHEET_KINDS = frozenset({"approval", "record", "archive"})


#: the cell styles a one-page form's tables (table-level ``fit_page``) are tried in, larger first, when the document
#: runs past its page in 小四: 五号, then 小五 (the 不予立案审批表 of a lead's 170-character 简要案情)
CELL_STEPS = (COMPACT_STYLES, SMALL_STYLES)

#: a cell holding at least this many characters is free text typed in (the 简要案情及立案理由, an opinion): the first
#: cells set smaller when a one-page form runs past its page, its printed labels and short entries kept in 小四 —
#: the size REFERENCE §3.2 gives the forms (四号/小四) — where that alone keeps it on one page
LONG_CELL = 60


def compact_long_cells(table: Table, styles: dict[str, str] = COMPACT_STYLES) -> Table:
    """``table`` with its long cells (``LONG_CELL`` characters or more) set in the compact styles (五号)."""
    def cell(c: Cell) -> Cell:
        if sum(len(p.text) for p in c.paragraphs) < LONG_CELL:
            return c
        return replace(c, paragraphs=tuple(replace(p, style=styles.get(p.style, p.style)) for p in c.paragraphs))

    return replace(table, rows=tuple(replace(row, cells=tuple(map(cell, row.cells))) for row in table.rows))


def fit_page(document: Document, tables: list[int], kind: str) -> Document:
    """``document`` with the tables at the indexes ``tables`` of its blocks set as little smaller as keeps it on one
    page that it would otherwise overrun (as it is when nothing does): their long free-text cells alone in 五号
    (``compact_long_cells``), else all their cells in each of ``CELL_STEPS`` in turn; and without its GB/T 9704 page
    number when it is a table form of ``kind`` set on one page. The pages are counted once for both and once for each
    size tried (a count lays the whole document out): a document that fits is counted once."""
    sheet = kind in SHEET_KINDS and not document.footer and document.page_numbers
    if not tables and not sheet:
        return document
    pages = page_count(document)
    if tables and pages > 1:
        steps = [compact_long_cells] + [lambda table, styles=styles: compact_cells(table, styles)
                                        for styles in CELL_STEPS]
        for step in steps:
            blocks = list(document.blocks)
            for index in tables:
                blocks[index] = step(blocks[index])
            smaller = replace(document, blocks=tuple(blocks))
            if smaller != document and page_count(smaller) == 1:
                document, pages = smaller, 1
                break
    return replace(document, page_numbers=False) if sheet and pages == 1 else document


#: the line pitches a letter or decision that closes with a 落款 is tried in when its last page would hold no more
#: than the closing (GB/T 9704-2012 7.3.5: the 落款 never stands alone on a page; the standard allows the line and
#: character spacing to be adjusted to keep it with the text): the suffix of its 三号 styles in layout.toml — 23 lines a
#: page (27.7 pt), then 24 (26.55 pt) instead of the grid's 22 (28.95 pt); never closer, and only when the document then
#: takes a page less (the title, tables and spacers keep their pitch; the characters stay 28 a line)
CLOSING_PITCHES = ("_close", "_closer")
_PITCHED = frozenset({"body", "plain", "number", "signature", "attachment", "heading1", "heading2"})


def closer_lines(document: Document, pitch: str = CLOSING_PITCHES[0]) -> Document:
    """``document`` with its 三号 paragraphs on the line pitch ``pitch`` (one of ``CLOSING_PITCHES``)."""
    return replace(document, blocks=tuple(
        replace(b, style=b.style + pitch) if isinstance(b, Paragraph) and b.style in _PITCHED else b
        for b in document.blocks))


def fit_closing(document: Document) -> Document:
    """``document`` (one that closes with a 落款) on the widest of ``CLOSING_PITCHES`` that sets it on a page less,
    when its last page holds nothing but its closing — the lines kept with the 落款 (``compose.keep_with_signature``:
    the last lines of the text, the contact lines, the blank lines and the 落款 itself); as it is otherwise."""
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import measurer
    from workstation.documents.pdf_pages import Frame, flow

    measure, frame = measurer(resolve_fonts()), Frame.from_layout()
    pages = flow(document, frame, measure)
    if len(pages) < 2 or not _closing_only(document, pages[-1], frame.text_width, measure):
        return document
    for pitch in CLOSING_PITCHES:
        closer = closer_lines(document, pitch)
        if len(flow(closer, frame, measure, placing=False)) < len(pages):
            return closer
    return document


def _closing_only(document: Document, page, width: float, measure) -> bool:
    """Whether ``page`` (the last) holds only lines of the paragraphs that close ``document`` kept together: its
    last paragraphs, each kept with the next, and the one before the first of them (of which its last lines may
    have gone on with them). Pages hold the lines in order, so the last page holds only those when it holds no
    more lines than they take."""
    from workstation.documents.pdf_layout import paragraph_lines

    blocks = document.blocks
    start = len(blocks) - 1
    while start and isinstance(blocks[start - 1], Paragraph) and blocks[start - 1].keep_with_next:
        start -= 1
    if start and isinstance(blocks[start - 1], Paragraph):
        start -= 1
    if not all(isinstance(block, Paragraph) for block in blocks[start:]):
        return False
    closing = sum(len(paragraph_lines(block, width, measure)) for block in blocks[start:])
    return all(line.kind == "text" for line in page.lines) and len(page.lines) <= closing


#: the style a paragraph set between two tables takes in the size of their cells (the larger of the two tables'),
#: instead of 三号 between rows of 小四 or 五号: 本清单一式二份…, 处理物品清单：
BETWEEN_TABLES = {12: {"plain": "plain_small", "body": "body_small"},
                  10.5: {"plain": "plain_sheet", "body": "body_sheet"},
                  9: {"plain": "plain_sheet", "body": "body_sheet"}}


def _cell_size(table: Table) -> float:
    styles = layout()["styles"]
    return max((styles[p.style]["size"] for row in table.rows for cell in row.cells for p in cell.paragraphs),
               default=0)


def between_tables(document: Document) -> Document:
    """``document`` with each paragraph that stands between two tables (spacers aside) in the size of their cells
    (``BETWEEN_TABLES``): a line of text among table rows reads as part of the form, not as a letter's 三号."""
    blocks = list(document.blocks)
    solid = [index for index, block in enumerate(blocks) if not isinstance(block, Spacer)]
    for before, index, after in zip(solid, solid[1:], solid[2:], strict=False):
        block, above, below = blocks[index], blocks[before], blocks[after]
        if isinstance(block, Paragraph) and isinstance(above, Table) and isinstance(below, Table):
            sizes = BETWEEN_TABLES.get(max(_cell_size(above), _cell_size(below)), {})
            blocks[index] = replace(block, style=sizes.get(block.style, block.style))
    return replace(document, blocks=tuple(blocks))

