"""Money and dates as official documents print them: figures (¥189,000.00), the uppercase amount
(人民币壹拾捌万玖仟元整, REFERENCE §8.4) and dates (2026年3月22日). Amounts are integer fen throughout."""

from __future__ import annotations

import datetime as dt

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
CENTS = tuple(f".{n:02d}" for n in range(100))  # ".00" … ".99": a lookup instead of a format spec per amount


def figures(fen: int) -> str:
    """¥189,000.00: the yuan sign without a gap and always two decimals."""
    _check(fen)
    return f"¥{fen // 100:,}{CENTS[fen % 100]}"


def _check(fen: int) -> None:
    if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
        raise ValueError(f"an amount is a non-negative whole number of fen, not {fen!r}")
    if fen >= 10 ** 18:
        raise ValueError("amount too large for an official document")


def _group(value: int) -> str:
    """One group of four digits (0 < value < 10000): zeros inside collapse to one 零, trailing zeros vanish."""
    out, zero = "", False
    for place, unit in PLACES:
        digit = value // place % 10
        if digit == 0:
            zero = zero or bool(out)
        else:
            out += ("零" if zero else "") + DIGITS[digit] + unit
            zero = False
    return out


def _yuan(value: int) -> str:
    """Whole yuan in words: below 亿 by groups of four digits (万 and units); from 亿 up the number of 亿 written
    the same way before 亿 (1.5 trillion: 壹万伍仟亿, never 壹万亿伍仟亿), and one 零 where the rest below 亿 starts
    with a zero (壹亿零伍佰万, 壹万零壹亿)."""
    if value >= 100_000_000:
        high, low = divmod(value, 100_000_000)
        return _yuan(high) + "亿" + (("零" if low < 10_000_000 else "") + _yuan(low) if low else "")
    wan, rest = divmod(value, 10000)
    out = _group(wan) + "万" if wan else ""
    return out + ("零" if out and rest < 1000 else "") + _group(rest) if rest else out


def uppercase(fen: int) -> str:
    """人民币壹拾捌万玖仟元整 (REFERENCE §8.4): 壹拾 at the top, one 零 for a run of zeros, 整 after 元 and 角."""
    _check(fen)
    yuan, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    text = _yuan(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    if cents:
        text += ("零" if yuan and not jiao else "") + DIGITS[cents] + "分"
    if not text:
        return "人民币零元整"
    return "人民币" + text + ("" if cents else "整")


def yuan_input(fen: int) -> str:
    """Fen as an officer types yuan in an editor: 189000.00 (no separators, two decimals)."""
    return f"{fen // 100}.{fen % 100:02d}"


def wan_yuan(fen: int) -> str:
    """18.90万元: an amount in ten thousands of yuan, two decimals rounded half up, as the dashboard shows it."""
    _check(fen)
    hundredths = (fen + 5_000) // 10_000
    return f"{hundredths // 100:,}.{hundredths % 100:02d}万元"


def chinese_datetime(value: str | None) -> str:
    """2026年3月10日9时30分 from ``YYYY-MM-DD HH:MM`` (empty for none)."""
    if not value:
        return ""
    hour, minute = (int(part) for part in str(value)[11:16].split(":"))
    return f"{chinese_date(str(value)[:10])}{hour}时{minute:02d}分"


def chinese_date(value: str | dt.date | None) -> str:
    """2026年3月22日 from an ISO date (empty for no date)."""
    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.year}年{day.month}月{day.day}日"
