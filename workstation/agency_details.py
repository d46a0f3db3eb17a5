"""The agency's own details its documents print and the agencies register does not hold: the telephone and address
the party contacts it at (the 行政处罚告知书's 联系电话 and 联系地址, the channel of its statement, defence and
hearing request) and where a fine or confiscated gains are paid (收款银行, 户名, 账号 and a note on electronic
payment, the 行政处罚决定书's payment paragraph; REFERENCE §2.2 No. 45). They are local and UNCONFIRMED: kept as
the officers enter them (``station details`` on the command line, 文件 → 本局文书信息… in the window), one set per
agency in the settings table, never written into the program. The forms draw them as ``agency.*``.

A town office (市场监管所, REFERENCE §6.1) issues in its district bureau's name, but the party of its case states,
defends and asks for a hearing at the office that handles it: it keeps a telephone and address of its own
(``TOWN_FIELDS``), and its cases print them, each one it left empty the bureau's. The fines of its cases are paid
into the bureau's account (the decision is the bureau's, §1.8), so the payment details are the bureau's alone.
Details stored under the bureau's id before town offices had their own stay the fallback of every town office."""

from __future__ import annotations

import json
import re

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _
from workstation.store.base import get_setting, set_setting

#: the details in the order they are shown, with the label each is named by (the form's own wording)
FIELDS = {"contact_phone": "联系电话", "contact_address": "联系地址", "bank": "收款银行", "account_name": "户名",
          "account_number": "账号", "e_payment": "电子缴款说明"}
#: what a town office sets of its own (the rest are its district bureau's)
TOWN_FIELDS = ("contact_phone", "contact_address")
#: the payment details without which the decision's payment paragraph names no account (``missing_payment``)
PAYMENT_FIELDS = ("bank", "account_name", "account_number")
_KEY = "agency_details."
#: where the officer sets them, named in every warning or refusal about them
WHERE = "文件 → 本局文书信息…（命令行：station details）"


def station_agency_id(db: Database) -> str | None:
    """The acting agency of this station (``acting_agency_id`` of the one it works for; headquarters with none
    chosen works as the city bureau), None while the register holds no agency."""
    agency_id = get_setting(db, "station_agency")
    if not agency_id:
        row = db.execute("SELECT id FROM agencies WHERE level = 'city' ORDER BY code LIMIT 1").fetchone()
        agency_id = row[0] if row else None
    return acting_agency_id(db, agency_id) if agency_id else None


def station_own_agency_id(db: Database) -> str | None:
    """The agency this station works for as chosen, a town office itself rather than its bureau (headquarters with
    none chosen: the city bureau), None while the register holds no agency: whose details the dialog and
    ``station details`` show first."""
    agency_id = get_setting(db, "station_agency")
    if agency_id:
        return agency_id
    return station_agency_id(db)


def is_town_office(db: Database, agency_id: str) -> bool:
    """Whether ``agency_id`` is a town office acting in a district bureau's name (``acting_agency_id``)."""
    return acting_agency_id(db, agency_id) != agency_id


def own_fields(db: Database, agency_id: str) -> tuple[str, ...]:
    """The details ``agency_id`` sets of its own: every one of ``FIELDS`` for a bureau, ``TOWN_FIELDS`` for a town
    office."""
    return TOWN_FIELDS if is_town_office(db, agency_id) else tuple(FIELDS)


def acting_agency_id(db: Database, agency_id: str) -> str:
    """The agency whose name documents of ``agency_id`` go out in: a town office's district bureau."""
    from workstation.store import get_agency

    agency = get_agency(db, agency_id)
    return agency.parent_id if agency.level == "town" and agency.parent_id else agency.id


def agency_details(db: Database, agency_id: str) -> dict[str, str]:
    """{field: text} of the agency ``agency_id``, every field of ``FIELDS`` present ("" when not set)."""
    from workstation.importing.tables import without_unsafe

    try:
        stored = json.loads(get_setting(db, _KEY + agency_id) or "{}")
    except ValueError:
        stored = {}
    if not isinstance(stored, dict):
        stored = {}
    # a control or text-direction character stored before ``checked_details`` refused them is not printed
    return {name: without_unsafe(str(stored.get(name) or "")).strip() for name in FIELDS}


def document_details(db: Database, agency_id: str) -> dict[str, str]:
    """{field: text} the documents of a case of ``agency_id`` print: its acting bureau's, with the telephone and
    address a town office set of its own in their place (each it left empty is the bureau's)."""
    details = agency_details(db, acting_agency_id(db, agency_id))
    if is_town_office(db, agency_id):
        own = agency_details(db, agency_id)
        details.update({name: own[name] for name in TOWN_FIELDS if own[name]})
    return details


def details_from(db: Database, agency_id: str) -> dict[str, str]:
    """{field: id of the agency whose detail it is} of ``document_details``: a town office's own, else its bureau's."""
    acting = acting_agency_id(db, agency_id)
    own = agency_details(db, agency_id) if acting != agency_id else {}
    return {name: agency_id if name in TOWN_FIELDS and own.get(name) else acting for name in FIELDS}


def has_details(db: Database, agency_id: str) -> bool:
    """Whether details were ever set for ``agency_id`` itself (even if since cleared): what a station's bundle
    carries for headquarters (``workstation.bundle.details_part``)."""
    return get_setting(db, _KEY + agency_id) is not None


#: the digits a bank account number has, at least and at most (a 对公账户's 12 to 25 among them)
ACCOUNT_DIGITS = (8, 30)
_ACCOUNT_TYPED = to_ascii(DIGITS + "-")


def checked_account_number(text: str) -> str:
    """A 账号 as stored: its digits, grouped by spaces or dashes as typed (full-width digits and dashes read as
    ASCII, a run of spaces as one); ValidationError naming 账号 when it holds anything else, or fewer or more
    digits than an account number has (``ACCOUNT_DIGITS``)."""
    text = " ".join(text.translate(_ACCOUNT_TYPED).split())
    digits = sum(c.isdigit() for c in text)
    least, most = ACCOUNT_DIGITS
    if not re.fullmatch(r"[0-9]+(?:[ -]+[0-9]+)*", text) or not least <= digits <= most:
        raise ValidationError({FIELDS["account_number"]: _(
            "{text} is not an account number: write its {least} to {most} digits, grouped by spaces or dashes if "
            "you like, such as 4400 1234 5678 9012 345.").format(text=text, least=least, most=most)})
    return text


def earlier_phone(text: str) -> tuple[str, str]:
    """A 联系电话 saved before the present checks of ``normalize_phone(bureau=True)`` (a Foshan landline of 8 digits,
    no public service number: 0757-8628231 and 95105105 were taken then), as a station's stored details and its
    bundle hold it: (the number as the earlier rules store it, what the present check says of it — "" when it
    passes). ValidationError naming 联系电话 when the earlier rules refuse it too."""
    from workstation.validators import normalize_phone

    try:
        return normalize_phone(text, bureau=True), ""
    except ValueError as exc:
        present = str(exc)
    try:
        return normalize_phone(text), present
    except ValueError:
        raise ValidationError({FIELDS["contact_phone"]: present}) from None


def checked_details(db: Database, agency_id: str, changes: dict[str, str | None], *,
                    warnings: list[str] | None = None) -> dict[str, str]:
    """Every field of the agency ``agency_id`` as ``set_agency_details`` would store it with ``changes``, changing
    nothing: a telephone that is not one (a Foshan landline of fewer than 8 digits, a service number such as 12315:
    ``normalize_phone(bureau=True)``, which names the number whole), a 账号 that is not one
    (``checked_account_number``), a payment detail given for a town office (its bureau's account takes the fines of
    its cases), or a text holding a control or text-direction character (U+202E would print the address reversed;
    refused as the party and officer editors refuse it, ``text_field_problem``), is refused naming the field
    (ValidationError).

    ``warnings`` (a list, for details a station saved, as its bundle brings them): a telephone the earlier rules
    took and only the present checks refuse (``earlier_phone``) is taken as they stored it, what the check says of
    it added to ``warnings`` — an officer typing the number is refused."""
    from workstation.store.parties import text_field_problem

    details = agency_details(db, agency_id)
    allowed = own_fields(db, agency_id)
    for name, value in changes.items():
        if name not in FIELDS:
            raise ValidationError({name: _("Unknown detail {name}: give one of {names}.").format(
                name=name, names="、".join(FIELDS))})
        if value is None:
            continue
        if name not in allowed:
            from workstation.store import get_agency

            bureau = get_agency(db, acting_agency_id(db, agency_id))
            raise ValidationError({FIELDS[name]: _(
                "A town office sets only its own telephone and address: the fines of its cases are paid into the "
                "account of {bureau}. Set the {label} for that bureau (agency code {code}).").format(
                bureau=bureau.name, label=FIELDS[name], code=bureau.code)})
        # checked as given, before the runs of spaces are joined: str.split takes \x1c-\x1f and \x85 for spaces
        if problem := text_field_problem(str(value), len(str(value))):  # its length is not limited here
            raise ValidationError({FIELDS[name]: problem})
        text = " ".join(str(value).split())
        if name == "contact_phone" and text:  # its own number: shown whole when refused
            text, problem = earlier_phone(text)  # saved under the earlier rules perhaps: a warning where one is kept
            if problem and warnings is None:
                raise ValidationError({FIELDS[name]: problem})
            if problem:
                warnings.append(problem)
        if name == "account_number" and text:
            text = checked_account_number(text)
        details[name] = text
    return details


def set_agency_details(db: Database, agency_id: str, changes: dict[str, str | None],
                       audit: AuditWriter | None = None, *, warnings: list[str] | None = None) -> dict[str, str]:
    """Set the fields given in ``changes`` (None leaves a field as it is, "" clears it) and return them all; a change
    is audited (``audit``: a writer its owner flushes, as a bundle's merge does). Refused as ``checked_details``
    refuses (``warnings``: details a station saved, a telephone taken as the earlier rules stored it), and nothing
    is changed (ValidationError)."""
    details = checked_details(db, agency_id, changes, warnings=warnings)
    text = json.dumps(details, ensure_ascii=False, separators=(",", ":"))
    stored = get_setting(db, _KEY + agency_id)
    if text == stored:
        return details
    before = agency_details(db, agency_id) if stored is not None else None
    with db.atomic():
        writer = audit or AuditWriter(db)
        set_setting(db, _KEY + agency_id, text)
        writer.add("update", "agency_details", agency_id, before, details)
        if audit is None:
            writer.flush()
    return details


def payment_text(details: dict[str, str]) -> str:
    """The sentence the decision prints after its payment paragraph: 收款银行：…；户名：…；账号：…。 and the electronic
    payment note; "" when none of them is set."""
    parts = [f"{FIELDS[name]}：{details[name]}" for name in PAYMENT_FIELDS if details.get(name)]
    text = "；".join(parts) + "。" if parts else ""
    note = details.get("e_payment", "")
    if note and note[-1] not in "。！？":
        note += "。"
    return text + note


def details_context(db: Database, agency_id: str) -> dict[str, object]:
    """``agency.contact_phone`` … ``agency.e_payment`` and ``agency.payment_details`` (``payment_text``) a case of
    the agency ``agency_id`` prints (``document_details``: a town office's own telephone and address, its bureau's
    account), for the forms' defaults (None for a detail not set, so that a field keeps its own default)."""
    details = document_details(db, agency_id)
    context: dict[str, object] = {f"agency.{name}": value or None for name, value in details.items()}
    context["agency.payment_details"] = payment_text(details) or None
    return context


def missing_payment(db: Database, agency_id: str) -> list[str]:
    """The labels of the payment details (``PAYMENT_FIELDS``) the agency has not set."""
    details = agency_details(db, agency_id)
    return [FIELDS[name] for name in PAYMENT_FIELDS if not details[name]]
