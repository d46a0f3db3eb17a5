"""Field validators shared by the store, the importers and the editors: USCC and resident ID (python-stdnum),
mobile and telephone numbers, dates and money. Each returns the normalised value or raises ValueError with a one-line message in
the user's language naming the value (ID and mobile numbers masked) and what a correct one looks like."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache
from operator import mul
from string import ascii_letters

from workstation.errors import join_sentences
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _
from workstation.records import SHANGHAI, today

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$"),  # 2026年3月1号 as often as 1日
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_DATE_TIME = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}[日号])(?:T|\s+)"
                        r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?$")
#: the zone an ISO 8601 time is written in after it: Z (UTC), +08:00, -0500
TIME_ZONE = re.compile(r"(?<=\d)(?:Z|([+-])(\d{2}):?(\d{2}))$")
# the clock a zone is written right after (``zone_shift``): after a T or a space, to the minute, second or fraction
_ZONED_CLOCK = re.compile(r"[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d*)?$")  # thousands separators where they belong: 1,234.50
_DECIMAL = re.compile(r"^-?(\d+\.?\d*|\.\d+)$")  # an amount as written: no exponent, no "Infinity" or "NaN"
_MONEY_CHARACTERS = re.compile(r"^-?[\d,]*\.?\d*$")  # digits and commas, one dot: grouped well or not, an amount
# the largest amount (10 trillion yuan) and count taken: far above any case, and far below what an SQLite integer
# holds, so that a mistyped run of digits is named here instead of failing when it is stored
MAX_FEN = 10**15
MAX_COUNT = 10**15
# the full-width characters a code, number, date or amount is typed with (the letters of a USCC in either case,
# upper-cased after): the full-width space too
_FULLWIDTH = to_ascii(DIGITS + ",.-/: " + ascii_letters)
#: what a USCC or an ID number is typed with that is no part of it: spaces and hyphens or dashes, full-width too (as
#: python-stdnum compacts a USCC), and the no-break space of text pasted from a web page or a document (``masking``
#: reads an ID number written with them as these read it)
CODE_SEPARATORS = " \u3000\xa0-\uff0d\u2010\u2011\u2012\u2013\u2014\u2015"
_CODE_CHARACTERS = _FULLWIDTH | dict.fromkeys(map(ord, CODE_SEPARATORS))


def _clean(value: str) -> str:
    return str(value).translate(_FULLWIDTH).strip().replace(" ", "")


def compact_code(value) -> str:
    """A USCC or an ID number as typed, cleaned as it is checked: full-width characters read as ASCII, spaces,
    hyphens and dashes dropped, upper-cased (９１５１２０８１ｍａ６２… → 91512081MA62…, 110105-19491231-002x →
    11010519491231002X)."""
    return str(value).translate(_CODE_CHARACTERS).strip().upper()


def _shown_id(text: str) -> str:
    """An ID number as a message names it (``text``: as ``compact_code`` cleans it): masked as lists show it (a
    message may be shown where the field is), also when a character of it is no digit (11010519491231OO2X)."""
    from workstation.masking import mask_id

    return mask_id(text) if len(text) >= 15 and text.isascii() and text.isalnum() else text


def _shown_mobile(text: str) -> str:
    """A mobile number as a message names it: masked as lists show it."""
    from workstation.masking import mask_phone

    return mask_phone(text)


# The plain forms of a USCC and an ID number, checked here without python-stdnum: a register holds tens of thousands
# of them. An ID number in any other form (separators, a wrong character or check) goes through python-stdnum, which
# decides and whose verdict words the error, so both paths accept and refuse the same numbers
# (tests/test_validators_fast.py). A USCC's form is judged here after python-stdnum dropped its separators:
# GB 32100-2015 §4 writes the 登记管理部门码 and 机构类别码 (characters 1–2) in digits or capitals of the code's
# alphabet (N2… 村级集体经济组织 registered by agriculture, Y1… by another department), the region (3–8) in six digits
# of GB/T 2260, the organisation code (9–17) and the check character (18) in digits or capitals; python-stdnum asks
# for digits in characters 1–2 and refuses those codes, else judges as this does
USCC_FORM = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}\Z")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: the 31 characters, by value
_USCC_VALUES = {c: v for v, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(3**i % 31 for i in range(17))  # 1, 3, 9, 27 …: 3 to the position, mod 31
_ID_FORM = re.compile(r"[0-9]{17}[0-9X]\Z")
_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # 7, 9, 10, 5 …: 2 to the (17 - position), mod 11
_LEGACY_ID_FORM = re.compile(r"[0-9]{15}\Z")  # GB 11643-1989: region, YYMMDD, sequence; no check digit
# GB 11714: the weights of the organisation code's first 8 characters (REFERENCE §8.1, UNCONFIRMED: warn only)
_ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# the division code of registrations at national level (全国性社会团体 and the like), which no province's table holds
# (UNCONFIRMED; a code outside the tables is only warned about)
_NATIONAL_DIVISION = "100000"
#: the shape of an 18-character code read as an ID number (GB 11643): six digits (the division), a birth year of the
#: 1900s or 2000s, nine digits more and a digit or X — as the register import has read it first since session 50
#: (``importing.register``). A USCC may have it too: all digits, its characters 7–8 the end of its division code
#: (110119, 440120) and 9–10 those of an organisation code
ID_SHAPE = re.compile(r"[0-9]{6}(?:19|20)[0-9]{9}[0-9X]\Z")
#: a number Excel wrote in scientific notation when saving a CSV (13800138000 as 1.38001E+10, an ID number as
#: 4.40605E+17), or a Java-based export without the exponent's sign (1.3800138E10): its last digits are lost, or cannot
#: be told from zeros (``evidence_count._sci_id``, the register import's ``_identity``)
SCIENTIFIC_NUMBER = re.compile(r"[+-]?(?:\d+\.\d*[eE][+-]?|\d+[eE]\+)\d+")
_USCC_KINDS_FILE = "uscc_kinds.toml"
_USCC_KINDS_TABLES = ("registration_kinds", "party_kinds", "licences")


def _uscc_kinds_entry(table: str, key: str, value) -> bool:
    """Whether ``key = value`` may stand in ``table`` of uscc_kinds.toml: a key of one or two characters of the
    credit code's alphabet (one, the department, in registration_kinds, whose value is the kinds' characters) and a
    text."""
    if not isinstance(value, str) or not value.strip() or not 1 <= len(key) <= 2 or not set(key) <= set(_USCC_ALPHABET):
        return False
    return table != "registration_kinds" or len(key) == 1 and set(value) <= set(_USCC_ALPHABET)


@cache
def uscc_kinds() -> dict[str, dict[str, str]]:
    """What characters 1–2 of a USCC say, from ``resources/reference/uscc_kinds.toml`` (GB 32100 附录A, UNCONFIRMED:
    REFERENCE §8.1 confirms only 9, 91 and 92; the bureau edits the file): ``registration_kinds`` {登记管理部门码:
    the 机构类别码 it registers}, ``party_kinds`` {characters 1–2: the party kind an import enters},
    ``licences`` {characters 1–2 or 1: the licence's name}. Read when first needed, not at start-up. A file that
    cannot be read or holds a table wrongly is a WorkstationError naming it and what to correct."""
    import tomllib

    from workstation.errors import WorkstationError
    from workstation.paths import resource

    path = resource("reference", _USCC_KINDS_FILE)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkstationError(_("{file} cannot be read: {reason}. Correct the file (or restore the one shipped) and "
                                 "try again.").format(file=path, reason=exc)) from None
    tables = {}
    for name in _USCC_KINDS_TABLES:
        table = data.get(name, {})
        entries = table.items() if isinstance(table, dict) else [("", table)]
        bad = next((f"{key} = {value!r}" for key, value in entries if not _uscc_kinds_entry(name, key, value)), None)
        if bad is not None:
            raise WorkstationError(_("{file}: [{table}] holds {entry}, which is not one of its entries: the keys are "
                                     "characters 1–2 of a credit code (digits and capitals other than I, O, Z, S and "
                                     "V) and each value a text, as the file's header explains.").format(
                file=path, table=name, entry=bad))
        tables[name] = dict(table)
    return tables


def uscc_check_character(first17: str) -> str:
    """The check character (18th) of a USCC whose first 17 characters are ``first17`` (GB 32100-2015, mod 31)."""
    total = sum(map(mul, map(_USCC_VALUES.__getitem__, first17), _USCC_WEIGHTS))
    return _USCC_ALPHABET[-total % 31]


def id_check_character(first17: str) -> str:
    """The check digit or X (18th) of an ID number whose first 17 digits are ``first17`` (GB 11643, mod 11)."""
    value = (12 - sum(map(mul, map(int, first17), _ID_WEIGHTS)) % 11) % 11
    return "X" if value == 10 else str(value)


def _birth_date(text: str) -> dt.date | None:
    """The birth date digits 7–14 of an 18-digit ID number write, or None when no such day exists."""
    try:
        return dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None


def id_age_on(number: str, day: str | dt.date) -> int | None:
    """The age in full years on ``day`` of the person whose 18-digit ID number is ``number``, by its birth date
    (digits 7–14); None when it writes no birth date. A year is full only from the day after the birthday (周岁 are
    counted from the day after it, as for 已满十四周岁), so that on the 14th birthday itself the person is 13."""
    born = _birth_date(number) if len(number) == 18 else None
    if born is None:
        return None
    on = dt.date.fromisoformat(str(day)[:10]) if not isinstance(day, dt.date) else day
    return on.year - born.year - ((on.month, on.day) <= (born.month, born.day))


#: the earliest year of birth an ID number may give: a number is issued to the living, so a year before it (0001, 1700)
#: is a number mistyped or made up, whatever its check digit (``evidence_count`` reads numbers in evidence the same)
FIRST_BIRTH_YEAR = 1880


def plain_id_valid(text: str) -> bool:
    """Whether ``text`` is an ID number in its plain form (17 digits and a digit or X) that is valid: check digit,
    a birth date in the calendar, not before ``FIRST_BIRTH_YEAR`` and not after today. The region code is not judged
    here: it is the code of the household registration when the number was issued, which may be younger or older than
    the birth (禅城区 440604 since 2002 for someone born in 1990), so a code outside the tables is only warned about
    (``id_number_warnings``)."""
    if not _ID_FORM.match(text) or id_check_character(text[:17]) != text[17]:
        return False
    born = _birth_date(text)
    return born is not None and born.year >= FIRST_BIRTH_YEAR and born.isoformat() <= today()


def organisation_check_character(first8: str) -> str:
    """The check character (9th) of an organisation code (GB 11714) whose first 8 characters are ``first8``: digits
    count as themselves and letters A=10 … Z=35; ``11 - (sum mod 11)``, with 10 written X and 11 written 0."""
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORGANISATION_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


@lru_cache(maxsize=8192)  # every 6-digit code typed or imported, wrong ones too: the oldest forgotten
def known_division(code: str) -> bool:
    """Whether ``code`` (6 digits: a USCC's characters 3–8, an ID number's 1–6) is an administrative division code of GB/T 2260 in any year (python-stdnum's
    table: provinces, prefectures and counties, past ones too), or the national one."""
    from stdnum import numdb

    if code == _NATIONAL_DIVISION:
        return True
    return code.isdigit() and any("county" in props for _part, props in numdb.get("cn/loc").info(code)[1:])


def registration_kind_known(code: str) -> bool:
    """Whether characters 1–2 of the USCC ``code`` are a 登记管理部门码 and a 机构类别码 it registers
    (``uscc_kinds``'s registration_kinds, GB 32100, UNCONFIRMED)."""
    return code[1:2] != "" and code[1:2] in uscc_kinds()["registration_kinds"].get(code[:1], "")


def uscc_warnings(code: str) -> list[str]:
    """Doubts about a valid, normalised USCC that do not refuse it (REFERENCE §8.1, warn only): characters 1–2 are
    no registration department and kind of GB 32100 (``registration_kind_known``, UNCONFIRMED), the organisation code in
    characters 9–17 fails its GB 11714 check (the algorithm is UNCONFIRMED), or characters 3–8 are not a known
    division code. [] when there is none."""
    warnings = []
    if not registration_kind_known(code):
        warnings.append(_("Characters 1–2 of {code} ({head}) are not a registering department and kind of "
                          "organisation that GB 32100 gives: compare the code with the business licence.").format(
            code=code, head=code[:2]))
    if organisation_check_character(code[8:16]) != code[16]:
        warnings.append(_("The organisation code in characters 9–17 of {code} fails its check (GB 11714): compare "
                          "the code with the business licence. The code is kept, as this check is not "
                          "confirmed.").format(code=code))
    if not known_division(code[2:8]):
        warnings.append(_("Characters 3–8 of {code} ({region}) are not a known administrative division code: "
                          "compare the code with the business licence.").format(code=code, region=code[2:8]))
    return warnings


#: the digit a letter typed in a number is likely meant for (913501OOM…: the letter O for 0)
_LETTER_DIGITS = {"O": "0", "I": "1"}


def _letter_advice(character: str, digit_for_letter: str, otherwise: str) -> str:
    """What to do about ``character``, wrong in a code or number: ``digit_for_letter`` (formatted with the digit and
    the letter) for a letter O or I, which are 0 and 1 mistyped; ``otherwise`` for any other."""
    if character in _LETTER_DIGITS:
        return digit_for_letter.format(digit=_LETTER_DIGITS[character], letter=character)
    return otherwise


def _wrong_uscc_character(text: str) -> str | None:
    """Why ``text`` (a USCC as compacted) is no code, by its first character that no USCC has there: one outside the
    code's alphabet (digits and capitals other than I, O, Z, S and V), or, in a text of 18 characters, a letter in
    characters 3–8 (the division code: in a shorter or longer text a character missed or added before it may have
    moved it there, and its length is the fault named); None when every character may be where it is."""
    for i, character in enumerate(text):
        if 2 <= i <= 7 and character not in "0123456789" and (len(text) == 18 or character not in _USCC_VALUES):
            why = _("{code} is not a unified social credit code: its characters 3–8 are digits (the administrative "
                    "division code), but character {position} is “{character}”.")
        elif character not in _USCC_VALUES:
            why = _("{code} is not a unified social credit code: it has 18 digits and capital letters other than I, "
                    "O, Z, S and V, as on the business licence. Character {position} is “{character}”.")
        else:
            continue
        advice = _letter_advice(character, _("Type the digit {digit} in place of the letter {letter}, and compare the "
                                             "code with the business licence."),
                                _("Compare the code with the business licence and correct that character."))
        return join_sentences([why.format(position=i + 1, code=text, character=character), advice])
    return None


def id_number_not_uscc(code: str) -> bool:
    """Whether ``code`` (as ``compact_code`` cleans it), typed as a 统一社会信用代码, is a resident ID number instead: a
    valid one (``plain_id_valid``) and no plausible credit code — its characters 3–8 no known division code or its
    characters 1–2 no registering department and kind of GB 32100 (``registration_kind_known``). The party dialog
    refuses it there, saying where it goes (``store.parties``: a party saved with it before is kept, warned of), the
    register import stores it as the party's ID number (``importing.register._identity``), whether or not it passes
    the code's mod 31 (1 in 31 ID numbers do), and documents label one stored so as an ID number
    (``formkit.party_rows.code_label``). A valid ID number that is a plausible credit code is left to be one, by the
    dialog and the import alike."""
    return plain_id_valid(code) and not (known_division(code[2:8]) and registration_kind_known(code))


def normalize_uscc(value: str) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015, mod 31), upper-cased; ValueError otherwise. Characters 1–2 may be
    letters of the code's alphabet (``USCC_FORM``): codes python-stdnum refuses for that are taken. Typed in
    full-width characters, lower case, with spaces or hyphens, it is read as ``compact_code`` cleans it."""
    text = compact_code(value)
    if USCC_FORM.match(text) and uscc_check_character(text[:17]) == text[17]:
        return text
    from stdnum.cn import uscc

    text = uscc.compact(text)  # the separators python-stdnum drops (spaces, hyphens, dashes)
    if (wrong := _wrong_uscc_character(text)) is not None:  # named before the length, which it may not be the fault of
        raise ValueError(wrong)
    if len(text) != 18:
        raise ValueError(_("{code} has {n} characters, but a unified social credit code has 18: copy all 18 from "
                           "the business licence.").format(code=text, n=len(text)))
    if uscc_check_character(text[:17]) != text[17]:
        # the field named, as a message may be read away from it (a tooltip, a register's row)
        raise ValueError(_("The check character of {code} is wrong: compare the code with the business licence "
                           "and correct the mistyped character of the unified social credit code.").format(code=text))
    return text


def mistyped_id_number(code: str) -> str | None:
    """Why the code ``code`` (as ``compact_code`` cleans it), which passes the USCC's check, is refused as a party's
    code whatever the party — by documents (``party_code``), the party dialog (``party_field_errors``) and the
    register import alike: it reads as a resident ID number that is not valid, and is no plausible credit code — an
    ID number mistyped that passes the mod 31 by chance (1 in 31). It reads as an ID number when it is 17 digits and
    a digit or X whose digits 7–8 are a birth century (19, 20). It is no plausible credit code when characters 3–8
    are not a known division code (GB/T 2260), or when characters 1–2 are no registration department and kind of
    GB 32100 (``registration_kind_known``) — that table being UNCONFIRMED, this alone refuses only digits that read
    as an ID number in full: digits 1–6 a known division code and 7–14 a birth date that can be, so that its check
    digit is its one fault. The message is the ID number's own fault (as ``normalize_id_number`` words it) and why
    the code is no credit code. None for any other code: a plausible credit code that looks like an ID number is
    kept (for a natural person the caller checks the ID number itself)."""
    if not ID_SHAPE.match(code):
        return None
    try:
        normalize_id_number(code)
    except ValueError as exc:
        fault = str(exc)
    else:
        return None
    if not known_division(code[2:8]):
        why = _("Read as a unified social credit code, its characters 3–8 ({region}) are no administrative division "
                "code, so it is not one either: compare it with the ID card or the business licence.").format(
            region=code[2:8])
    elif not registration_kind_known(code):
        born = _birth_date(code)
        if not known_division(code[:6]) or born is None or born.year < FIRST_BIRTH_YEAR \
                or born.isoformat() > today():
            return None
        why = _("Read as a unified social credit code, it begins with {head}, which no registering department and "
                "kind of GB 32100 is, so it is not one either: compare it with the ID card or the business "
                "licence.").format(head=code[:2])
    else:
        return None
    return f"{fault} {why}"


def normalize_id_number(value: str, field: str = "") -> str:
    """A valid 18-digit 居民身份证号 (GB 11643-1999), check character upper-cased, also from an old 15-digit
    number (GB 11643-1989, see ``legacy_id_number``); ValueError otherwise. Typed in full-width characters, with
    spaces or hyphens (110105-19491231-002X), it is read as ``compact_code`` cleans it. ``field``: the name of the
    field as its form labels it (an individual business's 经营者身份证号码), named by the messages that name the
    number; 身份证号码 when not given."""
    text = compact_code(value)
    if plain_id_valid(text):
        return text
    if _LEGACY_ID_FORM.match(text):
        return _converted_legacy_id(text, field)
    # a character no ID number holds is named before the length, which it may not be the fault of (1101054912310O2:
    # an old number of 15 with the letter O for 0)
    wrong = next(((i, c) for i, c in enumerate(text) if c not in "0123456789" and (c != "X" or i < len(text) - 1)),
                 None)
    if wrong is not None:
        raise ValueError(join_sentences([
            _("Character {position} of {field} {number} is “{character}”, but an ID number holds only digits (the last "
              "may be X).").format(position=wrong[0] + 1, field=field or _("ID number"), number=_shown_id(text),
                                   character=wrong[1]),
            _letter_advice(wrong[1], _("Type the digit {digit} in place of the letter {letter}, and compare the number "
                                       "with the ID card."),
                           _("Compare the number with the ID card and correct that character."))]))
    if len(text) != 18:
        raise ValueError(_("{number} has {n} characters, but a resident ID number has 18 (17 digits and a digit or "
                           "X): copy all 18 from the ID card.").format(number=_shown_id(text), n=len(text)))
    born = _birth_date(text)
    shown = {"number": _shown_id(text), "field": field or _("ID number")}
    if born is None:
        raise ValueError(_("The birth date in {field} {number} (digits 7–14) does not exist: compare it with the ID "
                           "card.").format(**shown))
    if id_check_character(text[:17]) != text[17]:
        raise ValueError(_("The check digit of {field} {number} is wrong: compare it with the ID card and correct "
                           "the digit mistyped.").format(**shown))
    if born.year < FIRST_BIRTH_YEAR:
        raise ValueError(_("The birth year in {field} {number} ({year}) is before {first}: no one living was born "
                           "then. Compare the number with the ID card.").format(
            year=text[6:10], first=FIRST_BIRTH_YEAR, **shown))
    raise ValueError(_("The birth date in {field} {number} is after today: compare it with the ID card.")
                     .format(**shown))


def id_number_warnings(number: str) -> list[str]:
    """Doubts about a valid, normalised ID number that do not refuse it: digits 1–6 are not an administrative
    division code of any year (the code is the one of the household registration when the number was issued,
    so only its existence at some time can be asked). [] when there is none."""
    if known_division(number[:6]):
        return []
    return [_("Digits 1–6 of ID number {number} ({region}) are not a known administrative division code: compare "
              "it with the ID card.").format(number=_shown_id(number), region=number[:6])]


def legacy_id_number(value: str) -> str:
    """The old 15-digit ID number (GB 11643-1989) ``value`` is written as, without spaces or full-width digits; ''
    when it is not one. ``normalize_id_number`` converts such a number: the officer is to compare the 18-digit
    number with the ID card (``legacy_id_note``), and the audit log keeps the old one."""
    text = compact_code(value)
    return text if _LEGACY_ID_FORM.match(text) else ""


def legacy_id_as_18(number: str) -> str:
    """The 18-digit form of an old 15-digit ID number: "19" before its two-digit birth year, and the check digit
    computed (the old numbers were issued to people born in the 1900s)."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + id_check_character(first17)


def _converted_legacy_id(text: str, field: str = "") -> str:
    """The 18-digit form of the 15-digit ``text`` when it is a valid number; ValueError naming the old number (as
    ``field``, when given: ``normalize_id_number``)."""
    number = legacy_id_as_18(text)
    if plain_id_valid(number):
        return number
    raise ValueError(_("The birth date in the old 15-digit {field} {number} does not exist (digits 7–12 are the "
                       "date, YYMMDD): compare it with the ID card.").format(number=_shown_id(text),
                                                                            field=field or _("ID number")))


def legacy_id_note(number: str) -> str:
    """The note beside an ID number converted from its old 15-digit form to ``number`` (as the caller shows it)."""
    return _("Converted from the old 15-digit number to 18 digits: {number}; compare it with the ID card.").format(
        number=number)


def normalize_mobile(value: str) -> str:
    """An 11-digit mainland mobile number, from +86 / 86- / 0086 / spaced / dashed forms; ValueError otherwise."""
    text = re.sub(r"[\s\-()（）]", "", _clean(value))
    text = re.sub(r"^(?:\+|00)?86", "", text)  # the country code as normalize_phone reads it: +86, 86, 0086
    if not _MOBILE.match(text):
        raise ValueError(_("{number} is not a mobile number: a mobile number has 11 digits and starts with 13–19, "
                           "such as 13800138000.").format(number=_shown_mobile(_clean(value))))
    return text


#: the mark a landline's extension is stored and printed after (0757-88881234转123), as officers write it
EXTENSION_MARK = "转"
#: a landline or 400/800 number and its extension (分机), written after 转, 分机(号), ext, x or a dash (tried when the
#: whole is no number: 0757-8888-1234 is one)
WRITTEN_EXTENSION = re.compile(r"(?P<main>.*?\d)\s*(?:转|分机号?|分机|ext\.?|x|[-–—])\s*(?P<extension>\d{1,6})",
                        re.IGNORECASE)


#: the area code whose landlines all have 8 digits after it (佛山): a bureau's own number of fewer is mistyped
FOSHAN_AREA_CODE = "0757"
FOSHAN_DIGITS = 8


def normalize_phone(value: str, *, bureau: bool = False) -> str:
    """A party's telephone number in the one form it is stored and printed in: a mobile as its 11 digits, a
    landline with its area code set off by a hyphen (0757-88881234; a number written without an area code gets the
    screening rules' default, 0757), a 400/800 number as its 10 digits; a landline's or 400/800 number's extension
    (转123, -123, ext 123, 分机123) follows it after 转 (0757-88881234转123). The number is read as complaints read
    theirs (``workstation.screening.phones``: +86, 86-, brackets, spaces, dashes and full-width digits); the whole
    value must be one such number, else ValueError saying which numbers are taken.

    ``bureau``: the bureau's own contact number (本局文书信息), no personal data: a refusal shows it whole, as typed,
    not masked; a Foshan landline (0757, or no area code) must have 8 digits after its area code (0757-8628231
    misses one); a public service number (12315, 0757-12315) is said to be one — the party calls the office
    handling the case, not a hotline —, one of a local number's length (95105105, which a party's number reads as
    0757-95105105) too, asked before the number is taken for a Foshan landline."""
    from workstation.screening.phones import PHONE_RX, ascii_digits, normalise_phone, paper_phone

    text = ascii_digits(str(value)).strip()
    match = PHONE_RX.fullmatch(text)
    extension = ""
    if match is None and (written := WRITTEN_EXTENSION.fullmatch(text)):  # 0757-88881234转123, -123, ext 123, 分机123
        match = PHONE_RX.fullmatch(written.group("main"))
        if match is not None and match.lastgroup in ("landline", "local", "hotline"):
            text, extension = written.group("main"), EXTENSION_MARK + written.group("extension")
        else:  # a mobile or an SMS port has no extension
            match = None
    if match is None or match.lastgroup == "sms":
        if bureau and _service_number(text):
            raise ValueError(_service_refusal(_phone_shown(value, bureau)))
        raise ValueError(_("{number} is not a telephone number: enter a mobile number (13800138000), a landline with "
                           "or without its area code (0757-88881234, 88881234), with its extension if any "
                           "(0757-88881234转123), or a 400/800 number.").format(number=_phone_shown(value, bureau)))
    number = normalise_phone(text)
    if bureau and match.lastgroup in ("landline", "local") and number.startswith(FOSHAN_AREA_CODE) \
            and _service_number(number):  # 95105105, 0757-95105105: read as a landline, and none
        raise ValueError(_service_refusal(_phone_shown(value, bureau)))
    if bureau and number.startswith(FOSHAN_AREA_CODE) and match.lastgroup in ("landline", "local") \
            and len(number) - len(FOSHAN_AREA_CODE) != FOSHAN_DIGITS:
        raise ValueError(_("{number} is not a Foshan telephone number: a landline of area code {code} has {digits} "
                           "digits after it, this one {count}. Check the number, such as 0757-88881234.").format(
            number=_phone_shown(value, bureau), code=FOSHAN_AREA_CODE, digits=FOSHAN_DIGITS,
            count=len(number) - len(FOSHAN_AREA_CODE)))
    return paper_phone(number) + extension


def _phone_shown(value: str, bureau: bool) -> str:
    """The number ``value`` as ``normalize_phone``'s refusal shows it: a party's masked, the bureau's whole, as typed
    (full-width digits made plain). Made for the refusal alone: masking each number taken would cost its save."""
    return str(value).translate(_FULLWIDTH).strip() if bureau else _shown_mobile(_clean(value))


def _service_refusal(shown: str) -> str:
    return _("{number} is a public service number (such as the 12315 hotline), not a telephone of the bureau: enter "
             "the number on which the party reaches the office handling the case, such as 0757-88881234.").format(
        number=shown)


def _service_number(text: str) -> bool:
    """Whether ``text`` (a telephone number) is a public service number of the screening rules (12315,
    12345, 95xxx …), written with or without the Foshan area code (0757-12315)."""
    from workstation.screening.phones import is_service_number
    from workstation.screening.rules import load_rules

    digits = re.sub(r"\D", "", text)
    if digits.startswith(FOSHAN_AREA_CODE):
        digits = digits[len(FOSHAN_AREA_CODE):]
    return bool(digits) and is_service_number(digits, load_rules())


def written_day(value) -> dt.date | None:
    """The day an ISO date (or date and time) written in a record or a document's values gives; None for none or for
    what is no date (a document's free text): for reading values already checked, not for checking input."""
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def parse_date(value) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, datetime or text such as 2026-03-01, 2026/3/1 or 2026年3月1日; of a time
    with a zone, the day it is in Beijing (2026-03-05T23:30:00Z: 2026-03-06, ``zone_shift``); None for an empty value;
    ValueError for a date that does not exist (2026-02-30)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # one with a zone as Beijing's day
        return (value.astimezone(SHANGHAI) if value.tzinfo else value).date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # a trailing time of day (2026-03-01 09:30:00, 2026/3/1 9:30) is dropped before spaces are removed
    with_time = _DATE_TIME.match(str(value).translate(_FULLWIDTH).strip())
    if with_time:  # dropped, but not unread: 25:99 is no time
        _check_time_of_day(value, int(with_time.group(2)), int(with_time.group(3)), int(with_time.group(4) or 0))
        if shift := zone_shift(with_time.group(0))[1]:  # 2026-03-05T23:30:00Z: 2026-03-06 in Beijing
            day = parse_date(with_time.group(1))
            moment = dt.datetime.fromisoformat(day) + dt.timedelta(
                hours=int(with_time.group(2)), minutes=int(with_time.group(3))) + shift
            return moment.date().isoformat()
    text = with_time.group(1) if with_time else _clean(value)
    if not text:
        return None
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                raise ValueError(no_such_day(value, year, month, day)) from None
    raise ValueError(_("{text} is not a date; write it as 2026-03-01.").format(text=value))


def zone_shift(text: str) -> tuple[str, dt.timedelta]:
    """``text`` (a date and time, ISO 8601) without the zone written after it (``TIME_ZONE``: Z, +00:00, -0500), and
    what brings the time as written to Beijing time (UTC+8, ``records.SHANGHAI``): 2026-03-05T23:30:00Z is
    2026-03-06 07:30 in Beijing. ``text`` and no shift without a zone (a time written in Beijing time), and without a
    clock right before it (after a T or a space): 2026-03-05-14:22 or 2026-03-05+14:22 holds no zone."""
    zone = TIME_ZONE.search(text)
    if zone is None or not _ZONED_CLOCK.search(text[:zone.start()]):
        return text, dt.timedelta(0)
    beijing = SHANGHAI.utcoffset(None)
    if not zone.group(1):  # Z: UTC
        return text[:zone.start()], beijing
    offset = dt.timedelta(hours=int(zone.group(2)), minutes=int(zone.group(3)))
    return text[:zone.start()], beijing - (offset if zone.group(1) == "+" else -offset)


#: the first year a record of the office's own work (evidence collected, an activity held, an interview) is dated in:
#: an earlier year is a slip of the keys (1026 for 2026, 0202 for 2020), refused by ``year_slip``
EARLIEST_YEAR = 2000


def year_slip(iso: str | None, what: str) -> str | None:
    """Why ``iso`` (an ISO date; None for none) cannot be the date ``what`` names ("The collection date"): its year
    is before ``EARLIEST_YEAR``, with the same day of this year as what to write; None otherwise."""
    if not iso or iso >= f"{EARLIEST_YEAR:04d}":
        return None
    try:
        example = dt.date.fromisoformat(today()[:4] + iso[4:]).isoformat()
    except ValueError:  # 29 February, this year has none
        example = today()
    return _("{what} {date} is before the year {earliest}: a slip of the keys? Write the year in full, such as "
             "{example}.").format(what=what, date=iso, earliest=EARLIEST_YEAR, example=example)


#: how many years after this one a record of the office's own work may be dated in (a meeting set, a deadline given,
#: a follow-up planned): any day of the next two years is a plan — a rectification deadline of 30 or 60 days set in
#: December, a deadline counted into a year whose holidays are not known yet, an interview set months ahead, all of
#: 2027 and 2028 in 2026 —; a later year is a slip of the keys (2926 for 2026, 2206 for 2026), refused by
#: ``far_ahead``. By year, not by a span of days: a deadline of 31 December of the year after next is never refused
#: for the day of the year it is typed on.
LATEST_YEARS_AHEAD = 2


def far_ahead(iso: str | None, what: str, *, on: str | None = None) -> str | None:
    """Why ``iso`` (an ISO date; None for none) cannot be the date ``what`` names ("The rectification deadline"): its
    year is more than ``LATEST_YEARS_AHEAD`` years after that of ``on`` (default today), with the same day of this
    year as what to write; None otherwise."""
    this_year = int((on or today())[:4])
    latest = this_year + LATEST_YEARS_AHEAD
    if not iso or int(iso[:4]) <= latest:
        return None
    try:
        example = dt.date.fromisoformat(f"{this_year:04d}" + iso[4:10]).isoformat()
    except ValueError:  # 29 February, this year has none
        example = on or today()
    return _("{what} {date} is after the year {latest}: a slip of the keys? Write the year in full, such as "
             "{example}.").format(what=what, date=iso, latest=latest, example=example)


def no_such_day(value, year: int, month: int, day: int) -> str:
    """Why ``value`` (year, month, day as written) is not in the calendar, with the nearest day that is."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return _("{text} is not a date; write it as 2026-03-01.").format(text=value)
    if not 1 <= month <= 12:
        nearest = dt.date(year, min(max(month, 1), 12), 1)
        nearest = nearest.replace(day=min(max(day, 1), calendar.monthrange(year, nearest.month)[1]))
        return _("{text} is not a date in the calendar (a month is 1 to 12): write a date that exists, such as "
                 "{example}.").format(text=value, example=nearest.isoformat())
    days = calendar.monthrange(year, month)[1]
    nearest = dt.date(year, month, min(max(day, 1), days))
    return _("{text} is not a date in the calendar (month {month} of {year} has {days} days): write a date that "
             "exists, such as {example}.").format(text=value, month=month, year=year, days=days,
                                                   example=nearest.isoformat())


_MINUTE = re.compile(r"^(.+?)(?:T|\s+|(?<=日))(\d{1,2})(?::|时)(\d{1,2})分?$")


def parse_datetime(value) -> str | None:
    """A time to the minute, ``YYYY-MM-DD HH:MM``, from 2026-03-10 09:30, 2026/3/10 9:30 or 2026年3月10日9时30分;
    None for an empty value; ValueError for a day or time that does not exist or a value without a time."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value).translate(_FULLWIDTH).strip()
    match = _MINUTE.match(text)
    if not match:
        raise ValueError(_("{text} is not a time to the minute; write it as 2026-03-10 09:30.").format(text=value))
    day = parse_date(match.group(1).strip())
    hour, minute = int(match.group(2)), int(match.group(3))
    _check_time_of_day(value, hour, minute)
    return f"{day} {hour:02d}:{minute:02d}"


def _check_time_of_day(value, hour: int, minute: int, second: int = 0) -> None:
    """ValueError naming ``value`` when the time written in it is no time of day (25:99)."""
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(_("{text} is not a time of day: hours run from 00 to 23 and minutes from 00 to 59, as in "
                           "2026-03-10 09:30.").format(text=value))


#: a time of day as officers write it: 9:30, 09:30, 9时30分, 9时, 上午9时30分, 下午3时, optionally after a date
_CLOCK = re.compile(r"^(?P<day>\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}[日号]))?\s*"
                    r"(?P<half>上午|早上|中午|下午|晚上)?\s*(?P<hour>\d{1,2})(?::(?P<m1>\d{2})|时(?:(?P<m2>\d{1,2})分)?)$")
_AFTERNOON = ("下午", "晚上")
_MORNING = ("上午", "早上")
#: 中午 names the noon hours: 中午11时30分 is 11:30, 中午12时 12:00, 中午1时 (or 13时) 13:00
_NOON = range(11, 14)


def parse_time_of_day(value) -> tuple[str | None, str] | None:
    """A time of day as ``(ISO date or None, "HH:MM")`` from 9:30, 09:30, 9时30分, 9时, 上午9时30分, 下午3时 (15:00),
    中午1时30分 (13:30), optionally after a date (2026年3月10日9时30分); None for an empty value; ValueError for anything
    else, a time that does not exist, or one its part of the day contradicts (上午15时, 中午5时)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).translate(_FULLWIDTH).strip()
    match = _CLOCK.match(text)
    example = _("write it as 9时30分 or 09:30, 下午 for the afternoon (下午3时)")
    if not match:
        raise ValueError(_("“{text}” is not a time of day: {example}.").format(text=value, example=example))
    hour, minute = int(match.group("hour")), int(match.group("m1") or match.group("m2") or 0)
    half = match.group("half") or ""
    if half in _AFTERNOON and 1 <= hour < 12 or half == "中午" and 1 <= hour and hour + 12 in _NOON:
        hour += 12
    if hour > 23 or minute > 59 or (half and hour == 0):
        raise ValueError(_("“{text}” is not a time of day: hours run from 0 to 23 and minutes from 0 to 59; "
                           "{example}.").format(text=value, example=example))
    # 晚上12时 is midnight, which 12:00 would make noon: refused as a contradiction (0时 of the next day if meant)
    if half in _MORNING and hour >= 12 or half == "中午" and hour not in _NOON or half == "晚上" and hour == 12:
        raise ValueError(_("“{text}” is not a time of day: {hour}时 is not in the {half}; write the hour as the "
                           "clock reads it (15时) or with its part of the day (下午3时).").format(
            text=value, hour=match.group("hour"), half=half))
    day = parse_date(match.group("day")) if match.group("day") else None
    return day, f"{hour:02d}:{minute:02d}"


def clock_text(hhmm: str, half_day: bool = False) -> str:
    """``HH:MM`` as documents print a time: 9时30分 (15时00分), as the records' datetimes print it; or with
    ``half_day`` as a notice names the hour to come, 上午9时30分, a whole hour without its minutes (下午3时); the
    noon hour as 中午12时 (下午12时 reads as midnight)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    if not half_day:
        return f"{hour}时{minute:02d}分"
    minutes = f"{minute:02d}分" if minute else ""
    if hour < 12:
        return f"上午{hour}时{minutes}"
    if hour == 12:
        return f"中午12时{minutes}"
    return f"下午{hour - 12 if hour > 12 else hour}时{minutes}"


def _not_money(value) -> str:
    return _("{text} is not an amount of money: write the yuan in digits, such as 1,234.50 or 1234.5.").format(
        text=value)


#: the signs a negative amount is written with besides - and －: the minus sign, the figure and en dashes, the small
#: hyphen-minus (an em dash alone is no amount, and stays refused as not one), read as -
_MINUS_SIGNS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\ufe63"), "-")


def _amount_text(value) -> str:
    """An amount as typed, cleaned as ``parse_money_fen`` and ``parse_amount_fen`` read it (``_clean``), a minus
    sign typed otherwise (−5, ¥−5, –5) read as -: refused as negative, not as no amount; messages name ``value``
    itself, as typed."""
    return _clean(value).translate(_MINUS_SIGNS)


def parse_money_fen(value) -> int:
    """Integer fen from yuan written as 1234.5, 1,234.50, ¥1,234, 1234元 or 30,000元整; 0 for empty; ValueError for a
    negative amount, more than two decimals or text."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(_not_money(value))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_not_money(value))
        amount = Decimal(repr(value))
        if abs(value * 100 - round(value * 100)) < 1e-6:  # a formula's cell: 0.1 + 0.2 is 0.30000000000000004
            amount = Decimal(round(value * 100)) / 100
    else:
        # 元整 ends an amount written as on a receipt (30,000元整): 整 after it is no part of the number
        text = _amount_text(value).replace("¥", "").replace("￥", "")
        if text.endswith("整") and text[-2:-1] in ("元", *"0123456789"):
            text = text[:-1]
        text = text.replace("元", "")
        if "," in text:
            if not _MONEY_CHARACTERS.match(text):  # a letter or sign is the fault, not where the commas are
                raise ValueError(_not_money(value))
            if not _GROUPED.match(text):
                raise ValueError(_("{text} is not an amount of money: thousands separators go between groups "
                                   "of three digits (1,234.50).").format(text=value))
            text = text.replace(",", "")
        if not text:
            return 0
        if not _DECIMAL.match(text):
            raise ValueError(_not_money(value))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_not_money(value)) from None
    return _checked_fen(amount, value)


def _checked_fen(amount: Decimal, value) -> int:
    """``amount`` (yuan, as ``value`` wrote it) in whole fen; ValueError for a negative amount, one finer than the
    fen, or one too large (``AmountTooLarge``)."""
    if amount < 0:
        raise ValueError(_("An amount cannot be negative ({text}): write it without the minus sign.").format(
            text=value))
    fen = amount * 100
    if fen != fen.to_integral_value():
        example = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if not example:  # under half a fen (0.001): 0.00 would read as no amount at all, a fine field's "no fine"
            raise ValueError(_("An amount has at most two decimals (fen): {text} is less than one fen; check the "
                               "digits typed.").format(text=value))
        raise ValueError(_("An amount has at most two decimals (fen): write {text} to the fen, such as {example}.")
                         .format(text=value, example=example))
    if fen >= MAX_FEN:
        raise AmountTooLarge(_("{text} is too large for an amount: check the digits, and write the amount in yuan, "
                               "such as 189,000.00.").format(text=value), int(fen))
    return int(fen)


#: an amount written in ten thousands of yuan (万元), as registers write fines: 1.5万, 1.5万元, ¥1.5万, 1,500万
_TEN_THOUSANDS = re.compile(r"^[¥￥]?(?P<number>-?[0-9.,]+)[万萬]元?整?$")


def parse_amount_fen(value) -> int:
    """``parse_money_fen``, also reading an amount written in ten thousands of yuan as registers write it: 1.5万, 1.5万元
    and 1.5万元整 are ¥15,000.00 exactly, in fen (1,500,000). Any other text with 万 (约1.5万, 1.5万左右, 1万5千, 1.5-2万) is
    refused as not one exact amount, as is one finer than the fen (1.2345678万)."""
    if not isinstance(value, str) or ("万" not in value and "萬" not in value):
        return parse_money_fen(value)
    match = _TEN_THOUSANDS.match(_amount_text(value))
    number = match.group("number") if match else ""
    if "," in number and _GROUPED.match(number):
        number = number.replace(",", "")
    if not _DECIMAL.match(number):
        raise ValueError(_("{text} is not one exact amount: write the yuan in digits, such as 15,000.00, or in 万 "
                           "as 1.5万.").format(text=value))
    amount = Decimal(number) * 10000
    return _checked_fen(amount, value)


_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
                   "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CHINESE_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: the characters of a Chinese numeral ``chinese_numeral`` reads: its digits (大写 too), units, 万 and 亿
CHINESE_NUMERALS = "".join((*_CHINESE_DIGITS, *_CHINESE_UNITS, "万萬亿億"))


_FULL_DIGITS = to_ascii(DIGITS)


def chinese_numeral(text: str) -> int | None:
    """The whole number ``text`` writes: in digits (full-width too), or a Chinese numeral in words, 大写 or not, with
    万 and 亿 (柒万柒仟 77000, 一百零五 105, 一亿二千万), or digits alone read by position (二〇〇〇 2000); None when it
    writes none (万 alone, 约三千, empty) or one malformed: a unit not smaller than the one before it below 万 (十十,
    三千三千), 万 or 亿 twice (三万三万), two digits with no unit between them (三五十). The reader of numerals in
    words shared by the checks (the 有关事项审批表's days, the fines a 集体讨论结论 states, the lengths of
    ``law.thresholds``): ``money.uppercase`` writes them."""
    text = str(text or "").strip().translate(_FULL_DIGITS)
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(char not in CHINESE_NUMERALS for char in text):
        return None
    if not any(char in _CHINESE_UNITS or char in "万萬亿億" for char in text):  # 二〇〇〇, 二零二六: by position
        return int("".join(str(_CHINESE_DIGITS[char]) for char in text))
    total = wan = section = number = 0  # the 亿 above, the 万 of the current 亿, below 万, the digit pending
    unit = 10_000  # the last unit below 万 of the current section: the next must be smaller
    for char in text:
        if char in _CHINESE_DIGITS:
            if number:
                return None  # 三五十: two digits with no unit between them
            number = _CHINESE_DIGITS[char]
        elif char in _CHINESE_UNITS:
            if _CHINESE_UNITS[char] >= unit:
                return None  # 十十, 三千三千
            section += (number or 1) * _CHINESE_UNITS[char]
            number, unit = 0, _CHINESE_UNITS[char]
        elif char in "万萬":
            if not section + number or wan:
                return None  # 万 with no number before it, or a second 万 (三万三万)
            wan, section, number, unit = (section + number) * 10_000, 0, 0, 10_000
        else:
            if not wan + section + number or total:
                return None  # 亿 with no number before it, or a second 亿
            total, wan, section, number, unit = (total + wan + section + number) * 100_000_000, 0, 0, 0, 10_000
    return total + wan + section + number


class AmountTooLarge(ValueError):
    """An amount of ``MAX_FEN`` fen or more (``fen``: as written, in fen), so that a field given in fen (a values
    file's ``fine_fen``) is refused in the unit it was written in rather than told to write yuan."""

    def __init__(self, message: str, fen: int):
        super().__init__(message)
        self.fen = fen


def _count_in_wan(number: str, value) -> int:
    """A count written in 万 (``number``: what comes before it, cleaned): 1.2万 is 12,000; one that makes no whole
    number (1.23456万) or is no number (约1.2, 万 alone) is refused, saying to write the count in digits."""
    if "," in number and _GROUPED.match(number):
        number = number.replace(",", "")
    full = Decimal(number) * 10000 if _DECIMAL.match(number) and not number.startswith("-") else None
    if full is None or full != full.to_integral_value():
        shown = f"{full.normalize():,f}" if full is not None else ""
        raise ValueError((_("{text} is not a whole number ({full}): write the count in digits, such as "
                            "12,000.") if shown else _("{text} is not one exact count: write it in digits, such as "
                                                     "12,000, or in 万 as 1.2万.")).format(text=value, full=shown))
    return parse_count(int(full))


def parse_count(value) -> int:
    """A non-negative whole number, allowing thousands separators, or written in 万 (1.2万, 1.2万条: 12,000);
    0 for empty."""
    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = _clean(value).replace("条", "")
        if text.endswith(("万", "萬")):  # 1.2万 (条): 12,000 exactly, as amounts read 1.5万
            return _count_in_wan(text[:-1], value)
        if "," in text and not _GROUPED.match(text):
            raise ValueError(_("{text} is not a whole number: thousands separators go between groups of three "
                               "digits (12,345).").format(text=value))
        text = text.replace(",", "")
        if not text:
            return 0
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("{text} is not a whole number: write the count in digits, such as 453 or 18,176.")
                             .format(text=value))
        number = int(text)
    if number < 0:
        raise ValueError(_("A count cannot be negative ({text}): write it without the minus sign.").format(
            text=value))
    if number >= MAX_COUNT:
        raise ValueError(_("{text} is too large for a count: check the digits (a count is written like 18,176).")
                         .format(text=value))
    return number
