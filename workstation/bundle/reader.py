"""Opening and verifying a bundle before anything is merged: the archive whole, every member name safe, no member
inflating beyond a sane size, the manifest signed by the station's key, its format and application version
known, every member listed with the right sha256 and nothing unlisted, the records well formed, the digests of
the versions held in common and how far headquarters had imported each station's log (format 2) well formed,
and the audit segment an unbroken chain. Any failure is one line naming what is wrong; nothing is written
anywhere."""

from __future__ import annotations

import base64
import codecs
import errno
import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from workstation import __version__
from workstation.audit import DAMAGE_ACTION, GENESIS, entry_hash
from workstation.bundle import calendar_part
from workstation.bundle.details_part import MEMBER as DETAILS_MEMBER
from workstation.bundle.details_part import check_part as check_details_part
from workstation.bundle.tables import BY_NAME, TABLES
from workstation.bundle.writer import BASES_MEMBER, FORMAT, READABLE_FORMATS, WITHDRAWALS_MEMBER
from workstation.db import Database
from workstation.errors import WorkstationError, os_reason, with_advice
from workstation.i18n import N_, _
from workstation.sealed_spool import SealedSpool
from workstation.station import station_label

# one deflated member (a records file, the audit segment) may not inflate beyond 1 GiB; a stored file (files/, kept as
# it is: ZIP_STORED) cannot inflate, its bytes being in the archive, and is bounded only by its size stated
MAX_MEMBER_BYTES = 1 << 30
MAX_TOTAL_BYTES = 16 << 30
# a deflated member of more than 1 MiB may not inflate more than 200 times (``_check_sizes``), nor the deflated members
# together, once they inflate beyond 1 MiB (``_check_ratio``)
MAX_RATIO = 200
MAX_MEMBERS = 2_000_000
MAX_MANIFEST_BYTES = 64 << 20
# an encrypted bundle larger than this is decrypted into a sealed temporary file, a step at a time, never held in
# memory (it may carry a recording of hundreds of MB)
SPOOL_IN_MEMORY = 8 << 20
READ_STEP = 1 << 20  # a file of the bundle larger than this is hashed (and staged) a MiB at a time
FILE_NAME = re.compile(r"files/[0-9a-f]{64}")
RECORD_NAME = re.compile(r"records/([a-z_]+)\.json")
LIST_MEMBERS = ("audit.json", WITHDRAWALS_MEMBER)  # members that are JSON lists besides the tables (records/)
FIXED_NAMES = {"manifest.json", "manifest.sig", "audit.json", BASES_MEMBER, WITHDRAWALS_MEMBER, DETAILS_MEMBER}
DIGEST = re.compile(r"[0-9a-f]{64}")
AUDIT_FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "before_digest", "after_digest", "prev_hash",
                "hash")


class BundleRefused(WorkstationError):
    """The bundle is not accepted; the message says why in one line (without a space beside full-width
    punctuation, which an unnamed station's label in it would leave)."""

    #: the station that sent the bundle, as lists show it, when it is known (the 导入记录 list names it)
    station = ""
    #: the refusal as the window says it, where the message names a command (``station_card_text``), else ''
    window_message = ""

    def __init__(self, message: str):
        from workstation.fullwidth import tidy_spaces

        super().__init__(tidy_spaces(message))


#: who made a bundle, which says whom its refusals send the officer to for it again (``_FileName``)
MADE_BY_STATION, MADE_BY_HEADQUARTERS, MADE_BY_UNKNOWN = "station", "headquarters", ""


class _FileName(str):
    """A bundle's file name as its refusals name it, knowing who made the bundle (``made_by``): a station,
    headquarters (its hand-out, ``made_at_headquarters``), or nobody known yet, before anything read of the file says
    it (an archive cut short, a manifest that does not read). The refusals send the officer back to that maker
    (``_export_again``, ``_copy_again``), to the sender when it is not known: at a station, never to "the station"
    for headquarters' hand-out, which only headquarters can make again. A plain str names a station's bundle."""

    made_by: str

    def __new__(cls, name: str, made_by: str):
        named = super().__new__(cls, name)
        named.made_by = made_by
        return named

    @classmethod
    def of(cls, name: str, manifest, bases=None) -> _FileName:
        """``name`` of a bundle whose manifest (and bases.json, when read) are these: made by the station that
        signed it, or by headquarters when it says it is a hand-out; nobody known when the manifest is not one."""
        if not isinstance(manifest, dict):
            return cls(name, MADE_BY_UNKNOWN)
        return cls(name, MADE_BY_HEADQUARTERS if made_at_headquarters(manifest, bases) else MADE_BY_STATION)


def made_at_headquarters(manifest: dict, bases=None) -> bool:
    """Whether a bundle is headquarters' hand-out, as it says itself: its manifest names the station it is for
    ("for"), or, as an earlier version wrote it for every station, its bases.json (``bases``, read or not yet)
    says how far headquarters had imported the stations' logs ("imported", which only headquarters writes)."""
    return isinstance(manifest.get("for"), dict) or (isinstance(bases, dict) and "imported" in bases)


def _made_by(bundle: str) -> str:
    return getattr(bundle, "made_by", MADE_BY_STATION)


def _export_again(bundle: str) -> str:
    """What the officer does about the refused bundle named ``bundle`` (a ``_FileName``): ask whoever made it to
    export it again."""
    made_by = _made_by(bundle)
    if made_by == MADE_BY_HEADQUARTERS:
        return _("ask headquarters to export the hand-out again.")
    if made_by == MADE_BY_STATION:
        return _("ask the station to export it again.")
    return _("ask the sender to export it again.")


def _copy_again(bundle: str) -> str:
    """What the officer does about the bundle named ``bundle`` (a ``_FileName``) found damaged, most likely on its
    way here: copy it again from whoever made it."""
    made_by = _made_by(bundle)
    if made_by == MADE_BY_HEADQUARTERS:
        return _("copy it again from headquarters.")
    if made_by == MADE_BY_STATION:
        return _("copy it again from the station.")
    return _("copy it again, or ask the sender for it again.")


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in str(text).split("."):
        digits = re.match(r"\d+", piece)
        parts.append(int(digits.group()) if digits else 0)
    return tuple(parts)


def _version_label(app_version: str, schema: list[str]) -> str:
    """How a refusal names a version: the application's, with the number of its database schema's last migration
    (m013_complaint_numbers -> 13), for laptops of the same application version can hold different schemas: the words
    ``--version`` shows (``workstation.version_label``)."""
    from workstation import version_label

    return version_label(app_version, schema)


@dataclass
class Bundle:
    """A verified bundle: its manifest, records by table, audit segment, and access to its files."""

    path: Path
    manifest: dict
    records: dict[str, list[dict]]
    audit: AuditEntries
    manifest_sha256: str
    archive: zipfile.ZipFile
    _spool: object = None
    stage: Path | None = None  # the bundle's files, checked and written here for the merge to move into place
    stage_parent_made: bool = False  # the folder holding ``stage`` (the file store) was made for it: gone with it
    warnings: list[str] = field(default_factory=list)
    # {"headquarters": the station id of the sender's headquarters or None, "records": {table: {record id: digest
    # of the version last held in common with it}}, and in headquarters' hand-out "imported": {station id: how far
    # into its audit log headquarters had imported} and "received": {station id: {table: {record id: digest of the
    # version last received from that station}}}}; None for a format 1 bundle, which has none
    bases: dict | None = None
    # the withdrawals of number blocks made or merged where the bundle was made (``writer.WITHDRAWALS_MEMBER``):
    # [{"id", and when known "agency_id", "type_code", "year", "first_serial", "last_serial", "station_id",
    # "allocated_at", "withdrawn_at"}]; none from a bundle of an older version
    withdrawals: list[dict] = field(default_factory=list)
    # the agency details the station sent (``details_part.MEMBER``): [{"agency": code, "details": {field: value}}];
    # None from headquarters' hand-out and from a bundle of an older version, which carry none
    agency_details: list[dict] | None = None
    # headquarters' year files (``calendar_part``): {year: content}; none from a station's bundle and from a bundle of
    # an older version
    calendar_files: dict[int, bytes] = field(default_factory=dict)

    @property
    def station(self) -> dict:
        return self.manifest["station"]

    @property
    def from_headquarters(self) -> bool:
        """Whether this is headquarters' hand-out (``made_at_headquarters``), which its refusals and the merge
        preview say comes from headquarters, not from a station."""
        return made_at_headquarters(self.manifest, self.bases)

    def staged(self, sha256: str) -> Path | None:
        """The checked copy of a file of the bundle written while it was verified, if there is one."""
        if self.stage is None:
            return None
        path = self.stage / sha256
        return path if path.exists() else None

    def file_size(self, sha256: str) -> int:
        return self.archive.getinfo(f"files/{sha256}").file_size

    def file_steps(self, sha256: str):
        """The bytes of the bundle's file ``sha256`` a step of ``READ_STEP`` at a time, never the whole file in
        memory (the caller checks their sha256)."""
        return _member_steps(self.archive, self.archive.getinfo(f"files/{sha256}"),
                             _FileName.of(self.path.name, self.manifest, self.bases))

    def close(self) -> None:
        self.archive.close()
        if self._spool is not None:
            self._spool.close()
        if self.stage is not None:
            import shutil

            shutil.rmtree(self.stage, ignore_errors=True)
            _drop_made_parent(self.stage, self.stage_parent_made)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _drop_made_parent(stage: Path, made: bool) -> None:
    """Remove the file store folder made only to hold a bundle's staging folder, when nothing else went into it
    (a refused bundle leaves the data directory as it was)."""
    if made:
        try:
            stage.parent.rmdir()
        except OSError:  # files were merged into it, or it is not empty for another reason: it stays
            pass


def _safe_name(name: str, bundle: str) -> None:
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or ".." in parts or re.match(r"^[A-Za-z]:", name):
        raise BundleRefused(_("{name}: the member {member} points outside the bundle; it is refused: {remedy}").format(
            name=bundle, member=name, remedy=_export_again(bundle)))
    if not name or "\x00" in name or any(p in ("", ".") for p in parts):  # a folder entry (files/), a//b, ./a
        raise BundleRefused(_("{name}: the entry {member} is not a member a bundle holds (a bundle holds files "
                              "only, named as the workstation names them); it is refused: {remedy}").format(
            name=bundle, member=name, remedy=_export_again(bundle)))


def _unreadable(path: Path, exc: OSError) -> BundleRefused:
    """The refusal of a bundle whose file opens but cannot be read, naming it and why."""
    return BundleRefused(_("{path} cannot be read: {reason}").format(path=path, reason=os_reason(exc)))


def _open_archive(path: Path, private_key):
    name = path.name
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with fh:
        try:  # the file opens, but reading it fails (a disk or a USB stick failing: an input/output error)
            head = fh.read(8)
            fh.seek(0)
        except OSError as exc:
            raise _unreadable(path, exc) from None
        from workstation.bundle.envelope import NotForThisKey, decrypt, is_encrypted

        if is_encrypted(head):
            import os

            # never plaintext on the disk, nor a large bundle whole in memory
            try:
                small = os.fstat(fh.fileno()).st_size <= SPOOL_IN_MEMORY
            except OSError as exc:
                raise _unreadable(path, exc) from None
            spool = SealedSpool(SPOOL_IN_MEMORY if small else 0)
            try:
                decrypt(fh, spool, private_key, name)
            except NotForThisKey as exc:
                spool.close()
                exc.path = path  # for ``not_for_here`` to tell this station's own bundle (``exported_here``)
                raise  # said for this installation by ``not_for_here``; a refusal all the same (``is_refusal``)
            except WorkstationError as exc:  # altered, truncated, an impossible block, no key: refused as any bundle
                spool.close()
                raise BundleRefused(exc.message) from None
            except OSError as exc:  # the bundle's reading failed part-way (or the temporary file's writing)
                spool.close()
                raise _unreadable(path, exc) from None
            except BaseException:
                spool.close()
                raise
            spool.seek(0)
            encrypted = True
        else:
            spool, encrypted = None, False
    try:
        archive = zipfile.ZipFile(spool if encrypted else path)
    except OSError as exc:
        if spool is not None:
            spool.close()
        # the file failed to read (an input/output error); a seek before its start is a damaged archive's
        if not encrypted and exc.errno not in (None, errno.EINVAL):
            raise _unreadable(path, exc) from None
        raise _not_opened(path, head, encrypted) from None
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):  # "zip file version 8.4", say
        if spool is not None:
            spool.close()
        raise _not_opened(path, head, encrypted) from None
    return archive, spool, encrypted


#: how a bundle begins: a zip archive (its first member, or the end of an empty one), or sealed (``envelope.MAGIC``)
_BUNDLE_STARTS = (b"PK\x03\x04", b"PK\x05\x06", b"WSBX1\n")


def _not_opened(path: Path, head: bytes, encrypted: bool) -> BundleRefused:
    """The refusal of the file ``path`` (beginning with ``head``) whose archive does not open: a station card, or
    another file that is no bundle at all (a PDF, a document), is said to be so, not "truncated", which would send
    the officer to copy it again; a file that begins as a bundle does (or is too short to tell) was cut short or
    damaged on its way."""
    name = path.name
    if not encrypted and not any(start.startswith(head[:len(start)]) for start in _BUNDLE_STARTS):
        if _is_station_card(path):
            from workstation.fullwidth import tidy_spaces

            refused = BundleRefused(station_card_text(name))
            refused.window_message = tidy_spaces(station_card_text(name, window=True))
            return refused
        return BundleRefused(_("{name} is not a case bundle of the workstation: choose the .bundle file the station "
                               "or headquarters exported.").format(name=name))
    # nothing read of it says who made it: the sender is asked for it again, whoever that is
    return BundleRefused(_("{name} is not a complete bundle (truncated or damaged archive): {remedy}").format(
        name=name, remedy=_copy_again(_FileName(name, MADE_BY_UNKNOWN))))


def station_card_text(name: str, window: bool = False) -> str:
    """Why the station card ``name`` chosen as a bundle is refused, and where it is taken in: with the command line's
    commands, or in the ``window`` (the refusal's ``window_message``) with the Exchange page's buttons, as
    ``envelope.not_for_this_key_text`` says it."""
    if window:
        return _("{name} is a station card, not a case bundle: take it in on the Exchange page with “{headquarters}” "
                 "(headquarters' card, at a station) or “{trust}” (a station's card, at headquarters).").format(
            name=name, headquarters=_("Set headquarters' key…"), trust=_("Trust a station…"))
    return _("{name} is a station card, not a case bundle: take it in with `station headquarters FILE` "
             "(headquarters' card, at a station) or `station trust FILE` (a station's card, at "
             "headquarters).").format(name=name)


def _is_station_card(path: Path) -> bool:
    """Whether ``path`` is a station card (``station.CARD_FORMAT``), read only when it is no larger than a card
    may be."""
    from workstation.station import CARD_FORMAT, LARGEST_CARD

    try:
        if path.stat().st_size > LARGEST_CARD:
            return False
        card = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return False
    return isinstance(card, dict) and card.get("format") == CARD_FORMAT


# what each member of a bundle holds, as a refusal names it to the officer (``member_label``)
MEMBER_LABELS = {
    "manifest.json": N_("the list of contents (the manifest)"), "manifest.sig": N_("the signature"),
    "audit.json": N_("the audit log"), BASES_MEMBER: N_("the versions last shared with headquarters"),
    WITHDRAWALS_MEMBER: N_("the withdrawals of number blocks"),
    DETAILS_MEMBER: N_("the agencies' document details (telephone, address, payment account)"),
}
RECORD_LABELS = {
    "officers": N_("the officers' records"), "parties": N_("the parties' records"),
    "cases": N_("the case records"), "case_events": N_("the case timeline records"),
    "clock_events": N_("the deadline event records"), "leads": N_("the lead records"),
    "lead_history": N_("the lead history records"),
    "interviews": N_("the interview records"), "publicity": N_("the publicity records"),
    "complaints": N_("the complaint records"), "files": N_("the stored file records"),
    "documents": N_("the document records"), "doc_numbers": N_("the document number records"),
    "evidence": N_("the evidence records"), "number_blocks": N_("the number block records"),
    "publication_reviews": N_("the reviews of the decisions' publication copies"),
}


def member_label(member: str) -> str:
    """What the member ``member`` of a bundle holds, in the officer's words: the document records
    (records/documents.json), a stored document or evidence file (files/<sha256>), the audit log …"""
    if member in MEMBER_LABELS:
        return _(MEMBER_LABELS[member])
    record = RECORD_NAME.fullmatch(member)
    if record and record.group(1) in RECORD_LABELS:
        return _(RECORD_LABELS[record.group(1)])
    if (year := calendar_part.year_of(member)) is not None:
        return _("headquarters' holiday file of {year}").format(year=year)
    if FILE_NAME.fullmatch(member):
        return _("the stored document or evidence file {digest}…").format(digest=member[6:18])
    return _("the part {member}").format(member=member)


def _file_named(member: str, records: dict[str, list[dict]]) -> str:
    """What the stored file ``member`` (files/<sha256>) is, as the bundle's own records name it: the evidence file
    “客户名单.csv” of case 佛南市监立〔2026〕9号, the document 证据提取单 of case …; ``member_label`` when no record of
    the bundle names it (read before its files: ``open_bundle``). A file name is masked as the register shows it."""
    from workstation.masking import mask_text

    digest = member[len("files/"):]
    evidence = [(_("the evidence file “{file}”").format(file=mask_text(str(item.get("file_name") or ""))),
                 item.get("case_id")) for item in records.get("evidence", []) if item.get("sha256") == digest]
    documents = [(_("the document {title}").format(title=document.get("title") or ""), document.get("case_id"))
                 for document in records.get("documents", []) if document.get("pdf_sha256") == digest]
    if not evidence and not documents:
        return member_label(member)
    name, case_id = (evidence or documents)[0]
    number = next((case.get("case_number") for case in records.get("cases", []) if case.get("id") == case_id), None)
    return _("{file} of case {number}").format(file=name, number=number) if number else name


def _damaged(bundle: str, info: zipfile.ZipInfo) -> BundleRefused:
    return BundleRefused(_("{name}: {content} of the bundle is damaged; the bundle is refused: {remedy}").format(
        name=bundle, content=member_label(info.filename), remedy=_copy_again(bundle)))


def _wrong_size(bundle: str, info: zipfile.ZipInfo) -> BundleRefused:
    return BundleRefused(_("{name}: {content} of the bundle is not the size the archive states; the bundle is "
                           "refused: {remedy}").format(
        name=bundle, content=member_label(info.filename), remedy=_copy_again(bundle)))


def _read_stored(fh, info: zipfile.ZipInfo, bundle: str) -> bytes:
    """An uncompressed member read straight from the archive file (its sha256 is checked against the signed
    manifest afterwards, which is stronger than the CRC zipfile would compute)."""
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04" or int.from_bytes(header[8:10], "little") != 0:
        raise _damaged(bundle, info)
    skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    fh.seek(info.header_offset + 30 + skip)
    data = fh.read(info.file_size)
    if len(data) != info.file_size:
        raise _wrong_size(bundle, info)
    return data


def _stored_steps(fh, info: zipfile.ZipInfo, bundle: str):
    """An uncompressed member read straight from the archive file as ``_read_stored`` reads it, a step of
    ``READ_STEP`` at a time (the caller hashes the steps)."""
    fh.seek(info.header_offset)
    header = fh.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04" or int.from_bytes(header[8:10], "little") != 0:
        raise _damaged(bundle, info)
    skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    start = info.header_offset + 30 + skip
    done = 0
    while done < info.file_size:
        fh.seek(start + done)  # the archive may read from the same file between two steps
        chunk = fh.read(min(READ_STEP, info.file_size - done))
        if not chunk:
            raise _wrong_size(bundle, info)
        done += len(chunk)
        yield chunk


def _member_steps(archive: zipfile.ZipFile, info: zipfile.ZipInfo, bundle: str):
    """A member inflated a step of ``READ_STEP`` at a time (checked as ``_read_member`` checks it whole)."""
    done = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(READ_STEP):
                done += len(chunk)
                if done > info.file_size:
                    break
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _damaged(bundle, info) from None
    except Exception:  # noqa: BLE001 - zlib errors and the like: a damaged member, whatever the library raises
        raise _damaged(bundle, info) from None
    if done != info.file_size:
        raise _wrong_size(bundle, info)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, bundle: str) -> bytes:
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _damaged(bundle, info) from None
    except Exception:  # noqa: BLE001 - zlib errors and the like: a damaged member, whatever the library raises
        raise _damaged(bundle, info) from None
    if len(data) != info.file_size:
        raise _wrong_size(bundle, info)
    return data


def _check_sizes(infos: list[zipfile.ZipInfo], bundle: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise BundleRefused(_("{name} holds more members than any bundle may; it is refused: {remedy}").format(
            name=bundle, remedy=_export_again(bundle)))
    total = 0
    for info in infos:
        stored = info.compress_type == zipfile.ZIP_STORED
        if stored and info.compress_size != info.file_size:  # its bytes in the archive are all it holds
            raise _wrong_size(bundle, info)
        # a stored file (a recording past 1 GiB) is as large in the archive as it is: not held to MAX_MEMBER_BYTES;
        # any other member is, read whole as it is (the manifest, bases.json …)
        kept_as_is = stored and bool(FILE_NAME.fullmatch(info.filename))
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > MAX_MEMBER_BYTES and not kept_as_is) or (info.file_size > (1 << 20) and ratio > MAX_RATIO):
            raise BundleRefused(_("{name}: the member {member} would inflate to {size:,} bytes, beyond what a "
                                  "bundle may hold; it is refused: {remedy}").format(
                name=bundle, member=info.filename, size=info.file_size, remedy=_export_again(bundle)))
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise BundleRefused(_("{name} would inflate to {size:,} bytes, beyond what a bundle may hold; it is "
                              "refused: {remedy}").format(name=bundle, size=total, remedy=_export_again(bundle)))


def _check_files_stored(infos: list[zipfile.ZipInfo], bundle: str) -> None:
    """Every stored file (files/) kept as it is in the archive (ZIP_STORED, as every version of the writer packed it,
    in each bundle format): a deflated one would make a small bundle inflate to gigabytes, hashed and staged before
    anything else could refuse it. Checked before any file is read."""
    for info in infos:
        if FILE_NAME.fullmatch(info.filename) and info.compress_type != zipfile.ZIP_STORED:
            raise BundleRefused(_("{name}: {content} ({member}) is compressed in the archive, which no workstation does "
                                  "to a stored file (it is kept as it is); the bundle is refused: {remedy}").format(
                name=bundle, content=member_label(info.filename), member=info.filename, remedy=_export_again(bundle)))


def _check_ratio(infos: list[zipfile.ZipInfo], bundle: str) -> None:
    """The deflated members together inflating no more than ``MAX_RATIO`` times (each under 1 MiB escapes the ratio
    of one member, ``_check_sizes``), checked before any of them is read past the manifest."""
    deflated = [info for info in infos if info.compress_type != zipfile.ZIP_STORED]
    inflated = sum(info.file_size for info in deflated)
    if inflated > (1 << 20) and inflated / max(sum(info.compress_size for info in deflated), 1) > MAX_RATIO:
        raise BundleRefused(_("{name}: its compressed members would inflate to {size:,} bytes, more than {ratio} "
                              "times their size in the archive, which no bundle may do; it is refused: {remedy}").format(
            name=bundle, size=inflated, ratio=MAX_RATIO, remedy=_export_again(bundle)))


def _check_manifest_form(manifest, bundle: str) -> None:
    """What the signature's check needs of the manifest: a bundle's, naming the station that signed it."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRefused(_("{name} is not a case bundle of the workstation: choose the .bundle file the station "
                              "or headquarters exported.").format(name=bundle))
    if not isinstance(manifest.get("station"), dict):
        raise BundleRefused(_("{name}: the manifest is incomplete; the bundle is refused: {remedy}").format(
            name=bundle, remedy=_export_again(bundle)))


def _check_manifest(manifest, bundle: str) -> None:
    """The rest of the manifest, once its signature is verified (``_check_manifest_form`` before): the versions
    it was written by (an altered one is said altered by the signature, never "upgrade"), and its parts."""
    from workstation.db.connection import schema_names

    written = manifest.get("schema") if isinstance(manifest.get("schema"), list) else []
    unknown = [n for n in written if n not in schema_names()]
    if unknown or _version_tuple(manifest.get("app_version", "")) > _version_tuple(__version__):
        if _made_by(bundle) == MADE_BY_HEADQUARTERS:
            text = _("{name} was written by workstation {version}; this workstation runs {here} and cannot read it, "
                     "so nothing was imported. Upgrade the workstation here first, to headquarters' version or later, "
                     "then import the hand-out again.")
        else:
            text = _("{name} was written by workstation {version}; this workstation runs {here} and cannot read it, "
                     "so nothing was imported. Upgrade the workstation here first, to the station's version or later, "
                     "then import the bundle again.")
        raise BundleRefused(text.format(
            name=bundle, version=_version_label(str(manifest.get("app_version", "?")), unknown[-1:] or written),
            here=_version_label(__version__, schema_names())))
    # the versions first (a newer format is written by a newer workstation, said as above), then the format: a newer
    # one reached here states a workstation version no later than this one, which writes no such format
    version = manifest.get("format_version")
    if version not in READABLE_FORMATS:
        if type(version) is int and version > max(READABLE_FORMATS):
            raise BundleRefused(_(
                "{name} has bundle format version {version}, yet says it was written by workstation {app}, which "
                "does not write that format: this workstation runs {here} and reads bundle format version {known} "
                "and earlier, so nothing was imported. The bundle was made by an unknown or altered build: ask the "
                "sender to install the current version of the workstation and export it again.").format(
                name=bundle, version=version, app=str(manifest.get("app_version", "?")), here=__version__,
                known=max(READABLE_FORMATS)))
        raise BundleRefused(_("{name} has bundle format version {version}, which this version of the workstation "
                              "does not know: install the current version.").format(name=bundle, version=version))
    station = manifest.get("station")
    members = manifest.get("members")
    if not isinstance(station, dict) or not isinstance(members, dict) or not isinstance(manifest.get("audit"), dict) \
            or (manifest["format_version"] >= 2 and BASES_MEMBER not in members) \
            or not calendar_part.valid_counted(manifest.get(calendar_part.MANIFEST_KEY, {})) \
            or not calendar_part.valid_days(manifest.get(calendar_part.DAYS_KEY, {})):
        raise BundleRefused(_("{name}: the manifest is incomplete; the bundle is refused: {remedy}").format(
            name=bundle, remedy=_export_again(bundle)))


def _verify_signature(manifest: dict, manifest_bytes: bytes, signature_text: bytes, bundle: str) -> dict:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from workstation.station import checked_card

    try:
        card = checked_card(manifest["station"], bundle)
    except WorkstationError as exc:
        raise BundleRefused(exc.message) from None
    try:
        signature = base64.b64decode(signature_text, validate=True)
        ed25519.Ed25519PublicKey.from_public_bytes(base64.b64decode(card["sign_key"])).verify(signature,
                                                                                               manifest_bytes)
    except (InvalidSignature, ValueError):
        if _made_by(bundle) == MADE_BY_HEADQUARTERS:
            text = _("{name}: the signature does not match the manifest (the hand-out was altered or not signed by "
                     "headquarters {station}); it is refused: ask headquarters to export the hand-out again.")
        else:
            text = _("{name}: the signature does not match the manifest (the bundle was altered or not signed by "
                     "station {station}); it is refused: ask the station to export it again.")
        # an unnamed station told by its fingerprint, as every other message names it (never "station 站点")
        raise BundleRefused(text.format(name=bundle, station=station_label(card["name"], card["fingerprint"]))) \
            from None
    return card


def _check_counted_tables(manifest: dict, held: set[str], bundle: str) -> None:
    """What of the signed manifest's ``counts`` the manifest and the members alone decide, before any member is read
    (a large bundle's records and audit are hundreds of MB): they are a table of counts, and count no table whose
    member the bundle does not hold (``held``). Each count against its records: ``_check_counts``."""
    counts = manifest.get("counts")
    if not isinstance(counts, dict):
        raise BundleRefused(_("{name}: the manifest holds no count of the records of the bundle; the bundle is "
                              "refused: {remedy}").format(name=bundle, remedy=_export_again(bundle)))
    for table in sorted(set(counts) - held):
        raise BundleRefused(_("{name}: the manifest counts {records}, which the bundle does not hold; the bundle is "
                              "refused: {remedy}").format(name=bundle, records=member_label(f"records/{table}.json"),
                                                          remedy=_export_again(bundle)))


def _check_counts(manifest: dict, records: dict[str, list[dict]], held: set[str], bundle: str) -> None:
    """The signed manifest's ``counts`` (a table of them, counting only tables held: ``_check_counted_tables``)
    against the records the bundle holds: every version of the writer counted the rows it wrote of each table it
    wrote ({table: rows}, ``writer.export_bundle``; an evidence item and a file record each a row, a deletion none:
    it travels in the audit log), so each table whose member the bundle holds (``held``; an older version wrote
    fewer tables, and counted only those) is counted, by a whole number, the number of its records. A bundle whose
    writer lost rows (a records file written short) would otherwise be merged as if complete, headquarters' figures
    short without a word."""
    counts = manifest["counts"]
    for table in [t.name for t in TABLES if t.name in held]:
        stated, label = counts.get(table), member_label(f"records/{table}.json")
        if type(stated) is not int or stated < 0:  # missing, negative, true, "2", 2.0
            raise BundleRefused(_("{name}: the manifest holds no valid count of {records}; the bundle is refused: "
                                  "{remedy}").format(name=bundle, records=label, remedy=_export_again(bundle)))
        if stated != len(records[table]):
            raise BundleRefused(_("{name}: the manifest counts {stated} in {records}, but the bundle holds {held}; "
                                  "the bundle is refused: {remedy}").format(
                name=bundle, stated=stated, records=label, held=len(records[table]), remedy=_export_again(bundle)))


_BLANK = re.compile(r"[ \t\n\r]*")  # the white space JSON allows between values
_LIST_START = re.compile(rb"[ \t\n\r]*\[")
_TEXT_PIECE = 1 << 20  # bytes of a member decoded at a time
_DECODER = json.JSONDecoder()


def _json_loads(data: bytes):
    """``json.loads(data)``; a JSON array in UTF-8 (a table of the bundle, its audit segment) is read a value at a
    time from text decoded a MiB at a time: one call over the records of 100,000 cases held the interpreter lock
    for about a second, which froze the window while the bundle was checked in the background. Raises what
    ``json.loads`` raises for text it refuses (ValueError, UnicodeDecodeError)."""
    view = memoryview(data)
    return _json_steps(view[at:at + _TEXT_PIECE] for at in range(0, len(view), _TEXT_PIECE))


def _json_steps(steps):
    """``_json_loads`` of the bytes the iterator ``steps`` gives a piece at a time (a member of the bundle inflated
    a step at a time): the member is never held whole beside the values read from it, only the piece being read
    (the records of 100,000 complaints are 110 MB of JSON)."""
    steps = iter(steps)
    head, listed = _list_head(steps)
    if not listed:
        return json.loads(head + b"".join(bytes(step) for step in steps))
    return list(_json_items(head, steps))


def _list_head(steps) -> tuple[bytes, bool]:
    """The first bytes the iterator ``steps`` gives, enough of the start to tell its encoding and find the "[" (at
    least four bytes, or all there are), and whether they begin a JSON array in UTF-8 (``_json_items`` reads it)."""
    head = b""
    for step in steps:
        head += bytes(step)
        if len(head) >= 4:
            break
    return head, json.detect_encoding(head[:4]) == "utf-8" and _LIST_START.match(head) is not None


def _json_items(head: bytes, steps):
    """The values of the JSON array whose first bytes are ``head`` (those read to find its "[", or none) and whose
    other bytes the iterator ``steps`` gives, one value at a time as they are read (``_json_steps``): a caller that
    keeps none of them holds only the piece being read. Raises ValueError (UnicodeDecodeError) where the text is not
    JSON."""
    decode = codecs.getincrementaldecoder("utf-8")("surrogatepass").decode
    waiting = bytearray(head)  # bytes read but not yet decoded
    text, at, ended, final = "", 0, False, False

    def more() -> bool:
        """Decode the next piece onto the text not read yet (``at`` is then 0); False at the end of the steps."""
        nonlocal text, at, ended, final
        size = max(_TEXT_PIECE, 2 * (len(text) - at))  # a value longer than a piece: twice as much at each try
        while len(waiting) < size and not ended:
            step = next(steps, None)
            if step is None:
                ended = True
            else:
                waiting.extend(step)
        if not waiting:
            if not final:  # a character cut short at the end is refused as ``json.loads`` refuses it
                final = True
                text, at = text[at:] + decode(b"", final=True), 0
            return False
        piece = bytes(waiting[:size])
        del waiting[:size]
        final = ended and not waiting
        text, at = text[at:] + decode(piece, final=final), 0
        return True

    def blank() -> bool:
        """Skip white space; False when nothing but white space is left."""
        nonlocal at
        while True:
            at = _BLANK.match(text, at).end()
            if at < len(text):
                return True
            if not more():
                return False

    def value():
        nonlocal at
        while True:
            try:
                found, end = _DECODER.raw_decode(text, at)
            except ValueError:
                if more():  # the value may go on in the next piece
                    continue
                raise
            # a value reaching the end of the text decoded so far (a number, say) may go on in the next piece
            if _BLANK.match(text, end).end() == len(text) and more():
                continue
            at = end
            return found

    blank()
    at += 1  # the "[" matched above
    if not blank():
        raise json.JSONDecodeError("Expecting value", text, at)
    if text[at] == "]":
        at += 1
    else:
        while True:
            yield value()
            if not blank():
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
            at += 1
            if text[at - 1] == "]":
                break
            if text[at - 1] != "," or not blank():
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at - 1)
    if blank():
        raise json.JSONDecodeError("Extra data", text, at)


class _ReadAgain:
    """The steps of a large JSON member of the bundle read a second time, once its sha256 was found right in a first
    reading that kept nothing (the values are read from these steps only: nothing unchecked is read as records):
    hashed again as they are read, so that a member changed between the two readings is refused as altered, and
    searched for half a character (``record_values.may_hold_half``), the end of each step kept to find one cut in
    two."""

    def __init__(self, steps, sha256: str, bundle: str, member: str):
        self._steps, self._sha256, self._bundle, self._member = steps, sha256, bundle, member
        self.half = False

    def __iter__(self):
        from workstation.bundle.record_values import may_hold_half

        hasher, tail = hashlib.sha256(), b""
        for step in self._steps:
            hasher.update(step)
            self.half = self.half or may_hold_half(tail + step[:8]) or may_hold_half(step)
            tail = step[-8:]
            yield step
        if hasher.hexdigest() != self._sha256:
            raise BundleRefused(_("{name}: {member} does not match the sha256 in the signed manifest (it was "
                                  "altered); the bundle is refused: {remedy}").format(
                name=self._bundle, member=self._member, remedy=_export_again(self._bundle)))


def _member_again(archive: zipfile.ZipFile, info: zipfile.ZipInfo, digest: str, bundle: str, member: str) -> _ReadAgain:
    """A large member whose sha256 was found right, read again (deflated members only: the audit segment)."""
    return _ReadAgain(_member_steps(archive, info, bundle), digest, bundle, member)


def _read_list(data):
    """The values of a bundle's table or audit segment: ``data`` its bytes, or a ``_ReadAgain`` of its steps (then
    read to its end even when it does not parse, so that a member changed since its sha256 was checked is refused
    as altered, not as unreadable); None when it is not JSON."""
    if isinstance(data, bytes):
        try:
            return _json_loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond any bundle
            return None
    steps = iter(data)
    try:
        rows = _json_steps(steps)
    except (ValueError, UnicodeDecodeError, RecursionError):
        rows = None
    for _step in steps:
        pass
    return rows


def _check_records(data, table: str, bundle: str) -> list[dict]:
    """The records of ``table``: ``data`` the bytes of its member, or a ``_ReadAgain`` of its steps."""
    rows = _read_list(data)
    spec = BY_NAME[table]
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get(spec.key), str)
                                             and r.get(spec.key) for r in rows):
        raise BundleRefused(_("{name}: records/{table}.json is not a list of records; the bundle is refused: "
                              "{remedy}").format(name=bundle, table=table, remedy=_export_again(bundle)))
    for row in rows:
        for link in spec.links:
            if not isinstance(row.get(link.field, []), list):
                raise BundleRefused(_("{name}: records/{table}.json holds a value of an unknown shape; the bundle "
                                      "is refused: {remedy}").format(
                    name=bundle, table=table, remedy=_export_again(bundle)))
    if len({r[spec.key] for r in rows}) != len(rows):
        seen: set = set()
        twice = next(r[spec.key] for r in rows if r[spec.key] in seen or seen.add(r[spec.key]))
        raise BundleRefused(_("{name}: records/{table}.json holds the record {record} twice; the bundle is refused: "
                              "{remedy}").format(name=bundle, table=table, record=twice, remedy=_export_again(bundle)))
    from workstation.bundle.record_values import may_hold_half

    _check_values(rows, table, spec, bundle, may_hold_half(data) if isinstance(data, bytes) else data.half)
    return rows


def _check_values(rows: list[dict], table: str, spec, bundle: str, half: bool) -> None:
    """Refuse the first record of ``rows`` (of ``table``; ``half``: whether its member may hold half a character)
    with a field holding what no workstation writes there (``record_values``), naming the record and the field."""
    from workstation.bundle.record_values import first_bad_value

    found = first_bad_value(rows, table, {link.field: len(link.columns) for link in spec.links}, half)
    if found is None:
        return
    row, field_name, value, expected = found
    if expected is None:  # a link list or a nested value
        raise BundleRefused(_("{name}: records/{table}.json holds a value of an unknown shape; the bundle "
                              "is refused: {remedy}").format(name=bundle, table=table, remedy=_export_again(bundle)))
    # half a character shown as its escape: it could not be written out
    shown = json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")
    raise BundleRefused(_("{name}: records/{table}.json, record {record}: the field {field} holds {value}, which is "
                          "not {expected}; the bundle is refused: {remedy}").format(
        name=bundle, table=table, field=field_name, expected=expected, record=row.get("case_number") or row[spec.key],
        value=shown if len(shown) <= 40 else shown[:39] + "…", remedy=_export_again(bundle)))


_WITHDRAWAL_TYPES = {"agency_id": str, "type_code": str, "year": int, "first_serial": int, "last_serial": int,
                     "station_id": str, "allocated_at": str, "withdrawn_at": str}


def _check_withdrawals(data, bundle: str) -> list[dict]:
    """The withdrawals of number blocks of ``WITHDRAWALS_MEMBER`` (its bytes, or a ``_ReadAgain`` of its steps):
    each with its block's id, and its other fields (those a version writes, ``number_blocks.WITHDRAWAL_FIELDS``) of
    the right type when given."""
    rows = _read_list(data)
    if not isinstance(rows, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), str) and r["id"] and all(
                isinstance(r[k], kind) and not isinstance(r[k], bool) for k, kind in _WITHDRAWAL_TYPES.items()
                if k in r) for r in rows):
        raise BundleRefused(_("{name}: {member} is not a list of withdrawn number blocks; the bundle is refused: "
                              "{remedy}").format(name=bundle, member=WITHDRAWALS_MEMBER, remedy=_export_again(bundle)))
    return rows


def _party_out_of_clock(rows: list[dict]) -> None:
    """Clock events as a version before m022 wrote them, in the shape of this one: a reconsideration or litigation
    of one party named that party in ``clock``; it is moved to ``party_id`` ('' there is the whole case's, NULL)."""
    from workstation.store.clock_events import PARTY_KINDS

    for row in rows:
        if "party_id" not in row and row.get("kind") in PARTY_KINDS:
            row["party_id"] = row.get("clock") or None
            row["clock"] = ""


def _named_by_number_before_m058(rows: list[dict]) -> None:
    """Leads as a version before m058 wrote them, in the shape of this one: a report holding the reporter's number
    and no name — all such a version could record of its reporter — is marked ``reporter_named_by_number`` as
    m058 marks those stored here, so that its T24 runs here as it does at the station (a lead inserted without the
    column would take 0: not named). Any other lead of such a bundle leaves the column as it is here."""
    from workstation.leads_workflow import HOTLINE_SOURCES

    for row in rows:
        if ("reporter_named_by_number" not in row and str(row.get("complainant_phone") or "").strip()
                and not str(row.get("reporter_name") or "").strip()
                and row.get("source") not in (*HOTLINE_SOURCES, "inspection")):
            row["reporter_named_by_number"] = 1


def _valid_positions(positions) -> bool:
    """Whether ``positions`` is {station id: audit seq} (headquarters' hand-out: how far it had imported)."""
    return isinstance(positions, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in positions.items())


def _valid_undecided(undecided) -> bool:
    """Whether ``undecided`` is {table: {record id: [field, ...]}} (the fields of a hand-out in open conflict)."""
    return isinstance(undecided, dict) and all(
        table in BY_NAME and isinstance(records, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(f, str) for f in v)
            for k, v in records.items()) for table, records in undecided.items())


def _valid_received(received) -> bool:
    """Whether ``received`` is {station id: {table: {record id: digest}}} (headquarters' hand-out: the version of
    each record it last received from each station)."""
    return isinstance(received, dict) and all(
        isinstance(station, str) and isinstance(tables, dict) and all(
            table in BY_NAME and isinstance(digests, dict)
            and all(isinstance(k, str) and isinstance(v, str) and DIGEST.fullmatch(v) for k, v in digests.items())
            for table, digests in tables.items()) for station, tables in received.items())


def _check_bases(data: bytes, bundle: str) -> dict:
    try:
        bases = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond any bundle
        bases = None
    if isinstance(bases, dict) and "imported" in bases:  # headquarters' hand-out, even when the rest is unreadable
        bundle = _FileName(bundle, MADE_BY_HEADQUARTERS)
    tables = bases.get("records") if isinstance(bases, dict) else None
    if not isinstance(tables, dict) or not isinstance(bases.get("headquarters"), str | None) or not all(
            table in BY_NAME and isinstance(digests, dict)
            and all(isinstance(k, str) and isinstance(v, str) and DIGEST.fullmatch(v) for k, v in digests.items())
            for table, digests in tables.items()) or not _valid_positions(bases.get("imported", {})) \
            or not isinstance(bases.get("complete", False), bool) or not _valid_undecided(bases.get("undecided", {})) \
            or not _valid_received(bases.get("received", {})):
        raise BundleRefused(_("{name}: {member} is not readable; the bundle is refused: {remedy}").format(
            name=bundle, member=BASES_MEMBER, remedy=_export_again(bundle)))
    return bases


class AuditEntries:
    """A bundle's audit segment, checked as the bundle was opened (each entry's hash, the chain unbroken, the
    entries numbered one after another), or the part of it after an entry (``since``). It is gone through as often
    as needed: a small segment from the list read, a large one read again from its member each time (hashed again,
    ``_ReadAgain``), never held whole — headquarters' first hand-out to a station carries its whole log (76,818
    entries, 32 MB of JSON: some 150 MB as a list of entries, then that many rows to store). ``len``, ``bool``, and
    the first and last entries (``[0]``, ``[-1]``) are known without reading it."""

    def __init__(self, read, count: int, first: dict | None, last: dict | None, after: int | None = None):
        self._read = read  # () -> an iterator of every entry of the segment, in order
        self._count, self.first, self.last, self._after = count, first, last, after

    @classmethod
    def held(cls, entries: list[dict]) -> AuditEntries:
        """Entries held as a list (a small segment, checked)."""
        return cls(lambda: iter(entries), len(entries), entries[0] if entries else None,
                   entries[-1] if entries else None)

    def __iter__(self):
        for entry in self._read():
            if self._after is None or entry["seq"] > self._after:
                yield entry

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __getitem__(self, index):
        if isinstance(index, int) and self._count and index in (0, -self._count):
            return self.first
        if isinstance(index, int) and self._count and index in (-1, self._count - 1):
            return self.last
        return list(self)[index]

    def __eq__(self, other) -> bool:
        if isinstance(other, AuditEntries) and other._read is self._read:  # of the same bundle
            return (self._count, self._after if self._count else None) == \
                (other._count, other._after if other._count else None)
        if isinstance(other, AuditEntries | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def since(self, seq: int) -> AuditEntries:
        """The entries after the entry ``seq``."""
        if not self._count or seq < self.first["seq"]:
            return self
        if seq >= self.last["seq"]:
            return AuditEntries(self._read, 0, None, None, seq)
        first = next(entry for entry in self._read() if entry["seq"] == seq + 1)
        return AuditEntries(self._read, self.last["seq"] - seq, first, self.last, seq)


def _audit_unreadable(bundle: str) -> BundleRefused:
    return BundleRefused(_("{name}: the audit log segment is not readable; the bundle is refused: {remedy}").format(
        name=bundle, remedy=_export_again(bundle)))


def _check_audit(data, bundle: str, again=None) -> AuditEntries:
    """The audit segment: ``data`` the bytes of its member, or a ``_ReadAgain`` of its steps, which is checked a
    value at a time, keeping none (``again``: a new ``_ReadAgain`` of the member, for going through it later)."""
    if isinstance(data, bytes) or again is None:
        entries = _read_list(data)
        if not isinstance(entries, list) or not all(isinstance(e, dict) and all(k in e for k in AUDIT_FIELDS)
                                                    for e in entries):
            raise _audit_unreadable(bundle)
        _check_chain(entries, bundle)
        return AuditEntries.held(entries)
    steps = iter(data)
    try:
        head, listed = _list_head(steps)
        if not listed:
            raise ValueError("not a JSON array")
        count, first, last = _check_chain(_json_items(head, steps), bundle)
    except (ValueError, UnicodeDecodeError, RecursionError):
        for _step in steps:  # read to its end: a member changed since its sha256 was checked is refused as altered
            pass
        raise _audit_unreadable(bundle) from None
    except BundleRefused:
        for _step in steps:
            pass
        raise
    for _step in steps:
        pass

    def read():  # the member checked above, read again (a change since is refused as altered, ``_ReadAgain``)
        steps = iter(again())
        try:
            head, listed = _list_head(steps)
            if not listed:
                raise ValueError("not a JSON array")
            for entry in _json_items(head, steps):
                if not isinstance(entry, dict) or not all(k in entry for k in AUDIT_FIELDS):
                    raise ValueError("not an audit entry")
                yield entry
        except (ValueError, UnicodeDecodeError, RecursionError):
            for _step in steps:  # read to its end: changed since it was checked, it is refused as altered
                pass
            raise _audit_unreadable(bundle) from None

    return AuditEntries(read, count, first, last)


def _check_chain(entries, bundle: str) -> tuple[int, dict | None, dict | None]:
    """Check each entry of ``entries`` (an iterable read once) and the chain they make: (how many, the first, the
    last)."""
    previous = first = None
    count = 0
    for entry in entries:
        if not isinstance(entry, dict) or not all(k in entry for k in AUDIT_FIELDS):
            raise _audit_unreadable(bundle)
        values = [entry[k] for k in AUDIT_FIELDS]
        if not isinstance(entry["seq"], int) or not all(isinstance(v, str) for v in values[1:]):
            raise BundleRefused(_("{name}: the audit log segment is not readable; the bundle is refused: "
                                  "{remedy}").format(name=bundle, remedy=_export_again(bundle)))
        recomputed = entry_hash(*values[:9])
        follows = previous is None or (entry["seq"] == previous["seq"] + 1 and entry["prev_hash"] == previous["hash"])
        if recomputed == entry["hash"] and not follows and entry["action"] == DAMAGE_ACTION:
            # the sender's own log lost entries before this one, which says so: exporting again cannot bring them
            # back, a backup of the sender made before the damage can
            if _made_by(bundle) == MADE_BY_HEADQUARTERS:
                text = _("{name}: headquarters' audit log lost entries before entry {seq}, which records the damage; "
                         "the hand-out is refused. Exporting again does not help: headquarters must restore a backup "
                         "made before the damage (`backup list`, `backup restore ID`) and make the hand-out again.")
            else:
                text = _("{name}: the station's audit log lost entries before entry {seq}, which records the damage; "
                         "the bundle is refused. Exporting again does not help: the station must restore a backup "
                         "made before the damage (`backup list`, `backup restore ID`) and export again.")
            raise BundleRefused(text.format(name=bundle, seq=entry["seq"]))
        if recomputed != entry["hash"] or not follows or (entry["seq"] == 1 and entry["prev_hash"] != GENESIS):
            raise BundleRefused(_("{name}: entry {seq} of its audit log was altered or is missing; the bundle is "
                                  "refused: {remedy}").format(
                name=bundle, seq=entry["seq"], remedy=_export_again(bundle)))
        previous = entry
        first = first or entry
        count += 1
    return count, first, previous


class _Stager:
    """Writes the checked files of a bundle into a staging folder beside the file store while the bundle is being
    verified (a few threads, so the disk works while the next member is read and hashed); the merge moves them
    into place, and closing the bundle removes whatever is left."""

    def __init__(self, folder: Path, bundle: str):
        from concurrent.futures import ThreadPoolExecutor

        self.folder, self.bundle = folder, bundle
        self.parent_made = not folder.parent.exists()
        try:  # a file store on a read-only disk, or a share without the right to write: refused, naming it
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._refused(exc) from None
        self._pool = ThreadPoolExecutor(4, thread_name_prefix="bundle-stage")
        self._pending: list = []

    def _refused(self, exc: OSError) -> BundleRefused:
        """The refusal of the bundle whose files cannot be written to the file store: naming the bundle (several may
        be queued in the window) and the folder, saying that nothing was imported, and what to do (free space on
        that disk, ``errors.with_advice`` as an export onto a full disk says it) before importing it again."""
        store = self.folder.parent
        return BundleRefused(with_advice(_(
            "{name}: nothing was imported, as the bundle's files cannot be written to {folder}: {reason}").format(
            name=self.bundle, folder=store, reason=os_reason(exc)), exc, store))

    def put(self, sha256: str, data: bytes) -> None:
        while len(self._pending) >= 16:
            self._pending.pop(0).result()
        self._pending.append(self._pool.submit((self.folder / sha256).write_bytes, data))

    def write_steps(self, sha256: str, chunks) -> None:
        """Write the steps of a large file as they are read (and hashed by the caller), under a partial name that
        ``keep`` puts in place once its sha256 was found right; a refused bundle's folder goes whole."""
        try:
            with open(self.folder / f"{sha256}.part", "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
        except OSError as exc:
            raise self._refused(exc) from None

    def keep(self, sha256: str) -> None:
        try:
            (self.folder / f"{sha256}.part").replace(self.folder / sha256)
        except OSError as exc:
            raise self._refused(exc) from None

    def finish(self) -> None:
        try:
            while self._pending:
                self._pending.pop(0).result()
        except OSError as exc:
            raise self._refused(exc) from None
        finally:
            self.close()

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._pending.clear()


def _hash_steps(chunks, stager: _Stager | None, sha256: str) -> tuple[str, int]:
    """The sha256 and size of a large file of the bundle read in ``chunks``, written to ``stager`` (under its
    partial name) as it is read when there is one."""
    hasher, size = hashlib.sha256(), 0

    def hashed():
        nonlocal size
        for chunk in chunks:
            hasher.update(chunk)
            size += len(chunk)
            yield chunk

    if stager is not None:
        stager.write_steps(sha256, hashed())
    else:
        for _chunk in hashed():
            pass
    return hasher.hexdigest(), size


def open_bundle(path: str | Path, private_key=None, progress=None, cancel=None, stage: Path | None = None,
                signer_check=None) -> Bundle:
    """Open and verify the bundle at ``path`` (decrypting it with ``private_key`` when encrypted). With ``stage``
    (a new folder on the file store's disk) the checked files are written there for the merge to move in.
    ``signer_check`` (manifest, the signer's checked card) is called once the manifest's signature and versions
    are verified, before any other member is read, hashed or staged: it raises to refuse the bundle for who
    signed it (a station not trusted here, a withdrawn key: ``merge.signer_check``).

    Raises BundleRefused naming what is wrong; the returned Bundle must be closed."""
    import shutil

    path = Path(path)
    name = _FileName(path.name, MADE_BY_UNKNOWN)  # who made it is known once its manifest is read
    archive, spool, _encrypted = _open_archive(path, private_key)
    stager = raw = None
    try:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        for member in names:
            _safe_name(member, name)
        if len(set(names)) != len(names):
            raise BundleRefused(_("{name} holds a member twice; it is refused: {remedy}").format(
                name=name, remedy=_export_again(name)))
        _check_sizes(infos, name)
        by_name = {i.filename: i for i in infos}
        if "manifest.json" not in by_name or "manifest.sig" not in by_name:
            raise BundleRefused(_("{name} has no signed manifest: it is not a case bundle; choose the .bundle file "
                                  "the station or headquarters exported.").format(name=name))
        if by_name["manifest.json"].file_size > MAX_MANIFEST_BYTES:
            raise BundleRefused(_("{name}: the manifest is too large; the bundle is refused: {remedy}").format(
                name=name, remedy=_export_again(name)))
        manifest_bytes = _read_member(archive, by_name["manifest.json"], name)
        try:
            manifest = json.loads(manifest_bytes)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond any bundle
            manifest = None
        name = _FileName.of(path.name, manifest)
        _check_manifest_form(manifest, name)
        card = _verify_signature(manifest, manifest_bytes, _read_member(archive, by_name["manifest.sig"], name), name)
        _check_manifest(manifest, name)
        if signer_check is not None:  # who signed it, before anything it holds is read (or staged)
            signer_check(manifest, card)
        _check_ratio(infos, name)
        listed = manifest["members"]
        present = set(names) - {"manifest.json", "manifest.sig"}
        for member in sorted(set(listed) - present):
            raise BundleRefused(_("{name}: the manifest lists {member}, which is not in the bundle; it is refused: "
                                  "{remedy}").format(name=name, member=member, remedy=_export_again(name)))
        for member in sorted(present - set(listed)):
            raise BundleRefused(_("{name}: {member} is in the bundle but not in its manifest; it is refused: "
                                  "{remedy}").format(name=name, member=member, remedy=_export_again(name)))
        held_tables = {m.group(1) for m in map(RECORD_NAME.fullmatch, present) if m and m.group(1) in BY_NAME}
        _check_counted_tables(manifest, held_tables, name)  # from the manifest alone: before any member is read
        records: dict[str, list[dict]] = {t.name: [] for t in TABLES}
        withdrawals: list[dict] = []
        audit = AuditEntries.held([])
        bases = None
        details = None
        calendar_files: dict[int, bytes] = {}
        total = len(present)
        stager = _Stager(Path(stage), path.name) if stage is not None else None
        raw = spool if spool is not None else path.open("rb")
        listed_files = {m[len("files/"):] for m in present if m.startswith("files/")}
        files_checked = False

        def check_files() -> None:
            """Before any file is read: each kept as it is in the archive, those the manifest lists the ones the
            file records name, and the records of each table as many as the signed manifest counts."""
            nonlocal files_checked
            files_checked = True
            _check_files_stored(infos, name)
            if {r.get("sha256") for r in records["files"]} != listed_files:
                raise BundleRefused(_("{name}: the files of the bundle do not match its file records; it is refused: "
                                      "{remedy}").format(name=name, remedy=_export_again(name)))
            _check_counts(manifest, records, held_tables, name)  # the records all read: as many as signed for

        # the records first, so that a file found altered is named by them (``_file_named``), and bases.json before
        # them, which says whether a bundle of an earlier version is headquarters' hand-out (``made_at_headquarters``);
        # the files, last, are checked against the file records before any of them is read (``check_files``)
        for done, member in enumerate(sorted(present, key=lambda m: (bool(FILE_NAME.fullmatch(m)), m != BASES_MEMBER,
                                                                     m)), start=1):
            if cancel is not None:
                cancel.check()
            if FILE_NAME.fullmatch(member) and not files_checked:  # the records read: the files next
                check_files()
            table = RECORD_NAME.fullmatch(member)
            year = calendar_part.year_of(member)
            if year is not None and (by_name[member].file_size > calendar_part.MAX_BYTES
                                     or manifest["format_version"] < 3):
                year = None  # no year file (format 3 brought them): refused below as a member no bundle holds
            if not (member in FIXED_NAMES or FILE_NAME.fullmatch(member) or (table and table.group(1) in BY_NAME)
                    or year is not None):
                raise BundleRefused(_("{name}: {member} is not a member a bundle may hold; it is refused: "
                                      "{remedy}").format(name=name, member=member, remedy=_export_again(name)))
            entry = listed[member]
            if not isinstance(entry, dict):
                raise BundleRefused(_("{name}: the manifest is incomplete; the bundle is refused: {remedy}").format(
                    name=name, remedy=_export_again(name)))
            info = by_name[member]
            stored = raw is not None and info.compress_type == zipfile.ZIP_STORED
            steps = FILE_NAME.fullmatch(member) and info.file_size > READ_STEP  # a recording: never held whole
            # a large table or audit segment (the records of 100,000 complaints: 110 MB): hashed in steps keeping
            # nothing, then read again in steps for its values (``_ReadAgain``), never held whole beside them
            listed_values = (table or member in LIST_MEMBERS) and info.file_size > READ_STEP
            if steps or listed_values:
                data = None
                digest, size = _hash_steps(_stored_steps(raw, info, name) if stored
                                           else _member_steps(archive, info, name), stager if steps else None,
                                           member[len("files/"):])
            else:
                data = _read_stored(raw, info, name) if stored and FILE_NAME.fullmatch(member) \
                    else _read_member(archive, info, name)
                digest, size = hashlib.sha256(data).hexdigest(), len(data)
            # a stored file's name is its sha256: bytes under another name would take the place of the real
            # file in the content-addressed store (a copy arriving later being taken for it), signed or not
            named_otherwise = FILE_NAME.fullmatch(member) and digest != member[len("files/"):]
            if named_otherwise and digest == entry.get("sha256"):
                raise BundleRefused(_("{name}: {content} ({member}) holds other bytes than the file its name (its "
                                      "sha256) stands for, though the manifest lists them; the bundle is refused: "
                                      "{remedy} The workstation that exported it should be checked too.").format(
                    name=name, content=_file_named(member, records), member=member, remedy=_export_again(name)))
            if digest != entry.get("sha256") or size != entry.get("size"):
                if FILE_NAME.fullmatch(member):  # which evidence or document it is, not only its fingerprint
                    raise BundleRefused(_("{name}: {content} ({member}) does not match the sha256 in the signed "
                                          "manifest (it was altered); the bundle is refused: {remedy}").format(
                        name=name, content=_file_named(member, records), member=member, remedy=_export_again(name)))
                raise BundleRefused(_("{name}: {member} does not match the sha256 in the signed manifest (it was "
                                      "altered); the bundle is refused: {remedy}").format(
                    name=name, member=member, remedy=_export_again(name)))
            if listed_values:
                data = _ReadAgain(_stored_steps(raw, info, name) if stored else _member_steps(archive, info, name),
                                  digest, name, member)
            if member == WITHDRAWALS_MEMBER:
                withdrawals = _check_withdrawals(data, name)
            elif table:
                records[table.group(1)] = _check_records(data, table.group(1), name)
                if table.group(1) == "clock_events":
                    _party_out_of_clock(records["clock_events"])
                elif table.group(1) == "leads":
                    _named_by_number_before_m058(records["leads"])
            elif member == "audit.json":  # a large segment: gone through again from its member when merged
                audit = _check_audit(data, name, partial(_member_again, archive, info, digest, name, member)
                                     if listed_values else None)
            elif member == BASES_MEMBER:
                bases = _check_bases(data, name)
                name = _FileName.of(path.name, manifest, bases)
            elif member == DETAILS_MEMBER:
                details = check_details_part(data, name)
            elif year is not None:  # checked as a year file when it is taken (``calendar_part.take_year_files``)
                calendar_files[year] = data
            elif FILE_NAME.fullmatch(member):
                if stager is not None and steps:
                    stager.keep(member[len("files/"):])
                elif stager is not None:
                    stager.put(member[len("files/"):], data)
                if progress is not None and done % 50 == 0:
                    progress(done, total, _("Checking the files of the bundle"))
        if not files_checked:
            check_files()
        if raw is not spool:
            raw.close()
        if stager is not None:
            stager.finish()
        digest = hashlib.sha256(manifest_bytes).hexdigest()
        return Bundle(path, manifest, records, audit, digest, archive, spool, Path(stage) if stage else None,
                      stage_parent_made=stager is not None and stager.parent_made,
                      bases=bases if manifest["format_version"] >= 2 else None, withdrawals=withdrawals,
                      agency_details=details, calendar_files=calendar_files)
    except BaseException:
        if raw is not None and raw is not spool:
            raw.close()
        archive.close()
        if spool is not None:
            spool.close()
        if stager is not None:
            stager.close()
            shutil.rmtree(stage, ignore_errors=True)
            _drop_made_parent(Path(stage), stager.parent_made)
        raise


def bundle_card(path: Path, private_key=None) -> dict:
    """The station card inside a bundle's signed manifest (for trusting the station that sent it); an encrypted
    bundle needs this station's key to be read."""
    with open_bundle(path, private_key) as bundle:
        from workstation.station import checked_card

        return checked_card(bundle.station, path.name)


def exported_here(db: Database, path: Path | None) -> bool:
    """Whether the bundle file at ``path`` is one this installation exported (its sha256 among ``bundle_exports``,
    whatever it was renamed or copied to): an encrypted bundle tells its recipient's key, never its signer, to an
    installation that cannot decrypt it. False when ``path`` is None or cannot be read."""
    if path is None or db.execute("SELECT 1 FROM bundle_exports WHERE encrypted = 1 LIMIT 1").fetchone() is None:
        return False
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return db.execute("SELECT 1 FROM bundle_exports WHERE sha256 = ? LIMIT 1",
                      [digest.hexdigest()]).fetchone() is not None


def not_for_here(db: Database | None, data_dir: Path, exc: Exception) -> Exception:
    """A bundle encrypted to another installation's key (``envelope.NotForThisKey``), said for this one (the
    envelope names only the recipient's key, so a station is named when its card is known here): at headquarters, a
    bundle encrypted to a station it trusts is the hand-out it made for that station, to be given to it; at a
    station, a bundle not encrypted to headquarters' key is headquarters' hand-out for another station, and the
    officer is told to ask headquarters for this station's own. Anything else (a key not known here, or a station
    naming no headquarters, which cannot tell a hand-out from another station's bundle) is returned as it is."""
    from workstation.bundle.envelope import NotForThisKey
    from workstation.fullwidth import tidy_spaces
    from workstation.station import headquarters, station_label, this_station
    from workstation.station_role import installation_role

    if db is None or not isinstance(exc, NotForThisKey):
        return exc
    own = this_station(db)
    if own is None:
        return exc
    recipient = base64.b64encode(exc.recipient).decode("ascii")
    if installation_role(db, data_dir).headquarters:
        row = db.execute("SELECT name, fingerprint FROM stations WHERE box_key = ? AND role = 'trusted'",
                         [recipient]).fetchone()
        if row is None:
            return exc
        station = station_label(row[0], row[1])
        # as ``merge`` says it of the same hand-out written without encryption
        return NotForThisKey(tidy_spaces(_(
            "{name} is the hand-out this headquarters made for station {station}: it is imported at that station, "
            "not here at headquarters. Give it to {station}.").format(name=exc.file, station=station)),
            file=exc.file, recipient=exc.recipient)
    hq = headquarters(db)
    if hq is None:
        return exc  # at a station that names no headquarters, a bundle for headquarters cannot be told apart
    if hq.box_key == recipient:
        if exported_here(db, getattr(exc, "path", None)):  # not "another machine's", nor to be exported again
            return NotForThisKey(tidy_spaces(_(
                "{name} is this station's own bundle, exported here for headquarters ({hq}): only headquarters can "
                "import it. Give it to headquarters; it need not be exported again.").format(
                name=exc.file, hq=station_label(hq.name, hq.fingerprint))), file=exc.file, recipient=exc.recipient)
        return exc  # another station's bundle for headquarters: the general reason says where it opens
    row = db.execute("SELECT name, fingerprint FROM stations WHERE box_key = ? AND role <> 'self'",
                     [recipient]).fetchone()
    here = station_label(own.name, own.fingerprint)
    if row is not None:
        message = _("{name}: this is headquarters' hand-out for station {station}; ask headquarters for the "
                    "hand-out for this station ({own}).").format(name=exc.file, station=station_label(row[0], row[1]),
                                                                 own=here)
    else:
        message = _("{name}: this is headquarters' hand-out for another station; ask headquarters for the hand-out "
                    "for this station ({own}).").format(name=exc.file, own=here)
    return NotForThisKey(tidy_spaces(message), file=exc.file, recipient=exc.recipient)
