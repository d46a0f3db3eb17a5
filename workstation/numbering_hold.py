"""The numbering hold (编号保护) after a restore: no case number or 文号 is given twice.

A station restored from a backup has forgotten the case numbers and 文号 it took after the backup was made, and those
may already be on paper served to a party. When the restored station had sent bundles to headquarters (its numbers
since the backup are known there), the restore places a hold in the restored database's settings: the backup's
creation time, the restore's time and the newest bundle known to have been exported after the backup. While it
stands, taking a case number (filing a case) or a 文号 (issuing a document, also by hand) is refused saying why and
the two ways out; everything else (editing, drafting, printing drafts, exporting bundles) goes on.

Importing headquarters' hand-out for this station made after the backup and after that newest export lifts the
hold (``after_import``); an older hand-out leaves it, saying why. After checking the last case number and 文号 on
paper, an officer may release it by hand (``release``). Both are written to the audit log (entity ``numbering``)
with the officer."""

from __future__ import annotations

import datetime as dt
import json

from workstation import audit
from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.records import now

SETTING = "numbering_hold"
ENTITY = "numbering"
LIFTED = "numbering_hold_lifted"
RELEASED = "numbering_hold_released"


def current_hold(db: Database) -> dict | None:
    """The hold standing here: {"backup_created", "restored_at", "newest_export" ({"file", "created_at"} or None)};
    None when numbers may be taken."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone()
    if row is None or not row[0]:
        return None
    try:
        hold = json.loads(row[0])
    except ValueError:
        hold = None
    if not isinstance(hold, dict) or not hold.get("backup_created"):  # unreadable: held all the same, to be safe
        return {"backup_created": "", "restored_at": "", "newest_export": None}
    return hold


def place_hold(db: Database, backup_created: str, exported_after: list[dict] | None,
               restored_at: str | None = None) -> dict:
    """Record the hold in ``db`` (the restored database): the backup made at ``backup_created``, restored now (or
    at ``restored_at``), and the newest of ``exported_after`` (the bundles exported after the backup, oldest first;
    None or empty: not known)."""
    newest = exported_after[-1] if exported_after else None
    hold = {"backup_created": backup_created, "restored_at": restored_at or now(),
            "newest_export": {"file": newest["file"], "created_at": newest["created_at"]} if newest else None}
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                   "value = excluded.value", [SETTING, json.dumps(hold, ensure_ascii=False)])
    return hold


def _when(stamp: str) -> str:
    return (stamp or "")[:16].replace("T", " ") or _("an unknown time")


def refusal_text(hold: dict) -> str:
    """Why no number is taken while ``hold`` stands, and the two ways out."""
    return _("This workstation was restored from the backup made {created}: case numbers and document numbers (文号) "
             "taken after that may already be in use on paper. No case number or 文号 is given until either "
             "headquarters' latest hand-out for this station is imported (Exchange page, or `bundle import`), or, "
             "after checking the last case number and 文号 on the paper files, the numbering hold is released "
             "(File → Release numbering hold…, or `numbers release-hold --checked`).").format(
        created=_when(hold.get("backup_created", "")))


def status_text() -> str:
    """The short line the window's status bar shows while a hold stands."""
    return _("Numbering held: import headquarters' hand-out first")


def check_numbering(db: Database) -> None:
    """Refuse taking a case number or a 文号 while a hold stands (WorkstationError naming why and the ways out)."""
    hold = current_hold(db)
    if hold is not None:
        raise WorkstationError(refusal_text(hold))


def confirmation_text(hold: dict) -> str:
    """The question asked before the hold is released by hand."""
    return _("This workstation was restored from the backup made {created}; case numbers and 文号 taken after it "
             "may already be on paper served to a party. Release the numbering hold only after checking, on the paper "
             "files, the last case number and the last 文号 of each kind issued: the next numbers follow the highest "
             "recorded here. Release it now?").format(created=_when(hold.get("backup_created", "")))


def _parse(stamp: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _lift(db: Database, action: str, hold: dict, detail: dict, actor: str | None = None) -> None:
    with db.atomic():
        db.execute("DELETE FROM settings WHERE key = ?", [SETTING])
        audit.append(db, action, ENTITY, "hold", hold, {"action": action, **hold, **detail}, actor)


def is_hand_out(db: Database, manifest: dict, sender_id: str) -> bool:
    """Whether a bundle (its ``manifest``, sent by ``sender_id``) is headquarters' hand-out for this station: made
    for it, or (older versions) sent by the headquarters this station names."""
    from workstation.station import headquarters, this_station

    meant = manifest.get("for") if isinstance(manifest, dict) else None
    own = this_station(db)
    if isinstance(meant, dict) and own is not None and str(meant.get("id") or "") == own.id:
        return True
    hq = headquarters(db)
    return hq is not None and hq.id == sender_id


def after_import(db: Database, manifest: dict, sender_id: str, actor: str | None = None) -> dict | None:
    """After a bundle was merged: lift the hold when it is headquarters' hand-out for this station made after the
    backup and after the newest bundle known to have been exported since. Returns None when no hold stood or the
    bundle is no hand-out for this station, else {"lifted": bool, "message": str}."""
    hold = current_hold(db)
    if hold is None or not is_hand_out(db, manifest, sender_id):
        return None
    made = str(manifest.get("created_at") or "")
    made_at = _parse(made)
    newest = hold.get("newest_export") or {}
    limits = [(hold.get("backup_created", ""), None), (newest.get("created_at", ""), newest.get("file"))]
    for stamp, file in limits:
        if not stamp:
            continue
        limit = _parse(stamp)
        if made_at is None or limit is None or made_at <= limit:
            if file:
                message = _("The numbering hold stays: this hand-out was made {made}, before the bundle {file} "
                            "exported {exported}, so it may lack the numbers sent in it. Import a hand-out "
                            "headquarters makes after it has imported {file}.").format(
                    made=_when(made), file=file, exported=_when(stamp))
            else:
                message = _("The numbering hold stays: this hand-out was made {made}, before the backup this "
                            "workstation was restored from ({created}). Import a newer hand-out from "
                            "headquarters.").format(made=_when(made), created=_when(stamp))
            return {"lifted": False, "message": message}
    _lift(db, LIFTED, hold, {"hand_out_created": made, "bundle_id": str(manifest.get("bundle_id") or ""),
                             "officer": audit.acting_officer(db, actor)}, actor)
    return {"lifted": True, "message": _("The numbering hold is lifted: this hand-out from headquarters, made {made}, "
                                         "brings the numbers taken since the backup; case numbers and 文号 are "
                                         "given again.").format(made=_when(made))}


def release(db: Database, checked: bool, officer: str | None = None) -> dict:
    """Release the hold by hand, after the last case number and 文号 were checked on paper (``checked``); audited
    with the officer (``officer``, by default who is acting). Returns the hold released."""
    hold = current_hold(db)
    if hold is None:
        raise WorkstationError(_("There is no numbering hold here: case numbers and 文号 are given as usual."))
    if not checked:
        raise WorkstationError(_("Check the last case number and 文号 on the paper files first, then release the hold "
                                 "with --checked; nothing was changed."))
    _lift(db, RELEASED, hold, {"officer": audit.acting_officer(db, officer)}, officer)
    return hold
