"""The evidence register of a case: files (photos, recordings, customer lists, chat exports, SMS-platform logs …)
kept by content in the data directory's file store, with their kind, source, collection date, collector and
description; audited, on the case's timeline, and offered to the documents as a numbered list with hashes. An item
registered by mistake is voided with its reason, never deleted: it keeps its number and is left out of what is
drafted afterwards."""

from __future__ import annotations

import mimetypes
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from workstation import read_once
from workstation.audit import AuditWriter, current_actor
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import (
    NotFound,
    ValidationError,
    WorkstationError,
    join_sentences,
    os_reason,
    shown_undecodable,
    undecodable,
    undecodable_name,
)
from workstation.filestore import StoredFileError
from workstation.i18n import _
from workstation.masking import mask_text
from workstation.money import chinese_date
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import Case, CaseEvent, Evidence, now, today
from workstation.store.base import LAZY_PREFIX, fetch_dict, fetch_dicts, from_row, save_audited
from workstation.vocabulary import label, labels, shown_label

if TYPE_CHECKING:
    from workstation.documents.issuing import IssuedDocument
    from workstation.evidence_count import Overlap

EDITABLE = ("kind", "source", "collected_on", "collector", "description", "recipient")


def check_evidence_file(path: str | Path) -> Path:
    """The path of a file an officer chose, refused with a one-line reason naming it when its name is not UTF-8
    (``undecodable_name``: no record could hold it), it is missing, a folder, a pipe or a device (its size says 0,
    and reading it may wait for ever), unreadable or empty (0 bytes) — checked without reading it."""
    path = Path(path)
    if undecodable(str(path.name)):
        raise WorkstationError(_("{file}: {message}").format(file=shown_path(path), message=undecodable_name()))
    if path.is_dir():
        raise WorkstationError(_("{file} is a folder: choose a file.").format(file=shown_path(path)))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(path, exc) from None
    if not path.is_file():
        raise WorkstationError(_("{file} is not a file but a pipe or a device: choose the file itself.").format(
            file=shown_path(path)))
    if size == 0:
        raise empty(path)
    return path


def shown_path(path: str | Path) -> str:
    """``path`` as a message can show it: each byte of its name that was not UTF-8 shown as \ufffd."""
    return shown_undecodable(str(path))


def empty(path: Path) -> WorkstationError:
    """The refusal of a file chosen as evidence that holds nothing (0 bytes), when chosen or emptied since."""
    return WorkstationError(_("{file} is empty (0 bytes): nothing was stored.").format(file=shown_path(path)))


def unreadable(path: Path, exc: OSError) -> WorkstationError:
    """The refusal of a file chosen as evidence that cannot be read (no permission, a disk error …): naming it and
    saying what to do."""
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):  # a path under a file: no such file either
        from workstation.importing.tables import missing_file  # said as the imports say it

        return WorkstationError(missing_file(Path(shown_path(path))))
    return WorkstationError(_("{file} cannot be read: {reason}. Nothing was stored: check that you may open it (or "
                              "copy it into a folder of your own), then add it again.").format(
        file=shown_path(path), reason=os_reason(exc)))


def proposed_kind(file_name: str | Path) -> str | None:
    """The evidence kind to propose for a file (``evidence_kind_suffixes`` of the vocabulary by the name's ending,
    else images, sound and video by MIME type), or None when its type says nothing and the officer must choose."""
    from workstation.vocabulary import vocabulary

    suffix = Path(file_name).suffix.lower()
    if not suffix:
        return None
    for kind, suffixes in vocabulary().get("evidence_kind_suffixes", {}).items():
        if suffix in suffixes and kind in labels("evidence_kinds"):
            return kind
    major = (mimetypes.guess_type(f"x{suffix}")[0] or "").partition("/")[0]
    return {"image": "photo", "audio": "recording", "video": "recording"}.get(major)


READ_CHUNK = 8 * 1024 * 1024  # a recording of several hundred MB is read in steps that report progress


def read_evidence_file(path: str | Path, *, progress: ProgressFn = no_progress,
                       cancel: CancelToken | None = None) -> bytes:
    """The bytes of a file an officer chose, refused as ``check_evidence_file`` says; read in steps that tell
    ``progress`` the KiB read so far and look at ``cancel`` (Cancelled) between them."""
    path = check_evidence_file(path)
    chunks = list(evidence_chunks(path, _("Reading {file}"), progress=progress, cancel=cancel))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def evidence_chunks(path: Path, message: str, *, progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None, part: tuple[int, int] = (1, 1)) -> Iterator[bytes]:
    """The bytes of a checked evidence file (``check_evidence_file``) in steps of ``READ_CHUNK``, each reported to
    ``progress`` in KiB (a progress dialog counts in 32-bit numbers, a recording may pass 2 GB, as ``save_copy``
    reports) with ``message`` (naming ``{file}``) and followed by a look at ``cancel`` (Cancelled); a file that
    cannot be read is refused as ``unreadable`` says, one emptied since it was checked as empty. ``part``: this
    reading is the n-th of that many of the same file (an encrypted store reads it twice, ``filestore.store_stream``),
    reported as that share of one progress from 0 to 100 %, not as a progress of its own starting again. A file
    that changed while it was read (its size or time of change not those it had when opened, or not as many bytes
    read as it then held: another program still writing it) is refused, as ``filestore.changed_while_stored``
    says: what was read is no content the file ever held whole."""
    from workstation.filestore import changed_while_stored

    message = message.format(file=mask_text(path.name))  # shown while the officer waits
    number, parts = part
    done = 0
    try:
        with path.open("rb") as fh:
            opened = os.fstat(fh.fileno())
            total = max(1, -(-opened.st_size // 1024))
            before = total * (number - 1)  # the KiB the readings before this one reported
            while chunk := fh.read(READ_CHUNK):
                done += len(chunk)
                yield chunk
                progress(before + min(-(-done // 1024), total), total * parts, message)
                if cancel is not None:
                    cancel.check()
            now = os.fstat(fh.fileno())
    except OSError as exc:
        raise unreadable(path, exc) from None
    if not done:  # emptied since it was checked
        raise empty(path)
    if done != opened.st_size or (now.st_size, now.st_mtime_ns) != (opened.st_size, opened.st_mtime_ns):
        raise changed_while_stored()


def _stored(data_dir: Path, path: Path, progress: ProgressFn, cancel: CancelToken | None) -> tuple:
    """The checked evidence file ``path`` read in steps (``evidence_chunks``) into the file store: (its SHA-256,
    size, the stored file written now — None when held already intact —, whether it replaced a damaged copy:
    ``filestore.Stored``); a full disk refused naming the file and why, and
    so is a file that changed while it was read. An encrypted store reads it twice (``filestore.store_stream``):
    first checked (its hash taken), then stored, one progress going from 0 to 50 % and on to 100 %. A copy held
    already is read back to know it intact (``filestore.intact``): a progress of its own, ``cancel`` heard."""
    from workstation.filestore import StoreError, store_stream

    def chunks(number: int, parts: int) -> Iterator[bytes]:
        return evidence_chunks(path, _("Checking {file}") if number < parts else _("Storing {file}"),
                               progress=progress, cancel=cancel, part=(number, parts))

    held = _("Checking the stored copy of {file}").format(file=mask_text(path.name))  # shown while the officer waits

    def checking(done: int, size: int) -> None:
        total = max(1, -(-size // 1024))
        progress(min(-(-done // 1024), total), total, held)
        if cancel is not None:
            cancel.check()

    try:
        return store_stream(data_dir, chunks, checking)
    except StoreError as exc:  # a full disk: which file was not kept, and why
        raise WorkstationError(_("{file} was not stored: {reason}").format(file=path.name,
                                                                           reason=exc.message)) from None


def save_copy(data_dir: Path, item: Evidence, target: str | Path, *, key: bytes | None,
              progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
              number: int | None = None) -> Path:
    """Write a copy of ``item``'s stored file to ``target`` (另存为…) whole or not at all
    (``output.write_output_steps``): read back in steps (``filestore.stored_chunks``), the bytes copied reported to
    ``progress`` in KiB (a progress dialog counts in 32-bit numbers, a recording may pass 2 GB) and ``cancel`` looked
    at before each step is written. A Cancel, or the stored file found altered at its end, leaves nothing at
    ``target``. ``key`` is ``filestore.files_key(data_dir)``, read by the caller (a worker thread does not hold the
    session). A stored copy gone from the data folder is refused naming the item (``EvidenceCopyError``, by its
    ``number`` in the register when given). Returns the file written."""
    from workstation.filestore import stored_chunks
    from workstation.output import write_output_steps

    message = _("Saving a copy of {file}").format(file=mask_text(item.file_name))  # shown while the officer waits
    total = max(1, -(-item.size // 1024))

    def steps() -> Iterator[bytes]:
        done = 0
        progress(0, total, message)
        for chunk in stored_chunks(data_dir, item.sha256, key):
            if cancel is not None:
                cancel.check()
            yield chunk
            done += len(chunk)
            progress(min(-(-done // 1024), total), total, message)
        if cancel is not None:  # the last step written; the copy is not yet given its name
            cancel.check()

    try:
        return write_output_steps(str(target), steps())
    except EvidenceCopyError:
        raise
    except StoredFileError as exc:  # gone: named by the item, with what to do, not by a hash
        raise EvidenceCopyError(item, number) if exc.missing else exc from None


class EvidenceCopyError(StoredFileError):
    """The stored copy of an evidence item gone from the data folder, refused naming the item — its ``number`` in the
    register when known, its file name and description — and saying what puts it back: adding the original file to
    the case again (``add_evidence`` restores it, ``StoredCopyRestored``). ``numbered`` names it by its number once a
    caller holding the register knows it (a worker thread reading the file does not). A copy found altered is refused
    as the file store says; adding the original file again replaces it too (``filestore.store_stream``)."""

    def __init__(self, item: Evidence, number: int | None = None):
        super().__init__(copy_refusal(item, number), item.sha256, missing=True)
        self.item, self.number = item, number

    def numbered(self, number: int | None) -> EvidenceCopyError:
        """The same refusal naming the item by ``number`` (itself when it does already, or none is given)."""
        if number is None or self.number is not None:
            return self
        return EvidenceCopyError(self.item, number)


def copy_refusal(item: Evidence, number: int | None = None) -> str:
    """Why ``item``'s stored copy cannot be read (``EvidenceCopyError``): it is gone from the data folder; the item
    by its number, file name and description, and what puts it back."""
    return _("The stored copy of {item} is missing from the data folder. Add the original file {file} to the case "
             "again (“{button}” in its evidence, or evidence add): the stored copy is restored from it, and nothing "
             "else changes.").format(item=_item_named(item, number), file=item.file_name, button=_("Add evidence…"))


def _item_named(item: Evidence, number: int | None) -> str:
    """An evidence item as a refusal names it: by its number (when given), file name and description."""
    what = _("{file}: {description}").format(file=item.file_name, description=item.description) \
        if item.description else item.file_name
    return _("evidence item {n} ({what})").format(n=number, what=what) if number is not None else \
        _("evidence file {what}").format(what=what)


def damaged_refusal(item: Evidence, number: int | None = None) -> str:
    """Why ``item``'s stored copy cannot be read: it is no longer what was stored (not of its size); the item by its
    number, file name and description, and what puts it right."""
    return _("The stored copy of {item} is damaged: it is no longer the file that was stored. Add the original file "
             "{file} to the case again (“{button}” in its evidence, or evidence add): the stored copy is replaced "
             "from it, and nothing else changes; else restore the data folder from a backup.").format(
        item=_item_named(item, number), file=item.file_name, button=_("Add evidence…"))


def stored_copy_missing(data_dir: Path, item: Evidence, number: int | None = None) -> str | None:
    """Why ``item``'s stored copy cannot be saved elsewhere or counted, looked at without reading it
    (``filestore.copy_state``): it is gone from the data folder (``copy_refusal``), or not of the size stored
    (``damaged_refusal``); None while it is there (a copy altered without changing its size is found when read)."""
    from workstation.filestore import copy_state

    state = copy_state(Path(data_dir), item.sha256, item.size)
    if state == "missing":
        return copy_refusal(item, number)
    return damaged_refusal(item, number) if state == "damaged" else None


def evidence_errors(item: Evidence, case: Case | None = None, *, decided: str | None = None,
                    stored: Evidence | None = None) -> dict[str, str]:
    """Field errors of an evidence item's description as the dialog shows them ({} when valid); given its
    ``case``, a collection date before the earliest day the case knows (``collection_floor``) is one, and given the
    day its decision was made (``decided``: ``decided_day``), a collection date after it: the investigation ends
    before the decision, as no 询问笔录 or 证据提取单 is issued after it (``stage_rules._investigation_state``).
    Given the item as ``stored``, its texts kept as stored are not refused again (an earlier version stored them as
    typed): only those changed are checked."""
    from workstation.store.parties import changed_text_errors
    from workstation.validators import parse_date, year_slip

    errors: dict[str, str] = {}
    if item.kind not in labels("evidence_kinds"):
        errors["kind"] = _("Choose what kind of evidence this is.")
    # the texts typed: a control character (an ESC, a bell pasted with them) refused as in a party's name
    errors.update(changed_text_errors(
        (field, str(getattr(item, field) or ""), None if stored is None else str(getattr(stored, field) or ""))
        for field in ("description", "source", "collector", "recipient")))
    try:
        collected = parse_date(item.collected_on)
    except ValueError as exc:
        errors["collected_on"] = str(exc)
    else:
        if not collected:
            errors["collected_on"] = _("Enter the date the evidence was collected.")
        elif collected > today():
            errors["collected_on"] = _("The collection date {date} is in the future.").format(date=collected)
        elif slip := year_slip(collected, _("The collection date")):
            errors["collected_on"] = slip
        elif case is not None and (floor := collection_floor(case)) and collected < floor[0]:
            errors["collected_on"] = _("The collection date {date} is before {what} ({earliest}): the case's "
                                       "evidence is collected from then on, give {earliest} or later.").format(
                date=collected, what=floor[1], earliest=floor[0])
        elif decided and collected > decided:
            errors["collected_on"] = _("The collection date {date} is after the case's decision ({decided}): the "
                                       "investigation ends before the decision, so no evidence is collected after "
                                       "it. Give the day it was collected, {decided} or earlier.").format(
                date=collected, decided=decided)
    return errors


def collection_floor(case: Case) -> tuple[str, str] | None:
    """The earliest day evidence of ``case`` can be collected on, and what it is: the day the verification (核查) of
    its lead began — the day the lead was assigned (交办) to the bureau or office handling it, else the day it was
    received (``leads_workflow.t1_start``, kept as the case's ``lead_received_on``). None for a case that does not
    know it — not its filing date: the check before filing collects evidence too, and a case imported from a register
    knows only its filing date."""
    if case.lead_received_on:
        return str(case.lead_received_on)[:10], _("the day the verification of the case's lead began (the day it was "
                                                  "assigned, else received)")
    return None


def decision_recorded(db: Database, case: Case) -> bool:
    """Whether ``case`` is decided (``stage_rules.DECIDED_STATES``) for every party — a party of several still
    awaiting its own decision keeps its investigation open, as the documents of the investigation are issued then
    (``stage_rules._investigation_state``)."""
    from workstation.documents.stage_rules import DECIDED_STATES
    from workstation.party_decisions import undecided_parties

    return case.status in DECIDED_STATES and not undecided_parties(db, case)


def decided_day(db: Database, case: Case) -> str | None:
    """The day of ``case``'s decision (its ``decided_on``) while it is decided (``decision_recorded``): no evidence
    is collected after it; None otherwise."""
    if not case.decided_on or not decision_recorded(db, case):
        return None
    return str(case.decided_on)[:10]


def _checked(item: Evidence, case: Case | None = None, decided: str | None = None,
             stored: Evidence | None = None) -> Evidence:
    from workstation.validators import parse_date

    errors = evidence_errors(item, case, decided=decided, stored=stored)
    if errors:
        raise ValidationError(errors)
    return replace(item, collected_on=parse_date(item.collected_on), source=item.source.strip(),
                   collector=item.collector.strip(), description=item.description.strip(),
                   recipient=" ".join(item.recipient.split()))


def recipient_key(item: Evidence) -> str:
    """The recipient an item's records were provided to, as compared between items ('' for none): spaces and the
    case of Latin letters do not make another recipient."""
    return " ".join(item.recipient.split()).casefold()


def timeline_text(item: Evidence) -> str:
    """The item as the timeline names it: ``describe`` and, for a separate sale or provision, to whom."""
    if not item.recipient:
        return describe(item, shown=True)
    return _("{item}, provided to {recipient}").format(item=describe(item, shown=True), recipient=item.recipient)


def listed_text(item: Evidence) -> str:
    """The item as ``evidence list`` writes it: ``timeline_text`` and, once counted, its records and the category
    they were counted into (as the JSON gives them); a voided item marked so with its reason."""
    text = timeline_text(item) if item.record_count is None else _("{item}; {n} records counted into “{category}”"
                                                                   ).format(
        item=timeline_text(item), n=f"{item.record_count:,}", category=shown_label("record_categories",
                                                                                   item.record_category))
    return _("[void: {reason}] {item}").format(reason=item.void_reason, item=text) if item.void_reason else text


def _row(item: Evidence) -> dict:
    return {k: getattr(item, k) for k in item.__dataclass_fields__}


def media_type_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def add_evidence(db: Database, data_dir: Path, case_id: str, path: str | Path, *, kind: str = "other",
                 source: str = "", collected_on: str | None = None, collector: str = "",
                 description: str = "", recipient: str = "", progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None, evidence_id: str | None = None,
                 after_closing: bool = False) -> Evidence:
    """Keep the file at ``path`` by content and register it as evidence of the case (audited, with a line on the
    timeline); ``collected_on`` defaults to today; ``recipient`` marks the file as a separate sale or provision of
    its records to that person or unit. The same content twice on one case for the same recipient is refused
    (``same_content``; its stored copy, when gone from the data folder, restored from it all the same): a copy sold
    or provided to another recipient is an item of its own, counted for that recipient. The file is hashed while it
    is copied into the file store in steps (``filestore.store_stream``: a recording of several hundred MB is never
    held in memory), each reported to ``progress``; ``cancel`` stops it before anything is stored (Cancelled).
    ``evidence_id``: the item's id when given (the demo's, the same at every installation, merges once at
    headquarters), else a new one. A closed case's register is refused (``closed_register_refusal``), unless
    ``after_closing``: the evidence of a case loaded as closed (the demo's seed cases), never an officer's file.
    The file of an item whose stored copy is gone from the data folder puts that copy back whatever the case's
    state and the description given (``restore_missing_copy``: a closed or decided case too), audited, and says so
    (``StoredCopyRestored``): that is what the refusal naming a missing copy asks for (``copy_refusal``)."""
    from workstation.filestore import register_file, remove_stored
    from workstation.store.cases import get_case

    case = get_case(db, case_id)
    if not after_closing and (refusal := closed_register_refusal(case)):  # before a file of gigabytes is stored
        # …but the file of an item whose stored copy is gone puts that copy back, nothing of the register changing
        raise _restored_or(db, data_dir, case.id, path, WorkstationError(refusal), progress=progress, cancel=cancel)
    path = check_evidence_file(path)
    try:
        item = _checked(Evidence(case_id=case.id, sha256="", file_name=path.name, size=0,
                                 media_type=media_type_of(path.name), kind=kind, source=source,
                                 collected_on=collected_on or today(), collector=collector, description=description,
                                 recipient=recipient, **({"id": evidence_id} if evidence_id else {})), case,
                        None if after_closing else decided_day(db, case))
    except ValidationError as exc:  # a date after the decision, no kind…: said of a new item, not of a restored copy
        raise _restored_or(db, data_dir, case.id, path, exc, progress=progress, cancel=cancel) from None
    digest, size, written, repaired = _stored(data_dir, path, progress, cancel)
    item = replace(item, sha256=digest, size=size)
    # a damaged copy replaced is audited at once, against the item whose copy it is, whatever happens next
    audited = repaired and _audit_repair(db, digest, case.id, path.name)
    restored = None
    try:
        if cancel is not None and not repaired:  # a copy replaced already is audited whatever is asked now
            cancel.check()
        with db.atomic():
            # the item holding the same content for the same recipient (``same_content``), looked up by the
            # (case_id, sha256) key, not by reading the register: a case of 1,500 items is added to as fast as a
            # new one (an item voided as registered by mistake is no longer it: the right file is added again as a
            # new item); the same file provided to another recipient is an item of its own (m055)
            same = same_content(db, item)
            if same is not None and written is not None:
                # the item's stored copy was gone from the data folder (an export names it so), or damaged (not the
                # file stored, ``filestore.store_stream``): stored again, kept
                restored = written
                if not audited:
                    _audit_restored(db, same, path.name, repaired)
            elif same is not None:
                raise WorkstationError(_("{file} is already evidence item {n} of this case ({name}), {whom}: the "
                                         "same content is registered once for each recipient. A copy sold or "
                                         "provided to another person or unit is added with that recipient "
                                         "(--recipient on the command line, “{field}” in the dialog).").format(
                    file=path.name, n=item_number(db, same), name=same.file_name, whom=whom_text(same),
                    field=_("Provided to")))
            else:
                held = db.execute("SELECT COUNT(*) FROM evidence WHERE case_id = ?", [case.id]).fetchone()[0]
                register_file(db, item.sha256, item.size, item.media_type)
                _save(db, case, item, _("Evidence item {n} registered: {what}").format(n=held + 1,
                                                                                     what=timeline_text(item)),
                      event_id=str(uuid.uuid5(uuid.UUID(evidence_id), "registered")) if evidence_id else None)
                if repaired and not audited:  # a copy no item held was damaged: replaced now, this item's
                    _audit_restored(db, item, path.name, repaired)
    except BaseException:
        if not repaired:  # a file no record names is not left in the store (nor a copy put back unaudited)
            remove_stored(written)
        # a damaged copy replaced stays replaced: the bytes of its name, which a record names; removing them would
        # leave the copy missing rather than right
        raise
    if restored is not None:
        raise StoredCopyRestored(restored_text(db, path.name, same, repaired), same)
    return item


def _audit_repair(db: Database, digest: str, case_id: str, file_name: str) -> bool:
    """The ``repair_copy`` audit entry of a damaged copy of ``digest`` just replaced from the file ``file_name``, in a
    short transaction of its own: against the item holding it (``_holding``), of the case ``case_id`` when one of its
    items does (in force rather than voided), else of any case. False, nothing written, when no item holds it."""
    holder = _holding(db, digest, case_id, anywhere=True)
    if holder is None:
        return False
    with db.atomic():
        _audit_restored(db, holder, file_name, True)
    return True


def _holding(db: Database, digest: str, case_id: str | None = None, *, anywhere: bool = False) -> Evidence | None:
    """The item holding the content ``digest`` — of ``case_id`` when given, else of any case; with ``anywhere``, of
    ``case_id`` when one of its items holds it, else of any case —, one in force rather than a voided one, the first
    registered of those; None when no item holds it."""
    if case_id is None:
        where, first, params = "", "", [digest]
    elif anywhere:  # the case's items first, then any case's
        where, first, params = "", "case_id != ?, ", [digest, case_id]
    else:
        where, first, params = " AND case_id = ?", "", [digest, case_id]
    row = fetch_dict(db, f"SELECT * FROM evidence WHERE sha256 = ?{where} "
                         f"ORDER BY {first}void_reason != '', created_at, rowid LIMIT 1", params)
    return from_row(Evidence, row) if row is not None else None


def missing_copies(db: Database, data_dir: Path, case_id: str) -> dict[str, Evidence]:
    """{sha256: item} of the items of the case whose stored copy is gone from the data folder or damaged — not of
    the size stored (``filestore.copy_state``) — (an item in force named rather than a voided one holding the same
    content), looked at without reading the files; {} when none is (a copy that cannot be looked at is not said gone,
    nor one altered keeping its size: reading it tells)."""
    from workstation.filestore import copy_state

    missing: dict[str, Evidence] = {}
    looked: set[str] = set()
    for item in list_evidence(db, case_id):
        if item.sha256 in missing:
            if missing[item.sha256].void_reason and not item.void_reason:
                missing[item.sha256] = item
            continue
        if item.sha256 in looked:
            continue
        looked.add(item.sha256)
        if copy_state(Path(data_dir), item.sha256, item.size) is not None:
            missing[item.sha256] = item
    return missing


def restore_missing_copy(db: Database, data_dir: Path, case_id: str, path: str | Path, *,
                         progress: ProgressFn = no_progress,
                         cancel: CancelToken | None = None) -> tuple[Evidence | None, bool]:
    """Put back the stored copy, gone from the data folder or damaged (``missing_copies``, or altered keeping its
    size: found as it is read), of the item of the case whose content the file at ``path`` holds (its SHA-256 the
    item's; one in force rather than a voided one), whatever the state of the case — decided, closed, archived:
    nothing of the register changes, no item, date or count, and the copy was the case's already —, with an entry
    in the audit log (``restore_copy``, ``repair_copy`` for a damaged one). Returns (that item, whether it replaced
    a damaged copy); (None, False), nothing kept, when the file is none of them: it is read only when a copy of the
    case is missing or damaged, or it is of the size of an item of the case (its copy, held, is then checked:
    ``filestore.store_stream``). A damaged copy of another case's item replaced from it stays replaced, audited as
    that item's: (None, True). The file is read in steps as ``add_evidence`` reads it."""
    from workstation.filestore import register_file, remove_stored

    missing = missing_copies(db, data_dir, case_id)
    if not missing:  # a copy altered keeping its size is found only by reading it: a file of an item's size is read
        try:
            size = Path(path).stat().st_size
        except OSError:
            return None, False
        if not db.execute("SELECT 1 FROM evidence WHERE case_id = ? AND size = ? LIMIT 1",
                          [case_id, size]).fetchone():
            return None, False
    path = check_evidence_file(path)
    digest, size, written, repaired = _stored(data_dir, path, progress, cancel)
    holder = item = missing.get(digest)
    if item is None and repaired:  # a copy found damaged as it was read (altered keeping its size): of the case's
        holder = _holding(db, digest, case_id, anywhere=True)  # item, else of another case's (its item then None)
        item = holder if holder is not None and holder.case_id == case_id else None
    if holder is None or written is None:  # another file (or put back meanwhile): nothing is kept of it
        if not repaired:  # a damaged copy replaced is kept: right now, and removing it would leave it missing
            remove_stored(written)
        return None, False
    try:
        if cancel is not None and not repaired:  # a copy replaced already is audited whatever is asked now
            cancel.check()
        with db.atomic():
            register_file(db, digest, size, holder.media_type)
            _audit_restored(db, holder, path.name, repaired)
    except BaseException:
        if not repaired:
            remove_stored(written)
        raise
    return item, repaired


def _restored_or(db: Database, data_dir: Path, case_id: str, path: str | Path, refusal: WorkstationError, *,
                 progress: ProgressFn, cancel: CancelToken | None) -> WorkstationError:
    """What ``add_evidence`` raises when it refuses the file (``refusal``: a closed register, a description wrong
    for a new item): the file of an item whose stored copy is gone puts that copy back (``restore_missing_copy``),
    said as ``StoredCopyRestored``; any other file is refused as it was, a damaged copy of another case's item
    replaced from it said after the refusal."""
    restored, repaired = restore_missing_copy(db, data_dir, case_id, path, progress=progress, cancel=cancel)
    if restored is None and repaired:  # another case's damaged copy was replaced from it: said with the refusal
        refusal.message = join_sentences([refusal.message, _(
            "The stored copy of the same content, which evidence of another case holds, was damaged and has been "
            "replaced from this file (recorded in the audit log).")])
        refusal.args = (refusal.message,)
    if restored is None:
        return refusal
    return StoredCopyRestored(restored_text(db, Path(path).name, restored, repaired), restored)


def _audit_restored(db: Database, item: Evidence, file_name: str, repaired: bool = False) -> None:
    """The audit entry of ``item``'s stored copy put back from the file ``file_name`` (inside the caller's
    transaction): the item's row unchanged, the copy's content and the file it came from; ``repair_copy`` when it
    replaced a damaged copy (``repaired``), else ``restore_copy`` (the copy was gone)."""
    from workstation.audit import append

    append(db, "repair_copy" if repaired else "restore_copy", "evidence", item.id, None,
           {"sha256": item.sha256, "size": item.size, "file_name": file_name})


def restored_text(db: Database, file_name: str, item: Evidence, repaired: bool = False) -> str:
    """What the officer is told once ``item``'s missing stored copy was put back from the file ``file_name`` — or,
    ``repaired``, its damaged copy replaced from it."""
    if repaired:
        return _("{file} is already evidence item {n} of this case ({name}): its stored copy, which was damaged (no "
                 "longer the file that was stored), was replaced from the file given; nothing else changed.").format(
            file=file_name, n=item_number(db, item), name=item.file_name)
    return _("{file} is already evidence item {n} of this case ({name}): its stored copy, which was missing from "
             "the data folder, was restored from the file given; nothing else changed.").format(
        file=file_name, n=item_number(db, item), name=item.file_name)


class StoredCopyRestored(WorkstationError):
    """``add_evidence`` given the file of an item whose stored copy was gone from the data folder: the copy is
    stored again and nothing else changes — a success to report (exit 0 on the command line, a note in the window),
    not a failure, though no item is added; ``item`` is the item restored."""

    def __init__(self, message: str, item: Evidence):
        super().__init__(message)
        self.item = item


def same_content(db: Database, item: Evidence) -> Evidence | None:
    """The item in force of ``item``'s case, other than it, holding its content (``sha256``) for the same recipient
    (``recipient_key``: spaces and the case of Latin letters make no other), None when there is none: the same file
    is registered once for each person or unit its records were sold or provided to (m055). Read by the
    (case_id, sha256) key: the few items holding that content, not the register."""
    rows = fetch_dicts(db, "SELECT * FROM evidence WHERE case_id = ? AND sha256 = ? AND void_reason = '' AND id != ? "
                           "ORDER BY created_at, rowid", [item.case_id, item.sha256, item.id])
    return next((other for other in (from_row(Evidence, row) for row in rows)
                 if recipient_key(other) == recipient_key(item)), None)


def whom_text(item: Evidence) -> str:
    """To whom ``item``'s records were provided, as a refusal naming the item says it."""
    return _("provided to {recipient}").format(recipient=item.recipient) if item.recipient else \
        _("not provided to anyone")


def _save(db: Database, case: Case, item: Evidence, note: str, event_id: str | None = None,
          on_date: str | None = None) -> None:
    """Write the item audited and put ``note`` on the case's timeline (inside the caller's transaction), as the
    event ``event_id`` when given, dated ``on_date`` (else the day the item was collected)."""
    from workstation.store.cases import add_event

    writer = AuditWriter(db)
    save_audited(db, "evidence", "evidence", _row(item), writer)
    add_event(db, CaseEvent(case_id=case.id, kind="evidence", at=now(), on_date=on_date or item.collected_on,
                            actor=writer.actor, note=note, **({"id": event_id} if event_id else {})))
    writer.flush()


#: how an item is described: what its editor shows and ``update_evidence`` changes (its content, name and size never)
DESCRIBED_FIELDS = ("kind", "source", "collected_on", "collector", "description", "recipient")


def changed_since(db: Database, loaded: Evidence) -> str | None:
    """Why ``loaded`` (an item as its editor opened it) may not be saved over: another process described it
    otherwise since (``DESCRIBED_FIELDS``), and saving the editor's copy would take that back. None when the stored
    item is still described as it was loaded, or is not stored."""
    try:
        stored = get_evidence(db, loaded.id)
    except NotFound:
        return None
    if all(getattr(stored, f) == getattr(loaded, f) for f in DESCRIBED_FIELDS):
        return None
    return _("Evidence item {n} ({file}) was changed elsewhere since you opened it: reopen it and apply your changes "
             "again.").format(n=item_number(db, stored), file=stored.file_name)


def update_evidence(db: Database, evidence_id: str, *, kind: str | None = None, source: str | None = None,
                    collected_on: str | None = None, collector: str | None = None,
                    description: str | None = None, recipient: str | None = None,
                    loaded: Evidence | None = None) -> Evidence:
    """Change how an item is described (None keeps a value); its content, name and size never change. A new
    ``recipient`` of an item already counted changes how the case's count is made: ``evidence_count.recount``
    makes it again. Refused for an item voided (``voided_text``) or of a closed case (``closed_register_refusal``),
    for a recipient another item in force holding the same content has (``same_content``), and for a collection
    date or kind other than a record of an extraction in force lists the item with (``_recorded_refusal``).
    ``loaded``: the item as the editor saving it opened it; refused, nothing written, when how the item is described
    is no longer that (another process described it otherwise meanwhile: saving the editor's copy would take that
    back)."""
    from workstation.store.cases import get_case

    with db.atomic():
        stored = get_evidence(db, evidence_id)
        if stored.void_reason:
            raise WorkstationError(voided_text(db, stored))
        if refusal := closed_register_refusal(get_case(db, stored.case_id)):
            raise WorkstationError(refusal)
        if loaded is not None and (refusal := changed_since(db, loaded)):
            raise WorkstationError(refusal)
        given = {"kind": kind, "source": source, "collected_on": collected_on, "collector": collector,
                 "description": description, "recipient": recipient}
        changed = replace(stored, **{k: v for k, v in given.items() if v is not None})
        # the case's first day is checked of a date changed, not of a date stored before the rule or before the
        # lead's receipt was corrected: describing such an item otherwise does not make its date wrong
        dated_anew = changed.collected_on != stored.collected_on
        case = get_case(db, stored.case_id)
        item = _checked(changed, case if dated_anew else None, decided_day(db, case) if dated_anew else None,
                        stored)
        if item == stored:
            return stored
        if (dated_anew or item.kind != stored.kind) and (refusal := _recorded_refusal(db, stored)):
            raise WorkstationError(refusal)
        if recipient_key(item) != recipient_key(stored) and (same := same_content(db, item)) is not None:
            raise WorkstationError(_("Evidence item {n} of this case ({name}), {whom}, holds the same content as "
                                     "item {item} ({file}): the same content is registered once for each "
                                     "recipient. Nothing was changed.").format(
                n=item_number(db, same), name=same.file_name, whom=whom_text(same), item=item_number(db, item),
                file=item.file_name))
        # on the timeline the day it was changed, not the day the item was collected (as a void is)
        _save(db, case, item, _("Evidence item {n} changed: {what}").format(
            n=item_number(db, item), what=timeline_text(item)), on_date=today())
    return item


def _recorded_refusal(db: Database, item: Evidence) -> str | None:
    """Why the collection date or kind of ``item`` is not changed: a record of an extraction in force (``RECORD_LISTS``:
    the 证据提取单, the 电子数据证据提取笔录, signed by the party) lists it as of its day and kind, which the item
    changed would no longer be — the register saying one thing and the record signed another. Names the first such
    record; None when none lists it."""
    numbered = in_force(list_evidence(db, item.case_id))
    for form_id in RECORD_LISTS:
        for document, listed in records_in_force(db, item.case_id, form_id, numbered):
            if any(other.id == item.id for _n, other in listed):
                record = f"{document.title} {document.number}" if document.number else document.title
                return _("Evidence item {n} ({file}) is listed on the {record} issued on {date}, which is in force: "
                         "its collection date and kind stay as that record states them. Nothing was changed. Void "
                         "that record first, or correct it leaving this item out (Void… or Correct… beside it in the "
                         "case's documents; docs void or docs issue --supersedes), then change the item and list it "
                         "on a record of its own day.").format(
                    n=item_number(db, item), file=item.file_name, record=record, date=document.issued_at[:10])
    return None


def closed_register_refusal(case: Case) -> str | None:
    """Why the evidence register of ``case`` is no longer changed (an item added, described otherwise or voided): it
    is closed or archived, and its register stays as it was closed with it, as its record counts do
    (``evidence_count.closed_refusal``); None while it is open."""
    from workstation.store.parties import SETTLED_STATUSES

    if case.status not in SETTLED_STATUSES:
        return None
    return _("Case {case} is “{status}”: its evidence register stays as the case was closed with it, and its record "
             "counts with it. Nothing was changed.").format(
        case=case_named(case.case_number, case.party_names, case.cause), status=shown_label("statuses", case.status))


def voided_text(db: Database, item: Evidence) -> str:
    """The refusal of a change to a voided item, naming it and why it was voided."""
    return _("Evidence item {n} ({file}) was voided ({reason}): it is no longer changed or counted.").format(
        n=item_number(db, item), file=item.file_name, reason=item.void_reason)


def default_collector(db: Database, case: Case) -> str:
    """The 提取人 proposed for an item of ``case`` when the officer names none: its first two officers (陈志强、黄丽娟),
    as the evidence dialog and ``evidence add`` propose them; '' for a case with no officer."""
    from workstation.store import get_officer

    return "、".join(get_officer(db, officer_id).name for officer_id in case.officer_ids[:2])


def void_refusal(db: Database, item: Evidence) -> str | None:
    """Why ``item`` cannot be voided, None when it can: it was voided already."""
    if item.void_reason:
        return _("Evidence item {n} ({file}) was voided already ({reason}).").format(
            n=item_number(db, item), file=item.file_name, reason=item.void_reason)
    return None


def void_consequences(db: Database, item: Evidence) -> list[str]:
    """What voiding ``item`` does, as sentences for the officer's confirmation: it keeps its number, is left out of
    the documents drafted afterwards (those issued keep what they printed), and the same file may be added again."""
    return [_("It keeps its number {n} in the register, marked void with the reason; the other items keep theirs."
              ).format(n=item_number(db, item)),
            _("It is left out of the documents drafted from now on (证据提取单, the evidence lists of the 告知书 and "
              "决定书); documents issued before keep what they printed."),
            _("It can no longer be changed or counted; the right file can be added again as a new item.")]


def void_evidence(db: Database, evidence_id: str, reason: str) -> Evidence:
    """Void an item registered by mistake with its reason (audited, a line on the case's timeline): it keeps its row
    and its number, and is left out of what is drafted afterwards. Refused, changing nothing, without a reason (a
    ValidationError of ``reason``), as ``void_refusal`` says and for a closed case (``closed_register_refusal``).
    The case's record counts are made again by ``evidence_count.void_and_recount``."""
    from workstation.store.cases import get_case

    item = get_evidence(db, evidence_id)
    if refusal := void_refusal(db, item) or closed_register_refusal(get_case(db, item.case_id)):
        raise WorkstationError(refusal)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why evidence item {n} ({file}) is void: the reason is kept with it."
                                           ).format(n=item_number(db, item), file=item.file_name)})
    voided = replace(item, void_reason=" ".join(reason.split()), voided_at=now())
    with db.atomic():
        _save(db, get_case(db, item.case_id), voided, _("Evidence item {n} voided: {what}. Reason: {reason}").format(
            n=item_number(db, item), what=timeline_text(item), reason=voided.void_reason), on_date=today())
    return voided


def unvoid_refusal(db: Database, item: Evidence) -> str | None:
    """Why the voided ``item`` cannot be restored (its void undone), None when it can: it is not void; its case is
    closed (``closed_register_refusal``); or another item in force holds the same content for the same recipient
    (``same_content``: the file added again in its place after the void) — the same content is registered once for
    each recipient, so that one is to be voided first."""
    from workstation.store.cases import get_case

    if not item.void_reason:
        return _("Evidence item {n} ({file}) is not void: there is nothing to restore.").format(
            n=item_number(db, item), file=item.file_name)
    if refusal := closed_register_refusal(get_case(db, item.case_id)):
        return refusal
    twin = same_content(db, replace(item, void_reason="", voided_at=None))
    if twin is not None:
        return _("Evidence item {m} ({name}), {whom}, holds the same content as the voided item {n} ({file}): it was "
                 "added in its place, and the same content is registered once for each recipient. Nothing was "
                 "changed. Void item {m} first if item {n} is to be kept, then restore item {n}.").format(
            m=item_number(db, twin), name=twin.file_name, whom=whom_text(twin), n=item_number(db, item),
            file=item.file_name)
    return None


def unvoid_consequences(db: Database, item: Evidence) -> list[str]:
    """What restoring the voided ``item`` does, as sentences for the officer's confirmation: it is in force again
    under its number, listed by the documents drafted afterwards, and — counted — its records counted again into
    the case's figure (``evidence_count.unvoid_and_recount``), unless the case is decided."""
    from workstation.evidence_count import counts_refusal
    from workstation.store.cases import get_case

    said = [_("It is in force again as item {n} of the register, and the documents drafted from now on list it; "
              "documents issued while it was void keep what they printed.").format(n=item_number(db, item))]
    if item.record_count is None:
        return said
    if counts_refusal(db, get_case(db, item.case_id)) is not None:
        return [*said, _("The case is decided: its record counts stay as its decision was made on them.")]
    return [*said, _("Its {n} records are counted again into the case's count of “{category}”, made again with the "
                     "other items (a figure typed by hand stays as it is).").format(
        n=f"{item.record_count:,}", category=shown_label("record_categories", item.record_category))]


def unvoid_evidence(db: Database, evidence_id: str) -> Evidence:
    """Undo the void of an item voided by mistake: it is in force again with its number, description and count, on
    the case's timeline and in the audit log (``unvoid``, with the reason it had been voided for). Refused, changing
    nothing, as ``unvoid_refusal`` says — read in the transaction writing it. The case's record counts are made
    again by ``evidence_count.unvoid_and_recount``."""
    from workstation.audit import append
    from workstation.store.cases import get_case

    with db.atomic():
        item = get_evidence(db, evidence_id)
        if refusal := unvoid_refusal(db, item):
            raise WorkstationError(refusal)
        restored = replace(item, void_reason="", voided_at=None)
        _save(db, get_case(db, item.case_id), restored, _(
            "Evidence item {n} restored (its void undone): {what}. It had been voided: {reason}").format(
            n=item_number(db, item), what=timeline_text(item), reason=item.void_reason), on_date=today())
        append(db, "unvoid", "evidence", item.id, {"void_reason": item.void_reason, "voided_at": item.voided_at},
               {"void_reason": ""})
    return restored


def in_force(items: Iterable[Evidence]) -> list[tuple[int, Evidence]]:
    """(number, item) of the items of a case's register (``list_evidence``) not voided, each with its number in the
    register: a voided item leaves a gap, so the numbers documents already cite do not move."""
    return [(n, item) for n, item in enumerate(items, 1) if not item.void_reason]


def get_evidence(db: Database, evidence_id: str) -> Evidence:
    row = fetch_dict(db, "SELECT * FROM evidence WHERE id = ?", [evidence_id])
    if row is None:
        raise NotFound(_("No evidence item {id}.").format(id=evidence_id))
    return from_row(Evidence, row)


#: the registers read within ``evidence_read_once`` in this thread (``read_once.held``)
_READ_ONCE = read_once.kept("evidence_read_once")


def evidence_read_once() -> AbstractContextManager[None]:
    """Within it, ``list_evidence`` reads each case's register once: a case context lists it for its evidence
    lists, its proof, its 调查经过 and its 卷内备考表 (a case may hold 1,500 items). Read again after any change made on
    the connection meanwhile, or rolled back (``read_once.held``); forgotten when it ends; nested, the outermost one
    holds. Per thread (``read_once.scope``). Also a decorator."""
    return read_once.scope(_READ_ONCE)


def list_evidence(db: Database, case_id: str) -> list[Evidence]:
    """The case's evidence in the order it was registered (the order of its item numbers); within
    ``evidence_read_once`` read once (copies of the items kept: a caller may change those it is given)."""
    if not read_once.active(_READ_ONCE):
        return _read_evidence(db, case_id)
    # a list and items of its own: a caller may add to, sort or change what it is given
    return [replace(item) for item in read_once.held(_READ_ONCE, db, case_id, lambda: _read_evidence(db, case_id))]


def _read_evidence(db: Database, case_id: str) -> list[Evidence]:
    rows = fetch_dicts(db, "SELECT * FROM evidence WHERE case_id = ? ORDER BY created_at, rowid", [case_id])
    return [from_row(Evidence, r) for r in rows]


def _number_at(db: Database, case_id: str, created_at: str, rowid: int) -> int:
    """The number in the case's register of its item registered at ``created_at`` as row ``rowid``: the items up
    to it in the register's order (``list_evidence``: by ``created_at``, then ``rowid``), itself included."""
    return db.execute("SELECT COUNT(*) FROM evidence WHERE case_id = ? AND (created_at < ? OR (created_at = ? AND "
                      "rowid <= ?))", [case_id, created_at, created_at, rowid]).fetchone()[0]


def item_number(db: Database, item: Evidence) -> int:
    """The item's number in its case's register (1 for the first registered): counted in SQL (``_number_at``) from
    where the register keeps it, not by reading the case's 1,500 items."""
    row = db.execute("SELECT case_id, created_at, rowid FROM evidence WHERE id = ?", [item.id]).fetchone()
    if row is None:
        raise NotFound(_("No evidence item {id}.").format(id=item.id))
    return _number_at(db, *row)


def numbered_item(db: Database, case_id: str, n: int) -> str | None:
    """The id of the case's item numbered ``n`` in its register (``item_number``; 1 for the first), None when it
    has fewer items: one row read, not the register."""
    if n < 1:
        return None
    row = db.execute("SELECT id FROM evidence WHERE case_id = ? ORDER BY created_at, rowid LIMIT 1 OFFSET ?",
                     [case_id, n - 1]).fetchone()
    return row[0] if row else None


def register_size(db: Database, case_id: str) -> int:
    """How many items the case's evidence register holds."""
    return db.execute("SELECT COUNT(*) FROM evidence WHERE case_id = ?", [case_id]).fetchone()[0]


def evidence_of_case(db: Database, case_id: str, ids: Iterable[str]) -> list[Evidence]:
    """The items ``ids`` in the order given; an item that does not exist or belongs to another case is refused
    (ValidationError on ``evidence`` naming it)."""
    from workstation.store.cases import get_case

    items = []
    for evidence_id in ids:
        row = fetch_dict(db, "SELECT * FROM evidence WHERE id = ?", [evidence_id])
        if row is None:
            raise ValidationError({"evidence": _("Evidence item {id} does not exist.").format(id=evidence_id)})
        if row["case_id"] != case_id:
            other, case = get_case(db, row["case_id"]), get_case(db, case_id)
            raise ValidationError({"evidence": _("“{file}” is evidence of case {other}, not of case {number}: pick "
                                                 "the evidence of this case.").format(
                file=row["file_name"], other=case_named(other.case_number, other.party_names, other.cause),
                number=case_named(case.case_number, case.party_names, case.cause))})
        items.append(from_row(Evidence, row))
    return items


def describe(item: Evidence, date: Callable[[str], str] = str, shown: bool = False) -> str:
    """文件名（类型，来源，提取时间，提取人）: the item as documents and the timeline name it; ``date`` writes the
    collection date (ISO by default; documents print it as 2026年3月10日). ``shown``: as the window and the command
    line show it, in the user's language (the kind's English label in English), a document's always in Chinese."""
    kind = shown_label("evidence_kinds", item.kind) if shown else label("evidence_kinds", item.kind)
    parts = [p for p in (kind, item.source, date(item.collected_on) if item.collected_on else "", item.collector) if p]
    if shown:
        return _("{file} ({details})").format(file=item.file_name, details=_(", ").join(parts))
    return f"{item.file_name}（{'，'.join(parts)}）"


#: the kind of evidence in law (行政处罚法 art. 46) of the kinds whose own label does not say it, for a document
#: naming an item by its kind: 客户名单一份（电子数据）
LEGAL_KINDS = {"customer_list": "电子数据", "chat_export": "电子数据", "sms_log": "电子数据", "call_log": "电子数据",
               "recording": "视听资料", "contract": "书证"}


#: the kinds of evidence that are electronic data (电子数据, 行政处罚法 art. 46): what a 电子数据证据提取笔录 records
#: extracting, not a paper document, a statement or a recording
ELECTRONIC_KINDS = frozenset({*(kind for kind, legal in LEGAL_KINDS.items() if legal == "电子数据"), "electronic_data"})


def states_proof(item: Evidence) -> bool:
    """Whether the officer's description says what the item proves (证明当事人…) rather than what it is."""
    return item.description.startswith("证明")


def document_name(item: Evidence, served: bool = True) -> str:
    """What a document calls the item: the officer's description of what it is; without one, its kind
    (客户名单一份) — on a document not served on the party an item of no known kind is named by its file name,
    and a document served on the party never names a file."""
    if item.description and not states_proof(item):
        return item.description
    if item.kind == "other" or item.kind not in labels("evidence_kinds"):
        return "证据材料一份" if served else item.file_name
    return f"{label('evidence_kinds', item.kind)}一份"


def document_text(item: Evidence, date: Callable[[str], str] = chinese_date, served: bool = True) -> str:
    """名称（类型，来源，提取时间）as a document lists the item (``document_name``), the kind left out when the name
    says it, and then what it proves when the officer's description says so: 当事人外呼平台导出的客户名单（电子数据，
    2026年12月1日）; 客户名单一份（电子数据，当事人办公电脑，2026年3月10日），证明当事人…."""
    name = document_name(item, served)
    kind = label("evidence_kinds", item.kind) if item.kind != "other" else ""
    said = kind if kind and kind not in name else LEGAL_KINDS.get(item.kind, "")
    parts = [said if said not in name else "", item.source, date(item.collected_on) if item.collected_on else ""]
    text = f"{name}（{'，'.join(p for p in parts if p)}）" if any(parts) else name
    return f"{text}，{item.description}" if states_proof(item) else text


def provided_to(item: Evidence) -> str:
    """（提供给X） after an item in a document's list when its records were sold or provided to X, else ''."""
    return f"（提供给{item.recipient}）" if item.recipient else ""


def evidence_context(db: Database, case: Case, items: list[Evidence] | None = None) -> dict[str, object]:
    """The case's evidence for the forms: ``evidence.list`` (one numbered line per item with whom it was provided
    to, if anyone, and its SHA-256, dates written as documents write them), ``evidence.files`` (one numbered line per
    file: name, format and size) and ``evidence.count``; the voided items left out, the others numbered as the
    register numbers them (``in_force``). ``items``: the case's register (``list_evidence``) when the caller read it
    already.

    A record of an extraction lists what was extracted in its session, on its day (``record_day``): the
    证据提取单's ``evidence.rows`` (one row per item, ``extraction_row``) are the items of ``evidence.extraction_on``
    — the latest day an item was collected on that no 证据提取单 in force lists yet, else today; every item listed
    already, none of them and today (``nothing_new_note`` says which records list them) —, and the 电子数据证据提取笔录's
    ``evidence.electronic_list`` and ``evidence.electronic_files`` the items of ``ELECTRONIC_KINDS`` of one day,
    chosen alike among the electronic items and the 笔录 in force; ``evidence.electronic_records`` the distinct records counted in those, a record found in two
    of them counted once (``evidence_count.distinct_records``), None when none of them was counted or their files
    could not be read. ``evidence.rows_all``, ``evidence.electronic_list_all`` and ``evidence.electronic_files_all``
    are the lists of every item, as versions before the day was kept listed them (``old_defaults``)."""
    from workstation.clocks import data_dir_of
    from workstation.evidence_count import distinct_records

    numbered = in_force(list_evidence(db, case.id) if items is None else items)
    lines = {item.id: f"{n}. {describe(item, chinese_date)}{provided_to(item)}SHA-256：{item.sha256}"
             for n, item in numbered}
    electronic = [(n, item) for n, item in numbered if item.kind in ELECTRONIC_KINDS]
    extraction_on, extracted = record_day(numbered, recorded_items(db, case.id, EXTRACTION_FORM, numbered))
    _electronic_on, extracted_data = record_day(electronic, recorded_items(db, case.id, ELECTRONIC_FORM, electronic))
    # each item's line of the files and row of the 证据提取单 worked out once: the day's lists repeat those of all
    # (the day's and the electronic items are among ``numbered``, with their numbers)
    files = {item.id: f"{n}. {file_line(item)}" for n, item in numbered}
    rows = {item.id: extraction_row(n, item) for n, item in numbered}
    return {"evidence.list": "\n".join(lines.values()),
            "evidence.files": "\n".join(files.values()),
            "evidence.count": len(numbered),
            "evidence.rows": "\n".join(rows[item.id] for _n, item in extracted),
            "evidence.extraction_on": extraction_on or today(),
            "evidence.electronic_list": "\n".join(lines[item.id] for _n, item in extracted_data),
            "evidence.electronic_files": "\n".join(files[item.id] for _n, item in extracted_data),
            # counted only when a form draws on it (``formkit.values.source_value``): it may read the files — not for
            # a category all of whose counted items it lists, which takes the case's figure (``distinct_records``)
            LAZY_PREFIX + "evidence.electronic_records": partial(distinct_records, data_dir_of(db),
                                                                 [item for _n, item in extracted_data], case,
                                                                 [item for _n, item in numbered], db),
            "evidence.rows_all": "\n".join(rows.values()),
            "evidence.electronic_list_all": "\n".join(lines[item.id] for _n, item in electronic),
            "evidence.electronic_files_all": "\n".join(files[item.id] for _n, item in electronic)}


#: the records of an extraction made in one session, on one day: {form: (the field of its day, the fields listing
#: the items extracted)}
EXTRACTION_FORM, ELECTRONIC_FORM = "evidence_extraction", "electronic_evidence_record"
RECORD_LISTS = {EXTRACTION_FORM: ("extracted_on", ("items",)),
                ELECTRONIC_FORM: ("time_from", ("file_names", "hashes"))}
_SHA256 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
_LEADING_NUMBER = re.compile(r"\s*(\d+)\s*[.．、|｜]")


def listed_items(numbered: Sequence[tuple[int, Evidence]], text: str) -> list[tuple[int, Evidence]]:
    """The items of the register (``in_force``: (number, item)) a record's list ``text`` names, in the order named:
    a line by its number and the file name as the workstation writes them (1. 客户名单.csv（…）, 1 | 客户名单.csv（客户名单）
    | …), else by the SHA-256 it gives, else by a file name one item only has; a line naming none (typed by hand,
    renumbered otherwise) names none."""
    by_number = dict(numbered)
    found: dict[str, tuple[int, Evidence]] = {}
    for line in str(text or "").splitlines():
        if not line.strip():
            continue
        match = _LEADING_NUMBER.match(line)
        item = by_number.get(int(match.group(1))) if match else None
        if item is not None and _names_file(line, item):
            found.setdefault(item.id, (int(match.group(1)), item))
            continue
        digest = _SHA256.search(line.lower())
        named = [(n, other) for n, other in numbered
                 if (other.sha256 == digest.group() if digest else _names_file(line, other))]
        if len(named) > 1:  # the same content provided to several recipients: the one the line names
            named = [(n, other) for n, other in named if other.recipient and other.recipient in line] or \
                (named[:1] if digest else [])
        for n, other in named[:1]:
            found.setdefault(other.id, (n, other))
    return list(found.values())


def _names_file(line: str, item: Evidence) -> bool:
    """Whether a line of a record's list names ``item``'s file: as it is named, or as a table cell prints it (a
    separator | in the name written ／, ``formkit.grid.cell_text``: the 证据提取单's rows)."""
    from workstation.formkit.grid import cell_text

    return item.file_name in line or cell_text(item.file_name) in line


def records_in_force(db: Database, case_id: str, form_id: str, numbered: Sequence[tuple[int, Evidence]]
                     ) -> list[tuple[IssuedDocument, list[tuple[int, Evidence]]]]:
    """(record, the items of ``numbered`` it lists) of each record of ``form_id`` (``RECORD_LISTS``) in force in
    the case, oldest first: issued, neither voided nor corrected, those issued for the lead the case was filed from
    counting as the case's — read as the case's documents are (``issuing.in_force_of_form``)."""
    from workstation.documents.issuing import in_force_of_form

    found = []
    for document in in_force_of_form(db, case_id, form_id):
        listed: dict[str, tuple[int, Evidence]] = {}
        for name in RECORD_LISTS[form_id][1]:
            for n, item in listed_items(numbered, str(document.values.get(name) or "")):
                listed.setdefault(item.id, (n, item))
        found.append((document, sorted(listed.values(), key=lambda listed_item: listed_item[0])))
    return found


def recorded_items(db: Database, case_id: str, form_id: str, numbered: Sequence[tuple[int, Evidence]]) -> set[str]:
    """The ids of the items of ``numbered`` that a record of ``form_id`` (``RECORD_LISTS``) in force in the case
    lists (``records_in_force``)."""
    return {item.id for _document, listed in records_in_force(db, case_id, form_id, numbered)
            for _n, item in listed}


def record_day(numbered: Sequence[tuple[int, Evidence]], recorded: set[str]
               ) -> tuple[str | None, list[tuple[int, Evidence]]]:
    """(day, items) the next record of an extraction lists by default: the latest day an item of ``numbered`` not
    ``recorded`` (listed in a record in force) was collected on, with those items of that day. (None, every item)
    when no item has a day; (None, none) when every item is recorded already: a new record lists nothing again
    (``nothing_new_note`` says which records list them)."""
    dated = [(n, item) for n, item in numbered if item.collected_on]
    if not dated:
        return None, list(numbered)
    pool = [(n, item) for n, item in dated if item.id not in recorded]
    if not pool:
        return None, []
    day = max(str(item.collected_on)[:10] for _n, item in pool)
    return day, [(n, item) for n, item in pool if str(item.collected_on)[:10] == day]


def _listed_everywhere(db: Database, case: Case, form_id: str,
                       numbered: Sequence[tuple[int, Evidence]] | None = None) -> str | None:
    """The sentence saying that every item a record of ``form_id`` lists (the items in force; the electronic data
    for the 电子数据证据提取笔录) is on an issued record in force already, naming each such record, its date and the
    items it lists; None while an item is on none (or the register holds none)."""
    from workstation.i18n import ngettext

    if numbered is None:
        numbered = in_force(list_evidence(db, case.id))
    if form_id == ELECTRONIC_FORM:
        numbered = [(n, item) for n, item in numbered if item.kind in ELECTRONIC_KINDS]
    if not numbered:
        return None
    records = [(document, listed) for document, listed in records_in_force(db, case.id, form_id, numbered) if listed]
    if {item.id for _document, listed in records for _n, item in listed} != {item.id for _n, item in numbered}:
        return None
    named = _("; ").join(ngettext("{title} issued on {date} (item {numbers})",
                                  "{title} issued on {date} (items {numbers})", len(listed)).format(
        title=document.title, date=document.issued_at[:10], numbers=", ".join(str(n) for n, _item in listed))
        for document, listed in records)
    if form_id == ELECTRONIC_FORM:
        return _("Every item of electronic data in the case's evidence register is already listed on an issued "
                 "record: {records}.").format(records=named)
    return _("Every item of the case's evidence register is already listed on an issued record: {records}.").format(
        records=named)


def nothing_new_note(db: Database, case: Case, form_id: str, values: Mapping | None = None) -> str | None:
    """What a new record of an extraction (``RECORD_LISTS``) is told when every item it would list is on an issued
    record in force already (``_listed_everywhere``): it lists nothing by default rather than those items again,
    naming the records; None otherwise. When ``values`` (the officer's) list something in its lists, what the
    电子数据证据提取笔录 is told of its number of records left blank because the files it lists are too large to be
    read while it is drafted (``unread_records_note``), else None."""
    from workstation.documents.drafts import find_form

    if form_id not in RECORD_LISTS:
        return None
    if any(str((values or {}).get(name) or "").strip() for name in RECORD_LISTS[form_id][1]):
        return unread_records_note(db, case, form_id, values or {})
    listed = _listed_everywhere(db, case, form_id)
    if listed is None:
        return None
    told = _("A new {title} lists nothing by default: list only what is extracted in its session (register those "
             "files first: “{button}” in the case's evidence, or evidence add), or print the one issued again.")
    return join_sentences([listed, told.format(title=find_form(form_id).title, button=_("Add evidence…"))])


def unread_records_note(db: Database, case: Case, form_id: str, values: Mapping) -> str | None:
    """Why the 电子数据证据提取笔录 ``values`` leave its number of records (``records``) blank: the counted files it
    lists (``file_names``) are too large to be read for their distinct records while it is drafted
    (``evidence_count.unread_records``), naming them with their counts and saying what to write — the figure of
    every counted item it lists: the distinct records of the others, known already (``known_records``), and those
    items' counts added up, less the records found in more than one of them; None when it gives a number, lists no
    file, or was not left blank for that. Nothing is read: it is said on the window's thread."""
    from workstation.clocks import data_dir_of
    from workstation.evidence_count import known_records, unread_records

    if form_id != ELECTRONIC_FORM or values.get("records") not in (None, "") \
            or not str(values.get("file_names") or "").strip():
        return None
    numbered = in_force(list_evidence(db, case.id))
    electronic = [(n, item) for n, item in numbered if item.kind in ELECTRONIC_KINDS]
    listed: dict[str, tuple[int, Evidence]] = {}
    for name in RECORD_LISTS[ELECTRONIC_FORM][1]:
        for n, item in listed_items(electronic, str(values.get(name) or "")):
            listed.setdefault(item.id, (n, item))
    chosen = sorted(listed.values(), key=lambda listed_item: listed_item[0])
    register = [item for _n, item in numbered]
    items = [item for _n, item in chosen]
    if not unread_records(data_dir_of(db), items, case, register, db):
        return None
    known, unknown = known_records(data_dir_of(db), items, case, register, db)
    unread = {item.id for item in unknown}
    named = [(n, item) for n, item in chosen if item.id in unread]
    counts = sum(item.record_count for _n, item in named)
    names = _(", ").join(_("evidence item {n} ({file}, {count} records)").format(
        n=n, file=item.file_name, count=f"{item.record_count:,}") for n, item in named)
    if known:  # the other counted items it lists are of its figure too
        return _("The number of records is left blank: the distinct records of {items} are not worked out while "
                 "the record is drafted, their files being large (reading them would hold up the window for "
                 "minutes). Write the number of distinct records of every counted item it lists by hand: {total} "
                 "({known} distinct records of its other items, and {counts}, the counts of these added up) less "
                 "the records found in more than one of these.").format(
            items=names, total=f"{known + counts:,}", known=f"{known:,}", counts=f"{counts:,}")
    return _("The number of records is left blank: the distinct records of {items} are not worked out while the "
             "record is drafted, their files being large (reading them would hold up the window for minutes). "
             "Write the number of distinct records by hand: {total}, their counts added up, less the records found "
             "in more than one of them.").format(items=names, total=f"{counts:,}")


def listed_dates_refusal(db: Database, case: Case, values: dict, form_id: str) -> str | None:
    """Why the record of an extraction ``form_id`` (the 电子数据证据提取笔录, the 证据提取单: ``RECORD_LISTS``) with its
    checked ``values`` cannot be issued: an item of the register it lists was collected on another day than the one
    it records (its 提取开始时间, its 提取日期) — a record saying a file dated 12月3日 was extracted in a session on
    11月20日 contradicts itself —, naming each such item and both days; or it lists nothing while every item it
    would list is on an issued record already (``_listed_everywhere``, naming them). None when every item listed is
    of its day, and while it records no day (required to issue on its own)."""
    from workstation.formkit.values import recorded_day

    if form_id not in RECORD_LISTS:
        return None
    day_field, list_fields = RECORD_LISTS[form_id]
    numbered = in_force(list_evidence(db, case.id))
    if not any(str(values.get(name) or "").strip() for name in list_fields):
        listed = _listed_everywhere(db, case, form_id, numbered)
        if listed is None:
            return None
        from workstation.documents.drafts import find_form

        refused = _("This {title} lists nothing: list what was extracted in its session (register those files "
                    "first: “{button}” in the case's evidence, or evidence add); the items listed already are on the "
                    "record issued, printed again from it rather than issued anew.")
        return join_sentences([listed, refused.format(title=find_form(form_id).title, button=_("Add evidence…"))])
    day = recorded_day(values.get(day_field))
    if not day:
        return None
    listed: dict[str, tuple[int, Evidence]] = {}
    for name in list_fields:
        for n, item in listed_items(numbered, str(values.get(name) or "")):
            listed.setdefault(item.id, (n, item))
    other = [(n, item) for n, item in listed.values() if item.collected_on and str(item.collected_on)[:10] != day]
    if not other:
        return None
    from workstation.documents.drafts import find_form

    named = _("; ").join(_("evidence item {n} ({file}), collected on {date}").format(
        n=n, file=item.file_name, date=str(item.collected_on)[:10]) for n, item in sorted(other, key=lambda o: o[0]))
    return _("The {title} records an extraction on {day}, but it lists {items}: a record lists what was extracted in "
             "its session. List only the items collected on {day} (those of another day go in a record of that day), "
             "or correct the day of the record or the item's collection date (evidence set --date, or Edit… in the "
             "case's evidence).").format(title=find_form(form_id).title, day=day, items=named)


#: how the copy of an item of each kind is obtained, as the 证据提取单 names it (复印/拍照/复制/打印): a photo is
#: itself the picture taken, and so is the picture of a physical object (物证); a paper document (书证) is copied;
#: a recording (视听资料), which cannot be printed, is copied as a file (复制), and so is any sound or video file and
#: any electronic data (``ELECTRONIC_KINDS``: a customer list, an SMS platform's log, copied with its hash as the
#: 电子数据证据提取笔录 records it); everything else kept as a file is printed from it
EXTRACTION_WAYS = {"photo": "拍照", "physical": "拍照", "documentary": "复印", "recording": "复制",
                   **{kind: "复制" for kind in ELECTRONIC_KINDS}}


def extraction_way(item: Evidence) -> str:
    """The 提取方式 of ``item`` (``EXTRACTION_WAYS``): a sound or video file is copied (复制) whatever its kind."""
    if item.kind not in EXTRACTION_WAYS and media_type_of(item.file_name).partition("/")[0] in ("audio", "video"):
        return "复制"
    return EXTRACTION_WAYS.get(item.kind, "打印")


#: the measure word of an item of each kind, as documents count them (照片3张, 客户名单2份): the 卷内备考表's list
#: of the evidence by kind and the lists of evidence of the 告知书/决定书/调查终结报告
MEASURE_WORDS = {"photo": "张"}


def measure_word(kind: str) -> str:
    """The measure word items of ``kind`` are counted in (``MEASURE_WORDS``): 张 for photos, else 份."""
    return MEASURE_WORDS.get(kind, "份")


def extraction_row(number: int, item: Evidence) -> str:
    """The item as a row of the 证据提取单 (``evidence.rows``), its columns separated by `` | ``: 序号, 证据名称
    (file name and kind), 来源, 数量 (the records counted in it, else one item in its measure word: 1张 of a photo, as
    the 卷内备考表 counts photos, else 1份), 提取方式, 备注 (the date collected and
    to whom its records were provided); a separator typed in a value is written ／ so the columns stay put, as the
    editor's grid stores a cell (``formkit.grid.cell_text``)."""
    from workstation.formkit.grid import cell_text

    quantity = f"{item.record_count:,}条" if item.record_count is not None else f"1{measure_word(item.kind)}"
    remark = "，".join(part for part in (chinese_date(item.collected_on) + "提取" if item.collected_on else "",
                                         f"提供给{item.recipient}" if item.recipient else "") if part)
    columns = [str(number), f"{item.file_name}（{label('evidence_kinds', item.kind)}）", item.source, quantity,
               extraction_way(item), remark]
    return " | ".join(cell_text(column) for column in columns)


def file_line(item: Evidence) -> str:
    """文件名（格式，大小）as the 电子数据证据提取笔录 lists an extracted file: 客户信息表.xlsx（XLSX格式，12.5 KB）."""
    suffix = Path(item.file_name).suffix.lstrip(".").upper()
    size = f"{item.size:,}字节" if item.size < 1024 else \
        f"{item.size / 1024:.1f} KB" if item.size < 1024 * 1024 else f"{item.size / 1024 / 1024:.1f} MB"
    return f"{item.file_name}（{suffix + '格式，' if suffix else ''}{size}）"


def counted_parts(db: Database, item: Evidence, category: str) -> list[tuple[str, int]]:
    """(file name, count) of each item of the case counted into ``category``, in register order, taking ``item``
    as given (its count may not be saved yet); a voided item is no longer counted."""
    rows = db.execute("SELECT id, file_name, record_count FROM evidence WHERE case_id = ? AND (id = ? OR "
                      "(record_category = ? AND record_count IS NOT NULL AND void_reason = '')) "
                      "ORDER BY created_at, rowid",
                      [item.case_id, item.id, category]).fetchall()  # the items counted, not the whole register
    parts = [(item.file_name, item.record_count, item.record_category) if id_ == item.id else (name, n, category)
             for id_, name, n in rows]
    return [(name, n) for name, n, of in parts if of == category and n is not None]


def save_count(db: Database, evidence_id: str, count: int, category: str, steps: Sequence[str],
               overlaps: Mapping[str, Overlap] | None = None,
               stated: Mapping[str, tuple[int, str]] | None = None) -> tuple[Evidence, Case]:
    """Record ``count`` distinct records of ``category`` found in the item, and set the case's count of that
    category to the sum over its evidence less the ``overlaps[category].repeated`` records counted once though
    found in more than one item (and the item's former category likewise): version-checked, audited, explained in
    the item's note and on the timeline, with the rule of the 2017 interpretation's art. 11 that applied.
    ``stated`` names the categories whose figure the evidence did not give, with that figure and whether it is
    replaced (``"replace"``) or kept (``"keep"``, the case's figure left as it is): the note says which."""
    from workstation.store.cases import add_event, get_case, update_case

    if category not in labels("record_categories"):
        raise ValidationError({"category": _("Choose the category of personal information counted.")})
    with db.atomic():
        stored = get_evidence(db, evidence_id)
        case = get_case(db, stored.case_id)
        item = replace(stored, record_count=count, record_category=category)
        totals, sums = {}, []
        for key in dict.fromkeys(k for k in (category, stored.record_category) if k):
            parts, shared = counted_parts(db, item, key), (overlaps or {}).get(key)
            total = sum(n for _name, n in parts) - (shared.repeated if shared else 0)
            sums.append(sum_text(key, parts, shared))
            figure, choice = (stated or {}).get(key, (None, ""))
            if choice == "keep":  # the officer's figure is the one used: the note shows both
                sums.append(f"本案“{category_words(key)}”类条数仍按原记载的 {figure:,} 条计"
                            f"（非证据统计所得，经确认保留；证据统计为 {total:,} 条）")
                continue
            if choice == "replace":
                sums.append(f"本案“{category_words(key)}”类原记载 {figure:,} 条（非证据统计所得），"
                            f"经确认改为证据统计的 {total:,} 条")
            totals[f"records_{key}"] = total
        item = replace(item, count_note="；".join((*steps, *sums)) + "。")
        save_audited(db, "evidence", "evidence", _row(item))
        case = update_case(db, replace(case, **totals)) if totals else case
        add_event(db, CaseEvent(case_id=case.id, kind="evidence", at=now(), actor=current_actor(),
                                note=_("Evidence item {n} counted: {note}").format(n=item_number(db, item),
                                                                                  note=item.count_note)))
    return item, case


INTERPRETATION = "《最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》"


def category_words(category: str) -> str:
    """The words of REFERENCE §4.6 naming ``category`` of personal information as the count steps write them (本案“…”类):
    its label in resources/law/criminal.toml (住宿信息、通信记录、健康生理信息、交易信息等), the one the law box and ``law
    criminal`` show; the vocabulary's label for a category the file does not name."""
    from workstation.law.data import load

    named = (load("criminal").get("categories") or {}).get(category) or {}
    return named.get("label") or label("record_categories", category)


#: the sentence ending the 案件调查终结报告's 证据及证明事项 when records repeat between its items (``overlap_note``)
OVERLAP_NOTE = "以上证据所载个人信息中有{repeated}条在不同证据间重复，去重后共{total}条。"


def overlap_note(db: Database, case: Case, items: Sequence[Evidence]) -> str:
    """What the evidence list stating each counted item's figure (``evidence.proof_stated``) says after them when
    records were found in more than one item and counted once (``sum_text``'s 不同证据间重复): the items' counts then
    add up to more than the distinct records the case's evidence gives (``OVERLAP_NOTE``: 4,999 + 2, 有1条…重复，去重后
    共5,000条). "" when nothing repeats, or when the distinct figure is not known without reading the files."""
    from workstation.clocks import data_dir_of
    from workstation.evidence_count import known_records

    counted = [item for item in items if item.record_count is not None and not item.void_reason]
    if len(counted) < 2:
        return ""
    known, unknown = known_records(data_dir_of(db), counted, case, db=db)
    repeated = sum(item.record_count for item in counted) - known
    return OVERLAP_NOTE.format(repeated=f"{repeated:,}", total=f"{known:,}") if repeated > 0 and not unknown else ""


def sum_text(category: str, parts: Sequence[tuple[str, int]], shared: Overlap | None = None) -> str:
    """本案“…”类信息条数按各证据统计数之和计：a 3,200 + b 100 = 3,300 条, as the case file keeps it; with records
    found in more than one item (``shared``), the records counted once subtracted (a 3,200 + b 2,500 − 不同证据间重复
    2,000 = 3,700 条) and the records counted for each recipient they were provided to named, each with the
    paragraph of art. 11 of the 2017 interpretation that rules it."""
    terms = " + ".join(f"{name} {n:,}" for name, n in parts) or "0"
    repeated, cumulated = (shared.repeated, shared.cumulated) if shared else (0, 0)
    total = sum(n for _name, n in parts) - repeated
    if repeated:
        terms += f" − 不同证据间重复 {repeated:,}"
    rules = []
    if repeated:  # para. 1 when records of a seized list were also sold or provided, para. 3 for plain duplicates
        paragraphs = "第一款、第三款" if shared.obtained_then_provided else "第三款"
        rules.append(f"依照{INTERPRETATION}第十一条{paragraphs}，同一条信息出现在多份证据中的只计一次")
    if cumulated:
        rules.append(f"依照{'该解释' if repeated else INTERPRETATION}第十一条第二款，分别向不同对象"
                     f"（{'、'.join(shared.recipients)}）出售、提供的 {cumulated:,} 条累计计算")
    return (f"本案“{category_words(category)}”类信息条数按各证据统计数之和计：{terms} = {total:,} 条" +
            (f"（{'；'.join(rules)}）" if rules else ""))
