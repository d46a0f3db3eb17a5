"""Leads registered by hand (线索登记): a walk-in or written report, a 12315 call, a matter assigned from above, a
referral from another agency or an officer's own inspection finding — what reaches the bureau outside the complaint
exports that screening groups. The officer gives where it came from, when it was received, what it says, whom it is
about (a party of the register or just a name), the agency holding it and, optionally, the number complained of
(the one that called or texted: 被举报号码, stored as screening stores a lead's numbers, so that the lead is listed,
found, named in its letters and filed as a screened lead of that number is) and the reporter's number; the lead
is then one like any other: its 15-working-day verification period (T1) counts from the day it was received,
and it is assigned, decided and sent to headquarters in bundles as screened leads are."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _, ngettext
from workstation.records import SHANGHAI, Lead, program_time, short_time
from workstation.validators import WRITTEN_EXTENSION, parse_datetime
from workstation.vocabulary import labels

#: the source of a lead this bureau found itself (监督检查): it has no reporter (no T24, no 举报处理结果告知书)
INSPECTION = "inspection"
# what a telephone number may be written with besides its digits (spaces, dashes, brackets, a leading +86)
_PHONE_WRITING = re.compile(r"[\d\s\-+()（）]+")
# what separates the numbers complained of when several are typed (besides spaces, which a number may hold)
_NUMBER_SEPARATORS = re.compile(r"[、,，;；/／\n]+")


@dataclass(frozen=True)
class LeadEntry:
    """A lead as the officer enters it: ``received_at`` as typed (2026-11-30 10:00, 2026-11-30T10:00 …);
    ``party_id`` a party of the register, else ``party`` the name of whom the lead is about ('' when unknown);
    ``agency_id`` None for this station's agency; ``target_phone`` the number or numbers complained of as typed
    (``complained_numbers``); ``sector`` the sector key the officer chose ('' for none), None to take the one the
    screening rules suggest for the description (``suggested_sector``); ``reporter_name`` and ``reporter_address``
    the reporter's as given (a name with a phone or an address makes a named report: ``leads_workflow.
    named_reporter``)."""

    source: str
    received_at: str
    description: str
    party: str = ""
    party_id: str | None = None
    agency_id: str | None = None
    complainant_phone: str = ""
    target_phone: str = ""
    sector: str | None = None
    reporter_name: str = ""
    reporter_address: str = ""


def suggested_sector(db: Database, description: str) -> str:
    """The sector key the screening rules in force for ``db`` suggest for a lead described by ``description``: the
    one screening gives a complaint of that text (``sector_hint``, the rules' ``[sectors]`` words), so that a lead
    typed in and a screened one about the same matter start in the same sector; '' when they suggest none. Rules
    that cannot be read suggest none: the lead is registered all the same (screening says what is wrong with them)."""
    from workstation.screening.complaint import rules_for
    from workstation.screening.rules import RulesError, sector_hint

    try:
        rules = rules_for(db)
    except RulesError:
        return ""
    return sector_hint(description or "", rules) or ""


def received_time(text: str, *, now: dt.datetime | None = None) -> str:
    """The receipt time typed, as stored (ISO with the Shanghai offset, to the minute); ValueError with the reason
    for a missing, malformed or future time."""
    if not str(text or "").strip():
        raise ValueError(_("Enter when the lead was received, such as 2026-11-30 10:00."))
    minute = parse_datetime(str(text).strip())
    at = dt.datetime.strptime(minute, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
    current = now or program_time()  # the program's clock, Beijing time
    if at > current:
        raise ValueError(_("{time} is in the future (now: {now}): enter the time the lead was actually "
                           "received.").format(time=minute, now=current.strftime("%Y-%m-%d %H:%M")))
    return at.isoformat()


def complainant_number(text: str) -> str:
    """The reporter's number as stored (a mobile as 11 digits, a landline with its area code); '' for none;
    ValueError when it is not a telephone number. A landline's or 400/800 number's extension is written as
    ``normalize_phone`` reads one (转123, -123, ext 123, 分机123) and left out, as the complaint import leaves it out
    (``complainant_digits``): the number is what a reporter is matched by."""
    from workstation.screening.phones import ascii_digits

    written = ascii_digits(str(text or "")).strip()
    if not written:
        return ""
    number = _reporter_number(written)
    if number is None and (extended := WRITTEN_EXTENSION.fullmatch(written)):  # 0757-88881234转123
        number = _reporter_number(extended.group("main").strip())
        number = None if number is None or number.startswith("1") else number  # a mobile has no extension
    if number is None:
        raise ValueError(_("{text} is not a telephone number: write a mobile number (13800138000) or a landline "
                           "with its area code (0757-83301234).").format(text=text))
    return number


def _reporter_number(written: str) -> str | None:
    """The number ``written`` (ASCII digits) is in full, normalised, or None when it is none."""
    from workstation.screening.phones import NORMAL_PHONE, normalise_phone

    number = normalise_phone(written) if _PHONE_WRITING.fullmatch(written) else None
    return number if number and NORMAL_PHONE.fullmatch(number) and _whole(written, number) else None


def complained_numbers(text: str) -> list[str]:
    """The numbers complained of as typed — one or several, separated by spaces, 、 or commas — each as screening
    stores a lead's numbers (``normalise_phone``: a mobile as its 11 digits, a landline with its area code, a
    400/800 number, an enterprise SMS port such as 10690000123, which marketing messages come from), repeats
    dropped, in the order typed; [] for none. A number may be written with +86, dashes, brackets, spaces and
    full-width digits (138 0013 8000 is one number). ValueError naming the first piece that is no such number."""
    from workstation.screening.phones import PHONE_RX, ascii_digits, normalise_phone

    numbers: list[str] = []
    for typed in _NUMBER_SEPARATORS.split(str(text or "")):
        piece = ascii_digits(typed).strip()  # the digits and signs in ASCII (the length kept)
        if not piece:
            continue
        matches = list(PHONE_RX.finditer(piece))
        rest = "".join(piece[end:start] for end, start in zip(
            [0, *(m.end() for m in matches)], [*(m.start() for m in matches), len(piece)], strict=True))
        if not matches or rest.strip():  # named as typed (full-width digits and all), found in the field
            raise ValueError(_("{text} is not a telephone number: write a mobile (13800138000), a landline with its "
                               "area code (0757-83301234), a 400/800 number or an SMS port (10690000123); several "
                               "separated by spaces or 、.").format(text=typed.strip()))
        numbers += [normalise_phone(m.group()) for m in matches]
    return list(dict.fromkeys(numbers))


def _whole(written: str, number: str) -> bool:
    """Whether ``number`` is all that ``written`` writes (not a number found inside longer digits): its digits
    with the country code, the area code's 0 or the default area code left out."""
    digits = re.sub(r"\D", "", written)
    if written.startswith(("+", "0086")) or (written.startswith("86") and len(digits) > 11):
        digits = digits.removeprefix("00").removeprefix("86")
    return digits in (number, number[1:]) or (len(digits) >= 7 and number.endswith(digits))


def resolve_party(db: Database, text: str) -> tuple[str | None, str]:
    """(party id, name) of the party ``text`` names — its id, its USCC or ID number however written, its name (full-
    or half-width brackets and spaces alike: ``store.parties.party_named``) — or (None, the name typed) when the
    register holds no such party (the lead then names whom it is about without a party record)."""
    from workstation.store.parties import party_named

    text = " ".join(str(text or "").split())
    if not text:
        return None, ""
    party = party_named(db, text)
    return (party.id, party.name) if party is not None else (None, text)


def station_agency(db: Database) -> str | None:
    """The default holder of a lead registered here: this installation's agency (``init --agency``), else, at
    headquarters, the city bureau (``station_role.own_agency``)."""
    from workstation.station_role import own_agency

    return own_agency(db) or None


#: the lead's texts typed or pasted, each by the entry's field and the lead's column that stores it: refused holding
#: what no stored text keeps (``store.parties.control_problem``)
TYPED_TEXTS = (("description", "description"), ("party", "target_name"), ("reporter_name", "reporter_name"),
               ("reporter_address", "reporter_address"))


def text_errors(entry: LeadEntry, stored: dict | None = None) -> dict[str, str]:
    """The texts of ``entry`` holding a control character or a text-direction control, by field, refused as the
    party editor and the register import refuse them (``store.parties.changed_text_errors``; Word's line and page
    breaks are line breaks, stored so): neither shows, and a control character breaks the deadline list's XLSX and the printed documents. A text kept as the lead ``stored``
    (its row) holds it is not refused at every later correction. The party's name is checked when typed, not when a
    party of the register is chosen (its own editor checks it)."""
    from workstation.store.parties import changed_text_errors

    return changed_text_errors(
        (field, str(getattr(entry, field) or ""), None if stored is None else str(stored.get(column) or ""))
        for field, column in TYPED_TEXTS if not (field == "party" and entry.party_id))


def entry_errors(db: Database, entry: LeadEntry, *, now: dt.datetime | None = None,
                 stored: dict | None = None) -> dict[str, str]:
    """What is wrong with ``entry``, by field ({} when it can be registered); ``stored``: the lead it corrects (its
    row), whose texts kept as they are not refused again (``text_errors``)."""
    errors: dict[str, str] = text_errors(entry, stored)
    if entry.source not in labels("lead_sources"):
        errors["source"] = _("Choose where the lead came from ({sources}).").format(
            sources="、".join(labels("lead_sources").values()))
    try:
        received_time(entry.received_at, now=now)
    except ValueError as exc:
        errors["received_at"] = str(exc)
    if not entry.description.strip():
        errors["description"] = _("Describe the lead: what was reported or found, where and when.")
    if entry.party_id and db.execute("SELECT 1 FROM parties WHERE id = ?", [entry.party_id]).fetchone() is None:
        errors["party"] = _("The party chosen is no longer in the register: choose it again or type its name.")
    if entry.agency_id and db.execute("SELECT 1 FROM agencies WHERE id = ?", [entry.agency_id]).fetchone() is None:
        errors["agency_id"] = _("Choose the bureau or office holding the lead.")
    if entry.sector and entry.sector not in labels("sectors"):
        errors["sector"] = _("Choose the sector of the lead ({sectors}).").format(
            sectors="、".join(labels("sectors").values()))
    try:
        reporter = complainant_number(entry.complainant_phone)
    except ValueError as exc:
        errors["complainant_phone"] = str(exc)
        reporter = ""
    else:
        if entry.source == INSPECTION and str(entry.complainant_phone or "").strip():
            errors["complainant_phone"] = _(
                "A lead found in this bureau's own supervision and inspection (监督检查) was not reported, so it "
                "has no reporter to tell the decision to: leave the reporter's phone empty, or choose the source "
                "the lead really came from.")
    if entry.source == INSPECTION:
        for field in ("reporter_name", "reporter_address"):
            if str(getattr(entry, field) or "").strip():
                errors[field] = _(
                    "A lead found in this bureau's own supervision and inspection (监督检查) was not reported, so it "
                    "has no reporter: leave the reporter's name and address empty, or choose the source the lead "
                    "really came from.")
    try:
        numbers = complained_numbers(entry.target_phone)
    except ValueError as exc:
        errors["target_phone"] = str(exc)
    else:
        if reporter and reporter in numbers:
            errors["target_phone"] = _(
                "{number} is the reporter's own number: enter the number that called or texted the reporter as the "
                "number complained of, and the reporter's in Reporter's phone.").format(
                    number=entry.complainant_phone.strip())
    return errors


def register_lead(db: Database, entry: LeadEntry, *, now: dt.datetime | None = None) -> Lead:
    """Register a lead entered by hand, in one transaction with its audit entry; ValidationError (by field, nothing
    changed) when ``entry`` is not complete. It is held by ``entry.agency_id``, else by this station's agency; it is
    not assigned (交办) yet, so its T1 counts from the day it was received — by this station's agency now, which the
    lead records (``received_by``, ``leads_workflow.receiver_here``), whatever agency holds it or the station works
    for later, recorded in the same audited creation (``store.leads.save_lead``'s ``received_by``)."""
    from workstation.leads_workflow import receiver_here
    from workstation.store.leads import save_lead

    errors = entry_errors(db, entry, now=now)
    if errors:
        raise ValidationError(errors)
    typed = _typed_values(db, entry)
    return save_lead(db, Lead(received_at=received_time(entry.received_at, now=now),
                              agency_id=entry.agency_id or station_agency(db), **typed),
                     received_by=receiver_here(db))


def _typed_values(db: Database, entry: LeadEntry) -> dict:
    """The lead's columns ``entry`` (checked by ``entry_errors``) gives as registering and correcting store them but
    its receipt time and agency: the party it names (a party of the register by id or exact name, else just the
    name typed), the numbers complained of as a screened lead holds them — all of them in ``phones``, the first
    its ``target_phone`` —, and its sector: the one chosen, else the one the rules suggest (``suggested_sector``)."""
    from workstation.store.parties import word_breaks

    party_id, name = (entry.party_id, "") if entry.party_id else resolve_party(db, entry.party)
    if party_id and not name:
        name = db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()[0]
    numbers = complained_numbers(entry.target_phone)
    return {"source": entry.source, "description": word_breaks(entry.description).strip(), "target_name": name,
            "target_party_id": party_id, "complainant_phone": complainant_number(entry.complainant_phone),
            "target_phone": numbers[0] if numbers else "", "phones": " ".join(numbers),
            "sector": suggested_sector(db, entry.description) if entry.sector is None else entry.sector,
            "reporter_name": " ".join(str(entry.reporter_name or "").split()),
            "reporter_address": " ".join(str(entry.reporter_address or "").split())}


# correcting a lead registered by hand (修改线索, ``leads edit``) ----------------------------------------------------

#: the columns a correction may change: what 新建线索 asked for (the numbers complained of being both ``phones`` and,
#: the first of them, ``target_phone``, as registering stores them)
CORRECTED = ("source", "received_at", "description", "target_name", "target_party_id", "agency_id",
             "complainant_phone", "target_phone", "phones", "sector", "reporter_name", "reporter_address")


def lead_entry(lead: dict, *, db: Database | None = None) -> LeadEntry:
    """The lead ``lead`` (its row) as 新建线索 would have had it typed: what a correction starts from. The numbers
    complained of are written one after another with 、, the receipt time to the minute as it was entered. Its sector
    is the one it holds; with ``db``, a sector that is the rules' suggestion for its description (or none) is None: it
    follows a corrected description, while one the officer chose otherwise stays."""
    numbers = (lead["phones"] or lead["target_phone"] or "").split()
    sector = lead["sector"] or ""
    if db is not None and sector in ("", suggested_sector(db, lead["description"] or "")):
        sector = None
    return LeadEntry(source=lead["source"], received_at=short_time(lead["received_at"]),
                     description=lead["description"] or "", party=lead["target_name"] or "",
                     party_id=lead["target_party_id"], agency_id=lead["agency_id"],
                     complainant_phone=lead["complainant_phone"] or "", target_phone="、".join(numbers), sector=sector,
                     reporter_name=lead.get("reporter_name") or "", reporter_address=lead.get("reporter_address") or "")


def edit_refusal(db: Database, lead: dict) -> str | None:
    """Why the lead ``lead`` (its row) cannot be corrected by hand, and what to do instead; None when it can.

    Only a lead an officer typed in holds nothing but what was typed: a lead grouped from complaints (by screening,
    or by an officer from the related complaints in no lead, or one that complaints were added to) takes its numbers,
    business, counts and dates from them and screening works them out again — a number typed over would be undone
    or would disagree with the complaints it shows. Its screening result is corrected instead.
    Only an undecided lead (registered or assigned, with no case opened for it): the decision, the case and the
    letters sent quote what the lead said when it was decided, and the T1 it was decided within was counted from
    the receipt time then stored. A lead whose document (交办通知书, 案件来源登记表 …) was issued and not voided is
    refused too: the paper filed and sent quotes the lead as it is; voiding it first keeps the two alike, and the
    corrected lead is then issued again."""
    from workstation.leads_workflow import OPEN_STATUSES, decided_label, lead_state_label

    # its count says it holds complaints (read first: counting a screened lead's thousands at each selection is not
    # needed); a lead whose count was not kept is looked up
    held = lead["complaint_count"] or (0 if lead["group_key"] else db.execute(
        "SELECT COUNT(*) FROM complaints WHERE lead_id = ?", [lead["id"]]).fetchone()[0])
    if lead["group_key"] or held:
        return ngettext("This lead was grouped from {n} complaint: its numbers, business and counts come from it "
                        "and screening works them out again. Correct the complaint's screening result instead "
                        "(Correct the screening result…).",
                        "This lead was grouped from {n} complaints: its numbers, business and counts come from them "
                        "and screening works them out again. Correct a complaint's screening result instead (Correct "
                        "the screening result…).", held).format(n=held)
    if lead["status"] not in OPEN_STATUSES:  # its state named as shown (已立案, 已移送: not put after 已 again)
        if lead["status"] == "filed" and decided_label(db, lead) != lead_state_label(lead):  # 已当场处罚
            return _("The lead was decided on the spot with the case opened for it: that decision quotes the lead as "
                     "it was. Correct the party and facts in that case (Open case).")
        if lead["status"] == "filed":
            return _("A case was filed from this lead: its decision and the case quote the lead as it was. Correct "
                     "the party and facts in the case filed from it (Open case).")
        if lead["status"] == "not_filed":  # the one decision that can be withdrawn (``withdraw_not_filing``)
            return _("The lead was decided “{status}”: that decision and its letters quote the lead as it was. "
                     "Withdraw the decision not to file first, then correct the lead.").format(
                status=decided_label(db, lead))
        return _("The lead's status is “{status}”: its decision and letters quote it as it was, so it can no longer "
                 "be corrected.").format(status=decided_label(db, lead))
    if lead["case_id"]:
        return _("A case was opened for this lead: correct the party and facts in that case (Open case).")
    issued = db.execute("SELECT id, form_id, number, substr(issued_at, 1, 10) FROM documents WHERE lead_id = ? "
                        "AND status = 'issued' ORDER BY issued_at LIMIT 1", [lead["id"]]).fetchone()
    if issued is not None:
        from workstation.formkit import spec

        return _("The {title} issued on {date} ({document}) quotes the lead as it is: void it first ({button} on the "
                 "{page} page, or docs void {document} --reason … on the command line), then correct the lead and "
                 "issue the document again.").format(
            title=spec.load_form(spec.FORMS / f"{issued[1]}.toml").title, date=issued[3],
            document=issued[2] or issued[0], button=_("Void document…"), page=_("Leads"))
    return None


def _earliest_step(db: Database, lead: dict) -> tuple[str, str] | None:
    """(day, what) of the first thing done with the lead after it was received — ``assigned``, its T1 ``extended``,
    a decision not to file since withdrawn (``not_filed``) — which the receipt cannot come after; None when nothing
    was."""
    steps = [(lead["assigned_on"], "assigned"), (lead["extension_approved_on"], "extended")]
    for assigned_on, decided_on, kind in db.execute("SELECT assigned_on, decided_on, kind FROM lead_history "
                                                    "WHERE lead_id = ?", [lead["id"]]):
        steps += [(assigned_on, "assigned"), (decided_on, "referred" if kind == "referral_withdrawn" else "not_filed")]
    steps = [(day[:10], what) for day, what in steps if day]
    return min(steps) if steps else None


def _received_after(step: tuple[str, str]) -> str:
    """What a receipt time after the lead's first step (``_earliest_step``) is told."""
    day, what = step
    if what == "assigned":
        text = _("The lead was assigned on {date}: it was received on or before that day. Enter the time it was "
                 "received.")
    elif what == "extended":
        text = _("The lead's T1 extension was approved on {date}: it was received on or before that day. Enter the "
                 "time it was received.")
    elif what == "referred":
        text = _("The lead was referred on {date} (a referral since withdrawn): it was received on or before that "
                 "day. Enter the time it was received.")
    else:
        text = _("The lead was decided not to be filed on {date} (a decision since withdrawn): it was received on or "
                 "before that day. Enter the time it was received.")
    return text.format(date=day)


def edit_errors(db: Database, lead: dict, entry: LeadEntry, *, now: dt.datetime | None = None) -> dict[str, str]:
    """What is wrong with ``entry`` as the correction of ``lead`` (its row), by field: what 新建线索 says of it, and
    what the lead's course since says — a lead assigned, extended or decided on a day was received by then (its T1
    counts from the receipt until it is assigned), and an assigned lead changes hands only by a re-assignment
    (改派), which keeps the earlier assignment and why it was taken away."""
    errors = entry_errors(db, entry, now=now, stored=lead)
    step = _earliest_step(db, lead)
    if "received_at" not in errors and step is not None:
        day = received_time(entry.received_at, now=now)[:10]
        if day > step[0]:
            errors["received_at"] = _received_after(step)
    if entry.agency_id and entry.agency_id != lead["agency_id"] and lead["assigned_on"]:
        errors["agency_id"] = _("The lead is assigned already: re-assign it (Assign…), which keeps the earlier "
                                "assignment and why it was taken away.")
    return errors


def changed_since(lead: dict, loaded: dict) -> str | None:
    """Why a correction of the lead ``lead`` (its row as stored) typed in an editor that opened it as ``loaded`` may
    not be saved: another process (another window, ``leads edit``) corrected it since. The editor's entry holds every
    field, so what the other saved would read as typed over and be silently taken back (a number complained of, by
    which it is screened and its documents are written). None when what a correction changes (``CORRECTED``) is still
    as it was loaded."""
    if all(lead[column] == loaded.get(column) for column in CORRECTED):
        return None
    from workstation.masking import mask_field, mask_text

    received = short_time(loaded.get("received_at") or lead["received_at"])
    about = mask_text(loaded.get("target_name") or "") or mask_field("target_phone", loaded.get("target_phone") or "")
    if about:
        return _("The lead about “{target}” received {date} was changed elsewhere since you opened it: reopen it and "
                 "apply your changes again.").format(target=about, date=received)
    return _("The lead received {date} was changed elsewhere since you opened it: reopen it and apply your changes "
             "again.").format(date=received)


def deleted_since(loaded: dict) -> str:
    """What an editor that opened a lead as ``loaded`` says when the lead is no longer stored as it saves (deleted
    elsewhere meanwhile: regrouped by a screening, another window, a bundle): nothing was saved. The lead is named
    as the leads page shows it — the day it was received and its business, else its numbers, masked — not by its
    id."""
    from workstation.masking import mask_field, mask_text

    received = short_time(loaded.get("received_at"))
    about = (mask_text(loaded.get("businesses") or loaded.get("target_name") or "")
             or mask_field("phones", loaded.get("phones") or loaded.get("target_phone") or ""))
    if about:
        return _("The lead about “{target}” received {date} was deleted elsewhere since you opened it: nothing was "
                 "saved. Copy what you typed if you need it.").format(target=about, date=received)
    return _("The lead received {date} was deleted elsewhere since you opened it: nothing was saved. Copy what you "
             "typed if you need it.").format(date=received)


def edit_lead(db: Database, lead_id: str, entry: LeadEntry, *, now: dt.datetime | None = None,
              loaded: dict | None = None) -> tuple[dict, list]:
    """Correct the lead ``lead_id`` registered by hand with ``entry`` (what 新建线索 takes): (its row after, the
    columns changed). Only what differs from the lead is written — nothing at all (no audit entry, no new update
    time) when nothing does — as one audited update, before and after digested as a case's edit is, its update time
    stamped so that the next bundle carries it to headquarters as an update. A receipt time changed moves its T1
    (counted from the receipt until the lead is assigned): the deadline board reads it from the lead.
    WorkstationError when the lead may not be corrected (``edit_refusal``), ValidationError by field for what is
    wrong with ``entry``; either way nothing changed. ``loaded``: the lead's row as the editor correcting it opened
    it; WorkstationError, nothing changed, when the lead was corrected since (``changed_since``: by another
    process meanwhile), NotFound naming it when it was deleted since (``deleted_since``)."""
    from workstation.errors import NotFound, WorkstationError
    from workstation.leads_workflow import get_lead_row
    from workstation.store.leads import correct_lead

    with db.atomic():
        try:
            lead = get_lead_row(db, lead_id)
        except NotFound:
            if loaded is None:
                raise
            raise NotFound(deleted_since(loaded)) from None
        refusal = edit_refusal(db, lead) or (changed_since(lead, loaded) if loaded is not None else None)
        if refusal:
            raise WorkstationError(refusal)
        errors = edit_errors(db, lead, entry, now=now)
        if errors:
            raise ValidationError(errors)
        received = received_time(entry.received_at, now=now)
        if received[:16] == (lead["received_at"] or "")[:16]:
            received = lead["received_at"]  # the same minute, as the lead stored it (its seconds, its offset)
        values = {**_typed_values(db, entry), "received_at": received,
                  "agency_id": entry.agency_id or lead["agency_id"] or station_agency(db)}
        changes = {column: value for column, value in values.items() if value != lead[column]}
        if not changes:
            return lead, []
        return correct_lead(db, lead_id, changes), list(changes)
