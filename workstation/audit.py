"""The append-only, hash-chained audit log: every create, update and transition is one entry saying who,
when, what, and the digests of the record before and after. ``verify`` finds any edited or deleted entry."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import cache

from workstation.db import Database
from workstation.i18n import _
from workstation.records import now

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def current_actor() -> str:
    """Who is acting: ``WORKSTATION_ACTOR`` or the operating-system account."""
    actor = os.environ.get("WORKSTATION_ACTOR")
    if actor:
        return actor
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no account name on some systems; the log still needs an actor
        return "unknown"


def acting_officer(db: Database, actor: str | None = None) -> str:
    """The officer ``actor`` (by default who is acting now: signed in to the window, or named with ``--officer``) as
    the officers' register names them; "" when it is no officer's name — the operating-system account acting when
    nobody signed in is never shown (README: the computer's account is never named)."""
    actor = current_actor() if actor is None else actor
    if not actor:
        return ""
    row = db.execute("SELECT name FROM officers WHERE name = ? LIMIT 1", [actor]).fetchone()
    return row[0] if row else ""


def no_officer_text() -> str:
    """What stands for who did something when no officer was signed in (the command line, or data not encrypted)."""
    return _("not signed in / command line")


@contextmanager
def acting(actor: str):
    """Record the changes made within as ``actor``'s (an officer named on the command line), and who acted before
    afterwards: the process goes on as it was."""
    before = os.environ.get("WORKSTATION_ACTOR")
    os.environ["WORKSTATION_ACTOR"] = actor
    try:
        yield actor
    finally:
        if before is None:
            os.environ.pop("WORKSTATION_ACTOR", None)
        else:
            os.environ["WORKSTATION_ACTOR"] = before


@cache
def canonical_encoder():
    """The JSON encoder of the records digested: keys sorted, no spaces, text as written (not escaped)."""
    import json

    return json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def digest(record: dict | None) -> str:
    """sha256 of a record's canonical JSON, or '' when there is no record (before a create)."""
    if record is None:
        return ""
    import hashlib

    return hashlib.sha256(canonical_encoder().encode(record).encode("utf-8")).hexdigest()


def entry_hash(seq, at, actor, action, entity, entity_id, before, after, prev) -> str:
    """The hash of one audit entry, chained to the one before through ``prev``."""
    import hashlib

    text = "\x1f".join((str(seq), at, actor, action, entity, entity_id, before, after, prev))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AuditWriter:
    """Appends entries within the caller's transaction, keeping the chain head in memory for bulk work."""

    def __init__(self, db: Database, actor: str | None = None):
        self.db = db
        self.actor = actor or current_actor()
        row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self.seq, self.head = (row[0], row[1]) if row else (0, GENESIS)
        self._pending: list[tuple] = []

    def add(self, action: str, entity: str, entity_id: str, before: dict | None, after: dict | None) -> None:
        self.add_digests(action, entity, entity_id, digest(before), digest(after))

    def add_digests(self, action: str, entity: str, entity_id: str, before: str, after: str,
                    at: str | None = None) -> None:
        """``add`` for a caller that digested the records itself (a bulk import writing its rows from templates,
        whose entries all take the time of its one transaction, ``at``)."""
        self.seq += 1
        at = at or now()
        h = entry_hash(self.seq, at, self.actor, action, entity, entity_id, before, after, self.head)
        self._pending.append((self.seq, at, self.actor, action, entity, entity_id, before, after, self.head, h))
        self.head = h

    def flush(self) -> None:
        """Write the pending entries and the chain head (call inside the same transaction as the change)."""
        if not self._pending:
            return
        self.db.conn.executemany(
            "INSERT INTO audit (seq, at, actor, action, entity, entity_id, before_digest, after_digest, "
            "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._pending)
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                        "value = excluded.value", [HEAD_KEY, f"{self.seq}:{self.head}"])
        self._pending.clear()


def append(db: Database, action: str, entity: str, entity_id: str, before: dict | None = None,
           after: dict | None = None, actor: str | None = None) -> None:
    """Append one entry (inside the caller's transaction)."""
    writer = AuditWriter(db, actor)
    writer.add(action, entity, entity_id, before, after)
    writer.flush()


def verify(db: Database) -> dict:
    """Recompute the chain: {"valid", "entries", "problems": [...]} naming each broken entry."""
    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    cursor = db.execute("SELECT seq, at, actor, action, entity, entity_id, before_digest, after_digest, "
                        "prev_hash, hash FROM audit ORDER BY seq")
    for seq, at, actor, action, entity, entity_id, before, after, prev_hash, stored in cursor:
        count += 1
        if seq != expected_seq:
            problems.append(_("Audit entries {first}–{last} were deleted.").format(first=expected_seq, last=seq - 1))
        if prev_hash != prev:
            problems.append(_("Audit entry {seq} does not follow the entry before it.").format(seq=seq))
        if entry_hash(seq, at, actor, action, entity, entity_id, before, after, prev_hash) != stored:
            problems.append(_("Audit entry {seq} was altered.").format(seq=seq))
        prev, expected_seq = stored, seq + 1
    head = db.execute("SELECT value FROM settings WHERE key = ?", [HEAD_KEY]).fetchone()
    expected_head = f"{expected_seq - 1}:{prev}"
    if count and (head is None or head[0] != expected_head):
        problems.append(_("The last audit entries were deleted or the chain head was altered."))
    if not count and head is not None:
        problems.append(_("All audit entries were deleted."))
    return {"valid": not problems, "entries": count, "problems": problems}
