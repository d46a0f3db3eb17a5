"""Merging a verified bundle: first a plan that only reads (what is new, unchanged, changed or conflicting, per
record and field — the preview and ``--dry-run``), then its application in one transaction.

A record is matched by its UUID. Each field is compared three ways, with the last version shared with another
station (``sync_base``, the version last received): changed only there → taken; changed only here → kept;
changed on both sides to different values → a conflict, kept here and recorded for the analyst to resolve,
never overwritten silently. A version last shared with a third station tells nothing of what the sending station
has seen (its copy came through headquarters and may be older): then every field that differs is a conflict, the
version shared with the third station stays the base, and the station deleting its copy deletes nothing here.
The station's bundle (format 2) says which version each copy grew from (the digest of the version it last held
in common). Every version this database has held in common with another station, sent or received, is kept
(``sync_versions``): when the stated version is one of them but not the last one shared (a station sending its copy
before it took the latest hand-out, or re-sending everything), that version is the base, so the station's own
changes since are taken and what changed here since stands, with nothing to choose. A version this database sent
itself (headquarters' hand-out) is the base for a station's record only when the station's copy grew from it, or
what it says was received from that station before (the station had it), or the station had imported everything
sent from here when it made its bundle (its bases.json says how far: then the digest it names may be one it never
held, e.g. a hand-out headquarters kept as the base while it resolved the station's conflict): a copy grown from
a version never held here is compared with no base, every field that differs is a conflict and the hand-out stays
the base (its deletion of the record is a conflict too). A copy saying what the last version shared says leaves
that version the base. The check is made for a bundle naming this database as the station's headquarters, or
naming none (a station that has not taken headquarters' card gives its digests as well, marked "complete"), but
not for the hand-out of this station's own headquarters, whose digests speak of its dealings with every station;
format 1 bundles, and older bundles naming no headquarters, merge without it (the preview says so:
``older_bundle_note``).
The mirror at a station: what it exported became its base, so a hand-out of its headquarters made before
headquarters had imported that bundle would undo the station's newer values as if headquarters had changed them.
The hand-out says how far into each station's audit log headquarters had imported; when that is short of what
the station has sent, a record the station itself changed (not by a merge) in the part headquarters had not
imported is compared with the version the hand-out says headquarters last shared, when the station held it too
(sent or received: both copies grew from it, ``_crossed_bases``), so that a field only the station changed since
stays, one only headquarters changed (a conflict it decided, say) is taken and only one both changed is a conflict;
when the station never held that version (headquarters shared it last with another station: a lead it handed to
another station, say), with the latest version the station received from headquarters, which both copies grew from
too (so headquarters' decision is taken, the station's own changes stay, only a field both changed is a conflict);
when the station received none either, with the version headquarters last received from the station (the hand-out
says which: one the station sent and headquarters imported, a common version as well); with no base when none of
these is held (a hand-out of an older version): every field that differs is then a conflict kept as the
station's value. Its base stays what the station sent either
way, and a record it deleted there is not brought back. The check is made only for a
hand-out of the headquarters the station names, and only when the hand-out says (hand-outs of older versions
merge without it).
A field still in open conflict at headquarters is undecided: headquarters' own value has not been chosen over the
station's, so its hand-out does not carry it. The hand-out sends the field with the value of the version last
shared (what the station sent) and lists it as undecided (bases.json, ``writer.hold_undecided``); a station taking
the hand-out of the headquarters it names leaves such a field alone — its own value stays, no conflict is recorded
there (headquarters holds it), and the version it keeps as the base keeps the value it had for that field, so that
the value headquarters decides on is taken as a plain update when a later hand-out brings it (keeping the value
held here marks the record changed, so that it goes out again). A station whose base was thus kept apart from the
hand-out, and which re-sends the record before taking the decision, names a version headquarters did not send as
such: headquarters keeps, as versions sent, the hand-out's record with each undecided field at the value of every
version held in common before (``writer.undecided_bases``), so the version named is found among them and is the base
(what the station did not change raises no conflict). A station's copy grown from a version never held here (the
bundle carrying it lost, or refused for the gap, before the station re-sends everything) is compared with the version
the station says it last received from here (``_received_from_here``), which it grew from as well.
A deletion in open conflict at headquarters is undecided the same way (``writer.undecided_deletions``): its hand-out
lists it, and a station taking it keeps its copy (``_deletions``), or keeps the record it deleted deleted, until a
later hand-out brings the decision (``undecided_deletions_note``).
The mirror: a station's field in open conflict from a hand-out it took is undecided there. Its bundle sends the
field with the value last shared and lists it as undecided the same way, and headquarters (any database taking a
bundle that lists undecided fields) leaves such a field alone — headquarters' value stays, nothing is recorded
here, the base keeps its value — until the station decides: kept there, the record goes out again and its value is
taken here as a plain update; taken from headquarters, it comes back as what is held here. An open conflict here is
not settled by a field the bundle lists as undecided. The note saying how many fields were left names the station
when the sender is not this station's headquarters (``undecided_note``).
Issued documents never change (only the move to void travels); a correction is added after the document it
supersedes. A complaint whose work order is held here already (another station imported the same hotline
export) is not added again, nor is one without a work-order id saying
what one held here says (the same ``content_key``: channel, receipt time, complainant's number, text; one held with
a work-order id says what a row without one says when the export lacked that column, and the other way round), and a
lead of the station grouping such complaints is linked to the lead holding them here, so that the figures count it
once (``tables.NOT_LINKED_LEAD``). A complaint held here without a work-order id that the station gave one since
(a fuller export, ``numbered_at``) takes it; when another complaint here holds that work order already, the two are
one complaint: the station's copy is deleted here and the station's lead linked the same way. Likewise a
complaint another station sent here without its work-order id is deleted once a station sends it with that id (the
numbered copy is added in its place, what referred to it re-pointed, the lead grouping it linked), so that the
numbered copy is the one kept whichever arrives first; one imported here stays as it is. A complaint's imported
columns never change, except the 被投诉方 an officer gives it (``tables.COMPLAINT_OFFICER_SET``): taken when the
sender's officer set it since its last bundle, a conflict when an officer here set it too (``_officer_set``), and
the complainant's number an earlier version kept without its area code, which takes the one the sender gave it (its
content key worked out again here: ``_area_code_given``).
An open conflict of the station's earlier bundle is settled (status agreed, audited) once a bundle of the station
brings the value held here, and superseded once it brings another value (kept as a conflict of its own).
Number blocks (号段) travel whole both ways: one no block here says the same of (agency, type, year, serials, station)
is added, whatever its id (headquarters' allocation and the station's entry of it are the same block); one
overlapping a different block held here, saying otherwise under the id of one held here, or overlapping serials
issued here outside the blocks, is a conflict: not taken, kept for the analyst, who can only keep what is held here;
one withdrawn here is not added back (``_block_change``) — unless its own station's bundle shows numbers issued
in it: then it is the station's again, a conflict to see (``_restored_block``). A station takes blocks and
withdrawals from the headquarters it names only (``_takes_blocks_from``; ``blocks_ignored`` says so); a hand-out
carries every block of the bureaus the station numbers under, the other stations' too, so that its own counter
skips them. A station's refusals of headquarters' blocks travel back as conflicts (``_block_refusals``). A bundle
carries the withdrawals of blocks made or merged
where it was made: one of a block held here (by its id, or saying the same serials and station: allocated at
headquarters, entered at the station) is withdrawn here too when none of its serials was issued here, else it is a
conflict naming the highest issued, and the block stays; a withdrawal of a block not held here is ignored, as is a
station's withdrawal of a block not its own (``_block_withdrawals``).
A record deleted here (by an officer, or by a station's deletion merged or taken in its conflict) is not added back
by another station's copy of it, except in headquarters' hand-out: a copy saying what a version held in common says
is dropped, a copy changed since is a conflict of the deletion (``_copy_of_deleted``), the record staying deleted
until the analyst takes the copy. Headquarters' hand-out carries the deletions it merged as well as its officers'
(``DELETED_BY``), so that every station holding a copy deletes it too.
A lead's decision merges whole with the assignment it was made under (``_lead_decided_whole``): one side
re-assigning the lead (改派) while the other decided it is a conflict of the whole unit, at headquarters and at the
station alike — but headquarters assigning it to the very station that decided it meanwhile re-assigns nothing: both
stand (``_assigned_to_its_decider``). A case, an interview or a publicity activity one side gave to another district bureau while the bureau
that held it changed it: those changes are conflicts, never merged into the other bureau's record nor kept without a
word, the move itself taken at the station (``_moved_away``; the station's next hand-out carries the move,
``writer.HandoutScope.received``).
Importing the same bundle again changes nothing. At headquarters the station's agency details are taken or kept
(``details_part.plan_details``) in the same transaction, the fields it set itself kept and named in the summary.
The station's audit segment must continue what it sent before (the first bundle taken from a station must begin
its log), and a bundle from an unknown station or a changed key is refused unless the analyst trusts it anew."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from workstation.audit import AuditWriter, acting_officer, current_actor
from workstation.bundle.details_part import DetailsPlan, apply_details, plan_details
from workstation.bundle.officer_aliases import officer_aliases, read_as_held, save_aliases
from workstation.bundle.reader import READ_STEP, AuditEntries, Bundle, BundleRefused
from workstation.bundle.station_card import CardChange, card_change, card_summary, take_card_change
from workstation.bundle.tables import (
    BLOCK_FIELD,
    BY_NAME,
    COMPLAINT_OFFICER_SET,
    COMPLAINT_SCREENING,
    DELETABLE,
    DELETED_FIELD,
    DELETED_HERE_FIELD,
    DELETION_FIELDS,
    LINKED_LEADS_KEY,
    META_FIELDS,
    TABLES,
    Table,
    common_digest,
    packed_row,
    unpacked_row,
)
from workstation.bundle.writer import BATCH, record_versions, rows_where, sent_audit_seq, with_links
from workstation.case_reference import case_named, filed_number, stored_number
from workstation.db import Database, driver
from workstation.documents.number_blocks import BLOCK_SAME, station_words
from workstation.errors import WorkstationError, join_sentences
from workstation.fullwidth import tidy_spaces
from workstation.i18n import N_, _, ngettext
from workstation.records import now
from workstation.station import (
    checked_card,
    headquarters,
    known_station,
    station_label,
    this_station,
    withdrawal_text,
)
from workstation.station import withdrawal as key_withdrawal
from workstation.store.cases import refresh_cases_of_parties
from workstation.store.complaints import (
    given_area_code,
    numbered_by_content,
    refill_wide_forms,
    stored_content_key,
    wide_forms,
)
from workstation.store.sort_keys import fill_sort_keys, penalty_keys_worked_out_after

MISSING = object()
#: the conflict of a publicity activity a bundle brings under a new id that is one held here already (the same agency,
#: day, kind and title: ``store.publicity.same_activity``, which ``publicity add`` refuses without --allow-duplicate),
#: or one the bundle adds already: not merged, so that the statistics and the 通报 do not count it twice, until the
#: officer keeps both (the bundle's copy is added) or the one held here (``_twin_activity``, ``resolve_conflict``)
SAME_ACTIVITY_FIELD = "_same_activity"
#: the same conflict of two entries of one activity the bundle itself brings (the twin one it adds already): resolved
#: as ``SAME_ACTIVITY_FIELD``, said as entered twice in the bundle, not as held here
SAME_ACTIVITY_IN_BUNDLE_FIELD = "_same_activity_in_bundle"
TWIN_FIELDS = (SAME_ACTIVITY_FIELD, SAME_ACTIVITY_IN_BUNDLE_FIELD)
CASE_AGENCY_DISTRICT = "(SELECT a.district FROM agencies a WHERE a.id = cases.agency_id)"


class EarlierBundleMissing(BundleRefused):
    """Refused because the station sent bundles before this one that were not imported here (entries ``first`` to
    ``last`` of its audit log are missing); ``file`` and ``station`` name the bundle and the station. The message
    says it for the command line; ``said`` says it in the same words with the window's way to make a full bundle
    (``missing_text``). ``kind``: "gap" (the bundle does not continue the last one imported), "first" (nothing
    imported from the station yet) or "partial" (only bundles of single cases, ``taken`` of them, imported)."""

    def __init__(self, message: str, *, file: str, station: str, first: int, last: int, lost: str = "",
                 headquarters: bool = False, kind: str = "gap", taken: int = 0):
        super().__init__(message)
        self.file, self.station, self.first, self.last = file, station, first, last
        # the bundle is a hand-out of this station's headquarters: headquarters makes it again, not "the station"
        self.headquarters = headquarters
        # the bundle missing, by its station and when it was made (``lost_bundle``)
        self.lost = lost or _("at least one earlier bundle of station {station}").format(station=station)
        self.kind, self.taken = kind, taken

    def said(self, how: str) -> str:
        """The refusal in the command line's words, with ``how`` the way to make a full bundle (or hand-out)."""
        return missing_text(self.kind, self.headquarters, name=self.file, station=self.station, missing=self.lost,
                            how=how, taken=self.taken)


def missing_text(kind: str, headquarters: bool, *, name: str, station: str, missing: str, how: str,
                 taken: int = 0) -> str:
    """Why a bundle continuing one not imported here is refused and what to do, one wording for the command line
    and the window: ``how`` says how the station (or ``headquarters``) makes a full bundle — “bundle export --all”
    on the command line, the export dialog's choice in the window."""
    from workstation.fullwidth import tidy_spaces

    values = {"name": name, "station": station, "missing": missing, "how": how, "n": taken}
    if kind == "first" and headquarters:
        text = _("{name}: nothing has been imported from headquarters {station} yet, and this hand-out continues an "
                 "earlier one ({missing}): import headquarters' earlier hand-outs first, or ask headquarters for a "
                 "complete hand-out for this station ({how}).")
    elif kind == "partial":
        text = ngettext(
            "{name}: the {n} bundle imported from station {station} so far carried none of its audit log (a bundle of "
            "single cases carries none), and this bundle continues an earlier one ({missing}): import the station's "
            "earlier bundles first, or ask it for a full bundle ({how}).",
            "{name}: the {n} bundles imported from station {station} so far carried none of its audit log (a bundle "
            "of single cases carries none), and this bundle continues an earlier one ({missing}): import the "
            "station's earlier bundles first, or ask it for a full bundle ({how}).", taken)
    elif kind == "first":
        text = _("{name}: nothing has been imported from station {station} yet, and this bundle continues an earlier "
                 "one ({missing}): import the station's earlier bundles first, or ask it for a full bundle ({how}).")
    elif headquarters:
        text = _("{name} does not continue the last hand-out imported from headquarters {station}: {missing} was not "
                 "imported here. Import the missing hand-outs first; if one is lost, ask headquarters for a complete "
                 "hand-out for this station ({how}) and import that instead.")
    else:
        text = _("{name} does not continue the last bundle imported from station {station}: {missing} was not "
                 "imported here. Import the missing bundles first; if one is lost, ask the station for a full bundle "
                 "({how}) and import that instead.")
    return tidy_spaces(text.format(**values))


def _stamp(value) -> str:
    """A bundle's ISO time as the officer reads it, to the second (two bundles made in one minute are told apart):
    2026-11-30 10:12:05."""
    return str(value or "")[:19].replace("T", " ")


def last_bundle_made(db: Database, station_id: str, before: str | None = None) -> str | None:
    """When the station ``station_id`` made its newest bundle imported here (its manifest's time, by the station's
    clock, kept in ``bundle_imports``), whatever it held; None before the first. With ``before`` (a time by the same
    clock), the newest of the whole station (not of chosen cases, which are taken without the bundles before them)
    made before it: what this station had received in full by then."""
    if before:
        row = db.execute("SELECT MAX(created_at) FROM bundle_imports WHERE station_id = ? AND created_at < ? AND "
                         "COALESCE(scope, '') != 'cases'", [station_id, before]).fetchone()
    else:
        row = db.execute("SELECT MAX(created_at) FROM bundle_imports WHERE station_id = ?", [station_id]).fetchone()
    return row[0] if row and row[0] else None


def lost_bundle(db: Database, station_id: str, station: str, bundle: Bundle, entries: list[dict],
                headquarters: bool = False) -> str:
    """The bundles a station made before ``bundle`` that were not imported here (one or more: how many is not known
    here), named by the station and when they were made: after the last bundle imported from the station that was
    made before ``bundle`` (its manifest's time, kept here) and before ``bundle`` (its manifest's time, or the
    station's first change after the bundle missing, when earlier). A bundle imported here made after ``bundle``
    (one with nothing new taken past a gap by an earlier version, ``_audit_continuation``), or one of chosen cases
    (taken without the bundles before it), tells nothing of the missing one: the window never ends before it
    starts, nor starts after the bundle missing was made. A hand-out of this station's
    ``headquarters`` is named as headquarters' hand-out."""
    created = str(bundle.manifest.get("created_at") or "")
    made = [created] + ([str(entries[0].get("at") or "")] if entries else [])
    before = _stamp(min(t for t in made if t) if any(made) else "")
    last = last_bundle_made(db, station_id, before=created or None)
    after = _stamp(last) if last else ""
    if after and before and after > before:  # clocks apart: the start alone is not to be trusted
        after = ""
    if headquarters:
        if after and before:
            return _("at least one hand-out headquarters {station} made between {after} and {before}").format(
                station=station, after=after, before=before)
        if before:
            return _("at least one hand-out headquarters {station} made before {before}").format(
                station=station, before=before)
        return _("at least one earlier hand-out of headquarters {station}").format(station=station)
    if after and before:
        return _("at least one bundle station {station} made between {after} and {before}").format(
            station=station, after=after, before=before)
    if before:
        return _("at least one bundle station {station} made before {before}").format(station=station, before=before)
    return _("at least one earlier bundle of station {station}").format(station=station)


def missing_entries(first: int, last: int) -> str:
    """The audit entries ``first`` to ``last`` a station's bundle lacks: one entry by its number, several as a
    range."""
    if first == last:
        return _("audit entry {n} is missing").format(n=first)
    return _("audit entries {first}–{last} are missing").format(first=first, last=last)


class StationNotTrusted(BundleRefused):
    """Refused because the station that signed the bundle is not trusted here (``old_fingerprint`` None) or signs
    with another key than the one trusted (``old_fingerprint`` that one's); ``file``, ``station`` and
    ``fingerprint`` (of the key the bundle is signed with) let each front end ask in its own terms (the message
    says it for the command line, naming ``--trust``)."""

    #: the signer's card, when refused as the bundle was opened (``signer_check``), before a Bundle existed
    card: dict | None = None

    def __init__(self, message: str, *, file: str, station: str, fingerprint: str, old_fingerprint: str | None = None):
        super().__init__(message)
        self.file, self.station, self.fingerprint = file, station, fingerprint
        self.old_fingerprint = old_fingerprint


@dataclass
class FieldChange:
    field: str
    local: object
    incoming: object
    base: object  # MISSING when no version was shared before
    action: str  # take | conflict


@dataclass
class Change:
    table: str
    key: str
    status: str  # new | updated | unchanged | conflict | deleted | kept_deleted
    label: str
    fields: list[FieldChange] = field(default_factory=list)
    incoming: dict | None = None
    local: dict | None = None
    # the last shared version came from another station, or was sent from here after the station's copy was
    # made, or the copy grew from an earlier version or says the same: it stays the base
    third_party_base: bool = False
    # the station's copy says what the last shared version says: not kept again as a version held in common
    same_as_shared: bool = False
    # fields the bundle lists as undecided: their value in the version kept as the base stays the one
    # last shared before (so that the value headquarters decides on is taken when it comes)
    kept_base: dict = field(default_factory=dict)
    # the fields the bundle lists as undecided (the sending side has not chosen between its value and ours yet)
    undecided: frozenset = frozenset()
    # a complaint held here that the station gave a work-order id another complaint here holds: that complaint,
    # which this one is (deleted here, so that it is not stored twice; what referred to it refers to that one)
    replaced_by: str | None = None
    # a new record merged although in conflict, the conflict kept for the analyst: a 文号 another document here took
    # too (``_taken_twice``, ``_in_another_block``), whose record of the number is kept all the same
    merged_in_conflict: bool = False
    # fields changed here since the version last shared while the bundle still holds that version (the station's
    # re-export of a record changed here since): the value here stands, no conflict (action "keep"); shown apart
    # from the records left as they are (``newer_here``), never merged
    kept_here: list[FieldChange] = field(default_factory=list)

    @property
    def newer_here(self) -> bool:
        """Whether the record is left as it is because it is newer here than the bundle's copy (which differs)."""
        return self.status == "unchanged" and bool(self.kept_here)

    @property
    def taken(self) -> list[FieldChange]:
        return [f for f in self.fields if f.action == "take"]

    @property
    def conflicting(self) -> list[FieldChange]:
        return [f for f in self.fields if f.action == "conflict"]


# a record deleted at the station counts as updated here (and, told apart, as deleted: ``MergePlan.counts``), one a
# station keeps deleted against a stale hand-out as unchanged (the command line's four counts stay as they are)
_COUNTED = {"conflict": "conflicts", "deleted": "updated", "kept_deleted": "unchanged"}
# the records of a case besides its own row (``MergePlan.case_counts``): those naming it by ``case_id`` (its payments
# and other steps, clock events, documents, evidence), those naming one of its documents (文号, the 公示版 review),
# and its parties (named in its row's list of parties)
_CASE_RECORDS = frozenset({"case_events", "clock_events", "documents", "evidence"})
_DOCUMENT_RECORDS = frozenset({"doc_numbers", "publication_reviews"})
_CHANGED = frozenset({"new", "updated", "deleted"})


def _case_ids_of(change: Change) -> set[str]:
    """The cases a record names by its ``case_id``, as held here and as the bundle has it (a record moved to
    another case changes both)."""
    return {row["case_id"] for row in (change.incoming, change.local)
            if isinstance(row, dict) and isinstance(row.get("case_id"), str) and row["case_id"]}


@dataclass
class MergePlan:
    bundle_id: str
    station: dict
    station_status: str  # trusted | new_station | changed_key
    already_imported: bool
    changes: list[Change]
    audit_new: AuditEntries | list[dict]  # the bundle's audit entries not received before (read, not held: a view)
    # {lead id: complaint id here}: the station's leads grouping work orders held here under another lead
    linked_leads: dict[str, str] = field(default_factory=dict)
    # open conflicts of the station's earlier bundles this one settles (it now sends the value held here)
    settled: list[str] = field(default_factory=list)
    # made by an older version that states no versions held in common, and some of its records are held here: it
    # merges as before, without the check of a stale copy (``older_bundle_note``)
    older_format: bool = False
    # fields of records held here that the bundle lists as undecided (the value held here stays)
    undecided: int = 0
    # the sending station's name when those are decided there (not at this station's headquarters)
    undecided_station: str | None = None
    # the names of the records the changed fields name by their ids (by id: the parties and cases the interviews'
    # party results name, the parties and officers a case's or an interview's list of names holds, a record's agency,
    # a lead's party and case …: ``_party_result_names``), for showing them
    names: dict[str, str] = field(default_factory=dict)
    # the agency details the bundle carries that are taken here, or kept here as headquarters set them itself
    details: DetailsPlan = field(default_factory=DetailsPlan)
    # {id of a bundle's officer: the officer here it is (the same certificate number)}: kept when the bundle is
    # merged, so that every later bundle naming it is read the same way (``officer_aliases``)
    officer_aliases: dict[str, str] = field(default_factory=dict)
    # deletions the bundle lists as undecided (headquarters holds them in an open conflict): the record held here
    # stays, the one deleted here stays deleted, until the decision arrives (``undecided_deletions_note``)
    undecided_deletions: int = 0
    # the state of the data the plan was worked out from (``data_state``): the merge checks it is still the same
    # (the preview may stay open while another program merges a bundle), and plans again when it is not
    data_state: tuple = field(default=(), compare=False)
    # the station's new name or agency its signed card says (a trusted key): the name is taken, the agency only with
    # ``take_agency`` (the officer's word: the window asks, ``bundle import --take-agency``), which the plan checked
    # again before the merge does not change
    card_change: CardChange | None = None
    take_agency: bool = field(default=False, compare=False)

    def counts(self) -> dict:
        """The four counts, which add up to the records in all, "deleted": how many of the updated the merge
        deletes (still counted as updated, so that the four add up as CLI.md and the 导入记录 list have them), and
        "kept_newer": how many of the unchanged are newer here than the bundle's copy (``Change.newer_here``)."""
        result = {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        for change in self.changes:
            result[_COUNTED.get(change.status, change.status)] += 1
        return {**result, "deleted": sum(change.status == "deleted" for change in self.changes),
                "kept_newer": sum(change.newer_here for change in self.changes)}

    def case_counts(self) -> dict:
        """The cases of the bundle as the summaries say them (新增案件…、更新…、未变…、冲突…): each by its ``cases``
        row, except that a case whose row is unchanged but some of whose records (a payment or another step, a clock
        event, a document or its 文号, evidence, a party) this merge adds, updates or deletes (in part too: a record
        in conflict whose other fields it takes, a 文号 merged in conflict) counts as updated — not as unchanged, as
        though the station had sent nothing new of it. They add up to the cases the bundle holds
        (``by_table()["cases"]``, which counts the rows alone, as the other tables)."""
        touched: set[str] = set()
        documents: set[str] = set()
        parties: set[str] = set()
        cases_of_document: dict[str, set[str]] = {}
        for change in self.changes:
            if change.table == "documents":
                cases_of_document[change.key] = _case_ids_of(change)
            # a record in conflict is still written in part (``apply_merge``): its fields not in conflict taken, a
            # 文号 another document took too merged, the conflict kept for the analyst
            if change.status not in _CHANGED and not change.taken and not change.merged_in_conflict:
                continue
            row = change.incoming or change.local or {}
            if change.table in _CASE_RECORDS:
                touched |= _case_ids_of(change)
            elif change.table in _DOCUMENT_RECORDS and row.get("document_id"):
                documents.add(str(row["document_id"]))
            elif change.table == "parties":
                parties.add(change.key)
        for document in documents:
            touched |= cases_of_document.get(document, set())
        result = {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        for change in self.changes:
            if change.table != "cases":
                continue
            kind = _COUNTED.get(change.status, change.status)
            if change.status == "unchanged":
                named = (change.incoming or change.local or {}).get("_parties") or ()
                if change.key in touched or any(str(item[0]) in parties for item in named if item):
                    kind = "updated"
            result[kind] += 1
        return result

    def by_table(self) -> dict[str, dict]:
        result: dict[str, dict] = {}
        for change in self.changes:
            counts = result.setdefault(change.table, {"new": 0, "updated": 0, "unchanged": 0, "conflicts": 0})
            counts[_COUNTED.get(change.status, change.status)] += 1
        return result


def _columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def _fetch(db: Database, table: str, column: str, keys: list[str]) -> dict[str, dict]:
    return {row[column]: row for row in rows_where(db, table, column, keys)}


def _bases(db: Database, table: str, keys: list[str]) -> dict[str, tuple[dict, str]]:
    """{record id: (the last version shared with another station, the station it was received from — this
    station's own id when it was sent from here)}."""
    found: dict[str, tuple[dict, str]] = {}
    for start in range(0, len(keys), BATCH):
        chunk = keys[start:start + BATCH]
        for key, text, station in db.execute(f"SELECT record_id, row_json, station_id FROM sync_base WHERE tbl = ? "
                                             f"AND record_id IN ({', '.join('?' * len(chunk))})", [table, *chunk]):
            found[key] = (unpacked_row(text), station)
    return found


def _parties(db: Database, card: dict, bundle: Bundle) -> set[str]:
    """The stations whose shared versions are a base for a bundle of the station of ``card``: that station
    itself, and this one (what was sent from here) when the sender takes what is sent from here: at headquarters,
    any station; at a station, its headquarters (its hand-out), or — at one naming no headquarters (set up before
    roles were set, or not yet given headquarters' card) — a sender naming this database as its headquarters, or
    naming none. Another station's bundle at a station (a peer's, sent to the same headquarters) never received
    what this station sent headquarters: its copy differing from that version is a conflict, never taken over the
    station's own change as though the peer had changed it since."""
    own = this_station(db)
    if own is None:
        return {card["id"]}
    if _at_headquarters(db):
        return {card["id"], own.id}
    hq = headquarters(db)
    if hq is not None:
        return {card["id"], own.id} if hq.id == card["id"] else {card["id"]}
    named = bundle.bases.get("headquarters") if bundle.bases is not None else None
    return {card["id"], own.id} if named is None or named == own.id else {card["id"]}


def _stated_versions(db: Database, bundle: Bundle, card: dict) -> dict[str, dict[str, str]] | None:
    """{table: {record id: digest}} of the versions the sending station says its copies grew from (bases.json),
    when this database merges against them: the bundle names this database as the station's headquarters, or
    names none and gives the digests of every record (a station that has not taken headquarters' card). None for
    format 1 bundles, for older bundles naming no headquarters (they gave no digests then), for a bundle naming
    another headquarters, and for a hand-out of this station's own headquarters: its digests speak of its dealings
    with every station, so how far it had imported this station's log is checked instead (``_unseen_changes``)."""
    own, hq = this_station(db), headquarters(db)
    if bundle.bases is None or own is None or (hq is not None and hq.id == card["id"]):
        return None
    named = bundle.bases.get("headquarters")
    if named == own.id or (named is None and bundle.bases.get("complete") is True):
        return bundle.bases["records"]
    return None


def _imported_all_sent(db: Database, bundle: Bundle) -> bool:
    """Whether the sending station had imported everything this database has sent when it made the bundle (its
    bases.json says how far into this database's audit log it had imported): then each of its copies grew from
    what was sent from here or a later version, whatever other version its digests name (headquarters' digests
    name what it last shared with any station, e.g. a hand-out kept as the base while a conflict of the station
    was resolved)."""
    own = this_station(db)
    positions = bundle.bases.get("imported") if bundle.bases is not None else None
    if own is None or not isinstance(positions, dict) or own.id not in positions:
        return False
    return positions[own.id] >= sent_audit_seq(db)


def _received_from_here(db: Database, bundle: Bundle, stated: dict[str, dict[str, str]] | None) \
        -> dict[str, dict[str, str]]:
    """{table: {record id: digest}} of the versions the sending station says it last received from this database
    (its bases.json's "received" under this database's id, ``writer.export_bundle``), for a bundle whose stated
    versions this database merges against (``_stated_versions``); empty otherwise. Its copy grew from that version
    as well: when the version it names was never held here (it was sent in a bundle that was lost, or refused
    for the gap), that one is the base (``_stale_copies``, ``_earlier_common_versions``), so that only what the
    station changed since is taken and nothing it did not change is a conflict."""
    own = this_station(db)
    if stated is None or own is None or bundle.bases is None:
        return {}
    received = bundle.bases.get("received") or {}
    return received.get(own.id) or {}


def _stale_copies(db: Database, stated: dict[str, dict[str, str]] | None, sender: str, imported_all: bool = False,
                  received: dict[str, dict[str, str]] | None = None):
    """A test of (table, record id, base, station it came from) telling whether the station's copy of the record
    did not grow from a base this database sent itself: its bundle names another version as the one last held in
    common, does not say it received the base from here (``_received_from_here``), and what the base says was never
    received from that station either (then it had the base itself, and its copy grew from it); always false when
    the bundle states no versions this database relies on (``_stated_versions``), and when the station had imported
    everything sent from here (``_imported_all_sent``)."""
    own = this_station(db)
    if stated is None or own is None or imported_all:
        return lambda table, key, base, station: False
    received = received or {}

    def stale(table: str, key: str, base: dict, station: str) -> bool:
        if station != own.id:
            return False
        digest = common_digest(base)
        return stated.get(table, {}).get(key) != digest and received.get(table, {}).get(key) != digest and db.execute(
            "SELECT 1 FROM sync_versions WHERE tbl = ? AND record_id = ? AND digest = ? AND station_id = ?",
            [table, key, digest, sender]).fetchone() is None

    return stale


def _same_version(row: dict, base: dict) -> bool:
    return common_digest({k: v for k, v in row.items() if k in base}) == common_digest(base)


def _merge_bases(db: Database, table: str, keys: list[str], shared: dict[str, tuple[dict, str]], parties: set[str],
                 stale, stated: dict[str, dict[str, str]] | None,
                 received: dict[str, dict[str, str]] | None = None) -> tuple[dict[str, dict], set[str]]:
    """The base each record of the bundle is compared with, and the records whose base is a version held in common
    before the last one shared (``_earlier_common_versions``). The last version shared is the base when the station
    says its copy grew from it, or else when it was shared with the station or sent from here, and is not a stale
    hand-out (``_stale_copies``)."""
    said = stated.get(table, {}) if stated is not None else {}
    earlier = _earlier_common_versions(db, table, stated, keys, shared, received)
    bases = {key: base for key, (base, station) in shared.items() if key not in earlier and (
        (key in said and said[key] == common_digest(base))
        or (station in parties and not stale(table, key, base, station)))}
    return {**bases, **earlier}, set(earlier)


def _held_versions(db: Database, table: str, wanted: dict[str, str]) -> dict[str, dict]:
    """{record id: the version of it held in common with another station before (sent or received), whose digest
    is the one ``wanted`` names} for those held here."""
    found: dict[str, dict] = {}
    keys = sorted(wanted)
    for start in range(0, len(keys), BATCH):
        chunk = keys[start:start + BATCH]
        for key, digest, text in db.execute(f"SELECT record_id, digest, row_json FROM sync_versions WHERE tbl = ? "
                                            f"AND record_id IN ({', '.join('?' * len(chunk))})", [table, *chunk]):
            if wanted[key] == digest:
                found[key] = unpacked_row(text)
    return found


def _earlier_common_versions(db: Database, table: str, stated: dict[str, dict[str, str]] | None, keys: list[str],
                             shared: dict[str, tuple[dict, str]],
                             received: dict[str, dict[str, str]] | None = None) -> dict[str, dict]:
    """{record id: the version the station says its copy grew from} where that is not the last version shared
    here but one held in common before (its copy is older than what was shared since, e.g. a station re-sending
    everything before it took the latest hand-out): that version is the base, so only what the station changed
    since is taken and nothing it did not change becomes a conflict. When the version it names was never held
    here (the bundle carrying it was lost, or refused), the version it says it last received from here
    (``_received_from_here``) when that is not the last one shared either: its copy grew from that one too."""
    said = stated.get(table, {}) if stated is not None else {}
    wanted = {key: said[key] for key in keys if key in said
              and (key not in shared or common_digest(shared[key][0]) != said[key])}
    found = _held_versions(db, table, wanted) if wanted else {}
    got = (received or {}).get(table, {})
    instead = {key: got[key] for key in wanted if key not in found and isinstance(got.get(key), str)
               and (key not in shared or common_digest(shared[key][0]) != got[key])}
    return {**_held_versions(db, table, instead), **found} if instead else found


# the shared tables by the entity the audit log names a record of them with when it is changed here (a merge or a
# resolved conflict names the table itself, with the actions below: those are not changes made here)
AUDITED_ENTITIES = {"officer": "officers", "party": "parties", "case": "cases", "clock_event": "clock_events",
                    "lead": "leads", "interview": "interviews", "publicity": "publicity", "evidence": "evidence",
                    "publication_review": "publication_reviews"}
NOT_MADE_HERE = ("merge_create", "merge_update", "merge_delete", "resolve_conflict")


def _unseen_changes(db: Database, bundle: Bundle, card: dict) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """At a station taking a hand-out of its headquarters made before headquarters had imported all the station
    sent: the (table, record id) changed, and those deleted, here in the part of the audit log headquarters had
    not imported then (their base is a version headquarters had not seen). Both empty otherwise, and for a
    hand-out that does not say how far headquarters had imported (older versions)."""
    own, hq = this_station(db), headquarters(db)
    positions = bundle.bases.get("imported") if bundle.bases is not None else None
    if own is None or hq is None or hq.id != card["id"] or positions is None:
        return set(), set()
    seen, sent = positions.get(own.id, 0), sent_audit_seq(db)
    if sent <= seen:
        return set(), set()
    changed: set[tuple[str, str]] = set()
    deleted: set[tuple[str, str]] = set()
    entities = list(AUDITED_ENTITIES)
    for action, entity, entity_id in db.execute(
            f"SELECT action, entity, entity_id FROM audit WHERE seq > ? AND seq <= ? "
            f"AND entity IN ({', '.join('?' * len(entities))}) AND action NOT IN ({', '.join('?' * len(NOT_MADE_HERE))}) "
            f"ORDER BY seq", [seen, sent, *entities, *NOT_MADE_HERE]):
        (deleted if action == "delete" else changed).add((AUDITED_ENTITIES[entity], entity_id))
    return changed, deleted


def _crossed_bases(db: Database, table: str, bundle: Bundle, keys: list[str], sender: str) -> dict[str, dict]:
    """{record id: the base} for records changed here after what headquarters had imported (``_unseen_changes``):
    the version headquarters' hand-out says it last shared, when this station held it too (it sent or received it);
    else, when headquarters shared it last with a third station (a lead it handed to another station, say), the
    latest version received here from headquarters (``sender``), which headquarters' copy grew from as well; else,
    when this station never received a version of it from headquarters, the version the hand-out says headquarters
    last received from this station (``writer.received_versions``: one it sent, which headquarters imported). Both
    copies grew from the base, so a field only this station changed since stays, one only headquarters (or the
    third station through it) changed is taken, and only a field both changed is a conflict. A record with none of
    them (a hand-out of an older version, or a version this station no longer holds) is compared with no base."""
    said = bundle.bases.get("records", {}).get(table, {}) if bundle.bases is not None else {}
    wanted = {key: said[key] for key in keys if isinstance(said.get(key), str)}
    found = _held_versions(db, table, wanted) if wanted else {}
    missing = sorted(key for key in wanted if key not in found)
    if missing:
        found = {**_latest_received(db, table, missing, sender), **found}
    own = this_station(db)
    received = (bundle.bases.get("received") or {}) if bundle.bases is not None and own is not None else {}
    sent = received.get(own.id, {}).get(table, {}) if received else {}
    imported = {key: sent[key] for key in keys if key not in found and isinstance(sent.get(key), str)}
    return {**_held_versions(db, table, imported), **found} if imported else found


def _latest_received(db: Database, table: str, keys: list[str], sender: str) -> dict[str, dict]:
    """{record id: the latest version of it received here from station ``sender``} (by its ``updated_at``, then its
    digest, so that the choice does not depend on the order the versions were kept in)."""
    found: dict[str, tuple[tuple[str, str], dict]] = {}
    for start in range(0, len(keys), BATCH):
        chunk = keys[start:start + BATCH]
        for key, digest, text in db.execute(f"SELECT record_id, digest, row_json FROM sync_versions WHERE tbl = ? "
                                            f"AND station_id = ? AND record_id IN ({', '.join('?' * len(chunk))})",
                                            [table, sender, *chunk]):
            row = unpacked_row(text)
            rank = (str(row.get("updated_at") or ""), digest)
            if key not in found or rank > found[key][0]:
                found[key] = (rank, row)
    return {key: row for key, (_rank, row) in found.items()}


class RecordNames:
    """What labels name a record by that is held in another record: a case's number (for its timeline and
    deadline events) and a stored file's name (its evidence's file name, or its document's number or title) —
    the bundle's records first, else this database's, each looked up once."""

    def __init__(self, db: Database | None, records: dict[str, list[dict]] | None = None):
        """``records``: a bundle's, by table."""
        self.db = db
        records = records or {}
        self.cases = {str(r.get("id")): case_named(r.get("case_number"), str(r.get("party_names") or ""),
                                                   str(r.get("cause") or "")) for r in records.get("cases", ())}
        self.files: dict[str, str] = {}
        self.documents: dict[str, str] = {}  # {document id: its 文号, else its title}
        for row in records.get("documents", ()):
            name = str(row.get("number") or row.get("title") or "")
            self.files.setdefault(str(row.get("pdf_sha256")), name)
            self.documents[str(row.get("id"))] = name
        for row in records.get("evidence", ()):
            self.files.setdefault(str(row.get("sha256")), str(row.get("file_name") or ""))

    def case_number(self, case_id) -> str:
        case_id = str(case_id or "")
        if case_id not in self.cases:
            row = self.db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?",
                                  [case_id]).fetchone() if self.db is not None else None
            self.cases[case_id] = case_named(*row) if row and row[0] else ""
        return self.cases[case_id]

    def document_name(self, document_id) -> str:
        document_id = str(document_id or "")
        if not self.documents.get(document_id) and self.db is not None:
            row = self.db.execute("SELECT COALESCE(NULLIF(number, ''), title) FROM documents WHERE id = ?",
                                  [document_id]).fetchone()
            self.documents[document_id] = row[0] if row and row[0] else document_id[:12]
        return self.documents.get(document_id) or document_id[:12]

    def file_name(self, sha256) -> str:
        sha256 = str(sha256 or "")
        if not self.files.get(sha256) and self.db is not None:
            row = self.db.execute("SELECT file_name FROM evidence WHERE sha256 = ? UNION ALL SELECT COALESCE(number, "
                                  "title) FROM documents WHERE pdf_sha256 = ? LIMIT 1", [sha256, sha256]).fetchone()
            self.files[sha256] = row[0] if row and row[0] else ""
        return self.files.get(sha256, "")


# the steps a case's timeline records besides a procedure action (``case_events.kind``)
CASE_EVENT_STEPS = {"created": N_("Case recorded"), "notice_served": N_("Pre-penalty notice served"),
                    "waiver": N_("Statement and hearing waived"), "decision_served": N_("Decision served"),
                    "payment": N_("Fine paid"), "clock": N_("Clock event"), "evidence": N_("Evidence"),
                    "edited": N_("Edited"), "enforcement_applied": N_("Applied to the court for enforcement"),
                    "step_undone": N_("Last step undone")}


def _step(row: dict) -> str:
    """The procedure action a timeline event records (送达行政处罚告知书), or what else it records."""
    from workstation.procedure import HEARING_GIVEN_UP, TRANSITIONS, given_up_step
    from workstation.vocabulary import shown_label

    kind = row.get("kind")
    if kind == "transition":
        given_up = given_up_step(row.get("details"))  # the hearing stage ended with no hearing held: which way
        if given_up:
            return shown_label("transitions", given_up)
        step = (row.get("from_status"), row.get("to_status"))
        names = {t.name for t in TRANSITIONS if t.target == step[1] and step[0] in (*t.sources,
                                                                                     *t.several_parties_sources,
                                                                                     *t.police_sources)
                 and t.name not in HEARING_GIVEN_UP}
        if len(names) == 1:
            return shown_label("transitions", names.pop())
        return shown_label("statuses", str(step[1] or ""))
    return _(CASE_EVENT_STEPS[kind]) if kind in CASE_EVENT_STEPS else str(kind or "")


def _event_label(table: str, row: dict, names: RecordNames | None) -> str:
    """佛三市监立〔2026〕1号 · 送达行政处罚告知书 2026-05-06: the case, the step or deadline event and its date, named in the
    user's language."""
    from workstation.vocabulary import shown_label

    if table == "case_events":
        what, day = _step(row), row.get("on_date") or str(row.get("at") or "")[:10]
    else:
        what, day = shown_label("clock_events", str(row.get("kind") or "")), row.get("starts_on") or ""
        if row.get("kind") == "extension" and row.get("clock"):
            what = f"{row['clock']} {what}"
    number = names.case_number(row.get("case_id")) if names is not None else ""
    return " · ".join(part for part in (number, f"{what} {day}".strip()) if part)


#: the kinds of step a lead's history records (``leads_workflow.REASSIGNED`` …), by the label the merge preview and
#: the conflicts name such a step by (and ``conflict_text.show_value`` its kind)
LEAD_HISTORY_KINDS = {
    "reassigned": N_("Re-assigned"), "not_filing_withdrawn": N_("Decision not to file withdrawn"),
    "referral_withdrawn": N_("Referral withdrawn"),
    "reporter_told_corrected": N_("Record of the reporter told corrected"),
    "reporter_told_cleared": N_("Record of the reporter told cleared (its letter voided)"),
    # a first assignment (交办) made after the lead's verification period (T1) counted from its receipt had ended
    "assigned_late": N_("Assigned after its verification period ended"),
    # handed to an office of the same bureau (leads_workflow.ASSIGNED_WITHIN): its T1 went on
    "assigned_within": N_("Handed on inside the bureau"),
}


def _label(table: str, row: dict, names: RecordNames | None = None) -> str:
    """How the merge preview and the conflicts name a record: by its name, number or title (masked), a case's
    timeline or deadline event by its case, step and date, a stored file by the evidence or document it is."""
    from workstation.masking import mask_text

    if table == "number_blocks":  # 佛南市监处〔2026〕101–200 (处〔2026〕101–200 without the database)
        agency = names.db.execute("SELECT COALESCE(NULLIF(doc_abbrev, ''), short_name) FROM agencies WHERE id = ?",
                                  [row.get("agency_id")]).fetchone() if names is not None and names.db else None
        return (f"{agency[0] if agency else ''}{row.get('type_code')}〔{row.get('year')}〕"
                f"{row.get('first_serial')}–{row.get('last_serial')}")
    if table in ("case_events", "clock_events"):
        return mask_text(_event_label(table, row, names))
    if table == "publication_reviews":  # by its decision: 公示版 佛南市监处〔2026〕12号
        return _("Publication copy of {document}").format(document=names.document_name(row.get("document_id"))
                                                          if names is not None else str(row.get("document_id"))[:12])
    if table == "lead_history":  # 改派 2026-10-23 / 撤销不予立案 2026-10-23 / 撤回移送 2026-10-23
        kind = str(row.get("kind") or "")
        what = _(LEAD_HISTORY_KINDS[kind]) if kind in LEAD_HISTORY_KINDS else kind
        return f"{what} {row.get('on_date') or ''}".strip()
    if table == "files":
        name = names.file_name(row.get("sha256")) if names is not None else ""
        return mask_text(name)[:40] if name else _("File {digest}… ({kind})").format(
            digest=str(row.get("sha256", ""))[:12], kind=row.get("media_type") or "")
    if table == "cases" and row.get("case_number") and not filed_number(str(row["case_number"])):
        # a case not filed, by its party and cause rather than the mark it holds (case_reference.UNFILED_MARK)
        return mask_text(case_named("", str(row.get("party_names") or ""), str(row.get("cause") or "")))[:40]
    for name in {"cases": ("case_number",), "parties": ("name",), "officers": ("name",), "leads": ("target_name",
                 "description", "received_at"), "interviews": ("subject",), "publicity": ("title",),
                 "documents": ("number", "title"), "doc_numbers": ("number",), "evidence": ("file_name",),
                 "complaints": ("external_id",)}.get(table, ()):
        if row.get(name):
            return mask_text(str(row[name]))[:40]  # masked before it is cut, so that no number is cut in half
    if table == "complaints" and row.get("source"):  # no work-order id: its source and when it came in
        return mask_text(f"{row['source']} {str(row.get('received_at') or '')[:16]}".strip())
    return str(row.get(BY_NAME[table].key, ""))[:12]


# columns holding a JSON object whose keys are in no order of meaning: the same object written by two stations in
# another key order (an interview's ``party_results`` in the order of its parties as each database lists them) is the
# same value, not a change nor a conflict
JSON_OBJECT_FIELDS = frozenset({"party_results"})


def _same(name: str, one, other) -> bool:
    if one == other:
        return True
    if name in JSON_OBJECT_FIELDS and isinstance(one, str) and isinstance(other, str):
        try:
            return json.loads(one) == json.loads(other)
        except ValueError:
            return False
    return False


def _compare(table: Table, incoming: dict, local: dict, base: dict | None, columns: set[str],
             undecided=(), kept: list[FieldChange] | None = None) -> list[FieldChange]:
    """The fields of ``incoming`` the merge takes or keeps in conflict; ``kept`` (when given) hears of those changed
    here since the version shared and not there, whose value here stands (action "keep")."""
    changes = []
    link_fields = {link.field for link in table.links}
    for name, value in incoming.items():
        if name in META_FIELDS or (name not in columns and name not in link_fields) or name == table.key \
                or name in undecided:
            continue
        here = local.get(name)
        if _same(name, here, value):
            continue
        before = base.get(name, MISSING) if base is not None else MISSING
        if before is MISSING and base is not None and here is None:
            # a column added since the base was shared (an older version wrote it, m028's filing_proposed_on):
            # nothing was recorded in it here, so the copy's value is taken, not a conflict
            before = None
        if before is not MISSING and _same(name, here, before):
            changes.append(FieldChange(name, here, value, before, "take"))
        elif before is not MISSING and _same(name, value, before):
            if kept is not None:  # changed here since it was shared, not there: ours stands
                kept.append(FieldChange(name, here, value, before, "keep"))
            continue
        elif name == "party_results" and before is not MISSING and (
                merged := _merge_party_results(here, value, before, local, incoming, base)) is not None:
            changes += merged
        else:
            changes.append(FieldChange(name, here, value, before, "conflict"))
    return changes


def _party_entries(value, row: dict) -> dict[str, dict] | None:
    """{party id: its entry} of an interview's ``party_results`` as ``store.interviews.party_result`` reads it: an
    entry without a case names none; a party without an entry stands as an entry of no case of its own — or, when no
    party has one (an interview before m038, or no party followed up alone yet), of the interview's case. None for
    what is no such object."""
    if value is None or value == "":
        value = {}
    elif isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        return None
    return {str(k): {"case_id": None, **v} for k, v in value.items()} if value else \
        {"": {"case_id": row.get("case_id")}}  # "": any party, none having an entry


def _party_entry(entries: dict[str, dict], party: str) -> dict:
    if "" in entries:
        return dict(entries[""])
    return entries.get(party, {"case_id": None})


def _merge_party_results(here, value, before, local: dict, incoming: dict, base: dict) -> list[FieldChange] | None:
    """An interview's ``party_results`` changed here and at the station since the version shared (``before``),
    merged party by party as whole columns are: a party's entry changed on one side only is taken from that side (the
    result held here once merged, a "take"); a party changed on both sides differently is a conflict, its value here
    against the merged value with the station's entry for that party (taking it keeps every other party's merge).
    None when one of the three is no such object (the whole field is then a conflict)."""
    ours, theirs, shared = (_party_entries(v, row) for v, row in ((here, local), (value, incoming), (before, base)))
    if ours is None or theirs is None or shared is None:
        return None
    parties = sorted({p for entries in (ours, theirs, shared) for p in entries if p})
    merged: dict[str, dict] = {}
    proposed: dict[str, dict] = {}
    for party in parties:
        mine, station, common = (_party_entry(e, party) for e in (ours, theirs, shared))
        if mine == station or station == common:
            merged[party] = proposed[party] = mine
        elif mine == common:
            merged[party] = proposed[party] = station
        else:  # changed on both sides, differently: ours stands until the conflict is decided
            merged[party], proposed[party] = mine, station
    out = []
    held = here
    if merged != {p: _party_entry(ours, p) for p in parties}:
        held = json.dumps(merged, ensure_ascii=False)
        out.append(FieldChange("party_results", here, held, before, "take"))
    if proposed != merged:
        out.append(FieldChange("party_results", held, json.dumps(proposed, ensure_ascii=False), before, "conflict"))
    return out


def _outcome_of_text(text) -> str | None:
    """The outcome of a follow-up whose text a version before m054 sent without one: the one the text suggests
    (``store.interviews.suggested_outcome``), not verified when it says nothing clearly; None without a text."""
    from workstation.store.interviews import suggested_outcome

    return (suggested_outcome(text) or "unverified") if str(text or "").strip() else None


def _outcome_follows_text(fields: list[FieldChange], here: dict, row: dict) -> list[FieldChange]:
    """An interview's follow-up changed at a station of a version before m054, which sends no outcome
    (``follow_up_outcome``, of the interview or of a party in ``party_results``): the outcome held here was chosen
    for the text replaced and no longer says what was found; nor is the new text read as before (as rectified
    unless it says otherwise: no outcome), since it was written after the outcome became a choice. It becomes the
    one the new text suggests, not verified when it says nothing clearly (``_outcome_of_text``), taken with the
    text — never rectified on a guess, so the statistics stay honest. A bundle of this version sends the outcome
    chosen and is taken as it is."""
    if "follow_up_outcome" in row or "follow_up_outcome" not in here:
        return fields
    out = []
    for f in fields:
        if f.field == "party_results" and f.action == "take":
            f = FieldChange(f.field, f.local, _party_outcomes_follow_texts(f.local, f.incoming), f.base, f.action)
        out.append(f)
    text = next((f for f in out if f.field == "follow_up_result" and f.action == "take"), None)
    if text is not None and (outcome := _outcome_of_text(text.incoming)) != here.get("follow_up_outcome"):
        out.append(FieldChange("follow_up_outcome", here.get("follow_up_outcome"), outcome, MISSING, "take"))
    return out


def _party_outcomes_follow_texts(here, value):
    """``value`` (``party_results`` taken from a version before m054) with the outcome of each party whose follow-up
    text differs from the one held here (``here``) made the one its new text suggests (``_outcome_follows_text``)."""
    try:
        ours, theirs = (json.loads(v) if isinstance(v, str) and v else (v or {}) for v in (here, value))
    except ValueError:
        return value
    if not isinstance(theirs, dict) or not isinstance(ours, dict):
        return value
    changed = False
    for party, entry in theirs.items():
        if not isinstance(entry, dict) or "follow_up_result" not in entry:
            continue
        mine = ours.get(party) if isinstance(ours.get(party), dict) else {}
        if entry.get("follow_up_result") != mine.get("follow_up_result") or "follow_up_result" not in mine:
            outcome = _outcome_of_text(entry.get("follow_up_result"))
            if entry.get("follow_up_outcome") != outcome:
                entry["follow_up_outcome"] = outcome
                changed = True
    return json.dumps(theirs, ensure_ascii=False) if changed else value


# a lead's decision with the assignment it was made under: one unit, never merged field by field (a decision of the
# station the lead was taken from, merged beside headquarters' re-assignment, would make a lead decided by one
# agency and assigned to another); resolving one of its conflicts resolves them all (``resolve_conflict``)
LEAD_DECISION_UNIT = ("decision", "decided_on", "decision_reason", "referred_to", "status", "agency_id", "assigned_on",
                      "case_id")
# the fields of the unit that are the decision itself: while neither copy is decided and these agree, only the
# assignment differs, and its fields merge one by one (no choice can make a lead decided by one agency and assigned
# to another)
LEAD_DECISION_FIELDS = ("decision", "decided_on", "decision_reason", "referred_to", "case_id")


# the fields of the unit that say whom the lead is assigned to: changed on one side (a re-assignment, 改派) while the
# other side decided it, the decision and the assignment are held whole
LEAD_ASSIGNMENT_FIELDS = ("agency_id", "assigned_on")


def _assigned_to_its_decider(here: dict, row: dict, base: dict | None, agencies: frozenset[str],
                             at_headquarters: bool) -> bool:
    """Whether headquarters' copy of a lead assigned it, since the version shared, to the station whose copy decided
    it meanwhile (or to an office under that station's agency: ``agencies``, the station's agency and those under
    it), the version shared being of no assignment and held by no agency or by that station's: the lead was the
    station's all along, and the assignment re-assigns nothing. ``at_headquarters``: headquarters' copy is ``here``
    (a station's bundle merged at headquarters), else ``row`` (headquarters' hand-out merged at the station)."""
    from workstation.leads_workflow import OPEN_STATUSES

    if base is None or not agencies or "status" not in base:
        return False
    hq, station = (here, row) if at_headquarters else (row, here)

    def held_there(copy: dict) -> bool:
        return not copy.get("agency_id") or copy.get("agency_id") in agencies

    hq_undecided = all(_same(name, hq.get(name), base.get(name)) for name in LEAD_DECISION_FIELDS if name in base)
    station_decided = station.get("status") not in OPEN_STATUSES or any(
        not _same(name, station.get(name), base.get(name)) for name in LEAD_DECISION_FIELDS if name in base)
    return (base.get("status") in OPEN_STATUSES and not base.get("assigned_on") and held_there(base)
            and hq.get("status") == "assigned" and hq.get("agency_id") in agencies and hq_undecided
            and not station.get("assigned_on") and held_there(station) and station_decided)


def _decided_by_its_assignee(fields: list[FieldChange], at_headquarters: bool) -> list[FieldChange]:
    """The changes of a lead headquarters assigned to the station that decided it (``_assigned_to_its_decider``),
    merged without a conflict: headquarters' assignment and the station's decision both stand — at headquarters the
    station's decision is taken, its assignment kept; at the station its decision is kept, headquarters' assignment
    taken."""
    out = []
    for f in fields:
        if f.field not in LEAD_DECISION_UNIT:
            out.append(f)
        elif at_headquarters and f.field not in LEAD_ASSIGNMENT_FIELDS:  # the station's decision
            out.append(FieldChange(f.field, f.local, f.incoming, f.base, "take"))
        elif not at_headquarters and (f.field in LEAD_ASSIGNMENT_FIELDS or f.action == "take"):
            # headquarters' assignment (and its status 已交办 while the station's copy is undecided, its case opened)
            out.append(FieldChange(f.field, f.local, f.incoming, f.base, "take"))
    return out


def _receiver_kept(fields: list[FieldChange], incoming: dict, local: dict, base: dict | None) -> list[FieldChange]:
    """A lead's receiving agency (``received_by``, m069) as this copy records it, unless the incoming copy changed
    its receipt: recorded when the lead was registered or screened, and otherwise only where m069 worked it out for
    a lead kept before (each side from what it knew: two copies may differ, and keep their own, no conflict). The
    incoming value comes through (1) when this change takes the lead's ``received_at`` (screening went on from an
    earlier receipt, ``screen._receipt_from``: the day and who received it are one receipt), taken with it; (2) when
    the base records the column and the incoming value differs from it (changed there since it was shared), as any
    field (``_compare``: taken, or a conflict when this copy changed it too); (3) when this copy records none. The
    version kept as the base is the incoming copy's all the same (the one the station states its copy grew from),
    so a copy keeping its own differs from it there without being changed here: ``_deletions`` leaves the field out
    (``KEPT_APART``)."""
    kept = [f for f in fields if f.field != "received_by"]
    if "received_by" not in incoming or _same("received_by", local.get("received_by"), incoming["received_by"]):
        return kept  # an older version's copy, without the column, or the same
    compared = next((f for f in fields if f.field == "received_by"), None)
    before = base.get("received_by", MISSING) if base is not None else MISSING
    if any(f.field == "received_at" and f.action == "take" for f in fields):
        return kept + [FieldChange("received_by", local.get("received_by"), incoming["received_by"], before, "take")]
    if compared is not None and (compared.local is None or (
            before is not MISSING and not _same("received_by", incoming["received_by"], before))):
        return kept + [compared]
    return kept


#: the fields each copy keeps its own of, never taken from another's (``_receiver_kept``): a difference from the
#: base there is no change made here, and no reason to keep a record the station deleted (``_deletions``)
KEPT_APART = {"leads": frozenset({"received_by"})}


def _lead_decided_whole(fields: list[FieldChange], here: dict, row: dict, base: dict | None, columns: set[str],
                        undecided=(), agencies: frozenset[str] = frozenset(),
                        at_headquarters: bool = False) -> list[FieldChange]:
    """A lead's ``LEAD_DECISION_UNIT`` held whole: when one of its fields is a conflict, or when one side re-assigned
    the lead since the version shared (its agency or the day of its assignment changed: headquarters' 改派) while the
    other side changed the unit otherwise (decided it), every field of the unit the incoming copy says otherwise is a
    conflict, none taken. Both ways: headquarters re-assigned the lead here and the station's copy brings its decision,
    or a station decided the lead here and headquarters' hand-out brings its re-assignment to another agency (the
    station's decision would else stand beside the new agency, and travel back as that agency's). Not when no
    decision is at stake (neither copy decided, the decision's own fields alike on both): a re-assignment against
    another assignment merges field by field."""
    from workstation.leads_workflow import OPEN_STATUSES

    unit = [f for f in fields if f.field in LEAD_DECISION_UNIT]
    if not unit:
        return fields
    if here.get("status", row.get("status")) in OPEN_STATUSES and row.get("status", here.get("status")) in OPEN_STATUSES \
            and all(_same(name, here.get(name), row[name]) for name in LEAD_DECISION_FIELDS if name in row):
        return fields

    if _assigned_to_its_decider(here, row, base, agencies, at_headquarters):
        return _decided_by_its_assignee(fields, at_headquarters)

    def changed(copy: dict, name: str) -> bool:
        return base is not None and name in base and name in copy and not _same(name, copy.get(name), base.get(name))

    # re-assigned here, the incoming copy changing the unit (its fields taken but for this check), or re-assigned
    # there, this copy having changed the unit itself (its fields standing but for this check)
    reassigned_here = any(changed(here, name) for name in LEAD_ASSIGNMENT_FIELDS) \
        and any(f.action == "take" for f in unit)
    reassigned_there = any(changed(row, name) for name in LEAD_ASSIGNMENT_FIELDS) \
        and any(changed(here, name) for name in LEAD_DECISION_UNIT
                if name not in LEAD_ASSIGNMENT_FIELDS and name not in undecided)
    if not any(f.action == "conflict" for f in unit) and not reassigned_here and not reassigned_there:
        return fields
    held = [FieldChange(name, here.get(name), row[name], base.get(name, MISSING) if base is not None else MISSING,
                        "conflict")
            for name in LEAD_DECISION_UNIT if name in row and name in columns and name not in undecided
            and not _same(name, here.get(name), row[name])]
    return [f for f in fields if f.field not in LEAD_DECISION_UNIT] + held


# the records a district bureau holds as its own by their agency, which headquarters may give to another district
# (a lead's re-assignment merges as ``_lead_decided_whole`` says)
MOVED_TABLES = ("cases", "interviews", "publicity")
# the fields that follow a record's agency: never one of the changes held with its move
_FOLLOW_AGENCY = ("agency_id", "district")


def _card_agencies(db: Database, card: dict, handout: bool) -> frozenset[str]:
    """The agency tree of a station not known here yet (its first bundle, trusted as it is imported), by the agency
    code its card names; none for a hand-out or a card naming none."""
    if handout or not card.get("agency_code"):
        return frozenset()
    found = db.execute("SELECT id FROM agencies WHERE code = ?", [card["agency_code"]]).fetchone()
    return _agency_tree(db, found[0]) if found else frozenset()


def _agency_tree(db: Database, agency_id: str | None) -> frozenset[str]:
    """The agency ``agency_id`` and the agencies under it (``writer.agency_tree``); none for None."""
    from workstation.bundle.writer import agency_tree

    return frozenset(agency_tree(db, agency_id))


def _moved_away(fields: list[FieldChange], here: dict, row: dict, base: dict | None, columns: set[str],
                link_fields: set[str], sender: frozenset[str], own: frozenset[str],
                undecided=()) -> list[FieldChange]:
    """A case, an interview or a publicity activity one side gave to another district bureau since the version
    shared, while the other side, the bureau that held it, changed it otherwise: the changes of the bureau that held
    it are conflicts, none taken or kept without a word (they were made for a record that is no longer its own).
    At headquarters (``sender``: the agencies of the station sending the bundle), the record moved here out of the
    station's agencies: every field the station changed is a conflict, nothing of it merged into the other bureau's
    record. At that station taking headquarters' hand-out (``own``: the agencies of this station), the record moved
    there out of this station's agencies: the move is taken (the record is no longer this station's own), and every
    field changed here since is a conflict, its value here against headquarters'."""
    if base is None or "agency_id" not in base or "agency_id" not in row:
        return fields
    before, ours, theirs = base.get("agency_id"), here.get("agency_id"), row.get("agency_id")

    def kept(name: str) -> bool:
        return name not in META_FIELDS and name not in _FOLLOW_AGENCY and name not in undecided \
            and (name in columns or name in link_fields) and name in base

    if sender and before in sender and ours != before and ours not in sender and theirs == before:
        changed = {f.field for f in fields if f.action == "take" and kept(f.field)}
        if not changed:
            return fields
        return [f for f in fields if f.field not in changed] + [
            FieldChange(name, here.get(name), row[name], base.get(name, MISSING), "conflict")
            for name in row if name in changed]
    if own and before in own and theirs != before and theirs not in own and ours == before:
        held = [FieldChange(name, here.get(name), row[name], base[name], "conflict") for name in row
                if kept(name) and name in here and _same(name, row[name], base[name])
                and not _same(name, here[name], base[name])]
        return fields + held
    return fields


def _agency_district(db: Database, agency_id) -> str | None:
    row = db.execute("SELECT district FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return None if row is None else row[0]


def _district_follows_agency(db: Database, fields: list[FieldChange], here: dict) -> list[FieldChange]:
    """A case's district is its agency's (``store.cases.normalized_case``), never a value of its own: it is taken
    with the agency the merge takes, stays with the agency kept here (also while their conflict is open) and is
    never a conflict itself. A station of a version before 2026-11-30 kept the old agency's district when it
    handed a case to another agency; its copy gets the new agency's here."""
    agency = next((f.incoming for f in fields if f.field == "agency_id" and f.action == "take"),
                  here.get("agency_id"))
    said = next((f for f in fields if f.field == "district"), None)
    fields = [f for f in fields if f.field != "district"]
    district = _agency_district(db, agency)
    if district is not None and district != here.get("district"):
        fields.append(FieldChange("district", here.get("district"), district,
                                  MISSING if said is None else said.base, "take"))
    return fields


def _station_status(db: Database, card: dict, bundle_name: str, trust: bool) -> str:
    own = this_station(db)
    if own is not None and own.id == card["id"]:
        raise BundleRefused(_("{name} was made by this station itself: import it at headquarters.").format(
            name=bundle_name))
    known = known_station(db, card["id"])
    if known is None:
        if not trust:
            station = station_label(card["name"], card["fingerprint"])
            raise StationNotTrusted(_(
                "{name} is signed by station {station}, which is not trusted here (key fingerprint {fingerprint}): "
                "confirm the fingerprint with the station, then import the bundle again with --trust (or first trust "
                "the station with “station trust” on this bundle or its card).").format(
                name=bundle_name, station=station, fingerprint=card["fingerprint"]),
                file=bundle_name, station=station, fingerprint=card["fingerprint"])
        return "new_station"
    if known.sign_key != card["sign_key"]:
        if not trust:
            station = known.name or card["id"]
            raise StationNotTrusted(_(
                "{name}: the key of station {station} has changed (fingerprint {old} is trusted, the bundle is signed "
                "with {new}); if the station changed its key on purpose, confirm the new fingerprint with it, then "
                "import the bundle again with --trust.").format(name=bundle_name, station=station,
                                                                old=known.fingerprint, new=card["fingerprint"]),
                file=bundle_name, station=station, fingerprint=card["fingerprint"], old_fingerprint=known.fingerprint)
        return "changed_key"
    said = key_withdrawal(db, known)
    if said is not None:
        # never trusted back, neither in passing (--trust, the window's question) nor from its card: the station makes a new key
        raise BundleRefused(_("{name} is refused: {why}").format(name=bundle_name, why=withdrawal_text(known, said)))
    return "trusted"


def log_differs_text(name: str, station: str, seq: int) -> str:
    """The refusal of a bundle whose station's audit log no longer continues what it sent before, with its likely
    cause and what to do: a station restored from a backup older than bundles it had sent wrote its new entries
    after the backup's, where headquarters holds others, so its log branches off at that entry for good. Putting
    back the data the restore replaced (kept by the restore on that laptop) brings back the log headquarters holds;
    the work done since the restore is then kept aside as replaced data in turn."""
    return _("{name}: the audit log of station {station} differs from what it sent before (entry {seq}); the "
             "bundle is refused. The likely cause: the station was restored from a backup older than the bundles it "
             "had already sent, so its log no longer continues the one received here. Ask the station to put back "
             "the data that restore replaced (File → Backups… → Data kept before restores…, or the command backup "
             "put-back), then export again; if that data is no longer kept, its bundles cannot be taken here: nothing of them was "
             "merged.").format(name=name, station=station, seq=seq)


def _repeats_what_was_received(db: Database, station_id: str, entries, head_seq: int, name: str,
                               station: str) -> None:
    """Refuse the segment ``entries`` where an entry up to ``head_seq`` (received before) differs from the one
    received, compared a run of entries at a time (the segment is gone through, not held)."""
    def compare(run: list[tuple[int, str]]) -> None:
        stored = dict(db.execute("SELECT seq, hash FROM station_audit WHERE station_id = ? AND seq BETWEEN ? AND ?",
                                 [station_id, run[0][0], run[-1][0]]).fetchall())
        for seq, hash_ in run:
            if seq in stored and stored[seq] != hash_:
                raise BundleRefused(log_differs_text(name, station, seq))

    run: list[tuple[int, str]] = []
    for entry in entries:
        if entry["seq"] > head_seq:
            break
        run.append((entry["seq"], entry["hash"]))
        if len(run) == BATCH:
            compare(run)
            run = []
    if run:
        compare(run)


def _audit_continuation(db: Database, bundle: Bundle, card: dict, status: str) -> AuditEntries:
    """The entries of the segment this station has not sent before (``reader.AuditEntries``), after checking that
    the segment continues (and where it overlaps, repeats) the one received before."""
    known = known_station(db, card["id"]) if status != "new_station" else None
    head_seq, head = (known.audit_seq, known.audit_head) if known else (0, "")
    name, station = bundle.path.name, station_label(card["name"], card["fingerprint"])
    entries = bundle.audit
    if entries and entries[0]["seq"] <= head_seq:
        _repeats_what_was_received(db, card["id"], entries, head_seq, name, station)
    new = entries.since(head_seq)
    # where the segment begins: its first entry not received yet; for a bundle with nothing new (no entry), where
    # its manifest says it would have begun (the entry after the last one the bundle before it carried). Such a
    # bundle past a missing one is refused like any other, or the station's time after the gap would be counted as
    # received in full, and the refusal of the bundle missing name a window after it (``lost_bundle``)
    # (a bundle of chosen cases carrying none is taken alone, as ever: ``kind`` "partial")
    start = new[0]["seq"] if new else _empty_segment_start(bundle) \
        if not entries and bundle.manifest.get("scope") != "cases" else None
    if not head_seq and start is not None and start != 1:
        # the first bundle taken from a station must begin its log: accepting a later one first would make the
        # earlier bundle, which holds the station's older records, look "older" and be refused for good
        from_hq = _from_own_headquarters(db, card)
        missing = lost_bundle(db, card["id"], station, bundle, new, headquarters=from_hq)
        taken = db.execute("SELECT COUNT(*) FROM bundle_imports WHERE station_id = ?", [card["id"]]).fetchone()[0] \
            if known and not from_hq else 0
        # bundles of single cases (bundle export --case) carry none of the log: said as it is
        kind = "partial" if taken else "first"
        raise EarlierBundleMissing(missing_text(kind, from_hq, name=name, station=station, missing=missing,
                                                how=full_bundle_how(db, from_hq), taken=taken),
                                   file=name, station=station, first=1, last=start - 1, lost=missing,
                                   headquarters=from_hq, kind=kind, taken=taken)
    if head_seq and new and new[0]["seq"] == head_seq + 1 and new[0]["prev_hash"] != head:
        # nothing is missing: the entry the bundle continues is not the one received before, which no earlier
        # bundle can mend
        raise BundleRefused(log_differs_text(name, station, head_seq))
    if head_seq and start is not None and start > head_seq + 1:
        from_hq = _from_own_headquarters(db, card)
        missing = lost_bundle(db, card["id"], station, bundle, new, headquarters=from_hq)
        raise EarlierBundleMissing(missing_text("gap", from_hq, name=name, station=station, missing=missing,
                                                how=full_bundle_how(db, from_hq)),
                                   file=name, station=station, first=head_seq + 1, last=start - 1,
                                   lost=missing, headquarters=from_hq)
    if head_seq and entries and not new and _has_changes(bundle):
        # its log ends before the last entry received, or at it, as a bundle made after it that was imported first
        # (nothing audited between them: an --all bundle made after a changed-since one, say) — not merged again
        # over what the later bundle brought and what was decided since
        if entries[-1]["seq"] < head_seq:
            raise BundleRefused(older_text(name, station, _from_own_headquarters(db, card)))
        later = _made_before_imported(db, card["id"], bundle) if entries[-1]["seq"] == head_seq else None
        if later is not None:
            raise BundleRefused(older_text(name, station, _from_own_headquarters(db, card),
                                           made=(_stamp(bundle.manifest.get("created_at")), _stamp(later))))
    return new


def _made_before_imported(db: Database, station_id: str, bundle: Bundle) -> str | None:
    """When the newest bundle of the same station imported here that carried its log as far was made (its
    manifest's time), if ``bundle`` was made before it (a bundle of chosen cases carries no log that counts:
    ``bundle_imports.scope`` 'cases'), by the times of making their manifests say, both the station's clock; None
    when it was not, or a time cannot be read (taken, as before)."""
    import datetime as dt

    def made(text) -> dt.datetime | None:
        try:
            stamp = dt.datetime.fromisoformat(str(text))
        except ValueError:
            return None
        return stamp if stamp.tzinfo is not None else None

    mine = made(bundle.manifest.get("created_at", ""))
    if mine is None:
        return None
    later: tuple[dt.datetime, str] | None = None
    for (text,) in db.execute("SELECT created_at FROM bundle_imports WHERE station_id = ? AND "
                              "COALESCE(scope, '') != 'cases'", [station_id]):
        other = made(text)
        if other is not None and other > mine and (later is None or other > later[0]):
            later = (other, str(text))
    return later[1] if later else None


def _empty_segment_start(bundle: Bundle) -> int | None:
    """Where the audit segment of ``bundle``, which carries no entry, would have begun (its manifest's
    ``audit.from``: the entry after the last one the sender's bundle before it carried); None when the manifest
    does not say (then nothing is checked, as before)."""
    audit = bundle.manifest.get("audit")
    start = audit.get("from") if isinstance(audit, dict) else None
    return start if isinstance(start, int) and not isinstance(start, bool) and start > 0 else None


def older_text(name: str, station: str, headquarters: bool, made: tuple[str, str] | None = None) -> str:
    """The refusal of a bundle older than one imported from its station (every change it carries came with the
    bundles imported since), saying that nothing needs importing; a hand-out of this station's ``headquarters`` is
    named as headquarters' hand-out. When it was told older by the times of making alone (``made``: its own and
    the later one's, both by the sender's clock — the two end at the same entry of its log), both are named, so
    that a clock set back between them shows."""
    if headquarters:
        text = _("{name} is older than a hand-out already imported from headquarters {station}: what it holds came "
                 "with the later hand-outs imported here, so nothing needs importing (the file may be deleted). It is "
                 "refused so that newer data is not overwritten.")
    else:
        text = _("{name} is older than a bundle already imported from station {station}: what it holds came with "
                 "the later bundles imported here, so nothing needs importing (the file may be deleted). It is "
                 "refused so that newer data is not overwritten.")
    text = text.format(name=name, station=station)
    if made is not None:
        text = join_sentences([text, _("By the sender's clock, {name} was made at {made} and the bundle already "
                                       "imported at {later}.").format(name=name, made=made[0], later=made[1])])
    return tidy_spaces(text)


def continuity_refusal(db: Database, bundle: Bundle) -> str | None:
    """Why importing ``bundle`` here would be refused for its place among its station's bundles — it continues one
    not imported here, is older than one imported, or its log differs from what was received before
    (``_audit_continuation``) —, None when the import takes it (or has taken it: importing it again changes
    nothing). ``bundle verify`` says it as a warning: the bundle itself is valid."""
    name = bundle.path.name
    card = checked_card(bundle.station, name)
    own = this_station(db)
    if own is not None and own.id == card["id"]:
        return None
    if _already_imported(db, bundle):
        return None
    status = "trusted" if known_station(db, card["id"]) is not None else "new_station"
    try:
        _audit_continuation(db, bundle, card, status)
    except BundleRefused as exc:
        return exc.message
    return None


def _already_imported(db: Database, bundle: Bundle) -> bool:
    """Whether this database imported ``bundle`` before (its id, or a manifest of the same SHA-256): importing it
    again changes nothing."""
    return db.execute("SELECT 1 FROM bundle_imports WHERE bundle_id = ? OR sha256 = ?",
                      [str(bundle.manifest.get("bundle_id", "")), bundle.manifest_sha256]).fetchone() is not None


def _from_own_headquarters(db: Database, card: dict) -> bool:
    """Whether the bundle (its station ``card``) comes from the headquarters this station names: a hand-out, taken
    at a station, whose refusals say what this station or headquarters must do."""
    hq = headquarters(db)
    return hq is not None and hq.id == card.get("id")


def full_bundle_how(db: Database, headquarters: bool) -> str:
    """How a full bundle is made, on the command line: at the station “bundle export --all”; headquarters' complete
    hand-out for this station “at headquarters: bundle export --all --for <this station>”."""
    if headquarters:
        return _("at headquarters: bundle export --all --for {own}").format(own=_station_argument(this_station(db)))
    return "bundle export --all"


def _station_argument(own) -> str:
    """This station as ``bundle export --for`` takes it at headquarters: its name, or its id when it has none."""
    if own is None:
        return "STATION"
    return own.name if own.name and station_label(own.name) == own.name else own.id


def _has_changes(bundle: Bundle) -> bool:
    return any(bundle.records[t.name] for t in TABLES if t.merge != "block")  # every bundle carries the blocks


UNIQUE_LABELS = {"case_number": N_("case number"), "number": N_("document number"),
                 "agency_id/type_code/year/serial": N_("document number serial"),
                 "case_id/sha256/recipient": N_("evidence file of the case")}


def _leaving_unique(table: Table, rows: list[dict]) -> set[str]:
    """The keys of the bundle's rows of ``table`` that are out of its ``unique_among`` rows (an evidence item voided,
    m045): once merged, they no longer hold their unique columns."""
    among = table.unique_among
    if among is None:
        return set()
    return {str(r[table.key]) for r in rows if r.get(among[0], among[1]) != among[1]}


def _unique_clash(db: Database, table: Table, row: dict, bundle_name: str, from_headquarters: bool = False,
                  leaving: set[str] = frozenset(), sender: str | None = None) -> None:
    """Refuse the bundle when ``row`` takes a number (or a pair) another record here holds. At a station taking
    headquarters' hand-out (``from_headquarters``) the number is this station's to mend: the message names its own
    record holding it and what to do, not "ask the station". A 文号 inside a number block: the message names the
    station that issued it outside the block (``_outside_block``; ``sender``: the id of the bundle's station). A
    table whose numbers are unique among some rows only (``unique_among``: the 文号 in force, a voided one apart; an
    evidence file in force, a voided item apart) clashes only between such rows, a record the bundle itself takes
    out of them (``leaving``) not counted."""
    among = table.unique_among
    if among is not None and row.get(among[0], among[1]) != among[1]:
        return
    for columns in table.unique:
        if any(row.get(c) is None for c in columns):
            continue
        held = {c: row[c] for c in columns} | ({among[0]: among[1]} if among else {})
        clause = " AND ".join(f"{c} = ?" for c in held)
        other = db.execute(f"SELECT {table.key} FROM {table.name} WHERE {clause} AND {table.key} != ?",
                           [*held.values(), row[table.key]]).fetchone()
        if not other or str(other[0]) in leaving:
            continue
        what = _(UNIQUE_LABELS.get("/".join(columns), "/".join(columns)))
        value = "/".join(str(row[c]) for c in columns)
        if from_headquarters:
            raise BundleRefused(_(
                "{name}: {what} {value} is already used here by this station's own {record}, while headquarters "
                "holds it for another record: the number was given twice (for instance after a restore from a "
                "backup), and the hand-out is refused; nothing of it was merged. Void or correct this station's "
                "{record} (issue it again, so that it takes a new number), then import the hand-out again; if "
                "the number cannot be changed here, contact headquarters.").format(
                name=bundle_name, what=what, value=value, record=_own_record(db, table.name, str(other[0]))))
        if table.name == "doc_numbers" and sender and (outside := _outside_block(db, row, str(other[0]), bundle_name,
                                                                                 sender)):
            raise BundleRefused(outside)
        if table.name == "doc_numbers" and sender and (taken := _taken_at_headquarters(db, str(other[0]), bundle_name,
                                                                                       value)):
            raise BundleRefused(taken)
        raise BundleRefused(_("{name}: {what} {value} is already used here by another record ({table}); the "
                              "bundle is refused — ask the station to correct it.").format(
            name=bundle_name, what=what, value=value, table=table.name))


def _taken_at_headquarters(db: Database, held_id: str, bundle_name: str, number: str) -> str | None:
    """For a 文号 ``number`` of a station's bundle that the doc_numbers row ``held_id`` holds at headquarters already,
    when headquarters issued that document itself (in the station bureau's sequence, which the station numbers on its
    own laptop: a version before 2026-12-06 did not refuse it, as ``number_blocks.numbering_stations`` and
    ``headquarters_refusal`` now do): the
    refusal naming headquarters' own document to void, for the station's, sent out under that number, cannot be
    mended there. None elsewhere than at headquarters, and for a number a station's bundle brought here."""
    if not _at_headquarters(db):
        return None
    row = db.execute("SELECT document_id FROM doc_numbers WHERE id = ?", [held_id]).fetchone()
    if row is None or not row[0] or db.execute(
            "SELECT 1 FROM documents WHERE id = ? AND status = 'issued'", [row[0]]).fetchone() is None:
        return None
    if db.execute("SELECT 1 FROM audit WHERE entity_id IN (?, ?) AND action LIKE 'merge%' LIMIT 1",
                  [held_id, row[0]]).fetchone() is not None or db.execute(
            "SELECT 1 FROM station_audit WHERE entity = 'document' AND action = 'issue' AND entity_id = ? LIMIT 1",
            [row[0]]).fetchone() is not None:
        return None  # a station's document: the generic refusal asks the station
    return _("{name}: document number {number} is already used here by headquarters' own {record} (id {document}), "
             "issued here in the 文号 of the station's bureau, which the station numbers on its own laptop; the bundle "
             "is refused, nothing of it was merged. The station's document went out under that number and stands: "
             "void headquarters' own (`docs void {document} --reason TEXT`; a lead's referral it recorded is withdrawn "
             "with it), issue it again under a number of a block of headquarters' own (`numbers allocate`), then "
             "import this bundle again.").format(name=bundle_name, number=number, document=row[0],
                                                  record=_own_record(db, "doc_numbers", held_id))


def _outside_block(db: Database, row: dict, held_id: str, bundle_name: str, sender: str) -> str | None:
    """For a 文号 of the bundle of station ``sender`` (``row`` of doc_numbers) that the record ``held_id`` holds here
    already, when its serial lies in a number block: the refusal naming the station that issued it outside that
    block and what it does — the bundle's station when the block is another's; else (the block is the bundle's
    station's own) the station whose record is held here, or this installation. None when no block holds the serial,
    or when the record held here is the block holder's too (its number given twice, after a restore), or was issued
    by a station not known (merged from a bundle of a version that did not log the issue)."""
    block = db.execute("SELECT first_serial, last_serial, station_id FROM number_blocks WHERE agency_id = ? AND "
                       "type_code = ? AND year = ? AND ? BETWEEN first_serial AND last_serial LIMIT 1",
                       [row.get("agency_id"), row.get("type_code"), row.get("year"), row.get("serial")]).fetchone()
    if block is None:
        return None
    first, last, holder = block

    values = {"name": bundle_name, "number": row.get("number"), "first": first, "last": last,
              "holder": station_words(db, holder), "record": _own_record(db, "doc_numbers", held_id)}
    if sender != holder:  # the bundle's station issued a serial of another station's block
        return _("{name}: document number {number} lies in the number block {first}–{last} of station {holder}, "
                 "which alone issues it; station {sender}, whose bundle this is, issued it too, outside that block: "
                 "the bundle is refused, nothing of it was merged. Ask station {sender} to void its document (`docs "
                 "void`: it then issues it again under a number of its own) and to send a new bundle.").format(
            **values, sender=station_words(db, sender))
    issuer = db.execute("SELECT a.station_id FROM doc_numbers n JOIN station_audit a ON a.entity = 'document' AND "
                        "a.action = 'issue' AND a.entity_id = n.document_id WHERE n.id = ? ORDER BY a.seq LIMIT 1",
                        [held_id]).fetchone()
    own = db.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()
    if issuer is not None:
        issuer_id = issuer[0]
    elif own is not None and db.execute("SELECT 1 FROM audit WHERE entity_id = ? AND action LIKE 'merge%' LIMIT 1",
                                        [held_id]).fetchone() is None:
        issuer_id = own[0]  # issued here: no station's bundle brought it
    else:
        return None
    if issuer_id == holder:
        return None
    if own is not None and issuer_id == own[0]:
        return _("{name}: document number {number} lies in the number block {first}–{last} of station {holder}, "
                 "which alone issues it, but it was issued here too, outside that block ({record}); the bundle is "
                 "refused, nothing of it was merged. Void that document here (`docs void`) and issue it again under "
                 "another number, then import this bundle again.").format(**values)
    return _("{name}: document number {number} lies in the number block {first}–{last} of station {holder}, which "
             "alone issues it, but station {issuer} issued it too, outside that block (its {record}); the bundle is "
             "refused, nothing of it was merged. Ask station {issuer} to void its document (`docs void`: it then "
             "issues it again under a number of its own) and to send a bundle; import that bundle, then this one "
             "again.").format(**values, issuer=station_words(db, issuer_id))


def _case_numbers_taken(db: Database, planned: list[Change], card: dict, bundle_name: str) -> None:
    """Refuse a station's bundle one of whose cases (``planned``: the changes of its cases; new here, or filed or
    renumbered since it was sent) takes the case number another case here holds (the cases' uniqueness refused it
    while merging, asking for the bundle again, which changes nothing). A case the bundle moves off its number here
    (renumbered at the station) gives the number up: another case of the bundle may take it."""
    moved = {c.key for c in planned if _renumbered(c)}
    for change in planned:
        number = _number_given(change)
        held = db.execute("SELECT id, party_names, cause FROM cases WHERE case_number = ? AND id != ?",
                          [number, change.key]).fetchone() if number else None
        if held is not None and held[0] not in moved:
            _refuse_number_held(db, change.incoming, held, card, bundle_name)


def _renumbered(change: Change) -> bool:
    """Whether a planned change of ``cases`` moves a case held here off its number (given another one)."""
    return change.status != "new" and any(f.field == "case_number" for f in change.taken)


def _release_case_numbers(db: Database, changes: list[Change]) -> None:
    """Before the bundle's cases take their numbers, those it renumbers let theirs go (holding the unfiled mark for
    the while): another of its cases may take one (``_case_numbers_taken``), whichever comes first, two swapping too."""
    for change in changes:
        if change.table == "cases" and _renumbered(change):
            db.execute("UPDATE cases SET case_number = ? WHERE id = ?", [stored_number("", change.key), change.key])


def _number_given(change: Change) -> str:
    """The case number a planned change of ``cases`` gives its case here: "" when none (not filed, or not changed)."""
    if change.status == "new":
        return filed_number(str(change.incoming.get("case_number") or ""))
    return next((filed_number(str(f.incoming or "")) for f in change.taken if f.field == "case_number"), "")


def _refuse_number_held(db: Database, row: dict, held, card: dict, bundle_name: str) -> None:
    """Refuse the bundle whose case ``row`` takes the case number case ``held`` (id, party names, cause) holds here.
    Held by a case of another station (or of headquarters): the two numbered their cases on their own, outside number
    blocks, and gave one number twice. Held by a case of the same station, which the bundle does not move off it
    (not in the bundle, as one exported by case; or its new number in conflict with one given here): the station's
    full bundle brings both numbers, else the number given here is to be corrected. The message names the number,
    both cases by their party and cause, the stations (``_station_named``), and what to do."""
    station = _station_named(db, card["id"], card)
    incoming, other = _case_of(row.get("party_names"), row.get("cause")), _case_of(held[1], held[2])
    creator = _creator_station(db, "case", held[0])
    if creator is not None and creator[0] == card["id"]:
        raise BundleRefused(_(
            "{name}: case number {number} of {station}'s case {incoming} is still held here by {station}'s case "
            "{held}, which this bundle does not move off it; nothing of the bundle was merged. Export a full bundle "
            "at {station} (`bundle export --all`), which brings the number of both cases, and import it; if it is "
            "refused again, the case {held} was renumbered here too: correct its number in its case editor here (to "
            "the number its paper bears), then import the bundle again.").format(
            name=bundle_name, number=row["case_number"], station=station, incoming=incoming, held=other))
    if _one_case(row, held):
        raise BundleRefused(_one_case_refusal(db, row, held, card, bundle_name))
    raise BundleRefused(_(
        "{name}: case number {number} of {station}'s case {incoming} is already held here by {holder}'s case "
        "{held}: both numbered their cases on their own and took the same number; nothing of the bundle was "
        "merged. Correct the number of one of the two cases in its case editor at its station (to the number its "
        "paper bears, or the next free one), then export a full bundle there (`bundle export --all`) and import "
        "it; to keep the stations from taking one number again, allocate each its number blocks (`numbers allocate`).").format(
        name=bundle_name, number=row["case_number"], station=station, incoming=incoming,
        holder=_creator(db, "case", held[0]), held=other))


def _one_case(row: dict, held) -> bool:
    """Whether the bundle's case ``row`` and case ``held`` here (id, party names, cause), which take one case number,
    are one case recorded at two stations (a town office's register row imported at its bureau's station too): the
    same parties and cause."""
    def parties(names) -> set[str]:
        return {name.strip() for name in str(names or "").split("、") if name.strip()}

    incoming = parties(row.get("party_names"))
    return bool(incoming) and incoming == parties(held[1]) and \
        str(row.get("cause") or "").strip() == str(held[2] or "").strip()


def _one_case_refusal(db: Database, row: dict, held, card: dict, bundle_name: str) -> str:
    """The refusal of a bundle whose case ``row`` is case ``held`` here (``_one_case``), recorded at two stations:
    it says so (renumbering one, as two cases numbered alike are, would have headquarters count it twice), names
    the station that should not hold it — the one whose agency the number is not (``NumberOwners``: 大良所's
    佛顺市监大良立〔2026〕301号 at 顺德区局's station) — and what to do. A station cannot delete a case: the bundle's
    station restores a backup made before it recorded the case (and after its last bundle taken here, so that its
    log still continues what was received), its later bundles never merged here. Held here by the station that
    should not hold it, only technical help can take the merged copy out."""
    from workstation.importing.register import NumberOwners

    station = _station_named(db, card["id"], card)
    creator = _creator_station(db, "case", held[0])
    holder = _creator(db, "case", held[0])
    values = {"name": bundle_name, "number": row["case_number"], "station": station, "holder": holder,
              "incoming": _case_of(row.get("party_names"), row.get("cause")), "held": _case_of(held[1], held[2])}
    head = _("{name}: case number {number} of {station}'s case {incoming} is already held here by {holder}'s case "
             "{held}, of the same party and cause: it is one case recorded at both stations, not two cases given one "
             "number; nothing of the bundle was merged. Do not renumber either of them: headquarters would then count "
             "the case twice.").format(**values)
    owners = NumberOwners(db)

    def station_agency(station_id: str) -> str | None:
        agency = db.execute("SELECT agency_id FROM stations WHERE id = ?", [station_id]).fetchone()
        return agency[0] if agency else None

    incoming_own = owners.belongs(row["case_number"], station_agency(card["id"]))
    if creator is not None:
        holder_own = owners.belongs(row["case_number"], station_agency(creator[0]))
    else:  # made here: this installation's agency
        from workstation.station_role import own_agency

        holder_own = owners.belongs(row["case_number"], own_agency(db))
    found = owners.of(row["case_number"])
    owner = owners.names.get(found[0], found[0]) if found else ""
    if incoming_own and holder_own is False:
        return join_sentences([head, _(
            "The number is {owner}'s, so {holder} should not hold the case; but its copy is held here already, and "
            "a case cannot be deleted, neither here nor at a station: ask for technical help.").format(
            owner=owner, holder=holder)])
    which = _("The number is {owner}'s, so {station} should not hold the case.").format(owner=owner, station=station) \
        if holder_own and incoming_own is False else \
        _("{holder}'s copy is held here already, so {station}'s is the one to go.").format(holder=holder,
                                                                                          station=station)
    last = last_bundle_made(db, card["id"])
    if last:
        restore = _("A station cannot delete a case: ask {station} to restore a backup it made before it recorded the "
                    "case and after making its last bundle imported here ({made}) (`backup restore`: none of its "
                    "bundles made since was merged here, so its warning that headquarters will refuse them does not "
                    "apply), to record again what it did since, and to send a bundle (`bundle export`); if it has no "
                    "such backup, ask for technical help.").format(station=station, made=_stamp(last))
    else:
        restore = _("A station cannot delete a case: ask {station} to restore a backup it made before it recorded the "
                    "case (`backup restore`: none of its bundles made since was merged here, so its warning that "
                    "headquarters will refuse them does not apply), to record again what it did since, and to send a "
                    "bundle (`bundle export`); if it has no such backup, ask for technical help.").format(
            station=station)
    return join_sentences([head, which, restore])


def _case_of(party_names, cause) -> str:
    """A case named apart from its number (which two cases share): （佛山市某公司，涉嫌……案）, masked."""
    from workstation.masking import mask_text

    return mask_text(_("({party}, {cause})").format(party=party_names or "—", cause=cause or "—"))


def _creator_station(db: Database, entity: str, key: str) -> tuple[str, str] | None:
    """(id, name) of the station whose audit log recorded making the record (merged from its bundle); None if none."""
    row = db.execute("SELECT s.id, s.name FROM station_audit a JOIN stations s ON s.id = a.station_id WHERE "
                     "a.entity = ? AND a.action = 'create' AND a.entity_id = ? ORDER BY a.seq LIMIT 1",
                     [entity, key]).fetchone()
    return (str(row[0]), str(row[1] or row[0])) if row else None


def _station_named(db: Database, station_id: str, card: dict | None = None) -> str:
    """The station ``station_id`` as the pickers name it (``station.distinct_labels`` of the stations known here,
    with the sending station's ``card`` when it is none of them yet): one never named 未命名 with the start of its
    fingerprint — not 站点, which a message reads as "本机站点", nor its id —, two of one name told apart by their
    fingerprints; one unknown here ``station_label`` of its card's name and fingerprint."""
    from workstation.station import Station, distinct_labels, list_stations, station_label

    name, fingerprint = str((card or {}).get("name") or ""), str((card or {}).get("fingerprint") or "")
    stations = list_stations(db)
    if card is not None and all(s.id != station_id for s in stations):
        stations.append(Station(station_id, name, None, "", "", fingerprint))
    return distinct_labels(stations).get(station_id) or station_label(name, fingerprint)


def _creator(db: Database, entity: str, key: str) -> str:
    """The station whose audit log recorded making the record (merged from its bundle), else this installation's
    station, named as the pickers name it (``_station_named``); "this installation" when it has no station."""
    creator = _creator_station(db, entity, key)
    row = (creator[0],) if creator else db.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()
    if not row:
        return _("this installation")
    return _station_named(db, str(row[0]))


def _taken_twice(db: Database, table: Table, row: dict, station_id: str) -> list[FieldChange]:
    """For a 文号 a station's bundle brings new to headquarters (``row`` of doc_numbers): a conflict (the row merged
    all the same: it keeps the record of the number) when another document's row here holds its number or serial,
    in force or voided, and was issued elsewhere (by another station, or here) — two documents took one 文号, which a
    void does not undo (a voided number is never given again, REFERENCE §3.1; two in force are refused,
    ``_unique_clash``). [] when none, or when the other is the station's own (its number given twice after a
    restore, its copy voided as the refusal advises: m041)."""
    if table.name != "doc_numbers":
        return []
    other = db.execute(
        "SELECT n.id, n.status FROM doc_numbers n WHERE (n.number = ? OR (n.agency_id = ? AND n.type_code = ? AND "
        "n.year = ? AND n.serial = ?)) AND n.id != ? AND n.document_id IS NOT ? AND NOT EXISTS (SELECT 1 FROM "
        "station_audit a WHERE a.station_id = ? AND a.entity = 'document' AND a.action = 'issue' "
        "AND a.entity_id = n.document_id) LIMIT 1",
        [row.get("number"), row.get("agency_id"), row.get("type_code"), row.get("year"), row.get("serial"),
         str(row["id"]), row.get("document_id"), station_id]).fetchone()
    if other is None:
        return []
    held = _("{record}, voided").format(record=_own_record(db, table.name, other[0])) if other[1] == "void" \
        else _own_record(db, table.name, other[0])
    return [FieldChange("number", held, row.get("number"), MISSING, "conflict")]


def _in_another_block(db: Database, table: Table, row: dict, station_id: str) -> list[FieldChange]:
    """For a 文号 a station's bundle brings new to headquarters (``row`` of doc_numbers): a conflict (the row merged
    all the same) when its serial lies in a number block of its sequence held by another station — that station
    issues it too (DESIGN §4). [] otherwise."""
    if table.name != "doc_numbers":
        return []
    block = db.execute("SELECT agency_id, type_code, year, first_serial, last_serial, station_id FROM number_blocks "
                       "WHERE agency_id = ? AND type_code = ? AND year = ? AND ? BETWEEN first_serial AND last_serial "
                       "AND station_id != ? LIMIT 1", [row.get("agency_id"), row.get("type_code"), row.get("year"),
                                                       row.get("serial"), station_id]).fetchone()
    if block is None:
        return []
    held = dict(zip(("agency_id", "type_code", "year", "first_serial", "last_serial", "station_id"), block,
                    strict=True))
    return [FieldChange("number", _block_text(db, held), row.get("number"), MISSING, "conflict")]


def _own_record(db: Database, table: str, key: str) -> str:
    """This station's record holding a number a hand-out brings too, as an officer finds it: a document by its
    title and case number, a case by its number."""
    if table == "doc_numbers":
        row = db.execute("SELECT d.title, c.case_number FROM doc_numbers n JOIN documents d ON d.id = n.document_id "
                         "LEFT JOIN cases c ON c.id = d.case_id WHERE n.id = ?", [key]).fetchone()
        if row is not None:
            if row[1]:
                return _("document {title} of case {case}").format(title=row[0], case=row[1])
            return _("document {title}").format(title=row[0])
        return _("document number record")
    if table == "cases":
        row = db.execute("SELECT case_number, cause FROM cases WHERE id = ?", [key]).fetchone()
        if row is not None:
            return _("case {number} ({cause})").format(number=row[0], cause=row[1])
    if table == "evidence":
        row = db.execute("SELECT c.case_number FROM evidence e JOIN cases c ON c.id = e.case_id WHERE e.id = ?",
                         [key]).fetchone()
        if row is not None:
            return _("evidence file of case {case}").format(case=row[0])
    return table


def _check_addressee_of(db: Database, manifest: dict, name: str) -> None:
    """Refuse headquarters' hand-out made for another station (its manifest ``manifest``'s "for"), naming both: it
    holds that station's records, not this one's."""
    meant = manifest.get("for")
    own = this_station(db)
    if not isinstance(meant, dict) or own is None or str(meant.get("id", "")) == own.id:
        return
    station = station_label(str(meant.get("name") or ""), str(meant.get("fingerprint") or ""))
    signer = manifest.get("station")
    if isinstance(signer, dict) and str(signer.get("id", "")) == own.id:
        # headquarters' own hand-out brought back to it: there is no other hand-out to ask headquarters for
        raise BundleRefused(tidy_spaces(_(
            "{name} is the hand-out this headquarters made for station {station}: it is imported at that station, "
            "not here at headquarters. Give it to {station}.").format(name=name, station=station)))
    raise BundleRefused(tidy_spaces(_(
        "{name} is headquarters' hand-out for station {station}, not for this station {own}: it is not imported. "
        "Give it to {station}, and ask headquarters for the hand-out for {own}.").format(
        name=name, station=station_label(str(meant.get("name") or ""), str(meant.get("fingerprint") or "")),
        own=station_label(own.name, own.fingerprint))))


class PlanOutdated(WorkstationError):
    """The data here changed after the merge of a bundle was planned (shown in its preview) in a way that changes
    what the merge would do: nothing was merged; the bundle is to be planned (previewed) again. No refusal of the
    bundle (not listed in 导入记录): the same bundle merges once checked again. ``plan``: the plan the data gave when
    checked (None when the bundle was refused then), which a merge nobody previewed may carry out as it is."""

    def __init__(self, message: str, plan: MergePlan | None = None) -> None:
        super().__init__(message)
        self.plan = plan


def data_state(db: Database) -> tuple:
    """What tells whether the data a merge plan read may have changed since: the head of the audit log, which every
    change of a record (a merge, an officer's edit, a conflict settled, a station trusted) moves on, and the exports
    and imports listed (an export, not audited, makes what it sent the version held in common: ``sync_base``)."""
    head = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    listed = db.execute("SELECT (SELECT COUNT(*) FROM bundle_exports), (SELECT COALESCE(MAX(rowid), 0) FROM "
                        "bundle_exports), (SELECT COUNT(*) FROM bundle_imports)").fetchone()
    return (*(head if head is not None else (0, "")), *listed)


def outdated_text(name: str) -> str:
    return _("{name}: the records here kept changing while this bundle was being merged (other bundles were "
             "merged, or officers changed records), so nothing of it was merged. Import it again once the other "
             "work is done.").format(name=name)


def signer_check(db: Database, name: str, *, trust: bool = False, dry_run: bool = False):
    """The check of who signed the bundle named ``name``, for ``open_bundle`` (its ``signer_check``): made once its
    signature is verified, before its records are read and its files hashed and staged, refusing as ``plan_merge``
    refuses (in the same words): headquarters' hand-out for another station, a bundle made here, a station not
    trusted here or whose key changed (unless ``trust``), a withdrawn key. A small bundle signed by anyone's key
    otherwise had its files inflated and written to this disk (gigabytes) before it was refused. A dry run
    (``dry_run``) looks at the bundle as though its station were trusted, as ``_planned`` does."""

    def check(manifest: dict, card: dict) -> None:
        try:
            _check_addressee_of(db, manifest, name)
            _station_status(db, card, name, trust or dry_run)
        except BundleRefused as exc:
            if dry_run and not trust and not isinstance(exc, StationNotTrusted):
                _untrusted_first(db, card, name, exc)
            if isinstance(exc, StationNotTrusted):  # the window asks about the station by it (``plan_task``)
                exc.card = card
            if not getattr(exc, "station", ""):
                exc.station = station_label(str(card.get("name") or ""), str(card.get("fingerprint") or ""))
            raise

    return check


def _untrusted_first(db: Database, card: dict, name: str, exc: BundleRefused) -> None:
    """For a dry run that previewed a station not trusted here as if trusted and met the refusal ``exc``: refuse
    for the trust first, the other reason said after it (following the dry run's advice meets no refusal it did
    not mention); nothing when the station is trusted."""
    try:
        _station_status(db, card, name, False)
    except StationNotTrusted as untrusted:
        joined = StationNotTrusted(join_sentences([untrusted.message, _(
            "Once trusted, the bundle would still be refused — {reason}").format(reason=exc.message)]),
            file=untrusted.file, station=untrusted.station, fingerprint=untrusted.fingerprint,
            old_fingerprint=untrusted.old_fingerprint)
        joined.card = card
        raise joined from None


def plan_merge(db: Database, bundle: Bundle, *, trust: bool = False, cancel=None, progress=None) -> MergePlan:
    """What importing ``bundle`` would do, record by record and field by field; reads only. A refusal names the
    station that sent the bundle (``BundleRefused.station``) when its manifest says it. ``progress`` (done, total,
    message) hears how many of the bundle's records were planned, and ``cancel`` is looked at as often."""
    from workstation.screening.rules import rules_held

    state = data_state(db)  # before anything is read: a change made while planning is found by the merge
    try:
        with rules_held():  # each record's label masked with the rules file looked at once, not once a record
            plan = _plan_merge(db, bundle, trust=trust, cancel=cancel, progress=progress)
            plan.data_state = state
            return plan
    except BundleRefused as exc:
        card = bundle.manifest.get("station") if isinstance(bundle.manifest, dict) else None
        if not getattr(exc, "station", "") and isinstance(card, dict):
            exc.station = station_label(str(card.get("name") or ""), str(card.get("fingerprint") or ""))
        raise


def _refuse_missing_references(db: Database, bundle: Bundle, name: str, changes: list[Change]) -> None:
    """Refuse a bundle whose record, as the merge would write it (a new record, or the fields taken into one held
    here), names another (its case, party, officer, agency …, by the database's foreign keys, its link lists too)
    that is neither in the bundle nor here: the merge would fail on it, and a preview (``--dry-run``) or the
    window's check should say so first, naming the record and the field. What the merge leaves as it is here (a
    record unchanged, a field kept) is not looked at: it may name what this station no longer holds (a lead its own
    screening removed since)."""
    written: dict[str, list[tuple[dict, set[str] | None]]] = {}  # {table: [(record, the fields written or all)]}
    for change in changes:
        if change.incoming is None or change.table == "files":
            continue
        if change.status == "new":
            written.setdefault(change.table, []).append((change.incoming, None))
        elif change.status != "deleted" and change.taken:
            written.setdefault(change.table, []).append((change.incoming, {f.field for f in change.taken}))

    def keys_of(table: str) -> dict[str, tuple[str, str]]:
        """{column: (the table it refers to, the column there)} of ``table``'s foreign keys."""
        return {r[3]: (r[2], parent_key(r[2], r[4])) for r in db.execute(f"PRAGMA foreign_key_list({table})")}

    def parent_key(parent: str, column: str | None) -> str:
        if column:
            return column
        return next((r[1] for r in db.execute(f"PRAGMA table_info({parent})").fetchall() if r[5]), "id")

    checks: list[tuple[str, str, str, str, set]] = []  # (member table, field, parent, parent column, values)
    for table in TABLES:
        rows = written.get(table.name)
        if not rows:
            continue
        for column, (parent, to) in keys_of(table.name).items():
            values = {r[column] for r, fields in rows if (fields is None or column in fields)
                      and r.get(column) is not None}
            if values:
                checks.append((table.name, column, parent, to, values))
        for link in table.links:
            fks = keys_of(link.table)
            for position, column in enumerate(link.columns):
                if column in fks:
                    values = {item[position] for r, fields in rows if fields is None or link.field in fields
                              for item in r.get(link.field, []) if item[position] is not None}
                    if values:
                        checks.append((table.name, link.field, *fks[column], values))
    for table_name, column, parent, to, values in checks:
        spec = BY_NAME.get(parent)
        if spec is not None and spec.key == to:
            values = values - {r[spec.key] for r in bundle.records[parent]}
        if not values:
            continue
        found = {r[0] for r in db.execute(f"SELECT {to} FROM {parent} WHERE {to} IN (SELECT value FROM json_each(?))",
                                          [json.dumps(sorted(values, key=str))]).fetchall()}
        missing = sorted((v for v in values if v not in found), key=str)
        if missing:
            from workstation.bundle.reader import RECORD_LABELS

            raise BundleRefused(_("{name}: records/{table}.json names {value} in its field {field}, which is in none "
                                  "of {parent}, neither in the bundle nor here; the bundle is refused: {remedy}").format(
                name=name, table=table_name, field=column, value=str(missing[0])[:60],
                parent=_(RECORD_LABELS[parent]) if parent in RECORD_LABELS else parent,
                remedy=_export_again_of(bundle)))


#: the bundle's records planned between two looks at Cancel and two reports of progress (``_plan_merge``)
PLAN_STEP = 200


def _plan_merge(db: Database, bundle: Bundle, *, trust: bool = False, cancel=None, progress=None) -> MergePlan:
    name = bundle.path.name
    card = checked_card(bundle.station, name)
    _check_addressee_of(db, bundle.manifest, name)
    status = _station_status(db, card, name, trust)
    bundle_id = str(bundle.manifest.get("bundle_id", ""))
    if _already_imported(db, bundle):  # nothing merged, nor compared with what is held here now: no change at all,
        # so that its counts (``MergePlan.counts``, ``by_table``) are each 0, planned or carried out
        return MergePlan(bundle_id, card, status, True, [], [])
    names = RecordNames(db, bundle.records)
    audit_new = _audit_continuation(db, bundle, card, status)
    # the bundle's officers held here under another id (the same certificate number): read as those held here
    aliases = officer_aliases(db, bundle.records.get("officers", []))
    aliased = [r for r in bundle.records.get("officers", []) if str(r.get("id")) in aliases]
    bundle = replace(bundle, records=read_as_held(bundle.records, aliases))
    from_hq = _from_own_headquarters(db, card)
    parties = _parties(db, card, bundle)
    stated = _stated_versions(db, bundle, card)
    received = _received_from_here(db, bundle, stated)
    stale = _stale_copies(db, stated, card["id"], _imported_all_sent(db, bundle), received)
    unseen, deleted_here = _unseen_changes(db, bundle, card)
    handout = from_hq or _made_at_headquarters(bundle)
    # whose agencies a record moved to another district bureau left (``_moved_away``): at headquarters, those of the
    # station sending; at a station taking its headquarters' hand-out, its own
    sender = known_station(db, card["id"]) if not handout else None
    sender_agencies = _agency_tree(db, sender.agency_id) if sender is not None else frozenset()
    own = this_station(db) if from_hq else None
    own_agencies = _agency_tree(db, own.agency_id) if own is not None else frozenset()
    undecided = _undecided(bundle)
    # what of the new entries the plan looks at, found in one pass (a large segment is read again for each)
    set_there, deleting = _officer_set(audit_new, handout)
    kept_own = 0
    deletions_held: set[tuple[str, str]] = set()  # deletions the bundle lists as undecided: as they are here
    # a lead the station deleted is still added back when the hand-out's work orders or documents name it
    named_leads = {str(r["lead_id"]) for t in ("complaints", "documents") for r in bundle.records[t] if r.get("lead_id")}
    changes: list[Change] = []
    held: dict[str, list[tuple[str, str]]] = {}  # {the station's lead: [(complaint here, its lead here)]}
    # complaints this bundle adds, by ``_complaint_identity`` of the number as sent (``_same_complaint``)
    planned: dict[tuple, tuple[str, str | None]] = {}
    mended = _number_mending(db)  # a complainant's number as this version reads it
    replaced: dict[str, tuple[str, str | None]] = {}  # {complaint here: (the bundle's numbered copy, its lead)}
    activities: dict[tuple, object] = {}  # the publicity activities this bundle adds, by ``activity_key``
    blocks_planned: list[dict] = []  # number blocks this bundle adds
    kept_leads: set[str] = set()  # the bundle's leads deleted here, whose deletion stands
    # Cancel looked at, and the progress said, every PLAN_STEP records (a bundle of 13,000 complaints took minutes
    # to plan when a work order was looked up by reading every complaint: the window seemed stuck, Cancel unheard)
    planned_rows, total_rows = 0, max(sum(len(bundle.records[t.name]) for t in TABLES), 1)
    for table in TABLES:
        rows = bundle.records[table.name]
        if not rows:
            continue
        if table.name == "documents":
            rows = _originals_first(rows)
        leaving = _leaving_unique(table, rows)
        if leaving:  # merged first: an evidence item voided gives its file up before the same file is added again
            rows = sorted(rows, key=lambda r: str(r[table.key]) not in leaving)
        if cancel is not None:
            cancel.check()
        columns = set(_columns(db, table.name))
        keys = [str(r[table.key]) for r in rows]
        # the hand-out's publicity activities, a twin among them decided at headquarters (``_twin_activity``)
        carried = set(keys) if from_hq and table.name == "publicity" else set()
        local = _fetch(db, table.name, table.key, keys)
        if table.links:
            with_links(db, table.name, list(local.values()))
        shared = _bases(db, table.name, keys) if table.merge == "shared" else {}
        bases, earlier = _merge_bases(db, table.name, keys, shared, parties, stale, stated, received) \
            if table.merge == "shared" else ({}, set())
        crossed = _crossed_bases(db, table.name, bundle, [k for k in keys if (table.name, k) in unseen], card["id"]) \
            if unseen and table.merge == "shared" else {}
        # a station's copy of a record deleted here (not in a hand-out of headquarters, which brings back what it
        # kept: a record this station deleted since it imported is ``deleted_here`` above)
        gone = _deleted_here(db, table.name, [k for k in keys if k not in local]) if not handout else set()
        blocks = _BlockContext.of(db, card) if table.merge == "block" else None
        # records whose deletion is undecided where the bundle was made and which this database deleted itself: only
        # those are kept deleted (one it never held, now in its scope, comes as any record does)
        held_deleted = _deleted_here(db, table.name, [
            k for k in keys if k not in local and DELETED_FIELD in undecided.get(table.name, {}).get(k, ())])
        for row in rows:
            planned_rows += 1
            if planned_rows % PLAN_STEP == 0:
                if cancel is not None:
                    cancel.check()
                if progress is not None:
                    progress(planned_rows, total_rows, _("Comparing the bundle's records with those held here"))
            key = str(row[table.key])
            here = local.get(key)
            label = _label(table.name, row, names)
            if blocks is not None:
                changes.append(_block_change(db, row, here, label, blocks_planned, name, bundle, card, blocks))
                continue
            if here is None and key in held_deleted and (table.name != "leads" or key not in named_leads):
                # deleted here, the deletion in open conflict where the bundle was made: it stays deleted until
                # the decision arrives (a later bundle brings the record again when the deletion is declined)
                changes.append(Change(table.name, key, "kept_deleted", label, incoming=row, third_party_base=True))
                deletions_held.add((table.name, key))
                if table.name == "leads":
                    kept_leads.add(key)
                continue
            if here is None and (table.name, key) in deleted_here and (table.name != "leads" or key not in named_leads):
                # deleted here after what headquarters had imported: the deletion stands and travels to it
                changes.append(Change(table.name, key, "kept_deleted", label, incoming=row, third_party_base=True))
                if table.name == "leads":
                    kept_leads.add(key)
                continue
            if here is None and key in gone and (table.name != "leads" or key not in named_leads):
                # deleted here (by an officer, or a station's deletion merged): not added back as new
                changes.append(_copy_of_deleted(db, table.name, key, row, label))
                if table.name == "leads":
                    kept_leads.add(key)
                continue
            if here is None and table.name == "lead_history" and str(row.get("lead_id")) in kept_leads:
                # the history of a lead deleted here, whose deletion stands: gone with it
                changes.append(Change(table.name, key, "kept_deleted", label, incoming=row, third_party_base=True))
                continue
            if here is None and table.name == "publicity":
                twin = _twin_activity(db, key, row, label, activities, carried)
                if twin is not None:
                    changes.append(twin)
                    continue
            if here is None:
                same = _same_complaint(db, row, planned, mended) if table.merge == "complaint" else None
                if same is not None and same[0] in replaced:  # a copy this bundle's numbered one replaces already
                    same = replaced[same[0]]
                elif same is not None and _received_without_number(db, row, same[0]):
                    # held here without its work-order id, as another station sent it: the station's numbered copy
                    # takes its place (the same as when it arrives first), what referred to it following
                    replaced[same[0]] = (key, row.get("lead_id"))
                    _unique_clash(db, table, row, name, from_hq, leaving)
                    changes.append(Change(table.name, key, "new", label, incoming=row))
                    if same[1] and row.get("lead_id") and same[1] != row["lead_id"]:
                        held.setdefault(same[1], []).append((key, row["lead_id"]))
                    old = _fetch(db, table.name, table.key, [same[0]])[same[0]]
                    changes.append(Change(table.name, same[0], "deleted", _label(table.name, old, names), local=old,
                                          replaced_by=key))
                    continue
                if same is not None:  # the same complaint, imported at another station too: not a second row
                    if row.get("lead_id") and same[1] and same[1] != row["lead_id"]:
                        held.setdefault(row["lead_id"], []).append((same[0], same[1]))
                    changes.append(Change(table.name, key, "unchanged", label, incoming=row))
                    continue
                if table.name != "cases" or from_hq:  # a station's case numbers: once all its cases are planned
                    _unique_clash(db, table, row, name, from_hq, leaving, sender=card["id"])
                twice = [] if from_hq else (_taken_twice(db, table, row, card["id"])
                                            or _in_another_block(db, table, row, card["id"]))
                changes.append(Change(table.name, key, "conflict" if twice else "new", label, twice, incoming=row,
                                      merged_in_conflict=bool(twice)))
                continue
            if table.merge == "append":
                changes.append(Change(table.name, key, "unchanged", label))
                continue
            if table.merge == "complaint":
                given = _work_order_given(db, row, here)
                if given is not None and given[0] != key:  # another complaint here holds that work order: this one
                    if row.get("lead_id") and given[1] and given[1] != row["lead_id"]:
                        held.setdefault(row["lead_id"], []).append(given)
                    changes.append(Change(table.name, key, "deleted", label, incoming=row, local=here,
                                          replaced_by=given[0]))
                    continue
                # a bundle of a version before m076 carries a verdict without the category chosen with it: none
                taken = [FieldChange(f, here.get(f), row.get(f), MISSING, "take") for f in COMPLAINT_SCREENING
                         if (f in row or (f == "verdict_category" and "verdict" in row)) and row.get(f) != here.get(f)]
                newer = (row.get("screened_at") or "") > (here.get("screened_at") or "")
                taken = taken if newer else []
                if given is not None:  # given its work-order id at the station since it was sent: taken here too
                    taken += [FieldChange(f, here.get(f), row.get(f), MISSING, "take")
                              for f in ("external_id", "numbered_at") if f in columns and f in row]
                # a field the sender's officer set since its last bundle: taken, or a conflict when an officer here
                # set it too (each side's value grew from the imported one, which neither keeps)
                taken += [FieldChange(f, here.get(f), row[f], MISSING, "conflict" if _set_here(db, key, f) else "take")
                          for f in COMPLAINT_OFFICER_SET if key in set_there and f in columns and f in row
                          and row[f] != here.get(f)]
                taken += _area_code_given(here, row)
                status_ = "conflict" if any(f.action == "conflict" for f in taken) else (
                    "updated" if taken else "unchanged")
                changes.append(Change(table.name, key, status_, label, taken, row, here))
                continue
            if table.merge == "document":
                fields = [FieldChange(f, here.get(f), row.get(f), MISSING, "conflict") for f in table.frozen
                          if f in row and row.get(f) != here.get(f)]
                if here.get("status") == "issued" and row.get("status") == "void":
                    fields += [FieldChange(f, here.get(f), row.get(f), "issued" if f == "status" else MISSING, "take")
                               for f in ("status", "void_reason", "voided_at") if f in row and f in columns]
                status_ = "conflict" if any(f.action == "conflict" for f in fields) else (
                    "updated" if fields else "unchanged")
                changes.append(Change(table.name, key, status_, label, fields, row, here))
                continue
            not_seen = (table.name, key) in unseen  # the base is a version headquarters had not seen
            open_here = set(undecided.get(table.name, {}).get(key, ())) if table.merge == "shared" else set()
            base = crossed.get(key) if not_seen else bases.get(key)
            kept: list[FieldChange] = []
            fields = _compare(table, row, here, base, columns, open_here, kept)
            if table.name == "leads":
                fields = _receiver_kept(fields, row, here, base)
                # the agencies of the station deciding the lead: at headquarters the sender's, at a station its own
                fields = _lead_decided_whole(fields, here, row, base, columns, open_here,
                                             sender_agencies or own_agencies, bool(sender_agencies))
            if table.name in MOVED_TABLES:
                fields = _moved_away(fields, here, row, base, columns, {link.field for link in table.links},
                                     sender_agencies, own_agencies, open_here)
            if table.name == "interviews":
                fields = _outcome_follows_text(fields, here, row)
            if table.name == "cases":
                fields = _district_follows_agency(db, fields, here)
                if from_hq and any(f.field == "case_number" and f.action == "take" for f in fields):
                    _unique_clash(db, table, row, name, from_hq)  # filed there since
            kept_own += sum(1 for name in open_here if name in row)
            previous = shared[key][0] if key in shared else {}
            status_ = "conflict" if any(f.action == "conflict" for f in fields) else ("updated" if fields else
                                                                                       "unchanged")
            # the last version shared stays the base when the copy is older than it (it grew from an earlier one),
            # and when the copy says the same (it stays the version received from whom it was received)
            same = key in shared and _same_version(row, shared[key][0])
            changes.append(Change(table.name, key, status_, label, fields, row, here,
                                  third_party_base=(key in shared and key not in bases) or key in earlier
                                  or not_seen or same, same_as_shared=same,
                                  kept_base={name: previous[name] for name in open_here if name in previous},
                                  undecided=frozenset(open_here), kept_here=kept))
        if table.name == "cases" and not from_hq:
            _case_numbers_taken(db, [c for c in changes if c.table == "cases"], card, name)
    changes += _aliased_officers(db, aliased, aliases, {c.key for c in changes if c.table == "officers"}, names)
    changes += _block_withdrawals(db, bundle, card)
    changes += _block_refusals(db, bundle, card, {c.key for c in changes if c.table == "number_blocks"})
    changes += _deletions(db, deleting, {(c.table, c.key) for c in changes}, _repointed_complaints(changes),
                          parties, stale, stated, merged=handout, received=received, undecided=undecided,
                          held=deletions_held, sender=None if handout else card["id"],
                          sender_agencies=sender_agencies or _card_agencies(db, card, handout), log=audit_new)
    _refuse_missing_references(db, bundle, name, changes)
    details = plan_details(db, bundle.agency_details, card, name, headquarters=_at_headquarters(db))
    return MergePlan(bundle_id, card, status, False, changes, audit_new, _links(held),
                     _agreed_conflicts(db, card["id"], changes), _older_format(db, bundle, card, changes), kept_own,
                     _undecided_station(db, card) if kept_own else None, _party_result_names(db, bundle, changes),
                     details, aliases, len(deletions_held),
                     card_change=card_change(db, card, bundle.manifest))


def _aliased_officers(db: Database, rows: list[dict], aliases: dict[str, str], planned: set[str],
                      names: RecordNames) -> list[Change]:
    """The bundle's officers read as officers held here (``officer_aliases``): unchanged, not added a second time;
    one of another name than the officer held here is a conflict of the name (the name here kept until the analyst
    chooses). Not listed when the bundle brings the officer held here too (or adds it)."""
    changes = []
    local = _fetch(db, "officers", "id", sorted(set(aliases.values())))
    for row in rows:
        key = aliases[str(row["id"])]
        here = local.get(key)
        if here is None or key in planned:
            continue
        planned.add(key)
        label = _label("officers", here, names)
        name = str(row.get("name") or "").strip()
        if not name or name == here["name"]:
            changes.append(Change("officers", key, "unchanged", label))
            continue
        # neither kept as a version held in common nor as the base: the officer's record here is not the station's
        changes.append(Change("officers", key, "conflict", label,
                              [FieldChange("name", here["name"], name, MISSING, "conflict")],
                              incoming={**row, "id": key, "name": name}, local=here, third_party_base=True,
                              same_as_shared=True))
    return changes


def _at_headquarters(db: Database) -> bool:
    """Whether this database is headquarters' (its role set so): only headquarters takes a bundle's agency details."""
    from workstation.station_role import at_headquarters

    return at_headquarters(db)


def _party_result_names(db: Database, bundle: Bundle, changes: list[Change]) -> dict[str, str]:
    """{id: name} of the records the fields changed or in conflict in ``changes`` name by their ids
    (``conflict_text.names_records``): the parties and cases an interview's ``party_results`` names, the parties and
    officers a case's or an interview's list of names holds (``conflict_text.LINKED_RECORDS``), and the agency,
    party, case, lead … a field such as a lead's or a case's ``agency_id`` names (``conflict_text.ID_FIELDS``),
    held here or brought by the bundle (``conflict_text.record_names``): the preview shows them by name, never by
    their ids."""
    from types import SimpleNamespace

    from workstation.bundle.conflict_text import names_records, record_names

    said = [SimpleNamespace(table=c.table, field=f.field, local=f.local, incoming=f.incoming, base=f.base)
            for c in changes for f in c.fields if names_records(c.table, f.field)]
    return record_names(db, said, bundle.records) if said else {}


def _originals_first(rows: list[dict]) -> list[dict]:
    """The bundle's documents with each one a correction supersedes before the correction (a bundle lists them by
    id, and a document issued by a version that gave random ids may sort after its correction): otherwise in the
    order given."""
    by_id = {str(r["id"]): r for r in rows}

    def depth(row: dict) -> int:
        seen: set[str] = set()
        while row.get("supersedes_id") and str(row["supersedes_id"]) in by_id and str(row["id"]) not in seen:
            seen.add(str(row["id"]))
            row = by_id[str(row["supersedes_id"])]
        return len(seen)

    return sorted(rows, key=depth)


def _block_text(db: Database, block: dict) -> str:
    """A number block as the conflict list shows it: 佛南市监处〔2026〕101–200号 (station name)."""
    from workstation.documents.number_blocks import sequence_text

    agency = db.execute("SELECT COALESCE(NULLIF(doc_abbrev, ''), short_name) FROM agencies WHERE id = ?",
                        [block.get("agency_id")]).fetchone()
    return _("{sequence}{first}–{last}号 (station {station})").format(
        sequence=sequence_text(agency[0] if agency else str(block.get("agency_id")), block.get("type_code"),
                               block.get("year")),
        first=block.get("first_serial"), last=block.get("last_serial"),
        station=station_words(db, str(block.get("station_id") or "")))


@dataclass(frozen=True)
class _BlockContext:
    """What every number block of one bundle is weighed against, worked out once per plan: whether the sender is
    one this side takes blocks from (``_takes_blocks_from``), and the blocks withdrawn here (``withdrawn_blocks``;
    planning writes nothing, so they stay the same for the whole bundle)."""

    takes: bool
    withdrawn: dict[str, dict]

    @classmethod
    def of(cls, db: Database, card: dict) -> _BlockContext:
        from workstation.documents.number_blocks import withdrawn_blocks

        takes = _takes_blocks_from(db, card)
        return cls(takes, withdrawn_blocks(db) if takes else {})


def _block_change(db: Database, row: dict, here: dict | None, label: str, planned: list[dict],
                  bundle_name: str, bundle: Bundle, card: dict, blocks: _BlockContext) -> Change:
    """What a number block of the bundle does here: nothing when a block here says the same (by its id, or another
    id: headquarters' allocation and the station's own entry of it); added when it overlaps no block of its
    sequence held here or added by this bundle; a conflict (not taken) when it overlaps a different one, or says
    otherwise under the id of one held here, or when it overlaps serials issued here (``issued_clash``) — two
    stations must never issue the same 文号. A block withdrawn here is not added back, unless its own station sends
    it with numbers issued in it (it refused the withdrawal: ``_restored_block``). Nothing either when the sender
    is not one this side takes blocks from (``_takes_blocks_from``)."""
    from workstation.documents.number_blocks import issued_clash
    from workstation.documents.numbering import numbering_owner

    key = str(row["id"])
    if not all(isinstance(row.get(c), int) and not isinstance(row.get(c), bool)
               for c in ("year", "first_serial", "last_serial")):
        raise BundleRefused(_("{name}: records/number_blocks.json holds a block without its year or serials; the "
                              "bundle is refused: {remedy}").format(name=bundle_name,
                                                                    remedy=_export_again_of(bundle)))
    said = tuple(row.get(c) for c in BLOCK_SAME)
    if not blocks.takes:
        return Change("number_blocks", key, "unchanged", label, incoming=row, local=here)
    if here is not None:
        if tuple(here.get(c) for c in BLOCK_SAME) == said:
            return Change("number_blocks", key, "unchanged", label, incoming=row, local=here)
        clash = here
    else:
        held = rows_where(db, "number_blocks", "agency_id", [row.get("agency_id")]) + planned
        same = ("agency_id", "type_code", "year")  # ``planned`` holds blocks of other agencies' sequences too
        sequence = [b for b in held if all(b.get(c) == row.get(c) for c in same)
                    and b.get("first_serial") <= row.get("last_serial")
                    and row.get("first_serial") <= b.get("last_serial")]
        if any(tuple(b.get(c) for c in BLOCK_SAME) == said for b in sequence):
            return Change("number_blocks", key, "unchanged", label, incoming=row)
        if _withdrawn_here(db, row, blocks.withdrawn) \
                and not _restored_at_headquarters(db, row, bundle, card, blocks.withdrawn):
            restored = _restored_block(db, row, label, sequence, bundle, card)
            if restored is not None:
                planned.append(row)
                return restored
            return Change("number_blocks", key, "unchanged", label, incoming=row)
        holder = known_station(db, str(row.get("station_id") or ""))
        if holder is not None and holder.agency_id and numbering_owner(db, holder.agency_id) != row.get("agency_id"):
            # a block of another agency's numbers would let the station take them: never taken
            return Change("number_blocks", key, "conflict", label, [FieldChange(
                BLOCK_FIELD, _("Station {station} works for {agency}").format(
                    station=station_words(db, holder.id), agency=_agency_name(db, holder.agency_id)),
                _block_text(db, row), MISSING, "conflict")], incoming=row)
        if not sequence:
            issued = issued_clash(db, row.get("agency_id"), row.get("type_code"), row["year"], row["first_serial"],
                                  row["last_serial"])
            if issued is None:
                planned.append(row)
                return Change("number_blocks", key, "new", label, incoming=row)
            return Change("number_blocks", key, "conflict", label,
                          [FieldChange(BLOCK_FIELD, _issued_text(db, row, issued), _block_text(db, row), MISSING,
                                       "conflict")], incoming=row)
        clash = sequence[0]
    return Change("number_blocks", key, "conflict", label,
                  [FieldChange(BLOCK_FIELD, _block_text(db, clash), _block_text(db, row), MISSING, "conflict")],
                  incoming=row, local=here)


def _takes_blocks_from(db: Database, card: dict) -> bool:
    """Whether number blocks and their withdrawals are taken from the sender ``card``: at a station, from the
    headquarters it names only (``station headquarters``; a station naming none takes none); at headquarters, from
    every station (each sends its own)."""
    hq = headquarters(db)
    if hq is not None:
        return hq.id == card["id"]
    return _at_headquarters(db)


def blocks_ignored(db: Database, plan: MergePlan) -> str:
    """The sentence of an import summary when the bundle carried number blocks, or withdrawals of blocks, that were
    not taken because its sender is not this station's headquarters (``_takes_blocks_from``); "" otherwise."""
    bundle_blocks = any(c.table == "number_blocks" for c in plan.changes)
    if not bundle_blocks or _takes_blocks_from(db, plan.station):
        return ""
    if headquarters(db) is None:  # the bundle is recorded as imported: a new hand-out brings every block again
        own = this_station(db)
        return _("The number blocks in this bundle were not taken: this station names no headquarters. Name it (on "
                 "the Exchange page, “{button}”, or `station headquarters FILE`), then ask headquarters for a new "
                 "hand-out for this station (`bundle export --for {station}` there), which carries every block: this "
                 "bundle is recorded as imported, and importing it again changes nothing.").format(
            button=_("Set headquarters' key…"), station=(own.name or own.id) if own is not None else "NAME")
    return _("The number blocks in this bundle were not taken: only the headquarters this station names hands "
             "out number blocks and withdraws them.")


def _issued_in_bundle(db: Database, block: dict, bundle: Bundle) -> int | None:
    """The highest serial of ``block`` that the bundle says was issued (its 文号 rows, and for 立 its cases' case
    numbers) or that was issued here, None when none was."""
    from workstation.documents.number_blocks import (
        CASE_TYPE_CODE,
        _case_serial,
        case_number_prefixes,
        highest_issued_in,
    )

    first, last = block["first_serial"], block["last_serial"]
    serials = [r.get("serial") for r in bundle.records.get("doc_numbers", [])
               if all(r.get(c) == block.get(c) for c in ("agency_id", "type_code", "year"))]
    if block.get("type_code") == CASE_TYPE_CODE:
        prefixes = case_number_prefixes(db, block["agency_id"], block["year"])
        serials += [_case_serial(str(r.get("case_number") or ""), prefixes) for r in bundle.records.get("cases", [])]
    inside = [s for s in serials if isinstance(s, int) and first <= s <= last]
    here = highest_issued_in(db, block)
    return max([*inside, *([here] if here is not None else [])], default=None)


def _restored_block(db: Database, row: dict, label: str, sequence: list[dict], bundle: Bundle,
                    card: dict) -> Change | None:
    """A block withdrawn here that its own station still sends, with numbers issued in it (the station issued them
    before the withdrawal reached it, and refused it): added back as the station's, so that its numbers are never
    given to another station, with a conflict saying so; None when the sender is not the block's station or no
    number of it was issued. When another block overlaps it since, a conflict only (the analyst sees both)."""
    if str(row.get("station_id")) != str(card["id"]):
        return None
    used = _issued_in_bundle(db, row, bundle)
    if used is None:
        return None
    sender = _station_named(db, card["id"], card)  # two of one name, or one unnamed, by its fingerprint
    incoming = _("{block}: issued at station {station} up to {serial}号").format(
        block=_block_text(db, row), station=sender, serial=used)
    if sequence:
        return Change("number_blocks", str(row["id"]), "conflict", label, [FieldChange(
            BLOCK_FIELD, _block_text(db, sequence[0]), incoming, MISSING, "conflict")], incoming=row)
    return Change("number_blocks", str(row["id"]), "conflict", label, [FieldChange(
        BLOCK_FIELD, _("Withdrawn here; kept as the station's again"), incoming, MISSING, "conflict")],
        incoming=row, merged_in_conflict=True)


def _restored_at_headquarters(db: Database, row: dict, bundle: Bundle, card: dict,
                              withdrawn_here: dict[str, dict]) -> bool:
    """Whether the block ``row``, withdrawn here as headquarters withdrew it (by its id, or a block of the same
    serials and station), is held again at this station's headquarters (restored there as its station's:
    ``_restored_block``): headquarters' hand-out, made after the withdrawal (an older one imported late adds
    nothing back), carries it and no longer that withdrawal. It is taken again, so that this station's counter
    skips its serials again. ``withdrawn_here``: ``withdrawn_blocks``."""
    if not _from_own_headquarters(db, card):
        return False
    said = tuple(row.get(c) for c in BLOCK_SAME)
    matching = {key: w for key, w in withdrawn_here.items()
                if key == str(row["id"]) or tuple(w.get(c) for c in BLOCK_SAME) == said}
    carried = {str(w.get("id")) for w in bundle.withdrawals}
    made = str(bundle.manifest.get("created_at") or "")
    if not matching or not made or carried & {*matching, str(row["id"])}:
        return False
    for key, withdrawn in matching.items():
        actions = {r[0] for r in db.execute("SELECT action FROM audit WHERE entity = 'number_block' "
                                            "AND entity_id = ? AND action IN ('withdraw', 'merge_withdraw')", [key])}
        # withdrawn here by this station itself: headquarters has yet to hear of it
        if actions != {"merge_withdraw"} or made <= str(withdrawn.get("withdrawn_at") or made):
            return False
    return True


def _block_refusals(db: Database, bundle: Bundle, card: dict, planned: set[str]) -> list[Change]:
    """The refusals of blocks of headquarters, and of their withdrawals, a station's bundle carries
    (``number_blocks.block_refusals``): each a conflict here naming the station, the block and why, once (not again
    when a conflict over it says the same, whatever became of it); none at a station, and none over a block this
    bundle changes already (``planned``)."""
    from workstation.documents.number_blocks import REFUSAL_PREFIX, withdrawn_blocks

    refusals = [r for r in bundle.withdrawals if str(r.get("id", "")).startswith(REFUSAL_PREFIX)]
    if not refusals or headquarters(db) is not None or not _at_headquarters(db):
        return []
    sender = _station_named(db, card["id"], card)  # two of one name, or one unnamed, by its fingerprint
    withdrawn = withdrawn_blocks(db)
    changes: list[Change] = []
    for refusal in refusals:
        key = str(refusal.get("block_id") or "")
        block = _fetch(db, "number_blocks", "id", [key]).get(key) if key else None
        said = refusal.get("block") if isinstance(refusal.get("block"), dict) else None
        if block is None and said is not None and all(c in said for c in BLOCK_SAME):
            block = next((r for r in rows_where(db, "number_blocks", "agency_id", [said["agency_id"]])
                          if all(r[c] == said[c] for c in BLOCK_SAME)), None)
        known = block or ({"id": key, **withdrawn[key]} if key in withdrawn else None) or (
            {"id": key, **said} if said is not None else None)
        if known is None or str(known["id"]) in planned or key in planned:
            continue
        if block is None and key in withdrawn and refusal.get("refusal") != "withdrawal":
            continue  # a block refused there and withdrawn here since: nothing is left to decide
        if known.get("station_id") is not None and str(known["station_id"]) != str(card["id"]):
            continue  # the station's conflict over another station's block: no refusal of its own
        planned.add(str(known["id"]))
        why = str(refusal.get("why") or "")
        incoming = (_("Station {station} refused the withdrawal: {why}") if refusal.get("refusal") == "withdrawal"
                    else _("Station {station} refused the block: {why}")).format(station=sender, why=why)
        if db.execute("SELECT 1 FROM conflicts WHERE tbl = 'number_blocks' AND record_id = ? AND field = ? "
                      "AND incoming_value IS ?", [str(known["id"]), BLOCK_FIELD, _to_text(incoming)]).fetchone():
            continue  # stored as its conflict keeps it (``_record_conflict``): kept once, not again each bundle
        changes.append(Change("number_blocks", str(known["id"]), "conflict", _label("number_blocks", known),
                              [FieldChange(BLOCK_FIELD, _block_text(db, known), incoming, MISSING, "conflict")],
                              incoming=refusal, local=block))
    return changes


def _agency_name(db: Database, agency_id: str) -> str:
    row = db.execute("SELECT name, code FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return f"{row[0]}（{row[1]}）" if row else agency_id


def _withdrawn_here(db: Database, row: dict, withdrawn: dict[str, dict]) -> bool:
    """Whether the block ``row`` was withdrawn here (``numbers withdraw``, or a withdrawal merged from a bundle): its
    id, or the same serials and station allocated before that withdrawal (the other side's copy of it, under
    another id); a bundle bringing it again does not add it back. ``withdrawn``: ``withdrawn_blocks``."""
    if db.execute("SELECT 1 FROM audit WHERE entity = 'number_block' AND action IN ('withdraw', 'merge_withdraw') "
                  "AND entity_id = ? LIMIT 1", [str(row["id"])]).fetchone() is not None:
        return True
    said = tuple(row.get(c) for c in BLOCK_SAME)
    return any(tuple(w.get(c) for c in BLOCK_SAME) == said and str(row.get("allocated_at") or "") <= w["withdrawn_at"]
               for w in withdrawn.values())


def _withdrawn_block_held(db: Database, withdrawal: dict) -> dict | None:
    """The block held here that ``withdrawal`` (of a bundle) withdraws: the one of its id, or else one saying the
    same serials and station allocated no later than it was withdrawn; None when none is held."""
    held = _fetch(db, "number_blocks", "id", [withdrawal["id"]]).get(withdrawal["id"])
    if held is not None or not all(c in withdrawal for c in BLOCK_SAME):
        return held
    said = tuple(withdrawal[c] for c in BLOCK_SAME)
    return next((row for row in rows_where(db, "number_blocks", "agency_id", [withdrawal["agency_id"]])
                 if tuple(row[c] for c in BLOCK_SAME) == said
                 and str(row["allocated_at"]) <= str(withdrawal.get("withdrawn_at", row["allocated_at"]))), None)


def _block_withdrawals(db: Database, bundle: Bundle, card: dict) -> list[Change]:
    """What the withdrawals of number blocks the bundle carries do here: a block held here is withdrawn (status
    deleted) when none of its serials was issued here; when some were, a conflict naming the highest issued (the
    block stays, which is all the analyst can choose); nothing when no block here is the one withdrawn, when the
    bundle still carries it (allocated again since), when the sender is not this station's headquarters and the block
    is not held for the sender, or when a conflict over the same withdrawal was resolved already."""
    from workstation.documents.number_blocks import highest_issued_in

    if not bundle.withdrawals or not _takes_blocks_from(db, card):
        return []
    hq = headquarters(db)
    from_headquarters = hq is not None and hq.id == card["id"]
    carried_ids = {str(r["id"]) for r in bundle.records["number_blocks"]}
    carried = {tuple(r.get(c) for c in BLOCK_SAME) for r in bundle.records["number_blocks"]}
    sender = _station_named(db, card["id"], card)  # two of one name, or one unnamed, by its fingerprint
    changes: list[Change] = []
    seen: set[str] = set()
    for withdrawal in bundle.withdrawals:
        here = _withdrawn_block_held(db, withdrawal)
        if here is None or here["id"] in seen or here["id"] in carried_ids \
                or tuple(here[c] for c in BLOCK_SAME) in carried \
                or not (from_headquarters or here["station_id"] == card["id"]):
            continue
        seen.add(here["id"])
        label = _label("number_blocks", here)
        used = highest_issued_in(db, here)
        if used is None:
            changes.append(Change("number_blocks", here["id"], "deleted", label, incoming=withdrawal, local=here))
            continue
        conflict = FieldChange(BLOCK_FIELD, _("{block}: issued here up to {serial}号").format(
            block=_block_text(db, here), serial=used), _("Withdrawn at station {station}").format(station=sender),
            MISSING, "conflict")
        if db.execute("SELECT 1 FROM conflicts WHERE tbl = 'number_blocks' AND record_id = ? AND field = ? "
                      "AND incoming_value IS ? AND status != 'open'",
                      [here["id"], BLOCK_FIELD, _to_text(conflict.incoming)]).fetchone() is None:
            changes.append(Change("number_blocks", here["id"], "conflict", label, [conflict], incoming=withdrawal,
                                  local=here))
    return changes


def _withdraw_merged(db: Database, change: Change, card: dict, import_id: str, stamp: str,
                     writer: AuditWriter) -> None:
    """Withdraw here the block of a withdrawal the bundle carried (``_block_withdrawals``), audited (action
    merge_withdraw) with the station it came from and the import, and kept as withdrawn here (with the time it was
    withdrawn there), so that a bundle bringing it again does not add it back; withdrawn by the block's own
    station (its entry of the block), it is given up there (``number_blocks.withdrawal_given_up``)."""
    from workstation.documents.number_blocks import remember_withdrawn

    db.execute("DELETE FROM number_blocks WHERE id = ?", [change.key])
    own = str(change.local.get("station_id")) == str(card["id"])
    remember_withdrawn(db, change.local, str(change.incoming.get("withdrawn_at") or stamp),
                       given_up_by=card["id"] if own else None)
    writer.add("merge_withdraw", "number_block", change.key, change.local,
               {"station": card["id"], "import_id": import_id, "withdrawal": change.incoming})


def _issued_text(db: Database, block: dict, serial: int) -> str:
    """What the conflict list says is held here against a block overlapping serials issued here: 佛南市监处〔2026〕
    issued here up to 20号 outside any block."""
    from workstation.documents.number_blocks import sequence_text

    agency = db.execute("SELECT COALESCE(NULLIF(doc_abbrev, ''), short_name) FROM agencies WHERE id = ?",
                        [block.get("agency_id")]).fetchone()
    return _("{sequence} issued here up to {serial}号 outside any block").format(
        sequence=sequence_text(agency[0] if agency else str(block.get("agency_id")), block.get("type_code"),
                               block.get("year")), serial=serial)


def _officer_set(audit_new, merged: bool) -> tuple[set[str], list[dict]]:
    """The complaints whose officer-set fields (``COMPLAINT_OFFICER_SET``) an officer of the sending side set since
    its last bundle taken here: those its new audit entries name as updated (``add_complaints_to_lead``; a merge or
    a screening is audited otherwise); and the entries that delete a record (``_deleted_table``, ``merged`` as
    there), for ``_deletions``. One pass over the entries."""
    set_there: set[str] = set()
    deleting: list[dict] = []
    for entry in audit_new:
        if entry.get("action") == "update" and entry.get("entity") == "complaint":
            set_there.add(str(entry["entity_id"]))
        if _deleted_table(entry, merged) is not None:
            deleting.append(entry)
    return set_there, deleting


def _area_code_given(here: dict, row: dict) -> list[FieldChange]:
    """The complainant's number the sender gave its area code (``store.complaints.given_area_code``: a landline an
    earlier version kept without one), with the content key worked out here from it as ``add_area_code`` works it
    out: taken whichever side screened last, for it is how this version reads the number held here, not an
    officer's edit (an imported number changed in any other way stays as it is here)."""
    number = row.get("complainant_phone")
    if not given_area_code(here.get("complainant_phone"), number):
        return []
    taken = [FieldChange("complainant_phone", here.get("complainant_phone"), number, MISSING, "take")]
    if not here.get("external_id"):  # known by its content: found again by its new number
        key = stored_content_key(here.get("source") or "", here.get("received_at"), number, here.get("text"),
                                 here.get("raw"))
        taken.append(FieldChange("content_key", here.get("content_key"), key, MISSING, "take"))
    return taken


def _set_here(db: Database, complaint_id: str, name: str) -> bool:
    """Whether an officer here set the complaint's field ``name`` (an "update" of the complaint audited here) after
    the last conflict about that field was settled here (before, when there was none)."""
    row = db.execute("SELECT 1 FROM audit WHERE entity = 'complaint' AND action = 'update' AND entity_id = ? AND at > "
                     "COALESCE((SELECT MAX(resolved_at) FROM conflicts WHERE tbl = 'complaints' AND record_id = ? AND "
                     "field = ? AND status != 'open'), '') LIMIT 1", [complaint_id, complaint_id, name]).fetchone()
    return row is not None


def _number_mending(db: Database):
    """A function giving the complainant's number as this version reads it: a landline an earlier version stored
    without its leading 0 (75786123457: ``landline_lost_zero``, the codes of ``lost_zero_codes``) given it, one stored
    without its area code (83331234) given the area code of the rules in force here — what the importer reads from
    the export, and what m050 and the screening run (``add_area_code``) make of such a number held here. Any other
    number as it is. The rules are read at the first number that needs them."""
    from workstation.importing.complaints import lost_zero_codes
    from workstation.screening.complaint import rules_for
    from workstation.store.complaints import landline_lost_zero

    codes = lost_zero_codes()
    area: list[str] = []

    def mended(number: str | None) -> str:
        number = number or ""
        lost = landline_lost_zero(number, codes)
        if lost is not None:
            return lost
        if not number[:1].isdigit() or number[0] in "01":
            return number
        if not area:
            area.append(rules_for(db).phones["default_area_code"])
        return area[0] + number if given_area_code(number, area[0] + number) else number

    return mended


def _complaint_identity(row: dict, mended) -> tuple:
    """What makes a complaint the same one wherever it was imported: its source and work-order id, or, without a
    work-order id, what it says (``content_key``, worked out from the row itself rather than taken from the
    sender, so that a key the sender got wrong merges nothing), its complainant's number read as this version reads
    it (``mended``: ``_number_mending``), so that the complaint a station of an older version sends with the number
    unmended is the one held here with it mended. The row carries that key (a bundle of an older version carries
    none), so that it is found again once stored here (by an import of its export too)."""
    if row.get("external_id"):
        return ("work_order", row.get("source"), row["external_id"])
    key = stored_content_key(row.get("source") or "", row.get("received_at"), mended(row.get("complainant_phone")),
                             row.get("text"), row.get("raw"))
    row["content_key"] = key
    return ("content", key)


def _same_complaint(db: Database, row: dict, planned: dict[tuple, tuple[str, str | None]], mended):
    """(id, lead id) of the complaint held here, or added by this bundle already (``planned``, which the row
    joins when there is none), that is the station's ``row`` under another id (two stations importing the same
    export, or one importing it twice, with or without the work-order column: a complaint without a work-order id
    is also one held with it saying the same, and the other way round); None when it is a complaint of its own.
    The row's complainant's number is read as this version reads it (``mended``: ``_number_mending``) to find the
    complaint held here; the bundle's rows are told apart by the number as sent: a double the station itself
    holds (the number mended in one copy and not in the other, as earlier versions stored the same complaint twice)
    stays two complaints here, which its screening links there (``same_as``) and the link travels."""
    identity = _complaint_identity(row, mended)
    source = row.get("source") or ""
    phone = mended(row.get("complainant_phone"))
    as_sent = identity if identity[0] == "work_order" or phone == (row.get("complainant_phone") or "") else (
        "content", stored_content_key(source, row.get("received_at"), row.get("complainant_phone"), row.get("text"),
                                      row.get("raw")))
    if identity[0] == "work_order":
        # external_id != '': the unique work-order index is partial (``complaints_external``); without it every
        # complaint of the bundle read the whole table
        same = db.execute("SELECT id, lead_id FROM complaints WHERE source = ? AND external_id = ? AND "
                          "external_id != ''", [identity[1], identity[2]]).fetchone()
        if same is None:  # held here from an export without the work-order column
            key = stored_content_key(source, row.get("received_at"), phone, row.get("text"), row.get("raw"),
                                     row["external_id"])
            same = db.execute("SELECT id, lead_id FROM complaints WHERE content_key = ? AND external_id = '' "
                              "ORDER BY rowid LIMIT 1", [key]).fetchone()
    else:
        same = db.execute("SELECT id, lead_id FROM complaints WHERE content_key = ? AND external_id = '' "
                          "ORDER BY rowid LIMIT 1", [identity[1]]).fetchone()
        if same is None:  # held here with its work-order id, from an export with that column
            same = numbered_by_content(db, [(identity[1], source, row.get("received_at"), phone)]).get(identity[1])
    if same is None and as_sent in planned:
        return planned[as_sent]
    if same is None:
        planned[as_sent] = (str(row["id"]), row.get("lead_id"))
    return same


def _received_without_number(db: Database, row: dict, held: str) -> bool:
    """Whether the complaint ``held`` here, which the station's ``row`` is (``_same_complaint``), lacks the
    work-order id the row gives and was received from a station (merged in, not imported here): then the
    numbered copy is kept in its place, as when it arrives first. One imported here stays as it is."""
    if not row.get("external_id"):
        return False
    found = db.execute("SELECT external_id FROM complaints WHERE id = ?", [held]).fetchone()
    if found is None or found[0]:
        return False
    return db.execute("SELECT 1 FROM audit WHERE entity = 'complaints' AND entity_id = ? AND action = 'merge_create' "
                      "LIMIT 1", [held]).fetchone() is not None


def _work_order_given(db: Database, row: dict, here: dict) -> tuple[str, str | None] | None:
    """For a complaint held here without a work-order id that the station's ``row`` gives one (a fuller export
    imported there since): (id, lead id) of the complaint here holding that work order (the complaint itself
    once taken, or another one: from another station, or imported here), or (its own id, its lead) when none does;
    None when the row gives no work-order id this complaint lacks."""
    if not row.get("external_id") or here.get("external_id"):
        return None
    same = db.execute("SELECT id, lead_id FROM complaints WHERE source = ? AND external_id = ? AND external_id != ''",
                      [row.get("source"), row["external_id"]]).fetchone()  # != '': the partial complaints_external
    return (same[0], same[1]) if same is not None else (str(here["id"]), here.get("lead_id"))


def _replace_complaint(db: Database, old: str, new: str, writer: AuditWriter) -> None:
    """Before the complaint ``old`` is deleted as a second copy of ``new``: the complaints linked to it as the same
    complaint through another channel are linked to ``new`` (to what ``new`` repeats, when it repeats another), and
    a lead linked through it (``LINKED_LEADS_KEY``) is linked through ``new``."""
    from workstation.store.base import get_setting, set_setting

    (root,) = db.execute("SELECT COALESCE(same_as, id) FROM complaints WHERE id = ?", [new]).fetchone()
    root = new if root == old else root
    for (linked,) in db.execute("SELECT id FROM complaints WHERE same_as = ?", [old]).fetchall():
        after = None if linked == root else root  # each re-pointed link audited, as the merge's other changes are
        db.execute("UPDATE complaints SET same_as = ? WHERE id = ?", [after, linked])
        writer.add("merge_update", "complaints", linked, {"same_as": old}, {"same_as": after})
    text = get_setting(db, LINKED_LEADS_KEY)
    links = json.loads(text) if text else {}
    if old in links.values():
        after = {lead: new if complaint == old else complaint for lead, complaint in links.items()}
        set_setting(db, LINKED_LEADS_KEY, json.dumps(after, ensure_ascii=False, separators=(",", ":")))
        writer.add("link_leads", "setting", LINKED_LEADS_KEY, {"links": links}, {"links": after})


def _undecided(bundle: Bundle) -> dict[str, dict[str, list[str]]]:
    """{table: {record id: [field, ...]}} the bundle lists as still in open conflict where it was made
    (``writer.hold_undecided``): headquarters' hand-out, or a station's bundle sent while a conflict of its own (from
    a hand-out it took) was open; empty for a bundle listing none."""
    return (bundle.bases.get("undecided") or {}) if bundle.bases is not None else {}


def _undecided_station(db: Database, card: dict) -> str | None:
    """The name of the sending station when it is not this station's headquarters (its undecided fields are
    decided there, not at headquarters: ``undecided_note``), else None."""
    hq = headquarters(db)
    return None if hq is not None and hq.id == card["id"] else (card.get("name") or card["id"])


def undecided_note(count: int, *, planned: bool = False, station: str | None = None) -> str:
    """The sentence saying how many fields a bundle leaves (would leave, when ``planned``) to the value held here
    because the side that made it has not decided on them yet (``MergePlan.undecided``): headquarters, or the
    sending ``station`` when named (``MergePlan.undecided_station``); empty when none."""
    from workstation.i18n import ngettext

    if not count:
        return ""
    if station is not None:
        if planned:
            return ngettext("{n} field is still being decided at station {station}: the value held here would be "
                            "kept; its next bundle brings the decision.",
                            "{n} fields are still being decided at station {station}: the values held here would "
                            "be kept; its next bundle brings the decisions.", count).format(n=count, station=station)
        return ngettext("{n} field is still being decided at station {station}: the value held here was kept; its "
                        "next bundle brings the decision.",
                        "{n} fields are still being decided at station {station}: the values held here were kept; "
                        "its next bundle brings the decisions.", count).format(n=count, station=station)
    if planned:
        return ngettext("{n} field is still being decided at headquarters: the value held here would be kept; a "
                        "later hand-out brings the decision.",
                        "{n} fields are still being decided at headquarters: the values held here would be kept; "
                        "a later hand-out brings the decisions.", count).format(n=count)
    return ngettext("{n} field is still being decided at headquarters: the value held here was kept; a later "
                    "hand-out brings the decision.",
                    "{n} fields are still being decided at headquarters: the values held here were kept; a later "
                    "hand-out brings the decisions.", count).format(n=count)


def undecided_deletions_note(count: int, *, planned: bool = False) -> str:
    """The sentence saying how many deletions a bundle leaves (would leave, when ``planned``) as they are here
    because headquarters has not decided on them yet (``MergePlan.undecided_deletions``): the record held here
    stays, the one deleted here stays deleted; empty when none."""
    if not count:
        return ""
    if planned:
        return ngettext("{n} deletion is still being decided at headquarters: the record would stay here as it is "
                        "(kept, or deleted); a later hand-out brings the decision.",
                        "{n} deletions are still being decided at headquarters: the records would stay here as they "
                        "are (kept, or deleted); a later hand-out brings the decisions.", count).format(n=count)
    return ngettext("{n} deletion is still being decided at headquarters: the record stays here as it is (kept, or "
                    "deleted); a later hand-out brings the decision.",
                    "{n} deletions are still being decided at headquarters: the records stay here as they are "
                    "(kept, or deleted); a later hand-out brings the decisions.", count).format(n=count)


def _older_format(db: Database, bundle: Bundle, card: dict, changes: list[Change]) -> bool:
    """Whether a station's bundle merges without the check of a stale copy because an older version wrote it
    (format 1, or format 2 naming no headquarters before "complete"), while it brings records held here (a first
    bundle only adds records: there is nothing to check)."""
    hq = headquarters(db)
    if hq is not None and hq.id == card["id"]:
        return False  # headquarters' hand-out is checked by how far it had imported (``_unseen_changes``)
    bases = bundle.bases
    older = bases is None or (bases.get("headquarters") is None and bases.get("complete") is not True)
    return older and any(c.local is not None for c in changes if BY_NAME[c.table].merge == "shared")


def older_bundle_note() -> str:
    """The sentence of a preview or an import of a bundle an older version made (``MergePlan.older_format``)."""
    return _("This bundle was made by an older version of the workstation, which does not say which version each "
             "record grew from, so conflicts cannot be detected as precisely: a record corrected here since the last "
             "hand-out may be taken back to the station's older copy without a conflict. Check the updated records, "
             "or cancel and ask the station to upgrade its workstation and send everything again.")


def deleted_note(count: int, *, planned: bool = False) -> str:
    """The sentence saying how many of the updated records a merge deleted (would delete, when ``planned``) as the
    bundle's station deleted them; empty when none."""
    if not count:
        return ""
    if planned:
        return _("{n} of the updated records would be deleted by the merge.").format(n=count)
    return ngettext("{n} of the updated records was deleted by the merge.",
                    "{n} of the updated records were deleted by the merge.", count).format(n=count)


def settled_note(count: int, *, planned: bool = False) -> str:
    """The sentence saying how many open conflicts a bundle settles (would settle, when ``planned``) because the
    sending station now has the value held here; empty when none."""
    from workstation.i18n import ngettext

    if not count:
        return ""
    if planned:
        return ngettext("{n} earlier conflict would be settled: the sending station now has the value held here.",
                        "{n} earlier conflicts would be settled: the sending station now has the values held here.",
                        count).format(n=count)
    return ngettext("{n} earlier conflict was settled: the sending station now has the value held here.",
                    "{n} earlier conflicts were settled: the sending station now has the values held here.",
                    count).format(n=count)


def _agreed_conflicts(db: Database, station_id: str, changes: list[Change]) -> list[str]:
    """The open conflicts of the station's earlier bundles that this one settles: for the field, it sends the
    value held here (already, or once the bundle's changes are taken), so there is nothing left to choose."""
    pending: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for conflict_id, table, key, name in db.execute("SELECT id, tbl, record_id, field FROM conflicts "
                                                    "WHERE status = 'open' AND station_id = ?", [station_id]):
        pending.setdefault((table, key), []).append((conflict_id, name))
    agreed = []
    for change in changes:
        if (change.table, change.key) not in pending or change.incoming is None or change.local is None:
            continue
        taken = {f.field for f in change.taken}
        conflicting = {f.field for f in change.conflicting}
        agreed += [conflict_id for conflict_id, name in pending[(change.table, change.key)]
                   if name in change.incoming and name not in conflicting and name not in change.undecided
                   and (name in taken or change.local.get(name) == change.incoming[name])]
    return sorted(agreed)


def _links(held: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """{the station's lead: a complaint here} for each lead of the bundle grouping work orders this database
    holds under a lead of its own: the complaint is one of those in the lead here holding most of them."""
    links = {}
    for lead_id, pairs in held.items():
        counts: dict[str, int] = {}
        for _complaint, here in pairs:
            counts[here] = counts.get(here, 0) + 1
        chosen = max(sorted(counts), key=lambda here: counts[here])
        links[lead_id] = min(complaint for complaint, here in pairs if here == chosen)
    return links


def _save_links(db: Database, found: dict[str, str], writer: AuditWriter) -> None:
    """Keep the links found by a merge with those known before, dropping the leads no longer here; a change is
    audited (the links before and after)."""
    from workstation.store.base import get_setting, set_setting

    text = get_setting(db, LINKED_LEADS_KEY)
    before = json.loads(text) if text else {}
    links = {**before, **found}
    present = {key for (key,) in db.execute("SELECT id FROM leads WHERE id IN (SELECT value FROM json_each(?))",
                                            [json.dumps(list(links))])}
    kept = {lead: complaint for lead, complaint in sorted(links.items()) if lead in present}
    if kept != before:
        set_setting(db, LINKED_LEADS_KEY, json.dumps(kept, ensure_ascii=False, separators=(",", ":")))
        writer.add("link_leads", "setting", LINKED_LEADS_KEY, {"links": before}, {"links": kept})


def _repointed_complaints(changes: list[Change]) -> dict[str, object]:
    """{complaint id: the lead it will belong to} for the complaints whose lead this bundle changes here."""
    return {c.key: f.incoming for c in changes if c.table == "complaints" for f in c.taken if f.field == "lead_id"}


def _still_needed_lead(db: Database, lead_id: str, repointed: dict[str, object]) -> bool:
    """Whether a lead the station deleted is still referred to here once the bundle is merged: by a document, a
    draft or a step of its history, or by a complaint the bundle does not move to another lead (it was changed here,
    or came from elsewhere)."""
    if db.execute("SELECT 1 FROM documents WHERE lead_id = ? UNION ALL SELECT 1 FROM drafts WHERE lead_id = ? "
                  "UNION ALL SELECT 1 FROM lead_history WHERE lead_id = ? LIMIT 1", [lead_id] * 3).fetchone():
        return True
    return any(repointed.get(cid, lead_id) == lead_id
               for (cid,) in db.execute("SELECT id FROM complaints WHERE lead_id = ?", [lead_id]))


# the audit actions besides an officer's "delete" (of an entity of ``DELETABLE``) that delete a shared record here,
# naming it by its table, when a record was there before them and none after: a station's deletion merged
# (``apply_merge``) or taken in its conflict (``resolve_conflict``), a station's copy of a record deleted here declined
# in its conflict or taken out again (``reopen_conflict``)
DELETED_BY = ("merge_delete", "resolve_conflict", "reopen_conflict")


def _deleted_table(entry: dict, merged: bool) -> str | None:
    """The table of the record the audit ``entry`` deletes: an officer's "delete", and with ``merged`` one of
    ``DELETED_BY`` as well; None for any other entry."""
    if entry["action"] == "delete":
        return DELETABLE.get(entry["entity"])
    if merged and entry["action"] in DELETED_BY and entry.get("before_digest") and not entry.get("after_digest") \
            and entry["entity"] in DELETABLE.values():
        return entry["entity"]
    return None


def _made_at_headquarters(bundle: Bundle) -> bool:
    """Whether ``bundle`` is a hand-out of a headquarters (its bases.json says how far it had imported the stations'
    logs, which only headquarters writes): its log's deletions merged from the stations' bundles travel on in it
    (``_deletions``), so that every station holding a copy deletes it too."""
    return bundle.bases is not None and isinstance(bundle.bases.get("imported"), dict)


def _deleted_here(db: Database, table: str, keys: list[str]) -> set[str]:
    """Those of ``keys`` (of records of ``table`` not held here) that were deleted here, as this database's audit log
    says: by an officer, or by a station's deletion merged or taken (``_deleted_table``)."""
    entities = [entity for entity, name in DELETABLE.items() if name == table]
    if not entities or not keys:
        return set()
    found: set[str] = set()
    for start in range(0, len(keys), BATCH):
        chunk = keys[start:start + BATCH]
        marks = ", ".join("?" * len(chunk))
        found |= {row[0] for row in db.execute(
            f"SELECT entity_id FROM audit WHERE entity IN ({', '.join('?' * len(entities))}) AND action = 'delete' "
            f"AND entity_id IN ({marks}) UNION SELECT entity_id FROM audit WHERE entity = ? AND action IN "
            f"({', '.join('?' * len(DELETED_BY))}) AND before_digest != '' AND after_digest = '' "
            f"AND entity_id IN ({marks})",
            [*entities, *chunk, table, *DELETED_BY, *chunk])}
    return found


def _held_in_common(db: Database, table: str, key: str) -> list[dict]:
    """Every version of the record ``key`` this database held in common with another station (sent or received,
    ``sync_versions``), and the last one shared (``sync_base``) if it is still kept."""
    rows = db.execute("SELECT row_json FROM sync_versions WHERE tbl = ? AND record_id = ? UNION ALL "
                      "SELECT row_json FROM sync_base WHERE tbl = ? AND record_id = ?", [table, key, table, key])
    return [unpacked_row(text) for (text,) in rows]


def _copy_of_deleted(db: Database, table: str, key: str, row: dict, label: str) -> Change:
    """What a station's copy of a record deleted here does (``_deleted_here``): nothing when it says what a version
    held in common says (the station has not changed it: it had not yet taken the deletion, or re-sends everything),
    so that the deletion stands; else a conflict of the deletion (``DELETED_HERE_FIELD``: deleted here, not at the
    station), the record staying deleted until the analyst takes the station's copy (``resolve_conflict``) — the
    station changed it, which the deletion here did not see. Never added as new: the figures would count it
    again, and the next hand-out would bring it back to the station that deleted it."""
    if any(_same_version(row, version) for version in _held_in_common(db, table, key)):
        return Change(table, key, "kept_deleted", label, incoming=row, third_party_base=True)
    return Change(table, key, "conflict", label, [FieldChange(DELETED_HERE_FIELD, True, False, False, "conflict")],
                  incoming=row, third_party_base=True)


def _twin_activity(db: Database, key: str, row: dict, label: str, activities: dict,
                   carried: set[str]) -> Change | None:
    """What a bundle's publicity activity new here does when it is one held here already, or one the bundle adds
    already (``activities``), under another id — the same agency, day, kind and title (``store.publicity.same_activity``,
    which ``publicity add`` refuses without --allow-duplicate): a conflict (``SAME_ACTIVITY_FIELD``: the one held here
    ≠ the bundle's), the activity not merged until the officer keeps both (the bundle's copy is added) or the one here
    — the statistics and the 通报 would count it twice; left as it is (unchanged) when the officer kept the one here
    against this very version before. None when it is an activity of its own, which the bundle adds. At a station
    taking its headquarters' hand-out (``carried``: the ids of the hand-out's activities), the twin of one the station
    holds was decided at headquarters: left as it is (unchanged, the station's own copy kept, nothing asked) — the
    officer there kept the one headquarters holds, or has yet to decide on the station's when it sends it; taken, the
    station would count it twice where headquarters counts it once. One whose twin the hand-out carries too is
    merged: headquarters holds both, its officer having kept both."""
    from workstation.records import Publicity
    from workstation.store.base import from_row
    from workstation.store.publicity import activity_key, same_activity

    try:
        item = from_row(Publicity, row)
        found = activity_key(item)
        twin = same_activity(db, item)
    except (TypeError, ValueError):  # a day that is none: merged as it comes, as before
        return None
    if twin is not None and twin.id in carried:
        twin = None
    if twin is not None and carried:  # decided at headquarters, which holds one of them: the station's own kept
        return Change("publicity", key, "unchanged", label, incoming=row, third_party_base=True)
    field = SAME_ACTIVITY_FIELD
    if twin is None and not carried:
        twin = activities.get(found)
        field = SAME_ACTIVITY_IN_BUNDLE_FIELD  # entered twice in the bundle, not held here
        if twin is None:
            activities[found] = item
    if twin is None:
        return None
    declined = db.execute("SELECT 1 FROM conflicts WHERE tbl = 'publicity' AND record_id = ? AND field IN (?, ?) "
                          "AND status = 'kept_local' LIMIT 1", [key, *TWIN_FIELDS]).fetchone()
    if declined and any(_same_version(row, version) for version in _held_in_common(db, "publicity", key)):
        return Change("publicity", key, "unchanged", label, incoming=row, third_party_base=True)
    return Change("publicity", key, "conflict", label,
                  [FieldChange(field, _activity_text(db, twin), _activity_text(db, item), MISSING,
                               "conflict")], incoming=row, third_party_base=True)


def _activity_text(db: Database, item) -> str:
    """A publicity activity as a conflict of two entries of it shows it, for the officer to tell whether they are
    one: “进社区宣传” of 南海区局 on 2026-04-01 (社区宣传), 宣传资料 200 份，…; id …."""
    from workstation.store.publicity import COUNT_FIELDS, activity_named, parse_figure, shown_figures_text

    def counted(value) -> int:
        try:
            return parse_figure(value)
        except (TypeError, ValueError):
            return 0

    figures = shown_figures_text({f: counted(getattr(item, f)) for f in COUNT_FIELDS})
    return _("{activity}, {figures}; id {id}").format(activity=activity_named(db, item), figures=figures, id=item.id)


def _deletions(db: Database, audit_new, present: set[tuple[str, str]],
               repointed: dict[str, object], parties: set[str], stale=None, stated=None, *,
               merged: bool = False, received=None, undecided=None, held: set | None = None,
               sender: str | None = None, sender_agencies: frozenset[str] = frozenset(),
               log=None) -> list[Change]:
    """Records the station deleted since its last bundle: deleted here too when unchanged here since they were
    shared (and, for a lead, nothing here refers to it any more), else a conflict (kept here). A record last
    shared with a third station (another station's bundle brought it here first: each station loaded the same
    records, say) is the sending station's all the same when it is of the station's agency or an office under it
    (``sender_agencies``), or the version held in common is one the station sent, or the station made it itself
    (its log, received before or the bundle's whole new ``log``, says it created it: ``_sender_had``):
    then the deletion is merged as any other, so that headquarters' figures do not depend on the order the
    stations' bundles arrived in. Otherwise the station deleted its copy of a third station's record: a conflict
    of the deletion (kept here until the analyst decides), never dropped without a word. A record whose base was sent from
    here after the station's copy was made (``stale``) is a conflict: the station deleted an older version —
    unless that older version is held here (``stated``), and the record was not changed here since it. A hand-out
    of headquarters (``merged``) also deletes what headquarters deleted by merging (or taking in a conflict) the
    deletion of another station (``DELETED_BY``), which its log names so. A copy changed here and sent since is
    deleted all the same (it is the base): headquarters, taking it, keeps it as a conflict of that deletion
    (``_copy_of_deleted``). A deletion the bundle lists as undecided (``undecided``: headquarters holds it in an
    open conflict, ``writer.undecided_deletions``) deletes nothing: the copy held here stays until the decision
    arrives with a later bundle, and its (table, record id) is added to ``held``, for the note saying so."""
    changes = []
    made: set[tuple[str, str]] | None = None  # what the bundle's log says the station made itself, when asked
    for entry in audit_new:
        table_name = _deleted_table(entry, merged)
        if table_name is None or (table_name, entry["entity_id"]) in present:
            continue
        table = BY_NAME[table_name]
        here = _fetch(db, table_name, table.key, [entry["entity_id"]]).get(entry["entity_id"])
        base, station = _bases(db, table_name, [entry["entity_id"]]).get(entry["entity_id"], (None, None))
        if here is None or base is None:
            continue  # never shared, or already gone: nothing to delete
        if set((undecided or {}).get(table_name, {}).get(entry["entity_id"], ())) & set(DELETION_FIELDS):
            if held is not None:  # not decided where it was deleted yet: the copy here stays
                held.add((table_name, entry["entity_id"]))
            continue
        if station not in parties:  # received from a third station first
            if made is None and sender is not None and not merged:
                made = _made_in_log(audit_new if log is None else log)
            if merged or sender is None or not _sender_had(db, table_name, here, sender, sender_agencies,
                                                            made or set(), base):
                # the station deleted its copy of a third station's record: the analyst decides
                changes.append(Change(table_name, entry["entity_id"], "conflict", _label(table_name, here,
                                                                                         RecordNames(db)),
                                      [FieldChange(DELETED_FIELD, False, True, False, "conflict")], None, here))
                present.add((table_name, entry["entity_id"]))
                continue
        earlier = _earlier_common_versions(db, table_name, stated, [entry["entity_id"]],
                                           {entry["entity_id"]: (base, station)}, received).get(entry["entity_id"])
        stale_copy = earlier is None and stale is not None and stale(table_name, entry["entity_id"], base, station)
        base = earlier or base
        apart = KEPT_APART.get(table_name, frozenset())
        changed_here = any(here.get(k) != v for k, v in base.items()
                           if k not in META_FIELDS and k in here and k not in apart) or stale_copy
        if table_name == "leads" and not changed_here:
            changed_here = _still_needed_lead(db, entry["entity_id"], repointed)
        label = _label(table_name, here, RecordNames(db))
        if changed_here:
            changes.append(Change(table_name, entry["entity_id"], "conflict", label,
                                  [FieldChange(DELETED_FIELD, False, True, False, "conflict")], None, here))
        else:
            changes.append(Change(table_name, entry["entity_id"], "deleted", label, [], None, here))
        present.add((table_name, entry["entity_id"]))
    return changes


def _made_in_log(audit_new) -> set[tuple[str, str]]:
    """(entity, entity id) of the records of ``DELETABLE`` the sending station's new log entries say it created
    itself (``create``: not merged from a bundle, and not merely changed — a station editing a third station's
    record makes it no record of its own)."""
    return {(str(e["entity"]), str(e["entity_id"])) for e in audit_new
            if e["entity"] in DELETABLE and e["action"] == "create"}


def _sender_had(db: Database, table: str, here: dict, sender: str, agencies: frozenset[str],
                made: set[tuple[str, str]], base: dict | None = None) -> bool:
    """Whether the record ``here`` (of ``table``: a publicity activity, a lead, a clock event) that another station
    sent first is the sending station's own all the same: of its agency or an office under it (a clock event by
    its case's agency), or the version held in common (``base``) is one received from the station
    (``sync_versions``: a version it sent once makes no later version of another station its own), or the
    station's log — received before (``station_audit``) or in this bundle (``made``) — says it created it itself
    (then the identical copy it sent, merged unchanged, was its own); an edit of it says nothing of the kind."""
    key = str(here["id"])
    agency = here.get("agency_id")
    if table == "clock_events":
        found = db.execute("SELECT agency_id FROM cases WHERE id = ?", [here.get("case_id")]).fetchone()
        agency = found[0] if found else None
    if agency and agency in agencies:
        return True
    if base is not None and db.execute(
            "SELECT 1 FROM sync_versions WHERE tbl = ? AND record_id = ? AND station_id = ? AND digest = ? LIMIT 1",
            [table, key, sender, common_digest(base)]).fetchone():
        return True
    entities = [entity for entity, name in DELETABLE.items() if name == table]
    if any((entity, key) in made for entity in entities):
        return True
    return db.execute(f"SELECT 1 FROM station_audit WHERE station_id = ? AND entity_id = ? AND entity IN "
                      f"({', '.join('?' * len(entities))}) AND action = 'create' LIMIT 1",
                      [sender, key, *entities]).fetchone() is not None


def _insert(db: Database, table: Table, row: dict, columns: list[str]) -> None:
    if table.name == "complaints" and "wide_forms" in columns:  # worked out here, never the sender's (a bundle of
        # this version carries none: ``store.complaints.wide_forms``)
        row = {**row, "wide_forms": wide_forms(row.get("text"), row.get("target_name"))}
    names = [c for c in columns if c in row]
    db.execute(f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
               [row[c] for c in names])
    for link in table.links:
        _write_links(db, link, row[table.key], row.get(link.field, []))


def _write_links(db: Database, link, owner: str, items: list) -> None:
    db.execute(f"DELETE FROM {link.table} WHERE {link.owner} = ?", [owner])
    names = [link.owner, *link.columns]
    db.conn.executemany(f"INSERT INTO {link.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                        [[owner, *item] for item in items])


def _to_text(value) -> str | None:
    return None if value is MISSING else json.dumps(value, ensure_ascii=False)


def apply_merge(db: Database, data_dir: Path, bundle: Bundle, plan: MergePlan, *, progress=None,
                cancel=None) -> dict:
    """Carry out ``plan`` in one transaction; returns {"new", "updated", "unchanged", "conflicts", "deleted",
    "import_id"}."""
    from workstation.bundle.calendar_part import calendar_summary

    counts = plan.counts()
    cases = plan.case_counts()  # worked out once: kept in the 导入记录 list and returned
    if plan.already_imported:  # the holiday files it carries are still looked at (one removed here since, say)
        # nothing merged: the counts CLI.md names, each 0 (its plan holds no change), ``already_imported`` saying why
        return {**counts, "import_id": None, "already_imported": True, "settled": 0, "case_counts": cases,
                "undecided": 0, "calendar": calendar_summary(db, data_dir, bundle, plan.station)}
    from workstation.filestore import FileBatch
    from workstation.station import trust_station

    card, stamp, actor = plan.station, now(), current_actor()
    import_id = str(uuid.uuid4())
    total = max(len(plan.changes), 1)
    files = None
    try:
        with db.atomic():
            if data_state(db) != plan.data_state:
                # changed since the preview (another program merged a bundle, an officer saved a change): the plan is
                # worked out again, inside this transaction; carried out only when it is still the same
                _still_the_plan(db, bundle, plan, progress, cancel)
            if plan.station_status != "trusted":
                trust_station(db, card, actor)
            writer = AuditWriter(db, actor)
            # its scope (m067): only a bundle of the whole station tells how recent its data here are
            # (``stats.stations_as_of``), not one of chosen cases
            scope = bundle.manifest.get("scope")
            db.execute("INSERT INTO bundle_imports (id, bundle_id, station_id, sha256, created_at, imported_at, "
                       "imported_by, file_name, new, updated, unchanged, conflicts, scope) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [import_id, plan.bundle_id, card["id"], bundle.manifest_sha256,
                        str(bundle.manifest.get("created_at", "")), stamp,
                        acting_officer(db, actor), bundle.path.name, counts["new"],
                        counts["updated"], counts["unchanged"], counts["conflicts"],
                        scope if isinstance(scope, str) else ""])
            # the station's new name (and, when the officer said so, agency) its signed card says: audited
            card_said = take_card_change(db, plan.card_change, plan.take_agency, writer) \
                if plan.card_change is not None else {}
            from workstation.bundle.import_log import keep_case_counts

            # the 导入记录 list says the cases first: a case only whose records changed as updated
            keep_case_counts(db, import_id, cases)
            columns = {t.name: _columns(db, t.name) for t in TABLES}
            bases: list[tuple] = []
            for conflict_id in plan.settled:  # before the new conflicts, which are of other fields
                db.execute("UPDATE conflicts SET status = 'agreed', resolved_at = ?, resolved_by = ? "
                           "WHERE id = ? AND status = 'open'", [stamp, actor, conflict_id])
                writer.add("settle_conflict", "conflict", conflict_id, None,
                           {"status": "agreed", "import_id": import_id})
            # the complaints merged are added after the last one held: their numbers written otherwise (150 7929
            # 0096) are indexed for the search as an import indexes them (``store.complaints.index_numbers_after``)
            (last_complaint,) = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM complaints").fetchone()
            with FileBatch(db, data_dir) as files, penalty_keys_worked_out_after(db, _cases_touched(plan)):
                _release_case_numbers(db, plan.changes)
                for done, change in enumerate(plan.changes, start=1):
                    if cancel is not None and done % 200 == 0:
                        cancel.check()
                    if progress is not None and done % 500 == 0:
                        progress(done, total, _("Merging the records"))
                    table = BY_NAME[change.table]
                    # a 文号 another document took too: merged, the conflict kept for the analyst (``_taken_twice``)
                    if change.status == "new" or change.merged_in_conflict:
                        if change.table == "files":
                            staged = bundle.staged(change.key)
                            if staged is not None:
                                files.adopt(staged, staged.stat().st_size, change.incoming["media_type"],
                                            change.key)
                            elif bundle.file_size(change.key) > READ_STEP:  # a recording: never held whole
                                files.put_steps(bundle.file_steps(change.key), bundle.file_size(change.key),
                                                change.incoming["media_type"], change.key)
                            else:
                                files.put(bundle.archive.read(f"files/{change.key}"),
                                          change.incoming["media_type"], change.key)
                        else:
                            _insert(db, table, change.incoming, columns[table.name])
                            if change.table == "cases":  # its district is its agency's (_district_follows_agency)
                                _take_agency_district(db, change.key)
                        writer.add("merge_create", table.name, change.key, None, change.incoming)
                    elif change.status == "deleted" and table.merge == "block":
                        _withdraw_merged(db, change, card, import_id, stamp, writer)
                    elif change.status == "deleted":
                        if change.replaced_by is not None:
                            _replace_complaint(db, change.key, change.replaced_by, writer)
                        db.execute(f"DELETE FROM {table.name} WHERE {table.key} = ?", [change.key])
                        db.execute("DELETE FROM sync_base WHERE tbl = ? AND record_id = ?", [table.name, change.key])
                        writer.add("merge_delete", table.name, change.key, change.local, None)
                    elif change.taken:
                        _update(db, table, change, columns[table.name])
                        writer.add("merge_update", table.name, change.key, change.local, change.incoming)
                    for conflict in change.conflicting:
                        _record_conflict(db, change, conflict, card["id"], import_id, stamp, writer)
                    if table.merge == "shared" and change.incoming is not None and not change.third_party_base:
                        bases.append((table.name, change.key, packed_row({**change.incoming, **change.kept_base}),
                                      card["id"], stamp))
                if any(c.status == "new" and c.table == "complaints" for c in plan.changes):
                    from workstation.store.complaints import index_numbers_after

                    index_numbers_after(db, last_complaint)
                # an extension of a seizure's period a station on a version before m061 sent naming no measure: given
                # the case's only one running that day, as that station's own m061 does later without sending it
                unlinked = {c.incoming.get("case_id") for c in plan.changes
                            if c.table == "clock_events" and (c.status == "new" or c.merged_in_conflict or c.taken)
                            and isinstance(c.incoming, dict) and c.incoming.get("kind") == "extension"
                            and not c.incoming.get("measure_id")}
                if unlinked:
                    from workstation.store.clock_events import link_earlier_extensions

                    link_earlier_extensions(db, {case for case in unlinked if isinstance(case, str)})
                if cancel is not None:  # the last look: the record-keeping and the commit below cannot be stopped
                    cancel.check()
                    cancel.close()
                    if progress is not None:
                        progress(total, total + 1, _("Saving the merge; it can no longer be cancelled"))
                db.conn.executemany("INSERT INTO sync_base (tbl, record_id, row_json, station_id, updated_at) "
                                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(tbl, record_id) DO UPDATE SET "
                                    "row_json = excluded.row_json, station_id = excluded.station_id, "
                                    "updated_at = excluded.updated_at", bases)
                # every other version received is one held in common with the station, whether taken or not: its
                # next bundle may name it as the one its copy grew from
                record_versions(db, card["id"], [(c.table, c.key, c.incoming) for c in plan.changes
                                                 if BY_NAME[c.table].merge == "shared" and c.incoming is not None
                                                 and not c.same_as_shared])
                # a bundle of single cases (bundle export --case) repeats the log since the last full or changed-since
                # bundle, which may not have arrived: it is not taken as received, or the bundle after that lost
                # one would seem to continue it and the lost one's changes never be asked for
                if plan.audit_new and bundle.manifest.get("scope") != "cases":
                    db.conn.executemany(  # stored as the segment is gone through (a large one is never held whole)
                        "INSERT INTO station_audit (station_id, seq, at, actor, action, entity, entity_id, before_digest, "
                        "after_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        ((card["id"], e["seq"], e["at"], e["actor"], e["action"], e["entity"], e["entity_id"],
                          e["before_digest"], e["after_digest"], e["prev_hash"], e["hash"]) for e in plan.audit_new))
                    last = plan.audit_new[-1]
                    db.execute("UPDATE stations SET audit_seq = ?, audit_head = ?, updated_at = ? WHERE id = ?",
                               [last["seq"], last["hash"], stamp, card["id"]])
                _save_links(db, plan.linked_leads, writer)
                save_aliases(db, plan.officer_aliases, card["id"], writer)
                apply_details(db, plan.details, card["id"], writer)
                # a party renamed there: the names every case of it here lists and is searched by (a station renaming
                # a party does not send its cases again)
                refresh_cases_of_parties(db, _parties_renamed(plan.changes))
                fill_sort_keys(db)  # the pinyin sort keys of the cases merged (bundles carry none)
                files.finish()  # the files are on the disk before the records naming them are committed
            writer.add("import_bundle", "bundle", import_id, None,
                       {"bundle_id": plan.bundle_id, "station": card["id"], **counts})
            writer.flush()
    except BaseException as exc:
        if files is not None:  # rolled back after the files were put in place: they go too
            files.discard()
        if isinstance(exc, driver.IntegrityError):
            raise BundleRefused(_integrity_text(bundle, str(exc))) from None
        raise
    from workstation.numbering_hold import after_import

    # headquarters' hand-out showing it had imported the bundles exported after a restore's backup brings the
    # numbers taken since: the hold is lifted
    hold = after_import(db, bundle.manifest, card["id"], actor,
                        bundle.bases.get("imported") if bundle.bases is not None else None)
    # headquarters' holiday files taken here, or at headquarters the years the station counted otherwise (once the
    # merge is committed: a year file is no record of the merge, and is audited on its own)
    calendar = calendar_summary(db, data_dir, bundle, card)
    return {**counts, "import_id": import_id, "already_imported": False, "settled": len(plan.settled),
            "undecided": plan.undecided, "by_table": plan.by_table(), "case_counts": cases,
            "numbering_hold": hold,
            "agency_details": plan.details.summary(), "calendar": calendar, "station_card": card_said,
            "blocks_ignored": blocks_ignored(db, plan)}  # number blocks of a sender not this station's headquarters


def _still_the_plan(db: Database, bundle: Bundle, plan: MergePlan, progress, cancel) -> None:
    """Refuse (``PlanOutdated``) when planning ``bundle`` again now does not give ``plan``: what the officer saw in
    the preview is no longer what the merge would do. A plan made trusting the station is made again so."""
    if progress is not None:
        progress(0, 1, _("Checking what changed since the preview"))
    try:
        again = plan_merge(db, bundle, trust=plan.station_status != "trusted", cancel=cancel, progress=progress)
    except BundleRefused as exc:  # refused now: said when the bundle is checked again
        raise PlanOutdated(outdated_text(bundle.path.name)) from exc
    if again != plan:
        raise PlanOutdated(outdated_text(bundle.path.name), again)


def _parties_renamed(changes: list[Change]) -> list[str]:
    """The parties held here whose name ``changes`` takes from the bundle (the cases listing them list it anew)."""
    return [c.key for c in changes if c.table == "parties" and any(f.field == "name" for f in c.taken)]


def _cases_touched(plan) -> set[str]:
    """The cases whose records ``plan`` writes (the cases themselves, and those their documents, events, party links
    and other records name, as written here before and as the bundle has them): the ones whose 罚没金额 sort key the
    merge works out again after writing (``penalty_keys_worked_out_after``)."""
    touched = set()
    for change in plan.changes:
        if change.table == "cases":
            touched.add(change.key)
            continue
        touched |= _case_ids_of(change)
    return touched


def _export_again_of(bundle: Bundle) -> str:
    """What the officer does about ``bundle`` refused while it is merged: ask whoever made it to export it again
    (``reader._export_again``) — headquarters for its hand-out (``Bundle.from_headquarters``), which no station can
    make again."""
    from workstation.bundle.reader import MADE_BY_HEADQUARTERS, MADE_BY_STATION, _export_again, _FileName

    return _export_again(_FileName(bundle.path.name,
                                   MADE_BY_HEADQUARTERS if bundle.from_headquarters else MADE_BY_STATION))


def _integrity_text(bundle: Bundle, reason: str) -> str:
    """Why the database refused ``bundle``'s records while they were merged (SQLite's ``reason``, in English), in
    the officer's words: a record lacking a value it must have, one repeated, or one referring to a record that
    is neither in the bundle nor here; and whom to ask for the bundle again (``_export_again_of``)."""
    name, remedy = bundle.path.name, _export_again_of(bundle)
    lacking = re.match(r"NOT NULL constraint failed: (\w+)\.(\w+)", reason)
    if lacking:
        return _("{name}: a record of records/{table}.json has no value in its field {field}, which every record "
                 "has; nothing was imported: {remedy}").format(
            name=name, table=lacking.group(1), field=lacking.group(2), remedy=remedy)
    if reason.startswith(("UNIQUE constraint failed", "PRIMARY KEY")):
        return _("{name} holds a record that is already here under another id, or twice ({fields}); nothing was "
                 "imported: {remedy}").format(name=name, fields=reason.split(":", 1)[-1].strip(), remedy=remedy)
    if reason.startswith("CHECK constraint failed"):
        return _("{name} holds a value outside what its field allows ({rule}); nothing was imported: "
                 "{remedy}").format(name=name, rule=reason.split(":", 1)[-1].strip(), remedy=remedy)
    return _("{name} refers to records that are neither in it nor here, or repeats one ({reason}); nothing was "
             "imported: {remedy}").format(name=name, reason=reason, remedy=remedy)


def _update(db: Database, table: Table, change: Change, columns: list[str]) -> None:
    link_fields = {link.field: link for link in table.links}
    plain = [f for f in change.taken if f.field not in link_fields]
    assignments = [f"{f.field} = ?" for f in plain]
    values = [f.incoming for f in plain]
    if "updated_at" in columns and table.merge == "shared":
        stamp = max(str(change.local.get("updated_at") or ""), str(change.incoming.get("updated_at") or ""))
        assignments.append("updated_at = ?")
        values.append(stamp)
    if "version" in columns:
        assignments.append("version = version + 1")
    if assignments:
        db.execute(f"UPDATE {table.name} SET {', '.join(assignments)} WHERE {table.key} = ?", [*values, change.key])
    if table.name == "complaints" and any(f.field in ("text", "target_name") for f in plain):
        refill_wide_forms(db, [change.key])  # its business taken: the full-width forms it writes again
    renamed = next((f for f in plain if f.field == "name"), None) if table.name == "officers" else None
    if renamed is not None and change.local and change.local.get("name") not in (None, renamed.incoming):
        # an officer the station renamed: the name held here stays theirs on what they did under it (m057), until
        # the station's change at the latest
        from workstation.store.agencies import keep_former_name

        keep_former_name(db, change.key, change.local["name"], str(change.incoming.get("updated_at") or now()))
    for f in change.taken:
        if f.field in link_fields:
            _write_links(db, link_fields[f.field], change.key, f.incoming)


def _record_conflict(db: Database, change: Change, conflict: FieldChange, station_id: str, import_id: str,
                     stamp: str, writer: AuditWriter) -> None:
    """Keep a conflict for the analyst, once: an open one of the same station for the field with the same value
    stays as it is; one with another value is superseded (taking that older value would undo the station's own
    later change)."""
    incoming = _to_text(conflict.incoming)
    if db.execute("SELECT 1 FROM conflicts WHERE tbl = ? AND record_id = ? AND field = ? AND status = 'open' "
                  "AND incoming_value IS ?", [change.table, change.key, conflict.field, incoming]).fetchone():
        return
    for (older,) in db.execute("SELECT id FROM conflicts WHERE tbl = ? AND record_id = ? AND field = ? "
                               "AND status = 'open' AND station_id = ?",
                               [change.table, change.key, conflict.field, station_id]).fetchall():
        db.execute("UPDATE conflicts SET status = 'superseded', resolved_at = ?, resolved_by = ? WHERE id = ?",
                   [stamp, writer.actor, older])
        writer.add("settle_conflict", "conflict", older, None, {"status": "superseded", "import_id": import_id})
    db.execute("INSERT INTO conflicts (id, tbl, record_id, field, local_value, incoming_value, base_value, station_id, "
               "import_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [str(uuid.uuid4()), change.table, change.key, conflict.field, _to_text(conflict.local), incoming,
                _to_text(conflict.base), station_id, import_id, stamp])


@dataclass(frozen=True)
class Conflict:
    id: str
    table: str
    record_id: str
    field: str
    local: object
    incoming: object
    base: object
    station_id: str
    station_name: str
    detected_at: str
    status: str
    label: str


def list_conflicts(db: Database, open_only: bool = True) -> list[Conflict]:
    """Conflicts kept from imports (the open ones by default), with the record's label."""
    rows = db.execute("SELECT c.id, c.tbl, c.record_id, c.field, c.local_value, c.incoming_value, c.base_value, "
                      "c.station_id, COALESCE(s.name, ''), c.detected_at, c.status FROM conflicts c "
                      "LEFT JOIN stations s ON s.id = c.station_id" + (" WHERE c.status = 'open'" if open_only else "")
                      + " ORDER BY c.detected_at, c.tbl, c.record_id, c.field").fetchall()
    result, names = [], RecordNames(db)
    for row in rows:
        table = BY_NAME.get(row[1])
        record = _fetch(db, row[1], table.key, [row[2]]).get(row[2], {}) if table else {}
        # deleted here, or a twin of an activity held here not taken: named as the station's copy names it
        if table and not record and row[3] in (*DELETION_FIELDS, *TWIN_FIELDS):
            record = _latest_received(db, row[1], [row[2]], row[7]).get(row[2], {})
        loads = [None if v is None else json.loads(v) for v in row[4:7]]
        # a deletion made here, kept by an earlier version as the station's deletion held here: shown as made here
        name = DELETED_HERE_FIELD if row[3] == DELETED_FIELD and loads[0] is True else row[3]
        result.append(Conflict(row[0], row[1], row[2], name, loads[0], loads[1],
                               MISSING if row[6] is None else loads[2], row[7], row[8], row[9], row[10],
                               _label(row[1], record, names) if record else (
                                   loads[1] if row[3] == BLOCK_FIELD else row[2][:12])))
    return result


@dataclass(frozen=True)
class Settled:
    """What ``resolve_conflict`` settled, enough for ``reopen_conflict`` to put it back: the conflicts settled (a
    case's agency takes its district conflict along), the status they were given, and the record as it was before
    and after (``None`` after: the station's deletion was taken, which is not reopened)."""
    conflict_ids: tuple[str, ...]
    status: str
    table: str
    record_id: str
    field: str
    before: dict | None
    after: dict | None


def _record_now(db: Database, table: str, record_id: str) -> dict | None:
    """The record with its link lists (a case's parties and officers), as a settlement changes it; None when gone."""
    key = BY_NAME[table].key
    rows = rows_where(db, table, key, [record_id])
    return with_links(db, table, rows)[0] if rows and BY_NAME[table].links else (rows[0] if rows else None)


def resolve_conflict(db: Database, conflict_id: str, take_incoming: bool) -> Settled:
    """Keep this database's value, or take the station's; recorded and audited. Issued documents never change.
    A record deleted here that a station changed (``_copy_of_deleted``) is added back from the station's copy when
    taken, and stays deleted when kept: that deletion goes to the stations with the next hand-out, as a deletion
    merged does (``_deletions``). A station's entry of a publicity activity held here (``_twin_activity``) is added
    when taken (both kept), and stays out when kept. Returns what was settled, for ``reopen_conflict``."""
    row = db.execute("SELECT tbl, record_id, field, local_value, incoming_value, status, station_id FROM conflicts "
                     "WHERE id = ?", [conflict_id]).fetchone()
    if row is None:
        raise WorkstationError(_("There is no conflict {id} here; `bundle conflicts` lists the open ones with their "
                                 "ids.").format(id=conflict_id))
    tbl, record_id, name, local, incoming, status, station_id = row
    if status != "open":
        raise WorkstationError(_("This conflict was already resolved."))
    table = BY_NAME[tbl]
    if take_incoming and table.merge == "block":
        if _at_headquarters(db):  # headquarters withdraws a block its station refused, and allocates another
            raise WorkstationError(_(
                "A number block overlapping a different block or serials issued here is never taken (two stations "
                "would issue the same 文号): keep what is held here. A block a station refused is withdrawn here (on "
                "the Exchange page's {tab} tab, “{withdraw}”, or `numbers withdraw`); then allocate the station a "
                "block above the serials it issued (“{allocate}”, or `numbers allocate`).").format(
                tab=_("Number blocks"), withdraw=_("Withdraw number block…"), allocate=_("Allocate number block…")))
        raise WorkstationError(_("A number block overlapping a different block or serials issued here is never "
                                 "taken (two stations would issue the same 文号): keep what is held here, and agree "
                                 "with headquarters which serials the station holds."))
    if take_incoming and table.merge == "document":
        raise WorkstationError(_("An issued document never changes: keep this one, and issue a correction if the "
                                 "station's version is right."))
    if take_incoming and tbl == "cases" and name == "district":
        _refuse_district_of_another_agency(db, record_id, json.loads(incoming))
    deleted_here = name == DELETED_HERE_FIELD or (name == DELETED_FIELD and local is not None
                                                   and json.loads(local) is True)
    # the other open conflicts of a lead's decision unit (``_lead_decided_whole``): settled with this one, so that no
    # choice leaves a lead decided by one agency and assigned to another
    unit = db.execute(f"SELECT id, field, incoming_value FROM conflicts WHERE tbl = 'leads' AND record_id = ? AND "
                      f"status = 'open' AND station_id = ? AND id != ? AND field IN "
                      f"({', '.join('?' * len(LEAD_DECISION_UNIT))})",
                      [record_id, station_id, conflict_id, *LEAD_DECISION_UNIT]).fetchall() \
        if tbl == "leads" and name in LEAD_DECISION_UNIT else []
    with db.atomic():
        writer = AuditWriter(db)
        kept_before = _record_now(db, tbl, record_id)
        if deleted_here:
            if kept_before is None:  # else added back since (another station's copy taken): nothing is left to do
                _settle_deleted_here(db, table, record_id, station_id, take_incoming, writer)
        elif name in TWIN_FIELDS:
            # a station's entry of an activity held here (``_twin_activity``): both kept, its copy is added; the one
            # here kept, nothing changes (the station's copy is not merged)
            if take_incoming and kept_before is None:
                _settle_deleted_here(db, table, record_id, station_id, True, writer, twin_kept=True)
        elif take_incoming:
            value = json.loads(incoming)
            before = _fetch(db, tbl, table.key, [record_id]).get(record_id)
            link = next((link for link in table.links if link.field == name), None)
            if name == DELETED_FIELD:  # the station deleted it: delete it here too
                try:
                    with db.atomic():
                        db.execute(f"DELETE FROM {tbl} WHERE {table.key} = ?", [record_id])
                except driver.IntegrityError:
                    raise WorkstationError(_("{record} is still referred to here (by complaints or documents): keep "
                                             "it.").format(record=_label(tbl, before or {}))) from None
                db.execute("DELETE FROM sync_base WHERE tbl = ? AND record_id = ?", [tbl, record_id])
            elif link is not None:
                _write_links(db, link, record_id, value)
            else:
                names = _columns(db, tbl)
                extra = ", version = version + 1" if "version" in names else ""
                # a complaint has no updated_at: its field is taken as it is (``COMPLAINT_OFFICER_SET``)
                stamped = [now()] if "updated_at" in names else []
                # a lead's decision is taken whole, with the assignment it was made under (``LEAD_DECISION_UNIT``)
                taken = {name: value, **{field: json.loads(text) if text is not None else None
                                         for _id, field, text in unit}}
                db.execute(f"UPDATE {tbl} SET {', '.join(f'{n} = ?' for n in taken)}"
                           f"{', updated_at = ?' if stamped else ''}{extra} "
                           f"WHERE {table.key} = ?", [*taken.values(), *stamped, record_id])
                if tbl == "cases" and name == "agency_id":  # the district follows the agency taken
                    _take_agency_district(db, record_id)
            after = _fetch(db, tbl, table.key, [record_id]).get(record_id)
            writer.add("resolve_conflict", tbl, record_id, before, after)
        elif kept_before is not None and table.merge == "shared" and "updated_at" in _columns(db, tbl):
            # the value kept here was sent as undecided while the conflict was open (the record kept against a
            # station's deletion too, which that station kept meanwhile): the record goes out again with the next
            # hand-out, which brings the decision to the stations
            db.execute(f"UPDATE {tbl} SET updated_at = ? WHERE {table.key} = ?", [now(), record_id])
        settled = [conflict_id, *(row[0] for row in unit)]
        if tbl == "cases" and name == "agency_id":  # the case's district conflict goes with its agency's
            settled += [r[0] for r in db.execute("SELECT id FROM conflicts WHERE tbl = 'cases' AND record_id = ? "
                                                 "AND field = 'district' AND status = 'open'", [record_id])]
        for settled_id in settled:
            db.execute("UPDATE conflicts SET status = ?, resolved_at = ?, resolved_by = ? WHERE id = ?",
                       ["took_incoming" if take_incoming else "kept_local", now(), writer.actor, settled_id])
            writer.add("resolve_conflict", "conflict", settled_id, None, {"take_incoming": take_incoming})
        if tbl == "parties" and name == "name" and take_incoming:  # the cases listing the party list its name
            refresh_cases_of_parties(db, [record_id])
        fill_sort_keys(db)  # a party name or cause taken: its pinyin sort key
        writer.flush()
        return Settled(tuple(settled), "took_incoming" if take_incoming else "kept_local", tbl, record_id, name,
                       kept_before, _record_now(db, tbl, record_id))


def _settle_deleted_here(db: Database, table: Table, record_id: str, station_id: str, take_incoming: bool,
                         writer: AuditWriter, *, twin_kept: bool = False) -> None:
    """Settle the conflict of a station's changed copy of a record deleted here: taken, the latest version received
    from the station is added back (stamped now, so that the next hand-out brings it to the stations, the one that
    deleted it too), the version shared with the station its base; kept, the record stays deleted, which is
    audited as a deletion (no record after it, ``DELETED_BY``) so that the next hand-out deletes the station's copy.
    ``twin_kept``: taking a station's entry of a publicity activity held here (``_twin_activity``), both kept."""
    version = _latest_received(db, table.name, [record_id], station_id).get(record_id)
    if not take_incoming:  # the station's copy declined
        writer.add("resolve_conflict", table.name, record_id, version, None)
        return
    if version is None:
        raise WorkstationError(_("The station's copy of this record is no longer kept here: keep the deletion, and "
                                 "ask the station to enter the record again if it is needed."))
    if table.name == "publicity" and not twin_kept:  # ``twin_kept``: the officer keeps both entries of it
        _refuse_activity_entered_again(db, version)
    names = _columns(db, table.name)
    row = {**version, "updated_at": now()} if "updated_at" in names else dict(version)
    try:
        with db.atomic():
            _insert(db, table, row, names)
    except driver.IntegrityError:
        raise WorkstationError(_("{record} names a record that is no longer held here (its case or lead): the "
                                 "station's copy cannot be added back; keep the deletion.").format(
            record=_label(table.name, version, RecordNames(db)))) from None
    db.execute("INSERT INTO sync_base (tbl, record_id, row_json, station_id, updated_at) VALUES (?, ?, ?, ?, ?) "
               "ON CONFLICT(tbl, record_id) DO UPDATE SET row_json = excluded.row_json, "
               "station_id = excluded.station_id, updated_at = excluded.updated_at",
               [table.name, record_id, packed_row(version), station_id, now()])
    writer.add("resolve_conflict", table.name, record_id, None, _record_now(db, table.name, record_id))


def _refuse_activity_entered_again(db: Database, version: dict) -> None:
    """Refuse to add back a station's copy of a publicity activity deleted here when the log holds the same activity
    again (``store.publicity.same_activity``: entered anew since, here or at a station whose copy the deletion
    reached): it would be counted twice. Naming the one held, and what to do: keep the deletion."""
    from workstation.records import Publicity
    from workstation.store.base import from_row
    from workstation.store.publicity import activity_named, same_activity

    twin = same_activity(db, from_row(Publicity, version))
    if twin is not None:
        raise WorkstationError(tidy_spaces(_(
            "{activity} is in the publicity log again (id {id}), entered anew since it was deleted here: taking the "
            "station's copy back would count the activity twice. Keep the deletion instead (the activity entered "
            "again stays); nothing was changed.").format(activity=activity_named(db, twin), id=twin.id)))


def reopen_refusal(db: Database, settled: Settled) -> str | None:
    """Why the conflicts ``settled`` can no longer be reopened (None when they can): the station's deletion was
    taken, the record changed since, or the conflicts were settled otherwise since."""
    label = _label(settled.table, settled.before or {}, RecordNames(db)) if settled.before else settled.record_id[:12]
    if settled.after is None and settled.before is not None:
        return _("{record}: the station's deletion was taken, which cannot be undone here.").format(record=label)
    if _record_now(db, settled.table, settled.record_id) != settled.after:
        return _("{record} has changed since the conflict was settled, so it cannot be reopened: the conflict "
                 "stays settled.").format(record=label)
    ids = list(settled.conflict_ids)
    statuses = {r[0] for r in db.execute(f"SELECT status FROM conflicts WHERE id IN ({', '.join('?' * len(ids))})",
                                         ids)}
    if statuses != {settled.status}:
        return _("The conflict of {record} was settled again since: it cannot be reopened.").format(record=label)
    return None


def reopen_conflict(db: Database, settled: Settled) -> None:
    """Undo ``resolve_conflict``: the record gets back the values it had before (its version still counts up, so
    that no copy sent meanwhile looks newer) and the conflicts are open again; audited. A station's entry of a
    publicity activity held here that was taken (``_twin_activity``, both kept) is taken out again, audited as
    "reopen_twin": no deletion made here (``DELETED_BY``), so the station keeps its entry. Refused with
    ``reopen_refusal``'s reason when the record or the conflicts changed since."""
    why = reopen_refusal(db, settled)
    if why is not None:
        raise WorkstationError(why)
    table = BY_NAME[settled.table]
    links = {link.field: link for link in table.links}
    before, after = settled.before or {}, settled.after or {}
    with db.atomic():
        writer = AuditWriter(db)
        if settled.before is None and settled.after is not None:
            # the station's copy of a record deleted here was taken: deleted again (audited as a deletion, which
            # the next hand-out takes to the stations that got the copy meanwhile); a station's entry of an activity
            # held here taken (``_twin_activity``): taken out again, which is no deletion (``reopen_twin``)
            db.execute(f"DELETE FROM {table.name} WHERE {table.key} = ?", [settled.record_id])
            db.execute("DELETE FROM sync_base WHERE tbl = ? AND record_id = ?", [table.name, settled.record_id])
        else:
            changed = [c for c in before if c not in links and c != "version" and before[c] != after.get(c)]
            extra = ", version = version + 1" if "version" in before and changed else ""
            if changed:
                db.execute(f"UPDATE {table.name} SET {', '.join(f'{c} = ?' for c in changed)}{extra} "
                           f"WHERE {table.key} = ?", [*(before[c] for c in changed), settled.record_id])
            for name, link in links.items():
                if before.get(name) != after.get(name):
                    _write_links(db, link, settled.record_id, before.get(name) or [])
        # a station's entry of an activity held here, taken (both kept), taken out again: not a deletion made here
        # (``DELETED_BY``), which the next hand-out would take to the station, deleting its own activity, and which
        # would make its next bundle a copy of a record deleted here; the conflict is open again instead
        twin = settled.field in TWIN_FIELDS and settled.before is None
        writer.add("reopen_twin" if twin else "reopen_conflict", settled.table, settled.record_id, settled.after,
                   _record_now(db, settled.table, settled.record_id))
        for conflict_id in settled.conflict_ids:
            db.execute("UPDATE conflicts SET status = 'open', resolved_at = NULL, resolved_by = '' WHERE id = ?",
                       [conflict_id])
            writer.add("reopen_conflict", "conflict", conflict_id, None, {"status": "open"})
        if settled.table == "parties":  # a party's name put back: the cases listing the party list it again
            refresh_cases_of_parties(db, [settled.record_id])
        fill_sort_keys(db)
        writer.flush()


def _take_agency_district(db: Database, case_id: str) -> None:
    """Give the case its agency's district (``_district_follows_agency``) when it holds another."""
    db.execute(f"UPDATE cases SET district = {CASE_AGENCY_DISTRICT} WHERE id = ? AND district != {CASE_AGENCY_DISTRICT}",
               [case_id])


def _refuse_district_of_another_agency(db: Database, case_id: str, district) -> None:
    """Refuse to give a case a district other than its agency's: the district follows the agency."""
    row = db.execute("SELECT a.district, a.short_name FROM cases c JOIN agencies a ON a.id = c.agency_id "
                     "WHERE c.id = ?", [case_id]).fetchone()
    if row is not None and row[0] != district:
        raise WorkstationError(_("A case's district is its agency's ({agency}: {district}): keep the value held "
                                 "here, or take the station's agency if that conflict is open, and the district "
                                 "follows it.").format(agency=row[1], district=row[0] or _("the city bureau's own")))


def staging_folder(data_dir: Path) -> Path:
    """A new folder beside the file store (same disk) for a bundle's checked files until they are merged, named
    with this process's id. The folders of an import killed half-way (its process gone) are removed first, as each
    opening of the data removes them (``repair.remove_stale_incoming``): the merge was rolled back."""
    import os

    from workstation.repair import INCOMING_PREFIX, remove_stale_incoming

    remove_stale_incoming(data_dir)
    return Path(data_dir) / "files" / f"{INCOMING_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"


def _planned(db: Database, bundle: Bundle, *, trust: bool, dry_run: bool, cancel=None, progress=None) -> MergePlan:
    """``plan_merge`` for ``import_bundle``: a dry run previews the bundle of a station not trusted here as if
    ``trust`` were given, and one it refuses all the same is refused for the trust first, as the import is, the other
    reason said after it (following the dry run's advice meets no refusal it did not mention)."""
    if trust or not dry_run:
        return plan_merge(db, bundle, trust=trust, cancel=cancel, progress=progress)
    try:
        return plan_merge(db, bundle, trust=True, cancel=cancel, progress=progress)
    except BundleRefused as exc:
        name = bundle.path.name
        _untrusted_first(db, checked_card(bundle.station, name), name, exc)
        raise


def import_bundle(db: Database, data_dir: Path, path: str | Path, *, dry_run: bool = False, trust: bool = False,
                  take_agency: bool = False, progress=None, cancel=None) -> dict:
    """Verify the bundle at ``path``, then (unless ``dry_run``) merge it in one transaction. A dry run changes
    nothing, so it previews the bundle of a station not trusted here (or signed with a changed key) as if ``trust``
    were given, its ``station["status"]`` saying so; the import itself is refused without ``trust``. A trusted
    station's new name in its card is taken, its new agency only with ``take_agency`` (``station_card``).
    Returns {"new", "updated", "unchanged", "conflicts", "deleted", "station", "by_table", "case_counts", "dry_run",
    ...}: the four counts and ``by_table`` of records, ``case_counts`` of the cases (``MergePlan.case_counts``)."""
    from workstation.bundle.reader import open_bundle
    from workstation.security.session import encrypted
    from workstation.station import box_private_key

    # an encrypted data directory never holds a plaintext copy: its files are sealed as they are merged
    stage = None if dry_run or encrypted(data_dir) else staging_folder(data_dir)
    from workstation.bundle.envelope import NotForThisKey
    from workstation.bundle.reader import not_for_here

    try:
        # the station that signed it is checked before its records are read and its files hashed and staged
        opened = open_bundle(path, box_private_key(data_dir), progress=progress, cancel=cancel, stage=stage,
                             signer_check=signer_check(db, Path(path).name, trust=trust, dry_run=dry_run))
    except NotForThisKey as exc:
        raise not_for_here(db, data_dir, exc) from None
    with opened as bundle:
        # planned again when another program changed the data between the plan and the merge (``PlanOutdated``):
        # nobody saw this plan, so the one the data now gives is carried out
        attempts, plan = 0, None
        while True:
            if plan is None:
                plan = _planned(db, bundle, trust=trust, dry_run=dry_run, cancel=cancel, progress=progress)
            plan.take_agency = take_agency
            summary = {"station": {"id": plan.station["id"], "name": plan.station["name"],
                                   "fingerprint": plan.station["fingerprint"], "status": plan.station_status},
                       "bundle_id": plan.bundle_id, "by_table": plan.by_table(), "dry_run": dry_run,
                       "linked_leads": len(plan.linked_leads), "older_format": plan.older_format,
                       "undecided": plan.undecided, "undecided_station": plan.undecided_station,
                       "undecided_deletions": plan.undecided_deletions,
                       "agency_details": plan.details.summary(), "blocks_ignored": blocks_ignored(db, plan)}
            if dry_run:
                from workstation.bundle.calendar_part import calendar_summary

                # the cases (``MergePlan.case_counts``): here, or by the merge (``apply_merge``) once for its result
                return {**plan.counts(), **summary, "case_counts": plan.case_counts(),
                        "already_imported": plan.already_imported,
                        "settled": len(plan.settled), "station_card": card_summary(plan.card_change, take_agency),
                        "calendar": calendar_summary(db, data_dir, bundle, plan.station, dry_run=True)}
            try:
                result = apply_merge(db, data_dir, bundle, plan, progress=progress, cancel=cancel)
            except PlanOutdated as exc:
                attempts += 1
                if attempts == 3:  # changing all the time: said
                    raise
                plan = exc.plan  # the one the merge made again: carried out as it is (planned anew if refused)
                continue
            return {**result, **summary}
