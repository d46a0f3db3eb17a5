"""Which tables travel in a bundle, in the order they are merged (a record's references come before it), and
how each merges: ``shared`` records are merged field by field against the last shared version (a field
changed on both sides is a conflict), ``append`` records never change once written, ``document`` records are
frozen except the move from issued to void, ``complaint`` rows keep their imported text and take the latest
screening (a lead's ``lead_history`` is appended with it, like a case's timeline) and the fields an officer sets
(``COMPLAINT_OFFICER_SET``, a conflict when set on both sides), ``block`` rows (number blocks,
号段) are added when no block here says the same, and one overlapping a different block held here is a conflict,
never taken."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """Rows of a link table carried inside their owner's record as one field (a list)."""

    field: str  # the field name in the record, e.g. "_parties"
    table: str
    owner: str  # column naming the owner
    columns: tuple[str, ...]  # the other columns, in the order of each list item
    order: str = ""  # column the list is sorted by ("rowid": kept in the order its rows were written)


@dataclass(frozen=True)
class Table:
    name: str
    merge: str  # shared | append | document | complaint | block
    key: str = "id"
    unique: tuple[tuple[str, ...], ...] = ()  # other unique columns: a different record holding them is refused
    links: tuple[Link, ...] = field(default_factory=tuple)
    frozen: tuple[str, ...] = ()  # document columns that never change
    # (column, value): the unique columns hold among the rows of that value only, as a partial unique index (m041:
    # a voided 文号 may share its number with one issued; m045: a voided evidence item its file with one in force); a
    # row without the column (a bundle of an older version) is taken as holding that value
    unique_among: tuple[str, str] | None = None


CASE_LINKS = (Link("_parties", "case_parties", "case_id", ("party_id", "role", "position"), "position"),
              Link("_officers", "case_officers", "case_id", ("officer_id", "position"), "position"))
# an interview's parties in the order the officer listed them (its store reads them by rowid): its minutes, its
# register row and its documents' first party read them in that order at headquarters too
INTERVIEW_LINKS = (Link("_parties", "interview_parties", "interview_id", ("party_id",), "rowid"),)

TABLES: tuple[Table, ...] = (
    Table("officers", "shared"),
    Table("parties", "shared"),
    Table("cases", "shared", unique=(("case_number",),), links=CASE_LINKS),
    Table("case_events", "append"),
    Table("clock_events", "shared"),
    Table("leads", "shared"),
    Table("lead_history", "append"),  # a lead's re-assignments and withdrawn decisions, with the lead
    Table("interviews", "shared", links=INTERVIEW_LINKS),
    Table("publicity", "shared"),
    Table("complaints", "complaint"),
    Table("files", "append", key="sha256"),
    Table("documents", "document", frozen=("case_id", "interview_id", "lead_id", "form_id", "form_version", "title",
                                          "number", "values_json", "pdf_sha256", "pages", "supersedes_id",
                                          "issued_at", "issued_by")),
    Table("doc_numbers", "document", unique=(("number",), ("agency_id", "type_code", "year", "serial")),
          frozen=("agency_id", "type_code", "year", "serial", "number", "document_id", "issued_at"),
          unique_among=("status", "issued")),
    # a file is unique in its case for each recipient among the items in force: the same file may be registered
    # again once the item holding it was voided (m045), and once for each person or unit it was provided to (m055)
    Table("evidence", "shared", unique=(("case_id", "sha256", "recipient"),), unique_among=("void_reason", "")),
    Table("number_blocks", "block"),  # every block known, both ways (a bundle of an older version has none)
    # the officer's review of a decision's publication copy (公示版, m049: the names to mask), with its decision: the
    # station or headquarters writing the copy after a merge masks the same persons (a bundle of an older version has
    # none; a review changed on both sides is a conflict, field by field)
    Table("publication_reviews", "shared", key="document_id"),
)
BY_NAME = {t.name: t for t in TABLES}

# the field a conflict names when a station deleted a record changed here
DELETED_FIELD = "_deleted"
# the field a conflict names when a station changed a record deleted here (conflicts kept before named
# ``DELETED_FIELD`` with the value True held here)
DELETED_HERE_FIELD = "_deleted_here"
DELETION_FIELDS = (DELETED_FIELD, DELETED_HERE_FIELD)
# the field a conflict names when a station's number block overlaps a different block held here
BLOCK_FIELD = "_number_block"
# fields that say when or how often a record changed, not what it says: never a conflict
META_FIELDS = frozenset({"created_at", "updated_at", "version"})
# screening results of a complaint, taken from the side that screened it last
# (with an officer's verdict overriding screening, m036, the lead it took the complaint out of, m037, and the
# category chosen with it, m076: a bundle of an older version carrying a verdict without one chose none; and whether
# screening joined it by the number or business it names, m080)
COMPLAINT_SCREENING = ("lead_id", "category", "phones", "businesses", "sector", "same_as", "screened_at", "district",
                       "verdict", "verdict_reason", "verdict_by", "verdict_at", "verdict_lead", "verdict_category",
                       "grouped_by")
# the columns of a complaint's imported row an officer may set (the others never change once imported): the
# 被投诉方 given a complaint put in a lead (并入线索…, ``screening.screen.add_complaints_to_lead``, audited as an
# "update" of the complaint). Merged as officer-edited fields: taken when the sender's officer set it since its last
# bundle, kept when only this side's did, a conflict when both did (``merge._officer_set``)
COMPLAINT_OFFICER_SET = ("target_name",)


def base_row(row: dict) -> str:
    """A record as kept for the last version shared with another station (canonical JSON)."""
    import json

    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def packed_row(row: dict) -> bytes:
    """A record as ``sync_base`` and ``sync_versions`` keep it (m033): its ``base_row`` JSON compressed (zlib),
    about half as long; with the tables' rowid (a case's JSON text overflowed a page of the WITHOUT ROWID tables
    m008 and m012 made) both stay about a quarter as large as before."""
    import zlib

    return zlib.compress(base_row(row).encode("utf-8"), 6)


def unpacked_row(value: bytes | str) -> dict:
    """The record ``packed_row`` kept; a version kept as JSON text (before m033) is read as it is."""
    import json
    import zlib

    return json.loads(zlib.decompress(value) if isinstance(value, bytes) else value)


def common_digest(row: dict) -> str:
    """The sha256 of what a last shared version of a record says (``META_FIELDS`` left out: headquarters' copy
    of the same version counts its edits apart). A station's bundle carries it for each record it shares (and
    each it deletes), so that headquarters can tell whether the station's copy grew from what headquarters
    holds as the base, or from an older version (a bundle made before the station took headquarters' latest
    hand-out)."""
    import hashlib

    return hashlib.sha256(base_row({k: v for k, v in row.items() if k not in META_FIELDS}).encode("utf-8")).hexdigest()


# records a station may delete, by the entity its audit log names them with; the deletion travels in the audit
# segment (a deleted record is not in the bundle any more)
DELETABLE = {"publicity": "publicity", "clock_event": "clock_events", "lead": "leads"}


# Leads another station made from work orders this database already holds under a lead of its own (two stations
# screening the same hotline export): {lead id: the id of one of those complaints here}. Each stays its station's
# record (merged by UUID, owned and deleted by that station as any other), and is reported as one with the lead
# that complaint belongs to here — as long as it groups no complaint held here itself. Changes are audited
# (action link_leads).
LINKED_LEADS_KEY = "bundle_linked_leads"
# how far a lead has got: decided (3), assigned (1), registered (0)
LEAD_PROGRESS = "(decided_on IS NOT NULL) * 2 + (status != 'registered')"
# a lead (``member.lead``, the leads row read) held by the station of the district that owns it: a station trusted
# here sent it (``sync_versions``) and the station's own agency is, or is over, the agency the lead was assigned to —
# 顺德's copy assigned to its 伦教所, not 南海's copy of the same work orders assigned to 顺德区局. Read by the
# lead's id for the few linked leads only (the primary key of sync_versions serves it)
_DISTRICT_OWN_COPY = (
    "EXISTS (SELECT 1 FROM sync_versions v JOIN stations s ON s.id = v.station_id AND s.role = 'trusted' "
    "JOIN agencies a ON a.id = leads.agency_id LEFT JOIN agencies up ON up.id = a.parent_id "
    "WHERE v.tbl = 'leads' AND v.record_id = member.lead AND s.agency_id IN (a.id, a.parent_id, up.parent_id))")
# each linked group's leads ranked (``place``), the one counted first: the one furthest on, so that the group counts
# once with the assignment or decision made of any of its leads; of those as far on, the copy of the station whose
# district the lead was assigned in (``_DISTRICT_OWN_COPY``: that district knows which of its offices handles it),
# then the one assigned last, then the lead holding the work orders (whichever station's bundle came first);
# ``holder`` is the lead here holding the work orders, with the leads linked to it
_RANKED_LINKED_LEADS = (
    "WITH linked AS (SELECT link.key AS lead, held.lead_id AS holder FROM json_each(COALESCE("
    f"(SELECT value FROM settings WHERE key = '{LINKED_LEADS_KEY}'), '{{}}')) link "
    "JOIN complaints held ON held.id = link.value WHERE held.lead_id IS NOT NULL AND held.lead_id != link.key "
    "AND NOT EXISTS (SELECT 1 FROM complaints own WHERE own.lead_id = link.key)), "
    "member AS (SELECT holder, lead FROM linked UNION SELECT holder, holder FROM linked), "
    "ranked AS (SELECT member.holder, member.lead, ROW_NUMBER() OVER (PARTITION BY member.holder ORDER BY "
    f"{LEAD_PROGRESS} DESC, {_DISTRICT_OWN_COPY} DESC, leads.assigned_on DESC, member.lead = member.holder DESC, "
    "member.lead) AS place "
    "FROM member JOIN leads ON leads.id = member.lead) ")
# the condition (on the leads table) that leaves out all but the counted lead of each linked group
NOT_LINKED_LEAD = f"id NOT IN ({_RANKED_LINKED_LEADS}SELECT lead FROM ranked WHERE place > 1)"


def complaint_leads(condition: str) -> str:
    """A subquery of the lead ids whose complaints count with a lead meeting ``condition`` (on the leads table,
    e.g. an agency's): a lead's own, except that the work orders of a linked group count with the group's counted
    lead (``NOT_LINKED_LEAD``), so that a district's complaints follow its leads. ``condition``'s parameters are
    bound twice, in order."""
    return (f"({_RANKED_LINKED_LEADS}SELECT id FROM leads WHERE ({condition}) AND id NOT IN (SELECT holder "
            "FROM ranked WHERE place = 1 AND lead != holder) UNION SELECT holder FROM ranked WHERE place = 1 AND "
            f"lead IN (SELECT id FROM leads WHERE {condition}))")
