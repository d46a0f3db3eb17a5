"""Frozen report periods: the figures of a progress report (通报) as they were when it was sent, kept with
their sha256 so that the report can be printed again exactly. Rows are written once and never changed (a
trigger refuses updates); freezing is audited in the same transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from workstation.audit import AuditWriter, acting_officer
from workstation.db import Database
from workstation.errors import NotFound, WorkstationError
from workstation.i18n import _
from workstation.records import new_id, now
from workstation.store.base import fetch_dict, fetch_dicts

COLUMNS = "id, label, date_from, date_to, agency_id, frozen_at, frozen_by, sha256"


@dataclass(frozen=True)
class ReportPeriod:
    """A frozen report period; ``snapshot`` (the report data) is loaded only by ``get_report_period``."""

    id: str
    label: str
    date_from: str | None
    date_to: str | None
    agency_id: str | None
    frozen_at: str
    frozen_by: str
    sha256: str
    snapshot: dict | None = None


def snapshot_text(snapshot: dict) -> str:
    """The canonical JSON of a snapshot (sorted keys, no spaces), as stored and hashed."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def insert_report_period(db: Database, label: str, date_from: str | None, date_to: str | None,
                         agency_id: str | None, snapshot: dict) -> ReportPeriod:
    """Store a new frozen period with its snapshot and audit it, in one transaction; a label already used is
    refused (a frozen period is never replaced)."""
    label = label.strip()
    if not label:
        raise WorkstationError(_("Give the report period a label, for example the quarter it covers."))
    text = snapshot_text(snapshot)
    with db.atomic():
        if db.execute("SELECT 1 FROM report_periods WHERE label = ?", [label]).fetchone():
            raise WorkstationError(_("A report period labelled {label} is already frozen; frozen periods cannot be "
                                     "changed. Choose another label.").format(label=label))
        row = {"id": new_id(), "label": label, "date_from": date_from, "date_to": date_to, "agency_id": agency_id,
               "frozen_at": now(), "frozen_by": acting_officer(db),
               "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        db.execute(f"INSERT INTO report_periods ({COLUMNS}, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [*row.values(), text])
        writer = AuditWriter(db)
        writer.add("freeze", "report_period", row["id"], None, row)
        writer.flush()
    return ReportPeriod(**row)


def list_report_periods(db: Database) -> list[ReportPeriod]:
    """Every frozen period, the most recently frozen first (without their snapshots)."""
    return [ReportPeriod(**row) for row in fetch_dicts(
        db, f"SELECT {COLUMNS} FROM report_periods ORDER BY frozen_at DESC, label")]


def get_report_period(db: Database, label: str) -> ReportPeriod:
    """The frozen period ``label`` with its snapshot; NotFound naming it when there is none, and an error when
    its snapshot no longer matches the hash it was frozen with."""
    row = fetch_dict(db, f"SELECT {COLUMNS}, snapshot FROM report_periods WHERE label = ?", [label.strip()])
    if row is None:
        raise NotFound(_("No frozen report period {label}: see `report periods` for the frozen ones.").format(
            label=label))
    text = row.pop("snapshot")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["sha256"]:
        raise WorkstationError(_("The frozen figures of report period {label} were altered: they no longer match "
                                 "the hash taken when they were frozen.").format(label=label))
    return ReportPeriod(**row, snapshot=json.loads(text))
