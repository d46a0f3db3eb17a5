"""Reading a spreadsheet as numbered rows, sheet by sheet: .xlsx and .xls through python-calamine, .csv (one
sheet) in UTF-8, UTF-8 with BOM or GB18030. Bad files are refused with a message naming the file and what to do."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from workstation.errors import DIRECTION_CONTROLS, Cancelled, ImportRefused, os_reason
from workstation.i18n import _
from workstation.importing.cell_errors import ErrorCell, scanning
from workstation.progress import waiting

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
ENCODINGS = ("auto", "utf-8", "gb18030")


def readable_name(path: str | Path) -> str:
    """The name of the file at ``path`` as the imports store and show it (``readable_path``); a path without a name
    (a root) is named by itself."""
    path = Path(path)
    return readable_path(path.name or path)


def readable_path(path: str | Path) -> str:
    """``path`` as a message shows it. A name whose bytes are not UTF-8 (a zip made on Chinese Windows and unpacked
    on Linux keeps the GBK bytes of 工单.csv) is held by Python with surrogate escapes, which SQLite and the
    terminal refuse: its bytes are read as GB18030, as Chinese Windows wrote them, else as UTF-8 with replacement
    characters. Each folder's name on its own: the folders above may be named in UTF-8."""
    return os.sep.join(_readable_part(part) for part in str(path).split(os.sep))


def _readable_part(name: str) -> str:
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def missing_file(path: str | Path) -> str:
    """The refusal of a file chosen (to import, or to add as evidence) that is not there: named by its path, with
    what to do."""
    return _("{file}: no such file (moved, renamed or deleted?): check where it is and choose it again; nothing was "
             "stored.").format(file=readable_path(path))


def _check_path(path: Path) -> None:
    if not path.exists():
        raise ImportRefused(missing_file(path))
    if path.is_dir():
        raise ImportRefused(_("{file} is a folder: choose a spreadsheet file (.xlsx or .csv).").format(
            file=readable_path(path)))
    if not path.is_file():  # a pipe or a device: its size says 0 and reading it would wait for ever
        raise ImportRefused(_("{file} is not a file but a pipe or a device: choose the exported file itself.").format(
            file=readable_path(path)))
    if path.stat().st_size == 0:
        raise ImportRefused(_("{file} is empty (0 bytes): export the register again.").format(file=readable_name(path)))
    if path.suffix.lower() not in (*SPREADSHEET_SUFFIXES, ".csv", ".txt"):
        raise ImportRefused(_("{file}: only .xlsx, .xls and .csv files can be imported.").format(
            file=readable_name(path)))


def utf16_problem(path: Path, head: bytes) -> str | None:
    """The refusal of a text file saved as UTF-16 (Excel's "Unicode text"), from its first bytes; None for others."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            len(head) >= 4 and head[1] == head[3] == 0 and head[0] and head[2]):
        return _("{file} is saved as Unicode text (UTF-16), which cannot be imported: save it again as CSV UTF-8 "
                 "(comma separated) and import it again.").format(file=readable_name(path))
    return None


def decode_csv(path: Path, data: bytes, encoding: str = "auto", wording: dict[str, str] | None = None) -> str:
    """The text of a CSV file; with ``auto``: UTF-8 (with or without BOM), else GB18030. ``wording``: a caller's own
    text (translated) of the refusals of a file that cannot be read so, by kind — ``utf16`` (UTF-16 text, {file}),
    ``mixed`` (a row not UTF-8 like those before it) and ``neither`` (a row neither UTF-8 nor GB18030), the last two
    with {file} and {row} —; the importers' words for a kind not given."""
    wording = wording or {}
    if encoding not in ENCODINGS:
        raise ImportRefused(_("Unknown encoding {name}: use auto, utf-8 or gb18030.").format(name=encoding))
    problem = utf16_problem(path, data[:4])
    if problem:
        raise ImportRefused(wording["utf16"].format(file=readable_name(path)) if "utf16" in wording else problem)
    if encoding in ("auto", "utf-8"):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            if _holds_cjk(data[: exc.start], 2):
                # Chinese text read as UTF-8 up to here: one part of the file was saved in another encoding,
                # which GB18030 would turn into garbled text instead of refusing (said so of utf-8 given, too)
                raise ImportRefused((wording.get("mixed") or _(
                    "{file}, row {row}: this row is not UTF-8 like the rows before it (the file mixes encodings): "
                    "save the whole file again as UTF-8 CSV.")).format(file=readable_name(path), row=line)) from None
            if encoding == "utf-8":
                hint = ""
                try:
                    data.removeprefix(codecs.BOM_UTF8).decode("gb18030")  # GB18030 behind a UTF-8 BOM, too
                    # only the command line names an encoding (--encoding): the window reads every file with auto
                    hint = _(" It looks like GB18030: import it again with --encoding gb18030 (or --encoding auto).")
                except UnicodeDecodeError:
                    pass
                raise ImportRefused(_("{file}, row {row}: the text is not UTF-8 as declared.").format(
                    file=readable_name(path), row=line) + hint) from None
    if encoding == "gb18030":
        _refuse_utf8_as_gb18030(path, data)
    if data.startswith(codecs.BOM_UTF8):
        # marked UTF-8 (a BOM) but its text is not: saved as GB18030 behind a BOM some editors add. The BOM is the
        # only UTF-8 in it (Chinese read as UTF-8 before the first bad byte was refused above as mixed), so the
        # text is read as GB18030 when all of it decodes so (also when gb18030 is given)
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused((wording.get("neither") or _(
            "{file}, row {row}: the text is neither UTF-8 nor GB18030; save the file as UTF-8 CSV and import it "
            "again.")).format(file=readable_name(path), row=line)) from None


def _refuse_utf8_as_gb18030(path: Path, data: bytes) -> None:
    """Refuse a file declared GB18030 that is UTF-8: with Chinese in it, read as GB18030 it would fail (and be called
    neither) or turn into garbled text; the refusal names the first row that is not plain ASCII."""
    if data.isascii():
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    if not _holds_cjk(data, 1):
        try:
            data.decode("gb18030")
            return  # accented letters, say, that GB18030 reads too: the officer's choice stands
        except UnicodeDecodeError:
            pass
    first = next((i for i, char in enumerate(text) if not char.isascii() and char != "\ufeff"), 0)  # 0: a BOM
    raise ImportRefused(_("{file}, row {row}: the text is not GB18030 as declared. It looks like UTF-8: import it "
                          "again with --encoding utf-8 (or --encoding auto).").format(file=readable_name(path),
                                                                      row=text[:first].count("\n") + 1))


def unreadable(path: Path, exc: OSError) -> str:
    """Why the file at ``path`` cannot be read and what to do (a file locked by another program on Windows,
    no permission), for both importers."""
    return _("{file} cannot be read ({reason}): close it in other programs, check that you may open it, and try "
             "again.").format(file=readable_name(path), reason=os_reason(exc))


#: the longest line (in bytes) a CSV file may hold: a row of a register or of a complaint export is a few thousand
#: characters, so a line of megabytes is a damaged file (zeros or a binary file named .csv, a quotation mark never
#: closed): reading it as a line would take memory in proportion to it before the csv module refuses its cell
LONGEST_LINE = 1 << 20


class LongCsvCells:
    """While held, the csv module reads a cell of up to ``LONGEST_LINE`` characters (its default limit, 131,072,
    refused a rightly quoted complaint text of 150,000 as a quotation mark never closed): a longer line is refused by
    ``overlong_line`` before it is read, and a quotation mark never closed is still refused at the end of the file.
    The module's limit is the process's: it is raised for the first holder and set back when the last lets go
    (``release``, once or more), so that the readers keeping the default (a register's) refuse as before."""

    _lock = threading.Lock()
    _holders = 0
    _before = 0

    def __init__(self) -> None:
        with LongCsvCells._lock:
            if LongCsvCells._holders == 0:
                LongCsvCells._before = csv.field_size_limit(max(csv.field_size_limit(), LONGEST_LINE))
            LongCsvCells._holders += 1
        self._held = True

    def release(self) -> None:
        with LongCsvCells._lock:
            if not self._held:
                return
            self._held = False
            LongCsvCells._holders -= 1
            if LongCsvCells._holders == 0:
                csv.field_size_limit(LongCsvCells._before)


def overlong_line(path: Path, fh, limit: int = LONGEST_LINE) -> ImportRefused | None:
    """The refusal of the CSV file ``path`` (open as ``fh``, binary, at its start, where it is left) when one of its
    lines is longer than ``limit`` bytes, naming the row it starts; None when every line is shorter. The bytes are
    read in blocks of ``limit``, so memory stays flat: a line within a block is shorter than the limit, and one
    going on over several is measured from its start."""
    start = position = 0  # where the current line starts, and where the block read next starts
    found = None
    while found is None and (block := fh.read(limit)):
        first = block.find(b"\n")
        if position + (len(block) if first < 0 else first) - start > limit:
            found = start
        elif first >= 0:
            start = position + block.rindex(b"\n") + 1
        position += len(block)
    fh.seek(0)
    if found is None:
        return None
    row = _row_starting_at(fh, found)
    fh.seek(0)
    message = _("{file}, row {row}: a line here goes on for more than {size} MB without a line break, so the file is "
                "damaged or not a CSV file: save or export it again as CSV and import the new file.").format(
        file=readable_name(path), row=row, size=limit >> 20)
    return ImportRefused(message, [{"file": readable_name(path), "row": row, "field": None, "message": message}])


def _row_starting_at(fh, offset: int) -> int:
    """The row (as the csv module counts them: a quoted value over several lines is one row) holding the line that
    starts at byte ``offset`` of ``fh``; the lines before it are short, so they are read as lines."""
    fh.seek(0)

    def lines():
        while fh.tell() < offset:
            yield fh.readline().decode("utf-8", errors="replace")
        yield _END

    rows = 0
    try:
        for _row in csv.reader(lines()):
            rows += 1
    except csv.Error:  # a quoted value over many lines beyond the csv module's limit: it is the row meant
        rows += 1
    return max(rows, 1)


#: the characters no stored text keeps: the control characters (C0 but tab and line breaks, DEL, C1), which a
#: damaged or converted file or a terminal's escape sequence leaves and which break printed documents, and the
#: bidirectional controls (embeddings, overrides, isolates, marks), with which a text shows a telephone number or a
#: company's name reversed in lists, documents and reports
UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")
_BIDI = re.compile(f"[{DIRECTION_CONTROLS}]")


def without_unsafe(text: str) -> str:
    """``text`` without its ``UNSAFE_TEXT`` characters (a complaint's cells as they are stored)."""
    return UNSAFE_TEXT.sub("", text)


def unsafe_character(text: str) -> tuple[int, bool] | None:
    """The first character of ``text`` no stored text keeps (``UNSAFE_TEXT``), as (its code point, whether it is a
    text-direction control); None when there is none. The register import and the editors word it each their way."""
    control = UNSAFE_TEXT.search(text)
    if control is None:
        return None
    return ord(control.group()), bool(_BIDI.fullmatch(control.group()))


def text_problem(text: str, limit: int) -> str | None:
    """Why the text of a cell cannot be the value of its column, for the row's error: a control character (a
    damaged or converted file, or a terminal's escape sequence; tab and line breaks are a cell's own) or a
    text-direction control (``UNSAFE_TEXT``), or more characters than ``limit`` (a cell that swallowed others).
    None when it can."""
    unsafe = unsafe_character(text)
    if unsafe is not None and unsafe[1]:
        return _("The cell holds a text-direction control character (U+{code:04X}), which can show a name or a "
                 "number reversed: delete it and import the register again.").format(code=unsafe[0])
    if unsafe is not None:
        return _("The cell holds a control character (U+{code:04X}), as a damaged or converted file does: delete it "
                 "and import the register again.").format(code=unsafe[0])
    if len(text) > limit:
        return _("The cell holds {n:,} characters, more than this column ever holds ({limit:,}): check that it holds "
                 "only its own value.").format(n=len(text), limit=limit)
    return None


def column_letter(column: int) -> str:
    """The spreadsheet letter of a column counted from 0 (0 = A, 25 = Z, 26 = AA)."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _holds_cjk(data: bytes, count: int) -> bool:
    """Whether the UTF-8 bytes ``data`` hold at least ``count`` CJK characters (U+3000 on, not the BOM)."""
    for char in data.decode("utf-8", "ignore"):
        if "\u3000" <= char != "\ufeff":
            count -= 1
            if count <= 0:
                return True
    return False


Heartbeat = Callable[[], None]


def read_rows(path: str | Path, encoding: str = "auto") -> list[list]:
    """All rows of the first sheet (row 1 first), cells as str/int/float/date; empty cells as ''."""
    sheets = read_sheets(path, encoding)
    try:
        return next(sheets, (None, []))[1]
    finally:
        sheets.close()  # releases the workbook at once


def read_sheets(path: str | Path, encoding: str = "auto",
                heartbeat: Heartbeat | None = None) -> Iterator[tuple[str | None, list[list]]]:
    """The worksheets of a spreadsheet as (sheet name, rows as ``read_rows`` gives them), in the workbook's order,
    each read only when the one before it has been used; a .csv file is one sheet named None. The file is
    checked (and refused) before the first sheet is given. ``heartbeat`` is called now and then while a file is
    read (every 0.1 s while a sheet is parsed, every ``HEARTBEAT_ROWS`` rows after): the reader's progress and
    Cancel (it raises Cancelled)."""
    path = Path(path)
    _check_path(path)
    beat = heartbeat or (lambda: None)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        yield None, _read_csv(path, encoding, beat)
        return
    workbook, names = _open_workbook(path)
    try:
        for name in names:
            yield name, _sheet_rows(path, workbook, name, heartbeat, beat)
    finally:
        try:
            workbook.close()
        except Exception:  # noqa: BLE001 - a sheet parse abandoned on Cancel still holds it: released when it ends
            pass


HEARTBEAT_ROWS = 1000


def _read_csv(path: Path, encoding: str, beat: Heartbeat) -> list[list]:
    try:
        with path.open("rb") as fh:
            overlong = overlong_line(path, fh)
            if overlong is not None:
                raise overlong
            data = fh.read()
    except OSError as exc:
        raise ImportRefused(unreadable(path, exc)) from None
    if problem := workbook_named_as_text(path, data[:len(OLE_MAGIC)]):
        raise ImportRefused(problem)
    decoded = decode_csv(path, data, encoding)
    text = without_end_mark(decoded)
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise ImportRefused(_("{file}, row {row}: the row holds a NUL character (a zero byte), so the file is damaged "
                              "or not a text CSV file: save the register again as CSV or .xlsx and import it "
                              "again.").format(file=readable_name(path), row=row))
    delimiter = csv_delimiter(text)
    rows = []
    # the END line after the file's last is read as a row of its own, unless the file ends inside a quoted value
    # (a quotation mark never closed: the csv module then silently reads the rest of the file into one cell)
    lines = itertools.chain(io.StringIO(text, newline=""), (_END,))
    try:
        for index, row in enumerate(csv.reader(lines, delimiter=delimiter)):
            if index % HEARTBEAT_ROWS == 0:
                beat()
            rows.append(row)
    except csv.Error:  # a cell beyond the csv module's limit (131,072 characters): a quote never closed, say
        raise ImportRefused(_("{file}, row {row}: a value here is too long to be read as one cell, most likely "
                              "because a quotation mark opened in it is never closed. Correct the row and import "
                              "the file again.").format(file=readable_name(path), row=len(rows) + 1)) from None
    if rows and rows[-1] == [_END]:
        rows.pop()
    else:  # a file cut off (or a quotation mark left open) in its last row: none of it is imported
        raise ImportRefused(_("{file}, row {row}: a quotation mark opened in this row is never closed before the "
                              "end of the file, so the file was probably cut off: nothing was imported from it. "
                              "Correct the row (or save the whole file again) and import it again.").format(
            file=readable_name(path), row=len(rows)))
    if text.strip() and not decoded.endswith(("\n", "\r", "\x1a", '"')):
        # its last value unquoted and no line break after it: a file still being written or copied, that value cut
        raise ImportRefused(no_final_line_break(path))
    return rows


def no_final_line_break(path: Path) -> str:
    """Why the CSV file at ``path``, which does not end with a line break (nor a DOS end-of-file mark) after its
    last row, is refused, for both importers: a file still being written or copied when it was chosen ends in the
    middle of its last value, which would be stored cut. Excel, WPS, LibreOffice and the export libraries end every
    row with a line break; the message says how to import a file that is complete nonetheless."""
    return _("{file} does not end with a line break after its last row, so the export looks incomplete: the file "
             "may still be being written or copied, and its last value may be cut short. "
             "Nothing was imported from it. Export or copy the file again (waiting until it is finished) and import "
             "the new file. If the file is complete, open it in Excel or WPS and save it again as CSV (which ends "
             "it with a line break), then import it.").format(file=readable_name(path))


_END = "\x1f"  # the line read after a CSV file's last (a control character no register holds)

#: DOS's end-of-file mark (Ctrl-Z, U+001A), which old DOS and Windows programs write after a file's last line, with
#: line breaks before or after it
_END_MARK = re.compile("\x1a+[\r\n]*\\Z")
#: how near its end a text is searched for a DOS end-of-file mark: the mark and the line ends after it; a file ending
#: in more than this is refused, its marks read as control characters in a cell
_END_MARK_REACH = 64


#: the delimiters of a CSV file, in the order one is chosen when each splits the lines alike
DELIMITERS = ",\t;"


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV file (both importers), from the first 20 non-blank lines of ``text`` (the file's text
    or its first bytes decoded; only its first 64 kB are looked at): a comma, a tab or a semicolon (the CSV of an
    Excel set to a European language), whichever splits the lines as a delimiter does (``_splitting``): the fewest
    rows left with a stray quotation mark, the most lines, then the most into one same count of cells, then the
    most cells apart; a comma when none splits any (a
    file of one column). A count of cells alone took a comma export for a semicolon file when the text of one
    complaint held more semicolons than its line held commas."""
    lines = [line for line in text[:1 << 16].splitlines()[:20] if line.strip()]
    return max(DELIMITERS, key=lambda d: _splitting(lines, d))


def _splitting(lines: list[str], delimiter: str) -> tuple[int, int, int, int]:
    """How ``delimiter`` splits ``lines`` read as CSV rows, a quoted value as one cell: (fewest rows left with a
    stray quotation mark first, the rows it splits, the most of them it splits into one same count of cells, the
    cells it separates), as csv.Sniffer judges a delimiter by the rows it splits alike and by its quoting. A row it
    leaves ill-formed counts none: a closing quotation mark followed by another character, or a cell holding an odd
    count of quotation marks — values quoted in a file of another delimiter, read apart at the delimiters inside them
    (a quoted complaint of several lines, each with semicolons, was read as as many semicolon rows)."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    lengths: list[int] = []
    stray = 0
    for _line in lines:  # a row takes a line or more: never more rows than lines
        try:
            row = next(reader, None)
        except csv.Error:
            continue
        if row is None:
            break
        if any(cell.count('"') % 2 for cell in row):
            stray += 1
            continue
        lengths.append(len(row))
    split = Counter(n for n in lengths if n > 1)
    return -stray, sum(split.values()), max(split.values(), default=0), sum(n - 1 for n in lengths)


def without_end_mark(text: str) -> str:
    """The text of a CSV file without a DOS end-of-file mark at its very end: it ends the file, read as a row it was
    a row of errors. One anywhere else is a control character in a cell, refused as such (``text_problem``)."""
    if "\x1a" not in text[-_END_MARK_REACH:]:  # the whole text of a large register is not searched for it
        return text
    head, tail = text[:-_END_MARK_REACH], text[-_END_MARK_REACH:]
    return head + _END_MARK.sub("", tail)


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # a compound file: a legacy .xls, or an .xlsx encrypted with a password
# the stream Excel encrypts an .xlsx (or .xlsm) into, in a compound file: its name in the directory is UTF-16LE
ENCRYPTED_STREAM = "EncryptedPackage"
# the stream a legacy workbook (.xls) keeps its sheets in: Workbook (Excel 97 on), Book (Excel 5 and 95)
LEGACY_STREAMS = ("Workbook", "Book")


def workbook_problem(path: Path, exc: BaseException) -> str:
    """Why the workbook at ``path`` cannot be read and what to do, for both importers, in the officer's words (the
    reader's own exception says ZipError or PasswordError, in English): Excel's lock file chosen in place of the
    workbook, a workbook protected by a password, a file another program keeps from being read, else a damaged
    or incomplete one."""
    if path.name.startswith("~$"):
        return _("{file} is the lock file Excel or WPS keeps next to a workbook while it is open, not a workbook: "
                 "choose {original} itself (saved in Excel or WPS).").format(file=readable_name(path),
                                                                           original=_locked_workbook(path))
    if isinstance(exc, OSError):
        return unreadable(path, exc)
    if password_protected(path.suffix, path, exc):
        return _("{file} is protected by a password, so it cannot be read: open it in Excel or WPS, remove the "
                 "password (File > Info > Protect Workbook), save it and import it again.").format(
            file=readable_name(path))
    if path.suffix.lower() != ".xls" and set(LEGACY_STREAMS) & (compound_streams(path) or set()):
        # a legacy workbook named as an .xlsx is (calamine reads a workbook as its name says): renamed, it is read
        return _("{file} is an older Excel workbook (.xls) whose name ends in {suffix}: rename it to {name} and "
                 "import it again (or open it in Excel or WPS and save it as .xlsx).").format(
            file=readable_name(path), suffix=path.suffix,
            name=readable_name(path.with_suffix(".xls")))
    if (real := _real_format(path)) and (path.suffix.lower() == ".xls" or real == "CSV"):
        # an .xlsx, or a CSV, saved under an .xls name (WPS "save as", a system's export), or a CSV under an .xlsx
        # one: renamed, it is read (a zip named .xlsx that cannot be read is a damaged workbook, said below)
        return _renamed(path, real)
    return _("{file} cannot be read as a spreadsheet: it may be damaged, incomplete or not really an Excel file; "
             "open it in Excel or WPS, save it again as .xlsx and import it again.").format(file=readable_name(path))


def workbook_named_as_text(path: Path, head: bytes) -> str | None:
    """The refusal of a file read as text (a .csv) whose first bytes ``head`` are a workbook's: an .xlsx (a zip
    archive) or a legacy .xls (a compound file) saved under a .csv name, which read as text was said to be neither
    UTF-8 nor GB18030. Renamed, it is read; None for any other file."""
    if head.startswith(b"PK\x03\x04"):
        real = "XLSX"
    elif head.startswith(OLE_MAGIC):  # a legacy workbook, or an .xlsx protected by a password (said once renamed)
        real = "XLSX" if ENCRYPTED_STREAM in (compound_streams(path) or set()) else "XLS"
    else:
        return None
    return _renamed(path, real)


def _renamed(path: Path, kind: str) -> str:
    """The refusal of a file whose content is of ``kind`` ("XLSX", "XLS", "CSV") and its name's ending another's:
    renamed to that kind's ending, it is read."""
    return _("{file} is really a file of type {kind} whose name ends in {suffix}: rename it to {name} and import it "
             "again.").format(file=readable_name(path), kind=kind, suffix=path.suffix,
                              name=readable_name(path.with_suffix("." + kind.lower())))


def _real_format(path: Path) -> str | None:
    """What a file named .xls (or .xlsx) that its reader refused really is, told by its first bytes: "XLSX" (a zip
    archive, as an .xlsx is), "CSV" (text with commas or tabs in its first line), else None."""
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04"):
        return "XLSX"
    if head.startswith(OLE_MAGIC) or b"\x00" in head:
        return None
    first = head.split(b"\n", 1)[0]  # commas and tabs are the same byte in UTF-8 and GB18030
    return "CSV" if first.strip() and (b"," in first or b"\t" in first) else None


def _locked_workbook(lock: Path) -> str:
    """The name of the workbook a lock file ``~$…`` stands for: Excel writes ``~$`` before a short name and in
    place of the first two characters of a longer one, so the workbook next to it ending the same is looked for."""
    rest = lock.name[2:]
    try:
        names = sorted(p.name for p in lock.parent.iterdir() if p.name.endswith(rest) and not p.name.startswith("~$"))
    except OSError:
        names = []
    return readable_name(min(names, key=len) if names else rest)


def password_protected(suffix: str, data: bytes | Path, exc: BaseException) -> bool:
    """Whether a workbook the reader refused with ``exc`` is protected by a password: Excel encrypts an .xlsx into
    a compound file holding the stream ``ENCRYPTED_STREAM`` (``data``: the file's bytes, or its path) — a legacy
    .xls is a compound file too, without it, whatever its name ends in —, or the reader says so. A compound file
    named .xlsx whose directory cannot be read (cut short) may be either: taken, as before, for an encrypted one."""
    names = compound_streams(data)
    if names is None:
        encrypted = suffix.lower() in (".xlsx", ".xlsm") and _starts_compound(data)
    else:
        encrypted = ENCRYPTED_STREAM in names
    return encrypted or "password" in f"{type(exc).__name__} {exc}".lower()


def _starts_compound(data: bytes | Path) -> bool:
    if isinstance(data, Path):
        try:
            with data.open("rb") as fh:
                data = fh.read(len(OLE_MAGIC))
        except OSError:
            return False
    return data.startswith(OLE_MAGIC)


_FREE = 0xFFFFFFFA  # a sector number from here on marks the end of a chain or a sector unused, never a sector
_MOST_SECTORS = 1 << 16  # the directory and FAT sectors followed at most: a loop in a damaged file ends


def compound_streams(data: bytes | Path) -> set[str] | None:
    """The names in the directory of a compound file (storages and streams: ``Workbook``, ``EncryptedPackage`` …),
    ``data`` its bytes or its path; None when it is no compound file or its header or directory cannot be read.
    Only the header, the FAT sectors on the way and the directory's sectors are read, not the whole file."""
    if isinstance(data, Path):
        try:
            with data.open("rb") as fh:
                return _directory_names(lambda offset, size: (fh.seek(offset), fh.read(size))[1])
        except OSError:
            return None
    return _directory_names(lambda offset, size: data[offset:offset + size])


def _directory_names(read: Callable[[int, int], bytes]) -> set[str] | None:
    def number(block: bytes, at: int) -> int:
        return int.from_bytes(block[at:at + 4], "little")

    header = read(0, 512)
    if len(header) < 512 or not header.startswith(OLE_MAGIC) or header[0x1C:0x1E] != b"\xfe\xff":
        return None
    shift = int.from_bytes(header[0x1E:0x20], "little")
    if shift not in (9, 12):  # sectors of 512 bytes (version 3) or 4096 (version 4)
        return None
    size = 1 << shift
    per_sector = size // 4

    def sector(n: int) -> bytes:
        block = read((n + 1) * size, size)
        if len(block) < size:
            raise ValueError("cut short")
        return block

    # the FAT's sectors: the first 109 named in the header, the others in a chain of DIFAT sectors
    fat = [n for i in range(109) if (n := number(header, 0x4C + 4 * i)) < _FREE]
    difat, left = number(header, 0x44), number(header, 0x48)
    try:
        while difat < _FREE and left > 0 and len(fat) < _MOST_SECTORS:
            block = sector(difat)
            fat += [n for i in range(per_sector - 1) if (n := number(block, 4 * i)) < _FREE]
            difat, left = number(block, size - 4), left - 1
        names, current, seen = set(), number(header, 0x30), set()
        while current < _FREE and current not in seen and len(seen) < _MOST_SECTORS:
            seen.add(current)
            block = sector(current)
            for at in range(0, size, 128):  # entries of 128 bytes: the name in UTF-16LE, its length in bytes at 0x40
                length, kind = int.from_bytes(block[at + 0x40:at + 0x42], "little"), block[at + 0x42]
                if kind in (1, 2, 5) and 2 <= length <= 64 and length % 2 == 0:
                    names.add(block[at:at + length - 2].decode("utf-16-le", errors="replace"))
            index, place = divmod(current, per_sector)
            if index >= len(fat):
                return None
            current = number(sector(fat[index]), 4 * place)
    except ValueError:
        return None
    return names or None


def _not_a_spreadsheet(path: Path, exc: Exception) -> ImportRefused:
    return ImportRefused(workbook_problem(path, exc))


def _open_workbook(path: Path):
    """The calamine workbook of ``path`` and the names of its worksheets (``shown_sheets``)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = shown_sheets(workbook)
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
        raise _not_a_spreadsheet(path, exc) from None
    return workbook, names


def shown_sheets(workbook) -> list[str]:
    """The names of a calamine workbook's worksheets the officer sees, in its order: chart and macro sheets hold no
    rows, and a hidden sheet (last month's register, a lookup table) is not the one the officer means to import —
    read first, it was imported in place of the visible one. A workbook whose worksheets are all hidden (Excel
    allows none such; other writers may) gives them all."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    sheets = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    return [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible] or [m.name for m in sheets]


def hidden_sheets(path: str | Path, heartbeat: Heartbeat | None = None) -> Iterator[tuple[str, list[list]]]:
    """The worksheets of a workbook that ``read_sheets`` leaves out as hidden (``shown_sheets``), as it gives the
    others, each read only when the one before it has been used: none of a CSV file, nor of a workbook whose
    worksheets are all hidden (all are read then). A refusal finding no register among the sheets shown names one
    of these that holds it, to be unhidden."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    path = Path(path)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        return
    beat = heartbeat or (lambda: None)
    workbook, shown = _open_workbook(path)
    try:
        for meta in workbook.sheets_metadata:
            if meta.typ == SheetTypeEnum.WorkSheet and meta.visible != SheetVisibleEnum.Visible and \
                    meta.name not in shown:
                yield meta.name, _sheet_rows(path, workbook, meta.name, heartbeat, beat)
    finally:
        try:
            workbook.close()
        except Exception:  # noqa: BLE001 - as read_sheets releases it
            pass


def _sheet_rows(path: Path, workbook, name: str, heartbeat: Heartbeat | None, beat: Heartbeat) -> list[list]:
    error_cells = scanning(path, name)  # the cells showing a formula error, looked for while the sheet is parsed
    try:
        # parsing the sheet takes seconds for 10,000s of rows: its progress is said and Cancel heard meanwhile
        # the heartbeat says the file is being read and raises Cancelled when the officer cancels
        sheet = waiting(lambda: workbook.get_sheet_by_name(name), heartbeat, 0.1)
        rows = sheet.to_python(skip_empty_area=False)
    except Cancelled:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
        raise _not_a_spreadsheet(path, exc) from None
    cells = SheetRows()
    for index, row in enumerate(rows):
        if index % HEARTBEAT_ROWS == 0:
            beat()
        cells.append([_cell(value) for value in row])
    for (row, column), code in error_cells().items():  # read as empty: said as the errors they show
        if row < len(cells) and column < len(cells[row]):
            cells[row][column] = ErrorCell(code)
    cells.merged = merged_down(sheet)
    return cells


class SheetRows(list):
    """A worksheet's rows (``read_sheets``) with its ranges merged over several rows (``merged_down``), which the
    importer fills below its header (``fill_merged``)."""

    merged: tuple[tuple[int, int, int, int], ...] = ()


def merged_down(sheet) -> tuple[tuple[int, int, int, int], ...]:
    """The ranges of a calamine sheet merged over more than one row, as (first row, last row, first column, last
    column) from 0 for A1, top first; () for none (an .ods, whose merges calamine does not read). Read once a
    sheet: a range within one row (a title or a 合计 label across the columns) is left out, its text being the
    row's first."""
    try:
        ranges = sheet.merged_cell_ranges
    except Exception:  # noqa: BLE001 - a merge list calamine cannot read is no reason to refuse the rows
        return ()
    return tuple(sorted((top, bottom, left, right) for (top, left), (bottom, right) in ranges or ()
                        if bottom > top))


def fill_merged(rows: list[list], below: int, left_alone=None) -> None:
    """Give each cell of a range merged over several rows (``SheetRows.merged``) that starts below the header row
    ``below`` (index from 0) the value of its top-left cell, the only one a workbook keeps: the value the officer
    sees there (所属区 南海区 merged down over the cases of that district). The header's own merges are read by the
    header's logic. Only the rows of such ranges are touched; rows without any (a CSV file's) cost nothing.
    ``left_alone(row)``, asked of each row in a range before any is filled: a row not to fill (a 小计 row the
    district's cell is merged down over, which filled would no longer read as a total)."""
    ranges = [(top, bottom, left, right) for top, bottom, left, right in getattr(rows, "merged", ())
              if below < top < len(rows)]
    if not ranges:
        return
    kept = set()
    if left_alone is not None:
        kept = {index for top, bottom, _left, _right in ranges for index in range(top + 1, min(bottom, len(rows) - 1)
                                                                                   + 1) if left_alone(rows[index])}
    for top, bottom, left, right in ranges:
        _fill_range(rows, top, bottom, left, right, kept)


def _fill_range(rows: list[list], top: int, bottom: int, left: int, right: int, kept=frozenset()) -> None:
    value = rows[top][left] if left < len(rows[top]) else ""
    for index in range(top, min(bottom, len(rows) - 1) + 1):
        if index in kept:
            continue
        row = rows[index]
        if len(row) <= right:
            row.extend([""] * (right + 1 - len(row)))
        row[left:right + 1] = [value] * (right + 1 - left)


def filling_merged(numbered: Iterator[tuple[int, list]], ranges: Iterable[tuple[int, int, int, int]],
                   first_column: int = 0) -> Iterator[tuple[int, list]]:
    """``numbered`` ((row number from 1, cells) of a sheet's rows below its header, streamed; cells from the
    sheet's column ``first_column``), the cells of its ranges merged over several rows (``merged_down``) starting
    in those rows given their top-left cell's value as ``fill_merged`` gives them; ``numbered`` itself when no
    such range starts there."""
    ranges = [(top, bottom, left - first_column, right - first_column) for top, bottom, left, right in ranges
              if right >= first_column]
    if not ranges:
        return numbered
    return _filled_stream(numbered, ranges)


def _filled_stream(numbered: Iterator[tuple[int, list]],
                   ranges: list[tuple[int, int, int, int]]) -> Iterator[tuple[int, list]]:
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for top, bottom, left, right in ranges:
        starts.setdefault(top, []).append((bottom, max(left, 0), right))
    open_ranges: list[tuple[int, int, int, object]] = []  # (last row, first column, last column, value)
    for number, row in numbered:  # a range starting in the header, above the first row given, is left to it
        index = number - 1
        if index in starts:
            for bottom, left, right in starts.pop(index):
                open_ranges.append((bottom, left, right, row[left] if left < len(row) else ""))
        if open_ranges:
            for _bottom, left, right, value in open_ranges:
                if len(row) <= right:
                    row.extend([""] * (right + 1 - len(row)))
                row[left:right + 1] = [value] * (right + 1 - left)
            open_ranges = [r for r in open_ranges if r[0] > index]
        yield number, row


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def normalize_header(text) -> str:
    """Header text compared without spaces, stars, line breaks and with full-width brackets."""
    text = str(text).strip().replace("\n", "").replace(" ", "").replace("\u3000", "").replace("*", "")
    return text.replace("(", "（").replace(")", "）")


#: a note in brackets ending a header as ``normalize_header`` writes it (案件编号（文号）, 立案日期（年月日）, 涉案信息条数（条）)
_HEADER_NOTE = re.compile(r"（[^（）]*）$")
#: a note stating a unit of ten thousands or another multiple (罚款金额（万元）, 涉案信息（万条））: it changes how the
#: column's values read, so the header is not read without it
_MULTIPLE_NOTE = re.compile(r"[万萬千百亿億]")


def header_without_note(key: str) -> str:
    """A header (as ``normalize_header`` writes it) without the note in brackets ending it (案件编号 of 案件编号（文号）),
    the header itself when it has none, is nothing but a note, or its note states a multiple (罚款金额（万元）)."""
    match = _HEADER_NOTE.search(key)
    if match is None or match.start() == 0 or _MULTIPLE_NOTE.search(match.group()):
        return key
    return key[:match.start()]


def header_field(lookup: dict[str, str], cell, exact: Iterable[str] = (), row: Iterable = ()) -> str | None:
    """The field a header cell names in ``lookup`` ({normalised header wording: field}): its text as written, else
    without a note in brackets ending it (``header_without_note``) unless that names a field of ``exact`` (one whose
    note may change what the column holds: 统一社会信用代码（经营者）) or one a cell of ``row`` (the header row the cell
    is in) names as written (当事人（住所） beside 当事人: the party's address, no second column of the party); None
    for an empty cell or one naming no field."""
    if cell in (None, ""):
        return None
    key = normalize_header(cell)
    found = lookup.get(key)
    if found is None and (bare := header_without_note(key)) != key:
        found = lookup.get(bare)
        if found in exact or (found is not None and any(
                lookup.get(normalize_header(other)) == found for other in row if other not in (None, ""))):
            return None
    return found


def header_line(row: Iterable, text: Callable[[object], str] = str) -> list[str]:
    """A header row's texts as two headers are compared (a later sheet's with the first's, a row repeating the
    header): each cell's ``text`` (normalised or as written; '' for an empty cell), without the empty ones after the
    last (a sheet's rows are as wide as its widest)."""
    texts = ["" if c is None else text(c) for c in row]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def find_header(rows: list[list], synonyms: dict[str, Iterable[str]], scan: int = 20,
                exact: Iterable[str] = ()) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first ``scan`` rows and {field: column} of it: the row that
    matches the most header synonyms ((-1, {}) when no row matches any), a header read without a note in brackets
    ending it when it names no field with it, but not one of the fields ``exact`` nor one another column of the
    row names as written (``header_field``)."""
    lookup = {normalize_header(s): field for field, words in synonyms.items() for s in words}
    best: tuple[int, dict[str, int]] = (-1, {})
    for index, row in enumerate(rows[:scan]):
        mapping: dict[str, int] = {}
        for column, cell in enumerate(row):
            field = header_field(lookup, cell, exact, row)
            if field and field not in mapping:
                mapping[field] = column
        if len(mapping) > len(best[1]):
            best = (index, mapping)
    return best
