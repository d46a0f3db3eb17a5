"""The screening run over the stored complaints: each complaint not screened yet gets its category and, when
related, its numbers, businesses, sector hint and district (``screen_complaint``); the related ones are grouped into leads that are created or updated (a lead keeps
its id from one run to the next; two leads joined go on as the one received first, and a group keeps the earliest day
received of the leads its complaints came from, so that no verification period, T1, starts again); all in one
audited transaction that a cancel rolls back. Complaints are
streamed in rowid batches and written with ``executemany``, so a million complaints fit in memory and time.
Only complaints not screened yet are classified again, unless the rules changed since the last run (their
digest is kept in the settings) or ``everything`` is asked for. Leads an officer already acted on (status
beyond registered, their case opened, or their T1 extended with approval) keep their complaints and are never regrouped: complaints about their
number make a lead of their own, whose pane names them (``hand_leads.decided_leads_about``). The complaints such a
lead (or one an officer registered) keeps keep their category too, whatever edited rules read: it was the basis of
the action taken (``_Pass._row``). Related complaints
naming a number or business that an undecided lead an officer registered names join that lead rather than make
another (``hand_leads``); at headquarters a station's leads are the station's, kept as they are. A lead a station
with an agency makes is held by that agency (``hand_leads.station_holder``), as one registered there by hand; one
headquarters makes waits to be assigned. Every complaint
screening puts in another lead, or in none, has its screening stamped (``screened_at``), so that the next bundle
carries its lead to headquarters. A
complaint stored twice (the same content key) is linked to its first copy (``link_doubles``), so that its lead counts
and lists it once.

Also the rule editor's preview: what edited rules would flag that the rules in force do not, and vice versa, and the
leads not acted on yet that saving them would remove, split, join or give other numbers or businesses."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern

from workstation.audit import AuditWriter
from workstation.db import Database, driver
from workstation.i18n import _, ngettext
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import new_id, now
from workstation.screening.complaint import (
    GROUPED_BY_NAMES,
    NOT_RELATED,
    RELATED,
    RULES_SETTING,
    Screened,
    rules_for,
    rules_or_shipped_for,
    screen_complaint,
)
from workstation.screening.grouping import Group, Joining, Member, NameJoin, group_members, summarise
from workstation.screening.hand_leads import (
    _UNDECIDED,
    CORRECTION_KEPT,
    EXTENDED_KEPT,
    KEPT_DRAFT,
    SCREENING_OPEN,
    hand_lead_of,
    named_by,
    station_holder,
    stations_leads,
    undecided_hand_leads,
)
from workstation.screening.phones import OWN_NUMBERS_SQL, business_key, hide_own_numbers, renormalised
from workstation.screening.rules import (
    Rules,
    check_edited_rules,
    classify,
    district_of,
    dropped_categories,
    parse_rules,
)
from workstation.store.base import fetch_dicts, get_setting, set_setting
from workstation.store.complaints import add_area_code, link_doubles, refill_wide_forms, reindex_numbers
from workstation.vocabulary import labels

BATCH = 5000
# the complaints a screening run reads although their screening is not redone (see m009_screening_index)
ATTENTION = "screened_at IS NULL OR category != '' OR lead_id IS NOT NULL"
# set once a screening run has linked the complaints stored twice (``link_doubles``); after that only a run that
# screens everything again or gives stored numbers their area code (which may make two copies alike) looks again
DOUBLES_SETTING = "complaint_doubles_linked"
LEAD_COLUMNS = ("source", "received_at", "description", "target_name", "target_phone", "sector", "group_key",
                "phones", "businesses", "category", "district", "complaint_count", "first_at", "last_at")


@dataclass
class ScreenResult:
    """What a screening run found: ``as_dict()`` is the ``leads screen --json`` result of CLI.md."""

    screened: int
    related: int
    related_ids: list[str]
    leads: list[dict]
    newly_screened: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    # {id of a lead an officer registered: the ids (as in the source file) of the complaints that joined it now}
    joined: dict[str, list[str]] = field(default_factory=dict)
    # the ids of the leads screening made that a complaint this run put in another lead names and that were kept,
    # their complaints unchanged, only because their verification period (T1) was extended with approval (``hand_leads.EXTENDED_KEPT``)
    extended_kept: list[str] = field(default_factory=list)
    # the ids of the leads screening made that this run left without complaints and that were kept, emptied, only
    # because an officer keeps an unfinished document draft for them (``hand_leads.KEPT_DRAFT``), not removed
    drafts_kept: list[str] = field(default_factory=list)
    # how many different complaints ``related`` counts: a complaint received through several channels (its copies
    # linked by ``same_as``) once, as its lead and the statistics count it (None: not counted)
    distinct: int | None = None

    def as_dict(self) -> dict:
        return {"screened": self.screened, "related": self.related, "related_ids": self.related_ids,
                # a district not found is null, as every other command gives a value it does not have
                "leads": [{**{k: lead[k] for k in ("id", "phones", "businesses", "complaint_ids")},
                           "district": lead["district"] or None} for lead in self.leads]}

    def joined_note(self) -> str:
        """What the run did with leads registered by hand: how many complaints joined how many of them ('' for
        none)."""
        complaints = sum(map(len, self.joined.values()))
        if not complaints:
            return ""
        leads = ngettext("{n} lead registered by hand", "{n} leads registered by hand", len(self.joined)).format(
            n=len(self.joined))
        return ngettext("{n} complaint joined {leads}.", "{n} complaints joined {leads}.", complaints).format(
            n=complaints, leads=leads)

    def copies_note(self) -> str:
        """How many of the related complaints are copies of one received through another channel too, and how many
        different complaints they are, as the leads and the statistics count them ('' for none): ``related`` and
        ``related_ids`` (CLI.md) count each copy, as its file lists it."""
        if self.distinct is None or self.distinct >= self.related:
            return ""
        copies = self.related - self.distinct
        return ngettext("{n} of them is the copy of a complaint received through another channel too: {distinct} "
                        "different complaints, each counted once, as the leads and the statistics count them.",
                        "{n} of them are copies of complaints received through another channel too: {distinct} "
                        "different complaints, each counted once, as the leads and the statistics count them.",
                        copies).format(n=f"{copies:,}", distinct=f"{self.distinct:,}")

    def kept_note(self) -> str:
        """What the run did with the leads kept for their approved extension of T1 that the complaints it put in
        other leads name ('' for none): they were not regrouped, those complaints went into other leads."""
        if not self.extended_kept:
            return ""
        return ngettext("{n} lead whose verification period (T1) was extended with approval was kept as acted on: "
                        "complaints naming its numbers went into other leads.",
                        "{n} leads whose verification period (T1) was extended with approval were kept as acted on: "
                        "complaints naming their numbers went into other leads.",
                        len(self.extended_kept)).format(n=len(self.extended_kept))

    def drafts_note(self) -> str:
        """What the run did with the leads it left without complaints that were kept for an officer's unfinished
        document draft ('' for none): kept, emptied, as the leads removed are said to be removed."""
        if not self.drafts_kept:
            return ""
        return ngettext("{n} lead left without complaints was kept, emptied, because a document draft is kept for "
                        "it: finish or discard the draft in the lead.",
                        "{n} leads left without complaints were kept, emptied, because document drafts are kept for "
                        "them: finish or discard the drafts in those leads.",
                        len(self.drafts_kept)).format(n=len(self.drafts_kept))


@dataclass
class PreviewItem:
    """One complaint the edited rules judge differently: its id as in the source file and its text."""

    id: str
    text: str
    before: str
    after: str


@dataclass
class Preview:
    """What edited rules would change: complaints newly flagged, no longer flagged, or put in another category
    (the counts are complete, the lists hold the first ``limit`` of each)."""

    added: list[PreviewItem] = field(default_factory=list)
    removed: list[PreviewItem] = field(default_factory=list)
    changed: list[PreviewItem] = field(default_factory=list)
    added_count: int = 0
    removed_count: int = 0
    changed_count: int = 0
    # the complaints related now and after saving, as the re-screen counts them (``ScreenResult.related``): those in
    # leads already acted on keep their category (``_Pass._row``), those an officer gave a verdict on follow it
    flagged_before: int = 0
    flagged_after: int = 0
    total: int = 0  # every stored complaint
    # of the complaints the edited rules no longer flag (``kept_removed``) or put in another category
    # (``kept_changed``), those in leads already acted on: saving keeps their category as it is (``_Pass._row``)
    kept_removed: int = 0
    kept_changed: int = 0
    # the categories stored leads or complaints hold that the edited rules no longer define: (key, label as the rules
    # in force name it, leads, complaints)
    dropped: list[tuple[str, str, int, int]] = field(default_factory=list)
    # the leads not acted on yet that saving would remove (``_remove_unused``): their complaints no longer flagged, or
    # grouped with another lead's; how many, and the first ``limit`` of them (id, received_at, phones, businesses),
    # received first first. A lead saving would keep emptied (a document or a draft refers to it) is not among them
    leads_removed: int = 0
    removed_leads: list[dict] = field(default_factory=list)
    # the leads not acted on yet that saving would group otherwise (``_regrouped``): split (their complaints in several
    # leads), joined (several made one) or kept whole with other numbers or businesses (the party and number their
    # documents name); how many, and the first ``limit`` of each, received first first. Split: (id, received_at,
    # phones, businesses, into: how many leads); joined: the lead made (phones, businesses) and ``from``, the leads it
    # is made of; changed: (id, received_at, phones, businesses, after_phones, after_businesses)
    leads_split: int = 0
    split_leads: list[dict] = field(default_factory=list)
    leads_joined: int = 0
    joined_leads: list[dict] = field(default_factory=list)
    leads_changed: int = 0
    changed_leads: list[dict] = field(default_factory=list)

    @property
    def kept_count(self) -> int:
        return self.kept_removed + self.kept_changed

    def kept_note(self) -> str:
        """How many of the complaints the edited rules no longer flag, and how many they put in another category,
        saving keeps as they are, being in leads already acted on ('' for none)."""
        notes = []
        if self.kept_removed:
            notes.append(ngettext(
                "{n} complaint the edited rules no longer flag is in a lead already acted on: it keeps its category "
                "and stays flagged.",
                "{n} complaints the edited rules no longer flag are in leads already acted on: they keep their "
                "category and stay flagged.", self.kept_removed).format(n=self.kept_removed))
        if self.kept_changed:
            notes.append(ngettext(
                "{n} complaint the edited rules put in another category is in a lead already acted on: it keeps its "
                "category.",
                "{n} complaints the edited rules put in another category are in leads already acted on: they keep "
                "their category.", self.kept_changed).format(n=self.kept_changed))
        return " ".join(notes)

    def leads_removed_note(self) -> str:
        """How many leads saving would remove, and that rules changed back do not bring them back as they were ('' for
        none)."""
        if not self.leads_removed:
            return ""
        return ngettext(
            "Saving these rules removes {n} lead not acted on yet: the edited rules no longer flag its complaints, or "
            "group them with another lead. Changing the rules back later does not bring it back: its complaints "
            "would make a new lead, received that day, its verification period (T1) counted from then.",
            "Saving these rules removes {n} leads not acted on yet: the edited rules no longer flag their complaints, "
            "or group them with other leads. Changing the rules back later does not bring them back: their "
            "complaints would make new leads, received that day, their verification period (T1) counted from then.",
            self.leads_removed).format(n=self.leads_removed)

    def grouping_note(self) -> str:
        """How many leads not acted on yet saving would split, join or give other numbers or businesses ('' for
        none): the categories may stay as they are while the leads do not."""
        notes = []
        if self.leads_split:
            notes.append(ngettext(
                "Saving these rules splits {n} lead not acted on yet: its complaints would be grouped in several leads.",
                "Saving these rules splits {n} leads not acted on yet: the complaints of each would be grouped in "
                "several leads.", self.leads_split).format(n=self.leads_split))
        if self.leads_joined:
            notes.append(ngettext(
                "Saving these rules makes {n} lead of several leads not acted on yet: their complaints would be grouped "
                "together.",
                "Saving these rules makes {n} leads, each of several leads not acted on yet: their complaints would be "
                "grouped together.", self.leads_joined).format(n=self.leads_joined))
        if self.leads_changed:
            notes.append(ngettext(
                "Saving these rules changes the numbers or businesses of {n} lead not acted on yet, the caller and "
                "party its documents name.",
                "Saving these rules changes the numbers or businesses of {n} leads not acted on yet, the callers and "
                "parties their documents name.", self.leads_changed).format(n=self.leads_changed))
        return " ".join(notes)

    def dropped_note(self) -> str:
        """What saving does with the categories the edited rules no longer define ('' for none), one line each."""
        return "\n".join(_(
            "The edited rules no longer define the category {label} ({key}) of {leads} and {complaints}: saving "
            "screens those complaints again with the edited rules, except those in leads already acted on, which keep "
            "it, shown as a category no longer defined.").format(
                label=label, key=key, leads=ngettext("{n} lead", "{n} leads", leads).format(n=leads),
                complaints=ngettext("{n} complaint", "{n} complaints", complaints).format(n=complaints))
            for key, label, leads, complaints in self.dropped)


def screen(db: Database, *, rules: Rules | None = None, everything: bool = False, progress: ProgressFn = no_progress,
           cancel: CancelToken | None = None) -> ScreenResult:
    """Screen the complaints and group the related ones into leads (one transaction; see the module)."""
    # the importer screens as it imports: its module is imported here, when used
    from workstation.importing.complaints import lost_zero_codes

    rules = rules or rules_for(db)
    with _small_cache(db), db.atomic():
        again = everything or get_setting(db, RULES_SETTING) != rules.digest
        state = _Pass(db, rules, again)
        state.numbers_fixed = add_area_code(db, rules.phones["default_area_code"], lost_zero_codes())
        if again or state.numbers_fixed or get_setting(db, DOUBLES_SETTING) is None:
            state.doubles = link_doubles(db)
            set_setting(db, DOUBLES_SETTING, "1")
        state.run(progress, cancel)
        if again:  # the rules' area code and local-number words say how the texts' numbers read when normalised
            reindex_numbers(db, rules, progress=progress, cancel=cancel)
        state.join_by_names()  # complaints naming no keyword but a number or business of those that do
        audit = AuditWriter(db)
        result = _regroup(state, audit, progress)
        set_setting(db, RULES_SETTING, rules.digest)
        audit.add("screen", "complaints", "screening", None,
                  {"screened": result.screened, "related": result.related, "newly_screened": result.newly_screened,
                   "leads": len(result.leads), "created": result.created, "updated": result.updated,
                   "removed": result.removed, "joined": sum(map(len, result.joined.values())),
                   "rules": rules.digest, "numbers_normalised": state.numbers_fixed,
                   "doubles_linked": state.doubles})
        audit.flush()
    return result


@contextmanager
def _small_cache(db: Database, kib: int = 16384):
    """A streaming pass gains nothing from a large page cache but would fill it (the connection allows 128 MB):
    keep it small while screening so memory stays flat, then restore it."""
    previous = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-kib}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(previous)}")


def _open_leads(db: Database) -> dict[str, dict]:
    """The leads screening may regroup, by id: registered by screening and not acted on. A lead whose case was opened
    (立案中) is acted on too, though still registered: never regrouped or removed; nor, at headquarters, a station's
    lead (``hand_leads.stations_leads``): it keeps its complaints there. A complaint in a lead not among them keeps its
    category (``_Pass._row``)."""
    stations, params = stations_leads(db)
    return {r["id"]: r for r in fetch_dicts(db, f"SELECT * FROM leads WHERE {SCREENING_OPEN} AND NOT {stations}",
                                            params)}


class _Pass:
    """One screening pass over every complaint in rowid batches: the complaints to (re)screen are classified
    and written back; every related or linked complaint is collected for grouping, with the leads that may
    change (open: registered and made by screening) and those that may not (kept)."""

    def __init__(self, db: Database, rules: Rules, again: bool):
        self.db, self.rules = db, rules
        self.redo = "1" if again else "screened_at IS NULL"
        self.open = _open_leads(db)
        self.current: dict[int, str | None] = {}
        self.external: dict[int, str] = {}
        self.members: list[Member] = []
        self.kept: dict[str, list[int]] = defaultdict(list)
        self.related_ids: list[str] = []
        self.related_roots: set[str] = set()  # the complaints they are, a copy through another channel as its first
        # the complaints screening joined before by the number or business they name (``grouped_by``, m080), no
        # officer's verdict on them, in no lead or an open one: left out of the members until ``join_by_names``
        # decides again, by rowid with their screening columns as stored (category, phones, businesses, sector,
        # district)
        self.unjoined: dict[int, tuple[str, str, str, str, str]] = {}
        self.sources = _source_keys(rules)
        self.total = self.screened = self.numbers_fixed = self.doubles = 0

    def run(self, progress: ProgressFn, cancel) -> None:
        self.total = self.db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
        columns = ("rowid, external_id, id, received_at, category, phones, businesses, sector, district, source, "
                   f"channel, same_as, lead_id, CASE WHEN {self.redo} THEN text END, complainant_phone, "
                   "target_name, address, verdict, complainant_masked, verdict_category, grouped_by")
        stamp, done, message = now(), 0, _("Screening complaints")
        batches, total = self._batches(columns)
        progress(0, total, message)
        for rows in batches:
            related, cleared, screened = [], [], []
            for row in rows:
                self._row(row, related, cleared, screened)
            if screened:
                self.db.execute("UPDATE complaints SET screened_at = ? WHERE rowid IN (SELECT value FROM json_each(?))",
                                [stamp, json.dumps(screened)])
            self.db.conn.executemany("UPDATE complaints SET category = '', phones = '', businesses = '', "
                                     "sector = '', grouped_by = '' WHERE rowid = ?", cleared)
            self.db.conn.executemany("UPDATE complaints SET category = ?, phones = ?, businesses = ?, sector = ?, "
                                     "district = ?, grouped_by = ? WHERE rowid = ?", related)
            done += len(rows)
            progress(min(done, total), total, message)
            if cancel is not None:
                cancel.check()
        progress(total, total, message)

    def _batches(self, columns: str):
        """The rows the pass reads, in rowid order and batches, and how many there are (for the progress).
        When at most a quarter of the complaints need it (after an import that screened its rows: the related
        ones), their rowids come from the ``complaints_attention`` index and only they are read; otherwise the
        table is read in rowid ranges."""
        if self.redo != "1":
            count = self.db.execute(f"SELECT COUNT(*) FROM complaints INDEXED BY complaints_attention "
                                    f"WHERE {ATTENTION}").fetchone()[0]
            if count * 4 <= self.total:
                rowids = sorted(r[0] for r in self.db.execute(
                    f"SELECT rowid FROM complaints INDEXED BY complaints_attention WHERE {ATTENTION}"))
                sql = (f"SELECT {columns} FROM complaints WHERE rowid IN (SELECT value FROM json_each(?)) "
                       "ORDER BY rowid")
                return (self.db.execute(sql, [json.dumps(rowids[i:i + BATCH])]).fetchall()
                        for i in range(0, len(rowids), BATCH)), count
        return self._ranges(columns), self.total

    def _ranges(self, columns: str):
        sql = (f"SELECT {columns} FROM complaints WHERE rowid > ? AND ({self.redo} OR category != '' "
               "OR lead_id IS NOT NULL) ORDER BY rowid LIMIT ?")
        last = 0
        while rows := self.db.execute(sql, [last, BATCH]).fetchall():
            last = rows[-1][0]
            yield rows

    def _row(self, row: tuple, related: list, cleared: list, screened: list) -> None:
        """Screen one complaint when it needs it (numbers, businesses, sector and district only for related
        ones: nothing reads them for the others, and most complaints are not related), then collect it. One that
        screening joined by the number or business it names (``grouped_by``), no verdict on it, in no lead or an open
        one, is collected as not related, its screening as stored kept aside (``unjoined``): ``join_by_names``
        decides again whether it joins, once the complaints naming a keyword are collected (those it joined may be
        judged unrelated since, or no longer name that number)."""
        (rowid, external_id, cid, received_at, category, phones, businesses, sector, district, source, channel,
         same_as, lead_id, text, complainant, target, address, verdict, masked, chosen, grouped) = row
        joined = grouped == GROUPED_BY_NAMES and verdict is None and (lead_id is None or lead_id in self.open)
        if text is not None:
            self.screened += 1
            screened.append(rowid)
            # an officer's verdict (m036) overrides the rules' reading, every time, in the category chosen with it (m076)
            # every number of the complainant's cell is their own (13911110001 075781234567: ``complainant_digits``)
            # (and the numbers its export showed masked, 138****8000: ``complainant_masked``, m060)
            found = screen_complaint(text, tuple(complainant.split()), target, address, district, self.rules,
                                     verdict=verdict, masked=masked or "", verdict_category=chosen)
            if category and lead_id is not None and lead_id not in self.open and verdict != NOT_RELATED:
                # in a lead an officer already acted on, which keeps it: the category it was screened with stays
                # whatever the rules read now, the basis of that action (the lead is evidence of what was screened
                # then), so that it still counts among the related complaints and its pane names its lead
                # (one joined by the number or business it names stays marked so: ``grouped_by``)
                found, grouped = (found._replace(category=category), "") if found.category else \
                    (Screened(category, phones, businesses, sector, district), grouped)
            else:
                grouped = ""
            if found.category:
                related.append((*found, grouped, rowid))
            elif category and joined:
                self.unjoined[rowid] = (category, phones, businesses, sector, district)
            elif category:
                cleared.append((rowid,))
            category, phones, businesses, sector, district = found
        elif joined:
            if category:
                self.unjoined[rowid] = (category, phones, businesses, sector, district)
            category = phones = businesses = sector = ""
        elif category and phones and (normal := renormalised(phones, self.rules)) != phones:
            # numbers an earlier version stored as written (a landline without 0757): normalised again, so that
            # they group with the complaints naming the same number the way it is normalised now
            phones = normal
            self.numbers_fixed += 1
            related.append((category, phones, businesses, sector, district, grouped, rowid))
        if category or lead_id is not None:
            self._add(rowid, external_id, cid, received_at, phones, businesses, category, sector, district, source,
                      channel, same_as, lead_id, address)

    def _add(self, rowid, external_id, cid, received_at, phones, businesses, category, sector, district, source,
             channel, same_as, lead_id, address) -> None:
        self.external[rowid] = external_id or cid
        if category:
            self.related_ids.append(self.external[rowid])
            self.related_roots.add(same_as or cid)
        if lead_id is not None and lead_id not in self.open:
            self.kept[lead_id].append(rowid)
            return
        self.current[rowid] = lead_id
        if not category:
            return
        # the same few values recur on thousands of complaints: one string object each keeps memory flat
        self.members.append(Member(rowid, tuple(map(intern, phones.split())), tuple(map(intern, businesses.split())),
                                   received_at or "", intern(category), intern(sector), intern(district),
                                   self._source(source, channel), same_as is not None, self.town(address),
                                   same_as or cid))

    def town(self, address: str | None) -> tuple[str, ...]:
        """The district and town an address names (``Member.town``), () when it names no town of Foshan."""
        place = district_of(address or "", self.rules)
        return (intern(place.district), intern(place.town)) if place is not None and place.town else ()

    def join_by_names(self) -> int:
        """Join to the complaints of a category (``members``) the complaints with none that name one of their numbers
        or businesses (据号码/名称归并, ``grouping.NameJoin.match``: a business only when the text names it, or with a
        number shared too), marked ``grouped_by`` (m080): each in the category of the first complaint naming it,
        carrying only the numbers and businesses it shares with them, so that it never joins two leads nor brings in
        a number of its own. Not one an exclusion of the rules rules out (话费账单, 信号差, 拨打10086), one the officer
        judged (a verdict), one in a lead an officer acted on, nor by the complainant's own number, a service number
        or a generic name, which screening never reads as one (``screen_complaint`` ``names``). The complaints joined
        before (``unjoined``) are decided again the same way: those joining nothing now are no longer related, so
        that ``_regroup`` takes them out of their lead. The complaints naming them are looked up in the texts' trigram
        index (the text and the 被反映对象 column) and the index of numbers (``_naming_rowids``), and only they are
        read; only the complaints whose screening changes are written, their screening stamped (the next bundle
        carries it). Returns how many joined."""
        join = NameJoin(self.members, self.rules)
        rowids = _naming_rowids(self.db, join) if join else set()
        written, joined, stamp = [], 0, now()
        for (rowid, external_id, cid, received_at, text, complainant, target, address, district, source, channel,
             same_as, lead_id, masked, category) in self.db.execute(
                "SELECT rowid, external_id, id, received_at, text, complainant_phone, target_name, address, district, "
                "source, channel, same_as, lead_id, complainant_masked, category FROM complaints WHERE rowid IN "
                "(SELECT value FROM json_each(?)) AND (category = '' OR grouped_by = ?) AND verdict IS NULL "
                "ORDER BY rowid", [json.dumps(sorted(rowids)), GROUPED_BY_NAMES]).fetchall():
            stored = self.unjoined.get(rowid)
            if (lead_id is not None and lead_id not in self.open) or (category and stored is None):
                continue  # kept by a lead an officer acted on; or related by its own keywords now
            found, match = _joining(join, self.rules, text, complainant, target, address, district, masked)
            if match is None:
                continue
            self.unjoined.pop(rowid, None)
            values = (match.category, " ".join(match.phones), " ".join(match.businesses), found.sector,
                      found.district)
            if values != stored:
                written.append((*values, stamp, rowid))
            self.external[rowid] = external_id or cid
            self.related_ids.append(self.external[rowid])
            self.related_roots.add(same_as or cid)
            self.current[rowid] = lead_id
            self.members.append(Member(rowid, match.phones, match.businesses, received_at or "", match.category,
                                       intern(found.sector), intern(found.district), self._source(source, channel),
                                       same_as is not None, self.town(address), same_as or cid))
            joined += 1
        self.db.conn.executemany("UPDATE complaints SET category = '', phones = '', businesses = '', sector = '', "
                                 "grouped_by = '', screened_at = ? WHERE rowid = ?",
                                 [(stamp, rowid) for rowid in sorted(self.unjoined)])
        self.db.conn.executemany("UPDATE complaints SET category = ?, phones = ?, businesses = ?, sector = ?, "
                                 f"district = ?, grouped_by = '{GROUPED_BY_NAMES}', screened_at = ? WHERE rowid = ?",
                                 written)
        self.unjoined.clear()
        return joined

    def _source(self, source: str, channel: str) -> str:
        for value in (source, channel):
            key = self.sources.get((value or "").strip())
            if key:
                return key
        for value in (source, channel):
            for word, key in self.sources.items():
                if value and word and word in value:
                    return key
        return "12345"


def _joining(join: NameJoin, rules: Rules, text: str | None, complainant: str | None, target: str | None,
             address: str | None, district: str | None, masked: str | None) -> tuple[Screened, Joining | None]:
    """A complaint naming no keyword screened with ``rules`` reading names (``screen_complaint`` ``names``) and what
    ``join`` joins it to by the numbers and businesses found (None: nothing): the one path of screening
    (``_Pass.join_by_names``) and of the preview (``_preview_joins``)."""
    found = screen_complaint(text or "", tuple((complainant or "").split()), target or "", address or "",
                             district or "", rules, masked=masked or "", names=True)
    return found, join.match(found.phones, found.businesses, text or "")


def _naming_rowids(db: Database, join: NameJoin) -> set[int]:
    """The rowids of the complaints that may name a number or business of ``join`` (``NameJoin.search_words``): those
    the texts' trigram index finds (the text and the 被反映对象 column; 200 words a query), and those the index of
    numbers holds one of (a text writing it otherwise than normalised: 0757-8345 6789, +86 139…). A superset:
    ``NameJoin.match`` decides."""
    words = join.search_words()
    rowids: set[int] = set()
    for start in range(0, len(words), 200):
        query = " OR ".join('"' + word.replace('"', '""') + '"' for word in words[start:start + 200])
        rowids.update(r[0] for r in db.execute("SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?",
                                               [query]))
    if join.phones:
        rowids.update(rowid for rowid, numbers in db.execute("SELECT complaint_rowid, numbers FROM complaint_numbers")
                      if not join.phones.keys().isdisjoint(numbers.split()))
    return rowids


def _source_keys(rules: Rules) -> dict[str, str]:
    """Every way a complaint's source or channel may be written, with the lead_sources key it means."""
    keys = {}
    for key, label in labels("lead_sources").items():
        keys[key] = keys[label] = key
    for key, words in rules.lead_sources.items():
        for word in words:
            keys.setdefault(word, key)
    return keys


def _grouped(db: Database, rules: Rules, members: list[Member], open_leads: dict[str, dict],
             held: dict[int, str | None]) -> tuple[list[Group], dict[int, str], dict[int, str]]:
    """The groups of ``members`` (``group_members``); those naming what an undecided lead an officer registered names,
    with the lead each joins (``screening.hand_leads``), by ``id`` of the group; and the others continuing an open lead
    (``_match_leads``, each member's lead now in ``held``), with that lead: as ``_regroup`` writes them and
    ``preview_rules`` foresees them."""
    groups = group_members(members, rules)
    owner = undecided_hand_leads(db, rules) if groups else {}
    hand = {id(g): lead_id for g in groups if (lead_id := hand_lead_of(g, owner, rules)) is not None}
    return groups, hand, _match_leads(open_leads, held, [g for g in groups if id(g) not in hand])


def _regroup(state: _Pass, audit: AuditWriter, progress: ProgressFn) -> ScreenResult:
    from workstation.leads_workflow import receiver_here

    db, rules = state.db, state.rules
    progress(0, 1, _("Grouping related complaints into leads"))
    groups, hand, chosen = _grouped(db, rules, state.members, state.open, state.current)
    samples = _sample_texts(db, [ref for g in groups if id(g) not in hand for ref in g.samples], rules)
    stamp = now()
    leads, links, created, updated = [], {}, 0, 0
    joined: dict[str, list[int]] = defaultdict(list)
    holder = station_holder(db)  # a station's own agency holds the leads it screens (None at headquarters)
    receiver = receiver_here(db)  # and received them (the city bureau at headquarters): recorded with each
    for group in groups:
        if (hand_lead := hand.get(id(group))) is not None:
            refs = [member.ref for member in group.members]
            joined[hand_lead] += refs
            links.update(dict.fromkeys(refs, hand_lead))
            continue
        lead_id = chosen.get(id(group))
        row = _lead_row(group, rules, samples, stamp)
        # the day its T1 counts from does not start again: a lead found again keeps the day it was registered
        # (received_at), and a group whose complaints came from leads screening made (two leads joined, one split)
        # the earliest of theirs, with the agency that received it then (received_by)
        earliest = _earliest_receipt(state.open, state.current, group)
        if lead_id is None:
            lead_id = new_id()
            _insert_lead(db, audit, {"id": lead_id, "status": "registered", **row,
                                     "received_at": earliest["received_at"] if earliest else stamp,
                                     "agency_id": holder, "created_at": stamp, "updated_at": stamp,
                                     # a split goes on from the receipt it came from, its receiver NULL
                                     # where that lead's is not known (not this station's agency now)
                                     "received_by": earliest["received_by"] if earliest else receiver})
            created += 1
        elif _update_lead(db, audit, state.open[lead_id],
                          {**row, **_receipt_from(state.open[lead_id], earliest)}, stamp):
            updated += 1
        for member in group.members:
            links[member.ref] = lead_id
        leads.append({"id": lead_id, "phones": group.phones, "businesses": group.businesses,
                      "complaint_ids": [state.external[m.ref] for m in group.members], "district": group.district})
    # a complaint put in another lead (or in none) has its screening stamped now, so that the next bundle carries
    # its lead to headquarters and headquarters takes it (``bundle.merge`` takes the later screening)
    changes = [(links.get(ref), stamp, ref) for ref, lead in state.current.items() if links.get(ref) != lead]
    db.conn.executemany("UPDATE complaints SET lead_id = ?, screened_at = ? WHERE rowid = ?", changes)
    removed, drafts_kept = _remove_unused(db, audit, set(state.open) - set(chosen.values()), stamp)
    _join_hand_leads(state, audit, joined, stamp)
    leads += _kept_leads(db, state)
    progress(1, 1, _("Grouping related complaints into leads"))
    return ScreenResult(screened=state.total, related=len(state.related_ids), related_ids=state.related_ids,
                        leads=leads, created=created, updated=updated, removed=removed, drafts_kept=drafts_kept,
                        newly_screened=state.screened, distinct=len(state.related_roots),
                        extended_kept=_extended_named(db, rules, [m for m in state.members
                                                                  if links.get(m.ref) != state.current.get(m.ref)]),
                        joined={lead_id: [state.external[ref] for ref in sorted(refs)]
                                for lead_id, refs in sorted(joined.items())})


def _join_hand_leads(state: _Pass, audit: AuditWriter, joined: dict[str, list[int]], stamp: str) -> None:
    """The leads officers registered that complaints joined (``joined``: {lead id: the complaints' rowids}, linked
    already and their screening stamped, ``_regroup``): each one's count and first and last dates worked out again
    from all its complaints, its own words kept (``verdict._recount``), audited with the complaints that joined it;
    listed with the lead in the result."""
    from workstation.screening.verdict import _recount

    for lead_id, refs in sorted(joined.items()):
        _recount(state.db, audit, lead_id, state.rules, stamp)
        audit.add("group", "lead", lead_id, None, {"complaints": sorted(state.external[ref] for ref in refs)})
        state.kept[lead_id] = sorted(state.kept[lead_id] + refs)


def _match_leads(open_leads: dict[str, dict], current: dict[int, str | None], groups: list[Group]) -> dict[int, str]:
    """For each group (by ``id()``), the open lead (``open_leads``) it continues: of those its complaints belonged to
    (``current``: {ref: lead id}), the one received first — two leads joined go on as the earlier, so that its T1 runs
    on, its id kept —, then the one with its key, then the one most of them belonged to; else an unused open lead with
    its key."""
    by_key = {}
    for lead_id, lead in open_leads.items():
        by_key.setdefault(lead["group_key"], lead_id)
    used: set[str] = set()
    chosen: dict[int, str] = {}
    for group in groups:
        counts: dict[str, int] = defaultdict(int)
        for member in group.members:
            lead_id = current.get(member.ref)
            if lead_id is not None and lead_id not in used:
                counts[lead_id] += 1
        if counts:
            choice = min(counts, key=lambda lead_id: (open_leads[lead_id]["received_at"] or "",
                                                      open_leads[lead_id]["group_key"] != group.key,
                                                      -counts[lead_id], lead_id))
        else:
            choice = by_key.get(group.key)
            choice = None if choice in used else choice
        if choice is not None:
            used.add(choice)
            chosen[id(group)] = choice
    return chosen


def _earliest_receipt(open_leads: dict[str, dict], current: dict[int, str | None], group: Group) -> dict | None:
    """The earliest received (``received_at``) of the open leads the complaints of ``group`` belonged to, None when
    they belonged to none: the group goes on from its receipt — the day and the agency that received it, as that lead
    records it (``received_by``) —, whichever lead it continues or when it makes a new one (a lead split), so that no
    T1 starts again."""
    leads = [open_leads[lead_id] for member in group.members
             if (lead_id := current.get(member.ref)) in open_leads and open_leads[lead_id]["received_at"]]
    return min(leads, key=lambda lead: lead["received_at"]) if leads else None


def _receipt_from(lead: dict, earliest: dict | None) -> dict:
    """The receipt (``received_at``, ``received_by``) an open lead goes on from: its own, or the earlier one of a
    lead whose complaints it takes (``_earliest_receipt``), that lead's receiving agency with it — NULL when that
    lead records none (not known: m069 left it so for a lead held outside the station's bureau), never this
    installation's agency now, as a lead split from it takes."""
    if earliest is not None and (not lead["received_at"] or earliest["received_at"] < lead["received_at"]):
        return {"received_at": earliest["received_at"], "received_by": earliest["received_by"]}
    return {"received_at": lead["received_at"], "received_by": lead["received_by"]}


def _sample_texts(db: Database, refs: list[int], rules: Rules) -> dict[int, str]:
    """The texts of the sample complaints ``refs`` as a lead's description quotes them: the complainant's own
    number masked (it does not belong in the case file; the numbers complained about stay)."""
    texts = {}
    for start in range(0, len(refs), 500):
        chunk = refs[start:start + 500]
        for ref, text, own in db.execute(
                f"SELECT rowid, text, {OWN_NUMBERS_SQL} FROM complaints WHERE rowid IN "
                f"({','.join('?' * len(chunk))})", chunk):
            # each of the numbers of the cell, those its export showed masked too (138****8000)
            texts[ref] = hide_own_numbers(text or "", (own or "").split(), rules)
    return texts


def _lead_row(group: Group, rules: Rules, samples: dict[int, str], stamp: str) -> dict:
    summary = rules.summary
    none, length = summary["none"], summary["sample_length"]
    texts = [" ".join(samples.get(ref, "").split()) for ref in group.samples]
    town = _town(group, texts, rules)
    description = summary["template"].format(
        category=rules.category_label(group.category), count=group.count, first=_paper_day(group.first_at) or none,
        last=_paper_day(group.last_at) or none, phones="、".join(group.phones) or none,
        businesses="、".join(group.businesses) or none, place=(group.district + town) or none,
        samples="\n".join(f"{n}. {t[:length]}" for n, t in enumerate(texts, 1))).strip()
    # received_at: the day the bureau received the materials, registering the lead as screening finds it in the
    # complaints imported (REFERENCE §1.2 T1: from the day the lead is discovered), not the hotline's receipt of
    # its first complaint (first_at, shown as the complaints' dates); a lead found again keeps its own (_regroup)
    return {"source": group.source, "received_at": stamp, "description": description,
            "target_name": group.businesses[0] if group.businesses else "",
            "target_phone": group.phones[0] if group.phones else "", "sector": group.sector, "group_key": group.key,
            "phones": " ".join(group.phones), "businesses": " ".join(group.businesses), "category": group.category,
            "district": group.district, "complaint_count": group.count, "first_at": group.first_at or None,
            "last_at": group.last_at or None}


def _paper_day(value: str) -> str:
    """The day of ``value`` (ISO) as the documents quoting the description print dates: 2026年3月25日, as every other
    date on them (``money.chinese_date``); empty for none, a day that is no ISO date as it was received."""
    from workstation.money import chinese_date

    try:
        return chinese_date(value[:10])
    except ValueError:
        return value[:10]


def _town(group: Group, texts: list[str], rules: Rules) -> str:
    """The town of the group's district named in its business names, else the one most of its complaints' addresses
    name (``summarise``), else one named in its sample texts."""
    for text in [" ".join(group.businesses), group.town, *texts]:
        place = district_of(text, rules)
        if place is not None and place.district == group.district and place.town:
            return place.town
    return ""


def lead_from_complaints(db: Database, complaint_ids: list[str], rules: Rules | None = None) -> str:
    """Make a new lead of related complaints that no lead groups (the 相关但未成线索 list), the way screening makes
    one (the same summary and description), and return its id. An officer's lead: screening keeps it as it is
    (no group key) and leaves its complaints in it. A complaint unknown, not related or already in a lead is
    refused, naming it, and nothing changes."""
    from workstation.errors import WorkstationError
    from workstation.leads_workflow import receiver_here

    if not complaint_ids:
        raise WorkstationError(_("Select the complaints to make a lead of."))
    rules = rules or rules_for(db)
    with db.atomic():
        rows = _refuse_unless_waiting(db, complaint_ids)
        state = _Pass(db, rules, again=False)
        group = summarise([_member(rows[cid], state) for cid in complaint_ids], rules=rules)
        stamp = now()
        lead_id = new_id()
        row = _lead_row(group, rules, _sample_texts(db, group.samples, rules), stamp)
        audit = AuditWriter(db)
        # no group key: screening neither regroups nor removes a lead an officer made (see _Pass.open)
        _insert_lead(db, audit, {"id": lead_id, "status": "registered", **row, "group_key": "",
                                 "agency_id": station_holder(db), "created_at": stamp, "updated_at": stamp,
                                 "received_by": receiver_here(db)})
        # their screening stamped with their lead, as screening's own links (``_regroup``): the next bundle carries it
        db.execute("UPDATE complaints SET lead_id = ?, screened_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                   [lead_id, stamp, json.dumps(list(complaint_ids))])
        audit.add("group", "lead", lead_id, None, {"complaints": sorted(complaint_ids)})
        audit.flush()
    return lead_id


def leads_to_join(db: Database) -> list[dict]:
    """The leads related complaints in no lead may be added to (``add_complaints_to_lead``): those not decided yet,
    with no case opened for them, that name a business, by business."""
    return fetch_dicts(db, "SELECT id, received_at, businesses, target_name, phones, complaint_count FROM leads "
                           f"WHERE {_UNDECIDED} AND (businesses != '' OR target_name != '') "
                           "ORDER BY COALESCE(NULLIF(businesses, ''), target_name), received_at")


def add_complaints_to_lead(db: Database, lead_id: str, complaint_ids: list[str], rules: Rules | None = None) -> None:
    """Add related complaints in no lead to the lead ``lead_id`` (not decided yet) of the business they are about:
    each complaint's 被投诉方 (target_name, as the export's column would have named it; the export's own row stays in
    ``raw``) becomes the lead's business, audited, so that every later screening reads that business in it and
    groups it with the lead; the lead's count, dates and description are worked out again the way screening works
    them out. A complaint unknown, not related or already in a lead, or a lead decided or naming no business, is
    refused, naming it, and nothing changes."""
    from workstation.errors import WorkstationError

    if not complaint_ids:
        raise WorkstationError(_("Select the complaints to add to a lead."))
    rules = rules or rules_for(db)
    with db.atomic():
        found = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [lead_id])
        if not found or found[0]["status"] not in ("registered", "assigned"):
            raise WorkstationError(_("The lead chosen is decided already or no longer stored: read the list again."))
        lead = found[0]
        if lead["case_id"]:  # its case carries the complaints it was opened with (the case's sources)
            case = db.execute("SELECT case_number FROM cases WHERE id = ?", [lead["case_id"]]).fetchone()
            raise WorkstationError(_("The lead chosen has its case {case} opened: complaints are no longer added "
                                     "to it. Make a lead of them, or add them to another open lead of their "
                                     "business.").format(
                case=(case[0] if case and case[0] else lead["case_id"])))
        business = (lead["businesses"].split() or [lead["target_name"]])[0]
        if not business:
            raise WorkstationError(_("The lead chosen names no business: complaints are added to a lead of the "
                                     "business they are about."))
        _refuse_unless_waiting(db, complaint_ids)
        audit = AuditWriter(db)
        stamp = now()
        for before in fetch_dicts(db, "SELECT * FROM complaints WHERE id IN (SELECT value FROM json_each(?))",
                                  [json.dumps(list(complaint_ids))]):
            named = " ".join(dict.fromkeys([*before["businesses"].split(), business]))
            # its screening stamped too (``_regroup``): the next bundle carries its lead and business
            db.execute("UPDATE complaints SET target_name = ?, businesses = ?, lead_id = ?, screened_at = ? "
                       "WHERE id = ?", [business, named, lead_id, stamp, before["id"]])
            audit.add("update", "complaint", before["id"], before,
                      {**before, "target_name": business, "businesses": named, "lead_id": lead_id,
                       "screened_at": stamp})
        refill_wide_forms(db, complaint_ids)  # the business named: its full-width forms noted again (m074)
        state = _Pass(db, rules, again=False)
        members = [_member(row, state) for row in _complaint_rows(
            db, [r[0] for r in db.execute("SELECT id FROM complaints WHERE lead_id = ?", [lead_id])])]
        group = summarise(members, rules=rules)
        row = _lead_row(group, rules, _sample_texts(db, group.samples, rules), stamp)
        if not lead["group_key"]:  # registered by hand (or made by an officer): its own words stay, its count grows
            row = {**{c: lead[c] for c in LEAD_COLUMNS},
                   **{c: row[c] for c in ("complaint_count", "first_at", "last_at")}}
        # the lead keeps the day it was registered, and its key: a lead found again by screening does too
        _update_lead(db, audit, lead, {**row, "received_at": lead["received_at"], "group_key": lead["group_key"]},
                     stamp)
        audit.flush()


def _complaint_rows(db: Database, complaint_ids: list[str]) -> list[dict]:
    return fetch_dicts(db, "SELECT rowid AS ref, id, external_id, received_at, category, phones, businesses, sector, "
                           "district, source, channel, same_as, lead_id, address FROM complaints "
                           "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(list(complaint_ids))])


def _member(row: dict, state: _Pass) -> Member:
    return Member(row["ref"], tuple(row["phones"].split()), tuple(row["businesses"].split()), row["received_at"] or "",
                  row["category"], row["sector"], row["district"], state._source(row["source"], row["channel"]),
                  row["same_as"] is not None, state.town(row["address"]), row["same_as"] or row["id"])


def _refuse_unless_waiting(db: Database, complaint_ids: list[str]) -> dict[str, dict]:
    """The complaints ``complaint_ids`` by id, each related and in no lead; else refused naming the first that is
    not."""
    from workstation.errors import WorkstationError

    rows = {r["id"]: r for r in _complaint_rows(db, complaint_ids)}
    for cid in complaint_ids:
        row = rows.get(cid)
        if row is None:
            raise WorkstationError(_("Complaint {ref} is not in the database (any more): read the list again."
                                     ).format(ref=cid))
        ref = row["external_id"] or cid
        if not row["category"]:
            raise WorkstationError(_("Complaint {ref} does not concern personal information: only related "
                                     "complaints are made into leads.").format(ref=ref))
        if row["lead_id"] is not None:
            raise WorkstationError(_("Complaint {ref} is in a lead already: read the list again.").format(ref=ref))
    return rows


def _insert_lead(db: Database, audit: AuditWriter, row: dict) -> None:
    db.execute(f"INSERT INTO leads ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    audit.add("create", "lead", row["id"], None, row)


def _update_lead(db: Database, audit: AuditWriter, before: dict, row: dict, stamp: str) -> bool:
    """Write the recomputed columns of an open lead when they changed; True when they did. Its receiving agency
    (``received_by``) too when ``row`` gives it (its receipt taken from another lead, ``_receipt_from``)."""
    columns = LEAD_COLUMNS + (("received_by",) if "received_by" in row else ())
    if all(before[column] == row[column] for column in columns):
        return False
    after = {**before, **row, "updated_at": stamp}
    db.execute(f"UPDATE leads SET {', '.join(f'{c} = ?' for c in columns)}, updated_at = ? WHERE id = ?",
               [row[c] for c in columns] + [stamp, before["id"]])
    audit.add("update", "lead", before["id"], before, after)
    return True


def _remove_unused(db: Database, audit: AuditWriter, lead_ids: set[str], stamp: str) -> tuple[int, list[str]]:
    """Delete the open leads no group continues (their complaints were regrouped or are no longer related);
    one that a document already refers to is kept, emptied, and so is one an officer keeps an unfinished document
    draft for (``hand_leads.KEPT_DRAFT``: a draft goes with its lead, and the work in it would be lost), and so is
    one an officer's correction took a complaint out of while the correction stands (``hand_leads.CORRECTION_KEPT``:
    clearing it puts the complaint back into that lead, its day received and T1 as they were; emptied, it is no lead
    counted meanwhile, ``hand_leads.EMPTIED_BY_CORRECTION``). Returns how many were deleted, and the ids of those kept
    for a draft that this emptied (their complaints gone now)."""
    removed, drafts_kept = 0, []
    for lead_id in sorted(lead_ids):
        before = fetch_dicts(db, "SELECT * FROM leads WHERE id = ?", [lead_id])[0]
        if db.execute(f"SELECT 1 FROM leads WHERE id = ? AND {CORRECTION_KEPT}", [lead_id]).fetchone():
            pass  # kept, emptied, for the complaint a correction took out of it (``verdict.correct_complaint``)
        elif not db.execute(f"SELECT 1 FROM leads WHERE id = ? AND {KEPT_DRAFT}", [lead_id]).fetchone():
            try:
                with db.atomic():
                    db.execute("DELETE FROM leads WHERE id = ?", [lead_id])
                audit.add("delete", "lead", lead_id, before, None)
                removed += 1
                continue
            except driver.IntegrityError:
                pass
        elif before["complaint_count"]:
            drafts_kept.append(lead_id)
        if before["complaint_count"]:
            db.execute("UPDATE leads SET complaint_count = 0, updated_at = ? WHERE id = ?", [stamp, lead_id])
            audit.add("update", "lead", lead_id, before, {**before, "complaint_count": 0, "updated_at": stamp})
    return removed, drafts_kept


def _extended_named(db: Database, rules: Rules, moved: list[Member]) -> list[str]:
    """The ids of the leads kept only for their approved extension of T1 (``hand_leads.EXTENDED_KEPT``) that one of
    the complaints this run put in another lead (``moved``) names (a number or business of theirs): regrouped, they
    would have taken it. A run putting none anywhere new names none, so that the note is said once, not every run."""
    named = {key for member in moved
             for key in (*member.phones, *(business_key(name, rules) for name in member.businesses))}
    if not named:
        return []
    stations, params = stations_leads(db)  # at headquarters a station's lead is kept whatever it holds
    rows = fetch_dicts(db, "SELECT id, phones, target_phone, businesses, target_name FROM leads "
                           f"WHERE {EXTENDED_KEPT} AND NOT {stations} ORDER BY received_at, id", params)
    return [row["id"] for row in rows if named.intersection(business_key(i, rules) for i in named_by(row, rules))]


def _kept_leads(db: Database, state: _Pass) -> list[dict]:
    """The leads an officer already acted on, as the result lists them (their complaints unchanged). A lead registered
    by hand names its business as whom it is about (``target_name``) and its number as ``target_phone`` when it has
    none in ``businesses`` and ``phones`` (as ``hand_leads.named_by`` reads it)."""
    leads = []
    for lead_id, refs in sorted(state.kept.items()):
        row = db.execute("SELECT phones, target_phone, businesses, target_name, district FROM leads WHERE id = ?",
                         [lead_id]).fetchone()
        phones, target_phone, businesses, target_name, district = row if row else ("", "", "", "", "")
        name = " ".join((target_name or "").split())
        leads.append({"id": lead_id, "phones": renormalised(phones or target_phone or "", state.rules).split(),
                      "businesses": businesses.split() or ([name] if name else []),
                      "complaint_ids": [state.external[r] for r in refs], "district": district})
    return leads


def apply_rules(db: Database, data_dir: str | os.PathLike, text: str, *, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> ScreenResult:
    """Put the rules ``text`` in force for ``db`` (whose data directory is ``data_dir``), as the rules editor's Save
    does: every complaint is screened again with them and the index of numbers filled again (``screen``), with
    progress, and only then are they made the data directory's rules (the shipped text: the edited copy removed, so
    that the shipped file applies again). All of it is one transaction: a cancel or an error leaves the rules in
    force, the complaints' screening, the leads and the index of numbers as they were. A malformed text raises
    ``RulesError`` naming the key at fault and changes nothing, as does one giving two categories one label
    (``check_edited_rules``). A category stored leads or complaints hold may be dropped (the shipped rules restored
    after one was added): its complaints are screened again, except those in leads already acted on, which keep it
    (``_Pass._row``), named as a category no longer defined (``Rules.category_label``). The save is audited in the
    same transaction (``_audit_rules_save``)."""
    from workstation.screening.rules import (
        RULES_PARTS,
        put_in_force,
        restore_shipped_rules,
        shipped_rules_path,
        stage_rules,
    )

    target = Path(data_dir).joinpath(*RULES_PARTS)
    rules = parse_rules(text, str(target))
    check_edited_rules(db, rules, text)  # no label used twice
    shipped = text == shipped_rules_path().read_text(encoding="utf-8")
    edited = target.is_file()  # the rules in force before: the data directory's edited copy, else the shipped file
    staged = None
    try:
        with db.atomic():
            result = screen(db, rules=rules, progress=progress, cancel=cancel)
            if cancel is not None:
                cancel.check()
            staged = None if shipped else stage_rules(data_dir, text)  # a file that cannot be written: rolled back
            _audit_rules_save(db, target if edited else shipped_rules_path(), rules, edited=edited, shipped=shipped)
    except BaseException:
        if staged is not None:
            staged.unlink(missing_ok=True)
        raise
    if staged is None:
        restore_shipped_rules(data_dir)
    else:
        put_in_force(staged, target)
    return result


def _audit_rules_save(db: Database, before: Path, rules: Rules, *, edited: bool, shipped: bool) -> None:
    """The audit entry of a rules save (``apply_rules``, within its transaction): "update" of "screening_rules"
    ``rules.toml``, the rules in force before (the file ``before``: the edited copy when ``edited``, else the shipped
    file) and after as records of the file's name, its digest (``Rules.digest``, which the screening entry names
    too) and whether it is the shipped file, and after, whether the save restored the shipped rules (the edited copy
    removed)."""
    from workstation.screening.rules import RULES_PARTS, file_digest

    name = RULES_PARTS[-1]
    audit = AuditWriter(db)
    audit.add("update", "screening_rules", name, {"file": name, "digest": file_digest(before), "shipped": not edited},
              {"file": name, "digest": rules.digest, "shipped": shipped, "shipped_restored": shipped and edited})
    audit.flush()


def preview_rules(db: Database, rules_text: str, *, limit: int = 50, progress: ProgressFn = no_progress,
                  cancel: CancelToken | None = None) -> Preview:
    """What ``rules_text`` would flag differently from what is stored, over every stored complaint (the category
    screening stored; for a complaint not screened yet, what the rules in force read), without writing anything,
    counted as saving would leave them (``Preview.flagged_after`` is the re-screen's ``related``). A malformed text
    raises ``RulesError`` naming the key at fault, as does one that ``apply_rules`` would refuse
    (``check_edited_rules``); the categories stored that it no longer defines are listed (``Preview.dropped``)."""
    edited = parse_rules(rules_text, _("the edited rules"))
    # an edited copy that cannot be read: the editor shows the shipped rules in its place, compared with them
    current = rules_or_shipped_for(db)
    check_edited_rules(db, edited, rules_text)  # no label used twice
    preview = Preview(dropped=[(key, current.category_label(key), leads, complaints)
                               for key, leads, complaints in dropped_categories(db, edited)])
    open_leads = _open_leads(db)
    preview.total = db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
    # a complaint an officer gave a verdict on (m036) keeps it whatever the rules say: related (in some category)
    # or not, before and after
    related = db.execute("SELECT COUNT(*) FROM complaints WHERE verdict = ?", [RELATED]).fetchone()[0]
    preview.flagged_before = preview.flagged_after = related
    total = db.execute("SELECT COUNT(*) FROM complaints WHERE verdict IS NULL").fetchone()[0]
    cursor = db.execute(f"SELECT {_GROUPED}, screened_at IS NOT NULL, text, category FROM complaints "
                        "WHERE verdict IS NULL ORDER BY rowid")
    # the related complaints as saving would group them (``_Pass``: those of leads acted on stay there), and the open
    # lead each is in now: the leads saving would remove are worked out from them
    members: list[Member] = []
    held: dict[int, str | None] = {}
    # the complaints flagged now that the edited rules find no category in, in no lead or an open one: whether they
    # are flagged after saving is known once the joins are (``_preview_joins``), {rowid: (id, category now)}
    maybe_joined: dict[int, tuple[str, str]] = {}
    done, message = 0, _("Trying the edited rules")
    progress(0, total, message)
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            external_id, cid, lead_id, screened, text, category = row[1], row[2], row[4], row[-3], row[-2], row[-1]
            # what saving changes from: the category stored, once screened (the rules in force may not be those it
            # was screened with: a file put in the data directory by hand); the rules in force read the others
            before = (category or "") if screened else classify(text, current) or ""
            after = classify(text, edited) or ""
            if after and (lead_id is None or lead_id in open_leads):
                _simulated_member(row, text, edited, None, members, held)
            # in a lead an officer acted on: screening keeps its category whatever the rules read (``_Pass._row``)
            kept = bool(category) and lead_id is not None and lead_id not in open_leads
            preview.flagged_before += bool(category if kept else before)
            if before and not after and (lead_id is None or lead_id in open_leads):
                maybe_joined[row[0]] = (external_id or cid, before)
                continue
            preview.flagged_after += bool(category if kept else after)
            if before != after:
                _note(preview, PreviewItem(external_id or cid, text, before, after), limit)
                if kept and after != category:  # no longer flagged or put in another category: saving keeps it
                    if after:
                        preview.kept_changed += 1
                    else:
                        preview.kept_removed += 1
        done += len(rows)
        progress(done, total, message)
        if cancel is not None:
            cancel.check()
    # a complaint an officer judged related is related whatever the rules read: in the category the officer chose
    # with the verdict (m076) while the edited rules define it, else in the one they read (the fallback when none),
    # counted among those put in another category when saving moves it (``_Pass._row``)
    for row in db.execute(f"SELECT {_GROUPED}, screened_at IS NOT NULL, text, category, verdict_category "
                          "FROM complaints WHERE verdict = ? ORDER BY rowid", [RELATED]):
        external_id, cid, lead_id, screened, text, category, chosen = (row[1], row[2], row[4], *row[-4:])
        grouped = lead_id is None or lead_id in open_leads
        after = _simulated_member(row, text, edited, RELATED, members if grouped else [], held if grouped else {},
                                  chosen)
        before = (category or "") if screened else _simulated_member(row, text, current, RELATED, [], {}, chosen)
        if before != after:
            _note(preview, PreviewItem(external_id or cid, text, before, after), limit)
            if not grouped and category and after != category:  # in a lead an officer acted on: saving keeps it
                preview.kept_changed += 1
    _preview_joins(db, preview, edited, open_leads, members, held, maybe_joined, limit)
    # grouped as ``_regroup`` groups them: a group naming what an undecided lead an officer registered names joins it
    groups, hand, chosen = _grouped(db, edited, members, open_leads, held)
    removed = _leads_removed(db, open_leads, chosen)
    preview.leads_removed, preview.removed_leads = len(removed), removed[:limit]
    _regrouped(preview, edited, open_leads, groups, hand, chosen, held, limit)
    return preview


def _preview_joins(db: Database, preview: Preview, rules: Rules, open_leads: dict[str, dict], members: list[Member],
                   held: dict[int, str | None], maybe_joined: dict[int, tuple[str, str]], limit: int) -> None:
    """The complaints naming no keyword of the edited ``rules`` that saving would join to the related ones
    (``members``) by the number or business they name, matched as screening matches them (``_Pass.join_by_names``:
    ``grouping.NameJoin``): added to ``members`` and ``held``, counted flagged after and noted in ``preview`` when
    flagged otherwise now, with the complaints flagged now that the edited rules find no category in
    (``maybe_joined``): noted no longer flagged unless joined."""
    join = NameJoin(members, rules)
    rowids = _naming_rowids(db, join) if join else set()
    joined: dict[int, tuple[str, str, str]] = {}  # rowid: (id, text, category after saving)
    for row in db.execute(f"SELECT {_GROUPED}, text FROM complaints WHERE rowid IN (SELECT value FROM json_each(?)) "
                          "AND verdict IS NULL ORDER BY rowid", [json.dumps(sorted(rowids))]).fetchall():
        rowid, external_id, cid, received_at, lead_id, same_as, complainant, target, address, district, masked, text = \
            row
        if (lead_id is not None and lead_id not in open_leads) or classify(text or "", rules):
            continue  # kept by a lead an officer acted on; or related by its own keywords, a member already
        found, match = _joining(join, rules, text, complainant, target, address, district, masked)
        if match is None:
            continue
        members.append(Member(rowid, match.phones, match.businesses, received_at or "", match.category,
                              found.sector, found.district, "", same_as is not None, (), same_as or cid))
        held[rowid] = lead_id
        joined[rowid] = (external_id or cid, text or "", match.category)
    for rowid, (ref, before) in maybe_joined.items():
        _ref, text, after = joined.pop(rowid, (ref, None, ""))
        preview.flagged_after += bool(after)
        if before != after:
            if text is None:  # no longer flagged: its text read only when listed
                text = db.execute("SELECT text FROM complaints WHERE rowid = ?", [rowid]).fetchone()[0] \
                    if len(preview.removed) < limit else ""
            _note(preview, PreviewItem(ref, text or "", before, after), limit)
    for ref, text, after in joined.values():  # not flagged now: flagged once saved
        preview.flagged_after += 1
        _note(preview, PreviewItem(ref, text, "", after), limit)


# what the preview reads of a complaint to group it as saving would (``_simulated_member``)
_GROUPED = ("rowid, external_id, id, received_at, lead_id, same_as, complainant_phone, target_name, address, "
            "district, complainant_masked")


def _simulated_member(row: tuple, text: str, rules: Rules, verdict: str | None, members: list[Member],
                      held: dict[int, str | None], verdict_category: str | None = None) -> str:
    """Add the complaint ``row`` (``_GROUPED``, then its text) as screening with ``rules`` would group it to
    ``members``, and its lead now to ``held``, when it is related; its category as screening would store it ('' when
    not related). ``verdict``: the officer's, with the category chosen with it (``verdict_category``)."""
    rowid, _external, cid, received_at, lead_id, same_as, complainant, target, address, district, masked = row[:11]
    found = screen_complaint(text or "", tuple((complainant or "").split()), target or "", address or "",
                             district or "", rules, verdict=verdict, masked=masked or "",
                             verdict_category=verdict_category)
    if not found.category:
        return ""
    members.append(Member(rowid, tuple(found.phones.split()), tuple(found.businesses.split()), received_at or "",
                          found.category, found.sector, found.district, "", same_as is not None, (), same_as or cid))
    held[rowid] = lead_id
    return found.category


def _leads_removed(db: Database, open_leads: dict[str, dict], chosen: dict[int, str]) -> list[dict]:
    """The open leads that screening would remove, the groups continuing open leads being ``chosen`` (``_match_leads``)
    as ``_regroup`` chooses them: ``_remove_unused`` removes the leads no group continues, but keeps, emptied, those a
    document or a draft refers to, left out here. Received first first."""
    unused = set(open_leads) - set(chosen.values())
    if not unused:
        return []
    kept = {lead_id for (lead_id,) in db.execute(
        f"SELECT id FROM leads WHERE id IN (SELECT value FROM json_each(?)) AND ({KEPT_DRAFT} OR {_referred_to(db)} "
        f"OR {CORRECTION_KEPT})",
        [json.dumps(sorted(unused))])}
    return sorted((_brief(open_leads[lead_id]) for lead_id in unused - kept), key=_received_first)


def _brief(lead: dict) -> dict:
    return {key: lead[key] for key in ("id", "received_at", "phones", "businesses")}


def _received_first(lead: dict) -> tuple[str, str]:
    return lead["received_at"] or "", lead["id"]


def _regrouped(preview: Preview, rules: Rules, open_leads: dict[str, dict], groups: list[Group], hand: dict[int, str],
               chosen: dict[int, str], held: dict[int, str | None], limit: int) -> None:
    """Note in ``preview`` the open leads whose complaints the ``groups`` of the edited ``rules`` put otherwise (each
    complaint's lead now in ``held``; the groups joining a lead an officer registered in ``hand``, those continuing an
    open lead in ``chosen``): a lead whose complaints go to several groups is split; a group of complaints from several
    leads joins them; a lead a group continues, neither split nor joined, whose numbers or businesses differ from the
    group's gets other ones, and so does one whose first number or business would be another, the same ones in
    another order (the first number and business are the party and number its documents name)."""
    into: dict[str, set] = defaultdict(set)  # each open lead: where its complaints go (a group, a hand lead)
    sources: dict[int, set[str]] = {}  # each group: the open leads its complaints are in now
    for group in groups:
        where = hand.get(id(group), id(group))
        sources[id(group)] = set()
        for member in group.members:
            if (lead_id := held.get(member.ref)) in open_leads:
                into[lead_id].add(where)
                sources[id(group)].add(lead_id)
    split = sorted((open_leads[lead_id] for lead_id, places in into.items() if len(places) > 1), key=_received_first)
    split_ids = {lead["id"] for lead in split}
    joined, changed = [], []
    for group in groups:
        if id(group) in hand:
            continue
        if len(sources[id(group)]) > 1:
            joined.append({"phones": " ".join(group.phones), "businesses": " ".join(group.businesses),
                           "from": [_brief(lead) for lead in sorted((open_leads[lead_id] for lead_id in
                                                                    sources[id(group)]), key=_received_first)]})
            continue
        lead_id = chosen.get(id(group))
        if lead_id is None or lead_id in split_ids:
            continue
        lead = open_leads[lead_id]
        if (_other_named(renormalised(lead["phones"] or "", rules).split(), group.phones)
                or _other_named((lead["businesses"] or "").split(), group.businesses)):
            changed.append({**_brief(lead), "after_phones": " ".join(group.phones),
                            "after_businesses": " ".join(group.businesses)})
    joined.sort(key=lambda lead: _received_first(lead["from"][0]))
    changed.sort(key=_received_first)
    preview.leads_split, preview.split_leads = len(split), [
        {**_brief(lead), "into": len(into[lead["id"]])} for lead in split[:limit]]
    preview.leads_joined, preview.joined_leads = len(joined), joined[:limit]
    preview.leads_changed, preview.changed_leads = len(changed), changed[:limit]


def _other_named(before: list[str], after: list[str]) -> bool:
    """Whether a lead naming the numbers (or businesses) ``before`` names others ``after``: another set of them, or
    another first one (the one its documents name: ``target_phone``, ``target_name``)."""
    return before[:1] != after[:1] or set(before) != set(after)


def _referred_to(db: Database) -> str:
    """An SQL condition on ``leads`` true of a lead a record refers to that keeps it from being deleted (a document,
    an interview, a step of its history: ``_remove_unused`` keeps it, emptied); the complaints are relinked first,
    and a lead's drafts are deleted with it."""
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != "
                                             "'complaints' AND name NOT LIKE 'sqlite_%'")]
    referring = [f"EXISTS (SELECT 1 FROM \"{table}\" WHERE \"{key[3]}\" = leads.id)" for table in tables
                 for key in db.execute(f"PRAGMA foreign_key_list(\"{table}\")")
                 if key[2] == "leads" and key[6].upper() not in ("CASCADE", "SET NULL")]
    return " OR ".join(referring) or "0"


def _note(preview: Preview, item: PreviewItem, limit: int) -> None:
    kind = "added" if not item.before else "removed" if not item.after else "changed"
    setattr(preview, f"{kind}_count", getattr(preview, f"{kind}_count") + 1)
    items = getattr(preview, kind)
    if len(items) < limit:
        items.append(item)
