"""Cell values for the spreadsheets the station hands out (CSV and XLSX), read back as they were written: a text is
never taken for a formula. A lead's target, a party or an imported hotline row may be worded
``=HYPERLINK("http://…","点击查看")``: openpyxl stores any text starting with "=" as a formula, and Excel or WPS runs a
CSV cell starting with = + - @ (or a tab or carriage return) as one (CSV injection). In XLSX a text is stored as text
(``xlsx_cell``, ``xlsx_row``); in CSV such a text is written with a leading apostrophe (``csv_value``, ``csv_writer``:
OWASP's advice), which the spreadsheet shows as the text itself. Numbers stay numbers — amounts, counts, a negative
figure and a figure written as text ("-12.50", "85,000.00") alike: a number is no formula. An identifier of digits
only that Excel would read as a figure and change (a case number 0440605202600123: its leading 0 lost, its digits
after the 15th made 0) is written in a CSV as ="…", which it reads as that text (``identifier_like``). A control
character, which an XLSX cannot hold (openpyxl refuses the whole workbook), is left out of an XLSX cell, a vertical
tab or form feed (Word's line and page breaks, pasted) written as a line break (``xlsx_text``)."""

from __future__ import annotations

import csv
import re

#: the first characters that make Excel or WPS read a CSV cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: a figure written as text ("-3", "+86", "1,200", "-12.50", "90.0%"): read as a number, never as a formula
_FIGURE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?%?")
#: the fewest digits of an identifier Excel would show rounded or in scientific notation (4.40605E+14) rather than
#: as typed: a mobile number's 11 and more (past 15 digits it keeps only the first 15)
IDENTIFIER_DIGITS = 11
#: the characters an XLSX cannot hold (XML 1.0 allows no C0 control but tab and line breaks): openpyxl's
#: ``ILLEGAL_CHARACTERS_RE``
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_like(value) -> bool:
    """Whether ``value`` is a text a spreadsheet program would take for a formula: it starts with = + - @, a tab or a
    carriage return and is more than that one character, and it is not a figure."""
    return (isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS)
            and not _FIGURE.fullmatch(value))


def identifier_like(value) -> bool:
    """Whether ``value`` is a text of ASCII digits only that Excel or WPS would read from a CSV as a figure and
    change: with a leading 0 (0012345 read as 12345) or of ``IDENTIFIER_DIGITS`` digits or more (a case number
    0440605202600123 shown as 4.40605E+14, its digits after the 15th made 0). "0" and short figures (a count, a year,
    an agency code 440605) are not."""
    return (isinstance(value, str) and value.isascii() and value.isdigit()
            and (len(value) >= IDENTIFIER_DIGITS or (len(value) > 1 and value.startswith("0"))))


def text_cell(value: str) -> str:
    """A text of digits as a CSV cell Excel and WPS read as that text: ="0012345"."""
    return f'="{value}"'


def csv_value(value):
    """``value`` as a CSV cell: a text that a spreadsheet program would take for a formula with a leading
    apostrophe, an identifier of digits it would read as a figure (``identifier_like``) as ="…", anything else as
    given."""
    if identifier_like(value):
        return text_cell(value)
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


def xlsx_text(text: str) -> str:
    """``text`` as an XLSX cell can hold it: its control characters left out (openpyxl refuses a workbook holding one,
    ``IllegalCharacterError``), a vertical tab or form feed — Word's line and page break, kept by a paste — written as
    a line break."""
    if not _XLSX_ILLEGAL.search(text):
        return text
    return _XLSX_ILLEGAL.sub(lambda found: "\n" if found.group() in "\x0b\x0c" else "", text)


def xlsx_cell(sheet, value, **style):
    """A cell of ``sheet`` (write-only or not) holding ``value``: a text stored as text (``xlsx_text``: without the
    control characters an XLSX cannot hold), never as a formula (nor as an error code such as "#N/A"); a number as a
    number. ``style``: the cell's attributes (font, alignment, number_format…)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = xlsx_text(value)
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
