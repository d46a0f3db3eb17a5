"""Column widths fitted to a table's contents (a form's table with ``one_line`` columns: the 卷内文件目录). The
columns named ``one_line`` (序号, 文号, 日期, 页号) are made as wide as their longest cell, so that a 文号 or a date
is never broken; the other columns share the rest of the line so that the rows together take as few lines as
possible (a long title gets the width, the 责任者 wraps instead when that saves a line), never narrower than
their column head. A row's second line is not counted against it (``LINES_FREE``): the 责任者, an agency's name, is
set on two lines rather than break a 题名 (行政处罚决/定书) or leave the 备注 two characters a line. Measured with
the PDF's own line breaking (``pdf_layout``), so the PDF and the DOCX (which takes the same widths) set the same
lines. When the one-line columns leave no room (a 文号 typed far too long), they leave out their outlying cells
(``_narrowed``), which wrap; when even that leaves none, the form's widths stay."""

from __future__ import annotations

from dataclasses import replace

from workstation.documents.blocks import Cell, Table

#: the unit in which the free width is handed out, in ems of the cell text
_STEP_EMS = 0.5
#: spare width of a one-line column, in points (measuring rounds differently from drawing)
_SPARE = 0.5
#: the lines a row takes at no cost when the widths are shared out: a row of two lines is the ordinary row of an
#: index in 小五, and one line saved on a row does not outweigh a title broken or a remark squeezed beside it
LINES_FREE = 2
#: how much wider than the most of its column a one-line cell is an outlier, wrapped when the one-line columns
#: leave no room (``_narrowed``)
OUTLIER = 1.25


def _measure():
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import measurer

    return measurer(resolve_fonts())


def _one_line_width(cell: Cell, measure) -> float:
    """The width of the cell's longest line set unbroken, without its padding."""
    from workstation.documents.pdf_layout import style

    widths = [measure.width(p.style, line, style(p.style)["size"]) for p in cell.paragraphs
              for line in p.text.split("\n")]
    return max(widths, default=0.0)


def _lines(cell: Cell, inner: float, measure) -> tuple[int, int]:
    """How many lines the cell takes in a column ``inner`` wide, and how many of them are a last character left
    alone (行政处罚决定 / 书)."""
    from workstation.documents.pdf_layout import paragraph_lines

    lines = [line for p in cell.paragraphs for line in paragraph_lines(p, inner, measure, "cell")]
    return len(lines), sum(len(line.text) == 1 and line.last and index > 0 for index, line in enumerate(lines))


def _narrowed(widths: list[float], cells: list[list[float]], one_line: tuple[int, ...],
              least: list[float]) -> list[float]:
    """``widths`` with each one-line column as wide as its cells but its outliers (``cells[c]``: what each listed
    row's cell of column ``c`` needs on one line): those wider by more than ``OUTLIER`` than its cells but the
    widest tenth. A 文号, date or page range typed far longer than the others then wraps in its own cell, and the rest
    of its column stays on one line — where, the one-line columns leaving no room, the whole table kept the form's
    widths and every 文号 and page range broke. Never below a column's head (``least``)."""
    widths = list(widths)
    for c in one_line:
        ordered = sorted(cells[c], reverse=True)
        if not ordered:
            continue
        cap = ordered[len(ordered) // 10] * OUTLIER
        widths[c] = max(least[c], max(w for w in ordered if w <= cap))
    return widths


def fit_columns(table: Table, one_line: tuple[int, ...]) -> Table:
    """``table`` with its widths fitted to its cells (see the module); its rows and cells unchanged."""
    from reportlab.lib.units import mm

    from workstation.documents.pdf_layout import style
    from workstation.documents.pdf_pages import CELL_PADDING, RULE_WIDTH, Frame

    measure = _measure()
    total = Frame.from_layout().text_width
    columns = len(table.widths)
    full = [row for row in table.rows if len(row.cells) == columns]  # rows spanning columns set any width
    grid = [row.cells for row in full]
    heads = grid[:table.header_rows]
    # the rows below the heads with any text (the blank rows set no width), each with its floor
    listed = [row for row in full[table.header_rows:] if any(p.text for cell in row.cells for p in cell.paragraphs)]
    body = [row.cells for row in listed]
    need = [max((_one_line_width(cells[c], measure) for cells in grid), default=0.0) + 2 * CELL_PADDING + _SPARE
            for c in range(columns)]
    least = [max((_one_line_width(cells[c], measure) for cells in heads), default=0.0) + 2 * CELL_PADDING + _SPARE
             for c in range(columns)]
    free = [c for c in range(columns) if c not in one_line]
    widths = [need[c] if c in one_line else least[c] for c in range(columns)]
    room = total - sum(widths)
    if room < 0 and free:
        widths = _narrowed(widths, [[_one_line_width(cells[c], measure) + 2 * CELL_PADDING + _SPARE
                                     for cells in body] for c in range(columns)], one_line, least)
        room = total - sum(widths)
    if room < 0 or not free:
        return table
    styles = [style(cell.paragraphs[0].style) for cells in body for cell in cells if cell.paragraphs]
    step = _STEP_EMS * max([spec["size"] for spec in styles] or [style("cell")["size"]])
    leading = max([spec["leading"] for spec in styles] or [style("cell")["leading"]])
    steps = int(room // step)
    # lines[c][k][r]: the lines of row r's cell in free column c widened by k steps
    lines = {c: [[_lines(cells[c], widths[c] + k * step - 2 * CELL_PADDING, measure) for cells in body]
                 for k in range(steps + 1)] for c in free}
    fixed = [max([1, *(_lines(cells[c], widths[c] - 2 * CELL_PADDING, measure)[0] for c in one_line)])
             for cells in body]
    floors = [row.min_height_mm * mm for row in listed]
    varying = [c for c in free if lines[c][0] != lines[c][steps]]  # a column whose lines never change keeps its head

    def cost(given: dict[int, int]) -> tuple[float, int, float]:
        """The height of the rows (each at least its floor); between equal heights, the fewer characters left alone
        on a line, then the widths nearest the form's (its title column the widest)."""
        height, alone = 0.0, 0
        for r in range(len(body)):
            cells = [lines[c][given.get(c, 0)][r] for c in free]
            tallest = max(LINES_FREE, fixed[r], *(n for n, _alone in cells))
            height += max(floors[r], tallest * leading + 2 * CELL_PADDING + RULE_WIDTH)
            alone += sum(a for _n, a in cells)
        distance = sum(abs(widths[c] + given.get(c, 0) * step - table.widths[c] * total) for c in free)
        return round(height, 3), alone, distance

    def tries(columns_left: list[int], left: int):
        if not columns_left:
            yield {}
            return
        for k in range(left + 1) if len(columns_left) > 1 else (left,):
            for rest in tries(columns_left[1:], left - k):
                yield {columns_left[0]: k, **rest}

    given = min(tries(varying, steps), key=cost, default={})
    for c in free:
        widths[c] += given.get(c, 0) * step
    # what no line needs goes to the free columns in the form's proportions
    spare = total - sum(widths)
    share = sum(table.widths[c] for c in free)
    for c in free:
        widths[c] += spare * table.widths[c] / share
    return replace(table, widths=tuple(width / total for width in widths))
