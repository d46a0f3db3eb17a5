"""Reading the legal data files of ``resources/law`` (parsed once per process) and the small helpers every
law module shares: Chinese explanation templates from the files' ``[texts]`` tables, input checks that name
the bad field, dates, amounts as officers read them and exact ratios written as decimals."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import tomllib
from fractions import Fraction
from pathlib import Path

from workstation.errors import ValidationError, WorkstationError, os_reason
from workstation.i18n import _
from workstation.money import figures
from workstation.paths import read_when_changed, resolve_data_dir, resource

LOG = logging.getLogger("workstation.law")

#: the folder of the data directory holding the bureau's own copies of the legal data files (``own_file``)
LAW_FOLDER = "law"
#: the legal data files of ``resources/law`` a bureau may replace with its own copy, as ``law files`` lists them
FILES = ("catalogue", "clocks", "criminal", "discretion", "thresholds")

#: held while a file is parsed: the window's thread asking for a file the background is parsing ahead of it
#: (``workstation.warmup``) waits for that parse and takes its dict, rather than parsing the file again beside it
_READING = threading.Lock()


def own_file(name: str, data_dir: str | Path | None = None) -> Path:
    """Where the bureau's own copy of ``<name>.toml`` is: ``<data dir>/law/<name>.toml`` of ``data_dir``, else of the
    data directory in use."""
    return resolve_data_dir(data_dir) / LAW_FOLDER / f"{name}.toml"


def load(name: str) -> dict:
    """The parsed legal data file ``<name>.toml`` in force: the bureau's own copy in the data directory in use
    (``own_file``: read again as soon as it changes) when it passes the file's checks, else the shipped
    ``resources/law/<name>.toml``, parsed once per process (one dict shared by every caller, which must not change
    it); WorkstationError naming the file if the shipped one is missing or damaged. A copy that fails its checks is
    not used: the shipped values are, and the problem is logged and said (``problems``)."""
    own = _own(name)
    return own if own is not None else _shipped(name)


def changed(name: str, made_of: dict | None) -> dict | None:
    """The parsed ``<name>.toml`` in force (``load``) when it is not ``made_of``, the parsed file a cache was made
    of (None: none made yet): the bureau's copy changed, came or was taken away since, and what was made of it must
    be made again from the dict returned; None while ``made_of`` is still the file in force."""
    data = load(name)
    return None if data is made_of else data


#: every file parsed so far by name (``load``)
_PARSED: dict[str, dict] = {}
#: the bureau's copies read so far, by name: ``read_when_changed``'s cache of (data or None, problem)
_OWN: dict[str, dict] = {}


def _own(name: str) -> dict | None:
    """The bureau's copy of ``<name>.toml`` in the data directory in use, when there is one that passes its checks."""
    path = own_file(name)
    if not path.is_file():
        return None
    return _own_read(name, path)[0]


def _own_read(name: str, path: Path) -> tuple[dict | None, str]:
    """(data, "") of the bureau's copy at ``path``, or (None, why it is not used): read again only once it changed,
    its problem logged once per change."""
    def read(at: Path) -> tuple[dict | None, str]:
        try:
            return _parsed(name, at), ""
        except WorkstationError as exc:
            LOG.warning("%s", exc.message)
            return None, exc.message

    with _READING:
        try:
            return read_when_changed(path, _OWN.setdefault(name, {}), read)
        except WorkstationError as exc:  # gone or unreadable since it was looked for
            return None, exc.message


def file_states(data_dir: str | Path | None = None) -> list[dict]:
    """Each legal data file (``FILES``) as ``law files`` lists it: its name, the shipped file, the bureau's copy
    (``own_file``) and whether there is one, whether that copy is in force, and the problem that keeps it (or the
    shipped file) from being used, "" when none."""
    states = []
    for name in FILES:
        path, shipped = own_file(name, data_dir), resource("law", f"{name}.toml")
        own_copy = path.is_file()
        problem = _own_read(name, path)[1] if own_copy else ""
        if not own_copy or problem:
            try:
                _shipped(name)
            except WorkstationError as exc:
                problem = "\n".join(filter(None, (problem, exc.message)))
        states.append({"name": name, "shipped": str(shipped), "own_file": str(path), "own_copy": own_copy,
                       "in_force": own_copy and not problem, "problem": problem})
    return states


def problems(data_dir: str | Path | None = None) -> list[str]:
    """What keeps a bureau's copy of a legal data file from being used (the shipped values are used in its place),
    one message naming the file, the line and the key for each; [] when every copy is in force. The window and the
    command line say them."""
    return [state["problem"] for state in file_states(data_dir) if state["own_copy"] and state["problem"]]


def _shipped(name: str) -> dict:
    kept = _PARSED.get(name)
    if kept is not None:
        return kept
    with _READING:
        if name not in _PARSED:  # else parsed meanwhile by the thread this one waited for
            _PARSED[name] = _parsed(name)
        return _PARSED[name]


def _parsed(name: str, own: Path | None = None) -> dict:
    """The parsed file, checked (``CHECKS``): the shipped one, or the bureau's copy at ``own``. WorkstationError
    naming the file, the line and what to do when it cannot be read, is not TOML or holds a value the program cannot
    use."""
    path = resource("law", f"{name}.toml") if own is None else own
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else _("the text is not UTF-8")
        if own is not None:
            raise WorkstationError(_bureau_end(_("The legal data file {file} cannot be read ({reason}).").format(
                file=path, reason=reason), name)) from None
        raise WorkstationError(_("The legal data file {file} cannot be read ({reason}); restore it from the "
                                 "installation.").format(file=path, reason=reason)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_reason(exc)
        raise _bad_file(path, line, reason, own=name if own is not None else None) from None
    check = CHECKS.get(name)
    if check is not None:
        check(_LawFile(path, text, own=name if own is not None else None), data)
    return data


def _bureau_end(said: str, name: str) -> str:
    """A bureau's copy's problem with what to do: correct the copy, or remove it."""
    return said + " " + _("Until it is corrected the values supplied with the program are used; correct the copy, or "
                          "remove it with `law reset {name}`.").format(name=name)


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


def _bad_file(path, line: int | None, problem: str, own: str | None = None) -> WorkstationError:
    if own is not None:  # the bureau's copy of the file ``own``: the shipped one is used meanwhile
        said = (_("The legal data file {file}: {problem}.").format(file=path, problem=problem) if line is None else
                _("The legal data file {file}, line {line}: {problem}.").format(file=path, line=line, problem=problem))
        return WorkstationError(_bureau_end(said, own))
    if line is None:
        return WorkstationError(_("The legal data file {file}: {problem}. Correct it, or restore the file from the "
                                  "installation (install the program again).").format(file=path, problem=problem))
    return WorkstationError(_("The legal data file {file}, line {line}: {problem}. Correct it, or restore the file "
                              "from the installation (install the program again).").format(
        file=path, line=line, problem=problem))


class _LawFile:
    """A legal data file being checked: its refusals name the file and, where it can be found, the line."""

    def __init__(self, path, text: str, own: str | None = None):
        self.path, self.text, self.own = path, text, own

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
        return _bad_file(self.path, self.line(key, header, index), problem, self.own)


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


def _value_problem(value: object, want: str) -> str | None:
    """What is wrong with ``value`` read as ``want`` — "count" (whole number ≥ 0), "positive" (whole number > 0),
    "text", "flag" (true/false), "texts" (list of texts), "date", "table" (of texts) — None when nothing is."""
    if want == "count" and not _is_count(value):
        return _("must be a whole number of 0 or more written without quotes, not {value}")
    if want == "positive" and not (_is_count(value) and value > 0):
        return _("must be a whole number above 0 written without quotes, not {value}")
    if want == "text" and not isinstance(value, str):
        return _("must be text in quotes, not {value}")
    if want == "flag" and not isinstance(value, bool):
        return _("must be true or false, not {value}")
    if want == "texts" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return _("must be a list of texts in quotes, such as [\"a\", \"b\"]")
    if want == "date" and not (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return _("must be a date written like 2021-07-15 without quotes, not {value}")
    if want == "table" and not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
        return _("must be a table of texts in quotes")
    return None


def _check_keys(file: _LawFile, section: object, shown: str, header: str | None, required: dict[str, str],
                optional: dict[str, str] | None = None, index: int = 0) -> dict:
    """``section`` (the table ``shown``, headed ``header``) holding each key of ``required`` and the keys of
    ``optional`` it has, each as its kind (``_value_problem``) wants; the refusal names ``shown.key``."""
    if not isinstance(section, dict):
        raise file.fail(_("the table {table} is missing").format(table=shown), shown.rsplit(".", 1)[-1], None)
    for key, want in {**required, **(optional or {})}.items():
        name = f"{shown}.{key}" if shown else key
        if key not in section:
            if key in required:
                raise file.fail(_("{key} is missing").format(key=name), key, header, index)
            continue
        problem = _value_problem(section[key], want)
        if problem is not None:
            raise file.fail(_("{key} {problem}").format(key=name, problem=problem.format(
                value=_shown(section[key]))), key, header, index)
    return section


def _check_texts(file: _LawFile, data: dict) -> None:
    """The [texts] (and [texts_en]) tables of explanation templates: texts in quotes."""
    _check_keys(file, data, "", None, {"texts": "table"}, {"texts_en": "table"})


def check_criminal(file: _LawFile, data: dict) -> None:
    """criminal.toml as ``criminal`` reads it: its amounts (fen), item numbers and years whole numbers of 0 or more,
    each category's threshold, the divisor and the multiple above 0, its lists and labels texts."""
    _check_keys(file, data, "", None, {
        "source": "text", "combined_item": "count", "gains_fen": "count", "gains_item": "count",
        "duty_divisor": "positive", "duty_item": "count", "especially_multiple": "positive", "prior_years": "count",
        "violations": "texts"}, {"effective_from": "date"})
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        raise file.fail(_("the table {table} is missing").format(table="[categories.…]"), "categories")
    for key, category in categories.items():
        header = f"[categories.{key}]"
        _check_keys(file, category, f"categories.{key}", header,
                    {"item": "count", "label": "text", "threshold": "positive"}, {"code": "text", "label_en": "text"})
    rule = _check_keys(file, data.get("lawful_business"), "lawful_business", "[lawful_business]",
                       {"label": "text", "profit_fen": "count", "categories": "texts"})
    for key in rule["categories"]:
        if key not in categories:
            raise file.fail(_("{key}: {value} is not a category of this file").format(
                key="lawful_business.categories", value=_shown(key)), "categories", "[lawful_business]")
    _check_texts(file, data)


#: the effects a circumstance of discretion.toml [[factors]] may have (``discretion.suggest`` …)
FACTOR_EFFECTS = ("must_not_penalise", "may_not_penalise", "must_lighter", "may_lighter", "must_heavier",
                  "limitation_five_years")


def check_discretion(file: _LawFile, data: dict) -> None:
    """discretion.toml as ``discretion`` and ``case_law`` read it: a style of [styles], tiers whose bands run from and
    to whole percentages 0–100 in order, circumstances with a known effect, the first-violation rule's years a whole
    number and its flags true or false."""
    _check_keys(file, data, "", None, {"style": "text", "tiers": "table"}, {"tiers_en": "table"})
    styles = data.get("styles")
    if not isinstance(styles, dict) or data["style"] not in styles:
        raise file.fail(_("{key}: {value} is not a style of [styles.…]").format(
            key="style", value=_shown(data["style"])), "style")
    for key, style in styles.items():
        header, shown = f"[styles.{key}]", f"styles.{key}"
        _check_keys(file, style, shown, header, {"base": "text"}, {"label": "text", "source": "text"})
        if style["base"] not in ("range", "max"):
            raise file.fail(_("{key} must be \"range\" or \"max\", not {value}").format(
                key=f"{shown}.base", value=_shown(style["base"])), "base", header)
        bands = style.get("bands")
        if not isinstance(bands, list) or not bands or not all(isinstance(b, dict) for b in bands):
            raise file.fail(_("{key} is missing").format(key=f"{shown}.bands"), "bands", header)
        for band in bands:
            _check_keys(file, band, f"{shown}.bands", header, {"tier": "text", "from": "count", "to": "count"})
            if band["tier"] not in data["tiers"]:
                raise file.fail(_("{key}: {value} is not a tier of [tiers]").format(
                    key=f"{shown}.bands.tier", value=_shown(band["tier"])), "bands", header)
            if not band["from"] <= band["to"] <= 100:
                raise file.fail(_("{key}: a band must run from a percentage to a larger one of at most 100, not "
                                  "{low} to {high}").format(key=f"{shown}.bands", low=band["from"], high=band["to"]),
                                "bands", header)
    factors = data.get("factors")
    if not isinstance(factors, list) or not all(isinstance(f, dict) for f in factors):
        raise file.fail(_("the circumstances must be written as [[factors]] tables"), "factors")
    for index, factor in enumerate(factors):
        _check_keys(file, factor, "factors", "[[factors]]",
                    {"key": "text", "text": "text", "effect": "text", "source": "text"},
                    {"text_en": "text", "unconfirmed": "flag"}, index)
        if factor["effect"] not in FACTOR_EFFECTS:
            raise file.fail(_("{key}: {value} is not an effect the program knows ({effects})").format(
                key=f"factors.{factor['key']}.effect", value=_shown(factor["effect"]),
                effects=", ".join(FACTOR_EFFECTS)), "effect", "[[factors]]", index)
    _check_keys(file, data.get("first_violation"), "first_violation", "[first_violation]",
                {"years": "count", "same_violation": "flag", "refuse": "flag"})
    _check_texts(file, data)


def check_catalogue(file: _LawFile, data: dict) -> None:
    """catalogue.toml as ``catalogue`` reads it: its instruments' ranks and dates, each norm's instrument, article,
    kind and penalty kinds, fines as whole amounts of fen, the violations' norms known to the file, its flags true or
    false."""
    _check_keys(file, data, "", None, {"levels": "texts", "penalty_kinds": "table", "conditions": "table"},
                {"penalty_kinds_en": "table"})
    _check_keys(file, data.get("kinds_of_other_norms"), "kinds_of_other_norms", "[kinds_of_other_norms]",
                {"allowed": "flag"}, {"unconfirmed": "text"})
    _check_keys(file, data.get("kinds_of_every_norm"), "kinds_of_every_norm", "[kinds_of_every_norm]",
                {"kinds": "texts"}, {"source": "text"})
    instruments = data.get("instruments")
    if not isinstance(instruments, dict) or not instruments:
        raise file.fail(_("the table {table} is missing").format(table="[instruments.…]"), "instruments")
    for key, instrument in instruments.items():
        _check_keys(file, instrument, f"instruments.{key}", f"[instruments.{key}]",
                    {"title": "text", "rank": "positive", "effective_from": "date", "source": "text"},
                    {"effective_to": "date", "version": "text"})
    norms = data.get("norms")
    if not isinstance(norms, list) or not norms or not all(isinstance(n, dict) for n in norms):
        raise file.fail(_("the norms must be written as [[norms]] tables"), "norms")
    ids = [n.get("id") for n in norms]
    kinds = set(data["penalty_kinds"])
    for index, norm in enumerate(norms):
        header = "[[norms]]"
        _check_keys(file, norm, "norms", header, {"id": "text", "instrument": "text", "article": "positive",
                                                  "kind": "text", "summary": "text"},
                    {"paragraph": "count", "item": "count", "effective_from": "date", "effective_to": "date",
                     "min_level": "text", "unconfirmed": "text", "penalties": "texts", "serious_penalties": "texts",
                     "measures": "texts", "penalty_as": "text", "mandatory": "texts"}, index)
        shown = f"norms.{norm['id']}"

        def fail(problem: str, key: str) -> WorkstationError:
            return file.fail(problem, key, header, index)  # noqa: B023 - used at once

        if ids.count(norm["id"]) > 1:
            raise fail(_("{key} is written twice").format(key=shown), "id")
        if norm["instrument"] not in instruments:
            raise fail(_("{key}: {value} is not an instrument of [instruments.…]").format(
                key=f"{shown}.instrument", value=_shown(norm["instrument"])), "instrument")
        if norm["kind"] not in ("duty", "penalty"):
            raise fail(_("{key} must be \"duty\" or \"penalty\", not {value}").format(
                key=f"{shown}.kind", value=_shown(norm["kind"])), "kind")
        if "min_level" in norm and norm["min_level"] not in data["levels"]:
            raise fail(_("{key}: {value} is not a level of levels").format(
                key=f"{shown}.min_level", value=_shown(norm["min_level"])), "min_level")
        if "penalty_as" in norm and norm["penalty_as"] not in ids:
            raise fail(_("{key}: {value} is not a norm of this file").format(
                key=f"{shown}.penalty_as", value=_shown(norm["penalty_as"])), "penalty_as")
        for key in ("penalties", "serious_penalties", "measures", "mandatory"):
            unknown = [k for k in norm.get(key, ()) if k not in kinds]
            if unknown:
                raise fail(_("{key}: {value} is not a kind of [penalty_kinds]").format(
                    key=f"{shown}.{key}", value=_shown(unknown[0])), key)
        # a kind imposed whenever the norm penalises is one it provides (case_law.mandatory_kinds)
        provided = set(norm.get("penalties", ())) | set(norm.get("serious_penalties", ()))
        not_provided = [k for k in norm.get("mandatory", ()) if k not in provided]
        if not_provided:
            raise fail(_("{key}: {value} is not one of the norm's penalties").format(
                key=f"{shown}.mandatory", value=_shown(not_provided[0])), "mandatory")
        fine = norm.get("fine")
        if fine is None:
            continue
        if not isinstance(fine, dict):
            raise fail(_("{key} must be a table").format(key=f"{shown}.fine"), "fine")
        for key, value in fine.items():
            name = f"{shown}.fine.{key}"
            if key in ("fixed_fen", "gains_multiple", "no_gains_fen"):
                if not (isinstance(value, list) and len(value) == 2 and all(_is_count(v) for v in value)
                        and value[0] <= value[1]):
                    raise fail(_("{key} must be two whole numbers of 0 or more, the smaller first, such as [0, 100], "
                                 "not {value}").format(key=name, value=_shown(value)), "fine")
            elif key in ("gains_cap_fen", "turnover_percent"):
                if not _is_count(value):
                    raise fail(_("{key} must be a whole number of 0 or more written without quotes, not {value}"
                                 ).format(key=name, value=_shown(value)), "fine")
            elif key == "condition":
                if value not in data["conditions"]:
                    raise fail(_("{key}: {value} is not a condition of [conditions]").format(
                        key=name, value=_shown(value)), "fine")
            else:
                raise fail(_("{key}: unknown key").format(key=name), "fine")
    violations = data.get("violations")
    if not isinstance(violations, dict):
        raise file.fail(_("the table {table} is missing").format(table="[violations.…]"), "violations")
    for key, violation in violations.items():
        header, shown = f"[violations.{key}]", f"violations.{key}"
        _check_keys(file, violation, shown, header, {}, {"duties": "texts", "penalties": "texts",
                                                        "rectification": "text"})
        groups = [(shown, header, violation)] + [
            (f"{shown}.when.{c}", f"[violations.{key}.when.{c}]", extra)
            for c, extra in (violation.get("when") or {}).items()]
        for group_shown, group_header, group in groups:
            _check_keys(file, group, group_shown, group_header, {}, {"duties": "texts", "penalties": "texts"})
            for list_key in ("duties", "penalties"):
                unknown = [i for i in group.get(list_key, ()) if i not in ids]
                if unknown:
                    raise file.fail(_("{key}: {value} is not a norm of this file").format(
                        key=f"{group_shown}.{list_key}", value=_shown(unknown[0])), list_key, group_header)
    _check_texts(file, data)


#: the checks of the files the program reads values from (``_parsed``), by name
CHECKS = {"clocks": check_clocks, "thresholds": check_thresholds, "criminal": check_criminal,
          "discretion": check_discretion, "catalogue": check_catalogue}


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
