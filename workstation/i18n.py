"""Translation of user-facing strings: English message ids, a zh_CN catalogue in ``resources/locale`` read
at start-up (the UI defaults to Chinese; ``WORKSTATION_LANG=en`` shows the ids).

The catalogue is edited as a gettext .po file. Beside it, ``workstation.cat`` holds the same translations
compiled (``.ci/update-translations --compile``): a first line naming the size and CRC-32 of the .po it was compiled
from and the number of messages, then each message id with its translation, sorted by id, each pair begun by a
record separator and parted by a unit separator no message holds, in UTF-16. Each message is looked up in that text
as it is first asked for (``Catalogue``: a binary search; ~50 messages before the window's first paint) instead of
making all ~6,000 strings at start-up (~5 ms). The .po is read instead whenever the compiled file does not hold,
and tests/test_i18n.py fails while it is out of date."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from workstation.paths import RESOURCES

DOMAIN = "workstation"
DEFAULT_LANGUAGE = "zh_CN"
_catalogue: dict[str, str] = {}
_language = "en"


def catalogue_path(language: str) -> Path:
    return RESOURCES / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_path(language: str) -> Path:
    return catalogue_path(language).with_suffix(".cat")


# the compiled catalogue: its first line, then each message as _RECORD, its id, _UNIT, its translation, in the
# order of the ids; a last _RECORD ends the file (a file cut short anywhere does not end with it)
_HEADER = "workstation-catalogue 3 po_size={size} po_crc32={crc} messages={n}\n"
_RECORD = "\x1e"  # ASCII's record separator and unit separator: in no message (compile_catalogue checks)
_UNIT = "\x1f"
_ENCODING = "utf-16-le"


def _po_string(quoted: str) -> str:
    # PO strings use C escapes; JSON reads the ones we write (\n, \", \\, \t) many times faster than ast
    import json

    try:
        return json.loads(quoted)
    except ValueError:
        import ast

        return ast.literal_eval(quoted)


def _po_strings(quoted: list[str]) -> list[str]:
    # one JSON array for the whole catalogue: decoding ~3,000 strings one call each was most of the start-up's
    # reading of it (~8 ms); a string JSON does not read (a C escape such as \a) sends all through _po_string
    import json

    try:
        texts = json.loads("[" + ",".join(quoted) + "]")
    except ValueError:
        texts = None
    if not isinstance(texts, list) or len(texts) != len(quoted):  # e.g. two strings on one line
        texts = [_po_string(q) for q in quoted]
    return texts


def read_po(path: Path) -> dict[str, str]:
    """Parse a gettext .po file into {msgid: msgstr}, skipping the header and untranslated entries."""
    return parse_po(path.read_text(encoding="utf-8"))


def parse_po(text: str) -> dict[str, str]:
    """{msgid: msgstr} of the text of a .po file (see ``read_po``). A plural entry (``msgid_plural``, from
    ``ngettext``) gives its one Chinese form, ``msgstr[0]``, to both of its ids."""
    quoted: list[str] = []  # every string of every entry, undecoded, in file order
    entries_parts: list[dict[str, tuple[int, int]]] = []  # per entry: where its id, plural id and text lie
    parts = {"msgid": "id", "msgid_plural": "plural", "msgstr": "text", "msgstr[0]": "text"}
    current: dict[str, tuple[int, int]] = {}
    part: str | None = None  # the part that bare string lines continue (None: lines to skip)
    part_start = 0
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith('"'):
            if part is not None:
                quoted.append(line)
            continue
        if part is not None:  # any other line ends the part being read
            current[part] = (part_start, len(quoted))
        part = None
        keyword, _space, rest = line.partition(" ")
        if keyword in parts:
            if keyword == "msgid":
                current = {}
                entries_parts.append(current)
            part, part_start = parts[keyword], len(quoted)
            quoted.append(rest)
    if part is not None:
        current[part] = (part_start, len(quoted))
    texts = _po_strings(quoted)
    entries: dict[str, str] = {}
    for found in entries_parts:
        if "id" not in found or "text" not in found:
            continue
        key, value = "".join(texts[slice(*found["id"])]), "".join(texts[slice(*found["text"])])
        if key and value:
            entries[key] = value
            if "plural" in found:
                entries["".join(texts[slice(*found["plural"])])] = value
    return entries


def compile_catalogue(language: str = DEFAULT_LANGUAGE) -> Path:
    """Write the translations of ``language``'s .po, with the .po's CRC-32, to ``compiled_path(language)``."""
    source = catalogue_path(language)
    data = source.read_bytes()
    messages = dict(sorted(parse_po(data.decode("utf-8")).items()))
    held = [text for pair in messages.items() for text in pair if _UNIT in text or _RECORD in text]
    if held:
        raise ValueError(f"{source}: a message holds a separator of the compiled catalogue: {held[0]!r}")
    text = (_HEADER.format(size=len(data), crc=zlib.crc32(data), n=len(messages))
            + "".join(f"{_RECORD}{key}{_UNIT}{value}" for key, value in messages.items()) + _RECORD)
    target = compiled_path(language)
    target.write_bytes(text.encode(_ENCODING))
    return target


def _compiled_text(path: Path, po: bytes) -> tuple[str, int] | None:
    """The text of the compiled catalogue ``path`` and where its first message begins, when it was compiled from the
    .po whose bytes are ``po`` (its size and CRC-32) and is whole; None when missing, damaged or of another .po."""
    try:
        text = path.read_bytes().decode(_ENCODING)
    except (OSError, ValueError):
        return None
    header, newline, _rest = text.partition("\n")
    start = len(header) + len(newline)
    try:
        count = int(header.rpartition("messages=")[2])
    except ValueError:
        return None
    if (header + newline != _HEADER.format(size=len(po), crc=zlib.crc32(po), n=count) or not text.endswith(_RECORD)
            or text.find(_RECORD) != start or text.count(_RECORD) != count + 1 or text.count(_UNIT) != count):
        return None
    return text, start


def _messages_of(text: str, start: int) -> dict[str, str] | None:
    """Every message of a compiled catalogue's text; None when a record is damaged (no separator in it)."""
    records = text[start + 1:-1].split(_RECORD) if len(text) > start + 1 else []
    try:
        return dict(record.split(_UNIT, 1) for record in records)
    except ValueError:
        return None


def read_compiled(path: Path, po: bytes) -> dict[str, str] | None:
    """The translations of the compiled catalogue ``path`` when it was compiled from the .po whose bytes are ``po``
    (its size and CRC-32) and is whole; None when missing, damaged or of another .po."""
    found = _compiled_text(path, po)
    return None if found is None else _messages_of(*found)


class Catalogue(dict):
    """The translations of a compiled catalogue, each looked up in its text when first asked for (and kept):
    ``_(message)`` before the first paint asks for ~50 of ~6,000. Read as a whole (iterated, counted, copied,
    compared) it first takes in every message; what was set in it (a test's own translation) stays. Shared by all
    who load the language (``load_catalogue``): not to be changed but by a test's ``monkeypatch.setitem``."""

    def __init__(self, text: str, start: int):
        super().__init__()
        self._text, self._start = text, start
        self._absent: set[str] = set()
        self._whole = False

    def _search(self, key: str) -> str | None:
        text, lo, hi = self._text, self._start, len(self._text) - 1  # messages begin at _RECORD in [lo, hi)
        while lo < hi:
            record = text.rfind(_RECORD, lo, (lo + hi) // 2 + 1)  # the message holding the middle (text[lo] begins one)
            unit = text.find(_UNIT, record)
            found = text[record + 1:unit]
            if found == key:
                return text[unit + 1:text.find(_RECORD, unit)]
            if found < key:
                lo = text.find(_RECORD, unit)
            else:
                hi = record
        return None

    def __missing__(self, key):
        if self._whole or key in self._absent or not isinstance(key, str):
            raise KeyError(key)
        value = self._search(key)
        if value is None:
            self._absent.add(key)
            raise KeyError(key)
        self[key] = value
        return value

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return self.get(key, self) is not self

    def _take_in_all(self) -> None:
        if not self._whole:
            for key, value in (_messages_of(self._text, self._start) or {}).items():
                dict.setdefault(self, key, value)
            self._whole = True

    def __bool__(self) -> bool:  # without making every message (else ``len``)
        return dict.__len__(self) > 0 or len(self._text) > self._start + 1

    def keys(self):
        self._take_in_all()
        return super().keys()

    def values(self):
        self._take_in_all()
        return super().values()

    def items(self):
        self._take_in_all()
        return super().items()

    def __iter__(self):
        self._take_in_all()
        return super().__iter__()

    def __len__(self) -> int:
        self._take_in_all()
        return super().__len__()

    def __eq__(self, other) -> bool:
        self._take_in_all()
        return dict(super().items()) == other

    def __ne__(self, other) -> bool:
        return not self == other

    def copy(self) -> dict[str, str]:
        self._take_in_all()
        return dict(super().items())


#: the catalogues read, by file: the state of their two files then, and the translations (``_files_state``)
_LOADED: dict[str, tuple[tuple, dict[str, str]]] = {}


def _files_state(*paths: Path) -> tuple | None:
    """The size, times and inode of each file (None for one missing); None when one changed within the last two
    seconds, too recently for a second change within the file system's timestamp granularity to show in them."""
    import time

    settled, state = time.time_ns() - 2_000_000_000, []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            state.append(None)
            continue
        if stat.st_mtime_ns > settled or stat.st_ctime_ns > settled:
            return None
        state.append((stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return tuple(state)


def load_catalogue(language: str) -> dict[str, str]:
    """The translations of ``language``: the compiled file when it was compiled from the .po as it is now (a
    ``Catalogue``, each message made when first asked for), else the .po itself; {} when there is no .po. Read again
    only when one of the two files changed: a process switching languages, or asking what a word is in Chinese,
    decoded the file again each time. The dict returned is shared: not to be changed."""
    source = catalogue_path(language)
    state = _files_state(source, compiled_path(language))
    kept = _LOADED.get(str(source))
    if state is not None and kept is not None and kept[0] == state:
        return kept[1]
    messages = _read_catalogue(source, language)
    if state is not None:
        _LOADED[str(source)] = (state, messages)
    return messages


def _read_catalogue(source: Path, language: str) -> dict[str, str]:
    try:
        data = source.read_bytes()
    except OSError:
        return {}
    found = _compiled_text(compiled_path(language), data)
    if found is not None:
        return Catalogue(*found)
    return parse_po(data.decode("utf-8"))  # missing, damaged or from another .po: the .po is the source


def normal_language(given: str | None) -> str:
    """The language a setting such as ``zh``, ``zh_CN.UTF-8``, ``zh-CN``, ``en_US`` or ``C`` means: every zh*
    is Chinese, every en* English, and anything else (unset, ``C``, a language without a catalogue) the
    default, Chinese."""
    code = (given or "").strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if code == "en" or code.startswith("en_"):
        return "en"
    return DEFAULT_LANGUAGE


def set_language(language: str | None = None) -> str:
    """Load the catalogue of ``language`` (default: ``WORKSTATION_LANG`` or zh_CN); returns the language."""
    global _catalogue, _language
    language = normal_language(language or os.environ.get("WORKSTATION_LANG"))
    _catalogue = load_catalogue(language)
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


def join_names(names) -> str:
    """``names`` (files, cases, keys, characters…) as a list of them inside a sentence, the way the user's language
    writes one: "甲、乙、丙" in Chinese, where the enumeration comma 、 parts names ("a, b, c" in English); "" for none.
    Clauses are joined with ``_(", ")`` (，) instead."""
    text = None
    for name in names:
        text = str(name) if text is None else _("{list}, {item}").format(list=text, item=name)
    return text or ""


set_language()
