"""The rows a register import stores, built fast: each is a copy of a template row made by the store's own row
function (so its columns and their defaults stay the store's), and the canonical JSON of it that the audit entry
digests is written from pieces encoded once, the values that vary from row to row encoded in between."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from json.encoder import encode_basestring
from operator import add

from workstation.audit import canonical_encoder


def _encoded(value) -> str:
    """``value`` as the canonical encoder writes it (text, whole numbers and None directly, the rest by it)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return canonical_encoder().encode(value)


class RowTemplate:
    """Rows of one table that differ from ``template`` only in the ``varying`` columns."""

    def __init__(self, template: dict, varying: Iterable[str]):
        self.columns = tuple(template)
        self._template = template
        self._varying = frozenset(varying)
        encode = canonical_encoder().encode
        self._pieces: list[str] = []  # the text before each varying value, in the order of the sorted keys
        self._slots: list[str] = []
        text = "{"
        for index, key in enumerate(sorted(template)):
            text += ("," if index else "") + encode(key) + ":"
            if key in self._varying:
                self._pieces.append(text)
                self._slots.append(key)
                text = ""
            else:
                text += encode(template[key])
        self._tail = text + "}"

    def row(self, **values) -> dict:
        """The template with ``values`` in its varying columns (a column not declared varying is a bug: the digest
        would be of the template's value)."""
        if not values.keys() <= self._varying:
            raise KeyError(sorted(values.keys() - self._varying))
        row = self._template.copy()
        row.update(values)
        return row

    def digest(self, row: dict) -> str:
        """``audit.digest(row)`` of a row made by ``row``."""
        text = "".join(map(add, self._pieces, map(_encoded, map(row.__getitem__, self._slots)))) + self._tail
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
