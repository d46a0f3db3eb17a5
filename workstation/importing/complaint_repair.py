"""Repair of complaints stored by versions before 2026-11-30, which glued a complainant's extension onto the number
(0757-83331234转801 stored as 075783331234801; 0757-83331234-801 the same): where the raw row kept the cell as
written, the number is worked out again as the importer reads it now, and the content key with it (so that the
same complaint imported again is found); the complaint is screened again by the next screening run (its own
number is no longer one it names). A number whose cell no longer tells (the export wrote the digits glued
already) is left as it is."""

from __future__ import annotations

import json
from collections.abc import Callable

from workstation.db import Database
from workstation.importing.complaints import complainant_digits, glued_complainant_digits
from workstation.screening.screen import DOUBLES_SETTING
from workstation.store.complaints import stored_content_key

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
    repaired: list[tuple] = []
    cursor = db.execute(candidates)
    while batch := cursor.fetchmany(BATCH):
        for cid, source, received_at, phone, text, raw, external_id, key in batch:
            number = number_of(phone, raw)
            if number is None:
                continue
            if key is not None:
                key = stored_content_key(source, received_at, number, text, raw, external_id)
            repaired.append((number, key, cid))
    for start in range(0, len(repaired), BATCH):
        db.conn.executemany("UPDATE complaints SET complainant_phone = ?, content_key = ?, screened_at = NULL "
                            "WHERE id = ?", repaired[start:start + BATCH])
    return repaired


def repair_glued_extensions(db: Database, area_code: str) -> int:
    """Give every stored complaint whose number has an extension glued on (``unglued_number``) its number and the
    content key that goes with it, and leave it to the next screening run (``renumbered``); returns how many were
    repaired."""
    repaired = renumbered(db, CANDIDATES, lambda phone, raw: unglued_number(phone, raw, area_code))
    if repaired:  # two copies may say the same now: the next screening run links them (``link_doubles``)
        db.execute("DELETE FROM settings WHERE key = ?", [DOUBLES_SETTING])
    return len(repaired)
