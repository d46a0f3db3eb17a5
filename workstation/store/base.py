"""Shared helpers of the store: settings, row conversion and the audited write of one record."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from typing import Any

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.records import now

#: the key a form context holds a value under as a function until a form draws on it (``formkit.values.source_value``)
LAZY_PREFIX = "lazy:"


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                   "value = excluded.value", [key, value])


def like_contains(text: str) -> str:
    """The pattern of ``LIKE ? ESCAPE '\\'`` finding ``text`` anywhere, its ``%``, ``_`` and ``\\`` taken as
    written (a business named 优惠_推广 or a search for 50% is no wildcard)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fetch_dicts(db: Database, sql: str, params: list | tuple = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_dict(db: Database, sql: str, params: list | tuple = ()) -> dict[str, Any] | None:
    rows = fetch_dicts(db, sql, params)
    return rows[0] if rows else None


@cache
def _field_names(cls) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def from_row(cls, row: dict[str, Any], **extra):
    """Build dataclass ``cls`` from a row, ignoring columns it has no field for."""
    names = _field_names(cls)  # once per class, not per row
    values = {k: v for k, v in row.items() if k in names}
    values.update(extra)
    return cls(**values)


def write_row(db: Database, table: str, row: dict[str, Any], *, audit: AuditWriter, entity: str) -> None:
    """Insert or update one row by its id and audit the change (before/after digests)."""
    before = fetch_dict(db, f"SELECT * FROM {table} WHERE id = ?", [row["id"]])
    columns = list(row)
    if before is None:
        db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                   [row[c] for c in columns])
        audit.add("create", entity, row["id"], None, row)
    else:
        assignments = ", ".join(f"{c} = ?" for c in columns if c != "id")
        db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?",
                   [row[c] for c in columns if c != "id"] + [row["id"]])
        after = fetch_dict(db, f"SELECT * FROM {table} WHERE id = ?", [row["id"]])
        if after != before:
            audit.add("update", entity, row["id"], before, after)


def save_audited(db: Database, table: str, entity: str, row: dict[str, Any], audit: AuditWriter | None = None,
                 then=None) -> None:
    """Create or update ``row`` in ``table`` in one transaction, keeping its creation time, stamping its update
    time and auditing it; ``then()`` runs inside the transaction (e.g. to rewrite link rows). A given
    ``audit`` writer is left for its owner to flush (bulk loads)."""
    with db.atomic():
        writer = audit or AuditWriter(db)
        created = db.execute(f"SELECT created_at FROM {table} WHERE id = ?", [row["id"]]).fetchone()
        stamp = now()
        write_row(db, table, {**row, "created_at": created[0] if created else stamp, "updated_at": stamp},
                  audit=writer, entity=entity)
        if then is not None:
            then()
        if audit is None:
            writer.flush()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
