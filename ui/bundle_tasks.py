"""Bundle work packaged for the task runner: each task opens its own database connection (a connection never
crosses threads) and closes it; a verified bundle stays open from its plan to its merge (or until the officer
cancels the preview), and whoever ends its journey closes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workstation.bundle import export_bundle, open_bundle, plan_merge
from workstation.bundle.calendar_part import calendar_summary
from workstation.bundle.envelope import NotForThisKey
from workstation.bundle.merge import (
    MergePlan,
    StationNotTrusted,
    apply_merge,
    blocks_ignored,
    signer_check,
    staging_folder,
)
from workstation.bundle.reader import Bundle, not_for_here
from workstation.collector import collections_held
from workstation.db import open_database
from workstation.paths import database_path
from workstation.progress import check_cancel
from workstation.security.session import encrypted
from workstation.station import box_private_key, checked_card, known_station, read_card, this_station


@dataclass
class ImportPreview:
    """A verified bundle and what merging it would do; ``plan`` is None when the station must be trusted first
    (``refusal`` says why, ``card`` is the station's card with its fingerprint): then ``bundle`` is None too, only
    its signature verified — its records and files are checked (and staged) once the officer trusts the station
    (``replan_task``), never before."""

    path: Path
    bundle: Bundle | None
    card: dict
    plan: MergePlan | None = None
    refusal: str = ""
    key_changed: bool = False
    old_fingerprint: str = ""  # of the key trusted here until now, when the station's key changed
    #: what the merge would also do, said in the preview as the import summary says it afterwards: the holiday
    #: files taken, kept or warned of (``calendar_summary`` dry run) and number blocks not taken
    notes: tuple[str, ...] = ()

    def close(self) -> None:
        if self.bundle is not None:
            self.bundle.close()


def export_task(data_dir: Path, out_path: str, *, case_ids: list[str] | None, everything: bool,
                encrypt: bool | None, progress, cancel, for_station: str | None = None) -> dict:
    """Write a bundle with a connection of its own (at headquarters, the hand-out for ``for_station``)."""
    db = open_database(database_path(data_dir))
    try:
        with collections_held():  # a full collection over its records froze the window (``collector``)
            return export_bundle(db, data_dir, out_path, case_ids=case_ids, everything=everything,
                                 encrypt=encrypt, for_station=for_station, progress=progress, cancel=cancel)
    finally:
        db.conn.close()


def _needs_trust(db, card: dict) -> tuple[bool, bool]:
    """(trusting the station would lift the refusal, its key changed)."""
    own = this_station(db)
    if own is not None and own.id == card["id"]:
        return False, False
    known = known_station(db, card["id"])
    if known is None:
        return True, False
    return known.sign_key != card["sign_key"], known.sign_key != card["sign_key"]


def _plan(db, data_dir: Path, path: Path, bundle: Bundle, trust: bool, cancel, progress=None) -> ImportPreview:
    """Plan the merge of ``bundle``, opened with its signer checked (``_open``): a station not trusted here (unless
    ``trust``) was refused then, so any refusal of the plan is raised."""
    card = checked_card(bundle.station, bundle.path.name)
    plan = plan_merge(db, bundle, trust=trust, cancel=cancel, progress=progress)
    notes = [entry["message"] for entry in
             calendar_summary(db, Path(data_dir), bundle, plan.station, dry_run=True)["years"]]
    if ignored := blocks_ignored(db, plan):
        notes.append(ignored)
    check_cancel(cancel)  # pressed after the last look of the plan: no preview opens (the caller closes the bundle)
    return ImportPreview(path, bundle, card, plan, notes=tuple(notes))


def _open(db, data_dir: Path, path: str | Path, trust: bool, progress, cancel) -> Bundle:
    """Open and verify the bundle at ``path``, its files staged for the merge, once its signer is checked
    (``signer_check``: a station not trusted here, unless ``trust``, or a withdrawn key is refused before its records
    are read and its files hashed and staged)."""
    try:
        return open_bundle(path, box_private_key(data_dir), progress=progress, cancel=cancel,
                           stage=None if encrypted(data_dir) else staging_folder(data_dir),
                           signer_check=signer_check(db, Path(path).name, trust=trust))
    except NotForThisKey as exc:  # a hand-out for another station: said for this one
        raise not_for_here(db, data_dir, exc) from None


def plan_task(data_dir: Path, path: str, *, progress, cancel) -> ImportPreview:
    """Open and verify the bundle at ``path``, then plan its merge (reads only); the bundle is left open in the
    preview, and closed here when anything fails. A bundle of a station not trusted here (or whose key changed) is
    not read past its signature: the preview asks about the station first (``plan`` and ``bundle`` None)."""
    data_dir = Path(data_dir)
    db = open_database(database_path(data_dir))
    try:
        with collections_held():  # verifying and planning a bundle of 100,000 cases (``collector``)
            try:
                bundle = _open(db, data_dir, path, False, progress, cancel)
            except StationNotTrusted as exc:
                card = exc.card
                if card is None:
                    raise
                would_help, key_changed = _needs_trust(db, card)
                if not would_help:
                    raise
                return ImportPreview(Path(path), None, card, None, exc.message, key_changed,
                                     getattr(exc, "old_fingerprint", None) or "")
            try:
                return _plan(db, data_dir, Path(path), bundle, False, cancel, progress)
            except BaseException:
                bundle.close()
                raise
    finally:
        db.conn.close()


def replan_task(data_dir: Path, preview: ImportPreview, *, progress, cancel) -> ImportPreview:
    """Plan the merge of the bundle again, trusting its station (the trust is recorded by the merge): the bundle
    left unread while the officer was asked about its station is opened, verified and staged now."""
    db = open_database(database_path(data_dir))
    try:
        with collections_held():
            if preview.bundle is None:
                preview.bundle = _open(db, Path(data_dir), preview.path, True, progress, cancel)
            return _plan(db, data_dir, preview.path, preview.bundle, True, cancel, progress)
    except BaseException:
        preview.close()
        raise
    finally:
        db.conn.close()


def merge_task(data_dir: Path, preview: ImportPreview, *, progress, cancel) -> dict:
    """Carry out the previewed plan in one transaction (a cancel or an error rolls it back); closes the bundle. The
    data changed since the preview so that the merge would now do otherwise: ``PlanOutdated``, nothing merged (the
    window checks the bundle again and shows its new preview)."""
    try:
        db = open_database(database_path(data_dir))
        try:
            with collections_held():
                return apply_merge(db, Path(data_dir), preview.bundle, preview.plan, progress=progress,
                                   cancel=cancel)
        finally:
            db.conn.close()
    finally:
        preview.close()


def read_card_task(data_dir: Path, path: str, *, progress, cancel) -> dict:
    """A station card from a card file, or from a bundle (whose signature is checked first)."""
    return read_card(Path(path), box_private_key(Path(data_dir)))
