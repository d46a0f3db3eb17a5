"""Telephone numbers and business names written in a complaint, normalised so that the same caller is
recognised however it was written: mobiles as 11 digits (+86, 86-, spaces, dashes and full-width digits
removed), landlines as area code + number (0757 for a Foshan number written without one, +86-757 read as
0757), 400/800 numbers as 10 digits, the enterprise SMS ports that marketing SMS come from (1065…, 1069…, 8–20
digits) as their digits, so that complaints naming the same port group together. Operator and public service
numbers and the complainant's own number are never returned. Which words mark a number as no phone, or as the
complainant's own, and which endings make a business name, are data of the screening rules."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from workstation.fullwidth import IDEOGRAPHIC_SPACE, to_full
from workstation.screening.rules import CITY_PREFIX, Rules, foshan_districts, load_rules, words_matcher
from workstation.screening.rules import ascii_digits as _ascii_digits

# the leading look-ahead lets the regex engine skip to candidate characters (4–5x faster on Chinese text); a number
# starts after no digit or letter (an order or account id: AB12345678) but after TEL; a local number is none after a
# dash following digits: the subscriber part of a number whose area code was not read (020-87654321 is not 0757's)
PHONE_RX = re.compile(r"""
    (?=[0-9+(（])(?:(?<![0-9A-Za-z])|(?<=TEL)|(?<=Tel)|(?<=tel))
    (?:
        (?P<sms>106\d{5,17}|106(?:\d{1,2}(?:[ -]\d{4}){1,3}|[ -]\d{4}(?:[ -]\d{4}){1,2})(?:[ -]\d{1,3})?)
      | (?P<hotline>[48]00(?:(?:[ -]|[–—]{1,2})?\d){7})
      | (?P<mobile>(?:(?:\+|00)?86[ -]*|[(（]\+?86[)）][ ]*)?0?1[3-9]\d(?:(?:[ -]|[–—]{1,2})?\d){8})
      | (?P<landline>(?:(?:\+|00)86[ -]*[(（]?0?|86[ -]+[(（]?0?|[(（]?0)(?:10|2\d|[3-9]\d\d)[)）]?[ \-–—]*
                     [2-9]\d{2,3}[ -]?\d{4})
      | (?<![0-9][-–—])(?P<local>[2-9]\d{2,3}[ -]?\d{4})
    )
    (?![0-9])
    """, re.VERBOSE)
NON_DIGITS = re.compile(r"\D")
DATE_LIKE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
# up to the last character that cannot be part of a business name (greedy ``.*`` backtracks from the end)
LAST_NON_NAME = re.compile(r".*[^\u4e00-\u9fffA-Za-z0-9（）()·&]", re.S)
PARENS = to_full("()")


class PhoneScan(NamedTuple):
    """What ``phone_scan`` read in a text: the text with its digits in ASCII, and each telephone number in it as
    (match in that text, normalised number)."""

    text: str
    matches: list[tuple[re.Match, str]]


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits, signs, brackets and spaces read as ASCII ones (also the ideographic
    space between ASCII digits, as a Chinese input method types it: 138　0013　8000); the length is kept."""
    text = _ascii_digits(text)
    return text.replace(IDEOGRAPHIC_SPACE, " ") if IDEOGRAPHIC_SPACE in text else text


def normalise_phone(raw: str, rules: Rules | None = None) -> str | None:
    """The normalised form of one written number (a whole cell such as the complainant-number column), or
    None when it is no mobile, landline or 400/800 number."""
    if not raw:
        return None
    text = ascii_digits(str(raw)).strip()
    match = PHONE_RX.fullmatch(text) or PHONE_RX.search(text)
    return _normalised(match, rules or load_rules()) if match else None


def _normalised(match: re.Match, rules: Rules) -> str:
    digits = NON_DIGITS.sub("", match.group())
    kind = match.lastgroup
    if kind == "mobile":
        return digits[-11:]
    if kind == "landline":
        written = match.group().lstrip("(（ ")
        if written.startswith("00"):
            digits = digits[4:]
        elif written.startswith(("+", "86")):
            digits = digits[2:]
        if SERVICE_400.fullmatch(digits):  # +86 400 812 3456: a 400/800 number dialled from abroad, no area code
            return digits
        return digits if digits.startswith("0") else "0" + digits
    if kind == "local":
        return rules.phones["default_area_code"] + digits
    return digits


# a 400/800 number: ten digits, never an area code (there is no 0400)
SERVICE_400 = re.compile(r"[48]00\d{7}")
# a number as ``normalise_phone`` writes it: a mobile, a landline with its area code, a 400/800 number
NORMAL_PHONE = re.compile(rf"1\d{{10}}|0\d{{9,11}}|{SERVICE_400.pattern}")
# an enterprise SMS port as ``normalise_phone`` writes it (no reporter calls from one: not in ``NORMAL_PHONE``)
SMS_PORT = re.compile(r"106\d{5,17}")
# a landline as ``normalise_phone`` writes it: area code (with its 0) and subscriber number run together
NORMAL_LANDLINE = re.compile(r"0\d{9,11}")


def paper_phone(number: str) -> str:
    """A normalised number as documents print it: a landline with its area code set off by a hyphen
    (075786661234 → 0757-86661234, 01062345678 → 010-62345678: 010 and 02x have three digits, every other area
    code four); mobiles, 400/800 numbers, SMS ports and anything not normalised stay as they are."""
    if not NORMAL_LANDLINE.fullmatch(number):
        return number
    cut = 3 if number[1] in "12" else 4
    return f"{number[:cut]}-{number[cut:]}"


def renormalised(stored: str, rules: Rules | None = None) -> str:
    """A stored ``phones`` column (numbers separated by spaces) in the normal form of today's rules: a number
    kept by an earlier version as written (a landline without its area code, 0757-81234567) is normalised
    again, repeats dropped; a column already normal is returned as it is."""
    numbers = stored.split()
    if all(NORMAL_PHONE.fullmatch(n) or SMS_PORT.fullmatch(n) for n in numbers):
        return stored
    rules = rules or load_rules()
    return " ".join(dict.fromkeys(n if NORMAL_PHONE.fullmatch(n) or SMS_PORT.fullmatch(n)
                                  else normalise_phone(n, rules) or n for n in numbers))


def written_phones(text: str, rules: Rules | None = None, scan: PhoneScan | None = None) -> list[tuple[int, int, str]]:
    """Where telephone numbers are written in ``text``: (start, end, normalised number) of every mobile,
    landline and 400/800 number, and of every 7–8-digit local number that does not read as a date, money, a
    count or an id. Unlike ``extract_phones`` it keeps service numbers and the complainant's own (it serves
    masking, not screening); a number run into Latin letters (a USCC, a serial) is no phone number. ``scan``: the
    text's ``phone_scan`` with the same rules, when already made."""
    if not text:
        return []
    text, matches = scan or phone_scan(text, rules or load_rules())
    found = []
    for match, number in matches:
        after = text[match.end():match.end() + 1]
        if not (after.isascii() and after.isalpha()):
            found.append((match.start(), match.end(), number))
    return found


def phone_scan(text: str, rules: Rules) -> PhoneScan:
    """The one reading of ``text`` that ``written_phones`` and ``extract_phones`` share (the importer asks both of a
    complaint's text and reads it once): the text with full-width digits read as ASCII, and every number in it that
    reads as a telephone number (a 7–8-digit local one only when it is no date, money, count or id) with its
    normalised form."""
    text = ascii_digits(text)
    matches = []
    for match in PHONE_RX.finditer(text):
        # an SMS port is a bare run of digits too: an amount (10650000元) or an order number is none
        if match.lastgroup in ("local", "sms") and not _plausible_local(text, match, rules):
            continue
        matches.append((match, _normalised(match, rules)))
    return PhoneScan(text, matches)


def is_service_number(number: str, rules: Rules) -> bool:
    """Operator or public service numbers (10086, 12345, 95xxx …) of the rules: a prefix's numbers run to eight
    digits (95105105), which as a local number would be taken for a Foshan landline."""
    if number in rules.phones["service_numbers"]:
        return True
    return len(number) <= 8 and number.startswith(rules.phones["service_prefixes"])


def extract_phones(text: str, *, own: str | tuple[str, ...] = (), rules: Rules | None = None,
                   scan: PhoneScan | None = None) -> list[str]:
    """The normalised numbers written in ``text``, in order, without repeats, without service numbers, the
    complainant's own number(s) ``own`` (normalised or as written) and numbers introduced as one's own. ``scan``:
    the text's ``phone_scan`` with the same rules, when already made."""
    if not text:
        return []
    rules = rules or load_rules()
    text, matches = scan or phone_scan(text, rules)
    found: list[str] = []
    own_numbers = None
    for match, number in matches:
        local = match.lastgroup == "local"
        if number in found or is_service_number(NON_DIGITS.sub("", match.group()) if local else number, rules):
            continue
        if own_numbers is None:
            own_numbers = {_own_number(o, rules) for o in ((own,) if isinstance(own, str) else own) if o}
        if number in own_numbers or introduced_as_own(text, match.start(), rules):
            continue
        found.append(number)
    return found


#: what may stand between a word introducing one's own number and the number (我的电话：138…, 本人手机是138…)
_OWN_GAP = r"[\s:：是为]{0,3}"


def introduced_as_own(text: str, start: int, rules: Rules) -> bool:
    """Whether the number at ``start`` of ``text`` is introduced as the complainant's own: one of the rules'
    ``own_number_words`` right before it, nothing but a colon, 是 or spaces between. A word further off is not
    about this number: 详情请联系我们137… (联系我 inside a quoted SMS's 联系我们) and 怎么知道我的电话？137… (the
    question ends with the word) introduce the caller's number."""
    rx = rules.words_rx("phones", "own_number_words",
                        lambda: re.compile(f"(?:{words_matcher(rules.phones['own_number_words']).pattern}){_OWN_GAP}$"))
    return rx.search(text, max(0, start - 12), start) is not None


def _own_number(written: str, rules: Rules) -> str:
    """The complainant's number normalised (the importer usually gives 11 digits already)."""
    if len(written) == 11 and written.isdigit() and written[0] == "1":
        return written
    return normalise_phone(written, rules) or written


def _plausible_local(text: str, match: re.Match, rules: Rules) -> bool:
    """A 7–8-digit number (or an SMS port) is a telephone number unless it reads as a date, money, a count or an
    id. A unit word written twice after it is no unit but an adverb (83331234天天打来: every day; 次次: every time)."""
    digits = NON_DIGITS.sub("", match.group())
    if len(digits) == 8 and DATE_LIKE.fullmatch(digits):
        return False
    units = rules.phones["not_after"]
    if text[match.end():match.end() + 2].lstrip(" ").startswith(units):
        after = text[match.end():match.end() + 24].lstrip(" ")  # room for a unit of words written twice
        unit = max((w for w in units if after.startswith(w)), key=len)
        # a word that begins with a unit yet says the digits are a telephone number (86123456号码打来: 号 is the
        # day of a date only after 1–31)
        if not after.startswith(unit * 2) and not after.startswith(rules.phones["number_after"]):
            return False
    return not rules.words_rx("phones", "not_before").search(text, max(0, match.start() - 6), match.start())


def extract_businesses(text: str, rules: Rules | None = None) -> list[str]:
    """Business names written in ``text``: a run of characters ending in one of the rules' suffixes (有限公司,
    中介, 工作室 …), starting after the last stop word (自称是, 的 …); generic names (贵公司, 房产中介) and
    excluded ones (the operators, public bodies, anonymised 某) are left out."""
    if not text:
        return []
    rules = rules or load_rules()
    suffixes = rules.words_rx("businesses", "suffixes")
    last_stop = _last_stop_rx(rules)
    found: dict[int, str] = {}
    previous = (0, 0)  # start and end of the last name found
    for match in suffixes.finditer(text):
        end = match.start()
        boundary = LAST_NON_NAME.match(text, max(0, end - 40), end)
        start = max(boundary.end() if boundary else end - 40, previous[1], 0)
        if start == previous[1] and previous[1] and (end == start or match.group() in rules.businesses["branches"]):
            start = previous[0]  # one name: …培训学校有限公司, or a branch right after its company
        else:
            stop = last_stop.match(text, start, end)
            start = stop.end() if stop else start
            lead = rules.words_rx("businesses", "leading").match(text, start, end)
            start = lead.end() if lead else start
        name = text[start:match.end()].translate(PARENS)
        if _acceptable(name, match.group(), rules) and len(name) > len(found.get(start, "")):
            found[start] = name
        previous = (start, match.end())
    return list(dict.fromkeys(found.values()))


def business_key(name: str, rules: Rules | None = None) -> str:
    """What a business name is grouped by, the same for the ways one business is written: half-width (NFKC) and
    without spaces, a leading 广东省/广东 and 佛山市/佛山 and then a Foshan district (顺德区) dropped — 佛山市美家装饰工程有限公司,
    佛山美家装饰工程有限公司 and 美家装饰工程有限公司 are one business; the name unified only when what is left would
    identify nobody (佛山市装饰公司 is not 装饰公司)."""
    rules = rules or load_rules()
    unified = "".join(unicodedata.normalize("NFKC", name).split())
    rest = unified[CITY_PREFIX.match(unified).end():]
    rest = rest[len(next((d for d in foshan_districts() if rest.startswith(d)), "")):]
    suffix = max((s for s in rules.businesses["suffixes"] if rest.endswith(s)), key=len, default="")
    return rest if rest != unified and suffix and _acceptable(rest, suffix, rules) else unified


def _last_stop_rx(rules: Rules) -> re.Pattern:
    """Matches up to the end of the last stop word (greedy ``.*`` backtracks from the end)."""
    words = rules.words_rx("businesses", "stop_words")
    return rules.words_rx("businesses", "stop_words", lambda: re.compile(f".*(?:{words.pattern})", re.S))


def _acceptable(name: str, suffix: str, rules: Rules) -> bool:
    if len(name) - len(suffix) < 2 or name in rules.businesses["generic"]:
        return False
    return not rules.words_rx("businesses", "excluded").search(name)


def hide_own_numbers(text: str, own: str | tuple[str, ...] | list[str] = (), rules: Rules | None = None) -> str:
    """``text`` with the complainant's own number(s) masked (139****9279) wherever written: those in ``own``
    (normalised or as written) and any introduced as one's own (本人号码…). The numbers complained about stay as
    written: a summary of complaints for the case file names the caller, never the complainant's own number."""
    if not text:
        return text
    from workstation.masking import mask_phone

    rules = rules or load_rules()
    scanned, matches = phone_scan(text, rules)
    own_numbers = {_own_number(o, rules) for o in ((own,) if isinstance(own, str) else own) if o}
    out, last = [], 0
    for match, number in matches:
        if number in own_numbers or introduced_as_own(scanned, match.start(), rules):
            # phone_scan reads full-width digits as ASCII in place, so positions are those of ``text``
            out.append(text[last:match.start()] + mask_phone(text[match.start():match.end()], rules))
            last = match.end()
    return "".join(out) + text[last:]
