"""Signed case bundles between stations and headquarters (DESIGN §6): export, verify, import and merge."""

from __future__ import annotations

from pathlib import Path

from workstation.bundle.merge import (
    deleted_note,
    import_bundle,
    list_conflicts,
    older_bundle_note,
    plan_merge,
    reopen_conflict,
    reopen_refusal,
    resolve_conflict,
    settled_note,
    undecided_note,
)
from workstation.bundle.reader import BundleRefused, open_bundle
from workstation.bundle.writer import export_bundle, last_export
from workstation.db import Database


def verify_bundle(db: Database | None, data_dir: Path, path: str | Path) -> dict:
    """Check a bundle's archive, signature, hashes and format without importing it:
    {"valid", "station", "cases", "trusted", "records", "created_at", "bundle_id", "for" (headquarters' hand-out: the
    station it is for), "from_headquarters" (whether it is headquarters' hand-out), "import_refusal" (why importing
    it into this database would be refused for its place among its station's bundles, ``merge.continuity_refusal``,
    else None)}; refused bundles raise
    BundleRefused with the reason."""
    from workstation.bundle.envelope import NotForThisKey
    from workstation.bundle.merge import continuity_refusal
    from workstation.bundle.reader import not_for_here
    from workstation.station import box_private_key, checked_card, known_station, withdrawal

    try:
        opened = open_bundle(path, box_private_key(data_dir))
    except NotForThisKey as exc:
        raise not_for_here(db, data_dir, exc) from None
    with opened as bundle:
        card = checked_card(bundle.station, bundle.path.name)
        known = known_station(db, card["id"]) if db is not None else None
        withdrawn = withdrawal(db, known) if known is not None else None
        trusted = known is not None and known.sign_key == card["sign_key"] and known.role in ("trusted", "hq") \
            and withdrawn is None
        return {"valid": True, "station": {"id": card["id"], "name": card["name"], "agency_code": card["agency_code"],
                                           "fingerprint": card["fingerprint"]},
                "trusted": trusted, "withdrawn": withdrawn and {k: withdrawn[k] for k in ("at", "reason")},
                "key_changed": known is not None and known.sign_key != card["sign_key"],
                "cases": len(bundle.records["cases"]),
                "records": {name: len(rows) for name, rows in bundle.records.items()},
                "created_at": bundle.manifest.get("created_at"), "bundle_id": bundle.manifest.get("bundle_id"),
                "audit": bundle.manifest.get("audit"), "for": _addressee(bundle.manifest),
                "from_headquarters": bundle.from_headquarters,
                "import_refusal": continuity_refusal(db, bundle) if db is not None else None}


def _addressee(manifest: dict) -> dict | None:
    """The station headquarters' hand-out was made for ({"id", "name"}), or None (any other bundle)."""
    meant = manifest.get("for")
    if not isinstance(meant, dict):
        return None
    return {"id": str(meant.get("id") or ""), "name": str(meant.get("name") or "")}


def list_exports(db: Database, limit: int = 200) -> list[dict]:
    """The bundles written here, newest first: rows of ``bundle_exports`` as dicts."""
    from workstation.store.agencies import recorded_officer_sql
    from workstation.store.base import fetch_dicts

    # created_by_officer: the officer who exported, "" when none was signed in (the computer's account is never
    # shown), by the name they had then (m057)
    return fetch_dicts(db, f"SELECT e.*, {recorded_officer_sql('e.created_by', 'e.created_at')} AS created_by_officer "
                           "FROM bundle_exports e ORDER BY created_at DESC LIMIT ?", [limit])


def list_imports(db: Database, limit: int = 200) -> list[dict]:
    """The bundles merged here, newest first: rows of ``bundle_imports`` with the sending station's name."""
    from workstation.store.agencies import recorded_officer_sql
    from workstation.store.base import fetch_dicts

    # imported_by_officer: the officer who imported, "" when none was signed in (never the computer's account), by
    # the name they had then (m057)
    return fetch_dicts(db, "SELECT i.*, COALESCE(s.name, '') AS station_name, "
                           f"{recorded_officer_sql('i.imported_by', 'i.imported_at')} AS imported_by_officer "
                           "FROM bundle_imports i "
                           "LEFT JOIN stations s ON s.id = i.station_id ORDER BY i.imported_at DESC LIMIT ?", [limit])


__all__ = ["BundleRefused", "deleted_note", "export_bundle", "import_bundle", "last_export", "list_conflicts", "list_exports",
           "list_imports", "older_bundle_note", "open_bundle", "plan_merge", "reopen_conflict", "reopen_refusal",
           "resolve_conflict", "settled_note", "undecided_note", "verify_bundle"]
