"""Repair of complaints stored by versions before 2026-12-05, which read a caller's number an export shows masked
(138****1234, 138●●●●1234, 0757-8****567) as the digits left visible (1381234, 07578567): a number no caller has,
which two callers masked alike share. Where the raw row kept the masked cell as written, the number is worked out
again as the importer reads it now (none; of a cell of several numbers, the whole ones), and the content key with
it (so that the same complaint imported again is found); the complaint is screened again by the next screening
run. The copies linked as the same complaint received through two channels (``same_as``) on those digits are
linked no more, unless something else still tells they are one: the same content key (``link_doubles``), or a
whole number they share, received within the same-complaint rule's days and with texts as alike (the importer's
``_link_same_complaints``). A complaint whose link changes is screened again, so that its lead counts it anew and
the next bundle carries the change."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import NamedTuple

from workstation.db import Database
from workstation.importing.complaints import (
    _bigrams,
    _fields_of,
    complainant_digits,
    complaint_spec,
    masked_numbers,
    profile_choices,
)
from workstation.importing.tables import normalize_header
from workstation.screening.phones import shows_as, written_phones
from workstation.screening.screen import DOUBLES_SETTING

BATCH = 2000
# what stands for a hidden digit in a masked number, as the importer reads it (``importing.complaints._MASKED``;
# LIKE matches xx in either case): a prefilter of the rows whose raw row may hold a masked cell
MASK_MARKS = ("*", "＊", "×", "✱", "●", "•", "xx")
MAY_BE_MASKED = "(" + " OR ".join("raw LIKE '%" + mark + "%'" for mark in MASK_MARKS) + ")"
CANDIDATES = ("SELECT id, source, received_at, complainant_phone, text, raw, external_id, content_key FROM complaints "
              f"WHERE complainant_phone != '' AND {MAY_BE_MASKED}")
# linked complaints (a copy, or the first of its kind) already stored without a number whose raw row may hold a
# masked cell: m021 clears the digits of a masked number with an extension (138****1234转801) but leaves its links
LINKED_WITHOUT_NUMBER = ("SELECT id, raw FROM complaints WHERE complainant_phone = '' AND (same_as IS NOT NULL OR "
                         "id IN (SELECT same_as FROM complaints WHERE same_as IS NOT NULL)) AND " + MAY_BE_MASKED)
# a whole number (``store.complaints.WHOLE_NUMBER``): only such a number tells the same complainant
_WHOLE = re.compile(r"[0148][0-9]{9}")


def unmasked_number(stored: str, raw: str | None, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> str | None:
    """The complainant's number as the importer reads it now, when ``stored`` is what older versions made of a
    masked cell of the raw row (its visible digits; of a cell of several numbers, all of them read so, or the first
    alone as versions keeping one number stored it); None when no cell tells."""
    for cell in _cells(raw):
        hidden = complainant_digits(cell, area_code, lost_zero_codes, hidden=True)
        if stored not in (hidden, hidden.split(" ", 1)[0]):
            continue
        number = complainant_digits(cell, area_code, lost_zero_codes)
        if number != hidden:  # the cell is masked: read so, it gives other digits
            return number
    return None


def _cells(raw: str | None) -> list[str]:
    """The cells of a raw row that may write a number."""
    return [c for c in raw_cells(raw).values() if isinstance(c, str) and c and any(ch.isdigit() for ch in c)]


def _masked(raw: str | None, area_code: str, lost_zero_codes: tuple[str, ...]) -> bool:
    """Whether a cell of the raw row is a masked number that older versions read as digits."""
    return any(complainant_digits(cell, area_code, lost_zero_codes, hidden=True)
               != complainant_digits(cell, area_code, lost_zero_codes) for cell in _cells(raw))


def repair_masked_numbers(db: Database, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> int:
    """Give every stored complaint whose number is the visible digits of a masked cell (``unmasked_number``) the
    number the importer reads now and the content key that goes with it, undo the links that rested on those digits
    alone (``relink_copies``), and leave both to the next screening run; returns how many numbers were repaired.
    The candidates are read in batches; only the changed rows are written (``complaint_repair.renumbered``)."""
    from workstation.importing.complaint_repair import renumbered

    repaired = renumbered(db, CANDIDATES, lambda phone, raw: unmasked_number(phone, raw, area_code, lost_zero_codes))
    touched = {cid for _number, _key, cid in repaired}
    touched.update(cid for cid, raw in db.execute(LINKED_WITHOUT_NUMBER).fetchall()
                   if _masked(raw, area_code, lost_zero_codes))
    relink_copies(db, touched)
    if repaired:  # two copies may say the same now: the next screening run links them (``link_doubles``)
        db.execute("DELETE FROM settings WHERE key = ?", [DOUBLES_SETTING])
    return len(repaired)


def relink_copies(db: Database, complaint_ids: set[str]) -> int:
    """Link the copies of each complaint that ``complaint_ids`` are copies or firsts of as what they hold now tells:
    two are one complaint when their content keys are the same, or when they came through different channels,
    share a whole number (the first of several), were received within the same-complaint rule's days and their
    texts are as alike as it asks; so are the copies of a copy. The copies still one with the first stay linked to
    it; others one among themselves are linked to the earliest of them, and a complaint one with none is linked
    no more. Each complaint whose link changes is screened again; returns how many changed."""
    rule = complaint_spec()["same_complaint"]
    firsts: set[str] = set()
    ids = sorted(complaint_ids)
    for start in range(0, len(ids), BATCH):
        firsts.update(first for (first,) in db.execute(
            "SELECT COALESCE(same_as, id) FROM complaints WHERE id IN (SELECT value FROM json_each(?)) AND "
            "(same_as IS NOT NULL OR EXISTS (SELECT 1 FROM complaints AS c WHERE c.same_as = complaints.id))",
            [json.dumps(ids[start:start + BATCH])]))
    changed: list[tuple[str | None, str]] = []
    for first in sorted(firsts):
        group = db.execute("SELECT id, rowid, source, received_at, complainant_phone, text, content_key, same_as "
                           "FROM complaints WHERE id = ?1 OR same_as = ?1 ORDER BY rowid", [first]).fetchall()
        for member, first_now in _linked(group, first, rule).items():
            before = next(row[7] for row in group if row[0] == member)
            if before != first_now:
                changed.append((first_now, member))
    db.conn.executemany("UPDATE complaints SET same_as = ?, screened_at = NULL WHERE id = ?", changed)
    return len(changed)


def _linked(group: list[tuple], first: str, rule: dict) -> dict[str, str | None]:
    """{id: the complaint it is linked to (None: none)} for the complaints of ``group`` (rows of id, rowid, source,
    received_at, number, text, content key, same_as; ``first`` the one the others were linked to, whose own link
    is left as it is)."""
    parent = {row[0]: row[0] for row in group}

    def root(cid: str) -> str:
        while parent[cid] != cid:
            parent[cid] = parent[parent[cid]]
            cid = parent[cid]
        return cid

    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if _one_complaint(a, b, rule):
                parent[root(a[0])] = root(b[0])
    components: dict[str, list[tuple]] = {}
    for row in group:
        components.setdefault(root(row[0]), []).append(row)
    linked: dict[str, str | None] = {}
    for rows in components.values():
        ids = {row[0] for row in rows}
        head = first if first in ids else min(rows, key=lambda r: (r[3] or "", r[1]))[0]
        for row in rows:
            linked[row[0]] = row[7] if row[0] == first else None if row[0] == head else head
    return linked


def _one_complaint(a: tuple, b: tuple, rule: dict) -> bool:
    """Whether two stored complaints are one as a screening run (the same content key) or an import (a whole
    number from two channels within the rule's days, texts alike) would link them now."""
    if a[6] is not None and a[6] == b[6]:
        return True
    if a[2] == b[2] or not a[3] or not b[3]:
        return False
    number = a[4].split(" ", 1)[0]
    if not _WHOLE.match(number) or number != b[4].split(" ", 1)[0]:
        return False
    try:
        apart = abs(dt.datetime.fromisoformat(a[3]) - dt.datetime.fromisoformat(b[3]))
    except ValueError:
        return False
    if apart > dt.timedelta(days=rule["days"]):
        return False
    a_grams, b_grams = _bigrams(a[5] or ""), _bigrams(b[5] or "")
    return len(a_grams & b_grams) >= rule["similarity"] * len(a_grams | b_grams)


# the complaints whose raw row may hold a masked cell, in rowid order (``keep_masked_digits``)
MASKED_ROWS = (f"SELECT rowid, id, source, raw, phones, lead_id, screened_at FROM complaints WHERE rowid > ? AND "
               f"{MAY_BE_MASKED} ORDER BY rowid LIMIT ?")


def keep_masked_digits(db: Database, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> int:
    """Give every stored complaint whose complainant's cell, kept as written in its raw row, shows a number masked
    (138****8000) the digits it shows, as the importer keeps them now (``complainant_masked``: ``masked_numbers``);
    the complainant's cell is the column the header synonyms read as the complainant's number, or the one its channel's
    remembered mapping chose. A suspect number of such a complaint that shows those digits is the complainant's own
    (screening read it as a suspect number before): it is taken out of the complaint's numbers, which are stamped as
    screened now (the next bundle carries them; the next screening run groups it without that number), unless
    the party complained about's column (被反映对象, found as the complainant's is) writes it — the party's number
    whatever the mask, as screening reads it (``screen_complaint``) —, or the complaint is in a lead screening no longer
    regroups (decided, assigned, extended, registered by hand: its screening is what was acted on) or another
    station's, or is left to the next screening run already. Each batch read is written before the next is read.
    Returns how many complaints were given digits."""
    from workstation.records import now
    from workstation.screening.hand_leads import SCREENING_OPEN, stations_leads

    stamp = now()
    stations, params = stations_leads(db)
    open_leads = {lead for (lead,) in db.execute(f"SELECT id FROM leads WHERE {SCREENING_OPEN} AND NOT {stations}",
                                                 params)}
    columns: dict[tuple[str, tuple[str, ...]], _Columns] = {}  # (channel, raw row's headers) -> its columns
    rules: list = []  # the rules in force, read when a target column is first looked at
    given = 0
    last = 0
    while rows := db.execute(MASKED_ROWS, [last, BATCH]).fetchall():
        last = rows[-1][0]
        kept: list[tuple[str, str]] = []
        screened: list[tuple[str, str, str]] = []
        for _rowid, cid, source, raw, phones, lead_id, screened_at in rows:
            cells = raw_cells(raw)
            if not cells:
                continue
            named = raw_columns(db, source, cells, columns)
            masked = _masked_cell(cells, named.caller, area_code, lost_zero_codes)
            if not masked:
                continue
            kept.append((masked, cid))
            # one left to the next screening run (m059's) is screened there in full
            if phones and screened_at is not None and (lead_id is None or lead_id in open_leads):
                own = masked.split()
                shown = [n for n in phones.split() if any(shows_as(n, m) for m in own)]
                if shown:
                    party = _target_numbers(db, cells, named.target, rules)
                    numbers = [n for n in phones.split() if n not in shown or n in party]
                    if len(numbers) != len(phones.split()):
                        screened.append((" ".join(numbers), stamp, cid))
        db.conn.executemany("UPDATE complaints SET complainant_masked = ? WHERE id = ?", kept)
        db.conn.executemany("UPDATE complaints SET phones = ?, screened_at = ? WHERE id = ?", screened)
        given += len(kept)
    return given


class _Columns(NamedTuple):
    """The headers of a raw row that hold the complainant's number (``caller``) and the party complained about
    (``target``)."""

    caller: list[str]
    target: list[str]


def raw_cells(raw: str | None) -> dict:
    """A raw row's cells by header, {} when it is none."""
    try:
        cells = json.loads(raw or "{}")
    except ValueError:
        return {}
    return cells if isinstance(cells, dict) else {}


def raw_columns(db: Database, source: str, cells: dict, columns: dict) -> _Columns:
    """The complainant's and the party complained about's columns of a raw row of the channel ``source``: those the
    header synonyms read so, or the one the channel's remembered mapping chose; ``columns`` caches them by channel and
    headers."""
    headers = tuple(cells)
    named = columns.get((source, headers))
    if named is None:
        remembered = profile_choices(db, source)[0]
        fields = _fields_of(list(headers))

        def holding(field: str) -> list[str]:
            chosen = normalize_header(remembered[field]) if remembered.get(field) else None
            return [header for header, field_name in zip(headers, fields, strict=True)
                    if field_name == field or chosen is not None and normalize_header(header) == chosen]

        named = columns[(source, headers)] = _Columns(holding("complainant_phone"), holding("target_name"))
    return named


def _masked_cell(cells: dict, headers: list[str], area_code: str, lost_zero_codes: tuple[str, ...]) -> str:
    """The digits the complainant's cell (of ``headers``) of a raw row's ``cells`` shows masked (``masked_numbers``),
    '' for none."""
    for header in headers:
        cell = cells[header]
        if isinstance(cell, str) and (masked := masked_numbers(cell, area_code, lost_zero_codes)):
            return masked
    return ""


def _target_numbers(db: Database, cells: dict, headers: list[str], rules: list) -> set[str]:
    """The numbers the party complained about's cells (of ``headers``) of a raw row's ``cells`` write, normalised;
    ``rules`` holds the rules in force once read."""
    written = [cell for header in headers if isinstance(cell := cells[header], str) and cell]
    if not written:
        return set()
    if not rules:
        from workstation.screening.complaint import rules_for

        rules.append(rules_for(db))
    return {number for cell in written for _start, _end, number in written_phones(cell, rules[0])}
