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
from workstation.store.agencies import agencies_above

#: what sets apart the agencies a field names (顿号, commas, semicolons, slashes, line breaks)
_SEPARATORS = re.compile(r"[、，,；;/／\n]+")
_SPACES = re.compile(r"\s+")


#: the shorter wordings of 市场监督管理局/所 officers write (佛山市南海区市场监管局, 南海市监局, 桂城市监所)
_WORDINGS = (("市场监管局", "市场监督管理局"), ("市监局", "市场监督管理局"), ("市场监管所", "市场监督管理所"),
             ("市监所", "市场监督管理所"))
_BUREAU, _OFFICE = "市场监督管理局", "市场监督管理所"
#: what ends a town's name (石湾镇街道, 北滘镇, 桂城街道), which officers write or leave out (北滘镇市监所, 桂城市监所)
_TOWN_END = re.compile(r"(镇|街道)+$")


def _normalised(name: str) -> str:
    """``name`` with its spaces left out, full-width digits made ASCII, and 市场监管局, 市监局, 市场监管所 or 市监所
    written out (市场监督管理局, 市场监督管理所)."""
    from workstation.fullwidth import DIGITS, to_ascii

    name = _SPACES.sub("", name or "").translate(to_ascii(DIGITS))
    for short, full in _WORDINGS:
        name = name.replace(short, full)
    return name


def bare_number(name: str) -> str:
    """``name`` as digits when it is nothing but a number (in full-width digits or ASCII, spaces left out): an
    agency code, or no name at all; "" otherwise."""
    name = _normalised(name)
    return name if name.isascii() and name.isdigit() else ""


def receiver_name(db: Database, receiver: str) -> str:
    """The 受移送机关 a 案件移送函 prints for ``receiver`` as typed (the window's 移送 box, ``leads decide --refer``):
    an agency's code (in full-width digits too) as that agency's name — the letter is addressed to a name; anything
    else as typed (a number that is no agency code is refused when the letter is checked, ``receiver_refusal``)."""
    from workstation.errors import NotFound
    from workstation.store import agency_by_code

    if not (number := bare_number(receiver)):
        return receiver
    try:
        return agency_by_code(db, number).name
    except NotFound:
        return receiver


def _places(agency: Agency, by_id: dict[str, Agency]) -> set[str]:
    """How the place of a bureau (its name before 市场监督管理局) is written: in full (佛山市南海区), without the
    place of the bureau above it (南海区), and each without its last 区/县/市 (佛山市南海, 南海; 佛山 of 佛山市);
    none for a name not so made."""
    place = agency.name.removesuffix(_BUREAU)
    if not place or place == agency.name:
        return set()
    places = {place}
    parent = by_id.get(agency.parent_id or "")
    above = parent.name.removesuffix(_BUREAU) if parent is not None else ""
    if above and above != parent.name and place.startswith(above) and len(place) > len(above):
        places.add(place[len(above):])
    return places | {p[:-1] for p in places if len(p) > 2 and p[-1] in "区县市"}


def _wordings(agency: Agency, by_id: dict[str, Agency]) -> set[str]:
    """The names ``agency`` is written by (normalised, ``_normalised``): its code, full and short names; a bureau as
    its place written any way ``_places`` gives, then 市场监督管理局 (佛山市监局, 南海市监局, 顺德区市场监管局); a town
    office as its town — with or without 镇/街道 — then 市场监督管理所, alone or after its bureau's place or name,
    or the place of a bureau above that (桂城市监所, 北滘镇市监所, 南海区桂城市场监管所, 佛山市南海区桂城街道市监所,
    南海区市场监督管理局桂城市场监督管理所)."""
    names = {agency.code, _normalised(agency.name), _normalised(agency.short_name)}
    if agency.level != "town":
        return names | {place + _BUREAU for place in _places(agency, by_id)}
    bureau = by_id.get(agency.parent_id or "")
    if bureau is None or not agency.name.startswith(bureau.name) or not agency.name.endswith(_OFFICE):
        return names
    own = agency.name[len(bureau.name):-len(_OFFICE)]  # 桂城, 石湾镇
    stems = {_TOWN_END.sub("", town) for town in (own, agency.town or "") if town} - {""}
    towns = {own, *([agency.town] if agency.town else [])} | stems | {stem + end for stem in stems for end in ("镇", "街道")}
    prefixes, above = {""}, bureau
    prefixes |= {place + _BUREAU for place in _places(bureau, by_id)} | {bureau.name}
    while above is not None:  # the bureau's place, and the city's: 南海区桂城…, 佛山市桂城…
        prefixes |= _places(above, by_id)
        above = by_id.get(above.parent_id or "")
    return names | {prefix + town + _OFFICE for prefix in prefixes for town in towns if town}


def named_agency(agencies: list[Agency], name: str) -> Agency | None:
    """The agency of the register ``name`` names, its spaces left out and 市场监管局/市监局 and 市场监管所/市监所 read
    as 市场监督管理局/所: by its code, its full or short name, or the ways officers write it (``_wordings``: 佛山市监局,
    南海区市场监督管理局, 顺德市监局, 桂城市场监督管理所, 南海区桂城市监所, 北滘镇市监所) when they name it alone;
    None for any other body — another city's or authority's (广州市监局, 佛山市通信管理局, 佛山市监狱管理局), one whose
    name merely holds an agency's name (佛山市禅城区市场监督管理局纪检监察组), or a part of a name (山市监所)."""
    name = _normalised(name)
    if not name:
        return None
    by_id = {agency.id: agency for agency in agencies}
    found = [agency for agency in agencies if name in _wordings(agency, by_id)]
    return found[0] if len(found) == 1 else None


def _bureau(db: Database, agency_id: str) -> Agency:
    """The bureau acting for ``agency_id``: a town office acts in its district bureau's name."""
    agency = get_agency(db, agency_id)
    return get_agency(db, agency.parent_id) if agency.level == "town" and agency.parent_id else agency


def receiver_refusal(db: Database, agency_id: str, receiver: str, holder: str | None = None) -> str | None:
    """Why a 案件移送函 issued by (or for) ``agency_id`` cannot go to ``receiver``: it names the issuing bureau, one
    of its town offices, or the bureau above it — for a lead's letter (``holder``: the agency holding the lead), the
    agency holding the lead itself, by whatever name or code; a bare number that is no agency code, or an agency's
    code rather than its name (the letter is addressed to a name); None when it names another agency — a peer bureau
    of the register too (程序规定 art. 14: a matter not this bureau's goes by 移送 to the bureau with jurisdiction;
    a lead's letter hands it over, ``leads_workflow.hand_over_referred``, and says so, ``register_referral_warning``)
    —, or a body not in the register."""
    agencies = list_agencies(db)
    named = named_agency(agencies, receiver)
    number = bare_number(receiver)
    if named is None and number:
        from workstation.leads_workflow import TELECOM_REGULATOR  # the operators' regulator (REFERENCE §4.8)

        return _("{number} is no agency code of the register: write the name of the agency the matter is referred "
                 "to (e.g. {example}).").format(number=number, example=TELECOM_REGULATOR)
    if named is None:
        return None
    bureau = _bureau(db, agency_id)
    held = get_agency(db, holder) if holder else None
    if held is not None and named.id in (held.id, _bureau(db, held.id).id):
        return _holder_refusal(db, named, held, bureau)
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
    if number:  # another agency by its code: the letter names it
        return _code_refusal(number, named)
    return None


def register_referral_warning(db: Database, agency_id: str, receiver: str) -> str:
    """What issuing a lead's 案件移送函 (issued by or for ``agency_id``) to ``receiver`` is told, not refused, when it
    names another bureau or office of the register (its refusals aside, ``receiver_refusal``): one under this bureau
    is usually given the lead by assignment (交办), which keeps it this bureau's to follow; any of them is handed the
    lead — an undecided copy of it, linked to it (``leads_workflow.hand_over_referred``), which this station's next
    bundle brings headquarters and headquarters' hand-out brings that agency, the matter counted once. "" for a body
    not in the register."""
    from workstation.errors import join_sentences

    named = named_agency(list_agencies(db), receiver)
    if named is None:
        return ""
    bureau = _bureau(db, agency_id)
    said = [_("{agency} is an agency of the register: the referral hands it the lead — an undecided copy, source "
              "其他部门移送, which this station's next bundle to headquarters carries and headquarters' hand-out "
              "brings to {agency} to be worked; the matter counts once.").format(agency=named.name)]
    if bureau.id in agencies_above(db, named.id):  # under this bureau: assigned down as a rule
        said.insert(0, _("{agency} is under {bureau}: a lead for it is usually assigned (交办…; on the command line "
                         "leads assign LEAD --agency {code}), which keeps it this bureau's to follow; a 案件移送函 "
                         "hands the matter over to it.").format(agency=named.name, bureau=bureau.name,
                                                                code=named.code))
    return join_sentences(said)


def referred_agency(db: Database, receiver: str) -> Agency | None:
    """The agency of the register a 案件移送函's 受移送机关 ``receiver`` names (``named_agency``), None for another
    body: the one a lead referred to it is handed over to (``leads_workflow.hand_over_referred``)."""
    return named_agency(list_agencies(db), receiver)


def _code_refusal(number: str, agency: Agency) -> str:
    """Why an agency's code ``number`` is not written where a document names ``agency``: it prints its name."""
    return _("{number} is the code of {agency}: the document names the agency by its name; write {agency}.").format(
        number=number, agency=agency.name)


def _holder_refusal(db: Database, named: Agency, held: Agency, bureau: Agency) -> str:
    """Why a lead held by ``held`` (its letters issued by ``bureau``) is not referred to ``named``: the agency
    holding it, or the bureau the town office holding it acts for — each named as what it is, then what is done
    instead."""
    from workstation.errors import join_sentences

    if named.id != held.id:  # the bureau of the town office holding it
        said = _("{agency} is the bureau issuing this letter, in whose name {holder}, which holds the lead, acts: "
                 "the lead cannot be referred to {agency}.").format(agency=named.name, holder=held.name)
    elif held.level == "town" and held.parent_id:
        said = _("{agency} holds the lead: it is a town office of {bureau}, part of the bureau and acting in its "
                 "name, and the lead cannot be referred to {agency}, the agency holding it.").format(
            agency=named.name, bureau=_bureau(db, held.id).name)
    elif named.id == bureau.id:
        said = _("{agency} holds the lead and is the bureau issuing this letter: the lead cannot be referred to "
                 "{agency}, the agency holding it.").format(agency=named.name)
    else:
        said = _("{agency} holds the lead: the lead cannot be referred to {agency}, the agency holding it.").format(
            agency=named.name)
    return join_sentences([said, _(
        "If the matter is not for a case, decide not to file it (不予立案); if it is for a bureau or office under "
        "this one, assign it there (交办); a 案件移送函 goes to another authority competent for it, another bureau "
        "of the register included.")])


def jurisdiction_errors(db: Database, agency_id: str, form, values: dict, holder: str | None = None) -> dict[str, str]:
    """{field label: why} for the agencies a 案件移送函 or 指定管辖通知书 of ``form`` issued by ``agency_id`` names
    (``receiver_refusal``, ``designation_errors``; ``holder``: the agency holding the lead a letter is of); {} for
    another form, and when they fit."""
    if form.id == "case_transfer_letter":
        refusal = receiver_refusal(db, agency_id, str(values.get("receiver") or ""), holder)
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
    if agency is not None and (number := bare_number(name)):  # the notice prints the name written
        return _code_refusal(number, agency)
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


def awaiting_termination(db: Database, case):
    """The 案件移送函 in force (the latest naming its receiver, the case's own or its lead's:
    ``issuing.in_force_of_form``) that sent ``case``, filed and still under investigation, to another authority: the
    bureau's own handling ends with 终止调查, the transfer its reason (``concluding.transfer_letter_reason``), which the
    case page offers next while its clocks wait, 已移送，待终止 (``clocks.Deadline.transferred_out``). A
    ``procedure.Referral`` (receiver, 文号, the day it bears: ``procedure.letter_in_force``, as a case awaiting filing
    reads it); None for a case not filed, out of its investigation, or sent nowhere."""
    from workstation.decided_transfer import INVESTIGATION_ON

    if not case.filed_on or case.status not in INVESTIGATION_ON:
        return None
    from workstation.procedure import letter_in_force

    return letter_in_force(db, case)
