"""The agency details a bundle carries (``workstation.agency_details``: the 联系电话, 联系地址 and payment lines the
documents print), so that headquarters prints a station's cases with the station's own. A station's bundle holds
(``MEMBER``, listed and hashed in the signed manifest like every member) the details of the agencies it speaks
for: its own agency, and for a district bureau's station each of the bureau's town offices it set details for; of
each only what that agency sets of its own (``own_fields``). Headquarters' hand-outs carry none.

Only headquarters takes them, and only for the agencies the sending station's signed card says it works for (its
agency and, for a bureau, the bureau's town offices); any other agency is a refusal. Each value goes through the
checks ``station details`` applies (``checked_details``): a bad one refuses the bundle naming the agency and the
field, nothing imported. A field is taken when headquarters has none, or holds what the same station sent last time
(kept per station, ``RECEIVED_KEY``); when headquarters set another value itself since, its own is kept and the
import says so (``kept_note``), every time, until the two agree. Bundles of versions before this part carry none:
they import as before."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from workstation.agency_details import (
    FIELDS,
    WHERE,
    agency_details,
    checked_details,
    has_details,
    is_town_office,
    own_fields,
    set_agency_details,
)
from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _, ngettext
from workstation.store.base import get_setting, set_setting

MEMBER = "agency_details.json"
#: + a station's id: {agency code: {field: value}} as that station's last bundle carrying them sent them
RECEIVED_KEY = "agency_details_received."


def spoken_for(db: Database, agency_id: str | None) -> list[str]:
    """The agencies a station working for ``agency_id`` speaks for: that agency, and when it is no town office,
    the town offices under it (a district bureau's station holds its offices' cases too)."""
    if not agency_id:
        return []
    if is_town_office(db, agency_id):
        return [agency_id]
    towns = [r[0] for r in db.execute("SELECT id FROM agencies WHERE parent_id = ? AND level = 'town' ORDER BY code",
                                      [agency_id])]
    return [agency_id, *towns]


def bundle_details(db: Database, agency_id: str | None) -> list[dict]:
    """What a station working for ``agency_id`` sends: [{"agency": code, "details": {field: value}}] for each agency
    it speaks for that has details set (each with the fields it sets of its own, "" for one cleared)."""
    from workstation.store import get_agency

    result = []
    for agency in spoken_for(db, agency_id):
        if has_details(db, agency):
            details = agency_details(db, agency)
            result.append({"agency": get_agency(db, agency).code,
                           "details": {name: details[name] for name in own_fields(db, agency)}})
    return result


def _refused(message: str):
    from workstation.bundle.reader import BundleRefused

    return BundleRefused(message)


def check_part(data: bytes, bundle: str) -> list[dict]:
    """``MEMBER`` read: a list of {"agency": code, "details": {field of ``FIELDS``: text}}; refused otherwise."""
    try:
        entries = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond any bundle
        entries = None
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("agency"), str) and isinstance(e.get("details"), dict)
            and all(k in FIELDS and isinstance(v, str) for k, v in e["details"].items()) for e in entries):
        raise _refused(_("{name}: {member} is not readable; the bundle is refused: ask the station to export it "
                         "again.").format(name=bundle, member=MEMBER))
    return entries


@dataclass
class DetailsPlan:
    """What a bundle's agency details change here: ``taken`` {agency id: {field: value}} set here, ``kept`` the
    fields headquarters set otherwise itself [{"agency" (code), "name", "field", "here", "station"}], ``received``
    {agency code: details} as the station sent them (what it sent last, from now on), and ``agencies`` {agency id:
    (code, name)} of those taken."""

    taken: dict[str, dict[str, str]] = field(default_factory=dict)
    kept: list[dict] = field(default_factory=list)
    received: dict[str, dict[str, str]] = field(default_factory=dict)
    agencies: dict[str, tuple[str, str]] = field(default_factory=dict)

    def summary(self) -> dict:
        """The import's ``agency_details`` (what ``details_note`` says): {"taken": [{"agency" (code), "name",
        "fields"}], "kept": [{"agency", "name", "field", "here", "station"}]}."""
        return {"taken": [{"agency": self.agencies[agency][0], "name": self.agencies[agency][1],
                           "fields": [f for f in FIELDS if f in fields]} for agency, fields in self.taken.items()],
                "kept": list(self.kept)}


def _sender_agencies(db: Database, card: dict) -> list[str]:
    from workstation.store import agency_id_for_code

    code = str(card.get("agency_code") or "")
    known = code and db.execute("SELECT id FROM agencies WHERE id = ?", [agency_id_for_code(code)]).fetchone()
    return spoken_for(db, known[0]) if known else []


def plan_details(db: Database, entries: list[dict] | None, card: dict, bundle: str, *,
                 headquarters: bool) -> DetailsPlan:
    """What ``entries`` (the bundle's ``MEMBER``; None: it has none) change at this database; reads only. Only
    ``headquarters`` takes details. Refused (naming the bundle, the agency and the field) when they name an agency the
    station does not speak for, or a value ``station details`` would refuse."""
    plan = DetailsPlan()
    if not entries or not headquarters:
        return plan
    from workstation.station import station_label
    from workstation.store import agency_id_for_code, get_agency

    allowed = _sender_agencies(db, card)
    station = station_label(str(card.get("name") or ""), str(card.get("fingerprint") or ""))
    received = _received(db, card["id"])
    for entry in entries:
        agency_id = agency_id_for_code(entry["agency"])
        if agency_id not in allowed:
            raise _refused(_("{name}: {member} holds the details of agency {code}, which station {station} does not "
                             "work for; the bundle is refused: ask the station to export it again.").format(
                name=bundle, member=MEMBER, code=entry["agency"], station=station))
        agency = get_agency(db, agency_id)
        try:
            incoming = checked_details(db, agency_id, entry["details"])
        except ValidationError as exc:
            problem = "；".join(f"{label}：{message}" for label, message in exc.errors.items())
            raise _refused(_("{name}: {member}, the details of {agency}: {problem} Nothing was imported: ask the "
                             "station to correct it (station details) and export again.").format(
                name=bundle, member=MEMBER, agency=agency.name, problem=problem)) from None
        here = agency_details(db, agency_id)
        last = received.get(entry["agency"], {})
        for name in entry["details"]:
            if incoming[name] == here[name]:
                continue
            if not here[name] or here[name] == last.get(name):
                plan.taken.setdefault(agency_id, {})[name] = incoming[name]
                plan.agencies[agency_id] = (agency.code, agency.name)
            else:
                plan.kept.append({"agency": agency.code, "name": agency.name, "field": name, "here": here[name],
                                  "station": incoming[name]})
        plan.received[entry["agency"]] = {name: incoming[name] for name in entry["details"]}
    return plan


def _received(db: Database, station_id: str) -> dict[str, dict[str, str]]:
    try:
        value = json.loads(get_setting(db, RECEIVED_KEY + station_id) or "{}")
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def apply_details(db: Database, plan: DetailsPlan, station_id: str, writer: AuditWriter) -> None:
    """Set what ``plan`` takes (audited with ``writer``, inside the caller's transaction) and keep what the station
    sent as its last."""
    for agency_id, changes in plan.taken.items():
        set_agency_details(db, agency_id, changes, audit=writer)
    if plan.received:
        received = {**_received(db, station_id), **plan.received}
        set_setting(db, RECEIVED_KEY + station_id, json.dumps(received, ensure_ascii=False, sort_keys=True))


def details_note(summary: dict | None, *, planned: bool = False) -> str:
    """What the import (``planned``: its preview) does with the bundle's agency details (``DetailsPlan.summary``):
    the agencies whose details are taken, and each detail headquarters set otherwise itself and keeps, with both
    values and where to change it; "" when neither."""
    if not summary:
        return ""
    lines = []
    if summary["taken"]:
        names = "；".join(f"{item['name']}（{'、'.join(FIELDS[f] for f in item['fields'])}）" for item in summary["taken"])
        lines.append((_("The documents' details of {agencies} would be taken from the bundle.") if planned else
                      _("The documents' details of {agencies} were taken from the bundle.")).format(agencies=names))
    kept = summary["kept"]
    if kept:
        lines.append((ngettext("{n} document detail set here differs from the station's and would be kept:",
                               "{n} document details set here differ from the station's and would be kept:",
                               len(kept)) if planned else
                      ngettext("{n} document detail set here differs from the station's and was kept:",
                               "{n} document details set here differ from the station's and were kept:",
                               len(kept))).format(n=len(kept)))
        lines += [_("{agency} {label}: kept {here}, the station sent {station}").format(
            agency=item["name"], label=FIELDS[item["field"]], here=item["here"] or _("(not set)"),
            station=item["station"] or _("(not set)")) for item in kept]
        lines.append(_("To take the station's value, set it here: {where}.").format(where=WHERE))
    return "\n".join(lines)
