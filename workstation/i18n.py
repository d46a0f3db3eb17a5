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


def read_po(path: Path) -> dict[str, str]:
    """Parse a gettext .po file into {msgid: msgstr}, skipping the header and untranslated entries."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                entries[key] = value

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_po_string(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_po_string(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(_po_string(line))
        elif not line or line.startswith("#"):
            current = None if not line else current
    flush()
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
