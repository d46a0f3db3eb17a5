"""Jurisdiction between the bureaus of the agencies register (REFERENCE §2.1 Nos. 2 and 4): who a 案件移送函 may
go to, and who the 指定管辖通知书 may name and who may issue it.

A 案件移送函 sends a matter outside the issuing bureau's jurisdiction to the competent agency: never to that bureau
itself, nor to one of its town offices (part of the bureau, acting in its name), nor to the bureau above it (a
dispute over jurisdiction is settled by the common superior's 指定管辖, 行政处罚法 art. 25 para. 2). A name not in
the register is another authority (通信管理局, 公安 …), the officer's to name. The 指定管辖通知书 is issued only by a
bureau with bureaus under it, and names bureaus under it — the designated one and the others concerned — each once,
none of them the designating bureau."""

from __future__ import annotations

import re

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Agency
from workstation.store import get_agency, list_agencies

#: what sets apart the agencies a field names (顿号, commas, semicolons, slashes, line breaks)
_SEPARATORS = re.compile(r"[、，,；;/／\n]+")
_SPACES = re.compile(r"\s+")


def named_agency(agencies: list[Agency], name: str) -> Agency | None:
    """The agency of the register ``name`` names, its spaces left out: by its full or short name, or by the end of
    its full name naming it alone (南海区市场监督管理局, 桂城市场监督管理所); None for any other body (one whose
    name merely holds an agency's name: 佛山市禅城区市场监督管理局纪检监察组)."""
    name = _SPACES.sub("", name or "")
    if not name:
        return None
    for agency in agencies:
        if name in (agency.name, agency.short_name):
            return agency
    ending = [agency for agency in agencies if agency.name.endswith(name)]
    return ending[0] if len(ending) == 1 and len(name) > len("市场监督管理局") else None


def _bureau(db: Database, agency_id: str) -> Agency:
    """The bureau acting for ``agency_id``: a town office acts in its district bureau's name."""
    agency = get_agency(db, agency_id)
    return get_agency(db, agency.parent_id) if agency.level == "town" and agency.parent_id else agency


def receiver_refusal(db: Database, agency_id: str, receiver: str) -> str | None:
    """Why a 案件移送函 issued by (or for) ``agency_id`` cannot go to ``receiver``: it names the issuing bureau, one
    of its town offices, or the bureau above it; None when it names another agency, or a body not in the register."""
    agencies = list_agencies(db)
    named = named_agency(agencies, receiver)
    if named is None:
        return None
    bureau = _bureau(db, agency_id)
    if named.id == bureau.id:
        return _("{agency} is the bureau issuing this letter: a 案件移送函 sends a matter outside this bureau's "
                 "jurisdiction to another agency, never to itself. If the matter is this bureau's, handle it here "
                 "(file it or decide not to); if another bureau disputes it, ask the bureau above both to designate "
                 "jurisdiction (指定管辖).").format(agency=named.name)
    if named.level == "town" and named.parent_id == bureau.id:
        return _("{agency} is a town office of {bureau}, part of the bureau and acting in its name: a matter is not "
                 "transferred to it with a 案件移送函. Assign the matter to the office instead.").format(
            agency=named.name, bureau=bureau.name)
    if named.id == bureau.parent_id:
        return _("{agency} is the bureau above {bureau}: a matter is not transferred up to it with a 案件移送函. If "
                 "jurisdiction is disputed with another bureau or unclear, ask {agency} to designate it (指定管辖); "
                 "it may also take the matter over itself.").format(agency=named.name, bureau=bureau.name)
    return None


def jurisdiction_errors(db: Database, agency_id: str, form, values: dict) -> dict[str, str]:
    """{field label: why} for the agencies a 案件移送函 or 指定管辖通知书 of ``form`` issued by ``agency_id`` names
    (``receiver_refusal``, ``designation_errors``); {} for another form, and when they fit."""
    if form.id == "case_transfer_letter":
        refusal = receiver_refusal(db, agency_id, str(values.get("receiver") or ""))
        errors = {"receiver": refusal} if refusal else {}
    elif form.id == "jurisdiction_notice":
        errors = designation_errors(db, agency_id, values)
    else:
        return {}
    return {(form.field(name).label if form.field(name) else name): message for name, message in errors.items()}


def designating_refusal(db: Database, agency_id: str) -> str | None:
    """Why the 指定管辖通知书 cannot be issued by ``agency_id`` (acting for a town office: its bureau): no bureau is
    under it, so it designates no jurisdiction — the bureau above, with bureaus under it, does; None when it can."""
    bureau = _bureau(db, agency_id)
    if _bureaus_under(db, bureau.id):
        return None
    above = bureau
    while above.parent_id:
        above = get_agency(db, above.parent_id)
        if _bureaus_under(db, above.id):
            return _("Only a bureau with bureaus under it designates jurisdiction (指定管辖): the 指定管辖通知书 is "
                     "issued by {superior}, the bureau above those concerned. {agency} has no bureau under it and "
                     "cannot issue it; where jurisdiction is disputed or unclear, ask {superior} to designate "
                     "it.").format(superior=above.name, agency=bureau.name)
    return _("Only a bureau with bureaus under it designates jurisdiction (指定管辖): {agency} has none under it and "
             "cannot issue the 指定管辖通知书.").format(agency=bureau.name)


def _bureaus_under(db: Database, agency_id: str) -> list[str]:
    """The ids of the bureaus (not town offices) right under ``agency_id``."""
    return [row[0] for row in db.execute("SELECT id FROM agencies WHERE parent_id = ? AND level != 'town'",
                                         [agency_id])]


def designation_errors(db: Database, agency_id: str, values: dict) -> dict[str, str]:
    """{field name: why} for the agencies a 指定管辖通知书 issued by ``agency_id`` names ({} when they fit): the
    designated bureau and those concerned (被指定管辖的机关, 发生争议（管辖不明）的机关) are each a bureau under the
    designating one, each named once, none of them that bureau. Nothing for a field left empty (required to issue,
    refused as such)."""
    agencies = list_agencies(db)
    bureau = _bureau(db, agency_id)
    under = set(_bureaus_under(db, bureau.id))
    seen: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in ("designated", "other_agencies"):
        text = str(values.get(field) or "").strip()
        names = [part for part in (_SPACES.sub("", p) for p in _SEPARATORS.split(text)) if part] if text else []
        if field == "designated" and len(names) > 1:
            errors[field] = _("Name one agency designated to handle the case; the others concerned go into the "
                              "next field.")
            continue
        for name in names:
            message = _named_refusal(agencies, bureau, under, seen, name)
            if message:
                errors[field] = message
                break
    return errors


def _named_refusal(agencies: list[Agency], bureau: Agency, under: set[str], seen: dict[str, str],
                   name: str) -> str | None:
    """Why ``name`` cannot be named in a 指定管辖通知书 of ``bureau`` (``under``: the ids of its bureaus;
    ``seen``: {agency id: name} of those named before, to which it is added); None when it can."""
    agency = named_agency(agencies, name)
    if agency is not None and agency.id == bureau.id:
        return _("{agency} is the designating bureau: it designates jurisdiction between the bureaus under it and "
                 "is not one of those concerned.").format(agency=agency.name)
    if agency is not None and agency.level == "town":
        parent = next((a for a in agencies if a.id == agency.parent_id), None)
        return _("{agency} is a town office, part of {bureau}: jurisdiction is designated between bureaus. Name "
                 "{bureau}.").format(agency=agency.name, bureau=parent.name if parent else "—")
    if agency is None or agency.id not in under:
        return _("{name} is not a bureau under {bureau}: the 指定管辖通知书 designates jurisdiction between the "
                 "bureaus under it; give its full name, e.g. {example}.").format(
            name=name, bureau=bureau.name,
            example=next((a.name for a in agencies if a.id in under), "—"))
    if agency.id in seen:
        return _("{agency} is named more than once: the bureau designated and each other bureau concerned are "
                 "named once.").format(agency=agency.name)
    seen[agency.id] = name
    return None
