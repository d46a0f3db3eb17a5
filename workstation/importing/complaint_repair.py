"""Repair of complaints stored by versions before 2026-11-30, which glued a complainant's extension onto the number
(0757-83331234转801 stored as 075783331234801; 0757-83331234-801 the same): where the raw row kept the cell as
written, the number is worked out again as the importer reads it now, and the content key with it (so that the
same complaint imported again is found); the complaint is screened again by the next screening run (its own
number is no longer one it names). A number whose cell no longer tells (the export wrote the digits glued
already) is left as it is.

And of those stored by versions before 2026-12-06 (``repair_numbers_apart``): a complainant's cell of numbers one
space apart (0757-83331234 13911110003) kept its first number alone, the others read as suspect numbers where the text
wrote them (``repair_spaced_numbers``); and two complaints of one complainant, alike in their words but each about
numbers or businesses the other does not name, were linked as one received through two channels, which merged their
leads (``unlink_named_apart``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from workstation.db import Database
from workstation.importing.complaints import (
    complainant_digits,
    glued_complainant_digits,
    masked_numbers,
    named_apart,
    named_in,
)
from workstation.importing.masked_repair import MAY_BE_MASKED, raw_cells, raw_columns
from workstation.screening.screen import DOUBLES_SETTING
from workstation.store.complaints import NAMED, stored_content_key

BATCH = 2000
# rows that may hold such a number: longer than any number, or a cell writing an extension (a prefilter: the raw
# row holds the complaint's text too, which often writes 转)
CANDIDATES = ("SELECT id, source, received_at, complainant_phone, text, raw, external_id, content_key FROM complaints "
              "WHERE complainant_phone != '' AND (length(complainant_phone) > 12 OR raw LIKE '%转%' "
              "OR raw LIKE '%分机%' OR raw LIKE '%ext%')")


def unglued_number(stored: str, raw: str | None, area_code: str) -> str | None:
    """The complainant's number as the importer reads it now, when ``stored`` is what older versions made of a
    cell of the raw row writing an extension (or a second number) after it; None when no cell tells."""
    try:
        cells = json.loads(raw or "{}").values()
    except ValueError:
        return None
    for cell in cells:
        if not isinstance(cell, str) or not cell or not any(ch.isdigit() for ch in cell):
            continue
        if glued_complainant_digits(cell, area_code) == stored:
            number = complainant_digits(cell, area_code)
            if number != stored:
                return number
    return None


def renumbered(db: Database, candidates: str, number_of: Callable[[str, str | None], str | None]) -> list[tuple]:
    """Give each complaint ``candidates`` selects (id, source, received_at, complainant_phone, text, raw, external_id,
    content_key) the number ``number_of(stored number, raw row)`` works out again (None: left as it is), the content
    key that goes with it (where one was stored) and a screening run again; [(number, key, id)] of those changed. The
    candidates are read in batches; only the changed rows are written."""
    return _renumbered(db, candidates, lambda row: number_of(row[3], row[5]))


def _renumbered(db: Database, candidates: str, number_of: Callable[[tuple], str | None],
                screened_again: Callable[[tuple], bool] = lambda _row: True) -> list[tuple]:
    """``renumbered``, ``number_of`` given the candidate's row; one ``screened_again`` tells not (a complaint of a lead
    whose screening was acted on) is given its number and content key alone, its screening kept."""
    again: list[tuple] = []
    kept: list[tuple] = []
    cursor = db.execute(candidates)
    while batch := cursor.fetchmany(BATCH):
        for row in batch:
            cid, source, received_at, _phone, text, raw, external_id, key = row[:8]
            number = number_of(row)
            if number is None:
                continue
            if key is not None:
                key = stored_content_key(source, received_at, number, text, raw, external_id)
            (again if screened_again(row) else kept).append((number, key, cid))
    for rows, stamp in ((again, ", screened_at = NULL"), (kept, "")):
        for start in range(0, len(rows), BATCH):
            db.conn.executemany(f"UPDATE complaints SET complainant_phone = ?, content_key = ?{stamp} WHERE id = ?",
                                rows[start:start + BATCH])
    return again + kept


def repair_glued_extensions(db: Database, area_code: str) -> int:
    """Give every stored complaint whose number has an extension glued on (``unglued_number``) its number and the
    content key that goes with it, and leave it to the next screening run (``renumbered``); returns how many were
    repaired."""
    repaired = renumbered(db, CANDIDATES, lambda phone, raw: unglued_number(phone, raw, area_code))
    if repaired:  # two copies may say the same now: the next screening run links them (``link_doubles``)
        db.execute("DELETE FROM settings WHERE key = ?", [DOUBLES_SETTING])
    return len(repaired)


# the complaints whose stored number may be the first alone of a complainant's cell of numbers one space apart: its
# last four digits followed in the raw row by whitespace (a space, a tab as JSON writes it, an ideographic or a
# no-break space), or a number of several stored (a cell of several separated by /, one of them spaced apart; few).
# The receipt time's 2026-11-20 09:00:00 in every raw row does not pass: the time's digits are not the number's.
# The last four digits are looked for as ASCII and, where the raw row writes the last of them in full width (rare:
# looked for first), as full-width digits (the raw row keeps a cell as written; U+FF10 is "0" + 65248).
_SPACES = (" ", "\\t", "\u3000", "\u00a0")
_WIDE = "char({})".format(", ".join(f"unicode(substr(complainant_phone, {i}, 1)) + 65248" for i in (-4, -3, -2, -1)))
_SPACE_AFTER = " OR ".join(f"instr(raw, substr(complainant_phone, -4) || '{space}') > 0" for space in _SPACES)
_SPACE_AFTER_WIDE = ("instr(raw, char(unicode(substr(complainant_phone, -1)) + 65248)) > 0 AND ("
                     + " OR ".join(f"instr(raw, {_WIDE} || '{space}') > 0" for space in _SPACES) + ")")
SPACED_CANDIDATES = ("SELECT id, source, received_at, complainant_phone, text, raw, external_id, content_key, lead_id "
                     f"FROM complaints WHERE complainant_phone != '' AND (instr(complainant_phone, ' ') > 0 "
                     f"OR {_SPACE_AFTER} OR ({_SPACE_AFTER_WIDE}))")
_NUMBERS_ONLY = re.compile(r"[\d\s+\-()（）＋－]+")


def spaced_number(stored: str, cells: Iterable, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> str | None:
    """The complainant's number(s) as the importer reads them now, when ``stored`` is what versions before 2026-12-06
    made of one of the complainant's ``cells`` (those of the raw row in the complainant's columns) writing numbers one
    space apart (the first alone); None when no cell tells."""
    for cell in cells:
        if not isinstance(cell, str) or not _NUMBERS_ONLY.fullmatch(cell) or not any(ch.isspace() for ch in cell.strip()):
            continue
        if complainant_digits(cell, area_code, lost_zero_codes, one_space=False) == stored:
            number = complainant_digits(cell, area_code, lost_zero_codes)
            if number != stored:
                return number
    return None


def repair_spaced_numbers(db: Database, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> int:
    """Give every stored complaint whose complainant's cell (in the column the header synonyms, or its channel's
    remembered mapping, read as the complainant's number: ``masked_repair``'s) writes numbers one space apart, of
    which only the first was stored (``spaced_number``), all of them and the content key that goes with them, and
    leave it to the next screening run, which reads none of them as a suspect number any more; a complaint in a lead
    screening no longer regroups (decided, assigned, extended, registered by hand: its screening is what was acted
    on) or a station's at headquarters is given its numbers and content key alone, its screening kept (as
    ``keep_masked_digits``). Returns how many were repaired."""
    open_leads = _open_leads(db)
    columns: dict = {}  # (channel, raw row's headers) -> its columns

    def number_of(row: tuple) -> str | None:
        cells = raw_cells(row[5])
        if not cells:
            return None
        callers = raw_columns(db, row[1], cells, columns).caller
        return spaced_number(row[3], (cells[header] for header in callers), area_code, lost_zero_codes)

    repaired = _renumbered(db, SPACED_CANDIDATES, number_of, _screened_again(open_leads))
    if repaired:  # two copies may say the same now: the next screening run links them (``link_doubles``)
        db.execute("DELETE FROM settings WHERE key = ?", [DOUBLES_SETTING])
    return len(repaired)


# complaints stored without the complainant's number whose raw row may hold a masked number
MASKED_CANDIDATES = ("SELECT id, source, received_at, complainant_phone, text, raw, external_id, content_key, lead_id "
                     f"FROM complaints WHERE complainant_phone = '' AND {MAY_BE_MASKED}")


def repair_masked_beside_whole(db: Database, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> int:
    """Give every stored complaint whose complainant's cell holds a masked number and a whole one one space apart
    (138****0002 13911110001: versions before 2026-12-07 read the cell as one masked number, stored no number and
    kept no masked digits) the whole number(s), the masked digits and the content key that goes with them, and leave
    it to the next screening run as ``repair_spaced_numbers`` does (a complaint of a lead screening no longer
    regroups, or a station's at headquarters, keeps its screening). Returns how many were repaired."""
    open_leads = _open_leads(db)
    columns: dict = {}
    masked: list[tuple[str, str]] = []

    def number_of(row: tuple) -> str | None:
        cells = raw_cells(row[5])
        for header in raw_columns(db, row[1], cells, columns).caller if cells else ():
            cell = cells[header]
            if isinstance(cell, str) and (number := complainant_digits(cell, area_code, lost_zero_codes)):
                if hidden := masked_numbers(cell, area_code, lost_zero_codes):
                    masked.append((hidden, row[0]))
                return number
        return None

    repaired = _renumbered(db, MASKED_CANDIDATES, number_of, _screened_again(open_leads))
    db.conn.executemany("UPDATE complaints SET complainant_masked = ? WHERE id = ?", masked)
    if repaired:
        db.execute("DELETE FROM settings WHERE key = ?", [DOUBLES_SETTING])
    return len(repaired)


def _screened_again(open_leads: set[str]) -> Callable[[tuple], bool]:
    """``_renumbered``'s ``screened_again`` of a repair: a complaint of no lead, or of one of ``open_leads``
    (``_open_leads``), is left to the next screening run; another keeps its screening."""
    return lambda row: row[8] is None or row[8] in open_leads


def _open_leads(db: Database) -> set[str]:
    """The leads screening still regroups, not a station's at headquarters (``keep_masked_digits``'s): a complaint of
    another lead keeps the screening acted on."""
    from workstation.screening.hand_leads import SCREENING_OPEN, stations_leads

    stations, params = stations_leads(db)
    return {lead for (lead,) in db.execute(f"SELECT id FROM leads WHERE {SCREENING_OPEN} AND NOT {stations}", params)}


# the complaints linked to another (``same_as``: the first of its kind), of the groups that may hold two named apart:
# not those whose members (the first too) all hold the same screened numbers and businesses, not none — each names
# what the others name, so no two are named apart (``named_in``)
_LINKED_GROUPS = ("SELECT c.same_as FROM complaints AS c JOIN complaints AS f ON f.id = c.same_as "
                  "GROUP BY c.same_as HAVING NOT (min({named}) = max({named}) AND min({named}) = {first} "
                  "AND {first} != char(31)) ORDER BY c.same_as").format(
    named="COALESCE(c.phones, '') || char(31) || COALESCE(c.businesses, '')",
    first="(COALESCE(f.phones, '') || char(31) || COALESCE(f.businesses, ''))")


def unlink_named_apart(db: Database) -> int:
    """Undo the links of complaints linked as one received through two channels that are two (``named_apart``: each
    names numbers or businesses complained about, and they share none; a complaint stored twice, the same content key,
    stays one): a copy stays linked to the complaint it is linked to unless the two are named apart; the copies named
    apart from it are linked, in the order received, to the earliest of them they are not named apart from, or to
    none (the first of its kind). Each complaint whose link changes is screened again by the next screening run, so
    that the leads merged on the link are told apart. A copy in a lead screening no longer regroups, or a station's at
    headquarters, keeps its link (the screening acted on, as ``keep_masked_digits``). Returns how many links
    changed."""
    from workstation.screening.complaint import rules_for

    rules = None
    open_leads = None
    columns = ", ".join(NAMED)
    changed: list[tuple[str | None, str]] = []
    for (first,) in db.execute(_LINKED_GROUPS).fetchall():
        group = db.execute(f"SELECT id, received_at, rowid, same_as, lead_id, content_key, text, {columns} "
                           "FROM complaints WHERE id = ?1 OR same_as = ?1", [first]).fetchall()
        if len(group) < 2:
            continue
        rules = rules or rules_for(db)
        open_leads = _open_leads(db) if open_leads is None else open_leads
        about = {row[0]: (row[5], named_in(row[6], *(value or "" for value in row[7:]), rules=rules))
                 for row in group}
        heads = [first]
        for cid, _at, _rowid, same_as, lead_id, *_rest in sorted((row for row in group if row[0] != first),
                                                                 key=lambda row: (row[1] or "", row[2])):
            if lead_id is not None and lead_id not in open_leads:
                continue  # kept as it is, linked to the first
            head = next((h for h in heads if not _two(about[h], about[cid])), None)
            if head is None:
                heads.append(cid)
            if same_as != head:
                changed.append((head, cid))
    db.conn.executemany("UPDATE complaints SET same_as = ?, screened_at = NULL WHERE id = ?", changed)
    return len(changed)


def _two(a: tuple, b: tuple) -> bool:
    """Whether two linked complaints, each (content key, ``named_in``), are two: named apart, unless stored twice."""
    return (a[0] is None or a[0] != b[0]) and named_apart(a[1], b[1])


def repair_numbers_apart(db: Database, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> tuple[int, int]:
    """The repairs of complaints stored by versions before 2026-12-06 (the module's): (numbers given, links undone).
    Nothing is audited, as m021's and m059's repairs: the complaints changed are screened again by the next screening
    run, which stamps them for the next bundle; headquarters runs the same repair."""
    return repair_spaced_numbers(db, area_code, lost_zero_codes), unlink_named_apart(db)
