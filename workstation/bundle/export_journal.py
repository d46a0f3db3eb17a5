"""A bundle export cut off between putting its bundle in place and recording it as sent.

The export records what it sent (``bundle_exports``, the last export, the versions shared) in one transaction and
renames the finished bundle into place as the last step of that transaction, so a failure before the commit takes
the bundle away again. Only a kill (the program stopped, the computer switched off) between the rename and the
commit can leave a bundle the station does not know it sent: its changes would be sent again, and headquarters
would hold a bundle this station has no record of. So before the rename the export notes the bundle in
``<data dir>/.exporting/<bundle id>.json`` (its path, sha256 and time, the program's process id and when it
started: ``repair.this_process``; no personal data), and removes the note once committed. The next export (``settle``) looks
at the notes of programs that are gone: a bundle recorded after all is forgotten; one still at its path with the
same sha256 and not recorded is removed (it holds personal data and this export carries its changes again), and
said, with the bundle or with the refusal when the export then fails (one that cannot be removed is said, to be
deleted by hand and not sent); a note whose folder is not there (the USB stick not plugged in) waits for an export
that finds it; a bundle not there, or another file at its path (cut off before the rename), leaves nothing to
say."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from pathlib import Path

from workstation.db import Database
from workstation.i18n import join_names, ngettext
from workstation.repair import noted_process_running, this_process
from workstation.shared_file import fsync_dir

LOG = logging.getLogger(__name__)
FOLDER = ".exporting"
#: about when this program started (this module is imported before any note of its own is written; less the two
#: seconds a FAT file system rounds a file's time down by): a note naming this program's process id but written
#: before is a killed program's whose id this one was given again after a restart
_STARTED = time.time() - 2


def journal_folder(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER


def note(data_dir: Path, bundle_id: str, path: Path, sha256: str, created_at: str) -> Path:
    """Note the bundle about to be put in place, on the disk before the rename (OSError when it cannot be). Its
    ``path`` is given absolute (``writer.export_bundle``'s ``recorded_path``): the next export, which settles the
    note, may be run from another folder."""
    folder = journal_folder(data_dir)
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{bundle_id}.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"bundle_id": bundle_id, "path": str(path), "sha256": sha256,
                             "created_at": created_at, **this_process()}, ensure_ascii=False))
        fh.flush()
        os.fsync(fh.fileno())
    fsync_dir(folder)
    return target


def forget(noted: Path | None) -> None:
    """Remove a note once its export is committed (or undone); one that cannot be removed is settled later."""
    if noted is None:
        return
    try:
        noted.unlink(missing_ok=True)
    except OSError as exc:
        LOG.warning("export note not removed: %s", exc.strerror)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def settle(db: Database, data_dir: Path) -> list[dict]:
    """Settle the notes that exports cut off left (those of programs still running are theirs): returns the
    bundles put in place but never recorded as sent, oldest first, each {"file", "created_at", "removed"}."""
    folder = journal_folder(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for noted in sorted(folder.glob("*.json")):
        try:
            entry = json.loads(noted.read_text(encoding="utf-8"))
            pid = int(entry.get("pid") or 0)
        except (OSError, ValueError, AttributeError):
            LOG.warning("export note unreadable: removed")
            forget(noted)
            continue
        if noted_process_running({**entry, "pid": pid}) and not _before_this_program(noted, pid):
            continue  # an export running now (in another program, or in another thread of this one)
        recorded = db.execute("SELECT 1 FROM bundle_exports WHERE id = ?", [str(entry.get("bundle_id"))]).fetchone()
        path = Path(str(entry.get("path") or ""))
        if recorded is None and entry.get("path") and not path.parent.is_dir():
            continue  # the USB stick it was written to is not plugged in: settled at an export that finds it
        if recorded is None and entry.get("path"):
            try:
                in_place = path.is_file() and _sha256(path) == entry.get("sha256")
            except OSError:
                in_place = False
            if in_place:
                try:
                    path.unlink()
                    found.append({"file": str(path), "created_at": str(entry.get("created_at") or ""),
                                  "removed": True})
                except OSError as exc:
                    LOG.warning("unrecorded bundle not removed: %s", exc.strerror)
                    found.append({"file": str(path), "created_at": str(entry.get("created_at") or ""),
                                  "removed": False})
        forget(noted)
    if found:
        LOG.info("%d bundles of cut-off exports were in place but not recorded", len(found))
    return sorted(found, key=lambda row: row["created_at"])


def _before_this_program(noted: Path, pid: int) -> bool:
    """Whether the note ``noted`` naming process ``pid`` is this program's id given again after a restart (a power
    cut, the computer started again): written before this program started, it is no export of this program's."""
    if pid != os.getpid():
        return False
    try:
        return noted.stat().st_mtime < _STARTED
    except OSError:
        return False


def unrecorded_note(result: dict, *, written: bool = True) -> str:
    """What an export says of the bundles of cut-off exports it found in place but not recorded as sent ("" when
    none): removed (this export carries their changes again), or to be deleted by hand and not sent. ``written``
    False: said with the refusal of an export that removed them and then wrote no bundle (the next export carries
    their changes)."""
    rows = result.get("unrecorded") or []
    lines = []
    removed = [row for row in rows if row["removed"]]
    kept = [row for row in rows if not row["removed"]]
    if removed and written:
        lines.append(ngettext(
            "The bundle {files}, written by an export that was cut off before it was recorded as sent, was removed: "
            "this bundle carries its changes again.",
            "The bundles {files}, written by exports that were cut off before they were recorded as sent, were "
            "removed: this bundle carries their changes again.", len(removed)).format(
            files=join_names(row["file"] for row in removed)))
    elif removed:
        lines.append(ngettext(
            "The bundle {files}, written by an export that was cut off before it was recorded as sent, was removed: "
            "the next export carries its changes again.",
            "The bundles {files}, written by exports that were cut off before they were recorded as sent, were "
            "removed: the next export carries their changes again.", len(removed)).format(
            files=join_names(row["file"] for row in removed)))
    if kept and written:
        lines.append(ngettext(
            "The bundle {files}, written by an export that was cut off before it was recorded as sent, could not be "
            "removed: delete it and do not send it to headquarters; this bundle carries its changes again.",
            "The bundles {files}, written by exports that were cut off before they were recorded as sent, could not "
            "be removed: delete them and do not send them to headquarters; this bundle carries their changes again.",
            len(kept)).format(files=join_names(row["file"] for row in kept)))
    elif kept:
        lines.append(ngettext(
            "The bundle {files}, written by an export that was cut off before it was recorded as sent, could not be "
            "removed: delete it and do not send it to headquarters; the next export carries its changes again.",
            "The bundles {files}, written by exports that were cut off before they were recorded as sent, could not "
            "be removed: delete them and do not send them to headquarters; the next export carries their changes "
            "again.", len(kept)).format(files=join_names(row["file"] for row in kept)))
    return " ".join(lines)
