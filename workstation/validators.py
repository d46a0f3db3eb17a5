"""Field validators shared by the store, the importers and the editors: USCC and resident ID (python-stdnum),
mobile numbers, dates and money. Each returns the normalised value or raises ValueError with a message in the
user's language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from workstation.fullwidth import DIGITS, to_ascii
from workstation.i18n import _

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_DATE_TIME = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(?:T|\s+)"
                        r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?$")
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d*)?$")  # thousands separators where they belong: 1,234.50
_DECIMAL = re.compile(r"^-?(\d+\.?\d*|\.\d+)$")  # an amount as written: no exponent, no "Infinity" or "NaN"
# the largest amount (10 trillion yuan) and count taken: far above any case, and far below what an SQLite integer
# holds, so that a mistyped run of digits is named here instead of failing when it is stored
MAX_FEN = 10**15
MAX_COUNT = 10**15
# the full-width characters a code, number, date or amount is typed with (the capitals a USCC may hold)
_FULLWIDTH = to_ascii(DIGITS + ",.-/XxABCDEFGHJKLMNPQRTUWY")


def _clean(value: str) -> str:
    return str(value).translate(_FULLWIDTH).strip().replace(" ", "")


def normalize_uscc(value: str) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015, mod 31), upper-cased; ValueError otherwise."""
    from stdnum.cn import uscc
    from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

    text = _clean(value).upper()
    try:
        return uscc.validate(text)
    except InvalidLength:
        raise ValueError(_("A unified social credit code has 18 characters; {n} were given.")
                         .format(n=len(text))) from None
    except InvalidChecksum:
        raise ValueError(_("The check character of this unified social credit code is wrong: check the code "
                           "on the business licence.")) from None
    except ValidationError:
        raise ValueError(_("This is not a unified social credit code (digits and capital letters except "
                           "I, O, Z, S, V).")) from None


def normalize_id_number(value: str) -> str:
    """A valid 18-digit 居民身份证号 (GB 11643-1999), check character upper-cased; ValueError otherwise."""
    from stdnum.cn import ric
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

    text = _clean(value).upper()
    try:
        number = ric.validate(text)
    except InvalidLength:
        raise ValueError(_("A resident ID number has 18 characters; {n} were given.").format(n=len(text))) from None
    except InvalidChecksum:
        raise ValueError(_("The check digit of this ID number is wrong: check the number on the ID card.")) from None
    except InvalidComponent:
        raise ValueError(_("The birth date or region in this ID number is not valid.")) from None
    except ValidationError:
        raise ValueError(_("This is not a resident ID number (17 digits and a digit or X).")) from None
    if number[6:14] > dt.date.today().strftime("%Y%m%d"):
        raise ValueError(_("The birth date in this ID number is in the future."))
    return number


def normalize_mobile(value: str) -> str:
    """An 11-digit mainland mobile number, from +86 / 86- / spaced / dashed forms; ValueError otherwise."""
    text = re.sub(r"[\s\-()（）]", "", _clean(value))
    text = re.sub(r"^(\+?86)", "", text)
    if not _MOBILE.match(text):
        raise ValueError(_("A mobile number has 11 digits and starts with 13–19."))
    return text


def parse_date(value) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, datetime or text such as 2026-03-01, 2026/3/1 or 2026年3月1日;
    None for an empty value; ValueError for a date that does not exist (2026-02-30)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # a trailing time of day (2026-03-01 09:30:00, 2026/3/1 9:30) is dropped before spaces are removed
    with_time = _DATE_TIME.match(str(value).translate(_FULLWIDTH).strip())
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
                raise ValueError(_("{text} is not a date in the calendar.").format(text=value)) from None
    raise ValueError(_("{text} is not a date; write it as 2026-03-01.").format(text=value))


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
    if hour > 23 or minute > 59:
        raise ValueError(_("{text} is not a time of day.").format(text=value))
    return f"{day} {hour:02d}:{minute:02d}"


def parse_money_fen(value) -> int:
    """Integer fen from yuan written as 1234.5, 1,234.50, ¥1,234 or 1234元; 0 for empty; ValueError for a
    negative amount, more than two decimals or text."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(_("{text} is not an amount of money.").format(text=value))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("{text} is not an amount of money.").format(text=value))
        amount = Decimal(repr(value))
        if abs(value * 100 - round(value * 100)) < 1e-6:  # a formula's cell: 0.1 + 0.2 is 0.30000000000000004
            amount = Decimal(round(value * 100)) / 100
    else:
        text = _clean(value).replace("¥", "").replace("￥", "").replace("元", "")
        if "," in text:
            if not _GROUPED.match(text):
                raise ValueError(_("{text} is not an amount of money: thousands separators go between groups "
                                   "of three digits (1,234.50).").format(text=value))
            text = text.replace(",", "")
        if not text:
            return 0
        if not _DECIMAL.match(text):
            raise ValueError(_("{text} is not an amount of money.").format(text=value))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("{text} is not an amount of money.").format(text=value)) from None
    if amount < 0:
        raise ValueError(_("An amount cannot be negative ({text}).").format(text=value))
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(_("An amount has at most two decimals (fen): {text}.").format(text=value))
    if fen >= MAX_FEN:
        raise ValueError(_("{text} is too large for an amount: check the digits.").format(text=value))
    return int(fen)


def parse_count(value) -> int:
    """A non-negative whole number, allowing thousands separators; 0 for empty."""
    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = _clean(value).replace("条", "")
        if "," in text and not _GROUPED.match(text):
            raise ValueError(_("{text} is not a whole number: thousands separators go between groups of three "
                               "digits (12,345).").format(text=value))
        text = text.replace(",", "")
        if not text:
            return 0
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("{text} is not a whole number.").format(text=value))
        number = int(text)
    if number < 0:
        raise ValueError(_("A count cannot be negative ({text}).").format(text=value))
    if number >= MAX_COUNT:
        raise ValueError(_("{text} is too large for a count: check the digits.").format(text=value))
    return number
