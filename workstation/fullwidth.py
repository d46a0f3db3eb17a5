"""Full-width (全角) and ASCII (半角) forms of the same characters: complaint texts, spreadsheets and typed
fields write digits, letters and signs either way. This module owns the one mapping between them (U+FF01 …
U+FF5E for ``!`` … ``~``, U+3000 for the space); each caller builds the ``str.translate`` table of just the
characters it reads (``to_ascii``), or takes the whole printable range (``TO_ASCII`` / ``TO_FULL``)."""

from __future__ import annotations

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
