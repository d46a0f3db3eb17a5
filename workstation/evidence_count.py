"""Counting the distinct personal records in a spreadsheet of leaked or bought records (customer lists, owner
lists, SMS-platform exports): the column of mobile numbers or ID numbers is found by its header and its values,
each value is normalised and checked, and the distinct valid ones are counted — every step written out in
Chinese, as the case file shows it. ``apply_count`` carries the count into the case's record counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workstation.db import Database
from workstation.errors import Cancelled, ImportRefused, WorkstationError
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _
from workstation.importing.tables import SPREADSHEET_SUFFIXES, column_letter, decode_csv
from workstation.masking import mask_text
from workstation.progress import CancelToken, ProgressFn, cancellable, no_progress
from workstation.records import Case, Evidence
from workstation.validators import normalize_mobile

PHONE, ID_NUMBER = "phone", "id_number"
COUNTABLE_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".txt")
# header words that name a column (ID words first: "身份证号码" also holds "号码")
HEADER_WORDS = ((ID_NUMBER, ("身份证", "证件号", "公民身份号码", "idcard", "idnumber")),
                (PHONE, ("手机", "电话", "联系方式", "号码", "mobile", "phone")))
KIND_WORDS = {PHONE: "手机号码", ID_NUMBER: "身份证号码"}
_DASHES = to_ascii("+") | str.maketrans({"—": "-", "–": "-", "‐": "-", "﹣": "-"})
_FULL_DIGITS = to_ascii(DIGITS + "Xx")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_SHAPE = re.compile(r"^\d{17}[\dXx]$")
_NON_DIGITS = re.compile(r"\D")
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
    # the distinct numbers counted, and those of the case's other counted items (by evidence id), so that a record
    # found in two files is counted once in the case (never printed, never stored)
    numbers: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    others: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def summary(self) -> str:
        return "，".join(self.steps)

    def as_dict(self) -> dict:
        return {"file": self.file_name, "rows": self.rows, "distinct": self.distinct, "by": self.by,
                "column": self.column, "duplicates": self.duplicates, "invalid": self.invalid, "blank": self.blank,
                "steps": list(self.steps)}


@dataclass(frozen=True)
class AppliedCount:
    """A count carried into the case: the count, the item with its note and the case as saved."""

    count: RecordCount
    evidence: Evidence
    case: Case


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


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
    total = sum(int(digit) * weight for digit, weight in zip(text, _ID_WEIGHTS, strict=False))
    if "10X98765432"[total % 11] != text[17]:
        return None
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
    return text if dt.date(1880, 1, 1) <= born <= dt.date.today() else None


PARSERS = {PHONE: as_phone, ID_NUMBER: as_id_number}


def _header_kind(cell) -> str | None:
    text = _text(cell).replace(" ", "").replace("_", "").lower()
    if not text or sum(c.isdigit() for c in text) >= 5:
        return None
    for kind, words in HEADER_WORDS:
        if any(word in text for word in words):
            return kind
    return None


def _valid_in(rows: list[list], column: int, parse, cancel: CancelToken | None, chunk: int = 50_000) -> int:
    """How many cells of ``column`` ``parse`` accepts, looking at ``cancel`` every ``chunk`` rows."""
    valid = 0
    for start in range(0, len(rows), chunk):
        if cancel is not None:
            cancel.check()
        valid += sum(1 for row in rows[start:start + chunk] if column < len(row) and parse(row[column]))
    return valid


def _best_column(rows: list[list], progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> tuple[int, str, int] | None:
    """(column, kind, valid values) of the column holding the most valid numbers; a column whose header names the
    kind wins a tie, then phone numbers over ID numbers. Each column is one step of ``progress``."""
    width = max((len(r) for r in rows), default=0)
    hints = {(c, _header_kind(row[c])) for row in rows[:20] for c in range(len(row))}
    best = None
    for column in range(width):
        progress(column, width + 1, _("Looking for the column of numbers: column {column} of {width}").format(
            column=column + 1, width=width))
        if cancel is not None:
            cancel.check()
        for kind, parse in PARSERS.items():
            valid = _valid_in(rows, column, parse, cancel)
            key = (valid, (column, kind) in hints, kind == PHONE)
            if valid and (best is None or key > best[0]):
                best = (key, column, kind)
    return (best[1], best[2], best[0][0]) if best else None


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


def count_rows(file_name: str, rows: list[list], extra_sheets: int = 0, *, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None) -> RecordCount:
    """Count the distinct records in ``rows`` (the first sheet of ``file_name``); ``progress`` hears of each column
    searched, and ``cancel`` stops the count (Cancelled) between columns and every 50,000 rows of a column."""
    found = _best_column(rows, progress, cancel)
    if found is None:
        raise WorkstationError(_("{file}: no column of mobile phone numbers or ID numbers was found, so no records "
                                 "can be counted.").format(file=file_name))
    column, kind, _valid = found
    header = _header_row(rows, column, kind)
    name = _text(rows[header][column]) if header is not None else f"第 {column_letter(column)} 列"
    first = header + 1 if header is not None else 0
    data = [(n, row) for n, row in enumerate(rows[first:], first + 1) if any(_text(c) for c in row)]
    width = max((len(r) for r in rows), default=0)
    progress(width, width + 1, _("Counting the distinct numbers of {rows} rows").format(rows=f"{len(data):,}"))
    if cancel is not None:
        cancel.check()
    parse, seen, valid, blank, invalid, bad_rows = PARSERS[kind], set(), 0, 0, 0, []
    for line, row in data:
        value = row[column] if column < len(row) else ""
        number = parse(value)
        if number:
            valid += 1
            seen.add(number)
        elif _text(value):
            invalid += 1
            bad_rows += [line] if len(bad_rows) < SHOWN_ROWS else []
        else:
            blank += 1
    where = f"表头在第 {header + 1} 行" if header is not None else "未识别表头，按全部非空行计"
    steps = [f"共 {len(data):,} 行（{where}）"]
    if extra_sheets:
        steps[0] = f"第一个工作表{steps[0]}，另有 {extra_sheets} 个工作表未计入"
    problems = "，".join(t for t, n in ((f"空白 {blank:,} 行", blank), (f"格式不符 {invalid:,} 个", invalid)) if n)
    steps.append(f"{KIND_WORDS[kind]}列“{name}”有效号码 {valid:,} 个" + (f"（{problems}）" if problems else ""))
    if invalid:  # the officer checks these rows in the file: a number mistyped there is still a record
        listed = "、".join(f"{line:,}" for line in bad_rows) + " 行" + ("等" if invalid > len(bad_rows) else "")
        steps.append(f"格式不符的 {invalid:,} 个未计入，在第 {listed}，请对照原文件核实")
    steps.append(f"重复 {valid - len(seen):,} 个，去重后 {len(seen):,} 条")
    progress(width + 1, width + 1, _("Counted"))
    return RecordCount(file_name, len(data), len(seen), kind, name, valid - len(seen), invalid, blank, tuple(steps),
                       frozenset(seen))


def _read_rows(file_name: str, data: bytes, cancel: CancelToken | None = None) -> tuple[list[list], int]:
    """The first sheet's rows of a spreadsheet or CSV held in memory (never written to a temporary file: the
    records are personal data), and how many further sheets the workbook has; ``cancel`` is heard while the
    sheet is parsed."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in COUNTABLE_SUFFIXES:
        raise WorkstationError(_("{file}: only .xlsx, .xls and .csv files can be counted.").format(file=file_name))
    if suffix in SPREADSHEET_SUFFIXES:
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = cancellable(lambda: workbook.get_sheet_by_index(0), cancel)  # seconds for 100,000s of rows
            rows = sheet.to_python(skip_empty_area=False)
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
            raise ImportRefused(_("{file} cannot be read as a spreadsheet ({reason}): open it in Excel or WPS and "
                                  "save it again.").format(file=file_name, reason=type(exc).__name__)) from None
        return rows, len(workbook.sheet_names) - 1
    text = decode_csv(Path(file_name), data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)], 0


def count_bytes(file_name: str, data: bytes, *, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> RecordCount:
    """Count the distinct records of a spreadsheet or CSV file's content (progress and cancel as ``count_rows``)."""
    progress(0, 0, _("Reading {file}").format(file=mask_text(file_name)))
    rows, extra = _read_rows(file_name, data, cancel)
    return count_rows(file_name, rows, extra, progress=progress, cancel=cancel)


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
    the task's ``progress`` and ``cancel``; a cancelled count raises Cancelled and changes nothing."""
    from workstation.filestore import read_file

    data = read_file(data_dir, item.sha256) if key is ASK_KEY else read_file(data_dir, item.sha256, key)
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

    unmarked, provided, names, listed = set(), {}, {}, 0
    for other in items:
        planned = item if other.id == item.id else other
        if planned.record_category != category or planned.record_count is None:
            continue
        numbers = count.numbers if other.id == item.id else count.others.get(other.id)
        if numbers is None:
            return Overlap()  # not read: the sum stands as it is
        listed += len(numbers)
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


def apply_count(db: Database, data_dir: Path, case_id: str, evidence_id: str, category: str,
                count: RecordCount | None = None) -> AppliedCount:
    """Count the item's records (or take ``count``, already made of this item and shown to the officer) and carry
    them into the case: the item keeps the count, the category and the computation; the case's
    ``records_<category>`` becomes the sum of that category's counts over its evidence, less the records found in
    more than one item and not provided to different recipients (``overlap``)."""
    from workstation.store.evidence import evidence_of_case, list_evidence, save_count

    item = evidence_of_case(db, case_id, [evidence_id])[0]
    items = list_evidence(db, case_id)
    counted = [other for other in items if other.id != item.id and other.record_count is not None]
    if count is None:
        count = count_evidence(data_dir, item, others=counted)
    missing = [other for other in counted if other.id not in count.others]  # counted meanwhile
    if missing:
        count = replace(count, others={**count.others, **{o.id: count_evidence(data_dir, o).numbers for o in missing}})
    planned = replace(item, record_count=count.distinct, record_category=category)
    overlaps = {key: overlap(count, planned, items, key) for key in (category, item.record_category) if key}
    item, case = save_count(db, item.id, count.distinct, category, count.steps, overlaps)
    return AppliedCount(count, item, case)


def update_and_recount(db: Database, data_dir: Path, evidence_id: str, **values) -> Evidence:
    """``update_evidence`` with ``values``; when the recipient of an item already counted changes, the case's count
    of its category is made again under the rule that now applies (``apply_count``), in the same transaction: a
    file that cannot be read leaves the item as it was."""
    from workstation.store.evidence import get_evidence, recipient_key, update_evidence

    with db.atomic():
        before = get_evidence(db, evidence_id)
        item = update_evidence(db, evidence_id, **values)
        if item.record_count is None or recipient_key(item) == recipient_key(before):
            return item
        return apply_count(db, data_dir, item.case_id, item.id, item.record_category).evidence
