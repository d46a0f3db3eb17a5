"""Full-width (全角) and ASCII (半角) forms of the same characters: complaint texts, spreadsheets and typed
fields write digits, letters and signs either way. This module owns the one mapping between them (U+FF01 …
U+FF5E for ``!`` … ``~``, U+3000 for the space); each caller builds the ``str.translate`` table of just the
characters it reads (``to_ascii``), or takes the whole printable range (``TO_ASCII`` / ``TO_FULL``)."""

from __future__ import annotations

import re

_OFFSET = 0xFEE0  # U+FF01 (！) − U+0021 (!), the same for every printable ASCII character but the space
IDEOGRAPHIC_SPACE = "\u3000"
PRINTABLE = "".join(map(chr, range(0x21, 0x7F)))  # ! … ~, the ASCII characters with a full-width form at +FEE0
DIGITS = "0123456789"


def full_width(char: str) -> str:
    """The full-width form of one printable ASCII character or the space; ValueError for any other."""
    if char == " ":
        return IDEOGRAPHIC_SPACE
    if len(char) != 1 or char not in PRINTABLE:
        raise ValueError(f"no full-width form: {char!r}")
    return chr(ord(char) + _OFFSET)


def to_ascii(chars: str) -> dict[int, int]:
    """The ``str.translate`` table that reads the full-width form of each of ``chars`` as that ASCII character
    (the others are left as they are)."""
    return {ord(full_width(c)): ord(c) for c in chars}


def to_full(chars: str) -> dict[int, int]:
    """The ``str.translate`` table that writes each of ``chars`` in its full-width form."""
    return {ord(c): ord(full_width(c)) for c in chars}


TO_ASCII = to_ascii(PRINTABLE)  # every full-width ASCII form, the ideographic space excepted
TO_FULL = to_full(PRINTABLE)


# full-width punctuation a message never puts a space beside (a catalogue's spaces around a placeholder are for a
# name or number in it, not for a bracket or comma it begins or ends with); not the quotation marks, which English
# text writes the same and spaces
FULL_WIDTH_PUNCTUATION = "（）〔〕【】《》，。、：；！？"
_SPACES_BY_PUNCTUATION = re.compile(f" +(?=[{FULL_WIDTH_PUNCTUATION}])|(?<=[{FULL_WIDTH_PUNCTUATION}]) +")


def tidy_spaces(text: str) -> str:
    """``text`` without the ASCII spaces beside full-width punctuation: 站点 未命名（指纹 0F74…） 在此 → 站点
    未命名（指纹 0F74…）在此."""
    return _SPACES_BY_PUNCTUATION.sub("", text)
