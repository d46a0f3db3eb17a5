"""The cells of a workbook that show a formula error (#N/A, #REF!, #VALUE! …), or hold a formula whose value was
never saved (``UNCALCULATED``). python-calamine reads such a cell as an empty text, so a fine of #N/A would be imported as no fine and a complaint text of #REF! as none: both importers
look the errors up here and refuse the row naming its cell. Only .xlsx and .xlsm files say them in a form read
without a second reader (their sheets' XML, ``t="e"``); a legacy .xls gives none here."""

from __future__ import annotations

import posixpath
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from workstation.i18n import _

_BLOCK = 1 << 20
_CELL = re.compile(rb"<c\s([^>]*?)/?>")  # the opening tag of a cell, its attributes in the group
_ERROR = re.compile(rb"""\bt\s*=\s*["']e["']""")
_REFERENCE = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_VALUE = re.compile(rb"<v>([^<]{0,32})</v>")
_SAVED = re.compile(rb"<v>[^<]")  # a value saved with its formula
_TEXT = re.compile(rb"""\bt\s*=\s*["']str["']""")
_LARGEST_INDEX = 1 << 20  # workbook.xml and its relationships: a few kB; more is no workbook Excel wrote
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class ErrorCell(str):
    """A cell showing a formula error: the empty text python-calamine reads it as, with the error it shows as
    ``code`` ("#N/A"). Being "" it reads as an empty cell wherever a cell's text is taken."""

    code: str

    def __new__(cls, code: str) -> ErrorCell:
        cell = super().__new__(cls, "")
        cell.code = code
        return cell


#: the "error" of a formula cell whose value was never saved (a workbook written by a program that does not
#: calculate: openpyxl, Apache POI, some exports): python-calamine reads it as empty, a fine of =10000*3 as no fine
UNCALCULATED = "uncalculated"


def cell_error_problem(code: str) -> str:
    """What a field of a row says when its cell shows the formula error ``code`` (or holds a formula never
    calculated, ``UNCALCULATED``), and what to do."""
    if code == UNCALCULATED:
        return _("the cell holds a formula whose value was never saved (the file was written by a program that does "
                 "not calculate): open the file in Excel or WPS and save it there, or replace the formulas with their "
                 "values (Paste Special > Values).")
    return _(
        "the cell shows the spreadsheet error {code}, a formula without a value: correct the formula, or "
        "replace the formulas with their values (Paste Special > Values)."
    ).format(code=code)


def error_cells(path: Path, sheet: str | int) -> dict[tuple[int, int], str]:
    """{(row, column), both from 0 for A1: the error shown} of the worksheet ``sheet`` (its name, or its index
    among the workbook's sheets) of the workbook at ``path``; {} for a file that is no .xlsx/.xlsm or that cannot
    be read so (the reader itself refuses a damaged one). The sheet's XML is read in blocks: memory stays flat."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet)
            if member is None:
                return {}
            with archive.open(member) as fh:
                return _scan(fh)
    except (
        OSError,
        EOFError,
        ValueError,
        KeyError,
        RuntimeError,
        NotImplementedError,
        zipfile.BadZipFile,
        ElementTree.ParseError,
    ):
        return {}


def scanning(path: Path, sheet: str | int) -> Callable[[], dict[tuple[int, int], str]]:
    """``error_cells(path, sheet)`` worked out from now on a thread of its own, beside python-calamine parsing the
    same sheet (which releases the interpreter lock, as inflating the sheet's XML here does: on two cores the scan
    costs the import next to nothing); the function returned waits for it and gives it."""
    outcome: list = []

    def scan() -> None:
        try:
            outcome.append((True, error_cells(path, sheet)))
        except BaseException as exc:  # noqa: BLE001 - raised again on the thread that asks for the cells
            outcome.append((False, exc))

    thread = threading.Thread(target=scan, name="error cells", daemon=True)
    thread.start()

    def result() -> dict[tuple[int, int], str]:
        thread.join()
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    return result


def _sheet_member(archive: zipfile.ZipFile, sheet: str | int) -> str | None:
    """The archive member holding the worksheet ``sheet``, from the workbook's list of sheets and its
    relationships."""
    book = _small_xml(archive, "xl/workbook.xml")
    sheets = book.findall(f"{_MAIN}sheets/{_MAIN}sheet")
    chosen = (
        sheets[sheet]
        if isinstance(sheet, int) and 0 <= sheet < len(sheets)
        else next((s for s in sheets if s.get("name") == sheet), None)
    )
    if chosen is None:
        return None
    relation = chosen.get(f"{_RELATIONSHIPS}id")
    links = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    target = next(
        (r.get("Target") for r in links.findall(f"{_PACKAGE}Relationship") if r.get("Id") == relation), None
    )
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    if archive.getinfo(name).file_size > _LARGEST_INDEX:
        raise ValueError(name)
    return ElementTree.fromstring(archive.read(name))


def _scan(fh) -> dict[tuple[int, int], str]:
    """The error cells of a sheet's XML read from ``fh``: only the blocks holding an error cell are searched."""
    found: dict[tuple[int, int], str] = {}
    carry = b""
    while block := fh.read(_BLOCK):
        text = carry + block
        end = text.rfind(b"</c>")  # whole cells only; the rest is read again with the next block
        if end < 0:
            carry = text[-_BLOCK:]
            continue
        end += len(b"</c>")
        whole, carry = text[:end], text[end:]
        if b'"e"' in whole or b"'e'" in whole or b"<f" in whole:
            _errors_in(whole, found)
    return found


def _errors_in(text: bytes, found: dict[tuple[int, int], str]) -> None:
    for tag in _CELL.finditer(text):
        attributes = tag.group(1)
        if tag.group(0).endswith(b"/>"):  # a cell showing nothing, and holding no formula
            continue
        end = text.find(b"</c>", tag.end())
        error = _ERROR.search(attributes)
        # a formula with no value saved: no <v>, or an empty one that is no empty text (t="str": ="" gives one)
        uncalculated = not error and text.find(b"<f", tag.end(), end) >= 0 and not _SAVED.search(text, tag.end(), end) \
            and not _TEXT.search(attributes)
        reference = _REFERENCE.search(attributes) if error or uncalculated else None
        if reference is None:
            continue
        column = 0
        for letter in reference.group(1):
            column = column * 26 + letter - 64
        if uncalculated:
            code = UNCALCULATED
        else:
            value = _VALUE.search(text, tag.end(), end)
            code = value.group(1).decode("utf-8", errors="replace") if value else "#N/A"
        found[(int(reference.group(2)) - 1, column - 1)] = code
