"""Case numbers as officers type them: 佛南市监立〔2026〕9号 is also written with [2026], 【2026】, (2026) or
（2026）, with full-width digits, or with spaces around it. ``number_key`` reads every such writing as the one the
store writes (〔year〕, ASCII digits, no spaces), so a command given a case number finds the case however the
number was typed (``store.cases.find_case``)."""

from __future__ import annotations

import re

from workstation.db import Database
from workstation.fullwidth import DIGITS, to_ascii

_DIGITS = to_ascii(DIGITS)
_SPACES = re.compile(r"\s+")
# a four-digit year in any of the brackets 〔〕 is typed as (ASCII and full-width square and round brackets, 【】,
# 〖〗 and the small tortoise-shell brackets ﹝﹞)
_YEAR = re.compile(r"[\[［【〖〔﹝(（](\d{4})[\]］】〗〕﹞)）]")


def number_key(text: str) -> str:
    """``text`` as the store writes case numbers: digits in ASCII, the year in 〔〕, no spaces anywhere."""
    plain = _SPACES.sub("", text.translate(_DIGITS))
    return _YEAR.sub(r"〔\1〕", plain)


def cases_numbered(db: Database, reference: str) -> list[str]:
    """The ids of the cases whose case number reads as ``reference`` does (``number_key``): none, one, or several
    when stored numbers differ only in their writing (then which one is meant cannot be told)."""
    key = number_key(reference)
    if not key:
        return []
    return [case_id for case_id, number in db.execute("SELECT id, case_number FROM cases WHERE case_number != ''")
            if number_key(number) == key]
