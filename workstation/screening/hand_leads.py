"""Leads an officer registered (by hand, 新建线索 / ``leads add``, or from related complaints in no lead: no group key)
as screening meets them. A group of related complaints naming a number or business that an undecided one names
(registered or assigned, no case opened for it) joins that lead instead of making a lead of its own: two officers
then do not chase the same business, and the lead shows the complaints behind it. When several such leads name the
group, the earliest registered (received) takes it; leads are never merged. A lead already decided (filed, not
filed, referred) or whose case was opened keeps what it holds: the group makes a lead of its own, whose pane names
the earlier lead (``decided_leads_about``) — as it names an earlier screened lead about the same number or business
that was assigned (交办), decided or had its verification period (T1) extended with approval: screening does not
regroup it either, it keeps what it held then.
At headquarters a station's leads (``stations_leads``: received in its bundles, or of its agency) are that station's
records, as its hand-out holds them: screening there neither joins complaints to them nor regroups or removes them,
so that the station's next bundle merges without conflicts; the complaints headquarters holds about their number or
business make a lead of headquarters' own."""

from __future__ import annotations

from workstation.db import Database
from workstation.screening.grouping import Group
from workstation.screening.phones import business_key, renormalised
from workstation.screening.rules import Rules
from workstation.store.base import fetch_dicts

# a lead an officer registered: screening never made it, so it has no group key to find it again by
_HAND = "group_key = ''"
_UNDECIDED = "status IN ('registered', 'assigned') AND case_id IS NULL"
_SCREENED_REGISTERED = "status = 'registered' AND case_id IS NULL AND group_key != ''"
# a lead screening made and still regroups (``screen._Pass.open``): one assigned, decided, with its case opened or
# its verification period (T1) extended with approval is acted on and keeps its complaints (regrouped, it would be
# deleted with its extension, or its extension carried to complaints the approval was not given for)
SCREENING_OPEN = f"{_SCREENED_REGISTERED} AND extension_days = 0"
# a lead screening made that only its approved extension keeps from being regrouped (``screen.ScreenResult.kept_note``)
EXTENDED_KEPT = f"{_SCREENED_REGISTERED} AND extension_days > 0"
# a lead an officer keeps an unfinished document draft for (saved to continue later, or still open in an editor or
# left open by a crash): screening regroups its complaints as any open lead's, but a lead left without complaints is
# kept, emptied, not removed (``screen._remove_unused``), as one a document was issued for — a draft is deleted with
# its lead, and the officer's work in it would be lost (``screen.ScreenResult.drafts_note``)
KEPT_DRAFT = "id IN (SELECT lead_id FROM drafts WHERE lead_id IS NOT NULL AND status IN ('saved', 'open'))"
# a lead an officer's correction took a complaint out of while the correction stands (``verdict_lead`` names it):
# screening keeps it, emptied if it must, so that clearing the correction puts the complaint back into the same lead,
# its day received and T1 as they were (``screen._remove_unused``, ``verdict.correct_complaint``)
CORRECTION_KEPT = "id IN (SELECT verdict_lead FROM complaints WHERE verdict_lead IS NOT NULL)"
# a lead screening made that only a standing correction keeps (``CORRECTION_KEPT``), emptied: registered, never acted
# on, no complaint left in it. Nothing about personal information is behind it while the correction stands (before
# 2026-12-06 it was deleted): listed, for its pane to show the complaints taken out and how to put them back, but no
# lead received in the figures (``stats.COUNTED_LEAD``) and no T1 running on the board (``clocks.lead_deadlines``)
EMPTIED_BY_CORRECTION = f"(complaint_count = 0 AND {_SCREENED_REGISTERED} AND {CORRECTION_KEPT})"


def stations_leads(db: Database) -> tuple[str, list]:
    """At headquarters, an SQL condition on ``leads`` (and its parameters) true of the stations' leads: those
    received in a station's bundle (a version of them received from another station, ``sync_versions``) and those of
    a station's agency or an office under it (registered there, or assigned to it) — what headquarters' hand-out
    gives that station (``bundle.writer.HandoutScope``). A condition true of none elsewhere: a station's screening
    works on the leads it holds as before."""
    from workstation.clocks import data_dir_of
    from workstation.station import this_station
    from workstation.station_role import installation_role

    data_dir = data_dir_of(db)
    if data_dir is None or not installation_role(db, data_dir).headquarters:
        return "0", []
    own = this_station(db)
    own_id = own.id if own is not None else ""
    return (
        "(id IN (SELECT record_id FROM sync_versions WHERE tbl = 'leads' AND station_id != ?) "
        "OR COALESCE(agency_id, '') IN (WITH RECURSIVE tree(id) AS (SELECT agency_id FROM stations "
        "WHERE id != ? AND agency_id IS NOT NULL UNION SELECT a.id FROM agencies a JOIN tree "
        "ON a.parent_id = tree.id) SELECT id FROM tree))",
        [own_id, own_id],
    )


def station_holder(db: Database) -> str | None:
    """The agency holding the leads made here from complaints (screened, or made by an officer of related
    complaints): a station's own agency (``init --agency``, the setting ``station_agency``), as a lead registered by
    hand there is held (``leads_register.station_agency``), so that the station's figures and headquarters' count it
    under that agency and its district, and headquarters' hand-out knows the lead as the station's. None at
    headquarters — its screened leads wait to be assigned (未交办) — and at a station of no agency."""
    from workstation.clocks import data_dir_of
    from workstation.station_role import installation_role
    from workstation.store.base import get_setting

    data_dir = data_dir_of(db)
    if data_dir is not None and installation_role(db, data_dir).headquarters:
        return None
    agency = get_setting(db, "station_agency")
    if not agency or db.execute("SELECT 1 FROM agencies WHERE id = ?", [agency]).fetchone() is None:
        return None
    return agency


def named_by(lead: dict, rules: Rules | None = None) -> list[str]:
    """The numbers (normalised as today's rules normalise them) and business names a lead names, by which
    complaints group with it: its numbers complained of, and its businesses, else the name of whom it is about."""
    numbers = renormalised(lead["phones"] or lead["target_phone"] or "", rules).split()
    name = " ".join((lead["target_name"] or "").split())
    return numbers + (lead["businesses"].split() or ([name] if name else []))


def undecided_hand_leads(db: Database, rules: Rules) -> dict[str, tuple[int, str]]:
    """{number or business (its ``business_key``: 佛山市美家… and 美家… alike): (place, id) of the undecided lead
    registered by an officer that names it}, the earliest registered (received, then created) where several name the
    same one; its place orders them so. At headquarters, of its own leads only (``stations_leads``)."""
    owner: dict[str, tuple[int, str]] = {}
    stations, params = stations_leads(db)  # at headquarters, a station's lead stays as the station made it
    for place, lead in enumerate(
        fetch_dicts(
            db,
            "SELECT id, phones, target_phone, businesses, target_name FROM leads "
            f"WHERE {_HAND} AND {_UNDECIDED} AND NOT {stations} ORDER BY received_at, created_at, id",
            params,
        )
    ):
        for ident in named_by(lead, rules):
            owner.setdefault(business_key(ident, rules), (place, lead["id"]))
    return owner


def hand_lead_of(group: Group, owner: dict[str, tuple[int, str]], rules: Rules) -> str | None:
    """The lead of ``owner`` (``undecided_hand_leads``) the group ``group`` joins: of those naming one of its numbers
    or businesses, the earliest registered; None when none names any."""
    keys = (*group.phones, *(business_key(name, rules) for name in group.businesses))
    found = [owner[key] for key in keys if key in owner]
    return min(found)[1] if found else None


def decided_leads_about(db: Database, lead: dict) -> list[dict]:
    """The leads that name a number or business the screened lead ``lead`` names and that screening made it apart
    from, earliest received first: those registered by an officer and decided already (or with their case opened),
    and those screening made before ``lead`` and an officer assigned or decided since (or opened their case), which
    keep the complaints they held. [] for a lead an officer registered itself."""
    if not lead["group_key"]:
        return []
    mine = set(named_by(lead))
    if not mine:
        return []
    # only the leads whose stored numbers or names hold a probe of one of ``mine`` are read, then compared exactly:
    # the pane asks on every lead selected, and a city holds tens of thousands of leads, most of them decided
    probes = _probes(mine)
    holds = " OR ".join(f"instr({column}, ?)" for _probe in probes for column in _NAMING)
    return [
        row
        for row in fetch_dicts(
            db,
            # read in the table's order (the few found are sorted after): through the index of the days received
            # every lead would be fetched out of order
            f"SELECT * FROM leads NOT INDEXED WHERE id != ? AND (({_HAND} AND NOT ({_UNDECIDED})) "
            f"OR (group_key != '' AND NOT ({SCREENING_OPEN}) AND created_at <= ?)) AND ({holds}) "
            "ORDER BY received_at, created_at, id",
            [lead["id"], lead["created_at"], *(probe for probe in probes for _column in _NAMING)],
        )
        if mine.intersection(named_by(row))
    ]


# the columns ``named_by`` reads a lead's numbers and names from
_NAMING = ("phones", "target_phone", "businesses", "target_name")


def _probes(named: set[str]) -> list[str]:
    """What a lead's stored columns hold when it names one of ``named`` (``named_by``): a number's last four digits
    (a number an earlier version kept as written holds them too: 83331234 for 075783331234, 0757-83331234), a
    name's longest part between spaces (its spaces are made single before it is compared)."""
    probes = set()
    for ident in named:
        probes.add(ident[-4:] if ident.isascii() and ident.isdigit() else max(ident.split(), key=len))
    return sorted(probes)
