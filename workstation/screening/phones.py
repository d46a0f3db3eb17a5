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
from workstation.store.agencies import HAN

# the leading look-ahead lets the regex engine skip to candidate characters (4–5x faster on Chinese text); a number
# starts after no digit or letter (an order or account id: AB12345678) but after TEL; a local number is none after a
# dash following digits: the subscriber part of a number whose area code was not read (020-87654321 is not 0757's); a
# mobile may be written in dots too, in its three groups only (138.0013.8000: no decimal reads so)
PHONE_RX = re.compile(r"""
    (?=[0-9+(（])(?:(?<![0-9A-Za-z])|(?<=TEL)|(?<=Tel)|(?<=tel))
    (?:
        (?P<sms>106\d{5,17}|106(?:\d{1,2}(?:[ -]\d{4}){1,3}|[ -]\d{4}(?:[ -]\d{4}){1,2})(?:[ -]\d{1,3})?)
      | (?P<hotline>[48]00(?:(?:[ -]|[–—]{1,2})?\d){7})
      | (?P<mobile>(?:(?:\+|00)?86[ -]*|[(（]\+?86[)）][ ]*)?0?1[3-9]\d(?:(?:[ -]|[–—]{1,2})?\d){8}|1[3-9]\d\.\d{4}\.\d{4})
      | (?P<landline>(?:(?:\+|00)86[ -]*[(（]?0?|86[ -]+[(（]?0?|[(（]?0)(?:10|2\d|[3-9]\d\d)[)）]?[ \-–—]*
                     [2-9]\d{2,3}[ -]?\d{4})
      | (?<![0-9][-–—])(?P<local>[2-9]\d{2,3}[ -]?\d{4})
    )
    (?![0-9])
    """, re.VERBOSE)
NON_DIGITS = re.compile(r"\D")
DATE_LIKE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
# up to the last character that cannot be part of a business name (greedy ``.*`` backtracks from the end); the rare
# characters of a name (䶮, 𠮷: ``HAN``) are part of it
LAST_NON_NAME = re.compile(rf".*[^{HAN}A-Za-z0-9（）()·&]", re.S)
PARENS = to_full("()")
#: what a business name cannot begin with, digits read as ASCII (``ascii_digits``): dates, days and times in any
#: order (2026年3月, 3月5日, 5号 after a month, 10点; 昨天, 前天, 下午, 晚上 … alone too: 昨天下午好运来公司) or a run of
#: five digits or more (what is left of a number: an order number, an id); a short run of digits stays (58同城, 360金融),
#: and so do the time words that begin real names (今日头条, 明天) and an hour's 点 with another 点 after it (1点点奶茶店)
DATE_BEFORE_NAME = re.compile(r"(?:(?:\d{1,4}[年月日时分秒]|\d{1,2}点(?!点)|(?<=月)\d{1,2}号|\d{5,}"
                              r"|昨天|今天|前天|当天|上午|下午|中午|晚上|早上|早晨|凌晨|傍晚|夜里|深夜) *)+")
#: a name made of nothing but placeholders of an anonymised or unknown name (XX公司, xx科技有限公司, ××公司, ＸＸ公司, ***公司)
#: once its suffix and trade words are left out: it names nobody, and every export row anonymised so would be one lead
PLACEHOLDER = "[XxＸｘ×*＊○〇]+"


class PhoneScan(NamedTuple):
    """What ``phone_scan`` read in a text: the text with its digits in ASCII, and each telephone number in it as
    (match in that text, normalised number); ``masked_only``: the local numbers that read as no telephone number
    though written like one (a group of a bank card or an ID number written in groups, a code after 验证码 or 学号),
    in the same form: masking hides them all the same, screening reads none of them."""

    text: str
    matches: list[tuple[re.Match, str]]
    masked_only: list[tuple[re.Match, str]] = []


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
    scan = scan or phone_scan(text, rules or load_rules())
    text, matches = scan.text, scan.matches
    if scan.masked_only:
        matches = sorted(matches + scan.masked_only, key=lambda found: found[0].start())
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
    matches, masked_only = [], []
    found = list(PHONE_RX.finditer(text))
    for n, match in enumerate(found):
        # an SMS port is a bare run of digits too: an amount (10650000元) or an order number is none
        if match.lastgroup in ("local", "sms") and not _plausible_local(text, match, rules):
            continue
        if match.lastgroup == "local" and (_in_digit_groups(text, found, n) or _CODE_BEFORE.search(
                text, max(0, match.start() - 10), match.start())):
            masked_only.append((match, _normalised(match, rules)))
            continue
        matches.append((match, _normalised(match, rules)))
    return PhoneScan(text, matches, masked_only)


#: words right before a 7–8-digit number (a colon, 是 or spaces between) saying it is a code or an id, not a telephone
#: number (验证码81234567, 学号20261234, 发票号码：81234567), besides the rules' ``not_before``; such a number is still
#: masked where shown
_CODE_BEFORE = re.compile(r"(?:验证码|校验码|动态码|密码|学号|工号|发票号码?|证件号码?|会员号|订单号|卡号|单号|账号|帐号|身份证号?)"
                          r"[\s:：是为]{0,3}$")
#: a group of three digits or more and a space or dash, right before a local number (6222 0212 3456 7890's 3456 7890)
_GROUP_BEFORE = re.compile(r"\d{3}[ -]$")
#: a space or dash and a group of three digits or more right after a local number (6222 0212 3456 7890's 6222 0212)
_GROUP_AFTER = re.compile(r"[ -]\d{3}")
#: a dash and an extension of one to four digits right after a local number, ending its digits (86123456-801): no
#: group of a longer number (6222-0212-3456-7890 goes on after its third group)
_EXTENSION_AFTER = re.compile(r"-\d{1,4}(?![0-9]|[ -]\d)")


def _in_digit_groups(text: str, found: list[re.Match], n: int) -> bool:
    """Whether the local number ``found[n]`` of ``text`` is part of a longer number written in groups (a bank card, an
    ID number, a waybill: 6222 0212 3456 7890): a group of digits right before or after it, a space or a dash between,
    that is no part of another telephone number (138 0013 8000 81234567 writes a mobile and a local number). An
    extension after a dash ending the digits (86123456-801) is no such group."""
    match = found[n]
    start, end = match.start(), match.end()
    if start and _GROUP_BEFORE.search(text, max(0, start - 4), start):
        before = found[n - 1] if n else None
        if before is None or before.end() != start - 1 or before.lastgroup == "local":
            return True
    if _GROUP_AFTER.match(text, end) and not _EXTENSION_AFTER.match(text, end):
        after = found[n + 1] if n + 1 < len(found) else None
        if after is None or after.start() != end + 1 or after.lastgroup == "local":
            return True
    return False


def is_service_number(number: str, rules: Rules) -> bool:
    """Operator or public service numbers (10086, 12345, 95xxx …) of the rules: a prefix's numbers run to eight
    digits (95105105), which as a local number would be taken for a Foshan landline."""
    if number in rules.phones["service_numbers"]:
        return True
    return len(number) <= 8 and number.startswith(rules.phones["service_prefixes"])


def extract_phones(text: str, *, own: str | tuple[str, ...] = (), rules: Rules | None = None,
                   scan: PhoneScan | None = None) -> list[str]:
    """The normalised numbers written in ``text``, in order, without repeats, without service numbers, the
    complainant's own number(s) ``own`` (normalised or as written; a number an export showed masked as the importer
    keeps it, 138****8000: any number of its length showing its digits, ``MASKED_OWN``) and numbers introduced as
    one's own. ``scan``: the text's ``phone_scan`` with the same rules, when already made."""
    if not text:
        return []
    rules = rules or load_rules()
    scan = scan or phone_scan(text, rules)
    text, matches = scan.text, scan.matches
    found: list[str] = []
    own_numbers = None
    for match, number in matches:
        local = match.lastgroup == "local"
        if number in found or is_service_number(NON_DIGITS.sub("", match.group()) if local else number, rules):
            continue
        if own_numbers is None:
            own_numbers = _own_numbers(own, rules)
        if _is_own(number, own_numbers) or introduced_as_own(text, match.start(), rules, match.end()):
            continue
        found.append(number)
    return found


#: a complainant's number an export showed masked, as the importer keeps it (``complainant_masked``): the number
#: normalised, a * for each digit hidden (138****8000, 07578612****)
MASKED_OWN = re.compile(r"(?=[0-9]*\*)(?:1[0-9*]{10}|0[0-9*]{9,11}|[48]00[0-9*]{7}|\*[0-9*]{9,11})")
#: a complaint's own numbers in SQL: its complainant's cell's (13911110001 075781234567) and those its export showed
#: masked (``complainant_masked``, m060: 138****8000), space-separated, as ``extract_phones`` and ``hide_own_numbers``
#: read ``own`` once split
OWN_NUMBERS_SQL = "complainant_phone || ' ' || complainant_masked"
#: the least digits a masked number must show, besides those a whole block of numbers shares (``_block_prefix``), for a
#: number written in a text to be taken for it: a mask hiding more (138********, 0757-86******) would take the numbers
#: complained about for the complainant's own
MASKED_OWN_SHOWN = 6


def masked_own(value: str) -> bool:
    """Whether ``value`` is a masked number as the importer keeps it (``MASKED_OWN``) showing enough digits to tell a
    number by (``MASKED_OWN_SHOWN``), not counting a mobile's leading 1, a landline's 0 and area code (the 0757 the
    importer writes before a local number too) nor a 400/800 number's first three: a caller cell 86****** kept as
    075786****** would take every 0757-86xx-xxxx number of the text for the caller's own."""
    if MASKED_OWN.fullmatch(value) is None:
        return False
    rest = value[_block_prefix(value):]
    return len(rest) - rest.count("*") >= MASKED_OWN_SHOWN


def _block_prefix(masked: str) -> int:
    """How many leading characters of a masked number (``MASKED_OWN``) a whole block of numbers shares: a mobile's 1,
    a 400/800 number's 400 or 800, a landline's 0 and area code (010 and 02x three characters with the 0, the others
    four; four too when the mask hides the area code's first digit, or the first character, which tells no kind)."""
    if masked[0] == "1":
        return 1
    if masked[0] != "0":
        return 3 if masked[:3] in ("400", "800") else 4
    return 3 if masked[1] in "12" else 4


def shows_as(number: str, masked: str) -> bool:
    """Whether the normalised ``number`` is one a masked number (``MASKED_OWN``) may stand for: as long, and the same
    digit wherever the mask shows one."""
    return len(number) == len(masked) and all(m == "*" or m == d for m, d in zip(masked, number, strict=True))


class _Own(NamedTuple):
    """The complainant's own numbers normalised, and those an export showed masked (``MASKED_OWN``)."""

    numbers: set[str]
    masked: tuple[str, ...] = ()


def _is_own(number: str, own: _Own) -> bool:
    return number in own.numbers or any(shows_as(number, masked) for masked in own.masked)


#: what may stand between a word introducing one's own number and the number (我的电话：138…, 本人手机是138…,
#: 我的手机号是138…, 我的电话号码：138…)
_OWN_GAP = r"(?:号码?|码)?[\s:：是为]{0,3}"
#: right before a word introducing one's own number, saying the number is the one calling or called (打我电话138…,
#: 拨打我的电话138…, 一直骚扰本人138…, 给本人电话138…, 致电我手机138…) or the complained-of party's (被投诉人电话：138…):
#: the caller's, not the complainant's
_CALLED_BEFORE = r"(?<![打拨给扰叫被])(?<!致电)"
#: 本人 alone introduces one's own number only where a clause begins (本人138…经常接到…, （本人138…）, 我本人138…,
#: 号码是本人138…): after other words (找本人138…, 问本人138…, 向本人138…, 打到本人138…, 冒充本人138…) the number is
#: the caller's; the longer words (本人电话, 本人手机 …) say so wherever they stand
_BARE_OWN = "本人"
_CLAUSE_START = r"(?<![^\s,，.。;；:：!！?？、(（\[【「『“\"'‘我是为系])"


#: right after a number, saying it is the complainant's own: 是我的 or 是本人的, 为本人, 是我自己的 (139…是我的号码,
#: 139…号码为本人手机), not 是我的同事 (a word right after 的 other than 号码, 手机, 电话, 联系)
_OWN_AFTER = re.compile(r"(?:号码?|码)?\s*[是为系](?:我(?:本人|自己)?的|我?本人的?)(?:号码|手机|电话|联系|(?!\w))")
#: 机主 or 用户 right after a number (的 between) is the complainant's own only when 我 or 本人 (是, 系, 为) stands right
#: before it (我是139…机主): alone it may be the caller's (查询138…机主信息, 138…的机主自称…)
_OWNER_AFTER = re.compile(r"\s*的?(?:机主|用户)")
_OWNER_BEFORE = re.compile(r"(?:我|本人)就?[是系为]?\s*$")


def introduced_as_own(text: str, start: int, rules: Rules, end: int | None = None) -> bool:
    """Whether the number at ``start`` of ``text`` is introduced as the complainant's own: one of the rules'
    ``own_number_words`` right before it, nothing but 号 or 号码, a colon, 是, 为 or spaces between (我的手机号是138…),
    unless 打, 拨, 给, 扰, 叫, 被 or 致电 stands right before the word (``_CALLED_BEFORE``: 打我电话138…, 一直骚扰本人138…
    name the caller's number, 被投诉人电话138… the complained-of party's), and 本人 alone only where a clause begins
    (``_BARE_OWN``: 找本人138… names the caller's). A word further off is not about this number: 详情请联系我们137… (联系我 inside a quoted SMS's 联系我们) and
    怎么知道我的电话？137… (the question ends with the word) introduce the caller's number. With the number's
    ``end``, also one said to be one's own after it: 139…是我的号码, and 我是139…机主 (``_OWN_AFTER``, ``_OWNER_AFTER``)."""
    rx = rules.words_rx("phones", "own_number_words", lambda: _own_words_rx(rules.phones["own_number_words"]))
    if rx.search(text, max(0, start - 12), start) is not None:
        return True
    if end is None:
        return False
    return _OWN_AFTER.match(text, end) is not None or (
        _OWNER_AFTER.match(text, end) is not None and _OWNER_BEFORE.search(text, max(0, start - 6), start) is not None)


def _own_words_rx(words) -> re.Pattern:
    """The matcher of ``own_number_words`` right before a number (``introduced_as_own``): 本人 alone only where a
    clause begins (``_BARE_OWN``), none after 打, 拨, 给, 扰, 叫, 被 or 致电 (``_CALLED_BEFORE``)."""
    words = list(words)
    alternatives = [words_matcher([w for w in words if w != _BARE_OWN]).pattern]
    if _BARE_OWN in words:
        alternatives.append(f"{_CLAUSE_START}{re.escape(_BARE_OWN)}")
    return re.compile(f"{_CALLED_BEFORE}(?:{'|'.join(alternatives)}){_OWN_GAP}$")


def _own_numbers(own, rules: Rules) -> _Own:
    """The complainant's numbers of ``own`` (one value or several) normalised; a value holding several numbers as
    the importer stores them (13911110001 075781234567: the contact cell's, each the complainant's) gives each, one
    written with spaces inside (139 1111 0001) the one it is. A masked number as the importer keeps it (138****8000,
    also among the numbers of a value) is one of the masked ones, when it shows digits enough (``masked_own``)."""
    numbers, masked = set(), []
    for value in ((own,) if isinstance(own, str) else own):
        if not value:
            continue
        parts = value.split()
        if "*" in value:
            masked.extend(part for part in parts if masked_own(part))
            parts = [part for part in parts if "*" not in part]
            if not parts:
                continue
            value = " ".join(parts)
        if len(parts) > 1 and all(part.isdigit() and len(part) >= 7 for part in parts):
            numbers.update(_own_number(part, rules) for part in parts)
        else:
            numbers.add(_own_number(value, rules))
    return _Own(numbers, tuple(masked))


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
    中介, 工作室 …) or a shop's (``SHOP_SUFFIXES``: 店, 商行 …), starting after the last stop word (自称是, 的 …) that
    ends the text before it (``_name_start``: not 美的置业's 的 nor 乐从's 从), and after a 和 or 同 joining it to the
    name before or written before a place (A和佛山市B); generic names (贵公司, 房产中介) and excluded ones (the
    operators, public bodies, anonymised 某) are left out."""
    if not text:
        return []
    rules = rules or load_rules()
    suffixes = _suffixes_rx(rules)
    found: dict[int, str] = {}
    previous = (0, 0)  # start and end of the last name found
    scanned = ascii_digits(text)  # the same length: positions are those of ``text``
    for match in suffixes.finditer(text):
        end = match.start()
        boundary = LAST_NON_NAME.match(scanned, max(0, end - 40), end)
        start = max(boundary.end() if boundary else end - 40, previous[1], 0)
        if start == previous[1] and previous[1] and (end == start or match.group() in rules.businesses["branches"]):
            start = previous[0]  # one name: …培训学校有限公司, or a branch right after its company
        else:
            start = _past_dates(scanned, _past_numbers(scanned, start, end), end)
            start = _name_start(text, start, end, match.group(), rules)
            # 和/同 between two names, or before a place starting a name, joins them (A和佛山市B): no part of B
            if text[start:start + 1] in _JOINING and (start == previous[1] and start or _place_rx(rules).match(
                    text, start + 1, end)):
                start += 1
            start = _past_dates(scanned, start, end)
            lead = rules.words_rx("businesses", "leading").match(text, start, end)
            start = lead.end() if lead else start
        name = text[start:match.end()].translate(PARENS)
        if _acceptable(name, match.group(), rules) and len(name) > len(found.get(start, "")):
            found[start] = name
        previous = (start, match.end())
    return list(dict.fromkeys(found.values()))


def _past_numbers(scanned: str, start: int, end: int) -> int:
    """Where a business name ending at ``end`` may begin, at ``start`` or after: after the last telephone number
    written before it (13800138000好运来贷款服务部, 0757-86661234好运来…) and after an opening bracket not closed before
    it or a closing one not opened (来电号码13500000009（好运来贷款服务部）): what stands before them is no part of the
    name, a bracket closed within it is (美家（佛山）装饰有限公司). ``scanned``: the text with its digits in ASCII."""
    for number in PHONE_RX.finditer(scanned, max(0, start - 24), end):
        if start < number.end() <= end:
            start = number.end()
    opened: list[int] = []
    for at in range(start, end):
        if scanned[at] in "(（":
            opened.append(at)
        elif scanned[at] in ")）":
            if opened:
                opened.pop()
            else:
                start = at + 1
    return opened[-1] + 1 if opened else start


def _past_dates(scanned: str, start: int, end: int) -> int:
    """``start`` past the date, time or run of digits a business name ending at ``end`` would begin with
    (``DATE_BEFORE_NAME``: 3月5日好运来贷款服务部)."""
    date = DATE_BEFORE_NAME.match(scanned, start, end)
    return date.end() if date else start


def business_key(name: str, rules: Rules | None = None) -> str:
    """What a business name is grouped by, the same for the ways one business is written: half-width (NFKC) and
    without spaces, a leading 广东省/广东 and 佛山市/佛山 and then a Foshan district (顺德区, 顺德) dropped — 佛山市美家装饰工程有限公司,
    佛山美家装饰工程有限公司 and 美家装饰工程有限公司 are one business; the name unified only when what is left would
    identify nobody (佛山市装饰公司 is not 装饰公司)."""
    rules = rules or load_rules()
    unified = "".join(unicodedata.normalize("NFKC", name).split())
    rest = without_place(unified)
    suffix = max((s for s in _suffixes(rules) if rest.endswith(s)), key=len, default="")
    return rest if rest != unified and suffix and _acceptable(rest, suffix, rules) else unified


def without_place(name: str) -> str:
    """``name`` without a leading 广东省/广东 and 佛山市/佛山 and then a Foshan district, in full or short (顺德区, 顺德)."""
    rest = name[CITY_PREFIX.match(name).end():]
    districts = sorted({*foshan_districts(), *(d[:-1] for d in foshan_districts())}, key=len, reverse=True)
    return rest[len(next((d for d in districts if rest.startswith(d)), "")):]


#: endings of shops' names besides the rules' ``suffixes`` (李记装修店, 宏达建材商行, 好运五金经营行, 鸿运房地产代理部);
#: 分店 is one of the rules' ``branches``
SHOP_SUFFIXES = ("代理部", "经营行", "商行", "分店", "店")
#: words joining two names (A和B, A同B, A与B, A及B)
_JOINING = frozenset("和同与及")
#: the pronouns among the stop words: one right before a character that begins no stop word is taken for part of a
#: name (我爱我家) once an earlier stop word ended the text before the name (接到我爱我家…)
_PRONOUNS = frozenset("我你他她")
#: how many characters after the place a name starts with (佛山市顺德区) a one-character stop word may stand and still
#: be part of the name (佛山市都市…, 佛山市顺德区美的…, 佛山市好又多…)
_AFTER_PLACE = 2
#: the least length of what stands between a one-character stop word and a registered company's suffix (有限公司 …)
#: for the stop word to end the text before the name: a company's registered name holds a trade name and a trade
#: (美的置业有限公司, 好又多商贸有限公司 are not cut to 置业有限公司, 多商贸有限公司)
_LEAST_REGISTERED = 4


def _suffixes_rx(rules: Rules) -> re.Pattern:
    """The rules' ``suffixes`` and ``SHOP_SUFFIXES``, longest first."""
    return rules.words_rx("businesses", "suffixes", lambda: words_matcher((*rules.businesses["suffixes"],
                                                                          *SHOP_SUFFIXES)))


def _suffixes(rules: Rules) -> tuple[str, ...]:
    return (*rules.businesses["suffixes"], *SHOP_SUFFIXES)


def _place_rx(rules: Rules) -> re.Pattern:
    """The names a business name may begin with: 广东, 佛山 and every Foshan district and town, in full or short
    (``Rules.value_place_names``: 顺德区, 顺德, 乐从镇, 乐从 …)."""
    return rules.words_rx("businesses", "places", lambda: words_matcher(
        ("广东", "广东省", "佛山", "佛山市", *rules.value_place_names)))


def _name_start(text: str, start: int, end: int, suffix: str, rules: Rules) -> int:
    """Where a business name ending at ``end`` (its ``suffix`` following) begins, at ``start`` or after: after the
    last stop word between that ends the text before the name. A stop word is no such end inside a place's name (乐从),
    nor, when one character, in the first characters after the places a name begins with (佛山市顺德区美的置业, 佛山市好
    又多; 佛山的… is cut), nor before too short a rest of a registered company's name (美的置业有限公司), nor a pronoun
    before a name character after an earlier stop word (接到我爱我家…)."""
    stops = list(rules.words_rx("businesses", "stop_words").finditer(text, start, end))
    if not stops:
        return start
    if len(stops[-1].group()) > 1:  # most texts: 自称是, 打来, 投诉 … end the text before the name
        return stops[-1].end()
    places = list(_place_rx(rules).finditer(text, start, end))
    named_after = None  # the end of the places a name begins with, at the start or right after a stop word
    if places:
        begins = {start, *(stop.end() for stop in stops)}
        for n, place in enumerate(places):
            if place.start() in begins:
                named_after = place.end()
                for following in places[n + 1:]:
                    if following.start() != named_after:
                        break
                    named_after = following.end()
                break
    registered = "有限" in suffix
    for n in range(len(stops) - 1, -1, -1):
        stop = stops[n]
        at, word = stop.start(), stop.group()
        if len(word) > 1:
            return stop.end()
        if any(place.start() < stop.end() and at < place.end() for place in places):
            continue
        if named_after is not None and named_after <= at <= named_after + _AFTER_PLACE and not (
                word == "的" and at == named_after):
            continue
        if registered and end - stop.end() < _LEAST_REGISTERED:
            continue
        if word in _PRONOUNS and n and stop.end() < end and not rules.words_rx(
                "businesses", "stop_words").match(text, stop.end(), end):
            continue
        return stop.end()
    return start


def _acceptable(name: str, suffix: str, rules: Rules) -> bool:
    if len(name) - len(suffix) < 2 or _generic(name, rules):
        return False
    return not rules.words_rx("businesses", "excluded").search(name)


def _generic(name: str, rules: Rules) -> bool:
    """Whether a business name identifies nobody: one of the rules' ``generic`` names, or, without a leading 有
    (有房地产中介公司来电), the place it begins with (顺德装修公司) and the suffixes at its end (中介, 公司 …), made up
    only of generic names and trade words (电话营销公司, 信息科技有限公司), sector hint words (房地产中介公司, 贷款中介,
    装修公司) and placeholders (``PLACEHOLDER``: XX公司, XX科技有限公司) or of nothing."""
    generic = rules.businesses["generic"]
    bare = name[1:] if name.startswith("有") else name
    bare = without_place(bare) or bare  # 顺德装修公司, 佛山地产中介: a place and a trade, nobody
    if name in generic or bare in generic:
        return True
    suffixes = sorted(_suffixes(rules), key=len, reverse=True)
    rest = bare
    while (suffix := next((s for s in suffixes if rest.endswith(s)), None)) is not None:
        rest = rest[:-len(suffix)]
    return len(rest) < len(bare) and rules.words_rx(
        "businesses", "trade", lambda: re.compile("(?:" + "|".join([PLACEHOLDER, *map(re.escape, sorted(
            {*generic, *(w for words in rules.sectors.values() for w in words)}, key=len, reverse=True))]) + ")*")
    ).fullmatch(rest) is not None


def hide_own_numbers(text: str, own: str | tuple[str, ...] | list[str] = (), rules: Rules | None = None, *,
                     remove: bool = False, keep: str | tuple[str, ...] | list[str] = ()) -> str:
    """``text`` with the complainant's own number(s) masked (139****9279) wherever written: those in ``own``
    (normalised or as written; a number an export showed masked, 138****8000, as ``extract_phones`` reads it) and
    any introduced as one's own (本人号码…). The numbers complained about stay as
    written: a summary of complaints for the case file names the caller, never the complainant's own number.
    ``remove``: left out altogether, for a text the party reads (a masked number's first and last digits still
    point the party to the reporter among its callers: 暂行办法 art. 33 keeps the reporter secret). ``keep``: the
    numbers a lead quoting the text is about (its ``phones``, space-separated or several), never hidden: a lead decided
    before its complaints' masked callers were kept (m060) may be about a number showing a mask's digits."""
    if not text:
        return text
    from workstation.masking import mask_phone

    rules = rules or load_rules()
    scan = phone_scan(text, rules)
    scanned, matches = scan.text, scan.matches
    own_numbers = _own_numbers(own, rules)
    kept = set(renormalised(" ".join((keep,) if isinstance(keep, str) else keep), rules).split()) if keep else ()
    out, last = [], 0
    for match, number in matches:
        if number in kept:
            continue
        if _is_own(number, own_numbers) or introduced_as_own(scanned, match.start(), rules, match.end()):
            # phone_scan reads full-width digits as ASCII in place, so positions are those of ``text``
            out.append(text[last:match.start()] + ("" if remove else mask_phone(text[match.start():match.end()],
                                                                                 rules)))
            last = match.end()
    return "".join(out) + text[last:]
