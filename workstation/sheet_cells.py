"""Cell values for the spreadsheets the station hands out (CSV and XLSX), read back as they were written: a text is
never taken for a formula. A lead's target, a party or an imported hotline row may be worded
``=HYPERLINK("http://…","点击查看")``: openpyxl stores any text starting with "=" as a formula, and Excel or WPS runs a
CSV cell starting with = + - @ (or a tab or carriage return) as one (CSV injection). In XLSX a text is stored as text
(``xlsx_cell``, ``xlsx_row``); in CSV such a text is written with a leading apostrophe (``csv_value``, ``csv_writer``:
OWASP's advice), which the spreadsheet shows as the text itself. Numbers stay numbers — amounts, counts, a negative
figure and a figure written as text ("-12.50", "85,000.00") alike: a number is no formula."""

from __future__ import annotations

import csv
import re

#: the first characters that make Excel or WPS read a CSV cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: a figure written as text ("-3", "+86", "1,200", "-12.50", "90.0%"): read as a number, never as a formula
_FIGURE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?")


def formula_like(value) -> bool:
    """Whether ``value`` is a text a spreadsheet program would take for a formula: it starts with = + - @, a tab or a
    carriage return and is more than that one character, and it is not a figure."""
    return (isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS)
            and not _FIGURE.fullmatch(value))


def csv_value(value):
    """``value`` as a CSV cell: a text that a spreadsheet program would take for a formula with a leading
    apostrophe, anything else as given."""
    return "'" + value if formula_like(value) else value


def csv_row(values) -> list:
    return [csv_value(value) for value in values]


class _SafeWriter:
    """A ``csv.writer`` whose every cell goes through ``csv_value``."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fh, **options) -> _SafeWriter:
    """``csv.writer(fh, **options)``, its texts written so that no spreadsheet program takes one for a formula."""
    return _SafeWriter(csv.writer(fh, **options))


def xlsx_cell(sheet, value, **style):
    """A cell of ``sheet`` (write-only or not) holding ``value``: a text stored as text, never as a formula (nor as an
    error code such as "#N/A"); a number as a number. ``style``: the cell's attributes (font, alignment…)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"
    for name, given in style.items():
        setattr(cell, name, given)
    return cell


def xlsx_row(sheet, values) -> list:
    """``values`` for ``sheet.append``: each text as a cell storing it as text (``xlsx_cell``), anything else (a
    number, a date, None for an empty cell) as given."""
    return [xlsx_cell(sheet, value) if isinstance(value, str) else value for value in values]
