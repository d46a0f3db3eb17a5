"""Leads (线索): complaints, reports, referrals and assignments that may become cases."""

from __future__ import annotations

from sqlite_utils import Database

from workstation.audit import AuditWriter
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.records import Lead, now
from workstation.store.base import fetch_dicts, from_row, write_row
from workstation.vocabulary import labels


def save_lead(db: Database, lead: Lead, audit: AuditWriter | None = None) -> Lead:
    """Validate and create or update a lead (audited)."""
    errors = {}
    if lead.source not in labels("lead_sources"):
        errors["source"] = _("Choose where the lead came from.")
    if not lead.received_at:
        errors["received_at"] = _("Enter when the lead was received.")
    if lead.status not in labels("lead_statuses"):
        errors["status"] = _("Unknown lead status {status}.").format(status=lead.status)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        writer = audit or AuditWriter(db)
        created = db.execute("SELECT created_at FROM leads WHERE id = ?", [lead.id]).fetchone()
        stamp = now()
        row = {k: getattr(lead, k) for k in lead.__dataclass_fields__}
        row.update(created_at=created[0] if created else stamp, updated_at=stamp)
        write_row(db, "leads", row, audit=writer, entity="lead")
        if audit is None:
            writer.flush()
    return lead


def list_leads(db: Database, limit: int = 1000) -> list[Lead]:
    rows = fetch_dicts(db, "SELECT * FROM leads ORDER BY received_at DESC LIMIT ?", [limit])
    return [from_row(Lead, r) for r in rows]
