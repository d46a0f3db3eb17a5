"""Who sent which cases where: the bundles written here as ``bundle_exports`` keeps them (m034 added the cases and
the destination of each). Read only from that table, never from the audit log: an audit entry of an export would
travel in the next bundle's audit segment and headquarters would refuse a bundle of chosen cases for it."""

from __future__ import annotations

import json
from pathlib import PureWindowsPath

from workstation.case_reference import case_named, filed_number
from workstation.db import Database
from workstation.i18n import _, join_names
from workstation.records import short_time


def _sent_rows(db: Database, where: str = "", params: list | None = None, limit: int = -1) -> list[dict]:
    from workstation.store.agencies import recorded_officer_sql
    from workstation.store.base import fetch_dicts

    # created_by_officer: the officer who exported, "" when none was signed in (the computer's account is never
    # shown), by the name they had then (m057)
    return fetch_dicts(db, "SELECT e.id, e.created_at, e.scope, e.path, e.cases, e.files, e.encrypted, e.case_ids, "
                           "e.destination, e.destination_id, e.destination_name, "
                           f"{recorded_officer_sql('e.created_by', 'e.created_at')} AS created_by_officer "
                           f"FROM bundle_exports e{where} ORDER BY e.created_at DESC, e.rowid DESC LIMIT ?",
                       [*(params or []), limit])


def file_name(path: str) -> str:
    """The bundle's file name without its folder (written on Windows or elsewhere)."""
    return PureWindowsPath(path).name if "\\" in path else path.rsplit("/", 1)[-1]


def destination_text(row: dict) -> str:
    """Where an export went, as the officer reads it: 省局/市局 headquarters (by name when its card is known), the
    station a hand-out was made for, or "not recorded" for an export written before m034."""
    from workstation.station import station_label

    kind = row.get("destination")
    if kind == "station":
        return _("station {station}").format(station=station_label(row.get("destination_name")))
    if kind == "stations":
        return _("every station")
    if kind == "hq":
        name = row.get("destination_name")
        return _("headquarters ({name})").format(name=name) if name else _("headquarters")
    return _("not recorded")


def case_ids_of(row: dict) -> list[str] | None:
    """The ids of the cases an export carried; None for one written before m034 (not known)."""
    if row.get("case_ids") is None:
        return None
    try:
        ids = json.loads(row["case_ids"])
    except ValueError:
        return None
    return [str(i) for i in ids] if isinstance(ids, list) else None


def sent_exports(db: Database, limit: int = 200) -> list[dict]:
    """The bundles written here, newest first, each with ``case_numbers`` (the case numbers of the cases it carried,
    None for one not filed; [] for none; None when written before m034), ``case_names`` (the same, a case not filed
    named by its party and cause) and ``destination_text``."""
    rows = _sent_rows(db, limit=limit)
    held = {case_id: (filed_number(number), case_named(number, party, cause)) for case_id, number, party, cause
            in db.execute("SELECT id, case_number, party_names, cause FROM cases").fetchall()} if rows else {}
    for row in rows:
        ids = case_ids_of(row)
        row["case_ids"] = ids
        # a case no longer held here (merged away, say) is named by its id; one not filed has no number (None) and
        # is named by its party and cause, not by the mark it holds (case_reference.case_named)
        row["case_numbers"] = None if ids is None else [held[i][0] or None if i in held else i for i in ids]
        row["case_names"] = None if ids is None else [held[i][1] if i in held else i for i in ids]
        row["destination_text"] = destination_text(row)
        row["file_name"] = file_name(row["path"])
    return rows


def exports_before_m034(rows: list[dict]) -> int:
    """How many of ``rows`` were written before the cases of an export were kept (m034)."""
    return sum(1 for row in rows if row.get("case_ids") is None)


def case_exports(db: Database, case_id: str) -> list[dict]:
    """The bundles written here that carried the case ``case_id``, oldest first."""
    rows = _sent_rows(db, " WHERE e.case_ids IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(e.case_ids) j "
                          "WHERE j.value = ?)", [case_id])
    for row in rows:
        row["destination_text"] = destination_text(row)
        row["file_name"] = file_name(row["path"])
    return rows[::-1]


def exported_text(row: dict) -> str:
    """One export on a case's timeline or in the audit listing: 已导出至 … (文件名, 时间, 经办人)."""
    from workstation.audit import no_officer_text

    return _("Exported to {destination} ({file}, {time}, {officer})").format(
        destination=row["destination_text"], file=row["file_name"],
        time=short_time(row["created_at"]), officer=row["created_by_officer"] or no_officer_text())


def before_m034_note(count: int) -> str:
    """The one line said of the exports written before their cases were kept."""
    from workstation.i18n import ngettext

    return ngettext("{n} bundle exported before this version does not record which cases it carried or where it "
                    "went.", "{n} bundles exported before this version do not record which cases they carried or "
                    "where they went.", count).format(n=count)


def case_numbers_text(numbers: list[str] | None, shown: int = 3) -> str:
    """The cases an export carried as a list shows them: the first ``shown`` numbers and how many more; "not
    recorded" for an export written before m034."""
    from workstation.i18n import ngettext

    if numbers is None:
        return _("not recorded")
    if not numbers:
        return "—"
    text = join_names(numbers[:shown])
    more = len(numbers) - shown
    return text if more <= 0 else ngettext("{cases} and {n} more", "{cases} and {n} more", more).format(
        cases=text, n=more)
