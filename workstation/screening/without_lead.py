"""The related complaints in no lead: those screening found to concern personal information that no lead groups,
each with the reason an officer can act on — it names no number or business to group it by, only the complainant's
own number, only operator or service numbers (10086, 95xxx), a number written incompletely
(138****8000), or it names one but was not grouped yet (the next screening run groups it). They are what the
statistics' related complaints count beyond the complaints in leads."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from workstation.db import Database
from workstation.i18n import N_
from workstation.progress import CancelToken
from workstation.screening.complaint import rules_for
from workstation.screening.phones import (
    NON_DIGITS,
    OWN_NUMBERS_SQL,
    ascii_digits,
    extract_phones,
    is_service_number,
    phone_scan,
)
from workstation.screening.rules import Rules
from workstation.store.base import fetch_dicts

#: why a related complaint is in no lead (key: the English message id, translated where shown)
REASONS = {
    "not_grouped": N_("Names a number or business but is not grouped yet: screen the complaints again"),
    "own_number": N_("Names only the complainant's own number"),
    "service_number": N_("Names only operator or service numbers (10086, 95xxx…)"),
    "masked_number": N_("Names a number only incompletely (e.g. 138****8000)"),
    "nothing_named": N_("Names no number or business: nothing to group it by"),
}
# a number with digits hidden (138****8000, 0757-8123xxxx), as complainants copy it from a caller display or an SMS
MASKED_NUMBER = re.compile(r"(?<![0-9])\d{3,4}[-－ ]?[*＊xX×]{3,4}[-－ ]?\d{0,4}(?![0-9])")
SHORT_NUMBER = re.compile(r"(?<![0-9])\d{3,6}(?![0-9])")
CANCEL_EVERY = 500  # complaints read between two looks at the cancel token


@dataclass(frozen=True, slots=True)
class ComplaintWithoutLead:
    """One related complaint in no lead, with the key of ``REASONS`` saying why."""

    id: str
    external_id: str
    received_at: str
    source: str
    complainant_phone: str
    category: str
    reason: str
    text: str


def reason_without_lead(text: str, phones: str, businesses: str, complainant_phone: str, rules: Rules) -> str:
    """The key of ``REASONS`` for a related complaint in no lead, from its text and stored screening columns."""
    # the complainant's numbers, those its export showed masked too (138****8000), separated by spaces
    if phones.strip() or businesses.strip() or extract_phones(text, own=tuple(complainant_phone.split()),
                                                              rules=rules):
        return "not_grouped"  # named, but grouped before this (or by an older reading of numbers)
    written = ascii_digits(text)
    matches = phone_scan(text, rules).matches
    service = [m for m, number in matches
               if is_service_number(NON_DIGITS.sub("", m.group()) if m.lastgroup == "local" else number, rules)]
    if len(service) < len(matches):  # a number screening reads, yet left out: the complainant's own
        return "own_number"
    if service or _short_service_number(written, rules):
        return "service_number"
    if MASKED_NUMBER.search(written):
        return "masked_number"
    return "nothing_named"


def _short_service_number(text: str, rules: Rules) -> bool:
    """Whether ``text`` writes a short operator or service number (10086, 95588) that is no amount or count."""
    units = rules.phones["not_after"]
    return any(is_service_number(m.group(), rules) and not text[m.end():m.end() + 2].lstrip(" ").startswith(units)
               for m in SHORT_NUMBER.finditer(text))


def complaints_without_lead(db: Database, cancel: CancelToken | None = None) -> list[ComplaintWithoutLead]:
    """Every related complaint in no lead, newest first, with its reason; ``cancel`` is looked at every
    ``CANCEL_EVERY`` complaints (the leads page reads them in the background, and a newer reading stops this one)."""
    rules = rules_for(db)
    rows = fetch_dicts(db, "SELECT id, external_id, received_at, source, complainant_phone, category, phones, "
                           f"businesses, text, {OWN_NUMBERS_SQL} AS own FROM complaints WHERE category != '' AND "
                           "lead_id IS NULL ORDER BY received_at DESC, rowid DESC")
    found = []
    for n, r in enumerate(rows):
        if cancel is not None and n % CANCEL_EVERY == 0:
            cancel.check()
        found.append(ComplaintWithoutLead(r["id"], r["external_id"], r["received_at"] or "", r["source"],
                                          r["complainant_phone"], r["category"],
                                          reason_without_lead(r["text"], r["phones"], r["businesses"], r["own"],
                                                              rules), r["text"]))
    return found


def reason_counts(complaints: list[ComplaintWithoutLead]) -> dict[str, int]:
    """How many of ``complaints`` are in no lead for each reason, in the order of ``REASONS``, none left out."""
    counts = Counter(c.reason for c in complaints)
    return {key: counts[key] for key in REASONS}


def mentioned_lead(leads: list[dict], texts: list[str]) -> int | None:
    """The index in ``leads`` (rows with ``businesses``, ``target_name`` and ``phones``) of the lead whose business
    or number most of ``texts`` (the complaints to add to a lead) name; None when none names one, or two leads are
    named as often (the officer chooses then, nothing offered for Enter to take)."""
    named = []
    for lead in leads:
        names = {n for n in (lead.get("businesses") or "").split() + [lead.get("target_name") or ""] if len(n) >= 2}
        names |= {n for n in (lead.get("phones") or "").split() if len(n) >= 5}
        named.append(sum(1 for text in texts if any(n in text for n in names)))
    best = max(named, default=0)
    if not best or named.count(best) > 1:
        return None
    return named.index(best)


def name_nobody(db, complaint_ids) -> bool:
    """Whether the complaints ``complaint_ids`` name no telephone number and no business between them (none read
    by screening, none given as the 被投诉方): a lead made of them would have no target (``lead_from_complaints``
    asks the officer first)."""
    import json

    ids = json.dumps(list(complaint_ids))
    return not db.execute("SELECT 1 FROM complaints WHERE id IN (SELECT value FROM json_each(?)) AND "
                          "(TRIM(phones) != '' OR TRIM(businesses) != '' OR TRIM(target_name) != '') LIMIT 1",
                          [ids]).fetchone()
