"""Streaming the rows of a complaint export without holding the file in memory: .xlsx and .xls row by row
through python-calamine (the sheets after the first that repeat its header too: an export of a month a sheet),
.csv line by line in UTF-8, UTF-8 with BOM or GB18030 (a line in another encoding refuses the file, naming its row);
and the header texts of one header row or of a two-row header whose upper row holds merged group cells ("联系信息 /
来电号码")."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from workstation.errors import Cancelled, ImportRefused
from workstation.i18n import _
from workstation.importing.cell_errors import scanning
from workstation.importing.tables import (
    LongCsvCells,
    csv_delimiter,
    filling_merged,
    header_line,
    merged_down,
    missing_file,
    no_final_line_break,
    overlong_line,
    readable_name,
    readable_path,
    shown_sheets,
    unreadable,
    utf16_problem,
    without_end_mark,
    workbook_named_as_text,
    workbook_problem,
)
from workstation.progress import CancelToken, cancellable

SUFFIXES = (".xlsx", ".xls", ".csv")
HEAD_BYTES = 1 << 16
CSV_DEFAULT_CELL = 131_072  # the csv module's own limit on a cell, in characters (raised: ``LongCsvCells``)
END = "\x1f"  # the line read after the last of a CSV file (a control character no export contains)


def check_export_path(path: Path) -> None:
    """Refuse what cannot be a complaint export: no file, a folder, an empty file, another format."""
    if not path.exists():
        raise ImportRefused(missing_file(path))
    if path.is_dir():
        raise ImportRefused(_("{file} is a folder: choose export files (.xlsx, .xls or .csv).").format(
            file=readable_path(path)))
    if not path.is_file():  # a pipe or a device: its size says 0 and reading it would wait for ever
        raise ImportRefused(_("{file} is not a file but a pipe or a device: choose the exported file itself.").format(
            file=readable_path(path)))
    if path.suffix.lower() not in SUFFIXES:
        raise ImportRefused(_("{file}: {suffix} files cannot be imported; the supported formats are .xlsx, .xls "
                              "and .csv. Export the complaints again in one of them.").format(
            file=readable_name(path), suffix=path.suffix or _("files without an extension")))
    if path.stat().st_size == 0:
        raise ImportRefused(_("{file} is empty (0 bytes): export the complaints again.").format(
            file=readable_name(path)))


def cell_text(value) -> str:
    """A cell as text: whole numbers without '.0', date-times as YYYY-MM-DD HH:MM:SS."""
    kind = type(value)
    if kind is str:
        return value
    if kind is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if kind is dt.datetime:
        return value.isoformat(" ", "seconds")
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return "" if value is None else str(value)


class ExportRows:
    """The rows of one export: iterating gives the cell lists of rows 1, 2, 3 … of the file (a C-level
    iterator where possible, so reading costs little more than the csv module or calamine themselves);
    ``refusal`` explains an error raised while iterating; ``position(row)`` and ``total`` measure progress
    (bytes for a CSV, rows for a workbook)."""

    path: Path
    total: int = 0
    errors: tuple[type[BaseException], ...] = ()
    first_column = 0  # the column (from 0 = A) of a row's first cell
    sheet: str | None = None  # the sheet the rows come from once past the first (a workbook's later sheets)
    sheets_left_out: tuple[str, ...] | list[str] = ()  # the sheets not read: their header is not the first's

    def below_header(self, head: list[list], used: int, stream: Iterator[list], header: list[str], scan_rows: int,
                     entering: Callable[[int], None] | None = None) -> Iterator[tuple[int, list]]:
        """(row number, cells) of the complaint rows below the header's ``used`` rows: the rest of ``head`` (the
        first rows, read to find the header) and those of ``stream`` after it. A workbook adds the rows of its
        later sheets (``WorkbookRows``); ``header`` (the header texts), ``scan_rows`` and ``entering`` are for
        those."""
        return enumerate(itertools.chain(head[used:], stream), used + 1)

    @property
    def named(self) -> str:
        """The file as a message names the row being read: its name, with the sheet once past the first."""
        if self.sheet is None:
            return readable_name(self.path)
        return _("{file}, sheet {sheet}").format(file=readable_name(self.path), sheet=self.sheet)

    def position(self, row: int) -> int:
        """How far reading has come when ``row`` was read, in the unit of ``total``."""
        return row

    def estimated_rows(self) -> int:
        """About how many rows the file holds."""
        return self.total

    def __iter__(self) -> Iterator[list]:
        raise NotImplementedError

    def refusal(self, exc: BaseException, row: int) -> ImportRefused:
        """The officer's message for an error of ``errors`` raised while reading ``row``."""
        raise NotImplementedError

    def check_end(self, last: list | None, row: int, cut_short: int, last_read: bool) -> None:
        """Refuse a file whose rows did not end as they should: ``last`` is the last row read (row ``row``),
        ``cut_short`` the number of the last row stored if it had fewer cells than the header, else 0;
        ``last_read`` whether the last row was read as a complaint (not a total or note row left out)."""

    def close(self) -> None:
        """Release the file."""


class _MixedEncoding(Exception):
    """A line of a GB18030 file is UTF-8."""


class CsvRows(ExportRows):
    """A CSV export; the encoding is found from its first 64 kB (BOM, else UTF-8 if that decodes, else
    GB18030) and every line must then decode in it."""

    errors = (UnicodeDecodeError, _MixedEncoding, csv.Error)

    def __init__(self, path: Path):
        self.path = path
        self.total = path.stat().st_size
        self._fh = path.open("rb", buffering=1 << 20)
        # a rightly quoted cell as long as a line may be (a complaint text of 150,000 characters) is read, until
        # ``close``; a line longer is refused below before it is read
        self._long_cells = LongCsvCells()
        try:
            head = self._fh.read(HEAD_BYTES)
            self._fh.seek(0)
            self.encoding, self.bom = _detect_encoding(path, head)
            self.delimiter = csv_delimiter(head.decode(self.encoding, errors="replace"))
            self._refuse_nul()
            overlong = overlong_line(path, self._fh)  # before a line of megabytes is read whole
            if overlong is not None:
                raise overlong
        except BaseException:
            self.close()
            raise
        self._line_bytes = len(head) / max(1, head.count(b"\n"))

    def _refuse_nul(self) -> None:
        """Refuse a file holding a NUL character (a copy cut short and filled with zeros, a binary file named
        .csv), naming the row of the first: the csv module would read it into a complaint. The bytes are scanned
        in blocks before any row is read (memory stays flat); the row is only looked for in a refused file."""
        found = False
        while block := self._fh.read(1 << 20):
            if b"\x00" in block:
                found = True
                break
        self._fh.seek(0)
        if not found:
            return
        with self.path.open("rb") as fh:
            lines = (raw.decode(self.encoding, errors="replace") for raw in fh)
            row = next((n for n, cells in enumerate(csv.reader(lines, delimiter=self.delimiter), 1)
                        if any("\x00" in cell for cell in cells)), None)
        named = readable_name(self.path)
        where = _("{file}, row {row}").format(file=named, row=row) if row else named
        raise refused(self.path, row, _("{where}: the row holds a NUL character (a zero byte), so the file is "
                                        "damaged or not a text CSV file. Export the complaints again as CSV and "
                                        "import the new file.").format(where=where))

    def position(self, row: int) -> int:
        return self._fh.tell()

    def estimated_rows(self) -> int:
        return int(self.total / self._line_bytes)

    def __iter__(self) -> Iterator[list]:
        # the END line after the file's last is read as a row of its own, unless the file ends inside a quoted
        # value (an opening quotation mark never closed: the csv module then silently reads the rest of the
        # file into one cell); see ``check_end``
        if self.encoding == "utf-8":
            # kept: the wrapper closes the file when it is collected (chain lets go of it at its end)
            self._text = io.TextIOWrapper(self._fh, encoding="utf-8-sig" if self.bom else "utf-8", newline="")
            return csv.reader(itertools.chain(_last_without_end_mark(self._text), (END,)), delimiter=self.delimiter)
        if self.bom:  # GB18030 behind a UTF-8 byte order mark (some editors add one): the mark is no text
            self._fh.seek(len(codecs.BOM_UTF8))
        return csv.reader(itertools.chain(_last_without_end_mark(self._gb18030_lines()), (END,)),
                          delimiter=self.delimiter)

    def _gb18030_lines(self) -> Iterator[str]:
        for raw in self._fh:
            line = raw.decode("gb18030")
            # GB18030 decodes almost any bytes: a line that is valid UTF-8 with Chinese in it was not written
            # in GB18030
            if not raw.isascii() and _is_utf8(raw):
                raise _MixedEncoding
            yield line

    def refusal(self, exc: BaseException, row: int) -> ImportRefused:
        if isinstance(exc, csv.Error):  # its text is English: the one a reader meets is a value over the size limit
            return refused(self.path, row, _("{file}, row {row}: a value here is too long to be read as one cell, "
                                             "most likely because a quotation mark opened in it is never closed. "
                                             "Correct the row and import the file again.").format(
                file=readable_name(self.path), row=row))
        if isinstance(exc, UnicodeDecodeError):
            row = self._failing_row()
            if self._ends_mid_character():
                return cut_mid_character(self.path, row)
        return mixed_encodings(self.path, row, self.encoding)

    def _ends_mid_character(self) -> bool:
        """Whether the bytes that do not decode are the file's last: an incomplete character at its end."""
        with self.path.open("rb") as fh:
            fh.seek(0, io.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            tail = fh.read()
        if len(tail) == 4096:  # start at a line, so that the tail starts with a whole character
            tail = tail[tail.find(b"\n") + 1:] if b"\n" in tail else tail
        return _cut_at_end(tail, self.encoding)

    def _failing_row(self) -> int:
        """The row holding the first line that does not decode (the reader reads ahead, so it is found again
        by decoding line by line)."""
        with self.path.open("rb") as fh:
            def lines():
                for raw in fh:
                    try:
                        yield raw.decode(self.encoding)
                    except UnicodeDecodeError:
                        return

            reader = csv.reader(lines(), delimiter=self.delimiter, strict=True)
            complete = 0
            try:
                for _cells in reader:
                    complete += 1
            except csv.Error:
                pass  # the bad line cut a quoted value short
            return complete + 1

    def check_end(self, last: list | None, row: int, cut_short: int, last_read: bool) -> None:
        """Refuse a file that ends inside a quoted value, or (``tables.no_final_line_break``) with no line break
        (nor a DOS end-of-file mark, which its program writes once the file is whole) after a last row the import
        read as a complaint (``last_read``: stored, or refused for its values); a total or note row left out at the
        end, or a last value closed by its quotation mark, is no value cut."""
        if not last or last[0] != END:
            if last and max(map(len, last)) > CSV_DEFAULT_CELL:  # refused as too long before ``LongCsvCells``
                raise self.refusal(csv.Error(), row)
            raise refused(self.path, row, _("{file}, row {row}: a quotation mark opened in this row is never closed, "
                                            "so the rest of the file would be read as one value. Correct the row and "
                                            "import the file again.").format(file=readable_name(self.path), row=row))
        end = self._last_byte()
        if end in (b"\n", b"\r", b"\x1a"):
            return
        if cut_short and cut_short == row - 1:
            raise refused(self.path, cut_short, _(
                "{file}, row {row}: the last row is cut short (fewer cells than the header and no line break at "
                "the end): the export may be incomplete. Export the complaints again and import the new "
                "file.").format(file=readable_name(self.path), row=cut_short))
        # its last row as long as the header, but its last value may be cut all the same (13900000005 read as
        # 139000, stored under its work-order number, and the whole file's row then a conflict of that number)
        if last_read and end != b'"':
            raise refused(self.path, row - 1, no_final_line_break(self.path))

    def _last_byte(self) -> bytes:
        """The file's last byte."""
        with self.path.open("rb") as fh:
            fh.seek(-1, io.SEEK_END)
            return fh.read(1)

    def close(self) -> None:
        self._fh.close()
        self._long_cells.release()


def _last_without_end_mark(lines: Iterator[str]) -> Iterator[str]:
    """``lines``, the last of them without a DOS end-of-file mark at its end (``tables.without_end_mark``): a mark
    written after the last value, with no line break before it, is no text of that value (stored without it, the
    complaint was said to hold a control character); a line of the mark alone is left out."""
    last = next(lines, None)
    for line in lines:
        yield last
        last = line
    if last is not None and (last := without_end_mark(last)):
        yield last


def _is_utf8(raw: bytes) -> bool:
    return _decodes(raw, "utf-8")


def _detect_encoding(path: Path, head: bytes) -> tuple[str, bool]:
    """The encoding of a CSV from its first bytes, and whether they begin with a UTF-8 byte order mark: that of
    the first line with Chinese in it (UTF-8 if it decodes so, else GB18030); a later line of those bytes in another
    encoding means a file of mixed encodings. Behind a byte order mark the text is UTF-8 as it says, or GB18030 all
    through (saved so by an editor that adds the mark anyway), which the register import reads too."""
    if head.startswith(codecs.BOM_UTF8):
        body = head[len(codecs.BOM_UTF8):]
        if len(head) == HEAD_BYTES:  # whole lines only: the last may be cut in the middle of a character
            body = body[:body.rfind(b"\n") + 1]
        return _detect_encoding(path, body)[0], True
    problem = utf16_problem(path, head) or workbook_named_as_text(path, head)
    if problem:
        raise refused(path, None, problem)
    lines = head.split(b"\n")
    if len(head) == HEAD_BYTES:
        lines.pop()  # may be cut in the middle of a character
    encoding = None
    for row, line in enumerate(lines, 1):
        if line.isascii():
            continue
        utf8 = _is_utf8(line)
        if encoding is None and (utf8 or _decodes(line, "gb18030")):
            encoding = "utf-8" if utf8 else "gb18030"
        elif encoding is None:
            row = _row_of_line(lines[:row - 1], "utf-8")
            raise refused(path, row, _("{file}, row {row}: the text is neither UTF-8 nor GB18030; save the file as "
                                       "UTF-8 CSV and import it again.").format(file=readable_name(path), row=row))
        elif utf8 != (encoding == "utf-8") or not _decodes(line, encoding):
            if row == len(lines) and len(head) < HEAD_BYTES and _cut_at_end(line, encoding):
                raise cut_mid_character(path, _row_of_line(lines[:row - 1], encoding))
            raise mixed_encodings(path, _row_of_line(lines[:row - 1], encoding), encoding)
    return encoding or "utf-8", False


def _row_of_line(before: list[bytes], encoding: str) -> int:
    """The row (as the CSV reader counts them, a quoted value over several lines in one row) that holds the
    line after the lines ``before``."""
    text = b"\n".join(before).decode(encoding, errors="replace") + ("\n" if before else "")
    rows = list(csv.reader(itertools.chain(io.StringIO(text, newline=""), (END,)),
                           delimiter=csv_delimiter(text)))
    # END is a row of its own after complete rows (the line starts the next row), else it is read into the last
    # row, which the line continues: either way the count of rows read is the line's row
    return len(rows)


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _cut_at_end(raw: bytes, encoding: str) -> bool:
    """Whether ``raw`` decodes in ``encoding`` but for an incomplete character at its very end."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(raw, final=False)
    except UnicodeDecodeError:
        return False  # bytes in the middle do not decode
    return not _decodes(raw, encoding)


def cut_mid_character(path: Path, row: int) -> ImportRefused:
    return refused(path, row, _("{file}, row {row}: the file ends in the middle of this row, inside a character: "
                                "it is an incomplete copy or download. Copy, download or export the file again "
                                "in full and import the new file.").format(file=readable_name(path), row=row))


def mixed_encodings(path: Path, row: int, encoding: str) -> ImportRefused:
    name = {"utf-8": "UTF-8", "gb18030": "GB18030"}[encoding]
    return refused(path, row, _("{file}, row {row}: this row is not written in {encoding} like the rows before it "
                                "(the file mixes text encodings); save the whole file again as UTF-8 CSV and import "
                                "it again.").format(file=readable_name(path), row=row, encoding=name))


def refused(path: Path, row: int | None, message: str) -> ImportRefused:
    """The refusal of a file, with the bad row as its one error."""
    return ImportRefused(message, [{"file": readable_name(path), "row": row, "field": None, "message": message}])


class WorkbookRows(ExportRows):
    """The sheets of an .xlsx or .xls export, row by row through python-calamine (which parses a sheet when it is
    opened): the first, where the header is found, then each later one whose header is the same (``below_header``:
    an export of one month a sheet), parsed when its rows are reached; the others are named in
    ``sheets_left_out``."""

    def __init__(self, path: Path, cancel: CancelToken | None = None):
        from python_calamine import CalamineError, CalamineWorkbook

        self.path, self._cancel = path, cancel
        self.sheets_left_out = []
        self._before = 0  # the rows of the sheets read before the one being read (``position``)
        self.errors = (CalamineError, ValueError, OSError)
        try:
            self._workbook = CalamineWorkbook.from_path(str(path))
            # the first sheet the officer sees: a hidden one before it is not the export (``tables.shown_sheets``)
            self.sheet_names = shown_sheets(self._workbook)
            # the header is looked for on the first sheet with anything written on it: an empty sheet before it (a
            # 说明 sheet left blank) holds no header (it was refused for having none) and no complaint either
            for number, first in enumerate(self.sheet_names or [0]):
                # {(row, column) from 0 for A1: "#N/A"}: the cells showing a formula error, which are read as empty;
                # looked for while the sheet is parsed
                error_cells = scanning(path, first)
                # parsing the sheet takes seconds for 100,000s of rows: Cancel is heard meanwhile
                self._sheet = cancellable(lambda first=first: self._workbook.get_sheet_by_name(first)
                                          if isinstance(first, str) else self._workbook.get_sheet_by_index(first),
                                          cancel)
                if self._sheet.end is not None or number + 1 >= len(self.sheet_names):
                    break
                error_cells()  # an empty sheet's scan, ended
            if number and self._sheet.end is not None:  # the sheets before it empty: named as a later sheet is
                self.sheet, self.sheet_names = first, self.sheet_names[number:]
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
            raise self.refusal(exc, 0) from None
        end = self._sheet.end
        self.total = end[0] + 1 if end else 0
        self.first_column = self._sheet.start[1] if self._sheet.start else 0  # rows start at the first used column
        self.error_cells = error_cells()
        self._rows = iter(self._sheet.iter_rows())  # from row 1 of the sheet, leading empty rows included
        self._sheet_rows = self.total
        if len(self.sheet_names) > 1:  # about as many rows on each sheet, until each is parsed: the bar's length
            self.total *= len(self.sheet_names)

    def __iter__(self) -> Iterator[list]:
        return self._rows

    def position(self, row: int) -> int:
        return self._before + row

    def below_header(self, head: list[list], used: int, stream: Iterator[list], header: list[str], scan_rows: int,
                     entering: Callable[[int], None] | None = None) -> Iterator[tuple[int, list]]:
        """The first sheet's rows below its header, then those of each later sheet below the same header (looked
        for in its first ``scan_rows`` rows, a title above it passed over), numbered as the sheet numbers them;
        ``sheet``, ``first_column`` and ``error_cells`` then say that sheet's, and ``entering(rows its header
        takes)`` is called before its first row (the importer's check of its cells). A sheet with another header or
        none is named in ``sheets_left_out``, an empty one passed over. A workbook of one sheet reads as before."""
        # a cell merged down over several complaint rows gives each its value (``tables.filling_merged``)
        first = filling_merged(super().below_header(head, used, stream, header, scan_rows),
                               merged_down(self._sheet), self.first_column)
        if len(self.sheet_names) < 2:
            return first
        return itertools.chain.from_iterable(itertools.chain(
            (first,), self._later_sheets(header_line(header), scan_rows, entering)))

    def _later_sheets(self, header: list[str], scan_rows: int,
                      entering: Callable[[int], None] | None) -> Iterator[Iterator[tuple[int, list]]]:
        for number, name in enumerate(self.sheet_names[1:], 2):
            error_cells = scanning(self.path, name)
            try:
                sheet = cancellable(lambda name=name: self._workbook.get_sheet_by_name(name), self._cancel)
            except Cancelled:
                raise
            except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
                raise self.refusal(exc, 0) from None
            if sheet.end is None:  # nothing written on it: no complaint left out
                error_cells()
                continue
            rows = iter(sheet.iter_rows())
            top = list(itertools.islice(rows, scan_rows))
            used = _header_end(top, header)
            cells = error_cells()
            if used is None:
                self.sheets_left_out.append(name)
                continue
            self._before += self._sheet_rows
            self._sheet_rows = sheet.end[0] + 1
            # the sheets still to read taken as long as this one
            self.total = self._before + self._sheet_rows * (len(self.sheet_names) - number + 1)
            self.sheet, self.error_cells = name, cells
            self.first_column = sheet.start[1] if sheet.start else 0
            if entering is not None:
                entering(used)
            yield filling_merged(enumerate(itertools.chain(top[used:], rows), used + 1), merged_down(sheet),
                                 self.first_column)

    def refusal(self, exc: BaseException, row: int) -> ImportRefused:
        return refused(self.path, row or None, workbook_problem(self.path, exc))

    def close(self) -> None:
        try:
            self._workbook.close()
        except Exception:  # noqa: BLE001 - closing an unreadable workbook has nothing left to release
            pass


def _header_end(top: list[list], header: list[str]) -> int | None:
    """How many of the rows ``top`` (a sheet's first) the header ``header`` (``header_line``) takes with what is above it:
    the row after which its complaints start, the header being one row or two (``two_row_header``); None when no
    row of ``top`` is that header."""
    for i, row in enumerate(top):
        if header_line(header_texts(row)) == header:
            return i + 1
        if i + 1 < len(top) and header_line(two_row_header(row, top[i + 1])) == header:
            return i + 2
        if i + 1 < len(top) and group_row(row, top[i + 1]) and header_line(grouped_header(row, top[i + 1])) == header:
            return i + 2  # under a row of group names
    return None


def open_rows(path: Path, cancel: CancelToken | None = None) -> ExportRows:
    """The row stream of an export file (checked first: see ``check_export_path``); ``cancel`` is heard while a
    workbook's sheet is parsed."""
    check_export_path(path)
    if path.suffix.lower() == ".csv":
        try:
            return CsvRows(path)
        except OSError as exc:  # locked by another program (Windows), no permission to read
            raise refused(path, None, unreadable(path, exc)) from None
    return WorkbookRows(path, cancel)


def header_texts(row: list) -> list[str]:
    """The texts of a one-row header."""
    return [cell_text(c).strip() for c in row]


def two_row_header(top: list, bottom: list) -> list[str]:
    """The texts of a two-row header: a cell of the upper row over several sub-headers (merged, so its value
    is in its first cell only) is joined to each of them as "联系信息 / 来电号码"; a cell spanning both rows
    keeps its own text."""
    width = max(len(top), len(bottom))
    top = header_texts(top) + [""] * (width - len(top))
    bottom = header_texts(bottom) + [""] * (width - len(bottom))
    out, group = [], ""
    for upper, lower in zip(top, bottom, strict=True):
        if upper and lower:
            group = upper
            out.append(f"{upper} / {lower}")
        elif upper:
            group = ""
            out.append(upper)
        else:
            out.append(f"{group} / {lower}" if group and lower else lower)
    return out


def _header_word(value) -> bool:
    """Whether a cell reads as a header word rather than a value: text (not a number or a date cell) holding a
    letter, not a digit, and short."""
    if type(value) is not str:
        return False
    text = value.strip()
    return 0 < len(text) <= 20 and not any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text)


def group_row(top: list, bottom: list) -> bool:
    """Whether ``top`` is a row of group names over the header row ``bottom`` (工单信息 over 工单编号 | 受理时间,
    诉求人信息 over 诉求人 | 来电号码, a 序号 merged down over both rows): at least two cells, each a header word (a
    title row has one cell, or a date or a count in it), and ``bottom`` reads as its sub-headers (``sub_header_row``)."""
    filled = [c for c in top if c not in ("", None) and (type(c) is not str or c.strip())]
    return len(filled) >= 2 and all(map(_header_word, filled)) and sub_header_row(top, bottom)


def grouped_header(top: list, bottom: list) -> list[str]:
    """The texts of a header under a row of group names (``group_row``): the lower row's, a cell merged down over
    both rows (its value in the upper cell, nothing below it) taking the upper row's; a name the lower row repeats
    (联系电话 under 诉求人信息 and under 被投诉方信息) joined to its group as "诉求人信息 / 联系电话", so that the two
    are told apart."""
    joined = two_row_header(top, bottom)
    lower = header_texts(bottom) + [""] * (len(joined) - len(bottom))
    twice = {t for t in lower if t and lower.count(t) > 1}
    return [low if low and low not in twice else whole for low, whole in zip(lower, joined, strict=True)]


def sub_header_row(top: list, bottom: list) -> bool:
    """Whether ``bottom`` is the lower row of a two-row header whose upper row ``top`` reads as a header alone: the
    cells of ``top`` spanning both rows (merged down, their value in the upper cell only) have nothing below them,
    and ``bottom`` fills, with header words only, the cells under a group merged across (诉求人 over 姓名 | 电话:
    its value in its first cell, the cells after it blank) — at least one such continued cell."""
    width = max(len(top), len(bottom))
    upper = header_texts(top) + [""] * (width - len(top))
    lower = list(bottom) + [""] * (width - len(bottom))
    group, continued = False, 0
    for column in range(width):
        below = lower[column]
        filled = below not in ("", None) and (type(below) is not str or below.strip() != "")
        if filled and not _header_word(below):
            return False
        if upper[column]:
            group = filled  # a group's first cell: its sub-header below it
        elif filled:
            if not group:
                return False  # a word under no group
            continued += 1
        else:
            group = False
    return continued > 0
