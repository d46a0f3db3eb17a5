"""The numbering hold (编号保护) after a restore: no case number or 文号 is given twice.

A station restored from a backup has forgotten the case numbers and 文号 it took after the backup was made, and those
may already be on paper served to a party. When the restored station had sent bundles to headquarters (its numbers
since the backup are known there), the restore places a hold in the restored database's settings: the backup's
creation time, the restore's time and the newest bundle known to have been exported after the backup. While it
stands, taking a case number (filing a case) or a 文号 (issuing a document, also by hand) is refused saying why and
the two ways out; everything else (editing, drafting, printing drafts, exporting bundles) goes on.

Importing headquarters' hand-out for this station lifts the hold (``after_import``) only when it shows that
headquarters had imported the bundles exported after the backup: the hand-out says how far into this station's
audit log headquarters had imported (its bases' "imported", ``bundle.writer.imported_logs``), and the hold keeps how
far each of those bundles went (``bundle_exports.audit_to``). A hand-out lacking one of them leaves the hold, naming
the bundle headquarters must import first; one that does not say it (older versions) leaves it too, saying so. After checking the last case number and 文号 on
paper, an officer may release it by hand (``release``). Both are written to the audit log (entity ``numbering``)
with the officer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from workstation import audit
from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.records import now, short_time

SETTING = "numbering_hold"
ENTITY = "numbering"
LIFTED = "numbering_hold_lifted"
RELEASED = "numbering_hold_released"


def current_hold(db: Database) -> dict | None:
    """The hold standing here: {"backup_created", "restored_at", "newest_export" ({"file", "created_at", "audit_to",
    "bundle_id"} or None), "exported_after" (those bundles, oldest first), "kept" (the name of the data the restore
    replaced, which ``backup put-back`` takes, or None)}; None when numbers may be taken. Holds placed by earlier
    versions lack the last two, and "audit_to" and "bundle_id"."""
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


def _export_entry(row: dict) -> dict:
    entry = {"file": row["file"], "created_at": row["created_at"]}
    if isinstance(row.get("audit_to"), int):
        entry["audit_to"] = row["audit_to"]
    if row.get("bundle_id"):
        entry["bundle_id"] = str(row["bundle_id"])
    return entry


def place_hold(db: Database, backup_created: str, exported_after: list[dict] | None,
               restored_at: str | None = None, kept: str | None = None) -> dict:
    """Record the hold in ``db`` (the restored database): the backup made at ``backup_created``, restored now (or
    at ``restored_at``), the bundles of ``exported_after`` (exported after the backup, oldest first, with how far
    into the audit log each went, "audit_to"; None or empty: not known) and the newest of them, and ``kept``, the
    folder keeping the data the restore replaced (its name is what ``backup put-back`` takes)."""
    sent = [_export_entry(row) for row in exported_after or []]
    hold = {"backup_created": backup_created, "restored_at": restored_at or now(),
            "newest_export": sent[-1] if sent else None, "exported_after": sent,
            "kept": Path(kept).name if kept else None}
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                   "value = excluded.value", [SETTING, json.dumps(hold, ensure_ascii=False)])
    return hold


def _when(stamp: str) -> str:
    return short_time(stamp) or _("an unknown time")


def _files(hold: dict) -> str:
    return "、".join(str(row.get("file") or "") for row in hold.get("exported_after") or [] if isinstance(row, dict))


def put_back_command(kept: str | None) -> str:
    """The command putting back the data a restore replaced: with its name when known."""
    return f"backup put-back {kept}" if kept else "backup put-back NAME"


def refusal_text(hold: dict) -> str:
    """Why no number is taken while ``hold`` stands, and the ways out: when bundles were exported after the backup,
    that headquarters will refuse this station's further bundles, and putting back the data the restore replaced
    first."""
    created = _when(hold.get("backup_created", ""))
    files = _files(hold)
    if files:
        newest = (hold.get("newest_export") or {}).get("file") or files
        return _("This workstation was restored from the backup made {created}, but bundles were exported from here "
                 "after it ({files}): case numbers and 文号 taken after the backup may already be in use on paper, "
                 "and headquarters will refuse this station's further bundles, since its audit log no longer "
                 "continues the one they carried. No case number or 文号 is given until one of these is done, the "
                 "first preferred: put back the data this restore replaced, which brings back all the work done "
                 "before the restore (File → Backups… → Data kept before restores…, or `{put_back}`); import "
                 "headquarters' hand-out for this station made after headquarters imported {newest} (Exchange page, "
                 "or `bundle import`); or, after checking the last case number and 文号 on the paper files, release "
                 "the numbering hold (File → Release numbering hold…, or `numbers release-hold --checked`). Only "
                 "putting back the data lets headquarters take this station's bundles again.").format(
            created=created, files=files, put_back=put_back_command(hold.get("kept")), newest=newest)
    return _("This workstation was restored from the backup made {created}: case numbers and document numbers (文号) "
             "taken after that may already be in use on paper. No case number or 文号 is given until either "
             "headquarters' latest hand-out for this station is imported (Exchange page, or `bundle import`), or, "
             "after checking the last case number and 文号 on the paper files, the numbering hold is released "
             "(File → Release numbering hold…, or `numbers release-hold --checked`).").format(created=created)


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


def _not_yet_imported(hold: dict, position: int) -> dict | None:
    """The first bundle exported after the backup that headquarters had not imported when it had imported this
    station's audit log up to ``position``; None when it had them all."""
    for row in hold.get("exported_after") or [hold.get("newest_export") or {}]:
        if isinstance(row, dict) and isinstance(row.get("audit_to"), int) and row["audit_to"] > position:
            return row
    return None


def _known_positions(hold: dict) -> bool:
    """Whether the hold says how far into the audit log the bundles exported after the backup went (holds of
    earlier versions, and restores that could not read the replaced data, do not)."""
    newest = hold.get("newest_export")
    return isinstance(newest, dict) and isinstance(newest.get("audit_to"), int)


def _by_time(hold: dict, made: str) -> str | None:
    """Why a hand-out made at ``made`` leaves a hold that does not know how far the bundles sent went (it is judged
    by when it was made: after the backup and after the newest bundle exported since); None when it lifts it."""
    made_at = _parse(made)
    newest = hold.get("newest_export") or {}
    limits = [(hold.get("backup_created", ""), None), (newest.get("created_at", ""), newest.get("file"))]
    for stamp, file in limits:
        if not stamp:
            continue
        limit = _parse(stamp)
        if made_at is None or limit is None or made_at <= limit:
            if file:
                return _("The numbering hold stays: this hand-out was made {made}, before the bundle {file} "
                         "exported {exported}, so it may lack the numbers sent in it. Import a hand-out "
                         "headquarters makes after it has imported {file}.").format(
                    made=_when(made), file=file, exported=_when(stamp))
            return _("The numbering hold stays: this hand-out was made {made}, before the backup this "
                     "workstation was restored from ({created}). Import a newer hand-out from "
                     "headquarters.").format(made=_when(made), created=_when(stamp))
    return None


def after_import(db: Database, manifest: dict, sender_id: str, actor: str | None = None,
                 imported: dict | None = None) -> dict | None:
    """After a bundle was merged: lift the hold when it is headquarters' hand-out for this station showing that
    headquarters holds the numbers taken since the backup: ``imported`` (the hand-out's bases' "imported": {station
    id: how far into its audit log headquarters had imported}) reaches, for this station, the end of every bundle
    exported after the backup. Returns None when no hold stood or the bundle is no hand-out for this station, else
    {"lifted": bool, "message": str}; a message that keeps the hold names the bundle headquarters must import
    first. A hold that does not know how far those bundles went judges the hand-out by when it was made."""
    from workstation.station import this_station

    hold = current_hold(db)
    if hold is None or not is_hand_out(db, manifest, sender_id):
        return None
    made = str(manifest.get("created_at") or "")
    detail: dict = {}
    if _known_positions(hold):
        own = this_station(db)
        position = imported.get(own.id) if isinstance(imported, dict) and own is not None else None
        if not isinstance(position, int):
            return {"lifted": False, "message": _(
                "The numbering hold stays: this hand-out (made {made}) does not say which of this station's bundles "
                "headquarters had imported (it was made by an older version), so it cannot show that the numbers "
                "sent in {file} are here. Ask headquarters to import {file} if it has not, and to make the hand-out "
                "for this station again with the current version.").format(
                made=_when(made), file=hold["newest_export"].get("file") or "")}
        missing = _not_yet_imported(hold, position)
        if missing is not None:
            return {"lifted": False, "message": _(
                "The numbering hold stays: headquarters had not imported {file} (exported {exported}) when it made "
                "this hand-out, so the case numbers and 文号 sent in it are not here. Ask headquarters to import "
                "{file} first, then make a new hand-out for this station.").format(
                file=missing.get("file") or "", exported=_when(missing.get("created_at") or ""))}
        detail["headquarters_imported_to"] = position
    elif (message := _by_time(hold, made)) is not None:
        return {"lifted": False, "message": message}
    _lift(db, LIFTED, hold, {"hand_out_created": made, "bundle_id": str(manifest.get("bundle_id") or ""),
                             **detail, "officer": audit.acting_officer(db, actor)}, actor)
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
