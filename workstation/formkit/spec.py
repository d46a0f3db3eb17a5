"""Loading ``forms/*.toml`` strictly into frozen specs. An unknown key, a missing key, a wrong type, a
placeholder or condition naming no field, or an id that is not the file name is a FormError naming the file
and the key; ``load_forms`` keeps loading the other forms and lists the broken ones, so the application
still starts and shows them as broken."""

from __future__ import annotations

import functools
import re
import threading
import tomllib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from workstation import read_once
from workstation.errors import WorkstationError
from workstation.formkit.template import FILTERS, placeholders
from workstation.i18n import _
from workstation.paths import FORMS
from workstation.vocabulary import labels

FIELD_TYPES = ("text", "multiline", "date", "datetime", "money", "integer", "bool", "choice", "qa")
BLOCK_KINDS = ("agency", "title", "number", "paragraph", "heading", "table", "list", "signature", "spacer",
               "page_break")
# blank_rows: only in a ``when``, whether the document prints ruled blank rows (documents.compose)
BUILT_INS = ("number", "agency", "title", "case_number", "blank_rows")
FORM_KEYS = {"id": str, "title": str, "catalogue": int, "kind": str, "type_code": str, "version": int,
             "footer": str, "page_numbers": bool, "description": str, "description_en": str,
             "served_on_party": bool, "fields": list,
             "blocks": list, "fit_page": bool, "records_event": object, "event_date": str, "event_until": object,
             "sums": list, "totals": list, "small_type": bool, "required_any": list, "confirm": list, "signed_record": bool,
             "required_to_issue": list, "one_per_case": bool, "one_per_party": bool, "date_field": str}
REQUIRED_FORM_KEYS = ("id", "title", "kind", "type_code", "version", "blocks")
FORM_KINDS = ("notice", "decision", "approval", "record", "letter", "archive", "interview")
FIELD_KEYS = {"name": str, "label": str, "type": str, "required": bool, "source": str, "default": object,
              "choices": list, "section": str, "help": str, "not_before": str, "party_defaults": dict,
              "old_defaults": list, "limit": str, "not_after": str, "choice_defaults": dict, "required_for": dict,
              "read_only": bool, "check": str, "required_if_filed": bool, "headings": bool, "person": bool}
#: the ``check`` a text field's value passes (``formkit.values``): "id_number" — a number of digits (and a final X)
#: is a resident ID number with its check digit (a passport or permit number, with letters, is taken as written);
#: "time" — a time of day (9时30分, 09:30, 下午3时, optionally after a date), which with ``not_before`` naming
#: another such field (the start) may not be earlier than it (the 约谈记录's end, nor the same time:
#: ``values.ENDS_AFTER_START``), naming a day (``case.lead_received_on``) not on a day
#: before it; "party_code" — a party's 统一社会信用代码 or ID number (``formkit.values.party_code``: 18 letters and
#: digits checked as either, a 17- or 19-character code with letters refused, other text as written); "mobile",
#: "email", "postcode" — the 送达地址确认书's; "government" — a people's government (the 行政复议机关)
FIELD_CHECKS = ("id_number", "time", "party_code", "mobile", "email", "postcode", "government")
#: the ``limit`` a money field may take: the simple procedure's cap for the party's class (thresholds.toml)
FIELD_LIMITS = ("simple_procedure",)
BLOCK_KEYS = {"kind": str, "text": str, "style": str, "align": str, "when": str, "level": int, "widths": list,
              "rows": list, "heights": list, "lines": object, "keep_with_next": bool, "items": list,
              "separator": str, "end": str, "numbered": bool, "repeat": str, "blank_rows": int,
              "min_blank_rows": int, "row_height": float, "header_rows": int, "fit_page": bool, "one_line": list, "cell_size": str}
CELL_KEYS = {"text": str, "span": int, "label": bool, "keep_lines": bool}
ROW_KEYS = {"cells": list, "when": str, "repeat": str}
SUM_KEYS = {"total": str, "parts": list, "when": str, "wrong": str}
TOTAL_KEYS = {"name": str, "parts": list}
#: ``not_after``: a date field, optionally followed by + and a number of days ("original_until+30"), or ``today``
NOT_AFTER = re.compile(r"^([a-z][a-z0-9_]*)\s*(?:\+\s*([0-9]+))?$")
#: ``not_after = "today"``: a date that may not lie in the future (a release or a signature dated ahead)
TODAY = "today"
#: ``not_after = "now"``: a datetime that may not lie in the future (the start of an interview a record is made of)
NOW = "now"
#: a placeholder in a line of a heading template (``headings``): it matches whatever it prints
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SPACES = re.compile(r"[\s\u3000]+")
ITEM_KEYS = {"text": str, "when": str}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: a placeholder of an old default naming a source of the case: {law.violated_norms}, {party.name} …
SOURCE_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}")
#: ``records_event = "end:<kind>"``: issuing the form ends the case's running event of that kind
END_EVENT = "end"
TABLE_ONLY = ("repeat", "blank_rows", "min_blank_rows", "row_height", "header_rows", "fit_page", "one_line", "cell_size")


class FormError(WorkstationError):
    """A form file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class FieldSpec:
    """One value of a document: its type, label, whether required, and where its default comes from (for a
    party of a kind listed in ``party_defaults``, that default instead). A literal default may print other
    fields (``{you}的上述行为…``). ``old_defaults`` are the defaults earlier versions of the form gave (one drawn
    from the case names its source: ``{law.violated_norms}``): a kept draft still holding one of them was not
    written by the officer and takes the current default."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    source: str = ""
    default: object = None
    choices: tuple[str, ...] = ()
    section: str = ""
    help: str = ""
    not_before: str = ""
    party_defaults: tuple[tuple[str, object], ...] = ()  # (party kind, default) in place of source and default
    old_defaults: tuple[str, ...] = ()
    limit: str = ""  # a money field's cap (``FIELD_LIMITS``): "simple_procedure", by the party's class
    not_after: str = ""  # a date field may not be later than this date field, plus days: "original_until+30"
    choice_field: str = ""  # the choice field the default follows (``choice_defaults``), "" for none
    choice_defaults: tuple[tuple[str, object], ...] = ()  # (choice, default) in place of ``default``
    required_field: str = ""  # ``required_for``: the choice field whose choices below make this field required
    required_choices: tuple[str, ...] = ()
    read_only: bool = False  # the value is its source's: shown read only in the editor, another one refused
    check: str = ""  # ``FIELD_CHECKS``: what a text field's value must be (an ID number, a time of day)
    required_if_filed: bool = False  # required for a case filed (one with a case number) only: the 卷宗封面's 立案日期
    # the field's defaults are a template of headings (1.经营场所基本情况：, 问：…/答：, 调查人员：) the officer writes
    # after: while every line it holds is still a line of them, it counts as empty (``only_headings``)
    headings: bool = False
    # the value names a natural person met in the case (被询问人, 在场人, 见证人, 举报人): a publication copy of the
    # case's decision masks the name (``documents.publication.persons_named``)
    person: bool = False

    def latest(self) -> tuple[str, int] | None:
        """The field ``not_after`` names and the days added to it, None without one."""
        match = NOT_AFTER.match(self.not_after) if self.not_after else None
        return (match.group(1), int(match.group(2) or 0)) if match else None

    def only_headings(self, value) -> bool:
        """Whether ``value`` of a ``headings`` field holds nothing but lines of its templates (its ``default``,
        ``party_defaults``, ``choice_defaults`` and ``old_defaults``; a placeholder in them matching what it
        prints): every heading still has nothing after it, so the field says nothing yet. False for any other
        field, and for an empty value (which is simply empty)."""
        lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
        if not self.headings or not lines:
            return False
        return all(self.heading_line(line) for line in lines)

    def heading_line(self, line: str) -> bool:
        """Whether ``line`` is one of the headings of this ``headings`` field's templates with nothing written
        after it (spaces aside; a placeholder in them matching what it prints). False for any other field."""
        if not self.headings:
            return False
        patterns = _heading_patterns(tuple(self.literal_defaults()) + self.old_defaults)
        return any(pattern.fullmatch(_SPACES.sub("", line)) for pattern in patterns)

    def literal_defaults(self) -> list[str]:
        """The texts this field may take as its default without a source: ``default`` and ``party_defaults``."""
        return [value for value in (self.default, *dict(self.party_defaults).values(),
                                    *dict(self.choice_defaults).values()) if isinstance(value, str)]

    def default_for(self, choice) -> object:
        """The literal default while the choice field ``choice_defaults`` names holds ``choice``: the text listed
        for that choice, else ``default``. A bool field's choices are "true" (ticked) and "false"."""
        if isinstance(choice, bool):
            choice = "true" if choice else "false"
        return dict(self.choice_defaults).get(choice, self.default) if self.choice_field else self.default

    def required_by(self, values: dict, context: dict | None = None) -> bool:
        """Whether the field must be given with ``values``: always when ``required``, else while the choice field
        ``required_for`` names holds one of its choices (the period of the 审批表 of an extension), and with
        ``required_if_filed`` while the case of ``context`` is filed, has its case number (without a context, as
        for a case filed): a case never filed — 待立案, 不予立案 — has no 立案日期 to give."""
        if self.required_if_filed:
            return context is None or bool(context.get("case.case_number"))
        return self.required or bool(self.required_field) and (values.get(self.required_field)
                                                                in self.required_choices)


@functools.lru_cache(maxsize=64)
def _heading_patterns(texts: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """Each line of the heading templates ``texts`` as a pattern a line of the field matches while it still is that
    heading with nothing written after it (spaces left out of both); a placeholder matches any text."""
    patterns = set()
    for text in texts:
        for line in text.splitlines():
            if line.strip():
                parts = _PLACEHOLDER.split(_SPACES.sub("", line))
                patterns.add(".{0,30}?".join(re.escape(part) for part in parts))
    return tuple(re.compile(pattern) for pattern in sorted(patterns))


@dataclass(frozen=True)
class CellSpec:
    text: str
    span: int = 1
    label: bool = False
    keep_lines: bool = False  # each line of its text kept on one page when the row splits (a file and its hash)


@dataclass(frozen=True)
class ItemSpec:
    """One item of a ``list`` block, printed only when its ``when`` field is set (or, ``!field``, is not)."""

    text: str
    when: str = ""


@dataclass(frozen=True)
class BlockSpec:
    """One printable block; its text may hold placeholders, ``when`` names a field that must be set (or
    ``!field`` that must not be; ``a&!b`` joins such conditions) for the block to print. A ``list`` prints the
    ``items`` whose condition holds, one paragraph each, the others ending with ``separator`` and the last with
    ``end`` (numbered 1. 2. … when ``numbered`` and more than one is printed). A ``table`` may ``repeat`` one
    row per line of a multi-line field after its ``rows`` (the line's columns separated by ``|``), then up to
    ``blank_rows`` ruled empty rows (as many as fill the page of its last row, but never fewer than
    ``min_blank_rows``, on a page of their own if need be), both at least ``row_height`` mm high; its first ``header_rows`` rows are printed again at the top of each page it continues on; with ``fit_page`` its cells are set a size smaller
    when the document would otherwise run past its first page (a one-page form); ``cell_size`` "compact" sets its
    cells in 五号, "small" in 小五; with ``one_line`` (column numbers from 0) its widths are fitted to its contents, those columns
    kept on one line (``documents.columns``). ``row_when`` holds the
    condition of each of its ``rows`` ("" for a row always printed), in the syntax of ``when``: a natural
    person's rows and a business's rows of the same table. ``row_repeat`` holds, for each of its ``rows``, the
    multi-line field it repeats in its place ("" for an ordinary row; such a row has no cells): one row per line,
    its columns alternating label and value, the last spanning what is left (the 当事人 of each party)."""

    kind: str
    text: str = ""
    style: str = ""
    align: str = ""
    when: str = ""
    level: int = 1
    widths: tuple[float, ...] = ()
    rows: tuple[tuple[CellSpec, ...], ...] = ()
    heights: tuple[float, ...] = ()
    lines: tuple[str, ...] | float = ()
    keep_with_next: bool = False
    items: tuple[ItemSpec, ...] = ()
    separator: str = "；"
    end: str = "。"
    numbered: bool = False
    repeat: str = ""
    blank_rows: int = 0
    min_blank_rows: int = 0
    row_height: float = 0.0
    header_rows: int = 0
    fit_page: bool = False
    row_when: tuple[str, ...] = ()
    row_repeat: tuple[str, ...] = ()
    one_line: tuple[int, ...] = ()
    cell_size: str = ""


@dataclass(frozen=True)
class FormSpec:
    """A document type: identity, 文号 type code, fields and printable blocks."""

    id: str
    title: str
    kind: str
    type_code: str
    version: int
    fields: tuple[FieldSpec, ...]
    blocks: tuple[BlockSpec, ...]
    catalogue: int = 0
    footer: str = ""
    page_numbers: bool = True
    description: str = ""
    description_en: str = ""  # the description in English, shown instead in English mode (``shown_description``)
    served_on_party: bool = False  # served on the party: the 送达回证 offers it as the document served
    # a record the other side signs (询问笔录, 现场笔录 …): never replaced by a correction, only voided with a reason
    signed_record: bool = False
    # one in force per case (案件来源登记表, 立案审批表 …): a second one only as the correction of the one in force
    one_per_case: bool = False
    # one in force per party of a case (行政处罚告知书, 催告书 …): a second one to that party only as its correction
    one_per_party: bool = False
    fit_page: bool = False  # a one-page letter: set in 四号, else 小四, when 三号 would overrun (documents.fitting)
    small_type: bool = False  # a pre-printed one-sheet form: always title 四号, text 五号 (documents.fitting)
    path: str = ""
    # the clock event issuing it asks to record: ((choice, event), …), the event a clock_events kind, or
    # "extension:T2" naming the clock extended; choice "" always, else when ``event_field`` holds that choice
    records_event: tuple[tuple[str, str], ...] = ()
    event_field: str = ""
    event_date: str = ""  # the date field whose value the event's date starts from
    # the date fields whose latest value the event ends on (a deferral's approved end), () for none
    event_until: tuple[str, ...] = ()
    # money fields that must add up to another (instalments to the fine): ((total, parts, when, wrong), …), checked
    # while the ``when`` condition holds ("" always) and any of the parts is given; ``wrong`` names the field said to
    # be wrong when they do not: "parts" (the last part given: instalments to a fine decided) or "total" (a 罚没款合计
    # of the fine and the confiscated gains)
    sums: tuple[tuple[str, tuple[str, ...], str, str], ...] = ()
    # amounts printed as the sum of money fields, never typed (the 催告书's 合计: the unpaid amount and the
    # surcharge): ((name, parts), …), named in the blocks as a field is (``documents.compose``)
    totals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # fields at least one of which must hold a value to issue the document (the penalty of a notice or decision)
    required_any: tuple[str, ...] = ()
    # fields that must each hold a value to issue the document, while a draft may still lack them (printed, kept)
    required_to_issue: tuple[str, ...] = ()
    # fields whose values the question before issuing shows (the addressee, the penalty)
    confirm: tuple[str, ...] = ()
    # the field holding the day the document records (询问时间, 听证时间, 送达日期, 审核日期 …), which dates it wherever
    # its date is read (``formkit.values.document_date``); "" for a document dated by its signature block
    date_field: str = ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def shown_description(self) -> str:
        """When the document is used, in the user's language: ``description_en`` in English
        (``WORKSTATION_LANG=en``) when the form gives one, else ``description``."""
        from workstation.i18n import language

        return self.description_en or self.description if language() == "en" else self.description

    def event_for(self, values: dict) -> tuple[str, str] | None:
        """(clock event kind, clock extended or "") issuing this document with ``values`` asks to record, None."""
        chosen = str(values.get(self.event_field) or "") if self.event_field else ""
        for choice, event in self.records_event:
            if choice == chosen:
                kind, _colon, clock = event.partition(":")
                return kind, clock
        return None


def _fail(path: Path, key: str, message: str) -> FormError:
    return FormError(_("Form {file}, {key}: {message}").format(file=path.name, key=key, message=message))


def _check_keys(path: Path, where: str, table: dict, allowed: dict, required=()) -> None:
    for key in table:
        if key not in allowed:
            raise _fail(path, f"{where}{key}", _("unknown key"))
        expected = allowed[key]
        if expected is not object and not isinstance(table[key], expected) and not (
                expected is float and isinstance(table[key], int)):
            raise _fail(path, f"{where}{key}", _("must be of type {type}").format(type=expected.__name__))
    for key in required:
        if key not in table:
            raise _fail(path, f"{where}{key}", _("missing"))


def _field(path: Path, index: int, table: dict) -> FieldSpec:
    where = f"fields[{index}]."
    _check_keys(path, where, table, FIELD_KEYS, ("name", "label"))
    if not NAME.match(table["name"]) or table["name"] in BUILT_INS:
        raise _fail(path, where + "name", _("use lower-case letters, digits and _ and not a built-in name"))
    if table.get("type", "text") not in FIELD_TYPES:
        raise _fail(path, where + "type", _("one of {names}").format(names=", ".join(FIELD_TYPES)))
    if table.get("type") == "choice" and not table.get("choices"):
        raise _fail(path, where + "choices", _("a choice field lists its choices"))
    if "limit" in table and (table["limit"] not in FIELD_LIMITS or table.get("type") != "money"):
        raise _fail(path, where + "limit", _("a money field's limit, one of {names}").format(
            names=", ".join(FIELD_LIMITS)))
    if "not_after" in table and table.get("type") == "datetime" and table["not_after"] == NOW:
        pass  # a datetime not in the future
    elif "not_after" in table and (table.get("type") != "date" or not NOT_AFTER.match(table["not_after"])):
        raise _fail(path, where + "not_after", _("a date field's latest date: a date field, optionally + days, "
                                                 "e.g. original_until+30"))
    if "check" in table and (table["check"] not in FIELD_CHECKS or table.get("type", "text") != "text"):
        raise _fail(path, where + "check", _("a text field's check, one of {names}").format(
            names=", ".join(FIELD_CHECKS)))
    if table.get("required_if_filed") and (table.get("required") or "required_for" in table):
        raise _fail(path, where + "required_if_filed", _("a field required only for a case filed is not also "
                                                         "required or required_for a choice"))
    if table.get("headings") and table.get("type") != "multiline":
        raise _fail(path, where + "headings", _("a template of headings is a multiline field's default"))
    if table.get("headings") and not (isinstance(table.get("default"), str) and table["default"].strip()
                                      or table.get("party_defaults") or table.get("choice_defaults")):
        raise _fail(path, where + "headings", _("a field with headings gives them as its default"))
    if table.get("person") and table.get("type", "text") != "text":
        raise _fail(path, where + "person", _("a person's name is a text field"))
    if table.get("read_only") and not table.get("source"):
        raise _fail(path, where + "read_only", _("a read-only field takes its value from its source: give it a "
                                                 "source"))
    kinds = labels("party_kinds")
    for kind in table.get("party_defaults", {}):
        if kind not in kinds:
            raise _fail(path, f"{where}party_defaults.{kind}", _("one of {names}").format(names=", ".join(kinds)))
    if not all(isinstance(text, str) for text in table.get("old_defaults", [])):
        raise _fail(path, where + "old_defaults", _("a list of texts"))
    for text in table.get("old_defaults", []):  # an old default may name only sources of the case
        for name in re.findall(r"\{([^{}]*)\}", text):
            if not SOURCE_PLACEHOLDER.fullmatch(f"{{{name}}}"):
                raise _fail(path, where + "old_defaults", _(
                    "placeholder {{{name}}} is not a source of the case such as {{law.violated_norms}}").format(
                    name=name))
    follows = _choice_defaults(path, where, table.get("choice_defaults"))
    follows.update(_required_for(path, where, table.get("required_for")))
    table = {key: value for key, value in table.items() if key != "required_for"}
    return FieldSpec(**{**table, "choices": tuple(table.get("choices", ())), **follows,
                        "party_defaults": tuple(table.get("party_defaults", {}).items()),
                        "old_defaults": tuple(table.get("old_defaults", ()))})


def _choice_defaults(path: Path, where: str, raw) -> dict:
    """A field's ``choice_defaults`` (``{ field = "ground", values = { "轻微不罚" = "…" } }``) as FieldSpec keys;
    whether ``field`` is a choice field of the form offering those choices is checked with the other references."""
    if raw is None:
        return {}
    where += "choice_defaults"
    _check_keys(path, where + ".", raw, {"field": str, "values": dict}, ("field", "values"))
    for choice, text in raw["values"].items():
        if not isinstance(text, str):
            raise _fail(path, f"{where}.values.{choice}", _("must be of type {type}").format(type="str"))
    return {"choice_field": raw["field"], "choice_defaults": tuple(raw["values"].items())}


def _required_for(path: Path, where: str, raw) -> dict:
    """A field's ``required_for`` (``{ field = "matter", values = ["延长办案期限"] }``) as FieldSpec keys; whether
    ``field`` is a choice field of the form offering those choices is checked with the other references."""
    if raw is None:
        return {}
    where += "required_for"
    _check_keys(path, where + ".", raw, {"field": str, "values": list}, ("field", "values"))
    if not raw["values"] or not all(isinstance(choice, str) for choice in raw["values"]):
        raise _fail(path, where + ".values", _("a list of texts"))
    return {"required_field": raw["field"], "required_choices": tuple(raw["values"])}


def _row(path: Path, where: str, row) -> tuple[tuple[CellSpec, ...], str, str]:
    """The cells of a table row, its condition and the field it repeats: a row is a list of cells, or a table of
    ``cells`` and ``when`` (printed only when the condition holds), or of ``repeat`` (a multi-line field: one row
    per line printed in its place, no ``cells``) and ``when``."""
    if isinstance(row, dict) and "repeat" in row:
        _check_keys(path, where + ".", row, ROW_KEYS, ("repeat",))
        if "cells" in row:
            raise _fail(path, where + ".cells", _("a repeated row takes its cells from the lines of its field"))
        return (), row.get("when", ""), row["repeat"]
    if isinstance(row, dict):
        _check_keys(path, where + ".", row, ROW_KEYS, ("cells",))
        return _cells(path, where + ".cells", row["cells"]), row.get("when", ""), ""
    return _cells(path, where, row), "", ""


def _cells(path: Path, where: str, row) -> tuple[CellSpec, ...]:
    if not isinstance(row, list):
        raise _fail(path, where, _("a table row is a list of cells or a table of cells and when"))
    cells = []
    for index, cell in enumerate(row):
        if isinstance(cell, str):
            cells.append(CellSpec(cell))
        elif isinstance(cell, dict):
            _check_keys(path, f"{where}[{index}].", cell, CELL_KEYS, ("text",))
            cells.append(CellSpec(**cell))
        else:
            raise _fail(path, f"{where}[{index}]", _("a cell is a text or a table with text, span and label"))
    return tuple(cells)


def _items(path: Path, where: str, items) -> tuple[ItemSpec, ...]:
    if not items or not all(isinstance(item, dict) for item in items):
        raise _fail(path, where, _("a list has items, each a table with text and when"))
    for index, item in enumerate(items):
        _check_keys(path, f"{where}[{index}].", item, ITEM_KEYS, ("text",))
    return tuple(ItemSpec(**item) for item in items)


def _block(path: Path, index: int, table: dict) -> BlockSpec:
    where = f"blocks[{index}]."
    _check_keys(path, where, table, BLOCK_KEYS, ("kind",))
    kind = table["kind"]
    if kind not in BLOCK_KINDS:
        raise _fail(path, where + "kind", _("one of {names}").format(names=", ".join(BLOCK_KINDS)))
    values = dict(table)
    if kind == "table":
        parsed = [_row(path, f"{where}rows[{i}]", row) for i, row in enumerate(table.get("rows", []))]
        rows = tuple(cells for cells, _when, _repeat in parsed)
        widths = tuple(float(w) for w in table.get("widths", []))
        if not rows or any(sum(c.span for c in row) != len(widths) for row, (_c, _w, repeat) in zip(
                rows, parsed, strict=True) if not repeat):
            raise _fail(path, where + "rows", _("every row must fill the {n} columns of widths").format(
                n=len(widths)))
        if abs(sum(widths) - 1) > 0.001:
            raise _fail(path, where + "widths", _("the widths are fractions of the line and add up to 1"))
        values.update(rows=rows, widths=widths, heights=tuple(float(h) for h in table.get("heights", [])),
                      row_when=tuple(when for _cells, when, _repeat in parsed),
                      row_repeat=tuple(repeat for _cells, _when, repeat in parsed))
        if not 0 <= table.get("header_rows", 0) <= len(rows):
            raise _fail(path, where + "header_rows", _("at most the {n} rows of the table").format(n=len(rows)))
        if table.get("blank_rows", 0) < 0:
            raise _fail(path, where + "blank_rows", _("a number of rows, 0 or more"))
        if not 0 <= table.get("min_blank_rows", 0) <= table.get("blank_rows", 0):
            raise _fail(path, where + "min_blank_rows", _("a number of rows, from 0 to blank_rows"))
        one_line = table.get("one_line", [])
        if not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c < len(widths) for c in one_line):
            raise _fail(path, where + "one_line", _("column numbers from 0 to {n}").format(n=len(widths) - 1))
        values["one_line"] = tuple(one_line)
        if table.get("cell_size", "") not in ("", "compact", "small"):
            raise _fail(path, where + "cell_size", _("\"compact\" (五号), \"small\" (小五) or left out (小四)"))
    elif any(key in table for key in TABLE_ONLY):
        key = next(key for key in TABLE_ONLY if key in table)
        raise _fail(path, where + key, _("only a table has this key"))
    if kind == "list":
        values["items"] = _items(path, where + "items", table.get("items"))
    if kind == "signature":
        values["lines"] = tuple(table.get("lines", ()))
    elif "lines" in table:
        values["lines"] = float(table["lines"])
    return BlockSpec(**values)


def _texts(block: BlockSpec) -> list[str]:
    texts = [block.text]
    texts += [cell.text for row in block.rows for cell in row]
    texts += [item.text for item in block.items]
    if isinstance(block.lines, tuple):
        texts += list(block.lines)
    return texts


def condition_fields(when: str) -> list[str]:
    """The fields a ``when`` condition names: "a&!b|c" names a, b and c."""
    return [name for part in when.split("&") for name in part.lstrip("!").split("|")]


def _check_defaults(path: Path, form: FormSpec) -> None:
    """A literal default prints other fields only: not itself, and none whose own default prints fields (the
    defaults are filled in one pass)."""
    printing = {f.name for f in form.fields if any(placeholders(text) for text in f.literal_defaults())}
    for index, field in enumerate(form.fields):
        texts = [("default", field.default)] + [(f"party_defaults.{kind}", text) for kind, text in field.party_defaults]
        texts += [(f"choice_defaults.values.{choice}", text) for choice, text in field.choice_defaults]
        for key, text in texts:
            for name, name_filter, _argument in placeholders(text if isinstance(text, str) else ""):
                if form.field(name) is None or name == field.name or name in printing:
                    raise _fail(path, f"fields[{index}].{key}", _(
                        "placeholder {{{name}}} names no other field whose default is plain text").format(name=name))
                if name_filter and name_filter not in FILTERS:
                    raise _fail(path, f"fields[{index}].{key}", _("unknown filter {name}").format(name=name_filter))


def _check_references(path: Path, form: FormSpec) -> None:
    known = {f.name for f in form.fields} | set(BUILT_INS) | {name for name, _parts in form.totals}
    if len({f.name for f in form.fields}) != len(form.fields):
        raise _fail(path, "fields", _("two fields have the same name"))
    _check_defaults(path, form)
    for index, field in enumerate(form.fields):
        if not field.choice_field:
            continue
        chosen = form.field(field.choice_field)
        if chosen is None or chosen.type not in ("choice", "bool") or chosen is field:
            raise _fail(path, f"fields[{index}].choice_defaults.field", _("{name} names no choice field").format(
                name=field.choice_field))
        for choice, _text in field.choice_defaults:  # a bool field's choices: true (ticked) and false
            if choice not in (chosen.choices if chosen.type == "choice" else ("true", "false")):
                raise _fail(path, f"fields[{index}].choice_defaults.values.{choice}", _(
                    "not one of the choices of {name}").format(name=chosen.name))
    for index, field in enumerate(form.fields):
        if not field.required_field:
            continue
        chosen = form.field(field.required_field)
        if chosen is None or chosen.type != "choice" or chosen is field:
            raise _fail(path, f"fields[{index}].required_for.field", _("{name} names no choice field").format(
                name=field.required_field))
        for choice in field.required_choices:
            if choice not in chosen.choices:
                raise _fail(path, f"fields[{index}].required_for.values", _(
                    "{choice} is not one of the choices of {name}").format(choice=choice, name=chosen.name))
    for index, field in enumerate(form.fields):
        latest = field.latest()
        if latest and latest in ((TODAY, 0), (NOW, 0)) and form.field(latest[0]) is None:
            continue  # not_after = "today" or "now": not in the future
        if latest and (form.field(latest[0]) is None or form.field(latest[0]).type != "date"):
            raise _fail(path, f"fields[{index}].not_after", _("{name} names no date field").format(name=latest[0]))
    for index, block in enumerate(form.blocks):
        for text in _texts(block):
            for name, name_filter, _argument in placeholders(text):
                if name not in known:
                    raise _fail(path, f"blocks[{index}]", _("placeholder {{{name}}} names no field").format(
                        name=name))
                if name_filter and name_filter not in FILTERS:
                    raise _fail(path, f"blocks[{index}]", _("unknown filter {name}").format(name=name_filter))
        if block.when and not set(condition_fields(block.when)) <= known:
            raise _fail(path, f"blocks[{index}].when", _("{name} names no field").format(name=block.when))
        if block.repeat and (form.field(block.repeat) is None or form.field(block.repeat).type != "multiline"):
            raise _fail(path, f"blocks[{index}].repeat", _("{name} names no multi-line field").format(
                name=block.repeat))
        for number, item in enumerate(block.items):
            if item.when and not set(condition_fields(item.when)) <= known:
                raise _fail(path, f"blocks[{index}].items[{number}].when", _("{name} names no field").format(
                    name=item.when))
        for number, repeated in enumerate(block.row_repeat):
            if repeated and (form.field(repeated) is None or form.field(repeated).type != "multiline"):
                raise _fail(path, f"blocks[{index}].rows[{number}].repeat", _("{name} names no multi-line field")
                            .format(name=repeated))
        for number, when in enumerate(block.row_when):
            if when and not set(condition_fields(when)) <= known:
                raise _fail(path, f"blocks[{index}].rows[{number}].when", _("{name} names no field").format(
                    name=when))
    for name, name_filter, _argument in placeholders(form.footer):
        if name not in known | {"page", "pages"}:
            raise _fail(path, "footer", _("placeholder {{{name}}} names no field").format(name=name))
        if name_filter and name_filter not in FILTERS:
            raise _fail(path, "footer", _("unknown filter {name}").format(name=name_filter))


def _event(path: Path, key: str, event) -> str:
    """A clock event a form records: a kind of vocabulary [clock_events], "extension:<clock>" for an extension,
    "end:<kind>" for the end of the running event of that kind (a release ends the preservation or seizure)."""
    from workstation import clocks

    kinds = labels("clock_events")
    kind, _colon, clock = event.partition(":") if isinstance(event, str) else ("", "", "")
    if kind == END_EVENT:  # "end:preservation": the release ends the running event (T13 met)
        if clock not in clocks.INTERVAL_KINDS:
            raise _fail(path, key, _("an end names the lasting event it ends: {names}").format(
                names=", ".join(f"{END_EVENT}:{name}" for name in clocks.INTERVAL_KINDS)))
        return event
    if kind not in kinds:
        raise _fail(path, key, _("one of {names}").format(names=", ".join(kinds)))
    extendable = [rule.id for rule in clocks.rules() if rule.extendable]
    if kind == clocks.EXTENSION and clock not in extendable:
        raise _fail(path, key, _("an extension names the time limit it extends: {names}").format(
            names=", ".join(f"extension:{name}" for name in extendable)))
    if kind != clocks.EXTENSION and clock:
        raise _fail(path, key, _("only an extension names a time limit"))
    return event


def event_name(kind: str, clock: str = "") -> str:
    """The clock event a form records as the officer reads it: 送达催告书, 延长期限（T2 作出处理决定（办案期限））."""
    from workstation import clocks
    from workstation.vocabulary import label

    if not clock:
        return label("clock_events", kind)
    if kind == END_EVENT:
        return _("end of {event}").format(event=label("clock_events", clock))
    rule = clocks.rule(clock)
    return f"{label('clock_events', kind)}（{rule.id} {rule.title}）"


def _records_event(path: Path, data: dict, fields: tuple[FieldSpec, ...]) -> dict:
    """``records_event`` and ``event_date`` checked and made spec values: a kind, or a table of a choice field and
    the event each of its choices records (choices not listed record none)."""
    found = {field.name: field for field in fields}
    raw = data.get("records_event")
    if raw is None:
        for key in ("event_date", "event_until"):
            if key in data:
                raise _fail(path, key, _("only with records_event"))
        return {}
    if isinstance(raw, dict):
        _check_keys(path, "records_event.", raw, {"field": str, "values": dict}, ("field", "values"))
        field = found.get(raw["field"])
        if field is None or field.type != "choice":
            raise _fail(path, "records_event.field", _("{name} names no choice field").format(name=raw["field"]))
        pairs = []
        for choice, event in raw["values"].items():
            if choice not in field.choices:
                raise _fail(path, f"records_event.values.{choice}", _("not a choice of {name}").format(
                    name=field.name))
            pairs.append((choice, _event(path, f"records_event.values.{choice}", event)))
        events = {"records_event": tuple(pairs), "event_field": field.name}
    else:
        events = {"records_event": (("", _event(path, "records_event", raw)),)}
    date = data.get("event_date", "")
    if date and (date not in found or found[date].type != "date"):
        raise _fail(path, "event_date", _("{name} names no date field").format(name=date))
    until = data.get("event_until", [])
    until = [until] if isinstance(until, str) else until
    if not isinstance(until, list) or not until and "event_until" in data:
        raise _fail(path, "event_until", _("a date field or a list of date fields"))
    for name in until:
        if not isinstance(name, str) or name not in found or found[name].type != "date":
            raise _fail(path, "event_until", _("{name} names no date field").format(name=name))
    return {**events, "event_date": date, "event_until": tuple(until)}


def _field_names(path: Path, data: dict, key: str, fields: tuple[FieldSpec, ...]) -> tuple[str, ...]:
    """A top-level list of field names (``required_any``, ``required_to_issue``, ``confirm``) checked: each names a field of the form,
    once; ``required_any`` names two or more."""
    names = data.get(key, [])
    known = {field.name for field in fields}
    for name in names:
        if not isinstance(name, str) or name not in known:
            raise _fail(path, key, _("{name} names no field").format(name=name))
    if len(set(names)) != len(names):
        raise _fail(path, key, _("a field is named twice"))
    if key == "required_any" and len(names) == 1:
        raise _fail(path, key, _("a single field: make it required instead"))
    return tuple(names)


def _sums(path: Path, data: dict, fields: tuple[FieldSpec, ...]) -> tuple[tuple[str, tuple[str, ...], str, str], ...]:
    """``sums`` checked: each a table of a money ``total``, the money fields (``parts``) that must add up to it,
    an optional ``when`` condition and the field said to be wrong when they do not (``wrong``: "parts", the
    default, or "total")."""
    money = {field.name for field in fields if field.type == "money"}
    known = {field.name for field in fields}
    sums = []
    for index, table in enumerate(data.get("sums", [])):
        where = f"sums[{index}]."
        if not isinstance(table, dict):
            raise _fail(path, f"sums[{index}]", _("a table of total, parts and when"))
        _check_keys(path, where, table, SUM_KEYS, ("total", "parts"))
        for key, names in (("total", [table["total"]]), ("parts", table["parts"])):
            for name in names:
                if name not in money:
                    raise _fail(path, where + key, _("{name} names no money field").format(name=name))
        if not table["parts"]:
            raise _fail(path, where + "parts", _("a list of money fields"))
        when = table.get("when", "")
        if when and not set(condition_fields(when)) <= known:
            raise _fail(path, where + "when", _("{name} names no field").format(name=when))
        wrong = table.get("wrong", "parts")
        if wrong not in ("parts", "total"):
            raise _fail(path, where + "wrong", _("parts or total"))
        sums.append((table["total"], tuple(table["parts"]), when, wrong))
    return tuple(sums)


def _totals(path: Path, data: dict, fields: tuple[FieldSpec, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``totals`` checked: each a table of the ``name`` the blocks print it by (neither a field's nor a built-in
    name) and the money fields (``parts``) it adds up."""
    money = {field.name for field in fields if field.type == "money"}
    taken = {field.name for field in fields} | set(BUILT_INS)
    totals = []
    for index, table in enumerate(data.get("totals", [])):
        where = f"totals[{index}]."
        if not isinstance(table, dict):
            raise _fail(path, f"totals[{index}]", _("a table of name and parts"))
        _check_keys(path, where, table, TOTAL_KEYS, ("name", "parts"))
        if not NAME.match(table["name"]) or table["name"] in taken | {name for name, _parts in totals}:
            raise _fail(path, where + "name", _("use lower-case letters, digits and _, and not the name of a field, "
                                                "another total or a built-in"))
        if not table["parts"]:
            raise _fail(path, where + "parts", _("a list of money fields"))
        for name in table["parts"]:
            if name not in money:
                raise _fail(path, where + "parts", _("{name} names no money field").format(name=name))
        totals.append((table["name"], tuple(table["parts"])))
    return tuple(totals)


def load_form(path: Path) -> FormSpec:
    """The spec of one form file; FormError naming the file and key when anything is wrong. The file is read
    each time, but a text read before gives the spec made of it then: every draft and preview loads all the
    forms, and parsing and checking them took 40 ms each time."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(_("Form {file} cannot be read: {reason}").format(file=path.name, reason=exc)) from None
    return _parsed_form(str(path), text)


#: room for every form file, current and earlier versions (62 + 197 in session 46), several times over: a scan of all
#: of them (the case file, the version checks) with fewer places than files evicts each before it is read again, and
#: every draft parsed all the forms anew (40 ms), as a form object a caller kept was no longer the one loaded
FORM_CACHE = 1024


@functools.lru_cache(maxsize=FORM_CACHE)
def _parsed_form(file: str, text: str) -> FormSpec:
    """The spec of a form file holding ``text`` (specs are frozen, so one may be shared; a refusal is not kept
    and is raised again, in the language of the moment)."""
    path = Path(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormError(_("Form {file} cannot be read: {reason}").format(file=path.name, reason=exc)) from None
    _check_keys(path, "", data, FORM_KEYS, REQUIRED_FORM_KEYS)
    if data["id"] != path.stem:
        raise _fail(path, "id", _("must equal the file name {name}").format(name=path.stem))
    if data["kind"] not in FORM_KINDS:
        raise _fail(path, "kind", _("one of {names}").format(names=", ".join(FORM_KINDS)))
    if data.get("one_per_case") and data.get("one_per_party"):
        raise _fail(path, "one_per_party", _("a form the case keeps one of is not also kept once per party: drop "
                                             "one_per_party"))
    if data.get("small_type") and data.get("fit_page"):
        raise _fail(path, "small_type", _("a form set small always is not also fitted to its page: drop fit_page"))
    fields = tuple(_field(path, i, t) for i, t in enumerate(data.get("fields", [])))
    blocks = tuple(_block(path, i, t) for i, t in enumerate(data["blocks"]))
    events = _records_event(path, data, fields)
    form = FormSpec(**{k: v for k, v in data.items() if k not in ("fields", "blocks", "records_event",
                                                                 "event_date", "event_until", "sums", "totals",
                                                                 "required_any", "required_to_issue",
                                                                 "confirm")},
                    fields=fields, blocks=blocks, path=str(path), sums=_sums(path, data, fields),
                    totals=_totals(path, data, fields),
                    required_any=_field_names(path, data, "required_any", fields),
                    required_to_issue=_field_names(path, data, "required_to_issue", fields),
                    confirm=_field_names(path, data, "confirm", fields), **events)
    _check_references(path, form)
    _check_date_field(path, form)
    return form


def _check_date_field(path: Path, form: FormSpec) -> None:
    """``date_field`` names a date or datetime field of the form, or a text field checked as a time (``check =
    "time"``: 2026年3月10日9时30分)."""
    if not form.date_field:
        return
    field = form.field(form.date_field)
    if field is None or not (field.type in ("date", "datetime") or field.type == "text" and field.check == "time"):
        raise _fail(path, "date_field", _("{name} names no date, datetime or time field").format(
            name=form.date_field))


#: ``load_forms``' last answer per folder, with the state of its files then (``_files_state``)
_FOLDERS: dict[str, tuple[tuple, dict[str, FormSpec]]] = {}
#: held while a folder's forms are read and parsed: the window's thread opening a case while the forms are parsed
#: ahead of it in the background (``workstation.warmup``) waits for that parse and takes its specs, rather than
#: parsing the sixty-odd files a second time beside it
_READING = threading.RLock()

#: a file changed this recently is read again at every call: a second change within the file system's timestamp
#: granularity (a few milliseconds) might leave its time and size as they were
_SETTLED_NS = 2_000_000_000


def _files_state(folder: Path) -> tuple | None:
    """The name, size, time and inode of every form file of ``folder``; None when one changed too recently to
    tell a later change by them (``_SETTLED_NS``), or the folder cannot be listed."""
    import os
    import time

    try:
        with os.scandir(folder) as listing:
            files = sorted((entry.name, entry.stat()) for entry in listing if entry.name.endswith(".toml"))
    except OSError:
        return None
    settled = time.time_ns() - _SETTLED_NS
    if any(stat.st_mtime_ns > settled or stat.st_ctime_ns > settled for _name, stat in files):
        return None
    return tuple((name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino) for name, stat in files)


def load_forms(folder: Path = FORMS) -> tuple[dict[str, FormSpec], dict[str, str]]:
    """All forms of ``folder`` by id, and the broken ones as {file name: reason}. Read again only when a file of
    the folder was changed, added or removed since the last call: one document asked for all the forms up to a
    dozen times (its served-on dates, its context), reading and decoding the sixty-odd files each time. Broken
    forms are not kept (their reasons are worded in the language of the moment). Within ``forms_read_once`` the
    folder is looked at once (its sixty-odd files stat-ed): a case context asks for the forms a dozen times."""
    if not read_once.active(_READ_ONCE):
        return _load_forms(folder)
    forms, broken = read_once.held(_READ_ONCE, None, str(folder), lambda: _load_forms(folder))
    return dict(forms), dict(broken)


#: the answers of ``load_forms`` within ``forms_read_once`` in this thread, by folder (``read_once.held``)
_READ_ONCE = read_once.kept("forms_read_once")


def forms_read_once() -> AbstractContextManager[None]:
    """Within it, ``load_forms`` looks at each folder once and gives the forms it found then (a file changed in the
    meantime is read at the next call after it ends); nested, the outermost one holds. Per thread
    (``read_once.scope``). Also a decorator."""
    return read_once.scope(_READ_ONCE)


def _load_forms(folder: Path) -> tuple[dict[str, FormSpec], dict[str, str]]:
    state = _files_state(folder)
    kept = _FOLDERS.get(str(folder))
    if state is not None and kept is not None and kept[0] == state:
        return dict(kept[1]), {}
    with _READING:
        kept = _FOLDERS.get(str(folder))  # read meanwhile by the thread this one waited for
        if state is not None and kept is not None and kept[0] == state:
            return dict(kept[1]), {}
        forms, broken = {}, {}
        for path in sorted(folder.glob("*.toml")):
            try:
                forms[path.stem] = load_form(path)
            except FormError as exc:
                broken[path.name] = exc.message
        if state is not None and not broken:
            _FOLDERS[str(folder)] = (state, dict(forms))
        else:
            _FOLDERS.pop(str(folder), None)
        return forms, broken


#: where the earlier versions of each form are kept (``earlier_form``): ``earlier/v<N>/<form id>.toml``, the form's file
#: as it last stood at version N. A form's version is raised when what it prints changes; the file it replaces is
#: copied there first (tests/test_earlier_forms.py holds every version below each form's own)
EARLIER = "earlier"


def earlier_form(form_id: str, version: int, folder: Path = FORMS) -> FormSpec | None:
    """The spec of ``form_id`` as it stood at ``version`` (``EARLIER``), for a document issued on it — composed again
    for its DOCX or publication copy as it was issued —; None when none is kept (or it is broken: the copy is then
    refused as before)."""
    path = folder / EARLIER / f"v{int(version)}" / f"{form_id}.toml"
    if not NAME.match(form_id) or not path.is_file():
        return None
    try:
        form = load_form(path)
    except FormError:
        return None
    return form if form.version == version else None
