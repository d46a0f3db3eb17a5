"""What a bundle's records may hold, field by field, beyond their shape: every value one the database holds (text,
a whole number within 64 bits, a finite number, or none), amounts and counts whole numbers not below 0, dates
real days of the calendar, a case's status and sector and a lead's status keys this workstation knows, and so each
of a case's violation types and marked grounds of review. A bundle is
signed by its station, so only the station (a fault of its program, or its stolen key) can send other values; the
reader refuses them naming the record and the field, before anything is merged."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

from workstation.i18n import _

_SURROGATE = re.compile("[\ud800-\udfff]")
# a JSON escape or UTF-8 bytes (read with surrogatepass) of half a character: only then are texts searched for one
_MAY_HOLD_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT64 = 1 << 63
#: the vocabulary a field's value is one key of: {(table, field): vocabulary group}
KEYS = {("cases", "status"): "statuses", ("cases", "sector"): "sectors", ("leads", "status"): "lead_statuses"}
#: the fields a workstation writes as a JSON list of keys (a case's violations, circumstances of discretion, marked
#: grounds of legal review and facts changing the law): anything else there would stop the case from being read at all
KEY_LISTS = {("cases", "violations"), ("cases", "discretion_factors"), ("cases", "review_grounds"),
             ("cases", "law_conditions"),
             ("publication_reviews", "kept_whole"), ("publication_reviews", "masked")}  # (names there)
#: of KEY_LISTS, the fields each of whose keys must be one this workstation knows, as an unknown status is refused: a
#: violation type unknown was merged and printed raw in the official report ("bogus1件"). A case's circumstances of
#: discretion and facts changing the law are not among them: a bureau's own copy of its legal data
#: (``law.data.load``) may add circumstances and facts of its own, which the case law passes over where they are
#: not known
CHECKED_KEY_LISTS = {("cases", "violations"): "violations", ("cases", "review_grounds"): "review_grounds"}


def _amount_field(table: str, field_name: str) -> bool:
    return field_name.endswith("_fen") or (table == "cases" and field_name.startswith("records_"))


def _date_field(field_name: str) -> bool:
    return field_name.endswith("_on") or field_name == "on_date"


def value_problem(table: str, field_name: str, value) -> str | None:
    """What the value ``value`` of the field ``field_name`` of a record of ``table`` should have been, in the
    officer's words, when it is not one any workstation writes there; None when it is."""
    from workstation.validators import MAX_FEN

    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _("text (it holds half of a character)")
    elif isinstance(value, int):
        if not -_INT64 <= value < _INT64:
            return _("a number the database can hold")
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return _("a number the database can hold")
    elif value is not None:
        return _("a single value (text or a number)")
    kind = _field_kind(table, field_name)
    if kind == "fen":
        if not isinstance(value, int) or not 0 <= value < MAX_FEN:
            return _("a whole number not below 0")
    elif kind == "date":
        if value not in (None, "") and not (isinstance(value, str) and _real_date(value)):
            return _("a date of the calendar (YYYY-MM-DD)")
    elif kind == "key list":
        if not (isinstance(value, str) and _key_list(value)):
            return _("a list of keys written as JSON, such as [\"a\", \"b\"]")
        unknown = _unknown_key(table, field_name, value)
        if unknown is not None:
            return _("a list of the keys this workstation knows ({key} is not one of them)").format(key=unknown)
    elif kind != "plain" and value not in kind:
        return _("one of the values this workstation knows")
    return None


@functools.lru_cache(maxsize=4096)
def _real_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _key_list(value: str) -> bool:
    """Whether ``value`` is a JSON list of texts (``KEY_LISTS``)."""
    try:
        keys = json.loads(value)
    except ValueError:
        return False
    return type(keys) is list and all(type(key) is str for key in keys)


def _known_keys(group: str) -> frozenset[str]:
    """The keys a field of ``CHECKED_KEY_LISTS`` may hold: the violation types of the vocabulary, the grounds of
    review the case editor marks (``decision_review.ALL_MARKED_GROUNDS``)."""
    if group == "review_grounds":
        from workstation.decision_review import ALL_MARKED_GROUNDS

        return frozenset(ALL_MARKED_GROUNDS)
    from workstation.vocabulary import labels

    return frozenset(labels(group))


@functools.lru_cache(maxsize=4096)
def _unknown_key(table: str, field_name: str, value: str) -> str | None:
    """The first key of the JSON list of texts ``value`` (``_key_list``) that the field of ``CHECKED_KEY_LISTS``
    may not hold, None when each is known (or the field's keys are not checked)."""
    group = CHECKED_KEY_LISTS.get((table, field_name))
    if group is None:
        return None
    known = _known_keys(group)
    return next((key for key in json.loads(value) if key not in known), None)


def _field_kind(table: str, field_name: str):
    """How ``first_bad_value`` passes over the usual values of a field at once: "plain" (a single value), "fen" (a
    whole number not below 0), "date" (a day of the calendar or none), "key list" (``KEY_LISTS``), or the set of a
    vocabulary's keys."""
    if (table, field_name) in KEY_LISTS:
        return "key list"
    if _amount_field(table, field_name):
        return "fen"
    if _date_field(field_name):
        return "date"
    if (table, field_name) in KEYS:
        from workstation.vocabulary import labels

        return frozenset(labels(KEYS[table, field_name]))
    return "plain"


def _bad_link(value, width: int, table: str, field_name: str) -> bool:
    """Whether a link list (a case's parties, say) is not a list of items of ``width`` single values."""
    return type(value) is not list or not all(
        type(item) is list and len(item) == width and all(value_problem(table, field_name, v) is None for v in item)
        for item in value)


def may_hold_half(data: bytes) -> bool:
    """Whether the JSON ``data`` (a member of a bundle, or a step of one) may hold half a character: only then are
    the texts read from it searched for one (``first_bad_value``)."""
    return _MAY_HOLD_SURROGATE.search(data) is not None


def first_bad_value(rows: list[dict], table: str, links: dict[str, int], half: bool) -> tuple | None:
    """The first (record, field, value, what it should have been) of ``rows`` (of ``table``; ``half``: whether the
    member they were read from may hold half a character, ``may_hold_half``) holding what no workstation writes
    there — what it should have been None for a link list of the wrong shape (``links``: {field: the width of its
    items}) or a nested value —, or None. The usual values (text, whole numbers, none) are passed over in one
    comprehension per record: a bundle of 100,000 cases holds millions."""
    from workstation.validators import MAX_FEN

    fields: set[str] = set()
    special: dict[str, object] = {}  # {field: its kind} of the fields that are not plain
    for row in rows:
        if not fields.issuperset(row):
            for name in set(row) - fields:
                fields.add(name)
                kind = _field_kind(table, name)
                if kind != "plain":
                    special[name] = kind
        odd = [name for name, value in row.items() if not (
            value is None or type(value) is str or (type(value) is int and -_INT64 <= value < _INT64))]
        for name in odd:
            value = row[name]
            if name in links or type(value) is dict:
                if type(value) is dict or _bad_link(value, links[name], table, name):
                    return row, name, value, None
                continue
            expected = value_problem(table, name, value)
            if expected is not None:
                return row, name, value, expected
        for name, kind in special.items():
            if name not in row:
                continue
            value = row[name]
            if kind == "fen":
                if type(value) is int and 0 <= value < MAX_FEN:
                    continue
            elif kind == "date":
                if value is None or value == "" or (type(value) is str and _real_date(value)):
                    continue
            elif kind == "key list":
                if type(value) is str and _key_list(value) and _unknown_key(table, name, value) is None:
                    continue
            elif value in kind:
                continue
            expected = value_problem(table, name, value)
            if expected is not None:
                return row, name, value, expected
        if half:
            for name, value in row.items():
                if type(value) is str and _SURROGATE.search(value):
                    return row, name, value, value_problem(table, name, value)
    return None
