"""Case numbers as officers type them: 佛南市监立〔2026〕9号 is also written with [2026], 【2026】, (2026) or
（2026）, with full-width digits, or with spaces around it. ``number_key`` reads every such writing as the one the
store writes (〔year〕, ASCII digits, no spaces), so a command given a case number finds the case however the
number was typed (``store.cases.find_case``); the store keeps a number typed so in that writing, and a search
typed so finds it (``search_key``). ``number_warnings`` says what to check in a number (another agency's prefix, a
year not the filing year), ``number_year_refusal`` refuses a year still to come."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workstation.db import Database
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _

_DIGITS = to_ascii(DIGITS)
#: the invisible format characters a cell or a number copied from a web page, a chat or a workbook may carry: the soft
#: hyphen, zero-width space, (non-)joiner and direction marks, the embedding, override and isolate controls, word
#: joiner and the invisible operators, and the BOM — read as spaces are, left out. ``documents.glyphs._INVISIBLE`` is
#: not this set: a printed text keeps the direction controls and loses the variation selectors (U+FE00–U+FE0F,
#: U+E0100–U+E01EF), which an emoji keeps
INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_SPACES = re.compile(f"[\\s{INVISIBLE}]+")
# a four-digit year in any of the brackets 〔〕 is typed as (ASCII and full-width square and round brackets, 【】,
# 〖〗 and the small tortoise-shell brackets ﹝﹞)
_YEAR = re.compile(r"[\[［【〖〔﹝(（](\d{4})[\]］】〗〕﹞)）]")


# what number_key may change: most numbers (a register's, row after row) hold none of it and are returned at once
_TO_CHANGE = re.compile("[\\s" + INVISIBLE + "\\[［【〖﹝(（\\]］】〗﹞)）第" + "".join(map(chr, _DIGITS)) + "]|〕0")
# the serial after the year written with 第 or leading zeros (第10号, 010号): a serial has neither (REFERENCE §3.1)
_SERIAL = re.compile(r"〕第?0*(?=\d)")


def number_key(text: str) -> str:
    """``text`` as the store writes case numbers: digits in ASCII, the year in 〔〕, no spaces anywhere, the serial
    without 第 or leading zeros (佛南市监立〔2026〕010号 and 〔2026〕第10号 are 〔2026〕10号)."""
    if not _TO_CHANGE.search(text):
        return text
    plain = _SPACES.sub("", text.translate(_DIGITS))
    return _SERIAL.sub("〕", _YEAR.sub(r"〔\1〕", plain))


#: what the ``cases`` table holds in place of a number for a case not filed (待立案, 不予立案, decided on the spot):
#: a 立 number belongs to a case once it is filed (REFERENCE §3.1), but the column is NOT NULL UNIQUE, so such a case
#: keeps this mark and its id there; the store reads it as no number (""), and shown anywhere it still says 未立案
UNFILED_MARK = "未立案·"
#: how a case not filed reads where its number would be, in every language (a search for it finds such cases)
UNFILED_SHOWN = "未立案"
#: SQL: the case number a ``cases`` row has, '' for a case not filed (``UNFILED_MARK``)
FILED_NUMBER_SQL = f"(CASE WHEN substr(case_number, 1, {len(UNFILED_MARK)}) = '{UNFILED_MARK}' THEN '' ELSE case_number END)"


def stored_number(case_number: str, case_id: str) -> str:
    """What the ``cases`` table holds as the number ``case_number`` of case ``case_id`` (none: the unfiled mark)."""
    return case_number or UNFILED_MARK + case_id


def filed_number(stored: str | None) -> str:
    """The case number a stored one stands for: "" for a case not filed (``UNFILED_MARK``)."""
    return "" if not stored or stored.startswith(UNFILED_MARK) else stored


def case_named(number: str | None, party: str = "", cause: str = "") -> str:
    """How a message names a case: by its number, or, for a case not filed (no number, or the stored
    ``UNFILED_MARK``), by its party and cause: （未立案：佛山市某某公司，涉嫌……案）, phone and ID numbers in them masked
    as in every list."""
    if filed := filed_number(number):
        return filed
    from workstation.masking import mask_text  # loaded when a case not filed is named, not at start-up

    return _("(not filed: {party}, {cause})").format(party=mask_text(party) or "—", cause=mask_text(cause) or "—")


def cases_numbered(db: Database, reference: str) -> list[str]:
    """The ids of the cases whose case number reads as ``reference`` does (``number_key``): none, one, or several
    when stored numbers differ only in their writing (then which one is meant cannot be told)."""
    key = number_key(reference)
    return [case_id for case_id, _number in _reading_as(db, key)] if key else []


# SQL: a stored number number_key would change other than by its year's brackets (which a GLOB's ? stands for): a
# space or invisible character (``INVISIBLE``), a full-width digit, 第, or a zero after a closing bracket (〔2026〕010号)
_WRITTEN_OTHERWISE = ("(case_number GLOB '*[\t-\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
                      f"{INVISIBLE}０-９第]*' OR case_number GLOB '*[]〕］】〗﹞)）]0*')")


def _reading_as(db: Database, key: str, *, written_otherwise: bool = False) -> list[tuple[str, str]]:
    """(id, stored number) of the cases whose stored number reads as ``key`` (``number_key``): every stored number
    read, or with ``written_otherwise`` only those not written as the store writes numbers (``_WRITTEN_OTHERWISE``,
    picked out by SQLite)."""
    where = _WRITTEN_OTHERWISE if written_otherwise else "case_number != ''"
    return [(case_id, stored) for case_id, stored in db.execute(f"SELECT id, case_number FROM cases WHERE {where}")
            if number_key(stored) == key]


# while a search is typed a year's bracket may stand alone: (2026 or 2026] is searched as 〔2026 or 2026〕
_OPEN_YEAR = re.compile(r"[\[［【〖﹝(（](?=\d{4}(?!\d))")
_CLOSE_YEAR = re.compile(r"(?<=(?<!\d)\d{4})[\]］】〗﹞)）]")
# the round brackets of a name (佛山市某某餐饮店（桂城分店）) as it is written in Chinese, full-width
_NAME_BRACKETS = str.maketrans("()", "（）")


def search_key(text: str) -> str:
    """A search text as stored case numbers are written: digits in ASCII and a year's brackets, even one alone, as
    〔〕 (a search for 佛南市监立(2026)5号, (2026)5号 or 2026]5 finds 佛南市监立〔2026〕5号); other round brackets as
    names are written, full-width (餐饮店(桂城 finds 某某餐饮店（桂城分店）: ``store.parties.party_name_key`` reads them
    as one name; the text as typed is searched too, for a name stored with half-width ones); spaces are kept, as a
    party's name or a cause may hold them."""
    plain = text.translate(_DIGITS)
    return _CLOSE_YEAR.sub("〕", _OPEN_YEAR.sub("〔", plain)).translate(_NAME_BRACKETS)


def case_number_typed(text: str) -> str:
    """The case number ``text`` reads as however it was typed (spaces, other brackets, full-width digits, 第 or
    leading zeros: 佛南市监立 (2026) 第09号 is 佛南市监立〔2026〕9号), as the store writes it; "" when it reads as
    none (a case number is written 简称立〔年〕号)."""
    key = number_key(search_key(text))
    return key if _CASE_NUMBER.match(key) else ""


def numbered_alike(db: Database, number: str) -> list[tuple[str, str]]:
    """(id, stored number) of the cases whose number reads as ``number`` does (``number_key``), its year written
    in any brackets; found through a GLOB on the key with the brackets left open (any one character), which the
    unique index of case numbers serves up to the first bracket, so without reading every case. When it finds none,
    the stored numbers written otherwise than the store writes them are read through ``number_key`` too (as
    ``cases_numbered`` reads them, those alone: SQLite picks them out, ``_WRITTEN_OTHERWISE``): one an earlier register
    import stored with an invisible character (佛南市监立〔2026〕301号 and U+200B, before ``number_key`` left them out)
    is as long as no key, so the GLOB misses it, and a case given the number again could not be told from it
    (``store.cases.find_case``)."""
    key = number_key(number)
    if not key:
        return []
    pattern = "".join(f"[{c}]" if c in "*?[" else "?" if c in "〔〕" else c for c in key)
    rows = db.execute("SELECT id, case_number FROM cases WHERE case_number GLOB ?", [pattern])
    found = [(case_id, stored) for case_id, stored in rows if number_key(stored) == key]
    return found or _reading_as(db, key, written_otherwise=True)


# a case number as the store writes it: 佛南市监立〔2026〕9号 (the agency's 文号 abbreviation, 立, the year, the serial)
_CASE_NUMBER = re.compile(r"^(?P<prefix>.*)〔(?P<year>\d{4})〕\d+号$")
# ... and as REFERENCE §3.1 shapes it: an abbreviation before 立 (佛顺市监大良立 of a town office too)
_SHAPED = re.compile(r"^.+立〔\d{4}〕[1-9]\d*号$")
# a number written otherwise, as registers have it (``serial_reading``): 立字 for 立, the year in any brackets or
# none, in Chinese numerals (二〇二六), 第 or leading zeros before the serial, 号 left out or more after it (57号-1)
_VARIANT = re.compile(r"^(?P<prefix>.+?立)字?[\[［【〖〔﹝(（]?(?P<year>[0-9〇零一二三四五六七八九]{4})[\]］】〗〕﹞)）]?第?0*"
                      r"(?P<serial>[1-9]\d{0,8})(?!\d)")
_YEAR_NUMERALS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def number_shaped(number: str) -> bool:
    """Whether a case number (as ``number_key`` writes it) is written as a case number is, 简称立〔年〕N号
    (佛南市监立〔2026〕9号); a register's running serial (3), 佛南市监立〔2026〕57 without 号, 立字〔2026〕51号 or
    〔二〇二六〕58号 is not."""
    return bool(_SHAPED.match(number))


def serial_reading(number: str) -> tuple[str, int] | None:
    """(the text before the serial as the store writes it, 佛南市监立〔2026〕; the serial) of a case number, also of
    one written otherwise (佛南市监立〔2026〕57, 佛南市监立字〔2026〕第51号, 佛南市监立〔二〇二六〕58号, 佛南市监立〔2026〕59号-1):
    the serial of its agency's sequence it holds, which is not given to another case (``store.cases.next_case_number``);
    None when no year and serial after 立 can be read in it."""
    match = _VARIANT.match(number_key(number))
    if match is None:
        return None
    return f"{match['prefix']}〔{match['year'].translate(_YEAR_NUMERALS)}〕", int(match["serial"])


@dataclass(frozen=True)
class Abbreviations:
    """The 文号 abbreviation each agency numbers with (a town office its district bureau's) and, for each
    abbreviation, the short name of the bureau it belongs to; read once for checking many case numbers. ``former``:
    the abbreviations each agency's numbers were written with before its bureau's was changed
    (``store.agencies.former_doc_abbrevs``), which its case numbers may still begin with."""

    of_agency: dict[str, str]
    names: dict[str, str]
    short_names: dict[str, str]
    former: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def read(cls, db: Database) -> Abbreviations:
        from workstation.store.agencies import former_doc_abbrevs

        of_agency, names, short_names, former = {}, {}, {}, {}
        earlier = former_doc_abbrevs(db)
        for agency_id, level, short_name, abbrev, owner in db.execute(
                "SELECT a.id, a.level, a.short_name, COALESCE(NULLIF(a.doc_abbrev, ''), p.doc_abbrev, ''), "
                "CASE WHEN a.level = 'town' THEN a.parent_id ELSE a.id END "
                "FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id"):
            of_agency[agency_id] = abbrev
            short_names[agency_id] = short_name
            if abbrev and (level != "town" or abbrev not in names):
                names[abbrev] = short_name
            if earlier.get(owner):
                former[agency_id] = tuple(earlier[owner])
        for owner, abbrevs in earlier.items():  # a number with a bureau's former abbreviation is still the bureau's
            for abbrev in abbrevs:
                names.setdefault(abbrev, short_names.get(owner, owner))
        return cls(of_agency, names, short_names, former)


def number_year_refusal(number: str, current_year: int) -> str | None:
    """Why a case number cannot be stored (its year is still to come), or None."""
    match = _CASE_NUMBER.match(number_key(number))
    if match and int(match["year"]) > current_year:
        return _("The year {year} of the case number is still to come (this is {current}): give the year the case "
                 "was filed in.").format(year=match["year"], current=current_year)
    return None


def _owner(prefix: str, abbreviations: Abbreviations) -> str:
    """The longest agency abbreviation ``prefix`` begins with (佛南市监 of 佛南市监立), "" when none does."""
    return max((a for a in abbreviations.names if prefix.startswith(a)), key=len, default="")


def prefix_owner(number: str, abbreviations: Abbreviations) -> str:
    """The 文号 abbreviation of the agency whose prefix a case number written 简称立〔年〕号 bears (佛市监 of
    佛市监立〔2026〕5号), "" when it bears none known or is not written so (as ``number_warnings`` reads it)."""
    match = _CASE_NUMBER.match(number_key(number))
    return _owner(match["prefix"], abbreviations) if match else ""


def shape_warning(number: str, agency_id: str, filed_on: str | None, abbreviations: Abbreviations) -> str | None:
    """The warning on a case number not written 简称立〔年〕N号 (a running serial 1, 2, 3, ABC, 〔2026〕57 without 号,
    立字〔2026〕第51号), with an example of the agency's own numbers; None for one written so."""
    if number_shaped(number_key(number)):
        return None
    from workstation.records import today

    abbrev = abbreviations.of_agency.get(agency_id or "") or "佛南市监"
    year = str(filed_on or today())[:4]
    return _("{value} is not written as a case number (简称立〔年〕N号, such as {example}): it is kept as written. "
             "Check it.").format(value=number, example=f"{abbrev}立〔{year}〕9号")


def number_warnings(number: str, agency_id: str, filed_on: str | None, abbreviations: Abbreviations, *,
                    shape: bool = True) -> list[str]:
    """What to check in a case number that is accepted: one not written 简称立〔年〕N号 (``shape_warning``; not with
    ``shape`` False), an agency prefix that is not the 文号 abbreviation of the agency handling the case (佛南市监立…
    filed under 三水区局), or a year other than the filing date's (``filed_on``, a date or its year). The prefix and
    year of a number not written 简称〔年〕号 are not checked."""
    warnings = [warning] if shape and (warning := shape_warning(number, agency_id, filed_on, abbreviations)) else []
    match = _CASE_NUMBER.match(number_key(number))
    if not match:
        return warnings
    abbrev = abbreviations.of_agency.get(agency_id, "")
    prefix = match["prefix"]
    if abbrev and not any(prefix.startswith(a) for a in (abbrev, *abbreviations.former.get(agency_id, ()))):
        agency = abbreviations.short_names.get(agency_id, agency_id)
        owner = _owner(prefix, abbreviations)
        if owner:
            warnings.append(_("The case number begins with {prefix}, the abbreviation of {owner}, but the case is "
                              "handled by {agency} ({abbrev}): check the case number and the district or agency."
                              ).format(prefix=owner, owner=abbreviations.names[owner], agency=agency, abbrev=abbrev))
        else:
            warnings.append(_("The case number does not begin with {abbrev}, the abbreviation of {agency} handling "
                              "the case: check the case number and the district or agency.").format(
                abbrev=abbrev, agency=agency))
    filed = str(filed_on or "")[:4]
    if filed.isdigit() and filed != match["year"]:
        warnings.append(_("The year of the case number is {year}, but the case was filed in {filed}: check the case "
                          "number and the filing date.").format(year=match["year"], filed=filed))
    return warnings
