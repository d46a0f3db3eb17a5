"""Agencies (the city bureau, district bureaus and town offices) and officers."""

from __future__ import annotations

import re

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import NotFound, ValidationError
from workstation.i18n import _
from workstation.paths import resource
from workstation.records import Agency, Officer, now
from workstation.store.base import fetch_dict, fetch_dicts, from_row, write_row

AGENCY_NAMESPACE = "6f1c2d7e-4b1a-5e8e-9a57-0c3f3e1d2a40"
# An agency and every office under it, down to the towns of a city's districts (the agency id is given twice).
AGENCY_AND_OFFICES = ("SELECT a.id FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id "
                      "WHERE a.id = ? OR ? IN (a.parent_id, p.parent_id)")


def agency_condition(agency_id: str, own: bool = False) -> tuple[str, list]:
    """The SQL condition (and its parameters) on a table's ``agency_id`` selecting the records of an agency: with
    those of every office under it, or with ``own`` the agency's own records only (for the city bureau, whose
    offices are every agency, the only way to count what the city bureau itself did)."""
    if own:
        return "agency_id = ?", [agency_id]
    return f"agency_id IN ({AGENCY_AND_OFFICES})", [agency_id, agency_id]


def agency_id_for_code(code: str) -> str:
    """Agencies get a UUID derived from their code, so every laptop agrees on it."""
    import uuid

    return str(uuid.uuid5(uuid.UUID(AGENCY_NAMESPACE), code))


# what the start-up check reads of the reference file without parsing it: the tables and their code lines
TABLE_LINE = re.compile(r"^\s*\[", re.MULTILINE)
CODE_LINE = re.compile(r'^code = "([0-9]+)"[ \t]*$', re.MULTILINE)


def _reference_agencies() -> list[dict]:
    import tomllib

    with resource("reference", "agencies.toml").open("rb") as fh:
        return tomllib.load(fh)["agency"]


def _reference_codes() -> list[str] | None:
    """The codes of the reference agencies, read without a TOML parser (importing tomllib and parsing the file
    was ~6 ms of every start) when the file is written as shipped: nothing but ``[[agency]]`` tables, each
    with one ``code = "…"`` line and no multi-line string. None otherwise, and the caller parses the file."""
    text = resource("reference", "agencies.toml").read_text(encoding="utf-8")
    tables = TABLE_LINE.findall(text)
    codes = CODE_LINE.findall(text)
    if '"""' in text or "'''" in text or len(codes) != len(tables) or text.count("[[agency]]") != len(tables):
        return None
    return codes


def ensure_reference_data(db: Database) -> int:
    """Add the reference agencies the database lacks (in one audited transaction, only when some are
    missing), so that records can refer to them; returns how many were added."""
    existing = {row[0] for row in db.execute("SELECT code FROM agencies")}
    codes = _reference_codes()
    if codes is None:
        codes = [entry["code"] for entry in _reference_agencies()]
    if all(code in existing for code in codes):
        return 0
    from workstation.db.connection import refuse_damaged

    refuse_damaged(db)  # not into a database a crash may have damaged
    with db.atomic():
        writer = AuditWriter(db)
        added = load_reference_agencies(db, writer)
        writer.flush()
    return added


def load_reference_agencies(db: Database, audit: AuditWriter) -> int:
    """Add the agencies of ``resources/reference/agencies.toml`` that the database lacks; returns how many.
    Existing agencies keep their (possibly edited) names and 文号 abbreviations."""
    existing = {row[0] for row in db.execute("SELECT code FROM agencies")}
    added = 0
    for entry in _reference_agencies():
        if entry["code"] in existing:
            continue
        row = {
            "id": agency_id_for_code(entry["code"]), "code": entry["code"], "level": entry["level"],
            "name": entry["name"], "short_name": entry["short_name"],
            "parent_id": agency_id_for_code(entry["parent"]) if entry.get("parent") else None,
            "district": entry.get("district", ""), "town": entry.get("town", ""),
            "doc_abbrev": entry.get("doc_abbrev", ""),
            "reconsideration_body": entry.get("reconsideration_body", ""),
            "police": entry.get("police", ""), "updated_at": now(),
        }
        write_row(db, "agencies", row, audit=audit, entity="agency")
        added += 1
    return added


def list_agencies(db: Database) -> list[Agency]:
    rows = fetch_dicts(db, "SELECT * FROM agencies ORDER BY code")
    return [from_row(Agency, r) for r in rows]


def get_agency(db: Database, agency_id: str) -> Agency:
    row = fetch_dict(db, "SELECT * FROM agencies WHERE id = ?", [agency_id])
    if row is None:
        raise NotFound(_("No agency {id}.").format(id=agency_id))
    return from_row(Agency, row)


def agency_by_code(db: Database, code: str) -> Agency:
    row = fetch_dict(db, "SELECT * FROM agencies WHERE code = ?", [code])
    if row is None:
        raise NotFound(_("No agency with code {code}: see `init --help` for the codes.").format(code=code))
    return from_row(Agency, row)


def districts(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT district FROM agencies WHERE level = 'district' ORDER BY code")]


def update_agency(db: Database, agency: Agency) -> None:
    """Save edited names, 文号 abbreviation and bodies of an agency (audited)."""
    if not agency.name.strip():
        raise ValidationError({"name": _("The agency needs a name.")})
    with db.atomic():
        audit = AuditWriter(db)
        row = {k: v for k, v in agency.__dict__.items()}
        row["updated_at"] = now()
        write_row(db, "agencies", row, audit=audit, entity="agency")
        audit.flush()


def officer_field_errors(db: Database, officer: Officer) -> dict[str, str]:
    """Field errors of an officer as the editor shows them ({} when valid)."""
    errors = {}
    if not officer.name.strip():
        errors["name"] = _("Enter the officer's name.")
    if db.execute("SELECT 1 FROM agencies WHERE id = ?", [officer.agency_id]).fetchone() is None:
        errors["agency_id"] = _("Choose the officer's agency.")
    cert = officer.cert_no.strip()
    if cert:
        holder = db.execute("SELECT name FROM officers WHERE cert_no = ? AND id != ?", [cert, officer.id]).fetchone()
        if holder:
            errors["cert_no"] = _("Certificate number {cert} already belongs to {name}.").format(cert=cert,
                                                                                               name=holder[0])
    return errors


def validate_officer(db: Database, officer: Officer) -> None:
    errors = officer_field_errors(db, officer)
    if errors:
        raise ValidationError(errors)


def save_officer(db: Database, officer: Officer, audit: AuditWriter | None = None) -> Officer:
    """Create or update an officer (audited)."""
    validate_officer(db, officer)
    with db.atomic():
        writer = audit or AuditWriter(db)
        row = {"id": officer.id, "name": officer.name.strip(), "cert_no": officer.cert_no.strip(),
               "agency_id": officer.agency_id, "active": int(officer.active), "updated_at": now()}
        write_row(db, "officers", row, audit=writer, entity="officer")
        if audit is None:
            writer.flush()
    return officer


def list_officers(db: Database, agency_id: str | None = None) -> list[Officer]:
    """Active officers, optionally of one agency and the offices under it."""
    sql = "SELECT * FROM officers WHERE active = 1"
    params: list = []
    if agency_id:
        sql += f" AND agency_id IN ({AGENCY_AND_OFFICES})"
        params = [agency_id, agency_id]
    rows = fetch_dicts(db, sql + " ORDER BY name", params)
    return [from_row(Officer, r, active=bool(r["active"])) for r in rows]


def get_officer(db: Database, officer_id: str) -> Officer:
    row = fetch_dict(db, "SELECT * FROM officers WHERE id = ?", [officer_id])
    if row is None:
        raise NotFound(_("No officer {id}.").format(id=officer_id))
    return from_row(Officer, row, active=bool(row["active"]))
