"""文号 (document numbers): agency abbreviation + type code + 〔year〕 + serial + 号 (REFERENCE §3.1).

Per agency, type and year the serials run 1, 2, 3 … without gaps (except where number blocks, 号段, given to
stations by headquarters reserve serials: ``number_blocks``): a number is taken only inside the
transaction that issues the document, so a failed issue gives it back, and the write lock is taken at once
(``immediate``) so two processes never take the same one. A number once issued is never reused; a void keeps
its row with the reason. A town office numbers in its district bureau's name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError
from workstation.i18n import _
from workstation.records import new_id, now, today


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


def numbering_owner(db: Database, agency_id: str) -> str | None:
    """The id of the agency in whose name ``agency_id`` numbers (a town office's district bureau), without the
    checks of ``numbering_agency``; None when the agency is unknown."""
    row = db.execute("SELECT CASE WHEN level = 'town' THEN parent_id ELSE id END FROM agencies WHERE id = ?",
                     [agency_id]).fetchone()
    return row[0] if row else None


def _bureau_type_codes(db: Database, agency_id: str) -> dict[str, str]:
    """The type codes (form id → code) that agencies.toml sets for the bureau whose 文号 a document of ``agency_id``
    carries (a town office's district bureau); {} when it sets none."""
    from workstation.store.agencies import reference_type_codes

    row = db.execute("SELECT CASE WHEN a.level = 'town' THEN p.code ELSE a.code END FROM agencies a "
                     "LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = ?", [agency_id]).fetchone()
    if row is None:
        raise NotFound(_("No agency {id}.").format(id=agency_id))
    return reference_type_codes().get(row[0] or "", {})


def agency_type_codes(db: Database, agency_id: str, forms: dict | None = None) -> dict[str, str]:
    """The 文号 type code of each form taking one (form id → code) for documents of ``agency_id``: the form's own
    ``type_code`` unless the numbering bureau sets another in agencies.toml (``type_codes``; a town office uses its
    district bureau's). ``forms``: the loaded forms, when the caller has them."""
    if forms is None:
        from workstation.formkit.spec import load_forms

        forms = load_forms()[0]
    own = _bureau_type_codes(db, agency_id)
    return {f.id: own.get(f.id, f.type_code) for f in forms.values() if f.type_code}


def document_type_code(db: Database, agency_id: str, form) -> str:
    """The 文号 type code ``form`` is issued with for ``agency_id`` ('' for a form that takes no 文号): its own
    ``type_code``, or the one the numbering bureau sets for it in agencies.toml (``agency_type_codes``). Numbers
    already issued keep their text: a changed code starts a sequence of its own."""
    if not form.type_code:
        return ""
    return _bureau_type_codes(db, agency_id).get(form.id, form.type_code)


def format_number(abbrev: str, type_code: str, year: int, serial: int) -> str:
    """佛南市监处〔2026〕19号: the year in full inside 〔〕, the serial without leading zeros, no 第 or 字."""
    return f"{abbrev}{type_code}〔{year}〕{serial}号"


def _check_type_code(type_code: str) -> None:
    if not type_code or any(c in type_code for c in "〔〕[]()（）【】 0123456789"):
        raise ValidationError({"type_code": _("A document type code is one or more characters such as 处 or "
                                              "告, without brackets, digits or spaces.")})


def number_year(date: str | None) -> int | None:
    """The year of the 文号 of a document bearing ``date`` (ISO; its 落款, ``formkit.values.document_date``): that
    date's year, as a case number takes its filing date's, so that 〔2026〕 stands above 2026年12月31日 though it
    is issued on 4 January 2027. None (the current year) for no date, one not a date, or one in a later year than
    today's (a number is never taken from a year not begun)."""
    text = str(date or "")[:10]
    if len(text) != 10 or not text[:4].isdigit() or text[4] != "-":
        return None
    year = int(text[:4])
    return year if 2000 <= year <= int(today()[:4]) else None


def next_number(db: Database, agency_id: str, type_code: str, year: int | None = None) -> str:
    """The 文号 the next issued document of this type would get (nothing is taken)."""
    _check_type_code(type_code)
    owner, abbrev = numbering_agency(db, agency_id)
    year = year or int(today()[:4])  # Beijing's year, whatever the machine's clock zone
    return format_number(abbrev, type_code, year, _serial(db, agency_id, owner, type_code, year))


def _serial(db: Database, agency_id: str, owner: str, type_code: str, year: int) -> int:
    """The next serial of the sequence here: inside this station's number blocks when it holds some, past the
    blocks of other stations otherwise (``number_blocks``); refused when this station's blocks are used up."""
    from workstation.documents.number_blocks import choose_serial, exhausted_refusal

    serial = choose_serial(db, owner, type_code, year)
    if serial is None:
        raise WorkstationError(exhausted_refusal(db, agency_id, type_code, year))
    if serial > MAX_SERIAL:  # past the highest serial (one that high typed by hand): only a serial chosen is left
        raise WorkstationError(sequence_full(numbering_agency(db, agency_id)[1], type_code, year))
    return serial


#: the highest serial a 文号 or a block of them may have: a bureau issues thousands of a type a year, never millions
#: (a larger one typed is a slip of the keyboard, and one taken would push every later number past it)
MAX_SERIAL = 999_999
#: how many serials past the next automatic one a serial typed by hand may skip without the officer confirming it
#: (``serial_refusal``): a few taken on paper meanwhile; 120 typed for 12 is refused until confirmed
SKIP_MARGIN = 20
#: the serial whose skip the officer confirmed (``skip_confirmed``, ``confirm_skip``): taken once, by ``take_number``
_SKIP_CONFIRMED: ContextVar[int | None] = ContextVar("serial_skip_confirmed", default=None)


class SkipRefusal(str):
    """The refusal of a serial typed far past the next one (``serial_refusal``): the only one the officer may
    override, by confirming the skip (the issue dialog's box, ``docs issue --skip-serials``)."""


def skip_box_text() -> str:
    """The issue dialog's box confirming a skip (named by the refusal)."""
    return _("Skip the serials in between (taken on paper or in another system)")


def confirm_skip(serial: int | None) -> None:
    """Say that the officer confirmed skipping the serials up to ``serial`` (the issue dialog, as it closes): the next
    document issued here with that serial is not refused for it (``take_number`` clears it); None clears it."""
    _SKIP_CONFIRMED.set(serial)


@contextmanager
def skip_confirmed(serial: int | None) -> Iterator[None]:
    """``confirm_skip(serial)`` while the block runs (``docs issue --serial N --skip-serials``), cleared after."""
    token = _SKIP_CONFIRMED.set(serial)
    try:
        yield
    finally:
        _SKIP_CONFIRMED.reset(token)


def sequence_full(abbrev: str, type_code: str, year: int) -> str:
    """The refusal of the next 文号 of a sequence whose serials reached ``MAX_SERIAL`` (one that high typed by hand)."""
    return _("{sequence} has come to its last serial, {most:,}号: no further 文号 is given in it by itself. Issue "
             "with a free serial of your choice (in the window, tick “Use a serial of my choice” when asked to "
             "issue; or `docs issue --serial N`).").format(sequence=f"{abbrev}{type_code}〔{year}〕", most=MAX_SERIAL)


def _skip_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int, serial: int) -> str | None:
    """Why ``serial``, typed by hand, is refused unless the skip is confirmed: it lies more than ``SKIP_MARGIN`` past
    the next serial automatic numbering would take (the serials between would never be issued, numbering going on
    after it, unless typed by hand), naming where numbering would continue — or, for the last serial (``MAX_SERIAL``),
    that automatic numbering of the sequence stops after it. None when it does not, or there is no
    next serial to compare with (blocks used up, headquarters without a block), or the officer confirmed it, or for a
    year before last (a document dated then takes the number it bears on paper: ``number_blocks.past_year_refusal``;
    no confirmation asked, and none recorded: ``manual_serial_entry``)."""
    from workstation.documents.number_blocks import choose_serial, sequence_blocks

    if year < int(today()[:4]) - 1:
        return None
    following = choose_serial(db, owner, type_code, year)
    if following is None or following > MAX_SERIAL or serial <= following + SKIP_MARGIN \
            or _SKIP_CONFIRMED.get() == serial:
        return None
    # the serials lost: those between in no station's block (a block's serials are its station's, skipped or not)
    blocks = sequence_blocks(db, owner, type_code, year)
    skipped = serial - following - sum(max(0, min(b.last_serial, serial - 1) - max(b.first_serial, following) + 1)
                                       for b in blocks)  # blocks never overlap (``number_blocks.add_block``)
    if skipped <= SKIP_MARGIN:
        return None
    said = {"number": format_number(abbrev, type_code, year, serial), "count": skipped,
            "sequence": f"{abbrev}{type_code}〔{year}〕", "following": format_number(abbrev, type_code, year, following),
            "first": following, "last": serial - 1, "box": skip_box_text()}
    if serial >= MAX_SERIAL:  # the last serial: automatic numbering stops after it (``_serial``), it goes on nowhere
        continuation = _("{number} is the sequence's last serial, so automatic numbering of {sequence} would stop "
                         "after it: only {first}–{last}号 would be left, each issued only with its serial typed by "
                         "hand.").format(**said)
    else:
        continuation = _("numbering would continue from {after}号, and {first}–{last}号 would be issued only with "
                         "their serial typed by hand.").format(**said, after=serial + 1)
    return SkipRefusal(_(
        "{number} would skip {count} serials of {sequence}: its next 文号 is {following}; {continuation} Check the "
        "serial typed; if those numbers were taken on paper or in another system, confirm the skip (in the window, "
        "tick “{box}”; on the command line, add --skip-serials).").format(**said, continuation=continuation))


def serial_too_large(serial: int) -> str:
    """Why ``serial`` is refused: above ``MAX_SERIAL``."""
    return _("Serial {serial} is too large: a 文号's serial is at most {most:,}; check the number typed.").format(
        serial=serial, most=MAX_SERIAL)


def serial_refusal(db: Database, agency_id: str, type_code: str, serial: int, year: int | None = None) -> str | None:
    """Why the 文号 of ``serial`` in the sequence (the numbering bureau of ``agency_id``, ``type_code``, ``year``)
    cannot be issued by hand (``take_number(serial=…)``: a number already taken on paper or in another system),
    naming it; None when it is free: never issued nor voided here, not inside another station's number block, and,
    while this station holds blocks of the sequence, inside one of them (headquarters gives the serials outside them
    to other stations, which would issue them a second time). A year before last is the exception: no block of it
    can be entered any more, and a document dated then takes the number it bears on paper (``past_year_refusal``).
    None too for a number taken here before a restore that lost its document (``lost``): its paper may have been
    served, and ``take_number`` issues the new document under it.
    A serial free but more than ``SKIP_MARGIN`` past the next one (120 typed for 12) is refused until the officer
    confirms skipping the serials between (``SkipRefusal``, ``skip_confirmed``) — in a sequence numbered without
    blocks: a station's own block bounds the serials it issues, and the serials between two of its blocks are other
    stations'."""
    from workstation.documents.number_blocks import (
        add_block_words,
        block_year_held,
        holder_name,
        own_station_id,
        sequence_blocks,
        sequence_text,
        unknown_station_label,
        used_up_refusal,
    )

    owner, abbrev = numbering_agency(db, agency_id)
    year = year or int(today()[:4])  # Beijing's year, whatever the machine's clock zone
    if serial < 1:
        return _("Serial {serial}: a 文号's serial is 1 or above.").format(serial=serial)
    if serial > MAX_SERIAL:
        return serial_too_large(serial)
    number = format_number(abbrev, type_code, year, serial)
    # the row in force first: a voided row may share its number with one in force (m041); then one lost in a restore
    row = db.execute("SELECT status, number FROM doc_numbers WHERE (agency_id = ? AND type_code = ? AND year = ? AND serial = ?) "
                     "OR number = ? ORDER BY CASE status WHEN 'issued' THEN 0 WHEN 'lost' THEN 1 ELSE 2 END LIMIT 1",
                     [owner, type_code, year, serial, number]).fetchone()
    if row is not None and row[0] == "lost":  # taken here before a restore, its document lost: issued under it again
        return None
    # named as the document bears it: the bureau's abbreviation may have changed since (not ``number``)
    if row is not None and row[0] == "void":
        return _("{number} was voided: a voided number is never given again; choose another serial.").format(
            number=row[1] or number)
    if row is not None:
        return _("{number} is already issued: choose a serial not used yet.").format(number=row[1] or number)
    station = own_station_id(db)
    blocks = sequence_blocks(db, owner, type_code, year)
    for block in blocks:
        if block.holds(serial) and block.station_id != station:
            holder = holder_name(db, block.station_id)
            if holder is None:  # a block headquarters' hand-out brought, of a station whose card is not here
                return _("{number} lies in the number block {first}–{last} of {station}, not known here: only that "
                         "station issues it; choose a serial outside it.").format(
                    number=number, first=block.first_serial, last=block.last_serial,
                    station=unknown_station_label(block.station_id))
            return _("{number} lies in the number block {first}–{last} of station {station}: only that station "
                     "issues it; choose a serial outside it.").format(
                number=number, first=block.first_serial, last=block.last_serial, station=holder)
    own = [b for b in blocks if station is not None and b.station_id == station]
    # holding none of this year, but some of another (``block_year_held``): automatic numbering refuses the year
    # (``used_up_refusal``), and so does a serial picked by hand — another station may be given it
    if not own and station is not None and year >= int(today()[:4]) - 1 and \
            block_year_held(db, owner, type_code, year) is not None:
        return used_up_refusal(db, owner, abbrev, type_code, year)
    if own and not any(b.holds(serial) for b in own) and year >= int(today()[:4]) - 1:
        sequence = sequence_text(abbrev, type_code, year)
        return _("{number} lies outside the number blocks this station holds for {sequence} ({blocks}): while it "
                 "holds blocks of a sequence, a station issues only serials inside them, headquarters giving the "
                 "others to other stations. Choose a serial inside its blocks, or let the workstation number the "
                 "document; a number headquarters gave outside them is entered first as a block ({how}).").format(
            number=number, sequence=sequence, blocks="、".join(f"{b.first_serial}–{b.last_serial}" for b in own),
            how=add_block_words())
    if own:  # inside a block of its own: the block bounds what a serial typed may pass over, others' between
        return None
    return _skip_refusal(db, owner, abbrev, type_code, year, serial)


def take_number(db: Database, agency_id: str, type_code: str, year: int | None = None,
                document_id: str | None = None, serial: int | None = None, *,
                case_id: str | None = None) -> DocNumber:
    """Take the next 文号, or the one of ``serial`` when given (refused as ``serial_refusal`` says; audited as
    ``manual_serial``, ``manual_serial_entry``; a number a restore kept taken, its document lost, is issued again
    to ``document_id``, audited as ``reissue_lost_number``: ``_issue_lost``; refused when the document's case,
    ``case_id``, is not the one it was for): later numbers go on after the highest
    serial taken, up to ``MAX_SERIAL``. Call inside the issuing transaction opened with ``immediate(db)``: the number is gone only if that
    transaction commits."""
    if not db.conn.in_transaction:
        raise WorkstationError("take_number must run inside the issuing transaction (immediate)")
    from workstation.numbering_hold import check_numbering

    check_numbering(db)  # after a restore, the numbers taken since the backup may be in use (numbering hold)
    _check_type_code(type_code)
    owner, abbrev = numbering_agency(db, agency_id)
    year = year or int(today()[:4])  # Beijing's year, whatever the machine's clock zone
    manual = serial is not None
    skip_confirmed_here = False
    if serial is not None:
        confirmed = _SKIP_CONFIRMED.get() == serial
        _SKIP_CONFIRMED.set(None)  # a skip confirmed is for one issue only
        refusal = serial_refusal(db, agency_id, type_code, serial, year)
        # the skip the officer confirmed: taken, and said so in the audit entry — only when it was one asked about
        skip_confirmed_here = confirmed and isinstance(refusal, SkipRefusal)
        if refusal and not skip_confirmed_here:
            raise WorkstationError(refusal)
    else:
        serial = _serial(db, agency_id, owner, type_code, year)
    lost = _lost_row(db, owner, type_code, year, serial) if manual else None
    if lost is not None and (refusal := _lost_case_refusal(db, lost, case_id)):
        raise WorkstationError(refusal)
    number = DocNumber(id=new_id(), agency_id=owner, type_code=type_code, year=year, serial=serial,
                       number=format_number(abbrev, type_code, year, serial), document_id=document_id)
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, document_id, status, "
               "issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'issued', ?)",
               [number.id, owner, type_code, year, number.serial, number.number, document_id, now()])
    if manual:  # a number chosen by hand: who took which serial is in the audit trail
        from workstation.audit import append

        append(db, "manual_serial", "doc_number", number.id, None,
               manual_serial_entry(number.number, serial, document_id, skip_confirmed_here))
    if lost is not None:
        _issue_lost(db, lost, number.id, document_id)
    return number


def _lost_row(db: Database, owner: str, type_code: str, year: int, serial: int) -> tuple | None:
    """(id, number, issued_at, void_reason, lost_case_id, lost_case, lost_form) of the 文号 of the sequence's
    ``serial`` a restore kept taken, its document lost (``lost``), when no number in force holds it; else None."""
    return db.execute(
        "SELECT id, number, issued_at, void_reason, lost_case_id, lost_case, lost_form FROM doc_numbers n WHERE "
        "agency_id = ? AND type_code = ? AND year = ? AND serial = ? AND status = 'lost' AND NOT EXISTS (SELECT 1 FROM "
        "doc_numbers m WHERE m.status = 'issued' AND (m.number = n.number OR (m.agency_id = n.agency_id AND "
        "m.type_code = n.type_code AND m.year = n.year AND m.serial = n.serial))) ORDER BY rowid LIMIT 1",
        [owner, type_code, year, serial]).fetchone()


def _lost_case_refusal(db: Database, lost: tuple, case_id: str | None) -> str | None:
    """Why the 文号 ``lost`` (``_lost_row``) cannot be issued to a document of the case ``case_id``: it was taken for
    another case (its ``lost_case_id``, or its case number where the data replaced named no case here), and its paper
    was for that case. None when it was for this case, for none known, or no case is named (``case_id`` None)."""
    number, for_id, for_case = lost[1], lost[4], lost[5]
    if case_id is None or not (for_id or for_case) or for_id == case_id:
        return None
    here = db.execute("SELECT case_number FROM cases WHERE id = ?", [case_id]).fetchone()
    if not for_id and here is not None and here[0] == for_case:
        return None
    if not for_case and for_id:
        row = db.execute("SELECT case_number FROM cases WHERE id = ?", [for_id]).fetchone()
        for_case = row[0] if row else for_id
    return _("{number} was taken before a restore for a document of case {case}, lost with the data replaced: it "
             "may be issued again only to a document of that case, as on its paper; choose another serial for this "
             "one.").format(number=number, case=for_case)


def _issue_lost(db: Database, lost: tuple, number_id: str, document_id: str | None) -> None:
    """The 文号 ``lost`` (``_lost_row``), taken before a restore that lost its document, now issued again as the row
    ``number_id`` to ``document_id``: a new row, never the lost one — a bundle sent before the restore may have
    carried the lost row with its first document to headquarters, which would then hold one row for two documents.
    The lost row is voided, saying so (its case and form kept: what it was for), audited as ``reissue_lost_number``
    with the row and document now holding the number."""
    from workstation.audit import append

    lost_id, number, _taken, reason, case_id, case, form = lost
    note = _("; ").join(part for part in ((reason or "").strip(), _("issued again on {date} (document {document})")
                                          .format(date=today(), document=document_id or "-")) if part)
    db.execute("UPDATE doc_numbers SET status = 'void', void_reason = ?, voided_at = ? WHERE id = ?",
               [note, now(), lost_id])
    append(db, "reissue_lost_number", "doc_number", lost_id,
           {"status": "lost", "reason": reason, "case_id": case_id, "case": case, "form": form},
           {"status": "void", "number": number, "number_id": number_id, "document_id": document_id})


def manual_serial_entry(number: str, serial: int, document_id: str | None, skip_confirmed: bool = False) -> dict:
    """What the ``manual_serial`` audit entry of a 文号 taken by hand records (its digest): the number, serial and
    document, and ``skip_confirmed`` when the serials it passed over were refused until the officer confirmed skipping
    them (``SkipRefusal``) — never when no confirmation was asked (within ``SKIP_MARGIN``, a year before last). The
    register tells which by the entry's digest (``document_register._serial_notes``); an entry without the key (one
    written before it was recorded) is not said confirmed."""
    entry = {"number": number, "serial": serial, "document_id": document_id}
    return {**entry, "skip_confirmed": True} if skip_confirmed else entry


def void_number(db: Database, number: str, reason: str) -> DocNumber:
    """Record that an issued 文号 is void (the document was withdrawn); the number is never given again."""
    if not reason.strip():
        raise ValidationError({"void_reason": _("Say why the number is void.")})
    # the row in force first: a number given twice after a restore may be held by a voided row too (m041)
    row = db.execute("SELECT id, status FROM doc_numbers WHERE number = ? ORDER BY status = 'void' LIMIT 1",
                     [number]).fetchone()
    if row is None:
        raise NotFound(_("No document number {number}.").format(number=number))
    if row[1] == "void":
        raise WorkstationError(_("Document number {number} is already void.").format(number=number))
    with db.atomic():  # one issued, or one a restore kept taken whose document was lost (``lost``)
        db.execute("UPDATE doc_numbers SET status = 'void', void_reason = ?, voided_at = ? WHERE id = ?",
                   [reason.strip(), now(), row[0]])
        audit = AuditWriter(db)
        audit.add("void", "doc_number", row[0], {"status": row[1]}, {"status": "void", "reason": reason.strip()})
        audit.flush()
    return _number_row(db, "id", row[0])


def get_number(db: Database, number: str) -> DocNumber:
    """The 文号 ``number``: its row in force when a voided one holds it too (given twice after a restore, m041)."""
    row = _number_row(db, "number", number)
    if row is None:
        raise NotFound(_("No document number {number}.").format(number=number))
    return row


def _number_row(db: Database, column: str, value: str) -> DocNumber | None:
    row = db.execute("SELECT id, agency_id, type_code, year, serial, number, status, document_id, void_reason "
                     f"FROM doc_numbers WHERE {column} = ? ORDER BY status = 'void', issued_at DESC LIMIT 1",
                     [value]).fetchone()
    return DocNumber(*row) if row is not None else None
