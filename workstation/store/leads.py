"""Leads (线索): complaints, reports, referrals and assignments that may become cases."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.records import Lead
from workstation.store.base import fetch_dict, fetch_dicts, from_row, save_audited

# the characters standing for a number's hidden digits as lists show it (MASK_CHARS), and the matcher of a number
# copied masked (130****9670): one place for the leads' search and the complaints' search and picker
from workstation.store.complaints import MASK_CHARS
from workstation.store.complaints import masked_number_pattern as _masked_pattern
from workstation.vocabulary import labels


def save_lead(db: Database, lead: Lead, audit: AuditWriter | None = None, *, received_by: str | None = None) -> Lead:
    """Validate and create or update a lead (audited). ``received_by``: the agency that received it, recorded with it
    (``leads.received_by``, m069: given when it is registered, ``leads_register.register_lead``); not given, the
    column is not written (a lead edited keeps what it records)."""
    errors = {}
    if lead.source not in labels("lead_sources"):
        errors["source"] = _("Choose where the lead came from.")
    if not lead.received_at:
        errors["received_at"] = _("Enter when the lead was received.")
    if lead.status not in labels("lead_statuses"):
        errors["status"] = _("Unknown lead status {status}.").format(status=lead.status)
    if errors:
        raise ValidationError(errors)
    row = {k: getattr(lead, k) for k in lead.__dataclass_fields__}
    save_audited(db, "leads", "lead", row if received_by is None else {**row, "received_by": received_by}, audit)
    return lead


def list_leads(db: Database, limit: int = 1000) -> list[Lead]:
    rows = fetch_dicts(db, "SELECT * FROM leads ORDER BY received_at DESC LIMIT ?", [limit])
    return [from_row(Lead, r) for r in rows]


def on_the_spot_cases(db: Database, case_id: str | None = None) -> frozenset[str]:
    """The ids of the cases decided on the spot under the simple procedure and never filed (only ``case_id``'s when
    given, none when it is not one): a lead settled with one (status "filed", ``leads_workflow.settle_lead``) was
    decided on the spot, not filed (``leads_workflow.lead_state_label``: 已当场处罚, not 已立案)."""
    one = "" if case_id is None else " AND id = ?"
    return frozenset(row[0] for row in db.execute(
        f"SELECT id FROM cases WHERE procedure_kind = 'simple' AND COALESCE(filed_on, '') = ''{one}",
        [] if case_id is None else [case_id]))


def lead_rows(db: Database) -> list[dict]:
    """Every lead as its row (the leads page's list: newest received first), its ``district`` as ``lead_district``
    gives it, and ``on_the_spot`` true for a lead settled with a case decided on the spot under the simple procedure
    and never filed (``leads_workflow.lead_state_label``: 已当场处罚, not 已立案). Of two stations' leads of the same
    work orders (linked at headquarters, ``bundle.tables.NOT_LINKED_LEAD``) only the one the statistics count is
    listed: the list shows each lead once, as many as the figures count and the board gives a T1
    (``stats.COUNTED_LEAD``). A lead a standing correction emptied is listed though neither counts it
    (``hand_leads.EMPTIED_BY_CORRECTION``): its pane shows the complaints taken out of it and how to put them back."""
    from workstation.bundle.tables import NOT_LINKED_LEAD

    rows = fetch_dicts(db, f"SELECT * FROM leads WHERE {NOT_LINKED_LEAD} ORDER BY received_at DESC")
    districts = agency_districts(db)
    spot = on_the_spot_cases(db)
    for row in rows:
        row["district"] = lead_district(row, districts)
        row["on_the_spot"] = row["case_id"] in spot
    return rows


def agency_districts(db: Database) -> dict[str, str]:
    """{agency id: its district} of the district bureaus and town offices (the city bureau has none)."""
    return dict(db.execute("SELECT id, district FROM agencies WHERE district != ''").fetchall())


def lead_district(lead: dict, districts: dict[str, str]) -> str:
    """The district a lead is listed and filtered under: the one screening found in its complaints' addresses,
    else — a lead registered by hand, or one whose complaints name no district — that of the bureau or town office
    holding it (``districts``: ``agency_districts``), as the statistics count a lead where it is handled. Nothing
    is stored: a lead re-assigned to another district is listed there, and a district found is never replaced."""
    return lead["district"] or districts.get(lead["agency_id"] or "", "")


#: what a number may be written with between its digits (0757-8583 6433), left out when a search is matched
NUMBER_SEPARATORS = "-—－()（）"


#: the spaces around a number's hidden digits in a search copied as a list shows the number (186 **** 6648): left out,
#: so that the number is one word; a mask character between words (张 · 三) keeps them apart
_SPACED_MASK = re.compile(f"(?<=[\\d{re.escape(MASK_CHARS)}])\\s+(?=[{re.escape(MASK_CHARS)}])"
                          f"|(?<=[{re.escape(MASK_CHARS)}])\\s+(?=\\d)")


#: a mobile number typed with the country code before it (+86 150 7929 0096, +8615079290096, 0086 15079290096,
#: 86-150-7929-0096; after ``ascii_digits``): the country code and the number's 11 digits, perhaps in groups
_COUNTRY_MOBILE = re.compile(r"(?:\+\s*86|0086|86(?=[\s\-—－]))[\s\-—－]*(1(?:[\s\-—－]*\d){10})")


def _without_country_code(text: str) -> str:
    """``text`` without the country code typed before a mobile number (+86, 0086 or 86-: the leads store the
    number without it), the number's digits as one word; ``text`` itself when it is no such number."""
    from workstation.screening.rules import ascii_digits

    match = _COUNTRY_MOBILE.fullmatch(ascii_digits(text.strip()))
    return re.sub(r"\D", "", match.group(1)) if match else text


@lru_cache(maxsize=64)
def search_words(text: str) -> tuple[str, ...]:
    """The words of a search of the leads (split at spaces), a masked number written with spaces around its hidden
    digits (186 **** 6648, as a list may show it) one word, and a mobile typed with the country code (+86 150 7929
    0096, 86-150-7929-0096) its 11 digits: ``lead_holds`` asks for them once per lead. The control characters no
    stored text holds (a NUL pasted with the text: ``importing.tables.without_unsafe``) are left out, as the case
    list leaves them out."""
    from workstation.importing.tables import without_unsafe

    text = without_unsafe(text)
    return tuple(_without_country_code(word) for word in _SPACED_MASK.sub("", _without_country_code(text)).split())


def lead_holds(lead: dict, text: str) -> bool:
    """Whether the lead ``lead`` (a row of ``lead_rows``) holds every word of the search ``text``: in its numbers,
    businesses, target or description, letters, digits and brackets of either width read as one (``_folded``); a
    number's digits are found however it was typed (0757-8583 finds 075785836433), and a number copied as a list
    shows it (130****9670, also with ＊ or ·, or 130 **** 9670 with spaces around the stars: ``search_words``) finds
    the numbers whose visible digits agree, at its start and end."""
    from workstation.screening.rules import ascii_digits

    words = search_words(text)
    if not words:
        return True
    numbers = " ".join(lead.get(f) or "" for f in ("phones", "target_phone", "complainant_phone"))
    said = _folded(" ".join((numbers, lead.get("businesses") or "", lead.get("target_name") or "",
                             lead.get("description") or "")))
    digits = "".join(ch for ch in numbers if ch.isdigit() or ch == " ")
    whole = None  # read once a word is a masked number (few searches are)
    for word in words:
        typed = "".join(ch for ch in ascii_digits(word) if ch not in NUMBER_SEPARATORS)
        if _folded(word) in said or (typed.isdigit() and typed in digits):
            continue
        masked = _masked_pattern(typed)
        if masked is None:
            return False
        if whole is None:
            whole = _whole_numbers(ascii_digits(" ".join((numbers, lead.get("description") or ""))))
        if not any(masked.fullmatch(number) for number in whole):
            return False
    return True


@lru_cache(maxsize=4096)  # a lead's texts read once, not again at each key typed (NFKC takes a few hundredths
# of a millisecond for a text with full-width punctuation, as Chinese text has: a list of a thousand leads)
def _folded(text: str) -> str:
    """``text`` as a lead's search compares it: full-width letters, digits and brackets as half-width ones (NFKC, as
    the case list and ``store.parties.party_name_key`` read a name: 餐饮店(桂城 finds 餐饮店（桂城分店）, ABC finds
    ＡＢＣ), then in any case."""
    return unicodedata.normalize("NFKC", text).casefold()


def _whole_numbers(written: str) -> set[str]:
    """Every number ``written`` writes, its separators left out, for a masked number to be matched whole: also with
    the single spaces between groups of its digits left out (186 0000 6648, 0757-8583 1033), which the list shows
    masked as written (186 **** 6648)."""
    joined = re.sub(f"(?<=\\d)[{re.escape(NUMBER_SEPARATORS)}]+(?=\\d)", "", written)
    return set(re.findall(r"\d+", joined)) | set(re.findall(r"\d+", re.sub(r"(?<=\d) (?=\d)", "", joined)))


def complaint_totals(db: Database) -> tuple[int, int, int]:
    """The complaints stored, those about personal information (related), and of those the ones grouped into leads,
    counted as the statistics count them (``stats.ONE_COMPLAINT``): a complaint sent through two channels is stored
    once per channel, its copies linked to the first by ``same_as``, and counts once. Each count of rows is an
    index's own (summing over every row read a million complaints in a second): those in leads are all in a lead
    less the few unrelated ones in a lead (the related ones in a lead counted directly read a table row for each of
    150,000, a third of a second); the copies counted twice in them are then taken off (``_counted_twice``)."""
    rows, related, in_leads = db.execute(
        "SELECT (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM complaints WHERE category != ''), "
        "(SELECT COUNT(*) FROM complaints WHERE lead_id IS NOT NULL) - "
        "(SELECT COUNT(*) FROM complaints WHERE category = '' AND lead_id IS NOT NULL)").fetchone()
    twice, related_twice, in_leads_twice = _counted_twice(db)
    return rows - twice, related - related_twice, in_leads - in_leads_twice


def _counted_twice(db: Database) -> tuple[int, int, int]:
    """How many rows more than complaints each count of ``complaint_totals`` finds — of all, of the related ones, of
    the related ones in a lead: for each, the copies (rows linked by ``same_as``, read through their partial index,
    m051) it counts, less one for each complaint it counts through its copies only (its first stored row not
    counted there, or gone)."""
    # each row says whether it is counted in each of the three counts
    copies = db.execute("SELECT same_as, 1, category != '', category != '' AND lead_id IS NOT NULL FROM complaints "
                        "WHERE same_as IS NOT NULL").fetchall()
    if not copies:
        return 0, 0, 0
    firsts = {cid: counted for cid, *counted in db.execute(
        "SELECT id, 1, category != '', category != '' AND lead_id IS NOT NULL FROM complaints "
        "WHERE same_as IS NULL AND id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted({copy[0] for copy in copies}))])}
    twice = []
    for count in range(3):
        counted = [first for first, *counts in copies if counts[count]]
        through_copies = {first for first in counted if not firsts.get(first, (0, 0, 0))[count]}
        twice.append(len(counted) - len(through_copies))
    return twice[0], twice[1], twice[2]


def correct_lead(db: Database, lead_id: str, changes: dict) -> dict:
    """Write the fields of the lead ``lead_id`` an officer corrected (``leads_register.edit_lead``, which decides
    which may be), stamping its update time — by which the next bundle sends it as changed — and audit it as an
    update with the digests of the whole lead before and after, as a case's edit is audited: ``audit verify`` reads
    the chain whole and the log shows who corrected it and when. Its row after the change."""
    from workstation.records import now

    with db.atomic():
        before = fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [lead_id])
        db.execute(f"UPDATE leads SET {', '.join(f'{column} = ?' for column in changes)}, updated_at = ? WHERE id = ?",
                   [*changes.values(), now(), lead_id])
        after = fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [lead_id])
        writer = AuditWriter(db)
        writer.add("update", "lead", lead_id, before, after)
        writer.flush()
    return after
