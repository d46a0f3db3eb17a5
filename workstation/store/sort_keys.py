"""The pinyin order of the case list's party and cause columns (当事人, 案由), as officers know it from Excel and WPS.

SQLite compares text by character code, which puts 赵, 朱 before 佛 (U+8D75, U+6731 against U+4F5B). Each case
keeps a sort key of its party names and of its cause: the text encoded in GB18030, written as hexadecimal digits
(text, so that bundles, the audit log and JSON never meet bytes; hex digits compare as the bytes do). GB18030's
first level (GB 2312 一级汉字, the 3,755 common characters, 啊 B0A1 to 座 D7F9) is in pinyin order; the rarer
characters names use (GB 2312's second level, ordered by radical, such as 禅 of 禅城区, and GBK's additions, which
GB18030 puts before the first level) are each placed after the first-level character they follow in pinyin
(``resources/reference/pinyin_order.txt``, made from ICU's collation by ``bench/make_pinyin_order.py``): written as
that character, a mark after every first-level one, then themselves. Latin letters and digits come before Chinese
text; a character with two readings sorts by the one GB 2312 gives it (银行 háng under xíng).

The keys are written where the texts are (``refresh_party_names``, which creating and editing a case and renaming a
party go through; the register import and the bundle merge call ``fill_sort_keys`` once for all their cases), and
a trigger clears them whenever the party names or the cause change without them, so that a key is never stale:
a cleared key is filled again by ``fill_sort_keys`` (m031 filled those of the cases stored before)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Sequence
from contextlib import contextmanager
from functools import cache

from workstation.db import Database
from workstation.paths import resource

# the codec of the keys looked up as this module loads (before the window imports Qt): looked up at the first key,
# the officers' names sorted before the window's first paint, its four modules were each read again by PySide6's
# import hook (~0.4 ms of the start)
codecs.lookup("gb18030")

#: what is missing a key: the rows ``fill_sort_keys`` fills (the partial index ``cases_sort_missing`` finds them)
MISSING = "party_sort IS NULL OR cause_sort IS NULL"


#: written after the first-level character a rarer one follows: GB18030 FEFE, after every character's first byte
#: but the private ones of row FE
AFTER_MARK = "\ue4c5"


@cache
def _pinyin_text() -> str:
    """``pinyin_order.txt`` without its comments: a line a first-level character, then the rarer ones that follow it
    in pinyin."""
    text = resource("reference", "pinyin_order.txt").read_text(encoding="utf-8")
    while text.startswith("#"):  # the comments above the table: cut off whole (the table itself is not split)
        text = text[text.find("\n") + 1:] if "\n" in text else ""
    text = text.strip("\n")
    if "\n#" in text or "\n\n" in text:  # comments or blank lines within: line by line
        text = "\n".join(line for line in text.splitlines() if line and not line.startswith("#"))
    return text


@cache
def _placed() -> frozenset[str]:
    """The rarer characters the table places: a text without any (most names) is only encoded. Made at once from
    the text; each one's place is looked up when a text holds it (``_place``), never the whole table (its 17,000
    entries would cost an officer's name sorted before the window's first paint about 20 ms)."""
    return frozenset(_pinyin_text()) - frozenset(line[0] for line in _pinyin_text().split("\n")) - {"\n"}


@cache
def _place(char: str) -> str:
    """A rarer character as the key writes it: the first-level character it follows in pinyin (its line's first),
    the mark, itself."""
    text = _pinyin_text()
    anchor = text[text.rfind("\n", 0, text.index(char)) + 1]
    return anchor + AFTER_MARK + char


#: a text this long or shorter is checked character by character for common ones before the table is asked
SHORT = 8


def _common(text: str) -> bool:
    """Whether ``text`` holds only ASCII and first-level characters (GB18030 B0A1–D7FE), which are in pinyin order as
    encoded: none of them is one the table places."""
    for char in text:
        if char >= "\x80":
            encoded = char.encode("gb18030")
            if len(encoded) != 2 or not 0xB0 <= encoded[0] <= 0xD7 or encoded[1] < 0xA1:  # GBK's additions: 40–A0
                return False
    return True


@cache
def _one(char: str) -> str:
    """One character as the key writes it, found in the table's text rather than in ``_placed``: placed when the
    text holds it other than at a line's start (the first-level characters the others follow)."""
    text = _pinyin_text()
    if char == "\n" or char not in text or text.startswith(char) or "\n" + char in text:
        return char
    return _place(char)


def text_sort_key(text: str) -> str:
    """The sort key of ``text``: its GB18030 bytes, each rarer character placed in pinyin order first, as lowercase
    hexadecimal digits ('' for '')."""
    if len(text) <= SHORT:  # a name: no table to build (the window's first paint sorts the officers' names)
        if not _common(text):
            text = "".join(map(_one, text))
        return text.encode("gb18030").hex()
    placed = _placed()
    if not placed.isdisjoint(text):
        text = "".join(_place(char) if char in placed else char for char in text)
    return text.encode("gb18030").hex()


def sort_key_statements(number_order: tuple[str, ...]) -> list[str]:
    """The columns, indexes and trigger of the sort keys (m031): an index of each key before the natural
    case-number order (``number_order``, the list's tie-break), one of the rows missing a key, and the trigger that
    clears both keys when the party names or the cause change."""
    number = ", ".join(number_order)
    return ["ALTER TABLE cases ADD COLUMN party_sort TEXT",
            "ALTER TABLE cases ADD COLUMN cause_sort TEXT",
            f"CREATE INDEX cases_party_order ON cases(party_sort, {number})",
            f"CREATE INDEX cases_cause_order ON cases(cause_sort, {number})",
            f"CREATE INDEX cases_sort_missing ON cases(id) WHERE {MISSING}",
            """CREATE TRIGGER cases_sort_stale AFTER UPDATE OF party_names, cause ON cases
                WHEN new.party_names IS NOT old.party_names OR new.cause IS NOT old.cause
                BEGIN UPDATE cases SET party_sort = NULL, cause_sort = NULL WHERE rowid = new.rowid; END"""]


def fill_sort_keys(db: Database, case_id: str | None = None) -> int:
    """Write the missing sort keys (of one case, or of every case missing one); the number of cases written."""
    if case_id is None:
        rows = db.execute(f"SELECT id, party_names, cause FROM cases WHERE {MISSING}").fetchall()
    else:
        rows = db.execute("SELECT id, party_names, cause FROM cases WHERE id = ?", [case_id]).fetchall()
    db.conn.executemany("UPDATE cases SET party_sort = ?, cause_sort = ? WHERE id = ?",
                        [(text_sort_key(names or ""), text_sort_key(cause or ""), cid) for cid, names, cause in rows])
    return len(rows)


# ---- the amount the 罚没金额 column shows, kept for its sort --------------------------------------------------------
#
# The case list shows, and sorts by, the fines and confiscation decided, else, between the notice and the decision,
# the total proposed (``penalty_terms.shown_penalties_sql``): an amount read from the case's decisions, notices,
# services of the notice and parties. Worked out for every case at each page, that sort took 0.2–0.4 s a page and
# 0.8–1.7 s to keep a case selected at 100,000 cases, on the window's thread. Each case keeps it instead
# (``penalty_sort``, m043), indexed before the natural number order, so that a page is read from the index. Triggers
# work it out again for the case whenever anything it is read from is written — the case's status, amounts or
# decision date, a document, an event, a party link or a clock event of it (an outcome of the party's
# reconsideration or lawsuit revoking the decision, m046, or declaring it void, m066) — whichever code writes it (editing, the procedure,
# issuing and voiding documents, the bundle merge, repairs): no write path has to remember it, so the key cannot be stale. The register
# import defers them for its bulk insert (``deferred_penalty_keys``). Bundles do not carry the key.

#: the tables and writes whose rows the amount is read from, each with the case (by ``new`` or ``old``) they touch
_PENALTY_SOURCES = (
    ("cases_penalty_insert", "AFTER INSERT ON cases", "rowid = new.rowid"),
    # the amount reads only these of the case's own columns (the key itself is not among them: with recursive
    # triggers on, the trigger's own write must not fire it again)
    # (the decision date: an outcome revoking the decision counts from it, ``penalty_terms.revoked_sql``)
    ("cases_penalty_update", "AFTER UPDATE OF id, status, fine_fen, confiscated_fen, decided_on ON cases",
     "rowid = new.rowid"),
    ("documents_penalty_insert", "AFTER INSERT ON documents", "id = new.case_id"),
    ("documents_penalty_update", "AFTER UPDATE ON documents", "id IN (old.case_id, new.case_id)"),
    ("documents_penalty_delete", "AFTER DELETE ON documents", "id = old.case_id"),
    ("case_events_penalty_insert", "AFTER INSERT ON case_events", "id = new.case_id"),
    ("case_events_penalty_update", "AFTER UPDATE ON case_events", "id IN (old.case_id, new.case_id)"),
    ("case_events_penalty_delete", "AFTER DELETE ON case_events", "id = old.case_id"),
    ("case_parties_penalty_insert", "AFTER INSERT ON case_parties", "id = new.case_id"),
    ("case_parties_penalty_update", "AFTER UPDATE ON case_parties", "id IN (old.case_id, new.case_id)"),
    ("case_parties_penalty_delete", "AFTER DELETE ON case_parties", "id = old.case_id"),
    ("clock_events_penalty_insert", "AFTER INSERT ON clock_events", "id = new.case_id"),
    ("clock_events_penalty_update", "AFTER UPDATE ON clock_events", "id IN (old.case_id, new.case_id)"),
    ("clock_events_penalty_delete", "AFTER DELETE ON clock_events", "id = old.case_id"),
)


#: the expression stated once (m073): each trigger above names the cases whose key is due in this view (their ids,
#: ``penalty_key_view``), and the one trigger on it (``_PENALTY_WORK_OUT``) works their amount out. Each of the 14
#: wrote the 6 KB expression out before: 88 KB of the 115 KB schema, which every new connection parses before its
#: first query (13.5 ms against 4.6 ms without them). As the 14 triggers did, the view and the trigger on it bind
#: ``cases`` and the columns the expression reads: a migration rebuilding ``cases`` or dropping such a column drops
#: the view and the 15 triggers first and makes them again after (``remake_penalty_triggers``), with the one
#: writing ``WARNING_KEY`` (m079), which reads what they read.
PENALTY_DUE = "penalty_sort_due"
_PENALTY_WORK_OUT = "cases_penalty_work_out"

#: the sort key of a case the list shows 警告 (m079): after the cases showing no amount (0), before the least (1 fen),
#: every other key (and so every amount's order) kept, the index ordering the one real value among the integers
WARNING_KEY = 0.5
#: the trigger writing it (``warning_key_trigger``), one of ``penalty_key_triggers``
WARNING_KEY_TRIGGER = "cases_penalty_warning"
#: the statuses the list shows 警告 in (``ui.case_model.DECIDED``)
WARNED_STATUSES = ("penalty_decided", "served", "performed", "closed", "archived")


def warned_sql() -> str:
    """SQL condition (over ``cases``, its amount shown 0): the list shows 警告 for it — decided (``WARNED_STATUSES``)
    and its warning alone standing (``penalty_terms.warning_alone_sql``, which ``cases_warned_only`` asks too)."""
    from workstation.penalty_terms import WARNING_STANDS, warning_alone_sql

    statuses = ", ".join(f"'{status}'" for status in WARNED_STATUSES)
    return f"(cases.status IN ({statuses}) AND {warning_alone_sql()} = {WARNING_STANDS})"


# the tests' reference (no caller in the program): the key worked out from scratch, compared with the stored one
def penalty_sort_sql() -> str:
    """SQL (over ``cases``): the sort key the case list's 罚没金额 reads, worked out from scratch — the amount shown
    (``penalty_terms.shown_penalties_sql``), ``WARNING_KEY`` for a case showing 警告."""
    from workstation.penalty_terms import shown_penalties_sql

    amount = shown_penalties_sql()
    return f"(CASE WHEN {amount} = 0 AND {warned_sql()} THEN {WARNING_KEY} ELSE {amount} END)"


def warning_key_trigger() -> str:
    """The trigger making the key of a case worked out as 0 ``WARNING_KEY`` when the list shows it 警告 (m079): every
    write of the key (the amount worked out, ``fill_penalty_keys``) fires it. A change of the case's procedure, which
    decides whether its 当场行政处罚决定书 stands and writes no key, takes a ``WARNING_KEY`` back to 0 first, to be
    asked again. Recursive triggers on, the key written by it fires it again: at 0, the condition asked again; at
    ``WARNING_KEY``, not (the procedure unchanged)."""
    return (f"CREATE TRIGGER {WARNING_KEY_TRIGGER} AFTER UPDATE OF penalty_sort, procedure_kind ON cases "
            f"WHEN new.penalty_sort = 0 OR (new.penalty_sort = {WARNING_KEY} AND "
            "old.procedure_kind IS NOT new.procedure_kind) BEGIN "
            f"UPDATE cases SET penalty_sort = 0 WHERE rowid = new.rowid AND penalty_sort = {WARNING_KEY}; "
            f"{_warning_key_update('rowid = new.rowid')}; END")


def _warning_key_update(where: str) -> str:
    """SQL writing ``WARNING_KEY`` for the cases ``where`` names whose key is 0 and the list shows 警告
    (``warned_sql``): the one statement the trigger (``warning_key_trigger``) and ``mark_warning_keys`` run."""
    return f"UPDATE cases SET penalty_sort = {WARNING_KEY} WHERE {where} AND penalty_sort = 0 AND {warned_sql()}"


def mark_warning_keys(db: Database, where: str = "1", params: Sequence[object] = ()) -> None:
    """Write ``WARNING_KEY`` for the cases ``where`` (with ``params``) names whose key is worked out as 0 and the list
    shows 警告, as the trigger does (``warning_key_trigger``): where it is dropped or was not there yet."""
    db.execute(_warning_key_update(where), list(params))


def penalty_key_view() -> str:
    """The view the triggers name the cases whose key is due in (inserting an id into it works the key out)."""
    return f"CREATE VIEW {PENALTY_DUE} AS SELECT id FROM cases"


def penalty_key_triggers() -> list[str]:
    """The triggers keeping each case's ``penalty_sort`` (m043): one working out the amount of a case named in the
    view (``shown_penalties_sql(one_case=True)``), and one per source naming the case (or cases) a write touched
    (m073); and the one writing ``WARNING_KEY`` for a case the list shows 警告 (``warning_key_trigger``, m079). A
    change of the expression needs a migration making them again (``remake_penalty_keys``;
    tests/test_sortmask_penalty_key.py compares them with the database's)."""
    from workstation.penalty_terms import shown_penalties_sql

    work_out = (f"CREATE TRIGGER {_PENALTY_WORK_OUT} INSTEAD OF INSERT ON {PENALTY_DUE} BEGIN UPDATE cases SET "
                f"penalty_sort = {shown_penalties_sql(one_case=True)} WHERE id = new.id; END")
    return [work_out, *(f"CREATE TRIGGER {name} {when} BEGIN INSERT INTO {PENALTY_DUE} (id) SELECT id FROM cases "
                        f"WHERE {which}; END" for name, when, which in _PENALTY_SOURCES), warning_key_trigger()]


def penalty_key_statements(number_order: tuple[str, ...]) -> list[str]:
    """The column, index, view and triggers of the 罚没金额 sort key (m043); ``fill_penalty_keys`` fills it after
    them."""
    number = ", ".join(number_order)
    return ["ALTER TABLE cases ADD COLUMN penalty_sort INTEGER",
            f"CREATE INDEX cases_penalty_order ON cases(penalty_sort, {number})",
            f"DROP VIEW IF EXISTS {PENALTY_DUE}", penalty_key_view(), *penalty_key_triggers()]


def fill_penalty_keys(db: Database, after_rowid: int = 0) -> None:
    """Work out the sort key of every case (of those after ``after_rowid``) in one statement, which lists the decided
    cases once for all (``shown_penalties_sql``), then ``WARNING_KEY`` for those of them the list shows 警告 (which
    the trigger wrote already when it is there: the triggers dropped, as the register import drops them, not)."""
    from workstation.penalty_terms import shown_penalties_sql

    db.execute(f"UPDATE cases SET penalty_sort = {shown_penalties_sql()} WHERE rowid > ?", [after_rowid])
    mark_warning_keys(db, "rowid > ?", [after_rowid])


def remake_penalty_keys(db: Database) -> None:
    """Make the view and the triggers keeping ``penalty_sort`` again as ``penalty_key_view`` and
    ``penalty_key_triggers`` write them today (those of an earlier version dropped) and work out every case's key
    again: what a migration changing the amount does."""
    remake_penalty_triggers(db)
    fill_penalty_keys(db)


def remake_penalty_triggers(db: Database) -> None:
    """Make the view and the triggers of ``penalty_sort`` again as written today, the keys left as they are: what a
    migration changing how the triggers are written, not the amount, does (m073)."""
    _dropped_penalty_triggers(db)
    db.execute(f"DROP VIEW IF EXISTS {PENALTY_DUE}")
    db.execute(penalty_key_view())
    for statement in penalty_key_triggers():
        db.execute(statement)


def _dropped_penalty_triggers(db: Database) -> list[tuple[str, str]]:
    """Drop the triggers keeping ``penalty_sort`` (inside the caller's transaction) and return their (name, sql), to
    be made again once the keys they would have kept are worked out."""
    names = [_PENALTY_WORK_OUT, *(name for name, _when, _which in _PENALTY_SOURCES), WARNING_KEY_TRIGGER]
    triggers = db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                          f"({', '.join('?' * len(names))}) ORDER BY rowid", names).fetchall()
    for name, _sql in triggers:
        db.execute(f'DROP TRIGGER "{name}"')
    return triggers


@contextmanager
def penalty_keys_worked_out_after(db: Database, case_ids: set[str]):
    """For a merge writing many records of the cases ``case_ids`` inside a transaction (a bundle import): the
    triggers of the key dropped meanwhile — each document, event and party link written fired one (~35 µs a row:
    a quarter of a 1,000-case bundle's merge) — and the keys of those cases worked out once at the end, one case at a
    time, the triggers made again. An error leaves the block without either: the caller's rollback puts the triggers
    back (SQLite's DDL is transactional)."""
    from workstation.penalty_terms import shown_penalties_sql

    triggers = _dropped_penalty_triggers(db)
    yield
    if triggers and case_ids:
        db.execute(f"UPDATE cases SET penalty_sort = {shown_penalties_sql(one_case=True)} "
                   "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(case_ids))])
        mark_warning_keys(db, "id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(case_ids))])
    for _name, sql in triggers:
        db.execute(sql)


@contextmanager
def deferred_penalty_keys(db: Database):
    """For a bulk insert of cases with their parties and events inside a transaction (the register import): the
    triggers of the key dropped meanwhile — each row inserted would work out its case's amount again, reading events
    whose index the import drops until its end — and the keys of the new cases filled at the end in one statement,
    the triggers made again. An error leaves the block without either: the caller's rollback puts the triggers back
    (SQLite's DDL is transactional)."""
    before = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM cases").fetchone()[0]
    triggers = _dropped_penalty_triggers(db)
    yield
    if triggers:
        fill_penalty_keys(db, before)
    for _name, sql in triggers:
        db.execute(sql)
