"""Counting the distinct personal records in a spreadsheet of leaked or bought records (customer lists, owner
lists, SMS-platform exports): the columns of mobile numbers and ID numbers are found by their headers and values,
each value is normalised and checked, and the distinct people are counted — one row is one person, counted when
any of its numbers is valid — every step written out in Chinese, as the case file shows it. ``apply_count``
carries the count into the case's record counts, never replacing a figure the officer typed without being told
to."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workstation.audit import current_actor
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import (
    Cancelled,
    ImportRefused,
    NotFound,
    ValidationError,
    WorkstationError,
    join_reasons,
)
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _
from workstation.importing.tables import (
    SPREADSHEET_SUFFIXES,
    column_letter,
    csv_delimiter,
    decode_csv,
    password_protected,
    without_end_mark,
)
from workstation.masking import mask_text
from workstation.progress import CancelToken, ProgressFn, cancellable, no_progress
from workstation.records import Case, CaseEvent, Evidence, now
from workstation.validators import normalize_mobile, plain_id_valid

PHONE, ID_NUMBER = "phone", "id_number"
COUNTABLE_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".txt")
# header words that name a column (ID words first: "身份证号码" also holds "号码")
HEADER_WORDS = ((ID_NUMBER, ("身份证", "证件号", "公民身份号码", "idcard", "idnumber")),
                (PHONE, ("手机", "电话", "联系方式", "号码", "mobile", "phone")))
KIND_WORDS = {PHONE: "手机号码", ID_NUMBER: "身份证号码"}
# header words of a column of numbers of someone else than the row's person (an emergency contact, the salesman):
# never read as the person's own
OTHER_PERSON_WORDS = ("紧急", "担保", "推荐", "介绍", "经纪", "顾问", "销售", "业务员", "员工", "客服", "坐席")
_DASHES = to_ascii("+") | str.maketrans({"—": "-", "–": "-", "‐": "-", "﹣": "-"})
_FULL_DIGITS = to_ascii(DIGITS + "Xx")
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9Xx]$")
_NON_DIGITS = re.compile(r"\D")
# a whole number written as a float (13800138001.0): the number it is
_WHOLE_FLOAT = re.compile(r"[1-9][0-9]*\.0")
# a number Excel wrote in scientific notation when saving a CSV (13800138000 as 1.38001E+10), or a Java-based export
# without the exponent's sign (1.3800138E10): its last digits are lost, or cannot be told from zeros
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.\d*[eE][+-]?|\d+[eE]\+)\d+")
ASK_KEY = object()  # count_evidence reads the files key itself
SHOWN_ROWS = 10  # rows named of the values that are not valid numbers


@dataclass(frozen=True)
class RecordCount:
    """What was counted in one file: data rows, the distinct valid values of the column counted (``by`` phone or
    ID number), duplicates, blanks and values that are not valid numbers, and how, step by step."""

    file_name: str
    rows: int
    distinct: int
    by: str
    column: str
    duplicates: int
    invalid: int
    blank: int
    steps: tuple[str, ...]
    # the distinct people counted, each as (its ID numbers, its phone numbers), and those of the case's other counted
    # items (by evidence id), so that a record found in two files is counted once in the case (never printed, never
    # stored)
    numbers: frozenset[tuple[frozenset[str], frozenset[str]]] = field(default=frozenset(), repr=False, compare=False)
    others: Mapping[str, frozenset] = field(default_factory=dict, repr=False, compare=False)
    columns: tuple[str, ...] = ()  # the names of the columns of numbers read, ``column`` first
    malformed: tuple[tuple[int, str, str], ...] = ()  # (row, column letter, column name) of each value not valid

    @property
    def summary(self) -> str:
        return "，".join(self.steps)

    def as_dict(self) -> dict:
        return {"file": self.file_name, "rows": self.rows, "distinct": self.distinct, "by": self.by,
                "column": self.column, "columns": list(self.columns or (self.column,)), "duplicates": self.duplicates,
                "invalid": self.invalid, "blank": self.blank, "steps": list(self.steps),
                "malformed": [{"row": row, "column": letter, "header": name} for row, letter, name in self.malformed]}


@dataclass(frozen=True)
class AppliedCount:
    """A count carried into the case: the count, the item with its note and the case as saved."""

    count: RecordCount
    evidence: Evidence
    case: Case


def _text(value) -> str:
    """A cell as text: a whole number as its digits, also where a CSV writes it as a float (13800138001.0, as the
    complaints importer reads a work-order id)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if text.endswith(".0") and _WHOLE_FLOAT.fullmatch(text):
        return text[:-2]
    return text


def as_phone(value) -> str | None:
    """The 11-digit mobile number in a cell (+86, 86-, spaces, dashes, full-width digits allowed), else None."""
    text = _text(value).translate(_DASHES)
    if not 11 <= len(_NON_DIGITS.sub("", text.translate(_FULL_DIGITS))) <= 13:
        return None
    try:
        return normalize_mobile(text)
    except ValueError:
        return None


def as_id_number(value) -> str | None:
    """The 18-character resident ID number in a cell (GB 11643: a real birth date not in the future and a valid
    check character), else None. The region code is not looked up: python-stdnum's table checks that the code
    existed at the birth date and misses codes that did (Nanhai's 440605 and 440682 before 2002), which would drop
    genuine records from the count."""
    text = _text(value).translate(_FULL_DIGITS).replace(" ", "").upper()
    if not _ID_SHAPE.match(text):
        return None
    return text if plain_id_valid(text) else None


PARSERS = {PHONE: as_phone, ID_NUMBER: as_id_number}


def _header_kind(cell) -> str | None:
    text = _text(cell).replace(" ", "").replace("_", "").lower()
    if not text or sum(c.isdigit() for c in text) >= 5:
        return None
    for kind, words in HEADER_WORDS:
        if any(word in text for word in words):
            return kind
    return None


def _parsed_in(rows: list[list], column: int, parse, cancel: CancelToken | None, chunk: int = 50_000) -> list:
    """What ``parse`` makes of each row's cell of ``column`` (None where it is not a valid number), looking at
    ``cancel`` every ``chunk`` rows."""
    parsed: list = []
    for start in range(0, len(rows), chunk):
        if cancel is not None:
            cancel.check()
        parsed += [parse(row[column]) if column < len(row) else None for row in rows[start:start + chunk]]
    return parsed


def _best_column(rows: list[list], progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
                 found: dict[tuple[int, str], list] | None = None) -> tuple[int, str, int] | None:
    """(column, kind, valid values) of the column holding the most valid numbers, never one whose header names
    someone else's (``OTHER_PERSON_WORDS``) while another holds any; a column whose header names the kind wins a
    tie, then phone numbers over ID numbers. Each column is one step of ``progress``; ``found`` is given
    the numbers read in each row of every (column, kind) holding any (so that they are not read twice)."""
    width = max((len(r) for r in rows), default=0)
    hints = {(c, _header_kind(row[c])) for row in rows[:20] for c in range(len(row))}
    # a column of someone else's numbers (紧急联系人电话, the salesman's) is the person's own only in a file without any
    others = {c for row in rows[:20] for c in range(len(row))
              if _header_kind(row[c]) and any(word in _text(row[c]) for word in OTHER_PERSON_WORDS)}
    best, found = None, {} if found is None else found
    for column in range(width):
        progress(column, width + 1, _("Looking for the column of numbers: column {column} of {width}").format(
            column=column + 1, width=width))
        if cancel is not None:
            cancel.check()
        for kind, parse in PARSERS.items():
            parsed = _parsed_in(rows, column, parse, cancel)
            valid = len(parsed) - parsed.count(None)
            if valid:
                found[column, kind] = parsed
            key = (column not in others, valid, (column, kind) in hints, kind == PHONE)
            if valid and (best is None or key > best[0]):
                best = (key, column, kind)
    return (best[1], best[2], best[0][1]) if best else None


def _header_row(rows: list[list], column: int, kind: str) -> int | None:
    """The row holding the column's header: the first of the first 20 rows whose cell names a phone or ID column,
    else the nearest non-numeric cell above the first valid value."""
    cell = lambda row: row[column] if column < len(row) else ""  # noqa: E731
    for index, row in enumerate(rows[:20]):
        if _header_kind(cell(row)):
            return index
    parse = PARSERS[kind]
    first = next(i for i, row in enumerate(rows) if parse(cell(row)))
    for index in range(first - 1, -1, -1):
        text = _text(cell(rows[index]))
        if text:
            return index if sum(c.isdigit() for c in text) < 5 else None
    return None


def _id_columns(rows: list[list], header: int | None, best: tuple[int, str],
                numbers: Mapping[tuple[int, str], list]) -> list[tuple[int, str, str]]:
    """(column, kind, name) of every column of identifying numbers, the best one first: beside it, a column whose
    header names phone or ID numbers and that holds at least one valid one, or in a file without a header a column
    where at least half of the cells filled are valid numbers of one kind (``numbers``: the numbers of each column
    and kind, as ``_best_column`` read them)."""
    width = max((len(r) for r in rows), default=0)
    first = header + 1 if header is not None else 0
    cell = lambda row, c: row[c] if c < len(row) else ""  # noqa: E731
    name = lambda c: _text(cell(rows[header], c)) if header is not None else f"第 {column_letter(c)} 列"  # noqa: E731
    found = [(best[0], best[1], name(best[0]))]
    for column in range(width):
        if column == best[0]:
            continue
        named = _header_kind(cell(rows[header], column)) if header is not None else None
        if named and any(word in _text(cell(rows[header], column)) for word in OTHER_PERSON_WORDS):
            continue
        for kind in (named,) if named else () if header is not None else PARSERS:
            valid = len(rows) - numbers[column, kind].count(None) if (column, kind) in numbers else 0
            if valid and (named or valid * 2 >= sum(1 for row in rows[first:] if _text(cell(row, column)))):
                found.append((column, kind, name(column)))
                break
            # a column named as the person's phone or ID numbers where none is valid (a check digit mistyped on the
            # only ID number) is read all the same, so that its values are listed as not valid, not passed over
            if named and any(_typed_number(cell(row, column)) for row in rows[first:]):
                found.append((column, kind, name(column)))
    return found


def _typed_number(value) -> bool:
    """Whether a cell holds what was meant as a phone or ID number: at least 7 digits."""
    return len(_NON_DIGITS.sub("", _text(value).translate(_FULL_DIGITS))) >= 7


def identities(records: Sequence[tuple[frozenset[str], frozenset[str]]]) -> list[str]:
    """The person each record (its valid ID numbers, its valid phone numbers) is about, as a key: a record with an ID
    number is that ID's person, so two different ID numbers are two people even when they share a phone; a record
    with phone numbers only is the person of an ID record holding one of its phones (a repeat of that person), else
    one person with every record sharing a phone with it."""
    owner: dict[str, str] = {}
    for ids, phones in records:
        for phone in phones if ids else ():
            owner[phone] = min(owner.get(phone, min(ids)), min(ids))
    parent: dict[str, str] = {}

    def root(phone: str) -> str:
        while parent.setdefault(phone, phone) != phone:
            parent[phone] = parent[parent[phone]]
            phone = parent[phone]
        return phone

    for ids, phones in records:
        if not ids and not any(p in owner for p in phones):
            roots = sorted(root(p) for p in phones)
            for other in roots[1:]:
                parent[other] = roots[0]
    keys = []
    for ids, phones in records:
        owned = [owner[p] for p in phones if p in owner]
        keys.append(min(ids) if ids else min(owned) if owned else root(min(phones)))
    return keys


def _merged(records: list[tuple[frozenset[str], frozenset[str]]]) -> frozenset:
    """The distinct people of ``records``: one (ID numbers, phone numbers) pair per ``identities`` key."""
    people: dict[str, tuple[set[str], set[str]]] = {}
    for key, (ids, phones) in zip(identities(records), records, strict=True):
        held = people.setdefault(key, (set(), set()))
        held[0].update(ids)
        held[1].update(phones)
    return frozenset((frozenset(ids), frozenset(phones)) for ids, phones in people.values())


def _column_step(kind: str, name: str, valid: int, blank: int, invalid: int) -> str:
    problems = "，".join(t for t, n in ((f"空白 {blank:,} 行", blank), (f"格式不符 {invalid:,} 个", invalid)) if n)
    return f"{KIND_WORDS[kind]}列“{name}”有效号码 {valid:,} 个" + (f"（{problems}）" if problems else "")


def _malformed_step(malformed: list[tuple[int, int, str]], rows_left_out: set[int], several: bool) -> str:
    """Where the values that are not valid numbers are, as the officer finds them in the file (row, column)."""
    shown = malformed[:SHOWN_ROWS]
    more = "等" if len(malformed) > len(shown) else ""
    if not several:
        listed = "、".join(f"{line:,}" for line, _c, _n in shown)
        return f"格式不符的 {len(malformed):,} 个未计入，在第 {listed} 行{more}，请对照原文件核实"
    listed = "、".join(f"第 {line:,} 行“{name}”（{column_letter(c)} 列）" for line, c, name in shown)
    rows = {line for line, _c, _n in malformed}
    kept = len(rows - rows_left_out)
    fate = "；".join(t for t, n in ((f"其中 {kept:,} 行另有有效号码，已计入", kept),
                                    (f"{len(rows & rows_left_out):,} 行没有有效号码，未计入", len(rows & rows_left_out)))
                     if n)
    return f"格式不符的号码 {len(malformed):,} 个：{listed}{more}；{fate}；请对照原文件核实"


def _named_column_unread(file_name: str, rows: list[list]) -> str | None:
    """Why no record of ``rows`` can be counted although a header of the first 20 rows names phone or ID numbers
    (手机号码, 身份证号): its values are in scientific notation (1.38001E+10, their last digits lost), or none of them
    is a valid number; None when no header names them, or no value is under it. No value is quoted: they are
    personal data."""
    found = []  # (header, column, its values in scientific notation) of each named column holding values
    for index, row in enumerate(rows[:20]):
        for column, cell in enumerate(row):
            if _header_kind(cell):
                values = [text for below in rows[index + 1:]
                          if column < len(below) and (text := _text(below[column]))]
                if values:
                    found.append((_text(cell), column, any(_SCIENTIFIC.fullmatch(v) for v in values)))
    if not found:
        return None
    header, column, scientific = max(found, key=lambda f: f[2])  # a column in scientific notation first
    where = {"file": file_name, "header": header, "column": column_letter(column)}
    if scientific:
        return _("{file}: the column {header} (column {column}) was found, but its numbers are written in scientific "
                 "notation (as 1.38001E+10), which lost their last digits, so no records can be counted. Export the "
                 "list again with that column as text (in Excel or WPS: format the column as text, or number format "
                 "0, before saving it as CSV), add the new file as evidence and count that.").format(**where)
    return _("{file}: the column {header} (column {column}) was found, but none of its values is a valid mobile phone "
             "number or ID number, so no records can be counted. Check the file against the original list.").format(
        **where)


def count_rows(file_name: str, rows: list[list], *, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None) -> RecordCount:
    """Count the distinct people whose records are in ``rows`` (a sheet of ``file_name``). A row is one
    record: the phone and ID numbers on one row identify one natural person (2017 interpretation art. 1), so a
    row counts once when any of its numbers is valid, and its malformed numbers are named by row and column.
    ``progress`` hears of each column searched, and ``cancel`` stops the count (Cancelled) between columns and
    every 50,000 rows of a column."""
    numbers: dict[tuple[int, str], list] = {}
    found = _best_column(rows, progress, cancel, numbers)
    if found is None:
        raise WorkstationError(_named_column_unread(file_name, rows) or _(
            "{file}: no column of mobile phone numbers or ID numbers was found, so no records can be counted.").format(
            file=file_name))
    column, kind, _valid = found
    header = _header_row(rows, column, kind)
    columns = _id_columns(rows, header, (column, kind), numbers)
    first = header + 1 if header is not None else 0
    data = [(n, row) for n, row in enumerate(rows[first:], first + 1) if any(_text(c) for c in row)]
    width = max((len(r) for r in rows), default=0)
    progress(width, width + 1, _("Counting the distinct numbers of {rows} rows").format(rows=f"{len(data):,}"))
    if cancel is not None:
        cancel.check()
    tally = {c: [0, 0, 0] for c, _k, _n in columns}  # valid, blank, not valid
    none = [None] * len(rows)  # a column named as numbers holding no valid one (``_id_columns``)
    read = [(c, k == ID_NUMBER, name, numbers.get((c, k), none), tally[c]) for c, k, name in columns]
    records, malformed, left_out, blank_rows = [], [], set(), 0
    for line, row in data:
        ids, phones = set(), set()
        for c, is_id, name, parsed, counts in read:
            number = parsed[line - 1]
            if number:
                (ids if is_id else phones).add(number)
                counts[0] += 1
            elif c < len(row) and _text(row[c]):
                malformed.append((line, c, name))
                counts[2] += 1
            else:
                counts[1] += 1
        if ids or phones:
            records.append((frozenset(ids), frozenset(phones)))
        elif malformed and malformed[-1][0] == line:
            left_out.add(line)
        else:
            blank_rows += 1
    people = _merged(records)
    where = f"表头在第 {header + 1} 行" if header is not None else "未识别表头，按全部非空行计"
    steps = [f"共 {len(data):,} 行（{where}）"]
    steps += [_column_step(k, name, *tally[c]) for c, k, name in columns]
    several = len(columns) > 1
    if several:  # one row is one person: its phone and its ID number are not two records
        words = "、".join(dict.fromkeys(KIND_WORDS[k] for _c, k, _n in columns))
        steps.append(f"同一行的{words}属同一人，一行计一条：有有效号码的 {len(records):,} 行计入" +
                     (f"，号码全部空白的 {blank_rows:,} 行未计入" if blank_rows else ""))
    if malformed:  # the officer checks these in the file: a number mistyped there is still a record
        steps.append(_malformed_step(malformed, left_out, several))
    repeats = len(records) - len(people)
    steps.append(f"重复 {repeats:,} {'条' if several else '个'}，去重后 {len(people):,} 条")
    progress(width + 1, width + 1, _("Counted"))
    name = columns[0][2]
    return RecordCount(file_name, len(data), len(people), kind, name, repeats, len(malformed),
                       blank_rows if several else tally[column][1], tuple(steps), people,
                       columns=tuple(n for _c, _k, n in columns),
                       malformed=tuple((line, column_letter(c), n) for line, c, n in malformed))


def count_refusal(file_name: str) -> str | None:
    """Why the records of a file named ``file_name`` cannot be counted, by its type alone (a recording, a photo:
    said before a file of gigabytes is read), naming the types that can; None when it is one of them."""
    if Path(file_name).suffix.lower() in COUNTABLE_SUFFIXES:
        return None
    return _("{file}: only .xlsx, .xlsm, .xls, .csv and .txt files can be counted.").format(file=file_name)


def _read_rows(file_name: str, data: bytes, cancel: CancelToken | None = None) -> list[tuple[str, list[list]]]:
    """(sheet name, rows) of every worksheet of a spreadsheet, hidden ones too (records seized all the same), or
    ("", rows) of a CSV, held in memory (never written to a temporary file: the records are personal data);
    ``cancel`` is heard while each sheet is parsed."""
    suffix = Path(file_name).suffix.lower()
    if refusal := count_refusal(file_name):
        raise WorkstationError(refusal)
    if suffix in SPREADSHEET_SUFFIXES:
        from python_calamine import CalamineWorkbook

        try:
            from python_calamine import SheetTypeEnum

            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            names = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
            sheets = []
            for name in names:  # seconds for 100,000s of rows
                sheet = cancellable(lambda name=name: workbook.get_sheet_by_name(name), cancel)
                sheets.append((name, sheet.to_python(skip_empty_area=False)))
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
            # said in the officer's words, never the reader's own exception (CalamineError, in English)
            if password_protected(suffix, data, exc):
                message = _("{file} is protected by a password, so its records cannot be counted: open it in Excel or "
                            "WPS, remove the password (File > Info > Protect Workbook), save it as a copy, add the "
                            "copy as evidence and count that.")
            else:
                message = _("{file} cannot be read as a spreadsheet: it may be damaged, incomplete or not really an "
                            "Excel file; open it in Excel or WPS, save a copy as .xlsx, add the copy as evidence and "
                            "count that.")
            raise ImportRefused(message.format(file=file_name)) from None
        return sheets or [("", [])]
    text = without_end_mark(decode_csv(Path(file_name), data))  # a DOS end mark after the last number is none of it
    rows: list[list] = []
    try:
        # the delimiter found as the importers find it: a comma, a tab or a semicolon (Excel set to a European
        # language), also when the rows are not all as long (an address left off some)
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)):
            rows.append(list(row))
    except csv.Error:  # a cell beyond the csv module's limit (131,072 characters): a quote never closed, say
        raise ImportRefused(_("{file}, row {row}: a value here is too long to be read as one cell, most likely because "
                              "a quotation mark opened in it is never closed. Open the file in Excel or WPS, save a "
                              "copy as .xlsx, add the copy as evidence and count that.").format(
            file=file_name, row=len(rows) + 1)) from None
    return [("", rows)]


def count_bytes(file_name: str, data: bytes, *, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> RecordCount:
    """Count the distinct records of a spreadsheet or CSV file's content (progress and cancel as ``count_rows``)."""
    progress(0, 0, _("Reading {file}").format(file=mask_text(file_name)))
    sheets = _read_rows(file_name, data, cancel)
    if len(sheets) == 1:
        return count_rows(file_name, sheets[0][1], progress=progress, cancel=cancel)
    counted: list[tuple[str, RecordCount]] = []
    passed: list[str] = []
    refusal = None
    for name, rows in sheets:  # the records of every sheet are seized records (2017 interpretation art. 11)
        try:
            counted.append((name, count_rows(file_name, rows, progress=progress, cancel=cancel)))
        except Cancelled:
            raise
        except WorkstationError as exc:  # a cover sheet, an empty one: no column of numbers
            refusal = refusal or exc
            passed.append(name)
    if not counted:
        raise refusal
    return _sheets_count(file_name, counted, passed)


def _sheets_count(file_name: str, counted: list[tuple[str, RecordCount]], passed: list[str]) -> RecordCount:
    """The count of a workbook of several sheets: each sheet's records counted as one file's (``counted``: its name
    and count), the people found on two sheets once; ``passed``, the sheets without a column of numbers, said."""
    people = _merged([pair for _name, count in counted for pair in count.numbers])
    each = sum(count.distinct for _name, count in counted)
    steps = [f"工作表“{name}”：{count.summary}" for name, count in counted]
    if passed:
        steps.append("工作表“" + "”“".join(passed) + "”没有手机号码或身份证号码列，未计入")
    if len(counted) > 1:
        steps.append(f"各工作表合计 {each:,} 条，跨工作表重复 {each - len(people):,} 条，去重后 {len(people):,} 条")
    first = counted[0][1]
    return RecordCount(file_name, sum(c.rows for _n, c in counted), len(people), first.by, first.column,
                       sum(c.duplicates for _n, c in counted) + each - len(people),
                       sum(c.invalid for _n, c in counted), sum(c.blank for _n, c in counted), tuple(steps), people,
                       columns=first.columns,
                       malformed=tuple((line, letter, f"{name}·{column}") for name, c in counted
                                       for line, letter, column in c.malformed))


def count_records(path: str | Path) -> RecordCount:
    """Count the distinct records (by mobile number or ID number) in the spreadsheet or CSV file at ``path``."""
    from workstation.store.evidence import read_evidence_file

    path = Path(path)
    return count_bytes(path.name, read_evidence_file(path))


def count_evidence(data_dir: Path, item: Evidence, *, key=ASK_KEY, progress: ProgressFn = no_progress,
                   cancel: CancelToken | None = None, others: Sequence[Evidence] = ()) -> RecordCount:
    """Count the records of a stored evidence item (its bytes checked against its sha256), and read the numbers of
    the case's ``others`` items already counted, so that the case's sum can leave out records found in both. On a
    worker thread pass ``key`` (``filestore.files_key(data_dir)``, read on the thread that holds the session) and
    the task's ``progress`` and ``cancel``; a cancelled count raises Cancelled and changes nothing. A stored copy
    gone from the data folder, of the item or of one of ``others``, is refused naming that item
    (``store.evidence.EvidenceCopyError``; by its number once a caller holding the register names it,
    ``numbered_copy_error``)."""
    from workstation.filestore import StoredFileError, read_file
    from workstation.store.evidence import EvidenceCopyError

    if refusal := count_refusal(item.file_name):  # before a recording of gigabytes is read
        raise WorkstationError(refusal)
    try:
        data = read_file(data_dir, item.sha256) if key is ASK_KEY else read_file(data_dir, item.sha256, key)
    except StoredFileError as exc:  # gone: named by the item, with what to do, not by a hash
        raise EvidenceCopyError(item) if exc.missing else exc from None
    count = count_bytes(item.file_name, data, progress=progress, cancel=cancel)
    numbers = {}
    for other in others:
        if other.id != item.id and other.record_count is not None:
            progress(0, 0, _("Comparing with {file}").format(file=mask_text(other.file_name)))
            numbers[other.id] = count_evidence(data_dir, other, key=key, cancel=cancel).numbers
    return replace(count, others={**count.others, **numbers})


@dataclass(frozen=True)
class Overlap:
    """How the records of one category found in more than one of a case's items count (2017 interpretation
    art. 11): ``repeated`` are left out of the sum of the items' counts (para. 3: duplicates count once; para. 1:
    records obtained and then sold or provided count once, ``obtained_then_provided`` of them); ``cumulated`` records
    count once for each of the different ``recipients`` they were sold or provided to (para. 2)."""

    repeated: int = 0
    cumulated: int = 0
    recipients: tuple[str, ...] = ()
    obtained_then_provided: int = 0


def overlap(count: RecordCount, item: Evidence, items: Sequence[Evidence], category: str) -> Overlap:
    """How the records of ``category`` that appear in more than one of the case's ``items`` count (taking ``item``
    as counted by ``count``). A record counts once for the items not marked as provided to someone and once for
    each different recipient it was provided to: a customer found in two lists is one record, a list sold to two
    buyers is counted twice (2017 interpretation art. 11 paras. 2 and 3)."""
    from workstation.store.evidence import recipient_key

    people = []
    for other in items:
        planned = item if other.id == item.id else other
        if planned.record_category != category or planned.record_count is None:
            continue
        numbers = count.numbers if other.id == item.id else count.others.get(other.id)
        if numbers is None:
            return Overlap()  # not read: the sum stands as it is
        people.append((planned, list(numbers)))
    # a person is one key across the files: one file may hold the ID number and another only the phone
    keys = iter(identities([person for _item, group in people for person in group]))
    unmarked, provided, names, listed = set(), {}, {}, 0
    for planned, group in people:
        numbers = {next(keys) for _person in group}
        listed += len(group)
        key = recipient_key(planned)
        if key:
            provided.setdefault(key, set()).update(numbers)
            names.setdefault(key, planned.recipient)
        else:
            unmarked.update(numbers)
    any_provided = set().union(*provided.values())
    times = Counter(number for group in provided.values() for number in group)  # recipients of each record
    counted = len(unmarked - any_provided) + sum(times.values())
    shared = [key for key, group in provided.items() if any(times[number] > 1 for number in group)]
    return Overlap(repeated=listed - counted, cumulated=sum(1 for n in times.values() if n > 1),
                   recipients=tuple(names[key] for key in shared),
                   obtained_then_provided=len(unmarked & any_provided))


ASK, REPLACE, KEEP = "ask", "replace", "keep"  # what to do with a case figure not made by counting its evidence


class StatedCount(WorkstationError):
    """Counting would replace a figure of the case's record counts that its evidence did not give (typed by the
    officer, or imported): ``figures`` maps each such category to (the case's figure, what the evidence counted
    gave before, what it would become). Nothing was changed; count again saying to replace or to keep it, with
    ``count`` (the file as it was read, so that a file of a million rows is not read a second time)."""

    def __init__(self, figures: Mapping[str, tuple[int, int, int]], count: RecordCount | None = None):
        from workstation.vocabulary import shown_label

        self.figures = dict(figures)
        self.count = count
        reasons = []
        for key, (stated, before, after) in self.figures.items():
            text = _("The case records {stated} records of “{category}”, a figure typed or imported, not counted "
                     "from its evidence (the evidence counted gives {before}); counting this file would make it "
                     "{after}.") if before else _("The case records {stated} records of “{category}”, a figure "
                                                  "typed or imported, not counted from its evidence; counting this "
                                                  "file would make it {after}.")
            reasons.append(text.format(stated=f"{stated:,}", category=shown_label("record_categories", key),
                                       before=f"{before:,}", after=f"{after:,}"))
        super().__init__(join_reasons(reasons))


def evidence_total(count: RecordCount, item: Evidence, items: Sequence[Evidence], category: str) -> int:
    """The figure of ``category`` the case's counted evidence gives with ``item`` as given (before or after it is
    counted): the sum of the items' counts less the records counted once (``overlap``)."""
    listed = [item if other.id == item.id else other for other in items]
    total = sum(e.record_count for e in listed if e.record_category == category and e.record_count is not None)
    return total - overlap(count, item, items, category).repeated


def numbered_copy_error(db: Database, exc: WorkstationError) -> WorkstationError:
    """``exc`` naming the item whose stored copy cannot be read by its number in the case's register
    (``store.evidence.EvidenceCopyError``); any other refusal as it is."""
    from workstation.store.evidence import EvidenceCopyError, item_number

    if not isinstance(exc, EvidenceCopyError) or exc.number is not None:
        return exc
    try:
        return exc.numbered(item_number(db, exc.item))
    except NotFound:
        return exc


def distinct_records(data_dir: Path | None, items: Sequence[Evidence], case: Case | None = None,
                     register: Sequence[Evidence] | None = None, db: Database | None = None) -> int | None:
    """The distinct records counted in ``items`` (the items a 电子数据证据提取笔录 lists), category by category: the
    sum of their counts less the records found in more than one of them (``overlap``, as ``save_count`` makes the
    case's figure: 2017 interpretation art. 11), their files read only when a category holds two counted items or
    more (and read once for the same items). A category whose every counted item in force in ``case``'s
    ``register`` is listed takes the case's figure instead (``_case_figure``: ``save_count`` made it of the same
    items, reading those files — a list of millions of numbers, minutes — when they were counted). None when none of
    them was counted, or when a file that had to be read could not be (gone, altered, the data locked): the record
    then leaves its figure blank to be written by hand rather than print one counted twice."""
    counted = [item for item in items if item.record_count is not None and not item.void_reason]
    if not counted:
        return None
    total = 0
    for category in dict.fromkeys(item.record_category for item in counted):
        group = [item for item in counted if item.record_category == category]
        if len(group) == 1:
            total += group[0].record_count
            continue
        figure = _case_figure(db, case, register, category, group)
        if figure is not None:
            total += figure
            continue
        key = (str(data_dir), category, tuple((item.id, item.sha256, item.record_count, item.recipient)
                                              for item in group))
        if key not in _DISTINCT:
            if data_dir is None:
                return None
            try:
                _DISTINCT[key] = _category_total(data_dir, group, category)[1]
            except WorkstationError:
                return None
            while len(_DISTINCT) > 32:  # a few cases' lists kept, not every case's
                _DISTINCT.pop(next(iter(_DISTINCT)))
        total += _DISTINCT[key]
    return total


#: ``distinct_records`` already made, by the items counted (their ids, contents, counts and recipients): a draft
#: previewed again does not read the same files again
_DISTINCT: dict[tuple, int] = {}


def _case_figure(db: Database | None, case: Case | None, register: Sequence[Evidence] | None, category: str,
                 group: Sequence[Evidence]) -> int | None:
    """The case's figure of ``category`` (``records_<category>``) when it is the distinct records of ``group`` (two
    items or more of the category, counted): ``group`` is every counted item of the category in force in the case's
    ``register``, the case still counts its evidence (``counts_refusal``: a decided or closed case keeps its figures
    as they were, an item voided since included), and the figure is one those items can give — no more than the sum
    of their counts, no fewer than the largest (a figure typed by hand beyond that is the officer's, not theirs).
    None otherwise: the files are read (``_category_total``)."""
    if db is None or case is None or register is None:
        return None
    every = {item.id for item in register
             if item.record_category == category and item.record_count is not None and not item.void_reason}
    if every != {item.id for item in group}:  # a subset listed: its own distinct records
        return None
    figure = getattr(case, f"records_{category}", None)
    counts = [item.record_count for item in group]
    if not isinstance(figure, int) or not max(counts) <= figure <= sum(counts):
        return None
    return figure if counts_refusal(db, case) is None else None


def counts_refusal(db: Database, case: Case) -> str | None:
    """Why counting evidence cannot change the record counts of ``case`` (an item counted, a counted item given
    another recipient): it is closed (``closed_refusal``), or decided (``decided_refusal``); None while it is
    investigated."""
    return closed_refusal(case) or decided_refusal(db, case)


def decided_refusal(db: Database, case: Case) -> str | None:
    """Why the record counts of a decided ``case`` (``store.evidence.decision_recorded``) no longer change: its
    decision was made on the figures it holds, after the investigation ended — as no document of the investigation
    is issued after the decision (``stage_rules._investigation_state``). None for a case not decided (a party of
    several still awaiting its decision keeps it open)."""
    from workstation.store.evidence import decision_recorded
    from workstation.vocabulary import shown_label

    if not decision_recorded(db, case):
        return None
    return _("Case {case} is “{status}” and its decision was made ({decided}) on the record counts it holds: the "
             "investigation ends before the decision, so its evidence is no longer counted into them. Nothing was "
             "changed. If the decision was wrong, void it first (Void… beside it in the case's documents, or docs "
             "void).").format(case=case_named(case.case_number, case.party_names, case.cause),
                              status=shown_label("statuses", case.status),
                              decided=case.decided_on or shown_label("statuses", case.status))


def closed_refusal(case: Case) -> str | None:
    """Why counting evidence cannot change the record counts of ``case``: it is closed (结案) or archived, and its
    figures are those it was closed with (nothing in the law or the procedure reopens a closed case to correct
    them); None while it is open."""
    from workstation.store.parties import SETTLED_STATUSES
    from workstation.vocabulary import shown_label

    if case.status not in SETTLED_STATUSES:
        return None
    return _("Case {case} is “{status}”: its record counts stay as the case was closed with them, so its evidence "
             "is no longer counted into them. Nothing was changed.").format(
        case=case_named(case.case_number, case.party_names, case.cause), status=shown_label("statuses", case.status))


def apply_count(db: Database, data_dir: Path, case_id: str, evidence_id: str, category: str,
                count: RecordCount | None = None, *, stated: str = ASK,
                before: Sequence[Evidence] | None = None, progress: ProgressFn = no_progress) -> AppliedCount:
    """Count the item's records (or take ``count``, already made of this item and shown to the officer) and carry
    them into the case: the item keeps the count, the category and the computation; the case's
    ``records_<category>`` becomes the sum of that category's counts over its evidence, less the records found in
    more than one item and not provided to different recipients (``overlap``).

    A figure of the case that its evidence did not give (typed by hand, imported) is never replaced silently: with
    ``stated`` ASK the count is refused (StatedCount, nothing changed); REPLACE replaces it, KEEP keeps it (the item
    is counted all the same), either written in the item's note and on the timeline. A closed or archived case is
    refused (``closed_refusal``) before the file is read, and so is a decided one (``decided_refusal``). ``before``
    are the case's items as they were when the figure was last made, when the caller changed one since
    (``update_and_recount``). ``progress`` hears how the files are read and counted (``count_evidence``); a stored
    copy that cannot be read is refused naming its item by its number (``numbered_copy_error``)."""
    from workstation.store.cases import get_case
    from workstation.store.evidence import evidence_of_case, save_count, voided_text
    from workstation.vocabulary import labels

    if category not in labels("record_categories"):  # before reading a file of a million rows
        raise ValidationError({"category": _("Choose the category of personal information counted.")})
    refusal = counts_refusal(db, get_case(db, case_id))  # also before reading the file
    if refusal:
        raise WorkstationError(refusal)
    item = evidence_of_case(db, case_id, [evidence_id])[0]
    if item.void_reason:
        raise WorkstationError(voided_text(db, item))
    items = counted_register(db, case_id)
    counted = [other for other in items if other.id != item.id and other.record_count is not None]
    try:
        if count is None:
            count = count_evidence(data_dir, item, others=counted, progress=progress)
        missing = [other for other in counted if other.id not in count.others]  # counted meanwhile
        if missing:
            count = replace(count, others={**count.others,
                                           **{o.id: count_evidence(data_dir, o).numbers for o in missing}})
    except WorkstationError as exc:  # a stored copy gone: the item named by its number
        raise numbered_copy_error(db, exc) from None
    planned = replace(item, record_count=count.distinct, record_category=category)
    keys = [key for key in dict.fromkeys((category, item.record_category)) if key]
    overlaps = {key: overlap(count, planned, items, key) for key in keys}
    earlier = list(before) if before is not None else items
    was = next(e for e in earlier if e.id == item.id)
    case = get_case(db, case_id)
    figures = {key: (getattr(case, f"records_{key}"), evidence_total(count, was, earlier, key),
                     evidence_total(count, planned, items, key)) for key in keys}
    figures = {key: f for key, f in figures.items() if f[0] != f[1] and f[0] != f[2]}
    if figures and stated == ASK:
        raise StatedCount(figures, count)
    item, case = save_count(db, item.id, count.distinct, category, count.steps, overlaps,
                            stated={key: (f[0], stated) for key, f in figures.items()})
    return AppliedCount(count, item, case)


def update_and_recount(db: Database, data_dir: Path, evidence_id: str, *, stated: str = ASK,
                       count: RecordCount | None = None, **values) -> Evidence:
    """``update_evidence`` with ``values``; when the recipient of an item already counted changes, the case's count
    of its category is made again under the rule that now applies (``apply_count``, ``stated`` and ``count`` as
    there), in the same transaction: a file that cannot be read, or a figure typed by hand when ``stated`` is ASK, leaves the item
    as it was."""
    from workstation.store.evidence import get_evidence, recipient_key, update_evidence

    with db.atomic():
        before = get_evidence(db, evidence_id)
        # the register as it was, for the count made again: read only when a counted item's recipient is given
        recount = before.record_count is not None and values.get("recipient") is not None
        earlier = counted_register(db, before.case_id) if recount else []
        item = update_evidence(db, evidence_id, **values)
        if item.record_count is None or recipient_key(item) == recipient_key(before):
            return item
        return apply_count(db, data_dir, item.case_id, item.id, item.record_category, count, stated=stated,
                           before=earlier).evidence


def counted_register(db: Database, case_id: str) -> list[Evidence]:
    """The case's register as its record counts are made from it: the items in force, a voided one left out."""
    from workstation.store.evidence import list_evidence

    return [item for item in list_evidence(db, case_id) if not item.void_reason]


def _category_total(data_dir: Path, items: Sequence[Evidence], category: str) -> tuple[int, int]:
    """(the sum of the counts of ``items`` counted into ``category``, the figure it gives: less the records found in
    more than one of them, ``overlap``); the files are read only when two or more items were counted."""
    counted = [item for item in items if item.record_category == category and item.record_count is not None]
    total = sum(item.record_count for item in counted)
    if len(counted) < 2:
        return total, total
    numbers = {item.id: count_evidence(data_dir, item).numbers for item in counted}
    first = counted[0]
    count = RecordCount(first.file_name, 0, first.record_count, PHONE, "", 0, 0, 0, (), numbers[first.id],
                        others=numbers)
    return total, total - overlap(count, first, counted, category).repeated


def void_count_effects(db: Database, item: Evidence) -> list[str]:
    """What voiding ``item`` does to its case's record counts, as a sentence for the officer's confirmation: nothing
    for an item not counted; for a closed case, its figures stay; else its records are taken out of the figure of
    their category, made again from the other items (``void_and_recount``)."""
    from workstation.store.cases import get_case
    from workstation.vocabulary import shown_label

    if item.record_count is None:
        return []
    case = get_case(db, item.case_id)
    if closed_refusal(case) is not None:
        return [_("The case is closed: its record counts stay as it was closed with them.")]
    if decided_refusal(db, case) is not None:
        return [_("The case is decided: its record counts stay as its decision was made on them.")]
    return [_("Its {n} records are taken out of the case's count of “{category}”, made again from the other items "
              "(a figure typed by hand stays as it is).").format(
        n=f"{item.record_count:,}", category=shown_label("record_categories", item.record_category))]


def void_and_recount(db: Database, data_dir: Path, evidence_id: str, reason: str, *,
                     cancel: CancelToken | None = None) -> Evidence:
    """Void an item registered by mistake (``store.evidence.void_evidence``) and, when its records were counted into
    an open case, make the case's figure of that category again from the items left (their files read again when two
    or more of them remain, a record found in several counting once), said on the timeline; a figure the officer
    typed or kept (not the one its evidence gave) stays as it is, and so do the figures of a closed case. The files
    are read before anything is written, outside the transaction (a list of millions of numbers takes minutes, which
    would hold the database's write lock: the window's autosaves would fail meanwhile); ``cancel`` is heard until
    then. One short transaction writes it all, the counts made again within it should the register have changed
    since; another item's file that cannot be read leaves the item in force, refused naming that item by its number
    — the voided item's own copy gone from the data folder does not (``_recount_read``). A decided case's figures
    stay as its decision was made on them (``decided_refusal``)."""
    from workstation.store.cases import get_case
    from workstation.store.evidence import get_evidence

    item = get_evidence(db, evidence_id)
    before = counted_register(db, item.case_id)
    try:
        read = _recount_read(data_dir, item, before, get_case(db, item.case_id), db)
        if cancel is not None:
            cancel.check()
            cancel.close()  # what follows is one short transaction
        with db.atomic():
            now_counted = counted_register(db, item.case_id)
            if _counted_as(now_counted) != _counted_as(before):
                read = _recount_read(data_dir, get_evidence(db, evidence_id), now_counted, get_case(db, item.case_id),
                                     db)
            return _void_written(db, evidence_id, reason, read)
    except WorkstationError as exc:  # a stored copy gone: the item named by its number
        raise numbered_copy_error(db, exc) from None


def _counted_as(items: Sequence[Evidence]) -> list[tuple]:
    return [(item.id, item.record_count, item.record_category) for item in items]


def _recount_read(data_dir: Path, item: Evidence, before: Sequence[Evidence], case: Case,
                  db: Database) -> tuple | None:
    """What voiding ``item`` makes of its case's figure, read from the files: (its category, the figure its evidence
    gave, the sum of the counts left, the figure they give); None when its records were not counted or the case is
    closed or decided (nothing to make again). The item's own stored copy gone from the data folder does not stop
    its void (the file it is voided for is not needed to take its records out): the figure its evidence gave is then
    not known exactly but lies between the figure the others give and that plus the item's count, given as that
    (lowest, highest)."""
    from workstation.store.evidence import EvidenceCopyError

    if item.record_count is None or counts_refusal(db, case) is not None:
        return None
    key = item.record_category
    left = [other for other in before if other.id != item.id]
    total, after = _category_total(data_dir, left, key)  # another item's copy gone refuses the void, naming it
    try:
        given: int | tuple[int, int] = _category_total(data_dir, before, key)[1]
    except EvidenceCopyError as exc:
        if exc.item.id != item.id:
            raise
        given = (after, after + item.record_count)
    return key, given, total, after


def _void_written(db: Database, evidence_id: str, reason: str, read: tuple | None) -> Evidence:
    """The void and the figure made again (``_recount_read``), inside the caller's transaction."""
    from workstation.store.cases import add_event, get_case, update_case
    from workstation.store.evidence import void_evidence
    from workstation.vocabulary import label

    voided = void_evidence(db, evidence_id, reason)
    if read is None:
        return voided
    key, given, total, after = read
    case = get_case(db, voided.case_id)
    figure = getattr(case, f"records_{key}")
    if figure != given and not (isinstance(given, tuple) and given[0] <= figure <= given[1]):
        return voided  # not the figure its evidence gave: the officer's own, kept
    update_case(db, replace(case, **{f"records_{key}": after}))
    kept = f"{total:,}" + (f" − 不同证据间重复 {total - after:,}" if total != after else "")
    note = (f"证据{voided.file_name}已作废，本案“{label('record_categories', key)}”类信息条数按其余证据统计数计："
            f"{kept} = {after:,} 条（原 {figure:,} 条）")
    add_event(db, CaseEvent(case_id=case.id, kind="evidence", at=now(), actor=current_actor(),
                            note=_("Record counts made again: {note}").format(note=note)))
    return voided
