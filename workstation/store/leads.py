"""Leads (线索): complaints, reports, referrals and assignments that may become cases."""

from __future__ import annotations

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.i18n import _
from workstation.records import Lead
from workstation.store.base import fetch_dicts, from_row, save_audited
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
    save_audited(db, "leads", "lead", {k: getattr(lead, k) for k in lead.__dataclass_fields__}, audit)
    return lead


def list_leads(db: Database, limit: int = 1000) -> list[Lead]:
    rows = fetch_dicts(db, "SELECT * FROM leads ORDER BY received_at DESC LIMIT ?", [limit])
    return [from_row(Lead, r) for r in rows]
