"""The item table a form prints from a multi-line field (a ``table`` block's ``repeat``) as rows of cells, for
the editor's grid: the table's column heads, a stored value split into rows, and rows joined back into the
``a | b | c`` text the writers read (``template.row_cells``, ``compose.repeated_cells``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from workstation.errors import join_sentences
from workstation.formkit.spec import FormSpec
from workstation.formkit.template import row_cells
from workstation.i18n import _

#: what a column separator typed inside a cell is stored as, so the columns stay put (as the evidence register's)
SEPARATOR_IN_CELL = "／"


def repeat_columns(form: FormSpec, name: str) -> tuple[str, ...] | None:
    """The column heads of the table that prints field ``name`` row by row, None when no table repeats it: the
    cells of the row just above the repeated rows when that row is one label per column (序号, 名称 …), else
    列1, 列2 … one per column of the table's widths."""
    block = next((b for b in form.blocks if b.kind == "table" and b.repeat == name and b.widths), None)
    if block is None:
        return None
    count = len(block.widths)
    above = block.rows[-1] if block.rows else ()
    if len(above) == count and all(cell.label and cell.span == 1 for cell in above):
        return tuple(cell.text.replace("\n", "") for cell in above)
    return tuple(_("Column {number}").format(number=number) for number in range(1, count + 1))


def one_line(text: str) -> str:
    """A pasted cell kept in one cell: its line breaks (a cell's Alt+Enter in a spreadsheet) and tabs a space each,
    no space at either end."""
    return str(text).replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ").strip()


def cell_text(text: str) -> str:
    """A cell as stored: a separator typed in it becomes ／ and a line break or a tab a space, so it stays one
    cell."""
    return one_line(str(text).replace("|", SEPARATOR_IN_CELL).replace("｜", SEPARATOR_IN_CELL))


def _quoted_cell(text: str, start: int) -> tuple[str, int] | None:
    """The cell opening with the ``"`` at ``start`` as a spreadsheet quotes it, and where it ends: up to its closing
    ``"``, a doubled ``""`` inside being one ``"``. None unless it is such a cell — closed, followed by a tab, a line
    break or the end, and holding what a spreadsheet quotes (a line break, a tab or a doubled quote) —: words
    quoted in a document stay as they are."""
    parts, at, doubled = [], start + 1, False
    while True:
        close = text.find('"', at)
        if close < 0:
            return None
        if text.startswith('"', close + 1):
            parts.append(text[at:close + 1])
            at, doubled = close + 2, True
            continue
        parts.append(text[at:close])
        end = close + 1
        break
    cell = "".join(parts)
    if end < len(text) and text[end] not in "\t\n":
        return None
    if not doubled and not any(mark in cell for mark in "\t\n"):
        return None
    return cell, end


def pasted_rows(text: str) -> list[list[str]]:
    """The rows of cells of text copied from a spreadsheet (Excel, WPS): a row a line, its cells separated by tabs;
    the line break that ends the last row (and any blank line after it) is no row of its own. A cell holding a line
    break (Alt+Enter), a tab or a quote is written quoted, as a CSV file writes it (``"冻猪肉\n（进口）"``, a ``"``
    in it doubled): it stays one cell, its line breaks kept (``one_line`` and ``cell_text`` make them spaces). Any
    other quote is a quote, as typed."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[str]] = []
    cells: list[str] = []
    at = 0
    while True:
        quoted = _quoted_cell(text, at) if text.startswith('"', at) else None
        if quoted is not None:
            cell, at = quoted
        else:
            ends = [end for end in (text.find("\t", at), text.find("\n", at)) if end >= 0]
            end = min(ends) if ends else len(text)
            cell, at = text[at:end], end
        cells.append(cell)
        if at >= len(text):
            rows.append(cells)
            break
        at += 1
        if text[at - 1] == "\n":
            rows.append(cells)
            cells = []
            if at >= len(text):
                break
    while rows and rows[-1] == [""]:
        rows.pop()
    return rows


def blank_row(cells: Sequence[str]) -> bool:
    """A pasted row of no text (a blank line between the rows copied): left out of a paste, so the grid shows the
    rows the stored value holds and a row's number in a message is the one the officer sees."""
    return not any(one_line(cell) for cell in cells)


def copied_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows of cells put on the clipboard as a spreadsheet takes them (and ``pasted_rows`` reads them back): tabs
    between the cells, each row ended by a line break; a cell holding a tab or a line break quoted, its quotes
    doubled, as Excel writes it."""
    def cell(text: str) -> str:
        text = str(text)
        return '"' + text.replace('"', '""') + '"' if any(mark in text for mark in "\t\r\n") else text

    return "".join("\t".join(cell(text) for text in row) + "\n" for row in rows)


def grid_rows(value: str | None, columns: int) -> list[list[str]]:
    """The rows of a stored value, one per non-blank line: a line with separators gives its cells (the missing
    ones empty; more than the table has join the last column, separated by ／); a line without one gives a single
    cell, printed across the whole row."""
    rows = []
    for line in str(value or "").split("\n"):
        if not line.strip():
            continue
        cells = row_cells(line)
        if len(cells) > 1 and columns > 1:
            cells = cells[:columns - 1] + [SEPARATOR_IN_CELL.join(cells[columns - 1:])] if len(cells) > columns \
                else cells + [""] * (columns - len(cells))
        elif len(cells) > 1:  # a table of one column
            cells = [SEPARATOR_IN_CELL.join(cells)]
        rows.append(cells)
    return rows


def grid_text(rows: Iterable[Sequence[str]], columns: int) -> str:
    """The stored value of rows of cells: one line each, cells joined by `` | `` without the empty ones at the
    end; a row of a single cell is written without a separator (printed across the whole row), a row of several
    whose first cell alone is filled keeps one (``1 |``), and an empty row is left out."""
    lines = []
    for row in rows:
        cells = [cell_text(cell) for cell in row]
        if not any(cells):
            continue
        if len(cells) == 1 or columns == 1:
            lines.append(cells[0] if len(cells) == 1 else SEPARATOR_IN_CELL.join(filter(None, cells)))
            continue
        while not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells) if len(cells) > 1 else cells[0] + " |")
    return "\n".join(lines)



#: what ends a clause of a help text (每行一项，各栏以 | 分隔：…；留空则打印空白行)
_CLAUSE_END = re.compile(r"[；。]")


#: the command a help names beside the window's menu (（文件 → 本局文书信息…，命令行 station details）): for the command
#: line's ``docs fields``; the window's tooltip names the menu alone
_COMMAND_NAMED = re.compile(r"\s*[，,]\s*命令行\s*[a-z][a-z0-9 _-]*(?=[）)])")


def grid_help(form: FormSpec, field) -> str:
    """The help of ``field`` as the editor shows it: for a field a table repeats (edited in a grid, column by
    column) without the clauses that describe typing it as lines with columns separated by ``|`` (每行一项，各栏以 |
    分隔：…；如：1 | …), which are for a values file given on the command line; the clauses left follow a sentence
    saying the grid takes a row per item. Any other field's help as written, but for the command it names beside
    the window's menu (``_COMMAND_NAMED``). A field needed only to issue the document (the form's
    ``required_to_issue``) is led by the note saying so, as ``docs fields`` gives it."""
    from workstation.formkit.field_list import TO_ISSUE_NOTE, to_issue

    text = _COMMAND_NAMED.sub("", field.help or "")
    if repeat_columns(form, field.name) is not None and any(mark in text for mark in "|｜"):
        kept = [clause.strip() for clause in _CLAUSE_END.split(text)
                if clause.strip() and not any(mark in clause for mark in "|｜")]
        text = "；".join([_("One row per item, each value in its column"), *kept])
    return join_sentences([_(TO_ISSUE_NOTE), text]) if to_issue(form, field) else text
