"""The agency details a bundle carries (``workstation.agency_details``: the 联系电话, 联系地址 and payment lines the
documents print), so that headquarters prints a station's cases with the station's own. A station's bundle holds
(``MEMBER``, listed and hashed in the signed manifest like every member) the details of the agencies it speaks
for: its own agency, and for a district bureau's station each of the bureau's town offices it set details for; of
each only what that agency sets of its own (``own_fields``). Headquarters' hand-outs carry none.

Only headquarters takes them, and only for the agencies the sending station's signed card says it works for (its
agency and, for a bureau, the bureau's town offices); any other agency is a refusal. Each value goes through the
checks ``station details`` applies (``checked_details``): a bad one refuses the bundle naming the agency and the
field, nothing imported — save a 联系电话 the station saved before the present telephone checks (a Foshan landline
of 7 digits, a service number of a local number's length: ``agency_details.earlier_phone``), which is taken as saved
and warned of, naming the station, the number and the command correcting it (``phone_warning``; the station is told
so too when it exports, ``export_warnings``): the station's cases are not refused for it. A field is taken when headquarters has none, or holds what the same station sent last time
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


def correcting_command(agency_code: str, own_code: str) -> str:
    """The command a station corrects the 联系电话 of agency ``agency_code`` with, its own agency being ``own_code``
    (another one, a town office of its bureau, is named with --agency)."""
    agency = f" --agency {agency_code}" if agency_code != own_code else ""
    return f"station details{agency} --contact-phone NUMBER"


def export_warnings(db: Database, entries: list[dict], own_code: str) -> list[str]:
    """What a station exporting ``entries`` (``bundle_details``) is told of each 联系电话 it saved before the present
    checks (``agency_details.earlier_phone``): the agency, the number, what the check says and the command correcting
    it (``correcting_command``; ``own_code`` the agency `station details` sets without --agency). Headquarters takes
    the bundle all the same, and says so too."""
    from workstation.agency_details import earlier_phone
    from workstation.store import agency_id_for_code, get_agency

    said = []
    for entry in entries:
        number = entry["details"].get("contact_phone") or ""
        try:
            problem = earlier_phone(number)[1] if number else ""
        except ValidationError:  # not taken by any rules: headquarters refuses the bundle, and says why
            continue
        if problem:
            said.append(_("The 联系电话 of {agency} saved here, {number}, does not pass the present check: {problem} "
                          "Headquarters takes the bundle all the same; correct the number: `{command}`.").format(
                agency=get_agency(db, agency_id_for_code(entry["agency"])).name, number=number, problem=problem,
                command=correcting_command(entry["agency"], own_code)))
    return said


@dataclass
class DetailsPlan:
    """What a bundle's agency details change here: ``taken`` {agency id: {field: value}} set here, ``kept`` the
    fields headquarters set otherwise itself [{"agency" (code), "name", "field", "here", "station"}], ``received``
    {agency code: details} as the station sent them (what it sent last, from now on), ``agencies`` {agency id:
    (code, name)} of those taken, and ``warnings`` the telephones the station saved before the present checks
    [{"agency" (code), "name", "station", "number", "problem", "command"}] (``phone_warning``)."""

    taken: dict[str, dict[str, str]] = field(default_factory=dict)
    kept: list[dict] = field(default_factory=list)
    received: dict[str, dict[str, str]] = field(default_factory=dict)
    agencies: dict[str, tuple[str, str]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        """The import's ``agency_details`` (what ``details_note`` says): {"taken": [{"agency" (code), "name",
        "fields"}], "kept": [{"agency", "name", "field", "here", "station"}]}, and "warnings" (``warnings``) when
        there are any."""
        result = {"taken": [{"agency": self.agencies[agency][0], "name": self.agencies[agency][1],
                             "fields": [f for f in FIELDS if f in fields]} for agency, fields in self.taken.items()],
                  "kept": list(self.kept)}
        if self.warnings:
            result["warnings"] = list(self.warnings)
        return result


def _sender_agencies(db: Database, card: dict) -> list[str]:
    from workstation.store import agency_id_for_code

    code = str(card.get("agency_code") or "")
    known = code and db.execute("SELECT id FROM agencies WHERE id = ?", [agency_id_for_code(code)]).fetchone()
    return spoken_for(db, known[0]) if known else []


def plan_details(db: Database, entries: list[dict] | None, card: dict, bundle: str, *,
                 headquarters: bool) -> DetailsPlan:
    """What ``entries`` (the bundle's ``MEMBER``; None: it has none) change at this database; reads only. Only
    ``headquarters`` takes details. Refused (naming the bundle, the agency and the field) when they name an agency the
    station does not speak for, or a value ``station details`` would refuse — save a telephone the station saved
    before the present checks, taken as saved and warned of (``DetailsPlan.warnings``)."""
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
        warned: list[str] = []
        try:
            incoming = checked_details(db, agency_id, entry["details"], warnings=warned)
        except ValidationError as exc:
            problem = "；".join(f"{label}：{message}" for label, message in exc.errors.items())
            raise _refused(_("{name}: {member}, the details of {agency}: {problem} Nothing was imported: ask the "
                             "station to correct it (station details) and export again.").format(
                name=bundle, member=MEMBER, agency=agency.name, problem=problem)) from None
        plan.warnings += [{"agency": agency.code, "name": agency.name, "station": station,
                           "number": incoming["contact_phone"], "problem": problem,
                           "command": correcting_command(agency.code, str(card.get("agency_code") or ""))}
                          for problem in warned]
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
    for agency_id, changes in plan.taken.items():  # a telephone saved before the present checks: warned of already
        set_agency_details(db, agency_id, changes, audit=writer, warnings=[])
    if plan.received:
        received = {**_received(db, station_id), **plan.received}
        set_setting(db, RECEIVED_KEY + station_id, json.dumps(received, ensure_ascii=False, sort_keys=True))


def phone_warning(item: dict, *, planned: bool = False) -> str:
    """The warning of a 联系电话 the station saved before the present checks (an item of ``DetailsPlan.warnings``):
    the station, the agency, the number, what the check says, that the bundle is merged (``planned``: would be)
    all the same, and the command the station corrects it with."""
    text = (_("Station {station} sent {number} as the 联系电话 of {agency}, saved there before the present check: "
              "{problem} The bundle would be merged all the same; the station should correct the number: "
              "`{command}`.") if planned else
            _("Station {station} sent {number} as the 联系电话 of {agency}, saved there before the present check: "
              "{problem} The bundle was merged all the same; the station should correct the number: "
              "`{command}`.")).format(station=item["station"], number=item["number"], agency=item["name"],
                                      problem=item["problem"], command=item["command"])
    return _("Warning: {message}").format(message=text)


def details_note(summary: dict | None, *, planned: bool = False) -> str:
    """What the import (``planned``: its preview) does with the bundle's agency details (``DetailsPlan.summary``):
    each telephone the station saved before the present checks (``phone_warning``), the agencies whose details are
    taken, and each detail headquarters set otherwise itself and keeps, with both values and where to change it;
    "" when none."""
    if not summary:
        return ""
    lines = [phone_warning(item, planned=planned) for item in summary.get("warnings", ())]
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
