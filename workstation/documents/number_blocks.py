"""Number blocks (号段): serials of one 文号 sequence (agency, type code, year) that headquarters allocated to one
station, so that two laptops of the same bureau never issue the same number (DESIGN §4).

A station holding blocks of a sequence issues inside them only: the lowest serial of its blocks above the
highest it already took in that block; when they are used up, issuing is refused before anything is written
(ask headquarters for a new block). A station holding none issues as without blocks, the next serial after the
highest it took outside other stations' blocks, skipping the serials of the blocks allocated to other stations.
A block never overlaps another block of its sequence nor a serial already issued (one arriving in a bundle that
would is a conflict: ``issued_clash``); one none of whose serials was issued once it was allocated can be withdrawn
(``withdraw_block``). Headquarters holding no block of a sequence a station it trusts numbers in takes no number of
it by itself (``numbering_stations``).

Case numbers (案件编号, 佛南市监立〔2026〕5号: ``store.cases.next_case_number``) use blocks of the type code 立 the
same way, a case number being issued when a case carries it (whatever its status: cases are never deleted) or
carried it (a number changed by an edit, or lost by a restore, is kept taken in ``doc_numbers``:
``keep_case_number``); a station holding 立 blocks takes the lowest serial of its blocks not issued yet."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from workstation.audit import AuditWriter
from workstation.case_reference import serial_reading
from workstation.db import Database
from workstation.db.connection import immediate
from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.records import new_id, now, today


@dataclass(frozen=True)
class NumberBlock:
    id: str
    agency_id: str
    type_code: str
    year: int
    first_serial: int
    last_serial: int
    station_id: str
    allocated_by: str
    allocated_at: str
    note: str = ""

    def holds(self, serial: int) -> bool:
        return self.first_serial <= serial <= self.last_serial


_COLUMNS = ("id, agency_id, type_code, year, first_serial, last_serial, station_id, allocated_by, allocated_at, "
            "note")


def sequence_blocks(db: Database, owner: str, type_code: str, year: int) -> list[NumberBlock]:
    """The blocks of one sequence (``owner`` the numbering agency's id), lowest first."""
    return [NumberBlock(*r) for r in db.execute(
        f"SELECT {_COLUMNS} FROM number_blocks WHERE agency_id = ? AND type_code = ? AND year = ? "
        "ORDER BY first_serial", [owner, type_code, year])]


def own_station_id(db: Database) -> str | None:
    row = db.execute("SELECT id FROM stations WHERE role = 'self'").fetchone()
    return row[0] if row else None


def _own_blocks(db: Database, blocks: list[NumberBlock]) -> list[NumberBlock]:
    """Those of ``blocks`` allocated to this station."""
    station = own_station_id(db)
    return [b for b in blocks if b.station_id == station]


def _past_blocks(serial: int, blocks: list[NumberBlock]) -> int:
    """``serial``, or the first serial after the blocks holding it (``blocks`` lowest first: a block ending where
    the next begins is skipped too)."""
    for block in blocks:
        if block.holds(serial):
            serial = block.last_serial + 1
    return serial


_SEQUENCE = "agency_id = ? AND type_code = ? AND year = ?"
# a doc_numbers row (d) inside a block of its sequence
_IN_A_BLOCK = ("EXISTS (SELECT 1 FROM number_blocks b WHERE b.agency_id = d.agency_id AND b.type_code = d.type_code "
               "AND b.year = d.year AND d.serial BETWEEN b.first_serial AND b.last_serial)")


def _highest(db: Database, owner: str, type_code: str, year: int, condition: str = "1",
             parameters: tuple = ()) -> int:
    return db.execute(f"SELECT COALESCE(MAX(serial), 0) FROM doc_numbers d WHERE {_SEQUENCE} AND {condition}",
                      [owner, type_code, year, *parameters]).fetchone()[0]


def _plain_highest(db: Database, owner: str, type_code: str, year: int) -> int:
    """The highest serial of the sequence issued outside every block."""
    return _highest(db, owner, type_code, year, f"NOT {_IN_A_BLOCK}")


def block_year_held(db: Database, owner: str, type_code: str, year: int) -> int | None:
    """The latest year before ``year`` in which this station held blocks of the sequence (``owner``, ``type_code``),
    or else the earliest later year up to this year in which it holds some; None when neither: such a station
    numbers inside headquarters' blocks, and a year without one is not a year to count on its own (its serial 1 is
    what headquarters hands out first to another station). A block of next year given in December alone does not
    count: the station numbers this year as before."""
    station = own_station_id(db)
    if station is None:
        return None
    row = db.execute("SELECT COALESCE(MAX(year) FILTER (WHERE year < ?1), MIN(year) FILTER (WHERE year > ?1)) "
                     "FROM number_blocks WHERE agency_id = ?2 AND type_code = ?3 AND station_id = ?4 AND year <= ?5",
                     [year, owner, type_code, station, int(today()[:4])]).fetchone()
    return row[0] if row else None


def numbering_stations(db: Database, owner: str) -> list[str]:
    """At headquarters, the stations it trusts that number in the name of ``owner`` (a numbering bureau: their
    agency is it or one of its town offices), as messages name them, by name; [] elsewhere, or when none does.
    Headquarters holding no block of such a sequence takes no number of it by itself (``choose_serial``): the
    number it would take, the next after those it knows of, is the one the station takes next (the same 文号 twice,
    and each side then refuses the other's bundles)."""
    from workstation.documents.numbering import numbering_owner
    from workstation.station_role import at_headquarters

    rows = db.execute("SELECT id, agency_id FROM stations WHERE role = 'trusted' AND agency_id IS NOT NULL").fetchall()
    serving = [station for station, agency in rows if numbering_owner(db, agency) == owner]
    if not serving or not at_headquarters(db):
        return []
    return sorted({station_words(db, station) for station in serving})


def headquarters_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int,
                         stations: list[str]) -> str:
    """The refusal of the next 文号 of a sequence at headquarters, which holds no block of it while ``stations``
    (``numbering_stations``) number in it: allocate a block of it to this installation first."""
    from workstation.station import this_station

    own = this_station(db)
    code = db.execute("SELECT code FROM agencies WHERE id = ?", [owner]).fetchone()
    sequence = sequence_text(abbrev, type_code, year)
    return _("This installation is headquarters, and station {stations} numbers in {sequence} too: a 文号 "
             "headquarters took there without a block of its own could be the very one the station takes, and each "
             "side would then refuse the other's bundles. Allocate a block of {sequence} to this installation first "
             "(on the Exchange page's {tab} tab, “{button}”, choosing this installation; or `numbers allocate "
             "--agency {agency} --type {type} --year {year} --from N --to M --station {station}`), with serials the "
             "station will not reach, then issue again.").format(
        stations="、".join(stations), sequence=sequence, tab=_("Number blocks"), button=_("Allocate number block…"),
        agency=code[0] if code else owner, type=type_code, year=year,
        station=(own.name or own.id) if own is not None else "NAME")


def choose_serial(db: Database, owner: str, type_code: str, year: int) -> int | None:
    """The serial the next 文号 of the sequence takes here, None when this station's blocks are used up, or when
    it held blocks of the sequence in another year but none for ``year`` (``block_year_held``), or at headquarters
    holding no block of a sequence a station it trusts numbers in (``numbering_stations``). It may lie above
    ``numbering.MAX_SERIAL`` (a serial that high typed by hand before): ``numbering`` refuses it."""
    blocks = sequence_blocks(db, owner, type_code, year)
    own = _own_blocks(db, blocks)
    if own:
        for block in own:
            highest = _highest(db, owner, type_code, year, "serial BETWEEN ? AND ?",
                               (block.first_serial, block.last_serial))
            if max(highest, block.first_serial - 1) < block.last_serial:
                return max(highest, block.first_serial - 1) + 1
        return None
    if block_year_held(db, owner, type_code, year) is not None:
        return None
    if numbering_stations(db, owner):
        return None
    if not blocks:
        return _highest(db, owner, type_code, year) + 1
    return _past_blocks(_plain_highest(db, owner, type_code, year) + 1, blocks)


def sequence_text(abbrev: str, type_code: str, year: int) -> str:
    return f"{abbrev}{type_code}〔{year}〕"


def exhausted_refusal(db: Database, agency_id: str, type_code: str, year: int | None = None) -> str | None:
    """Why a document of this type cannot be numbered here: this station's blocks of its sequence (of ``year``,
    by default this year) are used up, or it holds none for that year after holding some in an earlier year
    (``choose_serial``), or, at headquarters, a station it trusts numbers in the sequence and headquarters holds no
    block of it (``headquarters_refusal``); None when a serial is free, or when the station never held blocks of the
    sequence."""
    from workstation.documents.numbering import numbering_agency

    if not type_code:
        return None
    year = year or int(today()[:4])
    owner, abbrev = numbering_agency(db, agency_id)
    if choose_serial(db, owner, type_code, year) is not None:  # past ``MAX_SERIAL`` too: a serial chosen is left
        return None
    return used_up_refusal(db, owner, abbrev, type_code, year)


def add_block_words() -> str:
    """How a station enters the block headquarters gave it, in the window and on the command line."""
    return _("on the Exchange page's {tab} tab, “{button}”, or `numbers add-block`").format(
        tab=_("Number blocks"), button=_("Add number block…"))


def used_up_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int) -> str:
    """The refusal when this station's blocks of the sequence (``owner``, ``type_code``, ``year``) are used up, or
    when it holds none for ``year`` after holding some in another year (``block_year_held``)."""
    own = _own_blocks(db, sequence_blocks(db, owner, type_code, year))
    if year < int(today()[:4]) - 1:  # no block of a year before last can be entered (``block_year_refusal``)
        return past_year_refusal(sequence_text(abbrev, type_code, year), year)
    if not own and (stations := numbering_stations(db, owner)):  # headquarters, holding no block of it
        return headquarters_refusal(db, owner, abbrev, type_code, year, stations)
    held = block_year_held(db, owner, type_code, year)
    if not own and held is not None and held > year:  # a document dated last year, this year's blocks held
        return _("This station has no number block of {sequence} for {year} (it numbers inside headquarters' "
                 "blocks of {later}, and counts no other year on its own): ask headquarters for a block of {year} "
                 "and enter it ({how}).").format(sequence=sequence_text(abbrev, type_code, year), year=year,
                                                 later=held, how=add_block_words())
    if not own:
        return _("This station has no number block of {sequence} for {year} yet (it numbered inside headquarters' "
                 "blocks in {earlier}): ask headquarters for a block of {year} and enter it ({how}).").format(
            sequence=sequence_text(abbrev, type_code, year), year=year, earlier=held, how=add_block_words())
    last = own[-1]
    return _("The number blocks of this station for {sequence} are used up (the last is {first}–{last}): ask "
             "headquarters for a new block and enter it ({how}).").format(
        sequence=sequence_text(abbrev, type_code, year), first=last.first_serial, last=last.last_serial,
        how=add_block_words())


def past_year_refusal(sequence: str, year: int) -> str:
    """The refusal of the next 文号 of ``sequence`` (of ``year``, before last year) when this station's blocks of it
    are used up or it holds none: no block of that year can be entered any more, so the number the document bears
    on paper is given by hand."""
    return _("This station has no free number left in its blocks of {sequence}, and no block of {year} can be entered "
             "any more (a block is of last year, this year or next year). A document dated in {year} takes the 文号 it "
             "bears on paper: issue it with that serial (`docs issue --serial N`, or in the window tick “Use a "
             "serial of my choice” when asked to issue).").format(sequence=sequence, year=year)


def known_type_codes(db: Database | None = None, agency_id: str | None = None) -> list[str]:
    """The 文号 type codes of the document forms (处, 告, 罚 …) and the case numbers' 立: with ``agency_id``, those
    its numbering bureau uses (agencies.toml may set its own, ``numbering.agency_type_codes``) and those of the
    blocks it holds already (of a code changed since, to be withdrawn)."""
    from workstation.formkit.spec import load_forms

    forms, _broken = load_forms()
    if db is None or agency_id is None:
        return sorted({f.type_code for f in forms.values() if f.type_code} | {CASE_TYPE_CODE})
    from workstation.documents.numbering import agency_type_codes, numbering_owner

    held = {r[0] for r in db.execute(  # blocks are held in the numbering bureau's name (a town office's district's)
        "SELECT DISTINCT type_code FROM number_blocks WHERE agency_id = ?", [numbering_owner(db, agency_id)])}
    return sorted(set(agency_type_codes(db, agency_id, forms).values()) | {CASE_TYPE_CODE} | held)


# ---- case numbers (案件编号)

CASE_TYPE_CODE = "立"


_OWNER = "CASE WHEN a.level = 'town' THEN a.parent_id ELSE a.id END"  # the bureau an agency (a) numbers in the name of


def _case_abbreviations(db: Database, owner: str | None = None) -> dict[str, list[str]]:
    """{owner: the 文号 abbreviations its case numbers are written with (its town offices number in its name), and
    those they were written with before the abbreviation was changed (``store.agencies.former_doc_abbrevs``)}, of
    ``owner`` alone or, without it, of every numbering bureau."""
    from workstation.store.agencies import former_doc_abbrevs

    where, parameters = (f"WHERE {_OWNER} = ?", [owner]) if owner else ("", [])
    abbreviations: dict[str, list[str]] = {}
    for bureau, abbrev in db.execute(f"SELECT DISTINCT {_OWNER}, COALESCE(NULLIF(a.doc_abbrev, ''), p.doc_abbrev, "
                                     f"'') FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id {where}",
                                     parameters):
        abbreviations.setdefault(bureau, []).append(abbrev)
    for bureau, former in former_doc_abbrevs(db).items():
        if bureau in abbreviations:
            abbreviations[bureau] += [a for a in former if a not in abbreviations[bureau]]
    return abbreviations


def _case_prefixes(db: Database, owner: str, year: int,
                   abbreviations: dict[str, list[str]] | None = None) -> list[str]:
    """The texts before the serial of the case numbers of ``owner``'s sequence, as
    ``store.cases.next_case_number`` writes them (``abbreviations``: ``_case_abbreviations``, read once for many)."""
    if abbreviations is None:
        abbreviations = _case_abbreviations(db, owner)
    return [sequence_text(abbrev, CASE_TYPE_CODE, year) for abbrev in abbreviations.get(owner, [])]


def case_number_prefixes(db: Database, owner: str, year: int) -> list[str]:
    """The texts before the serial of the case numbers of ``owner``'s sequence of ``year`` (佛南市监立〔2026〕), with
    those of the abbreviations it numbered with before: ``store.cases.next_case_number`` goes on past all of them."""
    return _case_prefixes(db, owner, year)


def case_serial(number: str, prefixes: list[str]) -> int | None:
    """The serial of the case sequence whose texts before the serial are ``prefixes`` (佛南市监立〔2026〕) that the
    case number ``number`` holds: 9 of 佛南市监立〔2026〕9号, and of a number written otherwise with one of those
    abbreviations and that year (佛南市监立〔2026〕57, 佛南市监立字〔2026〕51号, 佛南市监立〔二〇二六〕58号, imported as a
    register wrote them: ``case_reference.serial_reading``), which is not given to another case either; None for a
    number of another sequence. The one reading of a serial of ``case_serials`` and
    ``store.cases.next_case_number``."""
    for prefix in prefixes:
        middle = number[len(prefix):-1]
        if number.startswith(prefix) and number.endswith("号") and middle.isascii() and middle.isdigit():
            return int(middle)
    reading = serial_reading(number)
    return reading[1] if reading is not None and reading[0] in prefixes else None


_case_serial = case_serial  # as ``bundle.merge`` reads the serials of the cases a bundle carries


def glob_text(text: str) -> str:
    """``text`` as a GLOB pattern matching itself (its * ? and [ in brackets)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def numbers_written_otherwise(db: Database, prefixes: list[str]) -> list[str]:
    """The stored case numbers that begin with the abbreviation and 立 of one of ``prefixes`` (佛南市监立 of
    佛南市监立〔2026〕) but are not written as the store writes case numbers (简称立〔年〕N号): those among which
    ``case_serial`` finds a serial of the sequence written otherwise (佛南市监立字〔2026〕51号). Read through the index
    of the case numbers, the numbers written as the store writes them left out in the query."""
    numbers: list[str] = []
    for base in dict.fromkeys(prefix.split("〔", 1)[0] for prefix in prefixes):  # 佛南市监立: every year, any writing
        if base:
            numbers += [r[0] for r in db.execute(
                "SELECT case_number FROM cases WHERE case_number GLOB ? AND case_number NOT GLOB ?",
                [glob_text(base) + "*", glob_text(base) + "〔[0-9][0-9][0-9][0-9]〕[1-9]*号"])]
    return numbers


def case_serials(db: Database, owner: str, year: int, pending: Iterable[str] = ()) -> set[int]:
    """The serials of the case sequence (``owner``, year) that cases carry or carried (``keep_case_number``), also
    written otherwise (``case_serial``), with those of ``pending`` (numbers given to cases not stored yet)."""
    prefixes = _case_prefixes(db, owner, year)
    serials = set(_case_numbers(db, owner, year, prefixes))
    if pending:
        serials |= {s for s in (case_serial(n, prefixes) for n in pending) if s is not None}
    return serials


def _case_numbers(db: Database, owner: str, year: int, prefixes: list[str] | None = None) -> dict[int, str]:
    """The serials of the case sequence (``owner``, ``year``) that cases carry or carried, each with its case number
    as it was issued: as a case carries it (with the abbreviation of its day, 佛南市监立〔2026〕3号 after the bureau took
    南海市监; also written otherwise: ``case_serial``), else as it was kept when no case carried it any more
    (``keep_case_number``). ``prefixes``: the ``_case_prefixes`` of the sequence when the caller read them already."""
    if prefixes is None:
        prefixes = _case_prefixes(db, owner, year)
    numbers: dict[int, str] = {}
    for number in _carried_case_numbers(db, prefixes):
        if (serial := case_serial(number, prefixes)) is not None:
            numbers.setdefault(serial, number)
    # in the order of the index of the sequence: of a serial kept twice, the row the first kept
    for serial, number in db.execute(f"SELECT serial, number FROM doc_numbers WHERE {_SEQUENCE} ORDER BY serial",
                                     [owner, CASE_TYPE_CODE, year]):
        numbers.setdefault(serial, number)
    return numbers


def _carried_case_numbers(db: Database, prefixes: list[str]) -> list[str]:
    """The case numbers cases carry that begin with one of ``prefixes`` (``_case_prefixes``), with those written
    otherwise (``numbers_written_otherwise``), as stored."""
    numbers = [r[0] for prefix in prefixes for r in db.execute(
        "SELECT case_number FROM cases WHERE substr(case_number, 1, ?) = ?", [len(prefix), prefix])]
    return numbers + numbers_written_otherwise(db, prefixes)


def keep_case_number(db: Database, agency_id: str, number: str, reason: str) -> None:
    """Keep ``number``, a case number a case of ``agency_id`` carried and carries no more here (changed by an edit,
    or lost by a restore), taken: a voided row of ``doc_numbers`` (type code 立, no document) saying ``reason``,
    which ``case_serials`` counts, as a voided 文号 is never given again (REFERENCE §3.1). Nothing for a number of
    no case sequence of the agency's numbering bureau, or one whose serial is recorded already."""
    keep_case_numbers(db, [(agency_id, number, reason)])


def keep_case_numbers(db: Database, numbers: Iterable[tuple[str, str, str]]) -> None:
    """``keep_case_number`` of each (agency id, number, reason) of ``numbers`` (the cases a restore lost), reading
    the agencies and the numbers kept already once for all."""
    owners = {r[0]: r[1] for r in db.execute(f"SELECT a.id, {_OWNER} FROM agencies a")}
    abbreviations = _case_abbreviations(db)
    kept = set(db.execute("SELECT agency_id, year, serial FROM doc_numbers WHERE type_code = ?", [CASE_TYPE_CODE]))
    rows = []
    for agency_id, number, reason in numbers:
        owner = owners.get(agency_id)
        bracketed = re.search(r"〔(\d{4})〕", number)
        if owner is None or bracketed is None:
            continue
        year = int(bracketed[1])
        serial = case_serial(number, _case_prefixes(db, owner, year, abbreviations))
        if serial is None or (owner, year, serial) in kept:
            continue
        kept.add((owner, year, serial))
        rows.append((new_id(), owner, CASE_TYPE_CODE, year, serial, number, reason, now(), now()))
    db.conn.executemany("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, "
                        "void_reason, issued_at, voided_at) VALUES (?, ?, ?, ?, ?, ?, 'void', ?, ?, ?)", rows)


def _case_counter(db: Database, owner: str, year: int) -> int:
    row = db.execute("SELECT last FROM number_sequences WHERE agency_id = ? AND kind = 'case' AND year = ?",
                     [owner, year]).fetchone()
    return row[0] if row else 0


def _plain_case_highest(db: Database, owner: str, year: int, blocks: list[NumberBlock], issued: set[int]) -> int:
    """The highest case serial issued outside every block: carried by a case, or taken by this station's counter."""
    outside = [s for s in (*issued, _case_counter(db, owner, year)) if not any(b.holds(s) for b in blocks)]
    return max(outside, default=0)


def choose_case_serial(db: Database, owner: str, year: int, blocks: list[NumberBlock],
                       pending: Iterable[str] = ()) -> int | None:
    """The serial of the next case number of a sequence that has 立 blocks (``blocks``, ``sequence_blocks``): the
    lowest serial of this station's blocks not issued (``case_serials``; None when they are used up), or, for a
    station holding none, the next after the highest issued outside the blocks, past the blocks of other stations."""
    issued = case_serials(db, owner, year, pending)
    own = _own_blocks(db, blocks)
    if own:
        return next((s for b in own for s in range(b.first_serial, b.last_serial + 1) if s not in issued), None)
    if block_year_held(db, owner, CASE_TYPE_CODE, year) is not None:
        return None
    return _past_blocks(_plain_case_highest(db, owner, year, blocks, issued) + 1, blocks)


def has_case_blocks(db: Database) -> bool:
    """Whether any block of case numbers (立) is known here: without one, ``store.cases.next_case_number`` need not
    look for the blocks of each sequence (checked once for a whole register import)."""
    return db.execute("SELECT 1 FROM number_blocks WHERE type_code = ? LIMIT 1", [CASE_TYPE_CODE]).fetchone() is not None


def _agency(db: Database, code: str) -> tuple[str, str]:
    from workstation.documents.numbering import numbering_agency

    row = db.execute("SELECT id FROM agencies WHERE code = ?", [code]).fetchone()
    if row is None:
        raise ValidationError({"--agency": _("No agency with code {code}; `init --help` lists the codes.").format(
            code=code)})
    return numbering_agency(db, row[0])


def check_block_values(db: Database, *, agency_code: str, type_code: str, year: int, first: int,
                       last: int) -> tuple[str, str]:
    """(owner, 文号 abbreviation) of the sequence of a block about to be stored or withdrawn; refused (nothing
    written) when the serials are out of order, below 1 or above ``MAX_SERIAL``, the year not a year of numbers, or the type code or
    agency unknown (``check_new_block`` checks the block's serials too)."""
    if first < 1:
        raise ValidationError({"--from": _("A block starts at serial 1 or above.")})
    from workstation.documents.numbering import MAX_SERIAL, serial_too_large

    if last > MAX_SERIAL:
        raise ValidationError({"--to": serial_too_large(last)})
    if first > last:
        raise ValidationError({"--to": _("The block ends at {last}, before it starts ({first}): give --to at least "
                                         "--from.").format(first=first, last=last)})
    if not 2000 <= year <= 2100:
        raise ValidationError({"--year": _("{year} is not a year of 文号 numbers: give it in full, e.g. 2026.")
                              .format(year=year)})
    owner, abbrev = _agency(db, agency_code)
    codes = known_type_codes(db, owner)
    if type_code not in codes:
        raise ValidationError({"--type": _("No document type uses the code {code}; use one of: {codes}.").format(
            code=type_code, codes="、".join(codes))})
    return owner, abbrev


def block_year_refusal(year: int) -> str | None:
    """Why a new block of ``year`` is refused: a year before last year or after next year can never be, or is not
    yet, numbered (a 文号 is of its document's date's year: ``numbering.number_year``, this year's or, for a
    document dated in December issued in January, last year's). None for last, this and next year."""
    current = int(today()[:4])
    if year < current - 1:
        return _("{year} is past: numbers are taken in {last} at the earliest (a document dated last year); give "
                 "this year's, {current}.").format(year=year, last=current - 1, current=current)
    if year > current + 1:
        return _("{year} is too far ahead: blocks are given for this year ({current}) or, in December, for the "
                 "next ({next}).").format(year=year, current=current, next=current + 1)
    return None


def block_year_warning(year: int) -> str | None:
    """What is said (not refused) of a new block of last year or next year: it serves only the documents dated in
    that year. None for this year's."""
    current = int(today()[:4])
    if year == current - 1:
        return _("The block is of last year ({year}): only documents dated in {year} take its numbers.").format(
            year=year)
    if year == current + 1:
        return _("The block is of next year ({year}): its numbers are taken from 1 January {year} on.").format(
            year=year)
    return None


def _refuse_block_year(year: int) -> None:
    if (refusal := block_year_refusal(year)) is not None:
        raise ValidationError({"--year": refusal})


def issued_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int, first: int, last: int,
                   blocks: list[NumberBlock]) -> str | None:
    """Why a block ``first``–``last`` of a sequence (``blocks``: those held here) cannot be taken: a serial inside
    it is issued already, or serials are issued outside every block up to ``first`` or above (a station holding no
    block counts on from there: the holder of the block would issue those numbers a second time). None when
    neither."""
    sequence = sequence_text(abbrev, type_code, year)
    if type_code == CASE_TYPE_CODE:  # case numbers: issued when a case carries them
        numbers = _case_numbers(db, owner, year)
        issued = set(numbers)
        inside = min((s for s in issued if first <= s <= last), default=None)
        number = None if inside is None else numbers[inside]
    else:
        row = db.execute(f"SELECT serial, number FROM doc_numbers WHERE {_SEQUENCE} AND serial BETWEEN ? AND ? "
                         "ORDER BY serial LIMIT 1", [owner, type_code, year, first, last]).fetchone()
        inside, number = row if row else (None, None)
    if inside is not None:
        # the 文号 as issued, on paper and in the register (the abbreviation of its day), not one rebuilt with the
        # abbreviation the bureau has now, which was never issued
        return _("{number} is already issued: a block holds only serials not yet issued.").format(
            number=number or f"{sequence}{inside}号")
    plain = (_plain_case_highest(db, owner, year, blocks, issued) if type_code == CASE_TYPE_CODE
             else _plain_highest(db, owner, type_code, year))
    if first <= plain:
        return _("{sequence} has been issued up to {serial}号 outside any block: a new block starts above it, at "
                 "{next} or more.").format(sequence=sequence, serial=plain, next=plain + 1)
    return None


def issued_clash(db: Database, owner: str, type_code: str, year: int, first: int, last: int) -> int | None:
    """For a block ``first``–``last`` of a sequence arriving in a bundle: the highest serial issued here that it
    would hand out again, or that a station holding no block counted on from (issued inside it, or outside every
    block held here at ``first`` or above), None when there is none."""
    blocks = sequence_blocks(db, owner, type_code, year)
    if type_code == CASE_TYPE_CODE:
        issued = case_serials(db, owner, year)
        plain = _plain_case_highest(db, owner, year, blocks, issued)
        inside = max((s for s in issued if first <= s <= last), default=None)
    else:
        plain = _plain_highest(db, owner, type_code, year)
        inside = db.execute(f"SELECT MAX(serial) FROM doc_numbers WHERE {_SEQUENCE} AND serial BETWEEN ? AND ?",
                            [owner, type_code, year, first, last]).fetchone()[0]
    if first <= plain:
        return max(plain, inside or 0)
    return inside


def block_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int, first: int,
                  last: int) -> str | None:
    """Why a new block ``first``–``last`` of a sequence cannot be stored here: it overlaps a block held here, or
    serials issued already (``issued_refusal``). None when it can."""
    sequence = sequence_text(abbrev, type_code, year)
    blocks = sequence_blocks(db, owner, type_code, year)
    for other in blocks:
        if other.first_serial <= last and first <= other.last_serial:
            return _("{sequence}{first}–{last} overlaps the block {other_first}–{other_last} of station {station}: "
                     "choose serials outside it.").format(
                sequence=sequence, first=first, last=last, other_first=other.first_serial,
                other_last=other.last_serial, station=station_words(db, other.station_id))
    return issued_refusal(db, owner, abbrev, type_code, year, first, last, blocks)


def _refuse_block(db: Database, owner: str, abbrev: str, type_code: str, year: int, first: int, last: int) -> None:
    refusal = block_refusal(db, owner, abbrev, type_code, year, first, last)
    if refusal is not None:
        raise WorkstationError(refusal)


def _agency_text(db: Database, agency_id: str | None) -> str:
    row = db.execute("SELECT name, code FROM agencies WHERE id = ?", [agency_id]).fetchone() if agency_id else None
    return f"{row[0]}（{row[1]}）" if row else str(agency_id or "")


def station_agency_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int, first: int, last: int,
                           station_name: str, station_agency: str | None) -> str | None:
    """Why a block of ``owner``'s sequence cannot go to a station working for ``station_agency``: a station issues
    the numbers of its own agency only (a town office's are its district bureau's), so a block of another agency's
    sequence would let it take that agency's numbers. None when the agencies match, or when the station chose no
    agency (it numbers for whichever agency its cases are of, as a city bureau's)."""
    from workstation.documents.numbering import numbering_owner

    if not station_agency or numbering_owner(db, station_agency) == owner:
        return None
    block = f"{sequence_text(abbrev, type_code, year)}{first}–{last}"
    return _("The block {block} holds the numbers of {agency}, but station {station} works for {station_agency}: "
             "a station takes blocks of its own agency or of one of its town offices only.").format(
        block=block, agency=_agency_text(db, owner), station=station_name,
        station_agency=_agency_text(db, station_agency))


def withdrawal_given_up(db: Database, station_id: str, block_id: str, withdrawn_at: str,
                        withdrawn: dict | None = None) -> bool:
    """Whether station ``station_id`` confirmed giving up the block ``block_id`` withdrawn here at ``withdrawn_at``:
    its log, as its bundles brought it here, withdraws that block (by its id), or withdraws a block it took from a
    bundle (``merge_withdraw``: the other side's copy, entered there under another id) after that time; or the
    withdrawal here was the station's own (it withdrew its entry of the block, under its own id: merged here as
    ``given_up_by``); or, with ``withdrawn`` (the kept withdrawal), the block never left here: allocated here and
    withdrawn before any hand-out to that station was written (``bundle_exports``)."""
    if withdrawn is not None and withdrawn.get("given_up_by") == station_id:
        return True
    if withdrawn is not None and _never_handed_out(db, station_id, block_id, str(withdrawn.get("allocated_at") or ""),
                                                   withdrawn_at):
        return True
    return db.execute("SELECT 1 FROM station_audit WHERE station_id = ? AND entity = 'number_block' AND ("
                      "(action IN ('withdraw', 'merge_withdraw') AND entity_id = ?) "
                      "OR (action = 'merge_withdraw' AND at >= ?)) LIMIT 1",
                      [station_id, block_id, withdrawn_at]).fetchone() is not None


def _never_handed_out(db: Database, station_id: str, block_id: str, allocated_at: str, withdrawn_at: str) -> bool:
    """Whether the block ``block_id``, allocated here, was withdrawn here before any bundle that could carry it to
    ``station_id`` was written: no hand-out for that station, nor one for every station, between its allocation
    and its withdrawal. The station never held it, so it has nothing to confirm."""
    if not allocated_at or not withdrawn_at:
        return False
    if db.execute("SELECT 1 FROM audit WHERE entity = 'number_block' AND action = 'allocate' AND entity_id = ? "
                  "LIMIT 1", [block_id]).fetchone() is None:
        return False  # a block merged from a station's bundle: the station held it from the start
    return db.execute("SELECT 1 FROM bundle_exports WHERE created_at >= ? AND created_at <= ? "
                      "AND (destination_id IS NULL OR destination_id = ?) LIMIT 1",
                      [allocated_at, withdrawn_at, station_id]).fetchone() is None


def unconfirmed_withdrawal_refusal(db: Database, owner: str, abbrev: str, type_code: str, year: int, first: int,
                                   last: int, station_id: str) -> str | None:
    """Why the block ``first``–``last`` of a sequence cannot go to ``station_id``: it overlaps a block withdrawn
    here from another station that has not confirmed giving it up yet (``withdrawal_given_up``): that station may
    have issued numbers of it before the withdrawal reached it, and refused it. None when it does not."""
    own = own_station_id(db)
    for key, withdrawn in withdrawn_blocks(db).items():
        holder = withdrawn.get("station_id")
        if (holder in (None, station_id, own) or withdrawn.get("agency_id") != owner
                or withdrawn.get("type_code") != type_code or withdrawn.get("year") != year
                or not (withdrawn.get("first_serial", 0) <= last and first <= withdrawn.get("last_serial", 0))):
            continue
        if withdrawal_given_up(db, holder, key, str(withdrawn.get("withdrawn_at") or ""), withdrawn):
            continue
        return _("{sequence}{first}–{last} overlaps the block {other_first}–{other_last} withdrawn from station "
                 "{station}, which has not confirmed giving it up yet (it may have issued numbers of it): import a "
                 "bundle of that station made after it took the withdrawal, then allocate again (or, when that station "
                 "will never send one, a lost laptop, allocate with --despite-withdrawal).").format(
            sequence=sequence_text(abbrev, type_code, year), first=first, last=last,
            other_first=withdrawn.get("first_serial"), other_last=withdrawn.get("last_serial"),
            station=station_words(db, holder))
    return None


def signed_in_officer(db: Database) -> str:
    """The officer acting here (signed in to the window, or named with ``--officer``) as the officers' register
    names them; "" when the account acting is no officer's (the operating-system account is never recorded)."""
    from workstation.audit import current_actor

    row = db.execute("SELECT name FROM officers WHERE name = ? LIMIT 1", [current_actor()]).fetchone()
    return row[0] if row else ""


def check_new_block(db: Database, *, agency_code: str, type_code: str, year: int, first: int, last: int,
                    station_name: str = "", station_agency: str | None = None) -> None:
    """Refuse a new block as ``add_block`` would (``check_block_values``, then ``block_refusal``, and, with
    ``station_name``, ``station_agency_refusal``), for a caller that must refuse it before writing anything else:
    ``numbers add-block`` makes the station's identity first."""
    owner, abbrev = check_block_values(db, agency_code=agency_code, type_code=type_code, year=year, first=first,
                                       last=last)
    _refuse_block_year(year)
    if station_name:
        refusal = station_agency_refusal(db, owner, abbrev, type_code, year, first, last, station_name,
                                         station_agency)
        if refusal is not None:
            raise ValidationError({"--agency": refusal})
    _refuse_block(db, owner, abbrev, type_code, year, first, last)


def add_block(db: Database, *, agency_code: str, type_code: str, year: int, first: int, last: int,
              station_id: str, note: str = "", action: str = "allocate",
              despite_withdrawal: bool = False) -> NumberBlock:
    """Record a block of serials ``first``–``last`` of a sequence for ``station_id`` (``action`` allocate:
    headquarters giving it; add_block: a station entering the block it was given). Refused, with nothing stored,
    when the range is empty or outside the year's numbers, the agency, type code or station unknown, or it
    overlaps another block or a serial already issued (or lies below the numbers already issued), or a block
    withdrawn from another station not yet given up there (``unconfirmed_withdrawal_refusal``) — unless
    ``despite_withdrawal`` (headquarters knows that station will never send a bundle again: a lost laptop), audited
    as allocate_despite_withdrawal with the refusal it overrode."""
    from workstation.station import known_station

    owner, abbrev = check_block_values(db, agency_code=agency_code, type_code=type_code, year=year, first=first,
                                       last=last)
    _refuse_block_year(year)  # a year no document can be numbered in (withdrawing an old block stays possible)
    station = known_station(db, station_id)
    if station is None:
        raise ValidationError({"--station": _("No station “{id}” is known here; `station list` shows the stations.")
                              .format(id=station_id)})
    # headquarters allocating a block to itself numbers for any agency (a document of any station's case)
    refusal = None if action == "allocate" and station.role == "self" else station_agency_refusal(
        db, owner, abbrev, type_code, year, first, last, station.name or station.id, station.agency_id)
    if refusal is not None:
        raise ValidationError({"--agency": refusal})
    with immediate(db):  # checked and stored in one write transaction: no other copy slips a block in between
        _refuse_block(db, owner, abbrev, type_code, year, first, last)
        refusal = unconfirmed_withdrawal_refusal(db, owner, abbrev, type_code, year, first, last, station.id)
        if refusal is not None and not despite_withdrawal:
            raise WorkstationError(refusal)
        audit = AuditWriter(db)
        block = NumberBlock(id=new_id(), agency_id=owner, type_code=type_code, year=year, first_serial=first,
                            last_serial=last, station_id=station.id, allocated_by=signed_in_officer(db), allocated_at=now(),
                            note=note.strip())
        row = asdict(block)
        db.execute(f"INSERT INTO number_blocks ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                   list(row.values()))
        audit.add(action, "number_block", block.id, None, row)
        if refusal is not None:
            audit.add("allocate_despite_withdrawal", "number_block", block.id, None, {"overrode": refusal})
        audit.flush()
    return block


def list_blocks(db: Database) -> list[dict]:
    """Every block known here, by sequence and serial, with its agency code, sequence text, station name and the
    serials issued inside it that this database knows of."""
    from workstation.store.agencies import recorded_officer_sql

    rows = db.execute(
        "SELECT b.id, a.code, COALESCE(NULLIF(a.doc_abbrev, ''), a.short_name), b.type_code, b.year, "
        "b.first_serial, b.last_serial, b.station_id, COALESCE(s.name, ''), s.role, "
        # who allocated it when an officer of the register (blocks of earlier versions kept the system account)
        f"{recorded_officer_sql('b.allocated_by', 'b.allocated_at')}, b.allocated_at, "  # theirs then (m057)
        # the serials issued inside it once it was allocated (those a station issued before, outside any block, are
        # not its: ``highest_issued_in``)
        "b.note, (SELECT COUNT(DISTINCT d.serial) FROM doc_numbers d WHERE d.agency_id = b.agency_id AND d.type_code = b.type_code "
        "AND d.year = b.year AND d.serial BETWEEN b.first_serial AND b.last_serial "
        "AND d.issued_at >= b.allocated_at), b.agency_id "
        "FROM number_blocks b JOIN agencies a ON a.id = b.agency_id LEFT JOIN stations s ON s.id = b.station_id "
        "ORDER BY a.code, b.type_code, b.year, b.first_serial").fetchall()
    keys = ("id", "agency", "abbrev", "type", "year", "from", "to", "station", "station_name", "station_role",
            "allocated_by", "allocated_at", "note", "issued", "owner")
    result = []
    case_issued: dict[tuple[str, int], set[int]] = {}
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        owner = item.pop("owner")
        if item["type"] == CASE_TYPE_CODE:  # case numbers: the cases carrying a serial of the block
            if (owner, item["year"]) not in case_issued:
                case_issued[owner, item["year"]] = case_serials(db, owner, item["year"])
            item["issued"] = sum(item["from"] <= s <= item["to"] for s in case_issued[owner, item["year"]])
        item["sequence"] = sequence_text(item.pop("abbrev"), item["type"], item["year"])
        item["own"] = item.pop("station_role") == "self"
        result.append(item)
    # the holder as lists show it: two stations of one name (a replaced laptop) told apart by their fingerprints
    from workstation.station import distinct_labels, list_stations

    labels = distinct_labels(list_stations(db), unnamed_fingerprint=False)
    for item in result:
        item["station_label"] = labels.get(item["station"]) or unknown_station_label(item["station"])
    return result


def unknown_station_label(station_id: str) -> str:
    """A station not known here (headquarters' hand-out brings the blocks of every station of the bureau, not their
    cards) as lists show it: "another station" with the start of its id — 其他站点（e51af3ce…）, not the raw id."""
    return _("another station ({start}…)").format(start=str(station_id or "")[:8])


def holder_name(db: Database, station_id: str) -> str | None:
    """The name of the station ``station_id`` as messages put it after the word "station" (``station_label``), None
    when the station is not known here (``unknown_station_label``)."""
    from workstation.station import known_station, station_label

    holder = known_station(db, station_id)
    return station_label(holder.name, holder.fingerprint) if holder is not None else None


def station_words(db: Database, station_id: str) -> str:
    """The station ``station_id`` as messages name it after their word "station" (站点): its name (``holder_name``),
    or, not known here, the start of its id said to be unknown — station 3a8c284e… (not known here), never the raw
    id (lists say "another station", ``unknown_station_label``)."""
    return holder_name(db, station_id) or _("{start}… (not known here)").format(start=str(station_id or "")[:8])


def highest_issued_in(db: Database, block: dict, since_allocated: bool = False) -> int | None:
    """The highest serial of ``block`` (a ``number_blocks`` row) issued here (for 立, carried by a case), None when
    none is. ``since_allocated``: of a 文号 sequence, only those issued once the block was allocated (a station may
    have issued serials of it before, outside any block, which headquarters learns from its bundle)."""
    owner, type_code, year = block["agency_id"], block["type_code"], block["year"]
    first, last = block["first_serial"], block["last_serial"]
    if type_code == CASE_TYPE_CODE:
        return max((s for s in case_serials(db, owner, year) if first <= s <= last), default=None)
    if since_allocated:
        return _highest(db, owner, type_code, year, "serial BETWEEN ? AND ? AND issued_at >= ?",
                        (first, last, block["allocated_at"])) or None
    return _highest(db, owner, type_code, year, "serial BETWEEN ? AND ?", (first, last)) or None


def refused_by_its_station(db: Database, block: NumberBlock) -> bool:
    """Whether the station ``block`` was allocated to, here at headquarters, refused it (``block_refusals``: its
    bundle raised a conflict over the block, never withdrawn here before — a refusal of a withdrawal is of a block
    withdrawn). The station never held it: the serials it issued inside it are its own, outside any block."""
    from workstation.bundle.tables import BLOCK_FIELD

    if block.id in withdrawn_kept(db) or db.execute(
            "SELECT 1 FROM audit WHERE entity = 'number_block' AND action = 'allocate' AND entity_id = ? LIMIT 1",
            [block.id]).fetchone() is None:
        return False
    return db.execute("SELECT 1 FROM conflicts WHERE tbl = 'number_blocks' AND record_id = ? AND field = ? "
                      "AND station_id = ? LIMIT 1", [block.id, BLOCK_FIELD, block.station_id]).fetchone() is not None


# {block id: the withdrawn block's row with ``withdrawn_at``} of the blocks withdrawn here (``numbers withdraw``, or
# a withdrawal merged from a bundle): the audit keeps only digests, and a bundle carries the withdrawals with their
# serials, so that the other side finds its own copy of the block (entered there under another id). A block held
# here again (restored as its station's: ``bundle.merge._restored_block``) is withdrawn no longer.
WITHDRAWN_KEY = "number_blocks_withdrawn"


def withdrawn_kept(db: Database) -> dict[str, dict]:
    """Every withdrawal kept here, of a block held here again too."""
    import json

    row = db.execute("SELECT value FROM settings WHERE key = ?", [WITHDRAWN_KEY]).fetchone()
    return json.loads(row[0]) if row else {}


def withdrawn_blocks(db: Database) -> dict[str, dict]:
    """The blocks withdrawn here (``WITHDRAWN_KEY``) and not held here again."""
    kept = withdrawn_kept(db)
    held = _held_again(db, kept)
    return {key: value for key, value in kept.items() if key not in held}


# what makes a block held here the same as a withdrawn one kept under another id (the station's entry of it), or a
# bundle's block the same as one held or withdrawn here (``bundle.merge``)
BLOCK_SAME = ("agency_id", "type_code", "year", "first_serial", "last_serial", "station_id")


def _held_again(db: Database, kept: dict[str, dict]) -> set[str]:
    """The ids of ``kept`` (withdrawn blocks, or just ids) held here again: by that id, or a block of the same
    serials and station (restored under the station's id)."""
    held = {tuple(r) for r in db.execute(f"SELECT id, {', '.join(BLOCK_SAME)} FROM number_blocks")}
    ids = {r[0] for r in held}
    same = {r[1:] for r in held}
    return {key for key, value in kept.items()
            if key in ids or (isinstance(value, dict) and all(c in value for c in BLOCK_SAME)
                              and tuple(value[c] for c in BLOCK_SAME) in same)}


def remember_withdrawn(db: Database, row: dict, withdrawn_at: str, given_up_by: str | None = None) -> None:
    """Keep ``row`` (a block just withdrawn here, inside the caller's transaction) among ``withdrawn_blocks``;
    ``given_up_by``: the block's station, when the withdrawal is its own (merged from its bundle) or headquarters
    withdraws a block that station refused (its serials free for another station at once)."""
    import json

    kept = withdrawn_kept(db)  # a block held here again keeps its entry: by it, ``_held_again`` knows it
    kept[row["id"]] = {**{k: v for k, v in row.items() if k != "id"}, "withdrawn_at": withdrawn_at,
                       **({"given_up_by": given_up_by} if given_up_by else {})}
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [WITHDRAWN_KEY, json.dumps(kept, ensure_ascii=False, sort_keys=True)])


# the fields of a withdrawal a bundle carries besides the block's id (``block_withdrawals``)
WITHDRAWAL_FIELDS = ("agency_id", "type_code", "year", "first_serial", "last_serial", "station_id", "allocated_at",
                     "withdrawn_at")


def block_withdrawals(db: Database) -> list[dict]:
    """Every withdrawal of a block made or merged here, for a bundle: {"id", and, when kept (withdrawn by this
    version or later), the block's sequence, serials, station and the times it was allocated and withdrawn}. Not
    a block held here again since (restored)."""
    stored = withdrawn_kept(db)
    ids = [r[0] for r in db.execute("SELECT entity_id FROM audit WHERE entity = 'number_block' "
                                    "AND action IN ('withdraw', 'merge_withdraw') ORDER BY seq")]
    held = _held_again(db, {key: None for key in ids} | stored)
    kept = {key: value for key, value in stored.items() if key not in held}
    ids = [key for key in ids if key not in held]
    result = []
    for key in dict.fromkeys([*ids, *kept]):
        said = kept.get(key, {})
        result.append({"id": key, **{f: said[f] for f in WITHDRAWAL_FIELDS if f in said}})
    return sorted(result, key=lambda w: w["id"])


# an entry of ``WITHDRAWALS_MEMBER`` that is no withdrawal but this station's refusal of a block of headquarters, or
# of its withdrawal (``block_refusals``): its id names no block, and it carries none of ``WITHDRAWAL_FIELDS``, so a
# version that does not know refusals finds no block it withdraws and passes it by
REFUSAL_PREFIX = "refusal:"


def block_refusals(db: Database) -> list[dict]:
    """This station's refusals of the blocks headquarters gave it, and of headquarters' withdrawals of them (the
    conflicts its hand-outs raised here over number blocks), for the bundle to headquarters: {"id": "refusal:" and
    the conflict's id, "refusal": "block" or "withdrawal", "block_id": headquarters' block (or this station's copy of
    it), "block": the block held here (a refused withdrawal), "why": what is held here against it, "refused_at"}.
    None at headquarters, or at a station that names none. Only of blocks given to this station (headquarters
    passes by one over another station's block too: ``bundle.merge._block_refusals``)."""
    hq = db.execute("SELECT id FROM stations WHERE role = 'hq'").fetchone()
    if hq is None:
        return []
    own = own_station_id(db)
    result = []
    for conflict_id, record_id, why, detected_at in db.execute(
            "SELECT id, record_id, COALESCE(local_value, ''), detected_at FROM conflicts WHERE tbl = 'number_blocks' "
            "AND station_id = ? ORDER BY detected_at, id", [hq[0]]).fetchall():
        held = db.execute(f"SELECT {_COLUMNS} FROM number_blocks WHERE id = ?", [record_id]).fetchone()
        if held and NumberBlock(*held).station_id != own:
            continue  # a conflict over another station's block (a hand-out carries them): no refusal of this one's
        entry = {"id": REFUSAL_PREFIX + conflict_id, "refusal": "withdrawal" if held else "block",
                 "block_id": record_id, "why": why, "refused_at": detected_at}
        if held:
            block = asdict(NumberBlock(*held))
            entry["block"] = {k: block[k] for k in WITHDRAWAL_FIELDS if k != "withdrawn_at"}
        result.append(entry)
    return result


def withdraw_block(db: Database, *, agency_code: str, type_code: str, year: int, first: int, last: int,
                   headquarters: bool) -> dict:
    """Withdraw the block ``first``–``last`` of a sequence (as ``list_blocks`` gave it; audited, action withdraw):
    at headquarters any block, at a station one it entered itself (``numbers add-block``). Refused, with nothing
    changed, when no block here has exactly those serials, when a station did not enter it, or when a serial of it
    was issued once it was allocated (naming the highest) — save at headquarters a block its station refused
    (``refused_by_its_station``): the serials that station issued in it were issued outside any block, and stay
    issued (no block is allocated over them again: ``issued_refusal``). A bundle bringing the block again does not add it back, and the next bundle
    made here carries the withdrawal (``block_withdrawals``): the other side withdraws its own copy when none of
    its serials was issued there (``bundle.merge``)."""
    owner, abbrev = check_block_values(db, agency_code=agency_code, type_code=type_code, year=year, first=first,
                                       last=last)
    sequence = sequence_text(abbrev, type_code, year)
    with immediate(db):
        blocks = sequence_blocks(db, owner, type_code, year)
        block = next((b for b in blocks if (b.first_serial, b.last_serial) == (first, last)), None)
        if block is None:
            held = "、".join(f"{b.first_serial}–{b.last_serial}" for b in blocks)
            raise WorkstationError((_("No block {sequence}{first}–{last}号 is held here; the blocks of the sequence "
                                      "are {blocks}: give one of them exactly.") if held else
                                    _("No block {sequence}{first}–{last}号 is held here; `numbers blocks` lists the "
                                      "blocks.")).format(sequence=sequence, first=first, last=last, blocks=held))
        entered = db.execute("SELECT 1 FROM audit WHERE entity = 'number_block' AND action = 'add_block' "
                             "AND entity_id = ? LIMIT 1", [block.id]).fetchone() is not None
        if not headquarters and not entered:
            raise WorkstationError(_("{sequence}{first}–{last}号 was not entered at this station: only headquarters "
                                     "withdraws it.").format(sequence=sequence, first=first, last=last))
        refused = headquarters and refused_by_its_station(db, block)
        used = None if refused else highest_issued_in(db, asdict(block), since_allocated=True)
        if used is not None:
            raise WorkstationError(_("{sequence}{first}–{last}号 cannot be withdrawn: its serials are issued up to "
                                     "{serial}号 (a number once issued stays issued).").format(
                sequence=sequence, first=first, last=last, serial=used))
        item = next(b for b in list_blocks(db) if b["id"] == block.id)
        row = asdict(block)
        db.execute("DELETE FROM number_blocks WHERE id = ?", [block.id])
        audit = AuditWriter(db)
        audit.add("withdraw", "number_block", block.id, row, None)
        # a block its station refused was given up there: it may go to another station at once
        remember_withdrawn(db, row, now(), given_up_by=block.station_id if refused else None)
        audit.flush()
    return item
