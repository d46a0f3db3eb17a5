"""What the 导入记录 list keeps beyond ``bundle_imports``, in the settings (no migration): the cases each merge
added, updated, left or found in conflict (a merge's own counts are of records of every kind: parties, complaints,
case records…), and the bundles refused here — tampered, truncated, not a bundle, continuing one not imported —
with the time, the file, the station when known and the reason. A refusal changes no case data: only this list."""

from __future__ import annotations

import json

from workstation.db import Database
from workstation.i18n import _
from workstation.records import now

CASE_COUNTS_KEY = "bundle_import_case_counts"  # {import id: {"new", "updated", "unchanged", "conflicts"}}
REFUSALS_KEY = "bundle_refusals"  # [{"at", "file", "station", "reason"}], oldest first
KEPT_REFUSALS = 200  # the refusals kept: the newest, as the list shows 200 imports at most
KEPT_CASE_COUNTS = 200  # the merges whose case counts are kept: the newest ("—" in the list for older ones)
KINDS = ("new", "updated", "unchanged", "conflicts")


def _read(db: Database, key: str, default):
    from workstation.store.base import get_setting

    try:
        value = json.loads(get_setting(db, key) or "null")
    except ValueError:  # a damaged entry: the list goes on without it rather than failing the page
        return default
    return value if isinstance(value, type(default)) else default


def _write(db: Database, key: str, value) -> None:
    from workstation.store.base import set_setting

    set_setting(db, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def keep_case_counts(db: Database, import_id: str, cases: dict) -> None:
    """Keep the counts of the cases a merge ``import_id`` brought (inside the merge's transaction), with those of
    the ``KEPT_CASE_COUNTS`` newest merges only (the entry is kept in the order the merges were made). The merge
    gives ``MergePlan.case_counts()``: a case only whose records changed counts as updated."""
    kept = _read(db, CASE_COUNTS_KEY, {})
    kept.pop(import_id, None)
    kept[import_id] = {k: int(cases.get(k, 0)) for k in KINDS}
    _write(db, CASE_COUNTS_KEY, dict(list(kept.items())[-KEPT_CASE_COUNTS:]))


def case_counts(db: Database) -> dict[str, dict]:
    """{import id: the counts of its cases}, for the merges made since they are kept."""
    return _read(db, CASE_COUNTS_KEY, {})


def record_refusal(db: Database, file_name: str, reason: str, station: str = "") -> None:
    """List a bundle refused here (its file name, the station when known, why) in the 导入记录 list."""
    refusals = _read(db, REFUSALS_KEY, [])
    refusals.append({"at": now(), "file": file_name, "station": station or "", "reason": reason})
    _write(db, REFUSALS_KEY, refusals[-KEPT_REFUSALS:])


def last_imports(db: Database) -> dict[str, dict]:
    """{station id: {"imported_at", "created_at"}} of the last bundle imported here from each station: when it was
    imported and when the station made it (the 站点 tab shows which station is behind)."""
    return {station: {"imported_at": imported, "created_at": made} for station, imported, made in db.execute(
        "SELECT station_id, imported_at, created_at FROM bundle_imports ORDER BY imported_at, created_at")}


def refusal_reason(exc: BaseException) -> str | None:
    """Why a bundle was refused when ``exc`` is a refusal — a bundle altered, truncated, damaged, not a bundle,
    encrypted for another key or with no key here, signed by a station not trusted, continuing one not imported —
    else None (a cancel, or a failure of this computer such as a full disk, refuses no bundle)."""
    from workstation.bundle.envelope import NotForThisKey
    from workstation.bundle.reader import BundleRefused
    from workstation.errors import Cancelled

    if isinstance(exc, Cancelled) or not isinstance(exc, (BundleRefused, NotForThisKey)):
        return None
    return exc.message


def record_if_refused(db: Database, file_name: str, exc: BaseException) -> bool:
    """List the bundle ``file_name`` in the 导入记录 list when ``exc`` refused it (``refusal_reason``), with the
    station when the refusal names it; whether it was listed. The window and ``bundle import`` both call it."""
    reason = refusal_reason(exc)
    if reason is None:
        return False
    record_refusal(db, file_name, reason, getattr(exc, "station", "") or "")
    return True


def list_refusals(db: Database) -> list[dict]:
    """The bundles refused here, newest first."""
    return [r for r in reversed(_read(db, REFUSALS_KEY, [])) if isinstance(r, dict)]


def cases_text(counts: dict) -> str:
    """新增案件5件、更新1件、未变0件、冲突0件: the cases of a merge, said before its records of every kind."""
    return _("cases: {new} new, {updated} updated, {unchanged} unchanged, {conflicts} in conflict").format(
        **{k: counts.get(k, 0) for k in KINDS})


def merge_summary(file_name: str, counts: dict, *, dry_run: bool = False) -> str:
    """What a merge (or with ``dry_run`` its preview) did, the cases first, then the records of every kind in all:
    “nh-2.bundle: merged cases: 5 new, …; 17 records in all: 12 new, …”. ``counts`` is ``import_bundle``'s result:
    the cases are its ``case_counts`` (a case only whose payments, documents … changed is updated:
    ``MergePlan.case_counts``), the records its four counts."""
    cases = cases_text(counts.get("case_counts") or {})
    total = sum(counts.get(k, 0) for k in KINDS)
    if dry_run:
        template = _("{file}: would merge {cases}; {total} records in all: {new} new, {updated} updated, "
                     "{unchanged} unchanged, {conflicts} in conflict (nothing changed).")
    else:
        # the file and what was merged apart (“h0.bundle: merged …”): a path ends in no word the text can lean on
        template = _("{file}: merged {cases}; {total} records in all: {new} new, {updated} updated, {unchanged} "
                     "unchanged, {conflicts} in conflict.")
    return template.format(file=file_name, cases=cases, total=total, **{k: counts.get(k, 0) for k in KINDS})
