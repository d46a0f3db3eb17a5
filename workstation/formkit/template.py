"""Placeholders in form text: ``{name}`` or ``{name|filter}`` / ``{name|filter:argument}``, where name is a
field of the form or a built-in (number, agency, title, case_number). Filters format values for print:
figures (¥1,000.00), upper (人民币壹仟元整), count (a number of records grouped as the amounts are: 3,000), date (2026年3月22日), datetime (2026年3月10日9时30分) — both with
an optional :TEXT printed when empty —, tick:VALUE (☑ when the value is or holds VALUE, else □), or:TEXT (TEXT
when empty), blank:N (N full-width underscores when empty). ``row_cells`` splits a line of a field that a table
repeats into its columns."""

from __future__ import annotations

import re

from workstation.money import chinese_date, chinese_datetime, figures, uppercase

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([a-z]+)(?::([^}]*))?)?\}")
FILTERS = ("figures", "upper", "count", "date", "datetime", "tick", "or", "blank")


def placeholders(text: str) -> list[tuple[str, str | None, str | None]]:
    """(name, filter, argument) of each placeholder in ``text``."""
    return [(m.group(1), m.group(2), m.group(3)) for m in PLACEHOLDER.finditer(text)]


def _show(value, name_filter: str | None, argument: str | None) -> str:
    if name_filter == "figures":
        return figures(int(value or 0))
    if name_filter == "upper":
        return uppercase(int(value or 0))
    if name_filter == "count":
        return f"{int(value or 0):,}"
    if name_filter == "date":
        return chinese_date(value) if value else (argument or "")
    if name_filter == "datetime":
        return chinese_datetime(value) if value else (argument or "")
    if name_filter == "tick":
        chosen = value if isinstance(value, list | tuple | set) else [value]
        return "☑" if (argument in chosen or (argument in (None, "") and value)) else "□"
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


def render(text: str, values: dict) -> str:
    """``text`` with every placeholder replaced by its formatted value (names were checked at load time)."""
    return PLACEHOLDER.sub(lambda m: _show(values.get(m.group(1)), m.group(2), m.group(3)), text)
