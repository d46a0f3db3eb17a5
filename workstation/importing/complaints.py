"""Importing complaint exports of the 12345 hotline, the consumer council and 12315 (.xlsx, .xls, .csv):
the header found under any title rows (one row, or two with merged group cells) and mapped through the
header synonyms of ``resources/importing/complaints.toml`` and remembered column mappings (profiles: a
field's header text, or None for a field the officer chose not to import), the rows streamed in batches into
one transaction per file with the raw row, file and row number kept, duplicates left out (by work-order id, a
whole number Excel wrote as 123.0 read as 123 and found again where an earlier version stored it as 123.0, or
for a row without one by its content key: channel, time, complainant's number and text; a row with one whose
complaint was stored before without it, from an export lacking that column, gives it its id) and the same complaint
sent through another channel linked."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import tomllib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from json.encoder import encode_basestring
from operator import add, itemgetter
from pathlib import Path

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import (
    Cancelled,
    DiskFull,
    ImportRefused,
    UsageError,
    WorkstationError,
    join_sentences,
)
from workstation.fullwidth import DIGITS, TO_ASCII, to_ascii
from workstation.i18n import N_, _, ngettext
from workstation.importing.cell_errors import cell_error_problem
from workstation.importing.complaint_files import (
    END,
    CsvRows,
    ExportRows,
    cell_text,
    group_row,
    grouped_header,
    header_texts,
    open_rows,
    refused,
    sub_header_row,
    two_row_header,
)
from workstation.importing.tables import (
    UNSAFE_TEXT,
    column_letter,
    normalize_header,
    readable_name,
    without_unsafe,
)
from workstation.paths import resource
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import id_stream, now, today
from workstation.screening import prescreen_rules, rules_for, screen_complaint
from workstation.screening.complaint import district_named
from workstation.screening.phones import (
    PHONE_RX,
    ascii_digits,
    business_key,
    extract_phones,
    masked_own,
    phone_scan,
)
from workstation.screening.rules import FULL_WIDTH, Rules, load_rules
from workstation.store.complaints import (
    MAY_WRITE_OTHERWISE,
    NAMED,
    SAME_CANDIDATE,
    WHOLE_NUMBER,
    attach_work_orders,
    content_key,
    deferred_complaint_index,
    first_stored,
    given_area_code,
    has_other_sources,
    insert_complaints,
    insert_numbers,
    keyed_without_work_order,
    landline_lost_zero,
    last_rowid,
    numbered_as_written_before,
    numbered_searchable,
    numbers_in_scan,
    rebuilt_indexes,
    same_phone_candidates,
    set_same_as,
    shown_received,
)
from workstation.validators import EARLIEST_YEAR, SCIENTIFIC_NUMBER, TIME_ZONE, no_such_day, zone_shift

BATCH = 5000
ERROR_LIMIT = 100
# the fields stored in columns of their own (the others only help recognise a header)
STORED = ("external_id", "received_at", "complainant_phone", "text", "target_name", "address", "district")
# the day's digits are never split to let a clock begin (2026-3-15:30 is not 1 March 5:30)
_TIME = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2}+)\s*日?"
                   r"(?:[\sT]*(上午|下午)?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2}(?:\.\d+)?)\s*秒?)?)?\s*$")
# an Excel serial saved as text in a CSV (46086, 46086.75): read only in the time column, for 2000 to 2100
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
#: the Excel date serials (days since 1899-12-30) of 2000-01-01 up to 2101-01-01: a number in a receipt time's (or, as
#: the register importer reads it, a register's date) column within them is a date cell shown as a number
SERIAL_RANGE = (36_526, 73_416)
#: the first receipt time taken, however written (a date cell too: one showing 1900-01-02 holds the number 2, typed
#: into a date column; a year before 2000 is a slip of the keys): as ``SERIAL_RANGE`` reads serials, and as the
#: office's own records are dated (``validators.EARLIEST_YEAR``)
EARLIEST_RECEIVED = f"{EARLIEST_YEAR:04d}-01-01"
#: the fields of a complaint export as the import wizard names them, and the refusals of a column chosen for two
FIELD_LABELS = {"external_id": N_("Work-order number"), "received_at": N_("Accepted at"),
                "complainant_phone": N_("Caller's number"), "complainant": N_("Complainant"),
                "address": N_("Complainant's address"), "text": N_("Complaint text"),
                "target_name": N_("Complained-about party"), "channel_detail": N_("Source channel"),
                "kind": N_("Complaint type"), "district": N_("District written in the export")}
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20260305
_NOT_DIGIT = re.compile(r"\D")
_LOCAL_NUMBER = re.compile(r"[2-9]\d{6,7}")  # a landline written without its area code
_PHONE_SPLIT = re.compile(r"[/,，;；、]|\s{2,}")
# a number written with digits hidden (138****1234, 138＊＊＊＊1234, 0757-8612××××, 138xxxx1234, as an export masks a
# caller's number): a star or ×, or a run of x beside a digit (not the x of ext or of an extension written x801)
_MASKED = re.compile(r"[*＊×✱●•]|(?<=\d)\s?[xX]{2,}|[xX]{2,}\s?(?=\d)")
# an extension written after a number (0757-83331234转801, 分机 801, ext. 801): no digits of the number
_EXTENSION = re.compile(r"转|分机|[eE][xX][tT]")
# a number Excel wrote in scientific notation when saving a CSV (13800138000 as 1.38001E+10), or a Java-based export
# without the exponent's sign (2.02503E11): its last digits are lost. Without a decimal point the exponent's sign is
# needed, and only a plus (1E+11: Excel writes no negative exponent for a whole number): a work-order id such as 12E345
# or 2025E-1234 is no number
_SCIENTIFIC = re.compile(r"\s*(?:" + SCIENTIFIC_NUMBER.pattern + r")\s*")
# a whole-number work-order id Excel wrote as a float when saving a CSV (123 as 123.0): the number it is; an id with a
# leading zero, letters or dashes is kept as written
_WHOLE_FLOAT = re.compile(r"\s*[1-9][0-9]*\.0\s*")
_FULLWIDTH = to_ascii(DIGITS)
# a work-order number read whatever the width and case it is written in (ｍ２, m2 and M2 are work order M2)
_WORK_ORDER = {**{full: ascii - 32 if ord("a") <= ascii <= ord("z") else ascii for full, ascii in TO_ASCII.items()},
               **{c: c - 32 for c in range(ord("a"), ord("z") + 1)}}
# the work-order numbers stored otherwise than they are read now (``ids_stored_otherwise``): in lower case (SQLite's
# upper() folds ASCII letters alone), with a character that is no ASCII (full width: told apart in Python), or as a CSV
# cell kept as text (char(39): '202603010002; ="202603010001"); one pass over the channel's work-order index (0.35 s
# for 500,000 numbers)
_STORED_OTHERWISE = ("SELECT external_id FROM complaints WHERE source = ? AND external_id != '' AND ("
                     "external_id != upper(external_id) OR length(CAST(external_id AS BLOB)) != length(external_id) "
                     "OR substr(external_id, 1, 1) IN (char(39), '='))")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@cache
def complaint_spec() -> dict:
    """The header synonyms, channel profiles and same-complaint rule of complaint exports."""
    with resource("importing", "complaints.toml").open("rb") as fh:
        return tomllib.load(fh)


def lost_zero_codes() -> tuple[str, ...]:
    """The area codes (without their 0) of a complainant's landline that lost its leading 0
    (``numeric_landline_area_codes`` of the spec; ``store.complaints.landline_lost_zero``)."""
    return tuple(complaint_spec().get("numeric_landline_area_codes", ()))


def profile_names() -> list[str]:
    """The channels an export can come from, in the order a tie in header matching is decided."""
    return list(complaint_spec()["profiles"])


def _match(text: str, lookup: dict[str, str]) -> str | None:
    """The field (or profile) a header text names: the whole text, else its sub-header after " / ", else group and
    sub-header run together, the group also without a last 信息 or 情况 (诉求人信息 / 电话: 诉求人电话)."""
    if not text:
        return None
    found = lookup.get(normalize_header(text))
    if found is None and " / " in text:
        group, sub = text.rsplit(" / ", 1)
        # the sub-header, else group and sub-header read as one (诉求人 / 电话: 诉求人电话)
        found = lookup.get(normalize_header(sub)) or lookup.get(normalize_header(group + sub))
        if found is None and (bare := _GROUP_SUFFIX.sub("", group)) != group:
            found = lookup.get(normalize_header(bare + sub))
    return found


#: what a group's name adds after whose the columns under it are (诉求人信息, 投诉人情况), left out when its sub-headers
#: are read with it (``_match``)
_GROUP_SUFFIX = re.compile(r"\s*(?:信息|情况)\s*$")
#: the words of a header that reads as a telephone number's column (``FileResult.unread_phone``)
_PHONE_WORDS = ("电话", "手机", "联系方式", "联系号码", "来电号码")


def profile_scores(header_row: Iterable, saved: dict[str, dict[str, str | None]] | None = None) -> dict[str, int]:
    """{channel: how many columns of a header row use its own header wordings (and remembered mapping)}, in the
    order of the profiles (then of the remembered ones)."""
    texts = header_texts(header_row)
    profiles = {name: spec["headers"] for name, spec in complaint_spec()["profiles"].items()}
    for name, mapping in (saved or {}).items():
        profiles[name] = [*profiles.get(name, []), *(h for h in mapping.values() if h)]
    scores = {}
    for name, headers in profiles.items():
        lookup = {normalize_header(h): name for h in headers}
        scores[name] = sum(1 for t in texts if _match(t, lookup))
    return scores


def detect_profile(header_row: Iterable, saved: dict[str, dict[str, str | None]] | None = None) -> str | None:
    """The channel whose own header wordings (and remembered mapping) a header row uses most; None when it
    uses none of them."""
    best, best_score = None, 0
    for name, score in profile_scores(header_row, saved).items():
        if score > best_score:
            best, best_score = name, score
    return best


#: how many of another channel's own header wordings make a header plainly that channel's export
CONTRADICTING_COLUMNS = 2


def contradicting_profile(header_row: Iterable, chosen: str | None,
                          saved: dict[str, dict[str, str | None]] | None = None) -> str | None:
    """The channel a header row plainly belongs to when it is not the ``chosen`` one: the channel it matches best
    (``detect_profile``), where it uses at least ``CONTRADICTING_COLUMNS`` of that channel's own wordings and more
    than of the chosen one's (a 12345 export, 工单编号, 受理时间 …, imported as 消委会投诉); None when the header agrees
    with the choice, tells nothing, or no channel was chosen."""
    if not chosen:
        return None
    scores = profile_scores(header_row, saved)
    best = detect_profile(header_row, saved)
    if best is None or best == chosen or scores[best] < CONTRADICTING_COLUMNS:
        return None
    return best if scores[best] > scores.get(chosen, 0) else None


def profile_label(name: str | None) -> str:
    """A channel as an officer calls it (消委会投诉, not its key); a remembered profile by its own name."""
    return complaint_spec()["profiles"].get(name or "", {}).get("label", name or "")


# the key of a remembered mapping under which the header each choice was made for is kept ({field: header_key})
_CHOSEN_FOR = "@for"


def _fields_only(mapping: dict) -> dict[str, str | None]:
    return {f: h for f, h in mapping.items() if f != _CHOSEN_FOR}


def saved_profiles(db: Database) -> dict[str, dict[str, str | None]]:
    """Every remembered column mapping: {profile: {field: header text, or None: not imported}}."""
    return {name: _fields_only(json.loads(mapping))
            for name, mapping in db.execute("SELECT name, mapping FROM import_profiles")}


def header_key(texts: Iterable[str]) -> str:
    """What tells one header from another: its column texts as a set, normalised (``profile_choices``)."""
    joined = "\x1f".join(sorted({normalize_header(t) for t in texts if t}))
    return hashlib.sha1(joined.encode()).hexdigest()[:16]


def profile_choices(db: Database, name: str | None) -> tuple[dict[str, str | None], dict[str, str]]:
    """What the profile ``name`` remembers, read at once: its column mapping (``load_profile``; {} when there is
    none) and {field: ``header_key`` of the header its remembered choice was made for} (a field chosen by an older
    version has none)."""
    row = db.execute("SELECT mapping FROM import_profiles WHERE name = ?", [name]).fetchone() if name else None
    if not row:
        return {}, {}
    mapping = json.loads(row[0])
    return _fields_only(mapping), dict(mapping.get(_CHOSEN_FOR, {}))


def _synonyms() -> dict[str, str]:
    """{normalised header synonym: field} of the complaint fields."""
    return {normalize_header(s): f for f, words in complaint_spec()["fields"].items() for s in words}


def header_columns(texts: list[str]) -> dict[str, int]:
    """{field: column} as the header synonyms alone name the columns of ``texts`` (the first column so named)."""
    lookup = _synonyms()
    columns: dict[str, int] = {}
    for column, text in enumerate(texts):
        name = _match(text, lookup)
        if name and name not in columns:
            columns[name] = column
    return columns


def remembered_columns(remembered: dict[str, str | None], field_name: Callable[[str], str] | None = None) -> str:
    """The columns a channel's remembered choices decided ({field: header text, or None: not imported}) as the
    summary and the import wizard name them, each field by ``field_name`` (by default its first header synonym)."""
    if field_name is None:
        words = complaint_spec()["fields"]

        def field_name(f: str) -> str:
            return words[f][0]
    return "、".join(_("{field} from column {column}").format(field=field_name(f), column=h) if h else
                    _("{field} not imported").format(field=field_name(f)) for f, h in remembered.items())


def field_label(name: str) -> str:
    """A field of a complaint export as the import wizard names it (``FIELD_LABELS``), in the user's language."""
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def shared_column(mapping: dict[str, str | None]) -> tuple[str, str, str] | None:
    """(the header text, the first field, the second field) of a column ``mapping`` ({field: header text}) chooses
    for two fields, None when it chooses each column for one field only (an empty text or None chooses none)."""
    seen: dict[str, str] = {}
    for name, header in mapping.items():
        if header:
            if (key := normalize_header(header)) in seen:
                return header, seen[key], name
            seen[key] = name
    return None


def _positions(texts: list[str]) -> dict[str, int]:
    """{normalised header: column} of a header's whole texts or, under a merged group, its sub-headers."""
    position = {normalize_header(t.rsplit(" / ", 1)[-1]): c for c, t in reversed(list(enumerate(texts))) if t}
    position.update({normalize_header(t): c for c, t in reversed(list(enumerate(texts))) if t})
    return position


def remembered_choices(texts: list[str], found: dict[str, int], saved: dict[str, str | None],
                       chosen_for: dict[str, str]) -> dict[str, int | None]:
    """{field: column, or None: left out} of the remembered choices ``saved`` (with the headers they were made
    for, ``chosen_for``) that change the columns ``found`` by the header synonyms in a header of ``texts``: a
    remembered column only where the synonyms find none for its field, or for the header it was chosen for; a field
    remembered as not imported only for that header, or, remembered so by an older version (which kept no header),
    for every header, as then (named in the summary, ``FileResult.remembered_note``)."""
    key = header_key(texts)
    position = _positions(texts)
    applied: dict[str, int | None] = {}
    for name, header in saved.items():
        same = chosen_for.get(name) == key
        if header is None:
            if (same or name not in chosen_for) and name in found:
                applied[name] = None
        elif header and normalize_header(header) in position:
            column = position[normalize_header(header)]
            if (name not in found or same) and found.get(name) != column:
                applied[name] = column
    return applied


def load_profile(db: Database, name: str) -> dict[str, str | None] | None:
    """The column mapping remembered for a profile ({field: header text}; a field mapped to None is not imported
    even where a header synonym names it; one mapped to "", as older versions could remember, is left to the
    synonyms), None when there is none."""
    row = db.execute("SELECT mapping FROM import_profiles WHERE name = ?", [name]).fetchone()
    return _fields_only(json.loads(row[0])) if row else None


def remember_mapping(db: Database, name: str, mapping: dict[str, str | None], header: list[str] | None) -> None:
    """Add the columns ``mapping`` chose for a file of ``header`` (None: not known) to the profile ``name``
    remembers, with the header they were chosen for (``remembered_choices``)."""
    fields, chosen_for = profile_choices(db, name)
    key = header_key(header) if header else None
    for f in mapping:
        if key:
            chosen_for[f] = key
        else:
            chosen_for.pop(f, None)
    save_profile(db, name, {**fields, **mapping}, chosen_for)


def save_profile(db: Database, name: str, mapping: dict[str, str | None],
                 chosen_for: dict[str, str] | None = None) -> None:
    """Remember a column mapping under a profile name (replacing the one remembered before): {field: header text,
    or None for a field not to import}; ``chosen_for``: {field: ``header_key`` of the header it was chosen for}
    (a field without one was chosen for no header in particular)."""
    unknown = [f for f in mapping if f not in complaint_spec()["fields"]]
    if unknown:
        raise WorkstationError(_("{field} is not a complaint field; the fields are {fields}.").format(
            field=unknown[0], fields=", ".join(complaint_spec()["fields"])))
    if "text" in mapping and mapping["text"] is None:
        raise WorkstationError(_("The complaint text cannot be left unimported: choose its column."))
    with db.atomic():
        db.execute("INSERT INTO import_profiles (name, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) "
                   "DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
                   [name, json.dumps({**mapping, **({_CHOSEN_FOR: {f: k for f, k in chosen_for.items() if f in mapping}}
                                                    if chosen_for else {})}, ensure_ascii=False), now()])


@dataclass
class FileResult:
    """What the import of one file did (or, refused, why nothing of it was imported)."""

    file: str
    profile: str | None = None
    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    same_as: int = 0
    repeated: int = 0  # of the duplicates, rows without a work-order id repeating an earlier row of the file
    # rows with a work-order id whose complaint was stored before without one (its export lacked the column or left
    # the cell empty): that complaint was given the id instead of being stored twice
    updated: int = 0
    # complaint rows holding control characters or text-direction controls (``tables.UNSAFE_TEXT``), stored without
    # them: a U+202E would show a telephone number or a company's name reversed wherever the complaint is shown
    cleaned: int = 0
    errors: list[dict] = field(default_factory=list)
    # the rows that cannot be read, all of them: ``errors`` keeps the first ``ERROR_LIMIT`` (not in ``as_dict``)
    error_count: int = 0
    refused: str = ""
    # every row was stored already: when and from which file the first of them was imported (created_at,
    # source_file; not in ``as_dict``, whose keys scripts rely on)
    stored_before: tuple[str, str] | None = None
    # the sheets of a workbook not imported: their header is not that of the first sheet, or they have none (in
    # ``as_dict``: a key scripts may ignore)
    sheets_left_out: list[str] = field(default_factory=list)
    # of the duplicates, rows whose work-order id is that of a row above them in the file but whose receipt time,
    # complainant's number or text differ: (row, that row, the id) of the first ``ERROR_LIMIT``, and how many (not in
    # ``as_dict``: two complaints given one number, the later not imported, are named by ``same_number_note``)
    same_number: list[tuple[int, int, str]] = field(default_factory=list)
    # how many rows are named so, with those of ``earlier_number``
    same_numbers: int = 0
    # of the duplicates, rows whose work-order id is that of a complaint an earlier import stored, but whose receipt
    # time, complainant's number or text differ: (row, the file that complaint came from, its row there, the id) of
    # the first ``ERROR_LIMIT``, and how many (named by ``same_number_note`` as well)
    earlier_number: list[tuple[int, str, int, str]] = field(default_factory=list)
    earlier_numbers: int = 0
    # the remembered column choices of the channel that decided a column of this file ({field: header text, or None:
    # not imported}): named in the summary (``remembered_note``)
    remembered: dict[str, str | None] = field(default_factory=dict)
    # the header texts of columns that read as a telephone number's (电话, 手机 …) while no column was read as the
    # complainant's number (no synonym named it, and none was chosen): named in the summary (``remembered_note``; not
    # in ``as_dict``, whose keys a stored reference compares), so that complaints stored without their number are not
    # met unawares
    unread_phone: list[str] = field(default_factory=list)
    # the file was given earlier in the same import (its path twice, or two paths of one file): a file whose every
    # complaint is stored already is then said to be given twice, not imported on an earlier day (not in ``as_dict``)
    given_twice: bool = False

    @property
    def number_conflicts(self) -> int:
        """The rows under a work-order number stored before (or of a row above) with another complaint: not
        imported, and not counted as duplicates either."""
        return self.same_numbers

    def same_number_row(self, row: int, first: int, external_id: str) -> None:
        """Count a row whose work-order id is that of the row ``first`` above it, but not its complaint."""
        self.same_numbers += 1
        if len(self.same_number) < ERROR_LIMIT:
            self.same_number.append((row, first, external_id))

    def earlier_number_row(self, row: int, file: str, first: int, external_id: str) -> None:
        """Count a row whose work-order id is that of a complaint stored before, from the row ``first`` of ``file``,
        but not its complaint."""
        self.same_numbers += 1
        self.earlier_numbers += 1
        if len(self.earlier_number) < ERROR_LIMIT:
            self.earlier_number.append((row, file, first, external_id))

    def as_dict(self) -> dict:
        return {"file": self.file, "profile": self.profile, "rows": self.rows, "imported": self.imported,
                "duplicates": self.duplicates, "number_conflicts": self.number_conflicts, "same_as": self.same_as,
                "repeated": self.repeated, "updated": self.updated, "cleaned": self.cleaned, "errors": self.errors,
                "refused": self.refused or None, "sheets_left_out": self.sheets_left_out}

    def refused_row_lines(self) -> list[str]:
        """Every row the refused file could not read, one sentence each ("第5行，受理时间：…。", as the command line and
        the window's details list them under the message naming the first), then, when the import kept only the first
        ``ERROR_LIMIT`` of more, a line saying so; [] for a file refused whole (its one error names no field: the
        message says why)."""
        from workstation.importing.register import row_sentence

        rows = [e for e in self.errors if e.get("row") is not None and e.get("field") is not None]
        lines = [row_sentence(e) for e in rows]
        if rows and self.error_count > len(rows):
            lines.append(_("Only the first {n} rows that cannot be read are listed.").format(n=len(rows)))
        return lines

    def undone(self) -> None:
        """What the file did taken back (its import rolled back): nothing imported, updated or found again; the rows
        read stay counted."""
        self.imported = self.duplicates = self.same_as = self.repeated = self.updated = self.cleaned = 0
        self.stored_before = None
        self.sheets_left_out = []
        self.same_number, self.same_numbers = [], 0
        self.earlier_number, self.earlier_numbers = [], 0

    def already_imported_note(self) -> str:
        """The summary's line on a file whose every complaint was stored already, said plainly with the day they
        were first imported ('' for any other file): it replaces the counts, which say it only as 0 imported."""
        if self.refused or self.imported or self.updated or not self.rows or self.stored_before is None or \
                self.same_numbers:  # a row is another complaint under a stored number: named by same_number_note
            return ""
        if self.given_twice:  # stored from it moments ago, earlier in this import
            return _("{file} was given twice in this import: its complaints were read from it the first time, and "
                     "not imported again the second time.").format(file=self.file)
        created_at, source_file = self.stored_before
        # one complaint gets its own wording: the Chinese of "every complaint" (均) reads wrong for one
        if source_file == self.file:
            if self.rows == 1:
                return _("{file} was imported already, on {date}: its one complaint is stored, it was not imported "
                         "again.").format(file=self.file, date=created_at[:10])
            return _("{file} was imported already, on {date}: every complaint in it ({n}) is stored, none was "
                     "imported again.").format(file=self.file, date=created_at[:10], n=self.rows)
        if self.rows == 1:
            return _("The one complaint in {file} was imported already, on {date} from {other}; it was not imported "
                     "again.").format(file=self.file, date=created_at[:10], other=source_file)
        return _("Every complaint in {file} ({n}) was imported already, the first of them on {date} from {other}; "
                 "none was imported again.").format(file=self.file, date=created_at[:10], other=source_file,
                                                    n=self.rows)

    def redo_note(self, command_line: bool = False, which: str | None = None) -> str:
        """The line after ``already_imported_note`` ('' where there is none) saying how to import the file again
        after an import that read it wrongly (a column chosen wrongly): withdraw that import first, in the window
        with 撤回导入… on the complaints tab, on the command line (``command_line``) with ``complaints withdraw-file``
        naming the file it was imported from — or ``which``, what names that import when its file's name was
        imported more than once (``complaint_withdraw.import_word``: its time)."""
        if self.given_twice or not self.already_imported_note():  # given twice: read once, nothing to withdraw
            return ""
        if command_line:
            return _("If it was imported with a column chosen wrongly, withdraw that import first (complaints "
                     "withdraw-file {file}), then import the file again.").format(
                file=_shell_word(which or self.stored_before[1]))
        return _("If it was imported with a column chosen wrongly, withdraw that import first (Leads → Complaints "
                 "by keyword → Quash an import…), then import the file again.")

    def updated_note(self, planned: bool = False) -> str:
        """The summary's line on the complaints stored before without a work-order number that rows of the file
        gave their number (``planned``: would give, in a dry run), '' when none did. Whether their export lacked
        the column or left the cell empty is not known here: the line says only that they had no number."""
        if not self.updated:
            return ""
        if planned:
            return _("{file}: {n} complaints imported before without a work-order number would be recognised by "
                     "their time, complainant's number and text and given their number; they would be updated, not "
                     "imported again.").format(file=self.file, n=self.updated)
        return _("{file}: {n} complaints imported before without a work-order number were recognised by their time, "
                 "complainant's number and text and given their number; they were updated, not imported "
                 "again.").format(file=self.file, n=self.updated)

    def cleaned_note(self, planned: bool = False) -> str:
        """The summary's line on the complaints of the file that held control characters or text-direction
        controls, left out of what is stored (``planned``: would be, in a dry run); '' when none did."""
        if not self.cleaned:
            return ""
        if planned:
            return ngettext("{file}: {n} complaint holds control characters or text-direction marks (which can "
                            "show a telephone number or a name reversed, or break a printed document); they would "
                            "be left out of the text stored.",
                            "{file}: {n} complaints hold control characters or text-direction marks (which can "
                            "show a telephone number or a name reversed, or break a printed document); they would "
                            "be left out of the text stored.", self.cleaned).format(file=self.file, n=self.cleaned)
        return ngettext("{file}: {n} complaint held control characters or text-direction marks (which can show a "
                        "telephone number or a name reversed, or break a printed document); they were left out of "
                        "the text stored.",
                        "{file}: {n} complaints held control characters or text-direction marks (which can show a "
                        "telephone number or a name reversed, or break a printed document); they were left out of "
                        "the text stored.", self.cleaned).format(file=self.file, n=self.cleaned)

    def sheets_note(self) -> str:
        """The summary's line on the sheets of a workbook not imported (``sheets_left_out``), '' when none was: the
        officer learns that their complaints are not among those imported."""
        if not self.sheets_left_out:
            return ""
        return ngettext("{file}: the sheet {sheets} was not imported: its header row is not that of the first sheet "
                        "(or it has none). If it holds complaints, save it as a file of its own and import that.",
                        "{file}: the sheets {sheets} were not imported: their header row is not that of the first "
                        "sheet (or they have none). If they hold complaints, save each as a file of its own and "
                        "import those.", len(self.sheets_left_out)).format(
            file=self.file, sheets="、".join(self.sheets_left_out))

    def same_number_note(self, limit: int = 10) -> str:
        """The summary's line naming the rows of the file whose work-order number is that of a row above them but
        whose receipt time, complainant's number or text differ (the first ``limit``), '' when none is: only the
        first row of a number was imported, the other complaints were left out as its duplicates; and those whose
        number is that of a complaint an earlier import stored (``earlier_number_note``)."""
        if not self.same_numbers:
            return ""
        count = ngettext("{file}: {n} work-order number conflict.", "{file}: {n} work-order number conflicts.",
                         self.same_numbers).format(file=self.file, n=self.same_numbers)
        return join_sentences([note for note in (count, self._in_file_number_note(limit),
                                                 self.earlier_number_note(limit)) if note])

    def earlier_number_note(self, limit: int = 10) -> str:
        """The lines naming the rows of the file whose work-order number is that of a complaint an earlier import
        stored but whose receipt time, complainant's number or text differ (the first ``limit``: the row, and the
        file and row of the stored complaint), '' when none is: they were left out, the stored complaint kept."""
        if not self.earlier_numbers:
            return ""
        rows = "、".join(_("row {row} (work-order number {number}, imported before from row {first} of "
                          "{other})").format(row=row, number=number, first=first, other=other)
                        for row, other, first, number in self.earlier_number[:limit])
        note = ngettext("{file}: {n} row has the work-order number of a complaint imported before but another "
                        "receipt time, complainant's number or text, and was not imported (the complaint stored "
                        "is kept): {rows}. Check it against the system the file was exported from; if it is another "
                        "complaint, have its number corrected there and import the file again.",
                        "{file}: {n} rows have the work-order numbers of complaints imported before but another "
                        "receipt time, complainant's number or text, and were not imported (the complaints stored "
                        "are kept): {rows}. Check them against the system the file was exported from; if they are "
                        "other complaints, have their numbers corrected there and import the file again.",
                        self.earlier_numbers).format(file=self.file, n=self.earlier_numbers, rows=rows)
        if self.earlier_numbers > limit:
            note = join_sentences([note, _("… and {n} more.").format(n=f"{self.earlier_numbers - limit:,}")])
        return note

    def _in_file_number_note(self, limit: int) -> str:
        """``same_number_note``'s line on the rows repeating the number of a row above them in the file."""
        in_file = self.same_numbers - self.earlier_numbers
        if not in_file:
            return ""
        rows = "、".join(_("row {row} (work-order number {number}, as in row {first})").format(
            row=row, number=number, first=first) for row, first, number in self.same_number[:limit])
        note = ngettext("{file}: {n} row has the work-order number of a row above it but another receipt time, "
                        "complainant's number or text, and was not imported (only the first row of a number is): "
                        "{rows}. Check it against the system the file was exported from; if it is another "
                        "complaint, have its number corrected there and import the file again.",
                        "{file}: {n} rows have the work-order number of a row above them but another receipt time, "
                        "complainant's number or text, and were not imported (only the first row of a number is): "
                        "{rows}. Check them against the system the file was exported from; if they are other "
                        "complaints, have their numbers corrected there and import the file again.",
                        in_file).format(file=self.file, n=in_file, rows=rows)
        if in_file > limit:
            note = join_sentences([note, _("… and {n} more.").format(n=f"{in_file - limit:,}")])
        return note

    def remembered_note(self) -> str:
        """The summary's lines on the columns read for this file: those that the channel's remembered choices
        decided (a column chosen once in the import wizard, or a field chosen not to be imported), and a column
        that reads as a telephone number's left unread while the complainant's number has none
        (``unread_phone_note``); '' when there is neither."""
        notes = [self.unread_phone_note()]
        if self.remembered:
            said = remembered_columns(self.remembered)
            notes.insert(0, _("{file}: columns remembered for the channel from an earlier import were used: "
                              "{columns}. If one is wrong, choose the right column in the import wizard.").format(
                file=self.file, columns=said))
        return "\n".join(note for note in notes if note)

    def unread_phone_note(self) -> str:
        """The summary's line naming the columns that read as a telephone number's but were not read as the
        complainant's number, which no column gave (``unread_phone``); '' when there is none."""
        if not self.unread_phone:
            return ""
        return ngettext("{file}: the column {columns} looks like a telephone number, but no header of the file is "
                        "recognised as the complainant's telephone number, so the complaints have none. If it holds "
                        "the complainant's number, withdraw this import and import the file again, choosing that "
                        "column for the complainant's telephone number in the import wizard.",
                        "{file}: the columns {columns} look like telephone numbers, but no header of the file is "
                        "recognised as the complainant's telephone number, so the complaints have none. If one holds "
                        "the complainant's number, withdraw this import and import the file again, choosing that "
                        "column for the complainant's telephone number in the import wizard.",
                        len(self.unread_phone)).format(file=self.file, columns="、".join(self.unread_phone))

    def repeated_note(self) -> str:
        """The summary's line on the rows of the file written twice, '' when none is."""
        if not self.repeated:
            return ""
        return _("{file}: rows without a work-order number that repeat a row above them in the file (the same time, "
                 "complainant's number and text): {n}; each was counted as a duplicate, its complaint imported "
                 "once.").format(file=self.file, n=self.repeated)


@dataclass
class ComplaintImportResult:
    """What an import of one or more files did; each file was imported whole or not at all."""

    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    # files imported together (``import_complaints``'s ``together``), one of them refused: the others were read
    # whole but not imported either (in a dry run: would not be), their counts undone
    withheld: bool = False

    @property
    def rows(self) -> int:
        """The complaint rows of the files imported (a refused file's rows read before its refusal are only in
        its own result)."""
        return sum(f.rows for f in self.files if not f.refused)

    @property
    def imported(self) -> int:
        return sum(f.imported for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def cleaned(self) -> int:
        """The complaint rows stored without the control characters or text-direction controls they held."""
        return sum(f.cleaned for f in self.files)

    @property
    def errors(self) -> list[dict]:
        return [e for f in self.files for e in f.errors]

    @property
    def refused(self) -> list[FileResult]:
        return [f for f in self.files if f.refused]

    def as_dict(self) -> dict:
        return {"rows": self.rows, "imported": self.imported, "duplicates": self.duplicates,
                "number_conflicts": sum(f.number_conflicts for f in self.files), "updated": self.updated, "cleaned": self.cleaned, "errors": self.errors,
                "files": [f.as_dict() for f in self.files], "dry_run": self.dry_run}


def _shell_word(name: str) -> str:
    """A file name as typed after a command: in double quotes when it holds a space, where a shell would split it."""
    return f'"{name}"' if not name or any(c.isspace() for c in name) else name


def same_receipt(stored: str | None, read: str | None) -> bool:
    """Whether two receipt times (``YYYY-MM-DD HH:MM:SS``) of a complaint under one work-order number are the same:
    equal, or equal to the minute when one of them is on a whole minute — an export re-saved by Excel (2026/7/1 9:15)
    keeps the times without their seconds, read as 09:15:00. Two times with seconds that differ are two times."""
    if stored == read:
        return True
    if not stored or not read or len(stored) != 19 or len(read) != 19 or stored[:16] != read[:16]:
        return False
    return stored.endswith(":00") or read.endswith(":00")


def import_entry(outcome: FileResult, officer: str) -> dict:
    """What the audit entry of one imported complaint file records (its digest is the entry's ``after``)."""
    return {"file": outcome.file, "profile": outcome.profile, "rows": outcome.rows, "imported": outcome.imported,
            "duplicates": outcome.duplicates, "updated": outcome.updated, "officer": officer}


def import_complaints(db: Database, paths: Iterable[str | Path], *, profile: str | None = None,
                      mapping: dict[str, str | None] | None = None, dry_run: bool = False,
                      progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
                      despite_header: bool = False, together: bool = False,
                      last_step: bool = True, command_line: bool = False) -> ComplaintImportResult:
    """Import complaint exports, each file in one transaction: a refused file (bad format, no header, bad
    rows) imports nothing and is reported in its result while the other files go on. ``profile`` names the
    channel (else detected from the header); ``mapping`` ({field: header text}, a text of a merged group's
    sub-header will do; an empty text leaves the field to the synonyms; None leaves the field out even where a
    synonym names a column) overrides the header synonyms and is remembered under the profile. A file whose header
    is plainly another channel's export than ``profile`` (``contradicting_profile``) is refused unless
    ``despite_header`` (the officer confirmed the channel). Cancelling rolls back the file being imported.

    ``command_line``: a refusal may tell what to do with the command's options (--profile,
    --channel-despite-header); the window's name none, but what to choose in its import wizard.

    With ``together`` (the command line's, whose exit 1 says nothing was changed) the files are imported all or
    none (``_all_or_none``): every file is still read, so that each refused one is reported with its reason.

    Cancel is heard up to the last commit, which is said to be past stopping (``cancel`` closed: the window greys
    its Cancel button) unless ``last_step`` is False: the caller imports more with the same token afterwards (the
    window's files, one call each)."""
    cancel = cancel or CancelToken()  # a token of its own: a shared default could be cancelled for everyone
    if profile is not None and profile not in profile_names() and not mapping and load_profile(db, profile) is None:
        raise UsageError(_("Unknown import profile {name}: use one of {names}.").format(
            name=profile, names=", ".join(profile_names())))
    if not dry_run:
        from workstation.repair import check_before_bulk_import

        check_before_bulk_import(db)  # not into a database a crash may have damaged
    result = ComplaintImportResult(dry_run=dry_run)
    paths = list(paths)
    given: set = set()  # the files given so far (``_same_file``)
    with _all_or_none(db, result, together):
        for number, path in enumerate(paths):
            path = Path(path)
            outcome = FileResult(file=readable_name(path))
            result.files.append(outcome)
            same = _same_file(path)
            outcome.given_twice = same in given
            given.add(same)
            # the files before this one that stay imported whatever stops it (none when imported together)
            kept = [] if together else [f for f in result.files[:-1] if not f.refused]
            try:
                _FileImport(db, path, outcome, profile, mapping, file_progress(progress, number, len(paths)),
                            cancel, despite_header, last=last_step and number == len(paths) - 1,
                            command_line=command_line).run(dry_run)
            except ImportRefused as exc:
                outcome.refused = exc.message
                outcome.undone()
                outcome.errors = exc.errors or [{"file": outcome.file, "row": None, "field": None,
                                                 "message": exc.message}]
            except DiskFull as exc:  # the other files would not fit either
                raise exc.not_imported(outcome.file, [f.file for f in kept]) from None
            except Cancelled:
                if kept:
                    raise cancelled_midway(outcome.file, [f.file for f in kept],
                                           [readable_name(p) for p in paths[number + 1:]],
                                           any(f.imported or f.updated for f in kept)) from None
                raise
    return result


def _same_file(path: Path) -> tuple | str:
    """What tells the file at ``path`` from others: its device and inode (two paths of one file, a link, the same
    path written otherwise), else the absolute path (a file not there, refused as such); on a drive numbering no
    file (a network or FAT drive's inode numbers all 0) the path resolved, links and the path written otherwise
    followed."""
    try:
        info = path.stat()
    except OSError:
        return str(path.absolute())
    if not info.st_ino:
        try:
            return str(path.resolve())
        except (OSError, RuntimeError):  # a loop of links: the path as written, made absolute
            return str(path.absolute())
    return info.st_dev, info.st_ino


class _SomeRefused(Exception):
    """Raised at the end of an import of files together when one of them was refused, to roll the others back."""


@contextmanager
def _all_or_none(db: Database, result: ComplaintImportResult, together: bool):
    """Around the import of ``result``'s files: with ``together`` in one transaction (each file's own a savepoint of
    it), rolled back when any file is refused, the others then ``withheld`` with their counts undone; a Cancel, a
    full disk or a crash rolls every file back too. Without, each file's transaction stands on its own."""
    if not together:
        yield
        return
    try:
        with db.atomic():
            yield
            if result.refused:
                raise _SomeRefused
    except _SomeRefused:
        result.withheld = True
        for outcome in result.files:
            outcome.undone()


def file_progress(progress: ProgressFn, number: int, count: int) -> ProgressFn:
    """``progress`` of the file ``number`` (0-based) of ``count`` imported one after the other: its message says
    which file of how many it is (第1个文件，共2个：…), as the bar restarts for each; a single file's as it is."""
    if count <= 1:
        return progress

    def said(done: int, total: int, message: str) -> None:
        progress(done, total, _("File {n} of {count}: {message}").format(n=number + 1, count=count, message=message))

    return said


class CancelledMidway(Cancelled):
    """An import of several files cancelled after some of them were imported (they stay imported); ``stored``:
    whether those stored any complaint, which a finished import would then have screened into leads."""

    def __init__(self, message: str, stored: bool):
        super().__init__(message)
        self.stored = stored


def cancelled_midway(file: str, imported: list[str], later: list[str], stored: bool = True) -> CancelledMidway:
    """The cancellation of an import of several files during ``file``, after the files ``imported`` (which stay
    imported; ``stored``: they stored complaints, not only duplicates), naming as well the files ``later`` in the
    list, which were not imported either."""
    if later:
        return CancelledMidway(_("Cancelled: {file} was not imported; the files imported before it ({files}) stay "
                                 "imported; the files after it were not imported either: {later}.").format(
            file=file, files="、".join(imported), later="、".join(later)), stored)
    return CancelledMidway(_("Cancelled: {file} was not imported; the files imported before it ({files}) stay "
                             "imported.").format(file=file, files="、".join(imported)), stored)


@dataclass(frozen=True)
class ExportHeader:
    """The header of an export as the import reads it: the column texts (a two-row header joined as
    "联系信息 / 来电号码"), the channel and {field: header text} of the mapped columns."""

    texts: list[str]
    profile: str | None
    mapping: dict[str, str]
    #: {header text: its first non-empty values (at most ``SAMPLE_VALUES``)}, from the first ``SAMPLE_ROWS`` rows
    #: below the header only (total rows left out), for checking the mapping against
    samples: dict[str, list[str]] = field(default_factory=dict)
    #: the complaint rows below the header, counted as the import counts them (blank, footnote and total rows left
    #: out, ``_RowCount``): every row of a workbook's sheet; for a CSV those read when it ends within the first
    #: rows, else an estimate from its first 64 kB (``rows_estimated``): the file is not read to count them
    rows: int = 0
    rows_estimated: bool = False


SAMPLE_ROWS = 20
SAMPLE_VALUES = 3


def read_header(db: Database, path: str | Path, *, profile: str | None = None,
                mapping: dict[str, str | None] | None = None, cancel: CancelToken | None = None,
                partial: bool = False) -> ExportHeader:
    """The header the import of ``path`` would use (for a column-mapping dialog); ImportRefused as the
    import would refuse the file; ``cancel`` is heard while a workbook's sheet is parsed. With ``partial`` a
    header naming at least one field is read although the import would still need the officer's choice of the
    complaint text's column (left out of the mapping) or of the channel (the profile then None); a file without
    any recognisable header is refused all the same, and so is one with no filled cell below its header (an
    export of an empty period), which the import refuses whatever columns are chosen, and, where the column of the
    complaint text is recognised, one whose only filled rows below the header are total rows (合计, 总计 …). The
    first values of each column (``samples``) and the rows below the header (``rows``) come from the rows read for
    the header and at most ``SAMPLE_ROWS`` more."""
    path = Path(path)
    reader = _FileImport(db, path, FileResult(file=readable_name(path)), profile, mapping, no_progress,
                         cancel or CancelToken())
    rows = open_rows(path, cancel)
    try:
        stream = iter(rows)
        head = reader._read_head(rows, stream)
        used, texts, columns = reader._header(head, partial)
        _refuse_same_headers(rows, texts, columns)
        total = _total_row_test(texts, columns)
        try:
            head.extend(itertools.islice(stream, max(0, used + SAMPLE_ROWS - len(head))))
        except rows.errors as exc:
            raise rows.refusal(exc, len(head) + 1) from None
        if "external_id" in columns and not isinstance(rows, CsvRows):  # not shown with digits lost: refused
            i_id = columns["external_id"]
            for number, row in enumerate(head[used:used + SAMPLE_ROWS], used + 1):
                if i_id < len(row) and type(row[i_id]) is not str and _digits_lost(row[i_id]):
                    raise _lost_digits(rows, number, i_id, texts[i_id], row[i_id])
        counted = _RowCount(texts, columns, head[max(0, used - 2):used])
        if isinstance(rows, CsvRows):
            filled = _filled_row_below(rows, head, used, stream, reader.cancel, total)
        else:  # the sheet is in memory already: its rows are counted as the import counts them, and those of the
            # later sheets it imports with them (``WorkbookRows.below_header``)
            filled = counted.read(rows, rows.below_header(head, used, stream, texts, reader.spec["scan_rows"]),
                                  reader.cancel, total)
        if not filled:
            raise ImportRefused(_("{file} holds no complaints below its header (row {row}): export the complaints "
                                  "again, checking the period and filters chosen, and import the new file.").format(
                file=readable_name(path), row=used))
    finally:
        rows.close()
    below = head[used:]
    if isinstance(rows, CsvRows) and below and below[-1] == [END]:  # a short CSV read to its end: counted
        count, estimated = sum(map(counted.counts, below[:-1])), False
    elif isinstance(rows, CsvRows):
        count, estimated = max(rows.estimated_rows() - used, len(below), 1), True
    else:
        count, estimated = counted.rows, False
    return ExportHeader(texts, reader.outcome.profile, {f: texts[c] for f, c in columns.items()},
                        _samples(texts, below[:SAMPLE_ROWS], total, isinstance(rows, CsvRows)), count, estimated)


class _RowCount:
    """The rows below a header of ``texts`` mapped to ``columns`` that the import counts as complaint rows, as
    ``_FileImport._records`` leaves rows out: blank and footnote rows, total rows (合计, 总计 …), the header (its rows
    ``header_lines``) repeated below the table, and signature and note lines (制表人：…) with no complaint after them
    on their sheet (one with complaints below it is a row of the table, counted with the first of them). Without the
    column of the complaint text (still to be chosen) a row counts when it has a filled cell and is no total row by
    its first filled cell."""

    def __init__(self, texts: list[str], columns: dict[str, int], header_lines: list[list]):
        self.width = max((c + 1 for c, t in enumerate(texts) if t), default=0)
        self.known = "text" in columns
        self.index = [columns.get(f, self.width) for f in ("text", "external_id", "received_at")]
        self.markers = tuple(complaint_spec()["total_markers"])
        self.footers = _footer_markers(complaint_spec())
        self.again = _header_copies(header_lines, self.width)
        self.rows = 0
        self.pending = 0  # the signature and note lines met since the last complaint row (``counts``)

    def counts(self, row: list) -> int:
        """How many rows the import counts as complaint rows with ``row``, the next row below the header: 0 for a
        row it leaves out; for a complaint row 1 and the signature and note lines above it since the last complaint
        row (rows of the table after all). ``pending`` is set to 0 where a sheet ends."""
        width = self.width
        cells = [cell_text(c) for c in row[:width]]
        cells += [""] * (width + 1 - len(cells))
        if tuple(c.strip() for c in cells[:width]) in self.again:
            self.pending = 0  # the lines under the table above it ended that table
            return 0
        lead = next((c for c in cells if c), "")
        if not self.known:
            if not lead or starts_total(lead, self.markers):
                return 0
            footer = starts_total(lead, self.footers)
        else:
            i_text, i_id, i_at = self.index
            text, external_id = cells[i_text].strip(), cells[i_id].strip()
            if _no_complaint(text, external_id, cells):
                return 0
            if ((starts_total(lead, self.markers) or ends_total(lead, self.markers)) and
                    _is_total(cells, self.markers, i_text, i_id, i_at)):
                return 0
            footer = _is_footer(cells, self.footers, i_text, i_id, i_at)  # 制表人：… | 审核人：…
        if footer:
            self.pending += 1
            return 0
        counted, self.pending = 1 + self.pending, 0
        return counted

    def read(self, rows: ExportRows, below, cancel: CancelToken, total=None) -> bool:
        """Count the rows of ``below`` ((row number, cells) of those below the header, a workbook's later sheets
        after the first) in ``self.rows``; whether any of them holds a filled cell, a total row (``total`` tells
        one) not counted, as ``_filled_row_below`` tells."""
        filled, number, sheet = False, 0, rows.sheet
        try:
            for number, row in below:
                if rows.sheet != sheet:  # the signature lines ending the sheet before stay left out
                    sheet, self.pending = rows.sheet, 0
                if n := self.counts(row):
                    self.rows += n
                    filled = True
                elif not filled and any(cell_text(c).strip() for c in row) and not (total and total(row)):
                    filled = True
                if not number % 1000:
                    cancel.check()
        except rows.errors as exc:
            raise rows.refusal(exc, number + 1) from None
        return filled


def _no_complaint(text: str, external_id: str, cells: list[str]) -> bool:
    """Whether a row below the header holds no complaint — blank, or a footnote or signature: no text, and no work
    order number or nothing else filled beside it (``text`` and ``external_id`` its stripped cells)."""
    return not text and (not external_id or sum(1 for c in cells if c) < 2)


def _samples(texts: list[str], below: list[list], total=None, text_only: bool = False) -> dict[str, list[str]]:
    """{header text: the first ``SAMPLE_VALUES`` non-empty values of its column in ``below``}, a header text
    twice taken at its first column (as the import maps it); total rows (``total`` tells one) left out. ``text_only``:
    a CSV's rows, whose cells kept as text are read as the import reads them (``unguarded``)."""
    samples: dict[str, list[str]] = {}
    rows = [row for row in below if not (total and total(row))]
    read = unguarded if text_only else str
    for column, text in enumerate(texts):
        if not text or text in samples:
            continue
        values = (without_unsafe(read(cell_text(row[column]))).strip() if column < len(row) else "" for row in rows)
        samples[text] = list(itertools.islice((v for v in values if v), SAMPLE_VALUES))
    return samples


def _total_row_test(texts: list[str], columns: dict[str, int]):
    """Whether a row below a header of ``texts`` mapped to ``columns`` is a total row the import leaves out, as its
    ``_is_total`` tells, or a signature or note line (``_is_footer``, left out below the last complaint); None when the column of the complaint text is not known yet (the officer's choice of it
    decides which rows are total rows). A row with a value beyond the header's last column is none: the import
    refuses it for that value."""
    if "text" not in columns:
        return None
    width = max((c + 1 for c, t in enumerate(texts) if t), default=0)
    markers = tuple(complaint_spec()["total_markers"])
    footers = _footer_markers(complaint_spec())
    index = [columns.get(f, width) for f in ("text", "external_id", "received_at")]

    def total(row: list) -> bool:
        cells = [cell_text(c) for c in row]
        if any(cells[width:]):
            return False
        cells = cells[:width] + [""] * (width + 1 - min(len(cells), width))
        return _is_total(cells, markers, *index) or _is_footer(cells, footers, *index)

    return total


def _filled_row_below(rows: ExportRows, head: list[list], used: int, stream, cancel: CancelToken,
                      total=None) -> bool:
    """Whether a row below the header's ``used`` rows holds any filled cell, a total row (``total`` tells one)
    not counted: the rest of ``head`` first, then ``stream`` up to the first such row (a file read as far as a row
    it cannot read is refused for that row)."""
    def filled(row: list) -> bool:
        return any(cell_text(c).strip() for c in row) and not (total and total(row))

    number = len(head)
    if any(filled(row) for row in head[used:]):
        return True
    try:
        for number, row in enumerate(stream, len(head) + 1):
            if filled(row):
                return True
            if not number % 1000:
                cancel.check()
    except rows.errors as exc:
        raise rows.refusal(exc, number + 1) from None
    return False


class _DryRun(Exception):
    """Raised at the end of a dry run to roll its transaction back."""


class _FileImport:
    """The import of one export file."""

    def __init__(self, db: Database, path: Path, outcome: FileResult, profile: str | None,
                 mapping: dict[str, str | None] | None, progress: ProgressFn, cancel: CancelToken,
                 despite_header: bool = False, last: bool = False, command_line: bool = False):
        self.db, self.path, self.outcome = db, path, outcome
        self.command_line = command_line  # a refusal may name the command's options (the window's names none)
        self.profile, self.mapping = profile, dict(mapping or {})
        self.despite_header = despite_header  # the channel chosen stands even where the header is another's
        self.progress, self.cancel = progress, cancel
        # the import's last file: the commit of the import follows its end (``_saving``); a file before it commits
        # (imported one by one) with Cancel still heard, at the next file's first look
        self.last = last
        self.spec = complaint_spec()
        self.error_count = 0
        self.error_row = 0  # the last row that could not be read (``_error``)
        self.header_rows = 0  # the rows the title and header take
        self.header_lines: list[list] = []  # the header's row or rows (and a title row above a one-row header)
        self.sheet_names: list[str] = []  # a workbook's sheets (``_read_head``)

    def run(self, dry_run: bool) -> None:
        if shared := shared_column(self.mapping):  # before anything is read: the header would lose one of them
            raise self._shared_column(*shared)
        rows = open_rows(self.path, self.cancel)  # Cancel is heard while a workbook's sheet is parsed
        try:
            stream = iter(rows)
            head = self._read_head(rows, stream)
            used, texts, columns = self._header(head)
            _refuse_same_headers(rows, texts, columns)
            self._refuse_error_cells(rows, used, texts, columns)
            self.header_rows = used
            self.header_lines = head[max(0, used - 2):used]
            # a workbook's later sheets of the same header follow, each checked for error cells as it is reached
            data = rows.below_header(head, used, stream, texts, self.spec["scan_rows"],
                                     lambda at: self._refuse_error_cells(rows, at, texts, columns))
            try:
                with self.db.atomic():
                    self._store(rows, data, texts, columns)
                    if dry_run:
                        raise _DryRun
                    self._saving(rows.total)
            except _DryRun:
                pass
        finally:
            rows.close()

    def _saving(self, total: int) -> None:
        """The last look at Cancel before the commit of the import's last file (or, imported together, of every
        file), said to be past stopping: the window greys its Cancel button at the report (``CancelToken.close``)."""
        self.cancel.check()
        if self.last:
            self.cancel.close()
            self.progress(total, total, _("Saving the import; it can no longer be cancelled"))

    def _text_taken(self, texts: list[str], lookup: dict[str, str]) -> str:
        """Why the header has no column of the complaint text when one of its columns is the text's by its header
        but was chosen for another field (``lookup``: the synonyms with the columns chosen and remembered over
        them): renaming it would change nothing; '' when none was."""
        synonyms = _synonyms()
        for text in texts:
            if _match(text, synonyms) == "text" and (other := _match(text, lookup)) not in (None, "text"):
                return _("{file}: the column {column}, which holds the complaint text by its header, is chosen for "
                         "{field}, and no other column for the complaint text. Choose the column of the complaint "
                         "text, then import the file again.").format(file=readable_name(self.path), column=text,
                                                                     field=field_label(other))
        return ""

    def _shared_column(self, header: str, first: str, second: str) -> ImportRefused:
        """The refusal of a mapping that chose the column ``header`` for two fields: one of them would lose it
        without a word (the complaint text then said to have no column at all, as if the header named none)."""
        return ImportRefused(_("{file}: the column {column} is chosen for both {first} and {second}, and a column is "
                               "imported as one field only. Choose another column for one of them (or “(none)”), "
                               "then import the file again.").format(
            file=readable_name(self.path), column=header, first=field_label(first), second=field_label(second)))

    def _refuse_error_cells(self, rows: ExportRows, used: int, texts: list[str], columns: dict[str, int]) -> None:
        """Refuse the file when a cell read into a complaint, below the header's ``used`` rows, shows a formula
        error (#N/A): read as empty, its complaint would be stored without its time or text."""
        read = set(columns.values())
        shown = sorted((row, column - rows.first_column) for row, column in getattr(rows, "error_cells", {})
                       if row >= used and column - rows.first_column in read)
        if shown:
            row, column = shown[0]
            code = rows.error_cells[(row, column + rows.first_column)]
            raise refused(self.path, row + 1, _("{file}, row {row}, {field}: {problem} Then import the file "
                                                "again.").format(file=rows.named, row=row + 1,
                                                                 field=texts[column], problem=cell_error_problem(code)))

    def _read_head(self, rows: ExportRows, stream) -> list[list]:
        """The first rows, where the header is looked for."""
        head: list[list] = []
        self.sheet_names = getattr(rows, "sheet_names", [])  # the header is looked for on the first
        try:
            head.extend(itertools.islice(stream, self.spec["scan_rows"]))
        except rows.errors as exc:
            raise rows.refusal(exc, len(head) + 1) from None
        return head

    # --- the header -------------------------------------------------------------------------------------

    def _header(self, head: list[list], partial: bool = False) -> tuple[int, list[str], dict[str, int]]:
        """How many of the first rows the title and header take, the header texts and {field: column}. With
        ``partial`` (the column-mapping step) a header naming any field will do: the column of the complaint
        text and the channel may be left for the officer to choose (the profile then None); and where no row names
        any, the first row of two text cells or more is taken for the header (``_first_text_row``), its every column
        left for the officer to choose."""
        saved = saved_profiles(self.db)
        chosen = {self.profile: saved.get(self.profile, {})} if self.profile else saved
        lookup = _synonyms()
        for remembered in [*chosen.values(), self.mapping]:
            lookup.update({normalize_header(h): f for f, h in remembered.items() if h})

        def named(texts: list[str]) -> int:
            return len({_match(t, lookup) for t in texts} - {None})

        singles = [named(header_texts(row)) for row in head]
        best: tuple[int, int, list[str]] = (0, 0, [])
        for i, row in enumerate(head):
            if singles[i] > best[0]:
                best = (singles[i], i + 1, header_texts(row))
            if i + 1 < len(head) and singles[i] and singles[i + 1]:
                # a two-row header only when it names more fields than either of its rows alone (a title row
                # above a header joins it without naming anything more)
                texts = two_row_header(row, head[i + 1])
                if named(texts) > max(singles[i], singles[i + 1], best[0]):
                    best = (named(texts), i + 2, texts)
            if i + 1 < len(head) and singles[i] and sub_header_row(row, head[i + 1]):
                # a header row alone, but the row below names the columns of a group merged across (诉求人 over
                # 姓名 | 电话): both rows make the header ("诉求人 / 电话"), its data below them
                texts = two_row_header(row, head[i + 1])
                if named(texts) >= max(singles[i], best[0]):
                    best = (named(texts), i + 2, texts)
            elif i + 1 < len(head) and not singles[i] and singles[i + 1] and group_row(row, head[i + 1]):
                # a row of group names only (工单信息 over 工单编号 | 受理时间), naming no field, over the header: its
                # names, with those of the columns merged down over both rows (序号, 办理状态), which the lower row
                # alone would leave without a header (a value under it refused as beyond the header)
                texts = grouped_header(row, head[i + 1])
                if named(texts) >= max(singles[i + 1], best[0]):
                    best = (named(texts), i + 2, texts)
        score, used, texts = best
        if partial and not score:  # no wording known (序号, 单号, 联系手机 …): the officer maps the columns
            used, texts = _first_text_row(head) or (used, texts)
        fields = {_match(t, lookup) for t in texts}
        missing = [f for f in self.spec["required"] if f not in fields]
        if (score < self.spec["min_fields"] or missing) and not (partial and (score or texts)):
            words = self.spec["fields"]
            if score and "text" in missing and (taken := self._text_taken(texts, lookup)):
                raise ImportRefused(taken)  # its header names it, but a column chosen took it for another field
            if score and "text" in missing:  # a header, but the column of the complaint text is not recognised
                raise refused(self.path, used, (_(
                    "{file}, row {row}: no column of this header is recognised as the complaint text ({text}). "
                    "Rename that column to one of these headers (or choose its column once in the import wizard of "
                    "the window, which remembers it for the channel and for --profile), then import the file "
                    "again.") if self.command_line else _(
                    "{file}, row {row}: no column of this header is recognised as the complaint text ({text}). "
                    "Choose its column in the import wizard (it is remembered for the channel), or rename that "
                    "column to one of these headers; then import the file again.")).format(
                    file=readable_name(self.path), row=used, text="/".join(words["text"][:4])))
            message = _("{file}: no recognisable header row in the first {n} rows. A complaint export needs a "
                        "column of the complaint text ({text}) and at least one more, such as {others}.").format(
                file=readable_name(self.path), n=self.spec["scan_rows"], text="/".join(words["text"][:4]),
                others="、".join(words[f][0] for f in STORED[:3]))
            if not partial:  # the import: a header of other wordings is mapped once in the window's wizard
                message = join_sentences([message, _(
                    "Rename its columns to these headers, or choose its columns once in the import wizard of the "
                    "window, which remembers them for the channel and for --profile; then import the file "
                    "again.") if self.command_line else _(
                    "Rename its columns to these headers, or choose its columns once in the import wizard (they "
                    "are remembered for the channel); then import the file again.")])
            if len(self.sheet_names) > 1:  # the complaints may be on another sheet than the first, the one read
                message = join_sentences([message, _(
                    "Only the first of the workbook's {count} sheets ({names}) is read: put the sheet of the "
                    "complaints first, save the workbook and import it again.").format(
                    count=len(self.sheet_names), names="、".join(self.sheet_names))])
            raise ImportRefused(message)
        self.outcome.profile = self.profile or detect_profile(texts, saved)
        if not partial and not self.despite_header and (
                found := contradicting_profile(texts, self.profile, saved)):
            raise ImportRefused(self._wrong_channel(texts, found, saved))
        if self.outcome.profile is None and not partial:
            if not self.command_line:
                raise ImportRefused(_("{file}: the header does not tell which channel the complaints came from; "
                                      "choose its channel ({names}) in the import wizard.").format(
                    file=readable_name(self.path), names="、".join(profile_label(n) for n in profile_names())))
            raise ImportRefused(_("{file}: the header does not tell which channel the complaints came from; choose "
                                  "the profile ({names}).").format(file=readable_name(self.path),
                                                                   names=", ".join(profile_names())))
        return used, texts, self._columns(texts, *profile_choices(self.db, self.outcome.profile), partial)

    def _wrong_channel(self, texts: list[str], found: str, saved: dict[str, dict[str, str | None]]) -> str:
        """Why a file whose header is plainly another channel's export is not imported as the channel chosen."""
        own = {normalize_header(h) for h in [*complaint_spec()["profiles"].get(found, {}).get("headers", []),
                                             *(h for h in saved.get(found, {}).values() if h)]}
        named = [t for t in texts if _match(t, dict.fromkeys(own, found))][:3]
        if not self.command_line:  # the window: what to choose in its wizard, no option of the command
            return _("{file}: its header ({columns} …) is that of a {found} export, not of {chosen} as chosen: its "
                     "complaints would be recorded as received through the wrong channel. Choose the channel "
                     "{found} for it in the import wizard (or let the header tell it); if it really came through "
                     "{chosen}, confirm that channel when the wizard asks.").format(
                file=readable_name(self.path), columns="、".join(named), found=profile_label(found),
                chosen=profile_label(self.profile))
        return _("{file}: its header ({columns} …) is that of a {found} export, not of {chosen} as chosen: its "
                 "complaints would be recorded as received through the wrong channel. Import it with --profile "
                 "{key} (or without --profile: the channel is recognised from the header); if it really came "
                 "through {chosen}, add --channel-despite-header.").format(
            file=readable_name(self.path), columns="、".join(named), found=profile_label(found),
            chosen=profile_label(self.profile), key=found)

    def _columns(self, texts: list[str], saved: dict[str, str | None], chosen_for: dict[str, str],
                 partial: bool = False) -> dict[str, int]:
        """{field: column}: the header synonyms', then the channel's remembered choices where they apply
        (``remembered_choices``: named in the summary), then the columns chosen for this file (``mapping``)."""
        columns = header_columns(texts)
        remembered = remembered_choices(texts, columns, saved, chosen_for)
        for name, column in remembered.items():
            if column is None:
                columns.pop(name, None)  # chosen not to be imported, whatever its synonyms would match
            else:
                columns[name] = column
        # a header chosen names a column by its whole text or, under a merged group, by its sub-header
        position = _positions(texts)
        chosen: dict[int, str] = {}  # {column: the field chosen for it}: one column is read for one field
        for name, header in self.mapping.items():
            if header is None:
                columns.pop(name, None)
            elif not header:
                continue  # no choice made: the header synonyms decide
            elif normalize_header(header) in position:
                column = position[normalize_header(header)]
                if column in chosen:  # named two ways (its whole text, its sub-header under a merged group)
                    raise self._shared_column(texts[column], chosen[column], name)
                columns[name], chosen[column] = column, name
            else:
                raise ImportRefused(_("{file}: the column {header} chosen for {field} is not in the header "
                                      "row.").format(file=readable_name(self.path), header=header,
                                                     field=field_label(name)))
            if name in remembered and columns.get(name) != remembered[name]:
                del remembered[name]  # the officer chose otherwise for this file
        self.outcome.remembered = {name: None if column is None else texts[column]
                                   for name, column in remembered.items()}
        # no column read as the complainant's number (and none chosen not to be): a telephone column left unread
        # is named, the complaints being stored without the number
        left_out = self.mapping.get("complainant_phone", "") is None or remembered.get("complainant_phone", 0) is None
        if "complainant_phone" not in columns and not left_out:
            read = set(columns.values())
            self.outcome.unread_phone = [t for c, t in enumerate(texts) if t and c not in read and any(
                word in normalize_header(t) for word in _PHONE_WORDS)]
        if "text" not in columns and not partial:
            raise ImportRefused(_("{file}: no column holds the complaint text; choose it in the column mapping.")
                                .format(file=readable_name(self.path)))
        return columns

    # --- the rows ---------------------------------------------------------------------------------------

    def _store(self, rows: ExportRows, data, texts: list[str], columns: dict[str, int]) -> None:
        outcome, db = self.outcome, self.db
        before = last_rowid(db)
        rules = prescreen_rules(db)
        in_force = rules or rules_for(db)
        self.numbers: list[tuple[str, str]] = []  # the index of numbers' rows of the batch being read
        # complaints stored without a work-order id may be rows of this export with one: such rows carry their key
        self.attach = keyed_without_work_order(db)
        self.several: list[str] = []  # the new complaints whose complainant's cell gives several numbers
        # the new complaints whose complainant's number is written masked (stored as none): {id: the digits earlier
        # versions stored for it}, by which a complaint they stored is found again (``_same_numbers``)
        self.hidden: dict[str, str] = {}
        # those of the batch being read: {id: the digits the masked number shows (``masked_numbers``)}, stored with
        # them (``complainant_masked``, m060)
        self.masked: dict[str, str] = {}
        # and the sheet of a workbook of several each came from: {id: sheet name} (``source_sheet``, m065)
        self.sheets: dict[str, str] = {}
        numbered = "external_id" in columns
        # {work-order number in upper case and ASCII: the number as stored or first met otherwise} (``_as_stored``)
        self.written_otherwise = ids_stored_otherwise(db, outcome.profile) if numbered else {}
        audit = AuditWriter(db)  # the stored complaints this file gives their work-order ids
        records = self._records(rows, data, texts, columns, rules, in_force)
        message = _("Importing {file}").format(file=outcome.file)
        with deferred_complaint_index(db, numbers=False):
            # an export without the work-order column may repeat complaints stored with their ids, found by their
            # number and time (``numbered_by_content``): that index stays while it is imported
            keep = ("complaints_complainant",) if "external_id" not in columns and numbered_searchable(db) else ()

            def indexing(done: int, count: int) -> None:  # the indexes dropped for the rows built again, one by one
                # in the bar's last twentieth, after the rows' nineteen: it never goes back
                self.cancel.check()
                self.progress(rows.total - rows.total * (count - done) // (20 * count), rows.total,
                              _("Indexing the complaints of {file}").format(file=outcome.file))

            with rebuilt_indexes(db, rows.estimated_rows(), keep, between=indexing):
                stored = 0  # the number of the last row stored
                first = None  # the file's first complaint row
                while True:
                    self.cancel.check()
                    batch = list(itertools.islice(records, BATCH))
                    if not batch:
                        break
                    if numbered and not self.error_count:
                        batch = numbered_as_written_before(db, batch)  # stored as 123.0 by an earlier version
                        batch = self._as_stored(batch)  # stored or met before in another case or width
                    first = first or batch[0]
                    if not self.error_count:
                        new = batch
                        if self.attach:
                            new, attached = attach_work_orders(db, batch, audit)
                            outcome.updated += attached
                        inserted = insert_complaints(db, new)
                        outcome.imported += inserted
                        if self.masked:  # the rows left out as repeats are no complaints: nothing is updated
                            db.conn.executemany("UPDATE complaints SET complainant_masked = ? WHERE id = ?",
                                                [(masked, cid) for cid, masked in self.masked.items()])
                        if self.sheets:
                            db.conn.executemany("UPDATE complaints SET source_sheet = ? WHERE id = ?",
                                                [(sheet, cid) for cid, sheet in self.sheets.items()])
                        if numbered and inserted < len(new):  # rows left out: some may repeat a number of the file
                            self._same_numbers(new, before)
                        insert_numbers(db, self.numbers)
                    self.numbers.clear()
                    self.masked.clear()
                    self.sheets.clear()
                    stored = batch[-1][7]
                    self.progress(rows.position(stored) * 19 // 20, rows.total, message)
            self.cancel.check()  # the last index built again
            last, number, short = self.end
            # the last row cut short, stored or refused (a row cut before its text has none): the file is incomplete
            rows.check_end(last, number, short if short in (stored, self.error_row) else 0,
                           number - 1 in (stored, self.error_row))
            if self.error_count:
                first = outcome.errors[0]
                if "sheet" in first:  # on a later sheet of a workbook, whose rows it numbers
                    raise ImportRefused(ngettext(
                        "{file}: {n} row cannot be read; nothing was imported from this file. First: sheet {sheet}, "
                        "row {row}, {field}: {message}", "{file}: {n} rows cannot be read; nothing was imported from "
                        "this file. First: sheet {sheet}, row {row}, {field}: {message}", self.error_count).format(
                        n=self.error_count, **first), outcome.errors)
                raise ImportRefused(ngettext(
                    "{file}: {n} row cannot be read; nothing was imported from this file. First: row {row}, {field}: "
                    "{message}", "{file}: {n} rows cannot be read; nothing was imported from this file. First: "
                                 "row {row}, {field}: {message}", self.error_count).format(n=self.error_count, **first),
                                    outcome.errors)
            if not outcome.rows:
                raise ImportRefused(_("{file} holds no complaints below its header (row {row}): export the complaints "
                                      "again, checking the period and filters chosen, and import the new file.").format(
                    file=outcome.file, row=self.header_rows))
            # a row under a stored number with another complaint is a conflict, counted apart (``number_conflicts``)
            outcome.duplicates = outcome.rows - outcome.imported - outcome.updated - outcome.same_numbers
            # the file's own entry, in its transaction: which file came in by which channel, its rows and what they
            # did, and who imported it (a register import writes one per case, a screening run one per run); a file
            # whose every row was stored already changes nothing, and leaves nothing either
            if outcome.imported or outcome.updated:
                audit.add("import", "complaints", outcome.file, None, import_entry(outcome, audit.actor))
            audit.flush()
            if not outcome.imported:  # all stored already: the summary says when (its first row's stored copy)
                outcome.stored_before = first_stored(db, first[1], first[2], first[-1], first[3], first[10])
            outcome.same_as = _link_same_complaints(db, before, outcome.profile, self.spec["same_complaint"],
                                                    self.several)
            outcome.sheets_left_out = list(rows.sheets_left_out)
            self.cancel.check()  # the same complaints linked
        self.cancel.check()  # the new texts indexed for search (``deferred_complaint_index``)
        if self.mapping:
            remember_mapping(db, outcome.profile, self.mapping, texts)
        self.progress(rows.total, rows.total, message)

    def _records(self, rows: ExportRows, data, texts: list[str], columns: dict[str, int], rules: Rules | None,
                 in_force: Rules):
        """The complaint rows to insert (values in ``INSERT_COLUMNS`` order), blank, footnote and total rows
        left out; a row whose time cannot be read is counted in the errors instead. With ``rules`` each row is
        screened as it is read (the screening run that follows then only groups); without, its screening
        columns stay empty for that run. ``in_force`` are the rules in force (``rules`` when given): the area code
        of a complainant's landline written without one, and how the numbers a text writes read, which go to
        ``self.numbers`` as (numbers, complaint id) for the index of numbers (``insert_numbers``): the text is read
        for its numbers once, for that index and for screening alike.
        This loop is the import's hot path: keep it free of function calls that are not needed for every row."""
        outcome, name, source = self.outcome, self.outcome.file, self.outcome.profile
        width = max((c + 1 for c, t in enumerate(texts) if t), default=0)
        prefixes = [encode_basestring(k) + ":" for k in _raw_keys(texts[:width])]
        pad = [""] * (width + 1)
        index = {f: columns.get(f, width) for f in STORED}  # a field without a column reads the padding cell
        i_id, i_at, i_phone, i_text = (index[f] for f in ("external_id", "received_at", "complainant_phone", "text"))
        i_target, i_address, i_district = index["target_name"], index["address"], index["district"]
        markers = tuple(self.spec["total_markers"])
        initials = {m[0] for m in markers} | {" ", "\u3000", "\t"}  # a total row may start with spaces
        finals = {m[-1] for m in markers} | {" ", "\u3000", "\t", ":", "："}  # ... and end with a marker (南海区小计)
        # signature and note lines below the table (制表人：… | 审核人：…, 导出时间：…, 注：…): (row number, sheet, the
        # row as read) of those met since the last complaint, left out when no complaint follows them on their sheet;
        # where one does, they were rows of the table: read again as such (``replay``: (row number, row as read) of
        # them and of that complaint's row, ``replayed``: the numbers of those lines, no longer taken for lines)
        footers = _footer_markers(self.spec)
        footer_initials = {m[0] for m in footers} | {" ", "\u3000", "\t"}
        pending: list[tuple[int, str | None, list]] = []
        replay: list[tuple[int, list]] = []
        replayed: set[int] = set()
        # the header again below the table (exports of several days pasted one under another): left out like a
        # total row; looked at only for a row whose text is a header's, or whose time cannot be read
        again = _header_copies(self.header_lines, width)
        again_texts = tuple({copy[i_text] for copy in again} - {""}) if i_text < width else ()
        text_only = isinstance(rows, CsvRows)
        stamp = now()
        # a time after today is refused; one later today is not: the computer's clock may be behind the hotline's
        last_day = today()
        screened_at = stamp if rules is not None else None
        unscreened = ("", "", "", "")
        # most complaints name no keyword at all: one search tells (what ``classify`` finds first), and only the
        # others are screened in full
        keyword = rules.may_classify if rules is not None else None
        area_code = in_force.phones["default_area_code"]
        landline_codes = tuple(self.spec.get("numeric_landline_area_codes", ()))  # as ``lost_zero_codes``
        # most texts write no number otherwise than normalised: one search tells (``numbers_written_otherwise``)
        may_write, numbers = MAY_WRITE_OTHERWISE.search, self.numbers
        ids = id_stream()  # increasing: the primary key index grows at its end
        keys: set[str] = set()  # the content keys of this file's rows without a work-order id
        valid_days, normal_clock = _VALID_DAYS, _NORMAL_CLOCK.fullmatch
        attach = self.attach
        several, hidden_digits, masked_cells = self.several, self.hidden, self.masked
        # a workbook of several sheets: each complaint's sheet, whose rows number it (``source_sheet``, m065); a
        # sheet after empty ones (``rows.sheet`` from the start: those are no longer in ``sheet_names``) is named too
        sheet_names = getattr(rows, "sheet_names", None) or []
        first_sheet, sheet_cells = (str(sheet_names[0]) if len(sheet_names) > 1 else None), self.sheets
        districts: dict[str, str] = {"": ""}  # the district column as written -> the district it names (few values)
        counted = number = short = shorter = cleaned = 0
        unsafe, strip_unsafe = UNSAFE_TEXT.search, UNSAFE_TEXT.sub
        row = None
        try:
            unread = iter(data)
            while True:  # a loop broken off to read lines again as rows (``replay``) goes on with them first
                for number, row in (itertools.chain(replay, unread) if replay else unread):
                    given = row  # the row as read: replayed so (padded in place at most, as it is again)
                    length = len(row)
                    if length == width:
                        row.append("")
                    elif length < width:
                        shorter, short = short, number
                        row += pad[length:]
                    else:
                        if any(c != "" and c is not None for c in row[width:]):
                            raise _beyond_header(rows, number, row, width)
                        row = row[:width]
                        row.append("")
                    cell, landline, guarded = row[i_at], None, None
                    if not text_only:  # workbook cells: numbers and date-times as the text they show
                        if type(row[i_id]) is not str and _digits_lost(row[i_id]):
                            # a work-order number of more digits than a number keeps: stored so, it would be another's
                            raise _lost_digits(rows, number, i_id, texts[i_id], row[i_id])
                        if type(row[i_phone]) is not str:  # a landline stored as a number lost its 0
                            landline = numeric_landline(row[i_phone], landline_codes)
                        row = [c if type(c) is str else cell_text(c) for c in row]
                    elif "'" in (line := "".join(row)) or "=" in line:
                        # a CSV's cells kept as text ('202603010002, ="2026-03-01 09:30:00") read as the values they are
                        if (plain := [unguarded(c) for c in row]) != row:
                            guarded, row = row, plain
                            cell = row[i_at]
                    # control characters and text-direction controls (a U+202E shows a number reversed) are left out
                    # of every cell as it is stored; a CSV's END line, all else empty, stays the end it marks
                    joined = line if text_only and guarded is None else "".join(row)  # a CSV row unchanged: joined once
                    if dirty := (unsafe(joined) and (row[0] != END or any(row[1:]))):
                        as_written, row = row, [strip_unsafe("", c) for c in row]
                        if type(cell) is str:
                            cell = row[i_at]
                    # the row as earlier versions stored it: its cells kept as text as written (cleaned, by a version
                    # cleaning cells), and before cells were cleaned
                    earlier = () if guarded is None and not dirty else (as_written,) if guarded is None else (
                        ([strip_unsafe("", c) for c in guarded], guarded) if dirty else (guarded,))
                    received = row[i_at]
                    raw = "{" + ",".join(map(add, prefixes, map(encode_basestring, row))) + "}"  # as written
                    text, external_id = row[i_text].strip(), row[i_id].strip()
                    if "." in external_id and _WHOLE_FLOAT.fullmatch(external_id):
                        external_id = external_id[:-2]  # 123.0 is work order 123, as a workbook's number cell reads
                    if ("E" in external_id or "e" in external_id) and _SCIENTIFIC.fullmatch(external_id):
                        # each row would be another's duplicate
                        raise self._scientific(rows, number, texts[i_id], external_id)
                    if _no_complaint(text, external_id, row):
                        continue  # blank, footnote or signature rows below the table
                    lead = row[0] or next((c for c in row if c), "")
                    if (lead[:1] in initials or lead[-1:] in finals) and _is_total(row, markers, i_text, i_id, i_at):
                        continue
                    if text in again_texts and tuple(c.strip() for c in row[:width]) in again:
                        pending.clear()  # the lines under the table above it ended that table
                        continue
                    if lead[:1] in footer_initials and _is_footer(row, footers, i_text, i_id, i_at):
                        if number not in replayed:
                            pending.append((number, rows.sheet, given))
                            continue
                        replayed.discard(number)  # a row of the table after all: read as one
                    if pending:  # a complaint below them on their sheet: they were rows of the table, read again
                        # as such before this row (nothing of it kept yet); those ending an earlier sheet stay out
                        replay = [(at, line) for at, sheet, line in pending if sheet == rows.sheet]
                        pending.clear()
                        if replay:
                            replayed.update(at for at, _line in replay)
                            replay.append((number, given))
                            break
                    counted += 1
                    if dirty:
                        cleaned += 1
                    if not text:  # a work order's number and a cell more, its text left empty: no complaint to store
                        self._error(number, texts[i_text], _empty_text(), rows.sheet)
                        continue
                    # already YYYY-MM-DD HH:MM:SS (a workbook's date-time cell always is): a date validated before
                    # and an ASCII clock in range are all there is to check; any other text is parsed in full
                    if not (type(received) is str and len(received) == 19 and received[10] == " "
                            and received[:10] in valid_days and normal_clock(received, 11)):
                        try:
                            received = parse_received(cell)
                        except ValueError as exc:
                            if tuple(c.strip() for c in row[:width]) in again:
                                counted -= 1
                                continue
                            self._error(number, texts[i_at], str(exc), rows.sheet)
                            continue
                    if received and received[:10] > last_day:
                        self._error(number, texts[i_at], _after_today(received, last_day), rows.sheet)
                        continue
                    if received and received < EARLIEST_RECEIVED:  # a date cell of 1900, a year mistyped
                        self._error(number, texts[i_at], _before_earliest(received), rows.sheet)
                        continue
                    phone, hidden = landline or row[i_phone], ""
                    masked = ""
                    if not (len(phone) == 11 and phone[0] == "1" and phone.isascii() and phone.isdigit()):
                        if ("E" in phone or "e" in phone) and _SCIENTIFIC.fullmatch(phone):
                            raise self._scientific(rows, number, texts[i_phone], phone)
                        if _MASKED.search(phone):  # stored as no number; earlier versions stored its digits
                            hidden = complainant_digits(phone, area_code, landline_codes, hidden=True)
                            # the digits it shows, by which the complainant's own number is told in the text
                            masked = masked_numbers(phone, area_code, landline_codes)
                        phone = complainant_digits(phone, area_code, landline_codes)
                    target, address, district = row[i_target].strip(), row[i_address].strip(), row[i_district].strip()
                    if (named := districts.get(district)) is None:
                        named = district_named(district, in_force)
                        if len(districts) < 1000:
                            districts[district] = named
                    district = named
                    cid, scan = next(ids), None
                    if " " in phone:  # several numbers (``complainant_digits``), all the complainant's own
                        several.append(cid)
                    if hidden:
                        hidden_digits[cid] = hidden
                    if masked:
                        masked_cells[cid] = masked
                    if (sheet := rows.sheet or first_sheet) is not None:
                        sheet_cells[cid] = sheet
                    if may_write(text):
                        scan = phone_scan(text, in_force)
                        if written := numbers_in_scan(text, in_force, scan):
                            numbers.append((written, cid))
                    if keyword is None or not keyword(text):
                        found = unscreened
                    else:
                        *found, district = screen_complaint(text, tuple(phone.split()) if " " in phone else phone,
                                                            target, address, district, rules, scan, masked=masked)
                    key = None
                    if dirty and self.stored_with_id_as_written(external_id, as_written[i_id].strip()):
                        # imported before its cells were cleaned, under its id as written: the unique index leaves the
                        # row out as a duplicate of that complaint
                        external_id = as_written[i_id].strip()
                    if not external_id:  # found again by what it says (``insert_complaints`` leaves a repeat out)
                        key = content_key(source, received, phone, text, row[:width])
                        for before in earlier:
                            if self.stored_as_written(key, written := content_key(
                                    source, received, phone, before[i_text].strip(), before[:width])):
                                key = written  # imported before its cells were cleaned or read: a duplicate of it
                                break
                        if " " in phone and self.stored_as_written(key, first_key := content_key(
                                source, received, phone.split(" ", 1)[0], text, row[:width])):
                            key = first_key  # stored by a version keeping the first number of several: the same complaint
                        if hidden and self.stored_as_written(key, digits_key := content_key(
                                source, received, hidden, text, row[:width])):
                            key = digits_key  # stored by a version keeping a masked number's digits: the same complaint
                        if key in keys:
                            outcome.repeated += 1
                        keys.add(key)
                    elif attach:  # the key of the row as an export without the work-order column wrote it
                        key = content_key(source, received, phone, text, row[:i_id] + row[i_id + 1:width])
                    yield (cid, source, external_id, received, text, raw, name, number, stamp, source, phone,
                           target, address, district, *found, screened_at, key)
                else:
                    break
            # the last row read and the last short row before it (a CSV's last row is its END line)
            self.end = (row, number, shorter if short == number else short)
        except rows.errors as exc:
            raise rows.refusal(exc, number + 1) from None
        finally:
            outcome.rows, outcome.cleaned = counted, cleaned

    def _same_numbers(self, rows: list[tuple], before: int) -> None:
        """Name in the outcome each of ``rows`` (a batch just inserted, in ``INSERT_COLUMNS`` order) left out as a
        duplicate of a complaint stored under its work-order id but with another receipt time, complainant's number
        or text: one stored from this file (after the rowid ``before``; ``FileResult.same_number_row``), two
        complaints given one number, the later one not imported; or one an earlier import stored
        (``FileResult.earlier_number_row``), its file and row named. One look at the work-order index for the batch's
        ids, only for a batch some of whose rows were left out."""
        ids = [r[2] for r in rows if r[2]]
        if not ids:
            return
        # the unique work-order index (never the rowid: a range holding every complaint of the file so far)
        stored = {external_id: (rowid > before, row, file, (received, phone, text))
                  for rowid, external_id, received, phone, text, row, file in self.db.execute(
                      "SELECT rowid, external_id, received_at, complainant_phone, text, source_row, source_file FROM "
                      "complaints WHERE source = ? AND external_id != '' AND external_id IN (SELECT value FROM "
                      "json_each(?))", [rows[0][1], json.dumps(ids)])}
        for r in rows:
            first = stored.get(r[2]) if r[2] else None
            if first is None:
                continue
            mine, row, file, (received, phone, text) = first
            if mine:
                if row != r[7] and (not same_receipt(received, r[3]) or (phone, text) != (r[10], r[4])):
                    self.outcome.same_number_row(r[7], row, r[2])
            elif not same_receipt(received, r[3]) or without_unsafe(text or "") != r[4] or (
                    phone != r[10] and phone != r[10].split(" ", 1)[0] and not given_area_code(phone, r[10])
                    and phone != self.hidden.get(r[0])):
                # an earlier version kept control characters in the text, and stored a landline without its area
                # code or leading 0, or a masked number's digits: the same complaint all the same
                self.outcome.earlier_number_row(r[7], file or "", row or 0, r[2])

    def _as_stored(self, rows: list[tuple]) -> list[tuple]:
        """``rows`` (a batch in ``INSERT_COLUMNS`` order) with each work-order number that differs only in case or
        width (m2, M2, ｍ２: one ``work_order_id``) from one stored, or met earlier in the file, carrying that one, so
        that the unique index leaves the row out as a repeat of its complaint; also one an earlier version stored
        with the apostrophe or ="…" of a CSV cell kept as text (``ids_stored_otherwise``). A number is stored as the
        export first wrote it. One look at the work-order index for the batch's numbers not in upper case and ASCII
        (a batch without any: none)."""
        otherwise = self.written_otherwise  # {number read: the number as stored or first met, when they differ}
        unread = {n for n in map(itemgetter(2), rows) if n and work_order_id(n) != n}
        held: set[str] = set()
        if unread:
            asked = unread | {work_order_id(n) for n in unread}
            held = {stored for (stored,) in self.db.execute(
                "SELECT external_id FROM complaints WHERE source = ? AND external_id != '' AND external_id IN "
                "(SELECT value FROM json_each(?))", [rows[0][1], json.dumps(sorted(asked))])}
        out, plain = [], set()  # the numbers of the batch in upper case and ASCII, met so far
        for row in rows:
            number = row[2]
            if not number:
                out.append(row)
                continue
            read = work_order_id(number)
            if read in otherwise:
                number = otherwise[read]
            elif read == number:
                plain.add(number)
            elif number not in held:
                if read in held or read in plain:
                    number = read
                else:  # first met written so: later rows writing it otherwise are this one
                    otherwise[read] = number
            out.append(row if number == row[2] else (row[0], row[1], number, *row[3:]))
        return out

    def stored_as_written(self, key: str, written_key: str) -> bool:
        """Whether a complaint holding control characters or text-direction marks, whose content key is ``key``
        once cleaned, was stored by an import before cells were cleaned: under ``written_key``, the key of its row as
        the file wrote it (that import kept the characters in its text and key). Its row is then a duplicate, not
        another complaint. Only such rows are looked up, one at a time: few files hold them."""
        return written_key != key and self.db.execute("SELECT 1 FROM complaints WHERE content_key = ? LIMIT 1",
                                                      [written_key]).fetchone() is not None

    def stored_with_id_as_written(self, external_id: str, written_id: str) -> bool:
        """Whether a complaint whose work-order id holds control characters or text-direction marks, ``external_id``
        once cleaned, was stored by an import before cells were cleaned: under ``written_id``, the id as the file
        wrote it (that import kept the characters in the id). Its row then repeats that complaint, as a row of the
        same id does. Only such rows are looked up, one at a time (the unique index of work-order ids): few files
        hold them."""
        return written_id not in ("", external_id) and self.db.execute(
            "SELECT 1 FROM complaints WHERE source = ? AND external_id = ? AND external_id != '' LIMIT 1",
            [self.outcome.profile, written_id]).fetchone() is not None

    def _scientific(self, rows: ExportRows, row: int, header: str, value: str) -> ImportRefused:
        """The refusal of a file whose work-order number or complainant's number in ``row`` is a number Excel wrote
        in scientific notation (1.38001E+10): its last digits are lost, so the complaint's number, and whether two
        rows are the same complaint, can no longer be told."""
        return refused(self.path, row, _("{file}, row {row}, {field}: {value} is a number Excel wrote in "
                                         "scientific notation, which lost its last digits. Export the complaints "
                                         "again from the system, or format that column as text (number format 0) "
                                         "in the original workbook before saving it as CSV, then import the new "
                                         "file.").format(file=rows.named, row=row, field=header,
                                                         value=value.strip()))

    def _error(self, row: int, header: str, message: str, sheet: str | None = None) -> None:
        """Count a row that cannot be stored, listing the first ones: ``sheet`` names a workbook's sheet after the
        first (its rows numbered as that sheet numbers them), as a register's errors name theirs."""
        self.error_count += 1
        self.outcome.error_count = self.error_count
        self.error_row = row
        if len(self.outcome.errors) < ERROR_LIMIT:
            where = {"sheet": sheet} if sheet else {}
            self.outcome.errors.append({"file": self.outcome.file, **where, "row": row, "field": header,
                                        "message": message})


def _first_text_row(head: list[list]) -> tuple[int, list[str]] | None:
    """(rows it takes, its texts) of the first of ``head`` with two cells or more of text (letters or characters,
    not numbers or dates alone), a title row of one cell passed over: the header of an export whose wordings none
    of the synonyms know, for the officer to map; None when no row has two."""
    for number, row in enumerate(head, 1):
        if sum(1 for cell in row if isinstance(cell, str) and any(ch.isalpha() for ch in cell)) >= 2:
            return number, header_texts(row)
    return None


def _refuse_same_headers(rows: ExportRows, texts: list[str], columns: dict[str, int]) -> None:
    """Refuse a file whose column read into a complaint (``columns``) has the same header as another column (two
    内容描述, two 工单编号): which of them holds the complaint's value cannot be told, and the first would be read
    without a word (the text refused as empty while the other column holds it, or the other column's text lost)."""
    keys = [normalize_header(t) if t else None for t in texts]
    for name, column in sorted(columns.items(), key=lambda item: item[1]):
        if name not in STORED or keys[column] is None:
            continue
        other = next((c for c, key in enumerate(keys) if key == keys[column] and c != column), None)
        if other is not None:
            first, second = sorted((column, other))
            raise ImportRefused(_("{file}: columns {first} and {other} have the same header, {header}, so which of "
                                  "them to import cannot be told. Delete or rename the column that is not to be "
                                  "imported (it may be hidden: unhide the columns to see it), then import the file "
                                  "again.").format(file=rows.named, first=column_letter(rows.first_column + first),
                                                   other=column_letter(rows.first_column + second),
                                                   header=texts[column]))


def _header_copies(lines: list[list], width: int) -> set[tuple[str, ...]]:
    """The cell texts of the header's rows (``width`` of them each), for finding the header repeated below."""
    copies = set()
    for line in lines:
        cells = header_texts(line)[:width]
        if any(cells):
            copies.add(tuple(cells + [""] * (width - len(cells))))
    return copies


def _raw_keys(texts: list[str]) -> list[str]:
    """The keys of the raw row: the header texts, a blank header named by its column, repeated ones numbered."""
    keys, seen = [], set()
    for column, text in enumerate(texts):
        key = text or f"第{column + 1}列"  # data, not a message: the same whatever the language
        base, k = key, 2
        while key in seen:
            key, k = f"{base} ({k})", k + 1
        seen.add(key)
        keys.append(key)
    return keys


def unguarded(cell: str) -> str:
    """A CSV cell without what an Excel user writes to keep a value text (a work-order or telephone number's leading
    zeros and last digits, a time as written): a leading apostrophe ('202603010002) or an ="…" formula
    (="202603010001", a quote inside written twice); any other cell as it is."""
    written = cell
    if cell[:1].isspace():
        cell = cell.strip()
    if cell[:1] == "'":
        return cell[1:]
    if cell[:2] == '="' and len(cell) > 2 and cell[-1] == '"':
        return cell[2:-1].replace('""', '"')
    return written


def work_order_id(written: str) -> str:
    """A work-order number as stored: its full-width letters, digits and signs read as ASCII and its letters in upper
    case (ｍ２, m2 and M2 are one work order, M2)."""
    return written.translate(_WORK_ORDER)


def ids_stored_otherwise(db: Database, source: str) -> dict[str, str]:
    """{work-order number as the importer reads it now (``work_order_id`` of the ``unguarded`` cell): the number as an
    earlier version stored it} of the stored complaints of the channel ``source`` whose number was stored in lower case
    or full width, or with the apostrophe or ="…" of a CSV cell kept as text (``_STORED_OTHERWISE``) — unless a
    complaint is stored under the number as read now too —, so that the same work order imported again is found a
    duplicate of it. One look at the work-order index of the channel."""
    found: dict[str, str] = {}
    for (stored,) in db.execute(_STORED_OTHERWISE, [source]):
        read = work_order_id(unguarded(stored).strip())
        if read and read != stored:
            found.setdefault(read, stored)
    if found:
        # external_id != '': the unique work-order index is partial (``complaints_external``)
        for (held,) in db.execute("SELECT external_id FROM complaints WHERE source = ? AND external_id != '' AND "
                                  "external_id IN (SELECT value FROM json_each(?))",
                                  [source, json.dumps(list(found))]).fetchall():
            del found[held]
    return found


_SPACES = str.maketrans("", "", " \u3000\t")


def starts_total(cell: str, markers: tuple[str, ...]) -> bool:
    """Whether a cell starts with a total marker (合计, 总计 …), spaces inside it left out as exports space them
    (合 计, 合　计)."""
    return cell[:16].translate(_SPACES).startswith(markers)


def ends_total(cell: str, markers: tuple[str, ...]) -> bool:
    """Whether a cell ends with a total marker (南海区小计, 小计：), spaces inside it left out as ``starts_total``."""
    return cell[-16:].translate(_SPACES).rstrip(":：").endswith(markers)


def _is_total(row: list[str], markers: tuple[str, ...], text_column: int, id_column: int, time_column: int) -> bool:
    """Whether a row is a total row below the table: its first filled cell starts with 合计, 总计 … (spaced or not:
    合 计, 合　计) and is not the complaint text, or is the complaint text (an export whose text column comes first)
    on a row that writes neither a work-order number nor a receipt time (a complaint starting with 共计 writes at
    least one of them); or that cell ends with one (南海区小计, a subtotal under each district) on a row writing
    neither of them."""
    for column, cell in enumerate(row):
        if cell:
            if starts_total(cell, markers):
                return column != text_column or not (row[id_column].strip() or _reads_as_time(row[time_column]))
            return ends_total(cell, markers) and not (row[id_column].strip() or _reads_as_time(row[time_column]))
    return False


def _footer_markers(spec: dict) -> tuple[str, ...]:
    """The words a signature or note line below the table starts with (``footer_markers`` of the complaint import's
    ``spec``, ``complaint_spec``; none where it names none): ``_is_footer``."""
    return tuple(spec.get("footer_markers", ()))


def _is_footer(row: list[str], markers: tuple[str, ...], text_column: int, id_column: int, time_column: int) -> bool:
    """Whether a row is a signature or note line below the table (制表人：李四 | 审核人：王五, 导出时间：…, 注：…): its
    first filled cell starts with one of ``markers`` (the ``footer_markers``, spaced or not), its work-order cell is
    empty or starts with one too, and it writes no complaint text: its text cell is empty, or is that first cell (an
    export whose text column comes first) on a row writing no receipt time, starting with a marker naming who or when
    (制表人, 导出时间 …) or alone on its row. A complaint may start with a note's word (注：, 说明：, 备注：, the markers
    ending in a colon): one writing anything beside its text (the complainant's number) is a complaint, not a note."""
    for column, cell in enumerate(row):
        if cell:
            if not starts_total(cell, markers):
                return False
            if (external_id := row[id_column].strip()) and not starts_total(external_id, markers):
                return False  # a work order's number
            if column == text_column:
                if _reads_as_time(row[time_column]):
                    return False
                signed = tuple(m for m in markers if not m.endswith((":", "：")))
                return starts_total(cell, signed) or not any(
                    str(other).strip() for i, other in enumerate(row) if i != column)
            return not row[text_column].strip()
    return False


def _empty_text() -> str:
    """Why a work order without its complaint text is not imported."""
    return _("the complaint text is empty, and a work order without its text is no complaint: write its text or "
             "delete the row.")


def _digits_lost(value) -> bool:
    """Whether a workbook's number cell holding a work-order number has more digits than a number keeps exactly. Excel
    keeps 15 significant digits (202603050000123457 typed is 202603050000123000, 1234567890123456 is
    1234567890123450), the workbook's double every whole number up to 2**53. python-calamine gives every number cell
    as a float, whatever the XML writes (<v>1234567890123456</v> as 1234567890123456.0), so the value alone decides:
    a whole number of 16 digits below 2**53 not ending in 0 was written so by the export (Excel would have left a 0),
    and the float holds it exactly; one ending in 0 may have lost its last digit, one of 2**53 or more its last
    digits (9007199254740993 reads as 9007199254740992), one with a fraction is no work-order number shown whole. A
    number of 15 digits or fewer is kept exactly; one with more than 15 significant digits after a point is not."""
    if type(value) is bool or not isinstance(value, int | float):
        return False
    if value != value:  # NaN: no number
        return False
    if abs(value) >= 1e15:  # 16 digits or more: exact only when whole, below 2**53 and not ending in 0
        if type(value) is float and not value.is_integer():  # infinity as well
            return True
        whole = abs(int(value))
        return whole > _EXACT_WHOLE or (type(value) is float and whole == _EXACT_WHOLE) or whole % 10 == 0
    if type(value) is int:
        return False
    mantissa = repr(abs(value)).split("e")[0].replace(".", "")
    return len(mantissa.strip("0")) > 15


#: the largest whole number a workbook's double holds with every one below it (2**53): an int above it, or a float at
#: or above it (2**53 + 1 reads as 2**53), cannot be trusted to the last digit
_EXACT_WHOLE = 2 ** 53


def _lost_digits(rows: ExportRows, row: int, column: int, header: str, value) -> ImportRefused:
    """The refusal of a workbook whose work-order number in ``row`` (its ``column``, from the first read) is stored as
    a number of more digits than a number keeps (``_digits_lost``), as a CSV's in scientific notation is
    (``_FileImport._scientific``): its complaint would be stored under another number, found again as no duplicate of
    itself, or taken for another complaint under the same number."""
    return refused(rows.path, row, _(
        "{file}, row {row}, {field} (cell {cell}): the work-order number is stored as a number, shown as {value}: a "
        "number keeps only 15 digits, so the last digits of a longer work-order number are lost. In the system's "
        "export (or the original workbook) set that column to text, export the complaints again and import the new "
        "file.").format(file=rows.named, row=row, field=header, cell=f"{column_letter(rows.first_column + column)}{row}",
                        value=_as_excel_shows(value)))


def _as_excel_shows(value: float) -> str:
    """A number as Excel shows it with the number format 0 (its 15 significant digits, zeros after them):
    202603050000123457 as 202603050000123000."""
    shown = format(Decimal(f"{value:.15g}"), "f")
    return shown[:-2] if shown.endswith(".0") else shown


def _after_today(received: str, day: str) -> str:
    """Why a row received after ``day`` (today) is not imported, as the entry of a lead by hand refuses a time to
    come: grouped into a lead, it would stretch the lead's period into the future."""
    return _("{time} is after today ({today}): no complaint is received in the future. Correct the receipt time in "
             "the file, or the computer's date if that is wrong.").format(time=shown_received(received, seconds=True),
                                                                         today=day)


def _before_earliest(received: str) -> str:
    """Why a row received before ``EARLIEST_RECEIVED`` is not imported: no complaint of the campaign is that old; a
    date cell showing 1900 holds a small number typed into a date column."""
    return _("{time} is before the year {earliest}: a slip of the keys, or a number typed into a date cell (Excel "
             "shows 2 as 1900-01-02)? Correct the receipt time in the file, then import the file again.").format(
        time=shown_received(received, seconds=True), earliest=EARLIEST_YEAR)


def _reads_as_time(cell: str) -> bool:
    try:
        return parse_received(cell) is not None
    except ValueError:
        return False


def _last_filled(row: list) -> int:
    return max(c + 1 for c, v in enumerate(row) if v != "" and v is not None)


def _beyond_header(rows: ExportRows, number: int, row: list, width: int) -> ImportRefused:
    """The refusal of a row with values to the right of the header's last column."""
    path, first = rows.path, rows.first_column
    if isinstance(rows, CsvRows):
        return refused(path, number, _("{file}, row {row}: the row has {n} cells but the header only {width}; a "
                                       "value may contain an unquoted separator. Correct the row and import the file "
                                       "again.").format(file=readable_name(path), row=number, n=_last_filled(row),
                                                        width=width))
    column = next(c for c in range(width, len(row)) if row[c] != "" and row[c] is not None)
    return refused(path, number, _("{file}, row {row}: cell {cell} holds a value ({value}) but its column has no "
                                   "header (the header ends at column {last}). Give the column a header or delete "
                                   "the value, then import the file again.").format(
        file=rows.named, row=number, cell=f"{column_letter(first + column)}{number}",
        value=cell_text(row[column])[:20], last=column_letter(first + width - 1)))


_DAYS: dict[str, str] = {}  # the date half of a "date time" text -> YYYY-MM-DD
_CLOCKS: dict[str, str] = {}  # its clock half -> HH:MM:SS
_VALID_DAYS: set[str] = set()  # the YYYY-MM-DD dates parse_received has returned: real calendar dates
_CACHE_LIMIT = 100_000
_NORMAL_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")


def parse_received(value) -> str | None:
    """A receipt time as YYYY-MM-DD HH:MM:SS from 2026-03-05 14:22:10, 2026/3/5 14:22, 2026年3月5日 14:22, an
    Excel date-time cell or serial number, a time with a zone (2026-03-05T20:30:00Z, 2026-03-05 20:30:00Z) as
    Beijing time (2026-03-06 04:30:00), as ``validators.parse_date`` reads its day; None for an empty cell;
    ValueError for anything else."""
    if type(value) is str:  # the usual "date time" of a text cell, both halves seen before: no other test needed
        parts = value.split()
        if len(parts) == 2 and (day := _DAYS.get(parts[0])) and (clock := _CLOCKS.get(parts[1])):
            return f"{day} {clock}"
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        result = value.strftime("%Y-%m-%d %H:%M:%S")
        if len(_VALID_DAYS) < _CACHE_LIMIT:
            _VALID_DAYS.add(result[:10])
        return result
    if isinstance(value, dt.date):
        return value.isoformat() + " 00:00:00"
    if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 < value < 80_000:
        return _serial_time(float(value))
    text = str(value)
    parts = text.split()
    if len(parts) == 2:  # the usual "date time": both halves repeat from row to row, so they are cached
        day, clock = _DAYS.get(parts[0]), _CLOCKS.get(parts[1])
        if day and clock:
            return f"{day} {clock}"
    if not text.strip():
        return None
    result = _parse_time_text(text)
    if len(_VALID_DAYS) < _CACHE_LIMIT:
        _VALID_DAYS.add(result[:10])
    # each half cached alone only when the first is the date alone (not 2026年3月5日14时 22分, whose 22分 is no clock)
    # and the time was written in Beijing time (2026-03-05 T20:30:00Z is another day's clock)
    if len(parts) == 2 and len(_DAYS) < _CACHE_LIMIT and len(_CLOCKS) < _CACHE_LIMIT and _date_alone(parts[0]) \
            and not TIME_ZONE.search(parts[1].translate(_FULLWIDTH).strip()):
        _DAYS[parts[0]], _CLOCKS[parts[1]] = result[:10], result[11:]
    return result


def _serial_time(days: float) -> str:
    """The time an Excel date serial ``days`` (days since 1899-12-30, a fraction the time of day) is, to the
    second, as YYYY-MM-DD HH:MM:SS."""
    return (_EXCEL_EPOCH + dt.timedelta(days=days)).replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S")


def _date_alone(text: str) -> bool:
    match = _TIME.match(text.translate(_FULLWIDTH).strip())
    return match is not None and match.group(5) is None


def _parse_time_text(value: str) -> str:
    text = value.translate(_FULLWIDTH).strip()
    if _SERIAL.fullmatch(text) and SERIAL_RANGE[0] <= float(text) < SERIAL_RANGE[1]:
        return _serial_time(float(text))
    if compact := _COMPACT_DAY.fullmatch(text):  # only a real date
        year, month, day = map(int, compact.groups())
        try:
            return dt.date(year, month, day).isoformat() + " 00:00:00"
        except ValueError:
            raise ValueError(_("{text} is not a date and time; write it as 2026-03-05 14:22:10.").format(
                text=value)) from None
    # a zone after the clock (Z, +08:00, -0500; after a T or a space), read as ``parse_date`` reads it: what brings
    # the time as written to Beijing time (none without a zone)
    text, shift = zone_shift(text)
    match = _TIME.match(text)
    if not match:
        raise ValueError(_("{text} is not a date and time; write it as 2026-03-05 14:22:10.").format(text=value))
    year, month, day = (int(g) for g in match.groups()[:3])
    hour, minute = int(match.group(5) or 0), int(match.group(6) or 0)
    second = int(float(match.group(7) or 0))
    if match.group(4):  # 上午 (am) / 下午 (pm) before a clock of 1 to 12
        if not 1 <= hour <= 12:
            hour = 99  # refused below as no time of day
        elif match.group(4) == "下午":
            hour = hour % 12 + 12
        else:
            hour %= 12
    try:
        moment = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(no_such_day(value, year, month, day)) from None
        raise ValueError(_("{text} is not a time of day (hours 0 to 23, minutes and seconds 0 to 59); write it as "
                           "2026-03-05 14:22:10.").format(text=value)) from None
    return (moment + shift).strftime("%Y-%m-%d %H:%M:%S")


def complainant_digits(value, area_code: str | None = None, lost_zero_codes: tuple[str, ...] = (), *,
                       hidden: bool = False, one_space: bool = True) -> str:
    """The complainant's number as digits: a mobile as 11 digits without +86, a landline with +86 as 0 +
    area code + number, a landline written without its area code (7 or 8 digits, not starting with 0 or 1)
    with ``area_code`` before it (default: that of the shipped screening rules, 0757 for Foshan; the leads'
    numbers are normalised the same way), a landline written without its leading 0 (757-86661239, one of
    ``lost_zero_codes``: ``landline_lost_zero``) with it, an extension written after it (转801, 分机801, -801) left
    out, anything else as the digits written. A number written with digits hidden (138****1234, 138xxxx1234,
    0757-8612××××, as an export may show a caller's) is no number (''): its digits would make up another caller's
    (the cell stays as written in the raw row). A cell of several numbers
    (13911110001/0757-81234567, separated by / , ; 、 or two spaces; or numbers each whole separated only by
    whitespace, 0757-83331234 13911110003, though a number may be written with spaces in it, 139 1111 0002) gives
    each, read alike, separated by a space, the first first (13911110001 075781234567): all are the complainant's own;
    a later part that reads as no telephone number is left out. ``hidden``: a masked number read as its digits, as
    earlier versions stored it (1381234), only to find what they stored (a masked number beside whole ones one space
    apart read as one, as they read it); ``one_space`` False: numbers one space apart read as versions before 2026-12-06 read them (the first
    alone), only to find what they stored
    (``complaint_repair.repair_spaced_numbers``)."""
    if type(value) is not str:
        value = cell_text(value)
    if len(value) == 11 and value.isascii() and value.isdigit():
        return value if value[0] == "1" else landline_lost_zero(value, lost_zero_codes) or value
    parts = _cell_parts(value, masked=not hidden) if one_space else _PHONE_SPLIT.split(value.strip())
    first, *more = parts
    number = _one_number(first, area_code, lost_zero_codes, hidden)
    if not more:
        return number
    from workstation.screening.phones import NORMAL_PHONE

    numbers = [number] if number else []
    for part in more:
        other = _one_number(part, area_code, lost_zero_codes, hidden)
        if NORMAL_PHONE.fullmatch(other) and other not in numbers:
            numbers.append(other)
    return " ".join(numbers)


def _cell_parts(value: str, masked: bool = True) -> list[str]:
    """The parts of a complainant's cell, one number each as written: separated by / , ; 、 or two spaces, or one
    space apart (``_numbers_spaced``; ``masked`` False: a masked number beside whole ones one space apart not told
    from them, as versions before 2026-12-07 read it)."""
    spaced = _numbers_spaced if masked else _whole_numbers_spaced
    return [number for part in _PHONE_SPLIT.split(value.strip()) for number in spaced(part)]


def _numbers_spaced(part: str) -> list[str]:
    """The numbers of one part of a complainant's cell when it is several whole telephone numbers separated only by
    whitespace (0757-83331234 13911110003), or masked numbers and whole ones so (138****0002 13911110001, a hotline's
    export masking the caller beside the number to call back), each as written; else the part alone: 139 1111 0002 is
    one number, and so is a masked number written with a space in it (138 ****0002, 0757 8612****, 86 138****0002),
    or a part with anything else beside its numbers, an extension or a word (read as one, as before)."""
    if not any(ch.isspace() for ch in part.strip()):
        return [part]
    words = part.split()
    masked = [_MASKED_WORD.fullmatch(word) is not None for word in words]
    if not any(masked) or all(masked):
        return _whole_numbers_spaced(part)
    from workstation.screening.phones import NORMAL_PHONE

    numbers: list[str] = []
    run: list[str] = []
    for word, hidden in (*zip(words, masked, strict=True), ("", True)):
        if hidden and run:  # the whole numbers between two masked ones: each a number by itself, or none is split
            whole = _whole_numbers_spaced(" ".join(run))
            if not all(_WHOLE_NUMBER.fullmatch(number) and NORMAL_PHONE.fullmatch(_one_number(number, None, ()))
                       for number in whole):
                return [part]
            numbers.extend(whole)
            run = []
        if hidden:
            numbers.append(word)
        else:
            run.append(word)
    return numbers[:-1]


# a whole number as written, nothing beside it: digits (ASCII or full width), spaces and the marks of a number
_WHOLE_NUMBER = re.compile(r"[\d０-９\s+＋\-－()（）]+")
# a word of a cell that is a masked number by itself (138****0002, 0757-8612××××, 138xxxx0002): digits and hidden
# digits only, at least three shown and some hidden
_MASKED_WORD = re.compile(r"(?=(?:\D*\d){3})(?=.*(?:[*＊×✱●•]|\d[xX]{2}|[xX]{2}\d))[\d０-９*＊×✱●•xX+＋()（）\-－]{7,}")


def _whole_numbers_spaced(part: str) -> list[str]:
    """``_numbers_spaced`` for a part without a masked number."""
    if not any(ch.isspace() for ch in part.strip()):
        return [part]
    text = ascii_digits(part)
    found = list(PHONE_RX.finditer(text))
    if len(found) < 2 or text[:found[0].start()].strip() or text[found[-1].end():].strip() or any(
            text[a.end():b.start()].strip() or a.end() == b.start() for a, b in itertools.pairwise(found)):
        return [part]
    return [part[m.start():m.end()] for m in found]  # ascii_digits keeps the length: the numbers as written


def _one_number(written: str, area_code: str | None, lost_zero_codes: tuple[str, ...], hidden: bool = False) -> str:
    """One number of a complainant's cell as ``complainant_digits`` reads it."""
    if not hidden and _MASKED.search(written):
        return ""
    first = _EXTENSION.split(written.translate(FULL_WIDTH), 1)[0]
    digits = _NOT_DIGIT.sub("", first)
    if mended := landline_lost_zero(digits, lost_zero_codes):
        return mended
    if len(digits) > 12 or len(digits) > (11 if digits[:1] == "1" else 8 if digits[:1] != "0" else 12):
        # longer than a number can be: a number and an extension after a dash (0757-83331234-801)
        digits = _first_number(first, area_code) or digits
    return _number_digits(digits, first, area_code)


# a mark standing for one hidden digit of a masked number (``_MASKED``), and a run of x beside a digit (one each)
_MASK_MARK = re.compile(r"[*＊×✱●•]")
_MASK_XS = re.compile(r"(?<=\d)\s?[xX]{2,}|[xX]{2,}\s?(?=\d)")
_NOT_DIGIT_OR_MASK = re.compile(r"[^0-9*]")
_LOCAL_MASKED = re.compile(r"[2-9][0-9*]{6,7}")  # a masked landline written without its area code


def masked_numbers(value, area_code: str | None = None, lost_zero_codes: tuple[str, ...] = ()) -> str:
    """The numbers of a complainant's cell written with digits hidden (138****8000, 0757-8612××××, 138xxxx8000), which
    ``complainant_digits`` reads as no number, as the digits they show normalised as it reads a whole number, a * for
    each digit hidden (138****8000, 07578612****; +86 and an extension left out, a landline's area code added), those
    of several separated by a space; '' for a cell without any, or whose masked numbers show too few digits to tell a
    number by (``phones.masked_own``). Kept as ``complainant_masked``: a number of the complaint's text showing the same
    digits is the complainant's own, never a suspect number (``screening.phones.extract_phones``)."""
    if type(value) is not str or not _MASKED.search(value):
        return ""
    found: list[str] = []
    for part in _cell_parts(value):
        if _MASKED.search(part) and masked_own(pattern := _masked_number(part, area_code, lost_zero_codes)) and \
                pattern not in found:
            found.append(pattern)
    return " ".join(found)


def _masked_number(written: str, area_code: str | None, lost_zero_codes: tuple[str, ...]) -> str:
    """One masked number of a complainant's cell as ``masked_numbers`` keeps it: read as ``_number_digits`` reads a
    whole one, a * standing for each digit hidden."""
    first = _EXTENSION.split(written.translate(FULL_WIDTH), 1)[0]
    first = _MASK_MARK.sub("*", _MASK_XS.sub(lambda m: "*" * len(m.group().strip()), first))
    digits = _NOT_DIGIT_OR_MASK.sub("", first)
    if len(digits) == 11 and digits[0] == "1":  # a mobile, most callers': no country or area code to read
        return digits
    given = False  # the country code written before it: a landline's 0 may be left out after it
    if digits.startswith("0086"):
        digits, given = digits[4:], True
    elif digits.startswith("86") and (len(digits) == 13 and digits[2] == "1" or first.lstrip(" (（").startswith(
            ("+86", "86-", "86 ", "86)", "86）"))):
        digits, given = digits[2:], True
    if _LOCAL_MASKED.fullmatch(digits):  # a landline without its area code
        return (area_code or default_area_code()) + digits
    if given and digits[:1] not in ("", "0", "1"):
        return "0" + digits
    for code in lost_zero_codes:  # a landline without its leading 0 (757-8612****)
        if len(digits) == len(code) + 8 and digits.startswith(code) and digits[len(code)] in "23456789*":
            return "0" + digits
    return digits


def complainant_columns(raw: dict, stored: str) -> set[str]:
    """The columns of a complaint's row as imported (``raw``: header → cell, as ``complaint_origin`` gives it) that
    hold the complainant's number, for its pane to show them masked: the one the header synonyms name, and any whose
    cell reads as the number ``stored`` (a column chosen by hand: 联系手机). A landline written without its 0
    (75786123457) reads as no number in a text, so a column's cell is masked as a number, not as text."""
    found = {column for column, field_name in zip(raw, _fields_of(list(raw)), strict=True)
             if field_name == "complainant_phone"}
    if stored:
        codes, area_code = lost_zero_codes(), default_area_code()
        found.update(column for column, cell in raw.items() if column not in found and isinstance(cell, str)
                     and any(ch.isdigit() for ch in cell) and complainant_digits(cell, area_code, codes) == stored)
    return found


def _fields_of(texts: list[str]) -> list[str | None]:
    """The field the header synonyms read each of ``texts`` as (None for none)."""
    lookup = _synonyms()
    return [_match(text, lookup) for text in texts]


def numeric_landline(value, area_codes: tuple[str, ...]) -> str | None:
    """The landline a workbook's number cell holds without its leading 0 (Excel drops it from 0757-86123457 typed
    as a number: 75786123457), as ``landline_lost_zero`` reads its digits; None for any other value (a text cell
    is read by ``complainant_digits`` first)."""
    kind = type(value)
    if kind is float and value.is_integer():
        value = int(value)
    elif kind is not int:
        return None
    return landline_lost_zero(str(value), area_codes)


def glued_complainant_digits(value, area_code: str | None = None) -> str:
    """The complainant's number as versions before 2026-11-30 stored it: ``complainant_digits`` without leaving
    out an extension, whose digits were glued onto the number (0757-83331234转801 → 075783331234801). Only for
    telling which stored numbers those versions glued (``workstation.importing.complaint_repair``)."""
    if type(value) is not str:
        value = cell_text(value)
    if len(value) == 11 and value.isascii() and value.isdigit():
        return value
    first = _PHONE_SPLIT.split(value.strip(), 1)[0].translate(FULL_WIDTH)
    return _number_digits(_NOT_DIGIT.sub("", first), first, area_code)


def _number_digits(digits: str, first: str, area_code: str | None) -> str:
    """The digits of a number written ``first`` without the country code, a landline's area code with its 0 and a
    local number given ``area_code``."""
    # the country code written +86, 0086, 86-, 86 or (86), a landline's area code with or without its 0
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and (len(digits) == 13 and digits[2] == "1" or first.lstrip(" (（").startswith(
            ("+86", "86-", "86 ", "86)", "86）"))):
        digits = digits[2:]
    elif not _LOCAL_NUMBER.fullmatch(digits):
        return digits
    if _LOCAL_NUMBER.fullmatch(digits):  # a landline without its area code
        return (area_code or default_area_code()) + digits
    return digits if not digits or digits[0] in "01" else "0" + digits


def _first_number(written: str, area_code: str | None) -> str | None:
    """The telephone number at the start of ``written`` (a number with an extension written after a dash:
    0757-83331234-801), normalised as the screening reads it; None when none is."""
    from workstation.screening.phones import NON_DIGITS, PHONE_RX, ascii_digits, normalise_phone

    match = PHONE_RX.match(ascii_digits(written).strip())
    if match is None:
        return None
    if match.lastgroup == "local":
        return (area_code or default_area_code()) + NON_DIGITS.sub("", match.group())
    return normalise_phone(match.group())


def default_area_code() -> str:
    """The area code of a landline written without one, as the shipped screening rules give it."""
    return load_rules().phones["default_area_code"]


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _link_same_complaints(db: Database, before: int, source: str, rule: dict, several: list[str] = ()) -> int:
    """Link each new complaint that repeats one stored from another channel (same complainant number,
    received within the rule's days, similar text) to the earlier of the two; returns how many of the new complaints
    are the same complaint as one from another channel (linked to an earlier one, or the earlier one others stored
    are linked to now: never more than the new ones, however many stored copies are linked to one). A complainant
    who gave several numbers (``several``: the new complaints whose cell did) is the same complainant as one giving
    the first of them (``_first_number_candidates``). Two that each name numbers or businesses complained about and
    share none are two complaints, however alike their words (one complainant reporting one harasser, and the next
    day another: ``named_apart``)."""
    if not has_other_sources(db, before, source):
        return 0
    grams: dict[str, set[str]] = {}
    named: dict[str, frozenset[str]] = {}
    rules: list[Rules] = []  # the rules in force, read when first needed
    repeats: dict[str, tuple[tuple, str]] = {}   # new id -> ((time, rowid) of the earliest earlier one, its root)
    reroots: dict[str, tuple[tuple, str]] = {}   # stored id -> ((time, rowid) of the earliest new one, its id)
    width = len(NAMED)
    for b_rowid, b_id, b_at, b_text, a_rowid, a_id, a_at, a_text, a_same, *about in itertools.chain(
            same_phone_candidates(db, before, rule["days"]), _first_number_candidates(db, before, rule["days"],
                                                                                      several)):
        b_grams = grams.setdefault(b_id, _bigrams(b_text))
        a_grams = grams.setdefault(a_id, _bigrams(a_text))
        if len(a_grams & b_grams) < rule["similarity"] * len(a_grams | b_grams):
            continue
        if not rules:
            rules.append(rules_for(db))
        if b_id not in named:
            named[b_id] = named_in(b_text, *about[:width], rules=rules[0])
        if a_id not in named:
            named[a_id] = named_in(a_text, *about[width:], rules=rules[0])
        if named_apart(named[a_id], named[b_id]):
            continue
        if (a_at, a_rowid) < (b_at, b_rowid):
            key = (a_at, a_rowid)
            if b_id not in repeats or key < repeats[b_id][0]:
                repeats[b_id] = (key, a_same or a_id)
        elif a_same is None:
            key = (b_at, b_rowid)
            if a_id not in reroots or key < reroots[a_id][0]:
                reroots[a_id] = (key, b_id)
    links = [(b_id, root) for b_id, (_key, root) in repeats.items()]
    links += [(a_id, repeats[b_id][1] if b_id in repeats else b_id) for a_id, (_key, b_id) in reroots.items()]
    if links:
        set_same_as(db, links, reroots)
    return len(set(repeats) | {b_id for _key, b_id in reroots.values()})


def named_in(text: str, phones: str, businesses: str, own: str, masked: str = "", target: str = "", *,
             rules: Rules) -> frozenset[str]:
    """What a complaint is about, to tell it from another of the same complainant (``named_apart``; the arguments
    after ``text`` its ``store.complaints.NAMED`` columns): the numbers and businesses screening found in it (a
    business by its ``business_key``), else, when it found neither (it has not screened the complaint, or read none),
    the numbers its ``text`` and the party complained about (``target``) write (``extract_phones``: not the
    complainant's ``own`` numbers, those ``masked`` shows, nor service numbers)."""
    if phones or businesses:
        return frozenset([*phones.split(), *(business_key(name, rules) for name in businesses.split())])
    written = f"{text or ''}\n{target}" if target else text or ""
    return frozenset(extract_phones(written, own=(*own.split(), *masked.split()), rules=rules))


def named_apart(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two complaints of one complainant are two (``named_in`` each): both name numbers or businesses
    complained about, and they share none."""
    return bool(a and b and not a & b)


# a stored complainant's cell of several numbers starts with its first number and a space (``complainant_digits``)
_FIRST = "CASE WHEN instr({c}, ' ') THEN substr({c}, 1, instr({c}, ' ') - 1) ELSE {c} END"


def _first_number_candidates(db: Database, after_rowid: int, days: int, several) -> Iterable[tuple]:
    """The pairs ``same_phone_candidates`` gives (new, earlier-stored) whose complainant's numbers are not the same
    but start with the same number, one of them giving several (13911110001 075781234567 and 13911110001): the new
    complaints ``several`` looked up in the complainant index, and the stored complainants giving several numbers
    (few: found in that index) with the new complaints giving their first number alone."""
    window = [f"-{int(days)} days", f"+{int(days)} days"]
    near = "{i}.received_at BETWEEN datetime({o}.received_at, ?) AND datetime({o}.received_at, ?)"
    if several:
        first = _FIRST.format(c="b.complainant_phone")
        yield from db.execute(
            f"SELECT {SAME_CANDIDATE} FROM complaints AS b CROSS JOIN complaints AS a "
            "INDEXED BY complaints_complainant "
            f"ON a.complainant_phone >= {first} AND a.complainant_phone < {first} || '!' "
            f"AND {near.format(i='a', o='b')} AND a.rowid <= ? "
            f"WHERE b.id IN (SELECT value FROM json_each(?)) AND b.received_at IS NOT NULL AND a.source != b.source "
            f"AND {WHOLE_NUMBER.format(c=first)} "
            f"AND a.complainant_phone != b.complainant_phone AND {_FIRST.format(c='a.complainant_phone')} = {first}",
            [*window, after_rowid, json.dumps(list(several))])
    yield from db.execute(
        f"SELECT {SAME_CANDIDATE} FROM complaints AS a INDEXED BY complaints_complainant "
        "CROSS JOIN complaints AS b "
        f"INDEXED BY complaints_complainant ON b.complainant_phone = {_FIRST.format(c='a.complainant_phone')} "
        f"AND {near.format(i='b', o='a')} AND b.rowid > ? "
        "WHERE a.complainant_phone GLOB '* *' AND a.rowid <= ? AND a.received_at IS NOT NULL AND a.source != b.source "
        f"AND {WHOLE_NUMBER.format(c='b.complainant_phone')}",
        [*window, after_rowid, after_rowid])
