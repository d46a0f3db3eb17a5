"""Placeholders in form text: ``{name}`` or ``{name|filter}`` / ``{name|filter:argument}``, where name is a
field of the form or a built-in (number, agency, title, case_number). Filters format values for print:
figures (¥1,000.00), upper (人民币壹仟元整), count or count:N (a number of records grouped as the amounts are: 3,000;
0 for a count of none, and for no count the N full-width underscores of blank:N to write it on by hand, never 0), date
(2026年3月22日), datetime (2026年3月10日9时30分) — both with
an optional :TEXT printed when empty; a date left for handwriting (the ruled blank ``refusals.handwriting_values``
gives it) prints that TEXT too, else a date to write in: 　　　　年　　月　　日 (and 　　时　　分 for a datetime) —, tick:VALUE (☑ when the value is or holds VALUE, else □), or:TEXT (TEXT
when empty), blank:N (N full-width underscores when empty), ruled:N (N ruled lines to write on by hand when empty,
and after each heading of a field's template with nothing written after it), clause or clause:N (a typed text set
inside a sentence: without the punctuation it was ended with, so 因……。，依照 never prints, its lines — a list typed
one item a line, without the item numbers — joined with ；, and with :N the underscores of blank:N when empty).
``row_cells`` splits a line of a field that a table repeats into its columns."""

from __future__ import annotations

import re
from collections.abc import Callable

from workstation.money import chinese_date, chinese_datetime, figures, uppercase

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([a-z]+)(?::([^}]*))?)?\}")
FILTERS = ("figures", "upper", "count", "date", "datetime", "tick", "or", "blank", "ruled", "clause")
#: what a text set inside a sentence (``clause``) may not end with: the stops and pauses a typed text ends on
CLAUSE_END = "。．.，,；;：:、！!？? 　\n"
#: the number a list item typed one a line starts with (1. 1、 1．), left out of a ``clause``
ITEM_NUMBER = re.compile(r"^\d{1,2}\s*[.、．]\s*(?!\d)")
#: one ruled line to write on by hand (``ruled:N``): full-width underscores across a line of the body text, 28
#: characters of the page's grid less the 2 of its first-line indent, so it never runs onto a second line
RULED_LINE = "＿" * 26
#: how many ruled lines ``ruled`` gives without a number
RULED_LINES = 3
#: what a date (``date``) and a time (``datetime``) left for handwriting print without a text of their own: the
#: places of the year, month and day (and hour and minute) to write them in
DATE_TO_WRITE = "　　　　年　　月　　日"
DATETIME_TO_WRITE = DATE_TO_WRITE + "　　时　　分"


def placeholders(text: str) -> list[tuple[str, str | None, str | None]]:
    """(name, filter, argument) of each placeholder in ``text``."""
    return [(m.group(1), m.group(2), m.group(3)) for m in PLACEHOLDER.finditer(text)]


def ruled(value, count: int, heading: Callable[[str], bool] | None = None) -> str:
    """``value`` with ``count`` ruled lines (``RULED_LINE``) where it leaves something to write by hand: all of it
    when it is empty; else after each line that ``heading`` takes for a heading of the field's template (the
    现场笔录's 1.经营场所基本情况：) when nothing is written after it — the next line is another heading, or none
    follows. A line the officer wrote is never taken for one, and without ``heading`` only an empty value is
    ruled."""
    lines = "\n".join([RULED_LINE] * count)
    text = "" if value in (None, "", []) else str(value)
    if not text.strip():
        return lines
    if heading is None:
        return text
    all_lines = text.split("\n")
    out = []
    for index, line in enumerate(all_lines):
        out.append(line)
        following = next((later for later in all_lines[index + 1:] if later.strip()), None)
        if line.strip() and heading(line) and (following is None or heading(following)):
            out.append(lines)
    return "\n".join(out)


def clause(value) -> str:
    """``value`` as a phrase set inside a sentence (``{name|clause}``): without the stops it ends with, and a text of
    several lines — the interview's topics typed one a line — as one phrase, its lines joined with ；, each without
    its item number (1. or 1、) and its own end; '' for nothing typed."""
    lines = [line.strip() for line in ("" if value is None else str(value)).split("\n") if line.strip()]
    if len(lines) > 1:
        lines = [ITEM_NUMBER.sub("", line) for line in lines]
    return "；".join(kept for kept in (line.rstrip(CLAUSE_END) for line in lines) if kept)


def left_blank(value) -> bool:
    """Whether ``value`` is the ruled blank of a field left for handwriting (``refusals.handwriting_values``): an
    amount, a date or a time to write in by hand."""
    return isinstance(value, str) and bool(value) and set(value) == {"＿"}


def added(values: dict, parts) -> int | str | None:
    """The amount a form's total prints (``totals``): the sum in fen of the amounts ``parts`` of the checked
    ``values``; the ruled blank when one of them is left for handwriting (the total is then written by hand too),
    None when none is given."""
    given = [values[name] for name in parts if values.get(name) not in (None, "")]
    if blank := next((value for value in given if left_blank(value)), None):
        return blank
    return sum(int(value) for value in given) if given else None


def _show(value, name_filter: str | None, argument: str | None) -> str:
    if name_filter in ("figures", "upper", "count") and left_blank(value):  # left for handwriting
        return value
    if name_filter == "figures":
        return figures(int(value or 0))
    if name_filter == "upper":
        return uppercase(int(value or 0))
    if name_filter == "count":  # nothing counted is a blank to write on by hand, never 0 条; a real 0 prints 0
        return ("＿" * (int(argument) if argument and argument.isdigit() else 6) if value in (None, "")
                else f"{int(value):,}")
    if name_filter in ("date", "datetime") and left_blank(value):  # left for handwriting: a date to write in
        return argument or (DATE_TO_WRITE if name_filter == "date" else DATETIME_TO_WRITE)
    if name_filter == "date":
        return chinese_date(value) if value else (argument or "")
    if name_filter == "datetime":
        return chinese_datetime(value) if value else (argument or "")
    if name_filter == "tick":
        chosen = value if isinstance(value, list | tuple | set) else [value]
        return "☑" if (argument in chosen or (argument in (None, "") and value)) else "□"
    if name_filter == "clause":
        return clause(value) or ("＿" * int(argument) if argument else "")
    if value in (None, "", [], 0) and name_filter == "or":
        return argument or ""
    if value in (None, "", []) and name_filter == "blank":
        return "＿" * int(argument or 6)
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


#: what separates the columns of a line of a field that a table repeats row by row (half or full width)
COLUMN_SEPARATORS = re.compile(r"\s*[|｜]\s*")


def row_cells(line: str) -> list[str]:
    """The columns of one line of a repeated table row ("1 | 佛南市监处〔2026〕1号 | …"), trimmed; a line without
    a separator is one cell (the writers print it across the whole row)."""
    return COLUMN_SEPARATORS.split(line.strip())


def render(text: str, values: dict, headings: dict[str, Callable[[str], bool]] | None = None) -> str:
    """``text`` with every placeholder replaced by its formatted value (names were checked at load time);
    ``headings`` tells, for a field with a template of headings, which of its lines are one (``ruled``)."""
    def show(match: re.Match) -> str:
        name, name_filter, argument = match.groups()
        if name_filter == "ruled":
            count = int(argument) if argument and argument.isdigit() else RULED_LINES
            return ruled(values.get(name), count, (headings or {}).get(name))
        return _show(values.get(name), name_filter, argument)

    return PLACEHOLDER.sub(show, text)
