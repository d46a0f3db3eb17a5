"""Reading the legal data files of ``resources/law`` (parsed once per process) and the small helpers every
law module shares: Chinese explanation templates from the files' ``[texts]`` tables, input checks that name
the bad field, dates, amounts as officers read them and exact ratios written as decimals."""

from __future__ import annotations

import datetime as dt
import threading
import tomllib
from fractions import Fraction

from workstation.errors import ValidationError, WorkstationError
from workstation.i18n import _
from workstation.money import figures
from workstation.paths import resource

#: held while a file is parsed: the window's thread asking for a file the background is parsing ahead of it
#: (``workstation.warmup``) waits for that parse and takes its dict, rather than parsing the file again beside it
_READING = threading.Lock()


def load(name: str) -> dict:
    """The parsed ``resources/law/<name>.toml``, parsed once per process (one dict shared by every caller, which
    must not change it); WorkstationError naming the file if it is missing or damaged."""
    kept = _PARSED.get(name)
    if kept is not None:
        return kept
    with _READING:
        if name not in _PARSED:  # else parsed meanwhile by the thread this one waited for
            _PARSED[name] = _parsed(name)
        return _PARSED[name]


#: every file parsed so far by name (``load``)
_PARSED: dict[str, dict] = {}


def _parsed(name: str) -> dict:
    path = resource("law", f"{name}.toml")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WorkstationError(_("The legal data file {file} cannot be read ({reason}); restore it from the "
                                 "installation.").format(file=path, reason=exc)) from None


def text(name: str, key: str, **values: object) -> str:
    """The Chinese template ``key`` of the ``[texts]`` table of ``<name>.toml``, filled with ``values``; in English
    (``WORKSTATION_LANG=en``) the template of its ``[texts_en]`` table when it has one. A template uses the values
    it names and leaves the others (an English one takes item numbers as digits where the Chinese takes 三、六)."""
    from workstation.i18n import language

    data = load(name)
    english = data.get("texts_en", {}) if language() == "en" else {}
    return (english.get(key) or data["texts"][key]).format(**values)


def shown_date(day: dt.date) -> str:
    """A date inside an explanation ``text`` fills in: 2026年3月2日 in Chinese, 2026-03-02 in English."""
    from workstation.i18n import language
    from workstation.money import chinese_date

    return day.isoformat() if language() == "en" else chinese_date(day)


def check_amounts(**fields: object) -> None:
    """ValidationError naming every field that is not a whole number ≥ 0 (counts, fen)."""
    errors = {}
    for field, value in fields.items():
        if not isinstance(value, int) or isinstance(value, bool):
            errors[field] = _("{text} is not a whole number.").format(text=value)
        elif value < 0:
            errors[field] = _("This cannot be negative ({value}).").format(value=value)
    if errors:
        raise ValidationError(errors)


def as_date(value: dt.date | str, field: str) -> dt.date:
    """A date from a date or an ISO string (YYYY-MM-DD); ValidationError naming ``field`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: _("{text} is not a date; write it as 2026-03-01.").format(
            text=value)}) from None


def yuan(fen: int) -> str:
    """¥1,500.00 — an amount as the documents print it."""
    return figures(fen)


def decimal_text(value: Fraction) -> str:
    """An exact ratio as a decimal (0.64, 3.6352, 1); rounded to four places with ≈ when it does not end."""
    for places in range(13):
        scaled = value * 10 ** places
        if scaled.denominator == 1:
            whole = f"{abs(scaled.numerator):0{places + 1}d}"
            digits = f"{whole[:-places]}.{whole[-places:]}" if places else whole
            return ("-" if value < 0 else "") + digits
    return f"≈{float(value):.4f}"
