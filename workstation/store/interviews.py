"""Administrative interviews (行政约谈) with one or several parties, and publicity activities."""

from __future__ import annotations

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.records import Interview, Publicity
from workstation.store.base import fetch_dicts, from_row, save_audited
from workstation.validators import parse_date


def save_interview(db: Database, interview: Interview, audit: AuditWriter | None = None) -> Interview:
    """Validate and create or update an interview with its parties (audited)."""
    errors = {}
    if not interview.subject.strip():
        errors["subject"] = _("Enter the subject of the interview.")
    if not interview.party_ids:
        errors["party_ids"] = _("Add at least one interviewed party.")
    try:
        parse_date(interview.held_on) or errors.setdefault("held_on", _("Enter the date of the interview."))
    except ValueError as exc:
        errors["held_on"] = str(exc)
    if errors:
        raise ValidationError(errors)
    def write_parties() -> None:
        db.execute("DELETE FROM interview_parties WHERE interview_id = ?", [interview.id])
        db.conn.executemany("INSERT INTO interview_parties (interview_id, party_id) VALUES (?, ?)",
                            [(interview.id, pid) for pid in dict.fromkeys(interview.party_ids)])

    row = {k: getattr(interview, k) for k in interview.__dataclass_fields__ if k != "party_ids"}
    save_audited(db, "interviews", "interview", row, audit, then=write_parties)
    return interview


def list_interviews(db: Database) -> list[Interview]:
    rows = fetch_dicts(db, "SELECT * FROM interviews ORDER BY held_on DESC")
    links: dict[str, list[str]] = {}
    for interview_id, party_id in db.execute("SELECT interview_id, party_id FROM interview_parties"):
        links.setdefault(interview_id, []).append(party_id)
    return [from_row(Interview, r, party_ids=links.get(r["id"], [])) for r in rows]


def save_publicity(db: Database, item: Publicity, audit: AuditWriter | None = None) -> Publicity:
    """Validate and create or update a publicity activity (audited)."""
    errors = {}
    if not item.title.strip():
        errors["title"] = _("Enter the title of the activity.")
    for field in ("flyers", "sms", "participants"):
        if getattr(item, field) < 0:
            errors[field] = _("Must be zero or a positive whole number.")
    if errors:
        raise ValidationError(errors)
    save_audited(db, "publicity", "publicity", {k: getattr(item, k) for k in item.__dataclass_fields__}, audit)
    return item


def list_publicity(db: Database) -> list[Publicity]:
    return [from_row(Publicity, r) for r in fetch_dicts(db, "SELECT * FROM publicity ORDER BY held_on DESC")]
