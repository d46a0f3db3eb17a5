"""Reading the legal data files of ``resources/law`` (parsed once per process) and the small helpers every
law module shares: Chinese explanation templates from the files' ``[texts]`` tables, input checks that name
the bad field, dates, amounts as officers read them and exact ratios written as decimals."""

from __future__ import annotations

import datetime as dt
import re
import threading
import tomllib
from fractions import Fraction

from workstation.errors import ValidationError, WorkstationError, os_reason
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
    """The parsed file, checked (``CHECKS``): WorkstationError naming the file, the line and what to do when it cannot
    be read, is not TOML or holds a value the program cannot use."""
    path = resource("law", f"{name}.toml")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else _("the text is not UTF-8")
        raise WorkstationError(_("The legal data file {file} cannot be read ({reason}); restore it from the "
                                 "installation.").format(file=path, reason=reason)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_reason(exc)
        raise _bad_file(path, line, reason) from None
    check = CHECKS.get(name)
    if check is not None:
        check(_LawFile(path, text), data)
    return data


def toml_reason(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """(line, reason) of tomllib's refusal, the reason in the user's language (``screening.rules.TOML_REASONS``),
    never tomllib's English."""
    from workstation.screening.rules import TOML_POSITION, _toml_reason

    message = str(exc)
    at = TOML_POSITION.search(message)
    english = message[:at.start()].strip() if at else message
    said = _toml_reason(english, _("the text here is not valid TOML: check the quotes, brackets, commas and the = of "
                                   "the line"))
    return (int(at.group(1)) if at else None), said


def _bad_file(path, line: int | None, problem: str) -> WorkstationError:
    if line is None:
        return WorkstationError(_("The legal data file {file}: {problem}. Correct it, or restore the file from the "
                                  "installation (install the program again).").format(file=path, problem=problem))
    return WorkstationError(_("The legal data file {file}, line {line}: {problem}. Correct it, or restore the file "
                              "from the installation (install the program again).").format(
        file=path, line=line, problem=problem))


class _LawFile:
    """A legal data file being checked: its refusals name the file and, where it can be found, the line."""

    def __init__(self, path, text: str):
        self.path, self.text = path, text

    def line(self, key: str, header: str | None = None, index: int = 0) -> int | None:
        """The line of ``key = …`` in the ``index``-th table headed ``header`` (``[[clock]]``, ``[hearing]``), or of
        the header itself when the key is not written there (a key missing)."""
        start, end = 0, len(self.text)
        if header is not None:
            pattern = re.compile(rf"^[ \t]*{re.escape(header)}[ \t]*(?:#.*)?$", re.MULTILINE)
            found = list(pattern.finditer(self.text))
            if index >= len(found):
                return None
            start = found[index].start()
            after = re.compile(r"^[ \t]*\[", re.MULTILINE).search(self.text, found[index].end())
            end = after.start() if after else end
        last = key.rsplit(".", 1)[-1]
        match = re.compile(rf"^[ \t]*\"?{re.escape(last)}\"?[ \t]*=", re.MULTILINE).search(self.text, start, end)
        at = match.start() if match else start if header is not None else None
        return None if at is None else self.text.count("\n", 0, at) + 1

    def fail(self, problem: str, key: str, header: str | None = None, index: int = 0) -> WorkstationError:
        return _bad_file(self.path, self.line(key, header, index), problem)


#: the units of a clock's period the engine counts (``clocks._Engine.add``)
CLOCK_UNITS = ("wd", "cd", "months", "hours")
_CLOCK_TEXTS = ("title", "source", "deferred_by", "start_deferred_by", "unconfirmed", "period_by", "deadline_text",
                "only_for", "redone_by")
_CLOCK_LISTS = ("running", "excluded", "outlives", "start_instead")
_CLOCK_TABLES = ("not_applicable", "replaced_by", "start_if")
_CLOCK_FLAGS = ("party_facing", "board", "expires", "lapses", "deemed", "span", "current_decision", "whole_case",
                "unconfirmed_on_rest_day")
_EXTENSION_KEYS = {"days": "count", "limit": "count", "further_limit": "count", "approval": "text",
                   "further": "text", "further_by": "list", "once": "flag"}


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)


def check_clocks(file: _LawFile, data: dict) -> None:
    """clocks.toml as ``clocks._rules`` reads it: every [[clock]] with an id, a whole period of 0 or more in a unit
    the engine counts, a start it knows, texts, lists and true/false where those are read."""
    from workstation.clocks import CASE_DATES

    header = "[[clock]]"
    items = data.get("clock")
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        raise file.fail(_("the time limits must be written as [[clock]] tables"), "clock")
    ids = [item.get("id") for item in items]
    known = set(_CLOCK_TEXTS) | set(_CLOCK_LISTS) | set(_CLOCK_TABLES) | set(_CLOCK_FLAGS) | {
        "id", "period", "unit", "start", "done", "direction", "extension"}
    for index, item in enumerate(items):
        clock = item.get("id")

        def fail(problem: str, key: str) -> WorkstationError:
            return file.fail(problem, key, header, index)  # noqa: B023 - used at once

        if not isinstance(clock, str) or not clock.strip():
            raise fail(_("time limit number {n} has no id in quotes, such as id = \"T1\"").format(n=index + 1), "id")
        if ids.count(clock) > 1:
            raise fail(_("time limit {clock} is written twice").format(clock=clock), "id")
        for key in item:
            if key not in known:
                raise fail(_("time limit {clock}: unknown key {key}").format(clock=clock, key=key), key)
        for key in ("title", "period", "unit", "start", "source"):
            if key not in item:
                raise fail(_("time limit {clock}: {key} is missing").format(clock=clock, key=key), key)
        if not _is_count(item["period"]):
            raise fail(_("time limit {clock}: period must be a whole number of 0 or more written without quotes, "
                         "not {value}").format(clock=clock, value=_shown(item["period"])), "period")
        if item["unit"] not in CLOCK_UNITS:
            raise fail(_("time limit {clock}: unit {value} is not one the program counts ({units})").format(
                clock=clock, value=_shown(item["unit"]), units=", ".join(f'"{u}"' for u in CLOCK_UNITS)), "unit")
        start = item["start"]
        kind, _sep, ref = start.partition(":") if isinstance(start, str) else ("", "", "")
        if not (ref and kind in ("event", "end", "clock", "lead") or not _sep and start in CASE_DATES) \
                or kind == "clock" and ref not in ids:
            raise fail(_("time limit {clock}: start {value} is neither a case date ({dates}) nor event:…, end:…, "
                         "lead:… or clock:… naming a time limit of this file").format(
                clock=clock, value=_shown(start), dates=", ".join(CASE_DATES)), "start")
        for key in _CLOCK_TEXTS:
            if key in item and not isinstance(item[key], str):
                raise fail(_("time limit {clock}: {key} must be text in quotes, not {value}").format(
                    clock=clock, key=key, value=_shown(item[key])), key)
        for key in _CLOCK_LISTS:
            if key in item and not (isinstance(item[key], list) and all(isinstance(v, str) for v in item[key])):
                raise fail(_("time limit {clock}: {key} must be a list of texts in quotes, such as "
                             "[\"a\", \"b\"]").format(clock=clock, key=key), key)
        for key in _CLOCK_TABLES:
            if key in item and not (isinstance(item[key], dict)
                                    and all(isinstance(v, str) for v in item[key].values())):
                raise fail(_("time limit {clock}: {key} must be a table of texts in quotes").format(
                    clock=clock, key=key), key)
        for key in _CLOCK_FLAGS:
            if key in item and not isinstance(item[key], bool):
                raise fail(_("time limit {clock}: {key} must be true or false, not {value}").format(
                    clock=clock, key=key, value=_shown(item[key])), key)
        done = item.get("done", "")
        if not (isinstance(done, str) or isinstance(done, list) and all(isinstance(v, str) for v in done)):
            raise fail(_("time limit {clock}: {key} must be text in quotes, not {value}").format(
                clock=clock, key="done", value=_shown(done)), "done")
        if item.get("direction", "after") not in ("after", "before"):
            raise fail(_("time limit {clock}: direction must be \"after\" or \"before\", not {value}").format(
                clock=clock, value=_shown(item["direction"])), "direction")
        extension = item.get("extension", {})
        if not isinstance(extension, dict):
            raise fail(_("time limit {clock}: extension must be a table").format(clock=clock), "extension")
        for key, value in extension.items():
            want = _EXTENSION_KEYS.get(key)
            name = f"extension.{key}"
            if want is None:
                raise fail(_("time limit {clock}: unknown key {key}").format(clock=clock, key=name), key)
            if want == "count" and not _is_count(value):
                raise fail(_("time limit {clock}: {key} must be a whole number of 0 or more written without quotes, "
                             "not {value}").format(clock=clock, key=name, value=_shown(value)), key)
            if want == "text" and not isinstance(value, str):
                raise fail(_("time limit {clock}: {key} must be text in quotes, not {value}").format(
                    clock=clock, key=name, value=_shown(value)), key)
            if want == "list" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise fail(_("time limit {clock}: {key} must be a list of texts in quotes, such as "
                             "[\"a\", \"b\"]").format(clock=clock, key=name), key)
            if want == "flag" and not isinstance(value, bool):
                raise fail(_("time limit {clock}: {key} must be true or false, not {value}").format(
                    clock=clock, key=name, value=_shown(value)), key)


#: the amounts, numbers of days, months, years and percentages of thresholds.toml, by table: whole numbers ≥ 0
THRESHOLD_COUNTS = {
    "simple_procedure": ("natural_person_max_fen", "organisation_max_fen"),
    "on_the_spot_collection": ("max_fen",),
    "rectification_check": ("working_days",),
    "hearing": ("natural_person_fen", "organisation_fen"),
    "limitation": ("years", "long_years"),
    "legal_review": ("natural_person_fen", "organisation_fen"),
    "collective_discussion": ("natural_person_fen", "organisation_fen"),
    "publication": ("deadline_working_days", "other_province_working_days", "short_period_months",
                    "long_period_months", "lower_fine_natural_person_fen", "lower_fine_organisation_fen"),
    "late_payment": ("rate_percent",),
}
_THRESHOLD_FLAGS = ("inclusive", "binding")


def check_thresholds(file: _LawFile, data: dict) -> None:
    """thresholds.toml: its amounts (fen), days, months, years and rates whole numbers of 0 or more, its flags true or
    false, the date the simple procedure's amounts apply from a date."""
    for table, keys in THRESHOLD_COUNTS.items():
        header = f"[{table}]"
        section = data.get(table)
        if not isinstance(section, dict):
            raise file.fail(_("the table {table} is missing").format(table=header), table)
        for key in keys:
            if key not in section:
                raise file.fail(_("{key} is missing").format(key=f"{table}.{key}"), key, header)
            if not _is_count(section[key]):
                raise file.fail(_("{key} must be a whole number of 0 or more written without quotes, not {value}"
                                  ).format(key=f"{table}.{key}", value=_shown(section[key])), key, header)
        for key in _THRESHOLD_FLAGS:
            if key in section and not isinstance(section[key], bool):
                raise file.fail(_("{key} must be true or false, not {value}").format(
                    key=f"{table}.{key}", value=_shown(section[key])), key, header)
    effective = data["simple_procedure"].get("effective_from")
    if not isinstance(effective, dt.date) or isinstance(effective, dt.datetime):
        raise file.fail(_("{key} must be a date written like 2021-07-15 without quotes, not {value}").format(
            key="simple_procedure.effective_from", value=_shown(effective)), "effective_from", "[simple_procedure]")


#: the checks of the files the program reads values from (``_parsed``), by name
CHECKS = {"clocks": check_clocks, "thresholds": check_thresholds}


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
