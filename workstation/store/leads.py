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


def lead_rows(db: Database) -> list[dict]:
    """Every lead as its row (the leads page's list: newest received first)."""
    return fetch_dicts(db, "SELECT * FROM leads ORDER BY received_at DESC")


def complaint_totals(db: Database) -> tuple[int, int, int]:
    """The complaints stored, those about personal information (related), and of those the ones grouped into leads,
    counted as the statistics count them. Each count is an index's own (summing over every row read a million
    complaints in a second): those in leads are all in a lead less the few unrelated ones in a lead (the related ones
    in a lead counted directly read a table row for each of 150,000, a third of a second)."""
    return tuple(db.execute(
        "SELECT (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM complaints WHERE category != ''), "
        "(SELECT COUNT(*) FROM complaints WHERE lead_id IS NOT NULL) - "
        "(SELECT COUNT(*) FROM complaints WHERE category = '' AND lead_id IS NOT NULL)").fetchone())
