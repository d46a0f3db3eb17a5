"""Exporting a case bundle: the records of the chosen cases (by default every case, lead, interview, publicity
activity, party and officer changed since the last export, a case, interview or lead of a document voided since
among them) with everything they refer to, their issued documents and evidence files, every number block (号段)
known here and every withdrawal of one made or merged here (``WITHDRAWALS_MEMBER``), and the segment of the audit log since the last export; from a
station, the document details of the agencies it speaks for (``details_part.MEMBER``); from headquarters, the
holiday year files it imported (``calendar/<year>.toml``, ``calendar_part``; format 3), and from any database with
which holiday data it counted the years about now (the manifest's ``"calendar"``); for
each shared record sent or deleted the digest of the version last held in common with another station
(``bases.json``, format 2: {"headquarters": the station id of the headquarters named here or null, "records":
{table: {record id: digest}}, "complete": true} — bundles written before "complete" gave the digests only once headquarters' card was taken); from a database that
is headquarters (its role set so: headquarters' hand-out), how far into each known station's audit log it had imported when it
exported (``"imported": {station id: audit seq}`` in ``bases.json``, which format 2 readers before it ignore) and the
version of each record it last received from each station (``"received"``, ``received_versions``), and from a
station naming headquarters the version of each record it last received from headquarters, where that is not the
one named (``"received": {headquarters' id: {table: {record id: digest}}}``: the base when the one named never
reached headquarters); from any database, the fields still in open conflict there, sent with the value last shared
and listed as undecided (``"undecided"``, ``hold_undecided``; the versions a receiver may keep as its base for them
are kept as versions sent, ``undecided_bases``), and from headquarters its deletions in open conflict too, listed
with the conflict's field (``undecided_deletions``); a manifest with the sha256 of every member, signed with the station's Ed25519 key;
encrypted to headquarters' key when one is set. Headquarters' hand-out is made for one station (``handout_station``;
the manifest's ``"for"``): only that station's records (``HandoutScope``), the number blocks of its bureau (its own
and the other stations', ``handout_block_owners``) and their withdrawals,
encrypted to the key on its card, its changes counted from the last hand-out for it.

The bundle is written next to its target and renamed into place when whole, so a full disk or a Cancel leaves
no half-written bundle (and changes nothing in the database)."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workstation import __version__
from workstation.audit import acting_officer
from workstation.bundle import calendar_part, export_journal
from workstation.bundle.details_part import MEMBER as DETAILS_MEMBER
from workstation.bundle.details_part import bundle_details, export_warnings
from workstation.bundle.tables import (
    BY_NAME,
    DELETABLE,
    DELETED_HERE_FIELD,
    DELETION_FIELDS,
    TABLES,
    Link,
    common_digest,
    packed_row,
    unpacked_row,
)
from workstation.db import Database
from workstation.db.connection import applied_schema
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.number_blocks import block_refusals, block_withdrawals
from workstation.errors import WorkstationError, join_sentences, os_reason, with_advice
from workstation.filestore import StoredFileError, files_key, stored_chunks
from workstation.fullwidth import tidy_spaces
from workstation.i18n import _, ngettext
from workstation.output import check_output
from workstation.progress import ProgressFn, no_progress
from workstation.records import now
from workstation.shared_file import fsync_dir
from workstation.station import (
    Station,
    agency_code,
    distinct_labels,
    ensure_station,
    headquarters,
    signing_key,
    station_label,
)
from workstation.station_role import installation_role
from workstation.store.base import get_setting, set_setting

FORMAT = "workstation-bundle"
# format 3: headquarters' year files (``calendar_part``) travel as members calendar/<year>.toml, which a reader of
# format 2 would refuse as members it does not know; the version before refuses format 3 saying to install the
# current version. Format 1 bundles (no bases.json) are still read: they merge without the check of the version held
# in common; format 2 bundles carry no calendar, and say nothing of it
FORMAT_VERSION = 3
READABLE_FORMATS = (1, 2, 3)
BASES_MEMBER = "bases.json"
# the withdrawals of number blocks made or merged where the bundle was made (``number_blocks.block_withdrawals``);
# a bundle of an older version has none, which means no withdrawals
WITHDRAWALS_MEMBER = "records/number_block_withdrawals.json"
LAST_EXPORT_KEY = "bundle_last_export"


class _EveryStation(str):
    """``export_bundle(for_station=EVERY_STATION)``: headquarters' hand-out as earlier versions wrote it, for
    every station at once (no station's records left out, encrypted to no station). Neither the command line nor
    the window offers it; it lets the tests make the hand-outs stations may still hold from those versions."""


EVERY_STATION = _EveryStation("")
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
BATCH = 500

LOG = logging.getLogger(__name__)


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def rows_where(db: Database, table: str, column: str, ids: Iterable[str], cancel=None, *,
               with_rowid: bool = False) -> list[dict]:
    """The rows of ``table`` whose ``column`` is one of ``ids``, asked in batches (``cancel`` looked at before
    each); ``with_rowid``: each with its ``rowid`` too (the order a link table's rows were written in)."""
    ids = sorted(set(ids))
    rows: list[dict] = []
    selected = "rowid AS rowid, *" if with_rowid else "*"
    for chunk in _chunks(ids):
        if cancel is not None:
            cancel.check()
        cursor = db.execute(f"SELECT {selected} FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})",
                            chunk)
        names = [d[0] for d in cursor.description]
        rows += [dict(zip(names, row, strict=True)) for row in cursor]
    return rows


def with_links(db: Database, table: str, rows: list[dict], cancel=None) -> list[dict]:
    """Attach each link table's rows to its owner record as a list field (e.g. a case's parties)."""
    for link in BY_NAME[table].links:
        grouped: dict[str, list] = {}
        for row in rows_where(db, link.table, link.owner, [r["id"] for r in rows], cancel,
                              with_rowid=link.order == "rowid"):
            grouped.setdefault(row[link.owner], []).append(row)
        for record in rows:
            record[link.field] = link_value(link, grouped.get(record["id"], []))
    return rows


def link_value(link: Link, rows: list[dict]) -> list:
    """The list a link field holds: each row's other columns, sorted (a link ordered by ``rowid``: in the order its
    rows were written, as the owner lists them)."""
    if link.order == "rowid":
        return [[row[c] for c in link.columns] for row in sorted(rows, key=lambda row: row["rowid"])]
    items = [[row[c] for c in link.columns] for row in rows]
    index = link.columns.index(link.order) if link.order in link.columns else 0
    return sorted(items, key=lambda item: (str(item[index]), json.dumps(item, ensure_ascii=False)))


def _ids(db: Database, sql: str, params: list) -> set[str]:
    return {row[0] for row in db.execute(sql, params) if row[0]}


def changed_case_ids(db: Database, since: str | None) -> set[str]:
    """Cases changed at or after ``since`` (every case when None), through any record of theirs."""
    if since is None:
        return _ids(db, "SELECT id FROM cases", [])
    found = _ids(db, "SELECT id FROM cases WHERE updated_at >= ?", [since])
    for sql in ("SELECT case_id FROM case_events WHERE at >= ?",
                "SELECT case_id FROM clock_events WHERE updated_at >= ?",
                "SELECT case_id FROM evidence WHERE updated_at >= ?",
                "SELECT case_id FROM documents WHERE issued_at >= ? AND case_id IS NOT NULL",
                # a decision's publication copy reviewed since (the names it masks)
                "SELECT d.case_id FROM publication_reviews r JOIN documents d ON d.id = r.document_id "
                "WHERE r.reviewed_at >= ? AND d.case_id IS NOT NULL"):
        found |= _ids(db, sql, [since])
    return found | {d["case_id"] for d in voided_since(db, since) if d["case_id"]}


def voided_since(db: Database, since: str) -> list[dict]:
    """The owners ({"case_id", "interview_id", "lead_id"}) of the documents voided at or after ``since``: by their
    文号's void date, or by the audit entry of the void (a document without a 文号), so that a void made after the
    document was sent travels with its case, interview or lead."""
    cursor = db.execute(
        "SELECT case_id, interview_id, lead_id FROM documents WHERE status = 'void' AND id IN (SELECT document_id "
        "FROM doc_numbers WHERE voided_at >= ? UNION SELECT entity_id FROM audit WHERE entity = 'document' AND "
        "action = 'void' AND at >= ?)", [since, since])
    return [dict(zip(("case_id", "interview_id", "lead_id"), row, strict=True)) for row in cursor]


def merged_since(db: Database, since: str) -> dict[str, set[str]]:
    """{table: record ids} merged here from bundles since ``since`` (created or updated by an import). A record
    merged keeps the sending station's ``updated_at``, which may be older than headquarters' last hand-out (a late
    bundle): headquarters hands it out again all the same, so that the other stations get it."""
    found: dict[str, set[str]] = {}
    for entity, entity_id in db.execute("SELECT entity, entity_id FROM audit WHERE at >= ? AND action IN "
                                        "('merge_create', 'merge_update')", [since]):
        found.setdefault(entity, set()).add(entity_id)
    reviewed = found.pop("publication_reviews", set())  # merged with their decision's case, keyed by its id
    if reviewed:
        found.setdefault("documents", set()).update(reviewed)
    for table in ("case_events", "clock_events", "evidence", "documents", "lead_history"):
        ids = found.pop(table, set())
        if ids:
            rows = rows_where(db, table, "id", ids)
            found.setdefault("cases", set()).update(r["case_id"] for r in rows if r.get("case_id"))
            for owner, column in (("interviews", "interview_id"), ("leads", "lead_id")):  # a document's void
                found.setdefault(owner, set()).update(r[column] for r in rows if r.get(column))
    return found


def document_party(document: dict) -> str | None:
    """The party an issued document records it was written for (``addressee.PARTY_KEY`` in its values), if any."""
    try:
        values = json.loads(document.get("values_json") or "{}")
    except ValueError:
        return None
    party = values.get(PARTY_KEY) if isinstance(values, dict) else None
    return party if isinstance(party, str) and party else None


# the agency a station works for and the agencies under it (its town offices), by ``agencies.parent_id``
_AGENCY_TREE = ("WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT a.id FROM agencies a JOIN tree ON a.parent_id = "
                "tree.id) SELECT id FROM tree")


def agency_tree(db: Database, agency_id: str | None) -> set[str]:
    """The agency ``agency_id`` and the agencies under it (a district bureau's town offices); none for None."""
    return _ids(db, _AGENCY_TREE, [agency_id]) if agency_id else set()


# the records whose agency decides which station holds them, and which headquarters may give to another agency (a
# lead re-assigned, 改派; a case, an interview or a publicity activity moved to another district bureau)
MOVABLE = ("cases", "leads", "interviews", "publicity")
# {table: {record id: agency id}} of the records a station held as its own that a hand-out for it carried once they
# were another agency's (``HandoutScope.received``), kept here for each station (the setting's key ends in its id)
MOVED_KEY = "bundle_handout_moved"


def _moved_key(station_id: str) -> str:
    return f"{MOVED_KEY}:{station_id}"


def moved_carried(db: Database, station_id: str) -> dict[str, dict[str, str]]:
    """The records the hand-outs for station ``station_id`` carried with another agency than its own
    (``MOVED_KEY``): {table: {record id: the agency carried}}."""
    text = get_setting(db, _moved_key(station_id))
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def note_moved_carried(db: Database, station: Station, records: dict[str, list[dict]]) -> None:
    """Keep which records of the hand-out for ``station`` were another agency's (``moved_carried``): the hand-outs
    after it leave them out until they move again; a record of the station's own agencies again is forgotten."""
    if not station.agency_id:  # a station of no agency is given no record for its agency's sake
        return
    own = agency_tree(db, station.agency_id)
    carried = moved_carried(db, station.id)
    before = json.dumps(carried, sort_keys=True)
    for table in MOVABLE:
        held = carried.get(table) if isinstance(carried.get(table), dict) else {}
        for row in records.get(table, ()):
            if row.get("agency_id") and row["agency_id"] not in own:
                held[str(row["id"])] = row["agency_id"]
            else:
                held.pop(str(row["id"]), None)
        if held:
            carried[table] = held
        else:
            carried.pop(table, None)
    if json.dumps(carried, sort_keys=True) != before:
        set_setting(db, _moved_key(station.id), json.dumps(carried, sort_keys=True, ensure_ascii=False))


class HandoutScope:
    """What headquarters' hand-out for one station may hold: the records of the station's agency and of the
    agencies under it (a district bureau's town offices), those the station sent itself (``sync_versions``), the
    records it held as its own that another agency has since (``received``), the parties and officers those records
    name, and nothing else of another district's (the campaign is about leaked personal information: a laptop holds
    its own cases only). ``again``: a hand-out of everything (or of chosen cases), which carries the records the
    station held as its own whatever an earlier hand-out carried."""

    def __init__(self, db: Database, station: Station, *, again: bool = False):
        self.db = db
        self.station_id = station.id
        self.agencies = sorted(agency_tree(db, station.agency_id))
        # the agencies of the other stations trusted here: their records stay with them, even one this station sent
        # back (a copy it took from a hand-out of an earlier version, which gave every station everything)
        others: set[str] = set()
        for row in db.execute("SELECT agency_id FROM stations WHERE role = 'trusted' AND id != ? AND agency_id IS "
                              "NOT NULL", [station.id]):
            others |= agency_tree(db, row[0])
        self.others = sorted(others - set(self.agencies))
        own = db.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()
        self.own_id = own[0] if own else ""
        self.carried = {} if again else moved_carried(db, station.id)

    def received(self, table: str, ids: set[str]) -> set[str]:
        """Those of ``ids`` (leads, cases, interviews, publicity: ``MOVABLE``) the station held as its own: a
        version of them sent from here (a hand-out) or received from the station while they were recorded for its
        agencies. A lead headquarters re-assigned (改派), or a case, an interview or a publicity activity it gave to
        another district bureau, goes in the station's next hand-out, which so carries its change of agency: the
        station's copy no longer shows it as its own (a lead to decide, its verification period T1 running there;
        a case counted and handled there), and a change the station made meanwhile is a conflict there
        (``merge._moved_away``). A version the station sent of no agency is its own too (a lead it screened before
        screening gave its leads the station's agency). The hand-outs after the one that carried it leave it out
        while its agency stays the one carried (``moved_carried``): what the other agency does with it is not this
        station's."""
        if table not in MOVABLE or not ids or not self.agencies:
            return set()
        agencies = set(self.agencies)
        if table == "cases":  # only those in a hand-out for the station or sent by it: its copies (read at once)
            ids = self._held_cases(ids)
        found: set[str] = set()
        for chunk in _chunks(sorted(ids)):
            for key, text, station in self.db.execute(
                    f"SELECT record_id, row_json, station_id FROM sync_versions WHERE tbl = ? AND station_id IN (?, ?) "
                    f"AND record_id IN ({', '.join('?' * len(chunk))})", [table, self.own_id, self.station_id,
                                                                          *chunk]):
                if key in found:
                    continue
                agency = unpacked_row(text).get("agency_id")
                # a version the station sent of no agency: one it screened itself (a version before 2026-12-06 gave
                # a station's screened lead none), its own as much as one of its agency
                if agency in agencies or (table == "leads" and not agency and station == self.station_id):
                    found.add(key)
        carried = self.carried.get(table)
        if found and isinstance(carried, dict) and carried:
            for chunk in _chunks(sorted(found)):
                for key, agency in self.db.execute(f"SELECT id, agency_id FROM {table} WHERE id IN "
                                                   f"({', '.join('?' * len(chunk))})", chunk):
                    if agency and carried.get(key) == agency:
                        found.discard(key)
        return found

    def _held_cases(self, ids: set[str]) -> set[str]:
        """Those of the cases ``ids`` a hand-out for the station carried (``bundle_exports.case_ids``) or the station
        sent: the only ones it may hold, whose versions ``received`` reads (the versions sent from here of every
        other district's case are many)."""
        handed = _ids(self.db, "SELECT DISTINCT j.value FROM bundle_exports e, json_each(CASE WHEN "
                               "json_valid(e.case_ids) THEN e.case_ids ELSE '[]' END) j WHERE e.destination_id = ?",
                      [self.station_id])
        found = ids & handed
        for chunk in _chunks(sorted(ids - found)):
            found |= _ids(self.db, f"SELECT DISTINCT record_id FROM sync_versions WHERE tbl = 'cases' AND "
                                   f"station_id = ? AND record_id IN ({', '.join('?' * len(chunk))})",
                          [self.station_id, *chunk])
        return found

    def _where(self, column: str) -> str:
        return f"{column} IN ({', '.join('?' * len(self.agencies))})" if self.agencies else "0"

    def own(self, table: str, ids: set[str]) -> set[str]:
        """Those of ``ids`` (of cases, leads, interviews or publicity) recorded for the station's agencies, or
        received from the station itself and of no other trusted station's agency, and the records the station held
        as its own that another agency has since (``received``)."""
        found: set[str] = set()
        for chunk in _chunks(sorted(ids)):
            marks = ", ".join("?" * len(chunk))
            found |= _ids(self.db, f"SELECT id FROM {table} WHERE id IN ({marks}) AND ({self._where('agency_id')} "
                                   f"OR (id IN (SELECT record_id FROM sync_versions WHERE tbl = ? AND station_id = ?) "
                                   f"AND COALESCE(agency_id, '') NOT IN ({', '.join('?' * len(self.others))})))",
                          [*chunk, *self.agencies, table, self.station_id, *self.others])
        return found | self.received(table, ids - found)

    def parties(self, ids: set[str]) -> set[str]:
        """Those of ``ids`` a case, interview or lead of the station's agencies names."""
        found: set[str] = set()
        agencies = self._where("agency_id")
        for chunk in _chunks(sorted(ids)):
            marks = ", ".join("?" * len(chunk))
            found |= _ids(self.db, f"SELECT party_id FROM case_parties WHERE party_id IN ({marks}) AND case_id IN "
                                   f"(SELECT id FROM cases WHERE {agencies}) UNION SELECT party_id FROM "
                                   f"interview_parties WHERE party_id IN ({marks}) AND interview_id IN (SELECT id "
                                   f"FROM interviews WHERE {agencies}) UNION SELECT target_party_id FROM leads WHERE "
                                   f"target_party_id IN ({marks}) AND {agencies}",
                          [*chunk, *self.agencies] * 3)
        return found

    def officers(self, ids: set[str]) -> set[str]:
        """Those of ``ids`` of the station's agencies."""
        found: set[str] = set()
        for chunk in _chunks(sorted(ids)):
            found |= _ids(self.db, f"SELECT id FROM officers WHERE id IN ({', '.join('?' * len(chunk))}) AND "
                                   f"{self._where('agency_id')}", [*chunk, *self.agencies])
        return found


def handout_block_owners(db: Database, station: Station) -> set[str] | None:
    """The numbering bureaus whose number blocks headquarters' hand-out for ``station`` carries, of every station
    (None: of every bureau, for a station of no agency, which numbers for whichever agency its cases are of): the
    bureau its agency numbers in the name of (a town office's district), and those of the blocks allocated to it.
    The 文号 of one bureau are one sequence (its abbreviation, type code, year) whichever laptop issues them, so a
    station counting on its own skips the blocks of the other stations (``number_blocks.choose_serial``); those it
    holds as theirs, never issuing from them, and drops when headquarters withdraws them."""
    from workstation.documents.numbering import numbering_owner

    if not station.agency_id:
        return None
    owners = {owner for owner in [numbering_owner(db, station.agency_id)] if owner}
    return owners | _ids(db, "SELECT agency_id FROM number_blocks WHERE station_id = ?", [station.id])


COLLECT_STEPS = 17  # the tables ``collect`` reads its records from, one after the other (its progress)


def collect(db: Database, case_ids: set[str] | None, since: str | None, *, merged: bool = False,
            handout: Station | None = None, progress: ProgressFn = no_progress,
            cancel=None) -> dict[str, list[dict]]:
    """The records of a bundle by table: ``case_ids`` (with their own records) when given, else everything
    changed since ``since`` (parties and officers changed on their own included, and at headquarters, ``merged``,
    those merged from the stations' bundles since: ``merged_since``); plus every party, officer, case and lead they
    refer to. ``handout``: headquarters' hand-out for that station, which holds only the records of its agency and
    the agencies under it (``HandoutScope``) and the number blocks of its bureau (``handout_block_owners``).
    ``progress`` is told of each table read
    (of ``COLLECT_STEPS``), and ``cancel`` looked at between the batches of each (50,000 cases take seconds)."""
    scope = HandoutScope(db, handout, again=since is None) if handout is not None else None
    read = [0]

    def rows(table: str, column: str, ids: Iterable[str]) -> list[dict]:
        found = rows_where(db, table, column, ids, cancel)
        read[0] += 1
        progress(min(read[0], COLLECT_STEPS), COLLECT_STEPS + 1, _("Collecting the records"))
        return found

    parties_changed: set[str] = set()
    officers_changed: set[str] = set()
    if case_ids is not None:
        cases = set(case_ids)
        leads = _ids(db, f"SELECT id FROM leads WHERE case_id IN ({', '.join('?' * len(cases))})", list(cases)) \
            if cases else set()
        interviews: set[str] = set()
        publicity: set[str] = set()
        complaints: set[str] = set()
    else:
        cases = changed_case_ids(db, since)
        clause, params = ("", []) if since is None else (" WHERE updated_at >= ?", [since])
        leads = _ids(db, "SELECT id FROM leads" + clause, params)
        interviews = _ids(db, "SELECT id FROM interviews" + clause, params)
        if since is not None:
            interviews |= _ids(db, "SELECT interview_id FROM documents WHERE issued_at >= ? "
                                   "AND interview_id IS NOT NULL", [since])
            leads |= _ids(db, "SELECT lead_id FROM documents WHERE issued_at >= ? AND lead_id IS NOT NULL", [since])
            leads |= _ids(db, "SELECT lead_id FROM lead_history WHERE at >= ?", [since])  # a step of its history
            voided = voided_since(db, since)
            interviews |= {d["interview_id"] for d in voided if d["interview_id"]}
            leads |= {d["lead_id"] for d in voided if d["lead_id"]}
        publicity = _ids(db, "SELECT id FROM publicity" + clause, params)
        # a party or an officer corrected on its own (edited, or its value kept when a conflict was resolved)
        # travels as well, not only with a case changed since; a full bundle carries every one (those no record
        # names too), at least what an incremental one would
        parties_changed = _ids(db, "SELECT id FROM parties" + clause, params)
        officers_changed = _ids(db, "SELECT id FROM officers" + clause, params)
        # a complaint stored before and given its work-order id since (``numbered_at``) travels again with it
        complaints = _ids(db, "SELECT id FROM complaints" + (
            "" if since is None else " WHERE created_at >= ? OR screened_at >= ? OR numbered_at >= ?"), params * 3)
        if merged and since is not None:
            taken = merged_since(db, since)
            cases |= taken.get("cases", set())
            leads |= taken.get("leads", set())
            interviews |= taken.get("interviews", set())
            publicity |= taken.get("publicity", set())
            parties_changed |= taken.get("parties", set())
            officers_changed |= taken.get("officers", set())
            complaints |= taken.get("complaints", set())
    if scope is not None:  # another district's records stay at headquarters
        leads, interviews, publicity = scope.own("leads", leads), scope.own("interviews", interviews), \
            scope.own("publicity", publicity)
    records: dict[str, list[dict]] = {}
    records["complaints"] = rows("complaints", "id", complaints)
    for row in records["complaints"]:  # the full-width forms: each side works them out (``store.complaints``)
        row.pop("wide_forms", None)
    if scope is not None:  # a work order travels with its station's lead, never on its own
        records["complaints"] = [r for r in records["complaints"] if r["lead_id"] in leads]
    leads |= {r["lead_id"] for r in records["complaints"] if r["lead_id"]}
    records["interviews"] = with_links(db, "interviews", rows("interviews", "id", interviews), cancel)
    leads |= {r["lead_id"] for r in records["interviews"] if r.get("lead_id")}  # the lead an interview names travels
    if scope is not None:
        leads = scope.own("leads", leads)
    records["leads"] = rows("leads", "id", leads)
    records["lead_history"] = rows("lead_history", "lead_id", leads)  # goes where its lead goes
    cases |= {r["case_id"] for r in records["leads"] + records["interviews"] if r["case_id"]}
    if scope is not None:
        cases = scope.own("cases", cases)
    records["cases"] = with_links(db, "cases", rows("cases", "id", cases), cancel)
    for row in records["cases"]:  # the sort keys: each station computes its own (``store.sort_keys``)
        row.pop("party_sort", None)
        row.pop("cause_sort", None)
        row.pop("penalty_sort", None)
    records["case_events"] = rows("case_events", "case_id", cases)
    records["clock_events"] = rows("clock_events", "case_id", cases)
    records["evidence"] = rows("evidence", "case_id", cases)
    documents = rows("documents", "case_id", cases) + rows("documents", "interview_id", interviews) + \
        rows("documents", "lead_id", leads)
    records["documents"] = documents
    records["doc_numbers"] = rows("doc_numbers", "document_id", [d["id"] for d in documents])
    records["publication_reviews"] = rows("publication_reviews", "document_id", [d["id"] for d in documents])
    records["publicity"] = rows("publicity", "id", publicity)
    parties = {p for r in records["cases"] for p, *_rest in r["_parties"]}
    parties |= {p for r in records["interviews"] for (p,) in r["_parties"]}
    parties |= {r["target_party_id"] for r in records["leads"] if r["target_party_id"]}
    # the party a per-party step, clock event or issued document names travels too, though it was taken off its case
    # since (the receiver would refuse a step naming a party it does not hold, and lose a document's party)
    parties |= {r["party_id"] for r in records["case_events"] + records["clock_events"] if r.get("party_id")}
    parties |= {party for party in (document_party(d) for d in documents) if party}
    # a party changed on its own travels (in a hand-out, only to the station with a record naming it)
    parties |= parties_changed if scope is None else scope.parties(parties_changed - parties)
    records["parties"] = rows("parties", "id", parties)
    officers = {o for r in records["cases"] for o, _position in r["_officers"]}
    officers |= officers_changed if scope is None else scope.officers(officers_changed - officers)
    records["officers"] = rows("officers", "id", officers)
    hashes = {d["pdf_sha256"] for d in documents} | {e["sha256"] for e in records["evidence"]}
    records["files"] = rows("files", "sha256", hashes)
    # every number block known here, whatever the scope: headquarters' hand-out tells each station the blocks
    # allocated, a station's bundle tells headquarters the blocks it entered (``merge._block_change``)
    records["number_blocks"] = rows("number_blocks", "id", _ids(db, "SELECT id FROM number_blocks", []))
    if scope is not None:  # a hand-out: the blocks of the station's bureau, its own and the other stations'
        owners = handout_block_owners(db, handout)
        records["number_blocks"] = [r for r in records["number_blocks"] if r["station_id"] == handout.id
                                    or owners is None or r["agency_id"] in owners]
    return {t.name: sorted(records[t.name], key=lambda r: str(r[t.key])) for t in TABLES}


def common_versions(db: Database, records: dict[str, list[dict]], audit: list[dict]) -> dict[str, dict[str, str]]:
    """{table: {record id: digest of its last shared version}} for the shared records of a bundle and those its
    audit segment deletes, read before the export makes what it sends the new base. A record never shared is
    left out (headquarters then knows of no version held in common)."""
    wanted: dict[str, set[str]] = {t.name: {str(r[t.key]) for r in records[t.name]} for t in TABLES
                                   if t.merge == "shared"}
    for entry in audit:
        if entry["action"] == "delete" and entry["entity"] in DELETABLE:
            wanted[DELETABLE[entry["entity"]]].add(str(entry["entity_id"]))
    found: dict[str, dict[str, str]] = {}
    for table, keys in wanted.items():
        for chunk in _chunks(sorted(keys)):
            for key, text in db.execute(f"SELECT record_id, row_json FROM sync_base WHERE tbl = ? AND record_id IN "
                                        f"({', '.join('?' * len(chunk))})", [table, *chunk]):
                found.setdefault(table, {})[key] = common_digest(unpacked_row(text))
    return {table: dict(sorted(digests.items())) for table, digests in sorted(found.items())}


def received_versions(db: Database, own_id: str, records: dict[str, list[dict]],
                      shared: dict[str, dict[str, str]]) -> dict[str, dict[str, dict[str, str]]]:
    """{station id: {table: {record id: digest}}}: for each shared record of headquarters' hand-out, the latest
    version received here from each other station (``sync_versions``, by its ``updated_at``, then its digest), where
    that is not the version last shared (``shared``, as ``common_versions`` gives it). A station that never received
    a version of its own record from headquarters, and changed it after what headquarters had imported, finds there
    the version it sent and headquarters imported: both copies grew from it (``merge._crossed_bases``)."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for table in TABLES:
        if table.merge != "shared" or not records[table.name]:
            continue
        latest: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}
        for chunk in _chunks(sorted({str(r[table.key]) for r in records[table.name]})):
            for key, station, digest, text in db.execute(
                    f"SELECT record_id, station_id, digest, row_json "
                    f"FROM sync_versions WHERE tbl = ? AND station_id != ? "
                    f"AND record_id IN ({', '.join('?' * len(chunk))})", [table.name, own_id, *chunk]):
                rank = (str(unpacked_row(text).get("updated_at") or ""), digest)
                if (station, key) not in latest or rank > latest[station, key][0]:
                    latest[station, key] = (rank, digest)
        said = shared.get(table.name, {})
        for (station, key), (_rank, digest) in latest.items():
            if said.get(key) != digest:
                found.setdefault(station, {}).setdefault(table.name, {})[key] = digest
    return {station: {table: dict(sorted(digests.items())) for table, digests in sorted(tables.items())}
            for station, tables in sorted(found.items())}


def hold_undecided(db: Database, records: dict[str, list[dict]]) -> dict[str, dict[str, list[str]]]:
    """{table: {record id: [field, ...]}} of the fields of a bundle's records still in open conflict here, each of
    which is set in the record to the value of the version last shared (what the other side sent), not to the value
    held here, which has not been decided on yet: the bundle lists them as undecided (``bases.json``), so that the
    database taking it keeps its own value until a later bundle brings the decided one — a station taking
    headquarters' hand-out, and headquarters taking the bundle of a station with a conflict of its own (from a
    hand-out it took) alike."""
    found: dict[str, dict[str, list[str]]] = {}
    for table in TABLES:
        rows = {str(r[table.key]): r for r in records[table.name]} if table.merge == "shared" else {}
        open_fields: dict[str, set[str]] = {}
        if rows:
            for key, name in db.execute("SELECT record_id, field FROM conflicts WHERE status = 'open' AND tbl = ? "
                                        "AND field NOT IN (?, ?)", [table.name, *DELETION_FIELDS]):
                if key in rows and name in rows[key]:
                    open_fields.setdefault(key, set()).add(name)
        if not open_fields:
            continue
        shared: dict[str, dict] = {}
        for chunk in _chunks(sorted(open_fields)):
            for key, text in db.execute(f"SELECT record_id, row_json FROM sync_base WHERE tbl = ? AND record_id IN "
                                        f"({', '.join('?' * len(chunk))})", [table.name, *chunk]):
                shared[key] = unpacked_row(text)
        for key, names in open_fields.items():
            for name in names & set(shared.get(key, {})):
                rows[key][name] = shared[key][name]
        found[table.name] = {key: sorted(names) for key, names in sorted(open_fields.items())}
    return found


def undecided_deletions(db: Database, records: dict[str, list[dict]],
                        audit: list[dict]) -> dict[str, dict[str, list[str]]]:
    """{table: {record id: [field]}} of headquarters' hand-out: the deletions in open conflict here, which the
    hand-out lists as undecided with the conflict's field (``bases.json``), so that the station keeps its copy, or
    its deletion, until a later hand-out brings the decision (``merge._deletions``, ``merge._plan_merge``) — a
    record deleted here that a station changed since (``DELETED_HERE_FIELD``, or ``DELETED_FIELD`` with the value
    True held here as earlier versions kept it), when the hand-out's audit segment deletes it; and a record a
    station deleted that was changed here (``DELETED_FIELD``), when the hand-out carries it. The decision travels
    as any other: kept, the deletion is audited again (``merge._settle_deleted_here``) or the record goes out again;
    taken, the record comes back, or its deletion is audited."""
    deleted = {str(e["entity_id"]) for e in audit if e.get("before_digest") and not e.get("after_digest")}
    carried = {t.name: {str(r[t.key]) for r in records[t.name]} for t in TABLES if t.merge == "shared"}
    found: dict[str, dict[str, set[str]]] = {}
    for table, key, name, local in db.execute("SELECT tbl, record_id, field, local_value FROM conflicts "
                                              "WHERE status = 'open' AND field IN (?, ?)", list(DELETION_FIELDS)):
        deleted_here = name == DELETED_HERE_FIELD or (local is not None and json.loads(local) is True)
        if key in deleted if deleted_here else key in carried.get(table, ()):
            found.setdefault(table, {}).setdefault(key, set()).add(name)
    return {table: {key: sorted(names) for key, names in sorted(keys.items())} for table, keys in sorted(found.items())}


def joined_undecided(*lists: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
    """The undecided lists (``hold_undecided``, ``undecided_deletions``) as one, as ``bases.json`` holds them."""
    found: dict[str, dict[str, set[str]]] = {}
    for listed in lists:
        for table, keys in listed.items():
            for key, names in keys.items():
                found.setdefault(table, {}).setdefault(key, set()).update(names)
    return {table: {key: sorted(names) for key, names in sorted(keys.items())} for table, keys in sorted(found.items())}


def undecided_bases(db: Database, records: dict[str, list[dict]],
                    undecided: dict[str, dict[str, list[str]]]) -> list[tuple[str, str, dict]]:
    """(table, record id, row) of the versions a station taking this bundle may keep as its base for a record with
    undecided fields (``hold_undecided``): the record as sent, each undecided field with the value of a version held
    in common before (``sync_versions``) — the station keeps the value of its own last shared version for such a
    field. Kept as versions sent from here, they let a bundle of that station naming one of them be compared with
    it (the station changed none of those fields), instead of with no base at all."""
    found: list[tuple[str, str, dict]] = []
    for table, held in undecided.items():
        rows = {str(r[BY_NAME[table].key]): r for r in records[table]}
        for chunk in _chunks(sorted(held)):
            for key, text in db.execute(f"SELECT record_id, row_json FROM sync_versions WHERE tbl = ? AND record_id "
                                        f"IN ({', '.join('?' * len(chunk))})", [table, *chunk]):
                earlier = unpacked_row(text)
                found.append((table, key, {**rows[key], **{name: earlier[name] for name in held[key]
                                                             if name in earlier}}))
    return found


def record_versions(db: Database, station_id: str, versions: list[tuple[str, str, dict]], *,
                    sent: bool = False) -> None:
    """Keep (table, record id, row) as versions held in common with another station, received from
    ``station_id`` (this station's own id: sent from here), so that a bundle naming one of them as the version its
    copy grew from is merged against it (``sync_versions``). A version ``sent`` is not kept again when it says
    what one received already says."""
    unknown = " WHERE NOT EXISTS (SELECT 1 FROM sync_versions WHERE tbl = ?1 AND record_id = ?2 AND digest = ?3)" \
        if sent else ""
    db.conn.executemany("INSERT OR IGNORE INTO sync_versions (tbl, record_id, digest, station_id, row_json) "
                        f"SELECT ?1, ?2, ?3, ?4, ?5{unknown}",
                        [(table, key, common_digest(row), station_id, packed_row(row)) for table, key, row in versions])


def imported_logs(db: Database) -> dict[str, int]:
    """{station id: the last entry of its audit log imported here} for every other station known here (0 when
    nothing was imported from it yet). A hand-out carries it so that a station can tell whether its latest
    bundle had been imported before the hand-out was made."""
    return dict(db.execute("SELECT id, audit_seq FROM stations WHERE role != 'self' ORDER BY id").fetchall())


def exports_carried(db: Database) -> tuple[tuple[int, str, str] | None, int]:
    """How far the bundles exported from here carried this database's audit log, as recorded outside it: (the
    furthest export as (``bundle_exports.audit_to``, its path, when it was made), None when none carried an entry;
    the furthest entry the notes of the last export say, of every scope and at headquarters of each station's
    hand-outs (``last_export``), 0 when none). Both are written together by an export; they differ only when one
    was lost or taken away. A database of a version before the exports were kept raises ``driver.Error``."""
    row = db.execute("SELECT audit_to, path, created_at FROM bundle_exports WHERE audit_to > 0 "
                     "ORDER BY audit_to DESC, created_at DESC LIMIT 1").fetchone()
    noted = 0
    for (text,) in db.execute("SELECT value FROM settings WHERE key = ? OR key LIKE ?",
                              [LAST_EXPORT_KEY, LAST_EXPORT_KEY + ":%"]).fetchall():
        try:
            seq = json.loads(text).get("audit_seq")
        except (ValueError, AttributeError):
            continue
        if isinstance(seq, int) and not isinstance(seq, bool):
            noted = max(noted, seq)
    return ((int(row[0]), str(row[1]), str(row[2])) if row is not None else None), noted


def sent_audit_seq(db: Database) -> int:
    """How far into this database's audit log its bundles (of any scope, to any station) have gone."""
    export, noted = exports_carried(db)
    return max(export[0] if export is not None else 0, noted)


AUDIT_COLUMNS = "seq, at, actor, action, entity, entity_id, before_digest, after_digest, prev_hash, hash"


@dataclass(frozen=True)
class AuditSegment:
    """The part of this database's audit log a bundle carries: the entries after ``after`` up to ``to``, the log's
    head when the export began (``first``: the first of them; ``head``: the hash of ``to``; ``count`` of them). Its
    entries are read from the log as they are written into the bundle (``json_blocks``), never held as one list: a
    station's first hand-out carries headquarters' whole log (76,818 entries, 32 MB of JSON, held as a list, its
    text and its bytes at once took some 200 MB). Entries are only ever appended: ``to`` fixes what it holds, an entry
    written meanwhile is the next bundle's."""

    after: int
    to: int
    first: int
    head: str
    count: int
    bound: int  # more than the bytes its JSON can take (``json_blocks``): past 2 GiB, its member needs zip64

    @classmethod
    def of(cls, db: Database, after_seq: int) -> AuditSegment:
        row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        to, head = (row[0], row[1]) if row is not None and row[0] > after_seq else (after_seq, "")
        first, count, text = db.execute(
            "SELECT MIN(seq), COUNT(*), COALESCE(SUM(LENGTH(CAST(at || actor || action || entity || entity_id || "
            "before_digest || after_digest || prev_hash || hash AS BLOB))), 0) FROM audit WHERE seq > ? AND seq <= ?",
            [after_seq, to]).fetchone()
        # a character escaped in JSON takes at most 6 bytes (\u001f), and an entry's names, quotes and number 200
        return cls(after_seq, to, first if first is not None else after_seq + 1, head, count, 6 * text + 200 * count)

    def deletions(self, db: Database) -> list[dict]:
        """The entries that delete a record (``common_versions``, ``undecided_deletions`` look for no other)."""
        cursor = db.execute(f"SELECT {AUDIT_COLUMNS} FROM audit WHERE seq > ? AND seq <= ? AND (action = 'delete' "
                            "OR (before_digest != '' AND after_digest = '')) ORDER BY seq", [self.after, self.to])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def json_blocks(self, db: Database, cancel=None) -> Iterator[bytes]:
        """The UTF-8 bytes of the segment's compact, key-sorted JSON list (the text ``_json_bytes`` gives of the list
        of its entries) in blocks of about a MiB, read from the log ``_JSON_PART`` entries at a time."""
        cursor = db.execute(f"SELECT {AUDIT_COLUMNS} FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq",
                            [self.after, self.to])
        names = [d[0] for d in cursor.description]
        run, size, first = ["["], 1, True
        while rows := cursor.fetchmany(_JSON_PART):
            if cancel is not None:
                cancel.check()
            text = _compact_json([dict(zip(names, row, strict=True)) for row in rows])[1:-1]
            run.append(text if first else "," + text)
            first, size = False, size + len(text) + 1
            if size >= _JSON_BLOCK:
                yield "".join(run).encode("utf-8")
                run, size = [], 0
        run.append("]")
        yield "".join(run).encode("utf-8")


def _last_export_key(station_id: str | None) -> str:
    return f"{LAST_EXPORT_KEY}:{station_id}" if station_id else LAST_EXPORT_KEY


def last_export(db: Database, station_id: str | None = None) -> dict | None:
    """When the last full or changed-since export was made and how far the audit log went: {"at", "audit_seq"};
    at headquarters, ``station_id``: its last hand-out for that station (each station's changes are counted from
    its own, so that a hand-out for one station does not skip what another has not been sent yet)."""
    text = get_setting(db, _last_export_key(station_id))
    return json.loads(text) if text else None


def trusted_stations(db: Database) -> list[Station]:
    """The stations headquarters trusts (its hand-outs are for them), by name."""
    from workstation.station import trusted_stations as trusted_now

    return trusted_now(db)


def handout_station(db: Database, wanted: str | None) -> Station:
    """The station headquarters' hand-out is for: ``wanted`` (a trusted station's id, name, or name as lists show
    it), or, when none is named, the one station trusted here. Refused, naming the stations trusted, when none is
    named and several are trusted (a hand-out holds one station's records only), or when ``wanted`` is none of
    them."""
    stations = trusted_stations(db)
    labels = distinct_labels(stations)
    names = "、".join(labels[s.id] for s in stations)
    if not stations:
        raise WorkstationError(_("Headquarters trusts no station yet: a hand-out is made for a station it trusts. "
                                 "Trust the station's card first (`station trust FILE`)."))
    if not wanted:
        if len(stations) == 1:
            return stations[0]
        raise WorkstationError(tidy_spaces(_(
            "Headquarters trusts {n} stations ({names}): say which station this hand-out is for (`bundle export "
            "--for STATION`); it holds that station's records only.").format(n=len(stations), names=names)))
    text = wanted.strip()
    found = [s for s in stations if text == s.id] or \
        [s for s in stations if text in (s.name, station_label(s.name, s.fingerprint), labels[s.id])]
    if len(found) == 1:
        return found[0]
    if found:
        raise WorkstationError(tidy_spaces(_("Several stations trusted here are named {name}: give the id of the one "
                                             "this hand-out is for ({stations}).").format(
            name=text, stations="；".join(f"{labels[s.id]} {s.id}" for s in found))))
    raise WorkstationError(tidy_spaces(_("No station trusted here is {name}: the hand-out is for one of {names} "
                                         "(its name or id, see `station list`).").format(name=text, names=names)))


#: how long before its audit entry a change may have been stamped (a long import stamps its rows first)
_STAMP_MARGIN = dt.timedelta(hours=1)


def changed_since(db: Database, previous: dict) -> str:
    """The time from which a changed-since export collects: the last export's, unless the clock was set back
    since (a laptop whose clock ran ahead, then corrected): a change audited after that export but stamped
    before it would never travel, so the export goes back to the earliest such change, less a margin."""
    since = previous["at"]
    first = db.execute("SELECT MIN(at) FROM audit WHERE seq > ?", [previous["audit_seq"]]).fetchone()[0]
    if first is None or first >= since:  # compared as the stored texts are, like ``updated_at >= since``
        return since
    return (dt.datetime.fromisoformat(first) - _STAMP_MARGIN).isoformat()


#: containers holding more than this many values (nested values counted) are encoded a part at a time
_JSON_PART = 256


def _items_left(value, budget: int) -> int:
    """``budget`` less the values nested in ``value`` (below 0 as soon as it runs out)."""
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for child in children:
        budget = _items_left(child, budget - 1)
        if budget < 0:
            break
    return budget


def _json_parts(value, parts: list[str]) -> None:
    """Append the compact, key-sorted JSON of ``value`` to ``parts``: a large list or dict one value at a time, so
    that no single ``json.dumps`` call holds the interpreter lock for long (it would freeze the window while a
    bundle of 100,000 cases is written in the background); the text is the same as one call would give."""
    big = isinstance(value, list | dict) and _items_left(value, _JSON_PART) < 0
    if big and isinstance(value, list):
        parts.append("[")
        pieces: list[str] = []  # the items' texts; small items encoded a run at a time
        run: list = []
        for item in value:
            if isinstance(item, list | dict) and _items_left(item, _JSON_PART) < 0:
                if run:
                    pieces.append(_compact_json(run)[1:-1])
                    run = []
                inner: list[str] = []
                _json_parts(item, inner)
                pieces.append("".join(inner))
                continue
            run.append(item)
            if len(run) == _JSON_PART:
                pieces.append(_compact_json(run)[1:-1])
                run = []
        if run:
            pieces.append(_compact_json(run)[1:-1])
        for number, piece in enumerate(pieces):  # not joined here: one join of a whole table holds the lock too
            if number:
                parts.append(",")
            parts.append(piece)
        parts.append("]")
    elif big and all(isinstance(k, str) for k in value):
        parts.append("{")
        for number, name in enumerate(sorted(value)):
            parts.append("," if number else "")
            parts.append(json.dumps(name, ensure_ascii=False) + ":")
            _json_parts(value[name], parts)
        parts.append("}")
    else:
        parts.append(_compact_json(value))


def _compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


#: the UTF-8 text of a bundle member is made and written in blocks of about this many characters
_JSON_BLOCK = 1 << 20


def _json_blocks(value) -> list[bytes]:
    """The UTF-8 bytes of ``value``'s compact JSON (``_json_parts``) in blocks of about a MiB: joining and encoding
    the text of a table of 100,000 cases in one call held the interpreter lock for up to a second."""
    parts: list[str] = []
    _json_parts(value, parts)
    blocks: list[bytes] = []
    run: list[str] = []
    size = 0
    for part in parts:
        run.append(part)
        size += len(part)
        if size >= _JSON_BLOCK:
            blocks.append("".join(run).encode("utf-8"))
            run, size = [], 0
    if run or not blocks:
        blocks.append("".join(run).encode("utf-8"))
    return blocks


def _json_bytes(value) -> bytes:
    return b"".join(_json_blocks(value))


def export_bundle(db: Database, data_dir: Path, out_path: str | os.PathLike, *, case_ids: list[str] | None = None,
                  everything: bool = False, encrypt: bool | None = None, for_station: str | None = None,
                  progress: ProgressFn = no_progress, cancel=None) -> dict:
    """Write a signed bundle to ``out_path``: the chosen cases, or everything (``everything``), or by default
    everything changed since the last export. At headquarters the bundle is a hand-out for one station
    (``for_station``, its id or name; ``handout_station``) holding only that station's records, encrypted to its
    key when its card carries one; elsewhere ``encrypt`` None encrypts when headquarters' key is set.
    Returns {"path", "cases", "files", "sha256", "records", "encrypted", "bundle_id", "scope", "for",
    "removed_parts", "unrecorded", "details_warnings"} (the partial bundles of cut-off exports removed from the
    folder: ``remove_stale_parts``; the bundles of exports killed before recording them: ``export_journal.settle``;
    each 联系电话 of the agency details sent that was saved before the present checks, ``details_part.export_warnings``,
    which headquarters takes with a warning). A
    refusal once those are removed says them too and keeps them as its ``removed_parts`` and ``unrecorded``
    (``_said_when_refused``)."""
    # a missing folder is refused, never made: a USB stick not plugged in would be a folder on the laptop's disk,
    # and the export counted as sent from there
    out_path = check_output(str(out_path))
    # where it is recorded and noted: absolute, as the next export (run from another folder) looks it up; messages
    # name it as the officer gave it
    recorded_path = out_path.absolute()
    data_dir = Path(data_dir)
    # only headquarters (its role set so, never guessed from the stations it trusts: ``station_role``) hands out
    at_headquarters = installation_role(db, data_dir).headquarters
    handout = handout_station(db, for_station) if at_headquarters and for_station is not EVERY_STATION else None
    if for_station and for_station is not EVERY_STATION and not at_headquarters:
        raise WorkstationError(_("Only headquarters makes a bundle for a station: a station's bundles go to "
                                 "headquarters. Export without choosing a station."))
    station = ensure_station(db, data_dir)
    key = signing_key(data_dir)
    hq = headquarters(db)
    recipient = handout.box_key if handout is not None else hq.box_key if hq is not None else ""
    if encrypt and not recipient:
        if handout is not None:
            raise WorkstationError(tidy_spaces(_(
                "The card of station {station} carries no encryption key: ask the station for its current card "
                "(`station export`), trust it again, or export without encryption.").format(
                station=station_label(handout.name, handout.fingerprint))))
        raise WorkstationError(_("No headquarters key is set: take headquarters' station card with "
                                 "`station headquarters FILE` first, or export without encryption."))
    encrypt = bool(recipient) if encrypt is None else encrypt
    started = now()
    previous = last_export(db, handout.id if handout is not None else None)
    scope = "cases" if case_ids is not None else ("all" if everything or previous is None else "changed")
    since = changed_since(db, previous) if scope == "changed" else None
    progress(0, 1, _("Collecting the records"))
    # read before the records: a bundle imported meanwhile is then counted as not yet imported (the safe side)
    imported = imported_logs(db) if at_headquarters else None
    if imported is not None and handout is not None:  # the station reads its own position only
        imported = {handout.id: imported.get(handout.id, 0)}
    records = collect(db, set(case_ids) if case_ids is not None else None, since, merged=at_headquarters,
                      handout=handout, progress=progress, cancel=cancel)
    undecided = hold_undecided(db, records)
    withdrawals = block_withdrawals(db)
    if handout is not None:  # the withdrawals of the blocks it carries (one kept by id alone names no station)
        owners = handout_block_owners(db, handout)
        withdrawals = [w for w in withdrawals if w.get("station_id", handout.id) == handout.id
                       or owners is None or w.get("agency_id") in owners]
    after_seq = previous["audit_seq"] if previous and scope != "all" else 0
    segment = AuditSegment.of(db, after_seq)  # written into the bundle a run of entries at a time
    head_seq = segment.to
    deletions = segment.deletions(db)  # what of the segment the versions and the undecided deletions look at
    # the versions held in common are given whether or not a headquarters is named ("complete"): a station that
    # has not taken headquarters' card is checked against a stale copy as well
    common = {"headquarters": hq.id if hq is not None else None, "records": common_versions(db, records, deletions),
              "complete": True}
    if imported is not None:
        common["imported"] = imported
        common["received"] = received_versions(db, station.id, records, common["records"])
        if handout is not None:
            common["received"] = {k: v for k, v in common["received"].items() if k == handout.id}
    else:
        # a station naming headquarters: the version of each record it last received from there, where it is not
        # the one named (a bundle of it lost, or refused, names a version headquarters never held): headquarters
        # merges against that one then, which both copies grew from (``merge._received_from_here``)
        received = received_versions(db, station.id, records, common["records"]).get(hq.id) \
            if hq is not None else None
        if received:
            common["received"] = {hq.id: received}
    # at headquarters, the deletions in open conflict too: the station keeps its copy (or its deletion) meanwhile
    listed = joined_undecided(undecided, undecided_deletions(db, records, deletions)) if at_headquarters \
        else undecided
    if listed:
        common["undecided"] = listed
    files = [r["sha256"] for r in records["files"]]
    total = len(files) + 2
    members: dict[str, dict] = {}
    bundle_id = str(uuid.uuid4())
    details, details_warnings = None, []
    if not at_headquarters:  # the station's own agency details, for headquarters to print its cases with
        from workstation.agency_details import station_own_agency_id

        details = bundle_details(db, station.agency_id)
        # a 联系电话 saved before the present checks: headquarters takes it, warning; the station is told here
        details_warnings = export_warnings(db, details, agency_code(db, station_own_agency_id(db)))
    if cancel is not None:
        cancel.check()
    removed_parts = remove_stale_parts(out_path.parent)
    # bundles put in place by exports killed before recording them: removed, as this export sends their changes;
    # before the bundle is written, not once it is recorded, so that their personal data leaves the stick whatever
    # this export does, and the room they took on a full stick is this bundle's
    unrecorded = export_journal.settle(db, data_dir)
    # from here a refusal (a full stick, Cancel) says what the two steps above removed: said nowhere else, and
    # the next export finds nothing of it left to say
    with _said_when_refused(out_path, removed_parts, unrecorded):
        try:  # named with this process: once it is gone, the next export knows the file for a leftover
            handle, temp_name = tempfile.mkstemp(prefix=f"{PART_PREFIX}{os.getpid()}-", suffix=PART_SUFFIX,
                                                 dir=out_path.parent)
        except OSError as exc:
            raise WorkstationError(with_advice(_("{path} cannot be written: {reason}").format(
                path=out_path, reason=os_reason(exc)), exc, out_path.parent, elsewhere=True)) from None
        os.close(handle)
        temp = Path(temp_name)
        try:
            with contextlib.ExitStack() as stack:
                if encrypt:  # the archive goes through the encryption as it is written: no plaintext copy anywhere
                    from workstation.bundle.envelope import EncryptingWriter

                    sink = stack.enter_context(temp.open("wb"))
                    sealed = EncryptingWriter(sink, base64.b64decode(recipient))
                    stack.callback(sealed.close)
                    archive = stack.enter_context(zipfile.ZipFile(sealed, "w"))
                else:
                    archive = stack.enter_context(zipfile.ZipFile(temp, "w"))
                def add_json(name: str, value) -> None:
                    """``_json_bytes(value)`` deflated into the archive a block at a time: never the whole member in
                    one buffer, which one call would have to join, encode or copy."""
                    blocks = _json_blocks(value)
                    add_blocks(name, blocks, sum(len(block) for block in blocks))

                def add_blocks(name: str, blocks: Iterable[bytes], size: int | None, bound: int = 0) -> None:
                    """The ``blocks`` deflated into the archive as the member ``name``; ``size`` told before it opens
                    (as writestr does), or None when the blocks are made as they are written (``bound``: more than
                    they can come to, which past 2 GiB asks for the zip64 fields at once)."""
                    info = zipfile.ZipInfo(name, ZIP_DATE)
                    info.compress_type = zipfile.ZIP_DEFLATED  # at zlib's default level, 6
                    info.external_attr = 0o600 << 16
                    if size is not None:
                        info.file_size = size
                    digest, written = hashlib.sha256(), 0
                    with archive.open(info, "w", force_zip64=size is None and bound > zipfile.ZIP64_LIMIT) as member:
                        for block in blocks:
                            member.write(block)
                            digest.update(block)
                            written += len(block)
                    members[name] = {"sha256": digest.hexdigest(), "size": written}

                def add_bytes(name: str, data: bytes) -> None:
                    """A small member as it is, deflated (a holiday year file)."""
                    info = zipfile.ZipInfo(name, ZIP_DATE)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o600 << 16
                    archive.writestr(info, data)
                    members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

                def add_stored(sha: str, size: int, key: bytes | None) -> None:
                    """A stored file, kept as it is (not deflated: recordings and photos are compressed already),
                    copied in steps (``stored_chunks``): a recording of hundreds of MB is never held in memory.
                    Found altered at its end, it fails the export, whose partial bundle is removed."""
                    info = zipfile.ZipInfo(f"files/{sha}", ZIP_DATE)
                    info.compress_type = zipfile.ZIP_STORED
                    info.external_attr = 0o600 << 16
                    info.file_size = size  # told before it opens: a file past 2 GiB gets its zip64 fields
                    written = 0
                    with archive.open(info, "w") as member:
                        try:
                            for chunk in stored_chunks(data_dir, sha, key):
                                member.write(chunk)
                                written += len(chunk)
                        except StoredFileError as exc:  # named with the case and the item or document holding it
                            raise WorkstationError(stored_file_refusal(exc, records)) from exc
                    members[info.filename] = {"sha256": sha, "size": written}

                for table in TABLES:
                    add_json(f"records/{table.name}.json", records[table.name])
                # with them, a station's refusals of headquarters' blocks and withdrawals (``block_refusals``)
                add_json(WITHDRAWALS_MEMBER, withdrawals if handout is not None else withdrawals + block_refusals(db))
                add_blocks("audit.json", segment.json_blocks(db, cancel), None, segment.bound)
                add_json(BASES_MEMBER, common)
                if details is not None:  # the station's own agency details, for headquarters to print its cases with
                    add_json(DETAILS_MEMBER, details)
                else:  # the year files headquarters counts with, for the stations to count with the same
                    for year, content in sorted(calendar_part.imported_year_files(data_dir).items()):
                        add_bytes(calendar_part.member_name(year), content)
                progress(1, total, _("Adding the issued documents and evidence"))
                sealed_with = files_key(data_dir)
                sizes = {r["sha256"]: int(r["size"] or 0) for r in records["files"]}
                for done, sha in enumerate(files, start=2):
                    if cancel is not None:
                        cancel.check()
                    add_stored(sha, sizes[sha], sealed_with)
                    if done % 50 == 0:
                        progress(done, total, _("Adding the issued documents and evidence"))
                counts = {name: len(rows) for name, rows in records.items()}
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION, "bundle_id": bundle_id,
                    "app_version": __version__, "schema": applied_schema(db),
                    "station": {"id": station.id, "name": station.name,
                                "agency_code": agency_code(db, station.agency_id), "sign_key": station.sign_key,
                                "box_key": station.box_key, "fingerprint": station.fingerprint},
                    "created_at": started, "scope": scope, "since": since, "counts": counts,
                    "audit": {"from": segment.first, "to": head_seq, "head": segment.head},
                    "members": dict(sorted(members.items())),
                    # with which holiday data this installation counted the years about now, and the days of its
                    # year files (headquarters warns of a station's year counted otherwise)
                    **calendar_part.manifest_entries(data_dir, started),
                }
                if handout is not None:  # the station it is for: another station refuses it (``merge.plan_merge``)
                    manifest["for"] = {"id": handout.id, "name": handout.name, "fingerprint": handout.fingerprint}
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
                signature = base64.b64encode(key.sign(manifest_bytes))
                archive.writestr(zipfile.ZipInfo("manifest.json", ZIP_DATE), manifest_bytes,
                                 compress_type=zipfile.ZIP_DEFLATED)
                archive.writestr(zipfile.ZipInfo("manifest.sig", ZIP_DATE), signature)
            with temp.open("rb+") as fh:
                os.fsync(fh.fileno())
            digest = _file_sha256(temp)
            if cancel is not None:
                cancel.check()
                # from here the bundle is in place and recorded as sent: a Cancel now is not heard (the window says so)
                cancel.close()
                progress(total - 1, total, _("Recording the export; it can no longer be cancelled"))
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise WorkstationError(with_advice(_("{path} cannot be written: {reason}").format(
                path=out_path, reason=os_reason(exc)), exc, out_path.parent, elsewhere=True)) from None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        # recorded and put in place together: the bundle is renamed into place as the last step of the transaction
        # that records it as sent, so a failure takes it away again (a bundle the station does not know it sent would
        # go again); a kill between the rename and the commit is noted beforehand (``export_journal``)
        noted, placed = None, False
        try:
            with db.atomic():
                # which cases went where (m034): kept here only, never audited, so nothing of it travels in a bundle
                destination = ("station", handout.id, handout.name) if handout is not None else \
                    ("stations", None, None) if at_headquarters else \
                    ("hq", hq.id if hq is not None else None, hq.name if hq is not None else None)
                db.execute("INSERT INTO bundle_exports (id, created_at, created_by, scope, since, path, sha256, "
                           "encrypted, cases, files, audit_from, audit_to, case_ids, destination, destination_id, "
                           "destination_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [bundle_id, started, acting_officer(db), scope, since, str(recorded_path), digest, int(encrypt),
                            len(records["cases"]), len(files), manifest["audit"]["from"], head_seq,
                            json.dumps(sorted(str(r["id"]) for r in records["cases"])), *destination])
                if scope != "cases":
                    set_setting(db, _last_export_key(handout.id if handout is not None else None),
                                json.dumps({"at": started, "audit_seq": head_seq}))
                if handout is not None:  # the records it carried as another agency's: left out of the next ones
                    note_moved_carried(db, handout, records)
                # what was sent is the version shared with headquarters: a bundle coming back is compared with it, so a
                # field headquarters changed is taken here, not reported as a conflict
                db.conn.executemany(
                    "INSERT INTO sync_base (tbl, record_id, row_json, station_id, updated_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(tbl, record_id) DO UPDATE SET row_json = excluded.row_json, "
                    "station_id = excluded.station_id, updated_at = excluded.updated_at",
                    [(t.name, str(r[t.key]), packed_row(r), station.id, started) for t in TABLES if t.merge == "shared"
                     for r in records[t.name]])
                record_versions(db, station.id, [(t.name, str(r[t.key]), r) for t in TABLES if t.merge == "shared"
                                                 for r in records[t.name]] + undecided_bases(db, records, undecided),
                                sent=True)
                try:
                    noted = export_journal.note(data_dir, bundle_id, recorded_path, digest, started)
                except OSError as exc:  # the data directory's disk or folder, not the bundle's: named as such
                    folder = export_journal.journal_folder(data_dir)
                    export_journal.forget(folder / f"{bundle_id}.json")  # a note half written
                    raise WorkstationError(with_advice(_("{path} cannot be written: {reason}").format(
                        path=folder, reason=os_reason(exc)), exc, data_dir)) from None
                _put_in_place(temp, out_path)
                placed = True
                fsync_dir(out_path.parent)
        except OSError as exc:
            if placed:
                out_path.unlink(missing_ok=True)
            raise WorkstationError(with_advice(_("{path} cannot be written: {reason}").format(
                path=out_path, reason=os_reason(exc)), exc, out_path.parent, elsewhere=True)) from None
        except BaseException:
            if placed:
                out_path.unlink(missing_ok=True)
            raise
        finally:
            temp.unlink(missing_ok=True)
            export_journal.forget(noted)
    progress(total, total, _("Bundle written"))
    result = {"path": str(out_path), "cases": len(records["cases"]), "files": len(files), "sha256": digest,
              "records": sum(counts.values()), "encrypted": bool(encrypt), "bundle_id": bundle_id, "scope": scope,
              "for": {"id": handout.id, "name": handout.name} if handout is not None else None,
              "removed_parts": removed_parts, "unrecorded": unrecorded,
              # nothing changed since the last export: the bundle carries only what every bundle does (the number
              # blocks, their withdrawals and, from headquarters, how far it imported the stations' logs)
              "nothing_new": scope == "changed" and not segment.count and not any(
                  rows for name, rows in records.items() if name != "number_blocks"),
              "since": since, "details_warnings": details_warnings}
    _let_go([*records.values(), deletions])
    return result


def stored_file_refusal(exc: StoredFileError, records: dict[str, list[dict]]) -> str:
    """Why an export stopped at a stored file gone from the data folder or altered (``exc``): the case, the evidence
    item or issued document holding it (of the bundle's ``records``) and the file's name, and what to do — for
    evidence, add the original file to the case again (``evidence add`` stores it anew under the same content),
    a backup restored only when the original is lost (the work done since that backup would be lost with it)."""
    from workstation.documents.issuing import stored_file_said, stored_pdf_said

    cases = {str(r["id"]): str(r.get("case_number") or "") for r in records.get("cases", ())}
    evidence = next((r for r in records.get("evidence", ()) if r.get("sha256") == exc.sha256), None)
    if evidence is not None:
        case = cases.get(str(evidence.get("case_id")), "")
        what = _("The stored copy of evidence file {file} of case {case}").format(
            file=evidence.get("file_name") or exc.sha256[:12], case=case or "—")
        return tidy_spaces(stored_file_said(exc, what) + " " + _(
            "Add the original file to the case again (`evidence add {case} FILE`, or “{button}” in the case): the "
            "stored copy is restored from it, and nothing else changes. Restore the data folder from a backup only "
            "when the original is lost: the work done since that backup would be lost too.").format(
            case=case or "CASE", button=_("Add evidence…")))
    document = next((r for r in records.get("documents", ()) if r.get("pdf_sha256") == exc.sha256), None)
    if document is not None:
        said = stored_pdf_said(exc, document.get("number"), document.get("title"),
                               cases.get(str(document.get("case_id")), ""))
        return tidy_spaces(said + " " + _(
            "An issued document cannot be added again: restore the data folder from a backup made after the document "
            "was issued, copying the data folder first (the work done since that backup would be lost)."))
    return exc.message


PART_PREFIX, PART_SUFFIX = ".bundle-", ".part"  # a bundle being written: ``.bundle-<pid>-<random>.part``
_STARTED = time.time()  # about when this program started: a .part last written before is no export of its own


def _put_in_place(temp: Path, out_path: Path) -> None:
    """Rename the finished bundle into place: the last step before the export is committed (where the tests cut
    the power)."""
    temp.replace(out_path)


def remove_stale_parts(folder: Path) -> list[str]:
    """Remove the partial bundles an export cut off (the program killed, the computer switched off) left hidden in
    ``folder``, the USB stick: each holds personal data. One named with its process id is a leftover once that
    process is gone; one named without (written by an older version) once last written before this program
    started. Returns their names; a file that cannot be removed is left (the next export tries again)."""
    from workstation.repair import process_alive

    removed = []
    for path in sorted(folder.glob(f"{PART_PREFIX}*{PART_SUFFIX}")):
        middle = path.name[len(PART_PREFIX):-len(PART_SUFFIX)]
        pid, dash, _rest = middle.partition("-")
        try:
            if dash and pid.isdigit():
                stale = not process_alive(int(pid))
            else:
                stale = path.stat().st_mtime < _STARTED
            if stale and path.is_file():
                path.unlink()
                removed.append(path.name)
        except OSError:
            continue
    if removed:
        LOG.info("%d partial bundles of cut-off exports removed", len(removed))
    return removed


def nothing_new_note(result: dict, at_headquarters: bool = False) -> str:
    """What an export with nothing changed since the last one says (``result["nothing_new"]``; '' otherwise): the
    bundle was written all the same — it still carries the number blocks and, from headquarters, how far the
    stations' bundles were imported — and need not be sent unless those are wanted."""
    if not result.get("nothing_new"):
        return ""
    if at_headquarters:
        return _("Nothing changed since the last export ({when}): the bundle holds no case or record, only the number "
                 "blocks and how far headquarters imported each station's bundles. Send it only if the station needs "
                 "those.").format(when=str(result.get("since") or "")[:19].replace("T", " "))
    return _("Nothing changed since the last export ({when}): the bundle holds no case or record, only the number "
             "blocks. Send it only if headquarters needs those.").format(
        when=str(result.get("since") or "")[:19].replace("T", " "))


def holds_text(result: dict, encrypted: str = "") -> str:
    """What an export says its bundle holds, after where it went (``output.written_text``); ``encrypted`` the words
    of whom it is encrypted to ("" when it is not said)."""
    return _("The bundle holds {cases} cases, {files} files, {records} records{encrypted}.").format(
        cases=result["cases"], files=result["files"], records=result["records"], encrypted=encrypted)


def removed_parts_note(result: dict, *, written: bool = True) -> str:
    """What an export says of the partial bundles of cut-off exports it removed from its folder, and of the whole
    bundles of exports cut off before recording them (``export_journal.unrecorded_note``) ("" when none);
    ``written`` False: said with the refusal of an export that wrote no bundle after removing them."""
    names = result.get("removed_parts") or []
    unrecorded = export_journal.unrecorded_note(result, written=written)
    if not names:
        return unrecorded
    parts = ngettext("{n} partial bundle left in {folder} by an export that was cut off was removed: it held "
                     "personal data.", "{n} partial bundles left in {folder} by exports that were cut off were "
                     "removed: they held personal data.", len(names)).format(
        n=len(names), folder=Path(result["path"]).parent)
    return f"{unrecorded} {parts}" if unrecorded else parts


@contextlib.contextmanager
def _said_when_refused(out_path: Path, removed_parts: list[str], unrecorded: list[dict]):
    """Say what an export removed before it wrote its bundle (``removed_parts``: partial bundles of cut-off exports;
    ``unrecorded``: bundles of exports killed before recording them, ``export_journal.settle``) with its refusal
    when it then fails (a full stick, a Cancel, a disk error): the files are gone whatever the export does next, and
    their notes with them, so the refusal is the one place the officer can learn that a bundle on the stick was
    removed. The refusal keeps them as ``removed_parts`` and ``unrecorded`` (for ``bundle export --json``)."""
    try:
        yield
    except WorkstationError as exc:
        said = removed_parts_note({"path": str(out_path), "removed_parts": removed_parts, "unrecorded": unrecorded},
                                  written=False)
        if said:
            exc.message = f"{exc.message}\n{said}"
            exc.args = (exc.message,)
            exc.removed_parts, exc.unrecorded = list(removed_parts), list(unrecorded)
        raise
    except BaseException as exc:  # not the officer's to act on (a database failure): kept with its traceback
        if removed_parts or unrecorded:
            LOG.warning("export failed after removing %d partial and %d unrecorded bundles of cut-off exports",
                        len(removed_parts), len(unrecorded))
            exc.add_note(removed_parts_note({"path": str(out_path), "removed_parts": removed_parts,
                                             "unrecorded": unrecorded}, written=False))
        raise


def unencrypted_note(*, advice: bool = True) -> str:
    """What a bundle written without encryption lays open to whoever holds the file (the USB stick it travels
    on): said before the officer writes one, and by ``bundle export`` after it wrote one; ``advice``: with how to
    encrypt the bundles (not at headquarters, whose hand-outs are signed only)."""
    text = _("This bundle is not encrypted: anyone who has the file can read the parties' phone and ID numbers, "
             "the complainants' numbers and the complaints' texts, the documents and the evidence in it.")
    if advice:
        text = join_sentences([text, _("Set headquarters' key from its station card (on the exchange page, or "
                                       "`station headquarters FILE`) to encrypt the bundles.")])
    return text


def _let_go(lists: list[list]) -> None:
    """Empty ``lists`` a slice at a time: the records of 100,000 cases freed at once as the export returned held
    the interpreter lock for a seventh of a second."""
    for rows in lists:
        while rows:
            del rows[-2000:]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
