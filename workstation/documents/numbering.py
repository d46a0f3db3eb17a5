"""文号 (document numbers): agency abbreviation + type code + 〔year〕 + serial + 号 (REFERENCE §3.1).

Per agency, type and year the serials run 1, 2, 3 … without gaps (except where number blocks, 号段, given to
stations by headquarters reserve serials: ``number_blocks``): a number is taken only inside the
transaction that issues the document, so a failed issue gives it back, and the write lock is taken at once
(``immediate``) so two processes never take the same one. A number once issued is never reused; a void keeps
its row with the reason. A town office numbers in its district bureau's name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError
from workstation.i18n import _
from workstation.records import new_id, now


@dataclass(frozen=True)
class DocNumber:
    """One 文号 given out."""

    id: str
    agency_id: str
    type_code: str
    year: int
    serial: int
    number: str
    status: str = "issued"
    document_id: str | None = None
    void_reason: str = ""


def numbering_agency(db: Database, agency_id: str) -> tuple[str, str]:
    """(id, 文号 abbreviation) of the agency whose name a document carries: a town office's district bureau."""
    row = db.execute("SELECT a.id, a.level, a.parent_id, a.doc_abbrev, p.doc_abbrev FROM agencies a "
                     "LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = ?", [agency_id]).fetchone()
    if row is None:
        raise NotFound(_("No agency {id}.").format(id=agency_id))
    own_id, level, parent_id, abbrev, parent_abbrev = row
    owner, abbrev = (parent_id, parent_abbrev) if level == "town" else (own_id, abbrev)
    if not abbrev:
        raise WorkstationError(_("The agency has no 文号 abbreviation: set it in the agency data first."))
    return owner, abbrev


def format_number(abbrev: str, type_code: str, year: int, serial: int) -> str:
    """佛南市监处〔2026〕19号: the year in full inside 〔〕, the serial without leading zeros, no 第 or 字."""
    return f"{abbrev}{type_code}〔{year}〕{serial}号"


def _check_type_code(type_code: str) -> None:
    if not type_code or any(c in type_code for c in "〔〕[]()（）【】 0123456789"):
        raise ValidationError({"type_code": _("A document type code is one or more characters such as 处 or "
                                              "告, without brackets, digits or spaces.")})


def next_number(db: Database, agency_id: str, type_code: str, year: int | None = None) -> str:
    """The 文号 the next issued document of this type would get (nothing is taken)."""
    _check_type_code(type_code)
    owner, abbrev = numbering_agency(db, agency_id)
    year = year or dt.date.today().year
    return format_number(abbrev, type_code, year, _serial(db, agency_id, owner, type_code, year))


def _serial(db: Database, agency_id: str, owner: str, type_code: str, year: int) -> int:
    """The next serial of the sequence here: inside this station's number blocks when it holds some, past the
    blocks of other stations otherwise (``number_blocks``); refused when this station's blocks are used up."""
    from workstation.documents.number_blocks import choose_serial, exhausted_refusal

    serial = choose_serial(db, owner, type_code, year)
    if serial is None:
        raise WorkstationError(exhausted_refusal(db, agency_id, type_code, year))
    return serial


def take_number(db: Database, agency_id: str, type_code: str, year: int | None = None,
                document_id: str | None = None) -> DocNumber:
    """Take the next 文号. Call inside the issuing transaction opened with ``immediate(db)``: the number is
    gone only if that transaction commits."""
    if not db.conn.in_transaction:
        raise WorkstationError("take_number must run inside the issuing transaction (immediate)")
    _check_type_code(type_code)
    owner, abbrev = numbering_agency(db, agency_id)
    year = year or dt.date.today().year
    serial = _serial(db, agency_id, owner, type_code, year)
    number = DocNumber(id=new_id(), agency_id=owner, type_code=type_code, year=year, serial=serial,
                       number=format_number(abbrev, type_code, year, serial), document_id=document_id)
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, document_id, status, "
               "issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'issued', ?)",
               [number.id, owner, type_code, year, number.serial, number.number, document_id, now()])
    return number


def void_number(db: Database, number: str, reason: str) -> DocNumber:
    """Record that an issued 文号 is void (the document was withdrawn); the number is never given again."""
    if not reason.strip():
        raise ValidationError({"void_reason": _("Say why the number is void.")})
    row = db.execute("SELECT id, status FROM doc_numbers WHERE number = ?", [number]).fetchone()
    if row is None:
        raise NotFound(_("No document number {number}.").format(number=number))
    if row[1] == "void":
        raise WorkstationError(_("Document number {number} is already void.").format(number=number))
    with db.atomic():
        db.execute("UPDATE doc_numbers SET status = 'void', void_reason = ?, voided_at = ? WHERE id = ?",
                   [reason.strip(), now(), row[0]])
        audit = AuditWriter(db)
        audit.add("void", "doc_number", row[0], {"status": "issued"}, {"status": "void", "reason": reason.strip()})
        audit.flush()
    return get_number(db, number)


def get_number(db: Database, number: str) -> DocNumber:
    row = db.execute("SELECT id, agency_id, type_code, year, serial, number, status, document_id, void_reason "
                     "FROM doc_numbers WHERE number = ?", [number]).fetchone()
    if row is None:
        raise NotFound(_("No document number {number}.").format(number=number))
    return DocNumber(*row)
