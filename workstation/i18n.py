"""Translation of user-facing strings: English message ids, a zh_CN catalogue in ``resources/locale`` read
at start-up (the UI defaults to Chinese; ``WORKSTATION_LANG=en`` shows the ids)."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

from workstation.paths import RESOURCES

DOMAIN = "workstation"
DEFAULT_LANGUAGE = "zh_CN"
_catalogue: dict[str, str] = {}
_language = "en"


def catalogue_path(language: str) -> Path:
    return RESOURCES / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _po_string(quoted: str) -> str:
    # PO strings use C escapes; JSON reads the ones we write (\n, \", \\, \t) many times faster than ast
    try:
        return json.loads(quoted)
    except ValueError:
        return ast.literal_eval(quoted)


def _po_strings(quoted: list[str]) -> list[str]:
    # one JSON array for the whole catalogue: decoding ~3,000 strings one call each was most of the start-up's
    # reading of it (~8 ms); a string JSON does not read (a C escape such as \a) sends all through _po_string
    try:
        texts = json.loads("[" + ",".join(quoted) + "]")
    except ValueError:
        texts = None
    if not isinstance(texts, list) or len(texts) != len(quoted):  # e.g. two strings on one line
        texts = [_po_string(q) for q in quoted]
    return texts


def read_po(path: Path) -> dict[str, str]:
    """Parse a gettext .po file into {msgid: msgstr}, skipping the header and untranslated entries."""
    quoted: list[str] = []  # every string of every entry, undecoded, in file order
    spans: list[tuple[int, int, int, int]] = []  # per entry: where its msgid starts and ends, its msgstr too
    msgid_at: int | None = None
    msgid_end = 0
    msgstr_at: int | None = None
    continues = False  # whether a bare string line continues the current msgid or msgstr

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            if msgid_at is not None and msgstr_at is not None:
                spans.append((msgid_at, msgid_end, msgstr_at, len(quoted)))
            msgid_at, msgstr_at, continues = len(quoted), None, True
            quoted.append(line[6:])
        elif line.startswith("msgstr "):
            if msgstr_at is None:
                msgid_end = len(quoted)
            msgstr_at, continues = len(quoted), True
            quoted.append(line[7:])
        elif line.startswith('"') and continues:
            quoted.append(line)
        elif not line:
            continues = False
    if msgid_at is not None and msgstr_at is not None:
        spans.append((msgid_at, msgid_end, msgstr_at, len(quoted)))
    texts = _po_strings(quoted)
    entries: dict[str, str] = {}
    for id_start, id_end, str_start, str_end in spans:
        key, value = "".join(texts[id_start:id_end]), "".join(texts[str_start:str_end])
        if key and value:
            entries[key] = value
    return entries


def set_language(language: str | None = None) -> str:
    """Load the catalogue of ``language`` (default: ``WORKSTATION_LANG`` or zh_CN); returns the language."""
    global _catalogue, _language
    language = language or os.environ.get("WORKSTATION_LANG") or DEFAULT_LANGUAGE
    path = catalogue_path(language)
    _catalogue = read_po(path) if path.is_file() else {}
    _language = language if _catalogue else "en"
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` (an English id) into the current language."""
    return _catalogue.get(message, message)


def N_(message: str) -> str:
    """Mark a message id for extraction where it is defined; translate it with ``_`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


set_language()
