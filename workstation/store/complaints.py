"""Complaints as imported from hotline and consumer-council exports: bulk insertion with the search index
filled in one statement, the candidates for "the same complaint through another channel", and text search
(trigram index for three characters or more, the base table for shorter queries; a word of five digits or more
also in the index of the numbers every text writes, however it writes them; digits found only where a list shows
them, or as a whole number, never in the digits masking hides) with the matches marked and the complainant's number
masked."""

from __future__ import annotations

import hashlib
import json
import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter

from workstation.audit import AuditWriter
from workstation.db import Database, driver
from workstation.db.bulk_indexes import rebuilt_indexes as bulk_rebuilt_indexes
from workstation.db.bulk_indexes import secondary_indexes
from workstation.fullwidth import PRINTABLE, TO_ASCII, TO_FULL
from workstation.i18n import _
from workstation.masking import mask_field
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import now

INSERT_COLUMNS = ("id", "source", "external_id", "received_at", "text", "raw", "source_file", "source_row",
                  "created_at", "channel", "complainant_phone", "target_name", "address", "district",
                  # what screening found when the importer screened the row (else '' and screened_at NULL)
                  "category", "phones", "businesses", "sector", "screened_at",
                  # a row without a work-order id: what it says (``content_key``), by which it is found again
                  "content_key")
# a row of the same work-order id from the same source is a duplicate: the unique index ignores it (one without a
# work-order id is left out before, by its content key: ``insert_complaints``)
INSERT_SQL = (f"INSERT OR IGNORE INTO complaints ({', '.join(INSERT_COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(INSERT_COLUMNS))})")
# rows given without the content key (a work-order id each)
UNKEYED_INSERT_SQL = (f"INSERT OR IGNORE INTO complaints ({', '.join(INSERT_COLUMNS[:-1])}) "
                      f"VALUES ({', '.join('?' * (len(INSERT_COLUMNS) - 1))})")
# indexes a bulk import may drop and build again (see rebuilt_indexes); not the content keys' (``_new_by_content``
# reads it while rows come in); dropping the attention and verdict indexes too saved nothing measurable (bench/README)
SECONDARY_INDEXES = ("complaints_lead", "complaints_received", "complaints_complainant")
# snippet markers around the matched text: control characters that never occur in a complaint, which the
# list replaces by its highlighting
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_CONTEXT = 30


@dataclass(frozen=True)
class ComplaintHit:
    """One complaint found by a search. It holds the complainant's number as stored (``phone``, unmasked: left out of
    its repr, never to be shown as it is); a list shows ``complainant``, that number masked. Both the masked number
    and the snippet are worked out when a view first asks for them, so a page costs nothing for the rows never
    shown."""

    id: str
    external_id: str
    received_at: str | None
    text: str
    # the complainant's number as stored, unmasked ('' for none); shown only masked (``complainant``)
    phone: str = field(repr=False)
    lead_id: str | None
    words: tuple[str, ...] = ()
    # the screening rules in force when it was found: the area code a local number of the search takes
    rules: object = field(default=None, compare=False, repr=False)
    category: str = ""  # what screening found it about ('' not related, or not screened)
    screened: bool = False
    lead_name: str = ""  # the lead it is in, named by its numbers (else its business), stored unmasked
    target_name: str = ""  # the business complained of (被投诉方) as imported, which a search finds too
    # the rules that read the numbers to mask when the page was found (``masking.rules_in_force``; None: those in
    # force when shown)
    mask_rules: object = field(default=None, compare=False, repr=False)

    @property
    def snippet(self) -> str:
        return snippet(self.text, list(self.words), rules=self.rules)

    @cached_property
    def complainant(self) -> str:
        """The complainant's number as lists show it (masked; '' for none)."""
        return mask_field("complainant_phone", self.phone, self.mask_rules) if self.phone else ""


def last_rowid(db: Database) -> int:
    """The largest rowid of the complaints table (0 when empty): rows inserted later have larger ones."""
    return db.execute("SELECT COALESCE(MAX(rowid), 0) FROM complaints").fetchone()[0]


@contextmanager
def deferred_complaint_index(db: Database, *, numbers: bool = True):
    """For bulk inserts of complaints inside a transaction: index the new texts for search in one statement
    at the end instead of row by row through the insert trigger, and (unless ``numbers`` is False: the caller
    fills the index of numbers itself, ``insert_numbers``) the numbers they write. On an error the trigger is put
    back and nothing is indexed (the caller's transaction rolls the rows back)."""
    if not db.conn.in_transaction:
        raise RuntimeError("deferred_complaint_index needs a transaction")
    trigger = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'complaints_fts_insert'"
                         ).fetchone()
    before = last_rowid(db)
    if trigger:
        db.execute("DROP TRIGGER complaints_fts_insert")
    try:
        yield
    except BaseException:
        if trigger and db.conn.in_transaction:  # a full disk ends the transaction: its rollback kept the trigger
            db.execute(trigger[0])
        raise
    index_complaints_after(db, before)
    if numbers:
        index_numbers_after(db, before)
    if trigger:
        db.execute(trigger[0])


@contextmanager
def rebuilt_indexes(db: Database, expected_rows: int, keep: Iterable[str] = (),
                    between: Callable[[int, int], None] | None = None):
    """For a bulk insert inside a transaction that rolls back on error: when ``expected_rows`` is at least
    the number of complaints already stored, drop the indexes of SECONDARY_INDEXES (but those named in ``keep``,
    which the insert reads) and build them again at the end (sorting once is faster than updating them row by row;
    ``workstation.db.bulk_indexes``), ``between(done, count)`` called before each (progress; it may raise
    Cancelled). The unique work-order index stays: it finds the duplicates."""
    others = {name for name, _sql in secondary_indexes(db, "complaints")} - set(SECONDARY_INDEXES)
    with bulk_rebuilt_indexes(db, {"complaints": expected_rows}, keep={*others, *keep}, between=between):
        yield


def index_complaints_after(db: Database, rowid: int) -> None:
    """Add the texts of the complaints after ``rowid`` to the search index in one statement."""
    db.execute("INSERT INTO complaints_fts(rowid, text, target_name) SELECT rowid, text, target_name FROM complaints "
               "WHERE rowid > ?", [rowid])


def content_key(source: str, received_at: str | None, phone: str, text: str, cells=()) -> str:
    """What identifies a complaint that has no work-order id, hashed: its channel, receipt time, complainant's
    number (normalised) and text (its whitespace left out). A time without the hour (none, or midnight: an export
    of dates only) tells too little: then ``cells``, every cell of its row (whitespace left out), count too, so
    that only a row identical in every cell is the same complaint. The same caller at the same time with another
    text is another complaint."""
    parts = [source, received_at or "", phone, "".join(text.split())]
    if _time_tells_too_little(received_at):
        parts += ["".join(str(c).split()) for c in cells]
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def _time_tells_too_little(received_at: str | None) -> bool:
    return not received_at or received_at.endswith(" 00:00:00")


def shown_received(received_at: str | None, seconds: bool = False) -> str:
    """A complaint's receipt time as the window shows it: the date alone when its export gave the date only
    (stored at midnight, 00:00:00: no time is made up), else the date and time to the minute, or to the second with
    ``seconds``; '' for none."""
    if not received_at:
        return ""
    if _time_tells_too_little(received_at):
        return received_at[:10]
    return received_at if seconds else received_at[:16]


def stored_content_key(source: str, received_at: str | None, phone: str | None, text: str | None,
                       raw: str | None, external_id: str | None = "") -> str:
    """``content_key`` of a complaint as stored (or as a bundle carries it): the row's cells read from its raw row
    (JSON) when its time needs them; for a complaint with a work-order id, the key its row would have in an export
    without the work-order column (the cell holding that id left out, as the importer leaves its column out)."""
    cells = json.loads(raw or "{}").values() if _time_tells_too_little(received_at) else ()
    if cells and external_id:
        cells = _without_cell(list(cells), "".join(external_id.split()))
    return content_key(source, received_at, phone or "", text or "", cells)


def _without_cell(cells: list, value: str) -> list:
    """``cells`` without the first one saying ``value`` (whitespace left out)."""
    for at, cell in enumerate(cells):
        if "".join(str(cell).split()) == value:
            return cells[:at] + cells[at + 1:]
    return cells


def fill_content_keys(db: Database) -> None:
    """Give every stored complaint without a work-order id its ``content_key`` (one statement; the row's cells
    read from its raw row when its time needs them), so that imports find it again."""
    db.conn.create_function("complaint_content_key", 5, stored_content_key, deterministic=True)
    db.execute("UPDATE complaints SET content_key = complaint_content_key(source, received_at, complainant_phone, "
               "text, raw) WHERE external_id = ''")


def _new_by_content(db: Database, rows: list[tuple]) -> list[tuple]:
    """``rows`` without those whose content key is stored already (by a complaint without a work-order id, or by
    one with it: ``numbered_by_content``, an export with the work-order column imported before this one without
    it) or given by an earlier row (a row with a work-order id is left to the unique index)."""
    keys = [r[-1] for r in rows if r[-1] and not r[2]]
    if not keys:
        return rows
    seen = {k for (k,) in db.execute("SELECT content_key FROM complaints WHERE content_key IN "
                                     "(SELECT value FROM json_each(?))", [json.dumps(keys)])}
    if len(seen) < len(keys) and numbered_searchable(db):
        seen.update(numbered_by_content(db, [(r[-1], r[1], r[3], r[10]) for r in rows
                                             if r[-1] and not r[2] and r[-1] not in seen]))
    new = []
    for row in rows:
        key = row[-1]
        if key and not row[2]:
            if key in seen:
                continue
            seen.add(key)
        new.append(row)
    return new


def numbered_searchable(db: Database) -> bool:
    """Whether a complaint with a work-order id is stored and can be found by its complainant's number and time
    (the index of those is there: a bulk import may have dropped it until its end, ``rebuilt_indexes``). Two looks
    at indexes."""
    return db.execute("SELECT 1 FROM complaints WHERE external_id != '' LIMIT 1").fetchone() is not None and \
        db.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'complaints_complainant'"
                   ).fetchone() is not None


def numbered_by_content(db: Database, wanted: Iterable[tuple[str, str, str | None, str]]
                        ) -> dict[str, tuple[str, str | None]]:
    """{content key: (id, lead id) of the first stored complaint with a work-order id saying it} for the rows
    without one given as (content key, source, receipt time, complainant's number): an export with the
    work-order column imported before the same complaints came without it. The stored complaints of the same
    number and time are read through their index and their keys worked out (``stored_content_key``, the
    work-order cell left out), so that no key need be stored, nor indexed, for a row with a work-order id."""
    wanted = [w for w in wanted if w[2]]  # a row without a time is found by its key alone
    if not wanted:
        return {}
    keys = {w[0] for w in wanted}
    pairs = sorted({(phone or "", received) for _key, _source, received, phone in wanted})
    found: dict[str, tuple[str, str | None]] = {}
    for cid, lead_id, source, received, phone, text, raw, external_id in db.execute(
            "SELECT id, lead_id, source, received_at, complainant_phone, text, raw, external_id FROM complaints "
            "WHERE (complainant_phone, received_at) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)) "
            "AND external_id != '' ORDER BY rowid", [json.dumps(pairs)]):
        key = stored_content_key(source, received, phone, text, raw, external_id)
        if key in keys:
            found.setdefault(key, (cid, lead_id))
    return found


def keyed_without_work_order(db: Database) -> bool:
    """Whether any stored complaint has a content key (one imported without a work-order id, or given its id later):
    only then may a row with a work-order id be one of them (``attach_work_orders``). One look at the key index."""
    return db.execute("SELECT 1 FROM complaints WHERE content_key IS NOT NULL LIMIT 1").fetchone() is not None


def attach_work_orders(db: Database, rows: list[tuple], audit: AuditWriter | None = None
                       ) -> tuple[list[tuple], int]:
    """Give stored complaints imported without a work-order id the id a fuller export of the same channel now writes
    for them: a row of ``rows`` (in ``INSERT_COLUMNS`` order) with a work-order id carries, last, the content key its
    row would have without that id; a stored complaint of that key and no work-order id takes the row's id (its
    screening, lead and raw row unchanged, and it keeps its key, so that the export without ids still finds it). Each
    stored complaint takes one id; a work-order id stored already is left to the unique index. Returns the rows still
    to insert (those with a work-order id without their key, as such rows are stored) and how many were given ids.
    Each complaint given its id is audited (``audit``, which the caller flushes in its transaction; else flushed
    here)."""
    keys = [r[-1] for r in rows if r[2] and r[-1]]
    waiting: dict[str, str] = {}
    if keys:
        for key, cid in db.execute("SELECT content_key, id FROM complaints WHERE external_id = '' AND content_key IN "
                                   "(SELECT value FROM json_each(?)) ORDER BY rowid", [json.dumps(keys)]):
            waiting.setdefault(key, cid)
    if waiting:
        claimed = [(r[1], r[2]) for r in rows if r[2] and r[-1] in waiting]
        stored = set(db.execute("SELECT source, external_id FROM complaints WHERE external_id != '' AND "
                                "(source, external_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))",
                                [json.dumps(claimed)]).fetchall())
    attached, rest = [], []
    for row in rows:
        if not row[2]:
            rest.append(row)
        elif row[-1] in waiting and (row[1], row[2]) not in stored:
            attached.append((row[2], waiting.pop(row[-1])))
        else:
            rest.append((*row[:-1], None))
    # numbered_at: the next bundle carries the complaint again, so that headquarters takes the id too
    stamp = now()
    db.conn.executemany("UPDATE complaints SET external_id = ?, numbered_at = ? WHERE id = ?",
                        [(number, stamp, cid) for number, cid in attached])
    writer = audit or AuditWriter(db)
    for number, cid in attached:
        writer.add("number_complaint", "complaints", cid, {"external_id": ""},
                   {"external_id": number, "numbered_at": stamp})
    if audit is None:
        writer.flush()
    return rest, len(attached)


def numbered_as_written_before(db: Database, rows: list[tuple]) -> list[tuple]:
    """``rows`` (in ``INSERT_COLUMNS`` order) with each whole-number work-order id (123) that an earlier version
    stored as the float Excel wrote for it (123.0, stored as written before such ids were read as the number they
    are) carrying that stored id instead, so that the unique index leaves the row out as a repeat of that
    complaint. One look at the work-order index for the batch's whole-number ids (a batch without any: none)."""
    whole = [n for n in map(itemgetter(2), rows) if n.isdigit() and n.isascii() and n[0] != "0"]
    if not whole:
        return rows
    found = {stored[:-2] for (stored,) in db.execute(
        "SELECT external_id FROM complaints WHERE source = ? AND external_id != '' AND external_id IN "
        "(SELECT value || '.0' FROM json_each(?))", [rows[0][1], json.dumps(whole)])}
    if not found:
        return rows
    return [(r[0], r[1], r[2] + ".0", *r[3:]) if r[2] in found else r for r in rows]


# the full-width forms of the ASCII characters (U+FF01 … U+FF5E) a complaint writes, as bits of its ``wide_forms``
# (m074): one bit a character, a letter's two cases one (a set of what may be written: two characters may share a
# bit); -1, every bit, when not known (a row written otherwise than by ``insert_complaints`` or a merge's insert, or
# its text or business changed since: ``refill_wide_forms``). The bits are stored: their layout stays as m074 made it
_WIDE_CHARS = re.compile("[\uff01-\uff5e]")
_WIDE_KEYS = list(dict.fromkeys(PRINTABLE.lower()))
WIDE_BIT = {chr(ord(c) + 0xFEE0): 1 << (_WIDE_KEYS.index(c.lower()) % 62) for c in PRINTABLE}


def wide_forms(text: str | None, target_name: str | None) -> int:
    """The bits (``WIDE_BIT``) of the full-width forms written in a complaint's text and business complained of."""
    bits = 0
    for written in (text, target_name):
        if written and (found := _WIDE_CHARS.findall(written)):
            for ch in set(found):
                bits |= WIDE_BIT[ch]
    return bits


def _register_wide(db: Database) -> None:
    """Make ``wide_forms`` callable in SQL as ``complaint_wide_forms(text, target_name)``."""
    db.conn.create_function("complaint_wide_forms", 2, wide_forms, deterministic=True)


def fill_wide_forms(db: Database) -> None:
    """Note the full-width forms of every complaint (``wide_forms``) in one UPDATE (m074)."""
    _register_wide(db)
    db.execute("UPDATE complaints SET wide_forms = complaint_wide_forms(text, target_name)")


def refill_wide_forms(db: Database, ids: Iterable[str] | None = None) -> int:
    """Work out again the full-width forms of the complaints not known (-1: their text or business changed since, which
    m074's trigger marks), of the complaints ``ids`` only when given; the -1 rows are found through the partial index
    ``complaints_wide`` (every -1 is in it), so that with none left this costs a look at the index. Returns how many
    were worked out."""
    _register_wide(db)
    chosen, params = ("", []) if ids is None else (" AND id IN (SELECT value FROM json_each(?))",
                                                    [json.dumps(list(ids))])
    return db.execute(f"UPDATE complaints INDEXED BY complaints_wide SET wide_forms = complaint_wide_forms(text, "
                      f"target_name) WHERE wide_forms = -1 AND {_WIDE_INDEXED}{chosen}", params).rowcount


# the inserts of ``insert_complaints``, which note each complaint's full-width forms too (``wide_forms``)
_WIDE_INSERT_SQL = (f"INSERT OR IGNORE INTO complaints ({', '.join(INSERT_COLUMNS)}, wide_forms) "
                    f"VALUES ({', '.join('?' * (len(INSERT_COLUMNS) + 1))})")
_WIDE_UNKEYED_INSERT_SQL = (f"INSERT OR IGNORE INTO complaints ({', '.join(INSERT_COLUMNS[:-1])}, wide_forms) "
                            f"VALUES ({', '.join('?' * len(INSERT_COLUMNS))})")
_TEXT_AT, _TARGET_AT = INSERT_COLUMNS.index("text"), INSERT_COLUMNS.index("target_name")


def _with_wide_forms(rows: Iterable[tuple]) -> Iterator[tuple]:
    for row in rows:
        yield (*row, wide_forms(row[_TEXT_AT], row[_TARGET_AT]))


def insert_complaints(db: Database, rows: list[tuple]) -> int:
    """Insert complaint rows (values in ``INSERT_COLUMNS`` order, the content key last, which rows with a
    work-order id may leave out); returns how many were new: a row whose source and work-order id are stored
    already is left out, and so is one without a work-order id whose content key is stored already or repeats
    an earlier row's. Outside ``deferred_complaint_index`` the new rows' texts are indexed as they are inserted
    (the trigger), and their numbers here."""
    before, rowid = db.conn.total_changes, last_rowid(db)
    keyed = bool(rows) and len(rows[0]) == len(INSERT_COLUMNS)
    new = _new_by_content(db, rows) if keyed else rows
    try:
        db.conn.executemany(_WIDE_INSERT_SQL if keyed else _WIDE_UNKEYED_INSERT_SQL, _with_wide_forms(new))
    except driver.OperationalError as exc:  # a database before m074 (a migration's test makes one): the statement
        # is refused as it is prepared, before any row is written
        if "wide_forms" not in str(exc):
            raise
        db.conn.executemany(INSERT_SQL if keyed else UNKEYED_INSERT_SQL, new)
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'complaints_fts_insert'").fetchone():
        index_numbers_after(db, rowid)
    return db.conn.total_changes - before


# the index of numbers (complaint_numbers, m014): for each complaint whose text writes a telephone number otherwise
# than normalised — with separators, brackets or a country code, or a local number without its area code — those
# numbers normalised (space-separated), so that a search for a number's digits finds every complaint writing it,
# screened or not, related or not, the complainant's own number too. A number the text writes as normalised (in ASCII
# or full width) is left out: the trigram index of the texts finds it. Only a text with a digit followed by a
# separator, a bracket before a digit or a run of 7–8 digits can write one (most texts are passed over by this test;
# the leading look-ahead lets the regex engine skip to a digit or bracket, twice as fast on Chinese text)
MAY_WRITE_OTHERWISE = re.compile(r"(?=[0-9０-９(（])(?:[0-9０-９][ \-\u2013\u2014)）\u3000－]|[(（][0-9０-９+＋]|"
                                  r"(?<![0-9０-９])[2-9２-９][0-9０-９]{6,7}(?![0-9０-９]))")


def numbers_written_otherwise(text: str | None, rules=None, scan=None) -> str:
    """The telephone numbers ``text`` writes otherwise than normalised, normalised and space-separated ('' for
    none): what the index of numbers holds for it. ``scan``: the text's ``phone_scan`` with ``rules``, when the
    caller made it already (the importer shares it with screening)."""
    if not text or not MAY_WRITE_OTHERWISE.search(text):
        return ""
    return numbers_in_scan(text, rules, scan)


def numbers_in_scan(text: str, rules=None, scan=None) -> str:
    """``numbers_written_otherwise`` of a text in which ``MAY_WRITE_OTHERWISE`` found something (the importer
    searched it already): the same without searching it again."""
    from workstation.screening.phones import written_phones

    found = [n for _start, _end, n in written_phones(text, rules, scan)
             if n not in text and n.translate(TO_FULL) not in text]
    return " ".join(dict.fromkeys(found)) if found else ""


def insert_numbers(db: Database, numbers: Iterable[tuple[str, str]]) -> None:
    """Rows of the index of numbers for complaints just inserted, given as (``numbers_written_otherwise`` of the
    text, complaint id): what ``index_numbers_after`` would add for them, without reading their texts again. A
    complaint left out as a duplicate adds nothing."""
    db.conn.executemany("INSERT OR REPLACE INTO complaint_numbers (complaint_rowid, numbers) "
                        "SELECT rowid, ? FROM complaints WHERE id = ?", numbers)


def index_numbers_after(db: Database, rowid: int = 0, rules=None, up_to: int | None = None) -> None:
    """Add to the index of numbers the complaints after ``rowid`` (up to ``up_to`` when given) that write a number
    otherwise than normalised, one statement (a function of this connection reads each text); ``rules`` are the
    screening rules in force (the database's by default), whose area code a local number takes."""
    if rules is None:
        from workstation.screening.complaint import rules_for

        rules = rules_for(db)
    db.conn.create_function("numbers_written_otherwise", 1, lambda text: numbers_written_otherwise(text, rules),
                            deterministic=True)
    upper, params = ("AND rowid <= ?", [rowid, up_to]) if up_to is not None else ("", [rowid])
    db.execute("INSERT OR REPLACE INTO complaint_numbers (complaint_rowid, numbers) SELECT rowid, numbers FROM "
               f"(SELECT rowid, numbers_written_otherwise(text) AS numbers FROM complaints WHERE rowid > ? {upper} "
               # LIMIT -1 keeps the subquery apart (query flattening would call the function twice for a text
               # writing a number: in the outer WHERE and in the result)
               "LIMIT -1) "
               "WHERE numbers != ''", params)


# the index of numbers is filled again in ranges of this many rowids, with progress and a chance to cancel between
REINDEX_BATCH = 50_000


def reindex_numbers(db: Database, rules=None, *, progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None) -> None:
    """Fill the index of numbers again for every complaint (the rules' area code changed, or the index is new), in
    rowid ranges with progress; a cancel raises ``Cancelled`` between two (the caller's transaction rolls back)."""
    if rules is None:
        from workstation.screening.complaint import rules_for

        rules = rules_for(db)
    db.execute("DELETE FROM complaint_numbers")
    last, done, message = last_rowid(db), 0, _("Indexing the numbers written in the complaints")
    progress(0, last, message)
    while done < last:
        index_numbers_after(db, done, rules, up_to=done + REINDEX_BATCH)
        done = min(done + REINDEX_BATCH, last)
        progress(done, last, message)
        if cancel is not None:
            cancel.check()


#: a complainant's number stored whole (its first, of several): 10 digits or more, a mobile, a landline with its area
#: code or a 400/800 number; what earlier versions made of a masked number (138****1234 stored as 1381234) is none
WHOLE_NUMBER = "{c} GLOB '[0148][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'"


#: what tells what a complaint is about, for telling two complaints of one complainant apart (``importing.complaints
#: .named_apart``): the numbers and businesses screening found (none when it found none, or has not screened it), the
#: complainant's own number(s) and the party complained about (被反映对象), whose numbers tell with the text's when
#: screening found none
NAMED = ("phones", "businesses", "complainant_phone", "complainant_masked", "target_name")
#: the columns of a pair of complaints that may be one received through two channels (``same_phone_candidates``)
SAME_CANDIDATE = ("b.rowid, b.id, b.received_at, b.text, a.rowid, a.id, a.received_at, a.text, a.same_as, "
                  + ", ".join(f"{side}.{column}" for side in "ba" for column in NAMED))


def same_phone_candidates(db: Database, after_rowid: int, days: int) -> Iterator[tuple]:
    """Pairs (new, earlier-stored) of complaints with the same complainant number from different sources,
    received within ``days`` of each other: the new ones are those after ``after_rowid``; only a whole number
    (``WHOLE_NUMBER``) tells the same complainant. Each pair is a ``SAME_CANDIDATE`` row: (new rowid, new id, new
    received_at, new text, old rowid, old id, old received_at, old text, old same_as, and of each, new then old, what
    tells what it is about: its ``NAMED`` columns). The smaller side is scanned and the other looked up in the
    complainant index (CROSS JOIN fixes the order)."""
    window = [f"-{int(days)} days", f"+{int(days)} days"]
    if last_rowid(db) - after_rowid <= after_rowid:  # fewer new rows: look up the stored ones
        outer, inner, lookup = "b", "a", "AND a.rowid <= ?"
        where = f"b.rowid > ? AND {WHOLE_NUMBER.format(c='b.complainant_phone')} AND b.received_at IS NOT NULL"
    else:
        outer, inner, lookup = "a", "b", "AND b.rowid > ?"
        where = f"a.rowid <= ? AND {WHOLE_NUMBER.format(c='a.complainant_phone')} AND a.received_at IS NOT NULL"
    yield from db.execute(
        f"SELECT {SAME_CANDIDATE} FROM complaints AS {outer} CROSS JOIN complaints AS {inner} "
        f"INDEXED BY complaints_complainant ON {inner}.complainant_phone = {outer}.complainant_phone "
        f"AND {inner}.received_at BETWEEN datetime({outer}.received_at, ?) AND datetime({outer}.received_at, ?) "
        f"{lookup} WHERE {where} AND a.source != b.source", [*window, after_rowid, after_rowid])


def _restamp(stamp: str) -> str:
    """The SET clause that stamps a changed complaint's screening with the parameter ``stamp`` (e.g. ``?2``), so that
    the next bundle carries the change; a complaint not screened yet stays so, for the screening run to do."""
    return f"screened_at = CASE WHEN screened_at IS NOT NULL THEN {stamp} END"


def add_area_code(db: Database, area_code: str, lost_zero_codes: tuple[str, ...] = ()) -> int:
    """Put ``area_code`` before the complainants' landlines stored without one (7 or 8 digits, not starting
    with 0 or 1: what imports before the area-code rule kept), so that they match the numbers imported since;
    returns how many were changed. A changed complaint without a work-order id gets its ``content_key`` again from
    the new number, as an import of its export now computes it, so that importing that export again adds nothing.
    A changed complaint has its screening stamped now (one not screened yet stays so, for the screening run to do),
    so that the next bundle carries the number to headquarters, which takes it (``given_area_code``). Only numbers
    starting 2–9 are read (a range of the complainant index), so once none is left this costs nothing.

    And put the 0 back before the landlines earlier versions stored without it (75786123457 from a CSV Excel saved,
    a contact written 757-86123457; ``lost_zero_codes``: the area codes without their 0 of ``landline_lost_zero``),
    with the content key again; such a complaint is screened
    again (its own number, read as no number before, may have been taken for a lead's)."""
    db.conn.create_function("complaint_content_key", 5, stored_content_key, deterministic=True)
    mended = 0
    if lost_zero_codes:
        mended = mend_lost_zero(db, lost_zero_codes)
    # the right-hand sides read the row as it was: its key is made of the number with the area code put before it
    return mended + db.execute(
        "UPDATE complaints SET complainant_phone = ?1 || complainant_phone, content_key = CASE WHEN external_id = '' "
        "THEN complaint_content_key(source, received_at, ?1 || complainant_phone, text, raw) ELSE content_key END, "
        f"{_restamp('?2')} "
        "WHERE complainant_phone >= '2' AND complainant_phone < ':' AND length(complainant_phone) IN (7, 8) "
        "AND complainant_phone NOT GLOB '*[^0-9]*'", [area_code, now()]).rowcount


def mend_lost_zero(db: Database, codes: tuple[str, ...]) -> int:
    """``add_area_code``'s second part: the complainants' landlines stored without their leading 0 given it."""
    db.conn.create_function("complaint_content_key", 5, stored_content_key, deterministic=True)
    rows = db.execute("SELECT id, complainant_phone FROM complaints WHERE complainant_phone >= '2' AND "
                      "complainant_phone < ':' AND length(complainant_phone) IN (10, 11) AND "
                      "complainant_phone NOT GLOB '*[^0-9]*'").fetchall()
    mended = [(number, cid) for cid, stored in rows if (number := landline_lost_zero(stored, codes))]
    db.conn.executemany(
        "UPDATE complaints SET complainant_phone = ?1, content_key = CASE WHEN external_id = '' "
        "THEN complaint_content_key(source, received_at, ?1, text, raw) ELSE content_key END, screened_at = NULL "
        "WHERE id = ?2", mended)
    return len(mended)


def landline_lost_zero(digits: str, area_codes: tuple[str, ...]) -> str | None:
    """0 + ``digits`` when they are a landline that lost its leading 0: 10 or 11 digits, one of ``area_codes``
    (written without the 0: 20, 757 …) followed by an 8-digit subscriber number starting 2–9 — a workbook's number
    cell (Excel drops the 0 of 0757-86123457 typed as a number), a CSV Excel saved (the same), a contact written
    757-86123457; None for any other digits (a mobile starts with 1, and no number starts 2–9 with 10 digits or
    more)."""
    if len(digits) not in (10, 11) or not digits.isascii() or not digits.isdigit():
        return None
    for code in area_codes:
        if len(digits) == len(code) + 8 and digits.startswith(code) and digits[len(code)] in "23456789":
            return "0" + digits
    return None


# a landline as earlier versions stored it without its area code (what ``add_area_code`` gives one)
_WITHOUT_AREA_CODE = re.compile(r"[2-9][0-9]{6,7}")
# a landline as earlier versions stored it without its leading 0 (what ``add_area_code`` gives it back)
_WITHOUT_ZERO = re.compile(r"[2-9][0-9]{9,10}")


def given_area_code(held: str | None, incoming: str | None) -> bool:
    """Whether the complainant's number ``incoming`` is ``held`` given its area code (``add_area_code``): ``held`` a
    landline an earlier version stored without one (7 or 8 digits, not starting with 0 or 1), ``incoming`` the same
    digits after 0 and two or three digits; or ``held`` a landline stored without its leading 0 (10 or 11 digits
    starting 2–9), ``incoming`` 0 and ``held``. The number's reading as this version makes it, not an officer's
    edit: a merge takes it whichever side gave it (``bundle.merge``)."""
    held, incoming = held or "", incoming or ""
    if not (incoming.startswith("0") and incoming.isascii() and incoming.isdigit() and incoming.endswith(held)):
        return False
    if _WITHOUT_AREA_CODE.fullmatch(held) is not None:
        return len(incoming) - len(held) in (3, 4)
    return _WITHOUT_ZERO.fullmatch(held) is not None and len(incoming) == len(held) + 1


def first_stored(db: Database, source: str, external_id: str, key: str | None, received_at: str | None = None,
                 phone: str = "") -> tuple[str, str] | None:
    """When and from which file the stored complaint that a row of ``source`` repeats was imported (its
    ``created_at`` and ``source_file``): the one of the same work-order id, or for a row without one the first of
    its content key (one stored with a work-order id too: ``numbered_by_content``, given the row's ``received_at``
    and complainant's ``phone``); None when none is stored."""
    if external_id:
        # external_id != '': the unique work-order index is partial (``complaints_external``)
        where, params = "source = ? AND external_id = ? AND external_id != ''", [source, external_id]
    else:
        where, params = "content_key = ?", [key]
    row = db.execute(f"SELECT created_at, source_file FROM complaints WHERE {where} ORDER BY rowid LIMIT 1",
                     params).fetchone()
    if row is None and not external_id and key:
        same = numbered_by_content(db, [(key, source, received_at, phone)]).get(key)
        if same is not None:
            row = db.execute("SELECT created_at, source_file FROM complaints WHERE id = ?", [same[0]]).fetchone()
    return (row[0], row[1]) if row else None


def has_other_sources(db: Database, up_to_rowid: int, source: str) -> bool:
    """Whether any complaint up to ``up_to_rowid`` came from another source than ``source``."""
    return db.execute("SELECT 1 FROM complaints WHERE rowid <= ? AND source != ? LIMIT 1",
                      [up_to_rowid, source]).fetchone() is not None


def set_same_as(db: Database, links: Iterable[tuple[str, str]], rerooted: Iterable[str] = ()) -> None:
    """Record (complaint id, id of the earlier complaint it repeats) links. ``rerooted`` names stored
    complaints that were the first of their kind and now repeat an earlier one: the complaints pointing to
    them follow them to that one (one statement). Each complaint linked has its screening stamped now (one not
    screened yet stays so, for the screening run to do), so that the next bundle carries the link to headquarters
    though it was sent before, and headquarters takes it (``bundle.merge`` takes the later screening)."""
    stamp = now()
    db.conn.executemany(f"UPDATE complaints SET same_as = ?2, {_restamp('?3')} WHERE id = ?1",
                        [(cid, root, stamp) for cid, root in links])
    rerooted = list(rerooted)
    if rerooted:
        db.execute("UPDATE complaints SET same_as = (SELECT r.same_as FROM complaints AS r "
                   f"WHERE r.id = complaints.same_as), {_restamp('?2')} "
                   "WHERE same_as IN (SELECT value FROM json_each(?1))", [json.dumps(rerooted), stamp])


def link_doubles(db: Database) -> int:
    """Link every complaint stored twice — the same content key (channel, time, complainant's number, text): imported
    twice before duplicates were found by their content, or the same once its number got the area code — to the
    first stored copy (to what that copy repeats, when it repeats one of another channel), so that a lead counts and
    lists it once; a copy linked already is left as it is, one linked now stamped (``set_same_as``) so that the next
    bundle carries the link. Returns how many were linked."""
    links, rerooted, first = [], [], {}
    for key, cid, same_as in db.execute(
            "SELECT content_key, id, same_as FROM complaints WHERE content_key IN (SELECT content_key FROM complaints "
            "WHERE content_key IS NOT NULL GROUP BY content_key HAVING COUNT(*) > 1) ORDER BY content_key, rowid"):
        if key not in first:
            first[key] = same_as or cid
        elif same_as is None:
            links.append((cid, first[key]))
            rerooted.append(cid)
    if links:
        set_same_as(db, links, rerooted)
    return len(links)


# a complaint of a lead that is no other than an earlier one of the same channel (``link_doubles``): not listed again
NOT_A_DOUBLE = ("NOT (c.same_as IS NOT NULL AND EXISTS (SELECT 1 FROM complaints AS o WHERE o.id = c.same_as "
                "AND o.source = c.source))")


_ASCII_LETTER = re.compile("[A-Za-z]")
_LIKE_SPECIAL = re.compile(r"[%_\\]")  # what a LIKE pattern escapes
# the ASCII letters alone in upper and in lower case (``str.upper`` would also change other scripts' letters, and
# some of them into two: ß → SS)
_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


# complaint texts write numbers in the full-width forms of the ASCII characters (０ … ９, Ａ …, －) as often as
# in ASCII: a search word is looked for as written, in ASCII and in full width (``TO_ASCII`` / ``TO_FULL``)
def _written_ways(word: str) -> list[str]:
    """The ways a search word may be written in a complaint: as typed, its full-width characters in ASCII, and
    its ASCII characters in full width, that also in full-width capitals and small letters (one way for a word
    without either): LIKE matches ASCII letters in any case, never a full-width one, so that td finds ＴＤ退订 as
    TD does (the ASCII cases are not looked for again: LIKE and the trigram index ignore them already)."""
    return list(_written_ways_held(word))


@lru_cache(maxsize=256)
def _written_ways_held(word: str) -> tuple[str, ...]:
    """``_written_ways``, kept for the words searched last (a page, its count and the next page ask again)."""
    half = word.translate(TO_ASCII)
    full = (half, half.translate(_UPPER), half.translate(_LOWER))
    return tuple(dict.fromkeys((word, half, *(way.translate(TO_FULL) for way in full))))


# a search word of this many digits or more (ASCII or full width) is also looked for among the numbers the texts
# write, normalised (``numbers``: without the separators, spaces and brackets the text writes them with, with the area
# code a local number leaves out), so that 13500000011 finds 135-0000-0011 and 88881234 finds 0757-8888 1234; shorter
# runs of digits are parts of dates, amounts and work-order ids as often. A word written as a number is (135-0000-0011,
# (0757)88881234, +8613500000011) is a number too: its digits are looked for in the text as well, and as normalised;
# so is a whole search typed as a number with spaces (138 1234 5678, ``search_words``)
NUMBER_DIGITS = 5
_DIGITS = re.compile(r"[0-9]+")
_NON_DIGITS = re.compile(r"[^0-9]")
# what a number may be written with besides its digits (after ``TO_ASCII``: full-width ones read as ASCII); a space
# only inside the one word a number typed with spaces makes
_WRITTEN_NUMBER = re.compile(r"[0-9+()\-\u2013\u2014 ]+")
# a search word that may be part of a resident ID number: digits, the last one perhaps the check character X
_ID_WORD = re.compile(rf"[0-9]{{{NUMBER_DIGITS - 1},}}[0-9X]")
# a search word of Chinese characters alone, three or more (the most common search): none of the cases the words and ways
# of a search are worked out for (spaces, control characters, ASCII and full-width forms, letters' case, digits, mask
# characters, quotes) can apply to it; it is its only word, its only way of writing, looked up in the trigram index
# and as a work-order number as it is (``checked_words`` and ``_numbered_ways`` go straight there)
_CHINESE_WORD = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]{3,}")


#: the characters standing for a number's hidden digits as lists show it (130****9670), typed or copied
MASK_CHARS = "*＊·•"
#: what a number copied masked may be written with besides its digits and mask characters (132-****-2659)
_MASKED_SEPARATORS = re.compile(r"[\s\-\u2013\u2014－()（）+＋]")


def masked_number_pattern(word: str) -> re.Pattern | None:
    """The numbers a search word written as a masked number matches (130****9670: 130, one or more hidden
    digits, 9670, the whole number), None when the word is no masked number (no mask character, or letters). The
    caller leaves out the separators the number was typed with (``masked_word``)."""
    if not any(ch in MASK_CHARS for ch in word):
        return None
    parts = re.split(f"[{re.escape(MASK_CHARS)}]+", word)
    if not any(parts) or not all(part.isdigit() or not part for part in parts):
        return None
    return re.compile(r"\d+".join(re.escape(part) for part in parts))


def masked_word(word: str) -> re.Pattern | None:
    """``masked_number_pattern`` of a search word of the complaints, typed in either width and with a number's
    separators ((0757)8112****, 132-****-2659); None for any other word."""
    if not any(ch in MASK_CHARS for ch in word):
        return None
    from workstation.screening.phones import ascii_digits

    pattern = masked_number_pattern(_MASKED_SEPARATORS.sub("", ascii_digits(word.translate(TO_ASCII))))
    return pattern if pattern is not None and sum(ch.isdigit() for ch in pattern.pattern) >= 4 else None


#: a search of more words than this is refused: every word is a condition of the query, and SQLite's limits on an
#: expression's depth and a compound query's terms end a search of some hundreds of words
MAX_SEARCH_WORDS = 50


def checked_words(text: str) -> tuple[str, ...]:
    """``search_words`` of a search, refused (``WorkstationError``) when they are more than ``MAX_SEARCH_WORDS``."""
    if _CHINESE_WORD.fullmatch(text):
        return (text,)
    from workstation.errors import WorkstationError

    words = search_words(text.strip())
    if len(words) > MAX_SEARCH_WORDS:
        raise WorkstationError(_("The search has {n} different words; at most {limit} can be searched at once: "
                                 "search for fewer words.").format(n=len(words), limit=MAX_SEARCH_WORDS))
    return words


@lru_cache(maxsize=64)
def _checked_words_held(text: str) -> tuple[str, ...]:
    """``checked_words``, kept for the searches made last (a page, its count and the next page ask again)."""
    return checked_words(text)


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search, each of which a complaint must hold: the query split at its spaces, except that a
    query that is a whole telephone number typed with spaces (138 1234 5678, 0757 8888 1234, a full-width or
    ideographic space too) is one word, that number; a local number that reads as a date (2026 0301) stays two
    words. A masked number copied as a list shows it, with spaces around its hidden digits (138 **** 8000, in full
    width with ideographic spaces too), is one word, and one inside a phrase (电话138 **** 8000多次) a word of its
    own, the phrase's other parts words beside it (``_masked_apart``): the number is found however the text writes
    it, as 138****8000 is. Only a run of two or more mask characters (``MASKED_RUN_LENGTH``) is read so: a single
    one is the text's own (规格1200*600瓷砖 stays one phrase, found only where a text writes it). The control characters no stored text holds (a NUL pasted with the text, which would end
    the trigram index's query: ``importing.tables.without_unsafe``) are left out."""
    from workstation.importing.tables import without_unsafe

    words = without_unsafe(text).split()
    if any(ch in MASK_CHARS for ch in text):
        words = _masked_apart(words)
    words = list(dict.fromkeys(words))  # a word typed twice is one condition
    if len(words) < 2:
        return tuple(words)
    from workstation.screening.phones import DATE_LIKE, PHONE_RX, ascii_digits

    joined = " ".join(words)
    match = PHONE_RX.fullmatch(ascii_digits(joined))
    if match is None or (match.lastgroup == "local" and DATE_LIKE.fullmatch(_NON_DIGITS.sub("", match.group()))):
        return tuple(words)
    return (joined,)


#: the fewest mask characters in a row that stand for a number's hidden digits in a search typed with spaces or a
#: phrase (``_masked_apart``): a list masks a number with four (138****8000); a single one is a character of the text
#: (规格1200*600瓷砖, 3·15), which the phrase is searched with as typed
MASKED_RUN_LENGTH = 2
# a masked number as a phrase may hold it (电话138****8000多次): its digits, mask characters and a number's separators,
# a run of ``MASKED_RUN_LENGTH`` mask characters among them (``masked_word`` tells whether it is one)
_MASKED_RUN = re.compile(f"[\\d\\-\u2013\u2014－()（）+＋{re.escape(MASK_CHARS)}]*"
                         f"[{re.escape(MASK_CHARS)}]{{{MASKED_RUN_LENGTH},}}"
                         f"[\\d\\-\u2013\u2014－()（）{re.escape(MASK_CHARS)}]*")
# the mask characters a word ends with, and those it starts with
_MASKS_AT_END = re.compile(f"[{re.escape(MASK_CHARS)}]*$")
_MASKS_AT_START = re.compile(f"^[{re.escape(MASK_CHARS)}]*")


def _masked_apart(tokens: list[str]) -> list[str]:
    """The words of a search typed as ``tokens`` (split at its spaces) whose mask characters stand for a number's
    hidden digits: the tokens a number copied masked with spaces was split into (138, ****, 8000: a space between
    a digit or mask character and a mask character, or a mask character and a digit, the mask characters on both
    sides of it ``MASKED_RUN_LENGTH`` or more) joined again when they make a masked number (``masked_word``;
    张 · 三, 3 · 5 and 1200 * 600 stay apart), and a masked number inside a word (电话138****8000多次) taken out as a
    word of its own, the rest of the word before and after it words beside it."""
    groups: list[list[str]] = []
    for token in tokens:
        if groups and (last := groups[-1][-1]) and (
                (last[-1] in MASK_CHARS or last[-1].isdigit()) and token[0] in MASK_CHARS
                or last[-1] in MASK_CHARS and token[0].isdigit()) and (
                len(_MASKS_AT_END.search("".join(groups[-1])).group())
                + len(_MASKS_AT_START.match(token).group()) >= MASKED_RUN_LENGTH):
            groups[-1].append(token)
        else:
            groups.append([token])
    words: list[str] = []
    for group in groups:
        joined = "".join(group)
        pieces = _masked_pieces(joined)
        if len(group) > 1 and not any(masked_word(piece) is not None for piece in pieces):
            words += group  # no masked number: the tokens as typed
        else:
            words += pieces
    return words


def _masked_pieces(word: str) -> list[str]:
    """``word`` as the words a search looks for: itself, or when a masked number is inside it with other characters
    (电话138****8000多次), the parts before it, the number and the parts after it (those not empty, nor made only of
    punctuation, separators or spaces: the ， of 电话138****8000，139****9000 copied from a list is no word the
    officer looked for, and a word under three characters would take the search past the trigram index; a short
    word of other characters, the 转 of 电话(0757)8112****转, stays)."""
    if masked_word(word) is not None or not any(ch in MASK_CHARS for ch in word):
        return [word]
    pieces, last = [], 0
    for match in _MASKED_RUN.finditer(word):
        if masked_word(match.group()) is not None:
            pieces += [word[last:match.start()], match.group()]
            last = match.end()
    if not pieces:
        return [word]
    return [piece for piece in [*pieces, word[last:]] if not _only_punctuation(piece)]


def _only_punctuation(text: str) -> bool:
    """Whether ``text`` is empty or holds only punctuation, separators and spaces (Unicode categories P and Z)."""
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PZ" for ch in text)


def _number_word(word: str, rules=None) -> str | None:
    """The number a search word is (``NUMBER_DIGITS`` digits or more) as the index of numbers holds it: the digits
    typed, or for a word written with a number's separators the number normalised with ``rules``, the screening rules
    in force (a local number takes their area code, as in the index), its digits when it is no telephone number;
    None for any other word."""
    half = word.translate(TO_ASCII)
    if _DIGITS.fullmatch(half):
        return half if len(half) >= NUMBER_DIGITS else None
    digits = _NON_DIGITS.sub("", half)
    if len(digits) < NUMBER_DIGITS or not _WRITTEN_NUMBER.fullmatch(half):
        return None
    from workstation.screening.phones import PHONE_RX, normalise_phone

    return (normalise_phone(half, rules) if PHONE_RX.fullmatch(half) else None) or digits


def _word_ways(word: str, rules=None) -> list[str]:
    """The ways of writing a search word looked for in the texts: a number typed with separators also as its bare
    digits (the text may write it without them) and as the number normalised (+86 13922223333 as 13922223333, in
    ASCII and in full width: the text may write it without the country code)."""
    ways = _written_ways(word)
    if (number := _number_word(word, rules)) and not _DIGITS.fullmatch(half := word.translate(TO_ASCII)):
        for bare in dict.fromkeys((_NON_DIGITS.sub("", half), number)):
            ways += [w for w in _written_ways(bare) if w not in ways]
    return ways


def _search_clause(words: tuple[str, ...], rules=None) -> tuple[str, list]:
    """WHERE clause and parameters of a search of the base table (a word shorter than three characters, which a
    trigram index cannot find; see ``_matching_rowids`` for the others): every word in the text, a number also
    in the index of numbers."""
    if not words:
        return "", []
    clauses, params = [], []
    for word in words:
        if (masked := masked_word(word)) is not None:  # its longest visible part, or the number in the index
            ways = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    for w in _written_ways(max(_masked_parts(masked), key=len))]
            clauses.append("(" + " OR ".join(["c.text LIKE ? ESCAPE '\\'"] * len(ways)) + " OR c.rowid IN (SELECT "
                           "complaint_rowid FROM complaint_numbers WHERE numbers GLOB ?))")
            params += [f"%{w}%" for w in ways] + [_masked_glob(masked)]
            continue
        in_text, in_business, gated = _word_tests(word, rules)
        tests = []
        for test, values, bits in (*in_text, *in_business, *gated):
            if bits:  # tested only in the complaints writing every full-width form of the way, after the others
                test = f"((c.wide_forms & {bits}) = {bits} AND ({test}))"
            tests.append(test)
            params += values
        if number := _number_word(word, rules):
            tests.append("c.rowid IN (SELECT complaint_rowid FROM complaint_numbers WHERE numbers LIKE ?)")
            params.append(f"%{number}%")
        clauses.append("(" + " OR ".join(tests) + ")")
    return "WHERE " + " AND ".join(clauses), params


def _word_tests(word: str, rules=None) -> tuple[list, list, list]:
    """The tests of a complaint holding a short search word (``_search_clause``) as (test, parameters, bits) each:
    those of its text, those of its business complained of, and those of a way writing full-width forms in either
    (bits: ``wide_forms`` of the way, which a complaint writing it has all of; 0 for the others)."""
    # LIKE folds only ASCII letters' case, the trigram index every letter's: each way's lower and upper case
    # forms too (ü finds ÜNÏCODE as Ünï does), one test of those LIKE cannot tell apart (ab, AB and Ab differ
    # only in ASCII letters' case: a short word found nowhere cost a test of the whole text for each)
    forms: dict[str, str] = {}
    for way in _word_ways(word, rules):
        for form in (way, way.lower(), way.upper()):
            forms.setdefault(form.translate(_LOWER), form)
    in_text, in_business, gated = [], [], []
    for form in forms.values():
        # a form of no ASCII letter is found by instr, exactly as by LIKE (which folds only those) and sooner
        if _ASCII_LETTER.search(form) and not _LIKE_SPECIAL.search(form):  # (an ESCAPE clause costs a scan 2 %)
            test, value = "{} LIKE ?", f"%{form}%"
        elif _ASCII_LETTER.search(form):
            test, value = "{} LIKE ? ESCAPE '\\'", "%" + form.replace("\\", "\\\\").replace("%", "\\%").replace(
                "_", "\\_") + "%"
        else:
            test, value = "instr({}, ?) > 0", form
        # most complaints name no business apart: a comparison passes them over sooner than a function's call
        in_its_business = f"(c.target_name != '' AND {test.format('c.target_name')})"
        if bits := wide_forms(form, None):
            gated.append((f"{test.format('c.text')} OR {in_its_business}", [value, value], bits))
        else:
            in_text.append((test.format("c.text"), [value], 0))
            in_business.append((in_its_business, [value], 0))
    return in_text, in_business, gated


# the full-width letters' and digits' bits (``wide_forms``): the complaints writing any of them (or not known, -1) are
# in the partial index ``complaints_wide`` (m074, which writes this number as it is: a test holds the two equal), those
# naming a business apart in ``complaints_business``
WIDE_LETTERS_DIGITS = sum({WIDE_BIT[chr(ord(c) + 0xFEE0)] for c in string.ascii_lowercase + string.digits})
# the condition of that index, which a query naming it (``INDEXED BY complaints_wide``) states as its own
_WIDE_INDEXED = f"wide_forms & {WIDE_LETTERS_DIGITS} != 0"


def _split_search(words: tuple[str, ...], rules=None) -> tuple[str, list, str, list] | None:
    """A one-word short search's complaints found in two parts: the WHERE clause of a scan of the table testing
    only the texts in the ways of no full-width form (what most complaints need, and nothing more), and a query of
    the rowids of the others, which the two partial indexes find without reading the table (a test of the
    business and of the full-width forms of every text cost as much again as the scan). None when the word is not
    one that can be split so (more words, a masked number, a number, a full-width way of no letter or digit)."""
    if len(words) != 1 or masked_word(words[0]) is not None or _number_word(words[0], rules):
        return None
    in_text, in_business, gated = _word_tests(words[0], rules)
    if not in_text or any(not bits & WIDE_LETTERS_DIGITS for _test, _values, bits in gated):
        return None
    where = "WHERE " + " OR ".join(test for test, _values, _bits in in_text)
    params = [v for _test, values, _bits in in_text for v in values]
    apart = [("SELECT c.rowid FROM complaints AS c INDEXED BY complaints_business WHERE c.target_name != '' AND ("
              + " OR ".join(test for test, _values, _bits in in_business) + ")",
              [v for _test, values, _bits in in_business for v in values])]
    for test, values, bits in gated:
        apart.append((f"SELECT c.rowid FROM complaints AS c INDEXED BY complaints_wide WHERE "
                      f"c.{_WIDE_INDEXED} AND (c.wide_forms & {bits}) = {bits} AND ({test})",
                      values))
    return (where, params, " UNION ".join(sql for sql, _values in apart),
            [v for _sql, values in apart for v in values])


# above this many matches the newest are found by walking the receipt-time index (they come quickly); below
# it the matches are fetched and sorted (a rare word would otherwise walk the whole index)
MANY_MATCHES = 2000
# what walking the receipt-time index costs a complaint against a scan of the table (a row looked up for each entry)
WALK_COST = 1.4


def _short_matches(db: Database, where: str, params: list, page: int, apart: tuple[str, list] | None = None,
                   kept_connection: bool = False) -> list[int] | None:
    """The rowids of the complaints ``where`` finds (a short word's, ``_search_clause``; with ``apart``, the query
    of the others, as ``_split_search`` parts them), by one scan of the table; None as soon as the matches found say
    that walking the receipt-time index to the page's end (``page``: its offset and length), which reads about the
    share page / matches of the complaints, is quicker than reading the rest of the table (the scan reads the rowids
    in order: the rowid reached says how far it is). ``kept_connection``: as for ``search_complaints``."""
    # (one MIN and one MAX a query: both in one read the whole table)
    first, last = db.execute("SELECT (SELECT MIN(rowid) FROM complaints), (SELECT MAX(rowid) FROM complaints)"
                             ).fetchone()
    if first is None:
        return []
    with _scan_cache(db, not kept_connection):
        return _short_scan(db, where, params, page, apart, first, last)


# the page cache of a scan of the table (``_short_matches``) on a connection opened for the search: SQLite's default,
# 2 MB. The connection's own (128 MB, ``db.connection.set_journal``) is for pages read again; a scan reads each page
# once, and on a new connection (the window opens one for each search) it took memory for every page it read up to
# 128 MB, each page a new allocation given back when the connection closed: a short word found nowhere took 1.2-2.5x
# the time of the same scan on a connection of the default cache. A connection kept open (the list's own, reading a
# further page: ``search_complaints``'s ``kept_connection``) keeps its cache: a smaller one set drops the pages it
# holds beyond it, which the window's other lists would read from the disk again
SCAN_CACHE_SIZE = -2000


@contextmanager
def _scan_cache(db: Database, smaller: bool = True) -> Iterator[None]:
    """The connection's page cache of ``SCAN_CACHE_SIZE`` inside the block, as it was after it; left as it is
    without ``smaller`` (a connection kept open)."""
    if not smaller:
        yield
        return
    held = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {SCAN_CACHE_SIZE}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(held)}")


def _short_scan(db: Database, where: str, params: list, page: int, apart: tuple[str, list] | None, first: int,
                last: int) -> list[int] | None:
    """``_short_matches`` of a table whose rowids run from ``first`` to ``last``."""
    # the others' rowids (``_split_search``), counted as the scan passes them (one the scan finds too counted once)
    others = sorted(r[0] for r in db.execute(*apart)) if apart else []
    also = set(others)
    found: list[int] = []
    only_scanned = 0
    span = last - first + 1
    cursor = db.execute(f"SELECT c.rowid FROM complaints AS c NOT INDEXED {where}", params)
    try:
        for (rowid,) in cursor:
            found.append(rowid)
            only_scanned += rowid not in also
            if (matched := only_scanned + bisect_right(others, rowid)) >= page:
                read = (rowid - first + 1) / span
                if WALK_COST * page * read / matched < 1 - read:
                    return None
    finally:
        cursor.close()
    return sorted({*found, *others}) if others else found


def _fts_words(words, rules=None) -> str:
    """The trigram index's query for texts holding every word, each in any of its ways of writing."""
    return " AND ".join("(" + " OR ".join('"' + w.replace('"', '""') + '"' for w in _word_ways(word, rules)) + ")"
                        for word in words)


def _matching_rowids(words: tuple[str, ...], rules=None) -> tuple[str, list, bool] | None:
    """A query of the rowids of the complaints a search finds when each of its words has three characters or
    more, its parameters, and whether a word is a number; None for a shorter word (``_search_clause``). The words
    are looked up in the trigram index, a number also in the index of numbers (a scan of its entries, the texts
    writing a number otherwise than normalised: a number is found inside another one too, and ``shows_every_word``
    keeps only a whole one)."""
    if not words or any(len(w) < 3 for w in words):
        return None
    numbers = [w for w in words if _number_word(w, rules)]
    masked = {w: pattern for w in words if (pattern := masked_word(w)) is not None}
    if not numbers and not masked:
        return "SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?", [_fts_words(words, rules)], False
    parts, params = [], []
    for pattern in masked.values():  # its visible parts in the texts, or the number in the index of numbers
        # (the texts writing it otherwise); ``shows_every_word`` keeps those writing the number whole
        if visible := [part for part in _masked_parts(pattern) if len(part) >= 3]:
            parts.append("SELECT rowid AS r FROM complaints_fts WHERE complaints_fts MATCH ? UNION "
                         "SELECT complaint_rowid FROM complaint_numbers WHERE numbers GLOB ?")
            params += [_fts_words(visible, rules), _masked_glob(pattern)]
        else:
            parts.append("SELECT complaint_rowid AS r FROM complaint_numbers WHERE numbers GLOB ?")
            params.append(_masked_glob(pattern))
    if plain := [w for w in words if w not in numbers and w not in masked]:
        parts.append("SELECT rowid AS r FROM complaints_fts WHERE complaints_fts MATCH ?")
        params.append(_fts_words(plain, rules))
    for word in numbers:
        parts.append("SELECT rowid AS r FROM complaints_fts WHERE complaints_fts MATCH ? UNION "
                     "SELECT complaint_rowid FROM complaint_numbers WHERE numbers LIKE ?")
        params += [_fts_words([word], rules), f"%{_number_word(word, rules)}%"]
    if len(parts) == 1:
        return parts[0], params, True
    return " INTERSECT ".join(f"SELECT r FROM ({part})" for part in parts), params, True


def _matching(words: tuple[str, ...], rules=None) -> tuple[str, list, bool] | None:
    """``_matching_rowids``; of words read without the screening rules (``rules`` None: no digit) the one kept for
    the searches made last, its parameters a new list each time."""
    if rules is not None:
        return _matching_rowids(words, rules)
    held = _matching_held(words)
    return None if held is None else (held[0], list(held[1]), held[2])


@lru_cache(maxsize=64)
def _matching_held(words: tuple[str, ...]) -> tuple[str, tuple, bool] | None:
    found = _matching_rowids(words)
    return None if found is None else (found[0], tuple(found[1]), found[2])


def _masked_parts(pattern: re.Pattern) -> list[str]:
    """The visible digits of a masked number (``masked_word``), in order: 132****2659 → 132, 2659."""
    return [part for part in pattern.pattern.split(r"\d+") if part]


def _masked_glob(pattern: re.Pattern) -> str:
    """A GLOB pattern of the index of numbers' entries that may hold the masked number (``masked_word``)."""
    return "*" + "*".join(_masked_parts(pattern)) + "*"


def _rules_in_force(db: Database):
    """The screening rules in force for ``db`` (those the index of numbers was filled with)."""
    from workstation.screening.complaint import rules_for

    return rules_for(db)


def _has_digit(words: Iterable[str]) -> bool:
    """Whether a word of a search has a digit: only then do the screening rules (reading numbers) and masking
    matter to it (the rules are not looked up for the others: that cost more than a search finding nothing)."""
    return any(ch.isdigit() for word in words for ch in word)


def _shown_filter(db: Database, words: tuple[str, ...], rules) -> str:
    """The condition (on ``c.text``) that keeps the complaints whose every word a list shows (``shows_every_word``):
    '' when no word has a digit (then the index's matches are all shown ones); else a function of this connection
    that reads each text the index or the base table found."""
    if not _has_digit(words):
        return ""
    db.conn.create_function("complaint_shows_words", 2, _shown_test(words, rules), deterministic=True)
    return "complaint_shows_words(c.text, c.target_name)"


def _numbered(db: Database, text: str) -> list[int]:
    """The rowids of the complaints whose work-order number is exactly ``text`` (one word; [] otherwise), oldest
    first: looked up in the index of work-order numbers by source, whatever the number's length (a short one is no
    word the trigram index finds); then, when ``text`` is one telephone number, those whose complainant called
    from it (their 来电号码, stored as digits and listed masked: ``_complainant_number``), by its index. A number
    pasted in full width (２０２６０３１２０００４５, as an input method or a spreadsheet copies it) is looked up in ASCII
    too, as the exports write their work-order numbers; one stored in full width as its file wrote it stays found.
    A control character or text-direction mark pasted with the number is left out, as the import leaves it out of
    the number it stores (``importing.tables.without_unsafe``). A telephone number typed with spaces (137 8036 7017,
    +86 13780367017, with a full-width or ideographic space too: one word of ``search_words``) is looked up as the
    complainant's number, without its spaces."""
    return _numbered_and(db, text)[0]


def _numbered_and(db: Database, text: str, also: tuple[str, list] | None = None) -> tuple[list[int], list | None]:
    """``_numbered`` of ``text``, and the rows of the query ``also`` (its SQL and parameters; None without), asked
    first. The sources of the work-order numbers are found by the index's first column (``_work_orders``), never held
    between searches (the window opens a connection for each search, page and count, so nothing held on one would be
    found again; and a transaction rolled back changes neither the database's version nor the connection's count of
    changes, which would have told what held is stale)."""
    ways, said = _numbered_ways(text)
    # worked out on every call, not kept with ``ways``: a local number takes the area code of the rules as they are now
    phone = _complainant_number(said) if said is not None else None
    rows = db.execute(*also).fetchall() if also else None
    if not ways:
        return _called_from(db, phone) if phone else [], rows
    return _numbered_rest(db, _work_orders(db, ways), ways, phone), rows


def _work_orders(db: Database, ways: tuple[str, ...]) -> list[int]:
    """The rowids of the complaints whose work-order number is one of ``ways``, in any source, oldest first: looked up
    source by source (``_numbered_sql``: one statement, asked once for each source, prepared once on a connection)."""
    found, start, sql = [], "", _numbered_sql(len(ways))
    while start is not None:
        start_at, start = start, None
        for kind, value in db.execute(sql, [start_at, *ways]):
            if kind == 1:
                found.append(value)
            else:
                start = value
    return sorted(found)


# the first source of work-order numbers from a given one on (``source >= ?``), by the index of work-order numbers
_SOURCE_FROM = ("(SELECT MIN(source) FROM complaints INDEXED BY complaints_external WHERE external_id != '' AND "
                "source >= ?1)")


@lru_cache(maxsize=32)
def _numbered_sql(ways: int) -> str:
    """The look-up of a work-order number written in ``ways`` ways in the first source of work-order numbers from
    a given one on (1: the rowids found), and the next source after it (2: NULL when there is none). Each part names
    the index it reads: such a statement is prepared in a fraction of the time of one whose plan is chosen among
    the complaints' dozen indexes, most of them partial (a search on a new connection prepares every statement it
    asks: the look-up of every source in one recursive statement took longer to prepare than the trigram index took
    to find nothing)."""
    return (f"SELECT 1, rowid FROM complaints INDEXED BY complaints_external WHERE source = {_SOURCE_FROM} AND "
            f"external_id IN ({', '.join(f'?{i + 2}' for i in range(ways))}) AND external_id != '' UNION ALL "
            f"SELECT 2, MIN(source) FROM complaints INDEXED BY complaints_external WHERE external_id != '' AND "
            f"source > {_SOURCE_FROM}")


def _numbered_rest(db: Database, found: list[int], ways: tuple[str, ...], phone: str | None) -> list[int]:
    """``_numbered`` after the look-up of the work-order number (``found``): its tail, the complainant's number."""
    if not found and _WORK_ORDER_TAIL.fullmatch(tail := ways[-1]):  # the tail of a number (009485 of
        # FS12345-2026-009485), after a dash or its other characters: a scan of the work-order index (partial:
        # external_id != ''), the few it finds oldest first
        found = [r[0] for r in db.execute(
            "SELECT rowid FROM complaints INDEXED BY complaints_external WHERE external_id != '' AND "
            "external_id LIKE ? ESCAPE '\\' AND external_id != ? ORDER BY rowid LIMIT ?",
            ["%" + tail.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"), tail, WORK_ORDER_TAILS])]
    if phone:
        found += [r for r in _called_from(db, phone) if r not in found]
    return found


@lru_cache(maxsize=64)
def _numbered_ways(text: str) -> tuple[tuple[str, ...], str | None]:
    """What ``_numbered`` looks up for ``text`` (kept for the searches made last: a page, its count and the next page
    ask again): the ways of writing the work-order number it may be (none unless one word) and the text to read as
    the complainant's number (``_complainant_number``; None for none). Only what the text alone decides is kept: the
    complainant's number of a local one depends on the rules' default area code, which may change between searches."""
    if _CHINESE_WORD.fullmatch(text):
        return (text,), text
    from workstation.importing.tables import without_unsafe

    number = without_unsafe(text).strip()
    if not number:
        return (), None
    if len(number.split()) != 1:
        words = search_words(number)
        return (), "".join(words[0].split()) if len(words) == 1 else None
    # typed in small letters too (fs12345-2026-009485): the exports write their work-order numbers' letters in capitals
    ways = tuple(dict.fromkeys((number, number.translate(TO_ASCII), number.translate(TO_ASCII).translate(_UPPER))))
    return ways, number


# a search word that may be the tail of a work-order number: six characters or more of its digits, letters and dashes,
# a digit among them; at most this many complaints are found first by a tail (a common tail is no work order typed)
_WORK_ORDER_TAIL = re.compile(r"(?=[A-Z-]*[0-9])[0-9A-Z-]{6,}")
WORK_ORDER_TAILS = 20


def _called_from(db: Database, phone: str) -> list[int]:
    """The rowids of the complaints whose complainant called from ``phone`` (as stored), oldest first, by its index."""
    return [r[0] for r in db.execute("SELECT rowid FROM complaints INDEXED BY complaints_complainant WHERE "
                                     "complainant_phone = ? ORDER BY rowid", [phone])]


def _complainant_number(text: str) -> str | None:
    """``text`` as a complainant's number is stored (a mobile's 11 digits, a landline with its area code) when it is
    one telephone number as a whole (13800138001, 0757-86123457, +86 138…), else None."""
    if not any(ch.isdigit() for ch in text):  # every way of writing a number has a digit
        return None
    from workstation.screening.phones import PHONE_RX, ascii_digits, normalise_phone

    written = ascii_digits(text).strip()
    match = PHONE_RX.fullmatch(written)
    if match is None or match.lastgroup == "sms":
        return None
    return normalise_phone(written)


def search_complaints(db: Database, text: str, limit: int = 200, offset: int = 0, *, kept_connection: bool = False
                      ) -> list[ComplaintHit]:
    """One page of the complaints whose text contains every word of ``text`` (``search_words``; all complaints when
    empty; a whole number of ``NUMBER_DIGITS`` digits or more may instead be written otherwise, see
    ``numbers_written_otherwise``), newest first; a word with a digit only where the list shows it, never only in
    the digits masking hides (``shows_every_word``). A query that is a complaint's work-order number finds that
    complaint first (``_numbered``), whatever its text. The snippet marks the words between MARK_START and
    MARK_END. ``kept_connection``: ``db`` is a connection kept open after the search (the list's own, reading a
    further page), whose page cache a scan of the table leaves as it is; the search's own connection (the
    default: the window's tasks open one for each search) scans with a smaller one (``SCAN_CACHE_SIZE``). The
    complaints found are the same."""
    words = _checked_words_held(text)
    rules = _rules_in_force(db) if _has_digit(words) else None
    matching = _matching(words, rules)
    # a long word's first look in the search index, asked before the work-order number's: the rowids it finds, up to
    # MANY_MATCHES + 1 (a plain query is prepared sooner than one counting them into a JSON list, which a search
    # finding nothing, the slowest against its bare query, never needs)
    probe = (f"{matching[0]} LIMIT ?", [*matching[1], MANY_MATCHES + 1]) if matching is not None else None
    numbered, probed = _numbered_and(db, text, probe)
    head = _hits(db, "WHERE c.rowid IN (SELECT value FROM json_each(?))", [json.dumps(numbered[offset:offset + limit])],
                 "", words, rules, len(numbered[offset:offset + limit]), 0) if offset < len(numbered) else []
    limit, offset = limit - len(head), max(offset - len(numbered), 0)
    if limit <= 0:
        return head
    index = ""
    shown = _shown_filter(db, words, rules)
    if matching is None:
        where, params = _search_clause(words, rules)
        if where:  # a short word: its matches are collected by one scan of the table, and the few sorted (walking
            # the receipt-time index, a row looked up for each entry, read every row for a rare word); the newest of
            # many are found by that walk, which comes on them quickly: the scan gives way to it as soon as the
            # matches read say so (``_short_matches``)
            split = _split_search(words, rules)
            found = _short_matches(db, where, params, offset + limit, None, kept_connection) if split is None \
                else _short_matches(db, split[0], split[1], offset + limit, (split[2], split[3]), kept_connection)
            if found is not None and not found:
                return head
            if found is not None and len(found) <= MANY_MATCHES:
                where, params = "WHERE c.rowid IN (SELECT value FROM json_each(?))", [json.dumps(found)]
            else:
                index = "INDEXED BY complaints_received"
    else:
        sql, params, _numbers = matching
        if not probed:
            return head
        if len(probed) > MANY_MATCHES:
            index, where = "INDEXED BY complaints_received", f"WHERE c.rowid IN ({sql})"
        else:  # the few matches are already in hand: no second search
            where, params = "WHERE c.rowid IN (SELECT value FROM json_each(?))", [json.dumps([r for (r,) in probed])]
    if shown:
        where = f"{where} AND {shown}" if where else f"WHERE {shown}"
    if numbered:  # found first already
        where = f"{where} AND " if where else "WHERE "
        where += "c.rowid NOT IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(numbered)]
    return head + _hits(db, where, params, index, words, rules, limit, offset)


def _hits(db: Database, where: str, params: list, index: str, words, rules, limit: int, offset: int
          ) -> list[ComplaintHit]:
    # with what screening made of each (its category, whether screened, the lead it is in named by its numbers or
    # business): the search list's 筛查结论, read here, not a query a row
    rows = db.execute(f"SELECT c.id, c.external_id, c.received_at, c.text, c.complainant_phone, c.lead_id, "
                      f"c.category, c.screened_at IS NOT NULL, (SELECT COALESCE(NULLIF(l.phones, ''), "
                      f"NULLIF(l.businesses, ''), l.target_name) FROM leads AS l WHERE l.id = c.lead_id), "
                      f"c.target_name FROM complaints AS c {index} {where} ORDER BY c.received_at DESC, c.rowid DESC "
                      f"LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    if not rows:
        return []
    # the numbers are masked when a list first shows them (every number of a cell of several), with the rules in force
    # now, looked up once for the page
    mask_rules = None
    if any(r[4] for r in rows):
        from workstation.masking import rules_in_force

        mask_rules = rules_in_force()
    return [ComplaintHit(r[0], r[1], r[2], r[3], r[4] or "", r[5], words, rules, r[6] or "", bool(r[7]), r[8] or "",
                         r[9] or "", mask_rules) for r in rows]


def complaints_of_lead(db: Database, lead_id: str, limit: int = 50, offset: int = 0) -> list[dict]:
    """One page of the complaints grouped into a lead, oldest first (in the order they were stored on one time, so
    that the pages neither repeat nor skip one): {id, received_at, external_id, text}. A complaint stored twice is
    listed once (``link_doubles``); one received through two channels is listed for each."""
    cursor = db.execute(f"SELECT id, received_at, external_id, text FROM complaints AS c WHERE lead_id = ? AND "
                        f"{NOT_A_DOUBLE} ORDER BY received_at, rowid LIMIT ? OFFSET ?", [lead_id, limit, offset])
    return [{"id": r[0], "received_at": r[1] or "", "external_id": r[2] or "", "text": r[3] or ""} for r in cursor]


def complaint_origin(db: Database, complaint_id: str) -> dict | None:
    """Where a complaint came from and what became of it, as its pane shows it under the text: {source,
    source_file, source_row, source_sheet (a workbook's sheet of several, else ''), raw (the row as imported: column →
    cell), complainant_phone (the number stored, '' for none), category, screened, lead (the leads row's
    received_at, phones, businesses, target_name; None when in no lead), others (the same complaint received
    through another channel: source, external_id, source_file, source_row, source_sheet each)}; None when it is gone. The
    complaints linked to it are looked up by the complainant's number they share (its index), not in every row."""
    row = db.execute("SELECT source, source_file, source_row, raw, category, screened_at, lead_id, same_as, "
                     "complainant_phone, source_sheet FROM complaints WHERE id = ?", [complaint_id]).fetchone()
    if row is None:
        return None
    source, source_file, source_row, raw, category, screened_at, lead_id, same_as, phone, sheet = row
    root = same_as or complaint_id
    others = db.execute(
        "SELECT source, external_id, source_file, source_row, source_sheet FROM complaints WHERE (id = ?1 OR "
        "(complainant_phone = ?2 AND ?2 != '' AND same_as = ?1)) AND id != ?3 AND source != ?4 ORDER BY rowid",
        [root, phone or "", complaint_id, source]).fetchall()
    lead = db.execute("SELECT received_at, phones, businesses, target_name FROM leads WHERE id = ?",
                      [lead_id]).fetchone() if lead_id else None
    try:
        cells = json.loads(raw or "{}")
    except ValueError:
        cells = {}
    return {"source": source, "source_file": source_file or "", "source_row": source_row,
            "source_sheet": sheet or "", "raw": cells if isinstance(cells, dict) else {}, "complainant_phone": phone or "",
            "category": category or "",
            "screened": screened_at is not None,
            "lead": dict(zip(("received_at", "phones", "businesses", "target_name"), lead, strict=True))
            if lead else None,
            "others": [dict(zip(("source", "external_id", "source_file", "source_row", "source_sheet"), o,
                                strict=True))
                       for o in others]}


def count_complaints_of_lead(db: Database, lead_id: str) -> int:
    """How many complaints ``complaints_of_lead`` lists for a lead (read from the lead index)."""
    return db.execute(f"SELECT COUNT(*) FROM complaints AS c WHERE lead_id = ? AND {NOT_A_DOUBLE}",
                      [lead_id]).fetchone()[0]


@dataclass(frozen=True)
class ComplaintCount:
    """A count of the complaints a search finds that may have stopped at a cap (``tasks.complaint_count_task``)."""

    n: int  # the complaints found; the cap when there are more
    more: bool  # there are more than ``n``: the count stopped at its cap


def count_complaints(db: Database, text: str = "", limit: int | None = None) -> int:
    """How many complaints ``search_complaints`` finds for ``text`` (all of them when empty). With ``limit`` the
    count stops after ``limit`` + 1 matches: a count above ``limit`` (``limit`` + 1) says that there are more than
    ``limit``, one at or below it is exact. A search with a digit tests each text it matches where the list shows
    it (``shows_every_word``): a one-digit search over 300,000 complaints took 10 seconds uncapped."""
    words = _checked_words_held(text)
    rules = _rules_in_force(db) if _has_digit(words) else None
    numbered = _numbered(db, text)
    if limit is not None and len(numbered) > limit:
        return limit + 1
    rest = None if limit is None else limit + 1 - len(numbered)
    if numbered:  # the complaints of that work-order number, and the others the text finds
        return len(numbered) + _count_found(db, words, rules, json.dumps(numbered), rest)
    return _count_found(db, words, rules, "", rest)


def _count_found(db: Database, words, rules, without: str = "", most: int | None = None) -> int:
    """How many complaints the ``words`` find, those of the rowids ``without`` (a JSON list) left out; at most
    ``most`` (the query stops reading there)."""
    matching = _matching(words, rules)
    shown = _shown_filter(db, words, rules)
    apart = " AND c.rowid NOT IN (SELECT value FROM json_each(?))" if without else ""
    if matching is not None:
        sql, params, _numbers = matching
        if not shown and not without:  # no digits: the index counts its own matches (it holds exactly the texts)
            return _counted(db, "rowid", "FROM complaints_fts WHERE complaints_fts MATCH ?", params, most)
        # the texts the index found are read (a number is a word with digits): a number's hidden digits find nothing
        return _counted(db, "c.rowid", f"FROM complaints AS c WHERE c.rowid IN ({sql}) AND {shown or '1'}{apart}",
                        [*params, *([without] if without else [])], most)
    where, params = _search_clause(words, rules)
    if shown:
        where = f"{where} AND {shown}" if where else f"WHERE {shown}"
    if without:
        where = (f"{where}{apart}" if where else f"WHERE {apart[5:]}")
        params = [*params, without]
    with _scan_cache(db):  # a scan of the table (``_short_matches``)
        return _counted(db, "c.rowid", f"FROM complaints AS c {where}", params, most)


def _counted(db: Database, column: str, rows: str, params: list, most: int | None) -> int:
    """How many ``rows`` (a query's FROM and WHERE) there are; at most ``most``, read no further than that (a
    LIMIT on the rows' ``column``, before they are counted)."""
    if most is None:
        return db.execute(f"SELECT COUNT(*) {rows}", params).fetchone()[0]
    return db.execute(f"SELECT COUNT(*) FROM (SELECT {column} {rows} LIMIT ?)", [*params, most]).fetchone()[0]


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words of a search occur in ``text``: (start, end) of every occurrence, overlapping ones joined,
    in order (case-insensitive for Latin letters and in ASCII or full width alike, as the search is)."""
    folded = text.translate(TO_ASCII).lower()  # each character stays one character in its place
    needles = [w.translate(TO_ASCII).lower() for w in words if w]
    if len(folded) != len(text):  # a letter whose lower case is longer would shift the positions
        folded, needles = text.translate(TO_ASCII), [w.translate(TO_ASCII) for w in words if w]
    spans = []
    for needle in needles:
        at = folded.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = folded.find(needle, at + 1)
    return _joined(spans)


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` in order, overlapping or touching ones joined."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _whole_numbers(words: list[str], rules=None) -> tuple[set[str], set[str]]:
    """The search words that are a whole telephone number (as the phone reader normalises it, with the area code of
    ``rules``, the screening rules in force) and those that are a whole resident ID number (upper case): the only
    ways a search finds the masked digits of a number. An ID number is one ``ID_RX`` reads, or one of the shape an
    ID number takes after its label whatever its birth date (``_labelled_id_word``: a mistyped one, which masking
    masks after its label, ``masking.LABELLED_ID_RX``; ``masking.id_number_spans`` finds it only there)."""
    from workstation.masking import ID_RX
    from workstation.screening.phones import PHONE_RX, ascii_digits, normalise_phone

    phones, ids = set(), set()
    for word in words:
        half = ascii_digits(word.translate(TO_ASCII)).strip()
        if _number_word(word, rules) and PHONE_RX.fullmatch(half) and (number := normalise_phone(half, rules)):
            phones.add(number)
        if ID_RX.fullmatch(half.upper()) or _labelled_id_word(half):
            ids.add(half.upper())
    return phones, ids


def _labelled_id_word(half: str) -> bool:
    """Whether a search word (``half``: in ASCII) has the shape of the number ``masking.LABELLED_ID_RX`` reads after
    an ID label (18 characters, the last a digit or X, or 15 digits; one separator or none between them), read by that
    pattern itself after a label, so that the two never differ."""
    from workstation.masking import LABELLED_ID_RX

    return LABELLED_ID_RX.fullmatch("身份证" + half) is not None if half[:1].isdigit() else False


def _number_spans(text: str, words: list[str], rules=None) -> list[tuple[int, int]]:
    """Where ``text`` writes a telephone number that a word of the search is as a whole (however either writes it:
    135-0000-0011 for 13500000011, 0757-8888 1234 for 88881234 with the area code 0757 of ``rules``, the screening
    rules in force), or a resident ID number a word is: the whole number as written, so that a list marks it whole,
    masked. A part of a number finds nothing here: the digits masking hides are never probed one by one."""
    if not any(ch.isdigit() for ch in text):
        return []
    phones, ids = _whole_numbers(words, rules)
    if not phones and not ids:
        return _masked_spans(text, [(w, p) for w in words if (p := masked_word(w)) is not None], rules)
    from workstation.masking import id_number_spans
    from workstation.screening.phones import written_phones

    spans = [(start, end) for start, end, normalised in (written_phones(text, rules) if phones else ())
             if normalised in phones]
    spans += [(start, end) for start, end, number in (id_number_spans(text) if ids else ()) if number.upper() in ids]
    return spans + _masked_spans(text, [(w, p) for w in words if (p := masked_word(w)) is not None], rules)


def _visible_spans(shown: str, words: list[str], rules=None) -> list[tuple[int, int]]:
    """``match_spans`` of every way of writing the words (``_word_ways``) in ``shown``, the text as shown."""
    return match_spans(shown, [way for word in words for way in _word_ways(word, rules)])


def shown_spans(text: str, shown: str, words: list[str], rules=None) -> list[tuple[int, int]]:
    """The spans of the words of a search in ``shown``, the text as a list shows it, found in its visible
    characters only (a mark on the masked digits of a number would tell them); and a telephone or ID number that a
    word is as a whole (``_number_spans``), marked whole as written, its masked digits too: the search found it
    by all of them. ``text`` (stored) is where the numbers are read."""
    spans = _visible_spans(shown, words, rules)
    if len(shown) == len(text):  # masking keeps every character in its place
        if numbers := _number_spans(text, words, rules):
            return _joined(spans + numbers)
    return spans


def shows_every_word(text: str | None, words: tuple[str, ...] | list[str], rules=None) -> bool:
    """Whether ``text`` holds every word of a search where a list shows it: a word with a digit found in the
    visible characters of the text masked (``mask_text``), or a whole telephone or ID number the text writes;
    never only in the digits masking hides (a search for 8583 does not find ``****-6433``). A word without a digit
    is found alike in the text and masked (masking only turns digits into stars), so it is taken as found: the
    index found it."""
    return _shown_test(words, rules)(text)


def _shown_test(words: tuple[str, ...] | list[str], rules=None):
    """``shows_every_word`` for the words of one search, as a function of the text and the business complained of
    (被投诉方, shown masked: 360借条 finds it); the ways of writing each word worked out once, not once a text. A word
    found in the text outside every number masking masks (its own spans: ``masking._numbers_masked``, however the
    number is written, 132.0448.2659 too) is shown as it is; the text masked once for both."""
    digital = [w for w in words if any(ch.isdigit() for ch in w)]
    ways = [[way.translate(TO_ASCII).lower() for way in _word_ways(word, rules)] for word in digital]
    from workstation.masking import _numbers_masked, mask_text

    # each way as masked, where masking changes it: a phrase holding a whole number (接到13204482659的电话) is shown
    # as 接到132****2659的电话, and found where the text writes it and the list shows it masked so
    # (a word that is a number itself is not: its digits may be a part of a longer number the text writes)
    masked_ways = [[(way, shown) for way in written if (shown := mask_text(way, rules).translate(TO_ASCII).lower())
                    != way] if not _number_word(word, rules) and not _DIGITS.fullmatch(word.translate(TO_ASCII))
                   else [] for word, written in zip(digital, ways, strict=True)]
    masked = [masked_word(word) for word in digital]

    def test(text: str | None, target: str | None = None) -> bool:
        if not digital:
            return True
        text = text or ""
        # the numbers masking masks, where they stand (the text keeps its length): every digit it hides is in one.
        # Each holds 7 digits or more: a text with fewer is not masked at all
        shown, runs = _numbers_masked(text, rules) if sum(ch.isdigit() for ch in text) >= 7 else (text, [])
        # first in the text as stored (a way is folded already: found as it is, it is found folded), which most
        # texts a one-digit search finds write it; folding each text (a translation table) cost more than the test
        left = [n for n, written in enumerate(ways) if not any(_outside(text, way, runs) for way in written)]
        if not left:
            return True
        folded = text.translate(TO_ASCII).lower()
        left = [n for n in left if not (len(folded) == len(text) and any(
            _outside(folded, way, runs) for way in ways[n]))]
        folded_shown = None
        for n in left:
            written = ways[n]
            if runs:
                if folded_shown is None:
                    folded_shown = shown.translate(TO_ASCII).lower()
                if any(way in folded_shown for way in written) or _number_spans(text, [digital[n]], rules) or any(
                        _phrase_shown(folded, folded_shown, way, seen) for way, seen in masked_ways[n]):
                    continue
            elif any(way in folded for way in written):
                continue
            if masked[n] is not None and _masked_spans(text, [(digital[n], masked[n])], rules):
                continue
            if target and any(way in mask_text(target, rules).translate(TO_ASCII).lower() for way in written):
                continue
            return False
        return True

    return test


def _outside(folded: str, way: str, runs: list[tuple[int, int]]) -> bool:
    """Whether ``way`` occurs in ``folded`` (a text character for character) outside every span of ``runs``."""
    at = folded.find(way)
    while at >= 0:
        end = at + len(way)
        if not any(start < end and at < stop for start, stop in runs):
            return True
        at = folded.find(way, at + 1)
    return False


def _phrase_shown(folded: str, folded_shown: str, way: str, seen: str) -> bool:
    """Whether a phrase holding a whole number (``way``; ``seen`` as masked) is in a text (``folded``) where the list
    shows it masked so (``folded_shown``, character for character), no digit right before or after it there (the
    number in it whole in the text too)."""
    if len(folded) != len(folded_shown):
        return False
    at = folded.find(way)
    while at >= 0:
        end = at + len(way)
        if folded_shown[at:end] == seen and not (at and folded[at - 1].isdigit()) and not (
                end < len(folded) and folded[end].isdigit()):
            return True
        at = folded.find(way, at + 1)
    return False


def _skeleton(written: str) -> str:
    """A number as shown or typed masked, for comparing what each shows: its digits, each run of mask characters as
    one *, nothing else (132-****-2659 → 132*2659)."""
    from workstation.screening.phones import ascii_digits

    marked = "".join("*" if ch in MASK_CHARS else ch for ch in ascii_digits(written.translate(TO_ASCII)))
    return re.sub(r"\*+", "*", re.sub(r"[^0-9*]", "", marked))


def _masked_spans(text: str, masked: list[tuple[str, re.Pattern]], rules=None) -> list[tuple[int, int]]:
    """Where ``text`` writes a telephone number that a masked word of the search (word, ``masked_word``) is: the whole
    number (normalised, or its digits as written) matches it, and shows, masked as a list masks it, the digits the
    word shows (no more: a word showing a hidden digit finds nothing, so masked words do not probe hidden digits)."""
    if not masked or not any(ch.isdigit() for ch in text):
        return []
    from workstation.masking import mask_text
    from workstation.screening.phones import ascii_digits, written_phones

    spans = []
    for start, end, normalised in written_phones(text, rules):
        as_written = text[start:end]
        digits = _NON_DIGITS.sub("", ascii_digits(as_written.translate(TO_ASCII)))
        for word, pattern in masked:
            if (pattern.fullmatch(normalised or "") or pattern.fullmatch(digits)) and _skeleton(word) in {
                    _skeleton(mask_text(as_written, rules)), _skeleton(mask_text(normalised or digits, rules))}:
                spans.append((start, end))
                break
    return spans


def complaints_holding(complaints: list[dict], query: str, rules=None) -> list[dict]:
    """The complaints (dicts with external_id, text and shown, the text as a list shows it: the picker of a lead's
    complaints) whose work-order number or text holds every word of ``query`` as the complaint search finds it: a
    word in either case and width; one with a digit where the list shows it, or as a whole number however the text
    writes it (13204482659 finds 132-0448-2659), or as a masked number (132****2659, ``masked_word``), never in the
    digits masking hides (``shows_every_word``)."""
    words = search_words(query.strip())
    if not words:
        return list(complaints)
    tests = [(word.translate(TO_ASCII).casefold(), _shown_test([word], rules) if _has_digit([word]) else None)
             for word in words]
    found = []
    for complaint in complaints:
        number = complaint["external_id"].translate(TO_ASCII).casefold()
        shown = complaint["shown"].translate(TO_ASCII).casefold()
        if all(folded in number or (test(complaint["text"]) if test else folded in shown) for folded, test in tests):
            found.append(complaint)
    return found


def snippet(text: str, words: list[str], context: int = SNIPPET_CONTEXT, shown: str | None = None,
            rules=None) -> str:
    """Up to ``context`` characters either side of the first word found in ``text`` (to the end of a word found
    there), every word found in it marked between MARK_START and MARK_END; the start of the text when none is
    found (case-insensitive for Latin letters, as the search is). With ``shown`` (the text masked) the snippet is
    cut from it, at the place the word was found in ``text``; ``rules`` as for ``shown_spans``."""
    shown = text if shown is None else shown
    spans = shown_spans(text, shown, words, rules)
    if not spans:
        return shown[:2 * context] + ("…" if len(shown) > 2 * context else "")
    at, end = spans[0]
    start, stop = max(0, at - context), min(len(shown), end + context)
    stop = max([stop] + [finish for begin, finish in spans if begin < stop])  # a mark is not cut in half
    pieces, last = ["…"] if start else [], start
    for begin, finish in spans:
        if begin < stop:
            pieces += [shown[last:begin], MARK_START, shown[begin:finish], MARK_END]
            last = finish
    pieces.append(shown[last:stop])
    return "".join(pieces) + ("…" if stop < len(shown) else "")


def marked_pieces(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """A ``snippet`` without its marks, and where they were: (text, [(start, end) of every marked piece])."""
    plain, spans, at = [], [], 0
    for piece in marked.split(MARK_START):
        inside, mark, rest = piece.partition(MARK_END)
        if mark:
            spans.append((at, at + len(inside)))
        plain.append(inside + rest)
        at += len(inside) + len(rest)
    return "".join(plain), spans
