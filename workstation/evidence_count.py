"""Counting the distinct personal records in a spreadsheet of leaked or bought records (customer lists, owner
lists, SMS-platform exports, call logs): the columns of mobile numbers and ID numbers are found by their headers and
values (an old 15-digit ID number read in its 18-character form, a landline in a column named as phone numbers),
each value is normalised and checked, and the distinct people are counted, each person's information once (2017
interpretation art. 11 para. 3 leaves out only duplicated information) — one row is one person, counted when any of
its numbers is valid, but the two parties of a row of a call or message log are two people — every step written out
in Chinese, as the case file shows it. ``apply_count`` carries the count into the case's record counts, never
replacing a figure the officer typed without being told to; the window has the case's figures worked out where the
files are read (``figured_count``), off its own thread."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from workstation.audit import current_actor
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.errors import (
    Cancelled,
    ImportRefused,
    NotFound,
    ValidationError,
    WorkstationError,
    join_reasons,
)
from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _
from workstation.importing.tables import (
    SPREADSHEET_SUFFIXES,
    column_letter,
    csv_delimiter,
    decode_csv,
    password_protected,
    without_end_mark,
)
from workstation.masking import mask_text
from workstation.progress import CancelToken, ProgressFn, cancellable, check_cancel, no_progress
from workstation.records import Case, CaseEvent, Evidence, now, today
from workstation.screening.phones import SERVICE_400, SMS_PORT, is_service_number
from workstation.store.base import get_setting, set_setting
from workstation.validators import (
    SCIENTIFIC_NUMBER,
    compact_code,
    known_division,
    legacy_id_as_18,
    normalize_mobile,
    normalize_phone,
    plain_id_valid,
)

PHONE, ID_NUMBER = "phone", "id_number"
COUNTABLE_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".txt")
# sheets that are counted once saved as .xlsx (``count_refusal`` says so): WPS's own, and other programs'
WPS_SHEETS = (".et", ".ett")
OTHER_SHEETS = (".ods", ".numbers", ".xlsb", ".xltx", ".xltm")
# header words that name a column (ID words first: "身份证号码" also holds "号码")
HEADER_WORDS = ((ID_NUMBER, ("身份证", "证件号", "公民身份号码", "idcard", "idnumber")),
                (PHONE, ("手机", "电话", "联系方式", "号码", "mobile", "phone")))
KIND_WORDS = {PHONE: "手机号码", ID_NUMBER: "身份证号码"}
# header words of a column of numbers of someone else than the row's person (an emergency contact, the salesman, a
# student's parent, a relative): never read as the person's own
OTHER_PERSON_WORDS = ("紧急", "担保", "推荐", "介绍", "经纪", "顾问", "销售", "业务员", "员工", "客服", "坐席",
                      "家长", "父亲", "母亲", "父母", "爸爸", "妈妈", "配偶", "家属", "监护人", "亲属")
# ... and a header or a cell's note beginning with 父 or 母 followed by a word of a number (父电话, 母手机, 父身份证号)
# or by nothing more (13800138000（母）): not one word beginning with it (母婴店会员手机 is the member's own)
OTHER_PERSON_START = ("父", "母")
_PARENT_FOLLOWED = ("手机", "电话", "联系", "号码", "身份证", "证件", "亲")
# the header words of the two parties of a call or a message, in a log of calls or messages (主叫号码/被叫号码,
# 发送号码/接收号码, 本机号码/对方号码): the numbers of the two columns on one row are two people, never one
PARTY_WORDS = (("主叫", "被叫"), ("发送", "接收"), ("发信", "收信"), ("本机", "对方"), ("caller", "called"),
               ("sender", "receiver"))
# a side of a log holding no more than this share of the other side's distinct numbers looks like the lines the
# calls or messages were made from (an outbound platform's pooled mobiles, a switchboard, the phone a log was
# exported from): said in the steps for the officer to judge, never left out of the count — records count unless
# shown false or duplicated (2017 interpretation art. 11), and a ratio of sizes shows neither
PARTY_LINES_SHARE = 10
# a landline as a cell of a column named as phone numbers holds it: an area code (0757, (0757), +86 757, +86 0757)
# or none (a Foshan number, 86220000), then the subscriber's 7 or 8 digits; read by ``normalize_phone``
_LANDLINE_FORM = re.compile(r"(?:(?:\+|00)?86[ -]?[(（]?0?[1-9]\d{1,2}[)）]?[ -]?|[(（]?0\d{2,3}[)）]?[ -]?)?"
                            r"[2-9]\d{2,3}[ -]?\d{4}")
# a number that is no one's: an enterprise SMS port (1069…), a 400/800 service number (and the screening rules'
# public service numbers, 12315, 95105105: ``_service_number``)
_SERVICE_FORM = re.compile(rf"{SMS_PORT.pattern}|{SERVICE_400.pattern}")
# the separators of the numbers of a cell, and a note in brackets written right after its number
_NOTE_SEPARATOR = re.compile(r"[/／，,；;、\s]+")
_BRACKET_NOTE = re.compile(r"\s*[(（\[【][^)）\]】]*[)）\]】]")
_NOTE_EDGE = " \t:：,，、/／;；|-()（）[]【】<>《》\"'“”‘’"
_DASHES = to_ascii("+") | str.maketrans({"—": "-", "–": "-", "‐": "-", "﹣": "-"})
# ``_DASHES`` with every dash and space dropped: the digits (and a leading +) of a number written with separators
_DASHES_DROPPED = {c: None if v == "-" else v for c, v in _DASHES.items()} | str.maketrans("", "", " -")
_FULL_DIGITS = to_ascii(DIGITS + "Xx")
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9Xx]$")
_NON_DIGITS = re.compile(r"\D")
_DIGIT = re.compile(r"[0-9０-９]")
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# a mobile number written among other text: a cell holding two (13800138000/13900139000) or one with a note
# (13800138000（本人）)
_MOBILE_IN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# a whole number written as a float (13800138001.0): the number it is
_WHOLE_FLOAT = re.compile(r"[1-9][0-9]*\.0")
# a run of digits a phone or ID number may be written as beyond a header (``_reads_as_number``): spaces, dashes and
# brackets between them, an ID number's last X
_NUMBER_LIKE = re.compile(r"\(?[0-9](?:[ ()-]{0,2}[0-9])*[Xx]?(?![0-9])")
# dates and times, taken out of a cell beyond a header before its numbers are read (``_reads_as_number``)
_DATE_OR_TIME = re.compile(r"[0-9]{4}\s*[-/.年]\s*[0-9]{1,2}\s*[-/.月]\s*[0-9]{1,2}\s*日?|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?")
# header words of a column of the row's person's name (业主姓名, 客户姓名, 联系人): rows of one number under different
# names are different people (co-owners, a family, the owners of a property office's line)
NAME_WORDS = ("姓名", "名字", "户名", "联系人", "name")
# the categories whose records are counted as records, one row one record (a call log's 通信记录, transaction records:
# REFERENCE §4.6, 2017 interpretation art. 11 — bulk records count as seized unless shown duplicated), not as people
RECORD_CATEGORIES = ("trace", "sensitive")
RECORDS, PEOPLE = "records", "people"
# the category the count proposes for an item of each kind (evidence_kinds keys): a log of calls or messages holds
# 通信记录, a file of contracts and receipts 交易信息 (D); any other kind, a list of people (E). The officer chooses.
KIND_CATEGORIES = {"call_log": "sensitive", "sms_log": "sensitive", "contract": "sensitive"}
# the counting rule a stored figure was made by (``store_figure``): 2 since C and D count records (session 65), 3 since
# ID numbers a workbook kept as numbers count as records (``_lost_id``, session 68: left out before, so a figure kept
# by rule 2 may be low), 4 since those a CSV holds in scientific notation count so too (``_sci_id``, session 69: left
# out as 格式不符 before, a figure of rule 3 may be low); a figure of an older rule (or none written) is not taken as
# current, its files read again
COUNT_RULE = 4
# what the records step of a count into C or D starts with (``counted_as``): an item of C or D whose note lacks it was
# counted before session 65, its count one of people (``old_rule_items``)
RECORDS_STEP = "按记录计（"
# the header of a running number (序号, 编号) left out of a record's key (``_row_key``): the same record numbered
# otherwise in another export, or written twice under two numbers, is one record; matched whole (订单编号 is data)
SERIAL_WORDS = ("序号", "编号", "行号", "序", "no", "no.", "#", "serial", "sn", "index")
ASK_KEY = object()  # count_evidence reads the files key itself
SHOWN_ROWS = 10  # rows named of the values that are not valid numbers


@dataclass(frozen=True)
class RecordCount:
    """What was counted in one file: data rows, the distinct valid values of the column counted (``by`` phone or
    ID number), duplicates, blanks and values that are not valid numbers, and how, step by step."""

    file_name: str
    rows: int
    distinct: int
    by: str
    column: str
    duplicates: int
    invalid: int
    blank: int
    steps: tuple[str, ...]
    # the distinct people counted, each as (its ID numbers, its phone numbers), with the names its phone numbers were
    # given (``People``), and those of the case's other counted items (by evidence id), so that a record found in two
    # files is counted once in the case (never printed, never stored)
    numbers: frozenset[tuple[frozenset[str], frozenset[str]]] = field(default=frozenset(), repr=False, compare=False)
    others: Mapping[str, frozenset] = field(default_factory=dict, repr=False, compare=False)
    columns: tuple[str, ...] = ()  # the names of the columns of numbers read, ``column`` first
    malformed: tuple[tuple[int, str, str], ...] = ()  # (row, column letter, column name) of each value not valid
    # what counting the item into a category makes of the case's figures (by the category it is counted into, then
    # by each category whose figure changes: ``case_figures``), worked out where the files were read, off the
    # window's thread; and the case's register they were worked out of (``register_mark``)
    figures: Mapping[str, Mapping[str, CaseFigure]] = field(default_factory=dict, repr=False, compare=False)
    figured_on: tuple = field(default=(), repr=False, compare=False)
    # the records of the file, one row one record (a call, a transaction): the rows holding a valid number, and the
    # distinct ones (exact duplicates dropped) with their keys (a digest of each row, never printed, never stored)
    record_rows: int = 0
    records: int = 0
    record_keys: frozenset = field(default=frozenset(), repr=False, compare=False)
    # RECORDS or PEOPLE once ``counted_as`` a category (``distinct``, ``numbers`` and ``steps`` then that way), and
    # the count as it was read (people), for counting it the other way
    counted_by: str = ""
    base: RecordCount | None = field(default=None, repr=False, compare=False)
    # the steps stating the people figure (the repeats step, a workbook's sheets): ``counted_as`` records drops them,
    # or puts ``record_steps``' of the same index in their place; the serial columns a record's key left out
    people_steps: frozenset = field(default=frozenset(), repr=False, compare=False)
    record_steps: Mapping[int, str] = field(default_factory=dict, repr=False, compare=False)
    serials: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return "，".join(self.steps)

    def as_dict(self) -> dict:
        return {"file": self.file_name, "rows": self.rows, "distinct": self.distinct, "by": self.by,
                "column": self.column, "columns": list(self.columns or (self.column,)), "duplicates": self.duplicates,
                "invalid": self.invalid, "blank": self.blank, "steps": list(self.steps),
                "counted_by": self.counted_by or PEOPLE, "people": (self.base or self).distinct,
                "records": self.records,
                "malformed": [{"row": row, "column": letter, "header": name} for row, letter, name in self.malformed]}


@dataclass(frozen=True)
class AppliedCount:
    """A count carried into the case: the count, the item with its note and the case as saved."""

    count: RecordCount
    evidence: Evidence
    case: Case


def _text(value) -> str:
    """A cell as text: a whole number as its digits, also where a CSV writes it as a float (13800138001.0, as the
    complaints importer reads a work-order id)."""
    if type(value) is str:  # a CSV's every cell, most of a workbook's: the quickest way first
        text = value.strip()
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
    if text.endswith(".0") and _WHOLE_FLOAT.fullmatch(text):
        return text[:-2]
    return text


def _digit_count(text: str) -> int:
    """The digits of ``text``, full-width ones too (``\\d``; counted for each cell of a list of millions: ASCII
    quickly)."""
    if text.isascii():
        ascii_text = text.encode("ascii")
        return len(ascii_text) - len(ascii_text.translate(None, b"0123456789"))
    return len(_NON_DIGITS.sub("", text))


def _ascii_digits(text: str) -> str:
    """``text`` with its full-width digits (and Ｘ) read as ASCII ones."""
    return text if text.isascii() else text.translate(_FULL_DIGITS)


def _whole_phone(text: str, digits: int | None = None) -> str | None:
    """The mobile number a cell's text is as a whole (``as_phone``); ``digits``: its count of digits, when known."""
    if len(text) == 11 and _PLAIN_MOBILE.fullmatch(text):  # written as it is kept: most cells of a list
        return text
    text = text.translate(_DASHES)
    if not 11 <= (_digit_count(text) if digits is None else digits) <= 15:  # +86, 0086 before the 11 digits
        return None
    try:
        return normalize_mobile(text)
    except ValueError:
        return None


def _names_someone_else(text: str) -> bool:
    """Whether ``text`` (a header, or the note of a number in a cell) names someone else than the row's person: it
    holds a word of ``OTHER_PERSON_WORDS``, or begins with 父 or 母 as a parent (``OTHER_PERSON_START``)."""
    text = text.strip(_NOTE_EDGE)
    if any(word in text for word in OTHER_PERSON_WORDS):
        return True
    rest = text[1:]
    return text.startswith(OTHER_PERSON_START) and (
        not rest or rest[0] in _NOTE_EDGE or rest.startswith(_PARENT_FOLLOWED))


def _gap_notes(gap: str, notes_before: bool) -> tuple[str, str]:
    """The text between two numbers of a cell split into the note of the earlier and that of the later: a note in
    brackets right after the earlier number is its own (13800138000（本人）13900139000), and the rest is split at its
    first separator (/，,；; 、 or a space: 13800138000/家长13900139000, 13800138000（本人）/13900139000（家长）);
    the rest without a separator is the later number's in a cell beginning with a word (``notes_before``), else the
    earlier's."""
    earlier = ""
    if bracket := _BRACKET_NOTE.match(gap):
        earlier, gap = bracket.group(), gap[bracket.end():]
    if split := _NOTE_SEPARATOR.search(gap):
        return earlier + gap[:split.start()], gap[split.end():]
    return (earlier, gap) if notes_before else (earlier + gap, "")


def _noted_phones(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the person's own, someone else's) mobile numbers written in a cell's text among other things: a number whose
    notes name someone else (``_names_someone_else``: 13900139000（家长）, 母13900139000, 手机:13800138000（母）) is
    not the person's. Each number is judged by the text on both its sides, whatever style the cell's other numbers
    are noted in: the text before the first number and after the last are theirs, and that between two numbers is
    split between them (``_gap_notes``). A label naming nobody (手机, 电话, 联系方式) makes no number someone
    else's."""
    text = _ascii_digits(text)
    found = list(_MOBILE_IN.finditer(text))
    if not found:
        return (), ()
    notes_before = bool(text[:found[0].start()].strip(_NOTE_EDGE))  # a cell beginning with a word
    notes = [["", ""] for _ in found]  # (before, after) each number
    notes[0][0], notes[-1][1] = text[:found[0].start()], text[found[-1].end():]
    for index in range(len(found) - 1):
        notes[index][1], notes[index + 1][0] = _gap_notes(
            text[found[index].end():found[index + 1].start()], notes_before)
    own, others = {}, {}
    for match, (before, after) in zip(found, notes, strict=True):
        theirs = _names_someone_else(before) or _names_someone_else(after)
        (others if theirs else own)[match.group()] = None
    return tuple(own), tuple(number for number in others if number not in own)


def _phones_within(text: str) -> tuple[str, ...]:
    """Every mobile number of the row's person written in a cell's text among other things (``phones_in``): not one
    noted as someone else's (``_noted_phones``)."""
    return _noted_phones(text)[0]


def as_phone(value) -> str | None:
    """The 11-digit mobile number a cell is (+86, 86-, spaces, dashes, full-width digits allowed), else None."""
    return _whole_phone(_text(value))


def phones_in(value) -> tuple[str, ...]:
    """The mobile numbers of a cell of a column of the person's phone numbers: the one it is (``as_phone``), else
    every one written in it among other text — two numbers (13800138000/13900139000), a number with a note
    (13800138000（本人）) —, each a number of that row's person but one noted as someone else's
    (13900139000（家长）, ``_noted_phones``); () when it holds none."""
    text = _text(value)
    phone = _whole_phone(text)
    return (phone,) if phone else _phones_within(text)


def _id_of(text: str) -> str | None:
    """The 18-character ID number ``text`` is: one of 18 characters as it is, an old one of 15 digits
    (GB 11643-1989) in its 18-character form (``legacy_id_as_18``: 19 before its year, the check character worked
    out), so that both forms of one person's number are one number; None when it is none or not valid."""
    text = compact_code(text)  # as every other entry point reads it: 110105-19491231-002x, full-width spaces too
    if len(text) == 15 and text.isascii() and text.isdigit():
        text = legacy_id_as_18(text)
    elif not _ID_SHAPE.match(text):
        return None
    return text if plain_id_valid(text) else None


def _numeric_18(cell) -> bool:
    """Whether a cell is a number of 18 digits a workbook kept as a number (python-calamine reads every numeric cell
    as a float): 15 significant digits kept, the last 3 lost, so never a valid ID number whatever its digits read."""
    return type(cell) is float and 1e17 <= cell < 1e18


def _lost_id(cell) -> str | None:
    """The first 15 digits of an ID number a workbook kept as a number (its column not set to 文本 before the numbers
    were typed, pasted or imported): Excel keeps 15 significant digits, so the last 3 of an 18-digit number are lost
    (4.40605198501011E+17, 440605198501011000) and its check character cannot be checked. Decided by the cell's type,
    never by its text (``_numeric_18``: a text cell, a CSV's every cell, is read as it is), and only where the 15
    digits read as an ID number's: a known division code in digits 1–6 (``known_division``) and a birth date in
    digits 7–14 that exists, not before 1900 and not after today — an order or transaction number of 18 digits is
    none (1 in 2,000 or so passes), and a column of them is read as ID numbers only under a header naming ID numbers
    (``count_rows``). None for any other cell."""
    if not _numeric_18(cell):
        return None
    # the first 15 digits, never rounded: the shortest text of the float (repr) gives back the 15 digits Excel kept
    # exactly; a number a program wrote whole (all 18 digits in the file) is the float nearest it, within half the
    # float's spacing (64 at 4.4E+17), so its 15 digits are those of one end of that span when repr's are no ID
    # number's (…1231999x read as 4.4060519851232E+17, a 32 December)
    mantissa = repr(cell).partition("e")[0].replace(".", "")
    half = int(math.ulp(cell)) // 2
    for digits in dict.fromkeys((f"{mantissa:0<15}"[:15], str(int(cell) - half)[:15], str(int(cell) + half)[:15])):
        try:
            born = dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        except ValueError:
            continue
        if born.year >= 1900 and born.isoformat() <= today() and known_division(digits[:6]):
            return digits
    return None


LOST_MARK = "~#"  # in a token of an ID number's first 15 digits (``_lost_token``): a mark no number holds
# what ``_sci_id`` makes of an ID number written in scientific notation: all its digits written (a 15-digit one: read
# as written), its first 15 digits known (a lost ID number, as ``_lost_id``'s), or fewer (a record never joined)
SCI_WHOLE, SCI_LOST, SCI_SHORT = "whole", "lost", "short"
SHORT_MARK = "?"  # the start of a token of an ID number of which fewer than 15 digits are known (``count_rows``)


def _sci_id(text: str) -> tuple[str, str] | None:
    """What a text cell under a header naming ID numbers (``count_rows``) holding a number in scientific notation
    (``validators.SCIENTIFIC_NUMBER``) is, as (kind, digits): Excel wrote it so saving a CSV of a workbook that kept
    the number as a number — its 15 significant digits (4.40605198501011E+17) when the column was wide enough, fewer
    (4.40605E+17, 4.41E+17) when it was not, trailing zeros dropped — as a Java-based export writes it without the
    exponent's sign (4.40605198501011E17). Read as the workbook's number is (``_lost_id``), never by its digits as
    an 18-digit text: of 18 digits and 15 significant digits or more, ``SCI_LOST`` with its first 15 digits when they
    read as an ID number's (``_lost_id``; else None, not valid), and ``SCI_SHORT`` with fewer (its 15 digits not
    known: rounded, or a trailing 0 dropped, the text cannot say which); of 15 digits (an old ID number, which a
    number keeps whole), ``SCI_WHOLE`` with its digits when all of them are written, else ``SCI_SHORT``. None for
    any other text (another length of number, a negative or a fraction, no scientific notation)."""
    if not SCIENTIFIC_NUMBER.fullmatch(text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if number <= 0 or number != number.to_integral_value():
        return None
    written, length = len(number.as_tuple().digits), number.adjusted() + 1
    if length == 15:
        return (SCI_WHOLE, str(int(number))) if written >= 15 else (SCI_SHORT, "")
    if length != 18:
        return None
    if written < 15:
        return SCI_SHORT, ""
    first15 = _lost_id(float(number))
    return (SCI_LOST, first15) if first15 else None


def _lost_token(first15: str, name: str) -> str:
    """What a count keeps, among a row's phone numbers, of an ID number's first 15 digits and the row's name
    (``_name_key``; '' when there is none): a lost ID number's (``_lost_id``), and every valid ID number's on a row
    of a name, so that the two forms of one person's number are one person (``identities``). Without a name it ends
    with the mark, and ``count_rows`` adds the row's key to it (``@`` and the key): it is the row's alone."""
    return f"{first15}{LOST_MARK}{_name_hash(name):016x}" if name else first15 + LOST_MARK


def _masked(text: str) -> bool:
    """Whether a cell is a mobile or ID number masked by whoever exported it (138****5678, 440605********1234): of
    11, 15 or 18 characters, digits and asterisks only (an ID's last X too), some of each. Not a valid number, but not
    one mistyped either: said apart (已脱敏) among those that are not valid."""
    text = text.replace(" ", "").replace("＊", "*")
    return len(text) in (11, 15, 18) and "*" in text and text[0].isdigit() and \
        text.rstrip("Xx").replace("*", "").isdigit()


def _landline(text: str) -> str | None:
    """The landline a cell of a column named as phone numbers is (0757-86220000, 075786220000, (0757)86220000, a
    Foshan number without its area code: 86220000), as ``normalize_phone`` keeps it; else None."""
    text = _ascii_digits(text).translate(_DASHES)
    if not _LANDLINE_FORM.fullmatch(text):
        return None
    try:
        return normalize_phone(text)
    except ValueError:
        return None


def _service_number(text: str) -> bool:
    """Whether a cell is an enterprise SMS port, a 400/800 number, or a public service number of the screening rules
    of a landline's length (95105105, 0757-95105105: not a Foshan landline): no person's number, nor a number
    mistyped. A short one (12345) stays a value that is not valid, as it always was."""
    from workstation.screening.rules import load_rules

    digits = _ascii_digits(text).translate(_DASHES_DROPPED)
    if _SERVICE_FORM.fullmatch(digits):
        return True
    if not _LANDLINE_FORM.fullmatch(digits):
        return False
    digits = digits.removeprefix("0757")
    return digits.isdigit() and is_service_number(digits, load_rules())


def as_id_number(value) -> str | None:
    """The 18-character resident ID number in a cell (GB 11643: a real birth date not in the future and a valid
    check character; an old 15-digit number in its 18-character form, ``_id_of``), else None. The region code is
    not looked up: python-stdnum's table checks that the code existed at the birth date and misses codes that did
    (Nanhai's 440605 and 440682 before 2002), which would drop genuine records from the count."""
    return _id_of(_text(value))


PARSERS = {PHONE: as_phone, ID_NUMBER: as_id_number}


def _header_kind(cell) -> str | None:
    text = _text(cell).replace(" ", "").replace("_", "").lower()
    if not text or sum(c.isdigit() for c in text) >= 5:
        return None
    for kind, words in HEADER_WORDS:
        if any(word in text for word in words):
            return kind
    return None


def _someone_else(cell) -> bool:
    """Whether a header names a column of someone else's numbers than the row's person (``OTHER_PERSON_WORDS``)."""
    return bool(_header_kind(cell)) and _names_someone_else(_text(cell))


def _size(rows) -> int:
    """How many rows ``rows`` holds, or about so many (a CSV's lines): for progress."""
    return len(rows) if hasattr(rows, "__len__") else getattr(rows, "size", 0)


@dataclass
class _Survey:
    """What the first reading of a sheet's rows found, for choosing the columns of numbers: its first rows
    (``HEAD_ROWS``, where headers are looked for), and of each column its cells written, those holding a valid number
    as a whole (by column and kind), those holding mobile numbers among other text, the nearest cell written above
    its first valid number (row index, text, that row, the rows written up to it) and the last row holding a number
    typed (7 digits or more). No row but those is kept: a list of millions of rows is read again to be counted."""

    head: list = field(default_factory=list)
    width: int = 0
    written_rows: int = 0  # rows with any cell written
    head_written: list = field(default_factory=list)  # rows written up to each row of ``head``
    written: Counter = field(default_factory=Counter)
    valid: Counter = field(default_factory=Counter)
    within: Counter = field(default_factory=Counter)
    landlines: Counter = field(default_factory=Counter)  # cells written as a landline, by column
    # ID numbers kept as numbers (``_lost_id``), and those written in scientific notation (``_sci_id``), by column
    lost: Counter = field(default_factory=Counter)
    beside: Counter = field(default_factory=Counter)  # by column, the rows of a valid number in it and the one left
    above: dict = field(default_factory=dict)
    typed: dict = field(default_factory=dict)

    def valid_of(self, column: int, kind: str, named: str | None) -> int:
        """The cells of ``column`` holding valid numbers of ``kind``, its header naming ``named`` (a kind, or None):
        in a column named as phone numbers, those holding them among other text too (``phones_in``), and landlines
        (``_landline``); in a column named as ID numbers, those a workbook kept as numbers (``_lost_id``) or a CSV
        wrote in scientific notation (``_sci_id``)."""
        if kind == PHONE and named == PHONE:
            return self.valid[column, kind] + self.within[column] + self.landlines[column]
        if kind == ID_NUMBER and named == ID_NUMBER:
            return self.valid[column, kind] + self.lost[column]
        return self.valid[column, kind]


HEAD_ROWS = 20  # the rows a header is looked for in
STEP_ROWS = 50_000  # rows read between two looks at the Cancel and two reports of progress


def _survey(rows, progress: ProgressFn, cancel: CancelToken | None) -> _Survey:
    """Read ``rows`` once for what ``_Survey`` keeps, each cell parsed as a phone and an ID number; ``cancel`` looked
    at every ``STEP_ROWS`` rows. (Every cell of a list of millions of rows passes here: the quickest tests first.)"""
    survey, last = _Survey(), {}  # last: the last cell written of each column, as ``_Survey.above`` keeps it
    written, valid, within, above, typed = survey.written, survey.valid, survey.within, survey.above, survey.typed
    landlines, lost, beside = survey.landlines, survey.lost, survey.beside
    total, message = _size(rows), _("Looking for the columns of phone and ID numbers")
    width, written_rows = 0, 0
    for index, row in enumerate(rows):
        if not index % STEP_ROWS:
            progress(index, total, message)
            check_cancel(cancel)
        if index < HEAD_ROWS:
            survey.head.append(row)
        if len(row) > width:
            width = len(row)
        through, wrote, numbered = written_rows + 1, False, -2  # numbered: the row's last column of a valid number
        for column, cell in enumerate(row):
            text = cell.strip() if type(cell) is str else _text(cell)
            if text.endswith(".0"):
                text = _text(text)
            if not text:
                continue
            wrote = True
            written[column] += 1
            if type(cell) is str and ("E" in text or "e" in text) and _sci_id(text):
                # an ID number a CSV holds in scientific notation (``_sci_id``), as one a workbook kept as a number:
                # one of a column named as ID numbers, though not valid
                typed[column] = index
                lost[column] += 1
                above.setdefault((column, ID_NUMBER), last.get(column))
                beside[column] += numbered == column - 1
                numbered = column
            # fewer than 7 characters hold no number typed (7 digits), no mobile number (11) and no ID number (18)
            elif len(text) >= 7 and (text.isascii() or _DIGIT.search(text)) and (digits := _digit_count(text)) >= 7:
                typed[column] = index
                number = False
                if 11 <= digits <= 15 and _whole_phone(text, digits):
                    valid[column, PHONE] += 1
                    above.setdefault((column, PHONE), last.get(column))
                    number = True
                elif digits >= 11 and _MOBILE_IN.search(_ascii_digits(text)):
                    within[column] += 1
                elif digits <= 12 and _LANDLINE_FORM.fullmatch(_ascii_digits(text).translate(_DASHES)):
                    landlines[column] += 1  # a landline, when its column is named as phone numbers
                # an ID number kept as a number (``_lost_id``) is one of a column named as ID numbers, though not
                # valid; any other number of 18 digits kept so is never a valid one
                if digits >= 15 and _numeric_18(cell):
                    if _lost_id(cell):
                        lost[column] += 1
                        above.setdefault((column, ID_NUMBER), last.get(column))
                        number = True
                elif digits >= 15 and _id_of(text):
                    valid[column, ID_NUMBER] += 1
                    above.setdefault((column, ID_NUMBER), last.get(column))
                    number = True
                if number:  # beside another of the row's valid numbers: a second column of them
                    beside[column] += numbered == column - 1
                    numbered = column
            last[column] = (index, text, row, through)
        if wrote:
            written_rows = through
        if index < HEAD_ROWS:
            survey.head_written.append(written_rows)
    survey.width, survey.written_rows = width, written_rows
    return survey


def _best_column(survey: _Survey) -> tuple[int, str, int] | None:
    """(column, kind, valid values) of the column holding the most valid numbers, never one whose header names
    someone else's (``OTHER_PERSON_WORDS``) while another holds any; a column whose header names the kind wins a
    tie, then phone numbers over ID numbers."""
    hints = {(c, _header_kind(cell)) for row in survey.head for c, cell in enumerate(row)}
    # a column of someone else's numbers (紧急联系人电话, 家长手机) is the person's own only in a file without any
    others = {c for row in survey.head for c, cell in enumerate(row) if _someone_else(cell)}
    best = None
    for column in range(survey.width):
        for kind in PARSERS:
            valid = survey.valid_of(column, kind, kind if (column, kind) in hints else None)
            key = (column not in others, valid, (column, kind) in hints, kind == PHONE)
            if valid and (best is None or key > best[0]):
                best = (key, column, kind)
    return (best[1], best[2], best[0][1]) if best else None


def _header_row(survey: _Survey, column: int, kind: str) -> tuple[int, list, int] | None:
    """(index, cells, rows written up to it) of the row holding the column's header: the first of the first 20 rows
    whose cell names a phone or ID column, else the nearest non-numeric cell above the first valid value."""
    for index, row in enumerate(survey.head):
        if _header_kind(row[column] if column < len(row) else ""):
            return index, row, survey.head_written[index]
    above = survey.above.get((column, kind))
    if above is None or sum(c.isdigit() for c in above[1]) >= 5:
        return None
    return above[0], above[2], above[3]


def _id_columns(survey: _Survey, header: tuple[int, list, int] | None,
                best: tuple[int, str]) -> list[tuple[int, str, str, bool]]:
    """(column, kind, name, whether its cells' numbers are taken out of other text) of every column of identifying
    numbers, the best one first: beside it, a column whose header names phone or ID numbers and that holds at least
    one valid one, or in a file without a header a column where at least half of the cells filled are valid numbers
    of one kind. The numbers written among other text (``phones_in``) are taken in a column named as phone numbers
    only: a message's text quoting a number is no one's number."""
    first = header[0] + 1 if header is not None else 0
    cell = lambda c: header[1][c] if c < len(header[1]) else ""  # noqa: E731
    name = lambda c: _text(cell(c)) if header is not None else f"第 {column_letter(c)} 列"  # noqa: E731
    named_as = lambda c: _header_kind(cell(c)) if header is not None else None  # noqa: E731
    found = [(best[0], best[1], name(best[0]), best[1] == PHONE and named_as(best[0]) == PHONE)]
    for column in range(survey.width):
        if column == best[0]:
            continue
        named = named_as(column)
        if named and _someone_else(cell(column)):
            continue
        if header is not None and not _text(cell(column)) and (left := _merged_over(survey, header, column)):
            # a header merged over this column and the one left of it (手机号码 over C:D, only C written): its
            # numbers are that column's kind, the row's person's
            found.append((column, left[1], f"{name(left[0])}（{column_letter(column)} 列）", left[1] == PHONE))
            continue
        for kind in (named,) if named else () if header is not None else PARSERS:
            valid = survey.valid_of(column, kind, named)
            if valid and (named or valid * 2 >= survey.written[column]):
                found.append((column, kind, name(column), named == PHONE))
                break
            # a column named as the person's phone or ID numbers where none is valid (a check digit mistyped on the
            # only ID number) is read all the same, so that its values are listed as not valid, not passed over
            if named and survey.typed.get(column, -1) >= first:
                found.append((column, kind, name(column), named == PHONE))
    return found


def _merged_over(survey: _Survey, header: tuple[int, list, int], column: int) -> tuple[int, str] | None:
    """(the column, its kind) whose header is merged over ``column`` too, a column of a blank header cell: the column
    just left of it, when its header names the row's person's phone or ID numbers, at least half of the cells written
    in ``column`` are valid numbers of that kind and two rows or more hold one in both, side by side (手机号码 merged
    over C:D, a second phone in D); None otherwise — a blank-headed column of notes, or a number of a row shifted
    right (its cell to the left blank), is beyond the header (``count_rows`` refuses it)."""
    left = column - 1
    while left >= 0 and not _text(header[1][left] if left < len(header[1]) else ""):
        left -= 1
    if left < 0:
        return None
    kind = _header_kind(header[1][left])
    if kind is None or _someone_else(header[1][left]):
        return None
    valid = survey.valid_of(column, kind, kind)
    return (left, kind) if left == column - 1 and survey.beside[column] >= 2 and valid * 2 >= survey.written[column] \
        else None


def identities(records: Sequence[tuple[Collection[str], Collection[str]]]) -> list[str]:
    """The person each record (its valid ID numbers, its valid phone numbers) is about, as a key, the same for every
    record of one person however they are chained: the ID numbers of one record are one person's, so are the
    records holding one of them; two different ID numbers are two people even when they share a phone; the records
    with phone numbers only that share a phone, directly or through others ((—, P1 P2) and (—, P2)), are one
    person, the person of an ID number holding one of their phones when there is one (the least such ID number when
    several hold them). Each record is read once whatever the order: the count of a file and the sum of a case's
    files (``overlap``) merge the same people.

    A record of a lost ID number (``_lost_id``: its token, ``_lost_token``, among its phones, and no valid ID number)
    is a person as an ID number's record is. The 2017 interpretation (art. 11 para. 3) counts bulk records as seized:
    “对批量公民个人信息的条数，根据查获的数量直接认定，但是有证据证明信息不真实或者重复的除外” — a record is
    merged with another only on evidence that it is the same person. The first 15 digits alone are none (twins born
    the same day in the same place share them): a lost ID number is one person with another ID number, lost or whole,
    only when their first 15 digits match and a second identifier agrees — the same name (the same token) or the
    same phone number (``_lost_keys``); with two people agreeing so, the least. Otherwise it is a person of its own
    (``lost_apart`` says how many such could be another's)."""
    if all(not ids and len(phones) == 1 for ids, phones in records):  # a list of one mobile number a row
        return [next(iter(phones)) for _ids, phones in records]  # each number its person
    parent: dict[str, str] = {}  # of the numbers joined to another: toward the least number of their person

    def root(number: str) -> str:
        while (up := parent.get(number, number)) != number:
            parent[number] = parent.get(up, up)  # halved on the way: the next look is shorter
            number = up
        return number

    def join(first: str, numbers: Iterable[str]) -> None:
        least = root(first)
        for number in numbers:
            other = root(number)
            if other != least:
                least, other = min(least, other), max(least, other)
                parent[other] = least

    # each record's identifying numbers: its ID numbers, or its lost ones' tokens (none: a record of phones only)
    idents = [ids if ids else [phone for phone in phones if LOST_MARK in phone] for ids, phones in records]
    for numbers in idents:  # the ID numbers of one record (a row: one person) are one person's
        if len(numbers) > 1:
            first, *rest = numbers
            join(first, rest)
    held: dict[str, str] = {}  # a key of a whole ID number's first 15 digits and a name or phone: its least person
    for (ids, phones), numbers in zip(records, idents, strict=True):
        if ids:
            person = root(next(iter(ids)))
            for key in _lost_keys(ids, phones):
                if (was := held.get(key)) is None or person < was:
                    held[key] = person
        elif numbers:  # lost ID numbers of the same first 15 digits and a name or phone in common: one person
            join(numbers[0], _lost_keys((), phones))
    chosen: dict[str, str] = {}  # of each group of lost ID numbers, the least whole ID number's person it is
    for (ids, phones), numbers in zip(records, idents, strict=True):
        if numbers and not ids:
            group = root(numbers[0])
            for key in _lost_keys((), phones):
                if (person := held.get(key)) is not None and (group not in chosen or person < chosen[group]):
                    chosen[group] = person
    for group, person in chosen.items():
        join(person, (group,))
    owner: dict[str, str] = {}  # a phone of an ID number's record: the least person holding it
    for (_ids, phones), numbers in zip(records, idents, strict=True):
        if numbers and phones:
            person = root(numbers[0])
            for phone in phones:
                if LOST_MARK not in phone and ((was := owner.get(phone)) is None or person < was):
                    owner[phone] = person
    for phones, numbers in ((phones, numbers) for (_ids, phones), numbers in zip(records, idents, strict=True)):
        if not numbers and len(phones) > 1:  # phones only: one person with every record sharing a phone with it
            first, *rest = phones
            join(first, rest)
    owned: dict[str, str] = {}  # of each group of phones only, the person of an ID number holding one of them
    for phone, person in owner.items():
        group = root(phone)
        was = owned.get(group)
        if was is None or person < was:
            owned[group] = person
    keys = []
    for (_ids, phones), numbers in zip(records, idents, strict=True):
        if numbers:
            keys.append(root(numbers[0]))
        else:
            group = root(next(iter(phones)))
            keys.append(owned.get(group, group))
    return keys


def _lost_firsts(ids: Iterable[str]) -> list[str]:
    """The first 15 digits of each of ``ids`` not ending in X (an X is never kept as a number: it has no lost form,
    ``_lost_id``)."""
    return [number[:15] for number in ids if not number.endswith("X")]


def _lost_keys(ids: Collection[str], phones: Collection[str]) -> list[str]:
    """What a record holds that may show one of its ID numbers to be a lost ID number's (``identities``): the tokens
    of its first 15 digits and a name (``_lost_token``), and of its first 15 digits and each phone number. A token
    of no name (a row of a blank name, a file without names) is none: it is the row's own."""
    firsts = set(_lost_firsts(ids))
    keys = []
    for phone in phones:
        if LOST_MARK in phone:
            first15, _mark, name = phone.partition(LOST_MARK)
            firsts.add(first15)
            if not name.startswith("@"):
                keys.append(phone)
    plain = [phone for phone in phones if LOST_MARK not in phone]
    keys += [f"{first15}{LOST_MARK}={phone}" for first15 in sorted(firsts) for phone in plain]
    return keys


def lost_apart(people: Iterable[tuple[Collection[str], Collection[str]]]) -> int:
    """How many of ``people`` (``_merged``) are lost ID numbers' (``_lost_id``: no whole ID number) whose first 15
    digits another person holds too, counted apart for want of a second identifier (``identities``): the count is
    high by at most that many, if any of them is in fact that other person."""
    holders: Counter = Counter()
    lost = []
    for ids, phones in people:
        firsts = set(_lost_firsts(ids)) | {phone.partition(LOST_MARK)[0] for phone in phones if LOST_MARK in phone}
        holders.update(firsts)
        if not ids and firsts:
            lost.append(firsts)
    return sum(1 for firsts in lost if any(holders[first15] > 1 for first15 in firsts))


def _lost_apart_step(apart: int) -> str:
    """The step saying the lost ID numbers counted apart (``lost_apart``), for the officer to check."""
    return (f"另有 {apart:,} 人的身份证号码按数值保存（末 3 位已丢失），其前 15 位与他人号码相同，但无第二项相同的信息"
            f"（同一姓名或同一手机号码）证明是同一人：依 2017 年解释第十一条（“根据查获的数量直接认定，但是有证据证明信息"
            f"不真实或者重复的除外”），各计为一人；若其中有与他人为同一人的，上列条数至多多计 {apart:,} 条，请对照原始文件"
            f"核对")


class People(frozenset):
    """The distinct people of a count (``RecordCount.numbers``), each (its ID numbers, its phone numbers), with what
    telling them apart from another count's people takes (``named_apart``): ``names``, the one name each phone number
    was given in the file (a phone number written as it is, on a row of a column of names: ``count_rows``), and
    ``shared``, the names of each phone number the file gave under two names or more, written in its people with the
    name (``phone#name``; a row of a blank name with the first of them: ``_apart``). A name is held as the hash of
    its ``_name_key`` (``_name_hash``: in memory only, never printed nor stored). A count without a column of names,
    or by records, has neither."""

    names: Mapping[str, int]
    shared: Mapping[str, frozenset[int]]

    def __new__(cls, people: Iterable = (), names: Mapping[str, int] | None = None,
                shared: Mapping[str, Collection[int]] | None = None):
        self = super().__new__(cls, people)
        self.names = names or {}
        self.shared = {phone: frozenset(hashes) for phone, hashes in (shared or {}).items()}
        return self


def _name_key(text: str) -> str:
    """A name as compared: NFKC (full-width letters, digits and spaces as the ASCII ones), every whitespace taken
    out, case folded — 张　三 is 张三, ＺhangSan is zhangsan, ZHANG SAN is zhangsan. Traditional and simplified
    characters (張三, 张三) and a name with a note (张三（业主）) stay different names: two people on one phone."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _name_hash(key: str) -> int:
    """What a count holds of a name (its ``_name_key``): a 64-bit hash, the same in every run, so that the people of
    a list of millions hold no name (never printed nor stored)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def _apart(phone: str, name: int) -> str:
    """The phone number ``phone`` as the person of the name hashed ``name`` holds it, when it is given under two
    names or more (``phone#name``)."""
    return f"{phone}#{name:016x}"


def _names_of(groups: Sequence[Collection]) -> tuple[dict[str, set[int]], dict[str, int]]:
    """(the names of each phone number given under two names or more in ``groups`` — in one of them, or each in
    another —, the one name of each other phone number given under a name): of ``People``'s ``shared`` and
    ``names``."""
    shared: dict[str, set[int]] = {}
    names: dict[str, int] = {}
    for group in groups:
        for phone, hashes in getattr(group, "shared", {}).items():
            shared.setdefault(phone, set()).update(hashes)
        for phone, name in getattr(group, "names", {}).items():
            if names.setdefault(phone, name) != name:
                shared.setdefault(phone, set()).add(name)
    for phone, hashes in shared.items():
        if phone in names:
            hashes.add(names.pop(phone))
    return shared, names


def named_apart(groups: Sequence[Collection[tuple[Collection[str], Collection[str]]]],
                names_of: tuple[dict[str, set[int]], dict[str, int]] | None = None) -> list[Collection]:
    """The people of several counts (each ``RecordCount.numbers``: two files of a case, two sheets of a workbook)
    told apart by name as one file's count tells its rows apart (``count_rows``): a phone number given under two
    different names — in one of them, or each in another — is each name's own, written ``phone#name`` in the people
    holding it under a name. A person holding it without a name (a row whose name is blank, a file without a column
    of names) is one of those people, not another: written with the first of its names (the least hash), as one
    file's count writes such a row; where only the names decide, the sum is what one file holding all the rows gives,
    and a row of a blank name never adds a person. ID numbers are never written otherwise. Without a phone number
    under two names the groups are returned as they are, so the sum is what matching by the numbers alone gives.
    ``names_of``: ``_names_of(groups)`` when the caller worked it out already (it is read, never changed)."""
    shared, _names = names_of if names_of is not None else _names_of(groups)
    if not shared:
        return list(groups)
    out: list[Collection] = []
    for group in groups:
        names, own = getattr(group, "names", {}), getattr(group, "shared", {})
        # a group that gave the phone two names wrote it apart already, its blank rows with them
        apart = {phone: _apart(phone, names[phone] if phone in names else min(hashes))
                 for phone, hashes in shared.items() if phone not in own}
        out.append([(ids, tuple(sorted(apart.get(phone, phone) for phone in phones)))
                    if any(phone in apart for phone in phones) else (ids, phones) for ids, phones in group])
    return out


def _names_kept(groups: Sequence[Collection], people: frozenset,
                names_of: tuple[dict[str, set[int]], dict[str, int]] | None = None) -> People:
    """``people`` (the ``_merged`` people of ``groups`` told apart by ``named_apart``) as one count's: the names of
    the phone numbers still written as they are, and those of the phone numbers given under two names
    (``names_of``: ``_names_of(groups)`` when worked out already)."""
    shared, names = names_of if names_of is not None else _names_of(groups)
    return People(people, names, shared)


def _merged(records: Collection[tuple[Collection[str], Collection[str]]]) -> frozenset:
    """The distinct people of ``records``: one (ID numbers, phone numbers) pair per ``identities`` key, each a sorted
    tuple (a tuple of one number is a quarter of a set's size: a list of millions of people is held); a record given
    as tuples is taken as sorted already (``count_rows`` keeps its rows so)."""
    records = list(records)
    if all(not ids and len(phones) == 1 and not next(iter(phones)).endswith(LOST_MARK) for ids, phones in records):
        # a list of one mobile number a row: each number one person
        return frozenset((tuple(ids), tuple(phones)) for ids, phones in set(records))
    people: dict[str, tuple] = {}  # by key: the person's one record, or the sets of its several records' numbers
    several: set[str] = set()
    for key, record in zip(identities(records), records, strict=True):
        held = people.get(key)
        if held is None:  # most people are one record: kept as it is, no set made
            people[key] = record
            continue
        if key not in several:
            several.add(key)
            held = people[key] = (set(held[0]), set(held[1]))
        held[0].update(record[0])
        held[1].update(record[1])
    return frozenset((tuple(sorted(ids)), tuple(sorted(phones))) if key in several or type(ids) is not tuple
                     or type(phones) is not tuple else (ids, phones) for key, (ids, phones) in people.items())


def _holds_number(cell) -> bool:
    """Whether a cell holds a valid mobile or ID number, as a whole or among other text."""
    text = _text(cell)
    return bool(text) and bool(_whole_phone(text) or _id_of(text) or _MOBILE_IN.search(_ascii_digits(text)))


def _column_step(kind: str, name: str, valid: int, blank: int, invalid: int, within: int = 0,
                 noted: int = 0, landlines: int = 0, legacy: int = 0, services: int = 0, lost: int = 0,
                 masked: int = 0, sci: int = 0) -> str:
    problems = "，".join(t for t, n in ((f"其中座机号码 {landlines:,} 个", landlines),
                                        (f"另有按数值保存、末 3 位已丢失的 {lost:,} 个（见下）", lost),
                                        (f"另有以科学计数法写出、末几位已丢失的 {sci:,} 个（见下）", sci),
                                        (f"其中 15 位旧身份证号码 {legacy:,} 个，已按 GB 11643 在年份前加“19”、"
                                         f"补校验码转为 18 位计，请与身份证核对", legacy),
                                        (f"空白 {blank:,} 行", blank), (f"格式不符 {invalid:,} 个", invalid),
                                        (f"其中已脱敏（如 138****5678）{masked:,} 个，无法识别到具体号码", masked),
                                        (f"含多个号码或附有文字的 {within:,} 格逐个取出其中号码", within),
                                        (f"注明为他人（家长、配偶等）号码的 {noted:,} 个未计入", noted),
                                        (f"企业短信端口、400/800 等非个人号码 {services:,} 个未计入", services)) if n)
    words = "电话号码" if landlines else KIND_WORDS[kind]
    return f"{words}列“{name}”有效号码 {valid:,} 个" + (f"（{problems}）" if problems else "")


def _lost_key(named: bool) -> str:
    """How a lost ID number is counted (``identities``), as the steps say it."""
    return "号码前 15 位相同、且姓名相同或手机号码相同的计为同一人（与完整身份证号码亦然），仅前 15 位相同的不据以合并" \
        if named else "号码前 15 位相同、且手机号码相同的计为同一人（与完整身份证号码亦然；本文件无姓名列），仅前 15 位相同的" \
        "不据以合并"


# what to do to have the lost digits of ID numbers: the end of ``_lost_step`` and ``_sci_step``
_LOST_REMEDY = "请取得原始文件，或请提供方在录入、导出前先将该列设为“文本”格式后重新导出，另作为证据添加并重新计数"


def _lost_step(name: str, lost: int, named: bool) -> str:
    """What the count made of the ID numbers of a column a workbook kept as numbers (``_lost_id``), and how to get
    them whole."""
    return (f"“{name}”列中 {lost:,} 个身份证号码在 Excel 中按数值（而非文本）保存，只保留了前 15 位，末 3 位已丢失"
            f"（显示为 4.40605198501011E+17 或末 3 位为 000），无法核对校验码，均不作为有效身份证号码；依 2017 年解释第十一条，"
            f"批量信息除经证明虚假或重复的外均应计数，这些行仍计入，按{_lost_key(named)}。末 3 位无法从本文件恢复："
            f"{_LOST_REMEDY}")


def _sci_step(name: str, written: int, lost: int, short: int, whole: int, named: bool) -> str:
    """What the count made of the ``written`` ID numbers of a column a CSV holds in scientific notation
    (``_sci_id``): ``lost`` of 15 significant digits, counted as lost ID numbers; ``short`` of fewer, each a record of
    its own, joined to another only through the same phone number (with the same name, in a list of names: a phone
    number is a whole identifier, as it is for a whole ID number); ``whole`` old ones of 15 digits all written that
    read as ID numbers, read as they are; the others not valid (格式不符: of another length, a negative or a
    fraction, or no birth date or division code) — and how to have the column exported as text."""
    joined = "只经姓名相同的相同手机号码与其他记录合并" if named else "只经相同手机号码与其他记录合并（本文件无姓名列）"
    fates = "；".join(t for t, n in (
        (f"其中写出 15 位有效数字的 {lost:,} 个只保留了前 15 位，末 3 位已丢失，无法核对校验码，不作为有效身份证号码，"
         f"按{_lost_key(named)}", lost),
        (f"只写出不足 15 位有效数字（如 4.40605E+17）的 {short:,} 个，连前 15 位也无法确定，不作为有效身份证号码，"
         f"每个各计一人（一条），不与其他任何身份证号码（完整的、末 3 位丢失的或同样不足 15 位的）的记录据此合并，"
         f"姓名相同的亦然，{joined}；若其中有与他人为同一人的，上列条数至多多计 {short:,} 条，请对照原始文件核对",
         short),
        (f"15 位旧身份证号码写全 15 位的 {whole:,} 个未丢失数字，按其号码读取", whole),
        (f"不是 15 或 18 位身份证号码、或读不出出生日期或地区码的 {written - lost - short - whole:,} 个按格式不符计",
         written - lost - short - whole))
        if n)
    workbook = "（原始文件是 Excel 工作簿的，也可将该工作簿直接作为证据添加并计数，可读出前 15 位）" if short else ""
    return (f"“{name}”列中 {written:,} 个身份证号码以科学计数法写出（如 4.40605198501011E+17、4.40605E+17：Excel "
            f"将按数值（而非文本）保存的号码另存为 CSV 时即如此）；依 2017 年解释第十一条，批量信息除经证明虚假或重复的外均应"
            f"计数：{fates}" + (f"。丢失的数字无法从本文件恢复：{_LOST_REMEDY}{workbook}" if written > whole else ""))


def _malformed_step(malformed: list[tuple[int, int, str]], rows_left_out: set[int], several: bool) -> str:
    """Where the values that are not valid numbers are, as the officer finds them in the file (row, column)."""
    shown = malformed[:SHOWN_ROWS]
    more = "等" if len(malformed) > len(shown) else ""
    if not several:
        listed = "、".join(f"{line:,}" for line, _c, _n in shown)
        return f"格式不符的 {len(malformed):,} 个未计入，在第 {listed} 行{more}，请对照原文件核实"
    listed = "、".join(f"第 {line:,} 行“{name}”（{column_letter(c)} 列）" for line, c, name in shown)
    rows = {line for line, _c, _n in malformed}
    kept = len(rows - rows_left_out)
    fate = "；".join(t for t, n in ((f"其中 {kept:,} 行另有有效号码，已计入", kept),
                                    (f"{len(rows & rows_left_out):,} 行没有有效号码，未计入", len(rows & rows_left_out)))
                     if n)
    return f"格式不符的号码 {len(malformed):,} 个：{listed}{more}；{fate}；请对照原文件核实"


def _named_column_unread(file_name: str, rows, head: list) -> str | None:
    """Why no record of ``rows`` can be counted although a header of the first 20 rows (``head``) names phone or ID
    numbers (手机号码, 身份证号): its values are in scientific notation (1.38001E+10, their last digits lost), or none
    of them is a valid number; None when no header names them, or no value is under it. No value is quoted: they are
    personal data."""
    named = {(index, column): [_text(cell), False, False]  # header, any value under it, any in scientific notation
             for index, row in enumerate(head) for column, cell in enumerate(row) if _header_kind(cell)}
    if not named:
        return None
    for index, row in enumerate(rows):
        for (at, column), seen in named.items():
            if index > at and column < len(row) and (text := _text(row[column])):
                seen[1] = True
                seen[2] = seen[2] or bool(SCIENTIFIC_NUMBER.fullmatch(text))
    found = [(header, column, scientific) for (_at, column), (header, held, scientific) in named.items() if held]
    if not found:
        return None
    header, column, scientific = max(found, key=lambda f: f[2])  # a column in scientific notation first
    where = {"file": file_name, "header": header, "column": column_letter(column)}
    if scientific:
        return _("{file}: the column {header} (column {column}) was found, but its numbers are written in scientific "
                 "notation (as 1.38001E+10), which lost their last digits, so no records can be counted. Export the "
                 "list again with that column as text (in Excel or WPS: format the column as text, or number format "
                 "0, before saving it as CSV), add the new file as evidence and count that.").format(**where)
    return _("{file}: the column {header} (column {column}) was found, but none of its values is a valid mobile phone "
             "number or ID number, so no records can be counted. Check the file against the original list.").format(
        **where)


def _party_sides(header: tuple[int, list, int] | None, columns: list[tuple[int, str, str, bool]]) -> dict[int, int]:
    """The side (1 or 2) of each column of numbers of a log of calls or messages between two parties, its headers
    naming both (主叫号码 and 被叫号码, 发送号码 and 接收号码, 本机号码 and 对方号码: ``PARTY_WORDS``); {} for a list of
    people, where a row is one person."""
    if header is None:
        return {}
    for pair in PARTY_WORDS:
        sides = {}
        for c, _kind, _name, _within in columns:
            text = _text(header[1][c] if c < len(header[1]) else "").replace(" ", "").lower()
            side = next((n for n, word in enumerate(pair, 1) if word in text), 0)
            if side:
                sides[c] = side
        if len(set(sides.values())) == 2:
            return sides
    return {}


def _name_column(header: tuple[int, list, int] | None, columns: list[tuple[int, str, str, bool]]) -> int | None:
    """The column of the row's person's name (``NAME_WORDS``: 业主姓名, 客户姓名, 联系人), not one of numbers nor one
    naming someone else (紧急联系人); None without a header or such a column."""
    if header is None:
        return None
    read = {c for c, _k, _n, _w in columns}
    for c, cell in enumerate(header[1]):
        text = _text(cell).replace(" ", "").lower()
        if c not in read and text and any(word in text for word in NAME_WORDS) and not _header_kind(cell) \
                and not _names_someone_else(text):
            return c
    return None


def _serial_columns(header: tuple[int, list, int] | None) -> set[int]:
    """The columns of a running number (``SERIAL_WORDS``: 序号, 编号), matched whole: none without a header."""
    if header is None:
        return set()
    return {c for c, cell in enumerate(header[1]) if _text(cell).replace(" ", "").lower() in SERIAL_WORDS}


def _row_key(numbers: Iterable, cells: Iterable[str]) -> bytes:
    """A digest of a record (never printed, never stored): its numbers as normalised (a phone however written, with
    its side in a log of calls) and its other cells' texts sorted (a column order of another export), a serial
    column (``_serial_columns``) and blank cells left out. Two records alike are one (an export's duplicate, the same
    call in two files), any two others two records."""
    text = "\x1e".join(["\x1f".join(map(str, sorted(numbers))), "\x1f".join(sorted(cells))])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _record(ids: Sequence[str], phones: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One person's record as ``count_rows`` keeps it: a lone phone number as it is, else sorted numbers once each."""
    if not ids and len(phones) == 1:
        return (), (phones[0],)
    return tuple(sorted(set(ids))), tuple(sorted(set(phones)))


def _sided(placed: list[tuple[int, bool, tuple[str, ...]]]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The record of each side of a row of a two-party log (``_party_sides``), from the numbers found in its columns
    as (side, whether ID numbers, numbers): as ``count_rows`` keeps a row's (``_record``)."""
    found: dict[int, tuple[list[str], list[str]]] = {}
    for side, is_id, numbers in placed:
        found.setdefault(side, ([], []))[0 if is_id else 1].extend(numbers)
    return {side: _record(ids, phones) for side, (ids, phones) in found.items()}


def _party_lines(by_side: Mapping[int, Collection]) -> dict[int, tuple[int, int, int]]:
    """The side of a two-party log that looks like the lines its calls or messages were made from, with (its
    distinct numbers, the other side's, those of its numbers also on the other side): the other side holds
    ``PARTY_LINES_SHARE`` times as many distinct numbers or more (5 pooled mobiles calling 6,000 consumers, a
    switchboard, the phone a log was exported from). Said to the officer only: both sides are counted."""
    numbers = {side: {n for ids, phones in by_side.get(side, ()) for n in (*ids, *phones)} for side in (1, 2)}
    for side, other in ((1, 2), (2, 1)):
        mine, theirs = numbers[side], numbers[other]
        if mine and len(mine) * PARTY_LINES_SHARE <= len(theirs):
            return {side: (len(mine), len(theirs), len(mine & theirs))}
    return {}


def _header_width(survey: _Survey, header: tuple[int, list, int] | None) -> int:
    """The columns a sheet's header spans, when it names a column of numbers (0 otherwise: nothing is beyond it): the
    widest of its row and of the rows above the first row holding a number (7 digits or more) — a header of two rows
    (联系方式 merged over 手机 and 座机, the columns named on the row below), the header taken on a title merged over
    the phone column (业主手机号码名单) with the columns named below —, a row of one cell written (a title) left out."""
    if header is None or not any(_header_kind(cell) for cell in header[1]):
        return 0
    width = max((c + 1 for c, cell in enumerate(header[1]) if _text(cell)), default=0)
    for row in survey.head:
        texts = [_text(cell) for cell in row]
        if any(_digit_count(text) >= 7 for text in texts):
            break
        written = [c for c, text in enumerate(texts) if text]
        if len(written) > 1:
            width = max(width, written[-1] + 1)
    return width


def _reads_as_number(cell) -> bool:
    """Whether a cell beyond the header reads as a phone or ID number: a run of digits (spaces, dashes and brackets
    between them allowed: 138 0000 0001, 0757-86220000, (0757)86220000) of a mobile's 11 starting with 1, a
    landline's 10 to 12 with its area code (0 first), or an ID number's 15 or 18 (its last an X allowed); dates and
    times left out (2024-05-01 10:30, a date cell). A note (已联系), a total's figure (30), an amount (12345678.5), a
    date written as 20240501 do not."""
    if isinstance(cell, (dt.date, dt.time, dt.timedelta, bool)):
        return False
    text = _DATE_OR_TIME.sub(" ", _ascii_digits(_text(cell)))
    for run in _NUMBER_LIKE.finditer(text):
        digits = re.sub(r"[^0-9Xx]", "", run.group())
        if len(digits) in (15, 18) and digits[:-1].isdigit() or digits.isdigit() and (
                len(digits) == 11 and digits[0] == "1" or 10 <= len(digits) <= 12 and digits[0] == "0"):
            return True
    return False


def _beyond_header(file_name: str, sheet: str, line: int, column: int, width: int) -> ImportRefused:
    """The refusal of a row holding a number in ``column``, to the right of its header's last column
    (``count_rows``): file, sheet, row and cell named, the value never quoted (personal data)."""
    where = {"file": file_name, "sheet": sheet, "row": f"{line:,}", "cell": f"{column_letter(column)}{line}",
             "last": column_letter(width - 1)}
    text = _("{file}, sheet {sheet}, row {row}: cell {cell} holds a value, but its column has no header (the header "
             "ends at column {last}), so the value cannot be counted and the row may be shifted (a value holding an "
             "unquoted comma, or a column added without a header). No records were counted and nothing was changed. "
             "Check the row against the original list; to count it, save a corrected copy (the column given a "
             "header, or the row put right), add the copy as evidence and count that.") if sheet else _(
        "{file}, row {row}: cell {cell} holds a value, but its column has no header (the header ends at column "
        "{last}), so the value cannot be counted and the row may be shifted (a value holding an unquoted comma, or a "
        "column added without a header). No records were counted and nothing was changed. Check the row against the "
        "original list; to count it, save a corrected copy (the column given a header, or the row put right), add "
        "the copy as evidence and count that.")
    return ImportRefused(text.format(**where))


def _short_tag(source: str, sheet: str, rows: Iterable[list]) -> str:
    """What tells the records of an ID number of which fewer than 15 digits are known (``count_rows``) on ``sheet``
    of a file from those of any other sheet or file: a hash of the file's content (``source``, its sha256; without
    it, of ``rows`` read again) and the sheet's name. Exact copies of a file hold the same records and so the same
    tag; two files of one name and different content never do."""
    if not source:
        digest = hashlib.sha256()
        for row in rows:
            digest.update("\x1f".join(_text(cell) for cell in row).encode("utf-8", "surrogatepass") + b"\x1e")
        source = "rows:" + digest.hexdigest()
    return hashlib.blake2b(f"{source}\x1f{sheet}".encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def count_rows(file_name: str, rows: Iterable[list], *, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None, sheet: str = "", source: str = "") -> RecordCount:
    """Count the distinct people whose records are in ``rows`` (a sheet of ``file_name``: a list, or rows read
    again for each reading, ``_CsvRows`` and ``_SheetRows``). A row is one record: the phone and ID numbers on one
    row identify one natural person (2017 interpretation art. 1), so a row counts once when any of its numbers is
    valid, and its malformed numbers are named by row and column. In a log of calls or messages (``_party_sides``)
    the two parties of a row are two people, each a record (a column naming neither party, 机主身份证号, on the
    side of 本机/主叫/发送), both sides counted: a side that looks like the lines the calls were made from
    (``_party_lines``) is said in the steps for the officer to judge, never left out. A landline joins no records
    and is a person only on a row holding no mobile and no ID number (a property office's or a family's line is
    shared). The people are counted once each however often they
    appear (art. 11 para. 3: only duplicated information is left out). An old 15-digit ID number is counted in its
    18-character form, a landline in a column named as phone numbers as ``normalize_phone`` keeps it.

    The rows are read twice, first to find the columns of numbers (``_survey``), then to count them, keeping of each
    row its numbers alone and of the rows alike one: what is held grows with the people listed, not with the rows.
    ``progress`` hears of both readings, and ``cancel`` stops the count (Cancelled) every 50,000 rows.

    Under a header naming its columns, a row holding a value beyond the header's last column is refused
    (``_beyond_header``, naming ``sheet`` of a workbook of several), as the complaint and register importers refuse
    it: such a value is never read, and it is most often a row shifted by an unquoted comma, whose numbers then sit
    under another column's header. A count refused changes nothing; empty cells there (trailing commas) are none.

    ``source``: a digest of the file's content (its sha256, as the evidence item keeps it), which tells the records
    of an ID number of which fewer than 15 digits are known (``SHORT_MARK``) apart from another file's — never its
    name: two files both named 导出.csv are two files, and two exact copies the same records; without it, a digest of
    ``rows`` themselves."""
    from workstation.screening.rules import rules_held

    survey = _survey(rows, progress, cancel)
    found = _best_column(survey)
    if found is None:
        raise WorkstationError(_named_column_unread(file_name, rows, survey.head) or _(
            "{file}: no column of mobile phone numbers or ID numbers was found, so no records can be counted.").format(
            file=file_name))
    column, kind, _valid = found
    header = _header_row(survey, column, kind)
    columns = _id_columns(survey, header, (column, kind))
    sides = _party_sides(header, columns)
    # a column of a log naming neither party (机主身份证号 beside 本机号码 and 对方号码) is the subscriber's: side 1
    unsided = [name for c, _k, name, _w in columns if sides and c not in sides]
    party = {side: "、".join(f"“{name}”" for c, _k, name, _w in columns if sides.get(c) == side) for side in (1, 2)}
    sides = {c: sides.get(c, 1) for c, _k, _n, _w in columns} if sides else {}
    # in a list of people (not a log of calls), the column of their names: one number under different names is
    # different people's (co-owners, a family, a property office's line)
    name_column = None if sides else _name_column(header, columns)
    # a record's key leaves out its numbers' columns (normalised apart) and a running number (序号)
    serial = _serial_columns(header)
    keyed_out = serial | {c for c, _k, _n, _w in columns}
    first = header[0] + 1 if header is not None else 0
    width = _header_width(survey, header)
    if width:  # a column read under a header merged over it (``_merged_over``) is within the header
        width = max(width, *(c + 1 for c, _k, _n, _w in columns))
    outside, outside_cells = 0, []  # the cells of text beyond the header (no number): how many, the first named
    total = survey.written_rows - (header[2] if header is not None else 0)  # the rows of data written
    message = _("Counting the distinct numbers of {rows} rows").format(rows=f"{total:,}")
    progress(0, total, message)
    check_cancel(cancel)
    # valid, blank, not valid, taken out of other text, noted as someone else's, landlines, old ID numbers, numbers
    # of no one (SMS ports, 400/800), landlines on a row with a mobile or ID number (not counted as a person), ID
    # numbers a workbook kept as numbers (their last 3 digits lost: ``_lost_id``); [10] masked (138****5678); ID numbers
    # written in scientific notation (``_sci_id``): [11] all of them, [12] their first 15 digits known (lost ID numbers),
    # [13] fewer known (records never joined), [14] old ones of 15 digits written whole
    tally = {c: [0] * 15 for c, _k, _n, _w in columns}
    # what tells the records of an ID number of which fewer than 15 digits are known from any other: the file's
    # content and the sheet (a hash, ``_short_tag``: made at the first such number), with the row's line and column
    # (``SHORT_MARK``)
    short_tag = ""
    # the columns whose header names ID numbers: the only ones where an 18-digit number kept as a number is an ID
    # number whose last 3 digits were lost (``_lost_id``), not an order or transaction number
    lost_read = {c for c, k, _n, _w in columns if k == ID_NUMBER and header is not None and c < len(header[1])
                 and _header_kind(header[1][c]) == ID_NUMBER}
    read = [(c, k == ID_NUMBER, name, within, tally[c], sides.get(c, 0), c in lost_read)
            for c, k, name, within in columns]
    # the columns of someone else's numbers (家长手机, 紧急联系人电话), never read as the person's: a row holding
    # only such a number is said apart from the blank ones
    others = [(c, _text(header[1][c])) for c in range(len(header[1]) if header is not None else 0)
              if c not in tally and _someone_else(header[1][c])]
    distinct: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()  # the rows' numbers, rows alike once
    by_side: dict[int, set] = {}  # in a two-party log: the records of each side (0: a column of neither)
    side_records: Counter = Counter()
    malformed, left_out, blank_rows, data, records = [], set(), 0, 0, 0
    others_only, others_named, others_blank = 0, {}, 0  # rows of someone else's number only, their columns
    service_rows = 0  # rows of numbers of no one only (an SMS port)
    record_keys: set[bytes] = set()  # the distinct rows holding a valid number: the file's records
    by_name: Counter = Counter()  # with a name column: (record, name) -> rows
    land_only: Counter = Counter()  # the landlines of rows holding no other number -> rows
    with rules_held():  # the landlines' area code looked up once
        for line, row in enumerate(itertools.islice(rows, first, None), first + 1):
            if not any(_text(c) for c in row):
                continue
            if width and len(row) > width and (beyond := [c for c in range(width, len(row)) if _text(row[c])]):
                # a number there is most often a row shifted (its numbers under another column's header): refused;
                # other text (a note, a total row's figure) is no record's number, said in a step
                if (number := next((c for c in beyond if _reads_as_number(row[c])), None)) is not None:
                    raise _beyond_header(file_name, sheet, line, number, width)
                outside += len(beyond)
                outside_cells.extend(f"{column_letter(c)}{line}" for c in beyond[:SHOWN_ROWS - len(outside_cells)])
            data += 1
            if not data % STEP_ROWS:
                progress(data, total, message)
                check_cancel(cancel)
            ids, phones, noted, served = [], [], False, False
            # the row's name as compared (``_name_key``), '' when there is none: worked out once for the row
            row_name = _name_key(_text(row[name_column])) if name_column is not None \
                and name_column < len(row) else ""
            keyed = []  # the row's numbers as its record's key holds them: (side, kind, number)
            placed = [] if sides else None
            lands: list[tuple[int, list, str]] = []  # (side, tally, landline): a person only on a row of no other number
            for c, is_id, name, within, counts, side, may_be_lost in read:
                text, theirs, service, land, lost = _text(row[c]) if c < len(row) else "", (), False, None, None
                kept_as_number = is_id and c < len(row) and _numeric_18(row[c])
                if may_be_lost and ("E" in text or "e" in text) and type(row[c]) is str \
                        and SCIENTIFIC_NUMBER.fullmatch(text):
                    # an ID number Excel wrote in scientific notation saving a CSV of a workbook that kept it as a
                    # number (``_sci_id``): counted as the workbook's number is, below, its first 15 digits known;
                    # with fewer, its row a record of its own, never joined to another on it (the same 2017
                    # interpretation art. 11 para. 3: nothing shows it false or the same person as another), however
                    # alike the rows — even in every cell, the digits lost may differ
                    counts[11] += 1
                    sci = _sci_id(text)
                    if sci is not None and sci[0] == SCI_WHOLE:  # an old 15-digit number written whole: as typed
                        text = sci[1]
                        counts[14] += _id_of(text) is not None  # else not valid (格式不符), said so, below
                    elif sci is not None and sci[0] == SCI_LOST:
                        counts[12] += 1
                        lost = sci[1]
                    elif sci is not None:
                        counts[13] += 1
                        short_tag = short_tag or _short_tag(source, sheet, rows)
                        where = f"{short_tag}:{line}:{c}"
                        token = f"{SHORT_MARK}{where}{LOST_MARK}"  # the row's key added below: its own
                        phones.append(token)
                        keyed.append((side, "e", where))  # a record of its own too (by records): never a duplicate
                        if placed is not None:
                            placed.append((side, False, (token,)))
                        continue
                    # else not valid (格式不符), as any other text
                elif kept_as_number and may_be_lost and (lost := _lost_id(row[c])):
                    counts[9] += 1
                if lost:
                    # an ID number a workbook kept as a number, its last 3 digits lost: never a valid ID number
                    # (about 1 in 11 would pass the check character), yet the row is a record all the same. The 2017
                    # interpretation art. 11 para. 3: “对批量公民个人信息的条数，根据查获的数量直接认定，但是有证据
                    # 证明信息不真实或者重复的除外” — counted as seized, merged with another record only on evidence
                    # that it is the same person, and a number damaged by the spreadsheet shows neither falsity nor
                    # duplication. It is kept apart from the ID numbers as a token (``_lost_token``): the first 15
                    # digits (region, birth date, the first digit of the sequence) with the row's name (``_name_key``),
                    # or, without a name, with the row itself (``_row_key``: only a row alike in every cell is the
                    # same). It is one person with another ID number, lost or whole, on this sheet or in another file,
                    # only when its first 15 digits match and a second identifier agrees: the same name (every row of
                    # a whole ID number and a name holds the same token of it, below) or the same phone number
                    # (``identities``). The 15 digits alone never merge: two people born the same day in the same
                    # place share them. So the count is never low for a lost number; it may be high by those counted
                    # apart for want of a second identifier whose 15 digits another person holds, and a step says
                    # how many (``lost_apart``) for the officer to check against the original file.
                    token = _lost_token(lost, row_name)
                    phones.append(token)
                    keyed.append((side, "x", lost))
                    if placed is not None:
                        placed.append((side, False, (token,)))
                    continue
                if is_id:
                    # an 18-digit number kept as a number that is no lost ID number (an order number, or a column
                    # not named as ID numbers) is not valid, whatever its digits read
                    numbers = (number,) if text and not kept_as_number and (number := _id_of(text)) else ()
                    if numbers and len(text) < 18 and _digit_count(text) == 15:
                        counts[6] += 1
                else:
                    numbers = (number,) if text and (number := _whole_phone(text)) else ()
                    if not numbers and within and text:
                        if service := _service_number(text):
                            counts[7] += 1
                            served = True
                        elif land := _landline(text):
                            lands.append((side, counts, land))
                            keyed.append((side, "l", land))
                            counts[5] += 1
                        else:
                            numbers, theirs = _noted_phones(text)
                            counts[3] += bool(numbers or theirs)
                            counts[4] += len(theirs)
                            noted = noted or bool(theirs)
                if numbers:
                    (ids if is_id else phones).extend(numbers)
                    keyed.extend((side, "i" if is_id else "p", number) for number in numbers)
                    counts[0] += len(numbers)
                    if placed is not None:
                        placed.append((side, is_id, numbers))
                elif theirs or service or land:
                    pass  # someone else's number alone, or no one's, or a landline (below): not one mistyped
                elif text:
                    malformed.append((line, c, name))
                    counts[2] += 1
                    counts[10] += _masked(_ascii_digits(text))
                else:
                    counts[1] += 1
            if ids and row_name:
                # the token a lost form of each ID number (``_lost_id``) on a row of the same name is kept as: the
                # lost number then joins this person (``identities``); without a name, only the same phone number
                # joins it (``_lost_keys``)
                phones.extend(dict.fromkeys(_lost_token(first15, row_name) for first15 in _lost_firsts(ids)))
            row_key = _row_key(keyed, (text for c, cell in enumerate(row) if c not in keyed_out
                                       and (text := _text(cell).replace(" ", "")))) if keyed else None
            suffix = "@" + row_key.hex() if row_key is not None else None  # a token the row's alone: its key
            if suffix is not None and any(phone.endswith(LOST_MARK) for phone in phones):  # a lost one of no name
                phones = [phone + suffix if phone.endswith(LOST_MARK) else phone for phone in phones]
                if placed is not None:
                    placed = [(side, is_id, tuple(n + suffix if n.endswith(LOST_MARK) else n for n in numbers))
                              for side, is_id, numbers in placed]
            if lands:  # a landline is often shared (a property office, a family): it joins no records and is a
                # person only on a row holding no mobile and no ID number
                if ids or phones:
                    for _side, counts, _land in lands:
                        counts[8] += 1
                else:  # never joined to another row through it: told apart by the name, else by the row
                    for side, counts, land in lands:
                        counts[0] += 1
                        land_only[land] += 1
                        token = _apart(land, _name_hash(row_name)) if row_name else land + suffix
                        phones.append(token)
                        if placed is not None:
                            placed.append((side, False, (token,)))
            if ids or phones:
                records += 1
                record_keys.add(row_key)
                if placed is None and name_column is not None:
                    by_name[_record(ids, phones), _name_hash(row_name) if row_name else None] += 1
                elif placed is None:
                    distinct.add(_record(ids, phones))
                else:
                    for side, record in _sided(placed).items():
                        by_side.setdefault(side, set()).add(record)
                        side_records[side] += 1
            elif malformed and malformed[-1][0] == line:
                left_out.add(line)
            elif (named := [n for c, n in others if c < len(row) and _holds_number(row[c])]) or noted:
                others_only += 1
                others_named.update(dict.fromkeys(named))
                others_blank += not _text(row[column]) if column < len(row) else 1
            elif served:
                service_rows += 1
            else:
                blank_rows += 1
    shared_rows = 0  # rows whose number other rows give under another name
    blank_shared = 0  # rows of a blank name whose number other rows give under two names
    # the name of each phone number given under one name, and the names of those given under two or more
    # (``People``: each name held as its hash)
    first_name: dict[str, int] = {}
    shared: dict[str, set[int]] = {}
    if by_name:
        for (_ids, phones), name in by_name:
            if name is not None:
                for phone in phones:
                    if LOST_MARK not in phone and first_name.setdefault(phone, name) != name:
                        shared.setdefault(phone, {first_name[phone]}).add(name)
        for ((ids, phones), name), n in by_name.items():
            if shared and any(phone in shared for phone in phones):
                # a row of a blank name is one of the phone's people, not another: its first name's (least hash)
                if name is None:
                    blank_shared += n
                else:
                    shared_rows += n
                phones = tuple(sorted(_apart(phone, min(shared[phone]) if name is None else name)
                                      if phone in shared else phone for phone in phones))
            distinct.add((ids, phones))
        by_name.clear()
    lines = _party_lines(by_side) if sides else {}
    if sides:  # the people of both sides
        distinct = set().union(*by_side.values())
        counted = sum(side_records.values())
    else:
        counted = records
    by_side.clear()
    # a landline's token (``land#name``, ``land@row``) is told apart already: a number of its own only
    people = People(_merged(distinct), {phone: name for phone, name in first_name.items()
                                        if phone not in shared and "#" not in phone and "@" not in phone},
                    {phone: hashes for phone, hashes in shared.items() if "#" not in phone and "@" not in phone})
    del distinct, first_name
    where = f"表头在第 {header[0] + 1} 行" if header is not None else "未识别表头，按全部非空行计"
    steps = [f"共 {data:,} 行（{where}）"]
    several = len(columns) > 1
    if not several:  # the rows of someone else's number only are said apart, not as blank
        tally[column][1] -= others_blank
    steps += [_column_step(k, name, *tally[c][:8], lost=tally[c][9], masked=tally[c][10],
                           sci=tally[c][12] + tally[c][13]) for c, k, name, _w in columns]
    steps += [_lost_step(name, tally[c][9], name_column is not None) for c, _k, name, _w in columns if tally[c][9]]
    steps += [_sci_step(name, *tally[c][11:15], name_column is not None) for c, _k, name, _w in columns
              if tally[c][11] and (tally[c][12] or tally[c][13] or tally[c][14])]
    if any(tally[c][9] or tally[c][12] for c, _k, _n, _w in columns) and (apart := lost_apart(people)):
        steps.append(_lost_apart_step(apart))
    if outside:  # cells named, never quoted (personal data)
        steps.append(f"表头（至 {column_letter(width - 1)} 列）以外有 {outside:,} 个单元格写有文字（备注、合计等），不是号码，"
                     f"未读取也未计入：{'、'.join(outside_cells)}{'等' if outside > len(outside_cells) else ''}，"
                     "请与原始名单核对")
    shared_lines = {name: tally[c][8] for c, _k, name, _w in columns if tally[c][8]}
    if shared_lines:
        steps.append("、".join(f"“{name}”中的座机号码 {n:,} 个" for name, n in shared_lines.items()) +
                     "所在行另有手机号码或身份证号码：座机常为多人共用（物业、单位、家庭电话），不据以识别或合并人员，"
                     "也不另计为一人，未单独计入")
    if sides:  # a call or a message is between two people: its row is two records
        steps.append(f"{party[1]}与{party[2]}是通话或短信双方的号码，同一行的双方是不同的人，各计一条：有有效号码的 "
                     f"{records:,} 行计 {counted:,} 条" +
                     (f"，号码全部空白的 {blank_rows:,} 行未计入" if blank_rows else ""))
        if unsided:
            steps.append("、".join(f"“{name}”" for name in unsided) + f"未写明属哪一方，按{party[1]}一方"
                         "（本机、主叫、发送）计，与该方号码同属一人")
        for side, (mine, theirs, both) in lines.items():
            steps.append(f"{party[side]}仅有 {mine:,} 个不同号码（{party[3 - side]}有 {theirs:,} 个" +
                         (f"，其中 {both:,} 个两方均有" if both else "") +
                         "），看似拨打或发送所用的本方号码（外呼线路、总机、导出记录的本机等）；依 2017 年解释第十一条，"
                         "信息除经证明虚假或重复的外均应计数，上列条数已将其计入；如有证据证明其不是所获取的公民个人"
                         "信息，请核实并在案卷中说明")
    elif several:  # one row is one person: its phone and its ID number are not two records
        words = "、".join(dict.fromkeys(KIND_WORDS[k] for _c, k, _n, _w in columns))
        steps.append(f"同一行的{words}属同一人，一行计一条：有有效号码的 {records:,} 行计入" +
                     (f"，号码全部空白的 {blank_rows:,} 行未计入" if blank_rows else ""))
    if others_only:  # a name with someone else's number: whether it is a record of the person, the rules do not say
        named_others = f"（{'、'.join(others_named)}）" if others_named else ""
        steps.append(f"本人号码空白、仅有他人号码{named_others}的 {others_only:,} 行未计入，请核实：其是否为本人的公民"
                     f"个人信息，计数规则未作规定")
    if service_rows:
        steps.append(f"仅有企业短信端口、400/800 等非个人号码的 {service_rows:,} 行未计入")
    if shared_rows:
        steps.append(f"同一号码对应不同姓名的 {shared_rows:,} 行按不同的人分别计（号码为多人共用，如共有业主、家庭成员；"
                     f"同一姓名、同一号码的只计一次）")
    if blank_shared:
        steps.append(f"姓名空白的 {blank_shared:,} 行，其号码对应多个姓名，计为其中一人，不另计")
    if shared_lands := sum(n for n in land_only.values() if n > 1):
        steps.append(f"仅有座机号码的行中 {shared_lands:,} 行与其他行共用同一座机号码：座机常为多人共用（物业、单位、家庭"
                     f"电话），不据以合并人员，" + ("按姓名区分" if name_column is not None else "各行分别计"))
    if malformed:  # the officer checks these in the file: a number mistyped there is still a record
        steps.append(_malformed_step(malformed, left_out, several))
    repeats = counted - len(people)
    steps.append(f"重复 {repeats:,} {'条' if several or tally[column][3] else '个'}，去重后 {len(people):,} 条")
    progress(total, total, _("Counted"))
    _c, shown_kind, name, _w = columns[0]
    return RecordCount(file_name, data, len(people), shown_kind, name, repeats, len(malformed),
                       blank_rows if several else tally[column][1], tuple(steps), people,
                       columns=tuple(n for _c, _k, n, _w in columns),
                       malformed=tuple((line, column_letter(c), n) for line, c, n in malformed),
                       record_rows=records, records=len(record_keys), record_keys=frozenset(record_keys),
                       people_steps=frozenset({len(steps) - 1}),
                       serials=tuple(_text(header[1][c]) for c in sorted(serial)))


def proposed_category(kind: str | None) -> str:
    """The category a count proposes for an item of ``kind`` (``KIND_CATEGORIES``: a call or SMS log's 通信记录 D),
    else E (other personal information)."""
    return KIND_CATEGORIES.get(kind or "", "other")


def counted_as(count: RecordCount, category: str) -> RecordCount:
    """``count`` as ``category`` counts it: C and D (``RECORD_CATEGORIES``: 通信记录, 交易信息…) by records, one row
    one record, exact duplicates dropped (2017 interpretation art. 11: bulk records count as seized unless shown
    duplicated); E by distinct people (names with their phone or ID numbers). The steps end saying which way, with
    the other figure. A count not read from rows (no records known) stays as it is."""
    base = count.base or count
    way = RECORDS if category in RECORD_CATEGORIES else PEOPLE
    if count.counted_by == way or not base.record_rows:
        return count
    kept = {"others": count.others, "figures": count.figures, "figured_on": count.figured_on}
    if way == PEOPLE:
        step = (f"按人员计（其他个人信息，如姓名、电话、身份证号码，同一人只计一条）：去重后 {base.distinct:,} 人"
                f"（按记录计为 {base.records:,} 条，不作为本类条数）")
        return replace(base, steps=(*base.steps, step), counted_by=PEOPLE, base=base, **kept)
    from workstation.store.evidence import category_words

    repeated = base.record_rows - base.records
    serial = "、".join(f"“{name}”" for name in base.serials)
    step = (f"{RECORDS_STEP}“{category_words(category)}”类，如通信记录、交易信息，一条记录计一条；依 2017 年"
            f"解释第十一条，批量信息除经证明重复的外按查获的条数计）：有有效号码的 {base.record_rows:,} 行中号码（统一格式后）"
            f"及其他各栏内容均相同的重复行 {repeated:,} 行" + (f"（不比较序号栏{serial}）" if serial else "") +
            f"，去重后 {base.records:,} 条记录（涉及不同人员 {base.distinct:,} 人，不作为本类条数）")
    return replace(base, distinct=base.records, duplicates=repeated, steps=(*_record_steps(base), step),
                   numbers=frozenset(((), (key.hex(),)) for key in base.record_keys), counted_by=RECORDS, base=base,
                   **kept)


def _record_steps(count: RecordCount) -> tuple[str, ...]:
    """``count``'s steps as a count by records states them: those stating people (``people_steps``) dropped, or
    replaced by their ``record_steps``."""
    return tuple(count.record_steps.get(n, step) for n, step in enumerate(count.steps)
                 if n not in count.people_steps or n in count.record_steps)


def old_rule_items(items: Sequence[Evidence], categories: Iterable[str | None]) -> list[Evidence]:
    """The counted items in force of ``categories`` among C and D (``RECORD_CATEGORIES``) counted before they were
    counted by records: their note lacks the records step (``RECORDS_STEP``), their count one of people. A count of
    nought is the same either way."""
    keys = {key for key in categories if key in RECORD_CATEGORIES}
    return [item for item in items if item.record_category in keys and item.record_count and not item.void_reason
            and RECORDS_STEP not in (item.count_note or "")]


def old_rule_refusal(db: Database | None, items: Sequence[Evidence]) -> str:
    """Why nothing is added to, voided in or printed of a category holding ``items`` counted the old way
    (``old_rule_items``), naming them (by their number in the register when ``db`` is given)."""
    from workstation.store.evidence import item_number
    from workstation.vocabulary import label

    names = _(", ").join(
        _("evidence item {n} ({file})").format(n=item_number(db, item), file=item.file_name) if db is not None
        else item.file_name for item in items)
    return _("{items} counted into “{category}” before records and people were counted apart: their count is of "
             "people, not of records. Count them again (“Count the records”) before adding to that category, voiding "
             "one of its items or printing a record of its figure.").format(
        items=names, category=label("record_categories", items[0].record_category))


def count_refusal(file_name: str) -> str | None:
    """Why the records of a file named ``file_name`` cannot be counted, by its type alone (a recording, a photo:
    said before a file of gigabytes is read), naming the types that can; None when it is one of them. A sheet of
    another program (WPS's .et, LibreOffice's .ods, Numbers) is told the way forward: saved as .xlsx, added and
    counted."""
    suffix = Path(file_name).suffix.lower()
    if suffix in COUNTABLE_SUFFIXES:
        return None
    if suffix in WPS_SHEETS:
        return _("{file} is a WPS spreadsheet, whose records cannot be counted as it is: open it in WPS, save it as "
                 ".xlsx (File > Save As, Excel workbook), add the .xlsx as evidence and count that.").format(
            file=file_name)
    if suffix in OTHER_SHEETS:
        return _("{file} is a spreadsheet of a format whose records cannot be counted as it is: open it in WPS, "
                 "Excel or LibreOffice, save it as .xlsx, add the .xlsx as evidence and count that.").format(
            file=file_name)
    return _("{file}: only .xlsx, .xlsm, .xls, .csv and .txt files can be counted.").format(file=file_name)


#: a line of a CSV's text as ``io.StringIO(text, newline="")`` gives it (\r\n, \r or \n kept at its end), read
#: without that copy of the text (four bytes a character)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class _CsvRows:
    """The rows of a CSV's text, parsed again each time they are read (``count_rows`` reads them twice), never held
    as lists: a list of millions of rows held as Python strings takes gigabytes. ``size``: about so many rows."""

    def __init__(self, file_name: str, text: str):
        self.file_name, self.text = file_name, text
        # the delimiter found as the importers find it: a comma, a tab or a semicolon (Excel set to a European
        # language), also when the rows are not all as long (an address left off some)
        self.delimiter = csv_delimiter(text)
        self.size = max(text.count("\n"), text.count("\r")) + 1

    def __iter__(self) -> Iterator[list[str]]:
        read = 0
        try:
            for row in csv.reader((line.group() for line in _LINE.finditer(self.text)), delimiter=self.delimiter):
                read += 1
                yield row
        except csv.Error:  # a cell beyond the csv module's limit (131,072 characters): a quote never closed, say
            raise ImportRefused(_("{file}, row {row}: a value here is too long to be read as one cell, most likely "
                                  "because a quotation mark opened in it is never closed. Open the file in Excel or "
                                  "WPS, save a copy as .xlsx, add the copy as evidence and count that.").format(
                file=self.file_name, row=read + 1)) from None


class _SheetRows:
    """The rows of a worksheet as the reader keeps it, made Python values one row at a time each time they are read,
    from the sheet's first row and column (as ``to_python(skip_empty_area=False)`` gives them: row and column
    numbers as Excel's). ``size``: the rows it holds."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.size = sheet.height + (sheet.start[0] if sheet.start else 0)

    def __iter__(self) -> Iterator[list]:
        left = [""] * (self.sheet.start[1] if self.sheet.start else 0)  # its rows start at the first column written
        for row in self.sheet.iter_rows():
            yield left + row if left else row


def _sheets(file_name: str, data: bytes, cancel: CancelToken | None = None) -> list[tuple[str, Iterable[list]]]:
    """(sheet name, rows) of every worksheet of a spreadsheet, hidden ones too (records seized all the same), or
    ("", rows) of a CSV, their rows read from memory each time they are read (``_SheetRows``, ``_CsvRows``; never
    written to a temporary file: the records are personal data); ``cancel`` is heard while each sheet is parsed. A
    CSV of nothing but zero bytes (a copy never written) is refused as no text table."""
    suffix = Path(file_name).suffix.lower()
    if refusal := count_refusal(file_name):
        raise WorkstationError(refusal)
    if suffix in SPREADSHEET_SUFFIXES:
        from python_calamine import CalamineWorkbook

        try:
            from python_calamine import SheetTypeEnum

            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            names = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
            sheets = []
            for name in names:  # seconds for 100,000s of rows
                sheet = cancellable(lambda name=name: workbook.get_sheet_by_name(name), cancel)
                sheets.append((name, _SheetRows(sheet)))
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
            # said in the officer's words, never the reader's own exception (CalamineError, in English)
            if password_protected(suffix, data, exc):
                message = _("{file} is protected by a password, so its records cannot be counted: open it in Excel or "
                            "WPS, remove the password (File > Info > Protect Workbook), save it as a copy, add the "
                            "copy as evidence and count that.")
            else:
                message = _("{file} cannot be read as a spreadsheet: it may be damaged, incomplete or not really an "
                            "Excel file; open it in Excel or WPS, save a copy as .xlsx, add the copy as evidence and "
                            "count that.")
            raise ImportRefused(message.format(file=file_name)) from None
        return sheets or [("", [])]
    if data[:1] == b"\0" and not data.strip(b"\0 \t\r\n"):
        raise ImportRefused(_("{file} holds nothing but zero bytes, so it is not a text table and no records can be "
                              "counted: the copy was most likely never written whole. Add the original list as "
                              "evidence and count that.").format(file=file_name))
    text = without_end_mark(_decoded(file_name, data))  # a DOS end mark after the last number is none of it
    return [("", _CsvRows(file_name, text))]


def _decoded(file_name: str, data: bytes) -> str:
    """The text of a CSV or text file: Excel's "Unicode text" (UTF-16 with its BOM) read as such, any other as the
    importers read it (``decode_csv``: UTF-8, else GB18030). A file that cannot be read so is refused in the words of
    evidence (a copy saved as UTF-8 added as evidence and counted), as a damaged spreadsheet is, never told to be
    imported again: the importers' refusal names no evidence."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].decode("utf-16", "replace").count("\n") + 1
            raise ImportRefused(_("{file}, row {row}: the file is marked as Unicode text (UTF-16) but this row cannot "
                                  "be read as such, so its records cannot be counted: open it in Excel or WPS, save a "
                                  "copy as CSV UTF-8, add the copy as evidence and count that.").format(
                file=file_name, row=f"{line:,}")) from None
    # the importers' refusals (``decode_csv``) in the words of evidence
    return decode_csv(Path(file_name), data, wording={
        "utf16": _("{file} looks like Unicode text (UTF-16) without its mark, so its records cannot be counted: open "
                   "it in Excel or WPS, save a copy as CSV UTF-8, add the copy as evidence and count that."),
        "mixed": _("{file}, row {row}: the file mixes encodings: the rows before this one are UTF-8 and this one is "
                   "not (most often a part saved as GB18030, two lists pasted together), so its records cannot be "
                   "counted. Obtain the parts as first saved, or save a copy as CSV UTF-8 in which every row reads "
                   "right (check the rows from this one on), add it as evidence and count that."),
        "neither": _("{file}, row {row}: the text is neither UTF-8 nor GB18030 from here on, so its records cannot be "
                     "counted: open it in Excel, WPS or a text editor, save a copy as CSV UTF-8, add the copy as "
                     "evidence and count that.")})


def count_bytes(file_name: str, data: bytes, *, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> RecordCount:
    """Count the distinct records of a spreadsheet or CSV file's content (progress and cancel as ``count_rows``)."""
    progress(0, 0, _("Reading {file}").format(file=mask_text(file_name)))
    return _count_sheets(file_name, _sheets(file_name, data, cancel), progress, cancel,
                         hashlib.sha256(data).hexdigest())


def _count_sheets(file_name: str, sheets: list[tuple[str, Iterable[list]]], progress: ProgressFn,
                  cancel: CancelToken | None, source: str) -> RecordCount:
    """The count of a file's ``sheets`` (``_sheets``): of its one sheet, or of every sheet (``_sheets_count``);
    ``source``, the sha256 of the file's content (``count_rows``)."""
    if len(sheets) == 1:
        return count_rows(file_name, sheets[0][1], progress=progress, cancel=cancel, source=source)
    counted: list[tuple[str, RecordCount]] = []
    passed: list[str] = []
    refusal = None
    for name, rows in sheets:  # the records of every sheet are seized records (2017 interpretation art. 11)
        try:
            counted.append((name, count_rows(file_name, rows, progress=progress, cancel=cancel, sheet=name,
                                             source=source)))
        except (Cancelled, ImportRefused):  # a row beyond its header refuses the file, not the sheet alone
            raise
        except WorkstationError as exc:  # a cover sheet, an empty one: no column of numbers
            refusal = refusal or exc
            passed.append(name)
    if not counted:
        raise refusal
    return _sheets_count(file_name, counted, passed)


def _sheets_count(file_name: str, counted: list[tuple[str, RecordCount]], passed: list[str]) -> RecordCount:
    """The count of a workbook of several sheets: each sheet's records counted as one file's (``counted``: its name
    and count), the people found on two sheets once; ``passed``, the sheets without a column of numbers, said."""
    sheets = [count.numbers for _name, count in counted]  # a person on two sheets told apart as on one sheet
    names_of = _names_of(sheets)  # walked once, for both
    people = _names_kept(sheets, _merged([pair for group in named_apart(sheets, names_of) for pair in group]),
                         names_of)
    each = sum(count.distinct for _name, count in counted)
    steps = [f"工作表“{name}”：{count.summary}" for name, count in counted]
    # a sheet as a count by records states it: its records, not its people
    record_steps = {n: f"工作表“{name}”：" + "，".join((*_record_steps(count), f"有有效号码的 {count.record_rows:,} 行，"
                                                      f"去重后 {count.records:,} 条记录"))
                    for n, (name, count) in enumerate(counted)}
    if passed:
        steps.append("工作表“" + "”“".join(passed) + "”没有手机号码或身份证号码列，未计入")
    if len(counted) > 1:
        steps.append(f"各工作表合计 {each:,} 条，跨工作表重复 {each - len(people):,} 条，去重后 {len(people):,} 条")
        if (apart := lost_apart(people)) > max((lost_apart(count.numbers) for _name, count in counted), default=0):
            steps.append("各工作表合并后：" + _lost_apart_step(apart))  # the sheets' lost ID numbers together
    first = counted[0][1]
    keys = frozenset().union(*(count.record_keys for _name, count in counted))
    return RecordCount(file_name, sum(c.rows for _n, c in counted), len(people), first.by, first.column,
                       sum(c.duplicates for _n, c in counted) + each - len(people),
                       sum(c.invalid for _n, c in counted), sum(c.blank for _n, c in counted), tuple(steps), people,
                       columns=first.columns,
                       malformed=tuple((line, letter, f"{name}·{column}") for name, c in counted
                                       for line, letter, column in c.malformed),
                       record_rows=sum(c.record_rows for _n, c in counted), records=len(keys), record_keys=keys,
                       people_steps=frozenset({*record_steps, *([len(steps) - 1] if len(counted) > 1 else [])}),
                       record_steps=record_steps, serials=tuple(dict.fromkeys(
                           name for _n, c in counted for name in c.serials)))


def count_records(path: str | Path) -> RecordCount:
    """Count the distinct records (by mobile number or ID number) in the spreadsheet or CSV file at ``path``."""
    from workstation.store.evidence import read_evidence_file

    path = Path(path)
    return count_bytes(path.name, read_evidence_file(path))


def count_evidence(data_dir: Path, item: Evidence, *, key=ASK_KEY, progress: ProgressFn = no_progress,
                   cancel: CancelToken | None = None, others: Sequence[Evidence] = ()) -> RecordCount:
    """Count the records of a stored evidence item (its bytes checked against its sha256), and read the numbers of
    the case's ``others`` items already counted, so that the case's sum can leave out records found in both. On a
    worker thread pass ``key`` (``filestore.files_key(data_dir)``, read on the thread that holds the session) and
    the task's ``progress`` and ``cancel``; a cancelled count raises Cancelled and changes nothing. A stored copy
    gone from the data folder, of the item or of one of ``others``, is refused naming that item
    (``store.evidence.EvidenceCopyError``; by its number once a caller holding the register names it,
    ``numbered_copy_error``)."""
    from workstation.filestore import StoredFileError, read_file
    from workstation.store.evidence import EvidenceCopyError

    if refusal := count_refusal(item.file_name):  # before a recording of gigabytes is read
        raise WorkstationError(refusal)
    progress(0, 0, _("Reading {file}").format(file=mask_text(item.file_name)))
    try:
        data = read_file(data_dir, item.sha256) if key is ASK_KEY else read_file(data_dir, item.sha256, key)
    except StoredFileError as exc:  # gone: named by the item, with what to do, not by a hash
        raise EvidenceCopyError(item) if exc.missing else exc from None
    sheets = _sheets(item.file_name, data, cancel)
    del data  # the text, or the workbook as its reader keeps it, is what is read from now on
    count = _count_sheets(item.file_name, sheets, progress, cancel, item.sha256)  # the digest of its content
    del sheets
    return replace(count, others={**count.others, **numbers_of(data_dir, [
        other for other in others if other.id != item.id and other.record_count is not None], key=key,
        progress=progress, cancel=cancel)})


def numbers_of(data_dir: Path, items: Sequence[Evidence], *, key=ASK_KEY, progress: ProgressFn = no_progress,
               cancel: CancelToken | None = None) -> dict[str, Collection]:
    """The people counted in each of ``items`` (``RecordCount.numbers``, by item id), their files read again
    (``count_evidence``, ``key``, ``progress`` and ``cancel`` as there), to compare the records of an item counted
    with theirs."""
    numbers = {}
    for item in items:
        progress(0, 0, _("Comparing with {file}").format(file=mask_text(item.file_name)))
        numbers[item.id] = counted_as(count_evidence(data_dir, item, key=key, progress=progress, cancel=cancel),
                                      item.record_category).numbers
    return numbers


def concerned(items: Sequence[Evidence], item: Evidence, categories: Iterable[str | None]) -> list[Evidence]:
    """The items of ``items`` other than ``item`` counted into one of ``categories`` (the category an item is
    counted into, and the one it was counted into before): the only ones whose records a count of ``item`` is
    compared with — another category's files are not read."""
    keys = {key for key in categories if key}
    return [other for other in items
            if other.id != item.id and other.record_count is not None and other.record_category in keys]


@dataclass(frozen=True)
class Overlap:
    """How the records of one category found in more than one of a case's items count (2017 interpretation
    art. 11): ``repeated`` are left out of the sum of the items' counts (para. 3: duplicates count once; para. 1:
    records obtained and then sold or provided count once, ``obtained_then_provided`` of them); ``cumulated`` records
    count once for each of the different ``recipients`` they were sold or provided to (para. 2)."""

    repeated: int = 0
    cumulated: int = 0
    recipients: tuple[str, ...] = ()
    obtained_then_provided: int = 0


def overlap(count: RecordCount, item: Evidence, items: Sequence[Evidence], category: str) -> Overlap:
    """How the records of ``category`` that appear in more than one of the case's ``items`` count (taking ``item``
    as counted by ``count``). A record counts once for the items not marked as provided to someone and once for
    each different recipient it was provided to: a customer found in two lists is one record, a list sold to two
    buyers is counted twice (2017 interpretation art. 11 paras. 2 and 3)."""
    from workstation.store.evidence import recipient_key

    people = []
    for other in items:
        planned = item if other.id == item.id else other
        if planned.record_category != category or planned.record_count is None:
            continue
        numbers = count.numbers if other.id == item.id else count.others.get(other.id)
        if numbers is None:
            return Overlap()  # not read: the sum stands as it is
        people.append((planned, numbers))
    if len(people) < 2:  # one item's people are distinct already: nothing found twice (not worked out again)
        return Overlap()
    # a phone number under two names is two people, across the files as in one (``named_apart``)
    people = [(planned, list(group)) for (planned, _n), group in
              zip(people, named_apart([numbers for _planned, numbers in people]), strict=True)]
    # a person is one key across the files: one file may hold the ID number and another only the phone
    keys = iter(identities([person for _item, group in people for person in group]))
    unmarked, provided, names, listed = set(), {}, {}, 0
    for planned, group in people:
        numbers = {next(keys) for _person in group}
        listed += len(group)
        key = recipient_key(planned)
        if key:
            provided.setdefault(key, set()).update(numbers)
            names.setdefault(key, planned.recipient)
        else:
            unmarked.update(numbers)
    any_provided = set().union(*provided.values())
    times = Counter(number for group in provided.values() for number in group)  # recipients of each record
    counted = len(unmarked - any_provided) + sum(times.values())
    shared = [key for key, group in provided.items() if any(times[number] > 1 for number in group)]
    return Overlap(repeated=listed - counted, cumulated=sum(1 for n in times.values() if n > 1),
                   recipients=tuple(names[key] for key in shared),
                   obtained_then_provided=len(unmarked & any_provided))


ASK, REPLACE, KEEP = "ask", "replace", "keep"  # what to do with a case figure not made by counting its evidence


class StatedCount(WorkstationError):
    """Counting would replace a figure of the case's record counts that its evidence did not give (typed by the
    officer, or imported): ``figures`` maps each such category to (the case's figure, what the evidence counted
    gave before, what it would become). Nothing was changed; count again saying to replace or to keep it, with
    ``count`` (the file as it was read, so that a file of a million rows is not read a second time)."""

    def __init__(self, figures: Mapping[str, tuple[int, int, int]], count: RecordCount | None = None):
        from workstation.vocabulary import shown_label

        self.figures = dict(figures)
        self.count = count
        reasons = []
        for key, (stated, before, after) in self.figures.items():
            text = _("The case records {stated} records of “{category}”, a figure typed or imported, not counted "
                     "from its evidence (the evidence counted gives {before}); counting this file would make it "
                     "{after}.") if before else _("The case records {stated} records of “{category}”, a figure "
                                                  "typed or imported, not counted from its evidence; counting this "
                                                  "file would make it {after}.")
            reasons.append(text.format(stated=f"{stated:,}", category=shown_label("record_categories", key),
                                       before=f"{before:,}", after=f"{after:,}"))
        super().__init__(join_reasons(reasons))


def evidence_total(count: RecordCount, item: Evidence, items: Sequence[Evidence], category: str) -> int:
    """The figure of ``category`` the case's counted evidence gives with ``item`` as given (before or after it is
    counted): the sum of the items' counts less the records counted once (``overlap``)."""
    return _listed_sum(item, items, category) - overlap(count, item, items, category).repeated


def _listed_sum(item: Evidence, items: Sequence[Evidence], category: str) -> int:
    """The sum of the counts of ``items`` counted into ``category``, taking ``item`` as given."""
    listed = [item if other.id == item.id else other for other in items]
    return sum(e.record_count for e in listed if e.record_category == category and e.record_count is not None)


@dataclass(frozen=True)
class CaseFigure:
    """What counting an item into a category makes of the case's figure of one category: how its records found in
    more than one item count (``overlap``, the item counted), the figure its counted evidence gives with the item
    as it was (``before``) and once counted (``after``)."""

    overlap: Overlap
    before: int
    after: int


def register_mark(earlier: Sequence[Evidence], items: Sequence[Evidence]) -> tuple:
    """What the case's figures of a count depend on in its register as it was (``earlier``) and as it is
    (``items``): each counted item's count, category and recipient. Figures worked out of the same mark are those
    the register gives now."""
    from workstation.store.evidence import recipient_key

    def mark(group: Sequence[Evidence]) -> tuple:
        return tuple((e.id, e.record_count, e.record_category, recipient_key(e)) for e in group)

    return mark(earlier), mark(items)


def case_figures(count: RecordCount, item: Evidence, category: str, items: Sequence[Evidence],
                 earlier: Sequence[Evidence] | None = None, *, cancel: CancelToken | None = None
                 ) -> dict[str, CaseFigure]:
    """The figures of the case's categories that counting ``item`` into ``category`` changes (that one, and the one
    it was counted into before), its register being ``items`` (and ``earlier`` as it was, when the caller changed
    the item since: ``update_and_recount``): ``count.others`` holds the people of the other items counted into them.
    Each figure's overlap is worked out once (a list of millions of people takes seconds), and the figure before
    the count again only when the count changes it; ``cancel`` heard between them."""
    earlier = items if earlier is None else earlier
    count = counted_as(count, category)
    planned = replace(item, record_count=count.distinct, record_category=category)
    was = next((other for other in earlier if other.id == item.id), item)
    marks = register_mark(earlier, items)
    unchanged = (was.record_count, was.record_category) == (planned.record_count, category) and marks[0] == marks[1]
    figures = {}
    for key in dict.fromkeys(k for k in (category, item.record_category) if k):
        check_cancel(cancel)
        shared = overlap(count, planned, items, key)
        after = _listed_sum(planned, items, key) - shared.repeated
        check_cancel(cancel)
        # the item as it was counted into ``key`` before: its records read as that category reads them
        figures[key] = CaseFigure(shared, after if unchanged else evidence_total(counted_as(count, key), was, earlier,
                                                                                 key), after)
    return figures


def with_figures(count: RecordCount, item: Evidence, category: str, items: Sequence[Evidence],
                 earlier: Sequence[Evidence] | None = None, *, cancel: CancelToken | None = None) -> RecordCount:
    """``count`` holding the case's figures of ``category`` (``case_figures``), as the register ``items`` gives them
    (``earlier``: as there): those it holds already kept when they were worked out of the same register."""
    mark = register_mark(items if earlier is None else earlier, items)
    known = count.figures if count.figured_on == mark else {}
    if category in known:
        return count
    return replace(count, figures={**known, category: case_figures(count, item, category, items, earlier,
                                                                   cancel=cancel)}, figured_on=mark)


def unread_items(count: RecordCount, item: Evidence, register: Sequence[Evidence], category: str,
                 earlier: Sequence[Evidence] | None = None, *, compared: Mapping[str, Evidence] | None = None
                 ) -> list[Evidence]:
    """The case's items counted into ``category`` (or into the item's own category) that ``count`` of ``item`` was
    not compared with yet: their files are read before the case's figures are worked out (``figured_count``).
    ``compared``: those items by id, when known."""
    if compared is None:
        compared = {other.id: other for other in concerned(
            [*(earlier or ()), *register], item, (category, item.record_category))}
    return [other for other in compared.values() if other.id not in count.others]


def figures_current(count: RecordCount, category: str, register: Sequence[Evidence]) -> bool:
    """Whether ``count`` holds the case's figures of ``category`` worked out of the register as it is now: what
    applying it takes without comparing any file again."""
    return category in count.figures and count.figured_on == register_mark(register, register)


def figured_count(data_dir: Path | None, count: RecordCount, item: Evidence, register: Sequence[Evidence],
                  category: str, earlier: Sequence[Evidence] | None = None, *, key=ASK_KEY,
                  progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> RecordCount:
    """``count`` of ``item`` with the people of the case's other items counted into ``category`` (or into the item's
    own) read when it does not hold them yet (``numbers_of``; nothing read without ``data_dir``: such an item is
    then left out of the comparison), and the case's figures of ``category`` worked out (``with_figures``) — for the
    task runner's thread, ``key``, ``progress`` and ``cancel`` as ``count_evidence``'s: the window only shows them.
    ``register``: the case's counted register (``counted_register``), read on the window's thread."""
    compared = {other.id: other for other in concerned(
        [*(earlier or ()), *register], item, (category, item.record_category))}
    unread = unread_items(count, item, register, category, earlier, compared=compared)
    if unread and data_dir is not None:
        count = replace(count, others={**count.others, **numbers_of(data_dir, unread, key=key, progress=progress,
                                                                    cancel=cancel)})
    if compared:
        progress(0, 0, _("Comparing with the case's other counted files"))
    count = with_figures(count, item, category, register, earlier, cancel=cancel)
    if compared:
        progress(1, 1, _("Counted"))
    return count


def numbered_copy_error(db: Database, exc: WorkstationError) -> WorkstationError:
    """``exc`` naming the item whose stored copy cannot be read by its number in the case's register
    (``store.evidence.EvidenceCopyError``); any other refusal as it is."""
    from workstation.store.evidence import EvidenceCopyError, item_number

    if not isinstance(exc, EvidenceCopyError) or exc.number is not None:
        return exc
    try:
        return exc.numbered(item_number(db, exc.item))
    except NotFound:
        return exc


def distinct_records(data_dir: Path | None, items: Sequence[Evidence], case: Case | None = None,
                     register: Sequence[Evidence] | None = None, db: Database | None = None) -> int | None:
    """The distinct records counted in ``items`` (the items a 电子数据证据提取笔录 lists), category by category: the
    sum of their counts less the records found in more than one of them (``overlap``, as ``save_count`` makes the
    case's figure: 2017 interpretation art. 11), their files read only when a category holds two counted items or
    more (and read once for the same items). A category whose listed items are the very ones its figure was last
    kept of takes that figure (``_case_figure``: ``store_figure`` kept it, by the current ``COUNT_RULE``, when they
    were counted or one of them voided, reading those files — a list of millions of numbers, minutes), never the
    case's ``records_<category>``, which the officer may have typed or kept. ``register`` is no longer read (kept for
    the callers). An item of C or D counted before records and people were counted apart is refused, naming it
    (``old_rule_items``: WorkstationError), rather than print its people as records. None when none of them was
    counted, when a file that had to be read could not be (gone, altered, the data locked), or when the
    files to read are larger than ``FORM_READ_LIMIT`` (``unread_records``: the window's editor works the figure out
    on its own thread, which they would hold up for minutes): the record then leaves its figure blank to be written
    by hand rather than print one counted twice."""
    counted = [item for item in items if item.record_count is not None]
    if old := old_rule_items(counted, {item.record_category for item in counted}):
        raise WorkstationError(old_rule_refusal(db, old))
    groups = _record_groups(data_dir, items, case, register, db)
    if not groups or any(figure is None for _key, _group, figure in groups):
        return None
    return sum(figure for _key, _group, figure in groups)


#: the bytes of evidence files ``distinct_records`` reads at most to work a record's figure out while it is drafted
#: (by the window's editor on its own thread: a list of millions of numbers would hold it up for minutes)
FORM_READ_LIMIT = 4 << 20


def unread_records(data_dir: Path | None, items: Sequence[Evidence], case: Case | None = None,
                   register: Sequence[Evidence] | None = None, db: Database | None = None) -> list[Evidence]:
    """The counted items of ``items`` whose distinct records ``distinct_records`` leaves unworked because their files
    are larger than ``FORM_READ_LIMIT`` together (those of one category, two or more, whose figure is not the
    case's): [] when it reads them, or needs not."""
    return [item for _key, group, figure in _record_groups(data_dir, items, case, register, db, read=False)
            if figure is None and sum(item.size for item in group) > FORM_READ_LIMIT for item in group]


def known_records(data_dir: Path | None, items: Sequence[Evidence], case: Case | None = None,
                  register: Sequence[Evidence] | None = None, db: Database | None = None
                  ) -> tuple[int, list[Evidence]]:
    """(the distinct records of the categories of ``items`` whose figure is known without reading a file — one
    item's count, the case's figure, a figure worked out already —, the counted items of the other categories): the
    figure ``distinct_records`` would give is the first plus the counts of the others added up, less the records of
    one category found in more than one of them. Nothing is read."""
    known, unknown = 0, []
    for _key, group, figure in _record_groups(data_dir, items, case, register, db, read=False):
        if figure is None:
            unknown.extend(group)
        else:
            known += figure
    return known, unknown


def _record_groups(data_dir: Path | None, items: Sequence[Evidence], case: Case | None,
                   register: Sequence[Evidence] | None, db: Database | None, read: bool = True
                   ) -> list[tuple[str, list[Evidence], int | None]]:
    """(category, its counted items of ``items``, their distinct records) of each category ``distinct_records`` sums:
    the figure None when their files had to be read and could not be, were too large (``FORM_READ_LIMIT``) or, with
    ``read`` False, were not read then (nothing read: only the figures made already, ``_DISTINCT``)."""
    counted = [item for item in items if item.record_count is not None and not item.void_reason]
    groups = []
    for category in dict.fromkeys(item.record_category for item in counted):
        group = [item for item in counted if item.record_category == category]
        # one item's count is its distinct records, unless the figure kept of it alone (``store_figure``) was made
        # by an older rule than ``COUNT_RULE`` (numbers in scientific notation left out by rule 3: its count may be
        # low): then worked out again from its file, as a figure of several items kept by an older rule is
        if len(group) > 1:
            figure = _case_figure(db, case, category, group)
        else:
            kept = _kept_figure(db, case, category, group)
            figure = None if kept is not None and kept.get("rule") != COUNT_RULE else group[0].record_count
        if figure is None:
            key = (str(data_dir), category, tuple((item.id, item.sha256, item.record_count, item.recipient)
                                                  for item in group))
            if key not in _DISTINCT and read and data_dir is not None \
                    and sum(item.size for item in group) <= FORM_READ_LIMIT:
                try:
                    _DISTINCT[key] = _read_total(data_dir, group, category)
                except WorkstationError:
                    pass
                while len(_DISTINCT) > 32:  # a few cases' lists kept, not every case's
                    _DISTINCT.pop(next(iter(_DISTINCT)))
            figure = _DISTINCT.get(key)
        groups.append((category, group, figure))
        if figure is None and read:  # the sum is left blank: no other file is read for it
            break
    return groups


def _read_total(data_dir: Path, group: Sequence[Evidence], category: str) -> int:
    """The distinct records of the counted items ``group`` of ``category``, their files read again by the current
    counting rule (``COUNT_RULE``): each item's records as counted now — not its count as kept, which an older rule
    may have made low — less the records found in more than one of them (``overlap``)."""
    numbers = numbers_of(data_dir, group)
    recounted = [replace(item, record_count=len(numbers[item.id])) for item in group]
    return _category_total(data_dir, recounted, category, numbers)[1]


#: ``distinct_records`` already made, by the items counted (their ids, contents, counts and recipients): a draft
#: previewed again does not read the same files again
_DISTINCT: dict[tuple, int] = {}


FIGURE_KEY = "evidence_figure:{case}:{category}"  # the settings key of ``store_figure``


def _figure_mark(items: Sequence[Evidence], category: str) -> list:
    """What the figure the evidence of ``category`` gives depends on: each counted item in force of it (its id,
    content, count and recipient), sorted."""
    from workstation.store.evidence import recipient_key

    return sorted([item.id, item.sha256, item.record_count, recipient_key(item) or ""] for item in items
                  if item.record_category == category and item.record_count is not None and not item.void_reason)


def store_figure(db: Database, case_id: str, category: str, register: Sequence[Evidence], figure: int, *,
                 rule: int = COUNT_RULE, older: Iterable[str] = ()) -> None:
    """Keep the figure the case's counted evidence of ``category`` gives (its items' counts less the records found
    in more than one of them: ``overlap``), as its files were read when an item was counted or voided, with the items
    it is of (``_figure_mark``) and the counting rule it was made by (``COUNT_RULE``): the 电子数据证据提取笔录
    prints it (``_case_figure``) without reading the files again,
    never the case's figure, which the officer may have typed or kept. In the settings (no migration), one a case's
    category, the caller's transaction writing it. ``rule`` an older one when the figure rests on a count kept by it
    (read again when next wanted); ``older`` the voided items whose counts an older rule made, kept (with those kept
    before that are still not in force) so that restoring one reads its file again (``_older_counts``)."""
    key = FIGURE_KEY.format(case=case_id, category=category)
    in_force = {item.id for item in register if not item.void_reason}
    before = _setting_figure(db, key) or {}
    older = sorted((set(before.get("older") or ()) | set(older)) - in_force)
    value = {"rule": rule, "items": _figure_mark(register, category), "figure": figure}
    set_setting(db, key, json.dumps(value | ({"older": older} if older else {})))


def _setting_figure(db: Database, key: str) -> dict | None:
    try:
        value = get_setting(db, key)
        kept = json.loads(value) if value is not None else None
    except (ValueError, TypeError):
        return None
    return kept if isinstance(kept, dict) else None


def _older_counts(db: Database, case: Case, category: str, group: Sequence[Evidence],
                  item: Evidence | None = None) -> dict | None:
    """What ``store_figure`` kept of ``group`` of ``category`` when it was made by an older rule than
    ``COUNT_RULE`` — their counts kept may be low (a rule-3 count leaves out the numbers in scientific notation) —
    or when ``item`` (being restored) is one of the voided items it names as counted by an older rule; else None."""
    kept = _kept_figure(db, case, category, group)
    if kept is not None and kept.get("rule") != COUNT_RULE:
        return kept
    whole = _setting_figure(db, FIGURE_KEY.format(case=case.id, category=category)) or {}
    if item is not None and item.id in (whole.get("older") or ()):
        return kept if kept is not None else {"rule": None}
    return None


def _case_figure(db: Database | None, case: Case | None, category: str, group: Sequence[Evidence]) -> int | None:
    """The figure the counted items ``group`` of ``category`` gave when they were last counted (``store_figure``):
    their distinct records, read from their files then — never the case's ``records_<category>``, which the officer
    may have typed or kept (the party signs the record). None when none was kept of exactly those items (a subset
    listed, an item changed since, counted before this was kept or by an older rule than ``COUNT_RULE``): the files
    are read (``_category_total``)."""
    kept = _kept_figure(db, case, category, group)
    figure = kept.get("figure") if kept is not None and kept.get("rule") == COUNT_RULE else None
    return figure if isinstance(figure, int) and not isinstance(figure, bool) else None


def _kept_figure(db: Database | None, case: Case | None, category: str, group: Sequence[Evidence]) -> dict | None:
    """What ``store_figure`` kept of exactly the counted items ``group`` of ``category`` (its ``rule``, its
    ``figure``): None when nothing was kept of them (another set of items, one changed since, nothing kept before
    session 65, or no database given)."""
    if db is None or case is None:
        return None
    value = get_setting(db, FIGURE_KEY.format(case=case.id, category=category))
    try:
        kept = json.loads(value) if value is not None else None
        return kept if isinstance(kept, dict) and kept["items"] == _figure_mark(group, category) else None
    except (ValueError, KeyError, TypeError):
        return None


def counts_refusal(db: Database, case: Case) -> str | None:
    """Why counting evidence cannot change the record counts of ``case`` (an item counted, a counted item given
    another recipient): it is closed (``closed_refusal``), or decided (``decided_refusal``); None while it is
    investigated."""
    return closed_refusal(case) or decided_refusal(db, case)


def decided_refusal(db: Database, case: Case) -> str | None:
    """Why the record counts of a decided ``case`` (``store.evidence.decision_recorded``) no longer change: its
    decision was made on the figures it holds, after the investigation ended — as no document of the investigation
    is issued after the decision (``stage_rules._investigation_state``). None for a case not decided (a party of
    several still awaiting its decision keeps it open)."""
    from workstation.store.evidence import decision_recorded
    from workstation.vocabulary import shown_label

    if not decision_recorded(db, case):
        return None
    from workstation.penalty_terms import DECISION_FORMS

    marks = ", ".join("?" * len(DECISION_FORMS))
    if not db.execute(f"SELECT 1 FROM documents WHERE case_id = ? AND form_id IN ({marks}) AND status = 'issued' "
                      "LIMIT 1", [case.id, *DECISION_FORMS]).fetchone():
        # decided on paper (or imported decided): no decision of the workstation's to void; the steps recorded
        # since are what take it back, the last one first — or, with none recorded here, the case's own dates
        from workstation.step_undo import last_step_named

        named = last_step_named(db, case)
        if named is None:
            way = _("no step of it is recorded here (the case came in decided): if it was recorded wrongly, correct "
                    "the case with “Edit case…”.")
        else:
            way = _("if it was recorded wrongly, take the steps since it back with “Undo last step…” in the case (or "
                    "cases transition CASE undo), the last one first: now “{step}” of {date}.").format(
                step=named[0], date=named[1])
        return _("Case {case} is “{status}” and its decision was made ({decided}) on the record counts it holds: "
                 "the investigation ends before the decision, so its evidence is no longer counted into them. "
                 "Nothing was changed. Its decision was not issued in the workstation: {way}").format(
            case=case_named(case.case_number, case.party_names, case.cause),
            status=shown_label("statuses", case.status), way=way,
            decided=case.decided_on or shown_label("statuses", case.status))
    return _("Case {case} is “{status}” and its decision was made ({decided}) on the record counts it holds: the "
             "investigation ends before the decision, so its evidence is no longer counted into them. Nothing was "
             "changed. If the decision was wrong, void it first (Void… beside it in the case's documents, or docs "
             "void).").format(case=case_named(case.case_number, case.party_names, case.cause),
                              status=shown_label("statuses", case.status),
                              decided=case.decided_on or shown_label("statuses", case.status))


def closed_refusal(case: Case) -> str | None:
    """Why counting evidence cannot change the record counts of ``case``: it is closed (结案) or archived, and its
    figures are those it was closed with (nothing in the law or the procedure reopens a closed case to correct
    them); None while it is open."""
    from workstation.store.parties import SETTLED_STATUSES
    from workstation.vocabulary import shown_label

    if case.status not in SETTLED_STATUSES:
        return None
    return _("Case {case} is “{status}”: its record counts stay as the case was closed with them, so its evidence "
             "is no longer counted into them. Nothing was changed.").format(
        case=case_named(case.case_number, case.party_names, case.cause), status=shown_label("statuses", case.status))


def apply_count(db: Database, data_dir: Path, case_id: str, evidence_id: str, category: str,
                count: RecordCount | None = None, *, stated: str = ASK,
                before: Sequence[Evidence] | None = None, progress: ProgressFn = no_progress) -> AppliedCount:
    """Count the item's records (or take ``count``, already made of this item and shown to the officer) and carry
    them into the case: the item keeps the count, the category and the computation; the case's
    ``records_<category>`` becomes the sum of that category's counts over its evidence, less the records found in
    more than one item and not provided to different recipients (``overlap``).

    A figure of the case that its evidence did not give (typed by hand, imported) is never replaced silently: with
    ``stated`` ASK the count is refused (StatedCount, nothing changed); REPLACE replaces it, KEEP keeps it (the item
    is counted all the same), either written in the item's note and on the timeline. A closed or archived case is
    refused (``closed_refusal``) before the file is read, and so is a decided one (``decided_refusal``). ``before``
    are the case's items as they were when the figure was last made, when the caller changed one since
    (``update_and_recount``). ``progress`` hears how the files are read and counted (``count_evidence``); a stored
    copy that cannot be read is refused naming its item by its number (``numbered_copy_error``)."""
    from workstation.store.cases import get_case
    from workstation.store.evidence import evidence_of_case, save_count, voided_text
    from workstation.vocabulary import labels

    if category not in labels("record_categories"):  # before reading a file of a million rows
        raise ValidationError({"category": _("Choose the category of personal information counted.")})
    refusal = counts_refusal(db, get_case(db, case_id))  # also before reading the file
    if refusal:
        raise WorkstationError(refusal)
    item = evidence_of_case(db, case_id, [evidence_id])[0]
    if item.void_reason:
        raise WorkstationError(voided_text(db, item))
    items = counted_register(db, case_id)
    keys = [key for key in dict.fromkeys((category, item.record_category)) if key]
    # items of C or D counted the old way (people) are not mixed with records: the item itself counted again (the
    # remedy) is never refused, nor is a count of it while the others of its category are counted again
    old = [other for other in old_rule_items(items, keys) if other.id != item.id]
    if old and not old_rule_items([item], keys):
        raise WorkstationError(old_rule_refusal(db, old))
    earlier = list(before) if before is not None else items
    # the figures the count brought, worked out where its files were read (``figured_count``), when the register is
    # still the one they were worked out of; else made here
    made = count.figures.get(category) if count is not None and count.figured_on == register_mark(earlier, items) \
        else None
    if made is None:
        # the files of the categories concerned alone: the others' figures do not change
        counted = list({other.id: other for other in concerned([*earlier, *items], item, keys)}.values())
        try:
            if count is None:
                count = count_evidence(data_dir, item, others=counted, progress=progress)
            missing = [other for other in counted if other.id not in count.others]  # counted meanwhile
            if missing:
                count = replace(count, others={**count.others, **numbers_of(data_dir, missing, progress=progress)})
        except WorkstationError as exc:  # a stored copy gone: the item named by its number
            raise numbered_copy_error(db, exc) from None
        count = with_figures(count, item, category, items, earlier)
        made = count.figures[category]
    overlaps = {key: figure.overlap for key, figure in made.items()}
    case = get_case(db, case_id)
    figures = {key: (getattr(case, f"records_{key}"), figure.before, figure.after) for key, figure in made.items()}
    figures = {key: f for key, f in figures.items() if f[0] != f[1] and f[0] != f[2]}
    if figures and stated == ASK:
        raise StatedCount(figures, count)
    count = counted_as(count, category)
    with db.atomic():
        item, case = save_count(db, item.id, count.distinct, category, count.steps, overlaps,
                                stated={key: (f[0], stated) for key, f in figures.items()})
        register = counted_register(db, case_id)
        for key, figure in made.items():  # what the evidence gave, whatever figure the case keeps
            store_figure(db, case_id, key, register, figure.after)
    return AppliedCount(count, item, case)


def update_and_recount(db: Database, data_dir: Path, evidence_id: str, *, stated: str = ASK,
                       count: RecordCount | None = None, **values) -> Evidence:
    """``update_evidence`` with ``values``; when the recipient of an item already counted changes, the case's count
    of its category is made again under the rule that now applies (``apply_count``, ``stated`` and ``count`` as
    there), in the same transaction: a file that cannot be read, or a figure typed by hand when ``stated`` is ASK, leaves the item
    as it was."""
    from workstation.store.evidence import get_evidence, recipient_key, update_evidence

    with db.atomic():
        before = get_evidence(db, evidence_id)
        # the register as it was, for the count made again: read only when a counted item's recipient is given
        recount = before.record_count is not None and values.get("recipient") is not None
        earlier = counted_register(db, before.case_id) if recount else []
        item = update_evidence(db, evidence_id, **values)
        if item.record_count is None or recipient_key(item) == recipient_key(before):
            return item
        return apply_count(db, data_dir, item.case_id, item.id, item.record_category, count, stated=stated,
                           before=earlier).evidence


def counted_register(db: Database, case_id: str) -> list[Evidence]:
    """The case's register as its record counts are made from it: the items in force, a voided one left out."""
    from workstation.store.evidence import list_evidence

    return [item for item in list_evidence(db, case_id) if not item.void_reason]


def _category_total(data_dir: Path, items: Sequence[Evidence], category: str,
                    numbers: Mapping[str, Collection] | None = None) -> tuple[int, int]:
    """(the sum of the counts of ``items`` counted into ``category``, the figure it gives: less the records found in
    more than one of them, ``overlap``); the files are read only when two or more items were counted, and not at
    all for the items whose people ``numbers`` gives (by item id)."""
    counted = [item for item in items if item.record_category == category and item.record_count is not None]
    total = sum(item.record_count for item in counted)
    if len(counted) < 2:
        return total, total
    numbers = dict(numbers or {})
    numbers.update(numbers_of(data_dir, [item for item in counted if item.id not in numbers]))
    first = counted[0]
    count = RecordCount(first.file_name, 0, first.record_count, PHONE, "", 0, 0, 0, (), numbers[first.id],
                        others=numbers)
    return total, total - overlap(count, first, counted, category).repeated


def void_count_effects(db: Database, item: Evidence) -> list[str]:
    """What voiding ``item`` does to its case's record counts, as a sentence for the officer's confirmation: nothing
    for an item not counted; for a closed case, its figures stay; else its records are taken out of the figure of
    their category, made again from the other items (``void_and_recount``)."""
    from workstation.store.cases import get_case
    from workstation.vocabulary import shown_label

    if item.record_count is None:
        return []
    case = get_case(db, item.case_id)
    if closed_refusal(case) is not None:
        return [_("The case is closed: its record counts stay as it was closed with them.")]
    if decided_refusal(db, case) is not None:
        return [_("The case is decided: its record counts stay as its decision was made on them.")]
    return [_("Its {n} records are taken out of the case's count of “{category}”, made again from the other items "
              "(a figure typed by hand stays as it is).").format(
        n=f"{item.record_count:,}", category=shown_label("record_categories", item.record_category))]


def void_and_recount(db: Database, data_dir: Path, evidence_id: str, reason: str, *,
                     cancel: CancelToken | None = None, progress: ProgressFn = no_progress) -> Evidence:
    """Void an item registered by mistake (``store.evidence.void_evidence``) and, when its records were counted into
    an open case, make the case's figure of that category again from the items left (their files read again when two
    or more of them remain, a record found in several counting once), said on the timeline; a figure the officer
    typed or kept (not the one its evidence gave) stays as it is, and so do the figures of a closed case. The files
    are read before anything is written, outside the transaction (a list of millions of numbers takes minutes, which
    would hold the database's write lock: the window's autosaves would fail meanwhile), each once, ``progress``
    hearing of them; ``cancel`` is heard until then. One short transaction writes it all, the counts made again within it should the register have changed
    since; another item's file that cannot be read leaves the item in force, refused naming that item by its number
    — the voided item's own copy gone from the data folder does not (``_recount_read``). A decided case's figures
    stay as its decision was made on them (``decided_refusal``)."""
    from workstation.store.cases import get_case
    from workstation.store.evidence import get_evidence

    item = get_evidence(db, evidence_id)
    before = counted_register(db, item.case_id)
    if item.record_count is not None and not item.void_reason \
            and (old := old_rule_items(before, [item.record_category])) \
            and counts_refusal(db, get_case(db, item.case_id)) is None:  # a decided case's figures are not made again
        raise WorkstationError(old_rule_refusal(db, old))
    try:
        read = _recount_read(data_dir, item, before, get_case(db, item.case_id), db, progress=progress, cancel=cancel)
        if cancel is not None:
            cancel.check()
            cancel.close()  # what follows is one short transaction
        with db.atomic():
            now_counted, case = counted_register(db, item.case_id), get_case(db, item.case_id)
            if read is not None and counts_refusal(db, case) is not None:  # decided meanwhile: its figures stay
                read = None
            elif _counted_as(now_counted) != _counted_as(before):
                read = _recount_read(data_dir, get_evidence(db, evidence_id), now_counted, case, db)
            return _void_written(db, evidence_id, reason, read)
    except WorkstationError as exc:  # a stored copy gone: the item named by its number
        raise numbered_copy_error(db, exc) from None


def _counted_as(items: Sequence[Evidence]) -> list[tuple]:
    return [(item.id, item.record_count, item.record_category) for item in items]


def _recount_read(data_dir: Path, item: Evidence, before: Sequence[Evidence], case: Case, db: Database, *,
                  progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> tuple | None:
    """What voiding ``item`` makes of its case's figure, read from the files: (its category, the figure its evidence
    gave, the sum of the counts left, the figure they give); None when its records were not counted or the case is
    closed or decided (nothing to make again). The item's own stored copy gone from the data folder does not stop
    its void (the file it is voided for is not needed to take its records out): the figure its evidence gave is then
    not known exactly but lies between the figure the others give and that plus the item's count, given as that
    (lowest, highest). Each file is read once for both figures, ``progress`` and ``cancel`` heard as it is. When the
    figure kept of them was made by an older rule than ``COUNT_RULE`` (``_older_counts``), each item's count is
    taken as its file gives it now, not as kept, the figure they gave being the one kept; then a single item left
    keeps the older rule (its count kept is read again when wanted) and the voided item is named as counted by it.
    Followed by (the rule the figure is kept by, the voided items counted by an older rule) for ``store_figure``."""
    from workstation.store.evidence import EvidenceCopyError

    if item.record_count is None or counts_refusal(db, case) is not None:
        return None
    key = item.record_category
    left = [other for other in before if other.id != item.id]
    counted = [other for other in before if other.record_category == key and other.record_count is not None]
    stale = _older_counts(db, case, key, counted)
    numbers: dict[str, Collection] = {}
    if len(counted) > 1:  # the figure they gave is made of their files: each read once, for both figures
        for other in counted:  # another item's copy gone refuses the void, naming it
            try:
                numbers[other.id] = counted_as(count_evidence(data_dir, other, progress=progress, cancel=cancel),
                                               key).numbers
            except EvidenceCopyError as exc:
                if exc.item.id != item.id:
                    raise
    total, after = _category_total(data_dir, _recounted(left, numbers) if stale else left, key, numbers)
    if stale and _is_figure(stale.get("figure")):
        given: int | tuple[int, int] = stale["figure"]
    elif len(counted) > 1 and item.id not in numbers:  # its own copy gone
        given = (after, after + item.record_count)
    else:
        given = _category_total(data_dir, before, key, numbers)[1]
    remaining = [other for other in counted if other.id != item.id]
    rule = _older_rule(stale) if stale and len(remaining) == 1 else COUNT_RULE
    return key, given, total, after, rule, [item.id] if stale else []


def _recounted(items: Sequence[Evidence], numbers: Mapping[str, Collection]) -> list[Evidence]:
    """``items`` with the count of each whose file was read (``numbers``) as it gives it now (``_read_total``)."""
    return [replace(item, record_count=len(numbers[item.id])) if item.id in numbers else item for item in items]


def _is_figure(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _older_rule(kept: Mapping) -> int:
    """The older rule a figure rests on (``_older_counts``), one below ``COUNT_RULE`` when not known."""
    rule = kept.get("rule")
    return rule if _is_figure(rule) and rule != COUNT_RULE else COUNT_RULE - 1


def _void_written(db: Database, evidence_id: str, reason: str, read: tuple | None) -> Evidence:
    """The void and the figure made again (``_recount_read``), inside the caller's transaction."""
    from workstation.store.evidence import category_words, void_evidence

    voided = void_evidence(db, evidence_id, reason)
    if read is None:
        return voided
    key, given, total, after, rule, older = read
    _figure_made_again(db, voided.case_id, key, given, total, after,
                       f"证据{voided.file_name}已作废，本案“{category_words(key)}”类信息条数按其余证据统计数计：",
                       rule=rule, older=older)
    return voided


def _figure_made_again(db: Database, case_id: str, key: str, given: int | tuple[int, int], total: int, after: int,
                       said: str, *, rule: int = COUNT_RULE, older: Sequence[str] = ()) -> None:
    """The figure of ``key`` made again as an item was voided or restored (its evidence gave ``given``: a figure, or
    the (lowest, highest) it lay between; its counts now add up to ``total``, giving ``after``), inside the caller's
    transaction: kept with the items it is of (``store_figure``), and the case's figure replaced by it, said on the
    timeline after ``said``, when it was the one the evidence gave — a figure the officer typed or kept stays.
    ``rule`` and ``older`` as ``store_figure`` takes them."""
    from workstation.store.cases import add_event, get_case, update_case

    case = get_case(db, case_id)
    store_figure(db, case.id, key, counted_register(db, case.id), after, rule=rule, older=older)  # what it now gives
    figure = getattr(case, f"records_{key}")
    if figure != given and not (isinstance(given, tuple) and given[0] <= figure <= given[1]):
        return  # not the figure its evidence gave: the officer's own, kept
    update_case(db, replace(case, **{f"records_{key}": after}))
    kept = f"{total:,}" + (f" − 不同证据间重复 {total - after:,}" if total != after else "")
    note = f"{said}{kept} = {after:,} 条（原 {figure:,} 条）"
    add_event(db, CaseEvent(case_id=case.id, kind="evidence", at=now(), actor=current_actor(),
                            note=_("Record counts made again: {note}").format(note=note)))


def unvoid_and_recount(db: Database, data_dir: Path, evidence_id: str, *, cancel: CancelToken | None = None,
                       progress: ProgressFn = no_progress) -> Evidence:
    """Restore a voided item (``store.evidence.unvoid_evidence``) and, when its records were counted into an open
    case that is not decided, make the case's figure of that category again with it (its files read when two or
    more items are counted into it, a record found in several counting once), said on the timeline — as
    ``void_and_recount`` takes them out: a figure the officer typed or kept (not the one the evidence gave) stays as
    it is. The files are read before anything is written, outside the transaction, ``progress`` and ``cancel`` heard
    meanwhile; a stored copy that cannot be read refuses it naming the item by its number. Refused, changing
    nothing, as ``store.evidence.unvoid_refusal`` says, and for a category holding items counted the old way
    (``old_rule_refusal``); a case decided meanwhile keeps its figures (``counts_refusal``, read again in the
    transaction)."""
    from workstation.store.cases import get_case
    from workstation.store.evidence import category_words, get_evidence, unvoid_evidence, unvoid_refusal

    item = get_evidence(db, evidence_id)
    if refusal := unvoid_refusal(db, item):  # before a file is read
        raise WorkstationError(refusal)
    read = None
    if item.record_count is not None and counts_refusal(db, get_case(db, item.case_id)) is None:
        if old := old_rule_items(_register_with(db, item), [item.record_category]):
            raise WorkstationError(old_rule_refusal(db, old))
        read = _unvoid_read(db, data_dir, item, progress=progress, cancel=cancel)
    if cancel is not None:
        cancel.check()
        cancel.close()  # what follows is one short transaction
    with db.atomic():
        if read is not None and counts_refusal(db, get_case(db, item.case_id)) is not None:
            read = None  # decided meanwhile: its figures stay as its decision was made on them
        elif read is not None and read[0] != _register_with(db, item):  # counted otherwise meanwhile: made again
            read = _unvoid_read(db, data_dir, item)
        restored = unvoid_evidence(db, evidence_id)
        if read is not None:
            key, given, total, after, rule = read[1]
            _figure_made_again(db, restored.case_id, key, given, total, after,
                               f"证据{restored.file_name}已恢复（撤销作废），本案“{category_words(key)}”"
                               "类信息条数按各证据统计数计：", rule=rule)
    return restored


def _register_with(db: Database, item: Evidence) -> list[Evidence]:
    """The case's items in force, and ``item`` among them in its place as restored."""
    from workstation.store.evidence import list_evidence

    return [replace(other, void_reason="", voided_at=None) if other.id == item.id else other
            for other in list_evidence(db, item.case_id) if other.id == item.id or not other.void_reason]


def _unvoid_read(db: Database, data_dir: Path, item: Evidence, *, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> tuple[list[Evidence], tuple[str, int, int, int, int]]:
    """(the register it was read of, (the category, the figure its evidence gives without ``item``, the sum of the
    counts with it, the figure they give with it, the rule it is kept by)): each file of the category read once for
    both figures. When the figure kept without ``item`` was made by an older rule than ``COUNT_RULE``, or ``item``
    was counted by one (``_older_counts``), every file of the category is read, even ``item``'s alone, and each
    count taken as its file gives it now (``_read_total``); ``item`` alone so keeps the older rule (its count kept
    is read again when wanted)."""
    from workstation.store.cases import get_case

    after = _register_with(db, item)
    key = item.record_category
    before = [other for other in after if other.id != item.id]
    counted = [other for other in after if other.record_category == key and other.record_count is not None]
    stale = _older_counts(db, get_case(db, item.case_id), key, [other for other in counted if other.id != item.id],
                          item)
    try:
        numbers = numbers_of(data_dir, counted, progress=progress, cancel=cancel) \
            if len(counted) > 1 or stale else {}
        if stale:
            given = stale["figure"] if _is_figure(stale.get("figure")) \
                else _category_total(data_dir, _recounted(before, numbers), key, numbers)[1]
            total, figure = _category_total(data_dir, _recounted(after, numbers), key, numbers)
        else:
            given = _category_total(data_dir, before, key, numbers)[1]
            total, figure = _category_total(data_dir, after, key, numbers)
    except WorkstationError as exc:  # a stored copy gone: the item named by its number
        raise numbered_copy_error(db, exc) from None
    rule = _older_rule(stale) if stale and len(counted) == 1 else COUNT_RULE
    return after, (key, given, total, figure, rule)
