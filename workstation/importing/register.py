"""Importing a case register (台账) from .xlsx/.xls/.csv: the sheet and header row found with the header synonyms
(a cover or notes sheet before the register is passed over), validation of every row (reporting sheet, row number
and field), then one all-or-nothing transaction of bulk inserts, audited. Rows imported with something to check (an
old 15-digit ID number converted, a doubtful USCC) are listed as warnings in the result, never as refusals."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from workstation.audit import AuditWriter
from workstation.case_reference import (
    INVISIBLE,
    Abbreviations,
    case_named,
    number_key,
    number_warnings,
    number_year_refusal,
    prefix_owner,
    serial_reading,
    shape_warning,
)
from workstation.db import Database
from workstation.db.bulk_indexes import rebuild_pays, rebuilt_indexes
from workstation.db.connection import immediate
from workstation.documents.number_blocks import CASE_TYPE_CODE, has_case_blocks, keep_case_numbers
from workstation.errors import DiskFull, ImportRefused, WorkstationError, join_sentences
from workstation.i18n import N_, _, join_names, ngettext
from workstation.importing.cell_errors import ErrorCell, cell_error_problem
from workstation.importing.complaint_files import group_row, grouped_header
from workstation.importing.complaints import SERIAL_RANGE
from workstation.importing.register_records import RowTemplate
from workstation.importing.tables import (
    column_letter,
    fill_merged,
    find_header,
    header_field,
    header_line,
    header_without_note,
    hidden_sheets,
    normalize_header,
    read_sheets,
    readable_name,
    text_problem,
)
from workstation.law.data import decimal_text
from workstation.masking import mask_id
from workstation.money import figures
from workstation.paths import resource
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import Case, Party, id_stream, now, today
from workstation.screening.complaint import rules_for
from workstation.screening.rules import RulesError, load_rules, place_named, places_named
from workstation.store.base import dumps
from workstation.store.cases import (
    CAUSE_LIMIT,
    case_row,
    deferred_search_index,
    next_case_number,
    proposal_refusal,
)
from workstation.store.parties import (
    PARTY_TEXT_LIMITS,
    audit_legacy_id,
    inferred_party_kind,
    party_name_key,
    party_row,
)
from workstation.store.sort_keys import deferred_penalty_keys, text_sort_key
from workstation.validators import (
    ID_SHAPE,
    SCIENTIFIC_NUMBER,
    compact_code,
    id_number_not_uscc,
    id_number_warnings,
    legacy_id_note,
    legacy_id_number,
    mistyped_id_number,
    normalize_id_number,
    normalize_uscc,
    parse_amount_fen,
    parse_count,
    parse_date,
    plain_id_valid,
    uscc_warnings,
    year_slip,
)
from workstation.vocabulary import label

BATCH = 2000
#: the mark before an individual business's operator's ID number among the keys of the stored parties
#: (``_Context.parties``): that number is no natural person's party
OPERATOR = "operator:"
LISTED_ERRORS = 20  # bad rows named in the one-line reason of a refused import; the errors list holds them all
LISTED_SHEETS = 5  # sheet names given in the refusal of a workbook without a register header


@cache
def register_spec() -> dict:
    with resource("importing", "register.toml").open("rb") as fh:
        return tomllib.load(fh)


def sector_key(text: str) -> str | None:
    """The sector key a register writes as ``text`` (教育, 房地产, 其它: ``sector_values``), None for none."""
    return register_spec()["sector_values"].get(str(text).strip())


@cache
def _exact_fields() -> frozenset[str]:
    """The fields a header is read as only in one of their wordings, never without a note ending it
    (``fields_without_notes``)."""
    return frozenset(register_spec().get("fields_without_notes", ()))


@dataclass
class RegisterResult:
    """What an import did (or, with dry_run, would do)."""

    rows: int = 0
    imported: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)  # header texts of the columns not imported
    # what to check in the rows imported, as errors are listed ({"row", "field", "message"}, "sheet" too when the
    # register is not on the first sheet): ID numbers converted from the old 15 digits, doubtful USCCs
    warnings: list[dict] = field(default_factory=list)
    # the sheets of a workbook after the register's first whose header is another or none: not imported
    sheets_left_out: list[str] = field(default_factory=list)
    # the case numbers given on import to the rows without one ({"row", "case_number"}, "sheet" too as errors name
    # it), to be written back in the register; each is also a warning ("numbered") that ``warning_lines`` lists
    numbered: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"rows": self.rows, "imported": self.imported, "skipped": self.skipped, "errors": self.errors,
                "dry_run": self.dry_run, "ignored_columns": self.ignored_columns, "warnings": self.warnings,
                "sheets_left_out": self.sheets_left_out, "numbered": self.numbered}

    def sheets_note(self) -> str:
        """The summary's line on the sheets not imported (``sheets_left_out``), '' when none was: the officer learns
        that their cases are not among those imported."""
        if not self.sheets_left_out:
            return ""
        return ngettext("The sheet {sheets} was not imported: its header row is not that of the register's first "
                        "sheet (or it has none). If it holds cases, give it the same header row and import the "
                        "register again.",
                        "The sheets {sheets} were not imported: their header row is not that of the register's first "
                        "sheet (or they have none). If they hold cases, give them the same header row and import "
                        "the register again.", len(self.sheets_left_out)).format(
            sheets="、".join(self.sheets_left_out))


class RegisterRefused(ImportRefused):
    """A register refused for its bad rows: ``errors`` lists every one, ``rows`` is the number of data rows read
    and ``ignored_columns`` the headers that would not have been imported."""

    def __init__(self, message: str, errors: list[dict], rows: int, ignored_columns: list[str],
                 importable: int | None = None):
        super().__init__(message, errors)
        self.rows = rows
        self.ignored_columns = list(ignored_columns)
        # the rows ``--skip-invalid`` would import (None: not counted): with none, importing the valid rows
        # alone is not offered
        self.importable = importable


def _one_line(text) -> str:
    """``text`` with its line breaks and runs of spaces as one space (headers wrapped in the cell, odd values)."""
    return " ".join(str(text).split())


def error_line(error: dict) -> str:
    """One refused row's field and reason, on one line: "row 5, 立案日期: … is not a date in the calendar", or
    "台账 row 5, …" when the error names the sheet (a register read from a sheet other than the first). An error
    naming no field (a complaint file refused at a row: extra cells, an unclosed quote, mixed encodings) is its
    message alone, which names the file and the row itself."""
    message = str(error["message"]).rstrip(".。")
    if error.get("field") is None:
        return _one_line(message)
    if error.get("sheet"):
        text = _("{sheet} row {row}, {field}: {message}").format(sheet=error["sheet"], row=error["row"],
                                                                 field=error["field"], message=message)
    else:
        text = _("row {row}, {field}: {message}").format(row=error["row"], field=error["field"], message=message)
    return _one_line(text)


def row_sentence(error: dict) -> str:
    """``error_line`` as a line of its own ends, with its full stop: "第5行，立案日期：……不是日历中的日期。"."""
    return _("{line}.").format(line=error_line(error))


def warning_lines(warnings: list[dict], limit: int | None = None) -> list[str]:
    """The warnings of an import as listed under its summary: a heading counting the rows, then one line a
    warning, "row 5, 统一社会信用代码: …" (the rows are imported; the officer is to check them), the first
    ``limit`` of them when there are more. The rows skipped as their case is stored ("skipped") come first under a
    heading of their own, those that differ from the stored case before the others, at most ``limit`` (else
    LISTED_ERRORS) of them: a re-imported register skips every row. The heading says their case numbers are stored,
    or, when a row without a number is among them ("unnumbered"), that the same cases are. The case numbers given on
    import to rows without one ("numbered") come last, under a heading saying to write them in the register."""
    skipped = [w for w in warnings if w.get("skipped")]
    numbered = [w for w in warnings if w.get("numbered")]
    warnings = [w for w in warnings if not w.get("skipped") and not w.get("numbered")]
    lines = []
    if skipped:
        shown = limit or LISTED_ERRORS
        n = len(skipped)
        if any(w.get("unnumbered") for w in skipped):  # a row without a number: its case, not its number, is stored
            heading = ngettext("Not imported, the same case being stored already ({n} row):",
                               "Not imported, the same cases being stored already ({n} rows):", n)
        else:
            heading = ngettext("Not imported, its case number being stored already ({n} row):",
                               "Not imported, their case numbers being stored already ({n} rows):", n)
        lines.append(heading.format(n=f"{n:,}"))
        lines += [row_sentence(w) for w in sorted(skipped, key=lambda w: not w.get("differs"))[:shown]]
        if n > shown:
            lines.append(_("… and {n} more.").format(n=f"{n - shown:,}"))
    if warnings:
        n = rows_of(warnings)
        lines.append(ngettext("To check in {n} row imported:", "To check in {n} rows imported:", n).format(
            n=f"{n:,}"))
        lines += [row_sentence(w) for w in warnings[:limit]]
        if limit is not None and len(warnings) > limit:
            lines.append(_("… and {n} more.").format(n=f"{len(warnings) - limit:,}"))
    if numbered:
        n = len(numbered)
        lines.append(ngettext("Numbered on import ({n} row without a case number): write the number in the register.",
                              "Numbered on import ({n} rows without a case number): write each number in the "
                              "register.", n).format(n=f"{n:,}"))
        lines += [row_sentence(w) for w in numbered[:limit]]
        if limit is not None and n > limit:
            lines.append(_("… and {n} more.").format(n=f"{n - limit:,}"))
    return lines


def warning_counts(warnings: list[dict]) -> list[str]:
    """The sentences counting the warnings of an import, as a message gives them above its details (the lines of
    ``warning_lines``): the rows not imported as their case is stored, and of them those whose values differ from
    the stored case (listed first: the officer is to check them), then the rows imported with something to check,
    then the rows numbered on import. Counts are grouped in thousands (3,003), as the workstation writes them
    everywhere."""
    lines = []
    skipped = rows_of([w for w in warnings if w.get("skipped")])
    differ = rows_of([w for w in warnings if w.get("skipped") and w.get("differs")])
    checked = rows_of([w for w in warnings if not w.get("skipped") and not w.get("numbered")])
    numbered = rows_of([w for w in warnings if w.get("numbered")])
    if skipped:
        lines.append(ngettext("{n} row was not imported as its case is stored already.",
                              "{n} rows were not imported as their cases are stored already.", skipped).format(
            n=f"{skipped:,}"))
    if differ:
        lines.append(ngettext("Of these, {n} row differs from the stored case: check it (listed first below).",
                              "Of these, {n} rows differ from the stored cases: check them (listed first below).",
                              differ).format(n=f"{differ:,}"))
    if checked:
        lines.append(ngettext("{n} row imported has something to check.",
                              "{n} rows imported have something to check.", checked).format(n=f"{checked:,}"))
    if numbered:
        lines.append(ngettext("{n} row without a case number was numbered on import: write its number in the "
                              "register.", "{n} rows without a case number were numbered on import: write their "
                              "numbers in the register.", numbered).format(n=f"{numbered:,}"))
    if lines:
        lines.append(_("Each row is listed in the details below."))
    return lines


def rows_of(errors: list[dict]) -> int:
    """How many rows ``errors`` (or warnings) name, each once however many of its fields are named; the same row
    number on two sheets is two rows."""
    return len({(e.get("sheet"), e["row"]) for e in errors})


def refusal_headline(file_name: str, errors: list[dict]) -> str:
    """"台账.csv: 3 rows refused, nothing imported" for the bad rows ``errors`` lists."""
    n = rows_of(errors)
    return ngettext("{file}: {n} row refused, nothing imported", "{file}: {n} rows refused, nothing imported",
                    n).format(file=file_name, n=n)


def refusal_message(file_name: str, errors: list[dict], limit: int = LISTED_ERRORS) -> str:
    """The one-line reason of a refused import naming every bad row and field, the first ``limit`` of them when
    there are more, and what to do next: correct them, or import the valid rows alone (``--skip-invalid``)."""
    listed = _("; ").join(error_line(e) for e in errors[:limit])
    text = _("{headline}: {errors}").format(headline=refusal_headline(file_name, errors), errors=listed)
    if len(errors) > limit:
        text = join_sentences([text, _("… and {n} more (--json lists them all)").format(n=len(errors) - limit)])
    return _("{reasons}. Correct these rows and import again, or add --skip-invalid to import only the valid "
             "rows.").format(reasons=text)


# the columns a party's code may come from, in the order a row's code is read from them: a register with any of
# them recognised reads its codes
CODE_FIELDS = ("uscc_or_id", "uscc", "id_number")


def _ignored_columns(header: list, mapping: dict[str, int], spec: dict, file_name: str,
                     parts: list[tuple[str | None, list[list], int]] = ()) -> list[str]:
    """The header texts of the columns not imported; refuses a column that holds amounts or counts in a wording or
    unit the register does not read when no recognised column gives them (they would be imported as 0), one
    that holds the parties' codes in a wording it does not read when no code column is recognised, one whose header
    reads as a filing date's or the violations' (``unread_header_words``) when no column of that field is
    recognised (every row would be refused for its filing date, or stored without its violations), and, when no
    case-number column is recognised, one holding a case number in a row of the register (``parts``: the sheets'
    rows, ``_register_sheets``) — the rows would be numbered on import and the officer told they had none."""
    used = set(mapping.values())
    ignored: list[str] = []
    lossy: list[str] = []
    for column, cell in enumerate(header):
        if column in used or cell in (None, "") or not _one_line(cell):
            continue
        ignored.append(_one_line(cell))
        text = normalize_header(cell)
        for word, fields in spec["lossy_header_words"].items():
            if word in text:
                if any(f not in mapping for f in fields):
                    use = "、".join(spec["columns"][f][0] for f in fields)
                    if fields == ["records"] and ("万" in text or "萬" in text):  # 涉案信息（万条）
                        lossy.append(_("column {column} is not read, as it gives the counts in ten thousands (万): "
                                       "give each number of records in full (30000 for 3万条) under the header "
                                       "{use}").format(column=ignored[-1], use=use))
                    elif fields == ["records"]:
                        lossy.append(_("column {column} is not read, so its counts would be lost: give the number "
                                       "of records under the header {use}").format(column=ignored[-1], use=use))
                    else:
                        lossy.append(ngettext(
                            "column {column} is not read, so its amounts would be imported as 0: give them in yuan "
                            "(元) under the header {use}",
                            "column {column} is not read, so its amounts would be imported as 0: give them in yuan "
                            "(元) under the headers {use}", len(fields)).format(column=ignored[-1], use=use))
                break
        else:
            if any(word in text for word in spec.get("code_header_words", ())) and \
                    not any(f in mapping for f in CODE_FIELDS):
                lossy.append(_("column {column} is not read, so the parties would be imported without their codes: "
                               "give them under the header {use}").format(column=ignored[-1],
                                                                          use=spec["columns"]["uscc_or_id"][0]))
            elif "case_number" not in mapping and (found := _case_number_in(parts, column)):
                number, row = found
                lossy.append(_("column {column} is not read, but it holds a case number ({number} in row {row}): if "
                               "it gives the cases' numbers, rename the header {use}; if not, delete the column"
                               ).format(column=ignored[-1], number=number, row=_row_text(row, None),
                                        use=spec["columns"]["case_number"][0]))
            elif (unread := next((f for word, f in spec.get("unread_header_words", {}).items() if word in text),
                                 None)) and unread not in mapping:
                lossy.append(_("column {column} is not read, but it may give the cases' {use}: if it does, rename "
                               "the header {use}; if not, delete the column").format(
                    column=ignored[-1], use=spec["columns"][unread][0]))
    if lossy:
        raise ImportRefused(_("{file}: nothing was imported: {problems}.").format(
            file=file_name, problems=_("; ").join(lossy)))
    return ignored


def _case_number_in(parts, column: int) -> tuple[str, tuple[str | None, int]] | None:
    """The first text written as a case number (``serial_reading``: 佛南市监立〔2026〕77号, 佛南市监立〔2026〕57) in
    ``column`` of the rows below the header of the register's sheets, and where ((sheet, row number)); None when
    there is none (a running serial 1, 2, 3, a note, a decision's 罚 number)."""
    for sheet, rows, header_index in parts:
        for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
            cell = row[column] if column < len(row) else None
            if type(cell) is str and "立" in cell and serial_reading(cell.strip()) is not None:
                return cell.strip(), (sheet, number)
    return None


#: "单位" and what follows it up to a stop, in a text as ``normalize_header`` writes it (金额单位：万元, 单位为万元, 单位：元、
#: 万条, （单位：人民币万元）): a unit stated. 填报单位, 制表单位 and 报送单位 name the office, not a unit
_UNIT_LABEL = re.compile(r"(?<!填报)(?<!制表)(?<!填表)(?<!报送)单位(?:[:：]|为|是)?([^；;。，,（）]{0,12})")
_WAN_WORDS = re.compile(r"万元|万条|萬元|萬條")
#: the fields a unit of ten thousands applies to: the amounts (万元) or the counts of records (万条)
_WAN_FIELDS = {"万元": ("fine", "confiscated"), "万条": ("records",)}


def _stated_units(cell, bracketed: bool = True) -> set[str]:
    """The units of ten thousands (万元, 万条) a cell states for the register: after 单位 (金额单位：万元, 单位为万元,
    （单位：万元、万条）), or with ``bracketed`` (a title or a note, not a header) also in brackets alone (台账（万元）) or
    as the cell's whole text. A title naming an amount (罚款1万元以上案件台账) states no unit."""
    if type(cell) is not str or "万" not in cell and "萬" not in cell:
        return set()
    text = normalize_header(cell)
    found = {word for match in _UNIT_LABEL.finditer(text) for word in _WAN_WORDS.findall(match.group(1))}
    if bracketed:
        found.update(word for word in re.findall(r"（(?:人民币)?(万元|万条|萬元|萬條)）", text))
        if text.strip("（）") in ("万元", "万条", "萬元", "萬條"):
            found.add(text.strip("（）"))
    return {word.replace("萬", "万").replace("條", "条") for word in found}


def _note_units(stated: dict[str, tuple], numbered, sheet: str | None, bracketed: bool = True) -> None:
    """Note in ``stated`` ({unit: ((sheet, row number), the cell's text)}) the first statement of each unit of ten
    thousands (``_stated_units``) in the rows ``numbered`` ((row number, cells) of ``sheet``)."""
    for number, row in numbered:
        for cell in row:
            for unit in _stated_units(cell, bracketed):
                stated.setdefault(unit, ((sheet, number), _one_line(cell).strip("（）() ")))


def _written_bare(field: str, value) -> bool:
    """Whether a row's amount (``field`` fine or confiscated) or count (records) is written as a number that is not
    0 without 万: read as yuan (as records), it is the value a unit of 万元 (万条) stated for the register would
    multiply. A value that cannot be read is refused with the row."""
    if value is None or value == "" or type(value) is str and ("万" in value or "萬" in value):
        return False
    try:
        return (parse_count if field == "records" else parse_amount_fen)(value) != 0
    except ValueError:
        return False


def _shown_number(value) -> str:
    """An amount or count as the cell gives it (3, not 3.0)."""
    if type(value) is float and value.is_integer():
        value = int(value)
    return _one_line(value)


def _refuse_stated_units(stated: dict[str, tuple], bare: dict[str, tuple], file_name: str) -> None:
    """Refuse a register that states its amounts in 万元 (or its counts in 万条) while a row writes one without 万
    (``bare``: {unit: ((sheet, row number), the value)}): read as yuan (records), it would be stored 10,000 times too
    small."""
    problems = []
    for unit, (where, text) in stated.items():
        if unit not in bare:
            continue
        row, (case_row, value) = _row_text(where, None), bare[unit]
        if unit == "万元":
            fen = parse_amount_fen(value)
            problems.append(_(
                "row {row} says the amounts are in ten thousands of yuan ({text}), but an amount written without 万 "
                "is read in yuan: {value} in row {case_row} would be imported as {as_read}, not {meant}. Write the "
                "amounts in yuan and take the unit out of row {row}, or write 万 after each amount (3万), then import "
                "the register again").format(row=row, text=text, value=_shown_number(value),
                                             case_row=_row_text(case_row, None), as_read=figures(fen),
                                             meant=figures(fen * 10000)))
        else:
            count = parse_count(value)
            problems.append(_(
                "row {row} says the counts of records are in ten thousands ({text}), but a count is read as the "
                "number of records itself: {value} in row {case_row} would be imported as {as_read} records, not "
                "{meant}. Write each count in full (30000 for 3万条) and take the unit out of row {row}, then import "
                "the register again").format(row=row, text=text, value=_shown_number(value),
                                             case_row=_row_text(case_row, None), as_read=f"{count:,}",
                                             meant=f"{count * 10000:,}"))
    if problems:
        raise ImportRefused(_("{file}: nothing was imported: {problems}.").format(
            file=file_name, problems=_("; ").join(problems)))


class NumberOwners:
    """Whose case a case number is, as its prefix marks it (read once for checking many numbers): the agency whose
    文号 abbreviation it begins with (or one its bureau had before, ``store.agencies.former_doc_abbrevs``) — or, when
    the abbreviation is followed by the name of one of that bureau's town offices, as a town office writes its
    register (佛顺市监大良立〔2026〕301号), that office. A number not written 简称立〔年〕号, or of no abbreviation known,
    is nobody's; an unknown mark after the abbreviation (佛顺市监执法立) leaves it the bureau's."""

    _NUMBER = re.compile(r"^(?P<prefix>.*)〔\d{4}〕\d+号$")
    _BRACKETS = re.compile(r"[()（）\[\]［］【】]")

    def __init__(self, db: Database):
        from workstation.store.agencies import former_doc_abbrevs

        self.abbrevs: dict[str, str] = {}  # {abbreviation: the agency numbering with it}
        self.towns: dict[tuple[str, str], str] = {}  # {(bureau, a town office's name as a number writes it): office}
        self.town_of: dict[str, str] = {}  # {town office: its town as 所属区 names it (大良街道)}
        self.bureau_of: dict[str, str] = {}  # {town office: its bureau}
        self.names: dict[str, str] = {}  # {agency: its short name}
        # the bureaus first: a town office writing its bureau's abbreviation is not its owner
        for agency_id, level, parent, abbrev, town, short in db.execute(
                "SELECT id, level, parent_id, doc_abbrev, town, COALESCE(NULLIF(short_name, ''), name) FROM agencies "
                "ORDER BY level = 'town', code"):
            self.names[agency_id] = short
            if abbrev:
                self.abbrevs.setdefault(abbrev, agency_id)
            if level == "town" and parent:
                self.bureau_of[agency_id] = parent
                self.town_of[agency_id] = town or short
                for name in (town, (town or "").removesuffix("街道").removesuffix("镇"), short, short.removesuffix("所")):
                    if name:
                        self.towns.setdefault((parent, name), agency_id)
        for owner, abbrevs in former_doc_abbrevs(db).items():
            for abbrev in abbrevs:
                self.abbrevs.setdefault(abbrev, owner)
        self._found: dict[str, tuple[str, str] | None] = {}  # {prefix: ``of``}

    def of(self, number: str) -> tuple[str, str] | None:
        """(the agency whose case ``number`` is, the mark naming it: its abbreviation, or the town office's name
        written after its bureau's), None when the number names none."""
        match = self._NUMBER.match(number_key(number))
        if not match:
            return None
        prefix = match["prefix"]
        if prefix not in self._found:
            abbrev = max((a for a in self.abbrevs if prefix.startswith(a)), key=len, default="")
            found = None
            if abbrev:
                bureau = self.abbrevs[abbrev]
                mark = self._BRACKETS.sub("", prefix[len(abbrev):]).removesuffix("立")
                town = self.towns.get((bureau, mark)) if mark else None
                found = (town, mark) if town else (bureau, abbrev)
            self._found[prefix] = found
        return self._found[prefix]

    def belongs(self, number: str, agency_id: str | None) -> bool | None:
        """Whether ``number`` is a case number agency ``agency_id`` may give: its own, or, for a town office, one of
        its bureau's abbreviation with no office named (the office numbers with it, ``store.cases.next_case_number``);
        None when the number names no agency (``of``)."""
        found = self.of(number)
        if found is None:
            return None
        owner, mark = found
        return owner == agency_id or (self.bureau_of.get(agency_id or "") == owner and mark in self.abbrevs)

    def refusal(self, number: str, agency_id: str) -> str | None:
        """Why a station of agency ``agency_id`` does not record the register row numbered ``number`` as its own
        case: the number names another town office (佛顺市监大良立〔2026〕301号 at 顺德区局's or 容桂所's station), whose
        case it is — recorded there and here, headquarters counts it twice (the number held at two stations refuses
        the second one's bundles). None when it may, and for a number of another bureau's abbreviation, which
        ``case_reference.number_warnings`` warns of (a district or prefix mistyped, a city bureau's case in the
        district)."""
        found = self.of(number)
        if found is None or found[0] not in self.town_of or self.belongs(number, agency_id):
            return None
        owner = self.names.get(found[0], found[0])
        return _("Case number {number} bears {mark}, the mark of {owner}, not of {own}, this station's agency: it is "
                 "{owner}'s case, which {owner} records itself; recorded here too, headquarters would count it twice. "
                 "Correct the number if it is mistyped, else leave the row out (delete it from the register, or "
                 "import with --skip-invalid). If {owner} keeps no workstation of its own and its cases are recorded "
                 "here, write its town ({town}) under 所属区: the row is then filed under {owner}.").format(
            number=number, mark=found[1], owner=owner, own=self.names.get(agency_id, agency_id),
            town=self.town_of[found[0]])


class _Context:
    """Lookups the importer needs, loaded once: agencies by district, existing case numbers and parties."""

    def __init__(self, db: Database):
        self.agencies: dict[str, str] = {}
        self.districts: list[str] = []  # the names a 所属区 cell may hold, as a refused row lists them
        self.towns: list[str] = []
        for agency_id, level, district, town in db.execute(
                "SELECT id, level, district, town FROM agencies WHERE level != 'city' ORDER BY code"):
            if level == "town" and town:
                self.towns.append(town)
            elif level != "town" and district:
                self.districts.append(district)
            names = [town, town.removesuffix("街道").removesuffix("镇")] if level == "town" else \
                [district, district.removesuffix("区")]
            for name in names:
                if name:
                    self.agencies.setdefault(name, agency_id)
        self.agency_district = dict(db.execute("SELECT id, district FROM agencies"))
        # the screening rules in force (their [places] aliases): a 所属区 cell is read as screening reads a place
        try:
            self.rules = rules_for(db)
        except RulesError:  # an edited copy that cannot be read: the shipped rules name the same places
            self.rules = load_rules()
        self._places: dict[str, str | None] = {}  # 所属区 value: its agency (``place_agency``)
        # as the store writes them: a number stored before its year's brackets were made 〔〕 still counts
        # {number as compared: number as stored}, the stored one read back for the rows skipped (``_skipped_warnings``)
        self.case_numbers = {number_key(r[0]): r[0] for r in db.execute("SELECT case_number FROM cases")}
        # the case numbers kept void (changed by an edit, lost by a restore): never given again, to a row neither
        # {number as compared: (number as kept, why)}
        self.voided_numbers: dict[str, tuple[str, str]] = {}
        for kept, reason in db.execute("SELECT number, void_reason FROM doc_numbers WHERE type_code = ? AND "
                                       "status = 'void' ORDER BY voided_at DESC", [CASE_TYPE_CODE]):
            if not kept_by_withdrawal(reason):  # a withdrawn import's: its register may be imported again
                self.voided_numbers[number_key(kept)] = (kept, reason or "")
        self.abbreviations = Abbreviations.read(db)
        # whose case a number is (佛顺市监大良立〔2026〕301号: 大良所's): a station records no other office's
        self.owners = NumberOwners(db)
        # {(bureau, year): the highest case serial in use} for the rows numbered on import, read once for each and kept
        # up to date as rows are numbered (``store.cases.next_case_number``), not read again for each row
        self.highest_serials: dict[tuple[str, int], int] = {}
        # the city bureau's 文号 abbreviation (佛市监) when this installation works as the city bureau (headquarters, or a
        # station of the city bureau): a row whose number bears it is the city bureau's case, wherever it happened
        from workstation.station_role import city_bureau, own_agency

        city = city_bureau(db)
        own = own_agency(db)
        self.city = (city, self.abbreviations.of_agency.get(city, "")) if city and own == city else None
        # a station of a district bureau or a town office: (its agency, its district, its district's bureau). A row
        # naming that district is the station's own case (a town office's register names its district, not its
        # town); a row of another district goes to that district's bureau, and a warning says so
        self.station = None
        if own and own != city:
            row = db.execute("SELECT level, district FROM agencies WHERE id = ?", [own]).fetchone()
            if row and row[0] in ("district", "town") and row[1]:
                bureau = self.agencies.get(row[1])
                self.station = (own, row[1], bureau)
        self.short_names = dict(db.execute("SELECT id, COALESCE(NULLIF(short_name, ''), name) FROM agencies"))
        # (prefix and year, agency, filing year): the refusal and warnings of a case number (``_number_checks``)
        self.number_checks: dict[tuple[str, str, str], tuple[str | None, list[str]]] = {}
        self.year = int(today()[:4])
        # the bureau's screening rules and what in a row tells of calls (``_calls_facts``): worked out once per import
        # (~50 µs each time, ``screening.rules.rules_held`` most of it), not for each row
        from workstation.law import case_law

        self.calls_rules = case_law.bureau_rules()
        self.calls_told = case_law.calls_told(self.calls_rules)
        self._db = db
        # (案由, filing date): (case id, party name, party codes) of each party of the stored cases (``unnumbered_twins``)
        self._cause_dates: dict[tuple[str, str | None], list[tuple[str, str, set[str]]]] | None = None
        self._names: dict[str, str] = {}  # the names compared (``_name_key``)
        # {number as compared: (party names, party codes, (案由, filing date))} of the stored cases rows name
        # (``other_partys_case``)
        self._numbered_parties: dict[str, tuple[list[str], set[str], tuple[str, str | None]]] = {}
        # the stored parties by the keys a row's party is found by (``party_key``): USCC; a natural person's ID
        # number; an individual business's operator's, marked (``OPERATOR``: the same number may be a person's, a party
        # of its own); the name, but not of a natural person known by ID number, whose name alone does not say it is
        # the same person ({name: that ID number}, ``namesake_note``)
        self.parties: dict[str, str] = {}
        self.party_names: dict[str, str] = {}
        self.persons_known: dict[str, str] = {}
        for pid, kind, name, uscc, id_number in db.execute("SELECT id, kind, name, uscc, id_number FROM parties"):
            self.party_names[pid] = name
            known = kind == "person" and bool(id_number)
            if known:
                self.persons_known.setdefault(name, id_number)
            number = id_number if kind == "person" else OPERATOR + id_number if id_number else ""
            for key in (uscc, number, "" if known else "name:" + name):
                if key and key != "name:":
                    self.parties.setdefault(key, pid)

    def party_key(self, fields: dict) -> str:
        """The key of ``parties`` the party of a row is found by, and a party the row creates is kept under for the
        rows after it: its USCC; its ID number — a natural person's, or that of the individual business stored with
        it as its operator's for a row whose name is no person's (佛山市南海区张三小吃店 written with its operator's
        number rather than its code: 张三 with it is the person, a party of its own); else its name."""
        if fields["uscc"]:
            return fields["uscc"]
        number = fields["id_number"]
        if number:
            operator = OPERATOR + number
            return operator if operator in self.parties and inferred_party_kind(fields["party"]) != "person" \
                else number
        return "name:" + fields["party"]

    def namesake_note(self, fields: dict) -> str | None:
        """The warning on a row giving only the name of a stored natural person known by ID number (and of no other
        party stored): the row is not filed under that person, whose ID number and address would print on this
        case's documents were another person of that name meant, but under a new party of that name. None for
        another row."""
        if fields["uscc"] or fields["id_number"] or self.party_key(fields) in self.parties:
            return None
        number = self.persons_known.get(fields["party"])
        if number is None:
            return None
        return _("{name} is given without an ID number, and the party stored as {name} is a natural person with ID "
                 "number {number}: the case is imported under a new party {name} without an ID number, as another "
                 "person of that name may be meant. If that person is meant, write the ID number in the row before "
                 "importing.").format(name=fields["party"], number=mask_id(number))


    def place_agency(self, written: str) -> str | None:
        """The agency of the district or town a 所属区 cell names as complaint screening reads a place written in a
        column (``screening.rules.place_named``: 佛山市南海区, 南海区桂城街道, 石湾镇, 九江), once for each value; None when
        it names none."""
        if written not in self._places:
            place = place_named(written, self.rules) if written else None
            self._places[written] = self.agencies.get(place.town or place.district) if place else None
        return self._places[written]

    def place_refusal(self, written: str) -> str:
        """Why a 所属区 cell names no district or town of Foshan (or is empty), and what to write."""
        if not written:
            return _("The district (所属区) is empty: write one of {districts}, or the name of a town or subdistrict "
                     "such as {towns} ({n} in all).").format(districts="、".join(self.districts),
                                                             towns="、".join(self.towns[:3]), n=len(self.towns))
        named = places_named(written, self.rules)
        if named and len(named) == 2 and not named[0].town and named[1].town and \
                named[1].district != named[0].district:
            return _("{town} is in {its_district}, not in {district}: write the district and the town that go "
                     "together, or the town alone.").format(town=named[1].town, its_district=named[1].district,
                                                             district=named[0].district)
        return _("{value} is not a district or town of Foshan: write one of {districts}, or the name of a town or "
                 "subdistrict such as {towns} ({n} in all).").format(
            value=written, districts="、".join(self.districts), towns="、".join(self.towns[:3]),
            n=len(self.towns))

    def unnumbered_twins(self, fields: dict) -> set[str]:
        """The ids of the stored cases a row without a case number is: the same 案由, filing date and party (its
        code when both have one, else its name as ``_name_key`` compares names), so that importing such a register
        twice adds nothing either, while another party's case of the same cause and day is not taken for the row's."""
        if self._cause_dates is None:
            self._cause_dates = {}
            for case_id, cause, filed_on, name, uscc, id_number in self._db.execute(
                    "SELECT c.id, c.cause, c.filed_on, p.name, p.uscc, p.id_number FROM cases c "
                    "JOIN case_parties cp ON cp.case_id = c.id JOIN parties p ON p.id = cp.party_id"):
                codes = {code for code in (uscc, id_number) if code}
                self._cause_dates.setdefault((cause, filed_on or None), []).append((case_id, name, codes))
        code = fields["uscc"] or fields["id_number"]
        name = _name_key(fields["party"], self._names)
        return {case_id for case_id, stored_name, codes in self._cause_dates.get((fields["cause"],
                                                                                   fields["filed_on"] or None), [])
                if (code in codes if code and codes else _name_key(stored_name, self._names) == name)}

    def has_unnumbered_twin(self, fields: dict) -> bool:
        """Whether a row without a case number is a case already stored (``unnumbered_twins``)."""
        return bool(self.unnumbered_twins(fields))

    def other_partys_case(self, number: str, fields: dict) -> str | None:
        """The party names of the stored case numbered ``number`` (as compared: a key of ``case_numbers``) when the
        row is another case: it names none of its parties — not by code (when the row gives one) nor by name as
        ``_name_key`` compares names — and its 案由, or its filing date (when it gives one), differs from the case's
        too. None when the row is that case (skipped, a party of another name said as a difference: the party
        renamed since, as the import's warning advises), or the case has no party. Read once for each number."""
        stored = self._numbered_parties.get(number)
        if stored is None:
            rows = self._db.execute(
                "SELECT p.name, p.uscc, p.id_number, c.cause, c.filed_on FROM cases c "
                "JOIN case_parties cp ON cp.case_id = c.id JOIN parties p ON p.id = cp.party_id "
                "WHERE c.case_number = ? ORDER BY cp.position", [self.case_numbers[number]]).fetchall()
            stored = self._numbered_parties[number] = ([r[0] for r in rows], {c for r in rows for c in r[1:3] if c},
                                                       (rows[0][3], rows[0][4]) if rows else ("", None))
        names, codes, (cause, filed_on) = stored
        code = fields["uscc"] or fields["id_number"]
        if not names or (code and code in codes):
            return None
        if (cause or "").strip() == fields["cause"] and (not fields.get("filed_on") or fields["filed_on"] == filed_on):
            return None
        key = _name_key(fields["party"], self._names)
        if any(_name_key(name, self._names) == key for name in names):
            return None
        return "、".join(names)


class _Memo:
    """The results of the checks of the values already read in this import, by the function and the value: a
    register repeats its dates, amounts, violations and parties' codes row after row."""

    def __init__(self):
        self._seen: dict[tuple, tuple] = {}

    def __call__(self, fn, *args) -> tuple:
        """``fn(*args)`` as (result, None), or (None, message) when it raised ValueError."""
        key = (fn, *args, *map(type, args))  # 1, 1.0 and True are equal keys but not equal cells
        hit = self._seen.get(key)
        if hit is None:
            try:
                hit = (fn(*args), None)
            except ValueError as exc:
                hit = (None, str(exc))
            self._seen[key] = hit
        return hit

    def one(self, fn, value) -> tuple:
        """``self(fn, value)`` (the same entries), at a third of its cost: most checks take one value."""
        hit = self._seen.get((fn, value, type(value)))
        return self(fn, value) if hit is None else hit


@dataclass(frozen=True)
class _Code:
    """The code read in a 统一社会信用代码 / 身份证号码 cell: its field ("uscc", "id_number", or the column's when
    it is refused), the normalised value or the error, the warnings on a valid one and the old 15-digit ID number
    it was converted from; ``if_person``: the error of the ID reading of a USCC with the shape of an ID number
    (``_identity``), the row's refusal when its party is named as a person."""

    field: str
    value: str = ""
    error: str = ""
    warnings: tuple[str, ...] = ()
    legacy: str = ""
    if_person: str = ""


def _identity(column: str, raw) -> _Code | None:
    """The code read in a 统一社会信用代码 / 身份证号码 cell; None for an empty cell. A 统一社会信用代码 column also
    holds the ID numbers of persons, as registers write them: either number is read there, the likelier reading
    first, and its error reported if both fail.

    A value with the shape of an ID number (``ID_SHAPE``) that fails the ID check is a mistyped ID number, refused
    with the ID number's error, even when its check character passes as a USCC's (by chance, 1 in 31): it is taken
    as a USCC only when it is a plausible one (``mistyped_id_number``, the rule documents and the party dialog
    apply too: its characters 3–8 a known division code — those of an ID number are the end of its division code
    and the birth century: rarely one — and its characters 1–2 no sign of an ID number mistyped) and the party is
    not named as a person (``inferred_party_kind`` of the name alone: a name of two to four
    Chinese characters, or a number's 使用人). The name is the row's, so the last condition is judged by
    ``_parse_row`` with ``if_person``; the refusal then says how to name an individual business without a trade
    name. A number held as a number in the workbook is named masked, as every ID number in the import's messages."""
    ident = str(raw).strip()
    if not ident:
        return None
    if type(raw) in (int, float) and abs(raw) >= 1e15 and float(raw).is_integer():
        # an ID number typed in a General cell: its first 15 digits kept, named masked as it may be a person's
        return _Code(column, error=_("{value} is stored in the spreadsheet as a number, which keeps only 15 digits: "
                                     "format the column as text and type the value again.").format(
            value=mask_id(str(int(raw)))))
    if problem := typed_cell_problem(raw):
        return _Code(column, error=problem)
    if SCIENTIFIC_NUMBER.fullmatch(ident):
        # a CSV saved by Excel from a workbook that kept the ID number as a number (4.40605E+17): its digits not
        # named, lost or not (4.40605199001011E+17 holds 15 of a person's)
        return _Code(column, error=_(
            "The number is written in scientific notation ({form}): Excel dropped the last digits of the ID number "
            "or code when the file was saved. Format the column as text (文本), type the full number again and import "
            "the register again.").format(form="…" + ident[ident.upper().index("E"):]))
    readings = [("uscc", normalize_uscc), ("id_number", normalize_id_number)]
    legacy = legacy_id_number(ident)
    if legacy and column == "uscc":
        # 15 digits under a 统一社会信用代码 header are a company's old 注册号, not an ID number of a person born in the
        # 1900s (nor one refused for a birth date that does not exist): the party's USCC is asked for
        return _Code(column, error=_("{code} has 15 digits: an old registration number (注册号), not a unified social "
                                     "credit code. The register must give the party's 18-character 统一社会信用代码, "
                                     "as on its business licence: correct the cell and import the register "
                                     "again.").format(code=ident))
    compact = compact_code(ident)
    # a valid ID number that is a plausible credit code too (``id_number_not_uscc``)
    plausible_code = plain_id_valid(compact) and not id_number_not_uscc(compact)
    if column == "id_number":
        readings = readings[1:]
    elif (compact[:17].isdigit() and compact[6:8] in ("19", "20") and not plausible_code) or legacy:
        # as typed without its hyphens (110105-19491231-002X): an ID number — but a valid one that is a plausible
        # credit code too is the credit code, as the party dialog keeps it (``id_number_not_uscc``): one party
        readings.reverse()
    first_error = None
    for name, fn in readings:
        try:
            value = fn(ident)
        except ValueError as exc:
            first_error = first_error or str(exc)
            continue
        if name == "uscc":
            if (mistyped := mistyped_id_number(value)) is not None:  # as documents and the party dialog refuse it
                return _Code(column, error=mistyped)
            if first_error and ID_SHAPE.match(value):  # a plausible USCC shaped like an ID number: no person's
                return _Code(name, value, warnings=tuple(uscc_warnings(value)), if_person=first_error)
            return _Code(name, value, warnings=tuple(uscc_warnings(value)))
        doubts = tuple(id_number_warnings(value))
        if legacy:
            return _Code(name, value, warnings=(legacy_id_note(mask_id(value)), *doubts), legacy=legacy)
        if value.endswith("000") and type(raw) is str:
            # 440605199003073000 passes its check as about 1 in 11 numbers Excel padded do (15 digits kept, zeros
            # written for the last three): imported, with a word to check it
            doubts += (_("The ID number {value} ends in 000, as a number Excel padded with zeros does (it keeps 15 "
                         "digits): check it against the ID card and, if the last digits were lost, correct the "
                         "party's ID number.").format(value=mask_id(value)),)
        return _Code(name, value, warnings=doubts)
    if len(compact) == 18 and compact.isdigit() and compact.endswith("000"):
        # 440605199001011000: a number a workbook kept (15 digits) written out whole, zeros for the last three
        return _Code(column, error=_(
            "The number ends in 000 and fails its check: Excel dropped the last digits of the ID number or code (it "
            "keeps 15) and wrote zeros for them. Format the column as text (文本), type the full number again and "
            "import the register again."))
    return _Code(column, error=first_error)


_VIOLATION_SEPARATORS = re.compile(r"[、，,；;/\r\n]")


@cache
def _violation_wordings() -> str:
    """The first wording of each violation type the register reads: 未经同意发送商业性信息/… as a refusal lists them."""
    first: dict[str, str] = {}
    for wording, key in register_spec()["violation_values"].items():
        first.setdefault(key, wording)
    return "/".join(first.values())


def _violations(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The violation types named in a cell (each once, in order) and the messages of the words not known."""
    known = register_spec()["violation_values"]
    keys: list[str] = []
    errors: list[str] = []
    for part in _VIOLATION_SEPARATORS.split(text):  # a line break (Alt+Enter) separates them too
        part = part.strip()
        if part:
            key = known.get(part)
            if key is None:
                errors.append(_("{value} is not a known violation type: write {allowed}, several separated by 、."
                                ).format(value=part, allowed=_violation_wordings()))
            elif key not in keys:
                keys.append(key)
    return tuple(keys), tuple(errors)


def _calls_facts(cell: str, cause: str, keys: tuple[str, ...], warnings: list, rules, told) -> tuple[str, ...]:
    """The facts of calls a register row records (``Case.law_conditions``, as ``cases facts`` records them):
    ``commercial_calls`` when its 违法行为 tells of calls (骚扰电话, 外呼: ``told``, ``case_law.calls_told`` of the
    shipped screening rules and the bureau's, ``rules``: both worked out once per import, ``_Context``) and it records
    a violation whose law that fact changes, with ``commercial_messages`` when the row names messages too: 短信 in it
    or its 案由 (both as ``case_law.calls_facts_missing`` suggests them), or a wording of messages beside the calls in
    违法行为 (骚扰电话、发送商业性信息). Without the fact the calls would be cited under the law of messages. A 案由
    alone telling of calls (通过外呼平台发送营销短信案: the platform may have sent the messages) records nothing, a
    guess: it is warned of as a case's page warns of it (``case_law.calls_fact_warning``), added to ``warnings`` (the
    row's, as (field, message)). Empty otherwise: messages alone are cited as such, without a fact."""
    from workstation.law import case_law

    calls_in_cell = told.search(cell)
    if not calls_in_cell and not told.search(cause):
        return ()  # most rows: two searches, no Case made
    case = Case(case_number="", cause=cause, sector="", agency_id=None, violations=list(keys), facts=cell)
    if not calls_in_cell:
        if warning := case_law.calls_fact_warning(case, (), rules):
            warnings.append(("cause", warning))
        return ()
    facts = case_law.calls_facts_missing(case, (), rules)
    if facts and case_law.COMMERCIAL_MESSAGES not in facts:
        known = register_spec()["violation_values"]
        parts = [(p, bool(told.search(p))) for p in (part.strip() for part in _VIOLATION_SEPARATORS.split(cell)) if p]
        called = {known.get(p) for p, calls in parts if calls} - {None}
        if any(known.get(p) in called for p, calls in parts if not calls):
            facts += (case_law.COMMERCIAL_MESSAGES,)  # 骚扰电话、发送商业性信息: the same violation's calls and messages
    return facts


def _calls_unpenalised(violations: tuple[str, ...], filed_on: str, conditions: tuple[str, ...]) -> str | None:
    """The first day (ISO) a norm penalising calls is in force (条例 art. 50 para. 3 with art. 24: 2024-07-01,
    REFERENCE §4.4), when a register row recording calls (``_calls_facts``) filed before it has no penalty basis
    (``case_law.penalty_basis``: the law at the filing date, Penalty Law art. 37, as ``_fine_limits`` reads it); None
    otherwise — the calls and messages of a case recording both, penalised under the law of messages, among them.
    ``filed_on``: the day standing for the filing date (``_law_dated``), as rows filed within one stretch share it."""
    from workstation.law.case_law import COMMERCIAL_CALLS, penalty_basis
    from workstation.law.catalogue import norm
    from workstation.law.data import load

    if COMMERCIAL_CALLS not in conditions or penalty_basis(Case(
            case_number="", cause="", sector="", agency_id=None, violations=list(violations), filed_on=filed_on,
            law_conditions=list(conditions))) is not None:
        return None
    mapping = load("catalogue")["violations"]
    first = min((norm(n).effective_from for v in violations
                 for n in mapping.get(v, {}).get("when", {}).get(COMMERCIAL_CALLS, {}).get("penalties", ())),
                default=None)
    return first.isoformat() if first is not None and first.isoformat() > filed_on else None


def _parse_row(values: dict, ctx: _Context, spec: dict, memo: _Memo) -> tuple[dict, list[tuple[str, str]]]:
    """Validated fields of one register row and the (field, message) errors found; the fields' "warnings" are
    the (field, message) of what to check in a row imported."""
    out: dict = {}
    errors: list[tuple[str, str]] = []
    # the refusals a row of a case stored already is spared (it is skipped, said as stored): refusals of rows that
    # imports before them took, which a register imported again must not meet (``_stored_row``)
    unless_stored: list[tuple[str, str]] = []
    typed = {}  # the text columns whose cell is a fraction, a date, a time or TRUE/FALSE: refused, read as empty
    for name in TYPED_TEXT_COLUMNS:
        if type(values.get(name, "")) is not str and (problem := typed_cell_problem(values[name])):
            typed[name] = problem
            errors.append((name, problem))
    out["case_number"] = "" if "case_number" in typed else \
        number_key(str(values.get("case_number", "")))  # 佛南市监立(2026)9号 as 〔2026〕
    out["party"] = "" if "party" in typed else str(values.get("party", "")).strip()
    if not out["party"] and "party" not in typed:
        errors.append(("party", _("The party's name is empty.")))
    out["uscc"] = out["id_number"] = out["legacy_id"] = ""
    out["warnings"] = []
    for column in CODE_FIELDS:
        code = memo(_identity, column, values[column])[0] if column in values else None
        if code is not None:
            if code.if_person and inferred_party_kind(out["party"]) == "person":  # a mistyped ID number (_identity)
                errors.append((column, join_sentences([code.if_person, _(
                    "It is not taken for a unified social credit code, though it passes that check, as the party "
                    "{name} is named as a person: if it is the code of a business, write the party's name as on "
                    "its business licence (an individual business without a trade name as {name}（个体工商户）).")
                    .format(name=out["party"])])))
                continue
            if code.error:
                errors.append((code.field, code.error))
                continue
            out[code.field] = code.value
            out["warnings"] += [(column, message) for message in code.warnings]
            out["legacy_id"] = code.legacy or out["legacy_id"]
    district = str(values.get("district", "")).strip()
    # as written, else as complaint screening reads a place (佛山市南海区, 南海区桂城街道, 石湾镇): 南山区 (Shenzhen)
    # is not 南山镇 of 三水区, as dropping its 区 would have read it
    out["agency_id"] = ctx.agencies.get(district) or ctx.place_agency(district)
    if out["agency_id"] and ctx.station:
        own, own_district, bureau = ctx.station
        if out["agency_id"] == bureau:  # the station's district named: its own case (the same agency at the bureau)
            out["agency_id"] = own
        elif ctx.agency_district.get(out["agency_id"]) != own_district and not out["case_number"] and \
                "case_number" not in typed:
            # numbered here from that bureau's sequence, its number would be given by the bureau too: headquarters
            # would then hold two cases of one number
            unless_stored.append(("case_number", _(
                "The row has no case number, and it is a case of {agency} ({value} is not in {district}, the "
                "district of this station's agency {own}): numbered here, it would take a number of {agency}'s "
                "sequence that {agency} gives to its own cases too. Number the row from {agency}'s register "
                "(write its case number in the row) or leave the row out, then import the register again.").format(
                agency=ctx.short_names.get(out["agency_id"], ""), value=district, district=own_district,
                own=ctx.short_names.get(own, own))))
        elif ctx.agency_district.get(out["agency_id"]) != own_district:
            out["warnings"].append(("district", _(
                "{value} is not in {district}, the district of this station's agency {own}: the case is filed "
                "under {agency}, not under {own}.").format(value=district, district=own_district,
                                                          own=ctx.short_names.get(own, own),
                                                          agency=ctx.short_names.get(out["agency_id"], ""))))
    if not out["agency_id"]:
        errors.append(("district", ctx.place_refusal(district)))
    sector = str(values.get("sector", "")).strip()
    out["sector"] = sector_key(sector)
    if not out["sector"]:
        errors.append(("sector", _("{value} is not a sector (房地产租售/教育培训/装饰装修/小贷金融/其他).").format(
            value=sector) if sector else _("The sector (行业领域) is empty: write 房地产租售/教育培训/装饰装修/小贷金融/其他.")))
    out["cause"] = "" if "cause" in typed else str(values.get("cause", "")).strip()
    if not out["cause"] and "cause" not in typed:
        errors.append(("cause", _("The cause (案由) is empty.")))
    keys, unknown = memo.one(_violations, cell := str(values.get("violations", "")))[0]
    out["violations"] = list(keys)
    # calls told by the 案由 alone are warned of, not recorded: a guess
    out["law_conditions"] = list(_calls_facts(cell, out["cause"], keys, out["warnings"], ctx.calls_rules,
                                                  ctx.calls_told)) if keys else []
    errors += [("violations", message) for message in unknown]
    status = str(values.get("status", "")).strip()
    out["status"] = spec["status_values"].get(status)
    if not out["status"]:
        errors.append(("status", _("{value} is not a case status (立案调查/已告知/已决定/已结案/已移送公安).").format(
            value=status) if status else _("The case status (办理状态) is empty: write "
                                           "立案调查/已告知/已决定/已结案/已移送公安.")))
    for name, fn in (("filed_on", _filing_date), ("records", parse_count), ("fine", register_amount),
                     ("confiscated", register_amount)):
        value, error = memo.one(fn, values.get(name, ""))
        if error is None:
            out[name] = value
        else:
            errors.append((name, error))
    if out["status"] and "filed_on" in out and not out["filed_on"]:
        # every status a register row may carry is a filed case's: its number takes the filing date's year and the
        # statistics count it by that date, which cannot be typed on the case afterwards
        unless_stored.append(("filed_on", _("The filing date is empty, but a case {status} has been filed: its case number "
                                     "takes the year of that date and the statistics count the case by it. Write "
                                     "the day the case was filed (立案日期) and import the register again.").format(
            status=status)))
    if out["status"] in UNDECIDED_STATUSES:
        # an amount at a status without a decision is only proposed: imported, shown 拟, counted by no statistic
        for name in ("fine", "confiscated"):
            if out.get(name):
                out["warnings"].append((name, _(
                    "{amount} is recorded for a case {status}, which has no penalty decision: the statistics do not "
                    "count it until the case is decided. If it was decided, correct the status (已决定 or 已结案) and "
                    "import the register again.").format(amount=figures(out[name]), status=status)))
    elif out["status"] and out.get("fine") and out["violations"] and "filed_on" in out:
        # a decided fine outside the range of the basis its violations imply: said, not refused (a register records
        # decisions made, a reduced penalty among them)
        # the basis worked out once for each violations, filing date and confiscation the register repeats; with
        # gains confiscated (an amount of its own nearly every row) only for a fine that could be below the least
        # the basis allows: ~0.15 ms a row, more than the rest of the row's import
        violations, confiscated = tuple(out["violations"]), out.get("confiscated") or 0
        dated = memo.one(_law_dated, out["filed_on"])[0]
        if not confiscated or out["fine"] < memo(_most_gains_multiple, violations, dated)[0] * confiscated:
            limits = memo(_fine_limits, violations, dated, confiscated, tuple(out["law_conditions"]))[0]
            if warning := _fine_range_warning(out["fine"], *limits):
                out["warnings"].append(("fine", warning))
    if out["law_conditions"] and out.get("filed_on") and \
            (since := memo(_calls_unpenalised, tuple(out["violations"]), memo.one(_law_dated, out["filed_on"])[0],
                           tuple(out["law_conditions"]))[0]):
        # calls before the 条例 came into force: no norm penalises them, which `cases facts` says as "no penalty basis"
        out["warnings"].append(("violations", _(
            "Calls made before {date} have no penalty norm: only 条例第二十四条 names calls, in force from {date} "
            "(Penalty Law art. 37), so this case, filed on {filed}, has no penalty basis for them. Check when the "
            "calls were made; messages sent besides them are penalised under the law of messages once recorded on "
            "the case.").format(date=since, filed=out["filed_on"])))
    if (number := out["case_number"]) and ctx.city and ctx.city[1] and out["agency_id"] and \
            prefix_owner(number, ctx.abbreviations) == ctx.city[1]:
        # 佛市监立〔2026〕5号 in 南海区 is the city bureau's case there: filed under it, in the district of the row
        out["district_agency"], out["agency_id"] = out["agency_id"], ctx.city[0]
    if number:
        # a year still to come is refused; another agency's prefix or a year not the filing year is warned of. Checked
        # once for each prefix and year (the text up to 〕), agency and filing year of the file, not for every serial
        key = (number[:number.find("〕") + 1] or number, out["agency_id"] or "", (out.get("filed_on") or "")[:4])
        checked = ctx.number_checks.get(key)
        if checked is None:
            checked = ctx.number_checks[key] = _number_checks(*key, ctx)
        refusal, warnings = checked
        if refusal:
            errors.append(("case_number", refusal))
        # a running serial (1, 2, 3), 〔2026〕57 without 号, 立字〔2026〕第51号, 〔二〇二六〕: said as the case dialog says it
        if shaped := shape_warning(number, out["agency_id"], out.get("filed_on") or str(ctx.year), ctx.abbreviations):
            warnings = [join_sentences([shaped, _("A running serial of the register (1, 2, 3) is no case number: "
                                                  "leave the cell empty and the case is numbered on import.")]),
                        *warnings]
        out["warnings"] += [("case_number", message) for message in warnings]
        # at a station, a row of its own whose number names another town office (a town office's row at its
        # bureau's station): that office's case, which its station sends too — held at two stations, headquarters refuses the
        # second station's bundles for good, and renumbered, counts the case twice
        # — unless stored here already (before the check): the row is then skipped (``import_register``), not refused
        if ctx.station and out["agency_id"] == ctx.station[0] and number not in ctx.case_numbers and \
                (foreign := ctx.owners.refusal(number, ctx.station[0])):
            errors.append(("case_number", foreign))
    if values.get("filing_proposed_on") not in (None, ""):  # the optional 立案呈批日期 column
        out["filing_proposed_on"], error = memo(_proposal, values["filing_proposed_on"], out.get("filed_on"))
        if error is not None:
            errors.append(("filing_proposed_on", error))
    if values.get("decided_on") not in (None, ""):  # the optional 决定日期 column
        out["decided_on"], error = memo(_decision_date, values["decided_on"], out.get("filed_on"), out["status"], status)
        if error is not None:
            errors.append(("decided_on", error))
    elif "decided_on" in values and out["status"] in DECIDED_STATUSES and out.get("filed_on"):
        # the column left empty in a decided row: warned of, not refused, as a register without the column is
        # imported (its decided cases counted by their filing date, as the statistics' note says: not warned of row
        # by row, every decided row would be)
        out["warnings"].append(("decided_on", _(
            "No decision date is given for a case {status}: it is imported without one, and the statistics count "
            "its penalty by its filing date {filed}.").format(status=status, filed=out["filed_on"])))
    for name, limit in TEXT_LIMITS:
        problem = None if name in typed else text_problem(str(values.get(name, "")), limit)
        if problem:
            errors.append((name, problem))
    if unless_stored and not _stored_row(out, ctx):
        errors += unless_stored
    return out, errors


def _stored_row(out: dict, ctx: _Context) -> bool:
    """Whether the row read (``out``, as ``_parse_row`` reads it) is a case stored already, which the import skips:
    its case number is stored, or, having none, a stored case is it (``_Context.has_unnumbered_twin``: its 案由,
    filing date and party). A row whose party, 案由 or filing date could not be read is none."""
    if out["case_number"]:
        return out["case_number"] in ctx.case_numbers
    return bool(out["party"] and out["cause"]) and "filed_on" in out and ctx.has_unnumbered_twin(out)


def _fine_limits(violations: tuple[str, ...], filed_on: str | None, confiscated_fen: int,
                 conditions: tuple[str, ...] = ()) -> tuple:
    """(maximum, minimum) of the penalty basis a register row's violations imply (``case_law.penalty_basis``, as the
    case's legal assessment will choose it: the law at the filing date, the 没收违法所得 taken as the illegal gains),
    each None where the row does not fix it (``case_law.maximum_of``, ``minimum_of``). With gains confiscated the
    row does not say how much was gained (at least that): no maximum is guessed, and a basis in multiples of the gains
    fines at least that multiple of what was confiscated; a fixed-amount basis chosen for so small gains may not be
    the one for the gains made, so neither is known. ``conditions``: the facts the row records (``_calls_facts``)."""
    from workstation.law.case_law import maximum_of, minimum_of, penalty_basis

    case = Case(case_number="", cause="", sector="", agency_id=None, violations=list(violations), filed_on=filed_on,
                confiscated_fen=confiscated_fen, law_conditions=list(conditions))
    choice = penalty_basis(case)
    if confiscated_fen and (choice is None or choice.norm.fine is None or choice.norm.fine.gains_multiple is None):
        return None, None
    return maximum_of(choice, case), minimum_of(choice, case)


def _law_dated(filed_on: str | None) -> str | None:
    """The day standing for ``filed_on`` in the legal catalogue: the first of the days on which the same norms are in
    force as on it (a norm's first day in force and the day after its last begin such a stretch; the first stretch
    begins on ``filed_on`` itself), so that rows filed within one stretch share the basis worked out for it
    (``_fine_limits``: the law at the filing date)."""
    if not filed_on:
        return filed_on
    from workstation.law.catalogue import norms

    starts = sorted({n.effective_from for n in norms().values()}
                    | {n.effective_to + dt.timedelta(days=1) for n in norms().values() if n.effective_to})
    day = dt.date.fromisoformat(filed_on)
    earlier = [start for start in starts if start <= day]
    return earlier[-1].isoformat() if earlier else filed_on


def _most_gains_multiple(violations: tuple[str, ...], filed_on: str | None):
    """The largest least multiple of the illegal gains (``gains_multiple[0]``) among the penalty norms a register row's
    violations may be fined under (in force at its filing date or today: ``catalogue.applicable_law`` chooses from
    those), 0 when none fines in multiples of the gains. With gains confiscated, ``_fine_limits`` gives no maximum and
    at most this multiple of the confiscation as the minimum: a fine of that much or more is within its basis."""
    from workstation.law.catalogue import norms_for

    dates = [filed_on or today(), today()]
    return max((norm.fine.gains_multiple[0] for v in violations for on in dates
                for norm in norms_for(v, on, kind="penalty") if norm.fine is not None and norm.fine.gains_multiple),
               default=0)


def _fine_range_warning(fine_fen: int, maximum, minimum) -> str | None:
    """What a register row's decided fine is warned of (None when nothing): above the ``maximum`` or below the
    ``minimum`` of its basis (``_fine_limits``). A fine below the minimum may be a reduced penalty (减轻), which a
    register records as decided: the officer checks it."""
    if maximum is not None and fine_fen > maximum.max_fen:
        return _("{amount} is above the maximum of {maximum} that {basis} allows for the violations recorded: check "
                 "the fine and the violations.").format(amount=figures(fine_fen), maximum=figures(maximum.max_fen),
                                                        basis=maximum.citation)
    if minimum is None or fine_fen >= minimum.min_fen:
        return None
    if minimum.kind == "confiscated":
        return _("{amount} is below {minimum}, {multiple} times the illegal gains of {gains} confiscated, the least "
                 "{basis} allows for the violations recorded: check the fine; only a reduced penalty (减轻) goes below "
                 "the minimum.").format(amount=figures(fine_fen), minimum=figures(minimum.min_fen),
                                        multiple=decimal_text(minimum.multiple), gains=figures(minimum.gains_fen),
                                        basis=minimum.citation)
    return _("{amount} is below the minimum of {minimum} that {basis} allows for the violations recorded: check the "
             "fine; only a reduced penalty (减轻) goes below the minimum.").format(
        amount=figures(fine_fen), minimum=figures(minimum.min_fen), basis=minimum.citation)


#: the text columns a row's value is taken from as written, and the most characters each may hold (the party's name
#: and the cause as many as the editors take, ``store.parties.text_field_problem``)
TEXT_LIMITS = (("case_number", 64), ("party", dict(PARTY_TEXT_LIMITS)["name"]), ("cause", CAUSE_LIMIT))
#: the text columns whose workbook cell may hold a whole number (its digits are the text) but no fraction, date, time
#: or logical value (the codes' columns are checked as they are read, ``_identity``)
TYPED_TEXT_COLUMNS = ("case_number", "party", "cause")


def typed_cell_problem(value) -> str | None:
    """Why a workbook cell of a text column (案件编号, 当事人, 案由, a code) cannot be read as the text it stands for:
    a number with a fraction (0.3: Excel shows it rounded or as a percentage, and the text typed is lost), a
    date or a time (12:00:00, typed as a case number and turned into a time by Excel), TRUE/FALSE, or a whole
    number of 16 digits or more (a number keeps only 15); None for text and for a whole number, whose digits are
    the text."""
    kind = type(value)
    if kind is str or (kind is int and abs(value) < 10 ** 15):
        return None
    shown = _shown_cell(value)
    if kind is bool:
        what = _("a logical value ({value})").format(value=shown)
    elif kind is int or (kind is float and value.is_integer()):
        return _("{value} is stored in the spreadsheet as a number, which keeps only 15 digits: format the column "
                 "as text and type the value again.").format(value=shown)
    elif kind is float:
        what = _("a number with a fraction ({value})").format(value=shown)
    elif isinstance(value, dt.datetime | dt.date):
        what = _("a date ({value})").format(value=shown)
    elif isinstance(value, dt.time | dt.timedelta):
        what = _("a time ({value})").format(value=shown)
    else:
        return None
    return _("The cell holds {what}, not text: format the column as text (文本), type the value again as it is "
             "written and import the register again.").format(what=what)


def _shown_cell(value) -> str:
    """A cell's value as the refusal quotes it: a date without a time of 00:00, a time as HH:MM:SS."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "seconds")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


#: the statuses a register row may carry at which no penalty was decided: a fine or confiscation there is proposed
UNDECIDED_STATUSES = ("investigating", "pre_notice", "transferred_police")
#: those at which the penalty was decided: the row's 决定日期 dates its penalty in the statistics
DECIDED_STATUSES = ("penalty_decided", "closed")

#: what a register writes in an amount cell for none: the cell struck through with a slash or a dash, or 无
NO_AMOUNT = frozenset({"/", "／", "\\", "-", "－", "—", "——", "–", "无", "無"})
_BRACKETED = re.compile(r"[（(【\[〔][^）)】\]〕]*[）)】\]〕]")
#: a cell that is an amount in round brackets alone, as accounts write a negative one: (500), （1,234.50）
_NEGATIVE = re.compile(r"\s*[（(]([^（()）]*)[）)]\s*")


def register_amount(value) -> int:
    """An amount cell of the register in fen (``parse_amount_fen``): a slash, a dash or 无 is none (0); ValueError
    for a value that is not an amount, saying of one with a note in brackets (30,000元（已缴）) that the note goes in
    another column."""
    if type(value) is str and value.strip() in NO_AMOUNT:
        return 0
    try:
        return parse_amount_fen(value)
    except ValueError:
        note = _BRACKETED.search(value) if type(value) is str else None
        if note is None:
            raise
        if (negative := _NEGATIVE.fullmatch(value)) and _amount_inside(negative.group(1)):
            # the whole cell an amount in brackets: a negative amount as accounts write one (a cell formatted so
            # exported as text), not a note
            raise ValueError(_("{text} is a negative amount as accounts write one (the number in brackets): an "
                               "amount cannot be negative. Check the amount and write it without the "
                               "brackets.").format(text=value.strip())) from None
        raise ValueError(_("{text} holds a note in brackets besides the amount: an amount cell holds the amount "
                           "alone. Write the note {note} in another column (备注) and import the register "
                           "again.").format(text=value.strip(), note=note.group())) from None


def _amount_inside(text: str) -> bool:
    """Whether ``text`` (what a pair of brackets holds) is an amount, other than none (0, or nothing)."""
    try:
        return parse_amount_fen(text) > 0
    except ValueError:
        return False


#: the Excel date serials (days since 1899-12-30, ``SERIAL_RANGE``) from 2000-01-01 (``validators.EARLIEST_YEAR``: no
#: case of the register is older) to 2100-12-31: a number between them in a date column is a date cell shown as a
#: number (General format), read as the complaints importer reads a receipt time; a smaller one (an amount or count
#: typed in the wrong column, 35000 would be 1995) stays no date
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _serial_date(value) -> str | None:
    """The ISO date of a cell holding a whole or fractional number of days within ``SERIAL_RANGE``: the Excel date
    serial it is (45748 is 2025-04-01; a fraction is a time of day, left out); None for any other value."""
    if type(value) in (int, float) and SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
    return None


def _register_date(value) -> str | None:
    """``parse_date`` of a register's date cell, an Excel date serial read as the date it is (``_serial_date``)."""
    return _serial_date(value) or parse_date(value)


def _filing_date(value) -> str | None:
    """The filing date (立案日期) as the case stores it; ValueError when it is not a date or is still to come (a case
    is filed on a day that has come, as the case editor checks)."""
    return _past_date(value, _("The filing date"))  # 1026 for 2026 would number the case 〔1026〕


def _past_date(value, label: str) -> str | None:
    """``_register_date`` of a cell of a day that has happened; ValueError when it is not a date, is still to come or
    slips a year (``year_slip``, ``label`` naming the date)."""
    day = _register_date(value)
    if day and day > today():
        raise ValueError(_("{date} is still to come (today is {today}): enter the day it happened.").format(
            date=day, today=today()))
    if slip := year_slip(day, label):
        raise ValueError(slip)
    return day


def _decision_date(value, filed_on: str | None, status: str | None, status_text: str) -> str | None:
    """The day the penalty was decided (决定日期) as the case stores it; ValueError when it is not a date, is still
    to come, is before the filing date ``filed_on`` or is given for a case whose status (``status_text`` as the
    register writes it) has no penalty decision. A wrong filing date or status is said at its own column."""
    decided = _past_date(value, _("The decision date"))
    if decided and filed_on and decided < filed_on:
        raise ValueError(_("{date} is before the filing date {filed}: a penalty is decided on or after the day the "
                           "case was filed.").format(date=decided, filed=filed_on))
    if decided and status in UNDECIDED_STATUSES:
        raise ValueError(_("A decision date is given for a case {status}, which has no penalty decision: correct the "
                           "status (已决定 or 已结案) or leave the decision date empty, and import the register "
                           "again.").format(status=status_text))
    return decided


def _number_checks(head: str, agency_id: str, filed_year: str, ctx: _Context) -> tuple[str | None, list[str]]:
    """The refusal (a year still to come) and the warnings of the case numbers beginning with ``head`` (佛南市监立〔2026〕)
    of a row of ``agency_id`` filed in ``filed_year``."""
    number = head + "1号" if head.endswith("〕") else head
    refusal = number_year_refusal(number, ctx.year)
    if refusal or not agency_id:
        return refusal, []
    return None, number_warnings(number, agency_id, filed_year, ctx.abbreviations, shape=False)


def _proposal(value, filed_on: str | None) -> str | None:
    """The day a filing was proposed for approval as the case stores it; ValueError saying why it cannot be (checked
    as the case editor checks it, once per value and filing date of the file)."""
    value = _serial_date(value) or value
    refusal = proposal_refusal(value, filed_on)
    if refusal:
        raise ValueError(refusal)
    return parse_date(value)


def _register_sheets(path: Path, encoding: str, spec: dict,
                     heartbeat=None) -> tuple[list[tuple[str | None, list[list], int]], dict[str, int], list[str]]:
    """The sheets holding the register: the first whose first 20 rows hold a header naming every required column,
    so that a cover or notes sheet before it is passed over, then each later one whose header repeats it (a register
    of one district a sheet, ``_later_sheets``). Returns (the sheet's name, its rows, the index of its header row) of
    each, {field: column} and the names of the later sheets not read (another header or none, as the complaints
    importer names them). A sheet is named (its rows' errors say it) unless the register is the first sheet alone or
    a CSV file."""
    checked: list[str] = []
    closest: dict[str, int] = {}
    filled = False  # whether any sheet holds a cell that is not empty
    sheets = read_sheets(path, encoding, heartbeat)
    try:
        for name, rows in sheets:
            filled = filled or _any_filled(rows)
            header_index, mapping = _two_row_header(
                rows, *find_header(rows, spec["columns"], exact=_exact_fields()), spec["columns"])
            if header_index >= 0 and all(f in mapping for f in spec["required"]):
                parts, left_out = _later_sheets(sheets, header_line(rows[header_index], normalize_header), spec)
                if not parts and not checked:  # the first sheet alone: its rows need no sheet named
                    name = None
                return [(name, rows, header_index), *parts], mapping, left_out
            checked.append(name)
            if len(mapping) > len(closest):
                closest = mapping
    finally:
        sheets.close()
    _refuse_hidden_register(path, spec, heartbeat)
    if not filled:
        raise ImportRefused(_("{file} holds nothing but blank rows: export the register again, with its header "
                              "row and cases.").format(file=readable_name(path)))
    missing = [f for f in spec["required"] if f not in closest] or spec["required"]
    names = "、".join(spec["columns"][f][0] for f in missing)
    if len(checked) < 2:
        raise ImportRefused(_("{file}: no recognisable header row in the first 20 rows; the register needs the "
                              "columns {names}.").format(file=readable_name(path), names=names))
    sheets_named = "、".join(checked[:LISTED_SHEETS]) + ("、…" if len(checked) > LISTED_SHEETS else "")
    raise ImportRefused(_("{file}: no sheet has a recognisable header row in its first 20 rows (sheets checked: "
                          "{sheets}); the register needs the columns {names}.").format(
        file=readable_name(path), sheets=sheets_named, names=names))


def _refuse_hidden_register(path: Path, spec: dict, heartbeat=None) -> None:
    """Refuse a workbook whose register is on a hidden sheet, none shown holding it, naming that sheet: a hidden
    sheet is not read (``tables.shown_sheets``: last month's register, a lookup table kept out of sight), so the
    officer who means to import it unhides it first — the refusal that no sheet has a header would send them looking
    among the sheets they see."""
    found = []
    sheets = hidden_sheets(path, heartbeat)
    try:
        for name, rows in sheets:
            index, mapping = _two_row_header(rows, *find_header(rows, spec["columns"], exact=_exact_fields()), spec["columns"])
            if index >= 0 and all(f in mapping for f in spec["required"]):
                found.append(name)
    finally:
        sheets.close()
    if found:
        raise ImportRefused(ngettext(
            "{file}: nothing was imported: the register is on the sheet {sheets}, which is hidden, and a hidden sheet "
            "is not imported (it may be an old register or a helper table). If it is the register to import, unhide "
            "it (right-click a sheet's tab, Unhide…), save the workbook and import it again.",
            "{file}: nothing was imported: the sheets {sheets} hold a register but are hidden, and a hidden sheet is "
            "not imported (it may be an old register or a helper table). Unhide the one to import (right-click a "
            "sheet's tab, Unhide…), save the workbook and import it again.", len(found)).format(
            file=readable_name(path), sheets="、".join(found)))


def _numbers_under_serial_header(parts: list[tuple[str | None, list[list], int]], mapping: dict[str, int],
                                 spec: dict) -> None:
    """Read a column headed 编号 (``case_number_or_serial``) as the case number (into ``mapping``) when the register
    has no other case-number column and more than half of its filled cells, on every sheet of the register, read as
    case numbers (``case_reference.serial_reading``: 佛南市监立〔2026〕5号, or written otherwise, 佛南市监立〔2026〕57):
    some registers keep their case numbers under it. A register's running serial (1, 2, 3) reads as none, nor does
    the 合计 of a total row: the column is then not imported (``_ignored_columns``), and the rows are numbered on
    import."""
    if "case_number" in mapping:
        return
    words = {normalize_header(w) for w in spec.get("case_number_or_serial", ())}
    _sheet, rows, header_index = parts[0]
    used = set(mapping.values())
    for column, cell in enumerate(rows[header_index]):
        if column in used or not _filled(cell) or header_without_note(normalize_header(cell)) not in words:
            continue
        filled = [str(row[column]).strip() for _name, sheet_rows, sheet_header in parts
                  for row in sheet_rows[sheet_header + 1:] if column < len(row) and _filled(row[column])]
        numbers = sum(1 for text in filled if serial_reading(text) is not None)
        if numbers * 2 > len(filled):
            mapping["case_number"] = column
            return


def _later_sheets(sheets, header: list[str], spec: dict) -> tuple[list[tuple[str, list[list], int]], list[str]]:
    """Of the sheets after the register's first (``sheets``, still to be read), (name, rows, header index) of each
    whose header (``header_line``, normalised) is ``header``, and the names of those with another header or none; an empty
    sheet is passed over."""
    parts, left_out = [], []
    for name, rows in sheets:
        if not _any_filled(rows):
            continue
        index, _mapping = _two_row_header(rows, *find_header(rows, spec["columns"], exact=_exact_fields()), spec["columns"])
        if index >= 0 and header_line(rows[index], normalize_header) == header:
            parts.append((name, rows, index))
        else:
            left_out.append(name)
    return parts, left_out


def _any_filled(rows: list[list]) -> bool:
    """Whether a sheet holds a cell that is not empty."""
    return any(str(c).strip() for row in rows for c in row if c is not None)


def _two_row_header(rows: list[list], index: int, mapping: dict[str, int],
                    columns: dict[str, list[str]]) -> tuple[int, dict[str, int]]:
    """The header row ``index`` found (``find_header``) and its {field: column}, read with the row below or above it
    when the header is written on two rows as registers merge it: a group over several columns (处罚情况 over
    罚款金额（元） and 没收违法所得（元）) whose headers are in the row below, the other headers merged down over both
    rows. The two are read as one (the lower row's text where it has one), written in place of the header row, and
    the row below it is left blank (not a case). A row is read with the header only when it adds columns and each of
    its texts is under a group or no header, or is a header itself (当事人 over 名称 | 统一社会信用代码: the party's
    name and code, the group read with its first column as 当事人名称): a row of cases is under the header's own
    columns. Under a row of group names only (案件信息 | 当事人信息 | 处罚信息, ``group_row``) the header is the lower
    row's names, a column merged down over both rows taking the upper row's (序号, 备注: not imported, but a value
    under them is no longer beyond the header) even when that names no field; a title row above is not read."""
    if index < 0:
        return index, mapping
    lookup = {normalize_header(s): f for f, words in columns.items() for s in words}

    def named(cell) -> str | None:
        return header_field(lookup, cell, _exact_fields()) if _filled(cell) else None

    def together(t, b) -> str | None:
        """A group over its columns read with one of them as one header: 当事人 over 名称 is 当事人名称."""
        return f"{t}{b}" if _filled(t) and _filled(b) and named(f"{t}{b}") else None

    for upper, lower in ((index, index + 1), (index - 1, index)):
        if upper < 0 or lower >= len(rows):
            continue
        top, below = rows[upper], rows[lower]
        grouped: tuple[list[str], dict[str, int]] | None = None
        if lower == index and _group_names(top, named) and group_row(top, below):
            # a row of group names only (案件信息 over 案件编号 | 立案日期), naming no field, over the header: the lower
            # row's names, with the upper's of the columns merged down over both rows (序号, 备注), which the lower
            # row alone would leave without a header (a value under it refused as beyond the header)
            texts = grouped_header(top, below)
            grouped = (texts, find_header([texts], columns, exact=_exact_fields())[1])
        width = max(len(top), len(below))
        top, below = top + [None] * (width - len(top)), below + [None] * (width - len(below))
        if any(_filled(b) and named(t) and not (named(b) or together(t, b)) for t, b in zip(top, below, strict=True)):
            continue  # a text under a column's own header that is no header: a row of cases, or of notes
        joined = [together(t, b) or (b if _filled(b) else t) for t, b in zip(top, below, strict=True)]
        found = find_header([joined], columns, exact=_exact_fields())[1]
        if len(found) > len(mapping) and (grouped is None or len(found) > len(grouped[1])):
            rows[index] = joined
            if lower > index:
                rows[lower] = [None] * width
            return index, found
        if grouped is not None and len(grouped[1]) >= len(mapping):  # read even when it names no more fields
            rows[index] = grouped[0]
            return index, grouped[1]
    return index, mapping


def _group_names(row: list, named) -> bool:
    """Whether ``row`` may be a row of group names over the header: none of its cells names a register field
    (``named``), and none is a label with a colon (制表单位：…, 制表人：张三: a line above the register, not a group)."""
    return not any(_filled(c) and (named(c) or ":" in str(c) or "：" in str(c)) for c in row)


def _filled(cell) -> bool:
    return cell not in (None, "") and bool(str(cell).strip())


def _refuse_columns_twice(rows: list[list], header_index: int, mapping: dict[str, int], spec: dict,
                          file_name: str) -> None:
    """Refuse a register with two columns headed for one field (罚款金额 and 罚款金额（元）, an old one often hidden)
    whose values differ in a case's row: which one holds the register's values cannot be told, and the first would
    be read without a word. A second column left empty, or repeating the first's values (an amount, a date or a count
    compared as read: 15000 and 1.5万 are one amount), is passed over (listed as not imported)."""
    lookup = {normalize_header(s): f for f, words in spec["columns"].items() for s in words}
    markers = _total_markers(spec)
    readers = {"fine": register_amount, "confiscated": register_amount, "filed_on": _register_date,
               "filing_proposed_on": _register_date, "decided_on": _register_date, "records": parse_count}

    def read(name: str, value):
        try:
            return readers[name](value) if name in readers else str(value).strip()
        except ValueError:
            return str(value).strip()

    header = rows[header_index]
    for column, cell in enumerate(header):
        name = header_field(lookup, cell, _exact_fields(), header) if _filled(cell) else None
        first = mapping.get(name)
        if first is None or first == column:
            continue
        for number, row in enumerate(rows[header_index + 1:], start=header_index + 2):
            mine = row[first] if first < len(row) and _filled(row[first]) else ""
            other = row[column] if column < len(row) else None
            texts = [c for c in row if _filled(c)]
            total = bool(texts) and _total_row(texts[0], row, markers, mapping)
            if _filled(other) and not total and read(name, other) != read(name, mine):
                raise ImportRefused(_(
                    "{file}: columns {first} ({first_header}) and {other} ({other_header}) both give {field} and "
                    "differ in row {row}: delete the column that is not to be imported (it may be hidden: unhide the "
                    "columns to see it) and import the register again.").format(
                    file=file_name, first=column_letter(first), first_header=_one_line(header[first]),
                    other=column_letter(column), other_header=_one_line(cell), field=spec["columns"][name][0],
                    row=number))


def _total_row(first: object, row: list, markers: tuple[str, ...], mapping: dict[str, int]) -> bool:
    """Whether ``row``, whose first text is ``first``, is a total row: that text a total marker (合计, 合计：), or
    beginning or ending with one or with a total label (合计（2宗）, 总计：2件, 南海区小计, 共计, 汇总：) in a row that is no
    case's (``_total_label``)."""
    lead = normalize_header(first).rstrip(":：")
    return lead in _sure_totals() or (lead.startswith(markers) or lead.endswith(markers)) and _total_label(row, mapping)


@cache
def _sure_totals() -> frozenset[str]:
    """The total markers that make a row a total as its first text alone (合计, 合计：), whatever else the row holds;
    the others (``total_labels``: 共计, 汇总, 累计) only in a row that is no case's (``_total_label``)."""
    return frozenset(normalize_header(m) for m in register_spec()["total_markers"])


def _total_markers(spec: dict) -> tuple[str, ...]:
    """The words a total row's first text is, or begins or ends with (``_total_row``), normalised."""
    return tuple(dict.fromkeys(normalize_header(m) for m in spec["total_markers"] + spec.get("total_labels", [])))


def _total_label(row: list, mapping: dict[str, int]) -> bool:
    """Whether ``row``, whose first text begins or ends with a total marker (合计（2宗）, 总计：2件, 南海区小计), is a
    total row: its 当事人 and 案件编号 cells are empty, or are that text itself (a label under 案件编号), as no case's
    row is."""
    lead = next(c for c, cell in enumerate(row) if cell not in (None, ""))
    return not any(_filled(row[c]) for f in ("party", "case_number")
                   if (c := mapping.get(f)) is not None and c != lead and c < len(row))


# an invisible format character pasted with a value (a zero-width space, joiner or BOM): no part of it
# (``case_reference.INVISIBLE``)
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")


def joined_lines(text: str) -> str:
    """The lines of a single-line value typed over several lines (Alt+Enter: 佛山市南海区⏎某某公司) as one: the line breaks
    and the spaces about them left out, a space kept between two Latin words or numbers (Nanhai⏎Trading)."""
    def join(match: re.Match) -> str:
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""

    return _LINE_BREAK.sub(join, text)


def _spacer(row: list, mapping: dict[str, int], width: int) -> bool:
    """Whether ``row`` holds no case: nothing under the register's columns, its texts under headed columns not read
    (a 序号 numbered ahead, a hidden helper column's mark). A text beyond the header's last column is not passed over
    (the row's values may be shifted)."""
    return not any(_filled(row[c]) for c in mapping.values() if c < len(row)) and \
        not any(_filled(cell) for cell in row[width:])


def _footer(first, row: list, labels: tuple[str, ...], mapping: dict[str, int]) -> bool:
    """Whether ``row``, whose first cell not empty is ``first``, is a line under the register, not a case: ``first``
    begins with a label and a colon (制表人：张三, 制表单位：…, 填报说明：…, 单位：元, （注：…）, ``footer_labels``), and so does
    each text under a column of the register: a case's row holds its party and values there."""
    def labelled(cell) -> bool:
        text = normalize_header(cell).lstrip("（【[")  # （注：…）, （单位：元）
        return any(text.startswith(label) and text[len(label):len(label) + 1] in (":", "：") for label in labels)

    # most rows begin with a number or a text without a colon: not a label, and looked at no further
    if not isinstance(first, str) or ("：" not in first and ":" not in first) or not labelled(first):
        return False
    return all(not _filled(row[c]) or labelled(row[c]) for c in mapping.values() if c < len(row))


def _repeats_header(row: list, header: list[str], column: int) -> bool:
    """Whether ``row`` holds the header's texts again (``header``: ``header_line``, normalised; ``column``'s cell,
    the party's, is compared first)."""
    if column >= len(row) or normalize_header(row[column]) != header[column]:
        return False
    return header_line(row, normalize_header) == header


def _data_rows(parts: list[tuple[str | None, list[list], int]]) -> Iterator[tuple[dict, int, list]]:
    """The rows below the header of each sheet of the register (``_register_sheets``), as (where: the sheet its
    errors and warnings name, {} for none; the row's number in its sheet; the row)."""
    for sheet, rows, header_index in parts:
        where = {"sheet": sheet} if sheet else {}
        for number in range(header_index + 1, len(rows)):
            yield where, number + 1, rows[number]


def _row_text(first: tuple[str | None, int], sheet: str | None) -> str:
    """The row a message points back to (``first``: its sheet and number): its number, with its sheet when that is
    not the sheet of the row refused (``sheet``)."""
    if first[0] and first[0] != sheet:
        return _("{row} of sheet {sheet}").format(row=first[1], sheet=first[0])
    return str(first[1])


def _split_number(row: list, number_columns: list[tuple[int, str]], longer: bool) -> tuple[str, str, str] | None:
    """(field, the number's cell, the cell after it) when a CSV row's number (``number_columns``: (column, field) of
    the count of records, the fine and the confiscation, in the columns' order) is one to three digits followed by a
    cell of three digits beginning with 0, which no amount or count is written as: 30,000 unquoted, read as 30 and
    000 under the next column; or by any cell of three digits when the row is ``longer`` than the header line
    (12,345 or a count of 1,200 unquoted, the cell it adds left empty at the end of the row). None otherwise. A cell
    beginning with 0 is looked for first: a count of 472 before a fine of 500,000 split is read as 472 | 500 | 000,
    and it is the fine that was split; else the first number so of the row, the values after it being shifted."""
    for zero in (True, False):
        for column, name in number_columns:
            after = row[column + 1].strip() if column + 1 < len(row) else ""
            if len(after) == 3 and (after[0] == "0" if zero else longer) and after.isascii() and after.isdigit():
                number = row[column].strip()
                if number.isascii() and 0 < len(number.removeprefix("-")) <= 3 and \
                        number.removeprefix("-").isdigit():
                    return name, number, after
    return None


def _split_message(name: str, number: str, group: str) -> str:
    """The refusal of a row whose ``number`` of the field ``name`` and the ``group`` after it are one number split by
    a thousands separator not quoted (``_split_number``)."""
    if name == "records":
        return _("{count} and the {group} in the cell after it are one count split by a thousands separator not "
                 "quoted ({count},{group}), so the values after it would be read under the wrong columns: quote the "
                 "count (\"1,200\") or write it without separators, or save the register as .xlsx, then import it "
                 "again").format(count=number, group=group)
    return _("{amount} and the {group} in the cell after it are one amount split by a thousands separator not "
             "quoted ({amount},{group}), so the values after it would be read under the wrong columns: quote "
             "the amount (\"1,234,567.50\") or write it without separators, or save the register as .xlsx, then "
             "import it again").format(amount=number, group=group)


def _usual_length(rows: list[list]) -> int:
    """How many cells most of ``rows`` (a CSV file's rows under its header) have, the fewer of two counts as
    frequent: a row split by a thousands separator, one cell longer than the rows about it, is told from them even
    when it is as many as they are."""
    lengths = Counter(len(row) for row in rows if any(c not in (None, "") for c in row)).most_common()
    return min(n for n, times in lengths if times == lengths[0][1]) if lengths else 0


def _line_length(rows: list[list], header_length: int, number_columns: list[tuple[int, str]]) -> int:
    """How many cells a CSV row of ``rows`` (those under the header) has when none of its numbers is split by an
    unquoted thousands separator (``_split_number``): the header line's, or one more in a file whose data lines each
    end in a comma its header line does not — most rows one cell longer than the header, that cell empty in nearly
    all of them, and one of them at least holding no number that could be split there (5000 | 1200 | empty is no
    5,000 split, so 200 | 300 | empty is a fine and a confiscation). When each of them could be (1 | 200 | 5000 |
    empty in every row), a row longer than the header line is taken as split."""
    longer = [row for row in rows if len(row) == header_length + 1]
    ending = [row for row in longer if not _filled(row[-1])]
    if _usual_length(rows) != header_length + 1 or len(ending) * 10 < len(longer) * 9 or all(
            _split_number(row, number_columns, True) for row in ending):
        return header_length
    return header_length + 1


def _name_key(name: str, cache: dict[str, str]) -> str:
    """A party's name as two names are compared (``store.parties.party_name_key``: 佛山市某（分店） and 佛山市某(分店)
    are one name), remembered in ``cache``."""
    key = cache.get(name)
    if key is None:
        key = cache[name] = party_name_key(name)
    return key


def _code_text(fields: dict) -> str:
    """The party's code of a row as a message names it (an ID number masked, as everywhere it is shown)."""
    if fields["uscc"]:
        return _("unified social credit code {code}").format(code=fields["uscc"])
    return _("ID number {code}").format(code=mask_id(fields["id_number"]))


def _code_names_differ(fields: dict, row: int, other: str) -> str:
    return _("{code} is given in row {row} with the party name {other} and here with {name}: one code is one "
             "party, so correct the register.").format(code=_code_text(fields), row=row, other=other,
                                                       name=fields["party"])


def _stored_name_kept(fields: dict, stored: str) -> str:
    return _("{code} belongs to the party stored as {stored}, not {name}: the case is imported under the stored "
             "name. If the party's name changed, rename it with Edit party… in one of its cases.").format(
        code=_code_text(fields), stored=stored, name=fields["party"])


def _other_person(stored: str, name: str) -> bool:
    """Whether ``name``, given with the ID number of the party stored as ``stored``, names another person: both are
    names of persons (``inferred_party_kind``: not 佛山市南海区朱子轩小吃店, the individual business its operator runs
    under their ID number) and they differ with every space left out (朱 子轩 is 朱子轩)."""
    stored, name = "".join(stored.split()), "".join(name.split())
    return stored != name and inferred_party_kind(stored) == "person" == inferred_party_kind(name)


def _stored_person_differs(fields: dict, stored: str) -> str:
    return _("{code} belongs to the person stored as {stored}, not {name}: one ID number is one person, and the case "
             "would be filed under {stored}. Correct the name or the ID number in this row; if {stored} has changed "
             "their name, rename the party with Edit party… in one of their cases first. Then import the register "
             "again.").format(code=_code_text(fields), stored=stored, name=fields["party"])


def import_register(db: Database, path: str | Path, *, dry_run: bool = False, skip_invalid: bool = False,
                    encoding: str = "auto", progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None) -> RegisterResult:
    """Import a case register in one transaction. Without ``skip_invalid`` any bad row refuses the whole
    file (ImportRefused listing every bad row); existing case numbers are skipped."""
    path = Path(path)
    file_name = readable_name(path)  # as stored with the cases and said in messages
    cancel = cancel or CancelToken()  # a token of its own: a shared default could be cancelled for everyone
    spec = register_spec()
    reading = _("Reading {file}…").format(file=file_name)

    def heartbeat() -> None:  # said at once and while the file is read: a large workbook takes seconds
        cancel.check()
        progress(0, 0, reading)

    parts, mapping, sheets_left_out = _register_sheets(path, encoding, spec, heartbeat)
    _sheet, rows, header_index = parts[0]
    _numbers_under_serial_header(parts, mapping, spec)
    headers = {f: str(rows[header_index][c]).strip() for f, c in mapping.items()}
    # the field a row's error or warning names when the register has no column of it (立案日期 left out, a case
    # number given on import): its first header wording
    labels = {f: words[0] for f, words in spec["columns"].items()} | headers
    ignored = _ignored_columns(rows[header_index], mapping, spec, file_name, parts)
    markers = _total_markers(spec)

    footer_labels = tuple(normalize_header(label) for label in spec["footer_labels"])
    # a CSV row's cells are read by their place under the header: one more cell (a thousands separator unquoted,
    # 1,234,567.50) shifts every value after it, so a row with a value beyond the header's last column is refused;
    # empty cells there (the trailing commas of many exports) are not
    width = max((c + 1 for c, cell in enumerate(rows[header_index]) if cell not in (None, "")), default=0)

    def passed_over(row: list) -> bool:
        """Whether ``row`` is no case as the rows are read below, before a merged cell is filled in: blank, a total
        (合计, 合计（2宗）, 南海区小计), a note under the register (制表人：…) or a spacer."""
        cells = [c for c in row if c not in (None, "")]
        return not cells or _total_row(cells[0], row, markers, mapping) or \
            _footer(cells[0], row, footer_labels, mapping) or _spacer(row, mapping, width)

    for _sheet, sheet_rows, sheet_header in parts:
        # a cell merged down over cases is each case's (所属区 南海区), not that of the 小计 row or the blank row the
        # merge runs over too: filled, a blank row would be read as a case without its party
        fill_merged(sheet_rows, sheet_header, left_alone=passed_over)
        _refuse_columns_twice(sheet_rows, sheet_header, mapping, spec, file_name)
    header = header_line(rows[header_index], normalize_header)
    shifts = path.suffix.lower() not in (".xlsx", ".xlsm", ".xls")
    # ... and so is a row of more cells than the header line and the rows about it, even when the cell pushed past
    # the header is empty (a 备注 left blank): a fine of 30,000 unquoted was read as 30 under its column
    cells_in_line = max(len(rows[header_index]), _usual_length(rows[header_index + 1:]))
    # ... and so is one whose amount or count is followed by a cell of three digits beginning with 0 (30 | 000,
    # 1 | 050): a number split at its separator, even when the row is no longer than the others (each ends in an
    # empty cell); in a row longer than the header line, by any cell of three digits (12 | 345, the last column left
    # empty), also when most rows are split so (a count of 1,200 in every row: as long as the rows about it) — but
    # in a file whose data lines each end in a comma, only in a row longer than they are (``_line_length``)
    number_columns = sorted((mapping[f], f) for f in ("records", "fine", "confiscated") if f in mapping) \
        if shifts else []
    line_length = _line_length(rows[header_index + 1:], len(rows[header_index]), number_columns)
    if not dry_run:
        from workstation.repair import check_before_bulk_import

        check_before_bulk_import(db)  # not into a database a crash may have damaged
    ctx = _Context(db)
    result = RegisterResult(dry_run=dry_run, ignored_columns=ignored, sheets_left_out=sheets_left_out)
    parsed: list[tuple[int, dict]] = []
    # the first row (its sheet, or None, and its number) of each case number, and of each case without one by its
    # 案由, filing date and party's code or name
    seen_numbers: dict[str, tuple[str | None, int]] = {}
    twice: dict[str, tuple[tuple, tuple]] = {}  # a case number given again: (its first row, its second row)
    seen_unnumbered: dict[tuple, tuple[str | None, int]] = {}
    seen_codes: dict[str, tuple[tuple, str, str]] = {}  # code: (first row, its party name, the name compared)
    name_keys: dict[str, str] = {}
    memo = _Memo()
    skipped: list[tuple[int, dict]] = []  # the rows of a case stored already, each said in a warning
    count = sum(len(sheet_rows) - sheet_header - 1 for _sheet, sheet_rows, sheet_header in parts)
    # a unit of ten thousands stated for the amounts (金额单位：万元) or counts (万条) above the header, in a cell of
    # the header row or in a note under the register, and the first row writing such a value without 万: the two
    # together are refused, as 3 would be stored as ¥3.00 ({unit: ((sheet, row number), text or value)})
    stated: dict[str, tuple] = {}
    for sheet, sheet_rows, sheet_header in parts:
        _note_units(stated, enumerate(sheet_rows[:sheet_header], start=1), sheet)
        _note_units(stated, [(sheet_header + 1, sheet_rows[sheet_header])], sheet, bracketed=False)
    unit_fields = {unit: [f for f in fields_of if f in mapping] for unit, fields_of in _WAN_FIELDS.items()}
    unit_fields = {unit: fields_of for unit, fields_of in unit_fields.items() if fields_of}
    bare: dict[str, tuple] = {}
    for offset, (where, number, row) in enumerate(_data_rows(parts)):
        if offset % 1000 == 0:
            cancel.check()
            progress(offset, count, _("Checking rows"))
        cells = [c for c in row if c not in (None, "")]
        if not cells or _repeats_header(row, header, mapping["party"]):
            continue  # blank, or the header again (registers of several offices pasted one under another)
        if _total_row(cells[0], row, markers, mapping) or _footer(cells[0], row, footer_labels, mapping) or \
                _spacer(row, mapping, width):
            # a total (合计, 共计：, 合计（2宗）, 南海区小计), a line under the register (制表人：…, 填报说明：…, 单位：…), or
            # a spacer row filled only under columns not read; a unit of 万元 or 万条 it states is the register's
            _note_units(stated, [(number, row)], where.get("sheet"))
            continue
        result.rows += 1
        if split := _split_number(row, number_columns, len(row) > line_length):
            result.errors.append({**where, "row": number, "field": headers[split[0]],
                                  "message": _split_message(*split)})
            continue
        if shifts and (len(row) > cells_in_line or len(row) > width and any(
                c not in (None, "") and str(c).strip() for c in row[width:])):
            cells_given = max(len(row) if len(row) > cells_in_line else 0, max(
                c + 1 for c, cell in enumerate(row) if cell not in (None, "") and str(cell).strip()))
            result.errors.append({**where, "row": number, "field": _("number of cells"), "message": _(
                "the row has {n} cells but the header only {width}, so its values would be read under the wrong "
                "columns: a thousands separator in a number must be quoted (\"1,234,567.50\"), or save the register "
                "as .xlsx, then import it again").format(n=cells_given, width=width)})
            continue
        values = {f: (row[c] if c < len(row) else "") for f, c in mapping.items()}
        if len(bare) < len(unit_fields):  # the first amount, and count, written without 万 (``_refuse_stated_units``)
            for unit, fields_of in unit_fields.items():
                if unit not in bare:
                    written = next((values[f] for f in fields_of if _written_bare(f, values[f])), None)
                    if written is not None:
                        bare[unit] = ((where.get("sheet"), number), written)
        for f, value in values.items():
            if type(value) is str:
                if _INVISIBLE.search(value):  # 已结案 with U+200B after it is 已结案, 301号 with it a stored 301号
                    value = values[f] = _INVISIBLE.sub("", value)
                if ("\n" in value or "\r" in value) and f != "violations":
                    values[f] = joined_lines(value)  # a line break typed in the cell (Alt+Enter): no part of the value
        shown = [f for f, value in values.items() if isinstance(value, ErrorCell)]
        if shown:  # read as empty, it would import a fine of #N/A as none
            result.errors += [{**where, "row": number, "field": headers.get(f, f),
                               "message": cell_error_problem(values[f].code)} for f in shown]
            continue
        fields, errors = _parse_row(values, ctx, spec, memo)
        sheet = fields["sheet"] = where.get("sheet")
        cn = fields["case_number"]
        code = fields["uscc"] or fields["id_number"]
        if cn and cn in seen_numbers:
            errors.append(("case_number", _(ALSO_IN_ROW).format(
                number=cn, row=_row_text(seen_numbers[cn], sheet))))
            twice.setdefault(cn, (seen_numbers[cn], (sheet, number)))  # said on the first row too, below
        elif cn and cn in ctx.case_numbers and fields["party"] and \
                (others := ctx.other_partys_case(cn, fields)) is not None:
            # not the stored case, which it would be skipped as: another office's running serial, or a number mistyped
            errors.append(("case_number", _(
                "Case number {number} is stored already as the case of {stored}, but this row names {party}: one "
                "case number is one case. Check the case number in the register: a running serial (1, 2, 3) is no "
                "case number — leave the cell empty and the case is numbered on import.").format(
                number=ctx.case_numbers[cn], stored=others, party=fields["party"])))
        elif cn and cn not in ctx.case_numbers and (voided := ctx.voided_numbers.get(cn)):
            number_kept, reason = voided  # a case number once given is never given again (REFERENCE §3.1)
            errors.append(("case_number", _(
                "Case number {number} is void ({reason}): a case number once given is never given again, as paper "
                "served under it points to the case it was given first. Correct the case number in the register, "
                "or leave it empty to number the case on import, then import it again.").format(
                number=number_kept, reason=reason or "—")))
        # a row without a number is its case by its 案由, filing date and party, as a stored case is matched
        # (``_Context.unnumbered_twins``): written twice, it would be filed as two cases
        twin = None if cn else (fields["cause"], fields.get("filed_on"), code or _name_key(fields["party"], name_keys))
        if twin in seen_unnumbered:
            errors.append(("cause", _("Row {row} gives the same case without a case number (the same cause, "
                                      "filing date and party): delete the row written twice, or give each case "
                                      "its own case number.").format(row=_row_text(seen_unnumbered[twin], sheet))))
        if code and fields["party"]:
            name = _name_key(fields["party"], name_keys)
            first = seen_codes.setdefault(code, ((sheet, number), fields["party"], name))
            if first[2] != name:
                errors.append(("party", _code_names_differ(fields, _row_text(first[0], sheet), first[1])))
        if cn:  # the first row of a number, with errors or not: a later row of it is refused, and it too
            seen_numbers.setdefault(cn, (sheet, number))
        if errors:
            result.errors += [{**where, "row": number, "field": labels.get(f, f), "message": m} for f, m in errors]
            continue
        if not cn:
            seen_unnumbered.setdefault(twin, (sheet, number))
        if (cn and cn in ctx.case_numbers) or (not cn and ctx.has_unnumbered_twin(fields)):
            result.skipped += 1
            skipped.append((number, fields))
            continue
        stored = ctx.parties.get(key := ctx.party_key(fields)) if code else None
        if stored and _name_key(ctx.party_names[stored], name_keys) != _name_key(fields["party"], name_keys):
            if key == fields["id_number"] and _other_person(ctx.party_names[stored], fields["party"]):
                # a natural person's ID number with another person's name: filed under the stored person, the case
                # would print their name, ID number and address (a company renamed keeps its code, an individual
                # business is registered under its operator's ID number, a name may be padded with spaces (朱 子轩):
                # warned of below)
                result.errors.append({**where, "row": number, "field": labels.get("party", "party"),
                                      "message": _stored_person_differs(fields, ctx.party_names[stored])})
                continue
            fields["warnings"].append(("party", _stored_name_kept(fields, ctx.party_names[stored])))
        parsed.append((number, fields))
        if namesake := ctx.namesake_note(fields):
            fields["warnings"].append(("party", namesake))
        result.warnings += [{**where, "row": number, "field": labels.get(f, f), "message": m}
                            for f, m in fields["warnings"]]
    if twice:
        _refuse_first_rows(twice, result, parsed, skipped, labels.get("case_number", "case_number"),
                           [name for name, _rows, _header in parts])
    _refuse_stated_units(stated, bare, file_name)
    if not result.rows:  # a header and nothing under it: an empty sheet or filter exported, not a register imported
        raise ImportRefused(_("{file} holds only a header row and no case rows: check that the right sheet or the "
                              "right filter result was exported, then import it again.").format(file=file_name))
    if skipped:
        sheet_order = {name: index for index, (name, _rows, _header) in enumerate(parts)}
        result.warnings = sorted(result.warnings + _skipped_warnings(db, ctx, skipped, headers),
                                 key=lambda w: (sheet_order.get(w.get("sheet"), 0), w["row"]))
    if result.errors and not skip_invalid:
        raise RegisterRefused(refusal_message(file_name, result.errors), result.errors, result.rows, ignored,
                              importable=len(parsed))
    if result.errors and not parsed and not skipped:  # --skip-invalid, and not one row to import
        raise RegisterRefused(_("{headline}: not one row is valid, so --skip-invalid has nothing to import. Correct "
                                "the rows and import again ({reasons}).").format(
            headline=refusal_headline(file_name, result.errors),
            reasons=_("; ").join(error_line(e) for e in result.errors[:LISTED_ERRORS])
            + (" …" if len(result.errors) > LISTED_ERRORS else "")),
            result.errors, result.rows, ignored, importable=0)
    result.skipped += rows_of(result.errors)
    result.imported = len(parsed)
    if not dry_run and parsed:
        try:
            # one transaction synced to the disk once (``immediate``): the case numbers it takes are not given again
            # after a power cut, for one sync per file rather than per row
            with immediate(db):
                _refuse_numbers_written_meanwhile(db, parsed, file_name)
                numbered = _insert(db, parsed, ctx, file_name, progress, cancel)
        except DiskFull as exc:
            raise exc.not_imported(file_name) from None
        # the numbers given to the rows without one, to be written back in the register (listed after the others)
        for number, f, case_number in numbered:
            where = {"sheet": f["sheet"]} if f["sheet"] else {}
            result.numbered.append({**where, "row": number, "case_number": case_number})
            result.warnings.append({**where, "row": number, "field": labels["case_number"], "numbered": True,
                                    "case_number": case_number, "message": _(
                                        "Numbered {number} on import: write this number in the register.").format(
                                        number=case_number)})
    progress(count, count, _("Done"))
    return result


#: a case number two rows of the register give: said on each of them, naming the other
ALSO_IN_ROW = N_("Case number {number} also appears in row {row}.")


def _refuse_first_rows(twice: dict[str, tuple[tuple, tuple]], result: RegisterResult, parsed: list[tuple[int, dict]],
                       skipped: list[tuple[int, dict]], label: str, sheets: list[str | None]) -> None:
    """Refuse the first row of each case number a later row gives again (``twice``: number → (first row, second
    row), each as (sheet, row number)), as the later one is: which row the number is the case of cannot be told, so
    --skip-invalid imports neither (the first row taken out of ``parsed`` or ``skipped``, its warnings dropped). The
    errors are then put in the order of the rows."""
    firsts = {first for first, _later in twice.values()}
    for number, (first, later) in twice.items():
        result.errors.append({**({"sheet": first[0]} if first[0] else {}), "row": first[1], "field": label,
                              "message": _(ALSO_IN_ROW).format(
                                  number=number, row=_row_text(later, first[0]))})
    parsed[:] = [(n, f) for n, f in parsed if (f["sheet"], n) not in firsts]
    kept = [(n, f) for n, f in skipped if (f["sheet"], n) not in firsts]
    result.skipped -= len(skipped) - len(kept)  # counted again among the rows refused
    skipped[:] = kept
    result.warnings = [w for w in result.warnings if (w.get("sheet"), w["row"]) not in firsts]
    order = {name: index for index, name in enumerate(sheets)}
    result.errors.sort(key=lambda e: (order.get(e.get("sheet"), 0), e["row"]))


def _refuse_numbers_written_meanwhile(db: Database, parsed: list[tuple[int, dict]], file_name: str) -> None:
    """Inside the import's write transaction (no other program can write now): refuse the file, nothing imported,
    when a case number of its rows was stored by another program (a second import, a merge) since the rows were
    checked against the stored ones. Imported again, those rows are then listed as already stored."""
    wanted = {f["case_number"] for _, f in parsed if f["case_number"]}
    if not wanted:
        return
    stored = {number_key(r[0]) for r in db.execute("SELECT case_number FROM cases")}
    clash = sorted(wanted & stored)
    if clash:
        shown = "、".join(clash[:5]) + (" …" if len(clash) > 5 else "")  # the first five named
        raise ImportRefused(_("{file} was not imported: while it was being imported another program stored case "
                              "number {numbers}. Import it again: those rows will then be listed as already "
                              "stored.").format(file=file_name, numbers=shown))


LISTED_DIFFERENCES = 3  # the differences between a row skipped and its stored case named in its warning


def _skipped_warnings(db: Database, ctx: _Context, skipped: list[tuple[int, dict]],
                      headers: dict[str, str]) -> list[dict]:
    """A warning for each row not imported as its case is stored already ("skipped": true), naming the first
    differences between the register's values and the stored case's in the columns the register carries (a corrected
    fine re-imported is not taken, and the officer must know). The stored cases are read in one query for all
    the rows, however many a re-imported register skips."""
    numbers = {ctx.case_numbers[f["case_number"]] for _, f in skipped if f["case_number"]}
    matched = {row: ctx.unnumbered_twins(f) for row, f in skipped if not f["case_number"]}
    columns = ("case_number, party_names, COALESCE(NULLIF(district, ''), "
               "(SELECT district FROM agencies WHERE agencies.id = cases.agency_id)), sector, cause, violations, "
               "filed_on, status, records_trace + records_sensitive + records_other, fine_fen, confiscated_fen, "
               "filing_proposed_on, decided_on FROM cases ")
    stored = {r[0]: r for r in db.execute("SELECT " + columns + "WHERE case_number IN (SELECT value FROM json_each(?))",
                                          [json.dumps(sorted(numbers))])}
    # {case id: stored case} of the cases the rows without a number are (``_Context.unnumbered_twins``)
    twins = {r[0]: r[1:] for r in db.execute("SELECT id, " + columns + "WHERE id IN (SELECT value FROM json_each(?)) "
                                             "ORDER BY case_number", [json.dumps(sorted(set().union(*matched.values())))])
             } if matched else {}
    warnings = []
    seen: dict = {}  # party names compared and violations read: the same ones row after row
    for row, fields in skipped:
        where = {"sheet": fields["sheet"]} if fields["sheet"] else {}
        case = stored.get(ctx.case_numbers.get(fields["case_number"], ""))
        if case is None:  # no case number: the case stored with the same 案由, filing date and party, the closest
            found = [(_differences(c, fields, headers, ctx.agency_district, seen), c)
                     for case_id, c in twins.items() if case_id in matched[row]]
            differences, twin = min(found, key=lambda d: len(d[0])) if found else ([], None)
            message = _("A case with the same cause and filing date is stored already: the row was not imported.")
            if differences:
                message = _("A case with the same cause and filing date is stored already ({number}): the row was "
                            "not imported, and the register differs from the stored case ({differences}). If the "
                            "register is right, correct the case in the workstation.").format(
                    number=case_named(twin[0], twin[1], twin[4]), differences=_listed_differences(differences))
            warnings.append({**where, "row": row, "field": headers.get("cause", "cause"), "skipped": True,
                             "differs": bool(differences), "unnumbered": True, "message": message})
            continue
        differences = _differences(case, fields, headers, ctx.agency_district, seen)
        message = _("{number} is stored already: the row was not imported.").format(number=case[0])
        if differences:
            message = _("{number} is stored already: the row was not imported, and the register differs from the "
                        "stored case ({differences}). If the register is right, correct the case in the "
                        "workstation.").format(number=case[0], differences=_listed_differences(differences))
        warnings.append({**where, "row": row, "field": headers.get("case_number", "case_number"), "skipped": True,
                         "differs": bool(differences), "message": message})
    return warnings


def _listed_differences(differences: list[tuple]) -> str:
    """The first LISTED_DIFFERENCES differences of a skipped row from its stored case, as its warning names them."""
    listed = _("; ").join(_("{column}: stored {stored}, register {given}").format(
        column=column, stored=old or "—", given=new or "—") for column, old, new in differences[:LISTED_DIFFERENCES])
    if len(differences) > LISTED_DIFFERENCES:
        listed = join_sentences([listed, _("… and {n} more.").format(n=len(differences) - LISTED_DIFFERENCES)])
    return listed


def _differences(case: tuple, f: dict, headers: dict[str, str], districts: dict[str, str], seen: dict) -> list[tuple]:
    """(column as the register heads it, the stored value, the register's) of each column the register carries whose
    value differs from the stored case's, in the register's order of columns; the texts are made for those only (a
    re-imported register compares every row)."""
    (_number, party, district, sector, cause, violations, filed_on, status, records, fine, confiscated,
     proposed, decided) = case
    stored_violations = seen.get(violations)
    if stored_violations is None:
        stored_violations = seen[violations] = json.loads(violations or "[]")
    keys = seen.setdefault("names", {})
    # (field, whether it differs, the stored value and the register's as text: made when they differ)
    compared = (
        ("party", _name_key(party or "", keys) != _name_key(f["party"], keys), lambda: (party, f["party"])),
        # by district: a town office's case is in the district the register names
        ("district", (district or "") != districts.get(f.get("district_agency") or f["agency_id"], ""),
         lambda: (district, districts.get(f.get("district_agency") or f["agency_id"]))),
        ("sector", sector != f["sector"], lambda: (label("sectors", sector), label("sectors", f["sector"]))),
        ("cause", cause != f["cause"], lambda: (cause, f["cause"])),
        ("violations", stored_violations != f["violations"],
         lambda: ("、".join(label("violations", v) for v in stored_violations),
                  "、".join(label("violations", v) for v in f["violations"]))),
        ("filed_on", (filed_on or None) != (f["filed_on"] or None), lambda: (filed_on, f["filed_on"])),
        ("status", status != f["status"], lambda: (label("statuses", status), label("statuses", f["status"]))),
        ("records", (records or 0) != (f["records"] or 0), lambda: (str(records or 0), str(f["records"] or 0))),
        ("fine", (fine or 0) != (f["fine"] or 0), lambda: (_amount(fine), _amount(f["fine"]))),
        ("confiscated", (confiscated or 0) != (f["confiscated"] or 0),
         lambda: (_amount(confiscated), _amount(f["confiscated"]))),
        ("filing_proposed_on", "filing_proposed_on" in f and (proposed or None) != f["filing_proposed_on"],
         lambda: (proposed, f.get("filing_proposed_on"))),
        ("decided_on", "decided_on" in f and (decided or None) != f["decided_on"],
         lambda: (decided, f.get("decided_on"))),
    )
    differing = [(name, texts) for name, differs, texts in compared if differs and name in headers]
    if not differing:
        return []
    order = {name: index for index, name in enumerate(headers)}
    differing.sort(key=lambda d: order[d[0]])
    return [(headers[name], *texts()) for name, texts in differing]


def _amount(fen: int | None) -> str:
    """30,000.00元: an amount as a warning names it."""
    return _("{amount} yuan").format(amount=figures(fen or 0).removeprefix("¥"))


def _new_case_number(db: Database, f: dict, taken: set[str], check_blocks: bool, ctx: _Context) -> str:
    """A case number for a row without one: of its filing year, and not one another row of the file uses
    (``check_blocks``: whether any number block of 立 is held here, asked once for the file; the highest serial in use
    read once for each sequence, ``_Context.highest_serials``)."""
    year = int(f["filed_on"][:4]) if f["filed_on"] else None
    number = next_case_number(db, f["agency_id"], year, consume=True, pending=taken, check_blocks=check_blocks,
                              highest=ctx.highest_serials)
    while number in taken:
        number = next_case_number(db, f["agency_id"], year, consume=True, pending=taken, check_blocks=check_blocks,
                                  highest=ctx.highest_serials)
    taken.add(number)  # inside a number block (号段) the next one is chosen past the numbers given so far
    return number


def _insert(db: Database, parsed: list[tuple[int, dict]], ctx: _Context, file_name: str, progress: ProgressFn,
            cancel: CancelToken) -> list[tuple[int, dict, str]]:
    """Write the rows ``parsed`` (row number, fields) in the transaction open; (row number, fields, case number)
    of each row numbered here, having none."""
    audit = AuditWriter(db)
    stamp = now()  # the time of the one transaction: of every record, timeline event and audit entry it writes
    parties = RowTemplate(party_row(Party(name=""), stamp) | {"updated_at": stamp},
                          ("id", "kind", "name", "uscc", "id_number"))
    cases = RowTemplate(case_row(Case(case_number="", cause="", sector="", agency_id=""), stamp, stamp),
                        ("id", "case_number", "cause", "sector", "agency_id", "district", "status", "party_names",
                         "violations", "filed_on", "records_other", "fine_fen", "confiscated_fen",
                         "filing_proposed_on", "decided_on", "law_conditions"))
    violations_json: dict[tuple[str, ...], str] = {}  # and the facts' (``_calls_facts``): encoded once each
    # the row's sheet named when the register's rows are not all the first sheet's
    notes = (_("Imported from register {file}, row {row}"), _("Imported from register {file}, sheet {sheet}, row {row}"))
    party_rows, case_rows, links, events = [], [], [], []
    taken = {f["case_number"] for _, f in parsed if f["case_number"]}
    # and the serials of the numbers written otherwise (佛南市监立〔2026〕57): 佛南市监立〔2026〕57号 is not given
    taken |= {f"{reading[0]}{reading[1]}号" for number in taken if (reading := serial_reading(number))}
    numbered: list[tuple[int, dict, str]] = []
    check_blocks = has_case_blocks(db)  # not asked again for each row without a case number
    new_id = id_stream().__next__  # the ids of each table increase: its id index grows at its end
    # one scale for the rows prepared and then written (parties, cases, links, events, search index) and, into a
    # (nearly) empty table, the sort and filter indexes of the cases built once after their rows (``rebuilt_indexes``)
    rebuild = rebuild_pays(db, "cases", len(parsed))
    total = len(parsed) * (6 if rebuild else 5)
    for done, (number, f) in enumerate(parsed):
        if done % BATCH == 0:
            cancel.check()
            progress(done, total, _("Importing cases"))
        key = ctx.party_key(f)
        party_id = ctx.parties.get(key)
        if party_id is None:
            party_id = ctx.parties[key] = new_id()
            row = parties.row(id=party_id, kind=inferred_party_kind(f["party"], f["uscc"], f["id_number"]), name=f["party"],
                              uscc=f["uscc"], id_number=f["id_number"])
            party_rows.append(tuple(row.values()))
            audit.add_digests("create", "party", party_id, "", parties.digest(row), stamp)
            if f["legacy_id"] and f["id_number"]:
                audit_legacy_id(audit, party_id, f["legacy_id"], f["id_number"], stamp)
            ctx.party_names[party_id] = f["party"]
        violations, conditions = tuple(f["violations"]), tuple(f.get("law_conditions", ()))
        if violations not in violations_json:
            violations_json[violations] = dumps(f["violations"])
        if conditions not in violations_json:
            violations_json[conditions] = dumps(list(conditions))
        case_id = new_id()
        case_number = f["case_number"]
        if not case_number:
            case_number = _new_case_number(db, f, taken, check_blocks, ctx)
            numbered.append((number, f, case_number))
        row = cases.row(id=case_id, case_number=case_number,
                        cause=f["cause"], sector=f["sector"], agency_id=f["agency_id"], status=f["status"],
                        violations=violations_json[violations], law_conditions=violations_json[conditions],
                        district=ctx.agency_district.get(f.get("district_agency") or f["agency_id"], ""),
                        filed_on=f["filed_on"], records_other=f["records"], fine_fen=f["fine"],
                        confiscated_fen=f["confiscated"], party_names=ctx.party_names[party_id],
                        filing_proposed_on=f.get("filing_proposed_on"), decided_on=f.get("decided_on"))
        # the sort keys of the party and cause columns (pinyin order) written with the row, not audited (derived)
        case_rows.append((*row.values(), text_sort_key(row["party_names"]), text_sort_key(row["cause"])))
        audit.add_digests("create", "case", case_id, "", cases.digest(row), stamp)
        links.append((case_id, party_id, 0))
        events.append((new_id(), case_id, "created", f["filed_on"], stamp, audit.actor, f["status"],
                       notes[bool(f["sheet"])].format(file=file_name, sheet=f["sheet"], row=number)))
    # written BATCH rows at a time, each batch after a look at Cancel (which rolls the whole transaction back) and a
    # progress report: a large register takes seconds here
    written = [len(parsed)]

    def write(sql: str, rows: list[tuple], share: int) -> None:
        start_at = written[0]
        for start in range(0, len(rows), BATCH):
            cancel.check()
            progress(start_at + share * start // len(rows), total, _("Writing cases"))
            db.conn.executemany(sql, rows[start:start + BATCH])
        written[0] = start_at + share

    def indexing(done: int, count: int) -> None:
        cancel.check()
        progress(written[0] + len(parsed) * done // max(count, 1), total, _("Indexing cases for search"))

    def sorting(done: int, count: int) -> None:
        cancel.check()
        progress(written[0] + len(parsed) * (done + 1) // (count + 1), total,
                 _("Indexing cases for sorting and filtering"))

    n = len(parsed)
    # the secondary indexes (the cases' most on expressions, the parties' by name and code) cost every row inserted
    # an update of each at a random place: into empty tables one sort per index at the end is several times cheaper.
    # Dropped inside this transaction, they come back with its rollback on Cancel or an error; the unique ones stay
    # and refuse duplicates. Nothing here reads them while the rows are written
    bulk = {"cases": n, "parties": len(party_rows), "case_parties": n, "case_events": n} if rebuild else {}
    # the 罚没金额 sort keys of the new cases worked out once all is written and indexed (``deferred_penalty_keys``)
    with deferred_penalty_keys(db), rebuilt_indexes(db, bulk, between=sorting):
        write(f"INSERT INTO parties ({', '.join(parties.columns)}) VALUES ({', '.join('?' * len(parties.columns))})",
              party_rows, n // 2)
        with deferred_search_index(db, indexing, BATCH):
            write(f"INSERT INTO cases ({', '.join(cases.columns)}, party_sort, cause_sort) "
                  f"VALUES ({', '.join('?' * (len(cases.columns) + 2))})", case_rows, n)
            write("INSERT INTO case_parties (case_id, party_id, position) VALUES (?, ?, ?)", links, n // 2)
            write("INSERT INTO case_events (id, case_id, kind, on_date, at, actor, to_status, note) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", events, n)
        written[0] += n
    cancel.check()
    # the audit entries and the commit are written in one go: past this point Cancel is not heard any more
    cancel.close()
    progress(total, total, _("Saving the import; it can no longer be cancelled"))
    audit.flush()
    return numbered


# taking back one register import (``cases withdraw-import``; File → Withdraw a register import…) ------------------
#
# An import is the cases written from one register in one transaction: each has its 'created' step at the time of
# that transaction (its cases' ``created_at``) with the note naming the register and the row (``_insert``), in the
# language of the day, and an audit entry "create" of that time (a case merged from another station's bundle has
# "merge_create" instead, and is no import of this station's). That is what finds an import's cases, old ones too:
# no record of its own is needed.

#: the notes ``_insert`` writes in the 'created' step of each case it imports (msgids)
_IMPORT_NOTES = ("Imported from register {file}, row {row}", "Imported from register {file}, sheet {sheet}, row {row}")
LISTED_MOVED = 10  # the cases named in a refusal of a withdrawal


@cache
def _both_languages(msgid: str) -> tuple[str, ...]:
    """``msgid`` and its Chinese translation (once, when they are the same): a text written in the language the
    workstation spoke then, read back whichever it speaks now."""
    from workstation.i18n import load_catalogue

    try:
        chinese = load_catalogue("zh_CN")
    except OSError:  # no catalogue: the English alone
        chinese = {}
    return tuple(dict.fromkeys((msgid, chinese.get(msgid) or msgid)))


@cache
def _note_forms() -> tuple[tuple[str, re.Pattern], ...]:
    """(the note's beginning for LIKE, the note read back with its file) of each note an import may have written: in
    English and in Chinese, whichever language the workstation spoke then (``_both_languages``)."""
    forms = []
    # the form naming the sheet first: the other's file (``.+?``) would take "台账.xlsx, sheet A" for the file
    for msgid in reversed(_IMPORT_NOTES):
        for template in _both_languages(msgid):
            pattern = re.escape(template).replace(re.escape("{file}"), "(?P<file>.+?)").replace(
                re.escape("{sheet}"), ".*?").replace(re.escape("{row}"), r"\d+")
            start = template.split("{", 1)[0].replace("%", r"\%").replace("_", r"\_")
            forms.append((start + "%", re.compile(f"^{pattern}$", re.S)))
    return tuple(forms)


#: why the case numbers of a withdrawn import stay taken (``withdraw_register_import``; msgid)
_WITHDRAWN_REASON = "given by the import of register {file} on {time}, which was withdrawn"


def _withdrawn_reason(file: str, time: str) -> str:
    return _(_WITHDRAWN_REASON).format(file=file, time=time)


@cache
def _withdrawn_forms() -> tuple[re.Pattern, ...]:
    """``_WITHDRAWN_REASON`` read back, in English and in Chinese (``_both_languages``)."""
    return tuple(re.compile("^" + re.escape(template).replace(re.escape("{file}"), ".+").replace(
        re.escape("{time}"), ".+") + "$", re.S) for template in _both_languages(_WITHDRAWN_REASON))


def kept_by_withdrawal(reason: str) -> bool:
    """Whether a case number was kept void as its import was withdrawn (``withdraw_register_import``): the register
    carrying it is the paper it was given for, and may be imported again."""
    return any(form.match(reason or "") for form in _withdrawn_forms())


def _import_file(note: str) -> str | None:
    """The register's file name a 'created' step's note names; None when the note is no import's."""
    for _start, pattern in _note_forms():
        if match := pattern.match(note or ""):
            return match.group("file")
    return None


def _imported_cases_sql(extra: str = "") -> str:
    """The cases created here by register imports, with their import's time and a note naming the register
    (``case_events`` e, ``cases`` c); ``extra`` narrows it further."""
    likes = " OR ".join("e.note LIKE ? ESCAPE '\\'" for _form in _note_forms())
    return ("FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.kind = 'created' AND e.at = c.created_at "
            f"AND ({likes}) AND EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'case' AND a.entity_id = c.id AND "
            f"a.action = 'create' AND a.at = e.at) {extra}")


def _likes() -> list[str]:
    return [start for start, _pattern in _note_forms()]


def register_imports(db: Database, file: str | None = None) -> list[dict]:
    """The register imports whose cases are held here, newest first: {file, imported_at, cases} (of ``file`` only
    when given: a file name, or a path whose name is taken)."""
    found = []
    for at, note, n in db.execute("SELECT e.at, MIN(e.note), COUNT(*) " + _imported_cases_sql() +
                                  " GROUP BY e.at ORDER BY e.at DESC", _likes()):
        name = _import_file(note)
        if name is not None and (file is None or name == readable_name(file)):
            found.append({"file": name, "imported_at": at, "cases": n})
    return found


def find_register_import(db: Database, which: str) -> dict:
    """The import ``which`` names: a file name (or path) imported once, or the time of one import as listed
    (``shown_time``) or stored; refused, naming what to give instead, when none or several match
    (``complaint_withdraw.pick_import``)."""
    from workstation.importing.complaint_withdraw import pick_import

    return pick_import(which, lambda file: register_imports(db, file), _(
        "No register {which} was imported here whose cases are still held (give the register's file name as "
        "imported, or the time of its import)."))


def register_import_word(imports: list[dict], chosen: dict) -> str:
    """The time of the import ``chosen`` among ``imports`` (``register_imports``) as it is to be given: as listed,
    or as stored where another import shares its second (``complaint_withdraw.time_word``)."""
    from workstation.importing.complaint_withdraw import time_word

    return time_word([i["imported_at"] for i in imports], chosen["imported_at"])


def register_imports_task(database: Path, *, progress: ProgressFn, cancel: CancelToken) -> list[dict]:
    """``register_imports`` with a connection of its own (the window's task runner: a scan of every case's steps)."""
    from workstation.db import open_database

    cancel.check()
    progress(0, 1, _("Looking for the register imports"))
    db = open_database(database)
    try:
        return register_imports(db)
    finally:
        db.conn.close()


def withdraw_register_import_task(database: Path, which: str, *, progress: ProgressFn,
                                  cancel: CancelToken) -> RegisterWithdrawal:
    """``withdraw_register_import`` with a connection of its own: one transaction, which Cancel cannot stop."""
    from workstation.db import open_database

    cancel.check()
    cancel.close()
    progress(0, 1, _("Withdrawing the register import in one transaction; it can no longer be cancelled"))
    db = open_database(database)
    try:
        return withdraw_register_import(db, which)
    finally:
        db.conn.close()


@dataclass
class RegisterWithdrawal:
    """What withdrawing a register import did."""

    file: str
    imported_at: str
    cases: int = 0
    parties: int = 0  # the parties the import added and no other record uses, removed with its cases
    case_numbers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"file": self.file, "imported_at": self.imported_at, "cases": self.cases, "parties": self.parties,
                "case_numbers": self.case_numbers}

    def summary(self) -> str:
        from workstation.importing.complaint_withdraw import shown_time

        parts = [ngettext("Import of {file} on {time} withdrawn: {n} case removed.",
                          "Import of {file} on {time} withdrawn: {n} cases removed.", self.cases).format(
            file=self.file, time=shown_time(self.imported_at), n=f"{self.cases:,}")]
        if self.parties:
            parts.append(ngettext("{n} party it added, which no other record uses, was removed with them.",
                                  "{n} parties it added, which no other record uses, were removed with them.",
                                  self.parties).format(n=f"{self.parties:,}"))
        return join_sentences(parts)


def _import_case_ids(db: Database, chosen: dict) -> list[tuple[str, str, str]]:
    """(id, case number, agency) of each case the import ``chosen`` created, in case number order: those of its time
    (one import is one transaction, all its cases of one time), whichever sheet of the register they came from."""
    rows = db.execute("SELECT c.id, c.case_number, c.agency_id, e.note " + _imported_cases_sql("AND e.at = ?") +
                      " ORDER BY c.case_number", [*_likes(), chosen["imported_at"]]).fetchall()
    return [(r[0], r[1], r[2]) for r in rows if _import_file(r[3]) is not None]


def register_withdrawal_refusal(db: Database, chosen: dict,
                                cases: list[tuple[str, str, str]] | None = None) -> str | None:
    """Why the import ``chosen`` (``find_register_import``) cannot be withdrawn, naming the cases; None when it can.
    Refused once a case of it has moved on: changed since (a step, its facts, any field), a step, clock event,
    document, draft, evidence, interview, officer or lead added to it, its number lost and given again — or when a
    bundle written after the import carried one of them (a bundle carries no withdrawal: headquarters would keep it)."""
    from workstation.importing.complaint_withdraw import shown_time

    file, at = chosen["file"], chosen["imported_at"]
    cases = _import_case_ids(db, chosen) if cases is None else cases
    ids = json.dumps([c for c, _number, _agency in cases])
    numbers = {c: number for c, number, _agency in cases}
    sent = [r for r in db.execute(
        "SELECT created_at, CASE WHEN json_valid(case_ids) THEN case_ids ELSE NULL END FROM bundle_exports "
        "WHERE created_at >= ? ORDER BY created_at", [at])]
    for created, carried in sent:
        went = sorted(numbers[c] for c in json.loads(carried) if c in numbers) if carried else sorted(numbers.values())
        if went:
            return _("The import of {file} ({time}) cannot be withdrawn: the bundle written {sent} carried its cases "
                     "({cases}), and a bundle carries no withdrawal, so headquarters would keep them. Correct those "
                     "cases instead. Nothing was withdrawn.").format(
                file=file, time=shown_time(at), sent=shown_time(created), cases=_listed(went))
    checks = (
        (_("changed since"), f"SELECT id FROM cases WHERE id IN {_HELD} AND (version > 1 OR updated_at != created_at)"),
        (_("a step recorded"), f"SELECT case_id FROM case_events WHERE case_id IN {_HELD} AND NOT "
                               "(kind = 'created' AND at = ?)"),
        (_("a document"), f"SELECT case_id FROM documents WHERE case_id IN {_HELD}"),
        (_("a draft"), f"SELECT case_id FROM drafts WHERE case_id IN {_HELD}"),
        (_("evidence"), f"SELECT case_id FROM evidence WHERE case_id IN {_HELD}"),
        (_("an interview"), f"SELECT case_id FROM interviews WHERE case_id IN {_HELD}"),
        (_("a lead"), f"SELECT case_id FROM leads WHERE case_id IN {_HELD}"),
        (_("officers"), f"SELECT case_id FROM case_officers WHERE case_id IN {_HELD}"),
        (_("a time limit event"), f"SELECT case_id FROM clock_events WHERE case_id IN {_HELD}"),
        (_("a time limit event"), f"SELECT case_id FROM removed_clock_events WHERE case_id IN {_HELD}"),
        (_("a document number"), f"SELECT lost_case_id FROM doc_numbers WHERE lost_case_id IN {_HELD}"),
    )
    moved: dict[str, list[str]] = {}
    for reason, sql in checks:
        for (case_id,) in db.execute(sql, [ids, at] if sql.count("?") == 2 else [ids]):
            reasons = moved.setdefault(numbers[case_id], [])
            if reason not in reasons:
                reasons.append(reason)
    if not moved:
        return None
    named = sorted(moved)
    listed = _listed([_("{number} ({reasons})").format(number=n, reasons=join_names(moved[n])) for n in named],
                     _("; ").join)
    return ngettext("The import of {file} ({time}) cannot be withdrawn: {n} of its cases has moved on since it was "
                    "imported: {cases}. Nothing was withdrawn.",
                    "The import of {file} ({time}) cannot be withdrawn: {n} of its cases have moved on since it was "
                    "imported: {cases}. Nothing was withdrawn.", len(named)).format(
        file=file, time=shown_time(at), n=len(named), cases=listed)


_HELD = "(SELECT value FROM json_each(?))"  # the ids of a JSON list given as the parameter


def _listed(items: list[str], join=join_names) -> str:
    """The first ``LISTED_MOVED`` of ``items`` joined, then how many more there are."""
    shown = join(items[:LISTED_MOVED])
    if len(items) <= LISTED_MOVED:
        return shown
    return join_sentences([shown, _("… and {n} more.").format(n=len(items) - LISTED_MOVED)])


def withdraw_register_import(db: Database, which: str) -> RegisterWithdrawal:
    """Withdraw the register import ``which`` names (``find_register_import``) in one transaction: its cases with
    their links to parties and steps (their search entries go with them), and the parties it added that no other
    record uses now, each audited as removed, then one entry "withdraw_import" naming the register and when it was
    imported. Refused (``register_withdrawal_refusal``) with nothing changed."""
    from workstation.importing.complaint_withdraw import shown_time

    chosen = find_register_import(db, which)
    file, at = chosen["file"], chosen["imported_at"]
    result = RegisterWithdrawal(file, at)
    with db.atomic():  # read again inside the write transaction: nothing changes between the check and the delete
        cases = _import_case_ids(db, chosen)
        if not cases:  # another program withdrew it since it was found: nothing to withdraw, nothing audited
            raise WorkstationError(_("The import of {file} ({time}) was withdrawn meanwhile, by another program: "
                                     "its cases are no longer held. Nothing was changed.").format(
                file=file, time=shown_time(at)))
        if refusal := register_withdrawal_refusal(db, chosen, cases):
            raise WorkstationError(refusal)
        ids = json.dumps([c for c, _number, _agency in cases])
        # the parties the import added (written in its transaction) linked to its cases
        parties = [r[0] for r in db.execute(
            f"SELECT DISTINCT p.id FROM parties p JOIN case_parties l ON l.party_id = p.id WHERE l.case_id IN {_HELD} "
            "AND p.created_at = ? AND p.updated_at = ?", [ids, at, at])]
        digests = {(r[0], r[1]): r[2] for r in db.execute(
            "SELECT entity, entity_id, after_digest FROM audit WHERE action = 'create' AND at = ? AND "
            f"((entity = 'case' AND entity_id IN {_HELD}) OR (entity = 'party' AND entity_id IN {_HELD}))",
            [at, ids, json.dumps(parties)])}
        db.execute(f"DELETE FROM case_events WHERE case_id IN {_HELD}", [ids])
        db.execute(f"DELETE FROM case_parties WHERE case_id IN {_HELD}", [ids])
        result.cases = db.execute(f"DELETE FROM cases WHERE id IN {_HELD}", [ids]).rowcount
        # those no other record uses now: another case, a lead, a step, an interview, a time limit event
        unused = [r[0] for r in db.execute(
            f"SELECT id FROM parties WHERE id IN {_HELD} AND NOT EXISTS (SELECT 1 FROM case_parties WHERE party_id = "
            "parties.id) AND NOT EXISTS (SELECT 1 FROM leads WHERE target_party_id = parties.id) AND NOT EXISTS "
            "(SELECT 1 FROM case_events WHERE party_id = parties.id) AND NOT EXISTS (SELECT 1 FROM "
            "interview_parties WHERE party_id = parties.id) AND NOT EXISTS (SELECT 1 FROM clock_events WHERE "
            "party_id = parties.id)", [json.dumps(parties)])]
        result.parties = db.execute(f"DELETE FROM parties WHERE id IN {_HELD}", [json.dumps(unused)]).rowcount
        result.case_numbers = [number for _id, number, _agency in cases]
        # their numbers stay taken (voided, type code 立): one given on import may be on paper already, and inside a
        # number block (号段) the lowest serial not taken is given next. A register carrying them is imported again
        # (``_Context.voided_numbers`` passes over a number kept for this reason)
        reason = _withdrawn_reason(file, shown_time(at))
        keep_case_numbers(db, [(agency, number, reason) for _id, number, agency in cases if number])
        audit = AuditWriter(db)
        stamp = now()
        for case_id, _number, _agency in cases:
            audit.add_digests("delete", "case", case_id, digests.get(("case", case_id), ""), "", stamp)
        for party_id in unused:
            audit.add_digests("delete", "party", party_id, digests.get(("party", party_id), ""), "", stamp)
        audit.add("withdraw_import", "cases", file, {"file": file, "imported_at": at},
                  {**result.as_dict(), "officer": audit.actor})
        audit.flush()
    return result
