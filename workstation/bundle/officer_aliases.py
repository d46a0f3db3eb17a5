"""The same officer registered at two stations: each station gives its own record its own id, but the enforcement
certificate number (``store.agencies.cert_no_key``) tells that both are one person. A bundle's officer whose
certificate number is that of an officer held here under another id is not added a second time: its id is read as
the one held here wherever the bundle names it (a case's officers), and the pair is kept (``ALIASES_KEY``), so that
every later bundle naming that id (the station's next one, headquarters' hand-out) is read the same way, whatever
happens to the certificate number since. A bundle's officer of another name than the one held here with that
number is a conflict of the name (the record here kept, the analyst choosing). Headquarters' hand-out names the
officer by headquarters' id, which the station reads as its own in turn, so that no station is given a second
record of one certificate either."""

from __future__ import annotations

import json

from workstation.db import Database

# {an officer id a bundle brought: {"id": the officer here it is, "station": the station whose bundle brought it}}
# in the settings table, audited when it changes (action link_officers)
ALIASES_KEY = "bundle_officer_aliases"


def held_aliases(db: Database) -> dict[str, dict]:
    """The pairs kept by earlier imports (``ALIASES_KEY``)."""
    from workstation.store.base import get_setting

    text = get_setting(db, ALIASES_KEY)
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, dict) and isinstance(v.get("id"), str)} \
        if isinstance(found, dict) else {}


def officer_aliases(db: Database, officers: list[dict]) -> dict[str, str]:
    """{id of a bundle's officer: id of the officer here it is} for the bundle's ``officers`` not held here under
    their own id: one paired before (``held_aliases``, its officer still here), else one holding the same
    certificate number (an officer on duty first, then the oldest record); a second officer of the bundle with the
    certificate number of one the bundle adds is read as that one."""
    from workstation.store.agencies import cert_no_key

    local = db.execute("SELECT id, cert_no, active FROM officers").fetchall()
    held = {row[0] for row in local}
    by_key: dict[str, str] = {}
    for officer_id, cert, _active in sorted(local, key=lambda r: (not r[2], r[0])):
        key = cert_no_key(cert or "")
        if key:
            by_key.setdefault(key, officer_id)
    known = held_aliases(db)
    found: dict[str, str] = {}
    for row in officers:
        officer_id = str(row.get("id"))
        key = cert_no_key(str(row.get("cert_no") or ""))
        if officer_id in held:
            continue
        paired = known.get(officer_id, {}).get("id")
        if paired in held:
            found[officer_id] = paired
        elif key and key in by_key and by_key[key] != officer_id:
            found[officer_id] = by_key[key]
        elif key:  # added by this bundle: a second record of the bundle with that number is this one
            by_key.setdefault(key, officer_id)
    return found


def read_as_held(records: dict[str, list[dict]], aliases: dict[str, str]) -> dict[str, list[dict]]:
    """The bundle's ``records`` with the officers of ``aliases`` left out and every officer id naming one of them
    read as the officer here (a case listing both keeps the first place); the bundle's own lists are not changed."""
    if not aliases:
        return records
    result = dict(records)
    result["officers"] = [r for r in records.get("officers", []) if str(r.get("id")) not in aliases]
    cases = []
    for row in records.get("cases", []):
        items = row.get("_officers")
        if isinstance(items, list) and any(isinstance(i, (list, tuple)) and i and i[0] in aliases for i in items):
            seen: set = set()
            mapped = []
            for item in items:
                officer_id = aliases.get(item[0], item[0]) if isinstance(item, (list, tuple)) and item else None
                if officer_id is not None and officer_id in seen:
                    continue
                seen.add(officer_id)
                mapped.append([officer_id, *item[1:]] if officer_id is not None else item)
            row = {**row, "_officers": mapped}
        cases.append(row)
    result["cases"] = cases
    return result


def save_aliases(db: Database, aliases: dict[str, str], station_id: str, writer) -> None:
    """Keep the pairs an import found (``officer_aliases``) with those known before, the bundle's ``station_id``
    with each new one; a change is audited (the pairs before and after)."""
    from workstation.store.base import set_setting

    if not aliases:
        return
    before = held_aliases(db)
    after = {**before, **{k: {"id": v, "station": before.get(k, {}).get("station", station_id)}
                          for k, v in aliases.items()}}
    if after != before:
        set_setting(db, ALIASES_KEY, json.dumps(dict(sorted(after.items())), ensure_ascii=False,
                                                separators=(",", ":")))
        writer.add("link_officers", "setting", ALIASES_KEY, {"aliases": before}, {"aliases": after})
