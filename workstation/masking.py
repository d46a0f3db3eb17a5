"""Masking of personal numbers in what lists, dialogs, exports and logs show, and the audited reveal of one
stored value. The rule, in one place:

- a mobile number keeps its first 3 and last 4 digits: 13800138000 → 138****8000;
- a landline keeps its area code (with the 0: 010 and 02x have three digits, every other area code four) and
  the last 4 digits of the subscriber number: 075712345678 → 0757****5678, 0757-12345678 → 0757-****5678,
  010-62345678 → 010-****5678; a country code written before it is kept too;
- a 400/800 number keeps its first 3 and last 4 digits, an enterprise SMS port (1065…, 1069…: no person's
  number) its first 4 and last 4: 1069012345678 → 1069*****5678; any other number of 7 digits or more keeps only its
  last 4; numbers of 6 digits or fewer (10086, 12345) are service numbers and stay as they are;
- a resident ID number keeps its first 4 (the region) and last 4 characters: 440602199001011234 →
  4406**********1234 (18 characters, 10 stars), a 15-digit old one 4406*******1234 (7 stars); one written in a text
  with spaces or dashes keeps them: 4406 0219 9001 011234 → 4406 **** **** **1234; one whose birth date is no date
  (a 13th month: a mistyped number) only after its label: 身份证号码440602199013011234 → 身份证号码4406**********1234
  (``LABELLED_ID_RX``);
- a bank account number (12 digits or more, groups separated by spaces or hyphens) keeps its last 4 digits
  (``mask_accounts``: only where a text is published, ``documents.publication``, ``mask_published``);
- a natural person's address keeps its divisions down to the county (省, 市, 区/县), the rest one run of four stars:
  广东省佛山市禅城区祖庙路3号 → 广东省佛山市禅城区**** (``mask_address``; in a published text, the address written
  after 住址, 地址, 住所, 户籍地, 居住地, 家住, 现住, 暂住, 住在 or 居住在/于 too — not a firm's own 住所 in a
  decision to it, nor its new one after 擅自变更住所至: ``mask_cued_addresses``; a change written in place,
  住所已变更为…, only after 住所: 家庭地址已变更为… is a person's. A change the sentence gives a person (投诉人, 其称,
  本人, a name of a common surname at its clause's start: 张三变更住所至…) stays masked; one whose person is named
  otherwise (据查黄飞变更住所至…, a rare surname) cannot be told from the firm's and is published whole: the accepted
  limit, ``_registered_address``);
- an e-mail address keeps the first character of its local part and its domain: liuyang@example.com →
  l******@example.com (``mask_emails``: only where a text is published);
- a date of birth (1988年3月5日出生, 出生于…, 出生日期：…) its digits stars, as an ID number hides the one it holds:
  ****年*月*日出生 (``mask_birth_dates``), and a vehicle plate its area kept, its serial stars: 粤E12345 → 粤E*****
  (``mask_plates``) — both only where a text is published; an address after a bare 住 is cued too where a division
  and a number, a door or a village follow it (张伟住佛山市南海区桂城街道海五路28号).

Only digits become stars in a number; separators stay as written. Values stay whole in the database, in printed documents
and in bundles to headquarters (the officer's official work product): masking is for what is shown."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from workstation.db import Database
from workstation.validators import CODE_SEPARATORS

if TYPE_CHECKING:  # the screening rules are imported where a number is read, not with this module
    from workstation.screening.rules import Rules

#: what may stand between the characters of an ID number as it is written in a text (4406 0219 9001 011234,
#: 440602-19900101-1234): one of the spaces and dashes the validators read an ID number with (``validators.
#: CODE_SEPARATORS``: full-width, no-break and the non-breaking hyphen too), anywhere; two of them (440602  19900101
#: 1234, 4406  0219  9001  0112  34) only where the number's groups meet — after its region and its birth date
#: (characters 6 and 14) or between groups of four — and only in a number whose check character is right
#: (``_id_written``): text in columns (528300  20260310  0012, a postal code, a date and a serial) is no ID number. The
#: number's structure (a region not starting with 0, a birth date of a real month and day) keeps dates, amounts and
#: case numbers out
_SEPARATORS = "[" + re.escape(CODE_SEPARATORS) + "]"
_ID_GAP = _SEPARATORS + "?"
_ID_GROUP_GAP = _SEPARATORS + "{0,2}"
#: an 18-character ID number, <n> standing for what may stand after its n-th character
_ID18 = (r"[1-9]<1>\d<2>\d<3>\d<4>\d<5>\d<6>(?:1<7>[89]|2<7>0)<8>\d<9>\d<10>(?:0<11>[1-9]|1<11>[0-2])<12>"
         r"(?:0<13>[1-9]|[12]<13>\d|3<13>[01])<14>\d<15>\d<16>\d<17>[0-9Xx]")


def _id_pattern(wide: frozenset[int]) -> str:
    """``_ID18`` with one separator or none after each character, one or two after those of ``wide``."""
    return re.sub(r"<(\d+)>", lambda m: _ID_GROUP_GAP if int(m.group(1)) in wide else _ID_GAP, _ID18)


ID_RX = re.compile(
    r"(?<![0-9A-Za-z])(?:" + _id_pattern(frozenset({6, 14})) + "|" + _id_pattern(frozenset({4, 8, 12, 16}))
    + "|" + r"[1-9](?:~\d){7} ~ (?:0~[1-9]|1~[0-2]) ~ (?:0~[1-9]|[12]~\d|3~[01]) (?:~\d){3}".replace(
        " ", "").replace("~", _ID_GAP)  # 15 digits (before 1999)
    + r")(?![0-9A-Za-z])")
#: two separators side by side in a number as written
_WIDE_GAP = re.compile(_SEPARATORS + "{2}")
#: an ID number written right after its label (身份证, 身份证号码, 居民身份证号, 身份证件号码, 公民身份号码; 证件号码, a
#: document of any kind): 18 characters (17 digits, then a digit or X) or 15 digits, one separator or none between them,
#: whatever its structure — a birth date that is no date (a 13th month, a 32nd day, 00) is a mistyped ID number,
#: still a person's. Without a label such a number is left as written: all-digit credit codes (911101191000000089,
#: day 00), bank accounts and work-order numbers take that shape too. After a bare 证件号码 (a firm's papers too) a
#: number that is a credit code (its GB 32100 check character right) and a 15-digit one (an old 注册号) are kept
LABELLED_ID_RX = re.compile(
    r"(?:(?P<id>身份证件?(?:号码|号)?|公民身份(?:证件?)?号码?)|(?P<papers>证件号码?))(?:[：:]|为|是)?[ \u3000]*"
    r"(?P<number>\d(?:~\d){16}~[\dXx]|\d(?:~\d){14})(?![0-9A-Za-z])".replace("~", _ID_GAP))


def _labelled_id(match: re.Match) -> bool:
    """Whether the number ``match`` (of ``LABELLED_ID_RX``, in the text as ``id_readable`` reads it) finds after its
    label is an ID number to mask: always after an ID number's own label, after a bare 证件号码 only an 18-character
    one that is no credit code."""
    if match.group("id"):
        return True
    from workstation.validators import USCC_FORM, compact_code, uscc_check_character

    number = compact_code(match.group("number")).upper()
    return len(number) == 18 and not (USCC_FORM.match(number) and uscc_check_character(number[:17]) == number[17])


def _id_written(match: re.Match) -> bool:
    """Whether ``match`` (of ``ID_RX``, in the text as ``id_readable`` reads it) is an ID number to mask: one written
    with a single separator or none between its characters whatever its check character (a mistyped number is a
    person's too), one with two somewhere only with its check character right (``plain_id_valid``)."""
    written = match.group()
    if _WIDE_GAP.search(written) is None:
        return True
    from workstation.validators import compact_code, plain_id_valid

    return plain_id_valid(compact_code(written))


NON_DIGITS = re.compile(r"\D")
# Every number masked holds an ASCII or a full-width digit (the patterns read full-width digits as ASCII ones),
# both matched by \d: a text without one is shown as it is. One regex search instead of a Python loop over the
# characters: lists mask two texts of every row they show.
ANY_DIGIT = re.compile(r"\d")
STAR = "*"
#: Fields holding telephone numbers (several separated by spaces in ``phones``) and ID numbers; any other text
#: field is free text, masked with ``mask_text``.
PHONE_FIELDS = frozenset({"phone", "complainant_phone", "target_phone", "phones"})
ID_FIELDS = frozenset({"id_number"})
#: a lead's reporter (m056) as lists show it: the name its surname and stars (李*), the address its divisions and
#: four stars (``mask_address``), as the reporter's number is masked
NAME_FIELDS = frozenset({"reporter_name"})
ADDRESS_FIELDS = frozenset({"reporter_address"})


def rules_in_force() -> Rules:
    """The screening rules that read the numbers to mask: those in force for the data directory in use (the copy
    edited in the rules editor, else the shipped file), as screening and search read them (``rules_for``), so that a
    number they read as a telephone number is masked wherever it is shown. An edited copy that cannot be read (changed
    by hand) gives way to the shipped rules here: masking must not fail where a list is shown (screening says why)."""
    from workstation.paths import resolve_data_dir
    from workstation.screening.rules import RulesError, load_rules, load_rules_in_force

    try:
        return load_rules_in_force(resolve_data_dir(None))
    except RulesError:
        return load_rules()


def _kept_leading(normalised: str) -> int:
    """How many leading digits of a normalised number the mask keeps (the part that is not the subscriber's)."""
    if normalised.startswith("106") and len(normalised) >= 8:  # an SMS port (an 11-digit one is no mobile)
        return 4
    if len(normalised) == 11 and normalised[0] == "1":
        return 3
    if normalised.startswith("0"):
        return 3 if normalised[1:2] in ("1", "2") else 4
    if len(normalised) == 10 and normalised.startswith(("400", "800")):
        return 3
    return 0


def _star_digits(written: str, keep_leading: int, keep_trailing: int = 4) -> str:
    """``written`` with its digits after the first ``keep_leading`` and before the last ``keep_trailing``
    replaced by stars; every other character as written."""
    positions = [i for i, ch in enumerate(written) if ch.isdigit()]
    hidden = set(positions[keep_leading:max(keep_leading, len(positions) - keep_trailing)])
    return "".join(STAR if i in hidden else ch for i, ch in enumerate(written))


def _mask_written_phone(written: str, normalised: str) -> str:
    digits = len(NON_DIGITS.sub("", written))
    if digits <= 6:
        return written
    subscriber = len(normalised) - _kept_leading(normalised)  # the written prefix (+86, 0086) is kept too
    return _star_digits(written, max(0, digits - subscriber))


def mask_phone(phone: str, rules: Rules | None = None) -> str:
    """A telephone number as lists show it (138****8000, 0757****5678); see the module's rule. ``rules``: the
    screening rules that read the number (default: those in force, ``rules_in_force``, the file checked on disk, for
    this call)."""
    if not phone:
        return phone
    main, mark, extension = phone.partition("转")  # a landline's extension as stored (0757-88881234转123): not masked
    if mark and extension.isdigit():
        return mask_phone(main, rules) + mark + extension
    from workstation.screening.phones import normalise_phone
    from workstation.screening.rules import ascii_digits

    digits = NON_DIGITS.sub("", ascii_digits(phone))
    if len(digits) <= 6:
        return phone
    mended = _lost_zero(digits)  # a landline without its leading 0 keeps its area code as one with it does
    normalised = mended or normalise_phone(phone, rules or rules_in_force()) or digits
    if not mended and len(normalised) > len(digits):  # a local number read with the default area code: nothing
        normalised = digits  # to keep of it
    return _mask_written_phone(phone, normalised)


def _lost_zero(digits: str) -> str | None:
    """The landline ``digits`` are without its leading 0 (75786123457: Excel drops the 0 of 0757-86123457, and an
    export may write it 757-86123457), with the 0, as the importer reads it (``landline_lost_zero``): its area code
    is kept as a landline's is; None for any other digits."""
    if len(digits) not in (10, 11) or digits[0] in "01":
        return None
    from workstation.store.complaints import landline_lost_zero

    return landline_lost_zero(digits, _lost_zero_codes())


@cache
def _lost_zero_codes() -> tuple[str, ...]:
    from workstation.importing.complaints import lost_zero_codes

    return lost_zero_codes()


def mask_id(number: str) -> str:
    """A resident ID number as lists show it: 4406**********1234 (15-digit ones 4406*******1234); other
    lengths keep 4 characters at each end, and 8 characters or fewer stay as they are."""
    text = number.strip() if number else number
    if not text or len(text) <= 8:
        return number
    return text[:4] + STAR * (len(text) - 8) + text[-4:]


def _mask_written_id(written: str) -> str:
    """An ID number as a text writes it masked as ``mask_id`` masks it, the spaces or dashes written between its
    characters kept where they are (4406 **** **** **1234)."""
    positions = [i for i, ch in enumerate(written) if ch.isalnum()]
    hidden = set(positions[4:-4])
    return "".join(STAR if i in hidden else ch for i, ch in enumerate(written))


def mask_text(text: str, rules: Rules | None = None) -> str:
    """``text`` with every ID number and telephone number written in it masked (full-width digits too); ``rules``
    as for ``mask_phone``."""
    if not text or ANY_DIGIT.search(text) is None:
        return text
    return _numbers_masked(text, rules)[0]


#: the full-width check character of an ID number (Ｘ, ｘ) read as the ASCII one, character for character
FULL_WIDTH_X = str.maketrans("Ｘｘ", "Xx")


def id_readable(text: str) -> str:
    """``text`` as ``ID_RX`` reads it, character for character: full-width digits, spaces, dashes and check
    characters as ASCII ones (so that spans found in it are spans of ``text``)."""
    from workstation.screening.rules import ascii_digits

    return ascii_digits(text).translate(FULL_WIDTH_X)


#: a record's id as a text names it (a UUID: 48745192-741f-466f-aad8-d074b42c5da0, in capitals too): its digits are
#: no telephone, ID or bank account number, and stay as they are
RECORD_ID_RX = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Za-z])",
                          re.IGNORECASE)


def _record_ids(text: str) -> list[tuple[int, int]]:
    """Where the record ids written in ``text`` stand (start, end: ``RECORD_ID_RX``)."""
    return [m.span() for m in RECORD_ID_RX.finditer(text)] if "-" in text else []


def id_number_spans(text: str, record_ids: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """Where ``text`` writes an ID number that masking masks (start, end, the number as written, read as
    ``id_readable`` reads it: full-width digits as ASCII ones, separators kept): one ``ID_RX`` reads (``_id_written``)
    and one after its label whatever its birth date (``LABELLED_ID_RX``, ``_labelled_id``: a mistyped one), never in a
    record's id (``record_ids``: ``_record_ids(text)`` when not given) nor inside another. The one reading of the ID
    numbers of a text: ``mask_text`` masks them, the complaint search finds them by the whole number."""
    record_ids = _record_ids(text) if record_ids is None else record_ids

    def in_record_id(start: int, end: int) -> bool:
        return any(start < id_end and id_start < end for id_start, id_end in record_ids)

    readable = id_readable(text)
    found = [(m.start(), m.end(), m.group()) for m in ID_RX.finditer(readable)
             if _id_written(m) and not in_record_id(*m.span())]
    if "证" in text or "身份" in text:  # an ID number after its label, its birth date no date (``LABELLED_ID_RX``)
        for match in LABELLED_ID_RX.finditer(readable):
            start, end = match.span("number")
            if (_labelled_id(match) and not in_record_id(start, end)
                    and not any(start < done_end and done_start < end for done_start, done_end, _ in found)):
                found.append((start, end, match.group("number")))
    return found


def _numbers_masked(text: str, rules: Rules | None,
                    record_ids: list[tuple[int, int]] | None = None) -> tuple[str, list[tuple[int, int]]]:
    """``text`` as ``mask_text`` masks it, and where the ID and telephone numbers it masked stand (start, end: each
    masked character for character, the text keeps its length). ``record_ids``: ``_record_ids(text)`` when the
    caller has them already."""
    from workstation.screening.phones import written_phones

    chars, spans = list(text), []
    record_ids = _record_ids(text) if record_ids is None else record_ids

    def in_record_id(start: int, end: int) -> bool:
        return any(start < id_end and id_start < end for id_start, id_end in record_ids)

    for start, end, _number in id_number_spans(text, record_ids):
        chars[start:end] = _mask_written_id(text[start:end])
        spans.append((start, end))
    masked = "".join(chars)
    chars = list(masked)
    for start, end, normalised in written_phones(masked, rules or rules_in_force()):
        if not in_record_id(start, end):
            chars[start:end] = _mask_written_phone(masked[start:end], normalised)
            spans.append((start, end))
    return "".join(chars), spans


#: a run of 12 or more digits, in groups a space (a no-break one too) or a hyphen may separate (6222 0212 3456 7890
#: 123): a bank account or card number. Shorter numbers (counts, amounts, dates) are not, nor numbers in columns (two
#: spaces apart) or dates joined by a dash (2026-03-10—2026-03-31); a phone or an ID number is masked before.
ACCOUNT_RX = re.compile(r"(?<![0-9A-Za-z])\d(?:[ \xa0-]?\d){11,}(?![0-9A-Za-z])")
#: the divisions an address keeps: a province (省, 自治区), a prefecture (市, 州, 地区, 盟) and a county (区, 县, 旗, a
#: county-level 市), each a short name not holding what starts a street address (街, 路, 镇, 村, 号 …): the 小区 of
#: 桂城街道某某小区 is no district
_DIVISION = r"[^省市区县旗盟街道路巷镇乡村组号栋室\d\s]"
ADDRESS_DIVISIONS = re.compile(rf"(?:{_DIVISION}{{1,7}}?(?:省|自治区))?(?:{_DIVISION}{{1,8}}?(?:市|自治州|地区|盟))?"
                               rf"(?:{_DIVISION}{{1,6}}?(?:区|县|旗|市))?")
ADDRESS_STARS = STAR * 4


def mask_accounts(text: str) -> str:
    """``text`` with every bank account number in it keeping its last 4 digits only (``ACCOUNT_RX``), separators as
    written: 6222021234567890123 → ***************0123."""
    if not text or ANY_DIGIT.search(text) is None:
        return text
    return ACCOUNT_RX.sub(lambda match: _star_digits(match.group(), 0), text)


#: an e-mail address written in a text (liuyang@example.com): its local part, then a domain of at least two labels
EMAIL_RX = re.compile(r"(?<![A-Za-z0-9._%+\-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+\-]*)@"
                      r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})")


def mask_emails(text: str) -> str:
    """``text`` with every e-mail address in it keeping the first character of its local part and its domain, every
    other character of the local part a star: liuyang@example.com → l******@example.com (a one-character local part
    is one star)."""
    if not text or "@" not in text:
        return text

    def masked(match: re.Match) -> str:
        local = match.group("local")
        kept = local[:1] if len(local) > 1 else ""
        return kept + STAR * (len(local) - len(kept)) + "@" + match.group("domain")

    return EMAIL_RX.sub(masked, text)


#: the words after which a text writes a person's address (住址, 家庭住址, 地址: 业主李四家庭住址：…; 户籍地, 户籍所在地,
#: 户口所在地, 居住地, and where a person lives: 家住, 现住, 暂住 (and their 住址, 地址, 住所: 现住址, 暂住地址 taken whole,
#: not 现住 with 址 for the address), 住在, 居住在/于 — only a natural person has one;
#: 暂住证 is a permit: not cued; 住所 alone, a person's or a firm's, is cued in ``ADDRESS_CUE_RX``), then what may stand
#: before the address (：, 为, 是, 在, 于, 位于); 地址 after a word for a firm's or an office's (经营地址, 注册地址, 公司地址,
#: 住所地址 …) is no person's. The address runs at most to the next stop, ending at its last address unit (``_cued_address``: the words
#: after it kept), and must hold what an address holds (a division, a street, a number: 地址不详 is none)
_PERSON_CUES = (r"住址|户籍(?:所在)?地址?|户口(?:所在)?地址?|(?:经常)?居住地址?|居住[在于]|(?:家|现|暂)住(?:址|地址?|所地?址?)?(?!证|房|宿)"
                r"|(?<![居家现暂入])住在"
                # a bare 住 (张伟住佛山市南海区…28号): only where a division follows it at once and the address goes on
                # to a number, a door or a village (not 住所, 住宿, 住房, 住宅, 住建局, 入住, 居住; nor 住…某路, written without one)
                r"|(?<![居家现暂入记抓保挡停站顶])住(?![址所地房宿证院户宅建在于])"
                r"(?=[^，,。；;、\s]{1,8}?(?:省|自治区|市|区|县|镇|乡)[^，,。；;、\s]*?[\d号栋幢室房村组])"
                r"|(?<!经营|注册|办公|营业|公司|单位|门店|店铺|场所|机关|企业|工厂|住所)地址")
#: what follows a cue: the words before the address, then the address up to the next stop
_CUED = r"(?:[：:]|为|是|在|于|位于|至)?[ \u3000]*(?P<address>[^，,。；;、：:（()）\s]+)"
#: the cues of every decision: a person's, and 住所 (住所地, 住所地址) — a natural person's address (消费者…其住所位于…),
#: whatever the party; in a decision to a firm, not the firm's own 住所 (``_firms_own``), its registered address,
#: published as it is
#: 住所地 in legal wording names no address (由违法行为发生地或者住所地县级以上市场监督管理部门管辖, 住所地人民法院, 向住所地
#: 登记机关, 住所和经营场所): no cue before such words
_ZHUSUO = r"住所(?!地?(?:县级|市级|省级|以上|市场|人民|登记|管辖|和|或|及|与|的|公安|法院|行政|主管|有关|所在))地?址?"
ADDRESS_CUE_RX = re.compile(rf"(?P<cue>{_ZHUSUO}|{_PERSON_CUES}){_CUED}")
#: what says a 住所 is the party's own, written right before it (当事人住所, 当事人的住所, 当事人另有住所, 该公司住所,
#: 本公司注册住所, 当事人实际住所); not 其 alone, which may be anyone's (消费者…其住所位于…), nor a 住所 starting the line
#: (住所：…, 实际住所位于…), which may be a complainant's: that 住所 is the firm's only where it is written as the
#: firm's registered one (``_same_address``), as the decision prints the party's
_PARTYS_OWN = re.compile(r"(?:当事人|该公司|本公司)(?:的|之|另有|另设|注册|登记的?|实际)?$")


def _firms_own(text: str, match: re.Match) -> bool:
    """Whether the 住所 ``match`` cues in ``text`` (of a decision to a firm) is said to be the party's own: 当事人
    (该公司, 本公司) is written right before it in its line (its paragraph: ``_PARTYS_OWN``)."""
    if not match.group("cue").startswith("住所"):
        return False
    line = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
    return _PARTYS_OWN.search(line.lstrip()) is not None


#: what says the address after a 住所 (or a bare 地址) in a decision to a firm is the firm's registered one, public
#: registration information published as it is: a change of it written before it (擅自变更住所至…, 变更其住所至…,
#: 迁移住所至…) or in its place (将住所迁至…, 住所已变更为…, 住所由…变更为…), or 注册 before it (其注册住所位于…) —
#: but not where its sentence names before it a person whose address it may be (``_PERSON_NAMED``: 投诉人张某称其已
#: 变更住所至…, 法定代表人变更住所至…, 其称…, 本人…; ``_NAME_FIRST``: 张三变更住所至…): that one is masked. A change in
#: place only after 住所: after a bare 地址 (家庭地址, 联系地址, 收货地址 …已变更为…) the address is a person's. A natural
#: person's is masked however written (``mask_cued_addresses``)
_CHANGED_BEFORE = re.compile(r"(?:(?:变更|迁移|迁)(?:了|其|公司的?|企业的?|注册的?|登记的?)?|注册的?)$")
_CHANGED_IN_PLACE = re.compile(r"(?:已经?|擅自|私自)?(?:由[^，,。；;]*?)?(?:变更|迁移|迁)(?:为|至|到)")
_PERSON_NAMED = re.compile(r"消费者|投诉人|举报人|申诉人|受害人|用户|客户|业主|住户|居民|村民|员工|职工|雇员|股东"
                           r"|法定代表人|负责人|经营者|(?<!其)他|她|先生|女士|其称|本人")
#: a person named by a common surname and one or two characters (张三, 王小明, 李某) starting the clause before the cue
#: (after a stop or a comma), then at most when (于2025年6月), how (已, 擅自, 将) and the change (变更): 张三变更住所至…,
#: 李四于2025年6月变更住所至…, 王小明住所已变更为…. Surnames that are everyday words too (于, 方, 常, 向 …) are left out
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧肖田董潘袁蔡蒋余杜叶程魏苏吕丁沈"
             "任姚卢傅钟姜崔谭陆汪范廖邹熊郝邵孟秦阎薛侯雷龙段贺顾毛龚邱江史赖汤黎易武乔欧莫洪殷甘柯")
_NAME_FIRST = re.compile(rf"[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?(?:于[^，,。；;：:]*?)?(?:已经?|擅自|私自|将)?"
                         r"(?:的|(?:变更|迁移|迁)(?:了|其)?)?")
#: what starts the clause a name would start
_CLAUSE_STOP = re.compile(r"[。；;！？!?\n，,：:]")
#: what ends the sentence a cue stands in
_SENTENCE_STOP = re.compile(r"[。；;！？!?\n]")


def _registered_address(text: str, match: re.Match) -> bool:
    """Whether the address the 住所 (or 地址) ``match`` cues in ``text`` (of a decision to a firm) is said to be the
    firm's registered address, changed or not (``_CHANGED_BEFORE``; ``_CHANGED_IN_PLACE`` after 住所 only), its
    sentence naming no person before it (``_PERSON_NAMED``, ``_NAME_FIRST``: the one whose address it would be)."""
    cue = match.group("cue")
    if not (cue.startswith("住所") or cue == "地址"):
        return False
    before = text[:match.start()]
    if not (_CHANGED_BEFORE.search(before)
            or (cue.startswith("住所") and _CHANGED_IN_PLACE.match(match.group("address")))):
        return False
    stops = list(_SENTENCE_STOP.finditer(before))
    clauses = list(_CLAUSE_STOP.finditer(before))
    return (_PERSON_NAMED.search(before[stops[-1].end() if stops else 0:]) is None
            and _NAME_FIRST.fullmatch(before[clauses[-1].end() if clauses else 0:].lstrip()) is None)


#: the province an address may begin with (广东省, 广西壮族自治区), as ``documents.publication`` reads it too
_PROVINCE_FIRST = re.compile(r"^[^省市区县]{1,7}?(?:省|自治区)")
#: a number written in Chinese before what it numbers (二号, 十二栋, 三〇一室)
_CHINESE_NUMBER = re.compile(r"[〇零一二三四五六七八九十百]+(?=[号栋幢座楼层室弄])")
_CHINESE_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九")} | {"〇": 0}


def _arabic(written: str) -> str:
    """A Chinese number as digits: 二 → 2, 十二 → 12, 一百零五 → 105, 三〇一 → 301."""
    if "十" not in written and "百" not in written:
        return "".join(str(_CHINESE_DIGITS[ch]) for ch in written)
    total, digit = 0, 0
    for ch in written:
        if ch in ("十", "百"):
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            digit = _CHINESE_DIGITS[ch]
    return str(total + digit)


def _compared(address: str) -> str:
    """``address`` as compared with another (``_same_address``): full-width digits as ASCII, no space, no province,
    no 街道 (桂城街道南海大道 written 桂城南海大道), a number written in Chinese as digits (南海大道二号 → 2号)."""
    from workstation.screening.rules import ascii_digits

    text = re.sub(r"\s+", "", ascii_digits(address))
    text = _PROVINCE_FIRST.sub("", text).replace("街道", "")
    return _CHINESE_NUMBER.sub(lambda m: _arabic(m.group()), text)


def _same_address(address: str, own: str) -> bool:
    """Whether ``address``, cued in a decision to a firm, is the firm's registered ``own`` written another way
    (``_compared``): the same, or its beginning (…南海大道 2 号: the address read up to the space)."""
    if not own:
        return False
    written, registered = _compared(address), _compared(own)
    return bool(written) and registered.startswith(written)


_ADDRESS_WORDS = re.compile(r"[省市区县旗镇乡村街路巷道弄号栋幢室楼]")
#: what ends a cued address before the next stop: a word of place after it (…1号的消费者, …3号附近, …5组旁, …302铺处;
#: 处 not that of 办事处) or a verb the sentence goes on with (…3号并拨打, …1号开设门店)
_ADDRESS_END = re.compile(r"的|附近|旁|门口|对面|周边|周围|一带|(?<!事)处|并|拨打|发送|开设|经营|销售|从事|居住|派发|张贴")
#: an address as runs each ending in an address unit (佛山市 南海区 桂城街道 1号; 祖庙路 3号 2栋 501室): the address
#: ends at its last unit (and the stars of a part masked before), what follows it (开设门店) is the sentence's, kept
_ADDRESS_RUNS = re.compile(r"(?:[^的]{0,12}?(?:单元|社区|小区|花园|大厦|广场|自治区|自治州|地区|[省市区县旗盟州镇乡村组屯庄"
                           r"街路巷弄道里号栋幢座楼层室铺房院苑园城]))+\**")


def _cued_address(run: str) -> str:
    """The address a cue's ``run`` (the text up to the next stop) begins with: cut before what ends an address
    (``_ADDRESS_END``), then at its last address unit (``_ADDRESS_RUNS``); the run cut so when it holds no unit."""
    end = _ADDRESS_END.search(run)
    address = run[:end.start()] if end else run
    units = _ADDRESS_RUNS.match(address)
    return units.group() if units else address


def mask_cued_addresses(text: str, person: bool = False, own: str = "") -> str:
    """``text`` with the address written after each of its cues (``ADDRESS_CUE_RX``: the address of a person the
    decision names, after 住所 too — but without ``person``, of a decision to a firm, not the firm's own 住所:
    ``_firms_own``, nor its registered address ``own`` however written: ``_same_address``) as ``mask_address``
    words a natural person's: 家庭住址：广东省佛山市禅城区祖庙路3号 →
    家庭住址：广东省佛山市禅城区****; 户籍地：湖南省邵阳市新邵县酿溪镇新田村5组 → 户籍地：湖南省邵阳市新邵县****;
    消费者…其住所位于佛山市南海区大沥镇…901房 → 其住所位于佛山市南海区****."""
    if not text or ("址" not in text and "地" not in text and "住" not in text):
        return text

    def masked(match: re.Match) -> str:
        run = match.group("address")
        address = _cued_address(run)
        if not _ADDRESS_WORDS.search(address) or (not person and (
                _firms_own(text, match) or _registered_address(text, match) or _same_address(address, own))):
            return match.group()
        start = match.start("address") - match.start()
        return match.group()[:start] + mask_address(address) + run[len(address):]

    return ADDRESS_CUE_RX.sub(masked, text)


#: a date as a text writes one (1988年3月5日, 1988年03月, 1988-03-05, 1988.3.5, 1988/3/5): digits full-width or not
_DATE = r"\d{4}\s*(?:年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|[-./／－]\d{1,2}(?:[-./／－]\d{1,2})?)"
#: a date of birth: a date followed by 出生, or by a bare 生 ending the phrase (1988年3月5日出生, 1988-03-05生，,
#: 1988年3月生人 — not 生鲜, 生猪, 生病, 生前 …), or after 出生于, 出生日期, 出生年月(日) (出生日期：1988年3月5日) — never a
#: date alone (of the violation, of the decision), nor one after 生于 (发生于, 产生于, 先生于, 学生于 …)
BIRTH_DATE_RX = re.compile(rf"(?<!\d)(?P<after>{_DATE})(?=\s*(?:出生|生(?:[，,。；;、）)\s]|人|$)))|"
                           rf"(?:出生于|出生日期|出生年月日?)\s*(?:[：:]|为|是)?\s*(?P<before>{_DATE})")


def mask_birth_dates(text: str) -> str:
    """``text`` with every date of birth in it (``BIRTH_DATE_RX``) its digits stars, what separates them as written,
    as a resident ID number hides the birth date it holds: 1988年3月5日出生 → ****年*月*日出生, 出生日期：1988-03-05 →
    出生日期：****-**-**."""
    if not text or "生" not in text:
        return text
    return BIRTH_DATE_RX.sub(lambda match: "".join(STAR if ch.isdigit() else ch for ch in match.group()), text)


#: the provinces' abbreviations a Chinese vehicle plate begins with
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
#: what a product's code is written after (型号粤BX2000, 产品编号：苏E12345): no plate follows it
_NOT_A_MODEL = r"(?<!型号|编号|货号|批号|款号)(?<!型号[：:]|编号[：:]|货号[：:]|批号[：:]|款号[：:])"
#: a vehicle plate (号牌), not after 型号, 编号, 货号, 批号 or 款号 (``_NOT_A_MODEL``): its province and the letter of the authority that issued it (粤E), a dot or a space or not,
#: then the serial of five letters and digits (12345, A123B) or, a new-energy plate, six (D12345, 12345D), holding a
#: digit; a 挂, 学 or 警 after it kept as written
PLATE_RX = re.compile(rf"{_NOT_A_MODEL}(?P<area>[{_PLATE_PROVINCES}][A-Z])(?P<gap>[·•・.\- \u3000]?)"
                      r"(?P<serial>(?=[A-Z0-9]{0,5}\d)[A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])")


def mask_plates(text: str) -> str:
    """``text`` with every vehicle plate in it (``PLATE_RX``) keeping the area that issued it, its serial all stars
    (the part that names the owner, as an address keeps its divisions): 粤E12345 → 粤E*****, 粤E·12345 → 粤E·*****,
    粤BD12345 → 粤B******."""
    if not text or ANY_DIGIT.search(text) is None:
        return text
    return PLATE_RX.sub(lambda m: m.group("area") + m.group("gap") + STAR * len(m.group("serial")), text)


def mask_published(text: str, rules: Rules | None = None, person: bool = False, own: str = "") -> str:
    """``text`` as a published decision gives it (``documents.publication``): every e-mail address as
    ``mask_emails`` masks it, every ID and telephone number as ``mask_text``, every bank account number as
    ``mask_accounts`` — read in the text as written, so that a card written in groups (6222 0212 3456 7890 123) is
    one account though a run of it (3456 7890) reads as a telephone number; a run every digit of which is in an ID or
    telephone number (two mobiles side by side, 0757-83301234) is those — and the address after a cue as
    ``mask_cued_addresses`` (``person``: of a decision to a natural person; ``own``: the registered address of the
    firm it is addressed to, kept however written). ``rules`` as for ``mask_phone``."""
    if not text:
        return text
    text = mask_cued_addresses(mask_emails(mask_plates(mask_birth_dates(text))), person, own)
    if ANY_DIGIT.search(text) is None:
        return text
    from workstation.screening.rules import ascii_digits

    record_ids = _record_ids(text)
    masked, spans = _numbers_masked(text, rules, record_ids)
    read = ascii_digits(text)
    for start, end in record_ids:  # a record's id is no account, nor part of one beside it
        read = read[:start] + "x" * (end - start) + read[end:]
    chars = list(masked)
    for match in ACCOUNT_RX.finditer(read):
        digits = [i for i in range(match.start(), match.end()) if read[i].isdigit()]
        if all(any(start <= i < end for start, end in spans) for i in digits):
            continue
        chars[match.start():match.end()] = _star_digits(text[match.start():match.end()], 0)
    return "".join(chars)


def mask_address(address: str) -> str:
    """A natural person's address as published: its divisions down to the county kept (``ADDRESS_DIVISIONS``), the
    rest — street, building, door — one run of four stars, whatever its length; an address naming no division is
    four stars. Empty stays empty."""
    text = address.strip() if address else address
    if not text:
        return address
    kept = ADDRESS_DIVISIONS.match(text).group()
    return kept + ADDRESS_STARS if kept != text else text


def mask_field(field: str, value, rules: Rules | None = None):
    """A record's field value as lists and previews show it: phone fields number by number, ID numbers as
    ``mask_id``, any other text through ``mask_text``; values that are not text are returned unchanged. ``rules``
    as for ``mask_phone`` (a list masking many values loads them once for all)."""
    if not isinstance(value, str) or not value:
        return value
    if field in ID_FIELDS:
        return mask_id(value)
    if field in PHONE_FIELDS:
        return _NUMBERS_APART.sub(lambda piece: _mask_numbers(piece.group(), rules), value)
    if field in NAME_FIELDS:
        name = value.strip()
        return name[:1] + STAR * (len(name) - 1) if name else value
    if field in ADDRESS_FIELDS:
        return mask_address(value)
    return mask_text(value, rules)


#: a cell's numbers apart from what separates them (13911110001/0757-81234567, 、 , ; or two spaces: as the importer
#: reads a cell of several, ``complainant_digits``); one space may stand inside a number (+86 138 0013 8000)
_NUMBERS_APART = re.compile(r"(?:(?![/,，;；、])\S|\s(?!\s))+")
_WORD = re.compile(r"\S+")


def _mask_numbers(written: str, rules: Rules | None) -> str:
    """The numbers a phone field's value (one of ``_NUMBERS_APART``) writes, masked: numbers stored side by side
    (13911110001 075781234567, each of 7 digits or more) each, else the value as one number written with spaces (+86
    138 0013 8000 → +86 138 **** 8000, whose parts alone would each show as service numbers); a number written with its
    digits hidden already (138****1234) as written."""
    extension = _EXTENSION_TAIL.search(written)
    if extension and len(NON_DIGITS.sub("", written[:extension.start()])) >= 7:  # 13800138000 转 801: the number
        return _mask_numbers(written[:extension.start()], rules) + written[extension.start():]  # masked, as written
    words = _WORD.findall(written)
    if len(words) > 1 and all(len(NON_DIGITS.sub("", w)) >= 7 for w in words if ANY_DIGIT.search(w)):
        return _WORD.sub(lambda word: _mask_one(word.group(), rules), written)
    return _mask_one(written, rules)


#: an extension written after a number (转 801, 分机801, ext. 12, x801): kept as written, the number before it masked
_EXTENSION_TAIL = re.compile(r"\s*(?:转|分机|[Ee][Xx][Tt]\.?|[Xx])\s*\d{1,6}\s*$")


def _mask_one(number: str, rules: Rules | None) -> str:
    if any(ch in _HIDING for ch in number) and sum(ch.isdigit() for ch in number) <= 8:
        return number  # masked already, as an export shows a caller's number: no more digits shown than masking shows
    return mask_phone(number, rules)


#: what stands for a hidden digit in a number written masked (138****1234)
_HIDING = frozenset("*＊×xX✱●•")  # as the importer reads them (importing.complaints._MASKED)


def reveal(db: Database, entity: str, entity_id: str, field: str, reason: str = "") -> str:
    """The stored, unmasked value of one personal field (``entity`` party, complaint, lead or case; ``field``
    one of the fields ``workstation.store.personal`` lets reveal), for the view that asked only. The reveal is
    audited before the value is returned: action "reveal", entity "<entity>.<field>" (the audit log has no
    other column for the field), the record's id, and a digest of the field name and ``reason`` — never the
    value. An unknown record or field raises ``NotFound`` / ``WorkstationError`` and audits nothing."""
    from workstation import audit
    from workstation.store.personal import personal_value

    value = personal_value(db, entity, entity_id, field)
    with db.atomic():
        audit.append(db, "reveal", f"{entity}.{field}", entity_id, after={"field": field, "reason": reason})
    return value
