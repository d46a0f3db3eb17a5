"""The append-only, hash-chained audit log: every create, update and transition is one entry saying who,
when, what, and the digests of the record before and after. ``verify`` finds any edited or deleted entry."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import cache

from workstation.db import Database
from workstation.i18n import N_, _, join_names
from workstation.records import now, short_time

GENESIS = "0" * 64
HEAD_KEY = "audit_head"
# the entry a writer appends first when it finds the log damaged (entries deleted at its end, or its head
# deleted or altered): the damage is then recorded in the chain itself
DAMAGE_ACTION = "log_damaged"
# the records whose presence means the log cannot be empty: each was audited when it was created
AUDITED_TABLES = ("cases", "parties", "documents", "leads")


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
        self._pending: list[tuple] = []
        row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        last = (row[0], row[1]) if row else (0, GENESIS)
        value = get_head(db)
        stored = parse_head(value)
        if value is None and (row is not None or records_held(db)) or value is not None and stored != last:
            # the log was damaged since the last change: the chain goes on from the furthest of the stored head and
            # the last entry (a number deleted at the end stays missing), and its first entry says it found the
            # damage, so that no later change makes the log read intact again (``verify`` names it for good)
            self.seq, self.head = max(last, stored or last)
            self.add_digests(DAMAGE_ACTION, "audit", f"head {value or '-'}; last {last[0]}", "", "")
        else:
            self.seq, self.head = last

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
           after: dict | None = None, actor: str | None = None, at: str | None = None) -> None:
    """Append one entry (inside the caller's transaction); ``at``: when what it records happened, when that was
    before it is written (a wrong passphrase, typed before the database could be opened), else now."""
    writer = AuditWriter(db, actor)
    writer.add_digests(action, entity, entity_id, digest(before), digest(after), occurred_at(at))
    writer.flush()


def occurred_at(text: str | None) -> str | None:
    """``text`` when it is a time with its offset (as ``now()`` writes it), else None (the entry takes the time it
    is written)."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return text if moment is not None and moment.tzinfo is not None else None


def append_in(data_dir, action: str, entity: str, entity_id: str, before: dict | None, after: dict | None, *,
              db: Database | None = None, what: str = "") -> None:
    """``append`` in its own transaction to ``db``, else to the database of ``data_dir`` opened for it (nothing when
    there is none yet): the entry of a change made outside the database (a settings file, a holiday file). A database
    that cannot take it now (locked, read only) leaves the change made, and the program's log says so (``what``)."""
    import logging
    from pathlib import Path

    from workstation.db import driver
    from workstation.errors import WorkstationError

    own = None
    try:
        if db is None:
            from workstation.db.connection import connect
            from workstation.paths import database_path

            path = database_path(Path(data_dir))
            if not path.exists():
                return
            db = own = connect(path)
        try:
            with db.atomic():
                append(db, action, entity, entity_id, before, after)
        finally:
            if own is not None:
                own.conn.close()
    except (WorkstationError, OSError, *driver.Error) as exc:
        logging.getLogger("workstation.audit").warning("%s not written into the audit log: %s", what or action,
                                                       type(exc).__name__)


def get_head(db: Database) -> str | None:
    """The chain head as stored ("seq:hash"), or None when there is none."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [HEAD_KEY]).fetchone()
    return row[0] if row else None


def parse_head(value: str | None) -> tuple[int, str] | None:
    """(seq, hash) of a stored head, or None when there is none or it is not one."""
    seq, _sep, digest_hex = (value or "").partition(":")
    return (int(seq), digest_hex) if seq.isdigit() and len(digest_hex) == 64 else None


def records_held(db: Database) -> dict[str, int]:
    """The number of records of each audited table (``AUDITED_TABLES``) that holds any."""
    counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in AUDITED_TABLES}  # noqa: S608
    return {table: n for table, n in counts.items() if n}


def _held_text(table: str, n: int) -> str:
    return {"cases": _("cases: {n}"), "parties": _("parties: {n}"), "documents": _("documents: {n}"),
            "leads": _("leads: {n}")}[table].format(n=n)


def _deleted_text(first: int, last: int) -> str:
    if first == last:
        return _("Audit entry {seq} was deleted.").format(seq=first)
    return _("Audit entries {first}–{last} were deleted.").format(first=first, last=last)


def chain_problems(rows, head: tuple[int, str] | None, name=None) -> tuple[list[str], int]:
    """The problems of one hash chain (``rows`` its entries in the order of their numbers, each (seq, at, actor,
    action, entity, entity_id, before, after, prev_hash, hash); ``head`` the (seq, hash) its last entry must be, or
    None when unknown) and the number of entries: ``name(text)`` words each problem (e.g. naming a station)."""
    name = name or (lambda text: text)
    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    for seq, at, actor, action, entity, entity_id, before, after, prev_hash, stored in rows:
        count += 1
        altered = entry_hash(seq, at, actor, action, entity, entity_id, before, after, prev_hash) != stored
        if seq < expected_seq or (head is not None and seq > head[0]):
            # a number the chain cannot hold here (below 1, or beyond the last entry the head records): a row
            # forged or renumbered, not a deletion of the numbers before it
            problems.append(name(_("Audit entry {seq} is out of sequence: the log holds no entry of that number "
                                   "(the entry was forged or renumbered).").format(seq=seq)))
            continue
        if seq != expected_seq:
            problems.append(name(_deleted_text(expected_seq, seq - 1)))
        if prev_hash != prev:
            problems.append(name(_("Audit entry {seq} does not follow the entry before it.").format(seq=seq)))
        if altered:
            problems.append(name(_("Audit entry {seq} was altered.").format(seq=seq)))
        elif action == DAMAGE_ACTION and entity == "audit":
            problems.append(name(_("Audit entry {seq} records that the log was already damaged when it was written "
                                   "(entries deleted or its head altered before).").format(seq=seq)))
        prev, expected_seq = stored, seq + 1
    last = expected_seq - 1
    if head is not None and head[0] > last:
        if head[0] == last + 1:
            problems.append(name(_("Audit entry {seq}, the last, was deleted.").format(seq=head[0])))
        else:
            problems.append(name(_("Audit entries {first}–{last}, the last ones, were deleted.").format(
                first=last + 1, last=head[0])))
    elif count and head != (last, prev):
        problems.append(name(_("The last audit entries were deleted or the chain head was altered.")))
    return problems, count


def _station_problems(db: Database) -> list[str]:
    """The problems of the audit logs received from each station (``station_audit``), checked again as at their
    import: each station's entries one chain from entry 1 to the head the station's record keeps."""
    from workstation.station import station_label

    problems = []
    stations = db.execute("SELECT id, name, fingerprint, audit_seq, audit_head FROM stations WHERE id IN "
                          "(SELECT station_id FROM station_audit) OR audit_seq > 0 ORDER BY name, id").fetchall()
    for station_id, name, fingerprint, audit_seq, audit_head in stations:
        label = station_label(name, fingerprint)
        rows = db.execute("SELECT seq, at, actor, action, entity, entity_id, before_digest, after_digest, prev_hash, "
                          "hash FROM station_audit WHERE station_id = ? ORDER BY seq", [station_id])
        found, _count = chain_problems(rows, (audit_seq, audit_head) if audit_seq else (0, GENESIS),
                                       lambda text, label=label: _("Station {station}'s log: {problem}").format(
                                           station=label, problem=text))
        problems += found
    return problems


def verify(db: Database) -> dict:
    """Recompute the chain: {"valid", "entries", "problems": [...]} naming each broken entry; at headquarters the
    logs received from each station are checked again too."""
    value = get_head(db)
    head = parse_head(value)
    cursor = db.execute("SELECT seq, at, actor, action, entity, entity_id, before_digest, after_digest, "
                        "prev_hash, hash FROM audit ORDER BY seq")
    problems, count = chain_problems(cursor, head if value is not None else None)
    if not count and value is not None:
        problems = [_("All audit entries were deleted.")]
    elif not count and (held := records_held(db)):
        problems.append(_("The audit log is empty although the data holds records ({records}): its entries and "
                          "its chain head were deleted.").format(
            records=join_names(_held_text(table, n) for table, n in held.items())))
    elif count:
        problems += _cut_back_problems(db, head)
    problems += _station_problems(db)
    return {"valid": not problems, "entries": count, "problems": problems}


def reached_elsewhere(db: Database) -> list[tuple[int, str]]:
    """How far the log went as recorded outside it, each (entry number, what recorded it): the furthest bundle
    exported from here (``bundle_exports.audit_to``: the entries it carried away) and the notes of the last export
    of each scope (``bundle.writer.exports_carried``) — the furthest first; empty when nothing was exported."""
    from workstation.bundle.writer import exports_carried
    from workstation.db import driver

    try:
        export, noted = exports_carried(db)
    except driver.Error:  # a database of a version before the exports were kept
        return []
    found = []
    if export is not None:
        found.append((export[0], _("the bundle {file} exported {at}").format(
            file=export[1], at=short_time(export[2]))))
    if noted > 0:
        found.append((noted, _("the note of the last bundle export")))
    return sorted(found, key=lambda item: -item[0])


def _cut_back_problems(db: Database, head: tuple[int, str] | None) -> list[str]:
    """The log ending before an entry a bundle exported from here carried (``reached_elsewhere``), its head rewritten
    to match (a head left as it was is named by ``chain_problems``): its last entries were deleted."""
    last = db.execute("SELECT MAX(seq) FROM audit").fetchone()[0] or 0
    ends = max(last, head[0] if head else 0)
    for seq, source in reached_elsewhere(db)[:1]:
        if seq > ends:
            if seq == ends + 1:
                return [_("The audit log ends at entry {last}, but {source} went up to entry {seq}: entry {seq} was "
                          "deleted and the chain head rewritten to hide it.").format(last=ends, source=source,
                                                                                      seq=seq)]
            return [_("The audit log ends at entry {last}, but {source} went up to entry {seq}: entries {first}–{seq} "
                      "were deleted and the chain head rewritten to hide it.").format(
                last=ends, source=source, first=ends + 1, seq=seq)]
    return []


def intact_text(entries: int, db: Database | None = None) -> str:
    """What ``audit verify`` says of a log it finds no fault in: what the chain shows, and what it cannot. That it
    reaches as far as the bundles exported carried it is said only when ``db``, the database verified, has a log and
    bundles exported from it (``reached_elsewhere``): then it was compared with them."""
    if not entries or db is None or not reached_elsewhere(db):
        return _("Hash chain consistent: {n} entries, each following the one before up to the recorded chain head. "
                 "No entry was changed, removed or put in without rewriting the chain; what this check cannot show is "
                 "that someone holding the database file rewrote the whole chain from an entry on.").format(n=entries)
    return _("Hash chain consistent: {n} entries, each following the one before up to the recorded chain head, and "
             "reaching as far as the bundles exported from here carried the log. No entry was changed, removed or "
             "put in without rewriting the chain; what this check cannot show is that someone holding the database "
             "file rewrote the whole chain from an entry on (the bundles' copy at headquarters can be compared).").format(
        n=entries)


def audit_repair_text() -> str:
    """What to do about a damaged audit log (said after its problems)."""
    return _("To repair it, restore a backup made before the damage: `backup list` shows the backups, `backup restore "
             "ID` puts one back (the data now is kept aside; the work done since that backup must be done again).")


#: what `audit list` shows for each action the code writes (its --json and the stored entries keep the keys; the
#: --action filter takes either). The key of a security event is ``events.ACTIONS``'s.
ACTION_LABELS = {
    "create": N_("Added"), "update": N_("Changed"), "delete": N_("Removed"), "remove": N_("Removed"),
    "issue": N_("Issued"), "void": N_("Voided"), "transition": N_("Step recorded"), "undo_step": N_("Step undone"),
    # 退回补充调查 (``procedure.REVIEW_RETURN_AUDIT``): its reason and the 案件审核表 it answers, beside its step's entry
    "review_return": N_("Sent back for further investigation"),
    "assign": N_("Assigned"), "reassign": N_("Reassigned"), "decide": N_("Decision recorded"),
    "refer_hand_over": N_("Lead handed over by referral"),
    "open_case": N_("Case opened"), "import": N_("Imported"), "screen": N_("Screened"), "backup": N_("Backed up"),
    "restore": N_("Restored"), "put_back": N_("Put back after a restore"),
    "remove_replaced": N_("Data kept by a restore removed"), "restore_copy": N_("Copy restored"),
    "repair_copy": N_("Damaged copy replaced"),
    "copy": N_("Copied"), "replace": N_("Replaced with a new copy"), "reveal": N_("Shown unmasked"),
    "add_block": N_("Number block added"), "allocate": N_("Number block allocated"),
    "allocate_despite_withdrawal": N_("Allocated despite a withdrawal"), "withdraw": N_("Withdrawn"),
    "manual_serial": N_("Serial given by hand"), "convert_legacy_id": N_("Old ID number converted"),
    "reissue_lost_number": N_("Number lost in a restore issued again"),
    "correct": N_("Verdict corrected"), "uncorrect": N_("Verdict correction cleared"),
    "extend": N_("Extended"), "correct_extension": N_("Extension corrected"), "reopen": N_("Reopened"),
    "tell_reporter": N_("Reporter told"), "correct_reporter_told": N_("Reporter-told record corrected"),
    "void_reporter_told": N_("Reporter-told record voided"), "reporter_declined": N_("Reporter declined to be told"),
    "void_referral": N_("Referral voided"), "withdraw_not_filing": N_("Not-filing withdrawn"),
    "notice_served": N_("Notice served"), "waiver": N_("Waiver recorded"), "decision_served": N_("Decision served"),
    "payment": N_("Payment recorded"), "enforcement_applied": N_("Enforcement applied for"),
    "freeze": N_("Frozen"), "group": N_("Grouped"), "number_complaint": N_("Work-order number given"),
    "withdraw_import": N_("Import withdrawn"), "link_leads": N_("Leads linked"), "link_officers": N_("Officers linked"),
    "import_bundle": N_("Bundle imported"), "merge_create": N_("Added by a merge"),
    "merge_update": N_("Changed by a merge"), "merge_delete": N_("Removed by a merge"),
    "merge_withdraw": N_("Withdrawn by a merge"), "settle_conflict": N_("Conflict settled"),
    "resolve_conflict": N_("Conflict resolved"), "reopen_conflict": N_("Conflict reopened"),
    # a station's entry of a publicity activity held here, taken, taken out again as its conflict is reopened
    # (``bundle.merge.reopen_conflict``): no deletion made here
    "reopen_twin": N_("Station's entry of an activity held here taken out again"),
    "trust": N_("Trusted"), "untrust": N_("Trust withdrawn"), "set_headquarters": N_("Headquarters set"),
    "set_role": N_("Role set"), "new_key": N_("New station key"),
    "numbering_hold_lifted": N_("Numbering hold lifted"), "numbering_hold_released": N_("Numbering hold released"),
    "re_escalate": N_("Escalation moved from a declined case"), "unvoid": N_("Void undone"),
    DAMAGE_ACTION: N_("Damaged log found"),
    # the security events (``security.events.ACTIONS``)
    "login_failed": N_("Wrong passphrase"), "passphrase_given": N_("Passphrase given"),
    "passphrase_changed": N_("Passphrase changed"), "passphrase_withdrawn": N_("Passphrase withdrawn"),
    "officer_switched": N_("Officer switched at the lock"), "idle_lock_set": N_("Idle lock time set"),
    "keyring_put_back": N_("Keyring put back"), "data_encrypted": N_("Data encrypted"),
    "plaintext_copy_removed": N_("Unencrypted copy removed"),
    # a passphrase suspended as its officer left, opening the data again once they are back (``security.access``)
    "passphrase_suspended": N_("Passphrase suspended"), "passphrase_restored": N_("Passphrase restored"),
    "passphrase_left_working": N_("Passphrase left with a namesake on duty"),
}
#: what `audit list` shows for each kind of record (entity) the code writes; a merge names the table merged
#: (``bundle.tables.TABLES``), labelled as the record it holds
ENTITY_LABELS = {
    "case": N_("Case"), "cases": N_("Case"), "lead": N_("Lead"), "leads": N_("Lead"),
    "document": N_("Document"), "documents": N_("Document"), "party": N_("Party"), "parties": N_("Party"),
    "evidence": N_("Evidence"), "officer": N_("Officer"), "officers": N_("Officer"), "agency": N_("Agency"),
    "interview": N_("Interview"), "interviews": N_("Interview"), "publicity": N_("Publicity"),
    # a publicity activity deleted with its reason, kept to be brought back (``store.publicity.delete_publicities``)
    "removed_publicity": N_("Deleted publicity activity"),
    "complaint": N_("Complaints"), "complaints": N_("Complaints"), "clock_event": N_("Clock event"),
    "clock_events": N_("Clock event"), "station": N_("Station"), "security": N_("Security"),
    "database": N_("Database"), "case_events": N_("Case step"), "lead_history": N_("Lead history"),
    "files": N_("Stored file"), "doc_number": N_("Document number"), "doc_numbers": N_("Document number"),
    "number_block": N_("Number block"), "number_blocks": N_("Number block"),
    "publication_review": N_("Publication review"), "publication_reviews": N_("Publication review"),
    "report_period": N_("Report period"), "numbering": N_("Numbering hold"), "bundle": N_("Bundle"),
    "conflict": N_("Conflict"), "setting": N_("Setting"), "agency_details": N_("Agency's document details"),
    "backup_settings": N_("Backup settings"), "calendar": N_("Holiday calendar"), "law": N_("Legal data file"),
    "audit": N_("Audit log"), "screening_rules": N_("Screening rules"),
}
#: the fields an entity "<record>.<field>" names (a personal field shown unmasked: ``store.personal.REVEALABLE``;
#: an old ID number converted)
FIELD_LABELS = {
    "phone": N_("Phone"), "id_number": N_("ID number"), "name": N_("Name"),
    "complainant_phone": N_("Complainant's phone"), "text": N_("Complaint text"), "phones": N_("Phones"),
    "target_phone": N_("Number complained of"), "description": N_("Description"),
    "reporter_name": N_("Reporter's name"), "reporter_address": N_("Reporter's address"), "facts": N_("Facts"),
    "file_name": N_("File name"), "source": N_("Source"),
}


def action_label(key: str) -> str:
    """The label `audit list` shows for the action ``key``; the key itself for one this version does not write."""
    return _(ACTION_LABELS[key]) if key in ACTION_LABELS else key


def has_entity_label(key: str) -> bool:
    record, dot, field = key.partition(".")
    return key in ENTITY_LABELS or bool(dot) and record in ENTITY_LABELS and field in FIELD_LABELS


def entity_label(key: str) -> str:
    """The label `audit list` shows for the kind of record ``key`` ("party.phone": 当事人·联系电话); the key itself
    for one this version does not write."""
    if key in ENTITY_LABELS:
        return _(ENTITY_LABELS[key])
    record, _dot, field = key.partition(".")
    if has_entity_label(key):
        return _("{record} · {field}").format(record=_(ENTITY_LABELS[record]), field=_(FIELD_LABELS[field]))
    return key


def _known_keys(kind: str) -> list[str]:
    if kind == "action":
        return list(ACTION_LABELS)
    from workstation.store.personal import REVEALABLE

    return [*ENTITY_LABELS, *(f"{record}.{field}" for record, (_table, fields) in REVEALABLE.items()
                             for field in fields)]


def keys_named(db: Database, kind: str, text: str) -> list[str] | None:
    """The keys of ``kind`` ("action" or "entity") a filter of `audit list` names with ``text``: a key, or the label
    of one or more (in the user's language or in English, "案件" the merged table "cases" too); a key only the log
    holds (written by an earlier version) as it is. None when ``text`` names none."""
    text = text.strip()
    label = action_label if kind == "action" else entity_label
    known = _known_keys(kind)
    if text in known:
        return [text]
    folded = text.casefold()
    labels = ACTION_LABELS if kind == "action" else ENTITY_LABELS
    named = [key for key in known if label(key).casefold() == folded or labels.get(key, "").casefold() == folded]
    if named:
        return named
    column = "action" if kind == "action" else "entity"
    if db.execute(f"SELECT 1 FROM audit WHERE {column} = ? LIMIT 1", [text]).fetchone() is not None:  # noqa: S608
        return [text]
    return None


def keys_offered(kind: str) -> str:
    """The keys of ``kind`` a filter of `audit list` takes, each label with its keys: 案件 (case、cases)、…"""
    label = action_label if kind == "action" else entity_label
    grouped: dict[str, list[str]] = {}
    for key in _known_keys(kind):
        grouped.setdefault(label(key), []).append(key)
    return join_names(_("{label} ({keys})").format(label=shown, keys=join_names(keys))
                      for shown, keys in grouped.items())
